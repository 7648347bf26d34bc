package e2e

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/streamotel/streamotel/internal/promtest"
)

// prometheusServer is a Prometheus running examples/prometheus' scrape
// configuration against one target, every second, on a free port.
type prometheusServer struct{ *promtest.Server }

func startPrometheus(t *testing.T, target string) *prometheusServer {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	example, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "examples", "prometheus", "prometheus.yml"))
	if err != nil {
		t.Fatal(err)
	}
	config := strings.NewReplacer("127.0.0.1:9464", target, "5s", "1s").Replace(string(example))
	if !strings.Contains(config, target) {
		t.Fatal("examples/prometheus/prometheus.yml no longer scrapes 127.0.0.1:9464")
	}
	return &prometheusServer{promtest.Start(t, promtest.Config{YAML: config})}
}

// query runs an instant query and returns the sum of the vector's values,
// and how many series it had.
func (p *prometheusServer) query(expr string) (float64, int, error) {
	samples, err := p.Query(expr)
	if err != nil {
		return 0, 0, err
	}
	var sum float64
	for _, s := range samples {
		sum += s.Value
	}
	return sum, len(samples), nil
}

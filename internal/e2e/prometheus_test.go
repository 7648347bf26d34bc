package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/streamotel/streamotel/internal/testtool"
)

// prometheusServer is a Prometheus running examples/prometheus' scrape
// configuration against one target, every second, on a free port.
type prometheusServer struct {
	t    *testing.T
	addr string
	dir  string
	proc *process
}

func startPrometheus(t *testing.T, target string) *prometheusServer {
	t.Helper()
	bin := testtool.Require(t, "prometheus")
	p := &prometheusServer{t: t, addr: "127.0.0.1:" + freePort(t), dir: t.TempDir()}
	_, file, _, _ := runtime.Caller(0)
	example, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "examples", "prometheus", "prometheus.yml"))
	if err != nil {
		t.Fatal(err)
	}
	config := strings.NewReplacer("127.0.0.1:9464", target, "5s", "1s").Replace(string(example))
	if !strings.Contains(config, target) {
		t.Fatal("examples/prometheus/prometheus.yml no longer scrapes 127.0.0.1:9464")
	}
	cfgPath := filepath.Join(p.dir, "prometheus.yml")
	if err := os.WriteFile(cfgPath, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	p.proc = startProcess(t, filepath.Join(p.dir, "prometheus.log"), bin,
		"--config.file="+cfgPath,
		"--storage.tsdb.path="+filepath.Join(p.dir, "data"),
		"--web.listen-address="+p.addr,
	)
	ready := func() bool {
		resp, err := http.Get("http://" + p.addr + "/-/ready")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
	if !waitFor(30*time.Second, func() bool { return p.proc.exited() || ready() }) || p.proc.exited() {
		b, _ := os.ReadFile(filepath.Join(p.dir, "prometheus.log"))
		t.Fatalf("prometheus did not start:\n%s", b)
	}
	return p
}

// query runs an instant query and returns the sum of the vector's values,
// and how many series it had.
func (p *prometheusServer) query(expr string) (float64, int, error) {
	resp, err := http.Get("http://" + p.addr + "/api/v1/query?query=" + url.QueryEscape(expr))
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	var body struct {
		Status string
		Error  string
		Data   struct {
			ResultType string
			Result     []struct {
				Metric map[string]string
				Value  [2]any
			}
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return 0, 0, err
	}
	if body.Status != "success" {
		return 0, 0, fmt.Errorf("query %s: %s", expr, body.Error)
	}
	var sum float64
	for _, r := range body.Data.Result {
		s, _ := r.Value[1].(string)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, 0, err
		}
		sum += v
	}
	return sum, len(body.Data.Result), nil
}

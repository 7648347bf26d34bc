package stdout

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// textEncoder writes one line per data point:
//
//	messaging.client.consumed.messages{messaging.destination.name=orders} 42 {message}
//	messaging.process.duration{...} count=10 sum=0.52 min=0.01 max=0.2 s
type textEncoder struct {
	mu sync.Mutex
	w  io.Writer
}

// Encode writes one export, a *metricdata.ResourceMetrics.
func (e *textEncoder) Encode(v any) error {
	rm, ok := v.(*metricdata.ResourceMetrics)
	if !ok {
		return fmt.Errorf("stdout: cannot encode %T", v)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	b := bufio.NewWriter(e.w)
	fmt.Fprintf(b, "# %s", time.Now().UTC().Format(time.RFC3339))
	if rm.Resource != nil {
		b.WriteByte(' ')
		writeSet(b, *rm.Resource.Set(), " ")
	}
	b.WriteByte('\n')
	var lines []string
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			// Series come in no particular order; sort them so that
			// successive exports line up.
			lines = appendMetric(lines[:0], m)
			slices.Sort(lines)
			for _, l := range lines {
				b.WriteString(l)
			}
		}
	}
	return b.Flush()
}

func appendMetric(lines []string, m metricdata.Metrics) []string {
	switch d := m.Data.(type) {
	case metricdata.Sum[int64]:
		lines = appendNumbers(lines, m, d.DataPoints)
	case metricdata.Sum[float64]:
		lines = appendNumbers(lines, m, d.DataPoints)
	case metricdata.Gauge[int64]:
		lines = appendNumbers(lines, m, d.DataPoints)
	case metricdata.Gauge[float64]:
		lines = appendNumbers(lines, m, d.DataPoints)
	case metricdata.Histogram[int64]:
		for _, p := range d.DataPoints {
			lines = append(lines, point(m, p.Attributes, summary(p.Count, float64(p.Sum), minMax(p.Min), minMax(p.Max))))
		}
	case metricdata.Histogram[float64]:
		for _, p := range d.DataPoints {
			lines = append(lines, point(m, p.Attributes, summary(p.Count, p.Sum, minMax(p.Min), minMax(p.Max))))
		}
	case metricdata.ExponentialHistogram[int64]:
		for _, p := range d.DataPoints {
			lines = append(lines, point(m, p.Attributes, summary(p.Count, float64(p.Sum), minMax(p.Min), minMax(p.Max))))
		}
	case metricdata.ExponentialHistogram[float64]:
		for _, p := range d.DataPoints {
			lines = append(lines, point(m, p.Attributes, summary(p.Count, p.Sum, minMax(p.Min), minMax(p.Max))))
		}
	default:
		lines = append(lines, fmt.Sprintf("%s %T\n", m.Name, m.Data))
	}
	return lines
}

// appendNumbers appends a line for each point of a sum or a gauge.
func appendNumbers[N int64 | float64](lines []string, m metricdata.Metrics, dps []metricdata.DataPoint[N]) []string {
	for _, p := range dps {
		v := formatFloat(float64(p.Value))
		if i, ok := any(p.Value).(int64); ok {
			v = strconv.FormatInt(i, 10)
		}
		lines = append(lines, point(m, p.Attributes, v))
	}
	return lines
}

func point(m metricdata.Metrics, attrs attribute.Set, value string) string {
	var b strings.Builder
	b.WriteString(m.Name)
	if attrs.Len() > 0 {
		b.WriteByte('{')
		writeSet(&b, attrs, ",")
		b.WriteByte('}')
	}
	b.WriteByte(' ')
	b.WriteString(value)
	if m.Unit != "" {
		b.WriteByte(' ')
		b.WriteString(m.Unit)
	}
	b.WriteByte('\n')
	return b.String()
}

func writeSet(b io.StringWriter, s attribute.Set, sep string) {
	for i, kv := range s.ToSlice() {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(string(kv.Key))
		b.WriteString("=")
		v := kv.Value.Emit()
		if needsQuote(v) {
			v = strconv.Quote(v)
		}
		b.WriteString(v)
	}
}

func needsQuote(s string) bool {
	if s == "" {
		return true
	}
	for _, r := range s {
		if r <= ' ' || r == ',' || r == '"' || r == '{' || r == '}' || r == '=' || r >= 0x7f {
			return true
		}
	}
	return false
}

func minMax[N int64 | float64](e metricdata.Extrema[N]) string {
	if v, ok := e.Value(); ok {
		return formatFloat(float64(v))
	}
	return ""
}

func summary(count uint64, sum float64, lo, hi string) string {
	s := "count=" + strconv.FormatUint(count, 10) + " sum=" + formatFloat(sum)
	if lo != "" {
		s += " min=" + lo + " max=" + hi
	}
	return s
}

func formatFloat(f float64) string {
	return strconv.FormatFloat(f, 'g', -1, 64)
}

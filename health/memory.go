package health

import "runtime/metrics"

// memoryReader reads the memory the Go runtime holds from the operating
// system, reusing its samples.
type memoryReader struct {
	samples []metrics.Sample
}

func (m *memoryReader) bytes() uint64 {
	if m.samples == nil {
		m.samples = []metrics.Sample{
			{Name: "/memory/classes/total:bytes"},
			{Name: "/memory/classes/heap/released:bytes"},
		}
	}
	metrics.Read(m.samples)
	var v [2]uint64
	for i, s := range m.samples {
		if s.Value.Kind() == metrics.KindUint64 {
			v[i] = s.Value.Uint64()
		}
	}
	return v[0] - min(v[1], v[0])
}

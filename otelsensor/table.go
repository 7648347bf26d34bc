package otelsensor

import (
	"context"
	"sync/atomic"

	"github.com/streamotel/streamotel/internal/series"
	"github.com/streamotel/streamotel/semconv"
)

// Table key operations (TableHook), as Faust's tables count them.

var _ TableHook = (*Monitor)(nil)

// table is the state of one table.
type table struct {
	name                string
	gets, sets, dels    atomic.Int64
	getOp, setOp, delOp opts
}

func (m *Monitor) initTables() {
	overflow := m.group.with(m.overflow)
	m.tables = newMap(m, func(name string) *table {
		t := &table{name: name}
		a := m.group.with(semconv.TableName.String(name))
		t.getOp = a.with(semconv.TableOperation.String(semconv.TableOperationGet))
		t.setOp = a.with(semconv.TableOperation.String(semconv.TableOperationSet))
		t.delOp = a.with(semconv.TableOperation.String(semconv.TableOperationDel))
		return t
	}, func() *table {
		return &table{name: OverflowName, getOp: overflow, setOp: overflow, delOp: overflow}
	}).WithClean(clean).WithFront(series.StringHint)
}

// OnTableGet counts a key read from the table.
func (m *Monitor) OnTableGet(ctx context.Context, table string) {
	if !m.closed.Load() {
		m.tables.Get(table).gets.Add(1)
	}
}

// OnTableSet counts a key written to the table.
func (m *Monitor) OnTableSet(ctx context.Context, table string) {
	if !m.closed.Load() {
		m.tables.Get(table).sets.Add(1)
	}
}

// OnTableDel counts a key deleted from the table.
func (m *Monitor) OnTableDel(ctx context.Context, table string) {
	if !m.closed.Load() {
		m.tables.Get(table).dels.Add(1)
	}
}

func (m *Monitor) observeTables(o observer) {
	m.tables.Each(func(t *table) {
		o.count(m.inst.tableOps, t.gets.Load(), t.getOp)
		o.count(m.inst.tableOps, t.sets.Load(), t.setOp)
		o.count(m.inst.tableOps, t.dels.Load(), t.delOp)
	})
}

func (m *Monitor) snapshotTables(s *Snapshot) {
	m.tables.Each(func(t *table) {
		ts := s.Tables[t.name]
		ts.KeysRetrieved += t.gets.Load()
		ts.KeysUpdated += t.sets.Load()
		ts.KeysDeleted += t.dels.Load()
		s.Tables[t.name] = ts
	})
}

package pgmicro

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"io"
	"math"
	"reflect"
	"strings"
	"time"
)

// rows reads the result of one statement.  The first row is fetched when the
// query starts, so that errors (and cancellations) surface from Query.
type rows struct {
	c       *conn
	s       *cstmt
	parent  *stmt // the prepared statement s belongs to; nil when rows own s
	w       watcher
	names   []string
	oids    []uint32
	kinds   []byte
	cells   []ccell
	text    bool // every value as PostgreSQL text (the conformance runner)
	pending bool // cells hold a row not yet returned
	done    bool
	closed  bool
	tag     string
}

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ driver.RowsColumnTypeScanType         = (*rows)(nil)
	_ driver.RowsColumnTypeNullable         = (*rows)(nil)
	_ driver.RowsColumnTypePrecisionScale   = (*rows)(nil)
	_ driver.RowsColumnTypeLength           = (*rows)(nil)
)

func startRows(ctx context.Context, c *conn, s *cstmt, parent *stmt, text bool) (driver.Rows, error) {
	r := &rows{c: c, s: s, parent: parent, text: text}
	if parent != nil && !text {
		r.oids, r.kinds, r.cells = parent.oids, parent.kinds, parent.cells
		if parent.names == nil {
			parent.names = r.Columns()
		}
		r.names = parent.names
		parent.dirty = true
	} else {
		r.oids, r.kinds, r.cells = columnMeta(s, text)
	}
	var b busyWait
	for {
		r.w = c.watch(ctx)
		rc := cStepFetch(s, r.kinds, r.cells)
		r.w.deadlineDone()
		if rc == rcRow {
			r.pending = true
			break
		}
		if rc == rcDone {
			r.finish()
			break
		}
		err := r.w.wrap(stmtError(s, rc))
		r.w.stop()
		if b.retry(ctx, c, err) {
			cReset(s)
			continue
		}
		if parent == nil {
			cFinalize(s)
		}
		return nil, err
	}
	if parent != nil {
		parent.busy = true
	}
	return r, nil
}

// columnMeta reads the column types of s and what to fetch for each.
func columnMeta(s *cstmt, text bool) (oids []uint32, kinds []byte, cells []ccell) {
	n := cColumnCount(s)
	oids, kinds, cells = make([]uint32, n), make([]byte, n), make([]ccell, n)
	for i := 0; i < n; i++ {
		oids[i] = cColumnType(s, i)
		kinds[i] = fetchKind(oids[i], text)
	}
	return oids, kinds, cells
}

func fetchKind(oid uint32, text bool) byte {
	if text {
		return kindText
	}
	switch oid {
	case oidBool, oidInt2, oidInt4, oidInt8, oidOid:
		return kindInt
	case oidFloat4, oidFloat8:
		return kindFloat
	case oidBytea:
		return kindBytes
	}
	return kindText
}

func (r *rows) finish() {
	r.done = true
	r.tag = cCommandTag(r.s)
	r.w.stop()
}

// Columns returns the column names.
func (r *rows) Columns() []string {
	if r.names == nil {
		r.names = make([]string, len(r.oids))
		for i := range r.names {
			r.names[i] = cColumnName(r.s, i)
		}
	}
	return r.names
}

// Close releases the statement (or resets the prepared one).
func (r *rows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	r.w.stop()
	if r.parent == nil {
		cFinalize(r.s)
	} else {
		p := r.parent
		p.busy = false
		if p.closed {
			cFinalize(r.s)
			p.s = nil
		} else if !r.done {
			cReset(r.s)
			p.dirty = false
		}
	}
	r.s = nil
	return nil
}

// Next fills dest with the next row.
func (r *rows) Next(dest []driver.Value) error {
	if r.closed {
		return io.EOF
	}
	if !r.pending {
		if r.done {
			return io.EOF
		}
		rc := cStepFetch(r.s, r.kinds, r.cells)
		switch rc {
		case rcRow:
		case rcDone:
			r.finish()
			return io.EOF
		default:
			err := r.w.wrap(stmtError(r.s, rc))
			r.done = true
			r.w.stop()
			return err
		}
	}
	r.pending = false
	for i := range dest {
		if i >= len(r.cells) {
			break
		}
		dest[i] = r.value(i)
	}
	return nil
}

func (r *rows) value(i int) driver.Value {
	c := &r.cells[i]
	if cellNull(c) {
		return nil
	}
	if r.text {
		return cellString(c)
	}
	oid := r.oids[i]
	switch oid {
	case oidBool:
		return cellInt(c) != 0
	case oidInt2, oidInt4, oidInt8, oidOid:
		return cellInt(c)
	case oidFloat4, oidFloat8:
		return cellFloat(c)
	case oidBytea:
		return cellBytes(c)
	case oidJSON, oidJSONB:
		return cellBytes(c)
	case oidDate, oidTimestamp, oidTimestamptz:
		s := cellString(c)
		if t, ok := parseTime(s, oid); ok {
			return t
		}
		return s // infinity, -infinity
	}
	return cellString(c)
}

// ---- column metadata ----

// ColumnTypeDatabaseTypeName is the PostgreSQL type name upper-cased, as
// pgx reports it: "INT4", "NUMERIC", "TIMESTAMPTZ", "_INT4".
func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	return strings.ToUpper(cColumnTypeName(r.s, i))
}

var (
	typeInt64   = reflect.TypeOf(int64(0))
	typeFloat64 = reflect.TypeOf(float64(0))
	typeBool    = reflect.TypeOf(false)
	typeString  = reflect.TypeOf("")
	typeBytes   = reflect.TypeOf([]byte(nil))
	typeTime    = reflect.TypeOf(time.Time{})
	typeRawJSON = reflect.TypeOf(json.RawMessage(nil))
)

// ColumnTypeScanType is the Go type Next produces for the column.
func (r *rows) ColumnTypeScanType(i int) reflect.Type {
	switch r.oids[i] {
	case oidBool:
		return typeBool
	case oidInt2, oidInt4, oidInt8, oidOid:
		return typeInt64
	case oidFloat4, oidFloat8:
		return typeFloat64
	case oidBytea:
		return typeBytes
	case oidJSON, oidJSONB:
		return typeRawJSON
	case oidDate, oidTimestamp, oidTimestamptz:
		return typeTime
	}
	return typeString
}

// ColumnTypeNullable: the engine does not report nullability (ok = false).
func (r *rows) ColumnTypeNullable(i int) (nullable, ok bool) { return true, false }

// ColumnTypePrecisionScale reports numeric(p,s); an unconstrained numeric
// reports math.MaxInt64 for both, as pgx does.
func (r *rows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	if r.oids[i] != oidNumeric {
		return 0, 0, false
	}
	mod := cColumnTypmod(r.s, i)
	if mod < 4 {
		return math.MaxInt64, math.MaxInt64, true
	}
	mod -= 4
	p := int64((mod >> 16) & 0xffff)
	s := int64(((mod & 0x7ff) ^ 1024) - 1024)
	return p, s, true
}

// ColumnTypeLength reports varchar(n)/char(n) lengths; text and bytea are
// unbounded (math.MaxInt64).
func (r *rows) ColumnTypeLength(i int) (length int64, ok bool) {
	switch r.oids[i] {
	case oidVarchar, oidBpchar:
		mod := cColumnTypmod(r.s, i)
		if mod < 4 {
			return math.MaxInt64, true
		}
		return int64(mod - 4), true
	case oidText, oidBytea, oidJSON, oidJSONB:
		return math.MaxInt64, true
	}
	return 0, false
}

// emptyRows is the result of a text without statement.
type emptyRows struct{}

func (emptyRows) Columns() []string              { return nil }
func (emptyRows) Close() error                   { return nil }
func (emptyRows) Next(dest []driver.Value) error { return io.EOF }

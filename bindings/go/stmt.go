package pgmicro

import (
	"context"
	"database/sql/driver"
)

// stmt is a prepared statement (pgm_stmt).
type stmt struct {
	c      *conn
	s      *cstmt // nil for a text without statement
	query  string
	nin    int
	busy   bool // rows are open on s
	dirty  bool // s has run and must be reset before it runs again
	closed bool
	// Column metadata, read once.
	names []string
	oids  []uint32
	kinds []byte
	cells []ccell
}

var (
	_ driver.Stmt              = (*stmt)(nil)
	_ driver.StmtExecContext   = (*stmt)(nil)
	_ driver.StmtQueryContext  = (*stmt)(nil)
	_ driver.NamedValueChecker = (*stmt)(nil)
)

func newStmt(c *conn, s *cstmt, query string) *stmt {
	st := &stmt{c: c, s: s, query: query}
	if s != nil {
		st.nin = cParamCount(s)
		st.oids, st.kinds, st.cells = columnMeta(s, false)
	}
	return st
}

// Close finalizes the statement (later, if rows are still open on it).
func (s *stmt) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	if !s.busy && s.s != nil {
		cFinalize(s.s)
		s.s = nil
	}
	return nil
}

// NumInput is the number of $n parameters.
func (s *stmt) NumInput() int { return s.nin }

// CheckNamedValue accepts the Go types the driver binds natively.
func (s *stmt) CheckNamedValue(nv *driver.NamedValue) error { return checkNamedValue(nv) }

func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), valuesToNamed(args))
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), valuesToNamed(args))
}

// ExecContext runs the statement to its end.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if s.c.closed {
		return nil, driver.ErrBadConn
	}
	if s.s == nil {
		return driver.ResultNoRows, nil
	}
	if s.busy {
		// Rows are still open on this statement: run a second copy.
		st, err := s.c.prepareOne(s.query)
		if err != nil {
			return nil, err
		}
		defer cFinalize(st)
		return s.c.exec(ctx, st, args)
	}
	s.rewind()
	s.dirty = true
	return s.c.exec(ctx, s.s, args)
}

// rewind makes s ready to run again.  Binding a parameter resets the
// statement by itself, so only a statement without parameters needs it.
func (s *stmt) rewind() {
	if s.dirty && s.nin == 0 {
		cReset(s.s)
	}
	s.dirty = false
}

// QueryContext runs the statement and returns its rows.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if s.c.closed {
		return nil, driver.ErrBadConn
	}
	if s.s == nil {
		return emptyRows{}, nil
	}
	if s.busy {
		st, err := s.c.prepareOne(s.query)
		if err != nil {
			return nil, err
		}
		if err := bindArgs(st, args); err != nil {
			cFinalize(st)
			return nil, err
		}
		return startRows(ctx, s.c, st, nil, false)
	}
	s.rewind()
	if err := bindArgs(s.s, args); err != nil {
		return nil, err
	}
	return startRows(ctx, s.c, s.s, s, false)
}

func valuesToNamed(args []driver.Value) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nv
}

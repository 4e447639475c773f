package pgmicro

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"
)

// DriverName is the name this package registers with database/sql.
const DriverName = "pgmicro"

func init() {
	sql.Register(DriverName, &Driver{})
}

// Driver is the database/sql driver.  It is registered as "pgmicro"; use
// sql.Open("pgmicro", dsn) or sql.OpenDB(connector).
type Driver struct{}

var (
	_ driver.Driver        = (*Driver)(nil)
	_ driver.DriverContext = (*Driver)(nil)
)

// Open opens a new connection (database/sql calls it; prefer sql.Open).
func (d *Driver) Open(dsn string) (driver.Conn, error) {
	c, err := d.OpenConnector(dsn)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

// OpenConnector parses dsn once for every connection of a pool.
func (d *Driver) OpenConnector(dsn string) (driver.Connector, error) {
	return NewConnector(dsn)
}

// Connector opens connections to one database; use it with sql.OpenDB.
type Connector struct {
	cfg *config
	drv *Driver
}

var _ driver.Connector = (*Connector)(nil)

// NewConnector parses dsn (see the package documentation for its form) and
// returns a connector for sql.OpenDB.
func NewConnector(dsn string) (*Connector, error) {
	cfg, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	return &Connector{cfg: cfg, drv: &Driver{}}, nil
}

// Driver returns the underlying Driver.
func (c *Connector) Driver() driver.Driver { return c.drv }

// Connect opens one connection.
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) {
	if v := cABIVersion(); v != abiVersion {
		return nil, fmt.Errorf("pgmicro: engine ABI version %d, this package needs %d", v, abiVersion)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cfg := c.cfg
	db, err := cOpen(cfg.path, cfg.flags)
	if err != nil {
		return nil, err
	}
	cn := &conn{db: db, cfg: cfg}
	cSetBusyTimeout(db, cfg.busyTimeout)
	if cfg.statementTimeout > 0 {
		cSetStatementTimeout(db, cfg.statementTimeout)
	}
	if cfg.journalMode != "" {
		cSetDialect(db, dialectSQLite)
		err := cExec(db, "PRAGMA journal_mode="+cfg.journalMode)
		cSetDialect(db, cfg.dialect)
		if err != nil {
			cClose(db)
			return nil, fmt.Errorf("pgmicro: setting journal_mode=%s: %w", cfg.journalMode, err)
		}
	}
	return cn, nil
}

// conn is one engine connection (a pgm_db).  database/sql hands it to one
// goroutine at a time; only the context watcher calls into it from another
// goroutine, and only pgm_interrupt.
type conn struct {
	db     *cdb
	cfg    *config
	closed bool
	tx     *tx // the driver transaction in progress, or nil
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
	_ driver.NamedValueChecker  = (*conn)(nil)
)

// Close closes the connection; an open transaction is rolled back.
func (c *conn) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	cClose(c.db)
	return nil
}

// Prepare prepares one statement.
func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext prepares one statement; $1..$n are its parameters.
func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if c.closed {
		return nil, driver.ErrBadConn
	}
	st, err := c.prepareOne(query)
	if err != nil {
		return nil, err
	}
	return newStmt(c, st, query), nil
}

// prepareOne prepares query, which must hold at most one statement (nil
// when it holds none).
func (c *conn) prepareOne(query string) (*cstmt, error) {
	var b busyWait
	st, rest, err := cPrepare(c.db, query)
	for err != nil && b.retry(context.Background(), c, err) {
		st, rest, err = cPrepare(c.db, query)
	}
	if err != nil {
		return nil, err
	}
	if st != nil && rest != "" && !onlyBlanks(rest) {
		st2, _, err2 := cPrepare(c.db, rest)
		if st2 != nil || err2 != nil {
			cFinalize(st2)
			cFinalize(st)
			return nil, newError("42601", "cannot insert multiple commands into a prepared statement")
		}
	}
	return st, nil
}

// ExecContext runs query.  Without arguments the text may hold several
// statements, run in order (the result is the last one's); with arguments
// it must be one statement.
func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if c.closed {
		return nil, driver.ErrBadConn
	}
	if len(args) > 0 {
		st, err := c.prepareOne(query)
		if err != nil {
			return nil, err
		}
		if st == nil {
			return driver.ResultNoRows, nil
		}
		defer cFinalize(st)
		if err := checkArgCount(st, len(args)); err != nil {
			return nil, err
		}
		return c.exec(ctx, st, args)
	}
	var res driver.Result = driver.ResultNoRows
	rest := query
	for rest != "" {
		var b busyWait
		st, r, err := cPrepare(c.db, rest)
		for err != nil && b.retry(ctx, c, err) {
			st, r, err = cPrepare(c.db, rest)
		}
		if err != nil {
			return nil, err
		}
		if st == nil {
			break
		}
		err = checkArgCount(st, 0)
		if err == nil {
			res, err = c.exec(ctx, st, nil)
		}
		cFinalize(st)
		if err != nil {
			return nil, err
		}
		rest = r
	}
	return res, nil
}

// exec binds args and runs st to its end.
func (c *conn) exec(ctx context.Context, st *cstmt, args []driver.NamedValue) (driver.Result, error) {
	if err := bindArgs(st, args); err != nil {
		return nil, err
	}
	var b busyWait
	for {
		w := c.watch(ctx)
		var rc = cStep(st)
		w.deadlineDone()
		for rc == rcRow {
			rc = cStep(st)
		}
		w.stop()
		if rc == rcDone {
			return driver.RowsAffected(cChanges(st)), nil
		}
		err := w.wrap(stmtError(st, rc))
		if !b.retry(ctx, c, err) {
			return nil, err
		}
		cReset(st)
	}
}

// busyWait retries a statement that found the database locked (55P03)
// outside a transaction block, until the busy timeout.  SQLite's busy
// handler already waits for file locks; the table locks of a shared-cache
// in-memory database (cache=shared) fail at once, so the wait is done here.
// An autocommit statement that failed this way changed nothing, so running
// it again is safe; inside a transaction block the error stands (the block
// has failed).
type busyWait struct {
	start time.Time
	n     int
}

func (b *busyWait) retry(ctx context.Context, c *conn, err error) bool {
	pe, ok := err.(*Error)
	if !ok || pe.Code != "55P03" || cTxStatus(c.db) != 'I' {
		return false
	}
	if b.start.IsZero() {
		b.start = time.Now()
	}
	if time.Since(b.start) >= time.Duration(c.cfg.busyTimeout)*time.Millisecond {
		return false
	}
	d := time.Duration(1<<min(b.n, 4)) * time.Millisecond // 1, 2, 4, 8, 16 ms
	b.n++
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// QueryContext runs one statement and returns its rows.
func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.query(ctx, query, args, false)
}

func (c *conn) query(ctx context.Context, query string, args []driver.NamedValue, text bool) (driver.Rows, error) {
	if c.closed {
		return nil, driver.ErrBadConn
	}
	st, err := c.prepareOne(query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return emptyRows{}, nil
	}
	err = checkArgCount(st, len(args))
	if err == nil {
		err = bindArgs(st, args)
	}
	if err != nil {
		cFinalize(st)
		return nil, err
	}
	return startRows(ctx, c, st, nil, text)
}

// checkArgCount refuses a call whose argument count differs from the
// statement's parameters, as PostgreSQL refuses such a Bind message.
func checkArgCount(st *cstmt, n int) error {
	if want := cParamCount(st); want != n {
		return newError("08P01", fmt.Sprintf("bind message supplies %d parameters, but prepared statement \"\" requires %d", n, want))
	}
	return nil
}

// Ping reports whether the connection is usable.
func (c *conn) Ping(ctx context.Context) error {
	if c.closed {
		return driver.ErrBadConn
	}
	return nil
}

// IsValid tells database/sql whether the connection may go back to the pool.
func (c *conn) IsValid() bool { return !c.closed }

// ResetSession runs before a pooled connection is reused: a transaction left
// open with a plain BEGIN is rolled back and the DSN's dialect restored.
func (c *conn) ResetSession(ctx context.Context) error {
	if c.closed {
		return driver.ErrBadConn
	}
	if c.tx == nil && cTxStatus(c.db) != 'I' {
		if err := cExec(c.db, "ROLLBACK"); err != nil {
			return driver.ErrBadConn
		}
	}
	cSetDialect(c.db, c.cfg.dialect)
	return nil
}

// Begin starts a transaction.
func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// BeginTx starts a transaction.  pgmicro transactions are serializable:
// sql.LevelDefault and sql.LevelSerializable are accepted, other levels are
// refused.  Read-only transactions are refused (the engine has none).
func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if c.closed {
		return nil, driver.ErrBadConn
	}
	switch sql.IsolationLevel(opts.Isolation) {
	case sql.LevelDefault, sql.LevelSerializable:
	default:
		return nil, fmt.Errorf("pgmicro: isolation level %v is not supported: transactions are serializable (use sql.LevelDefault or sql.LevelSerializable)", sql.IsolationLevel(opts.Isolation))
	}
	if opts.ReadOnly {
		return nil, fmt.Errorf("pgmicro: read-only transactions are not supported by the engine")
	}
	if c.tx != nil || cTxStatus(c.db) != 'I' {
		return nil, newError("25001", "there is already a transaction in progress")
	}
	if _, err := c.simple(ctx, "BEGIN"); err != nil {
		return nil, err
	}
	c.tx = &tx{c: c}
	return c.tx, nil
}

// simple runs one statement without arguments and returns its tag.
func (c *conn) simple(ctx context.Context, query string) (string, error) {
	st, _, err := cPrepare(c.db, query)
	if err != nil {
		return "", err
	}
	defer cFinalize(st)
	if _, err := c.exec(ctx, st, nil); err != nil {
		return "", err
	}
	return cCommandTag(st), nil
}

// CheckNamedValue accepts the Go types the driver binds natively.
func (c *conn) CheckNamedValue(nv *driver.NamedValue) error { return checkNamedValue(nv) }

type tx struct{ c *conn }

func (t *tx) Commit() error {
	c := t.c
	c.tx = nil
	if c.closed {
		return driver.ErrBadConn
	}
	tag, err := c.simple(context.Background(), "COMMIT")
	if err != nil {
		return err
	}
	if tag == "ROLLBACK" {
		return ErrTxCommitRollback
	}
	return nil
}

func (t *tx) Rollback() error {
	c := t.c
	c.tx = nil
	if c.closed {
		return driver.ErrBadConn
	}
	if cTxStatus(c.db) == 'I' {
		return nil
	}
	_, err := c.simple(context.Background(), "ROLLBACK")
	return err
}

// ---- context: cancellation and deadlines ----

// watcher stops the statement running on a connection when its context
// ends: a goroutine waits for ctx.Done() and calls pgm_interrupt (the one
// call allowed from another goroutine), and a deadline also becomes the
// engine's statement timeout for the statement.
type watcher struct {
	c        *conn
	ctx      context.Context
	quit     chan struct{}
	finished chan struct{}
	timeout  bool // statement timeout changed for this statement
}

func (c *conn) watch(ctx context.Context) watcher {
	w := watcher{c: c, ctx: ctx}
	done := ctx.Done()
	if done == nil {
		return w
	}
	if dl, ok := ctx.Deadline(); ok {
		ms := int64(time.Until(dl)/time.Millisecond) + 1
		if ms < 1 {
			ms = 1
		}
		if c.cfg.statementTimeout == 0 || ms < c.cfg.statementTimeout {
			cSetStatementTimeout(c.db, ms)
			w.timeout = true
		}
	}
	quit := make(chan struct{})
	finished := make(chan struct{})
	w.quit, w.finished = quit, finished
	go func() {
		defer close(finished)
		select {
		case <-done:
		case <-quit:
			return
		}
		// Interrupt until the statement has noticed: a request that lands
		// just before the engine starts the statement is cleared by it.
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			cInterrupt(c.db)
			select {
			case <-quit:
				return
			case <-t.C:
			}
		}
	}()
	return w
}

// deadlineDone restores the DSN's statement timeout once the statement has
// started (the engine reads it when a statement starts).
func (w *watcher) deadlineDone() {
	if w.timeout {
		cSetStatementTimeout(w.c.db, w.c.cfg.statementTimeout)
		w.timeout = false
	}
}

// stop ends the watch; afterwards no interrupt reaches the connection.
func (w *watcher) stop() {
	w.deadlineDone()
	if w.quit != nil {
		close(w.quit)
		<-w.finished
		w.quit = nil
	}
}

// wrap attaches the context's error to a cancellation caused by it.
func (w *watcher) wrap(err error) error {
	pe, ok := err.(*Error)
	if !ok || pe.Code != "57014" {
		return err
	}
	if cerr := w.ctx.Err(); cerr != nil {
		pe.cause = cerr
	} else if dl, ok := w.ctx.Deadline(); ok && !time.Now().Before(dl) {
		pe.cause = context.DeadlineExceeded
	}
	return err
}

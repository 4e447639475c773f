package pgmicro_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	pgmicro "pgmicro.dev/go"
)

func openDB(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgmicro", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// memDB is an in-memory database shared by every connection of the pool.
func memDB(t testing.TB) *sql.DB {
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	return openDB(t, "file:"+name+"?mode=memory&cache=shared")
}

func mustExec(t testing.TB, db interface {
	Exec(string, ...any) (sql.Result, error)
}, q string, args ...any) sql.Result {
	t.Helper()
	r, err := db.Exec(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return r
}

func sqlState(err error) string {
	var pe *pgmicro.Error
	if errors.As(err, &pe) {
		return pe.SQLState()
	}
	return ""
}

func TestScanTypes(t *testing.T) {
	db := openDB(t, ":memory:")
	db.SetMaxOpenConns(1)
	row := db.QueryRow(`SELECT 7::int2, 42::int4, 9000000000::int8, 1.5::float8, true, 'hé'::text,
		'\x00ff'::bytea, 12.340::numeric(10,3), '2024-02-29'::date,
		'2024-01-02 03:04:05.123456'::timestamp, '2024-01-02 03:04:05+02'::timestamptz,
		'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, '{"b":1,"a":[2]}'::jsonb, NULL::text`)
	var (
		i2, i4, i8 int64
		f          float64
		b          bool
		s          string
		by         []byte
		num        pgmicro.Numeric
		d, ts, tz  time.Time
		u          pgmicro.UUID
		js         json.RawMessage
		null       sql.NullString
	)
	if err := row.Scan(&i2, &i4, &i8, &f, &b, &s, &by, &num, &d, &ts, &tz, &u, &js, &null); err != nil {
		t.Fatal(err)
	}
	if i2 != 7 || i4 != 42 || i8 != 9000000000 || f != 1.5 || !b || s != "hé" {
		t.Errorf("scalars: %v %v %v %v %v %q", i2, i4, i8, f, b, s)
	}
	if !reflect.DeepEqual(by, []byte{0, 0xff}) {
		t.Errorf("bytea: %v", by)
	}
	if num != "12.340" {
		t.Errorf("numeric: %q", num)
	}
	if r, ok := num.Rat(); !ok || r.FloatString(3) != "12.340" {
		t.Errorf("numeric rat: %v", r)
	}
	if !d.Equal(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date: %v", d)
	}
	if !ts.Equal(time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC)) || ts.Location() != time.UTC {
		t.Errorf("timestamp: %v", ts)
	}
	if !tz.Equal(time.Date(2024, 1, 2, 1, 4, 5, 0, time.UTC)) {
		t.Errorf("timestamptz: %v", tz)
	}
	if u.String() != "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" {
		t.Errorf("uuid: %v", u)
	}
	if string(js) != `{"a": [2], "b": 1}` {
		t.Errorf("jsonb: %s", js)
	}
	if null.Valid {
		t.Errorf("null: %v", null)
	}
}

func TestBindTypes(t *testing.T) {
	db := openDB(t, ":memory:")
	db.SetMaxOpenConns(1)
	mustExec(t, db, `CREATE TABLE t (i int, b bigint, f float8, ok bool, s text, by bytea, n numeric(10,2),
		d date, ts timestamp, tz timestamptz, u uuid, j jsonb)`)
	zone := time.FixedZone("x", 2*3600)
	at := time.Date(2024, 1, 2, 3, 4, 5, 500000000, zone)
	u, _ := pgmicro.ParseUUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
	mustExec(t, db, `INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		int32(5), int64(1)<<40, float32(0.5), true, "x'y", []byte{1, 2}, pgmicro.Numeric("3.14159"),
		at, at, at, u, pgmicro.JSON{V: map[string]int{"k": 1}})
	var text string
	err := db.QueryRow(`SELECT i::text || ' ' || b || ' ' || f || ' ' || ok || ' ' || s || ' ' || by::text || ' ' || n || ' ' ||
		d || ' ' || ts || ' ' || tz || ' ' || u || ' ' || j::text FROM t`).Scan(&text)
	if err != nil {
		t.Fatal(err)
	}
	want := `5 1099511627776 0.5 true x'y \x0102 3.14 2024-01-02 2024-01-02 03:04:05.5 2024-01-02 01:04:05.5+00 a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 {"k": 1}`
	if text != want {
		t.Errorf("got  %s\nwant %s", text, want)
	}
	// [16]byte and json.RawMessage parameters; NULL from nil and a nil pointer.
	var got string
	if err := db.QueryRow(`SELECT $1::uuid::text || ' ' || (($2::jsonb)->>'a')`, [16]byte(u), json.RawMessage(`{"a":"z"}`)).Scan(&got); err != nil || got != "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 z" {
		t.Errorf("uuid/json params: %q %v", got, err)
	}
	var np *int
	var isNull bool
	if err := db.QueryRow(`SELECT $1::int IS NULL`, np).Scan(&isNull); err != nil || !isNull {
		t.Errorf("nil pointer: %v %v", isNull, err)
	}
	// Typed text of any type.
	var iv string
	if err := db.QueryRow(`SELECT ($1::interval * 2)::text`, pgmicro.TypedText{Type: "interval", Text: "1 day 2 hours"}).Scan(&iv); err != nil || iv != "2 days 04:00:00" {
		t.Errorf("interval: %q %v", iv, err)
	}
	// Arrays are refused clearly.
	_, err = db.Exec(`SELECT $1`, []int64{1, 2})
	if err == nil || !strings.Contains(err.Error(), "array") {
		t.Errorf("array parameter: %v", err)
	}
	// Named parameters are refused.
	_, err = db.Exec(`SELECT $1`, sql.Named("x", 1))
	if err == nil || !strings.Contains(err.Error(), "$1") {
		t.Errorf("named parameter: %v", err)
	}
	// A bad value for the inferred type is a 22P02.
	_, err = db.Exec(`SELECT $1::int`, "abc")
	if sqlState(err) != "22P02" {
		t.Errorf("bad int text: %v", err)
	}
}

func TestTimeRoundTrip(t *testing.T) {
	db := openDB(t, ":memory:")
	db.SetMaxOpenConns(1)
	for _, tm := range []time.Time{
		time.Date(2024, 6, 1, 12, 0, 0, 123456000, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 0, time.FixedZone("", -5*3600-30*60)),
		time.Date(-43, 3, 15, 0, 0, 0, 0, time.UTC), // 44 BC
		time.Date(12345, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		var got time.Time
		if err := db.QueryRow(`SELECT $1::timestamptz`, tm).Scan(&got); err != nil {
			t.Errorf("%v: %v", tm, err)
			continue
		}
		if !got.Equal(tm) || got.Location() != time.UTC {
			t.Errorf("timestamptz round trip: sent %v, got %v", tm, got)
		}
	}
	var inf string
	if err := db.QueryRow(`SELECT 'infinity'::timestamptz`).Scan(&inf); err != nil || inf != "infinity" {
		t.Errorf("infinity: %q %v", inf, err)
	}
}

func TestColumnTypes(t *testing.T) {
	db := openDB(t, ":memory:")
	db.SetMaxOpenConns(1)
	mustExec(t, db, `CREATE TABLE t (a int4, b numeric(10,2), c numeric, d varchar(20), e text, f timestamptz, g jsonb)`)
	rows, err := db.Query(`SELECT * FROM t`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"INT4", "NUMERIC", "NUMERIC", "VARCHAR", "TEXT", "TIMESTAMPTZ", "JSONB"}
	scan := []reflect.Type{reflect.TypeOf(int64(0)), reflect.TypeOf(""), reflect.TypeOf(""), reflect.TypeOf(""),
		reflect.TypeOf(""), reflect.TypeOf(time.Time{}), reflect.TypeOf(json.RawMessage(nil))}
	for i, ct := range cts {
		if ct.DatabaseTypeName() != names[i] {
			t.Errorf("column %d: type name %s, want %s", i, ct.DatabaseTypeName(), names[i])
		}
		if ct.ScanType() != scan[i] {
			t.Errorf("column %d: scan type %v, want %v", i, ct.ScanType(), scan[i])
		}
	}
	if p, s, ok := cts[1].DecimalSize(); !ok || p != 10 || s != 2 {
		t.Errorf("numeric(10,2): %d %d %v", p, s, ok)
	}
	if p, s, ok := cts[2].DecimalSize(); !ok || p != math.MaxInt64 || s != math.MaxInt64 {
		t.Errorf("numeric: %d %d %v", p, s, ok)
	}
	if _, _, ok := cts[0].DecimalSize(); ok {
		t.Errorf("int4 has no decimal size")
	}
	if n, ok := cts[3].Length(); !ok || n != 20 {
		t.Errorf("varchar(20) length %d %v", n, ok)
	}
	if n, ok := cts[4].Length(); !ok || n != math.MaxInt64 {
		t.Errorf("text length %d %v", n, ok)
	}
	if _, ok := cts[0].Nullable(); ok {
		t.Errorf("nullability is not known")
	}
}

func TestErrors(t *testing.T) {
	db := openDB(t, ":memory:")
	db.SetMaxOpenConns(1)
	mustExec(t, db, `CREATE TABLE t (id int PRIMARY KEY)`)
	mustExec(t, db, `INSERT INTO t VALUES (1)`)
	_, err := db.Exec(`INSERT INTO t VALUES (1)`)
	var pe *pgmicro.Error
	if !errors.As(err, &pe) || pe.SQLState() != "23505" || !strings.Contains(pe.Message, "duplicate key") {
		t.Fatalf("unique violation: %#v", err)
	}
	if !strings.HasPrefix(err.Error(), "ERROR: duplicate key") || !strings.HasSuffix(err.Error(), "(SQLSTATE 23505)") {
		t.Errorf("Error(): %s", err)
	}
	_, err = db.Query(`SELEC 1`)
	if !errors.As(err, &pe) || pe.Code != "42601" || pe.Position != 1 {
		t.Errorf("syntax error: %#v", err)
	}
	_, err = db.Query(`SELECT * FROM missing`)
	if sqlState(err) != "42P01" {
		t.Errorf("missing table: %v", err)
	}
	_, err = db.Query(`SELECT 1; SELECT 2`)
	if sqlState(err) != "42601" {
		t.Errorf("two statements in Query: %v", err)
	}
	if errors.Is(err, driver.ErrBadConn) {
		t.Errorf("SQL errors are not bad connections")
	}
	// The connection is still good.
	var one int
	if err := db.QueryRow(`SELECT 1`).Scan(&one); err != nil || one != 1 {
		t.Errorf("after errors: %v", err)
	}
}

func TestExecMultiStatementAndResult(t *testing.T) {
	db := openDB(t, ":memory:")
	db.SetMaxOpenConns(1)
	mustExec(t, db, `CREATE TABLE t (id int, v text); INSERT INTO t VALUES (1, 'a'), (2, 'b'); -- done`)
	r := mustExec(t, db, `UPDATE t SET v = $1 WHERE id >= $2`, "z", 1)
	if n, _ := r.RowsAffected(); n != 2 {
		t.Errorf("rows affected %d", n)
	}
	if _, err := r.LastInsertId(); err == nil {
		t.Errorf("LastInsertId should be refused (use RETURNING)")
	}
	var id int
	if err := db.QueryRow(`INSERT INTO t VALUES (3, 'c') RETURNING id`).Scan(&id); err != nil || id != 3 {
		t.Errorf("returning: %d %v", id, err)
	}
	if _, err := db.Exec(`SELECT $1; SELECT 2`, 1); sqlState(err) != "42601" {
		t.Errorf("multi-statement with args: %v", err)
	}
	if _, err := db.Exec(`SELECT $1::int`); sqlState(err) != "08P01" {
		t.Errorf("missing argument: %v", err)
	}
	if _, err := db.Query(`SELECT 1`, 2); sqlState(err) != "08P01" {
		t.Errorf("extra argument: %v", err)
	}
	if _, err := db.Exec(`  -- nothing`); err != nil {
		t.Errorf("empty exec: %v", err)
	}
}

func TestPreparedStatementReuse(t *testing.T) {
	db := memDB(t)
	mustExec(t, db, `CREATE TABLE t (id int, v text)`)
	ins, err := db.Prepare(`INSERT INTO t VALUES ($1, $2)`)
	if err != nil {
		t.Fatal(err)
	}
	defer ins.Close()
	for i := 0; i < 100; i++ {
		if _, err := ins.Exec(i, fmt.Sprint("v", i)); err != nil {
			t.Fatal(err)
		}
	}
	sel, err := db.Prepare(`SELECT v FROM t WHERE id = $1`)
	if err != nil {
		t.Fatal(err)
	}
	defer sel.Close()
	for i := 0; i < 100; i += 7 {
		var v string
		if err := sel.QueryRow(i).Scan(&v); err != nil || v != fmt.Sprint("v", i) {
			t.Fatalf("%d: %q %v", i, v, err)
		}
	}
	// Two open result sets of one statement in one transaction.
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	st := tx.Stmt(sel)
	r1, err := st.Query(1)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := st.Query(2)
	if err != nil {
		t.Fatal(err)
	}
	var a, b string
	r1.Next()
	r2.Next()
	if err := r1.Scan(&a); err != nil {
		t.Fatal(err)
	}
	if err := r2.Scan(&b); err != nil {
		t.Fatal(err)
	}
	r1.Close()
	r2.Close()
	if a != "v1" || b != "v2" {
		t.Errorf("interleaved: %q %q", a, b)
	}
}

func TestTransactions(t *testing.T) {
	db := openDB(t, ":memory:")
	db.SetMaxOpenConns(1)
	mustExec(t, db, `CREATE TABLE t (id int PRIMARY KEY)`)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, `INSERT INTO t VALUES (1)`)
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	tx, _ = db.BeginTx(context.Background(), &sql.TxOptions{Isolation: sql.LevelSerializable})
	mustExec(t, tx, `INSERT INTO t VALUES (2)`)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var n int
	db.QueryRow(`SELECT count(*) FROM t`).Scan(&n)
	if n != 1 {
		t.Errorf("count %d", n)
	}
	// A failed transaction: later statements fail with 25P02, commit reports the rollback.
	tx, _ = db.Begin()
	if _, err := tx.Exec(`INSERT INTO t VALUES (2)`); sqlState(err) != "23505" {
		t.Errorf("dup: %v", err)
	}
	if _, err := tx.Exec(`INSERT INTO t VALUES (3)`); sqlState(err) != "25P02" {
		t.Errorf("in failed tx: %v", err)
	}
	if err := tx.Commit(); !errors.Is(err, pgmicro.ErrTxCommitRollback) {
		t.Errorf("commit of failed tx: %v", err)
	}
	// Unsupported options are refused clearly.
	if _, err := db.BeginTx(context.Background(), &sql.TxOptions{Isolation: sql.LevelReadCommitted}); err == nil || !strings.Contains(err.Error(), "serializable") {
		t.Errorf("read committed: %v", err)
	}
	if _, err := db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true}); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("read only: %v", err)
	}
	// A plain BEGIN left open is rolled back when the connection returns to the pool.
	conn, _ := db.Conn(context.Background())
	mustExec(t, conn2exec{conn}, `BEGIN`)
	mustExec(t, conn2exec{conn}, `INSERT INTO t VALUES (9)`)
	conn.Close()
	db.QueryRow(`SELECT count(*) FROM t WHERE id = 9`).Scan(&n)
	if n != 0 {
		t.Errorf("open BEGIN was not rolled back by the pool")
	}
}

type conn2exec struct{ c *sql.Conn }

func (c conn2exec) Exec(q string, args ...any) (sql.Result, error) {
	return c.c.ExecContext(context.Background(), q, args...)
}

const slowQuery = `WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r`

func TestCancelByDeadline(t *testing.T) {
	db := openDB(t, ":memory:")
	db.SetMaxOpenConns(1)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	var n int64
	err := db.QueryRowContext(ctx, slowQuery).Scan(&n)
	if sqlState(err) != "57014" {
		t.Fatalf("want SQLSTATE 57014, got %v", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error should match context.DeadlineExceeded: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancellation took %v", d)
	}
	// The connection is still usable and not interrupted any more.
	var one int
	if err := db.QueryRow(`SELECT 1`).Scan(&one); err != nil || one != 1 {
		t.Errorf("after cancel: %v", err)
	}
}

func TestCancelByCancel(t *testing.T) {
	db := openDB(t, ":memory:")
	db.SetMaxOpenConns(1)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := db.ExecContext(ctx, slowQuery)
	if sqlState(err) != "57014" || !errors.Is(err, context.Canceled) {
		t.Fatalf("want 57014 matching context.Canceled, got %v", err)
	}
	if _, err := db.Exec(`SELECT 1`); err != nil {
		t.Errorf("after cancel: %v", err)
	}
}

func TestStatementTimeoutDSN(t *testing.T) {
	db := openDB(t, ":memory:?statement_timeout=50ms")
	_, err := db.Exec(slowQuery)
	var pe *pgmicro.Error
	if !errors.As(err, &pe) || pe.Code != "57014" || !strings.Contains(pe.Message, "statement timeout") {
		t.Fatalf("statement_timeout: %v", err)
	}
}

func TestDSN(t *testing.T) {
	for _, bad := range []string{"", "x.db?nosuch=1", "x.db?dialect=oracle", "x.db?busy_timeout=soon", "x.db?mode=memory"} {
		if _, err := pgmicro.NewConnector(bad); err == nil {
			t.Errorf("DSN %q accepted", bad)
		}
	}
	// The SQLite dialect.
	db := openDB(t, ":memory:?dialect=sqlite")
	db.SetMaxOpenConns(1)
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "memory" {
		t.Errorf("sqlite dialect: %q %v", mode, err)
	}
	// Read-only file.
	path := filepath.Join(t.TempDir(), "ro.db")
	rw := openDB(t, path)
	mustExec(t, rw, `CREATE TABLE t (a int)`)
	rw.Close()
	ro := openDB(t, path+"?mode=ro")
	if _, err := ro.Exec(`INSERT INTO t VALUES (1)`); err == nil {
		t.Errorf("insert into read-only database succeeded")
	}
	if _, err := pgmicro.NewConnector(filepath.Join(t.TempDir(), "missing.db") + "?mode=rw"); err != nil {
		t.Errorf("connector: %v", err)
	}
	if err := openDB(t, filepath.Join(t.TempDir(), "missing.db")+"?mode=rw").Ping(); err == nil {
		t.Errorf("mode=rw opened a missing file")
	}
}

func TestWALByDefault(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wal.db")
	db := openDB(t, path)
	mustExec(t, db, `CREATE TABLE t (a int)`)
	db2 := openDB(t, path+"?dialect=sqlite")
	var mode string
	if err := db2.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q %v", mode, err)
	}
}

// concurrent runs writers and readers on db at once.
func concurrent(t *testing.T, db *sql.DB) {
	mustExec(t, db, `CREATE TABLE IF NOT EXISTS c (id int PRIMARY KEY, w int)`)
	const writers, readers, each = 4, 4, 50
	var wg sync.WaitGroup
	errs := make(chan error, writers+readers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if _, err := db.Exec(`INSERT INTO c VALUES ($1, $2)`, w*each+i, w); err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
			}
		}(w)
	}
	for r := 0; r < readers; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				var n int
				if err := db.QueryRow(`SELECT count(*) FROM c WHERE w >= $1`, 0).Scan(&n); err != nil {
					errs <- fmt.Errorf("reader: %w", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM c`).Scan(&n); err != nil || n != writers*each {
		t.Errorf("count %d %v", n, err)
	}
}

func TestConcurrentFile(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "c.db")+"?busy_timeout=10s")
	db.SetMaxOpenConns(8)
	concurrent(t, db)
}

func TestConcurrentSharedMemory(t *testing.T) {
	db := memDB(t)
	db.SetMaxOpenConns(8)
	concurrent(t, db)
}

func TestConcurrentCancel(t *testing.T) {
	db := memDB(t)
	db.SetMaxOpenConns(4)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
				_, err := db.ExecContext(ctx, slowQuery)
				cancel()
				if sqlState(err) != "57014" {
					t.Errorf("want 57014, got %v", err)
				}
				if err := db.QueryRow(`SELECT 1`).Scan(new(int)); err != nil {
					t.Errorf("after cancel: %v", err)
				}
			}
		}()
	}
	wg.Wait()
}

func TestConnPingAndRaw(t *testing.T) {
	db := openDB(t, ":memory:")
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
	if pgmicro.Version() == "" || !strings.HasPrefix(pgmicro.PostgreSQLVersion(), "15.") {
		t.Errorf("versions %q %q", pgmicro.Version(), pgmicro.PostgreSQLVersion())
	}
}

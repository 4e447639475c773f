// Package clients drives pgmicro-server with Go's pgx v5, which uses the
// extended protocol and binary formats for every type it knows.  Each answer
// is compared with the same query on the real PostgreSQL 15 (the oracle):
// result formats, type OIDs and the raw bytes of every value.
//
// Environment: PGMICRO_PORT (server under test), PGREF_PORT (oracle, 54329).
package clients

import (
	"context"
	"errors"
	"math/big"
	"fmt"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

func connect(t testing.TB, portVar, def string) *pgx.Conn {
	t.Helper()
	port := os.Getenv(portVar)
	if port == "" {
		port = def
	}
	if port == "" {
		t.Fatalf("%s is not set", portVar)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	url := fmt.Sprintf("postgres://postgres@127.0.0.1:%s/postgres?sslmode=disable&timezone=America/New_York", port)
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect to port %s: %v", port, err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func pair(t *testing.T) (*pgx.Conn, *pgx.Conn) {
	return connect(t, "PGMICRO_PORT", ""), connect(t, "PGREF_PORT", "54329")
}

// result is everything a query answers: columns (name, type, format) and raw values.
type result struct {
	Cols []string
	Rows [][]string
	Err  string
}

func run(ctx context.Context, c *pgx.Conn, sql string, args ...any) result {
	var r result
	rows, err := c.Query(ctx, sql, args...)
	if err != nil {
		return result{Err: sqlstate(err)}
	}
	for _, f := range rows.FieldDescriptions() {
		r.Cols = append(r.Cols, fmt.Sprintf("%s:%d:%d", f.Name, f.DataTypeOID, f.Format))
	}
	for rows.Next() {
		var row []string
		for _, v := range rows.RawValues() {
			if v == nil {
				row = append(row, "NULL")
			} else {
				row = append(row, fmt.Sprintf("%x", v))
			}
		}
		r.Rows = append(r.Rows, row)
	}
	if err := rows.Err(); err != nil {
		r.Err = sqlstate(err)
	}
	return r
}

func sqlstate(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return "client: " + err.Error()
}

func ptr[T any](v T) *T { return &v }

// Every type as a result (pgx asks binary for all it knows) and as a
// parameter (pgx encodes binary when the server describes the type).
var typeQueries = []struct {
	sql  string
	args []any
}{
	{"SELECT 42::int2, -7::int4, 9223372036854775807::int8, 4294967295::oid", nil},
	{"SELECT 1.5::float4, -0.1::float8, 'NaN'::float8, '-Infinity'::float4", nil},
	{"SELECT 123.4500::numeric, -0.000012::numeric, 'NaN'::numeric, 'Infinity'::numeric, 1e30::numeric", nil},
	{"SELECT true, 'hé'::text, 'x'::varchar(4), 'ab'::char(4), 'n'::name, '\\x00ff'::bytea", nil},
	{"SELECT '2024-02-29'::date, '0044-03-15 BC'::date, 'infinity'::date, '23:59:59.999999'::time", nil},
	{"SELECT '2024-07-01 12:34:56.789'::timestamp, '2024-07-01 12:34:56.5+02'::timestamptz, '-infinity'::timestamptz", nil},
	{"SELECT '1 year 2 mons -3 days 04:05:06.789'::interval, '-1 day +02:03'::interval, '0'::interval", nil},
	{"SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, '{\"b\": [1, null]}'::json, '{\"b\": [1, null]}'::jsonb", nil},
	{"SELECT ARRAY[1, NULL, 3]::int4[], ARRAY[]::int8[], ARRAY['a', 'b c', NULL, '\"']::text[], ARRAY[1.5, NULL]::numeric[]", nil},
	{"SELECT ARRAY['2024-01-02'::date], ARRAY['2024-07-01 12:00+02'::timestamptz, NULL], ARRAY['1 day'::interval], ARRAY[true, NULL]", nil},
	{"SELECT ARRAY['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid], ARRAY['\\x01'::bytea], ARRAY['{}'::jsonb], ARRAY[0.5::float8]", nil},
	{"SELECT $1::int2, $2::int4, $3::int8, $4::float4, $5::float8, $6::bool, $7::text",
		[]any{int16(-3), int32(7), int64(-1 << 40), float32(1.25), 0.1, true, "héllo"}},
	{"SELECT $1::numeric, $2::numeric, $3::numeric",
		[]any{pgtype.Numeric{Int: bigInt(-123450), Exp: -4, Valid: true}, "99999999999999999999.000001", pgtype.Numeric{NaN: true, Valid: true}}},
	{"SELECT $1::date, $2::timestamp, $3::timestamptz, $4::time",
		[]any{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2020, 5, 6, 7, 8, 9, 123456000, time.UTC),
			time.Date(2020, 5, 6, 7, 8, 9, 5000, time.FixedZone("x", 19800)), pgtype.Time{Microseconds: 3723000004, Valid: true}}},
	{"SELECT $1::interval, $2::interval",
		[]any{pgtype.Interval{Months: 14, Days: -3, Microseconds: 7200000005, Valid: true}, 90 * time.Minute}},
	{"SELECT $1::uuid, $2::jsonb, $3::json, $4::bytea",
		[]any{[16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, map[string]any{"k": []any{1.0, "two", nil}}, []int{1, 2}, []byte{0, 1, 255}}},
	{"SELECT $1::int4[], $2::text[], $3::int8[], $4::float8[], $5::bool[]",
		[]any{[]int32{1, 2, 3}, []*string{ptr("a"), nil, ptr("b,c\"\\")}, []int64{1 << 40}, []float64{1.5, -2}, []bool{true, false}}},
	{"SELECT $1::numeric[], $2::date[], $3::timestamptz[], $4::uuid[], $5::interval[]",
		[]any{[]string{"1.5", "-0.25"}, []time.Time{time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)},
			[]time.Time{time.Date(2021, 1, 1, 12, 0, 0, 0, time.UTC)}, [][16]byte{{15: 1}}, []time.Duration{time.Hour}}},
	{"SELECT $1::int4[], $2::text[]", []any{[]int32{}, []string{}}},
	{"SELECT $1::int4 + 1", []any{"x"}},
}

func TestTypesMatchPostgreSQL(t *testing.T) {
	mine, ref := pair(t)
	ctx := context.Background()
	for _, q := range typeQueries {
		got, want := run(ctx, mine, q.sql, q.args...), run(ctx, ref, q.sql, q.args...)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s %v\n pgmicro:    %+v\n PostgreSQL: %+v", q.sql, q.args, got, want)
		}
	}
}

// The engine keeps one-dimensional arrays only: a binary 2-D parameter
// reaches it as a literal and is refused, not flattened.
func TestMultidimensionalArrayRefused(t *testing.T) {
	mine := connect(t, "PGMICRO_PORT", "")
	got := run(context.Background(), mine, "SELECT $1::text[]", [][]string{{"a", "b"}, {"c", "d"}})
	if got.Err != "0A000" {
		t.Errorf("2-D array parameter: %+v", got)
	}
}

func TestDecodedValues(t *testing.T) {
	mine := connect(t, "PGMICRO_PORT", "")
	ctx := context.Background()
	var (
		n   pgtype.Numeric
		iv  pgtype.Interval
		arr []*int32
		ts  time.Time
		js  map[string]any
		txt []string
	)
	err := mine.QueryRow(ctx, `SELECT 12.50::numeric, '1 mon 2 days 00:00:03'::interval, ARRAY[1, NULL]::int4[],
	    '2024-07-01 12:00:00+00'::timestamptz, '{"a": [1]}'::jsonb, ARRAY['x', 'y']`).Scan(&n, &iv, &arr, &ts, &js, &txt)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := n.Float64Value()
	if f.Float64 != 12.5 || iv != (pgtype.Interval{Months: 1, Days: 2, Microseconds: 3000000, Valid: true}) ||
		len(arr) != 2 || *arr[0] != 1 || arr[1] != nil || !ts.Equal(time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)) ||
		fmt.Sprint(js) != "map[a:[1]]" || !reflect.DeepEqual(txt, []string{"x", "y"}) {
		t.Errorf("decoded %v %v %v %v %v %v", f, iv, arr, ts, js, txt)
	}
}

func TestBatchTransactionsPreparedErrors(t *testing.T) {
	mine := connect(t, "PGMICRO_PORT", "")
	ctx := context.Background()
	if _, err := mine.Exec(ctx, "DROP TABLE IF EXISTS gx; CREATE TABLE gx (id int PRIMARY KEY, tags text[], d interval)"); err != nil {
		t.Fatal(err)
	}
	b := &pgx.Batch{}
	for i := 1; i <= 5; i++ {
		b.Queue("INSERT INTO gx VALUES ($1, $2, $3)", i, []string{fmt.Sprint("t", i)}, time.Duration(i)*time.Second)
	}
	b.Queue("SELECT count(*) FROM gx")
	br := mine.SendBatch(ctx, b)
	for i := 0; i < 5; i++ {
		if _, err := br.Exec(); err != nil {
			t.Fatalf("batch insert %d: %v", i, err)
		}
	}
	var count int
	if err := br.QueryRow().Scan(&count); err != nil || count != 5 {
		t.Fatalf("batch count %d %v", count, err)
	}
	if err := br.Close(); err != nil {
		t.Fatal(err)
	}

	tx, err := mine.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "INSERT INTO gx VALUES (6, NULL, NULL)"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	tx, _ = mine.Begin(ctx)
	_, err = tx.Exec(ctx, "INSERT INTO gx VALUES (1, NULL, NULL)")
	if sqlstate(err) != "23505" {
		t.Errorf("duplicate key: %v", err)
	}
	_, err = tx.Exec(ctx, "SELECT 1")
	if sqlstate(err) != "25P02" {
		t.Errorf("statement in failed transaction: %v", err)
	}
	tx.Rollback(ctx)

	if _, err := mine.Prepare(ctx, "by_id", "SELECT tags, d FROM gx WHERE id = $1"); err != nil {
		t.Fatal(err)
	}
	var tags []string
	var d time.Duration
	if err := mine.QueryRow(ctx, "by_id", 3).Scan(&tags, &d); err != nil || tags[0] != "t3" || d != 3*time.Second {
		t.Errorf("prepared by name: %v %v %v", tags, d, err)
	}
	if err := mine.QueryRow(ctx, "SELECT count(*) FROM gx").Scan(&count); err != nil || count != 5 {
		t.Errorf("after rollbacks: %d rows, %v", count, err)
	}
	_, err = mine.Exec(ctx, "SELECT 1/0")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "22012" || pe.Message != "division by zero" {
		t.Errorf("division by zero: %v", err)
	}
}

func bigInt(v int64) *big.Int { return big.NewInt(v) }

// copyFromRows loads rows with pgx's CopyFrom (COPY ... FROM STDIN (FORMAT
// binary), each value in its type's binary form), then reads the table back
// with the raw bytes of every value.
func copyFromRows(t *testing.T, c *pgx.Conn, rows [][]any) (int64, result) {
	ctx := context.Background()
	if _, err := c.Exec(ctx, "DROP TABLE IF EXISTS pgx_copy"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec(ctx, `CREATE TABLE pgx_copy (id int4, big int8, f float8, n numeric, ok bool,
		s text, v varchar(8), b bytea, d date, ts timestamptz, iv interval, u uuid, j jsonb, a int4[], ta text[])`); err != nil {
		t.Fatal(err)
	}
	cols := []string{"id", "big", "f", "n", "ok", "s", "v", "b", "d", "ts", "iv", "u", "j", "a", "ta"}
	n, err := c.CopyFrom(ctx, pgx.Identifier{"pgx_copy"}, cols, pgx.CopyFromRows(rows))
	if err != nil {
		t.Fatalf("CopyFrom: %v", err)
	}
	return n, run(ctx, c, "SELECT * FROM pgx_copy ORDER BY id")
}

// TestCopyFromMatchesPostgreSQL: pgx.CopyFrom into a table of several types,
// read back, compared with PostgreSQL 15 byte for byte; a bad row fails the
// same way on both.
func TestCopyFromMatchesPostgreSQL(t *testing.T) {
	mine, ref := pair(t)
	ts := time.Date(2024, 7, 1, 12, 34, 56, 789000000, time.UTC)
	rows := [][]any{
		{int32(1), int64(-1) << 40, 1.5, pgtype.Numeric{Int: bigInt(-1250), Exp: -2, Valid: true}, true,
			"héllo ∑", "short", []byte{0, 255, 16}, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), ts,
			pgtype.Interval{Months: 14, Days: -3, Microseconds: 4_000_005, Valid: true},
			[16]byte{0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11},
			map[string]any{"a": []any{1.0, nil}}, []int32{1, 2, 3}, []string{"a b", ""}},
		{int32(2), nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil},
		{int32(3), int64(0), -0.25, pgtype.Numeric{NaN: true, Valid: true}, false, "", "", []byte{},
			pgtype.Date{InfinityModifier: pgtype.Infinity, Valid: true},
			pgtype.Timestamptz{InfinityModifier: pgtype.NegativeInfinity, Valid: true},
			pgtype.Interval{Valid: true}, nil, []any{}, []int32{}, []string{"x"}},
	}
	nMine, got := copyFromRows(t, mine, rows)
	nRef, want := copyFromRows(t, ref, rows)
	if len(got.Rows) != 3 || got.Err != "" {
		t.Errorf("rows read back after CopyFrom: %+v", got)
	}
	if nMine != 3 || nRef != 3 {
		t.Errorf("CopyFrom counts: mine %d, PostgreSQL %d", nMine, nRef)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows after CopyFrom differ\n mine: %+v\n   pg: %+v", got, want)
	}
	// varchar(8) too long: both refuse the COPY with 22001, nothing stays.
	bad := [][]any{{int32(9), nil, nil, nil, nil, nil, "far too long", nil, nil, nil, nil, nil, nil, nil, nil}}
	for _, c := range []*pgx.Conn{mine, ref} {
		_, err := c.CopyFrom(context.Background(), pgx.Identifier{"pgx_copy"},
			[]string{"id", "big", "f", "n", "ok", "s", "v", "b", "d", "ts", "iv", "u", "j", "a", "ta"}, pgx.CopyFromRows(bad))
		if sqlstate(err) != "22001" {
			t.Errorf("CopyFrom of a too long varchar: %v", err)
		}
	}
	if g, w := run(context.Background(), mine, "SELECT count(*) FROM pgx_copy"), run(context.Background(), ref, "SELECT count(*) FROM pgx_copy"); !reflect.DeepEqual(g, w) {
		t.Errorf("count after the failed CopyFrom: %+v vs %+v", g, w)
	}
	for _, c := range []*pgx.Conn{mine, ref} {
		c.Exec(context.Background(), "DROP TABLE pgx_copy")
	}
}

package pgmicro_test

import (
	"database/sql"
	"fmt"
	"testing"
)

// benchDB is a private in-memory database with a 100k-row table, as in the
// C benchmark (bench/README.md).
func benchDB(b *testing.B) *sql.DB {
	db := openDB(b, ":memory:")
	db.SetMaxOpenConns(1)
	mustExec(b, db, `CREATE TABLE t (id int PRIMARY KEY, v text, f float8)`)
	mustExec(b, db, `INSERT INTO t
		WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 100000)
		SELECT n, 'value ' || n, n * 0.5 FROM r`)
	return db
}

// Point select by primary key through a prepared statement (C workload a).
func BenchmarkPointSelect(b *testing.B) {
	db := benchDB(b)
	st, err := db.Prepare(`SELECT v FROM t WHERE id = $1`)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var v string
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := st.QueryRow(i%100000 + 1).Scan(&v); err != nil {
			b.Fatal(err)
		}
	}
}

// The same without preparing: db.QueryRow with the text each time.
func BenchmarkPointSelectUnprepared(b *testing.B) {
	db := benchDB(b)
	var v string
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := db.QueryRow(`SELECT v FROM t WHERE id = $1`, i%100000+1).Scan(&v); err != nil {
			b.Fatal(err)
		}
	}
}

// Scanning rows: 1000 rows of (int, text, float8) per op; see ns/row.
func BenchmarkScanRows(b *testing.B) {
	db := benchDB(b)
	st, err := db.Prepare(`SELECT id, v, f FROM t WHERE id > $1 ORDER BY id LIMIT 1000`)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var (
		id int64
		v  string
		f  float64
	)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows, err := st.Query((i * 1000) % 99000)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(&id, &v, &f); err != nil {
				b.Fatal(err)
			}
			n++
		}
		if err := rows.Err(); err != nil || n != 1000 {
			b.Fatal(n, err)
		}
		rows.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*1000), "ns/row")
}

// Insert in one transaction through a prepared INSERT (C workload c, per row).
func BenchmarkInsert(b *testing.B) {
	db := openDB(b, ":memory:")
	db.SetMaxOpenConns(1)
	mustExec(b, db, `CREATE TABLE t (id int PRIMARY KEY, v text)`)
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	st, err := tx.Prepare(`INSERT INTO t VALUES ($1, $2)`)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := st.Exec(i, fmt.Sprint("v", i)); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	st.Close()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

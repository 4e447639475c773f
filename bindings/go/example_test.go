package pgmicro_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"time"

	pgmicro "pgmicro.dev/go"
)

func Example() {
	db, err := sql.Open("pgmicro", ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // ":memory:" is private to one connection

	_, err = db.Exec(`CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL, born date);
		INSERT INTO users VALUES (1, 'Ada', '1815-12-10'), (2, 'Alan', '1912-06-23')`)
	if err != nil {
		log.Fatal(err)
	}
	rows, err := db.Query(`SELECT name, born FROM users WHERE id >= $1 ORDER BY id`, 1)
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var born time.Time
		if err := rows.Scan(&name, &born); err != nil {
			log.Fatal(err)
		}
		fmt.Println(name, born.Format("2006-01-02"))
	}
	if err := rows.Err(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// Ada 1815-12-10
	// Alan 1912-06-23
}

// Errors carry PostgreSQL's SQLSTATE.
func ExampleError() {
	db, _ := sql.Open("pgmicro", ":memory:")
	defer db.Close()
	db.SetMaxOpenConns(1)
	db.Exec(`CREATE TABLE t (id int PRIMARY KEY)`)
	db.Exec(`INSERT INTO t VALUES (1)`)

	_, err := db.Exec(`INSERT INTO t VALUES ($1)`, 1)
	var pe *pgmicro.Error
	if errors.As(err, &pe) {
		fmt.Println(pe.SQLState(), pe.Message)
	}
	// Output:
	// 23505 duplicate key value violates unique constraint "t_pkey"
}

// A context deadline stops a long statement with SQLSTATE 57014.
func Example_cancel() {
	db, _ := sql.Open("pgmicro", ":memory:")
	defer db.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := db.ExecContext(ctx, `WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)
		SELECT count(*) FROM r`)
	var pe *pgmicro.Error
	fmt.Println(errors.As(err, &pe), pe.SQLState(), errors.Is(err, context.DeadlineExceeded))
	// Output:
	// true 57014 true
}

// A pool sharing one in-memory database.
func Example_sharedMemory() {
	db, _ := sql.Open("pgmicro", "file:example?mode=memory&cache=shared")
	defer db.Close()
	db.Exec(`CREATE TABLE kv (k text PRIMARY KEY, v jsonb)`)

	ctx := context.Background()
	c1, _ := db.Conn(ctx) // two connections of the pool
	c2, _ := db.Conn(ctx)
	defer c1.Close()
	defer c2.Close()
	c1.ExecContext(ctx, `INSERT INTO kv VALUES ($1, $2)`, "a", pgmicro.JSON{V: map[string]int{"x": 1}})

	var v map[string]int
	c2.QueryRowContext(ctx, `SELECT v FROM kv WHERE k = $1`, "a").Scan(&pgmicro.JSON{V: &v})
	fmt.Println(v["x"])
	// Output:
	// 1
}

// Numeric values stay exact.
func ExampleNumeric() {
	db, _ := sql.Open("pgmicro", ":memory:")
	defer db.Close()

	var n pgmicro.Numeric
	db.QueryRow(`SELECT $1::numeric * 3`, pgmicro.Numeric("0.1")).Scan(&n)
	r, _ := n.Rat()
	fmt.Println(n, r.FloatString(2))
	// Output:
	// 0.3 0.30
}

// TypedText sends PostgreSQL text of any type.
func ExampleTypedText() {
	db, _ := sql.Open("pgmicro", ":memory:")
	defer db.Close()

	var s string
	db.QueryRow(`SELECT ($1 + interval '1 hour')::text`, pgmicro.TypedText{Type: "interval", Text: "1 day"}).Scan(&s)
	fmt.Println(s)
	// Output:
	// 1 day 01:00:00
}

/*
Package pgmicro is a database/sql driver for pgmicro, an in-process
PostgreSQL: PostgreSQL 15's SQL and types, run by an engine linked into your
program that stores its data in a SQLite file (or in memory).  There is no
server; a connection is a handle on a database file.

	import (
		"database/sql"

		_ "pgmicro.dev/go"
	)

	db, err := sql.Open("pgmicro", "app.db")

The engine is compiled into the package with cgo from the amalgamation
pgmicro.c next to this file; see README.md for the system libraries it needs.

# Data source names

A DSN is a file path, ":memory:", or a SQLite URI, with options in a query
string:

	app.db                                   file database (created if missing), WAL journal
	app.db?busy_timeout=10s&statement_timeout=500ms
	app.db?mode=ro                           read-only (mode=rw: the file must exist)
	app.db?dialect=sqlite                    SQLite's own SQL on the same database
	:memory:                                 private in-memory database (one per connection!)
	file:cache1?mode=memory&cache=shared     in-memory database shared by the pool

Options: busy_timeout (how long to wait for another connection's lock;
milliseconds or a Go duration; default 5s), statement_timeout (like
PostgreSQL's; default none), dialect (postgres or sqlite), journal_mode (wal,
the default for writable files, or delete, truncate, persist, memory, off,
default = leave the file as it is), mode (ro, rw, rwc).  In a "file:" URI
every other parameter (mode=memory, cache=shared, vfs, ...) goes to SQLite.

database/sql opens several connections.  ":memory:" gives each its own empty
database; for a pool that shares one in-memory database use
"file:NAME?mode=memory&cache=shared" (or db.SetMaxOpenConns(1)).  On a file
database, readers run in parallel and writers take turns, waiting up to
busy_timeout for the lock.

# Statements and parameters

Placeholders are PostgreSQL's $1, $2, ...; named arguments are refused.
Db.Exec without arguments may run several statements separated by ";" (each
in turn, stopping at the first error; unlike PostgreSQL's simple-query
protocol they are not wrapped in one implicit transaction); with arguments,
and for Query, the text must be one statement.  Each parameter has
the type the engine infers from its use ($1::int, a column it is compared
with or stored into; text otherwise), and a Go value is converted to it the
way PostgreSQL converts a parameter:

	Go value                         sent as
	nil, nil pointer                 NULL
	int, int64, ... (all integers)   int8 value
	float32, float64                 float8 value
	bool                             bool
	string                           text read by the parameter type's input ('42' for an int4 $1)
	[]byte                           bytea (text for a non-bytea parameter)
	time.Time                        timestamptz (a timestamp parameter takes the wall time)
	pgmicro.Numeric                  numeric text, exact
	pgmicro.UUID, [16]byte           uuid
	json.RawMessage, pgmicro.JSON    json / jsonb
	pgmicro.TypedText{Type, Text}    any type by name: {"interval", "1 day"}
	driver.Valuer                    its Value
	slices and arrays                refused: the engine has no array types yet

# Results

	PostgreSQL type                  Go value from Scan(&any)     DatabaseTypeName
	bool                             bool                         BOOL
	int2, int4, int8, oid            int64                        INT2, INT4, INT8, OID
	float4, float8                   float64                      FLOAT4, FLOAT8
	numeric                          string ("12.50"; scan into pgmicro.Numeric, string or float64)
	text, varchar, bpchar, name      string
	bytea                            []byte
	date                             time.Time, UTC midnight
	timestamp                        time.Time, the wall time in UTC
	timestamptz                      time.Time in UTC
	infinite date/timestamps         string "infinity" / "-infinity"
	json, jsonb                      []byte (scan into json.RawMessage or pgmicro.JSON)
	uuid                             string (scan into pgmicro.UUID)
	time, interval, other types      string: PostgreSQL's text output

Rows.ColumnTypes reports PostgreSQL type names upper-cased as pgx does
("INT4", "NUMERIC"), numeric(p,s) through DecimalSize, varchar(n)/char(n)
through Length.  Nullability is not known (ok = false).

# Transactions

pgmicro transactions are serializable: BeginTx accepts sql.LevelDefault and
sql.LevelSerializable and refuses other levels; read-only transactions are
refused (the engine has none yet).  After an error inside a transaction every
statement fails with SQLSTATE 25P02 until Rollback, and Commit returns
ErrTxCommitRollback.  A transaction opened with a plain "BEGIN" statement and
left open is rolled back when the connection goes back to the pool.

Writers to one file database take turns: an autocommit statement waits up to
busy_timeout for the write lock.  A transaction that has read and then writes
after another connection committed fails at once with SQLSTATE 55P03 (SQLite
cannot wait there); roll it back and run it again.

# Errors, cancellation and deadlines

Errors from SQL are *Error values carrying PostgreSQL's report: SQLSTATE
(SQLState, Code), Message, Detail, Hint, Position.  Use errors.As.

A context that is cancelled or reaches its deadline stops the running
statement (the driver calls pgm_interrupt from a watching goroutine; a
deadline also becomes the engine's statement timeout).  The statement fails
with SQLSTATE 57014 and the error also matches context.Canceled or
context.DeadlineExceeded with errors.Is.  Note that a statement run with a
deadline puts the session's statement_timeout back to the DSN's value
afterwards (a SET statement_timeout does not survive it).

driver.ErrBadConn is returned only for a connection that was closed.
*/
package pgmicro

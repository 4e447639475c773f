/*
** pgmicro.h — the public C interface of pgmicro, an in-process PostgreSQL.
**
** This header is the manual.  Every function is documented where it is
** declared: what it does, who owns what it returns, and what happens on
** error.  Nothing else in the source tree is public; the CLI, the wire server
** and every language binding reach the engine only through these functions.
**
** OVERVIEW
**
**   pgm_db     *db;     one connection to one database (a SQLite file or memory)
**   pgm_stmt   *stmt;   one prepared PostgreSQL statement
**   pgm_value  *val;    one value of a result row (borrowed from its statement)
**   pgm_error  *err;    a PostgreSQL error report (SQLSTATE, message, ...)
**
**   pgm_error *err = NULL;
**   pgm_db *db;
**   if (pgm_open(":memory:", 0, &db, &err) != PGM_OK) { report(err); pgm_error_free(err); }
**   pgm_stmt *st;
**   pgm_prepare(db, "SELECT $1::int + 1", -1, &st, NULL, &err);
**   pgm_bind_int64(st, 1, 41);
**   while (pgm_step(st) == PGM_ROW) puts(pgm_value_text(pgm_column_value(st, 0), NULL));
**   pgm_finalize(st);
**   pgm_close(db);
**
** STATUS CODES
**
**   PGM_OK, PGM_ROW and PGM_DONE are not errors; every other code is.  When a
**   function fails, a pgm_error describing the failure is available — through
**   an out-parameter (pgm_open, pgm_prepare, pgm_exec) or from the statement
**   (pgm_stmt_error).  The code says what kind of failure; the error object
**   says exactly what went wrong in PostgreSQL's terms.
**
** THREADS
**
**   A pgm_db, and every pgm_stmt and pgm_value obtained from it, may be used by
**   one thread at a time.  The caller serialises access (a mutex, a pool that
**   hands a connection to one goroutine at a time, ...).  Different pgm_db
**   handles are independent and may be used concurrently from different
**   threads, also on the same database file.  pgm_interrupt() is the one
**   function that may be called from any thread at any time while another
**   thread uses the connection.  pgm_error objects are plain data: once
**   obtained they may be read and freed from any thread.
**
** TEXT AND SIZES
**
**   All text is UTF-8.  Inputs carry a length in bytes (pass a negative length
**   for a NUL-terminated string).  Sizes are 64-bit (size_t / int64_t).
**
** TYPES
**
**   Types are identified by PostgreSQL type OIDs (int8 = 20, text = 25, ...);
**   the PGM_OID_* constants below name the ones the engine implements.  These
**   values are PostgreSQL's and never change.
**
** ABI STABILITY
**
**   A shipped signature never changes; a changed function gets a _v2 sibling.
**   Constants are append-only.  PGM_ABI_VERSION changes its major part only
**   for an incompatible change; bindings must refuse a library whose
**   pgm_abi_version() differs from the major they were built for.
*/
#ifndef PGMICRO_H
#define PGMICRO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#  define PGM_API __declspec(dllexport)
#else
#  define PGM_API __attribute__((visibility("default")))
#endif

/* -------------------------------------------------------------------------
** Versions
*/

/* The library version as text ("0.1.0") and as a number (major*1000000 +
** minor*1000 + patch).  The values compiled into the library; compare with
** PGM_VERSION_NUMBER to detect a header/library mismatch. */
#define PGM_VERSION        "0.1.0"
#define PGM_VERSION_NUMBER 1000
/* The ABI major version described by this header. */
#define PGM_ABI_VERSION    1

PGM_API const char *pgm_libversion(void);
PGM_API int pgm_libversion_number(void);
/* The ABI major version the library implements (PGM_ABI_VERSION it was built
** with).  A binding built for ABI N must refuse to run against another. */
PGM_API int pgm_abi_version(void);
/* The PostgreSQL version whose behaviour the engine follows, as reported by
** `SHOW server_version` ("15.18"). */
PGM_API const char *pgm_pg_version(void);

/* -------------------------------------------------------------------------
** Status codes (ABI: values never change)
*/
#define PGM_OK          0   /* success */
#define PGM_ERROR       1   /* an SQL error: see the pgm_error for SQLSTATE and message */
#define PGM_INTERRUPTED 9   /* pgm_interrupt() or the statement timeout stopped the work (SQLSTATE 57014) */
#define PGM_BUSY        5   /* the database file is locked by another connection (SQLSTATE 55P03) */
#define PGM_NOMEM       7   /* out of memory (SQLSTATE 53200) */
#define PGM_MISUSE     21   /* the API was used incorrectly (NULL handle, wrong index, ...) */
#define PGM_CANTOPEN   14   /* the database file could not be opened */
#define PGM_ROW       100   /* pgm_step(): a row is ready */
#define PGM_DONE      101   /* pgm_step(): the statement has finished */
#define PGM_COPY_IN   102   /* pgm_step(): COPY ... FROM STDIN waits for data (pgm_copy_put) */
#define PGM_COPY_OUT  103   /* pgm_step(): COPY ... TO STDOUT has data (pgm_copy_get) */

/* -------------------------------------------------------------------------
** Type OIDs the engine implements (PostgreSQL's own values)
*/
#define PGM_OID_BOOL         16
#define PGM_OID_BYTEA        17
#define PGM_OID_NAME         19
#define PGM_OID_INT8         20
#define PGM_OID_INT2         21
#define PGM_OID_INT4         23
#define PGM_OID_TEXT         25
#define PGM_OID_OID          26
#define PGM_OID_JSON        114
#define PGM_OID_FLOAT4      700
#define PGM_OID_FLOAT8      701
#define PGM_OID_UNKNOWN     705
#define PGM_OID_BPCHAR     1042
#define PGM_OID_VARCHAR    1043
#define PGM_OID_DATE       1082
#define PGM_OID_TIME       1083
#define PGM_OID_TIMESTAMP  1114
#define PGM_OID_TIMESTAMPTZ 1184
#define PGM_OID_INTERVAL   1186
#define PGM_OID_NUMERIC    1700
#define PGM_OID_UUID       2950
#define PGM_OID_JSONB      3802

/* -------------------------------------------------------------------------
** Errors
**
** A pgm_error is a PostgreSQL error report.  It is plain data, independent of
** the connection that produced it.  Accessors never return NULL for the
** SQLSTATE and the message; detail and hint are NULL when absent.  The
** strings are owned by the error and valid until pgm_error_free().
*/
typedef struct pgm_error pgm_error;

/* Five-character SQLSTATE, e.g. "23505". */
PGM_API const char *pgm_error_sqlstate(const pgm_error *err);
/* The primary message, without severity or SQLSTATE: "relation \"t\" does not exist". */
PGM_API const char *pgm_error_message(const pgm_error *err);
/* DETAIL line, or NULL. */
PGM_API const char *pgm_error_detail(const pgm_error *err);
/* HINT line, or NULL. */
PGM_API const char *pgm_error_hint(const pgm_error *err);
/* 1-based character (not byte) position in the statement text the error
** points at, as PostgreSQL's "P" field; 0 when the error has no position. */
PGM_API int pgm_error_position(const pgm_error *err);
/* Severity as PostgreSQL spells it: "ERROR" (or "FATAL"). */
PGM_API const char *pgm_error_severity(const pgm_error *err);
/* Free an error obtained through an out-parameter.  NULL-safe.  Never call it
** on the borrowed error of pgm_stmt_error(). */
PGM_API void pgm_error_free(pgm_error *err);

/* -------------------------------------------------------------------------
** Connections
*/
typedef struct pgm_db pgm_db;

/* Flags for pgm_open() (ABI: values never change).  0 means: read-write,
** create the file if missing, PostgreSQL dialect. */
#define PGM_OPEN_READONLY      0x0001  /* open read-only */
#define PGM_OPEN_NOCREATE      0x0002  /* fail with PGM_CANTOPEN if the file does not exist */
#define PGM_OPEN_SQLITE_DIALECT 0x0004 /* start in the SQLite dialect (see pgm_set_dialect) */
#define PGM_OPEN_URI           0x0008  /* interpret path as a SQLite URI ("file:x?mode=memory&cache=shared") */
#define PGM_OPEN_WAL           0x0010  /* put a database file in WAL mode (see below) */

/*
** Open a connection.  path is a file name, ":memory:" for a private
** in-memory database, or with PGM_OPEN_URI a SQLite URI such as
** "file:name?mode=memory&cache=shared" (an in-memory database shared by every
** connection of the process that opens the same name).  A new file is
** initialised as a pgmicro database; an existing SQLite file is opened as is.
**
** With PGM_OPEN_WAL a database file is switched to SQLite's write-ahead log
** (journal_mode=WAL; it stays so in the file, which any SQLite since 3.7 still
** opens): readers then never wait for the writer nor the writer for readers,
** which is what several connections on one file want (the wire server uses
** it).  Without it, the file's journal mode is left as it is.  The flag is
** ignored for in-memory databases and read-only connections.
**
** On success returns PGM_OK and stores a new handle in *out.  On failure
** returns an error code, stores NULL in *out and, if errp is not NULL, a new
** pgm_error in *errp that the caller frees with pgm_error_free().
*/
PGM_API int pgm_open(const char *path, int flags, pgm_db **out, pgm_error **errp);

/*
** Close a connection.  NULL-safe and idempotent in effect: closing a handle
** that still has unfinalized statements marks it closed and releases it when
** the last statement is finalized (so garbage-collected bindings may finalize
** late, in any order).  An open transaction is rolled back.  After this call
** the handle must not be used except to finalize its remaining statements.
** Returns PGM_OK.
*/
PGM_API int pgm_close(pgm_db *db);

/*
** Interrupt the statement running on db, from any thread.  The running
** pgm_step() returns PGM_INTERRUPTED with SQLSTATE 57014 ("canceling
** statement due to user request").  A call when nothing runs has no effect
** on later statements.
*/
PGM_API void pgm_interrupt(pgm_db *db);

/*
** Statement timeout in milliseconds for every later pgm_step() on db, like
** PostgreSQL's statement_timeout; 0 disables.  A step that runs longer
** returns PGM_INTERRUPTED with SQLSTATE 57014 ("canceling statement due to
** statement timeout").  Also settable with SET statement_timeout.
*/
PGM_API int pgm_set_statement_timeout(pgm_db *db, int64_t ms);

/*
** How long a statement waits for another connection's lock on the same file
** before failing with PGM_BUSY / SQLSTATE 55P03.  Default 5000 ms; 0 fails
** at once.  SQL can change it for the session with SET lock_timeout (where
** 0 means wait as long as it takes, as in PostgreSQL); RESET lock_timeout
** returns to the value given here.  A cancel or the statement timeout ends
** a wait in any case.
*/
PGM_API int pgm_set_busy_timeout(pgm_db *db, int ms);

/* Dialects (ABI).  The SQLite dialect runs plain SQLite SQL against the same
** database, for tooling and migrations; values then carry the OIDs of the
** declared PostgreSQL column types where known, else int8/float8/text/bytea. */
#define PGM_DIALECT_POSTGRES 0
#define PGM_DIALECT_SQLITE   1
/* Switch the dialect of later pgm_prepare() calls.  Also reachable from SQL:
** `SET pgmicro.dialect = 'sqlite'` in the PostgreSQL dialect and
** `SELECT pgmicro_dialect('postgres')` in the SQLite dialect. */
PGM_API int pgm_set_dialect(pgm_db *db, int dialect);
PGM_API int pgm_get_dialect(pgm_db *db);

/* Transaction status for protocol servers: 'I' idle, 'T' in a transaction
** block, 'E' in a failed transaction block (only ROLLBACK is accepted). */
PGM_API char pgm_transaction_status(pgm_db *db);

/*
** The implicit transaction block.  PostgreSQL runs the statements of one
** multi-statement Query message (psql -c "a; b; c") that are outside a
** transaction block as one transaction: an error in one undoes those before
** it and ends the message.  A caller that runs such a text statement by
** statement calls pgm_implicit_begin() before each statement and
** pgm_implicit_end() once after the last one run (or the first that failed).
**
** pgm_implicit_begin() opens an implicit block unless a block (implicit or
** explicit) is open already; it returns PGM_OK, or an error code (with *errp
** as for pgm_open) if the transaction cannot start.  Inside the implicit
** block, as in PostgreSQL: BEGIN turns it into an ordinary block silently;
** COMMIT and ROLLBACK warn "there is no transaction in progress" (25P01, a
** notice of that statement) and end it, so the next pgm_implicit_begin()
** opens a new one; SAVEPOINT is refused (25P01); VACUUM is refused as inside
** any block.
**
** pgm_implicit_end() ends an implicit block that is still open: it commits
** it, or rolls it back if a statement failed.  It does nothing if no
** implicit block is open (the text committed it, or turned it into an
** explicit block with BEGIN).  Returns PGM_OK, or the error of a failed
** COMMIT (after which the block is rolled back).
*/
PGM_API int pgm_implicit_begin(pgm_db *db, pgm_error **errp);
PGM_API int pgm_implicit_end(pgm_db *db, pgm_error **errp);

/*
** Run every statement of sql (NUL-terminated), discarding result rows.
** Stops at the first error: returns its code and, if errp is not NULL,
** stores a new pgm_error in *errp (free with pgm_error_free()).  A COPY TO
** STDOUT runs with its output discarded; a COPY FROM STDIN fails (57014),
** as it has no data: use pgm_step and pgm_copy_put.
*/
PGM_API int pgm_exec(pgm_db *db, const char *sql, pgm_error **errp);

/* -------------------------------------------------------------------------
** Statements
*/
typedef struct pgm_stmt pgm_stmt;

/*
** Prepare the first statement of sql (len bytes, or NUL-terminated when len
** is negative).  On success returns PGM_OK, stores the statement in *out and,
** if tail is not NULL, the byte offset just past that statement in *tail, so
** that multi-statement text is run as a loop over pgm_prepare(sql + tail).
** When sql holds no statement (only blanks or comments) *out is NULL and
** PGM_OK is returned.  On failure *out is NULL and *errp (if errp is not
** NULL) a new pgm_error; syntax errors carry SQLSTATE 42601 and the cursor
** position, features the engine does not implement SQLSTATE 0A000.
**
** Preparing the same text twice on a connection reuses the analysis done
** the first time; the statement is re-analysed transparently when the
** schema has changed since.
*/
PGM_API int pgm_prepare(pgm_db *db, const char *sql, int64_t len, pgm_stmt **out,
                        size_t *tail, pgm_error **errp);

/*
** pgm_prepare with declared parameter types, as a PostgreSQL client declares
** them in a Parse message or PREPARE name(int4, text): param_types[i] is the
** type OID of $(i+1), 0 to let the statement determine it.  A declared type
** is kept (SELECT $1 with int4 returns an int4 column).  nparam_types may
** exceed the parameters the text uses.  An unknown or unsupported OID fails
** with 42704 or 0A000.
*/
PGM_API int pgm_prepare_v2(pgm_db *db, const char *sql, int64_t len, const uint32_t *param_types,
                           int nparam_types, pgm_stmt **out, size_t *tail, pgm_error **errp);

/* Destroy a statement.  NULL-safe.  Borrowed values and the statement's
** error become invalid. */
PGM_API int pgm_finalize(pgm_stmt *stmt);

/* Reset a statement so it can be stepped again from the start; bindings are
** kept.  An unfinished transaction statement is completed first. */
PGM_API int pgm_reset(pgm_stmt *stmt);

/* The error of the last failed call on stmt (pgm_step, pgm_bind_*, pgm_reset),
** or NULL when the last call succeeded.  Borrowed: valid until the next call
** on stmt.  Use pgm_error_copy() to keep it. */
PGM_API const pgm_error *pgm_stmt_error(pgm_stmt *stmt);
/* A new copy of err, owned by the caller (pgm_error_free()).  NULL-safe. */
PGM_API pgm_error *pgm_error_copy(const pgm_error *err);

/* NOTICE and WARNING reports of the last execution of stmt, as PostgreSQL
** sends them ("table \"t\" does not exist, skipping", "there is no
** transaction in progress"): pgm_stmt_notice_count() of them, read with
** pgm_stmt_notice(stmt, i) for i from 0; pgm_error_severity() tells NOTICE
** from WARNING.  Borrowed: valid until the next step/reset/finalize of stmt.
** pgm_stmt_notice() returns NULL for an index out of range. */
PGM_API int pgm_stmt_notice_count(pgm_stmt *stmt);
PGM_API const pgm_error *pgm_stmt_notice(pgm_stmt *stmt, int i);

/* The SQL text of the statement (borrowed, valid until finalize). */
PGM_API const char *pgm_stmt_sql(pgm_stmt *stmt);

/* ---- Parameters ($1, $2, ...).  Indexes are 1-based. ----
**
** Each parameter has the PostgreSQL type the analyser inferred for it (from
** an explicit cast such as $1::int, from the column it is compared with or
** stored into, ...; text when nothing determines it).  A bound value is
** converted to that type the way PostgreSQL converts a parameter: text goes
** through the type's input function (so '42' binds to an int4 parameter and
** 'abc' fails with 22P02), numbers must fit (22003), and impossible
** combinations fail with 42804.  Binding returns PGM_OK or PGM_ERROR with
** the reason in pgm_stmt_error(); an unbound parameter is NULL.
*/
PGM_API int pgm_param_count(pgm_stmt *stmt);
/* Inferred type OID of parameter i (1-based); 0 for an invalid index. */
PGM_API uint32_t pgm_param_type(pgm_stmt *stmt, int i);
PGM_API int pgm_bind_null(pgm_stmt *stmt, int i);
PGM_API int pgm_bind_int64(pgm_stmt *stmt, int i, int64_t v);
PGM_API int pgm_bind_double(pgm_stmt *stmt, int i, double v);
PGM_API int pgm_bind_bool(pgm_stmt *stmt, int i, int v);
/* Text in PostgreSQL's input syntax of the parameter's type. */
PGM_API int pgm_bind_text(pgm_stmt *stmt, int i, const char *s, int64_t len);
/* Raw bytes for a bytea parameter (or UTF-8 text for a text parameter). */
PGM_API int pgm_bind_bytea(pgm_stmt *stmt, int i, const void *p, int64_t len);
/* A value given as PostgreSQL text of type OID type_oid (e.g. "2024-01-02"
** of type date): it is read with that type's input function, then cast to the
** parameter's type as an explicit cast would (42846 if no cast exists). */
PGM_API int pgm_bind_typed_text(pgm_stmt *stmt, int i, uint32_t type_oid,
                                const char *s, int64_t len);
/* A value given in PostgreSQL's binary format of type OID type_oid (what
** the type's receive function reads: a Bind parameter in format 1, a field
** of binary COPY), len bytes: big-endian int4 for int4, IEEE bits for
** float8, the days since 2000-01-01 for date, ndigits/weight/sign/dscale
** and base-10000 digits for numeric, array_send's layout for arrays, ...
** It is decoded, then converted to the parameter's type as
** pgm_bind_typed_text converts.  Fails with 22P03 "incorrect binary data
** format in bind parameter i" for bytes the type's receive function
** rejects, 0A000 for a type without a binary form here (see
** pgm_type_has_binary).  data NULL binds NULL. */
PGM_API int pgm_bind_binary(pgm_stmt *stmt, int i, uint32_t type_oid, const void *data, int64_t len);
/* 1 if the engine has PostgreSQL's binary format (send and receive
** functions) for type_oid, else 0: the PGM_OID_* scalar types and arrays
** of them. */
PGM_API int pgm_type_has_binary(uint32_t type_oid);
/* Set every parameter back to NULL. */
PGM_API int pgm_clear_bindings(pgm_stmt *stmt);

/* ---- Execution ---- */

/*
** Advance the statement.  Returns PGM_ROW when a row is available, PGM_DONE
** when the statement has completed (after the last row, or at once for a
** statement without rows), or an error code with pgm_stmt_error() set.
** After PGM_DONE, pgm_changes() and pgm_command_tag() describe the result;
** stepping again without pgm_reset() returns PGM_DONE again.
*/
PGM_API int pgm_step(pgm_stmt *stmt);

/* Rows inserted, updated, deleted or returned by the last completed
** execution (the number in the command tag). */
PGM_API int64_t pgm_changes(pgm_stmt *stmt);
/* PostgreSQL's command tag of the last completed execution: "INSERT 0 1",
** "UPDATE 3", "SELECT 2", "CREATE TABLE", "BEGIN", ...  Borrowed, valid until
** the next step/reset/finalize.  Empty before the statement completes. */
PGM_API const char *pgm_command_tag(pgm_stmt *stmt);

/* ---- Result columns (0-based; known as soon as the statement is prepared) ---- */
PGM_API int pgm_column_count(pgm_stmt *stmt);
/* Column name as PostgreSQL reports it ("?column?" for an unnamed expression).
** Borrowed, valid until finalize. */
PGM_API const char *pgm_column_name(pgm_stmt *stmt, int i);
/* PostgreSQL type OID of column i. */
PGM_API uint32_t pgm_column_type(pgm_stmt *stmt, int i);
/* pg_type.typname of column i ("int4", "numeric", "timestamptz"). Borrowed, static. */
PGM_API const char *pgm_column_type_name(pgm_stmt *stmt, int i);
/* Type modifier as PostgreSQL's atttypmod (-1 when none; varchar(n): n+4;
** numeric(p,s): ((p << 16) | s) + 4). */
PGM_API int32_t pgm_column_typmod(pgm_stmt *stmt, int i);

/* ---- Values of the current row ---- */
typedef struct pgm_value pgm_value;

/* The value of column i of the current row (after pgm_step() returned
** PGM_ROW).  Borrowed: valid until the next step/reset/finalize of stmt.
** NULL for an invalid index or when no row is current. */
PGM_API pgm_value *pgm_column_value(pgm_stmt *stmt, int i);
/* Fill out[0..n-1] with the values of the first n columns of the current row
** in one call (for bindings where each call crosses a costly boundary).
** Returns the number of values stored. */
PGM_API int pgm_row_values(pgm_stmt *stmt, pgm_value **out, int n);

/* Type OID of the value (the column's type). */
PGM_API uint32_t pgm_value_type(const pgm_value *v);
/* 1 if the value is SQL NULL, else 0. */
PGM_API int pgm_value_is_null(const pgm_value *v);
/* The value as a 64-bit integer: integers and booleans exactly; date, time,
** timestamp and timestamptz as PostgreSQL's binary (send) form: days since
** 2000-01-01 for date, microseconds since 2000-01-01 00:00 (UTC for
** timestamptz) or since midnight for time, +-infinity as INT32_MAX/INT32_MIN
** (date) or INT64_MAX/INT64_MIN; other types as PostgreSQL would cast them
** to int8 where that is lossless, else 0.  NULL gives 0. */
PGM_API int64_t pgm_value_int64(const pgm_value *v);
/* The value as a double: float4/float8 exactly, integers and numeric
** converted; NULL gives 0.0. */
PGM_API double pgm_value_double(const pgm_value *v);
/* Raw bytes: the bytes of a bytea value, the UTF-8 of a text value, the text
** output for any other type.  *len receives the length (may be NULL).
** Borrowed like the value.  NULL for SQL NULL. */
PGM_API const void *pgm_value_bytes(const pgm_value *v, size_t *len);
/* PostgreSQL's text output of the value (what psql shows: "t", "1.50",
** "2024-01-02 03:04:05+00", "\\x0102"), NUL-terminated, UTF-8.  *len
** receives the length in bytes (may be NULL).  Borrowed like the value.
** NULL for SQL NULL. */
PGM_API const char *pgm_value_text(const pgm_value *v, size_t *len);
/* PostgreSQL's binary format of the value: the bytes its type's send
** function produces, byte for byte what PostgreSQL 15 puts in a binary
** DataRow field or a binary COPY field (without the length word).  *len
** receives the length (may be NULL).  Borrowed: valid until the next
** pgm_value_binary() call on the same value or the next step/reset/
** finalize.  NULL for SQL NULL and for a type without a binary form
** (pgm_type_has_binary() is 0). */
PGM_API const void *pgm_value_binary(const pgm_value *v, size_t *len);

/* -------------------------------------------------------------------------
** COPY ... FROM STDIN and COPY ... TO STDOUT
**
** What PostgreSQL's COPY sub-protocol does over the wire, as calls.  The
** first pgm_step() of a COPY statement returns PGM_COPY_IN or PGM_COPY_OUT
** (like PQexec's PGRES_COPY_IN / PGRES_COPY_OUT; neither is an error) and
** the data then moves through the functions below.  Formats are PostgreSQL's
** text and CSV formats with all their options (DELIMITER, NULL, HEADER
** [MATCH], QUOTE, ESCAPE, FORCE_QUOTE, FORCE_NOT_NULL, FORCE_NULL, FREEZE,
** ENCODING 'UTF8', WHERE) and PostgreSQL's binary format (FORMAT binary:
** the "PGCOPY\n\377\r\n\0" signature, flags and header extension, then
** per row an int16 field count and per field an int32 length, -1 for NULL,
** and the bytes of pgm_value_binary; an int16 -1 trailer); files and
** programs are refused with 0A000.  While a COPY is in progress no other statement may run on
** the connection.
**
**   COPY FROM STDIN: call pgm_copy_put() any number of times with data in
**   chunks of any size (a row may span chunks), then pgm_copy_end().  The
**   rows go in together or not at all.  A bad row fails the call that
**   delivers it (22P02, 22P04 "missing data for column ...", 23505, ...,
**   with pgm_error_context() naming the line and column as PostgreSQL's
**   CONTEXT does); the COPY is then over and later calls return the same
**   code.  Inside a transaction block a failed COPY aborts the block.
**
**   COPY TO STDOUT: call pgm_copy_get() until it returns PGM_DONE.
**
** After PGM_DONE, pgm_command_tag() is "COPY n" and pgm_changes() n.
** pgm_reset() or pgm_finalize() during a COPY FROM abandons it (rolled back).
*/

/* Send data of a COPY FROM STDIN (len bytes; negative: NUL-terminated).
** Returns PGM_OK, or an error code with pgm_stmt_error() set. */
PGM_API int pgm_copy_put(pgm_stmt *stmt, const void *data, int64_t len);
/* End a COPY FROM STDIN.  errmsg NULL: the data is complete (a last line
** without a newline counts); returns PGM_DONE or an error code.  errmsg not
** NULL: the client gives up (PostgreSQL's CopyFail); nothing is inserted
** and the result is 57014 "COPY from stdin failed: errmsg". */
PGM_API int pgm_copy_end(pgm_stmt *stmt, const char *errmsg);
/* The next piece of a COPY TO STDOUT: one whole line (the header line, or
** one row), ending in a newline, in *buf with its length in *len.  In
** binary format one row per piece, as PostgreSQL sends its CopyData: the
** file header comes with the first row, the trailer as the last piece.  Borrowed:
** valid until the next call on stmt.  Returns PGM_ROW when a line is
** ready, PGM_DONE after the last one, or an error code. */
PGM_API int pgm_copy_get(pgm_stmt *stmt, const char **buf, size_t *len);
/* The number of columns a COPY statement transfers (what a server puts in
** CopyInResponse/CopyOutResponse); -1 if stmt is not a COPY. */
PGM_API int pgm_copy_column_count(pgm_stmt *stmt);
/* The data format of a COPY statement (ABI values); -1 if stmt is not a COPY. */
#define PGM_COPY_FORMAT_TEXT 0
#define PGM_COPY_FORMAT_CSV  1
#define PGM_COPY_FORMAT_BINARY 2
PGM_API int pgm_copy_format(pgm_stmt *stmt);

/* The CONTEXT of an error, as PostgreSQL reports it ("COPY t, line 3,
** column b: \"x\""), or NULL when there is none.  Owned by the error. */
PGM_API const char *pgm_error_context(const pgm_error *err);

#ifdef __cplusplus
}
#endif
#endif /* PGMICRO_H */

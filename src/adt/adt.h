/*
** adt.h — PostgreSQL's data types (after src/backend/utils/adt): for each
** type its storage form in SQLite, its input and output functions, and the
** C implementations of its operators and functions.
**
** STORAGE.  Every PostgreSQL type is stored in one SQLite storage class,
** chosen so that SQLite's own comparison gives PostgreSQL's order wherever
** possible (so indexes, ORDER BY, =, < work natively):
**
**   'i' INTEGER  int2 int4 int8 bool(0/1) oid
**                date        (days since 2000-01-01, PostgreSQL's own epoch)
**                timestamp   (microseconds since 2000-01-01 00:00, no zone)
**                timestamptz (microseconds since 2000-01-01 00:00 UTC)
**                time        (microseconds since midnight)
**                ±infinity as INT64_MAX / INT64_MIN (INT32 for date)
**   'f' REAL     float4 float8 (NaN as the TEXT 'NaN': columns are ANY)
**   't' TEXT     text varchar bpchar name json jsonb(normalised text)
**                numeric (canonical text: "-12.50", "NaN") — compared with
**                numeric_cmp, never as text
**                uuid (lowercase canonical text: sorts like PostgreSQL)
**                interval (PostgreSQL's output in the postgres style)
**   'b' BLOB     bytea
**
** FUNCTIONS.  A SQL-callable function is registered with SQLite under its
** pg_proc.prosrc name (int4pl, numeric_add, textcat, date_pli, ...), so the
** analyser, having resolved an operator or function through the generated
** pg_operator / pg_proc rows, emits a call to exactly that name.  Each adt
** file exports a table of AdtFunc rows; adt/registry.c collects them.
** Functions receive and return values in the storage form above.  A
** PostgreSQL error is raised with adt_error() (which records the SQLSTATE
** on the connection and makes SQLite abort the statement).
**
** STRICTNESS.  Most PostgreSQL functions are strict (NULL in, NULL out);
** registry.c makes every function flagged ADT_STRICT return NULL on any NULL
** argument before calling it, so implementations need not check.
*/
#ifndef PGM_ADT_H
#define PGM_ADT_H

#include "pgmint.h"

/* ---- storage and I/O of every type (adt/datum.c dispatches by OID) ---- */

/* Storage class of a type: 'i', 'f', 't', 'b' (see above); 0 if unknown. */
char adt_storage(Oid type);
/* Whether the engine implements the type at all (input, output, storage). */
bool adt_type_supported(Oid type);

/* Per-type I/O.  Each adt file exports a table of these rows (ending with
** a {0} row); datum.c dispatches adt_input / adt_output through them. */
typedef int (*AdtInFn)(pgm_db *db, int32_t typmod, const char *s, size_t n,
                       Datum *out, pgm_error **err);
typedef void (*AdtOutFn)(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out);
typedef struct AdtTypeIO {
  Oid type;
  char storage;          /* 'i', 'f', 't', 'b' */
  AdtInFn in;
  AdtOutFn out;
} AdtTypeIO;
extern const AdtTypeIO adt_int_types[], adt_float_types[], adt_numeric_types[],
    adt_bool_types[], adt_varlena_types[], adt_datetime_types[], adt_uuid_types[],
    adt_json_types[], adt_regproc_types[], adt_array_types[], adt_acl_types[];

/* 0 if s is valid UTF-8 without NUL bytes, else -1 with *err (22021). */
int adt_utf8_check(const char *s, size_t n, pgm_error **err);

/* A borrowed Datum view of a SQLite value (pointers valid as long as v). */
void adt_datum_from_value(sqlite3_value *v, Datum *out);

/* Text -> stored value (PostgreSQL's typinput).  s is n bytes, not
** necessarily NUL-terminated.  typmod applies (varchar(3), numeric(5,2)).
** Returns 0 and fills *out, or -1 and sets *err (22P02, 22003, 22007,
** 22008, 22001 ...) with PostgreSQL's message, e.g.
** invalid input syntax for type integer: "abc". */
int adt_input(pgm_db *db, Oid type, int32_t typmod, const char *s, size_t n,
              Datum *out, pgm_error **err);

/* Stored value -> PostgreSQL's text output (typoutput), appended to out.
** v is never SQL NULL here. */
void adt_output(pgm_db *db, Oid type, int32_t typmod, sqlite3_value *v, StrBuf *out);
/* Same, for a Datum (used for constants and bind values). */
void adt_output_datum(pgm_db *db, Oid type, int32_t typmod, const Datum *d, StrBuf *out);

/* ---- SQL-callable functions ---- */
typedef void (*AdtFn)(sqlite3_context *ctx, int argc, sqlite3_value **argv);
typedef void (*AdtFinal)(sqlite3_context *ctx);

enum {
  ADT_STRICT = 1,        /* NULL argument -> NULL result, without calling */
  ADT_VOLATILE = 2,      /* not SQLITE_DETERMINISTIC (now(), random(), nextval) */
};

typedef struct AdtFunc {
  const char *name;      /* pg_proc.prosrc, or pgm_* for engine-internal helpers */
  int nargs;             /* -1 for variadic */
  int flags;
  AdtFn fn;
} AdtFunc;

/* An aggregate, identified by its pg_proc OID (aggfnoid), registered under
** the SQLite name sqlname. */
typedef struct AdtAgg {
  Oid fnoid;
  const char *sqlname;
  int nargs;
  AdtFn step;
  AdtFinal final;
} AdtAgg;

/* Tables exported by the adt files; each ends with a {NULL} row. */
extern const AdtFunc adt_int_funcs[];       /* int.c      int2, int4, int8, oid */
extern const AdtFunc adt_float_funcs[];     /* float.c    float4, float8 */
extern const AdtFunc adt_numeric_funcs[];   /* numeric.c  numeric (GMP) */
extern const AdtFunc adt_bool_funcs[];      /* bool.c */
extern const AdtFunc adt_varlena_funcs[];   /* varlena.c  text, varchar, bpchar, bytea */
extern const AdtFunc adt_datetime_funcs[];  /* date.c, timestamp.c */
extern const AdtFunc adt_uuid_funcs[];      /* uuid.c */
extern const AdtFunc adt_json_funcs[];      /* jsonb.c */
extern const AdtFunc adt_regexp_funcs[];    /* regexp.c   ~, regexp_replace, SIMILAR TO (PCRE2) */
extern const AdtFunc adt_misc_funcs[];      /* datum.c: pgm_in, pgm_out, pgm_onerow */
extern const AdtFunc adt_settings_funcs[];  /* engine/utility.c: pgm_show */
extern const AdtFunc adt_sequence_funcs[];  /* engine/sequence.c: pgm_nextval, ..., pgm_notnull */
extern const AdtFunc adt_violation_funcs[]; /* engine/violation.c: pgm_violation_note */
extern const AdtFunc adt_array_funcs[];     /* arrayfuncs.c  one-dimensional arrays */
extern const AdtFunc adt_dbsize_funcs[];    /* dbsize.c   pg_relation_size, pg_size_pretty, ... */
extern const AdtAgg adt_aggregates[];       /* aggregates.c */
extern const AdtAgg adt_array_aggregates[]; /* arrayfuncs.c: array_agg */
extern const AdtAgg adt_ordered_aggregates[]; /* ordered_agg.c: string_agg(... ORDER BY ...) */

/* Find the implementation registered under name (NULL if none). */
const AdtFunc *adt_lookup(const char *name);
/* Find an aggregate implementation by aggfnoid (NULL if none). */
const AdtAgg *adt_lookup_agg(Oid fnoid);
/* An aggregate that takes its rows' order into account (ORDER BY inside the call). */
const AdtAgg *adt_lookup_ordered_agg(Oid fnoid);
/* The collation that gives a text-stored type PostgreSQL's order and
** equality ("pgm_numeric", "pgm_interval", "RTRIM"), or NULL when SQLite's
** own comparison of the storage form is already right (collations.c). */
const char *adt_collation(Oid type);
int adt_register_collations(pgm_db *db);
/* Compare two texts under one of those collations (NULL: byte order). */
int adt_collate(const char *coll, const char *a, int na, const char *b, int nb);
/* The table-valued functions (series.c). */
int adt_register_series(pgm_db *db);
/* lateral.c: pgm_lateral, the table function LATERAL subqueries run through. */
int adt_register_lateral(pgm_db *db);
/* unnest(anyarray) as the table-valued function pgm_unnest (arrayfuncs.c). */
int adt_register_unnest(pgm_db *db);
/* Append an element given in its stored form (v) to array text, quoted as
** array_out does; SQL NULL prints NULL (arrayfuncs.c). */
void adt_array_put_elem(pgm_db *db, Oid elem, sqlite3_value *v, StrBuf *b);
/* The fixed settings (DateStyle ISO, IntervalStyle postgres,
** extra_float_digits 1) under which stored array element text is written
** and read; leave gives the session's back (arrayfuncs.c). */
typedef struct AdtCanon { char *datestyle, *intervalstyle; int extra_float_digits; } AdtCanon;
void adt_canon_enter(pgm_db *db, AdtCanon *saved);
void adt_canon_leave(pgm_db *db, const AdtCanon *saved);

/* Register every function and aggregate on a new connection. */
int adt_register_all(pgm_db *db);

/* ---- helpers for implementations ---- */

/* Raise a PostgreSQL error from inside a SQL function: records it on the
** connection (db->pending) and calls sqlite3_result_error().  The function
** must return right after. */
void adt_error(sqlite3_context *ctx, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Turn an error built with pgm_error_new() into a raised error (takes ownership). */
void adt_raise(sqlite3_context *ctx, pgm_error *e);
/* The connection a function runs on. */
pgm_db *adt_db(sqlite3_context *ctx);
/* Return a Datum as the function's result (takes ownership of its memory). */
void adt_result_datum(sqlite3_context *ctx, Datum *d);
/* A float4/float8 argument: REAL, or NaN stored as the TEXT 'NaN' (float.c). */
double adt_float_value(sqlite3_value *v);
/* Return a float4/float8 result: NaN as the TEXT 'NaN', anything else REAL. */
void adt_result_float(sqlite3_context *ctx, double r);

#endif

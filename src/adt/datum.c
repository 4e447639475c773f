/*
** datum.c — input and output of every type, dispatched by type OID, and the
** generic SQL functions built on them:
**
**   pgm_out(value, type_oid, typmod)   stored value -> PostgreSQL text (casts to text)
**   pgm_in(text, type_oid, typmod)     PostgreSQL text -> stored value (casts from text)
**
** Each adt file owns the I/O of its types through an AdtTypeIO table.
*/
#include "adt/adt.h"

#include <stdlib.h>
#include <string.h>

static const AdtTypeIO *const io_tables[] = {
  adt_int_types, adt_float_types, adt_numeric_types, adt_bool_types,
  adt_varlena_types, adt_datetime_types, adt_uuid_types, adt_json_types,
  adt_regproc_types, adt_array_types, adt_acl_types,
};

static const AdtTypeIO *find_io(Oid type) {
  for (size_t t = 0; t < sizeof(io_tables) / sizeof(io_tables[0]); t++)
    for (const AdtTypeIO *io = io_tables[t]; io->type; io++)
      if (io->type == type) return io;
  return NULL;
}

char adt_storage(Oid type) {
  const AdtTypeIO *io = find_io(type);
  return io ? io->storage : 0;
}

bool adt_type_supported(Oid type) { return find_io(type) != NULL; }

int adt_input(pgm_db *db, Oid type, int32_t typmod, const char *s, size_t n, Datum *out,
              pgm_error **err) {
  const AdtTypeIO *io = find_io(type);
  memset(out, 0, sizeof *out);
  if (!io) {
    const PgType *t = pgm_type_by_oid(type);
    *err = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "type %s is not supported by pgmicro",
                         t ? t->format_name : "?");
    return -1;
  }
  return io->in(db, typmod, s, n, out, err);
}

void adt_datum_from_value(sqlite3_value *v, Datum *d) {
  memset(d, 0, sizeof *d);
  switch (sqlite3_value_type(v)) {
  case SQLITE_INTEGER: d->kind = D_INT; d->i = sqlite3_value_int64(v); break;
  case SQLITE_FLOAT: d->kind = D_FLOAT; d->f = sqlite3_value_double(v); break;
  case SQLITE_TEXT:
    d->kind = D_TEXT;
    d->p = (char *)sqlite3_value_text(v);
    d->n = (size_t)sqlite3_value_bytes(v);
    break;
  case SQLITE_BLOB:
    d->kind = D_BLOB;
    d->p = (char *)sqlite3_value_blob(v);
    d->n = (size_t)sqlite3_value_bytes(v);
    break;
  default: d->kind = D_NULL; break;
  }
}

void adt_output_datum(pgm_db *db, Oid type, int32_t typmod, const Datum *d, StrBuf *out) {
  const AdtTypeIO *io = find_io(type);
  if (io) { io->out(db, typmod, d, out); return; }
  /* A value of a type without output function can only come from the
  ** SQLite dialect or a foreign table: show SQLite's own rendering. */
  switch (d->kind) {
  case D_INT: sb_printf(out, "%lld", (long long)d->i); break;
  case D_FLOAT: sb_printf(out, "%.17g", d->f); break;
  case D_TEXT: case D_BLOB: sb_putn(out, d->p, d->n); break;
  case D_NULL: break;
  }
}

void adt_output(pgm_db *db, Oid type, int32_t typmod, sqlite3_value *v, StrBuf *out) {
  Datum d;
  adt_datum_from_value(v, &d);
  adt_output_datum(db, type, typmod, &d, out);
}

/* pgm_out(value, type_oid, typmod): the I/O conversion cast to text. */
static void fn_pgm_out(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  StrBuf b = STRBUF_INIT;
  adt_output(adt_db(ctx), (Oid)sqlite3_value_int64(argv[1]), sqlite3_value_int(argv[2]), argv[0], &b);
  sqlite3_result_text(ctx, b.p ? b.p : "", (int)b.n, b.p ? free : SQLITE_TRANSIENT);
}

/* pgm_in(text, type_oid, typmod): the I/O conversion cast from text. */
static void fn_pgm_in(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  Datum d;
  pgm_error *err = NULL;
  const char *s = (const char *)sqlite3_value_text(argv[0]);
  size_t n = (size_t)sqlite3_value_bytes(argv[0]);
  if (adt_input(adt_db(ctx), (Oid)sqlite3_value_int64(argv[1]), sqlite3_value_int(argv[2]), s, n,
                &d, &err) != 0) {
    adt_raise(ctx, err);
    return;
  }
  adt_result_datum(ctx, &d);
}

/* Engine-internal functions that belong to no single type. */
static void fn_pgm_onerow(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/* pgm_limit(value, is_offset): LIMIT/OFFSET as PostgreSQL reads them. */
static void fn_pgm_limit(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  bool offset = sqlite3_value_int(argv[1]) != 0;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) { sqlite3_result_int64(ctx, offset ? 0 : -1); return; }
  sqlite3_int64 v = sqlite3_value_int64(argv[0]);
  if (v < 0) {
    adt_error(ctx, offset ? "2201X" : "2201W", "%s must not be negative", offset ? "OFFSET" : "LIMIT");
    return;
  }
  sqlite3_result_int64(ctx, v);
}

const AdtFunc adt_misc_funcs[] = {
  {"pgm_out", 3, ADT_STRICT, fn_pgm_out},
  {"pgm_in", 3, ADT_STRICT, fn_pgm_in},
  {"pgm_onerow", 2, 0, fn_pgm_onerow},
  {"pgm_limit", 2, 0, fn_pgm_limit},
  {NULL, 0, 0, NULL},
};

/* pgm_onerow(value, rowcount): a scalar subquery's value, or error 21000
** when the subquery produced more than one row (SQLite would silently take
** the first; PostgreSQL refuses). */
static void fn_pgm_onerow(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (sqlite3_value_int64(argv[1]) > 1) {
    adt_error(ctx, ERRCODE_CARDINALITY_VIOLATION,
              "more than one row returned by a subquery used as an expression");
    return;
  }
  sqlite3_result_value(ctx, argv[0]);
}

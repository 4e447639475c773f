/*
** registry.c — puts every adt function and aggregate on a connection, and
** finds them by name for the analyser.
**
** The analyser resolves an operator or a function to a pg_proc row exactly
** as PostgreSQL does; whether pgmicro can run that row is answered here: a
** function is runnable when an AdtFunc of the same prosrc name exists.
** Anything else is rejected with 0A000 at analysis time, never emitted.
*/
#include "adt/adt.h"
#include "catalog/pgcatalog.h"

#include <stdlib.h>
#include <string.h>

static const AdtFunc *const func_tables[] = {
  adt_int_funcs, adt_float_funcs, adt_numeric_funcs, adt_bool_funcs,
  adt_varlena_funcs, adt_datetime_funcs, adt_uuid_funcs, adt_json_funcs, adt_regexp_funcs,
  adt_misc_funcs, adt_settings_funcs, adt_sequence_funcs, adt_catalog_funcs,
  adt_array_funcs, adt_dbsize_funcs, adt_violation_funcs,
};
#define NTABLES (sizeof(func_tables) / sizeof(func_tables[0]))

const AdtFunc *adt_lookup(const char *name) {
  for (size_t t = 0; t < NTABLES; t++)
    for (const AdtFunc *f = func_tables[t]; f->name; f++)
      if (!strcmp(f->name, name)) return f;
  return NULL;
}

const AdtAgg *adt_lookup_agg(Oid fnoid) {
  for (const AdtAgg *a = adt_aggregates; a->sqlname; a++)
    if (a->fnoid == fnoid) return a;
  for (const AdtAgg *a = adt_array_aggregates; a->sqlname; a++)
    if (a->fnoid == fnoid) return a;
  return NULL;
}

const AdtAgg *adt_lookup_ordered_agg(Oid fnoid) {
  for (const AdtAgg *a = adt_ordered_aggregates; a->sqlname; a++)
    if (a->fnoid == fnoid) return a;
  return NULL;
}

/* Every function and aggregate gets a slot as its SQLite user data: the
** connection it runs on (adt_db) and the implementation to call. */
typedef struct FuncSlot { pgm_db *db; AdtFn fn; int strict; } FuncSlot;

pgm_db *adt_db(sqlite3_context *ctx) { return ((FuncSlot *)sqlite3_user_data(ctx))->db; }

void adt_raise(sqlite3_context *ctx, pgm_error *e) {
  pgm_db *db = adt_db(ctx);
  /* The first error wins: SQLite may call further functions before it
  ** notices the failure, and PostgreSQL reports the first one. */
  if (db->pending) pgm_error_free(e);
  else db->pending = e;
  sqlite3_result_error(ctx, db->pending->message, -1);
}

void adt_error(sqlite3_context *ctx, const char *sqlstate, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  pgm_error *e = pgm_error_newv(sqlstate, fmt, ap);
  va_end(ap);
  adt_raise(ctx, e);
}

void adt_result_datum(sqlite3_context *ctx, Datum *d) {
  switch (d->kind) {
  case D_NULL: sqlite3_result_null(ctx); break;
  case D_INT: sqlite3_result_int64(ctx, d->i); break;
  case D_FLOAT: sqlite3_result_double(ctx, d->f); break;
  case D_TEXT: sqlite3_result_text(ctx, d->p, (int)d->n, free); d->p = NULL; break;
  case D_BLOB: sqlite3_result_blob(ctx, d->p, (int)d->n, free); d->p = NULL; break;
  }
  d->kind = D_NULL;
}

/* Strict functions: NULL in, NULL out, decided here once for all of them. */
static void call_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  FuncSlot *slot = sqlite3_user_data(ctx);
  if (slot->strict)
    for (int i = 0; i < argc; i++)
      if (sqlite3_value_type(argv[i]) == SQLITE_NULL) { sqlite3_result_null(ctx); return; }
  slot->fn(ctx, argc, argv);
}

static FuncSlot *new_slot(pgm_db *db, AdtFn fn, int strict) {
  FuncSlot *slot = pgm_malloc(sizeof *slot);
  slot->db = db;
  slot->fn = fn;
  slot->strict = strict;
  return slot;
}

static int register_func(pgm_db *db, const AdtFunc *f) {
  int flags = SQLITE_UTF8 | ((f->flags & ADT_VOLATILE) ? 0 : SQLITE_DETERMINISTIC);
  return sqlite3_create_function_v2(db->sq, f->name, f->nargs, flags,
                                    new_slot(db, f->fn, f->flags & ADT_STRICT), call_func,
                                    NULL, NULL, free);
}

int adt_register_all(pgm_db *db) {
  if (adt_register_collations(db) != 0 || adt_register_series(db) != 0 || syscat_register(db) != 0 ||
      adt_register_unnest(db) != 0 || adt_register_lateral(db) != 0) return -1;
  for (size_t t = 0; t < NTABLES; t++)
    for (const AdtFunc *f = func_tables[t]; f->name; f++)
      if (register_func(db, f) != SQLITE_OK) return -1;
  for (const AdtAgg *a = adt_ordered_aggregates; a->sqlname; a++)
    if (sqlite3_create_function_v2(db->sq, a->sqlname, a->nargs, SQLITE_UTF8,
                                   new_slot(db, NULL, 0), NULL, a->step, a->final,
                                   free) != SQLITE_OK)
      return -1;
  for (const AdtAgg *a = adt_array_aggregates; a->sqlname; a++)
    if (sqlite3_create_function_v2(db->sq, a->sqlname, a->nargs, SQLITE_UTF8,
                                   new_slot(db, NULL, 0), NULL, a->step, a->final,
                                   free) != SQLITE_OK)
      return -1;
  for (const AdtAgg *a = adt_aggregates; a->sqlname; a++)
    if (sqlite3_create_function_v2(db->sq, a->sqlname, a->nargs, SQLITE_UTF8,
                                   new_slot(db, NULL, 0), NULL, a->step, a->final,
                                   free) != SQLITE_OK)
      return -1;
  return 0;
}

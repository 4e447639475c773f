/*
** sequence.c — nextval, currval and setval over the pgm_sequence table
** (serial and bigserial columns use them through their DEFAULT).
**
** Unlike PostgreSQL's, these sequences are transactional: a value handed
** out in a transaction that rolls back is handed out again.  Values stay
** unique and increasing, which is what serial columns need.
*/
#include "engine/engine.h"
#include "adt/adt.h"

#include <stdlib.h>
#include <string.h>


static pgm_error *seq_missing(const char *name) {
  return pgm_error_new(ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", name);
}

/* Strip a "public." prefix and an explicit regclass-style quoting. */
static const char *seq_name(const char *s) {
  if (!strncmp(s, "public.", 7)) return s + 7;
  return s;
}

static void fn_nextval(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  pgm_db *db = adt_db(ctx);
  const char *name = seq_name((const char *)sqlite3_value_text(argv[0]));
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db->sq,
        "UPDATE pgm_sequence SET last_value = CASE WHEN is_called THEN last_value + increment ELSE last_value END, "
        "is_called = 1 WHERE seqname = ?1 RETURNING last_value, minvalue, maxvalue", -1, &st, NULL) != SQLITE_OK) {
    adt_error(ctx, ERRCODE_INTERNAL_ERROR, "%s", sqlite3_errmsg(db->sq));
    return;
  }
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) adt_raise(ctx, seq_missing(name));
    else adt_error(ctx, ERRCODE_INTERNAL_ERROR, "%s", sqlite3_errmsg(db->sq));
    return;
  }
  int64_t v = sqlite3_column_int64(st, 0), min = sqlite3_column_int64(st, 1), max = sqlite3_column_int64(st, 2);
  sqlite3_step(st);
  sqlite3_finalize(st);
  if (v > max || v < min) {
    adt_error(ctx, ERRCODE_SEQUENCE_GENERATOR_LIMIT_EXCEEDED, "nextval: reached maximum value of sequence \"%s\" (%lld)",
              name, (long long)max);
    return;
  }
  sqlite3_result_int64(ctx, v);
}

static void fn_currval(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  pgm_db *db = adt_db(ctx);
  const char *name = seq_name((const char *)sqlite3_value_text(argv[0]));
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db->sq, "SELECT last_value, is_called FROM pgm_sequence WHERE seqname = ?1", -1, &st, NULL) != SQLITE_OK) {
    adt_error(ctx, ERRCODE_INTERNAL_ERROR, "%s", sqlite3_errmsg(db->sq));
    return;
  }
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_ROW) { sqlite3_finalize(st); adt_raise(ctx, seq_missing(name)); return; }
  int64_t v = sqlite3_column_int64(st, 0);
  int called = sqlite3_column_int(st, 1);
  sqlite3_finalize(st);
  if (!called) {
    adt_error(ctx, ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE, "currval of sequence \"%s\" is not yet defined in this session", name);
    return;
  }
  sqlite3_result_int64(ctx, v);
}

static void fn_setval(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  pgm_db *db = adt_db(ctx);
  const char *name = seq_name((const char *)sqlite3_value_text(argv[0]));
  int64_t v = sqlite3_value_int64(argv[1]);
  int called = argc > 2 ? sqlite3_value_int(argv[2]) : 1;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db->sq, "UPDATE pgm_sequence SET last_value = ?2, is_called = ?3 WHERE seqname = ?1 "
                         "RETURNING minvalue, maxvalue", -1, &st, NULL) != SQLITE_OK) {
    adt_error(ctx, ERRCODE_INTERNAL_ERROR, "%s", sqlite3_errmsg(db->sq));
    return;
  }
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, v);
  sqlite3_bind_int(st, 3, called);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) { sqlite3_finalize(st); adt_raise(ctx, seq_missing(name)); return; }
  int64_t min = sqlite3_column_int64(st, 0), max = sqlite3_column_int64(st, 1);
  sqlite3_step(st);
  sqlite3_finalize(st);
  if (v < min || v > max) {
    adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "setval: value %lld is out of bounds for sequence \"%s\" (%lld..%lld)",
              (long long)v, name, (long long)min, (long long)max);
    return;
  }
  sqlite3_result_int64(ctx, v);
}

/* pgm_notnull(value, column, table): SQLite fills a NULL INTEGER PRIMARY KEY
** with a fresh rowid; PostgreSQL rejects the NULL. */
static void fn_notnull(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    adt_error(ctx, ERRCODE_NOT_NULL_VIOLATION, "null value in column \"%s\" of relation \"%s\" violates not-null constraint",
              sqlite3_value_text(argv[1]), sqlite3_value_text(argv[2]));
    return;
  }
  sqlite3_result_value(ctx, argv[0]);
}

const AdtFunc adt_sequence_funcs[] = {
  {"pgm_nextval", 1, ADT_STRICT | ADT_VOLATILE, fn_nextval},
  {"pgm_currval", 1, ADT_STRICT | ADT_VOLATILE, fn_currval},
  {"pgm_setval", 2, ADT_STRICT | ADT_VOLATILE, fn_setval},
  {"pgm_setval", 3, ADT_STRICT | ADT_VOLATILE, fn_setval},
  {"pgm_notnull", 3, 0, fn_notnull},
  {NULL, 0, 0, NULL},
};

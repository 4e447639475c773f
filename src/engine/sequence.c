/*
** sequence.c — nextval, currval and setval over the pgm_sequence table
** (serial and bigserial columns use them through their DEFAULT).
**
** Unlike PostgreSQL's, these sequences are transactional: a value handed
** out in a transaction that rolls back is handed out again.  Values stay
** unique and increasing, which is what serial columns need.
*/
#include "engine/engine.h"
#include "engine/violation.h"
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

static void remember(pgm_db *db, const char *name, int64_t v) {
  for (int i = 0; i < db->nseqmarks; i++)
    if (!strcmp(db->seqmarks[i].name, name)) {
      if (v > db->seqmarks[i].value) db->seqmarks[i].value = v;
      return;
    }
  db->seqmarks = pgm_realloc(db->seqmarks, sizeof(*db->seqmarks) * (size_t)(db->nseqmarks + 1));
  db->seqmarks[db->nseqmarks].name = pgm_strdup(name);
  db->seqmarks[db->nseqmarks++].value = v;
}

/* After a rollback, put back every value handed out, so no value is given
** twice (PostgreSQL's sequences ignore rollbacks). */
void sequence_restore(pgm_db *db) {
  if (!db->nseqmarks || db->closed) return;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db->sq, "UPDATE pgm_sequence SET last_value = ?2, is_called = 1 "
                         "WHERE seqname = ?1 AND (last_value < ?2 OR NOT is_called)", -1, &st, NULL) != SQLITE_OK)
    return;
  for (int i = 0; i < db->nseqmarks; i++) {
    sqlite3_bind_text(st, 1, db->seqmarks[i].name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, db->seqmarks[i].value);
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
}

void sequence_free(pgm_db *db) {
  for (int i = 0; i < db->nseqmarks; i++) free(db->seqmarks[i].name);
  free(db->seqmarks);
  db->seqmarks = NULL;
  db->nseqmarks = 0;
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
  remember(db, name, v);
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
  if (violation_null_key(ctx, argv)) return;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    adt_error(ctx, ERRCODE_NOT_NULL_VIOLATION, "null value in column \"%s\" of relation \"%s\" violates not-null constraint",
              sqlite3_value_text(argv[1]), sqlite3_value_text(argv[2]));
    return;
  }
  sqlite3_result_value(ctx, argv[0]);
}

/* pgm_conflict_once(k1, ...): 1, or error 21000 when the running INSERT ...
** ON CONFLICT DO UPDATE proposes the same key twice (SQLite would let the
** second row update the first; PostgreSQL refuses).  NULL keys never conflict. */
static void fn_conflict_once(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  pgm_db *db = adt_db(ctx);
  StrBuf key = STRBUF_INIT;
  for (int i = 0; i < argc; i++) {
    int t = sqlite3_value_type(argv[i]);
    if (t == SQLITE_NULL) { sb_free(&key); sqlite3_result_int(ctx, 1); return; }
    sb_printf(&key, "%d:%d:", t, sqlite3_value_bytes(argv[i]));
    if (t == SQLITE_BLOB) sb_putn(&key, sqlite3_value_blob(argv[i]), (size_t)sqlite3_value_bytes(argv[i]));
    else sb_putn(&key, (const char *)sqlite3_value_text(argv[i]), (size_t)sqlite3_value_bytes(argv[i]));
  }
  for (int i = 0; i < db->nupsert_keys; i++)
    if (!strcmp(db->upsert_keys[i], sb_str(&key))) {
      sb_free(&key);
      pgm_error *e = pgm_error_new(ERRCODE_CARDINALITY_VIOLATION, "ON CONFLICT DO UPDATE command cannot affect row a second time");
      pgm_error_set_hint(e, "Ensure that no rows proposed for insertion within the same command have duplicate constrained values.");
      adt_raise(ctx, e);
      return;
    }
  db->upsert_keys = pgm_realloc(db->upsert_keys, sizeof(char *) * (size_t)(db->nupsert_keys + 1));
  db->upsert_keys[db->nupsert_keys++] = sb_detach(&key);
  sqlite3_result_int(ctx, 1);
}

void upsert_keys_clear(pgm_db *db) {
  for (int i = 0; i < db->nupsert_keys; i++) free(db->upsert_keys[i]);
  free(db->upsert_keys);
  db->upsert_keys = NULL;
  db->nupsert_keys = 0;
}

const AdtFunc adt_sequence_funcs[] = {
  {"pgm_conflict_once", -1, ADT_VOLATILE, fn_conflict_once},
  {"pgm_nextval", 1, ADT_STRICT | ADT_VOLATILE, fn_nextval},
  {"pgm_currval", 1, ADT_STRICT | ADT_VOLATILE, fn_currval},
  {"pgm_setval", 2, ADT_STRICT | ADT_VOLATILE, fn_setval},
  {"pgm_setval", 3, ADT_STRICT | ADT_VOLATILE, fn_setval},
  {"pgm_notnull", 3, 0, fn_notnull},
  {NULL, 0, 0, NULL},
};

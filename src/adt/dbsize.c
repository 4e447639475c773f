/*
** dbsize.c — relation and database sizes (after PostgreSQL's
** utils/adt/dbsize.c): pg_relation_size, pg_table_size, pg_indexes_size,
** pg_total_relation_size, pg_database_size and pg_size_pretty.
**
** A size is the bytes of the SQLite b-tree pages that hold the relation,
** read from SQLite's dbstat virtual table; PostgreSQL's byte counts (8 kB
** heap pages, free-space and visibility maps, TOAST) cannot be reproduced
** and are not imitated.  So, unlike PostgreSQL:
**   - an empty table still has its root page (one page, not 0 bytes);
**   - a PRIMARY KEY on one integer column is the table's own rowid b-tree
**     and has no pages of its own: its index is 0 bytes;
**   - sequences and views keep no pages: 0 bytes;
**   - pg_table_size equals pg_relation_size(..., 'main'); the fsm, vm and
**     init forks are 0 bytes.
*/
#include "adt/adt.h"
#include "catalog/pgcatalog.h"

#include <stdlib.h>
#include <string.h>

/* Bytes of the b-tree named btree (0 if none). */
static int64_t size_btree(pgm_db *db, const char *btree) {
  sqlite3_stmt *st;
  int64_t n = 0;
  if (sqlite3_prepare_v2(db->sq, "SELECT pgsize FROM dbstat('main', 1) WHERE name = ?1", -1, &st, NULL) != SQLITE_OK) return 0;
  sqlite3_bind_text(st, 1, btree, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

/* The key columns (cids, in order) of SQLite index idx, as "1 2 ". */
static void size_index_cols(pgm_db *db, const char *idx, StrBuf *out) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db->sq, "SELECT cid FROM pragma_index_info(?1) ORDER BY seqno", -1, &st, NULL) != SQLITE_OK) return;
  sqlite3_bind_text(st, 1, idx, -1, SQLITE_STATIC);
  while (sqlite3_step(st) == SQLITE_ROW) sb_printf(out, "%d ", sqlite3_column_int(st, 0));
  sqlite3_finalize(st);
}

/* pgm_constraint.conkey ("0", "1 2", ...) normalised as size_index_cols prints. */
static void size_conkey(const char *conkey, StrBuf *out) {
  for (const char *p = conkey; *p;) {
    if (*p < '0' || *p > '9') { p++; continue; }
    char *end;
    long v = strtol(p, &end, 10);
    sb_printf(out, "%ld ", v);
    p = end;
  }
}

/* The SQLite index behind the PRIMARY KEY or UNIQUE constraint conname of
** table (SQLite names it sqlite_autoindex_<table>_<n>): the one of the same
** origin over the same columns.  NULL when there is none (a rowid key). */
static char *size_constraint_index(pgm_db *db, const char *table, const char *conname) {
  sqlite3_stmt *st;
  char *found = NULL;
  if (sqlite3_prepare_v2(db->sq, "SELECT contype, conkey FROM pgm_constraint WHERE relname = ?1 AND conname = ?2", -1, &st, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, conname, -1, SQLITE_STATIC);
  StrBuf want = STRBUF_INIT;
  char origin[3] = "";
  if (sqlite3_step(st) == SQLITE_ROW) {
    const char *type = (const char *)sqlite3_column_text(st, 0);
    strcpy(origin, type && *type == 'p' ? "pk" : "u");
    size_conkey((const char *)sqlite3_column_text(st, 1), &want);
  }
  sqlite3_finalize(st);
  if (*origin && sqlite3_prepare_v2(db->sq, "SELECT name FROM pragma_index_list(?1) WHERE origin = ?2", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, origin, -1, SQLITE_STATIC);
    while (!found && sqlite3_step(st) == SQLITE_ROW) {
      const char *idx = (const char *)sqlite3_column_text(st, 0);
      StrBuf got = STRBUF_INIT;
      size_index_cols(db, idx, &got);
      if (!strcmp(sb_str(&got), sb_str(&want))) found = pgm_strdup(idx);
      sb_free(&got);
    }
    sqlite3_finalize(st);
  }
  sb_free(&want);
  return found;
}

static bool size_is_sqlite_index(pgm_db *db, const char *name) {
  sqlite3_stmt *st;
  bool yes = false;
  if (sqlite3_prepare_v2(db->sq, "SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?1", -1, &st, NULL) != SQLITE_OK) return false;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  yes = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return yes;
}

/* Bytes of one relation's own pages. */
static int64_t size_relation(pgm_db *db, char kind, const char *name, const char *parent) {
  if (kind == 'r') return size_btree(db, name);
  if (kind != 'i' || !parent) return 0;
  if (size_is_sqlite_index(db, name)) return size_btree(db, name);
  char *idx = size_constraint_index(db, parent, name);
  int64_t n = idx ? size_btree(db, idx) : 0;
  free(idx);
  return n;
}

/* The indexes of table: the user relations of kind 'i' whose parent it is. */
static int64_t size_indexes(pgm_db *db, const char *table) {
  sqlite3_stmt *st;
  int64_t n = 0;
  static const char *const sql =
    "SELECT conname FROM pgm_constraint WHERE relname = ?1 AND contype IN ('p', 'u', 'i')"
    " UNION SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL";
  if (sqlite3_prepare_v2(db->sq, sql, -1, &st, NULL) != SQLITE_OK) return 0;
  sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
  while (sqlite3_step(st) == SQLITE_ROW) n += size_relation(db, 'i', (const char *)sqlite3_column_text(st, 0), table);
  sqlite3_finalize(st);
  return n;
}

typedef enum { SIZE_MAIN, SIZE_TABLE, SIZE_INDEXES, SIZE_TOTAL } SizeWhat;

/* One of the size functions of relation argv[0]; NULL for an OID that
** names no relation, as in PostgreSQL. */
static void size_of(sqlite3_context *ctx, sqlite3_value *rel, SizeWhat what) {
  pgm_db *db = adt_db(ctx);
  char *name, *parent;
  char kind = syscat_relation_kind(db, (Oid)sqlite3_value_int64(rel), &name, &parent);
  if (!kind) { sqlite3_result_null(ctx); return; }
  int64_t n = 0;
  if (what != SIZE_INDEXES) n += size_relation(db, kind, name, parent);
  if ((what == SIZE_INDEXES || what == SIZE_TOTAL) && kind == 'r') n += size_indexes(db, name);
  free(name);
  free(parent);
  sqlite3_result_int64(ctx, n);
}

static void fn_relation_size_main(sqlite3_context *ctx, int argc, sqlite3_value **argv) { (void)argc; size_of(ctx, argv[0], SIZE_MAIN); }
static void fn_table_size(sqlite3_context *ctx, int argc, sqlite3_value **argv) { (void)argc; size_of(ctx, argv[0], SIZE_TABLE); }
static void fn_indexes_size(sqlite3_context *ctx, int argc, sqlite3_value **argv) { (void)argc; size_of(ctx, argv[0], SIZE_INDEXES); }
static void fn_total_size(sqlite3_context *ctx, int argc, sqlite3_value **argv) { (void)argc; size_of(ctx, argv[0], SIZE_TOTAL); }

/* pg_relation_size(rel, fork): the main fork's pages; the other forks have none. */
static void fn_relation_size(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const char *fork = (const char *)sqlite3_value_text(argv[1]);
  if (!strcmp(fork, "main")) { size_of(ctx, argv[0], SIZE_MAIN); return; }
  if (strcmp(fork, "fsm") && strcmp(fork, "vm") && strcmp(fork, "init")) {
    pgm_error *e = pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE, "invalid fork name");
    pgm_error_set_hint(e, "Valid fork names are \"main\", \"fsm\", \"vm\", and \"init\".");
    adt_raise(ctx, e);
    return;
  }
  char *name, *parent;
  char kind = syscat_relation_kind(adt_db(ctx), (Oid)sqlite3_value_int64(argv[0]), &name, &parent);
  free(name);
  free(parent);
  if (kind) sqlite3_result_int64(ctx, 0);
  else sqlite3_result_null(ctx);
}

/* pg_database_size: the whole file (the one database is the connection's). */
static void size_database(sqlite3_context *ctx) {
  sqlite3_stmt *st;
  int64_t n = 0;
  if (sqlite3_prepare_v2(adt_db(ctx)->sq, "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size", -1, &st, NULL) == SQLITE_OK) {
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_result_int64(ctx, n);
}

static void fn_database_size_name(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const char *name = (const char *)sqlite3_value_text(argv[0]);
  if (strcmp(name, "postgres")) { adt_error(ctx, ERRCODE_UNDEFINED_DATABASE, "database \"%s\" does not exist", name); return; }
  size_database(ctx);
}

static void fn_database_size_oid(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (sqlite3_value_int64(argv[0]) != 5) { sqlite3_result_null(ctx); return; }   /* PostgreSQL: NULL for an unknown OID */
  size_database(ctx);
}

/* pg_size_pretty(bigint): bytes below 10240; else the first unit (kB up to
** PB) in which the value, counted in half units, is below 20479, then
** halved rounding half away from zero -- PostgreSQL 15's rule. */
static void fn_size_pretty(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  static const char *const units[] = {"kB", "MB", "GB", "TB", "PB"};
  int64_t v = sqlite3_value_int64(argv[0]);
  char *s;
  if (v > -10 * 1024 && v < 10 * 1024) s = pgm_asprintf("%lld bytes", (long long)v);
  else {
    v /= 512;   /* half kB: the last bit decides the rounding */
    int u = 0;
    while (u < 4 && (v < 0 ? -v : v) >= 20 * 1024 - 1) { v /= 1024; u++; }
    v = (v + (v < 0 ? -1 : 1)) / 2;
    s = pgm_asprintf("%lld %s", (long long)v, units[u]);
  }
  sqlite3_result_text(ctx, s, -1, free);
}

const AdtFunc adt_dbsize_funcs[] = {
  {"pg_relation_size", 2, ADT_STRICT, fn_relation_size},
  {"pgm_relation_size", 1, ADT_STRICT, fn_relation_size_main},
  {"pg_table_size", 1, ADT_STRICT, fn_table_size},
  {"pg_indexes_size", 1, ADT_STRICT, fn_indexes_size},
  {"pg_total_relation_size", 1, ADT_STRICT, fn_total_size},
  {"pg_database_size_name", 1, ADT_STRICT, fn_database_size_name},
  {"pg_database_size_oid", 1, ADT_STRICT, fn_database_size_oid},
  {"pg_size_pretty", 1, ADT_STRICT, fn_size_pretty},
  {NULL, 0, 0, NULL},
};

/*
** usercat.c — the user catalog in the database file (see usercat.h).
*/
#include "catalog/usercat.h"

#include <stdlib.h>
#include <string.h>

static const char *const bootstrap_sql =
  "CREATE TABLE IF NOT EXISTS pgm_attribute ("
  " relname TEXT NOT NULL, attnum INTEGER NOT NULL, attname TEXT NOT NULL,"
  " atttypid INTEGER NOT NULL, atttypmod INTEGER NOT NULL, attnotnull INTEGER NOT NULL,"
  " attdefault TEXT, PRIMARY KEY (relname, attnum)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS pgm_constraint ("
  " relname TEXT NOT NULL, conname TEXT NOT NULL, contype TEXT NOT NULL,"
  " conkey TEXT NOT NULL, confrelname TEXT, PRIMARY KEY (relname, conname)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS pgm_sequence ("
  " seqname TEXT PRIMARY KEY, last_value INTEGER NOT NULL, increment INTEGER NOT NULL,"
  " minvalue INTEGER NOT NULL, maxvalue INTEGER NOT NULL, is_called INTEGER NOT NULL,"
  " owned_by TEXT) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS pgm_view ("
  " viewname TEXT PRIMARY KEY, definition TEXT NOT NULL, colnames TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS pgm_description ("
  " relname TEXT NOT NULL, attname TEXT NOT NULL, description TEXT NOT NULL,"
  " PRIMARY KEY (relname, attname)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS pgm_oid ("      /* OIDs of relations, constraints, defaults (pgcatalog.c) */
  " classid INTEGER NOT NULL, relname TEXT NOT NULL, subname TEXT NOT NULL, oid INTEGER NOT NULL,"
  " PRIMARY KEY (classid, relname, subname)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS pgm_reloptions ("   /* storage parameters: pg_class.reloptions (reloptions.c) */
  " relname TEXT PRIMARY KEY, tblname TEXT NOT NULL, reloptions TEXT NOT NULL) WITHOUT ROWID;";

/* Optional columns added after the first release: added to older files. */
static const struct { const char *table, *column, *decl; } added_columns[] = {
  {"pgm_attribute", "attidentity", "TEXT"},
  {"pgm_sequence", "start_value", "INTEGER"},
  {"pgm_constraint", "consrc", "TEXT"},
  {"pgm_sequence", "seqtypid", "INTEGER"},     /* NULL: the owning column's type (pg_sequence.c) */
  {"pgm_sequence", "seqcache", "INTEGER"},
  {"pgm_sequence", "owned_col", "TEXT"},       /* OWNED BY's column (serial/identity: found by default) */
};

static bool has_column(pgm_db *db, const char *table, const char *column) {
  sqlite3_stmt *st;
  bool found = false;
  if (sqlite3_prepare_v2(db->sq, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", -1, &st, NULL) != SQLITE_OK)
    return false;
  sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
  found = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

int usercat_exec(pgm_db *db, const char *sql, pgm_error **err) {
  char *msg = NULL;
  if (sqlite3_exec(db->sq, sql, NULL, NULL, &msg) == SQLITE_OK) return 0;
  if (db->pending) {          /* raised by one of our functions */
    *err = db->pending;
    db->pending = NULL;
  } else {
    *err = pgm_error_new(ERRCODE_INTERNAL_ERROR, "%s", msg ? msg : sqlite3_errmsg(db->sq));
  }
  sqlite3_free(msg);
  return -1;
}

/* Whether the newest catalog table exists already (then all of them do). */
static bool catalog_present(pgm_db *db) {
  sqlite3_stmt *st;
  bool found = false;
  if (sqlite3_prepare_v2(db->sq, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'pgm_reloptions'",
                         -1, &st, NULL) != SQLITE_OK)
    return false;
  found = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

int usercat_bootstrap(pgm_db *db, pgm_error **err) {
  if (sqlite3_db_readonly(db->sq, "main") == 1) return 0;
  /* Opening an existing database only reads: several processes opening one
  ** file while others write must not contend for its write lock. */
  bool missing = !catalog_present(db);
  for (size_t i = 0; !missing && i < sizeof added_columns / sizeof added_columns[0]; i++)
    missing = !has_column(db, added_columns[i].table, added_columns[i].column);
  if (!missing) return 0;
  if (usercat_exec(db, bootstrap_sql, err) != 0) return -1;
  for (size_t i = 0; i < sizeof added_columns / sizeof added_columns[0]; i++)
    if (!has_column(db, added_columns[i].table, added_columns[i].column)) {
      char *sql = pgm_asprintf("ALTER TABLE %s ADD COLUMN %s %s", added_columns[i].table, added_columns[i].column,
                               added_columns[i].decl);
      int rc = usercat_exec(db, sql, err);
      free(sql);
      /* Another connection opening the same new database may have added it
      ** between our check and our ALTER: then it is there, as wanted. */
      if (rc != 0 && has_column(db, added_columns[i].table, added_columns[i].column)) {
        pgm_error_free(*err);
        *err = NULL;
        rc = 0;
      }
      if (rc != 0) return -1;
    }
  return 0;
}

static void free_table(Table *t) {
  for (int i = 0; i < t->ncols; i++) {
    free(t->cols[i].name);
    free(t->cols[i].default_pg);
  }
  for (int i = 0; i < t->ncons; i++) {
    free(t->cons[i].name);
    free(t->cons[i].cols);
    free(t->cons[i].refrel);
    free(t->cons[i].consrc);
  }
  free(t->cols);
  free(t->cons);
  free(t->name);
  free(t);
}

void usercat_free_cache(pgm_db *db) {
  for (int i = 0; i < db->ntables; i++) free_table(db->tables[i]);
  free(db->tables);
  db->tables = NULL;
  db->ntables = 0;
}

void usercat_invalidate(pgm_db *db) { usercat_free_cache(db); }

static char *col_text(sqlite3_stmt *st, int i) {
  const unsigned char *s = sqlite3_column_text(st, i);
  return s ? pgm_strdup((const char *)s) : NULL;
}

static int load_columns(pgm_db *db, Table *t) {
  sqlite3_stmt *st;
  /* attidentity is missing from read-only files of the first release. */
  if (t->temp) {
    if (sqlite3_prepare_v2(db->sq,
          "SELECT attname, atttypid, atttypmod, attnotnull, attdefault, attidentity FROM temp.pgm_temp_attribute "
          "WHERE relname = ?1 ORDER BY attnum", -1, &st, NULL) != SQLITE_OK)
      return -1;
  } else if (sqlite3_prepare_v2(db->sq,
        "SELECT attname, atttypid, atttypmod, attnotnull, attdefault, attidentity FROM pgm_attribute "
        "WHERE relname = ?1 ORDER BY attnum", -1, &st, NULL) != SQLITE_OK &&
      sqlite3_prepare_v2(db->sq,
        "SELECT attname, atttypid, atttypmod, attnotnull, attdefault, NULL FROM pgm_attribute "
        "WHERE relname = ?1 ORDER BY attnum", -1, &st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
  int cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (t->ncols == cap) {
      cap = cap ? cap * 2 : 8;
      t->cols = pgm_realloc(t->cols, sizeof(Column) * (size_t)cap);
    }
    Column *c = &t->cols[t->ncols++];
    c->name = col_text(st, 0);
    c->type = (Oid)sqlite3_column_int64(st, 1);
    c->typmod = sqlite3_column_int(st, 2);
    c->notnull = sqlite3_column_int(st, 3) != 0;
    c->default_pg = col_text(st, 4);
    const unsigned char *idn = sqlite3_column_text(st, 5);
    c->identity = idn ? (char)idn[0] : 0;
  }
  sqlite3_finalize(st);
  return 0;
}

/* conkey is a comma-separated list of 0-based column numbers. */
static void parse_conkey(Constraint *c, const char *s) {
  c->ncols = 0;
  c->cols = pgm_malloc(sizeof(int) * (strlen(s) / 2 + 1));
  while (*s) {
    c->cols[c->ncols++] = (int)strtol(s, (char **)&s, 10);
    if (*s == ',') s++;
  }
}

static int load_constraints(pgm_db *db, Table *t) {
  sqlite3_stmt *st;
  /* consrc is missing from read-only files written before it existed. */
  if (sqlite3_prepare_v2(db->sq, t->temp
        ? "SELECT conname, contype, conkey, confrelname, consrc FROM temp.pgm_temp_constraint WHERE relname = ?1 ORDER BY conname"
        : "SELECT conname, contype, conkey, confrelname, consrc FROM pgm_constraint WHERE relname = ?1 ORDER BY conname",
        -1, &st, NULL) != SQLITE_OK &&
      sqlite3_prepare_v2(db->sq,
        "SELECT conname, contype, conkey, confrelname, NULL FROM pgm_constraint WHERE relname = ?1 ORDER BY conname",
        -1, &st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
  int cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (t->ncons == cap) {
      cap = cap ? cap * 2 : 4;
      t->cons = pgm_realloc(t->cons, sizeof(Constraint) * (size_t)cap);
    }
    Constraint *c = &t->cons[t->ncons++];
    c->name = col_text(st, 0);
    c->kind = (char)sqlite3_column_text(st, 1)[0];
    parse_conkey(c, (const char *)sqlite3_column_text(st, 2));
    c->refrel = col_text(st, 3);
    c->consrc = col_text(st, 4);
  }
  sqlite3_finalize(st);
  return 0;
}

/* Whether this connection has TEMP tables (their catalog exists). */
bool usercat_temp_present(pgm_db *db) {
  sqlite3_stmt *st;
  bool found = false;
  if (sqlite3_prepare_v2(db->sq, "SELECT 1 FROM temp.sqlite_schema WHERE name = 'pgm_temp_attribute'", -1, &st,
                         NULL) != SQLITE_OK)
    return false;
  found = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

static Table *load_table(pgm_db *db, const char *name, bool temp) {
  Table *t = pgm_malloc(sizeof *t);
  memset(t, 0, sizeof *t);
  t->name = pgm_strdup(name);
  t->temp = temp;
  if (load_columns(db, t) != 0 || t->ncols == 0 || load_constraints(db, t) != 0) {
    free_table(t);
    return NULL;
  }
  return t;
}

Table *usercat_table(pgm_db *db, const char *name) {
  for (int i = 0; i < db->ntables; i++)
    if (!strcmp(db->tables[i]->name, name)) return db->tables[i];
  /* PostgreSQL searches the session's temporary schema first, as SQLite
  ** resolves unqualified names in its temp schema first. */
  Table *t = usercat_temp_present(db) ? load_table(db, name, true) : NULL;
  if (!t) t = load_table(db, name, false);
  if (!t) return NULL;
  for (int i = 0; i < t->ncons; i++)
    if (t->cons[i].kind == 'p' && t->cons[i].ncols == 1) {
      Oid ty = t->cols[t->cons[i].cols[0]].type;
      t->rowid_pk = ty == PGM_OID_INT2 || ty == PGM_OID_INT4 || ty == PGM_OID_INT8;
    }
  db->tables = pgm_realloc(db->tables, sizeof(Table *) * (size_t)(db->ntables + 1));
  db->tables[db->ntables++] = t;
  return t;
}

Table *usercat_temp_table(pgm_db *db, const char *name) {
  Table *t = usercat_table(db, name);
  return t && t->temp ? t : NULL;
}

int usercat_column(const Table *t, const char *name) {
  for (int i = 0; i < t->ncols; i++)
    if (!strcmp(t->cols[i].name, name)) return i;
  return -1;
}

static void sql_text(StrBuf *b, const char *s) {
  if (s) sb_put_sqlstr(b, s, strlen(s));
  else sb_puts(b, "NULL");
}

void usercat_sql_text(StrBuf *b, const char *s) { sql_text(b, s); }

void usercat_sql_temp_catalog(StrBuf *b) {
  sb_puts(b, "CREATE TEMP TABLE IF NOT EXISTS pgm_temp_attribute ("
             " relname TEXT NOT NULL, attnum INTEGER NOT NULL, attname TEXT NOT NULL,"
             " atttypid INTEGER NOT NULL, atttypmod INTEGER NOT NULL, attnotnull INTEGER NOT NULL,"
             " attdefault TEXT, attidentity TEXT, PRIMARY KEY (relname, attnum)) WITHOUT ROWID;\n"
             "CREATE TEMP TABLE IF NOT EXISTS pgm_temp_constraint ("
             " relname TEXT NOT NULL, conname TEXT NOT NULL, contype TEXT NOT NULL,"
             " conkey TEXT NOT NULL, confrelname TEXT, consrc TEXT, PRIMARY KEY (relname, conname)) WITHOUT ROWID;\n");
}

void usercat_sql_drop_temp_table(const char *name, StrBuf *b) {
  sb_puts(b, "DELETE FROM temp.pgm_temp_attribute WHERE relname = ");
  sql_text(b, name);
  sb_puts(b, ";\nDELETE FROM temp.pgm_temp_constraint WHERE relname = ");
  sql_text(b, name);
  sb_puts(b, ";\n");
}

void usercat_sql_add_table(const Table *t, StrBuf *b) {
  for (int i = 0; i < t->ncols; i++) {
    const Column *c = &t->cols[i];
    sb_puts(b, t->temp ? "INSERT INTO temp.pgm_temp_attribute" : "INSERT INTO pgm_attribute");
    sb_puts(b, " (relname, attnum, attname, atttypid, atttypmod, attnotnull, attdefault, "
               "attidentity) VALUES (");
    sql_text(b, t->name);
    sb_printf(b, ", %d, ", i + 1);
    sql_text(b, c->name);
    sb_printf(b, ", %u, %d, %d, ", c->type, c->typmod, c->notnull ? 1 : 0);
    sql_text(b, c->default_pg);
    if (c->identity) sb_printf(b, ", '%c');\n", c->identity);
    else sb_puts(b, ", NULL);\n");
  }
  for (int i = 0; i < t->ncons; i++) {
    const Constraint *c = &t->cons[i];
    sb_puts(b, t->temp ? "INSERT INTO temp.pgm_temp_constraint" : "INSERT INTO pgm_constraint");
    sb_puts(b, " (relname, conname, contype, conkey, confrelname, consrc) VALUES (");
    sql_text(b, t->name);
    sb_puts(b, ", ");
    sql_text(b, c->name);
    sb_printf(b, ", '%c', '", c->kind);
    for (int k = 0; k < c->ncols; k++) sb_printf(b, "%s%d", k ? "," : "", c->cols[k]);
    sb_puts(b, "', ");
    sql_text(b, c->refrel);
    sb_puts(b, ", ");
    sql_text(b, c->consrc);
    sb_puts(b, ");\n");
  }
}

void usercat_sql_drop_table(const char *name, StrBuf *b) {
  sb_puts(b, "DELETE FROM pgm_attribute WHERE relname = ");
  sql_text(b, name);
  sb_puts(b, ";\nDELETE FROM pgm_constraint WHERE relname = ");
  sql_text(b, name);
  sb_puts(b, ";\nDELETE FROM pgm_sequence WHERE owned_by = ");
  sql_text(b, name);
  sb_puts(b, ";\nDELETE FROM pgm_description WHERE relname = ");
  sql_text(b, name);
  sb_puts(b, ";\nDELETE FROM pgm_reloptions WHERE tblname = ");
  sql_text(b, name);
  sb_puts(b, ";\n");
}

void usercat_sql_add_sequence(const char *name, int64_t start, int64_t inc, int64_t min, int64_t max,
                              const char *owned_by, StrBuf *b) {
  sb_puts(b, "INSERT INTO pgm_sequence (seqname, last_value, increment, minvalue, maxvalue, is_called, owned_by, "
             "start_value) VALUES (");
  sql_text(b, name);
  sb_printf(b, ", %lld, %lld, %lld, %lld, 0, ", (long long)start, (long long)inc, (long long)min, (long long)max);
  sql_text(b, owned_by);
  sb_printf(b, ", %lld);\n", (long long)start);
}

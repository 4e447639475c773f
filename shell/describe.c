/*
** describe.c — the describing backslash commands, \dt and \d NAME.
**
** psql answers these with queries on pg_catalog.  Until the engine offers a
** pg_catalog, this file reads the SQLite schema underneath through the
** SQLite dialect of the ABI (sqlite_master, PRAGMA table_info/index_list)
** and takes PostgreSQL column types from a `SELECT * ... LIMIT 0` prepared
** in the PostgreSQL dialect.  Everything catalog-specific is kept here so it
** can move to real pg_catalog queries without touching the rest.  The
** output layout is psql's.
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

/* ---- Running small catalog queries ---- */

typedef void (*RowFn)(pgm_stmt *st, void *ctx);

static const char *col_text(pgm_stmt *st, int i) {
  pgm_value *v = pgm_column_value(st, i);
  const char *s = v ? pgm_value_text(v, NULL) : NULL;
  return s;
}

/* Run sql in the given dialect, binding params (NULL ones stay NULL) to ?1..,
** calling fn
** for each row.  The connection's dialect is restored afterwards.  Returns
** 1 on success; errors are reported like any statement's. */
static int query_rows(Shell *sh, int dialect, const char *sql,
                      const char *const *params, int nparams, RowFn fn, void *ctx) {
  int saved = pgm_get_dialect(sh->db);
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  int ok = 0;
  pgm_set_dialect(sh->db, dialect);
  if (pgm_prepare(sh->db, sql, -1, &st, NULL, &err) != PGM_OK || st == NULL) {
    if (err) sh_report_error(sh, err, sql, 0);
    goto done;
  }
  for (int i = 0; i < nparams; i++)
    if (params[i] && pgm_bind_text(st, i + 1, params[i], -1) != PGM_OK) goto done;
  int rc;
  while ((rc = pgm_step(st)) == PGM_ROW) fn(st, ctx);
  if (rc == PGM_DONE) ok = 1;
  else if (pgm_stmt_error(st)) sh_report_error(sh, pgm_stmt_error(st), sql, 0);
done:
  pgm_error_free(err);
  pgm_finalize(st);
  pgm_set_dialect(sh->db, saved);
  return ok;
}

/* ---- Names and patterns ---- */

/* psql folds unquoted names to lower case; "Quoted" names keep their case. */
static char *fold_name(const char *name) {
  if (strncmp(name, "public.", 7) == 0) name += 7; /* the only schema */
  char *out = malloc(strlen(name) + 1), *o = out;
  int quoted = 0;
  for (const char *p = name; *p; p++) {
    if (*p == '"') {
      if (quoted && p[1] == '"') { *o++ = '"'; p++; continue; }
      quoted = !quoted;
      continue;
    }
    *o++ = quoted ? *p : (char)tolower((unsigned char)*p);
  }
  *o = '\0';
  return out;
}

/* A psql pattern (* and ? wildcards) as a SQLite GLOB; other GLOB
** metacharacters are matched literally. */
static char *pattern_to_glob(const char *pattern) {
  char *name = fold_name(pattern);
  Buf b = {0};
  for (const char *p = name; *p; p++) {
    if (*p == '[' || *p == ']') sh_buf_printf(&b, "[%c]", *p);
    else sh_buf_putc(&b, *p);
  }
  free(name);
  if (!b.data) sh_buf_puts(&b, "");
  return b.data;
}

static void first_text(pgm_stmt *st, void *ctx) {
  const char *s = col_text(st, 0);
  char **out = ctx;
  if (!*out && s) *out = strdup(s);
}

/* The owner column: the current role if the engine knows it, else the
** name PostgreSQL gives its bootstrap superuser. */
static char *current_owner(Shell *sh) {
  char *owner = NULL;
  pgm_db *db = sh->db;
  pgm_stmt *st = NULL;
  if (pgm_prepare(db, "SELECT current_user", -1, &st, NULL, NULL) == PGM_OK && st &&
      pgm_step(st) == PGM_ROW && col_text(st, 0))
    owner = strdup(col_text(st, 0));
  pgm_finalize(st);
  return owner ? owner : strdup("postgres");
}

/* ---- \dt ---- */

typedef struct ListCtx {
  Table *t;
  const char *owner;
} ListCtx;

static void add_relation(pgm_stmt *st, void *ctx) {
  ListCtx *lc = ctx;
  const char *type = col_text(st, 1);
  sh_table_add_cell(lc->t, "public");
  sh_table_add_cell(lc->t, col_text(st, 0));
  sh_table_add_cell(lc->t, type && strcmp(type, "view") == 0 ? "view" : "table");
  sh_table_add_cell(lc->t, lc->owner);
}

static const char LIST_SQL[] =
    "SELECT name, type FROM sqlite_master WHERE type IN ('table', ?2) "
    "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'pgm_%' "
    "AND (?1 IS NULL OR name GLOB ?1) ORDER BY 1";

static void report_no_relations(const Shell *sh, const char *pattern) {
  if (pattern)
    sh_log_error(sh, "Did not find any relation named \"%s\".", pattern);
  else
    sh_log_error(sh, "Did not find any relations.");
}

int sh_describe_tables(Shell *sh, const char *pattern, int tables_only) {
  Table t;
  char *glob = pattern ? pattern_to_glob(pattern) : NULL;
  char *owner = current_owner(sh);
  ListCtx lc = {&t, owner};
  sh_table_init(&t, 4);
  t.title = "List of relations";
  sh_table_set_header(&t, 0, "Schema", 'l');
  sh_table_set_header(&t, 1, "Name", 'l');
  sh_table_set_header(&t, 2, "Type", 'l');
  sh_table_set_header(&t, 3, "Owner", 'l');
  const char *params[2] = {glob, tables_only ? "table" : "view"};
  int ok = query_rows(sh, PGM_DIALECT_SQLITE, LIST_SQL, params, 2, add_relation, &lc);
  if (ok && t.nrows > 0)
    sh_print_table(&t, &sh->popt, stdout);
  else if (ok && !sh->quiet)
    /* psql says so, but does not count it as a failure */
    report_no_relations(sh, pattern);
  sh_table_free(&t);
  free(glob);
  free(owner);
  return ok;
}

/* ---- Names for Tab completion ---- */

typedef struct NameList {
  char **names;
  size_t n, cap;
} NameList;

static void add_name(pgm_stmt *st, void *ctx) {
  NameList *nl = ctx;
  const char *s = col_text(st, 0);
  if (!s || nl->n + 1 >= nl->cap) return;
  nl->names[nl->n++] = strdup(s);
}

char **sh_list_table_names(Shell *sh) {
  NameList nl = {calloc(256, sizeof(char *)), 0, 256};
  const char *params[2] = {NULL, "view"};
  query_rows(sh, PGM_DIALECT_SQLITE, LIST_SQL, params, 2, add_name, &nl);
  return nl.names;
}

/* ---- \d NAME ---- */

/* format_type(): the names psql shows in \d. */
static void format_type(const char *typname, int32_t typmod, Buf *out) {
  static const struct { const char *pg, *shown; } names[] = {
      {"int2", "smallint"}, {"int4", "integer"}, {"int8", "bigint"},
      {"float4", "real"}, {"float8", "double precision"}, {"bool", "boolean"},
      {"varchar", "character varying"}, {"bpchar", "character"},
      {"timestamp", "timestamp without time zone"},
      {"timestamptz", "timestamp with time zone"},
      {"time", "time without time zone"}, {"timetz", "time with time zone"},
  };
  int array = typname[0] == '_';
  const char *base = array ? typname + 1 : typname;
  const char *shown = base;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(base, names[i].pg) == 0) shown = names[i].shown;
  if (typmod >= 0 && strcmp(base, "numeric") == 0) {
    int32_t m = typmod - 4;
    sh_buf_printf(out, "numeric(%d,%d)", (m >> 16) & 0xffff, m & 0xffff);
  } else if (typmod >= 4 && (strcmp(base, "varchar") == 0 || strcmp(base, "bpchar") == 0)) {
    sh_buf_printf(out, "%s(%d)", shown, typmod - 4);
  } else if (typmod >= 0 && strncmp(base, "time", 4) == 0) {
    /* timestamp(3) without time zone: the precision goes after the word */
    const char *sp = strchr(shown, ' ');
    size_t n = sp ? (size_t)(sp - shown) : strlen(shown);
    sh_buf_append(out, shown, n);
    sh_buf_printf(out, "(%d)%s", typmod, sp ? sp : "");
  } else {
    sh_buf_puts(out, shown);
  }
  if (array) sh_buf_puts(out, "[]");
}

/* Per column facts gathered from the two dialects. */
typedef struct ColInfo {
  int n;
  char **name;
  char **type;
  char **dflt;
  int *notnull;
  int *pk;
} ColInfo;

static void colinfo_free(ColInfo *ci) {
  for (int i = 0; i < ci->n; i++) {
    free(ci->name[i]);
    free(ci->type[i]);
    free(ci->dflt[i]);
  }
  free(ci->name);
  free(ci->type);
  free(ci->dflt);
  free(ci->notnull);
  free(ci->pk);
}

static char *quote_ident(const char *name) {
  Buf b = {0};
  sh_buf_putc(&b, '"');
  for (const char *p = name; *p; p++) {
    if (*p == '"') sh_buf_putc(&b, '"');
    sh_buf_putc(&b, *p);
  }
  sh_buf_putc(&b, '"');
  return b.data;
}

/* Column names and PostgreSQL types from a prepared, never-run SELECT. */
static int read_pg_types(Shell *sh, const char *qname, ColInfo *ci) {
  Buf sql = {0};
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  int saved = pgm_get_dialect(sh->db);
  sh_buf_printf(&sql, "SELECT * FROM %s LIMIT 0", qname);
  pgm_set_dialect(sh->db, PGM_DIALECT_POSTGRES);
  int ok = pgm_prepare(sh->db, sql.data, -1, &st, NULL, &err) == PGM_OK && st;
  if (!ok && err) sh_report_error(sh, err, sql.data, 0);
  if (ok) {
    ci->n = pgm_column_count(st);
    ci->name = calloc((size_t)ci->n + 1, sizeof(char *));
    ci->type = calloc((size_t)ci->n + 1, sizeof(char *));
    ci->dflt = calloc((size_t)ci->n + 1, sizeof(char *));
    ci->notnull = calloc((size_t)ci->n + 1, sizeof(int));
    ci->pk = calloc((size_t)ci->n + 1, sizeof(int));
    for (int i = 0; i < ci->n; i++) {
      Buf t = {0};
      const char *type = pgm_column_type_name(st, i), *name = pgm_column_name(st, i);
      format_type(type ? type : "unknown", pgm_column_typmod(st, i), &t);
      ci->name[i] = strdup(name ? name : "?column?");
      ci->type[i] = t.data;
    }
  }
  pgm_error_free(err);
  pgm_finalize(st);
  pgm_set_dialect(sh->db, saved);
  sh_buf_free(&sql);
  return ok;
}

/* PRAGMA table_info row: cid, name, type, notnull, dflt_value, pk. */
static void table_info_row(pgm_stmt *st, void *ctx) {
  ColInfo *ci = ctx;
  const char *name = col_text(st, 1);
  for (int i = 0; i < ci->n && name; i++) {
    if (strcmp(ci->name[i], name) != 0) continue;
    const char *d = col_text(st, 4);
    ci->notnull[i] = pgm_value_int64(pgm_column_value(st, 3)) != 0;
    ci->pk[i] = (int)pgm_value_int64(pgm_column_value(st, 5));
    ci->dflt[i] = d ? strdup(d) : NULL;
  }
}

/* Indexes: footer lines in psql's form, primary key first, then by name. */
typedef struct IndexCtx {
  Shell *sh;
  const char *table;
  Buf pk, others;
} IndexCtx;

static void index_col(pgm_stmt *st, void *ctx) {
  Buf *cols = ctx;
  if (cols->len) sh_buf_puts(cols, ", ");
  sh_buf_puts(cols, col_text(st, 2) ? col_text(st, 2) : "?");
}

static void index_columns(Shell *sh, const char *index, Buf *cols) {
  char *q = quote_ident(index);
  Buf sql = {0};
  sh_buf_printf(&sql, "PRAGMA index_info(%s)", q);
  query_rows(sh, PGM_DIALECT_SQLITE, sql.data, NULL, 0, index_col, cols);
  sh_buf_free(&sql);
  free(q);
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* PRAGMA index_list row: seq, name, unique, origin, partial. */
static void index_row(pgm_stmt *st, void *ctx) {
  IndexCtx *ic = ctx;
  const char *name = col_text(st, 1), *origin = col_text(st, 3);
  int unique = pgm_value_int64(pgm_column_value(st, 2)) != 0;
  Buf cols = {0};
  if (!name || !origin) return;
  index_columns(ic->sh, name, &cols);
  const char *c = cols.data ? cols.data : "";
  if (strcmp(origin, "pk") == 0 || (unique && ends_with(name, "_pkey")))
    sh_buf_printf(&ic->pk, "    \"%s_pkey\" PRIMARY KEY, btree (%s)\n", ic->table, c);
  else if (strcmp(origin, "u") == 0)
    sh_buf_printf(&ic->others, "    \"%s_%s_key\" UNIQUE CONSTRAINT, btree (%s)\n",
               ic->table, c, c);
  else
    sh_buf_printf(&ic->others, "    \"%s\" %sbtree (%s)\n", name,
               unique ? "UNIQUE, " : "", c);
  sh_buf_free(&cols);
}

/* An INTEGER PRIMARY KEY is SQLite's rowid and has no index of its own. */
static void rowid_pk(const ColInfo *ci, const char *table, Buf *pk) {
  if (pk->len > 0) return;
  for (int i = 0; i < ci->n; i++)
    if (ci->pk[i]) {
      sh_buf_printf(pk, "    \"%s_pkey\" PRIMARY KEY, btree (%s)\n", table, ci->name[i]);
      return;
    }
}

static void index_footer(Shell *sh, const char *table, const ColInfo *ci, Buf *out) {
  IndexCtx ic = {sh, table, {0}, {0}};
  char *q = quote_ident(table);
  Buf sql = {0};
  sh_buf_printf(&sql, "PRAGMA index_list(%s)", q);
  query_rows(sh, PGM_DIALECT_SQLITE, sql.data, NULL, 0, index_row, &ic);
  rowid_pk(ci, table, &ic.pk);
  if (ic.pk.len || ic.others.len) {
    sh_buf_puts(out, "Indexes:\n");
    if (ic.pk.len) sh_buf_puts(out, ic.pk.data);
    if (ic.others.len) sh_buf_puts(out, ic.others.data);
  }
  sh_buf_free(&ic.pk);
  sh_buf_free(&ic.others);
  sh_buf_free(&sql);
  free(q);
}

static void relation_type(pgm_stmt *st, void *ctx) {
  first_text(st, ctx);
}

static void print_columns(Shell *sh, const char *name, const char *kind,
                          const ColInfo *ci, Buf *footer) {
  Table t;
  Buf title = {0};
  sh_buf_printf(&title, "%s \"public.%s\"", kind, name);
  sh_table_init(&t, 5);
  t.title = title.data;
  t.default_footer = 0;
  const char *heads[] = {"Column", "Type", "Collation", "Nullable", "Default"};
  for (int i = 0; i < 5; i++) sh_table_set_header(&t, i, heads[i], 'l');
  for (int i = 0; i < ci->n; i++) {
    sh_table_add_cell(&t, ci->name[i]);
    sh_table_add_cell(&t, ci->type[i]);
    sh_table_add_cell(&t, "");
    sh_table_add_cell(&t, ci->notnull[i] || ci->pk[i] ? "not null" : "");
    sh_table_add_cell(&t, ci->dflt[i] ? ci->dflt[i] : "");
  }
  if (footer->len) sh_buf_append(&t.footers, footer->data, footer->len);
  PrintOpt opt = sh->popt;
  opt.expanded = 0; /* psql never shows a table's description expanded */
  sh_print_table(&t, &opt, stdout);
  sh_table_free(&t);
  sh_buf_free(&title);
}

int sh_describe_table(Shell *sh, const char *pattern) {
  char *name = fold_name(pattern);
  char *kind = NULL;
  ColInfo ci = {0};
  int ok = query_rows(sh, PGM_DIALECT_SQLITE,
                      "SELECT type FROM sqlite_master WHERE name = ?1 AND "
                      "type IN ('table','view')",
                      (const char *const[]){name}, 1, relation_type, &kind);
  if (ok && !kind) {
    if (!sh->quiet) sh_log_error(sh, "Did not find any relation named \"%s\".", pattern);
    ok = 0;
  }
  if (ok) {
    char *q = quote_ident(name);
    ok = read_pg_types(sh, q, &ci);
    free(q);
  }
  if (ok) {
    Buf footer = {0};
    char *q = quote_ident(name);
    Buf sql = {0};
    sh_buf_printf(&sql, "PRAGMA table_info(%s)", q);
    query_rows(sh, PGM_DIALECT_SQLITE, sql.data, NULL, 0, table_info_row, &ci);
    if (strcmp(kind, "table") == 0) index_footer(sh, name, &ci, &footer);
    print_columns(sh, name, strcmp(kind, "view") == 0 ? "View" : "Table", &ci, &footer);
    sh_buf_free(&footer);
    sh_buf_free(&sql);
    free(q);
    colinfo_free(&ci);
  }
  free(kind);
  free(name);
  return ok;
}

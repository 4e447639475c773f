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

static void set_flag(pgm_stmt *st, void *ctx) {
  (void)st;
  *(int *)ctx = 1;
}

static int table_exists(Shell *sh, const char *name) {
  int found = 0;
  query_rows(sh, PGM_DIALECT_SQLITE, "SELECT 1 FROM sqlite_master WHERE name = ?1",
             (const char *const[]){name}, 1, set_flag, &found);
  return found;
}

/* The engine keeps PostgreSQL's facts (defaults as written, constraint
** names, sequences) in tables of its own; older files may lack them. */
static int has_engine_catalog(Shell *sh) { return table_exists(sh, "pgm_constraint"); }
static int has_sequences(Shell *sh) { return table_exists(sh, "pgm_sequence"); }

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
  sh_table_add_cell(lc->t, type ? type : "table");
  sh_table_add_cell(lc->t, lc->owner);
}

static const char LIST_SQL[] =
    "SELECT name, type FROM sqlite_master WHERE type IN ('table', ?2) "
    "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'pgm_%' "
    "AND (?1 IS NULL OR name GLOB ?1) ORDER BY 1";
/* \d also lists sequences, which the engine keeps in pgm_sequence. */
static const char LIST_WITH_SEQUENCES_SQL[] =
    "SELECT name, type FROM sqlite_master WHERE type IN ('table', ?2) "
    "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'pgm_%' "
    "AND (?1 IS NULL OR name GLOB ?1) "
    "UNION ALL SELECT seqname, 'sequence' FROM pgm_sequence "
    "WHERE ?1 IS NULL OR seqname GLOB ?1 ORDER BY 1";

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
  const char *sql = !tables_only && has_sequences(sh) ? LIST_WITH_SEQUENCES_SQL : LIST_SQL;
  int ok = query_rows(sh, PGM_DIALECT_SQLITE, sql, params, 2, add_relation, &lc);
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

/* ---- Column facts ---- */

/* Per column facts: names and PostgreSQL types from the PostgreSQL dialect,
** nullability and defaults from the schema underneath. */
typedef struct ColInfo {
  int n;
  char **name;
  char **type;      /* format_type() text, with typmod */
  char **base;      /* format_type() text without typmod, for '...'::casts */
  char **dflt;
  int *notnull;
  int *pk;
} ColInfo;

static void colinfo_free(ColInfo *ci) {
  for (int i = 0; i < ci->n; i++) {
    free(ci->name[i]);
    free(ci->type[i]);
    free(ci->base[i]);
    free(ci->dflt[i]);
  }
  free(ci->name);
  free(ci->type);
  free(ci->base);
  free(ci->dflt);
  free(ci->notnull);
  free(ci->pk);
}

static void colinfo_alloc(ColInfo *ci, int n) {
  ci->n = n;
  ci->name = calloc((size_t)n + 1, sizeof(char *));
  ci->type = calloc((size_t)n + 1, sizeof(char *));
  ci->base = calloc((size_t)n + 1, sizeof(char *));
  ci->dflt = calloc((size_t)n + 1, sizeof(char *));
  ci->notnull = calloc((size_t)n + 1, sizeof(int));
  ci->pk = calloc((size_t)n + 1, sizeof(int));
}

static int colinfo_find(const ColInfo *ci, const char *name) {
  for (int i = 0; name && i < ci->n; i++)
    if (strcmp(ci->name[i], name) == 0) return i;
  return -1;
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
    colinfo_alloc(ci, pgm_column_count(st));
    for (int i = 0; i < ci->n; i++) {
      Buf t = {0}, b = {0};
      const char *type = pgm_column_type_name(st, i), *name = pgm_column_name(st, i);
      format_type(type ? type : "unknown", pgm_column_typmod(st, i), &t);
      format_type(type ? type : "unknown", -1, &b);
      ci->name[i] = strdup(name ? name : "?column?");
      ci->type[i] = t.data;
      ci->base[i] = b.data;
    }
  }
  pgm_error_free(err);
  pgm_finalize(st);
  pgm_set_dialect(sh->db, saved);
  sh_buf_free(&sql);
  return ok;
}

/* A stored default as pg_get_expr() shows it, for the common shapes: a
** quoted literal gets its type ('x'::text), a negative number is quoted
** ('-1'::integer), nextval's argument is a regclass. */
static char *display_default(const char *expr, const char *type) {
  Buf b = {0};
  size_t n = strlen(expr);
  int literal = n >= 2 && expr[0] == '\'' && expr[n - 1] == '\'' &&
                strchr(expr + 1, '\'') == expr + n - 1;
  int negative = expr[0] == '-' && n > 1 && strspn(expr + 1, "0123456789.") == n - 1;
  if (literal)
    sh_buf_printf(&b, "%s::%s", expr, type);
  else if (negative)
    sh_buf_printf(&b, "'%s'::%s", expr, type);
  else if (strncmp(expr, "nextval('", 9) == 0 && strcmp(expr + n - 2, "')") == 0)
    sh_buf_printf(&b, "%.*s'::regclass)", (int)(n - 2), expr);
  else
    sh_buf_puts(&b, expr);
  return b.data;
}

/* pgm_attribute row: attname, attnotnull, attdefault. */
static void attribute_row(pgm_stmt *st, void *ctx) {
  ColInfo *ci = ctx;
  int i = colinfo_find(ci, col_text(st, 0));
  if (i < 0) return;
  const char *d = col_text(st, 2);
  ci->notnull[i] = pgm_value_int64(pgm_column_value(st, 1)) != 0;
  free(ci->dflt[i]);
  ci->dflt[i] = d && *d ? display_default(d, ci->base[i]) : NULL;
}

/* PRAGMA table_info row: cid, name, type, notnull, dflt_value, pk. */
static void table_info_row(pgm_stmt *st, void *ctx) {
  ColInfo *ci = ctx;
  int i = colinfo_find(ci, col_text(st, 1));
  if (i < 0) return;
  const char *d = col_text(st, 4);
  ci->notnull[i] = pgm_value_int64(pgm_column_value(st, 3)) != 0;
  ci->pk[i] = (int)pgm_value_int64(pgm_column_value(st, 5));
  ci->dflt[i] = d ? strdup(d) : NULL;
}

static int pragma(Shell *sh, const char *what, const char *name, RowFn fn, void *ctx) {
  char *q = quote_ident(name);
  Buf sql = {0};
  sh_buf_printf(&sql, "PRAGMA %s(%s)", what, q);
  int ok = query_rows(sh, PGM_DIALECT_SQLITE, sql.data, NULL, 0, fn, ctx);
  sh_buf_free(&sql);
  free(q);
  return ok;
}


static void read_column_facts(Shell *sh, const char *table, int catalog, ColInfo *ci) {
  pragma(sh, "table_info", table, table_info_row, ci);
  if (catalog)
    query_rows(sh, PGM_DIALECT_SQLITE,
               "SELECT attname, attnotnull, attdefault FROM pgm_attribute "
               "WHERE relname = ?1 ORDER BY attnum",
               (const char *const[]){table}, 1, attribute_row, ci);
}

/* ---- Footers: indexes and constraints ---- */

/* One footer entry; indexes sort primary key first, then by name. */
typedef struct Entry {
  int primary;
  char *name;
  char *text;
} Entry;

typedef struct Entries {
  Entry *e;
  int n;
} Entries;

static void add_entry(Entries *es, int primary, const char *name, char *text) {
  es->e = realloc(es->e, (size_t)(es->n + 1) * sizeof(Entry));
  es->e[es->n].primary = primary;
  es->e[es->n].name = strdup(name);
  es->e[es->n].text = text;
  es->n++;
}

static int entry_cmp(const void *a, const void *b) {
  const Entry *x = a, *y = b;
  if (x->primary != y->primary) return y->primary - x->primary;
  return strcmp(x->name, y->name);
}

/* "Indexes:" and its entries, sorted, appended to out; entries freed. */
static void emit_entries(Entries *es, const char *heading, int sort, Buf *out) {
  if (es->n == 0) return;
  if (sort) qsort(es->e, (size_t)es->n, sizeof(Entry), entry_cmp);
  sh_buf_printf(out, "%s\n", heading);
  for (int i = 0; i < es->n; i++) {
    sh_buf_printf(out, "    %s\n", es->e[i].text);
    free(es->e[i].name);
    free(es->e[i].text);
  }
  free(es->e);
  es->e = NULL;
  es->n = 0;
}

/* conkey is a list of 0-based column numbers: "1,3" -> "b, d". */
static char *conkey_columns(const char *conkey, const ColInfo *ci) {
  Buf b = {0};
  for (const char *p = conkey; p && *p;) {
    char *end;
    long k = strtol(p, &end, 10);
    if (end == p) break;
    if (b.len) sh_buf_puts(&b, ", ");
    sh_buf_puts(&b, k >= 0 && k < ci->n ? ci->name[k] : "?");
    p = *end == ',' ? end + 1 : end;
  }
  if (!b.data) sh_buf_puts(&b, "");
  return b.data;
}

static void index_col(pgm_stmt *st, void *ctx) {
  Buf *cols = ctx;
  if (cols->len) sh_buf_puts(cols, ", ");
  sh_buf_puts(cols, col_text(st, 2) ? col_text(st, 2) : "?");
}

/* What the index footers need while walking PRAGMA index_list. */
typedef struct IndexCtx {
  Shell *sh;
  const char *table;
  int catalog;      /* constraints come from pgm_constraint, skip their indexes */
  Entries *idx;
} IndexCtx;

/* PRAGMA index_list row: seq, name, unique, origin, partial. */
static void index_row(pgm_stmt *st, void *ctx) {
  IndexCtx *ic = ctx;
  const char *name = col_text(st, 1), *origin = col_text(st, 3);
  int unique = pgm_value_int64(pgm_column_value(st, 2)) != 0;
  if (!name || !origin || (ic->catalog && strcmp(origin, "c") != 0)) return;
  Buf cols = {0}, text = {0};
  pragma(ic->sh, "index_info", name, index_col, &cols);
  const char *c = cols.data ? cols.data : "";
  int primary = strcmp(origin, "pk") == 0;
  if (primary)
    sh_buf_printf(&text, "\"%s_pkey\" PRIMARY KEY, btree (%s)", ic->table, c);
  else if (strcmp(origin, "u") == 0)
    sh_buf_printf(&text, "\"%s_%s_key\" UNIQUE CONSTRAINT, btree (%s)", ic->table, c, c);
  else
    sh_buf_printf(&text, "\"%s\" %sbtree (%s)", name, unique ? "UNIQUE, " : "", c);
  add_entry(ic->idx, primary, primary ? "" : name, text.data);
  sh_buf_free(&cols);
}

/* An INTEGER PRIMARY KEY is SQLite's rowid and has no index of its own. */
static void rowid_pk(const ColInfo *ci, const char *table, Entries *idx) {
  for (int i = 0; i < idx->n; i++)
    if (idx->e[i].primary) return;
  for (int i = 0; i < ci->n; i++)
    if (ci->pk[i]) {
      Buf t = {0};
      sh_buf_printf(&t, "\"%s_pkey\" PRIMARY KEY, btree (%s)", table, ci->name[i]);
      add_entry(idx, 1, "", t.data);
      return;
    }
}

static void first_text_row(pgm_stmt *st, void *ctx) {
  char **out = ctx;
  if (!*out && col_text(st, 0)) *out = strdup(col_text(st, 0));
}

/* "CHECK (...)" as psql prints it: the engine's pg_get_constraintdef. */
static char *check_definition(Shell *sh, const char *table, const char *conname) {
  char *def = NULL;
  query_rows(sh, PGM_DIALECT_POSTGRES,
             "SELECT pg_catalog.pg_get_constraintdef(r.oid, true) FROM pg_catalog.pg_constraint r "
             "WHERE r.conname = $2 AND r.contype = 'c' AND r.conrelid IN "
             "(SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relname = $1 AND pg_catalog.pg_table_is_visible(c.oid))",
             (const char *const[]){table, conname}, 2, first_text_row, &def);
  return def;
}

/* PRAGMA foreign_key_list row: id, seq, table, from, to, on_update,
** on_delete, match.  Collected per constraint id. */
typedef struct FkCtx {
  Buf from[32], to[32];
  char *reftable[32];
  char *on_update[32], *on_delete[32];
} FkCtx;

static void fk_row(pgm_stmt *st, void *ctx) {
  FkCtx *fk = ctx;
  int id = (int)pgm_value_int64(pgm_column_value(st, 0));
  if (id < 0 || id >= 32) return;
  if (fk->from[id].len) sh_buf_puts(&fk->from[id], ", ");
  if (fk->to[id].len) sh_buf_puts(&fk->to[id], ", ");
  sh_buf_puts(&fk->from[id], col_text(st, 3) ? col_text(st, 3) : "?");
  sh_buf_puts(&fk->to[id], col_text(st, 4) ? col_text(st, 4) : "?");
  if (!fk->reftable[id]) {
    fk->reftable[id] = strdup(col_text(st, 2) ? col_text(st, 2) : "?");
    fk->on_update[id] = strdup(col_text(st, 5) ? col_text(st, 5) : "NO ACTION");
    fk->on_delete[id] = strdup(col_text(st, 6) ? col_text(st, 6) : "NO ACTION");
  }
}

static void fk_free(FkCtx *fk) {
  for (int i = 0; i < 32; i++) {
    sh_buf_free(&fk->from[i]);
    sh_buf_free(&fk->to[i]);
    free(fk->reftable[i]);
    free(fk->on_update[i]);
    free(fk->on_delete[i]);
  }
}

/* pg_get_constraintdef() of a foreign key whose columns are cols. */
static char *fk_definition(FkCtx *fk, const char *cols, const char *reftable) {
  for (int i = 0; i < 32; i++) {
    if (!fk->reftable[i] || strcmp(fk->reftable[i], reftable) != 0 ||
        !fk->from[i].data || strcmp(fk->from[i].data, cols) != 0)
      continue;
    Buf b = {0};
    sh_buf_printf(&b, "FOREIGN KEY (%s) REFERENCES %s(%s)", cols, reftable, fk->to[i].data);
    if (strcmp(fk->on_update[i], "NO ACTION") != 0)
      sh_buf_printf(&b, " ON UPDATE %s", fk->on_update[i]);
    if (strcmp(fk->on_delete[i], "NO ACTION") != 0)
      sh_buf_printf(&b, " ON DELETE %s", fk->on_delete[i]);
    return b.data;
  }
  Buf b = {0};
  sh_buf_printf(&b, "FOREIGN KEY (%s) REFERENCES %s", cols, reftable);
  return b.data;
}

/* Everything the constraint footers are built from. */
typedef struct ConCtx {
  Shell *sh;
  const char *table;
  const ColInfo *ci;
  FkCtx fk;
  Entries idx, checks, fkeys;
} ConCtx;

/* pgm_constraint row: conname, contype, conkey, confrelname. */
static void constraint_row(pgm_stmt *st, void *ctx) {
  ConCtx *cc = ctx;
  const char *name = col_text(st, 0), *type = col_text(st, 1);
  if (!name || !type) return;
  char *cols = conkey_columns(col_text(st, 2), cc->ci);
  Buf t = {0};
  if (strcmp(type, "p") == 0 || strcmp(type, "u") == 0) {
    int primary = type[0] == 'p';
    sh_buf_printf(&t, "\"%s\" %s, btree (%s)", name,
                  primary ? "PRIMARY KEY" : "UNIQUE CONSTRAINT", cols);
    add_entry(&cc->idx, primary, name, t.data);
  } else if (strcmp(type, "c") == 0) {
    char *expr = check_definition(cc->sh, cc->table, name);
    sh_buf_printf(&t, "\"%s\" %s", name, expr ? expr : "CHECK (...)");
    add_entry(&cc->checks, 0, name, t.data);
    free(expr);
  } else if (strcmp(type, "f") == 0) {
    const char *ref = col_text(st, 3) ? col_text(st, 3) : "?";
    char *def = fk_definition(&cc->fk, cols, ref);
    sh_buf_printf(&t, "\"%s\" %s", name, def);
    add_entry(&cc->fkeys, 0, name, t.data);
    free(def);
  }
  free(cols);
}

/* "Referenced by:" rows: foreign keys of other tables pointing here. */
typedef struct RefCtx {
  Shell *sh;
  const char *table;
  Entries refs;
} RefCtx;

static void referencing_row(pgm_stmt *st, void *ctx) {
  RefCtx *rc = ctx;
  const char *rel = col_text(st, 0), *name = col_text(st, 1);
  if (!rel || !name) return;
  ColInfo other = {0};
  FkCtx fk = {0};
  char *q = quote_ident(rel);
  if (read_pg_types(rc->sh, q, &other)) {
    char *cols = conkey_columns(col_text(st, 2), &other);
    pragma(rc->sh, "foreign_key_list", rel, fk_row, &fk);
    char *def = fk_definition(&fk, cols, rc->table);
    Buf t = {0};
    sh_buf_printf(&t, "TABLE \"%s\" CONSTRAINT \"%s\" %s", rel, name, def);
    add_entry(&rc->refs, 0, name, t.data);
    free(def);
    free(cols);
    colinfo_free(&other);
  }
  fk_free(&fk);
  free(q);
}

static void catalog_footers(ConCtx *cc, Buf *out) {
  RefCtx rc = {cc->sh, cc->table, {0}};
  pragma(cc->sh, "foreign_key_list", cc->table, fk_row, &cc->fk);
  query_rows(cc->sh, PGM_DIALECT_SQLITE,
             "SELECT conname, contype, conkey, confrelname FROM pgm_constraint "
             "WHERE relname = ?1 ORDER BY conname",
             (const char *const[]){cc->table}, 1, constraint_row, cc);
  emit_entries(&cc->idx, "Indexes:", 1, out);
  emit_entries(&cc->checks, "Check constraints:", 0, out);
  emit_entries(&cc->fkeys, "Foreign-key constraints:", 0, out);
  query_rows(cc->sh, PGM_DIALECT_SQLITE,
             "SELECT relname, conname, conkey FROM pgm_constraint "
             "WHERE contype = 'f' AND confrelname = ?1 ORDER BY relname, conname",
             (const char *const[]){cc->table}, 1, referencing_row, &rc);
  emit_entries(&rc.refs, "Referenced by:", 0, out);
  fk_free(&cc->fk);
}

static void table_footers(Shell *sh, const char *table, int catalog, const ColInfo *ci,
                          Buf *out) {
  ConCtx cc;
  memset(&cc, 0, sizeof cc);
  cc.sh = sh;
  cc.table = table;
  cc.ci = ci;
  IndexCtx ic = {sh, table, catalog, &cc.idx};
  pragma(sh, "index_list", table, index_row, &ic);
  if (catalog) {
    catalog_footers(&cc, out);
  } else {
    rowid_pk(ci, table, &cc.idx);
    emit_entries(&cc.idx, "Indexes:", 1, out);
  }
}

/* ---- \d NAME ---- */

/* pg_type.typstorage as \d+ shows it: fixed-size types are plain,
** numeric main, variable-length ones extended. */
static const char *storage_of(const char *type) {
  if (strcmp(type, "numeric") == 0 || strncmp(type, "numeric(", 8) == 0) return "main";
  static const char *const extended[] = {"text", "character varying", "character",
                                         "bytea", "json", "jsonb", NULL};
  for (int i = 0; extended[i]; i++)
    if (strncmp(type, extended[i], strlen(extended[i])) == 0) return "extended";
  return strchr(type, '[') ? "extended" : "plain";
}

/* The headers of \d and \d+ (psql hides Compression with
** HIDE_TOAST_COMPRESSION, as pg_regress runs it). */
static int column_headers(Shell *sh, int verbose, const char **heads) {
  static const char *const base[] = {"Column", "Type", "Collation", "Nullable", "Default"};
  int n = 0;
  for (int i = 0; i < 5; i++) heads[n++] = base[i];
  if (!verbose) return n;
  heads[n++] = "Storage";
  if (!sh_var_is_on(sh, "HIDE_TOAST_COMPRESSION")) heads[n++] = "Compression";
  heads[n++] = "Stats target";
  heads[n++] = "Description";
  return n;
}

static void add_column_row(Table *t, const ColInfo *ci, int i, int ncols) {
  sh_table_add_cell(t, ci->name[i]);
  sh_table_add_cell(t, ci->type[i]);
  sh_table_add_cell(t, "");
  sh_table_add_cell(t, ci->notnull[i] || ci->pk[i] ? "not null" : "");
  sh_table_add_cell(t, ci->dflt[i] ? ci->dflt[i] : "");
  if (ncols == 5) return;
  sh_table_add_cell(t, storage_of(ci->type[i]));
  for (int c = 6; c < ncols; c++) sh_table_add_cell(t, "");
}

static void print_columns(Shell *sh, const char *name, const char *kind,
                          const ColInfo *ci, int verbose, Buf *footer) {
  Table t;
  Buf title = {0};
  const char *heads[9];
  int ncols = column_headers(sh, verbose, heads);
  sh_buf_printf(&title, "%s \"public.%s\"", kind, name);
  sh_table_init(&t, ncols);
  t.title = title.data;
  t.default_footer = 0;
  for (int i = 0; i < ncols; i++) sh_table_set_header(&t, i, heads[i], 'l');
  for (int i = 0; i < ci->n; i++) add_column_row(&t, ci, i, ncols);
  if (footer->len) sh_buf_append(&t.footers, footer->data, footer->len);
  PrintOpt opt = sh->popt;
  opt.expanded = 0; /* psql never shows a table's description expanded */
  sh_print_table(&t, &opt, stdout);
  sh_table_free(&t);
  sh_buf_free(&title);
}

static void describe_relation(Shell *sh, const char *name, const char *kind,
                              ColInfo *ci, int verbose) {
  Buf footer = {0};
  int catalog = has_engine_catalog(sh);
  int is_table = strcmp(kind, "table") == 0;
  read_column_facts(sh, name, catalog, ci);
  if (is_table) table_footers(sh, name, catalog, ci, &footer);
  if (is_table && verbose && !sh_var_is_on(sh, "HIDE_TABLEAM"))
    sh_buf_puts(&footer, "Access method: heap\n");
  print_columns(sh, name, is_table ? "Table" : "View", ci, verbose, &footer);
  sh_buf_free(&footer);
}

int sh_describe_table(Shell *sh, const char *pattern, int verbose) {
  char *name = fold_name(pattern);
  char *kind = NULL;
  ColInfo ci = {0};
  int ok = query_rows(sh, PGM_DIALECT_SQLITE,
                      "SELECT type FROM sqlite_master WHERE name = ?1 AND "
                      "type IN ('table','view')",
                      (const char *const[]){name}, 1, first_text, &kind);
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
    describe_relation(sh, name, kind, &ci, verbose);
    colinfo_free(&ci);
  }
  free(kind);
  free(name);
  return ok;
}

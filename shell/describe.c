/*
** describe.c — the listing backslash commands (\d \dt \di \dv \ds \dm \dE,
** \dn \du \df \dT \dx \dp) and \sv, answered as psql 15 answers them: by
** sending psql's own catalog queries to the engine's pg_catalog in the
** PostgreSQL dialect and printing the result with psql's titles.
**
** The queries are built text for text like psql 15's describe.c builds
** them for a version 15 server, so -E (ECHO_HIDDEN) shows the same SQL and
** whatever the engine cannot answer fails with the engine's own error, as
** it would through psql and the wire server.  \d NAME is describe_table.c;
** the patterns are pattern.c.
*/
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "shell.h"

/* ---- Hidden queries (psql's PSQLexec) ---- */

static void result_add_row(Result *r, pgm_stmt *st) {
  r->cells = realloc(r->cells, (size_t)(r->nrows + 1) * (size_t)(r->ncols + 1) * sizeof(char *));
  for (int i = 0; i < r->ncols; i++) {
    pgm_value *v = pgm_column_value(st, i);
    const char *s = v && !pgm_value_is_null(v) ? pgm_value_text(v, NULL) : NULL;
    r->cells[(size_t)r->nrows * (size_t)r->ncols + (size_t)i] = s ? strdup(s) : NULL;
  }
  r->nrows++;
}

static Result *result_new(pgm_stmt *st) {
  Result *r = calloc(1, sizeof *r);
  r->ncols = pgm_column_count(st);
  r->names = calloc((size_t)r->ncols + 1, sizeof(char *));
  r->types = calloc((size_t)r->ncols + 1, sizeof(uint32_t));
  for (int i = 0; i < r->ncols; i++) {
    const char *n = pgm_column_name(st, i);
    r->names[i] = strdup(n ? n : "?column?");
    r->types[i] = pgm_column_type(st, i);
  }
  return r;
}

static void echo_hidden(const char *sql) {
  printf("********* QUERY **********\n%s\n**************************\n\n", sql);
  fflush(stdout);
}

Result *sh_hidden_query(Shell *sh, const char *sql) {
  const char *echo = sh_var_get(sh, "ECHO_HIDDEN");
  if (echo && (sh_var_is_on(sh, "ECHO_HIDDEN") || strcmp(echo, "noexec") == 0)) {
    echo_hidden(sql);
    if (strcmp(echo, "noexec") == 0) return NULL;
  }
  int saved = pgm_get_dialect(sh->db);
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  Result *r = NULL;
  pgm_set_dialect(sh->db, PGM_DIALECT_POSTGRES);
  if (pgm_prepare(sh->db, sql, -1, &st, NULL, &err) != PGM_OK || !st) {
    if (err) sh_report_error(sh, err, sql, 0);
  } else {
    int rc;
    r = result_new(st);
    sh_running_query = 1;
    while ((rc = pgm_step(st)) == PGM_ROW) result_add_row(r, st);
    sh_running_query = 0;
    if (rc != PGM_DONE) {
      if (pgm_stmt_error(st)) sh_report_error(sh, pgm_stmt_error(st), sql, 0);
      sh_result_free(r);
      r = NULL;
    }
  }
  pgm_error_free(err);
  pgm_finalize(st);
  pgm_set_dialect(sh->db, saved);
  return r;
}

const char *sh_result_value(const Result *r, int row, int col) {
  const char *s = r->cells[(size_t)row * (size_t)r->ncols + (size_t)col];
  return s ? s : "";
}

int sh_result_isnull(const Result *r, int row, int col) {
  return r->cells[(size_t)row * (size_t)r->ncols + (size_t)col] == NULL;
}

void sh_result_free(Result *r) {
  if (!r) return;
  for (size_t i = 0; i < (size_t)r->nrows * (size_t)r->ncols; i++) free(r->cells[i]);
  for (int i = 0; i < r->ncols; i++) free(r->names[i]);
  free(r->cells);
  free(r->names);
  free(r->types);
  free(r);
}

/* psql's printQuery with a title; NULL prints as "" (describe's nullPrint),
** footers (lines ending in '\n') replace "(N rows)" when given. */
static void print_result(Shell *sh, const Result *r, const char *title, const Buf *footers) {
  Table t;
  sh_table_init(&t, r->ncols);
  t.title = title;
  for (int j = 0; j < r->ncols; j++)
    sh_table_set_header(&t, j, r->names[j], sh_align_for_type(r->types[j]));
  for (int i = 0; i < r->nrows; i++)
    for (int j = 0; j < r->ncols; j++) sh_table_add_cell(&t, sh_result_value(r, i, j));
  if (footers && footers->len) sh_buf_append(&t.footers, footers->data, footers->len);
  sh_print_table(&t, &sh->popt, stdout);
  sh_table_free(&t);
}

/* Run q and print it; returns 1 unless the query failed. */
static int query_and_print(Shell *sh, Buf *q, const char *title) {
  Result *r = sh_hidden_query(sh, q->data);
  sh_buf_free(q);
  if (!r) return 0;
  print_result(sh, r, title, NULL);
  sh_result_free(r);
  return 1;
}

/* ---- \d \dt \di \dv \ds \dm \dE (psql's listTables) ---- */

static const char RELKIND_NAMES[] =
    "  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN "
    "'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN "
    "'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN "
    "'I' THEN 'partitioned index' END as \"Type\",\n"
    "  pg_catalog.pg_get_userbyid(c.relowner) as \"Owner\"";

typedef struct Kinds {
  int tables, indexes, views, matviews, seqs, foreign;
} Kinds;

static void list_tables_columns(Shell *sh, const Kinds *k, int verbose, Buf *q) {
  sh_buf_puts(q, "SELECT n.nspname as \"Schema\",\n  c.relname as \"Name\",\n");
  sh_buf_puts(q, RELKIND_NAMES);
  if (k->indexes) sh_buf_puts(q, ",\n  c2.relname as \"Table\"");
  if (!verbose) return;
  sh_buf_puts(q, ",\n  CASE c.relpersistence WHEN 'p' THEN 'permanent' WHEN 't' THEN "
                 "'temporary' WHEN 'u' THEN 'unlogged' END as \"Persistence\"");
  if (!sh_var_is_on(sh, "HIDE_TABLEAM") && (k->tables || k->matviews || k->indexes))
    sh_buf_puts(q, ",\n  am.amname as \"Access method\"");
  sh_buf_puts(q, ",\n  pg_catalog.pg_size_pretty(pg_catalog.pg_table_size(c.oid)) as \"Size\""
                 ",\n  pg_catalog.obj_description(c.oid, 'pg_class') as \"Description\"");
}

static void list_tables_from(const Kinds *k, int system_or_pattern, Buf *q) {
  sh_buf_puts(q, "\nFROM pg_catalog.pg_class c"
                 "\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace");
  if (k->tables || k->matviews || k->indexes)
    sh_buf_puts(q, "\n     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam");
  if (k->indexes)
    sh_buf_puts(q, "\n     LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid"
                   "\n     LEFT JOIN pg_catalog.pg_class c2 ON i.indrelid = c2.oid");
  sh_buf_puts(q, "\nWHERE c.relkind IN (");
  if (k->tables) sh_buf_puts(q, system_or_pattern ? "'r','p','t'," : "'r','p',");
  if (k->views) sh_buf_puts(q, "'v',");
  if (k->matviews) sh_buf_puts(q, "'m',");
  if (k->indexes) sh_buf_puts(q, "'i','I',");
  if (k->seqs) sh_buf_puts(q, "'S',");
  if (system_or_pattern) sh_buf_puts(q, "'s',"); /* special relations */
  if (k->foreign) sh_buf_puts(q, "'f',");
  sh_buf_puts(q, "'')\n");
}

int sh_list_tables(Shell *sh, const char *kinds, const char *pattern, int verbose,
                   int system) {
  Kinds k = {strchr(kinds, 't') != NULL, strchr(kinds, 'i') != NULL,
             strchr(kinds, 'v') != NULL, strchr(kinds, 'm') != NULL,
             strchr(kinds, 's') != NULL, strchr(kinds, 'E') != NULL};
  if (!(k.tables || k.indexes || k.views || k.matviews || k.seqs || k.foreign))
    k.tables = k.views = k.matviews = k.seqs = k.foreign = 1;
  Buf q = {0};
  list_tables_columns(sh, &k, verbose, &q);
  list_tables_from(&k, system || pattern, &q);
  if (!system && !pattern)
    sh_buf_puts(&q, "      AND n.nspname <> 'pg_catalog'\n"
                    "      AND n.nspname !~ '^pg_toast'\n"
                    "      AND n.nspname <> 'information_schema'\n");
  if (!sh_name_pattern(sh, &q, pattern, 1, "n.nspname", "c.relname", NULL,
                       "pg_catalog.pg_table_is_visible(c.oid)", 3)) {
    sh_buf_free(&q);
    return 0;
  }
  sh_buf_puts(&q, "ORDER BY 1,2;");
  Result *r = sh_hidden_query(sh, q.data);
  sh_buf_free(&q);
  if (!r) return 0;
  if (r->nrows == 0 && !sh->quiet) {
    /* psql says so on stderr, but does not count it as a failure */
    if (pattern)
      sh_log_error(sh, "Did not find any relation named \"%s\".", pattern);
    else
      sh_log_error(sh, "Did not find any relations.");
  } else {
    print_result(sh, r, "List of relations", NULL);
  }
  sh_result_free(r);
  return 1;
}

/* ---- \dn (listSchemas) ---- */

/* With a pattern psql 15 also lists the publications of the schema named
** by the pattern text itself (not the schemas found). */
static int schema_publications(Shell *sh, const char *pattern, Buf *footers) {
  Buf q = {0};
  sh_buf_printf(&q, "SELECT pubname \nFROM pg_catalog.pg_publication p\n"
                    "     JOIN pg_catalog.pg_publication_namespace pn ON p.oid = pn.pnpubid\n"
                    "     JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid \n"
                    "WHERE n.nspname = '%s'\nORDER BY 1",
                pattern);
  Result *r = sh_hidden_query(sh, q.data);
  sh_buf_free(&q);
  if (!r) return 0;
  if (r->nrows > 0) sh_buf_puts(footers, "Publications:\n");
  for (int i = 0; i < r->nrows; i++)
    sh_buf_printf(footers, "    \"%s\"\n", sh_result_value(r, i, 0));
  sh_result_free(r);
  return 1;
}

int sh_list_schemas(Shell *sh, const char *pattern, int verbose, int system) {
  Buf q = {0}, footers = {0};
  sh_buf_puts(&q, "SELECT n.nspname AS \"Name\",\n"
                  "  pg_catalog.pg_get_userbyid(n.nspowner) AS \"Owner\"");
  if (verbose)
    sh_buf_puts(&q, ",\n  pg_catalog.array_to_string(n.nspacl, E'\\n') AS \"Access privileges\""
                    ",\n  pg_catalog.obj_description(n.oid, 'pg_namespace') AS \"Description\"");
  sh_buf_puts(&q, "\nFROM pg_catalog.pg_namespace n\n");
  if (!system && !pattern)
    sh_buf_puts(&q, "WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'\n");
  if (!sh_name_pattern(sh, &q, pattern, !system && !pattern, NULL, "n.nspname", NULL, NULL,
                       2)) {
    sh_buf_free(&q);
    return 0;
  }
  sh_buf_puts(&q, "ORDER BY 1;");
  Result *r = sh_hidden_query(sh, q.data);
  sh_buf_free(&q);
  if (!r) return 0;
  int ok = !pattern || schema_publications(sh, pattern, &footers);
  if (ok) print_result(sh, r, "List of schemas", &footers);
  sh_result_free(r);
  sh_buf_free(&footers);
  return ok;
}

/* ---- \du (describeRoles) ---- */

static void role_attribute(Buf *b, const char *s) {
  if (b->len) sh_buf_puts(b, ", ");
  sh_buf_puts(b, s);
}

static int is_true(const char *s) { return strcmp(s, "t") == 0; }

static char *role_attributes(const Result *r, int i, int verbose) {
  Buf b = {0};
  if (is_true(sh_result_value(r, i, 1))) role_attribute(&b, "Superuser");
  if (!is_true(sh_result_value(r, i, 2))) role_attribute(&b, "No inheritance");
  if (is_true(sh_result_value(r, i, 3))) role_attribute(&b, "Create role");
  if (is_true(sh_result_value(r, i, 4))) role_attribute(&b, "Create DB");
  if (!is_true(sh_result_value(r, i, 5))) role_attribute(&b, "Cannot login");
  if (is_true(sh_result_value(r, i, verbose ? 10 : 9))) role_attribute(&b, "Replication");
  if (is_true(sh_result_value(r, i, verbose ? 11 : 10))) role_attribute(&b, "Bypass RLS");
  int conns = atoi(sh_result_value(r, i, 6));
  if (conns >= 0) {
    if (b.len) sh_buf_putc(&b, '\n');
    if (conns == 0) sh_buf_puts(&b, "No connections");
    else sh_buf_printf(&b, conns == 1 ? "%d connection" : "%d connections", conns);
  }
  if (*sh_result_value(r, i, 7)) {
    if (b.len) sh_buf_putc(&b, '\n');
    sh_buf_printf(&b, "Password valid until %s", sh_result_value(r, i, 7));
  }
  if (!b.data) sh_buf_puts(&b, "");
  return b.data;
}

static void print_roles(Shell *sh, const Result *r, int verbose) {
  Table t;
  sh_table_init(&t, verbose ? 4 : 3);
  t.title = "List of roles";
  t.default_footer = 0;
  sh_table_set_header(&t, 0, "Role name", 'l');
  sh_table_set_header(&t, 1, "Attributes", 'l');
  sh_table_set_header(&t, 2, "Member of", 'l');
  if (verbose) sh_table_set_header(&t, 3, "Description", 'l');
  for (int i = 0; i < r->nrows; i++) {
    char *attrs = role_attributes(r, i, verbose);
    sh_table_add_cell(&t, sh_result_value(r, i, 0));
    sh_table_add_cell(&t, attrs);
    sh_table_add_cell(&t, sh_result_value(r, i, 8));
    if (verbose) sh_table_add_cell(&t, sh_result_value(r, i, 9));
    free(attrs);
  }
  sh_print_table(&t, &sh->popt, stdout);
  sh_table_free(&t);
}

int sh_describe_roles(Shell *sh, const char *pattern, int verbose, int system) {
  Buf q = {0};
  sh_buf_puts(&q, "SELECT r.rolname, r.rolsuper, r.rolinherit,\n"
                  "  r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,\n"
                  "  r.rolconnlimit, r.rolvaliduntil,\n"
                  "  ARRAY(SELECT b.rolname\n"
                  "        FROM pg_catalog.pg_auth_members m\n"
                  "        JOIN pg_catalog.pg_roles b ON (m.roleid = b.oid)\n"
                  "        WHERE m.member = r.oid) as memberof");
  if (verbose)
    sh_buf_puts(&q, "\n, pg_catalog.shobj_description(r.oid, 'pg_authid') AS description");
  sh_buf_puts(&q, "\n, r.rolreplication\n, r.rolbypassrls\nFROM pg_catalog.pg_roles r\n");
  if (!system && !pattern) sh_buf_puts(&q, "WHERE r.rolname !~ '^pg_'\n");
  if (!sh_name_pattern(sh, &q, pattern, !system && !pattern, NULL, "r.rolname", NULL, NULL,
                       1)) {
    sh_buf_free(&q);
    return 0;
  }
  sh_buf_puts(&q, "ORDER BY 1;");
  Result *r = sh_hidden_query(sh, q.data);
  sh_buf_free(&q);
  if (!r) return 0;
  print_roles(sh, r, verbose);
  sh_result_free(r);
  return 1;
}

/* ---- \df (describeFunctions) ---- */

static const char FUNC_VERBOSE_COLUMNS[] =
    ",\n CASE\n  WHEN p.provolatile = 'i' THEN 'immutable'\n"
    "  WHEN p.provolatile = 's' THEN 'stable'\n"
    "  WHEN p.provolatile = 'v' THEN 'volatile'\n END as \"Volatility\""
    ",\n CASE\n  WHEN p.proparallel = 'r' THEN 'restricted'\n"
    "  WHEN p.proparallel = 's' THEN 'safe'\n"
    "  WHEN p.proparallel = 'u' THEN 'unsafe'\n END as \"Parallel\""
    ",\n pg_catalog.pg_get_userbyid(p.proowner) as \"Owner\""
    ",\n CASE WHEN prosecdef THEN 'definer' ELSE 'invoker' END AS \"Security\""
    ",\n pg_catalog.array_to_string(p.proacl, E'\\n') AS \"Access privileges\""
    ",\n l.lanname as \"Language\""
    ",\n COALESCE(pg_catalog.pg_get_function_sqlbody(p.oid), p.prosrc) as \"Source code\""
    ",\n pg_catalog.obj_description(p.oid, 'pg_proc') as \"Description\"";

static void func_and(Buf *q, int *have_where, const char *cond) {
  sh_buf_puts(q, *have_where ? "      AND " : "WHERE ");
  *have_where = 1;
  sh_buf_printf(q, "%s\n", cond);
}

/* The kind filter of \dfa, \dfn, \dfp, \dft, \dfw and their mixtures. */
static void func_kinds(const char *kinds, Buf *q, int *have_where) {
  int a = strchr(kinds, 'a') != NULL, n = strchr(kinds, 'n') != NULL,
      p = strchr(kinds, 'p') != NULL, t = strchr(kinds, 't') != NULL,
      w = strchr(kinds, 'w') != NULL;
  if ((!a && !n && !p && !t && !w) || (a && n && p && t && w)) return;
  if (n) {
    if (!a) func_and(q, have_where, "p.prokind <> 'a'");
    if (!p) func_and(q, have_where, "p.prokind <> 'p'");
    if (!t) func_and(q, have_where, "p.prorettype <> 'pg_catalog.trigger'::pg_catalog.regtype");
    if (!w) func_and(q, have_where, "p.prokind <> 'w'");
    return;
  }
  const char *sep = "";
  sh_buf_puts(q, "WHERE (\n       ");
  *have_where = 1;
  if (a) { sh_buf_printf(q, "%sp.prokind = 'a'\n", sep); sep = "       OR "; }
  if (t) {
    sh_buf_printf(q, "%sp.prorettype = 'pg_catalog.trigger'::pg_catalog.regtype\n", sep);
    sep = "       OR ";
  }
  if (p) { sh_buf_printf(q, "%sp.prokind = 'p'\n", sep); sep = "       OR "; }
  if (w) sh_buf_printf(q, "%sp.prokind = 'w'\n", sep);
  sh_buf_puts(q, "      )\n");
}

int sh_describe_functions(Shell *sh, const char *kinds, const char *pattern, int verbose,
                          int system) {
  if (strlen(kinds) != strspn(kinds, "anptwS+")) {
    sh_log_error(sh, "\\df only takes [anptwS+] as options");
    return 1; /* psql reports it but does not fail the command */
  }
  Buf q = {0};
  int have_where = 0;
  sh_buf_puts(&q, "SELECT n.nspname as \"Schema\",\n  p.proname as \"Name\",\n"
                  "  pg_catalog.pg_get_function_result(p.oid) as \"Result data type\",\n"
                  "  pg_catalog.pg_get_function_arguments(p.oid) as \"Argument data types\",\n"
                  " CASE p.prokind\n  WHEN 'a' THEN 'agg'\n  WHEN 'w' THEN 'window'\n"
                  "  WHEN 'p' THEN 'proc'\n  ELSE 'func'\n END as \"Type\"");
  if (verbose) sh_buf_puts(&q, FUNC_VERBOSE_COLUMNS);
  sh_buf_puts(&q, "\nFROM pg_catalog.pg_proc p"
                  "\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace\n");
  if (verbose)
    sh_buf_puts(&q, "     LEFT JOIN pg_catalog.pg_language l ON l.oid = p.prolang\n");
  func_kinds(kinds, &q, &have_where);
  if (!sh_name_pattern(sh, &q, pattern, have_where, "n.nspname", "p.proname", NULL,
                       "pg_catalog.pg_function_is_visible(p.oid)", 3)) {
    sh_buf_free(&q);
    return 0;
  }
  if (!system && !pattern)
    sh_buf_puts(&q, "      AND n.nspname <> 'pg_catalog'\n"
                    "      AND n.nspname <> 'information_schema'\n");
  sh_buf_puts(&q, "ORDER BY 1, 2, 4;");
  return query_and_print(sh, &q, "List of functions");
}

/* ---- \dT (describeTypes) ---- */

/* Names the grammar accepts that are neither pg_type's nor format_type's. */
static const char *map_typename(const char *pattern) {
  static const char *const map[] = {
      "decimal", "numeric", "float", "double precision", "int", "integer",
      "bool[]", "boolean[]", "decimal[]", "numeric[]", "float[]", "double precision[]",
      "float4[]", "real[]", "float8[]", "double precision[]", "int[]", "integer[]",
      "int2[]", "smallint[]", "int4[]", "integer[]", "int8[]", "bigint[]",
      "time[]", "time without time zone[]", "timetz[]", "time with time zone[]",
      "timestamp[]", "timestamp without time zone[]",
      "timestamptz[]", "timestamp with time zone[]", "varbit[]", "bit varying[]",
      "varchar[]", "character varying[]", NULL};
  if (!pattern) return NULL;
  for (int i = 0; map[i]; i += 2)
    if (strcasecmp(pattern, map[i]) == 0) return map[i + 1];
  return pattern;
}

static const char TYPE_VERBOSE_COLUMNS[] =
    "  t.typname AS \"Internal name\",\n"
    "  CASE WHEN t.typrelid != 0\n      THEN CAST('tuple' AS pg_catalog.text)\n"
    "    WHEN t.typlen < 0\n      THEN CAST('var' AS pg_catalog.text)\n"
    "    ELSE CAST(t.typlen AS pg_catalog.text)\n  END AS \"Size\",\n"
    "  pg_catalog.array_to_string(\n      ARRAY(\n          SELECT e.enumlabel\n"
    "          FROM pg_catalog.pg_enum e\n          WHERE e.enumtypid = t.oid\n"
    "          ORDER BY e.enumsortorder\n      ),\n      E'\\n'\n  ) AS \"Elements\",\n"
    "  pg_catalog.pg_get_userbyid(t.typowner) AS \"Owner\",\n"
    "pg_catalog.array_to_string(t.typacl, E'\\n') AS \"Access privileges\",\n    ";

int sh_describe_types(Shell *sh, const char *pattern, int verbose, int system) {
  Buf q = {0};
  sh_buf_puts(&q, "SELECT n.nspname as \"Schema\",\n"
                  "  pg_catalog.format_type(t.oid, NULL) AS \"Name\",\n");
  if (verbose) sh_buf_puts(&q, TYPE_VERBOSE_COLUMNS);
  sh_buf_puts(&q, "  pg_catalog.obj_description(t.oid, 'pg_type') as \"Description\"\n"
                  "FROM pg_catalog.pg_type t\n"
                  "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n"
                  "WHERE (t.typrelid = 0 OR (SELECT c.relkind = 'c' FROM pg_catalog.pg_class c "
                  "WHERE c.oid = t.typrelid))\n"
                  "  AND NOT EXISTS(SELECT 1 FROM pg_catalog.pg_type el WHERE el.oid = t.typelem "
                  "AND el.typarray = t.oid)\n");
  if (!system && !pattern)
    sh_buf_puts(&q, "      AND n.nspname <> 'pg_catalog'\n"
                    "      AND n.nspname <> 'information_schema'\n");
  if (!sh_name_pattern(sh, &q, map_typename(pattern), 1, "n.nspname", "t.typname",
                       "pg_catalog.format_type(t.oid, NULL)",
                       "pg_catalog.pg_type_is_visible(t.oid)", 3)) {
    sh_buf_free(&q);
    return 0;
  }
  sh_buf_puts(&q, "ORDER BY 1, 2;");
  return query_and_print(sh, &q, "List of data types");
}

/* ---- \dx (listExtensions), \dp (permissionsList) ---- */

int sh_list_extensions(Shell *sh, const char *pattern) {
  Buf q = {0};
  sh_buf_puts(&q, "SELECT e.extname AS \"Name\", e.extversion AS \"Version\", n.nspname AS "
                  "\"Schema\", c.description AS \"Description\"\n"
                  "FROM pg_catalog.pg_extension e LEFT JOIN pg_catalog.pg_namespace n ON n.oid "
                  "= e.extnamespace LEFT JOIN pg_catalog.pg_description c ON c.objoid = e.oid "
                  "AND c.classoid = 'pg_catalog.pg_extension'::pg_catalog.regclass\n");
  if (!sh_name_pattern(sh, &q, pattern, 0, NULL, "e.extname", NULL, NULL, 1)) {
    sh_buf_free(&q);
    return 0;
  }
  sh_buf_puts(&q, "ORDER BY 1;");
  return query_and_print(sh, &q, "List of installed extensions");
}

static const char PERMISSIONS_SQL[] =
    "SELECT n.nspname as \"Schema\",\n"
    "  c.relname as \"Name\",\n"
    "  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized "
    "view' WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned "
    "table' END as \"Type\",\n"
    "  pg_catalog.array_to_string(c.relacl, E'\\n') AS \"Access privileges\",\n"
    "  pg_catalog.array_to_string(ARRAY(\n"
    "    SELECT attname || E':\\n  ' || pg_catalog.array_to_string(attacl, E'\\n  ')\n"
    "    FROM pg_catalog.pg_attribute a\n"
    "    WHERE attrelid = c.oid AND NOT attisdropped AND attacl IS NOT NULL\n"
    "  ), E'\\n') AS \"Column privileges\",\n"
    "  pg_catalog.array_to_string(ARRAY(\n"
    "    SELECT polname\n"
    "    || CASE WHEN NOT polpermissive THEN\n"
    "       E' (RESTRICTIVE)'\n"
    "       ELSE '' END\n"
    "    || CASE WHEN polcmd != '*' THEN\n"
    "           E' (' || polcmd::pg_catalog.text || E'):'\n"
    "       ELSE E':'\n"
    "       END\n"
    "    || CASE WHEN polqual IS NOT NULL THEN\n"
    "           E'\\n  (u): ' || pg_catalog.pg_get_expr(polqual, polrelid)\n"
    "       ELSE E''\n"
    "       END\n"
    "    || CASE WHEN polwithcheck IS NOT NULL THEN\n"
    "           E'\\n  (c): ' || pg_catalog.pg_get_expr(polwithcheck, polrelid)\n"
    "       ELSE E''\n"
    "       END"
    "    || CASE WHEN polroles <> '{0}' THEN\n"
    "           E'\\n  to: ' || pg_catalog.array_to_string(\n"
    "               ARRAY(\n"
    "                   SELECT rolname\n"
    "                   FROM pg_catalog.pg_roles\n"
    "                   WHERE oid = ANY (polroles)\n"
    "                   ORDER BY 1\n"
    "               ), E', ')\n"
    "       ELSE E''\n"
    "       END\n"
    "    FROM pg_catalog.pg_policy pol\n"
    "    WHERE polrelid = c.oid), E'\\n')\n"
    "    AS \"Policies\"\n"
    "FROM pg_catalog.pg_class c\n"
    "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "WHERE c.relkind IN ('r','v','m','S','f','p')\n";

int sh_permissions_list(Shell *sh, const char *pattern) {
  Buf q = {0};
  sh_buf_puts(&q, PERMISSIONS_SQL);
  if (!sh_name_pattern(sh, &q, pattern, 1, "n.nspname", "c.relname", NULL,
                       "n.nspname !~ '^pg_' AND pg_catalog.pg_table_is_visible(c.oid)", 3)) {
    sh_buf_free(&q);
    return 0;
  }
  sh_buf_puts(&q, "ORDER BY 1, 2;");
  return query_and_print(sh, &q, "Access privileges");
}

/* ---- \sv (psql's get_create_object_cmd for a view) ---- */

/* The view's OID, as psql finds it: a regclass cast of the name. */
static char *view_oid(Shell *sh, const char *name) {
  Buf q = {0};
  sh_buf_puts(&q, "SELECT ");
  sh_append_literal(&q, name);
  sh_buf_puts(&q, "::pg_catalog.regclass::pg_catalog.oid");
  Result *r = sh_hidden_query(sh, q.data);
  sh_buf_free(&q);
  char *oid = r && r->nrows == 1 ? strdup(sh_result_value(r, 0, 0)) : NULL;
  sh_result_free(r);
  return oid;
}

/* CREATE OR REPLACE VIEW text from the view query's row; NULL (reported)
** when the relation is not a view. */
static char *view_command(Shell *sh, const Result *r) {
  const char *nsp = sh_result_value(r, 0, 0), *rel = sh_result_value(r, 0, 1);
  const char *opts = sh_result_value(r, 0, 4), *check = sh_result_value(r, 0, 5);
  if (strcmp(sh_result_value(r, 0, 2), "v") != 0) {
    sh_log_error(sh, "\"%s.%s\" is not a view", nsp, rel);
    return NULL;
  }
  if (strlen(opts) > 2) {
    sh_log_error(sh, "\\sv: views with options (WITH (...)) are not supported");
    return NULL;
  }
  Buf b = {0};
  sh_buf_puts(&b, "CREATE OR REPLACE VIEW ");
  sh_append_ident(&b, nsp);
  sh_buf_putc(&b, '.');
  sh_append_ident(&b, rel);
  sh_buf_printf(&b, " AS\n%s", sh_result_value(r, 0, 3));
  if (b.len > 0 && b.data[b.len - 1] == ';') b.data[--b.len] = '\0';
  if (*check) sh_buf_printf(&b, "\n WITH %s CHECK OPTION", check);
  return b.data;
}

static void print_numbered(const char *text) {
  int lineno = 0;
  const char *p = text;
  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    printf("%-7d %.*s\n", ++lineno, (int)n, p);
    p += n + (nl ? 1 : 0);
  }
}

int sh_show_view(Shell *sh, const char *name, int numbered) {
  if (!name) {
    sh_log_error(sh, "view name is required");
    return 0;
  }
  char *oid = view_oid(sh, name);
  if (!oid) return 0;
  Buf q = {0};
  sh_buf_printf(&q,
                "SELECT nspname, relname, relkind, pg_catalog.pg_get_viewdef(c.oid, true), "
                "pg_catalog.array_remove(pg_catalog.array_remove(c.reloptions,'check_option="
                "local'),'check_option=cascaded') AS reloptions, CASE WHEN 'check_option=local' "
                "= ANY (c.reloptions) THEN 'LOCAL'::text WHEN 'check_option=cascaded' = ANY "
                "(c.reloptions) THEN 'CASCADED'::text ELSE NULL END AS checkoption FROM "
                "pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON c.relnamespace = "
                "n.oid WHERE c.oid = %s",
                oid);
  free(oid);
  Result *r = sh_hidden_query(sh, q.data);
  sh_buf_free(&q);
  char *text = r && r->nrows == 1 ? view_command(sh, r) : NULL;
  if (r && r->nrows != 1) sh_log_error(sh, "view name is required");
  sh_result_free(r);
  if (!text) return 0;
  if (numbered) {
    print_numbered(text);
  } else {
    fputs(text, stdout);
    if (!*text || text[strlen(text) - 1] != '\n') putchar('\n');
  }
  free(text);
  return 1;
}

/* ---- Names for Tab completion ---- */

char **sh_list_table_names(Shell *sh) {
  size_t n = 0, cap = 256;
  char **names = calloc(cap, sizeof(char *));
  pgm_stmt *st = NULL;
  int saved = pgm_get_dialect(sh->db);
  pgm_set_dialect(sh->db, PGM_DIALECT_POSTGRES);
  if (pgm_prepare(sh->db,
                  "SELECT c.relname FROM pg_catalog.pg_class c WHERE c.relkind IN "
                  "('r','p','v','m','f') AND pg_catalog.pg_table_is_visible(c.oid) "
                  "AND c.relnamespace <> 'pg_catalog'::pg_catalog.regnamespace ORDER BY 1",
                  -1, &st, NULL, NULL) == PGM_OK && st) {
    while (pgm_step(st) == PGM_ROW && n + 1 < cap) {
      const char *s = pgm_value_text(pgm_column_value(st, 0), NULL);
      if (s) names[n++] = strdup(s);
    }
  }
  pgm_finalize(st);
  pgm_set_dialect(sh->db, saved);
  return names;
}

/*
** reloptions.c — storage parameters: CREATE TABLE / CREATE INDEX ... WITH
** (...), ALTER TABLE ... SET (...) / RESET (...) (after PostgreSQL's
** access/common/reloptions.c).
**
** PostgreSQL 15's heap and btree parameters are accepted with its names,
** kinds, bounds and messages, and kept as pg_class.reloptions shows them
** ("{fillfactor=70,autovacuum_enabled=false}") in pgm_reloptions.  They
** change nothing in SQLite's storage: SQLite has no fill factor, TOAST,
** autovacuum daemon or parallel workers, so they are remembered only (a
** dump and restore, or a client reading pg_class, sees what was set).
** Parameters of the TOAST table (toast.*) are refused with 0A000: pgmicro
** has no TOAST table to hold them.
*/
#include "commands/ddl.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum RelOptKind { RO_BOOL, RO_INT, RO_REAL, RO_ENUM } RelOptKind;

typedef struct RelOpt {
  const char *name;
  RelOptKind kind;
  char rel;                /* 'r' table, 'i' btree index */
  double min, max;
} RelOpt;

static const RelOpt relopts[] = {
  {"fillfactor", RO_INT, 'r', 10, 100},
  {"fillfactor", RO_INT, 'i', 10, 100},
  {"deduplicate_items", RO_BOOL, 'i', 0, 0},
  {"autovacuum_enabled", RO_BOOL, 'r', 0, 0},
  {"user_catalog_table", RO_BOOL, 'r', 0, 0},
  {"vacuum_truncate", RO_BOOL, 'r', 0, 0},
  {"vacuum_index_cleanup", RO_ENUM, 'r', 0, 0},
  {"autovacuum_vacuum_threshold", RO_INT, 'r', 0, INT_MAX},
  {"autovacuum_vacuum_insert_threshold", RO_INT, 'r', -1, INT_MAX},
  {"autovacuum_analyze_threshold", RO_INT, 'r', 0, INT_MAX},
  {"autovacuum_vacuum_cost_limit", RO_INT, 'r', 1, 10000},
  {"autovacuum_freeze_min_age", RO_INT, 'r', 0, 1000000000},
  {"autovacuum_multixact_freeze_min_age", RO_INT, 'r', 0, 1000000000},
  {"autovacuum_freeze_max_age", RO_INT, 'r', 100000, 2000000000},
  {"autovacuum_multixact_freeze_max_age", RO_INT, 'r', 10000, 2000000000},
  {"autovacuum_freeze_table_age", RO_INT, 'r', 0, 2000000000},
  {"autovacuum_multixact_freeze_table_age", RO_INT, 'r', 0, 2000000000},
  {"log_autovacuum_min_duration", RO_INT, 'r', -1, INT_MAX},
  {"toast_tuple_target", RO_INT, 'r', 128, 8160},
  {"parallel_workers", RO_INT, 'r', 0, 1024},
  {"autovacuum_vacuum_cost_delay", RO_REAL, 'r', 0, 100},
  {"autovacuum_vacuum_scale_factor", RO_REAL, 'r', 0, 100},
  {"autovacuum_vacuum_insert_scale_factor", RO_REAL, 'r', 0, 100},
  {"autovacuum_analyze_scale_factor", RO_REAL, 'r', 0, 100},
};

static const RelOpt *relopt_find(const char *name, char rel) {
  for (size_t i = 0; i < sizeof relopts / sizeof relopts[0]; i++)
    if (relopts[i].rel == rel && !strcmp(relopts[i].name, name)) return &relopts[i];
  return NULL;
}

__attribute__((noreturn)) static void ro_error(Analysis *an, const char *detail, const char *fmt, const char *a, const char *b) {
  pgm_error *e = pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE, fmt, a, b);
  if (detail) pgm_error_set_detail(e, "%s", detail);
  an->err = e;
  longjmp(an->on_error, 1);
}

/* PostgreSQL's parse_bool: true/false/yes/no/on/off/1/0 and unique prefixes. */
static bool ro_parse_bool(const char *s, bool *out) {
  size_t n = strlen(s);
  static const struct { const char *word; size_t min; bool val; } words[] = {
    {"true", 1, true}, {"false", 1, false}, {"yes", 1, true}, {"no", 1, false}, {"on", 2, true}, {"off", 2, false}};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (n >= words[i].min && n <= strlen(words[i].word) && !strncasecmp(s, words[i].word, n)) { *out = words[i].val; return true; }
  if (!strcmp(s, "1") || !strcmp(s, "0")) { *out = s[0] == '1'; return true; }
  return false;
}

/* A number as parse_int / parse_real read it (trailing blanks allowed). */
static bool ro_parse_num(const char *s, bool integer, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || errno == ERANGE || isnan(v)) return false;
  while (*end == ' ' || *end == '\t' || *end == '\n') end++;
  if (*end) return false;
  if (integer) {
    v = rint(v);
    if (v > INT_MAX || v < INT_MIN) return false;
  }
  *out = v;
  return true;
}

/* Validate one "name=value" against its definition (parse_one_reloption). */
static void ro_validate(Analysis *an, const RelOpt *o, const char *value) {
  bool b;
  double v;
  char lo[64], hi[64];
  switch (o->kind) {
  case RO_BOOL:
    if (!ro_parse_bool(value, &b)) ro_error(an, NULL, "invalid value for boolean option \"%s\": %s", o->name, value);
    return;
  case RO_ENUM:
    if (!ro_parse_bool(value, &b) && strcasecmp(value, "auto"))
      ro_error(an, "Valid values are \"on\", \"off\", and \"auto\".", "invalid value for enum option \"%s\": %s", o->name, value);
    return;
  case RO_INT:
    if (!ro_parse_num(value, true, &v)) ro_error(an, NULL, "invalid value for integer option \"%s\": %s", o->name, value);
    if (v < o->min || v > o->max) {
      snprintf(lo, sizeof lo, "Valid values are between \"%d\" and \"%d\".", (int)o->min, (int)o->max);
      ro_error(an, lo, "value %s out of bounds for option \"%s\"", value, o->name);
    }
    return;
  case RO_REAL:
    if (!ro_parse_num(value, false, &v)) ro_error(an, NULL, "invalid value for floating point option \"%s\": %s", o->name, value);
    if (v < o->min || v > o->max) {
      snprintf(hi, sizeof hi, "Valid values are between \"%f\" and \"%f\".", o->min, o->max);
      ro_error(an, hi, "value %s out of bounds for option \"%s\"", value, o->name);
    }
    return;
  }
}

/* defGetString of a WITH (...) value; "true" when there is none. */
static const char *ro_value(Analysis *an, PgQuery__DefElem *de) {
  Node *a = de->arg;
  if (!a) return "true";
  switch (a->node_case) {
  case PG_QUERY__NODE__NODE_INTEGER: return arena_printf(&an->arena, "%d", a->integer->ival);
  case PG_QUERY__NODE__NODE_FLOAT: return a->float_->fval;
  case PG_QUERY__NODE__NODE_STRING: return a->string->sval;
  case PG_QUERY__NODE__NODE_BOOLEAN: return a->boolean->boolval ? "true" : "false";
  case PG_QUERY__NODE__NODE_TYPE_NAME:
    if (a->type_name->n_names == 1 && !a->type_name->n_typmods && !a->type_name->n_array_bounds)
      return a->type_name->names[0]->string->sval;
    break;
  default: break;
  }
  an_unsupported(an, de->location, "this storage parameter value");
}

/* The elements of a stored text[] "{a=1,b=2}" (elements never need quotes
** but may carry them: values with blanks or commas). */
typedef struct RoList { char **v; int n; } RoList;

static void ro_push(Analysis *an, RoList *l, const char *s) {
  char **nv = an_alloc(an, sizeof(char *) * (size_t)(l->n + 1));
  if (l->n) memcpy(nv, l->v, sizeof(char *) * (size_t)l->n);
  nv[l->n++] = an_strdup(an, s);
  l->v = nv;
}

static void ro_parse_stored(Analysis *an, const char *s, RoList *l) {
  if (!s || *s != '{') return;
  StrBuf cur = STRBUF_INIT;
  bool q = false, any = false;
  for (const char *p = s + 1; *p; p++) {
    if (q && *p == '\\' && p[1]) { sb_putc(&cur, *++p); continue; }
    if (*p == '"') { q = !q; any = true; continue; }
    if (!q && (*p == ',' || *p == '}')) {
      if (cur.n || any) ro_push(an, l, sb_str(&cur));
      cur.n = 0;
      any = false;
      if (*p == '}') break;
      continue;
    }
    sb_putc(&cur, *p);
  }
  sb_free(&cur);
}

static bool ro_needs_quotes(const char *s) {
  if (!*s || !strcasecmp(s, "NULL")) return true;
  for (const char *p = s; *p; p++)
    if (strchr("{}\",\\ \t\n\r\v\f", *p)) return true;
  return false;
}

static char *ro_print(Analysis *an, const RoList *l) {
  if (!l->n) return NULL;
  StrBuf b = STRBUF_INIT;
  sb_putc(&b, '{');
  for (int i = 0; i < l->n; i++) {
    if (i) sb_putc(&b, ',');
    if (!ro_needs_quotes(l->v[i])) { sb_puts(&b, l->v[i]); continue; }
    sb_putc(&b, '"');
    for (const char *p = l->v[i]; *p; p++) {
      if (*p == '"' || *p == '\\') sb_putc(&b, '\\');
      sb_putc(&b, *p);
    }
    sb_putc(&b, '"');
  }
  sb_putc(&b, '}');
  char *r = an_strdup(an, sb_str(&b));
  sb_free(&b);
  return r;
}

static bool ro_same_name(const char *elem, const char *name) {
  size_t n = strlen(name);
  return !strncmp(elem, name, n) && elem[n] == '=';
}

char *reloptions_transform(Analysis *an, const char *old, Node **options, size_t n, bool reset, char rel) {
  RoList l = {NULL, 0};
  ro_parse_stored(an, old, &l);
  /* transformRelOptions: namespaces and RESET values first, for all options. */
  for (size_t i = 0; i < n; i++) {
    PgQuery__DefElem *de = options[i]->def_elem;
    if (de->defnamespace && *de->defnamespace) {
      if (rel == 'r' && !strcmp(de->defnamespace, "toast"))
        an_unsupported(an, de->location, "storage parameters of the TOAST table");
      ro_error(an, NULL, "unrecognized parameter namespace \"%s\"", de->defnamespace, NULL);
    }
    if (reset && de->arg) ro_error(an, NULL, "RESET must not include values for parameters", NULL, NULL);
  }
  RoList added = {NULL, 0};
  for (size_t i = 0; i < n; i++) {
    PgQuery__DefElem *de = options[i]->def_elem;
    RoList keep = {NULL, 0};
    for (int k = 0; k < l.n; k++) if (!ro_same_name(l.v[k], de->defname)) ro_push(an, &keep, l.v[k]);
    l = keep;
    if (reset) continue;
    ro_push(an, &added, arena_printf(&an->arena, "%s=%s", de->defname, ro_value(an, de)));
  }
  for (int i = 0; i < added.n; i++) ro_push(an, &l, added.v[i]);
  /* parseRelOptions: each stored option in order, as PostgreSQL validates them. */
  for (int i = 0; i < l.n; i++) {
    char *eq = strchr(l.v[i], '=');
    char *name = an_strdup(an, l.v[i]);
    name[eq - l.v[i]] = 0;
    const RelOpt *o = relopt_find(name, rel);
    if (!o) ro_error(an, NULL, "unrecognized parameter \"%s\"", name, NULL);
    for (int k = 0; k < i; k++)
      if (ro_same_name(l.v[k], name)) ro_error(an, NULL, "parameter \"%s\" specified more than once", name, NULL);
    ro_validate(an, o, eq + 1);
  }
  return ro_print(an, &l);
}

void reloptions_sql_store(const char *relname, const char *tblname, const char *value, StrBuf *b) {
  if (!value) {
    sb_puts(b, "DELETE FROM pgm_reloptions WHERE relname = ");
    usercat_sql_text(b, relname);
    sb_puts(b, ";\n");
    return;
  }
  sb_puts(b, "INSERT OR REPLACE INTO pgm_reloptions (relname, tblname, reloptions) VALUES (");
  usercat_sql_text(b, relname);
  sb_puts(b, ", ");
  usercat_sql_text(b, tblname);
  sb_puts(b, ", ");
  usercat_sql_text(b, value);
  sb_puts(b, ");\n");
}

char *reloptions_stored(Analysis *an, const char *relname) {
  sqlite3_stmt *st;
  char *r = NULL;
  if (sqlite3_prepare_v2(an->db->sq, "SELECT reloptions FROM pgm_reloptions WHERE relname = ?1", -1, &st, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text(st, 1, relname, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) r = an_strdup(an, (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return r;
}

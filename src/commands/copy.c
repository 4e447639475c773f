/*
** copy.c — COPY ... FROM STDIN and COPY ... TO STDOUT (see copy.h).
**
** Analysis, after PostgreSQL's copy.c: options decoded and checked with
** ProcessCopyOptions' messages and SQLSTATEs, then the table and columns
** resolved.  COPY FROM builds
**   INSERT INTO t (cols) OVERRIDING SYSTEM VALUE VALUES ($1, ..., $n)
** (with WHERE: ... SELECT * FROM (VALUES (...)) AS t (cols) WHERE cond)
** whose parameters have the columns' types, so each row is the work of one
** prepared INSERT: defaults, sequences, constraints and foreign keys behave
** as for INSERT, and a 100k-row COPY costs what a prepared INSERT loop does.
** COPY TO builds the SELECT whose rows it writes.
**
** Execution (copyfromparse.c / copyto.c): lines are cut from the input as
** it arrives in arbitrary chunks, split into fields in text or CSV format,
** read with each column type's input function (so errors name the column,
** as PostgreSQL's CONTEXT does) and bound to the INSERT.
*/
#include "commands/copy.h"
#include "commands/ddl.h"
#include "engine/engine.h"
#include "engine/violation.h"
#include "translate/translate.h"
#include "catalog/usercat.h"
#include "adt/adt.h"
#include "adt/binary.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct CopyPlan {
  bool from;
  bool csv;
  bool binary;               /* FORMAT binary: PostgreSQL's file format, each field its type's send form */
  bool freeze;
  int header;                /* 0 none, 1 a header line, 2 MATCH (COPY FROM checks the names) */
  char delim, quote, escape;
  char *null_print;
  size_t null_len;
  char *relname;             /* the table named in CONTEXT lines, or NULL for COPY (query) */
  int ncols;
  char **names;
  Oid *types;
  int32_t *typmods;
  bool *force_quote, *force_notnull, *force_null;
  Plan *insert;              /* COPY FROM: the INSERT of one row */
};

void copy_plan_free(CopyPlan *cp) {
  if (!cp) return;
  for (int i = 0; i < cp->ncols; i++) free(cp->names[i]);
  free(cp->names);
  free(cp->types);
  free(cp->typmods);
  free(cp->force_quote);
  free(cp->force_notnull);
  free(cp->force_null);
  free(cp->null_print);
  free(cp->relname);
  plan_release(cp->insert);
  free(cp);
}

/* ==== Options (ProcessCopyOptions) ==== */

typedef struct CopyOpts {
  PgQuery__DefElem *format, *delim, *null, *header, *quote, *escape, *force_quote, *force_notnull,
      *force_null, *encoding, *freeze;
  bool csv, binary;
} CopyOpts;

/* defGetString: the option's argument as text. */
static const char *opt_string(Analysis *an, PgQuery__DefElem *d) {
  Node *a = d->arg;
  if (!a) an_error(an, -1, ERRCODE_SYNTAX_ERROR, "%s requires a parameter", d->defname);
  switch (a->node_case) {
  case PG_QUERY__NODE__NODE_STRING: return a->string->sval;
  case PG_QUERY__NODE__NODE_INTEGER: return arena_printf(&an->arena, "%d", a->integer->ival);
  case PG_QUERY__NODE__NODE_FLOAT: return a->float_->fval;
  case PG_QUERY__NODE__NODE_BOOLEAN: return a->boolean->boolval ? "true" : "false";
  case PG_QUERY__NODE__NODE_A_STAR: return "*";
  default: an_error(an, -1, ERRCODE_SYNTAX_ERROR, "%s requires a parameter", d->defname);
  }
}

/* defGetBoolean, extended with "match" for HEADER: 0, 1, or 2 for match. */
static int opt_bool(Analysis *an, PgQuery__DefElem *d, bool match_ok) {
  Node *a = d->arg;
  if (!a) return 1;
  if (a->node_case == PG_QUERY__NODE__NODE_INTEGER && (a->integer->ival == 0 || a->integer->ival == 1))
    return a->integer->ival;
  if (a->node_case == PG_QUERY__NODE__NODE_BOOLEAN) return a->boolean->boolval;
  if (a->node_case == PG_QUERY__NODE__NODE_STRING) {
    const char *s = a->string->sval;
    if (!strcasecmp(s, "true") || !strcasecmp(s, "on")) return 1;
    if (!strcasecmp(s, "false") || !strcasecmp(s, "off")) return 0;
    if (match_ok && !strcasecmp(s, "match")) return 2;
  }
  if (match_ok) an_error(an, -1, ERRCODE_SYNTAX_ERROR, "%s requires a Boolean value or \"match\"", d->defname);
  an_error(an, -1, ERRCODE_SYNTAX_ERROR, "%s requires a Boolean value", d->defname);
}

/* pg_char_to_encoding's spelling rules: case and punctuation do not count. */
static void encoding_key(const char *s, char *out, size_t cap) {
  size_t n = 0;
  for (; *s && n + 1 < cap; s++)
    if (isalnum((unsigned char)*s)) out[n++] = (char)tolower((unsigned char)*s);
  out[n] = 0;
}

/* Data is UTF-8 both ways; another known encoding would need conversion. */
static void check_encoding(Analysis *an, PgQuery__DefElem *d) {
  static const char *const known[] = {"sqlascii", "eucjp", "euccn", "euckr", "euctw", "mulecode", "latin1",
                                      "latin2", "latin3", "latin4", "latin5", "latin6", "latin7", "latin8",
                                      "latin9", "latin10", "win1250", "win1251", "win1252", "win1253",
                                      "win1254", "win1255", "win1256", "win1257", "win1258", "win866", "win874",
                                      "koi8r", "koi8u", "iso88595", "iso88596", "iso88597", "iso88598", "sjis",
                                      "big5", "gbk", "uhc", "gb18030", "johab", "shiftjis2004", "euc2004jp"};
  char key[64];
  encoding_key(opt_string(an, d), key, sizeof key);
  if (!strcmp(key, "utf8") || !strcmp(key, "unicode")) return;
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (!strcmp(key, known[i])) an_unsupported(an, d->location, "COPY with an ENCODING other than UTF8");
  an_error(an, d->location, ERRCODE_INVALID_PARAMETER_VALUE, "argument to option \"%s\" must be a valid encoding name",
           d->defname);
}

static void set_once(Analysis *an, PgQuery__DefElem **slot, PgQuery__DefElem *d) {
  if (*slot) an_error(an, d->location, ERRCODE_SYNTAX_ERROR, "conflicting or redundant options");
  *slot = d;
}

static void read_option(Analysis *an, PgQuery__DefElem *d, CopyOpts *o, bool from) {
  const char *n = d->defname;
  if (!strcmp(n, "format")) {
    set_once(an, &o->format, d);
    const char *f = opt_string(an, d);
    if (!strcmp(f, "csv")) o->csv = true;
    else if (!strcmp(f, "binary")) o->binary = true;
    else if (strcmp(f, "text"))
      an_error(an, d->location, ERRCODE_INVALID_PARAMETER_VALUE, "COPY format \"%s\" not recognized", f);
  } else if (!strcmp(n, "freeze")) {
    set_once(an, &o->freeze, d);
  } else if (!strcmp(n, "delimiter")) {
    set_once(an, &o->delim, d);
  } else if (!strcmp(n, "null")) {
    set_once(an, &o->null, d);
  } else if (!strcmp(n, "header")) {
    set_once(an, &o->header, d);
    if (opt_bool(an, d, true) == 2 && !from)
      an_error(an, -1, ERRCODE_FEATURE_NOT_SUPPORTED, "cannot use \"%s\" with HEADER in COPY TO", "match");
  } else if (!strcmp(n, "quote")) {
    set_once(an, &o->quote, d);
  } else if (!strcmp(n, "escape")) {
    set_once(an, &o->escape, d);
  } else if (!strcmp(n, "force_quote")) {
    set_once(an, &o->force_quote, d);
  } else if (!strcmp(n, "force_not_null")) {
    set_once(an, &o->force_notnull, d);
  } else if (!strcmp(n, "force_null")) {
    set_once(an, &o->force_null, d);
  } else if (!strcmp(n, "encoding")) {
    set_once(an, &o->encoding, d);
    check_encoding(an, d);
  } else {
    an_error(an, d->location, ERRCODE_SYNTAX_ERROR, "option \"%s\" not recognized", n);
  }
}

/* A one-character option ("COPY delimiter must be a single one-byte character"). */
static char one_char(Analysis *an, PgQuery__DefElem *d, const char *what) {
  const char *s = opt_string(an, d);
  if (strlen(s) != 1)
    an_error(an, -1, ERRCODE_FEATURE_NOT_SUPPORTED, "COPY %s must be a single one-byte character", what);
  return s[0];
}

static void csv_only(Analysis *an, PgQuery__DefElem *d, bool csv, const char *what) {
  if (d && !csv) an_error(an, -1, ERRCODE_FEATURE_NOT_SUPPORTED, "COPY %s available only in CSV mode", what);
}

static void direction_only(Analysis *an, PgQuery__DefElem *d, bool ok, const char *what, const char *dir) {
  if (d && !ok) an_error(an, -1, ERRCODE_FEATURE_NOT_SUPPORTED, "COPY %s only available using COPY %s", what, dir);
}

/* The checks after the option loop, in ProcessCopyOptions' order. */
static void check_options(Analysis *an, const CopyOpts *o, CopyPlan *cp) {
  bool csv = o->csv;
  cp->csv = csv;
  cp->binary = o->binary;
  if (o->binary && o->delim) an_error(an, -1, ERRCODE_SYNTAX_ERROR, "cannot specify DELIMITER in BINARY mode");
  if (o->binary && o->null) an_error(an, -1, ERRCODE_SYNTAX_ERROR, "cannot specify NULL in BINARY mode");
  cp->delim = o->delim ? one_char(an, o->delim, "delimiter") : csv ? ',' : '\t';
  cp->null_print = pgm_strdup(o->null ? opt_string(an, o->null) : csv ? "" : "\\N");
  cp->null_len = strlen(cp->null_print);
  cp->header = o->header ? opt_bool(an, o->header, true) : 0;
  cp->freeze = o->freeze ? opt_bool(an, o->freeze, false) : false;
  if (cp->delim == '\n' || cp->delim == '\r')
    an_error(an, -1, ERRCODE_INVALID_PARAMETER_VALUE, "COPY delimiter cannot be newline or carriage return");
  if (strchr(cp->null_print, '\r') || strchr(cp->null_print, '\n'))
    an_error(an, -1, ERRCODE_INVALID_PARAMETER_VALUE, "COPY null representation cannot use newline or carriage return");
  if (!csv && strchr("\\.abcdefghijklmnopqrstuvwxyz0123456789", cp->delim))
    an_error(an, -1, ERRCODE_INVALID_PARAMETER_VALUE, "COPY delimiter cannot be \"%c\"", cp->delim);
  if (cp->binary && cp->header)
    an_error(an, -1, ERRCODE_FEATURE_NOT_SUPPORTED, "cannot specify HEADER in BINARY mode");
  csv_only(an, o->quote, csv, "quote");
  cp->quote = o->quote ? one_char(an, o->quote, "quote") : '"';
  if (csv && cp->delim == cp->quote)
    an_error(an, -1, ERRCODE_INVALID_PARAMETER_VALUE, "COPY delimiter and quote must be different");
  csv_only(an, o->escape, csv, "escape");
  cp->escape = o->escape ? one_char(an, o->escape, "escape") : cp->quote;
  csv_only(an, o->force_quote, csv, "force quote");
  direction_only(an, o->force_quote, !cp->from, "force quote", "TO");
  csv_only(an, o->force_notnull, csv, "force not null");
  direction_only(an, o->force_notnull, cp->from, "force not null", "FROM");
  csv_only(an, o->force_null, csv, "force null");
  direction_only(an, o->force_null, cp->from, "force null", "FROM");
  if (strchr(cp->null_print, cp->delim))
    an_error(an, -1, ERRCODE_FEATURE_NOT_SUPPORTED, "COPY delimiter must not appear in the NULL specification");
  if (csv && strchr(cp->null_print, cp->quote))
    an_error(an, -1, ERRCODE_FEATURE_NOT_SUPPORTED, "CSV quote character must not appear in the NULL specification");
}

/* ==== Target and columns ==== */

static int copy_column_index(const CopyPlan *cp, const char *name) {
  for (int i = 0; i < cp->ncols; i++) if (!strcmp(cp->names[i], name)) return i;
  return -1;
}

/* FORCE_QUOTE / FORCE_NOT_NULL / FORCE_NULL (a, b) or *: flags per copied
** column.  t: the table of COPY t, NULL for COPY (query). */
static bool *force_flags(Analysis *an, PgQuery__DefElem *d, const CopyPlan *cp, const Table *t, const char *label) {
  if (!d) return NULL;
  Node *a = d->arg;
  bool star = a && a->node_case == PG_QUERY__NODE__NODE_A_STAR && !strcmp(d->defname, "force_quote");
  if (!star && (!a || a->node_case != PG_QUERY__NODE__NODE_LIST))
    an_error(an, -1, ERRCODE_INVALID_PARAMETER_VALUE, "argument to option \"%s\" must be a list of column names",
             d->defname);
  for (size_t k = 0; !star && k < a->list->n_items; k++) {
    const char *name = a->list->items[k]->string ? a->list->items[k]->string->sval : "";
    if (copy_column_index(cp, name) >= 0) continue;
    if (t && usercat_column(t, name) >= 0)
      an_error(an, -1, ERRCODE_INVALID_COLUMN_REFERENCE, "%s column \"%s\" not referenced by COPY", label, name);
    if (t) an_error(an, -1, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" of relation \"%s\" does not exist", name, t->name);
    an_error(an, -1, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" does not exist", name);
  }
  bool *flags = pgm_malloc(sizeof(bool) * (size_t)(cp->ncols + 1));
  memset(flags, 0, sizeof(bool) * (size_t)(cp->ncols + 1));
  for (int i = 0; star && i < cp->ncols; i++) flags[i] = true;
  for (size_t k = 0; !star && k < a->list->n_items; k++)
    flags[copy_column_index(cp, a->list->items[k]->string ? a->list->items[k]->string->sval : "")] = true;
  return flags;
}

static void add_column(CopyPlan *cp, const char *name, Oid type, int32_t typmod) {
  cp->names = pgm_realloc(cp->names, sizeof(char *) * (size_t)(cp->ncols + 1));
  cp->types = pgm_realloc(cp->types, sizeof(Oid) * (size_t)(cp->ncols + 1));
  cp->typmods = pgm_realloc(cp->typmods, sizeof(int32_t) * (size_t)(cp->ncols + 1));
  cp->names[cp->ncols] = pgm_strdup(name);
  cp->types[cp->ncols] = type;
  cp->typmods[cp->ncols] = typmod;
  cp->ncols++;
}

/* The table of COPY t: a user table (COPY FROM), or a table of any kind but a view (TO). */
static Table *copy_table(Analysis *an, PgQuery__RangeVar *rv, bool from) {
  if (view_exists(an->db, rv->relname) && !(rv->schemaname && *rv->schemaname && strcmp(rv->schemaname, "public"))) {
    pgm_error *e = pgm_error_new(ERRCODE_WRONG_OBJECT_TYPE, "cannot copy %s view \"%s\"", from ? "to" : "from", rv->relname);
    pgm_error_set_hint(e, from ? "To enable copying to a view, provide an INSTEAD OF INSERT trigger."
                               : "Try the COPY (SELECT ...) TO variant.");
    an->err = e;
    longjmp(an->on_error, 1);
  }
  Table *t = an_lookup_table(an, rv);
  if (!t) an_error(an, -1, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", rv->relname);
  if (from && t != usercat_table(an->db, rv->relname)) an_unsupported(an, -1, "COPY FROM into a system catalog");
  return t;
}

/* The copied columns: the list given (checked as CopyGetAttnums), else all. */
static void copy_columns(Analysis *an, PgQuery__CopyStmt *s, const Table *t, CopyPlan *cp) {
  if (s->n_attlist == 0) {
    for (int i = 0; i < t->ncols; i++) add_column(cp, t->cols[i].name, t->cols[i].type, t->cols[i].typmod);
    return;
  }
  for (size_t k = 0; k < s->n_attlist; k++) {
    const char *name = s->attlist[k]->string->sval;
    int i = usercat_column(t, name);
    if (i < 0) an_error(an, -1, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" of relation \"%s\" does not exist", name, t->name);
    if (copy_column_index(cp, name) >= 0)
      an_error(an, -1, ERRCODE_DUPLICATE_COLUMN, "column \"%s\" specified more than once", name);
    add_column(cp, name, t->cols[i].type, t->cols[i].typmod);
  }
}

/* ==== The statement that does the work ==== */

/* Parse generated SQL and analyse it with the user's relation (and WHERE)
** spliced in, so schema-qualified names and error positions in WHERE are
** the user's.  The parse tree is freed on every path, error jumps included. */
typedef struct Generated {
  RawParse rp;
  Node *stmt;
  jmp_buf saved;
} Generated;

static void gen_parse(Analysis *an, const char *sql, Generated *g) {
  pgm_error *err = NULL;
  if (parser_parse(sql, strlen(sql), &g->rp, &err) != 0) {
    an->err = err;
    longjmp(an->on_error, 1);
  }
  g->stmt = g->rp.tree->stmts[0]->stmt;
}

static void sb_ident_list(StrBuf *b, const CopyPlan *cp) {
  for (int i = 0; i < cp->ncols; i++) {
    if (i) sb_puts(b, ", ");
    sb_put_ident(b, cp->names[i]);
  }
}

/* INSERT INTO t (cols) OVERRIDING SYSTEM VALUE VALUES ($1..$n), or with
** WHERE the same values filtered through a subquery named like the table. */
static char *insert_sql(const CopyPlan *cp, bool where) {
  StrBuf b = STRBUF_INIT;
  sb_puts(&b, "INSERT INTO x (");
  sb_ident_list(&b, cp);
  sb_puts(&b, ") OVERRIDING SYSTEM VALUE ");
  sb_puts(&b, where ? "SELECT * FROM (VALUES (" : "VALUES (");
  for (int i = 0; i < cp->ncols; i++) sb_printf(&b, "%s$%d", i ? ", " : "", i + 1);
  sb_putc(&b, ')');
  if (where) {
    sb_puts(&b, ") AS ");
    sb_put_ident(&b, cp->relname);
    sb_puts(&b, " (");
    sb_ident_list(&b, cp);
    sb_puts(&b, ") WHERE true");
  }
  char *s = pgm_strdup(sb_str(&b));
  sb_free(&b);
  return s;
}

/* Analyse the generated INSERT into its own plan; its parameters are the
** copied columns, typed as the columns, and not the COPY statement's own. */
static void build_insert(Analysis *an, PgQuery__CopyStmt *s, CopyPlan *cp) {
  for (int i = 0; i < cp->ncols; i++) an_set_param_type(an, i + 1, cp->types[i]);
  char *sql = insert_sql(cp, s->where_clause != NULL);
  Generated g;
  gen_parse(an, sql, &g);
  free(sql);
  PgQuery__InsertStmt *ins = g.stmt->insert_stmt;
  PgQuery__RangeVar *own_rel = ins->relation;
  PgQuery__SelectStmt *sel = ins->select_stmt->select_stmt;
  Node *own_where = sel->where_clause;
  ins->relation = s->relation;
  if (s->where_clause) sel->where_clause = s->where_clause;
  memcpy(g.saved, an->on_error, sizeof g.saved);
  if (setjmp(an->on_error) != 0) {
    ins->relation = own_rel;
    sel->where_clause = own_where;
    parser_free(&g.rp);
    memcpy(an->on_error, g.saved, sizeof g.saved);
    longjmp(an->on_error, 1);
  }
  Query *q = an_insert(an_new_pstate(an, NULL), ins);
  cp->insert = plan_new();
  translate_query(an, q, cp->insert);
  ins->relation = own_rel;
  sel->where_clause = own_where;
  parser_free(&g.rp);
  memcpy(an->on_error, g.saved, sizeof g.saved);
  Plan *p = cp->insert;
  p->catalog_version = an->db->catalog_version;
  p->nparams = an->nparams;
  p->paramtypes = pgm_malloc(sizeof(Oid) * (size_t)(an->nparams + 1));
  for (int i = 0; i < an->nparams; i++) p->paramtypes[i] = an->paramtypes[i];
  an->nparams = 0;
}

/* COPY t (cols) TO: SELECT cols FROM t, with the user's relation,
** translated into plan.  The analysed query points into the parse tree, so
** the tree lives until the translation is done. */
static void table_select(Analysis *an, PgQuery__RangeVar *rv, const CopyPlan *cp, Plan *plan) {
  StrBuf b = STRBUF_INIT;
  sb_puts(&b, "SELECT ");
  sb_ident_list(&b, cp);
  sb_puts(&b, " FROM x");
  char *sql = pgm_strdup(sb_str(&b));
  sb_free(&b);
  Generated g;
  gen_parse(an, sql, &g);
  free(sql);
  PgQuery__SelectStmt *sel = g.stmt->select_stmt;
  PgQuery__RangeVar *own = sel->from_clause[0]->range_var;
  sel->from_clause[0]->range_var = rv;
  memcpy(g.saved, an->on_error, sizeof g.saved);
  if (setjmp(an->on_error) != 0) {
    sel->from_clause[0]->range_var = own;
    parser_free(&g.rp);
    memcpy(an->on_error, g.saved, sizeof g.saved);
    longjmp(an->on_error, 1);
  }
  Query *q = an_select(an_new_pstate(an, NULL), sel, true);
  translate_query(an, q, plan);
  sel->from_clause[0]->range_var = own;
  parser_free(&g.rp);
  memcpy(an->on_error, g.saved, sizeof g.saved);
}

/* COPY TO: translate the SELECT into plan, then take its result columns as
** the copied columns (a COPY returns no rows through pgm_step). */
static void build_select(Analysis *an, PgQuery__CopyStmt *s, CopyPlan *cp, Plan *plan) {
  if (s->query) {
    if (s->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
      an_unsupported(an, -1, "COPY (INSERT/UPDATE/DELETE ... RETURNING) TO");
    Query *q = an_select(an_new_pstate(an, NULL), s->query->select_stmt, true);
    translate_query(an, q, plan);
  } else {
    table_select(an, s->relation, cp, plan);
  }
  for (int i = 0; i < cp->ncols; i++) free(cp->names[i]);
  cp->ncols = 0;
  for (int i = 0; i < plan->ncols; i++) add_column(cp, plan->cols[i].name, plan->cols[i].type, plan->cols[i].typmod);
  for (int i = 0; i < plan->ncols; i++) free(plan->cols[i].name);
  free(plan->cols);
  plan->cols = NULL;
  plan->ncols = 0;
  plan->returns_rows = false;
}

void cmd_copy(Analysis *an, PgQuery__CopyStmt *s, Plan *plan) {
  CopyPlan *cp = pgm_malloc(sizeof *cp);
  memset(cp, 0, sizeof *cp);
  plan->copy = cp;   /* from here on the plan owns it, error paths included */
  cp->from = s->is_from;
  if (s->is_program) an_unsupported(an, -1, s->is_from ? "COPY FROM PROGRAM" : "COPY TO PROGRAM");
  if (s->filename && *s->filename)
    an_unsupported(an, -1, s->is_from ? "COPY FROM a server file (use COPY FROM STDIN)" : "COPY TO a server file (use COPY TO STDOUT)");
  CopyOpts o;
  memset(&o, 0, sizeof o);
  for (size_t i = 0; i < s->n_options; i++) read_option(an, s->options[i]->def_elem, &o, s->is_from);
  check_options(an, &o, cp);
  Table *t = NULL;
  if (s->relation) {
    t = copy_table(an, s->relation, s->is_from);
    cp->relname = pgm_strdup(t->name);
    copy_columns(an, s, t, cp);
  }
  if (s->is_from) build_insert(an, s, cp);
  else build_select(an, s, cp, plan);
  cp->force_quote = force_flags(an, o.force_quote, cp, t, "FORCE_QUOTE");
  cp->force_notnull = force_flags(an, o.force_notnull, cp, t, "FORCE_NOT_NULL");
  cp->force_null = force_flags(an, o.force_null, cp, t, "FORCE_NULL");
  for (int i = 0; cp->binary && i < cp->ncols; i++)
    if (!adt_binary_supported(cp->types[i]))
      an_unsupported(an, -1, arena_printf(&an->arena, "COPY in binary format of a column of type %s",
                                          pgm_type_by_oid(cp->types[i]) ? pgm_type_by_oid(cp->types[i])->typname : "unknown"));
  plan->kind = PLAN_SQL;
  plan->tagkind = TAG_COPY;
  plan->tag = pgm_strdup("COPY");
}

/* ==== Execution: shared ==== */

struct CopyState {
  bool copying;              /* between PGM_COPY_IN/OUT and the end */
  bool in_savepoint;         /* COPY FROM: the savepoint is open */
  pgm_stmt *ins;             /* COPY FROM: the INSERT */
  StrBuf in;                 /* COPY FROM: input not yet consumed */
  size_t consumed;           /* bytes of in already turned into lines */
  bool in_quote;             /* CSV: the scan is inside a quoted field */
  size_t scan;               /* bytes of the current line already scanned */
  char eol;                  /* line ending of the data: 0 unknown, 'n' \n, 'r' \r, 'R' \r\n */
  bool seen_end;             /* "\." read: the rest is ignored */
  bool header_pending;       /* a header line to skip (FROM) or to write (TO) */
  bool bin_header_done;      /* binary FROM: the file header has been read */
  bool bin_trailer;          /* binary TO: the trailer has been handed out */
  int64_t line;              /* lines read, for CONTEXT */
  StrBuf field;              /* scratch: one de-escaped field */
  StrBuf out;                /* COPY TO: the line handed out; FROM: the current line */
  size_t *starts, *lens;     /* fields of the current line, as offsets into fieldbuf */
  bool *nulls, *quoted;
  int nfields, capfields;
  StrBuf fieldbuf;
};

int copy_column_count(const pgm_stmt *st) { return st->plan->copy ? st->plan->copy->ncols : -1; }
int copy_format(const pgm_stmt *st) {
  const CopyPlan *cp = st->plan->copy;
  return cp ? (cp->binary ? PGM_COPY_FORMAT_BINARY : cp->csv ? PGM_COPY_FORMAT_CSV : PGM_COPY_FORMAT_TEXT) : -1;
}

static void state_free(CopyState *cs) {
  if (!cs) return;
  if (cs->ins) engine_finalize(cs->ins);
  sb_free(&cs->in);
  sb_free(&cs->field);
  sb_free(&cs->out);
  sb_free(&cs->fieldbuf);
  free(cs->starts);
  free(cs->lens);
  free(cs->nulls);
  free(cs->quoted);
  free(cs);
}

static void savepoint_end(pgm_db *db, CopyState *cs, bool keep) {
  if (!cs->in_savepoint) return;
  cs->in_savepoint = false;
  sqlite3_exec(db->sq, keep ? "RELEASE pgm_copy" : "ROLLBACK TO pgm_copy; RELEASE pgm_copy", NULL, NULL, NULL);
}

/* The COPY failed: its rows are gone, a transaction block is aborted. */
static int copy_fail(pgm_stmt *st, pgm_error *e) {
  pgm_db *db = st->db;
  CopyState *cs = st->copy;
  if (cs) {
    savepoint_end(db, cs, false);
    cs->copying = false;
  }
  if (db->in_block) db->failed = true;
  sequence_restore(db);
  engine_set_error(st, e);
  st->state = 2;
  st->tag[0] = 0;
  st->tag_pending = false;
  return pgm_error_code(e);
}

static int copy_done(pgm_stmt *st, int64_t rows) {
  st->copy->copying = false;
  st->changes = rows;
  st->state = 2;
  st->tag[0] = 0;
  st->tag_pending = true;
  return PGM_DONE;
}

void copy_state_free(pgm_stmt *st) {
  CopyState *cs = st->copy;
  if (!cs) return;
  if (cs->copying && cs->in_savepoint) {
    savepoint_end(st->db, cs, false);
    if (st->db->in_block) st->db->failed = true;
  }
  st->copy = NULL;
  state_free(cs);
}

/* Whether the table was created or truncated in the running transaction
** (PostgreSQL checks the subtransaction; savepoints are not told apart). */
static bool table_is_fresh(pgm_db *db, const char *name) {
  for (int i = 0; i < db->nfresh_tables; i++)
    if (db->fresh_tables[i].xact_us == db->xact_start_us && !strcmp(db->fresh_tables[i].name, name)) return true;
  return false;
}

static int start_from(pgm_stmt *st) {
  pgm_db *db = st->db;
  CopyPlan *cp = st->plan->copy;
  CopyState *cs = st->copy;
  if (cp->freeze && !(db->in_block && table_is_fresh(db, cp->relname)))
    return copy_fail(st, pgm_error_new(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,
                                       "cannot perform COPY FREEZE because the table was not created or truncated in the current subtransaction"));
  pgm_error *err = NULL;
  if (engine_stmt_for_plan(db, cp->insert, &cs->ins, &err) != PGM_OK) return copy_fail(st, err);
  if (sqlite3_exec(db->sq, "SAVEPOINT pgm_copy", NULL, NULL, NULL) != SQLITE_OK)
    return copy_fail(st, engine_sqlite_error(db, sqlite3_extended_errcode(db->sq), NULL));
  cs->in_savepoint = true;
  cs->header_pending = cp->header != 0;
  cs->copying = true;
  st->state = 1;
  return PGM_COPY_IN;
}

int copy_step(pgm_stmt *st) {
  if (st->copy) return st->copy->copying ? (st->plan->copy->from ? PGM_COPY_IN : PGM_COPY_OUT) : PGM_DONE;
  if (st->plan->catalog_version != st->db->catalog_version) {
    int rc = engine_replan(st);
    if (rc != PGM_OK) return copy_fail(st, pgm_error_copy(st->err));
  }
  CopyPlan *cp = st->plan->copy;
  st->copy = pgm_malloc(sizeof *st->copy);
  memset(st->copy, 0, sizeof *st->copy);
  st->changes = 0;
  if (cp->from) return start_from(st);
  st->copy->header_pending = cp->header != 0 || cp->binary;
  st->copy->copying = true;
  st->state = 1;
  return PGM_COPY_OUT;
}

/* ==== COPY FROM: lines ==== */

/* "COPY t, line 3" / "...: \"text\"" / "..., column b: \"x\"", as
** CopyFromErrorCallback; values longer than 100 bytes end in "...". */
static void add_context(pgm_error *e, const CopyPlan *cp, int64_t line, const char *col, const char *val,
                        size_t n, bool show) {
  StrBuf b = STRBUF_INIT;
  sb_printf(&b, "COPY %s, line %lld", cp->relname, (long long)line);
  if (col) sb_printf(&b, ", column %s", col);
  if (show && val) {
    size_t cut = n > 100 ? 100 : n;
    while (cut < n && cut > 0 && ((unsigned char)val[cut] & 0xC0) == 0x80) cut--;
    sb_puts(&b, ": \"");
    sb_putn(&b, val, cut);
    sb_puts(&b, cut < n ? "...\"" : "\"");
  } else if (show && col) {
    sb_puts(&b, ": null input");
  }
  free(e->context);
  e->context = pgm_strdup(sb_str(&b));
  sb_free(&b);
}

static int fail_line(pgm_stmt *st, pgm_error *e, bool show_line) {
  CopyState *cs = st->copy;
  add_context(e, st->plan->copy, cs->line, NULL, sb_str(&cs->out), cs->out.n, show_line);
  return copy_fail(st, e);
}

static int fail_format(pgm_stmt *st, const char *msg, const char *hint, bool show_line) {
  pgm_error *e = pgm_error_new(ERRCODE_BAD_COPY_FILE_FORMAT, "%s", msg);
  if (hint) pgm_error_set_hint(e, "%s", hint);
  return fail_line(st, e, show_line);
}

/* A line ending met in the data: the first one fixes the style; a
** different one later is an error (CopyReadLineText).  Returns the length
** of the ending at p[0..avail), 0 when more input is needed, -1 on error. */
static int line_ending(pgm_stmt *st, const char *p, size_t avail, bool final) {
  CopyState *cs = st->copy;
  bool csv = st->plan->copy->csv;
  int len = 1;
  char kind = p[0] == '\n' ? 'n' : 'r';
  if (p[0] == '\r') {
    if (avail < 2 && !final) return 0;
    if (avail >= 2 && p[1] == '\n') { kind = 'R'; len = 2; }
  }
  if (!cs->eol) cs->eol = kind;
  if (kind == cs->eol) return len;
  cs->line++;
  sb_reset(&cs->out);
  bool cr = kind == 'r' || (kind == 'R' && cs->eol == 'n');
  if (cr) fail_format(st, csv ? "unquoted carriage return found in data" : "literal carriage return found in data",
                      csv ? "Use quoted CSV field to represent carriage return." : "Use \"\\r\" to represent carriage return.", false);
  else fail_format(st, csv ? "unquoted newline found in data" : "literal newline found in data",
                   csv ? "Use quoted CSV field to represent newline." : "Use \"\\n\" to represent newline.", false);
  return -1;
}

static int process_line(pgm_stmt *st, const char *line, size_t n);

/* The end-of-data marker "\." after a text-mode line's data at p: 1 it is
** the marker (the data before it is the last line), 0 more input needed,
** -1 corrupt. */
static int end_marker(pgm_stmt *st, const char *p, size_t avail, bool final) {
  if (avail < 3) {
    if (!final) return 0;
  } else if (p[2] == '\n' || p[2] == '\r') {
    return 1;
  }
  st->copy->line++;
  sb_reset(&st->copy->out);
  fail_format(st, "end-of-copy marker corrupt", NULL, false);
  return -1;
}

/* Cut complete lines from the input; final: no more input will come, the
** rest is the last line.  Returns PGM_OK or an error code. */
static int consume_lines(pgm_stmt *st, bool final) {
  CopyState *cs = st->copy;
  const CopyPlan *cp = st->plan->copy;
  const char *buf = cs->in.p;
  size_t n = cs->in.n;
  while (!cs->seen_end && cs->consumed < n) {
    const char *line = buf + cs->consumed;
    size_t avail = n - cs->consumed, i = cs->scan;
    bool in_quote = cs->in_quote, done = false;
    size_t len = 0, eol_len = 0;
    /* CSV: "\." alone on a line ends the data (it may still be arriving). */
    if (cp->csv && i == 0 && line[0] == '\\') {
      if (avail < 3 && !final) break;
      if (avail >= 2 && line[1] == '.' && (avail == 2 || line[2] == '\n' || line[2] == '\r')) {
        cs->seen_end = true;
        break;
      }
    }
    while (i < avail) {
      char c = line[i];
      if (cp->csv) {
        if (in_quote && c == cp->escape && cp->escape != cp->quote && i + 1 >= avail && !final) break;
        if (in_quote && c == cp->escape && cp->escape != cp->quote && i + 1 < avail &&
            (line[i + 1] == cp->quote || line[i + 1] == cp->escape)) { i += 2; continue; }
        if (c == cp->quote) in_quote = !in_quote;
        else if (!in_quote && (c == '\n' || c == '\r')) break;
        i++;
        continue;
      }
      if (c == '\\') {
        if (i + 1 >= avail && !final) break;
        if (i + 1 < avail && line[i + 1] == '.') {
          int m = end_marker(st, line + i, avail - i, final);
          if (m < 0) return pgm_error_code(st->err);
          if (m == 0) break;
          len = i;
          cs->seen_end = true;
          done = true;
          break;
        }
        i += 2;
        continue;
      }
      if (c == '\n' || c == '\r') break;
      i++;
    }
    if (!done && i < avail && (line[i] == '\n' || line[i] == '\r')) {
      int e = line_ending(st, line + i, avail - i, final);
      if (e < 0) return pgm_error_code(st->err);
      if (e == 0) { cs->scan = i; cs->in_quote = in_quote; break; }
      len = i;
      eol_len = (size_t)e;
      done = true;
    } else if (!done && final && i >= avail) {
      len = avail;
      done = true;
    }
    if (!done) {
      cs->scan = i > avail ? avail : i;
      cs->in_quote = in_quote;
      break;
    }
    cs->consumed += len + eol_len;
    cs->scan = 0;
    cs->in_quote = false;
    if (cs->seen_end) {
      cs->consumed = n;
      if (len == 0) break;   /* "\." on a line of its own: no row */
    }
    int rc = process_line(st, line, len);
    if (rc != PGM_OK) return rc;
    if (cs->seen_end) break;
  }
  /* Drop consumed input now and then, so the buffer stays a few lines long. */
  if (cs->consumed > 0 && (cs->consumed == cs->in.n || cs->consumed > 65536)) {
    size_t left = cs->in.n - cs->consumed;
    memmove(cs->in.p, cs->in.p + cs->consumed, left);
    cs->in.n = left;
    cs->consumed = 0;
  }
  return PGM_OK;
}

/* ==== COPY FROM: fields ==== */

static void add_field(CopyState *cs, size_t start, bool is_null, bool quoted) {
  if (cs->nfields == cs->capfields) {
    cs->capfields = cs->capfields ? cs->capfields * 2 : 16;
    cs->starts = pgm_realloc(cs->starts, sizeof(size_t) * (size_t)cs->capfields);
    cs->lens = pgm_realloc(cs->lens, sizeof(size_t) * (size_t)cs->capfields);
    cs->nulls = pgm_realloc(cs->nulls, sizeof(bool) * (size_t)cs->capfields);
    cs->quoted = pgm_realloc(cs->quoted, sizeof(bool) * (size_t)cs->capfields);
  }
  cs->starts[cs->nfields] = start;
  cs->lens[cs->nfields] = cs->fieldbuf.n - start;
  cs->nulls[cs->nfields] = is_null;
  cs->quoted[cs->nfields] = quoted;
  cs->nfields++;
  sb_putc(&cs->fieldbuf, '\0');
}

static int hexval(char c) { return isdigit((unsigned char)c) ? c - '0' : tolower((unsigned char)c) - 'a' + 10; }

/* One backslash escape of the text format at p (just past the backslash). */
static const char *unescape(const char *p, const char *end, StrBuf *out) {
  static const char from[] = "bfnrtv", to[] = "\b\f\n\r\t\v";
  char c = *p;
  const char *m = c ? strchr(from, c) : NULL;
  if (m) { sb_putc(out, to[m - from]); return p + 1; }
  if (c >= '0' && c <= '7') {
    int v = 0, k = 0;
    while (k < 3 && p < end && *p >= '0' && *p <= '7') { v = v * 8 + (*p++ - '0'); k++; }
    sb_putc(out, (char)v);
    return p;
  }
  if (c == 'x' && p + 1 < end && isxdigit((unsigned char)p[1])) {
    int v = hexval(p[1]);
    p += 2;
    if (p < end && isxdigit((unsigned char)*p)) v = v * 16 + hexval(*p++);
    sb_putc(out, (char)v);
    return p;
  }
  sb_putc(out, c);
  return p + 1;
}

/* CopyReadAttributesText: the null marker is matched before de-escaping. */
static void split_text(CopyState *cs, const CopyPlan *cp, const char *line, size_t n) {
  const char *p = line, *end = line + n;
  for (;;) {
    const char *f = p;
    while (p < end && *p != cp->delim) p += (*p == '\\' && p + 1 < end) ? 2 : 1;
    if (p > end) p = end;
    size_t start = cs->fieldbuf.n;
    bool is_null = (size_t)(p - f) == cp->null_len && !memcmp(f, cp->null_print, cp->null_len);
    for (const char *q = f; q < p;) {
      if (*q == '\\' && q + 1 < p) q = unescape(q + 1, p, &cs->fieldbuf);
      else sb_putc(&cs->fieldbuf, *q++);
    }
    add_field(cs, start, is_null, false);
    if (p >= end) break;
    p++;
  }
}

/* CopyReadAttributesCSV.  Returns 0, or -1 for an unterminated quote. */
static int split_csv(CopyState *cs, const CopyPlan *cp, const char *line, size_t n) {
  const char *p = line, *end = line + n;
  for (;;) {
    const char *f = p;
    size_t start = cs->fieldbuf.n;
    bool saw_quote = false;
    for (;;) {
      while (p < end && *p != cp->delim && *p != cp->quote) sb_putc(&cs->fieldbuf, *p++);
      if (p >= end || *p == cp->delim) break;
      saw_quote = true;
      p++;
      for (;;) {
        if (p >= end) return -1;
        char c = *p++;
        if (c == cp->escape && p < end && (*p == cp->quote || *p == cp->escape)) { sb_putc(&cs->fieldbuf, *p++); continue; }
        if (c == cp->quote) break;
        sb_putc(&cs->fieldbuf, c);
      }
    }
    bool is_null = !saw_quote && (size_t)(p - f) == cp->null_len && !memcmp(f, cp->null_print, cp->null_len);
    add_field(cs, start, is_null, saw_quote);
    if (p >= end) break;
    p++;
  }
  return 0;
}

/* HEADER MATCH: the header line must name the copied columns, in order. */
static int check_header(pgm_stmt *st) {
  CopyState *cs = st->copy;
  const CopyPlan *cp = st->plan->copy;
  if (cs->nfields != cp->ncols) {
    char msg[128];
    snprintf(msg, sizeof msg, "wrong number of fields in header line: got %d, expected %d", cs->nfields, cp->ncols);
    return fail_format(st, msg, NULL, true);
  }
  for (int i = 0; i < cp->ncols; i++) {
    const char *got = cs->fieldbuf.p + cs->starts[i];
    if (!cs->nulls[i] && !strcmp(got, cp->names[i])) continue;
    StrBuf m = STRBUF_INIT;
    if (cs->nulls[i]) sb_printf(&m, "column name mismatch in header line field %d: got null value (\"%s\"), expected \"%s\"", i + 1, cp->null_print, cp->names[i]);
    else sb_printf(&m, "column name mismatch in header line field %d: got \"%s\", expected \"%s\"", i + 1, got, cp->names[i]);
    int rc = fail_format(st, sb_str(&m), NULL, true);
    sb_free(&m);
    return rc;
  }
  return PGM_OK;
}

/* Bind a stored value (taken over) to parameter i + 1 of the INSERT. */
static void bind_datum(sqlite3_stmt *sq, int i, Datum *d) {
  switch (d->kind) {
  case D_NULL: sqlite3_bind_null(sq, i + 1); break;
  case D_INT: sqlite3_bind_int64(sq, i + 1, d->i); break;
  case D_FLOAT: sqlite3_bind_double(sq, i + 1, d->f); break;
  case D_TEXT: sqlite3_bind_text(sq, i + 1, d->p, (int)d->n, free); d->p = NULL; break;
  case D_BLOB: sqlite3_bind_blob(sq, i + 1, d->p, (int)d->n, free); d->p = NULL; break;
  }
  pgm_datum_free(d);
}

/* Read one field with its column's input function (typmod included, so
** "value too long" names the column as in PostgreSQL) and bind it. */
static int bind_field(pgm_stmt *st, int i) {
  CopyState *cs = st->copy;
  const CopyPlan *cp = st->plan->copy;
  sqlite3_stmt *sq = cs->ins->sq;
  bool is_null = cs->nulls[i];
  if (cp->force_notnull && cp->force_notnull[i] && is_null && !cs->quoted[i]) is_null = false;
  const char *s = cs->fieldbuf.p + cs->starts[i];
  size_t n = cs->lens[i];
  if (cp->force_null && cp->force_null[i] && cs->quoted[i] && n == cp->null_len && !memcmp(s, cp->null_print, n))
    is_null = true;
  if (is_null) { sqlite3_bind_null(sq, i + 1); return PGM_OK; }
  pgm_error *err = NULL;
  Oid t = cp->types[i];
  if (t == PGM_OID_TEXT) {
    if (adt_utf8_check(s, n, &err) == 0) {
      sqlite3_bind_text(sq, i + 1, s, (int)n, SQLITE_TRANSIENT);
      return PGM_OK;
    }
  } else {
    Datum d;
    if (adt_input(st->db, t, cp->typmods[i], s, n, &d, &err) == 0) {
      bind_datum(sq, i, &d);
      return PGM_OK;
    }
  }
  add_context(err, cp, cs->line, cp->names[i], s, n, true);
  return copy_fail(st, err);
}

/* SQLite sees an interrupt only while a statement runs; one that came
** between rows is honoured before each row. */
static int check_interrupt(pgm_stmt *st) {
  if (st->db->interrupt_requested)
    return copy_fail(st, pgm_error_new(ERRCODE_QUERY_CANCELED, "canceling statement due to user request"));
  return PGM_OK;
}

static int step_insert(pgm_stmt *st);

/* Insert the fields of the current line as one row. */
static int insert_row(pgm_stmt *st) {
  CopyState *cs = st->copy;
  const CopyPlan *cp = st->plan->copy;
  int irc = check_interrupt(st);
  if (irc != PGM_OK) return irc;
  if (cs->nfields > cp->ncols) return fail_format(st, "extra data after last expected column", NULL, true);
  if (cs->nfields < cp->ncols) {
    /* A single empty field for no column is an empty row, as PostgreSQL reads it. */
    char msg[256];
    snprintf(msg, sizeof msg, "missing data for column \"%s\"", cp->names[cs->nfields]);
    return fail_format(st, msg, NULL, true);
  }
  for (int i = 0; i < cp->ncols; i++) {
    int rc = bind_field(st, i);
    if (rc != PGM_OK) return rc;
  }
  return step_insert(st);
}

/* Run the INSERT of the bound row.  Its SQLite statement is stepped
** directly: the COPY is one statement (one now(), one snapshot, one
** timeout), not one per row. */
static int step_insert(pgm_stmt *st) {
  CopyState *cs = st->copy;
  const CopyPlan *cp = st->plan->copy;
  sqlite3_stmt *sq = cs->ins->sq;
  int rc = sqlite3_step(sq);
  if (rc == SQLITE_DONE) {
    st->changes += sqlite3_changes64(st->db->sq);   /* 0 for a row WHERE dropped */
    sqlite3_reset(sq);
    return PGM_OK;
  }
  pgm_error *e = engine_sqlite_error(st->db, sqlite3_extended_errcode(st->db->sq), cs->ins->plan);
  sqlite3_reset(sq);
  violation_detail(st->db, cs->ins->plan, sq, e);   /* the row's DETAIL, as for INSERT */
  /* PostgreSQL checks unique and foreign keys when its batch is flushed,
  ** where the line's text is no longer at hand. */
  bool show = !cp->binary && strcmp(e->sqlstate, ERRCODE_UNIQUE_VIOLATION) &&
              strcmp(e->sqlstate, ERRCODE_FOREIGN_KEY_VIOLATION);
  return fail_line(st, e, show);
}

static int process_line(pgm_stmt *st, const char *line, size_t n) {
  CopyState *cs = st->copy;
  const CopyPlan *cp = st->plan->copy;
  cs->line++;
  sb_reset(&cs->out);
  sb_putn(&cs->out, line, n);
  sb_reset(&cs->fieldbuf);
  cs->nfields = 0;
  /* No columns: an empty line is an empty row. */
  if (cp->ncols == 0 && n == 0) {
    if (cs->header_pending) { cs->header_pending = false; return PGM_OK; }
    return insert_row(st);
  }
  if (cp->csv) {
    if (split_csv(cs, cp, line, n) != 0) return fail_format(st, "unterminated CSV quoted field", NULL, true);
  } else {
    split_text(cs, cp, line, n);
  }
  if (cs->header_pending) {
    cs->header_pending = false;
    return cp->header == 2 ? check_header(st) : PGM_OK;
  }
  return insert_row(st);
}

/* ==== COPY FROM: binary format (copyfromparse.c's binary reader) ==== */

static const char copy_signature[11] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', '\377', '\r', '\n', '\0'};

static int32_t be_int32(const unsigned char *p) {
  return (int32_t)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]);
}

/* A 22P04 error; the file header's have no CONTEXT (PostgreSQL reads the
** header before its error callback is in place). */
static int fail_header(pgm_stmt *st, const char *msg) {
  return copy_fail(st, pgm_error_new(ERRCODE_BAD_COPY_FILE_FORMAT, "%s", msg));
}

/* A row's error, with "COPY t, line n[, column c]" as CONTEXT. */
static int fail_binary(pgm_stmt *st, pgm_error *e, const char *col) {
  add_context(e, st->plan->copy, st->copy->line, col, NULL, 0, false);
  return copy_fail(st, e);
}

/* ReceiveCopyBinaryHeader: signature, flags (bit 16 is WITH OIDS, the
** other upper 16 bits are critical), then an extension area to skip.
** Returns the header's length, 0 when more input is needed, -1 on error. */
static long binary_header(pgm_stmt *st, const unsigned char *p, size_t avail, bool final) {
  if (avail < 11 || memcmp(p, copy_signature, 11) != 0) {
    if (avail < 11 && !final) return 0;
    return fail_header(st, "COPY file signature not recognized"), -1;
  }
  if (avail < 15) return final ? (fail_header(st, "invalid COPY file header (missing flags)"), -1) : 0;
  uint32_t flags = (uint32_t)be_int32(p + 11);
  if (flags & (1u << 16)) return fail_header(st, "invalid COPY file header (WITH OIDS)"), -1;
  if ((flags & ~(1u << 16)) >> 16) return fail_header(st, "unrecognized critical flags in COPY file header"), -1;
  if (avail < 19 || be_int32(p + 15) < 0) {
    if (avail < 19 && !final) return 0;
    return fail_header(st, "invalid COPY file header (missing length)"), -1;
  }
  size_t ext = (size_t)be_int32(p + 15);
  if (avail - 19 < ext) return final ? (fail_header(st, "invalid COPY file header (wrong length)"), -1) : 0;
  return (long)(19 + ext);
}

/* Whether the row at p is all there (or broken in a way that is reported
** before its end), so it can be read without waiting for more input. */
static bool binary_row_ready(const unsigned char *p, size_t avail, int nfields) {
  size_t at = 2;
  for (int i = 0; i < nfields; i++) {
    if (avail - at < 4) return false;
    int32_t len = be_int32(p + at);
    at += 4;
    if (len < -1) return true;
    if (len > 0 && avail - at < (size_t)len) return false;
    if (len > 0) at += (size_t)len;
  }
  return true;
}

/* One field: NULL or its column type's receive function, bound to the
** INSERT.  *at advances past it.  PGM_OK or an error code. */
static int binary_field(pgm_stmt *st, int i, const unsigned char *p, size_t avail, size_t *at) {
  const CopyPlan *cp = st->plan->copy;
  sqlite3_stmt *sq = st->copy->ins->sq;
  if (avail - *at < 4) return fail_binary(st, pgm_error_new(ERRCODE_BAD_COPY_FILE_FORMAT, "unexpected EOF in COPY data"), cp->names[i]);
  int32_t len = be_int32(p + *at);
  *at += 4;
  if (len == -1) { sqlite3_bind_null(sq, i + 1); return PGM_OK; }
  if (len < -1) return fail_binary(st, pgm_error_new(ERRCODE_BAD_COPY_FILE_FORMAT, "invalid field size"), cp->names[i]);
  if (avail - *at < (size_t)len)
    return fail_binary(st, pgm_error_new(ERRCODE_BAD_COPY_FILE_FORMAT, "unexpected EOF in COPY data"), cp->names[i]);
  Datum d;
  pgm_error *err = NULL;
  if (adt_recv(st->db, cp->types[i], cp->typmods[i], p + *at, (size_t)len, &d, &err) != 0)
    return fail_binary(st, err, cp->names[i]);
  *at += (size_t)len;
  bind_datum(sq, i, &d);
  return PGM_OK;
}

/* CopyFromBinaryOneRow: an int16 field count (-1: the trailer), then the
** fields.  Returns the bytes used, 0 when more input is needed, -1 on
** error.  With `final`, a row cut short is an error, and input too short
** for a field count ends the data as PostgreSQL's reader ends it. */
static long binary_row(pgm_stmt *st, const unsigned char *p, size_t avail, bool final) {
  CopyState *cs = st->copy;
  const CopyPlan *cp = st->plan->copy;
  if (avail < 2) {                    /* the end, with or without a trailer */
    if (final) cs->seen_end = true;
    return final ? (long)avail : 0;
  }
  int16_t nfields = (int16_t)((uint16_t)p[0] << 8 | p[1]);
  if (nfields != -1 && nfields == cp->ncols && !final && !binary_row_ready(p, avail, nfields)) return 0;
  cs->line++;
  if (nfields == -1) {
    cs->seen_end = true;
    return 2;
  }
  if (check_interrupt(st) != PGM_OK) return -1;
  if (nfields != cp->ncols) {
    fail_binary(st, pgm_error_new(ERRCODE_BAD_COPY_FILE_FORMAT, "row field count is %d, expected %d", nfields, cp->ncols), NULL);
    return -1;
  }
  size_t at = 2;
  for (int i = 0; i < cp->ncols; i++)
    if (binary_field(st, i, p, avail, &at) != PGM_OK) return -1;
  if (step_insert(st) != PGM_OK) return -1;
  return (long)at;
}

/* Read the header and every complete row of the input so far; the data
** after the trailer must be nothing (PostgreSQL reads one byte more to be
** sure).  Returns PGM_OK or an error code. */
static int consume_binary(pgm_stmt *st, bool final) {
  CopyState *cs = st->copy;
  for (;;) {
    const unsigned char *p = (const unsigned char *)cs->in.p + cs->consumed;
    size_t avail = cs->in.n - cs->consumed;
    long used;
    if (cs->seen_end) {
      if (avail == 0) break;
      pgm_error *e = pgm_error_new(ERRCODE_BAD_COPY_FILE_FORMAT, "received copy data after EOF marker");
      return fail_binary(st, e, NULL);
    }
    if (!cs->bin_header_done) {
      used = binary_header(st, p, avail, final);
      if (used > 0) cs->bin_header_done = true;
    } else {
      used = binary_row(st, p, avail, final);
    }
    if (used < 0) return pgm_error_code(st->err);
    if (used == 0 && !cs->seen_end) break;
    cs->consumed += (size_t)used;
  }
  if (cs->consumed > 0 && (cs->consumed == cs->in.n || cs->consumed > 65536)) {
    size_t left = cs->in.n - cs->consumed;
    memmove(cs->in.p, cs->in.p + cs->consumed, left);
    cs->in.n = left;
    cs->consumed = 0;
  }
  return PGM_OK;
}

int copy_put(pgm_stmt *st, const char *data, size_t len) {
  CopyState *cs = st->copy;
  if (!cs || !cs->copying || !st->plan->copy->from) return st->err ? pgm_error_code(st->err) : PGM_MISUSE;
  if (st->plan->copy->binary) {
    sb_putn(&cs->in, data, len);
    return consume_binary(st, false);
  }
  if (cs->seen_end) return PGM_OK;
  sb_putn(&cs->in, data, len);
  return consume_lines(st, false);
}

int copy_end(pgm_stmt *st, const char *errmsg) {
  CopyState *cs = st->copy;
  if (!cs || !cs->copying || !st->plan->copy->from) return st->err ? pgm_error_code(st->err) : PGM_MISUSE;
  if (errmsg) return copy_fail(st, pgm_error_new(ERRCODE_QUERY_CANCELED, "COPY from stdin failed: %s", errmsg));
  int rc = st->plan->copy->binary ? consume_binary(st, true) : consume_lines(st, true);
  if (rc != PGM_OK) return rc;
  savepoint_end(st->db, cs, true);
  return copy_done(st, st->changes);
}

/* ==== COPY TO ==== */

/* CopyAttributeOutText: backslash escapes for control characters, the
** backslash and the delimiter. */
static void out_text(StrBuf *b, const char *s, size_t n, char delim) {
  static const char ctl[] = "\b\f\n\r\t\v", esc[] = "bfnrtv";
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if ((unsigned char)c < 0x20) {
      const char *m = c ? strchr(ctl, c) : NULL;
      if (m) { sb_putc(b, '\\'); sb_putc(b, esc[m - ctl]); continue; }
      if (c == delim) sb_putc(b, '\\');
      sb_putc(b, c);
    } else {
      if (c == '\\' || c == delim) sb_putc(b, '\\');
      sb_putc(b, c);
    }
  }
}

/* CopyAttributeOutCSV: quoted when forced, when it could read back as
** NULL or as the end marker, or when it holds a delimiter, quote or line break. */
static void out_csv(StrBuf *b, const CopyPlan *cp, const char *s, size_t n, bool quote, bool single) {
  if (!quote && n == cp->null_len && !memcmp(s, cp->null_print, n)) quote = true;
  if (!quote && single && n == 2 && s[0] == '\\' && s[1] == '.') quote = true;
  for (size_t i = 0; !quote && i < n; i++)
    if (s[i] == cp->delim || s[i] == cp->quote || s[i] == '\n' || s[i] == '\r') quote = true;
  if (!quote) { sb_putn(b, s, n); return; }
  sb_putc(b, cp->quote);
  for (size_t i = 0; i < n; i++) {
    if (s[i] == cp->quote || s[i] == cp->escape) sb_putc(b, cp->escape);
    sb_putc(b, s[i]);
  }
  sb_putc(b, cp->quote);
}

static void out_value(StrBuf *b, const CopyPlan *cp, int i, const char *s, size_t n) {
  if (cp->csv) out_csv(b, cp, s, n, cp->force_quote && cp->force_quote[i], cp->ncols == 1);
  else out_text(b, s, n, cp->delim);
}

static void header_line(StrBuf *b, const CopyPlan *cp) {
  for (int i = 0; i < cp->ncols; i++) {
    if (i) sb_putc(b, cp->delim);
    if (cp->csv) out_csv(b, cp, cp->names[i], strlen(cp->names[i]), false, cp->ncols == 1);
    else out_text(b, cp->names[i], strlen(cp->names[i]), cp->delim);
  }
  sb_putc(b, '\n');
}

static void row_line(pgm_stmt *st, StrBuf *b) {
  const CopyPlan *cp = st->plan->copy;
  for (int i = 0; i < cp->ncols; i++) {
    if (i) sb_putc(b, cp->delim);
    sqlite3_value *v = sqlite3_column_value(st->sq, i);
    if (sqlite3_value_type(v) == SQLITE_NULL) { sb_puts(b, cp->null_print); continue; }
    if (cp->types[i] == PGM_OID_TEXT && sqlite3_value_type(v) == SQLITE_TEXT) {
      out_value(b, cp, i, (const char *)sqlite3_value_text(v), (size_t)sqlite3_value_bytes(v));
      continue;
    }
    StrBuf t = STRBUF_INIT;
    adt_output(st->db, cp->types[i], cp->typmods[i], v, &t);
    out_value(b, cp, i, t.p ? t.p : "", t.n);
    sb_free(&t);
  }
  sb_putc(b, '\n');
}

/* CopyOneRowTo in binary: the field count, then each field's length and
** send form (-1 for NULL).  -1, or the column of a value that has no
** binary form. */
static int binary_row_out(pgm_stmt *st, StrBuf *b) {
  const CopyPlan *cp = st->plan->copy;
  sb_putc(b, (char)(cp->ncols >> 8));
  sb_putc(b, (char)cp->ncols);
  for (int i = 0; i < cp->ncols; i++) {
    sqlite3_value *v = sqlite3_column_value(st->sq, i);
    size_t at = b->n;
    sb_putn(b, "\377\377\377\377", 4);           /* NULL, or the length filled in below */
    if (sqlite3_value_type(v) == SQLITE_NULL) continue;
    if (adt_send(st->db, cp->types[i], cp->typmods[i], v, b) != 0) return i;
    uint32_t n = (uint32_t)(b->n - at - 4);
    for (int k = 0; k < 4; k++) b->p[at + (size_t)k] = (char)(n >> (24 - 8 * k));
  }
  return -1;
}

/* COPY TO in binary: the file header goes out with the first row and the
** trailer (int16 -1) as a piece of its own, as PostgreSQL's CopyData. */
static int copy_get_binary(pgm_stmt *st, const char **buf, size_t *len) {
  CopyState *cs = st->copy;
  if (cs->bin_trailer) return copy_done(st, cs->line);
  sb_reset(&cs->out);
  if (cs->header_pending) {
    cs->header_pending = false;
    sb_putn(&cs->out, copy_signature, sizeof copy_signature);
    sb_putn(&cs->out, "\0\0\0\0\0\0\0\0", 8);   /* flags, header extension length */
  }
  int rc = st->sq ? sqlite3_step(st->sq) : SQLITE_DONE;
  if (rc == SQLITE_ROW) {
    int bad = binary_row_out(st, &cs->out);
    if (bad >= 0) {
      pgm_error *e = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "binary format of a value of column %s is not supported",
                                   st->plan->copy->names[bad]);
      sqlite3_reset(st->sq);
      return copy_fail(st, e);
    }
    cs->line++;
  } else if (rc == SQLITE_DONE) {
    if (st->sq) sqlite3_reset(st->sq);
    sb_putn(&cs->out, "\377\377", 2);
    cs->bin_trailer = true;
  } else {
    pgm_error *e = engine_sqlite_error(st->db, sqlite3_extended_errcode(st->db->sq), st->plan);
    sqlite3_reset(st->sq);
    return copy_fail(st, e);
  }
  *buf = cs->out.p;
  *len = cs->out.n;
  return PGM_ROW;
}

int copy_get(pgm_stmt *st, const char **buf, size_t *len) {
  CopyState *cs = st->copy;
  *buf = NULL;
  *len = 0;
  if (!cs || !cs->copying || st->plan->copy->from) return st->err ? pgm_error_code(st->err) : (cs ? PGM_DONE : PGM_MISUSE);
  if (st->plan->copy->binary) return copy_get_binary(st, buf, len);
  sb_reset(&cs->out);
  if (cs->header_pending) {
    cs->header_pending = false;
    header_line(&cs->out, st->plan->copy);
  } else {
    int rc = st->sq ? sqlite3_step(st->sq) : SQLITE_DONE;
    if (rc == SQLITE_DONE) {
      if (st->sq) sqlite3_reset(st->sq);
      return copy_done(st, cs->line);
    }
    if (rc != SQLITE_ROW) {
      pgm_error *e = engine_sqlite_error(st->db, sqlite3_extended_errcode(st->db->sq), st->plan);
      sqlite3_reset(st->sq);
      return copy_fail(st, e);
    }
    row_line(st, &cs->out);
    cs->line++;
  }
  *buf = cs->out.p;
  *len = cs->out.n;
  return PGM_ROW;
}

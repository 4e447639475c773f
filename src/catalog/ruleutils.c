/*
** ruleutils.c — an analysed expression printed back as PostgreSQL text, the
** way PostgreSQL's ruleutils.c prints a stored expression (pg_get_constraintdef
** of a CHECK constraint): casts shown as ::type, constants labelled as
** get_const_expr labels them, and parentheses chosen as isSimpleNode chooses
** them in pretty mode (every operator parenthesised otherwise).
**
** Only the node kinds below are printed; for anything else the printer
** gives up (NULL) and the caller reports the constraint text as not
** supported rather than printing something PostgreSQL would not.
*/
#include "catalog/ruleutils.h"
#include "adt/adt.h"
#include "analyze/analyze.h"
#include "parser/parser.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct Deparse {
  pgm_db *db;
  const RangeTblEntry *rte;   /* a CHECK constraint's table: bare column names */
  const Query *q;             /* a view's query: columns qualified by their FROM item */
  bool pretty;
  bool failed;
  StrBuf *out;
} Deparse;

/* What isSimpleNode distinguishes about a node or its parent. */
typedef enum NodeClass { NC_NONE, NC_SIMPLE, NC_CAST, NC_OP, NC_BOOL, NC_TEST, NC_FUNCLIKE } NodeClass;

static void dp_expr(Deparse *d, const Expr *e, const Expr *parent);
static void dp_var(Deparse *d, const Expr *e);
static void dp_agg(Deparse *d, const Expr *e);

static const PgOperator *dp_operator(const Expr *e) {
  if (e->kind != EXPR_FUNC) return NULL;
  for (int i = 0; i < pgm_builtin_noperators; i++)
    if (pgm_builtin_operators[i].proc == e->u.func.procoid) return &pgm_builtin_operators[i];
  return NULL;
}

static bool dp_is_cast(const Expr *e) {
  if (e->kind == EXPR_RELABEL || e->kind == EXPR_IOCOERCE) return true;
  if (e->kind != EXPR_FUNC || e->u.func.nargs < 1) return false;
  const PgCast *c = pgm_cast_find(e->u.func.args[0]->type, e->type);
  return c && c->func == e->u.func.procoid;
}

/* The name of a binary operator node ("+", ">"), or NULL. */
static const char *dp_binop_name(const Expr *e) {
  if (e->kind == EXPR_INLIST) return NULL;
  if (e->kind == EXPR_NATIVE) return e->u.native.l ? e->u.native.op : NULL;
  const PgOperator *op = dp_operator(e);
  return op && op->kind == 'b' ? op->name : NULL;
}

static NodeClass dp_class(const Expr *e) {
  if (!e) return NC_NONE;
  switch (e->kind) {
  case EXPR_VAR: case EXPR_CONST: return NC_SIMPLE;
  case EXPR_AGG: return NC_FUNCLIKE;
  case EXPR_RELABEL: case EXPR_IOCOERCE: return NC_CAST;
  case EXPR_NATIVE: case EXPR_INLIST: return NC_OP;
  case EXPR_FUNC: return dp_operator(e) ? NC_OP : dp_is_cast(e) ? NC_CAST : NC_FUNCLIKE;
  case EXPR_BOOL: return NC_BOOL;
  case EXPR_NULLTEST: return NC_TEST;
  case EXPR_COALESCE: return NC_FUNCLIKE;
  default: return NC_NONE;
  }
}

static const Expr *dp_first_arg(const Expr *e) {
  if (e->kind == EXPR_NATIVE) return e->u.native.l;
  if (e->kind == EXPR_FUNC && e->u.func.nargs) return e->u.func.args[0];
  return NULL;
}

/* Parent kinds that count as parentheses of their own or lower precedence. */
static bool dp_parent_separates(const Expr *parent) {
  NodeClass pc = dp_class(parent);   /* a cast parent does not: (a + b)::numeric */
  return pc == NC_FUNCLIKE || pc == NC_BOOL;
}

/* isSimpleNode: may node be printed without parentheses under parent? */
static bool dp_simple(const Expr *e, const Expr *parent) {
  switch (dp_class(e)) {
  case NC_SIMPLE: case NC_FUNCLIKE: return true;
  case NC_CAST:
    if (e->kind == EXPR_FUNC) return true;   /* a FuncExpr is function-like */
    return dp_simple(e->kind == EXPR_RELABEL ? e->u.relabel.arg : e->u.iocoerce.arg, e);
  case NC_OP:
    if (dp_class(parent) == NC_OP) {
      const char *op = dp_binop_name(e), *pop = dp_binop_name(parent);
      if (!op || !pop) return false;
      bool lo = strchr("+-", *op) && !op[1], hi = strchr("*/%", *op) && !op[1];
      bool plo = strchr("+-", *pop) && !pop[1], phi = strchr("*/%", *pop) && !pop[1];
      if (!(lo || hi) || !(plo || phi)) return false;
      if (hi && plo) return true;
      if (lo && phi) return false;
      return dp_first_arg(parent) == e;
    }
    return dp_parent_separates(parent);
  case NC_TEST:
    return dp_parent_separates(parent);
  case NC_BOOL:
    if (dp_class(parent) == NC_BOOL) {
      BoolOp t = e->u.boolexpr.op, pt = parent->u.boolexpr.op;
      if (t == BOOL_NOT || t == BOOL_AND) return pt == BOOL_AND || pt == BOOL_OR;
      return pt == BOOL_OR;
    }
    return dp_class(parent) == NC_FUNCLIKE;
  default: return false;
  }
}

static void dp_paren(Deparse *d, const Expr *e, const Expr *parent) {
  bool paren = d->pretty && !dp_simple(e, parent);
  if (paren) sb_putc(d->out, '(');
  dp_expr(d, e, parent);
  if (paren) sb_putc(d->out, ')');
}

static void dp_type(Deparse *d, Oid type, int32_t typmod) {
  char *s = syscat_format_type(type, typmod);
  sb_puts(d->out, s);
  free(s);
}

static void dp_quoted(Deparse *d, const char *s) {
  sb_putc(d->out, '\'');
  for (const char *p = s; *p; p++) {
    if (*p == '\'' || *p == '\\') sb_putc(d->out, *p);
    sb_putc(d->out, *p);
  }
  sb_putc(d->out, '\'');
}

/* get_const_expr with showtype 0. */
static void dp_const(Deparse *d, const Expr *e) {
  if (e->type == PGM_OID_UNKNOWN) { d->failed = true; return; }
  if (e->u.c.isnull) { sb_puts(d->out, "NULL::"); dp_type(d, e->type, e->typmod); return; }
  StrBuf v = STRBUF_INIT;
  adt_output_datum(d->db, e->type, e->typmod, &e->u.c.value, &v);
  const char *s = sb_str(&v);
  bool label = true;
  switch (e->type) {
  case PGM_OID_INT4:
    if (s[0] != '-') { sb_puts(d->out, s); label = false; }
    else dp_quoted(d, s);
    break;
  case PGM_OID_NUMERIC:
    if (isdigit((unsigned char)s[0]) && strcspn(s, "eE.") != strlen(s)) { sb_puts(d->out, s); label = e->typmod >= 0; }
    else dp_quoted(d, s);
    break;
  case PGM_OID_BOOL:
    sb_puts(d->out, !strcmp(s, "t") || !strcmp(s, "true") ? "true" : "false");
    label = false;
    break;
  default:
    if (strchr(s, '\\')) sb_putc(d->out, 'E');
    dp_quoted(d, s);
    break;
  }
  if (label) { sb_puts(d->out, "::"); dp_type(d, e->type, e->typmod); }
  sb_free(&v);
}

/* get_coercion_expr: arg::type, the argument parenthesised unless pretty. */
static void dp_cast(Deparse *d, const Expr *e, const Expr *arg) {
  if (e->typmod >= 0) { d->failed = true; return; }   /* length coercions print differently */
  if (arg->kind == EXPR_CONST && arg->type == e->type && arg->typmod < 0) dp_const(d, arg);
  else {
    if (!d->pretty) sb_putc(d->out, '(');
    dp_paren(d, arg, e);
    if (!d->pretty) sb_putc(d->out, ')');
  }
  sb_puts(d->out, "::");
  dp_type(d, e->type, e->typmod);
}

static void dp_op(Deparse *d, const Expr *e, const char *name, const Expr *l, const Expr *r) {
  if (!d->pretty) sb_putc(d->out, '(');
  if (l) {
    dp_paren(d, l, e);
    sb_printf(d->out, " %s ", name);
  } else sb_printf(d->out, "%s ", name);
  dp_paren(d, r, e);
  if (!d->pretty) sb_putc(d->out, ')');
}

static void dp_func(Deparse *d, const Expr *e) {
  const PgOperator *op = dp_operator(e);
  if (op) {
    if (op->kind == 'b' && e->u.func.nargs == 2) dp_op(d, e, op->name, e->u.func.args[0], e->u.func.args[1]);
    else if (op->kind == 'l' && e->u.func.nargs == 1) dp_op(d, e, op->name, NULL, e->u.func.args[0]);
    else d->failed = true;
    return;
  }
  if (dp_is_cast(e)) { dp_cast(d, e, e->u.func.args[0]); return; }
  const PgProc *p = pgm_proc_by_oid(e->u.func.procoid);
  if (!p || p->variadic || e->u.func.nargs < p->nargs) { d->failed = true; return; }
  sb_printf(d->out, "%s(", p->name);
  for (int i = 0; i < p->nargs; i++) {
    if (i) sb_puts(d->out, ", ");
    dp_expr(d, e->u.func.args[i], NULL);
  }
  sb_putc(d->out, ')');
}

static void dp_bool(Deparse *d, const Expr *e) {
  if (!d->pretty) sb_putc(d->out, '(');
  if (e->u.boolexpr.op == BOOL_NOT) {
    sb_puts(d->out, "NOT ");
    dp_paren(d, e->u.boolexpr.args[0], e);
  } else {
    for (int i = 0; i < e->u.boolexpr.nargs; i++) {
      if (i) sb_puts(d->out, e->u.boolexpr.op == BOOL_AND ? " AND " : " OR ");
      dp_paren(d, e->u.boolexpr.args[i], e);
    }
  }
  if (!d->pretty) sb_putc(d->out, ')');
}

/* x IN (a, b): PostgreSQL keeps x = ANY (ARRAY[a, b]) (NOT IN: <> ALL). */
static void dp_inlist(Deparse *d, const Expr *e) {
  if (e->u.inlist.nitems < 2) { d->failed = true; return; }
  if (!d->pretty) sb_putc(d->out, '(');
  dp_paren(d, e->u.inlist.arg, e);
  sb_puts(d->out, e->u.inlist.isnot ? " <> ALL (ARRAY[" : " = ANY (ARRAY[");
  for (int i = 0; i < e->u.inlist.nitems; i++) {
    if (i) sb_puts(d->out, ", ");
    dp_expr(d, e->u.inlist.items[i], NULL);
  }
  sb_puts(d->out, "])");
  if (!d->pretty) sb_putc(d->out, ')');
}

static void dp_var(Deparse *d, const Expr *e) {
  const RangeTblEntry *rte = d->rte;
  if (d->q) {
    if (e->u.var.rte < 0 || e->u.var.rte >= d->q->nrtable) { d->failed = true; return; }
    rte = d->q->rtable[e->u.var.rte];
    if (rte->kind != RTE_RELATION || !rte->alias) { d->failed = true; return; }
  }
  if (e->u.var.levelsup || e->u.var.attno < 0 || e->u.var.attno >= rte->ncols) { d->failed = true; return; }
  if (d->q) {
    syscat_quote_ident(d->out, rte->alias);
    sb_putc(d->out, '.');
  }
  syscat_quote_ident(d->out, rte->colnames[e->u.var.attno]);
}

/* The pg_proc name of an aggregate call, from the SQLite aggregate it runs
** as (parse_func.c's agg_sqlname, read backwards); NULL when ambiguous
** (min/max of booleans also run bool_and/bool_or/every). */
static const char *dp_agg_name(const Expr *e) {
  const char *s = e->u.agg.sqlname;
  if (!strncmp(s, "pgm_agg_", 8)) {
    const PgProc *p = pgm_proc_by_oid((Oid)strtoul(s + 8, NULL, 10));
    return p ? p->name : NULL;
  }
  if (!strcmp(s, "count") || !strcmp(s, "sum")) return s;
  if ((!strcmp(s, "min") || !strcmp(s, "max")) && e->u.agg.nargs == 1 && e->u.agg.args[0]->type != PGM_OID_BOOL) return s;
  return NULL;
}

static void dp_agg(Deparse *d, const Expr *e) {
  const char *name = dp_agg_name(e);
  if (!name || e->u.agg.filter || e->u.agg.norder) { d->failed = true; return; }
  sb_printf(d->out, "%s(", name);
  if (e->u.agg.star) sb_putc(d->out, '*');
  if (e->u.agg.distinct) sb_puts(d->out, "DISTINCT ");
  for (int i = 0; i < e->u.agg.nargs && !e->u.agg.star; i++) {
    if (i) sb_puts(d->out, ", ");
    dp_expr(d, e->u.agg.args[i], NULL);
  }
  sb_putc(d->out, ')');
}

static void dp_expr(Deparse *d, const Expr *e, const Expr *parent) {
  (void)parent;
  if (d->failed) return;
  switch (e->kind) {
  case EXPR_VAR: dp_var(d, e); return;
  case EXPR_AGG: dp_agg(d, e); return;
  case EXPR_CONST: dp_const(d, e); return;
  case EXPR_NATIVE:
    if (!e->u.native.l) { d->failed = true; return; }
    dp_op(d, e, e->u.native.op, e->u.native.l, e->u.native.r);
    return;
  case EXPR_FUNC: dp_func(d, e); return;
  case EXPR_RELABEL: dp_cast(d, e, e->u.relabel.arg); return;
  case EXPR_IOCOERCE: dp_cast(d, e, e->u.iocoerce.arg); return;
  case EXPR_BOOL: dp_bool(d, e); return;
  case EXPR_NULLTEST:
    if (!d->pretty) sb_putc(d->out, '(');
    dp_paren(d, e->u.nulltest.arg, e);
    sb_puts(d->out, e->u.nulltest.isnot ? " IS NOT NULL" : " IS NULL");
    if (!d->pretty) sb_putc(d->out, ')');
    return;
  case EXPR_INLIST: dp_inlist(d, e); return;
  case EXPR_COALESCE:
    sb_puts(d->out, "COALESCE(");
    for (int i = 0; i < e->u.list.nargs; i++) {
      if (i) sb_puts(d->out, ", ");
      dp_expr(d, e->u.list.args[i], e);
    }
    sb_putc(d->out, ')');
    return;
  default:
    d->failed = true;
    return;
  }
}

char *ruleutils_expr_text(pgm_db *db, const RangeTblEntry *rte, const Expr *e, bool pretty) {
  StrBuf b = STRBUF_INIT;
  Deparse d = {db, rte, NULL, pretty, false, &b};
  dp_expr(&d, e, NULL);
  if (d.failed) { sb_free(&b); return NULL; }
  char *s = pgm_strdup(sb_str(&b));
  sb_free(&b);
  return s;
}

char *ruleutils_check_src(pgm_db *db, const RangeTblEntry *rte, const Expr *e) {
  char *pretty = ruleutils_expr_text(db, rte, e, true);
  char *plain = pretty ? ruleutils_expr_text(db, rte, e, false) : NULL;
  char *r = plain ? pgm_asprintf("%s\n%s", pretty, plain) : NULL;
  free(pretty);
  free(plain);
  return r;
}

/* Whether n holds a node of kind *(int *)k anywhere (itself included). */
static void *rule_has_node(Node *n, void *k) {
  if (!n) return NULL;
  if ((int)n->node_case == *(int *)k) return n;
  return parser_each_child(n, rule_has_node, k);
}

/* get_rule_expr's text of a SQLValueFunction. */
static char *svf_text(const PgQuery__SQLValueFunction *f) {
  static const char *const names[] = {
    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE] = "CURRENT_DATE",
    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME] = "CURRENT_TIME",
    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N] = "CURRENT_TIME",
    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP] = "CURRENT_TIMESTAMP",
    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N] = "CURRENT_TIMESTAMP",
    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME] = "LOCALTIME",
    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N] = "LOCALTIME",
    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP] = "LOCALTIMESTAMP",
    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N] = "LOCALTIMESTAMP",
    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE] = "CURRENT_ROLE",
    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER] = "CURRENT_USER",
    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER] = "USER",
    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER] = "SESSION_USER",
    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG] = "CURRENT_CATALOG",
    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA] = "CURRENT_SCHEMA",
  };
  if ((unsigned)f->op >= sizeof names / sizeof names[0] || !names[f->op]) return NULL;
  bool n = f->op == PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N ||
           f->op == PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N ||
           f->op == PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N ||
           f->op == PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N;
  return n ? pgm_asprintf("%s(%d)", names[f->op], f->typmod) : pgm_strdup(names[f->op]);
}

/* The default as PostgreSQL keeps it: transformColumnDefault's assignment
** cast to the column type is an implicit one, which ruleutils does not print
** (int8 DEFAULT 42 shows 42, varchar(20) DEFAULT 'y' shows
** 'y'::character varying); only an untyped literal takes the column's type.
** CURRENT_TIMESTAMP and its kin stay SQL value functions in PostgreSQL
** (the analyser here makes them now()): printed as written when they are
** the whole default, left to the stored text when inside one. */
static char *default_expr_text(Analysis *an, pgm_db *db, const Column *col, Node *raw, bool pretty) {
  if (raw->node_case == PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION) return svf_text(raw->sqlvalue_function);
  int svf = PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION;
  if (rule_has_node(raw, &svf)) return NULL;
  ParseState *ps = an_new_pstate(an, NULL);
  Expr *e = an_expr(ps, raw);
  if (e->type == PGM_OID_UNKNOWN) e = an_coerce_or_error(ps, e, col->type, -1, COERCE_ASSIGNMENT, -1);
  return ruleutils_expr_text(db, NULL, e, pretty);
}

char *ruleutils_default_text(pgm_db *db, const Column *col, bool pretty) {
  if (!col->default_pg) return NULL;
  Analysis an;
  memset(&an, 0, sizeof an);
  an.db = db;
  arena_init(&an.arena);
  struct Arena *outer = sb_current_arena();
  char *volatile r = NULL;      /* volatile: read after a longjmp from the analyser */
  RawParse rp;
  volatile bool parsed = false;
  if (setjmp(an.on_error) == 0) {
    sb_use_arena(&an.arena);
    char *sql = arena_printf(&an.arena, "SELECT %s", col->default_pg);
    an.text = sql;
    pgm_error *err = NULL;
    if (parser_parse(sql, strlen(sql), &rp, &err) == 0) {
      parsed = true;
      Node *raw = rp.tree->stmts[0]->stmt->select_stmt->target_list[0]->res_target->val;
      r = default_expr_text(&an, db, col, raw, pretty);
    }
    pgm_error_free(err);
  }
  pgm_error_free(an.err);
  sb_use_arena(outer);
  if (parsed) parser_free(&rp);
  arena_free(&an.arena);
  return r;
}

/* The columns an expression reads, as a bit set of attnos (the first 64). */
static void rv_vars(const Expr *e, uint64_t *set, int *count, bool *unknown) {
  if (!e) return;
  switch (e->kind) {
  case EXPR_VAR:
    if (e->u.var.attno < 64 && !(*set & (1ull << e->u.var.attno))) { *set |= 1ull << e->u.var.attno; ++*count; }
    return;
  case EXPR_CONST: case EXPR_PARAM: return;
  case EXPR_FUNC: for (int i = 0; i < e->u.func.nargs; i++) rv_vars(e->u.func.args[i], set, count, unknown); return;
  case EXPR_NATIVE: rv_vars(e->u.native.l, set, count, unknown); rv_vars(e->u.native.r, set, count, unknown); return;
  case EXPR_BOOL: for (int i = 0; i < e->u.boolexpr.nargs; i++) rv_vars(e->u.boolexpr.args[i], set, count, unknown); return;
  case EXPR_NULLTEST: rv_vars(e->u.nulltest.arg, set, count, unknown); return;
  case EXPR_BOOLTEST: rv_vars(e->u.booltest.arg, set, count, unknown); return;
  case EXPR_DISTINCT: rv_vars(e->u.distinct.eq, set, count, unknown); return;
  case EXPR_NULLIF: rv_vars(e->u.nullif.eq, set, count, unknown); return;
  case EXPR_RELABEL: rv_vars(e->u.relabel.arg, set, count, unknown); return;
  case EXPR_IOCOERCE: rv_vars(e->u.iocoerce.arg, set, count, unknown); return;
  case EXPR_COALESCE: for (int i = 0; i < e->u.list.nargs; i++) rv_vars(e->u.list.args[i], set, count, unknown); return;
  case EXPR_INLIST:
    rv_vars(e->u.inlist.arg, set, count, unknown);
    for (int i = 0; i < e->u.inlist.nitems; i++) rv_vars(e->u.inlist.items[i], set, count, unknown);
    return;
  case EXPR_CASE:
    rv_vars(e->u.caseexpr.arg, set, count, unknown);
    for (int i = 0; i < e->u.caseexpr.nwhen; i++) {
      rv_vars(e->u.caseexpr.whens[i], set, count, unknown);
      rv_vars(e->u.caseexpr.thens[i], set, count, unknown);
    }
    rv_vars(e->u.caseexpr.elseexpr, set, count, unknown);
    return;
  default: *unknown = true; return;
  }
}

int ruleutils_single_column(const Expr *e) {
  uint64_t set = 0;
  int count = 0;
  bool unknown = false;
  rv_vars(e, &set, &count, &unknown);
  if (unknown) return -2;
  if (count != 1) return -1;
  for (int i = 0; i < 64; i++) if (set & (1ull << i)) return i;
  return -1;
}

static int count_inlists(const Expr *e) {
  if (!e) return 0;
  switch (e->kind) {
  case EXPR_INLIST: return 1;
  case EXPR_FUNC: { int n = 0; for (int i = 0; i < e->u.func.nargs; i++) n += count_inlists(e->u.func.args[i]); return n; }
  case EXPR_NATIVE: return count_inlists(e->u.native.l) + count_inlists(e->u.native.r);
  case EXPR_BOOL: { int n = 0; for (int i = 0; i < e->u.boolexpr.nargs; i++) n += count_inlists(e->u.boolexpr.args[i]); return n; }
  case EXPR_NULLTEST: return count_inlists(e->u.nulltest.arg);
  default: return 0;
  }
}

/* pgmicro analyses x IN (a, b) over a non-native comparison as
** x = a OR x = b, which PostgreSQL would print as = ANY (ARRAY[...]):
** such texts are not kept. */
bool ruleutils_in_lists_kept(const char *raw_text, const Expr *e) {
  int raw = 0;
  bool quoted = false;
  for (const char *p = raw_text; *p; p++) {
    if (*p == '\'') quoted = !quoted;
    else if (!quoted && !strncmp(p, " IN (", 5)) raw++;
  }
  return raw == count_inlists(e);
}

/* ---- a view's query (pg_get_viewdef) ---- */

/* get_rule_sortgroupclause: a column as is, anything else parenthesised
** (in plain mode only function-like calls; operators bring their own). */
static void dp_sortgroup(Deparse *d, const Expr *e) {
  if (e->kind == EXPR_CONST) { d->failed = true; return; }   /* PostgreSQL forces a label: not done here */
  NodeClass c = dp_class(e);
  bool paren = e->kind != EXPR_VAR && (d->pretty || c == NC_FUNCLIKE || (e->kind == EXPR_FUNC && c == NC_CAST));
  if (paren) sb_putc(d->out, '(');
  dp_expr(d, e, NULL);
  if (paren) sb_putc(d->out, ')');
}

/* LIMIT/OFFSET: PostgreSQL hides the implicit int4 -> int8 coercion of a constant. */
static void dp_limit(Deparse *d, const char *keyword, const Expr *e) {
  if (e->kind == EXPR_FUNC && dp_is_cast(e) && e->u.func.args[0]->kind == EXPR_CONST) e = e->u.func.args[0];
  if (e->kind != EXPR_CONST || e->u.c.isnull || e->type != PGM_OID_INT4) { d->failed = true; return; }
  sb_puts(d->out, keyword);
  dp_const(d, e);
}

static bool dp_query_supported(const Query *q) {
  if (q->cmd != CMD_SELECT || q->setop != SETOP_NONE || q->nctes || q->ngsets || q->ndistinct_on || q->nsrfs || q->nvalues)
    return false;
  for (int i = 0; i < q->nfrom; i++) if (q->from[i]->is_join) return false;
  for (int i = 0; i < q->nrtable; i++) if (q->rtable[i]->kind != RTE_RELATION || q->rtable[i]->lateral) return false;
  return true;
}

static void dp_targets(Deparse *d, const Query *q, char *const *colnames, int ncolnames) {
  for (int i = 0, k = 0; i < q->ntargets; i++) {
    const TargetEntry *t = &q->targets[i];
    if (t->junk) continue;
    const char *colname = k < ncolnames && colnames[k] ? colnames[k] : t->name;
    if (k++) sb_puts(d->out, ",\n    ");
    dp_expr(d, t->expr, NULL);
    if (d->failed) return;
    const char *attname = NULL;
    if (t->expr->kind == EXPR_VAR) attname = q->rtable[t->expr->u.var.rte]->colnames[t->expr->u.var.attno];
    if (!attname || strcmp(attname, colname)) {
      sb_puts(d->out, " AS ");
      syscat_quote_ident(d->out, colname);
    }
  }
}

static void dp_from(Deparse *d, const Query *q) {
  for (int i = 0; i < q->nfrom; i++) {
    const RangeTblEntry *rte = q->rtable[q->from[i]->rte];
    sb_puts(d->out, i ? ",\n    " : "\n   FROM ");
    syscat_quote_ident(d->out, rte->table->name);
    if (strcmp(rte->alias, rte->table->name)) {
      sb_putc(d->out, ' ');
      syscat_quote_ident(d->out, rte->alias);
    }
  }
}

static void dp_order(Deparse *d, const Query *q) {
  for (int i = 0; i < q->nsort; i++) {
    const SortItem *s = &q->sort[i];
    sb_puts(d->out, i ? ", " : "\n  ORDER BY ");
    dp_sortgroup(d, s->expr);
    if (s->desc) sb_puts(d->out, " DESC");
    if (s->desc != s->nulls_first) sb_puts(d->out, s->nulls_first ? " NULLS FIRST" : " NULLS LAST");
  }
}

char *ruleutils_view_text(pgm_db *db, const Query *q, char *const *colnames, int ncolnames, bool pretty) {
  if (!dp_query_supported(q)) return NULL;
  StrBuf b = STRBUF_INIT;
  Deparse d = {db, NULL, q, pretty, false, &b};
  sb_puts(&b, q->distinct ? " SELECT DISTINCT " : " SELECT ");
  dp_targets(&d, q, colnames, ncolnames);
  dp_from(&d, q);
  if (q->where) { sb_puts(&b, "\n  WHERE "); dp_expr(&d, q->where, NULL); }
  for (int i = 0; i < q->ngroupby; i++) {
    sb_puts(&b, i ? ", " : "\n  GROUP BY ");
    dp_sortgroup(&d, q->groupby[i]);
  }
  if (q->having) { sb_puts(&b, "\n HAVING "); dp_expr(&d, q->having, NULL); }
  dp_order(&d, q);
  if (q->offset) dp_limit(&d, "\n OFFSET ", q->offset);
  if (q->limit) dp_limit(&d, "\n LIMIT ", q->limit);
  sb_putc(&b, ';');
  char *s = d.failed ? NULL : pgm_strdup(sb_str(&b));
  sb_free(&b);
  return s;
}

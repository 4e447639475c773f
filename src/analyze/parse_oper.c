/*
** parse_oper.c — operators, resolved through pg_operator with PostgreSQL's
** rules (manual 10.2).  The chosen row names its implementing function;
** where SQLite's own operator computes exactly the same thing on our storage
** forms (integer comparison, text comparison in the C collation, ...), the
** translator emits the native operator instead of a function call, so that
** SQLite can use its indexes.
*/
#include "analyze/analyze.h"

#include <string.h>

/* prosrc -> SQLite operator with identical semantics on the storage forms. */
static const struct { const char *prosrc; const char *op; } native_ops[] = {
#define CMP6(p) {p "eq", "="}, {p "ne", "<>"}, {p "lt", "<"}, {p "le", "<="}, {p "gt", ">"}, {p "ge", ">="}
  CMP6("int2"), CMP6("int4"), CMP6("int8"), CMP6("int24"), CMP6("int42"), CMP6("int28"),
  CMP6("int82"), CMP6("int48"), CMP6("int84"), CMP6("bool"), CMP6("date_"), CMP6("timestamp_"),
  CMP6("timestamptz_"), CMP6("time_"), CMP6("float8"), CMP6("float4"), CMP6("float48"), CMP6("float84"),
  CMP6("oid"), CMP6("uuid_"),
#undef CMP6
  {"texteq", "="}, {"textne", "<>"}, {"text_lt", "<"}, {"text_le", "<="}, {"text_gt", ">"},
  {"text_ge", ">="}, {"byteaeq", "="}, {"byteane", "<>"}, {"bytealt", "<"}, {"byteale", "<="},
  {"byteagt", ">"}, {"byteage", ">="}, {"nameeq", "="}, {"namene", "<>"},
  {"textcat", "||"},
};

const char *an_native_op(const char *prosrc) {
  for (size_t i = 0; i < sizeof native_ops / sizeof native_ops[0]; i++)
    if (!strcmp(native_ops[i].prosrc, prosrc)) return native_ops[i].op;
  return NULL;
}

static void operator_error(Analysis *an, const char *opname, Expr *l, Expr *r, int location,
                           bool ambiguous) {
  pgm_error *e;
  const char *code = ambiguous ? ERRCODE_AMBIGUOUS_FUNCTION : ERRCODE_UNDEFINED_FUNCTION;
  const char *what = ambiguous ? "is not unique" : "does not exist";
  if (l) e = pgm_error_new(code, "operator %s: %s %s %s", what, an_typename(l->type), opname, an_typename(r->type));
  else e = pgm_error_new(code, "operator %s: %s %s", what, opname, an_typename(r->type));
  pgm_error_set_hint(e, ambiguous ? "Could not choose a best candidate operator. You might need to add explicit type casts."
                                  : "No operator matches the given name and argument types. You might need to add explicit type casts.");
  e->position = parser_char_position(an->text, location);
  an->err = e;
  longjmp(an->on_error, 1);
}

static const PgOperator *select_operator(Analysis *an, const char *opname, Expr *l, Expr *r,
                                         int location) {
  int n;
  const PgOperator *const *ops = pgm_operators_by_name(opname, &n);
  char kind = l ? 'b' : 'l';
  int nin = l ? 2 : 1;
  Oid in[2] = {l ? l->type : r->type, r->type};
  /* PostgreSQL: a binary operator with one unknown input first tries the
  ** other input's type for both. */
  if (l && (in[0] == PGM_OID_UNKNOWN) != (in[1] == PGM_OID_UNKNOWN)) {
    Oid t = in[0] == PGM_OID_UNKNOWN ? in[1] : in[0];
    for (int i = 0; i < n; i++)
      if (ops[i]->kind == 'b' && ops[i]->left == t && ops[i]->right == t) return ops[i];
  }
  Candidate *c = an_alloc(an, sizeof(Candidate) * (size_t)(n + 1));
  const PgOperator **which = an_alloc(an, sizeof(PgOperator *) * (size_t)(n + 1));
  Oid *vec = an_alloc(an, sizeof(Oid) * 2 * (size_t)(n + 1));
  int m = 0;
  for (int i = 0; i < n; i++) {
    if (ops[i]->kind != kind) continue;
    Oid *v = vec + 2 * m;
    if (l) { v[0] = ops[i]->left; v[1] = ops[i]->right; } else v[0] = ops[i]->right;
    c[m].args = v;
    c[m].nargs = nin;
    c[m].variadic = 0;
    which[m++] = ops[i];
  }
  bool ambiguous;
  int k = an_select_candidate(c, m, in, nin, &ambiguous);
  if (k < 0) operator_error(an, opname, l, r, location, ambiguous);
  return which[k];
}

Expr *an_make_op(ParseState *ps, const char *opname, Expr *l, Expr *r, int location) {
  Analysis *an = ps->an;
  const PgOperator *op = select_operator(an, opname, l, r, location);
  const PgProc *p = pgm_proc_by_oid(op->proc);
  if (!p) operator_error(an, opname, l, r, location, false);
  Oid lt = op->left, rt = op->right;
  /* Polymorphic operands (anynonarray, anyarray, ...) keep their type: an_make_func decides. */
  const PgType *ltt = pgm_type_by_oid(lt), *rtt = pgm_type_by_oid(rt);
  if (l && !(ltt && ltt->typtype == 'p')) l = an_coerce_or_error(ps, l, lt, -1, COERCE_IMPLICIT, location);
  if (!(rtt && rtt->typtype == 'p')) r = an_coerce_or_error(ps, r, rt, -1, COERCE_IMPLICIT, location);
  const char *native = an_native_op(p->prosrc);
  if (native && l) {
    Expr *e = an_alloc(an, sizeof *e);
    e->kind = EXPR_NATIVE;
    e->type = op->result;
    e->typmod = -1;
    e->location = location;
    e->u.native.op = native;
    e->u.native.l = l;
    e->u.native.r = r;
    return e;
  }
  Expr *args[2] = {l, r};
  return l ? an_make_func(ps, p, args, 2, location) : an_make_func(ps, p, args + 1, 1, location);
}

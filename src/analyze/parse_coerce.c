/*
** parse_coerce.c — casts and implicit coercions, resolved through pg_cast
** as PostgreSQL does (manual, "Type Conversion"):
**
**   same type                      nothing (or a length coercion for a typmod)
**   unknown literal                read with the target type's input function, now
**   parameter of unknown type      the parameter takes the target type
**   pg_cast row, context allowed   the cast function / binary relabel / I/O
**   to a string type (assignment or explicit), from a string type (explicit)
**                                  I/O conversion through text
*/
#include "analyze/analyze.h"
#include "adt/adt.h"

#include <string.h>

char an_type_category(Oid type) {
  const PgType *t = pgm_type_by_oid(type);
  return t ? t->category : 'X';
}

bool an_type_preferred(Oid type) {
  const PgType *t = pgm_type_by_oid(type);
  return t && t->preferred;
}

static bool context_allows(char castcontext, CoercionContext ctx) {
  switch (castcontext) {
  case 'i': return true;
  case 'a': return ctx >= COERCE_ASSIGNMENT;
  default: return ctx == COERCE_EXPLICIT;
  }
}

bool an_can_coerce(Oid from, Oid to, CoercionContext ctx) {
  if (from == to || from == PGM_OID_UNKNOWN) return true;
  if (to == 2276 /* any */) return true;
  const PgCast *c = pgm_cast_find(from, to);
  if (c) return context_allows(c->context, ctx);
  if (an_type_category(to) == 'S' && ctx >= COERCE_ASSIGNMENT) return true;
  if (an_type_category(from) == 'S' && ctx == COERCE_EXPLICIT) return true;
  return false;
}

/* The length-coercion function of a type (numeric(numeric,int4), varchar(...)),
** found as PostgreSQL does: the pg_cast row from the type to itself. */
static const PgProc *length_coercion(Oid type) {
  const PgCast *c = pgm_cast_find(type, type);
  return c && c->func ? pgm_proc_by_oid(c->func) : NULL;
}

static Expr *make_iocoerce(Analysis *an, Expr *e, Oid type, int32_t typmod) {
  if (!adt_type_supported(type))
    an_error(an, e->location, ERRCODE_FEATURE_NOT_SUPPORTED, "type %s is not supported by pgmicro", an_typename(type));
  Expr *r = an_alloc(an, sizeof *r);
  r->kind = EXPR_IOCOERCE;
  r->type = type;
  r->typmod = -1;
  r->location = e->location;
  r->u.iocoerce.arg = e;
  (void)typmod;
  return r;
}

static Expr *apply_typmod(ParseState *ps, Expr *e, int32_t typmod, CoercionContext ctx, int location) {
  if (typmod < 0 || e->typmod == typmod) return e;
  /* An array's typmod applies to each element: re-read it through its input. */
  if (an_type_category(e->type) == 'A') {
    /* PostgreSQL's explicit cast truncates each string; the input function would raise 22001. */
    const PgType *t = pgm_type_by_oid(e->type);
    if (ctx == COERCE_EXPLICIT && t && an_type_category(t->elem) == 'S')
      an_unsupported(ps->an, location, "explicit length casts of string arrays");
    Expr *r = make_iocoerce(ps->an, e, e->type, -1);
    r->typmod = typmod;
    return r;
  }
  const PgProc *p = length_coercion(e->type);
  if (!p) { e->typmod = typmod; return e; }
  Expr *args[3] = {e, an_make_int4(ps->an, typmod), an_make_bool(ps->an, ctx == COERCE_EXPLICIT)};
  Expr *f = an_make_func(ps, p, args, p->nargs, location);
  f->typmod = typmod;
  return f;
}

/* An unknown literal becomes a constant of the target type: its text goes
** through the type's input function now, so bad input fails at analysis
** with the literal's position, as in PostgreSQL. */
static Expr *coerce_unknown_const(ParseState *ps, Expr *e, Oid type, int32_t typmod, CoercionContext ctx, int location) {
  Analysis *an = ps->an;
  if (e->u.c.isnull) return an_make_null(an, type);
  if (type == 2276 || type == PGM_OID_UNKNOWN) return e;
  Datum d;
  pgm_error *err = NULL;
  const char *lit = e->u.c.literal;
  /* An explicit cast reads the text without the typmod, then applies it as
  ** an explicit length coercion: 'abc'::varchar(2) is 'ab', not an error. */
  int32_t in_typmod = ctx == COERCE_EXPLICIT ? -1 : typmod;
  if (adt_input(an->db, type, in_typmod, lit, strlen(lit), &d, &err) != 0) {
    if (err->position == 0) err->position = parser_char_position(an->text, e->location >= 0 ? e->location : location);
    an->err = err;
    longjmp(an->on_error, 1);
  }
  Expr *c = an_make_const(an, type, in_typmod, &d, e->location);
  return ctx == COERCE_EXPLICIT ? apply_typmod(ps, c, typmod, ctx, location) : c;
}

static Expr *make_relabel(Analysis *an, Expr *e, Oid type, int32_t typmod) {
  Expr *r = an_alloc(an, sizeof *r);
  r->kind = EXPR_RELABEL;
  r->type = type;
  r->typmod = typmod;
  r->location = e->location;
  r->u.relabel.arg = e;
  return r;
}


/* Array to array: allowed when the elements coerce (PostgreSQL's
** ArrayCoerceExpr).  Done through text, which is exact when the element
** cast is an I/O conversion, a widening between numeric types or a cast
** to a string type; other element casts (numeric[] -> int[] rounds) are
** refused rather than computed differently. */
static Expr *array_coerce(ParseState *ps, Expr *e, Oid type, CoercionContext ctx) {
  const PgType *from = pgm_type_by_oid(e->type), *to = pgm_type_by_oid(type);
  if (!from || !to || !from->elem || !to->elem || !an_can_coerce(from->elem, to->elem, ctx)) return NULL;
  const PgCast *c = pgm_cast_find(from->elem, to->elem);
  bool exact = !c || c->method != 'f' || an_type_category(to->elem) == 'S' ||
               (an_type_category(from->elem) == 'N' && an_type_category(to->elem) == 'N' &&
                c->context == 'i');
  if (!exact) an_unsupported(ps->an, e->location, "this array element conversion");
  return make_iocoerce(ps->an, e, type, -1);
}

Expr *an_coerce(ParseState *ps, Expr *e, Oid type, int32_t typmod, CoercionContext ctx, int location) {
  Analysis *an = ps->an;
  if (type == 2276 /* any */ || type == 2283 /* anyelement */) return e;
  if (e->type == type) return apply_typmod(ps, e, typmod, ctx, location);
  if (e->kind == EXPR_CONST && e->type == PGM_OID_UNKNOWN)
    return coerce_unknown_const(ps, e, type, typmod, ctx, location);
  if (e->kind == EXPR_PARAM && e->type == PGM_OID_UNKNOWN) {
    an_set_param_type(an, e->u.param.number, type);
    e->type = type;
    return apply_typmod(ps, e, typmod, ctx, location);
  }
  if (e->type == PGM_OID_UNKNOWN) /* an unknown-typed expression such as NULL through CASE */
    return make_iocoerce(an, e, type, typmod);
  const PgCast *c = pgm_cast_find(e->type, type);
  Expr *out = NULL;
  if (!c && an_type_category(e->type) == 'A' && an_type_category(type) == 'A') {
    out = array_coerce(ps, e, type, ctx);
    if (!out) return NULL;
  } else if (c) {
    if (!context_allows(c->context, ctx)) return NULL;
    if (c->method == 'b') out = make_relabel(an, e, type, -1);
    else if (c->method == 'i') out = make_iocoerce(an, e, type, -1);
    else {
      const PgProc *p = pgm_proc_by_oid(c->func);
      Expr *args[3] = {e, an_make_int4(an, -1), an_make_bool(an, ctx == COERCE_EXPLICIT)};
      out = an_make_func(ps, p, args, p->nargs, location);
    }
  } else if ((an_type_category(type) == 'S' && ctx >= COERCE_ASSIGNMENT) ||
             (an_type_category(e->type) == 'S' && ctx == COERCE_EXPLICIT)) {
    out = make_iocoerce(an, e, type, -1);
  } else {
    return NULL;
  }
  out->type = type;
  return apply_typmod(ps, out, typmod, ctx, location);
}

Expr *an_coerce_or_error(ParseState *ps, Expr *e, Oid type, int32_t typmod, CoercionContext ctx,
                         int location) {
  Expr *r = an_coerce(ps, e, type, typmod, ctx, location);
  if (r) return r;
  if (ctx == COERCE_EXPLICIT)
    an_error(ps->an, location, ERRCODE_CANNOT_COERCE, "cannot cast type %s to %s",
             an_typename(e->type), an_typename(type));
  an_error(ps->an, location, ERRCODE_DATATYPE_MISMATCH, "%s is of type %s but expression is of type %s",
           "value", an_typename(type), an_typename(e->type));
}

Expr *an_output_text(ParseState *ps, Expr *e) {
  e = an_resolve_unknown(ps, e);
  if (e->type == PGM_OID_TEXT) return e;
  Expr *r = an_alloc(ps->an, sizeof *r);
  r->kind = EXPR_IOCOERCE;
  r->type = PGM_OID_TEXT;
  r->typmod = -1;
  r->location = e->location;
  r->u.iocoerce.arg = e;
  return r;
}

Expr *an_resolve_unknown(ParseState *ps, Expr *e) {
  if (e->type != PGM_OID_UNKNOWN) return e;
  if (e->kind == EXPR_CONST || e->kind == EXPR_PARAM)
    return an_coerce(ps, e, PGM_OID_TEXT, -1, COERCE_IMPLICIT, e->location);
  return make_iocoerce(ps->an, e, PGM_OID_TEXT, -1);
}

/* PostgreSQL's select_common_type (manual 10.5): the first non-unknown type
** wins unless a later one of the same category is preferred or the first
** can be implicitly coerced to it; all unknown gives text. */
Oid an_common_type(ParseState *ps, Expr **exprs, int n, const char *context) {
  Oid ptype = PGM_OID_UNKNOWN;
  int ploc = -1;
  for (int i = 0; i < n; i++) {
    Oid t = exprs[i]->type;
    if (t == PGM_OID_UNKNOWN) continue;
    if (ptype == PGM_OID_UNKNOWN) { ptype = t; ploc = exprs[i]->location; continue; }
    if (t == ptype) continue;
    if (an_type_category(t) != an_type_category(ptype))
      an_error(ps->an, exprs[i]->location, ERRCODE_DATATYPE_MISMATCH, "%s types %s and %s cannot be matched",
               context, an_typename(ptype), an_typename(t));
    if (!an_type_preferred(ptype) && an_can_coerce(ptype, t, COERCE_IMPLICIT) &&
        !an_can_coerce(t, ptype, COERCE_IMPLICIT)) {
      ptype = t;
      ploc = exprs[i]->location;
    }
  }
  (void)ploc;
  return ptype == PGM_OID_UNKNOWN ? PGM_OID_TEXT : ptype;
}

/* Type names: PostgreSQL's grammar turns INT into pg_catalog.int4 and so on;
** a user-written name is looked up in pg_type. */
Oid an_resolve_typename(Analysis *an, PgQuery__TypeName *tn, int32_t *typmod) {
  const char *name = NULL;
  for (size_t i = 0; i < tn->n_names; i++) {
    Node *n = tn->names[i];
    if (n->node_case != PG_QUERY__NODE__NODE_STRING) an_unsupported(an, tn->location, "this type name");
    name = n->string->sval;
    if (i + 1 < tn->n_names && strcmp(name, "pg_catalog") && strcmp(name, "public"))
      an_error(an, tn->location, ERRCODE_UNDEFINED_SCHEMA, "schema \"%s\" does not exist", name);
  }
  if (tn->setof) an_unsupported(an, tn->location, "SETOF");
  if (tn->pct_type) an_unsupported(an, tn->location, "%TYPE");
  /* Aliases the grammar leaves to the catalog. */
  static const char *const aliases[][2] = {
    {"int", "int4"}, {"integer", "int4"}, {"smallint", "int2"}, {"bigint", "int8"},
    {"serial", "int4"}, {"serial4", "int4"}, {"bigserial", "int8"}, {"serial8", "int8"},
    {"smallserial", "int2"}, {"serial2", "int2"}, {"real", "float4"}, {"float", "float8"},
    {"double precision", "float8"}, {"boolean", "bool"}, {"decimal", "numeric"},
    {"character varying", "varchar"}, {"character", "bpchar"}, {"char", "bpchar"},
    {"timestamp without time zone", "timestamp"}, {"timestamp with time zone", "timestamptz"},
  };
  for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
    if (!strcmp(name, aliases[i][0])) { name = aliases[i][1]; break; }
  const PgType *t = pgm_type_by_name(name);
  if (!t) an_error(an, tn->location, ERRCODE_UNDEFINED_OBJECT, "type \"%s\" does not exist", name);
  if (!adt_type_supported(t->oid))
    an_error(an, tn->location, ERRCODE_FEATURE_NOT_SUPPORTED, "type %s is not supported by pgmicro",
             t->format_name);
  *typmod = -1;
  Oid result = t->oid;
  /* int[], int[3], int[][]: PostgreSQL ignores declared bounds and dimensions. */
  if (tn->n_array_bounds) {
    if (!t->array || !adt_type_supported(t->array))
      an_error(an, tn->location, ERRCODE_FEATURE_NOT_SUPPORTED, "type %s[] is not supported by pgmicro",
               t->format_name);
    result = t->array;
  }
  if (tn->n_typmods) {
    int32_t mods[2] = {0, 0};
    size_t nm = tn->n_typmods;
    if (nm > 2) an_error(an, tn->location, ERRCODE_SYNTAX_ERROR, "invalid type modifier");
    for (size_t i = 0; i < nm; i++) {
      Node *m = tn->typmods[i];
      if (m->node_case != PG_QUERY__NODE__NODE_A_CONST || m->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL)
        an_error(an, tn->location, ERRCODE_SYNTAX_ERROR, "type modifiers must be simple constants or identifiers");
      mods[i] = m->a_const->ival->ival;
    }
    switch (t->oid) {
    case PGM_OID_VARCHAR: case PGM_OID_BPCHAR:
      if (mods[0] < 1) an_error(an, tn->location, ERRCODE_INVALID_PARAMETER_VALUE, "length for type %s must be at least 1", t->typname);
      *typmod = mods[0] + 4;
      break;
    case PGM_OID_NUMERIC:
      if (mods[0] < 1 || mods[0] > 1000)
        an_error(an, tn->location, ERRCODE_INVALID_PARAMETER_VALUE, "NUMERIC precision %d must be between 1 and 1000", mods[0]);
      *typmod = ((mods[0] << 16) | (mods[1] & 0xffff)) + 4;
      break;
    case PGM_OID_TIMESTAMP: case PGM_OID_TIMESTAMPTZ: case PGM_OID_TIME:
      *typmod = mods[0] > 6 ? 6 : mods[0];
      break;
    default:
      an_error(an, tn->location, ERRCODE_SYNTAX_ERROR, "type modifier is not allowed for type \"%s\"", t->typname);
    }
  } else if (t->oid == PGM_OID_BPCHAR && !strcmp(name, "bpchar") && tn->n_names == 2) {
    *typmod = 1 + 4;   /* CHAR without length is CHAR(1) */
  }
  return result;
}

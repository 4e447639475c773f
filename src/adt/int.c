/*
** int.c — int2, int4, int8 and oid (after PostgreSQL's int.c, int8.c,
** oid.c): text input/output, the arithmetic operators of every
** int2/int4/int8 combination with PostgreSQL's overflow and division
** errors, comparisons, bit operators, casts between the integer types,
** int4 -> bool, abs, gcd and lcm.
**
** All four types are stored as SQLite INTEGERs, so every function works on
** int64 values; what differs between int2pl, int24pl and int4pl is only the
** range of the result type, which decides the "... out of range" error.
** SQLite's own + and * would silently switch to REAL on overflow, which is
** why the analyser calls these functions instead.
*/
#include "adt/adt.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- ranges of the result types ---- */

typedef struct IntRange {
  int64_t min, max;
  const char *sqlname;   /* for input errors: "integer" */
  const char *rangemsg;  /* arithmetic overflow: "integer out of range" */
} IntRange;

static const IntRange int_r2 = {INT16_MIN, INT16_MAX, "smallint", "smallint out of range"};
static const IntRange int_r4 = {INT32_MIN, INT32_MAX, "integer", "integer out of range"};
static const IntRange int_r8 = {INT64_MIN, INT64_MAX, "bigint", "bigint out of range"};

/* ---- text input / output ---- */

static int int_syntax_error(const char *type, const char *s, size_t n, pgm_error **err) {
  *err = pgm_error_new(ERRCODE_INVALID_TEXT_REPRESENTATION,
                       "invalid input syntax for type %s: \"%.*s\"", type, (int)n, s);
  return -1;
}

static int int_is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* PostgreSQL 15's pg_strtoint*: optional spaces, sign, decimal digits,
** optional spaces.  The value is accumulated negatively so that the
** minimum of each type parses without overflow.  Returns 0, 1 on a syntax
** error, 2 when the value does not fit in [lo, hi]. */
static int int_parse(const char *s, size_t n, int64_t lo, int64_t hi, int64_t *out) {
  size_t i = 0;
  bool neg = false, overflow = false;
  int64_t v = 0;
  while (i < n && int_is_space(s[i])) i++;
  if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (i >= n || s[i] < '0' || s[i] > '9') return 1;
  for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
    int d = s[i] - '0';
    if (v < (INT64_MIN + d) / 10) overflow = true;
    else v = v * 10 - d;
  }
  while (i < n && int_is_space(s[i])) i++;
  if (i != n) return 1;
  if (overflow) return 2;
  if (!neg) {
    if (v == INT64_MIN) return 2;
    v = -v;
  }
  if (v < lo || v > hi) return 2;
  *out = v;
  return 0;
}

static int int_in_range(const IntRange *r, const char *s, size_t n, Datum *out, pgm_error **err) {
  int64_t v = 0;
  int rc = int_parse(s, n, r->min, r->max, &v);
  if (rc == 1) return int_syntax_error(r->sqlname, s, n, err);
  if (rc == 2) {
    *err = pgm_error_new(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
                         "value \"%.*s\" is out of range for type %s", (int)n, s, r->sqlname);
    return -1;
  }
  out->kind = D_INT;
  out->i = v;
  return 0;
}

static int int_in2(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  (void)db; (void)typmod;
  return int_in_range(&int_r2, s, n, out, err);
}
static int int_in4(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  (void)db; (void)typmod;
  return int_in_range(&int_r4, s, n, out, err);
}
static int int_in8(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  (void)db; (void)typmod;
  return int_in_range(&int_r8, s, n, out, err);
}

/* oidin uses strtoul: negative values down to INT32_MIN wrap around, as
** they do in PostgreSQL ('-1'::oid = 4294967295). */
static int int_in_oid(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out,
                      pgm_error **err) {
  (void)db; (void)typmod;
  int64_t v = 0;
  int rc = int_parse(s, n, INT32_MIN, UINT32_MAX, &v);
  if (rc == 1) return int_syntax_error("oid", s, n, err);
  if (rc == 2) {
    *err = pgm_error_new(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
                         "value \"%.*s\" is out of range for type oid", (int)n, s);
    return -1;
  }
  out->kind = D_INT;
  out->i = (int64_t)(uint32_t)v;
  return 0;
}

/* Output: the stored value may arrive as REAL or TEXT only through the
** SQLite dialect; render those the way SQLite would. */
static void int_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)db; (void)typmod;
  switch (v->kind) {
  case D_INT: sb_printf(out, "%lld", (long long)v->i); break;
  case D_FLOAT: sb_printf(out, "%lld", (long long)v->f); break;
  case D_TEXT: case D_BLOB: sb_putn(out, v->p, v->n); break;
  case D_NULL: break;
  }
}

static void int_out_oid(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  if (v->kind == D_INT) sb_printf(out, "%u", (unsigned)(uint32_t)v->i);
  else int_out(db, typmod, v, out);
}

const AdtTypeIO adt_int_types[] = {
  {21, 'i', int_in2, int_out},
  {23, 'i', int_in4, int_out},
  {20, 'i', int_in8, int_out},
  {26, 'i', int_in_oid, int_out_oid},
  {0, 0, NULL, NULL},
};

/* ---- arithmetic ---- */

#define INT_ARG(i) sqlite3_value_int64(argv[i])

static void int_result(sqlite3_context *ctx, const IntRange *r, int64_t v, bool overflow) {
  if (overflow || v < r->min || v > r->max)
    adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "%s", r->rangemsg);
  else
    sqlite3_result_int64(ctx, v);
}

static void int_add(sqlite3_context *ctx, sqlite3_value **argv, const IntRange *r) {
  int64_t v;
  bool of = __builtin_add_overflow(INT_ARG(0), INT_ARG(1), &v);
  int_result(ctx, r, v, of);
}
static void int_sub(sqlite3_context *ctx, sqlite3_value **argv, const IntRange *r) {
  int64_t v;
  bool of = __builtin_sub_overflow(INT_ARG(0), INT_ARG(1), &v);
  int_result(ctx, r, v, of);
}
static void int_mul(sqlite3_context *ctx, sqlite3_value **argv, const IntRange *r) {
  int64_t v;
  bool of = __builtin_mul_overflow(INT_ARG(0), INT_ARG(1), &v);
  int_result(ctx, r, v, of);
}
/* Division truncates toward zero like C and PostgreSQL; MIN / -1 is the one
** overflow (caught by the range check, or explicitly for int8). */
static void int_div(sqlite3_context *ctx, sqlite3_value **argv, const IntRange *r) {
  int64_t a = INT_ARG(0), b = INT_ARG(1);
  if (b == 0) { adt_error(ctx, ERRCODE_DIVISION_BY_ZERO, "division by zero"); return; }
  if (b == -1) { int_result(ctx, r, a == INT64_MIN ? 0 : -a, a == INT64_MIN); return; }
  int_result(ctx, r, a / b, false);
}
/* MIN % -1 is 0 in PostgreSQL (it special-cases -1 to avoid the trap). */
static void int_mod(sqlite3_context *ctx, sqlite3_value **argv, const IntRange *r) {
  int64_t a = INT_ARG(0), b = INT_ARG(1);
  if (b == 0) { adt_error(ctx, ERRCODE_DIVISION_BY_ZERO, "division by zero"); return; }
  int_result(ctx, r, b == -1 ? 0 : a % b, false);
}
static void int_neg(sqlite3_context *ctx, sqlite3_value **argv, const IntRange *r) {
  int64_t a = INT_ARG(0);
  int_result(ctx, r, a == INT64_MIN ? 0 : -a, a == INT64_MIN);
}
static void int_abs(sqlite3_context *ctx, sqlite3_value **argv, const IntRange *r) {
  int64_t a = INT_ARG(0);
  int_result(ctx, r, a == INT64_MIN ? 0 : (a < 0 ? -a : a), a == INT64_MIN);
}
static void int_inc(sqlite3_context *ctx, sqlite3_value **argv, const IntRange *r) {
  int64_t v;
  bool of = __builtin_add_overflow(INT_ARG(0), 1, &v);
  int_result(ctx, r, v, of);
}
static void int_dec(sqlite3_context *ctx, sqlite3_value **argv, const IntRange *r) {
  int64_t v;
  bool of = __builtin_sub_overflow(INT_ARG(0), 1, &v);
  int_result(ctx, r, v, of);
}
/* A cast to a narrower type is a range check. */
static void int_cast(sqlite3_context *ctx, sqlite3_value **argv, const IntRange *r) {
  int_result(ctx, r, INT_ARG(0), false);
}

/* One SQLite-callable wrapper per (operation, result type). */
#define INT_WRAP(op, bits)                                                                \
  static void int_##op##bits(sqlite3_context *ctx, int argc, sqlite3_value **argv) {      \
    (void)argc;                                                                           \
    int_##op(ctx, argv, &int_r##bits);                                                    \
  }
#define INT_WRAP3(op) INT_WRAP(op, 2) INT_WRAP(op, 4) INT_WRAP(op, 8)
INT_WRAP3(add)
INT_WRAP3(sub)
INT_WRAP3(mul)
INT_WRAP3(div)
INT_WRAP3(mod)
INT_WRAP3(neg)
INT_WRAP3(abs)
INT_WRAP(cast, 2)
INT_WRAP(cast, 4)
INT_WRAP(inc, 4)
INT_WRAP(inc, 8)
INT_WRAP(dec, 8)

static void int_identity(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_int64(ctx, INT_ARG(0));
}

/* ---- comparisons (the same for every pair of integer types) ---- */

#define INT_CMP(name, expr)                                                               \
  static void int_##name(sqlite3_context *ctx, int argc, sqlite3_value **argv) {          \
    (void)argc;                                                                           \
    int64_t a = INT_ARG(0), b = INT_ARG(1);                                               \
    sqlite3_result_int64(ctx, (expr));                                                    \
  }
INT_CMP(eq, a == b)
INT_CMP(ne, a != b)
INT_CMP(lt, a < b)
INT_CMP(le, a <= b)
INT_CMP(gt, a > b)
INT_CMP(ge, a >= b)
INT_CMP(cmp, (a > b) - (a < b))

static void int_larger(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  int64_t a = INT_ARG(0), b = INT_ARG(1);
  sqlite3_result_int64(ctx, a > b ? a : b);
}
static void int_smaller(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  int64_t a = INT_ARG(0), b = INT_ARG(1);
  sqlite3_result_int64(ctx, a < b ? a : b);
}

/* ---- bit operators ---- */

INT_CMP(and, a & b)
INT_CMP(or, a | b)
INT_CMP(xor, a ^ b)

static void int_not(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_int64(ctx, ~INT_ARG(0));
}

/* Shifts behave as PostgreSQL's C code does on x86-64: the shift count is
** taken modulo the width of the promoted operand (32 for int2/int4, 64 for
** int8), and int2 results are truncated back to 16 bits. */
static void int_shl4(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_int64(ctx, (int32_t)((uint32_t)INT_ARG(0) << (INT_ARG(1) & 31)));
}
static void int_shr4(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_int64(ctx, (int32_t)INT_ARG(0) >> (INT_ARG(1) & 31));
}
static void int_shl2(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_int64(ctx, (int16_t)((uint32_t)INT_ARG(0) << (INT_ARG(1) & 31)));
}
static void int_shr2(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_int64(ctx, (int16_t)((int32_t)INT_ARG(0) >> (INT_ARG(1) & 31)));
}
static void int_shl8(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_int64(ctx, (int64_t)((uint64_t)INT_ARG(0) << (INT_ARG(1) & 63)));
}
static void int_shr8(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_int64(ctx, INT_ARG(0) >> (INT_ARG(1) & 63));
}

/* ---- casts ---- */

static void int_to_bool(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_int(ctx, INT_ARG(0) != 0);
}

static void int_to_oid(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  int64_t a = INT_ARG(0);
  if (a < INT32_MIN || a > (int64_t)UINT32_MAX) {
    adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "OID out of range");
    return;
  }
  sqlite3_result_int64(ctx, (int64_t)(uint32_t)a);
}

/* ---- gcd / lcm (Euclid on magnitudes; MIN's magnitude needs care) ---- */

static uint64_t int_ugcd(uint64_t a, uint64_t b) {
  while (b) { uint64_t t = a % b; a = b; b = t; }
  return a;
}
static uint64_t int_mag(int64_t a) { return a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a; }

static void int_gcd(sqlite3_context *ctx, sqlite3_value **argv, const IntRange *r) {
  uint64_t g = int_ugcd(int_mag(INT_ARG(0)), int_mag(INT_ARG(1)));
  int_result(ctx, r, (int64_t)g, g > (uint64_t)r->max);
}
static void int_lcm(sqlite3_context *ctx, sqlite3_value **argv, const IntRange *r) {
  uint64_t a = int_mag(INT_ARG(0)), b = int_mag(INT_ARG(1)), v = 0;
  if (a == 0 || b == 0) { sqlite3_result_int64(ctx, 0); return; }
  bool of = __builtin_mul_overflow(a / int_ugcd(a, b), b, &v);
  int_result(ctx, r, (int64_t)v, of || v > (uint64_t)r->max);
}
INT_WRAP(gcd, 4)
INT_WRAP(gcd, 8)
INT_WRAP(lcm, 4)
INT_WRAP(lcm, 8)

/* ---- the table ---- */

#define INT_F(name, n, fn) {name, n, ADT_STRICT, fn}
/* The six comparisons and the btree support function of one type pair. */
#define INT_CMPS(p)                                                                        \
  INT_F(p "eq", 2, int_eq), INT_F(p "ne", 2, int_ne), INT_F(p "lt", 2, int_lt), INT_F(p "le", 2, int_le),  \
  INT_F(p "gt", 2, int_gt), INT_F(p "ge", 2, int_ge), INT_F("bt" p "cmp", 2, int_cmp)
/* The four operators + - * / of one type pair, with their result width. */
#define INT_ARITH(p, bits)                                                                 \
  INT_F(p "pl", 2, int_add##bits), INT_F(p "mi", 2, int_sub##bits), INT_F(p "mul", 2, int_mul##bits),  \
  INT_F(p "div", 2, int_div##bits)

const AdtFunc adt_int_funcs[] = {
  INT_CMPS("int2"), INT_CMPS("int4"), INT_CMPS("int8"), INT_CMPS("int24"), INT_CMPS("int42"),
  INT_CMPS("int28"), INT_CMPS("int82"), INT_CMPS("int48"), INT_CMPS("int84"), INT_CMPS("oid"),
  INT_ARITH("int2", 2), INT_ARITH("int4", 4), INT_ARITH("int8", 8), INT_ARITH("int24", 4),
  INT_ARITH("int42", 4), INT_ARITH("int28", 8), INT_ARITH("int82", 8), INT_ARITH("int48", 8),
  INT_ARITH("int84", 8),
  INT_F("int2mod", 2, int_mod2), INT_F("int4mod", 2, int_mod4), INT_F("int8mod", 2, int_mod8),
  INT_F("int2um", 1, int_neg2), INT_F("int4um", 1, int_neg4), INT_F("int8um", 1, int_neg8),
  INT_F("int2up", 1, int_identity), INT_F("int4up", 1, int_identity), INT_F("int8up", 1, int_identity),
  INT_F("int2abs", 1, int_abs2), INT_F("int4abs", 1, int_abs4), INT_F("int8abs", 1, int_abs8),
  INT_F("int4inc", 1, int_inc4), INT_F("int8inc", 1, int_inc8), INT_F("int8dec", 1, int_dec8),
  INT_F("int2larger", 2, int_larger), INT_F("int4larger", 2, int_larger), INT_F("int8larger", 2, int_larger),
  INT_F("oidlarger", 2, int_larger),
  INT_F("int2smaller", 2, int_smaller), INT_F("int4smaller", 2, int_smaller),
  INT_F("int8smaller", 2, int_smaller), INT_F("oidsmaller", 2, int_smaller),
  INT_F("int2and", 2, int_and), INT_F("int4and", 2, int_and), INT_F("int8and", 2, int_and),
  INT_F("int2or", 2, int_or), INT_F("int4or", 2, int_or), INT_F("int8or", 2, int_or),
  INT_F("int2xor", 2, int_xor), INT_F("int4xor", 2, int_xor), INT_F("int8xor", 2, int_xor),
  INT_F("int2not", 1, int_not), INT_F("int4not", 1, int_not), INT_F("int8not", 1, int_not),
  INT_F("int2shl", 2, int_shl2), INT_F("int2shr", 2, int_shr2), INT_F("int4shl", 2, int_shl4),
  INT_F("int4shr", 2, int_shr4), INT_F("int8shl", 2, int_shl8), INT_F("int8shr", 2, int_shr8),
  INT_F("i2toi4", 1, int_identity), INT_F("int28", 1, int_identity), INT_F("int48", 1, int_identity),
  INT_F("i4toi2", 1, int_cast2), INT_F("int82", 1, int_cast2), INT_F("int84", 1, int_cast4),
  INT_F("i8tooid", 1, int_to_oid), INT_F("oidtoi8", 1, int_identity), INT_F("int4_bool", 1, int_to_bool),
  INT_F("int4gcd", 2, int_gcd4), INT_F("int8gcd", 2, int_gcd8), INT_F("int4lcm", 2, int_lcm4),
  INT_F("int8lcm", 2, int_lcm8),
  {NULL, 0, 0, NULL},
};
#undef INT_F
#undef INT_CMPS
#undef INT_ARITH
#undef INT_ARG
#undef INT_WRAP
#undef INT_WRAP3
#undef INT_CMP

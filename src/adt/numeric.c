/*
** numeric.c — arbitrary precision numeric (after PostgreSQL's numeric.c),
** on GMP: a finite value is an mpz scaled by 10^scale, scale being
** PostgreSQL's display scale, so 1.50 and 1.5 are different texts that
** compare equal.  PostgreSQL 15's NaN, Infinity and -Infinity are kept as
** kinds of their own.
**
** Stored as canonical text, exactly numeric_out's ("-12.50", "NaN"), so the
** stored form is also the output.  Here: input per numeric_in with typmod
** numeric(p,s) (round half away from zero, "numeric field overflow"), the
** arithmetic operators with PostgreSQL's result scales (division per
** select_div_scale), comparisons, rounding functions, sqrt, gcd/lcm,
** factorial, and the casts from and to int2/int4/int8/float4/float8.
*/
#include "adt/numeric.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NUM_MIN_SIG_DIGITS 16     /* NUMERIC_MIN_SIG_DIGITS */
#define NUM_MAX_DISPLAY_SCALE 1000
#define NUM_MAX_RESULT_SCALE 2000
#define NUM_MAX_INT_DIGITS 131072 /* NUMERIC_WEIGHT_MAX+1 base-10000 digits */
#define NUM_MAX_DSCALE 16383

/* ---- basics ---- */

void pgm_num_init(NumVal *n) {
  n->kind = NUMK_FINITE;
  mpz_init(n->v);
  n->scale = 0;
}

void pgm_num_clear(NumVal *n) { mpz_clear(n->v); }

void pgm_num_set_int(NumVal *n, int64_t i) {
  n->kind = NUMK_FINITE;
  n->scale = 0;
  /* mpz_set_si takes a long, which is 64 bits on every platform we build on */
  mpz_set_si(n->v, (long)i);
}

static void num_copy(NumVal *dst, const NumVal *src) {
  dst->kind = src->kind;
  dst->scale = src->scale;
  mpz_set(dst->v, src->v);
}

static void num_set_kind(NumVal *n, NumKind k) {
  n->kind = k;
  n->scale = 0;
  mpz_set_ui(n->v, 0);
}

/* x *= 10^e */
static void num_mul10(mpz_t x, int e) {
  if (e <= 0) return;
  mpz_t p;
  mpz_init(p);
  mpz_ui_pow_ui(p, 10, (unsigned long)e);
  mpz_mul(x, x, p);
  mpz_clear(p);
}

/* Change the scale; a smaller scale rounds half away from zero (round_var)
** or truncates toward zero (trunc_var).  A negative scale rounds to tens,
** hundreds...; the display scale then stays 0. */
static void num_rescale(NumVal *n, int scale, bool trunc) {
  if (n->kind != NUMK_FINITE) return;
  if (scale >= n->scale) {
    num_mul10(n->v, scale - n->scale);
    n->scale = scale;
    return;
  }
  mpz_t d, r;
  mpz_inits(d, r, NULL);
  mpz_ui_pow_ui(d, 10, (unsigned long)(n->scale - scale));
  mpz_tdiv_qr(n->v, r, n->v, d);
  if (!trunc) {
    mpz_mul_2exp(r, r, 1);
    if (mpz_cmpabs(r, d) >= 0) {
      if (mpz_sgn(r) < 0) mpz_sub_ui(n->v, n->v, 1);
      else mpz_add_ui(n->v, n->v, 1);
    }
  }
  mpz_clears(d, r, NULL);
  n->scale = scale;
  if (scale < 0) {
    num_mul10(n->v, -scale);
    n->scale = 0;
  }
}

/* Decimal exponent of the leading digit of a nonzero finite value. */
static long num_exp10(const NumVal *n) {
  char *s = mpz_get_str(NULL, 10, n->v);
  long len = (long)strlen(s) - (s[0] == '-');
  free(s);
  return len - 1 - n->scale;
}

/* PostgreSQL's base-10000 weight and first digit (0, 0 for zero). */
static void num_weight(const NumVal *n, long *weight, long *first) {
  *weight = 0;
  *first = 0;
  if (n->kind != NUMK_FINITE || mpz_sgn(n->v) == 0) return;
  long e = num_exp10(n);
  long w = e >= 0 ? e / 4 : -((-e + 3) / 4);
  long shift = n->scale + 4 * w;
  mpz_t t;
  mpz_init(t);
  mpz_abs(t, n->v);
  if (shift >= 0) {
    mpz_t p;
    mpz_init(p);
    mpz_ui_pow_ui(p, 10, (unsigned long)shift);
    mpz_tdiv_q(t, t, p);
    mpz_clear(p);
  } else {
    num_mul10(t, (int)-shift);
  }
  *weight = w;
  *first = (long)mpz_get_si(t);
  mpz_clear(t);
}

/* ---- text ---- */

void pgm_num_to_text(const NumVal *n, StrBuf *out) {
  switch (n->kind) {
  case NUMK_NAN: sb_puts(out, "NaN"); return;
  case NUMK_PINF: sb_puts(out, "Infinity"); return;
  case NUMK_NINF: sb_puts(out, "-Infinity"); return;
  case NUMK_FINITE: break;
  }
  if (mpz_sgn(n->v) < 0) sb_putc(out, '-');
  char *s = mpz_get_str(NULL, 10, n->v);
  char *d = s + (s[0] == '-');
  size_t len = strlen(d), sc = n->scale > 0 ? (size_t)n->scale : 0;
  if (len <= sc) {
    sb_putc(out, '0');
    if (sc) sb_putc(out, '.');
    for (size_t i = len; i < sc; i++) sb_putc(out, '0');
    sb_puts(out, d);
  } else {
    sb_putn(out, d, len - sc);
    if (sc) {
      sb_putc(out, '.');
      sb_puts(out, d + len - sc);
    }
  }
  free(s);
}

static int num_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* The special values numeric_in knows (case-insensitive), longest first so
** that "inf" does not shadow "Infinity". */
static int num_parse_special(const char *p, const char *end, NumVal *n) {
  static const struct { const char *word; NumKind kind; } words[] = {
    {"+Infinity", NUMK_PINF}, {"-Infinity", NUMK_NINF}, {"Infinity", NUMK_PINF},
    {"+inf", NUMK_PINF}, {"-inf", NUMK_NINF}, {"inf", NUMK_PINF}, {"NaN", NUMK_NAN},
  };
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    size_t wl = strlen(words[i].word);
    if ((size_t)(end - p) < wl || strncasecmp(p, words[i].word, wl) != 0) continue;
    const char *q = p + wl;
    while (q < end && num_space(*q)) q++;
    if (q != end) return -1;
    num_set_kind(n, words[i].kind);
    return 0;
  }
  return -1;
}

/* set_var_from_str: [sign] digits [. digits] [e [sign] digits].  Returns 0,
** -1 for a syntax error, -2 when the value overflows the numeric format. */
static int num_parse_finite(const char *p, const char *end, NumVal *n) {
  bool neg = false, seen_digit = false, seen_point = false;
  long frac = 0;
  if (p < end && (*p == '+' || *p == '-')) neg = *p++ == '-';
  char *digits = pgm_malloc((size_t)(end - p) + 2);
  size_t nd = 0;
  for (; p < end; p++) {
    if (*p >= '0' && *p <= '9') {
      digits[nd++] = *p;
      seen_digit = true;
      if (seen_point) frac++;
    } else if (*p == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  long exponent = 0;
  int rc = seen_digit ? 0 : -1;
  if (rc == 0 && p < end && (*p == 'e' || *p == 'E')) {
    const char *q = ++p;
    bool eneg = false;
    if (q < end && (*q == '+' || *q == '-')) eneg = *q++ == '-';
    if (q >= end || *q < '0' || *q > '9') rc = -1;
    for (; q < end && *q >= '0' && *q <= '9'; q++)
      if (exponent < 1000000000L) exponent = exponent * 10 + (*q - '0');
    if (eneg) exponent = -exponent;
    p = q;
    if (rc == 0 && (exponent >= INT_MAX / 2 || exponent <= -(INT_MAX / 2))) rc = -2;
  }
  while (p < end && num_space(*p)) p++;
  if (rc == 0 && p != end) rc = -1;
  long scale = frac - exponent;
  long intdigits = (long)nd - frac + exponent;
  if (rc == 0 && (intdigits > NUM_MAX_INT_DIGITS || scale > NUM_MAX_DSCALE)) rc = -2;
  if (rc == 0) {
    digits[nd] = 0;
    mpz_set_str(n->v, digits, 10);
    if (neg) mpz_neg(n->v, n->v);
    n->kind = NUMK_FINITE;
    n->scale = (int)frac;
    if (scale < 0) {
      num_mul10(n->v, (int)-scale);
      n->scale = 0;
    } else {
      n->scale = (int)scale;
    }
  }
  free(digits);
  return rc;
}

/* Text (n bytes) -> value; 0, -1 syntax error, -2 format overflow. */
static int num_parse(const char *s, size_t len, NumVal *n) {
  const char *p = s, *end = s + len;
  while (p < end && num_space(*p)) p++;
  if (num_parse_special(p, end, n) == 0) return 0;
  return num_parse_finite(p, end, n);
}

/* apply_typmod / apply_typmod_special: numeric(p,s).  Returns NULL or the
** error. */
static pgm_error *num_apply_typmod(NumVal *n, int32_t typmod) {
  if (typmod < 4) return NULL;
  int precision = ((typmod - 4) >> 16) & 0xffff;
  int scale = (((typmod - 4) & 0x7ff) ^ 1024) - 1024;
  if (n->kind == NUMK_NAN) return NULL;
  if (n->kind != NUMK_FINITE) {
    pgm_error *e = pgm_error_new(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow");
    pgm_error_set_detail(e, "A field with precision %d, scale %d cannot hold an infinite value.",
                         precision, scale);
    return e;
  }
  num_rescale(n, scale, false);
  int maxdigits = precision - scale;
  if (mpz_sgn(n->v) != 0 && num_exp10(n) >= maxdigits) {
    pgm_error *e = pgm_error_new(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow");
    pgm_error_set_detail(e,
                         "A field with precision %d, scale %d must round to an absolute value "
                         "less than %s%d.",
                         precision, scale, maxdigits ? "10^" : "", maxdigits ? maxdigits : 1);
    return e;
  }
  return NULL;
}

static pgm_error *num_parse_error(int rc, const char *s, size_t n) {
  if (rc == -2)
    return pgm_error_new(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format");
  return pgm_error_new(ERRCODE_INVALID_TEXT_REPRESENTATION,
                       "invalid input syntax for type numeric: \"%.*s\"", (int)n, s);
}

static void num_to_datum(const NumVal *n, Datum *out) {
  StrBuf b = STRBUF_INIT;
  pgm_num_to_text(n, &b);
  out->kind = D_TEXT;
  out->n = b.n;
  out->p = sb_detach(&b);
}

static int num_in(pgm_db *db, int32_t typmod, const char *s, size_t len, Datum *out,
                  pgm_error **err) {
  (void)db;
  NumVal n;
  pgm_num_init(&n);
  int rc = num_parse(s, len, &n);
  *err = rc ? num_parse_error(rc, s, len) : num_apply_typmod(&n, typmod);
  if (!*err) num_to_datum(&n, out);
  pgm_num_clear(&n);
  return *err ? -1 : 0;
}

/* The stored text is already numeric_out's text. */
static void num_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)db; (void)typmod;
  switch (v->kind) {
  case D_TEXT: case D_BLOB: sb_putn(out, v->p, v->n); break;
  case D_INT: sb_printf(out, "%lld", (long long)v->i); break;
  case D_FLOAT: sb_printf(out, "%.15g", v->f); break;
  case D_NULL: break;
  }
}

const AdtTypeIO adt_numeric_types[] = {
  {1700, 't', num_in, num_out},
  {0, 0, NULL, NULL},
};

/* ---- values in and out of SQL functions ---- */

/* float8_numeric / float4_numeric: PostgreSQL goes through "%.15g" (%.6g). */
static void num_set_double(NumVal *n, double d, int digits) {
  if (isnan(d)) { num_set_kind(n, NUMK_NAN); return; }
  if (isinf(d)) { num_set_kind(n, d < 0 ? NUMK_NINF : NUMK_PINF); return; }
  char buf[64];
  snprintf(buf, sizeof buf, "%.*g", digits, d);
  num_parse(buf, strlen(buf), n);
}

int pgm_num_from_value(sqlite3_context *ctx, sqlite3_value *v, NumVal *n) {
  switch (sqlite3_value_type(v)) {
  case SQLITE_INTEGER: pgm_num_set_int(n, sqlite3_value_int64(v)); return 0;
  case SQLITE_FLOAT: num_set_double(n, sqlite3_value_double(v), 15); return 0;
  default: break;
  }
  const char *s = (const char *)sqlite3_value_text(v);
  size_t len = (size_t)sqlite3_value_bytes(v);
  int rc = num_parse(s ? s : "", len, n);
  if (rc) {
    adt_raise(ctx, num_parse_error(rc, s ? s : "", len));
    return -1;
  }
  return 0;
}

void pgm_num_result(sqlite3_context *ctx, const NumVal *n) {
  if (n->kind == NUMK_FINITE &&
      (n->scale > NUM_MAX_DSCALE ||
       (mpz_sgn(n->v) != 0 && num_exp10(n) >= NUM_MAX_INT_DIGITS))) {
    adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format");
    return;
  }
  StrBuf b = STRBUF_INIT;
  pgm_num_to_text(n, &b);
  sqlite3_result_text(ctx, b.p ? b.p : "0", (int)b.n, b.p ? free : SQLITE_STATIC);
}

/* Parse up to two arguments; false after an error was raised. */
static bool num_args(sqlite3_context *ctx, int argc, sqlite3_value **argv, NumVal *a, NumVal *b) {
  pgm_num_init(a);
  pgm_num_init(b);
  if (pgm_num_from_value(ctx, argv[0], a)) return false;
  if (argc > 1 && pgm_num_from_value(ctx, argv[1], b)) return false;
  return true;
}

/* ---- arithmetic ---- */

static int num_sign(const NumVal *n) {
  switch (n->kind) {
  case NUMK_PINF: return 1;
  case NUMK_NINF: return -1;
  case NUMK_NAN: return 0;
  default: return mpz_sgn(n->v);
  }
}

static bool num_is_inf(const NumVal *n) { return n->kind == NUMK_PINF || n->kind == NUMK_NINF; }

/* Bring a and b to a common scale; returns it.  a2/b2 receive the values. */
static int num_align(const NumVal *a, const NumVal *b, mpz_t a2, mpz_t b2) {
  int s = a->scale > b->scale ? a->scale : b->scale;
  mpz_set(a2, a->v);
  mpz_set(b2, b->v);
  num_mul10(a2, s - a->scale);
  num_mul10(b2, s - b->scale);
  return s;
}

/* a + sign*b with PostgreSQL's handling of NaN and infinities. */
static void num_addsub(NumVal *r, const NumVal *a, const NumVal *b, int sign) {
  NumKind bk = b->kind;
  if (sign < 0 && bk == NUMK_PINF) bk = NUMK_NINF;
  else if (sign < 0 && bk == NUMK_NINF) bk = NUMK_PINF;
  if (a->kind == NUMK_NAN || bk == NUMK_NAN) { num_set_kind(r, NUMK_NAN); return; }
  if (a->kind != NUMK_FINITE || bk != NUMK_FINITE) {
    if (a->kind != NUMK_FINITE && bk != NUMK_FINITE && a->kind != bk) num_set_kind(r, NUMK_NAN);
    else num_set_kind(r, a->kind != NUMK_FINITE ? a->kind : bk);
    return;
  }
  mpz_t x, y;
  mpz_inits(x, y, NULL);
  int s = num_align(a, b, x, y);
  if (sign < 0) mpz_sub(r->v, x, y);
  else mpz_add(r->v, x, y);
  r->kind = NUMK_FINITE;
  r->scale = s;
  mpz_clears(x, y, NULL);
}

void pgm_num_add(NumVal *r, const NumVal *a, const NumVal *b) { num_addsub(r, a, b, 1); }

static void num_mul(NumVal *r, const NumVal *a, const NumVal *b) {
  if (a->kind == NUMK_NAN || b->kind == NUMK_NAN) { num_set_kind(r, NUMK_NAN); return; }
  if (num_is_inf(a) || num_is_inf(b)) {
    int s = num_sign(a) * num_sign(b);
    num_set_kind(r, s == 0 ? NUMK_NAN : s > 0 ? NUMK_PINF : NUMK_NINF);
    return;
  }
  mpz_mul(r->v, a->v, b->v);
  r->scale = a->scale + b->scale;
  r->kind = NUMK_FINITE;
}

/* select_div_scale: at least 16 significant digits, not less than either
** input's scale. */
static int num_div_scale(const NumVal *a, const NumVal *b) {
  long w1, f1, w2, f2;
  num_weight(a, &w1, &f1);
  num_weight(b, &w2, &f2);
  long qweight = w1 - w2;
  if (f1 <= f2) qweight--;
  long rscale = NUM_MIN_SIG_DIGITS - qweight * 4;
  if (rscale < a->scale) rscale = a->scale;
  if (rscale < b->scale) rscale = b->scale;
  if (rscale < 0) rscale = 0;
  if (rscale > NUM_MAX_DISPLAY_SCALE) rscale = NUM_MAX_DISPLAY_SCALE;
  return (int)rscale;
}

/* r = round(a / b, rscale) (or truncated when trunc). */
static void num_div_exact(NumVal *r, const NumVal *a, const NumVal *b, int rscale, bool trunc) {
  mpz_t x;
  mpz_init_set(x, a->v);
  /* a/b * 10^rscale = a.v * 10^(rscale + b.scale - a.scale) / b.v, one
  ** extra digit kept to round on */
  int e = rscale + b->scale - a->scale + 1;
  NumVal q;
  pgm_num_init(&q);
  if (e >= 0) {
    num_mul10(x, e);
    mpz_tdiv_q(q.v, x, b->v);
  } else {
    mpz_t y;
    mpz_init_set(y, b->v);
    num_mul10(y, -e);
    mpz_tdiv_q(q.v, x, y);
    mpz_clear(y);
  }
  q.scale = rscale + 1;
  num_rescale(&q, rscale, trunc);
  num_copy(r, &q);
  pgm_num_clear(&q);
  mpz_clear(x);
}

/* The special cases of division shared by / and div(); 1 when handled. */
static int num_div_special(sqlite3_context *ctx, NumVal *r, const NumVal *a, const NumVal *b) {
  if (a->kind == NUMK_NAN || b->kind == NUMK_NAN) { num_set_kind(r, NUMK_NAN); return 1; }
  if (num_is_inf(a)) {
    if (num_is_inf(b)) { num_set_kind(r, NUMK_NAN); return 1; }
    if (mpz_sgn(b->v) == 0) goto divzero;
    num_set_kind(r, num_sign(a) * num_sign(b) > 0 ? NUMK_PINF : NUMK_NINF);
    return 1;
  }
  if (num_is_inf(b)) { pgm_num_set_int(r, 0); return 1; }
  if (mpz_sgn(b->v) == 0) goto divzero;
  return 0;
divzero:
  adt_error(ctx, ERRCODE_DIVISION_BY_ZERO, "division by zero");
  return -1;
}

int pgm_num_div(sqlite3_context *ctx, NumVal *r, const NumVal *a, const NumVal *b) {
  int sp = num_div_special(ctx, r, a, b);
  if (sp) return sp < 0 ? -1 : 0;
  num_div_exact(r, a, b, num_div_scale(a, b), false);
  return 0;
}

/* numeric_mod: a - b * trunc(a / b), the sign of a. */
static int num_mod(sqlite3_context *ctx, NumVal *r, const NumVal *a, const NumVal *b) {
  if (a->kind == NUMK_NAN || b->kind == NUMK_NAN) { num_set_kind(r, NUMK_NAN); return 0; }
  if (num_is_inf(a)) {
    if (num_sign(b) == 0) goto divzero;
    num_set_kind(r, NUMK_NAN);
    return 0;
  }
  if (num_is_inf(b)) { num_copy(r, a); return 0; }
  if (mpz_sgn(b->v) == 0) goto divzero;
  mpz_t x, y;
  mpz_inits(x, y, NULL);
  r->scale = num_align(a, b, x, y);
  mpz_tdiv_r(r->v, x, y);
  r->kind = NUMK_FINITE;
  mpz_clears(x, y, NULL);
  return 0;
divzero:
  adt_error(ctx, ERRCODE_DIVISION_BY_ZERO, "division by zero");
  return -1;
}

int pgm_num_cmp(const NumVal *a, const NumVal *b) {
  /* -Infinity < finite < Infinity < NaN, and NaN = NaN (PostgreSQL's order) */
  static const int rank[] = {[NUMK_NINF] = 0, [NUMK_FINITE] = 1, [NUMK_PINF] = 2, [NUMK_NAN] = 3};
  if (a->kind != b->kind) return rank[a->kind] < rank[b->kind] ? -1 : 1;
  if (a->kind != NUMK_FINITE) return 0;
  mpz_t x, y;
  mpz_inits(x, y, NULL);
  num_align(a, b, x, y);
  int c = mpz_cmp(x, y);
  mpz_clears(x, y, NULL);
  return (c > 0) - (c < 0);
}

/* ---- SQL functions ---- */

/* Declares a, b, parses the arguments, runs body, returns r, frees all. */
#define NUM_FN(name, ...)                                                                 \
  static void num_fn_##name(sqlite3_context *ctx, int argc, sqlite3_value **argv) {       \
    NumVal a, b, r;                                                                       \
    pgm_num_init(&r);                                                                     \
    if (num_args(ctx, argc, argv, &a, &b)) {                                              \
      int rc_ = 0;                                                                        \
      __VA_ARGS__;                                                                        \
      if (rc_ == 0) pgm_num_result(ctx, &r);                                              \
    }                                                                                     \
    pgm_num_clear(&a);                                                                    \
    pgm_num_clear(&b);                                                                    \
    pgm_num_clear(&r);                                                                    \
  }

NUM_FN(add, num_addsub(&r, &a, &b, 1))
NUM_FN(sub, num_addsub(&r, &a, &b, -1))
NUM_FN(mul, num_mul(&r, &a, &b))
NUM_FN(div, rc_ = pgm_num_div(ctx, &r, &a, &b))
NUM_FN(mod, rc_ = num_mod(ctx, &r, &a, &b))
NUM_FN(uplus, num_copy(&r, &a))
/* equal values (1.5, 1.50) give the second, as in PostgreSQL */
NUM_FN(smaller, num_copy(&r, pgm_num_cmp(&a, &b) < 0 ? &a : &b))
NUM_FN(larger, num_copy(&r, pgm_num_cmp(&a, &b) > 0 ? &a : &b))

/* div(a, b): the quotient truncated to an integer. */
NUM_FN(div_trunc, {
  rc_ = num_div_special(ctx, &r, &a, &b);
  if (rc_ == 1) rc_ = 0;
  else if (rc_ == 0) num_div_exact(&r, &a, &b, 0, true);
})

NUM_FN(uminus, {
  num_copy(&r, &a);
  if (a.kind == NUMK_PINF) r.kind = NUMK_NINF;
  else if (a.kind == NUMK_NINF) r.kind = NUMK_PINF;
  else mpz_neg(r.v, r.v);
})

NUM_FN(abs, {
  num_copy(&r, &a);
  if (a.kind == NUMK_NINF) r.kind = NUMK_PINF;
  mpz_abs(r.v, r.v);
})

NUM_FN(sign, {
  if (a.kind == NUMK_NAN) num_set_kind(&r, NUMK_NAN);
  else pgm_num_set_int(&r, num_sign(&a));
})

NUM_FN(inc, {
  NumVal one;
  pgm_num_init(&one);
  pgm_num_set_int(&one, 1);
  num_addsub(&r, &a, &one, 1);
  pgm_num_clear(&one);
})

/* round(x, s) / trunc(x, s): the scale argument is an int4, clamped like
** PostgreSQL; the result's display scale is max(s, 0). */
static void num_round_common(sqlite3_context *ctx, sqlite3_value **argv, bool trunc) {
  NumVal a;
  pgm_num_init(&a);
  if (pgm_num_from_value(ctx, argv[0], &a) == 0) {
    int64_t s = sqlite3_value_int64(argv[1]);
    if (s > NUM_MAX_RESULT_SCALE) s = NUM_MAX_RESULT_SCALE;
    if (s < -NUM_MAX_RESULT_SCALE) s = -NUM_MAX_RESULT_SCALE;
    num_rescale(&a, (int)s, trunc);
    pgm_num_result(ctx, &a);
  }
  pgm_num_clear(&a);
}
static void num_fn_round(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  num_round_common(ctx, argv, false);
}
static void num_fn_trunc(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  num_round_common(ctx, argv, true);
}

/* ceil / floor: toward +/- infinity, display scale 0. */
static void num_ceil_floor(NumVal *r, const NumVal *a, bool ceil) {
  num_copy(r, a);
  if (a->kind != NUMK_FINITE || a->scale == 0) return;
  mpz_t d;
  mpz_init(d);
  mpz_ui_pow_ui(d, 10, (unsigned long)a->scale);
  if (ceil) mpz_cdiv_q(r->v, a->v, d);
  else mpz_fdiv_q(r->v, a->v, d);
  r->scale = 0;
  mpz_clear(d);
}
NUM_FN(ceil, num_ceil_floor(&r, &a, true))
NUM_FN(floor, num_ceil_floor(&r, &a, false))

/* numeric(x, typmod): the length coercion to numeric(p,s). */
static void num_fn_typmod(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  NumVal a;
  pgm_num_init(&a);
  if (pgm_num_from_value(ctx, argv[0], &a) == 0) {
    pgm_error *e = num_apply_typmod(&a, (int32_t)sqlite3_value_int64(argv[1]));
    if (e) adt_raise(ctx, e);
    else pgm_num_result(ctx, &a);
  }
  pgm_num_clear(&a);
}

void pgm_num_sub(NumVal *r, const NumVal *a, const NumVal *b) { num_addsub(r, a, b, -1); }

void pgm_num_mul(NumVal *r, const NumVal *a, const NumVal *b) {
  if (r == a || r == b) {
    NumVal t;
    pgm_num_init(&t);
    num_mul(&t, a, b);
    num_copy(r, &t);
    pgm_num_clear(&t);
    return;
  }
  num_mul(r, a, b);
}

/* r = sqrt(a) rounded to rscale digits (a finite, >= 0): the root is taken
** one digit further and rounded, which is what sqrt_var's result amounts
** to. */
void pgm_num_sqrt(NumVal *r, const NumVal *a, int rscale) {
  int e = 2 * rscale + 2 - a->scale;
  mpz_set(r->v, a->v);
  if (e >= 0) {
    num_mul10(r->v, e);
  } else {  /* floor(sqrt(floor(x))) = floor(sqrt(x)) */
    mpz_t d;
    mpz_init(d);
    mpz_ui_pow_ui(d, 10, (unsigned long)-e);
    mpz_tdiv_q(r->v, r->v, d);
    mpz_clear(d);
  }
  mpz_sqrt(r->v, r->v);
  r->kind = NUMK_FINITE;
  r->scale = rscale + 1;
  num_rescale(r, rscale, false);
}

/* sqrt: at least 16 significant digits, not less than the input's scale;
** the root is computed one digit further and then rounded, as sqrt_var. */
NUM_FN(sqrt, {
  if (num_sign(&a) < 0) {
    adt_error(ctx, ERRCODE_INVALID_ARGUMENT_FOR_POWER_FUNCTION,
              "cannot take square root of a negative number");
    rc_ = -1;
  } else if (a.kind != NUMK_FINITE) {
    num_copy(&r, &a);
  } else {
    long w, f;
    num_weight(&a, &w, &f);
    long sweight = (w + 1) * 4 / 2 - 1;
    long rscale = NUM_MIN_SIG_DIGITS - sweight;
    if (rscale < a.scale) rscale = a.scale;
    if (rscale < 0) rscale = 0;
    if (rscale > NUM_MAX_DISPLAY_SCALE) rscale = NUM_MAX_DISPLAY_SCALE;
    pgm_num_sqrt(&r, &a, (int)rscale);
  }
})

/* ---- power ---- */

static bool num_is_integer(const NumVal *n) {
  if (n->kind != NUMK_FINITE) return false;
  if (n->scale == 0) return true;
  mpz_t d, r;
  mpz_inits(d, r, NULL);
  mpz_ui_pow_ui(d, 10, (unsigned long)n->scale);
  mpz_tdiv_r(r, n->v, d);
  bool ok = mpz_sgn(r) == 0;
  mpz_clears(d, r, NULL);
  return ok;
}

/* Whether an integral value is odd (3.0 counts as 3). */
static bool num_is_odd(const NumVal *n) {
  NumVal t;
  pgm_num_init(&t);
  num_copy(&t, n);
  num_rescale(&t, 0, true);
  bool odd = mpz_odd_p(t.v);
  pgm_num_clear(&t);
  return odd;
}

/* |a| compared with 1 (a finite). */
static int num_cmp_abs_one(const NumVal *a) {
  NumVal one_v, absa;
  pgm_num_init(&one_v);
  pgm_num_init(&absa);
  pgm_num_set_int(&one_v, 1);
  num_copy(&absa, a);
  mpz_abs(absa.v, absa.v);
  int c = pgm_num_cmp(&absa, &one_v);
  pgm_num_clear(&one_v);
  pgm_num_clear(&absa);
  return c;
}

/* POSIX pow() rules for NaN and infinite arguments, as numeric_power
** applies them; returns 1 when r was set, -1 after an error. */
static int num_pow_special(sqlite3_context *ctx, NumVal *r, const NumVal *a, const NumVal *b) {
  bool a_one = a->kind == NUMK_FINITE && num_cmp_abs_one(a) == 0 && mpz_sgn(a->v) > 0;
  bool b_zero = b->kind == NUMK_FINITE && mpz_sgn(b->v) == 0;
  if (a->kind == NUMK_FINITE && b->kind == NUMK_FINITE) return 0;
  if (a_one || b_zero) { pgm_num_set_int(r, 1); return 1; }  /* NaN ^ 0 = 1 ^ NaN = 1 */
  if (a->kind == NUMK_NAN || b->kind == NUMK_NAN) { num_set_kind(r, NUMK_NAN); return 1; }
  int sb = num_sign(b);
  if (num_is_inf(b)) {  /* a is finite here */
    if (mpz_sgn(a->v) == 0 && sb < 0) {
      adt_error(ctx, ERRCODE_INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                "zero raised to a negative power is undefined");
      return -1;
    }
    int c = num_cmp_abs_one(a);
    if (c == 0) pgm_num_set_int(r, 1);
    else if ((c > 0) == (sb > 0)) num_set_kind(r, NUMK_PINF);
    else pgm_num_set_int(r, 0);
    return 1;
  }
  /* a is infinite, b finite and not zero */
  if (sb < 0) pgm_num_set_int(r, 0);
  else if (a->kind == NUMK_NINF && !num_is_integer(b)) {
    adt_error(ctx, ERRCODE_INVALID_ARGUMENT_FOR_POWER_FUNCTION,
              "a negative number raised to a non-integer power yields a complex result");
    return -1;
  } else if (a->kind == NUMK_NINF && num_is_odd(b)) num_set_kind(r, NUMK_NINF);
  else num_set_kind(r, NUMK_PINF);
  return 1;
}

static int num_power_general(sqlite3_context *ctx, NumVal *r, const NumVal *a, const NumVal *b);
static int num_power_int_approx(sqlite3_context *ctx, NumVal *r, const NumVal *a, long n, int rscale);

/* Beyond this many digits the exact power is not computed (a 13-digit base
** to the 2^31st would have 28 billion): exp(n ln a) to rscale instead. */
#define NUM_EXACT_POWER_DIGITS 20000.0

/* numeric_power for an integer exponent: the exact power (or its
** reciprocal), rounded to max(16, scale of the base) decimals, as
** power_var_int's guard digits make it. */
static int num_power(sqlite3_context *ctx, NumVal *r, const NumVal *a, const NumVal *b) {
  int sp = num_pow_special(ctx, r, a, b);
  if (sp) return sp < 0 ? -1 : 0;
  if (mpz_sgn(a->v) == 0 && mpz_sgn(b->v) < 0) {
    adt_error(ctx, ERRCODE_INVALID_ARGUMENT_FOR_POWER_FUNCTION,
              "zero raised to a negative power is undefined");
    return -1;
  }
  bool integral = num_is_integer(b);
  if (mpz_sgn(a->v) < 0 && !integral) {
    adt_error(ctx, ERRCODE_INVALID_ARGUMENT_FOR_POWER_FUNCTION,
              "a negative number raised to a non-integer power yields a complex result");
    return -1;
  }
  NumVal e;
  pgm_num_init(&e);
  num_copy(&e, b);
  num_rescale(&e, 0, true);
  if (!integral || !mpz_fits_sint_p(e.v)) {
    pgm_num_clear(&e);
    if (mpz_sgn(a->v) == 0) {  /* 0 ^ positive non-integer */
      pgm_num_set_int(r, 0);
      num_rescale(r, NUM_MIN_SIG_DIGITS, false);
      return 0;
    }
    return num_power_general(ctx, r, a, b);
  }
  long n = mpz_get_si(e.v);
  pgm_num_clear(&e);
  int rscale = a->scale > NUM_MIN_SIG_DIGITS ? a->scale : NUM_MIN_SIG_DIGITS;
  if (rscale > NUM_MAX_DISPLAY_SCALE) rscale = NUM_MAX_DISPLAY_SCALE;
  unsigned long un = (unsigned long)(n < 0 ? -n : n);
  if ((double)un * (double)mpz_sizeinbase(a->v, 10) > NUM_EXACT_POWER_DIGITS)
    return num_power_int_approx(ctx, r, a, n, rscale);
  NumVal p;
  pgm_num_init(&p);
  mpz_pow_ui(p.v, a->v, un);
  p.scale = (int)((long)a->scale * (long)un);
  if (n >= 0) {
    num_copy(r, &p);
    num_rescale(r, rscale, false);
  } else {
    NumVal one_v;
    pgm_num_init(&one_v);
    pgm_num_set_int(&one_v, 1);
    num_div_exact(r, &one_v, &p, rscale, false);
    pgm_num_clear(&one_v);
  }
  pgm_num_clear(&p);
  return 0;
}

/* ---- ln, exp, log and fractional powers ----
** Computed in fixed point (an mpz scaled by 10^S) with enough guard digits
** that rounding to PostgreSQL's result scale gives PostgreSQL's digits;
** the result scales are chosen exactly as numeric.c chooses them. */

/* A finite value as a double (numericvar_to_double_no_overflow), through
** its text so that long values with large scales do not overflow. */
static double num_to_double(const NumVal *x) {
  StrBuf b = STRBUF_INIT;
  pgm_num_to_text(x, &b);
  double d = strtod(sb_str(&b), NULL);
  sb_free(&b);
  return d;
}

/* X = trunc(x * 10^S) */
static void num_to_fixed(mpz_t X, const NumVal *x, long S) {
  mpz_set(X, x->v);
  if (S >= x->scale) {
    num_mul10(X, (int)(S - x->scale));
  } else {
    mpz_t d;
    mpz_init(d);
    mpz_ui_pow_ui(d, 10, (unsigned long)(x->scale - S));
    mpz_tdiv_q(X, X, d);
    mpz_clear(d);
  }
}

/* R = ln(X / 10^S) * 10^S for X > 0: square roots bring the argument
** near 1, then ln(y) = 2 atanh((y-1)/(y+1)). */
static void num_ln_fixed(mpz_t R, const mpz_t X, long S) {
  mpz_t one, y, lim, z, z2, term, t;
  mpz_inits(one, y, lim, z, z2, term, t, NULL);
  mpz_ui_pow_ui(one, 10, (unsigned long)S);
  mpz_tdiv_q_ui(lim, one, 100);
  mpz_set(y, X);
  unsigned long k = 0;
  for (;;) {
    mpz_sub(t, y, one);
    if (mpz_cmpabs(t, lim) <= 0 || mpz_sgn(y) <= 0) break;  /* y > 0 by construction */
    mpz_mul(y, y, one);
    mpz_sqrt(y, y);
    k++;
  }
  mpz_sub(z, y, one);
  mpz_mul(z, z, one);
  mpz_add(t, y, one);
  mpz_tdiv_q(z, z, t);
  mpz_mul(z2, z, z);
  mpz_tdiv_q(z2, z2, one);
  mpz_set(R, z);
  mpz_set(term, z);
  for (unsigned long n = 3;; n += 2) {
    mpz_mul(term, term, z2);
    mpz_tdiv_q(term, term, one);
    mpz_tdiv_q_ui(t, term, n);
    if (mpz_sgn(t) == 0) break;
    mpz_add(R, R, t);
  }
  mpz_mul_2exp(R, R, k + 1);
  mpz_clears(one, y, lim, z, z2, term, t, NULL);
}

/* R = exp(X / 10^S) * 10^S for X >= 0: halve the argument below 0.01,
** sum the Taylor series, square back. */
static void num_exp_fixed(mpz_t R, const mpz_t X, long S, unsigned long k) {
  mpz_t one, r, term;
  mpz_inits(one, r, term, NULL);
  mpz_ui_pow_ui(one, 10, (unsigned long)S);
  mpz_tdiv_q_2exp(r, X, k);
  mpz_set(R, one);
  mpz_set(term, one);
  for (unsigned long n = 1;; n++) {
    mpz_mul(term, term, r);
    mpz_tdiv_q(term, term, one);
    mpz_tdiv_q_ui(term, term, n);
    if (mpz_sgn(term) == 0) break;
    mpz_add(R, R, term);
  }
  for (unsigned long i = 0; i < k; i++) {
    mpz_mul(R, R, R);
    mpz_tdiv_q(R, R, one);
  }
  mpz_clears(one, r, term, NULL);
}

/* Halvings that bring |x| (a double estimate) below 0.01. */
static unsigned long num_halvings(double x) {
  unsigned long k = 0;
  if (!isfinite(x)) return 0;  /* callers refuse such arguments earlier */
  for (x = fabs(x); x > 0.01; x /= 2) k++;
  return k;
}

/* r = exp(x) rounded to rscale (x finite; |x| already known to fit). */
static void num_exp_to(NumVal *r, const NumVal *x, int rscale) {
  double xd = num_to_double(x);
  unsigned long k = num_halvings(xd);
  long S = rscale + 12 + (long)k + (xd > 0 ? (long)(xd * 0.4343) + 1 : 0);
  mpz_t X;
  mpz_init(X);
  num_to_fixed(X, x, S);
  bool neg = mpz_sgn(X) < 0;
  mpz_abs(X, X);
  NumVal e;
  pgm_num_init(&e);
  num_exp_fixed(e.v, X, S, k);
  e.scale = (int)S;
  if (neg) {
    NumVal one_v;
    pgm_num_init(&one_v);
    pgm_num_set_int(&one_v, 1);
    num_div_exact(r, &one_v, &e, rscale, false);
    pgm_num_clear(&one_v);
  } else {
    num_copy(r, &e);
    num_rescale(r, rscale, false);
  }
  pgm_num_clear(&e);
  mpz_clear(X);
}

/* ln(x) in fixed point with S fraction digits (x finite, > 0). */
static void num_ln_at(NumVal *r, const NumVal *x, long S) {
  double lx = log(num_to_double(x));
  if (isinf(lx)) lx = (double)num_exp10(x) * 2.302585092994046;
  /* a small x needs its own digits kept: fixed point loses them otherwise */
  long e10 = num_exp10(x);
  long guard = 12 + (long)num_halvings(lx) + (e10 < 0 ? -e10 : 0);
  mpz_t X;
  mpz_init(X);
  num_to_fixed(X, x, S + guard);
  num_ln_fixed(r->v, X, S + guard);
  r->kind = NUMK_FINITE;
  r->scale = (int)(S + guard);
  mpz_clear(X);
}

/* estimate_ln_dweight: the decimal weight of ln(x), from x's leading
** base-10000 digits as PostgreSQL estimates it. */
static long num_ln_dweight(const NumVal *x) {
  if (num_sign(x) <= 0) return 0;
  NumVal t, lo, hi;
  pgm_num_init(&t); pgm_num_init(&lo); pgm_num_init(&hi);
  num_parse("0.9", 3, &lo);
  num_parse("1.1", 3, &hi);
  long w = 0;
  if (pgm_num_cmp(x, &lo) >= 0 && pgm_num_cmp(x, &hi) <= 0) {
    pgm_num_set_int(&t, 1);
    num_addsub(&t, x, &t, -1);
    w = mpz_sgn(t.v) == 0 ? 0 : num_exp10(&t);
  } else {
    long weight, first;
    num_weight(x, &weight, &first);
    /* x ~= digits * 10^dweight from its first one or two base-10000
    ** digits (two when x has more than one) */
    NumVal lead;
    pgm_num_init(&lead);
    mpz_set_si(lead.v, first);
    if (weight >= 0) num_mul10(lead.v, (int)(4 * weight));
    else lead.scale = (int)(-4 * weight);
    double digits = (double)first;
    long dweight = 4 * weight;
    if (pgm_num_cmp(&lead, x) != 0) {
      long shift = x->scale + 4 * (weight - 1);
      mpz_t T;
      mpz_init(T);
      mpz_abs(T, x->v);
      if (shift >= 0) {
        mpz_t d;
        mpz_init(d);
        mpz_ui_pow_ui(d, 10, (unsigned long)shift);
        mpz_tdiv_q(T, T, d);
        mpz_clear(d);
      } else {
        num_mul10(T, (int)-shift);
      }
      digits = mpz_get_d(T);
      dweight -= 4;
      mpz_clear(T);
    }
    pgm_num_clear(&lead);
    double lnv = log(digits) + (double)dweight * 2.302585092994046;
    w = (long)log10(fabs(lnv));
  }
  pgm_num_clear(&t); pgm_num_clear(&lo); pgm_num_clear(&hi);
  return w;
}

static int num_clamp_scale(long rscale, int s1, int s2) {
  if (rscale < s1) rscale = s1;
  if (rscale < s2) rscale = s2;
  if (rscale < 0) rscale = 0;
  if (rscale > NUM_MAX_DISPLAY_SCALE) rscale = NUM_MAX_DISPLAY_SCALE;
  return (int)rscale;
}

static int num_check_log_arg(sqlite3_context *ctx, const NumVal *x) {
  int sg = num_sign(x);
  if (x->kind == NUMK_FINITE && sg == 0) {
    adt_error(ctx, ERRCODE_INVALID_ARGUMENT_FOR_LOG, "cannot take logarithm of zero");
    return -1;
  }
  if (sg < 0) {
    adt_error(ctx, ERRCODE_INVALID_ARGUMENT_FOR_LOG, "cannot take logarithm of a negative number");
    return -1;
  }
  return 0;
}

static int num_ln(sqlite3_context *ctx, NumVal *r, const NumVal *a) {
  if (num_check_log_arg(ctx, a)) return -1;
  if (a->kind != NUMK_FINITE) { num_copy(r, a); return 0; }  /* NaN, +Infinity */
  int rscale = num_clamp_scale(NUM_MIN_SIG_DIGITS - num_ln_dweight(a), a->scale, 0);
  num_ln_at(r, a, rscale);
  num_rescale(r, rscale, false);
  return 0;
}

static int num_exp(sqlite3_context *ctx, NumVal *r, const NumVal *a) {
  if (a->kind == NUMK_NAN || a->kind == NUMK_PINF) { num_copy(r, a); return 0; }
  if (a->kind == NUMK_NINF) { pgm_num_set_int(r, 0); return 0; }
  double x = num_to_double(a);
  double val = x * 0.434294481903252;
  if (val > NUM_MAX_RESULT_SCALE) val = NUM_MAX_RESULT_SCALE;
  if (val < -NUM_MAX_RESULT_SCALE) val = -NUM_MAX_RESULT_SCALE;
  int rscale = num_clamp_scale(NUM_MIN_SIG_DIGITS - (long)val, a->scale, 0);
  if (fabs(x) >= NUM_MAX_RESULT_SCALE * 3) {  /* exp_var's own limit */
    if (x > 0) {
      adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format");
      return -1;
    }
    pgm_num_set_int(r, 0);
    num_rescale(r, rscale, false);
    return 0;
  }
  num_exp_to(r, a, rscale);
  return 0;
}

/* log(base, x) = ln(x) / ln(base) at log_var's scale. */
static int num_log(sqlite3_context *ctx, NumVal *r, const NumVal *base, const NumVal *x) {
  if (base->kind == NUMK_NAN || x->kind == NUMK_NAN) { num_set_kind(r, NUMK_NAN); return 0; }
  if (num_check_log_arg(ctx, base) || num_check_log_arg(ctx, x)) return -1;
  if (base->kind != NUMK_FINITE || x->kind != NUMK_FINITE) {
    if (base->kind != NUMK_FINITE && x->kind != NUMK_FINITE) num_set_kind(r, NUMK_NAN);
    else if (x->kind != NUMK_FINITE) num_set_kind(r, num_cmp_abs_one(base) < 0 ? NUMK_NINF : NUMK_PINF);
    else pgm_num_set_int(r, 0);
    return 0;
  }
  long dw = num_ln_dweight(x) - num_ln_dweight(base);
  int rscale = num_clamp_scale(NUM_MIN_SIG_DIGITS - dw, base->scale, x->scale);
  NumVal lb, lx;
  pgm_num_init(&lb);
  pgm_num_init(&lx);
  long S = rscale + 8 + labs(dw);
  num_ln_at(&lb, base, S);
  num_ln_at(&lx, x, S);
  int rc = 0;
  if (mpz_sgn(lb.v) == 0) {
    adt_error(ctx, ERRCODE_DIVISION_BY_ZERO, "division by zero");
    rc = -1;
  } else {
    num_div_exact(r, &lx, &lb, rscale, false);
  }
  pgm_num_clear(&lb);
  pgm_num_clear(&lx);
  return rc;
}

/* a^n (a finite, not zero; n an int too large for the exact power) to
** the result's digits and guard digits, rounded to rscale as power_var_int's
** result is: an overflow is PostgreSQL's error, a result below half a unit
** of rscale is 0. */
/* Drop the low digits of m (value m * 10^e) beyond P significant ones. */
static void num_keep_digits(mpz_t m, long *e, long P) {
  long extra = (long)mpz_sizeinbase(m, 10) - P;
  if (extra <= 0) return;
  mpz_t d;
  mpz_init(d);
  mpz_ui_pow_ui(d, 10, (unsigned long)extra);
  mpz_tdiv_q(m, m, d);
  mpz_clear(d);
  *e += extra;
}

/* r = a^un (a > 0) to P significant digits: square-and-multiply keeping P
** digits after each step, as power_var_int works at a limited precision
** (the error is below 2 log2(un) units of the P-th digit).  Costs
** O(log un) products of P digits where exp(n ln a) took minutes for
** 10::numeric ^ 131068 (regress numeric.sql). */
static void num_pow_truncated(NumVal *r, const NumVal *a, unsigned long un, long P) {
  mpz_t m;
  mpz_init_set_ui(m, 1);
  long e = 0;
  for (int bit = 63; bit >= 0; bit--) {
    mpz_mul(m, m, m);
    e *= 2;
    num_keep_digits(m, &e, P);
    if ((un >> bit) & 1UL) {
      mpz_mul(m, m, a->v);
      e -= a->scale;
      num_keep_digits(m, &e, P);
    }
  }
  mpz_swap(r->v, m);
  mpz_clear(m);
  r->kind = NUMK_FINITE;
  r->scale = 0;
  if (e > 0) num_mul10(r->v, (int)e);
  else r->scale = (int)-e;
}

static int num_power_int_approx(sqlite3_context *ctx, NumVal *r, const NumVal *a, long n, int rscale) {
  NumVal absa;
  pgm_num_init(&absa);
  num_copy(&absa, a);
  mpz_abs(absa.v, absa.v);
  double la_d = log(num_to_double(&absa));
  if (isinf(la_d)) la_d = (double)num_exp10(&absa) * 2.302585092994046;
  double digits = la_d * (double)n * 0.434294481903252;   /* log10 |a^n| */
  if (digits > 4.0 * NUM_MAX_INT_DIGITS) {
    pgm_num_clear(&absa);
    adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format");
    return -1;
  }
  if (digits < -(double)rscale - 2) {
    pgm_num_clear(&absa);
    pgm_num_set_int(r, 0);
    num_rescale(r, rscale, false);
    return 0;
  }
  long P = rscale + 25 + (digits > 0 ? (long)digits + 1 : 0);
  unsigned long un = (unsigned long)(n < 0 ? -n : n);
  NumVal p;
  pgm_num_init(&p);
  num_pow_truncated(&p, &absa, un, P);
  if (n >= 0) {
    num_copy(r, &p);
    num_rescale(r, rscale, false);
  } else {
    NumVal one_v;
    pgm_num_init(&one_v);
    pgm_num_set_int(&one_v, 1);
    num_div_exact(r, &one_v, &p, rscale, false);
    pgm_num_clear(&one_v);
  }
  if (mpz_sgn(a->v) < 0 && (n & 1)) mpz_neg(r->v, r->v);
  pgm_num_clear(&absa);
  pgm_num_clear(&p);
  return 0;
}

/* b * ln(a) to about 8 significant digits, as power_var estimates it: a
** double would be wrong for a base within 1e-16 of 1 (its log is 0) and an
** exponent past a double's range (0 * Infinity is NaN). */
static double num_power_estimate(const NumVal *a, const NumVal *b) {
  NumVal la, prod;
  pgm_num_init(&la);
  pgm_num_init(&prod);
  num_ln_at(&la, a, 8 - num_ln_dweight(a));
  num_mul(&prod, &la, b);
  double lnv = num_to_double(&prod);
  pgm_num_clear(&la);
  pgm_num_clear(&prod);
  return lnv;
}

/* exp(b ln a) for a > 0, at power_var's result scale. */
static int num_power_positive(sqlite3_context *ctx, NumVal *r, const NumVal *a, const NumVal *b) {
  double lnv = num_power_estimate(a, b);
  if (fabs(lnv) > NUM_MAX_RESULT_SCALE * 3.01) {
    if (lnv > 0) {
      adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format");
      return -1;
    }
    pgm_num_set_int(r, 0);
    num_rescale(r, NUM_MAX_DISPLAY_SCALE, false);
    return 0;
  }
  double val = lnv * 0.434294481903252;
  int rscale = num_clamp_scale(NUM_MIN_SIG_DIGITS - (long)val, a->scale, b->scale);
  NumVal la, prod;
  pgm_num_init(&la);
  pgm_num_init(&prod);
  long S = rscale + 12 + (val > 0 ? (long)val + 1 : 0) + (long)(mpz_sizeinbase(b->v, 10));
  num_ln_at(&la, a, S);
  num_mul(&prod, &la, b);
  num_rescale(&prod, (int)S, true);
  num_exp_to(r, &prod, rscale);
  pgm_num_clear(&la);
  pgm_num_clear(&prod);
  return 0;
}

/* A power with an exponent that is not an int4 (a != 0).  A negative base
** has an integral exponent here (num_power refused the rest): |a| ^ b,
** negated when b is odd, as power_var does; ln of a negative base divided
** by zero ((-1.0) ^ 2147483648 in regress numeric.sql killed the server). */
static int num_power_general(sqlite3_context *ctx, NumVal *r, const NumVal *a, const NumVal *b) {
  if (mpz_sgn(a->v) > 0) return num_power_positive(ctx, r, a, b);
  NumVal absa, e;
  pgm_num_init(&absa);
  pgm_num_init(&e);
  num_copy(&absa, a);
  mpz_abs(absa.v, absa.v);
  num_copy(&e, b);
  num_rescale(&e, 0, true);
  bool odd = mpz_odd_p(e.v);
  int rc = num_power_positive(ctx, r, &absa, b);
  if (rc == 0 && odd) mpz_neg(r->v, r->v);
  pgm_num_clear(&absa);
  pgm_num_clear(&e);
  return rc;
}

NUM_FN(ln, rc_ = num_ln(ctx, &r, &a))
NUM_FN(exp, rc_ = num_exp(ctx, &r, &a))
NUM_FN(log, rc_ = num_log(ctx, &r, &a, &b))

NUM_FN(power, rc_ = num_power(ctx, &r, &a, &b))

/* gcd / lcm of the values at their common scale. */
NUM_FN(gcd, {
  if (a.kind != NUMK_FINITE || b.kind != NUMK_FINITE) {
    num_set_kind(&r, NUMK_NAN);
  } else {
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    r.scale = num_align(&a, &b, x, y);
    mpz_gcd(r.v, x, y);
    mpz_clears(x, y, NULL);
  }
})
NUM_FN(lcm, {
  if (a.kind != NUMK_FINITE || b.kind != NUMK_FINITE) {
    num_set_kind(&r, NUMK_NAN);
  } else {
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    r.scale = num_align(&a, &b, x, y);
    mpz_lcm(r.v, x, y);
    /* lcm(x/10^s, y/10^s) = lcm(x, y) / 10^s */
    mpz_clears(x, y, NULL);
  }
})

NUM_FN(trim_scale, {
  num_copy(&r, &a);
  while (r.kind == NUMK_FINITE && r.scale > 0 && mpz_divisible_ui_p(r.v, 10)) {
    mpz_divexact_ui(r.v, r.v, 10);
    r.scale--;
  }
})

static void num_fn_scale(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  NumVal a, b;
  if (num_args(ctx, argc, argv, &a, &b)) {
    if (a.kind == NUMK_FINITE) sqlite3_result_int(ctx, a.scale);
    else sqlite3_result_null(ctx);
  }
  pgm_num_clear(&a);
  pgm_num_clear(&b);
}

static void num_fn_min_scale(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  NumVal a, b;
  if (num_args(ctx, argc, argv, &a, &b)) {
    if (a.kind != NUMK_FINITE) {
      sqlite3_result_null(ctx);
    } else {
      int s = a.scale;
      while (s > 0 && mpz_divisible_ui_p(a.v, 10)) { mpz_divexact_ui(a.v, a.v, 10); s--; }
      sqlite3_result_int(ctx, s);
    }
  }
  pgm_num_clear(&a);
  pgm_num_clear(&b);
}

/* factorial(int8) */
static void num_fn_fac(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  int64_t n = sqlite3_value_int64(argv[0]);
  if (n < 0) {
    adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "factorial of a negative number is undefined");
    return;
  }
  if (n > 32177) {  /* the result would exceed the numeric format */
    adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format");
    return;
  }
  NumVal r;
  pgm_num_init(&r);
  mpz_fac_ui(r.v, (unsigned long)n);
  pgm_num_result(ctx, &r);
  pgm_num_clear(&r);
}

/* ---- comparisons ---- */

#define NUM_CMP(name, expr)                                                               \
  static void num_fn_##name(sqlite3_context *ctx, int argc, sqlite3_value **argv) {       \
    NumVal a, b;                                                                          \
    if (num_args(ctx, argc, argv, &a, &b)) {                                              \
      int c = pgm_num_cmp(&a, &b);                                                        \
      sqlite3_result_int(ctx, (expr));                                                    \
    }                                                                                     \
    pgm_num_clear(&a);                                                                    \
    pgm_num_clear(&b);                                                                    \
  }
NUM_CMP(eq, c == 0)
NUM_CMP(ne, c != 0)
NUM_CMP(lt, c < 0)
NUM_CMP(le, c <= 0)
NUM_CMP(gt, c > 0)
NUM_CMP(ge, c >= 0)
NUM_CMP(cmp, c)

/* ---- casts ---- */

static void num_fn_from_int(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_text(ctx, (const char *)sqlite3_value_text(argv[0]), -1, SQLITE_TRANSIENT);
}

static void num_from_float(sqlite3_context *ctx, sqlite3_value **argv, int digits) {
  NumVal n;
  pgm_num_init(&n);
  num_set_double(&n, adt_float_value(argv[0]), digits);  /* NaN arrives as TEXT */
  pgm_num_result(ctx, &n);
  pgm_num_clear(&n);
}
static void num_fn_from_float8(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  num_from_float(ctx, argv, 15);
}
static void num_fn_from_float4(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  num_from_float(ctx, argv, 6);
}

/* numeric -> integer: round half away from zero, then the type's range. */
static void num_to_int(sqlite3_context *ctx, sqlite3_value **argv, int64_t lo, int64_t hi,
                       const char *tname, const char *rangemsg) {
  NumVal a;
  pgm_num_init(&a);
  if (pgm_num_from_value(ctx, argv[0], &a) == 0) {
    if (a.kind == NUMK_NAN) {
      adt_error(ctx, ERRCODE_FEATURE_NOT_SUPPORTED, "cannot convert NaN to %s", tname);
    } else if (a.kind != NUMK_FINITE) {
      adt_error(ctx, ERRCODE_FEATURE_NOT_SUPPORTED, "cannot convert infinity to %s", tname);
    } else {
      num_rescale(&a, 0, false);
      if (!mpz_fits_slong_p(a.v) || mpz_get_si(a.v) < lo || mpz_get_si(a.v) > hi)
        adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "%s", rangemsg);
      else
        sqlite3_result_int64(ctx, (int64_t)mpz_get_si(a.v));
    }
  }
  pgm_num_clear(&a);
}
static void num_fn_to_int2(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  num_to_int(ctx, argv, INT16_MIN, INT16_MAX, "smallint", "smallint out of range");
}
static void num_fn_to_int4(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  num_to_int(ctx, argv, INT32_MIN, INT32_MAX, "integer", "integer out of range");
}
static void num_fn_to_int8(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  num_to_int(ctx, argv, INT64_MIN, INT64_MAX, "bigint", "bigint out of range");
}

/* numeric -> float: PostgreSQL feeds numeric_out's text to float8in. */
static void num_to_float(sqlite3_context *ctx, sqlite3_value **argv, bool single) {
  NumVal a;
  pgm_num_init(&a);
  if (pgm_num_from_value(ctx, argv[0], &a) == 0) {
    StrBuf b = STRBUF_INIT;
    pgm_num_to_text(&a, &b);
    errno = 0;
    double d = single ? (double)strtof(b.p, NULL) : strtod(b.p, NULL);
    if (a.kind == NUMK_NAN)
      adt_result_float(ctx, NAN);
    else if (errno == ERANGE && (d == 0 || isinf(d)))
      adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "\"%s\" is out of range for type %s",
                b.p, single ? "real" : "double precision");
    else
      sqlite3_result_double(ctx, d);
    sb_free(&b);
  }
  pgm_num_clear(&a);
}
static void num_fn_to_float8(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  num_to_float(ctx, argv, false);
}
static void num_fn_to_float4(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  num_to_float(ctx, argv, true);
}

#define NUM_F(name, n, fn) {name, n, ADT_STRICT, fn}
const AdtFunc adt_numeric_funcs[] = {
  NUM_F("numeric_add", 2, num_fn_add), NUM_F("numeric_sub", 2, num_fn_sub),
  NUM_F("numeric_mul", 2, num_fn_mul), NUM_F("numeric_div", 2, num_fn_div),
  NUM_F("numeric_mod", 2, num_fn_mod), NUM_F("numeric_div_trunc", 2, num_fn_div_trunc),
  NUM_F("numeric_uminus", 1, num_fn_uminus), NUM_F("numeric_uplus", 1, num_fn_uplus),
  NUM_F("numeric_abs", 1, num_fn_abs), NUM_F("numeric_sign", 1, num_fn_sign),
  NUM_F("numeric_inc", 1, num_fn_inc), NUM_F("numeric_smaller", 2, num_fn_smaller),
  NUM_F("numeric_larger", 2, num_fn_larger), NUM_F("numeric_round", 2, num_fn_round),
  NUM_F("numeric_trunc", 2, num_fn_trunc), NUM_F("numeric_ceil", 1, num_fn_ceil),
  NUM_F("numeric_floor", 1, num_fn_floor), NUM_F("numeric", 2, num_fn_typmod),
  NUM_F("numeric_sqrt", 1, num_fn_sqrt), NUM_F("numeric_gcd", 2, num_fn_gcd),
  NUM_F("numeric_lcm", 2, num_fn_lcm), NUM_F("numeric_trim_scale", 1, num_fn_trim_scale),
  NUM_F("numeric_scale", 1, num_fn_scale), NUM_F("numeric_min_scale", 1, num_fn_min_scale),
  NUM_F("numeric_fac", 1, num_fn_fac), NUM_F("numeric_power", 2, num_fn_power),
  NUM_F("numeric_ln", 1, num_fn_ln), NUM_F("numeric_exp", 1, num_fn_exp),
  NUM_F("numeric_log", 2, num_fn_log),
  NUM_F("numeric_eq", 2, num_fn_eq), NUM_F("numeric_ne", 2, num_fn_ne), NUM_F("numeric_lt", 2, num_fn_lt),
  NUM_F("numeric_le", 2, num_fn_le), NUM_F("numeric_gt", 2, num_fn_gt), NUM_F("numeric_ge", 2, num_fn_ge),
  NUM_F("numeric_cmp", 2, num_fn_cmp),
  NUM_F("int2_numeric", 1, num_fn_from_int), NUM_F("int4_numeric", 1, num_fn_from_int),
  NUM_F("int8_numeric", 1, num_fn_from_int), NUM_F("float8_numeric", 1, num_fn_from_float8),
  NUM_F("float4_numeric", 1, num_fn_from_float4), NUM_F("numeric_int2", 1, num_fn_to_int2),
  NUM_F("numeric_int4", 1, num_fn_to_int4), NUM_F("numeric_int8", 1, num_fn_to_int8),
  NUM_F("numeric_float8", 1, num_fn_to_float8), NUM_F("numeric_float4", 1, num_fn_to_float4),
  {NULL, 0, 0, NULL},
};
#undef NUM_F
#undef NUM_FN
#undef NUM_CMP
#undef NUM_MIN_SIG_DIGITS
#undef NUM_MAX_DISPLAY_SCALE
#undef NUM_MAX_RESULT_SCALE
#undef NUM_MAX_INT_DIGITS
#undef NUM_MAX_DSCALE

/*
** bool.c — the boolean type (after PostgreSQL's bool.c): boolin's
** forgiving input (t, true, yes, on, 1 and their unique prefixes, any case,
** surrounding spaces), output "t"/"f", comparisons, bool -> int4 and the
** state functions of bool_and / bool_or.  Stored as SQLite INTEGER 0/1, so
** false < true sorts natively.
*/
#include "adt/adt.h"

#include <strings.h>

static int bool_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* parse_bool_with_len: s (n bytes, already trimmed) -> 0/1, -1 if invalid. */
static int bool_parse(const char *s, size_t n) {
  if (n == 0) return -1;
  switch (s[0]) {
  case 't': case 'T': return strncasecmp(s, "true", n) == 0 && n <= 4 ? 1 : -1;
  case 'f': case 'F': return strncasecmp(s, "false", n) == 0 && n <= 5 ? 0 : -1;
  case 'y': case 'Y': return strncasecmp(s, "yes", n) == 0 && n <= 3 ? 1 : -1;
  case 'n': case 'N': return strncasecmp(s, "no", n) == 0 && n <= 2 ? 0 : -1;
  case 'o': case 'O':
    /* "o" alone is ambiguous between on and off */
    if (n < 2) return -1;
    if (n == 2 && strncasecmp(s, "on", 2) == 0) return 1;
    if (n <= 3 && strncasecmp(s, "off", n) == 0) return 0;
    return -1;
  case '1': return n == 1 ? 1 : -1;
  case '0': return n == 1 ? 0 : -1;
  default: return -1;
  }
}

static int bool_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out,
                   pgm_error **err) {
  (void)db; (void)typmod;
  size_t b = 0, e = n;
  while (b < e && bool_space(s[b])) b++;
  while (e > b && bool_space(s[e - 1])) e--;
  int v = bool_parse(s + b, e - b);
  if (v < 0) {
    *err = pgm_error_new(ERRCODE_INVALID_TEXT_REPRESENTATION,
                         "invalid input syntax for type boolean: \"%.*s\"", (int)n, s);
    return -1;
  }
  out->kind = D_INT;
  out->i = v;
  return 0;
}

static void bool_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)db; (void)typmod;
  switch (v->kind) {
  case D_INT: sb_putc(out, v->i ? 't' : 'f'); break;
  case D_FLOAT: sb_putc(out, v->f != 0 ? 't' : 'f'); break;
  case D_TEXT: case D_BLOB: sb_putn(out, v->p, v->n); break;
  case D_NULL: break;
  }
}

const AdtTypeIO adt_bool_types[] = {
  {16, 'i', bool_in, bool_out},
  {0, 0, NULL, NULL},
};

#define BOOL_ARG(i) (sqlite3_value_int64(argv[i]) != 0)
#define BOOL_FN(name, expr)                                                               \
  static void bool_##name(sqlite3_context *ctx, int argc, sqlite3_value **argv) {         \
    (void)argc;                                                                           \
    int a = BOOL_ARG(0), b = argc > 1 ? BOOL_ARG(1) : 0;                                  \
    (void)b;                                                                              \
    sqlite3_result_int(ctx, (expr));                                                      \
  }
BOOL_FN(eq, a == b)
BOOL_FN(ne, a != b)
BOOL_FN(lt, a < b)
BOOL_FN(le, a <= b)
BOOL_FN(gt, a > b)
BOOL_FN(ge, a >= b)
BOOL_FN(cmp, (a > b) - (a < b))
BOOL_FN(and, a && b)
BOOL_FN(or, a || b)
BOOL_FN(int4, a)

/* bool -> text/varchar/char casts (booltext): "true"/"false", unlike the
** output function's "t"/"f". */
static void bool_text(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (BOOL_ARG(0)) sqlite3_result_text(ctx, "true", 4, SQLITE_STATIC);
  else sqlite3_result_text(ctx, "false", 5, SQLITE_STATIC);
}

const AdtFunc adt_bool_funcs[] = {
  {"booleq", 2, ADT_STRICT, bool_eq},
  {"boolne", 2, ADT_STRICT, bool_ne},
  {"boollt", 2, ADT_STRICT, bool_lt},
  {"boolle", 2, ADT_STRICT, bool_le},
  {"boolgt", 2, ADT_STRICT, bool_gt},
  {"boolge", 2, ADT_STRICT, bool_ge},
  {"btboolcmp", 2, ADT_STRICT, bool_cmp},
  {"booland_statefunc", 2, ADT_STRICT, bool_and},
  {"boolor_statefunc", 2, ADT_STRICT, bool_or},
  {"bool_int4", 1, ADT_STRICT, bool_int4},
  {"booltext", 1, ADT_STRICT, bool_text},
  {NULL, 0, 0, NULL},
};
#undef BOOL_ARG
#undef BOOL_FN

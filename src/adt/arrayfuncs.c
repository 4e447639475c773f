/*
** arrayfuncs.c — one-dimensional arrays of the engine's scalar types (after
** src/backend/utils/adt/arrayfuncs.c and array_userfuncs.c).
**
** STORAGE.  An array is stored as TEXT in PostgreSQL's canonical output form
** ("{1,2,NULL}", "{\"a b\",c}"), so the stored value is what array_out
** prints and equal arrays of canonically printed elements store equal text.
** Elements whose text depends on session settings (dates, times, intervals,
** floats) are written and read under fixed settings — DateStyle ISO,
** IntervalStyle postgres, extra_float_digits 1 (adt_canon_enter) — so a
** stored array means the same under every session's settings; array_out and
** array_to_string print them again under the session's.
** Lower bounds are always 1: '[2:3]={...}' and multi-dimensional input are
** refused with 0A000.
**
** ELEMENT TYPE.  A SQL function does not know the types of its arguments,
** so the analyser appends the element type's OID as a hidden last argument
** to every call of a polymorphic array function (parse_func.c); that is how
** array_append() knows how to print its element and array_eq() how to
** compare two.  The functions below are registered variadic for that reason.
**
** Elements are compared through their stored form (adt_input of the element
** text): integers and floats by value, text-stored types under the type's
** collation (numeric by value, bpchar without trailing blanks).
*/
#include "adt/adt.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parsing and printing the canonical text form ---- */

/* The elements of one array, as their PostgreSQL text (NULL: SQL NULL). */
typedef struct ArrElems {
  char **v;
  size_t *len;
  int n, cap;
} ArrElems;

static void arr_push(ArrElems *a, const char *s, size_t n, bool isnull) {
  if (a->n == a->cap) {
    a->cap = a->cap ? a->cap * 2 : 8;
    a->v = pgm_realloc(a->v, sizeof(char *) * (size_t)a->cap);
    a->len = pgm_realloc(a->len, sizeof(size_t) * (size_t)a->cap);
  }
  a->v[a->n] = isnull ? NULL : pgm_strndup(s, n);
  a->len[a->n++] = isnull ? 0 : n;
}

static void arr_free(ArrElems *a) {
  for (int i = 0; i < a->n; i++) free(a->v[i]);
  free(a->v);
  free(a->len);
  memset(a, 0, sizeof *a);
}

static pgm_error *arr_malformed(const char *s, size_t n, const char *detail) {
  pgm_error *e = pgm_error_new(ERRCODE_INVALID_TEXT_REPRESENTATION, "malformed array literal: \"%.*s\"", (int)n, s);
  if (detail) pgm_error_set_detail(e, "%s", detail);
  return e;
}

/* Skip an optional "[1:n]=" decoration; only a lower bound of 1 is supported. */
static int arr_skip_dims(const char *s, size_t n, size_t *pos, long *declared, pgm_error **err) {
  size_t i = *pos;
  *declared = -1;
  if (i >= n || s[i] != '[') return 0;
  char *end;
  char buf[64];
  size_t k = 0;
  while (i + 1 + k < n && s[i + 1 + k] != ']' && k < sizeof buf - 1) { buf[k] = s[i + 1 + k]; k++; }
  buf[k] = 0;
  long lo = strtol(buf, &end, 10), hi;
  if (end == buf || *end != ':') { *err = arr_malformed(s, n, NULL); return -1; }
  hi = strtol(end + 1, &end, 10);
  if (*end || i + 1 + k >= n) { *err = arr_malformed(s, n, NULL); return -1; }
  i += k + 2;
  if (i < n && s[i] == '[') {
    *err = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "multidimensional arrays are not supported by pgmicro yet");
    return -1;
  }
  while (i < n && isspace((unsigned char)s[i])) i++;
  if (i >= n || s[i] != '=') { *err = arr_malformed(s, n, NULL); return -1; }
  if (lo != 1) {
    *err = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "arrays with a lower bound other than 1 are not supported by pgmicro yet");
    return -1;
  }
  *declared = hi - lo + 1;
  *pos = i + 1;
  return 0;
}

/* One element starting at s[*pos]; appends it and leaves *pos after it. */
static int arr_parse_elem(const char *s, size_t n, size_t *pos, ArrElems *out, pgm_error **err) {
  StrBuf b = STRBUF_INIT;
  size_t i = *pos;
  bool quoted_any = false, in_quotes = false;
  size_t keep = 0;   /* length of b up to the last quoted or escaped char: trailing blanks after it stay */
  for (; i < n; i++) {
    char c = s[i];
    if (c == '\\') {
      if (i + 1 >= n) break;
      sb_putc(&b, s[++i]);
      keep = b.n;
      quoted_any = true;
    } else if (c == '"') {
      in_quotes = !in_quotes;
      quoted_any = true;
      keep = b.n;
    } else if (in_quotes) {
      sb_putc(&b, c);
      keep = b.n;
    } else if (c == ',' || c == '}') {
      break;
    } else if (c == '{') {
      sb_free(&b);
      *err = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "multidimensional arrays are not supported by pgmicro yet");
      return -1;
    } else if (isspace((unsigned char)c) && b.n == keep && !quoted_any && b.n == 0) {
      continue;      /* leading blanks */
    } else {
      sb_putc(&b, c);
    }
  }
  if (in_quotes || i >= n) { sb_free(&b); *err = arr_malformed(s, n, "Unexpected end of input."); return -1; }
  size_t len = b.n;
  while (len > keep && isspace((unsigned char)b.p[len - 1])) len--;   /* trailing blanks */
  if (len == 0 && !quoted_any) { sb_free(&b); *err = arr_malformed(s, n, "Unexpected \",\" character."); return -1; }
  bool isnull = !quoted_any && len == 4 && !strncasecmp(b.p, "NULL", 4);
  arr_push(out, b.p ? b.p : "", len, isnull);
  sb_free(&b);
  *pos = i;
  return 0;
}

/* PostgreSQL's array_in structure rules for one dimension. */
static int arr_parse(const char *s, size_t n, ArrElems *out, pgm_error **err) {
  memset(out, 0, sizeof *out);
  size_t i = 0;
  long declared;
  while (i < n && isspace((unsigned char)s[i])) i++;
  if (arr_skip_dims(s, n, &i, &declared, err) != 0) return -1;
  while (i < n && isspace((unsigned char)s[i])) i++;
  if (i >= n || s[i] != '{') {
    *err = arr_malformed(s, n, "Array value must start with \"{\" or dimension information.");
    return -1;
  }
  i++;
  while (i < n && isspace((unsigned char)s[i])) i++;
  if (i < n && s[i] == '}') i++;
  else for (;;) {
    if (arr_parse_elem(s, n, &i, out, err) != 0) { arr_free(out); return -1; }
    if (s[i++] == '}') break;
  }
  while (i < n && isspace((unsigned char)s[i])) i++;
  if (i < n) { arr_free(out); *err = arr_malformed(s, n, "Junk after closing right brace."); return -1; }
  if (declared >= 0 && declared != out->n) {
    arr_free(out);
    *err = arr_malformed(s, n, "Specified array dimensions do not match array contents.");
    return -1;
  }
  return 0;
}

/* array_out's quoting: empty, "NULL", or containing a delimiter, brace,
** quote, backslash or blank; quotes and backslashes are escaped. */
static void arr_put_quoted(StrBuf *b, const char *s, size_t n) {
  bool quote = n == 0 || (n == 4 && !strncasecmp(s, "NULL", 4));
  for (size_t i = 0; i < n && !quote; i++)
    quote = strchr("{},\"\\", s[i]) != NULL || isspace((unsigned char)s[i]);
  if (!quote) { sb_putn(b, s, n); return; }
  sb_putc(b, '"');
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '"' || s[i] == '\\') sb_putc(b, '\\');
    sb_putc(b, s[i]);
  }
  sb_putc(b, '"');
}

static void arr_print(StrBuf *b, const ArrElems *a) {
  sb_putc(b, '{');
  for (int i = 0; i < a->n; i++) {
    if (i) sb_putc(b, ',');
    if (!a->v[i]) sb_puts(b, "NULL");
    else arr_put_quoted(b, a->v[i], a->len[i]);
  }
  sb_putc(b, '}');
}

/* The settings stored element text is written and read under (see STORAGE):
** the session's are put aside and given back by adt_canon_leave. */
void adt_canon_enter(pgm_db *db, AdtCanon *saved) {
  memset(saved, 0, sizeof *saved);
  if (!db) return;   /* without a connection the defaults are these settings */
  saved->datestyle = db->settings.datestyle;
  saved->intervalstyle = db->settings.intervalstyle;
  saved->extra_float_digits = db->settings.extra_float_digits;
  db->settings.datestyle = (char *)"ISO, MDY";
  db->settings.intervalstyle = (char *)"postgres";
  db->settings.extra_float_digits = 1;
}

void adt_canon_leave(pgm_db *db, const AdtCanon *saved) {
  if (!db) return;
  db->settings.datestyle = saved->datestyle;
  db->settings.intervalstyle = saved->intervalstyle;
  db->settings.extra_float_digits = saved->extra_float_digits;
}

/* Stored element text -> a datum (under the fixed settings). */
static int arr_elem_in(pgm_db *db, Oid elem, int32_t typmod, const char *s, size_t n, Datum *d, pgm_error **err) {
  AdtCanon c;
  adt_canon_enter(db, &c);
  int rc = adt_input(db, elem, typmod, s, n, d, err);
  adt_canon_leave(db, &c);
  return rc;
}

/* Append one element, given in its stored form, as array text (no braces). */
void adt_array_put_elem(pgm_db *db, Oid elem, sqlite3_value *v, StrBuf *b) {
  if (sqlite3_value_type(v) == SQLITE_NULL) { sb_puts(b, "NULL"); return; }
  StrBuf t = STRBUF_INIT;
  AdtCanon c;
  adt_canon_enter(db, &c);
  adt_output(db, elem, -1, v, &t);
  adt_canon_leave(db, &c);
  arr_put_quoted(b, t.p ? t.p : "", t.n);
  sb_free(&t);
}

/* ---- I/O of the array types ---- */

static int arr_in(pgm_db *db, Oid type, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  const PgType *t = pgm_type_by_oid(type);
  ArrElems a;
  if (arr_parse(s, n, &a, err) != 0) return -1;
  /* Each element goes through its type's input and output: the stored text is canonical. */
  for (int i = 0; i < a.n; i++) {
    if (!a.v[i]) continue;
    Datum d;
    if (adt_input(db, t->elem, typmod, a.v[i], a.len[i], &d, err) != 0) { arr_free(&a); return -1; }
    StrBuf o = STRBUF_INIT;
    AdtCanon c;
    adt_canon_enter(db, &c);
    adt_output_datum(db, t->elem, typmod, &d, &o);
    adt_canon_leave(db, &c);
    pgm_datum_free(&d);
    free(a.v[i]);
    a.v[i] = pgm_strndup(o.p ? o.p : "", o.n);
    a.len[i] = o.n;
    sb_free(&o);
  }
  StrBuf b = STRBUF_INIT;
  arr_print(&b, &a);
  arr_free(&a);
  out->kind = D_TEXT;
  out->n = b.n;
  out->p = pgm_strndup(b.p, b.n);
  sb_free(&b);
  return 0;
}

/* Element types whose text output depends on session settings (TimeZone,
** DateStyle, IntervalStyle, extra_float_digits, bytea_output): their stored
** element text is re-read and printed again under the current settings. */
static bool arr_session_dependent(Oid elem) {
  switch (elem) {
  case PGM_OID_TIMESTAMPTZ: case PGM_OID_TIMESTAMP: case PGM_OID_DATE: case PGM_OID_TIME:
  case PGM_OID_INTERVAL: case PGM_OID_FLOAT4: case PGM_OID_FLOAT8: case PGM_OID_BYTEA:
    return true;
  default:
    return false;
  }
}

/* Stored element texts -> the session's text of each (for display). */
static void arr_restyle(pgm_db *db, Oid elem, int32_t typmod, ArrElems *a) {
  if (!arr_session_dependent(elem)) return;
  for (int i = 0; i < a->n; i++) {
    Datum d;
    pgm_error *err = NULL;
    if (!a->v[i] || arr_elem_in(db, elem, typmod, a->v[i], a->len[i], &d, &err) != 0) { pgm_error_free(err); continue; }
    StrBuf o = STRBUF_INIT;
    adt_output_datum(db, elem, typmod, &d, &o);
    pgm_datum_free(&d);
    free(a->v[i]);
    a->v[i] = pgm_strndup(o.p ? o.p : "", o.n);
    a->len[i] = o.n;
    sb_free(&o);
  }
}

static void arr_out(pgm_db *db, Oid type, int32_t typmod, const Datum *v, StrBuf *out) {
  if (v->kind != D_TEXT && v->kind != D_BLOB) return;
  Oid elem = pgm_type_by_oid(type)->elem;
  ArrElems a;
  pgm_error *err = NULL;
  if (!arr_session_dependent(elem) || arr_parse(v->p, v->n, &a, &err) != 0) {
    pgm_error_free(err);
    sb_putn(out, v->p, v->n);
    return;
  }
  arr_restyle(db, elem, typmod, &a);
  arr_print(out, &a);
  arr_free(&a);
}

#define ARR_IO(oid) \
  static int arr_in_##oid(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) { \
    return arr_in(db, oid, typmod, s, n, out, err); \
  } \
  static void arr_out_##oid(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) { \
    arr_out(db, oid, typmod, v, out); \
  }
#define ARR_TYPES(X) X(1005) X(1007) X(1016) X(1021) X(1022) X(1231) X(1000) X(1009) X(1015) X(1014) \
  X(1001) X(1182) X(1115) X(1185) X(1183) X(1187) X(2951) X(199) X(3807) X(1003) X(1028) X(1034)
ARR_TYPES(ARR_IO)
#define ARR_ROW(oid) {oid, 't', arr_in_##oid, arr_out_##oid},
const AdtTypeIO adt_array_types[] = {
  ARR_TYPES(ARR_ROW)
  {0, 0, NULL, NULL},
};

/* ---- helpers for the SQL functions ---- */

/* The hidden last argument: the element type. */
static Oid arr_elem_arg(int argc, sqlite3_value **argv) { return (Oid)sqlite3_value_int64(argv[argc - 1]); }

/* Parse an array argument; raises the error and returns -1 on bad text. */
static int arr_arg(sqlite3_context *ctx, sqlite3_value *v, ArrElems *a) {
  pgm_error *err = NULL;
  if (arr_parse((const char *)sqlite3_value_text(v), (size_t)sqlite3_value_bytes(v), a, &err) != 0) {
    adt_raise(ctx, err);
    return -1;
  }
  return 0;
}

static void arr_result(sqlite3_context *ctx, const ArrElems *a) {
  StrBuf b = STRBUF_INIT;
  arr_print(&b, a);
  sqlite3_result_text(ctx, b.p, (int)b.n, SQLITE_TRANSIENT);
  sb_free(&b);
}

/* An element argument (stored form) as element text; false when NULL. */
static bool arr_elem_text(sqlite3_context *ctx, Oid elem, sqlite3_value *v, StrBuf *out) {
  if (sqlite3_value_type(v) == SQLITE_NULL) return false;
  AdtCanon c;
  adt_canon_enter(adt_db(ctx), &c);
  adt_output(adt_db(ctx), elem, -1, v, out);
  adt_canon_leave(adt_db(ctx), &c);
  if (!out->p) sb_puts(out, "");
  return true;
}

/* Compare two non-NULL element texts of type elem by value. */
static int arr_cmp_elem(pgm_db *db, Oid elem, const char *a, size_t na, const char *b, size_t nb) {
  Datum x, y;
  pgm_error *err = NULL;
  if (arr_elem_in(db, elem, -1, a, na, &x, &err) != 0) { pgm_error_free(err); return 0; }
  if (arr_elem_in(db, elem, -1, b, nb, &y, &err) != 0) { pgm_error_free(err); pgm_datum_free(&x); return 0; }
  int c;
  if (x.kind == D_INT && y.kind == D_INT) c = x.i < y.i ? -1 : x.i > y.i;
  else if ((x.kind == D_INT || x.kind == D_FLOAT) && (y.kind == D_INT || y.kind == D_FLOAT)) {
    double p = x.kind == D_INT ? (double)x.i : x.f, q = y.kind == D_INT ? (double)y.i : y.f;
    c = p < q ? -1 : p > q;
  } else if (x.kind != y.kind) c = x.kind == D_TEXT ? 1 : y.kind == D_TEXT ? -1 : 0;   /* float NaN as text: above all */
  else c = adt_collate(x.kind == D_BLOB ? NULL : adt_collation(elem), x.p, (int)x.n, y.p, (int)y.n);
  pgm_datum_free(&x);
  pgm_datum_free(&y);
  return c;
}

/* Elements i of a and j of b not distinct (NULL matches NULL). */
static bool arr_same(pgm_db *db, Oid elem, const ArrElems *a, int i, const char *s, size_t n) {
  if (!a->v[i] || !s) return !a->v[i] && !s;
  return arr_cmp_elem(db, elem, a->v[i], a->len[i], s, n) == 0;
}

/* PostgreSQL's array_cmp: element by element (NULL above non-NULL), then length. */
static int arr_cmp(pgm_db *db, Oid elem, const ArrElems *a, const ArrElems *b) {
  for (int i = 0; i < a->n && i < b->n; i++) {
    if (!a->v[i] || !b->v[i]) {
      if (!a->v[i] && !b->v[i]) continue;
      return a->v[i] ? -1 : 1;
    }
    int c = arr_cmp_elem(db, elem, a->v[i], a->len[i], b->v[i], b->len[i]);
    if (c) return c;
  }
  return a->n < b->n ? -1 : a->n > b->n;
}

/* ---- comparison: array_eq ... btarraycmp ---- */

static int arr_compare_args(sqlite3_context *ctx, int argc, sqlite3_value **argv, int *out) {
  ArrElems a, b;
  if (arr_arg(ctx, argv[0], &a) != 0) return -1;
  if (arr_arg(ctx, argv[1], &b) != 0) { arr_free(&a); return -1; }
  *out = arr_cmp(adt_db(ctx), arr_elem_arg(argc, argv), &a, &b);
  arr_free(&a);
  arr_free(&b);
  return 0;
}

#define ARR_CMP_FN(name, test) \
  static void fn_##name(sqlite3_context *ctx, int argc, sqlite3_value **argv) { \
    int c; \
    if (arr_compare_args(ctx, argc, argv, &c) == 0) sqlite3_result_int(ctx, (test)); \
  }
ARR_CMP_FN(array_eq, c == 0)
ARR_CMP_FN(array_ne, c != 0)
ARR_CMP_FN(array_lt, c < 0)
ARR_CMP_FN(array_le, c <= 0)
ARR_CMP_FN(array_gt, c > 0)
ARR_CMP_FN(array_ge, c >= 0)
ARR_CMP_FN(btarraycmp, c)

/* a @> b: every element of b is in a; a NULL element never matches. */
static int arr_contains(pgm_db *db, Oid elem, const ArrElems *a, const ArrElems *b, bool any) {
  for (int j = 0; j < b->n; j++) {
    bool found = false;
    for (int i = 0; b->v[j] && i < a->n && !found; i++)
      found = a->v[i] && arr_cmp_elem(db, elem, a->v[i], a->len[i], b->v[j], b->len[j]) == 0;
    if (any && found) return 1;
    if (!any && !found) return 0;
  }
  return !any;
}

static void arr_contain_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv, bool swap, bool any) {
  ArrElems a, b;
  if (arr_arg(ctx, argv[swap ? 1 : 0], &a) != 0) return;
  if (arr_arg(ctx, argv[swap ? 0 : 1], &b) != 0) { arr_free(&a); return; }
  sqlite3_result_int(ctx, arr_contains(adt_db(ctx), arr_elem_arg(argc, argv), &a, &b, any));
  arr_free(&a);
  arr_free(&b);
}

static void fn_arraycontains(sqlite3_context *ctx, int argc, sqlite3_value **argv) { arr_contain_fn(ctx, argc, argv, false, false); }
static void fn_arraycontained(sqlite3_context *ctx, int argc, sqlite3_value **argv) { arr_contain_fn(ctx, argc, argv, true, false); }
static void fn_arrayoverlap(sqlite3_context *ctx, int argc, sqlite3_value **argv) { arr_contain_fn(ctx, argc, argv, false, true); }

/* ---- dimensions ---- */

/* Number of elements of argv[0], or -1 after raising an error. */
static int arr_count(sqlite3_context *ctx, sqlite3_value *v) {
  ArrElems a;
  if (arr_arg(ctx, v, &a) != 0) return -1;
  int n = a.n;
  arr_free(&a);
  return n;
}

static void fn_array_cardinality(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  int n = arr_count(ctx, argv[0]);
  if (n >= 0) sqlite3_result_int(ctx, n);
}

/* array_length / array_lower / array_upper (a, dim): NULL for an empty array or another dimension. */
static void arr_dim_fn(sqlite3_context *ctx, sqlite3_value **argv, int which) {
  int n = arr_count(ctx, argv[0]);
  if (n < 0) return;
  if (n == 0 || sqlite3_value_int64(argv[1]) != 1) { sqlite3_result_null(ctx); return; }
  sqlite3_result_int(ctx, which == 1 ? 1 : n);
}

static void fn_array_length(sqlite3_context *ctx, int argc, sqlite3_value **argv) { (void)argc; arr_dim_fn(ctx, argv, 0); }
static void fn_array_lower(sqlite3_context *ctx, int argc, sqlite3_value **argv) { (void)argc; arr_dim_fn(ctx, argv, 1); }
static void fn_array_upper(sqlite3_context *ctx, int argc, sqlite3_value **argv) { (void)argc; arr_dim_fn(ctx, argv, 2); }

static void fn_array_ndims(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  int n = arr_count(ctx, argv[0]);
  if (n < 0) return;
  if (n == 0) sqlite3_result_null(ctx); else sqlite3_result_int(ctx, 1);
}

static void fn_array_dims(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  int n = arr_count(ctx, argv[0]);
  if (n < 0) return;
  if (n == 0) { sqlite3_result_null(ctx); return; }
  char buf[32];
  snprintf(buf, sizeof buf, "[1:%d]", n);
  sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* ---- construction and subscripts ---- */

/* pgm_array_build(elem_oid, v1, v2, ...): ARRAY[v1, v2, ...]. */
static void fn_pgm_array_build(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  Oid elem = (Oid)sqlite3_value_int64(argv[0]);
  StrBuf b = STRBUF_INIT;
  sb_putc(&b, '{');
  for (int i = 1; i < argc; i++) {
    if (i > 1) sb_putc(&b, ',');
    adt_array_put_elem(adt_db(ctx), elem, argv[i], &b);
  }
  sb_putc(&b, '}');
  sqlite3_result_text(ctx, b.p, (int)b.n, SQLITE_TRANSIENT);
  sb_free(&b);
}

/* Element text -> the element's stored form as the function result. */
static void arr_result_elem(sqlite3_context *ctx, Oid elem, const char *s, size_t n) {
  if (!s) { sqlite3_result_null(ctx); return; }
  Datum d;
  pgm_error *err = NULL;
  if (arr_elem_in(adt_db(ctx), elem, -1, s, n, &d, &err) != 0) { adt_raise(ctx, err); return; }
  adt_result_datum(ctx, &d);
}

/* pgm_array_subscript(a, i, elem): a[i], NULL when out of range. */
static void fn_pgm_array_subscript(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  ArrElems a;
  if (arr_arg(ctx, argv[0], &a) != 0) return;
  sqlite3_int64 i = sqlite3_value_int64(argv[1]);
  if (i < 1 || i > a.n) sqlite3_result_null(ctx);
  else arr_result_elem(ctx, arr_elem_arg(argc, argv), a.v[i - 1], a.len[i - 1]);
  arr_free(&a);
}

/* pgm_array_slice(a, lo, hi, elem): a[lo:hi], clamped to the array; omitted
** bounds arrive as INT_MIN / INT_MAX. */
static void fn_pgm_array_slice(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  ArrElems a, r = {0};
  if (arr_arg(ctx, argv[0], &a) != 0) return;
  sqlite3_int64 lo = sqlite3_value_int64(argv[1]), hi = sqlite3_value_int64(argv[2]);
  if (lo < 1) lo = 1;
  if (hi > a.n) hi = a.n;
  for (sqlite3_int64 i = lo; i <= hi; i++) arr_push(&r, a.v[i - 1], a.len[i - 1], !a.v[i - 1]);
  arr_result(ctx, &r);
  arr_free(&r);
  arr_free(&a);
}

/* ---- array_cat, array_append, array_prepend (not strict) ---- */

static void fn_array_cat(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  bool n0 = sqlite3_value_type(argv[0]) == SQLITE_NULL, n1 = sqlite3_value_type(argv[1]) == SQLITE_NULL;
  if (n0 || n1) { if (n0 && n1) sqlite3_result_null(ctx); else sqlite3_result_value(ctx, argv[n0 ? 1 : 0]); return; }
  ArrElems a, b;
  if (arr_arg(ctx, argv[0], &a) != 0) return;
  if (arr_arg(ctx, argv[1], &b) != 0) { arr_free(&a); return; }
  for (int i = 0; i < b.n; i++) arr_push(&a, b.v[i], b.len[i], !b.v[i]);
  arr_result(ctx, &a);
  arr_free(&a);
  arr_free(&b);
}

/* array_append(a, e) (prepend: e first); a NULL array is an empty one. */
static void arr_add(sqlite3_context *ctx, sqlite3_value *arr, sqlite3_value *e, Oid elem, bool prepend) {
  ArrElems a = {0}, r = {0};
  if (sqlite3_value_type(arr) != SQLITE_NULL && arr_arg(ctx, arr, &a) != 0) return;
  StrBuf t = STRBUF_INIT;
  bool have = arr_elem_text(ctx, elem, e, &t);
  if (prepend) arr_push(&r, t.p, t.n, !have);
  for (int i = 0; i < a.n; i++) arr_push(&r, a.v[i], a.len[i], !a.v[i]);
  if (!prepend) arr_push(&r, t.p, t.n, !have);
  arr_result(ctx, &r);
  sb_free(&t);
  arr_free(&a);
  arr_free(&r);
}

static void fn_array_append(sqlite3_context *ctx, int argc, sqlite3_value **argv) { arr_add(ctx, argv[0], argv[1], arr_elem_arg(argc, argv), false); }
static void fn_array_prepend(sqlite3_context *ctx, int argc, sqlite3_value **argv) { arr_add(ctx, argv[1], argv[0], arr_elem_arg(argc, argv), true); }

/* ---- searching: array_position(s), array_remove, array_replace (not strict) ---- */

static void arr_position(sqlite3_context *ctx, int argc, sqlite3_value **argv, bool all) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) { sqlite3_result_null(ctx); return; }
  Oid elem = arr_elem_arg(argc, argv);
  sqlite3_int64 start = 1;
  if (!all && argc == 4) {
    if (sqlite3_value_type(argv[2]) == SQLITE_NULL) {
      adt_error(ctx, ERRCODE_NULL_VALUE_NOT_ALLOWED, "initial position must not be null");
      return;
    }
    start = sqlite3_value_int64(argv[2]);
  }
  ArrElems a, r = {0};
  if (arr_arg(ctx, argv[0], &a) != 0) return;
  StrBuf t = STRBUF_INIT;
  bool have = arr_elem_text(ctx, elem, argv[1], &t);
  int found = 0;
  for (sqlite3_int64 i = start < 1 ? 1 : start; i <= a.n && (all || !found); i++)
    if (arr_same(adt_db(ctx), elem, &a, (int)i - 1, have ? t.p : NULL, t.n)) {
      found = (int)i;
      char num[16];
      int len = snprintf(num, sizeof num, "%d", found);
      arr_push(&r, num, (size_t)len, false);
    }
  if (all) arr_result(ctx, &r);
  else if (found) sqlite3_result_int(ctx, found);
  else sqlite3_result_null(ctx);
  sb_free(&t);
  arr_free(&a);
  arr_free(&r);
}

static void fn_array_position(sqlite3_context *ctx, int argc, sqlite3_value **argv) { arr_position(ctx, argc, argv, false); }
static void fn_array_positions(sqlite3_context *ctx, int argc, sqlite3_value **argv) { arr_position(ctx, argc, argv, true); }

/* array_replace(a, from, to); array_remove(a, x) is replace without a "to". */
static void arr_replace(sqlite3_context *ctx, sqlite3_value **argv, Oid elem, bool remove) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) { sqlite3_result_null(ctx); return; }
  ArrElems a, r = {0};
  if (arr_arg(ctx, argv[0], &a) != 0) return;
  StrBuf from = STRBUF_INIT, to = STRBUF_INIT;
  bool hfrom = arr_elem_text(ctx, elem, argv[1], &from);
  bool hto = !remove && arr_elem_text(ctx, elem, argv[2], &to);
  for (int i = 0; i < a.n; i++) {
    if (!arr_same(adt_db(ctx), elem, &a, i, hfrom ? from.p : NULL, from.n)) arr_push(&r, a.v[i], a.len[i], !a.v[i]);
    else if (!remove) arr_push(&r, to.p, to.n, !hto);
  }
  arr_result(ctx, &r);
  sb_free(&from);
  sb_free(&to);
  arr_free(&a);
  arr_free(&r);
}

static void fn_array_remove(sqlite3_context *ctx, int argc, sqlite3_value **argv) { arr_replace(ctx, argv, arr_elem_arg(argc, argv), true); }
static void fn_array_replace(sqlite3_context *ctx, int argc, sqlite3_value **argv) { arr_replace(ctx, argv, arr_elem_arg(argc, argv), false); }

/* ---- array_to_string / string_to_array ---- */

/* array_to_string(a, delim [, null_str]): NULLs skipped unless null_str is given. */
static void fn_array_to_text(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  for (int i = 0; i < 2; i++) if (sqlite3_value_type(argv[i]) == SQLITE_NULL) { sqlite3_result_null(ctx); return; }
  bool has_null_str = argc == 4 && sqlite3_value_type(argv[2]) != SQLITE_NULL;
  ArrElems a;
  if (arr_arg(ctx, argv[0], &a) != 0) return;
  arr_restyle(adt_db(ctx), arr_elem_arg(argc, argv), -1, &a);   /* printed as the session prints */
  const char *delim = (const char *)sqlite3_value_text(argv[1]);
  StrBuf b = STRBUF_INIT;
  bool first = true;
  for (int i = 0; i < a.n; i++) {
    if (!a.v[i] && !has_null_str) continue;
    if (!first) sb_puts(&b, delim);
    first = false;
    if (a.v[i]) sb_putn(&b, a.v[i], a.len[i]);
    else sb_puts(&b, (const char *)sqlite3_value_text(argv[2]));
  }
  sqlite3_result_text(ctx, b.p ? b.p : "", (int)b.n, SQLITE_TRANSIENT);
  sb_free(&b);
  arr_free(&a);
}

static void arr_push_field(ArrElems *r, const char *s, size_t n, const char *null_str) {
  bool isnull = null_str && strlen(null_str) == n && !memcmp(s, null_str, n);
  arr_push(r, s, n, isnull);
}

/* string_to_array(s, delim [, null_str]): a NULL delimiter splits into
** characters, an empty one keeps the string whole; '' gives '{}'. */
static void fn_text_to_array(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) { sqlite3_result_null(ctx); return; }
  const char *s = (const char *)sqlite3_value_text(argv[0]);
  size_t n = (size_t)sqlite3_value_bytes(argv[0]);
  const char *d = sqlite3_value_type(argv[1]) == SQLITE_NULL ? NULL : (const char *)sqlite3_value_text(argv[1]);
  const char *null_str = argc == 3 && sqlite3_value_type(argv[2]) != SQLITE_NULL ? (const char *)sqlite3_value_text(argv[2]) : NULL;
  ArrElems r = {0};
  size_t dn = d ? strlen(d) : 0;
  if (n == 0) {
    /* empty input: empty array */
  } else if (!d) {
    for (size_t i = 0; i < n; ) {
      size_t len = 1;
      while (i + len < n && ((unsigned char)s[i + len] & 0xC0) == 0x80) len++;   /* one UTF-8 character */
      arr_push_field(&r, s + i, len, null_str);
      i += len;
    }
  } else if (dn == 0) {
    arr_push_field(&r, s, n, null_str);
  } else {
    const char *p = s, *end = s + n;
    for (;;) {
      const char *hit = NULL;
      for (const char *q = p; q + dn <= end; q++) if (!memcmp(q, d, dn)) { hit = q; break; }
      if (!hit) { arr_push_field(&r, p, (size_t)(end - p), null_str); break; }
      arr_push_field(&r, p, (size_t)(hit - p), null_str);
      p = hit + dn;
    }
  }
  arr_result(ctx, &r);
  arr_free(&r);
}

const AdtFunc adt_array_funcs[] = {
  {"array_eq", -1, ADT_STRICT, fn_array_eq},
  {"array_ne", -1, ADT_STRICT, fn_array_ne},
  {"array_lt", -1, ADT_STRICT, fn_array_lt},
  {"array_le", -1, ADT_STRICT, fn_array_le},
  {"array_gt", -1, ADT_STRICT, fn_array_gt},
  {"array_ge", -1, ADT_STRICT, fn_array_ge},
  {"btarraycmp", -1, ADT_STRICT, fn_btarraycmp},
  {"arraycontains", -1, ADT_STRICT, fn_arraycontains},
  {"arraycontained", -1, ADT_STRICT, fn_arraycontained},
  {"arrayoverlap", -1, ADT_STRICT, fn_arrayoverlap},
  {"array_cardinality", -1, ADT_STRICT, fn_array_cardinality},
  {"array_length", -1, ADT_STRICT, fn_array_length},
  {"array_lower", -1, ADT_STRICT, fn_array_lower},
  {"array_upper", -1, ADT_STRICT, fn_array_upper},
  {"array_ndims", -1, ADT_STRICT, fn_array_ndims},
  {"array_dims", -1, ADT_STRICT, fn_array_dims},
  {"pgm_array_build", -1, 0, fn_pgm_array_build},
  {"pgm_array_subscript", -1, ADT_STRICT, fn_pgm_array_subscript},
  {"pgm_array_slice", -1, ADT_STRICT, fn_pgm_array_slice},
  {"array_cat", -1, 0, fn_array_cat},
  {"array_append", -1, 0, fn_array_append},
  {"array_prepend", -1, 0, fn_array_prepend},
  {"array_position", -1, 0, fn_array_position},
  {"array_position_start", -1, 0, fn_array_position},
  {"array_positions", -1, 0, fn_array_positions},
  {"array_remove", -1, 0, fn_array_remove},
  {"array_replace", -1, 0, fn_array_replace},
  {"array_to_text", -1, 0, fn_array_to_text},
  {"array_to_text_null", -1, 0, fn_array_to_text},
  {"text_to_array", 2, 0, fn_text_to_array},
  {"text_to_array_null", 3, 0, fn_text_to_array},
  {NULL, 0, 0, NULL},
};

/* ---- array_agg(anynonarray) ---- */

typedef struct ArrAgg { StrBuf b; bool any; } ArrAgg;

/* pgm_array_agg(value, elem_oid): the values in arrival order, NULLs kept. */
static void arr_agg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  ArrAgg *s = sqlite3_aggregate_context(ctx, sizeof *s);
  if (!s) { sqlite3_result_error_nomem(ctx); return; }
  sb_putc(&s->b, s->any ? ',' : '{');
  s->any = true;
  adt_array_put_elem(adt_db(ctx), (Oid)sqlite3_value_int64(argv[1]), argv[0], &s->b);
}

static void arr_agg_final(sqlite3_context *ctx) {
  ArrAgg *s = sqlite3_aggregate_context(ctx, 0);
  if (!s || !s->any) { sqlite3_result_null(ctx); if (s) sb_free(&s->b); return; }
  sb_putc(&s->b, '}');
  sqlite3_result_text(ctx, s->b.p, (int)s->b.n, SQLITE_TRANSIENT);
  sb_free(&s->b);
}

const AdtAgg adt_array_aggregates[] = {
  {2335, "pgm_array_agg", 2, arr_agg_step, arr_agg_final},
  {0, NULL, 0, NULL, NULL},
};

/* ---- unnest: the table-valued function pgm_unnest(a, elem_oid, null_row) ----
** One row per element, in its stored form; rowid is the 1-based position
** (WITH ORDINALITY).  null_row = 1 makes a NULL array give one NULL row:
** x op ANY(NULL) is then NULL, as in PostgreSQL (parse_expr.c). */

typedef struct ArrUnnestCur {
  sqlite3_vtab_cursor base;
  ArrElems a;
  Oid elem;
  int pos;
  bool null_row;
} ArrUnnestCur;

enum { ARR_UN_VALUE, ARR_UN_ARR, ARR_UN_ELEM, ARR_UN_NULLROW };

typedef struct ArrUnnestTab { sqlite3_vtab base; pgm_db *db; } ArrUnnestTab;

static int arr_un_connect(sqlite3 *sq, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **err) {
  (void)argc; (void)argv; (void)err;
  int rc = sqlite3_declare_vtab(sq, "CREATE TABLE x(value, arr HIDDEN, elem HIDDEN, nullrow HIDDEN)");
  if (rc != SQLITE_OK) return rc;
  ArrUnnestTab *t = sqlite3_malloc(sizeof *t);
  if (!t) return SQLITE_NOMEM;
  memset(t, 0, sizeof *t);
  t->db = aux;
  *out = &t->base;
  return SQLITE_OK;
}

static int arr_un_disconnect(sqlite3_vtab *v) { sqlite3_free(v); return SQLITE_OK; }

static int arr_un_best_index(sqlite3_vtab *v, sqlite3_index_info *info) {
  (void)v;
  int idx[ARR_UN_NULLROW + 1] = {-1, -1, -1, -1};
  for (int i = 0; i < info->nConstraint; i++) {
    const struct sqlite3_index_constraint *c = &info->aConstraint[i];
    if (c->iColumn < ARR_UN_ARR || c->op != SQLITE_INDEX_CONSTRAINT_EQ) continue;
    if (!c->usable) return SQLITE_CONSTRAINT;
    idx[c->iColumn] = i;
  }
  for (int col = ARR_UN_ARR; col <= ARR_UN_NULLROW; col++) {
    if (idx[col] < 0) return SQLITE_CONSTRAINT;
    info->aConstraintUsage[idx[col]].argvIndex = col;
    info->aConstraintUsage[idx[col]].omit = 1;
  }
  info->estimatedCost = 10;
  info->estimatedRows = 10;
  return SQLITE_OK;
}

static int arr_un_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out) {
  (void)v;
  ArrUnnestCur *c = sqlite3_malloc(sizeof *c);
  if (!c) return SQLITE_NOMEM;
  memset(c, 0, sizeof *c);
  *out = &c->base;
  return SQLITE_OK;
}

static int arr_un_close(sqlite3_vtab_cursor *cur) {
  arr_free(&((ArrUnnestCur *)cur)->a);
  sqlite3_free(cur);
  return SQLITE_OK;
}

static int arr_un_filter(sqlite3_vtab_cursor *cur, int idxnum, const char *idxstr, int argc, sqlite3_value **argv) {
  (void)idxnum; (void)idxstr;
  ArrUnnestCur *c = (ArrUnnestCur *)cur;
  arr_free(&c->a);
  c->pos = 0;
  c->null_row = false;
  if (argc < 3) return SQLITE_OK;
  c->elem = (Oid)sqlite3_value_int64(argv[1]);
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    if (sqlite3_value_int(argv[2])) { c->null_row = true; arr_push(&c->a, NULL, 0, true); }
    return SQLITE_OK;
  }
  pgm_error *err = NULL;
  if (arr_parse((const char *)sqlite3_value_text(argv[0]), (size_t)sqlite3_value_bytes(argv[0]), &c->a, &err) != 0) {
    sqlite3_free(cur->pVtab->zErrMsg);
    cur->pVtab->zErrMsg = sqlite3_mprintf("%s", err->message);
    pgm_error_free(err);
    return SQLITE_ERROR;
  }
  return SQLITE_OK;
}

static int arr_un_next(sqlite3_vtab_cursor *cur) { ((ArrUnnestCur *)cur)->pos++; return SQLITE_OK; }
static int arr_un_eof(sqlite3_vtab_cursor *cur) { ArrUnnestCur *c = (ArrUnnestCur *)cur; return c->pos >= c->a.n; }

static int arr_un_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col) {
  ArrUnnestCur *c = (ArrUnnestCur *)cur;
  const char *s = c->a.v[c->pos];
  if (col != ARR_UN_VALUE || !s) { sqlite3_result_null(ctx); return SQLITE_OK; }
  Datum d;
  pgm_error *err = NULL;
  /* The text is canonical element output: its input cannot fail. */
  if (arr_elem_in(((ArrUnnestTab *)cur->pVtab)->db, c->elem, -1, s, c->a.len[c->pos], &d, &err) != 0) {
    sqlite3_result_text(ctx, s, (int)c->a.len[c->pos], SQLITE_TRANSIENT);
    pgm_error_free(err);
    return SQLITE_OK;
  }
  adt_result_datum(ctx, &d);
  return SQLITE_OK;
}

static int arr_un_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *out) {
  *out = ((ArrUnnestCur *)cur)->pos + 1;
  return SQLITE_OK;
}

static const sqlite3_module arr_unnest_module = {
  .iVersion = 0,
  .xConnect = arr_un_connect,
  .xBestIndex = arr_un_best_index,
  .xDisconnect = arr_un_disconnect,
  .xOpen = arr_un_open,
  .xClose = arr_un_close,
  .xFilter = arr_un_filter,
  .xNext = arr_un_next,
  .xEof = arr_un_eof,
  .xColumn = arr_un_column,
  .xRowid = arr_un_rowid,
};

int adt_register_unnest(pgm_db *db) {
  return sqlite3_create_module_v2(db->sq, "pgm_unnest", &arr_unnest_module, db, NULL) == SQLITE_OK ? 0 : -1;
}

/*
** jsonb.c — json and jsonb, after PostgreSQL's utils/adt/json*.c.
**
** json is stored verbatim after validation (PostgreSQL keeps the text as
** typed).  jsonb is stored as PostgreSQL's jsonb text output: object keys
** sorted by length then bytes, duplicate keys resolved to the last one,
** ", " and ": " separators, numbers in numeric's canonical text, strings
** re-escaped as PostgreSQL prints them.  Equal jsonb values therefore have
** equal stored text, except numbers differing only in scale (1.0 = 1).
**
** A small recursive-descent parser builds a tree for both; it reports
** PostgreSQL's error details (json_errdetail).  The tree records each
** value's span in the source so that json operators can return the
** original text, as PostgreSQL does.
*/
#include "adt/adt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { JS_NULL, JS_TRUE, JS_FALSE, JS_NUMBER, JS_STRING, JS_ARRAY, JS_OBJECT };

typedef struct JsNode {
  int type;
  char *str;             /* decoded string, or canonical number text */
  size_t len;
  char *key;             /* member name when inside an object (decoded) */
  size_t keylen;
  size_t src_start, src_end;   /* the value's span in the parsed text */
  struct JsNode *kids;
  int nkids, cap;
} JsNode;

typedef struct JsParser {
  const char *s;
  size_t n, pos;
  bool decoding;              /* jsonb: decode escapes (json only validates them) */
  pgm_error *err;
} JsParser;

static void js_free(JsNode *v) {
  for (int i = 0; i < v->nkids; i++) js_free(&v->kids[i]);
  free(v->kids);
  free(v->str);
  free(v->key);
  memset(v, 0, sizeof *v);
}

/* ---------------------------------------------------------------- lexer */

enum { TK_END, TK_LBRACE, TK_RBRACE, TK_LBRACKET, TK_RBRACKET, TK_COMMA, TK_COLON,
       TK_STRING, TK_NUMBER, TK_TRUE, TK_FALSE, TK_NULL, TK_INVALID };

typedef struct JsToken {
  int kind;
  size_t start, end;
} JsToken;

static bool js_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c >= 0x80;
}

static void js_fail(JsParser *p, const char *sqlstate, const char *msg, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void js_fail(JsParser *p, const char *sqlstate, const char *msg, const char *fmt, ...) {
  if (p->err) return;
  p->err = pgm_error_new(sqlstate, "%s", msg);
  StrBuf b = STRBUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(&b, fmt, ap);
  va_end(ap);
  pgm_error_set_detail(p->err, "%s", sb_str(&b));
  sb_free(&b);
}

#define JS_SYNTAX "invalid input syntax for type json"

static void js_bad_token(JsParser *p, size_t st, size_t end) {
  js_fail(p, ERRCODE_INVALID_TEXT_REPRESENTATION, JS_SYNTAX, "Token \"%.*s\" is invalid.",
          (int)(end - st), p->s + st);
}

/* A number per json_lex_number; trailing letters make the whole token invalid. */
static void js_lex_number(JsParser *p, JsToken *t) {
  size_t i = p->pos;
  bool ok = true;
  if (i < p->n && p->s[i] == '-') i++;
  if (i < p->n && p->s[i] == '0') i++;
  else if (i < p->n && p->s[i] >= '1' && p->s[i] <= '9')
    while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9') i++;
  else ok = false;
  if (ok && i < p->n && p->s[i] == '.') {
    i++;
    if (i >= p->n || p->s[i] < '0' || p->s[i] > '9') ok = false;
    while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9') i++;
  }
  if (ok && i < p->n && (p->s[i] == 'e' || p->s[i] == 'E')) {
    i++;
    if (i < p->n && (p->s[i] == '+' || p->s[i] == '-')) i++;
    if (i >= p->n || p->s[i] < '0' || p->s[i] > '9') ok = false;
    while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9') i++;
  }
  while (i < p->n && js_alnum((unsigned char)p->s[i])) { i++; ok = false; }
  t->kind = ok ? TK_NUMBER : TK_INVALID;
  t->end = i;
  if (!ok) js_bad_token(p, t->start, i);
}

static int js_hex4(const char *s) {
  int v = 0;
  for (int k = 0; k < 4; k++) {
    char c = s[k];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
            c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

static void js_put_utf8(StrBuf *b, unsigned cp) {
  if (cp < 0x80) sb_putc(b, (char)cp);
  else if (cp < 0x800) { sb_putc(b, (char)(0xC0 | cp >> 6)); sb_putc(b, (char)(0x80 | (cp & 0x3F))); }
  else if (cp < 0x10000) {
    sb_putc(b, (char)(0xE0 | cp >> 12));
    sb_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
    sb_putc(b, (char)(0x80 | (cp & 0x3F)));
  } else {
    sb_putc(b, (char)(0xF0 | cp >> 18));
    sb_putc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
    sb_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
    sb_putc(b, (char)(0x80 | (cp & 0x3F)));
  }
}

/* One \uXXXX escape at s[i] (the backslash); surrogate pairs joined. */
static bool js_unicode_escape(JsParser *p, size_t *ip, int *hi, StrBuf *out) {
  size_t i = *ip;
  int cp = i + 6 <= p->n ? js_hex4(p->s + i + 2) : -1;
  if (cp < 0) {
    js_fail(p, ERRCODE_INVALID_TEXT_REPRESENTATION, JS_SYNTAX,
            "\"\\u\" must be followed by four hexadecimal digits.");
    return false;
  }
  *ip = i + 6;
  /* json keeps the text as typed, so only jsonb cares about surrogate pairs */
  if (!p->decoding) return true;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    if (*hi >= 0) {
      js_fail(p, ERRCODE_INVALID_TEXT_REPRESENTATION, JS_SYNTAX,
              "Unicode high surrogate must not follow a high surrogate.");
      return false;
    }
    *hi = cp;
    return true;
  }
  if (cp >= 0xDC00 && cp <= 0xDFFF) {
    if (*hi < 0) {
      js_fail(p, ERRCODE_INVALID_TEXT_REPRESENTATION, JS_SYNTAX,
              "Unicode low surrogate must follow a high surrogate.");
      return false;
    }
    cp = 0x10000 + ((*hi - 0xD800) << 10) + (cp - 0xDC00);
    *hi = -1;
  } else if (*hi >= 0) {
    js_fail(p, ERRCODE_INVALID_TEXT_REPRESENTATION, JS_SYNTAX,
            "Unicode low surrogate must follow a high surrogate.");
    return false;
  }
  if (cp == 0 && p->decoding) {
    js_fail(p, ERRCODE_UNTRANSLATABLE_CHARACTER, "unsupported Unicode escape sequence",
            "\\u0000 cannot be converted to text.");
    return false;
  }
  if (out) js_put_utf8(out, (unsigned)cp);
  return true;
}

/* A string token; when out is given, its decoded content. */
static void js_lex_string(JsParser *p, JsToken *t, StrBuf *out) {
  size_t i = p->pos + 1;
  int hi = -1;
  while (i < p->n && !p->err) {
    unsigned char c = (unsigned char)p->s[i];
    if (c == '"') break;
    if (c < 0x20) {
      js_fail(p, ERRCODE_INVALID_TEXT_REPRESENTATION, JS_SYNTAX,
              "Character with value 0x%02x must be escaped.", c);
      break;
    }
    if (c != '\\') {
      if (hi >= 0) break;
      if (out) sb_putc(out, (char)c);
      i++;
      continue;
    }
    if (i + 1 >= p->n) { i = p->n; break; }
    char e = p->s[i + 1];
    if (e == 'u') { js_unicode_escape(p, &i, &hi, out); continue; }
    if (hi >= 0) break;
    char dec = e == '"' ? '"' : e == '\\' ? '\\' : e == '/' ? '/' : e == 'b' ? '\b' :
               e == 'f' ? '\f' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : 0;
    if (!dec) {
      js_fail(p, ERRCODE_INVALID_TEXT_REPRESENTATION, JS_SYNTAX, "Escape sequence \"\\%.*s\" is invalid.",
              1, &p->s[i + 1]);
      break;
    }
    if (out) sb_putc(out, dec);
    i += 2;
  }
  if (p->err) { t->kind = TK_INVALID; return; }
  if (hi >= 0) {
    js_fail(p, ERRCODE_INVALID_TEXT_REPRESENTATION, JS_SYNTAX,
            "Unicode low surrogate must follow a high surrogate.");
    t->kind = TK_INVALID;
    return;
  }
  if (i >= p->n) {
    t->kind = TK_INVALID;
    js_bad_token(p, t->start, p->n);
    return;
  }
  t->kind = TK_STRING;
  t->end = i + 1;
}

static void js_skip_ws(JsParser *p) {
  while (p->pos < p->n && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' ||
                           p->s[p->pos] == '\r'))
    p->pos++;
}

/* The next token; string content decoded into str when given. */
static JsToken js_next(JsParser *p, StrBuf *str) {
  JsToken t = {TK_END, 0, 0};
  js_skip_ws(p);
  t.start = t.end = p->pos;
  if (p->pos >= p->n) return t;
  char c = p->s[p->pos];
  const char *single = "{}[],:";
  const char *k = strchr(single, c);
  if (k && c) {
    t.kind = TK_LBRACE + (int)(k - single);
    t.end = p->pos + 1;
  } else if (c == '"') {
    js_lex_string(p, &t, str);
  } else if (c == '-' || (c >= '0' && c <= '9')) {
    js_lex_number(p, &t);
  } else {
    size_t i = p->pos;
    while (i < p->n && js_alnum((unsigned char)p->s[i])) i++;
    if (i == p->pos) i++;
    t.end = i;
    size_t len = i - p->pos;
    if (len == 4 && !memcmp(p->s + p->pos, "true", 4)) t.kind = TK_TRUE;
    else if (len == 5 && !memcmp(p->s + p->pos, "false", 5)) t.kind = TK_FALSE;
    else if (len == 4 && !memcmp(p->s + p->pos, "null", 4)) t.kind = TK_NULL;
    else { t.kind = TK_INVALID; js_bad_token(p, t.start, i); }
  }
  p->pos = t.end;
  return t;
}

/* "Expected X, but found "tok"." — or the end-of-input message. */
static void js_expected(JsParser *p, const JsToken *t, const char *what) {
  if (p->err) return;
  if (t->kind == TK_END) {
    js_fail(p, ERRCODE_INVALID_TEXT_REPRESENTATION, JS_SYNTAX, "The input string ended unexpectedly.");
    return;
  }
  js_fail(p, ERRCODE_INVALID_TEXT_REPRESENTATION, JS_SYNTAX, "Expected %s, but found \"%.*s\".", what,
          (int)(t->end - t->start), p->s + t->start);
}

/* ---------------------------------------------------------------- parser */

/* numeric's canonical text for a JSON number: "1e3" -> "1000",
** "1.0e-5" -> "0.000010", "-0" -> "0" (numeric_in then numeric_out). */
static char *js_number_canon(const char *s, size_t n, size_t *outlen) {
  StrBuf digits = STRBUF_INIT, b = STRBUF_INIT;
  size_t i = 0;
  bool neg = false;
  long exp = 0, frac = 0;
  if (s[i] == '-') { neg = true; i++; }
  for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) sb_putc(&digits, s[i]);
  if (i < n && s[i] == '.')
    for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, frac++) sb_putc(&digits, s[i]);
  if (i < n && (s[i] == 'e' || s[i] == 'E')) exp = strtol(s + i + 1, NULL, 10);
  long scale = frac - exp > 0 ? frac - exp : 0;
  /* value = digits * 10^(exp - frac); integer part has len + exp - frac digits */
  long intlen = (long)digits.n + exp - frac;
  const char *d = sb_str(&digits);
  bool nonzero = strspn(d, "0") != digits.n;
  if (neg && nonzero) sb_putc(&b, '-');
  bool any = false;
  for (long k = 0; k < intlen; k++) {
    char c = k < (long)digits.n ? d[k] : '0';
    if (!any && c == '0') continue;
    any = true;
    sb_putc(&b, c);
  }
  if (!any) sb_putc(&b, '0');
  if (scale > 0) {
    sb_putc(&b, '.');
    for (long k = intlen; k < intlen + scale; k++)
      sb_putc(&b, k >= 0 && k < (long)digits.n ? d[k] : '0');
  }
  sb_free(&digits);
  *outlen = b.n;
  return sb_detach(&b);
}

static JsNode *js_add_kid(JsNode *v) {
  if (v->nkids == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 4;
    v->kids = pgm_realloc(v->kids, (size_t)v->cap * sizeof *v->kids);
  }
  JsNode *k = &v->kids[v->nkids++];
  memset(k, 0, sizeof *k);
  return k;
}

static void js_parse_value(JsParser *p, JsToken t, StrBuf *str, JsNode *v, int depth);

static void js_parse_array(JsParser *p, JsNode *v, int depth) {
  StrBuf str = STRBUF_INIT;
  JsToken t = js_next(p, &str);
  if (t.kind == TK_RBRACKET) { sb_free(&str); return; }
  for (;;) {
    if (p->err) break;
    if (t.kind == TK_END || t.kind == TK_RBRACE || t.kind == TK_RBRACKET || t.kind == TK_COMMA ||
        t.kind == TK_COLON) {
      js_expected(p, &t, "array element or \"]\"");
      break;
    }
    js_parse_value(p, t, &str, js_add_kid(v), depth + 1);
    if (p->err) break;
    t = js_next(p, NULL);
    if (t.kind == TK_RBRACKET) break;
    if (t.kind != TK_COMMA) { js_expected(p, &t, "\",\" or \"]\""); break; }
    sb_reset(&str);
    t = js_next(p, &str);
  }
  sb_free(&str);
}

static void js_parse_object(JsParser *p, JsNode *v, int depth) {
  StrBuf key = STRBUF_INIT, str = STRBUF_INIT;
  JsToken t = js_next(p, &key);
  if (t.kind == TK_RBRACE) { sb_free(&key); return; }
  for (;;) {
    if (p->err) break;
    if (t.kind != TK_STRING) { js_expected(p, &t, "string"); break; }
    t = js_next(p, NULL);
    if (t.kind != TK_COLON) { js_expected(p, &t, "\":\""); break; }
    sb_reset(&str);
    t = js_next(p, &str);
    if (t.kind == TK_END || t.kind == TK_RBRACE || t.kind == TK_RBRACKET || t.kind == TK_COMMA ||
        t.kind == TK_COLON) {
      js_expected(p, &t, "JSON value");
      break;
    }
    JsNode *k = js_add_kid(v);
    k->keylen = key.n;
    k->key = pgm_strndup(sb_str(&key), key.n);
    js_parse_value(p, t, &str, k, depth + 1);
    if (p->err) break;
    t = js_next(p, NULL);
    if (t.kind == TK_RBRACE) break;
    if (t.kind != TK_COMMA) { js_expected(p, &t, "\",\" or \"}\""); break; }
    sb_reset(&key);
    t = js_next(p, &key);
  }
  sb_free(&key);
  sb_free(&str);
}

static void js_parse_value(JsParser *p, JsToken t, StrBuf *str, JsNode *v, int depth) {
  v->src_start = t.start;
  if (depth > 6400) {
    js_fail(p, "54001", "stack depth limit exceeded", "JSON nesting is too deep.");
    return;
  }
  switch (t.kind) {
  case TK_NULL: v->type = JS_NULL; break;
  case TK_TRUE: v->type = JS_TRUE; break;
  case TK_FALSE: v->type = JS_FALSE; break;
  case TK_NUMBER:
    v->type = JS_NUMBER;
    v->str = js_number_canon(p->s + t.start, t.end - t.start, &v->len);
    break;
  case TK_STRING:
    v->type = JS_STRING;
    v->len = str->n;
    v->str = pgm_strndup(sb_str(str), str->n);
    break;
  case TK_LBRACKET: v->type = JS_ARRAY; js_parse_array(p, v, depth); break;
  case TK_LBRACE: v->type = JS_OBJECT; js_parse_object(p, v, depth); break;
  default: js_expected(p, &t, "JSON value"); break;
  }
  v->src_end = p->pos;
}

/* Parse a whole document.  Returns 0, or -1 with *err set. */
static int js_parse(const char *s, size_t n, bool jsonb, JsNode *root, pgm_error **err) {
  JsParser p = {s, n, 0, jsonb, NULL};
  StrBuf str = STRBUF_INIT;
  memset(root, 0, sizeof *root);
  JsToken t = js_next(&p, &str);
  js_parse_value(&p, t, &str, root, 0);
  if (!p.err) {
    t = js_next(&p, NULL);
    if (t.kind != TK_END) js_expected(&p, &t, "end of input");
  }
  sb_free(&str);
  if (p.err) {
    js_free(root);
    *err = p.err;
    return -1;
  }
  return 0;
}

/* ------------------------------------------------------------ jsonb form */

static int js_key_cmp(const void *a, const void *b) {
  const JsNode *x = a, *y = b;
  if (x->keylen != y->keylen) return x->keylen < y->keylen ? -1 : 1;
  int r = memcmp(x->key, y->key, x->keylen);
  if (r) return r;
  /* equal keys: keep input order so the last one can win */
  return x->src_start < y->src_start ? -1 : x->src_start > y->src_start;
}

/* Sort object members and drop duplicates (last wins), recursively. */
static void js_canonicalize(JsNode *v) {
  for (int i = 0; i < v->nkids; i++) js_canonicalize(&v->kids[i]);
  if (v->type != JS_OBJECT || v->nkids < 2) return;
  qsort(v->kids, (size_t)v->nkids, sizeof *v->kids, js_key_cmp);
  int w = 0;
  for (int i = 0; i < v->nkids; i++) {
    bool dup_next = i + 1 < v->nkids && v->kids[i + 1].keylen == v->kids[i].keylen &&
                    !memcmp(v->kids[i + 1].key, v->kids[i].key, v->kids[i].keylen);
    if (dup_next) { js_free(&v->kids[i]); continue; }
    v->kids[w++] = v->kids[i];
  }
  v->nkids = w;
}

/* escape_json */
static void js_put_string(StrBuf *b, const char *s, size_t n) {
  sb_putc(b, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '\b': sb_puts(b, "\\b"); break;
    case '\f': sb_puts(b, "\\f"); break;
    case '\n': sb_puts(b, "\\n"); break;
    case '\r': sb_puts(b, "\\r"); break;
    case '\t': sb_puts(b, "\\t"); break;
    case '"': sb_puts(b, "\\\""); break;
    case '\\': sb_puts(b, "\\\\"); break;
    default:
      if (c < 0x20) sb_printf(b, "\\u%04x", c);
      else sb_putc(b, (char)c);
    }
  }
  sb_putc(b, '"');
}

static void js_serialize(const JsNode *v, StrBuf *b) {
  switch (v->type) {
  case JS_NULL: sb_puts(b, "null"); break;
  case JS_TRUE: sb_puts(b, "true"); break;
  case JS_FALSE: sb_puts(b, "false"); break;
  case JS_NUMBER: sb_putn(b, v->str, v->len); break;
  case JS_STRING: js_put_string(b, v->str, v->len); break;
  case JS_ARRAY:
    sb_putc(b, '[');
    for (int i = 0; i < v->nkids; i++) {
      if (i) sb_puts(b, ", ");
      js_serialize(&v->kids[i], b);
    }
    sb_putc(b, ']');
    break;
  default:
    sb_putc(b, '{');
    for (int i = 0; i < v->nkids; i++) {
      if (i) sb_puts(b, ", ");
      js_put_string(b, v->kids[i].key, v->kids[i].keylen);
      sb_puts(b, ": ");
      js_serialize(&v->kids[i], b);
    }
    sb_putc(b, '}');
  }
}

/* --------------------------------------------------------------- type I/O */

static int json_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  JsNode root;
  (void)db;
  (void)typmod;
  if (js_parse(s, n, false, &root, err)) return -1;
  js_free(&root);
  out->kind = D_TEXT;
  out->p = pgm_strndup(s, n);
  out->n = n;
  return 0;
}

static int jsonb_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  JsNode root;
  StrBuf b = STRBUF_INIT;
  (void)db;
  (void)typmod;
  if (js_parse(s, n, true, &root, err)) return -1;
  js_canonicalize(&root);
  js_serialize(&root, &b);
  js_free(&root);
  out->kind = D_TEXT;
  out->n = b.n;
  out->p = sb_detach(&b);
  return 0;
}

static void json_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)db;
  (void)typmod;
  if (v->kind == D_TEXT || v->kind == D_BLOB) sb_putn(out, v->p, v->n);
}

const AdtTypeIO adt_json_types[] = {
  {114, 't', json_in, json_out},
  {3802, 't', jsonb_in, json_out},
  {0, 0, NULL, NULL},
};

/* ------------------------------------------------------------- functions */

/* Parse a stored argument (already valid); raises and returns -1 if not. */
static int js_arg(sqlite3_context *c, sqlite3_value *v, bool jsonb, JsNode *root) {
  pgm_error *err = NULL;
  const char *s = (const char *)sqlite3_value_text(v);
  if (js_parse(s ? s : "", (size_t)sqlite3_value_bytes(v), jsonb, root, &err)) {
    adt_raise(c, err);
    return -1;
  }
  if (jsonb) js_canonicalize(root);
  return 0;
}

/* The result of -> : jsonb re-serialised, json as the original span. */
static void js_result_node(sqlite3_context *c, const JsNode *v, bool jsonb, const char *src, bool as_text) {
  if (as_text && v->type == JS_NULL) { sqlite3_result_null(c); return; }
  if (as_text && v->type == JS_STRING) {
    sqlite3_result_text(c, v->str ? v->str : "", (int)v->len, SQLITE_TRANSIENT);
    return;
  }
  if (!jsonb) {
    sqlite3_result_text(c, src + v->src_start, (int)(v->src_end - v->src_start), SQLITE_TRANSIENT);
    return;
  }
  StrBuf b = STRBUF_INIT;
  js_serialize(v, &b);
  sqlite3_result_text(c, b.p, (int)b.n, free);
}

/* json's -> 'key' takes the last of duplicate keys, as PostgreSQL's does. */
static const JsNode *js_find_key(const JsNode *obj, const char *k, size_t n) {
  const JsNode *found = NULL;
  if (obj->type != JS_OBJECT) return NULL;
  for (int i = 0; i < obj->nkids; i++)
    if (obj->kids[i].keylen == n && !memcmp(obj->kids[i].key, k, n)) found = &obj->kids[i];
  return found;
}

static void js_field(sqlite3_context *c, sqlite3_value **argv, bool jsonb, bool as_text) {
  JsNode root;
  if (js_arg(c, argv[0], jsonb, &root)) return;
  const JsNode *v = js_find_key(&root, (const char *)sqlite3_value_text(argv[1]),
                                (size_t)sqlite3_value_bytes(argv[1]));
  if (v) js_result_node(c, v, jsonb, (const char *)sqlite3_value_text(argv[0]), as_text);
  else sqlite3_result_null(c);
  js_free(&root);
}

static void js_element(sqlite3_context *c, sqlite3_value **argv, bool jsonb, bool as_text) {
  JsNode root;
  if (js_arg(c, argv[0], jsonb, &root)) return;
  int64_t i = sqlite3_value_int64(argv[1]);
  if (root.type == JS_ARRAY && i < 0) i += root.nkids;
  if (root.type == JS_ARRAY && i >= 0 && i < root.nkids)
    js_result_node(c, &root.kids[i], jsonb, (const char *)sqlite3_value_text(argv[0]), as_text);
  else
    sqlite3_result_null(c);
  js_free(&root);
}

#define JS_ACCESSOR(name, fn, jsonb, text)                                 \
  static void name(sqlite3_context *c, int n, sqlite3_value **argv) {     \
    (void)n;                                                               \
    fn(c, argv, jsonb, text);                                              \
  }
JS_ACCESSOR(jsonb_object_field, js_field, true, false)
JS_ACCESSOR(jsonb_object_field_text, js_field, true, true)
JS_ACCESSOR(jsonb_array_element, js_element, true, false)
JS_ACCESSOR(jsonb_array_element_text, js_element, true, true)
JS_ACCESSOR(json_object_field, js_field, false, false)
JS_ACCESSOR(json_object_field_text, js_field, false, true)
JS_ACCESSOR(json_array_element, js_element, false, false)
JS_ACCESSOR(json_array_element_text, js_element, false, true)

static const char *js_type_name(int type) {
  static const char *const names[] = {"null", "boolean", "boolean", "number", "string", "array", "object"};
  return names[type];
}

static void js_typeof(sqlite3_context *c, sqlite3_value **argv, bool jsonb) {
  JsNode root;
  if (js_arg(c, argv[0], jsonb, &root)) return;
  sqlite3_result_text(c, js_type_name(root.type), -1, SQLITE_STATIC);
  js_free(&root);
}
static void jsonb_typeof(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; js_typeof(c, argv, true); }
static void json_typeof(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; js_typeof(c, argv, false); }

static void js_array_length(sqlite3_context *c, sqlite3_value **argv, bool jsonb) {
  JsNode root;
  if (js_arg(c, argv[0], jsonb, &root)) return;
  if (root.type == JS_ARRAY) sqlite3_result_int(c, root.nkids);
  else if (root.type == JS_OBJECT)
    adt_error(c, ERRCODE_INVALID_PARAMETER_VALUE, "cannot get array length of a non-array");
  else
    adt_error(c, ERRCODE_INVALID_PARAMETER_VALUE, "cannot get array length of a scalar");
  js_free(&root);
}
static void jsonb_array_length(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; js_array_length(c, argv, true); }
static void json_array_length(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; js_array_length(c, argv, false); }

/* Length of a canonical number without trailing fraction zeros: numeric
** equality ignores scale (1.0 = 1). */
static size_t js_num_sig(const char *s, size_t n) {
  if (!memchr(s, '.', n)) return n;
  while (n > 0 && s[n - 1] == '0') n--;
  if (n > 0 && s[n - 1] == '.') n--;
  return n;
}

static bool js_scalar_equal(const JsNode *a, const JsNode *b) {
  if (a->type != b->type) return false;
  if (a->type == JS_STRING) return a->len == b->len && !memcmp(a->str, b->str, a->len);
  if (a->type == JS_NUMBER) {
    size_t la = js_num_sig(a->str, a->len), lb = js_num_sig(b->str, b->len);
    return la == lb && !memcmp(a->str, b->str, la);
  }
  return true;
}

/* Deep equality of canonical trees (objects sorted, duplicates gone). */
static bool js_equal(const JsNode *a, const JsNode *b) {
  if (a->type != b->type) return false;
  if (a->type != JS_ARRAY && a->type != JS_OBJECT) return js_scalar_equal(a, b);
  if (a->nkids != b->nkids) return false;
  for (int i = 0; i < a->nkids; i++) {
    if (a->type == JS_OBJECT && (a->kids[i].keylen != b->kids[i].keylen ||
                                 memcmp(a->kids[i].key, b->kids[i].key, a->kids[i].keylen)))
      return false;
    if (!js_equal(&a->kids[i], &b->kids[i])) return false;
  }
  return true;
}

/* PostgreSQL's JsonbDeepContains. */
static bool js_contains(const JsNode *a, const JsNode *b) {
  if (a->type != b->type) return false;
  if (a->type == JS_OBJECT) {
    for (int i = 0; i < b->nkids; i++) {
      const JsNode *v = js_find_key(a, b->kids[i].key, b->kids[i].keylen);
      if (!v) return false;
      if (v->type == JS_OBJECT || v->type == JS_ARRAY ? !js_contains(v, &b->kids[i])
                                                      : !js_scalar_equal(v, &b->kids[i]))
        return false;
    }
    return true;
  }
  if (a->type == JS_ARRAY) {
    for (int i = 0; i < b->nkids; i++) {
      const JsNode *x = &b->kids[i];
      bool found = false;
      for (int j = 0; j < a->nkids && !found; j++) {
        const JsNode *y = &a->kids[j];
        if (x->type == JS_ARRAY || x->type == JS_OBJECT) found = js_contains(y, x);
        else found = js_scalar_equal(y, x);
      }
      if (!found) return false;
    }
    return true;
  }
  return js_scalar_equal(a, b);
}

/* A raw scalar on the left is an array of one; a scalar array on the left
** contains a lone scalar on the right. */
static bool js_contains_top(const JsNode *a, const JsNode *b) {
  if (a->type == JS_ARRAY && b->type != JS_ARRAY && b->type != JS_OBJECT) {
    for (int j = 0; j < a->nkids; j++)
      if (js_scalar_equal(&a->kids[j], b)) return true;
    return false;
  }
  return js_contains(a, b);
}

static void js_contains_sql(sqlite3_context *c, sqlite3_value *l, sqlite3_value *r) {
  JsNode a, b;
  if (js_arg(c, l, true, &a)) return;
  if (js_arg(c, r, true, &b)) { js_free(&a); return; }
  sqlite3_result_int(c, js_contains_top(&a, &b));
  js_free(&a);
  js_free(&b);
}
static void jsonb_contains(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; js_contains_sql(c, argv[0], argv[1]); }
static void jsonb_contained(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; js_contains_sql(c, argv[1], argv[0]); }

/* jsonb ? text: an object key, or a string element of an array or scalar. */
static void jsonb_exists(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  JsNode root;
  if (js_arg(c, argv[0], true, &root)) return;
  const char *k = (const char *)sqlite3_value_text(argv[1]);
  size_t kn = (size_t)sqlite3_value_bytes(argv[1]);
  bool found = false;
  if (root.type == JS_OBJECT) found = js_find_key(&root, k, kn) != NULL;
  else if (root.type == JS_ARRAY) {
    for (int i = 0; i < root.nkids && !found; i++)
      found = root.kids[i].type == JS_STRING && root.kids[i].len == kn && !memcmp(root.kids[i].str, k, kn);
  } else {
    found = root.type == JS_STRING && root.len == kn && !memcmp(root.str, k, kn);
  }
  sqlite3_result_int(c, found);
  js_free(&root);
}

/* Stored jsonb is canonical, so equal text means equal values; different
** text can still be equal when numbers differ only in scale (1.0 = 1). */
static int js_eq_sql(sqlite3_context *c, sqlite3_value **argv) {
  int la = sqlite3_value_bytes(argv[0]), lb = sqlite3_value_bytes(argv[1]);
  const void *ta = sqlite3_value_text(argv[0]), *tb = sqlite3_value_text(argv[1]);
  if (la == lb && !memcmp(ta, tb, (size_t)la)) return 1;
  JsNode a, b;
  if (js_arg(c, argv[0], true, &a)) return -1;
  if (js_arg(c, argv[1], true, &b)) { js_free(&a); return -1; }
  int r = js_equal(&a, &b);
  js_free(&a);
  js_free(&b);
  return r;
}
static void jsonb_eq(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  int r = js_eq_sql(c, argv);
  if (r >= 0) sqlite3_result_int(c, r);
}
static void jsonb_ne(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  int r = js_eq_sql(c, argv);
  if (r >= 0) sqlite3_result_int(c, !r);
}

/* jsonb_pretty: four-space indentation, empty containers split over lines. */
static void js_pretty(const JsNode *v, StrBuf *b, int indent) {
  if (v->type != JS_ARRAY && v->type != JS_OBJECT) { js_serialize(v, b); return; }
  bool obj = v->type == JS_OBJECT;
  sb_putc(b, obj ? '{' : '[');
  sb_putc(b, '\n');
  for (int i = 0; i < v->nkids; i++) {
    sb_printf(b, "%*s", (indent + 1) * 4, "");
    if (obj) {
      js_put_string(b, v->kids[i].key, v->kids[i].keylen);
      sb_puts(b, ": ");
    }
    js_pretty(&v->kids[i], b, indent + 1);
    sb_puts(b, i + 1 < v->nkids ? ",\n" : "\n");
  }
  sb_printf(b, "%*s%c", indent * 4, "", obj ? '}' : ']');
}

static void jsonb_pretty(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  JsNode root;
  StrBuf b = STRBUF_INIT;
  if (js_arg(c, argv[0], true, &root)) return;
  js_pretty(&root, &b, 0);
  js_free(&root);
  sqlite3_result_text(c, b.p, (int)b.n, free);
}

const AdtFunc adt_json_funcs[] = {
  {"jsonb_object_field", 2, ADT_STRICT, jsonb_object_field},
  {"jsonb_object_field_text", 2, ADT_STRICT, jsonb_object_field_text},
  {"jsonb_array_element", 2, ADT_STRICT, jsonb_array_element},
  {"jsonb_array_element_text", 2, ADT_STRICT, jsonb_array_element_text},
  {"json_object_field", 2, ADT_STRICT, json_object_field},
  {"json_object_field_text", 2, ADT_STRICT, json_object_field_text},
  {"json_array_element", 2, ADT_STRICT, json_array_element},
  {"json_array_element_text", 2, ADT_STRICT, json_array_element_text},
  {"jsonb_typeof", 1, ADT_STRICT, jsonb_typeof},
  {"json_typeof", 1, ADT_STRICT, json_typeof},
  {"jsonb_array_length", 1, ADT_STRICT, jsonb_array_length},
  {"json_array_length", 1, ADT_STRICT, json_array_length},
  {"jsonb_contains", 2, ADT_STRICT, jsonb_contains},
  {"jsonb_contained", 2, ADT_STRICT, jsonb_contained},
  {"jsonb_exists", 2, ADT_STRICT, jsonb_exists},
  {"jsonb_eq", 2, ADT_STRICT, jsonb_eq},
  {"jsonb_ne", 2, ADT_STRICT, jsonb_ne},
  {"jsonb_pretty", 1, ADT_STRICT, jsonb_pretty},
  {NULL, 0, 0, NULL},
};

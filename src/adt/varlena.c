/*
** varlena.c — the string types (after PostgreSQL's varlena.c, varchar.c,
** name.c, like.c, oracle_compat.c): text, varchar(n), char(n) (bpchar),
** name and bytea.  Input and output with typmod length checks and blank
** padding; comparisons in the "C" collation (byte order, which is what the
** reference server uses); the string functions by their prosrc names; LIKE
** and ILIKE with PostgreSQL's semantics (case-sensitive, '\' escape — SQLite's
** own LIKE folds ASCII case, so it is never used); bytea in hex and escape
** input, hex output.
**
** Strings are UTF-8 and every length or position is in characters.  Case
** mapping is per character with ICU's simple mappings, which is what
** PostgreSQL does with towupper() under the reference's C.UTF-8 ctype
** (so 'ß' stays 'ß').  text, varchar, bpchar and name are stored as SQLite
** TEXT (char(n) with its padding), bytea as BLOB.
*/
#include "adt/adt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>

#define VL_NAMEDATALEN 64

/* ---- UTF-8 ---- */

static size_t vl_charlen(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xe0) == 0xc0) return 2;
  if ((c & 0xf0) == 0xe0) return 3;
  if ((c & 0xf8) == 0xf0) return 4;
  return 1;
}

/* Length of the character at s, never beyond end. */
static size_t vl_clen(const char *s, const char *end) {
  size_t l = vl_charlen((unsigned char)*s);
  return l > (size_t)(end - s) ? (size_t)(end - s) : l;
}

static int64_t vl_nchars(const char *s, size_t n) {
  int64_t c = 0;
  for (const char *p = s, *e = s + n; p < e; p += vl_clen(p, e)) c++;
  return c;
}

/* Byte offset of character k (0-based), or n when the string is shorter. */
static size_t vl_offset(const char *s, size_t n, int64_t k) {
  const char *p = s, *e = s + n;
  for (; p < e && k > 0; k--) p += vl_clen(p, e);
  return (size_t)(p - s);
}

static uint32_t vl_decode(const char *s, const char *end, size_t *len) {
  const unsigned char *u = (const unsigned char *)s;
  size_t l = vl_clen(s, end);
  *len = l;
  switch (l) {
  case 2: return ((uint32_t)(u[0] & 0x1f) << 6) | (u[1] & 0x3f);
  case 3: return ((uint32_t)(u[0] & 0x0f) << 12) | ((uint32_t)(u[1] & 0x3f) << 6) | (u[2] & 0x3f);
  case 4:
    return ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3f) << 12) |
           ((uint32_t)(u[2] & 0x3f) << 6) | (u[3] & 0x3f);
  default: return u[0];
  }
}

static void vl_encode(StrBuf *b, uint32_t c) {
  if (c < 0x80) {
    sb_putc(b, (char)c);
  } else if (c < 0x800) {
    sb_putc(b, (char)(0xc0 | (c >> 6)));
    sb_putc(b, (char)(0x80 | (c & 0x3f)));
  } else if (c < 0x10000) {
    sb_putc(b, (char)(0xe0 | (c >> 12)));
    sb_putc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
    sb_putc(b, (char)(0x80 | (c & 0x3f)));
  } else {
    sb_putc(b, (char)(0xf0 | (c >> 18)));
    sb_putc(b, (char)(0x80 | ((c >> 12) & 0x3f)));
    sb_putc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
    sb_putc(b, (char)(0x80 | (c & 0x3f)));
  }
}

/* ---- argument and result helpers ---- */

typedef struct VlStr { const char *p; size_t n; } VlStr;

static VlStr vl_arg(sqlite3_value *v) {
  VlStr s;
  s.p = (const char *)sqlite3_value_text(v);
  s.n = (size_t)sqlite3_value_bytes(v);
  if (!s.p) s.p = "";
  return s;
}

static VlStr vl_blob(sqlite3_value *v) {
  VlStr s;
  s.p = sqlite3_value_blob(v);
  s.n = (size_t)sqlite3_value_bytes(v);
  if (!s.p) s.p = "";
  return s;
}

static void vl_result(sqlite3_context *ctx, const char *p, size_t n) {
  sqlite3_result_text(ctx, p, (int)n, SQLITE_TRANSIENT);
}

/* Hand a built string to SQLite ("" when nothing was appended). */
static void vl_result_sb(sqlite3_context *ctx, StrBuf *b) {
  if (!b->p) { sqlite3_result_text(ctx, "", 0, SQLITE_STATIC); return; }
  sqlite3_result_text(ctx, b->p, (int)b->n, free);
  b->p = NULL;
}

static size_t vl_rtrim_spaces(const char *s, size_t n) {
  while (n > 0 && s[n - 1] == ' ') n--;
  return n;
}

/* ---- typmod length checks (varchar_input, bpchar_input, and the length
** coercion functions varchar() and bpchar()) ---- */

/* Fit s into maxlen characters.  Characters beyond maxlen must be spaces
** unless the cast is explicit; returns the new byte length, or -1 when a
** non-space would be cut. */
static int64_t vl_fit(const char *s, size_t n, int64_t maxlen, bool explicit_cast) {
  size_t cut = vl_offset(s, n, maxlen);
  if (cut >= n) return (int64_t)n;
  if (!explicit_cast)
    for (size_t i = cut; i < n; i++)
      if (s[i] != ' ') return -1;
  return (int64_t)cut;
}

static pgm_error *vl_too_long(bool bpchar, int64_t maxlen) {
  return pgm_error_new(ERRCODE_STRING_DATA_RIGHT_TRUNCATION, "value too long for type %s(%lld)",
                       bpchar ? "character" : "character varying", (long long)maxlen);
}

/* The value of varchar(n) / char(n) in out; err on a length violation. */
static void vl_coerce(const char *s, size_t n, int32_t typmod, bool bpchar, bool explicit_cast,
                      StrBuf *out, pgm_error **err) {
  *err = NULL;
  if (typmod < 4) { sb_putn(out, s, n); return; }
  int64_t maxlen = typmod - 4;
  int64_t len = vl_fit(s, n, maxlen, explicit_cast);
  if (len < 0) { *err = vl_too_long(bpchar, maxlen); return; }
  sb_putn(out, s, (size_t)len);
  if (bpchar)
    for (int64_t c = vl_nchars(s, (size_t)len); c < maxlen; c++) sb_putc(out, ' ');
}

/* ---- input / output ---- */

static void vl_datum_text(StrBuf *b, Datum *out) {
  out->kind = D_TEXT;
  out->n = b->n;
  out->p = b->p ? sb_detach(b) : pgm_strdup("");
}

/* Text must be valid UTF-8 without NUL bytes, as in a UTF8 database
** (PostgreSQL: 22021 "invalid byte sequence for encoding"). */
int adt_utf8_check(const char *s, size_t n, pgm_error **err) {
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    unsigned char c = p[i];
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool ok = len && c != 0 && i + len <= n && !(len == 2 && c < 0xC2);
    for (size_t k = 1; ok && k < len; k++) ok = (p[i + k] & 0xC0) == 0x80;
    if (ok && len == 3) ok = !(c == 0xE0 && p[i + 1] < 0xA0) && !(c == 0xED && p[i + 1] >= 0xA0);
    if (ok && len == 4) ok = !(c == 0xF0 && p[i + 1] < 0x90) && !(c == 0xF4 && p[i + 1] >= 0x90) && c <= 0xF4;
    if (!ok) {
      StrBuf b = STRBUF_INIT;
      for (size_t k = i; k < n && k < i + 4; k++) sb_printf(&b, "%s0x%02x", k > i ? " " : "", p[k]);
      *err = pgm_error_new(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE, "invalid byte sequence for encoding \"UTF8\": %s", sb_str(&b));
      sb_free(&b);
      return -1;
    }
    i += len;
  }
  return 0;
}

static int vl_in_text(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out,
                      pgm_error **err) {
  (void)db; (void)typmod;
  if (adt_utf8_check(s, n, err) != 0) return -1;
  out->kind = D_TEXT;
  out->p = pgm_strndup(s, n);
  out->n = n;
  return 0;
}

static int vl_in_coerced(int32_t typmod, bool bpchar, const char *s, size_t n, Datum *out,
                         pgm_error **err) {
  if (adt_utf8_check(s, n, err) != 0) return -1;
  StrBuf b = STRBUF_INIT;
  vl_coerce(s, n, typmod, bpchar, false, &b, err);
  if (*err) { sb_free(&b); return -1; }
  vl_datum_text(&b, out);
  return 0;
}

static int vl_in_varchar(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out,
                         pgm_error **err) {
  (void)db;
  return vl_in_coerced(typmod, false, s, n, out, err);
}

static int vl_in_bpchar(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out,
                        pgm_error **err) {
  (void)db;
  return vl_in_coerced(typmod, true, s, n, out, err);
}

/* name: silently truncated to NAMEDATALEN-1 bytes on a character boundary. */
static size_t vl_name_len(const char *s, size_t n) {
  if (n < VL_NAMEDATALEN) return n;
  size_t cut = 0;
  for (const char *p = s, *e = s + n; p < e;) {
    size_t l = vl_clen(p, e);
    if (cut + l > VL_NAMEDATALEN - 1) break;
    cut += l;
    p += l;
  }
  return cut;
}

static int vl_in_name(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out,
                      pgm_error **err) {
  return vl_in_text(db, typmod, s, vl_name_len(s, n), out, err);
}

static void vl_out_text(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)db; (void)typmod;
  switch (v->kind) {
  case D_TEXT: case D_BLOB: sb_putn(out, v->p, v->n); break;
  case D_INT: sb_printf(out, "%lld", (long long)v->i); break;
  case D_FLOAT: sb_printf(out, "%.17g", v->f); break;
  case D_NULL: break;
  }
}

/* bytea input: "\x" then hex digit pairs (whitespace between pairs
** allowed), or the escape format (\\ and \ooo octal escapes). */
static int vl_hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static int vl_bytea_hex(const char *s, size_t n, StrBuf *b, pgm_error **err) {
  for (size_t i = 0; i < n;) {
    if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') { i++; continue; }
    int hi = vl_hexval(s[i]);
    if (hi < 0) goto bad_digit;
    if (i + 1 >= n) {
      *err = pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE,
                           "invalid hexadecimal data: odd number of digits");
      return -1;
    }
    int lo = vl_hexval(s[++i]);
    if (lo < 0) goto bad_digit;
    sb_putc(b, (char)(hi << 4 | lo));
    i++;
    continue;
  bad_digit:
    *err = pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE, "invalid hexadecimal digit: \"%.*s\"",
                         (int)vl_clen(s + i, s + n), s + i);
    return -1;
  }
  return 0;
}

static bool vl_is_oct(char c) { return c >= '0' && c <= '7'; }

static int vl_bytea_escape(const char *s, size_t n, StrBuf *b, pgm_error **err) {
  for (size_t i = 0; i < n;) {
    if (s[i] != '\\') { sb_putc(b, s[i++]); continue; }
    if (i + 1 < n && s[i + 1] == '\\') { sb_putc(b, '\\'); i += 2; continue; }
    if (i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3' && vl_is_oct(s[i + 2]) &&
        vl_is_oct(s[i + 3])) {
      sb_putc(b, (char)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) | (s[i + 3] - '0')));
      i += 4;
      continue;
    }
    *err = pgm_error_new(ERRCODE_INVALID_TEXT_REPRESENTATION, "invalid input syntax for type bytea");
    return -1;
  }
  return 0;
}

static int vl_in_bytea(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out,
                       pgm_error **err) {
  (void)db; (void)typmod;
  StrBuf b = STRBUF_INIT;
  int rc = n >= 2 && s[0] == '\\' && s[1] == 'x' ? vl_bytea_hex(s + 2, n - 2, &b, err)
                                                  : vl_bytea_escape(s, n, &b, err);
  if (rc) { sb_free(&b); return -1; }
  out->kind = D_BLOB;
  out->n = b.n;
  out->p = b.p ? sb_detach(&b) : pgm_strdup("");
  return 0;
}

static void vl_hex(StrBuf *out, const char *p, size_t n) {
  static const char hex[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    sb_putc(out, hex[(unsigned char)p[i] >> 4]);
    sb_putc(out, hex[(unsigned char)p[i] & 15]);
  }
}

static void vl_out_bytea(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)db; (void)typmod;
  sb_puts(out, "\\x");
  if (v->kind == D_TEXT || v->kind == D_BLOB) vl_hex(out, v->p, v->n);
}

/* "char" I/O lives with its functions further down. */
static int vl_in_char(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out,
                      pgm_error **err);
static void vl_out_char(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out);

const AdtTypeIO adt_varlena_types[] = {
  {25, 't', vl_in_text, vl_out_text},
  {1043, 't', vl_in_varchar, vl_out_text},
  {1042, 't', vl_in_bpchar, vl_out_text},
  {19, 't', vl_in_name, vl_out_text},
  {17, 'b', vl_in_bytea, vl_out_bytea},
  {18, 'i', vl_in_char, vl_out_char},
  {0, 0, NULL, NULL},
};

/* ---- length coercions: varchar(v, typmod, explicit), bpchar(...) ---- */

static void vl_coerce_fn(sqlite3_context *ctx, sqlite3_value **argv, bool bpchar) {
  VlStr s = vl_arg(argv[0]);
  StrBuf b = STRBUF_INIT;
  pgm_error *err;
  vl_coerce(s.p, s.n, sqlite3_value_int(argv[1]), bpchar, sqlite3_value_int(argv[2]) != 0, &b,
            &err);
  if (err) { sb_free(&b); adt_raise(ctx, err); return; }
  vl_result_sb(ctx, &b);
}
static void vl_fn_varchar(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_coerce_fn(ctx, argv, false);
}
static void vl_fn_bpchar(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_coerce_fn(ctx, argv, true);
}

/* ---- comparisons ---- */

/* "C" collation: bytes, then length. */
static int vl_memcmp(VlStr a, VlStr b) {
  int c = memcmp(a.p, b.p, a.n < b.n ? a.n : b.n);
  if (c == 0) c = (a.n > b.n) - (a.n < b.n);
  return c;
}

static int vl_cmp_text(sqlite3_value **argv) { return vl_memcmp(vl_arg(argv[0]), vl_arg(argv[1])); }

/* char(n) comparisons ignore trailing spaces. */
static int vl_cmp_bpchar(sqlite3_value **argv) {
  VlStr a = vl_arg(argv[0]), b = vl_arg(argv[1]);
  a.n = vl_rtrim_spaces(a.p, a.n);
  b.n = vl_rtrim_spaces(b.p, b.n);
  return vl_memcmp(a, b);
}

static int vl_cmp_bytea(sqlite3_value **argv) { return vl_memcmp(vl_blob(argv[0]), vl_blob(argv[1])); }

#define VL_CMPS(kind)                                                                     \
  static void vl_##kind##_eq(sqlite3_context *c, int n, sqlite3_value **v) {              \
    (void)n; sqlite3_result_int(c, vl_cmp_##kind(v) == 0);                                \
  }                                                                                       \
  static void vl_##kind##_ne(sqlite3_context *c, int n, sqlite3_value **v) {              \
    (void)n; sqlite3_result_int(c, vl_cmp_##kind(v) != 0);                                \
  }                                                                                       \
  static void vl_##kind##_lt(sqlite3_context *c, int n, sqlite3_value **v) {              \
    (void)n; sqlite3_result_int(c, vl_cmp_##kind(v) < 0);                                 \
  }                                                                                       \
  static void vl_##kind##_le(sqlite3_context *c, int n, sqlite3_value **v) {              \
    (void)n; sqlite3_result_int(c, vl_cmp_##kind(v) <= 0);                                \
  }                                                                                       \
  static void vl_##kind##_gt(sqlite3_context *c, int n, sqlite3_value **v) {              \
    (void)n; sqlite3_result_int(c, vl_cmp_##kind(v) > 0);                                 \
  }                                                                                       \
  static void vl_##kind##_ge(sqlite3_context *c, int n, sqlite3_value **v) {              \
    (void)n; sqlite3_result_int(c, vl_cmp_##kind(v) >= 0);                                \
  }                                                                                       \
  static void vl_##kind##_cmp(sqlite3_context *c, int n, sqlite3_value **v) {             \
    (void)n; int r = vl_cmp_##kind(v); sqlite3_result_int(c, (r > 0) - (r < 0));         \
  }
#define VL_MINMAX(kind)                                                                   \
  static void vl_##kind##_larger(sqlite3_context *c, int n, sqlite3_value **v) {          \
    (void)n; sqlite3_result_value(c, v[vl_cmp_##kind(v) >= 0 ? 0 : 1]);                   \
  }                                                                                       \
  static void vl_##kind##_smaller(sqlite3_context *c, int n, sqlite3_value **v) {         \
    (void)n; sqlite3_result_value(c, v[vl_cmp_##kind(v) <= 0 ? 0 : 1]);                   \
  }
VL_CMPS(text)
VL_CMPS(bpchar)
VL_CMPS(bytea)
VL_MINMAX(text)
VL_MINMAX(bpchar)

/* ---- lengths and simple conversions ---- */

static void vl_textlen(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr s = vl_arg(argv[0]);
  sqlite3_result_int64(ctx, vl_nchars(s.p, s.n));
}
static void vl_bpcharlen(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr s = vl_arg(argv[0]);
  sqlite3_result_int64(ctx, vl_nchars(s.p, vl_rtrim_spaces(s.p, s.n)));
}
static void vl_octetlen(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_int64(ctx, sqlite3_value_bytes(argv[0]));
}

/* rtrim1 is also char(n) -> text: the padding goes. */
static void vl_rtrim_blanks(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr s = vl_arg(argv[0]);
  vl_result(ctx, s.p, vl_rtrim_spaces(s.p, s.n));
}

static void vl_identity(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr s = vl_arg(argv[0]);
  vl_result(ctx, s.p, s.n);
}

static void vl_to_name(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr s = vl_arg(argv[0]);
  vl_result(ctx, s.p, vl_name_len(s.p, s.n));
}
static void vl_bpchar_to_name(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr s = vl_arg(argv[0]);
  s.n = vl_rtrim_spaces(s.p, s.n);
  vl_result(ctx, s.p, vl_name_len(s.p, s.n));
}

/* ---- concatenation ---- */

static void vl_textcat(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr a = vl_arg(argv[0]), b = vl_arg(argv[1]);
  StrBuf r = STRBUF_INIT;
  sb_putn(&r, a.p, a.n);
  sb_putn(&r, b.p, b.n);
  vl_result_sb(ctx, &r);
}

static void vl_byteacat(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr a = vl_blob(argv[0]), b = vl_blob(argv[1]);
  char *p = pgm_malloc(a.n + b.n + 1);
  memcpy(p, a.p, a.n);
  memcpy(p + a.n, b.p, b.n);
  sqlite3_result_blob(ctx, p, (int)(a.n + b.n), free);
}

/* concat(variadic "any"): NULLs are skipped.  Arguments of other types
** arrive already converted to their text form by the analyser. */
static void vl_concat(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  StrBuf r = STRBUF_INIT;
  for (int i = 0; i < argc; i++) {
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) continue;
    VlStr s = vl_arg(argv[i]);
    sb_putn(&r, s.p, s.n);
  }
  vl_result_sb(ctx, &r);
}

static void vl_concat_ws(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (argc < 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) { sqlite3_result_null(ctx); return; }
  VlStr sep = vl_arg(argv[0]);
  StrBuf r = STRBUF_INIT;
  bool first = true;
  for (int i = 1; i < argc; i++) {
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) continue;
    if (!first) sb_putn(&r, sep.p, sep.n);
    VlStr s = vl_arg(argv[i]);
    sb_putn(&r, s.p, s.n);
    first = false;
  }
  vl_result_sb(ctx, &r);
}

/* ---- case mapping ---- */

typedef enum { VL_LOWER, VL_UPPER, VL_INITCAP } VlCase;

/* Per character, with ICU's simple case mappings; initcap upper-cases the
** first letter of each run of alphanumerics and lower-cases the rest. */
static void vl_case(StrBuf *out, const char *s, size_t n, VlCase mode) {
  bool in_word = false;
  for (const char *p = s, *e = s + n; p < e;) {
    size_t l;
    uint32_t c = vl_decode(p, e, &l);
    UChar32 m = (UChar32)c;
    if (mode == VL_UPPER || (mode == VL_INITCAP && !in_word)) m = u_toupper(m);
    else m = u_tolower(m);
    if (mode == VL_INITCAP) in_word = u_isalnum((UChar32)c);
    if (c < 0x80 || l > 1) vl_encode(out, (uint32_t)m);
    else sb_putn(out, p, l);  /* invalid byte: keep as is */
    p += l;
  }
}

static void vl_case_fn(sqlite3_context *ctx, sqlite3_value **argv, VlCase mode) {
  VlStr s = vl_arg(argv[0]);
  StrBuf r = STRBUF_INIT;
  vl_case(&r, s.p, s.n, mode);
  vl_result_sb(ctx, &r);
}
static void vl_lower(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_case_fn(ctx, argv, VL_LOWER);
}
static void vl_upper(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_case_fn(ctx, argv, VL_UPPER);
}
static void vl_initcap(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_case_fn(ctx, argv, VL_INITCAP);
}

/* ---- substrings and positions ---- */

/* substr(s, start, len): characters [start, start+len) clipped to [1, ∞). */
static void vl_substr_common(sqlite3_context *ctx, VlStr s, int64_t start, int64_t len,
                             bool has_len, bool bytes) {
  if (has_len && len < 0) {
    adt_error(ctx, ERRCODE_SUBSTRING_ERROR, "negative substring length not allowed");
    return;
  }
  int64_t from = start < 1 ? 1 : start;
  int64_t to = has_len ? (start > INT64_MAX - len ? INT64_MAX : start + len) : INT64_MAX;
  if (to <= from) {
    if (bytes) sqlite3_result_zeroblob(ctx, 0);
    else vl_result(ctx, "", 0);
    return;
  }
  size_t b0, b1;
  if (bytes) {
    b0 = (uint64_t)(from - 1) > s.n ? s.n : (size_t)(from - 1);
    b1 = (uint64_t)(to - 1) > s.n ? s.n : (size_t)(to - 1);
    sqlite3_result_blob(ctx, s.p + b0, (int)(b1 - b0), SQLITE_TRANSIENT);
    return;
  }
  b0 = vl_offset(s.p, s.n, from - 1);
  b1 = b0 + vl_offset(s.p + b0, s.n - b0, to - from);
  vl_result(ctx, s.p + b0, b1 - b0);
}
static void vl_substr(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  vl_substr_common(ctx, vl_arg(argv[0]), sqlite3_value_int64(argv[1]),
                   argc > 2 ? sqlite3_value_int64(argv[2]) : 0, argc > 2, false);
}
static void vl_bytea_substr(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  vl_substr_common(ctx, vl_blob(argv[0]), sqlite3_value_int64(argv[1]),
                   argc > 2 ? sqlite3_value_int64(argv[2]) : 0, argc > 2, true);
}

/* Byte offset of needle in hay, or -1; an empty needle is found at 0. */
static int64_t vl_find(VlStr hay, VlStr needle, size_t from) {
  if (needle.n == 0) return (int64_t)from;
  for (size_t i = from; i + needle.n <= hay.n; i++)
    if (memcmp(hay.p + i, needle.p, needle.n) == 0) return (int64_t)i;
  return -1;
}

static void vl_textpos(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr s = vl_arg(argv[0]), t = vl_arg(argv[1]);
  int64_t at = vl_find(s, t, 0);
  sqlite3_result_int64(ctx, at < 0 ? 0 : vl_nchars(s.p, (size_t)at) + 1);
}
static void vl_byteapos(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  int64_t at = vl_find(vl_blob(argv[0]), vl_blob(argv[1]), 0);
  sqlite3_result_int64(ctx, at + 1);
}

static void vl_starts_with(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr s = vl_arg(argv[0]), t = vl_arg(argv[1]);
  sqlite3_result_int(ctx, t.n <= s.n && memcmp(s.p, t.p, t.n) == 0);
}

static void vl_replace(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr s = vl_arg(argv[0]), from = vl_arg(argv[1]), to = vl_arg(argv[2]);
  if (from.n == 0) { vl_result(ctx, s.p, s.n); return; }
  StrBuf r = STRBUF_INIT;
  size_t pos = 0;
  for (int64_t at; (at = vl_find(s, from, pos)) >= 0; pos = (size_t)at + from.n) {
    sb_putn(&r, s.p + pos, (size_t)at - pos);
    sb_putn(&r, to.p, to.n);
  }
  sb_putn(&r, s.p + pos, s.n - pos);
  vl_result_sb(ctx, &r);
}

/* split_part: field n (1-based; negative counts from the end). */
static void vl_split_part(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr s = vl_arg(argv[0]), d = vl_arg(argv[1]);
  int64_t n = sqlite3_value_int64(argv[2]);
  if (n == 0) {
    adt_error(ctx, ERRCODE_INVALID_PARAMETER_VALUE, "field position must not be zero");
    return;
  }
  if (d.n == 0) {
    if (n == 1 || n == -1) vl_result(ctx, s.p, s.n);
    else vl_result(ctx, "", 0);
    return;
  }
  int64_t nfields = 1;
  for (int64_t at = vl_find(s, d, 0); at >= 0; at = vl_find(s, d, (size_t)at + d.n)) nfields++;
  if (n < 0) n = nfields + n + 1;
  if (n < 1 || n > nfields) { vl_result(ctx, "", 0); return; }
  size_t start = 0;
  for (int64_t k = 1; k < n; k++) start = (size_t)vl_find(s, d, start) + d.n;
  int64_t end = vl_find(s, d, start);
  vl_result(ctx, s.p + start, (end < 0 ? s.n : (size_t)end) - start);
}

/* ---- trimming and padding ---- */

/* Whether the character at p (length l) occurs in set. */
static bool vl_in_set(const char *p, size_t l, VlStr set) {
  for (const char *q = set.p, *e = set.p + set.n; q < e; q += vl_clen(q, e))
    if (vl_clen(q, e) == l && memcmp(q, p, l) == 0) return true;
  return false;
}

static void vl_trim(sqlite3_context *ctx, sqlite3_value **argv, int argc, bool left, bool right) {
  VlStr s = vl_arg(argv[0]);
  VlStr set = argc > 1 ? vl_arg(argv[1]) : (VlStr){" ", 1};
  const char *b = s.p, *e = s.p + s.n;
  while (left && b < e && vl_in_set(b, vl_clen(b, e), set)) b += vl_clen(b, e);
  while (right && b < e) {
    const char *q = e - 1;
    while (q > b && (*q & 0xc0) == 0x80) q--;  /* start of the last character */
    if (!vl_in_set(q, (size_t)(e - q), set)) break;
    e = q;
  }
  vl_result(ctx, b, (size_t)(e - b));
}
static void vl_btrim(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  vl_trim(ctx, argv, argc, true, true);
}
static void vl_ltrim(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  vl_trim(ctx, argv, argc, true, false);
}
static void vl_rtrim(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  vl_trim(ctx, argv, argc, false, true);
}

/* lpad/rpad(s, len, fill): truncate to len characters, or pad with fill
** repeated (no padding with an empty fill). */
static void vl_pad(sqlite3_context *ctx, sqlite3_value **argv, bool left) {
  VlStr s = vl_arg(argv[0]), fill = vl_arg(argv[2]);
  int64_t len = sqlite3_value_int64(argv[1]);
  if (len <= 0) { vl_result(ctx, "", 0); return; }
  int64_t have = vl_nchars(s.p, s.n);
  if (len > 0x3fffffff / 4 && fill.n > 0 && have < len) {  /* PostgreSQL's 1 GB limit */
    adt_error(ctx, ERRCODE_PROGRAM_LIMIT_EXCEEDED, "requested length too large");
    return;
  }
  if (have >= len || fill.n == 0) {
    vl_result(ctx, s.p, vl_offset(s.p, s.n, len));
    return;
  }
  StrBuf r = STRBUF_INIT;
  if (!left) sb_putn(&r, s.p, s.n);
  for (int64_t k = 0; k < len - have;) {
    for (const char *q = fill.p, *e = fill.p + fill.n; q < e && k < len - have; k++) {
      size_t l = vl_clen(q, e);
      sb_putn(&r, q, l);
      q += l;
    }
  }
  if (left) sb_putn(&r, s.p, s.n);
  vl_result_sb(ctx, &r);
}
static void vl_lpad(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_pad(ctx, argv, true);
}
static void vl_rpad(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_pad(ctx, argv, false);
}

/* left(s, n) / right(s, n): a negative n means all but |n| characters. */
static void vl_left_right(sqlite3_context *ctx, sqlite3_value **argv, bool left) {
  VlStr s = vl_arg(argv[0]);
  int64_t n = sqlite3_value_int64(argv[1]), len = vl_nchars(s.p, s.n);
  int64_t keep = n >= 0 ? (n < len ? n : len) : (len + n > 0 ? len + n : 0);
  size_t off = vl_offset(s.p, s.n, left ? keep : len - keep);
  if (left) vl_result(ctx, s.p, off);
  else vl_result(ctx, s.p + off, s.n - off);
}
static void vl_left(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_left_right(ctx, argv, true);
}
static void vl_right(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_left_right(ctx, argv, false);
}

static void vl_repeat(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr s = vl_arg(argv[0]);
  int64_t n = sqlite3_value_int64(argv[1]);
  if (n <= 0 || s.n == 0) { vl_result(ctx, "", 0); return; }
  if ((uint64_t)n * s.n >= 0x3fffffff) {
    adt_error(ctx, ERRCODE_PROGRAM_LIMIT_EXCEEDED, "requested length too large");
    return;
  }
  StrBuf r = STRBUF_INIT;
  for (int64_t i = 0; i < n; i++) sb_putn(&r, s.p, s.n);
  vl_result_sb(ctx, &r);
}

static void vl_reverse(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr s = vl_arg(argv[0]);
  char *r = pgm_malloc(s.n + 1);
  for (const char *p = s.p, *e = s.p + s.n; p < e;) {
    size_t l = vl_clen(p, e);
    memcpy(r + (e - p) - l, p, l);
    p += l;
  }
  sqlite3_result_text(ctx, r, (int)s.n, free);
}

/* translate(s, from, to): each character of from becomes the character at
** the same position in to, or disappears when to is shorter. */
static void vl_translate(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr s = vl_arg(argv[0]), from = vl_arg(argv[1]), to = vl_arg(argv[2]);
  StrBuf r = STRBUF_INIT;
  for (const char *p = s.p, *e = s.p + s.n; p < e;) {
    size_t l = vl_clen(p, e);
    int64_t idx = 0;
    const char *q = from.p, *qe = from.p + from.n;
    for (; q < qe; q += vl_clen(q, qe), idx++)
      if (vl_clen(q, qe) == l && memcmp(q, p, l) == 0) break;
    if (q >= qe) {
      sb_putn(&r, p, l);
    } else {
      size_t off = vl_offset(to.p, to.n, idx);
      if (off < to.n) sb_putn(&r, to.p + off, vl_clen(to.p + off, to.p + to.n));
    }
    p += l;
  }
  vl_result_sb(ctx, &r);
}

/* overlay(s placing r from start [for count]) */
static void vl_overlay(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  VlStr s = vl_arg(argv[0]), rep = vl_arg(argv[1]);
  int64_t start = sqlite3_value_int64(argv[2]);
  int64_t count = argc > 3 ? sqlite3_value_int64(argv[3]) : vl_nchars(rep.p, rep.n);
  if (start < 1 || count < 0) {
    adt_error(ctx, ERRCODE_SUBSTRING_ERROR, "negative substring length not allowed");
    return;
  }
  size_t a = vl_offset(s.p, s.n, start - 1);
  size_t b = start - 1 + count < start - 1 ? s.n : vl_offset(s.p, s.n, start - 1 + count);
  StrBuf r = STRBUF_INIT;
  sb_putn(&r, s.p, a);
  sb_putn(&r, rep.p, rep.n);
  sb_putn(&r, s.p + b, s.n - b);
  vl_result_sb(ctx, &r);
}

/* ---- characters ---- */

static void vl_ascii(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr s = vl_arg(argv[0]);
  size_t l;
  sqlite3_result_int64(ctx, s.n ? vl_decode(s.p, s.p + s.n, &l) : 0);
}

static void vl_chr(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  int64_t c = sqlite3_value_int64(argv[0]);
  if (c == 0) {
    adt_error(ctx, ERRCODE_PROGRAM_LIMIT_EXCEEDED, "null character not permitted");
    return;
  }
  if (c < 0 || c > 0x10ffff) {
    adt_error(ctx, ERRCODE_PROGRAM_LIMIT_EXCEEDED, "requested character too large for encoding: %lld",
              (long long)c);
    return;
  }
  if (c >= 0xd800 && c <= 0xdfff) {
    adt_error(ctx, ERRCODE_PROGRAM_LIMIT_EXCEEDED, "requested character not valid for encoding: %lld",
              (long long)c);
    return;
  }
  StrBuf r = STRBUF_INIT;
  vl_encode(&r, (uint32_t)c);
  vl_result_sb(ctx, &r);
}

static void vl_quote_literal(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr s = vl_arg(argv[0]);
  StrBuf r = STRBUF_INIT;
  if (memchr(s.p, '\\', s.n)) sb_putc(&r, 'E');
  sb_putc(&r, '\'');
  for (size_t i = 0; i < s.n; i++) {
    if (s.p[i] == '\'' || s.p[i] == '\\') sb_putc(&r, s.p[i]);
    sb_putc(&r, s.p[i]);
  }
  sb_putc(&r, '\'');
  vl_result_sb(ctx, &r);
}

/* quote_nullable is not strict: NULL becomes the word NULL. */
static void vl_quote_nullable(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) vl_result(ctx, "NULL", 4);
  else vl_quote_literal(ctx, argc, argv);
}

static void vl_to_hex(sqlite3_context *ctx, sqlite3_value **argv, bool wide) {
  char buf[32];
  int64_t v = sqlite3_value_int64(argv[0]);
  int n = wide ? snprintf(buf, sizeof buf, "%llx", (unsigned long long)v)
               : snprintf(buf, sizeof buf, "%x", (unsigned)(uint32_t)v);
  vl_result(ctx, buf, (size_t)n);
}
static void vl_to_hex32(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_to_hex(ctx, argv, false);
}
static void vl_to_hex64(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_to_hex(ctx, argv, true);
}

/* ---- LIKE (PostgreSQL's MatchText) ---- */

enum { VL_LIKE_FALSE = 0, VL_LIKE_TRUE = 1, VL_LIKE_ABORT = -1, VL_LIKE_ERROR = -2 };

/* t/p are advanced a character (bytes when bytewise) or a byte at a time:
** UTF-8 is self-synchronising, so only '_' must step over a whole char. */
static int vl_match(const char *t, size_t tl, const char *p, size_t pl, bool bytewise) {
#define VL_NEXTCHAR(s, l)                                                                 \
  do {                                                                                    \
    size_t k_ = bytewise ? 1 : vl_clen(s, s + l);                                         \
    s += k_; l -= k_;                                                                     \
  } while (0)
  if (pl == 1 && *p == '%') return VL_LIKE_TRUE;
  while (tl > 0 && pl > 0) {
    if (*p == '\\') {
      p++, pl--;
      if (pl == 0) return VL_LIKE_ERROR;
      if (*p != *t) return VL_LIKE_FALSE;
    } else if (*p == '%') {
      p++, pl--;
      while (pl > 0) {
        if (*p == '%') { p++, pl--; }
        else if (*p == '_') {
          if (tl == 0) return VL_LIKE_ABORT;
          VL_NEXTCHAR(t, tl);
          p++, pl--;
        } else break;
      }
      if (pl == 0) return VL_LIKE_TRUE;
      char first;
      if (*p == '\\') {
        if (pl < 2) return VL_LIKE_ERROR;
        first = p[1];
      } else {
        first = *p;
      }
      while (tl > 0) {
        if (*t == first) {
          int m = vl_match(t, tl, p, pl, bytewise);
          if (m != VL_LIKE_FALSE) return m;
        }
        VL_NEXTCHAR(t, tl);
      }
      return VL_LIKE_ABORT;
    } else if (*p == '_') {
      VL_NEXTCHAR(t, tl);
      p++, pl--;
      continue;
    } else if (*p != *t) {
      return VL_LIKE_FALSE;
    }
    t++, tl--;
    p++, pl--;
  }
  if (tl > 0) return VL_LIKE_FALSE;
  while (pl > 0 && *p == '%') p++, pl--;
  return pl == 0 ? VL_LIKE_TRUE : VL_LIKE_ABORT;
#undef VL_NEXTCHAR
}

static void vl_like_result(sqlite3_context *ctx, VlStr t, VlStr p, bool bytewise, bool negate) {
  int m = vl_match(t.p, t.n, p.p, p.n, bytewise);
  if (m == VL_LIKE_ERROR) {
    adt_error(ctx, ERRCODE_INVALID_ESCAPE_SEQUENCE, "LIKE pattern must not end with escape character");
    return;
  }
  sqlite3_result_int(ctx, (m == VL_LIKE_TRUE) != negate);
}

static void vl_like(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_like_result(ctx, vl_arg(argv[0]), vl_arg(argv[1]), false, false);
}
static void vl_notlike(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_like_result(ctx, vl_arg(argv[0]), vl_arg(argv[1]), false, true);
}
static void vl_bytealike(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_like_result(ctx, vl_blob(argv[0]), vl_blob(argv[1]), true, false);
}
static void vl_byteanotlike(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_like_result(ctx, vl_blob(argv[0]), vl_blob(argv[1]), true, true);
}

/* ILIKE: PostgreSQL lower()s both sides, then matches. */
static void vl_ilike_common(sqlite3_context *ctx, sqlite3_value **argv, bool negate) {
  VlStr t = vl_arg(argv[0]), p = vl_arg(argv[1]);
  StrBuf lt = STRBUF_INIT, lp = STRBUF_INIT;
  vl_case(&lt, t.p, t.n, VL_LOWER);
  vl_case(&lp, p.p, p.n, VL_LOWER);
  vl_like_result(ctx, (VlStr){sb_str(&lt), lt.n}, (VlStr){sb_str(&lp), lp.n}, false, negate);
  sb_free(&lt);
  sb_free(&lp);
}
static void vl_ilike(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_ilike_common(ctx, argv, false);
}
static void vl_notilike(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  vl_ilike_common(ctx, argv, true);
}

/* like_escape(pattern, esc): rewrite a pattern using ESCAPE esc into one
** using '\' (the analyser emits textlike(s, like_escape(p, esc))). */
static void vl_like_escape(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr p = vl_arg(argv[0]), esc = vl_arg(argv[1]);
  StrBuf r = STRBUF_INIT;
  if (esc.n == 0) {
    for (size_t i = 0; i < p.n; i++) {
      if (p.p[i] == '\\') sb_putc(&r, '\\');
      sb_putc(&r, p.p[i]);
    }
    vl_result_sb(ctx, &r);
    return;
  }
  if (vl_nchars(esc.p, esc.n) != 1) {
    pgm_error *e = pgm_error_new(ERRCODE_INVALID_ESCAPE_SEQUENCE, "invalid escape string");
    pgm_error_set_hint(e, "Escape string must be empty or one character.");
    adt_raise(ctx, e);
    return;
  }
  bool after = false;
  for (const char *q = p.p, *e = p.p + p.n; q < e;) {
    size_t l = vl_clen(q, e);
    if (l == esc.n && memcmp(q, esc.p, l) == 0 && !after) {
      sb_putc(&r, '\\');
      after = true;
    } else if (*q == '\\') {
      sb_putc(&r, '\\');
      if (!after) sb_putc(&r, '\\');
      after = false;
    } else {
      sb_putn(&r, q, l);
      after = false;
    }
    q += l;
  }
  vl_result_sb(ctx, &r);
}

/* ---- bytea ---- */

static void vl_byteaoctetlen(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_int64(ctx, vl_blob(argv[0]).n);
}

static void vl_get_byte(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr b = vl_blob(argv[0]);
  int64_t i = sqlite3_value_int64(argv[1]);
  if (i < 0 || (uint64_t)i >= b.n) {
    adt_error(ctx, ERRCODE_ARRAY_SUBSCRIPT_ERROR, "index %lld out of valid range, 0..%lld",
              (long long)i, (long long)b.n - 1);
    return;
  }
  sqlite3_result_int(ctx, (unsigned char)b.p[i]);
}

/* ---- "char": one byte, stored as INTEGER 0..255 so that it sorts as
** PostgreSQL's (unsigned) comparison does; bytes with the high bit set
** print as \ooo ---- */

static int vl_char_from_text(const char *s, size_t n) {
  if (n == 4 && s[0] == '\\' && vl_is_oct(s[1]) && vl_is_oct(s[2]) && vl_is_oct(s[3]))
    return ((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0')) & 0xff;
  return n > 0 ? (unsigned char)s[0] : 0;
}

/* The byte of a "char" argument (INTEGER storage, or text from elsewhere). */
static int vl_char_arg(sqlite3_value *v) {
  if (sqlite3_value_type(v) == SQLITE_INTEGER) return (int)(sqlite3_value_int64(v) & 0xff);
  VlStr t = vl_arg(v);
  return t.n ? (unsigned char)t.p[0] : 0;
}

static void vl_char_put(StrBuf *out, int c) {
  if (c >= 0x80) sb_printf(out, "\\%03o", c);
  else if (c) sb_putc(out, (char)c);
}

static int vl_in_char(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out,
                      pgm_error **err) {
  (void)db; (void)typmod; (void)err;
  out->kind = D_INT;
  out->i = vl_char_from_text(s, n);
  return 0;
}

static void vl_out_char(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)db; (void)typmod;
  if (v->kind == D_INT) vl_char_put(out, (int)(v->i & 0xff));
  else if (v->kind == D_TEXT || v->kind == D_BLOB) sb_putn(out, v->p, v->n);
}

static int vl_cmp_char(sqlite3_value **argv) { return vl_char_arg(argv[0]) - vl_char_arg(argv[1]); }
VL_CMPS(char)

static void vl_char_text(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  StrBuf b = STRBUF_INIT;
  vl_char_put(&b, vl_char_arg(argv[0]));
  vl_result_sb(ctx, &b);
}
/* "char" -> char(n) copies the raw byte, which a high-bit byte makes
** invalid UTF-8 (PostgreSQL refuses it the same way). */
static void vl_char_bpchar(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  int c = vl_char_arg(argv[0]);
  if (c >= 0x80) {
    adt_error(ctx, ERRCODE_CHARACTER_NOT_IN_REPERTOIRE,
              "invalid byte sequence for encoding \"UTF8\": 0x%02x", c);
    return;
  }
  vl_char_text(ctx, argc, argv);
}

static void vl_text_char(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr t = vl_arg(argv[0]);
  sqlite3_result_int(ctx, vl_char_from_text(t.p, t.n));
}
static void vl_chartoi4(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_int(ctx, (int8_t)(uint8_t)vl_char_arg(argv[0]));
}
static void vl_i4tochar(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  int64_t v = sqlite3_value_int64(argv[0]);
  if (v < -128 || v > 127) {
    adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "\"char\" out of range");
    return;
  }
  sqlite3_result_int(ctx, (int)(v & 0xff));
}

/* ---- encode / decode (hex, base64, escape) and md5 ---- */

static const char vl_b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* base64 with a newline every 76 output characters, as PostgreSQL writes it */
static void vl_b64_encode(StrBuf *out, const unsigned char *p, size_t n) {
  size_t line = 0;
  for (size_t i = 0; i < n; i += 3) {
    uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
                 (i + 2 < n ? p[i + 2] : 0);
    if (line >= 76) { sb_putc(out, '\n'); line = 0; }
    sb_putc(out, vl_b64[v >> 18 & 63]);
    sb_putc(out, vl_b64[v >> 12 & 63]);
    sb_putc(out, i + 1 < n ? vl_b64[v >> 6 & 63] : '=');
    sb_putc(out, i + 2 < n ? vl_b64[v & 63] : '=');
    line += 4;
  }
}

static int vl_b64_decode(StrBuf *out, const char *s, size_t n, pgm_error **err) {
  uint32_t acc = 0;
  int bits = 0, pad = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    const char *q = c ? strchr(vl_b64, c) : NULL;
    if (c == '=') { pad++; continue; }
    if (!q || pad) {
      *err = pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE,
                           pad ? "invalid base64 end sequence"
                               : "invalid symbol \"%.*s\" found while decoding base64 sequence",
                           (int)vl_clen(s + i, s + n), s + i);
      return -1;
    }
    acc = acc << 6 | (uint32_t)(q - vl_b64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      sb_putc(out, (char)(acc >> bits & 0xff));
    }
  }
  if ((bits + pad * 6) % 8 != 0 || pad > 2) {
    *err = pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE, "invalid base64 end sequence");
    return -1;
  }
  return 0;
}

static void vl_escape_encode(StrBuf *out, const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (p[i] == '\\') sb_puts(out, "\\\\");
    else if (p[i] == 0 || p[i] >= 0x80) sb_printf(out, "\\%03o", p[i]);
    else sb_putc(out, (char)p[i]);
  }
}

static bool vl_format_is(VlStr f, const char *name) {
  return f.n == strlen(name) && strncasecmp(f.p, name, f.n) == 0;
}

static void vl_encode_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr b = vl_blob(argv[0]), f = vl_arg(argv[1]);
  StrBuf out = STRBUF_INIT;
  if (vl_format_is(f, "hex")) vl_hex(&out, b.p, b.n);
  else if (vl_format_is(f, "base64")) vl_b64_encode(&out, (const unsigned char *)b.p, b.n);
  else if (vl_format_is(f, "escape")) vl_escape_encode(&out, (const unsigned char *)b.p, b.n);
  else {
    adt_error(ctx, ERRCODE_INVALID_PARAMETER_VALUE, "unrecognized encoding: \"%.*s\"", (int)f.n, f.p);
    return;
  }
  vl_result_sb(ctx, &out);
}

static void vl_decode_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr t = vl_arg(argv[0]), f = vl_arg(argv[1]);
  StrBuf out = STRBUF_INIT;
  pgm_error *err = NULL;
  if (vl_format_is(f, "hex")) vl_bytea_hex(t.p, t.n, &out, &err);
  else if (vl_format_is(f, "base64")) vl_b64_decode(&out, t.p, t.n, &err);
  else if (vl_format_is(f, "escape")) vl_bytea_escape(t.p, t.n, &out, &err);
  else err = pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE, "unrecognized encoding: \"%.*s\"",
                           (int)f.n, f.p);
  if (err) { sb_free(&out); adt_raise(ctx, err); return; }
  sqlite3_result_blob(ctx, sb_str(&out), (int)out.n, SQLITE_TRANSIENT);
  sb_free(&out);
}

/* MD5 (RFC 1321), for md5(text) and md5(bytea). */
static uint32_t vl_rol(uint32_t x, int c) { return (x << c) | (x >> (32 - c)); }

static void vl_md5_block(uint32_t h[4], const unsigned char *blk) {
  static const uint32_t K[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
  static const int R[16] = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
  uint32_t w[16], a = h[0], b = h[1], c = h[2], d = h[3];
  for (int i = 0; i < 16; i++)
    w[i] = (uint32_t)blk[4 * i] | (uint32_t)blk[4 * i + 1] << 8 | (uint32_t)blk[4 * i + 2] << 16 |
           (uint32_t)blk[4 * i + 3] << 24;
  for (int i = 0; i < 64; i++) {
    uint32_t f;
    int g;
    if (i < 16) { f = (b & c) | (~b & d); g = i; }
    else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
    else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
    else { f = c ^ (b | ~d); g = (7 * i) % 16; }
    uint32_t t = d;
    d = c;
    c = b;
    b = b + vl_rol(a + f + K[i] + w[g], R[(i / 16) * 4 + i % 4]);
    a = t;
  }
  h[0] += a; h[1] += b; h[2] += c; h[3] += d;
}

static void vl_md5_hex(const unsigned char *p, size_t n, char out[33]) {
  uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  unsigned char tail[128] = {0};
  size_t full = n / 64 * 64, rest = n - full;
  for (size_t i = 0; i < full; i += 64) vl_md5_block(h, p + i);
  memcpy(tail, p + full, rest);
  tail[rest] = 0x80;
  size_t tl = rest < 56 ? 64 : 128;
  uint64_t bits = (uint64_t)n * 8;
  for (int i = 0; i < 8; i++) tail[tl - 8 + i] = (unsigned char)(bits >> (8 * i));
  for (size_t i = 0; i < tl; i += 64) vl_md5_block(h, tail + i);
  for (int i = 0; i < 16; i++) snprintf(out + 2 * i, 3, "%02x", (h[i / 4] >> (8 * (i % 4))) & 0xff);
}

static void vl_md5(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VlStr s = sqlite3_value_type(argv[0]) == SQLITE_BLOB ? vl_blob(argv[0]) : vl_arg(argv[0]);
  char hex[33];
  vl_md5_hex((const unsigned char *)s.p, s.n, hex);
  vl_result(ctx, hex, 32);
}

#define VL_F(name, n, fn) {name, n, ADT_STRICT, fn}
#define VL_CMP_ROWS(p, kind)                                                               \
  VL_F(p "eq", 2, vl_##kind##_eq), VL_F(p "ne", 2, vl_##kind##_ne), VL_F(p "lt", 2, vl_##kind##_lt), \
  VL_F(p "le", 2, vl_##kind##_le), VL_F(p "gt", 2, vl_##kind##_gt), VL_F(p "ge", 2, vl_##kind##_ge)
const AdtFunc adt_varlena_funcs[] = {
  VL_F("texteq", 2, vl_text_eq), VL_F("textne", 2, vl_text_ne), VL_F("text_lt", 2, vl_text_lt),
  VL_F("text_le", 2, vl_text_le), VL_F("text_gt", 2, vl_text_gt), VL_F("text_ge", 2, vl_text_ge),
  VL_F("bttextcmp", 2, vl_text_cmp), VL_F("text_larger", 2, vl_text_larger),
  VL_F("text_smaller", 2, vl_text_smaller),
  VL_F("text_pattern_lt", 2, vl_text_lt), VL_F("text_pattern_le", 2, vl_text_le),
  VL_F("text_pattern_gt", 2, vl_text_gt), VL_F("text_pattern_ge", 2, vl_text_ge),
  VL_F("bttext_pattern_cmp", 2, vl_text_cmp),
  VL_CMP_ROWS("name", text), VL_F("btnamecmp", 2, vl_text_cmp),
  VL_F("nameeqtext", 2, vl_text_eq), VL_F("namenetext", 2, vl_text_ne),
  VL_F("namelttext", 2, vl_text_lt), VL_F("nameletext", 2, vl_text_le),
  VL_F("namegttext", 2, vl_text_gt), VL_F("namegetext", 2, vl_text_ge),
  VL_F("texteqname", 2, vl_text_eq), VL_F("textnename", 2, vl_text_ne),
  VL_F("textltname", 2, vl_text_lt), VL_F("textlename", 2, vl_text_le),
  VL_F("textgtname", 2, vl_text_gt), VL_F("textgename", 2, vl_text_ge),
  VL_F("btnametextcmp", 2, vl_text_cmp), VL_F("bttextnamecmp", 2, vl_text_cmp),
  VL_CMP_ROWS("bpchar", bpchar), VL_F("bpcharcmp", 2, vl_bpchar_cmp),
  VL_F("bpchar_larger", 2, vl_bpchar_larger), VL_F("bpchar_smaller", 2, vl_bpchar_smaller),
  VL_F("bpchar_pattern_lt", 2, vl_bpchar_lt), VL_F("bpchar_pattern_le", 2, vl_bpchar_le),
  VL_F("bpchar_pattern_gt", 2, vl_bpchar_gt), VL_F("bpchar_pattern_ge", 2, vl_bpchar_ge),
  VL_F("btbpchar_pattern_cmp", 2, vl_bpchar_cmp),
  VL_CMP_ROWS("bytea", bytea), VL_F("byteacmp", 2, vl_bytea_cmp),
  VL_F("varchar", 3, vl_fn_varchar), VL_F("bpchar", 3, vl_fn_bpchar),
  VL_F("textlen", 1, vl_textlen), VL_F("bpcharlen", 1, vl_bpcharlen),
  VL_F("textoctetlen", 1, vl_octetlen), VL_F("bpcharoctetlen", 1, vl_octetlen),
  VL_F("rtrim1", 1, vl_rtrim_blanks), VL_F("name_text", 1, vl_identity),
  VL_F("text_name", 1, vl_to_name), VL_F("name_bpchar", 1, vl_identity),
  VL_F("bpchar_name", 1, vl_bpchar_to_name),
  VL_F("textcat", 2, vl_textcat), VL_F("byteacat", 2, vl_byteacat),
  {"text_concat", -1, 0, vl_concat}, {"text_concat_ws", -1, 0, vl_concat_ws},
  VL_F("lower", 1, vl_lower), VL_F("upper", 1, vl_upper), VL_F("initcap", 1, vl_initcap),
  VL_F("text_substr", 3, vl_substr), VL_F("text_substr_no_len", 2, vl_substr),
  VL_F("bytea_substr", 3, vl_bytea_substr), VL_F("bytea_substr_no_len", 2, vl_bytea_substr),
  VL_F("textpos", 2, vl_textpos), VL_F("byteapos", 2, vl_byteapos),
  VL_F("text_starts_with", 2, vl_starts_with), VL_F("replace_text", 3, vl_replace),
  VL_F("split_part", 3, vl_split_part),
  VL_F("btrim", 2, vl_btrim), VL_F("btrim1", 1, vl_btrim), VL_F("ltrim", 2, vl_ltrim),
  VL_F("ltrim1", 1, vl_ltrim), VL_F("rtrim", 2, vl_rtrim),
  VL_F("lpad", 3, vl_lpad), VL_F("rpad", 3, vl_rpad),
  VL_F("text_left", 2, vl_left), VL_F("text_right", 2, vl_right), VL_F("repeat", 2, vl_repeat),
  VL_F("text_reverse", 1, vl_reverse), VL_F("translate", 3, vl_translate),
  VL_F("textoverlay", 4, vl_overlay), VL_F("textoverlay_no_len", 3, vl_overlay),
  VL_F("ascii", 1, vl_ascii), VL_F("chr", 1, vl_chr), VL_F("quote_literal", 1, vl_quote_literal),
  {"quote_nullable", 1, 0, vl_quote_nullable},
  VL_F("to_hex32", 1, vl_to_hex32), VL_F("to_hex64", 1, vl_to_hex64),
  VL_F("textlike", 2, vl_like), VL_F("textnlike", 2, vl_notlike), VL_F("namelike", 2, vl_like),
  VL_F("namenlike", 2, vl_notlike),
  VL_F("texticlike", 2, vl_ilike), VL_F("texticnlike", 2, vl_notilike),
  VL_F("nameiclike", 2, vl_ilike), VL_F("nameicnlike", 2, vl_notilike),
  VL_F("bytealike", 2, vl_bytealike), VL_F("byteanlike", 2, vl_byteanotlike),
  VL_F("like_escape", 2, vl_like_escape), VL_F("like_escape_bytea", 2, vl_like_escape),
  VL_F("byteaoctetlen", 1, vl_byteaoctetlen), VL_F("byteaGetByte", 2, vl_get_byte),
  VL_CMP_ROWS("char", char), VL_F("btcharcmp", 2, vl_char_cmp), VL_F("char_text", 1, vl_char_text),
  VL_F("char_bpchar", 1, vl_char_bpchar),
  VL_F("text_char", 1, vl_text_char), VL_F("chartoi4", 1, vl_chartoi4),
  VL_F("i4tochar", 1, vl_i4tochar),
  VL_F("binary_encode", 2, vl_encode_fn), VL_F("binary_decode", 2, vl_decode_fn),
  VL_F("md5_text", 1, vl_md5), VL_F("md5_bytea", 1, vl_md5),
  {NULL, 0, 0, NULL},
};
#undef VL_F
#undef VL_CMP_ROWS
#undef VL_CMPS
#undef VL_MINMAX
#undef VL_NAMEDATALEN

/*
** regexp.c — PostgreSQL's regular expressions (after src/backend/utils/adt
** regexp.c) on PCRE2: the ~ ~* !~ !~* operators, substring(text from
** pattern), regexp_replace, regexp_like, regexp_count, regexp_instr,
** regexp_substr, and similar_to_escape (which SIMILAR TO goes through).
**
** A PostgreSQL ARE is translated to PCRE2 syntax before compiling: the
** escapes that differ (\m \M \y \Y \Z, \b backspace, \B backslash, \v, \u,
** \x), [[:<:]] [[:>:]], collating elements, the ***= / ***: prefixes and
** the leading (?flags) embedded options; PCRE-only syntax that PostgreSQL
** rejects (named groups, possessive quantifiers, \K, \p ...) is refused
** with 2201B like PostgreSQL does.  Not reproduced: PostgreSQL's
** leftmost-longest preference ('ab' ~ 'a|ab' matches "ab" there, "a" in
** PCRE2 — only substring/replace results can differ), basic REs (flag b).
**
** Compiled patterns are kept in a small LRU shared by all connections
** (keyed by pattern and options; a compiled pcre2_code is read-only, so
** sharing it is safe), and a constant pattern argument keeps its entry in
** SQLite's auxdata so a column matched against one pattern looks nothing up.
*/
#define PCRE2_CODE_UNIT_WIDTH 8
#include "adt/adt.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- options (PostgreSQL's parse_re_flags) ---- */

typedef struct RxFlags {
  bool icase, nlstop, nlanch, expanded, quote, basic, glob;
} RxFlags;

/* Apply one option letter, as both the flags argument and an embedded
** (?...) accept it ('g' aside); false if the letter is not an option. */
static bool rx_apply_option(char c, RxFlags *f) {
  switch (c) {
  case 'b': f->basic = true; break;
  case 'c': f->icase = false; break;
  case 'e': f->basic = false; break;
  case 'i': f->icase = true; break;
  case 'm': case 'n': f->nlstop = f->nlanch = true; break;
  case 'p': f->nlstop = true; f->nlanch = false; break;
  case 'q': f->quote = true; break;
  case 's': f->nlstop = f->nlanch = false; break;
  case 't': f->expanded = false; break;
  case 'w': f->nlstop = false; f->nlanch = true; break;
  case 'x': f->expanded = true; break;
  default: return false;
  }
  return true;
}

static int rx_parse_flags(sqlite3_context *ctx, const char *s, size_t n, RxFlags *f) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == 'g') { f->glob = true; continue; }
    if (!rx_apply_option(s[i], f)) {
      size_t l = 1;
      unsigned char c = (unsigned char)s[i];
      if (c >= 0xf0) l = 4; else if (c >= 0xe0) l = 3; else if (c >= 0xc0) l = 2;
      if (i + l > n) l = n - i;
      adt_error(ctx, ERRCODE_INVALID_PARAMETER_VALUE, "invalid regular expression option: \"%.*s\"",
                (int)l, s + i);
      return -1;
    }
  }
  return 0;
}

static unsigned rx_flag_bits(const RxFlags *f) {
  return (unsigned)f->icase | (unsigned)f->nlstop << 1 | (unsigned)f->nlanch << 2 |
         (unsigned)f->expanded << 3 | (unsigned)f->quote << 4 | (unsigned)f->basic << 5;
}

/* ---- ARE -> PCRE2 ---- */

static bool rx_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static bool rx_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* An escape both outside and inside brackets; returns bytes consumed after
** the backslash, or -1 (invalid escape).  inbr: inside a bracket expression. */
static int rx_escape(const char *p, const char *e, bool inbr, StrBuf *o) {
  char c = *p;
  switch (c) {
  case 'm': if (inbr) return -1; sb_puts(o, "\\b(?=\\w)"); return 1;
  case 'M': if (inbr) return -1; sb_puts(o, "\\b(?<=\\w)"); return 1;
  case 'y': if (inbr) return -1; sb_puts(o, "\\b"); return 1;
  case 'Y': if (inbr) return -1; sb_puts(o, "\\B"); return 1;
  case 'A': if (inbr) return -1; sb_puts(o, "\\A"); return 1;
  case 'Z': if (inbr) return -1; sb_puts(o, "\\z"); return 1;
  case 'a': sb_puts(o, "\\x07"); return 1;
  case 'b': sb_puts(o, "\\x08"); return 1;
  case 'B': sb_puts(o, "\\\\"); return 1;
  case 'e': sb_puts(o, "\\x1b"); return 1;
  case 'v': sb_puts(o, "\\x0b"); return 1;
  case 'f': case 'n': case 'r': case 't': case 's': case 'S': case 'w': case 'W':
    sb_putc(o, '\\'); sb_putc(o, c); return 1;
  /* PostgreSQL's \d is the ASCII digits only (the reference's C.UTF-8 iswdigit) */
  case 'd': sb_puts(o, inbr ? "0-9" : "[0-9]"); return 1;
  case 'D': if (inbr) return -1; sb_puts(o, "[^0-9]"); return 1;
  case 'c':
    if (p + 1 >= e) return -1;
    sb_putc(o, '\\'); sb_putc(o, 'c'); sb_putc(o, p[1]); return 2;
  case 'u': case 'U': case 'x': {
    int want = c == 'u' ? 4 : c == 'U' ? 8 : 0, k = 1;
    while (p + k < e && rx_hex(p[k]) && (want == 0 || k <= want)) k++;
    if ((want && k != want + 1) || k == 1) return -1;
    sb_puts(o, "\\x{"); sb_putn(o, p + 1, (size_t)k - 1); sb_putc(o, '}');
    return k;
  }
  default:
    if (c >= '0' && c <= '9') {
      if (inbr && c != '0') return -1;
      sb_putc(o, '\\'); sb_putc(o, c); return 1;
    }
    if (rx_alnum(c)) return -1;
    sb_putc(o, '\\');
    size_t l = 1;
    unsigned char u = (unsigned char)c;
    if (u >= 0xf0) l = 4; else if (u >= 0xe0) l = 3; else if (u >= 0xc0) l = 2;
    if (l > (size_t)(e - p)) l = (size_t)(e - p);
    sb_putn(o, p, l);
    return (int)l;
  }
}

/* Translate; returns NULL (with *msg set to PostgreSQL's wording) when the
** pattern is invalid for PostgreSQL or uses what cannot be translated. */
static char *rx_translate(const char *s, size_t n, bool nlstop, const char **msg) {
  StrBuf o = STRBUF_INIT;
  const char *p = s, *e = s + n;
  sb_puts(&o, "");
  while (p < e) {
    char c = *p;
    if (c == '\\') {
      if (p + 1 >= e) { *msg = "invalid escape \\ sequence"; goto bad; }
      int k = rx_escape(p + 1, e, false, &o);
      if (k < 0) { *msg = "invalid escape \\ sequence"; goto bad; }
      p += 1 + k;
      continue;
    }
    if (c == '(' && p + 1 < e && p[1] == '?') {
      const char *q = p + 2;
      if (q < e && (*q == ':' || *q == '=' || *q == '!')) { sb_putn(&o, p, 3); p += 3; continue; }
      if (q + 1 < e && *q == '<' && (q[1] == '=' || q[1] == '!')) { sb_putn(&o, p, 4); p += 4; continue; }
      if (q < e && *q == '#') {
        while (p < e && *p != ')') p++;
        if (p == e) { *msg = "parentheses () not balanced"; goto bad; }
        p++;
        continue;
      }
      *msg = "quantifier operand invalid";
      goto bad;
    }
    if ((c == '*' || c == '+' || c == '?' || c == '}') && p + 1 < e && p[1] == '+') {
      *msg = "quantifier operand invalid";
      goto bad;
    }
    if (c == '[') {
      if (e - p >= 7 && (!memcmp(p, "[[:<:]]", 7) || !memcmp(p, "[[:>:]]", 7))) {
        sb_puts(&o, p[3] == '<' ? "\\b(?=\\w)" : "\\b(?<=\\w)");
        p += 7;
        continue;
      }
      sb_putc(&o, '[');
      p++;
      if (p < e && *p == '^') {
        sb_putc(&o, '^');
        if (nlstop) sb_puts(&o, "\\n");
        p++;
      }
      if (p < e && *p == ']') { sb_puts(&o, "\\]"); p++; }
      for (;;) {
        if (p >= e) { *msg = "brackets [] not balanced"; goto bad; }
        if (*p == ']') { sb_putc(&o, ']'); p++; break; }
        if (*p == '[' && p + 1 < e && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
          char kind = p[1];
          const char *q = p + 2;
          while (q + 1 < e && !(q[0] == kind && q[1] == ']')) q++;
          if (q + 1 >= e) { *msg = "brackets [] not balanced"; goto bad; }
          if (kind == ':') sb_putn(&o, p, (size_t)(q + 2 - p));
          else {
            /* a collating element or equivalence class of one character */
            size_t l = (size_t)(q - (p + 2));
            unsigned char u = (unsigned char)p[2];
            size_t cl = u >= 0xf0 ? 4 : u >= 0xe0 ? 3 : u >= 0xc0 ? 2 : 1;
            if (l == 0 || l != cl) { *msg = "invalid collating element"; goto bad; }
            if (!rx_alnum(p[2]) && u < 0x80) sb_putc(&o, '\\');
            sb_putn(&o, p + 2, l);
          }
          p = q + 2;
          continue;
        }
        if (*p == '\\') {
          if (p + 1 >= e) { *msg = "invalid escape \\ sequence"; goto bad; }
          int k = rx_escape(p + 1, e, true, &o);
          if (k < 0) { *msg = "invalid escape \\ sequence"; goto bad; }
          p += 1 + k;
          continue;
        }
        if (*p == '[') sb_putc(&o, '\\');
        sb_putc(&o, *p++);
      }
      continue;
    }
    sb_putc(&o, c);
    p++;
  }
  return sb_detach(&o);
bad:
  sb_free(&o);
  return NULL;
}

/* ---- compiled patterns ---- */

typedef struct RxCode {
  char *pat;
  size_t n;
  unsigned bits;
  pcre2_code *code;
  int ncap;
  int refs;              /* the cache's reference + one per user */
  uint64_t used;
} RxCode;

#define RX_CACHE 32
static pthread_mutex_t rx_mu = PTHREAD_MUTEX_INITIALIZER;
static RxCode *rx_cache[RX_CACHE];
static uint64_t rx_tick;

static void rx_unref(void *v) {
  RxCode *c = v;
  pthread_mutex_lock(&rx_mu);
  bool last = --c->refs == 0;
  pthread_mutex_unlock(&rx_mu);
  if (last) {
    pcre2_code_free(c->code);
    free(c->pat);
    free(c);
  }
}

/* Strip the ***= / ***: director and the leading (?flags); returns the
** start of the RE proper, or NULL with *msg. */
static const char *rx_directors(const char *s, size_t *n, RxFlags *f, const char **msg) {
  if (*n >= 4 && !memcmp(s, "***=", 4)) { f->quote = true; *n -= 4; return s + 4; }
  if (*n >= 4 && !memcmp(s, "***:", 4)) { s += 4; *n -= 4; f->basic = false; }
  if (f->quote || f->basic) return s;
  if (*n >= 3 && s[0] == '(' && s[1] == '?' && s[2] >= 'a' && s[2] <= 'z') {
    size_t i = 2;
    for (; i < *n && s[i] != ')'; i++)
      if (!rx_apply_option(s[i], f)) { *msg = "invalid embedded option"; return NULL; }
    if (i >= *n) { *msg = "invalid embedded option"; return NULL; }
    *n -= i + 1;
    return s + i + 1;
  }
  return s;
}

static RxCode *rx_compile(sqlite3_context *ctx, const char *pat, size_t n, const RxFlags *f0) {
  unsigned bits = rx_flag_bits(f0);
  pthread_mutex_lock(&rx_mu);
  RxCode *hit = NULL;
  int victim = 0;
  for (int i = 0; i < RX_CACHE; i++) {
    RxCode *c = rx_cache[i];
    if (!c) { victim = i; continue; }
    if (c->n == n && c->bits == bits && !memcmp(c->pat, pat, n)) { hit = c; break; }
    if (rx_cache[victim] && c->used < rx_cache[victim]->used) victim = i;
  }
  if (hit) {
    hit->used = ++rx_tick;
    hit->refs++;
    pthread_mutex_unlock(&rx_mu);
    return hit;
  }
  pthread_mutex_unlock(&rx_mu);

  RxFlags f = *f0;
  const char *msg = NULL;
  size_t rn = n;
  const char *re = rx_directors(pat, &rn, &f, &msg);
  if (!re) {
    adt_error(ctx, ERRCODE_INVALID_REGULAR_EXPRESSION, "invalid regular expression: %s", msg);
    return NULL;
  }
  if (f.basic) {
    adt_error(ctx, ERRCODE_FEATURE_NOT_SUPPORTED,
              "basic regular expressions (option \"b\") are not supported by pgmicro");
    return NULL;
  }
  uint32_t opts = PCRE2_UTF;
  if (f.icase) opts |= PCRE2_CASELESS;
  char *src;
  if (f.quote) {
    opts |= PCRE2_LITERAL;  /* which admits no UCP, MULTILINE, DOTALL ... */
    src = pgm_strndup(re, rn);
  } else {
    opts |= PCRE2_UCP | (f.nlanch ? PCRE2_MULTILINE : PCRE2_DOLLAR_ENDONLY);
    if (!f.nlstop) opts |= PCRE2_DOTALL;
    if (f.expanded) opts |= PCRE2_EXTENDED;
    src = rx_translate(re, rn, f.nlstop, &msg);
    if (!src) {
      adt_error(ctx, ERRCODE_INVALID_REGULAR_EXPRESSION, "invalid regular expression: %s", msg);
      return NULL;
    }
  }
  int errcode;
  PCRE2_SIZE erroff;
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)src, strlen(src), opts, &errcode, &erroff, NULL);
  free(src);
  if (!code) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(errcode, buf, sizeof buf);
    adt_error(ctx, ERRCODE_INVALID_REGULAR_EXPRESSION, "invalid regular expression: %s",
              (const char *)buf);
    return NULL;
  }
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  /* best effort: the interpreter otherwise */
  uint32_t ncap = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &ncap);
  RxCode *c = pgm_malloc(sizeof *c);
  c->pat = pgm_strndup(pat, n);
  c->n = n;
  c->bits = bits;
  c->code = code;
  c->ncap = (int)ncap;
  c->refs = 2;  /* the cache's and the caller's */

  pthread_mutex_lock(&rx_mu);
  c->used = ++rx_tick;
  RxCode *old = rx_cache[victim];
  rx_cache[victim] = c;
  pthread_mutex_unlock(&rx_mu);
  if (old) rx_unref(old);
  return c;
}

/* The compiled pattern of argument i (text), with options f; a reference
** the caller drops with rx_done().  A constant pattern stays in auxdata. */
static RxCode *rx_get(sqlite3_context *ctx, sqlite3_value **argv, int i, const RxFlags *f) {
  RxCode *c = sqlite3_get_auxdata(ctx, i);
  if (c && c->bits == rx_flag_bits(f)) {
    pthread_mutex_lock(&rx_mu);
    c->refs++;
    pthread_mutex_unlock(&rx_mu);
    return c;
  }
  const char *pat = (const char *)sqlite3_value_text(argv[i]);
  size_t n = (size_t)sqlite3_value_bytes(argv[i]);
  c = rx_compile(ctx, pat ? pat : "", pat ? n : 0, f);
  if (!c) return NULL;
  pthread_mutex_lock(&rx_mu);
  c->refs++;
  pthread_mutex_unlock(&rx_mu);
  sqlite3_set_auxdata(ctx, i, c, rx_unref);  /* may drop that reference at once */
  return c;
}
#define rx_done rx_unref

/* One match of c in s[0..n) at or after byte start; 1 matched (ovector in
** md), 0 none, -1 error raised. */
static int rx_exec(sqlite3_context *ctx, RxCode *c, const char *s, size_t n, size_t start,
                   pcre2_match_data *md) {
  if (start > n) return 0;
  int rc = pcre2_match(c->code, (PCRE2_SPTR)s, n, start, 0, md, NULL);
  if (rc >= 0) return 1;
  if (rc == PCRE2_ERROR_NOMATCH) return 0;
  PCRE2_UCHAR buf[256];
  pcre2_get_error_message(rc, buf, sizeof buf);
  adt_error(ctx, ERRCODE_INVALID_REGULAR_EXPRESSION, "invalid regular expression: %s",
            (const char *)buf);
  return -1;
}

/* ---- UTF-8 positions ---- */

static size_t rx_clen(const char *s, size_t off, size_t n) {
  unsigned char u = (unsigned char)s[off];
  size_t l = u >= 0xf0 ? 4 : u >= 0xe0 ? 3 : u >= 0xc0 ? 2 : 1;
  return off + l > n ? n - off : l;
}
/* Byte offset of character k (0-based); n + 1 when past the end. */
static size_t rx_offset(const char *s, size_t n, int64_t k) {
  size_t off = 0;
  for (; k > 0; k--) {
    if (off >= n) return n + 1;
    off += rx_clen(s, off, n);
  }
  return off;
}
static int64_t rx_chars(const char *s, size_t off) {
  int64_t c = 0;
  for (size_t i = 0; i < off; i++)
    if (((unsigned char)s[i] & 0xc0) != 0x80) c++;
  return c;
}

/* ---- the argument plumbing ---- */

typedef struct RxCall {
  const char *s;
  size_t n;
  RxCode *code;
  pcre2_match_data *md;
  RxFlags f;
} RxCall;

/* Parse the flags (argument fi, or none when fi < 0; extra_i adds 'i'),
** compile the pattern (argument 1). */
static int rx_begin(sqlite3_context *ctx, sqlite3_value **argv, int fi, bool icase,
                    const char *fname, RxCall *rc) {
  memset(rc, 0, sizeof *rc);
  rc->f.icase = icase;
  if (fi >= 0) {
    const char *fl = (const char *)sqlite3_value_text(argv[fi]);
    if (rx_parse_flags(ctx, fl ? fl : "", fl ? (size_t)sqlite3_value_bytes(argv[fi]) : 0, &rc->f))
      return -1;
    if (fname && rc->f.glob) {
      adt_error(ctx, ERRCODE_INVALID_PARAMETER_VALUE, "%s() does not support the \"global\" option",
                fname);
      return -1;
    }
  }
  rc->s = (const char *)sqlite3_value_text(argv[0]);
  rc->n = (size_t)sqlite3_value_bytes(argv[0]);
  if (!rc->s) rc->s = "";
  rc->code = rx_get(ctx, argv, 1, &rc->f);
  if (!rc->code) return -1;
  rc->md = pcre2_match_data_create_from_pattern(rc->code->code, NULL);
  return 0;
}

static void rx_end(RxCall *rc) {
  if (rc->md) pcre2_match_data_free(rc->md);
  if (rc->code) rx_done(rc->code);
}

static int rx_int_arg(sqlite3_context *ctx, sqlite3_value *v, const char *name, int64_t min,
                      int64_t *out) {
  *out = sqlite3_value_int64(v);
  if (*out < min) {
    adt_error(ctx, ERRCODE_INVALID_PARAMETER_VALUE, "invalid value for parameter \"%s\": %lld",
              name, (long long)*out);
    return -1;
  }
  return 0;
}

/* PostgreSQL's engine returns the longest of the leftmost matches where the
** pattern has alternatives ('a|ab' matches "ab" in "ab") and weighs greedy
** against lazy quantifiers by its own rules; PCRE2 returns the first
** alternative that fits.  Whether a pattern matches is the same, but the text
** matched can differ: functions that return or replace the matched text
** refuse such patterns rather than answer differently. */
static int rx_extraction_safe(sqlite3_context *ctx, sqlite3_value *pat) {
  const char *p = (const char *)sqlite3_value_text(pat);
  size_t n = (size_t)sqlite3_value_bytes(pat);
  bool inbr = false;
  for (size_t i = 0; p && i < n; i++) {
    char c = p[i];
    if (c == '\\') { i++; continue; }
    if (inbr) { if (c == ']' ) inbr = false; continue; }
    if (c == '[') { inbr = true; if (i + 1 < n && p[i + 1] == ']') i++; continue; }
    bool lazy = (c == '*' || c == '+' || c == '?' || c == '}') && i + 1 < n && p[i + 1] == '?';
    if (c == '|' || lazy) {
      adt_error(ctx, ERRCODE_FEATURE_NOT_SUPPORTED,
                "regular expressions with alternation or non-greedy quantifiers are not supported by pgmicro yet "
                "in functions that return the matched text");
      return -1;
    }
  }
  return 0;
}

/* ---- ~ ~* !~ !~*, regexp_like ---- */

static void rx_test(sqlite3_context *ctx, sqlite3_value **argv, int fi, bool icase, bool neg,
                    const char *fname) {
  RxCall rc;
  if (rx_begin(ctx, argv, fi, icase, fname, &rc) == 0) {
    int m = rx_exec(ctx, rc.code, rc.s, rc.n, 0, rc.md);
    if (m >= 0) sqlite3_result_int(ctx, neg ? !m : m);
  }
  rx_end(&rc);
}
static void rx_eq(sqlite3_context *ctx, int argc, sqlite3_value **argv) { rx_test(ctx, argv, -1, false, false, NULL); }
static void rx_ne(sqlite3_context *ctx, int argc, sqlite3_value **argv) { rx_test(ctx, argv, -1, false, true, NULL); }
static void rx_iceq(sqlite3_context *ctx, int argc, sqlite3_value **argv) { rx_test(ctx, argv, -1, true, false, NULL); }
static void rx_icne(sqlite3_context *ctx, int argc, sqlite3_value **argv) { rx_test(ctx, argv, -1, true, true, NULL); }
static void rx_like(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  rx_test(ctx, argv, argc > 2 ? 2 : -1, false, false, "regexp_like");
}

/* ---- substring(text from pattern) ---- */

static void rx_substr_pat(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  RxCall rc;
  if (rx_extraction_safe(ctx, argv[1]) != 0) return;
  if (rx_begin(ctx, argv, -1, false, NULL, &rc) == 0 &&
      rx_exec(ctx, rc.code, rc.s, rc.n, 0, rc.md) == 1) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rc.md);
    int g = rc.code->ncap > 0 ? 1 : 0;
    if (ov[2 * g] == PCRE2_UNSET) sqlite3_result_null(ctx);
    else sqlite3_result_text(ctx, rc.s + ov[2 * g], (int)(ov[2 * g + 1] - ov[2 * g]), SQLITE_TRANSIENT);
  }
  rx_end(&rc);
}

/* ---- regexp_replace ---- */

static void rx_put_replacement(StrBuf *o, const char *r, size_t rn, const char *s,
                               const PCRE2_SIZE *ov, int ncap) {
  for (size_t i = 0; i < rn; i++) {
    if (r[i] != '\\' || i + 1 >= rn) { sb_putc(o, r[i]); continue; }
    char c = r[i + 1];
    int g = -1;
    if (c >= '1' && c <= '9') g = c - '0';
    else if (c == '&') g = 0;
    else if (c == '\\') { sb_putc(o, '\\'); i++; continue; }
    else { sb_putc(o, '\\'); continue; }
    i++;
    if (g <= ncap && ov[2 * g] != PCRE2_UNSET) sb_putn(o, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
  }
}

/* replace_text_regexp: replace the nth match at or after character start
** (n = 0: all of them). */
static void rx_replace(sqlite3_context *ctx, sqlite3_value **argv, int fi, int64_t start,
                       int64_t nth, bool n_from_flags) {
  RxCall rc;
  if (rx_extraction_safe(ctx, argv[1]) != 0) return;
  if (rx_begin(ctx, argv, fi, false, NULL, &rc) != 0) { rx_end(&rc); return; }
  if (n_from_flags) nth = rc.f.glob ? 0 : 1;
  const char *r = (const char *)sqlite3_value_text(argv[2]);
  size_t rn = (size_t)sqlite3_value_bytes(argv[2]);
  StrBuf o = STRBUF_INIT;
  sb_puts(&o, "");
  size_t copied = 0, pos = rx_offset(rc.s, rc.n, start - 1);
  int64_t count = 0;
  for (;;) {
    int m = rx_exec(ctx, rc.code, rc.s, rc.n, pos, rc.md);
    if (m < 0) { sb_free(&o); rx_end(&rc); return; }
    if (m == 0) break;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rc.md);
    size_t so = ov[0], eo = ov[1];
    count++;
    if (nth > 0 && count != nth) {
      pos = so == eo ? eo + (eo < rc.n ? rx_clen(rc.s, eo, rc.n) : 1) : eo;
      continue;
    }
    sb_putn(&o, rc.s + copied, so - copied);
    rx_put_replacement(&o, r ? r : "", r ? rn : 0, rc.s, ov, rc.code->ncap);
    copied = eo;
    if (nth > 0) break;
    pos = eo;
    if (so == eo) pos += eo < rc.n ? rx_clen(rc.s, eo, rc.n) : 1;
  }
  sb_putn(&o, rc.s + copied, rc.n - copied);
  size_t len = o.n;
  sqlite3_result_text(ctx, sb_detach(&o), (int)len, free);
  rx_end(&rc);
}

static void rx_replace_noopt(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  rx_replace(ctx, argv, -1, 1, 1, false);
}
static void rx_replace_flags(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  rx_replace(ctx, argv, 3, 1, 0, true);
}
/* (s, p, r, start [, n [, flags]]) */
static void rx_replace_ext(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  int64_t start, n = 1;
  if (rx_int_arg(ctx, argv[3], "start", 1, &start)) return;
  if (argc > 4 && rx_int_arg(ctx, argv[4], "n", 0, &n)) return;
  rx_replace(ctx, argv, argc > 5 ? 5 : -1, start, n, argc <= 4);
}

/* ---- regexp_count, regexp_instr, regexp_substr ---- */

/* The nth match (1-based) at or after character start; 1 found (ovector
** in rc->md), 0 not, -1 error.  nth = 0 counts them all into *count. */
static int rx_find(sqlite3_context *ctx, RxCall *rc, int64_t start, int64_t nth, int64_t *count) {
  size_t pos = rx_offset(rc->s, rc->n, start - 1);
  int64_t k = 0;
  for (;;) {
    int m = rx_exec(ctx, rc->code, rc->s, rc->n, pos, rc->md);
    if (m <= 0) { if (count) *count = k; return m; }
    k++;
    if (nth > 0 && k == nth) return 1;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rc->md);
    pos = ov[1];
    if (ov[0] == ov[1]) pos += pos < rc->n ? rx_clen(rc->s, pos, rc->n) : 1;
  }
}

static void rx_count(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  int64_t start = 1, count = 0;
  if (rx_extraction_safe(ctx, argv[1]) != 0) return;
  if (argc > 2 && rx_int_arg(ctx, argv[2], "start", 1, &start)) return;
  RxCall rc;
  if (rx_begin(ctx, argv, argc > 3 ? 3 : -1, false, "regexp_count", &rc) == 0 &&
      rx_find(ctx, &rc, start, 0, &count) >= 0)
    sqlite3_result_int64(ctx, count);
  rx_end(&rc);
}

/* regexp_instr(s, p [, start [, n [, endoption [, flags [, subexpr]]]]]) */
static void rx_instr(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  int64_t start = 1, n = 1, endopt = 0, sub = 0;
  if (rx_extraction_safe(ctx, argv[1]) != 0) return;
  if (argc > 2 && rx_int_arg(ctx, argv[2], "start", 1, &start)) return;
  if (argc > 3 && rx_int_arg(ctx, argv[3], "n", 1, &n)) return;
  if (argc > 4) {
    endopt = sqlite3_value_int64(argv[4]);
    if (endopt != 0 && endopt != 1) {
      adt_error(ctx, ERRCODE_INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"%s\": %lld", "endoption", (long long)endopt);
      return;
    }
  }
  if (argc > 6 && rx_int_arg(ctx, argv[6], "subexpr", 0, &sub)) return;
  RxCall rc;
  if (rx_begin(ctx, argv, argc > 5 ? 5 : -1, false, "regexp_instr", &rc) == 0) {
    int m = rx_find(ctx, &rc, start, n, NULL);
    if (m == 0 || (m == 1 && sub > rc.code->ncap)) sqlite3_result_int(ctx, 0);
    else if (m == 1) {
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rc.md);
      PCRE2_SIZE at = ov[2 * sub + endopt];
      if (at == PCRE2_UNSET) sqlite3_result_int(ctx, 0);
      else sqlite3_result_int64(ctx, rx_chars(rc.s, at) + 1);
    }
  }
  rx_end(&rc);
}

/* regexp_substr(s, p [, start [, n [, flags [, subexpr]]]]) */
static void rx_substr(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  int64_t start = 1, n = 1, sub = 0;
  if (rx_extraction_safe(ctx, argv[1]) != 0) return;
  if (argc > 2 && rx_int_arg(ctx, argv[2], "start", 1, &start)) return;
  if (argc > 3 && rx_int_arg(ctx, argv[3], "n", 1, &n)) return;
  if (argc > 5 && rx_int_arg(ctx, argv[5], "subexpr", 0, &sub)) return;
  RxCall rc;
  if (rx_begin(ctx, argv, argc > 4 ? 4 : -1, false, "regexp_substr", &rc) == 0) {
    int m = rx_find(ctx, &rc, start, n, NULL);
    if (m == 0 || (m == 1 && sub > rc.code->ncap)) sqlite3_result_null(ctx);
    else if (m == 1) {
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rc.md);
      if (ov[2 * sub] == PCRE2_UNSET) sqlite3_result_null(ctx);
      else sqlite3_result_text(ctx, rc.s + ov[2 * sub], (int)(ov[2 * sub + 1] - ov[2 * sub]),
                               SQLITE_TRANSIENT);
    }
  }
  rx_end(&rc);
}

/* ---- similar_to_escape: SQL's SIMILAR TO pattern -> an ARE ---- */

static void rx_similar(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  const char *p = (const char *)sqlite3_value_text(argv[0]);
  size_t n = (size_t)sqlite3_value_bytes(argv[0]);
  const char *esc = "\\";
  size_t elen = 1;
  if (argc > 1) {
    if (sqlite3_value_type(argv[1]) == SQLITE_NULL) { sqlite3_result_null(ctx); return; }
    esc = (const char *)sqlite3_value_text(argv[1]);
    elen = (size_t)sqlite3_value_bytes(argv[1]);
    if (elen > 0 && rx_clen(esc, 0, elen) != elen) {
      pgm_error *e = pgm_error_new(ERRCODE_INVALID_ESCAPE_SEQUENCE, "invalid escape string");
      e->hint = pgm_strdup("Escape string must be empty or one character.");
      adt_raise(ctx, e);
      return;
    }
  }
  StrBuf o = STRBUF_INIT;
  sb_puts(&o, "^(?:");
  bool afterescape = false, incharclass = false;
  int nquotes = 0, ccstart = 0;
  for (size_t i = 0; i < n;) {
    size_t l = rx_clen(p, i, n);
    char c = p[i];
    if (afterescape) {
      if (c == '"' && !incharclass) {
        if (nquotes == 0) sb_puts(&o, "){1,1}?(");
        else if (nquotes == 1) sb_puts(&o, "){1,1}(?:");
        else {
          sb_free(&o);
          adt_error(ctx, ERRCODE_INVALID_USE_OF_ESCAPE_CHARACTER,
                    "SQL regular expression may not contain more than two escape-double-quote separators");
          return;
        }
        nquotes++;
      } else {
        sb_putc(&o, '\\');
        sb_putn(&o, p + i, l);
      }
      afterescape = false;
    } else if (elen > 0 && l == elen && !memcmp(p + i, esc, elen)) {
      afterescape = true;
    } else if (incharclass) {
      if (c == '\\') sb_putc(&o, '\\');
      sb_putn(&o, p + i, l);
      if (c == ']' && ccstart > 2) incharclass = false;
      else if (c == '^') ccstart++;
      else ccstart = 3;
    } else if (c == '[') {
      sb_putc(&o, '[');
      incharclass = true;
      ccstart = 1;
    } else if (c == '%') sb_puts(&o, ".*");
    else if (c == '_') sb_putc(&o, '.');
    else if (c == '(') sb_puts(&o, "(?:");
    else if (c == '\\' || c == '.' || c == '^' || c == '$') {
      sb_putc(&o, '\\');
      sb_putc(&o, c);
    } else sb_putn(&o, p + i, l);
    i += l;
  }
  sb_puts(&o, ")$");
  size_t len = o.n;
  sqlite3_result_text(ctx, sb_detach(&o), (int)len, free);
}

/* ---- the table ---- */

const AdtFunc adt_regexp_funcs[] = {
  {"textregexeq", 2, ADT_STRICT, rx_eq},
  {"textregexne", 2, ADT_STRICT, rx_ne},
  {"texticregexeq", 2, ADT_STRICT, rx_iceq},
  {"texticregexne", 2, ADT_STRICT, rx_icne},
  {"textregexsubstr", 2, ADT_STRICT, rx_substr_pat},
  {"textregexreplace_noopt", 3, ADT_STRICT, rx_replace_noopt},
  {"textregexreplace", 4, ADT_STRICT, rx_replace_flags},
  {"textregexreplace_extended_no_n", 4, ADT_STRICT, rx_replace_ext},
  {"textregexreplace_extended_no_flags", 5, ADT_STRICT, rx_replace_ext},
  {"textregexreplace_extended", 6, ADT_STRICT, rx_replace_ext},
  {"regexp_like_no_flags", 2, ADT_STRICT, rx_like},
  {"regexp_like", 3, ADT_STRICT, rx_like},
  {"regexp_count_no_start", 2, ADT_STRICT, rx_count},
  {"regexp_count_no_flags", 3, ADT_STRICT, rx_count},
  {"regexp_count", 4, ADT_STRICT, rx_count},
  {"regexp_instr_no_start", 2, ADT_STRICT, rx_instr},
  {"regexp_instr_no_n", 3, ADT_STRICT, rx_instr},
  {"regexp_instr_no_endoption", 4, ADT_STRICT, rx_instr},
  {"regexp_instr_no_flags", 5, ADT_STRICT, rx_instr},
  {"regexp_instr_no_subexpr", 6, ADT_STRICT, rx_instr},
  {"regexp_instr", 7, ADT_STRICT, rx_instr},
  {"regexp_substr_no_start", 2, ADT_STRICT, rx_substr},
  {"regexp_substr_no_n", 3, ADT_STRICT, rx_substr},
  {"regexp_substr_no_flags", 4, ADT_STRICT, rx_substr},
  {"regexp_substr_no_subexpr", 5, ADT_STRICT, rx_substr},
  {"regexp_substr", 6, ADT_STRICT, rx_substr},
  {"similar_to_escape_1", 1, ADT_STRICT, rx_similar},
  {"similar_to_escape_2", 2, ADT_STRICT, rx_similar},
  {NULL, 0, 0, NULL},
};
#undef rx_done
#undef RX_CACHE

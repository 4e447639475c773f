/*
** uuid.c — the uuid type, after PostgreSQL's utils/adt/uuid.c.  Stored as
** lowercase canonical text (8-4-4-4-12): byte order equals the order of
** the lowercase hex text, so SQLite's own text comparison sorts uuids as
** PostgreSQL does.
*/
#include "adt/adt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

static int uuid_hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* PostgreSQL's string_to_uuid: optional braces, a hyphen allowed after
** any group of four hex digits. */
static int uuid_parse(const char *s, size_t n, unsigned char out[16]) {
  size_t i = 0;
  bool braces = n > 0 && s[0] == '{';
  if (braces) i++;
  for (int b = 0; b < 16; b++) {
    if (i + 2 > n) return -1;
    int hi = uuid_hexval(s[i]), lo = uuid_hexval(s[i + 1]);
    if (hi < 0 || lo < 0) return -1;
    out[b] = (unsigned char)(hi << 4 | lo);
    i += 2;
    if (i < n && s[i] == '-' && b % 2 == 1 && b < 15) i++;
  }
  if (braces) {
    if (i >= n || s[i] != '}') return -1;
    i++;
  }
  return i == n ? 0 : -1;
}

static char *uuid_format(const unsigned char b[16]) {
  static const char hex[] = "0123456789abcdef";
  char *p = pgm_malloc(37), *q = p;
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) *q++ = '-';
    *q++ = hex[b[i] >> 4];
    *q++ = hex[b[i] & 15];
  }
  *q = 0;
  return p;
}

static int uuid_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  unsigned char b[16];
  (void)db;
  (void)typmod;
  if (uuid_parse(s, n, b)) {
    *err = pgm_error_new(ERRCODE_INVALID_TEXT_REPRESENTATION, "invalid input syntax for type uuid: \"%.*s\"",
                         (int)n, s);
    return -1;
  }
  out->kind = D_TEXT;
  out->p = uuid_format(b);
  out->n = 36;
  return 0;
}

static void uuid_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)db;
  (void)typmod;
  if (v->kind == D_TEXT || v->kind == D_BLOB) sb_putn(out, v->p, v->n);
}

const AdtTypeIO adt_uuid_types[] = {
  {2950, 't', uuid_in, uuid_out},
  {0, 0, NULL, NULL},
};

/* Both arguments are canonical lowercase text: compare bytes. */
static int uuid_compare(sqlite3_value **argv) {
  const char *a = (const char *)sqlite3_value_text(argv[0]);
  const char *b = (const char *)sqlite3_value_text(argv[1]);
  int r = strcmp(a ? a : "", b ? b : "");
  return r < 0 ? -1 : r > 0;
}

#define UUID_CMP(name, expr)                                               \
  static void name(sqlite3_context *c, int n, sqlite3_value **argv) {     \
    (void)n;                                                               \
    int r = uuid_compare(argv);                                            \
    sqlite3_result_int(c, expr);                                           \
  }
UUID_CMP(uuid_eq, r == 0)
UUID_CMP(uuid_ne, r != 0)
UUID_CMP(uuid_lt, r < 0)
UUID_CMP(uuid_le, r <= 0)
UUID_CMP(uuid_gt, r > 0)
UUID_CMP(uuid_ge, r >= 0)
UUID_CMP(uuid_cmp, r)

/* gen_random_uuid(): version 4, variant RFC 4122, from the kernel's CSPRNG. */
static void gen_random_uuid(sqlite3_context *c, int n, sqlite3_value **argv) {
  unsigned char b[16];
  size_t got = 0;
  (void)n;
  (void)argv;
  while (got < sizeof b) {
    ssize_t r = getrandom(b + got, sizeof b - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      adt_error(c, ERRCODE_INTERNAL_ERROR, "could not generate random values");
      return;
    }
    got += (size_t)r;
  }
  b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
  b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
  sqlite3_result_text(c, uuid_format(b), 36, free);
}

const AdtFunc adt_uuid_funcs[] = {
  {"uuid_eq", 2, ADT_STRICT, uuid_eq},
  {"uuid_ne", 2, ADT_STRICT, uuid_ne},
  {"uuid_lt", 2, ADT_STRICT, uuid_lt},
  {"uuid_le", 2, ADT_STRICT, uuid_le},
  {"uuid_gt", 2, ADT_STRICT, uuid_gt},
  {"uuid_ge", 2, ADT_STRICT, uuid_ge},
  {"uuid_cmp", 2, ADT_STRICT, uuid_cmp},
  {"gen_random_uuid", 0, ADT_VOLATILE, gen_random_uuid},
  {NULL, 0, 0, NULL},
};

/*
** binary_array.c — array_send and array_recv (PostgreSQL's arrayfuncs.c)
** for arrays of the types binary.c has a binary form for:
**
**   int32 ndim, int32 flags (1 if any element is NULL), uint32 element type,
**   ndim x (int32 length, int32 lower bound), then each element as int32
**   length (-1 for NULL) and the element type's own binary form.
**
** An empty array has ndim 0 and no dimensions.  The engine keeps an array as
** its text output ("{1,NULL,\"a b\"}", "[0:1]={...}" for other lower
** bounds), so send reads that text and sends each element as its type
** does; receive writes an array literal.
*/
#include "adt/binary.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BIN_MAXDIM 6                /* PostgreSQL's MAXDIM */

/* PostgreSQL 15's pg_type.typarray of the element types with a binary form
** (see /work/shared/pgdata/pg_type.csv). */
static const struct { Oid array, elem; } bin_array_types[] = {
  {1000, PGM_OID_BOOL}, {1001, PGM_OID_BYTEA}, {1003, PGM_OID_NAME}, {1016, PGM_OID_INT8},
  {1005, PGM_OID_INT2}, {1007, PGM_OID_INT4}, {1009, PGM_OID_TEXT}, {1028, PGM_OID_OID},
  {199, PGM_OID_JSON}, {1021, PGM_OID_FLOAT4}, {1022, PGM_OID_FLOAT8}, {1014, PGM_OID_BPCHAR},
  {1015, PGM_OID_VARCHAR}, {1182, PGM_OID_DATE}, {1183, PGM_OID_TIME}, {1115, PGM_OID_TIMESTAMP},
  {1185, PGM_OID_TIMESTAMPTZ}, {1187, PGM_OID_INTERVAL}, {1231, PGM_OID_NUMERIC},
  {2951, PGM_OID_UUID}, {3807, PGM_OID_JSONB},
};

Oid adt_binary_array_elem(Oid array_type) {
  for (size_t i = 0; i < sizeof bin_array_types / sizeof bin_array_types[0]; i++)
    if (bin_array_types[i].array == array_type) return bin_array_types[i].elem;
  return 0;
}

/* ---- Reading the text output ---- */

/* The elements (unescaped, NUL-separated in buf) and shape of one array. */
typedef struct BinArrayText {
  StrBuf buf;
  size_t *off;                /* offset of each element in buf.p, or SIZE_MAX for NULL */
  int n, cap;
  int ndim;
  int dims[BIN_MAXDIM], lbs[BIN_MAXDIM];
  int seen[BIN_MAXDIM];       /* dims[d] is known */
} BinArrayText;

static void bat_free(BinArrayText *a) {
  sb_free(&a->buf);
  free(a->off);
}

static void bat_push(BinArrayText *a, size_t off) {
  if (a->n == a->cap) {
    a->cap = a->cap ? 2 * a->cap : 16;
    a->off = pgm_realloc(a->off, (size_t)a->cap * sizeof *a->off);
  }
  a->off[a->n++] = off;
}

typedef struct BinScan {
  const char *p, *end;
} BinScan;

static void bscan_space(BinScan *s) {
  while (s->p < s->end && isspace((unsigned char)*s->p)) s->p++;
}

/* One element: quoted with backslash escapes, or bare up to ',' or '}'
** (a bare NULL is SQL NULL). */
static int bscan_element(BinScan *s, BinArrayText *a) {
  size_t start = a->buf.n;
  int quoted = s->p < s->end && *s->p == '"';
  if (quoted) s->p++;
  while (s->p < s->end) {
    char ch = *s->p;
    if (quoted ? ch == '"' : (ch == ',' || ch == '}')) break;
    if (ch == '\\') {
      if (++s->p == s->end) return 0;
      ch = *s->p;
    }
    sb_putc(&a->buf, ch);
    s->p++;
  }
  if (quoted && !(s->p < s->end && *s->p++ == '"')) return 0;
  if (!quoted) {
    while (a->buf.n > start && isspace((unsigned char)a->buf.p[a->buf.n - 1])) a->buf.n--;
    if (a->buf.n == start) return 0;
    if (a->buf.n - start == 4 && !strncasecmp(a->buf.p + start, "NULL", 4)) {
      a->buf.n = start;
      bat_push(a, SIZE_MAX);
      return 1;
    }
  }
  sb_putc(&a->buf, '\0');             /* the separator */
  bat_push(a, start);
  return 1;
}

/* "{...}" at nesting depth d: elements or sub-arrays, every sub-array of a
** level as long as the first. */
static int bscan_level(BinScan *s, BinArrayText *a, int d) {
  if (d >= BIN_MAXDIM || !(s->p < s->end && *s->p++ == '{')) return 0;
  bscan_space(s);
  int count = 0;
  if (s->p < s->end && *s->p == '}') {
    s->p++;
    return d == 0;                      /* only the whole array may be empty */
  }
  for (;;) {
    bscan_space(s);
    int ok = s->p < s->end && *s->p == '{' ? bscan_level(s, a, d + 1) : bscan_element(s, a);
    if (!ok) return 0;
    count++;
    bscan_space(s);
    if (s->p < s->end && *s->p == ',') { s->p++; continue; }
    if (!(s->p < s->end && *s->p++ == '}')) return 0;
    break;
  }
  if (d + 1 > a->ndim) a->ndim = d + 1;
  if (a->seen[d] && a->dims[d] != count) return 0;
  a->seen[d] = 1;
  a->dims[d] = count;
  return 1;
}

/* "[lb:ub][lb:ub]=" before the braces, when a lower bound is not 1. */
static int bscan_bounds(BinScan *s, int *lbs, int *dims, int *ndim) {
  *ndim = 0;
  while (s->p < s->end && *s->p == '[') {
    if (*ndim == BIN_MAXDIM) return 0;
    char *e;
    long lb = strtol(s->p + 1, &e, 10);
    if (*e != ':') return 0;
    long ub = strtol(e + 1, &e, 10);
    if (*e != ']' || ub < lb - 1) return 0;
    lbs[*ndim] = (int)lb;
    dims[*ndim] = (int)(ub - lb + 1);
    (*ndim)++;
    s->p = e + 1;
  }
  if (*ndim && !(s->p < s->end && *s->p++ == '=')) return 0;
  return 1;
}

static int bin_array_from_text(const char *text, size_t n, BinArrayText *a) {
  BinScan s = {text, text + n};
  int blbs[BIN_MAXDIM], bdims[BIN_MAXDIM], bndim;
  if (!bscan_bounds(&s, blbs, bdims, &bndim) || !bscan_level(&s, a, 0)) return 0;
  bscan_space(&s);
  if (s.p != s.end) return 0;
  for (int d = 0; d < a->ndim; d++) a->lbs[d] = 1;
  if (bndim) {
    if (bndim != a->ndim) return 0;
    for (int d = 0; d < bndim; d++) {
      if (bdims[d] != a->dims[d]) return 0;
      a->lbs[d] = blbs[d];
    }
  }
  return 1;
}

/* ---- array_send ---- */

static void bin_put_int32(StrBuf *out, int32_t v) {
  uint32_t u = (uint32_t)v;
  char b[4] = {(char)(u >> 24), (char)(u >> 16), (char)(u >> 8), (char)u};
  sb_putn(out, b, 4);
}

/* One element's send form from its stored text (written under the fixed
** settings of arrayfuncs.c, so read under them). */
static int bin_elem_send(pgm_db *db, Oid elem, int32_t typmod, const char *e, StrBuf *out) {
  Datum d;
  pgm_error *err = NULL;
  AdtCanon c;
  adt_canon_enter(db, &c);
  int rc_in = adt_input(db, elem, typmod, e, strlen(e), &d, &err);
  adt_canon_leave(db, &c);
  if (rc_in != 0) {
    pgm_error_free(err);
    return -1;
  }
  int rc = adt_send_datum(db, elem, typmod, &d, out);
  pgm_datum_free(&d);
  return rc;
}

int adt_array_send_stored(pgm_db *db, Oid elem, int32_t typmod, const char *s, size_t n, StrBuf *out) {
  BinArrayText a;
  memset(&a, 0, sizeof a);
  if (!bin_array_from_text(s, n, &a)) { bat_free(&a); return -1; }
  int hasnull = 0;
  for (int i = 0; i < a.n; i++) hasnull |= a.off[i] == SIZE_MAX;
  bin_put_int32(out, a.ndim);
  bin_put_int32(out, hasnull);
  bin_put_int32(out, (int32_t)elem);
  for (int d = 0; d < a.ndim; d++) {
    bin_put_int32(out, a.dims[d]);
    bin_put_int32(out, a.lbs[d]);
  }
  int rc = 0;
  for (int i = 0; i < a.n && rc == 0; i++) {
    if (a.off[i] == SIZE_MAX) { bin_put_int32(out, -1); continue; }
    const char *e = a.buf.p + a.off[i];
    size_t len_at = out->n;
    bin_put_int32(out, 0);              /* the length, filled in below */
    rc = bin_elem_send(db, elem, typmod, e, out);
    uint32_t body = (uint32_t)(out->n - len_at - 4);
    for (int k = 0; k < 4; k++) out->p[len_at + (size_t)k] = (char)(body >> (24 - 8 * k));
  }
  bat_free(&a);
  return rc;
}

/* ---- array_recv ---- */

typedef struct BinReader {
  const unsigned char *p, *end;
} BinReader;

static int bread_int32(BinReader *r, int32_t *v) {
  if (r->end - r->p < 4) return 0;
  *v = (int32_t)((uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 | r->p[3]);
  r->p += 4;
  return 1;
}

/* One element, double-quoted with '"' and '\' escaped. */
static int brecv_element(BinReader *r, Oid elem, StrBuf *t) {
  int32_t len;
  if (!bread_int32(r, &len) || len < -1 || (len >= 0 && r->end - r->p < len)) return -1;
  if (len == -1) { sb_puts(t, "NULL"); return 1; }
  StrBuf v = STRBUF_INIT;
  int rc = adt_recv_text(elem, r->p, (size_t)len, &v);
  r->p += len;
  if (rc == 1) {
    sb_putc(t, '"');
    for (size_t i = 0; i < v.n; i++) {
      if (v.p[i] == '"' || v.p[i] == '\\') sb_putc(t, '\\');
      sb_putc(t, v.p[i]);
    }
    sb_putc(t, '"');
  }
  sb_free(&v);
  return rc == 1 ? 1 : -1;
}

/* The elements of dimension d onward, in braces. */
static int brecv_level(BinReader *r, Oid elem, const int32_t *dims, int ndim, int d, StrBuf *t) {
  sb_putc(t, '{');
  for (int32_t i = 0; i < dims[d]; i++) {
    if (i) sb_putc(t, ',');
    int rc = d + 1 < ndim ? brecv_level(r, elem, dims, ndim, d + 1, t) : brecv_element(r, elem, t);
    if (rc != 1) return rc;
  }
  sb_putc(t, '}');
  return 1;
}

int adt_array_recv_text(Oid array_type, const unsigned char *p, size_t len, StrBuf *t) {
  Oid elem = adt_binary_array_elem(array_type);
  if (!elem) return 0;
  BinReader r = {p, p + len};
  int32_t ndim, flags, type, dims[BIN_MAXDIM], lbs[BIN_MAXDIM];
  if (!bread_int32(&r, &ndim) || !bread_int32(&r, &flags) || !bread_int32(&r, &type)) return -1;
  if (ndim < 0 || ndim > BIN_MAXDIM || (flags != 0 && flags != 1) || (uint32_t)type != elem) return -1;
  int64_t total = ndim ? 1 : 0;
  int lb_not_one = 0;
  for (int d = 0; d < ndim; d++) {
    if (!bread_int32(&r, &dims[d]) || !bread_int32(&r, &lbs[d]) || dims[d] < 0) return -1;
    total *= dims[d];
    if (total > (int64_t)len) return -1;   /* each element takes 4 bytes at least */
    lb_not_one |= lbs[d] != 1;
  }
  if (total == 0) { sb_puts(t, "{}"); return r.p == r.end ? 1 : -1; }
  /* the engine gives its own answer to other lower bounds and to several
   * dimensions; the literal keeps them */
  for (int d = 0; d < ndim && lb_not_one; d++)
    sb_printf(t, "[%d:%lld]", lbs[d], (long long)lbs[d] + dims[d] - 1);
  if (lb_not_one) sb_putc(t, '=');
  int rc = brecv_level(&r, elem, dims, ndim, 0, t);
  return rc == 1 && r.p != r.end ? -1 : rc;
}

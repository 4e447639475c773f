/*
** ordered_agg.c — aggregates whose result depends on the order of their
** rows, called with ORDER BY inside the call (string_agg(x, ',' ORDER BY y)).
** SQLite 3.40 has no ordered aggregates, so these collect their rows, sort
** them with PostgreSQL's ordering at the end, then fold.
**
**   pgm_ordered_string_agg(value, delimiter, spec, key1, key2, ...)
**   pgm_ordered_array_agg(value, element type OID, spec, key1, key2, ...)
**
** spec describes each key: direction ('a' or 'd'), NULL placement ('f'
** first or 'l' last) and collation ('-' bytes, 'n' numeric, 'i' interval,
** 'r' bpchar), e.g. "afn dl-" for two keys.
*/
#include "adt/adt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct OrdRow {
  sqlite3_value **vals;    /* value, delimiter, keys... (copies) */
  size_t seq;              /* arrival order: ties keep it, like a stable sort */
} OrdRow;

typedef struct OrdState {
  OrdRow *rows;
  size_t n, cap;
  int nvals;
  char spec[96];
} OrdState;

static const char *ord_coll(char c) {
  switch (c) {
  case 'n': return "pgm_numeric";
  case 'i': return "pgm_interval";
  case 'r': return "RTRIM";
  default: return NULL;
  }
}

static int ord_compare_value(sqlite3_value *a, sqlite3_value *b, char coll) {
  int ta = sqlite3_value_type(a), tb = sqlite3_value_type(b);
  if ((ta == SQLITE_INTEGER || ta == SQLITE_FLOAT) && (tb == SQLITE_INTEGER || tb == SQLITE_FLOAT)) {
    if (ta == SQLITE_INTEGER && tb == SQLITE_INTEGER) {
      sqlite3_int64 x = sqlite3_value_int64(a), y = sqlite3_value_int64(b);
      return x < y ? -1 : x > y;
    }
    double x = sqlite3_value_double(a), y = sqlite3_value_double(b);
    return x < y ? -1 : x > y;
  }
  if (ta == SQLITE_BLOB || tb == SQLITE_BLOB) {
    int na = sqlite3_value_bytes(a), nb = sqlite3_value_bytes(b);
    int c = memcmp(sqlite3_value_blob(a), sqlite3_value_blob(b), (size_t)(na < nb ? na : nb));
    return c ? (c < 0 ? -1 : 1) : (na < nb ? -1 : na > nb);
  }
  return adt_collate(ord_coll(coll), (const char *)sqlite3_value_text(a), sqlite3_value_bytes(a),
                     (const char *)sqlite3_value_text(b), sqlite3_value_bytes(b));
}

static int ord_cmp(const void *pa, const void *pb, void *arg) {
  const OrdRow *a = pa, *b = pb;
  const char *spec = arg;
  for (int k = 0; spec[k * 4]; k++) {
    sqlite3_value *x = a->vals[2 + k], *y = b->vals[2 + k];
    bool xn = sqlite3_value_type(x) == SQLITE_NULL, yn = sqlite3_value_type(y) == SQLITE_NULL;
    bool desc = spec[k * 4] == 'd', nulls_first = spec[k * 4 + 1] == 'f';
    int c;
    if (xn || yn) c = xn == yn ? 0 : (xn ? (nulls_first ? -1 : 1) : (nulls_first ? 1 : -1));
    else c = desc ? -ord_compare_value(x, y, spec[k * 4 + 2]) : ord_compare_value(x, y, spec[k * 4 + 2]);
    if (c) return c;
    if (!spec[k * 4 + 3]) break;
  }
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void ord_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  OrdState *s = sqlite3_aggregate_context(ctx, sizeof *s);
  if (!s) { sqlite3_result_error_nomem(ctx); return; }
  if (!s->nvals) {
    s->nvals = argc - 1;          /* without the spec */
    snprintf(s->spec, sizeof s->spec, "%s", (const char *)sqlite3_value_text(argv[2]));
  }
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 16;
    s->rows = pgm_realloc(s->rows, sizeof(OrdRow) * s->cap);
  }
  OrdRow *r = &s->rows[s->n];
  r->seq = s->n++;
  r->vals = pgm_malloc(sizeof(sqlite3_value *) * (size_t)s->nvals);
  r->vals[0] = sqlite3_value_dup(argv[0]);
  r->vals[1] = sqlite3_value_dup(argv[1]);
  for (int i = 3; i < argc; i++) r->vals[i - 1] = sqlite3_value_dup(argv[i]);
}

static void ord_free(OrdState *s) {
  for (size_t i = 0; i < s->n; i++) {
    for (int k = 0; k < s->nvals; k++) sqlite3_value_free(s->rows[i].vals[k]);
    free(s->rows[i].vals);
  }
  free(s->rows);
}

static void ord_string_final(sqlite3_context *ctx) {
  OrdState *s = sqlite3_aggregate_context(ctx, 0);
  if (!s || !s->n) { sqlite3_result_null(ctx); return; }
  qsort_r(s->rows, s->n, sizeof(OrdRow), ord_cmp, s->spec);
  StrBuf b = STRBUF_INIT;
  bool any = false;
  for (size_t i = 0; i < s->n; i++) {
    sqlite3_value *v = s->rows[i].vals[0], *d = s->rows[i].vals[1];
    if (sqlite3_value_type(v) == SQLITE_NULL) continue;
    if (any && sqlite3_value_type(d) != SQLITE_NULL) sb_putn(&b, (const char *)sqlite3_value_text(d), (size_t)sqlite3_value_bytes(d));
    sb_putn(&b, (const char *)sqlite3_value_text(v), (size_t)sqlite3_value_bytes(v));
    any = true;
  }
  if (any) sqlite3_result_text(ctx, b.p ? b.p : "", (int)b.n, SQLITE_TRANSIENT);
  else sqlite3_result_null(ctx);
  sb_free(&b);
  ord_free(s);
}

/* array_agg(x ORDER BY ...): the delimiter slot carries the element type. */
static void ord_array_final(sqlite3_context *ctx) {
  OrdState *s = sqlite3_aggregate_context(ctx, 0);
  if (!s || !s->n) { sqlite3_result_null(ctx); return; }
  qsort_r(s->rows, s->n, sizeof(OrdRow), ord_cmp, s->spec);
  StrBuf b = STRBUF_INIT;
  Oid elem = (Oid)sqlite3_value_int64(s->rows[0].vals[1]);
  for (size_t i = 0; i < s->n; i++) {
    sb_putc(&b, i ? ',' : '{');
    adt_array_put_elem(adt_db(ctx), elem, s->rows[i].vals[0], &b);
  }
  sb_putc(&b, '}');
  sqlite3_result_text(ctx, b.p, (int)b.n, SQLITE_TRANSIENT);
  sb_free(&b);
  ord_free(s);
}

const AdtAgg adt_ordered_aggregates[] = {
  {2335, "pgm_ordered_array_agg", -1, ord_step, ord_array_final},     /* array_agg(anynonarray ORDER BY ...) */
  {3538, "pgm_ordered_string_agg", -1, ord_step, ord_string_final},   /* string_agg(text, text ORDER BY ...) */
  {0, NULL, 0, NULL, NULL},
};

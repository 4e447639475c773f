/*
** collations.c — SQLite collations that give PostgreSQL's ordering and
** equality for the types stored as text whose text order is not their
** value order.  The translator attaches them (COLLATE) wherever SQLite
** compares values itself: ORDER BY, GROUP BY, DISTINCT, set operations,
** window partitions.  Without them, ORDER BY a numeric column would sort
** '10' before '9' — a wrong answer.
**
**   pgm_numeric   numeric's canonical text ("-12.50", "NaN", "Infinity"):
**                 by value, 1.0 = 1.00, NaN above everything (as PostgreSQL)
**   pgm_interval  interval text: by PostgreSQL's interval_cmp (months as 30
**                 days, days as 24 hours)
**   RTRIM         (SQLite's own) bpchar: trailing spaces are insignificant
*/
#include "adt/adt.h"
#include "adt/datetime.h"

#include <string.h>

/* Rank of the special values: -Infinity < finite < Infinity < NaN. */
static int coll_num_special(const char *s, int n) {
  if (n == 3 && !memcmp(s, "NaN", 3)) return 3;
  if (n == 8 && !memcmp(s, "Infinity", 8)) return 2;
  if (n == 9 && !memcmp(s, "-Infinity", 9)) return 0;
  return 1;
}

/* Compare two non-negative decimal strings by value. */
static int coll_num_abs(const char *a, int na, const char *b, int nb) {
  const char *da = memchr(a, '.', (size_t)na), *db = memchr(b, '.', (size_t)nb);
  int ia = da ? (int)(da - a) : na, ib = db ? (int)(db - b) : nb;
  /* Canonical text has no leading zeros except a lone "0" before the point. */
  while (ia > 1 && *a == '0') { a++; ia--; na--; }
  while (ib > 1 && *b == '0') { b++; ib--; nb--; }
  if (ia != ib) return ia < ib ? -1 : 1;
  int c = memcmp(a, b, (size_t)ia);
  if (c) return c < 0 ? -1 : 1;
  const char *fa = ia < na ? a + ia + 1 : "", *fb = ib < nb ? b + ib + 1 : "";
  int la = ia < na ? na - ia - 1 : 0, lb = ib < nb ? nb - ib - 1 : 0;
  for (int i = 0; i < la || i < lb; i++) {
    char x = i < la ? fa[i] : '0', y = i < lb ? fb[i] : '0';
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

static int coll_numeric(void *arg, int na, const void *va, int nb, const void *vb) {
  (void)arg;
  const char *a = va, *b = vb;
  int sa = coll_num_special(a, na), sb = coll_num_special(b, nb);
  if (sa != 1 || sb != 1) return sa == sb ? 0 : (sa < sb ? -1 : 1);
  bool nega = na > 0 && a[0] == '-', negb = nb > 0 && b[0] == '-';
  if (nega) { a++; na--; }
  if (negb) { b++; nb--; }
  bool za = coll_num_abs(a, na, "0", 1) == 0, zb = coll_num_abs(b, nb, "0", 1) == 0;
  if (za) nega = false;
  if (zb) negb = false;
  if (nega != negb) return nega ? -1 : 1;
  int c = coll_num_abs(a, na, b, nb);
  return nega ? -c : c;
}

/* interval_cmp_value: months*30 days + days, in microseconds (128-bit). */
static __int128 coll_interval_key(const char *s, int n) {
  DtInterval iv;
  if (dt_interval_parse(s, (size_t)n, &iv) != 0) return 0;
  return ((__int128)iv.month * 30 + iv.day) * (__int128)86400000000LL + iv.time;
}

static int coll_interval(void *arg, int na, const void *va, int nb, const void *vb) {
  (void)arg;
  __int128 a = coll_interval_key(va, na), b = coll_interval_key(vb, nb);
  return a < b ? -1 : a > b;
}

int adt_collate(const char *coll, const char *a, int na, const char *b, int nb) {
  if (coll && !strcmp(coll, "pgm_numeric")) return coll_numeric(NULL, na, a, nb, b);
  if (coll && !strcmp(coll, "pgm_interval")) return coll_interval(NULL, na, a, nb, b);
  if (coll && !strcmp(coll, "RTRIM")) {
    while (na > 0 && a[na - 1] == ' ') na--;
    while (nb > 0 && b[nb - 1] == ' ') nb--;
  }
  int c = memcmp(a, b, (size_t)(na < nb ? na : nb));
  return c ? (c < 0 ? -1 : 1) : (na < nb ? -1 : na > nb);
}

const char *adt_collation(Oid type) {
  switch (type) {
  case PGM_OID_NUMERIC: return "pgm_numeric";
  case PGM_OID_INTERVAL: return "pgm_interval";
  case PGM_OID_BPCHAR: return "RTRIM";
  default: return NULL;
  }
}

int adt_register_collations(pgm_db *db) {
  if (sqlite3_create_collation_v2(db->sq, "pgm_numeric", SQLITE_UTF8, NULL, coll_numeric, NULL) != SQLITE_OK) return -1;
  if (sqlite3_create_collation_v2(db->sq, "pgm_interval", SQLITE_UTF8, NULL, coll_interval, NULL) != SQLITE_OK) return -1;
  return 0;
}

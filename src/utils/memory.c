/*
** memory.c — allocation helpers.  Out-of-memory aborts the process: every
** allocation here is small and bounded by the statement text or a row, and
** turning each one into an error path would triple the code for no user.
*/
#include "pgmint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void oom(void) {
  fputs("pgmicro: out of memory\n", stderr);
  abort();
}

void *pgm_malloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) oom();
  return p;
}

void *pgm_realloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) oom();
  return q;
}

char *pgm_strndup(const char *s, size_t n) {
  char *p = pgm_malloc(n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *pgm_strdup(const char *s) { return pgm_strndup(s, strlen(s)); }

char *pgm_asprintf(const char *fmt, ...) {
  StrBuf b = STRBUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(&b, fmt, ap);
  va_end(ap);
  return sb_detach(&b);
}

void pgm_datum_free(Datum *d) {
  free(d->p);
  d->p = NULL;
  d->kind = D_NULL;
}

int64_t pgm_now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

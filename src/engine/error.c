/*
** error.c — pgm_error objects: PostgreSQL error reports as plain data.
**
** Errors are values, not a per-connection "last error" (that races between
** threads and gets overwritten): whoever receives one owns it.
*/
#include "pgmint.h"

#include <stdlib.h>
#include <string.h>

pgm_error *pgm_error_newv(const char *sqlstate, const char *fmt, va_list ap) {
  pgm_error *e = pgm_malloc(sizeof *e);
  memset(e, 0, sizeof *e);
  memcpy(e->sqlstate, sqlstate, 5);
  strcpy(e->severity, "ERROR");
  StrBuf b = STRBUF_INIT;
  sb_vprintf(&b, fmt, ap);
  e->message = sb_detach(&b);
  return e;
}

pgm_error *pgm_error_new(const char *sqlstate, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  pgm_error *e = pgm_error_newv(sqlstate, fmt, ap);
  va_end(ap);
  return e;
}

static void set_field(char **field, const char *fmt, va_list ap) {
  StrBuf b = STRBUF_INIT;
  sb_vprintf(&b, fmt, ap);
  free(*field);
  *field = sb_detach(&b);
}

void pgm_error_set_detail(pgm_error *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  set_field(&e->detail, fmt, ap);
  va_end(ap);
}

void pgm_error_set_hint(pgm_error *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  set_field(&e->hint, fmt, ap);
  va_end(ap);
}

int pgm_error_code(const pgm_error *e) {
  if (!strcmp(e->sqlstate, ERRCODE_QUERY_CANCELED)) return PGM_INTERRUPTED;
  if (!strcmp(e->sqlstate, ERRCODE_LOCK_NOT_AVAILABLE)) return PGM_BUSY;
  if (!strcmp(e->sqlstate, ERRCODE_OUT_OF_MEMORY)) return PGM_NOMEM;
  return PGM_ERROR;
}

void pgm_error_free(pgm_error *e) {
  if (!e) return;
  free(e->message);
  free(e->detail);
  free(e->hint);
  free(e->context);
  free(e);
}

pgm_error *pgm_error_copy(const pgm_error *src) {
  if (!src) return NULL;
  pgm_error *e = pgm_malloc(sizeof *e);
  *e = *src;
  e->message = pgm_strdup(src->message);
  e->detail = src->detail ? pgm_strdup(src->detail) : NULL;
  e->hint = src->hint ? pgm_strdup(src->hint) : NULL;
  e->context = src->context ? pgm_strdup(src->context) : NULL;
  return e;
}

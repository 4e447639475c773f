/*
** strbuf.c — growable strings (see strbuf.h).
*/
#include "pgmint.h"
#include "utils/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local struct Arena *sb_arena;

void sb_use_arena(struct Arena *a) { sb_arena = a; }
struct Arena *sb_current_arena(void) { return sb_arena; }

void sb_init(StrBuf *b) { b->p = NULL; b->n = b->cap = 0; b->arena = NULL; }

void sb_free(StrBuf *b) {
  if (!b->arena) free(b->p);
  sb_init(b);
}

void sb_reset(StrBuf *b) { b->n = 0; if (b->p) b->p[0] = 0; }

static void sb_reserve(StrBuf *b, size_t extra) {
  if (b->n + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->n + extra + 1) cap *= 2;
  if (!b->p && sb_arena) b->arena = sb_arena;
  if (b->arena) {
    char *p = arena_alloc(b->arena, cap);
    if (b->p) memcpy(p, b->p, b->n + 1);
    b->p = p;
  } else {
    b->p = pgm_realloc(b->p, cap);
  }
  b->cap = cap;
}

void sb_putn(StrBuf *b, const char *s, size_t n) {
  sb_reserve(b, n);
  if (n) memcpy(b->p + b->n, s, n);   /* s may be NULL when n is 0 (memcpy's UB) */
  b->n += n;
  b->p[b->n] = 0;
}

void sb_puts(StrBuf *b, const char *s) { sb_putn(b, s, strlen(s)); }

void sb_putc(StrBuf *b, char c) { sb_putn(b, &c, 1); }

void sb_vprintf(StrBuf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int need = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (need < 0) return;
  sb_reserve(b, (size_t)need);
  vsnprintf(b->p + b->n, (size_t)need + 1, fmt, ap);
  b->n += (size_t)need;
}

void sb_printf(StrBuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(b, fmt, ap);
  va_end(ap);
}

void sb_put_sqlstr(StrBuf *b, const char *s, size_t n) {
  sb_putc(b, '\'');
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\'') sb_putc(b, '\'');
    sb_putc(b, s[i]);
  }
  sb_putc(b, '\'');
}

void sb_put_ident(StrBuf *b, const char *s) {
  sb_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"') sb_putc(b, '"');
    sb_putc(b, *s);
  }
  sb_putc(b, '"');
}

char *sb_detach(StrBuf *b) {
  char *p = b->arena ? pgm_strndup(b->p ? b->p : "", b->n) : b->p ? b->p : pgm_strdup("");
  sb_init(b);
  return p;
}

const char *sb_str(const StrBuf *b) { return b->p ? b->p : ""; }

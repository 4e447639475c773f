/*
** strbuf.h — a growable string, the workhorse of the translator (which
** writes SQLite SQL) and of the text output functions.
*/
#ifndef PGM_STRBUF_H
#define PGM_STRBUF_H
#include <stddef.h>
#include <stdarg.h>

struct Arena;

typedef struct StrBuf {
  char *p;      /* always NUL-terminated once anything was appended */
  size_t n;     /* bytes used, excluding the NUL */
  size_t cap;
  struct Arena *arena;  /* set: the content lives in this arena (see sb_use_arena) */
} StrBuf;

#define STRBUF_INIT {NULL, 0, 0, NULL}

/* While an analysis runs, buffers that start growing allocate from its arena:
** an error jumps out of the analysis (an_error) without freeing them, and the
** arena then takes them along.  sb_detach() still returns malloc'd memory,
** sb_free() of such a buffer frees nothing.  NULL ends it.  Per thread. */
void sb_use_arena(struct Arena *a);
struct Arena *sb_current_arena(void);  /* the one set, to give back after a nested use */
void sb_init(StrBuf *b);
void sb_free(StrBuf *b);
void sb_reset(StrBuf *b);              /* keep the memory, forget the content */
void sb_putc(StrBuf *b, char c);
void sb_puts(StrBuf *b, const char *s);
void sb_putn(StrBuf *b, const char *s, size_t n);
void sb_printf(StrBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(StrBuf *b, const char *fmt, va_list ap);
/* Append s as a SQLite string literal: 'it''s'. */
void sb_put_sqlstr(StrBuf *b, const char *s, size_t n);
/* Append a SQLite identifier, always double-quoted: "Name". */
void sb_put_ident(StrBuf *b, const char *s);
/* Take ownership of the content (malloc'd, "" when empty); b is reset. */
char *sb_detach(StrBuf *b);
const char *sb_str(const StrBuf *b); /* "" when empty */
#endif

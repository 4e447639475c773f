/*
** arena.h — region allocation for one analysis: the parse of a statement
** produces many small objects (typed expressions, range tables) that all die
** together when the statement is translated, so they share one arena.
*/
#ifndef PGM_ARENA_H
#define PGM_ARENA_H
#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena { ArenaBlock *head; } Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);
void *arena_alloc(Arena *a, size_t n);          /* zeroed */
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Grow an array allocated in the arena: returns a new array of newn
** elements holding the old oldn. */
void *arena_grow(Arena *a, void *old, size_t oldn, size_t newn, size_t elsize);
#endif

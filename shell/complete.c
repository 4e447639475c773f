/*
** complete.c — Tab completion at the interactive prompt (libedit).
**
** A small version of psql's tab-complete.c: SQL keywords, backslash
** commands and the names of tables.  Keywords complete in the case the
** user started typing (psql's COMP_KEYWORD_CASE=preserve-upper).
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <editline/readline.h>

#include "shell.h"

static const char *const keywords[] = {
    "ALTER", "AND", "AS", "ASC", "BEGIN", "BETWEEN", "BY", "CASE", "COMMIT",
    "CREATE", "DEFAULT", "DELETE", "DESC", "DISTINCT", "DROP", "ELSE", "END",
    "EXISTS", "EXPLAIN", "FALSE", "FROM", "GROUP", "HAVING", "IN", "INDEX",
    "INSERT", "INTO", "IS", "JOIN", "KEY", "LEFT", "LIKE", "LIMIT", "NOT",
    "NULL", "OFFSET", "ON", "OR", "ORDER", "PRIMARY", "REFERENCES",
    "RETURNING", "ROLLBACK", "SELECT", "SET", "SHOW", "TABLE", "THEN", "TRUE",
    "UNION", "UNIQUE", "UPDATE", "USING", "VALUES", "VIEW", "WHEN", "WHERE",
    "WITH", NULL};

static const char *const meta_commands[] = {
    "\\a", "\\d", "\\dt", "\\echo", "\\g", "\\i", "\\p", "\\pset", "\\q",
    "\\r", "\\set", "\\t", "\\timing", "\\unset", "\\x", "\\?", NULL};

/* The shell whose tables are offered (set by sh_complete_init). */
static Shell *complete_shell;
/* Candidates for the word being completed, built on the first call. */
static char **candidates;

static void free_candidates(void) {
  for (char **c = candidates; c && *c; c++) free(*c);
  free(candidates);
  candidates = NULL;
}

/* A keyword in the case of what was typed: "sel" gives "select". */
static char *keyword_like(const char *kw, const char *typed) {
  char *s = strdup(kw);
  int lower = typed[0] && islower((unsigned char)typed[0]);
  for (char *p = s; lower && *p; p++) *p = (char)tolower((unsigned char)*p);
  return s;
}

/* Room for every keyword and backslash command plus the table names
** (sh_list_table_names returns at most 255). */
#define MAX_CANDIDATES (128 + 256)

static void collect(const char *text) {
  size_t n = strlen(text), count = 0;
  free_candidates();
  candidates = calloc(MAX_CANDIDATES, sizeof(char *));
  if (text[0] == '\\') {
    for (int i = 0; meta_commands[i]; i++)
      if (strncmp(meta_commands[i], text, n) == 0)
        candidates[count++] = strdup(meta_commands[i]);
    return;
  }
  for (int i = 0; keywords[i]; i++)
    if (strncasecmp(keywords[i], text, n) == 0)
      candidates[count++] = keyword_like(keywords[i], text);
  char **names = sh_list_table_names(complete_shell);
  for (char **t = names; t && *t; t++) {
    if (count + 1 < MAX_CANDIDATES && strncmp(*t, text, n) == 0)
      candidates[count++] = strdup(*t);
    free(*t);
  }
  free(names);
}

/* readline's generator: called with state 0 first, then until NULL. */
static char *generate(const char *text, int state) {
  static int next;
  if (state == 0) {
    collect(text);
    next = 0;
  }
  if (!candidates || !candidates[next]) return NULL;
  return strdup(candidates[next++]);
}

static char **attempt(const char *text, int start, int end) {
  (void)start;
  (void)end;
  rl_attempted_completion_over = 1; /* no file name fallback */
  return rl_completion_matches(text, generate);
}

void sh_complete_init(Shell *sh) {
  complete_shell = sh;
  rl_attempted_completion_function = attempt;
  rl_basic_word_break_characters = " \t\n\"'`@$><=;|&{(,";
}

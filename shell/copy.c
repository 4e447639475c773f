/*
** copy.c — the shell's side of COPY ... FROM STDIN and COPY ... TO STDOUT,
** as psql's copy.c handles PGRES_COPY_IN / PGRES_COPY_OUT.
**
** The engine runs COPY itself (pgm_copy_put / pgm_copy_get); the shell only
** moves data: for COPY FROM STDIN the lines that follow the statement in
** the script (or on standard input, for -c) up to "\." or the end of input,
** for COPY TO STDOUT the lines the engine hands out, written to stdout.
*/
#include <stdlib.h>
#include <string.h>

#include <editline/readline.h>

#include "shell.h"

/* The next data line: from the script being read, or stdin for -c.  The
** line ending is dropped (the caller adds "\n"). */
static char *read_data_line(Shell *sh) {
  FILE *in = sh->input ? sh->input : stdin;
  if (sh->interactive && in == stdin) return readline(">> ");
  char *line = NULL;
  size_t cap = 0;
  ssize_t n = getline(&line, &cap, in);
  if (n < 0) { free(line); return NULL; }
  if (n > 0 && line[n - 1] == '\n') line[--n] = '\0';
  if (n > 0 && line[n - 1] == '\r') line[--n] = '\0';
  return line;
}

/* Send the data lines up to "\." or the end of input.  After a failure the
** rest of the data is still read (and dropped), as the server drops it, so
** the script stays in step and the error is reported where psql reports it. */
static int copy_in(Shell *sh, pgm_stmt *st) {
  int rc = PGM_OK;
  char *line;
  if (sh->interactive && !sh->quiet)
    puts("Enter data to be copied followed by a newline.\n"
         "End with a backslash and a period on a line by itself, or an EOF signal.");
  while ((line = read_data_line(sh)) != NULL) {
    int end = strcmp(line, "\\.") == 0;
    sh->lineno++;
    if (!end && rc == PGM_OK) {
      size_t n = strlen(line);
      line[n] = '\n';   /* getline/readline leave room: the NUL is replaced */
      rc = pgm_copy_put(st, line, (int64_t)n + 1);
    }
    free(line);
    if (end) break;
  }
  return rc == PGM_OK ? pgm_copy_end(st, NULL) : rc;
}

static int copy_out(pgm_stmt *st) {
  const char *buf;
  size_t len;
  int rc;
  while ((rc = pgm_copy_get(st, &buf, &len)) == PGM_ROW) fwrite(buf, 1, len, stdout);
  fflush(stdout);
  return rc;
}

int sh_copy_run(Shell *sh, pgm_stmt *st, int rc) {
  if (rc == PGM_COPY_IN) return copy_in(sh, st);
  if (rc == PGM_COPY_OUT) return copy_out(st);
  return rc;
}

/*
** shell.h — internal interface of the pgmicro shell (the `pgmicro` program).
**
** The shell behaves like psql: it reads SQL and backslash commands, runs SQL
** through the public C ABI (capi/pgmicro.h, nothing else of the engine) and
** prints results in psql's formats.  This header is shared by the files of
** shell/ only; see shell/README for which file does what.
*/
#ifndef PGMICRO_SHELL_H
#define PGMICRO_SHELL_H

#include <stddef.h>
#include <stdio.h>
#include <signal.h>

#include "pgmicro.h"

/* psql's exit codes: 0 ok, 1 fatal/-c failure, 2 connection lost, 3 script
** stopped by ON_ERROR_STOP. */
#define EXIT_OK     0
#define EXIT_FAIL   1
#define EXIT_BADCONN 2
#define EXIT_USER   3

/* ---- A growable string ---- */
typedef struct Buf {
  char *data;
  size_t len;
  size_t cap;
} Buf;

void buf_append(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
void buf_reset(Buf *b);
void buf_free(Buf *b);
int buf_is_blank(const Buf *b);

/* ---- Variables (\set), kept sorted by name like psql's \set listing ---- */
typedef struct Var {
  char *name;
  char *value;
  struct Var *next;
} Var;

/* ---- Printing options (psql's \pset subset) ---- */
typedef struct PrintOpt {
  int aligned;        /* 1: aligned (default), 0: unaligned (-A) */
  int tuples_only;    /* -t: no header, no footer */
  int expanded;       /* \x: one line per column */
  char *fieldsep;      /* -F: unaligned field separator, default "|" */
  char *null_str;      /* \pset null: how SQL NULL shows, default "" */
  int footer;          /* \pset footer: print "(N rows)", default on */
} PrintOpt;

/* ---- The whole shell state ---- */
typedef struct Shell {
  pgm_db *db;
  PrintOpt popt;
  int quiet;           /* -q: no command tags, no informational messages */
  int timing;          /* \timing */
  int interactive;     /* reading a terminal: prompts, history, Ctrl-C clears */
  const char *inputname; /* script name for "pgmicro:FILE:LINE: " prefixes */
  long lineno;         /* current line of the input being read */
  Var *vars;
  int quit;            /* \q seen */
} Shell;

/* SIGINT bookkeeping (main.c).  `running_query` is set while pgm_step runs
** so the handler knows to call pgm_interrupt() instead of clearing input. */
extern volatile sig_atomic_t cancel_pressed;
extern volatile sig_atomic_t running_query;
/* Called by the SIGINT handler: leaves readline() when waiting at a prompt. */
void prompt_interrupted(void);

/* ---- Variables (meta.c) ---- */
const char *var_get(const Shell *sh, const char *name);
void var_set(Shell *sh, const char *name, const char *value);
int var_is_on(const Shell *sh, const char *name);

/* ---- Statement lexer (input.c) ---- */

/* Where the lexer is at the end of a line: decides the continuation prompt
** (psql's '-', '\'', '"', '$', '*', '(') and whether `;` ends a statement. */
typedef struct ScanState {
  int mode;            /* SCAN_* below */
  int paren_depth;
  int comment_depth;   /* nested slash-star comments */
  char dolq_tag[64];   /* tag of the open dollar quote, "$tag$" */
} ScanState;

enum { SCAN_NORMAL, SCAN_SQUOTE, SCAN_EQUOTE, SCAN_DQUOTE, SCAN_DOLLAR,
       SCAN_COMMENT };

/* What the lexer stopped at. */
enum { SCAN_EOL, SCAN_SEMICOLON, SCAN_BACKSLASH };

void scan_init(ScanState *st);
int scan_line(ScanState *st, const char *line, size_t *pos);
char scan_prompt_char(const ScanState *st, int buf_empty);
void substitute_vars(const Shell *sh, const char *text, size_t len, Buf *out);

/* Read and run everything from f (a file, or stdin).  Returns an EXIT_*
** code: EXIT_USER when ON_ERROR_STOP stopped it. */
int process_stream(Shell *sh, FILE *f, const char *name);
/* Run one -c string: SQL or a single backslash command. */
int process_string(Shell *sh, const char *text);
/* Run a file (-f, \i, ~/.pgmicrorc).  Returns an EXIT_* code.  top_level
** says the file comes from the command line (it changes the error form). */
int process_file(Shell *sh, const char *path, int top_level);

/* ---- Running SQL (exec.c) ---- */

/* Run every statement of sql; print results.  Returns 1 on success, 0 when
** a statement failed (the rest of the text is then not run, as PostgreSQL
** does for a multi-statement simple query). */
int exec_sql(Shell *sh, const char *sql);
/* Print err like psql.  query is the whole text sent (for the LINE/caret
** display); offset is how many characters precede the failed statement in
** it, because the engine counts positions from the statement's start. */
void report_error(const Shell *sh, const pgm_error *err, const char *query,
                  int offset);
/* "pgmicro:FILE:LINE: " when reading a script, so the user finds the line. */
void print_location_prefix(const Shell *sh, FILE *out);
/* ECHO variable test: "all" (-a) echoes input lines, "queries" (-e) the
** SQL sent. */
int echo_is(const Shell *sh, const char *mode);
/* A shell (not SQL) error on stderr, as psql's pg_log_error prints it:
** "pgmicro:FILE:LINE: error: ..." in a script, the bare message otherwise. */
void log_error(const Shell *sh, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));

/* ---- Result printing (print.c) ---- */

/* A whole result, collected before printing because aligned output needs
** the width of every cell first. */
typedef struct Table {
  const char *title;   /* centered above the table (\d), or NULL */
  int ncols;
  char **headers;
  char *aligns;        /* 'l' or 'r' per column */
  size_t nrows;
  size_t ncells;       /* cells added so far (a row may be partial) */
  size_t cap;
  char **cells;        /* nrows * ncols, never NULL (SQL NULL prints as "") */
  Buf footers;         /* extra footer lines (\d's "Indexes:"), or empty */
  int default_footer;  /* print "(N rows)" */
} Table;

void table_init(Table *t, int ncols);
void table_set_header(Table *t, int col, const char *name, char align);
void table_add_cell(Table *t, const char *text);
void table_free(Table *t);
void print_table(const Table *t, const PrintOpt *opt, FILE *out);
char align_for_type(uint32_t oid);

/* ---- Describing (describe.c) ---- */
/* \dt (tables_only) and \d without a name (tables and views). */
int describe_tables(Shell *sh, const char *pattern, int tables_only);
int describe_table(Shell *sh, const char *name);
/* Table and view names (NULL-terminated, caller frees each and the array). */
char **list_table_names(Shell *sh);

/* ---- Tab completion (complete.c) ---- */
void complete_init(Shell *sh);

/* ---- Backslash commands (meta.c) ---- */

/* Outcome of a backslash command. */
enum { META_OK, META_ERROR, META_QUIT, META_SEND };

/* Run the backslash command in line (starting at its '\').  *consumed gets
** how many bytes it used (psql lets a line continue after some commands).
** query is the current query buffer (\g sends it, \r clears it). */
int run_meta(Shell *sh, const char *line, Buf *query);
void print_help_meta(FILE *out);

#endif /* PGMICRO_SHELL_H */

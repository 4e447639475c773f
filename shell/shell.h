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
#include <stdint.h>
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

void sh_buf_append(Buf *b, const char *s, size_t n);
void sh_buf_puts(Buf *b, const char *s);
void sh_buf_putc(Buf *b, char c);
void sh_buf_printf(Buf *b, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
void sh_buf_reset(Buf *b);
void sh_buf_free(Buf *b);
int sh_buf_is_blank(const Buf *b);

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
  char *gset_prefix;   /* \gset pending: store the next result in variables */
  int gexec;           /* \gexec pending: run each value of the next result */
  FILE *input;         /* the stream being read (COPY FROM STDIN data comes from it) */
  int one_message;     /* running -c text, which psql sends as one Query message */
  int implicit;        /* such a text has several statements: they run in implicit blocks */
} Shell;

/* SIGINT bookkeeping (main.c).  `sh_running_query` is set while pgm_step runs
** so the handler knows to call pgm_interrupt() instead of clearing input. */
extern volatile sig_atomic_t sh_cancel_pressed;
extern volatile sig_atomic_t sh_running_query;
/* Called by the SIGINT handler: leaves readline() when waiting at a prompt. */
void sh_prompt_interrupted(void);

/* ---- Variables (meta.c) ---- */
const char *sh_var_get(const Shell *sh, const char *name);
void sh_var_set(Shell *sh, const char *name, const char *value);
void sh_var_unset(Shell *sh, const char *name);
int sh_var_is_on(const Shell *sh, const char *name);
void sh_vars_free(Shell *sh);

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

void sh_scan_init(ScanState *st);
void sh_set_std_strings(int on);
int sh_scan_line(ScanState *st, const char *line, size_t *pos);
char sh_scan_prompt_char(const ScanState *st, int buf_empty);
void sh_substitute_vars(const Shell *sh, const char *text, size_t len, Buf *out);

/* Read and run everything from f (a file, or stdin).  Returns an EXIT_*
** code: EXIT_USER when ON_ERROR_STOP stopped it. */
int sh_process_stream(Shell *sh, FILE *f, const char *name);
/* Run one -c string: SQL or a single backslash command. */
int sh_process_string(Shell *sh, const char *text);
/* Run a file (-f, \i, ~/.pgmicrorc).  Returns an EXIT_* code.  top_level
** says the file comes from the command line (it changes the error form). */
int sh_process_file(Shell *sh, const char *path, int top_level);

/* ---- Running SQL (exec.c) ---- */

/* Run every statement of sql; print results.  Returns 1 on success, 0 when
** a statement failed (the rest of the text is then not run, as PostgreSQL
** does for a multi-statement simple query). */
int sh_exec_sql(Shell *sh, const char *sql);
/* Print err like psql.  query is the whole text sent (for the LINE/caret
** display); offset is how many characters precede the failed statement in
** it, because the engine counts positions from the statement's start. */
void sh_report_error(const Shell *sh, const pgm_error *err, const char *query,
                  int offset);
/* "pgmicro:FILE:LINE: " when reading a script, so the user finds the line. */
void sh_print_location_prefix(const Shell *sh, FILE *out);
/* ECHO variable test: "all" (-a) echoes input lines, "queries" (-e) the
** SQL sent. */
int sh_echo_is(const Shell *sh, const char *mode);
/* A shell (not SQL) error on stderr, as psql's pg_log_error prints it:
** "pgmicro:FILE:LINE: error: ..." in a script, the bare message otherwise. */
void sh_log_error(const Shell *sh, const char *fmt, ...)
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

void sh_table_init(Table *t, int ncols);
void sh_table_set_header(Table *t, int col, const char *name, char align);
void sh_table_add_cell(Table *t, const char *text);
/* Add a cell that may be NULL (results kept for \gset/\gexec, not printed). */
void sh_table_add_raw(Table *t, const char *text);
void sh_table_free(Table *t);
void sh_print_table(const Table *t, const PrintOpt *opt, FILE *out);
char sh_align_for_type(uint32_t oid);

/* ---- COPY FROM STDIN / TO STDOUT (copy.c) ---- */

/* After pgm_step(st) returned rc: move the data of a COPY (rc PGM_COPY_IN
** or PGM_COPY_OUT) and return the final code (PGM_DONE or an error); other
** codes are returned as they are. */
int sh_copy_run(Shell *sh, pgm_stmt *st, int rc);

/* ---- Describing (describe.c, describe_table.c, pattern.c) ---- */

/* The result of a catalog query psql sends behind the user's back (psql's
** PSQLexec): every value as text, NULL kept apart from "". */
typedef struct Result {
  int nrows, ncols;
  char **names;        /* column names */
  uint32_t *types;     /* column type OIDs (for alignment) */
  char **cells;        /* nrows * ncols; NULL for SQL NULL */
} Result;

/* Run a catalog query in the PostgreSQL dialect.  With ECHO_HIDDEN (-E) the
** query is printed first as psql prints it; with ECHO_HIDDEN=noexec it is
** only printed.  Returns NULL (the error already reported) on failure. */
Result *sh_hidden_query(Shell *sh, const char *sql);
/* PQgetvalue: "" for NULL. */
const char *sh_result_value(const Result *r, int row, int col);
int sh_result_isnull(const Result *r, int row, int col);
void sh_result_free(Result *r);

/* processSQLNamePattern (psql's fe_utils): append to q the WHERE/AND
** clauses matching pattern (psql's wildcards, "quoted" parts, schema.name
** and db.schema.name up to maxparts parts).  schemavar, altnamevar and
** visibility may be NULL.  Returns 0 (message printed) on a bad pattern. */
int sh_name_pattern(Shell *sh, Buf *q, const char *pattern, int have_where,
                    const char *schemavar, const char *namevar,
                    const char *altnamevar, const char *visibility, int maxparts);
/* appendStringLiteral: s as a SQL literal. */
void sh_append_literal(Buf *q, const char *s);
/* fmtId: name quoted when it is not a plain lower-case non-keyword. */
void sh_append_ident(Buf *q, const char *name);

/* \d[tivmsE][S][+] [PATTERN]: psql's listTables. */
int sh_list_tables(Shell *sh, const char *kinds, const char *pattern, int verbose,
                   int system);
/* \d[S][+] PATTERN: psql's describeTableDetails. */
int sh_describe_table(Shell *sh, const char *pattern, int verbose, int system);
/* \dn, \du, \df, \dT, \dx, \dp (flags: the command's letters after its
** name, e.g. "S+" or "n"). */
int sh_list_schemas(Shell *sh, const char *pattern, int verbose, int system);
int sh_describe_roles(Shell *sh, const char *pattern, int verbose, int system);
int sh_describe_functions(Shell *sh, const char *kinds, const char *pattern, int verbose,
                          int system);
int sh_describe_types(Shell *sh, const char *pattern, int verbose, int system);
int sh_list_extensions(Shell *sh, const char *pattern);
int sh_permissions_list(Shell *sh, const char *pattern);
/* \sv[+] VIEW: the view's CREATE OR REPLACE VIEW (numbered lines with +). */
int sh_show_view(Shell *sh, const char *name, int numbered);
/* Table and view names (NULL-terminated, caller frees each and the array). */
char **sh_list_table_names(Shell *sh);

/* ---- Tab completion (complete.c) ---- */
void sh_complete_init(Shell *sh);

/* ---- Backslash commands (meta.c) ---- */

/* Outcome of a backslash command. */
enum { META_OK, META_ERROR, META_QUIT, META_SEND };

/* Run the backslash command in line (starting at its '\').  *consumed gets
** how many bytes it used (psql lets a line continue after some commands).
** query is the current query buffer (\g sends it, \r clears it). */
int sh_run_meta(Shell *sh, const char *line, Buf *query);
void sh_print_help_meta(FILE *out);

#endif /* PGMICRO_SHELL_H */

/*
** copy.c — COPY ... FROM STDIN and COPY ... TO STDOUT, done by the shell.
**
** In PostgreSQL these run over the COPY sub-protocol; an in-process engine
** has none, so the shell does what psql's copy.c and the server do between
** them: it reads the data lines that follow the statement (up to "\." or
** the end of input), decodes COPY's text format and inserts each row with a
** prepared INSERT; COPY TO STDOUT runs a SELECT and writes rows in the same
** format.  Only the text format (DELIMITER, NULL options) is handled; other
** COPY statements go to the engine unchanged.
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <editline/readline.h>

#include "shell.h"

/* ---- Parsing the statement ---- */

typedef struct CopyStmt {
  Buf target;     /* table name or "(query)", as written */
  Buf columns;    /* "(a, b)" or empty */
  int ncolumns;   /* columns named in the list, 0 without one */
  int from;       /* FROM STDIN (else TO STDOUT) */
  char delim;
  char *null_str;
} CopyStmt;

/* One token: a word, a 'string' (unquoted into tok), or a punctuation mark. */
static const char *next_token(const char *p, Buf *tok) {
  sh_buf_reset(tok);
  while (isspace((unsigned char)*p)) p++;
  if (*p == '\'') {
    for (p++; *p && !(*p == '\'' && p[1] != '\''); p++) {
      if (*p == '\'') p++;
      sh_buf_putc(tok, *p);
    }
    return *p ? p + 1 : p;
  }
  if (*p == '"') {
    const char *e = strchr(p + 1, '"');
    size_t n = e ? (size_t)(e - p) + 1 : strlen(p);
    sh_buf_append(tok, p, n);
    return p + n;
  }
  if (*p && strchr("(),;", *p)) { sh_buf_putc(tok, *p); return p + 1; }
  while (*p && !isspace((unsigned char)*p) && !strchr("(),;'", *p)) sh_buf_putc(tok, *p++);
  return p;
}

/* "(a, b)" or "(SELECT ...)": copied with balanced parentheses. */
static const char *paren_group(const char *p, Buf *out, int *commas) {
  int depth = 0;
  while (isspace((unsigned char)*p)) p++;
  do {
    if (*p == '(') depth++;
    if (*p == ')') depth--;
    if (*p == ',' && depth == 1) (*commas)++;
    sh_buf_putc(out, *p++);
  } while (*p && depth > 0);
  return p;
}

/* Legacy and parenthesised options: DELIMITER 'x', NULL 'x', FORMAT text. */
static int parse_options(const char *p, CopyStmt *c) {
  Buf tok = {0};
  int ok = 1;
  while (ok) {
    p = next_token(p, &tok);
    if (tok.len == 0) break;
    const char *t = tok.data;
    if (!strcasecmp(t, "with") || !strcmp(t, "(") || !strcmp(t, ")") || !strcmp(t, ",") ||
        !strcmp(t, ";")) {
      continue;
    } else if (!strcasecmp(t, "delimiter")) {
      p = next_token(p, &tok);
      ok = tok.len == 1;
      if (ok) c->delim = tok.data[0];
    } else if (!strcasecmp(t, "null")) {
      p = next_token(p, &tok);
      free(c->null_str);
      c->null_str = strdup(tok.data ? tok.data : "");
    } else if (!strcasecmp(t, "format")) {
      p = next_token(p, &tok);
      ok = tok.data && !strcasecmp(tok.data, "text");
    } else {
      ok = 0; /* CSV, BINARY, HEADER, ...: left to the engine */
    }
  }
  sh_buf_free(&tok);
  return ok;
}

/* Recognise COPY target [(cols)] FROM STDIN / COPY target|(query) TO STDOUT. */
static int parse_copy(const char *sql, CopyStmt *c) {
  Buf tok = {0};
  const char *p = next_token(sql, &tok);
  int ok = tok.data && !strcasecmp(tok.data, "copy");
  memset(c, 0, sizeof *c);
  c->delim = '\t';
  c->null_str = strdup("\\N");
  while (ok && isspace((unsigned char)*p)) p++;
  if (ok && *p == '(') {
    int commas = 0;
    p = paren_group(p, &c->target, &commas);
  } else if (ok) {
    p = next_token(p, &c->target);
  }
  while (ok && isspace((unsigned char)*p)) p++;
  if (ok && *p == '(') {
    int commas = 0;
    p = paren_group(p, &c->columns, &commas);
    c->ncolumns = commas + 1;
  }
  p = next_token(p, &tok);
  c->from = tok.data && !strcasecmp(tok.data, "from");
  ok = ok && tok.data && (c->from || !strcasecmp(tok.data, "to"));
  p = next_token(p, &tok);
  /* PostgreSQL's grammar takes STDIN and STDOUT alike for "the client" */
  ok = ok && tok.data && (!strcasecmp(tok.data, "stdin") || !strcasecmp(tok.data, "stdout"));
  ok = ok && parse_options(p, c);
  sh_buf_free(&tok);
  return ok;
}

static void copy_free(CopyStmt *c) {
  sh_buf_free(&c->target);
  sh_buf_free(&c->columns);
  free(c->null_str);
}

/* ---- COPY's text format ---- */

static int hexval(char ch) {
  return isdigit((unsigned char)ch) ? ch - '0' : tolower((unsigned char)ch) - 'a' + 10;
}

/* Decode one backslash escape at s (just past the backslash). */
static const char *unescape_one(const char *s, Buf *out) {
  static const char from[] = "bfnrtv", to[] = "\b\f\n\r\t\v";
  const char *m = *s ? strchr(from, *s) : NULL;
  if (m) { sh_buf_putc(out, to[m - from]); return s + 1; }
  if (*s >= '0' && *s <= '7') {
    int v = 0, n = 0;
    while (n < 3 && *s >= '0' && *s <= '7') { v = v * 8 + (*s++ - '0'); n++; }
    sh_buf_putc(out, (char)v);
    return s;
  }
  if (*s == 'x' && isxdigit((unsigned char)s[1])) {
    int v = hexval(s[1]);
    s += 2;
    if (isxdigit((unsigned char)*s)) v = v * 16 + hexval(*s++);
    sh_buf_putc(out, (char)v);
    return s;
  }
  if (*s) sh_buf_putc(out, *s++);
  return s;
}

/* Split a data line into fields; NULL marks a SQL NULL.  Returns the count. */
static int split_fields(const char *line, const CopyStmt *c, char ***fields) {
  int n = 0, cap = 8;
  *fields = malloc((size_t)cap * sizeof(char *));
  const char *p = line;
  for (;;) {
    const char *end = p;
    while (*end && *end != c->delim) end += (*end == '\\' && end[1]) ? 2 : 1;
    Buf f = {0};
    int is_null = (size_t)(end - p) == strlen(c->null_str) &&
                  strncmp(p, c->null_str, (size_t)(end - p)) == 0;
    for (const char *q = p; q < end;) {
      if (*q == '\\') q = unescape_one(q + 1, &f);
      else sh_buf_putc(&f, *q++);
    }
    if (n == cap) *fields = realloc(*fields, (size_t)(cap *= 2) * sizeof(char *));
    (*fields)[n++] = is_null ? (sh_buf_free(&f), NULL) : (f.data ? f.data : strdup(""));
    if (!*end) break;
    p = end + 1;
  }
  return n;
}

static void free_fields(char **fields, int n) {
  for (int i = 0; i < n; i++) free(fields[i]);
  free(fields);
}

/* ---- COPY FROM STDIN ---- */

/* The next data line: from the script being read, or stdin for -c. */
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

/* The column names COPY fills, in order (from a never-run SELECT). */
static char **column_names(Shell *sh, const CopyStmt *c, int *n) {
  Buf sql = {0};
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  char **names = NULL;
  const char *cols = c->columns.len > 2 ? c->columns.data + 1 : "*";
  int len = c->columns.len > 2 ? (int)c->columns.len - 2 : 1;
  sh_buf_printf(&sql, "SELECT %.*s FROM %s LIMIT 0", len, cols, c->target.data);
  *n = -1;
  if (pgm_prepare(sh->db, sql.data, -1, &st, NULL, &err) == PGM_OK && st) {
    *n = pgm_column_count(st);
    names = calloc((size_t)*n + 1, sizeof(char *));
    for (int i = 0; i < *n; i++)
      names[i] = strdup(pgm_column_name(st, i) ? pgm_column_name(st, i) : "?");
  } else if (err) {
    sh_report_error(sh, err, NULL, 0);
  }
  pgm_error_free(err);
  pgm_finalize(st);
  sh_buf_free(&sql);
  return names;
}

static pgm_stmt *prepare_insert(Shell *sh, const CopyStmt *c, int ncols) {
  Buf sql = {0};
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  sh_buf_printf(&sql, "INSERT INTO %s %s VALUES (", c->target.data,
                c->columns.data ? c->columns.data : "");
  for (int i = 1; i <= ncols; i++) sh_buf_printf(&sql, "%s$%d", i > 1 ? ", " : "", i);
  sh_buf_putc(&sql, ')');
  if (pgm_prepare(sh->db, sql.data, -1, &st, NULL, &err) != PGM_OK && err)
    sh_report_error(sh, err, NULL, 0);
  pgm_error_free(err);
  sh_buf_free(&sql);
  return st;
}

/* One COPY FROM run.  The first error is kept and reported once all the
** data has been read, as psql reports the server's answer then. */
typedef struct CopyIn {
  Shell *sh;
  const CopyStmt *c;
  pgm_stmt *ins;
  char **names;
  int ncols;
  long rows, line;
  pgm_error *err;    /* an engine error, or */
  Buf message;       /* one of COPY's own */
  Buf context;
} CopyIn;

static void fail_own(CopyIn *ci, const char *msg, const char *col, const char *text) {
  sh_buf_printf(&ci->message, msg, col);
  sh_buf_printf(&ci->context, "COPY %s, line %ld: \"%s\"", ci->c->target.data, ci->line, text);
}

static void fail_engine(CopyIn *ci, const char *col, const char *text) {
  const pgm_error *e = pgm_stmt_error(ci->ins);
  ci->err = e ? pgm_error_copy(e) : NULL;
  if (!ci->err) sh_buf_puts(&ci->message, "could not insert the row");
  sh_buf_printf(&ci->context, "COPY %s, line %ld", ci->c->target.data, ci->line);
  if (col) sh_buf_printf(&ci->context, ", column %s", col);
  sh_buf_printf(&ci->context, ": \"%s\"", text);
}

/* Insert one data line; returns 0 after recording why it failed. */
static int insert_row(CopyIn *ci, const char *line) {
  char **f;
  int n = split_fields(line, ci->c, &f), i;
  if (n < ci->ncols) {
    fail_own(ci, "missing data for column \"%s\"", ci->names[n], line);
  } else if (n > ci->ncols) {
    fail_own(ci, "extra data after last expected column%s", "", line);
  } else {
    pgm_reset(ci->ins);
    for (i = 0; i < n; i++) {
      int rc = f[i] ? pgm_bind_text(ci->ins, i + 1, f[i], -1) : pgm_bind_null(ci->ins, i + 1);
      if (rc != PGM_OK) {
        fail_engine(ci, ci->names[i], f[i] ? f[i] : "");
        break;
      }
    }
    if (i == n && pgm_step(ci->ins) != PGM_DONE) fail_engine(ci, NULL, line);
  }
  free_fields(f, n);
  return ci->err == NULL && ci->message.len == 0;
}

static void report_copy_error(CopyIn *ci) {
  if (ci->err) {
    sh_report_error(ci->sh, ci->err, NULL, 0);
  } else {
    fflush(stdout);
    sh_print_location_prefix(ci->sh, stderr);
    fprintf(stderr, "ERROR:  %s\n", ci->message.data);
  }
  fprintf(stderr, "CONTEXT:  %s\n", ci->context.data);
}

static void read_rows(CopyIn *ci) {
  int ok = ci->ins != NULL;
  char *line;
  while ((line = read_data_line(ci->sh)) != NULL) {
    int end = strcmp(line, "\\.") == 0;
    ci->sh->lineno++;
    if (!end && ok) {
      ci->line++;
      ok = insert_row(ci, line);
      ci->rows += ok;
    }
    free(line);
    if (end) break;
  }
}

/* Read and insert rows up to "\."; after a failure the rest of the data is
** still read (and dropped), as the server does, so the script stays in step;
** the rows go in together or not at all. */
static int copy_in(Shell *sh, const CopyStmt *c) {
  CopyIn ci = {.sh = sh, .c = c};
  int own_tx = pgm_transaction_status(sh->db) == 'I';
  ci.names = column_names(sh, c, &ci.ncols);
  if (ci.ncols > 0) ci.ins = prepare_insert(sh, c, ci.ncols);
  if (sh->interactive && !sh->quiet)
    puts("Enter data to be copied followed by a newline.\n"
         "End with a backslash and a period on a line by itself, or an EOF signal.");
  if (ci.ins && own_tx) pgm_exec(sh->db, "BEGIN", NULL);
  read_rows(&ci);
  int ok = ci.ins && !ci.err && ci.message.len == 0;
  if (ci.ins && own_tx) pgm_exec(sh->db, ok ? "COMMIT" : "ROLLBACK", NULL);
  if (ci.ins && !ok) report_copy_error(&ci);
  if (ok && !sh->quiet) printf("COPY %ld\n", ci.rows);
  for (int i = 0; ci.names && i < ci.ncols; i++) free(ci.names[i]);
  free(ci.names);
  pgm_error_free(ci.err);
  sh_buf_free(&ci.message);
  sh_buf_free(&ci.context);
  pgm_finalize(ci.ins);
  return ok;
}

/* ---- COPY TO STDOUT ---- */

static void put_copy_value(const char *s, char delim) {
  for (; *s; s++) {
    switch (*s) {
    case '\\': fputs("\\\\", stdout); break;
    case '\n': fputs("\\n", stdout); break;
    case '\r': fputs("\\r", stdout); break;
    case '\t': fputs(delim == '\t' ? "\\t" : "\t", stdout); break;
    case '\b': fputs("\\b", stdout); break;
    case '\f': fputs("\\f", stdout); break;
    case '\v': fputs("\\v", stdout); break;
    default:
      if (*s == delim) putchar('\\');
      putchar(*s);
    }
  }
}

static int copy_out(Shell *sh, const CopyStmt *c) {
  Buf sql = {0};
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  long rows = 0;
  int rc = PGM_ERROR;
  if (c->target.data[0] == '(')
    sh_buf_printf(&sql, "SELECT * FROM %s AS copy_query", c->target.data);
  else
    sh_buf_printf(&sql, "SELECT %.*s FROM %s",
                  c->columns.len > 2 ? (int)c->columns.len - 2 : 1,
                  c->columns.len > 2 ? c->columns.data + 1 : "*", c->target.data);
  if (pgm_prepare(sh->db, sql.data, -1, &st, NULL, &err) == PGM_OK && st) {
    while ((rc = pgm_step(st)) == PGM_ROW) {
      for (int i = 0; i < pgm_column_count(st); i++) {
        pgm_value *v = pgm_column_value(st, i);
        if (i > 0) putchar(c->delim);
        if (!v || pgm_value_is_null(v)) fputs(c->null_str, stdout);
        else put_copy_value(pgm_value_text(v, NULL), c->delim);
      }
      putchar('\n');
      rows++;
    }
    if (rc != PGM_DONE && pgm_stmt_error(st)) sh_report_error(sh, pgm_stmt_error(st), NULL, 0);
  } else if (err) {
    sh_report_error(sh, err, NULL, 0);
  }
  (void)rows; /* psql shows no COPY tag when the rows went to stdout */
  pgm_error_free(err);
  pgm_finalize(st);
  sh_buf_free(&sql);
  return rc == PGM_DONE;
}

int sh_copy_try(Shell *sh, const char *sql) {
  CopyStmt c;
  if (!parse_copy(sql, &c)) {
    copy_free(&c);
    return -1;
  }
  int ok = c.from ? copy_in(sh, &c) : copy_out(sh, &c);
  fflush(stdout);
  copy_free(&c);
  return ok;
}

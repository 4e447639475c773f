/*
** exec.c — running SQL text and reporting its results and errors.
**
** Text may hold several statements: each is prepared with pgm_prepare(),
** whose tail offset says where the next one starts.  Results are collected
** whole (aligned output needs every width first) and handed to print.c;
** statements without result columns print their command tag, as psql does.
*/
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "shell.h"

void sh_print_location_prefix(const Shell *sh, FILE *out) {
  if (sh->inputname) fprintf(out, "pgmicro:%s:%ld: ", sh->inputname, sh->lineno);
}

int sh_echo_is(const Shell *sh, const char *mode) {
  const char *v = sh_var_get(sh, "ECHO");
  return v && strcmp(v, mode) == 0;
}

void sh_log_error(const Shell *sh, const char *fmt, ...) {
  va_list ap;
  fflush(stdout);
  if (sh->inputname) fprintf(stderr, "pgmicro:%s:%ld: error: ", sh->inputname, sh->lineno);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  fflush(stderr);
}

/* ---- Error position display (libpq's reportErrorPosition) ---- */

#define DISPLAY_SIZE 60  /* screen width limit */
#define MIN_RIGHT_CUT 10 /* keep the cursor this far from a right cut */

/* Byte offset and screen column of each character of the query, up to the
** end of the line holding the error. */
typedef struct PosMap {
  int *qidx;
  int *scr;
  int ibeg, iend, line;
} PosMap;

static int utf8_len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xe0) == 0xc0) return 2;
  if ((c & 0xf0) == 0xe0) return 3;
  if ((c & 0xf8) == 0xf0) return 4;
  return 1;
}

static int map_query(const char *q, int loc, PosMap *m) {
  size_t slen = strlen(q) + 1;
  int cno, qoff = 0, scroff = 0;
  m->qidx = malloc(slen * sizeof(int));
  m->scr = malloc(slen * sizeof(int));
  m->ibeg = 0;
  m->iend = -1;
  m->line = 1;
  for (cno = 0; q[qoff] != '\0'; cno++) {
    char ch = q[qoff];
    m->qidx[cno] = qoff;
    m->scr[cno] = scroff;
    if (ch == '\r' || ch == '\n') {
      if (cno < loc) {
        /* \r\n counts as one line break */
        if (ch == '\r' || cno == 0 || q[m->qidx[cno - 1]] != '\r') m->line++;
        m->ibeg = cno + 1;
      } else {
        m->iend = cno;
        break;
      }
    }
    scroff++;
    qoff += utf8_len((unsigned char)ch);
  }
  if (m->iend < 0) {
    m->iend = cno;
    m->qidx[cno] = qoff;
    m->scr[cno] = scroff;
  }
  return cno;
}

/* Shorten the extracted line to DISPLAY_SIZE columns around the cursor. */
static void cut_line(PosMap *m, int loc, int *beg_trunc, int *end_trunc) {
  *beg_trunc = *end_trunc = 0;
  if (m->scr[m->iend] - m->scr[m->ibeg] <= DISPLAY_SIZE) return;
  if (m->scr[m->ibeg] + DISPLAY_SIZE >= m->scr[loc] + MIN_RIGHT_CUT) {
    while (m->scr[m->iend] - m->scr[m->ibeg] > DISPLAY_SIZE) m->iend--;
    *end_trunc = 1;
    return;
  }
  while (m->scr[loc] + MIN_RIGHT_CUT < m->scr[m->iend]) {
    m->iend--;
    *end_trunc = 1;
  }
  while (m->scr[m->iend] - m->scr[m->ibeg] > DISPLAY_SIZE) {
    m->ibeg++;
    *beg_trunc = 1;
  }
}

/* "LINE 1: select * from nosuch" and a caret under the error position. */
static void report_position(const char *query, int loc, FILE *out) {
  PosMap m;
  int beg_trunc, end_trunc;
  loc--; /* 1-based to 0-based */
  if (loc < 0 || query == NULL) return;
  int nchars = map_query(query, loc, &m);
  if (loc <= nchars) {
    cut_line(&m, loc, &beg_trunc, &end_trunc);
    char prefix[32];
    int plen = snprintf(prefix, sizeof prefix, "LINE %d: %s", m.line,
                        beg_trunc ? "..." : "");
    fputs(prefix, out);
    for (int i = m.qidx[m.ibeg]; i < m.qidx[m.iend]; i++)
      fputc(query[i] == '\t' ? ' ' : query[i], out);
    fputs(end_trunc ? "...\n" : "\n", out);
    int col = plen + m.scr[loc] - m.scr[m.ibeg];
    for (int i = 0; i < col; i++) fputc(' ', out);
    fputs("^\n", out);
  }
  free(m.qidx);
  free(m.scr);
}

/* Print err the way psql does: severity, message, position, detail, hint. */
/* Print err like psql, following its VERBOSITY variable: default,
** terse (message only, position as "at character N"), sqlstate (the code
** only) or verbose (the code before the message). */
void sh_report_error(const Shell *sh, const pgm_error *err, const char *query,
                     int offset) {
  const char *verbosity = sh_var_get(sh, "VERBOSITY");
  int pos = pgm_error_position(err);
  fflush(stdout);
  sh_print_location_prefix(sh, stderr);
  fprintf(stderr, "%s:  ", pgm_error_severity(err));
  if (verbosity && strcmp(verbosity, "sqlstate") == 0) {
    fprintf(stderr, "%s\n", pgm_error_sqlstate(err));
  } else if (verbosity && strcmp(verbosity, "terse") == 0) {
    fputs(pgm_error_message(err), stderr);
    if (pos > 0) fprintf(stderr, " at character %d", pos + offset);
    fputc('\n', stderr);
  } else {
    if (verbosity && strcmp(verbosity, "verbose") == 0)
      fprintf(stderr, "%s: ", pgm_error_sqlstate(err));
    fprintf(stderr, "%s\n", pgm_error_message(err));
    if (pos > 0) report_position(query, pos + offset, stderr);
    if (pgm_error_detail(err)) fprintf(stderr, "DETAIL:  %s\n", pgm_error_detail(err));
    if (pgm_error_hint(err)) fprintf(stderr, "HINT:  %s\n", pgm_error_hint(err));
    if (pgm_error_context(err)) fprintf(stderr, "CONTEXT:  %s\n", pgm_error_context(err));
  }
  fflush(stderr);
}

/* ---- Running one statement ---- */

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* psql's \timing line: milliseconds, plus d hh:mm:ss.sss past one second. */
static void print_timing(double ms) {
  printf("Time: %.3f ms", ms);
  if (ms >= 1000.0) {
    double seconds = ms / 1000.0;
    long minutes = (long)(seconds / 60);
    seconds -= (double)minutes * 60;
    if (minutes < 60) {
      printf(" (%02ld:%06.3f)", minutes, seconds);
    } else {
      long hours = minutes / 60;
      minutes %= 60;
      if (hours < 24) {
        printf(" (%02ld:%02ld:%06.3f)", hours, minutes, seconds);
      } else {
        printf(" (%ld d %02ld:%02ld:%06.3f)", hours / 24, hours % 24, minutes,
               seconds);
      }
    }
  }
  putchar('\n');
}

static Table result_table(pgm_stmt *st) {
  Table t;
  int n = pgm_column_count(st);
  sh_table_init(&t, n);
  for (int i = 0; i < n; i++)
    sh_table_set_header(&t, i, pgm_column_name(st, i),
                     sh_align_for_type(pgm_column_type(st, i)));
  return t;
}

/* psql prints the tag of INSERT/UPDATE/DELETE ... RETURNING after the rows. */
static int tag_follows_rows(const char *tag) {
  return strncmp(tag, "INSERT", 6) == 0 || strncmp(tag, "UPDATE", 6) == 0 ||
         strncmp(tag, "DELETE", 6) == 0;
}

/* keep_null: keep SQL NULL as a NULL cell instead of the null display. */
static void add_row(Table *t, pgm_stmt *st, const PrintOpt *opt, int keep_null) {
  for (int i = 0; i < t->ncols; i++) {
    pgm_value *v = pgm_column_value(st, i);
    const char *s = v && !pgm_value_is_null(v) ? pgm_value_text(v, NULL) : NULL;
    if (keep_null) sh_table_add_raw(t, s);
    else sh_table_add_cell(t, s ? s : opt->null_str);
  }
}

/* \gset: one row's values become variables (prefix + column name); NULL
** unsets.  psql refuses zero or several rows. */
static int gset_result(Shell *sh, const Table *t, const char *prefix) {
  if (t->nrows != 1) {
    sh_log_error(sh, t->nrows == 0 ? "no rows returned for \\gset"
                                   : "more than one row returned for \\gset");
    return 0;
  }
  for (int i = 0; i < t->ncols; i++) {
    Buf name = {0};
    sh_buf_printf(&name, "%s%s", prefix, t->headers[i]);
    if (t->cells[i]) sh_var_set(sh, name.data, t->cells[i]);
    else sh_var_unset(sh, name.data);
    sh_buf_free(&name);
  }
  return 1;
}

/* \gexec: every non-NULL value, row by row, is run as a statement. */
static int gexec_result(Shell *sh, const Table *t) {
  int ok = 1;
  for (size_t i = 0; i < t->ncells; i++) {
    if (!t->cells[i]) continue;
    if (!sh_exec_sql(sh, t->cells[i])) {
      ok = 0;
      if (sh_var_is_on(sh, "ON_ERROR_STOP")) break;
    }
  }
  return ok;
}

/* A result with columns: printed, or consumed by a pending \gset/\gexec. */
static int handle_rows(Shell *sh, Table *t, const char *tag) {
  int ok = 1;
  char *prefix = sh->gset_prefix;
  int gexec = sh->gexec;
  sh->gset_prefix = NULL; /* consumed: nested statements print normally */
  sh->gexec = 0;
  if (prefix) {
    ok = gset_result(sh, t, prefix);
  } else if (gexec) {
    ok = gexec_result(sh, t);
  } else {
    sh_print_table(t, &sh->popt, stdout);
    if (tag && tag_follows_rows(tag) && !sh->quiet) printf("%s\n", tag);
  }
  free(prefix);
  return ok;
}


/* Where a statement sits in the text sent: for error positions. */
typedef struct Sent {
  const char *text;  /* the whole text */
  int offset;        /* characters before the statement */
} Sent;

/* psql's result variables, so scripts can test :ERROR, :ROW_COUNT, ... */
static void set_result_vars(Shell *sh, const pgm_error *err, int64_t rows) {
  char n[32];
  snprintf(n, sizeof n, "%lld", (long long)(err ? 0 : rows));
  sh_var_set(sh, "ERROR", err ? "true" : "false");
  sh_var_set(sh, "SQLSTATE", err ? pgm_error_sqlstate(err) : "00000");
  sh_var_set(sh, "ROW_COUNT", n);
  if (err) {
    sh_var_set(sh, "LAST_ERROR_MESSAGE", pgm_error_message(err));
    sh_var_set(sh, "LAST_ERROR_SQLSTATE", pgm_error_sqlstate(err));
  }
}

/* After SET/RESET, re-read standard_conforming_strings: the lexer needs it
** to know whether a backslash escapes a quote (psql learns it from the
** server's ParameterStatus). */
static void refresh_std_strings(Shell *sh, const char *tag) {
  if (!tag || (strcmp(tag, "SET") != 0 && strcmp(tag, "RESET") != 0)) return;
  pgm_stmt *st = NULL;
  if (pgm_prepare(sh->db, "SHOW standard_conforming_strings", -1, &st, NULL, NULL) ==
          PGM_OK && st && pgm_step(st) == PGM_ROW) {
    pgm_value *v = pgm_column_value(st, 0);
    const char *s = v ? pgm_value_text(v, NULL) : NULL;
    if (s) sh_set_std_strings(strcmp(s, "off") != 0);
  }
  pgm_finalize(st);
}

/* NOTICE and WARNING lines go to stderr before the result, as psql prints them. */
static void report_notices(Shell *sh, pgm_stmt *st, const Sent *sent) {
  for (int i = 0; i < pgm_stmt_notice_count(st); i++)
    sh_report_error(sh, pgm_stmt_notice(st, i), sent->text, sent->offset);
}

/* Step st to the end.  Returns 1 on success; on failure reports the error. */
static int run_stmt(Shell *sh, pgm_stmt *st, const Sent *sent) {
  int ncols = pgm_column_count(st);
  Table t;
  int rc;
  int keep_null = sh->gset_prefix != NULL || sh->gexec;
  if (ncols > 0) t = result_table(st);
  sh_running_query = 1;
  while ((rc = pgm_step(st)) == PGM_ROW)
    if (ncols > 0) add_row(&t, st, &sh->popt, keep_null);
  int copy_out = rc == PGM_COPY_OUT;
  rc = sh_copy_run(sh, st, rc);
  sh_running_query = 0;
  report_notices(sh, st, sent);
  if (rc != PGM_DONE) {
    const pgm_error *err = pgm_stmt_error(st);
    if (err) sh_report_error(sh, err, sent->text, sent->offset);
    if (err) set_result_vars(sh, err, 0);
    if (ncols > 0) sh_table_free(&t);
    return 0;
  }
  set_result_vars(sh, NULL, ncols > 0 ? (int64_t)t.nrows : pgm_changes(st));
  const char *tag = pgm_command_tag(st);
  int ok = 1;
  refresh_std_strings(sh, tag);
  if (ncols > 0) {
    ok = handle_rows(sh, &t, tag);
    sh_table_free(&t);
  } else if (!sh->quiet && tag && *tag && !copy_out) {
    /* psql shows no tag after rows copied to stdout */
    printf("%s\n", tag);
  }
  return ok;
}

static const char *skip_space(const char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f') s++;
  return s;
}

static int count_chars(const char *s, const char *end) {
  int n = 0;
  for (; s < end; s++)
    if (((unsigned char)*s & 0xc0) != 0x80) n++;
  return n;
}

static void prepare_failed(Shell *sh, pgm_error *err, const Sent *sent) {
  if (err) {
    sh_report_error(sh, err, sent->text, sent->offset);
    set_result_vars(sh, err, 0);
  } else {
    fflush(stdout);
    sh_print_location_prefix(sh, stderr);
    fputs("ERROR:  could not prepare statement\n", stderr);
  }
}

/* 1 if rest (after a statement) holds another statement; one that fails
** to prepare counts, as it will fail when its turn comes. */
static int more_statements(Shell *sh, const char *rest) {
  rest = skip_space(rest);
  while (*rest == ';') rest = skip_space(rest + 1);
  if (!*rest) return 0;
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  int more = pgm_prepare(sh->db, rest, -1, &st, NULL, &err) != PGM_OK || st != NULL;
  pgm_finalize(st);
  pgm_error_free(err);
  return more;
}

/* psql sends -c text as one Query message, and PostgreSQL runs the
** statements of such a message as one implicit transaction block when there
** are several: the engine keeps its rules (pgm_implicit_begin in pgmicro.h).
** Opened before each statement, as PostgreSQL does, so that after a COMMIT
** among them the rest starts a new one. */
static int implicit_begin(Shell *sh, const char *rest) {
  if (!sh->one_message) return 1;
  if (!sh->implicit) sh->implicit = more_statements(sh, rest);
  pgm_error *err = NULL;
  if (!sh->implicit || pgm_implicit_begin(sh->db, &err) == PGM_OK) return 1;
  sh_report_error(sh, err, "", 0);
  pgm_error_free(err);
  return 0;
}

static int implicit_end(Shell *sh, int ok) {
  if (!sh->implicit) return ok;
  sh->implicit = 0;
  pgm_error *err = NULL;
  if (pgm_implicit_end(sh->db, &err) != PGM_OK) {
    sh_report_error(sh, err, "", 0);
    ok = 0;
  }
  pgm_error_free(err);
  return ok;
}

/* Prepare and run the statement at sql (inside text); *next gets the rest.
** Returns 1 ok, 0 failed, -1 nothing left. */
static int exec_one(Shell *sh, const char *text, const char *sql, const char **next) {
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  size_t tail = 0;
  Sent sent = {text, count_chars(text, sql)};
  if (pgm_prepare(sh->db, sql, -1, &st, &tail, &err) != PGM_OK) {
    prepare_failed(sh, err, &sent);
    pgm_error_free(err);
    return 0;
  }
  if (st == NULL) return -1;
  *next = sql + (tail > 0 ? tail : strlen(sql));
  int ok = implicit_begin(sh, *next) && run_stmt(sh, st, &sent);
  pgm_finalize(st);
  fflush(stdout);
  return ok;
}

/* Like psql, \timing reports once per text sent, failed or not. */
int sh_exec_sql(Shell *sh, const char *sql) {
  const char *p = skip_space(sql);
  double t0 = now_ms();
  int ok = 1;
  sh_cancel_pressed = 0;
  if (sh_echo_is(sh, "queries")) {
    puts(sql);
    fflush(stdout);
  }
  while (*p) {
    const char *next = p;
    int r = exec_one(sh, sql, p, &next);
    if (r < 0) break;
    if (r == 0) { ok = 0; break; }
    p = skip_space(next);
  }
  ok = implicit_end(sh, ok);
  if (sh->timing) {
    print_timing(now_ms() - t0);
    fflush(stdout);
  }
  return ok;
}

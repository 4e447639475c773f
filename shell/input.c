/*
** input.c — reading input and cutting it into statements.
**
** A small lexer, not an SQL parser: it only needs to know whether a `;` or
** a backslash is "live", i.e. outside quotes ('...', E'...', "..."), dollar
** quotes ($tag$...$tag$), comments (-- and nested slash-star) and
** parentheses.  That is what psql's psqlscan.l decides too, so statements
** split where psql splits them.  Lines are accumulated into a query buffer
** until a live `;`; the buffer is then run through exec.c.
*/
#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>

#include "shell.h"

/* ---- Buf ---- */

static void buf_grow(Buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t ncap = b->cap ? b->cap : 64;
  while (ncap < b->len + extra + 1) ncap *= 2;
  b->data = realloc(b->data, ncap);
  b->cap = ncap;
}

void sh_buf_append(Buf *b, const char *s, size_t n) {
  buf_grow(b, n);
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void sh_buf_puts(Buf *b, const char *s) { sh_buf_append(b, s, strlen(s)); }
void sh_buf_putc(Buf *b, char c) { sh_buf_append(b, &c, 1); }

void sh_buf_printf(Buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  buf_grow(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void sh_buf_reset(Buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

void sh_buf_free(Buf *b) {
  free(b->data);
  memset(b, 0, sizeof *b);
}

static int buf_is_blank_str(const char *s) {
  for (; *s; s++)
    if (!isspace((unsigned char)*s)) return 0;
  return 1;
}

int sh_buf_is_blank(const Buf *b) {
  return b->len == 0 || buf_is_blank_str(b->data);
}

/* ---- Lexer ---- */

/* standard_conforming_strings of the connection: when off, a backslash
** escapes in every '...' string, as psql's lexer follows the server. */
static int std_strings = 1;

void sh_set_std_strings(int on) { std_strings = on; }

void sh_scan_init(ScanState *st) { memset(st, 0, sizeof *st); }

static int ident_char(char c) {
  return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

/* Length of a dollar-quote delimiter ($$ or $tag$) at s, or 0.  A tag
** cannot start with a digit ($1 is a parameter). */
static size_t dollar_tag(const char *s) {
  size_t i = 1;
  if (isdigit((unsigned char)s[1])) return 0;
  while (s[i] && s[i] != '$' && ident_char(s[i])) i++;
  return s[i] == '$' ? i + 1 : 0;
}

/* Does the letter before the quote at s[i] stand alone (E'..', B'..')? */
static int prefix_letter(const char *s, size_t i, const char *letters) {
  return i > 0 && strchr(letters, s[i - 1]) && (i == 1 || !ident_char(s[i - 2]));
}

/* Which string a quote opens: E'...' takes backslash escapes, and so does
** '...' when standard_conforming_strings is off; U&'...', B'...' and
** X'...' never do. */
static int quote_kind(const char *s, size_t i) {
  if (i >= 2 && s[i - 1] == '&' && prefix_letter(s, i - 1, "Uu")) return SCAN_SQUOTE;
  if (prefix_letter(s, i, "BbXx")) return SCAN_SQUOTE;
  if (prefix_letter(s, i, "Ee") || !std_strings) return SCAN_EQUOTE;
  return SCAN_SQUOTE;
}

/* Inside a quote or comment: advance past one lexical step at s[i]. */
static size_t scan_quoted(ScanState *st, const char *s, size_t i) {
  switch (st->mode) {
  case SCAN_SQUOTE:
  case SCAN_EQUOTE:
    if (st->mode == SCAN_EQUOTE && s[i] == '\\' && s[i + 1]) return i + 2;
    if (s[i] == '\'') {
      if (s[i + 1] == '\'') return i + 2; /* '' is a quote inside */
      st->mode = SCAN_NORMAL;
    }
    return i + 1;
  case SCAN_DQUOTE:
    if (s[i] == '"') {
      if (s[i + 1] == '"') return i + 2;
      st->mode = SCAN_NORMAL;
    }
    return i + 1;
  case SCAN_DOLLAR: {
    size_t n = strlen(st->dolq_tag);
    if (s[i] == '$' && strncmp(s + i, st->dolq_tag, n) == 0) {
      st->mode = SCAN_NORMAL;
      return i + n;
    }
    return i + 1;
  }
  case SCAN_COMMENT:
    if (s[i] == '/' && s[i + 1] == '*') { st->comment_depth++; return i + 2; }
    if (s[i] == '*' && s[i + 1] == '/') {
      if (--st->comment_depth == 0) st->mode = SCAN_NORMAL;
      return i + 2;
    }
    return i + 1;
  default:
    return i + 1;
  }
}

/* Outside quotes: open a quote/comment or track parentheses. */
static size_t scan_open(ScanState *st, const char *s, size_t i) {
  char c = s[i];
  if (c == '\'') {
    st->mode = quote_kind(s, i);
  } else if (c == '"') {
    st->mode = SCAN_DQUOTE;
  } else if (c == '$' && (i == 0 || !ident_char(s[i - 1]))) {
    size_t n = dollar_tag(s + i);
    if (n > 0 && n < sizeof st->dolq_tag) {
      memcpy(st->dolq_tag, s + i, n);
      st->dolq_tag[n] = '\0';
      st->mode = SCAN_DOLLAR;
      return i + n;
    }
  } else if (c == '/' && s[i + 1] == '*') {
    st->mode = SCAN_COMMENT;
    st->comment_depth = 1;
    return i + 2;
  } else if (c == '(') {
    st->paren_depth++;
  } else if (c == ')' && st->paren_depth > 0) {
    st->paren_depth--;
  }
  return i + 1;
}

/*
** Scan line from *pos.  Stops just after a live `;` (SCAN_SEMICOLON), at a
** live backslash (SCAN_BACKSLASH, *pos on it) or at the end of the line
** (SCAN_EOL).  A -- comment runs to the end of the line.
*/
int sh_scan_line(ScanState *st, const char *line, size_t *pos) {
  size_t i = *pos;
  while (line[i]) {
    if (st->mode != SCAN_NORMAL) { i = scan_quoted(st, line, i); continue; }
    char c = line[i];
    if (c == '-' && line[i + 1] == '-') { i = strlen(line); break; }
    if (c == ';' && st->paren_depth == 0) { *pos = i + 1; return SCAN_SEMICOLON; }
    if (c == '\\') { *pos = i; return SCAN_BACKSLASH; }
    i = scan_open(st, line, i);
  }
  *pos = i;
  return SCAN_EOL;
}

/* psql's %R prompt character. */
char sh_scan_prompt_char(const ScanState *st, int buf_empty) {
  switch (st->mode) {
  case SCAN_SQUOTE: case SCAN_EQUOTE: return '\'';
  case SCAN_DQUOTE: return '"';
  case SCAN_DOLLAR: return '$';
  case SCAN_COMMENT: return '*';
  default: break;
  }
  if (st->paren_depth > 0) return '(';
  return buf_empty ? '=' : '-';
}

/* ---- Variable interpolation (:name, :'name', :"name") ---- */

static void append_quoted(Buf *out, const char *v, char q) {
  sh_buf_putc(out, q);
  for (; *v; v++) {
    if (*v == q) sh_buf_putc(out, q);
    sh_buf_putc(out, *v);
  }
  sh_buf_putc(out, q);
}

/* Try to interpolate at text[i] == ':'; returns bytes consumed or 0. */
static size_t interpolate(const Shell *sh, const char *text, size_t i, size_t len,
                          Buf *out) {
  char q = 0;
  size_t j = i + 1;
  if (j < len && (text[j] == '\'' || text[j] == '"')) q = text[j++];
  size_t start = j;
  while (j < len && (isalnum((unsigned char)text[j]) || text[j] == '_')) j++;
  if (j == start) return 0;
  if (q && (j >= len || text[j] != q)) return 0;
  char name[128];
  size_t n = j - start < sizeof name - 1 ? j - start : sizeof name - 1;
  memcpy(name, text + start, n);
  name[n] = '\0';
  const char *v = sh_var_get(sh, name);
  if (!v) return 0;
  if (q) append_quoted(out, v, q); else sh_buf_puts(out, v);
  return (q ? j + 1 : j) - i;
}

/* Copy text to out, replacing psql variable references outside quotes.
** `::` (a cast) is never a reference. */
void sh_substitute_vars(const Shell *sh, const char *text, size_t len, Buf *out) {
  ScanState st;
  sh_scan_init(&st);
  size_t i = 0;
  while (i < len) {
    if (st.mode == SCAN_NORMAL && text[i] == ':' && text[i + 1] != ':' &&
        (i == 0 || text[i - 1] != ':')) {
      size_t used = interpolate(sh, text, i, len, out);
      if (used) { i += used; continue; }
    }
    if (st.mode == SCAN_NORMAL && text[i] == '-' && text[i + 1] == '-') {
      size_t e = i;
      while (e < len && text[e] != '\n') e++;
      sh_buf_append(out, text + i, e - i);
      i = e;
      continue;
    }
    size_t next = st.mode == SCAN_NORMAL ? scan_open(&st, text, i)
                                          : scan_quoted(&st, text, i);
    if (next > len) next = len;
    sh_buf_append(out, text + i, next - i);
    i = next;
  }
}

/* ---- Reading lines ---- */

/* Ctrl-C at a prompt jumps out of readline() (as psql does), so the line
** being typed is dropped and a fresh prompt appears. */
static sigjmp_buf prompt_jmp;
static volatile sig_atomic_t at_prompt = 0;

void sh_prompt_interrupted(void) {
  if (!at_prompt) return;
  at_prompt = 0;
  siglongjmp(prompt_jmp, 1);
}

static char *read_tty_line(const char *prompt) {
  if (sigsetjmp(prompt_jmp, 1) != 0) {
    fputc('\n', stdout);
    fflush(stdout);
    return strdup("");
  }
  at_prompt = 1;
  char *line = readline(prompt);
  at_prompt = 0;
  if (line && *line) add_history(line);
  return line;
}

static char *read_line(Shell *sh, FILE *f, const char *prompt) {
  if (sh->interactive && f == stdin) return read_tty_line(prompt);
  char *line = NULL;
  size_t cap = 0;
  ssize_t n = getline(&line, &cap, f);
  if (n < 0) { free(line); return NULL; }
  if (n > 0 && line[n - 1] == '\n') line[--n] = '\0';
  if (n > 0 && line[n - 1] == '\r') line[--n] = '\0';
  return line;
}

/* Run the query buffer: interpolate variables, then execute. */
static int send_query(Shell *sh, Buf *query) {
  Buf sql = {0};
  sh_substitute_vars(sh, query->data ? query->data : "", query->len, &sql);
  int ok = sh_buf_is_blank(&sql) ? 1 : sh_exec_sql(sh, sql.data);
  sh_buf_free(&sql);
  sh_buf_reset(query);
  /* a \gset or \gexec applies to this query only, even if it failed */
  free(sh->gset_prefix);
  sh->gset_prefix = NULL;
  sh->gexec = 0;
  return ok;
}

/* Everything a line-reading loop carries between lines. */
typedef struct Loop {
  Shell *sh;
  Buf query;
  ScanState st;
  int failed;   /* the last statement or command failed */
  int stop;     /* stop reading: \q or ON_ERROR_STOP */
} Loop;

static void skip_blank_start(const Loop *lp, const char *line, size_t *pos) {
  if (lp->query.len > 0 || lp->st.mode != SCAN_NORMAL) return;
  /* psql drops whitespace and -- comments before a statement starts */
  while (isspace((unsigned char)line[*pos])) (*pos)++;
  if (line[*pos] == '-' && line[*pos + 1] == '-') *pos = strlen(line);
}

static void note_result(Loop *lp, int ok) {
  lp->failed = !ok;
  if (!ok && sh_var_is_on(lp->sh, "ON_ERROR_STOP")) lp->stop = 1;
  if (sh_cancel_pressed && !lp->sh->interactive) lp->stop = lp->failed = 1;
}

/* A backslash command takes the rest of the line. */
static void handle_meta(Loop *lp, const char *cmd) {
  int r = sh_run_meta(lp->sh, cmd, &lp->query);
  if (r == META_QUIT) { lp->stop = 1; lp->sh->quit = 1; return; }
  if (r == META_SEND) {
    note_result(lp, send_query(lp->sh, &lp->query));
    sh_scan_init(&lp->st);
    return;
  }
  note_result(lp, r == META_OK);
}

static void process_line(Loop *lp, const char *line) {
  size_t pos = 0;
  while (!lp->stop) {
    skip_blank_start(lp, line, &pos);
    size_t start = pos;
    int r = sh_scan_line(&lp->st, line, &pos);
    sh_buf_append(&lp->query, line + start, pos - start);
    if (r == SCAN_SEMICOLON) {
      note_result(lp, send_query(lp->sh, &lp->query));
      sh_scan_init(&lp->st);
      continue;
    }
    if (r == SCAN_BACKSLASH) { handle_meta(lp, line + pos); return; }
    if (lp->query.len > 0) sh_buf_putc(&lp->query, '\n');
    return;
  }
}

/* psql's default prompt "%/%R%x%# ": database, continuation state,
** transaction state ('*' in a transaction, '!' in a failed one), '>'. */
static const char *make_prompt(Loop *lp, char *buf, size_t n) {
  char c = sh_scan_prompt_char(&lp->st, lp->query.len == 0);
  char ts = pgm_transaction_status(lp->sh->db);
  const char *x = ts == 'T' ? "*" : ts == 'E' ? "!" : "";
  snprintf(buf, n, "pgmicro%c%s> ", c, x);
  return buf;
}

/* Ctrl-C at the prompt: psql forgets the statement being typed. */
static void clear_on_cancel(Loop *lp) {
  if (!sh_cancel_pressed) return;
  sh_cancel_pressed = 0;
  sh_buf_reset(&lp->query);
  sh_scan_init(&lp->st);
}

/* Ctrl-C stops a script (psql's exit code 3); at a prompt it only clears. */
static int script_cancelled(Loop *lp) {
  if (!sh_cancel_pressed || lp->sh->interactive) return 0;
  lp->stop = lp->failed = 1;
  return 1;
}

/* Read f line by line until its end, \q, or a stop. */
static void read_loop(Loop *lp, FILE *f) {
  Shell *sh = lp->sh;
  char prompt[32];
  while (!lp->stop && !script_cancelled(lp)) {
    clear_on_cancel(lp);
    char *line = read_line(sh, f, make_prompt(lp, prompt, sizeof prompt));
    if (!line) {
      if (sh->interactive && f == stdin && !sh->quiet) puts("\\q");
      script_cancelled(lp);
      return;
    }
    sh->lineno++;
    /* psql ignores empty lines outside quotes: not echoed, not queried */
    if (line[0] != '\0' || lp->st.mode != SCAN_NORMAL) {
      if (!sh->interactive && sh_echo_is(sh, "all")) {
        puts(line);
        fflush(stdout);
      }
      process_line(lp, line);
    }
    free(line);
  }
}

int sh_process_stream(Shell *sh, FILE *f, const char *name) {
  Loop lp = {.sh = sh};
  const char *saved_name = sh->inputname;
  long saved_line = sh->lineno;
  FILE *saved_input = sh->input;
  sh->inputname = name;
  sh->lineno = 0;
  sh->input = f;
  sh_scan_init(&lp.st);
  read_loop(&lp, f);
  /* A script's last statement may lack its `;`: psql runs it anyway. */
  if (!lp.stop && !sh->interactive && !sh_buf_is_blank(&lp.query))
    note_result(&lp, send_query(sh, &lp.query));
  sh_buf_free(&lp.query);
  sh->inputname = saved_name;
  sh->lineno = saved_line;
  sh->input = saved_input;
  return lp.stop && lp.failed ? EXIT_USER : EXIT_OK;
}

int sh_process_file(Shell *sh, const char *path, int top_level) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
  if (!f) {
    if (top_level) {
      fflush(stdout);
      fprintf(stderr, "pgmicro: error: %s: %s\n", path, strerror(errno));
    } else {
      sh_log_error(sh, "%s: %s", path, strerror(errno));
    }
    return EXIT_FAIL;
  }
  int saved = sh->interactive;
  sh->interactive = 0;
  int code = sh_process_stream(sh, f, f == stdin ? "<stdin>" : path);
  sh->interactive = saved;
  if (f != stdin) fclose(f);
  return code;
}

/* -c: a string is either one backslash command or SQL (psql's rule). */
int sh_process_string(Shell *sh, const char *text) {
  const char *p = text;
  while (isspace((unsigned char)*p)) p++;
  if (*p == '\\') {
    Buf q = {0};
    int r = sh_run_meta(sh, p, &q);
    if (r == META_SEND) r = send_query(sh, &q) ? META_OK : META_ERROR;
    sh_buf_free(&q);
    return r == META_ERROR ? EXIT_FAIL : EXIT_OK;
  }
  /* psql sends -c SQL as given, without variable interpolation, in one message */
  sh->one_message = 1;
  int ok = buf_is_blank_str(text) || sh_exec_sql(sh, text);
  sh->one_message = 0;
  return ok ? EXIT_OK : EXIT_FAIL;
}

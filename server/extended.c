/*
** extended.c — the extended query protocol: Parse (named and unnamed
** prepared statements), Bind (portals with text or binary parameters and
** result formats), Describe, Execute with a row limit and PortalSuspended,
** Close, Sync and Flush.  After an error every message up to Sync is
** ignored, as PostgreSQL does.  A portal owns its own pgm_stmt, prepared
** from the statement's text at Bind (the engine's plan cache makes that
** cheap), so one statement may feed several open portals.
*/
#include "server.h"
#include "binary.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct Stmt {
  Stmt *next;
  char *name;
  char *sql;
  pgm_stmt *st;               /* NULL for an empty query */
  int nparams;
  uint32_t *client_types;     /* as given in Parse (0 = unspecified) */
  uint32_t *types;            /* what ParameterDescription reports */
};

struct Portal {
  Portal *next;
  char *name;
  pgm_stmt *st;               /* NULL for an empty query */
  int16_t *formats;
  int nformats;
  int done;
  char *tag;
};

/* ---- Lists ---- */

static void stmt_free(Stmt *p) {
  pgm_finalize(p->st);
  free(p->name); free(p->sql); free(p->client_types); free(p->types);
  free(p);
}

static void portal_free(Portal *p) {
  pgm_finalize(p->st);
  free(p->name); free(p->formats); free(p->tag);
  free(p);
}

static Stmt **stmt_find(Session *s, const char *name) {
  Stmt **pp = &s->stmts;
  while (*pp && strcmp((*pp)->name, name) != 0) pp = &(*pp)->next;
  return pp;
}

static Portal **portal_find(Session *s, const char *name) {
  Portal **pp = &s->portals;
  while (*pp && strcmp((*pp)->name, name) != 0) pp = &(*pp)->next;
  return pp;
}

static void stmt_drop(Session *s, const char *name) {
  Stmt **pp = stmt_find(s, name);
  if (*pp) { Stmt *p = *pp; *pp = p->next; stmt_free(p); }
}

static void portal_drop(Session *s, const char *name) {
  Portal **pp = portal_find(s, name);
  if (*pp) { Portal *p = *pp; *pp = p->next; portal_free(p); }
}

static void portals_drop_all(Session *s) {
  while (s->portals) { Portal *p = s->portals; s->portals = p->next; portal_free(p); }
}

void extended_free(Session *s) {
  portals_drop_all(s);
  while (s->stmts) { Stmt *p = s->stmts; s->stmts = p->next; stmt_free(p); }
}

/* ---- Errors ---- */

/* Report an error and skip messages until Sync. */
__attribute__((format(printf, 3, 4)))
static void fail(Session *s, const char *sqlstate, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  send_error_fields(&s->conn, "ERROR", sqlstate, msg, NULL, NULL, 0);
  s->ignore_till_sync = 1;
}

static void fail_engine(Session *s, const pgm_error *err) {
  send_error(&s->conn, err, 0);
  s->ignore_till_sync = 1;
}

/* ---- Parse ---- */

/* 1 if text after the first statement holds another statement. */
static int has_second_statement(Session *s, const char *rest, size_t len) {
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  int rc = pgm_prepare(s->db, rest, (int64_t)len, &st, NULL, &err);
  int more = rc != PGM_OK || st != NULL;
  pgm_finalize(st);
  pgm_error_free(err);
  return more;
}

static void stmt_fill_types(Stmt *p, const uint32_t *given, int ngiven) {
  int engine = p->st ? pgm_param_count(p->st) : 0;
  p->nparams = engine > ngiven ? engine : ngiven;
  p->client_types = calloc((size_t)p->nparams + 1, sizeof *p->client_types);
  p->types = calloc((size_t)p->nparams + 1, sizeof *p->types);
  for (int i = 0; i < p->nparams; i++) {
    uint32_t t = i < ngiven ? given[i] : 0;
    p->client_types[i] = t;
    p->types[i] = t ? t : (p->st ? pgm_param_type(p->st, i + 1) : PGM_OID_TEXT);
    if (!p->types[i]) p->types[i] = PGM_OID_TEXT;
  }
}

static int do_parse(Session *s, Msg *m) {
  const char *name = msg_get_string(m);
  const char *sql = msg_get_string(m);
  int n = msg_get_int16(m);
  if (m->bad || n < 0) return 0;
  uint32_t *given = calloc((size_t)n + 1, sizeof *given);
  for (int i = 0; i < n; i++) {
    given[i] = (uint32_t)msg_get_int32(m);
    if (given[i] == PGM_OID_UNKNOWN) given[i] = 0;   /* "unknown" leaves it to the statement */
  }
  if (m->bad) { free(given); return 0; }
  if (*name && *stmt_find(s, name)) {
    fail(s, "42P05", "prepared statement \"%s\" already exists", name);
    free(given);
    return 1;
  }
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  size_t tail = 0, len = strlen(sql);
  /* Declared parameter types are the statement's, as in PostgreSQL. */
  if (pgm_prepare_v2(s->db, sql, (int64_t)len, given, n, &st, &tail, &err) != PGM_OK) {
    fail_engine(s, err);
    pgm_error_free(err);
  } else if (st && tail < len && has_second_statement(s, sql + tail, len - tail)) {
    pgm_finalize(st);
    fail(s, "42601", "cannot insert multiple commands into a prepared statement");
  } else {
    stmt_drop(s, name);
    Stmt *p = calloc(1, sizeof *p);
    p->name = strdup(name);
    p->sql = strdup(sql);
    p->st = st;
    stmt_fill_types(p, given, n);
    p->next = s->stmts;
    s->stmts = p;
    out_begin(&s->conn, '1');
    out_end(&s->conn);
  }
  free(given);
  return 1;
}

/* ---- Bind ---- */

static int bind_text(pgm_stmt *st, int i, uint32_t client_type, uint32_t engine_type,
                     const unsigned char *p, int len) {
  if (client_type && client_type != engine_type && client_type != PGM_OID_UNKNOWN)
    return pgm_bind_typed_text(st, i, client_type, (const char *)p, len);
  return pgm_bind_text(st, i, (const char *)p, len);
}

/* Read and bind every parameter; 1 ok, 0 protocol violation, -1 error sent. */
static int bind_params(Session *s, Msg *m, Stmt *ps, pgm_stmt *st) {
  int nf = msg_get_int16(m);
  if (m->bad || nf < 0) return 0;
  int16_t *pf = calloc((size_t)nf + 1, sizeof *pf);
  for (int i = 0; i < nf; i++) pf[i] = msg_get_int16(m);
  int n = msg_get_int16(m), result = 1;
  if (m->bad || (nf > 1 && nf != n)) result = 0;
  else if (n != ps->nparams) {
    char msg[200];
    snprintf(msg, sizeof msg, "bind message supplies %d parameters, but prepared statement \"%s\" requires %d",
             n, ps->name, ps->nparams);
    send_error_fields(&s->conn, "ERROR", "08P01", msg, NULL, NULL, 0);
    s->ignore_till_sync = 1;
    result = -1;
  }
  for (int i = 0; i < n && result == 1; i++) {
    int32_t len = msg_get_int32(m);
    const unsigned char *p = len >= 0 ? msg_get_bytes(m, (size_t)len) : NULL;
    if (m->bad || len < -1) { result = 0; break; }
    if (!st) continue;
    int fmt = nf == 0 ? 0 : nf == 1 ? pf[0] : pf[i];
    uint32_t engine_type = pgm_param_type(st, i + 1);
    int rc = len < 0 ? pgm_bind_null(st, i + 1)
           : fmt == 1 ? pgm_bind_binary(st, i + 1, ps->types[i], p, len)
           : bind_text(st, i + 1, ps->client_types[i], engine_type, p, len);
    if (rc == -1) result = -1;
    else if (rc != PGM_OK) { fail_engine(s, pgm_stmt_error(st)); result = -1; }
  }
  free(pf);
  return result;
}

/* Result formats: 1 ok, 0 protocol violation, -1 error sent. */
static int bind_result_formats(Session *s, Msg *m, Portal *p) {
  int n = msg_get_int16(m);
  if (m->bad || n < 0) return 0;
  p->formats = calloc((size_t)n + 1, sizeof *p->formats);
  p->nformats = n;
  for (int i = 0; i < n; i++) p->formats[i] = msg_get_int16(m);
  if (m->bad) return 0;
  int ncols = p->st ? pgm_column_count(p->st) : 0;
  if (n > 1 && n != ncols) {
    fail(s, "08P01", "bind message has %d result formats but query has %d columns", n, ncols);
    return -1;
  }
  for (int i = 0; i < ncols && n > 0; i++) {
    int f = n == 1 ? p->formats[0] : p->formats[i];
    if (f != 0 && f != 1) { fail(s, "22023", "unsupported format code: %d", f); return -1; }
    if (f == 1 && !binary_format_supported(pgm_column_type(p->st, i))) {
      fail(s, "0A000", "binary format is not supported for result columns of type %s (column %d); use text format",
           pgm_column_type_name(p->st, i), i + 1);
      return -1;
    }
  }
  return 1;
}

static int do_bind(Session *s, Msg *m) {
  const char *pname = msg_get_string(m);
  const char *sname = msg_get_string(m);
  if (m->bad) return 0;
  Stmt *ps = *stmt_find(s, sname);
  if (!ps) { fail(s, "26000", "prepared statement \"%s\" does not exist", sname); return 1; }
  if (*pname && *portal_find(s, pname)) { fail(s, "42P03", "cursor \"%s\" already exists", pname); return 1; }
  Portal *p = calloc(1, sizeof *p);
  pgm_error *err = NULL;
  if (ps->st && pgm_prepare_v2(s->db, ps->sql, -1, ps->client_types, ps->nparams, &p->st, NULL, &err) != PGM_OK) {
    fail_engine(s, err);
    pgm_error_free(err);
    portal_free(p);
    return 1;
  }
  int r = bind_params(s, m, ps, p->st);
  if (r == 1) r = bind_result_formats(s, m, p);
  if (r != 1) { portal_free(p); return r != 0; }
  portal_drop(s, pname);
  p->name = strdup(pname);
  p->next = s->portals;
  s->portals = p;
  out_begin(&s->conn, '2');
  out_end(&s->conn);
  return 1;
}

/* ---- Describe, Execute, Close, Sync ---- */

static void send_no_data(Conn *c) { out_begin(c, 'n'); out_end(c); }

static int do_describe(Session *s, Msg *m) {
  int kind = m->len ? m->data[m->pos++] : 0;
  const char *name = msg_get_string(m);
  if (m->bad) return 0;
  Conn *c = &s->conn;
  if (kind == 'S') {
    Stmt *ps = *stmt_find(s, name);
    if (!ps) { fail(s, "26000", "prepared statement \"%s\" does not exist", name); return 1; }
    out_begin(c, 't');
    out_int16(c, ps->nparams);
    for (int i = 0; i < ps->nparams; i++) out_int32(c, (int32_t)ps->types[i]);
    out_end(c);
    if (ps->st && pgm_column_count(ps->st) > 0) send_row_description(c, ps->st, NULL, 0);
    else send_no_data(c);
    return 1;
  }
  if (kind != 'P') return 0;
  Portal *p = *portal_find(s, name);
  if (!p) { fail(s, "34000", "portal \"%s\" does not exist", name); return 1; }
  if (p->st && pgm_column_count(p->st) > 0) send_row_description(c, p->st, p->formats, p->nformats);
  else send_no_data(c);
  return 1;
}

static void portal_run(Session *s, Portal *p, int32_t max_rows) {
  Conn *c = &s->conn;
  int rc = PGM_DONE;
  int32_t sent = 0;
  while (!p->done && (rc = pgm_step(p->st)) == PGM_ROW) {
    if (send_data_row(c, p->st, p->formats, p->nformats) != 0) {
      s->ignore_till_sync = 1;          /* the ErrorResponse is sent */
      p->done = 1;
      p->tag = strdup("");
      return;
    }
    if (max_rows > 0 && ++sent >= max_rows) {
      out_begin(c, 's');
      out_end(c);
      return;
    }
  }
  if (!p->done) rc = copy_exchange(c, p->st, rc);
  if (rc == COPY_ERROR_SENT) {
    s->ignore_till_sync = 1;
    p->done = 1;
    p->tag = strdup("");
    return;
  }
  if (!p->done) send_notices(c, p->st);
  if (rc != PGM_DONE) { fail_engine(s, pgm_stmt_error(p->st)); return; }
  bool first = !p->done;
  if (!p->done) { p->done = 1; p->tag = strdup(pgm_command_tag(p->st)); }
  send_command_complete(c, p->tag);
  if (first && (!strcmp(p->tag, "SET") || !strcmp(p->tag, "RESET"))) session_settings_changed(s);
}

static int do_execute(Session *s, Msg *m) {
  const char *name = msg_get_string(m);
  int32_t max_rows = msg_get_int32(m);
  if (m->bad) return 0;
  Portal *p = *portal_find(s, name);
  if (!p) { fail(s, "34000", "portal \"%s\" does not exist", name); return 1; }
  if (!p->st) { out_begin(&s->conn, 'I'); out_end(&s->conn); return 1; }
  portal_run(s, p, max_rows);
  return 1;
}

static int do_close(Session *s, Msg *m) {
  int kind = m->len ? m->data[m->pos++] : 0;
  const char *name = msg_get_string(m);
  if (m->bad) return 0;
  if (kind == 'S') stmt_drop(s, name);
  else if (kind == 'P') portal_drop(s, name);
  else return 0;
  out_begin(&s->conn, '3');
  out_end(&s->conn);
  return 1;
}

/* Sync ends the implicit transaction: portals outside a transaction block
** go away with it. */
static void do_sync(Session *s) {
  char status = pgm_transaction_status(s->db);
  s->ignore_till_sync = 0;
  if (status != 'T') portals_drop_all(s);
  send_ready(&s->conn, status);
}

int extended_message(Session *s, Msg *m) {
  if (m->type == 'S') { do_sync(s); return 1; }
  if (s->ignore_till_sync) return 1;
  switch (m->type) {
  case 'P': return do_parse(s, m);
  case 'B': return do_bind(s, m);
  case 'D': return do_describe(s, m);
  case 'E': return do_execute(s, m);
  case 'C': return do_close(s, m);
  case 'H': conn_flush(&s->conn); return 1;
  default: return 0;
  }
}

/* ---- DEALLOCATE (SQL access to the protocol's prepared statements) ---- */

static size_t skip_blanks(const char *s, size_t i, size_t len) {
  while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
  return i;
}

static int word_at(const char *s, size_t i, size_t len, const char *w) {
  size_t n = strlen(w);
  if (i + n > len || strncasecmp(s + i, w, n) != 0) return 0;
  return i + n == len || !(isalnum((unsigned char)s[i + n]) || s[i + n] == '_');
}

/* Read an identifier (plain, folded to lower case, or "quoted") into out. */
static size_t read_ident(const char *s, size_t i, size_t len, char *out, size_t cap) {
  size_t k = 0;
  if (i < len && s[i] == '"') {
    for (i++; i < len; i++) {
      if (s[i] == '"' && !(i + 1 < len && s[i + 1] == '"')) return k ? (out[k] = 0, i + 1) : 0;
      if (s[i] == '"') i++;
      if (k + 1 < cap) out[k++] = s[i];
    }
    return 0;
  }
  for (; i < len && (isalnum((unsigned char)s[i]) || s[i] == '_'); i++)
    if (k + 1 < cap) out[k++] = (char)tolower((unsigned char)s[i]);
  out[k] = 0;
  return k ? i : 0;
}

/* `DEALLOCATE [PREPARE] name | ALL` at sql: the engine has no prepared
** statements of its own, so the server drops its protocol-level ones.
** Returns the bytes consumed (through the ';'), or 0 if sql is not one. */
size_t extended_deallocate(Session *s, const char *sql, size_t len) {
  char name[256];
  size_t i = skip_blanks(sql, 0, len);
  if (!word_at(sql, i, len, "deallocate")) return 0;
  i = skip_blanks(sql, i + 10, len);
  if (word_at(sql, i, len, "prepare")) i = skip_blanks(sql, i + 7, len);
  int all = word_at(sql, i, len, "all");
  if (all) i += 3;
  else if (!(i = read_ident(sql, i, len, name, sizeof name))) return 0;
  i = skip_blanks(sql, i, len);
  if (i < len && sql[i] != ';') return 0;
  if (all) {
    while (s->stmts) { Stmt *p = s->stmts; s->stmts = p->next; stmt_free(p); }
  } else if (!*stmt_find(s, name)) {
    send_error_fields(&s->conn, "ERROR", "26000", "prepared statement does not exist", NULL, NULL, 0);
    return len + 1;
  } else {
    stmt_drop(s, name);
  }
  send_command_complete(&s->conn, all ? "DEALLOCATE ALL" : "DEALLOCATE");
  return i < len ? i + 1 : len;
}

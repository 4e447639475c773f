/*
** protocol.c — the wire format of PostgreSQL protocol v3: buffered reading
** and writing on one client socket, message framing (type byte + length),
** field decoders that never read past a message, and the few backend
** messages every part of the server sends (ErrorResponse, ReadyForQuery,
** ParameterStatus).  Once TLS is negotiated, every byte goes through tls.c.
** A malformed or oversized message marks the connection
** broken; the session then closes that connection only.
*/
#include "server.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>

void conn_init(Conn *c, int fd) {
  memset(c, 0, sizeof *c);
  c->fd = fd;
}

/* Before the socket is closed: a TLS close_notify needs it open. */
void conn_free(Conn *c) {
  if (c->ssl) tls_close(c);
  free(c->out);
  c->out = NULL;
  c->out_len = c->out_cap = 0;
}

/* ---- Socket or TLS ---- */

static ssize_t conn_send(Conn *c, const void *p, size_t n) {
  if (c->ssl) return tls_write(c, p, n);
  ssize_t r;
  do r = send(c->fd, p, n, MSG_NOSIGNAL); while (r < 0 && errno == EINTR);
  return r;
}

static ssize_t conn_recv(Conn *c, void *p, size_t n) {
  if (c->ssl) return tls_read(c, p, n);
  ssize_t r;
  do r = recv(c->fd, p, n, 0); while (r < 0 && errno == EINTR);
  return r;
}

size_t conn_pending_input(const Conn *c) { return c->in_len - c->in_pos; }

/* ---- Output ---- */

int conn_flush(Conn *c) {
  size_t done = 0;
  while (!c->broken && done < c->out_len) {
    ssize_t n = conn_send(c, c->out + done, c->out_len - done);
    if (n <= 0) { c->broken = 1; break; }
    done += (size_t)n;
  }
  c->out_len = 0;
  return c->broken ? -1 : 0;
}

static void out_reserve(Conn *c, size_t n) {
  if (c->out_len + n <= c->out_cap) return;
  size_t cap = c->out_cap ? c->out_cap : 8192;
  while (cap < c->out_len + n) cap *= 2;
  unsigned char *p = realloc(c->out, cap);
  if (!p) { fprintf(stderr, "pgmicro-server: out of memory\n"); abort(); }
  c->out = p;
  c->out_cap = cap;
}

void out_raw_byte(Conn *c, char b) {
  out_reserve(c, 1);
  c->out[c->out_len++] = (unsigned char)b;
}

void out_bytes(Conn *c, const void *p, size_t n) {
  if (n == 0) return;
  out_reserve(c, n);
  memcpy(c->out + c->out_len, p, n);
  c->out_len += n;
}

void out_int16(Conn *c, int v) {
  uint16_t n = htons((uint16_t)v);
  out_bytes(c, &n, 2);
}

void out_int32(Conn *c, int32_t v) {
  uint32_t n = htonl((uint32_t)v);
  out_bytes(c, &n, 4);
}

void out_string(Conn *c, const char *s) { out_bytes(c, s, strlen(s) + 1); }

/* Start a message: type byte, then a length word filled in by out_end(). */
void out_begin(Conn *c, char type) {
  out_raw_byte(c, type);
  c->msg_start = c->out_len;
  out_int32(c, 0);
}

void out_end(Conn *c) {
  uint32_t n = htonl((uint32_t)(c->out_len - c->msg_start));
  memcpy(c->out + c->msg_start, &n, 4);
  if (c->out_len >= SRV_FLUSH_AT) conn_flush(c);
}

/* ---- Input ---- */

/* Read exactly n bytes.  Pending output is sent before blocking, so a
** client waiting for an answer is never left waiting on our buffer. */
int conn_read_exact(Conn *c, void *buf, size_t n) {
  unsigned char *dst = buf;
  while (n > 0 && !c->broken) {
    if (c->in_pos == c->in_len) {
      if (c->out_len) conn_flush(c);
      ssize_t r = conn_recv(c, c->in, sizeof c->in);
      if (r <= 0) { c->broken = 1; break; }
      c->in_pos = 0;
      c->in_len = (size_t)r;
    }
    size_t k = c->in_len - c->in_pos;
    if (k > n) k = n;
    memcpy(dst, c->in + c->in_pos, k);
    c->in_pos += k;
    dst += k;
    n -= k;
  }
  return c->broken ? -1 : 0;
}

int conn_wait_input(Conn *c, int timeout_ms) {
  if (c->out_len) conn_flush(c);
  if (c->broken) return -1;
  if (c->in_pos < c->in_len || (c->ssl && tls_pending(c)) || timeout_ms <= 0) return 1;
  struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
  int r;
  do r = poll(&pfd, 1, timeout_ms); while (r < 0 && errno == EINTR);
  return r < 0 ? -1 : r > 0;
}

/* Read one typed message.  Returns 0, or -1 on EOF, I/O error or a length
** outside 4..SRV_MAX_MESSAGE (the connection is then broken). */
int conn_read_message(Conn *c, Msg *m) { return conn_read_message_max(c, m, SRV_MAX_MESSAGE); }

int conn_read_message_max(Conn *c, Msg *m, size_t max) {
  unsigned char hdr[5];
  memset(m, 0, sizeof *m);
  if (conn_read_exact(c, hdr, 5) < 0) return -1;
  uint32_t len;
  memcpy(&len, hdr + 1, 4);
  len = ntohl(len);
  if (len < 4 || len > max) { c->broken = 1; return -1; }
  m->type = (char)hdr[0];
  m->len = len - 4;
  m->data = malloc(m->len + 1);
  if (!m->data) { c->broken = 1; return -1; }
  if (conn_read_exact(c, m->data, m->len) < 0) { msg_free(m); return -1; }
  m->data[m->len] = 0;
  return 0;
}

void msg_free(Msg *m) {
  free(m->data);
  m->data = NULL;
}

const unsigned char *msg_get_bytes(Msg *m, size_t n) {
  if (m->bad || n > m->len - m->pos) { m->bad = 1; return NULL; }
  const unsigned char *p = m->data + m->pos;
  m->pos += n;
  return p;
}

int16_t msg_get_int16(Msg *m) {
  const unsigned char *p = msg_get_bytes(m, 2);
  return p ? (int16_t)((p[0] << 8) | p[1]) : 0;
}

int32_t msg_get_int32(Msg *m) {
  const unsigned char *p = msg_get_bytes(m, 4);
  if (!p) return 0;
  return (int32_t)(((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
                   ((uint32_t)p[2] << 8) | (uint32_t)p[3]);
}

/* A NUL-terminated string inside the message; NULL (and bad) if the
** terminator is missing. */
const char *msg_get_string(Msg *m) {
  if (m->bad) return NULL;
  const unsigned char *start = m->data + m->pos;
  const unsigned char *nul = memchr(start, 0, m->len - m->pos);
  if (!nul) { m->bad = 1; return NULL; }
  m->pos += (size_t)(nul - start) + 1;
  return (const char *)start;
}

int msg_at_end(const Msg *m) { return !m->bad && m->pos == m->len; }

/* ---- Common backend messages ---- */

static void out_field(Conn *c, char code, const char *value) {
  if (!value) return;
  out_raw_byte(c, code);
  out_string(c, value);
}

/* ErrorResponse and NoticeResponse share their field layout. */
/* context: the CONTEXT line (COPY's "COPY t, line 3, column b: ..."), or NULL. */
static void send_report_context(Conn *c, char type, const char *severity, const char *sqlstate,
                                const char *message, const char *detail, const char *hint, int position,
                                const char *context) {
  out_begin(c, type);
  out_field(c, 'S', severity);
  out_field(c, 'V', severity);
  out_field(c, 'C', sqlstate);
  out_field(c, 'M', message);
  out_field(c, 'D', detail);
  out_field(c, 'H', hint);
  if (position > 0) {
    char buf[16];
    snprintf(buf, sizeof buf, "%d", position);
    out_field(c, 'P', buf);
  }
  out_field(c, 'W', context);
  out_raw_byte(c, 0);
  out_end(c);
}

static void send_report(Conn *c, char type, const char *severity, const char *sqlstate,
                        const char *message, const char *detail, const char *hint, int position) {
  send_report_context(c, type, severity, sqlstate, message, detail, hint, position, NULL);
}

void send_error_fields(Conn *c, const char *severity, const char *sqlstate,
                       const char *message, const char *detail, const char *hint,
                       int position) {
  send_report(c, 'E', severity, sqlstate, message, detail, hint, position);
}

/* The NOTICE and WARNING reports of a statement's last execution. */
void send_notices(Conn *c, pgm_stmt *st) {
  for (int i = 0; i < pgm_stmt_notice_count(st); i++) {
    const pgm_error *n = pgm_stmt_notice(st, i);
    send_report(c, 'N', pgm_error_severity(n), pgm_error_sqlstate(n), pgm_error_message(n),
                pgm_error_detail(n), pgm_error_hint(n), 0);
  }
}

/* An engine error; position_offset (characters) is added to its position
** when the statement was a later part of a longer query string. */
void send_error(Conn *c, const pgm_error *err, int position_offset) {
  if (!err) {
    send_error_fields(c, "ERROR", "XX000", "internal error without a report", NULL, NULL, 0);
    return;
  }
  int pos = pgm_error_position(err);
  send_report_context(c, 'E', pgm_error_severity(err), pgm_error_sqlstate(err), pgm_error_message(err),
                      pgm_error_detail(err), pgm_error_hint(err), pos > 0 ? pos + position_offset : 0,
                      pgm_error_context(err));
}

void send_ready(Conn *c, char status) {
  out_begin(c, 'Z');
  out_raw_byte(c, status);
  out_end(c);
  conn_flush(c);
}

/* After SET/RESET: the reported settings (GUC_REPORT) a client can change,
** sent again as ParameterStatus, as PostgreSQL reports a change (drivers
** parse dates by DateStyle and show TimeZone from these). */
void report_settings(Conn *c, pgm_db *db) {
  static const char *const names[] = {"application_name", "client_encoding", "DateStyle", "IntervalStyle",
                                      "standard_conforming_strings", "TimeZone"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char sql[64];
    snprintf(sql, sizeof sql, "SHOW %s", names[i]);
    pgm_stmt *st = NULL;
    if (pgm_prepare(db, sql, -1, &st, NULL, NULL) == PGM_OK && st && pgm_step(st) == PGM_ROW) {
      const char *v = pgm_value_text(pgm_column_value(st, 0), NULL);
      send_parameter_status(c, names[i], v ? v : "");
    }
    pgm_finalize(st);
  }
}

void send_parameter_status(Conn *c, const char *name, const char *value) {
  out_begin(c, 'S');
  out_string(c, name);
  out_string(c, value);
  out_end(c);
}

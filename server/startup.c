/*
** startup.c — the start of a connection: the startup packet and the
** requests that may precede it.  SSLRequest and GSSENCRequest are answered
** 'N' (no encryption; the client continues in the clear), a CancelRequest
** interrupts the matching session and closes, a v3 StartupMessage is
** accepted with trust authentication.  The greeting then sends the
** ParameterStatus set PostgreSQL 15 reports and the BackendKeyData that a
** later CancelRequest must quote.
*/
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CODE_CANCEL  80877102
#define CODE_SSL     80877103
#define CODE_GSSENC  80877104
#define PROTO_MAJOR(v) ((v) >> 16)
#define PROTO_MINOR(v) ((v) & 0xffff)

static void copy_name(char *dst, size_t cap, const char *src) {
  snprintf(dst, cap, "%s", src);
}

/* Refuse with a FATAL error; the caller closes. */
static int refuse(Session *s, const char *sqlstate, const char *message) {
  send_error_fields(&s->conn, "FATAL", sqlstate, message, NULL, NULL, 0);
  conn_flush(&s->conn);
  return 0;
}

/* NegotiateProtocolVersion: we speak 3.0 and no _pq_ options. */
static void negotiate(Session *s, int minor, const char **opts, int nopts) {
  Conn *c = &s->conn;
  out_begin(c, 'v');
  out_int32(c, 3 << 16);
  out_int32(c, nopts);
  for (int i = 0; i < nopts; i++) out_string(c, opts[i]);
  out_end(c);
  (void)minor;
}

/* The name/value pairs of a StartupMessage. */
static int read_startup_options(Session *s, Msg *m, int minor) {
  const char *unknown[16];
  int nunknown = 0;
  for (;;) {
    const char *name = msg_get_string(m);
    if (!name) return refuse(s, "08P01", "invalid startup packet layout: expected terminator as last byte");
    if (!*name) break;
    const char *value = msg_get_string(m);
    if (!value) return refuse(s, "08P01", "invalid startup packet layout: expected terminator as last byte");
    if (strcmp(name, "user") == 0) copy_name(s->user, sizeof s->user, value);
    else if (strcmp(name, "application_name") == 0) copy_name(s->appname, sizeof s->appname, value);
    else if (strncmp(name, "_pq_.", 5) == 0 && nunknown < 16) unknown[nunknown++] = name;
  }
  if (!s->user[0]) return refuse(s, "28000", "no PostgreSQL user name specified in startup packet");
  if (minor > 0 || nunknown > 0) negotiate(s, minor, unknown, nunknown);
  return 1;
}

/* Read one untyped packet (length word, then body). */
static int read_packet(Session *s, Msg *m) {
  unsigned char lenbuf[4];
  memset(m, 0, sizeof *m);
  if (conn_read_exact(&s->conn, lenbuf, 4) < 0) return -1;
  uint32_t len = ((uint32_t)lenbuf[0] << 24) | ((uint32_t)lenbuf[1] << 16) |
                 ((uint32_t)lenbuf[2] << 8) | lenbuf[3];
  if (len < 8 || len > SRV_MAX_STARTUP) return -1;
  m->len = len - 4;
  m->data = malloc(m->len + 1);
  if (!m->data) return -1;
  if (conn_read_exact(&s->conn, m->data, m->len) < 0) { msg_free(m); return -1; }
  m->data[m->len] = 0;
  return 0;
}

/* One packet; returns 1 ready, 0 close, 2 read another packet. */
static int handle_packet(Session *s, Msg *m) {
  int32_t code = msg_get_int32(m);
  if (code == CODE_SSL || code == CODE_GSSENC) {
    out_raw_byte(&s->conn, 'N');
    conn_flush(&s->conn);
    return 2;
  }
  if (code == CODE_CANCEL) {
    int32_t pid = msg_get_int32(m), key = msg_get_int32(m);
    if (!m->bad) server_cancel(s->srv, pid, key);
    return 0;
  }
  if (PROTO_MAJOR(code) != 3)
    return refuse(s, "0A000", "unsupported frontend protocol: server supports 3.0");
  return read_startup_options(s, m, PROTO_MINOR(code));
}

int startup_handshake(Session *s) {
  for (int round = 0; round < 4; round++) {
    Msg m;
    if (read_packet(s, &m) < 0) return 0;
    int r = handle_packet(s, &m);
    msg_free(&m);
    if (r != 2) return r;
  }
  return 0;
}

void startup_greet(Session *s) {
  Conn *c = &s->conn;
  out_begin(c, 'R');
  out_int32(c, 0);                  /* AuthenticationOk: trust */
  out_end(c);
  send_parameter_status(c, "application_name", s->appname);
  send_parameter_status(c, "client_encoding", "UTF8");
  send_parameter_status(c, "DateStyle", "ISO, MDY");
  send_parameter_status(c, "default_transaction_read_only", "off");
  send_parameter_status(c, "in_hot_standby", "off");
  send_parameter_status(c, "integer_datetimes", "on");
  send_parameter_status(c, "IntervalStyle", "postgres");
  send_parameter_status(c, "is_superuser", "on");
  send_parameter_status(c, "server_encoding", "UTF8");
  send_parameter_status(c, "server_version", pgm_pg_version());
  send_parameter_status(c, "session_authorization", s->user);
  send_parameter_status(c, "standard_conforming_strings", "on");
  send_parameter_status(c, "TimeZone", "UTC");
  out_begin(c, 'K');
  out_int32(c, s->pid);
  out_int32(c, s->key);
  out_end(c);
  send_ready(c, pgm_transaction_status(s->db));
}

/*
** startup.c — the start of a connection: the startup packet and the
** requests that may precede it.  An SSLRequest is answered 'S' and the TLS
** handshake follows when a certificate is configured, else 'N' (the client
** continues in the clear); GSSENCRequest is always 'N'.  A CancelRequest
** interrupts the matching session and closes; a v3 StartupMessage is then
** authenticated by auth.c.  The greeting after that sends the
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

static void add_setting(Session *s, const char *name, size_t nlen, const char *value, size_t vlen) {
  if (s->nsettings >= 16 || nlen >= sizeof s->setting_names[0] || vlen >= sizeof s->setting_values[0]) return;
  memcpy(s->setting_names[s->nsettings], name, nlen);
  s->setting_names[s->nsettings][nlen] = 0;
  memcpy(s->setting_values[s->nsettings], value, vlen);
  s->setting_values[s->nsettings][vlen] = 0;
  s->nsettings++;
}

/* options: "-c name=value" and "--name=value", separated by spaces. */
static void parse_options(Session *s, const char *o) {
  while (*o) {
    while (*o == ' ') o++;
    if (!strncmp(o, "-c", 2)) { o += 2; while (*o == ' ') o++; }
    else if (!strncmp(o, "--", 2)) o += 2;
    else { while (*o && *o != ' ') o++; continue; }
    const char *eq = strchr(o, '='), *end = o + strcspn(o, " ");
    if (eq && eq < end) add_setting(s, o, (size_t)(eq - o), eq + 1, (size_t)(end - eq - 1));
    o = end;
  }
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
    else if (strcmp(name, "options") == 0) parse_options(s, value);
    else if (strcmp(name, "database") && strcmp(name, "replication"))
      add_setting(s, name, strlen(name), value, strlen(value));   /* DateStyle, TimeZone, client_encoding, ... */
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

/* SSLRequest: 'S' and the handshake when TLS is configured, else 'N'.
** Returns 2 (read the startup packet next, encrypted or not) or 0. */
static int ssl_request(Session *s) {
  Conn *c = &s->conn;
  if (c->ssl) return refuse(s, "08P01", "SSL negotiation already done");
  out_raw_byte(c, s->sec->tls ? 'S' : 'N');
  /* Bytes the client sent after the request, before reading our answer,
  ** would bypass TLS (CVE-2021-23214); PostgreSQL answers, then refuses. */
  if (conn_pending_input(c)) {
    send_error_fields(c, "FATAL", "08P01", "received unencrypted data after SSL request",
                      "This could be either a client-software bug or evidence of an attempted "
                      "man-in-the-middle attack.", NULL, 0);
    conn_flush(c);
    return 0;
  }
  if (conn_flush(c) < 0) return 0;
  if (s->sec->tls && tls_accept(c, s->sec->tls) < 0) return 0;
  return 2;
}

/* One packet; returns 1 ready, 0 close, 2 read another packet. */
static int handle_packet(Session *s, Msg *m) {
  int32_t code = msg_get_int32(m);
  if (code == CODE_SSL) return ssl_request(s);
  if (code == CODE_GSSENC) {
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

/* Copy src into dst doubling every `quote`; dst has room for 2*strlen+1. */
static char *append_doubled(char *dst, const char *src, char quote) {
  for (; *src; src++) {
    if (*src == quote) *dst++ = quote;
    *dst++ = *src;
  }
  return dst;
}

/* Build `SET "name" = 'value'` with both parts quoted, so a startup
 * option can never inject SQL; the caller frees the result. */
static char *set_statement(const char *name, const char *value) {
  size_t cap = 2 * strlen(name) + 2 * strlen(value) + 16;
  char *sql = malloc(cap);
  if (!sql) return NULL;
  char *p = sql;
  memcpy(p, "SET \"", 5);
  p = append_doubled(p + 5, name, '"');
  memcpy(p, "\" = '", 5);
  p = append_doubled(p + 5, value, '\'');
  *p++ = '\'';
  *p = 0;
  return sql;
}

/* Apply the startup settings as SET would; a refused one ends the session. */
static int apply_settings(Session *s) {
  for (int i = 0; i < s->nsettings; i++) {
    char *sql = set_statement(s->setting_names[i], s->setting_values[i]);
    pgm_error *err = NULL;
    int rc = sql ? pgm_exec(s->db, sql, &err) : PGM_NOMEM;
    free(sql);
    if (rc != PGM_OK) {
      send_error_fields(&s->conn, "FATAL", err ? pgm_error_sqlstate(err) : "53200",
                        err ? pgm_error_message(err) : "out of memory", NULL, NULL, 0);
      pgm_error_free(err);
      conn_flush(&s->conn);
      return 0;
    }
  }
  return 1;
}

int startup_greet(Session *s) {
  Conn *c = &s->conn;
  out_begin(c, 'R');
  out_int32(c, 0);                  /* AuthenticationOk, after auth_client() */
  out_end(c);
  if (!apply_settings(s)) return 0;
  if (s->appname[0]) {
    char sql[160];
    snprintf(sql, sizeof sql, "SET application_name = '%s'", s->appname);
    if (!strchr(s->appname, '\'')) pgm_exec(s->db, sql, NULL);
  }
  send_parameter_status(c, "default_transaction_read_only", "off");
  send_parameter_status(c, "in_hot_standby", "off");
  send_parameter_status(c, "integer_datetimes", "on");
  send_parameter_status(c, "is_superuser", "on");
  send_parameter_status(c, "server_encoding", "UTF8");
  send_parameter_status(c, "server_version", pgm_pg_version());
  send_parameter_status(c, "session_authorization", s->user);
  /* application_name, client_encoding, DateStyle, IntervalStyle,
  ** standard_conforming_strings, TimeZone: their current values. */
  session_settings_changed(s);
  out_begin(c, 'K');
  out_int32(c, s->pid);
  out_int32(c, s->key);
  out_end(c);
  send_ready(c, pgm_transaction_status(s->db));
  return 1;
}

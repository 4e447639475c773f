/*
** simple_query.c — the Query message: every statement of the string in
** turn (pgm_prepare with its tail), each answered with RowDescription,
** DataRows, CommandComplete, or an ErrorResponse that ends the string;
** EmptyQueryResponse for a string without statements; ReadyForQuery with
** the engine's transaction status.  The row and description encoders here
** are shared with the extended protocol.
*/
#include "server.h"
#include "binary.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <string.h>

/* Characters (not bytes) in s[0..n): error positions count characters. */
int utf8_chars(const char *s, size_t n) {
  int k = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) k++;
  return k;
}

/* pg_type.typlen of the types the engine knows; -1 for varlena. */
static int type_len(uint32_t oid) {
  switch (oid) {
  case PGM_OID_BOOL: return 1;
  case PGM_OID_INT2: return 2;
  case PGM_OID_INT4: case PGM_OID_OID: case PGM_OID_FLOAT4: case PGM_OID_DATE: return 4;
  case PGM_OID_INT8: case PGM_OID_FLOAT8: case PGM_OID_TIME:
  case PGM_OID_TIMESTAMP: case PGM_OID_TIMESTAMPTZ: return 8;
  case PGM_OID_INTERVAL: case PGM_OID_UUID: return 16;
  case PGM_OID_NAME: return 64;
  case PGM_OID_UNKNOWN: return -2;
  default: return -1;
  }
}

static int format_of(const int16_t *formats, int nformats, int i) {
  if (nformats == 0) return 0;
  return nformats == 1 ? formats[0] : formats[i];
}

void send_row_description(Conn *c, pgm_stmt *st, const int16_t *formats, int nformats) {
  int n = pgm_column_count(st);
  out_begin(c, 'T');
  out_int16(c, n);
  for (int i = 0; i < n; i++) {
    uint32_t type = pgm_column_type(st, i);
    out_string(c, pgm_column_name(st, i));
    out_int32(c, 0);            /* table OID */
    out_int16(c, 0);            /* column number */
    out_int32(c, (int32_t)type);
    out_int16(c, type_len(type));
    out_int32(c, pgm_column_typmod(st, i));
    out_int16(c, format_of(formats, nformats, i));
  }
  out_end(c);
}

int send_data_row(Conn *c, pgm_stmt *st, const int16_t *formats, int nformats) {
  int n = pgm_column_count(st);
  out_begin(c, 'D');
  out_int16(c, n);
  for (int i = 0; i < n; i++) {
    pgm_value *v = pgm_column_value(st, i);
    if (!v || pgm_value_is_null(v)) { out_int32(c, -1); continue; }
    if (format_of(formats, nformats, i) == 1) {
      if (binary_send_value(c, v) == 0) continue;
      /* never send a half-converted row: drop it, report why */
      c->out_len = c->msg_start - 1;
      send_error_fields(c, "ERROR", "0A000", "binary format of this value is not supported; use text format",
                        pgm_value_text(v, NULL), NULL, 0);
      return -1;
    }
    size_t len = 0;
    const char *text = pgm_value_text(v, &len);
    out_int32(c, (int32_t)len);
    out_bytes(c, text, len);
  }
  out_end(c);
  return 0;
}

void send_command_complete(Conn *c, const char *tag) {
  out_begin(c, 'C');
  out_string(c, tag);
  out_end(c);
}

/* ---- The Query message ---- */

/* Run one prepared statement to completion; 0 if it failed. */
static int run_statement(Conn *c, pgm_stmt *st, int pos_offset) {
  if (pgm_column_count(st) > 0) send_row_description(c, st, NULL, 0);
  int rc;
  while ((rc = pgm_step(st)) == PGM_ROW) send_data_row(c, st, NULL, 0);
  rc = copy_exchange(c, st, rc);
  if (rc == COPY_ERROR_SENT) return 0;
  send_notices(c, st);
  if (rc != PGM_DONE) {
    send_error(c, pgm_stmt_error(st), pos_offset);
    return 0;
  }
  send_command_complete(c, pgm_command_tag(st));
  return 1;
}

/* 1 if rest (after the first statement) holds another statement. */
static int more_statements(Session *s, const char *rest, size_t len) {
  size_t i = 0;
  while (i < len && strchr(" \t\r\n;", rest[i])) i++;
  if (i == len) return 0;
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  int rc = pgm_prepare(s->db, rest, (int64_t)len, &st, NULL, &err);
  int more = rc != PGM_OK || st != NULL;   /* a later error still counts */
  pgm_finalize(st);
  pgm_error_free(err);
  return more;
}

/* An engine call's error, if any, goes to the client; 0 if there was one. */
static int reported(Conn *c, int rc, pgm_error *err) {
  if (rc == PGM_OK) return 1;
  if (err) send_error(c, err, 0);
  pgm_error_free(err);
  return 0;
}

/* Like PostgreSQL, the statements of one Query message run in one implicit
** transaction block when there are several (the engine keeps its rules:
** pgm_implicit_begin in pgmicro.h).  Opened before each statement, as
** PostgreSQL does, so that after a COMMIT among them the rest starts anew. */
void simple_query(Session *s, const char *sql, size_t len) {
  Conn *c = &s->conn;
  size_t off = 0;
  int statements = 0, empty = 0, multi = 0, failed = 0;
  pgm_error *err = NULL;
  while (off < len) {
    pgm_stmt *st = NULL;
    size_t tail = 0;
    int pos_offset = utf8_chars(sql, off);
    size_t dealloc = extended_deallocate(s, sql + off, len - off);
    if (dealloc > len - off) { failed = 1; break; }
    if (dealloc) { statements++; off += dealloc; continue; }
    if (pgm_prepare(s->db, sql + off, (int64_t)(len - off), &st, &tail, &err) != PGM_OK) {
      send_error(c, err, pos_offset);
      pgm_error_free(err);
      failed = 1;
      break;
    }
    if (!st) { empty = statements == 0; break; }
    if (statements++ == 0) multi = more_statements(s, sql + off + tail, len - off - tail);
    if (multi && !reported(c, pgm_implicit_begin(s->db, &err), err)) { pgm_finalize(st); failed = 1; break; }
    failed = !run_statement(c, st, pos_offset);
    bool set = !failed && (!strcmp(pgm_command_tag(st), "SET") || !strcmp(pgm_command_tag(st), "RESET"));
    pgm_finalize(st);
    if (set) session_settings_changed(s);
    if (failed || tail == 0) break;
    off += tail;
  }
  if (multi) reported(c, pgm_implicit_end(s->db, &err), err);
  if (empty || len == 0) { out_begin(c, 'I'); out_end(c); }
  send_ready(c, pgm_transaction_status(s->db));
}

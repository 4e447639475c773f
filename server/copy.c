/*
** copy.c — the COPY sub-protocol (PostgreSQL's CopyInResponse / CopyData /
** CopyDone / CopyFail and CopyOutResponse / CopyData / CopyDone), between a
** client and the engine's pgm_copy_* calls.  Used by the Query message and
** by Execute alike.
**
** COPY FROM STDIN: CopyData goes to pgm_copy_put as it arrives; CopyDone
** ends the COPY, CopyFail abandons it (57014).  Flush and Sync are ignored
** meanwhile, as PostgreSQL ignores them.  When a row fails, the error is
** reported at once; the CopyData and CopyDone the client still sends are
** then dropped by the session loop (and, for Execute, everything up to Sync).
*/
#include "server.h"

#include <stdio.h>
#include <string.h>

/* CopyInResponse ('G') or CopyOutResponse ('H'): the overall format and
** every column's, binary (1) for FORMAT binary, else text (0): CSV is text
** at the protocol level. */
static void copy_response(Conn *c, char type, pgm_stmt *st) {
  int n = pgm_copy_column_count(st);
  int format = pgm_copy_format(st) == PGM_COPY_FORMAT_BINARY;
  out_begin(c, type);
  out_raw_byte(c, (char)format);
  out_int16(c, n);
  for (int i = 0; i < n; i++) out_int16(c, format);
  out_end(c);
}

/* COPY FROM STDIN: feed the client's CopyData to the statement. */
static int copy_in(Conn *c, pgm_stmt *st) {
  copy_response(c, 'G', st);
  conn_flush(c);
  Msg m;
  for (;;) {
    if (conn_read_message(c, &m) != 0) {
      pgm_copy_end(st, "the client connection was lost");
      return COPY_ERROR_SENT;
    }
    int rc = PGM_OK;
    char type = m.type;
    if (type == 'd') {
      rc = pgm_copy_put(st, m.data, (int64_t)m.len);
    } else if (type == 'c') {
      rc = pgm_copy_end(st, NULL);
    } else if (type == 'f') {
      rc = pgm_copy_end(st, m.len ? (const char *)m.data : "");
    } else if (type != 'H' && type != 'S') {
      char msg[64];
      snprintf(msg, sizeof msg, "unexpected message type 0x%02X during COPY from stdin", (unsigned char)type);
      pgm_copy_end(st, msg);
      send_error_fields(c, "ERROR", "08P01", msg, NULL, NULL, 0);
      if (type == 'X') c->broken = 1;
      msg_free(&m);
      return COPY_ERROR_SENT;
    }
    msg_free(&m);
    if (rc != PGM_OK || type == 'c' || type == 'f') return rc;
  }
}

/* COPY TO STDOUT: one CopyData per line (binary: per row), then CopyDone. */
static int copy_out(Conn *c, pgm_stmt *st) {
  copy_response(c, 'H', st);
  const char *buf;
  size_t len;
  int rc;
  while ((rc = pgm_copy_get(st, &buf, &len)) == PGM_ROW) {
    out_begin(c, 'd');
    out_bytes(c, buf, len);
    out_end(c);
  }
  if (rc == PGM_DONE) {
    out_begin(c, 'c');
    out_end(c);
  }
  return rc;
}

int copy_exchange(Conn *c, pgm_stmt *st, int rc) {
  if (rc == PGM_COPY_IN) return copy_in(c, st);
  if (rc == PGM_COPY_OUT) return copy_out(c, st);
  return rc;
}

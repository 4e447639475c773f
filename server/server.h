/*
** server.h — internal interface of the pgmicro wire server (PostgreSQL
** protocol v3).  Shared by the files of server/; nothing here is public.
** The server reaches the engine only through capi/pgmicro.h.
**
**   protocol.c      Conn: buffered socket I/O, message framing, field codecs
**   startup.c       startup packet, SSLRequest, GSS refusal, cancel, ParameterStatus
**   auth.c          authentication: trust, SCRAM-SHA-256(-PLUS), md5
**   tls.c           TLS (OpenSSL): context, handshake, encrypted I/O, channel binding
**   options.c       the command line of pgmicro-server and `pgmicro --server`
**   session.c       listener, one thread per client, cancel registry, limits
**   simple_query.c  the Query message; row/error/complete messages
**   extended.c      Parse/Bind/Describe/Execute/Close/Sync/Flush
**   copy.c          the COPY sub-protocol (CopyIn/OutResponse, CopyData, CopyDone, CopyFail)
**   binary.c        binary formats: send and receive of each type, arrays (binary.h)
**   main.c          pgmicro-server command line
*/
#ifndef PGM_SERVER_H
#define PGM_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include "pgmicro.h"

/* Largest message a client may send (bytes, length word included).  A longer
** one is a protocol violation that closes the connection. */
#define SRV_MAX_MESSAGE  (64u * 1024u * 1024u)
/* Largest startup packet, as PostgreSQL's MAX_STARTUP_PACKET_LENGTH. */
#define SRV_MAX_STARTUP  10000u
/* Output is sent once this much is buffered. */
#define SRV_FLUSH_AT     (64u * 1024u)

/* ---- protocol.c ---- */

struct ssl_st;                /* OpenSSL's SSL, kept out of this header */
struct ssl_ctx_st;            /* OpenSSL's SSL_CTX */

typedef struct Conn {
  int fd;
  struct ssl_st *ssl;         /* non-NULL once TLS is negotiated: all I/O goes through it */
  int broken;                 /* I/O failed or the peer broke the protocol */
  unsigned char in[8192];     /* read-ahead */
  size_t in_pos, in_len;
  unsigned char *out;         /* pending output */
  size_t out_len, out_cap;
  size_t msg_start;           /* offset of the message being built */
} Conn;

/* A received message: its body is owned by the reader until the next read. */
typedef struct Msg {
  char type;
  unsigned char *data;
  size_t len, pos;
  int bad;                    /* a field ran past the end */
} Msg;

void conn_init(Conn *c, int fd);
void conn_free(Conn *c);
int conn_read_exact(Conn *c, void *buf, size_t n);
int conn_read_message(Conn *c, Msg *m);
/* Flush, then wait until input is there: 1, or 0 after timeout_ms (<= 0:
** wait as long as it takes), -1 on error. */
int conn_wait_input(Conn *c, int timeout_ms);
/* As conn_read_message, but a message longer than max bytes breaks the
** connection (authentication reads at most PostgreSQL's 65535). */
int conn_read_message_max(Conn *c, Msg *m, size_t max);
/* Bytes received but not yet consumed (TLS must start on an empty buffer). */
size_t conn_pending_input(const Conn *c);
void msg_free(Msg *m);
int conn_flush(Conn *c);

int16_t msg_get_int16(Msg *m);
int32_t msg_get_int32(Msg *m);
const char *msg_get_string(Msg *m);
const unsigned char *msg_get_bytes(Msg *m, size_t n);
int msg_at_end(const Msg *m);

void out_begin(Conn *c, char type);
void out_int16(Conn *c, int v);
void out_int32(Conn *c, int32_t v);
void out_bytes(Conn *c, const void *p, size_t n);
void out_string(Conn *c, const char *s);
void out_end(Conn *c);
void out_raw_byte(Conn *c, char b);

/* Common backend messages. */
/* NoticeResponses for the NOTICE/WARNING reports of st's last execution,
** leaving out those with SQLSTATE skip_sqlstate (NULL: none). */
void send_notices(Conn *c, pgm_stmt *st);
/* A NoticeResponse with severity WARNING. */
/* ParameterStatus for the reported settings, after a SET or RESET. */
void report_settings(Conn *c, pgm_db *db);
void send_error_fields(Conn *c, const char *severity, const char *sqlstate,
                       const char *message, const char *detail, const char *hint,
                       int position);
void send_error(Conn *c, const pgm_error *err, int position_offset);
void send_ready(Conn *c, char status);
void send_parameter_status(Conn *c, const char *name, const char *value);

/* ---- options.c ---- */

typedef enum AuthMethod { AUTH_TRUST, AUTH_MD5, AUTH_SCRAM } AuthMethod;

/* What the command line configured. */
typedef struct ServerConfig {
  const char *path;           /* FILE or ":memory:" */
  const char *addr;           /* HOST:PORT */
  int max_connections;
  AuthMethod auth;
  char *password;             /* malloc'd; NULL under trust */
  const char *user;           /* --user: the only user name accepted; NULL: any */
  const char *tls_cert, *tls_key;   /* both NULL: SSLRequest is answered 'N' */
  int tls_required;           /* refuse cleartext sessions */
} ServerConfig;

/* Parse the command line of `pgmicro-server [options] FILE HOST:PORT` or
** `pgmicro [FILE] --server HOST:PORT [options]` and run the server.
** Returns a process exit code (2 for a usage or configuration error). */
int pgm_server_main(int argc, char **argv);

/* ---- auth.c ---- */

/* The authentication state every session reads: derived once at startup. */
typedef struct Security {
  AuthMethod method;
  const char *user;           /* NULL: any user name */
  const char *password;       /* md5 needs the plaintext (its hash includes the user name) */
  unsigned char salt[16];     /* SCRAM verifier: random salt, 4096 iterations */
  unsigned char stored_key[32], server_key[32];
  unsigned char mock_key[32]; /* salts of the doomed exchange for an unknown user */
  struct ssl_ctx_st *tls;     /* NULL: no TLS */
  int tls_required;
} Security;

/* Fill sec from cfg (SCRAM verifier, TLS context).  Prints the reason and
** returns 0 when the configuration cannot be served. */
int security_init(Security *sec, const ServerConfig *cfg);
void security_free(Security *sec);

/* ---- session.c ---- */

typedef struct Server Server;

typedef struct Stmt Stmt;     /* extended.c */
typedef struct Portal Portal; /* extended.c */

typedef struct Session {
  Server *srv;
  const Security *sec;
  Conn conn;
  pgm_db *db;
  int32_t pid, key;           /* BackendKeyData */
  char user[64];
  char appname[64];
  /* Settings from the startup packet (options=-c name=value, DateStyle, ...). */
  char setting_names[16][64];
  char setting_values[16][256];
  int nsettings;
  int ignore_till_sync;       /* extended protocol: skipping after an error */
  /* idle_in_transaction_session_timeout and idle_session_timeout in ms
  ** (0: none), read again whenever a SET or RESET ran. */
  int idle_in_xact_ms, idle_ms;
  Stmt *stmts;
  Portal *portals;
} Session;

/* After SET/RESET: ParameterStatus for the reported settings, and the idle
** timeouts read again. */
void session_settings_changed(Session *s);
/* Interrupt the session whose BackendKeyData is (pid, key), if any. */
void server_cancel(Server *srv, int32_t pid, int32_t key);
/* Run the server until the process ends.  cfg->path is a file or
** ":memory:"; cfg->addr is "HOST:PORT" (PORT 0 picks a free port; the
** chosen address is printed on stdout).  Trust authentication is refused
** on a non-loopback address.  Returns a process exit code on failure. */
int pgm_server_run(const ServerConfig *cfg);

/* ---- auth.c (per session) ---- */

/* Authenticate the client of a session whose startup packet was read.
** Returns 1 when authenticated (AuthenticationOk is sent by the greeting),
** 0 when the connection must close (a FATAL error has been sent, or the
** client went away without answering). */
int auth_client(Session *s);

/* ---- tls.c ---- */

/* A server context for cert and key (PEM files), TLS 1.2 or later.
** NULL (reason printed on stderr) if they cannot be loaded. */
struct ssl_ctx_st *tls_context_new(const char *cert, const char *key);
void tls_context_free(struct ssl_ctx_st *ctx);
/* The TLS handshake on c (after 'S' was sent).  0 on success. */
int tls_accept(Conn *c, struct ssl_ctx_st *ctx);
/* Encrypted I/O: bytes moved, or <= 0 when the connection failed. */
long tls_read(Conn *c, void *buf, size_t n);
int tls_pending(Conn *c);   /* decrypted bytes are waiting in OpenSSL's buffer */
long tls_write(Conn *c, const void *buf, size_t n);
/* Send close_notify (unless broken) and free the TLS state of c. */
void tls_close(Conn *c);
/* tls-server-end-point channel binding data (RFC 5929): the hash of the
** server certificate.  Returns its length, 0 on failure. */
size_t tls_server_end_point(Conn *c, unsigned char *out, size_t cap);

/* ---- startup.c ---- */

/* Read the startup packet(s) and answer them.  Returns 1 when the session
** is ready for queries, 0 when the connection should be closed (cancel
** request, bad packet, I/O error). */
int startup_handshake(Session *s);
/* Send AuthenticationOk, the ParameterStatus set, BackendKeyData and
** ReadyForQuery. */
/* AuthenticationOk, the startup settings applied, ParameterStatus, BackendKeyData,
** ReadyForQuery.  Returns 0 (after a FATAL error) when a startup setting is refused. */
int startup_greet(Session *s);

/* ---- simple_query.c ---- */

void simple_query(Session *s, const char *sql, size_t len);
void send_row_description(Conn *c, pgm_stmt *st, const int16_t *formats, int nformats);
/* Send the current row of st in the given formats; 0 on success, else an
** error has been sent. */
int send_data_row(Conn *c, pgm_stmt *st, const int16_t *formats, int nformats);
void send_command_complete(Conn *c, const char *tag);
int utf8_chars(const char *s, size_t n);

/* ---- extended.c ---- */

/* Handle one extended-protocol message (P B D E C S H).  Returns 0 on a
** protocol violation. */
int extended_message(Session *s, Msg *m);
void extended_free(Session *s);
/* Handle `DEALLOCATE [PREPARE] name|ALL` at sql (answered with
** CommandComplete or an error).  Returns the bytes consumed, len + 1 after
** an error, 0 when sql is not a DEALLOCATE. */
size_t extended_deallocate(Session *s, const char *sql, size_t len);

/* ---- copy.c ---- */

/* After pgm_step(st) returned rc: run the COPY sub-protocol when rc is
** PGM_COPY_IN or PGM_COPY_OUT.  Returns PGM_DONE (the caller sends
** CommandComplete), an error code (the caller sends pgm_stmt_error), or
** COPY_ERROR_SENT when the error has been sent already; other rc as is. */
#define COPY_ERROR_SENT (-1)
int copy_exchange(Conn *c, pgm_stmt *st, int rc);

/* ---- binary.c: see binary.h ---- */

#endif

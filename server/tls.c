/*
** tls.c — TLS on a client connection, with OpenSSL.  The server context is
** built once from the --tls-cert/--tls-key PEM files and shared by every
** session thread (OpenSSL 3 contexts are thread-safe).  After startup.c
** answers an SSLRequest with 'S', tls_accept() runs the handshake on the
** socket and protocol.c sends and receives through tls_read()/tls_write().
** tls_server_end_point() gives the certificate hash that SCRAM-SHA-256-PLUS
** binds the authentication to (RFC 5929, as PostgreSQL does).
*/
#include "server.h"

#include <stdio.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

static void print_openssl_error(const char *what, const char *file) {
  char buf[256];
  unsigned long e = ERR_get_error();
  ERR_error_string_n(e, buf, sizeof buf);
  fprintf(stderr, "pgmicro-server: %s \"%s\": %s\n", what, file, e ? buf : "unknown error");
  ERR_clear_error();
}

SSL_CTX *tls_context_new(const char *cert, const char *key) {
  SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx) { print_openssl_error("could not create a TLS context for", cert); return NULL; }
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  /* As PostgreSQL: no renegotiation, no compression, no session tickets
  ** or cache (each connection is one session anyway). */
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_NO_TICKET);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
    print_openssl_error("could not load server certificate file", cert);
  } else if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
    print_openssl_error("could not load private key file", key);
  } else if (SSL_CTX_check_private_key(ctx) != 1) {
    print_openssl_error("private key does not match the certificate in", key);
  } else {
    return ctx;
  }
  SSL_CTX_free(ctx);
  return NULL;
}

void tls_context_free(SSL_CTX *ctx) { SSL_CTX_free(ctx); }

int tls_accept(Conn *c, SSL_CTX *ctx) {
  SSL *ssl = SSL_new(ctx);
  if (!ssl || SSL_set_fd(ssl, c->fd) != 1 || SSL_accept(ssl) != 1) {
    /* A failed handshake ends only this connection; nothing to report to
    ** a peer that does not speak TLS with us. */
    SSL_free(ssl);
    ERR_clear_error();
    c->broken = 1;
    return -1;
  }
  c->ssl = ssl;
  return 0;
}

long tls_read(Conn *c, void *buf, size_t n) {
  int r = SSL_read(c->ssl, buf, n > 1u << 30 ? 1 << 30 : (int)n);
  if (r <= 0) ERR_clear_error();   /* EOF, timeout or a TLS alert: the caller closes */
  return r;
}

int tls_pending(Conn *c) { return SSL_pending(c->ssl) > 0; }

long tls_write(Conn *c, const void *buf, size_t n) {
  int r = SSL_write(c->ssl, buf, n > 1u << 30 ? 1 << 30 : (int)n);
  if (r <= 0) ERR_clear_error();
  return r;
}

void tls_close(Conn *c) {
  if (!c->broken) SSL_shutdown(c->ssl);   /* one close_notify; do not wait for the peer's */
  SSL_free(c->ssl);
  c->ssl = NULL;
  ERR_clear_error();
}

/* The digest RFC 5929 section 4.1 prescribes: the certificate's signature
** hash, except that MD5 and SHA-1 are upgraded to SHA-256. */
static const EVP_MD *end_point_digest(X509 *cert) {
  int md_nid = NID_undef;
  if (!OBJ_find_sigid_algs(X509_get_signature_nid(cert), &md_nid, NULL)) return NULL;
  if (md_nid == NID_md5 || md_nid == NID_sha1) return EVP_sha256();
  return EVP_get_digestbynid(md_nid);
}

size_t tls_server_end_point(Conn *c, unsigned char *out, size_t cap) {
  X509 *cert = c->ssl ? SSL_get_certificate(c->ssl) : NULL;
  const EVP_MD *md = cert ? end_point_digest(cert) : NULL;
  unsigned int len = 0;
  if (!md || (size_t)EVP_MD_get_size(md) > cap || X509_digest(cert, md, out, &len) != 1) {
    ERR_clear_error();
    return 0;
  }
  return len;
}

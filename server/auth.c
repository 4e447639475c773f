/*
** auth.c — who may connect: the authentication exchange between the
** startup packet and AuthenticationOk, as PostgreSQL 15's auth.c,
** auth-sasl.c and auth-scram.c conduct it.
**
**   trust          nobody is asked (allowed only on loopback, see session.c)
**   scram-sha-256  RFC 5802/7677: AuthenticationSASL, SASLInitialResponse,
**                  SASLContinue, SASLResponse, SASLFinal.  Over TLS the
**                  -PLUS variant (tls-server-end-point channel binding) is
**                  offered first, as PostgreSQL does.
**   md5            AuthenticationMD5Password with a random salt
**
** One password is configured; the SCRAM verifier (StoredKey, ServerKey) is
** derived from it at startup with a random salt and 4096 iterations.  With
** --user, other user names go through a doomed exchange (a salt derived
** from the name, so it looks stable) and fail with the same message as a
** wrong password, so the answer does not reveal which names exist.
** Every primitive is OpenSSL's; comparisons of secrets are constant-time.
** Error texts and SQLSTATEs are PostgreSQL's.
*/
#include "server.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#define KEY_LEN         32      /* SHA-256 */
#define SALT_LEN        16      /* PostgreSQL's SCRAM_DEFAULT_SALT_LEN */
#define ITERATIONS      4096    /* PostgreSQL's SCRAM_DEFAULT_ITERATIONS */
#define RAW_NONCE_LEN   18      /* PostgreSQL's SCRAM_RAW_NONCE_LEN */
#define MAX_AUTH_TOKEN  65535   /* PostgreSQL's PG_MAX_AUTH_TOKEN_LENGTH */

#define AUTH_REQ_MD5       5
#define AUTH_REQ_SASL      10
#define AUTH_REQ_SASL_CONT 11
#define AUTH_REQ_SASL_FIN  12

#define MECH_SCRAM      "SCRAM-SHA-256"
#define MECH_SCRAM_PLUS "SCRAM-SHA-256-PLUS"
#define CBIND_HEADER    "p=tls-server-end-point,,"

/* ---- OpenSSL primitives ---- */

static void hmac256(const unsigned char *key, size_t klen, const void *data, size_t n,
                    unsigned char out[KEY_LEN]) {
  unsigned int len = 0;
  HMAC(EVP_sha256(), key, (int)klen, data, n, out, &len);
}

/* base64 of n bytes into out (room for 4*ceil(n/3)+1). */
static void b64_encode(const unsigned char *in, size_t n, char *out) {
  EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}

/* Decode exactly `want` bytes of base64; 0 if s is anything else. */
static int b64_decode_exact(const char *s, unsigned char *out, size_t want) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
  size_t len = strlen(s), pad = 0;
  if (len == 0 || len % 4 || strspn(s, alphabet) != len || len / 4 * 3 > want + 2) return 0;
  while (pad < 2 && s[len - 1 - pad] == '=') pad++;
  unsigned char buf[KEY_LEN + 3];
  int n = EVP_DecodeBlock(buf, (const unsigned char *)s, (int)len);
  if (n < 0 || (size_t)n - pad != want) return 0;
  memcpy(out, buf, want);
  return 1;
}

/* SaltedPassword, then StoredKey = H(HMAC(SaltedPassword, "Client Key"))
** and ServerKey = HMAC(SaltedPassword, "Server Key") (RFC 5802 section 3). */
static int scram_keys(const char *password, const unsigned char *salt,
                      unsigned char stored[KEY_LEN], unsigned char server[KEY_LEN]) {
  unsigned char salted[KEY_LEN], client[KEY_LEN];
  if (PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, SALT_LEN, ITERATIONS,
                        EVP_sha256(), KEY_LEN, salted) != 1)
    return 0;
  hmac256(salted, KEY_LEN, "Client Key", 10, client);
  SHA256(client, KEY_LEN, stored);
  hmac256(salted, KEY_LEN, "Server Key", 10, server);
  OPENSSL_cleanse(salted, sizeof salted);
  OPENSSL_cleanse(client, sizeof client);
  return 1;
}

/* ---- Configuration ---- */

static int is_ascii(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s > 0x7f) return 0;
  return 1;
}

static int scram_verifier_init(Security *sec, const char *password) {
  /* libpq applies SASLprep to the password; for ASCII that changes nothing
  ** (or fails, and both sides then use the raw bytes).  Other characters
  ** would need NFKC normalization, which is not implemented. */
  if (!is_ascii(password)) {
    fprintf(stderr, "pgmicro-server: scram-sha-256 needs an ASCII password "
                    "(SASLprep of other characters is not implemented); use --auth md5\n");
    return 0;
  }
  if (RAND_bytes(sec->salt, SALT_LEN) != 1 || !scram_keys(password, sec->salt, sec->stored_key, sec->server_key)) {
    fprintf(stderr, "pgmicro-server: could not derive the SCRAM verifier\n");
    return 0;
  }
  return 1;
}

int security_init(Security *sec, const ServerConfig *cfg) {
  memset(sec, 0, sizeof *sec);
  sec->method = cfg->auth;
  sec->user = cfg->user;
  sec->password = cfg->password;
  sec->tls_required = cfg->tls_required;
  if (RAND_bytes(sec->mock_key, sizeof sec->mock_key) != 1) {
    fprintf(stderr, "pgmicro-server: could not generate random bytes\n");
    return 0;
  }
  if (sec->method == AUTH_SCRAM && !scram_verifier_init(sec, cfg->password)) return 0;
  if (cfg->tls_cert) {
    sec->tls = tls_context_new(cfg->tls_cert, cfg->tls_key);
    if (!sec->tls) return 0;
  }
  return 1;
}

void security_free(Security *sec) {
  if (sec->tls) tls_context_free(sec->tls);
  OPENSSL_cleanse(sec->stored_key, sizeof sec->stored_key);
  OPENSSL_cleanse(sec->server_key, sizeof sec->server_key);
  sec->tls = NULL;
}

/* ---- Messages ---- */

static void send_auth_request(Conn *c, int32_t code, const void *data, size_t n) {
  out_begin(c, 'R');
  out_int32(c, code);
  out_bytes(c, data, n);
  out_end(c);
  conn_flush(c);
}

static int auth_fatal(Session *s, const char *sqlstate, const char *message, const char *detail) {
  send_error_fields(&s->conn, "FATAL", sqlstate, message, detail && *detail ? detail : NULL, NULL, 0);
  conn_flush(&s->conn);
  return 0;
}

/* The one answer to a wrong password or an unknown user, whatever the method. */
static int auth_failed(Session *s) {
  char msg[128];
  snprintf(msg, sizeof msg, "password authentication failed for user \"%s\"", s->user);
  return auth_fatal(s, "28P01", msg, NULL);
}

/* The next message, which must be a 'p' response.  0 when there is none: a
** client that disconnects instead of answering (psql does, to ask for a
** password) is closed quietly; another message type is a FATAL error. */
static int read_response(Session *s, Msg *m, const char *what) {
  if (conn_read_message_max(&s->conn, m, MAX_AUTH_TOKEN + 4) < 0) return 0;
  if (m->type == 'p') return 1;
  char msg[80];
  snprintf(msg, sizeof msg, "expected %s response, got message type %d", what, (unsigned char)m->type);
  msg_free(m);
  return auth_fatal(s, "08P01", msg, NULL);
}

static int user_known(const Session *s) { return !s->sec->user || strcmp(s->sec->user, s->user) == 0; }

/* ---- md5 ---- */

/* Lower-case hex MD5 of a then b. */
static void md5_hex(const void *a, size_t alen, const void *b, size_t blen, char out[33]) {
  unsigned char d[16];
  unsigned int n = 0;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (!ctx || EVP_DigestInit_ex(ctx, EVP_md5(), NULL) != 1 || EVP_DigestUpdate(ctx, a, alen) != 1 ||
      EVP_DigestUpdate(ctx, b, blen) != 1 || EVP_DigestFinal_ex(ctx, d, &n) != 1)
    memset(d, 0, sizeof d);   /* cannot match a client's answer */
  EVP_MD_CTX_free(ctx);
  for (int i = 0; i < 16; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* "md5" || md5hex(md5hex(password || user) || salt), as libpq sends it. */
static void md5_expected(const char *password, const char *user, const unsigned char salt[4], char out[36]) {
  char inner[33];
  memcpy(out, "md5", 3);
  md5_hex(password, strlen(password), user, strlen(user), inner);
  md5_hex(inner, 32, salt, 4, out + 3);
}

static int md5_auth(Session *s) {
  unsigned char salt[4];
  if (RAND_bytes(salt, sizeof salt) != 1) return auth_fatal(s, "XX000", "could not generate random MD5 salt", NULL);
  send_auth_request(&s->conn, AUTH_REQ_MD5, salt, sizeof salt);
  Msg m;
  if (!read_response(s, &m, "password")) return 0;
  const char *given = (const char *)m.data;
  size_t len = strlen(given);
  if (len + 1 != m.len) { msg_free(&m); return auth_fatal(s, "08P01", "invalid password packet size", NULL); }
  if (len == 0) { msg_free(&m); return auth_fatal(s, "28P01", "empty password returned by client", NULL); }
  char expected[36];
  md5_expected(s->sec->password, s->user, salt, expected);
  int ok = len == 35 && CRYPTO_memcmp(given, expected, 35) == 0;
  msg_free(&m);
  return ok && user_known(s) ? 1 : auth_failed(s);
}

/* ---- SCRAM-SHA-256 ---- */

typedef struct Scram {
  int plus;                   /* SCRAM-SHA-256-PLUS selected */
  int plus_offered;           /* over TLS */
  char cbind_flag;            /* 'n', 'y' or 'p' from the client-first-message */
  int doomed;                 /* unknown user: run the exchange, then fail */
  unsigned char salt[SALT_LEN], stored_key[KEY_LEN], server_key[KEY_LEN];
  char *client_first_bare;
  char *client_nonce;
  char server_nonce[4 * ((RAW_NONCE_LEN + 2) / 3) + 1];
  char *server_first;
  char *client_final_without_proof;
  unsigned char proof[KEY_LEN];
  /* The error to report, when a step fails with a FATAL error. */
  const char *err_state;
  char err_msg[128], err_detail[200];
} Scram;

static void scram_free(Scram *sc) {
  free(sc->client_first_bare);
  free(sc->client_nonce);
  free(sc->server_first);
  free(sc->client_final_without_proof);
  OPENSSL_cleanse(sc->stored_key, sizeof sc->stored_key);
  OPENSSL_cleanse(sc->server_key, sizeof sc->server_key);
}

__attribute__((format(printf, 4, 5)))
static int scram_error(Scram *sc, const char *sqlstate, const char *message, const char *detail_fmt, ...) {
  sc->err_state = sqlstate;
  snprintf(sc->err_msg, sizeof sc->err_msg, "%s", message);
  sc->err_detail[0] = 0;
  if (detail_fmt) {
    va_list ap;
    va_start(ap, detail_fmt);
    vsnprintf(sc->err_detail, sizeof sc->err_detail, detail_fmt, ap);
    va_end(ap);
  }
  return 0;
}

#define MALFORMED(sc, ...) scram_error(sc, "08P01", "malformed SCRAM message", __VA_ARGS__)

/* A byte for an error message: 'c' when printable, else 0xNN. */
static const char *sanitize_char(char c, char buf[8]) {
  if (c >= 0x21 && c <= 0x7e) snprintf(buf, 8, "'%c'", c);
  else snprintf(buf, 8, "0x%02x", (unsigned char)c);
  return buf;
}

/* Value of attribute `attr` at *p ("attr=value[,]"), NUL-terminated in place. */
static char *read_attr_value(Scram *sc, char **p, char attr) {
  char buf[8], *begin = *p;
  if (*begin != attr) { MALFORMED(sc, "Expected attribute \"%c\" but found \"%s\".", attr, sanitize_char(*begin, buf)); return NULL; }
  if (begin[1] != '=') { MALFORMED(sc, "Expected character \"=\" for attribute \"%c\".", attr); return NULL; }
  begin += 2;
  char *end = begin + strcspn(begin, ",");
  *p = *end ? end + 1 : end;
  *end = 0;
  return begin;
}

/* Any attribute (an extension, or the proof). */
static char *read_any_attr(Scram *sc, char **p, char *attr) {
  char buf[8], a = **p;
  if (!a) { MALFORMED(sc, "Attribute expected, but found end of string."); return NULL; }
  if (!((a >= 'A' && a <= 'Z') || (a >= 'a' && a <= 'z'))) {
    MALFORMED(sc, "Attribute expected, but found invalid character \"%s\".", sanitize_char(a, buf));
    return NULL;
  }
  *attr = a;
  return read_attr_value(sc, p, a);
}

static int is_printable(const char *p) {
  for (; *p; p++)
    if (*p < 0x21 || *p > 0x7e || *p == ',') return 0;
  return 1;
}

static int expect_comma(Scram *sc, char **p) {
  char buf[8];
  if (**p != ',') return MALFORMED(sc, "Comma expected, but found character \"%s\".", sanitize_char(**p, buf));
  (*p)++;
  return 1;
}

/* gs2-cbind-flag: "n", "y" or "p=tls-server-end-point", checked against the
** mechanism the client chose. */
static int read_cbind_flag(Scram *sc, char **p) {
  static const char without_data[] =
    "The client selected SCRAM-SHA-256-PLUS, but the SCRAM message does not include channel binding data.";
  char buf[8];
  sc->cbind_flag = **p;
  switch (**p) {
  case 'n':
    if (sc->plus) return MALFORMED(sc, "%s", without_data);
    (*p)++;
    return expect_comma(sc, p);
  case 'y':
    if (sc->plus) return MALFORMED(sc, "%s", without_data);
    if (sc->plus_offered)
      return scram_error(sc, "28000", "SCRAM channel binding negotiation error",
                         "The client supports SCRAM channel binding but thinks the server does not.  "
                         "However, this server does support channel binding.");
    (*p)++;
    return expect_comma(sc, p);
  case 'p': {
    if (!sc->plus)
      return MALFORMED(sc, "The client selected SCRAM-SHA-256 without channel binding, "
                           "but the SCRAM message includes channel binding data.");
    char *type = read_attr_value(sc, p, 'p');
    if (!type) return 0;
    if (strcmp(type, "tls-server-end-point") == 0) return 1;
    char msg[96];
    snprintf(msg, sizeof msg, "unsupported SCRAM channel-binding type \"%.30s\"", type);
    return scram_error(sc, "08P01", msg, NULL);
  }
  default:
    return MALFORMED(sc, "Unexpected channel-binding flag \"%s\".", sanitize_char(**p, buf));
  }
}

/* client-first-message = gs2-header client-first-message-bare.  The user
** name in it is ignored: the startup packet's counts, as in PostgreSQL. */
static int read_client_first(Scram *sc, char *input) {
  char buf[8], *p = input;
  if (!read_cbind_flag(sc, &p)) return 0;
  if (*p == 'a')
    return scram_error(sc, "0A000", "client uses authorization identity, but it is not supported", NULL);
  if (*p != ',') return MALFORMED(sc, "Unexpected attribute \"%s\" in client-first-message.", sanitize_char(*p, buf));
  p++;
  sc->client_first_bare = strdup(p);
  if (!sc->client_first_bare) return scram_error(sc, "53200", "out of memory", NULL);
  if (*p == 'm') return scram_error(sc, "0A000", "client requires an unsupported SCRAM extension", NULL);
  if (!read_attr_value(sc, &p, 'n')) return 0;
  char *nonce = read_attr_value(sc, &p, 'r');
  if (!nonce) return 0;
  if (!is_printable(nonce)) return scram_error(sc, "08P01", "non-printable characters in SCRAM nonce", NULL);
  sc->client_nonce = strdup(nonce);
  if (!sc->client_nonce) return scram_error(sc, "53200", "out of memory", NULL);
  char attr;
  while (*p)
    if (!read_any_attr(sc, &p, &attr)) return 0;
  return 1;
}

/* server-first-message: r=<client nonce><server nonce>,s=<salt>,i=4096 */
static int build_server_first(Scram *sc) {
  unsigned char raw[RAW_NONCE_LEN];
  char salt[4 * ((SALT_LEN + 2) / 3) + 1];
  if (RAND_bytes(raw, sizeof raw) != 1) return scram_error(sc, "XX000", "could not generate random nonce", NULL);
  b64_encode(raw, sizeof raw, sc->server_nonce);
  b64_encode(sc->salt, SALT_LEN, salt);
  size_t n = strlen(sc->client_nonce) + strlen(sc->server_nonce) + strlen(salt) + 32;
  sc->server_first = malloc(n);
  if (!sc->server_first) return scram_error(sc, "53200", "out of memory", NULL);
  snprintf(sc->server_first, n, "r=%s%s,s=%s,i=%d", sc->client_nonce, sc->server_nonce, salt, ITERATIONS);
  return 1;
}

/* The c= attribute: base64 of the gs2 header, plus the certificate hash
** under channel binding. */
static int check_channel_binding(Scram *sc, Conn *c, const char *cb) {
  if (!sc->plus) {
    if ((strcmp(cb, "biws") == 0 && sc->cbind_flag == 'n') || (strcmp(cb, "eSws") == 0 && sc->cbind_flag == 'y'))
      return 1;
    return scram_error(sc, "08P01", "unexpected SCRAM channel-binding attribute in client-final-message", NULL);
  }
  unsigned char input[sizeof CBIND_HEADER + EVP_MAX_MD_SIZE];
  size_t hlen = strlen(CBIND_HEADER);
  size_t dlen = tls_server_end_point(c, input + hlen, sizeof input - hlen);
  if (!dlen) return scram_error(sc, "XX000", "could not get server certificate hash", NULL);
  memcpy(input, CBIND_HEADER, hlen);
  char expected[4 * ((sizeof input + 2) / 3) + 1];
  b64_encode(input, hlen + dlen, expected);
  if (strcmp(cb, expected) != 0) return scram_error(sc, "28000", "SCRAM channel binding check failed", NULL);
  return 1;
}

/* client-final-message = c=...,r=...[,ext...],p=<proof> */
static int read_client_final(Scram *sc, Conn *c, const char *input, char *copy) {
  char *p = copy, attr = 0, *value, *proof_at;
  char *cb = read_attr_value(sc, &p, 'c');
  if (!cb || !check_channel_binding(sc, c, cb)) return 0;
  char *nonce = read_attr_value(sc, &p, 'r');
  if (!nonce) return 0;
  do {
    proof_at = p - 1;         /* the comma before the attribute */
    if (!(value = read_any_attr(sc, &p, &attr))) return 0;
  } while (attr != 'p');
  if (!b64_decode_exact(value, sc->proof, KEY_LEN)) return MALFORMED(sc, "Malformed proof in client-final-message.");
  if (*p) return MALFORMED(sc, "Garbage found at the end of client-final-message.");
  sc->client_final_without_proof = strndup(input, (size_t)(proof_at - copy));
  if (!sc->client_final_without_proof) return scram_error(sc, "53200", "out of memory", NULL);
  size_t cn = strlen(sc->client_nonce);
  if (strlen(nonce) != cn + strlen(sc->server_nonce) || memcmp(nonce, sc->client_nonce, cn) != 0 ||
      strcmp(nonce + cn, sc->server_nonce) != 0)
    return scram_error(sc, "08P01", "invalid SCRAM response", "Nonce does not match.");
  return 1;
}

/* HMAC(key, AuthMessage), where AuthMessage is client-first-message-bare ","
** server-first-message "," client-final-message-without-proof. */
static void sign_auth_message(const Scram *sc, const unsigned char *key, unsigned char out[KEY_LEN]) {
  size_t a = strlen(sc->client_first_bare), b = strlen(sc->server_first);
  size_t c = strlen(sc->client_final_without_proof);
  char *msg = malloc(a + b + c + 2);
  if (!msg) { RAND_bytes(out, KEY_LEN); return; }   /* cannot verify, never matches */
  memcpy(msg, sc->client_first_bare, a);
  msg[a] = ',';
  memcpy(msg + a + 1, sc->server_first, b);
  msg[a + 1 + b] = ',';
  memcpy(msg + a + b + 2, sc->client_final_without_proof, c);
  hmac256(key, KEY_LEN, msg, a + b + c + 2, out);
  free(msg);
}

/* ClientKey = proof XOR HMAC(StoredKey, AuthMessage); H(ClientKey) must be
** StoredKey.  Computed for a doomed exchange too, so timing reveals nothing. */
static int verify_client_proof(const Scram *sc) {
  unsigned char sig[KEY_LEN], key[KEY_LEN], stored[KEY_LEN];
  sign_auth_message(sc, sc->stored_key, sig);
  for (int i = 0; i < KEY_LEN; i++) key[i] = sc->proof[i] ^ sig[i];
  SHA256(key, KEY_LEN, stored);
  return CRYPTO_memcmp(stored, sc->stored_key, KEY_LEN) == 0 && !sc->doomed;
}

static void send_server_final(Scram *sc, Conn *c) {
  unsigned char sig[KEY_LEN];
  char msg[2 + 4 * ((KEY_LEN + 2) / 3) + 1] = "v=";
  sign_auth_message(sc, sc->server_key, sig);
  b64_encode(sig, KEY_LEN, msg + 2);
  send_auth_request(c, AUTH_REQ_SASL_FIN, msg, strlen(msg));
}

/* The verifier, or for an unknown user a mock one that cannot verify. */
static void scram_load_secret(Scram *sc, const Session *s) {
  if (user_known(s)) {
    memcpy(sc->salt, s->sec->salt, SALT_LEN);
    memcpy(sc->stored_key, s->sec->stored_key, KEY_LEN);
    memcpy(sc->server_key, s->sec->server_key, KEY_LEN);
    return;
  }
  unsigned char mock[KEY_LEN];
  hmac256(s->sec->mock_key, sizeof s->sec->mock_key, s->user, strlen(s->user), mock);
  memcpy(sc->salt, mock, SALT_LEN);
  sc->doomed = 1;
}

/* A SASL payload must be non-empty text without NULs. */
static int check_payload(Scram *sc, const char *data, size_t len) {
  if (len == 0) return MALFORMED(sc, "The message is empty.");
  if (strlen(data) != len) return MALFORMED(sc, "Message length does not match input length.");
  return 1;
}

/* SASLInitialResponse: the mechanism and the client-first-message, which
** may come in a later SASLResponse if the initial response is absent. */
static int scram_read_first(Session *s, Scram *sc, Msg *m, const char **data, size_t *len) {
  if (!read_response(s, m, "SASL")) return -1;
  const char *mech = msg_get_string(m);
  int32_t n = msg_get_int32(m);
  if (m->bad) return scram_error(sc, "08P01", "invalid message format", NULL);
  if (strcmp(mech, MECH_SCRAM_PLUS) == 0 && sc->plus_offered) sc->plus = 1;
  else if (strcmp(mech, MECH_SCRAM) != 0)
    return scram_error(sc, "08P01", "client selected an invalid SASL authentication mechanism", NULL);
  if (n == -1) {              /* no initial response: an empty challenge asks for it */
    msg_free(m);
    send_auth_request(&s->conn, AUTH_REQ_SASL_CONT, "", 0);
    if (!read_response(s, m, "SASL")) return -1;
    *data = (const char *)m->data;
    *len = m->len;
    return 1;
  }
  const unsigned char *p = n >= 0 ? msg_get_bytes(m, (size_t)n) : NULL;
  if (!p || !msg_at_end(m)) return scram_error(sc, "08P01", "invalid message format", NULL);
  *data = (const char *)p;
  *len = (size_t)n;
  return 1;
}

/* Steps 1 and 2: client-first in, server-first out.  1 ok, 0 error in sc,
** -1 the client went away. */
static int scram_first_round(Session *s, Scram *sc) {
  Msg m = {0};
  const char *data = NULL;
  size_t len = 0;
  int r = scram_read_first(s, sc, &m, &data, &len);
  if (r == 1) {
    char *copy = check_payload(sc, data, len) ? strdup(data) : NULL;
    r = copy && read_client_first(sc, copy) && build_server_first(sc);
    free(copy);
  }
  msg_free(&m);
  if (r == 1) send_auth_request(&s->conn, AUTH_REQ_SASL_CONT, sc->server_first, strlen(sc->server_first));
  return r;
}

/* Steps 3 and 4: client-final in, verified; server-final out. */
static int scram_final_round(Session *s, Scram *sc, int *verified) {
  Msg m;
  if (!read_response(s, &m, "SASL")) return -1;
  char *copy = check_payload(sc, (const char *)m.data, m.len) ? strdup((const char *)m.data) : NULL;
  int r = copy && read_client_final(sc, &s->conn, (const char *)m.data, copy);
  free(copy);
  msg_free(&m);
  if (r) *verified = verify_client_proof(sc);
  return r;
}

static int scram_auth(Session *s) {
  Scram sc;
  memset(&sc, 0, sizeof sc);
  sc.plus_offered = s->conn.ssl != NULL;
  scram_load_secret(&sc, s);
  /* Mechanisms in decreasing order of preference, each NUL-terminated, then a NUL. */
  static const char with_plus[] = MECH_SCRAM_PLUS "\0" MECH_SCRAM "\0";
  static const char plain[] = MECH_SCRAM "\0";
  if (sc.plus_offered) send_auth_request(&s->conn, AUTH_REQ_SASL, with_plus, sizeof with_plus);
  else send_auth_request(&s->conn, AUTH_REQ_SASL, plain, sizeof plain);
  int verified = 0;
  int r = scram_first_round(s, &sc);
  if (r == 1) r = scram_final_round(s, &sc, &verified);
  int ok = 0;
  if (r == 0 && !sc.err_state) auth_fatal(s, "53200", "out of memory", NULL);   /* a strdup failed */
  else if (r == 0) auth_fatal(s, sc.err_state, sc.err_msg, sc.err_detail);
  else if (r == 1 && !verified) auth_failed(s);
  else if (r == 1) { send_server_final(&sc, &s->conn); ok = 1; }
  scram_free(&sc);
  return ok;
}

/* ---- Entry ---- */

int auth_client(Session *s) {
  if (s->sec->tls_required && !s->conn.ssl) {
    char msg[160];
    snprintf(msg, sizeof msg, "no encrypted connection for user \"%s\": this server requires TLS (sslmode=require)",
             s->user);
    return auth_fatal(s, "28000", msg, NULL);
  }
  switch (s->sec->method) {
  case AUTH_MD5: return md5_auth(s);
  case AUTH_SCRAM: return scram_auth(s);
  case AUTH_TRUST: break;
  }
  if (user_known(s)) return 1;
  char msg[128];
  snprintf(msg, sizeof msg, "role \"%s\" does not exist", s->user);
  return auth_fatal(s, "28000", msg, NULL);
}

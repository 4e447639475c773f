/*
** options.c — the command line of the server, shared by
**   pgmicro-server [OPTIONS] FILE|:memory: HOST:PORT
**   pgmicro [FILE] --server HOST:PORT [OPTIONS]
** It settles the authentication method and reads the password (a file's
** first line, or $PGMICRO_PASSWORD) before anything listens, so that a
** contradictory configuration stops the server instead of serving with
** weaker security than asked for.
*/
#include "server.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
  "usage: pgmicro-server [OPTIONS] FILE|:memory: HOST:PORT\n"
  "       pgmicro [FILE] --server HOST:PORT [OPTIONS]\n"
  "Serve a pgmicro database over the PostgreSQL wire protocol (v3).\n"
  "Options:\n"
  "  --max-connections N    sessions served at once (default 100)\n"
  "  --auth METHOD          trust, md5 or scram-sha-256 (default: scram-sha-256\n"
  "                         when a password is configured, else trust)\n"
  "  --password-file FILE   the password is the first line of FILE\n"
  "                         (else the environment variable PGMICRO_PASSWORD)\n"
  "  --user NAME            the only user name accepted (default: any)\n"
  "  --tls-cert FILE        PEM certificate (chain) offered to SSLRequest\n"
  "  --tls-key FILE         its PEM private key (both or neither)\n"
  "  --tls-required         refuse sessions that did not negotiate TLS\n"
  "trust is allowed only when HOST is a loopback address (127.0.0.0/8, ::1,\n"
  "localhost); elsewhere a password is required.\n";

static int usage_error(const char *fmt, const char *arg) {
  fputs("pgmicro-server: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\n", stderr);
  fputs(usage_text, stderr);
  return 2;
}

/* Command-line state beyond ServerConfig. */
typedef struct Parsed {
  const char *positional[2];
  int npositional;
  int via_server_flag;        /* `pgmicro ... --server ADDR` */
  const char *auth, *password_file, *max_connections;
} Parsed;

/* The option that takes a value: its destination, or NULL if unknown. */
static const char **value_slot(ServerConfig *cfg, Parsed *p, const char *name) {
  if (!strcmp(name, "--server")) { p->via_server_flag = 1; return &cfg->addr; }
  if (!strcmp(name, "--max-connections")) return &p->max_connections;
  if (!strcmp(name, "--auth")) return &p->auth;
  if (!strcmp(name, "--password-file")) return &p->password_file;
  if (!strcmp(name, "--user")) return &cfg->user;
  if (!strcmp(name, "--tls-cert")) return &cfg->tls_cert;
  if (!strcmp(name, "--tls-key")) return &cfg->tls_key;
  return NULL;
}

/* One option at argv[*i], as "--name value" or "--name=value". */
static int parse_option(ServerConfig *cfg, Parsed *p, int argc, char **argv, int *i) {
  char name[64];
  const char *arg = argv[*i], *eq = strchr(arg, '=');
  size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
  if (n >= sizeof name) return usage_error("unknown option \"%s\"", arg);
  memcpy(name, arg, n);
  name[n] = 0;
  if (!strcmp(name, "--tls-required") && !eq) { cfg->tls_required = 1; return 0; }
  if (!strcmp(name, "--help")) { fputs(usage_text, stdout); return 1; }
  const char **slot = value_slot(cfg, p, name);
  if (!slot) return usage_error("unknown option \"%s\"", arg);
  if (eq) *slot = eq + 1;
  else if (*i + 1 < argc) *slot = argv[++*i];
  else return usage_error("option %s needs a value", name);
  return 0;
}

static int parse_args(ServerConfig *cfg, Parsed *p, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-' && argv[i][1]) {
      int rc = parse_option(cfg, p, argc, argv, &i);
      if (rc) return rc;
    } else if (p->npositional < 2) {
      p->positional[p->npositional++] = argv[i];
    } else {
      return usage_error("unexpected argument \"%s\"", argv[i]);
    }
  }
  if (p->via_server_flag) {
    if (p->npositional > 1) return usage_error("unexpected argument \"%s\"", p->positional[1]);
    cfg->path = p->npositional ? p->positional[0] : ":memory:";
  } else {
    if (p->npositional != 2) return usage_error("%s", "FILE and HOST:PORT are required");
    cfg->path = p->positional[0];
    cfg->addr = p->positional[1];
  }
  return 0;
}

/* The first line of a file, without its line end. */
static char *read_password_file(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "pgmicro-server: could not read password file \"%s\": %s\n", path, strerror(errno));
    return NULL;
  }
  char buf[1024];
  char *line = fgets(buf, sizeof buf, f);
  fclose(f);
  if (!line) buf[0] = 0;
  buf[strcspn(buf, "\r\n")] = 0;
  return strdup(buf);
}

static int parse_auth(ServerConfig *cfg, const char *name) {
  if (!strcmp(name, "trust")) cfg->auth = AUTH_TRUST;
  else if (!strcmp(name, "md5")) cfg->auth = AUTH_MD5;
  else if (!strcmp(name, "scram-sha-256")) cfg->auth = AUTH_SCRAM;
  else return usage_error("--auth must be trust, md5 or scram-sha-256, not \"%s\"", name);
  return 0;
}

/* The password and the method it implies.  An explicit --auth trust reads
** no password (PGMICRO_PASSWORD is then ignored; --password-file is an error). */
static int settle_auth(ServerConfig *cfg, const Parsed *p) {
  if (p->auth && parse_auth(cfg, p->auth)) return 2;
  int trust_asked = p->auth && cfg->auth == AUTH_TRUST;
  if (trust_asked && p->password_file) return usage_error("%s", "--auth trust takes no --password-file");
  if (trust_asked) return 0;
  const char *env = getenv("PGMICRO_PASSWORD");
  if (p->password_file) {
    if (!(cfg->password = read_password_file(p->password_file))) return 2;
  } else if (env && *env) {
    cfg->password = strdup(env);
  }
  if (cfg->password && !*cfg->password) return usage_error("the password in \"%s\" is empty", p->password_file);
  if (!p->auth) cfg->auth = cfg->password ? AUTH_SCRAM : AUTH_TRUST;
  if (cfg->auth != AUTH_TRUST && !cfg->password)
    return usage_error("--auth %s needs a password: --password-file FILE or PGMICRO_PASSWORD", p->auth);
  return 0;
}

static int check_config(ServerConfig *cfg, const Parsed *p) {
  char *end = NULL;
  if (p->max_connections) {
    long n = strtol(p->max_connections, &end, 10);
    if (*end || n <= 0 || n > 100000) return usage_error("bad --max-connections \"%s\"", p->max_connections);
    cfg->max_connections = (int)n;
  }
  if (!cfg->addr || !*cfg->addr) return usage_error("%s", "HOST:PORT is required");
  if (!cfg->tls_cert != !cfg->tls_key) return usage_error("%s", "--tls-cert and --tls-key go together");
  if (cfg->tls_required && !cfg->tls_cert) return usage_error("%s", "--tls-required needs --tls-cert and --tls-key");
  if (cfg->user && !*cfg->user) return usage_error("%s", "--user needs a name");
  return settle_auth(cfg, p);
}

int pgm_server_main(int argc, char **argv) {
  ServerConfig cfg = {.max_connections = 100, .auth = AUTH_TRUST};
  Parsed p = {{NULL, NULL}, 0, 0, NULL, NULL, NULL};
  int rc = parse_args(&cfg, &p, argc, argv);
  if (rc == 1) return 0;      /* --help */
  if (!rc) rc = check_config(&cfg, &p);
  if (!rc) rc = pgm_server_run(&cfg);
  free(cfg.password);
  return rc;
}

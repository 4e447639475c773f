/*
** session.c — the server's life: the listening socket, one thread per
** client connection, each with its own pgm_db on the same database (a file
** in WAL mode, or for ":memory:" a private temporary one, see open_database),
** the message loop of a session, the connection limit, and the registry of
** BackendKeyData that lets a CancelRequest reach pgm_interrupt() of the
** right session.  It also refuses to listen beyond loopback without
** authentication: an open database on the network is never the default.
*/
#include "server.h"

#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

struct Server {
  char path[4096];            /* what every session opens */
  int flags;                  /* pgm_open flags */
  pgm_db *keeper;             /* opened first: reports a bad database before listening */
  int listen_fd;
  int max_sessions;
  pthread_mutex_t lock;       /* guards everything below */
  Session **active;           /* max_sessions slots, NULL when free */
  int threads;                /* threads alive, including those in startup */
  int32_t next_pid;
  Security sec;               /* authentication and TLS, read-only once serving */
};

/* ---- Registry of sessions (connection limit and cancel) ---- */

static int register_session(Server *srv, Session *s) {
  int ok = 0;
  pthread_mutex_lock(&srv->lock);
  for (int i = 0; i < srv->max_sessions && !ok; i++)
    if (!srv->active[i]) { srv->active[i] = s; ok = 1; }
  pthread_mutex_unlock(&srv->lock);
  return ok;
}

static void unregister_session(Server *srv, Session *s) {
  pthread_mutex_lock(&srv->lock);
  for (int i = 0; i < srv->max_sessions; i++)
    if (srv->active[i] == s) srv->active[i] = NULL;
  pthread_mutex_unlock(&srv->lock);
}

/* Under the lock, so the session cannot close its pgm_db meanwhile. */
void server_cancel(Server *srv, int32_t pid, int32_t key) {
  pthread_mutex_lock(&srv->lock);
  for (int i = 0; i < srv->max_sessions; i++) {
    Session *s = srv->active[i];
    if (s && s->pid == pid && s->key == key && s->db) pgm_interrupt(s->db);
  }
  pthread_mutex_unlock(&srv->lock);
}

/* ---- One session ---- */

/* Dispatch one message; returns 0 to close the connection. */
static int session_message(Session *s, Msg *m) {
  switch (m->type) {
  case 'X': return 0;
  case 'Q':
    if (s->ignore_till_sync) return 1;
    if (!m->len || m->data[m->len - 1] != 0) return 0;
    simple_query(s, (const char *)m->data, m->len - 1);
    return 1;
  case 'P': case 'B': case 'D': case 'E': case 'C': case 'S': case 'H':
    return extended_message(s, m);
  case 'd': case 'c': case 'f':
    return 1;                 /* COPY data outside COPY: ignored, as PostgreSQL does */
  case 'F':
    if (s->ignore_till_sync) return 1;
    send_error_fields(&s->conn, "ERROR", "0A000", "the fast-path function call interface is not supported",
                      NULL, NULL, 0);
    s->ignore_till_sync = 1;
    return 1;
  default: {
    char msg[64];
    snprintf(msg, sizeof msg, "invalid frontend message type %d", (unsigned char)m->type);
    send_error_fields(&s->conn, "FATAL", "08P01", msg, NULL, NULL, 0);
    conn_flush(&s->conn);
    return 0;
  }
  }
}

/* ---- Idle timeouts ----
** PostgreSQL ends a session left idle inside a transaction for longer than
** idle_in_transaction_session_timeout (25P03), or idle outside one for longer
** than idle_session_timeout (57P05); both are off by default.  Here they
** matter more: SQLite has one writer at a time, so a client idle in a
** transaction that has written holds every other writer back. */

/* A time setting's value ("0", "5000", "5s", "2min") in milliseconds. */
static int setting_ms(pgm_db *db, const char *name) {
  char sql[80];
  snprintf(sql, sizeof sql, "SHOW %s", name);
  pgm_stmt *st = NULL;
  long long ms = 0;
  if (pgm_prepare(db, sql, -1, &st, NULL, NULL) == PGM_OK && st && pgm_step(st) == PGM_ROW) {
    const char *v = pgm_value_text(pgm_column_value(st, 0), NULL);
    char *end = NULL;
    double x = v ? strtod(v, &end) : 0;
    double unit = !end || !*end || !strcmp(end, "ms") ? 1 : !strcmp(end, "s") ? 1000
                : !strcmp(end, "min") ? 60000 : !strcmp(end, "h") ? 3600000 : !strcmp(end, "d") ? 86400000 : 0;
    ms = (long long)(x * unit);
  }
  pgm_finalize(st);
  return ms < 0 ? 0 : ms > INT_MAX ? INT_MAX : (int)ms;
}

void session_settings_changed(Session *s) {
  report_settings(&s->conn, s->db);
  s->idle_in_xact_ms = setting_ms(s->db, "idle_in_transaction_session_timeout");
  s->idle_ms = setting_ms(s->db, "idle_session_timeout");
}

static void idle_timeout_fatal(Session *s, bool in_xact) {
  send_error_fields(&s->conn, "FATAL", in_xact ? "25P03" : "57P05",
                    in_xact ? "terminating connection due to idle-in-transaction timeout"
                            : "terminating connection due to idle-session timeout",
                    NULL, NULL, 0);
  conn_flush(&s->conn);
}

static void session_loop(Session *s) {
  Msg m;
  while (!s->conn.broken) {
    bool in_xact = pgm_transaction_status(s->db) != 'I';
    int w = conn_wait_input(&s->conn, in_xact ? s->idle_in_xact_ms : s->idle_ms);
    if (w == 0) { idle_timeout_fatal(s, in_xact); break; }
    if (w < 0 || conn_read_message(&s->conn, &m) != 0) break;
    int keep = session_message(s, &m);
    msg_free(&m);
    if (!keep) break;
  }
}

static int session_open_db(Session *s) {
  pgm_error *err = NULL;
  pgm_db *db = NULL;
  if (pgm_open(s->srv->path, s->srv->flags, &db, &err) == PGM_OK) {
    /* PostgreSQL waits for a lock as long as it takes (lock_timeout = 0):
    ** so do sessions; statement_timeout and cancel still end a wait. */
    pgm_set_busy_timeout(db, INT_MAX);
    pthread_mutex_lock(&s->srv->lock);   /* server_cancel reads s->db */
    s->db = db;
    pthread_mutex_unlock(&s->srv->lock);
    return 1;
  }
  send_error_fields(&s->conn, "FATAL", err ? pgm_error_sqlstate(err) : "58000",
                    err ? pgm_error_message(err) : "could not open the database",
                    NULL, NULL, 0);
  conn_flush(&s->conn);
  pgm_error_free(err);
  return 0;
}

/* A client has this long to finish its startup packet, like PostgreSQL's
** authentication_timeout; afterwards reads wait for as long as it idles. */
static void set_read_timeout(int fd, int seconds) {
  struct timeval tv = {.tv_sec = seconds, .tv_usec = 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

static void session_run(Session *s) {
  set_read_timeout(s->conn.fd, 60);
  int ready = startup_handshake(s) && auth_client(s);
  set_read_timeout(s->conn.fd, 0);
  if (!ready) return;
  if (!register_session(s->srv, s)) {
    send_error_fields(&s->conn, "FATAL", "53300", "sorry, too many clients already", NULL, NULL, 0);
    conn_flush(&s->conn);
    return;
  }
  pgm_db *db = NULL;
  if (session_open_db(s)) {
    if (startup_greet(s)) session_loop(s);
    extended_free(s);
    db = s->db;
  }
  unregister_session(s->srv, s);
  pgm_close(db);
}

static void *session_thread(void *arg) {
  Session *s = arg;
  Server *srv = s->srv;
  session_run(s);
  conn_free(&s->conn);        /* a TLS close_notify still needs the socket */
  close(s->conn.fd);
  free(s);
  pthread_mutex_lock(&srv->lock);
  srv->threads--;
  pthread_mutex_unlock(&srv->lock);
  return NULL;
}

/* ---- Accepting ---- */

static Session *session_new(Server *srv, int fd) {
  Session *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->srv = srv;
  s->sec = &srv->sec;
  conn_init(&s->conn, fd);
  snprintf(s->appname, sizeof s->appname, "%s", "");
  uint32_t key = 0;
  if (getrandom(&key, sizeof key, 0) != (ssize_t)sizeof key) key = (uint32_t)rand();
  s->key = (int32_t)key;
  pthread_mutex_lock(&srv->lock);
  s->pid = srv->next_pid++;
  pthread_mutex_unlock(&srv->lock);
  return s;
}

/* Threads in startup are bounded too, so idle sockets cannot pile up. */
static int reserve_thread(Server *srv) {
  int ok;
  pthread_mutex_lock(&srv->lock);
  ok = srv->threads < 2 * srv->max_sessions + 8;
  if (ok) srv->threads++;
  pthread_mutex_unlock(&srv->lock);
  return ok;
}

static void start_session(Server *srv, int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (!reserve_thread(srv)) { close(fd); return; }
  Session *s = session_new(srv, fd);
  pthread_t t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  if (!s || pthread_create(&t, &attr, session_thread, s) != 0) {
    if (s) { conn_free(&s->conn); free(s); }
    close(fd);
    pthread_mutex_lock(&srv->lock);
    srv->threads--;
    pthread_mutex_unlock(&srv->lock);
  }
  pthread_attr_destroy(&attr);
}

static void accept_loop(Server *srv) {
  for (;;) {
    int fd = accept(srv->listen_fd, NULL, NULL);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE) {
        if (errno == EMFILE || errno == ENFILE) usleep(100000);
        continue;
      }
      perror("pgmicro-server: accept");
      return;
    }
    start_session(srv, fd);
  }
}

/* ---- Listening ---- */

/* Split "HOST:PORT" (or "[v6]:PORT") into host and port. */
static int split_addr(const char *addr, char *host, size_t hcap, char *port, size_t pcap) {
  const char *colon = strrchr(addr, ':');
  if (!colon || !colon[1]) return 0;
  const char *h = addr;
  size_t hlen = (size_t)(colon - addr);
  if (hlen >= 2 && h[0] == '[' && h[hlen - 1] == ']') { h++; hlen -= 2; }
  if (hlen == 0 || hlen >= hcap || strlen(colon + 1) >= pcap) return 0;
  memcpy(host, h, hlen);
  host[hlen] = 0;
  snprintf(port, pcap, "%s", colon + 1);
  return 1;
}

static int bind_first(struct addrinfo *ai) {
  for (; ai; ai = ai->ai_next) {
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0) continue;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 64) == 0) return fd;
    close(fd);
  }
  return -1;
}

static void print_listening(int fd, const char *host) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  char port[16] = "?";
  if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
    getnameinfo((struct sockaddr *)&ss, len, NULL, 0, port, sizeof port, NI_NUMERICSERV);
  printf("pgmicro-server: listening on %s:%s\n", host, port);
  fflush(stdout);
}

/* 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104. */
static int is_loopback(const struct sockaddr *sa) {
  if (sa->sa_family == AF_INET)
    return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
  if (sa->sa_family != AF_INET6) return 0;
  const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
  return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
}

/* Trust only where nobody else can connect: every address HOST resolves
** to must be loopback (0.0.0.0, a LAN address or a name that resolves to
** one would expose the database unauthenticated). */
static int trust_allowed(const Server *srv, struct addrinfo *res, const char *host) {
  if (srv->sec.method != AUTH_TRUST) return 1;
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next)
    if (!is_loopback(ai->ai_addr)) {
      fprintf(stderr, "pgmicro-server: refusing to serve \"%s\" without authentication: trust is allowed only "
                      "on loopback addresses; configure a password (--password-file FILE or PGMICRO_PASSWORD)\n",
              host);
      return 0;
    }
  return 1;
}

static int open_listener(Server *srv, const char *addr) {
  char host[256], port[32];
  if (!split_addr(addr, host, sizeof host, port, sizeof port)) {
    fprintf(stderr, "pgmicro-server: address must be HOST:PORT, not \"%s\"\n", addr);
    return 0;
  }
  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                           .ai_flags = AI_PASSIVE}, *res = NULL;
  int rc = getaddrinfo(host, port, &hints, &res);
  if (rc != 0) {
    fprintf(stderr, "pgmicro-server: %s: %s\n", addr, gai_strerror(rc));
    return 0;
  }
  if (!trust_allowed(srv, res, host)) { freeaddrinfo(res); return 0; }
  srv->listen_fd = bind_first(res);
  freeaddrinfo(res);
  if (srv->listen_fd < 0) {
    fprintf(stderr, "pgmicro-server: could not listen on %s: %s\n", addr, strerror(errno));
    return 0;
  }
  print_listening(srv->listen_fd, host);
  return 1;
}

/* ---- The database every session opens ----
** A file is put in WAL mode (PGM_OPEN_WAL): readers then run beside the one
** writer, and a writer waits for another (busy timeout) instead of failing.
** ":memory:" is a WAL database in a private directory (the tmpfs /dev/shm when
** there is one), removed when the server stops.  SQLite's shared-cache memory
** database is not used: it locks whole tables and answers SQLITE_LOCKED at
** once, without waiting, so concurrent clients failed with 55P03 instead of
** queueing (20 clients writing: 95% of their transactions failed). */

static char memory_dir[256], memory_files[3][300];

/* Async-signal-safe: only unlink and rmdir on paths made beforehand. */
static void remove_memory_database(void) {
  if (!memory_dir[0]) return;
  for (int i = 0; i < 3; i++) unlink(memory_files[i]);
  rmdir(memory_dir);
}

static void stop_on_signal(int sig) {
  remove_memory_database();
  signal(sig, SIG_DFL);
  raise(sig);
}

static int make_memory_database(Server *srv) {
  const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  snprintf(memory_dir, sizeof memory_dir, "%s/pgmicro-server-%ld-XXXXXX", base, (long)getpid());
  if (!mkdtemp(memory_dir)) {
    fprintf(stderr, "pgmicro-server: could not create a directory for the in-memory database in %s: %s\n",
            base, strerror(errno));
    memory_dir[0] = 0;
    return 0;
  }
  static const char *const suffix[3] = {"", "-wal", "-shm"};
  for (int i = 0; i < 3; i++) snprintf(memory_files[i], sizeof memory_files[i], "%s/memory.db%s", memory_dir, suffix[i]);
  snprintf(srv->path, sizeof srv->path, "%s", memory_files[0]);
  atexit(remove_memory_database);
  signal(SIGINT, stop_on_signal);
  signal(SIGTERM, stop_on_signal);
  return 1;
}

static int open_database(Server *srv, const char *path) {
  pgm_error *err = NULL;
  srv->flags = PGM_OPEN_WAL;
  if (strcmp(path, ":memory:") == 0) {
    if (!make_memory_database(srv)) return 0;
  } else {
    snprintf(srv->path, sizeof srv->path, "%s", path);
  }
  if (pgm_open(srv->path, srv->flags, &srv->keeper, &err) == PGM_OK) return 1;
  fprintf(stderr, "pgmicro-server: could not open database \"%s\": %s\n", path,
          err ? pgm_error_message(err) : "unknown error");
  pgm_error_free(err);
  return 0;
}

static void server_free(Server *srv) {
  if (srv->listen_fd >= 0) close(srv->listen_fd);
  pgm_close(srv->keeper);
  free(srv->active);
  security_free(&srv->sec);
}

int pgm_server_run(const ServerConfig *cfg) {
  static Server srv;
  memset(&srv, 0, sizeof srv);
  srv.listen_fd = -1;
  signal(SIGPIPE, SIG_IGN);
  pthread_mutex_init(&srv.lock, NULL);
  srv.max_sessions = cfg->max_connections > 0 ? cfg->max_connections : 100;
  srv.active = calloc((size_t)srv.max_sessions, sizeof *srv.active);
  srv.next_pid = 10000 + (int32_t)(getpid() % 10000) * 100;
  int ok = srv.active && security_init(&srv.sec, cfg) && open_database(&srv, cfg->path) &&
           open_listener(&srv, cfg->addr);
  if (ok) accept_loop(&srv);
  server_free(&srv);
  return ok ? 1 : 2;
}

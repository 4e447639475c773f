/*
** main.c — the `pgmicro` program: arguments, startup, the SIGINT handler.
**
**   pgmicro [OPTION]... [FILE | :memory:]
**
** Options and exit codes mimic psql's: -c and -f run in the order given,
** -v ON_ERROR_STOP=1 stops at the first error (exit 3 for scripts, 1 for
** -c), ~/.pgmicrorc is read first unless -X.  Without -c/-f the shell reads
** standard input: interactively with libedit when it is a terminal,
** silently (no prompts) from a pipe.
*/
#include <errno.h>
#include <getopt.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>

#include "shell.h"

volatile sig_atomic_t sh_cancel_pressed = 0;
volatile sig_atomic_t sh_running_query = 0;
static pgm_db *volatile signal_db = NULL;

/* Ctrl-C: cancel the running statement (pgm_interrupt is the one ABI call
** that is safe at any time); otherwise flag it so the input loop drops the
** statement being typed, or a script stops. */
static void on_sigint(int sig) {
  (void)sig;
  sh_cancel_pressed = 1;
  if (sh_running_query && signal_db) {
    static const char msg[] = "Cancel request sent\n";
    pgm_interrupt(signal_db);
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) { /* nothing to do */ }
    return;
  }
  sh_prompt_interrupted();
}

static void install_sigint(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
}

/* ---- Options ---- */

typedef struct Action {
  char kind;          /* 'c' command or 'f' file */
  const char *value;
} Action;

typedef struct Options {
  const char *dbpath;
  Action *actions;
  int nactions;
  int no_rc;
} Options;

static void usage(void) {
  printf("pgmicro is an in-process PostgreSQL shell.\n\n"
         "Usage:\n"
         "  pgmicro [OPTION]... [FILE | :memory:]\n\n"
         "General options:\n"
         "  -c, --command=COMMAND    run only single command (SQL or internal) and exit\n"
         "  -f, --file=FILENAME      execute commands from file, then exit\n"
         "  -v, --set=, --variable=NAME=VALUE\n"
         "                           set pgmicro variable NAME to VALUE\n"
         "                           (e.g., -v ON_ERROR_STOP=1)\n"
         "  -V, --version            output version information, then exit\n"
         "  -X, --no-psqlrc          do not read startup file (~/.pgmicrorc)\n"
         "  -?, --help               show this help, then exit\n\n"
         "Input and output options:\n"
         "  -a, --echo-all           echo all input from script\n"
         "  -e, --echo-queries       echo commands sent to server\n"
         "  -E, --echo-hidden        display queries that internal commands generate\n"
         "  -q, --quiet              run quietly (no messages, only query output)\n\n"
         "Output format options:\n"
         "  -A, --no-align           unaligned table output mode\n"
         "  -F, --field-separator=STRING\n"
         "                           field separator for unaligned output (default: \"|\")\n"
         "  -t, --tuples-only        print rows only\n"
         "  -x, --expanded           turn on expanded table output\n\n"
         "The database is FILE (created if missing), or \":memory:\" (the default)\n"
         "for a private in-memory database.\n");
}

static void add_action(Options *o, char kind, const char *value) {
  o->actions = realloc(o->actions, (size_t)(o->nactions + 1) * sizeof(Action));
  o->actions[o->nactions].kind = kind;
  o->actions[o->nactions].value = value;
  o->nactions++;
}

/* -v NAME=VALUE (a bare NAME unsets, as in psql). */
static int set_variable(Shell *sh, const char *arg) {
  const char *eq = strchr(arg, '=');
  if (eq == arg) {
    fprintf(stderr, "pgmicro: error: invalid variable assignment \"%s\"\n", arg);
    return 0;
  }
  if (!eq) {
    sh_var_set(sh, arg, "");
    return 1;
  }
  char *name = strndup(arg, (size_t)(eq - arg));
  sh_var_set(sh, name, eq + 1);
  free(name);
  return 1;
}

static const struct option long_options[] = {
    {"command", required_argument, NULL, 'c'},
    {"file", required_argument, NULL, 'f'},
    {"no-align", no_argument, NULL, 'A'},
    {"tuples-only", no_argument, NULL, 't'},
    {"field-separator", required_argument, NULL, 'F'},
    {"no-psqlrc", no_argument, NULL, 'X'},
    {"quiet", no_argument, NULL, 'q'},
    {"set", required_argument, NULL, 'v'},
    {"variable", required_argument, NULL, 'v'},
    {"expanded", no_argument, NULL, 'x'},
    {"echo-all", no_argument, NULL, 'a'},
    {"echo-queries", no_argument, NULL, 'e'},
    {"echo-hidden", no_argument, NULL, 'E'},
    {"version", no_argument, NULL, 'V'},
    {"help", no_argument, NULL, 1},
    {NULL, 0, NULL, 0},
};

/* Returns -1 to continue, else the exit code. */
static int parse_option(Shell *sh, Options *o, int c) {
  switch (c) {
  case 'c': add_action(o, 'c', optarg); break;
  case 'f': add_action(o, 'f', optarg); break;
  case 'A': sh->popt.aligned = 0; break;
  case 't': sh->popt.tuples_only = 1; break;
  case 'F': free(sh->popt.fieldsep); sh->popt.fieldsep = strdup(optarg); break;
  case 'X': o->no_rc = 1; break;
  case 'q': sh_var_set(sh, "QUIET", "on"); break;
  case 'x': sh->popt.expanded = 1; break;
  case 'a': sh_var_set(sh, "ECHO", "all"); break;
  case 'e': sh_var_set(sh, "ECHO", "queries"); break;
  case 'E': sh_var_set(sh, "ECHO_HIDDEN", "on"); break;
  case 'v': if (!set_variable(sh, optarg)) return EXIT_FAIL; break;
  case 'V':
    printf("pgmicro %s (PostgreSQL %s)\n", pgm_libversion(), pgm_pg_version());
    return EXIT_OK;
  case 1: usage(); return EXIT_OK;
  default: /* getopt has said what was wrong */
    fprintf(stderr, "pgmicro: hint: Try \"pgmicro --help\" for more information.\n");
    return EXIT_FAIL;
  }
  return -1;
}

static int parse_args(Shell *sh, Options *o, int argc, char **argv) {
  int c;
  opterr = 1;
  /* "-?" is psql's short help; getopt reports it like an unknown option */
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "-?") == 0) { usage(); return EXIT_OK; }
  while ((c = getopt_long(argc, argv, "c:f:AtF:Xqv:xVaeE", long_options, NULL)) != -1) {
    int r = parse_option(sh, o, c);
    if (r >= 0) return r;
  }
  if (optind < argc) o->dbpath = argv[optind++];
  for (; optind < argc; optind++)
    fprintf(stderr, "pgmicro: warning: extra command-line argument \"%s\" ignored\n",
            argv[optind]);
  return -1;
}

/* ---- Startup ---- */

static char *home_file(const char *name) {
  const char *home = getenv("HOME");
  if (!home || !*home) return NULL;
  size_t n = strlen(home) + strlen(name) + 2;
  char *p = malloc(n);
  snprintf(p, n, "%s/%s", home, name);
  return p;
}

static void run_rc(Shell *sh) {
  char *rc = home_file(".pgmicrorc");
  if (rc && access(rc, R_OK) == 0) sh_process_file(sh, rc, 1);
  free(rc);
}

static int run_actions(Shell *sh, const Options *o) {
  int result = EXIT_OK;
  for (int i = 0; i < o->nactions && !sh->quit; i++) {
    const Action *a = &o->actions[i];
    result = a->kind == 'c' ? sh_process_string(sh, a->value)
                            : sh_process_file(sh, a->value, 1);
    if (result != EXIT_OK && sh_var_is_on(sh, "ON_ERROR_STOP")) break;
  }
  return result;
}

static int run_interactive(Shell *sh) {
  char *hist = home_file(".pgmicro_history");
  rl_readline_name = "pgmicro";
  sh_complete_init(sh);
  using_history();
  stifle_history(500);
  if (hist) read_history(hist);
  if (!sh->quiet)
    printf("pgmicro %s (PostgreSQL %s)\nType \"\\?\" for help.\n\n",
           pgm_libversion(), pgm_pg_version());
  int code = sh_process_stream(sh, stdin, NULL);
  if (hist) write_history(hist);
  free(hist);
  return code;
}

/* SET name = value, quietly; a bad value is reported like libpq reports it. */
static void apply_setting(Shell *sh, const char *name, const char *value) {
  char *sql = malloc(strlen(name) + 2 * strlen(value) + 32);
  if (!sql) return;
  char *p = sql + sprintf(sql, "SET %s = '", name);
  for (const char *v = value; *v; v++) { if (*v == '\'') *p++ = '\''; *p++ = *v; }
  strcpy(p, "'");
  pgm_error *err = NULL;
  if (pgm_exec(sh->db, sql, &err) != PGM_OK)
    fprintf(stderr, "pgmicro: warning: %s\n", pgm_error_message(err));
  pgm_error_free(err);
  free(sql);
}

/* psql users set session defaults through libpq's environment: PGTZ,
** PGDATESTYLE and "-c name=value" options in PGOPTIONS. */
static void apply_environment(Shell *sh) {
  const char *tz = getenv("PGTZ"), *ds = getenv("PGDATESTYLE"), *opts = getenv("PGOPTIONS");
  if (tz && *tz) apply_setting(sh, "timezone", tz);
  if (ds && *ds) apply_setting(sh, "datestyle", ds);
  while (opts && (opts = strstr(opts, "-c")) != NULL) {
    opts += 2;
    while (*opts == ' ') opts++;
    const char *eq = strchr(opts, '='), *end = opts + strcspn(opts, " ");
    if (!eq || eq > end) continue;
    char name[128], value[256];
    snprintf(name, sizeof name, "%.*s", (int)(eq - opts), opts);
    snprintf(value, sizeof value, "%.*s", (int)(end - eq - 1), eq + 1);
    apply_setting(sh, name, value);
    opts = end;
  }
}

static int open_db(Shell *sh, const char *path) {
  pgm_error *err = NULL;
  if (pgm_open(path, 0, &sh->db, &err) == PGM_OK) {
    signal_db = sh->db;
    apply_environment(sh);
    return 1;
  }
  fprintf(stderr, "pgmicro: error: could not open database \"%s\": %s\n", path,
          err ? pgm_error_message(err) : "unknown error");
  pgm_error_free(err);
  return 0;
}

/* Open the database, run the startup file, then -c/-f or standard input. */
static int run(Shell *sh, const Options *opts) {
  int code;
  if (!open_db(sh, opts->dbpath)) return EXIT_BADCONN;
  install_sigint();
  if (!opts->no_rc) run_rc(sh);
  if (opts->nactions > 0) {
    code = run_actions(sh, opts);
  } else {
    sh->interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    code = sh->interactive ? run_interactive(sh) : sh_process_stream(sh, stdin, NULL);
  }
  fflush(stdout);
  signal_db = NULL;
  pgm_close(sh->db);
  return code;
}

#ifdef PGM_WITH_SERVER
int pgm_server_main(int argc, char **argv); /* server/options.c */
#endif

int main(int argc, char **argv) {
#ifdef PGM_WITH_SERVER
  /* `pgmicro [FILE] --server HOST:PORT [OPTIONS]` serves FILE over the wire
  ** protocol; the server parses the whole command line (auth, TLS, limits). */
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--server") == 0 || strncmp(argv[i], "--server=", 9) == 0)
      return pgm_server_main(argc, argv);
#endif
  Shell sh;
  Options opts = {.dbpath = ":memory:"};
  memset(&sh, 0, sizeof sh);
  sh.popt.aligned = 1;
  sh.popt.fieldsep = strdup("|");
  sh.popt.null_str = strdup("");
  sh.popt.footer = 1;
  int code = parse_args(&sh, &opts, argc, argv);
  if (code < 0) code = run(&sh, &opts);
  free(opts.actions);
  free(sh.popt.fieldsep);
  free(sh.popt.null_str);
  sh_vars_free(&sh);
  return code;
}

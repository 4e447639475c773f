/*
** meta.c — backslash commands that do not describe the database
** (\q \? \x \timing \set \unset \echo \i \g \r \p \a \t), the
** variables \set manages, and the dispatch of the describing commands
** (\d and its family, \sv), which live in describe.c and describe_table.c.
** Messages and their wording follow psql 15.
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell.h"

/* ---- Variables ---- */

const char *sh_var_get(const Shell *sh, const char *name) {
  for (const Var *v = sh->vars; v; v = v->next)
    if (strcmp(v->name, name) == 0) return v->value;
  return NULL;
}

void sh_vars_free(Shell *sh) {
  while (sh->vars) {
    Var *v = sh->vars;
    sh->vars = v->next;
    free(v->name);
    free(v->value);
    free(v);
  }
}

/* Variables that change shell behaviour take effect when set. */
static void var_hooks(Shell *sh, const char *name) {
  if (strcmp(name, "QUIET") == 0) sh->quiet = sh_var_is_on(sh, "QUIET");
}

void sh_var_unset(Shell *sh, const char *name) {
  for (Var **pp = &sh->vars; *pp; pp = &(*pp)->next) {
    if (strcmp((*pp)->name, name) == 0) {
      Var *v = *pp;
      *pp = v->next;
      free(v->name);
      free(v->value);
      free(v);
      break;
    }
  }
  var_hooks(sh, name);
}

void sh_var_set(Shell *sh, const char *name, const char *value) {
  Var **pp = &sh->vars;
  while (*pp && strcmp((*pp)->name, name) < 0) pp = &(*pp)->next;
  if (*pp && strcmp((*pp)->name, name) == 0) {
    free((*pp)->value);
    (*pp)->value = strdup(value);
  } else {
    Var *v = calloc(1, sizeof *v);
    v->name = strdup(name);
    v->value = strdup(value);
    v->next = *pp;
    *pp = v;
  }
  var_hooks(sh, name);
}

/* psql's ParseVariableBool: on/off, true/false, yes/no, 1/0; any
** unambiguous prefix. */
int sh_var_is_on(const Shell *sh, const char *name) {
  const char *v = sh_var_get(sh, name);
  if (!v || !*v) return 0;
  size_t n = strlen(v);
  if (strncasecmp(v, "true", n) == 0 || strncasecmp(v, "yes", n) == 0) return 1;
  if (n >= 2 && strncasecmp(v, "on", n) == 0) return 1;
  return strcmp(v, "1") == 0;
}

/* ---- Argument parsing ---- */

static const char *skip_ws(const char *p) {
  while (*p && isspace((unsigned char)*p)) p++;
  return p;
}

/* Copy a 'quoted' argument: '' is a quote; \n, \t and \\ are escapes. */
static const char *quoted_arg(const char *p, Buf *out) {
  p++;
  while (*p) {
    if (*p == '\'' && p[1] == '\'') { sh_buf_putc(out, '\''); p += 2; continue; }
    if (*p == '\'') return p + 1;
    if (*p == '\\' && p[1]) {
      char c = p[1] == 'n' ? '\n' : p[1] == 't' ? '\t' : p[1];
      sh_buf_putc(out, c);
      p += 2;
      continue;
    }
    sh_buf_putc(out, *p++);
  }
  return p;
}

/* :name inside an argument is replaced by the variable's value. */
static const char *var_arg(const Shell *sh, const char *p, Buf *out) {
  char q = p[1] == '\'' || p[1] == '"' ? p[1] : 0;
  const char *start = p + 1 + (q ? 1 : 0), *s = start;
  while (isalnum((unsigned char)*s) || *s == '_') s++;
  char name[128];
  size_t n = (size_t)(s - start) < sizeof name - 1 ? (size_t)(s - start) : sizeof name - 1;
  memcpy(name, start, n);
  name[n] = '\0';
  const char *v = n && (!q || *s == q) ? sh_var_get(sh, name) : NULL;
  if (!v) { sh_buf_putc(out, ':'); return p + 1; }
  if (!q) { sh_buf_puts(out, v); return s; }
  /* :'name' and :"name" quote the value as a literal or an identifier */
  sh_buf_putc(out, q);
  for (const char *c = v; *c; c++) {
    if (*c == q) sh_buf_putc(out, q);
    sh_buf_putc(out, *c);
  }
  sh_buf_putc(out, q);
  return s + 1;
}

/* Next whitespace-separated argument of a backslash command, or 0 at the
** end of the line.  Quotes group words, as in psql. */
static int next_arg(const Shell *sh, const char **pp, Buf *out) {
  const char *p = skip_ws(*pp);
  sh_buf_reset(out);
  if (!*p || (*p == '\\' && p[1] == '\\')) { *pp = p; return 0; }
  while (*p && !isspace((unsigned char)*p)) {
    if (*p == '\'') p = quoted_arg(p, out);
    else if (*p == ':' && p[1] != ':') p = var_arg(sh, p, out);
    else if (*p == '"') {
      const char *e = strchr(p + 1, '"');
      size_t n = e ? (size_t)(e - p + 1) : strlen(p);
      sh_buf_append(out, p, n);
      p += n;
    } else sh_buf_putc(out, *p++);
  }
  *pp = p;
  if (!out->data) sh_buf_puts(out, "");
  return 1;
}

/* ---- Messages ---- */

static void info(const Shell *sh, const char *msg) {
  if (!sh->quiet) puts(msg);
}

/* ---- Toggles ---- */

/* Parse an on/off argument like psql; -1 when it is neither. */
static int parse_bool(const char *s) {
  size_t n = strlen(s);
  if (n == 0) return -1;
  if (strncasecmp(s, "true", n) == 0 || strncasecmp(s, "yes", n) == 0 ||
      (n >= 2 && strncasecmp(s, "on", n) == 0) || strcmp(s, "1") == 0)
    return 1;
  if (strncasecmp(s, "false", n) == 0 || strncasecmp(s, "no", n) == 0 ||
      (n >= 2 && strncasecmp(s, "off", n) == 0) || strcmp(s, "0") == 0)
    return 0;
  return -1;
}

/* Shared shape of \timing and \t: toggle, or set from on/off.  Returns
** -1 for a bad value, 0 when set from a value, 1 when toggled. */
static int toggle(Shell *sh, const char *cmd, const char **args, int *flag) {
  Buf a = {0};
  int r = 1;
  if (next_arg(sh, args, &a)) {
    int v = parse_bool(a.data);
    if (v < 0)
      sh_log_error(sh, "unrecognized value \"%s\" for \"%s\": Boolean expected", a.data, cmd);
    else
      *flag = v;
    r = v < 0 ? -1 : 0;
  } else {
    *flag = !*flag;
  }
  sh_buf_free(&a);
  return r;
}

static int cmd_expanded(Shell *sh, const char *args) {
  Buf a = {0};
  int v = next_arg(sh, &args, &a) ? parse_bool(a.data) : !sh->popt.expanded;
  int r = META_OK;
  if (a.len > 0 && strcasecmp(a.data, "auto") == 0) {
    /* without a terminal width to compare with, auto means regular */
    sh->popt.expanded = 0;
    info(sh, "Expanded display is used automatically.");
  } else if (v < 0) {
    sh_log_error(sh, "unrecognized value \"%s\" for \"expanded\"", a.data);
    fputs("Available values are: on, off, auto.\n", stderr);
    r = META_ERROR;
  } else {
    sh->popt.expanded = v;
    info(sh, v ? "Expanded display is on." : "Expanded display is off.");
  }
  sh_buf_free(&a);
  return r;
}

static int cmd_timing(Shell *sh, const char *args) {
  if (toggle(sh, "\\timing", &args, &sh->timing) < 0) return META_ERROR;
  info(sh, sh->timing ? "Timing is on." : "Timing is off.");
  return META_OK;
}

static int cmd_tuples(Shell *sh, const char *args) {
  int r = toggle(sh, "tuples_only", &args, &sh->popt.tuples_only);
  if (r < 0) return META_ERROR;
  /* psql reports only a toggle, not "\t on" */
  if (r > 0) info(sh, sh->popt.tuples_only ? "Tuples only is on." : "Tuples only is off.");
  return META_OK;
}

static int cmd_align(Shell *sh) {
  sh->popt.aligned = !sh->popt.aligned;
  info(sh, sh->popt.aligned ? "Output format is aligned." : "Output format is unaligned.");
  return META_OK;
}

/* ---- \pset ---- */

static void set_string(char **slot, const char *value) {
  free(*slot);
  *slot = strdup(value);
}

/* \pset NAME [VALUE] for the options the printer has; messages as psql. */
static int pset_format(Shell *sh, const char *v) {
  size_t n = strlen(v);
  if (n && strncasecmp(v, "aligned", n) == 0) sh->popt.aligned = 1;
  else if (n && strncasecmp(v, "unaligned", n) == 0) sh->popt.aligned = 0;
  else if (n) {
    sh_log_error(sh, "\\pset: allowed formats are aligned, unaligned");
    return META_ERROR;
  }
  if (!sh->quiet)
    printf("Output format is %s.\n", sh->popt.aligned ? "aligned" : "unaligned");
  return META_OK;
}

static int pset_bool(Shell *sh, const char *name, const char *v, int *flag,
                     const char *on, const char *off) {
  int b = *v ? parse_bool(v) : !*flag;
  if (b < 0) {
    sh_log_error(sh, "unrecognized value \"%s\" for \"%s\": Boolean expected", v, name);
    return META_ERROR;
  }
  *flag = b;
  if (!*v) info(sh, b ? on : off); /* psql is silent when given a value */
  return META_OK;
}

static int cmd_pset(Shell *sh, const char *args) {
  Buf name = {0}, val = {0};
  int r = META_OK, have_val;
  if (!next_arg(sh, &args, &name)) {
    sh_log_error(sh, "\\pset: missing required argument");
    return META_ERROR;
  }
  have_val = next_arg(sh, &args, &val);
  const char *v = have_val ? val.data : "";
  if (strcmp(name.data, "format") == 0) {
    r = pset_format(sh, v);
  } else if (strcmp(name.data, "null") == 0) {
    if (have_val) set_string(&sh->popt.null_str, v);
    if (!sh->quiet) printf("Null display is \"%s\".\n", sh->popt.null_str);
  } else if (strcmp(name.data, "fieldsep") == 0) {
    if (have_val) set_string(&sh->popt.fieldsep, v);
    if (!sh->quiet) printf("Field separator is \"%s\".\n", sh->popt.fieldsep);
  } else if (strcmp(name.data, "tuples_only") == 0) {
    r = pset_bool(sh, "tuples_only", v, &sh->popt.tuples_only, "Tuples only is on.",
                  "Tuples only is off.");
  } else if (strcmp(name.data, "footer") == 0) {
    r = pset_bool(sh, "footer", v, &sh->popt.footer, "Default footer is on.",
                  "Default footer is off.");
  } else if (strcmp(name.data, "expanded") == 0 || strcmp(name.data, "x") == 0) {
    r = cmd_expanded(sh, v);
  } else {
    sh_log_error(sh, "\\pset: unknown option: %s", name.data);
    r = META_ERROR;
  }
  sh_buf_free(&name);
  sh_buf_free(&val);
  return r;
}

/* ---- \set, \unset, \echo ---- */

static int valid_var_name(const char *s) {
  for (; *s; s++)
    if (!isalnum((unsigned char)*s) && *s != '_' && (unsigned char)*s < 0x80) return 0;
  return 1;
}

static int cmd_set(Shell *sh, const char *args) {
  Buf name = {0}, val = {0}, a = {0};
  if (!next_arg(sh, &args, &name)) {
    for (const Var *v = sh->vars; v; v = v->next) printf("%s = '%s'\n", v->name, v->value);
    return META_OK;
  }
  if (!valid_var_name(name.data)) {
    sh_log_error(sh, "invalid variable name: \"%s\"", name.data);
    sh_buf_free(&name);
    return META_ERROR;
  }
  sh_buf_puts(&val, "");
  while (next_arg(sh, &args, &a)) sh_buf_puts(&val, a.data); /* psql concatenates */
  sh_var_set(sh, name.data, val.data);
  sh_buf_free(&name);
  sh_buf_free(&val);
  sh_buf_free(&a);
  return META_OK;
}

static int cmd_unset(Shell *sh, const char *args) {
  Buf name = {0};
  if (!next_arg(sh, &args, &name)) {
    sh_log_error(sh, "\\%s: missing required argument", "unset");
    return META_ERROR;
  }
  sh_var_unset(sh, name.data);
  sh_buf_free(&name);
  return META_OK;
}

static int cmd_echo(Shell *sh, const char *args) {
  Buf a = {0};
  int first = 1, newline = 1;
  while (next_arg(sh, &args, &a)) {
    if (first && strcmp(a.data, "-n") == 0) { newline = 0; first = 0; continue; }
    if (!first) putchar(' ');
    fputs(a.data, stdout);
    first = 0;
  }
  if (newline) putchar('\n');
  sh_buf_free(&a);
  return META_OK;
}

/* ---- \i, \g, \r, \p ---- */

/* \ir: a relative name is relative to the directory of the running script. */
static void relative_to_script(const Shell *sh, Buf *path) {
  const char *slash = sh->inputname ? strrchr(sh->inputname, '/') : NULL;
  if (!slash || path->data[0] == '/') return;
  Buf full = {0};
  sh_buf_append(&full, sh->inputname, (size_t)(slash - sh->inputname) + 1);
  sh_buf_puts(&full, path->data);
  sh_buf_free(path);
  *path = full;
}

static int cmd_include(Shell *sh, const char *cmd, const char *args) {
  Buf path = {0};
  if (!next_arg(sh, &args, &path)) {
    sh_log_error(sh, "\\%s: missing required argument", cmd);
    return META_ERROR;
  }
  if (strcmp(cmd, "ir") == 0 || strcmp(cmd, "include_relative") == 0)
    relative_to_script(sh, &path);
  int code = sh_process_file(sh, path.data, 0);
  sh_buf_free(&path);
  if (sh->quit) return META_QUIT;
  return code == EXIT_OK ? META_OK : META_ERROR;
}

static int cmd_reset(Shell *sh, Buf *query) {
  sh_buf_reset(query);
  info(sh, "Query buffer reset (cleared).");
  return META_OK;
}

static int cmd_print(Buf *query) {
  if (query->len == 0) puts("Query buffer is empty.");
  else printf("%s\n", query->data);
  return META_OK;
}

/* ---- \gset, \getenv ---- */

static int cmd_gset(Shell *sh, const char *args) {
  Buf prefix = {0};
  next_arg(sh, &args, &prefix);
  free(sh->gset_prefix);
  sh->gset_prefix = strdup(prefix.data ? prefix.data : "");
  sh_buf_free(&prefix);
  return META_SEND;
}

static int cmd_getenv(Shell *sh, const char *args) {
  Buf var = {0}, env = {0};
  int r = META_OK;
  if (!next_arg(sh, &args, &var) || !next_arg(sh, &args, &env)) {
    sh_log_error(sh, "\\getenv: missing required argument");
    r = META_ERROR;
  } else if (getenv(env.data)) {
    sh_var_set(sh, var.data, getenv(env.data));
  }
  sh_buf_free(&var);
  sh_buf_free(&env);
  return r;
}

/* ---- \? ---- */

void sh_print_help_meta(FILE *out) {
  fputs("General\n"
        "  \\q                     quit pgmicro\n"
        "  \\?                     show help on backslash commands\n"
        "\n"
        "Query Buffer\n"
        "  \\g                     execute query (and send results to stdout)\n"
        "  \\gexec                 execute query, then execute each value in its result\n"
        "  \\gset [PREFIX]         execute query and store result in variables\n"
        "  \\p                     show the contents of the query buffer\n"
        "  \\r                     reset (clear) the query buffer\n"
        "\n"
        "Input/Output\n"
        "  \\echo [-n] [STRING]    write string to standard output (-n for no newline)\n"
        "  \\i FILE                execute commands from file\n"
        "  \\ir FILE               as \\i, but relative to location of current script\n"
        "  COPY t FROM STDIN; / COPY t TO STDOUT;  (text format, handled by the shell)\n"
        "\n"
        "Informational\n"
        "  (options: S = show system objects, + = additional detail)\n"
        "  \\d[S+]                 list tables, views, and sequences\n"
        "  \\d[S+]  NAME           describe table, view, sequence, or index\n"
        "  \\df[anptw][S+] [FUNCPTRN]  list [only agg/normal/procedure/trigger/window] functions\n"
        "  \\di[S+] [PATTERN]      list indexes\n"
        "  \\dm[S+] [PATTERN]      list materialized views\n"
        "  \\dn[S+] [PATTERN]      list schemas\n"
        "  \\dp     [PATTERN]      list table, view, and sequence access privileges\n"
        "  \\ds[S+] [PATTERN]      list sequences\n"
        "  \\dt[S+] [PATTERN]      list tables\n"
        "  \\dT[S+] [PATTERN]      list data types\n"
        "  \\du[S+] [PATTERN]      list roles\n"
        "  \\dv[S+] [PATTERN]      list views\n"
        "  \\dE[S+] [PATTERN]      list foreign tables\n"
        "  \\dx[+]  [PATTERN]      list extensions\n"
        "  \\sv[+]  VIEWNAME       show a view's definition\n"
        "\n"
        "Formatting\n"
        "  \\a                     toggle between unaligned and aligned output mode\n"
        "  \\pset NAME [VALUE]     set table output option\n"
        "                         (format|null|fieldsep|tuples_only|footer|expanded)\n"
        "  \\t [on|off]            show only rows\n"
        "  \\x [on|off|auto]       toggle expanded output\n"
        "  \\timing [on|off]       toggle timing of commands\n"
        "\n"
        "Variables\n"
        "  \\set [NAME [VALUE]]    set internal variable, or list all if no parameters\n"
        "  \\unset NAME            unset (delete) internal variable\n"
        "  \\getenv PSQLVAR ENVVAR fetch environment variable\n",
        out);
}

/* ---- Dispatch ---- */

/* psql ignores what follows a describe command's one pattern, and says so
** when the command succeeded (after a failure it drops the rest silently). */
static void warn_extra_args(Shell *sh, const char *cmd, const char *args) {
  Buf a = {0};
  while (next_arg(sh, &args, &a)) {
    fflush(stdout);
    if (sh->inputname) fprintf(stderr, "pgmicro:%s:%ld: warning: ", sh->inputname, sh->lineno);
    fprintf(stderr, "\\%s: extra argument \"%s\" ignored\n", cmd, a.data);
  }
  sh_buf_free(&a);
}

/* \d and the \dX family: cmd is the whole command ("dtS+"). */
static int run_describe(Shell *sh, const char *cmd, const char *pattern) {
  int verbose = strchr(cmd, '+') != NULL, system = strchr(cmd, 'S') != NULL;
  switch (cmd[1]) {
  case '\0': case '+': case 'S':
    return pattern ? sh_describe_table(sh, pattern, verbose, system)
                   : sh_list_tables(sh, "tvmsE", NULL, verbose, system);
  case 't': case 'v': case 'm': case 'i': case 's': case 'E':
    return sh_list_tables(sh, cmd + 1, pattern, verbose, system);
  case 'f':
    return sh_describe_functions(sh, cmd + 2, pattern, verbose, system);
  case 'n': return sh_list_schemas(sh, pattern, verbose, system);
  case 'u': case 'g': return sh_describe_roles(sh, pattern, verbose, system);
  case 'T': return sh_describe_types(sh, pattern, verbose, system);
  case 'p': return sh_permissions_list(sh, pattern);
  case 'x':
    if (verbose) {
      sh_log_error(sh, "\\dx+ (extension contents) is not supported by pgmicro");
      return 0;
    }
    return sh_list_extensions(sh, pattern);
  default: return -1;
  }
}

static int is_describe(const char *cmd) {
  if (strcmp(cmd, "z") == 0) return 1;
  if (cmd[0] != 'd') return 0;
  if (cmd[1] == '\0') return 1;
  /* psql checks \df's first letter; describeFunctions reports the rest */
  if (cmd[1] == 'f') return strchr("+Sanptw", cmd[2]) != NULL;
  if (!strchr("+StvmisEnugTpx", cmd[1])) return 0;
  /* after the letter: more relation kinds for \dt-like commands, S and + */
  const char *ok = strchr("tvmisE", cmd[1]) ? "tvmisES+" : "S+";
  return strspn(cmd + 2, ok) == strlen(cmd + 2);
}

static int cmd_describe(Shell *sh, const char *cmd, const char *args) {
  Buf a = {0};
  int have = next_arg(sh, &args, &a);
  int r;
  if (cmd[0] == 'z') {
    r = sh_permissions_list(sh, have ? a.data : NULL);
  } else if (cmd[1] == 'f' && have && next_arg(sh, &args, &a)) {
    sh_log_error(sh, "\\%s: argument type patterns are not supported by pgmicro", cmd);
    r = 0;
    have = 0;
  } else {
    r = run_describe(sh, cmd, have ? a.data : NULL);
  }
  if (have && r > 0 && cmd[1] != 'f') warn_extra_args(sh, cmd, args);
  sh_buf_free(&a);
  if (r < 0) return -1;
  return r ? META_OK : META_ERROR;
}

/* \sv[+] takes the rest of the line as the view's name. */
static int cmd_show_view(Shell *sh, const char *cmd, const char *args) {
  const char *p = skip_ws(args);
  size_t n = strlen(p);
  while (n > 0 && (isspace((unsigned char)p[n - 1]) || p[n - 1] == ';')) n--;
  char *name = n ? strndup(p, n) : NULL;
  int ok = sh_show_view(sh, name, strchr(cmd, '+') != NULL);
  free(name);
  return ok ? META_OK : META_ERROR;
}

static int dispatch(Shell *sh, const char *cmd, const char *args, Buf *query) {
  if (strcmp(cmd, "q") == 0 || strcmp(cmd, "quit") == 0) return META_QUIT;
  if (strcmp(cmd, "?") == 0) { sh_print_help_meta(stdout); return META_OK; }
  if (strcmp(cmd, "x") == 0) return cmd_expanded(sh, args);
  if (strcmp(cmd, "timing") == 0) return cmd_timing(sh, args);
  if (strcmp(cmd, "t") == 0) return cmd_tuples(sh, args);
  if (strcmp(cmd, "a") == 0) return cmd_align(sh);
  if (strcmp(cmd, "pset") == 0) return cmd_pset(sh, args);
  if (strcmp(cmd, "set") == 0) return cmd_set(sh, args);
  if (strcmp(cmd, "unset") == 0) return cmd_unset(sh, args);
  if (strcmp(cmd, "echo") == 0) return cmd_echo(sh, args);
  if (strcmp(cmd, "i") == 0 || strcmp(cmd, "include") == 0 || strcmp(cmd, "ir") == 0 ||
      strcmp(cmd, "include_relative") == 0)
    return cmd_include(sh, cmd, args);
  if (strcmp(cmd, "g") == 0) return META_SEND;
  if (strcmp(cmd, "gset") == 0) return cmd_gset(sh, args);
  if (strcmp(cmd, "gexec") == 0) { sh->gexec = 1; return META_SEND; }
  if (strcmp(cmd, "getenv") == 0) return cmd_getenv(sh, args);
  if (strcmp(cmd, "r") == 0 || strcmp(cmd, "reset") == 0) return cmd_reset(sh, query);
  if (strcmp(cmd, "p") == 0 || strcmp(cmd, "print") == 0) return cmd_print(query);
  if (is_describe(cmd)) return cmd_describe(sh, cmd, args);
  if (strcmp(cmd, "sv") == 0 || strcmp(cmd, "sv+") == 0) return cmd_show_view(sh, cmd, args);
  return -1;
}

int sh_run_meta(Shell *sh, const char *line, Buf *query) {
  char cmd[64];
  size_t n = 0;
  const char *p = line + 1; /* past the backslash */
  while (p[n] && !isspace((unsigned char)p[n]) && p[n] != '\\' && n < sizeof cmd - 1) {
    cmd[n] = p[n];
    n++;
  }
  cmd[n] = '\0';
  int r = dispatch(sh, cmd, p + n, query);
  if (r >= 0) {
    fflush(stdout);
    return r;
  }
  sh_log_error(sh, "invalid command \\%s", cmd);
  if (sh->interactive) fputs("Try \\? for help.\n", stderr);
  return META_ERROR;
}

/*
** runner.c — the C conformance runner: runs conformance/cases/ *.case through
** the public C ABI (pgmicro.h) only.  See conformance/README.md.
**
**   pgm_conformance [--cases DIR] [--xfail DIR] [--lang c] [--file STEM]
**                   [--case FILE/NAME] [--diff] [-v] [--update-xfail] [--no-fork]
**
** Each case runs on a fresh ":memory:" database, by default in a forked child
** process so that a crash or a hang of the engine fails that case only.
** Summary (last lines of stdout):
**   conformance: 412 passed, 0 failed
**   conformance: 37 expected failures (xfail), 0 unexpected passes
** Exit status 0 when nothing failed unexpectedly, 1 otherwise, 2 on usage or
** case-file errors.
*/
#define _POSIX_C_SOURCE 200809L
#include "casefile.h"
#include "pgmicro.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CONFORMANCE_DIR
#define CONFORMANCE_DIR "conformance"
#endif

/* ------------------------------------------------------------------ utils */

typedef struct sbuf { char *p; size_t len, cap; } sbuf;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) { fputs("out of memory\n", stderr); exit(3); }
    return q;
}
static char *xstrdup(const char *s)
{
    size_t n = strlen(s);
    char *p = xrealloc(NULL, n + 1);
    memcpy(p, s, n + 1);
    return p;
}
static void sb_addn(sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}
static void sb_add(sbuf *b, const char *s) { sb_addn(b, s, strlen(s)); }
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) { sb_addn(b, tmp, (size_t)n); return; }
    {
        char *big = xrealloc(NULL, (size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        sb_addn(b, big, (size_t)n);
        free(big);
    }
}
/* append s with every line indented */
static void sb_indent(sbuf *b, const char *ind, const char *s)
{
    sb_add(b, ind);
    for (; *s; s++) {
        sb_addn(b, s, 1);
        if (*s == '\n' && s[1]) sb_add(b, ind);
    }
    if (b->len && b->p[b->len - 1] != '\n') sb_add(b, "\n");
}

/* ------------------------------------------------------------ type names */

static const struct { const char *name; uint32_t oid; } TYPES[] = {
    {"bool", 16}, {"bytea", 17}, {"char", 18}, {"name", 19}, {"int8", 20}, {"int2", 21},
    {"int4", 23}, {"text", 25}, {"oid", 26}, {"json", 114}, {"xml", 142},
    {"float4", 700}, {"float8", 701}, {"unknown", 705}, {"bpchar", 1042},
    {"varchar", 1043}, {"date", 1082}, {"time", 1083}, {"timestamp", 1114},
    {"timestamptz", 1184}, {"interval", 1186}, {"timetz", 1266}, {"numeric", 1700},
    {"uuid", 2950}, {"jsonb", 3802},
    {"_bool", 1000}, {"_int2", 1005}, {"_int4", 1007}, {"_text", 1009},
    {"_varchar", 1015}, {"_int8", 1016}, {"_float4", 1021}, {"_float8", 1022},
    {"_numeric", 1231}, {"_uuid", 2951}, {"_jsonb", 3807},
};

static uint32_t type_oid(const char *name)
{
    for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++)
        if (strcmp(TYPES[i].name, name) == 0) return TYPES[i].oid;
    return 0;
}

/* ----------------------------------------------------------- execution */

typedef struct result {
    int is_error;
    char code[6];
    char *msg;
    int ncols;
    char **colnames, **coltypes;
    int nrows;
    cf_cell **rows;      /* rows[r][c] */
    char *tag;
} result;

static void result_free(result *r)
{
    free(r->msg);
    for (int i = 0; i < r->ncols; i++) { free(r->colnames[i]); free(r->coltypes[i]); }
    free(r->colnames);
    free(r->coltypes);
    for (int i = 0; i < r->nrows; i++) {
        for (int j = 0; j < r->ncols; j++) free(r->rows[i][j].s);
        free(r->rows[i]);
    }
    free(r->rows);
    free(r->tag);
    memset(r, 0, sizeof *r);
}

static void set_error(result *r, const pgm_error *e, const char *fallback)
{
    r->is_error = 1;
    snprintf(r->code, sizeof r->code, "%s", e ? pgm_error_sqlstate(e) : "?????");
    free(r->msg);
    r->msg = xstrdup(e ? pgm_error_message(e) : fallback);
}

/* Run one statement (with optional parameters) and collect its result. */
static void exec_one(pgm_db *db, const char *sql, const cf_step *step, result *r)
{
    pgm_stmt *st = NULL;
    pgm_error *err = NULL;
    size_t tail = 0;
    int rc;

    memset(r, 0, sizeof *r);
    rc = pgm_prepare(db, sql, -1, &st, &tail, &err);
    if (rc != PGM_OK) {
        set_error(r, err, "pgm_prepare failed without an error object");
        pgm_error_free(err);
        pgm_finalize(st);
        return;
    }
    pgm_error_free(err);
    if (!st) {
        set_error(r, NULL, "runner: the step holds no statement");
        memcpy(r->code, "RUNNR", 6);
        return;
    }
    for (const char *p = sql + tail; *p; p++)
        if (!isspace((unsigned char)*p) && *p != ';') {
            set_error(r, NULL, "runner: a step must hold exactly one statement");
            memcpy(r->code, "RUNNR", 6);
            pgm_finalize(st);
            return;
        }
    if (step && step->nparams > 0) {
        for (int i = 0; i < step->nparams; i++) {
            const cf_param *pp = &step->params[i];
            if (pp->value.is_null) rc = pgm_bind_null(st, i + 1);
            else if (strcmp(pp->type, "unknown") == 0)
                rc = pgm_bind_text(st, i + 1, pp->value.s, (int64_t)pp->value.len);
            else {
                uint32_t oid = type_oid(pp->type);
                if (!oid) {
                    set_error(r, NULL, "runner: unknown parameter type");
                    memcpy(r->code, "RUNNR", 6);
                    pgm_finalize(st);
                    return;
                }
                rc = pgm_bind_typed_text(st, i + 1, oid, pp->value.s, (int64_t)pp->value.len);
            }
            if (rc != PGM_OK) {
                set_error(r, pgm_stmt_error(st), "bind failed without an error object");
                pgm_finalize(st);
                return;
            }
        }
    }
    r->ncols = pgm_column_count(st);
    if (r->ncols < 0) r->ncols = 0;
    r->colnames = xrealloc(NULL, sizeof(char *) * (size_t)r->ncols);
    r->coltypes = xrealloc(NULL, sizeof(char *) * (size_t)r->ncols);
    for (int i = 0; i < r->ncols; i++) {
        const char *n = pgm_column_name(st, i), *t = pgm_column_type_name(st, i);
        r->colnames[i] = xstrdup(n ? n : "(null)");
        r->coltypes[i] = xstrdup(t ? t : "(null)");
    }
    while ((rc = pgm_step(st)) == PGM_ROW) {
        cf_cell *row = xrealloc(NULL, sizeof *row * (size_t)(r->ncols ? r->ncols : 1));
        for (int i = 0; i < r->ncols; i++) {
            pgm_value *v = pgm_column_value(st, i);
            size_t len = 0;
            const char *s = v ? pgm_value_text(v, &len) : NULL;
            if (!v || pgm_value_is_null(v) || !s) { row[i].is_null = 1; row[i].s = NULL; row[i].len = 0; }
            else {
                row[i].is_null = 0;
                row[i].s = xrealloc(NULL, len + 1);
                memcpy(row[i].s, s, len);
                row[i].s[len] = 0;
                row[i].len = len;
            }
        }
        r->rows = xrealloc(r->rows, sizeof *r->rows * (size_t)(r->nrows + 1));
        r->rows[r->nrows++] = row;
    }
    if (rc != PGM_DONE) {
        set_error(r, pgm_stmt_error(st), "pgm_step failed without an error object");
    } else {
        const char *t = pgm_command_tag(st);
        r->tag = xstrdup(t ? t : "");
    }
    pgm_finalize(st);
}

/* -------------------------------------------------------- comparison */

static int cell_eq(const cf_cell *a, const cf_cell *b)
{
    if (a->is_null || b->is_null) return a->is_null == b->is_null;
    return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static int cell_cmp(const cf_cell *a, const cf_cell *b)
{
    if (a->is_null || b->is_null) return b->is_null - a->is_null;  /* NULL first */
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->s, b->s, n);
    if (c) return c;
    return (a->len > b->len) - (a->len < b->len);
}

static int g_sort_ncells;
static int row_cmp(const void *x, const void *y)
{
    const cf_cell *a = *(const cf_cell *const *)x, *b = *(const cf_cell *const *)y;
    for (int i = 0; i < g_sort_ncells; i++) {
        int c = cell_cmp(&a[i], &b[i]);
        if (c) return c;
    }
    return 0;
}

static void add_row_text(sbuf *b, const char *ind, const cf_cell *cells, int n)
{
    sb_add(b, ind);
    for (int i = 0; i < n; i++) {
        char *e = cf_encode_cell(cells[i].is_null ? NULL : cells[i].s, cells[i].len);
        if (i) sb_add(b, " | ");
        sb_add(b, e);
        free(e);
    }
    sb_add(b, "\n");
}

/* The result written back as case text (for diffs). */
static void add_actual(sbuf *b, const result *r)
{
    if (r->is_error) { sb_printf(b, "      ---- error %s %s\n", r->code, r->msg); return; }
    if (r->ncols) {
        sb_add(b, "      ---- columns ");
        for (int i = 0; i < r->ncols; i++) sb_printf(b, "%s%s %s", i ? " | " : "", r->colnames[i], r->coltypes[i]);
        sb_add(b, "\n");
    }
    sb_printf(b, "      ---- tag %s\n", r->tag);
    if (r->ncols) {
        sb_add(b, "      ---- rows\n");
        for (int i = 0; i < r->nrows; i++) add_row_text(b, "      ", r->rows[i], r->ncols);
    }
}

/* Returns 1 when r meets the expectation of step, else 0 with reasons in out. */
static int compare(const cf_step *s, const result *r, sbuf *out)
{
    int ok = 1;
    if (s->error_code) {
        if (!r->is_error) {
            sb_printf(out, "    expected error %s, got success (%s)\n", s->error_code, r->tag);
            return 0;
        }
        if (strcmp(r->code, s->error_code) != 0) {
            sb_printf(out, "    expected SQLSTATE %s, got %s: %s\n", s->error_code, r->code, r->msg);
            return 0;
        }
        if (s->error_msg && !strstr(r->msg, s->error_msg)) {
            sb_printf(out, "    expected message containing \"%s\", got \"%s\"\n", s->error_msg, r->msg);
            return 0;
        }
        return 1;
    }
    if (r->is_error) {
        sb_printf(out, "    unexpected error %s: %s\n", r->code, r->msg);
        return 0;
    }
    if (s->ncolumns >= 0) {
        int same = s->ncolumns == r->ncols;
        for (int i = 0; same && i < r->ncols; i++)
            same = strcmp(s->columns[i].name, r->colnames[i]) == 0 &&
                   strcmp(s->columns[i].type, r->coltypes[i]) == 0;
        if (!same) {
            ok = 0;
            sb_add(out, "    columns: expected ");
            for (int i = 0; i < s->ncolumns; i++)
                sb_printf(out, "%s%s %s", i ? " | " : "", s->columns[i].name, s->columns[i].type);
            sb_add(out, "\n               actual ");
            for (int i = 0; i < r->ncols; i++)
                sb_printf(out, "%s%s %s", i ? " | " : "", r->colnames[i], r->coltypes[i]);
            sb_add(out, "\n");
        }
    }
    if (s->tag && strcmp(s->tag, r->tag) != 0) {
        ok = 0;
        sb_printf(out, "    tag: expected \"%s\", actual \"%s\"\n", s->tag, r->tag);
    }
    if (s->nrows >= 0) {
        int same = s->nrows == r->nrows;
        for (int i = 0; same && i < s->nrows; i++)
            same = s->rows[i].ncells == r->ncols;
        if (same) {
            const cf_cell **e = xrealloc(NULL, sizeof *e * (size_t)(s->nrows ? s->nrows : 1));
            const cf_cell **a = xrealloc(NULL, sizeof *a * (size_t)(r->nrows ? r->nrows : 1));
            for (int i = 0; i < s->nrows; i++) { e[i] = s->rows[i].cells; a[i] = r->rows[i]; }
            if (s->sorted) {
                g_sort_ncells = r->ncols;
                qsort(e, (size_t)s->nrows, sizeof *e, row_cmp);
                qsort(a, (size_t)r->nrows, sizeof *a, row_cmp);
            }
            for (int i = 0; same && i < s->nrows; i++)
                for (int j = 0; same && j < r->ncols; j++) same = cell_eq(&e[i][j], &a[i][j]);
            free(e);
            free(a);
        }
        if (!same) {
            ok = 0;
            sb_printf(out, "    rows%s: expected\n", s->sorted ? " (sorted)" : "");
            for (int i = 0; i < s->nrows; i++) add_row_text(out, "      ", s->rows[i].cells, s->rows[i].ncells);
            sb_add(out, "    actual\n");
            for (int i = 0; i < r->nrows; i++) add_row_text(out, "      ", r->rows[i], r->ncols);
        }
    }
    return ok;
}

/* Run a whole case; returns 1 on pass, 0 on failure (explanation in out). */
static int run_case(const cf_case *c, sbuf *out)
{
    pgm_db *db = NULL;
    pgm_error *err = NULL;
    int ok = 1;

    if (pgm_open(":memory:", 0, &db, &err) != PGM_OK) {
        sb_printf(out, "  pgm_open failed: %s %s\n", err ? pgm_error_sqlstate(err) : "",
                  err ? pgm_error_message(err) : "");
        pgm_error_free(err);
        return 0;
    }
    pgm_error_free(err);
    pgm_set_statement_timeout(db, 20000);
    for (int i = 0; ok && i < c->nsetup; i++) {
        result r;
        exec_one(db, c->setup[i], NULL, &r);
        if (r.is_error) {
            ok = 0;
            sb_printf(out, "  setup statement %d failed: %s %s\n", i + 1, r.code, r.msg);
            sb_indent(out, "    ", c->setup[i]);
        }
        result_free(&r);
    }
    for (int i = 0; ok && i < c->nsteps; i++) {
        const cf_step *s = &c->steps[i];
        result r;
        sbuf why = {0};
        exec_one(db, s->sql, s, &r);
        if (!compare(s, &r, &why)) {
            ok = 0;
            sb_printf(out, "  step %d (line %d):\n", i + 1, s->line);
            sb_indent(out, "    ", s->sql);
            sb_add(out, why.p);
            sb_add(out, "    actual, as case text:\n");
            add_actual(out, &r);
        }
        free(why.p);
        result_free(&r);
    }
    pgm_close(db);
    return ok;
}

/* Run in a child process so a crash or hang fails one case only. */
static int run_case_forked(const cf_case *c, sbuf *out)
{
    int fd[2];
    pid_t pid;
    int status = 0;
    char buf[4096];
    ssize_t n;

    fflush(stdout);
    fflush(stderr);
    if (pipe(fd) != 0) return run_case(c, out);
    pid = fork();
    if (pid < 0) { close(fd[0]); close(fd[1]); return run_case(c, out); }
    if (pid == 0) {
        sbuf o = {0};
        int ok;
        close(fd[0]);
        alarm(60);
        ok = run_case(c, &o);
        for (size_t off = 0; off < o.len;) {
            ssize_t w = write(fd[1], o.p + off, o.len - off);
            if (w <= 0) break;
            off += (size_t)w;
        }
        free(o.p);
        close(fd[1]);
        _exit(ok ? 0 : 1);
    }
    close(fd[1]);
    while ((n = read(fd[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0) sb_addn(out, buf, (size_t)n);
    close(fd[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        sb_printf(out, "  the engine crashed: signal %d (%s)\n", sig,
                  sig == SIGALRM ? "timeout after 60 s" : strsignal(sig));
        return 0;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* -------------------------------------------------------------- xfail */

typedef struct xlist { int n; char **names; char **lines; int *seen; } xlist;

static void xlist_free(xlist *x)
{
    for (int i = 0; i < x->n; i++) { free(x->names[i]); free(x->lines[i]); }
    free(x->names); free(x->lines); free(x->seen);
    memset(x, 0, sizeof *x);
}

/* Load a list; header receives the leading comment block (may be NULL). */
static void xlist_load(const char *path, xlist *x, sbuf *header)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    int in_header = 1;
    memset(x, 0, sizeof *x);
    if (!f) return;
    while (fgets(line, sizeof line, f)) {
        char *p = line, *e;
        size_t l = strlen(line);
        while (l && (line[l - 1] == '\n' || line[l - 1] == '\r')) line[--l] = 0;
        while (*p == ' ' || *p == '\t') p++;
        if (*p == '#' || !*p) {
            if (in_header && header) { sb_add(header, line); sb_add(header, "\n"); }
            continue;
        }
        in_header = 0;
        e = p;
        while (*e && *e != ' ' && *e != '\t' && *e != '#') e++;
        x->names = xrealloc(x->names, sizeof(char *) * (size_t)(x->n + 1));
        x->lines = xrealloc(x->lines, sizeof(char *) * (size_t)(x->n + 1));
        x->seen = xrealloc(x->seen, sizeof(int) * (size_t)(x->n + 1));
        x->names[x->n] = xrealloc(NULL, (size_t)(e - p) + 1);
        memcpy(x->names[x->n], p, (size_t)(e - p));
        x->names[x->n][e - p] = 0;
        x->lines[x->n] = xstrdup(line);
        x->seen[x->n] = 0;
        x->n++;
    }
    fclose(f);
}

static int xlist_find(const xlist *x, const char *name)
{
    for (int i = 0; i < x->n; i++) if (strcmp(x->names[i], name) == 0) return i;
    return -1;
}

/* --------------------------------------------------------------- main */

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void usage(void)
{
    fputs("usage: pgm_conformance [--cases DIR] [--xfail DIR] [--lang c] [--file STEM]\n"
          "                       [--case FILE/NAME] [--diff] [-v] [--update-xfail] [--no-fork]\n"
          "  --cases DIR      case files (default " CONFORMANCE_DIR "/cases)\n"
          "  --xfail DIR      expected-failure lists (default " CONFORMANCE_DIR "/xfail)\n"
          "  --lang L         binding-specific list xfail/L.txt (default c)\n"
          "  --file STEM      run only cases/STEM.case\n"
          "  --case F/NAME    run only this case\n"
          "  --diff           show why each failing case fails (expected vs actual)\n"
          "  -v               list every case with its outcome\n"
          "  --update-xfail   rewrite xfail/common.txt from the current failures\n"
          "  --no-fork        run cases in this process (for sanitizers and debuggers)\n",
          stderr);
}

typedef struct outcome { char *name; int pass; char *why; } outcome;

int main(int argc, char **argv)
{
    const char *cases_dir = CONFORMANCE_DIR "/cases", *xfail_dir = CONFORMANCE_DIR "/xfail";
    const char *lang = "c", *only_file = NULL, *only_case = NULL;
    int show_diff = 0, verbose = 0, update = 0, use_fork = 1;
    char path[4096];
    DIR *d;
    struct dirent *de;
    char **files = NULL;
    int nfiles = 0, ncases = 0;
    outcome *res = NULL;
    xlist common, mine;
    sbuf common_header = {0};
    int passed = 0, failed = 0, xfailed = 0, xpassed = 0, stale = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--cases") && i + 1 < argc) cases_dir = argv[++i];
        else if (!strcmp(a, "--xfail") && i + 1 < argc) xfail_dir = argv[++i];
        else if (!strcmp(a, "--lang") && i + 1 < argc) lang = argv[++i];
        else if (!strcmp(a, "--file") && i + 1 < argc) only_file = argv[++i];
        else if (!strcmp(a, "--case") && i + 1 < argc) only_case = argv[++i];
        else if (!strcmp(a, "--diff")) show_diff = 1;
        else if (!strcmp(a, "-v")) verbose = 1;
        else if (!strcmp(a, "--update-xfail")) update = 1;
        else if (!strcmp(a, "--no-fork")) use_fork = 0;
        else { usage(); return 2; }
    }
    if (pgm_abi_version() != PGM_ABI_VERSION) {
        fprintf(stderr, "conformance: library ABI %d, runner built for %d\n", pgm_abi_version(), PGM_ABI_VERSION);
        return 2;
    }

    d = opendir(cases_dir);
    if (!d) { fprintf(stderr, "conformance: cannot open %s: %s\n", cases_dir, strerror(errno)); return 2; }
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (l > 5 && strcmp(de->d_name + l - 5, ".case") == 0) {
            files = xrealloc(files, sizeof(char *) * (size_t)(nfiles + 1));
            files[nfiles++] = xstrdup(de->d_name);
        }
    }
    closedir(d);
    qsort(files, (size_t)nfiles, sizeof(char *), str_cmp);

    snprintf(path, sizeof path, "%s/common.txt", xfail_dir);
    xlist_load(path, &common, &common_header);
    snprintf(path, sizeof path, "%s/%s.txt", xfail_dir, lang);
    xlist_load(path, &mine, NULL);

    for (int fi = 0; fi < nfiles; fi++) {
        cf_file *f;
        char *err = NULL;
        if (only_file) {
            size_t l = strlen(only_file);
            if (strncmp(files[fi], only_file, l) != 0 || strcmp(files[fi] + l, ".case") != 0) continue;
        }
        snprintf(path, sizeof path, "%s/%s", cases_dir, files[fi]);
        f = cf_parse_file(path, &err);
        if (!f) {
            fprintf(stderr, "conformance: format error: %s\n", err);
            free(err);
            for (int k = 0; k < ncases; k++) { free(res[k].name); free(res[k].why); }
            free(res);
            for (int k = 0; k < nfiles; k++) free(files[k]);
            free(files);
            xlist_free(&common); xlist_free(&mine); free(common_header.p);
            return 2;
        }
        for (int ci = 0; ci < f->ncases; ci++) {
            const cf_case *c = &f->cases[ci];
            sbuf why = {0};
            int ok;
            if (only_case && strcmp(only_case, c->name) != 0) continue;
            ok = use_fork ? run_case_forked(c, &why) : run_case(c, &why);
            res = xrealloc(res, sizeof *res * (size_t)(ncases + 1));
            res[ncases].name = xstrdup(c->name);
            res[ncases].pass = ok;
            if (!ok && !why.p) sb_add(&why, "  failed\n");
            res[ncases].why = why.p;
            ncases++;
        }
        cf_file_free(f);
    }
    if (ncases == 0) fprintf(stderr, "conformance: no case selected\n");

    if (update) {
        /* new common list: entries of cases not run this time are kept; the
        ** failures of this run are added, minus the binding-specific ones. */
        sbuf txt = {0};
        char **entries = NULL;
        int nent = 0;
        for (int i = 0; i < common.n; i++) {
            int ran = 0;
            for (int k = 0; k < ncases && !ran; k++) ran = !strcmp(res[k].name, common.names[i]);
            if (!ran && (only_file || only_case)) {
                entries = xrealloc(entries, sizeof(char *) * (size_t)(nent + 1));
                entries[nent++] = xstrdup(common.lines[i]);
            }
        }
        for (int k = 0; k < ncases; k++) {
            if (res[k].pass || xlist_find(&mine, res[k].name) >= 0) continue;
            /* reason: the first explanation line after the SQL */
            sbuf e = {0};
            const char *w = res[k].why ? strstr(res[k].why, "\n    ") : NULL;
            const char *r = NULL;
            if (w) {
                const char *p = res[k].why;
                while ((p = strstr(p, "\n    ")) != NULL) {
                    p += 5;
                    if (!strncmp(p, "expected", 8) || !strncmp(p, "unexpected", 10) ||
                        !strncmp(p, "columns", 7) || !strncmp(p, "rows", 4) || !strncmp(p, "tag", 3)) { r = p; break; }
                }
            }
            if (!r && res[k].why) r = res[k].why + strspn(res[k].why, " ");
            sb_printf(&e, "%s", res[k].name);
            if (r) {
                size_t l = strcspn(r, "\n");
                if (l > 110) l = 110;
                sb_add(&e, "  # ");
                sb_addn(&e, r, l);
            }
            entries = xrealloc(entries, sizeof(char *) * (size_t)(nent + 1));
            entries[nent++] = e.p;
        }
        qsort(entries, (size_t)nent, sizeof(char *), str_cmp);
        if (common_header.len) sb_add(&txt, common_header.p);
        else sb_add(&txt, "# Conformance cases expected to fail because of engine gaps (shared by every runner).\n"
                          "# Regenerate: build/conformance/pgm_conformance --update-xfail\n\n");
        for (int i = 0; i < nent; i++) { sb_add(&txt, entries[i]); sb_add(&txt, "\n"); free(entries[i]); }
        free(entries);
        snprintf(path, sizeof path, "%s/common.txt", xfail_dir);
        {
            FILE *f = fopen(path, "w");
            if (!f) fprintf(stderr, "conformance: cannot write %s\n", path);
            else { fputs(txt.p ? txt.p : "", f); fclose(f); }
        }
        free(txt.p);
        xlist_free(&common);
        free(common_header.p);
        common_header.p = NULL;
        xlist_load(path, &common, NULL);
        fprintf(stdout, "conformance: rewrote %s\n", path);
    }

    for (int k = 0; k < ncases; k++) {
        int ic = xlist_find(&common, res[k].name), im = xlist_find(&mine, res[k].name);
        int listed = ic >= 0 || im >= 0;
        if (ic >= 0) common.seen[ic] = 1;
        if (im >= 0) mine.seen[im] = 1;
        if (res[k].pass && !listed) {
            passed++;
            if (verbose) printf("ok    %s\n", res[k].name);
        } else if (res[k].pass) {
            xpassed++;
            failed++;
            printf("FAIL  %s: unexpected pass: remove it from the list (xfail/%s)\n", res[k].name,
                   ic >= 0 ? "common.txt" : lang);
        } else if (listed) {
            xfailed++;
            if (verbose) printf("xfail %s\n", res[k].name);
            if (verbose && show_diff) fputs(res[k].why, stdout);
        } else {
            failed++;
            printf("FAIL  %s\n", res[k].name);
            if (show_diff) fputs(res[k].why, stdout);
        }
    }
    if (!only_file && !only_case) {
        for (int i = 0; i < common.n; i++)
            if (!common.seen[i]) { stale++; failed++; printf("FAIL  %s: stale entry in xfail/common.txt (no such case)\n", common.names[i]); }
        for (int i = 0; i < mine.n; i++)
            if (!mine.seen[i]) { stale++; failed++; printf("FAIL  %s: stale entry in xfail/%s.txt (no such case)\n", mine.names[i], lang); }
    }
    printf("conformance: %d passed, %d failed\n", passed, failed);
    printf("conformance: %d expected failures (xfail), %d unexpected passes, %d stale xfail entries\n",
           xfailed, xpassed, stale);

    for (int k = 0; k < ncases; k++) { free(res[k].name); free(res[k].why); }
    free(res);
    for (int k = 0; k < nfiles; k++) free(files[k]);
    free(files);
    xlist_free(&common);
    xlist_free(&mine);
    free(common_header.p);
    return failed ? 1 : 0;
}

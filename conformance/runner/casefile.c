/*
** casefile.c — parser for pgmicro conformance case files.
** The format is specified in conformance/README.md; conformance/casefile.py is
** the reference implementation this file mirrors.
*/
#include "casefile.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ---- */

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) { fputs("out of memory\n", stderr); exit(3); }
    return q;
}

static char *xstrndup(const char *s, size_t n)
{
    char *p = xrealloc(NULL, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

static char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

typedef struct sbuf { char *p; size_t len, cap; } sbuf;

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
static void sb_addc(sbuf *b, char c) { sb_addn(b, &c, 1); }
static char *sb_take(sbuf *b)
{
    char *p = b->p ? b->p : xstrdup("");
    b->p = NULL; b->len = b->cap = 0;
    return p;
}

/* ---- cells ---- */

/* Split payload at unescaped '|'; raw cells trimmed of spaces, escapes kept. */
static int split_cells(const char *s, char ***out)
{
    int n = 0;
    char **v = NULL;
    const char *start = s, *p = s;
    for (;;) {
        if (*p == '\\' && p[1]) { p += 2; continue; }
        if (*p == '|' || *p == 0) {
            const char *a = start, *e = p;
            while (a < e && *a == ' ') a++;
            while (e > a && e[-1] == ' ') e--;
            /* a trailing "\ " (escaped space) must survive the trim: \s is the escape, so none */
            v = xrealloc(v, sizeof *v * (size_t)(n + 1));
            v[n++] = xstrndup(a, (size_t)(e - a));
            if (*p == 0) break;
            start = p + 1;
        }
        p++;
    }
    *out = v;
    return n;
}

static void free_strv(char **v, int n)
{
    for (int i = 0; i < n; i++) free(v[i]);
    free(v);
}

/* Decode escapes; returns 0 on a bad escape. */
static int unescape(const char *raw, cf_cell *c)
{
    sbuf b = {0};
    for (const char *p = raw; *p; p++) {
        if (*p != '\\') { sb_addc(&b, *p); continue; }
        p++;
        switch (*p) {
        case '\\': sb_addc(&b, '\\'); break;
        case 't': sb_addc(&b, '\t'); break;
        case 'n': sb_addc(&b, '\n'); break;
        case 'r': sb_addc(&b, '\r'); break;
        case 's': sb_addc(&b, ' '); break;
        case 'e': break;
        case '|': sb_addc(&b, '|'); break;
        case 'N': sb_addc(&b, 'N'); break;
        default: free(b.p); return 0;
        }
    }
    c->is_null = 0;
    c->len = b.len;
    c->s = sb_take(&b);
    return 1;
}

static int decode_cell(const char *raw, cf_cell *c)
{
    if (strcmp(raw, "NULL") == 0) { c->is_null = 1; c->s = NULL; c->len = 0; return 1; }
    return unescape(raw, c);
}

char *cf_encode_cell(const char *s, size_t len)
{
    if (!s) return xstrdup("NULL");
    if (len == 0) return xstrdup("\\e");
    if (len == 4 && memcmp(s, "NULL", 4) == 0) return xstrdup("\\NULL");
    size_t lead = 0, trail = 0;
    while (lead < len && s[lead] == ' ') lead++;
    while (trail < len - lead && s[len - 1 - trail] == ' ') trail++;
    sbuf b = {0};
    for (size_t i = 0; i < lead; i++) sb_add(&b, "\\s");
    for (size_t i = lead; i < len - trail; i++) {
        switch (s[i]) {
        case '\\': sb_add(&b, "\\\\"); break;
        case '\t': sb_add(&b, "\\t"); break;
        case '\n': sb_add(&b, "\\n"); break;
        case '\r': sb_add(&b, "\\r"); break;
        case '|': sb_add(&b, "\\|"); break;
        default: sb_addc(&b, s[i]);
        }
    }
    for (size_t i = 0; i < trail; i++) sb_add(&b, "\\s");
    return sb_take(&b);
}

/* ---- the parser ---- */

typedef struct parser {
    const char *path;
    char **lines;
    int nlines;
    int i;           /* current line index */
    char *err;
} parser;

static int fail(parser *P, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!P->err) {
        size_t n = strlen(P->path) + strlen(msg) + 32;
        P->err = xrealloc(NULL, n);
        snprintf(P->err, n, "%s:%d: %s", P->path, P->i + 1, msg);
    }
    return 0;
}

static int is_blank(const char *l)
{
    for (; *l; l++) if (!isspace((unsigned char)*l)) return 0;
    return 1;
}

static int valid_name(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '.' && *s != '-') return 0;
    return 1;
}

static const char *skip_sp(const char *s) { while (*s == ' ') s++; return s; }

/* rstrip spaces/tabs into a fresh copy */
static char *rtrimdup(const char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    return xstrndup(s, n);
}

static void free_cell(cf_cell *c) { free(c->s); }

static void free_step(cf_step *s)
{
    free(s->sql);
    for (int i = 0; i < s->nparams; i++) { free(s->params[i].type); free_cell(&s->params[i].value); }
    free(s->params);
    for (int i = 0; i < s->ncolumns; i++) { free(s->columns[i].name); free(s->columns[i].type); }
    free(s->columns);
    for (int i = 0; i < s->nrows; i++) {
        for (int j = 0; j < s->rows[i].ncells; j++) free_cell(&s->rows[i].cells[j]);
        free(s->rows[i].cells);
    }
    free(s->rows);
    free(s->tag);
    free(s->error_code);
    free(s->error_msg);
}

static void free_case(cf_case *c)
{
    free(c->name);
    for (int i = 0; i < c->nsetup; i++) free(c->setup[i]);
    free(c->setup);
    for (int i = 0; i < c->nsteps; i++) free_step(&c->steps[i]);
    free(c->steps);
}

void cf_file_free(cf_file *f)
{
    if (!f) return;
    for (int i = 0; i < f->ncases; i++) free_case(&f->cases[i]);
    free(f->cases);
    free(f->path);
    free(f->stem);
    free(f);
}

static int parse_section(parser *P, cf_step *st, const char *l)
{
    const char *kw = l + 5, *sp = strchr(kw, ' ');
    size_t kwlen = sp ? (size_t)(sp - kw) : strlen(kw);
    char *arg = rtrimdup(sp ? skip_sp(sp) : "");
    int ok = 1;
    if (kwlen == 6 && memcmp(kw, "params", 6) == 0) {
        free(st->params); st->params = NULL; st->nparams = 0;
        if (*arg) {
            char **v; int n = split_cells(arg, &v);
            st->params = xrealloc(NULL, sizeof *st->params * (size_t)n);
            for (int k = 0; k < n && ok; k++) {
                char *sp2 = strchr(v[k], ' ');
                if (!sp2 || !*skip_sp(sp2)) { ok = fail(P, "param needs \"type value\""); break; }
                cf_param *pp = &st->params[st->nparams];
                pp->type = xstrndup(v[k], (size_t)(sp2 - v[k]));
                if (!decode_cell(skip_sp(sp2), &pp->value)) {
                    free(pp->type);
                    ok = fail(P, "bad escape in parameter");
                    break;
                }
                st->nparams++;
            }
            free_strv(v, n);
        }
    } else if (kwlen == 7 && memcmp(kw, "columns", 7) == 0) {
        char **v; int n = split_cells(arg, &v);
        st->ncolumns = 0;
        st->columns = xrealloc(NULL, sizeof *st->columns * (size_t)n);
        for (int k = 0; k < n; k++) {
            char *sp2 = strrchr(v[k], ' ');
            if (!sp2 || sp2 == v[k] || !sp2[1]) { ok = fail(P, "column needs \"name type\""); break; }
            char *rawname = xstrndup(v[k], (size_t)(sp2 - v[k]));
            char *nm = rtrimdup(rawname);
            cf_cell c;
            free(rawname);
            if (!unescape(nm, &c)) { free(nm); ok = fail(P, "bad escape in column name"); break; }
            free(nm);
            st->columns[st->ncolumns].name = c.s;
            st->columns[st->ncolumns].type = xstrdup(sp2 + 1);
            st->ncolumns++;
        }
        free_strv(v, n);
    } else if (kwlen == 3 && memcmp(kw, "tag", 3) == 0) {
        if (!*arg) ok = fail(P, "tag needs a value");
        else { free(st->tag); st->tag = xstrdup(arg); }
    } else if (kwlen == 5 && memcmp(kw, "error", 5) == 0) {
        const char *sp2 = strchr(arg, ' ');
        size_t cl = sp2 ? (size_t)(sp2 - arg) : strlen(arg);
        int good = cl == 5;
        for (size_t k = 0; k < cl && good; k++)
            good = isdigit((unsigned char)arg[k]) || isupper((unsigned char)arg[k]);
        if (!good) ok = fail(P, "error needs a 5-character SQLSTATE");
        else {
            st->error_code = xstrndup(arg, 5);
            if (sp2 && *skip_sp(sp2)) st->error_msg = xstrdup(skip_sp(sp2));
        }
    } else if (kwlen == 2 && memcmp(kw, "ok", 2) == 0) {
        /* success, nothing more */
    } else if (kwlen == 4 && memcmp(kw, "rows", 4) == 0) {
        if (*arg && strcmp(arg, "sorted") != 0) ok = fail(P, "rows takes only \"sorted\"");
        else {
            st->sorted = *arg != 0;
            st->nrows = 0;
            while (ok && P->i < P->nlines && !is_blank(P->lines[P->i])) {
                char **v; int n = split_cells(P->lines[P->i], &v);
                cf_row *r;
                st->rows = xrealloc(st->rows, sizeof *st->rows * (size_t)(st->nrows + 1));
                r = &st->rows[st->nrows++];
                r->ncells = 0;
                r->cells = xrealloc(NULL, sizeof *r->cells * (size_t)n);
                for (int k = 0; k < n; k++) {
                    if (!decode_cell(v[k], &r->cells[k])) { ok = fail(P, "bad escape in row"); break; }
                    r->ncells++;
                }
                free_strv(v, n);
                P->i++;
            }
            free(arg);
            return ok ? 2 : 0;   /* rows end the step */
        }
    } else {
        ok = fail(P, "unknown section");
    }
    free(arg);
    return ok;
}

static int parse_step(parser *P, cf_case *c)
{
    cf_step *st;
    sbuf sql = {0};
    c->steps = xrealloc(c->steps, sizeof *c->steps * (size_t)(c->nsteps + 1));
    st = &c->steps[c->nsteps++];
    memset(st, 0, sizeof *st);
    st->line = P->i + 1;
    st->nparams = st->ncolumns = st->nrows = -1;
    P->i++;
    while (P->i < P->nlines) {
        const char *l = P->lines[P->i];
        if (is_blank(l) || strncmp(l, "----", 4) == 0) break;
        if (sql.len) sb_addc(&sql, '\n');
        sb_add(&sql, l);
        P->i++;
    }
    st->sql = sb_take(&sql);
    if (!*st->sql) return fail(P, "step without SQL");
    while (P->i < P->nlines) {
        const char *l = P->lines[P->i];
        int r;
        if (is_blank(l)) break;
        if (strncmp(l, "---- ", 5) != 0) return fail(P, "expected a \"---- \" section line");
        P->i++;
        r = parse_section(P, st, l);
        if (!r) return 0;
        if (r == 2) break;
    }
    if (st->error_code && (st->nrows >= 0 || st->ncolumns >= 0 || st->tag))
        return fail(P, "a step expects either an error or a result, not both");
    return 1;
}

static int parse_setup(parser *P, cf_case *c)
{
    sbuf cur = {0};
    if (c->nsteps) return fail(P, "setup must come before the first step");
    P->i++;
    while (P->i < P->nlines && !is_blank(P->lines[P->i]) && strcmp(P->lines[P->i], "step") != 0) {
        char *l = rtrimdup(P->lines[P->i]);
        if (cur.len) sb_addc(&cur, '\n');
        sb_add(&cur, P->lines[P->i]);
        if (*l && l[strlen(l) - 1] == ';') {
            c->setup = xrealloc(c->setup, sizeof *c->setup * (size_t)(c->nsetup + 1));
            c->setup[c->nsetup++] = sb_take(&cur);
        }
        free(l);
        P->i++;
    }
    if (cur.len) { free(cur.p); return fail(P, "setup statement not terminated by \";\" at end of line"); }
    free(cur.p);
    return 1;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    sbuf b = {0};
    char buf[8192];
    size_t n;
    if (!f) return NULL;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sb_addn(&b, buf, n);
    fclose(f);
    return sb_take(&b);
}

cf_file *cf_parse_file(const char *path, char **errmsg)
{
    parser P = {0};
    char *text = read_file(path), *p;
    cf_file *f;
    const char *base, *dot;
    cf_case *cur = NULL;
    int ok = 1;

    *errmsg = NULL;
    if (!text) {
        size_t n = strlen(path) + 64;
        *errmsg = xrealloc(NULL, n);
        snprintf(*errmsg, n, "%s: cannot read", path);
        return NULL;
    }
    /* split into lines (strip CR) */
    P.path = path;
    for (p = text;;) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n && p[n - 1] == '\r') n--;
        P.lines = xrealloc(P.lines, sizeof *P.lines * (size_t)(P.nlines + 1));
        P.lines[P.nlines++] = xstrndup(p, n);
        if (!nl) break;
        p = nl + 1;
    }
    free(text);

    f = xrealloc(NULL, sizeof *f);
    memset(f, 0, sizeof *f);
    f->path = xstrdup(path);
    base = strrchr(path, '/');
    base = base ? base + 1 : path;
    dot = strrchr(base, '.');
    f->stem = xstrndup(base, dot ? (size_t)(dot - base) : strlen(base));

    while (ok && P.i < P.nlines) {
        const char *l = P.lines[P.i];
        if (is_blank(l) || l[0] == '#') { P.i++; continue; }
        if (strncmp(l, "case ", 5) == 0) {
            char *nm = rtrimdup(skip_sp(l + 5));
            if (!valid_name(nm)) { free(nm); ok = fail(&P, "bad case name"); break; }
            size_t fl = strlen(f->stem) + strlen(nm) + 2;
            char *full = xrealloc(NULL, fl);
            snprintf(full, fl, "%s/%s", f->stem, nm);
            free(nm);
            for (int k = 0; k < f->ncases; k++)
                if (strcmp(f->cases[k].name, full) == 0) { ok = fail(&P, "duplicate case name %s", full); break; }
            if (!ok) { free(full); break; }
            f->cases = xrealloc(f->cases, sizeof *f->cases * (size_t)(f->ncases + 1));
            cur = &f->cases[f->ncases++];
            memset(cur, 0, sizeof *cur);
            cur->name = full;
            cur->line = P.i + 1;
            P.i++;
            continue;
        }
        if (!cur) { ok = fail(&P, "expected \"case NAME\""); break; }
        {
            char *t = rtrimdup(l);
            int is_setup = strcmp(t, "setup") == 0, is_step = strcmp(t, "step") == 0;
            free(t);
            if (is_setup) ok = parse_setup(&P, cur);
            else if (is_step) ok = parse_step(&P, cur);
            else ok = fail(&P, "unexpected line");
        }
    }
    for (int k = 0; ok && k < f->ncases; k++)
        if (f->cases[k].nsteps == 0) {
            P.i = f->cases[k].line - 1;
            ok = fail(&P, "case %s has no step", f->cases[k].name);
        }
    for (int k = 0; k < P.nlines; k++) free(P.lines[k]);
    free(P.lines);
    if (!ok) {
        *errmsg = P.err;
        cf_file_free(f);
        return NULL;
    }
    return f;
}

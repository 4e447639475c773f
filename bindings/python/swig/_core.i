/*
** _core.i — SWIG interface of pgmicro._core, the private extension module of
** the Python binding.  Thin: the pgm_* functions of capi/pgmicro.h as they
** are, plus a few helpers written here in C for speed (prepare, execute a
** statement to completion collecting rows converted by type OID, errors as
** tuples).  The public API is pure Python (src/pgmicro/).
**
** The generated wrapper (_core_wrap.c) is committed so that installing from
** an sdist needs no SWIG; regenerate it with tools/gen_swig.sh.  Built with
** -noproxy: the extension itself is the module pgmicro._core.
**
** The GIL is released around every call that does engine work (pgm_prepare,
** pgm_step, pgm_exec, pgm_open, pgm_close).  While the main thread runs a
** statement, a SIGINT handler installed by install_sigint() calls
** pgm_interrupt() on that connection before chaining to Python's handler, so
** Ctrl-C stops a long query and surfaces as KeyboardInterrupt.
*/
%module(package="pgmicro") _core

%{
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include "pgmicro.h"

/* ---- SIGINT: interrupt the statement the main thread is running ---- */
static pthread_t pgmpy_main_thread;
static int pgmpy_sig_installed = 0;
static pgm_db *volatile pgmpy_sig_db = NULL;
static struct sigaction pgmpy_prev_sigint;

static void pgmpy_sigint(int sig) {
    pgm_db *db = pgmpy_sig_db;
    if (db) pgm_interrupt(db);
    if (pgmpy_prev_sigint.sa_flags & SA_SIGINFO) {
        /* not reachable with CPython's own handler; be conservative */
        if (pgmpy_prev_sigint.sa_sigaction) pgmpy_prev_sigint.sa_sigaction(sig, NULL, NULL);
    } else if (pgmpy_prev_sigint.sa_handler != SIG_DFL && pgmpy_prev_sigint.sa_handler != SIG_IGN) {
        pgmpy_prev_sigint.sa_handler(sig);
    }
}

static int pgmpy_on_main(void) {
    return pgmpy_sig_installed && pthread_equal(pthread_self(), pgmpy_main_thread);
}

/* ---- errors as plain tuples: (code, sqlstate, message, detail, hint, position, severity) ---- */
static PyObject *pgmpy_str_or_none(const char *s) {
    if (!s) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

static PyObject *pgmpy_error_tuple(int code, const pgm_error *e) {
    if (!e)
        return Py_BuildValue("(isNOOis)", code, code == PGM_MISUSE ? "XX000" : "58000",
                             PyUnicode_FromString(code == PGM_MISUSE ? "pgmicro API misuse" : "unknown pgmicro error"),
                             Py_None, Py_None, 0, "ERROR");
    return Py_BuildValue("(isNNNis)", code, pgm_error_sqlstate(e),
                         pgmpy_str_or_none(pgm_error_message(e)),
                         pgmpy_str_or_none(pgm_error_detail(e)),
                         pgmpy_str_or_none(pgm_error_hint(e)),
                         pgm_error_position(e), pgm_error_severity(e));
}

/* ---- binding Python values ---- */
static PyObject *pgmpy_adapter = NULL;   /* callable: obj -> (oid, text) | bytes | native */
static PyObject *pgmpy_loaders = NULL;   /* dict: oid -> callable(text) */

static int pgmpy_bind_native(pgm_stmt *st, int i, PyObject *o, int *handled) {
    *handled = 1;
    if (o == Py_None) return pgm_bind_null(st, i);
    if (PyBool_Check(o)) return pgm_bind_bool(st, i, o == Py_True);
    if (PyLong_Check(o)) {
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
        if (v == -1 && PyErr_Occurred()) return -1;
        if (!overflow) return pgm_bind_int64(st, i, (int64_t)v);
        PyObject *s = PyObject_Str(o);
        if (!s) return -1;
        Py_ssize_t n; const char *t = PyUnicode_AsUTF8AndSize(s, &n);
        int rc = t ? pgm_bind_typed_text(st, i, PGM_OID_NUMERIC, t, (int64_t)n) : -1;
        Py_DECREF(s);
        return rc;
    }
    if (PyFloat_Check(o)) return pgm_bind_double(st, i, PyFloat_AS_DOUBLE(o));
    if (PyUnicode_Check(o)) {
        Py_ssize_t n; const char *t = PyUnicode_AsUTF8AndSize(o, &n);
        if (!t) return -1;
        return pgm_bind_text(st, i, t, (int64_t)n);
    }
    if (PyBytes_Check(o))
        return pgm_bind_bytea(st, i, PyBytes_AS_STRING(o), (int64_t)PyBytes_GET_SIZE(o));
    if (PyByteArray_Check(o) || PyMemoryView_Check(o)) {
        Py_buffer b;
        if (PyObject_GetBuffer(o, &b, PyBUF_SIMPLE) < 0) return -1;
        int rc = pgm_bind_bytea(st, i, b.buf, (int64_t)b.len);
        PyBuffer_Release(&b);
        return rc;
    }
    if (PyTuple_Check(o) && PyTuple_GET_SIZE(o) == 2 && PyLong_Check(PyTuple_GET_ITEM(o, 0))) {
        /* (type oid, text): a value given as PostgreSQL text of that type */
        unsigned long oid = PyLong_AsUnsignedLong(PyTuple_GET_ITEM(o, 0));
        if (oid == (unsigned long)-1 && PyErr_Occurred()) return -1;
        PyObject *txt = PyTuple_GET_ITEM(o, 1);
        if (txt == Py_None) return pgm_bind_null(st, i);
        Py_ssize_t n; const char *t = PyUnicode_AsUTF8AndSize(txt, &n);
        if (!t) return -1;
        if (oid == 0) return pgm_bind_text(st, i, t, (int64_t)n);
        return pgm_bind_typed_text(st, i, (uint32_t)oid, t, (int64_t)n);
    }
    *handled = 0;
    return 0;
}

/* Bind params (a tuple or list) to $1..$n.  Returns PGM_OK, an engine code
** (error in pgm_stmt_error) or -1 with a Python exception set. */
static int pgmpy_bind_all(pgm_stmt *st, PyObject *params) {
    PyObject *seq = PySequence_Fast(params, "parameters must be a sequence");
    if (!seq) return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    int rc = PGM_OK;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *o = PySequence_Fast_GET_ITEM(seq, k);
        int handled;
        rc = pgmpy_bind_native(st, (int)k + 1, o, &handled);
        if (!handled) {
            if (!pgmpy_adapter) {
                PyErr_Format(PyExc_TypeError, "cannot bind a %.100s", Py_TYPE(o)->tp_name);
                rc = -1;
            } else {
                PyObject *a = PyObject_CallOneArg(pgmpy_adapter, o);
                if (!a) { rc = -1; }
                else {
                    rc = pgmpy_bind_native(st, (int)k + 1, a, &handled);
                    if (!handled && rc == 0) {
                        PyErr_Format(PyExc_TypeError, "adapter returned an unbindable %.100s", Py_TYPE(a)->tp_name);
                        rc = -1;
                    }
                    Py_DECREF(a);
                }
            }
        }
        if (rc != PGM_OK) break;
    }
    Py_DECREF(seq);
    return rc;
}

/* ---- converting result values ---- */
enum { CV_TEXT, CV_INT, CV_FLOAT8, CV_FLOAT4, CV_BOOL, CV_BYTEA, CV_LOADER };

static PyObject *pgmpy_text_obj(pgm_value *v) {
    size_t n = 0;
    const char *t = pgm_value_text(v, &n);
    if (!t) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(t, (Py_ssize_t)n, "surrogateescape");
}

static PyObject *pgmpy_convert(pgm_value *v, int kind, PyObject *loader) {
    if (pgm_value_is_null(v)) Py_RETURN_NONE;
    switch (kind) {
    case CV_INT: return PyLong_FromLongLong((long long)pgm_value_int64(v));
    case CV_FLOAT8: return PyFloat_FromDouble(pgm_value_double(v));
    case CV_FLOAT4: {
        /* from the text output, so 1.1::float4 reads as 1.1 (as psycopg does) */
        const char *t = pgm_value_text(v, NULL);
        double d = t ? PyOS_string_to_double(t, NULL, NULL) : -1.0;
        if (d == -1.0 && PyErr_Occurred()) { PyErr_Clear(); d = pgm_value_double(v); }
        return PyFloat_FromDouble(d);
    }
    case CV_BOOL: return PyBool_FromLong(pgm_value_int64(v) != 0);
    case CV_BYTEA: {
        size_t n = 0;
        const void *p = pgm_value_bytes(v, &n);
        return PyBytes_FromStringAndSize(p ? (const char *)p : "", (Py_ssize_t)n);
    }
    case CV_LOADER: {
        PyObject *s = pgmpy_text_obj(v);
        if (!s) return NULL;
        PyObject *r = PyObject_CallOneArg(loader, s);
        Py_DECREF(s);
        return r;
    }
    default: return pgmpy_text_obj(v);
    }
}

static int pgmpy_kind(uint32_t oid, int text_mode, PyObject **loader) {
    *loader = NULL;
    if (text_mode) return CV_TEXT;
    switch (oid) {
    case PGM_OID_INT2: case PGM_OID_INT4: case PGM_OID_INT8: case PGM_OID_OID: return CV_INT;
    case PGM_OID_FLOAT8: return CV_FLOAT8;
    case PGM_OID_FLOAT4: return CV_FLOAT4;
    case PGM_OID_BOOL: return CV_BOOL;
    case PGM_OID_BYTEA: return CV_BYTEA;
    case PGM_OID_TEXT: case PGM_OID_VARCHAR: case PGM_OID_BPCHAR: case PGM_OID_NAME:
    case PGM_OID_UNKNOWN: return CV_TEXT;
    }
    if (pgmpy_loaders) {
        PyObject *key = PyLong_FromUnsignedLong(oid);
        if (key) {
            PyObject *f = PyDict_GetItemWithError(pgmpy_loaders, key);
            Py_DECREF(key);
            if (f) { *loader = f; return CV_LOADER; }
        }
        PyErr_Clear();
    }
    return CV_TEXT;
}

static PyObject *pgmpy_describe(pgm_stmt *st) {
    int nc = pgm_column_count(st);
    PyObject *t = PyTuple_New(nc);
    if (!t) return NULL;
    for (int c = 0; c < nc; c++) {
        PyObject *item = Py_BuildValue("(NIsi)", pgmpy_str_or_none(pgm_column_name(st, c)),
                                       (unsigned int)pgm_column_type(st, c),
                                       pgm_column_type_name(st, c) ? pgm_column_type_name(st, c) : "",
                                       (int)pgm_column_typmod(st, c));
        if (!item) { Py_DECREF(t); return NULL; }
        PyTuple_SET_ITEM(t, c, item);
    }
    return t;
}
%}

/* ---- typemaps ---- */
%typemap(in) (const char *s, int64_t len) (Py_ssize_t n) {
    $1 = (char *)PyUnicode_AsUTF8AndSize($input, &n);
    if (!$1) SWIG_fail;
    $2 = (int64_t)n;
}
%typemap(in) (const void *p, int64_t len) (Py_buffer view) {
    if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0) SWIG_fail;
    $1 = view.buf;
    $2 = (int64_t)view.len;
}
%typemap(freearg) (const void *p, int64_t len) { PyBuffer_Release(&view$argnum); }
%typemap(in) int64_t { $1 = (int64_t)PyLong_AsLongLong($input); if (PyErr_Occurred()) SWIG_fail; }
%typemap(out) int64_t { $result = PyLong_FromLongLong((long long)$1); }
%typemap(in) uint32_t { $1 = (uint32_t)PyLong_AsUnsignedLong($input); if (PyErr_Occurred()) SWIG_fail; }
%typemap(out) uint32_t { $result = PyLong_FromUnsignedLong((unsigned long)$1); }
%typemap(out) int32_t { $result = PyLong_FromLong((long)$1); }
%typemap(in) PyObject * { $1 = $input; }
%typemap(out) PyObject * { $result = $1; }

/* Engine work runs without the GIL. */
%define NOGIL(f)
%exception f {
    Py_BEGIN_ALLOW_THREADS
    $action
    Py_END_ALLOW_THREADS
}
%enddef
NOGIL(pgm_close)
NOGIL(pgm_finalize)
NOGIL(pgm_reset)

/* ---- the ABI, as declared in pgmicro.h ---- */
%constant int PGM_OK = 0;
%constant int PGM_ERROR = 1;
%constant int PGM_INTERRUPTED = 9;
%constant int PGM_BUSY = 5;
%constant int PGM_NOMEM = 7;
%constant int PGM_MISUSE = 21;
%constant int PGM_CANTOPEN = 14;
%constant int PGM_ROW = 100;
%constant int PGM_DONE = 101;
%constant int PGM_ABI_VERSION = PGM_ABI_VERSION;
%constant int PGM_OPEN_READONLY = 0x0001;
%constant int PGM_OPEN_NOCREATE = 0x0002;
%constant int PGM_OPEN_SQLITE_DIALECT = 0x0004;
%constant int PGM_OPEN_URI = 0x0008;
%constant int PGM_DIALECT_POSTGRES = 0;
%constant int PGM_DIALECT_SQLITE = 1;

typedef struct pgm_db pgm_db;
typedef struct pgm_stmt pgm_stmt;

const char *pgm_libversion(void);
int pgm_libversion_number(void);
int pgm_abi_version(void);
const char *pgm_pg_version(void);

int pgm_close(pgm_db *db);
void pgm_interrupt(pgm_db *db);
int pgm_set_statement_timeout(pgm_db *db, int64_t ms);
int pgm_set_busy_timeout(pgm_db *db, int ms);
int pgm_set_dialect(pgm_db *db, int dialect);
int pgm_get_dialect(pgm_db *db);
char pgm_transaction_status(pgm_db *db);

int pgm_finalize(pgm_stmt *stmt);
int pgm_reset(pgm_stmt *stmt);
const char *pgm_stmt_sql(pgm_stmt *stmt);
int pgm_param_count(pgm_stmt *stmt);
uint32_t pgm_param_type(pgm_stmt *stmt, int i);
int pgm_bind_null(pgm_stmt *stmt, int i);
int pgm_bind_int64(pgm_stmt *stmt, int i, int64_t v);
int pgm_bind_double(pgm_stmt *stmt, int i, double v);
int pgm_bind_bool(pgm_stmt *stmt, int i, int v);
int pgm_bind_text(pgm_stmt *stmt, int i, const char *s, int64_t len);
int pgm_bind_bytea(pgm_stmt *stmt, int i, const void *p, int64_t len);
int pgm_bind_typed_text(pgm_stmt *stmt, int i, uint32_t type_oid, const char *s, int64_t len);
int pgm_clear_bindings(pgm_stmt *stmt);
int64_t pgm_changes(pgm_stmt *stmt);
const char *pgm_command_tag(pgm_stmt *stmt);
int pgm_column_count(pgm_stmt *stmt);
const char *pgm_column_name(pgm_stmt *stmt, int i);
uint32_t pgm_column_type(pgm_stmt *stmt, int i);
const char *pgm_column_type_name(pgm_stmt *stmt, int i);
int32_t pgm_column_typmod(pgm_stmt *stmt, int i);

/* ---- helpers ---- */
%inline %{
/* open(path, flags) -> (db, None) | (None, error tuple) */
PyObject *open_db(const char *path, int flags) {
    pgm_db *db = NULL;
    pgm_error *err = NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = pgm_open(path, flags, &db, &err);
    Py_END_ALLOW_THREADS
    if (rc != PGM_OK) {
        PyObject *e = pgmpy_error_tuple(rc, err);
        pgm_error_free(err);
        return Py_BuildValue("(ON)", Py_None, e);
    }
    return Py_BuildValue("(NO)", SWIG_NewPointerObj(SWIG_as_voidptr(db), SWIGTYPE_p_pgm_db, 0), Py_None);
}

/* prepare(db, sql: bytes, offset) -> (stmt | None, tail offset, None | error tuple).
** Prepares the first statement of sql[offset:]; stmt is None when only blanks
** or comments remain. */
PyObject *prepare(pgm_db *db, PyObject *sql, long offset) {
    if (!PyBytes_Check(sql)) { PyErr_SetString(PyExc_TypeError, "sql must be bytes"); return NULL; }
    Py_ssize_t n = PyBytes_GET_SIZE(sql);
    if (offset < 0 || offset > n) { PyErr_SetString(PyExc_ValueError, "bad offset"); return NULL; }
    const char *p = PyBytes_AS_STRING(sql) + offset;
    pgm_stmt *st = NULL;
    pgm_error *err = NULL;
    size_t tail = 0;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = pgm_prepare(db, p, (int64_t)(n - offset), &st, &tail, &err);
    Py_END_ALLOW_THREADS
    if (rc != PGM_OK) {
        PyObject *e = pgmpy_error_tuple(rc, err);
        pgm_error_free(err);
        return Py_BuildValue("(OnN)", Py_None, n, e);
    }
    if (!st) return Py_BuildValue("(OnO)", Py_None, n, Py_None);
    return Py_BuildValue("(NnO)", SWIG_NewPointerObj(SWIG_as_voidptr(st), SWIGTYPE_p_pgm_stmt, 0),
                         offset + (Py_ssize_t)tail, Py_None);
}

/* exec_sql(db, sql) -> None | error tuple.  Runs every statement, no rows. */
PyObject *exec_sql(pgm_db *db, const char *sql) {
    pgm_error *err = NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = pgm_exec(db, sql, &err);
    Py_END_ALLOW_THREADS
    if (rc != PGM_OK) {
        PyObject *e = pgmpy_error_tuple(rc, err);
        pgm_error_free(err);
        return e;
    }
    Py_RETURN_NONE;
}

/* describe(stmt) -> ((name, type oid, typname, typmod), ...) */
PyObject *describe(pgm_stmt *stmt) { return pgmpy_describe(stmt); }

/* param_types(stmt) -> (oid, ...) as the analyser inferred them */
PyObject *param_types(pgm_stmt *stmt) {
    int n = pgm_param_count(stmt);
    PyObject *t = PyTuple_New(n);
    if (!t) return NULL;
    for (int i = 0; i < n; i++) {
        PyObject *o = PyLong_FromUnsignedLong(pgm_param_type(stmt, i + 1));
        if (!o) { Py_DECREF(t); return NULL; }
        PyTuple_SET_ITEM(t, i, o);
    }
    return t;
}

/* set_adapter(callable | None): called for parameter values that are not
** None/bool/int/float/str/bytes-like; returns (oid, text) or a native value. */
PyObject *set_adapter(PyObject *f) {
    Py_XDECREF(pgmpy_adapter);
    pgmpy_adapter = (f == Py_None) ? NULL : f;
    Py_XINCREF(pgmpy_adapter);
    Py_RETURN_NONE;
}

/* set_loaders(dict oid -> callable(text)): result conversion of types not
** converted in C (numeric, date, json, ...). */
PyObject *set_loaders(PyObject *d) {
    if (d != Py_None && !PyDict_Check(d)) { PyErr_SetString(PyExc_TypeError, "dict expected"); return NULL; }
    Py_XDECREF(pgmpy_loaders);
    pgmpy_loaders = (d == Py_None) ? NULL : d;
    Py_XINCREF(pgmpy_loaders);
    Py_RETURN_NONE;
}

/* bind(stmt, params) -> None | error tuple */
PyObject *bind(pgm_stmt *stmt, PyObject *params) {
    int rc = pgmpy_bind_all(stmt, params);
    if (rc < 0) return NULL;
    if (rc != PGM_OK) return pgmpy_error_tuple(rc, pgm_stmt_error(stmt));
    Py_RETURN_NONE;
}

/*
** execute(stmt, db, params, text_mode, want_desc) ->
**     (rows | None, changes, tag, error | None, description | None)
** Reset, bind params (a sequence, or None to keep the bindings), step to the
** end collecting rows as tuples; values converted by column type OID (or
** PostgreSQL's text output for every column when text_mode).  rows is None
** for a statement without result columns.  A KeyboardInterrupt (or another
** signal handler's exception) raised meanwhile propagates.
*/
PyObject *execute(pgm_stmt *stmt, pgm_db *db, PyObject *params, int text_mode, int want_desc) {
    int rc;
    pgm_reset(stmt);
    if (params != Py_None) {
        rc = pgmpy_bind_all(stmt, params);
        if (rc < 0) return NULL;
        if (rc != PGM_OK)
            return Py_BuildValue("(OiONO)", Py_None, 0, Py_None, pgmpy_error_tuple(rc, pgm_stmt_error(stmt)), Py_None);
    }
    int nc = pgm_column_count(stmt);
    PyObject *rows = NULL, *desc = NULL;
    int kinds_buf[32];
    PyObject *loaders_buf[32];
    int *kinds = kinds_buf;
    PyObject **loaders = loaders_buf;
    pgm_value *vals_buf[32];
    pgm_value **vals = vals_buf;
    if (nc > 32) {
        kinds = PyMem_Malloc(sizeof(int) * nc);
        loaders = PyMem_Malloc(sizeof(PyObject *) * nc);
        vals = PyMem_Malloc(sizeof(pgm_value *) * nc);
        if (!kinds || !loaders || !vals) { PyErr_NoMemory(); goto fail; }
    }
    for (int c = 0; c < nc; c++) {
        kinds[c] = pgmpy_kind(pgm_column_type(stmt, c), text_mode, &loaders[c]);
        Py_XINCREF(loaders[c]);
    }
    if (nc > 0) {
        rows = PyList_New(0);
        if (!rows) goto fail;
    }
    int on_main = pgmpy_on_main();
    for (;;) {
        Py_BEGIN_ALLOW_THREADS
        if (on_main) pgmpy_sig_db = db;
        rc = pgm_step(stmt);
        if (on_main) pgmpy_sig_db = NULL;
        Py_END_ALLOW_THREADS
        if (on_main && PyErr_CheckSignals() < 0) goto fail;
        if (rc != PGM_ROW) break;
        if (nc == 0) continue;
        int got = pgm_row_values(stmt, vals, nc);
        PyObject *row = PyTuple_New(nc);
        if (!row) goto fail;
        for (int c = 0; c < nc; c++) {
            PyObject *o = c < got && vals[c] ? pgmpy_convert(vals[c], kinds[c], loaders[c]) : (Py_INCREF(Py_None), Py_None);
            if (!o) { Py_DECREF(row); goto fail; }
            PyTuple_SET_ITEM(row, c, o);
        }
        if (PyList_Append(rows, row) < 0) { Py_DECREF(row); goto fail; }
        Py_DECREF(row);
    }
    if (want_desc && nc > 0) {
        desc = pgmpy_describe(stmt);
        if (!desc) goto fail;
    }
    PyObject *result;
    if (rc != PGM_DONE) {
        result = Py_BuildValue("(NiONN)", rows ? rows : (Py_INCREF(Py_None), Py_None), 0, Py_None,
                               pgmpy_error_tuple(rc, pgm_stmt_error(stmt)),
                               desc ? desc : (Py_INCREF(Py_None), Py_None));
    } else {
        result = Py_BuildValue("(NLNON)", rows ? rows : (Py_INCREF(Py_None), Py_None),
                               (long long)pgm_changes(stmt), pgmpy_str_or_none(pgm_command_tag(stmt)),
                               Py_None, desc ? desc : (Py_INCREF(Py_None), Py_None));
    }
    for (int c = 0; c < nc; c++) Py_XDECREF(loaders[c]);
    if (kinds != kinds_buf) { PyMem_Free(kinds); PyMem_Free(loaders); PyMem_Free(vals); }
    return result;
fail:
    if (loaders) for (int c = 0; c < nc && kinds; c++) Py_XDECREF(loaders[c]);
    if (kinds != kinds_buf) { PyMem_Free(kinds); PyMem_Free(loaders); PyMem_Free(vals); }
    Py_XDECREF(rows);
    Py_XDECREF(desc);
    pgm_reset(stmt);
    return NULL;
}

/* install_sigint(): route SIGINT through pgm_interrupt() for statements the
** calling (main) thread runs, then to the previous handler.  Idempotent. */
PyObject *install_sigint(void) {
    struct sigaction cur;
    if (sigaction(SIGINT, NULL, &cur) != 0) Py_RETURN_FALSE;
    if (!(cur.sa_flags & SA_SIGINFO) && cur.sa_handler == pgmpy_sigint) Py_RETURN_TRUE;
    if (!(cur.sa_flags & SA_SIGINFO) && (cur.sa_handler == SIG_DFL || cur.sa_handler == SIG_IGN))
        Py_RETURN_FALSE;   /* nobody handles SIGINT in-process: nothing to chain */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = pgmpy_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = cur.sa_flags & ~SA_SIGINFO & ~SA_RESETHAND;
    pgmpy_prev_sigint = cur;
    pgmpy_main_thread = pthread_self();
    if (sigaction(SIGINT, &sa, NULL) != 0) Py_RETURN_FALSE;
    pgmpy_sig_installed = 1;
    Py_RETURN_TRUE;
}

/* sigint_installed() -> bool: whether our handler is still the SIGINT handler. */
PyObject *sigint_installed(void) {
    struct sigaction cur;
    if (!pgmpy_sig_installed || sigaction(SIGINT, NULL, &cur) != 0) Py_RETURN_FALSE;
    return PyBool_FromLong(!(cur.sa_flags & SA_SIGINFO) && cur.sa_handler == pgmpy_sigint);
}
%}

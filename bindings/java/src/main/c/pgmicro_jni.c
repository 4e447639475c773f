/*
** pgmicro_jni.c — the JNI glue between dev.pgmicro.jdbc.Native and the C ABI
** of pgmicro.h.  Compiled together with the amalgamation (pgmicro.c) into
** libpgmicro_jni.so by build-native.sh during the Maven build.
**
** Hand-written rather than generated: the ABI is small and fixed, a row is
** fetched into Java objects in one crossing (pgm_row_values + one loop), and
** ownership stays explicit — handles cross as jlong, every pgm_error is turned
** into a java.sql.SQLException (through Errors.fromNative) and freed here, and
** every borrowed string is copied into the JVM before the next ABI call.
**
** Text crosses as UTF-8 byte[] from Java (JNI's "modified UTF-8" cannot carry
** characters outside the BMP) and comes back as java.lang.String built from
** real UTF-8 (NewStringUTF only on the pure-ASCII fast path).
*/
#include <jni.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pgmicro.h"

#define DB(h) ((pgm_db *)(intptr_t)(h))
#define ST(h) ((pgm_stmt *)(intptr_t)(h))

static jclass    cls_String, cls_Errors;
static jmethodID mid_String_init, mid_Errors_fromNative;
static jobject   obj_UTF8, obj_TRUE, obj_FALSE;

static jobject global_static_field(JNIEnv *env, const char *cls, const char *name, const char *sig)
{
    jclass c = (*env)->FindClass(env, cls);
    if (!c) return NULL;
    jfieldID f = (*env)->GetStaticFieldID(env, c, name, sig);
    if (!f) return NULL;
    jobject o = (*env)->GetStaticObjectField(env, c, f);
    return o ? (*env)->NewGlobalRef(env, o) : NULL;
}

static jclass global_class(JNIEnv *env, const char *name)
{
    jclass c = (*env)->FindClass(env, name);
    return c ? (jclass)(*env)->NewGlobalRef(env, c) : NULL;
}

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
    JNIEnv *env;
    (void)reserved;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
    if (!(cls_String = global_class(env, "java/lang/String"))) return JNI_ERR;
    if (!(cls_Errors = global_class(env, "dev/pgmicro/jdbc/Errors"))) return JNI_ERR;
    mid_String_init = (*env)->GetMethodID(env, cls_String, "<init>", "([BLjava/nio/charset/Charset;)V");
    mid_Errors_fromNative = (*env)->GetStaticMethodID(env, cls_Errors, "fromNative",
        "(ILjava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;I)Ljava/sql/SQLException;");
    if (!mid_String_init || !mid_Errors_fromNative) return JNI_ERR;
    obj_UTF8 = global_static_field(env, "java/nio/charset/StandardCharsets", "UTF_8", "Ljava/nio/charset/Charset;");
    obj_TRUE = global_static_field(env, "java/lang/Boolean", "TRUE", "Ljava/lang/Boolean;");
    obj_FALSE = global_static_field(env, "java/lang/Boolean", "FALSE", "Ljava/lang/Boolean;");
    if (!obj_UTF8 || !obj_TRUE || !obj_FALSE) return JNI_ERR;
    return JNI_VERSION_1_8;
}

/* A Java String from len bytes of UTF-8 (NULL gives null). */
static jstring jstr_len(JNIEnv *env, const char *s, size_t len)
{
    if (!s) return NULL;
    size_t i;
    for (i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80 || s[i] == 0) break;
    if (i == len && s[len] == 0) return (*env)->NewStringUTF(env, s);
    jbyteArray b = (*env)->NewByteArray(env, (jsize)len);
    if (!b) return NULL;
    (*env)->SetByteArrayRegion(env, b, 0, (jsize)len, (const jbyte *)s);
    jstring r = (jstring)(*env)->NewObject(env, cls_String, mid_String_init, b, obj_UTF8);
    (*env)->DeleteLocalRef(env, b);
    return r;
}

static jstring jstr(JNIEnv *env, const char *s)
{
    return s ? jstr_len(env, s, strlen(s)) : NULL;
}

/* Throw the SQLException describing err (NULL: a generic one for code). */
static void throw_error(JNIEnv *env, int code, const pgm_error *err)
{
    if ((*env)->ExceptionCheck(env)) return;
    jstring state, msg, detail = NULL, hint = NULL;
    jint pos = 0;
    if (err) {
        state = jstr(env, pgm_error_sqlstate(err));
        msg = jstr(env, pgm_error_message(err));
        detail = jstr(env, pgm_error_detail(err));
        hint = jstr(env, pgm_error_hint(err));
        pos = pgm_error_position(err);
    } else {
        state = jstr(env, code == PGM_MISUSE ? "55000" : "XX000");
        msg = jstr(env, code == PGM_MISUSE ? "pgmicro: the API was used incorrectly (PGM_MISUSE)"
                                           : "pgmicro: internal error");
    }
    if ((*env)->ExceptionCheck(env)) return;
    jobject ex = (*env)->CallStaticObjectMethod(env, cls_Errors, mid_Errors_fromNative,
                                                code, state, msg, detail, hint, pos);
    if (ex && !(*env)->ExceptionCheck(env)) (*env)->Throw(env, (jthrowable)ex);
}

static void throw_owned(JNIEnv *env, int code, pgm_error *err)
{
    throw_error(env, code, err);
    pgm_error_free(err);
}

static int check_stmt(JNIEnv *env, pgm_stmt *st, int rc)
{
    if (rc == PGM_OK || rc == PGM_ROW || rc == PGM_DONE) return 0;
    throw_error(env, rc, pgm_stmt_error(st));
    return -1;
}

/* A NUL-terminated malloc'd copy of a Java byte[] (NULL on OOM, exception set). */
static char *copy_bytes(JNIEnv *env, jbyteArray b, jsize *lenp)
{
    jsize n = b ? (*env)->GetArrayLength(env, b) : 0;
    char *p = malloc((size_t)n + 1);
    if (!p) {
        throw_error(env, PGM_NOMEM, NULL);
        return NULL;
    }
    if (n) (*env)->GetByteArrayRegion(env, b, 0, n, (jbyte *)p);
    p[n] = 0;
    if (lenp) *lenp = n;
    return p;
}

#define FN(ret, name) JNIEXPORT ret JNICALL Java_dev_pgmicro_jdbc_Native_##name

/* ---- Versions ---- */

FN(jint, abiVersion)(JNIEnv *env, jclass c) { (void)env; (void)c; return pgm_abi_version(); }
FN(jstring, libVersion)(JNIEnv *env, jclass c) { (void)c; return jstr(env, pgm_libversion()); }
FN(jstring, pgVersion)(JNIEnv *env, jclass c) { (void)c; return jstr(env, pgm_pg_version()); }

/* ---- Connections ---- */

FN(jlong, open)(JNIEnv *env, jclass c, jbyteArray path, jint flags)
{
    (void)c;
    char *p = copy_bytes(env, path, NULL);
    if (!p) return 0;
    pgm_db *db = NULL;
    pgm_error *err = NULL;
    int rc = pgm_open(p, flags, &db, &err);
    free(p);
    if (rc != PGM_OK) {
        throw_owned(env, rc, err);
        return 0;
    }
    return (jlong)(intptr_t)db;
}

FN(void, close)(JNIEnv *env, jclass c, jlong db) { (void)env; (void)c; pgm_close(DB(db)); }
FN(void, interrupt)(JNIEnv *env, jclass c, jlong db) { (void)env; (void)c; pgm_interrupt(DB(db)); }
FN(void, setStatementTimeout)(JNIEnv *env, jclass c, jlong db, jlong ms)
{
    (void)env; (void)c;
    pgm_set_statement_timeout(DB(db), ms);
}
FN(void, setBusyTimeout)(JNIEnv *env, jclass c, jlong db, jint ms)
{
    (void)env; (void)c;
    pgm_set_busy_timeout(DB(db), ms);
}
FN(jchar, transactionStatus)(JNIEnv *env, jclass c, jlong db)
{
    (void)env; (void)c;
    return (jchar)pgm_transaction_status(DB(db));
}

FN(void, exec)(JNIEnv *env, jclass c, jlong db, jbyteArray sql)
{
    (void)c;
    char *s = copy_bytes(env, sql, NULL);
    if (!s) return;
    pgm_error *err = NULL;
    int rc = pgm_exec(DB(db), s, &err);
    free(s);
    if (rc != PGM_OK) throw_owned(env, rc, err);
}

/* ---- Statements ---- */

/* Prepare the first statement of sql[offset..]; tail[0] receives the offset
** (in sql) just past it.  Returns 0 when only blanks/comments remain. */
FN(jlong, prepare)(JNIEnv *env, jclass c, jlong db, jbyteArray sql, jint offset, jintArray tail)
{
    (void)c;
    jsize n;
    char *s = copy_bytes(env, sql, &n);
    if (!s) return 0;
    if (offset < 0 || offset > n) offset = n;
    pgm_stmt *st = NULL;
    pgm_error *err = NULL;
    size_t t = 0;
    int rc = pgm_prepare(DB(db), s + offset, (int64_t)(n - offset), &st, &t, &err);
    free(s);
    if (rc != PGM_OK) {
        throw_owned(env, rc, err);
        return 0;
    }
    if (tail) {
        jint end = offset + (jint)t;
        (*env)->SetIntArrayRegion(env, tail, 0, 1, &end);
    }
    return (jlong)(intptr_t)st;
}

FN(void, finalizeStmt)(JNIEnv *env, jclass c, jlong st) { (void)env; (void)c; pgm_finalize(ST(st)); }

FN(void, reset)(JNIEnv *env, jclass c, jlong st)
{
    (void)c;
    check_stmt(env, ST(st), pgm_reset(ST(st)));
}

FN(jint, paramCount)(JNIEnv *env, jclass c, jlong st) { (void)env; (void)c; return pgm_param_count(ST(st)); }
FN(jint, paramType)(JNIEnv *env, jclass c, jlong st, jint i)
{
    (void)env; (void)c;
    return (jint)pgm_param_type(ST(st), i);
}

FN(void, clearBindings)(JNIEnv *env, jclass c, jlong st)
{
    (void)c;
    check_stmt(env, ST(st), pgm_clear_bindings(ST(st)));
}
FN(void, bindNull)(JNIEnv *env, jclass c, jlong st, jint i)
{
    (void)c;
    check_stmt(env, ST(st), pgm_bind_null(ST(st), i));
}
FN(void, bindLong)(JNIEnv *env, jclass c, jlong st, jint i, jlong v)
{
    (void)c;
    check_stmt(env, ST(st), pgm_bind_int64(ST(st), i, v));
}
FN(void, bindDouble)(JNIEnv *env, jclass c, jlong st, jint i, jdouble v)
{
    (void)c;
    check_stmt(env, ST(st), pgm_bind_double(ST(st), i, v));
}
FN(void, bindBool)(JNIEnv *env, jclass c, jlong st, jint i, jboolean v)
{
    (void)c;
    check_stmt(env, ST(st), pgm_bind_bool(ST(st), i, v ? 1 : 0));
}

/* kind: 0 text (input syntax of the parameter's type), 1 bytea, else the OID
** of a typed text value (pgm_bind_typed_text). */
static void bind_bytes(JNIEnv *env, jlong st, jint i, jint kind, jbyteArray b)
{
    jsize n;
    char *p = copy_bytes(env, b, &n);
    if (!p) return;
    int rc;
    if (kind == 0) rc = pgm_bind_text(ST(st), i, p, n);
    else if (kind == 1) rc = pgm_bind_bytea(ST(st), i, p, n);
    else rc = pgm_bind_typed_text(ST(st), i, (uint32_t)kind, p, n);
    free(p);
    check_stmt(env, ST(st), rc);
}
FN(void, bindText)(JNIEnv *env, jclass c, jlong st, jint i, jbyteArray b) { (void)c; bind_bytes(env, st, i, 0, b); }
FN(void, bindBytes)(JNIEnv *env, jclass c, jlong st, jint i, jbyteArray b) { (void)c; bind_bytes(env, st, i, 1, b); }
FN(void, bindTypedText)(JNIEnv *env, jclass c, jlong st, jint i, jint oid, jbyteArray b)
{
    (void)c;
    bind_bytes(env, st, i, oid < 2 ? (jint)PGM_OID_TEXT : oid, b);
}

/* One value as a Java object: Boolean for bool, byte[] for bytea, else
** PostgreSQL's text output as a String.  The integer types are handled by
** the caller (no object per value). */
static jobject value_object(JNIEnv *env, const pgm_value *v)
{
    switch (pgm_value_type(v)) {
    case PGM_OID_BOOL:
        return pgm_value_int64(v) ? obj_TRUE : obj_FALSE;
    case PGM_OID_BYTEA: {
        size_t n = 0;
        const void *p = pgm_value_bytes(v, &n);
        jbyteArray b = (*env)->NewByteArray(env, (jsize)n);
        if (b && n) (*env)->SetByteArrayRegion(env, b, 0, (jsize)n, (const jbyte *)p);
        return b;
    }
    default: {
        size_t n = 0;
        const char *s = pgm_value_text(v, &n);
        return jstr_len(env, s, n);
    }
    }
}

static int is_integer_type(uint32_t t)
{
    return t == PGM_OID_INT2 || t == PGM_OID_INT4 || t == PGM_OID_INT8 || t == PGM_OID_OID;
}

/* Step once.  On PGM_ROW, row (if not null) receives the row's values in
** one crossing: null for SQL NULL; for int2/int4/int8/oid the marker object
** int_marker, with the value in ints[i]; else value_object(). */
FN(jint, step)(JNIEnv *env, jclass c, jlong sth, jobjectArray row, jlongArray ints, jobject int_marker)
{
    (void)c;
    pgm_stmt *st = ST(sth);
    int rc = pgm_step(st);
    if (rc == PGM_ROW && row) {
        enum { STACK = 32 };
        pgm_value *vstack[STACK], **vals = vstack;
        jlong istack[STACK], *nums = istack;
        int n = (*env)->GetArrayLength(env, row);
        if (n > STACK) {
            vals = malloc(sizeof *vals * (size_t)n);
            nums = malloc(sizeof *nums * (size_t)n);
            if (!vals || !nums) {
                free(vals == vstack ? NULL : vals);
                free(nums == istack ? NULL : nums);
                throw_error(env, PGM_NOMEM, NULL);
                return rc;
            }
        }
        int got = pgm_row_values(st, vals, n);
        int any_int = 0;
        for (int i = 0; i < n; i++) {
            jobject o = NULL;
            nums[i] = 0;
            if (i < got && vals[i] && !pgm_value_is_null(vals[i])) {
                if (is_integer_type(pgm_value_type(vals[i]))) {
                    nums[i] = (jlong)pgm_value_int64(vals[i]);
                    o = int_marker;
                    any_int = 1;
                } else {
                    o = value_object(env, vals[i]);
                    if ((*env)->ExceptionCheck(env)) break;
                }
            }
            (*env)->SetObjectArrayElement(env, row, i, o);
            if (o && o != obj_TRUE && o != obj_FALSE && o != int_marker) (*env)->DeleteLocalRef(env, o);
        }
        if (any_int && ints && !(*env)->ExceptionCheck(env))
            (*env)->SetLongArrayRegion(env, ints, 0, n, nums);
        if (vals != vstack) free(vals);
        if (nums != istack) free(nums);
        return rc;
    }
    check_stmt(env, st, rc);
    return rc;
}

FN(jlong, changes)(JNIEnv *env, jclass c, jlong st) { (void)env; (void)c; return pgm_changes(ST(st)); }
FN(jstring, commandTag)(JNIEnv *env, jclass c, jlong st) { (void)c; return jstr(env, pgm_command_tag(ST(st))); }

FN(jint, columnCount)(JNIEnv *env, jclass c, jlong st) { (void)env; (void)c; return pgm_column_count(ST(st)); }
FN(jstring, columnName)(JNIEnv *env, jclass c, jlong st, jint i) { (void)c; return jstr(env, pgm_column_name(ST(st), i)); }
FN(jint, columnType)(JNIEnv *env, jclass c, jlong st, jint i) { (void)env; (void)c; return (jint)pgm_column_type(ST(st), i); }
FN(jstring, columnTypeName)(JNIEnv *env, jclass c, jlong st, jint i)
{
    (void)c;
    return jstr(env, pgm_column_type_name(ST(st), i));
}
FN(jint, columnTypmod)(JNIEnv *env, jclass c, jlong st, jint i) { (void)env; (void)c; return pgm_column_typmod(ST(st), i); }

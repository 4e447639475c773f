//! Raw FFI declarations of pgmicro's C ABI, `capi/pgmicro.h`.
//!
//! This crate compiles the bundled amalgamation (`csrc/pgmicro.c`) and links
//! the system libraries it needs.  Everything here is `unsafe` and mirrors
//! the header one to one; the documentation of each function lives in the
//! header (`csrc/pgmicro.h`), which is the manual.  Use the safe `pgmicro`
//! crate unless you need the raw interface.
//!
//! ```
//! use pgmicro_sys::*;
//! assert_eq!(unsafe { pgm_abi_version() }, PGM_ABI_VERSION);
//! ```
#![allow(non_camel_case_types)]
#![deny(missing_docs)]

use std::os::raw::{c_char, c_int, c_void};

/// The library version as text, as compiled into this header ("0.1.0").
pub const PGM_VERSION: &str = "0.1.0";
/// The library version as a number (major*1000000 + minor*1000 + patch).
pub const PGM_VERSION_NUMBER: c_int = 1000;
/// The ABI major version these declarations describe.
pub const PGM_ABI_VERSION: c_int = 1;

/// Success.
pub const PGM_OK: c_int = 0;
/// An SQL error: see the `pgm_error` for SQLSTATE and message.
pub const PGM_ERROR: c_int = 1;
/// The database file is locked by another connection (SQLSTATE 55P03).
pub const PGM_BUSY: c_int = 5;
/// Out of memory (SQLSTATE 53200).
pub const PGM_NOMEM: c_int = 7;
/// `pgm_interrupt()` or the statement timeout stopped the work (SQLSTATE 57014).
pub const PGM_INTERRUPTED: c_int = 9;
/// The database file could not be opened.
pub const PGM_CANTOPEN: c_int = 14;
/// The API was used incorrectly (NULL handle, wrong index, ...).
pub const PGM_MISUSE: c_int = 21;
/// `pgm_step()`: a row is ready.
pub const PGM_ROW: c_int = 100;
/// `pgm_step()`: the statement has finished.
pub const PGM_DONE: c_int = 101;

/// Type OID of `bool`.
pub const PGM_OID_BOOL: u32 = 16;
/// Type OID of `bytea`.
pub const PGM_OID_BYTEA: u32 = 17;
/// Type OID of `name`.
pub const PGM_OID_NAME: u32 = 19;
/// Type OID of `int8`.
pub const PGM_OID_INT8: u32 = 20;
/// Type OID of `int2`.
pub const PGM_OID_INT2: u32 = 21;
/// Type OID of `int4`.
pub const PGM_OID_INT4: u32 = 23;
/// Type OID of `text`.
pub const PGM_OID_TEXT: u32 = 25;
/// Type OID of `oid`.
pub const PGM_OID_OID: u32 = 26;
/// Type OID of `json`.
pub const PGM_OID_JSON: u32 = 114;
/// Type OID of `float4`.
pub const PGM_OID_FLOAT4: u32 = 700;
/// Type OID of `float8`.
pub const PGM_OID_FLOAT8: u32 = 701;
/// Type OID of `unknown`.
pub const PGM_OID_UNKNOWN: u32 = 705;
/// Type OID of `bpchar` (`char(n)`).
pub const PGM_OID_BPCHAR: u32 = 1042;
/// Type OID of `varchar`.
pub const PGM_OID_VARCHAR: u32 = 1043;
/// Type OID of `date`.
pub const PGM_OID_DATE: u32 = 1082;
/// Type OID of `time`.
pub const PGM_OID_TIME: u32 = 1083;
/// Type OID of `timestamp`.
pub const PGM_OID_TIMESTAMP: u32 = 1114;
/// Type OID of `timestamptz`.
pub const PGM_OID_TIMESTAMPTZ: u32 = 1184;
/// Type OID of `interval`.
pub const PGM_OID_INTERVAL: u32 = 1186;
/// Type OID of `numeric`.
pub const PGM_OID_NUMERIC: u32 = 1700;
/// Type OID of `uuid`.
pub const PGM_OID_UUID: u32 = 2950;
/// Type OID of `jsonb`.
pub const PGM_OID_JSONB: u32 = 3802;

/// `pgm_open` flag: open read-only.
pub const PGM_OPEN_READONLY: c_int = 0x0001;
/// `pgm_open` flag: fail with `PGM_CANTOPEN` if the file does not exist.
pub const PGM_OPEN_NOCREATE: c_int = 0x0002;
/// `pgm_open` flag: start in the SQLite dialect.
pub const PGM_OPEN_SQLITE_DIALECT: c_int = 0x0004;
/// `pgm_open` flag: interpret the path as a SQLite URI.
pub const PGM_OPEN_URI: c_int = 0x0008;

/// Dialect: PostgreSQL (the default).
pub const PGM_DIALECT_POSTGRES: c_int = 0;
/// Dialect: plain SQLite SQL.
pub const PGM_DIALECT_SQLITE: c_int = 1;

/// A PostgreSQL error report (opaque).
#[repr(C)]
pub struct pgm_error {
    _private: [u8; 0],
}

/// One connection (opaque).
#[repr(C)]
pub struct pgm_db {
    _private: [u8; 0],
}

/// One prepared statement (opaque).
#[repr(C)]
pub struct pgm_stmt {
    _private: [u8; 0],
}

/// One value of a result row, borrowed from its statement (opaque).
#[repr(C)]
pub struct pgm_value {
    _private: [u8; 0],
}

extern "C" {
    /// Library version as text.
    pub fn pgm_libversion() -> *const c_char;
    /// Library version as a number.
    pub fn pgm_libversion_number() -> c_int;
    /// ABI major version the library implements.
    pub fn pgm_abi_version() -> c_int;
    /// PostgreSQL version the engine follows ("15.x").
    pub fn pgm_pg_version() -> *const c_char;

    /// Five-character SQLSTATE.
    pub fn pgm_error_sqlstate(err: *const pgm_error) -> *const c_char;
    /// Primary message.
    pub fn pgm_error_message(err: *const pgm_error) -> *const c_char;
    /// DETAIL line or NULL.
    pub fn pgm_error_detail(err: *const pgm_error) -> *const c_char;
    /// HINT line or NULL.
    pub fn pgm_error_hint(err: *const pgm_error) -> *const c_char;
    /// 1-based character position, 0 when none.
    pub fn pgm_error_position(err: *const pgm_error) -> c_int;
    /// Severity ("ERROR", "FATAL").
    pub fn pgm_error_severity(err: *const pgm_error) -> *const c_char;
    /// Free an owned error (NULL-safe).
    pub fn pgm_error_free(err: *mut pgm_error);
    /// Copy an error (NULL-safe); the copy is owned by the caller.
    pub fn pgm_error_copy(err: *const pgm_error) -> *mut pgm_error;

    /// Open a connection.
    pub fn pgm_open(
        path: *const c_char,
        flags: c_int,
        out: *mut *mut pgm_db,
        errp: *mut *mut pgm_error,
    ) -> c_int;
    /// Close a connection (deferred while statements remain).
    pub fn pgm_close(db: *mut pgm_db) -> c_int;
    /// Interrupt the running statement, from any thread.
    pub fn pgm_interrupt(db: *mut pgm_db);
    /// Statement timeout in milliseconds (0 disables).
    pub fn pgm_set_statement_timeout(db: *mut pgm_db, ms: i64) -> c_int;
    /// Busy timeout in milliseconds.
    pub fn pgm_set_busy_timeout(db: *mut pgm_db, ms: c_int) -> c_int;
    /// Switch the dialect of later prepares.
    pub fn pgm_set_dialect(db: *mut pgm_db, dialect: c_int) -> c_int;
    /// The current dialect.
    pub fn pgm_get_dialect(db: *mut pgm_db) -> c_int;
    /// Transaction status: b'I', b'T' or b'E'.
    pub fn pgm_transaction_status(db: *mut pgm_db) -> c_char;
    /// Run every statement of a NUL-terminated text.
    pub fn pgm_exec(db: *mut pgm_db, sql: *const c_char, errp: *mut *mut pgm_error) -> c_int;

    /// Prepare the first statement of `sql`.
    pub fn pgm_prepare(
        db: *mut pgm_db,
        sql: *const c_char,
        len: i64,
        out: *mut *mut pgm_stmt,
        tail: *mut usize,
        errp: *mut *mut pgm_error,
    ) -> c_int;
    /// Destroy a statement (NULL-safe).
    pub fn pgm_finalize(stmt: *mut pgm_stmt) -> c_int;
    /// Reset a statement; bindings are kept.
    pub fn pgm_reset(stmt: *mut pgm_stmt) -> c_int;
    /// The error of the last failed call on `stmt`, borrowed, or NULL.
    pub fn pgm_stmt_error(stmt: *mut pgm_stmt) -> *const pgm_error;
    /// The SQL text of the statement.
    pub fn pgm_stmt_sql(stmt: *mut pgm_stmt) -> *const c_char;

    /// Number of parameters.
    pub fn pgm_param_count(stmt: *mut pgm_stmt) -> c_int;
    /// Inferred type OID of parameter `i` (1-based).
    pub fn pgm_param_type(stmt: *mut pgm_stmt, i: c_int) -> u32;
    /// Bind NULL.
    pub fn pgm_bind_null(stmt: *mut pgm_stmt, i: c_int) -> c_int;
    /// Bind a 64-bit integer.
    pub fn pgm_bind_int64(stmt: *mut pgm_stmt, i: c_int, v: i64) -> c_int;
    /// Bind a double.
    pub fn pgm_bind_double(stmt: *mut pgm_stmt, i: c_int, v: f64) -> c_int;
    /// Bind a boolean.
    pub fn pgm_bind_bool(stmt: *mut pgm_stmt, i: c_int, v: c_int) -> c_int;
    /// Bind text in the parameter type's input syntax.
    pub fn pgm_bind_text(stmt: *mut pgm_stmt, i: c_int, s: *const c_char, len: i64) -> c_int;
    /// Bind raw bytes.
    pub fn pgm_bind_bytea(stmt: *mut pgm_stmt, i: c_int, p: *const c_void, len: i64) -> c_int;
    /// Bind text of the given type OID, cast to the parameter's type.
    pub fn pgm_bind_typed_text(
        stmt: *mut pgm_stmt,
        i: c_int,
        type_oid: u32,
        s: *const c_char,
        len: i64,
    ) -> c_int;
    /// Set every parameter back to NULL.
    pub fn pgm_clear_bindings(stmt: *mut pgm_stmt) -> c_int;

    /// Advance the statement.
    pub fn pgm_step(stmt: *mut pgm_stmt) -> c_int;
    /// Rows affected or returned by the last completed execution.
    pub fn pgm_changes(stmt: *mut pgm_stmt) -> i64;
    /// Command tag of the last completed execution.
    pub fn pgm_command_tag(stmt: *mut pgm_stmt) -> *const c_char;

    /// Number of result columns.
    pub fn pgm_column_count(stmt: *mut pgm_stmt) -> c_int;
    /// Column name.
    pub fn pgm_column_name(stmt: *mut pgm_stmt, i: c_int) -> *const c_char;
    /// Column type OID.
    pub fn pgm_column_type(stmt: *mut pgm_stmt, i: c_int) -> u32;
    /// Column `pg_type.typname`.
    pub fn pgm_column_type_name(stmt: *mut pgm_stmt, i: c_int) -> *const c_char;
    /// Column type modifier.
    pub fn pgm_column_typmod(stmt: *mut pgm_stmt, i: c_int) -> i32;

    /// Value of column `i` of the current row, borrowed.
    pub fn pgm_column_value(stmt: *mut pgm_stmt, i: c_int) -> *mut pgm_value;
    /// The first `n` values of the current row.
    pub fn pgm_row_values(stmt: *mut pgm_stmt, out: *mut *mut pgm_value, n: c_int) -> c_int;

    /// Type OID of the value.
    pub fn pgm_value_type(v: *const pgm_value) -> u32;
    /// 1 if SQL NULL.
    pub fn pgm_value_is_null(v: *const pgm_value) -> c_int;
    /// The value as a 64-bit integer.
    pub fn pgm_value_int64(v: *const pgm_value) -> i64;
    /// The value as a double.
    pub fn pgm_value_double(v: *const pgm_value) -> f64;
    /// Raw bytes (bytea) or text output, borrowed.
    pub fn pgm_value_bytes(v: *const pgm_value, len: *mut usize) -> *const c_void;
    /// PostgreSQL's text output, borrowed, NUL-terminated.
    pub fn pgm_value_text(v: *const pgm_value, len: *mut usize) -> *const c_char;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;
    use std::ptr;

    #[test]
    fn versions_match_header() {
        unsafe {
            assert_eq!(pgm_abi_version(), PGM_ABI_VERSION);
            let v = CStr::from_ptr(pgm_libversion()).to_str().unwrap();
            assert_eq!(v, PGM_VERSION);
        }
    }

    #[test]
    fn select_one() {
        unsafe {
            let mut db = ptr::null_mut();
            let mut err = ptr::null_mut();
            assert_eq!(pgm_open(c":memory:".as_ptr(), 0, &mut db, &mut err), PGM_OK);
            let mut st = ptr::null_mut();
            let sql = c"SELECT $1::int + 1";
            assert_eq!(pgm_prepare(db, sql.as_ptr(), -1, &mut st, ptr::null_mut(), &mut err), PGM_OK);
            assert_eq!(pgm_bind_int64(st, 1, 41), PGM_OK);
            assert_eq!(pgm_step(st), PGM_ROW);
            assert_eq!(pgm_value_int64(pgm_column_value(st, 0)), 42);
            assert_eq!(pgm_step(st), PGM_DONE);
            pgm_finalize(st);
            pgm_close(db);
        }
    }
}

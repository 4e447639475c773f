//! Errors: [`Error`], and [`DbError`], the PostgreSQL error report behind
//! every failure the engine itself reports.

use std::error::Error as StdError;
use std::ffi::CStr;
use std::fmt;
use std::os::raw::c_int;

use pgmicro_sys as ffi;

use crate::types::FromSqlError;

/// The kind of failure an engine call reported, from its status code.
///
/// ```
/// use pgmicro::{Connection, ErrorCode};
/// let conn = Connection::open_in_memory()?;
/// let err = conn.execute("SELEC 1", ()).unwrap_err();
/// assert_eq!(err.db_error().unwrap().code(), ErrorCode::Error);
/// # Ok::<(), pgmicro::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// An SQL error (`PGM_ERROR`): see the SQLSTATE.
    Error,
    /// The statement was interrupted or timed out (`PGM_INTERRUPTED`, SQLSTATE 57014).
    Interrupted,
    /// The database file is locked by another connection (`PGM_BUSY`, SQLSTATE 55P03).
    Busy,
    /// Out of memory (`PGM_NOMEM`, SQLSTATE 53200).
    NoMem,
    /// The database file could not be opened (`PGM_CANTOPEN`).
    CantOpen,
    /// The API was used incorrectly (`PGM_MISUSE`).
    Misuse,
    /// Any other status code.
    Other(i32),
}

impl ErrorCode {
    pub(crate) fn from_rc(rc: c_int) -> ErrorCode {
        match rc {
            ffi::PGM_ERROR => ErrorCode::Error,
            ffi::PGM_INTERRUPTED => ErrorCode::Interrupted,
            ffi::PGM_BUSY => ErrorCode::Busy,
            ffi::PGM_NOMEM => ErrorCode::NoMem,
            ffi::PGM_CANTOPEN => ErrorCode::CantOpen,
            ffi::PGM_MISUSE => ErrorCode::Misuse,
            other => ErrorCode::Other(other),
        }
    }

    fn fallback_sqlstate(self) -> &'static str {
        match self {
            ErrorCode::Interrupted => "57014",
            ErrorCode::Busy => "55P03",
            ErrorCode::NoMem => "53200",
            ErrorCode::CantOpen => "58030",
            _ => "XX000",
        }
    }
}

/// A PostgreSQL error report: SQLSTATE, message, detail, hint and position,
/// as the engine produced it.
///
/// ```
/// use pgmicro::Connection;
/// let conn = Connection::open_in_memory()?;
/// let err = conn.execute("SELECT * FROM missing", ()).unwrap_err();
/// let db = err.db_error().unwrap();
/// assert_eq!(db.sqlstate(), "42P01");
/// assert!(db.message().contains("missing"));
/// assert_eq!(db.position(), Some(15));
/// # Ok::<(), pgmicro::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbError {
    code: ErrorCode,
    sqlstate: String,
    message: String,
    detail: Option<String>,
    hint: Option<String>,
    position: Option<u32>,
    severity: String,
}

unsafe fn opt_string(p: *const std::os::raw::c_char) -> Option<String> {
    if p.is_null() {
        None
    } else {
        Some(CStr::from_ptr(p).to_string_lossy().into_owned())
    }
}

impl DbError {
    /// Copies an engine error report (which may be NULL: then a report is
    /// made up from the status code).
    ///
    /// # Safety
    /// `err` is NULL or a valid `pgm_error`.
    pub(crate) unsafe fn from_raw(rc: c_int, err: *const ffi::pgm_error) -> DbError {
        let code = ErrorCode::from_rc(rc);
        if err.is_null() {
            return DbError {
                code,
                sqlstate: code.fallback_sqlstate().to_owned(),
                message: format!("pgmicro: status {rc}"),
                detail: None,
                hint: None,
                position: None,
                severity: "ERROR".to_owned(),
            };
        }
        let position = ffi::pgm_error_position(err);
        DbError {
            code,
            sqlstate: opt_string(ffi::pgm_error_sqlstate(err)).unwrap_or_else(|| "XX000".into()),
            message: opt_string(ffi::pgm_error_message(err)).unwrap_or_default(),
            detail: opt_string(ffi::pgm_error_detail(err)),
            hint: opt_string(ffi::pgm_error_hint(err)),
            position: if position > 0 { Some(position as u32) } else { None },
            severity: opt_string(ffi::pgm_error_severity(err)).unwrap_or_else(|| "ERROR".into()),
        }
    }

    /// The status code of the failed call.
    pub fn code(&self) -> ErrorCode {
        self.code
    }
    /// The five-character SQLSTATE, e.g. `"23505"`.
    pub fn sqlstate(&self) -> &str {
        &self.sqlstate
    }
    /// The primary message, without severity or SQLSTATE.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// The DETAIL line, if any.
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }
    /// The HINT line, if any.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }
    /// The 1-based character position in the statement text the error points at.
    pub fn position(&self) -> Option<u32> {
        self.position
    }
    /// The severity as PostgreSQL spells it (`"ERROR"`, `"FATAL"`).
    pub fn severity(&self) -> &str {
        &self.severity
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} (SQLSTATE {})", self.severity, self.message, self.sqlstate)?;
        if let Some(d) = &self.detail {
            write!(f, "\nDETAIL: {d}")?;
        }
        if let Some(h) = &self.hint {
            write!(f, "\nHINT: {h}")?;
        }
        Ok(())
    }
}

impl StdError for DbError {}

/// Every error this crate returns.
///
/// Failures reported by the engine are [`Error::Db`]; the others are
/// detected by the binding itself.  [`Error::sqlstate`] gives the SQLSTATE
/// of an engine error.
///
/// ```
/// use pgmicro::{params, Connection};
/// let conn = Connection::open_in_memory()?;
/// conn.execute_batch("CREATE TABLE t (id int PRIMARY KEY)")?;
/// conn.execute("INSERT INTO t VALUES ($1)", params![1])?;
/// let err = conn.execute("INSERT INTO t VALUES ($1)", params![1]).unwrap_err();
/// assert_eq!(err.sqlstate(), Some("23505"));
/// # Ok::<(), pgmicro::Error>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// An error reported by the engine (boxed: it is large and rare).
    Db(Box<DbError>),
    /// The linked library implements another ABI major version.
    AbiMismatch {
        /// What `pgm_abi_version()` returned.
        library: i32,
        /// The version this crate was built for.
        expected: i32,
    },
    /// A path or SQL text passed as a C string contained a NUL byte.
    NulError(std::ffi::NulError),
    /// Text from the engine was not valid UTF-8.
    Utf8Error(std::str::Utf8Error),
    /// The number of parameters given differs from the statement's.
    InvalidParameterCount {
        /// Parameters given.
        given: usize,
        /// Parameters the statement has.
        expected: usize,
    },
    /// A column index out of range.
    InvalidColumnIndex(usize),
    /// No column has this name.
    InvalidColumnName(String),
    /// The column's type cannot be read as the requested Rust type:
    /// index, column name, PostgreSQL type name.
    InvalidColumnType(usize, String, String),
    /// The column is NULL and the requested Rust type is not an `Option`:
    /// index, column name.
    UnexpectedNull(usize, String),
    /// An integer column whose value does not fit the requested Rust type.
    IntegralValueOutOfRange(usize, i64),
    /// A value could not be converted to the requested Rust type:
    /// index, type OID of the column, cause.
    FromSqlConversionFailure(usize, u32, Box<dyn StdError + Send + Sync + 'static>),
    /// A Rust value could not be converted to a parameter.
    ToSqlConversionFailure(Box<dyn StdError + Send + Sync + 'static>),
    /// [`query_row`](crate::Connection::query_row) found no row.
    QueryReturnedNoRows,
    /// The SQL text holds more than one statement where one is expected.
    MultipleStatement,
    /// The SQL text holds no statement.
    EmptyQuery,
    /// A transaction was started while one is already open.
    TransactionActive,
    /// `COMMIT` ended a failed transaction, which PostgreSQL rolls back.
    CommitRolledBack,
}

impl Error {
    /// The SQLSTATE of an engine error, `None` for errors of the binding.
    pub fn sqlstate(&self) -> Option<&str> {
        match self {
            Error::Db(e) => Some(e.sqlstate()),
            _ => None,
        }
    }

    /// The engine's error report, if this is an engine error.
    pub fn db_error(&self) -> Option<&DbError> {
        match self {
            Error::Db(e) => Some(&**e),
            _ => None,
        }
    }

    /// Builds the error of a failed call that returned `rc` and whose report
    /// is `err` (NULL allowed).
    ///
    /// # Safety
    /// `err` is NULL or a valid `pgm_error`.
    pub(crate) unsafe fn from_raw(rc: c_int, err: *const ffi::pgm_error) -> Error {
        Error::Db(Box::new(DbError::from_raw(rc, err)))
    }

    /// Builds the error and frees an owned report.
    ///
    /// # Safety
    /// `err` is NULL or an owned `pgm_error`, not used afterwards.
    pub(crate) unsafe fn from_owned(rc: c_int, err: *mut ffi::pgm_error) -> Error {
        let e = Error::from_raw(rc, err);
        ffi::pgm_error_free(err);
        e
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Db(e) => e.fmt(f),
            Error::AbiMismatch { library, expected } => write!(
                f,
                "pgmicro library implements ABI {library}, this binding needs ABI {expected}"
            ),
            Error::NulError(e) => write!(f, "{e}"),
            Error::Utf8Error(e) => write!(f, "{e}"),
            Error::InvalidParameterCount { given, expected } => {
                write!(f, "wrong number of parameters: {given} given, statement has {expected}")
            }
            Error::InvalidColumnIndex(i) => write!(f, "invalid column index: {i}"),
            Error::InvalidColumnName(n) => write!(f, "invalid column name: {n}"),
            Error::InvalidColumnType(i, n, t) => {
                write!(f, "column {i} ({n}) of type {t} cannot be read as the requested type")
            }
            Error::UnexpectedNull(i, n) => {
                write!(f, "column {i} ({n}) is NULL; read it as an Option")
            }
            Error::IntegralValueOutOfRange(i, v) => {
                write!(f, "integer {v} of column {i} is out of range of the requested type")
            }
            Error::FromSqlConversionFailure(i, oid, e) => {
                write!(f, "conversion of column {i} (type OID {oid}) failed: {e}")
            }
            Error::ToSqlConversionFailure(e) => write!(f, "parameter conversion failed: {e}"),
            Error::QueryReturnedNoRows => write!(f, "query returned no rows"),
            Error::MultipleStatement => write!(f, "more than one statement in the SQL text"),
            Error::EmptyQuery => write!(f, "the SQL text holds no statement"),
            Error::TransactionActive => write!(f, "a transaction is already open"),
            Error::CommitRolledBack => {
                write!(f, "COMMIT of a failed transaction: it was rolled back")
            }
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Error::Db(e) => Some(&**e),
            Error::NulError(e) => Some(e),
            Error::Utf8Error(e) => Some(e),
            Error::FromSqlConversionFailure(_, _, e) => Some(&**e),
            Error::ToSqlConversionFailure(e) => Some(&**e),
            _ => None,
        }
    }
}

impl From<DbError> for Error {
    fn from(e: DbError) -> Error {
        Error::Db(Box::new(e))
    }
}

impl From<std::ffi::NulError> for Error {
    fn from(e: std::ffi::NulError) -> Error {
        Error::NulError(e)
    }
}

impl From<std::str::Utf8Error> for Error {
    fn from(e: std::str::Utf8Error) -> Error {
        Error::Utf8Error(e)
    }
}

/// A conversion error outside of a row (e.g. from
/// [`ValueRef::as_str`](crate::types::ValueRef::as_str)) without its column.
impl From<FromSqlError> for Error {
    fn from(e: FromSqlError) -> Error {
        match e {
            FromSqlError::InvalidType => {
                Error::InvalidColumnType(0, String::new(), "unknown".to_owned())
            }
            FromSqlError::UnexpectedNull => Error::UnexpectedNull(0, String::new()),
            FromSqlError::OutOfRange(v) => Error::IntegralValueOutOfRange(0, v),
            FromSqlError::Other(e) => Error::FromSqlConversionFailure(0, 0, e),
        }
    }
}

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

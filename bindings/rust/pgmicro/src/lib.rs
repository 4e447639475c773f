//! Safe bindings to pgmicro, an in-process PostgreSQL, shaped like
//! [rusqlite](https://docs.rs/rusqlite): a [`Connection`] prepares
//! [`Statement`]s, whose [`Rows`] yield [`Row`]s read with [`Row::get`];
//! parameters are anything implementing [`ToSql`] (see [`params!`]); column
//! values convert with [`FromSql`].  Errors carry PostgreSQL's SQLSTATE,
//! message, detail, hint and position ([`Error::sqlstate`], [`DbError`]).
//!
//! ```
//! use pgmicro::{params, Connection};
//!
//! let conn = Connection::open_in_memory()?;
//! conn.execute_batch("CREATE TABLE person (id serial PRIMARY KEY, name text NOT NULL, born date)")?;
//! conn.execute("INSERT INTO person (name, born) VALUES ($1, $2::date)", params!["Ada", "1815-12-10"])?;
//! let mut stmt = conn.prepare("SELECT id, name, born::text FROM person WHERE name = $1")?;
//! let people = stmt
//!     .query_map(["Ada"], |row| Ok((row.get::<_, i32>(0)?, row.get::<_, String>("name")?, row.get::<_, Option<String>>(2)?)))?
//!     .collect::<Result<Vec<_>, _>>()?;
//! assert_eq!(people, vec![(1, "Ada".to_string(), Some("1815-12-10".to_string()))]);
//! # Ok::<(), pgmicro::Error>(())
//! ```
//!
//! # Types
//!
//! | Rust | PostgreSQL |
//! |---|---|
//! | `bool` | `bool` |
//! | `i16`, `i32`, `i64` (and smaller/unsigned integers) | `int2`, `int4`, `int8` |
//! | `f32`, `f64` | `float4`, `float8` (`f64` also reads integers and `numeric`) |
//! | `String`, `&str` | `text`, `varchar`, `bpchar`, ...; `String` reads the text output of any type |
//! | `Vec<u8>`, `&[u8]` | `bytea` |
//! | `Option<T>` | NULL |
//! | [`types::Value`] | any (dynamic) |
//! | `chrono::NaiveDate`, `NaiveTime`, `NaiveDateTime`, `DateTime<Utc>`, `DateTime<FixedOffset>` (feature `chrono`) | `date`, `time`, `timestamp`, `timestamptz` |
//! | `uuid::Uuid` (feature `uuid`) | `uuid` |
//! | `rust_decimal::Decimal` (feature `rust_decimal`) | `numeric` |
//! | `serde_json::Value` (feature `serde_json`) | `jsonb`, `json` |
//!
//! Borrowed values (`&str`, `&[u8]`) are read through [`Row::get_ref`]; they
//! live as long as the borrow of the row, so they can never outlive it.
//!
//! # Threads
//!
//! A [`Connection`] is `Send` but not `Sync`: move it to another thread, or
//! share it behind a mutex.  A [`Statement`] stays on its connection's
//! thread.  An [`InterruptHandle`] is `Send + Sync` and cancels the running
//! statement from any thread.
#![deny(missing_docs)]
#![warn(rust_2018_idioms)]

use std::ffi::{CStr, CString};
use std::marker::PhantomData;
use std::os::raw::c_int;
use std::path::Path;
use std::ptr::{self, NonNull};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use pgmicro_sys as ffi;

mod error;
mod params;
mod row;
mod statement;
mod transaction;
pub mod types;

pub use crate::error::{DbError, Error, ErrorCode, Result};
pub use crate::params::{params_from_iter, Params, ParamsFromIter};
pub use crate::row::{MappedRows, Row, RowIndex, Rows};
pub use crate::statement::Statement;
pub use crate::transaction::{DropBehavior, Transaction};
pub use crate::types::{FromSql, ToSql};

/// Builds the parameter list of a statement from expressions of different
/// types, each implementing [`ToSql`].
///
/// ```
/// use pgmicro::{params, Connection};
/// let conn = Connection::open_in_memory()?;
/// let n: i64 = conn.query_row("SELECT $1::int8 + length($2)", params![40_i64, "ab"], |r| r.get(0))?;
/// assert_eq!(n, 42);
/// # Ok::<(), pgmicro::Error>(())
/// ```
#[macro_export]
macro_rules! params {
    () => {
        &[] as &[&dyn $crate::ToSql]
    };
    ($($param:expr),+ $(,)?) => {
        &[$(&$param as &dyn $crate::ToSql),+] as &[&dyn $crate::ToSql]
    };
}

/// The library version as text ("0.1.0").
///
/// ```
/// assert!(!pgmicro::version().is_empty());
/// ```
pub fn version() -> &'static str {
    // SAFETY: the library returns a static NUL-terminated string.
    unsafe { CStr::from_ptr(ffi::pgm_libversion()) }.to_str().unwrap_or("")
}

/// The PostgreSQL version whose behaviour the engine follows ("15.x").
///
/// ```
/// assert!(pgmicro::pg_version().starts_with("15"));
/// ```
pub fn pg_version() -> &'static str {
    // SAFETY: the library returns a static NUL-terminated string.
    unsafe { CStr::from_ptr(ffi::pgm_pg_version()) }.to_str().unwrap_or("")
}

/// The ABI major version of the linked library (checked at every open).
///
/// ```
/// assert_eq!(pgmicro::abi_version(), pgmicro::ffi::PGM_ABI_VERSION);
/// ```
pub fn abi_version() -> i32 {
    // SAFETY: no arguments, no state.
    unsafe { ffi::pgm_abi_version() }
}

/// Flags for [`Connection::open_with_flags`]; combine with `|`.
///
/// ```
/// use pgmicro::{Connection, OpenFlags};
/// let err = Connection::open_with_flags("/nonexistent/dir/x.db", OpenFlags::NO_CREATE).unwrap_err();
/// assert!(err.db_error().is_some());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct OpenFlags(i32);

impl OpenFlags {
    /// Read-write, create the file if missing, PostgreSQL dialect.
    pub const DEFAULT: OpenFlags = OpenFlags(0);
    /// Open read-only.
    pub const READ_ONLY: OpenFlags = OpenFlags(ffi::PGM_OPEN_READONLY);
    /// Fail if the file does not exist.
    pub const NO_CREATE: OpenFlags = OpenFlags(ffi::PGM_OPEN_NOCREATE);
    /// Start in the SQLite dialect.
    pub const SQLITE_DIALECT: OpenFlags = OpenFlags(ffi::PGM_OPEN_SQLITE_DIALECT);
    /// Interpret the path as a SQLite URI (`file:name?mode=memory&cache=shared`).
    pub const URI: OpenFlags = OpenFlags(ffi::PGM_OPEN_URI);

    /// The raw `PGM_OPEN_*` bits.
    pub fn bits(self) -> i32 {
        self.0
    }
    /// Whether every bit of `other` is set.
    pub fn contains(self, other: OpenFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for OpenFlags {
    type Output = OpenFlags;
    fn bitor(self, rhs: OpenFlags) -> OpenFlags {
        OpenFlags(self.0 | rhs.0)
    }
}

/// The state of the connection's transaction
/// ([`Connection::transaction_status`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransactionStatus {
    /// No transaction block is open (autocommit).
    Idle,
    /// Inside a transaction block.
    InTransaction,
    /// Inside a failed transaction block: only `ROLLBACK` is accepted.
    Failed,
}

/// The SQL dialect of later prepares ([`Connection::set_dialect`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// PostgreSQL SQL (the default).
    Postgres,
    /// Plain SQLite SQL against the same database.
    Sqlite,
}

/// The connection pointer shared with [`InterruptHandle`]s: NULL once the
/// connection is closed, so a late interrupt is a no-op.
struct SharedDb(Mutex<*mut ffi::pgm_db>);

// SAFETY: the pointer is only used for pgm_interrupt (callable from any
// thread) under the mutex, and cleared under the mutex before pgm_close.
unsafe impl Send for SharedDb {}
unsafe impl Sync for SharedDb {}

/// A connection to a pgmicro database (a file or memory).
///
/// Closed when dropped; [`Connection::close`] closes it explicitly.
///
/// ```
/// use pgmicro::Connection;
/// let conn = Connection::open_in_memory()?;
/// conn.execute_batch("CREATE TABLE t (x int); INSERT INTO t VALUES (1), (2)")?;
/// let n: i64 = conn.query_row("SELECT count(*) FROM t", [], |r| r.get(0))?;
/// assert_eq!(n, 2);
/// # Ok::<(), pgmicro::Error>(())
/// ```
///
/// A connection is `Send` but not `Sync` (share it behind a `Mutex`):
///
/// ```compile_fail
/// fn is_sync<T: Sync>() {}
/// is_sync::<pgmicro::Connection>();
/// ```
pub struct Connection {
    db: NonNull<ffi::pgm_db>,
    shared: Arc<SharedDb>,
    // Not Sync: one thread at a time uses a connection.
    _not_sync: PhantomData<std::cell::Cell<()>>,
}

// SAFETY: the ABI allows a pgm_db (and everything from it) to be used by
// one thread at a time; Connection is not Sync and every Statement borrows
// it, so moving it moves all use to the new thread.
unsafe impl Send for Connection {}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection").field("status", &self.transaction_status()).finish()
    }
}

impl Connection {
    /// Opens (creating if missing) the database file at `path`; `":memory:"`
    /// opens a private in-memory database.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("pgmicro-doc-{}.db", std::process::id()));
    /// {
    ///     let conn = pgmicro::Connection::open(&dir)?;
    ///     conn.execute_batch("CREATE TABLE t (x int); INSERT INTO t VALUES (7)")?;
    /// }
    /// let conn = pgmicro::Connection::open(&dir)?;
    /// assert_eq!(conn.query_row("SELECT x FROM t", [], |r| r.get::<_, i32>(0))?, 7);
    /// # drop(conn); std::fs::remove_file(&dir).ok();
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn open<P: AsRef<Path>>(path: P) -> Result<Connection> {
        Connection::open_with_flags(path, OpenFlags::DEFAULT)
    }

    /// Opens a private in-memory database.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn open_in_memory() -> Result<Connection> {
        Connection::open_with_flags(":memory:", OpenFlags::DEFAULT)
    }

    /// Opens `path` with [`OpenFlags`].
    ///
    /// ```
    /// use pgmicro::{Connection, OpenFlags};
    /// let a = Connection::open_with_flags("file:doc_shared?mode=memory&cache=shared", OpenFlags::URI)?;
    /// let b = Connection::open_with_flags("file:doc_shared?mode=memory&cache=shared", OpenFlags::URI)?;
    /// a.execute_batch("CREATE TABLE t (x int); INSERT INTO t VALUES (1)")?;
    /// assert_eq!(b.query_row("SELECT x FROM t", [], |r| r.get::<_, i32>(0))?, 1);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn open_with_flags<P: AsRef<Path>>(path: P, flags: OpenFlags) -> Result<Connection> {
        let library = abi_version();
        if library != ffi::PGM_ABI_VERSION {
            return Err(Error::AbiMismatch { library, expected: ffi::PGM_ABI_VERSION });
        }
        let c_path = path_to_cstring(path.as_ref())?;
        let mut db = ptr::null_mut();
        let mut err = ptr::null_mut();
        // SAFETY: valid C string and out-pointers.
        let rc = unsafe { ffi::pgm_open(c_path.as_ptr(), flags.0, &mut db, &mut err) };
        if rc != ffi::PGM_OK {
            // SAFETY: db is NULL or a handle to release; err is owned.
            unsafe {
                ffi::pgm_close(db);
                return Err(Error::from_owned(rc, err));
            }
        }
        // SAFETY: err is NULL or owned.
        unsafe { ffi::pgm_error_free(err) };
        let db = NonNull::new(db).ok_or_else(|| {
            // SAFETY: NULL error builds a generic report.
            unsafe { Error::from_raw(ffi::PGM_CANTOPEN, ptr::null()) }
        })?;
        Ok(Connection {
            db,
            shared: Arc::new(SharedDb(Mutex::new(db.as_ptr()))),
            _not_sync: PhantomData,
        })
    }

    pub(crate) fn handle(&self) -> *mut ffi::pgm_db {
        self.db.as_ptr()
    }

    /// Runs every statement of `sql` in order, discarding result rows; stops
    /// at the first error.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// conn.execute_batch("
    ///     CREATE TABLE a (x int);
    ///     INSERT INTO a VALUES (1);
    ///     SELECT * FROM a;
    /// ")?;
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        let c_sql = CString::new(sql)?;
        let mut err = ptr::null_mut();
        // SAFETY: open handle, valid C string, out-pointer.
        let rc = unsafe { ffi::pgm_exec(self.handle(), c_sql.as_ptr(), &mut err) };
        if rc != ffi::PGM_OK {
            // SAFETY: err is owned.
            return Err(unsafe { Error::from_owned(rc, err) });
        }
        // SAFETY: err is NULL or owned.
        unsafe { ffi::pgm_error_free(err) };
        Ok(())
    }

    /// Prepares and runs one statement with `params`, returning the number
    /// of rows it inserted, updated, deleted or returned (the number of its
    /// command tag).
    ///
    /// ```
    /// use pgmicro::{params, Connection};
    /// let conn = Connection::open_in_memory()?;
    /// conn.execute("CREATE TABLE t (x int)", ())?;
    /// assert_eq!(conn.execute("INSERT INTO t VALUES ($1), ($2)", params![1, 2])?, 2);
    /// assert_eq!(conn.execute("UPDATE t SET x = x + 1", [])?, 2);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<u64> {
        self.prepare(sql)?.execute(params)
    }

    /// Prepares one statement.  `sql` must hold exactly one statement (a
    /// trailing `;` is fine): otherwise [`Error::MultipleStatement`] or
    /// [`Error::EmptyQuery`].
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let mut stmt = conn.prepare("SELECT $1::int * 2 AS twice")?;
    /// assert_eq!(stmt.column_name(0)?, "twice");
    /// assert_eq!(stmt.query_row([21], |r| r.get::<_, i32>(0))?, 42);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        let (stmt, tail) = self.prepare_one(sql)?;
        let stmt = match stmt {
            Some(s) => s,
            None => return Err(Error::EmptyQuery),
        };
        let rest = sql.get(tail.min(sql.len())..).unwrap_or("");
        if rest.chars().any(|c| !c.is_whitespace() && c != ';') {
            // Something follows: a statement, or only comments?
            match self.prepare_one(rest) {
                Ok((None, _)) => {}
                _ => return Err(Error::MultipleStatement),
            }
        }
        Ok(stmt)
    }

    fn prepare_one(&self, sql: &str) -> Result<(Option<Statement<'_>>, usize)> {
        let mut st = ptr::null_mut();
        let mut tail: usize = 0;
        let mut err = ptr::null_mut();
        // SAFETY: open handle; sql is passed with its length.
        let rc = unsafe {
            ffi::pgm_prepare(
                self.handle(),
                sql.as_ptr().cast(),
                sql.len() as i64,
                &mut st,
                &mut tail,
                &mut err,
            )
        };
        if rc != ffi::PGM_OK {
            // SAFETY: st is NULL or to be released; err owned.
            unsafe {
                ffi::pgm_finalize(st);
                return Err(Error::from_owned(rc, err));
            }
        }
        // SAFETY: err is NULL or owned.
        unsafe { ffi::pgm_error_free(err) };
        Ok((NonNull::new(st).map(|st| Statement::new(self, st)), tail))
    }

    /// Runs a query expected to return at least one row and maps its first
    /// row with `f`; [`Error::QueryReturnedNoRows`] when there is none.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let (a, b): (i32, String) = conn.query_row("SELECT 1, 'x'", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    /// assert_eq!((a, b.as_str()), (1, "x"));
    /// let none = conn.query_row("SELECT 1 WHERE false", [], |r| r.get::<_, i32>(0));
    /// assert!(matches!(none, Err(pgmicro::Error::QueryReturnedNoRows)));
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn query_row<T, P, F>(&self, sql: &str, params: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        self.prepare(sql)?.query_row(params, f)
    }

    /// Begins a transaction; it rolls back when dropped unless committed.
    ///
    /// ```
    /// let mut conn = pgmicro::Connection::open_in_memory()?;
    /// conn.execute_batch("CREATE TABLE t (x int)")?;
    /// {
    ///     let tx = conn.transaction()?;
    ///     tx.execute("INSERT INTO t VALUES (1)", [])?;
    ///     // dropped: rolled back
    /// }
    /// let tx = conn.transaction()?;
    /// tx.execute("INSERT INTO t VALUES (2)", [])?;
    /// tx.commit()?;
    /// assert_eq!(conn.query_row("SELECT sum(x) FROM t", [], |r| r.get::<_, i64>(0))?, 2);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn transaction(&mut self) -> Result<Transaction<'_>> {
        Transaction::new(self)
    }

    /// Begins a transaction through a shared reference (the caller makes
    /// sure no other transaction is begun on the connection meanwhile; a
    /// second one fails with [`Error::TransactionActive`]).
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let tx = conn.unchecked_transaction()?;
    /// assert!(matches!(conn.unchecked_transaction(), Err(pgmicro::Error::TransactionActive)));
    /// tx.rollback()?;
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn unchecked_transaction(&self) -> Result<Transaction<'_>> {
        Transaction::new(self)
    }

    /// A handle that interrupts the statement running on this connection
    /// from any thread.  It stays safe to use after the connection closes
    /// (it then does nothing).
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let handle = conn.get_interrupt_handle();
    /// std::thread::spawn(move || handle.interrupt()).join().unwrap();
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn get_interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle { shared: Arc::clone(&self.shared) }
    }

    /// The transaction state: idle, in a block, or in a failed block.
    ///
    /// ```
    /// use pgmicro::{Connection, TransactionStatus};
    /// let conn = Connection::open_in_memory()?;
    /// assert_eq!(conn.transaction_status(), TransactionStatus::Idle);
    /// conn.execute_batch("BEGIN")?;
    /// assert_eq!(conn.transaction_status(), TransactionStatus::InTransaction);
    /// assert!(conn.execute_batch("SELECT 1/0").is_err());
    /// assert_eq!(conn.transaction_status(), TransactionStatus::Failed);
    /// conn.execute_batch("ROLLBACK")?;
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn transaction_status(&self) -> TransactionStatus {
        // SAFETY: open handle.
        match unsafe { ffi::pgm_transaction_status(self.handle()) } as u8 {
            b'T' => TransactionStatus::InTransaction,
            b'E' => TransactionStatus::Failed,
            _ => TransactionStatus::Idle,
        }
    }

    /// Whether no transaction block is open.
    ///
    /// ```
    /// assert!(pgmicro::Connection::open_in_memory()?.is_autocommit());
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn is_autocommit(&self) -> bool {
        self.transaction_status() == TransactionStatus::Idle
    }

    /// Sets the statement timeout of later statements (like PostgreSQL's
    /// `statement_timeout`); `None` or zero disables it.  A statement that
    /// runs longer fails with SQLSTATE 57014.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// conn.set_statement_timeout(Some(std::time::Duration::from_secs(30)))?;
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn set_statement_timeout(&self, timeout: Option<Duration>) -> Result<()> {
        let ms = timeout.map_or(0, |d| d.as_millis().min(i64::MAX as u128) as i64);
        // SAFETY: open handle.
        let rc = unsafe { ffi::pgm_set_statement_timeout(self.handle(), ms) };
        self.check(rc)
    }

    /// Sets how long a statement waits for another connection's lock on the
    /// same file before failing with SQLSTATE 55P03 (default 5 s).
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// conn.busy_timeout(std::time::Duration::from_millis(100))?;
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn busy_timeout(&self, timeout: Duration) -> Result<()> {
        let ms = timeout.as_millis().min(c_int::MAX as u128) as c_int;
        // SAFETY: open handle.
        let rc = unsafe { ffi::pgm_set_busy_timeout(self.handle(), ms) };
        self.check(rc)
    }

    /// Switches the dialect of later prepares.
    ///
    /// ```
    /// use pgmicro::{Connection, Dialect};
    /// let conn = Connection::open_in_memory()?;
    /// conn.set_dialect(Dialect::Sqlite)?;
    /// assert_eq!(conn.dialect(), Dialect::Sqlite);
    /// conn.set_dialect(Dialect::Postgres)?;
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn set_dialect(&self, dialect: Dialect) -> Result<()> {
        let d = match dialect {
            Dialect::Postgres => ffi::PGM_DIALECT_POSTGRES,
            Dialect::Sqlite => ffi::PGM_DIALECT_SQLITE,
        };
        // SAFETY: open handle.
        let rc = unsafe { ffi::pgm_set_dialect(self.handle(), d) };
        self.check(rc)
    }

    /// The dialect of later prepares.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// assert_eq!(conn.dialect(), pgmicro::Dialect::Postgres);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn dialect(&self) -> Dialect {
        // SAFETY: open handle.
        match unsafe { ffi::pgm_get_dialect(self.handle()) } {
            ffi::PGM_DIALECT_SQLITE => Dialect::Sqlite,
            _ => Dialect::Postgres,
        }
    }

    fn check(&self, rc: c_int) -> Result<()> {
        if rc == ffi::PGM_OK {
            Ok(())
        } else {
            // SAFETY: NULL error builds a generic report.
            Err(unsafe { Error::from_raw(rc, ptr::null()) })
        }
    }

    /// Closes the connection (an open transaction is rolled back).  Dropping
    /// it does the same.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// conn.close()?;
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn close(self) -> Result<()> {
        drop(self);
        Ok(())
    }

    /// The raw handle, for calls this crate does not wrap.  It stays owned
    /// by the connection: never close it.
    ///
    /// # Safety
    /// The caller keeps to the ABI's rules and does not use the handle after
    /// the connection is dropped.
    pub unsafe fn handle_raw(&self) -> *mut ffi::pgm_db {
        self.handle()
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        {
            // Clear the pointer first so no interrupt can reach a closed handle.
            let mut g = self.shared.0.lock().unwrap_or_else(|e| e.into_inner());
            *g = ptr::null_mut();
        }
        // SAFETY: every Statement borrowed the connection, so none is left;
        // the handle is closed exactly once.
        unsafe { ffi::pgm_close(self.db.as_ptr()) };
    }
}

/// Interrupts the statement running on a connection, from any thread
/// ([`Connection::get_interrupt_handle`]).  The interrupted statement fails
/// with SQLSTATE 57014.  Cheap to clone; harmless after the connection closed.
///
/// ```
/// use std::{thread, time::Duration};
/// let conn = pgmicro::Connection::open_in_memory()?;
/// let handle = conn.get_interrupt_handle();
/// let t = thread::spawn(move || { thread::sleep(Duration::from_millis(100)); handle.interrupt() });
/// let err = conn.query_row(
///     "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
///     [], |r| r.get::<_, i64>(0)).unwrap_err();
/// assert_eq!(err.sqlstate(), Some("57014"));
/// t.join().unwrap();
/// # Ok::<(), pgmicro::Error>(())
/// ```
#[derive(Clone)]
pub struct InterruptHandle {
    shared: Arc<SharedDb>,
}

impl InterruptHandle {
    /// Interrupts the running statement; no effect when nothing runs or the
    /// connection is closed.
    pub fn interrupt(&self) {
        let g = self.shared.0.lock().unwrap_or_else(|e| e.into_inner());
        if !g.is_null() {
            // SAFETY: the pointer is non-NULL only while the connection is
            // open (cleared under this mutex before pgm_close);
            // pgm_interrupt may be called from any thread.
            unsafe { ffi::pgm_interrupt(*g) };
        }
    }
}

impl std::fmt::Debug for InterruptHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InterruptHandle").finish_non_exhaustive()
    }
}

#[cfg(unix)]
fn path_to_cstring(p: &Path) -> Result<CString> {
    use std::os::unix::ffi::OsStrExt;
    Ok(CString::new(p.as_os_str().as_bytes())?)
}

#[cfg(not(unix))]
fn path_to_cstring(p: &Path) -> Result<CString> {
    Ok(CString::new(p.to_string_lossy().as_bytes())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>() {}
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn thread_traits() {
        assert_send::<Connection>();
        assert_send_sync::<InterruptHandle>();
        assert_send_sync::<Error>();
    }
}

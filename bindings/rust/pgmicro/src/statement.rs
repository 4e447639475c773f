//! [`Statement`]: a prepared statement, its parameters and its columns.

use std::cell::{Cell, RefCell};
use std::ffi::CStr;
use std::os::raw::c_int;
use std::ptr::NonNull;

use pgmicro_sys as ffi;

use crate::error::{Error, Result};
use crate::params::Params;
use crate::row::{MappedRows, Row, Rows};
use crate::types::{ToSql, ToSqlOutput};
use crate::Connection;

/// A prepared statement, borrowed from its [`Connection`].
///
/// Run it with [`execute`](Statement::execute) or
/// [`query`](Statement::query) (as often as needed, with new parameters each
/// time); it is finalized when dropped.  A statement stays on the thread of
/// its connection (it is neither `Send` nor `Sync`):
///
/// ```compile_fail
/// let conn = pgmicro::Connection::open_in_memory().unwrap();
/// let stmt = conn.prepare("SELECT 1").unwrap();
/// std::thread::spawn(move || drop(stmt));
/// ```
///
/// ```
/// use pgmicro::Connection;
/// let conn = Connection::open_in_memory()?;
/// conn.execute_batch("CREATE TABLE t (id int, name text)")?;
/// let mut insert = conn.prepare("INSERT INTO t VALUES ($1, $2)")?;
/// for (id, name) in [(1, "a"), (2, "b")] {
///     insert.execute((id, name))?;
/// }
/// assert_eq!(insert.command_tag().as_deref(), Some("INSERT 0 1"));
/// # Ok::<(), pgmicro::Error>(())
/// ```
pub struct Statement<'conn> {
    conn: &'conn Connection,
    stmt: NonNull<ffi::pgm_stmt>,
    tag: RefCell<Option<String>>,
    changes: Cell<u64>,
}

impl std::fmt::Debug for Statement<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Statement").field("sql", &self.sql()).finish()
    }
}

impl<'conn> Statement<'conn> {
    pub(crate) fn new(conn: &'conn Connection, stmt: NonNull<ffi::pgm_stmt>) -> Statement<'conn> {
        Statement { conn, stmt, tag: RefCell::new(None), changes: Cell::new(0) }
    }

    pub(crate) fn ptr(&self) -> *mut ffi::pgm_stmt {
        self.stmt.as_ptr()
    }

    /// The error of the last failed call on the statement.
    pub(crate) fn error(&self, rc: c_int) -> Error {
        // SAFETY: the borrowed error is copied at once.
        unsafe { Error::from_raw(rc, ffi::pgm_stmt_error(self.ptr())) }
    }

    /// The connection the statement belongs to.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let stmt = conn.prepare("SELECT 1")?;
    /// assert!(stmt.conn().is_autocommit());
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn conn(&self) -> &'conn Connection {
        self.conn
    }

    /// The SQL text of the statement.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// assert_eq!(conn.prepare("SELECT 1")?.sql(), "SELECT 1");
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn sql(&self) -> &str {
        // SAFETY: valid until finalize, i.e. while self lives.
        let p = unsafe { ffi::pgm_stmt_sql(self.ptr()) };
        if p.is_null() {
            return "";
        }
        unsafe { CStr::from_ptr(p) }.to_str().unwrap_or("")
    }

    /// Number of result columns (0 for a statement without rows).
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// assert_eq!(conn.prepare("SELECT 1, 2")?.column_count(), 2);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn column_count(&self) -> usize {
        // SAFETY: live statement.
        unsafe { ffi::pgm_column_count(self.ptr()) }.max(0) as usize
    }

    fn check_column(&self, i: usize) -> Result<c_int> {
        if i < self.column_count() {
            Ok(i as c_int)
        } else {
            Err(Error::InvalidColumnIndex(i))
        }
    }

    /// The name of column `i` (0-based) as PostgreSQL reports it
    /// (`?column?` for an unnamed expression).
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let stmt = conn.prepare("SELECT 1 AS one, 2")?;
    /// assert_eq!(stmt.column_name(0)?, "one");
    /// assert_eq!(stmt.column_name(1)?, "?column?");
    /// assert!(stmt.column_name(2).is_err());
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn column_name(&self, i: usize) -> Result<&str> {
        let i = self.check_column(i)?;
        // SAFETY: valid index; the name lives until finalize.
        let p = unsafe { ffi::pgm_column_name(self.ptr(), i) };
        if p.is_null() {
            return Err(Error::InvalidColumnIndex(i as usize));
        }
        Ok(unsafe { CStr::from_ptr(p) }.to_str()?)
    }

    /// The names of every column.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// assert_eq!(conn.prepare("SELECT 1 AS a, 2 AS b")?.column_names(), ["a", "b"]);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn column_names(&self) -> Vec<&str> {
        (0..self.column_count()).map(|i| self.column_name(i).unwrap_or("")).collect()
    }

    /// The index of the column called `name` (exact match first, then
    /// ASCII case-insensitive).
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let stmt = conn.prepare("SELECT 1 AS a, 2 AS b")?;
    /// assert_eq!(stmt.column_index("b")?, 1);
    /// assert!(stmt.column_index("c").is_err());
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn column_index(&self, name: &str) -> Result<usize> {
        let n = self.column_count();
        let names: Vec<&str> = (0..n).map(|i| self.column_name(i).unwrap_or("")).collect();
        names
            .iter()
            .position(|c| *c == name)
            .or_else(|| names.iter().position(|c| c.eq_ignore_ascii_case(name)))
            .ok_or_else(|| Error::InvalidColumnName(name.to_owned()))
    }

    /// The PostgreSQL type OID of column `i` (see the `ffi::PGM_OID_*`
    /// constants).
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let stmt = conn.prepare("SELECT 1::int8")?;
    /// assert_eq!(stmt.column_type_oid(0)?, pgmicro::ffi::PGM_OID_INT8);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn column_type_oid(&self, i: usize) -> Result<u32> {
        let i = self.check_column(i)?;
        // SAFETY: valid index.
        Ok(unsafe { ffi::pgm_column_type(self.ptr(), i) })
    }

    /// The `pg_type.typname` of column `i` (`"int4"`, `"numeric"`, `"_int4"`).
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let stmt = conn.prepare("SELECT 1.5, 'x'::varchar(3)")?;
    /// assert_eq!(stmt.column_type_name(0)?, "numeric");
    /// assert_eq!(stmt.column_type_name(1)?, "varchar");
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn column_type_name(&self, i: usize) -> Result<&'static str> {
        let i = self.check_column(i)?;
        // SAFETY: valid index; the name is static.
        let p = unsafe { ffi::pgm_column_type_name(self.ptr(), i) };
        if p.is_null() {
            return Ok("");
        }
        Ok(unsafe { CStr::from_ptr(p) }.to_str()?)
    }

    /// The type modifier of column `i` (PostgreSQL's atttypmod; -1 when none).
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let stmt = conn.prepare("SELECT 'x'::varchar(3)")?;
    /// assert_eq!(stmt.column_typmod(0)?, 3 + 4);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn column_typmod(&self, i: usize) -> Result<i32> {
        let i = self.check_column(i)?;
        // SAFETY: valid index.
        Ok(unsafe { ffi::pgm_column_typmod(self.ptr(), i) })
    }

    /// Number of parameters (`$1`, `$2`, ...).
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// assert_eq!(conn.prepare("SELECT $1::int + $2")?.parameter_count(), 2);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn parameter_count(&self) -> usize {
        // SAFETY: live statement.
        unsafe { ffi::pgm_param_count(self.ptr()) }.max(0) as usize
    }

    /// The type OID the engine inferred for parameter `i` (1-based), or
    /// `None` for an invalid index.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let stmt = conn.prepare("SELECT $1::int8")?;
    /// assert_eq!(stmt.parameter_type_oid(1), Some(pgmicro::ffi::PGM_OID_INT8));
    /// assert_eq!(stmt.parameter_type_oid(2), None);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn parameter_type_oid(&self, i: usize) -> Option<u32> {
        if i == 0 || i > self.parameter_count() {
            return None;
        }
        // SAFETY: valid index.
        match unsafe { ffi::pgm_param_type(self.ptr(), i as c_int) } {
            0 => None,
            oid => Some(oid),
        }
    }

    /// Binds `value` to parameter `i` (1-based).  Parameters not bound are
    /// NULL.  Normally [`execute`](Statement::execute) and
    /// [`query`](Statement::query) bind for you; this is for
    /// [`raw_execute`](Statement::raw_execute) / [`raw_query`](Statement::raw_query).
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let mut stmt = conn.prepare("SELECT $1::int + 1")?;
    /// stmt.raw_bind_parameter(1, 41)?;
    /// let mut rows = stmt.raw_query();
    /// assert_eq!(rows.next()?.unwrap().get::<_, i32>(0)?, 42);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn raw_bind_parameter<T: ToSql>(&mut self, i: usize, value: T) -> Result<()> {
        self.bind_parameter(i, &value)
    }

    pub(crate) fn bind_parameter<T: ToSql + ?Sized>(&self, i: usize, value: &T) -> Result<()> {
        let out = value.to_sql()?;
        let p = self.ptr();
        let idx = c_int::try_from(i).map_err(|_| Error::InvalidParameterCount {
            given: i,
            expected: self.parameter_count(),
        })?;
        // SAFETY: live statement; buffers passed with their lengths and
        // copied by the engine.
        let rc = unsafe {
            match &out {
                ToSqlOutput::Null => ffi::pgm_bind_null(p, idx),
                ToSqlOutput::Bool(b) => ffi::pgm_bind_bool(p, idx, *b as c_int),
                ToSqlOutput::Int(v) => ffi::pgm_bind_int64(p, idx, *v),
                ToSqlOutput::Float(v) => ffi::pgm_bind_double(p, idx, *v),
                ToSqlOutput::Text(s) => {
                    ffi::pgm_bind_text(p, idx, s.as_ptr().cast(), s.len() as i64)
                }
                ToSqlOutput::Bytes(b) => {
                    ffi::pgm_bind_bytea(p, idx, b.as_ptr().cast(), b.len() as i64)
                }
                ToSqlOutput::Typed { oid, text } => {
                    ffi::pgm_bind_typed_text(p, idx, *oid, text.as_ptr().cast(), text.len() as i64)
                }
            }
        };
        if rc != ffi::PGM_OK {
            return Err(self.error(rc));
        }
        Ok(())
    }

    /// Prepares for a new execution: reset, and bind `params`.
    fn start<P: Params>(&mut self, params: P) -> Result<()> {
        self.reset();
        params.__bind_in(self)
    }

    pub(crate) fn reset(&self) {
        // SAFETY: live statement.
        unsafe { ffi::pgm_reset(self.ptr()) };
    }

    /// Records the command tag and row count after `PGM_DONE`.
    pub(crate) fn record_completion(&self) {
        // SAFETY: live statement; the tag is copied at once.
        unsafe {
            let p = ffi::pgm_command_tag(self.ptr());
            let tag = if p.is_null() {
                String::new()
            } else {
                CStr::from_ptr(p).to_string_lossy().into_owned()
            };
            *self.tag.borrow_mut() = Some(tag);
            self.changes.set(ffi::pgm_changes(self.ptr()).max(0) as u64);
        }
    }

    /// Steps to the end, discarding rows.  Returns the change count.
    fn run_to_end(&self) -> Result<u64> {
        *self.tag.borrow_mut() = None;
        loop {
            // SAFETY: live statement.
            match unsafe { ffi::pgm_step(self.ptr()) } {
                ffi::PGM_ROW => continue,
                ffi::PGM_DONE => {
                    self.record_completion();
                    self.reset();
                    return Ok(self.changes.get());
                }
                rc => {
                    let e = self.error(rc);
                    self.reset();
                    return Err(e);
                }
            }
        }
    }

    /// Runs the statement with `params`, returning the number of rows it
    /// inserted, updated, deleted or returned (the number of its command
    /// tag; rows returned are discarded).
    ///
    /// ```
    /// use pgmicro::Connection;
    /// let conn = Connection::open_in_memory()?;
    /// conn.execute_batch("CREATE TABLE t (x int)")?;
    /// let mut stmt = conn.prepare("INSERT INTO t SELECT n FROM (VALUES (1), (2), (3)) AS v(n) WHERE n <= $1")?;
    /// assert_eq!(stmt.execute([3])?, 3);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn execute<P: Params>(&mut self, params: P) -> Result<u64> {
        self.start(params)?;
        self.run_to_end()
    }

    /// Runs the statement with the parameters bound by
    /// [`raw_bind_parameter`](Statement::raw_bind_parameter).
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let mut stmt = conn.prepare("SELECT $1::text")?;
    /// stmt.raw_bind_parameter(1, "x")?;
    /// assert_eq!(stmt.raw_execute()?, 1);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn raw_execute(&mut self) -> Result<u64> {
        self.reset();
        self.run_to_end()
    }

    /// Runs the statement with `params` and returns its rows.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let mut stmt = conn.prepare("SELECT n FROM (VALUES (1), (2), (3)) AS v(n) WHERE n <= $1")?;
    /// let mut rows = stmt.query([3])?;
    /// let mut sum = 0;
    /// while let Some(row) = rows.next()? {
    ///     sum += row.get::<_, i32>("n")?;
    /// }
    /// assert_eq!(sum, 6);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn query<P: Params>(&mut self, params: P) -> Result<Rows<'_>> {
        self.start(params)?;
        *self.tag.borrow_mut() = None;
        Ok(Rows::new(self))
    }

    /// Runs the statement with the parameters bound by
    /// [`raw_bind_parameter`](Statement::raw_bind_parameter) and returns its rows.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let mut stmt = conn.prepare("SELECT 1")?;
    /// assert!(stmt.raw_query().next()?.is_some());
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn raw_query(&mut self) -> Rows<'_> {
        self.reset();
        *self.tag.borrow_mut() = None;
        Rows::new(self)
    }

    /// Runs the statement with `params` and maps each row with `f`.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let mut stmt = conn.prepare("SELECT n, n * n FROM (VALUES (1), (2), (3)) AS v(n)")?;
    /// let squares: Vec<(i32, i32)> = stmt
    ///     .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
    ///     .collect::<Result<_, _>>()?;
    /// assert_eq!(squares, [(1, 1), (2, 4), (3, 9)]);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn query_map<T, P, F>(&mut self, params: P, f: F) -> Result<MappedRows<'_, F>>
    where
        P: Params,
        F: FnMut(&Row<'_>) -> Result<T>,
    {
        Ok(MappedRows::new(self.query(params)?, f))
    }

    /// Runs the statement with `params` and maps its first row with `f`;
    /// [`Error::QueryReturnedNoRows`] when there is none.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let mut stmt = conn.prepare("SELECT upper($1)")?;
    /// assert_eq!(stmt.query_row(["abc"], |r| r.get::<_, String>(0))?, "ABC");
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn query_row<T, P, F>(&mut self, params: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(row) => f(row),
            None => Err(Error::QueryReturnedNoRows),
        }
    }

    /// Whether the query returns at least one row.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// assert!(conn.prepare("SELECT 1 WHERE $1::int > 0")?.exists([1])?);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn exists<P: Params>(&mut self, params: P) -> Result<bool> {
        let mut rows = self.query(params)?;
        Ok(rows.next()?.is_some())
    }

    /// PostgreSQL's command tag of the last completed execution
    /// (`"INSERT 0 1"`, `"SELECT 2"`, `"CREATE TABLE"`, ...); `None` before
    /// any execution completed.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let mut stmt = conn.prepare("VALUES (1), (2)")?;
    /// assert_eq!(stmt.command_tag(), None);
    /// stmt.execute([])?;
    /// assert_eq!(stmt.command_tag().as_deref(), Some("SELECT 2"));
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn command_tag(&self) -> Option<String> {
        self.tag.borrow().clone()
    }

    /// The row count of the last completed execution (the number in its
    /// command tag).
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let mut stmt = conn.prepare("VALUES (1), (2), (3), (4), (5)")?;
    /// stmt.execute([])?;
    /// assert_eq!(stmt.changes(), 5);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn changes(&self) -> u64 {
        self.changes.get()
    }

    /// Sets every parameter back to NULL.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let mut stmt = conn.prepare("SELECT $1::int")?;
    /// stmt.raw_bind_parameter(1, 5)?;
    /// stmt.clear_bindings();
    /// let v: Option<i32> = stmt.raw_query().next()?.unwrap().get(0)?;
    /// assert_eq!(v, None);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn clear_bindings(&mut self) {
        // SAFETY: live statement.
        unsafe { ffi::pgm_clear_bindings(self.ptr()) };
    }

    /// The raw statement handle, for calls this crate does not wrap.  It
    /// stays owned by the `Statement`: never finalize it.
    ///
    /// # Safety
    /// The caller keeps to the ABI's rules and does not use the handle after
    /// the statement is dropped.
    pub unsafe fn handle_raw(&self) -> *mut ffi::pgm_stmt {
        self.ptr()
    }

    /// Finalizes the statement.  Dropping it does the same.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// conn.prepare("SELECT 1")?.finalize()?;
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn finalize(self) -> Result<()> {
        drop(self);
        Ok(())
    }
}

impl Drop for Statement<'_> {
    fn drop(&mut self) {
        // SAFETY: finalized exactly once; no value borrowed from it survives
        // (every Row/ValueRef borrows the statement).
        unsafe { ffi::pgm_finalize(self.stmt.as_ptr()) };
    }
}

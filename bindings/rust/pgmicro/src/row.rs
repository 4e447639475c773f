//! [`Rows`], [`Row`] and [`MappedRows`]: reading a statement's results.

use std::os::raw::c_int;

use pgmicro_sys as ffi;

use crate::error::{Error, Result};
use crate::statement::Statement;
use crate::types::{FromSql, FromSqlError, ValueRef};

/// The rows of a running query ([`Statement::query`]).  Advance with
/// [`next`](Rows::next); the statement is reset when the `Rows` is dropped.
///
/// ```
/// let conn = pgmicro::Connection::open_in_memory()?;
/// let mut stmt = conn.prepare("SELECT 'a' UNION ALL SELECT 'b'")?;
/// let mut rows = stmt.query([])?;
/// let mut out = String::new();
/// while let Some(row) = rows.next()? {
///     out.push_str(row.get_ref(0)?.as_str()?);
/// }
/// assert_eq!(out, "ab");
/// # Ok::<(), pgmicro::Error>(())
/// ```
#[must_use = "Rows does nothing until advanced with next()"]
pub struct Rows<'stmt> {
    stmt: Option<&'stmt Statement<'stmt>>,
    row: Option<Row<'stmt>>,
}

impl<'stmt> Rows<'stmt> {
    pub(crate) fn new(stmt: &'stmt Statement<'stmt>) -> Rows<'stmt> {
        Rows { stmt: Some(stmt), row: None }
    }

    fn finish(&mut self) {
        self.row = None;
        if let Some(stmt) = self.stmt.take() {
            stmt.reset();
        }
    }

    /// The next row, or `None` after the last one.  The row borrows the
    /// `Rows`, so it (and every value read by reference from it) is gone
    /// before the next call.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let mut stmt = conn.prepare("SELECT 1")?;
    /// let mut rows = stmt.query([])?;
    /// assert!(rows.next()?.is_some());
    /// assert!(rows.next()?.is_none());
    /// assert!(rows.next()?.is_none());
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<&Row<'stmt>>> {
        let stmt = match self.stmt {
            Some(s) => s,
            None => return Ok(None),
        };
        // SAFETY: live statement; values of the previous row are no longer
        // borrowed (the previous &Row borrowed self mutably).
        match unsafe { ffi::pgm_step(stmt.ptr()) } {
            ffi::PGM_ROW => {
                self.row = Some(Row { stmt });
                Ok(self.row.as_ref())
            }
            ffi::PGM_DONE => {
                stmt.record_completion();
                self.finish();
                Ok(None)
            }
            rc => {
                let e = stmt.error(rc);
                self.finish();
                Err(e)
            }
        }
    }

    /// Maps every row with `f` into an iterator.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let mut stmt = conn.prepare("SELECT n::int8 FROM (VALUES (1), (2), (3)) AS v(n)")?;
    /// let v: Vec<i64> = stmt.query([])?.mapped(|r| r.get(0)).collect::<Result<_, _>>()?;
    /// assert_eq!(v, [1, 2, 3]);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn mapped<T, F>(self, f: F) -> MappedRows<'stmt, F>
    where
        F: FnMut(&Row<'_>) -> Result<T>,
    {
        MappedRows::new(self, f)
    }
}

impl Drop for Rows<'_> {
    fn drop(&mut self) {
        self.finish();
    }
}

/// An iterator over the rows of a query, each mapped by a closure
/// ([`Statement::query_map`]).
///
/// ```
/// let conn = pgmicro::Connection::open_in_memory()?;
/// let mut stmt = conn.prepare("SELECT 'x' || n::text FROM (VALUES (1), (2)) AS v(n)")?;
/// let names: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
/// assert_eq!(names, ["x1", "x2"]);
/// # Ok::<(), pgmicro::Error>(())
/// ```
#[must_use = "iterators are lazy"]
pub struct MappedRows<'stmt, F> {
    rows: Rows<'stmt>,
    map: F,
}

impl<'stmt, F> MappedRows<'stmt, F> {
    pub(crate) fn new(rows: Rows<'stmt>, map: F) -> MappedRows<'stmt, F> {
        MappedRows { rows, map }
    }
}

impl<T, F> Iterator for MappedRows<'_, F>
where
    F: FnMut(&Row<'_>) -> Result<T>,
{
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        let map = &mut self.map;
        match self.rows.next() {
            Ok(Some(row)) => Some(map(row)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// One row of a result.  Read columns with [`get`](Row::get) (by index or
/// name) or by reference with [`get_ref`](Row::get_ref).
///
/// Values read by reference cannot outlive the row:
///
/// ```compile_fail
/// let conn = pgmicro::Connection::open_in_memory().unwrap();
/// let mut stmt = conn.prepare("SELECT 'a' UNION ALL SELECT 'b'").unwrap();
/// let mut rows = stmt.query([]).unwrap();
/// let first: &str = rows.next().unwrap().unwrap().get_ref(0).unwrap().as_str().unwrap();
/// let _second = rows.next().unwrap();
/// println!("{first}");
/// ```
pub struct Row<'stmt> {
    stmt: &'stmt Statement<'stmt>,
}

impl<'stmt> Row<'stmt> {
    /// Reads column `idx` (a 0-based index or a column name) as `T`.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// conn.query_row("SELECT 42 AS answer, NULL::text AS nothing", [], |row| {
    ///     assert_eq!(row.get::<_, i32>(0)?, 42);
    ///     assert_eq!(row.get::<_, i64>("answer")?, 42);
    ///     assert_eq!(row.get::<_, Option<String>>("nothing")?, None);
    ///     assert!(row.get::<_, String>("nothing").is_err());
    ///     Ok(())
    /// })?;
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn get<I: RowIndex, T: FromSql>(&self, idx: I) -> Result<T> {
        let i = idx.idx(self.stmt)?;
        let value = self.value_at(i);
        T::column_result(value).map_err(|e| match e {
            FromSqlError::InvalidType => Error::InvalidColumnType(
                i,
                self.stmt.column_name(i).unwrap_or("").to_owned(),
                self.stmt.column_type_name(i).unwrap_or("").to_owned(),
            ),
            FromSqlError::UnexpectedNull => {
                Error::UnexpectedNull(i, self.stmt.column_name(i).unwrap_or("").to_owned())
            }
            FromSqlError::OutOfRange(v) => Error::IntegralValueOutOfRange(i, v),
            FromSqlError::Other(err) => Error::FromSqlConversionFailure(i, value.type_oid(), err),
        })
    }

    /// Column `idx` by reference; the value lives as long as this borrow of
    /// the row.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// conn.query_row("SELECT 'abc'::text, '\\x0102'::bytea", [], |row| {
    ///     assert_eq!(row.get_ref(0)?.as_str()?, "abc");
    ///     assert_eq!(row.get_ref(1)?.as_bytes()?, &[1u8, 2][..]);
    ///     Ok(())
    /// })?;
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn get_ref<I: RowIndex>(&self, idx: I) -> Result<ValueRef<'_>> {
        let i = idx.idx(self.stmt)?;
        Ok(self.value_at(i))
    }

    fn value_at(&self, i: usize) -> ValueRef<'_> {
        // SAFETY: i < column_count (checked by RowIndex); a row is current
        // while this Row exists; the value lives until the next step, which
        // needs the &mut Rows this row borrows.
        unsafe { ValueRef::from_raw(ffi::pgm_column_value(self.stmt.ptr(), i as c_int)) }
    }
}

/// The statement the row comes from (column names and types).
impl<'stmt> AsRef<Statement<'stmt>> for Row<'stmt> {
    fn as_ref(&self) -> &Statement<'stmt> {
        self.stmt
    }
}

impl std::fmt::Debug for Row<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut l = f.debug_map();
        for i in 0..self.stmt.column_count() {
            let v = self.value_at(i);
            l.entry(&self.stmt.column_name(i).unwrap_or(""), &v.as_str_or_null().ok().flatten());
        }
        l.finish()
    }
}

/// A column index: a 0-based `usize` or a column name.
///
/// ```
/// use pgmicro::RowIndex;
/// let conn = pgmicro::Connection::open_in_memory()?;
/// let stmt = conn.prepare("SELECT 1 AS a, 2 AS b")?;
/// assert_eq!("b".idx(&stmt)?, 1);
/// assert_eq!(0usize.idx(&stmt)?, 0);
/// # Ok::<(), pgmicro::Error>(())
/// ```
pub trait RowIndex {
    /// The 0-based index in `stmt`, or an error when there is no such column.
    fn idx(&self, stmt: &Statement<'_>) -> Result<usize>;
}

impl RowIndex for usize {
    fn idx(&self, stmt: &Statement<'_>) -> Result<usize> {
        if *self < stmt.column_count() {
            Ok(*self)
        } else {
            Err(Error::InvalidColumnIndex(*self))
        }
    }
}

impl RowIndex for &str {
    fn idx(&self, stmt: &Statement<'_>) -> Result<usize> {
        stmt.column_index(self)
    }
}

impl RowIndex for String {
    fn idx(&self, stmt: &Statement<'_>) -> Result<usize> {
        stmt.column_index(self)
    }
}

//! [`Params`]: the parameter lists a statement accepts.

use crate::error::{Error, Result};
use crate::statement::Statement;
use crate::types::ToSql;

mod sealed {
    pub trait Sealed {}
}

/// A list of parameters for `$1`, `$2`, ...: `()` or `[]` for none, an
/// array or slice of one type (`[1, 2]`, `["a"]`), a tuple of different
/// types (`(1, "a", None::<i32>)`), [`params!`](crate::params!) or
/// [`params_from_iter`].  The count must match the statement's.
///
/// ```
/// use pgmicro::{params, Connection};
/// let conn = Connection::open_in_memory()?;
/// let sql = "SELECT $1::int + $2::int";
/// assert_eq!(conn.query_row(sql, [1, 2], |r| r.get::<_, i32>(0))?, 3);
/// assert_eq!(conn.query_row(sql, (1, 2_i64), |r| r.get::<_, i32>(0))?, 3);
/// assert_eq!(conn.query_row(sql, params![1, 2], |r| r.get::<_, i32>(0))?, 3);
/// let err = conn.query_row(sql, [1], |r| r.get::<_, i32>(0)).unwrap_err();
/// assert!(matches!(err, pgmicro::Error::InvalidParameterCount { given: 1, expected: 2 }));
/// # Ok::<(), pgmicro::Error>(())
/// ```
pub trait Params: sealed::Sealed {
    #[doc(hidden)]
    fn __bind_in(self, stmt: &mut Statement<'_>) -> Result<()>;
}

fn bind_all<'a, I>(stmt: &mut Statement<'_>, values: I) -> Result<()>
where
    I: IntoIterator<Item = &'a dyn ToSql>,
{
    let expected = stmt.parameter_count();
    let mut given = 0;
    for v in values {
        given += 1;
        if given > expected {
            continue;
        }
        stmt.bind_parameter(given, v)?;
    }
    if given != expected {
        return Err(Error::InvalidParameterCount { given, expected });
    }
    Ok(())
}

impl sealed::Sealed for () {}
impl Params for () {
    fn __bind_in(self, stmt: &mut Statement<'_>) -> Result<()> {
        bind_all(stmt, std::iter::empty())
    }
}

impl<T: ToSql + ?Sized> sealed::Sealed for &[&T] {}
impl<T: ToSql + ?Sized> Params for &[&T] {
    fn __bind_in(self, stmt: &mut Statement<'_>) -> Result<()> {
        bind_all(stmt, self.iter().map(|v| v as &dyn ToSql))
    }
}

impl<T: ToSql + ?Sized, const N: usize> sealed::Sealed for &[&T; N] {}
impl<T: ToSql + ?Sized, const N: usize> Params for &[&T; N] {
    fn __bind_in(self, stmt: &mut Statement<'_>) -> Result<()> {
        bind_all(stmt, self.iter().map(|v| v as &dyn ToSql))
    }
}

impl sealed::Sealed for [&(dyn ToSql + Send + Sync); 0] {}
impl Params for [&(dyn ToSql + Send + Sync); 0] {
    fn __bind_in(self, stmt: &mut Statement<'_>) -> Result<()> {
        bind_all(stmt, std::iter::empty())
    }
}

// One impl per length (not a const generic) so that `[]` picks the impl above.
macro_rules! array_params {
    ($($n:literal)+) => {$(
        impl<T: ToSql> sealed::Sealed for [T; $n] {}
        impl<T: ToSql> Params for [T; $n] {
            fn __bind_in(self, stmt: &mut Statement<'_>) -> Result<()> {
                bind_all(stmt, self.iter().map(|v| v as &dyn ToSql))
            }
        }
    )+};
}

array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32);

macro_rules! tuple_params {
    ($($name:ident : $idx:tt),+) => {
        impl<$($name: ToSql),+> sealed::Sealed for ($($name,)+) {}
        impl<$($name: ToSql),+> Params for ($($name,)+) {
            fn __bind_in(self, stmt: &mut Statement<'_>) -> Result<()> {
                bind_all(stmt, [$(&self.$idx as &dyn ToSql),+])
            }
        }
    };
}

tuple_params!(A: 0);
tuple_params!(A: 0, B: 1);
tuple_params!(A: 0, B: 1, C: 2);
tuple_params!(A: 0, B: 1, C: 2, D: 3);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7, I: 8);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7, I: 8, J: 9);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7, I: 8, J: 9, K: 10);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7, I: 8, J: 9, K: 10, L: 11);

/// Parameters from an iterator ([`params_from_iter`]).
#[derive(Clone, Debug)]
pub struct ParamsFromIter<I>(I);

/// Parameters taken from any iterator of [`ToSql`] values, for a count
/// known only at run time.
///
/// ```
/// use pgmicro::{params_from_iter, Connection};
/// let conn = Connection::open_in_memory()?;
/// let ids = vec![1, 2, 3];
/// let sql = "SELECT $1::int + $2::int + $3::int";
/// assert_eq!(conn.query_row(sql, params_from_iter(ids.iter()), |r| r.get::<_, i32>(0))?, 6);
/// # Ok::<(), pgmicro::Error>(())
/// ```
pub fn params_from_iter<I>(iter: I) -> ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    ParamsFromIter(iter)
}

impl<I> sealed::Sealed for ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
}

impl<I> Params for ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    fn __bind_in(self, stmt: &mut Statement<'_>) -> Result<()> {
        let expected = stmt.parameter_count();
        let mut given = 0;
        for v in self.0 {
            given += 1;
            if given <= expected {
                stmt.bind_parameter(given, &v)?;
            }
        }
        if given != expected {
            return Err(Error::InvalidParameterCount { given, expected });
        }
        Ok(())
    }
}

//! Conversions between Rust values and PostgreSQL values: [`ToSql`] for
//! parameters, [`FromSql`] for columns, [`ValueRef`] for a column read by
//! reference, and [`Value`] for a value of any type.
//!
//! Parameters are bound natively (integers, floats, booleans, bytes) or as
//! text: an untyped text ([`ToSqlOutput::Text`]) is read by the input
//! function of the parameter's inferred type, like a quoted literal; a typed
//! text ([`ToSqlOutput::Typed`], used by `chrono`, `uuid`, `rust_decimal`
//! and `serde_json` values) is read by the input function of its own type
//! and then cast, like `'...'::type`.  Columns are read from their text
//! output according to the column's type OID.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::marker::PhantomData;
use std::rc::Rc;
use std::sync::Arc;

use pgmicro_sys as ffi;

use crate::error::{Error, Result};

#[cfg(feature = "chrono")]
mod chrono;
#[cfg(feature = "rust_decimal")]
mod decimal;
#[cfg(feature = "serde_json")]
mod json;
#[cfg(feature = "uuid")]
mod uuid;

/// Type OIDs of PostgreSQL types, re-exported from `pgmicro-sys` under
/// short names.
pub mod oid {
    pub use pgmicro_sys::{
        PGM_OID_BOOL as BOOL, PGM_OID_BPCHAR as BPCHAR, PGM_OID_BYTEA as BYTEA,
        PGM_OID_DATE as DATE, PGM_OID_FLOAT4 as FLOAT4, PGM_OID_FLOAT8 as FLOAT8,
        PGM_OID_INT2 as INT2, PGM_OID_INT4 as INT4, PGM_OID_INT8 as INT8,
        PGM_OID_INTERVAL as INTERVAL, PGM_OID_JSON as JSON, PGM_OID_JSONB as JSONB,
        PGM_OID_NAME as NAME, PGM_OID_NUMERIC as NUMERIC, PGM_OID_OID as OID,
        PGM_OID_TEXT as TEXT, PGM_OID_TIME as TIME, PGM_OID_TIMESTAMP as TIMESTAMP,
        PGM_OID_TIMESTAMPTZ as TIMESTAMPTZ, PGM_OID_UNKNOWN as UNKNOWN, PGM_OID_UUID as UUID,
        PGM_OID_VARCHAR as VARCHAR,
    };
}

fn is_integer(oid: u32) -> bool {
    matches!(oid, oid::INT2 | oid::INT4 | oid::INT8 | oid::OID)
}

fn is_text(oid: u32) -> bool {
    matches!(oid, oid::TEXT | oid::VARCHAR | oid::BPCHAR | oid::NAME | oid::UNKNOWN)
}

// ------------------------------------------------------------------ FromSql

/// Why a column value could not be converted ([`FromSql`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum FromSqlError {
    /// The column's type cannot be read as the requested Rust type.
    InvalidType,
    /// The value is NULL and the Rust type has no NULL (use `Option`).
    UnexpectedNull,
    /// An integer out of the Rust type's range.
    OutOfRange(i64),
    /// Any other failure (e.g. a text that does not parse).
    Other(Box<dyn StdError + Send + Sync + 'static>),
}

impl FromSqlError {
    /// Wraps another error as [`FromSqlError::Other`].
    ///
    /// ```
    /// let e = pgmicro::types::FromSqlError::other("bad value");
    /// assert_eq!(e.to_string(), "bad value");
    /// ```
    pub fn other<E: Into<Box<dyn StdError + Send + Sync + 'static>>>(e: E) -> FromSqlError {
        FromSqlError::Other(e.into())
    }
}

impl fmt::Display for FromSqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FromSqlError::InvalidType => write!(f, "invalid type"),
            FromSqlError::UnexpectedNull => write!(f, "unexpected NULL"),
            FromSqlError::OutOfRange(v) => write!(f, "value {v} out of range"),
            FromSqlError::Other(e) => e.fmt(f),
        }
    }
}

impl StdError for FromSqlError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            FromSqlError::Other(e) => Some(&**e),
            _ => None,
        }
    }
}

/// The result of a [`FromSql`] conversion.
pub type FromSqlResult<T> = std::result::Result<T, FromSqlError>;

/// A column value of the current row, borrowed: it lives as long as the
/// borrow of its [`Row`](crate::Row).
///
/// ```
/// use pgmicro::types::oid;
/// let conn = pgmicro::Connection::open_in_memory()?;
/// conn.query_row("SELECT 1.50::numeric, NULL::int", [], |row| {
///     let v = row.get_ref(0)?;
///     assert_eq!(v.type_oid(), oid::NUMERIC);
///     assert_eq!(v.as_str()?, "1.50");
///     assert!(row.get_ref(1)?.is_null());
///     Ok(())
/// })?;
/// # Ok::<(), pgmicro::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct ValueRef<'a> {
    raw: *const ffi::pgm_value,
    _row: PhantomData<&'a ()>,
}

impl<'a> ValueRef<'a> {
    /// # Safety
    /// `raw` is NULL or a value that stays valid for `'a`.
    pub(crate) unsafe fn from_raw(raw: *const ffi::pgm_value) -> ValueRef<'a> {
        ValueRef { raw, _row: PhantomData }
    }

    /// Whether the value is SQL NULL.
    pub fn is_null(&self) -> bool {
        // SAFETY: raw is valid for 'a (or NULL, which counts as NULL).
        self.raw.is_null() || unsafe { ffi::pgm_value_is_null(self.raw) } != 0
    }

    /// The PostgreSQL type OID of the value (its column's type).
    pub fn type_oid(&self) -> u32 {
        if self.raw.is_null() {
            return 0;
        }
        // SAFETY: valid value.
        unsafe { ffi::pgm_value_type(self.raw) }
    }

    /// PostgreSQL's text output of the value (what psql shows), or `None`
    /// for NULL.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// conn.query_row("SELECT true, NULL::text", [], |row| {
    ///     assert_eq!(row.get_ref(0)?.as_str_or_null()?, Some("t"));
    ///     assert_eq!(row.get_ref(1)?.as_str_or_null()?, None);
    ///     Ok(())
    /// })?;
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn as_str_or_null(&self) -> FromSqlResult<Option<&'a str>> {
        if self.is_null() {
            return Ok(None);
        }
        let mut len = 0usize;
        // SAFETY: valid value; the text lives as long as the value ('a) and
        // is cached by the engine, so later calls do not move it.
        let p = unsafe { ffi::pgm_value_text(self.raw, &mut len) };
        if p.is_null() {
            return Ok(None);
        }
        let bytes = unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len) };
        std::str::from_utf8(bytes).map(Some).map_err(FromSqlError::other)
    }

    /// PostgreSQL's text output of the value; [`FromSqlError::UnexpectedNull`]
    /// for NULL.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let s = conn.query_row("SELECT '2024-01-02'::date", [], |row| Ok(row.get_ref(0)?.as_str()?.to_owned()))?;
    /// assert_eq!(s, "2024-01-02");
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn as_str(&self) -> FromSqlResult<&'a str> {
        self.as_str_or_null()?.ok_or(FromSqlError::UnexpectedNull)
    }

    /// The raw bytes of a `bytea` value, or the UTF-8 text of any other.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// conn.query_row("SELECT '\\xdeadbeef'::bytea", [], |row| {
    ///     assert_eq!(row.get_ref(0)?.as_bytes()?, &[0xde, 0xad, 0xbe, 0xef][..]);
    ///     Ok(())
    /// })?;
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn as_bytes(&self) -> FromSqlResult<&'a [u8]> {
        if self.is_null() {
            return Err(FromSqlError::UnexpectedNull);
        }
        let mut len = 0usize;
        // SAFETY: valid value; the bytes live as long as the value ('a).
        let p = unsafe { ffi::pgm_value_bytes(self.raw, &mut len) };
        if p.is_null() {
            return Err(FromSqlError::UnexpectedNull);
        }
        Ok(unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len) })
    }

    /// An integer column (`int2`, `int4`, `int8`, `oid`) as `i64`.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// conn.query_row("SELECT 7::int2, 'x'", [], |row| {
    ///     assert_eq!(row.get_ref(0)?.as_i64()?, 7);
    ///     assert!(row.get_ref(1)?.as_i64().is_err());
    ///     Ok(())
    /// })?;
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn as_i64(&self) -> FromSqlResult<i64> {
        if self.is_null() {
            return Err(FromSqlError::UnexpectedNull);
        }
        if !is_integer(self.type_oid()) {
            return Err(FromSqlError::InvalidType);
        }
        // SAFETY: valid value.
        Ok(unsafe { ffi::pgm_value_int64(self.raw) })
    }

    /// A numeric column (floats, integers, `numeric`) as `f64`.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// conn.query_row("SELECT 0.25::float8, 2::int4, 1.5::numeric", [], |row| {
    ///     assert_eq!(row.get_ref(0)?.as_f64()?, 0.25);
    ///     assert_eq!(row.get_ref(1)?.as_f64()?, 2.0);
    ///     assert_eq!(row.get_ref(2)?.as_f64()?, 1.5);
    ///     Ok(())
    /// })?;
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn as_f64(&self) -> FromSqlResult<f64> {
        if self.is_null() {
            return Err(FromSqlError::UnexpectedNull);
        }
        match self.type_oid() {
            oid::FLOAT4 | oid::FLOAT8 => {
                // SAFETY: valid value.
                Ok(unsafe { ffi::pgm_value_double(self.raw) })
            }
            // Exact for integers; numeric through its text (exact rounding).
            t if is_integer(t) => Ok(self.as_i64()? as f64),
            oid::NUMERIC => {
                let s = self.as_str()?;
                parse_float(s)
            }
            _ => Err(FromSqlError::InvalidType),
        }
    }

    /// A `bool` column.
    ///
    /// ```
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// assert!(conn.query_row("SELECT 1 < 2", [], |row| Ok(row.get_ref(0)?.as_bool()?))?);
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn as_bool(&self) -> FromSqlResult<bool> {
        if self.is_null() {
            return Err(FromSqlError::UnexpectedNull);
        }
        if self.type_oid() != oid::BOOL {
            return Err(FromSqlError::InvalidType);
        }
        // SAFETY: valid value.
        Ok(unsafe { ffi::pgm_value_int64(self.raw) } != 0)
    }

    /// An owned copy of the value ([`Value`]).
    ///
    /// ```
    /// use pgmicro::types::Value;
    /// let conn = pgmicro::Connection::open_in_memory()?;
    /// let v = conn.query_row("SELECT 42", [], |row| Ok(row.get_ref(0)?.to_value()?))?;
    /// assert_eq!(v, Value::Int(42));
    /// # Ok::<(), pgmicro::Error>(())
    /// ```
    pub fn to_value(&self) -> FromSqlResult<Value> {
        Value::column_result(*self)
    }
}

impl fmt::Debug for ValueRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValueRef")
            .field("type_oid", &self.type_oid())
            .field("text", &self.as_str_or_null().ok().flatten())
            .finish()
    }
}

fn parse_float(s: &str) -> FromSqlResult<f64> {
    match s {
        "NaN" => Ok(f64::NAN),
        "Infinity" => Ok(f64::INFINITY),
        "-Infinity" => Ok(f64::NEG_INFINITY),
        _ => s.parse::<f64>().map_err(FromSqlError::other),
    }
}

/// A Rust type that a column value converts to ([`Row::get`](crate::Row::get)).
///
/// Implement it for your own types on top of [`ValueRef`]'s accessors:
///
/// ```
/// use pgmicro::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
/// struct Upper(String);
/// impl FromSql for Upper {
///     fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
///         Ok(Upper(value.as_str()?.to_uppercase()))
///     }
/// }
/// let conn = pgmicro::Connection::open_in_memory()?;
/// let u: Upper = conn.query_row("SELECT 'abc'", [], |r| r.get(0))?;
/// assert_eq!(u.0, "ABC");
/// # Ok::<(), pgmicro::Error>(())
/// ```
pub trait FromSql: Sized {
    /// Converts the value (which may be NULL).
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self>;
}

impl<T: FromSql> FromSql for Option<T> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        if value.is_null() {
            Ok(None)
        } else {
            T::column_result(value).map(Some)
        }
    }
}

impl FromSql for i64 {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_i64()
    }
}

macro_rules! from_sql_int {
    ($($t:ty)+) => {$(
        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let v = value.as_i64()?;
                <$t>::try_from(v).map_err(|_| FromSqlError::OutOfRange(v))
            }
        }
    )+};
}
from_sql_int!(i8 i16 i32 isize u8 u16 u32 u64 usize);

impl FromSql for f64 {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_f64()
    }
}

impl FromSql for f32 {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_f64().map(|v| v as f32)
    }
}

impl FromSql for bool {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_bool()
    }
}

/// Any non-NULL value as its PostgreSQL text output.
impl FromSql for String {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_str().map(str::to_owned)
    }
}

impl FromSql for Box<str> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_str().map(Box::from)
    }
}

impl FromSql for Rc<str> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_str().map(Rc::from)
    }
}

impl FromSql for Arc<str> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_str().map(Arc::from)
    }
}

/// `bytea` values, and the UTF-8 of text values.
impl FromSql for Vec<u8> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let t = value.type_oid();
        if t != oid::BYTEA && !is_text(t) && !value.is_null() {
            return Err(FromSqlError::InvalidType);
        }
        value.as_bytes().map(<[u8]>::to_vec)
    }
}

impl<const N: usize> FromSql for [u8; N] {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let v = Vec::<u8>::column_result(value)?;
        let n = v.len();
        v.try_into().map_err(|_| {
            FromSqlError::other(format!("expected {N} bytes, got {n}"))
        })
    }
}

// -------------------------------------------------------------------- Value

/// An owned value of any type.  Reading a column as `Value` maps `bool`,
/// integers, floats and `bytea` to their variants and every other type to
/// its text output.
///
/// ```
/// use pgmicro::types::Value;
/// let conn = pgmicro::Connection::open_in_memory()?;
/// let row: Vec<Value> = conn.query_row("SELECT true, 1, 2.5::float8, 'x', '\\x01'::bytea, NULL, 1.5", [], |r| {
///     (0..7).map(|i| r.get(i)).collect()
/// })?;
/// assert_eq!(row, [Value::Bool(true), Value::Int(1), Value::Float(2.5), Value::Text("x".into()),
///                  Value::Bytes(vec![1]), Value::Null, Value::Text("1.5".into())]);
/// # Ok::<(), pgmicro::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// A `bool`.
    Bool(bool),
    /// An integer (`int2`, `int4`, `int8`, `oid`).
    Int(i64),
    /// A float (`float4`, `float8`).
    Float(f64),
    /// The text output of any other type.
    Text(String),
    /// A `bytea`.
    Bytes(Vec<u8>),
}

impl FromSql for Value {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        if value.is_null() {
            return Ok(Value::Null);
        }
        Ok(match value.type_oid() {
            oid::BOOL => Value::Bool(value.as_bool()?),
            t if is_integer(t) => Value::Int(value.as_i64()?),
            oid::FLOAT4 | oid::FLOAT8 => Value::Float(value.as_f64()?),
            oid::BYTEA => Value::Bytes(value.as_bytes()?.to_vec()),
            _ => Value::Text(value.as_str()?.to_owned()),
        })
    }
}

impl ToSql for Value {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Null,
            Value::Bool(b) => ToSqlOutput::Bool(*b),
            Value::Int(v) => ToSqlOutput::Int(*v),
            Value::Float(v) => ToSqlOutput::Float(*v),
            Value::Text(s) => ToSqlOutput::Text(Cow::Borrowed(s)),
            Value::Bytes(b) => ToSqlOutput::Bytes(Cow::Borrowed(b)),
        })
    }
}

// -------------------------------------------------------------------- ToSql

/// How a parameter value is handed to the engine ([`ToSql::to_sql`]).
///
/// It implements [`ToSql`] itself, which is how a value of a type without
/// a Rust counterpart is bound:
///
/// ```
/// use pgmicro::types::{oid, ToSqlOutput};
/// let conn = pgmicro::Connection::open_in_memory()?;
/// let iv = ToSqlOutput::typed(oid::INTERVAL, "1 day 2 hours");
/// let s: String = conn.query_row("SELECT $1::interval * 2", [iv], |r| r.get(0))?;
/// assert_eq!(s, "2 days 04:00:00");
/// # Ok::<(), pgmicro::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ToSqlOutput<'a> {
    /// SQL NULL (`pgm_bind_null`).
    Null,
    /// A boolean (`pgm_bind_bool`).
    Bool(bool),
    /// A 64-bit integer (`pgm_bind_int64`).
    Int(i64),
    /// A double (`pgm_bind_double`).
    Float(f64),
    /// Text read by the parameter type's input function, like an untyped
    /// literal (`pgm_bind_text`).
    Text(Cow<'a, str>),
    /// Raw bytes for a `bytea` parameter (`pgm_bind_bytea`).
    Bytes(Cow<'a, [u8]>),
    /// Text of the type `oid`, read by that type's input function and then
    /// cast to the parameter's type (`pgm_bind_typed_text`).
    Typed {
        /// The type OID of the text (see [`oid`]).
        oid: u32,
        /// PostgreSQL's text input of the value.
        text: Cow<'a, str>,
    },
}

impl<'a> ToSqlOutput<'a> {
    /// A typed text value ([`ToSqlOutput::Typed`]).
    ///
    /// ```
    /// use pgmicro::types::{oid, ToSqlOutput};
    /// let v = ToSqlOutput::typed(oid::DATE, "2024-02-29");
    /// assert!(matches!(v, ToSqlOutput::Typed { oid: 1082, .. }));
    /// ```
    pub fn typed<S: Into<Cow<'a, str>>>(oid: u32, text: S) -> ToSqlOutput<'a> {
        ToSqlOutput::Typed { oid, text: text.into() }
    }
}

impl ToSql for ToSqlOutput<'_> {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(match self {
            ToSqlOutput::Null => ToSqlOutput::Null,
            ToSqlOutput::Bool(b) => ToSqlOutput::Bool(*b),
            ToSqlOutput::Int(v) => ToSqlOutput::Int(*v),
            ToSqlOutput::Float(v) => ToSqlOutput::Float(*v),
            ToSqlOutput::Text(s) => ToSqlOutput::Text(Cow::Borrowed(s)),
            ToSqlOutput::Bytes(b) => ToSqlOutput::Bytes(Cow::Borrowed(b)),
            ToSqlOutput::Typed { oid, text } => {
                ToSqlOutput::Typed { oid: *oid, text: Cow::Borrowed(text) }
            }
        })
    }
}

/// A Rust value usable as a statement parameter.
///
/// ```
/// use pgmicro::types::{oid, ToSql, ToSqlOutput};
/// struct Celsius(f64);
/// impl ToSql for Celsius {
///     fn to_sql(&self) -> pgmicro::Result<ToSqlOutput<'_>> {
///         Ok(ToSqlOutput::Float(self.0))
///     }
/// }
/// let conn = pgmicro::Connection::open_in_memory()?;
/// let f: f64 = conn.query_row("SELECT $1::float8 * 9 / 5 + 32", [Celsius(100.0)], |r| r.get(0))?;
/// assert_eq!(f, 212.0);
/// # Ok::<(), pgmicro::Error>(())
/// ```
pub trait ToSql {
    /// Converts the value for binding.
    fn to_sql(&self) -> Result<ToSqlOutput<'_>>;
}

impl<T: ToSql + ?Sized> ToSql for &T {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        (**self).to_sql()
    }
}

impl<T: ToSql + ?Sized> ToSql for Box<T> {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        (**self).to_sql()
    }
}

impl<T: ToSql + ?Sized> ToSql for Rc<T> {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        (**self).to_sql()
    }
}

impl<T: ToSql + ?Sized> ToSql for Arc<T> {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        (**self).to_sql()
    }
}

impl<T: ToSql> ToSql for Option<T> {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        match self {
            Some(v) => v.to_sql(),
            None => Ok(ToSqlOutput::Null),
        }
    }
}

impl ToSql for bool {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Bool(*self))
    }
}

macro_rules! to_sql_int {
    ($($t:ty)+) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::Int(i64::from(*self)))
            }
        }
    )+};
}
to_sql_int!(i8 i16 i32 i64 u8 u16 u32);

macro_rules! to_sql_int_checked {
    ($($t:ty)+) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
                i64::try_from(*self)
                    .map(ToSqlOutput::Int)
                    .map_err(|e| Error::ToSqlConversionFailure(Box::new(e)))
            }
        }
    )+};
}
to_sql_int_checked!(isize u64 usize);

impl ToSql for f32 {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Float(f64::from(*self)))
    }
}

impl ToSql for f64 {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Float(*self))
    }
}

impl ToSql for str {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Text(Cow::Borrowed(self)))
    }
}

impl ToSql for String {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Text(Cow::Borrowed(self)))
    }
}

impl ToSql for Cow<'_, str> {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Text(Cow::Borrowed(self)))
    }
}

impl ToSql for [u8] {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Bytes(Cow::Borrowed(self)))
    }
}

impl ToSql for Vec<u8> {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Bytes(Cow::Borrowed(self)))
    }
}

impl<const N: usize> ToSql for [u8; N] {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Bytes(Cow::Borrowed(&self[..])))
    }
}

/// The `pg_type.typname` of a type OID this crate knows, e.g. `"int4"`.
///
/// ```
/// assert_eq!(pgmicro::types::type_name(23), Some("int4"));
/// assert_eq!(pgmicro::types::type_name(1), None);
/// ```
pub fn type_name(type_oid: u32) -> Option<&'static str> {
    TYPES.iter().find(|(_, o)| *o == type_oid).map(|(n, _)| *n)
}

/// The type OID of a `pg_type.typname` this crate knows, e.g. `"jsonb"`.
///
/// ```
/// assert_eq!(pgmicro::types::type_oid("jsonb"), Some(3802));
/// assert_eq!(pgmicro::types::type_oid("_int4"), Some(1007));
/// ```
pub fn type_oid(type_name: &str) -> Option<u32> {
    TYPES.iter().find(|(n, _)| *n == type_name).map(|(_, o)| *o)
}

const TYPES: &[(&str, u32)] = &[
    ("bool", 16), ("bytea", 17), ("char", 18), ("name", 19), ("int8", 20), ("int2", 21),
    ("int4", 23), ("text", 25), ("oid", 26), ("json", 114), ("xml", 142),
    ("float4", 700), ("float8", 701), ("unknown", 705), ("bpchar", 1042),
    ("varchar", 1043), ("date", 1082), ("time", 1083), ("timestamp", 1114),
    ("timestamptz", 1184), ("interval", 1186), ("timetz", 1266), ("numeric", 1700),
    ("uuid", 2950), ("jsonb", 3802),
    ("_bool", 1000), ("_int2", 1005), ("_int4", 1007), ("_text", 1009),
    ("_varchar", 1015), ("_int8", 1016), ("_float4", 1021), ("_float8", 1022),
    ("_numeric", 1231), ("_uuid", 2951), ("_jsonb", 3807),
];

//! `rust_decimal::Decimal` ↔ `numeric` (feature `rust_decimal`).  Reading
//! `NaN`, infinities or a value beyond Decimal's 28 digits fails.
//!
//! ```
//! use rust_decimal::Decimal;
//! use std::str::FromStr;
//! let conn = pgmicro::Connection::open_in_memory()?;
//! let price = Decimal::from_str("19.99").unwrap();
//! let total: Decimal = conn.query_row("SELECT $1::numeric * 3", [price], |r| r.get(0))?;
//! assert_eq!(total.to_string(), "59.97");
//! # Ok::<(), pgmicro::Error>(())
//! ```

use std::borrow::Cow;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::{is_integer, oid, FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use crate::error::Result;

impl ToSql for Decimal {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Typed { oid: oid::NUMERIC, text: Cow::Owned(self.to_string()) })
    }
}

impl FromSql for Decimal {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let t = value.type_oid();
        if !value.is_null() && t != oid::NUMERIC && !is_integer(t) {
            return Err(FromSqlError::InvalidType);
        }
        let s = value.as_str()?;
        Decimal::from_str_exact(s).or_else(|_| Decimal::from_str(s)).map_err(FromSqlError::other)
    }
}

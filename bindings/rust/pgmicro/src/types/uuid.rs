//! `uuid::Uuid` ↔ `uuid` (feature `uuid`).
//!
//! ```
//! use uuid::Uuid;
//! let conn = pgmicro::Connection::open_in_memory()?;
//! let u = Uuid::parse_str("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11").unwrap();
//! let back: Uuid = conn.query_row("SELECT $1::uuid", [u], |r| r.get(0))?;
//! assert_eq!(back, u);
//! # Ok::<(), pgmicro::Error>(())
//! ```

use std::borrow::Cow;

use uuid::Uuid;

use super::{is_text, oid, FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use crate::error::Result;

impl ToSql for Uuid {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Typed { oid: oid::UUID, text: Cow::Owned(self.hyphenated().to_string()) })
    }
}

impl FromSql for Uuid {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let t = value.type_oid();
        if !value.is_null() && t != oid::UUID && !is_text(t) {
            return Err(FromSqlError::InvalidType);
        }
        Uuid::parse_str(value.as_str()?).map_err(FromSqlError::other)
    }
}

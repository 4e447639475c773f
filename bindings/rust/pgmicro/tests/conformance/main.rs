//! The shared conformance suite (../../conformance/cases) run through the
//! safe API, with strict expected failures (xfail/common.txt + rust.txt).
//!
//! cargo test --test conformance -- [--file STEM] [--case FILE/NAME] [-v] [--diff]

mod casefile;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use casefile::{encode_row, Case, Cell, Step};
use pgmicro::types::{self, ToSqlOutput};
use pgmicro::{Connection, InterruptHandle};

/// Seconds a case may run before the watchdog interrupts it.
const CASE_TIMEOUT: Duration = Duration::from_secs(60);

enum Outcome {
    Error(String, String),
    Ok { columns: Vec<(String, String)>, rows: Vec<Vec<Cell>>, tag: String },
}

fn runner_error(msg: &str) -> Outcome {
    Outcome::Error("RUNNR".into(), msg.into())
}

fn from_error(e: pgmicro::Error) -> Outcome {
    match e.db_error() {
        Some(db) => Outcome::Error(db.sqlstate().to_string(), db.message().to_string()),
        None => Outcome::Error("RUNNR".into(), e.to_string()),
    }
}

/// Runs one statement as the README says: prepare, bind, step to the end
/// collecting text, read the command tag.
fn exec_one(conn: &Connection, sql: &str, params: Option<&[(String, Cell)]>) -> Outcome {
    let mut stmt = match conn.prepare(sql) {
        Ok(s) => s,
        Err(pgmicro::Error::MultipleStatement) => {
            return runner_error("runner: a step must hold exactly one statement")
        }
        Err(e) => return from_error(e),
    };
    let mut values: Vec<ToSqlOutput<'_>> = Vec::new();
    for (ty, v) in params.unwrap_or(&[]) {
        values.push(match v {
            None => ToSqlOutput::Null,
            Some(text) if ty == "unknown" => ToSqlOutput::Text(text.as_str().into()),
            Some(text) => match types::type_oid(ty) {
                Some(oid) => ToSqlOutput::typed(oid, text.as_str()),
                None => return runner_error("runner: unknown parameter type"),
            },
        });
    }
    let ncols = stmt.column_count();
    let columns: Vec<(String, String)> = (0..ncols)
        .map(|i| {
            (
                stmt.column_name(i).unwrap_or("(null)").to_string(),
                stmt.column_type_name(i).unwrap_or("(null)").to_string(),
            )
        })
        .collect();
    let mut rows = Vec::new();
    {
        let mut it = match stmt.query(pgmicro::params_from_iter(values.iter())) {
            Ok(r) => r,
            Err(e) => return from_error(e),
        };
        loop {
            match it.next() {
                Ok(Some(row)) => {
                    let mut cells = Vec::with_capacity(ncols);
                    for i in 0..ncols {
                        match row.get_ref(i).map(|v| v.as_str_or_null().map(|s| s.map(str::to_owned))) {
                            Ok(Ok(c)) => cells.push(c),
                            Ok(Err(e)) => return runner_error(&e.to_string()),
                            Err(e) => return from_error(e),
                        }
                    }
                    rows.push(cells);
                }
                Ok(None) => break,
                Err(e) => return from_error(e),
            }
        }
    }
    Outcome::Ok { columns, rows, tag: stmt.command_tag().unwrap_or_default() }
}

fn sort_rows(rows: &mut [Vec<Cell>]) {
    // NULL first, then bytewise: Option's order does exactly that.
    rows.sort();
}

fn compare(step: &Step, out: &Outcome) -> Option<Vec<String>> {
    let mut msgs = Vec::new();
    if let Some((code, msg)) = &step.error {
        match out {
            Outcome::Ok { tag, .. } => return Some(vec![format!("expected error {code}, got success ({tag})")]),
            Outcome::Error(c, m) => {
                if c != code {
                    msgs.push(format!("expected SQLSTATE {code}, got {c}: {m}"));
                } else if let Some(want) = msg {
                    if !m.contains(want.as_str()) {
                        msgs.push(format!("expected message containing {want:?}, got {m:?}"));
                    }
                }
            }
        }
        return if msgs.is_empty() { None } else { Some(msgs) };
    }
    let (columns, rows, tag) = match out {
        Outcome::Error(c, m) => return Some(vec![format!("unexpected error {c}: {m}")]),
        Outcome::Ok { columns, rows, tag } => (columns, rows, tag),
    };
    if let Some(want) = &step.columns {
        if want != columns {
            let f = |cs: &[(String, String)]| cs.iter().map(|(n, t)| format!("{n} {t}")).collect::<Vec<_>>().join(" | ");
            msgs.push(format!("columns: expected {}", f(want)));
            msgs.push(format!("           actual {}", f(columns)));
        }
    }
    if let Some(want) = &step.tag {
        if want != tag {
            msgs.push(format!("tag: expected {want:?}, actual {tag:?}"));
        }
    }
    if let Some(want) = &step.rows {
        let (mut exp, mut act) = (want.clone(), rows.clone());
        if step.sorted {
            sort_rows(&mut exp);
            sort_rows(&mut act);
        }
        if exp != act {
            msgs.push(format!("rows{}: expected", if step.sorted { " (sorted)" } else { "" }));
            msgs.extend(exp.iter().map(|r| format!("  {}", encode_row(r))));
            msgs.push("      actual".into());
            msgs.extend(act.iter().map(|r| format!("  {}", encode_row(r))));
        }
    }
    if msgs.is_empty() {
        None
    } else {
        Some(msgs)
    }
}

/// Interrupts a case that runs longer than CASE_TIMEOUT.
#[derive(Clone, Default)]
struct Watchdog(Arc<Mutex<Option<(InterruptHandle, Instant)>>>);

impl Watchdog {
    fn start(&self) {
        let me = self.clone();
        thread::spawn(move || loop {
            thread::sleep(Duration::from_millis(200));
            let g = me.0.lock().unwrap();
            if let Some((h, started)) = &*g {
                if started.elapsed() > CASE_TIMEOUT {
                    h.interrupt();
                }
            }
        });
    }
    fn arm(&self, h: Option<InterruptHandle>) {
        *self.0.lock().unwrap() = h.map(|h| (h, Instant::now()));
    }
}

/// Runs a case; None when it passed, else the explanation.
fn run_case(case: &Case, watchdog: &Watchdog) -> Option<Vec<String>> {
    let conn = match Connection::open_in_memory() {
        Ok(c) => c,
        Err(e) => return Some(vec![format!("open failed: {e}")]),
    };
    watchdog.arm(Some(conn.get_interrupt_handle()));
    let result = (|| {
        for (i, sql) in case.setup.iter().enumerate() {
            if let Outcome::Error(c, m) = exec_one(&conn, sql, None) {
                return Some(vec![format!("setup statement {} failed: {c} {m}", i + 1), format!("    {sql}")]);
            }
        }
        for step in &case.steps {
            let out = exec_one(&conn, &step.sql, step.params.as_deref());
            if let Some(mut msgs) = compare(step, &out) {
                msgs.insert(0, format!("step at line {}: {}", step.line, step.sql.replace('\n', " ")));
                return Some(msgs);
            }
        }
        None
    })();
    watchdog.arm(None);
    result
}

fn load_xfail(path: &PathBuf, into: &mut BTreeMap<String, String>) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let file = path.file_name().unwrap().to_string_lossy().to_string();
    for line in text.lines() {
        let name = line.split('#').next().unwrap().trim();
        if !name.is_empty() {
            into.insert(name.to_string(), file.clone());
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut only_file = None;
    let mut only_case = None;
    let mut verbose = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--file" if i + 1 < args.len() => {
                only_file = Some(args[i + 1].clone());
                i += 1;
            }
            "--case" if i + 1 < args.len() => {
                only_case = Some(args[i + 1].clone());
                i += 1;
            }
            "-v" | "--diff" => verbose = true,
            _ => {} // libtest flags passed by cargo (--quiet, filters, ...)
        }
        i += 1;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../conformance");
    let cases_dir = root.join("cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&cases_dir)
        .unwrap_or_else(|e| panic!("{}: {e}", cases_dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "case"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for f in &files {
        let stem = f.file_stem().unwrap().to_string_lossy().to_string();
        if only_file.as_ref().is_some_and(|o| *o != stem) {
            continue;
        }
        match casefile::parse_file(f) {
            Ok(cs) => cases.extend(cs.into_iter().filter(|c| !only_case.as_ref().is_some_and(|o| *o != c.name))),
            Err(e) => {
                eprintln!("conformance: {e}");
                std::process::exit(1);
            }
        }
    }
    let mut xfail = BTreeMap::new();
    load_xfail(&root.join("xfail/common.txt"), &mut xfail);
    load_xfail(&root.join("xfail/rust.txt"), &mut xfail);

    let watchdog = Watchdog::default();
    watchdog.start();
    let (mut passed, mut failed, mut xfailed, mut unexpected) = (0, 0, 0, 0);
    let mut seen = BTreeSet::new();
    for case in &cases {
        seen.insert(case.name.clone());
        let listed = xfail.contains_key(&case.name);
        match (run_case(case, &watchdog), listed) {
            (None, false) => {
                passed += 1;
                if verbose {
                    println!("PASS {}", case.name);
                }
            }
            (Some(msgs), true) => {
                xfailed += 1;
                if verbose {
                    println!("XFAIL {} ({})", case.name, xfail[&case.name]);
                    for m in msgs {
                        println!("    {m}");
                    }
                }
            }
            (Some(msgs), false) => {
                failed += 1;
                println!("FAIL {}", case.name);
                for m in msgs {
                    println!("    {m}");
                }
            }
            (None, true) => {
                failed += 1;
                unexpected += 1;
                println!("FAIL {}: unexpected pass: remove it from the list ({})", case.name, xfail[&case.name]);
            }
        }
    }
    let mut stale = 0;
    if only_file.is_none() && only_case.is_none() {
        for (name, file) in &xfail {
            if !seen.contains(name) {
                stale += 1;
                failed += 1;
                println!("FAIL {name}: stale xfail entry in {file}");
            }
        }
    }
    println!("conformance: {passed} passed, {failed} failed");
    println!("conformance: {xfailed} expected failures (xfail), {unexpected} unexpected passes, {stale} stale xfail entries");
    std::process::exit(if failed == 0 { 0 } else { 1 });
}

//! Parser of conformance case files (format: conformance/README.md; the
//! reference implementation is conformance/casefile.py).

use std::fs;
use std::path::Path;

/// A decoded cell: `None` is SQL NULL.
pub type Cell = Option<String>;

#[derive(Debug, Default)]
pub struct Step {
    pub line: usize,
    pub sql: String,
    pub params: Option<Vec<(String, Cell)>>,
    pub columns: Option<Vec<(String, String)>>,
    pub rows: Option<Vec<Vec<Cell>>>,
    pub sorted: bool,
    pub tag: Option<String>,
    pub error: Option<(String, Option<String>)>,
}

#[derive(Debug)]
pub struct Case {
    pub name: String,
    pub setup: Vec<String>,
    pub steps: Vec<Step>,
}

/// Splits at unescaped '|'; cells are trimmed of spaces, escapes kept.
pub fn split_cells(s: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\\' {
            cur.push(c);
            if let Some(n) = it.next() {
                cur.push(n);
            }
        } else if c == '|' {
            cells.push(cur.trim_matches(' ').to_string());
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    cells.push(cur.trim_matches(' ').to_string());
    cells
}

pub fn unescape(raw: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut it = raw.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('s') => out.push(' '),
            Some('|') => out.push('|'),
            Some('N') => out.push('N'),
            Some('e') => {}
            _ => return Err(format!("bad escape in {raw:?}")),
        }
    }
    Ok(out)
}

pub fn decode_cell(raw: &str) -> Result<Cell, String> {
    if raw == "NULL" {
        Ok(None)
    } else {
        unescape(raw).map(Some)
    }
}

pub fn encode_cell(v: &Cell) -> String {
    let v = match v {
        None => return "NULL".into(),
        Some(v) => v,
    };
    if v.is_empty() {
        return "\\e".into();
    }
    if v == "NULL" {
        return "\\NULL".into();
    }
    let s = v
        .replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('|', "\\|");
    let lead = s.len() - s.trim_start_matches(' ').len();
    if lead == s.len() {
        return "\\s".repeat(s.len());
    }
    let trail = s.len() - s.trim_end_matches(' ').len();
    format!("{}{}{}", "\\s".repeat(lead), &s[lead..s.len() - trail], "\\s".repeat(trail))
}

pub fn encode_row(r: &[Cell]) -> String {
    r.iter().map(encode_cell).collect::<Vec<_>>().join(" | ")
}

fn valid_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

pub fn parse_file(path: &Path) -> Result<Vec<Case>, String> {
    let stem = path.file_stem().unwrap().to_string_lossy().to_string();
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let n = lines.len();
    let mut cases: Vec<Case> = Vec::new();
    let mut i = 0;
    let err = |i: usize, msg: String| format!("{}:{}: {}", path.display(), i + 1, msg);
    while i < n {
        let line = lines[i];
        if line.trim().is_empty() || line.starts_with('#') {
            i += 1;
            continue;
        }
        let (word, rest) = match line.split_once(' ') {
            Some((w, r)) => (w, r.trim()),
            None => (line, ""),
        };
        match word {
            "case" => {
                if !valid_name(rest) {
                    return Err(err(i, format!("bad case name {rest:?}")));
                }
                let full = format!("{stem}/{rest}");
                if cases.iter().any(|c| c.name == full) {
                    return Err(err(i, format!("duplicate case name {full}")));
                }
                cases.push(Case { name: full, setup: Vec::new(), steps: Vec::new() });
                i += 1;
            }
            "setup" => {
                let case = cases.last_mut().ok_or_else(|| err(i, "expected \"case NAME\"".into()))?;
                if !case.steps.is_empty() {
                    return Err(err(i, "setup must come before the first step".into()));
                }
                i += 1;
                let mut cur: Vec<&str> = Vec::new();
                while i < n && !lines[i].trim().is_empty() && lines[i] != "step" {
                    cur.push(lines[i]);
                    if lines[i].trim_end().ends_with(';') {
                        case.setup.push(cur.join("\n"));
                        cur.clear();
                    }
                    i += 1;
                }
                if !cur.is_empty() {
                    return Err(err(i, "setup statement not terminated by \";\"".into()));
                }
            }
            "step" => {
                let case = cases.last_mut().ok_or_else(|| err(i, "expected \"case NAME\"".into()))?;
                let mut st = Step { line: i + 1, ..Default::default() };
                i += 1;
                let mut sql: Vec<&str> = Vec::new();
                while i < n && !lines[i].trim().is_empty() && !lines[i].starts_with("----") {
                    sql.push(lines[i]);
                    i += 1;
                }
                if sql.is_empty() {
                    return Err(err(i, "step without SQL".into()));
                }
                st.sql = sql.join("\n");
                while i < n {
                    let l = lines[i];
                    if l.trim().is_empty() {
                        break;
                    }
                    let body = l.strip_prefix("---- ").ok_or_else(|| err(i, "expected a \"---- \" section line".into()))?;
                    let (kw, arg) = match body.split_once(' ') {
                        Some((k, a)) => (k, a.trim()),
                        None => (body, ""),
                    };
                    i += 1;
                    match kw {
                        "params" => {
                            let mut ps = Vec::new();
                            if !arg.is_empty() {
                                for raw in split_cells(arg) {
                                    let (t, v) = raw.split_once(' ').ok_or_else(|| err(i, "param needs \"type value\"".into()))?;
                                    ps.push((t.to_string(), decode_cell(v.trim_matches(' '))?));
                                }
                            }
                            st.params = Some(ps);
                        }
                        "columns" => {
                            let mut cs = Vec::new();
                            for raw in split_cells(arg) {
                                let (nm, t) = raw.rsplit_once(' ').ok_or_else(|| err(i, "column needs \"name type\"".into()))?;
                                cs.push((unescape(nm.trim_matches(' '))?, t.to_string()));
                            }
                            st.columns = Some(cs);
                        }
                        "tag" => st.tag = Some(arg.to_string()),
                        "error" => {
                            let (code, msg) = match arg.split_once(' ') {
                                Some((c, m)) => (c, m.trim()),
                                None => (arg, ""),
                            };
                            if code.len() != 5 {
                                return Err(err(i, "error needs a 5-character SQLSTATE".into()));
                            }
                            st.error = Some((code.to_string(), if msg.is_empty() { None } else { Some(msg.to_string()) }));
                        }
                        "ok" => {}
                        "rows" => {
                            st.sorted = arg == "sorted";
                            let mut rows = Vec::new();
                            while i < n && !lines[i].trim().is_empty() {
                                rows.push(split_cells(lines[i]).iter().map(|c| decode_cell(c)).collect::<Result<Vec<_>, _>>()?);
                                i += 1;
                            }
                            st.rows = Some(rows);
                            break;
                        }
                        other => return Err(err(i, format!("unknown section {other:?}"))),
                    }
                }
                case.steps.push(st);
            }
            _ => return Err(err(i, format!("unexpected line {line:?}"))),
        }
    }
    Ok(cases)
}

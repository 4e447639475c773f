"""The shared conformance suite (conformance/cases/*.case, format in
conformance/README.md) run through the Python API: each case on a fresh
":memory:" connection in autocommit mode, each step through a RawCursor
(``$n`` placeholders) returning text values, parameters bound with their
declared types (``pgmicro.Typed(typname, text)`` -> pgm_bind_typed_text;
``unknown`` -> a plain str -> pgm_bind_text).

Expected failures: conformance/xfail/common.txt + conformance/xfail/python.txt,
strict (an unexpected pass fails, and so does a stale entry)."""

import os
import sys

import pytest

import pgmicro
from conftest import CONFORMANCE, conformance_outcomes

sys.path.insert(0, CONFORMANCE)
import casefile  # noqa: E402  (the reference parser)

CASES_DIR = os.path.join(CONFORMANCE, "cases")


def load_xfail(name):
    out = {}
    path = os.path.join(CONFORMANCE, "xfail", name)
    if not os.path.exists(path):
        return out
    for line in open(path, encoding="utf-8"):
        entry, _, comment = line.partition("#")
        entry = entry.strip()
        if entry:
            out[entry] = comment.strip()
    return out


XFAIL = {**load_xfail("common.txt"), **load_xfail("python.txt")}
CASES = casefile.load_cases(CASES_DIR)


def param(typname, value):
    if value is None:
        return None
    if typname == "unknown":
        return value
    return pgmicro.Typed(typname, value)


def run_step(conn, step):
    cur = conn.cursor(raw=True, text=True)
    try:
        params = None if step.params is None else [param(t, v) for t, v in step.params]
        cur.execute(step.sql, params)
    except pgmicro.Error as ex:
        return {"error": (ex.sqlstate or "?????", ex.diag.message_primary or str(ex))}
    cols = [(c.name, c.type_name) for c in cur.description or ()]
    rows = [list(r) for r in cur.fetchall()] if cur.description else []
    return {"columns": cols, "rows": rows, "tag": cur.statusmessage}


def run_case(case):
    """None when the case passes, else an explanation."""
    conn = pgmicro.connect(":memory:", autocommit=True, statement_timeout=60000)
    try:
        for sql in case.setup:
            try:
                conn.cursor(raw=True).execute(sql)
            except pgmicro.Error as ex:
                return "setup failed: %s: %s\n  %s" % (ex.sqlstate, ex, sql)
        for k, step in enumerate(case.steps, 1):
            diff = casefile.compare(step, run_step(conn, step))
            if diff:
                return "step %d (line %d):\n  %s\n%s" % (k, step.line, step.sql.replace("\n", "\n  "),
                                                          "\n".join(diff))
        return None
    finally:
        conn.close()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case):
    failure = run_case(case)
    listed = case.name in XFAIL
    if failure is None:
        if listed:
            conformance_outcomes["xpass"] += 1
            pytest.fail("unexpected pass: remove %s from the xfail list" % case.name)
        conformance_outcomes["passed"] += 1
        return
    if listed:
        conformance_outcomes["xfail"] += 1
        pytest.xfail(XFAIL[case.name] or "listed in xfail")
    conformance_outcomes["failed"] += 1
    pytest.fail(failure, pytrace=False)


def test_no_stale_xfail_entries():
    names = {c.name for c in CASES}
    stale = sorted(n for n in XFAIL if n not in names)
    conformance_outcomes["stale"] += len(stale)
    assert not stale, "stale xfail entries (no such case): %s" % ", ".join(stale)

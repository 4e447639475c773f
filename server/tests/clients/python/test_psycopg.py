#!/usr/bin/env python3
"""psycopg2 and psycopg 3 (text and binary) against pgmicro-server, every
answer compared with the same query on the real PostgreSQL 15 (the oracle).

Usage: test_psycopg.py  with PGMICRO_PORT (the server under test) and
PGREF_PORT (the oracle, default 54329) set.  Binary results are compared
byte for byte (psycopg's low-level pgconn.exec_params, result format 1),
so the server's send functions are checked against PostgreSQL's own."""
import datetime as dt
import decimal
import os
import sys
import uuid

import psycopg
import psycopg2
import psycopg2.extras
from psycopg.types.json import Jsonb

PORT = int(os.environ["PGMICRO_PORT"])
REF_PORT = int(os.environ.get("PGREF_PORT", "54329"))
ZONE = "America/New_York"          # an offset that changes with DST
failures = []
passed = [0]


def same(a, b):
    """Equal, NaN included (Decimal('NaN') != itself)."""
    return a == b or repr(a) == repr(b)


def check(name, cond, info=""):
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else ": " + str(info)[:2000]))
    if not cond:
        failures.append(name)
    else:
        passed[0] += 1


def dsn(port):
    return f"host=127.0.0.1 port={port} user=postgres dbname=postgres connect_timeout=10"


# Expressions of every common type, their corners included: each is
# selected on both servers in text and in binary, and must give the same bytes.
EXPRS = [
    "42::int2", "-7::int4", "9223372036854775807::int8", "4294967295::oid",
    "1.5::float4", "-0.1::float8", "'NaN'::float8", "'-Infinity'::float8", "1e300::float8",
    "123.4500::numeric", "-0.000012::numeric", "0::numeric", "'NaN'::numeric",
    "'Infinity'::numeric", "123456789012345678901234567890.123456789::numeric",
    "10000::numeric", "0.0001::numeric", "1::numeric(10,4)",
    "true", "false", "'hé ∑'::text", "'x'::varchar(3)", "'ab'::char(4)", "'nm'::name",
    "'\\x00ff10'::bytea", "''::bytea",
    "'2024-02-29'::date", "'0044-03-15 BC'::date", "'infinity'::date", "'-infinity'::date",
    "'23:59:59.999999'::time", "'00:00'::time",
    "'2024-07-01 12:34:56.789'::timestamp", "'1999-12-31 23:59:59'::timestamp",
    "'0044-03-15 10:00 BC'::timestamp", "'infinity'::timestamp",
    "'2024-07-01 12:34:56.5+02'::timestamptz", "'2024-01-15 08:00:00'::timestamptz",
    "'-infinity'::timestamptz",
    "'1 year 2 mons 3 days 04:05:06.789'::interval", "'-1 day +02:03'::interval",
    "'-3 years -2 mons'::interval", "'0'::interval", "'100 hours'::interval",
    "'-0.5 seconds'::interval", "'1 mon -1 day 1 microsecond'::interval",
    "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid",
    "'{\"b\": [1, 2.5, null], \"a\": \"x\"}'::json", "'{\"b\": [1, 2.5, null], \"a\": \"x\"}'::jsonb",
    "'[]'::jsonb", "'\"s\"'::jsonb",
    "ARRAY[1, NULL, 3]::int4[]", "ARRAY[]::int4[]", "'{}'::text[]", "ARRAY[1, 2]::int2[]",
    "ARRAY[5000000000]::int8[]", "ARRAY[1.5, NULL, 'NaN']::float8[]", "ARRAY[0.1]::float4[]",
    "ARRAY['a', 'b c', NULL, 'NULL', 'q\"uo\\\\te', '']::text[]", "ARRAY['x']::varchar[]",
    "ARRAY[true, false, NULL]",
    "ARRAY[1.50, -0.001, NULL, 'NaN']::numeric[]", "ARRAY['\\x01ff'::bytea, NULL, '']",
    "ARRAY['2024-02-29'::date, NULL, 'infinity']", "ARRAY['12:00:01.5'::time]",
    "ARRAY['2024-07-01 12:34:56.789'::timestamp, '0044-03-15 10:00 BC']",
    "ARRAY['2024-07-01 12:34:56.5+02'::timestamptz, '2024-01-15 08:00', NULL]",
    "ARRAY['1 year -2 days 03:00'::interval, '-1 microsecond', NULL]",
    "ARRAY['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, NULL]",
    "ARRAY['{\"a\": 1}'::jsonb, '[true]']", "ARRAY['{\"a\" : 1}'::json]",
    "ARRAY[4294967295]::oid[]",
]


def raw_select(conn, expr, fmt):
    res = conn.pgconn.exec_params(f"SELECT {expr}".encode(), [], result_format=fmt)
    if res.status != psycopg.pq.ExecStatus.TUPLES_OK:
        return ("error", res.error_field(psycopg.pq.DiagnosticField.SQLSTATE),
                (res.error_message or b"").decode()[:200])
    return (res.ftype(0), res.get_value(0, 0))


def test_raw_formats(mine, ref):
    for fmt, label in ((0, "text"), (1, "binary")):
        for expr in EXPRS:
            got, want = raw_select(mine, expr, fmt), raw_select(ref, expr, fmt)
            check(f"{label} bytes of SELECT {expr}", same(got, want), f"pgmicro {got!r} PostgreSQL {want!r}")


# Python values sent as parameters (binary %b and text %t), each selected
# back under the given cast: the decoded values must equal the oracle's.
PARAMS = [
    ("int4", 123), ("int8", -(2 ** 40)), ("int2", 7), ("float8", 0.1), ("float4", 1.25),
    ("numeric", decimal.Decimal("-12.3400")), ("numeric", decimal.Decimal("1E+5")),
    ("numeric", decimal.Decimal("0.000001")), ("numeric", decimal.Decimal("NaN")),
    ("text", "héllo"), ("bool", True), ("bytea", b"\x00\x01\xff"),
    ("date", dt.date(2024, 2, 29)), ("time", dt.time(1, 2, 3, 4)),
    ("timestamp", dt.datetime(2020, 5, 6, 7, 8, 9, 123456)),
    ("timestamptz", dt.datetime(2020, 5, 6, 7, 8, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))),
    ("interval", dt.timedelta(days=-3, seconds=7200, microseconds=5)),
    ("uuid", uuid.UUID("12345678-1234-5678-1234-567812345678")),
    ("jsonb", Jsonb({"k": [1, "two", None]})),
    ("int4[]", [1, None, 3]), ("int8[]", [2 ** 40]), ("text[]", ["a", "b,c", None, '"q"', "\\"]),
    ("numeric[]", [decimal.Decimal("1.5"), decimal.Decimal("-0.25")]),
    ("date[]", [dt.date(2000, 1, 1), None]), ("float8[]", [1.5, -2.0]),
    ("bool[]", [True, None]), ("uuid[]", [uuid.UUID(int=1)]),
    ("timestamptz[]", [dt.datetime(2021, 1, 1, tzinfo=dt.timezone.utc)]),
    ("interval[]", [dt.timedelta(hours=1)]), ("bytea[]", [b"\x01\x02", None]),
]


def fetch(conn, sql, args, binary):
    with conn.cursor(binary=binary) as cur:
        try:
            cur.execute(sql, args)
            return ("ok", cur.fetchall(), [d.type_code for d in cur.description])
        except psycopg.Error as e:
            conn.rollback()
            return ("error", e.sqlstate)


def test_psycopg3_params(mine, ref):
    for cast, value in PARAMS:
        for ph in ("%b", "%t"):
            for binary in (True, False):
                sql = f"SELECT {ph}::{cast} AS v"
                got, want = fetch(mine, sql, [value], binary), fetch(ref, sql, [value], binary)
                check(f"psycopg 3 {'binary' if binary else 'text'} result, {ph} {cast} parameter {value!r}",
                      same(got, want), f"pgmicro {got!r} PostgreSQL {want!r}")


def test_psycopg3_behaviour(mine):
    with mine.cursor(binary=True) as cur:
        cur.execute("DROP TABLE IF EXISTS t3")
        cur.execute("CREATE TABLE t3 (id int PRIMARY KEY, tags text[], at timestamptz, d interval)")
        cur.executemany("INSERT INTO t3 VALUES (%s, %s, %s, %s)",
                        [(i, [f"t{i}", None], dt.datetime(2024, 1, i, tzinfo=dt.timezone.utc),
                          dt.timedelta(minutes=i)) for i in range(1, 6)])
        cur.execute("SELECT id, tags, d FROM t3 WHERE id = ANY(%s) ORDER BY id", [[2, 4]])
        rows = cur.fetchall()
        check("psycopg 3 binary: executemany, arrays and ANY", rows ==
              [(2, ["t2", None], dt.timedelta(minutes=2)), (4, ["t4", None], dt.timedelta(minutes=4))], rows)
    mine.commit()
    try:
        with mine.cursor() as cur:
            cur.execute("INSERT INTO t3 VALUES (1, NULL, NULL, NULL)")
        check("psycopg 3 unique violation raised", False)
    except psycopg.errors.UniqueViolation as e:
        check("psycopg 3 unique violation SQLSTATE 23505", e.sqlstate == "23505", e.sqlstate)
    mine.rollback()
    with mine.cursor(binary=True) as cur:
        # the send form of date/time array elements does not depend on DateStyle
        cur.execute("SET DateStyle = 'SQL, DMY'")
        cur.execute("SELECT ARRAY['2024-01-02'::date]")
        check("binary date[] under DateStyle SQL", cur.fetchone() == ([dt.date(2024, 1, 2)],))
        mine.rollback()
        cur.execute("SET DateStyle = 'ISO, MDY'")
        cur.execute("SELECT ARRAY['2024-01-02'::date]")
        check("binary date[] under DateStyle ISO", cur.fetchone() == ([dt.date(2024, 1, 2)],))
    mine.rollback()
    with mine.cursor() as cur:
        cur.execute("SELECT %s::int * 2", [21], prepare=True)   # a named protocol-level statement
        cur.execute("SELECT %s::int * 2", [5], prepare=True)
        check("psycopg 3 named prepared statement, run twice", cur.fetchone() == (10,))
        for _ in range(6):          # psycopg prepares server-side after 5 runs
            cur.execute("SELECT %s::int + 1", [1])
        check("psycopg 3 automatically prepared statement", cur.fetchone() == (2,))
    mine.rollback()


# ---- psycopg2 (text protocol, client-side parameter interpolation) ----

def p2_fetch(conn, sql, args=None):
    cur = conn.cursor()
    try:
        cur.execute(sql, args)
        out = ("ok", cur.fetchall(), [d.type_code for d in cur.description])
    except psycopg2.Error as e:
        out = ("error", e.pgcode)
    except ValueError as e:         # psycopg2 has no BC dates: the same on both servers
        out = ("client error", str(e))
    conn.rollback()
    return out


def test_psycopg2(port):
    mine, ref = psycopg2.connect(dsn(port)), psycopg2.connect(dsn(REF_PORT))
    psycopg2.extras.register_uuid()
    for c in (mine, ref):
        c.cursor().execute(f"SET TimeZone = '{ZONE}'")
        c.commit()
    for expr in EXPRS:
        got, want = p2_fetch(mine, f"SELECT {expr}"), p2_fetch(ref, f"SELECT {expr}")
        check(f"psycopg2 SELECT {expr}", same(got, want), f"pgmicro {got!r} PostgreSQL {want!r}")
    for cast, value in PARAMS:
        if isinstance(value, Jsonb):
            value = psycopg2.extras.Json(value.obj)
        sql = f"SELECT %s::{cast}"
        got, want = p2_fetch(mine, sql, [value]), p2_fetch(ref, sql, [value])
        check(f"psycopg2 {cast} parameter {value!r}", same(got, want), f"pgmicro {got!r} PostgreSQL {want!r}")
    got = p2_fetch(mine, "SELECT 1/0")
    check("psycopg2 division by zero SQLSTATE 22012", got == ("error", "22012"), got)
    cur = mine.cursor()
    cur.execute("DROP TABLE IF EXISTS p2")
    cur.execute("CREATE TABLE p2 (id serial PRIMARY KEY, v text)")
    cur.execute("INSERT INTO p2 (v) VALUES (%s) RETURNING id", ["committed"])
    mine.commit()
    cur.execute("INSERT INTO p2 (v) VALUES (%s)", ["rolled back"])
    mine.rollback()
    cur.execute("SELECT v FROM p2 ORDER BY id")
    check("psycopg2 commit and rollback", cur.fetchall() == [("committed",)])
    mine.rollback()
    mine.close()
    ref.close()


# COPY in binary format through psycopg 3's Copy (set_types + write_row
# writes PostgreSQL's binary COPY file), read back in binary and compared
# byte for byte with the oracle's.
BCOPY_TYPES = ["int4", "int8", "float8", "numeric", "bool", "text", "bytea", "date",
               "timestamptz", "interval", "uuid", "jsonb", "int4[]", "text[]"]
BCOPY_ROWS = [
    (1, -(2 ** 40), 1.25, decimal.Decimal("-12.500"), True, "héllo", b"\x00\xff",
     dt.date(2024, 2, 29), dt.datetime(2024, 7, 1, 12, 0, tzinfo=dt.timezone.utc),
     dt.timedelta(days=3, seconds=7, microseconds=5), uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
     Jsonb({"a": [1, None]}), [1, None, 3], ["a b", ""]),
    (2, None, float("-inf"), decimal.Decimal("NaN"), False, "", b"", dt.date(1, 1, 1),
     None, dt.timedelta(0), None, Jsonb([]), [], None),
]


def bcopy_run(conn):
    """Load BCOPY_ROWS in binary; the table's binary COPY output and its rows."""
    with conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bcopy")
        cur.execute("CREATE TABLE bcopy (" + ", ".join(f"c{i} {t}" for i, t in enumerate(BCOPY_TYPES)) + ")")
        with cur.copy("COPY bcopy FROM STDIN (FORMAT binary)") as cp:
            cp.set_types(BCOPY_TYPES)
            for r in BCOPY_ROWS:
                cp.write_row(r)
        tag = cur.statusmessage
        with cur.copy("COPY bcopy TO STDOUT (FORMAT binary)") as cp:
            data = b"".join(bytes(b) for b in cp)
        with cur.copy("COPY bcopy TO STDOUT (FORMAT binary)") as cp:
            cp.set_types(BCOPY_TYPES)
            rows = list(cp.rows())
        cur.execute("DROP TABLE bcopy")
    return tag, data, rows


def bcopy_error(conn, data):
    """The (SQLSTATE, message, context) a binary COPY of data fails with."""
    with conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bcopy_e")
        cur.execute("CREATE TABLE bcopy_e (a int4, b text)")
        try:
            with cur.copy("COPY bcopy_e FROM STDIN (FORMAT binary)") as cp:
                cp.write(data)
            return None
        except psycopg.Error as e:
            return (e.sqlstate, e.diag.message_primary, e.diag.context)
        finally:
            cur.execute("DROP TABLE IF EXISTS bcopy_e")


def test_binary_copy(mine, ref):
    got, want = bcopy_run(mine), bcopy_run(ref)
    check("binary COPY FROM tag", got[0] == want[0] == "COPY 2", (got[0], want[0]))
    check("binary COPY TO bytes equal PostgreSQL's", got[1] == want[1], (got[1].hex(), want[1].hex()))
    check("binary COPY rows read back equal PostgreSQL's", got[2] == want[2], (got[2], want[2]))
    sig = b"PGCOPY\n\xff\r\n\x00"
    for name, data in [("bad signature", b"PGCOPY\n\xff\r\n\x01" + bytes(8)),
                       ("WITH OIDS flag", sig + b"\x00\x01\x00\x00" + bytes(4)),
                       ("field count", sig + bytes(8) + b"\x00\x01\x00\x00\x00\x00"),
                       ("int4 of 8 bytes", sig + bytes(8) + b"\x00\x02\x00\x00\x00\x08" + bytes(8) + b"\xff\xff\xff\xff"),
                       ("data after the trailer", sig + bytes(8) + b"\xff\xff" + b"x")]:
        got, want = bcopy_error(mine, data), bcopy_error(ref, data)
        check(f"binary COPY error: {name}", got == want and want is not None, (got, want))


def main():
    mine = psycopg.connect(dsn(PORT), options=f"-c TimeZone={ZONE}")
    ref = psycopg.connect(dsn(REF_PORT), options=f"-c TimeZone={ZONE}")
    for c in (mine, ref):
        c.autocommit = True
    test_raw_formats(mine, ref)
    test_binary_copy(mine, ref)
    for c in (mine, ref):
        c.autocommit = False
    test_psycopg3_params(mine, ref)
    test_psycopg3_behaviour(mine)
    mine.close()
    ref.close()
    test_psycopg2(PORT)
    print(f"psycopg: {passed[0]} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

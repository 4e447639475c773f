"""Python values round-trip exactly through parameters and columns."""

import datetime as dt
import math
import uuid
from decimal import Decimal

import pytest

import pgmicro
from pgmicro import errors

UTC = dt.timezone.utc

# (value, the column type that stores it, the type a bare "SELECT %s" gives)
VALUES = [
    (None, "int4", "text"),
    (0, "int8", "int8"),
    (-(2 ** 63), "int8", "int8"),
    (2 ** 63 - 1, "int8", "int8"),
    (42, "int4", "int8"),
    (-7, "int2", "int8"),
    (1.5, "float8", "float8"),
    (-1e300, "float8", "float8"),
    (float("inf"), "float8", "float8"),
    (float("-inf"), "float8", "float8"),
    (0.1, "float8", "float8"),
    (True, "bool", "bool"),
    (False, "bool", "bool"),
    ("", "text", "text"),
    ("héllo wörld ✓ 🐘", "text", "text"),
    ("a'b\"c\\d\n", "varchar", "text"),
    (b"", "bytea", "bytea"),
    (b"\x00\x01\xfe\xff", "bytea", "bytea"),
    (Decimal("1.50"), "numeric", "numeric"),
    (Decimal("-0.000001"), "numeric", "numeric"),
    (Decimal("12345678901234567890.123456789"), "numeric", "numeric"),
    (Decimal("NaN"), "numeric", "numeric"),
    (Decimal("Infinity"), "numeric", "numeric"),
    (2 ** 80, "numeric", "numeric"),
    (dt.date(2024, 2, 29), "date", "date"),
    (dt.date(1, 1, 1), "date", "date"),
    (dt.date(9999, 12, 31), "date", "date"),
    (dt.time(0, 0), "time", "time"),
    (dt.time(23, 59, 59, 999999), "time", "time"),
    (dt.datetime(2024, 1, 2, 3, 4, 5), "timestamp", "timestamp"),
    (dt.datetime(2024, 1, 2, 3, 4, 5, 120000), "timestamp", "timestamp"),
    (dt.datetime(2024, 1, 2, 3, 4, 5, 1, tzinfo=UTC), "timestamptz", "timestamptz"),
    (dt.timedelta(0), "interval", "interval"),
    (dt.timedelta(days=3, seconds=5, microseconds=7), "interval", "interval"),
    (dt.timedelta(seconds=-1), "interval", "interval"),
    (dt.timedelta(days=-40, hours=3), "interval", "interval"),
    (uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), "uuid", "uuid"),
]


def same(a, b):
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    if isinstance(a, Decimal) and a.is_nan():
        return isinstance(b, Decimal) and b.is_nan()
    return type(a) is type(b) and a == b or (isinstance(a, int) and isinstance(b, Decimal) and a == b)


@pytest.mark.parametrize("value,coltype,seltype", VALUES, ids=[repr(v[0]) for v in VALUES])
def test_roundtrip_select(aconn, value, coltype, seltype):
    cur = aconn.execute("SELECT %s AS v", (value,))
    got = cur.fetchone()[0]
    assert same(value, got), (value, got)
    assert cur.description[0].type_name == seltype


@pytest.mark.parametrize("value,coltype,seltype", VALUES, ids=[repr(v[0]) for v in VALUES])
def test_roundtrip_column(aconn, value, coltype, seltype):
    aconn.execute("CREATE TABLE t (v %s)" % coltype)
    aconn.execute("INSERT INTO t VALUES (%s)", (value,))
    cur = aconn.execute("SELECT v FROM t")
    got = cur.fetchone()[0]
    assert same(value, got), (value, got)
    assert cur.description[0].type_name == coltype
    # and the stored value compares equal to the parameter
    if value is not None:
        assert aconn.execute("SELECT count(*) FROM t WHERE v = %s", (value,)).fetchone() == (1,)


def test_timestamptz_offsets(aconn):
    tz = dt.timezone(dt.timedelta(hours=5, minutes=30))
    v = dt.datetime(2024, 1, 2, 3, 4, 5, 500000, tzinfo=tz)
    got = aconn.execute("SELECT %s", (v,)).fetchone()[0]
    assert got == v and got.utcoffset() == dt.timedelta(0)  # output in the session zone, UTC
    got = aconn.execute("SELECT '2024-06-01 12:00:00-07'::timestamptz").fetchone()[0]
    assert got == dt.datetime(2024, 6, 1, 19, 0, tzinfo=UTC)


def test_float4_reads_as_shown(aconn):
    assert aconn.execute("SELECT 1.1::float4").fetchone()[0] == 1.1
    assert aconn.execute("SELECT 'Infinity'::float4").fetchone()[0] == float("inf")


def test_float_nan_round_trips(aconn):
    # NaN is stored as the text 'NaN' (SQLite has no NaN REAL) and comes back as NaN
    import math
    assert math.isnan(aconn.execute("SELECT %s", (float("nan"),)).fetchone()[0])
    aconn.execute("CREATE TABLE nanf (x float8)")
    aconn.execute("INSERT INTO nanf VALUES (%s), (1.5)", (float("nan"),))
    rows = aconn.execute("SELECT x FROM nanf ORDER BY x").fetchall()
    assert rows[0][0] == 1.5 and math.isnan(rows[1][0])   # NaN sorts last, as in PostgreSQL


def test_json(aconn):
    obj = {"a": [1, 2.5, None, "x", {"b": True}]}
    assert aconn.execute("SELECT %s", (pgmicro.Jsonb(obj),)).fetchone()[0] == obj
    cur = aconn.execute("SELECT %s", (pgmicro.Json([1, "two"]),))
    assert cur.fetchone()[0] == [1, "two"] and cur.description[0].type_name == "json"
    assert aconn.execute("SELECT %s", ({"k": "v"},)).fetchone()[0] == {"k": "v"}
    aconn.execute("CREATE TABLE j (doc jsonb)")
    aconn.execute("INSERT INTO j VALUES (%s)", (pgmicro.Jsonb(obj),))
    assert aconn.execute("SELECT doc->'a'->>3 FROM j").fetchone()[0] == "x"
    assert aconn.execute("SELECT doc FROM j").fetchone()[0] == obj


def test_interval_with_months_is_text(aconn):
    assert aconn.execute("SELECT '1 year 2 mons 3 days'::interval").fetchone()[0] == \
        "1 year 2 mons 3 days"
    assert aconn.execute("SELECT '3 days 04:05:06.5'::interval").fetchone()[0] == \
        dt.timedelta(days=3, hours=4, minutes=5, seconds=6, microseconds=500000)


def test_infinite_dates_raise_data_error(aconn):
    with pytest.raises(pgmicro.DataError):
        aconn.execute("SELECT 'infinity'::date")
    with pytest.raises(pgmicro.DataError):
        aconn.execute("SELECT '-infinity'::timestamp")


def test_typed(aconn):
    assert aconn.execute("SELECT %s", (pgmicro.Typed("int4", "41"),)).fetchone() == (41,)
    assert aconn.execute("SELECT %s + 1.5", (pgmicro.Typed("numeric", "1.25"),)).fetchone() == \
        (Decimal("2.75"),)
    assert aconn.execute("SELECT %s::int4 + 1", (pgmicro.Typed("int8", "41"),)).fetchone() == (42,)
    with pytest.raises(errors.InvalidTextRepresentation):
        aconn.execute("SELECT %s", (pgmicro.Typed("int4", "abc"),))
    with pytest.raises(pgmicro.NotSupportedError):
        pgmicro.Typed("no_such_type", "x")


def test_params_cast_to_context(aconn):
    aconn.execute("CREATE TABLE t (i int4, n numeric(6,2), s text, d date)")
    aconn.execute("INSERT INTO t VALUES (%s, %s, %s, %s)", ("12", 3, 4, "2024-03-01"))
    assert aconn.execute("SELECT * FROM t").fetchone() == (12, Decimal("3.00"), "4",
                                                            dt.date(2024, 3, 1))
    with pytest.raises(errors.NumericValueOutOfRange):
        aconn.execute("INSERT INTO t (i) VALUES (%s)", (2 ** 40,))
    with pytest.raises(errors.InvalidTextRepresentation):
        aconn.execute("INSERT INTO t (i) VALUES (%s)", ("abc",))


def test_arrays_not_supported(aconn):
    with pytest.raises(pgmicro.NotSupportedError):
        aconn.execute("SELECT %s", ([1, 2],))


def test_aware_time_not_supported(aconn):
    with pytest.raises(pgmicro.NotSupportedError):
        aconn.execute("SELECT %s", (dt.time(1, 2, tzinfo=UTC),))


def test_dbapi_type_objects_and_constructors(aconn):
    cur = aconn.execute("SELECT 1, 'a'::text, '\\x01'::bytea, now(), 1.5::numeric")
    codes = [d.type_code for d in cur.description]
    assert codes[0] == pgmicro.NUMBER and codes[1] == pgmicro.STRING
    assert codes[2] == pgmicro.BINARY and codes[3] == pgmicro.DATETIME
    assert codes[4] == pgmicro.NUMBER and codes[1] != pgmicro.NUMBER
    assert pgmicro.Date(2024, 1, 2) == dt.date(2024, 1, 2)
    assert pgmicro.Time(1, 2, 3) == dt.time(1, 2, 3)
    assert pgmicro.Timestamp(2024, 1, 2, 3, 4, 5) == dt.datetime(2024, 1, 2, 3, 4, 5)
    assert pgmicro.Binary(bytearray(b"ab")) == b"ab"
    assert pgmicro.DateFromTicks(0) in (dt.date(1970, 1, 1), dt.date(1969, 12, 31))
    assert pgmicro.TimestampFromTicks(0).timestamp() == 0
    assert isinstance(pgmicro.TimeFromTicks(0), dt.time)
    ts = aconn.execute("SELECT %s::timestamptz", (pgmicro.TimestampFromTicks(1e9),)).fetchone()[0]
    assert ts.timestamp() == 1e9

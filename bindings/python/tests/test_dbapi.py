"""PEP 249 behaviour: module globals, connections, cursors, transactions,
placeholders, row factories."""

import os

import pytest

import pgmicro
from pgmicro import errors
from pgmicro.rows import dict_row, namedtuple_row, tuple_row


def test_module_globals():
    assert pgmicro.apilevel == "2.0"
    assert pgmicro.threadsafety == 1
    assert pgmicro.paramstyle == "pyformat"
    assert pgmicro.pg_version.startswith("15.")
    for name in ("Warning", "Error", "InterfaceError", "DatabaseError", "DataError",
                 "OperationalError", "IntegrityError", "InternalError", "ProgrammingError",
                 "NotSupportedError"):
        assert issubclass(getattr(pgmicro, name), Exception)
        assert getattr(pgmicro.Connection, name) is getattr(pgmicro, name)


def test_connect_default_memory():
    c = pgmicro.connect()
    assert c.path == ":memory:"
    assert c.execute("SELECT 1").fetchone() == (1,)
    c.close()
    c.close()  # idempotent
    assert c.closed
    with pytest.raises(pgmicro.OperationalError):
        c.cursor().execute("SELECT 1")


def test_connect_nocreate_fails(tmp_path):
    with pytest.raises(pgmicro.OperationalError):
        pgmicro.connect(str(tmp_path / "missing.db"), create=False)


def test_description_and_rowcount(conn):
    cur = conn.cursor()
    assert cur.description is None and cur.rowcount == -1
    cur.execute("CREATE TABLE t (id int PRIMARY KEY, name varchar(20), price numeric(8,2))")
    assert cur.description is None
    assert cur.statusmessage == "CREATE TABLE"
    assert cur.rowcount == -1
    cur.execute("INSERT INTO t VALUES (1, 'a', 1.5), (2, 'b', 2.25)")
    assert cur.statusmessage == "INSERT 0 2"
    assert cur.rowcount == 2
    cur.execute("SELECT id, name, price, id * 2 FROM t ORDER BY id")
    assert cur.rowcount == 2
    assert cur.statusmessage == "SELECT 2"
    d = cur.description
    assert [c.name for c in d] == ["id", "name", "price", "?column?"]
    assert d[0] == ("id", 23, None, 4, None, None, None)
    assert d[0].type_code == pgmicro.NUMBER and d[1].type_code == pgmicro.STRING
    assert d[1].display_size == 20 and d[1].type_name == "varchar"
    assert (d[2].precision, d[2].scale) == (8, 2)
    assert len(d[0]) == 7 and tuple(d[0])[1] == 23
    cur.execute("UPDATE t SET name = 'z'")
    assert cur.rowcount == 2 and cur.statusmessage == "UPDATE 2"
    cur.execute("DELETE FROM t WHERE id = 99")
    assert cur.rowcount == 0


def test_fetch_methods(conn):
    cur = conn.cursor()
    cur.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 10) "
                "SELECT i FROM r")
    assert cur.fetchone() == (1,)
    assert cur.arraysize == 1
    assert cur.fetchmany() == [(2,)]
    cur.arraysize = 3
    assert cur.fetchmany() == [(3,), (4,), (5,)]
    assert cur.fetchmany(2) == [(6,), (7,)]
    assert [r for r in cur] == [(8,), (9,), (10,)]
    assert cur.fetchone() is None
    assert cur.fetchall() == []
    assert cur.fetchmany(5) == []
    cur.execute("SELECT 1 WHERE false")
    assert cur.fetchall() == [] and cur.rowcount == 0


def test_fetch_without_result(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE t (x int)")
    with pytest.raises(pgmicro.ProgrammingError):
        cur.fetchone()
    cur.close()
    assert cur.closed
    with pytest.raises(pgmicro.InterfaceError):
        cur.execute("SELECT 1")


def test_cursor_context_manager(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT 42")
        assert cur.fetchone() == (42,)
    assert cur.closed


def test_executemany(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE t (id int PRIMARY KEY, v text)")
    cur.executemany("INSERT INTO t VALUES (%s, %s)", [(i, str(i)) for i in range(100)])
    assert cur.rowcount == 100
    cur.executemany("INSERT INTO t VALUES (%(id)s, %(v)s)", ({"id": i, "v": "x"} for i in range(100, 110)))
    assert cur.rowcount == 10
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (110,)
    cur.executemany("UPDATE t SET v = %s WHERE id = %s RETURNING id", [("a", 1), ("b", 2)], returning=True)
    assert cur.fetchall() == [(2,)]
    assert cur.rowcount == 2


def test_implicit_transaction_and_commit(tmp_path):
    path = str(tmp_path / "db.pgm")
    a = pgmicro.connect(path)
    b = pgmicro.connect(path, autocommit=True)
    a.execute("CREATE TABLE t (x int)")
    assert a.transaction_status == "T"
    a.commit()
    assert a.transaction_status == "I"
    a.execute("INSERT INTO t VALUES (1)")
    assert a.transaction_status == "T"
    assert b.execute("SELECT count(*) FROM t").fetchone() == (0,)
    a.commit()
    assert b.execute("SELECT count(*) FROM t").fetchone() == (1,)
    a.execute("INSERT INTO t VALUES (2)")
    a.rollback()
    assert a.execute("SELECT count(*) FROM t").fetchone() == (1,)
    a.rollback()
    a.close()
    b.close()


def test_autocommit(tmp_path):
    c = pgmicro.connect(autocommit=True)
    assert c.autocommit
    c.execute("CREATE TABLE t (x int)")
    assert c.transaction_status == "I"
    c.execute("BEGIN")
    assert c.transaction_status == "T"
    with pytest.raises(pgmicro.ProgrammingError):
        c.autocommit = False
    c.execute("ROLLBACK")
    c.autocommit = False
    c.execute("SELECT 1")
    assert c.transaction_status == "T"
    c.close()


def test_failed_transaction(conn):
    conn.execute("CREATE TABLE t (id int PRIMARY KEY)")
    conn.commit()
    conn.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(errors.UniqueViolation):
        conn.execute("INSERT INTO t VALUES (1)")
    assert conn.transaction_status == "E"
    with pytest.raises(errors.InFailedSqlTransaction):
        conn.execute("SELECT 1")
    conn.rollback()
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_connection_context_manager(tmp_path):
    path = str(tmp_path / "ctx.pgm")
    with pgmicro.connect(path) as c:
        c.execute("CREATE TABLE t (x int)")
        c.execute("INSERT INTO t VALUES (1)")
    assert c.closed
    with pytest.raises(ZeroDivisionError):
        with pgmicro.connect(path) as c:
            c.execute("INSERT INTO t VALUES (2)")
            1 / 0
    assert c.closed
    with pgmicro.connect(path) as c:
        assert c.execute("SELECT x FROM t").fetchall() == [(1,)]


def test_placeholders(aconn):
    ex = aconn.execute
    assert ex("SELECT %s AS a, %s AS b", (1, "x")).fetchone() == (1, "x")
    assert ex("SELECT %(a)s || %(b)s || %(a)s", {"a": "x", "b": "y"}).fetchone() == ("xyx",)
    assert ex("SELECT 'a%%b', %s", ["c"]).fetchone() == ("a%b", "c")
    # placeholders are not recognised inside strings, identifiers, comments, dollar quotes
    assert ex("SELECT '%s' AS \"%s\", %s -- %s\n", (1,)).fetchone() == ("%s", 1)
    assert ex("SELECT $$ %s $$, /* %s /* nested */ %s */ %s", (2,)).fetchone() == (" %s ", 2)
    assert ex("SELECT E'it\\'s %s', %s", (3,)).fetchone() == ("it's %s", 3)
    assert ex("SELECT 'it''s %s', %s", (4,)).fetchone() == ("it's %s", 4)
    # without parameters the query is sent as is
    assert ex("SELECT 'a%' AS x").fetchone() == ("a%",)
    assert ex("SELECT %s::int + %s", (1, 2)).fetchone() == (3,)
    assert ex("SELECT %b, %t", (1, 2)).fetchone() == (1, 2)


def test_placeholder_errors(aconn):
    with pytest.raises(pgmicro.ProgrammingError):
        aconn.execute("SELECT %s, %s", (1,))
    with pytest.raises(pgmicro.ProgrammingError):
        aconn.execute("SELECT %s", (1, 2))
    with pytest.raises(pgmicro.ProgrammingError):
        aconn.execute("SELECT %s, %(a)s", (1,))
    with pytest.raises(pgmicro.ProgrammingError):
        aconn.execute("SELECT %(a)s", {"b": 1})
    with pytest.raises(TypeError):
        aconn.execute("SELECT %(a)s", (1,))
    with pytest.raises(pgmicro.ProgrammingError):
        aconn.execute("SELECT %x", (1,))
    with pytest.raises(pgmicro.ProgrammingError):
        aconn.execute("SELECT %s", (object(),))
    with pytest.raises(errors.SyntaxError):
        aconn.execute("SELECT %s; SELECT 2", (1,))


def test_raw_cursor(aconn):
    cur = pgmicro.RawCursor(aconn)
    assert cur.execute("SELECT $1::int + $2, 'a%'", (1, 2)).fetchone() == (3, "a%")
    cur = aconn.cursor(raw=True)
    assert cur.execute("SELECT $2 || $1", ["b", "a"]).fetchone() == ("ab",)


def test_text_cursor(aconn):
    cur = aconn.cursor(text=True)
    cur.execute("SELECT 1.50::numeric, true, '\\x0102'::bytea, NULL::int, 2::int8")
    assert cur.fetchone() == ("1.50", "t", "\\x0102", None, "2")


def test_multiple_statements(aconn):
    cur = aconn.execute("CREATE TABLE t (x int); INSERT INTO t VALUES (1), (2); SELECT sum(x) FROM t")
    assert cur.fetchall() == [(3,)]
    assert aconn.execute("  -- nothing\n").description is None
    with pytest.raises(errors.UndefinedTable):
        aconn.execute("SELECT 1; SELECT * FROM nope; SELECT 3")


def test_statement_cache_sees_schema_changes(aconn):
    aconn.execute("CREATE TABLE t (a int)")
    aconn.execute("INSERT INTO t VALUES (1)")
    assert aconn.execute("SELECT * FROM t").fetchall() == [(1,)]
    aconn.execute("DROP TABLE t")
    aconn.execute("CREATE TABLE t (a int, b text)")
    aconn.execute("INSERT INTO t VALUES (1, NULL)")
    cur = aconn.execute("SELECT * FROM t")
    assert [d.name for d in cur.description] == ["a", "b"]
    assert cur.fetchall() == [(1, None)]
    aconn.execute("DROP TABLE t")
    with pytest.raises(errors.UndefinedTable):
        aconn.execute("SELECT * FROM t")


def test_row_factories(aconn):
    q = "SELECT 1 AS a, 'x' AS b"
    assert aconn.cursor(row_factory=dict_row).execute(q).fetchone() == {"a": 1, "b": "x"}
    r = aconn.cursor(row_factory=namedtuple_row).execute(q).fetchall()[0]
    assert (r.a, r.b) == (1, "x")
    cur = aconn.cursor(row_factory=tuple_row)
    assert cur.execute(q).fetchmany(5) == [(1, "x")]
    c2 = pgmicro.connect(row_factory=dict_row)
    assert c2.execute("SELECT 2 AS z").fetchall() == [{"z": 2}]
    cur = c2.cursor()
    cur.row_factory = namedtuple_row
    assert cur.execute("SELECT 3 AS \"not valid\", 4 AS ok").fetchone() == (3, 4)
    c2.close()


def test_conn_info_and_timeouts(tmp_path):
    c = pgmicro.connect(str(tmp_path / "x.pgm"), statement_timeout=1000, busy_timeout=100)
    assert c.info["server_version"].startswith("15")
    c.set_statement_timeout(0)
    c.close()


def test_uri_shared_memory():
    a = pgmicro.connect("file:shm1?mode=memory&cache=shared", uri=True, autocommit=True)
    b = pgmicro.connect("file:shm1?mode=memory&cache=shared", uri=True, autocommit=True)
    a.execute("CREATE TABLE t (x int)")
    a.execute("INSERT INTO t VALUES (7)")
    assert b.execute("SELECT x FROM t").fetchall() == [(7,)]
    a.close()
    b.close()


def test_readonly(tmp_path):
    path = str(tmp_path / "ro.pgm")
    with pgmicro.connect(path) as c:
        c.execute("CREATE TABLE t (x int)")
    c = pgmicro.connect(path, readonly=True, autocommit=True)
    assert c.execute("SELECT count(*) FROM t").fetchone() == (0,)
    with pytest.raises(pgmicro.Error):
        c.execute("INSERT INTO t VALUES (1)")
    c.close()

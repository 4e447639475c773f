"""Threads: separate connections in threads, a shared file database, a
connection shared (serialised) between threads, the GIL released while the
engine works."""

import threading
import time

import pgmicro

LONG = ("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < %d) "
        "SELECT count(*) FROM r")


def run_threads(n, target):
    errs = []

    def wrap(k):
        try:
            target(k)
        except BaseException as ex:  # noqa: B902
            errs.append(ex)

    ts = [threading.Thread(target=wrap, args=(k,)) for k in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    assert not errs, errs


def test_separate_memory_connections():
    def work(k):
        with pgmicro.connect() as c:
            c.execute("CREATE TABLE t (id int PRIMARY KEY, v text)")
            c.cursor().executemany("INSERT INTO t VALUES (%s, %s)", [(i, "t%d" % k) for i in range(200)])
            assert c.execute("SELECT count(*), min(v), max(v) FROM t").fetchone() == (200, "t%d" % k, "t%d" % k)

    run_threads(8, work)


def test_shared_file_database(tmp_path):
    path = str(tmp_path / "shared.pgm")
    with pgmicro.connect(path) as c:
        c.execute("CREATE TABLE t (k int, i int)")

    def work(k):
        c = pgmicro.connect(path, autocommit=True, busy_timeout=20000)
        for i in range(20):
            c.execute("INSERT INTO t VALUES (%s, %s)", (k, i))
        c.close()

    run_threads(6, work)
    with pgmicro.connect(path) as c:
        assert c.execute("SELECT count(*), count(DISTINCT k) FROM t").fetchone() == (120, 6)


def test_shared_connection_is_serialised():
    conn = pgmicro.connect(autocommit=True)
    conn.execute("CREATE TABLE t (k int, i int)")

    def work(k):
        for i in range(100):
            conn.execute("INSERT INTO t VALUES (%s, %s)", (k, i))
            assert conn.execute("SELECT count(*) FROM t WHERE k = %s", (k,)).fetchone() == (i + 1,)

    run_threads(4, work)
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (400,)
    conn.close()


def test_gil_released_during_query():
    conn = pgmicro.connect()
    n = 50000
    t0 = time.perf_counter()
    conn.execute(LONG % n)
    single = time.perf_counter() - t0
    while single < 0.2:
        n *= 2
        t0 = time.perf_counter()
        conn.execute(LONG % n)
        single = time.perf_counter() - t0
    done = threading.Event()
    result = []

    def work():
        result.append(conn.execute(LONG % n).fetchone())
        done.set()

    t = threading.Thread(target=work)
    t.start()
    ticks = 0
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    t.join()
    assert result == [(n,)]
    # the main thread kept running Python code while the engine worked
    assert ticks >= 10
    conn.close()

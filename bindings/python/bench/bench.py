#!/usr/bin/env python3
"""pgmicro vs the standard library's sqlite3 on the same data (not a test).

    python bench/bench.py [--rows N]

Loads N rows (id int, name text, price float8, qty int8) into both, then
times: fetching every row (fetchall) and N point selects by primary key
(execute + fetchone), plus the executemany load.  Prints seconds and the
pgmicro/sqlite3 ratio (lower is better for pgmicro; 1.0 = same speed)."""

import argparse
import sqlite3
import time

import pgmicro


def best(f, repeat=3):
    t = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        t = min(t, time.perf_counter() - t0)
    return t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    n = ap.parse_args().rows
    data = [(i, "name-%d" % i, i * 0.25, i * 3) for i in range(n)]

    pg = pgmicro.connect(":memory:")
    sq = sqlite3.connect(":memory:")
    ddl = "CREATE TABLE t (id int PRIMARY KEY, name text, price float8, qty int8)"
    pg.execute(ddl)
    sq.execute(ddl)

    def load_pg():
        pg.execute("DELETE FROM t")
        pg.cursor().executemany("INSERT INTO t VALUES (%s, %s, %s, %s)", data)
        pg.commit()

    def load_sq():
        sq.execute("DELETE FROM t")
        sq.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", data)
        sq.commit()

    results = [("insert %d rows (executemany)" % n, best(load_pg, 1), best(load_sq, 1))]

    def fetch_pg():
        rows = pg.execute("SELECT id, name, price, qty FROM t").fetchall()
        assert len(rows) == n

    def fetch_sq():
        rows = sq.execute("SELECT id, name, price, qty FROM t").fetchall()
        assert len(rows) == n

    results.append(("fetch %d rows (fetchall)" % n, best(fetch_pg), best(fetch_sq)))

    def point_pg():
        cur = pg.cursor()
        for i in range(n):
            cur.execute("SELECT name, price FROM t WHERE id = %s", (i,))
            cur.fetchone()

    def point_sq():
        cur = sq.cursor()
        for i in range(n):
            cur.execute("SELECT name, price FROM t WHERE id = ?", (i,))
            cur.fetchone()

    results.append(("%d point selects (execute+fetchone)" % n, best(point_pg, 2), best(point_sq, 2)))

    print("pgmicro %s (PostgreSQL %s) vs sqlite3 %s" % (pgmicro.libversion, pgmicro.pg_version,
                                                        sqlite3.sqlite_version))
    print("%-42s %10s %10s %7s" % ("", "pgmicro s", "sqlite3 s", "ratio"))
    for name, a, b in results:
        print("%-42s %10.3f %10.3f %7.2f" % (name, a, b, a / b))


if __name__ == "__main__":
    main()

"""Interrupting statements: conn.cancel() from another thread,
statement_timeout, Ctrl-C (SIGINT) while the main thread runs a query."""

import os
import signal
import threading
import time

import pytest

import pgmicro
from pgmicro import errors

FOREVER = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r"


def test_cancel_from_another_thread():
    conn = pgmicro.connect()
    timer = threading.Timer(0.3, conn.cancel)
    timer.start()
    t0 = time.monotonic()
    with pytest.raises(errors.QueryCanceled) as ei:
        conn.execute(FOREVER)
    assert time.monotonic() - t0 < 10
    assert ei.value.sqlstate == "57014"
    assert "user request" in ei.value.diag.message_primary
    conn.rollback()
    assert conn.execute("SELECT 1").fetchone() == (1,)
    conn.cancel()  # nothing runs: no effect on later statements
    assert conn.execute("SELECT 2").fetchone() == (2,)
    conn.close()


def test_statement_timeout_set():
    conn = pgmicro.connect(autocommit=True)
    conn.execute("SET statement_timeout = 200")
    t0 = time.monotonic()
    with pytest.raises(errors.QueryCanceled) as ei:
        conn.execute(FOREVER)
    assert 0.1 < time.monotonic() - t0 < 10
    assert "statement timeout" in ei.value.diag.message_primary
    conn.execute("SET statement_timeout = 0")
    assert conn.execute("SELECT 1").fetchone() == (1,)
    conn.close()


def test_statement_timeout_connect_parameter():
    conn = pgmicro.connect(statement_timeout=150)
    with pytest.raises(errors.QueryCanceled):
        conn.execute(FOREVER)
    conn.rollback()
    conn.set_statement_timeout(0)
    assert conn.execute("SELECT 1").fetchone() == (1,)
    conn.close()


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signals are delivered to the main thread")
def test_ctrl_c_interrupts_query():
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        pytest.skip("SIGINT is not handled by Python's default handler here")
    conn = pgmicro.connect()
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    t0 = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        conn.execute(FOREVER)
    assert time.monotonic() - t0 < 10
    timer.join()
    conn.rollback()
    assert conn.execute("SELECT 1").fetchone() == (1,)
    conn.close()


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signals are delivered to the main thread")
def test_ctrl_c_with_custom_handler():
    """A Python SIGINT handler that raises its own exception still stops the query."""
    class Stop(Exception):
        pass

    def handler(sig, frame):
        raise Stop()

    old = signal.signal(signal.SIGINT, handler)
    try:
        conn = pgmicro.connect()  # re-chains the engine interrupt to the new handler
        timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
        timer.start()
        with pytest.raises(Stop):
            conn.execute(FOREVER)
        timer.join()
        conn.close()
    finally:
        signal.signal(signal.SIGINT, old)

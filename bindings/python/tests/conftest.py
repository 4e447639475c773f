"""Shared fixtures of the pgmicro Python tests."""

import os
import sys

import pytest

import pgmicro

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
CONFORMANCE = os.path.join(REPO, "conformance")


@pytest.fixture
def conn():
    c = pgmicro.connect(":memory:")
    yield c
    c.close()


@pytest.fixture
def aconn():
    """An autocommit connection."""
    c = pgmicro.connect(":memory:", autocommit=True)
    yield c
    c.close()


# ---- conformance summary (the two lines CI greps, conformance/README.md §3) ----

conformance_outcomes = {"passed": 0, "failed": 0, "xfail": 0, "xpass": 0, "stale": 0}


def pytest_terminal_summary(terminalreporter):
    o = conformance_outcomes
    if sum(o.values()) == 0:
        return
    terminalreporter.write_line("conformance: %d passed, %d failed"
                                % (o["passed"], o["failed"] + o["xpass"] + o["stale"]))
    terminalreporter.write_line("conformance: %d expected failures (xfail), %d unexpected passes, "
                                "%d stale xfail entries" % (o["xfail"], o["xpass"], o["stale"]))

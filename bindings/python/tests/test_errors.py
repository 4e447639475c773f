"""Errors: the PEP 249 tree, one class per SQLSTATE, diagnostics."""

import os
import subprocess
import sys

import pytest

import pgmicro
from pgmicro import errors


def test_hierarchy():
    assert issubclass(pgmicro.Error, Exception) and issubclass(pgmicro.Warning, Exception)
    assert issubclass(pgmicro.InterfaceError, pgmicro.Error)
    assert issubclass(pgmicro.DatabaseError, pgmicro.Error)
    for c in (pgmicro.DataError, pgmicro.OperationalError, pgmicro.IntegrityError,
              pgmicro.InternalError, pgmicro.ProgrammingError, pgmicro.NotSupportedError):
        assert issubclass(c, pgmicro.DatabaseError)


@pytest.mark.parametrize("cls,base,code", [
    ("UniqueViolation", "IntegrityError", "23505"),
    ("ForeignKeyViolation", "IntegrityError", "23503"),
    ("NotNullViolation", "IntegrityError", "23502"),
    ("CheckViolation", "IntegrityError", "23514"),
    ("DivisionByZero", "DataError", "22012"),
    ("NumericValueOutOfRange", "DataError", "22003"),
    ("InvalidTextRepresentation", "DataError", "22P02"),
    ("UndefinedTable", "ProgrammingError", "42P01"),
    ("UndefinedColumn", "ProgrammingError", "42703"),
    ("SyntaxError", "ProgrammingError", "42601"),
    ("FeatureNotSupported", "NotSupportedError", "0A000"),
    ("InFailedSqlTransaction", "InternalError", "25P02"),
    ("QueryCanceled", "OperationalError", "57014"),
    ("LockNotAvailable", "OperationalError", "55P03"),
    ("OutOfMemory", "OperationalError", "53200"),
])
def test_sqlstate_classes(cls, base, code):
    c = getattr(errors, cls)
    assert issubclass(c, getattr(pgmicro, base))
    assert c.sqlstate == code
    assert errors.lookup(code) is c


def test_lookup_fallbacks():
    assert errors.lookup("unique_violation") is errors.UniqueViolation
    assert errors.lookup("22ZZZ") is pgmicro.DataError
    assert errors.lookup("ZZZZZ") is pgmicro.DatabaseError


@pytest.mark.parametrize("setup,sql,cls", [
    ("CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1), (1)", errors.UniqueViolation),
    ("CREATE TABLE t (id int NOT NULL)", "INSERT INTO t VALUES (NULL)", errors.NotNullViolation),
    ("CREATE TABLE t (id int CHECK (id > 0))", "INSERT INTO t VALUES (-1)", errors.CheckViolation),
    ("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (p int REFERENCES p)",
     "INSERT INTO t VALUES (5)", errors.ForeignKeyViolation),
    (None, "SELECT 1 / 0", errors.DivisionByZero),
    (None, "SELECT 2147483647::int4 + 1", errors.NumericValueOutOfRange),
    (None, "SELECT 'x'::int", errors.InvalidTextRepresentation),
    (None, "SELECT * FROM nope", errors.UndefinedTable),
    ("CREATE TABLE t (a int)", "SELECT b FROM t", errors.UndefinedColumn),
    (None, "SELEC 1", errors.SyntaxError),
])
def test_engine_errors(aconn, setup, sql, cls):
    if setup:
        aconn.execute(setup)
    with pytest.raises(cls) as ei:
        aconn.execute(sql)
    ex = ei.value
    assert ex.sqlstate == cls.sqlstate
    assert ex.diag.sqlstate == cls.sqlstate
    assert ex.diag.message_primary and str(ex) == ex.diag.message_primary
    assert ex.diag.severity == "ERROR"


def test_diag_position(aconn):
    with pytest.raises(errors.SyntaxError) as ei:
        aconn.execute("SELECT 1 FROMM t")
    assert ei.value.diag.statement_position is not None
    assert int(ei.value.diag.statement_position) > 1


def test_diag_hint(aconn):
    with pytest.raises(pgmicro.Error) as ei:
        aconn.execute("SELECT 1 + 'a'::text")
    d = ei.value.diag
    assert d.message_primary
    assert d.message_hint is None or isinstance(d.message_hint, str)


def test_feature_not_supported(aconn):
    with pytest.raises(pgmicro.NotSupportedError):
        aconn.execute("SELECT %s", ([1],))


def test_generated_errors_up_to_date():
    gen = os.path.join(os.path.dirname(__file__), "..", "tools", "gen_errors.py")
    r = subprocess.run([sys.executable, gen, "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr

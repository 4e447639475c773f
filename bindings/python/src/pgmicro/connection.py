"""Connection: one pgmicro database opened in-process (``pgm_db``)."""

from __future__ import annotations

import signal
import threading
from collections import OrderedDict
from types import TracebackType
from typing import Any, List, Mapping, NoReturn, Optional, Sequence, Tuple, Type, Union

from . import _core
from . import _queries
from . import errors as e
from .adapt import param_typname
from .rows import RowFactory, tuple_row

Params = Union[Sequence[Any], Mapping[str, Any]]

# the text inferred for a parameter nothing else typed (SELECT %s)
_UNTYPED = (25, 705)
_TEXTLIKE = frozenset(("text", "unknown", "varchar", "bpchar", "name"))
_STMT_CACHE_SIZE = 128


class _Stmt:
    """A prepared statement kept in the connection's cache."""

    __slots__ = ("ptr", "ptypes", "untyped", "desc")

    def __init__(self, ptr: Any) -> None:
        self.ptr = ptr
        self.ptypes: Tuple[int, ...] = _core.param_types(ptr)
        self.untyped = any(t in _UNTYPED for t in self.ptypes)
        #: column descriptions, fetched at the first execution (a prepared
        #: statement keeps its shape); () for a statement without columns
        self.desc: Optional[Tuple[Tuple[str, int, str, int], ...]] = None


#: What one statement returned: (rows or None, column descriptions or None,
#: command tag, row count from the tag or -1).
Result = Tuple[Optional[List[Tuple[Any, ...]]], Optional[Tuple[Tuple[str, int, str, int], ...]],
               Optional[str], int]

# Statements after which cached statements may be stale (their analysis
# predates a schema change).
_DDL_PREFIXES = ("CREATE", "DROP", "ALTER", "ROLLBACK")


def _raise(err: Tuple[Any, ...]) -> NoReturn:
    code, sqlstate, message, detail, hint, position, severity = err
    raise e.error_from_report(sqlstate, message, detail, hint, position, severity)


def _install_sigint() -> None:
    """Route Ctrl-C to pgm_interrupt() while the main thread runs a query."""
    if threading.current_thread() is not threading.main_thread():
        return
    try:
        h = signal.getsignal(signal.SIGINT)
    except (ValueError, OSError):
        return
    if callable(h):
        _core.install_sigint()


class Connection:
    """A connection to a pgmicro database (PEP 249).

    Create it with :func:`pgmicro.connect`.  Unless ``autocommit`` is true, the
    first statement opens a transaction (``BEGIN``) that lasts until
    :meth:`commit` or :meth:`rollback`.  Used as a context manager, the
    connection commits on success, rolls back on an exception, and closes.

    A connection may be used by one thread at a time (``threadsafety = 1``):
    calls are serialised with a lock, so sharing it is safe but not concurrent.
    :meth:`cancel` may be called from any thread.
    """

    # PEP 249 exceptions as connection attributes
    Warning = e.Warning
    Error = e.Error
    InterfaceError = e.InterfaceError
    DatabaseError = e.DatabaseError
    DataError = e.DataError
    OperationalError = e.OperationalError
    IntegrityError = e.IntegrityError
    InternalError = e.InternalError
    ProgrammingError = e.ProgrammingError
    NotSupportedError = e.NotSupportedError

    def __init__(self, db: Any, path: str, *, autocommit: bool = False,
                 row_factory: Optional[RowFactory] = None,
                 cursor_factory: Optional[type] = None) -> None:
        from .cursor import Cursor

        self._db = db
        self.path = path
        self._autocommit = bool(autocommit)
        self._lock = threading.RLock()
        self._cancel_lock = threading.Lock()
        self._stmts: "OrderedDict[str, _Stmt]" = OrderedDict()
        self.row_factory: RowFactory = row_factory or tuple_row
        self.cursor_factory: type = cursor_factory or Cursor

    # ---- opening and closing ----

    @classmethod
    def connect(cls, path: str = ":memory:", *, autocommit: bool = False,
                row_factory: Optional[RowFactory] = None, cursor_factory: Optional[type] = None,
                readonly: bool = False, create: bool = True, uri: bool = False,
                statement_timeout: Optional[int] = None, busy_timeout: Optional[int] = None,
                sqlite_dialect: bool = False) -> "Connection":
        """Open a database: a file name, ``":memory:"`` (the default), or a
        SQLite URI with ``uri=True`` (``"file:name?mode=memory&cache=shared"``).

        ``statement_timeout`` and ``busy_timeout`` are in milliseconds."""
        flags = 0
        if readonly:
            flags |= _core.PGM_OPEN_READONLY
        if not create:
            flags |= _core.PGM_OPEN_NOCREATE
        if uri:
            flags |= _core.PGM_OPEN_URI
        if sqlite_dialect:
            flags |= _core.PGM_OPEN_SQLITE_DIALECT
        db, err = _core.open_db(str(path), flags)
        if err is not None:
            if err[0] == _core.PGM_CANTOPEN:
                raise e.OperationalError("could not open database %r: %s" % (path, err[2]),
                                         diag=e.Diagnostic(err[1], err[2], err[3], err[4]))
            _raise(err)
        conn = cls(db, str(path), autocommit=autocommit, row_factory=row_factory,
                   cursor_factory=cursor_factory)
        if statement_timeout is not None:
            _core.pgm_set_statement_timeout(db, int(statement_timeout))
        if busy_timeout is not None:
            _core.pgm_set_busy_timeout(db, int(busy_timeout))
        _install_sigint()
        return conn

    def close(self) -> None:
        """Close the connection (an open transaction is rolled back).  Idempotent."""
        with self._lock:
            if self._db is None:
                return
            self._clear_cache()
            with self._cancel_lock:
                db, self._db = self._db, None
            _core.pgm_close(db)

    @property
    def closed(self) -> bool:
        return self._db is None

    def __del__(self) -> None:
        try:
            if getattr(self, "_db", None) is not None:
                self.close()
        except Exception:
            pass

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        if self.closed:
            return
        try:
            if exc_type is None:
                self.commit()
            else:
                try:
                    self.rollback()
                except e.Error:
                    pass
        finally:
            self.close()

    def _check(self) -> Any:
        db = self._db
        if db is None:
            raise e.OperationalError("the connection is closed")
        return db

    # ---- transactions ----

    @property
    def autocommit(self) -> bool:
        """When true every statement commits on its own; when false (the
        default, as PEP 249 wants) the first statement opens a transaction."""
        return self._autocommit

    @autocommit.setter
    def autocommit(self, value: bool) -> None:
        with self._lock:
            db = self._check()
            st = _core.pgm_transaction_status(db)
            if st != "I":
                raise e.ProgrammingError("can't change autocommit now: connection in transaction "
                                         "status %s" % ("INTRANS" if st == "T" else "INERROR"))
            self._autocommit = bool(value)

    @property
    def transaction_status(self) -> str:
        """``'I'`` idle, ``'T'`` in a transaction block, ``'E'`` in a failed one."""
        with self._lock:
            return _core.pgm_transaction_status(self._check())

    def commit(self) -> None:
        """Commit the current transaction (nothing to do when none is open)."""
        with self._lock:
            db = self._check()
            if _core.pgm_transaction_status(db) != "I":
                self._exec("COMMIT")

    def rollback(self) -> None:
        """Roll back the current transaction (nothing to do when none is open)."""
        with self._lock:
            db = self._check()
            if _core.pgm_transaction_status(db) != "I":
                self._exec("ROLLBACK")

    def _exec(self, sql: str) -> None:
        err = _core.exec_sql(self._check(), sql)
        if err is not None:
            _raise(err)

    # ---- cancellation and settings ----

    def cancel(self) -> None:
        """Interrupt the statement running on this connection, from any
        thread: it fails with :class:`errors.QueryCanceled` (SQLSTATE 57014)."""
        with self._cancel_lock:
            if self._db is not None:
                _core.pgm_interrupt(self._db)

    def set_statement_timeout(self, ms: int) -> None:
        """Statement timeout in milliseconds (0 disables), as PostgreSQL's
        ``statement_timeout``: a longer statement fails with QueryCanceled."""
        with self._lock:
            _core.pgm_set_statement_timeout(self._check(), int(ms))

    @property
    def info(self) -> Mapping[str, Any]:
        return {"server_version": _core.pgm_pg_version(), "pgmicro_version": _core.pgm_libversion(),
                "path": self.path}

    # ---- cursors and execution ----

    def cursor(self, *, row_factory: Optional[RowFactory] = None, raw: bool = False,
               text: bool = False) -> Any:
        """A new cursor.  ``raw=True`` gives a :class:`RawCursor` (``$1``
        placeholders); ``text=True`` returns every value as PostgreSQL's text
        output (str), as psql shows it."""
        from .cursor import RawCursor

        cls = RawCursor if raw else self.cursor_factory
        return cls(self, row_factory=row_factory, text=text)

    def execute(self, query: str, params: Optional[Params] = None) -> Any:
        """Shortcut: a new cursor, executed (psycopg's ``conn.execute``)."""
        return self.cursor().execute(query, params)

    def _stmt(self, db: Any, sql: str) -> Optional[_Stmt]:
        """A cached prepared statement for sql when it holds exactly one
        statement; None when it holds several (the caller then runs them one
        by one); raises on a prepare error."""
        st = self._stmts.get(sql)
        if st is not None:
            self._stmts.move_to_end(sql)
            return st
        b = sql.encode("utf-8")
        ptr, tail, err = _core.prepare(db, b, 0)
        if err is not None:
            _raise(err)
        if ptr is None:
            return None  # nothing but blanks/comments, or several statements: see _run_many
        if tail < len(b) and b[tail:].strip():
            p2, _t2, err2 = _core.prepare(db, b, tail)
            if p2 is not None:
                _core.pgm_finalize(p2)
                _core.pgm_finalize(ptr)
                return None
            if err2 is not None:
                _core.pgm_finalize(ptr)
                return None  # _run_many reports the error at the right statement
        st = _Stmt(ptr)
        self._stmts[sql] = st
        if len(self._stmts) > _STMT_CACHE_SIZE:
            _sql, old = self._stmts.popitem(last=False)
            _core.pgm_finalize(old.ptr)
        return st

    def _begin(self, db: Any) -> None:
        if not self._autocommit and _core.pgm_transaction_status(db) == "I":
            err = _core.exec_sql(db, "BEGIN")
            if err is not None:
                _raise(err)

    def _run(self, query: str, params: Optional[Params], raw: bool, text_mode: bool,
             many: Optional[Any] = None) -> Result:
        """Execute query once (or once per parameter set of many) and return
        the (last) result."""
        if params is None and many is None:
            cq = None
            sql = query
        else:
            cq = _queries.convert(query, raw)
            sql = cq.sql
        with self._lock:
            db = self._db
            if db is None:
                raise e.OperationalError("the connection is closed")
            if not self._autocommit and _core.pgm_transaction_status(db) == "I":
                self._exec("BEGIN")
            st = self._stmt(db, sql)
            if st is None:
                if cq is not None and cq.nparams:
                    raise e.lookup("42601")("cannot insert multiple commands into a prepared "
                                            "statement")
                return self._run_many(db, sql, text_mode)
            if many is None:
                return self._run_one(db, st, cq, params, text_mode)
            res: Result = (None, None, None, -1)
            total = 0
            counted = False
            for p in many:
                res = self._run_one(db, st, cq, p, text_mode)
                if res[3] >= 0:
                    total += res[3]
                    counted = True
            return res[0], res[1], res[2], (total if counted else -1)

    def _run_one(self, db: Any, st: _Stmt, cq: Optional[_queries.ConvertedQuery],
                 params: Optional[Params], text_mode: bool) -> Result:
        if cq is None:
            values: Optional[Sequence[Any]] = None
            if st.ptypes:
                _core.pgm_clear_bindings(st.ptr)
        else:
            values = cq.values(params)
            if len(values) > len(st.ptypes):
                raise e.ProgrammingError("the query has %d parameters but %d were passed"
                                         % (len(st.ptypes), len(values)))
            if st.untyped and values:
                casts = {}
                for n, t in enumerate(st.ptypes, 1):
                    if t in _UNTYPED and n <= len(values):
                        tn = param_typname(values[n - 1])
                        if tn and tn not in _TEXTLIKE:
                            casts[n] = tn
                if casts:
                    st2 = self._stmt(db, cq.typed(casts))
                    if st2 is not None:
                        st = st2
        rows, _changes, tag, err, desc = _core.execute(st.ptr, db, values, text_mode,
                                                       st.desc is None)
        if st.desc is None:
            st.desc = desc or ()
        if err is not None:
            _raise(err)
        if tag and tag.startswith(_DDL_PREFIXES):
            self._clear_cache()
        return rows, st.desc or None, tag, _count(tag)

    def _clear_cache(self) -> None:
        stmts = list(self._stmts.values())
        self._stmts.clear()
        for s in stmts:
            _core.pgm_finalize(s.ptr)

    def _run_many(self, db: Any, sql: str, text_mode: bool) -> Result:
        """Run every statement of a multi-statement text; the last one's result."""
        b = sql.encode("utf-8")
        off = 0
        res: Result = (None, None, None, -1)
        ddl = False
        try:
            while off < len(b):
                ptr, tail, err = _core.prepare(db, b, off)
                if err is not None:
                    _raise(err)
                if ptr is None:
                    break
                try:
                    rows, _changes, tag, err, desc = _core.execute(ptr, db, None, text_mode, 1)
                finally:
                    _core.pgm_finalize(ptr)
                if err is not None:
                    _raise(err)
                ddl = ddl or bool(tag and tag.startswith(_DDL_PREFIXES))
                res = (rows, desc, tag, _count(tag))
                off = tail
        finally:
            if ddl:
                self._clear_cache()
        return res


def _count(tag: Optional[str]) -> int:
    """The row count of a command tag ("INSERT 0 3" -> 3), -1 when it has none."""
    if tag:
        last = tag.rsplit(" ", 1)[-1]
        if last.isdigit() and " " in tag:
            return int(last)
    return -1

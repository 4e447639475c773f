#!/usr/bin/env python3
"""Oracle mode: run every conformance case against real PostgreSQL 15 and
report each case whose expectation PostgreSQL does not meet.

    python3 conformance/oracle.py [--file types_int] [--case types_int/add] [-v]
                                  [--dsn "host=127.0.0.1 port=54329 user=postgres dbname=postgres"]

Uses psycopg 3 (pip install "psycopg[binary]") at the libpq level: every step
is sent with the extended protocol (Parse with the declared parameter type
OIDs, Bind with text-format values, Execute), exactly what a driver with
server-side parameters does; results are read in text format; column types are
the result's type OIDs mapped to pg_type.typname.  Setup statements are sent
with the simple-query protocol one at a time.

Isolation: each case starts on a clean slate in a new connection: the schema
public is dropped and recreated and TimeZone set to UTC.  Exit status 0 when PostgreSQL meets every expectation,
1 otherwise, 2 on usage / format errors.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import casefile  # noqa: E402

try:
    import psycopg
    from psycopg import pq
except ImportError:  # pragma: no cover
    sys.stderr.write('oracle.py needs psycopg 3: pip install "psycopg[binary]"\n')
    sys.exit(2)

DEFAULT_DSN = 'host=127.0.0.1 port=54329 user=postgres dbname=postgres'
SESSION = ["SET TimeZone = 'UTC'", "SET DateStyle = 'ISO, MDY'",
           "SET IntervalStyle = 'postgres'", "SET bytea_output = 'hex'",
           "SET extra_float_digits = 1", "SET client_min_messages = 'warning'"]


class Oracle:
    def __init__(self, dsn):
        self.dsn = dsn
        self.conn = psycopg.connect(dsn, autocommit=True)
        self.pg = self.conn.pgconn
        self.typname = {}
        self.typoid = {}
        res = self.simple('SELECT oid, typname FROM pg_type')
        for r in range(res.ntuples):
            oid, name = int(res.get_value(r, 0)), res.get_value(r, 1).decode()
            self.typname[oid] = name
            self.typoid[name] = oid

    def type_name(self, oid):
        if oid not in self.typname:   # a type created by the case (enum, ...)
            r = self.pg.exec_params(b'SELECT typname FROM pg_type WHERE oid = $1', [str(oid).encode()])
            if r.ntuples:
                return r.get_value(0, 0).decode()
            return str(oid)
        return self.typname[oid]

    def simple(self, sql):
        res = self.pg.exec_(sql.encode())
        if res.status not in (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.TUPLES_OK,
                              pq.ExecStatus.EMPTY_QUERY):
            raise RuntimeError(res.error_message.decode())
        return res

    def reset(self):
        # A new session for every case: DISCARD ALL drops temporary tables
        # but not the session's temporary schema, which current_schemas(true)
        # and search_path then show to every later case.
        self.conn.close()
        self.conn = psycopg.connect(self.dsn, autocommit=True)
        self.pg = self.conn.pgconn
        self.simple('DROP SCHEMA IF EXISTS public CASCADE')
        self.simple('CREATE SCHEMA public')
        for s in SESSION:
            self.simple(s)

    @staticmethod
    def _error(res):
        code = res.error_field(pq.DiagnosticField.SQLSTATE)
        msg = res.error_field(pq.DiagnosticField.MESSAGE_PRIMARY)
        return (code.decode() if code else 'XX000', msg.decode() if msg else '')

    def run_step(self, step):
        types, values = [], []
        for t, v in step.params or []:
            if t == 'unknown':
                types.append(0)
            elif t in self.typoid:
                types.append(self.typoid[t])
            else:
                raise casefile.CaseError('unknown parameter type %r' % t)
            values.append(None if v is None else v.encode())
        res = self.pg.prepare(b'', step.sql.encode(), types)
        if res.status != pq.ExecStatus.COMMAND_OK:
            return {'error': self._error(res)}
        res = self.pg.exec_prepared(b'', values, [0] * len(values), 0)
        if res.status not in (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.TUPLES_OK,
                              pq.ExecStatus.EMPTY_QUERY):
            return {'error': self._error(res)}
        cols = [(res.fname(c).decode(), self.type_name(res.ftype(c))) for c in range(res.nfields)]
        rows = []
        for r in range(res.ntuples):
            row = []
            for c in range(res.nfields):
                v = res.get_value(r, c)   # None for SQL NULL
                row.append(None if v is None else v.decode())
            rows.append(row)
        tag = (res.command_status or b'').decode()
        return {'columns': cols, 'rows': rows, 'tag': tag}

    def run_case(self, case):
        """Returns None if PostgreSQL meets the case, else explanation lines."""
        self.reset()
        for i, sql in enumerate(case.setup):
            res = self.pg.exec_(sql.encode())
            if res.status not in (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.TUPLES_OK):
                return ['setup statement %d failed: %s: %s' % ((i + 1,) + self._error(res)),
                        '  ' + sql.replace('\n', '\n  ')]
        for k, step in enumerate(case.steps):
            res = self.run_step(step)
            diff = casefile.compare(step, res)
            if diff:
                return ['step %d (line %d):' % (k + 1, step.line),
                        '  ' + step.sql.replace('\n', '\n  ')] + ['  ' + d for d in diff] + \
                    ['  actual, as case text:'] + ['    ' + l for l in as_case_text(res)]
        return None


def as_case_text(res):
    if 'error' in res:
        return ['---- error %s %s' % res['error']]
    out = ['---- columns ' + ' | '.join('%s %s' % (casefile.encode_cell(n).replace('\\e', ''), t)
                                        for n, t in res['columns'])]
    if res['tag']:
        out.append('---- tag ' + res['tag'])
    if res['columns']:
        out.append('---- rows')
        out += [casefile.encode_row(r) for r in res['rows']]
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--cases', default=os.path.join(here, 'cases'))
    ap.add_argument('--file', help='only this case file (stem, e.g. types_int)')
    ap.add_argument('--case', help='only this case (file/name)')
    ap.add_argument('--dsn', default=os.environ.get('PGREF_DSN', DEFAULT_DSN))
    ap.add_argument('-v', '--verbose', action='store_true')
    a = ap.parse_args()
    try:
        cases = casefile.load_cases(a.cases, a.file, a.case)
    except casefile.CaseError as e:
        print('oracle: format error: %s' % e)
        return 2
    if not cases:
        print('oracle: no case selected')
        return 2
    o = Oracle(a.dsn)
    bad = 0
    for c in cases:
        try:
            diff = o.run_case(c)
        except casefile.CaseError as e:
            diff = ['format error: %s' % e]
        if diff:
            bad += 1
            print('DISAGREE %s (%s:%d)' % (c.name, os.path.relpath(c.path), c.line))
            for d in diff:
                print('    ' + d)
        elif a.verbose:
            print('ok %s' % c.name)
    o.reset()
    print('oracle: %d passed, %d failed (PostgreSQL %s)' %
          (len(cases) - bad, bad, o.pg.parameter_status(b'server_version').decode()))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())

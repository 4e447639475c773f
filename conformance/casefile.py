"""Reference parser for pgmicro conformance case files (conformance/cases/*.case).

The format is specified in conformance/README.md; this module is the reference
implementation of that specification in Python (standard library only) and is
used by oracle.py.  Runners in other languages implement the same rules.
"""
import os
import re

NAME_RE = re.compile(r'^[A-Za-z0-9_.-]+$')


class CaseError(Exception):
    """A case file that does not follow the format."""


class Cell:
    """One decoded value: None for SQL NULL, else a str."""


def split_cells(s):
    """Split a row/params/columns payload at unescaped '|'.  Each raw cell is
    returned with its surrounding spaces removed and its escapes NOT yet
    decoded (so that the NULL marker can be recognised)."""
    cells, cur, i = [], [], 0
    while i < len(s):
        c = s[i]
        if c == '\\' and i + 1 < len(s):
            cur.append(s[i:i + 2])
            i += 2
            continue
        if c == '|':
            cells.append(''.join(cur).strip(' '))
            cur = []
        else:
            cur.append(c)
        i += 1
    cells.append(''.join(cur).strip(' '))
    return cells


_ESC = {'\\': '\\', 't': '\t', 'n': '\n', 'r': '\r', 's': ' ', 'e': '', '|': '|', 'N': 'N'}


def unescape(raw):
    out, i = [], 0
    while i < len(raw):
        c = raw[i]
        if c == '\\':
            if i + 1 >= len(raw) or raw[i + 1] not in _ESC:
                raise CaseError('bad escape in %r' % raw)
            out.append(_ESC[raw[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def decode_cell(raw):
    """Raw (trimmed, still escaped) cell text -> None (SQL NULL) or str."""
    if raw == 'NULL':
        return None
    return unescape(raw)


def encode_cell(v):
    """Canonical encoding of a value (None for NULL) as a cell."""
    if v is None:
        return 'NULL'
    if v == '':
        return '\\e'
    if v == 'NULL':
        return '\\NULL'
    s = (v.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')
          .replace('\r', '\\r').replace('|', '\\|'))
    # leading / trailing spaces would be trimmed: make them visible
    lead = len(s) - len(s.lstrip(' '))
    trail = len(s) - len(s.rstrip(' '))
    if lead == len(s):
        return '\\s' * len(s)
    return '\\s' * lead + s[lead:len(s) - trail] + '\\s' * trail


def encode_row(cells):
    return ' | '.join(encode_cell(c) for c in cells)


def row_sort_key(row):
    # any total order works for multiset comparison; this one is simple
    return [(0, '') if c is None else (1, c) for c in row]


class Step:
    def __init__(self, line):
        self.line = line          # line number of the 'step' header
        self.sql_lines = []
        self.params = None        # list of (typname, value-or-None)
        self.columns = None       # list of (name, typname)
        self.rows = None          # list of lists of value-or-None
        self.sorted = False
        self.tag = None
        self.error = None         # (sqlstate, message-substring-or-None)

    @property
    def sql(self):
        return '\n'.join(self.sql_lines)


class Case:
    def __init__(self, name, path, line):
        self.name = name          # full name: <file stem>/<case name>
        self.path = path
        self.line = line
        self.setup = []           # list of SQL statements
        self.steps = []


def parse_file(path):
    stem = os.path.splitext(os.path.basename(path))[0]
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    cases, case, names = [], None, set()
    i, n = 0, len(lines)

    def err(msg):
        raise CaseError('%s:%d: %s' % (path, i + 1, msg))

    while i < n:
        line = lines[i].rstrip('\r')
        if line.strip() == '' or line.startswith('#'):
            i += 1
            continue
        word, _, rest = line.partition(' ')
        rest = rest.strip()
        if word == 'case':
            if not NAME_RE.match(rest):
                err('bad case name %r' % rest)
            full = stem + '/' + rest
            if full in names:
                err('duplicate case name %s' % full)
            names.add(full)
            case = Case(full, path, i + 1)
            cases.append(case)
            i += 1
            continue
        if case is None:
            err('expected "case NAME"')
        if word == 'setup':
            if rest:
                err('setup takes no argument')
            if case.steps:
                err('setup must come before the first step')
            i += 1
            cur = []
            while i < n and lines[i].rstrip('\r').strip() != '' and lines[i].rstrip('\r') != 'step':
                l = lines[i].rstrip('\r')
                cur.append(l)
                if l.rstrip().endswith(';'):
                    case.setup.append('\n'.join(cur))
                    cur = []
                i += 1
            if cur:
                err('setup statement not terminated by ";" at end of line')
            continue
        if word == 'step':
            if rest:
                err('step takes no argument')
            st = Step(i + 1)
            case.steps.append(st)
            i += 1
            while i < n:
                l = lines[i].rstrip('\r')
                if l.strip() == '' or l.startswith('----'):
                    break
                st.sql_lines.append(l)
                i += 1
            if not st.sql_lines:
                err('step without SQL')
            # sections
            while i < n:
                l = lines[i].rstrip('\r')
                if l.strip() == '':
                    break
                if not l.startswith('---- '):
                    err('expected a "---- " section line')
                kw, _, arg = l[5:].partition(' ')
                arg = arg.strip()
                i += 1
                if kw == 'params':
                    st.params = []
                    if arg:
                        for raw in split_cells(arg):
                            t, _, v = raw.partition(' ')
                            if not t or not v.strip():
                                err('param needs "type value"')
                            st.params.append((t, decode_cell(v.strip(' '))))
                elif kw == 'columns':
                    st.columns = []
                    for raw in split_cells(arg):
                        nm, _, t = raw.rpartition(' ')
                        if not nm or not t:
                            err('column needs "name type"')
                        st.columns.append((unescape(nm.strip(' ')), t))
                elif kw == 'tag':
                    if not arg:
                        err('tag needs a value')
                    st.tag = arg
                elif kw == 'error':
                    code, _, msg = arg.partition(' ')
                    if not re.match(r'^[0-9A-Z]{5}$', code):
                        err('error needs a 5-character SQLSTATE')
                    st.error = (code, msg.strip() or None)
                elif kw == 'ok':
                    pass
                elif kw == 'rows':
                    if arg not in ('', 'sorted'):
                        err('rows takes only "sorted"')
                    st.sorted = arg == 'sorted'
                    st.rows = []
                    while i < n and lines[i].rstrip('\r').strip() != '':
                        st.rows.append([decode_cell(c) for c in split_cells(lines[i].rstrip('\r'))])
                        i += 1
                    break
                else:
                    err('unknown section %r' % kw)
            if st.error and (st.rows is not None or st.columns is not None or st.tag):
                err('a step expects either an error or a result, not both')
            continue
        err('unexpected line %r' % line)
    for c in cases:
        if not c.steps:
            raise CaseError('%s:%d: case %s has no step' % (path, c.line, c.name))
    return cases


def load_cases(cases_dir, only_file=None, only_case=None):
    out = []
    for fn in sorted(os.listdir(cases_dir)):
        if not fn.endswith('.case'):
            continue
        if only_file and fn[:-5] != only_file:
            continue
        for c in parse_file(os.path.join(cases_dir, fn)):
            if only_case and c.name != only_case:
                continue
            out.append(c)
    return out


def compare(step, res):
    """Compare an actual result with a step's expectation.

    res is a dict: {'error': (sqlstate, message)} or
    {'columns': [(name, typname)], 'rows': [[value-or-None]], 'tag': str}.
    Returns None when they agree, else a list of explanation lines."""
    out = []
    if step.error:
        if 'error' not in res:
            return ['expected error %s, got success (%s)' % (step.error[0], res.get('tag'))]
        code, msg = res['error']
        if code != step.error[0]:
            out.append('expected SQLSTATE %s, got %s: %s' % (step.error[0], code, msg))
        elif step.error[1] and step.error[1] not in msg:
            out.append('expected message containing %r, got %r' % (step.error[1], msg))
        return out or None
    if 'error' in res:
        return ['unexpected error %s: %s' % res['error']]
    if step.columns is not None and step.columns != res['columns']:
        out.append('columns: expected ' + ' | '.join('%s %s' % c for c in step.columns))
        out.append('           actual ' + ' | '.join('%s %s' % c for c in res['columns']))
    if step.tag is not None and step.tag != res['tag']:
        out.append('tag: expected %r, actual %r' % (step.tag, res['tag']))
    if step.rows is not None:
        exp, act = step.rows, res['rows']
        if step.sorted:
            exp = sorted(exp, key=row_sort_key)
            act = sorted(act, key=row_sort_key)
        if exp != act:
            out.append('rows%s: expected' % (' (sorted)' if step.sorted else ''))
            out += ['  ' + encode_row(r) for r in exp]
            out.append('      actual')
            out += ['  ' + encode_row(r) for r in act]
    return out or None

#!/usr/bin/env python3
"""Regression scoreboard: how much of PostgreSQL 15's own regression suite
(../shared/regress, beside the repository) pgmicro reproduces, per file.

    tools/regress_scoreboard.py [--shell build/shell/pgmicro] [--out DIR]
                                [--wire HOST:PORT] [--report conformance/REGRESS.md] [TEST ...]

Default mode runs every sql/T.sql through the pgmicro shell, the way
run_psql.sh runs `psql -X -a -q` (same environment variables, setup files
first, one database shared by all files in order, stdin = the file,
stdout+stderr captured), then diffs the output with expected/T.out (never
modified).  --wire HOST:PORT instead runs shared/regress/run_psql.sh (real
psql) against a pgmicro wire server.  Writes conformance/REGRESS.md: per file
the expected lines, the differing lines (diff's < and > lines, as run_psql.sh
counts them), the expected lines reproduced and their share; totals; date and
commit.  A file the shell cannot run (binary missing, crash, timeout) is
scored from whatever it printed (0% when nothing) and flagged.
"""
import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETUP = ['test_setup', 'create_table', 'create_misc', 'create_index']
ENV = {'PGTZ': 'America/Los_Angeles', 'PGDATESTYLE': 'Postgres, MDY',
       'PGOPTIONS': '-c intervalstyle=postgres_verbose', 'LC_MESSAGES': 'C',
       'PGAPPNAME': 'pg_regress', 'PG_LIBDIR': '/nonexistent', 'PG_DLSUFFIX': '.so'}
TIMEOUT = 300


def count_diff(expected, actual, diff_path):
    """Run diff; return (differing lines, expected lines reproduced)."""
    p = subprocess.run(['diff', expected, actual], capture_output=True, text=True, errors='replace')
    with open(diff_path, 'w') as f:
        f.write(p.stdout)
    lt = sum(1 for l in p.stdout.splitlines() if l.startswith('<'))
    gt = sum(1 for l in p.stdout.splitlines() if l.startswith('>'))
    return lt + gt, lt


def probe_flags(shell):
    """The psql-like flags the shell accepts: psql -a if it has it, else ECHO=all."""
    for flags in (['-X', '-a', '-q'], ['-X', '-q', '-v', 'ECHO=all'], ['-X', '-q'], []):
        try:
            p = subprocess.run([shell] + flags + [':memory:'], input='SELECT 1;\n',
                               capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if p.returncode == 0:
            return flags
    return None


def run_shell(args, tests, regress, out):
    notes = {}
    shell = args.shell
    flags = probe_flags(shell) if os.access(shell, os.X_OK) else None
    if flags is None:
        why = 'shell binary missing' if not os.access(shell, os.X_OK) else 'shell does not start'
        for t in tests:
            open(os.path.join(out, t + '.out'), 'w').close()
            notes[t] = why
        return notes, '%s (%s)' % (os.path.relpath(shell, ROOT), why)
    flags = flags + ['-v', 'HIDE_TABLEAM=on', '-v', 'HIDE_TOAST_COMPRESSION=on'] if '-v' in flags or '-a' in flags else flags
    tmp = tempfile.mkdtemp(prefix='pgm-regress-')
    db = os.path.join(tmp, 'regression.db')
    env = dict(os.environ, **ENV, PG_ABS_SRCDIR=regress)
    for t in tests:
        outp = os.path.join(out, t + '.out')
        with open(os.path.join(regress, 'sql', t + '.sql'), 'rb') as src, open(outp, 'wb') as dst:
            try:
                p = subprocess.run([shell] + flags + [db], stdin=src, stdout=dst,
                                   stderr=subprocess.STDOUT, env=env, cwd=regress, timeout=TIMEOUT)
                if p.returncode < 0:
                    notes[t] = 'shell died (signal %d)' % -p.returncode
            except subprocess.TimeoutExpired:
                notes[t] = 'timeout after %d s' % TIMEOUT
            except OSError as e:
                notes[t] = 'cannot run shell: %s' % e
    shutil.rmtree(tmp, ignore_errors=True)
    return notes, '%s %s' % (os.path.relpath(shell, ROOT), ' '.join(flags))


def run_wire(args, tests, regress, out):
    host, _, port = args.wire.rpartition(':')
    env = dict(os.environ, HOST=host or '127.0.0.1', PORT=port, OUT=out)
    subprocess.run([os.path.join(regress, 'run_psql.sh')] + tests, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return {}, 'psql via run_psql.sh against %s' % args.wire


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--shell', default=os.path.join(ROOT, 'build', 'shell', 'pgmicro'))
    ap.add_argument('--regress', default=os.path.join(ROOT, '..', 'shared', 'regress'))
    ap.add_argument('--out', default=os.path.join(tempfile.gettempdir(), 'pgm-regress-results'))
    ap.add_argument('--report', default=os.path.join(ROOT, 'conformance', 'REGRESS.md'))
    ap.add_argument('--wire', help='HOST:PORT of a pgmicro wire server (uses run_psql.sh)')
    ap.add_argument('tests', nargs='*')
    a = ap.parse_args()
    regress = os.path.abspath(a.regress)
    if not os.path.isdir(os.path.join(regress, 'sql')):
        sys.stderr.write('regress_scoreboard: no regression suite at %s\n' % regress)
        return 2
    os.makedirs(a.out, exist_ok=True)
    allt = sorted(f[:-4] for f in os.listdir(os.path.join(regress, 'sql')) if f.endswith('.sql'))
    tests = a.tests or ([t for t in SETUP if t in allt] + [t for t in allt if t not in SETUP])

    notes, how = (run_wire if a.wire else run_shell)(a, tests, regress, a.out)

    rows, tot_exp, tot_diff, tot_ok, clean = [], 0, 0, 0, 0
    for t in tests:
        exp_path = os.path.join(regress, 'expected', t + '.out')
        act_path = os.path.join(a.out, t + '.out')
        if not os.path.exists(act_path):
            open(act_path, 'w').close()
            notes.setdefault(t, 'no output')
        with open(exp_path, 'rb') as f:
            n_exp = sum(1 for _ in f)
        ndiff, missing = count_diff(exp_path, act_path, os.path.join(a.out, t + '.diff'))
        ok = n_exp - missing
        tot_exp += n_exp
        tot_diff += ndiff
        tot_ok += ok
        clean += ndiff == 0
        rows.append((t, n_exp, ndiff, ok, notes.get(t, '')))
        print('%-22s %6d differing lines of %6d expected  %5.1f%% matching %s' %
              (t, ndiff, n_exp, 100.0 * ok / n_exp if n_exp else 0, notes.get(t, '')))

    try:
        commit = subprocess.run(['git', '-C', ROOT, 'rev-parse', '--short', 'HEAD'],
                                capture_output=True, text=True).stdout.strip() or 'unknown'
    except OSError:
        commit = 'unknown'
    now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    lines = ['# PostgreSQL regression scoreboard', '',
             'PostgreSQL 15.18\'s own regression files (`../shared/regress`), run through pgmicro and '
             'diffed with PostgreSQL\'s expected output. Generated by `tools/regress_scoreboard.py`; '
             'do not edit by hand.', '',
             '- date: %s' % now, '- commit: %s' % commit, '- runner: `%s`' % how, '',
             '**Totals: %d of %d expected lines reproduced (%.1f%%); %d differing lines; '
             '%d of %d files identical.**' % (tot_ok, tot_exp, 100.0 * tot_ok / tot_exp if tot_exp else 0,
                                               tot_diff, clean, len(rows)), '',
             '"differing" counts diff\'s `<` and `>` lines as run_psql.sh does; "matching" is the share of '
             'expected lines that appear unchanged in pgmicro\'s output. Statements pgmicro rejects, '
             'EXPLAIN plans and psql `\\d` output all count as differences. On real PostgreSQL every file '
             'is identical except test_setup, aggregates and sequence (see shared/regress/README.md).', '',
             '| file | expected lines | differing lines | matching lines | matching | note |',
             '|---|---:|---:|---:|---:|---|']
    for t, n_exp, ndiff, ok, note in rows:
        lines.append('| %s | %d | %d | %d | %.1f%% | %s |' % (t, n_exp, ndiff, ok,
                                                           100.0 * ok / n_exp if n_exp else 0, note))
    with open(a.report, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('regress: %d of %d expected lines matching (%.1f%%), %d of %d files identical; report %s' %
          (tot_ok, tot_exp, 100.0 * tot_ok / tot_exp if tot_exp else 0, clean, len(rows),
           os.path.relpath(a.report)))
    return 0


if __name__ == '__main__':
    sys.exit(main())

"""What the server tests share: a pgmicro-server started on a free loopback
port (it prints "listening on HOST:PORT") and stopped with SIGTERM, as a
service manager stops it, so it removes a ":memory:" database's temporary
files and sanitizers can report; and the ok/FAIL lines of checks."""
import subprocess, sys, tempfile

failures = []


def load_psycopg():
    """psycopg 3, installed from PyPI when missing.  A client that cannot be
    had is a failed check (and None), not a skipped test: these tests are the
    proof."""
    try:
        import psycopg
        return psycopg
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "psycopg[binary]"],
                       capture_output=True, timeout=300)
    try:
        import psycopg
        return psycopg
    except ImportError:
        check("psycopg 3 available (pip install psycopg[binary])", False, "could not be installed")
        return None


def check(name, cond, info=""):
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else ": " + str(info)[:4000]))
    if not cond:
        failures.append(name)


class Server:
    def __init__(self, argv, env=None):
        self.errfile = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=self.errfile, text=True, env=env)
        line = self.proc.stdout.readline()
        if "listening on" not in line:
            self.proc.kill()
            raise RuntimeError("server did not start: " + line + self.stderr())
        self.port = int(line.rsplit(":", 1)[1])

    def stderr(self):
        self.errfile.seek(0)
        return self.errfile.read()

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        err = self.stderr()
        check("server stderr has no sanitizer report",
              "Sanitizer" not in err and "runtime error" not in err, err)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

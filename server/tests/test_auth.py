#!/usr/bin/env python3
"""Authentication and TLS of pgmicro-server, driven by psql, psycopg 3 and a
raw protocol client that checks the exact message flow (RFC 5802/7677 SCRAM
computed here with hashlib, PostgreSQL 15's error texts and SQLSTATEs).
Usage: test_auth.py SERVER_BIN [SHELL_BIN]
Every server started here listens on port 0 and is killed at the end; the
TLS certificate is a throwaway self-signed one made with `openssl req`."""
import base64, hashlib, hmac, os, re, socket, ssl, struct, subprocess, sys, tempfile, threading, time

SERVER = sys.argv[1]
SHELL = sys.argv[2] if len(sys.argv) > 2 else None
PASSWORD = "s3cret pass"
TMP = tempfile.mkdtemp(prefix="pgm_auth_test_")


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server as _Server, check, failures, load_psycopg  # noqa: E402


class Server(_Server):
    def __init__(self, *opts, env_password=None, argv=None, addr="127.0.0.1:0"):
        env = dict(os.environ)
        env.pop("PGMICRO_PASSWORD", None)
        if env_password is not None:
            env["PGMICRO_PASSWORD"] = env_password
        super().__init__(argv or [SERVER, *opts, ":memory:", addr], env)


def start_fails(*opts, env_password=None, addr="127.0.0.1:0"):
    """Run a server that must refuse to start: (exit code, stderr)."""
    env = dict(os.environ)
    env.pop("PGMICRO_PASSWORD", None)
    if env_password is not None:
        env["PGMICRO_PASSWORD"] = env_password
    try:
        r = subprocess.run([SERVER, *opts, ":memory:", addr], capture_output=True, text=True, timeout=10, env=env)
        return r.returncode, r.stderr
    except subprocess.TimeoutExpired as e:
        return None, "still running: %s" % (e.stdout,)


def psql(port, *args, password=None, conninfo=""):
    env = dict(os.environ, PGCONNECT_TIMEOUT="5", PGTZ="", PGOPTIONS="")
    env.pop("PGPASSWORD", None)
    if password is not None:
        env["PGPASSWORD"] = password
    dsn = "host=127.0.0.1 port=%d user=postgres dbname=x %s" % (port, conninfo)
    r = subprocess.run(["psql", "-X", "-w", "-A", "-t", dsn, *args], capture_output=True, text=True,
                       timeout=30, env=env, stdin=subprocess.DEVNULL)
    return r.returncode, r.stdout, r.stderr


def make_cert():
    cert, key = os.path.join(TMP, "cert.pem"), os.path.join(TMP, "key.pem")
    r = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "2", "-subj", "/CN=localhost"], capture_output=True, text=True, timeout=120)
    check("openssl req made a self-signed certificate", r.returncode == 0, r.stderr)
    return cert, key


# ---- raw protocol client ----

def read_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed")
        buf += chunk
    return buf


def read_msg(s):
    hdr = read_exact(s, 5)
    (length,) = struct.unpack("!i", hdr[1:])
    return hdr[:1], read_exact(s, length - 4)


def send_msg(s, typ, body):
    s.sendall(typ + struct.pack("!i", len(body) + 4) + body)


def error_fields(body):
    return {f[:1].decode(): f[1:].decode() for f in body.split(b"\0") if f}


def closed_after(s):
    """True when the server closes the connection (EOF or reset)."""
    try:
        s.settimeout(10)
        return s.recv(100) == b""
    except (ConnectionResetError, ssl.SSLError):
        return True
    except socket.timeout:
        return False


def tls_client_context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def raw_open(port, user="postgres", tls=False):
    """Connect, optionally negotiate TLS, send the startup packet."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    if tls:
        s.sendall(struct.pack("!ii", 8, 80877103))
        answer = read_exact(s, 1)
        if answer != b"S":
            raise RuntimeError("SSLRequest answered %r" % answer)
        s = tls_client_context().wrap_socket(s)
    body = struct.pack("!i", 196608) + b"user\0" + user.encode() + b"\0database\0x\0\0"
    s.sendall(struct.pack("!i", len(body) + 4) + body)
    return s


def read_auth(s):
    typ, body = read_msg(s)
    if typ == b"E":
        return "E", error_fields(body)
    assert typ == b"R", (typ, body)
    return struct.unpack("!i", body[:4])[0], body[4:]


def hmac256(key, msg):
    return hmac.new(key, msg, hashlib.sha256).digest()


class Scram:
    """The client side of SCRAM-SHA-256 (RFC 5802/7677), computed here."""

    def __init__(self, password, gs2=b"n,,", cbind=b""):
        self.password, self.gs2, self.cbind = password.encode(), gs2, cbind
        self.nonce = base64.b64encode(os.urandom(18))
        self.first_bare = b"n=,r=" + self.nonce

    def first(self):
        return self.gs2 + self.first_bare

    def final(self, server_first, proof_password=None):
        attrs = dict(a.split(b"=", 1) for a in server_first.split(b","))
        self.server_first, self.attrs = server_first, attrs
        salted = hashlib.pbkdf2_hmac("sha256", (proof_password or self.password.decode()).encode(),
                                     base64.b64decode(attrs[b"s"]), int(attrs[b"i"]))
        client_key = hmac256(salted, b"Client Key")
        without_proof = b"c=" + base64.b64encode(self.gs2 + self.cbind) + b",r=" + attrs[b"r"]
        auth_message = self.first_bare + b"," + server_first + b"," + without_proof
        sig = hmac256(hashlib.sha256(client_key).digest(), auth_message)
        proof = bytes(a ^ b for a, b in zip(client_key, sig))
        self.expected_server_sig = hmac256(hmac256(salted, b"Server Key"), auth_message)
        return without_proof + b",p=" + base64.b64encode(proof)


def sasl_initial(mech, data):
    return mech + b"\0" + struct.pack("!i", len(data)) + data


def scram_exchange(s, scram, mech=b"SCRAM-SHA-256", proof_password=None):
    """Run the exchange; returns (mechanisms offered, server-first, final answers)."""
    code, mechs = read_auth(s)
    assert code == 10, (code, mechs)
    send_msg(s, b"p", sasl_initial(mech, scram.first()))
    code, server_first = read_auth(s)
    if code == "E":
        return mechs, None, [("E", server_first)]
    assert code == 11, (code, server_first)
    send_msg(s, b"p", scram.final(server_first, proof_password))
    answers = [read_auth(s)]
    if answers[0][0] == 12:
        answers.append(read_auth(s))
    return mechs, server_first, answers


# ---- trust and the start-up checks ----

def test_trust_default(psycopg):
    with Server() as srv:
        rc, out, err = psql(srv.port, "-c", "SELECT 'trusted'")
        check("trust by default on loopback (psql, no password)", rc == 0 and out.strip() == "trusted", err)
        with psycopg.connect(host="127.0.0.1", port=srv.port, user="postgres", dbname="x", connect_timeout=5) as c:
            check("trust by default (psycopg)", c.execute("SELECT 1").fetchone() == (1,))
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(struct.pack("!ii", 8, 80877103))
        check("SSLRequest answered 'N' without a certificate", read_exact(s, 1) == b"N")
        s.close()
        answer, f, closed = pipelined_ssl_request(srv.port)
        check("no TLS: bytes pipelined after SSLRequest: 'N', then FATAL 08P01 as PostgreSQL 15",
              answer == b"N" and f.get("M") == "received unencrypted data after SSL request" and closed, (answer, f))
        rc, out, err = psql(srv.port, "-c", "SELECT 1", conninfo="sslmode=require")
        check("psql sslmode=require refused when TLS is not configured",
              rc != 0 and "server does not support SSL" in err, err)
    with Server("--user", "alice") as srv:
        s = raw_open(srv.port, user="bob")
        code, f = read_auth(s)
        check("trust --user: another name is 28000 role does not exist",
              code == "E" and f.get("C") == "28000" and f.get("M") == 'role "bob" does not exist', f)
        rc, out, err = psql(srv.port, "-c", "SELECT 1", conninfo="user=alice")
        check("trust --user: that name connects", rc == 0, err)


def test_startup_refusals(cert, key):
    rc, err = start_fails(addr="0.0.0.0:0")
    check("trust on 0.0.0.0 refuses to start", rc == 2 and "refusing to serve" in err and "loopback" in err,
          (rc, err))
    rc, err = start_fails("--auth", "trust", addr="0.0.0.0:0")
    check("explicit --auth trust on 0.0.0.0 refuses to start too", rc == 2 and "refusing" in err, (rc, err))
    rc, err = start_fails("--auth", "scram-sha-256")
    check("--auth scram-sha-256 without a password refuses", rc == 2 and "needs a password" in err, (rc, err))
    rc, err = start_fails("--auth", "md5")
    check("--auth md5 without a password refuses", rc == 2 and "needs a password" in err, (rc, err))
    rc, err = start_fails("--auth", "kerberos")
    check("unknown --auth method refuses", rc == 2 and "trust, md5 or scram-sha-256" in err, (rc, err))
    pwfile = os.path.join(TMP, "pw")
    with open(pwfile, "w") as f:
        f.write(PASSWORD + "\n")
    rc, err = start_fails("--auth", "trust", "--password-file", pwfile)
    check("--auth trust with --password-file refuses", rc == 2, (rc, err))
    rc, err = start_fails("--password-file", os.path.join(TMP, "nosuch"))
    check("unreadable --password-file refuses", rc == 2 and "could not read password file" in err, (rc, err))
    rc, err = start_fails("--tls-cert", cert)
    check("--tls-cert without --tls-key refuses", rc == 2 and "go together" in err, (rc, err))
    rc, err = start_fails("--tls-cert", key, "--tls-key", key)
    check("a bad certificate file refuses", rc == 2 and "certificate" in err, (rc, err))
    rc, err = start_fails("--tls-required")
    check("--tls-required without a certificate refuses", rc == 2, (rc, err))
    rc, err = start_fails("--bogus")
    check("unknown option refuses with usage", rc == 2 and "usage:" in err, (rc, err))
    rc, err = start_fails("--auth", "scram-sha-256", env_password="pässword")
    check("non-ASCII SCRAM password refuses (no SASLprep)", rc == 2 and "ASCII" in err, (rc, err))
    # With a password, a non-loopback address is served.
    with Server(env_password=PASSWORD, addr="0.0.0.0:0") as srv:
        rc, out, err = psql(srv.port, "-c", "SELECT 'wide'", password=PASSWORD)
        check("0.0.0.0 with a password (scram by default) serves", rc == 0 and out.strip() == "wide", err)


# ---- SCRAM-SHA-256 ----

def test_scram_clients(psycopg):
    pwfile = os.path.join(TMP, "pw")
    with open(pwfile, "w") as f:
        f.write(PASSWORD + "\r\n")
    with Server("--auth", "scram-sha-256", "--password-file", pwfile) as srv:
        rc, out, err = psql(srv.port, "-c", "SELECT 'in'", password=PASSWORD)
        check("scram: psql with the right password", rc == 0 and out.strip() == "in", err)
        rc, out, err = psql(srv.port, "-c", "SELECT 1", password="wrong")
        check("scram: psql wrong password is FATAL password authentication failed",
              rc != 0 and 'FATAL:  password authentication failed for user "postgres"' in err, err)
        rc, out, err = psql(srv.port, "-c", "SELECT 1")
        check("scram: psql without a password gives up (no password supplied)",
              rc != 0 and "no password supplied" in err, err)
        rc, out, err = psql(srv.port, "-c", "SELECT 'next'", password=PASSWORD)
        check("scram: served after a client refused to send a password", out.strip() == "next", err)
        dsn = dict(host="127.0.0.1", port=srv.port, user="postgres", dbname="x", connect_timeout=5)
        with psycopg.connect(**dsn, password=PASSWORD) as c:
            check("scram: psycopg with the right password", c.execute("SELECT 2").fetchone() == (2,))
        try:
            psycopg.connect(**dsn, password="nope").close()
            check("scram: psycopg wrong password fails", False, "connected")
        except psycopg.OperationalError as e:
            check("scram: psycopg wrong password fails with the PostgreSQL message",
                  'password authentication failed for user "postgres"' in str(e), e)
        test_scram_raw(srv.port)


def test_scram_raw(port):
    s = raw_open(port)
    sc = Scram(PASSWORD)
    mechs, server_first, answers = scram_exchange(s, sc)
    check("scram raw: AuthenticationSASL offers exactly SCRAM-SHA-256 in the clear",
          mechs == b"SCRAM-SHA-256\0\0", mechs)
    m = re.fullmatch(rb"r=([!-+\--~]+),s=([A-Za-z0-9+/=]+),i=4096", server_first or b"")
    check("scram raw: server-first-message is r=<nonce>,s=<salt>,i=4096", m is not None, server_first)
    if m:
        check("scram raw: server nonce extends the client's",
              m.group(1).startswith(sc.nonce) and len(m.group(1)) > len(sc.nonce), server_first)
        check("scram raw: 16-byte salt", len(base64.b64decode(m.group(2))) == 16, m.group(2))
    codes = [a[0] for a in answers]
    check("scram raw: SASLFinal then AuthenticationOk", codes == [12, 0], answers)
    if codes == [12, 0]:
        check("scram raw: server signature verifies (v=)",
              answers[0][1] == b"v=" + base64.b64encode(sc.expected_server_sig), answers[0][1])
    typ, _ = read_msg(s)
    check("scram raw: ParameterStatus follows AuthenticationOk", typ == b"S", typ)
    s.close()
    # The salt is the same for every exchange (one verifier); the nonce is not.
    s = raw_open(port)
    sc2 = Scram(PASSWORD)
    _, server_first2, answers = scram_exchange(s, sc2, proof_password="wrong")
    s.close()
    check("scram raw: one stored verifier (same salt), fresh server nonce",
          server_first and server_first2 and server_first.split(b",")[1] == server_first2.split(b",")[1]
          and server_first.split(b",")[0][len(sc.nonce) + 2:] != server_first2.split(b",")[0][len(sc2.nonce) + 2:],
          (server_first, server_first2))
    e = answers[0][1] if answers[0][0] == "E" else {}
    check("scram raw: wrong proof is FATAL 28P01 password authentication failed",
          e.get("S") == "FATAL" and e.get("C") == "28P01"
          and e.get("M") == 'password authentication failed for user "postgres"', answers)
    # The initial response may be left out: the server then sends an empty challenge.
    s = raw_open(port)
    read_auth(s)
    sc3 = Scram(PASSWORD)
    send_msg(s, b"p", b"SCRAM-SHA-256\0" + struct.pack("!i", -1))
    code, data = read_auth(s)
    check("scram raw: no initial response gets an empty SASLContinue", (code, data) == (11, b""), (code, data))
    send_msg(s, b"p", sc3.first())
    code, server_first3 = read_auth(s)
    send_msg(s, b"p", sc3.final(server_first3))
    check("scram raw: exchange completes after the empty challenge", [read_auth(s)[0], read_auth(s)[0]] == [12, 0])
    s.close()


def test_scram_user(psycopg):
    with Server("--user", "alice", env_password=PASSWORD) as srv:
        rc, out, err = psql(srv.port, "-c", "SELECT 'alice'", password=PASSWORD, conninfo="user=alice")
        check("--user alice: alice connects", rc == 0 and out.strip() == "alice", err)
        s = raw_open(srv.port, user="mallory")
        mechs, server_first, answers = scram_exchange(s, Scram(PASSWORD))
        s.close()
        e = answers[0][1] if answers[0][0] == "E" else {}
        check("unknown user: full SCRAM exchange, then the same 28P01 as a wrong password",
              server_first is not None and e.get("C") == "28P01"
              and e.get("M") == 'password authentication failed for user "mallory"', answers)
        s = raw_open(srv.port, user="mallory")
        _, server_first2, _ = scram_exchange(s, Scram(PASSWORD))
        s.close()
        check("unknown user: its mock salt is stable (does not reveal the user is unknown)",
              server_first.split(b",")[1] == server_first2.split(b",")[1], (server_first, server_first2))


def raw_error_after(port, actions, tls=False):
    """Open, authenticate up to the point where `actions(s)` misbehaves;
    returns (error fields or None, closed)."""
    s = raw_open(port, tls=tls)
    try:
        actions(s)
        typ, body = read_msg(s)
        fields = error_fields(body) if typ == b"E" else {"unexpected": typ + body}
    except (EOFError, ConnectionResetError):
        return None, True
    closed = closed_after(s)
    s.close()
    return fields, closed


def test_sasl_garbage():
    with Server(env_password=PASSWORD) as srv:
        p = srv.port

        def wrong_type(s):
            read_auth(s)
            send_msg(s, b"Q", b"SELECT 1\0")
        f, closed = raw_error_after(p, wrong_type)
        check("Query instead of SASLInitialResponse: FATAL 08P01 expected SASL response",
              f and f.get("C") == "08P01" and f.get("M") == "expected SASL response, got message type 81" and closed, f)

        def bad_mech(s):
            read_auth(s)
            send_msg(s, b"p", sasl_initial(b"SCRAM-SHA-1", b"n,,n=,r=abc"))
        f, closed = raw_error_after(p, bad_mech)
        check("unknown mechanism: 08P01 client selected an invalid SASL authentication mechanism",
              f and f.get("C") == "08P01" and "invalid SASL authentication mechanism" in f.get("M", "") and closed, f)

        def plus_in_clear(s):
            read_auth(s)
            send_msg(s, b"p", sasl_initial(b"SCRAM-SHA-256-PLUS", b"p=tls-server-end-point,,n=,r=abc"))
        f, closed = raw_error_after(p, plus_in_clear)
        check("SCRAM-SHA-256-PLUS without TLS is not offered, so invalid",
              f and "invalid SASL authentication mechanism" in f.get("M", ""), f)

        def bad_flag(s):
            read_auth(s)
            send_msg(s, b"p", sasl_initial(b"SCRAM-SHA-256", b"x,,n=,r=abc"))
        f, closed = raw_error_after(p, bad_flag)
        check("bad gs2 flag: malformed SCRAM message with PostgreSQL's detail",
              f and f.get("C") == "08P01" and f.get("M") == "malformed SCRAM message"
              and f.get("D") == "Unexpected channel-binding flag \"'x'\"." and closed, f)

        def authzid(s):
            read_auth(s)
            send_msg(s, b"p", sasl_initial(b"SCRAM-SHA-256", b"n,a=bob,n=,r=abc"))
        f, closed = raw_error_after(p, authzid)
        check("authzid: 0A000 not supported", f and f.get("C") == "0A000", f)

        def bad_length(s):
            read_auth(s)
            send_msg(s, b"p", b"SCRAM-SHA-256\0" + struct.pack("!i", 500) + b"n,,n=,r=abc")
        f, closed = raw_error_after(p, bad_length)
        check("initial response length past the message: 08P01", f and f.get("C") == "08P01" and closed, f)

        def nul_inside(s):
            read_auth(s)
            send_msg(s, b"p", sasl_initial(b"SCRAM-SHA-256", b"n,,n=\0,r=abc"))
        f, closed = raw_error_after(p, nul_inside)
        check("NUL inside the SCRAM message: Message length does not match input length",
              f and f.get("D") == "Message length does not match input length.", f)

        def bad_final(s):
            read_auth(s)
            sc = Scram(PASSWORD)
            send_msg(s, b"p", sasl_initial(b"SCRAM-SHA-256", sc.first()))
            read_auth(s)
            send_msg(s, b"p", b"c=biws,r=not-the-nonce,p=" + base64.b64encode(b"x" * 32))
        f, closed = raw_error_after(p, bad_final)
        check("wrong nonce in client-final: 08P01 invalid SCRAM response / Nonce does not match.",
              f and f.get("M") == "invalid SCRAM response" and f.get("D") == "Nonce does not match." and closed, f)

        def short_proof(s):
            read_auth(s)
            sc = Scram(PASSWORD)
            send_msg(s, b"p", sasl_initial(b"SCRAM-SHA-256", sc.first()))
            _, sf = read_auth(s)
            r = dict(a.split(b"=", 1) for a in sf.split(b","))[b"r"]
            send_msg(s, b"p", b"c=biws,r=" + r + b",p=AAAA")
        f, closed = raw_error_after(p, short_proof)
        check("short proof: Malformed proof in client-final-message.",
              f and f.get("D") == "Malformed proof in client-final-message.", f)

        def junk(s):
            read_auth(s)
            s.sendall(os.urandom(64))
        f, closed = raw_error_after(p, junk)
        check("random bytes during SASL close only that connection", closed or f is not None, f)

        def huge(s):
            read_auth(s)
            s.sendall(b"p" + struct.pack("!i", 10_000_000))
        f, closed = raw_error_after(p, huge)
        check("an oversized SASL message closes the connection", closed and not f, f)

        def hang_up(s):
            read_auth(s)
            s.close()
            raise EOFError
        raw_error_after(p, hang_up)
        rc, out, err = psql(p, "-c", "SELECT 'still serving'", password=PASSWORD)
        check("server still serves after the garbage", out.strip() == "still serving", err)


# ---- md5 ----

def test_md5(psycopg):
    with Server("--auth", "md5", env_password=PASSWORD) as srv:
        rc, out, err = psql(srv.port, "-c", "SELECT 'md5 in'", password=PASSWORD)
        check("md5: psql with the right password", rc == 0 and out.strip() == "md5 in", err)
        rc, out, err = psql(srv.port, "-c", "SELECT 1", password="wrong")
        check("md5: psql wrong password", 'password authentication failed for user "postgres"' in err, err)
        with psycopg.connect(host="127.0.0.1", port=srv.port, user="postgres", dbname="x",
                             password=PASSWORD, connect_timeout=5) as c:
            check("md5: psycopg", c.execute("SELECT 3").fetchone() == (3,))
        salts = []
        for pw in (PASSWORD, "wrong"):
            s = raw_open(srv.port)
            code, salt = read_auth(s)
            salts.append(salt)
            inner = hashlib.md5((pw + "postgres").encode()).hexdigest().encode()
            send_msg(s, b"p", b"md5" + hashlib.md5(inner + salt).hexdigest().encode() + b"\0")
            answer = read_auth(s)
            s.close()
            if pw == PASSWORD:
                check("md5 raw: AuthenticationMD5Password (5) with a 4-byte salt, then Ok",
                      code == 5 and len(salt) == 4 and answer[0] == 0, (code, salt, answer))
            else:
                check("md5 raw: wrong hash is FATAL 28P01",
                      answer[0] == "E" and answer[1].get("C") == "28P01", answer)
        check("md5 raw: a fresh salt per connection", salts[0] != salts[1], salts)
        f, closed = raw_error_after(srv.port, lambda s: (read_auth(s), send_msg(s, b"p", b"\0")))
        check("md5: empty password is 28P01 empty password returned by client",
              f and f.get("M") == "empty password returned by client", f)
        f, closed = raw_error_after(srv.port, lambda s: (read_auth(s), send_msg(s, b"X", b"")))
        check("md5: Terminate instead of a password: 08P01 expected password response",
              f and f.get("M") == "expected password response, got message type 88", f)


# ---- TLS ----

def test_tls(psycopg, cert, key):
    with Server("--tls-cert", cert, "--tls-key", key, env_password=PASSWORD) as srv:
        dsn = dict(host="127.0.0.1", port=srv.port, user="postgres", dbname="x", connect_timeout=5,
                   password=PASSWORD)
        with psycopg.connect(**dsn, sslmode="require") as c:
            check("TLS: psycopg sslmode=require has ssl_in_use", c.pgconn.ssl_in_use is True)
            check("TLS: queries over TLS", c.execute("SELECT repeat('x', 100000)").fetchone()[0] == "x" * 100000)
        with psycopg.connect(**dsn, sslmode="require", channel_binding="require") as c:
            check("TLS: SCRAM-SHA-256-PLUS (channel_binding=require) with psycopg",
                  c.pgconn.ssl_in_use and c.execute("SELECT 4").fetchone() == (4,))
        with psycopg.connect(**dsn, sslmode="require", channel_binding="disable") as c:
            check("TLS: plain SCRAM over TLS (channel_binding=disable)", c.execute("SELECT 5").fetchone() == (5,))
        with psycopg.connect(**dsn, sslmode="disable") as c:
            check("TLS configured: a cleartext client is still served", c.pgconn.ssl_in_use is False)
        try:
            psycopg.connect(**{**dsn, "password": "wrong"}, sslmode="require").close()
            check("TLS: wrong password fails", False, "connected")
        except psycopg.OperationalError as e:
            check("TLS: wrong password fails with 28P01's message", "password authentication failed" in str(e), e)
        rc, out, err = psql(srv.port, "-c", "\\conninfo", password=PASSWORD, conninfo="sslmode=require")
        check("TLS: psql sslmode=require, \\conninfo shows SSL", rc == 0 and "SSL connection (protocol: TLSv1." in out,
              (out, err))
        rc, out, err = psql(srv.port, "-c", "SELECT 'cb'", password=PASSWORD,
                            conninfo="sslmode=require channel_binding=require")
        check("TLS: psql channel_binding=require", out.strip() == "cb", err)
        test_tls_raw(srv.port, cert)
        test_tls_cancel(psycopg, dsn)


def pipelined_ssl_request(port):
    """SSLRequest and a cleartext startup packet in one write: (answer byte, error fields, closed)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    body = struct.pack("!i", 196608) + b"user\0postgres\0\0"
    s.sendall(struct.pack("!ii", 8, 80877103) + struct.pack("!i", len(body) + 4) + body)
    try:
        answer = read_exact(s, 1)
        typ, body = read_msg(s)
        f = error_fields(body) if typ == b"E" else {"type": typ}
    except EOFError:
        answer, f = None, {}
    closed = closed_after(s)
    s.close()
    return answer, f, closed


def test_tls_raw(port, cert):
    s = raw_open(port, tls=True)
    cert_hash = hashlib.sha256(s.getpeercert(binary_form=True)).digest()
    sc = Scram(PASSWORD, gs2=b"p=tls-server-end-point,,", cbind=cert_hash)
    mechs, _, answers = scram_exchange(s, sc, mech=b"SCRAM-SHA-256-PLUS")
    check("TLS raw: PLUS offered first", mechs == b"SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0", mechs)
    check("TLS raw: SCRAM-SHA-256-PLUS with the certificate hash authenticates",
          [a[0] for a in answers] == [12, 0] and answers[0][1] == b"v=" + base64.b64encode(sc.expected_server_sig),
          answers)
    s.close()
    s = raw_open(port, tls=True)
    sc = Scram(PASSWORD, gs2=b"p=tls-server-end-point,,", cbind=b"\0" * 32)
    _, _, answers = scram_exchange(s, sc, mech=b"SCRAM-SHA-256-PLUS")
    s.close()
    e = answers[0][1] if answers[0][0] == "E" else {}
    check("TLS raw: wrong channel binding data is 28000 SCRAM channel binding check failed",
          e.get("C") == "28000" and e.get("M") == "SCRAM channel binding check failed", answers)
    s = raw_open(port, tls=True)
    _, _, answers = scram_exchange(s, Scram(PASSWORD, gs2=b"y,,"))
    s.close()
    e = answers[0][1] if answers[0][0] == "E" else {}
    check("TLS raw: 'y' flag while the server offers PLUS is a negotiation error (downgrade)",
          e.get("C") == "28000" and e.get("M") == "SCRAM channel binding negotiation error", answers)
    answer, f, closed = pipelined_ssl_request(port)
    check("TLS raw: cleartext bytes pipelined after SSLRequest: 'S', then FATAL 08P01 (CVE-2021-23214)",
          answer == b"S" and f.get("C") == "08P01" and f.get("M") == "received unencrypted data after SSL request"
          and "man-in-the-middle" in f.get("D", "") and closed, (answer, f))


def test_tls_cancel(psycopg, dsn):
    for how in ("cancel", "cancel_safe"):
        if not hasattr(psycopg.Connection, how):
            continue
        c = psycopg.connect(**dsn, sslmode="require", autocommit=True)
        t = threading.Timer(0.5, getattr(c, how))
        t.start()
        try:
            c.execute("SELECT count(*) FROM generate_series(1, 10000000000)")
            check("TLS: %s interrupts a query" % how, False, "query finished")
        except psycopg.errors.QueryCanceled as e:
            check("TLS: %s interrupts a query (57014)" % how, e.sqlstate == "57014", e)
        t.join()
        check("TLS: session usable after %s" % how, c.execute("SELECT 'alive'").fetchone() == ("alive",))
        c.close()


def test_tls_required(psycopg, cert, key):
    with Server("--tls-cert", cert, "--tls-key", key, "--tls-required", "--auth", "md5",
                env_password=PASSWORD) as srv:
        rc, out, err = psql(srv.port, "-c", "SELECT 1", password=PASSWORD, conninfo="sslmode=disable")
        check("--tls-required: a cleartext session is refused", rc != 0 and "requires TLS" in err, err)
        rc, out, err = psql(srv.port, "-c", "SELECT 'tls md5'", password=PASSWORD, conninfo="sslmode=require")
        check("--tls-required: md5 over TLS connects", out.strip() == "tls md5", err)


def test_shell_flags():
    if not SHELL:
        return
    with Server(argv=[SHELL, ":memory:", "--server", "127.0.0.1:0", "--auth", "md5"], env_password=PASSWORD) as srv:
        rc, out, err = psql(srv.port, "-c", "SELECT 'shell md5'", password=PASSWORD)
        check("pgmicro --server ... --auth md5 takes the same flags", out.strip() == "shell md5", err)
        rc, out, err = psql(srv.port, "-c", "SELECT 1")
        check("pgmicro --server ... --auth md5 asks for the password", rc != 0, out)


def main():
    psycopg = load_psycopg()
    if psycopg is None:   # the failed check says why
        print("%d failure(s)" % len(failures))
        return 1
    cert, key = make_cert()
    test_trust_default(psycopg)
    test_startup_refusals(cert, key)
    test_scram_clients(psycopg)
    test_scram_user(psycopg)
    test_sasl_garbage()
    test_md5(psycopg)
    test_tls(psycopg, cert, key)
    test_tls_required(psycopg, cert, key)
    test_shell_flags()
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

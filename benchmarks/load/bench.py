#!/usr/bin/env python3
"""Load benchmarks of scripts/bench: ingest, e2e, viral, footprint, and the final report.

    bench.py BENCH --bin DIR --work DIR --out FILE [options]
    bench.py report --results FILE [--ran NAME...]

Each benchmark starts its own `luagram serve` (and `fake-graph`) from the release build in
--bin, on free ports of 127.0.0.1, drives it with wrk (2 threads, 32 connections), and
writes its figures as one JSON object to --out. `report` prints the final table from
bench-results.json. Only the standard library is used.
"""

import argparse
import atexit
import csv
import hashlib
import hmac
import json
import os
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
POST_LUA = os.path.join(HERE, "post.lua")
SECRET = b"luagram-development-secret"  # what `serve --dev` accepts
ACCOUNT = "17841400000000001"
TOKEN = "fake-graph-token-EAAG0000"
THREADS = 2
CONNECTIONS = 32


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------
# Bodies


def sign(body):
    return "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()


def write_bodies(prefix, bodies):
    """Splits the bodies over one file per wrk thread (round robin), one `sig\\tbody` line each."""
    files = [open(f"{prefix}.{n}", "wb") for n in range(THREADS)]
    for index, body in enumerate(bodies):
        f = files[index % THREADS]
        f.write(sign(body).encode() + b"\t" + body + b"\n")
    for f in files:
        f.close()


FILLER = (
    "Hi! I saw the blue dress in your last post and I love it. Could you tell me the price, "
    "which sizes you still have, whether it comes in other colours, how long shipping takes "
    "to Lisbon and whether I can return it if it does not fit? I would also like to know if "
    "the fabric is cotton or linen, and if there is a discount for two pieces. Thank you so "
    "much, your shop is lovely and I have been following it for a long time. "
)


def dm_body(account, contact, mid, ms, size=1024):
    """A DM webhook of exactly `size` bytes (the text is padded), as Meta posts it."""

    def make(text):
        return json.dumps(
            {
                "object": "instagram",
                "entry": [
                    {
                        "id": account,
                        "time": ms,
                        "messaging": [
                            {
                                "sender": {"id": contact},
                                "recipient": {"id": account},
                                "timestamp": ms,
                                "message": {"mid": mid, "text": text},
                            }
                        ],
                    }
                ],
            },
            separators=(",", ":"),
        ).encode()

    bare = len(make(""))
    text = (FILLER * (size // len(FILLER) + 1))[: max(0, size - bare)]
    return make(text)


def dm_bodies(count, accounts, contacts, tag, size=1024):
    ms = int(time.time() * 1000)
    out = []
    for i in range(count):
        account = accounts[i % len(accounts)]
        contact = str(5_000_000_000_000_000 + (i % contacts))
        out.append(dm_body(account, contact, f"bench-{tag}-{i}", ms, size))
    return out


POST = "17895695668004550"


def comment_body(i, ms):
    return json.dumps(
        {
            "object": "instagram",
            "entry": [
                {
                    "id": ACCOUNT,
                    "time": ms,
                    "changes": [
                        {
                            "field": "comments",
                            "value": {
                                "id": str(18_000_000_000_000_000 + i),
                                "text": "LINK please 😍",
                                "from": {"id": str(6_000_000_000_000_000 + i), "username": f"fan.{i}"},
                                "media": {"id": POST, "media_product_type": "FEED"},
                            },
                        }
                    ],
                }
            ],
        },
        separators=(",", ":"),
    ).encode()


def account_ids(n):
    return [str(17_841_400_000_000_001 + k) for k in range(n)]


def account_token(account):
    return f"fake-graph-token-{account}"


# ---------------------------------------------------------------------------------------
# Processes


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, timeout=2):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (urllib.error.URLError, ConnectionError, socket.timeout, OSError):
        return None, b""


STARTED = []  # every process this run started, stopped at exit if still running


def stop_all():
    for proc in STARTED:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


atexit.register(stop_all)


class Serve:
    """One `luagram serve --dev` on a free port, with its log in the work folder."""

    def __init__(self, bin_dir, work, name, rules, tokens=None, graph_url=None, extra=()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db = os.path.join(work, f"{name}.db")
        self.inbox = self.db + "-inbox"  # the raw webhook bodies, in a file of their own
        self.log_path = os.path.join(work, f"{name}.serve.log")
        env = dict(os.environ)
        env.pop("LUAGRAM_APP_SECRET", None)
        env.pop("LUAGRAM_AGENT_TOKEN", None)
        env["LUAGRAM_ACCESS_TOKENS"] = ",".join(f"{a}={t}" for a, t in (tokens or {}).items())
        args = [os.path.join(bin_dir, "luagram"), "serve", "--dev", "--bench-routes", "--db", self.db,
                "--rules", rules, "--port", str(self.port)]
        if graph_url:
            args += ["--graph-url", graph_url]
        args += list(extra)
        self.log_file = open(self.log_path, "wb")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(args, stdout=self.log_file, stderr=subprocess.STDOUT, cwd=work, env=env)
        STARTED.append(self.proc)
        self.ready_after = self.wait_ready()

    def wait_ready(self, timeout=60):
        """Seconds from the spawn to the first 200 on /healthz."""
        while time.monotonic() - self.started < timeout:
            if self.proc.poll() is not None:
                raise SystemExit(f"serve exited at start (see {self.log_path}):\n" + open(self.log_path).read()[-2000:])
            status, _ = http_get(self.url + "/healthz", timeout=1)
            if status == 200:
                return time.monotonic() - self.started
            time.sleep(0.002)
        raise SystemExit(f"serve did not answer /healthz within {timeout} s (see {self.log_path})")

    def status(self, key):
        """A line of /proc/PID/status in KiB (VmHWM, VmRSS)."""
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith(key + ":"):
                        return int(line.split()[1])
        except OSError:
            pass
        return None

    def cpu_seconds(self):
        """User + system CPU time of serve so far."""
        try:
            with open(f"/proc/{self.proc.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            return 0.0

    def measure(self, run):
        """run() with the CPU serve used meanwhile, as cores (1.0 = one core all the time)."""
        c0, t0 = self.cpu_seconds(), time.monotonic()
        result = run()
        result["serve_cores"] = round((self.cpu_seconds() - c0) / max(1e-9, time.monotonic() - t0), 2)
        return result

    def metrics(self):
        status, body = http_get(self.url + "/metrics", timeout=5)
        if status != 200:
            return {}
        values = {}
        for line in body.decode().splitlines():
            if line.startswith("#") or not line.strip():
                continue
            name, _, value = line.rpartition(" ")
            try:
                values[name] = float(value)
            except ValueError:
                pass
        return values

    def stop(self, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()


class FakeGraph:
    def __init__(self, bin_dir, work, tokens, name="graph"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(work, f"{name}.jsonl")
        self.out_path = os.path.join(work, f"{name}.out")
        args = [os.path.join(bin_dir, "fake-graph"), "--port", str(self.port), "--log", self.log_path, "--token"]
        args += [f"{a}={t}" for a, t in tokens.items()]
        self.out = open(self.out_path, "wb")
        self.proc = subprocess.Popen(args, stdout=self.out, stderr=subprocess.STDOUT)
        STARTED.append(self.proc)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if "listening on" in open(self.out_path).read():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        raise SystemExit("fake-graph did not start:\n" + open(self.out_path).read())

    def stop(self):
        """Stops it; it writes its log of requests on the way out."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(120)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.out.close()


# ---------------------------------------------------------------------------------------
# wrk

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def to_ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(m.group(1)) * UNITS[m.group(2)] if m else None


def wrk(url, path, prefix, seconds, once=False, delay_ms=None, timeout="10s", connections=CONNECTIONS):
    """Runs wrk with post.lua; returns its figures (requests/s, latency percentiles in ms)."""
    env = dict(os.environ)
    if once:
        env["WRK_ONCE"] = "1"
    if delay_ms:
        env["WRK_DELAY_MS"] = str(delay_ms)
    args = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout}", "--latency",
            "-s", POST_LUA, url, "--", path, prefix]
    done = None
    if once:
        done = os.path.join(os.path.dirname(prefix), f"wrk-done-{os.getpid()}-{time.monotonic_ns()}")
        env["WRK_DONE"] = done
    started = time.monotonic()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    STARTED.append(proc)
    if done:
        # every thread answered: end wrk now rather than at the end of its -d
        while proc.poll() is None and not all(os.path.exists(f"{done}.{n}") for n in range(THREADS)):
            time.sleep(0.01)
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate()
    wall = time.monotonic() - started
    posts = failed = 0
    if done:
        for n in range(THREADS):
            if os.path.exists(f"{done}.{n}"):
                with open(f"{done}.{n}") as f:
                    p, x = (int(v) for v in f.read().split())
                posts, failed = posts + p, failed + x
                os.unlink(f"{done}.{n}")
    if proc.returncode != 0:
        raise SystemExit(f"wrk failed ({proc.returncode}):\n{stdout}\n{stderr}")
    text = stdout
    result = {"wall_s": round(wall, 3), "output": text}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    result["requests_per_s"] = float(m.group(1)) if m else None
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+)", text)
    if m:
        result["requests"] = int(m.group(1))
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", text, re.M)
        result[f"p{pct}_ms"] = to_ms(m.group(1)) if m else None
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    result["non_2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    result["socket_errors"] = sum(int(g) for g in m.groups()) if m else 0
    if done:
        # WRK_ONCE: the posts only (wrk's counts include the 404s that wait for the last answers)
        result["posts"], result["posts_failed"] = posts, failed
        result["posts_per_s"] = round(posts / wall, 1) if wall else None
    return result


def sqlite(db, sql):
    out = subprocess.run(["sqlite3", db, sql], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"sqlite3 {db}: {out.stderr}")
    return out.stdout


def scalar(db, sql):
    return int(sqlite(db, sql).strip() or 0)


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100 * (len(sorted_values) - 1)))))
    return sorted_values[k]


def write_out(path, result):
    with open(path, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


def now_iso():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def open_db(path):
    import sqlite3

    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def fsync_ms(folder, count=40):
    """The disk's fsync latency where the databases live: what a durable commit waits for."""
    path = os.path.join(folder, "fsync.probe")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        started = time.perf_counter()
        for _ in range(count):
            os.write(fd, b"x" * 4096)
            os.fsync(fd)
        return (time.perf_counter() - started) / count * 1000
    finally:
        os.close(fd)
        os.unlink(path)


def remove_db(path):
    for suffix in ("", "-wal", "-shm", "-inbox", "-inbox-wal", "-inbox-shm"):
        try:
            os.unlink(path + suffix)
        except FileNotFoundError:
            pass


# ---------------------------------------------------------------------------------------
# 2. Durable ingest


def bench_ingest(a):
    """Signed 1 KB DMs to /webhooks/instagram vs the bare route of the same binary.

    Each wrk run gets a fresh server (new database), so a run never competes with the
    processing of an earlier run's backlog. The server is the whole pipeline (the replying
    rule, the sender posting to fake-graph), as in production."""
    work = a.work
    accounts = account_ids(a.accounts)
    tokens = {acc: account_token(acc) for acc in accounts}
    prefix = os.path.join(work, "ingest.bodies")
    write_bodies(prefix, dm_bodies(a.ingest_bodies, accounts, 20_000, "ingest"))
    rules = os.path.join(HERE, "rules", "ack")
    graph = FakeGraph(a.bin, work, tokens, "ingest-graph")
    fsync_before = fsync_ms(work)
    rounds = []
    result = {"date": now_iso(), "threads": THREADS, "connections": CONNECTIONS, "seconds": a.ingest_seconds,
              "body_bytes": 1024, "distinct_bodies": a.ingest_bodies, "accounts": a.accounts}
    try:
        for r in range(a.rounds):
            row = {}
            for kind in (("bare", "webhook") if r % 2 == 0 else ("webhook", "bare")):
                s = Serve(a.bin, work, f"ingest-{kind}-{r}", rules, tokens, graph.url)
                path = "/bench/bare" if kind == "bare" else "/webhooks/instagram"
                res = s.measure(lambda: wrk(s.url, path, prefix, a.ingest_seconds))
                s.stop()
                if kind == "webhook":
                    res["stored"] = scalar(s.inbox, "select count(*) from inbox")
                    res["acknowledged"] = res["requests"] - res["non_2xx"]
                remove_db(s.db)
                del res["output"]
                row[kind] = res
                log(f"ingest round {r + 1}/{a.rounds} {kind}: {res['requests_per_s']:.0f} req/s, "
                    f"p50 {res['p50_ms']:.2f} ms, p99 {res['p99_ms']:.2f} ms, non-2xx {res['non_2xx']}, "
                    f"socket errors {res['socket_errors']}, serve used {res['serve_cores']} cores" + (f", stored {res['stored']} of {res['acknowledged']} acknowledged" if kind == "webhook" else ""))
            rounds.append(row)
        # Diagnostic: the same, with the database on tmpfs, where a durable commit costs no
        # disk flush: what the request path does when the disk is not what it waits for.
        shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
        if shm:
            shm_work = os.path.join(shm, f"luagram-bench-{os.getpid()}")
            os.makedirs(shm_work, exist_ok=True)
            try:
                s = Serve(a.bin, shm_work, "ingest-tmpfs", rules, tokens, graph.url)
                res = s.measure(lambda: wrk(s.url, "/webhooks/instagram", prefix, a.ingest_seconds))
                s.stop()
                del res["output"]
                result["tmpfs_webhook"] = res
                log(f"ingest, database on tmpfs (diagnostic): {res['requests_per_s']:.0f} req/s, "
                    f"p50 {res['p50_ms']:.2f} ms, p99 {res['p99_ms']:.2f} ms, serve used {res['serve_cores']} cores")
            finally:
                shutil.rmtree(shm_work, ignore_errors=True)
    finally:
        graph.stop()
    med = lambda kind, key: statistics.median(r[kind][key] for r in rounds)
    result.update({
        "webhook_requests_per_s": round(med("webhook", "requests_per_s"), 1),
        "bare_requests_per_s": round(med("bare", "requests_per_s"), 1),
        "webhook_p50_ms": round(med("webhook", "p50_ms"), 3),
        "webhook_p99_ms": round(med("webhook", "p99_ms"), 3),
        "bare_p50_ms": round(med("bare", "p50_ms"), 3),
        "bare_p99_ms": round(med("bare", "p99_ms"), 3),
        "lost": sum(max(0, r["webhook"]["acknowledged"] - r["webhook"]["stored"]) for r in rounds),
        # the disk's fsync latency before and after the runs (it varies with what else the
        # machine's disk is doing)
        "fsync_ms": round(statistics.mean([fsync_before, fsync_ms(work)]), 2),
        "fsync_ms_before_after": [round(fsync_before, 2), round(fsync_ms(work), 2)],
        "rounds": rounds,
    })
    result["ratio"] = round(result["webhook_requests_per_s"] / result["bare_requests_per_s"], 3)
    write_out(a.out, result)


# ---------------------------------------------------------------------------------------
# 3. End to end


class Capture:
    """tcpdump of what reaches fake-graph: the time each Send API request arrived."""

    def __init__(self, port, path):
        self.path = path
        self.err_path = path + ".err"
        self.err = open(self.err_path, "wb")
        self.proc = subprocess.Popen(
            ["tcpdump", "-i", "lo", "-n", "-s", "4096", "-B", "32768", "--immediate-mode", "-U", "-w", path,
             f"tcp dst port {port}"],
            stdout=subprocess.DEVNULL, stderr=self.err)
        STARTED.append(self.proc)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if "listening on" in open(self.err_path, errors="replace").read():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        raise SystemExit("tcpdump did not start:\n" + open(self.err_path, errors="replace").read())

    def stop(self):
        time.sleep(1)  # what the kernel holds for tcpdump reaches the file
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(30)
        self.err.close()
        text = open(self.err_path, errors="replace").read()
        m = re.search(r"(\d+) packets? dropped by kernel", text)
        return int(m.group(1)) if m else None


ACK_MID = re.compile(rb"ack (bench-[A-Za-z0-9_-]+)")


def pcap_sends(path):
    """{mid: seconds since 1970} of the first Send API request carrying "ack MID"."""
    seen = {}
    with open(path, "rb") as f:
        header = f.read(24)
        if len(header) < 24:
            return seen
        magic = struct.unpack("<I", header[:4])[0]
        endian, scale = {0xA1B2C3D4: ("<", 1e-6), 0xA1B23C4D: ("<", 1e-9)}.get(magic, (">", 1e-6))
        linktype = struct.unpack(endian + "I", header[20:24])[0]
        link = {1: 14, 113: 16, 0: 4, 276: 20}.get(linktype, 14)
        while True:
            record = f.read(16)
            if len(record) < 16:
                break
            sec, frac, incl, _ = struct.unpack(endian + "IIII", record)
            data = f.read(incl)
            ip = data[link:]
            if not ip or ip[0] >> 4 != 4:
                continue
            ihl = (ip[0] & 0x0F) * 4
            tcp = ip[ihl:]
            payload = tcp[(tcp[12] >> 4) * 4:] if len(tcp) > 12 else b""
            if not payload:
                continue
            at = sec + frac * scale
            for m in ACK_MID.finditer(payload):
                seen.setdefault(m.group(1).decode(), at)
    return seen


def inbox_times(db_path, kind="messaging"):
    """{mid: received_at in seconds} of the inbox's DM bodies."""
    out = {}
    db = open_db(db_path)
    for received_at, body in db.execute("select received_at, body from inbox"):
        try:
            entry = json.loads(body)["entry"][0]
            mid = entry["messaging"][0]["message"]["mid"]
        except (ValueError, KeyError, IndexError):
            continue
        out.setdefault(mid, received_at / 1e6)
    db.close()
    return out


PACED_CONNECTIONS = 128  # wrk paces per connection (one request, then its delay): many
                         # connections make the offered rate fine-grained


def e2e_trial(a, tokens, rules, prefix, name, seconds, rate=None):
    """One run on a fresh serve and fake-graph: wrk posts for `seconds`, unpaced (rate None:
    as fast as serve acknowledges) or paced at about `rate` events/s; the Send API requests
    fake-graph receives are timed from a packet capture. Returns the posted and sent rates
    (sent counted in the window after the warm-up) and each event's latency from its
    body's received_at in the inbox (stamped before the group commit that acknowledges it)
    to the capture's time of the Send API request carrying its id."""
    work = a.work
    graph = FakeGraph(a.bin, work, tokens, f"{name}-graph")
    s = Serve(a.bin, work, name, rules, tokens, graph.url)
    capture = Capture(graph.port, os.path.join(work, f"{name}.pcap"))
    delay_ms = max(1, round(PACED_CONNECTIONS * 1000 / rate)) if rate else None
    t0 = time.time()
    res = s.measure(lambda: wrk(s.url, "/webhooks/instagram", prefix, seconds, delay_ms=delay_ms,
                                connections=PACED_CONNECTIONS if rate else CONNECTIONS))
    t1 = time.time()
    metrics = s.metrics()
    pending_at_end = int(metrics.get('luagram_inbox_bodies{state="pending"}', 0))
    queued_at_end = int(metrics.get('luagram_outbox_rows{state="pending"}', 0))
    if rate:
        # paced: let what is in flight go out, so every event of the run has its latency
        deadline = time.monotonic() + a.e2e_drain
        while time.monotonic() < deadline:
            m = s.metrics()
            if m and m.get('luagram_inbox_bodies{state="pending"}', 0) == 0 and \
                    m.get('luagram_outbox_rows{state="pending"}', 0) + m.get('luagram_outbox_rows{state="sending"}', 0) == 0:
                break
            time.sleep(0.2)
    dropped = capture.stop()
    s.stop()
    graph.stop()
    sends = pcap_sends(capture.path)
    received = inbox_times(s.inbox)
    remove_db(s.db)
    in_window = [t for t in sends.values() if t0 + a.e2e_warmup <= t <= t1]
    sent_rate = len(in_window) / max(1e-9, t1 - t0 - a.e2e_warmup)
    latencies = sorted((sends[mid] - t) * 1000 for mid, t in received.items() if mid in sends)
    del res["output"]
    return {
        "offered_per_s": rate, "delay_ms": delay_ms, "seconds": seconds, "wrk": res,
        "posted_per_s": res["requests_per_s"], "sent_per_s": round(sent_rate, 1),
        "sends_in_window": len(in_window), "events": len(received), "sent": len(latencies),
        "inbox_pending_at_end": pending_at_end, "outbox_pending_at_end": queued_at_end,
        "serve_cores": res["serve_cores"], "capture_dropped": dropped,
        "p50_ms": round(percentile(latencies, 50), 2) if latencies else None,
        "p90_ms": round(percentile(latencies, 90), 2) if latencies else None,
        "p99_ms": round(percentile(latencies, 99), 2) if latencies else None,
    }


def sustained(trial):
    """Kept up: sent as fast as posted, with no backlog building in the inbox."""
    return (trial["sent_per_s"] >= 0.95 * trial["posted_per_s"]
            and trial["inbox_pending_at_end"] <= 0.5 * trial["posted_per_s"])


def bench_e2e(a):
    """Webhook in → rules → outbox → Send API request received by fake-graph, with 100
    accounts (a contact's replies are paced at 100/s per account by the policy, so one
    account could never reach the goal), distinct signed DMs, wrk, fake-graph and serve on
    the same machine.

    1. Overload: wrk posts as fast as serve acknowledges for --e2e-overload-seconds; the
       Send API rate meanwhile (ingest and processing share the cores).
    2. Ladder: paced runs of --e2e-step-seconds at rates rising by a fifth, from just under
       the overload rate (500/s at least), while they are sustained (sent ≥ 0.95 × posted,
       no inbox backlog).
    3. Sustained: --e2e-seconds at the highest sustained rate of the ladder: the figure,
       with the ack → send latency of its events."""
    accounts = account_ids(a.accounts)
    tokens = {acc: account_token(acc) for acc in accounts}
    rules = os.path.join(HERE, "rules", "ack")
    prefix = os.path.join(a.work, "e2e.bodies")
    write_bodies(prefix, dm_bodies(a.e2e_bodies, accounts, 50_000, "e2e"))
    result = {"date": now_iso(), "threads": THREADS, "accounts": a.accounts, "distinct_bodies": a.e2e_bodies,
              "warmup_s": a.e2e_warmup, "fsync_ms": round(fsync_ms(a.work), 2)}

    overload = e2e_trial(a, tokens, rules, prefix, "e2e-overload", a.e2e_overload_seconds)
    result["overload"] = overload
    log(f"e2e overload: posted {overload['posted_per_s']:.0f}/s, Send API requests {overload['sent_per_s']:.0f}/s, "
        f"serve used {overload['serve_cores']} cores")
    if overload["sent_per_s"] <= 0:
        raise SystemExit("e2e: no Send API request reached fake-graph; see the logs in " + a.work)

    ladder, best = [], None
    rate = max(500, int(overload["sent_per_s"] * 0.9 / 250) * 250)
    for _ in range(a.e2e_steps):
        trial = e2e_trial(a, tokens, rules, prefix, f"e2e-{rate}", a.e2e_step_seconds, rate)
        ladder.append(trial)
        ok = sustained(trial)
        log(f"e2e at {rate}/s offered: posted {trial['posted_per_s']:.0f}/s, sent {trial['sent_per_s']:.0f}/s, "
            f"inbox backlog {trial['inbox_pending_at_end']} → {'sustained' if ok else 'not sustained'}")
        if not ok:
            break
        best = rate
        rate = int(rate * 1.2 / 50) * 50
    result["ladder"] = ladder
    if best is None:
        best = ladder[0]["offered_per_s"] * 0.8
    final = e2e_trial(a, tokens, rules, prefix, "e2e-sustained", a.e2e_seconds, best)
    result["sustained"] = final
    result["sustained_ok"] = sustained(final)
    log(f"e2e sustained for {a.e2e_seconds} s at {best}/s offered: posted {final['posted_per_s']:.0f}/s, "
        f"sent {final['sent_per_s']:.0f}/s ({'sustained' if result['sustained_ok'] else 'NOT sustained'}); "
        f"ack → send p50 {final['p50_ms']} ms, p99 {final['p99_ms']} ms; serve used {final['serve_cores']} cores")
    result["events_per_s"] = final["sent_per_s"]
    result["p50_ms"] = final["p50_ms"]
    result["p99_ms"] = final["p99_ms"]
    result["unsent"] = final["events"] - final["sent"]
    write_out(a.out, result)


# ---------------------------------------------------------------------------------------
# 4. Viral burst


DEPTH_COLUMNS = [
    ("inbox_pending", 'luagram_inbox_bodies{state="pending"}'),
    ("inbox_done", 'luagram_inbox_bodies{state="done"}'),
    ("inbox_rejected", 'luagram_inbox_bodies{state="rejected"}'),
    ("outbox_pending", 'luagram_outbox_rows{state="pending"}'),
    ("outbox_sending", 'luagram_outbox_rows{state="sending"}'),
    ("outbox_sent", 'luagram_outbox_rows{state="sent"}'),
    ("outbox_refused", 'luagram_outbox_rows{state="refused"}'),
    ("outbox_failed", 'luagram_outbox_rows{state="failed"}'),
    ("events_processed", "luagram_events_processed_total"),
    ("messages_sent", "luagram_messages_sent_total"),
    ("sends_deferred", 'luagram_sends_total{outcome="deferred"}'),
]


class Sampler(threading.Thread):
    """GET /metrics and the RSS of serve every `interval` s, into a CSV."""

    def __init__(self, serve, path, interval=1.0):
        super().__init__(daemon=True)
        self.serve, self.path, self.interval = serve, path, interval
        self.rows = []
        self.stopping = threading.Event()
        self.started_at = time.monotonic()

    def run(self):
        with open(self.path, "w", newline="") as f:
            out = csv.writer(f)
            out.writerow(["t_s"] + [c for c, _ in DEPTH_COLUMNS] + ["rss_kib", "hwm_kib", "metrics_ms"])
            next_at = time.monotonic()
            while not self.stopping.is_set():
                asked = time.monotonic()
                m = self.serve.metrics()
                took = (time.monotonic() - asked) * 1000
                row = [round(asked - self.started_at, 2)] + [int(m.get(key, 0)) for _, key in DEPTH_COLUMNS]
                row += [self.serve.status("VmRSS"), self.serve.status("VmHWM"), round(took, 1)]
                out.writerow(row)
                f.flush()
                self.rows.append(dict(zip(["t_s"] + [c for c, _ in DEPTH_COLUMNS] + ["rss_kib", "hwm_kib", "metrics_ms"], row)))
                next_at += self.interval
                self.stopping.wait(max(0, next_at - time.monotonic()))

    def last(self):
        return self.rows[-1] if self.rows else {}

    def stop(self):
        self.stopping.set()
        self.join()


def bench_viral(a):
    """100,000 comment webhooks on one post, as fast as wrk sends them, to serve running a
    comment-to-DM rule; the bare route with the same bodies is the baseline."""
    work = a.work
    n = a.viral_comments
    ms = int(time.time() * 1000)
    prefix = os.path.join(work, "viral.bodies")
    write_bodies(prefix, [comment_body(i, ms) for i in range(n)])
    rules = os.path.join(HERE, "rules", "viral")
    tokens = {ACCOUNT: TOKEN}
    result = {"date": now_iso(), "comments": n, "threads": THREADS, "connections": CONNECTIONS}
    graph = FakeGraph(a.bin, work, tokens, "viral-graph")
    try:
        # the baseline: the same bodies, the same way, to the bare route of the same binary
        s = Serve(a.bin, work, "viral-bare", rules, tokens, graph.url)
        bare = wrk(s.url, "/bench/bare", prefix, a.viral_max_seconds, once=True)
        s.stop()
        remove_db(s.db)
        del bare["output"]
        result["bare"] = bare
        log(f"viral: the {bare['posts']} comment bodies to the bare route: {bare['wall_s']:.2f} s, "
            f"{bare['posts_per_s']:.0f}/s")

        s = Serve(a.bin, work, "viral", rules, tokens, graph.url)
        sampler = Sampler(s, a.csv)
        sampler.start()
        started = time.monotonic()
        burst = wrk(s.url, "/webhooks/instagram", prefix, a.viral_max_seconds, once=True)
        posted_s = time.monotonic() - started
        log(f"viral: {burst['posts']} comments posted in {burst['wall_s']:.2f} s = {burst['posts_per_s']:.0f}/s, "
            f"not 200: {burst['posts_failed']}, socket errors {burst['socket_errors']}")
        # until the inbox is drained, then a while longer to watch the outbox
        drained_s = None
        deadline = time.monotonic() + a.viral_drain
        while time.monotonic() < deadline:
            last = sampler.last()
            if last.get("inbox_pending", 1) == 0 and last.get("events_processed", 0) >= n and drained_s is None:
                drained_s = time.monotonic() - started
                deadline = min(deadline, time.monotonic() + a.viral_tail)
            time.sleep(0.5)
        sampler.stop()
        last = sampler.last()
        hwm = s.status("VmHWM")
        s.stop()
    finally:
        graph.stop()
    db = open_db(s.inbox)
    count, distinct, first, final = db.execute(
        "select count(*), count(distinct body), min(received_at), max(received_at) from inbox").fetchone()
    db.close()
    db = open_db(s.db)
    states = dict(db.execute("select state, count(*) from outbox group by state").fetchall())
    db.close()
    span = (final - first) / 1e6 if count else None
    del burst["output"]
    result.update({
        "bare_per_s": bare["posts_per_s"],
        "bare_seconds": bare["wall_s"],
        "wrk": burst,
        "ingest_seconds": burst["wall_s"],
        "ingest_per_s": burst["posts_per_s"],
        "posts_failed": burst["posts_failed"],
        "stored": count,
        "stored_distinct": distinct,
        # first to last received_at in the inbox
        "inbox_span_seconds": round(span, 2) if span else None,
        "processed_all_after_s": round(drained_s, 1) if drained_s is not None else None,
        "events_processed": last.get("events_processed"),
        "peak_rss_mib": round(hwm / 1024, 1) if hwm else None,
        "outbox_at_end": states,
        "messages_sent_at_end": last.get("messages_sent"),
        "observed_s": last.get("t_s"),
        "csv": os.path.relpath(a.csv, ROOT),
    })
    result["ratio"] = round(result["ingest_per_s"] / result["bare_per_s"], 3)
    log(f"viral: stored {count} ({distinct} distinct), first to last in {span:.1f} s; processed all after "
        f"{result['processed_all_after_s']} s; peak RSS {result['peak_rss_mib']} MiB; outbox at end {states}")
    remove_db(s.db)
    write_out(a.out, result)


# ---------------------------------------------------------------------------------------
# 4b. Viral burst on the virtual clock

SIM_T0 = 1_795_000_000_000  # 2026-11-18T11:06:40Z, in ms
WEEK = 7 * 24 * 3600.0


def iso_seconds(text):
    # "2026-11-18T11:06:40.000Z"
    from datetime import datetime, timezone

    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp()


def bench_viral_sim(a):
    """The burst through `luagram simulate` (see simulate_burst), twice: the viral burst as it
    happens (--viral-sim-comments delivered at once: all 100,000 can go within 7 days at 750
    an hour, 133 h, so none may expire), and a late delivery (--viral-late-comments written
    --viral-late-days before they reach the server: the tail must be refused as expired)."""
    result = {"date": now_iso(), "burst": simulate_burst(a, a.viral_sim_comments, 0, "burst")}
    if a.viral_late_comments > 0:
        result["late"] = simulate_burst(a, a.viral_late_comments, a.viral_late_days, "late")
    write_out(a.out, result)


def simulate_burst(a, n, late_days, tag):
    """Comment i at T0 + i × spacing, delivered `late_days` after T0, then {"tick"} lines
    every 15 minutes for 8 days. Checks the private replies against Meta's rules from the
    output lines and the database: ≤ 750 in any hour, in comment order, refused as
    private_reply_expired exactly when they would leave 7 days or more after their comment,
    none lost, none sent twice."""
    work = a.work
    spacing = a.viral_sim_spacing_ms
    late_ms = int(late_days * 86_400_000)
    comment_ms = [SIM_T0 + i * spacing for i in range(n)]
    input_path = os.path.join(work, f"viral-sim-{tag}.jsonl")
    start = SIM_T0 + late_ms
    with open(input_path, "wb") as f:
        if late_ms:
            f.write(json.dumps({"tick": start}).encode() + b"\n")
        for i in range(n):
            f.write(comment_body(i, comment_ms[i]) + b"\n")
        tick, end = start, SIM_T0 + 8 * 86_400_000 + late_ms
        while tick < end:
            tick += 15 * 60_000
            f.write(json.dumps({"tick": tick}).encode() + b"\n")
    # the simulation's database on tmpfs: its commits cost no disk flush (what is measured
    # is the pipeline on the virtual clock, not the disk)
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else work
    db_path = os.path.join(shm, f"luagram-bench-sim-{os.getpid()}-{tag}.db")
    remove_db(db_path)
    out_path = os.path.join(work, f"viral-sim-{tag}.out.jsonl")
    err_path = os.path.join(work, f"viral-sim-{tag}.err")
    rules = os.path.join(HERE, "rules", "viral")
    log(f"viral simulate ({tag}): {n} comments, delivered {late_days} days late, ticks for 8 days…")
    started = time.monotonic()
    before = os.times()
    hwm = 0
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen([os.path.join(a.bin, "luagram"), "simulate", "--rules", rules, "--db", db_path,
                                 input_path], stdout=out, stderr=err)
        STARTED.append(proc)
        code = None
        while True:
            try:
                code = proc.wait(1)
                break
            except subprocess.TimeoutExpired:
                try:
                    with open(f"/proc/{proc.pid}/status") as f:
                        hwm = max([hwm] + [int(l.split()[1]) for l in f if l.startswith("VmHWM:")])
                except OSError:
                    pass
                if time.monotonic() - started > a.viral_sim_timeout:
                    proc.kill()
                    proc.wait()
                    code = None
                    break
    wall = time.monotonic() - started
    after = os.times()
    result = {"comments": n, "spacing_ms": spacing, "late_days": late_days,
              "wall_s": round(wall, 1), "cpu_s": round((after.children_user - before.children_user)
                                                      + (after.children_system - before.children_system), 1),
              "max_rss_mib": round(hwm / 1024, 1), "finished": code == 0, "exit": code}
    if code != 0:
        result["error"] = (f"simulate did not finish within {a.viral_sim_timeout} s" if code is None else
                           open(err_path, errors="replace").read()[-2000:])
        log(f"viral simulate ({tag}): {result['error']}")
        remove_db(db_path)
        return result

    decided, due_sends, due_refusals, other_due = {}, {}, {}, 0
    with open(out_path) as f:
        for line in f:
            d = json.loads(line)
            if d.get("action") != "private_reply":
                continue
            event = d["event"]
            at = iso_seconds(d["at"])
            if d["phase"] == "decided":
                decided[event] = (d["verdict"], d.get("reason"), at)
            elif d["verdict"] == "send":
                due_sends.setdefault(event, []).append(at)
            elif d["verdict"] == "refuse":
                due_refusals.setdefault(event, []).append((d.get("reason"), at))
            else:
                other_due += 1
    db = open_db(db_path)
    states = dict(db.execute("select state, count(*) from outbox group by state").fetchall())
    reasons = dict(db.execute("select coalesce(reason, ''), count(*) from outbox where state = 'refused' group by reason").fetchall())
    sent_rows = dict(db.execute("select outbox_id, count(*) from messages where direction = 'out' and status = 'sent' group by outbox_id").fetchall())
    db.close()
    remove_db(db_path)

    comment_id = lambda i: str(18_000_000_000_000_000 + i)
    send_time, refused_at, refused_reason = {}, {}, {}
    twice = 0
    for i in range(n):
        e = comment_id(i)
        sends = due_sends.get(e, [])
        verdict = decided.get(e, (None, None, None))
        immediate = verdict[0] == "send" and not sends and e not in due_refusals
        times = sends + ([verdict[2]] if immediate else [])
        if len(times) > 1:
            twice += 1
        if times:
            send_time[i] = min(times)
        if e in due_refusals:
            refused_reason[i], refused_at[i] = due_refusals[e][0]
        elif verdict[0] == "refuse":
            refused_reason[i], refused_at[i] = verdict[1], verdict[2]
    # a decided "send" line with no later line is a send at decision time only if the row
    # went out: the database says how many did
    sent_in_db = states.get("sent", 0)
    both = sum(1 for i in send_time if i in refused_at)
    lost = n - len(set(send_time) | set(refused_at))
    times = sorted(send_time.values())
    import bisect

    max_hour = max((bisect.bisect_left(times, t + 3600) - k for k, t in enumerate(times)), default=0)
    # overtaken: comments sent after some later comment was sent
    overtaken, later_min = 0, float("inf")
    for i in range(n - 1, -1, -1):
        if i in send_time:
            if send_time[i] > later_min:
                overtaken += 1
            later_min = min(later_min, send_time[i])
    late_sends = sum(1 for i, t in send_time.items() if t - comment_ms[i] / 1000 >= WEEK)
    early_refusals = sum(1 for i, t in refused_at.items()
                         if refused_reason[i] == "private_reply_expired" and t - comment_ms[i] / 1000 < WEEK)
    expired = sum(1 for r in refused_reason.values() if r == "private_reply_expired")
    # the ideal: first come, first served, 750 in any hour, a reply 7 days late is refused
    ideal, expected_expired = [], 0
    for i in range(n):
        t = max(comment_ms[i] / 1000, start / 1000)
        if len(ideal) >= 750:
            t = max(t, ideal[-750] + 3600)
        if t - comment_ms[i] / 1000 >= WEEK:
            expected_expired += 1
        else:
            ideal.append(t)
    result.update({
        "private_replies_sent": len(send_time),
        "sent_in_db": sent_in_db,
        "refused_expired": expired,
        "refused_other": {r: sum(1 for x in refused_reason.values() if x == r) for r in set(refused_reason.values())
                          if r != "private_reply_expired"},
        "expected_expired": expected_expired,
        "lost": lost,
        "sent_twice": twice + sum(1 for c in sent_rows.values() if c > 1),
        "sent_and_refused": both,
        "max_per_hour": max_hour,
        "overtaken": overtaken,
        "sent_at_or_after_7_days": late_sends,
        "refused_expired_before_7_days": early_refusals,
        "first_send": times[0] - SIM_T0 / 1000 if times else None,
        "last_send_hours": round((times[-1] - SIM_T0 / 1000) / 3600, 2) if times else None,
        "ideal_last_send_hours": round((ideal[-1] - SIM_T0 / 1000) / 3600, 2) if ideal else None,
        "outbox_states": states,
        "refusal_reasons": reasons,
        "other_due_lines": other_due,
    })
    result["ok"] = (lost == 0 and result["sent_twice"] == 0 and both == 0 and max_hour <= 750 and overtaken == 0
                    and late_sends == 0 and early_refusals == 0 and expired == expected_expired
                    and sent_in_db == len(send_time) and states.get("pending", 0) == 0)
    log(f"viral simulate ({tag}): {n} comments in {wall:.0f} s; sent {len(send_time)}, refused expired {expired} "
        f"(ideal {expected_expired}), lost {lost}, sent twice {result['sent_twice']}, max per hour {max_hour}, "
        f"overtaken {overtaken}, last send after {result['last_send_hours']} h (ideal {result['ideal_last_send_hours']} h)")
    return result


# ---------------------------------------------------------------------------------------
# 5. Footprint


def key_values(text):
    values = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key] = value
    return values


RULE_TEMPLATE = """-- generated by scripts/bench (footprint): rule {n} of {count}
local KEYWORDS = {{ "{w1}", "{w2}", "{w3}", "offer {n}" }}
local ANSWERS = {{
  ["{w1}"] = "About {w1}: see https://shop.example/{n}/{w1}",
  ["{w2}"] = "About {w2}: see https://shop.example/{n}/{w2}",
}}

local function answer(found)
  return ANSWERS[found] or ("Thanks! Rule {n} got: " .. found)
end

on("message", function(ev)
  local found = text.matches(ev.text, KEYWORDS)
  if not found then return end
  local seen = ev.contact:get("seen_{n}") or 0
  ev.contact:set("seen_{n}", seen + 1)
  if seen == 0 then
    ev:reply({{ text = answer(found), quick_replies = {{ "More", "Talk to a person" }} }})
  end
  ev.contact:tag("rule-{n}")
end, {{ priority = {prio} }})

on("comment", function(ev)
  if ev.from_self or not text.matches(ev.text, {{ "{w1}" }}) then return end
  ev:private_reply("Rule {n}: " .. answer("{w1}"))
end)
"""

WORDS = ["price", "size", "shipping", "colour", "return", "stock", "discount", "gift", "hours", "address",
         "delivery", "refund", "exchange", "material", "warranty", "booking", "menu", "vegan", "parking", "sale"]


def write_rules(folder, count):
    os.makedirs(folder, exist_ok=True)
    for k in range(count):
        words = [WORDS[(k + j * 7) % len(WORDS)] for j in range(3)]
        with open(os.path.join(folder, f"rule_{k:02d}.lua"), "w") as f:
            f.write(RULE_TEMPLATE.format(n=k, count=count, w1=words[0], w2=words[1], w3=words[2], prio=k % 5))


def bench_footprint(a):
    work = a.work
    bench = os.path.join(a.bin, "luagram-bench")
    examples = os.path.join(ROOT, "examples", "rules")
    out = subprocess.run([bench, "footprint", examples, "4"], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"luagram-bench footprint failed:\n{out.stdout}{out.stderr}")
    fp = key_values(out.stdout)
    rules50 = os.path.join(work, "rules50")
    write_rules(rules50, a.reload_files)
    out = subprocess.run([bench, "reload", rules50, "20"], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"luagram-bench reload failed:\n{out.stdout}{out.stderr}")
    rl = key_values(out.stdout)

    # serve: spawn to the first 200 on /healthz (fresh database, the example rules)
    starts = []
    for k in range(a.startups):
        s = Serve(a.bin, work, f"startup-{k}", examples)
        starts.append(s.ready_after * 1000)
        s.stop()
        remove_db(s.db)
    # serve: a rule file touched → the "rules: reloaded" log line (the loop looks once a second)
    serve_reloads = []
    s = Serve(a.bin, work, "reload", rules50)
    try:
        for k in range(a.serve_reloads):
            size = os.path.getsize(s.log_path)
            with open(os.path.join(rules50, "rule_00.lua"), "a") as f:
                f.write(f"-- touched {k}\n")
            touched = time.monotonic()
            seen = None
            while time.monotonic() - touched < 10:
                with open(s.log_path, "rb") as f:
                    f.seek(size)
                    if b"rules: reloaded" in f.read():
                        seen = time.monotonic() - touched
                        break
                time.sleep(0.002)
            serve_reloads.append(round(seen * 1000, 1) if seen is not None else None)
            time.sleep(1.2)
    finally:
        s.stop()
        remove_db(s.db)
    result = {
        "date": now_iso(),
        "example_rule_files": int(fp["files"]),
        "example_handlers": int(fp["handlers"]),
        "vm_memory_kib": round(int(fp["vm_memory_bytes"]) / 1024, 1),
        "rss_first_vm_kib": int(fp["rss_first_vm_kib"]),
        "rss_per_further_vm_kib": float(fp.get("rss_per_further_vm_kib", "0")),
        "example_load_ms": float(fp["load_ms"]),
        "startup_ms": round(statistics.median(starts), 1),
        "startup_runs_ms": [round(x, 1) for x in starts],
        "reload_files": int(rl["files"]),
        "reload_handlers": int(rl["handlers"]),
        "reload_ms": float(rl["reload_ms_median"]),
        "reload_ms_min": float(rl["reload_ms_min"]),
        "reload_ms_max": float(rl["reload_ms_max"]),
        "serve_touch_to_reloaded_ms": serve_reloads,
    }
    log(f"footprint: VM with examples/rules {result['vm_memory_kib']} KiB (RSS +{result['rss_per_further_vm_kib']} KiB per "
        f"further VM); serve start-up {result['startup_ms']} ms; reload of {result['reload_files']} files "
        f"{result['reload_ms']} ms (serve: touch → log line {serve_reloads} ms)")
    write_out(a.out, result)


# ---------------------------------------------------------------------------------------
# Results and the final table


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"machine": f"{os.uname().machine}, {os.cpu_count()}", "cpu": cpu, "nproc": os.cpu_count(),
            "kernel": os.uname().release}


def merge(a):
    try:
        with open(a.results) as f:
            results = json.load(f)
    except (OSError, ValueError):
        results = {}
    date = now_iso()
    for pair in a.sections:
        name, _, path = pair.partition("=")
        with open(path) as f:
            section = json.load(f)
        section.setdefault("date", date)
        results[name] = section
    results.update({"date": date, **machine()})
    results["ran"] = a.ran
    order = ["date", "machine", "cpu", "nproc", "kernel", "ran", "dispatch", "ingest", "e2e", "viral", "viral_sim",
             "footprint"]
    ordered = {k: results[k] for k in order if k in results}
    ordered.update({k: v for k, v in results.items() if k not in ordered})
    write_out(a.results, ordered)


def table(results, ran=()):
    """(section, figure, value, baseline, ratio, goal, met) rows."""
    rows = []

    def add(section, figure, value, baseline="–", ratio=None, goal="–", met=None):
        rows.append((section, figure, value, baseline, "–" if ratio is None else f"{ratio:.3f}×", goal,
                     "–" if met is None else ("yes" if met else "NO")))

    num = lambda x, d=0: "–" if x is None else f"{x:,.{d}f}"
    d = results.get("dispatch")
    if d:
        add("dispatch", "rule dispatch, events/s (host)", num(d["host_events_per_s"]),
            f"{num(d['plain_lua_events_per_s'])} (plain lua5.4)", d["ratio"], "≥ 0.8×", d["ratio"] >= 0.8)
    i = results.get("ingest")
    if i:
        add("ingest", "durable ingest, requests/s", num(i["webhook_requests_per_s"]),
            f"{num(i['bare_requests_per_s'])} (bare route)", i["ratio"], "≥ 0.6×", i["ratio"] >= 0.6)
        add("ingest", "durable ingest p50, ms", num(i["webhook_p50_ms"], 2), f"{num(i['bare_p50_ms'], 2)} (bare)",
            i["webhook_p50_ms"] / i["bare_p50_ms"] if i["bare_p50_ms"] else None)
        add("ingest", "durable ingest p99, ms", num(i["webhook_p99_ms"], 2), f"{num(i['bare_p99_ms'], 2)} (bare)",
            i["webhook_p99_ms"] / i["bare_p99_ms"] if i["bare_p99_ms"] else None, "≤ 5 ms", i["webhook_p99_ms"] <= 5)
        add("ingest", "  acknowledged but not in the inbox", num(i.get("lost")), goal="0", met=i.get("lost") == 0)
        t = i.get("tmpfs_webhook")
        if t:
            add("ingest", "  diagnostic: database on tmpfs, requests/s", num(t["requests_per_s"]),
                f"{num(i['bare_requests_per_s'])} (bare)", t["requests_per_s"] / i["bare_requests_per_s"])
            add("ingest", "  diagnostic: database on tmpfs, p99 ms", num(t["p99_ms"], 2))
        add("ingest", "  diagnostic: disk fsync, ms", num(i.get("fsync_ms"), 2))
    e = results.get("e2e")
    if e:
        base = i["webhook_requests_per_s"] if i else None
        stale = " *" if ran and "e2e" in ran and "ingest" not in ran else ""
        add("e2e", "end to end, events/s sustained 30 s (webhook → Send API)", num(e["events_per_s"], 1),
            f"{num(base)} (durable ingest){stale}" if base else "–", e["events_per_s"] / base if base else None,
            "≥ 5,000/s", e["events_per_s"] >= 5000)
        add("e2e", "  ack → send p50, ms (at that rate)", num(e["p50_ms"], 1))
        add("e2e", "  ack → send p99, ms", num(e["p99_ms"], 1))
        add("e2e", "  events not sent after the drain", num(e.get("unsent")), goal="0", met=e.get("unsent") == 0)
        o = e["overload"]
        add("e2e", "  overloaded: Send API requests/s while posting flat out", num(o["sent_per_s"], 1),
            f"{num(o['posted_per_s'])} (posted)", o["sent_per_s"] / o["posted_per_s"] if o["posted_per_s"] else None)
        add("e2e", "  serve's CPU at the sustained rate, cores", num(e["sustained"]["serve_cores"], 2))
    v = results.get("viral")
    if v:
        add("viral", f"viral burst ingest, comments/s ({num(v['comments'])} comments)", num(v["ingest_per_s"]),
            f"{num(v['bare_per_s'])} (bare route)", v["ratio"], "≥ 0.5×", v["ratio"] >= 0.5)
        add("viral", "  time to ingest all, s", num(v["ingest_seconds"], 1), f"{num(v['bare_seconds'], 1)} (bare)")
        add("viral", "  stored in the inbox (distinct)", num(v["stored_distinct"]), goal=num(v["comments"]),
            met=v["stored_distinct"] == v["comments"])
        add("viral", "  time until all processed, s", num(v["processed_all_after_s"], 1))
        add("viral", "  peak RSS of serve, MiB", num(v["peak_rss_mib"], 1), goal="≤ 200 MB",
            met=v["peak_rss_mib"] is not None and v["peak_rss_mib"] * 1.048576 <= 200)
    sims = results.get("viral_sim") or {}
    for key, label in (("burst", "simulate"), ("late", "simulate, delivered late:")):
        s = sims.get(key)
        if not s:
            continue
        late = f" {s['late_days']:g} days late" if s.get("late_days") else ""
        if not s.get("finished"):
            add("viral_sim", f"simulate {num(s['comments'])} comments{late}", "did not finish", goal="finishes",
                met=False)
            continue
        add("viral_sim", f"simulate {num(s['comments'])} comments{late}, 8 virtual days: wall s", num(s["wall_s"], 1))
        add("viral_sim", "  private replies in any hour (max)", num(s["max_per_hour"]), "750 (Meta)", None, "≤ 750",
            s["max_per_hour"] <= 750)
        add("viral_sim", "  replies overtaken by a later comment's", num(s["overtaken"]), goal="0 (in order)",
            met=s["overtaken"] == 0)
        add("viral_sim", "  refused private_reply_expired", num(s["refused_expired"]),
            f"{num(s['expected_expired'])} (ideal queue)", None, "= ideal, none early",
            s["refused_expired"] == s["expected_expired"] and s["refused_expired_before_7_days"] == 0
            and s["sent_at_or_after_7_days"] == 0)
        add("viral_sim", "  lost / sent twice", f"{s['lost']} / {s['sent_twice']}", goal="0 / 0",
            met=s["lost"] == 0 and s["sent_twice"] == 0 and s["sent_and_refused"] == 0)
        add("viral_sim", "  last reply after, h", num(s["last_send_hours"], 1),
            f"{num(s['ideal_last_send_hours'], 1)} (ideal queue)")
        add("viral_sim", "  peak RSS of simulate, MiB", num(s["max_rss_mib"], 1))
    f = results.get("footprint")
    if f:
        add("footprint", f"memory per worker VM, KiB ({f['example_rule_files']} example rule files)",
            num(f["vm_memory_kib"], 1))
        add("footprint", "  RSS per further worker VM, KiB", num(f["rss_per_further_vm_kib"], 1))
        add("footprint", "serve start-up to first 200 on /healthz, ms", num(f["startup_ms"], 1))
        add("footprint", f"rule reload, {f['reload_files']} files, ms", num(f["reload_ms"], 2))
    return rows


def report(a):
    with open(a.results) as f:
        results = json.load(f)
    ran = set(a.ran or results.get("ran") or [])
    rows = table(results, ran)
    headers = ("figure", "value", "baseline", "ratio", "goal", "met?")
    body = []
    stale = False
    for section, *cells in rows:
        name = cells[0]
        if ran and section not in ran:
            name += " *"
            stale = True
        body.append((name, *cells[1:]))
    widths = [max(len(str(r[k])) for r in [headers] + body) for k in range(len(headers))]
    print()
    print(f"{results.get('date')}  {results.get('machine')} cores, {results.get('cpu')}, Linux {results.get('kernel')}")
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    print(line)
    print("-" * len(line))
    for r in body:
        print("  ".join((str(c).ljust(w) if k == 0 else str(c).rjust(w)) for k, (c, w) in enumerate(zip(r, widths))))
    if stale:
        print("* from an earlier run (its section's date in bench-results.json)")
    results["table"] = [dict(zip(["section"] + list(headers), r)) for r in rows]
    write_out(a.results, results)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("bench", choices=["ingest", "e2e", "viral", "viral-sim", "footprint", "merge", "report"])
    p.add_argument("--bin", help="the release build's bin folder")
    p.add_argument("--work", help="a scratch folder")
    p.add_argument("--out", help="where the benchmark writes its figures (JSON)")
    p.add_argument("--results", default=os.path.join(ROOT, "bench-results.json"))
    p.add_argument("--ran", nargs="*", default=None, help="the sections this run measured")
    p.add_argument("--section", dest="sections", action="append", default=[], help="NAME=FILE (merge)")
    p.add_argument("--rounds", type=int, default=2, help="ingest: rounds of bare + webhook")
    p.add_argument("--accounts", type=int, default=100)
    p.add_argument("--ingest-seconds", type=int, default=10)
    p.add_argument("--ingest-bodies", type=int, default=40_000)
    p.add_argument("--e2e-seconds", type=int, default=30, help="the sustained run")
    p.add_argument("--e2e-overload-seconds", type=int, default=15)
    p.add_argument("--e2e-step-seconds", type=int, default=12, help="each paced run of the ladder")
    p.add_argument("--e2e-steps", type=int, default=12, help="at most this many paced runs")
    p.add_argument("--e2e-warmup", type=float, default=4)
    p.add_argument("--e2e-bodies", type=int, default=300_000)
    p.add_argument("--e2e-drain", type=float, default=60)
    p.add_argument("--viral-comments", type=int, default=100_000)
    p.add_argument("--viral-max-seconds", type=int, default=900)
    p.add_argument("--viral-drain", type=float, default=600, help="s to wait after the burst for the inbox to drain")
    p.add_argument("--viral-tail", type=float, default=30, help="s to keep sampling after the inbox drained")
    p.add_argument("--csv", default=os.path.join(HERE, "viral-depths.csv"))
    p.add_argument("--viral-sim-comments", type=int, default=100_000)
    p.add_argument("--viral-sim-spacing-ms", type=int, default=10)
    p.add_argument("--viral-late-comments", type=int, default=20_000, help="0: no late-delivery simulation")
    p.add_argument("--viral-late-days", type=float, default=6)
    p.add_argument("--viral-sim-timeout", type=int, default=7200)
    p.add_argument("--reload-files", type=int, default=50)
    p.add_argument("--startups", type=int, default=5)
    p.add_argument("--serve-reloads", type=int, default=3)
    a = p.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still stop what was started
    if a.bench == "merge":
        return merge(a)
    if a.bench == "report":
        return report(a)
    if not (a.bin and a.work and a.out):
        p.error("--bin, --work and --out are needed")
    a.bin, a.work, a.out = os.path.abspath(a.bin), os.path.abspath(a.work), os.path.abspath(a.out)
    {"ingest": bench_ingest, "e2e": bench_e2e, "viral": bench_viral, "viral-sim": bench_viral_sim,
     "footprint": bench_footprint}[a.bench](a)


if __name__ == "__main__":
    main()

"""`luagram serve` and `fake-graph` started from the release build, stopped at exit."""

import atexit
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

from ..ports import free_port


def http_get(url, timeout=2):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (TimeoutError, urllib.error.URLError, ConnectionError, OSError):
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
        args = [
            os.path.join(bin_dir, "luagram"),
            "serve",
            "--dev",
            "--bench-routes",
            "--db",
            self.db,
            "--rules",
            rules,
            "--port",
            str(self.port),
        ]
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
    def __init__(self, bin_dir, work, tokens, name="graph", extra=()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(work, f"{name}.jsonl")
        self.out_path = os.path.join(work, f"{name}.out")
        args = [os.path.join(bin_dir, "fake-graph"), "--port", str(self.port), "--log", self.log_path, "--token"]
        args += [f"{a}={t}" for a, t in tokens.items()]
        args += list(extra)
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

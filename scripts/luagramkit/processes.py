"""`luagram serve` and `fake-graph`: their command lines, waiting until they answer, and
stopping them. One implementation for the benchmarks (`Serve`, `FakeGraph`: started here,
stopped at exit) and the bash drills, which run it as a module so that the process they
start stays their own child (scripts/drills/lib.sh):

  python3 -m luagramkit.processes exec-serve BIN DB RULES PORT GRAPH_URL [--token A=T]... [-- serve options...]
      becomes `luagram serve --dev ...` (exec: same pid, so the caller can wait for its status)
  python3 -m luagramkit.processes wait-serve URL PID [TIMEOUT]
      exits 0 once URL/healthz answers 200, 1 if PID exits first or TIMEOUT seconds pass
  python3 -m luagramkit.processes exec-fake-graph BIN LOG [fake-graph options...]
      becomes `fake-graph --port 0 --log LOG ...`
  python3 -m luagramkit.processes wait-fake-graph OUT PID [TIMEOUT]
      prints the URL fake-graph says it listens on (in its output file OUT), or exits 1
"""

import atexit
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from .ports import free_port


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


def serve_command(bin_dir, db, rules, port, graph_url=None, extra=()):
    """The command line of `luagram serve --dev` on 127.0.0.1:port."""
    args = [os.path.join(bin_dir, "luagram"), "serve", "--dev", "--db", db, "--rules", rules, "--port", str(port)]
    if graph_url:
        args += ["--graph-url", graph_url]
    return args + list(extra)


def serve_environment(tokens, clean=False):
    """This process's environment with serve's access tokens; clean: without an app secret or
    an agent token set outside (so that unsigned posts and no agent API are what is measured)."""
    env = dict(os.environ)
    if clean:
        env.pop("LUAGRAM_APP_SECRET", None)
        env.pop("LUAGRAM_AGENT_TOKEN", None)
    env["LUAGRAM_ACCESS_TOKENS"] = ",".join(f"{a}={t}" for a, t in (tokens or {}).items())
    return env


def fake_graph_command(bin_dir, port, log, extra=()):
    return [os.path.join(bin_dir, "fake-graph"), "--port", str(port), "--log", log] + list(extra)


def wait_healthy(url, alive, timeout, every):
    """Polls url/healthz until it answers 200: True, or False once alive() is false or after
    timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            return False
        status, _ = http_get(url + "/healthz", timeout=1)
        if status == 200:
            return True
        time.sleep(every)
    return False


LISTENING = re.compile(r"^fake-graph listening on (http\S*)", re.MULTILINE)


def wait_listening(out_path, alive, timeout, every=0.02):
    """The URL fake-graph writes into its output once it listens, or None if it exits first
    or does not say within timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(out_path, errors="replace") as f:
            found = LISTENING.search(f.read())
        if found:
            return found.group(1)
        if not alive():
            return None
        time.sleep(every)
    return None


def pid_alive(pid):
    """Whether process pid runs (an exited one its parent has not waited for yet does not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Serve:
    """One `luagram serve --dev` on a free port, with its log in the work folder."""

    def __init__(self, bin_dir, work, name, rules, tokens=None, graph_url=None, extra=()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db = os.path.join(work, f"{name}.db")
        self.inbox = self.db + "-inbox"  # the raw webhook bodies, in a file of their own
        self.log_path = os.path.join(work, f"{name}.serve.log")
        env = serve_environment(tokens, clean=True)
        args = serve_command(bin_dir, self.db, rules, self.port, graph_url, ["--bench-routes", *extra])
        self.log_file = open(self.log_path, "wb")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(args, stdout=self.log_file, stderr=subprocess.STDOUT, cwd=work, env=env)
        STARTED.append(self.proc)
        self.ready_after = self.wait_ready()

    def wait_ready(self, timeout=60):
        """Seconds from the spawn to the first 200 on /healthz."""
        remaining = timeout - (time.monotonic() - self.started)
        if wait_healthy(self.url, lambda: self.proc.poll() is None, remaining, every=0.002):
            return time.monotonic() - self.started
        if self.proc.poll() is not None:
            raise SystemExit(f"serve exited at start (see {self.log_path}):\n" + open(self.log_path).read()[-2000:])
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
        args = fake_graph_command(
            bin_dir, self.port, self.log_path, ["--token", *(f"{a}={t}" for a, t in tokens.items()), *extra]
        )
        self.out = open(self.out_path, "wb")
        self.proc = subprocess.Popen(args, stdout=self.out, stderr=subprocess.STDOUT)
        STARTED.append(self.proc)
        if wait_listening(self.out_path, lambda: self.proc.poll() is None, 30) is None:
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


def _exec(args, env=None):
    """Becomes args[0]: the same pid, so the shell that started this waits for the program
    itself. Python ignores SIGPIPE, which an exec would pass on: the default comes back."""
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    os.execve(args[0], args, env if env is not None else os.environ)


def main(argv):
    command, rest = argv[0], argv[1:]
    if command == "exec-serve":
        bin_dir, db, rules, port, graph_url, *more = rest
        tokens = {}
        while more and more[0] == "--token":
            account, _, token = more[1].partition("=")
            tokens[account] = token
            more = more[2:]
        if more and more[0] == "--":
            more = more[1:]
        _exec(serve_command(bin_dir, db, rules, port, graph_url, more), serve_environment(tokens))
    elif command == "exec-fake-graph":
        bin_dir, log, *more = rest
        _exec(fake_graph_command(bin_dir, 0, log, more))
    elif command == "wait-serve":
        url, pid, *timeout = rest
        return 0 if wait_healthy(url, lambda: pid_alive(int(pid)), float(*timeout or [60]), every=0.1) else 1
    elif command == "wait-fake-graph":
        out, pid, *timeout = rest
        url = wait_listening(out, lambda: pid_alive(int(pid)), float(*timeout or [10]), every=0.05)
        if url is None:
            return 1
        print(url)
        return 0
    else:
        sys.exit(f"unknown command {command!r}: exec-serve, wait-serve, exec-fake-graph or wait-fake-graph")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

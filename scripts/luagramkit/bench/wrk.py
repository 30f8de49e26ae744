"""wrk with post.lua, and its output read back as figures."""

import os
import re
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

from ..processes import STARTED
from .common import CONNECTIONS, POST_LUA, THREADS

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
    args = [
        "wrk",
        f"-t{THREADS}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={timeout}",
        "--latency",
        "-s",
        POST_LUA,
        url,
        "--",
        path,
        prefix,
    ]
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


def split_body_files(prefix, parts):
    """The body files of `prefix` dealt round robin into `parts` sets of their own
    (PREFIX.of{parts}.k.<n>), so that wrk processes aimed at different nodes never post the
    same body: a duplicate would be one event for two posts. One part: `prefix` itself."""
    if parts == 1:
        return [prefix]
    prefixes = [f"{prefix}.of{parts}.{k}" for k in range(parts)]
    for n in range(THREADS):
        outs = [open(f"{p}.{n}", "wb") for p in prefixes]
        try:
            with open(f"{prefix}.{n}", "rb") as f:
                for index, line in enumerate(f):
                    outs[index % parts].write(line)
        finally:
            for out in outs:
                out.close()
    return prefixes


SUMMED = ("requests", "non_2xx", "socket_errors", "requests_per_s", "posts", "posts_failed", "posts_per_s")


def combine_wrk(results):
    """One figure of wrk runs that loaded several nodes at once: counts and rates add up;
    wrk reports percentiles, not its histogram, so a latency percentile is the worst of the
    runs' (an upper bound of the true one), and the wall time the longest."""
    if len(results) == 1:
        return dict(results[0])
    out = {"wall_s": max(r["wall_s"] for r in results), "output": "\n".join(r.get("output", "") for r in results)}
    for key in SUMMED:
        values = [r.get(key) for r in results]
        if any(v is not None for v in values):
            out[key] = round(sum(v or 0 for v in values), 1) if key.endswith("_per_s") else sum(v or 0 for v in values)
    for key in ("p50_ms", "p75_ms", "p90_ms", "p99_ms"):
        values = [r.get(key) for r in results if r.get(key) is not None]
        out[key] = max(values) if values else None
    out["per_node"] = [{k: v for k, v in r.items() if k != "output"} for r in results]
    return out


def wrk_spread(urls, path, prefixes, seconds, connections=CONNECTIONS, **options):
    """wrk against every URL at once, one process each with an equal share of the
    connections (so the offered load, paced per connection, is the same in total) and its
    own bodies (`prefixes`, from split_body_files); their figures combined."""
    if len(urls) == 1:
        return wrk(urls[0], path, prefixes[0], seconds, connections=connections, **options)
    share = max(THREADS, connections // len(urls))
    with ThreadPoolExecutor(len(urls)) as pool:
        runs = [
            pool.submit(wrk, url, path, prefix, seconds, connections=share, **options)
            for url, prefix in zip(urls, prefixes, strict=True)
        ]
        return combine_wrk([r.result() for r in runs])

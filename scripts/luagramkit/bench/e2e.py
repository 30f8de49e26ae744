"""3. End to end: webhook in to Send API request received, measured by packet capture."""

import json
import os
import re
import signal
import struct
import subprocess
import time

from ..postgres import postgres_url, redact
from ..processes import STARTED, FakeGraph
from .bodies import account_ids, account_token, dm_bodies, write_bodies
from .common import CONNECTIONS, LOAD, THREADS, log, now_iso, percentile, write_out
from .deployment import (
    MACHINE,
    PostgresBackend,
    SqliteBackend,
    cpu_delta,
    per_thousand,
    serve_has_node_option,
    serve_seconds,
)
from .pgserver import server_settings
from .store import fsync_ms
from .wrk import wrk_spread

SQLITE = SqliteBackend()


class Capture:
    """tcpdump of what reaches fake-graph: the time each Send API request arrived."""

    def __init__(self, port, path):
        self.path = path
        self.err_path = path + ".err"
        self.err = open(self.err_path, "wb")
        self.proc = subprocess.Popen(
            [
                "tcpdump",
                "-i",
                "lo",
                "-n",
                "-s",
                "4096",
                "-B",
                "32768",
                "--immediate-mode",
                "-U",
                "-w",
                path,
                f"tcp dst port {port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=self.err,
        )
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
            payload = tcp[(tcp[12] >> 4) * 4 :] if len(tcp) > 12 else b""
            if not payload:
                continue
            at = sec + frac * scale
            for m in ACK_MID.finditer(payload):
                seen.setdefault(m.group(1).decode(), at)
    return seen


PACED_CONNECTIONS = 128  # wrk paces per connection (one request, then its delay): many
# connections make the offered rate fine-grained


def e2e_trial(a, tokens, rules, prefix, name, seconds, rate=None, profiles=False, backend=SQLITE):
    """One run on a fresh deployment of `backend` (SQLite by default) and fake-graph: wrk
    posts for `seconds`, unpaced (rate None: as fast as serve acknowledges) or paced at
    about `rate` events/s, spread evenly over the nodes; the Send API requests fake-graph
    receives are timed from a packet capture. Returns the posted and sent rates (sent counted
    in the window after the warm-up), each event's latency from its body's received_at in
    the inbox (stamped before the group commit that acknowledges it) to the capture's time
    of the Send API request carrying its id, and the CPU each process used per 1,000 events
    acknowledged, from the start of the posts to the end of the drain.

    profiles: serve asks the User Profile API for each new contact's name before the rules
    run, and fake-graph answers every contact (--profiles); otherwise lookups are off."""
    work = a.work
    graph = FakeGraph(a.bin, work, tokens, f"{name}-graph", extra=["--profiles"] if profiles else [])
    d = backend.start(a, work, name, rules, tokens, graph.url, extra=[] if profiles else ["--no-profile-lookups"])
    capture = Capture(graph.port, os.path.join(work, f"{name}.pcap"))
    delay_ms = max(1, round(PACED_CONNECTIONS * 1000 / rate)) if rate else None
    cpu0, m0, t0 = d.cpu(), time.monotonic(), time.time()
    res = wrk_spread(
        d.urls,
        "/webhooks/instagram",
        backend.prefixes(prefix),
        seconds,
        delay_ms=delay_ms,
        connections=PACED_CONNECTIONS if rate else CONNECTIONS,
    )
    t1, m1, cpu1 = time.time(), time.monotonic(), d.cpu()
    metrics = d.metrics()
    pending_at_end = int(metrics.get('luagram_inbox_bodies{state="pending"}', 0))
    queued_at_end = int(metrics.get('luagram_outbox_rows{state="pending"}', 0))
    if rate:
        # paced: let what is in flight go out, so every event of the run has its latency
        deadline = time.monotonic() + a.e2e_drain
        while time.monotonic() < deadline:
            m = d.metrics()
            if (
                m
                and m.get('luagram_inbox_bodies{state="pending"}', 0) == 0
                and m.get('luagram_outbox_rows{state="pending"}', 0) + m.get('luagram_outbox_rows{state="sending"}', 0)
                == 0
            ):
                break
            time.sleep(0.2)
    cpu2, m2 = d.cpu(), time.monotonic()
    dropped = capture.stop()
    d.stop()
    graph.stop()
    sends = pcap_sends(capture.path)
    try:
        received = d.received_times()
    except (RuntimeError, OSError) as e:
        log(f"  {name}: cannot read the inbox's receive times, so no latencies: {e}")
        received = {}
    d.remove()
    in_window = [t for t in sends.values() if t0 + a.e2e_warmup <= t <= t1]
    sent_rate = len(in_window) / max(1e-9, t1 - t0 - a.e2e_warmup)
    latencies = sorted((sends[mid] - t) * 1000 for mid, t in received.items() if mid in sends)
    del res["output"]
    acknowledged = (res.get("requests") or 0) - res["non_2xx"]
    used = cpu_delta(cpu0, cpu2)
    return {
        "backend": backend.label,
        "offered_per_s": rate,
        "delay_ms": delay_ms,
        "seconds": seconds,
        "wrk": res,
        "posted_per_s": res["requests_per_s"],
        "sent_per_s": round(sent_rate, 1),
        "sends_in_window": len(in_window),
        "events": len(received),
        "sent": len(latencies),
        "inbox_pending_at_end": pending_at_end,
        "outbox_pending_at_end": queued_at_end,
        "serve_cores": round(serve_seconds(cpu_delta(cpu0, cpu1)) / max(1e-9, m1 - m0), 2),
        "cpu_s": used,
        "cpu_window_s": round(m2 - m0, 2),
        "acknowledged": acknowledged,
        "cpu_s_per_1000": per_thousand(used, acknowledged),
        "capture_dropped": dropped,
        "p50_ms": round(percentile(latencies, 50), 2) if latencies else None,
        "p90_ms": round(percentile(latencies, 90), 2) if latencies else None,
        "p99_ms": round(percentile(latencies, 99), 2) if latencies else None,
    }


def sustained(trial):
    """Kept up: sent as fast as posted, with no backlog building in the inbox."""
    return (
        trial["sent_per_s"] >= 0.95 * trial["posted_per_s"]
        and trial["inbox_pending_at_end"] <= 0.5 * trial["posted_per_s"]
    )


def e2e_search(a, tokens, rules, prefix, backend=SQLITE, tag="e2e"):
    """The highest rate a deployment of `backend` sustains, found as bench_e2e says (steps 1
    to 3); its figures: overload, ladder, sustained and the sustained run's summary."""
    who = tag if backend is SQLITE else f"{tag} [{backend.label}]"
    result = {"backend": backend.label, "nodes": backend.nodes}
    overload = e2e_trial(a, tokens, rules, prefix, f"{tag}-overload", a.e2e_overload_seconds, backend=backend)
    result["overload"] = overload
    log(
        f"{who} overload: posted {overload['posted_per_s']:.0f}/s, Send API requests {overload['sent_per_s']:.0f}/s, "
        f"serve used {overload['serve_cores']} cores"
    )
    if overload["sent_per_s"] <= 0:
        raise SystemExit(f"{who}: no Send API request reached fake-graph; see the logs in " + a.work)

    ladder, best = [], None
    rate = max(500, int(overload["sent_per_s"] * 0.9 / 250) * 250)
    for _ in range(a.e2e_steps):
        trial = e2e_trial(a, tokens, rules, prefix, f"{tag}-{rate}", a.e2e_step_seconds, rate, backend=backend)
        ladder.append(trial)
        ok = sustained(trial)
        log(
            f"{who} at {rate}/s offered: posted {trial['posted_per_s']:.0f}/s, sent {trial['sent_per_s']:.0f}/s, "
            f"inbox backlog {trial['inbox_pending_at_end']} → {'sustained' if ok else 'not sustained'}"
        )
        if not ok:
            break
        best = rate
        rate = int(rate * 1.2 / 50) * 50
    result["ladder"] = ladder
    if best is None:
        best = ladder[0]["offered_per_s"] * 0.8
    final = e2e_trial(a, tokens, rules, prefix, f"{tag}-sustained", a.e2e_seconds, best, backend=backend)
    result["sustained"] = final
    result["sustained_ok"] = sustained(final)
    log(
        f"{who} sustained for {a.e2e_seconds} s at {best}/s offered: posted {final['posted_per_s']:.0f}/s, "
        f"sent {final['sent_per_s']:.0f}/s ({'sustained' if result['sustained_ok'] else 'NOT sustained'}); "
        f"ack → send p50 {final['p50_ms']} ms, p99 {final['p99_ms']} ms; serve used {final['serve_cores']} cores; "
        f"CPU s per 1,000 events {cpu_text(final['cpu_s_per_1000'])}"
    )
    result["events_per_s"] = final["sent_per_s"]
    result["p50_ms"] = final["p50_ms"]
    result["p99_ms"] = final["p99_ms"]
    result["unsent"] = final["events"] - final["sent"]
    return result


def cpu_text(per_process):
    return ", ".join(f"{k} {'–' if v is None else f'{v:.3f}'}" for k, v in per_process.items())


def e2e_setup(a):
    """The accounts, their tokens, the replying rules and the signed DM bodies (written once)."""
    accounts = account_ids(a.accounts)
    tokens = {acc: account_token(acc) for acc in accounts}
    rules = os.path.join(LOAD, "rules", "ack")
    prefix = os.path.join(a.work, "e2e.bodies")
    if not os.path.exists(f"{prefix}.0"):
        write_bodies(prefix, dm_bodies(a.e2e_bodies, accounts, 50_000, "e2e"))
    return tokens, rules, prefix


def e2e_header(a):
    """What every end-to-end result records about how it was run."""
    return {
        "date": now_iso(),
        "threads": THREADS,
        "accounts": a.accounts,
        "distinct_bodies": a.e2e_bodies,
        "warmup_s": a.e2e_warmup,
        "fsync_ms": round(fsync_ms(a.work), 2),
    }


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
    tokens, rules, prefix = e2e_setup(a)
    result = e2e_header(a)
    found = e2e_search(a, tokens, rules, prefix)
    del found["backend"], found["nodes"]
    result.update(found)
    final, best = found["sustained"], found["sustained"]["offered_per_s"]

    # The same sustained run with profile lookups on, fake-graph answering every contact: each
    # distinct DM is a new contact, so every event asks once (paced per account), the worst case.
    profiled = e2e_trial(a, tokens, rules, prefix, "e2e-profiles", a.e2e_seconds, best, profiles=True)
    result["profiles_on"] = profiled
    result["profiles_on_ok"] = sustained(profiled)
    log(
        f"e2e with profile lookups at {best}/s offered: posted {profiled['posted_per_s']:.0f}/s, "
        f"sent {profiled['sent_per_s']:.0f}/s ({'sustained' if result['profiles_on_ok'] else 'NOT sustained'}); "
        f"ack → send p50 {profiled['p50_ms']} ms, p99 {profiled['p99_ms']} ms (without: {final['sent_per_s']:.0f}/s, "
        f"p50 {final['p50_ms']} ms, p99 {final['p99_ms']} ms)"
    )
    write_out(a.out, result)


GOAL_PG1 = 0.7  # one node on PostgreSQL against SQLite, end to end


def bench_e2e_pg(a):
    """The end-to-end search of bench_e2e (steps 1 to 3, no profile run) on PostgreSQL with
    one node and with two (the load spread evenly over their ports), beside SQLite's figure
    of the same invocation: the e2e section's (--sqlite-e2e) when it ran just before, else
    measured here. Also what each process spent per event, and what bound the rate."""
    url, settings = postgres_setup(a)
    tokens, rules, prefix = e2e_setup(a)
    result = e2e_header(a) | {"postgres": settings, "nproc": os.cpu_count()}
    earlier = read_json(a.sqlite_e2e)
    if earlier and "sustained" in earlier:
        log(f"e2e-pg: SQLite's figure from the e2e section of this run ({a.sqlite_e2e})")
        keys = ("events_per_s", "p50_ms", "p99_ms", "unsent", "sustained", "overload", "ladder")
        sqlite = {k: earlier[k] for k in keys if k in earlier}
        sqlite["source"] = "the e2e section of this run"
    else:
        sqlite = e2e_search(a, tokens, rules, prefix, SQLITE, "e2epg-sqlite")
        sqlite["source"] = "measured in e2e-pg"
    if "cpu_s" in sqlite["sustained"]:
        sqlite["limit"] = limit_note(limiting_trial(sqlite), os.cpu_count())
        log(f"e2e-pg [SQLite]: {sqlite['limit']}")
    result["sqlite"] = sqlite
    for key, nodes in (("pg1", 1), ("pg2", 2)):
        backend = PostgresBackend(url, nodes, settle=a.pg_settle, pool=a.pg_pool)
        if backend.server_cpu.pid is None:
            log("e2e-pg: the PostgreSQL server's processes are not on this machine (or not found): no CPU for them")
        found = e2e_search(a, tokens, rules, prefix, backend, f"e2epg-{nodes}n")
        found["limit"] = limit_note(limiting_trial(found), os.cpu_count())
        log(f"e2e-pg [{backend.label}]: {found['limit']}")
        result[key] = found
        if sqlite["events_per_s"]:
            result[f"ratio_{key}"] = round(found["events_per_s"] / sqlite["events_per_s"], 3)
    result["goal_pg1"] = GOAL_PG1
    result["goal_met"] = result.get("ratio_pg1", 0) >= GOAL_PG1
    write_out(a.out, result)


def read_json(path):
    if not path:
        return None
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def postgres_setup(a):
    """The server's URL (LUAGRAM_TEST_DATABASE_URL or a throwaway one, stopped at exit) and
    its settings; exits if this build's serve has no cluster mode."""
    if not serve_has_node_option(a.bin):
        log(SKIPPED)
        raise SystemExit(0)
    url = postgres_url()
    settings = server_settings(url)
    log(
        f"PostgreSQL: {settings.get('url', redact(url))}, "
        + ", ".join(f"{k} {v}" for k, v in settings.items() if k != "url")
    )
    return url, settings


SKIPPED = "skipped: serve has no --node (PostgreSQL not built)"


def limiting_trial(found):
    """The trial that shows what stops a higher rate: the ladder's step that was not
    sustained, else (the ladder ran out of steps) the overload run."""
    ladder = found.get("ladder") or []
    if ladder and not sustained(ladder[-1]):
        return ladder[-1]
    return found["overload"]


def limit_note(trial, nproc):
    """What most likely bound a sustained trial's rate, from the CPU its processes and the
    whole machine used over the trial (a guess: the figures say what was busy, not why)."""
    used, window = trial.get("cpu_s") or {}, trial.get("cpu_window_s") or 0
    if not window:
        return "unknown (no CPU figures)"
    cores = {k: v / window for k, v in used.items() if v is not None}
    machine = cores.pop(MACHINE, None)
    ours = ", ".join(f"{k} {v:.2f}" for k, v in cores.items())
    if machine is None:
        return f"cores used: {ours}"
    rest = machine - sum(cores.values())  # wrk, fake-graph, tcpdump, and whatever else runs
    text = f"cores used of {nproc}: {ours}, everything else {max(0.0, rest):.2f}"
    at = f" at {trial['offered_per_s']:g}/s offered" if trial.get("offered_per_s") else ""
    if machine >= 0.85 * nproc:
        top = max(cores, key=cores.get) if cores else "?"
        return f"CPU-bound{at}: the machine was {machine / nproc:.0%} busy, {top} the largest ({text})"
    return f"not CPU-bound{at}: the machine was {machine / nproc:.0%} busy, so waits (commits, locks) ({text})"

"""2. Durable ingest: signed 1 KB webhooks vs the bare route of the same binary."""

import os
import shutil
import statistics
import time

from ..processes import FakeGraph
from .bodies import account_ids, account_token, dm_bodies, write_bodies
from .common import CONNECTIONS, LOAD, THREADS, log, now_iso, write_out
from .deployment import MACHINE, PostgresBackend, SqliteBackend, cpu_delta, per_thousand, serve_seconds
from .e2e import cpu_text, limit_note, postgres_setup
from .store import fsync_ms
from .wrk import wrk_spread

SQLITE = SqliteBackend()


def ingest_run(a, work, name, rules, tokens, graph_url, prefix, kind="webhook", backend=SQLITE, remove=True):
    """One wrk run of --ingest-seconds on a fresh deployment (a new database): to the bare
    route or the webhook route, the load spread evenly over the nodes; wrk's figures, the
    cores serve used, the CPU of each process per 1,000 requests acknowledged, and for
    webhooks how many bodies the inbox holds."""
    d = backend.start(a, work, name, rules, tokens, graph_url)
    path = "/bench/bare" if kind == "bare" else "/webhooks/instagram"
    cpu0, m0 = d.cpu(), time.monotonic()
    res = wrk_spread(d.urls, path, backend.prefixes(prefix), a.ingest_seconds)
    m1, cpu1 = time.monotonic(), d.cpu()
    d.stop()
    used = cpu_delta(cpu0, cpu1)
    res["serve_cores"] = round(serve_seconds(used) / max(1e-9, m1 - m0), 2)
    res["acknowledged"] = res["requests"] - res["non_2xx"]
    res["cpu_s"], res["cpu_window_s"] = used, round(m1 - m0, 2)
    res["cpu_s_per_1000"] = per_thousand(used, res["acknowledged"])
    if kind == "webhook":
        try:
            res["stored"] = d.stored()
        except (RuntimeError, OSError) as e:
            log(f"  {name}: cannot count the inbox's bodies: {e}")
            res["stored"] = None
    if remove:
        d.remove()
    del res["output"]
    return res


def lost(run):
    """Bodies acknowledged but not in the inbox (None if the inbox could not be counted)."""
    if run.get("stored") is None:
        return None
    return max(0, run["acknowledged"] - run["stored"])


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
    rules = os.path.join(LOAD, "rules", "ack")
    graph = FakeGraph(a.bin, work, tokens, "ingest-graph")
    fsync_before = fsync_ms(work)
    rounds = []
    result = {
        "date": now_iso(),
        "threads": THREADS,
        "connections": CONNECTIONS,
        "seconds": a.ingest_seconds,
        "body_bytes": 1024,
        "distinct_bodies": a.ingest_bodies,
        "accounts": a.accounts,
    }
    try:
        for r in range(a.rounds):
            row = {}
            for kind in ("bare", "webhook") if r % 2 == 0 else ("webhook", "bare"):
                res = ingest_run(a, work, f"ingest-{kind}-{r}", rules, tokens, graph.url, prefix, kind)
                row[kind] = res
                log(
                    f"ingest round {r + 1}/{a.rounds} {kind}: {res['requests_per_s']:.0f} req/s, "
                    f"p50 {res['p50_ms']:.2f} ms, p99 {res['p99_ms']:.2f} ms, non-2xx {res['non_2xx']}, "
                    f"socket errors {res['socket_errors']}, serve used {res['serve_cores']} cores"
                    + (f", stored {res['stored']} of {res['acknowledged']} acknowledged" if kind == "webhook" else "")
                )
            rounds.append(row)
        # Diagnostic: the same, with the database on tmpfs, where a durable commit costs no
        # disk flush: what the request path does when the disk is not what it waits for.
        shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
        if shm:
            shm_work = os.path.join(shm, f"luagram-bench-{os.getpid()}")
            os.makedirs(shm_work, exist_ok=True)
            try:
                res = ingest_run(a, shm_work, "ingest-tmpfs", rules, tokens, graph.url, prefix, remove=False)
                result["tmpfs_webhook"] = res
                log(
                    f"ingest, database on tmpfs (diagnostic): {res['requests_per_s']:.0f} req/s, "
                    f"p50 {res['p50_ms']:.2f} ms, p99 {res['p99_ms']:.2f} ms, serve used {res['serve_cores']} cores"
                )
            finally:
                shutil.rmtree(shm_work, ignore_errors=True)
    finally:
        graph.stop()

    def med(kind, key):
        return statistics.median(r[kind][key] for r in rounds)

    result.update(
        {
            "webhook_requests_per_s": round(med("webhook", "requests_per_s"), 1),
            "bare_requests_per_s": round(med("bare", "requests_per_s"), 1),
            "webhook_p50_ms": round(med("webhook", "p50_ms"), 3),
            "webhook_p99_ms": round(med("webhook", "p99_ms"), 3),
            "bare_p50_ms": round(med("bare", "p50_ms"), 3),
            "bare_p99_ms": round(med("bare", "p99_ms"), 3),
            "lost": sum(lost(r["webhook"]) or 0 for r in rounds),
            # the disk's fsync latency before and after the runs (it varies with what else the
            # machine's disk is doing)
            "fsync_ms": round(statistics.mean([fsync_before, fsync_ms(work)]), 2),
            "fsync_ms_before_after": [round(fsync_before, 2), round(fsync_ms(work), 2)],
            "rounds": rounds,
        }
    )
    result["ratio"] = round(result["webhook_requests_per_s"] / result["bare_requests_per_s"], 3)
    write_out(a.out, result)


def bench_ingest_pg(a):
    """Signed 1 KB DMs to /webhooks/instagram of serve on SQLite, on PostgreSQL with one
    node and with two (wrk split over their ports, half the connections each), --rounds
    rounds in a rotating order so that the machine's drift touches each alike; the medians,
    and the CPU of each process per 1,000 requests acknowledged."""
    url, settings = postgres_setup(a)
    work = a.work
    accounts = account_ids(a.accounts)
    tokens = {acc: account_token(acc) for acc in accounts}
    prefix = os.path.join(work, "ingest.bodies")
    write_bodies(prefix, dm_bodies(a.ingest_bodies, accounts, 20_000, "ingest"))
    rules = os.path.join(LOAD, "rules", "ack")
    backends = {
        "sqlite": SQLITE,
        "pg1": PostgresBackend(url, 1, settle=a.pg_settle, pool=a.pg_pool),
        "pg2": PostgresBackend(url, 2, settle=a.pg_settle, pool=a.pg_pool),
    }
    graph = FakeGraph(a.bin, work, tokens, "ingest-pg-graph")
    runs = {key: [] for key in backends}
    order = list(backends)
    try:
        for r in range(a.rounds):
            for key in order[r % len(order) :] + order[: r % len(order)]:
                backend = backends[key]
                res = ingest_run(a, work, f"ingestpg-{key}-{r}", rules, tokens, graph.url, prefix, backend=backend)
                runs[key].append(res)
                log(
                    f"ingest-pg round {r + 1}/{a.rounds} [{backend.label}]: {res['requests_per_s']:.0f} req/s, "
                    f"p50 {res['p50_ms']:.2f} ms, p99 {res['p99_ms']:.2f} ms, non-2xx {res['non_2xx']}, "
                    f"socket errors {res['socket_errors']}, stored {res['stored']} of {res['acknowledged']} "
                    f"acknowledged; CPU s per 1,000 requests {cpu_text(res['cpu_s_per_1000'])}"
                )
    finally:
        graph.stop()
    result = {
        "date": now_iso(),
        "threads": THREADS,
        "connections": CONNECTIONS,
        "seconds": a.ingest_seconds,
        "body_bytes": 1024,
        "distinct_bodies": a.ingest_bodies,
        "accounts": a.accounts,
        "rounds": a.rounds,
        "fsync_ms": round(fsync_ms(work), 2),
        "postgres": settings,
    }
    for key, backend in backends.items():
        result[key] = summary(runs[key], backend.label)
    base = result["sqlite"]["requests_per_s"]
    for key in ("pg1", "pg2"):
        result[f"ratio_{key}"] = round(result[key]["requests_per_s"] / base, 3) if base else None
    write_out(a.out, result)


def summary(runs, label):
    """The medians of an ingest configuration's runs."""

    def med(key):
        values = [r[key] for r in runs if r.get(key) is not None]
        return round(statistics.median(values), 3) if values else None

    processes = sorted({p for r in runs for p in r["cpu_s_per_1000"]})
    losses = [lost(r) for r in runs]
    return {
        "backend": label,
        "requests_per_s": med("requests_per_s"),
        "p50_ms": med("p50_ms"),
        "p99_ms": med("p99_ms"),
        "serve_cores": med("serve_cores"),
        "cpu_s_per_1000": {
            p: median_or_none([r["cpu_s_per_1000"].get(p) for r in runs]) for p in processes if p != MACHINE
        },
        "lost": None if None in losses else sum(losses),
        "limit": limit_note(median_run(runs), os.cpu_count()) if runs else None,
        "runs": runs,
    }


def median_run(runs):
    """The run whose rate is the median's (the lower middle one of an even count)."""
    ordered = sorted(runs, key=lambda r: r["requests_per_s"] or 0)
    return ordered[(len(ordered) - 1) // 2]


def median_or_none(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 4) if values else None

"""2. Durable ingest: signed 1 KB webhooks vs the bare route of the same binary."""

import os
import shutil
import statistics

from ..processes import FakeGraph, Serve
from .bodies import account_ids, account_token, dm_bodies, write_bodies
from .common import CONNECTIONS, LOAD, THREADS, log, now_iso, write_out
from .store import fsync_ms, remove_db, scalar
from .wrk import wrk


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
                s = Serve(a.bin, work, f"ingest-{kind}-{r}", rules, tokens, graph.url)
                path = "/bench/bare" if kind == "bare" else "/webhooks/instagram"
                res = s.measure(lambda s=s, path=path: wrk(s.url, path, prefix, a.ingest_seconds))
                s.stop()
                if kind == "webhook":
                    res["stored"] = scalar(s.inbox, "select count(*) from inbox")
                    res["acknowledged"] = res["requests"] - res["non_2xx"]
                remove_db(s.db)
                del res["output"]
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
                s = Serve(a.bin, shm_work, "ingest-tmpfs", rules, tokens, graph.url)
                res = s.measure(lambda: wrk(s.url, "/webhooks/instagram", prefix, a.ingest_seconds))
                s.stop()
                del res["output"]
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
            "lost": sum(max(0, r["webhook"]["acknowledged"] - r["webhook"]["stored"]) for r in rounds),
            # the disk's fsync latency before and after the runs (it varies with what else the
            # machine's disk is doing)
            "fsync_ms": round(statistics.mean([fsync_before, fsync_ms(work)]), 2),
            "fsync_ms_before_after": [round(fsync_before, 2), round(fsync_ms(work), 2)],
            "rounds": rounds,
        }
    )
    result["ratio"] = round(result["webhook_requests_per_s"] / result["bare_requests_per_s"], 3)
    write_out(a.out, result)

"""4. Viral burst: 100,000 comments on one post as fast as wrk sends them."""

import csv
import os
import threading
import time

from ..payloads import ACCOUNT
from ..processes import FakeGraph, Serve
from .bodies import comment_body, write_bodies
from .common import CONNECTIONS, LOAD, ROOT, THREADS, TOKEN, log, now_iso, write_out
from .store import open_db, remove_db
from .wrk import wrk

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
                columns = ["t_s"] + [c for c, _ in DEPTH_COLUMNS] + ["rss_kib", "hwm_kib", "metrics_ms"]
                self.rows.append(dict(zip(columns, row, strict=True)))
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
    rules = os.path.join(LOAD, "rules", "viral")
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
        log(
            f"viral: the {bare['posts']} comment bodies to the bare route: {bare['wall_s']:.2f} s, "
            f"{bare['posts_per_s']:.0f}/s"
        )

        s = Serve(a.bin, work, "viral", rules, tokens, graph.url)
        sampler = Sampler(s, a.csv)
        sampler.start()
        started = time.monotonic()
        burst = wrk(s.url, "/webhooks/instagram", prefix, a.viral_max_seconds, once=True)
        log(
            f"viral: {burst['posts']} comments posted in {burst['wall_s']:.2f} s = {burst['posts_per_s']:.0f}/s, "
            f"not 200: {burst['posts_failed']}, socket errors {burst['socket_errors']}"
        )
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
        "select count(*), count(distinct body), min(received_at), max(received_at) from inbox"
    ).fetchone()
    db.close()
    db = open_db(s.db)
    states = dict(db.execute("select state, count(*) from outbox group by state").fetchall())
    db.close()
    span = (final - first) / 1e6 if count else None
    del burst["output"]
    result.update(
        {
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
        }
    )
    result["ratio"] = round(result["ingest_per_s"] / result["bare_per_s"], 3)
    log(
        f"viral: stored {count} ({distinct} distinct), first to last in {span:.1f} s; processed all after "
        f"{result['processed_all_after_s']} s; peak RSS {result['peak_rss_mib']} MiB; outbox at end {states}"
    )
    remove_db(s.db)
    write_out(a.out, result)

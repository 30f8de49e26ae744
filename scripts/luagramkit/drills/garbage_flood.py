"""The Python side of scripts/drills/garbage-flood, run by it step by step:
`python3 -m luagramkit.drills.garbage_flood STEP ARGS…`."""

import collections
import json
import random
import socket
import sys
import threading
import time

from .. import graphlog
from ..payloads import ACCOUNT, dm
from ..poster import Poster
from ..signing import sign


def flood(argv):
    """POSTS PORT WORK OVERSIZED OVERSIZED_MB: the flood from 4 connections, the oversized bodies, /healthz polled."""
    posts, port, work, oversized, oversized_mb = int(argv[0]), int(argv[1]), argv[2], int(argv[3]), int(argv[4])
    rng = random.Random(1)

    def garbage(kind, i):
        """(body, signature header or None) for a kind of bad POST."""
        valid = dm(f"garbage-{i}", f"order {i}", f"user-{i % 50}")
        if kind == "unsigned":
            return valid, None
        if kind == "mis-signed":
            return valid, "sha256=" + "".join(rng.choice("0123456789abcdef") for _ in range(64))
        if kind == "other-secret":
            return valid, sign(valid, b"not-the-app-secret")
        if kind == "bad-header":
            return valid, rng.choice(
                [
                    "sha256=",
                    "sha256=zz",
                    "sha1=" + "0" * 40,
                    "",
                    "sha256=" + "a" * 63,
                    "sha256=" + "0" * 64,
                    sign(valid)[:-1] + "x",
                    sign(valid) + "00",
                ]
            )
        if kind == "truncated-after-signing":
            return valid[: rng.randrange(1, len(valid))], sign(valid)
        # validly signed, but not a webhook: stored, then rejected by the processor
        if kind == "signed-truncated":
            body = valid[: rng.randrange(1, len(valid))]
        elif kind == "signed-bytes":
            body = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 2000)))
        elif kind == "signed-not-instagram":
            body = rng.choice(
                [
                    json.dumps({"object": "page", "entry": []}).encode(),
                    b"[1, 2, 3]",
                    b'"instagram"',
                    json.dumps({"entry": [{"id": ACCOUNT}]}).encode(),
                    b"null",
                ]
            )
        elif kind == "signed-nested":
            depth = rng.choice([1000, 100000])
            body = b"[" * depth + b"]" * depth
        else:
            raise ValueError(kind)
        return body, sign(body)

    # 1 in 10 valid; the rest cycle through the kinds of garbage
    kinds = [
        "unsigned",
        "mis-signed",
        "signed-truncated",
        "other-secret",
        "signed-bytes",
        "truncated-after-signing",
        "bad-header",
        "signed-not-instagram",
        "signed-nested",
    ]
    plan = [("valid", i) if i % 10 == 0 else (kinds[(i // 10 + i) % len(kinds)], i) for i in range(posts)]
    plan[len(plan) // 2 + 1] = ("signed-empty", -1)  # Meta never sends one: acknowledged, nothing to store
    statuses = collections.defaultdict(collections.Counter)
    valid_acked, lock = [], threading.Lock()
    done = threading.Event()

    def flood(offset, step):
        poster = Poster(port, timeout=30)
        for kind, i in plan[offset::step]:
            if kind == "valid":
                body = dm(f"valid-{i}", f"order {i}", f"user-{i % 50}")
                counts = {}
                acked = poster.deliver(body, sign(body), statuses=counts)
                with lock:
                    for status, n in counts.items():
                        statuses[kind][status] += n
                    if acked:
                        valid_acked.append(f"valid-{i}")
                continue
            body, signature = (b"", sign(b"")) if kind == "signed-empty" else garbage(kind, i)
            status = poster.post(body, signature)
            with lock:
                statuses[kind][status] += 1

    def huge(n):
        """An oversized (but validly signed) body, sent whole over a raw socket."""
        body = dm("huge", "x" * (oversized_mb << 20), "user-huge")
        signature = sign(body)
        for _ in range(n):
            start = time.time()
            s = socket.create_connection(("127.0.0.1", port), timeout=60)
            head = (
                f"POST /webhooks/instagram HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                f"X-Hub-Signature-256: {signature}\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode()
            answer, outcome = b"", None
            try:
                s.sendall(head + body)
            except OSError as error:
                outcome = f"connection closed while sending ({type(error).__name__})"
            try:
                s.settimeout(30)
                answer = s.recv(200)
            except OSError:
                pass
            s.close()
            status = answer.split(b" ")[1].decode() if answer.startswith(b"HTTP/") else None
            with lock:
                statuses[f"oversized-{oversized_mb}MB"][status or outcome or "no answer"] += 1
            print(
                f"  oversized body of {len(body) >> 20} MiB: {status or outcome or 'no answer'} "
                f"after {time.time() - start:.1f} s",
                file=sys.stderr,
            )

    health = collections.Counter()
    slowest = [0.0]

    def poll_health():
        poster = Poster(port, timeout=2)
        while not done.is_set():
            start = time.time()
            status = poster.get("/healthz")
            slowest[0] = max(slowest[0], time.time() - start)
            health[status] += 1
            time.sleep(0.1)

    threads = [threading.Thread(target=flood, args=(k, 4)) for k in range(4)]
    threads.append(threading.Thread(target=huge, args=(oversized,)))
    checker = threading.Thread(target=poll_health)
    checker.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    checker.join()
    open(f"{work}/valid-acked.txt", "w").write("".join(m + "\n" for m in valid_acked))
    json.dump(
        {
            "statuses": {k: {str(s): n for s, n in v.items()} for k, v in statuses.items()},
            "health": {str(s): n for s, n in health.items()},
            "slowest_health": slowest[0],
        },
        open(f"{work}/flood.json", "w"),
    )


def report(argv):
    """WORK POSTS ALIVE HWM RSS_BEFORE MAX_RSS_MIB SECONDS REJECTED_METRIC: the summary; exits 1 on a failure."""
    work, posts, alive, hwm, rss_before, max_rss_mib, seconds, rejected_metric = argv
    flood = json.load(open(f"{work}/flood.json"))
    statuses, health = flood["statuses"], flood["health"]
    acked = {line.strip() for line in open(f"{work}/valid-acked.txt") if line.strip()}
    processed = {line.strip() for line in open(f"{work}/processed.txt") if line.strip()}
    inbox = dict(line.strip().split("|") for line in open(f"{work}/inbox-states.txt") if line.strip())
    inbox = {k: int(v) for k, v in inbox.items()}
    odd_done = int(open(f"{work}/inbox-odd.txt").read())
    messages_in = int(open(f"{work}/messages-in.txt").read())
    sends = graphlog.sent_texts(f"{work}/graph.jsonl")
    rss = [int(x) for x in open(f"{work}/rss.txt") if x.strip()]
    valid_total = sum(1 for i in range(int(posts)) if i % 10 == 0)
    signed_stored = sum(
        n
        for kind, counts in statuses.items()
        if kind.startswith("signed-") and kind != "signed-empty"
        for s, n in counts.items()
        if s == "200"
    )
    valid_200 = statuses.get("valid", {}).get("200", 0)
    lost = len(acked - processed)
    unanswered = sum(1 for mid in acked if sends["ack " + mid] != 1)
    unexpected_processed = len(processed - acked)
    print()
    print("=== garbage flood drill ===")
    print(f"  {int(posts)} posts in {seconds} s (plus the oversized ones); answers by kind:")
    for kind in sorted(statuses):
        print(f"    {kind:26} " + ", ".join(f"{s} x{n}" for s, n in sorted(statuses[kind].items())))
    print(
        f"  valid events {valid_total}; acknowledged {len(acked)}; processed {len(acked & processed)}; lost {lost}; "
        f"replies not sent exactly once {unanswered}"
    )
    print(
        f"  inbox: {', '.join(f'{k} {v}' for k, v in sorted(inbox.items()))} "
        f"(expected done {valid_200}, rejected {signed_stored}); luagram_bodies_rejected_total {rejected_metric}"
    )
    print(
        f"  stored beyond that: events not posted as valid {unexpected_processed}; "
        f"done bodies that are not valid DMs {odd_done}; "
        f"incoming messages {messages_in} (expected {len(acked)})"
    )
    print(
        "  /healthz during the flood: "
        + ", ".join(f"{s} x{n}" for s, n in sorted(health.items()))
        + f"; slowest answer {flood['slowest_health']:.2f} s; server up at the end: {alive}"
    )
    print(
        f"  serve RSS: {int(rss_before) // 1024} MiB before, max sampled {max(rss or [0]) // 1024} MiB, "
        f"peak VmHWM {int(hwm) // 1024} MiB (bound {max_rss_mib} MiB)"
    )
    ok = (
        lost == 0
        and unanswered == 0
        and len(acked) == valid_total
        and unexpected_processed == 0
        and odd_done == 0
        and inbox.get("done", 0) == valid_200
        and inbox.get("rejected", 0) == signed_stored
        and inbox.get("pending", 0) == 0
        and messages_in == len(acked)
        and set(health) == {"200"}
        and alive == "yes"
        and int(hwm) // 1024 <= int(max_rss_mib)
    )
    for kind in ("unsigned", "mis-signed", "other-secret", "bad-header", "truncated-after-signing"):
        if set(statuses.get(kind, {})) - {"403"}:
            print(f"  FAIL: {kind} bodies got another answer than 403")
            ok = False
    if set(statuses.get("signed-empty", {})) - {"200"}:
        print("  FAIL: a signed empty body got another answer than 200 (Meta would retry it)")
        ok = False
    print("  PASS" if ok else "  FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    {"flood": flood, "report": report}[sys.argv[1]](sys.argv[2:])

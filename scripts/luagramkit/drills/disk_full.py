"""The Python side of scripts/drills/disk-full, run by it step by step:
`python3 -m luagramkit.drills.disk_full STEP ARGS…`."""

import collections
import os
import sys
import time

from .. import graphlog
from ..payloads import dm
from ..poster import Poster
from ..signing import sign


def post(argv):
    """PORT WORK: posts signed DMs (each retried every 0.2 s until acknowledged) until WORK/stop exists."""
    port, work = int(argv[0]), argv[1]
    poster = Poster(port)
    i = 0
    with open(f"{work}/attempts.txt", "w") as attempts, open(f"{work}/acked.txt", "w") as acked:
        while not os.path.exists(f"{work}/stop"):
            body = dm(f"disk-{i}", f"order {i}", f"user-{i % 100}")
            signature = sign(body)
            while True:
                status = poster.post(body, signature)
                attempts.write(f"{time.time():.3f} disk-{i} {status}\n")
                attempts.flush()
                if status == 200:
                    acked.write(f"disk-{i}\n")
                    acked.flush()
                    break
                time.sleep(0.2)
            i += 1


def report(argv):
    """WORK DISK ALIVE STORE_ERRORS: the summary by phase; exits 1 on a failure."""
    work, disk, alive, store_errors = argv
    bounds, skipped = {}, {}
    for line in open(f"{work}/phases.txt"):
        stamp, text = line.split(" ", 1)
        name, what = text.strip().split(": ", 1)
        if what.startswith("not exercised"):
            skipped[name] = what
            continue
        key = what.split()[0].split("=")[0]
        bounds.setdefault(name, {})[key] = float(stamp)
        if key == "bites":
            bounds[name]["bitten"] = what.split()[0].split("=")[1]

    def phase_of(t):
        for name, b in bounds.items():
            if b["start"] <= t < b.get("restore", float("inf")):
                return name
        return "normal"

    answers = collections.defaultdict(collections.Counter)
    posted = set()
    for line in open(f"{work}/attempts.txt"):
        t, mid, status = line.split()
        answers[phase_of(float(t))][status] += 1
        posted.add(mid)
    acked = [line.strip() for line in open(f"{work}/acked.txt") if line.strip()]
    processed = {line.strip() for line in open(f"{work}/processed.txt") if line.strip()}
    outbox = {k: int(v) for k, v in (line.strip().split("|") for line in open(f"{work}/outbox.txt") if line.strip())}
    sends = graphlog.sent_texts(f"{work}/graph.jsonl")
    health = collections.defaultdict(collections.Counter)
    for line in open(f"{work}/health.txt"):
        parts = line.split()
        if len(parts) == 2:
            health[phase_of(float(parts[0]))][parts[1]] += 1
    lost = len(set(acked) - processed)
    not_sent = sum(1 for m in acked if sends["ack " + m] == 0)
    dup = sum(1 for m in acked if sends["ack " + m] > 1)
    not_stored = open(f"{work}/not-stored.txt").read().strip()
    stuck = [line.rstrip("\n") for line in open(f"{work}/stuck.txt") if line.strip()]
    stuck_posted = sum(1 for text in stuck if sends[text] > 0)
    print()
    print(f"=== disk full / read-only drill ({disk}) ===")
    for name in ["normal"] + list(bounds):
        extra = ""
        if name in bounds:
            b = bounds[name]
            extra = (
                (
                    f" (refusals began after {b['bites'] - b['start']:.1f} s; "
                    if b.get("bitten") == "yes"
                    else " (never refused; "
                )
                + f"held {b['restore'] - b['start']:.1f} s, "
                f"acknowledgements again {b['recovered'] - b['restore']:.1f} s after the restore)"
            )
        print(
            f"  {name}: webhook answers "
            + ", ".join(f"{s} x{n}" for s, n in sorted(answers[name].items()))
            + "; /healthz "
            + ", ".join(f"{s} x{n}" for s, n in sorted(health[name].items()))
            + extra
        )
    for name, why in skipped.items():
        print(f"  {name}: {why}")
    print(
        f"  events posted {len(posted)}; acknowledged {len(acked)}; processed {len(acked) - lost}; lost {lost}; "
        f"'webhook not stored' log lines {not_stored}"
    )
    crash = [line.strip() for line in open(f"{work}/serve.log", errors="replace") if "Program crashed" in line]
    if crash:
        print(f"  SERVE CRASHED: {crash[0]}")
    print(
        f"  replies not sent {not_sent}; duplicate sends {dup}; outbox: "
        + ", ".join(f"{k} {v}" for k, v in sorted(outbox.items()))
        + f"; sender store errors {store_errors}; server up {alive}"
    )
    if stuck:
        print(
            f"  stuck 'sending' after the faults (until a restart marks them failed as interrupted): {len(stuck)}, "
            f"of which posted to the Send API {stuck_posted}, never posted {len(stuck) - stuck_posted}"
        )
    ok = (
        lost == 0
        and len(acked) == len(posted)
        and not_sent == 0
        and dup == 0
        and alive == "yes"
        and set(outbox) <= {"sent"}
        and all(b.get("bitten") == "yes" for b in bounds.values())
    )
    for name, b in bounds.items():
        if b.get("bitten") != "yes":
            print(f"  FAIL: {name} never made serve refuse a webhook")
    print("  PASS" if ok else "  FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    {"post": post, "report": report}[sys.argv[1]](sys.argv[2:])

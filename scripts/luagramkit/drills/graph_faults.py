"""The Python side of scripts/drills/graph-faults, run by it step by step:
`python3 -m luagramkit.drills.graph_faults STEP ARGS…`."""

import collections
import sys

from .. import graphlog
from ..payloads import dm
from ..poster import Poster
from ..signing import sign


def post(argv):
    """EVENTS PORT WORK: posts signed DMs, retried until acknowledged, into WORK/acked.txt."""
    events, port, work = int(argv[0]), int(argv[1]), argv[2]
    poster = Poster(port)
    with open(f"{work}/acked.txt", "w") as acked:
        for i in range(events):
            body = dm(f"drill-{i}", f"order {i}", f"user-{i % 200}")
            if poster.deliver(body, sign(body)):
                acked.write(f"drill-{i}\n")


def report(argv):
    """WORK EVENTS MISSING THROTTLED PAUSED SAMPLES OUTBOX_STATES OUTBOX_FAILED ELAPSED RETRIED: the summary."""
    (work, events, missing, throttled, paused, samples, outbox_states, outbox_failed, elapsed, retried) = argv
    acked = {line.strip() for line in open(f"{work}/acked.txt") if line.strip()}
    calls = collections.Counter()  # Send API calls per reply
    delivered = collections.Counter()  # calls Meta would have taken: 200s and time-outs
    timeouts = collections.Counter()  # received but unacknowledged
    faults = collections.Counter()
    after_a_timeout = collections.Counter()  # calls for a reply after its first time-out
    for record in graphlog.records(f"{work}/graph.jsonl"):
        body = record.get("body") or {}
        text = (body.get("message") or {}).get("text", "")
        if not text.startswith("ack "):
            continue
        key = (body.get("recipient", {}).get("id"), text)
        fault = record.get("fault")
        faults[fault or "ok"] += 1
        calls[key] += 1
        if fault in (None, "timeout"):
            delivered[key] += 1
        if fault == "timeout":
            timeouts[key] += 1
        elif timeouts[key] > 0:
            after_a_timeout[key] += 1
    expected = {"ack " + mid for mid in acked}
    got = {text for (_, text) in delivered}
    lost = len(expected - got)
    after_timeout = sum(1 for key, n in delivered.items() if n > 1 and timeouts[key] > 0)
    extra_after_timeout = sum(n - 1 for key, n in delivered.items() if n > 1 and timeouts[key] > 0)
    unexplained = sum(1 for key, n in delivered.items() if n > 1 and timeouts[key] == 0)
    timeout_then_resent = sum(1 for key in timeouts if after_a_timeout[key] > 0)
    lookups = graphlog.count_lines(f"{work}/graph.jsonl", "/conversations")
    throttles = faults["613"]
    print()
    print("=== graph faults drill ===")
    print(
        f"  acknowledged {len(acked)} of {events}; processed {len(acked) - int(missing)}; "
        f"acknowledged but not processed {missing}"
    )
    print(
        f"  Send API calls {sum(calls.values())}: ok {faults['ok']}, 5xx {faults['5xx']}, "
        f"time-out {faults['timeout']}, 613 {throttles}; "
        f"retries counted by Luagram {retried or '?'}"
    )
    print(f"  replies expected {len(expected)}; delivered at least once {len(got & expected)}; lost {lost}")
    print(
        f"  received but unacknowledged (time-outs) {faults['timeout']} on {len(timeouts)} replies: checked with Meta "
        f"({lookups} conversation lookups), posted again {timeout_then_resent}"
    )
    print(
        f"  duplicate sends after a time-out {after_timeout} replies "
        f"({extra_after_timeout} extra messages); other duplicate sends {unexplained}"
    )
    print(
        f"  throttles injected {throttles}; luagram_throttled_total {throttled}; /healthz 503 "
        f"(account paused) in {paused} of {samples} samples"
    )
    print(f"  outbox: {outbox_states}; not sent {outbox_failed}; {elapsed} s")
    ok = (
        int(missing) == 0
        and lost == 0
        and after_timeout == 0
        and unexplained == 0
        and int(outbox_failed) == 0
        and len(acked) == int(events)
    )
    if throttles > 0 and (throttled in ("", "?") or float(throttled) < throttles):
        print("  FAIL: throttles not counted as pauses")
        ok = False
    print("  PASS" if ok else "  FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    {"post": post, "report": report}[sys.argv[1]](sys.argv[2:])

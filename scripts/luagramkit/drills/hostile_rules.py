"""The Python side of scripts/drills/hostile-rules, run by it step by step:
`python3 -m luagramkit.drills.hostile_rules STEP ARGS…`."""

import sqlite3
import sys
import threading
import time

from .. import graphlog
from ..payloads import dm
from ..poster import Poster
from ..signing import sign


def provoking_words(text):
    """ "7:spin,57:hog" (the drill's words()): event number modulo 100 → the word its text starts with."""
    return {int(k): w for k, w in (pair.split(":") for pair in text.split(","))}


def backlog(argv):
    """EVENTS INBOX_DB PHASE WORDS: puts EVENTS bodies in the inbox as the webhook route stores them."""
    events, path, phase = int(argv[0]), argv[1], argv[2]
    words = provoking_words(argv[3])
    db = sqlite3.connect(path)
    now = int(time.time() * 1_000_000)
    for i in range(events):
        word = words.get(i % 100, "order")
        db.execute(
            "INSERT INTO inbox (received_at, body) VALUES (?, ?)",
            (now, dm(f"{phase}-b{i}", f"{word} {i}", f"user-{i % 200}")),
        )
    db.commit()


def live(argv):
    """EVENTS PORT WORK PHASE WORDS: posts EVENTS signed DMs from 8 connections into WORK/PHASE-acked.txt."""
    events, port, work, phase = int(argv[0]), int(argv[1]), argv[2], argv[3]
    words = provoking_words(argv[4])
    acked = []

    def post(offset):
        poster = Poster(port)
        for i in range(offset, events, 8):
            word = words.get(i % 100, "order")
            body = dm(f"{phase}-l{i}", f"{word} {i}", f"user-{i % 200}")
            if poster.deliver(body, sign(body)):
                acked.append(f"{phase}-l{i}")

    threads = [threading.Thread(target=post, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    open(f"{work}/{phase}-acked.txt", "w").write("".join(a + "\n" for a in acked))


def report(argv):
    """WORK EVENTS MIN_RATIO WHICH: the summary of the three phases; exits 1 on a failure."""
    work, events, min_ratio, which = argv[0], int(argv[1]), float(argv[2]), argv[3]
    residues = {"both": (7, 57), "loop": (7,), "hog": (57,)}[which]
    escape_residues = (7, 17, 27, 37, 47, 57, 67, 77, 87, 97)
    sends = graphlog.sent_texts(f"{work}/graph.jsonl")
    result, ok = {}, True
    suspensions = sum(1 for line in open(f"{work}/serve.log") if "rule handler suspended" in line)
    print()
    print("=== hostile rules drill ===")
    for phase in ("healthy", "hostile", "escapes"):
        acked, failures, alive, hwm, post_seconds = open(f"{work}/{phase}.txt").read().split()
        processed = {}
        for line in open(f"{work}/{phase}-processed.txt"):
            mid, at = line.strip().split("|")
            processed[mid] = int(at)
        backlog = [processed[f"{phase}-b{i}"] for i in range(events) if f"{phase}-b{i}" in processed]
        seconds = (max(backlog) - min(backlog)) / 1e6 if len(backlog) > 1 else float("nan")
        rate = len(backlog) / seconds if seconds > 0 else float("nan")
        result[phase] = rate
        expected = [f"ok {phase}-{kind}{i}" for kind in "bl" for i in range(events)]
        missing = sum(1 for text in expected if sends[text] == 0)
        duplicates = sum(1 for text in expected if sends[text] > 1)
        provoking = {"healthy": (), "hostile": residues, "escapes": escape_residues}[phase]
        hostile = 2 * sum(1 for i in range(events) if i % 100 in provoking)
        print(
            f"  {phase:8} backlog of {events} processed in {seconds:.2f} s: {rate:.0f} events/s; "
            f"then {acked} of {events} posted live acknowledged in {post_seconds} s"
        )
        failed = round(float(failures))
        print(
            f"  {'':8} processed {len(processed)} of {2 * events}; replies sent {len(expected) - missing}; "
            f"lost {missing}; "
            f"duplicate sends {duplicates}; server up {alive}; peak RSS {int(hwm) // 1024} MiB"
        )
        if provoking:
            print(
                f"  {'':8} hostile events {hostile}: rule failures {failed}, the rest skipped by suspensions "
                f"(a handler over its budget 3 times in 10 minutes is set aside, in each worker)"
            )
        # Every hostile handler fails at least once before it is set aside, and never on an
        # event that does not provoke it.
        expected_failures = len(provoking) <= failed <= hostile
        if (
            int(acked) != events
            or len(processed) != 2 * events
            or missing
            or duplicates
            or alive != "yes"
            or not expected_failures
        ):
            ok = False
    print(f"  suspensions logged in all: {suspensions}")
    ratio = result["hostile"] / result["healthy"]
    print(f"  throughput ratio, with the hostile rules / without: {ratio:.2f} (required >= {min_ratio})")
    ok = ok and ratio >= min_ratio
    print("  PASS" if ok else "  FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    {"backlog": backlog, "live": live, "report": report}[sys.argv[1]](sys.argv[2:])

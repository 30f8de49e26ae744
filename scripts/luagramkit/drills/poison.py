"""The Python side of scripts/drills/poison, run by it step by step:
`python3 -m luagramkit.drills.poison STEP ARGS…`."""

import collections
import json
import re
import sqlite3
import sys
import time

from .. import graphlog
from ..payloads import dm
from ..poster import Poster
from ..signing import sign
from . import poison_bodies


def post(argv):
    """PORT WORK PHASE ROUNDS GOOD_PER_POISON: each round every poison body after good DMs; every answer noted."""
    port, work, phase, rounds, good_per = int(argv[0]), argv[1], argv[2], int(argv[3]), int(argv[4])
    poster = Poster(port, timeout=15)
    count = 0
    goods = open(f"{work}/{phase}-good.txt", "w")
    poisons = open(f"{work}/{phase}-poison.jsonl", "w")
    answers = open(f"{work}/{phase}-statuses.jsonl", "w")

    def note(record):
        answers.write(json.dumps(record) + "\n")
        answers.flush()

    def deliver_good():
        nonlocal count
        mid = f"{phase}-good-{count}"
        body = dm(mid, f"order {count}", f"user-{count % 20}")
        statuses = {}
        ok = poster.deliver(body, sign(body), attempts=1200, pause=0.05, statuses=statuses)
        note({"kind": "good", "mid": mid, "acked": ok, "statuses": {str(k): v for k, v in statuses.items()}})
        if ok:
            goods.write(mid + "\n")
            goods.flush()
        count += 1

    for r in range(rounds):
        for name, body in poison_bodies.bodies(f"{phase}{r}"):
            for _ in range(good_per):
                deliver_good()
            statuses, answered = {}, None
            for _ in range(1200):
                status = poster.post(body, sign(body))
                statuses[status] = statuses.get(status, 0) + 1
                if status is not None and status < 500:
                    answered = status
                    break
                time.sleep(0.05)
            poisons.write(json.dumps({"name": name, "round": r, "status": answered, "bytes": len(body)}) + "\n")
            poisons.flush()
            note({"kind": "poison", "name": name, "statuses": {str(k): v for k, v in statuses.items()}})
    for _ in range(1 if rounds else good_per):
        deliver_good()


def report(argv):
    """WORK DB MAX_ATTEMPTS CRASHES CRASHES_FIRST UP HEALTH METRIC TERM_OK TERM_S SECONDS: the summary;
    exits 1 on a problem."""
    work, db, max_attempts, crashes, crashes_first = argv[0], argv[1], int(argv[2]), int(argv[3]), int(argv[4])
    restarted_up, health, metric, term_ok, term_seconds, seconds = argv[5:11]
    problems = []
    phases = ("first", "second")

    goods = [line.strip() for phase in phases for line in open(f"{work}/{phase}-good.txt") if line.strip()]
    answers = [json.loads(line) for phase in phases for line in open(f"{work}/{phase}-statuses.jsonl")]
    unacked = [a["mid"] for a in answers if a["kind"] == "good" and not a["acked"]]
    unanswered = sum(int(a["statuses"].get("None", 0)) for a in answers)
    posted = graphlog.ack_texts(f"{work}/graph.jsonl")
    missing = [m for m in goods if posted[m] == 0]
    twice = [m for m in goods if posted[m] > 1]
    if unacked:
        problems.append(f"{len(unacked)} good DMs never acknowledged")
    if missing:
        problems.append(f"{len(missing)} good DMs' replies never reached fake-graph (e.g. {missing[:3]})")
    if twice:
        problems.append(f"{len(twice)} good DMs answered twice")

    poisons = [json.loads(line) for phase in phases for line in open(f"{work}/{phase}-poison.jsonl")]
    by_status = collections.Counter(str(p["status"]) for p in poisons)
    if any(p["status"] is None for p in poisons):
        problems.append("a poison body was never answered")

    inbox = sqlite3.connect(db + "-inbox")
    states = dict(inbox.execute("select state, count(*) from inbox group by state").fetchall())
    quarantined = [
        (i, a, e, bytes(b))
        for i, a, e, b in inbox.execute(
            "select id, attempts, error, body from inbox where state = 'quarantined' order by id"
        )
    ]
    if states.get("pending", 0):
        problems.append(f"{states['pending']} bodies still pending")
    good_quarantined = [i for i, _, _, b in quarantined if b"-good-" in b]
    if good_quarantined:
        problems.append(f"good DMs quarantined: {good_quarantined}")
    listed = [line.split()[0] for line in open(f"{work}/quarantined.txt") if re.match(r"^\d+  ", line)]
    if listed != [str(i) for i, *_ in quarantined]:
        problems.append(f"`luagram inbox quarantined` lists {listed}, the inbox has {[i for i, *_ in quarantined]}")
    if metric != str(len(quarantined)):
        problems.append(f"luagram_inbox_quarantined is {metric}, {len(quarantined)} bodies quarantined")
    # no crash loop: every death is one of a body's counted attempts, and that body ends quarantined
    if crashes > max_attempts * len(quarantined):
        problems.append(f"{crashes} deaths for {len(quarantined)} quarantined bodies")
    if crashes == 0 and unanswered:
        problems.append(f"{unanswered} requests unanswered while serve was up")
    if crashes != crashes_first:
        problems.append("serve died after the clean restart")
    if restarted_up != "yes" or health != "200":
        problems.append(f"after the restart: up {restarted_up}, /healthz {health}")
    if term_ok != "yes":
        problems.append("SIGTERM not honoured within 10 s")

    kinds = collections.Counter()
    for *_, b in quarantined:
        found = re.search(rb'"mid":"[a-z]+\d+-([a-z0-9]+)"', b)
        kinds[found.group(1).decode() if found else "?"] += 1
    deaths = open(f"{work}/crashes.txt").read().split()
    print()
    print("=== poison drill ===")
    print(
        f"  good DMs: {len(goods)} acknowledged, {len(goods) - len(missing)} answered at fake-graph "
        f"({len(twice)} twice, {len(missing)} never)"
    )
    print(f"  poison bodies: {len(poisons)} posted, answered {dict(sorted(by_status.items()))}")
    print(
        f"  inbox: {dict(sorted(states.items()))}; "
        f"quarantined: {', '.join(f'{k} x{v}' for k, v in sorted(kinds.items())) or 'none'}"
    )
    for i, a, e, _ in quarantined[:4]:
        print(f"    #{i}, {a} attempts: {e}")
    print(
        f"  serve died {crashes} times (exit statuses: {' '.join(deaths) or 'none'}), restarted by the drill; "
        f"{unanswered} requests unanswered meanwhile; "
        f"none after the clean restart: {'yes' if crashes == crashes_first else 'no'}"
    )
    print(
        f"  `luagram inbox quarantined` lists {len(listed)}; luagram_inbox_quarantined {metric}; "
        f"/healthz after the restart {health}"
    )
    print(f"  SIGTERM: stopped in {term_seconds} s; drill took {seconds} s")
    for problem in problems:
        print(f"  problem: {problem}")
    print("  FAIL" if problems else "  PASS")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    {"post": post, "report": report}[sys.argv[1]](sys.argv[2:])

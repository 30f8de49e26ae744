"""The Python side of scripts/drills/cluster, run by it step by step:
`python3 -m luagramkit.drills.cluster STEP ARGS…`.

  post EVENTS CONTACTS RATE WORK PORT...
      posts the drill's DMs and comments, signed, spread over the nodes (one thread per
      node), RATE events a second (a steady stream, so that the kill and the outage fall in
      the middle of it), each retried until acknowledged; WORK/acked.txt gets `EVENT_ID NODE` per
      acknowledgement, WORK/statuses.json the count of every answer. Exits 1 if an event was
      never acknowledged.
  graph EVENTS CONTACTS LIMIT WORK
      reads the twin's log (WORK/graph.jsonl) and prints the drill's figures as NAME=VALUE
      lines: replies sent, sent twice, out of order, private replies (and over LIMIT).

Each contact writes DM, comment, DM, comment…: a DM after each comment, so the private
reply that answers a comment never leaves the contact's next DM waiting
(awaiting_user_reply). A contact's next event is posted only once their previous one was
acknowledged (a person writes one message after the other; Meta's retries of one body
are what may arrive late), so "the order of their messages" is the order of their
timestamps and of the event ids' sequence numbers.
"""

import collections
import dataclasses
import json
import re
import sys
import threading
import time

from ..payloads import ACCOUNT, comment_event, dm, now_ms
from ..poster import Poster
from ..signing import sign

POST = "17900000000000777"  # the commented post
DM, COMMENT = "dm", "comment"


@dataclasses.dataclass(frozen=True)
class Planned:
    """One event of the drill: the contact's `seq`-th, first posted to node `node`."""

    index: int
    contact: str
    seq: int
    kind: str
    node: int

    @property
    def event_id(self):
        return f"cl-{'m' if self.kind == DM else 'c'}-{self.index}"

    @property
    def text(self):
        """What the contact wrote; the rules answer with it, so a reply names its event."""
        return f"{'m' if self.kind == DM else 'c'} {self.contact} {self.seq}"

    @property
    def reply(self):
        """The text of the reply the drill's rules send for it."""
        return ("re " if self.kind == DM else "pr ") + self.text


def plan(events, contacts, nodes):
    """The events in posting order: contact i % contacts, DM and comment in turn per contact,
    the contact's successive events on successive nodes (round-robin, whatever the counts)."""
    out = []
    for i in range(events):
        c, seq = i % contacts, i // contacts
        kind = COMMENT if seq % 2 else DM
        out.append(Planned(i, f"user-{c}", seq, kind, (c + seq) % nodes))
    return out


def body_of(event, ms):
    if event.kind == DM:
        return dm(event.event_id, event.text, event.contact, ms)
    username = event.contact.replace("-", "")
    return json.dumps(comment_event(ACCOUNT, POST, event.event_id, event.contact, username, event.text, ms)).encode()


# --- reading the twin's log ---

REPLY = re.compile(r"^(re|pr) [mc] (\S+) (\d+)$")


@dataclasses.dataclass(frozen=True)
class Reply:
    kind: str  # "re" (a DM's reply) or "pr" (a comment's private reply)
    contact: str
    seq: int
    text: str


def sent_replies(lines):
    """The drill's replies among the twin's log lines (one JSON request each), in the order
    the twin received them. Lines that are not JSON, or calls without a drill reply, are
    skipped."""
    replies = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if not isinstance(record, dict) or not isinstance(record.get("body"), dict):
            continue
        message = record["body"].get("message")
        text = message.get("text") if isinstance(message, dict) else None
        found = REPLY.match(text) if isinstance(text, str) else None
        if found:
            replies.append(Reply(found.group(1), found.group(2), int(found.group(3)), text))
    return replies


def duplicates(replies, kind="re"):
    """The texts of the replies of `kind` posted more than once, sorted. For DM replies ("re")
    each is a message the person got twice. A second private reply ("pr") to one comment is
    refused by Meta (and the twin) with 2534025: Luagram tries one again when a kill left the
    first unconfirmed, so for them this counts tries, not deliveries."""
    counts = collections.Counter(r.text for r in replies if r.kind == kind)
    return sorted(text for text, n in counts.items() if n > 1)


def order_breaks(replies):
    """(contact, latest seq sent before, seq) for each reply that went after a reply to a
    later message of the same contact. A reply posted again is a duplicate (or a private
    reply's refused second try), not a break: only each text's first post counts."""
    latest = {}
    seen = set()
    breaks = []
    for r in replies:
        if r.text in seen:
            continue
        seen.add(r.text)
        before = latest.get(r.contact)
        if before is not None and r.seq < before:
            breaks.append((r.contact, before, r.seq))
        latest[r.contact] = r.seq if before is None else max(before, r.seq)
    return breaks


def private_replies_over(replies, limit):
    """How many private reply calls went beyond `limit`, 0 if within it. Calls, not distinct
    replies: Meta's rate limit counts what is posted. The drill runs within one hour, so the
    hourly limit bounds the whole log."""
    return max(0, sum(1 for r in replies if r.kind == "pr") - limit)


def missing(replies, planned, kind):
    """The planned events of `kind` whose reply never reached the twin."""
    sent = {r.text for r in replies}
    return [e for e in planned if e.kind == kind and e.reply not in sent]


def graph(argv):
    """EVENTS CONTACTS LIMIT WORK: the figures of WORK/graph.jsonl as NAME=VALUE lines."""
    events, contacts, limit, work = int(argv[0]), int(argv[1]), int(argv[2]), argv[3]
    planned = plan(events, contacts, 1)
    with open(f"{work}/graph.jsonl", errors="replace") as f:
        replies = sent_replies(f)
    twice = duplicates(replies)
    tried_again = duplicates(replies, "pr")
    breaks = order_breaks(replies)
    unanswered = missing(replies, planned, DM)
    for text in twice[:5]:
        print(f"sent twice: {text}", file=sys.stderr)
    for contact, before, seq in breaks[:5]:
        print(f"out of order: {contact}'s reply to message {seq} went after the one to {before}", file=sys.stderr)
    for event in unanswered[:5]:
        print(f"DM never answered: {event.event_id} ({event.text})", file=sys.stderr)
    private_calls = sum(1 for r in replies if r.kind == "pr")
    figures = {
        "dms": sum(1 for e in planned if e.kind == DM),
        "comments": sum(1 for e in planned if e.kind == COMMENT),
        "dm_replies": sum(1 for r in replies if r.kind == "re"),
        "private_calls": private_calls,
        "private_replies": len({r.text for r in replies if r.kind == "pr"}),
        "private_tried_again": len(tried_again),
        "private_over_limit": private_replies_over(replies, limit),
        "sent_twice": len(twice),
        "order_breaks": len(breaks),
        "dms_unanswered": len(unanswered),
    }
    for name, value in figures.items():
        print(f"{name}={value}")


# --- posting ---


class Run:
    """What the posting threads share: acknowledgements, answers, timestamps."""

    def __init__(self, planned, contacts, rate, ports, work, give_up_after):
        self.planned, self.contacts, self.ports, self.give_up_after = planned, contacts, ports, give_up_after
        self.rate, self.started = rate, time.monotonic()
        self.lock = threading.Lock()
        self.done = [threading.Event() for _ in planned]
        self.acknowledged = [False] * len(planned)
        self.statuses = collections.Counter()
        self.last_ms = 0
        self.acked = open(f"{work}/acked.txt", "a")

    def timestamp(self):
        """Now, in ms, later than any timestamp given before (several events a millisecond)."""
        with self.lock:
            self.last_ms = max(now_ms(), self.last_ms + 1)
            return self.last_ms

    def deliver(self, posters, event):
        """Posts until a node acknowledges it, as Meta retries what was not. A node that does not
        answer at all is left for the next, as a load balancer would; a 503 is retried where it
        came from after a pause."""
        body = body_of(event, self.timestamp())
        signature = sign(body)
        node = event.node
        deadline = time.monotonic() + self.give_up_after
        while time.monotonic() < deadline:
            status = posters[node].post(body, signature)
            with self.lock:
                self.statuses[status] += 1
                if status == 200:
                    self.acked.write(f"{event.event_id} {node}\n")
                    self.acked.flush()
            if status == 200:
                return True
            if status is None:
                node = (node + 1) % len(posters)
            time.sleep(0.1)
        return False

    def worker(self, node):
        posters = [Poster(port, timeout=10) for port in self.ports]  # longer than a node's deadline for a 503
        for event in self.planned:
            if event.node != node:
                continue
            # its turn in the stream (a backlog after an outage goes at once)
            time.sleep(max(0.0, self.started + event.index / self.rate - time.monotonic()))
            if event.seq > 0:
                # the contact's previous event, posted by another thread
                self.done[event.index - self.contacts].wait(self.give_up_after)
            ok = self.deliver(posters, event)
            if not ok:
                print(f"never acknowledged: {event.event_id}", file=sys.stderr)
            self.acknowledged[event.index] = ok
            self.done[event.index].set()
        for poster in posters:
            poster.close()


def post(argv):
    """EVENTS CONTACTS RATE WORK PORT...: see the module's docstring."""
    events, contacts, rate, work = int(argv[0]), int(argv[1]), float(argv[2]), argv[3]
    ports = [int(p) for p in argv[4:]]
    run = Run(plan(events, contacts, len(ports)), contacts, rate, ports, work, give_up_after=300)
    threads = [threading.Thread(target=run.worker, args=(n,)) for n in range(len(ports))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.acked.close()
    with open(f"{work}/statuses.json", "w") as out:
        json.dump({str(k): v for k, v in sorted(run.statuses.items(), key=lambda kv: str(kv[0]))}, out)
    return 0 if all(run.acknowledged) else 1


if __name__ == "__main__":
    sys.exit({"post": post, "graph": graph}[sys.argv[1]](sys.argv[2:]))

"""fake-graph's request log (--log FILE): one JSON object per request it received."""

import collections
import json
import re


def records(path):
    with open(path) as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def message_text(record) -> str:
    return ((record.get("body") or {}).get("message") or {}).get("text", "")


def sent_texts(path) -> collections.Counter:
    """How many Send API calls carried each message text."""
    return collections.Counter(message_text(record) for record in records(path))


def ack_texts(path) -> collections.Counter:
    """How many times each "ack ID" reply appears in the log, read as text (a poison drill's
    log may hold bodies json cannot round-trip)."""
    counts = collections.Counter()
    with open(path) as f:
        for line in f:
            for text in re.findall(r'"text":"ack ([^"]*)"', line):
                counts[text] += 1
    return counts


def count_lines(path, needle) -> int:
    with open(path) as f:
        return sum(1 for line in f if needle in line)

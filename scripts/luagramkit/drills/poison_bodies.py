"""Poison webhook bodies for scripts/drills/poison: each is signed like Meta's and aimed at
one way input has broken servers (deep nesting, huge numbers, NUL, bad UTF-8, giant strings,
duplicate keys, wrong types). The JSON is written as text so that it may be anything."""

import time

from ..payloads import ACCOUNT

MAX_BODY = 8 << 20  # serve's limit; larger bodies get 413
PARSER_MAX_DEPTH = 64  # WebhookLimits.maxDepth


def envelope(item_json, ms, time_json=None):
    """A body around one messaging item given as JSON text."""
    entry_time = str(ms) if time_json is None else time_json
    return f'{{"object":"instagram","entry":[{{"id":"{ACCOUNT}","time":{entry_time},"messaging":[{item_json}]}}]}}'


def item(sender, ms, message_json, timestamp_json=None):
    timestamp = str(ms) if timestamp_json is None else timestamp_json
    return (
        f'{{"sender":{{"id":"{sender}"}},"recipient":{{"id":"{ACCOUNT}"}},'
        f'"timestamp":{timestamp},"message":{message_json}}}'
    )


def message(mid, fields):
    """A message object: its mid, then the other fields as JSON text."""
    return f'{{"mid":"{mid}",{fields}}}'


def nested(depth):
    return "[" * depth + "1" + "]" * depth


def bodies(tag, ms=None):
    """(name, body bytes) pairs; `tag` keeps mids unique between rounds."""
    ms = ms if ms is not None else int(time.time() * 1000)
    s = f"poison-{tag}"  # the sender: poison bodies get their own contacts
    # the message object sits at depth 6 (body, entry list, entry, messaging list, item, message)
    at_max = PARSER_MAX_DEPTH - 6

    def one(suffix, fields, timestamp_json=None, time_json=None):
        return envelope(item(s, ms, message(f"{tag}-{suffix}", fields), timestamp_json), ms, time_json).encode()

    cyclic_item = item(s, ms, message(f"{tag}-cyc", '"text":"hi","$ref":"#"'))
    return [
        ("nested-20", one("n20", f'"is_unsupported":true,"x":{nested(20)}')),
        ("nested-max", one("nmax", f'"is_unsupported":true,"x":{nested(at_max)}')),
        ("nested-over-max", one("nover", f'"is_unsupported":true,"x":{nested(at_max + 1)}')),
        ("timestamp-1e300", one("t300", '"text":"hi"', timestamp_json="1e300")),
        ("entry-time-1e300", one("e300", '"text":"hi"', time_json="1e300")),
        (
            "huge-ids",
            envelope(
                f'{{"sender":{{"id":1e300}},"recipient":{{"id":-1e308}},"timestamp":{ms},'
                '"message":{"mid":1e300,"text":"hi"}}',
                ms,
            ).encode(),
        ),
        ("big-integers", one("bigint", '"text":"hi","n":123456789012345678901234567890')),
        ("nul-text", one("nul", '"text":"a\\u0000b"')),
        ("lone-surrogate", one("sur", '"text":"\\ud800 and \\udfff"')),
        ("bad-escape", one("esc", '"text":"\\uZZZZ"')),
        # bytes that are not UTF-8 at all, put in after encoding
        ("invalid-utf8", one("utf8", '"text":"INVALID"').replace(b"INVALID", b"\xff\xfe\xc3")),
        ("giant-text", one("giant", '"text":"' + "g" * (MAX_BODY - 1024) + '"')),
        ("over-the-limit", b'{"object":"instagram","pad":"' + b"x" * MAX_BODY + b'"}'),
        ("duplicate-keys", one("dup", f'"mid":"{tag}-dup2","text":"one","text":"two"')),
        (
            "cyclic-looking",
            (
                f'{{"object":"instagram","entry":[{{"id":"{ACCOUNT}","time":{ms},"entry":[{{"id":"{ACCOUNT}"}}],'
                f'"$ref":"#/entry/0","messaging":[{cyclic_item}]}}]}}'
            ).encode(),
        ),
        ("wrong-types-entry", b'{"object":"instagram","entry":"not a list"}'),
        (
            "wrong-types-item",
            envelope('{"sender":"x","recipient":[],"timestamp":"soon","message":[1,2]}', ms).encode(),
        ),
        (
            "wrong-types-message",
            envelope(
                item(s, ms, '{"mid":{"a":1},"text":42,"attachments":"none","quick_reply":7,"reply_to":true}'), ms
            ).encode(),
        ),
        (
            "wrong-types-everywhere",
            b'{"object":7,"entry":[null,true,1.5,"s",[],{"id":[],"time":{},"messaging":{"a":1},"changes":"x"}]}',
        ),
        ("not-json", b"\x00\x01{not json at all"),
    ]

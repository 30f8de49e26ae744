"""Poison webhook bodies for scripts/drills/poison: each is signed like Meta's and aimed at
one way input has broken servers (deep nesting, huge numbers, NUL, bad UTF-8, giant strings,
duplicate keys, wrong types). Standard library only."""
import json
import time

from webhooks import ACCOUNT

MAX_BODY = 8 << 20  # serve's limit; larger bodies get 413
PARSER_MAX_DEPTH = 64  # WebhookLimits.maxDepth


def envelope(item_json, ms):
    """A body around one messaging item given as JSON text (so it may be anything)."""
    return ('{"object":"instagram","entry":[{"id":"%s","time":%d,"messaging":[%s]}]}' % (ACCOUNT, ms, item_json)).encode()


def item(sender, ms, message_json):
    return '{"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":%d,"message":%s}' % (sender, ACCOUNT, ms, message_json)


def nested(depth):
    return "[" * depth + "1" + "]" * depth


def bodies(tag, ms=None):
    """(name, body bytes) pairs; `tag` keeps mids unique between rounds."""
    ms = ms if ms is not None else int(time.time() * 1000)
    s = "poison-%s" % tag  # the sender: poison bodies get their own contacts
    # the message object sits at depth 6 (body, entry list, entry, messaging list, item, message)
    at_max = PARSER_MAX_DEPTH - 6
    out = [
        ("nested-20", envelope(item(s, ms, '{"mid":"%s-n20","is_unsupported":true,"x":%s}' % (tag, nested(20))), ms)),
        ("nested-max", envelope(item(s, ms, '{"mid":"%s-nmax","is_unsupported":true,"x":%s}' % (tag, nested(at_max))), ms)),
        ("nested-over-max", envelope(item(s, ms, '{"mid":"%s-nover","is_unsupported":true,"x":%s}' % (tag, nested(at_max + 1))), ms)),
        ("timestamp-1e300", envelope(item(s, 0, '{"mid":"%s-t300","text":"hi"}' % tag).replace('"timestamp":0', '"timestamp":1e300'), ms)),
        ("entry-time-1e300", ('{"object":"instagram","entry":[{"id":"%s","time":1e300,"messaging":[%s]}]}' % (ACCOUNT, item(s, ms, '{"mid":"%s-e300","text":"hi"}' % tag))).encode()),
        ("huge-ids", envelope('{"sender":{"id":1e300},"recipient":{"id":-1e308},"timestamp":%d,"message":{"mid":1e300,"text":"hi"}}' % ms, ms)),
        ("big-integers", envelope(item(s, ms, '{"mid":"%s-bigint","text":"hi","n":123456789012345678901234567890}' % tag), ms)),
        ("nul-text", envelope(item(s, ms, '{"mid":"%s-nul","text":"a\\u0000b"}' % tag), ms)),
        ("lone-surrogate", envelope(item(s, ms, '{"mid":"%s-sur","text":"\\ud800 and \\udfff"}' % tag), ms)),
        ("bad-escape", envelope(item(s, ms, '{"mid":"%s-esc","text":"\\uZZZZ"}' % tag), ms)),
        ("invalid-utf8", envelope(item(s, ms, '{"mid":"%s-utf8","text":"' % tag + '\xff\xfe\xc3' + '"}'), ms).replace(b"\xc3\xbf\xc3\xbe\xc3\x83", b"\xff\xfe\xc3")),
        ("giant-text", envelope(item(s, ms, '{"mid":"%s-giant","text":"%s"}' % (tag, "g" * (MAX_BODY - 1024))), ms)),
        ("over-the-limit", b'{"object":"instagram","pad":"' + b"x" * MAX_BODY + b'"}'),
        ("duplicate-keys", envelope(item(s, ms, '{"mid":"%s-dup","mid":"%s-dup2","text":"one","text":"two"}' % (tag, tag)), ms)),
        ("cyclic-looking", ('{"object":"instagram","entry":[{"id":"%s","time":%d,"entry":[{"id":"%s"}],"$ref":"#/entry/0","messaging":[%s]}]}'
                            % (ACCOUNT, ms, ACCOUNT, item(s, ms, '{"mid":"%s-cyc","text":"hi","$ref":"#"}' % tag))).encode()),
        ("wrong-types-entry", b'{"object":"instagram","entry":"not a list"}'),
        ("wrong-types-item", envelope('{"sender":"x","recipient":[],"timestamp":"soon","message":[1,2]}', ms)),
        ("wrong-types-message", envelope(item(s, ms, '{"mid":{"a":1},"text":42,"attachments":"none","quick_reply":7,"reply_to":true}'), ms)),
        ("wrong-types-everywhere", b'{"object":7,"entry":[null,true,1.5,"s",[],{"id":[],"time":{},"messaging":{"a":1},"changes":"x"}]}'),
        ("not-json", b"\x00\x01{not json at all"),
    ]
    return out

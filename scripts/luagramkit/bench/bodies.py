"""Webhook bodies as the benchmarks post them, pre-signed into wrk's body files."""

import time

from ..payloads import ACCOUNT, comment_event, compact, dm_event
from ..signing import sign
from .common import THREADS


def write_bodies(prefix, bodies):
    """Splits the bodies over one file per wrk thread (round robin), one `sig\\tbody` line each."""
    files = [open(f"{prefix}.{n}", "wb") for n in range(THREADS)]
    for index, body in enumerate(bodies):
        f = files[index % THREADS]
        f.write(sign(body).encode() + b"\t" + body + b"\n")
    for f in files:
        f.close()


FILLER = (
    "Hi! I saw the blue dress in your last post and I love it. Could you tell me the price, "
    "which sizes you still have, whether it comes in other colours, how long shipping takes "
    "to Lisbon and whether I can return it if it does not fit? I would also like to know if "
    "the fabric is cotton or linen, and if there is a discount for two pieces. Thank you so "
    "much, your shop is lovely and I have been following it for a long time. "
)


def dm_body(account, contact, mid, ms, size=1024):
    """A DM webhook of exactly `size` bytes (the text is padded), as Meta posts it."""

    def make(text):
        return compact(dm_event(account, contact, mid, text, ms))

    bare = len(make(""))
    text = (FILLER * (size // len(FILLER) + 1))[: max(0, size - bare)]
    return make(text)


def dm_bodies(count, accounts, contacts, tag, size=1024):
    ms = int(time.time() * 1000)
    out = []
    for i in range(count):
        account = accounts[i % len(accounts)]
        contact = str(5_000_000_000_000_000 + (i % contacts))
        out.append(dm_body(account, contact, f"bench-{tag}-{i}", ms, size))
    return out


POST = "17895695668004550"


def comment_body(i, ms):
    comment = str(18_000_000_000_000_000 + i)
    sender = str(6_000_000_000_000_000 + i)
    return compact(comment_event(ACCOUNT, POST, comment, sender, f"fan.{i}", "LINK please 😍", ms))


def account_ids(n):
    return [str(17_841_400_000_000_001 + k) for k in range(n)]


def account_token(account):
    return f"fake-graph-token-{account}"

"""The Python side of scripts/drills/meta-twin, run by it step by step:
`python3 -m luagramkit.drills.meta_twin STEP ARGS…`."""

import json
import sys
import time

from ..payloads import ACCOUNT, dm
from ..poster import Poster
from ..signing import sign


def post(argv):
    """EVENTS CONTACTS PORT WORK: posts signed DMs from CONTACTS contacts, retried until
    acknowledged; writes how many were acknowledged to WORK/acked."""
    events, contacts, port, work = int(argv[0]), int(argv[1]), int(argv[2]), argv[3]
    poster = Poster(port, timeout=5)
    acked = 0
    for i in range(events):
        body = dm(f"twin-{i}", f"hello {i}", f"user-{i % contacts}")
        acked += poster.deliver(body, sign(body), attempts=200, pause=0.05)
    with open(f"{work}/acked", "w") as out:
        out.write(str(acked))


def foreign(argv):
    """PORT: a person answers contact user-0 from the Instagram app (an echo Luagram never
    sent), then that contact writes again."""
    poster = Poster(int(argv[0]), timeout=5)
    ms = int(time.time() * 1000)
    item = {
        "sender": {"id": ACCOUNT},
        "recipient": {"id": "user-0"},
        "timestamp": ms,
        "message": {"mid": "typed-in-the-app", "text": "Hi, Marta here from the shop!", "is_echo": True},
    }
    echo = json.dumps({"object": "instagram", "entry": [{"id": ACCOUNT, "time": ms, "messaging": [item]}]}).encode()
    if not poster.deliver(echo, sign(echo), attempts=50, pause=0.1):
        sys.exit("the foreign echo was not acknowledged")
    time.sleep(1)
    body = dm("after-the-person", "thanks Marta", "user-0", ms + 2000)
    if not poster.deliver(body, sign(body), attempts=50, pause=0.1):
        sys.exit("the DM after the foreign echo was not acknowledged")


if __name__ == "__main__":
    {"post": post, "foreign": foreign}[sys.argv[1]](sys.argv[2:])

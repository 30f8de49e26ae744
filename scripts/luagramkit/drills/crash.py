"""The Python side of scripts/drills/crash, run by it step by step:
`python3 -m luagramkit.drills.crash STEP ARGS…`."""

import sys

from ..payloads import dm
from ..poster import Poster
from ..signing import sign


def post(argv):
    """EVENTS PORT WORK: posts signed DMs, retried until acknowledged, into WORK/acked.txt."""
    events, port, work = int(argv[0]), int(argv[1]), argv[2]
    poster = Poster(port, timeout=5)
    with open(f"{work}/acked.txt", "w") as acked:
        for i in range(events):
            mid = f"drill-{i}"
            body = dm(mid, f"order {i}", f"user-{i % 200}")
            if poster.deliver(body, sign(body), attempts=400, pause=0.05):  # Meta retries what was not acknowledged
                acked.write(mid + "\n")
                acked.flush()


if __name__ == "__main__":
    {"post": post}[sys.argv[1]](sys.argv[2:])

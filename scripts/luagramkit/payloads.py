"""Meta webhook bodies for Instagram: DMs and comments, as dicts or bytes."""

import json
import time

ACCOUNT = "17841400000000001"  # the account the drills and most benchmarks serve
WEBHOOK_PATH = "/webhooks/instagram"


def now_ms() -> int:
    return int(time.time() * 1000)


def dm_event(account, sender, mid, text, ms):
    """One DM as Meta posts it (the entry's time and the item's timestamp are the same)."""
    return {
        "object": "instagram",
        "entry": [
            {
                "id": account,
                "time": ms,
                "messaging": [
                    {
                        "sender": {"id": sender},
                        "recipient": {"id": account},
                        "timestamp": ms,
                        "message": {"mid": mid, "text": text},
                    }
                ],
            }
        ],
    }


def dm(mid, text, sender, ms=None, account=ACCOUNT) -> bytes:
    """A DM body with json's default separators: the drills' SQL matches `"mid": "…"`."""
    return json.dumps(dm_event(account, sender, mid, text, now_ms() if ms is None else ms)).encode()


def compact(event) -> bytes:
    """As Meta sends it: no spaces."""
    return json.dumps(event, separators=(",", ":")).encode()


def comment_event(account, post, comment_id, sender, username, text, ms):
    return {
        "object": "instagram",
        "entry": [
            {
                "id": account,
                "time": ms,
                "changes": [
                    {
                        "field": "comments",
                        "value": {
                            "id": comment_id,
                            "text": text,
                            "from": {"id": sender, "username": username},
                            "media": {"id": post, "media_product_type": "FEED"},
                        },
                    }
                ],
            }
        ],
    }

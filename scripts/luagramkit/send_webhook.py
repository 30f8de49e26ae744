"""scripts/send-webhook: posts a webhook body to a running `luagram serve`, signed the way
Meta signs it, with its timestamps moved to now (KEEP_TIME=1 keeps them).

    python3 -m luagramkit.send_webhook [FILE] [URL]

The secret is LUAGRAM_APP_SECRET, else the development secret `serve --dev` accepts.
Exit status: 0 when the server answered 2xx, 1 for another answer or none, 2 for a file
that cannot be read."""

import os
import sys
import time
import urllib.error
import urllib.request

from .payloads import WEBHOOK_PATH
from .signing import DEV_SECRET, HEADER, sign
from .timeshift import shift_to_now

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_FILE = "examples/rules/events/dm_price.json"
DEFAULT_URL = "http://127.0.0.1:8080" + WEBHOOK_PATH


def fail(message, status):
    print(f"send-webhook: {message}", file=sys.stderr)
    return status


def resolve(path):
    """As given, else from the repository root (the README's paths are written from there)."""
    if os.path.exists(path) or os.path.isabs(path):
        return path
    from_root = os.path.join(ROOT, path)
    return from_root if os.path.exists(from_root) else path


def main(argv):
    if any(arg in ("-h", "--help") for arg in argv) or len(argv) > 2:
        print(__doc__)
        return 0 if len(argv) <= 2 else 2
    path = resolve(argv[0] if argv else DEFAULT_FILE)
    url = argv[1] if len(argv) > 1 else DEFAULT_URL
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as error:
        return fail(f"cannot read {path}: {error.strerror or error}", 2)

    body = raw
    if os.environ.get("KEEP_TIME", "0") != "1":
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            print("send-webhook: not UTF-8; sent as it is, timestamps unchanged", file=sys.stderr)
        else:
            shifted, moved = shift_to_now(text, int(time.time() * 1000))
            body = shifted.encode("utf-8")
            if moved == 0:
                print("send-webhook: no time, timestamp or created_time field to move to now", file=sys.stderr)

    secret = os.environ.get("LUAGRAM_APP_SECRET", "").encode() or DEV_SECRET
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json", HEADER: sign(body, secret)}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, answer = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, answer = error.code, error.read()
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return fail(f"no answer from {url} ({reason}); is `scripts/run` running?", 1)
    print(f"{answer.decode('utf-8', 'replace')} (HTTP {status})")
    return 0 if 200 <= status < 300 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

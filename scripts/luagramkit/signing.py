"""Webhook signatures the way Meta makes them: X-Hub-Signature-256 is an HMAC-SHA256 of the
raw body with the app secret."""

import hashlib
import hmac

DEV_SECRET = b"luagram-development-secret"  # what `luagram serve --dev` accepts
HEADER = "X-Hub-Signature-256"


def sign(body: bytes, secret: bytes = DEV_SECRET) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()

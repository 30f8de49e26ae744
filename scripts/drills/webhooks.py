"""Webhook bodies signed the way Meta signs them, and a poster that retries like Meta.

Shared by the drills (standard library only): `sys.path.insert(0, "scripts/drills")`.
"""
import hashlib
import hmac
import http.client
import json
import time

SECRET = b"luagram-development-secret"  # what `luagram serve --dev` accepts
ACCOUNT = "17841400000000001"
PATH = "/webhooks/instagram"


def dm(mid, text, sender, ms=None):
    """A Meta webhook body with one DM, as bytes."""
    ms = ms if ms is not None else int(time.time() * 1000)
    return json.dumps({"object": "instagram", "entry": [{"id": ACCOUNT, "time": ms, "messaging": [{
        "sender": {"id": sender}, "recipient": {"id": ACCOUNT}, "timestamp": ms,
        "message": {"mid": mid, "text": text}}]}]}).encode()


def sign(body, secret=SECRET):
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


class Poster:
    """One keep-alive connection to `luagram serve`; reconnects after any error."""

    def __init__(self, port, timeout=10):
        self.port, self.timeout, self.conn = port, timeout, None

    def post(self, body, signature=None, path=PATH):
        """The HTTP status, or None when the connection failed."""
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers["X-Hub-Signature-256"] = signature
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.conn.request("POST", path, body, headers)
            response = self.conn.getresponse()
            response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status
        except Exception:
            self.close()
            return None

    def get(self, path):
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.conn.request("GET", path)
            response = self.conn.getresponse()
            response.read()
            return response.status
        except Exception:
            self.close()
            return None

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
        self.conn = None

    def deliver(self, body, signature, attempts=600, pause=0.05, statuses=None):
        """Posts until acknowledged (200), as Meta retries what was not; counts every status
        in `statuses` (a dict) and returns whether it was acknowledged."""
        for _ in range(attempts):
            status = self.post(body, signature)
            if statuses is not None:
                statuses[status] = statuses.get(status, 0) + 1
            if status == 200:
                return True
            time.sleep(pause)
        return False

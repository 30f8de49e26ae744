"""Posting webhooks to `luagram serve` over one keep-alive connection, retried like Meta."""

import http.client
import time

from .payloads import WEBHOOK_PATH
from .signing import HEADER


class Poster:
    """One keep-alive connection; reconnects after any error."""

    def __init__(self, port, timeout=10, host="127.0.0.1"):
        self.host, self.port, self.timeout, self.conn = host, port, timeout, None

    def _request(self, method, path, body=None, headers=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        self.conn.request(method, path, body, headers or {})
        response = self.conn.getresponse()
        response.read()
        return response

    def post(self, body, signature=None, path=WEBHOOK_PATH):
        """The HTTP status, or None when the connection failed."""
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers[HEADER] = signature
        try:
            response = self._request("POST", path, body, headers)
        except (OSError, http.client.HTTPException):
            self.close()
            return None
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status

    def get(self, path):
        try:
            return self._request("GET", path).status
        except (OSError, http.client.HTTPException):
            self.close()
            return None

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except OSError:
                pass  # a connection that is already broken needs no closing
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

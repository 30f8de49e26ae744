"""The PostgreSQL server of the tests and drills: LUAGRAM_TEST_DATABASE_URL when set, else a
throwaway one from scripts/postgres-test-server (started on first use, stopped at exit), and
its URL without the password, for printing. Run as a module (scripts/test):

  python3 -m luagramkit.postgres redact URL
      prints URL without its password
"""

import atexit
import os
import re
import subprocess
import sys
import tempfile

SERVER_SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "postgres-test-server")

_started = {}  # folder -> URL of the servers this process started


def start(folder=None):
    """Starts a test server in folder (a new temporary one by default), stopped at exit; its URL."""
    folder = folder or tempfile.mkdtemp(prefix="luagram-postgres.")
    atexit.register(stop, folder)
    url = subprocess.run([SERVER_SCRIPT, "start", folder], check=True, stdout=subprocess.PIPE, text=True).stdout
    _started[folder] = url.strip()
    return _started[folder]


def stop(folder):
    """Stops the test server in folder and removes the folder (nothing if it is gone)."""
    _started.pop(folder, None)
    subprocess.run([SERVER_SCRIPT, "stop", folder], check=False)


def postgres_url():
    """LUAGRAM_TEST_DATABASE_URL if set, else the URL of a test server this process started
    (one for all callers)."""
    url = os.environ.get("LUAGRAM_TEST_DATABASE_URL")
    if url:
        return url
    if _started:
        return next(iter(_started.values()))
    return start()


# The password in the query or a keyword string: `password=...` up to the next & or space.
PASSWORD_PARAMETER = re.compile(r"(?i)(^|[?&\s])password=[^&\s]*")


def redact(url):
    """url without its password: `postgres://user:secret@host/db` becomes `postgres://user@host/db`
    and a `password=` parameter `password=***`."""
    scheme, sep, rest = url.partition("://")
    if sep:
        # The userinfo ends at the authority's last @: a careless password may hold @ or /.
        head_end = min((i for i in (rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
        at = rest.rfind("@", 0, head_end)
        if at >= 0:
            user = rest[:at].split(":", 1)[0]
            rest = (user + "@" if user else "") + rest[at + 1 :]
        url = scheme + sep + rest
    return PASSWORD_PARAMETER.sub(r"\1password=***", url)


def main(args):
    if len(args) == 2 and args[0] == "redact":
        print(redact(args[1]))
        return 0
    sys.exit("usage: python3 -m luagramkit.postgres redact URL")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

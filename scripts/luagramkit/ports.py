"""Free TCP ports on 127.0.0.1. Run as a module it prints one (for the bash drills)."""

import socket


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    print(free_port())

"""Reading the databases a benchmark's server wrote, and the disk they sit on."""

import json
import os
import subprocess
import time


def sqlite(db, sql):
    out = subprocess.run(["sqlite3", db, sql], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"sqlite3 {db}: {out.stderr}")
    return out.stdout


def scalar(db, sql):
    return int(sqlite(db, sql).strip() or 0)


def open_db(path):
    import sqlite3

    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def sqlite_inbox_times(db_path):
    """{mid: received_at in seconds} of the inbox's DM bodies."""
    out = {}
    db = open_db(db_path)
    for received_at, body in db.execute("select received_at, body from inbox"):
        try:
            entry = json.loads(body)["entry"][0]
            mid = entry["messaging"][0]["message"]["mid"]
        except (ValueError, KeyError, IndexError):
            continue
        out.setdefault(mid, received_at / 1e6)
    db.close()
    return out


def fsync_ms(folder, count=40):
    """The disk's fsync latency where the databases live: what a durable commit waits for."""
    path = os.path.join(folder, "fsync.probe")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        started = time.perf_counter()
        for _ in range(count):
            os.write(fd, b"x" * 4096)
            os.fsync(fd)
        return (time.perf_counter() - started) / count * 1000
    finally:
        os.close(fd)
        os.unlink(path)


def remove_db(path):
    for suffix in ("", "-wal", "-shm", "-inbox", "-inbox-wal", "-inbox-shm"):
        try:
            os.unlink(path + suffix)
        except FileNotFoundError:
            pass

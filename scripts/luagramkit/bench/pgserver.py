"""The PostgreSQL server of the -pg benchmarks: a schema of its own for each run, psql with
the password kept off the command line, what the nodes wrote, and the CPU the server's
processes use (read from /proc, so only for a server on this machine)."""

import os
import re
import secrets
import subprocess
import urllib.parse

from ..postgres import redact

# Options of Luagram's postgres:// URLs that libpq (psql) does not know.
LUAGRAM_OPTIONS = ("schema", "pool")
PLAIN_NAME = re.compile(r"[A-Za-z0-9_]+")


def new_schema():
    """A schema name no other run uses: letters, digits and _, as serve requires."""
    return "bench_" + secrets.token_hex(6)


def with_options(url, **options):
    """url with its query options set (replaced if present; None removes one)."""
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k not in options]
    query += [(k, str(v)) for k, v in options.items() if v is not None]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query, safe="")))


def psql_target(url):
    """(URL for psql without the password and Luagram's own options, the password or None)."""
    parts = urllib.parse.urlsplit(url)
    password = urllib.parse.unquote(parts.password) if parts.password is not None else None
    netloc = parts.netloc.rsplit("@", 1)
    if len(netloc) == 2:
        user = netloc[0].split(":", 1)[0]
        netloc = f"{user}@{netloc[1]}" if user else netloc[1]
    else:
        netloc = netloc[0]
    stripped = urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    return with_options(stripped, **dict.fromkeys(LUAGRAM_OPTIONS)), password


def psql(url, sql, timeout=120):
    """Rows of sql (lists of text fields), run with psql; raises RuntimeError on failure."""
    target, password = psql_target(url)
    env = dict(os.environ)
    if password is not None:
        env["PGPASSWORD"] = password
    out = subprocess.run(
        ["psql", "-X", "-q", "-tA", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", target, "-c", sql],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
    if out.returncode != 0:
        raise RuntimeError(f"psql on {redact(target)}: {out.stderr.strip()}")
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def drop_schema(url, schema):
    if not PLAIN_NAME.fullmatch(schema):
        raise ValueError(f"not a plain schema name: {schema!r}")
    psql(url, f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def server_settings(url):
    """What decides the cost of a commit on this server, for the record."""
    names = ("server_version", "fsync", "synchronous_commit", "wal_sync_method", "shared_buffers", "max_connections")
    try:
        rows = psql(url, f"SELECT name, setting, coalesce(unit, '') FROM pg_settings WHERE name IN ({_list(names)})")
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
        return {"error": str(e)}
    settings = {name: setting + (f" ({unit})" if unit else "") for name, setting, unit in rows}
    settings["url"] = redact(with_options(url, **dict.fromkeys(LUAGRAM_OPTIONS)))
    return settings


def _list(names):
    return ", ".join(f"'{n}'" for n in names)


def epoch_seconds(value):
    """A stored time as seconds since 1970, whatever its unit (µs, ms or s since 1970)."""
    value = float(value)
    if value > 1e14:
        return value / 1e6
    if value > 1e11:
        return value / 1e3
    return value


def inbox_times(url, schema):
    """{mid: received_at in seconds} of the DM bodies in the schema's inbox, read whatever
    the column types (received_at a number or a timestamp, body bytea, text or jsonb)."""
    columns = dict(
        psql(
            url,
            "SELECT column_name, data_type FROM information_schema.columns "
            f"WHERE table_schema = '{schema}' AND table_name = 'inbox'",
        )
    )
    if "received_at" not in columns or "body" not in columns:
        raise RuntimeError(f"{schema}.inbox has no received_at and body (columns: {sorted(columns)})")
    received = "received_at" if "timestamp" not in columns["received_at"] else "extract(epoch FROM received_at)"
    body = {"bytea": "convert_from(body, 'UTF8')::jsonb", "jsonb": "body"}.get(columns["body"], "body::jsonb")
    rows = psql(
        url,
        f"SELECT {received}, {body} #>> '{{entry,0,messaging,0,message,mid}}' FROM {schema}.inbox",
    )
    out = {}
    for at, mid in rows:
        if mid:
            seconds = epoch_seconds(at)
            out[mid] = min(seconds, out.get(mid, seconds))
    return out


def stored_bodies(url, schema):
    return int(psql(url, f"SELECT count(*) FROM {schema}.inbox")[0][0])


def lease_holders(url, schema):
    """{kind: {node: leases}} of the leases not run out."""
    rows = psql(
        url,
        f"SELECT kind, node, count(*) FROM {schema}.luagram_leases "
        "WHERE expires_at > (extract(epoch FROM clock_timestamp()) * 1000000)::bigint GROUP BY kind, node",
    )
    out = {}
    for kind, node, count in rows:
        out.setdefault(kind, {})[node] = int(count)
    return out


def balanced(holders, nodes):
    """Whether every node holds its share of every kind of lease (at least the total over
    the number of nodes, rounded down): the split the nodes settle on."""
    if not holders:
        return False
    for by_node in holders.values():
        total = sum(by_node.values())
        if any(by_node.get(node, 0) < total // len(nodes) for node in nodes):
            return False
    return True


# ---- CPU of the server's processes ------------------------------------------------------


def listening_inodes(tcp_text, port):
    """Inodes of the sockets listening on port in /proc/net/tcp (or tcp6) text."""
    inodes = set()
    for line in tcp_text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 10:
            continue
        local, state, inode = fields[1], fields[3], fields[9]
        if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
            inodes.add(inode)
    return inodes


def stat_fields(stat_text):
    """(ppid, utime + stime, cutime + cstime) in clock ticks, from /proc/PID/stat text."""
    fields = stat_text.rsplit(")", 1)[1].split()
    return int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def _pids():
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def listener_pid(port):
    """The process listening on 127.0.0.1:port (PostgreSQL's postmaster), or None."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        text = _read(table)
        if text:
            inodes |= listening_inodes(text, port)
    if not inodes:
        return None
    wanted = {f"socket:[{i}]" for i in inodes}
    for pid in _pids():
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") in wanted:
                    return pid
            except OSError:
                continue
    return None


class ServerCPU:
    """CPU seconds used by a local PostgreSQL server: the postmaster, its live children
    (backends, WAL writer, checkpointer…) and the children it has reaped (a connection that
    closed meanwhile). None when the server is not on this machine or cannot be found."""

    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        self.pid = None
        if parts.hostname in ("127.0.0.1", "localhost", "::1"):
            self.pid = listener_pid(parts.port or 5432)

    def seconds(self):
        if self.pid is None:
            return None
        own = _read(f"/proc/{self.pid}/stat")
        if own is None:
            return None
        _, used, reaped = stat_fields(own)
        ticks = used + reaped
        for pid in _pids():
            text = _read(f"/proc/{pid}/stat")
            if text:
                ppid, used, _ = stat_fields(text)
                if ppid == self.pid:
                    ticks += used
        return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds(stat_text=None):
    """CPU seconds all cores of the machine spent busy (not idle or waiting), from /proc/stat:
    what everything on it used, other users' work included."""
    text = stat_text if stat_text is not None else _read("/proc/stat")
    if not text:
        return None
    fields = [int(v) for v in text.splitlines()[0].split()[1:]]
    # user nice system idle iowait irq softirq steal (guest time is inside user already)
    busy = sum(fields[:8]) - fields[3] - fields[4]
    return busy / os.sysconf("SC_CLK_TCK")

"""What a benchmark trial loads: `luagram serve` on a fresh SQLite file (one node), or one or
two nodes sharing a fresh schema on PostgreSQL. A backend starts a deployment; the
deployment gives the URLs to load, the CPU its processes used, its /metrics, and what its
inbox holds, and is removed after the trial."""

import os
import subprocess
import time

from ..ports import free_port
from ..processes import STARTED, Serve, serve_command, serve_environment
from . import pgserver
from .common import log
from .store import remove_db, scalar, sqlite_inbox_times
from .wrk import split_body_files

SERVE = "serve"  # the process key of a single node's CPU; nodes of a cluster are serve-1, serve-2
POSTGRES = "postgres"
MACHINE = "machine"  # every process of the machine, other users' included: not a process of ours


def serve_has_node_option(bin_dir):
    """Whether this build's serve runs in a cluster on PostgreSQL (has --node)."""
    out = subprocess.run(
        [os.path.join(bin_dir, "luagram"), "serve", "--help"], capture_output=True, text=True, timeout=60
    )
    return "--node" in out.stdout + out.stderr


def merged_metrics(samples):
    """One /metrics view of several nodes: a gauge of the whole store reads the same on every
    node, so the largest reading is kept (a node that did not answer counts as none)."""
    merged = {}
    for sample in samples:
        for key, value in sample.items():
            merged[key] = max(value, merged.get(key, value))
    return merged


def cpu_delta(before, after):
    """{process: seconds} used between two samples (None where a sample is missing)."""
    return {
        k: (None if before.get(k) is None or after.get(k) is None else round(after[k] - before[k], 3)) for k in after
    }


def serve_seconds(delta):
    """The CPU seconds of all serve nodes in a cpu_delta."""
    return sum(v for k, v in delta.items() if k.startswith(SERVE) and v is not None)


def per_thousand(delta, events):
    """CPU seconds per 1,000 events of each process of a cpu_delta."""
    if not events:
        return {k: None for k in delta}
    return {k: (None if v is None else round(v / events * 1000, 4)) for k, v in delta.items()}


class SqliteBackend:
    label = "SQLite"
    nodes = 1

    def prefixes(self, prefix):
        return [prefix]

    def start(self, a, work, name, rules, tokens, graph_url, extra=()):
        return SqliteDeployment(Serve(a.bin, work, name, rules, tokens, graph_url, extra=extra))


class SqliteDeployment:
    def __init__(self, serve):
        self.serve = serve
        self.urls = [serve.url]

    def cpu(self):
        return {SERVE: self.serve.cpu_seconds(), MACHINE: pgserver.machine_busy_seconds()}

    def metrics(self):
        return self.serve.metrics()

    def stop(self):
        self.serve.stop()

    def received_times(self):
        return sqlite_inbox_times(self.serve.inbox)

    def stored(self):
        return scalar(self.serve.inbox, "select count(*) from inbox")

    def remove(self):
        remove_db(self.serve.db)


class ClusterNode(Serve):
    """`luagram serve --dev` as one node of a cluster on PostgreSQL: the database is a URL,
    the node has a name and a send journal of its own."""

    def __init__(self, bin_dir, work, name, db_url, rules, tokens, graph_url, extra=()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.name = name
        self.db = db_url
        self.journal = os.path.join(work, f"{name}.send-journal")
        self.log_path = os.path.join(work, f"{name}.serve.log")
        env = serve_environment(tokens, clean=True)
        options = ["--bench-routes", "--node", name, "--send-journal", self.journal, *extra]
        args = serve_command(bin_dir, db_url, rules, self.port, graph_url, options)
        self.log_file = open(self.log_path, "wb")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(args, stdout=self.log_file, stderr=subprocess.STDOUT, cwd=work, env=env)
        STARTED.append(self.proc)
        self.ready_after = self.wait_ready()


class PostgresBackend:
    """nodes serve processes on one fresh schema of the server at url (one per deployment)."""

    def __init__(self, url, nodes, settle=5.0, lease_wait=20.0, pool=None):
        self.url = url
        self.nodes = nodes
        self.settle = settle
        self.lease_wait = lease_wait
        self.pool = pool
        self.label = f"PostgreSQL, {nodes} node{'s' if nodes > 1 else ''}"
        self.server_cpu = pgserver.ServerCPU(url)
        self._prefixes = {}

    def prefixes(self, prefix):
        if prefix not in self._prefixes:
            self._prefixes[prefix] = split_body_files(prefix, self.nodes)
        return self._prefixes[prefix]

    def start(self, a, work, name, rules, tokens, graph_url, extra=()):
        schema = pgserver.new_schema()
        db = pgserver.with_options(self.url, schema=schema, pool=self.pool)
        deployment = PostgresDeployment(self, schema)
        try:
            # one after the other: the first runs the migrations, the next finds them done
            for k in range(self.nodes):
                deployment.nodes.append(
                    ClusterNode(a.bin, work, f"{name}-n{k + 1}", db, rules, tokens, graph_url, extra=extra)
                )
            deployment.wait_for_leases(self.lease_wait)
            if self.nodes > 1:
                time.sleep(self.settle)
        except BaseException:
            deployment.stop()
            deployment.remove()
            raise
        return deployment


class PostgresDeployment:
    def __init__(self, backend, schema):
        self.backend = backend
        self.schema = schema
        self.nodes = []

    @property
    def urls(self):
        return [n.url for n in self.nodes]

    def wait_for_leases(self, timeout):
        """Until every node holds its share of the leases (or timeout s: then say so and go on)."""
        names = [n.name for n in self.nodes]
        deadline = time.monotonic() + timeout
        holders = {}
        while time.monotonic() < deadline:
            try:
                holders = pgserver.lease_holders(self.backend.url, self.schema)
            except RuntimeError as e:
                # no lease table where it was expected: the settling time alone must do
                log(f"  {self.backend.label}: cannot read the leases ({e}); waiting {self.backend.settle:g} s instead")
                time.sleep(self.backend.settle)
                return False
            if pgserver.balanced(holders, names):
                return True
            time.sleep(0.25)
        log(f"  {self.backend.label}: the leases did not settle within {timeout:g} s ({holders}); measuring anyway")
        return False

    def cpu(self):
        sample = {}
        for k, node in enumerate(self.nodes):
            sample[SERVE if len(self.nodes) == 1 else f"{SERVE}-{k + 1}"] = node.cpu_seconds()
        sample[POSTGRES] = self.backend.server_cpu.seconds()
        sample[MACHINE] = pgserver.machine_busy_seconds()
        return sample

    def metrics(self):
        return merged_metrics(node.metrics() for node in self.nodes)

    def stop(self):
        for node in self.nodes:
            node.stop()

    def received_times(self):
        return pgserver.inbox_times(self.backend.url, self.schema)

    def stored(self):
        return pgserver.stored_bodies(self.backend.url, self.schema)

    def remove(self):
        try:
            pgserver.drop_schema(self.backend.url, self.schema)
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
            log(f"  could not drop schema {self.schema}: {e}")
        for node in self.nodes:
            try:
                os.unlink(node.journal)
            except OSError:
                pass

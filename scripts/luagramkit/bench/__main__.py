"""Load benchmarks of scripts/bench: ingest, e2e, viral, footprint, and the final report.

    python3 -m luagramkit.bench BENCH --bin DIR --work DIR --out FILE [options]
    python3 -m luagramkit.bench report --results FILE [--ran NAME...]

ingest-pg and e2e-pg measure the same on PostgreSQL with one node and with two, beside
SQLite in the same invocation; the server is LUAGRAM_TEST_DATABASE_URL or a throwaway one
(scripts/postgres-test-server), each deployment in a schema of its own, dropped after it.

Each benchmark starts its own `luagram serve` (and `fake-graph`) from the release build in
--bin, on free ports of 127.0.0.1, drives it with wrk (2 threads, 32 connections), and
writes its figures as one JSON object to --out. `report` prints the final table from
bench-results.json. Only the standard library is used.
"""

import argparse
import os
import signal
import sys

from .common import LOAD, ROOT
from .e2e import bench_e2e, bench_e2e_pg
from .footprint import bench_footprint
from .ingest import bench_ingest, bench_ingest_pg
from .results import merge, report
from .viral import bench_viral
from .viral_sim import bench_viral_sim


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "bench", choices=["ingest", "ingest-pg", "e2e", "e2e-pg", "viral", "viral-sim", "footprint", "merge", "report"]
    )
    p.add_argument("--bin", help="the release build's bin folder")
    p.add_argument("--work", help="a scratch folder")
    p.add_argument("--out", help="where the benchmark writes its figures (JSON)")
    p.add_argument("--results", default=os.path.join(ROOT, "bench-results.json"))
    p.add_argument("--ran", nargs="*", default=None, help="the sections this run measured")
    p.add_argument("--section", dest="sections", action="append", default=[], help="NAME=FILE (merge)")
    p.add_argument("--rounds", type=int, default=2, help="ingest: rounds of bare + webhook")
    p.add_argument("--accounts", type=int, default=100)
    p.add_argument("--ingest-seconds", type=int, default=10)
    p.add_argument("--ingest-bodies", type=int, default=40_000)
    p.add_argument("--e2e-seconds", type=int, default=30, help="the sustained run")
    p.add_argument("--e2e-overload-seconds", type=int, default=15)
    p.add_argument("--e2e-step-seconds", type=int, default=12, help="each paced run of the ladder")
    p.add_argument("--e2e-steps", type=int, default=12, help="at most this many paced runs")
    p.add_argument("--e2e-warmup", type=float, default=4)
    p.add_argument("--e2e-bodies", type=int, default=300_000)
    p.add_argument("--e2e-drain", type=float, default=60)
    p.add_argument("--sqlite-e2e", help="e2e-pg: the e2e section of this run (SQLite's figure), if it ran")
    p.add_argument("--pg-settle", type=float, default=5, help="s to wait after two nodes split the leases")
    p.add_argument("--pg-pool", type=int, default=None, help="connections per node (serve's default if unset)")
    p.add_argument("--viral-comments", type=int, default=100_000)
    p.add_argument("--viral-max-seconds", type=int, default=900)
    p.add_argument("--viral-drain", type=float, default=600, help="s to wait after the burst for the inbox to drain")
    p.add_argument("--viral-tail", type=float, default=30, help="s to keep sampling after the inbox drained")
    p.add_argument("--csv", default=os.path.join(LOAD, "viral-depths.csv"))
    p.add_argument("--viral-sim-comments", type=int, default=100_000)
    p.add_argument("--viral-sim-spacing-ms", type=int, default=10)
    p.add_argument("--viral-late-comments", type=int, default=20_000, help="0: no late-delivery simulation")
    p.add_argument("--viral-late-days", type=float, default=6)
    p.add_argument("--viral-sim-timeout", type=int, default=7200)
    p.add_argument("--reload-files", type=int, default=50)
    p.add_argument("--startups", type=int, default=5)
    p.add_argument("--serve-reloads", type=int, default=3)
    a = p.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still stop what was started
    if a.bench == "merge":
        return merge(a)
    if a.bench == "report":
        return report(a)
    if not (a.bin and a.work and a.out):
        p.error("--bin, --work and --out are needed")
    a.bin, a.work, a.out = os.path.abspath(a.bin), os.path.abspath(a.work), os.path.abspath(a.out)
    {
        "ingest": bench_ingest,
        "ingest-pg": bench_ingest_pg,
        "e2e": bench_e2e,
        "e2e-pg": bench_e2e_pg,
        "viral": bench_viral,
        "viral-sim": bench_viral_sim,
        "footprint": bench_footprint,
    }[a.bench](a)


if __name__ == "__main__":
    main()

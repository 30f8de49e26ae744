"""What every benchmark shares: paths, wrk's shape, logging and writing results."""

import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
LOAD = os.path.join(ROOT, "benchmarks", "load")  # post.lua, the rules, viral-depths.csv
POST_LUA = os.path.join(LOAD, "post.lua")
TOKEN = "fake-graph-token-EAAG0000"
THREADS = 2
CONNECTIONS = 32


def log(message):
    print(message, file=sys.stderr, flush=True)


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100 * (len(sorted_values) - 1)))))
    return sorted_values[k]


def write_out(path, result):
    with open(path, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


def now_iso():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def key_values(text):
    values = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key] = value
    return values

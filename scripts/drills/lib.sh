# shellcheck shell=bash
# Shared by the drills (sourced, not run): building, free ports, starting fake-graph and
# `luagram serve` (their command lines and readiness waits are luagramkit.processes', shared
# with the benchmarks), and cleaning up. Environment:
#   LUAGRAM_SCRATCH_PATH   swift build's scratch path (default .build)
#   LUAGRAM_DRILLS_BUILT=1 skip the build (the runner builds once for all drills)
#   KEEP_WORK=1            keep the work folder (it is kept anyway when a drill fails)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo="$(pwd)"
# the drills' Python steps: python3 -m luagramkit.drills.<drill>
export PYTHONPATH="$repo/scripts${PYTHONPATH:+:$PYTHONPATH}"
scratch="${LUAGRAM_SCRATCH_PATH:-.build}"
account=17841400000000001
access_token=fake-graph-token-EAAG0000
drill_pids=()
work="$(mktemp -d "${TMPDIR:-/tmp}/luagram-drill.XXXXXX")"
drill_cleanups=()

drill_exit() {
  local status=$?
  for pid in "${drill_pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for pid in "${drill_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for (( i=${#drill_cleanups[@]}-1; i>=0; i-- )); do eval "${drill_cleanups[$i]}" || true; done
  if [ "$status" = 0 ] && [ "${KEEP_WORK:-0}" != 1 ]; then rm -rf "$work"; else echo "(work folder kept: $work)" >&2; fi
  exit "$status"
}
trap drill_exit EXIT

build_drill_binaries() {
  if [ "${LUAGRAM_DRILLS_BUILT:-0}" != 1 ]; then
    scripts/setup >&2
    swift build --scratch-path "$scratch" --product luagram >&2
    swift build --scratch-path "$scratch" --product fake-graph >&2
  fi
  bin="$(swift build --scratch-path "$scratch" --show-bin-path)"
  luagram_bin="$bin/luagram"
}

free_port() {
  python3 -m luagramkit.ports
}

# start_fake_graph [fake-graph options…]: sets graph_pid and graph_url; the request log is
# written to $work/graph.jsonl when it stops (stop_fake_graph).
# shellcheck disable=SC2120 # the options are optional: most drills pass none
start_fake_graph() {
  : > "$work/graph.out"
  python3 -m luagramkit.processes exec-fake-graph "$bin" "$work/graph.jsonl" "$@" > "$work/graph.out" 2>&1 &
  graph_pid=$!
  drill_pids+=("$graph_pid")
  graph_url="$(python3 -m luagramkit.processes wait-fake-graph "$work/graph.out" "$graph_pid")" && return
  cat "$work/graph.out" >&2
  echo "fake-graph did not start" >&2
  return 1
}

stop_fake_graph() {
  kill -TERM "$graph_pid" 2>/dev/null || true
  wait "$graph_pid" 2>/dev/null || true
}

# start_serve DB RULES [serve options…]: sets serve_pid and serve_url (logs to $work/serve.log,
# or to $serve_log when set: one log per node of a cluster).
# Listens on a free port, or on $keep_port when set (a restart on the same address).
start_serve() {
  local db="$1" rules="$2" log="${serve_log:-$work/serve.log}"
  shift 2
  serve_port="${keep_port:-$(free_port)}"
  serve_url="http://127.0.0.1:$serve_port"
  python3 -m luagramkit.processes exec-serve "$bin" "$db" "$rules" "$serve_port" "$graph_url" \
    --token "$account=$access_token" -- "$@" >> "$log" 2>&1 &
  serve_pid=$!
  drill_pids+=("$serve_pid")
  python3 -m luagramkit.processes wait-serve "$serve_url" "$serve_pid" && return
  tail -20 "$log" >&2
  echo "serve did not start" >&2
  return 1
}

stop_serve() {
  kill -TERM "$serve_pid" 2>/dev/null || true
  wait "$serve_pid" 2>/dev/null || true
}

# Whether `luagram serve` has an option (for options a newer Luagram may add). grep reads the
# whole help: `grep -q` would stop at the match, and serve, still writing, would fail the
# pipeline (pipefail) with SIGPIPE now and then.
serve_has_option() {
  "$luagram_bin" serve --help 2>&1 | grep -- "$1" >/dev/null
}

# metric NAME: the value of an unlabelled metric from /metrics (or of the first sample).
# metric 'NAME{label="value"}': the value of that sample. Written as a number (gauges come
# as 1.0, counters as 1): 1.0 reads 1.
metric() {
  { curl -s -m 5 "$serve_url/metrics" || true; } | awk -v name="$1" '$1 == name || index($1, name "{") == 1 { print $2 + 0; exit }'
}

# wait_for DESCRIPTION SECONDS COMMAND…: polls COMMAND every 0.2 s until it succeeds (fails
# at once if $watch_pid is set and that process is gone).
wait_for() {
  local what="$1" seconds="$2"
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if [ -n "${watch_pid:-}" ] && ! kill -0 "$watch_pid" 2>/dev/null; then
      echo "stopped waiting for $what: process $watch_pid (serve) is gone" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "timed out after ${seconds}s waiting for $what" >&2
      return 1
    fi
    sleep 0.2
  done
}

sql() {
  sqlite3 -cmd ".timeout 5000" "$db" "$1"
}

# The same on the inbox file beside the database (the raw webhook bodies).
inbox_sql() {
  sqlite3 -cmd ".timeout 5000" "$db-inbox" "$1"
}

# The outbox is settled: nothing pending or being sent.
outbox_settled() {
  [ "$(sql "select count(*) from outbox where state in ('pending', 'sending')")" = 0 ]
}

inbox_settled() {
  [ "$(inbox_sql "select count(*) from inbox where state = 'pending'")" = 0 ]
}

# Prints the drill's summary block.
summary() {
  echo
  echo "=== $1 ==="
  shift
  for line in "$@"; do echo "  $line"; done
}

"""1. Rule dispatch: the medians of scripts/bench's rounds of the rules host against plain
lua5.4, printed as a table and written as the dispatch section.

    python3 -m luagramkit.bench.dispatch WORK ROUNDS SECONDS HANDLERS OUT

WORK holds host.N and plain.N (key=value lines), one of each per round."""

import json
import statistics
import sys
import time


def read(path):
    values = {}
    with open(path) as f:
        for line in f:
            key, sep, value = line.rstrip("\n").partition("=")
            if sep:
                values[key] = value
    return values


def main(work, rounds, seconds, handlers, out):
    rounds = int(rounds)
    host = [read(f"{work}/host.{r}") for r in range(1, rounds + 1)]
    plain = [read(f"{work}/plain.{r}") for r in range(1, rounds + 1)]
    host_rates = [float(h["events_per_s"]) for h in host]
    plain_rates = [float(p["events_per_s"]) for p in plain]
    host_median = statistics.median(host_rates)
    plain_median = statistics.median(plain_rates)
    ratio = host_median / plain_median

    print(f"{'round':>5}  {'host ev/s':>12}  {'plain ev/s':>12}  {'ratio':>6}", file=sys.stderr)
    for r, (h, p) in enumerate(zip(host_rates, plain_rates, strict=True), 1):
        print(f"{r:>5}  {h:>12.1f}  {p:>12.1f}  {h / p:>6.3f}", file=sys.stderr)
    print(f"{'median':>5}  {host_median:>12.1f}  {plain_median:>12.1f}  {ratio:>6.3f}", file=sys.stderr)
    verdict = "meets" if ratio >= 1.0 else "below"
    print(f"dispatch: host / plain = {ratio:.3f}x ({verdict} the 1.0x target)", file=sys.stderr)

    with open(out, "w") as f:
        json.dump(
            {
                "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "host_events_per_s": round(host_median, 1),
                "plain_lua_events_per_s": round(plain_median, 1),
                "ratio": round(ratio, 3),
                "handlers": int(handlers),
                # events the host dispatched in its timed rounds (all rounds together)
                "events": sum(int(h["events"]) for h in host),
                "plain_lua_events": sum(int(p["events"]) for p in plain),
                "intents_per_event": int(host[0]["intents"]),
                "rounds": rounds,
                "seconds_per_round": float(seconds),
                "host_rounds": host_rates,
                "plain_lua_rounds": plain_rates,
            },
            f,
            indent=2,
        )


if __name__ == "__main__":
    main(*sys.argv[1:])

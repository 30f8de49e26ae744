"""bench-results.json: merging the sections of a run, and the final table."""

import json
import os

from .common import now_iso, write_out


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "machine": f"{os.uname().machine}, {os.cpu_count()}",
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "kernel": os.uname().release,
    }


def merge(a):
    try:
        with open(a.results) as f:
            results = json.load(f)
    except (OSError, ValueError):
        results = {}
    date = now_iso()
    for pair in a.sections:
        name, _, path = pair.partition("=")
        with open(path) as f:
            section = json.load(f)
        section.setdefault("date", date)
        results[name] = section
    results.update({"date": date, **machine()})
    results["ran"] = a.ran
    order = [
        "date",
        "machine",
        "cpu",
        "nproc",
        "kernel",
        "ran",
        "dispatch",
        "ingest",
        "ingest_pg",
        "e2e",
        "e2e_pg",
        "viral",
        "viral_sim",
        "footprint",
    ]
    ordered = {k: results[k] for k in order if k in results}
    ordered.update({k: v for k, v in results.items() if k not in ordered})
    write_out(a.results, ordered)


def table(results, ran=()):
    """(section, figure, value, baseline, ratio, goal, met) rows."""
    rows = []

    def add(section, figure, value, baseline="–", ratio=None, goal="–", met=None):
        rows.append(
            (
                section,
                figure,
                value,
                baseline,
                "–" if ratio is None else f"{ratio:.3f}×",
                goal,
                "–" if met is None else ("yes" if met else "NO"),
            )
        )

    def num(x, d=0):
        return "–" if x is None else f"{x:,.{d}f}"

    d = results.get("dispatch")
    if d:
        add(
            "dispatch",
            "rule dispatch, events/s (host)",
            num(d["host_events_per_s"]),
            f"{num(d['plain_lua_events_per_s'])} (plain lua5.4)",
            d["ratio"],
            "≥ 1.0×",
            d["ratio"] >= 1.0,
        )
    i = results.get("ingest")
    if i:
        add(
            "ingest",
            "durable ingest, requests/s",
            num(i["webhook_requests_per_s"]),
            f"{num(i['bare_requests_per_s'])} (bare route)",
            i["ratio"],
            "≥ 0.6×",
            i["ratio"] >= 0.6,
        )
        add(
            "ingest",
            "durable ingest p50, ms",
            num(i["webhook_p50_ms"], 2),
            f"{num(i['bare_p50_ms'], 2)} (bare)",
            i["webhook_p50_ms"] / i["bare_p50_ms"] if i["bare_p50_ms"] else None,
        )
        add(
            "ingest",
            "durable ingest p99, ms",
            num(i["webhook_p99_ms"], 2),
            f"{num(i['bare_p99_ms'], 2)} (bare)",
            i["webhook_p99_ms"] / i["bare_p99_ms"] if i["bare_p99_ms"] else None,
            "≤ 5 ms",
            i["webhook_p99_ms"] <= 5,
        )
        add("ingest", "  acknowledged but not in the inbox", num(i.get("lost")), goal="0", met=i.get("lost") == 0)
        t = i.get("tmpfs_webhook")
        if t:
            add(
                "ingest",
                "  diagnostic: database on tmpfs, requests/s",
                num(t["requests_per_s"]),
                f"{num(i['bare_requests_per_s'])} (bare)",
                t["requests_per_s"] / i["bare_requests_per_s"],
            )
            add("ingest", "  diagnostic: database on tmpfs, p99 ms", num(t["p99_ms"], 2))
        add("ingest", "  diagnostic: disk fsync, ms", num(i.get("fsync_ms"), 2))
    e = results.get("e2e")
    if e:
        base = i["webhook_requests_per_s"] if i else None
        stale = " *" if ran and "e2e" in ran and "ingest" not in ran else ""
        add(
            "e2e",
            "end to end, events/s sustained 30 s (webhook → Send API)",
            num(e["events_per_s"], 1),
            f"{num(base)} (durable ingest){stale}" if base else "–",
            e["events_per_s"] / base if base else None,
            "≥ 5,000/s",
            e["events_per_s"] >= 5000,
        )
        add("e2e", "  ack → send p50, ms (at that rate)", num(e["p50_ms"], 1))
        add("e2e", "  ack → send p99, ms", num(e["p99_ms"], 1))
        add("e2e", "  events not sent after the drain", num(e.get("unsent")), goal="0", met=e.get("unsent") == 0)
        o = e["overload"]
        add(
            "e2e",
            "  overloaded: Send API requests/s while posting flat out",
            num(o["sent_per_s"], 1),
            f"{num(o['posted_per_s'])} (posted)",
            o["sent_per_s"] / o["posted_per_s"] if o["posted_per_s"] else None,
        )
        add("e2e", "  serve's CPU at the sustained rate, cores", num(e["sustained"]["serve_cores"], 2))
    ip = results.get("ingest_pg")
    if ip:
        pg_rows(add, num, "ingest_pg", "ingest", ip, "requests/s", "requests")
    ep = results.get("e2e_pg")
    if ep:
        pg_rows(add, num, "e2e_pg", "end to end", ep, "events/s sustained", "events")
    v = results.get("viral")
    if v:
        add(
            "viral",
            f"viral burst ingest, comments/s ({num(v['comments'])} comments)",
            num(v["ingest_per_s"]),
            f"{num(v['bare_per_s'])} (bare route)",
            v["ratio"],
            "≥ 0.5×",
            v["ratio"] >= 0.5,
        )
        add("viral", "  time to ingest all, s", num(v["ingest_seconds"], 1), f"{num(v['bare_seconds'], 1)} (bare)")
        add(
            "viral",
            "  stored in the inbox (distinct)",
            num(v["stored_distinct"]),
            goal=num(v["comments"]),
            met=v["stored_distinct"] == v["comments"],
        )
        add("viral", "  time until all processed, s", num(v["processed_all_after_s"], 1))
        add(
            "viral",
            "  peak RSS of serve, MiB",
            num(v["peak_rss_mib"], 1),
            goal="≤ 200 MB",
            met=v["peak_rss_mib"] is not None and v["peak_rss_mib"] * 1.048576 <= 200,
        )
    sims = results.get("viral_sim") or {}
    for key in ("burst", "late"):
        s = sims.get(key)
        if not s:
            continue
        late = f" {s['late_days']:g} days late" if s.get("late_days") else ""
        if not s.get("finished"):
            add(
                "viral_sim",
                f"simulate {num(s['comments'])} comments{late}",
                "did not finish",
                goal="finishes",
                met=False,
            )
            continue
        add("viral_sim", f"simulate {num(s['comments'])} comments{late}, 8 virtual days: wall s", num(s["wall_s"], 1))
        add(
            "viral_sim",
            "  private replies in any hour (max)",
            num(s["max_per_hour"]),
            "750 (Meta)",
            None,
            "≤ 750",
            s["max_per_hour"] <= 750,
        )
        add(
            "viral_sim",
            "  replies overtaken by a later comment's",
            num(s["overtaken"]),
            goal="0 (in order)",
            met=s["overtaken"] == 0,
        )
        add(
            "viral_sim",
            "  refused private_reply_expired",
            num(s["refused_expired"]),
            f"{num(s['expected_expired'])} (ideal queue)",
            None,
            "= ideal, none early",
            s["refused_expired"] == s["expected_expired"]
            and s["refused_expired_before_7_days"] == 0
            and s["sent_at_or_after_7_days"] == 0,
        )
        add(
            "viral_sim",
            "  lost / sent twice",
            f"{s['lost']} / {s['sent_twice']}",
            goal="0 / 0",
            met=s["lost"] == 0 and s["sent_twice"] == 0 and s["sent_and_refused"] == 0,
        )
        add(
            "viral_sim",
            "  last reply after, h",
            num(s["last_send_hours"], 1),
            f"{num(s['ideal_last_send_hours'], 1)} (ideal queue)",
        )
        add("viral_sim", "  peak RSS of simulate, MiB", num(s["max_rss_mib"], 1))
    f = results.get("footprint")
    if f:
        add(
            "footprint",
            f"memory per worker VM, KiB ({f['example_rule_files']} example rule files)",
            num(f["vm_memory_kib"], 1),
        )
        add("footprint", "  RSS per further worker VM, KiB", num(f["rss_per_further_vm_kib"], 1))
        add("footprint", "serve start-up to first 200 on /healthz, ms", num(f["startup_ms"], 1))
        add("footprint", f"rule reload, {f['reload_files']} files, ms", num(f["reload_ms"], 2))
    return rows


def pg_rows(add, num, section, what, r, unit, per):
    """The rows of ingest_pg or e2e_pg: each PostgreSQL deployment against SQLite of the same
    run, its latencies, the CPU each process spent per 1,000 events, and (e2e) what limited it."""
    base = r["sqlite"]
    add(
        section,
        f"{what} on SQLite (same run), {unit}",
        num(base["requests_per_s" if per == "requests" else "events_per_s"]),
    )
    base_rate = base["requests_per_s" if per == "requests" else "events_per_s"]
    for key, label in (("pg1", "1 node"), ("pg2", "2 nodes")):
        pg = r.get(key)
        if not pg:
            continue
        rate = pg["requests_per_s" if per == "requests" else "events_per_s"]
        goal = met = None
        if key == "pg1" and "goal_pg1" in r:
            goal, met = f"≥ {r['goal_pg1']}×", rate is not None and base_rate and rate / base_rate >= r["goal_pg1"]
        add(
            section,
            f"{what} on PostgreSQL, {label}, {unit}",
            num(rate),
            f"{num(base_rate)} (SQLite)",
            rate / base_rate if rate is not None and base_rate else None,
            goal or "–",
            met,
        )
        p50 = "ack → send p50 / p99, ms" if per == "events" else "p50 / p99, ms"
        add(
            section,
            f"  {p50}",
            f"{num(pg['p50_ms'], 2)} / {num(pg['p99_ms'], 2)}",
            f"{num(base['p50_ms'], 2)} / {num(base['p99_ms'], 2)} (SQLite)",
        )
        if pg.get("lost") is not None:
            add(section, "  acknowledged but not in the inbox", num(pg["lost"]), goal="0", met=pg["lost"] == 0)
        add(
            section,
            f"  CPU s per 1,000 {per}",
            cpu_cells(cpu_per_1000(pg)),
            f"{cpu_cells(cpu_per_1000(base))} (SQLite)",
        )


def limit_notes(results):
    """What limited each deployment of ingest_pg and e2e_pg (printed under the table: too long
    for a cell)."""
    lines = []
    for section in ("ingest_pg", "e2e_pg"):
        r = results.get(section) or {}
        for key, label in (("sqlite", "SQLite"), ("pg1", "PostgreSQL, 1 node"), ("pg2", "PostgreSQL, 2 nodes")):
            limit = (r.get(key) or {}).get("limit")
            if limit:
                lines.append(f"{section}, {label}: {limit}")
    return lines


def cpu_per_1000(r):
    """{process: CPU s per 1,000} of an ingest summary or an e2e search (its sustained run)."""
    figures = r.get("cpu_s_per_1000") or (r.get("sustained") or {}).get("cpu_s_per_1000") or {}
    return {k: v for k, v in figures.items() if k != "machine"}


def cpu_cells(figures):
    if not figures:
        return "–"
    return ", ".join(f"{k} {'–' if v is None else f'{v:.3f}'}" for k, v in figures.items())


def report(a):
    with open(a.results) as f:
        results = json.load(f)
    ran = set(a.ran or results.get("ran") or [])
    rows = table(results, ran)
    headers = ("figure", "value", "baseline", "ratio", "goal", "met?")
    body = []
    stale = False
    for section, *cells in rows:
        name = cells[0]
        if ran and section not in ran:
            name += " *"
            stale = True
        body.append((name, *cells[1:]))
    widths = [max(len(str(r[k])) for r in [headers] + body) for k in range(len(headers))]
    print()
    print(f"{results.get('date')}  {results.get('machine')} cores, {results.get('cpu')}, Linux {results.get('kernel')}")
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("-" * len(line))
    for r in body:
        print(
            "  ".join(
                (str(c).ljust(w) if k == 0 else str(c).rjust(w)) for k, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    if stale:
        print("* from an earlier run (its section's date in bench-results.json)")
    for note in limit_notes(results):
        print(note)
    results["table"] = [dict(zip(["section", *headers], r, strict=True)) for r in rows]
    write_out(a.results, results)

"""4b. The viral burst through `luagram simulate` on the virtual clock."""

import json
import os
import subprocess
import time
from datetime import UTC

from ..processes import STARTED
from .bodies import comment_body
from .common import LOAD, log, now_iso, write_out
from .store import open_db, remove_db

SIM_T0 = 1_795_000_000_000  # 2026-11-18T11:06:40Z, in ms
WEEK = 7 * 24 * 3600.0


def iso_seconds(text):
    # "2026-11-18T11:06:40.000Z"
    from datetime import datetime

    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC).timestamp()


def bench_viral_sim(a):
    """The burst through `luagram simulate` (see simulate_burst), twice: the viral burst as it
    happens (--viral-sim-comments delivered at once: all 100,000 can go within 7 days at 750
    an hour, 133 h, so none may expire), and a late delivery (--viral-late-comments written
    --viral-late-days before they reach the server: the tail must be refused as expired)."""
    result = {"date": now_iso(), "burst": simulate_burst(a, a.viral_sim_comments, 0, "burst")}
    if a.viral_late_comments > 0:
        result["late"] = simulate_burst(a, a.viral_late_comments, a.viral_late_days, "late")
    write_out(a.out, result)


def simulate_burst(a, n, late_days, tag):
    """Comment i at T0 + i × spacing, delivered `late_days` after T0, then {"tick"} lines
    every 15 minutes for 8 days. Checks the private replies against Meta's rules from the
    output lines and the database: ≤ 750 in any hour, in comment order, refused as
    private_reply_expired exactly when they would leave 7 days or more after their comment,
    none lost, none sent twice."""
    work = a.work
    spacing = a.viral_sim_spacing_ms
    late_ms = int(late_days * 86_400_000)
    comment_ms = [SIM_T0 + i * spacing for i in range(n)]
    input_path = os.path.join(work, f"viral-sim-{tag}.jsonl")
    start = SIM_T0 + late_ms
    with open(input_path, "wb") as f:
        if late_ms:
            f.write(json.dumps({"tick": start}).encode() + b"\n")
        for i in range(n):
            f.write(comment_body(i, comment_ms[i]) + b"\n")
        tick, end = start, SIM_T0 + 8 * 86_400_000 + late_ms
        while tick < end:
            tick += 15 * 60_000
            f.write(json.dumps({"tick": tick}).encode() + b"\n")
    # the simulation's database on tmpfs: its commits cost no disk flush (what is measured
    # is the pipeline on the virtual clock, not the disk)
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else work
    db_path = os.path.join(shm, f"luagram-bench-sim-{os.getpid()}-{tag}.db")
    remove_db(db_path)
    out_path = os.path.join(work, f"viral-sim-{tag}.out.jsonl")
    err_path = os.path.join(work, f"viral-sim-{tag}.err")
    rules = os.path.join(LOAD, "rules", "viral")
    log(f"viral simulate ({tag}): {n} comments, delivered {late_days} days late, ticks for 8 days…")
    started = time.monotonic()
    before = os.times()
    hwm = 0
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(
            [os.path.join(a.bin, "luagram"), "simulate", "--rules", rules, "--db", db_path, input_path],
            stdout=out,
            stderr=err,
        )
        STARTED.append(proc)
        code = None
        while True:
            try:
                code = proc.wait(1)
                break
            except subprocess.TimeoutExpired:
                try:
                    with open(f"/proc/{proc.pid}/status") as f:
                        hwm = max([hwm] + [int(line.split()[1]) for line in f if line.startswith("VmHWM:")])
                except OSError:
                    pass
                if time.monotonic() - started > a.viral_sim_timeout:
                    proc.kill()
                    proc.wait()
                    code = None
                    break
    wall = time.monotonic() - started
    after = os.times()
    result = {
        "comments": n,
        "spacing_ms": spacing,
        "late_days": late_days,
        "wall_s": round(wall, 1),
        "cpu_s": round(
            (after.children_user - before.children_user) + (after.children_system - before.children_system), 1
        ),
        "max_rss_mib": round(hwm / 1024, 1),
        "finished": code == 0,
        "exit": code,
    }
    if code != 0:
        result["error"] = (
            f"simulate did not finish within {a.viral_sim_timeout} s"
            if code is None
            else open(err_path, errors="replace").read()[-2000:]
        )
        log(f"viral simulate ({tag}): {result['error']}")
        remove_db(db_path)
        return result

    decided, due_sends, due_refusals, other_due = {}, {}, {}, 0
    with open(out_path) as f:
        for line in f:
            d = json.loads(line)
            if d.get("action") != "private_reply":
                continue
            event = d["event"]
            at = iso_seconds(d["at"])
            if d["phase"] == "decided":
                decided[event] = (d["verdict"], d.get("reason"), at)
            elif d["verdict"] == "send":
                due_sends.setdefault(event, []).append(at)
            elif d["verdict"] == "refuse":
                due_refusals.setdefault(event, []).append((d.get("reason"), at))
            else:
                other_due += 1
    db = open_db(db_path)
    states = dict(db.execute("select state, count(*) from outbox group by state").fetchall())
    reasons = dict(
        db.execute(
            "select coalesce(reason, ''), count(*) from outbox where state = 'refused' group by reason"
        ).fetchall()
    )
    sent_rows = dict(
        db.execute(
            "select outbox_id, count(*) from messages where direction = 'out' and status = 'sent' group by outbox_id"
        ).fetchall()
    )
    db.close()
    remove_db(db_path)

    def comment_id(i):
        return str(18_000_000_000_000_000 + i)

    send_time, refused_at, refused_reason = {}, {}, {}
    twice = 0
    for i in range(n):
        e = comment_id(i)
        sends = due_sends.get(e, [])
        verdict = decided.get(e, (None, None, None))
        immediate = verdict[0] == "send" and not sends and e not in due_refusals
        times = sends + ([verdict[2]] if immediate else [])
        if len(times) > 1:
            twice += 1
        if times:
            send_time[i] = min(times)
        if e in due_refusals:
            refused_reason[i], refused_at[i] = due_refusals[e][0]
        elif verdict[0] == "refuse":
            refused_reason[i], refused_at[i] = verdict[1], verdict[2]
    # a decided "send" line with no later line is a send at decision time only if the row
    # went out: the database says how many did
    sent_in_db = states.get("sent", 0)
    both = sum(1 for i in send_time if i in refused_at)
    lost = n - len(set(send_time) | set(refused_at))
    times = sorted(send_time.values())
    import bisect

    max_hour = max((bisect.bisect_left(times, t + 3600) - k for k, t in enumerate(times)), default=0)
    # overtaken: comments sent after some later comment was sent
    overtaken, later_min = 0, float("inf")
    for i in range(n - 1, -1, -1):
        if i in send_time:
            if send_time[i] > later_min:
                overtaken += 1
            later_min = min(later_min, send_time[i])
    late_sends = sum(1 for i, t in send_time.items() if t - comment_ms[i] / 1000 >= WEEK)
    early_refusals = sum(
        1
        for i, t in refused_at.items()
        if refused_reason[i] == "private_reply_expired" and t - comment_ms[i] / 1000 < WEEK
    )
    expired = sum(1 for r in refused_reason.values() if r == "private_reply_expired")
    # the ideal: first come, first served, 750 in any hour, a reply 7 days late is refused
    ideal, expected_expired = [], 0
    for i in range(n):
        t = max(comment_ms[i] / 1000, start / 1000)
        if len(ideal) >= 750:
            t = max(t, ideal[-750] + 3600)
        if t - comment_ms[i] / 1000 >= WEEK:
            expected_expired += 1
        else:
            ideal.append(t)
    result.update(
        {
            "private_replies_sent": len(send_time),
            "sent_in_db": sent_in_db,
            "refused_expired": expired,
            "refused_other": {
                r: sum(1 for x in refused_reason.values() if x == r)
                for r in set(refused_reason.values())
                if r != "private_reply_expired"
            },
            "expected_expired": expected_expired,
            "lost": lost,
            "sent_twice": twice + sum(1 for c in sent_rows.values() if c > 1),
            "sent_and_refused": both,
            "max_per_hour": max_hour,
            "overtaken": overtaken,
            "sent_at_or_after_7_days": late_sends,
            "refused_expired_before_7_days": early_refusals,
            "first_send": times[0] - SIM_T0 / 1000 if times else None,
            "last_send_hours": round((times[-1] - SIM_T0 / 1000) / 3600, 2) if times else None,
            "ideal_last_send_hours": round((ideal[-1] - SIM_T0 / 1000) / 3600, 2) if ideal else None,
            "outbox_states": states,
            "refusal_reasons": reasons,
            "other_due_lines": other_due,
        }
    )
    result["ok"] = (
        lost == 0
        and result["sent_twice"] == 0
        and both == 0
        and max_hour <= 750
        and overtaken == 0
        and late_sends == 0
        and early_refusals == 0
        and expired == expected_expired
        and sent_in_db == len(send_time)
        and states.get("pending", 0) == 0
    )
    log(
        f"viral simulate ({tag}): {n} comments in {wall:.0f} s; sent {len(send_time)}, refused expired {expired} "
        f"(ideal {expected_expired}), lost {lost}, sent twice {result['sent_twice']}, max per hour {max_hour}, "
        f"overtaken {overtaken}, last send after {result['last_send_hours']} h "
        f"(ideal {result['ideal_last_send_hours']} h)"
    )
    return result

import os
import tempfile
import unittest
from unittest import mock

from luagramkit.bench import deployment, e2e, ingest, pgserver, results, wrk


class SchemaAndURLs(unittest.TestCase):
    def test_a_new_schema_is_a_plain_name_and_never_the_same(self):
        names = {pgserver.new_schema() for _ in range(50)}
        self.assertEqual(len(names), 50)
        for name in names:
            self.assertRegex(name, r"^bench_[a-z0-9_]+$")

    def test_options_are_added_beside_the_existing_ones_or_replace_them(self):
        url = "postgres://luagram:luagram@127.0.0.1:55432/luagram?sslmode=disable"
        self.assertEqual(
            pgserver.with_options(url, schema="bench_1", pool=None),
            "postgres://luagram:luagram@127.0.0.1:55432/luagram?sslmode=disable&schema=bench_1",
        )
        self.assertEqual(
            pgserver.with_options(url + "&schema=old&pool=3", schema="new", pool=None),
            "postgres://luagram:luagram@127.0.0.1:55432/luagram?sslmode=disable&schema=new",
        )

    def test_psql_gets_neither_the_password_nor_luagrams_options(self):
        target, password = pgserver.psql_target("postgres://app:s%40cret@db:5433/x?sslmode=disable&schema=b&pool=4")
        self.assertEqual(target, "postgres://app@db:5433/x?sslmode=disable")
        self.assertEqual(password, "s@cret")
        self.assertEqual(pgserver.psql_target("postgres://db/x"), ("postgres://db/x", None))

    def test_a_schema_that_is_not_a_plain_name_is_never_dropped(self):
        with mock.patch.object(pgserver, "psql") as psql:
            with self.assertRaises(ValueError):
                pgserver.drop_schema("postgres://h/x", "x; DROP TABLE y")
            psql.assert_not_called()

    def test_stored_times_in_any_unit_become_seconds(self):
        self.assertAlmostEqual(pgserver.epoch_seconds(1_764_950_400_123_456), 1_764_950_400.123456)
        self.assertAlmostEqual(pgserver.epoch_seconds(1_764_950_400_123), 1_764_950_400.123)
        self.assertAlmostEqual(pgserver.epoch_seconds("1764950400.5"), 1_764_950_400.5)


class Leases(unittest.TestCase):
    def test_two_nodes_are_settled_once_each_holds_its_share_of_each_kind(self):
        nodes = ["a", "b"]
        self.assertFalse(pgserver.balanced({}, nodes))
        self.assertFalse(pgserver.balanced({"partition": {"a": 64}, "send": {"a": 16}}, nodes))
        self.assertFalse(pgserver.balanced({"partition": {"a": 40, "b": 24}, "send": {"a": 8, "b": 8}}, nodes))
        self.assertTrue(pgserver.balanced({"partition": {"a": 32, "b": 32}, "send": {"a": 9, "b": 8}}, nodes))

    def test_one_node_is_settled_once_it_holds_leases(self):
        self.assertTrue(pgserver.balanced({"partition": {"a": 64}}, ["a"]))


TCP = """  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:D878 00000000:0000 0A 00000000:00000000 00:00000000 00000000   104        0 41523 1 0
   1: 0100007F:D878 0100007F:9C40 01 00000000:00000000 00:00000000 00000000   104        0 51234 1 0
   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0
"""


class ProcFiles(unittest.TestCase):
    def test_the_listening_socket_of_a_port_is_found_not_its_connections(self):
        self.assertEqual(pgserver.listening_inodes(TCP, 55416), {"41523"})
        self.assertEqual(pgserver.listening_inodes(TCP, 8080), {"777"})
        self.assertEqual(pgserver.listening_inodes(TCP, 1), set())

    def test_stat_fields_survive_a_command_name_with_spaces_and_parentheses(self):
        stat = "4242 (postgres: luagram (x)) S 4200 4242 4242 0 -1 4194560 10 0 0 0 120 30 7 3 20 0 1 0 99 0 0"
        self.assertEqual(pgserver.stat_fields(stat), (4200, 150, 10))

    def test_busy_time_leaves_out_idle_and_iowait(self):
        tick = os.sysconf("SC_CLK_TCK")
        text = f"cpu  {tick * 3} 0 {tick} {tick * 100} {tick * 5} 0 {tick} 0 0 0\ncpu0 1 2 3\n"
        self.assertAlmostEqual(pgserver.machine_busy_seconds(text), 5.0)

    def test_the_server_of_another_machine_has_no_cpu_figure(self):
        with mock.patch.object(pgserver, "listener_pid") as find:
            self.assertIsNone(pgserver.ServerCPU("postgres://u@db.example:5432/x").seconds())
            find.assert_not_called()


class SpreadLoad(unittest.TestCase):
    def test_bodies_are_dealt_to_the_nodes_without_a_duplicate(self):
        with tempfile.TemporaryDirectory() as folder:
            prefix = os.path.join(folder, "b")
            for n in range(wrk.THREADS):
                with open(f"{prefix}.{n}", "w") as f:
                    f.writelines(f"sig\tbody-{n}-{i}\n" for i in range(7))
            self.assertEqual(wrk.split_body_files(prefix, 1), [prefix])
            parts = wrk.split_body_files(prefix, 2)
            seen = []
            for part in parts:
                for n in range(wrk.THREADS):
                    with open(f"{part}.{n}") as f:
                        lines = f.read().splitlines()
                    self.assertIn(len(lines), (3, 4))
                    seen += lines
            self.assertEqual(sorted(seen), sorted(f"sig\tbody-{n}-{i}" for n in range(wrk.THREADS) for i in range(7)))

    def test_combined_wrk_runs_add_rates_and_keep_the_worst_percentile(self):
        a = {"wall_s": 10.0, "output": "a", "requests": 100, "requests_per_s": 10.0, "non_2xx": 1, "socket_errors": 0}
        b = {"wall_s": 10.5, "output": "b", "requests": 50, "requests_per_s": 5.0, "non_2xx": 0, "socket_errors": 2}
        a.update(p50_ms=1.0, p75_ms=2.0, p90_ms=3.0, p99_ms=9.0)
        b.update(p50_ms=2.0, p75_ms=2.5, p90_ms=2.9, p99_ms=4.0)
        c = wrk.combine_wrk([a, b])
        self.assertEqual((c["requests"], c["requests_per_s"], c["non_2xx"], c["socket_errors"]), (150, 15.0, 1, 2))
        self.assertEqual((c["p50_ms"], c["p90_ms"], c["p99_ms"], c["wall_s"]), (2.0, 3.0, 9.0, 10.5))
        self.assertEqual(len(c["per_node"]), 2)
        self.assertNotIn("output", c["per_node"][0])
        self.assertEqual(wrk.combine_wrk([a]), a)


class CPU(unittest.TestCase):
    def test_cpu_per_thousand_events_of_each_process(self):
        before = {"serve-1": 10.0, "serve-2": 5.0, "postgres": None, "machine": 100.0}
        after = {"serve-1": 14.0, "serve-2": 8.0, "postgres": 3.0, "machine": 120.0}
        used = deployment.cpu_delta(before, after)
        self.assertEqual(used, {"serve-1": 4.0, "serve-2": 3.0, "postgres": None, "machine": 20.0})
        self.assertEqual(deployment.serve_seconds(used), 7.0)
        self.assertEqual(
            deployment.per_thousand(used, 2000), {"serve-1": 2.0, "serve-2": 1.5, "postgres": None, "machine": 10.0}
        )
        self.assertEqual(deployment.per_thousand(used, 0)["serve-1"], None)

    def test_metrics_of_several_nodes_keep_the_largest_reading(self):
        merged = deployment.merged_metrics([{"x": 1.0, "y": 5.0}, {}, {"x": 3.0}])
        self.assertEqual(merged, {"x": 3.0, "y": 5.0})

    def test_the_limit_names_the_busiest_process_when_the_machine_is_full(self):
        trial = {"cpu_s": {"serve": 10.0, "postgres": 6.0, "machine": 19.0}, "cpu_window_s": 10.0}
        note = e2e.limit_note(trial, 2)
        self.assertTrue(note.startswith("CPU-bound"), note)
        self.assertIn("serve the largest", note)
        self.assertIn("everything else 0.30", note)
        idle = e2e.limit_note({"cpu_s": {"serve": 3.0, "machine": 5.0}, "cpu_window_s": 10.0}, 2)
        self.assertTrue(idle.startswith("not CPU-bound"), idle)
        self.assertEqual(e2e.limit_note({}, 2), "unknown (no CPU figures)")

    def test_the_limit_is_read_where_the_rate_was_not_sustained(self):
        def trial(posted, sent):
            return {"posted_per_s": posted, "sent_per_s": sent, "inbox_pending_at_end": 0}

        kept, lost, overload = trial(1000, 1000), trial(1200, 900), trial(3000, 800)
        self.assertIs(e2e.limiting_trial({"overload": overload, "ladder": [kept, lost]}), lost)
        self.assertIs(e2e.limiting_trial({"overload": overload, "ladder": [kept, kept]}), overload)


def run(rate, p99, stored, acknowledged=1000):
    return {
        "requests_per_s": rate,
        "p50_ms": 1.0,
        "p99_ms": p99,
        "serve_cores": 1.0,
        "stored": stored,
        "acknowledged": acknowledged,
        "cpu_s": {"serve": 1.0, "machine": 1.8},
        "cpu_window_s": 1.0,
        "cpu_s_per_1000": {"serve": rate / 1000, "machine": 2.0},
    }


class IngestSummary(unittest.TestCase):
    def test_medians_and_losses_of_the_runs(self):
        s = ingest.summary([run(900, 5, 1000), run(1100, 3, 990), run(1000, 4, 1000)], "PostgreSQL, 1 node")
        self.assertEqual((s["requests_per_s"], s["p99_ms"], s["lost"]), (1000, 4, 10))
        self.assertEqual(s["cpu_s_per_1000"], {"serve": 1.0})
        self.assertTrue(s["limit"].startswith("CPU-bound"))

    def test_an_inbox_that_could_not_be_counted_loses_nothing_it_knows_of(self):
        s = ingest.summary([run(900, 5, None), run(1100, 3, 1000)], "x")
        self.assertIsNone(s["lost"])


class Table(unittest.TestCase):
    def test_the_pg_rows_give_ratios_against_sqlite_and_the_goal_of_one_node(self):
        figures = {"p50_ms": 2.0, "p99_ms": 8.0, "sustained": {"cpu_s_per_1000": {"serve": 0.2, "machine": 0.5}}}
        section = {
            "sqlite": {"events_per_s": 4000.0, **figures},
            "pg1": {"events_per_s": 3000.0, **figures, "limit": "CPU-bound"},
            "pg2": {"events_per_s": 2000.0, **figures},
            "goal_pg1": 0.7,
        }
        rows = results.table({"e2e_pg": section})
        pg1 = next(r for r in rows if "PostgreSQL, 1 node" in r[1])
        pg2 = next(r for r in rows if "PostgreSQL, 2 nodes" in r[1])
        self.assertEqual((pg1[4], pg1[5], pg1[6]), ("0.750×", "≥ 0.7×", "yes"))
        self.assertEqual((pg2[4], pg2[6]), ("0.500×", "–"))
        cpu = next(r for r in rows if "CPU s per 1,000 events" in r[1])
        self.assertEqual(cpu[2], "serve 0.200")
        self.assertEqual(results.limit_notes({"e2e_pg": section}), ["e2e_pg, PostgreSQL, 1 node: CPU-bound"])

    def test_one_node_under_the_goal_is_not_met(self):
        section = {
            "sqlite": {"events_per_s": 4000.0, "p50_ms": 1, "p99_ms": 2},
            "pg1": {"events_per_s": 2000.0, "p50_ms": 1, "p99_ms": 2},
            "goal_pg1": 0.7,
        }
        pg1 = next(r for r in results.table({"e2e_pg": section}) if "1 node" in r[1])
        self.assertEqual(pg1[6], "NO")


if __name__ == "__main__":
    unittest.main()

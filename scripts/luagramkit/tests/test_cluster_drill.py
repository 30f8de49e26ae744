import json
import unittest

from luagramkit.drills import cluster


def send_line(text, recipient="user-1"):
    return json.dumps(
        {"path": "/v21.0/me/messages", "body": {"recipient": {"id": recipient}, "message": {"text": text}}}
    )


class Plan(unittest.TestCase):
    def test_a_contact_alternates_dm_and_comment_over_every_node(self):
        planned = cluster.plan(600, 60, 3)
        mine = [e for e in planned if e.contact == "user-7"]
        self.assertEqual([e.seq for e in mine], list(range(10)))
        self.assertEqual([e.kind for e in mine[:4]], ["dm", "comment", "dm", "comment"])
        self.assertEqual({e.node for e in mine}, {0, 1, 2})

    def test_contacts_a_multiple_of_the_nodes_still_spread(self):
        # 300 contacts on 3 nodes: a plain i % 3 would send each contact to one node only
        planned = cluster.plan(3000, 300, 3)
        by_node = [sum(1 for e in planned if e.node == n) for n in range(3)]
        self.assertEqual(sum(by_node), 3000)
        self.assertTrue(all(900 <= n <= 1100 for n in by_node), by_node)
        self.assertEqual(sum(1 for e in planned if e.kind == "comment"), 1500)

    def test_ids_and_replies_name_the_event(self):
        dm, comment = cluster.plan(4, 2, 3)[0], cluster.plan(4, 2, 3)[3]
        self.assertEqual((dm.event_id, dm.text, dm.reply), ("cl-m-0", "m user-0 0", "re m user-0 0"))
        self.assertEqual((comment.event_id, comment.reply), ("cl-c-3", "pr c user-1 1"))

    def test_bodies_carry_the_contact_and_the_time(self):
        dm, comment = cluster.plan(4, 2, 3)[0], cluster.plan(4, 2, 3)[3]
        message = json.loads(cluster.body_of(dm, 1234))["entry"][0]["messaging"][0]
        self.assertEqual(
            (message["sender"]["id"], message["message"]["mid"], message["timestamp"]), ("user-0", "cl-m-0", 1234)
        )
        value = json.loads(cluster.body_of(comment, 99))["entry"][0]["changes"][0]["value"]
        self.assertEqual((value["id"], value["from"]["id"], value["text"]), ("cl-c-3", "user-1", "c user-1 1"))


class GraphLog(unittest.TestCase):
    def test_only_the_drills_replies_are_read_in_order(self):
        lines = [
            send_line("re m user-1 0"),
            "not json {",
            json.dumps({"path": "/v21.0/me/conversations", "body": None}),
            send_line("hello there"),
            send_line("pr c user-2 1", recipient="cl-c-1"),
            "",
        ]
        replies = cluster.sent_replies(lines)
        self.assertEqual([(r.kind, r.contact, r.seq) for r in replies], [("re", "user-1", 0), ("pr", "user-2", 1)])

    def test_a_reply_sent_twice_is_found_and_is_no_break(self):
        replies = cluster.sent_replies([send_line(t) for t in ("re m user-1 0", "re m user-1 2", "re m user-1 0")])
        self.assertEqual(cluster.duplicates(replies), ["re m user-1 0"])
        self.assertEqual(cluster.order_breaks(replies), [])

    def test_private_replies_tried_again_are_told_apart(self):
        texts = ["pr c user-1 1", "re m user-1 2", "pr c user-1 1"]
        replies = cluster.sent_replies([send_line(t) for t in texts])
        self.assertEqual(cluster.duplicates(replies), [])
        self.assertEqual(cluster.duplicates(replies, "pr"), ["pr c user-1 1"])
        self.assertEqual(cluster.order_breaks(replies), [])

    def test_each_contact_keeps_its_own_order(self):
        texts = ["re m user-1 0", "re m user-2 0", "pr c user-2 1", "pr c user-1 1", "re m user-1 2", "re m user-2 2"]
        replies = cluster.sent_replies([send_line(t) for t in texts])
        self.assertEqual(cluster.order_breaks(replies), [])
        self.assertEqual(cluster.duplicates(replies), [])

    def test_a_reply_behind_a_later_one_breaks_the_order(self):
        texts = ["re m user-1 0", "re m user-1 4", "re m user-1 2", "re m user-1 6"]
        breaks = cluster.order_breaks(cluster.sent_replies([send_line(t) for t in texts]))
        self.assertEqual(breaks, [("user-1", 4, 2)])

    def test_a_deferred_private_reply_leaves_no_gap_in_the_order(self):
        # comment 1's private reply waits for the limit: DMs 0 and 2 in order are fine
        texts = ["re m user-1 0", "re m user-1 2"]
        self.assertEqual(cluster.order_breaks(cluster.sent_replies([send_line(t) for t in texts])), [])

    def test_private_replies_over_the_limit_are_counted(self):
        replies = cluster.sent_replies([send_line(f"pr c user-{i} 1") for i in range(5)] + [send_line("re m user-1 0")])
        self.assertEqual(cluster.private_replies_over(replies, 5), 0)
        self.assertEqual(cluster.private_replies_over(replies, 3), 2)

    def test_a_private_reply_tried_again_counts_against_the_limit(self):
        replies = cluster.sent_replies([send_line("pr c user-1 1"), send_line("pr c user-1 1")])
        self.assertEqual(cluster.private_replies_over(replies, 1), 1)

    def test_unanswered_dms_are_named(self):
        planned = cluster.plan(4, 2, 3)  # DMs cl-m-0 and cl-m-1, comments cl-c-2 and cl-c-3
        replies = cluster.sent_replies([send_line("re m user-0 0")])
        self.assertEqual([e.event_id for e in cluster.missing(replies, planned, "dm")], ["cl-m-1"])


if __name__ == "__main__":
    unittest.main()

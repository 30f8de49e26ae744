import json
import unittest

from luagramkit.timeshift import shift_to_now

NOW = 1_800_000_000_000


class ShiftToNow(unittest.TestCase):
    def test_the_latest_becomes_now_and_the_others_keep_their_distance(self):
        body = '{"entry":[{"time": 1767607200456,"messaging":[{"timestamp":1767607200123}]}]}'
        shifted, moved = shift_to_now(body, NOW)
        entry = json.loads(shifted)["entry"][0]
        self.assertEqual(moved, 2)
        self.assertEqual(entry["time"], NOW)
        self.assertEqual(entry["messaging"][0]["timestamp"], NOW - 333)

    def test_seconds_stay_seconds(self):
        shifted, _ = shift_to_now('{"entry": [{"time": 1767607200, "changes": []}]}', NOW)
        self.assertEqual(json.loads(shifted)["entry"][0]["time"], NOW // 1000)

    def test_strings_and_nested_created_time(self):
        body = '{"a": {"b": [{"created_time": "1767607100"}]}, "time": 1767607200}'
        shifted = json.loads(shift_to_now(body, NOW)[0])
        self.assertEqual(shifted["a"]["b"][0]["created_time"], str(NOW // 1000 - 100))

    def test_iso_created_time_keeps_its_shape(self):
        body = '{"created_time": "2026-01-05T10:00:00+0000", "time": 1767607200}'
        shifted = json.loads(shift_to_now(body, NOW)[0])
        self.assertEqual(shifted["created_time"], "2027-01-15T08:00:00+0000")

    def test_everything_else_is_untouched(self):
        body = '{"text": "time: 1767607200", "timeout": 1767607200, "time": 1767607200}'
        shifted, moved = shift_to_now(body, NOW)
        self.assertEqual(moved, 1)
        self.assertEqual(shifted, body.replace('"time": 1767607200', f'"time": {NOW // 1000}'))

    def test_a_body_without_timestamps_is_returned_as_it_is(self):
        self.assertEqual(shift_to_now("not json", NOW), ("not json", 0))


if __name__ == "__main__":
    unittest.main()

import os
import unittest
from unittest import mock

from luagramkit import postgres


class Redact(unittest.TestCase):
    def test_the_password_leaves_the_userinfo(self):
        self.assertEqual(
            postgres.redact("postgres://luagram:luagram@127.0.0.1:55432/luagram?sslmode=disable"),
            "postgres://luagram@127.0.0.1:55432/luagram?sslmode=disable",
        )

    def test_a_password_holding_at_and_slash_goes_whole(self):
        self.assertEqual(
            postgres.redact("postgresql://app:p@ss/w:rd@db.example:5432/x"), "postgresql://app@db.example:5432/x"
        )

    def test_a_password_parameter_is_masked(self):
        self.assertEqual(
            postgres.redact("postgres://app@h/db?sslmode=require&password=s3cret&x=1"),
            "postgres://app@h/db?sslmode=require&password=***&x=1",
        )
        self.assertEqual(
            postgres.redact("host=h user=app password=s3cret dbname=x"), "host=h user=app password=*** dbname=x"
        )

    def test_a_url_without_a_password_is_unchanged(self):
        for url in ("postgres://app@h:5432/db", "postgres://h/db?sslmode=disable", "postgres://h"):
            self.assertEqual(postgres.redact(url), url)


class PostgresURL(unittest.TestCase):
    def test_the_environment_wins_and_nothing_is_started(self):
        url = "postgres://u:p@10.0.0.9:5432/other"
        with (
            mock.patch.dict(os.environ, {"LUAGRAM_TEST_DATABASE_URL": url}),
            mock.patch.object(postgres, "start") as start,
        ):
            self.assertEqual(postgres.postgres_url(), url)
        start.assert_not_called()

    def test_the_server_script_is_beside_the_package(self):
        self.assertTrue(os.access(postgres.SERVER_SCRIPT, os.X_OK), postgres.SERVER_SCRIPT)


if __name__ == "__main__":
    unittest.main()

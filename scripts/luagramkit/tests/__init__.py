"""Tests of luagramkit: `python3 -m unittest discover -s scripts -t scripts` (scripts/test runs them)."""

"""Luagram's drills and benchmarks as code: signing, free ports, payload builders, a poster
that retries like Meta, fake-graph's request log, and the drills' and benchmarks' logic.

Standard library only (Python 3.11). The bash entry points in scripts/ put scripts/ on
PYTHONPATH and run `python3 -m luagramkit.<module>`.
"""

"""20 concurrent sessions on a real server: zero errors and zero cross-session leaks.

The figures (p50/p95 rerun time, memory per session) are printed, not asserted: timings depend
on the machine. Run `python -m tests.load.load_test` for the full report the README quotes.
"""

from __future__ import annotations

import json

from .load_test import run_load_test


def test_twenty_sessions_each_get_their_own_values_and_no_errors(capsys):
    report = run_load_test(sessions=20, seconds=40)
    with capsys.disabled():
        print("\nload test:", json.dumps(report))
    assert report["runs"] >= 40, report  # every session really ran, more than once
    assert report["errors"] == 0, report["first_errors"]
    assert report["leaks"] == 0, report["first_leaks"]

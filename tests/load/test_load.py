"""Concurrent sessions on a real server: zero errors and zero cross-session leaks, on one server
and on two replicas behind nginx configured by deploy/playground.conf.

The figures (p50/p95 rerun time, reruns per second, CPU per rerun, memory per session) are
printed, not asserted: timings depend on the machine. Run `python -m tests.load.load_test
--matrix` for the full report the README quotes.
"""

from __future__ import annotations

import json

import pytest

from .load_test import run_load_test
from .servers import nginx_binary, nginx_site


def test_twenty_sessions_each_get_their_own_values_and_no_errors(capsys):
    report = run_load_test(sessions=20, seconds=40)
    with capsys.disabled():
        print("\nload test:", json.dumps(report))
    assert report["runs"] >= 40, report  # every session really ran, more than once
    assert report["errors"] == 0, report["first_errors"]
    assert report["leaks"] == 0, report["first_leaks"]
    assert report["cpu_ms_per_rerun"] > 0, report
    assert report["worker_cpu_ms_per_rerun"] > 0, report  # learner code ran in the workers


def test_the_nginx_site_file_is_rewritten_only_in_its_ports():
    site = nginx_site(["http://127.0.0.1:9001", "http://127.0.0.1:9002"], 9000)
    assert "    server 127.0.0.1:9001;\n    server 127.0.0.1:9002;\n" in site
    assert "listen 127.0.0.1:9000;" in site
    assert "ip_hash;" in site  # session affinity: a browser stays on its replica
    assert "proxy_set_header Upgrade $http_upgrade;" in site  # the websocket gets through
    assert "8501" not in site and "listen 80;" not in site


@pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed (apt-get install nginx)")
def test_two_replicas_behind_nginx_share_the_class_without_mixing_sessions(capsys):
    report = run_load_test(sessions=8, seconds=20, think=1.0, replicas=2)
    with capsys.disabled():
        print("\nload test through nginx:", json.dumps(report))
    assert report["errors"] == 0, report["first_errors"]
    assert report["leaks"] == 0, report["first_leaks"]
    assert report["runs"] >= 8, report
    # ip_hash spread the (differently addressed) sessions: both replicas did real work.
    assert min(report["cpu_share_per_replica"]) > 0.1, report

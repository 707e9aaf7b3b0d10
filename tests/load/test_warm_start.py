"""`streamlit run serve.py` (the deploy's command) is warm before its first visitor: the worker
processes that run learner code are started by the server itself, with nobody connected, and
the pages then work as under `streamlit run app.py`."""

from __future__ import annotations

from .load_test import EXPLORER_PAGE, _run_in_own_thread, explorer_code
from .servers import serve
from .streamlit_client import StreamlitSession


async def first_visit(url: str) -> str:
    """A learner's first visit: open the Graph Explorer, run their own code; what it printed."""
    async with StreamlitSession(url) as s:
        first = await s.rerun(page_name=EXPLORER_PAGE)
        code, expected = explorer_code(3, 1)
        s.set_string(first.widget_id("ge_code"), code)
        s.set_trigger(first.widget_id("ge_run"))
        run = await s.rerun()
        assert not run.exceptions(), run.exceptions()
        return expected if expected in run.text() else run.text()


def test_serve_py_starts_the_workers_before_anyone_connects():
    with serve(1, script="serve.py") as servers:
        assert servers.wait_for_workers(), "no worker process started with the server"
        assert _run_in_own_thread(first_visit(servers.url)) == explorer_code(3, 1)[1]


def test_app_py_alone_starts_them_only_when_someone_visits():
    with serve(1, script="app.py") as servers:
        assert servers.worker_pids() == []  # nobody came: nothing ran
        assert _run_in_own_thread(first_visit(servers.url)) == explorer_code(3, 1)[1]
        assert servers.worker_pids()

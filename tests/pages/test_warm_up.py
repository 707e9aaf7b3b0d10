"""ui.warmup: starting the worker processes and importing the pages happens once per server, in
the background: start() returns while the work is still going on, and calling it again (app.py
does on every run) starts nothing more."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ui import warmup  # noqa: E402


def test_start_returns_at_once_and_warms_up_once(monkeypatch):
    gate = threading.Event()
    calls: list[str] = []

    def workers():
        calls.append("workers")
        gate.wait(60)  # still "starting" until the test lets it finish

    monkeypatch.setattr(warmup, "use_worker_processes", workers)
    monkeypatch.setattr(warmup, "freeze_imports", lambda: calls.append("imports"))
    monkeypatch.setattr(warmup, "_started", [])

    thread = warmup.start()
    assert thread.is_alive()  # start() came back while the workers were still starting
    assert warmup.start() is thread  # app.py calls it on every run: nothing new starts
    gate.set()
    thread.join(60)
    assert not thread.is_alive()
    assert warmup.start() is thread
    assert sorted(calls) == ["imports", "workers"]


def test_a_failure_while_warming_up_is_logged_not_raised(monkeypatch, caplog):
    def broken():
        raise OSError("no processes left")

    monkeypatch.setattr(warmup, "use_worker_processes", broken)
    monkeypatch.setattr(warmup, "freeze_imports", lambda: None)
    monkeypatch.setattr(warmup, "_started", [])
    warmup.start().join(60)
    assert "starting the worker processes failed" in caplog.text


def test_a_fresh_servers_first_run_hands_over_to_the_apps_navigation_before_anything_heavy():
    """Streamlit's legacy sidebar ("app", "tensors vjp", ...) is on a freshly started server's
    first page until app.py's own navigation arrives: what app.py runs before that
    (use_legacy_pages_fix, then st.navigation) must not load the engine, pandas or plotly,
    which take seconds there."""
    import subprocess

    probe = (
        "import sys; import streamlit; from ui.shell import use_legacy_pages_fix; "
        "print(sorted(m for m in ('autograd_core', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
    app = (ROOT / "app.py").read_text()
    handover = app.index("page = st.navigation(PAGES)")
    for heavy in ("import pandas", "from ui import warmup", "from ui.accessibility"):
        assert app.index(heavy) > handover, heavy

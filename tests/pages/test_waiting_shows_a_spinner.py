"""Pages whose rerun can take seconds (a race, two training loops, a shared link's first run)
show a spinner with a clock while they work, so a learner never stares at a still page.

Streamlit draws a spinner only when the work outlasts half a second, so the test does not time
anything: it records which spinners each page opens around its work (st.spinner is looked up
when called, so a recorder put in its place sees every one)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


@pytest.fixture
def spinners(monkeypatch) -> list[tuple[str, bool]]:
    opened: list[tuple[str, bool]] = []
    real = st.spinner

    @contextlib.contextmanager
    def recording(text: str = "", **kwargs):
        opened.append((text, kwargs.get("show_time", False)))
        with real(text, **kwargs):
            yield

    monkeypatch.setattr(st, "spinner", recording)
    return opened


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("gradient_descent", ["Racing the optimizers…", "Drawing the race…"]),
        ("training", ["Running both loops…", "Drawing the fit…"]),
        ("graph_explorer", ["Running your code…", "Drawing the graph…"]),
    ],
)
def test_slow_work_runs_under_a_spinner_with_a_clock(spinners, page, expected):
    app = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=120)
    app.run()
    assert not app.exception
    texts = [text for text, _ in spinners]
    assert all(e in texts for e in expected), texts
    assert all(show_time for _, show_time in spinners)

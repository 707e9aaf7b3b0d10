"""Results of the app's own fixed inputs (the default race, a catalogue example, the home page's
picture) are computed once per server and shared by every session (ui/shared.py), but no
session can change what another sees: each gets its own copy of a race or a run, and a shared
figure is read-only. A learner's own expression or code is never shared.

Each test is two or three AppTest sessions in one process, as sessions are in one server.
"""

from __future__ import annotations

import base64
import json
import sys
import threading
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from autograd_core.playground.sandbox import workers  # noqa: E402
from autograd_core.playground.sandbox.formula import within_one_allowance  # noqa: E402
from ui import shared  # noqa: E402

DESCENT = str(ROOT / "pages" / "gradient_descent.py")
EXPLORER = str(ROOT / "pages" / "graph_explorer.py")


class Counting(workers.InProcess):
    """Runs in-process like the tests' default, counting what reached the 'workers'."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    def call(self, fn, *args, seconds=workers.DEADLINE, cpu_seconds=None, **kwargs):
        # (a page's formula work is sent wrapped in one allowance: count what it wraps)
        called = args[0] if fn is within_one_allowance else fn
        self.calls[called.__name__] += 1
        return fn(*args, **kwargs)


@pytest.fixture
def counting(monkeypatch):
    monkeypatch.setenv("PLAYGROUND_WORKERS", "0")  # the pages keep the isolation set here
    shared.clear()
    isolation = Counting()
    previous = workers.use(isolation)
    yield isolation
    workers.use(previous)
    shared.clear()


def session(page: str) -> AppTest:
    app = AppTest.from_file(page, default_timeout=60)
    app.run()
    assert not app.exception
    return app


def kept(app: AppTest, name: str) -> list:
    """What the session's memo keeps under `name` (ui/memo.py), oldest first."""
    return [value for value, _ in app.session_state["memo"][name].values()]


def chart(app: AppTest) -> dict:
    return next(
        json.loads(e.proto.spec) for e in app.get("plotly_chart") if json.loads(e.proto.spec)
    )


def test_a_class_opening_the_descent_page_races_the_default_function_once(counting):
    first, second = session(DESCENT), session(DESCENT)
    assert counting.calls["race_view"] == 1
    (race_a, *_), (race_b, *_) = kept(first, "gd_race")[0], kept(second, "gd_race")[0]
    assert race_a is not race_b  # each session has its own copy ...
    assert race_a.runs[0].points.tolist() == race_b.runs[0].points.tolist()  # ... of one race
    # ... and both show it: SGD on (x - 3)^2 from 0, lr 0.1, 20 steps ends at 3 (1 - 0.8^20)
    for app in (first, second):
        sgd = next(t for t in chart(app)["data"] if str(t.get("name", "")).startswith("SGD"))
        assert _values(sgd["x"])[-1] == pytest.approx(3 * (1 - 0.8**20), rel=1e-4)
    assert first.table[0].value.equals(second.table[0].value)


def _values(data) -> list:
    if isinstance(data, dict):  # a typed array
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)


def test_one_session_changing_its_copy_leaves_every_other_session_unchanged(counting):
    first, second = session(DESCENT), session(DESCENT)
    race_a = kept(first, "gd_race")[0][0]
    original = race_a.runs[0].points.copy()
    race_a.runs[0].points[:] = 99.0  # a bug in one session's code, writing into its result
    third = session(DESCENT)
    for app in (second, third):
        race = kept(app, "gd_race")[0][0]
        assert race.runs[0].points.tolist() == original.tolist()
    assert counting.calls["race_view"] == 1


def test_the_shared_figure_is_one_read_only_object(counting):
    first, second = session(DESCENT), session(DESCENT)
    figure_a, figure_b = kept(first, "gd_figure")[0], kept(second, "gd_figure")[0]
    assert figure_a is figure_b
    arrays = [v for t in figure_a.spec["data"] for v in t.values() if isinstance(v, np.ndarray)]
    assert arrays
    with pytest.raises(ValueError, match="read-only"):
        arrays[0][0] = 1.0
    assert chart(first) == chart(second)


def test_a_learners_own_expression_is_never_shared(counting):
    apps = [session(DESCENT), session(DESCENT)]
    for app in apps:
        app.selectbox(key="gd_function").set_value("custom").run()
        app.text_input(key="gd_expression").set_value("(x - 2)**2 + y**2").run()
        assert not app.exception
    # the default race and the suggested expression's race once each (shared), then the same
    # typed expression once per session: what a learner types runs for that learner only
    assert counting.calls["race_view"] == 2 + 2
    figures = [kept(app, "gd_figure")[-1] for app in apps]
    assert figures[0] is not figures[1]


def test_an_example_in_the_graph_explorer_runs_once_for_every_session(counting):
    first, second = session(EXPLORER), session(EXPLORER)
    assert counting.calls["explore"] == 1
    (exp_a, _), (exp_b, _) = kept(first, "ge_base")[0], kept(second, "ge_base")[0]
    assert exp_a is not exp_b and exp_a.output == exp_b.output
    assert kept(first, "ge_figure")[0] is kept(second, "ge_figure")[0]
    assert chart(first) == chart(second)
    # Code typed by a learner (even the same code in two sessions) runs for each of them.
    for app in (first, second):
        app.text_area(key="ge_code").set_value(
            "import torch\nx = torch.tensor(2.0, requires_grad=True)\n(x * x).backward()\n"
            "print(x.grad)\n"
        )
        app.button(key="ge_run").click().run()
        assert not app.exception
        assert "tensor(4.)" in " ".join(t.value for t in app.text)  # what it printed
    assert counting.calls["explore"] == 1 + 2


# --- ui.shared itself --------------------------------------------------------------------------


def test_a_failed_computation_is_not_kept_and_the_next_caller_tries_again():
    shared.clear()
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("busy")
        return {"value": 1}

    with pytest.raises(RuntimeError):
        shared.shared_copy("t", "k", flaky)
    assert shared.shared_copy("t", "k", flaky).value == {"value": 1}
    assert shared.shared_copy("t", "k", flaky).value == {"value": 1}
    assert len(calls) == 2
    shared.clear()


def test_callers_arriving_during_the_computation_wait_for_it_instead_of_repeating_it():
    shared.clear()
    started, release = threading.Event(), threading.Event()
    calls, results = [], []

    def slow():
        calls.append(1)
        started.set()
        release.wait(60)
        return [1, 2, 3]

    first = threading.Thread(target=lambda: results.append(shared.shared_copy("t", "k", slow)))
    first.start()
    started.wait(60)  # the first caller is inside compute(): the key is being computed
    others = [
        threading.Thread(target=lambda: results.append(shared.shared_copy("t", "k", slow)))
        for _ in range(3)
    ]
    for t in others:
        t.start()
    release.set()
    for t in [first, *others]:
        t.join(60)
    assert len(calls) == 1
    assert [r.value for r in results] == [[1, 2, 3]] * 4
    assert len({id(r.value) for r in results}) == 4  # four private copies
    shared.clear()


def test_each_name_keeps_at_most_its_last_entries():
    shared.clear()
    calls = []

    def compute(k):
        calls.append(k)
        return k

    for k in range(shared.ENTRIES + 3):
        shared.shared_copy("t", k, lambda k=k: compute(k))
    assert shared.shared_copy("t", shared.ENTRIES + 2, lambda: compute(-1)).value == (
        shared.ENTRIES + 2
    )  # a recent one is still kept
    assert shared.shared_copy("t", 0, lambda: compute(0)).value == 0
    assert calls.count(0) == 2  # the oldest had been dropped and was computed again
    shared.clear()


def test_a_result_not_to_be_kept_goes_to_its_caller_only():
    shared.clear()
    answers = iter(["ran out of time", "done"])
    keep = lambda value: value != "ran out of time"  # noqa: E731
    assert shared.shared_copy("t", "k", lambda: next(answers), keep=keep).value == (
        "ran out of time"
    )
    assert shared.shared_copy("t", "k", lambda: next(answers), keep=keep).value == "done"
    assert shared.shared_copy("t", "k", lambda: "not asked", keep=keep).value == "done"
    shared.clear()

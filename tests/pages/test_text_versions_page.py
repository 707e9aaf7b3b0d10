"""Every chart's text version, read the way the page shows it (AppTest): the Graph Explorer's
table of nodes and its replay sentences agree with what the engine itself computed for every
tutorial example; the descent race and the training curves list their numbers."""

from __future__ import annotations

import sys

import pytest
from streamlit.testing.v1 import AppTest

from autograd_core.playground.catalogue.examples import EXAMPLES, by_key
from autograd_core.playground.graph.values import summarize
from autograd_core.playground.graph_explorer.run import explore
from autograd_core.playground.graph_explorer.source import seeded
from autograd_core.playground.sandbox import run_snippet
from autograd_core.tensor import Tensor
from tests.paths import ROOT

sys.path.insert(0, str(ROOT))  # the pages import the ui package from the repository root


# Each page's text versions (their sections' keys): closed, a section builds nothing.
TEXT_SECTIONS = ["ge_text_open", "gd_text_open", "tr_line_text_open"]


def run_page(name: str, query: dict[str, str] | None = None, *, opened: bool = True) -> AppTest:
    """The page as a learner sees it after opening its text versions (`opened`)."""
    app = AppTest.from_file(str(ROOT / "pages" / name), default_timeout=60)
    app.query_params.update(query or {})
    for key in TEXT_SECTIONS if opened else ():
        app.session_state[key] = True
    app.run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize(
    ("page", "column"),
    [("graph_explorer.py", "sends its gradient to"), ("gradient_descent.py", "loss f")],
)
def test_a_text_version_is_built_when_opened_and_stays_open(page, column):
    app = run_page(page, opened=False)
    labels = [e.label for e in app.expander if e.label.startswith("Text version")]
    assert labels, "the section is on the page, closed"
    assert not [t for t in app.table if column in t.value.columns]
    section = next(k for k in TEXT_SECTIONS if k in app.session_state)
    app.session_state[section] = True  # what the learner's click on it sets
    app.run()
    assert [t for t in app.table if column in t.value.columns]
    app.run()  # another rerun (any widget): the section stays open with its table
    assert [t for t in app.table if column in t.value.columns]


def node_table(app: AppTest) -> list[dict[str, str]]:
    """The Graph Explorer's text version: its first table, as rows."""
    frames = [t.value for t in app.table if "sends its gradient to" in t.value.columns]
    assert frames, "no text version of the graph on the page"
    return unescaped(frames[0])


def unescaped(frame) -> list[dict[str, str]]:
    """A table's rows as the learner reads them (the page escapes markdown in the cells)."""
    return [{k: v.replace("\\", "") for k, v in row.items()} for row in frame.to_dict("records")]


def sentences(app: AppTest) -> list[str]:
    """The numbered replay sentences (one markdown list)."""
    lists = [m.value for m in app.markdown if m.value.startswith("1. ")]
    if not lists:
        return []
    return [line.split(". ", 1)[1].replace("\\", "") for line in lists[0].splitlines()]


@pytest.mark.parametrize("key", [e.key for e in EXAMPLES])
def test_the_graph_text_matches_the_engine(key):
    app = run_page("graph_explorer.py", {"example": key})
    rows = {r["node"]: r for r in node_table(app)}
    # The engine's own tensors after the run the page shows (same seed for torch.randn).
    engine = run_snippet(seeded(by_key(key).code))  # the run explore() makes, kept live here
    # A loop is drawn one iteration at a time (the last, by default): its leaves as they were
    # when that iteration ran, their value now beside it, and .grad as that backward left it.
    loop = explore(by_key(key).code).iterations
    left = {id(s.tensor): s.after for s in engine.traces[-1].accumulations()} if loop else {}
    checked = 0
    for name, value in engine.variables.items():
        if not isinstance(value, Tensor) or name not in rows:
            continue
        row = rows[name]
        now = summarize(value.detach().numpy())
        if loop and row["kind"] == "leaf tensor" and row["value"] != now:
            assert row["value"].endswith(f" (now {now})"), (key, name)
        else:
            assert row["value"] == now, (key, name)
        # A leaf's .grad, unless the code cleared it after backward (x.grad = None): the
        # table then still says what backward put there, as the picture does.
        if row["kind"] == "leaf tensor" and id(value) in left:
            assert row["gradient"] == summarize(left[id(value)]), (key, name)
        elif row["kind"] == "leaf tensor" and value.grad is not None:
            assert row["gradient"] == summarize(value.grad.numpy()), (key, name)
        checked += 1
    assert checked, f"{key}: no named tensor in the text version"


def test_the_product_rule_reads_as_the_chain_rule():
    app = run_page("graph_explorer.py", {"example": "product-rule"})
    rows = node_table(app)
    assert [r["node"] for r in rows] == [
        "z", "+", "y**3", "^3", "x**2 * y", "×", "y", "x**2", "^2", "x",
    ]  # fmt: skip
    by_name = {r["node"]: r for r in rows}
    assert by_name["×"]["PyTorch class"] == "MulBackward0"
    assert by_name["×"]["sends its gradient to"] == "3 to x**2, 4 to y"
    assert (by_name["x"]["value"], by_name["x"]["gradient"]) == ("2", "12")
    assert (by_name["y"]["value"], by_name["y"]["gradient"]) == ("3", "31")
    steps = sentences(app)
    assert "MulBackward0 receives 1, multiplies by y = 3, sends 3 to x**2" in steps[2]
    assert steps[-1] == "AccumulateGrad adds 12 into x.grad: None → 12."


def test_predict_first_hides_the_gradients_in_the_text_too():
    app = run_page("graph_explorer.py", {"example": "product-rule", "predict": "1"})
    rows = node_table(app)
    assert {r["gradient"] for r in rows} == {"hidden"}
    assert "12" not in " ".join(r["sends its gradient to"] for r in rows)
    assert sentences(app) == []


def test_the_descent_race_lists_every_optimizer_step_by_step():
    app = run_page("gradient_descent.py")
    frames = [t.value for t in app.table if "loss f" in t.value.columns]
    assert frames
    rows = unescaped(frames[0])
    first = [r for r in rows if r["optimizer"] == rows[0]["optimizer"]]
    assert first[0]["update"] == "0" and first[0]["position"] == "0"
    assert first[-1]["update"] == "20" and first[-1]["position"] == "2.9654"


def test_the_training_curves_have_a_table_and_a_csv():
    app = run_page("training.py")
    frames = [t.value for t in app.table if "loop" in t.value.columns]
    assert frames, "the linear regression's text version is missing"
    rows = unescaped(frames[0])
    assert rows[0]["loop"] == "by hand" and rows[0]["epoch"] == "1"

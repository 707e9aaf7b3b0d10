"""The Gradient Lab page, run headless with AppTest and driven through its buttons."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from autograd_core.playground.gradient_lab import MAX_ACTIONS, Action

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the page imports the ui package from the repository root
PAGE = str(ROOT / "pages" / "gradient_lab.py")

SECOND_BACKWARD = (
    "RuntimeError: Trying to backward through the graph a second time (or directly access saved "
    "tensors after they have already been freed). Saved intermediate values of the graph are "
    "freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need "
    "to backward through the graph a second time or if you need to access saved tensors after "
    "calling backward."
)


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=60)
    app.run()
    assert not app.exception
    return app


def click(app: AppTest, key: str) -> AppTest:
    app.button(key=key).click().run()
    assert not app.exception
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def timeline(app: AppTest) -> dict[str, list]:
    (chart,) = app.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    return {t["name"]: t.get("y", []) for t in spec["data"] if "is None" not in t["name"]}


def codes(app: AppTest) -> list[str]:
    return [c.value for c in app.code]


def test_default_render(at):
    assert at.title[0].value == "Gradient Lab"
    assert metrics(at) == {"x.grad": "None", "y.grad": "None"}
    assert timeline(at) == {"x.grad": [None, None], "y.grad": [None, None]}
    assert not at.error
    assert "z = a * y + y ** 3" in codes(at)[0]


def test_two_backward_calls_show_pytorchs_error_and_keep_the_gradient(at):
    click(at, "lab_backward")
    assert metrics(at) == {"x.grad": "12", "y.grad": "31"}
    click(at, "lab_backward")
    assert at.error[0].value == "PyTorch says"
    assert SECOND_BACKWARD in codes(at)
    assert metrics(at) == {"x.grad": "12", "y.grad": "31"}
    assert timeline(at)["x.grad"] == [None, None, 12.0, 12.0]
    assert any("retain_graph=True" in c.value for c in at.caption)  # the hint under it


def test_retain_graph_accumulates_on_the_timeline(at):
    click(at, "lab_backward_retain")
    click(at, "lab_backward_retain")
    assert not at.error
    assert timeline(at) == {"x.grad": [None, None, 12.0, 24.0], "y.grad": [None, None, 31.0, 62.0]}
    assert "gradients accumulate" in at.success[0].value


def test_forward_again_then_backward_adds_up(at):
    for key in ("lab_backward", "lab_forward", "lab_backward"):
        click(at, key)
    assert metrics(at)["x.grad"] == "24"


def test_clearing_one_leaf(at):
    click(at, "lab_backward_retain")
    at.button_group(key="lab_leaf_x2y").set_value("y").run()
    assert at.button(key="lab_zero").label == "`y.grad.zero_()`"
    click(at, "lab_zero")
    assert metrics(at) == {"x.grad": "12", "y.grad": "0"}
    click(at, "lab_set_none")
    assert metrics(at) == {"x.grad": "12", "y.grad": "None"}
    click(at, "lab_backward_retain")
    assert metrics(at) == {"x.grad": "24", "y.grad": "31"}


def test_zero_grad_then_zero_is_an_attribute_error(at):
    click(at, "lab_backward")
    click(at, "lab_zero_grad")
    assert metrics(at) == {"x.grad": "None", "y.grad": "None"}
    click(at, "lab_zero")
    assert "AttributeError: 'NoneType' object has no attribute 'zero_'" in codes(at)


def test_step_then_backward_through_the_old_graph(at):
    click(at, "lab_backward_retain")
    click(at, "lab_step")
    assert "x 2 → 0.8" in at.success[0].value
    click(at, "lab_backward")
    assert any("modified by an inplace operation" in c for c in codes(at))


def test_hook_and_retain_grad_apply_from_the_next_forward(at):
    at.checkbox(key="lab_retain_grad").check().run()
    at.selectbox(key="lab_hook").set_value("double").run()
    click(at, "lab_forward")
    assert "a.register_hook(lambda grad: grad * 2)" in codes(at)[0]
    click(at, "lab_backward")
    assert metrics(at) == {"x.grad": "24", "y.grad": "31"}
    assert timeline(at)["a.grad (retain_grad)"][-1] == 6.0
    assert "doubled" in at.success[0].value


def test_print_hook_output_is_shown(at):
    at.selectbox(key="lab_hook").set_value("print").run()
    click(at, "lab_forward")
    click(at, "lab_backward")
    assert "hook saw tensor(3.)" in [t.value for t in at.text]


def test_changing_the_computation_starts_over(at):
    click(at, "lab_backward")
    at.selectbox(key="lab_computation").set_value("linear").run()
    assert metrics(at) == {"w.grad": "None", "b.grad": "None"}
    click(at, "lab_backward")
    assert metrics(at) == {"w.grad": "-30", "b.grad": "-10"}  # the seed's ∂loss/∂w, ∂loss/∂b


def test_reset(at):
    click(at, "lab_backward")
    click(at, "lab_reset")
    assert metrics(at) == {"x.grad": "None", "y.grad": "None"}
    assert len(timeline(at)["x.grad"]) == 2


def test_a_full_timeline_disables_the_buttons(at):
    at.session_state["lab_actions"] = [Action("forward")] * MAX_ACTIONS
    at.run()
    assert at.button(key="lab_backward").disabled
    assert not at.button(key="lab_reset").disabled
    assert "Press Reset" in at.info[0].value


def test_sessions_do_not_share_state(at):
    click(at, "lab_backward")
    other = AppTest.from_file(PAGE, default_timeout=60)
    other.run()
    assert metrics(other) == {"x.grad": "None", "y.grad": "None"}
    assert metrics(at)["x.grad"] == "12"


def test_the_session_script_is_shown(at):
    click(at, "lab_backward")
    script = codes(at)[-1]
    assert script.startswith("import torch\nx = torch.tensor(2.0, requires_grad=True)")
    assert "z.backward()\nprint(x.grad, y.grad)\n# tensor(12.) tensor(31.)" in script

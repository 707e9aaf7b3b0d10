"""The Tensors & VJP page, run headless with AppTest: vᵀJ against backward(v), PyTorch's errors,
and every bad input answered with a message while the last good result stays on screen."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from autograd_core.playground.tensors_vjp import tensor_repr

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the page imports the ui package from the repository root
PAGE = str(ROOT / "pages" / "tensors_vjp.py")
NO_GRADIENT = "RuntimeError: grad can be implicitly created only for scalar outputs"


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=60)
    app.run()
    assert not app.exception
    return app


def codes(app: AppTest) -> list[str]:
    return [c.value for c in app.code]


def jacobian_spec(app: AppTest) -> dict:
    (spec,) = [
        json.loads(c.proto.spec)
        for c in app.get("plotly_chart")
        if any(t.get("name") == "J" for t in json.loads(c.proto.spec)["data"])
    ]
    return spec


def vjp_and_grad(app: AppTest) -> tuple[str, str]:
    (vjp,) = [c for c in codes(app) if c.startswith("v @ J")]
    (grad,) = [c for c in codes(app) if c.startswith("x.grad  →")]
    return vjp.split("→")[1].strip(), grad.split("→")[1].strip()


def set_v(app: AppTest, text: str) -> None:
    app.button_group(key="vjp_v_mode").set_value("custom").run()
    app.text_input(key="vjp_v_text").set_value(text).run()
    assert not app.exception


def test_default_render(at):
    assert at.title[0].value == "Tensors & VJP"
    assert f"y.backward()\n{NO_GRADIENT}" in codes(at)
    assert len(at.get("plotly_chart")) == 3  # Jacobian, sum/mean, broadcasting
    assert not at.error
    assert "The same numbers" in at.success[0].value


def test_vjp_equals_the_grad_left_by_backward_v(at):
    set_v(at, "0.1, 1.0, 0.001")  # the seed tutorial's v
    vjp, grad = vjp_and_grad(at)
    expected = tensor_repr([1.8, 24.0, 0.03])
    assert vjp == grad == expected == "tensor([ 1.8000, 24.0000,  0.0300])"
    assert "v = torch.tensor([0.1, 1., 0.001])" in codes(at)[0]
    heat = {t["name"]: t for t in jacobian_spec(at)["data"]}
    assert heat["vᵀJ"]["text"] == [["1.8", "24", "0.03"]]


def test_one_hot_v_picks_a_row_of_j(at):
    at.selectbox(key="vjp_example").set_value("W @ x  (2 outputs, 3 inputs)").run()
    at.button_group(key="vjp_v_mode").set_value("one-hot").run()
    at.selectbox(key="vjp_v_index").set_value(1).run()
    vjp, grad = vjp_and_grad(at)
    assert vjp == grad == "tensor([ 0.,  1., -1.])"  # row 1 of W


def test_wrong_shape_of_v_shows_pytorchs_mismatch_error(at):
    set_v(at, "1, 2")
    assert any(
        "Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a "
        "shape of torch.Size([3])." in c
        for c in codes(at)
    )


def test_matrix_input_gives_a_4_by_4_jacobian(at):
    at.selectbox(key="vjp_example").set_value("x @ x  (a 2×2 matrix input)").run()
    j = next(t for t in jacobian_spec(at)["data"] if t["name"] == "J")
    assert j["x"] == ["x[0,0]", "x[0,1]", "x[1,0]", "x[1,1]"]
    assert len(j["z"]) == 4
    vjp, grad = vjp_and_grad(at)
    assert vjp == grad


def test_scalar_output_needs_no_v(at):
    at.selectbox(key="vjp_example").set_value("a scalar output: (x ** 2).mean()").run()
    assert not any(NO_GRADIENT in c for c in codes(at))
    assert any("works on its own" in m.value for m in at.markdown)


def test_sum_versus_mean(at):
    at.text_input(key="vjp_expr").set_value("x ** 2").run()
    (text,) = [c for c in codes(at) if c.startswith("y.sum().backward()")]
    assert "x.grad → tensor([2., 4., 6.])" in text
    assert "x.grad → tensor([0.6667, 1.3333, 2.0000])" in text  # the seed's mean(x²)


def test_broadcast_sum_back(at):
    at.button_group(key="vjp_b_shape").set_value("(2, 1)").run()
    assert "b.grad  →  tensor([[ 6.],\n        [15.]])" in codes(at)
    assert any("copies `b` into each of M's 3 columns" in m.value for m in at.markdown)


def broadcast_words(app) -> str:
    return next(m.value for m in app.markdown if "`b`" in m.value and "M" in m.value)


@pytest.mark.parametrize(
    ("shape", "says", "never"),
    [
        ("(2, 3)", "nothing is stretched", "copies"),
        ("()", "a single number", "stretched"),
        ("(3,)", "into each of M's 2 rows", "nothing is stretched"),
    ],
)
def test_the_broadcast_words_fit_the_shape_picked(at, shape, says, never):
    at.button_group(key="vjp_b_shape").set_value(shape).run()
    assert says in broadcast_words(at) and never not in broadcast_words(at)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("x ** 2 +", "It stops after `+`: write what comes after it, as in `x ** 2 + 1`."),
        ("sin(x", "The brackets do not pair up"),
        ("y = x ** 2", "Type only the right-hand side"),
    ],
)
def test_an_unfinished_formula_gets_a_hint_about_what_is_missing(at, text, hint):
    at.text_input(key="vjp_expr").set_value(text).run()
    assert not at.exception
    assert at.error[0].value == "This input cannot be used"
    assert any(hint in c.value for c in at.caption)
    assert not any("= sign" in c.value for c in at.caption)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("vjp_x", "1, nan, 3"),
        ("vjp_x", ""),
        ("vjp_x", "1e999"),
        ("vjp_x", "<script>alert(1)</script>"),
        ("vjp_x", "9" * 5000),
        ("vjp_x", "1, 2; 3"),
        ("vjp_expr", ""),
        ("vjp_expr", "import os"),
        ("vjp_expr", "x.__class__"),
        ("vjp_expr", "torch.ones(10**9)"),
        ("vjp_expr", "x * torch.ones(100)"),
        ("vjp_expr", "'<b>bold</b>'"),
        ("vjp_expr", "x" * 10_000),
        ("vjp_expr", "𝑥 + ∞"),
        ("vjp_expr", "$$\\frac{1}{0}$$"),
    ],
)
def test_bad_input_shows_a_message_and_keeps_the_last_good_result(at, key, value):
    at.text_input(key=key).set_value(value).run()
    assert not at.exception
    assert at.error[0].value == "This input cannot be used"
    assert "Showing the last input that worked:" in [c.value for c in at.caption]
    assert jacobian_spec(at)  # the last good Jacobian is still drawn
    # the learner's text is shown as code, never as markdown
    assert all(value[:20] not in m.value for m in at.markdown if value.strip())


def test_bad_custom_v_shows_a_message(at):
    set_v(at, "1, two, 3")
    assert at.error[0].value == "This v cannot be used"
    assert jacobian_spec(at)

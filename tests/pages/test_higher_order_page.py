"""The Higher-order page, run headless with AppTest: f′, f″, f‴ at a point against calculus,
the graph of f′, the Hessian, and bad input answered with a message."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the page imports the ui package from the repository root
PAGE = str(ROOT / "pages" / "higher_order.py")


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=60)
    app.run()
    assert not app.exception
    return app


def values(app: AppTest) -> list[float]:
    """f(x₀), f′(x₀), f″(x₀), f‴(x₀) as the metrics show them."""
    shown = {m.label: m.value for m in app.metric}
    return [float(shown[k]) for k in ("f(x₀)", "f′(x₀)", "f″(x₀)", "f‴(x₀)")]


def chart(app: AppTest, name: str) -> dict:
    for element in app.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        if any(t.get("name") == name for t in spec["data"]):
            return spec
    raise AssertionError(f"no chart with a trace named {name!r}")


def codes(app: AppTest) -> list[str]:
    return [c.value for c in app.code]


def test_default_render_is_the_seed_cube_at_2(at):
    assert at.title[0].value == "Higher-order derivatives"
    assert values(at) == [8.0, 12.0, 12.0, 6.0]  # x³, 3x², 6x, 6 at x = 2
    assert any("# tensor(12., grad_fn=<MulBackward0>)" in c for c in codes(at))
    assert len(at.get("plotly_chart")) == 3  # curves, graph of f′, Hessian
    assert not at.error


@pytest.mark.parametrize("x0", [-1.5, 0.5, 3.0])
def test_cube_derivatives_match_calculus(at, x0):
    at.slider(key="ho_x0").set_value(x0).run()
    assert values(at) == pytest.approx([x0**3, 3 * x0**2, 6 * x0, 6.0], rel=1e-3, abs=1e-4)


@pytest.mark.parametrize("x0", [-2.0, 0.5, 1.2])
def test_sine_derivatives_match_calculus(at, x0):
    at.selectbox(key="ho_example").set_value("sin(x)").run()
    at.slider(key="ho_x0").set_value(x0).run()
    expected = [math.sin(x0), math.cos(x0), -math.sin(x0), -math.cos(x0)]
    assert values(at) == pytest.approx(expected, rel=1e-3, abs=1e-4)


def test_curves_cover_the_range(at):
    at.slider(key="ho_range").set_value((-1.0, 1.0)).run()
    spec = chart(at, "f′(x)")
    d1 = next(t for t in spec["data"] if t.get("name") == "f′(x)")
    assert d1["x"][0] == -1.0 and d1["x"][-1] == 1.0
    assert d1["y"][0] == pytest.approx(3.0) and d1["y"][-1] == pytest.approx(3.0)


def test_the_graph_of_the_first_derivative_is_drawn(at):
    spec = chart(at, "names")
    names = next(t for t in spec["data"] if t.get("name") == "names")
    assert any("<b>dy/dx</b>" in text for text in names["text"])


def test_typed_function(at):
    at.text_input(key="ho_expr").set_value("exp(-x**2)").run()
    x0 = 2.0
    g = math.exp(-(x0**2))
    assert values(at) == pytest.approx(
        [g, -2 * x0 * g, (4 * x0**2 - 2) * g, (12 * x0 - 8 * x0**3) * g], rel=1e-3
    )


def test_hessian_of_the_seed_function(at):
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)
    (heat,) = spec["data"]
    assert heat["text"] == [
        ["∂²f/∂x²<br><b>6</b>", "∂²f/∂x∂y<br><b>4</b>"],
        ["∂²f/∂y∂x<br><b>4</b>", "∂²f/∂y²<br><b>18</b>"],
    ]
    assert "∇f = (∂f/∂x, ∂f/∂y) = (12, 31)" in "\n".join(codes(at))


def test_hessian_follows_the_point_and_function(at):
    at.text_input(key="ho_expr2").set_value("x**2 - y**2").run()
    at.number_input(key="ho_hx").set_value(-1.0).run()
    heat = json.loads(at.get("plotly_chart")[-1].proto.spec)["data"][0]
    assert heat["z"] == [[2.0, 0.0], [0.0, -2.0]]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x +",
        "y = x",
        "import os",
        "__import__('os').system('ls')",
        "x.__class__.__bases__",
        "open('/etc/passwd').read()",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "**bold** [link](http://example.com)",
        "$\\sum$",
        "x" * 5000,
        "torch.ones(10**9)",
        "x ** 10 ** 10 ** 10",
        "x.sum()",
        "[x] * 10**9",
        "'🙂' * 10**7",
        "\u202ex\u202c",
        "x\x00",
    ],
)
def test_hostile_functions_get_a_message_and_the_last_good_plot_stays(at, text):
    at.text_input(key="ho_expr").set_value(text).run()
    assert not at.exception
    assert at.error[0].value == "This cannot be plotted"
    assert "Showing the last function that worked:" in [c.value for c in at.caption]
    assert values(at) == [8.0, 12.0, 12.0, 6.0]  # still the last good x³
    assert chart(at, "f(x)")


@pytest.mark.parametrize("text", ["", "x +", "torch.stack([x, y])", "'a' * 10**9"])
def test_bad_two_variable_functions_get_a_message(at, text):
    at.text_input(key="ho_expr2").set_value(text).run()
    assert not at.exception
    assert at.error[0].value == "This function cannot be used"
    heat = json.loads(at.get("plotly_chart")[-1].proto.spec)["data"][0]
    assert heat["z"] == [[6.0, 4.0], [4.0, 18.0]]  # the last good Hessian stays


def test_derivatives_are_not_drawn_where_f_itself_is_undefined_and_the_page_says_why(at):
    at.text_input(key="ho_expr").set_value("log(x)").run()
    assert not at.error
    (note,) = [i.value for i in at.info]
    assert note.startswith("f is not a number for x from -3 to -0.03, yet PyTorch's")
    spec = chart(at, "f′(x)")
    for name in ("f′(x)", "f″(x)"):
        trace = next(t for t in spec["data"] if t.get("name") == name)
        drawn = [(x, y) for x, y in zip(trace["x"], trace["y"]) if y is not None]
        assert drawn and min(x for x, _ in drawn) > 0  # nothing left of 0, where log(x) is nan
    f1 = next(t for t in spec["data"] if t.get("name") == "f′(x)")
    assert f1["y"][-1] == pytest.approx(1 / 3, rel=1e-5)  # 1/x at the right end


def test_functions_with_undefined_points_plot_with_gaps(at):
    at.text_input(key="ho_expr").set_value("sqrt(x)").run()
    assert not at.error and not at.info
    assert any("Gaps are where" in c.value for c in at.caption)

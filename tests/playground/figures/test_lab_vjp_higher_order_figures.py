"""The Gradient Lab, Tensors & VJP and Higher-order figures, read back from their data: the
numbers a learner reads, the shapes and dashes that tell series apart without colour, and text
from the learner shown literally."""

from __future__ import annotations

import json

import numpy as np
import pytest

from autograd_core.playground.figures.gradient_lab import timeline_figure
from autograd_core.playground.figures.higher_order import (
    curves_figure,
    hessian_figure,
    robust_range,
)
from autograd_core.playground.figures.style import BLUE, DARK_BLUE, THEMES
from autograd_core.playground.figures.tensors_vjp import (
    broadcast_figure,
    cell_text,
    jacobian_figure,
    reduction_figure,
)
from autograd_core.playground.gradient_lab import Action, run_lab
from autograd_core.playground.higher_order import derivative_curves, derivatives_at, hessian_at
from autograd_core.playground.tensors_vjp import (
    broadcast_demo,
    parse_values,
    reduction_demo,
    vjp_demo,
)

F, B, BR = Action("forward"), Action("backward"), Action("backward_retain")


def named(fig, name):
    (trace,) = [t for t in fig.data if t.name == name]
    return trace


def strict_json(fig) -> str:
    """What the browser receives must be plain JSON: no NaN or Infinity tokens."""
    text = fig.to_json()
    json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in figure JSON"))
    return text


# --- Gradient Lab timeline --------------------------------------------------------------------


def test_timeline_lines_hold_each_leafs_grad_and_none_sits_in_its_own_strip():
    report = run_lab("x2y", [F, BR, BR, Action("set_none", leaf="x"), Action("zero_grad")])
    fig = timeline_figure(report)
    x = named(fig, "x.grad")
    assert list(x.y) == [None, None, 12.0, 24.0, None, None]
    assert list(named(fig, "y.grad").y) == [None, None, 31.0, 62.0, 62.0, None]
    assert list(named(fig, "x.grad is None").x) == [0, 1, 4, 5]
    assert list(named(fig, "y.grad is None").x) == [0, 1, 5]
    # Told apart without colour: marker shape and dash differ, the None markers are hollow.
    y = named(fig, "y.grad")
    assert (x.marker.symbol, x.line.dash) != (y.marker.symbol, y.line.dash)
    assert named(fig, "x.grad is None").marker.symbol.endswith("-open")
    ticks = list(fig.layout.xaxis2.ticktext)
    assert ticks[2] == "2<br>backward(retain)"
    strict_json(fig)


def test_timeline_marks_refused_actions():
    report = run_lab("x2y", [F, B, B])
    fig = timeline_figure(report)
    texts = [a.text for a in fig.layout.annotations]
    assert "✗ RuntimeError" in texts
    assert {s.x0 for s in fig.layout.shapes} == {3}  # a dotted rule through both panels
    hover = named(fig, "x.grad").customdata[3]
    assert "Trying to backward through the graph a second time" in hover


def test_timeline_shows_the_retained_intermediate_and_themes():
    report = run_lab("x2y", [Action("forward", retain_grad=True), B])
    fig = timeline_figure(report, theme="dark")
    assert list(named(fig, "a.grad (retain_grad)").y)[-1] == 3.0
    light = timeline_figure(report)
    assert fig.layout.font.color == THEMES["dark"]["text"]
    assert light.layout.font.color == THEMES["light"]["text"]
    assert fig.layout.paper_bgcolor == "rgba(0,0,0,0)"  # the page's background, either theme
    # Okabe–Ito blue is too dark on a dark page: its lighter partner there
    assert (named(light, "x.grad").line.color, named(fig, "x.grad").line.color) == (
        BLUE,
        DARK_BLUE,
    )


# --- Tensors & VJP ----------------------------------------------------------------------------


def test_jacobian_figure_writes_v_j_and_vjp_in_the_cells():
    demo = vjp_demo("3 * (x + 2) ** 2", parse_values("1, 2, 3"), parse_values("0.1, 1, 0.001"))
    fig = jacobian_figure(demo)
    v, j, vjp = fig.data
    assert [row[0] for row in v.text] == ["0.1", "1", "0.001"]
    assert j.text[1] == ["0", "24", "0"]
    assert list(vjp.text[0]) == ["1.8", "24", "0.03"]
    assert list(j.x) == ["x[0]", "x[1]", "x[2]"] and list(j.y) == ["y[0]", "y[1]", "y[2]"]
    assert j.zmin == -j.zmax  # centred on 0: sign is readable from colour and from the text
    assert not fig.layout.shapes  # v is not one-hot: no row picked


def test_one_hot_v_outlines_the_row_it_picks():
    demo = vjp_demo("x.cumsum(0)", parse_values("1, 2, 3"), np.array([0.0, 1.0, 0.0]))
    fig = jacobian_figure(demo)
    (rect,) = fig.layout.shapes
    assert (rect.y0, rect.y1) == (0.5, 1.5)
    assert list(fig.data[2].text[0]) == ["1", "1", "0"]  # = row 1 of the triangular J


def test_nonfinite_values_are_labelled_and_blank():
    demo = vjp_demo("torch.log(x)", parse_values("-1, 0, 1"))
    fig = jacobian_figure(demo)
    texts = [t for row in fig.data[1].text for t in row]
    assert "nan" in texts or "inf" in texts or "-inf" in texts
    strict_json(fig)
    assert cell_text(float("-inf")) == "-inf"


def test_reduction_figure_bars_differ_by_n_and_by_pattern():
    demo = reduction_demo("x ** 2", parse_values("1, 2, 3"))
    fig = reduction_figure(demo, ["x[0]", "x[1]", "x[2]"])
    total, mean = fig.data
    assert list(total.y) == [2.0, 4.0, 6.0]
    assert list(mean.text) == ["0.6667", "1.333", "2"]
    assert "N = 3" in mean.name
    assert total.marker.pattern.shape != mean.marker.pattern.shape


@pytest.mark.parametrize(
    ("shape", "label"),
    [
        ((3,), "sum over dim 0"),
        ((2, 1), "sum over dim 1"),
        ((), "sum over dim 0, 1"),
        ((2, 3), "nothing to sum"),
    ],
)
def test_broadcast_figure_shows_both_sides_of_the_sum(shape, label):
    demo = broadcast_demo(shape)
    fig = broadcast_figure(demo)
    arriving, summed = fig.data
    assert [list(r) for r in arriving.text] == [["1", "2", "3"], ["4", "5", "6"]]
    assert summed.zmax == arriving.zmax  # one colour scale for both
    assert any(label in (a.text or "") for a in fig.layout.annotations)


# --- Higher-order -----------------------------------------------------------------------------


def test_curves_figure_has_one_panel_per_derivative_with_its_own_dash():
    curves = derivative_curves("x**3", -2, 2, n=5)
    point = derivatives_at("x**3", 1.0)
    fig = curves_figure(curves, 1.0, point)
    lines = [t for t in fig.data if t.mode == "lines"]
    assert [t.name for t in lines] == ["f(x)", "f′(x)", "f″(x)", "f‴(x)"]
    assert len({t.line.dash for t in lines}) == 4
    assert list(lines[1].y) == [12.0, 3.0, 0.0, 3.0, 12.0]
    dots = [t for t in fig.data if t.mode == "markers+text"]
    assert [list(t.y) for t in dots] == [[1.0], [3.0], [6.0], [6.0]]
    assert [t.text[0] for t in dots] == ["1", "3", "6", "6"]


def test_curves_figure_escapes_the_expression_and_blanks_nan():
    curves = derivative_curves("log(x) + 0 * x", -1, 1, n=5)
    fig = curves_figure(curves)
    assert fig.layout.annotations[0].text == "f(x) = log(x) + 0 * x"
    strict_json(fig)
    evil = derivative_curves("x + len('<img src=x onerror=alert(1)>') * 0", -1, 1, n=3)
    title = curves_figure(evil).layout.annotations[0].text
    assert "<img" not in title and "&lt;img" in title


def test_a_spike_does_not_flatten_the_panel():
    values = np.concatenate([np.linspace(-1, 1, 50), [1e6]])
    span = robust_range(values)
    assert span is not None and span[1] < 10
    assert robust_range(np.linspace(-1, 1, 50)) is None


def test_hessian_figure_names_every_cell():
    fig = hessian_figure(hessian_at("x**2 * y + y**3", (2.0, 3.0)))
    (heat,) = fig.data
    assert heat.text[0][0] == "∂²f/∂x²<br><b>6</b>"
    assert heat.text[0][1] == "∂²f/∂x∂y<br><b>4</b>"
    assert heat.text[1][1] == "∂²f/∂y²<br><b>18</b>"

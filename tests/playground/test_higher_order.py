"""f and its derivatives (playground.higher_order): values a learner can check by hand, and
every bad input ending in an FormulaError with a message."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from autograd_core.playground.higher_order import (
    EXAMPLES,
    EXAMPLES_2D,
    FormulaError,
    derivative_curves,
    derivative_graph,
    derivatives_at,
    evaluate_expression,
    hessian_at,
    imports_for,
)
from tests.paths import ROOT


@pytest.mark.parametrize("x0", [-1.5, 0.0, 2.0, 3.7])
def test_cube_and_its_derivatives_at_a_point(x0):
    values = derivatives_at("x**3", x0).values
    assert values == pytest.approx([x0**3, 3 * x0**2, 6 * x0, 6.0], rel=1e-5, abs=1e-5)


@pytest.mark.parametrize("x0", [-2.0, 0.0, 0.5, 2.0])
def test_sine_cycles_through_cos_minus_sin_minus_cos(x0):
    values = derivatives_at("sin(x)", x0).values
    expected = [math.sin(x0), math.cos(x0), -math.sin(x0), -math.cos(x0)]
    assert values == pytest.approx(expected, rel=1e-5, abs=1e-6)
    assert derivatives_at("torch.sin(x)", x0).values == values


def test_the_seed_tutorials_second_derivative_prints_like_pytorch():
    point = derivatives_at("x ** 3", 2.0)
    assert point.reprs[1] == "tensor(12., grad_fn=<MulBackward0>)"
    assert point.reprs[2] == "tensor(12., grad_fn=<MulBackward0>)"
    code = point.code()
    assert "d1, = torch.autograd.grad(y, x, create_graph=True)" in code
    assert code.startswith("import torch\nx = torch.tensor(2.0, requires_grad=True)")


def test_a_derivative_without_a_graph_makes_every_higher_one_zero():
    point = derivatives_at("2 * x", 1.0)
    assert point.values == (2.0, 2.0, 0.0, 0.0)
    assert point.reprs[1] == "tensor(2.)"  # no grad_fn: PyTorch could not differentiate it
    assert "does not require grad and does not have a grad_fn" in point.code()


def test_constants_have_zero_derivatives():
    assert derivatives_at("3", 1.0).values == (3.0, 0.0, 0.0, 0.0)
    curves = derivative_curves("torch.tensor(2.0)", -1, 1, n=5)
    assert [c.tolist() for c in curves.curves] == [[2.0] * 5] + [[0.0] * 5] * 3


def test_curves_match_the_analytic_derivatives_everywhere():
    curves = derivative_curves("x**3", -2.0, 2.0, n=41)
    x = curves.xs
    for got, want in zip(curves.curves, (x**3, 3 * x**2, 6 * x, np.full_like(x, 6.0))):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-4)
    sine = derivative_curves("sin(x)", -3.0, 3.0, n=61)
    np.testing.assert_allclose(sine.curves[3], -np.cos(sine.xs), atol=1e-5)


def test_curves_and_point_agree():
    curves = derivative_curves("exp(-x**2)", -1.0, 1.0, n=3)
    point = derivatives_at("exp(-x**2)", 1.0)
    assert [c[-1] for c in curves.curves] == pytest.approx(point.values, rel=1e-5)


def test_undefined_points_become_nan_not_errors():
    curves = derivative_curves("log(x)", -1.0, 1.0, n=5)
    assert curves.nonfinite
    assert np.isnan(curves.curves[0][0])


@pytest.mark.parametrize("expression", ["x.sum()", "x - x.mean()", "x.cumsum(0)", "x[0] * x"])
def test_functions_that_mix_the_points_are_refused(expression):
    with pytest.raises(FormulaError) as info:
        derivative_curves(expression, -1.0, 1.0)
    assert "elementwise" in info.value.hint or "one value per" in info.value.message


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x +", "not a Python expression"),
        ("y = x", "not a Python expression"),
        ("import os", "not a Python expression"),
        ("x; import os", "not a Python expression"),
        ("x" * 301, "limit here is 300"),
        ("open('/etc/passwd')", "not available"),
        ("x.__class__", "_"),
        ("<script>alert(1)</script>", "not a Python expression"),
        ("'text'", "gave a str"),
        ("[x, x]", "gave a list"),
        ("torch.ones(10**8)", "limit"),
        ("x ** (10**10**10)", "limit"),
        ("unknown(x)", "not defined"),
        ("x" + "*x" * 120, "nest"),
        ("∂x", "not a Python expression"),
        ("x\x00", "not a Python expression"),
        (None, "must be text"),
    ],
)
def test_bad_expressions_end_in_a_message(expression, words):
    with pytest.raises(FormulaError) as info:
        derivatives_at(expression, 1.0)
    assert words in info.value.message
    assert info.value.hint


@pytest.mark.parametrize("x0", [float("nan"), float("inf"), 1e300, "2", None])
def test_bad_points_end_in_a_message(x0):
    if x0 == "2":
        assert derivatives_at("x", x0).x0 == 2.0  # a numeric string is still a number
        return
    with pytest.raises(FormulaError):
        derivatives_at("x", x0)


def test_bad_ranges_end_in_a_message():
    with pytest.raises(FormulaError, match="must go up"):
        derivative_curves("x", 1.0, -1.0)
    with pytest.raises(FormulaError, match="between 2 and"):
        derivative_curves("x", 0.0, 1.0, n=10**7)
    with pytest.raises(FormulaError, match="order"):
        derivatives_at("x", 1.0, order=10)


def test_hessian_of_the_seed_function():
    result = hessian_at("x**2 * y + y**3", (2.0, 3.0))
    assert result.value == 39.0
    assert result.gradient.tolist() == [12.0, 31.0]
    assert result.hessian.tolist() == [[6.0, 4.0], [4.0, 18.0]]  # [[2y, 2x], [2x, 6y]]
    assert result.symmetric
    assert "torch.autograd.functional.hessian(lambda x, y: x**2 * y + y**3, (x, y))" in (
        result.code()
    )


def test_hessian_of_a_product_sine():
    x, y = 0.5, 1.5
    h = hessian_at("sin(x * y)", (x, y)).hessian
    s, c = math.sin(x * y), math.cos(x * y)
    expected = [[-(y**2) * s, c - x * y * s], [c - x * y * s, -(x**2) * s]]
    np.testing.assert_allclose(h, expected, rtol=1e-5)


@pytest.mark.parametrize("expression", ["x + y", "3"])
def test_hessian_of_linear_and_constant_functions_is_zero(expression):
    assert hessian_at(expression, (1.0, 2.0)).hessian.tolist() == [[0.0, 0.0], [0.0, 0.0]]


@pytest.mark.parametrize("expression", ["torch.stack([x, y])", "'no'", "x +"])
def test_hessian_needs_one_number(expression):
    with pytest.raises(FormulaError):
        hessian_at(expression, (1.0, 2.0))


def test_every_example_runs():
    for expression in EXAMPLES.values():
        assert len(derivative_curves(expression, -3, 3).curves) == 4
    for expression in EXAMPLES_2D.values():
        assert hessian_at(expression, (1.0, 2.0)).hessian.shape == (2, 2)


def test_the_graph_of_the_first_derivative_shares_the_leaf_x():
    graph = derivative_graph(derivatives_at("x**3", 2.0))
    labels = {d["label"] for _, d in graph.nodes(data=True)}
    assert {"x", "y", "dy/dx"} <= labels
    leaves = [n for n, d in graph.nodes(data=True) if d["kind"] == "leaf"]
    assert len(leaves) == 1  # y and dy/dx are both computed from the same x


def test_imports_for_names_only_the_shortcuts_used():
    assert imports_for("x**3") == ["import torch"]
    assert imports_for("sin(x) * pi") == [
        "import torch",
        "from torch import sin",
        "from math import pi",
    ]


def test_evaluation_sees_only_the_given_names():
    import autograd_core as torch

    x = torch.tensor(2.0)
    assert evaluate_expression("x * 3", {"x": x}).item() == 6.0
    with pytest.raises(FormulaError, match="not defined"):
        evaluate_expression("y", {"x": x})


def test_the_modules_import_without_streamlit_or_plotly():
    code = textwrap.dedent(
        """
        import importlib.abc, sys

        class Block(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path, target=None):
                if name.split(".")[0] in {"streamlit", "plotly"}:
                    raise ImportError(name)

        sys.meta_path.insert(0, Block())
        from autograd_core.playground import gradient_lab as lab
        from autograd_core.playground import higher_order as derivatives
        from autograd_core.playground import tensors_vjp as vjp
        assert derivatives.derivatives_at("x**2", 3.0).values[1] == 6.0
        assert lab.run_lab("x2y", [lab.Action("forward"), lab.Action("backward")]).last.grads
        assert vjp.broadcast_demo((3,)).b_grad.tolist() == [5.0, 7.0, 9.0]
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr

"""Formulas typed into the pages run through lang.expression: the snippet language, shortcuts
like sin and pi, and the snippet limits for engine work done on their results."""

from __future__ import annotations

import pytest

import autograd_core as torch
from autograd_core.playground.sandbox import SnippetError
from autograd_core.playground.sandbox.formula import (
    MAX_FORMULA_CHARS,
    FormulaError,
    bounded,
    check_formula,
    evaluate,
    prelude,
)


def test_a_formula_with_shortcuts_and_bound_tensors():
    x = torch.tensor(1.0, requires_grad=True)
    value = evaluate("sin(x) * x**2 + pi * 0", {"x": x})
    assert repr(value) == "tensor(0.8415, grad_fn=<AddBackward0>)"
    value.backward()
    assert x.grad.item() == pytest.approx(2 * 0.841470985 + 0.540302306, rel=1e-6)


def test_no_grad_evaluates_without_a_graph():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    assert not evaluate("x**2", {"x": x}, no_grad=True).requires_grad


@pytest.mark.parametrize(
    "formula", ["__import__('os')", "x.__class__", "torch.ones(10**9)", "open('/etc/passwd')"]
)
def test_hostile_formulas_are_refused(formula):
    with pytest.raises(SnippetError):
        evaluate(formula, {"x": torch.tensor(1.0)})


def test_the_prelude_is_shared_and_read_only():
    assert prelude() is prelude()
    with pytest.raises(TypeError):
        prelude()["sin"] = None  # type: ignore[index]


def test_bounded_stops_engine_work_beyond_the_limits():
    with pytest.raises(SnippetError, match="limit"):
        bounded(lambda: torch.ones(10**4) * torch.ones(10**4, 1))


@pytest.mark.parametrize(
    "text, message, hint",
    [
        (None, "must be text, not NoneType", "Type one expression"),
        ("   ", "The expression is empty.", "Type one expression"),
        ("x" * (MAX_FORMULA_CHARS + 1), "301 characters long; the limit here is 300", "Shorten"),
        ("x ** 2 +", "not a Python expression (invalid syntax)", "It stops after `+`"),
        ("x * (", "not a Python expression", "It stops after `(`: close it"),
        ("exp(x", "not a Python expression", "The brackets do not pair up"),
        ("x x", "not a Python expression (invalid syntax)", "Type one expression"),
        ("y = x ** 2", "not a Python expression", "for y = x**2, type x**2"),
        ("x\ud800", "not a Python expression (not valid text)", "Type one expression"),
    ],
)
def test_every_page_refuses_a_formula_for_the_same_reasons(text, message, hint):
    """The Higher-order, Tensors & VJP and Gradient Descent pages all check through here."""
    with pytest.raises(FormulaError) as caught:
        check_formula(text)
    assert message in caught.value.message
    assert hint in caught.value.hint


def test_a_comparison_is_not_mistaken_for_an_assignment():
    with pytest.raises(FormulaError) as caught:
        check_formula("x <= ")
    assert "right-hand side" not in caught.value.hint
    assert check_formula("  (x >= 1) * x  ") == "(x >= 1) * x"

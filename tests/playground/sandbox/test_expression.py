"""Formulas typed into the pages run through lang.expression: the snippet language, shortcuts
like sin and pi, and the snippet limits for engine work done on their results."""

from __future__ import annotations

import pytest

import autograd_core as torch
from autograd_core.playground.sandbox import SnippetError
from autograd_core.playground.sandbox.expression import bounded, evaluate, prelude


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

"""A custom autograd.Function inside the usual `loss.backward()` takes the plain loop.

engine._run_plain passes NumPy arrays between nodes; a custom Function's node (no hooks, no
trace) gets Tensors for its backward and hands arrays back (engine._python_outputs). Each case
here runs a program twice: plainly, and with a no-op hook on a leaf, which sends the whole pass
down the general loop; what a user sees must be the same: gradients to the bit with their
dtypes, what backward was handed, errors and their messages.
"""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np
import pytest

import autograd_core as torch
from autograd_core import engine, tracing
from autograd_core.autograd import Function
from autograd_core.autograd.function import once_differentiable
from tests.engine.test_autograd_function import LegendrePolynomial3
from tests.engine.test_fast_paths import _step_summary


def _both(program):
    """program(hooked) -> dict of results, run down each loop; the plain run must have taken
    _run_plain (the general one, by design, never does)."""
    calls = []
    original = engine._run_plain

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    engine._run_plain = counting
    try:
        plain = program(False)
        taken = len(calls)
        general = program(True)
    finally:
        engine._run_plain = original
    assert taken and len(calls) == taken, "the plain run took _run_plain, the hooked one not"
    return plain, general


def _same(plain, general):
    assert plain.keys() == general.keys()
    for key in plain:
        a, b = plain[key], general[key]
        if isinstance(a, torch.Tensor):
            assert a.dtype == b.dtype, key
            np.testing.assert_array_equal(
                a.detach().numpy(), b.detach().numpy(), strict=True, err_msg=key
            )
        else:
            assert a == b, key


def _quiet_hook(tensor, hooked):
    if hooked:
        tensor.register_hook(lambda g: None)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_the_tutorials_legendre_fit_step(dtype):
    def program(hooked):
        x = torch.linspace(-math.pi, math.pi, 50, dtype=dtype)
        y = torch.sin(x)
        a, b, c, d = (
            torch.full((), v, dtype=dtype, requires_grad=True) for v in (0.0, -1.0, 0.0, 0.3)
        )
        _quiet_hook(a, hooked)
        for _ in range(3):
            loss = (a + b * LegendrePolynomial3.apply(c + d * x) - y).pow(2).sum()
            loss.backward()
            with torch.no_grad():
                for p in (a, b, c, d):
                    p -= 5e-6 * p.grad
        return {"loss": loss, **{n: p.grad for n, p in zip("abcd", (a, b, c, d))}}

    _same(*_both(program))


class Widening(Function):
    """backward returns a gradient with the broadcast shape and in float64: the engine sums it
    back to the input's shape and casts it to the input's dtype, as PyTorch does."""

    @staticmethod
    def forward(ctx, x, scale):
        ctx.scale = scale
        return x * scale

    @staticmethod
    def backward(ctx, g):
        return (g.double() * ctx.scale).expand(2, 3), None


def test_a_gradient_returned_broadcast_and_in_another_dtype_is_summed_and_cast():
    def program(hooked):
        w = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
        _quiet_hook(w, hooked)
        out = Widening.apply(w, 1.5).sin().sum()
        out.backward()
        return {"grad": w.grad}

    plain, general = _both(program)
    assert plain["grad"].dtype == torch.float32
    # sin's gradient cos(1.5 w), times 1.5 twice-over (the expanded rows, summed back)
    assert plain["grad"].tolist() == pytest.approx([3 * math.cos(1.5 * w) for w in (1, -2, 0.5)])
    _same(plain, general)


class Pair(Function):
    seen: ClassVar[list] = []

    @staticmethod
    def forward(ctx, x, materialize):
        ctx.set_materialize_grads(materialize)
        return x * 2, x * 3

    @staticmethod
    def backward(ctx, g1, g2):
        Pair.seen.append((repr(g1), repr(g2)))
        total = 0
        if g1 is not None:
            total = total + 2 * g1
        if g2 is not None:
            total = total + 3 * g2
        return total, None


@pytest.mark.parametrize("materialize", [True, False])
@pytest.mark.parametrize("use", ["both", "first", "second", "second as root"])
def test_a_function_with_two_outputs(materialize, use):
    def program(hooked):
        Pair.seen.clear()
        x = torch.tensor([1.0, 4.0], requires_grad=True)
        _quiet_hook(x, hooked)
        first, second = Pair.apply(x, materialize)
        if use == "both":
            (first * first + second).sum().backward()
        elif use == "first":
            (first * 5).sum().backward()
        elif use == "second":
            second.sum().backward()
        else:
            second.backward(torch.tensor([1.0, -1.0]))
        return {"grad": x.grad, "seen": tuple(Pair.seen)}

    plain, general = _both(program)
    assert len(plain["seen"]) == 1
    _same(plain, general)


def test_a_function_used_twice_inside_a_scalar_graph():
    """0-d float32 gradients travel as Python floats between scalar nodes; a custom Function's
    backward still gets a 0-d float32 Tensor."""

    def program(hooked):
        x = torch.tensor(0.7, requires_grad=True)
        _quiet_hook(x, hooked)
        u = LegendrePolynomial3.apply(x * 1.0001)
        v = LegendrePolynomial3.apply(u.sin() + 0.25)
        (u * v + v.exp()).backward()
        return {"grad": x.grad, "u": u, "v": v}

    plain, general = _both(program)
    assert plain["grad"].dtype == torch.float32 and plain["grad"].shape == ()
    _same(plain, general)


class Identity(Function):
    @staticmethod
    def forward(ctx, x):
        return x.clone()

    @staticmethod
    def backward(ctx, g):
        return g


def test_a_gradient_handed_through_unchanged_is_a_leafs_own_writable_grad():
    def program(hooked):
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        _quiet_hook(x, hooked)
        Identity.apply(x).sum().backward()  # sum's gradient is a broadcast, read-only view
        x.grad.add_(1)  # .grad is x's own: writable, and no other value changes
        Identity.apply(x).sum().backward()
        return {"grad": x.grad}

    plain, general = _both(program)
    assert plain["grad"].tolist() == [3.0, 3.0, 3.0]
    _same(plain, general)


class TwiceOnly(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    @once_differentiable
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return 2 * x * g


def test_once_differentiable_and_retain_graph():
    def program(hooked):
        x = torch.tensor([0.5, -1.5], requires_grad=True)
        _quiet_hook(x, hooked)
        y = TwiceOnly.apply(x).sum()
        y.backward(retain_graph=True)
        y.backward()  # the retained graph runs again and accumulates
        with pytest.raises(RuntimeError) as second:
            y.backward()
        return {"grad": x.grad, "error": str(second.value)}

    plain, general = _both(program)
    assert "backward through the graph a second time" in plain["error"]
    assert plain["grad"].tolist() == [2.0, -6.0]
    _same(plain, general)


class Wrong(Function):
    """backward gives one gradient for two inputs, or one of the wrong shape."""

    @staticmethod
    def forward(ctx, x, mistake):
        ctx.mistake = mistake
        return x + 1

    @staticmethod
    def backward(ctx, g):
        return (g,) if ctx.mistake == "count" else (torch.ones(4), None)


@pytest.mark.parametrize("mistake", ["count", "shape"])
def test_a_backward_returning_the_wrong_gradients_raises_the_same_error(mistake):
    def program(hooked):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        _quiet_hook(x, hooked)
        with pytest.raises(RuntimeError) as raised:
            (Wrong.apply(x, mistake) * 2).sum().backward()
        return {"error": str(raised.value), "grad": x.grad}

    plain, general = _both(program)
    assert plain["error"].startswith(
        (
            "function WrongBackward returned an incorrect number",
            "Function WrongBackward returned an invalid",
        )
    )
    assert plain["grad"] is None
    assert plain == general


def _traced_through_a_function(general: bool):
    """The tutorial's fit with its custom Function, one traced backward: down the plain loop,
    or down the general one (inputs= every leaf takes it: the same nodes, the same events)."""
    x = torch.linspace(-1.0, 1.0, 7)
    params = [torch.tensor(v, requires_grad=True) for v in (0.1, -0.2, 0.3, -0.05)]
    a, b, c, d = params
    loss = (a + b * LegendrePolynomial3.apply(c + d * x) - torch.sin(x)).pow(2).sum()
    calls = []
    original = engine._run_plain
    engine._run_plain = lambda *args, **kwargs: calls.append(1) or original(*args, **kwargs)
    try:
        with tracing.record_backward() as traces:
            loss.backward(inputs=params if general else None)
    finally:
        engine._run_plain = original
    assert len(calls) == (0 if general else 1)
    return traces[0].steps, params


def test_a_traced_backward_through_a_function_reports_what_the_general_loop_reports():
    """The Graph Explorer's replay of the tutorial's custom Function: the plain loop (which a
    drawn backward now takes too) tells the trace the same steps, in the same order, with the
    same numbers, as the general loop, the Function's own backward among them."""
    (plain, plain_params), (general, general_params) = (
        _traced_through_a_function(False),
        _traced_through_a_function(True),
    )
    assert any(s.kind == "node" and s.node._python for s in plain)  # the Function's own step
    assert [_step_summary(s) for s in plain] == [_step_summary(s) for s in general]
    for p, q in zip(plain_params, general_params):
        assert p.grad.item() == q.grad.item()


def test_a_tensor_a_functions_backward_returns_and_changes_later_is_shown_as_it_was():
    """The learner's backward may hand back a tensor it keeps and writes into afterwards: the
    replay shows the gradient it sent, not what the tensor holds later."""

    class Kept(Function):
        store: ClassVar[list] = []

        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad_output):
            g = grad_output * 2
            Kept.store.append(g)
            return g

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with tracing.record_backward() as traces:
        Kept.apply(x).sum().backward()
    Kept.store[0].mul_(100)  # after backward: the trace must not see this
    sent = [
        c.value.tolist()
        for s in traces[0].steps
        if getattr(s.node, "_python", False)
        for c in s.contributions
    ]
    assert sent == [[2.0, 2.0]] and x.grad.tolist() == [2.0, 2.0]

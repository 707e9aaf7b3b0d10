"""The backward trace's local derivative values (tracing.py): the numbers the replay shows next
to each formula. A traced backward applies each derivative's raw rule to one shared ones array
per shape; the values must be exactly what the Tensor formula gives, and each its own array."""

from __future__ import annotations

import numpy as np
import pytest

import autograd_core as torch
from autograd_core import tracing


def _traced(build):
    x = torch.tensor([0.5, -1.25, 2.0], requires_grad=True)
    w = torch.tensor([1.5, 0.25, -3.0], requires_grad=True)
    out = build(x, w)
    with tracing.record_backward() as traces:
        out.sum().backward(retain_graph=True)  # saved values stay: the formula can run again
    return traces[0]


@pytest.mark.parametrize(
    "build",
    [
        lambda x, w: x * w,
        lambda x, w: x + w,
        lambda x, w: x - 2 * w,
        lambda x, w: x / w,
        lambda x, w: x**3 + w.exp(),
        lambda x, w: x.sin() * w.tanh(),
        lambda x, w: (x * w).pow(2) + x.abs(),
    ],
    ids=["mul", "add", "sub", "div", "pow_exp", "sin_tanh", "mixed"],
)
def test_local_values_are_the_formula_applied_to_ones(build) -> None:
    trace = _traced(build)
    compared = 0
    for step in trace.node_steps():
        prim = step.node.primitive
        for c in step.contributions:
            if c.local_value is None:
                continue
            d = prim.input_derivatives[c.input_index]
            expected = tracing._local_value(step.node, d, torch.tensor(step.upstream))
            np.testing.assert_array_equal(c.local_value, expected)
            assert c.local_value.dtype == expected.dtype
            compared += 1
    assert compared >= 2


def test_each_local_value_is_its_own_writable_array() -> None:
    # add's derivative is the gradient itself: applied to the shared ones, it would hand out the
    # ones array; every contribution must get a copy nobody else holds.
    trace = _traced(lambda x, w: (x + w) * (x - w))
    values = [c.local_value for s in trace.node_steps() for c in s.contributions]
    values = [v for v in values if v is not None]
    assert len(values) >= 4
    assert len({id(v) for v in values}) == len(values)
    for v in values:
        assert v.flags.writeable
        assert not any(np.shares_memory(v, o) for o in values if o is not v)


def test_replayed_accumulations_give_the_grads() -> None:
    x = torch.tensor([0.5, -1.25, 2.0], requires_grad=True)
    w = torch.tensor([1.5, 0.25, -3.0], requires_grad=True)
    with tracing.record_backward() as traces:
        for _ in range(3):  # .grad accumulates over three calls
            ((x * w).sin() + x**2).sum().backward()
    for trace in traces:
        for step in trace.accumulations():
            before = 0 if step.before is None else step.before
            np.testing.assert_array_equal(step.after, before + step.upstream)
    last = {id(s.tensor): s.after for s in traces[-1].accumulations()}
    np.testing.assert_array_equal(last[id(x)], x.grad.numpy())
    np.testing.assert_array_equal(last[id(w)], w.grad.numpy())

"""What a recorded node shares with other nodes, and what it must not.

To keep the garbage collector's work per node small, `ops._record` shares what repeats from node
to node (the metadata of 0-d inputs, a float operand's constants and saved entry) and
`elementwise.scalar_pair` remembers a float constant's float32 rounding. None of it may show:
numbers that compare equal but print differently (2 and 2.0, 0.0 and -0.0) stay apart, and a
program using thousands of different constants computes each exactly.
"""

from __future__ import annotations

import gc
import warnings

import numpy as np
import pytest

import autograd_core as torch


def test_two_and_two_point_zero_are_saved_as_what_was_written():
    x = torch.tensor(3.0, requires_grad=True)
    by_float, by_int, by_float_again = x * 2.0, x * 2, x * 2.0
    # PyTorch keeps a Python float as a double and an int as an int64 (printed as torch 2.13 does)
    assert repr(by_float.grad_fn._saved_other) == "tensor(2., dtype=torch.float64)"
    assert repr(by_int.grad_fn._saved_other) == "tensor(2)"
    assert repr(by_float_again.grad_fn._saved_other) == "tensor(2., dtype=torch.float64)"


@pytest.mark.parametrize("first", [0.0, -0.0])
def test_zero_and_minus_zero_keep_their_signs_in_values_and_gradients(first):
    x = torch.tensor(3.0, requires_grad=True)
    for factor in (first, -first):  # the one remembered first must not answer for the other
        y = x * factor
        y.backward()
        assert np.signbit(y.item()) == np.signbit(factor)
        assert repr(x.grad) == ("tensor(-0.)" if np.signbit(factor) else "tensor(0.)")
        x.grad = None


def test_thousands_of_different_constants_are_each_rounded_exactly():
    """More constants than the remembered roundings hold: each product is still NumPy's float32
    product (the constant rounded to float32 first), value and gradient."""
    x = torch.tensor(1.2345678, requires_grad=True)
    rng = np.random.default_rng(0)
    for c in rng.standard_normal(6000) * 10.0 ** rng.integers(-40, 40, 6000):
        c = float(c)
        y = x * c
        y.backward()
        with np.errstate(over="ignore"):  # constants beyond float32's range round to inf
            expected = np.float32(1.2345678) * np.float32(c)
        assert y.item() == float(expected) or (np.isnan(expected) and np.isnan(y.item()))
        with np.errstate(over="ignore"):
            assert x.grad.item() == float(np.float32(c))
        x.grad = None


def test_nan_constants_are_not_remembered_and_still_give_nan():
    x = torch.tensor(1.0, requires_grad=True)
    for _ in range(3):
        y = x + float("nan")
        assert np.isnan(y.item())


def test_a_scalar_chain_leaves_few_objects_for_the_garbage_collector_per_operation():
    """Python's cyclic collector walks every tracked object a live graph holds, again and again
    while it lives (it was most of a long chain's cost). A chain of * + sin on a 0-d tensor now
    leaves about 5.4 per operation: the node, its edges tuple and edge, the weak reference to
    its output, and what sin saves (it was 7.7)."""
    x = torch.tensor(0.5, requires_grad=True)
    y = x * 1.0001 + 0.001  # first use: the shared tuples exist before counting
    y = y.sin()
    gc.collect()
    before = len(gc.get_objects())
    y = x
    for i in range(300):
        y = y * 1.0001 if i % 3 == 0 else (y + 0.001 if i % 3 == 1 else y.sin())
    per_op = (len(gc.get_objects()) - before) / 300
    assert per_op <= 5.5, per_op
    y.backward()
    assert x.grad is not None


def test_a_nodes_saved_values_are_attributes_as_in_pytorch():
    x = torch.tensor(2.0, requires_grad=True)
    y = x * 3.0
    assert [a for a in dir(y.grad_fn) if a.startswith("_saved_")] == [
        "_saved_other",
        "_saved_self",
    ]
    assert y.grad_fn._saved_self is None  # x * 3 needs only the 3 for x's gradient
    with pytest.raises(AttributeError, match="^'MulBackward0' object has no attribute 'nothing'$"):
        _ = y.grad_fn.nothing
    with pytest.raises(AttributeError, match="has no attribute '_saved_exponent'"):
        _ = y.grad_fn._saved_exponent


def test_a_saved_input_changed_in_place_is_caught_by_the_plain_backward():
    x = torch.tensor(3.0, requires_grad=True)
    a = x * 1
    b = a.sin()
    a.add_(1)
    with pytest.raises(
        RuntimeError,
        match=r"\[torch.FloatTensor \[\]\], which is output 0 of Add, is at version 1; "
        r"expected version 0 instead",
    ):
        b.backward()


def test_a_constant_beyond_float32s_range_gives_inf_without_a_warning_as_in_pytorch():
    x = torch.tensor(1.5, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # NumPy's "overflow encountered in cast" would raise
        y = x * 1e40
        y.backward()
    assert y.item() == float("inf") and x.grad.item() == float("inf")


@pytest.mark.parametrize(
    "make",
    [
        lambda: torch.tensor([1e40, -1e40]),
        lambda: torch.tensor(-1e40),
        lambda: torch.tensor([1e300], dtype=torch.float64).float(),
        lambda: torch.tensor([1e300], dtype=torch.float64).to(torch.float32),
    ],
)
def test_numbers_beyond_float32s_range_become_inf_without_a_warning_as_in_pytorch(make):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = make()
    assert t.dtype == torch.float32 and np.isinf(t.numpy()).all()

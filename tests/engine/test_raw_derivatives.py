"""The raw NumPy derivatives agree with the Tensor formulas they stand in for, bit for bit.

A plain `backward()` (no create_graph) runs a derivative's `raw=` rule on NumPy arrays instead of
its Tensor formula (see ops/__init__.py). The Tensor formulas stay the source of truth (they are
what create_graph differentiates again), so for every registry entry and every gradient-check
case, in float64 and float32, one node's gradients are computed both ways and must be identical:
same dtype, same shape, same bits (nan where nan). No tolerance is needed anywhere: each raw rule
is its formula's arithmetic step for step, reusing the same forward functions. An entry without a
raw rule takes the Tensor path either way, which this checks too.
"""

from __future__ import annotations

import weakref

import numpy as np
import pytest

import autograd_core as torch
from autograd_core import engine
from autograd_core.ops import REGISTRY
from tests.engine.test_ops_gradcheck import ALL_CASES, build


def _node_gradients(node, grad, *, raw: bool) -> list:
    # `create_graph=True` is what rules the raw path out; under no_grad nothing is recorded.
    with torch.no_grad():
        return engine._apply(node, grad, None, not raw, None)


def _as_dtype(xs: list, dtype) -> list:
    return [
        torch.tensor(x.detach().numpy().astype(dtype), requires_grad=True)
        if isinstance(x, torch.Tensor)
        else x
        for x in xs
    ]


def _output_and_gradient(name, case, dtype, seed):
    """The registry case's output (skipping cases with no node to run) and a random gradient."""
    prim, xs, params = build(name, case)
    out = prim(*_as_dtype(xs, dtype), **params)
    if isinstance(out, tuple | list) or out.grad_fn is None:
        pytest.skip("no node to run")
    rng = np.random.default_rng(seed)
    return out, torch.tensor(rng.standard_normal(out.shape).astype(out.dtype.numpy))


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize(("name", "case"), ALL_CASES)
def test_raw_rule_gives_the_tensor_formulas_bits(name, case, dtype):
    out, grad = _output_and_gradient(name, case, dtype, seed=2)
    fast = _node_gradients(out.grad_fn, grad, raw=True)
    exact = _node_gradients(out.grad_fn, grad, raw=False)
    _assert_same_gradients(fast, exact)


# The entries a plain backward runs through engine._raw_outputs (the others take _apply).
ALL_RAW_CASES = [p for p in ALL_CASES if REGISTRY[p.values[0]].all_raw]


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize(("name", "case"), ALL_RAW_CASES)
def test_a_plain_backwards_shortcut_gives_the_tensor_formulas_bits(name, case, dtype):
    """The usual loss.backward() runs a node whose derivatives all have raw rules through
    engine._raw_outputs, not _apply: it must send the very same gradients."""
    out, grad = _output_and_gradient(name, case, dtype, seed=3)
    with torch.no_grad():
        fast = engine._raw_outputs(out.grad_fn, grad)
    if fast is None:  # inputs of another dtype than the gradient: _apply decides
        assert any(d is not None and d is not grad.dtype for _, d in out.grad_fn._input_meta)
        return
    _assert_same_gradients(fast, _node_gradients(out.grad_fn, grad, raw=False))


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize(("name", "case"), ALL_CASES)
def test_the_plain_backward_on_arrays_gives_the_tensor_formulas_bits(name, case, dtype):
    """The usual loss.backward() (engine._run_plain) passes NumPy arrays from node to node:
    each node's arrays must be the Tensor formulas' very numbers, whether the node has raw rules
    for every input or falls back to its formulas (no raw rule, or mixed dtypes)."""
    out, grad = _output_and_gradient(name, case, dtype, seed=4)
    with torch.no_grad():
        arrays = engine._plain_outputs(out.grad_fn, grad._data)
    fast = [None if a is None else torch.Tensor._make(a) for a in arrays]
    _assert_same_gradients(fast, _node_gradients(out.grad_fn, grad, raw=False))


def _assert_same_gradients(fast: list, exact: list) -> None:
    assert len(fast) == len(exact)
    for i, (a, b) in enumerate(zip(fast, exact)):
        if b is None:
            assert a is None
            continue
        assert a.dtype == b.dtype, f"input {i}"
        assert a.shape == b.shape, f"input {i}"
        # A gradient ends up as .grad, which optimizers update in place: an array, writable
        # wherever the Tensor path's is.
        assert type(a._data) is np.ndarray, f"input {i}"
        assert a._data.flags.writeable >= b._data.flags.writeable, f"input {i}"
        np.testing.assert_array_equal(a.numpy(), b.numpy(), err_msg=f"input {i}", strict=True)


def test_most_derivatives_have_a_raw_rule():
    """The raw path is an optimisation, never required; this keeps an eye on its coverage (the
    ops a training loop or a learner's scalar program run most all have one)."""
    derivatives = [d for p in REGISTRY.values() for d in p.derivatives.values()]
    with_raw = [d for d in derivatives if d.raw is not None]
    assert len(with_raw) >= 0.5 * len(derivatives)
    for name in ("add", "sub", "mul", "div", "pow", "sin", "tanh", "relu", "mm", "sum", "mean"):
        prim = REGISTRY[name]
        assert all(d.raw is not None for d in prim.derivatives.values()), name


def test_an_entry_without_a_raw_rule_runs_its_tensor_formula():
    x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    assert REGISTRY["softplus"].derivatives["self"].raw is None
    torch.nn.functional.softplus(x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 1 / (1 + np.exp(-x.detach().numpy())), rtol=1e-6)


def test_mixed_dtypes_take_the_tensor_path_with_pytorchs_promotion():
    """float32 times a float64 0-d tensor is float32 in PyTorch (NumPy would say float64)."""
    x = torch.tensor([1.5, 2.5], requires_grad=True)
    s = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
    (x * s).sum().backward()
    assert x.grad.dtype == torch.float32 and s.grad.dtype == torch.float64
    assert x.grad.tolist() == [3.0, 3.0] and s.grad.item() == 4.0


def test_a_fresh_first_gradient_is_stored_without_a_copy():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * 3).sum()
    sent = []
    # A weak reference does not count as someone else holding the gradient.
    y.grad_fn.next_functions[0][0].register_hook(lambda gi, go: sent.append(weakref.ref(gi[0])))
    y.backward()
    assert sent[0]() is x.grad
    assert x.grad.tolist() == [3.0, 3.0]


def test_a_gradient_someone_else_holds_is_copied_before_accumulating():
    """A hook kept the gradient: .grad must not be that tensor, or the next backward's in-place
    accumulation would change what the hook kept."""
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    kept = []
    x.register_hook(kept.append)
    (x * 3).sum().backward()
    (x * 3).sum().backward()
    assert x.grad.tolist() == [6.0, 6.0]
    assert kept[0].tolist() == [3.0, 3.0] and kept[1].tolist() == [3.0, 3.0]


def test_the_gradient_passed_to_backward_is_never_stored_as_grad():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    seed = torch.tensor([1.0, 1.0])
    x.backward(seed)
    x.backward(seed)
    assert seed.tolist() == [1.0, 1.0] and x.grad.tolist() == [2.0, 2.0]


def test_one_gradient_sent_to_two_leaves_is_not_shared_between_them():
    a = torch.tensor([1.0], requires_grad=True)
    b = torch.tensor([2.0], requires_grad=True)
    (a + b).sum().backward()
    (a * 5).sum().backward()
    assert a.grad.tolist() == [6.0] and b.grad.tolist() == [1.0]


def test_gradients_of_a_number_used_twice_add_up_into_a_writable_grad():
    """0-d gradients from two consumers are summed into a tensor that owns a writable array, so
    the usual `x.grad.zero_()` and `x -= lr * x.grad` work on it."""
    x = torch.tensor(2.0, requires_grad=True)
    (x * x + x.sin()).backward()
    assert x.grad.item() == pytest.approx(4.0 + np.cos(2.0), rel=1e-6)
    x.grad.zero_()
    assert x.grad.item() == 0.0
    (x * 3).backward()
    assert x.grad.item() == 3.0

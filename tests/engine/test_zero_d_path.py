"""The 0-d paths: numbers computed on Python floats give what the general paths give.

Forward, `apply` computes + - * / and the rounded unary functions (sin, exp, tanh, ...) of a 0-d
float32 or float64 tensor (with a Python number, or a 0-d tensor of the same dtype) on the numbers
themselves (ops.scalar_kernel). Everything else (another dtype, a bool, a 1-element or longer
tensor, a division by zero) goes the general way. Backward, the plain loop passes 0-d float32
gradients between such nodes as Python floats, computed by the derivatives' scalar rules
(engine._scalar_outputs); every other node gets arrays, as before. These tests run each case
on both sides of those conditions and pin what a learner sees: the value to the bit, the printed
text, dtype, grad_fn and its edges, version counters, memory shared with `.numpy()`, and
PyTorch's error messages.
The expected text was printed by PyTorch 2.13.
"""

from __future__ import annotations

import math
import warnings
from contextlib import contextmanager

import numpy as np
import pytest

import autograd_core as torch
from autograd_core import ops
from autograd_core.ops import REGISTRY

FAST = sorted(name for name, prim in REGISTRY.items() if prim.scalar is not None)
BINARY = ["add", "sub", "mul", "div"]
UNARY = [name for name in FAST if name not in BINARY]

# Ordinary numbers, then the corners: signed zeros, tiny and huge, beyond float32, inf, nan.
VALUES = [0.5, -1.75, 3.0, 0.1, 1e-3, 12.5, -0.0, 0.0, 1e-42, 3e38, -3e38, 1e39, math.inf, math.nan]


def _general(monkeypatch, name):
    """Send `name` down the general path (as before the 0-d path existed)."""
    monkeypatch.setattr(REGISTRY[name], "scalar", None)


@contextmanager
def _warnings_fail():
    """Any warning a user would see fails the test (the engine's own filter for NumPy's
    RuntimeWarnings in its frames stays, as it is in every program)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"autograd_core\.")
        yield


def _same_bits(a, b):
    assert a.dtype == b.dtype and a.shape == b.shape
    np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy(), strict=True)
    assert (np.signbit(a.detach().numpy()) == np.signbit(b.detach().numpy())).all()


def test_the_fast_operations_are_the_arithmetic_and_the_rounded_unary_functions():
    assert sorted(BINARY) == [n for n in FAST if n in BINARY]
    assert {"sin", "cos", "exp", "log", "tanh", "sinh", "atan", "expm1"} <= set(UNARY)


def _binary(name, a, b):
    return getattr(ops.arithmetic, name)(a, b)


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_binary_results_and_gradients_are_the_general_paths_to_the_bit(monkeypatch, name, dtype):
    operands = [0.5, -3, 7, 2.0, 1e-3, 1e40, -0.0, 0.0, 2**25, math.inf, math.nan]
    with _warnings_fail():  # NumPy's overflow / divide warnings must stay unsaid
        for value in VALUES:
            for other in [*operands, "tensor"]:
                results = []
                for fast in (True, False):
                    if not fast:
                        _general(monkeypatch, name)
                    x = torch.tensor(value, dtype=dtype, requires_grad=True)
                    o = torch.tensor(1.25, dtype=dtype, requires_grad=True)
                    y = _binary(name, x, o if other == "tensor" else other)
                    # the general loop (inputs=) on the general side: no scalar rules either
                    y.backward(inputs=None if fast else [x, o] if other == "tensor" else [x])
                    results.append((y, x.grad, o.grad))
                    monkeypatch.undo()
                (y, gx, go), (y0, gx0, go0) = results
                _same_bits(y, y0)
                _same_bits(gx, gx0)
                assert (go is None) == (go0 is None)
                if go is not None:
                    _same_bits(go, go0)
                assert repr(y) == repr(y0)
                assert type(y.grad_fn).__name__ == type(y0.grad_fn).__name__


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_unary_results_and_gradients_are_the_general_paths_to_the_bit(monkeypatch, name, dtype):
    with _warnings_fail():  # log(-1), exp(100): nan and inf without a warning
        for value in [*VALUES, -1.0, 100.0, 0.999]:
            results = []
            for fast in (True, False):
                if not fast:
                    _general(monkeypatch, name)
                x = torch.tensor(value, dtype=dtype, requires_grad=True)
                y = getattr(torch, name)(x)
                y.backward(inputs=None if fast else [x])
                results.append((y, x.grad))
                monkeypatch.undo()
            (y, g), (y0, g0) = results
            _same_bits(y, y0)
            _same_bits(g, g0)
            assert repr(y) == repr(y0) and y.grad_fn.name() == y0.grad_fn.name()


def test_float32_values_are_rounded_once_as_pytorch_rounds_them():
    rng = np.random.default_rng(0)
    for a, b in rng.standard_normal((500, 2)) * 10.0 ** rng.integers(-8, 8, (500, 2)):
        x = torch.tensor(float(a))
        a32, b32 = np.float32(a), np.float32(b)
        assert (x * float(b)).item() == float(a32 * b32)
        assert (x + torch.tensor(float(b))).item() == float(a32 + b32)
        assert (x / float(b)).item() == float(a32 / b32)
        assert x.sin().item() == float(np.float32(np.sin(np.float64(a32))))


def test_what_a_scalar_graph_prints():
    x = torch.tensor(0.5, requires_grad=True)
    assert repr(x * 1.0001) == "tensor(0.5001, grad_fn=<MulBackward0>)"
    assert repr(x + 0.001) == "tensor(0.5010, grad_fn=<AddBackward0>)"
    assert repr(x.sin()) == "tensor(0.4794, grad_fn=<SinBackward0>)"
    assert repr(x - 3) == "tensor(-2.5000, grad_fn=<SubBackward0>)"
    assert repr(2.0 * x) == "tensor(1., grad_fn=<MulBackward0>)"
    assert repr(1 + x) == "tensor(1.5000, grad_fn=<AddBackward0>)"
    assert repr(x * torch.tensor(3.0)) == "tensor(1.5000, grad_fn=<MulBackward0>)"
    d = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    assert repr(d.exp()) == "tensor(1.6487, dtype=torch.float64, grad_fn=<ExpBackward0>)"
    with _warnings_fail():
        assert repr(x / 0) == "tensor(inf, grad_fn=<DivBackward0>)"
        assert repr(torch.tensor(-1.0).log()) == "tensor(nan)"
        assert repr(torch.tensor(3e38) * 10) == "tensor(inf)"
        assert repr(torch.tensor(1.0) / torch.tensor(0.0)) == "tensor(inf)"


def test_other_dtypes_and_operands_keep_pytorchs_promotion():
    """Each of these misses a condition of the 0-d path; the answers are PyTorch's."""
    assert repr(torch.tensor(3) * 2) == "tensor(6)"  # int64 stays int64
    assert repr(torch.tensor(3) * 2.5) == "tensor(7.5000)"  # int with a float: float32
    assert repr(torch.tensor(3).sin()) == "tensor(0.1411)"
    assert repr(torch.tensor(1.5) * True) == "tensor(1.5000)"  # a bool operand
    mixed = torch.tensor(1.5) * torch.tensor(2.0, dtype=torch.float64)
    assert repr(mixed) == "tensor(3., dtype=torch.float64)"  # two 0-d tensors promote
    big = torch.tensor(1.0) * 2**25  # an int float32 cannot hold exactly: NumPy rounds it
    assert big.item() == float(np.float32(2**25)) and big.dtype == torch.float32
    one = torch.tensor([0.5], requires_grad=True) * 1.0001  # one element, not 0-d
    assert repr(one) == "tensor([0.5001], grad_fn=<MulBackward0>)"
    vector = torch.tensor(2.0, requires_grad=True) * torch.tensor([1.0, 2.0])  # 0-d with a vector
    assert repr(vector) == "tensor([2., 4.], grad_fn=<MulBackward0>)"


def test_edges_saved_values_and_versions_are_recorded_as_before():
    x = torch.tensor(0.5, requires_grad=True)
    s, m = x.sin(), x * 2
    assert s.grad_fn.next_functions == ((x.grad_fn or x._accumulator(), 0),)
    assert m.grad_fn.next_functions[1] == (None, 0)
    assert m.grad_fn.next_functions[0][0] is s.grad_fn.next_functions[0][0]
    assert s.grad_fn._saved_self is x and repr(m.grad_fn._saved_other) == "tensor(2)"
    assert repr((x * 2.0).grad_fn._saved_other) == "tensor(2., dtype=torch.float64)"
    assert s._version == 0 and s.is_leaf is False and s.requires_grad
    # each result has its own memory and counter: changing one changes nothing else
    with torch.no_grad():
        s.add_(1)
    assert s._version == 1 and m._version == 0 and x._version == 0
    later = s.sin()  # saves s as it is now (version 1)
    with torch.no_grad():
        s.add_(1)
    with pytest.raises(RuntimeError, match="is at version 2; expected version 1 instead"):
        later.backward()


def test_a_result_shares_memory_with_its_numpy_array_and_its_data():
    y = torch.tensor(0.5) * 3.0
    array = y.numpy()
    assert array.shape == () and array.dtype == np.float32
    y.add_(1)  # an in-place change is seen through the array, as in PyTorch
    assert array[()] == np.float32(2.5) and y._version == 1
    array[()] = 7.0  # and a write into the array is seen by the tensor
    assert y.item() == 7.0 and y[()].item() == 7.0
    d = y.data
    d.mul_(2)
    assert y.item() == 14.0
    c = torch.tensor(0.0)
    c.copy_(y)
    assert c.item() == 14.0 and c._version == 1


def test_grad_mode_and_inference_mode_on_the_0d_path():
    x = torch.tensor(0.5, requires_grad=True)
    with torch.no_grad():
        y = x * 2
    assert repr(y) == "tensor(1.)" and not y.requires_grad and y.grad_fn is None
    assert y._version == 0 and not y.is_inference()
    with torch.inference_mode():
        z = x.sin()
    assert z.is_inference() and repr(z) == "tensor(0.4794)"
    with torch.inference_mode():
        t = torch.tensor(2.0)
    message = "Inference tensors cannot be saved for backward"
    with pytest.raises(RuntimeError, match=message):
        x * t  # mul saves the other operand
    with pytest.raises(RuntimeError, match=message):
        x.sin() * t  # (checked against PyTorch: the same message)
    assert repr(x + t) == "tensor(2.5000, grad_fn=<AddBackward0>)"  # add saves nothing


def test_in_place_on_a_0d_leaf_is_refused_then_allowed_under_no_grad():
    a = torch.tensor(2.0, requires_grad=True)
    with pytest.raises(
        RuntimeError,
        match="^a leaf Variable that requires grad is being used in an in-place operation.$",
    ):
        a -= 1
    (a * a).backward()
    with torch.no_grad():
        a -= 0.5 * a.grad  # the tutorials' update: a 0-d product, then an in-place write
    assert repr(a) == "tensor(0., requires_grad=True)" and a._version == 1
    assert a.is_leaf and a.grad_fn is None
    a.grad = None
    (a * 3.0).backward()
    assert repr(a.grad) == "tensor(3.)"
    (a * 3.0).backward()
    assert repr(a.grad) == "tensor(6.)"  # gradients add up in .grad


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # (the engine's own filter, in a program)
def test_a_division_by_zero_goes_the_general_way_and_gives_inf_and_nan():
    x = torch.tensor(1.0, requires_grad=True)
    assert (x / 0).item() == math.inf and (-x / 0.0).item() == -math.inf
    assert math.isnan((torch.tensor(0.0) / 0).item())
    y = x / torch.tensor(-0.0)
    assert y.item() == -math.inf
    y.backward()
    assert x.grad.item() == -math.inf


def test_the_guard_hears_each_0d_operation():
    from autograd_core import guard

    heard = []

    class Listening:
        def check_numel(self, numel, what):
            heard.append((numel, what))

        def count_node(self):
            heard.append("node")

    x = torch.tensor(0.5, requires_grad=True)
    token = guard.active.set(Listening())
    try:
        (x * 2.0).sin() + 1
        with torch.no_grad():
            x / 3
    finally:
        guard.active.reset(token)
    assert heard == [
        (1, "mul"), "node", (1, "sin"), "node", (1, "add"), "node", (1, "div"),
    ]  # fmt: skip


# --- backward: the one ready node runs without the heap -----------------------------------------


def _traced_scalar_graph(general: bool):
    """A scalar graph with a chain, a diamond and a value used three times: several nodes are
    ready at once in places, one at a time elsewhere."""
    from autograd_core import tracing

    a = torch.tensor(0.7, requires_grad=True)
    b = torch.tensor(-1.3, requires_grad=True)
    u = (a * b).sin()
    v = u + 1.0
    w = u * 2.0
    shared = (v * w).exp() / 3
    loss = shared * shared + shared.tanh() + (a - b).cos() * 0.5
    with tracing.record_backward() as traces:
        loss.backward(inputs=[a, b] if general else None)  # inputs= takes the general loop
    order = [(s.kind, type(s.node).__name__, s.input_index) for s in traces[0].steps]
    return order, a.grad, b.grad


def test_a_scalar_graphs_backward_runs_its_nodes_in_the_general_loops_order():
    (fast, fa, fb), (general, ga, gb) = _traced_scalar_graph(False), _traced_scalar_graph(True)
    assert fast == general and len(fast) == 16
    _same_bits(fa, ga)
    _same_bits(fb, gb)
    assert repr(fa) == "tensor(-0.1403)" and repr(fb) == "tensor(0.2854)"  # (PyTorch 2.13)


# --- backward: scalar rules -----------------------------------------------------------------------

SCALAR_RULES = sorted(name for name, prim in REGISTRY.items() if prim.all_scalar)


def test_the_scalar_rules_cover_the_chains_and_tutorials_operations():
    assert {"add", "sub", "mul", "sin", "cos", "exp", "tanh"} <= set(SCALAR_RULES)


def _node_of(name, x, other):
    prim = REGISTRY[name]
    return prim(x) if len(prim.inputs) == 1 else prim(x, other)


@pytest.mark.parametrize("name", SCALAR_RULES)
def test_each_scalar_rule_gives_its_raw_rules_bits(name):
    """engine._scalar_outputs against engine._plain_outputs (the raw rules) on the same node,
    for gradients and inputs across float32's range, numbers and 0-d tensors as the operand."""
    from autograd_core import engine

    rng = np.random.default_rng(1)
    numbers = rng.standard_normal(60) * 10.0 ** rng.integers(-40, 39, 60)
    corners = [0.0, -0.0, 1.0, -1.0, 3e38, -3e38, 1e-45, math.inf, -math.inf, math.nan]
    values = [float(np.float32(v)) for v in [*numbers, *corners]]
    operands = [2.5, 0.1, -3, 7, 2**30, "tensor"]
    checked = 0
    with _warnings_fail():
        for i, value in enumerate(values):
            x = torch.tensor(value, requires_grad=True)
            other = operands[i % len(operands)]
            o = torch.tensor(values[-1 - i], requires_grad=True) if other == "tensor" else other
            node = _node_of(name, x, o).grad_fn
            for grad in (1.0, values[(i * 7) % len(values)], -0.0):
                scalar = engine._scalar_outputs(node, grad)
                arrays = engine._plain_outputs(node, np.array(grad, np.float32))
                if scalar is None:  # a number the rule hands back (beyond 2**24): the raw rule
                    assert other == 2**30
                    continue
                for s, a in zip(scalar, arrays):
                    assert (s is None) == (a is None)
                    if s is not None:
                        assert type(s) is float
                        np.testing.assert_array_equal(np.float32(s), a, strict=False)
                        assert np.signbit(s) == np.signbit(a) and a.dtype == np.float32
                        checked += 1
    assert checked > 150


def test_a_float64_or_vector_node_keeps_arrays_and_a_mixed_graph_adds_both_kinds():
    x = torch.tensor(0.5, requires_grad=True)
    v = torch.tensor([1.0, 2.0], requires_grad=True)
    d = torch.tensor(0.25, dtype=torch.float64, requires_grad=True)
    s = x.sin() * 3.0  # scalar rules
    total = (s * v).sum() + s.exp() + (d * 2.0).float()  # a vector branch and a float64 one
    total.backward()
    ref = [torch.tensor(0.5, requires_grad=True), None, None]
    ref[1] = torch.tensor([1.0, 2.0], requires_grad=True)
    ref[2] = torch.tensor(0.25, dtype=torch.float64, requires_grad=True)
    s0 = ref[0].sin() * 3.0
    ((s0 * ref[1]).sum() + s0.exp() + (ref[2] * 2.0).float()).backward(inputs=ref)
    for got, want in zip((x, v, d), ref):
        _same_bits(got.grad, want.grad)
        assert type(got.grad._data) is np.ndarray and got.grad.dtype == want.grad.dtype
    assert repr(d.grad) == "tensor(2., dtype=torch.float64)"


def test_a_scalar_backward_refuses_what_the_raw_one_refuses():
    x = torch.tensor(0.5, requires_grad=True)
    a = x * 1.5
    b = a.sin()
    with torch.no_grad():
        a.mul_(2)
    with pytest.raises(RuntimeError, match="is at version 1; expected version 0 instead"):
        b.backward()
    y = x.sin() * 2.0
    y.backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.backward()
    fresh = torch.tensor(0.5, requires_grad=True)
    z = fresh.exp()
    z.backward(retain_graph=True)
    z.backward()  # retained: runs again, and .grad adds up
    assert fresh.grad.item() == 2 * float(np.float32(np.exp(0.5)))


def test_a_node_without_scalar_rules_between_nodes_with_them_gets_an_array():
    """x**2 (pow has no scalar rule) between products and sums: the float gradient arriving
    there becomes an array again, and what PyTorch printed is printed."""
    x = torch.tensor(2.0, requires_grad=True)
    y = torch.tensor(3.0, requires_grad=True)
    z = x**2 * y + y**3
    z.backward()
    assert (repr(z), repr(x.grad), repr(y.grad)) == (
        "tensor(39., grad_fn=<AddBackward0>)",
        "tensor(12.)",
        "tensor(31.)",
    )


def test_a_0d_view_of_a_vector_takes_the_0d_path_and_its_gradient_reaches_the_vector():
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    v = w[1]  # a 0-d view: the select node has no scalar rule, so its gradient is an array
    y = (v * 2.0).sin() + v
    assert v._base is w and repr(y) == "tensor(1.2432, grad_fn=<AddBackward0>)"  # (PyTorch 2.13)
    y.backward()
    assert w.grad.tolist() == [
        0.0,
        float(np.float32(1 + np.float32(2 * np.float32(np.cos(4.0))))),
        0.0,
    ]
    assert repr(w.grad) == "tensor([ 0.0000, -0.3073,  0.0000])"  # (PyTorch 2.13)


def test_a_saved_result_changed_in_place_is_reported_as_pytorch_reports_it():
    x = torch.tensor(0.5, requires_grad=True)
    y = x.exp()
    with torch.no_grad():
        y.add_(1)
    with pytest.raises(
        RuntimeError,
        match=r"\[torch.FloatTensor \[\]\], which is output 0 of Exp, is at version 1; "
        r"expected version 0 instead",
    ):
        y.backward()

"""The engine's shortcuts for the commonest cases give what the general path gives.

Each shortcut has a condition (a plain `loss.backward()` with no hooks; `x.pow(2)` with a Python
number; `x.sum()` with no arguments; a 0-d result computed on Python floats; the guard read once
per operation). These tests run a case on each side of the condition and pin what a user sees:
values to the bit, dtype, grad_fn name, version counters, sharing, error messages.
"""

from __future__ import annotations

import math
import warnings
from contextlib import contextmanager

import numpy as np
import pytest

import autograd_core as torch
from autograd_core import guard, tracing


def _cubic_step(dtype, hook: bool):
    """One step of the 'Learning PyTorch with Examples' fit; with `hook`, a no-op hook on a
    leaf sends backward down the general path."""
    x = torch.linspace(-math.pi, math.pi, 50, dtype=dtype)
    y = torch.sin(x)
    a, b, c, d = (torch.tensor(v, dtype=dtype, requires_grad=True) for v in (0.1, -0.2, 0.3, -0.05))
    if hook:
        a.register_hook(lambda g: None)
    loss = (a + b * x + c * x**2 + d * x**3 - y).pow(2).sum()
    loss.backward()
    return loss, (a, b, c, d)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_plain_backward_gives_the_general_paths_gradients_to_the_bit(dtype):
    loss_fast, fast = _cubic_step(dtype, hook=False)
    loss_slow, slow = _cubic_step(dtype, hook=True)
    assert loss_fast.item() == loss_slow.item()
    for p, q in zip(fast, slow):
        assert p.grad.dtype == q.grad.dtype == dtype
        np.testing.assert_array_equal(p.grad.numpy(), q.grad.numpy(), strict=True)
        assert p.grad.grad_fn is None and not p.grad.requires_grad


def test_plain_backward_frees_saved_values_and_refuses_a_second_pass():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()  # the retained graph runs again and accumulates
    assert x.grad.tolist() == [4.0, 8.0]
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.backward()


def test_plain_backward_sees_an_in_place_change_of_a_saved_value():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = x * 1
    y = (w * w).sum()
    with torch.no_grad():
        w.mul_(2)  # (a node may not use what changed since it saved it)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.backward()


def test_one_gradient_sent_to_two_leaves_is_not_shared_between_their_grads():
    # add passes its gradient on unchanged to both inputs: each .grad must be its own array,
    # or an in-place update of one would change the other
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0], requires_grad=True)
    (a + b).backward(torch.tensor([1.0, 1.0]))
    assert a.grad.tolist() == b.grad.tolist() == [1.0, 1.0]
    with torch.no_grad():
        a.grad.mul_(5)
    assert b.grad.tolist() == [1.0, 1.0]


def test_the_gradient_passed_to_backward_is_copied_not_kept():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    given = torch.tensor([0.5, 0.25])
    (x * 1).backward(given)
    (x * 1).backward(given)  # accumulates in place into .grad
    assert given.tolist() == [0.5, 0.25]
    assert x.grad.tolist() == [1.0, 0.5]


def test_a_leafs_own_backward_and_a_sum_store_fresh_writable_gradients():
    x = torch.tensor(2.0, requires_grad=True)
    x.backward()
    assert x.grad.item() == 1.0 and x.grad.dtype == torch.float32
    v = torch.ones(3, requires_grad=True)
    v.sum().backward()
    assert v.grad._data.flags.writeable and v.grad.tolist() == [1.0, 1.0, 1.0]
    version = v.grad._version
    v.sum().backward()  # the second gradient is added in place: the version counts it
    assert v.grad.tolist() == [2.0, 2.0, 2.0] and v.grad._version == version + 1


def _mixed(hook: bool):
    x = torch.tensor([1.5, 2.5], requires_grad=True)
    s = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
    if hook:
        s.register_hook(lambda g: None)
    ((x * s).exp() / 100).sum().backward()  # exp has a raw rule, mul sees mixed dtypes
    return x.grad, s.grad


def test_mixed_dtypes_inside_a_plain_backward_follow_pytorchs_promotion():
    (xg, sg), (xg_general, sg_general) = _mixed(hook=False), _mixed(hook=True)
    assert xg.dtype == torch.float32 and sg.dtype == torch.float64
    np.testing.assert_array_equal(xg.numpy(), xg_general.numpy(), strict=True)
    np.testing.assert_array_equal(sg.numpy(), sg_general.numpy(), strict=True)
    np.testing.assert_allclose(xg.numpy(), np.exp([4.5, 7.5]) / 100 * 3, rtol=1e-6)


def test_a_module_hook_still_runs_on_the_general_path():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    seen = []
    x.register_hook(lambda g: seen.append(g.tolist()) or g * 10)
    (x * 3).sum().backward()
    assert seen == [[3.0, 3.0]] and x.grad.tolist() == [30.0, 30.0]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_mse_loss_gradients_match_the_formula(reduction):
    pred = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    target = torch.tensor([1.0, 1.0, 1.0], requires_grad=True)
    loss = torch.nn.functional.mse_loss(pred, target, reduction=reduction)
    (loss if reduction != "none" else loss.sum()).backward()
    diff = np.float32([0.5, -1.0, 2.0]) - np.float32(1.0)
    scale = np.float32(1) / np.float32(3) if reduction == "mean" else np.float32(1)
    np.testing.assert_array_equal(pred.grad.numpy(), (scale * 2 * diff).astype(np.float32))
    np.testing.assert_array_equal(target.grad.numpy(), (scale * -2 * diff).astype(np.float32))
    assert loss.grad_fn.name() == "MseLossBackward0"


def _traced_cubic(general: bool):
    x = torch.linspace(-1.0, 1.0, 7)
    y = torch.sin(x)
    params = [torch.tensor(v, requires_grad=True) for v in (0.1, -0.2, 0.3, -0.05)]
    a, b, c, d = params
    loss = (a + b * x + c * x**2 + d * x**3 - y).pow(2).sum()
    with tracing.record_backward() as traces:
        # inputs= (every leaf) takes the general loop: the same nodes, the same events
        loss.backward(inputs=params if general else None)
    return traces[0].steps, params


def _step_summary(step):
    values = [step.upstream, step.before, step.after] + [c.value for c in step.contributions]
    return (
        step.kind,
        type(step.node).__name__,
        step.from_shape,
        step.to_shape,
        step.input_index,
        [(c.input_index, type(c.target).__name__) for c in step.contributions],
        [None if v is None else (v.dtype, v.tolist()) for v in values],
    )


def test_a_traced_plain_backward_reports_what_the_general_loop_reports():
    (fast, fast_params), (general, general_params) = _traced_cubic(False), _traced_cubic(True)
    assert [s.kind for s in fast].count("sum_to") == 4  # a vector summed to each 0-d parameter
    assert [_step_summary(s) for s in fast] == [_step_summary(s) for s in general]
    for p, q in zip(fast_params, general_params):
        assert p.grad.item() == q.grad.item()


# --- forward: x.pow(n), x ** n, x.sum() -----------------------------------------------------------


@pytest.mark.parametrize("exponent", [2, 3, 0.5, -1, 2.0])
def test_pow_with_a_number_records_powbackward0_either_way(exponent):
    x = torch.tensor([1.5, 2.0, 4.0], requires_grad=True)
    for y in (x.pow(exponent), x**exponent, torch.pow(x, exponent)):
        assert type(y.grad_fn).__name__ == "PowBackward0"
        assert y.grad_fn._saved_exponent == exponent
        assert y.dtype == torch.float32
    general = torch.pow(x, exponent).detach().numpy()
    np.testing.assert_array_equal(x.pow(exponent).detach().numpy(), general, strict=True)
    np.testing.assert_array_equal((x**exponent).detach().numpy(), general, strict=True)


def test_pow_with_a_tensor_or_bool_exponent_takes_the_general_path():
    x = torch.tensor([1.5, 2.0], requires_grad=True)
    assert type(x.pow(torch.tensor(2.0)).grad_fn).__name__ == "PowBackward1"
    assert type((x**True).grad_fn).__name__ == "PowBackward0"
    i = torch.tensor([2, 3])
    assert i.pow(2).dtype == torch.int64 and i.pow(2).tolist() == [4, 9]
    assert i.pow(0.5).dtype == torch.float32
    with pytest.raises(RuntimeError, match="Integers to negative integer powers are not allowed"):
        i.pow(-1)


def test_sum_without_arguments_and_with_them():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    total = x.sum()
    assert type(total.grad_fn).__name__ == "SumBackward0" and total.item() == 10.0
    assert type(x.sum(0).grad_fn).__name__ == "SumBackward1"
    assert x.sum(dim=1, keepdim=True).shape == (2, 1)
    assert x.sum(dtype=torch.float64).dtype == torch.float64
    assert x.sum(axis=0).tolist() == [4.0, 6.0]
    assert torch.tensor([True, True, False]).sum().dtype == torch.int64
    with torch.no_grad():
        assert x.sum().grad_fn is None
    with torch.inference_mode():
        assert x.sum().is_inference()


def test_sum_of_a_view_and_of_float64():
    x = torch.arange(6.0, dtype=torch.float64).reshape(2, 3)
    assert x.t().sum().item() == 15.0 and x.t().sum().dtype == torch.float64


# --- 0-d results computed on Python floats ----------------------------------------------------


def test_a_0d_result_is_rounded_once_to_float32():
    g = torch.tensor(1.5)
    r = 1e-6 * g
    assert r.dtype == torch.float32 and r.item() == float(np.float32(1e-6) * np.float32(1.5))
    d = torch.tensor(1.5, dtype=torch.float64) * 1e-6
    assert d.dtype == torch.float64 and d.item() == 1.5 * 1e-6


def test_a_0d_float32_overflow_becomes_inf_silently_as_in_pytorch():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        big = torch.tensor(3e38) * 2.0
        assert big.item() == math.inf and big.dtype == torch.float32
        assert (torch.tensor(-3e38) * 2).item() == -math.inf
        assert math.isnan((torch.tensor(math.nan) * 2.0).item())


def test_in_place_update_under_no_grad_counts_versions():
    a = torch.tensor(0.5, requires_grad=True)
    (a * a).backward()
    version = a._version
    with torch.no_grad():
        a -= 0.1 * a.grad
    assert a.item() == float(np.float32(0.5) - np.float32(np.float32(0.1) * np.float32(1.0)))
    assert a._version == version + 1 and a.grad_fn is None and a.requires_grad


# --- the guard hears each operation once --------------------------------------------------------


class _Counting:
    def __init__(self):
        self.numels: list[tuple[int, str]] = []
        self.nodes = 0

    def check_numel(self, numel, what):
        self.numels.append((numel, what))

    def count_node(self):
        self.nodes += 1

    def check_products(self, multiply_adds, what):
        self.numels.append((multiply_adds, what + " products"))

    def check_text(self, chars, what):
        pass

    def check_work(self, steps, what):
        pass


@contextmanager
def _guarded():
    g = _Counting()
    token = guard.active.set(g)
    try:
        yield g
    finally:
        guard.active.reset(token)


def test_the_guard_hears_each_result_size_and_each_recorded_node():
    x = torch.ones(4, requires_grad=True)
    row = torch.ones(3, 1)
    with _guarded() as g:
        y = x * 2  # an array and a number
        z = y + y  # equal shapes
        w = z.pow(2).sum()  # one input
        b = row + torch.ones(4)  # broadcast: (3, 1) with (4,) makes 12 elements
        s = torch.tensor(0.5, requires_grad=True)
        v = s * x  # a 0-d tensor with a vector: the vector's size
        u = torch.ones(2, 3) * torch.tensor([2.0, 3.0, 4.0])  # (2, 3) with (3,): 6
    assert w.item() == 64.0 and v.shape == (4,) and u.shape == (2, 3)
    assert [n for n, what in g.numels if what == "mul"][-2:] == [4, 6] and g.nodes == 5
    assert [n for n, _ in g.numels if _ in ("mul", "add", "pow", "sum")][:4] == [4, 4, 4, 4]
    assert (12, "add") in g.numels and b.shape == (3, 4)
    # mul, add, pow, sum and s * x: the broadcast add and u record nothing


def test_the_guard_can_refuse_before_the_work_and_nothing_is_recorded():
    class Refuse(_Counting):
        def check_numel(self, numel, what):
            if numel > 10:
                raise RuntimeError(f"refused: {what} of {numel} elements")

    x = torch.ones(20, requires_grad=True)
    token = guard.active.set(Refuse())
    try:
        with pytest.raises(RuntimeError, match="refused: pow of 20 elements"):
            x.pow(2)
        with pytest.raises(RuntimeError, match="refused: sum of 20 elements"):
            x.sum()
    finally:
        guard.active.reset(token)

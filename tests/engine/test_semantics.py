"""Autograd semantics a learner runs into, with PyTorch's exact behaviour and messages.

The expected texts were observed in PyTorch 2.13 (see tests/golden/record_engine.py for the
recorded values; these are the rules behind them)."""

from __future__ import annotations

import gc
import threading
import warnings
import weakref

import numpy as np
import pytest

import autograd_core as torch
from autograd_core import guard

BACKWARD_TWICE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after "
    "they have already been freed). Saved intermediate values of the graph are freed when you call "
    ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
    "graph a second time or if you need to access saved tensors after calling backward."
)


def scalar(v=2.0):
    return torch.tensor(v, requires_grad=True)


# --- gradients accumulate ---------------------------------------------------------------------


def test_gradients_accumulate_until_zeroed():
    x = scalar(2.0)
    (x**2).backward()
    assert repr(x.grad) == "tensor(4.)"
    (x**2).backward()
    assert repr(x.grad) == "tensor(8.)"
    x.grad.zero_()
    assert repr(x.grad) == "tensor(0.)"
    (x**3).backward()
    assert repr(x.grad) == "tensor(12.)"


def test_accumulation_is_in_place_so_held_references_see_it():
    x = scalar(1.0)
    (x * 3).backward()
    held = x.grad
    (x * 3).backward()
    assert held is x.grad and held.item() == 6.0


def test_grad_can_be_reset_to_none():
    x = scalar(1.0)
    (x * 3).backward()
    x.grad = None
    (x * 5).backward()
    assert x.grad.item() == 5.0


def test_assigning_a_wrong_grad_is_refused():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    # PyTorch 2.13's words: the dtype is checked first, then the size
    with pytest.raises(
        RuntimeError,
        match=r"^attempting to assign a gradient of size '\[3\]' "
        r"to a tensor of size '\[2\]'\. Please ensure",
    ):
        x.grad = torch.zeros(3)
    with pytest.raises(
        RuntimeError,
        match=r"^attempting to assign a gradient with dtype "
        r"'double' to a tensor with grad_dtype 'Float'\.",
    ):
        x.grad = torch.zeros(3, dtype=torch.float64)


def test_broadcast_gradients_are_summed_back():
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x = torch.ones(4, 3)
    (x * w).sum().backward()
    assert w.grad.tolist() == [4.0, 4.0, 4.0]


def test_same_tensor_used_twice_collects_both_gradients():
    x = scalar(3.0)
    (x * x).backward()
    assert x.grad.item() == 6.0


# --- retain_graph ----------------------------------------------------------------------------


def test_second_backward_needs_retain_graph():
    x = scalar(2.0)
    y = x**2
    y.backward()
    with pytest.raises(RuntimeError) as e:
        y.backward()
    assert str(e.value) == BACKWARD_TWICE


def test_retain_graph_allows_a_second_backward():
    x = scalar(2.0)
    y = x**2
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad.item() == 8.0


def test_graph_without_saved_tensors_can_be_replayed_like_in_pytorch():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = (x + 1).sum()
    y.backward()
    y.backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]


def test_saved_values_are_freed_after_backward():
    x = torch.ones(1000, requires_grad=True)
    y = x.exp()
    ref = weakref.ref(y)
    loss = y.sum()
    del y
    loss.backward()
    gc.collect()
    assert ref() is None  # ExpBackward0 kept y as its saved result until backward freed it
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        _ = loss.grad_fn.next_functions[0][0]._saved_result


# --- non-scalar outputs and gradient= ----------------------------------------------------------


def test_non_scalar_backward_needs_gradient():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    with pytest.raises(
        RuntimeError, match="^grad can be implicitly created only for scalar outputs$"
    ):
        y.backward()


def test_backward_with_gradient_is_a_vector_jacobian_product():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x**3
    y.backward(torch.tensor([1.0, 1.0, 1.0]))
    assert repr(x.grad) == "tensor([ 3., 12., 27.])"
    x.grad = None
    (x**3).backward(torch.tensor([0.1, 1.0, 0.001]))
    np.testing.assert_allclose(x.grad.numpy(), [0.3, 12.0, 0.027], rtol=1e-6)


def test_gradient_shape_mismatch():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    with pytest.raises(RuntimeError) as e:
        (x * 2).backward(torch.ones(2))
    assert str(e.value) == (
        "Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a "
        "shape of torch.Size([3])."
    )


def test_backward_on_tensor_without_grad():
    with pytest.raises(RuntimeError) as e:
        (torch.tensor(2.0) * 3).backward()
    assert str(e.value) == "element 0 of tensors does not require grad and does not have a grad_fn"


# --- non-leaf .grad, retain_grad, hooks ------------------------------------------------------


def test_non_leaf_grad_is_none_with_pytorchs_warning():
    x = scalar(2.0)
    y = x * 3
    y.backward()
    with pytest.warns(UserWarning, match="The .grad attribute of a Tensor that is not a leaf"):
        assert y.grad is None


def test_retain_grad_keeps_the_intermediate_gradient():
    x = scalar(2.0)
    y = x * 3
    y.retain_grad()
    z = y**2
    z.backward()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert y.grad.item() == 12.0  # dz/dy = 2y at y = 6
    assert x.grad.item() == 36.0  # dz/dx = dz/dy * dy/dx = 12 * 3


def test_retain_grad_requires_grad():
    with pytest.raises(
        RuntimeError, match="^can't retain_grad on Tensor that has requires_grad=False$"
    ):
        torch.tensor(1.0).retain_grad()


def test_hook_can_replace_the_gradient():
    x = scalar(2.0)
    x.register_hook(lambda g: g * 10)
    (x * 3).backward()
    assert x.grad.item() == 30.0


def test_hook_on_intermediate_sees_and_changes_its_gradient():
    x = scalar(2.0)
    y = x * 3
    seen = []
    y.register_hook(lambda g: seen.append(g.item()))
    handle = y.register_hook(lambda g: g * 0)
    (y**2).backward(retain_graph=True)
    assert seen == [12.0] and x.grad.item() == 0.0
    handle.remove()
    x.grad = None
    (y**2).backward()
    assert x.grad.item() == 36.0


def test_hook_requires_grad():
    with pytest.raises(
        RuntimeError, match="^cannot register a hook on a tensor that doesn't require gradient$"
    ):
        torch.tensor(1.0).register_hook(lambda g: g)


# --- no_grad, detach, requires_grad_ ----------------------------------------------------------


def test_no_grad_results_do_not_require_grad_and_mode_is_restored():
    x = scalar(2.0)
    with torch.no_grad():
        y = x**2
        z = y + 1
        assert not torch.is_grad_enabled()
    assert torch.is_grad_enabled()
    assert not y.requires_grad and not z.requires_grad and y.grad_fn is None
    w = x**3
    assert w.requires_grad


def test_no_grad_as_decorator_with_and_without_parentheses():
    x = scalar(2.0)

    @torch.no_grad()
    def f(t):
        return t * 2

    @torch.no_grad
    def g(t):
        return t * 2

    assert not f(x).requires_grad and not g(x).requires_grad


def test_enable_grad_inside_no_grad_and_set_grad_enabled():
    x = scalar(2.0)
    with torch.no_grad():
        with torch.enable_grad():
            assert (x * 2).requires_grad
        assert not (x * 2).requires_grad
    with torch.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert torch.is_grad_enabled()
    torch.set_grad_enabled(False)
    assert not torch.is_grad_enabled()
    torch.set_grad_enabled(True)


def test_detach_shares_values_but_not_history():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    d = x.detach()
    assert not d.requires_grad and d.grad_fn is None
    d.zero_()
    assert repr(x) == "tensor([0., 0.], requires_grad=True)"


def test_requires_grad_flag_rules():
    x = torch.randn(3, requires_grad=True)
    x.requires_grad_(False)
    assert not x.requires_grad
    with pytest.raises(
        RuntimeError,
        match="^Only Tensors of floating point and complex dtype can require gradients$",
    ):
        torch.tensor([1, 2], requires_grad=True)
    with pytest.raises(
        RuntimeError, match="^only Tensors of floating point dtype can require gradients$"
    ):
        torch.tensor([1, 2]).requires_grad_()
    y = torch.tensor([1.0], requires_grad=True) * 2
    with pytest.raises(RuntimeError) as e:
        y.requires_grad = False
    assert str(e.value) == (
        "you can only change requires_grad flags of leaf variables. If you want to use a computed "
        "variable in a subgraph that doesn't require differentiation use var_no_grad = "
        "var.detach()."
    )


def test_numpy_refuses_tensors_that_require_grad():
    x = scalar(1.0)
    with pytest.raises(RuntimeError) as e:
        x.numpy()
    assert str(e.value) == (
        "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."
    )
    assert x.detach().numpy() == 1.0


# --- in-place operations ----------------------------------------------------------------------


def test_in_place_on_a_leaf_that_requires_grad_is_refused():
    w = scalar(1.0)
    with pytest.raises(
        RuntimeError,
        match="^a leaf Variable that requires grad is being used in an in-place operation.$",
    ):
        w += 1
    with pytest.raises(RuntimeError, match="^a view of a leaf Variable that requires grad"):
        torch.tensor([1.0, 2.0], requires_grad=True)[0] = 5.0


def test_in_place_update_under_no_grad_is_the_seed_update_rule():
    w = scalar(0.0)
    x = torch.tensor([1.0, 2.0, 3.0])
    y = torch.tensor([2.0, 4.0, 6.0])
    for _ in range(10):
        loss = ((w * x - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= 0.1 * w.grad
            w.grad.zero_()
    assert w.is_leaf and w.requires_grad
    assert abs(w.item() - 2.0) < 1e-3


def test_modifying_a_saved_tensor_is_detected_at_backward():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = a.exp()
    b.mul_(2)
    with pytest.raises(RuntimeError) as e:
        b.sum().backward()
    assert str(e.value) == (
        "one of the variables needed for gradient computation has been modified by an inplace "
        "operation: [torch.FloatTensor [2]], which is output 0 of Exp, is at version 1; expected "
        "version 0 instead. Hint: enable anomaly detection to find the operation that failed to "
        "compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
    )


def test_in_place_on_intermediate_rewrites_its_history():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y += 1
    assert type(y.grad_fn).__name__ == "AddBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_leaf_modified_under_no_grad_after_use_is_detected():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    y = w * w
    with torch.no_grad():
        w -= 1
    with pytest.raises(
        RuntimeError, match=r"\[torch.FloatTensor \[2\]\] is at version 1; expected version 0"
    ):
        y.sum().backward()


def test_data_changes_are_invisible_to_autograd():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    c = a.exp()
    c.data.zero_()
    c.sum().backward()
    assert a.grad.tolist() == [0.0, 0.0]


# --- autograd.grad and higher order -----------------------------------------------------------


def test_autograd_grad_returns_without_touching_grad():
    x = scalar(2.0)
    (g,) = torch.autograd.grad(x**3, x)
    assert g.item() == 12.0 and x.grad is None


def test_second_derivative_of_cube_like_the_seed():
    x = torch.tensor([2.0], requires_grad=True)
    y = x**3
    grad1 = torch.autograd.grad(y, x, create_graph=True)[0]
    grad2 = torch.autograd.grad(grad1, x)[0]
    assert repr(grad1) == "tensor([12.], grad_fn=<MulBackward0>)"
    assert repr(grad2) == "tensor([12.])"


def test_derivatives_to_fourth_order():
    x = scalar(1.5)
    y = torch.sin(x) * x**2
    values = []
    g = y
    for _ in range(4):
        (g,) = torch.autograd.grad(g, x, create_graph=True)
        values.append(g.item())
    s, c, t = np.sin(1.5), np.cos(1.5), 1.5
    expected = [
        c * t**2 + 2 * t * s,
        -s * t**2 + 4 * t * c + 2 * s,
        -c * t**2 - 6 * t * s + 6 * c,
        s * t**2 - 8 * t * c - 12 * s,
    ]
    np.testing.assert_allclose(values, expected, rtol=1e-5)


def test_unused_input_error_and_allow_unused():
    a, b = scalar(1.0), scalar(1.0)
    with pytest.raises(RuntimeError) as e:
        torch.autograd.grad(a * 2, [a, b])
    assert str(e.value) == (
        "The differentiated Tensor at index 1 appears to not have been used in the graph. Set "
        "allow_unused=True if this is the desired behavior."
    )
    ga, gb = torch.autograd.grad(a * 2, [a, b], allow_unused=True)
    assert ga.item() == 2.0 and gb is None


def test_grad_with_respect_to_an_intermediate():
    x = scalar(2.0)
    y = x * 3
    z = y**2
    (gy,) = torch.autograd.grad(z, y)
    assert gy.item() == 12.0 and x.grad is None


def test_jacobian_and_hessian():
    x = torch.tensor([1.0, 2.0], dtype=torch.float64)
    jac = torch.autograd.functional.jacobian(lambda t: t**2, x)
    np.testing.assert_allclose(jac.numpy(), [[2.0, 0.0], [0.0, 4.0]])
    hess = torch.autograd.functional.hessian(lambda t: (t[0] ** 2) * t[1], x)
    np.testing.assert_allclose(hess.numpy(), [[4.0, 2.0], [2.0, 0.0]])


def test_gradcheck_reports_agreement_and_catches_a_wrong_derivative():
    x = torch.tensor([0.3, -1.2, 2.0], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda t: (t.sin() * t).sum(), (x,))
    assert torch.autograd.gradgradcheck(lambda t: (t.sin() * t).sum(), (x,))
    report = torch.autograd.gradcheck_report(lambda t: t.detach() * t, (x,))
    assert not report.ok and report.max_rel_error > 0.1


# --- a long chain and thread isolation -------------------------------------------------------


def test_long_chain_backpropagates_without_recursion_error():
    x = scalar(1.0)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.backward()
    assert x.grad.item() == 1.0


def test_grad_mode_is_per_thread():
    barrier = threading.Barrier(2)
    results = {}

    def inside_no_grad():
        with torch.no_grad():
            barrier.wait()  # both threads are now mid-computation
            results["no_grad"] = (scalar() * 2).requires_grad
            barrier.wait()

    def recording():
        barrier.wait()
        results["recording"] = (scalar() * 2).requires_grad
        barrier.wait()

    threads = [threading.Thread(target=inside_no_grad), threading.Thread(target=recording)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {"no_grad": False, "recording": True}


def test_random_generator_is_per_thread_and_seedable():
    torch.manual_seed(0)
    a = torch.randn(3)
    torch.manual_seed(0)
    assert torch.equal(a, torch.randn(3))
    seen = []

    def draw():
        torch.manual_seed(0)
        seen.append(torch.randn(3))

    torch.manual_seed(0)
    t = threading.Thread(target=draw)
    t.start()
    t.join()
    assert torch.equal(seen[0], torch.randn(3))  # the thread's reseed did not move ours


# --- the resource guard hears about every large allocation before it happens -----------------


class _Refuse:
    """A guard that refuses anything over 10,000 elements (as the snippet language's does)."""

    def check_numel(self, numel, what):
        if numel > 10_000:
            raise RuntimeError(f"refused: {what} of {numel} elements")

    def count_node(self):
        pass

    def check_products(self, multiply_adds, what):
        if multiply_adds > 10_000:
            raise RuntimeError(f"refused: {what} of {multiply_adds} multiply-adds")

    def check_text(self, chars, what):
        pass

    def check_work(self, steps, what):
        pass


def _linear_of(dtype, n):
    """nn.Linear(n, 30) whose weight and bias were given `dtype` through .data."""
    layer = torch.nn.Linear(n, 30)
    layer.weight.data = torch.ones(30, n, dtype=dtype)
    layer.bias.data = torch.zeros(30, dtype=dtype)
    return layer


@pytest.mark.parametrize(
    "product",
    [
        lambda a, b: a @ b,
        lambda a, b: a.mm(b),
        lambda a, b: torch.matmul(a, b),
        lambda a, b: torch.nn.functional.linear(a, b),  # b is square: b.t() has its shape
        lambda a, b: _linear_of(a.dtype, a.shape[1])(a),
        lambda a, b: a.unsqueeze(0).expand(2, *a.shape) @ b,
        lambda a, b: torch.bmm(a.unsqueeze(0), b.unsqueeze(0)),
    ],
)
@pytest.mark.parametrize("dtype", [torch.float32, torch.int64])
def test_the_guard_hears_every_matrix_product_before_it_runs(product, dtype):
    a, b = torch.ones(30, 30, dtype=dtype), torch.ones(30, 30, dtype=dtype)  # 27,000 each
    token = guard.active.set(_Refuse())
    try:
        with pytest.raises(RuntimeError, match="multiply-adds"):
            product(a, b)
    finally:
        guard.active.reset(token)
    assert product(a[:20, :20], b[:20, :20]).shape[-2] == 20  # with no guard: allowed


@pytest.mark.parametrize(
    "make",
    [
        lambda: torch.ones(1000, 1).masked_fill(torch.ones(1, 1000) > 0, 0.0),
        lambda: torch.isclose(torch.ones(1000, 1), torch.ones(1, 1000)),
        lambda: torch.ones(10, 10)[
            torch.zeros(1000, 1, dtype=torch.long), torch.zeros(1, 1000, dtype=torch.long)
        ],
        lambda: torch.tensor([[0.0] * 1000] * 1000),
        lambda: torch.ones(1000, 1) * torch.ones(1, 1000),
        lambda: torch.zeros(10**9),
        lambda: torch.ones(3).expand(10**6, 3),
    ],
    ids=["masked_fill", "isclose", "advanced index", "nested list", "broadcast", "zeros", "expand"],
)
def test_guard_refuses_large_allocations_before_they_happen(make):
    from autograd_core import guard

    token = guard.active.set(_Refuse())
    try:
        with pytest.raises(RuntimeError, match="^refused"):
            make()
    finally:
        guard.active.reset(token)


def test_tensor_from_a_range_and_mT_message():
    assert torch.tensor(range(4)).tolist() == [0, 1, 2, 3]
    with pytest.raises(RuntimeError, match="^tensor.mT is only supported on matrices"):
        _ = torch.ones(3).mT


def test_hessian_of_a_constant_function_is_zero_like_pytorch():
    h = torch.autograd.functional.hessian(
        lambda a, b: torch.tensor(3.0), (torch.tensor(1.0), torch.tensor(2.0))
    )
    assert [[v.item() for v in row] for row in h] == [[0.0, 0.0], [0.0, 0.0]]


def test_gradient_shape_is_checked_before_requires_grad_as_in_pytorch():
    with pytest.raises(RuntimeError, match="^Mismatch in shape: grad_output"):
        torch.ones(3).backward(torch.ones(2))


def test_manual_seed_in_a_copied_context_leaves_the_caller_alone():
    import contextvars

    torch.manual_seed(1)
    a = torch.randn(2)
    torch.manual_seed(1)
    contextvars.copy_context().run(torch.manual_seed, 5)
    assert torch.equal(a, torch.randn(2))


# Reductions over nothing, as PyTorch 2.13 prints them (recorded with torch.zeros(0, 3) = z).
_Z = torch.zeros(0, 3)
EMPTY_REDUCTIONS = [
    (
        "z.amax(dim=0)",
        lambda: _Z.amax(dim=0),
        "IndexError: amax(): Expected reduction dim 0 to have non-zero size.",
    ),
    (
        "z.amin(dim=(1, 0))",
        lambda: _Z.amin(dim=(1, 0)),
        "IndexError: amin(): Expected reduction dim 0 to have non-zero size.",
    ),
    (
        "z.max(dim=0)",
        lambda: _Z.max(dim=0),
        "IndexError: max(): Expected reduction dim 0 to have non-zero size.",
    ),
    (
        "z.amax()",
        lambda: _Z.amax(),
        "RuntimeError: amax(): Expected reduction dim to be specified for input.numel() == 0. "
        "Specify the reduction dim with the 'dim' argument.",
    ),
    (
        "z.argmin()",
        lambda: _Z.argmin(),
        "IndexError: argmin(): Expected reduction dim to be specified for input.numel() == 0.",
    ),
    (
        "z.argmax(dim=0)",
        lambda: _Z.argmax(dim=0),
        "IndexError: argmax(): Expected reduction dim 0 to have non-zero size.",
    ),
    (
        "torch.zeros(2, 0).min(dim=-1)",
        lambda: torch.zeros(2, 0).min(dim=-1),
        "IndexError: min(): Expected reduction dim 1 to have non-zero size.",
    ),
    ("z.amax(dim=1)", lambda: _Z.amax(dim=1), "tensor([])"),
    ("z.argmin(dim=1)", lambda: _Z.argmin(dim=1), "tensor([], dtype=torch.int64)"),
    ("z.logsumexp(dim=0)", lambda: _Z.logsumexp(dim=0), "tensor([-inf, -inf, -inf])"),
    ("z.logsumexp(dim=(0, 1))", lambda: _Z.logsumexp(dim=(0, 1)), "tensor(-inf)"),
    ("z.softmax(dim=0)", lambda: _Z.softmax(dim=0), "tensor([], size=(0, 3))"),
    ("z.log_softmax(dim=1)", lambda: _Z.log_softmax(dim=1), "tensor([], size=(0, 3))"),
    ("z.mean()", lambda: _Z.mean(), "tensor(nan)"),
    ("z.mean(dim=0)", lambda: _Z.mean(dim=0), "tensor([nan, nan, nan])"),
    ("z.prod(dim=0)", lambda: _Z.prod(dim=0), "tensor([1., 1., 1.])"),
]


@pytest.mark.parametrize("expression, reduce, printed", EMPTY_REDUCTIONS)
def test_reductions_over_empty_tensors_answer_as_pytorch_does(expression, reduce, printed):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and quietly: no NumPy warning about empty slices
        try:
            got = repr(reduce())
        except (IndexError, RuntimeError) as e:
            got = f"{type(e).__name__}: {e}"
    assert got == printed


# In-place changes through views, and of a tensor that has views: PyTorch 2.13's output for the
# same programs (recorded with torch).
THROUGH_A_VIEW = """\
x = torch.tensor([1., 2., 3.], requires_grad=True)
z = x * 1
v = z[1:]
v.mul_(2)
print(z, v)
z.sum().backward(); print(x.grad)
a = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
b = a * 1
b[:, 0] += 10
print(b)
(b * torch.tensor([[1., 2.], [3., 4.]])).sum().backward()
print(a.grad)
w = torch.tensor([1., 2., 3., 4.], requires_grad=True)
y = w * 2
yv = y.view(2, 2)
yv[0].mul_(w[:2])
print(y, yv)
y.sum().backward(); print(w.grad)
q = torch.tensor([1., 2., 3.], requires_grad=True)
r = q.exp()
r[0:1].add_(1)
try:
    r.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", str(e)[:80])
k = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
m = k * 3
m.t()[0].sub_(1)
print(m)
m.sum().backward(); print(k.grad)
"""
THROUGH_A_VIEW_PRINTED = """\
tensor([1., 4., 6.], grad_fn=<CopySlices>) tensor([4., 6.], grad_fn=<AsStridedBackward0>)
tensor([1., 2., 2.])
tensor([[11.,  2.],
        [13.,  4.]], grad_fn=<CopySlices>)
tensor([[1., 2.],
        [3., 4.]])
tensor([2., 8., 6., 8.], grad_fn=<CopySlices>) tensor([[2., 8.],
        [6., 8.]], grad_fn=<AsStridedBackward0>)
tensor([4., 8., 2., 2.])
RuntimeError: one of the variables needed for gradient computation has been modified by an inp
tensor([[ 2.,  6.],
        [ 8., 12.]], grad_fn=<CopySlices>)
tensor([[3., 3.],
        [3., 3.]])
"""
BASE_WITH_A_VIEW = """\
w = torch.tensor([1., 2., 3., 4.], requires_grad=True)
y = w * 2
yv = y.view(2, 2)
y.mul_(3)
print(yv)
yv.sum().backward(); print(w.grad)
"""
BASE_WITH_A_VIEW_PRINTED = """\
tensor([[ 6., 12.],
        [18., 24.]], grad_fn=<AsStridedBackward0>)
tensor([6., 6., 6., 6.])
"""


@pytest.mark.parametrize(
    "program, printed",
    [(THROUGH_A_VIEW, THROUGH_A_VIEW_PRINTED), (BASE_WITH_A_VIEW, BASE_WITH_A_VIEW_PRINTED)],
    ids=["through a view", "base with a view"],
)
def test_in_place_changes_and_views_keep_gradients_right(capsys, program, printed):
    """`v.mul_(2)` on a view rewrites its base's history (CopySlices) and the view reads its
    values back from it (AsStridedBackward0); an in-place change of the base renews the history
    of every view of it, so a gradient through the view counts the change (it used to skip it:
    w.grad was 2 where PyTorch says 6)."""
    exec(program, {"torch": torch})
    assert capsys.readouterr().out == printed

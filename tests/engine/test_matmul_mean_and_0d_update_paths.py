"""Four shortcuts of the engine against the general path they stand in for.

- `a @ b` of two matrices goes straight to mm (torch.matmul's dispatch answers mm for them);
  mm and addmm multiply with BLAS for every layout (ops.linalg.matrix_product), forward and
  backward alike.
- A 0-d float32/float64 tensor updated in place under no_grad (`a -= lr * a.grad`, the
  tutorials' step) is computed on Python floats (tensor._update_0d) instead of a NumPy ufunc.
- mean's raw backward fills one quotient instead of dividing a broadcast view, and `x.mean()`
  with no arguments goes straight to its primitive.
- `x.sin()`, `x.exp()`, ... call their primitive through apply directly, as torch.sin(x) does.

Each test pins what a user sees: values to the bit, grad_fn names, gradients, version counters.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd_core as torch
from autograd_core import nn
from autograd_core.ops import linalg, reductions

FLOATS = [torch.float32, torch.float64]


def _bits(t) -> bytes:
    return np.ascontiguousarray(t.detach().numpy() if hasattr(t, "numpy") else t).tobytes()


def _leaf(shape, dtype, seed):
    values = np.random.default_rng(seed).standard_normal(shape)
    return torch.tensor(values, dtype=dtype, requires_grad=True)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shapes", [((5, 3), (3, 4)), ((6, 1), (1, 7)), ((1, 4), (4, 1))])
def test_matrix_at_matrix_is_mm_with_its_node_and_gradients(dtype, shapes):
    (sa, sb), runs = shapes, []
    for multiply in (lambda a, b: a @ b, torch.mm, torch.matmul):
        a, b = _leaf(sa, dtype, 1), _leaf(sb, dtype, 2)
        out = multiply(a, b)
        (out * out).sum().backward()
        runs.append((out, a.grad, b.grad))
    (fast, fa, fb), *general = runs
    assert type(fast.grad_fn).__name__ == "MmBackward0"
    assert fast.dtype is dtype
    for out, ga, gb in general:
        assert type(out.grad_fn).__name__ == "MmBackward0"
        assert _bits(out) == _bits(fast)
        assert _bits(ga) == _bits(fa) and _bits(gb) == _bits(fb)


def test_a_parameter_on_the_right_of_at_takes_the_same_path():
    w = nn.Parameter(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    x = torch.tensor([[1.0, -1.0]])
    out = x @ w
    assert type(out.grad_fn).__name__ == "MmBackward0"
    assert out.tolist() == [[-2.0, -2.0]]
    out.sum().backward()
    assert w.grad.tolist() == [[1.0, 1.0], [-1.0, -1.0]]


def test_matmul_keeps_pytorchs_errors_and_other_ranks():
    a = torch.ones(2, 3)
    with pytest.raises(
        RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied \(2x3 and 2x3\)"
    ):
        a @ torch.ones(2, 3)
    with pytest.raises(RuntimeError, match="expected m1 and m2 to have the same dtype"):
        a @ torch.ones(3, 2, dtype=torch.float64)
    assert (a @ torch.ones(3)).shape == (2,)  # mv
    assert (torch.ones(3) @ torch.ones(3, 2)).shape == (2,)
    assert (torch.ones(4, 2, 3) @ torch.ones(3, 5)).shape == (4, 2, 5)  # bmm
    assert (torch.ones(2, 3, dtype=torch.int64) @ torch.ones(3, 2, dtype=torch.int64)).tolist() == [
        [3, 3],
        [3, 3],
    ]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_matrix_product_agrees_with_matmul_in_every_layout(dtype):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((40, 30)).astype(dtype)
    b = rng.standard_normal((30, 20)).astype(dtype)
    cases = [
        (a, b),
        (a[::2], b),  # rows with a stride
        (b.T, a.T),  # both transposed
        (a, np.asfortranarray(b)),
        (a[:, :1], b[:1]),  # inner dimension 1: an outer product
        (a[:0], b),  # no rows
    ]
    tolerance = 1e-5 if dtype is np.float32 else 1e-12
    for x, y in cases:
        got = linalg.matrix_product(x, y)
        assert got.dtype == dtype and got.shape == (x.shape[0], y.shape[1])
        np.testing.assert_allclose(got, x @ y, rtol=tolerance, atol=tolerance)


def test_matrix_product_of_other_types_is_numpys_matmul():
    ints = np.arange(12, dtype=np.int64).reshape(3, 4)
    assert np.array_equal(linalg.matrix_product(ints, ints.T), ints @ ints.T)
    halves = np.arange(12, dtype=np.float16).reshape(3, 4)
    assert linalg.matrix_product(halves, halves.T).tobytes() == (halves @ halves.T).tobytes()


# --- 0-d in-place updates ------------------------------------------------------------------------

OPERATORS = {
    "+=": (lambda t, v: t.__iadd__(v), np.add),
    "-=": (lambda t, v: t.__isub__(v), np.subtract),
    "*=": (lambda t, v: t.__imul__(v), np.multiply),
    "/=": (lambda t, v: t.__itruediv__(v), np.true_divide),
}
START = [0.1, -0.2, 3.0e38, 1e-45, -0.0, 7.0, float("inf"), float("nan")]
OPERANDS = [1e-6, -0.3, 3, 0, 2.0**-30, 1e39, -0.0, float("nan")]


def _reference(start, operand, ufunc, dtype):
    """What the ufunc path computes for the same update (NumPy writing into the array)."""
    data = np.array(start, dtype.numpy)
    value = np.array(operand, dtype.numpy) if isinstance(operand, torch.Tensor) else operand
    if isinstance(operand, torch.Tensor):
        value = operand.numpy()
    with np.errstate(all="ignore"):
        ufunc(data, value, out=data, casting="same_kind")
    return data.tobytes()


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("op", list(OPERATORS))
def test_a_0d_update_under_no_grad_gives_numpys_bits_and_counts_a_version(dtype, op):
    update, ufunc = OPERATORS[op]
    for start in START:
        for number in OPERANDS:
            for operand in (number, torch.tensor(number, dtype=dtype)):
                t = torch.tensor(start, dtype=dtype, requires_grad=True)
                expected = _reference(start, operand, ufunc, dtype)
                with torch.no_grad(), np.errstate(all="ignore"):
                    result = update(t, operand)
                assert result is t
                assert t._data.tobytes() == expected, (start, op, operand)
                assert t._version == 1 and t.requires_grad and t.grad_fn is None


def test_the_tutorials_step_updates_each_coefficient_in_its_own_memory():
    a = torch.tensor(0.5, requires_grad=True)
    shared = a.detach()  # shares memory with a, as PyTorch's detach does
    (a * 3.0).backward()
    with torch.no_grad():
        a -= 1e-2 * a.grad
    a.grad = None
    assert a.item() == np.float32(np.float32(0.5) - np.float32(0.03)).item()
    assert shared.item() == a.item() and shared._version == a._version == 1


def test_a_0d_update_of_another_type_still_takes_numpys_path():
    t = torch.tensor(2.0)
    t += torch.tensor(0.5, dtype=torch.float64)  # float64 operand into a float32 tensor
    assert t.dtype is torch.float32 and t.item() == 2.5 and t._version == 1
    i = torch.tensor(3)
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired"):
        i -= 0.5


def test_a_0d_leaf_that_requires_grad_still_refuses_an_update_with_grad_on():
    a = torch.tensor(1.0, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        a -= 0.1


# --- mean's raw backward ------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("shape", [(), (1,), (7,), (3, 5), (2, 0), (256, 1)])
def test_means_raw_gradient_is_the_broadcast_division_to_the_bit(dtype, shape):
    grad = np.array(0.7, dtype)
    n = int(np.prod(shape))
    with np.errstate(all="ignore"):
        expected = np.true_divide(np.broadcast_to(grad, shape), n)
        got = reductions._spread_mean(grad, shape)
    assert got.dtype == expected.dtype and got.shape == shape
    assert got.tobytes() == np.ascontiguousarray(expected).tobytes()
    assert got.flags.writeable and got.base is None  # a fresh array .grad may keep


@pytest.mark.parametrize("dtype", FLOATS)
def test_mean_backward_plain_and_recorded_agree(dtype):
    x = _leaf((4, 6), dtype, 3)
    x.mean().backward()
    y = _leaf((4, 6), dtype, 3)
    (g,) = torch.autograd.grad(y.mean(), y, create_graph=True)  # the Tensor formula
    assert _bits(x.grad) == _bits(g)


@pytest.mark.parametrize("dtype", FLOATS)
def test_mean_without_arguments_is_torch_mean(dtype):
    x = _leaf((3, 5), dtype, 4)
    fast, general = x.mean(), torch.mean(x)
    assert type(fast.grad_fn).__name__ == type(general.grad_fn).__name__ == "MeanBackward0"
    assert _bits(fast) == _bits(general) and fast.dtype is dtype
    assert type(x.mean(0).grad_fn).__name__ == "MeanBackward1"
    assert x.mean(axis=1).shape == (3,)  # NumPy's name for dim still works
    assert x.mean(dtype=torch.float64).dtype is torch.float64
    with pytest.raises(RuntimeError, match="mean\\(\\): could not infer output dtype"):
        torch.tensor([1, 2]).mean()


# --- x.sin(), x.exp(), ...: the primitive through apply, as torch.sin(x) calls it ----------------

UNARY = (
    "exp log log2 log10 erf sqrt sin cos tan asin acos atan sinh cosh tanh sign floor ceil trunc"
)


@pytest.mark.parametrize("name", UNARY.split())
@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape", [(), (2, 3)])
def test_a_unary_method_is_the_torch_function(name, dtype, shape):
    values = np.linspace(0.1, 0.9, int(np.prod(shape))).reshape(shape)
    runs = []
    for call in (lambda t: getattr(t, name)(), getattr(torch, name)):
        x = torch.tensor(values, dtype=dtype, requires_grad=True)
        out = call(x)
        out.sum().backward()
        runs.append((out, x.grad))
    (method, g1), (function, g2) = runs
    assert type(method.grad_fn).__name__ == type(function.grad_fn).__name__
    assert method.dtype is function.dtype is dtype
    assert _bits(method) == _bits(function) and _bits(g1) == _bits(g2)


def test_a_unary_method_on_integers_says_what_torch_says():
    i = torch.tensor([1, 2])
    assert i.sqrt().dtype is torch.float32 and i.exp().tolist() == torch.exp(i).tolist()
    assert i.floor().dtype is torch.int64

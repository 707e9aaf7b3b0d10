"""Reductions: many input elements feed one output element.

The backward pass sends each output's gradient back to every element that fed it, so most rules
start by giving `grad` its reduced dimensions back (`_restore`) and letting it broadcast over
them. `mean` then divides by N: that 1/N is its whole local derivative.
`dim` always arrives as a tuple of non-negative ints (torch_functions.py normalises it).
"""

from __future__ import annotations

import builtins
import math
import warnings

import numpy as np

from .. import dtypes
from ..tensor import Tensor
from . import (
    float_only,
    floating,
    integer_result,
    not_implemented,
    primitive,
    promote_float,
    same,
    sum_dtype,
)
from .elementwise import where

_reduce = {"local_derivative": True}


def _restore(grad, dim, keepdim):
    """Give a reduced gradient its size-1 dimensions back, so it broadcasts against the input."""
    if not keepdim and dim is not None:
        for d in sorted(dim):
            grad = grad.unsqueeze(d)
    return grad


def _restore_raw(grad, dim, keepdim):
    """`_restore` on a NumPy array."""
    return grad if keepdim or dim is None else np.expand_dims(grad, tuple(sorted(dim)))


def _count(shape, dim):
    return math.prod(shape[d] for d in dim) if dim is not None else math.prod(shape)


def _along(ufunc, a, axis, keepdims):
    """`ufunc.reduce(a, axis, keepdims=keepdims)` (what a.sum() / a.max() run), faster where NumPy
    is slow: it reduces a short axis (the 2 to 7 class scores in each row of a batch) row by row,
    so `(5000, 2).max(axis=1)` takes ~150 µs. Combining the few slices whole, a ufunc call each,
    takes ~4 µs and gives the same bits (NumPy too adds fewer than 8 numbers in order)."""
    if type(axis) is tuple:
        if len(axis) != 1:
            return ufunc.reduce(a, axis=axis, keepdims=keepdims)
        axis = axis[0]
    if a.dtype.kind != "f" or a.size < 512 or not 1 < a.shape[axis] < 8:
        return ufunc.reduce(a, axis=axis, keepdims=keepdims)
    k = a.shape[axis]
    if a.size < 128 * k * k:  # too few rows for NumPy's per-row cost to matter
        return ufunc.reduce(a, axis=axis, keepdims=keepdims)
    lead = (slice(None),) * (axis % a.ndim)
    out = a[(*lead, slice(0, 1))]
    for i in range(1, k):
        out = ufunc(out, a[(*lead, slice(i, i + 1))])
    return out if keepdims else out.squeeze(axis)


@primitive("SumBackward0", "Σ", r"\sum_i a_i", sum_dtype)
def sum(self):
    return np.add.reduce(self, axis=None)  # what self.sum() runs, without its Python wrapper


def _spread(grad, self_shape):
    """The raw `grad.expand(self_shape)` of a full sum: the one number written out (a fresh
    array costs less to make than NumPy's broadcast_to view, and is what the next step reads)."""
    out = np.empty(self_shape, grad.dtype)
    out[...] = grad
    return out


sum.derivative("self", "1", lambda grad, self_shape: grad.expand(self_shape), raw=_spread)


@primitive("SumBackward1", "Σ", r"\sum_{dim} a", sum_dtype)
def sum_dim(self, *, dim, keepdim=False):
    return _along(np.add, self, dim, keepdim)


sum_dim.derivative(
    "self",
    "1",
    lambda grad, self_shape, dim, keepdim: _restore(grad, dim, keepdim).expand(self_shape),
    raw=lambda grad, self_shape, dim, keepdim: np.broadcast_to(
        _restore_raw(grad, dim, keepdim), self_shape
    ),
)


@primitive("MeanBackward0", "mean", r"\frac{1}{N}\sum_i a_i", float_only("mean"))
def mean(self):
    if self.size == 0:  # 0 / 0, quietly (NumPy would warn "Mean of empty slice")
        return np.array(np.nan, self.dtype)
    if self.dtype.kind == "f" and self.dtype.itemsize >= 4:
        # What self.mean() computes (sum, then divide by the count as a NumPy integer, rounded
        # back to the dtype), without its Python wrapper. (float16 sums in float32 there.)
        total = np.add.reduce(self, axis=None)
        return total.dtype.type(total / np.intp(self.size))
    return self.mean()


def _spread_mean(grad, self_shape):
    """mean's raw rule: every element gets grad / N, the one division the broadcast formula
    repeats per element (same operands, same bits), spread as sum's gradient is (_spread)."""
    n = math.prod(self_shape)
    if grad.ndim or not n:  # (grad is 0-d for a full mean; an empty input divides nothing)
        return np.true_divide(np.broadcast_to(grad, self_shape), n)
    return _spread(np.true_divide(grad, n), self_shape)


mean.derivative(
    "self",
    r"\frac{1}{N}",
    lambda grad, self_shape: grad.expand(self_shape) / math.prod(self_shape),
    raw=_spread_mean,
)


@primitive("MeanBackward1", "mean", r"\frac{1}{N}\sum_{dim} a", float_only("mean"))
def mean_dim(self, *, dim, keepdim=False):
    if self.size == 0:
        return np.full_like(self.sum(axis=dim, keepdims=keepdim), np.nan)
    return self.mean(axis=dim, keepdims=keepdim)


mean_dim.derivative(
    "self",
    r"\frac{1}{N}",
    lambda grad, self_shape, dim, keepdim: (
        _restore(grad, dim, keepdim).expand(self_shape) / _count(self_shape, dim)
    ),
    raw=lambda grad, self_shape, dim, keepdim: np.true_divide(
        np.broadcast_to(_restore_raw(grad, dim, keepdim), self_shape), _count(self_shape, dim)
    ),
)


def _evenly(grad, self, result):
    # Ties share the gradient equally, PyTorch's rule for max()/min() over all elements.
    hit = self == result
    return where(grad / hit.sum(), 0.0, condition=hit)


@primitive("MaxBackward1", "max", r"\max_i a_i", same)
def max(self):
    return self.max()


max.derivative("self", "[a_i = \\max]", _evenly)


@primitive("MinBackward1", "min", r"\min_i a_i", same)
def min(self):
    return self.min()


min.derivative("self", "[a_i = \\min]", _evenly)


def _select_by_index(grad, self_shape, dim, keepdim, indices):
    # max(dim) sends each gradient to the one element that won (its index was saved).
    idx = indices if keepdim else np.expand_dims(indices, dim)
    positions = np.arange(self_shape[dim]).reshape(
        [-1 if d == dim else 1 for d in range(len(self_shape))]
    )
    winner = Tensor._make(positions == idx)
    return where(_restore(grad, (dim,), keepdim), 0.0, condition=winner)


@primitive("MaxBackward0", "max", r"\max_{dim} a", same)
def max_dim(self, *, dim, keepdim, indices):
    idx = indices if keepdim else np.expand_dims(indices, dim)
    out = np.take_along_axis(self, idx, axis=dim)
    return out if keepdim else np.squeeze(out, axis=dim)


max_dim.derivative("self", "[a = \\max]", _select_by_index)


@primitive("MinBackward0", "min", r"\min_{dim} a", same)
def min_dim(self, *, dim, keepdim, indices):
    return max_dim.forward(self, dim=dim, keepdim=keepdim, indices=indices)


min_dim.derivative("self", "[a = \\min]", _select_by_index)


def _evenly_dim(grad, self, result, dim, keepdim):
    hit = self == _restore(result, dim, keepdim)
    share = _restore(grad, dim, keepdim) / hit.sum(dim=dim, keepdim=True)
    return where(share, 0.0, condition=hit)


@primitive("AmaxBackward0", "amax", r"\max_{dim} a", same)
def amax(self, *, dim, keepdim=False):
    return _along(np.maximum, self, dim, keepdim)


amax.derivative("self", "[a = \\max]", _evenly_dim)


@primitive("AminBackward0", "amin", r"\min_{dim} a", same)
def amin(self, *, dim, keepdim=False):
    return _along(np.minimum, self, dim, keepdim)


amin.derivative("self", "[a = \\min]", _evenly_dim)


def _prod_of_others(self, dim):
    """For each element, the product of all the others along `dim`, without dividing (so zeros
    are fine): lay the row out n times, put 1 on the diagonal, multiply along the row."""
    n = self.shape[dim]
    moved = self.movedim(dim, -1)
    rows = moved.unsqueeze(-2).expand(*moved.shape[:-1], n, n)
    mask = Tensor._make(np.eye(n, dtype=bool))
    return where(1.0, rows, condition=mask).prod(dim=-1).movedim(-1, dim)


def _prod_grad(grad, self, result, dim=None, keepdim=False):
    dims = (dim,) if dim is not None else None
    restored = _restore(grad, dims, keepdim)
    if not bool((self._data == 0).any()):
        return restored * _restore(result, dims, keepdim) / self
    if dim is None:
        return restored * _prod_of_others(self.reshape(-1), 0).reshape(self.shape)
    return restored * _prod_of_others(self, dim)


@primitive("ProdBackward0", "Π", r"\prod_i a_i", sum_dtype)
def prod(self):
    return np.prod(self)


prod.derivative(
    "self", r"\prod_{j \ne i} a_j", lambda grad, self, result: _prod_grad(grad, self, result)
)


@primitive("ProdBackward1", "Π", r"\prod_{dim} a", sum_dtype)
def prod_dim(self, *, dim, keepdim=False):
    return np.prod(self, axis=dim, keepdims=keepdim)


prod_dim.derivative(
    "self",
    r"\prod_{j \ne i} a_j",
    lambda grad, self, result, dim, keepdim: _prod_grad(grad, self, result, dim, keepdim),
)


def _centered(self, dim):
    return self - self.mean(dim=dim, keepdim=True) if dim is not None else self - self.mean()


_var_std_types = floating(
    lambda d: RuntimeError("std and var only support floating point and complex dtypes")
)


def _dof(name, shape, dim, correction):
    """N - correction, the divisor of var and std; PyTorch warns when it is not positive (the
    result is then inf or nan) and never lets it go below 0."""
    dof = _count(shape, dim) - correction
    if dof <= 0:
        warnings.warn(
            f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the "
            "reduction factor (input numel divided by output numel).",
            UserWarning,
            stacklevel=2,
        )
    return builtins.max(dof, 0)


def _variance(self, dim, correction, keepdim, name):
    dof = _dof(name, self.shape, dim, correction)
    if dof > 0:
        return np.var(self, axis=dim, ddof=correction, keepdims=keepdim)
    # NumPy would warn in its own words; 0/0 and x/0 here give PyTorch's nan and inf quietly.
    count = self.dtype.type(_count(self.shape, dim))
    mean = self.sum(axis=dim, keepdims=True) / count
    return ((self - mean) ** 2).sum(axis=dim, keepdims=keepdim) / self.dtype.type(dof)


@primitive("VarBackward0", "var", r"\frac{1}{N-c}\sum (a - \bar a)^2", _var_std_types)
def var(self, *, dim=None, correction=1, keepdim=False):
    return _variance(self, dim, correction, keepdim, "var")


def _twice_over_dof(shape, dim, correction):
    dof = builtins.max(_count(shape, dim) - correction, 0)
    return 2.0 / dof if dof else math.inf  # inf * 0 = nan: PyTorch's gradient there


var.derivative(
    "self",
    r"\frac{2 (a - \bar a)}{N - c}",
    lambda grad, self, dim, correction, keepdim: (
        _restore(grad, dim, keepdim)
        * _twice_over_dof(self.shape, dim, correction)
        * _centered(self, dim)
    ),
)


@primitive("StdBackward0", "std", r"\sqrt{\operatorname{var}(a)}", _var_std_types)
def std(self, *, dim=None, correction=1, keepdim=False):
    return np.sqrt(_variance(self, dim, correction, keepdim, "std"))


std.derivative(
    "self",
    r"\frac{a - \bar a}{(N - c)\,\sigma}",
    lambda grad, self, result, dim, correction, keepdim: _std_grad(
        grad, self, result, dim, correction, keepdim
    ),
)


def _std_grad(grad, self, result, dim, correction, keepdim):
    # Where σ = 0 (all values equal) PyTorch's gradient is 0, not 0 / 0.
    sigma = _restore(result, dim, keepdim)
    slope = _centered(self, dim) / (sigma * builtins.max(_count(self.shape, dim) - correction, 0))
    return where(0.0, _restore(grad, dim, keepdim) * slope, condition=sigma == 0)


@primitive("LogsumexpBackward0", "logsumexp", r"\ln \sum_i e^{a_i}", promote_float)
def logsumexp(self, *, dim, keepdim=False):
    if self.size == 0:  # the log of an empty sum: log(0) = -inf
        return np.full_like(self.sum(axis=dim, keepdims=keepdim), -np.inf)
    top = _along(np.maximum, self, dim, True)
    top = np.where(np.isfinite(top), top, 0)
    out = np.log(_along(np.add, np.exp(self - top), dim, True)) + top
    return out if keepdim else np.squeeze(out, axis=dim)


logsumexp.derivative(
    "self",
    r"\operatorname{softmax}(a)",
    lambda grad, self, result, dim, keepdim: (
        _restore(grad, dim, keepdim) * (self - _restore(result, dim, keepdim)).exp()
    ),
)


def _softmax_types(kernel: str):
    """Floats only; PyTorch names the kernel it lacks after whether dim is the last one."""

    def rule(inputs, params):
        x = inputs[0]
        if not x._dtype.is_floating_point:
            last = params["dim"] >= x._data.ndim - 1
            raise not_implemented(f"{kernel}_{'lastdim_' if last else ''}kernel_impl", x._dtype)
        return x._dtype, x._dtype

    return rule


@primitive(
    "SoftmaxBackward0",
    "softmax",
    r"\frac{e^{a_i}}{\sum_j e^{a_j}}",
    _softmax_types("softmax"),
    local_derivative=False,
)
def softmax(self, *, dim):
    if self.size == 0:
        return self.copy()
    shifted = np.exp(self - _along(np.maximum, self, dim, True))
    return shifted / _along(np.add, shifted, dim, True)


softmax.derivative(
    "self",
    r"s_i(\delta_{ij} - s_j)",
    lambda grad, result, dim: softmax_backward(grad, result, dim=dim),
    raw=lambda grad, result, dim: softmax_backward.forward(grad, result, dim=dim),
)


# Each softmax's backward is one primitive, as PyTorch's _softmax_backward_data is: one node
# (SoftmaxBackwardDataBackward0) in a create_graph graph instead of four, and one pass of NumPy.
@primitive(
    "SoftmaxBackwardDataBackward0", "∂softmax", r"y_i (g_i - \sum_j g_j y_j)", same,
    local_derivative=False,
)  # fmt: skip
def softmax_backward(self, output, *, dim):  # self: the gradient arriving; output: softmax's y
    return output * (self - _along(np.add, self * output, dim, True))


softmax_backward.derivative(
    "self",
    r"y_i(\delta_{ij} - y_j)",
    lambda grad, output, dim: softmax_backward(grad, output, dim=dim),
)
softmax_backward.derivative(
    "output",
    r"\delta_{ij}(g_i - \textstyle\sum g y) - g_j y_i",
    lambda grad, self, output, dim: (
        grad * (self - (self * output).sum(dim=(dim,), keepdim=True))
        - self * (grad * output).sum(dim=(dim,), keepdim=True)
    ),
)


@primitive(
    "LogSoftmaxBackward0",
    "log_softmax",
    r"a_i - \ln\sum_j e^{a_j}",
    _softmax_types("log_softmax"),
    local_derivative=False,
)
def log_softmax(self, *, dim):
    if self.size == 0:
        return self.copy()
    shifted = self - _along(np.maximum, self, dim, True)
    return shifted - np.log(_along(np.add, np.exp(shifted), dim, True))


log_softmax.derivative(
    "self",
    r"\delta_{ij} - s_j",
    lambda grad, result, dim: log_softmax_backward(grad, result, dim=dim),
    raw=lambda grad, result, dim: log_softmax_backward.forward(grad, result, dim=dim),
)


@primitive(
    "LogSoftmaxBackwardDataBackward0", "∂log_softmax", r"g_i - e^{y_i} \sum_j g_j", same,
    local_derivative=False,
)  # fmt: skip
def log_softmax_backward(self, output, *, dim):  # self: the gradient arriving; output: y
    return self - np.exp(output) * _along(np.add, self, dim, True)


log_softmax_backward.derivative(
    "self",
    r"\delta_{ij} - e^{y_i}",
    lambda grad, output, dim: grad - (grad * output.exp()).sum(dim=(dim,), keepdim=True),
)
log_softmax_backward.derivative(
    "output",
    r"-\delta_{ij} e^{y_i} \textstyle\sum g",
    lambda grad, self, output, dim: -(grad * output.exp() * self.sum(dim=(dim,), keepdim=True)),
)


def _norm_grad(grad, self, result, dim, keepdim):
    # d‖a‖/da = a / ‖a‖, and PyTorch's choice of 0 at a = 0 instead of nan.
    norm = _restore(result, dim, keepdim)
    return self * where(0.0, _restore(grad, dim, keepdim) / norm, condition=norm == 0)


def _vector_norm_error(d):
    return RuntimeError(
        "linalg.vector_norm: Expected a floating point or complex tensor as input. "
        f"Got {d.type_name}"
    )


@primitive("LinalgVectorNormBackward0", "‖·‖", r"\sqrt{\sum_i a_i^2}", floating(_vector_norm_error))
def norm(self, *, dim=None, keepdim=False):
    return np.sqrt(np.sum(self * self, axis=dim, keepdims=keepdim))


norm.derivative("self", r"\frac{a}{\lVert a \rVert}", _norm_grad)


@primitive("CumsumBackward0", "cumsum", r"\sum_{j \le i} a_j", sum_dtype, local_derivative=False)
def cumsum(self, *, dim):
    if self.ndim == 0:  # NumPy would flatten it to one element
        return self.copy()
    return np.cumsum(self, axis=dim)


cumsum.derivative(
    "self", r"[j \le i]", lambda grad, dim: grad.flip((dim,)).cumsum(dim).flip((dim,))
)


def _index_reduction(name: str, fn):
    def forward(self, *, dim=None, keepdim=False):
        if dim is None:
            out = np.asarray(fn(self.reshape(-1)))
            return out.reshape((1,) * self.ndim) if keepdim else out
        return fn(self, axis=dim, keepdims=keepdim)

    forward.__name__ = name

    def rule(inputs, params):
        if inputs[0]._dtype is dtypes.bool_:
            raise RuntimeError(f"{name}(): does not support bool input")
        return integer_result(inputs, params)

    return primitive("NotDifferentiable", name, name, rule, differentiable=False)(forward)


argmax = _index_reduction("argmax", np.argmax)
argmin = _index_reduction("argmin", np.argmin)


def _logical_reduction(name: str, fn):
    def forward(self, *, dim=None, keepdim=False):
        return fn(self, axis=dim, keepdims=keepdim)

    forward.__name__ = name

    def rule(inputs, params):
        return inputs[0]._dtype, dtypes.bool_

    return primitive("NotDifferentiable", name, name, rule, differentiable=False)(forward)


all = _logical_reduction("all", np.all)
any = _logical_reduction("any", np.any)

del _reduce


# --- cumprod (added with the tutorials' functions) -----------------------------------------------


def _products_before(self, dim):
    """P[..., i, j] = the product of a_k for k <= j, leaving out k = i (1 in a_i's place): the
    derivative of out_j = a_0 ... a_j by a_i, without dividing, so zeros are fine."""
    n = self.shape[dim]
    moved = self.movedim(dim, -1)
    rows = moved.unsqueeze(-2).expand(*moved.shape[:-1], n, n)
    mask = Tensor._make(np.eye(n, dtype=bool))
    return cumprod(where(1.0, rows, condition=mask), dim=self.ndim)


def _cumprod_grad(grad, self, dim):
    # d out_j / d a_i = P[i, j] for j >= i (0 before): the gradient of a_i is Σ_{j≥i} g_j P[i, j].
    if not self.ndim:
        return grad
    n = self.shape[dim]
    later = Tensor._make(np.triu(np.ones((n, n), dtype=bool)))
    weights = where(_products_before(self, dim), 0.0, condition=later)
    return (weights * grad.movedim(dim, -1).unsqueeze(-2)).sum(dim=(self.ndim,)).movedim(-1, dim)


@primitive("CumprodBackward0", "cumprod", r"\prod_{j \le i} a_j", sum_dtype, local_derivative=False)
def cumprod(self, *, dim):
    if self.ndim == 0:  # NumPy would flatten it to one element
        return self.copy()
    return np.cumprod(self, axis=dim)


cumprod.derivative("self", r"\prod_{k \le j, k \ne i} a_k", _cumprod_grad)

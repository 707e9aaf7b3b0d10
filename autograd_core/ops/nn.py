"""Neural-network functions with their own nodes in PyTorch (losses and friends).

Each is one entry so the graph shows PyTorch's name (MseLossBackward0, ...) rather than the
handful of smaller steps it could be written as.
"""

from __future__ import annotations

import numpy as np

from ..tensor import Tensor
from . import float_kernel, primitive, promote, same
from .arithmetic import div
from .elementwise import clamp
from .linalg import _mm_shape, matrix_product

_loss = {"local_derivative": False}

REDUCTIONS = ("none", "mean", "sum")


def _reduce(values, reduction):
    if reduction == "mean":
        return values.mean()
    if reduction == "sum":
        return np.add.reduce(values, axis=None)  # what values.sum() runs, without its wrapper
    return values


def _unreduce(grad, shape, reduction):
    """The gradient of the reduction step: mean spreads grad/N, sum copies it, none passes it."""
    if reduction == "none":
        return grad
    grad = grad.expand(shape)
    return grad / int(np.prod(shape)) if reduction == "mean" else grad


@primitive(
    "MseLossBackward0", "MSE", r"\frac{1}{N}\sum (a - b)^2", float_kernel("mse_cpu"), **_loss
)
def mse_loss(self, target, *, reduction="mean"):
    return _reduce((self - target) ** 2, reduction)


def _unreduce_raw(grad, shape, reduction):
    """`_unreduce` on arrays: the same steps (a division by N for the mean), and a 0-d grad
    written out rather than broadcast_to (NumPy's slow Python wrapper; the same numbers)."""
    if reduction == "none":
        return grad
    if grad.shape:
        grad = np.broadcast_to(grad, shape)
    else:
        spread = np.empty(shape, grad.dtype)
        spread[...] = grad
        grad = spread
    return div.forward(grad, int(np.prod(shape))) if reduction == "mean" else grad


def _mse_grad_raw(factor):
    """`factor * _unreduce(grad, ...) * (self - target)`, step for step on arrays."""

    def rule(grad, self, target, reduction):
        return np.multiply(
            np.multiply(_unreduce_raw(grad, self.shape, reduction), factor),
            np.subtract(self, target),
        )

    return rule


mse_loss.derivative(
    "self",
    r"\frac{2}{N}(a - b)",
    lambda grad, self, target, reduction: (
        2 * _unreduce(grad, self.shape, reduction) * (self - target)
    ),
    raw=_mse_grad_raw(2),
)
mse_loss.derivative(
    "target",
    r"-\frac{2}{N}(a - b)",
    lambda grad, self, target, reduction: (
        -2 * _unreduce(grad, self.shape, reduction) * (self - target)
    ),
    raw=_mse_grad_raw(-2),
)


# --- Linear: bias + input @ weightᵀ in one node --------------------------------------------------


def _addmm_dtype(inputs, params):
    a, b = inputs[1]._dtype, inputs[2]._dtype
    if a is not b:
        raise RuntimeError(
            f"mat1 and mat2 must have the same dtype, but got {a.type_name} and {b.type_name}"
        )
    return a, a


def _addmm_shape(self, mat1, mat2, **_):
    return _mm_shape(mat1, mat2)


@primitive(
    "AddmmBackward0",
    "addmm",
    r"c + A B",
    _addmm_dtype,
    out_shape=_addmm_shape,
    local_derivative=False,
    products=lambda c, a, b: a.shape[0] * a.shape[1] * b.shape[1],
)
def addmm(self, mat1, mat2):
    # What nn.Linear runs on a batch: bias + input @ weight.t(). The product is computed first and
    # the bias added after, the order BLAS's gemm with beta=1 accumulates in.
    return matrix_product(mat1, mat2) + self


# The bias was broadcast over the rows: the engine's sum_to sums grad over them.
addmm.derivative("self", "1", lambda grad: grad, raw=lambda grad: grad)
addmm.derivative(
    "mat1",
    r"\cdot B^T",
    lambda grad, mat2: grad.mm(mat2.t()),
    raw=lambda grad, mat2: matrix_product(grad, mat2.T),
)
addmm.derivative(
    "mat2",
    r"A^T \cdot",
    lambda grad, mat1: mat1.t().mm(grad),
    raw=lambda grad, mat1: matrix_product(mat1.T, grad),
)


# --- binary cross-entropy ------------------------------------------------------------------------
# PyTorch clamps each log at -100 so that a probability of exactly 0 or 1 gives a large finite
# loss instead of inf, and the gradient divides by max(p(1-p), 1e-12) for the same reason.

_LOG_FLOOR = -100.0
_BCE_EPS = 1e-12


def _floored_log(x):
    return np.maximum(np.log(x), _LOG_FLOOR)


def _bce_dtype(inputs, params):
    a, b = inputs[0]._dtype, inputs[1]._dtype
    if a is not b:
        raise RuntimeError(f"Found dtype {b.type_name} but expected {a.type_name}")
    return a, a


def _weighted(values, weight):
    return values if weight is None else values * weight


def _array(weight):
    """An optional weight tensor's values. (Optional tensors can't be `tensor_params`, which the
    engine unwraps unconditionally, so the forward functions unwrap these themselves.)"""
    return None if weight is None else weight._data


@primitive(
    "BinaryCrossEntropyBackward0",
    "BCE",
    r"-\frac{1}{N}\sum b \ln a + (1 - b)\ln(1 - a)",
    _bce_dtype,
    **_loss,
)
def binary_cross_entropy(self, target, *, weight=None, reduction="mean"):
    weight = _array(weight)
    if np.any((self < 0) | (self > 1)):
        raise RuntimeError("all elements of input should be between 0 and 1")
    if np.any((target < 0) | (target > 1)):
        raise RuntimeError("all elements of target should be between 0 and 1")
    one = self.dtype.type(1)
    with np.errstate(divide="ignore"):  # log(0) = -inf, then clamped
        log_p, log_q = _floored_log(self), np.maximum(np.log1p(-self), _LOG_FLOOR)
    loss = (target - one) * log_q - target * log_p
    return _reduce(_weighted(loss, weight), reduction)


def _bce_grad_self(grad, self, target, weight, reduction):
    slope = (self - target) / clamp(self * (1 - self), min=_BCE_EPS)
    return _unreduce(grad, self.shape, reduction) * _weighted(slope, weight)


def _bce_grad_target(grad, self, weight, reduction):
    slope = clamp((-self).log1p(), min=_LOG_FLOOR) - clamp(self.log(), min=_LOG_FLOOR)
    return _unreduce(grad, self.shape, reduction) * _weighted(slope, weight)


binary_cross_entropy.derivative("self", r"\frac{1}{N}\,\frac{a - b}{a (1 - a)}", _bce_grad_self)
binary_cross_entropy.derivative("target", r"\frac{1}{N}\,\ln\frac{1 - a}{a}", _bce_grad_target)


def _log_sigmoid(x):
    # log σ(x) = min(x, 0) - log(1 + e^{-|x|}): never exponentiates a large positive number.
    return np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))


@primitive(
    "BinaryCrossEntropyWithLogitsBackward0",
    "BCE(σ)",
    r"-\frac{1}{N}\sum b \ln\sigma(a) + (1 - b)\ln(1 - \sigma(a))",
    promote,
    **_loss,
)
def binary_cross_entropy_with_logits(
    self, target, *, weight=None, pos_weight=None, reduction="mean"
):
    # (1 - b) a - w_b log σ(a), with w_b = 1 + (pos_weight - 1) b: PyTorch's stable form.
    weight, pos_weight = _array(weight), _array(pos_weight)
    one = self.dtype.type(1)
    if pos_weight is None:
        loss = (one - target) * self - _log_sigmoid(self)
    else:
        loss = (one - target) * self - ((pos_weight - one) * target + one) * _log_sigmoid(self)
    return _reduce(_weighted(loss, weight), reduction)


def _bcel_grad_self(grad, self, target, weight, pos_weight, reduction):
    if pos_weight is None:
        slope = self.sigmoid() - target
    else:
        slope = ((pos_weight - 1) * target + 1) * self.sigmoid() - pos_weight * target
    return _unreduce(grad, self.shape, reduction) * _weighted(slope, weight)


def _bcel_grad_target(grad, self, weight, pos_weight, reduction):
    slope = -self if pos_weight is None else -self - (pos_weight - 1) * self.sigmoid().log()
    return _unreduce(grad, self.shape, reduction) * _weighted(slope, weight)


binary_cross_entropy_with_logits.derivative("self", r"\frac{1}{N}(\sigma(a) - b)", _bcel_grad_self)
binary_cross_entropy_with_logits.derivative("target", r"-\frac{1}{N}\,a", _bcel_grad_target)


# --- negative log-likelihood: picks -log p of the right class ------------------------------------


def _rows(x, ndim):
    """(N, C, d1, ...) -> (N·d1·..., C): one row of class scores per prediction."""
    if ndim > 2:
        x = np.moveaxis(x, 1, -1)
    return x.reshape(-1, x.shape[-1])


def _nll_weights(dtype, target, weight, ignore_index):
    """Per-prediction weight w[y] (0 where y == ignore_index; None if every weight is 1), and
    the targets made safe to index with."""
    target = target.reshape(-1)
    keep = target != ignore_index
    if keep.all():
        return (None if weight is None else weight[target]), target
    safe = np.where(keep, target, 0)
    w = keep.astype(dtype) if weight is None else np.where(keep, weight[safe], 0).astype(dtype)
    return w, safe


@primitive(
    "NllLossBackward0",
    "NLL",
    r"-\frac{1}{\sum_n w_{y_n}}\sum_n w_{y_n} a_{n, y_n}",
    same,
    tensor_params=("target",),
    **_loss,
)
def nll_loss(self, *, target, weight=None, reduction="mean", ignore_index=-100):
    weight = _array(weight)
    scores = _rows(self, self.ndim)
    w, safe = _nll_weights(self.dtype, target, weight, ignore_index)
    losses = -scores[np.arange(len(safe)), safe]
    if w is not None:
        losses = losses * w
    if reduction == "none":
        return losses.reshape(target.shape)
    total = losses.sum()
    if reduction == "sum":
        return total
    # mean over the weights (0/0 = nan if every target is ignored, as in PyTorch)
    return total / (self.dtype.type(len(safe)) if w is None else w.sum())


def _nll_grad(grad, self_shape, self_dtype, target, weight, reduction, ignore_index):
    """-w[y] at each (prediction, true class), 0 elsewhere; divided by Σw for the mean."""
    ndim = len(self_shape)
    dtype = self_dtype.numpy
    w, safe = _nll_weights(dtype, target._data, _array(weight), ignore_index)
    if w is None:
        w = np.ones(len(safe), dtype)
    if reduction == "mean":
        w = w / w.sum()
    rows = (self_shape[0], *self_shape[2:], self_shape[1]) if ndim > 2 else self_shape
    coef = np.zeros((len(safe), rows[-1]), dtype)
    coef[np.arange(len(safe)), safe] = -w
    coef = coef.reshape(rows)
    coef = Tensor._make(np.moveaxis(coef, -1, 1) if ndim > 2 else coef, self_dtype)
    if reduction == "none" and ndim >= 2:
        grad = grad.unsqueeze(1)  # one loss per prediction: spread it along its classes
    return grad * coef


nll_loss.derivative("self", r"-\frac{w_{y_n}}{\sum w}\,[c = y_n]", _nll_grad)


@primitive(
    "NllLoss2DBackward0",
    "NLL",
    r"-\frac{1}{\sum_n w_{y_n}}\sum_n w_{y_n} a_{n, y_n}",
    same,
    tensor_params=("target",),
    **_loss,
)
def nll_loss2d(self, *, target, weight=None, reduction="mean", ignore_index=-100):
    # The same loss for inputs with extra dimensions (N, C, d1, ...): PyTorch records it as its
    # own node, so the graph shows NllLoss2DBackward0 there.
    return nll_loss.forward(
        self, target=target, weight=weight, reduction=reduction, ignore_index=ignore_index
    )


nll_loss2d.derivative("self", r"-\frac{w_{y_n}}{\sum w}\,[c = y_n]", _nll_grad)

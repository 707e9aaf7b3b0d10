"""Layers and losses with a node of their own in PyTorch: embedding lookup, layer
normalisation, and the smooth L1 / Huber losses.

Embedding is a row lookup, so its gradient adds each row's gradient back into the row it came
from. Layer norm normalises over the last dims, then scales and shifts; its gradient is the
textbook one (written with Tensor ops, so it can be differentiated again), with the scale's and
shift's gradients summed over the leading dims by the engine's one `sum_to`.
"""

from __future__ import annotations

import numpy as np

from ..tensor import Tensor
from . import float_kernel, not_implemented, primitive, same
from .elementwise import where
from .indexing import index_put_zeros
from .nn import _loss, _reduce, _unreduce

_layer = {"local_derivative": False}


# --- embedding ----------------------------------------------------------------------------------


def _looked_up_shape(weight, *, indices, padding_idx=None):
    return (*np.shape(indices), *np.shape(weight)[1:])  # one row per index: can outgrow weight


@primitive(
    "EmbeddingBackward0",
    "embedding",
    r"W_{idx}",
    same,
    tensor_params=("indices",),
    out_shape=_looked_up_shape,
    **_layer,
)
def embedding(weight, *, indices, padding_idx=None):
    return weight[indices]


def _embedding_grad(grad, weight_shape, indices, padding_idx):
    # Each looked-up row gets the gradients of every place it was used; the padding row none.
    rows = index_put_zeros(grad, shape=weight_shape, key=(indices._data,))
    if padding_idx is None:
        return rows
    keep = np.ones((weight_shape[0], 1), dtype=bool)
    keep[padding_idx] = False
    return where(rows, 0.0, condition=Tensor._make(keep))


embedding.derivative("weight", r"\text{rows back}", _embedding_grad)


# --- layer norm ---------------------------------------------------------------------------------


def _layer_norm_types(inputs, params):
    d = inputs[0]._dtype
    if not d.is_floating_point:
        raise not_implemented("LayerNormKernelImpl", d)
    return d, d


def _normalised(self, dims, eps):
    mean = self.mean(dim=dims, keepdim=True)
    centred = self - mean
    rstd = ((centred * centred).mean(dim=dims, keepdim=True) + eps).rsqrt()
    return centred * rstd, rstd


@primitive(
    "NativeLayerNormBackward0", "LayerNorm", r"\gamma \hat a + \beta", _layer_norm_types, **_layer
)
def layer_norm(self, weight, bias, *, normalized_shape, eps=1e-5):
    dims = tuple(range(self.ndim - len(normalized_shape), self.ndim))
    x = np.asarray(self, np.float64)
    centred = x - x.mean(axis=dims, keepdims=True)
    var = (centred * centred).mean(axis=dims, keepdims=True)
    return centred / np.sqrt(var + eps) * weight + bias


def _norm_dims(self, normalized_shape):
    return tuple(range(self.ndim - len(normalized_shape), self.ndim))


def _layer_norm_self_grad(grad, self, weight, normalized_shape, eps):
    dims = _norm_dims(self, normalized_shape)
    xhat, rstd = _normalised(self, dims, eps)
    g = grad * weight
    mean_g = g.mean(dim=dims, keepdim=True)
    mean_gx = (g * xhat).mean(dim=dims, keepdim=True)
    return rstd * (g - mean_g - xhat * mean_gx)


def _layer_norm_weight_grad(grad, self, normalized_shape, eps):
    xhat, _ = _normalised(self, _norm_dims(self, normalized_shape), eps)
    return grad * xhat  # summed over the leading dims by the engine's sum_to


layer_norm.derivative(
    "self",
    r"\frac{\gamma}{\sigma}(g - \bar g - \hat a\,\overline{g \hat a})",
    _layer_norm_self_grad,
)
layer_norm.derivative("weight", r"\hat a", _layer_norm_weight_grad)
layer_norm.derivative("bias", "1", lambda grad: grad, raw=lambda grad: grad)


# --- batch norm ---------------------------------------------------------------------------------
# Each channel (dim 1) normalised over the batch and every other dim. In training the statistics
# are the batch's own, so the gradient flows through them (layer norm's formula over those
# dims); in evaluation they are the running ones the module kept, constants here.


def _batch_norm_types(inputs, params):
    d = inputs[0]._dtype
    if not d.is_floating_point:
        raise not_implemented("batch_norm", d)
    return d, d


def _per_channel(values, ndim):
    """A (C,) vector shaped to broadcast along dim 1 of an ndim-d input: (1, C, 1, ...)."""
    return values.reshape((1, -1) + (1,) * (ndim - 2))


def _channel_dims(ndim):
    return (0, *range(2, ndim))


@primitive(
    "NativeBatchNormBackward0",
    "BatchNorm",
    r"\gamma \hat a + \beta",
    _batch_norm_types,
    tensor_params=("running_mean", "running_var"),
    **_layer,
)
def batch_norm(self, weight, bias, *, eps, running_mean=None, running_var=None):
    x = np.asarray(self, np.float64)
    if running_mean is None:  # training: the batch's own statistics
        dims = _channel_dims(x.ndim)
        centred = x - x.mean(axis=dims, keepdims=True)
        var = (centred * centred).mean(axis=dims, keepdims=True)
    else:
        centred = x - _per_channel(running_mean, x.ndim)
        var = _per_channel(running_var, x.ndim)
    scale = _per_channel(np.asarray(weight), x.ndim)
    return centred / np.sqrt(var + eps) * scale + _per_channel(np.asarray(bias), x.ndim)


def _batch_normalised(self, eps, running_mean, running_var):
    """(x̂, 1/σ) as Tensors: from the batch in training, from the running statistics else."""
    if running_mean is None:
        return _normalised(self, _channel_dims(self.ndim), eps)
    rstd = (_per_channel(running_var, self.ndim) + eps).rsqrt()
    return (self - _per_channel(running_mean, self.ndim)) * rstd, rstd


def _batch_norm_self_grad(grad, self, weight, eps, running_mean, running_var):
    xhat, rstd = _batch_normalised(self, eps, running_mean, running_var)
    g = grad * _per_channel(weight, self.ndim)
    if running_mean is not None:  # the statistics are constants: a per-channel scale
        return g * rstd
    dims = _channel_dims(self.ndim)
    mean_g = g.mean(dim=dims, keepdim=True)
    mean_gx = (g * xhat).mean(dim=dims, keepdim=True)
    return rstd * (g - mean_g - xhat * mean_gx)


def _batch_norm_weight_grad(grad, self, eps, running_mean, running_var):
    xhat, _ = _batch_normalised(self, eps, running_mean, running_var)
    return (grad * xhat).sum(dim=_channel_dims(self.ndim))


batch_norm.derivative(
    "self",
    r"\frac{\gamma}{\sigma}(g - \bar g - \hat a\,\overline{g \hat a})",
    _batch_norm_self_grad,
)
batch_norm.derivative("weight", r"\hat a", _batch_norm_weight_grad)
batch_norm.derivative(
    "bias", "1", lambda grad, self_shape: grad.sum(dim=_channel_dims(len(self_shape)))
)


# --- smooth L1 and Huber losses -----------------------------------------------------------------


def _smooth_l1_values(diff, beta, huber):
    """Quadratic within beta of 0, linear beyond; Huber is the same curve scaled by beta."""
    a = np.abs(diff)
    if beta == 0:
        return a
    if huber:
        return np.where(a < beta, 0.5 * diff * diff, beta * (a - 0.5 * beta))
    return np.where(a < beta, 0.5 * diff * diff / beta, a - 0.5 * beta)


def _smooth_l1_slope(diff, beta, huber):
    """d loss / d diff: diff/beta inside (diff for Huber), ±1 outside (±beta for Huber)."""
    if beta == 0:
        return diff.sign()
    inside = diff.abs() < beta
    if huber:
        return where(diff, diff.sign() * beta, condition=inside)
    return where(diff / beta, diff.sign(), condition=inside)


@primitive(
    "SmoothL1LossBackward0",
    "SmoothL1",
    r"\ell_\beta(a - b)",
    float_kernel("smooth_l1_cpu"),
    **_loss,
)
def smooth_l1_loss(self, target, *, reduction="mean", beta=1.0):
    return _reduce(_smooth_l1_values(self - target, beta, False), reduction)


def _loss_grad(grad, self, target, reduction, width, huber, sign):
    return (
        sign
        * _unreduce(grad, self.shape, reduction)
        * _smooth_l1_slope(self - target, width, huber)
    )


smooth_l1_loss.derivative(
    "self",
    r"\ell'_\beta",
    lambda grad, self, target, reduction, beta: _loss_grad(
        grad, self, target, reduction, beta, False, 1
    ),
)
smooth_l1_loss.derivative(
    "target",
    r"-\ell'_\beta",
    lambda grad, self, target, reduction, beta: _loss_grad(
        grad, self, target, reduction, beta, False, -1
    ),
)


@primitive("HuberLossBackward0", "Huber", r"h_\delta(a - b)", float_kernel("huber_cpu"), **_loss)
def huber_loss(self, target, *, reduction="mean", delta=1.0):
    return _reduce(_smooth_l1_values(self - target, delta, True), reduction)


huber_loss.derivative(
    "self",
    r"h'_\delta",
    lambda grad, self, target, reduction, delta: _loss_grad(
        grad, self, target, reduction, delta, True, 1
    ),
)
huber_loss.derivative(
    "target",
    r"-h'_\delta",
    lambda grad, self, target, reduction, delta: _loss_grad(
        grad, self, target, reduction, delta, True, -1
    ),
)

"""torch.nn.functional: activations, `linear` and the losses, as functions.

Thin wrappers: each checks its arguments the way PyTorch does (with PyTorch's messages) and then
calls one primitive from the registry, so the graph shows the node PyTorch records
(AddmmBackward0, MseLossBackward0, NllLossBackward0, ...). The losses' maths lives in ops/nn.py.

    >>> import autograd_core as torch
    >>> import autograd_core.nn.functional as F
    >>> logits = torch.tensor([[2.0, 0.5, -1.0]], requires_grad=True)
    >>> F.cross_entropy(logits, torch.tensor([0]))
    tensor(0.2413, grad_fn=<NllLossBackward0>)
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .. import creation, dtypes, guard
from .. import linalg as _linalg
from .. import more_maths as _maths
from .. import torch_functions as _F
from ..grad_mode import is_grad_enabled, no_grad
from ..ops import activations as Act
from ..ops import broadcast_shape, check_tensor_inputs
from ..ops import elementwise as E
from ..ops import layers as N2
from ..ops import nn as N
from ..ops import rearrange as Rg
from ..tensor import Tensor

# Convolution and pooling live beside their layers (convolution.py); they are part of F too.
from .convolution import avg_pool2d, conv2d, fold, max_pool2d, unfold

__all__ = [
    "avg_pool2d",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "celu",
    "conv2d",
    "cosine_similarity",
    "cross_entropy",
    "dropout",
    "elu",
    "embedding",
    "fold",
    "gelu",
    "glu",
    "hardswish",
    "hardtanh",
    "huber_loss",
    "kl_div",
    "l1_loss",
    "layer_norm",
    "leaky_relu",
    "linear",
    "log_softmax",
    "logsigmoid",
    "max_pool2d",
    "mish",
    "mse_loss",
    "nll_loss",
    "normalize",
    "one_hot",
    "pad",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "silu",
    "smooth_l1_loss",
    "softmax",
    "softplus",
    "softsign",
    "tanh",
    "tanhshrink",
    "unfold",
]

# --- activations ----------------------------------------------------------------------------


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    return input.relu_() if inplace else _F.relu(input)


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    if inplace:  # (LeakyReluBackward1, which saves the result: the input is overwritten)
        return input._update_in_place(
            lambda t: E.leaky_relu_result(t, negative_slope=negative_slope)
        )
    return _F.leaky_relu(input, negative_slope)


def tanh(input: Tensor) -> Tensor:
    return _F.tanh(input)


def _maybe_in_place(input: Tensor, fn: Any, inplace: bool) -> Tensor:
    """fn(input), or written into input (its node then becomes input's grad_fn)."""
    return input._update_in_place(fn) if inplace else fn(input)


def hardtanh(
    input: Tensor, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False
) -> Tensor:
    """x clamped to [min_val, max_val] (gradient 1 strictly inside, 0 elsewhere)."""
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    return _maybe_in_place(
        input, lambda t: Act.hardtanh(t, min_val=min_val, max_val=max_val), inplace
    )


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    """min(max(x, 0), 6): hardtanh between 0 and 6, as PyTorch computes (and names) it."""
    return hardtanh(input, 0.0, 6.0, inplace)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """x for x > 0, alpha (eˣ - 1) otherwise."""
    return _maybe_in_place(input, lambda t: Act.elu(t, alpha=alpha), inplace)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """x Φ(x), Φ the standard normal CDF; approximate='tanh' uses
    0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))."""
    return Act.gelu(input, approximate=approximate)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """x σ(x) (also called swish)."""
    return _maybe_in_place(input, Act.silu, inplace)


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    """x tanh(softplus(x))."""
    return _maybe_in_place(input, Act.mish, inplace)


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """In training, zero each element with probability p and scale the rest by 1/(1-p), so the
    expected value is unchanged; otherwise the input itself. As in PyTorch it is a
    multiplication by that random mask (MulBackward0), drawn from the seeded generator."""
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if p == 0 or not training or input.numel() == 0:
        return input
    if p == 1:
        mask = creation.zeros((), dtype=input.dtype)
    else:
        # PyTorch's bernoulli_(1 - p) without Intel's MKL (AMD and Apple CPUs): a float64
        # uniform per element, kept when below 1 - p. With MKL on Intel CPUs PyTorch draws
        # from MKL's own generator instead, so there its masks differ from these.
        draws = creation.default_generator()._random.uniform(input.numel(), np.float64)
        keep = draws.reshape(input.shape) < 1 - p
        scale = input.dtype.numpy.type(1) / input.dtype.numpy.type(1 - p)
        mask = Tensor._make((keep * scale).astype(input.dtype.numpy), input.dtype)
    return input.mul_(mask) if inplace else input * mask


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """log(1 + exp(beta * x)) / beta: a smooth ReLU (x itself once beta * x > threshold)."""
    return _F.softplus(input, beta=beta, threshold=threshold)


def sigmoid(input: Tensor) -> Tensor:
    return _F.sigmoid(input)


def _softmax_dim(name: str, ndim: int, stacklevel: int) -> int:
    warnings.warn(
        f"Implicit dimension choice for {name} has been deprecated. Change the call to include "
        "dim=X as an argument.",
        UserWarning,
        stacklevel=stacklevel,
    )
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype: Any = None):
    if dim is None:
        dim = _softmax_dim("softmax", input.ndim, _stacklevel)
    return _F.softmax(input if dtype is None else input.to(dtype), dim)


def log_softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype: Any = None):
    if dim is None:
        dim = _softmax_dim("log_softmax", input.ndim, _stacklevel)
    return _F.log_softmax(input if dtype is None else input.to(dtype), dim)


# --- linear ---------------------------------------------------------------------------------


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """input @ weight.T + bias, with PyTorch's nodes: a batch (2-D input) with a bias is one
    addmm node; other ranks with a bias are flattened to 2-D and viewed back (ViewBackward0 on
    top); without a bias it is matmul (UnsafeViewBackward0 on top of a batch's product)."""
    if input.ndim == 2 and bias is not None:
        return N.addmm(bias, input, weight.t())
    if bias is None:
        return _F.matmul(input, weight.t())
    rows = input.reshape(-1, input.shape[-1]) if input.ndim != 1 else input.unsqueeze(0)
    out = N.addmm(bias, rows, weight.t())
    return out.view(*input.shape[:-1], weight.shape[0])


# --- losses ---------------------------------------------------------------------------------


def _reduction(reduction: str, size_average: Any = None, reduce: Any = None) -> str:
    """The reduction to use; the legacy size_average/reduce flags override it, with a warning."""
    if size_average is not None or reduce is not None:
        size_average = True if size_average is None else size_average
        reduce = True if reduce is None else reduce
        reduction = "none" if not reduce else "mean" if size_average else "sum"
        warnings.warn(
            f"size_average and reduce args will be deprecated, please use "
            f"reduction='{reduction}' instead.",
            UserWarning,
            stacklevel=3,
        )
    if reduction not in N.REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _broadcast_pair(input: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:
    """mse_loss/l1_loss broadcast a target of another shape, warning as PyTorch does (it is
    nearly always the (N, 1) vs (N,) mistake)."""
    if target.shape == input.shape:
        return input, target
    warnings.warn(
        f"Using a target size ({target.shape}) that is different to the input size "
        f"({input.shape}). This will likely lead to incorrect results due to broadcasting. "
        "Please ensure they have the same size.",
        UserWarning,
        stacklevel=3,
    )
    shape = broadcast_shape(input._data, target._data)
    return input.expand(*shape), target.expand(*shape)


def _constant(function: str, name: str, value: Tensor | None) -> None:
    """Loss weights are constants: PyTorch refuses a weight that requires grad."""
    if value is not None and value.requires_grad and is_grad_enabled():
        raise RuntimeError(
            f"The function '{function}' is not differentiable with respect to argument '{name}'. "
            "This input cannot have requires_grad True."
        )


def _no_weight(weight: Any, name: str) -> None:
    if weight is not None:
        raise NotImplementedError(
            f"autograd_core's {name} does not take a weight; multiply the reduction='none' "
            "losses by your weights and reduce them yourself."
        )


def mse_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    weight: Tensor | None = None,
) -> Tensor:
    """Mean squared error: mean((input - target)²)."""
    reduction = _reduction(reduction, size_average, reduce)
    _no_weight(weight, "mse_loss")
    input, target = _broadcast_pair(input, target)
    return N.mse_loss(input, target, reduction=reduction)


def l1_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    weight: Tensor | None = None,
) -> Tensor:
    """Mean absolute error: mean(|input - target|), composed as PyTorch composes it."""
    reduction = _reduction(reduction, size_average, reduce)
    _no_weight(weight, "l1_loss")
    input, target = _broadcast_pair(input, target)
    loss = (input - target).abs()
    return loss.mean() if reduction == "mean" else loss.sum() if reduction == "sum" else loss


def binary_cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """-mean(t·log(p) + (1 - t)·log(1 - p)) for probabilities p (after a sigmoid)."""
    reduction = _reduction(reduction, size_average, reduce)
    if target.shape != input.shape:
        raise ValueError(
            f"Using a target size ({target.shape}) that is different to the input size "
            f"({input.shape}) is deprecated. Please ensure they have the same size."
        )
    _constant("binary_cross_entropy", "weight", weight)
    if weight is not None and weight.shape != input.shape:
        weight = weight.expand(*input.shape)
    return N.binary_cross_entropy(input, target, weight=weight, reduction=reduction)


def binary_cross_entropy_with_logits(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    pos_weight: Tensor | None = None,
) -> Tensor:
    """Sigmoid and binary cross-entropy in one numerically stable step."""
    reduction = _reduction(reduction, size_average, reduce)
    if target.shape != input.shape:
        raise ValueError(
            f"Target size ({target.shape}) must be the same as input size ({input.shape})"
        )
    if not target.is_floating_point():
        raise RuntimeError(
            f"result type Float can't be cast to the desired output type {target.dtype.type_name}"
        )
    _constant("binary_cross_entropy_with_logits", "weight", weight)
    _constant("binary_cross_entropy_with_logits", "pos_weight", pos_weight)
    return N.binary_cross_entropy_with_logits(
        input, target, weight=weight, pos_weight=pos_weight, reduction=reduction
    )


def _check_class_targets(input: Tensor, target: Tensor, ignore_index: int) -> None:
    """PyTorch's checks for class-index targets, in its order, with its messages."""
    if input.ndim < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {input.ndim})")
    if input.ndim == 1 and target.ndim == 1 and target.shape[0] != 1:
        raise ValueError(
            f"For 1D input, 1D target must have size 1, but got target size: {target.shape[0]}"
        )
    if input.ndim != 1 and input.shape[0] != (target.shape[0] if target.ndim else 1):
        raise ValueError(
            f"Expected input batch_size ({input.shape[0]}) to match target batch_size "
            f"({target.shape[0] if target.ndim else 1})."
        )
    if input.ndim <= 2:
        if target.ndim > 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    elif target.shape != (input.shape[0], *input.shape[2:]):
        expected = ", ".join(str(s) for s in (input.shape[0], *input.shape[2:]))
        got = ", ".join(str(s) for s in target.shape)
        raise RuntimeError(f"Expected target size [{expected}], got [{got}]")
    if target.dtype is not dtypes.int64:
        raise RuntimeError(
            f"expected target dtype to be Long or Byte, but got {target.dtype.type_name}"
        )
    classes = input.shape[1] if input.ndim > 1 else input.shape[0]
    values = target._data
    if values.size and (values.min() < 0 or values.max() >= classes):  # rare: look closer
        bad = values[(values != ignore_index) & ((values < 0) | (values >= classes))]
        if bad.size:
            raise IndexError(f"Target {bad.flat[0]} is out of bounds.")


def nll_loss(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    ignore_index: int = -100,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """-mean(input[n, target[n]]): the loss for log-probabilities and class indices."""
    reduction = _reduction(reduction, size_average, reduce)
    _check_class_targets(input, target, ignore_index)
    return _nll(input, target, weight, reduction, ignore_index)


def _nll(input: Tensor, target: Tensor, weight: Any, reduction: str, ignore_index: int):
    """nll_loss's node: PyTorch records NllLoss2DBackward0 for inputs with extra dimensions
    (and views the per-element losses back to the target's shape unless the input is 4-D)."""
    _constant("nll_loss_forward" if input.ndim <= 2 else "nll_loss2d_forward", "weight", weight)
    if input.ndim <= 2:
        return N.nll_loss(
            input, target=target, weight=weight, reduction=reduction, ignore_index=ignore_index
        )
    out = N.nll_loss2d(
        input, target=target, weight=weight, reduction=reduction, ignore_index=ignore_index
    )
    return out.view(*target.shape) if reduction == "none" and input.ndim != 4 else out


def cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    ignore_index: int = -100,
    reduce: Any = None,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """log_softmax over the class dimension, then nll_loss: exactly PyTorch's two nodes.

    `target` holds class indices (int64), or class probabilities of the input's shape.
    """
    reduction = _reduction(reduction, size_average, reduce)
    probabilities = target.shape == input.shape  # else class indices
    if probabilities and not target.is_floating_point():
        raise RuntimeError(
            "Expected floating point type for target with class probabilities, got "
            f"{target.dtype.type_name}"
        )
    class_dim = 0 if input.ndim == 1 else 1  # (a 0-dim input fails here, as in PyTorch)
    log_p = _F.log_softmax(input, class_dim)
    if label_smoothing:
        if not 0.0 <= label_smoothing <= 1.0:
            raise RuntimeError(
                f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}"
            )
        if weight is not None:
            raise NotImplementedError(
                "autograd_core's cross_entropy does not combine label_smoothing with weight."
            )
        classes = input.shape[class_dim]
        if probabilities:
            target = target * (1 - label_smoothing) + label_smoothing / classes
        else:
            _check_class_targets(input, target, ignore_index)
            nll = _nll(log_p, target, None, reduction, ignore_index)
            kept = Tensor._make(target._data != ignore_index)
            smooth = -(log_p.sum(class_dim) * kept)  # ignored samples add nothing
            if reduction == "mean":
                smooth = smooth.sum() / kept._data.sum()
            elif reduction == "sum":
                smooth = smooth.sum()
            return nll * (1 - label_smoothing) + smooth * (label_smoothing / classes)
    if probabilities:
        # -Σ_c p_c log q_c per sample, composed as PyTorch composes it (no single node).
        if weight is not None:
            shape = [1] * input.ndim
            shape[class_dim] = input.shape[class_dim]
            log_p = log_p * weight.reshape(*shape)
        losses = log_p * target
        if reduction == "none":
            return -losses.sum(class_dim)
        if reduction == "sum":
            return -losses.sum()
        return _F.A.div_scalar(-losses.sum(), other=input.shape[0] if input.ndim > 1 else 1)
    _check_class_targets(input, target, ignore_index)
    return _nll(log_p, target, weight, reduction, ignore_index)


# --- more of torch.nn.functional: the tutorials' layers, losses and activations --------------


def logsigmoid(input: Tensor) -> Tensor:
    """ln σ(x), computed without overflow."""
    return Act.logsigmoid(input)


def softsign(input: Tensor) -> Tensor:
    """x / (1 + |x|), composed as PyTorch composes it."""
    return input / (input.abs() + 1)


def tanhshrink(input: Tensor) -> Tensor:
    """x - tanh(x)."""
    return input - input.tanh()


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    """scale · elu(x, alpha) with PyTorch's self-normalising constants."""
    return _maybe_in_place(input, Act.selu, inplace)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """max(0, x) + min(0, alpha (e^(x/alpha) - 1))."""
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError")
    return _maybe_in_place(input, lambda t: Act.celu(t, alpha=float(alpha)), inplace)


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    """x · relu6(x + 3) / 6."""
    return _maybe_in_place(input, Act.hardswish, inplace)


def glu(input: Tensor, dim: int = -1) -> Tensor:
    """The first half of dim times the sigmoid of the second half."""
    if input.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    return Act.glu(input, dim=_F._dim(dim, input.ndim))


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """Each class index as a row of zeros with a 1 at that index (int64)."""
    if not isinstance(tensor, Tensor) or tensor.dtype is not dtypes.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    values = tensor._data
    if values.size and values.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if num_classes == -1:
        num_classes = int(values.max()) + 1 if values.size else 0
    elif values.size and values.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    guard.check_shape((*values.shape, num_classes), "one_hot")  # before the rows are made
    rows = np.zeros((*values.shape, num_classes), dtype=np.int64)
    np.put_along_axis(rows, values[..., None], 1, axis=-1)
    return Tensor._make(rows)


def pad(input: Tensor, pad: Any, mode: str = "constant", value: float | None = None) -> Tensor:
    """Adds `value` (0 by default) around the last dims: pad = (left, right) for the last dim,
    then (top, bottom) for the one before, ...; negative amounts crop."""
    pad = tuple(int(p) for p in pad)
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > input.ndim:
        raise RuntimeError(
            "Padding length should be less than or equal to two times the input dimension but "
            f"got padding length {len(pad)} and input of dimension {input.ndim}"
        )
    if mode != "constant":
        raise NotImplementedError(
            f"autograd_core's pad supports mode='constant' only, not mode={mode!r}"
        )
    return Rg.constant_pad(input, pad=pad, value=0.0 if value is None else value)


def normalize(
    input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12, out: Any = None
) -> Tensor:
    """input divided by its p-norm along dim (at least eps), so each slice has norm 1."""
    norm = _linalg.vector_norm(input, p, dim, keepdim=True).clamp(min=eps)
    return input / norm.expand_as(input)


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """cos of the angle between x1 and x2 along dim: x1·x2 / (‖x1‖ ‖x2‖)."""
    shape = broadcast_shape(x1._data, x2._data)
    d = _F._dim(dim, len(shape))
    n1 = _linalg.vector_norm(x1, 2, d, keepdim=True).clamp(min=eps)
    n2 = _linalg.vector_norm(x2, 2, d, keepdim=True).clamp(min=eps)
    return ((x1 / n1) * (x2 / n2)).sum(d)


def embedding(
    input: Tensor,
    weight: Tensor,
    padding_idx: int | None = None,
    max_norm: float | None = None,
    norm_type: float = 2.0,
    scale_grad_by_freq: bool = False,
    sparse: bool = False,
) -> Tensor:
    """The rows of `weight` at the indices in `input` (a lookup table: one row per token)."""
    if input.dtype not in (dtypes.int64, dtypes.int32):
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the following scalar "
            f"types: Long, Int; but got torch.{input.dtype.tensor_type} instead (while checking "
            "arguments for embedding)"
        )
    if max_norm is not None or scale_grad_by_freq or sparse:
        raise NotImplementedError(
            "autograd_core's embedding does not take max_norm, scale_grad_by_freq or sparse"
        )
    rows = weight.shape[0]
    if input.numel() and (input._data.min() < 0 or input._data.max() >= rows):
        raise IndexError("index out of range in self")
    if padding_idx is not None:
        padding_idx = padding_idx % rows
    return N2.embedding(weight, indices=input, padding_idx=padding_idx)


def layer_norm(
    input: Tensor,
    normalized_shape: Any,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Each sample normalised over its last dims (mean 0, variance 1), then scaled by weight
    and shifted by bias."""
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if tuple(input.shape[input.ndim - len(shape) :]) != shape or len(shape) > input.ndim:
        raise RuntimeError(
            f"Given normalized_shape={list(shape)}, expected input with shape "
            f"[*, {', '.join(map(str, shape))}], but got input of size{list(input.shape)}"
        )
    kind = input.dtype
    if weight is None:
        weight = creation.ones(*shape, dtype=kind)
    if bias is None:
        bias = creation.zeros(*shape, dtype=kind)
    return N2.layer_norm(input, weight, bias, normalized_shape=shape, eps=eps)


def batch_norm(
    input: Tensor,
    running_mean: Tensor | None,
    running_var: Tensor | None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    training: bool = False,
    momentum: float | None = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Each channel (dim 1) normalised to mean 0 and variance 1, then scaled by weight and
    shifted by bias. Training uses the batch's statistics and updates the running ones in place
    (running = (1 - momentum) * running + momentum * batch, the batch's variance unbiased);
    evaluation uses the running ones."""
    channels = input.shape[1] if input.ndim > 1 else 0
    if training:
        per_channel = input.numel() // (channels or 1)
        if per_channel <= 1:
            raise ValueError(
                "Expected more than 1 value per channel when training, got input size "
                f"{input.shape}"
            )
    elif running_mean is None or running_var is None:
        missing = "running_mean" if running_mean is None else "running_var"
        raise RuntimeError(f"{missing} must be defined in evaluation mode")
    # PyTorch's checks, before anything is made: a weight of a million numbers for one channel
    # was broadcast against the input, a billion numbers in NumPy before any limit was asked
    for name, given in (
        ("running_mean", running_mean),
        ("running_var", running_var),
        ("weight", weight),
        ("bias", bias),
    ):
        if given is not None and given.numel() != channels:
            raise RuntimeError(f"{name} should contain {channels} elements not {given.numel()}")
    kind = input.dtype
    if weight is None:
        weight = creation.ones(channels, dtype=kind)
    if bias is None:
        bias = creation.zeros(channels, dtype=kind)
    if not training:
        return N2.batch_norm(
            input, weight, bias, eps=eps, running_mean=running_mean, running_var=running_var
        )
    out = N2.batch_norm(input, weight, bias, eps=eps)
    if running_mean is not None and running_var is not None:
        with no_grad():
            dims = (0, *range(2, input.ndim))
            batch = input.detach()
            mean = batch.mean(dim=dims)
            var = batch.var(dim=dims, correction=1)
            m = 0.0 if momentum is None else momentum
            running_mean.mul_(1 - m).add_(mean * m)
            running_var.mul_(1 - m).add_(var * m)
    return out


def smooth_l1_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    beta: float = 1.0,
) -> Tensor:
    """|d| - beta/2 for |d| >= beta, d²/(2 beta) below (d = input - target)."""
    reduction = _reduction(reduction, size_average, reduce)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    input, target = _broadcast_pair(input, target)
    return N2.smooth_l1_loss(input, target, reduction=reduction, beta=float(beta))


def huber_loss(
    input: Tensor,
    target: Tensor,
    reduction: str = "mean",
    delta: float = 1.0,
    weight: Tensor | None = None,
) -> Tensor:
    """d²/2 for |d| < delta, delta (|d| - delta/2) beyond (d = input - target)."""
    reduction = _reduction(reduction)
    _no_weight(weight, "huber_loss")
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    input, target = _broadcast_pair(input, target)
    return N2.huber_loss(input, target, reduction=reduction, delta=float(delta))


def kl_div(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    log_target: bool = False,
) -> Tensor:
    """Σ target (ln target - input): input holds log-probabilities; reduction='batchmean'
    divides by the batch size (the mathematical KL divergence)."""
    if reduction == "batchmean":
        batch = input.shape[0] if input.ndim else 1
        reduction = "sum"
    else:
        batch = None
        reduction = _reduction(reduction, size_average, reduce)
    if reduction == "mean":
        warnings.warn(
            "reduction: 'mean' divides the total loss by both the batch size and the support "
            "size.'batchmean' divides only by the batch size, and aligns with the KL div math "
            "definition.'mean' will be changed to behave the same as 'batchmean' in the next "
            "major release.",
            UserWarning,
            stacklevel=2,
        )
    if log_target:
        losses = target.exp() * (target - input)
    else:
        losses = _maths.xlogy(target, target) - target * input
    if reduction == "none":
        return losses
    total = losses.sum() if reduction == "sum" else losses.mean()
    return total / batch if batch is not None else total


# F.relu([1.0]) says what PyTorch says (see ops.takes_tensor).
check_tensor_inputs(globals())

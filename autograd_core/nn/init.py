"""torch.nn.init: fill a tensor in place with starting values, without recording a graph.

The random ones draw from autograd_core's seeded generator (cpu_generator.py), in the order and
amounts PyTorch draws, so after `torch.manual_seed(0)` a model's initial weights are the ones
PyTorch prints.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from .. import guard
from ..grad_mode import no_grad
from ..tensor import Tensor

_LINEAR = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
           "conv_transpose3d", "sigmoid")  # fmt: skip


def calculate_gain(nonlinearity: str, param: Any = None) -> float:
    """The factor that keeps activations' variance steady through a layer of this kind."""
    if nonlinearity in _LINEAR:
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, int | float) and not isinstance(param, bool):
            slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    if tensor.dim() < 2:
        raise ValueError(
            "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"
        )
    receptive = math.prod(tensor.shape[2:])
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _fan(tensor: Tensor, mode: str) -> int:
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0, generator: Any = None) -> Tensor:
    with no_grad():
        return tensor.uniform_(a, b)


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, generator: Any = None) -> Tensor:
    with no_grad():
        return tensor.normal_(mean, std)


def constant_(tensor: Tensor, val: float) -> Tensor:
    with no_grad():
        return tensor.fill_(val)


def zeros_(tensor: Tensor) -> Tensor:
    return constant_(tensor, 0.0)


def ones_(tensor: Tensor) -> Tensor:
    return constant_(tensor, 1.0)


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, generator: Any = None) -> Tensor:
    """U(-a, a) with a = gain·√(6 / (fan_in + fan_out)) (Glorot & Bengio, 2010)."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    a = math.sqrt(3.0) * gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return uniform_(tensor, -a, a)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, generator: Any = None) -> Tensor:
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)))


def kaiming_uniform_(
    tensor: Tensor,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: Any = None,
) -> Tensor:
    """U(-b, b) with b = gain·√(3 / fan) (He et al., 2015). nn.Linear uses a=√5, which gives
    b = 1/√fan_in."""
    if 0 in tensor.shape:  # a lazy layer before its first call: nothing to draw
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2)
        return tensor
    bound = math.sqrt(3.0) * calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return uniform_(tensor, -bound, bound)


def kaiming_normal_(
    tensor: Tensor,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: Any = None,
) -> Tensor:
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2)
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return normal_(tensor, 0.0, std)


def eye_(tensor: Tensor) -> Tensor:
    """The identity matrix (ones on the diagonal of a 2-D tensor, however wide)."""
    if tensor.ndim != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    with no_grad():
        tensor.copy_(Tensor._make(np.eye(*tensor.shape, dtype=tensor._data.dtype), tensor._dtype))
    return tensor


def trunc_normal_(
    tensor: Tensor,
    mean: float = 0.0,
    std: float = 1.0,
    a: float = -2.0,
    b: float = 2.0,
    generator: Any = None,
) -> Tensor:
    """N(mean, std²) with every value inside [a, b], drawn as PyTorch draws it: when most of
    the bell lies inside [a, b], normals, redrawing (all of them, keeping the new values only
    where the old were outside) until none is outside; otherwise uniform proposals in [a, b]
    accepted with probability pdf / peak, redrawn the same way."""

    def norm_cdf(x: float) -> float:
        return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0

    if (mean < a - 2 * std) or (mean > b + 2 * std):
        warnings.warn(
            "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
            "The distribution of values may be incorrect.",
            stacklevel=2,
        )
    with no_grad():
        kind = tensor._data.dtype.type
        lo, hi = kind(a), kind(b)
        if norm_cdf((b - mean) / std) - norm_cdf((a - mean) / std) > 0.3:
            result = tensor.normal_(mean, std)._data.copy()
            outside = (result < lo) | (result > hi)
            while outside.any():  # each round is drawn through the guarded generator
                result = np.where(outside, tensor.normal_(mean, std)._data, result)
                outside = (result < lo) | (result > hi)
        else:
            mode = max(a, min(mean, b))
            log_peak = -0.5 * ((mode - mean) / std) ** 2
            accept = Tensor._make(np.empty_like(tensor._data), tensor._dtype)

            def rejected(candidates: np.ndarray) -> np.ndarray:
                log_pdf = (((candidates - kind(mean)) / kind(std)) ** 2 * kind(-0.5)
                           - kind(log_peak))  # fmt: skip
                return np.log(accept.uniform_()._data) > log_pdf

            result = tensor.uniform_(a, b)._data.copy()
            pending = rejected(result)
            while pending.any():
                candidates = tensor.uniform_(a, b)._data.copy()
                result = np.where(pending, candidates, result)
                pending = np.where(pending, rejected(candidates), pending)
        tensor.copy_(Tensor._make(result, tensor._dtype))
    return tensor


def orthogonal_(tensor: Tensor, gain: float = 1.0, generator: Any = None) -> Tensor:
    """A (semi-)orthogonal matrix, times `gain` (Saxe et al., 2013): the Q of the QR
    factorisation of a standard normal matrix, signs fixed so that R's diagonal is positive."""
    if tensor.ndim < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    # QR costs about rows·cols·min(rows, cols) multiply-adds: bounded like a matrix product
    guard.check_products(rows * cols * min(rows, cols), "orthogonal_")
    with no_grad():
        flattened = Tensor._make(np.empty((rows, cols), tensor._data.dtype), tensor._dtype)
        drawn = flattened.normal_(0, 1)._data
        if rows < cols:
            drawn = drawn.T
        q, r = np.linalg.qr(drawn)
        q = q * np.sign(np.diagonal(r))
        if rows < cols:
            q = q.T
        q = (q * gain).reshape(tensor._data.shape).astype(tensor._data.dtype)
        tensor.copy_(Tensor._make(q, tensor._dtype))
    return tensor


def _reset_layer(weight: Tensor, bias: Tensor | None) -> None:
    """What nn.Linear and nn.Conv2d draw when made (PyTorch's reset_parameters for both):
    weight by kaiming_uniform_ with a=√5, bias uniform in ±1/√fan_in, in that order."""
    kaiming_uniform_(weight, a=math.sqrt(5))
    if bias is not None:
        fan_in, _ = _calculate_fan_in_and_fan_out(weight)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
        uniform_(bias, -bound, bound)

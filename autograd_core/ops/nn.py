"""Neural-network functions with their own nodes in PyTorch (losses and friends).

Each is one entry so the graph shows PyTorch's name (MseLossBackward0, ...) rather than the
handful of smaller steps it could be written as.
"""

from __future__ import annotations

import numpy as np

from . import primitive, promote

_loss = {"elementwise": False}

REDUCTIONS = ("none", "mean", "sum")


def _reduce(values, reduction):
    if reduction == "mean":
        return np.mean(values)
    if reduction == "sum":
        return np.sum(values)
    return values


def _unreduce(grad, shape, reduction):
    """The gradient of the reduction step: mean spreads grad/N, sum copies it, none passes it."""
    if reduction == "none":
        return grad
    grad = grad.expand(shape)
    return grad / int(np.prod(shape)) if reduction == "mean" else grad


@primitive("MseLossBackward0", "MSE", r"\frac{1}{N}\sum (a - b)^2", promote, **_loss)
def mse_loss(self, target, *, reduction="mean"):
    return _reduce((self - target) ** 2, reduction)


mse_loss.derivative(
    "self",
    r"\frac{2}{N}(a - b)",
    lambda grad, self, target, reduction: (
        2 * _unreduce(grad, self.shape, reduction) * (self - target)
    ),
)
mse_loss.derivative(
    "target",
    r"-\frac{2}{N}(a - b)",
    lambda grad, self, target, reduction: (
        -2 * _unreduce(grad, self.shape, reduction) * (self - target)
    ),
)

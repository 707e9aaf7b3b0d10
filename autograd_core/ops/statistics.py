"""Reductions that skip NaN (nansum) and the paired statistics (std_mean, var_mean).

PyTorch records one node with two outputs for `torch.std_mean(x)` (both results print
grad_fn=<StdMeanBackward0>). The engine's registry entries have one output each, so each result
gets its own node under that name: the std (or var) entry and the mean entry, renamed. Values,
gradients and printed names are PyTorch's; only `std.grad_fn is mean.grad_fn` differs.
"""

from __future__ import annotations

import inspect

import numpy as np

from . import Primitive, primitive, sum_dtype
from .elementwise import where
from .reductions import _restore, mean, mean_dim, std, var


def renamed(prim: Primitive, grad_fn: str, name: str) -> Primitive:
    """A registry entry that computes exactly what `prim` computes, under another node name."""

    def forward(*args, **kwargs):
        return prim.forward(*args, **kwargs)

    forward.__name__ = name
    forward.__signature__ = inspect.signature(prim.forward)
    twin = primitive(
        grad_fn,
        prim.symbol,
        prim.math,
        prim.dtype_rule,
        out_shape=prim.out_shape,
        local_derivative=prim.local_derivative,
    )(forward)
    for input_name, d in prim.derivatives.items():
        twin.derivative(input_name, d.latex, d.fn, d.raw)
    return twin


std_of_std_mean = renamed(std, "StdMeanBackward0", "std_of_std_mean")
mean_of_std_mean = renamed(mean, "StdMeanBackward0", "mean_of_std_mean")
mean_dim_of_std_mean = renamed(mean_dim, "StdMeanBackward0", "mean_dim_of_std_mean")
var_of_var_mean = renamed(var, "VarMeanBackward0", "var_of_var_mean")
mean_of_var_mean = renamed(mean, "VarMeanBackward0", "mean_of_var_mean")
mean_dim_of_var_mean = renamed(mean_dim, "VarMeanBackward0", "mean_dim_of_var_mean")


@primitive("NansumBackward0", "Σ", r"\sum_{a_i \ne \text{nan}} a_i", sum_dtype)
def nansum(self, *, dim=None, keepdim=False):
    return np.nansum(self, axis=dim, keepdims=keepdim)


# Each element that was summed gets the gradient; a NaN, which was skipped, gets 0.
nansum.derivative(
    "self",
    r"[a_i \ne \text{nan}]",
    lambda grad, self, dim, keepdim: where(
        0.0, _restore(grad, dim, keepdim), condition=self.isnan()
    ),
)

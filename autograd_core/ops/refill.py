"""In-place fills that replace every value of a tensor: `y.uniform_()`, `y.normal_()`,
`y.random_(...)`, `y.fill_(3.0)`, `y.zero_()`. The old values no longer matter, so PyTorch
records each on a tensor that requires grad as a node whose gradient is zero, under its own
name (UniformBackward0, ZeroBackward0, ...): whatever made `y` gets a zero gradient, and `y`
stays a result of the graph, not a new leaf.

The new values are drawn or chosen first (the caller holds the random draws, so they are made
once) and handed over as `values`; the forward only returns them."""

from __future__ import annotations

import numpy as np

from . import primitive, same

_fill = {"local_derivative": False, "tensor_params": ("values",)}


def _given(values):
    return values


def _nothing_back(grad):
    return grad * 0


def _nothing_back_raw(grad):
    return np.zeros_like(grad)


@primitive("UniformBackward0", "uniform_", r"\mathcal{U}(lo, hi)", same, **_fill)
def uniform_fill(self, *, values):
    return _given(values)


@primitive("NormalBackward0", "normal_", r"\mathcal{N}(\mu, \sigma^2)", same, **_fill)
def normal_fill(self, *, values):
    return _given(values)


@primitive("RandomBackward0", "random_", r"\text{random integers in } [lo, hi)", same, **_fill)
def random_range_fill(self, *, values):  # random_(from, to)
    return _given(values)


@primitive("RandomBackward1", "random_", r"\text{random integers in } [0, hi)", same, **_fill)
def random_to_fill(self, *, values):  # random_(to)
    return _given(values)


@primitive("RandomBackward2", "random_", r"\text{random integers}", same, **_fill)
def random_fill(self, *, values):  # random_()
    return _given(values)


@primitive("FillBackward2", "fill_", "c", same, **_fill)
def number_fill(self, *, values):  # fill_(a number)
    return _given(values)


@primitive("ZeroBackward0", "zero_", "0", same, **_fill)
def zero_fill(self, *, values):
    return _given(values)


for _fill_op in (
    uniform_fill,
    normal_fill,
    random_range_fill,
    random_to_fill,
    random_fill,
    number_fill,
    zero_fill,
):
    _fill_op.derivative("self", "0", _nothing_back, raw=_nothing_back_raw)

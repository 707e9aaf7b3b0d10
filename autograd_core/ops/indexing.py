"""Indexing: picking elements out of a tensor, and putting gradients back where they came from.

`x[0]` is SelectBackward0, `x[1:]` SliceBackward0 (both views, as in PyTorch), `x[[0, 2]]` and
boolean masks IndexBackward0. Each backward rule scatters the gradient into a tensor of zeros of
the input's shape; those scatters are primitives too, so indexing can be differentiated twice.
"""

from __future__ import annotations

import numpy as np

from ..tensor import Tensor
from . import primitive, same
from .elementwise import where

_pick = {"local_derivative": False}


def _at(dim, index):
    return (np.s_[:],) * dim + (index,)  # (`slice` is the primitive below in this module)


@primitive("SelectBackward0", "[i]", "a_i", same, view=True, **_pick)
def select(self, *, dim, index):
    return self[(*_at(dim, index), ...)]  # the trailing ... keeps a 0-d result a view, not a copy


select.derivative(
    "self",
    r"e_i",
    lambda grad, self_shape, dim, index: select_backward(
        grad, shape=self_shape, dim=dim, index=index
    ),
)


@primitive("SelectBackwardBackward0", "scatter", "e_i\\,a", same, **_pick)
def select_backward(self, *, shape, dim, index):
    out = np.zeros(shape, dtype=self.dtype)
    out[_at(dim, index)] = self
    return out


select_backward.derivative("self", "1", lambda grad, dim, index: grad.select(dim, index))


@primitive("SliceBackward0", "[a:b]", "a_{i:j}", same, view=True, **_pick)
def slice(self, *, dim, start, stop, step):
    return self[_at(dim, np.s_[start:stop:step])]


slice.derivative(
    "self",
    "1",
    lambda grad, self_shape, dim, start, stop, step: slice_backward(
        grad, shape=self_shape, dim=dim, start=start, stop=stop, step=step
    ),
)


@primitive("SliceBackwardBackward0", "scatter", "a", same, **_pick)
def slice_backward(self, *, shape, dim, start, stop, step):
    out = np.zeros(shape, dtype=self.dtype)
    out[_at(dim, np.s_[start:stop:step])] = self
    return out


slice_backward.derivative(
    "self",
    "1",
    lambda grad, dim, start, stop, step: slice(grad, dim=dim, start=start, stop=stop, step=step),
)


@primitive("IndexBackward0", "[idx]", "a_{idx}", same, **_pick)
def index(self, *, key):
    return self[key]


index.derivative(
    "self", "1", lambda grad, self_shape, key: index_put_zeros(grad, shape=self_shape, key=key)
)


@primitive("IndexPutBackward0", "scatter", "a", same, **_pick)
def index_put_zeros(self, *, shape, key):
    out = np.zeros(shape, dtype=self.dtype)
    np.add.at(out, key, self)  # repeated indices collect all their gradients
    return out


index_put_zeros.derivative("self", "1", lambda grad, key: index(grad, key=key))


@primitive("CopySlices", "[·]=", "a \\leftarrow b", same, **_pick)
def copy_slices(self, value, *, key):
    out = self.copy()
    out[key] = value
    return out


def _outside(grad, self_shape, key):
    written = np.zeros(self_shape, dtype=bool)
    written[key] = True
    return where(0.0, grad, condition=Tensor._make(written))


copy_slices.derivative("self", r"[\text{not overwritten}]", _outside)
copy_slices.derivative("value", "1", lambda grad, key: index(grad, key=key))


def _masked_fill_shape(self, *, mask, value):
    return np.broadcast_shapes(np.shape(self), mask.shape)


@primitive(
    "MaskedFillBackward0",
    "fill",
    "a",
    same,
    tensor_params=("mask",),
    out_shape=_masked_fill_shape,
    **_pick,
)
def masked_fill(self, *, mask, value):
    return np.where(mask, np.asarray(value, dtype=self.dtype), self)


masked_fill.derivative(
    "self",
    r"[\lnot m]",
    lambda grad, mask: where(0.0, grad, condition=mask),
    raw=lambda grad, mask: np.where(mask._data, 0.0, grad),
)

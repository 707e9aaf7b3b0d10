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


class Positions:
    """Where each element of a view sits in its base: one flat position in the base's (C-order)
    memory per element, in the view's shape. A key for the primitives below, as a tuple of index
    arrays is: one array whatever the base's rank, where np.unravel_index would make one a
    dimension (a view of a million elements of a 60-dimension base: 480 MB of positions)."""

    __slots__ = ("flat",)

    def __init__(self, flat: np.ndarray) -> None:
        self.flat = flat

    def __repr__(self) -> str:  # what a graph's inspector shows for the node's `key`
        shown = np.array2string(self.flat, threshold=50, edgeitems=3, separator=", ")
        return f"base elements {shown}"


def _keyed(array, key):
    """(array, key) as NumPy indexes them: Positions index the array's elements in C order."""
    if isinstance(key, Positions):
        return array.reshape(-1), key.flat  # a view: the arrays written here are C-contiguous
    return array, key


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
    array, key = _keyed(self, key)
    return array[key]


index.derivative(
    "self", "1", lambda grad, self_shape, key: index_put_zeros(grad, shape=self_shape, key=key)
)


@primitive("AsStridedBackward0", "view", "a_{view}", same, **_pick)
def view_again(self, *, key):
    """A view's values read back out of its base, `key` naming its elements there: the history
    PyTorch gives a view after an in-place change through it (`v.mul_(2)`) has rewritten its
    base's as CopySlices."""
    array, key = _keyed(self, key)
    return array[key]


view_again.derivative(
    "self", "1", lambda grad, self_shape, key: index_put_zeros(grad, shape=self_shape, key=key)
)


@primitive("IndexPutBackward0", "scatter", "a", same, **_pick)
def index_put_zeros(self, *, shape, key):
    out = np.zeros(shape, dtype=self.dtype)
    np.add.at(*_keyed(out, key), self)  # repeated indices collect all their gradients
    return out


index_put_zeros.derivative("self", "1", lambda grad, key: index(grad, key=key))


@primitive("CopySlices", "[·]=", "a \\leftarrow b", same, **_pick)
def copy_slices(self, value, *, key):
    out = self.copy()
    target, key = _keyed(out, key)
    target[key] = value
    return out


def _outside(grad, self_shape, key):
    written = np.zeros(self_shape, dtype=bool)
    target, key = _keyed(written, key)
    target[key] = True
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


# --- gather and scatter: one element per index entry, along one dim ------------------------------
# `index` has the input's number of dims; entry index[i][j] names the place along `dim` (for dim=1:
# out[i][j] = self[i][index[i][j]] for gather, self[i][index[i][j]] = src[i][j] for scatter). It is
# a tensor parameter, never differentiated. The public functions (torch_functions.py) check it.


_by_index = {"tensor_params": ("index",), **_pick}


def _one_d(a):
    """A 0-d array as 1-d of size 1 (a view), as PyTorch counts dims here; others unchanged."""
    return a.reshape(a.shape or (1,))


def _places(index, dim):
    """The NumPy key that pairs each entry of `index` with its own position in the other dims."""
    index = _one_d(index)
    grid = list(np.indices(index.shape, sparse=True))
    grid[dim] = index
    return tuple(grid)


def _crop(src, index):
    """src cut to index's shape: src may be larger, its extra entries are never read."""
    return _one_d(src)[tuple(np.s_[:n] for n in _one_d(index).shape)]


def _src_fits(grad, src_shape, index, node):
    """src's gradient has index's shape: PyTorch refuses it for a src larger than index."""
    if tuple(src_shape) != tuple(index.shape):
        raise RuntimeError(
            f"Function {node} returned an invalid gradient at index 1 - got "
            f"{list(index.shape)} but expected shape compatible with {list(src_shape)}"
        )
    return grad


def _not_written(grad, dim, index):
    """self's gradient through a scatter: the gradient, with zeros where the scatter wrote."""
    return scatter_value(grad, dim=dim, index=index, value=0.0)


def _not_written_raw(grad, dim, index):
    """The gradient of what scatter overwrote is 0: grad with zeros written at index."""
    return scatter_value.forward(grad, dim=dim, index=index._data, value=0.0)


def _src_derivative(prim, node):
    """d/d(src) of scatter and scatter_add: the gradient at the places src was written to."""
    prim.derivative(
        "src",
        r"b_{idx}",
        lambda grad, src_shape, dim, index: gather(
            _src_fits(grad, src_shape, index, node), dim=dim, index=index
        ),
        raw=lambda grad, src_shape, dim, index: gather.forward(
            _src_fits(grad, src_shape, index, node), dim=dim, index=index._data
        ),
    )


def _same_as_src(inputs: tuple, params: dict):
    if inputs[0]._dtype is not inputs[1]._dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    return inputs[0]._dtype, inputs[0]._dtype


@primitive("GatherBackward0", "gather", "a_{idx}", same, **_by_index)
def gather(self, *, dim, index):
    return _one_d(self)[_places(index, dim)].reshape(index.shape)


def _gather_raw(grad, self_shape, dim, index):
    out = np.zeros(self_shape, dtype=grad.dtype)
    np.add.at(
        _one_d(out), _places(index._data, dim), _one_d(grad)
    )  # an index used twice collects both
    return out


gather.derivative(
    "self",
    r"\text{scatter\_add}",
    lambda grad, self_shape, dim, index: scatter_add(
        Tensor._make(np.zeros(self_shape, dtype=grad._data.dtype), grad._dtype),
        grad,
        dim=dim,
        index=index,
    ),
    raw=_gather_raw,
)


@primitive(
    "ScatterBackward0",
    "scatter",
    r"a \leftarrow b",
    _same_as_src,
    tensor_params=("index",),
    **_pick,
)
def scatter(self, src, *, dim, index):
    out = self.copy()
    _one_d(out)[_places(index, dim)] = _crop(src, index)
    return out


scatter.derivative(
    "self",
    r"[\text{not written}]",
    _not_written,
    raw=_not_written_raw,
)
_src_derivative(scatter, "ScatterBackward0")


@primitive("ScatterBackward1", "scatter", r"a \leftarrow v", same, **_by_index)
def scatter_value(self, *, dim, index, value):
    out = self.copy()
    _one_d(out)[_places(index, dim)] = value
    return out


scatter_value.derivative(
    "self",
    r"[\text{not written}]",
    _not_written,
    raw=_not_written_raw,
)


@primitive("ScatterAddBackward0", "scatter+", "a + b", _same_as_src, **_by_index)
def scatter_add(self, src, *, dim, index):
    out = self.copy()
    np.add.at(_one_d(out), _places(index, dim), _crop(src, index))
    return out


scatter_add.derivative("self", "1", lambda grad: grad, raw=lambda grad: grad)
_src_derivative(scatter_add, "ScatterAddBackward0")

"""Picking elements out of a tensor by position or by order: the pieces of split/chunk/unbind,
index_select, take, masked_select, and the order-based picks (sort, topk, median).

Each forward picks; each backward puts the gradient back where the picked element came from (a
tensor of zeros of the input's shape with the gradient added at those places). The put-back is a
registry entry too (scatter, scatter_add, index_put_zeros, slice_backward, select_backward), so
every rule
here can be differentiated again.

The order-based picks take the positions the public function worked out (`indices`, an int64
tensor parameter, never differentiated): the forward is then a gather along `dim`, and its
gradient the matching scatter, as PyTorch's `value_selecting_reduction_backward`.
"""

from __future__ import annotations

import math

import numpy as np

from ..tensor import Tensor
from . import primitive, same
from .indexing import (
    _at,
    _gather_raw,
    _one_d,
    _places,
    index_put_zeros,
    scatter,
    scatter_add,
    select_backward,
    slice_backward,
)
from .reductions import _evenly

_pick = {"local_derivative": False}

# --- the pieces of split, chunk and unbind ------------------------------------------------------
# PyTorch gives all pieces of one split a single node with several outputs; here each piece has
# a node of its own, under PyTorch's name. The values, gradients and names are PyTorch's; only
# `pieces[0].grad_fn is pieces[1].grad_fn` differs.


def _piece(grad_fn: str, name: str):
    def forward(self, *, dim, start, stop):
        return self[_at(dim, np.s_[start:stop])]

    forward.__name__ = name
    prim = primitive(grad_fn, "split", "a_{i:j}", same, view=True, **_pick)(forward)
    prim.derivative(
        "self",
        "1",
        lambda grad, self_shape, dim, start, stop: slice_backward(
            grad, shape=self_shape, dim=dim, start=start, stop=stop, step=1
        ),
    )
    return prim


split_piece = _piece("SplitBackward0", "split_piece")  # x.split(2), x.chunk(3)
split_sizes_piece = _piece("SplitWithSizesBackward0", "split_sizes_piece")  # x.split([2, 4])


@primitive("UnbindBackward0", "unbind", "a_i", same, view=True, **_pick)
def unbind_piece(self, *, dim, index):
    return self[(*_at(dim, index), ...)]


unbind_piece.derivative(
    "self",
    "e_i",
    lambda grad, self_shape, dim, index: select_backward(
        grad, shape=self_shape, dim=dim, index=index
    ),
)


# --- picking by position ------------------------------------------------------------------------


def _spread_index(index: np.ndarray, shape: tuple, dim: int) -> np.ndarray:
    """index_select's 1-d index laid along `dim` of `shape`: the gather index that picks the
    same elements (each other dim's position kept)."""
    along = [1] * len(shape)
    along[dim] = -1
    return np.broadcast_to(index.reshape(along), shape)


def _put_back(grad, self_shape, dim, index):
    """The gradient of a gather: zeros of the input's shape, each gradient added where its
    element was picked from (twice picked, twice added)."""
    zeros = Tensor._make(np.zeros(self_shape, dtype=grad._data.dtype), grad._dtype)
    return scatter_add(zeros, grad, dim=dim, index=index)


def _index_select_shape(self, *, dim, index):
    picked = math.prod(np.shape(index))  # repeated positions make the result larger than self
    shape = list(np.shape(self)) or [1]
    shape[dim] = picked
    return tuple(shape)


@primitive(
    "IndexSelectBackward0",
    "index_select",
    "a_{idx}",
    same,
    tensor_params=("index",),
    out_shape=_index_select_shape,
    **_pick,
)
def index_select(self, *, dim, index):
    return np.take(_one_d(self), index, axis=dim)


def _index_select_grad(grad, self_shape, dim, index):
    spread = _spread_index(index._data, grad.shape, dim)
    return _put_back(grad, self_shape or (1,), dim, Tensor._make(spread)).reshape(self_shape)


def _index_select_raw(grad, self_shape, dim, index):
    spread = _spread_index(index._data, grad.shape, dim)
    return _gather_raw(grad, self_shape or (1,), dim, Tensor._make(spread)).reshape(self_shape)


index_select.derivative("self", r"\text{index\_add}", _index_select_grad, raw=_index_select_raw)


@primitive(
    "IndexAddBackward0",
    "index_add",
    r"a + \alpha\, b_{idx}",
    same,
    tensor_params=("index",),
    **_pick,
)
def index_add(self, source, *, dim, index, alpha):
    """A copy of self with alpha * source's slices added at index along dim (repeats add up)."""
    out = self.copy()
    added = _one_d(source) if alpha == 1 else _one_d(source) * alpha
    np.add.at(np.moveaxis(_one_d(out), dim, 0), index.reshape(-1), np.moveaxis(added, dim, 0))
    return out


def _index_add_source(grad, dim, index, alpha):
    picked = index_select(grad, dim=dim, index=index.reshape(-1))
    return picked if alpha == 1 else picked * alpha


def _index_add_source_raw(grad, dim, index, alpha):
    picked = index_select.forward(grad, dim=dim, index=index._data.reshape(-1))
    return picked if alpha == 1 else picked * alpha


index_add.derivative("self", "1", lambda grad: grad, raw=lambda grad: grad)
index_add.derivative("source", r"\alpha\, g_{idx}", _index_add_source, raw=_index_add_source_raw)


@primitive("TakeBackward0", "take", "a_{idx}", same, tensor_params=("index",), **_pick)
def take(self, *, index):
    return np.take(self.reshape(-1), index)


def _take_grad(grad, self_shape, index):
    flat = (int(np.prod(self_shape)),)
    key = (index._data.reshape(-1),)
    return index_put_zeros(grad.reshape(-1), shape=flat, key=key).reshape(self_shape)


take.derivative("self", r"\text{put}", _take_grad)


@primitive(
    "MaskedSelectBackward0", "masked_select", "a_{m}", same, tensor_params=("mask",), **_pick
)
def masked_select(self, *, mask):
    return self[mask]


masked_select.derivative(
    "self",
    r"[m]",
    lambda grad, self_shape, mask: index_put_zeros(grad, shape=self_shape, key=(mask._data,)),
)


# --- picking by order: sort, topk, median -------------------------------------------------------

_by_order = {"tensor_params": ("indices",), **_pick}


def _gathered(self, dim, indices):
    out = _one_d(self)[_places(indices, dim)].reshape(np.shape(indices))
    return out.reshape(self.shape) if not self.ndim else out


def _order_grad(grad, self_shape, dim, indices):
    """Each value's gradient written back where the value came from (every place is picked at
    most once, so a plain scatter: ScatterBackward0 in a second-order graph, as in PyTorch)."""
    if not self_shape:  # a 0-d tensor sorts to itself
        return grad
    zeros = Tensor._make(np.zeros(self_shape, dtype=grad._data.dtype), grad._dtype)
    return scatter(zeros, grad, dim=dim, index=indices)


def _order_raw(grad, self_shape, dim, indices):
    if not self_shape:
        return grad
    return _gather_raw(grad, self_shape, dim, indices)


def _order_pick(grad_fn: str, name: str, symbol: str):
    def forward(self, *, dim, indices):
        return _gathered(self, dim, indices)

    forward.__name__ = name
    prim = primitive(grad_fn, symbol, rf"\operatorname{{{symbol}}}(a)", same, **_by_order)(forward)
    prim.derivative("self", r"\text{put back}", _order_grad, raw=_order_raw)
    return prim


sort = _order_pick("SortBackward0", "sort", "sort")
topk = _order_pick("TopkBackward0", "topk", "topk")


@primitive("MedianBackward1", "median", r"\operatorname{median}_{dim} a", same, **_by_order)
def median_dim(self, *, dim, keepdim, indices):
    """`indices`: where each median is, one per slice along dim (dim itself left out)."""
    if not self.ndim:
        return self.copy()
    out = _gathered(self, dim, np.expand_dims(indices, dim))
    return out if keepdim else np.squeeze(out, axis=dim)


def _median_dim_grad(grad, self_shape, dim, keepdim, indices):
    if self_shape:
        grad = grad if keepdim else grad.unsqueeze(dim)
        indices = indices.unsqueeze(dim)
    return _order_grad(grad, self_shape, dim, indices)


def _median_dim_raw(grad, self_shape, dim, keepdim, indices):
    if self_shape:
        grad = grad if keepdim else np.expand_dims(grad, dim)
        indices = indices.unsqueeze(dim)
    return _order_raw(grad, self_shape, dim, indices)


median_dim.derivative("self", r"[a = \text{median}]", _median_dim_grad, raw=_median_dim_raw)


@primitive("KthvalueBackward0", "kthvalue", r"\operatorname{kth}_{dim} a", same, **_by_order)
def kthvalue(self, *, dim, keepdim, indices):
    """The k-th smallest along dim, `indices` saying where each is (median_dim with another k)."""
    return median_dim.forward(self, dim=dim, keepdim=keepdim, indices=indices)


kthvalue.derivative("self", r"[a = \text{kth}]", _median_dim_grad, raw=_median_dim_raw)


@primitive("MedianBackward0", "median", r"\operatorname{median}(a)", same, **_pick)
def median(self):
    flat = np.sort(self.reshape(-1), kind="stable")
    return flat[(flat.size - 1) // 2]  # the lower of the two middle values, as PyTorch


# Ties share the gradient equally, as for max() over all elements.
median.derivative("self", r"[a_i = \text{median}]", _evenly)

sort_stable = _order_pick("SortBackward1", "sort_stable", "sort")  # sort(stable=True)


# --- unique: a node without a derivative --------------------------------------------------------
# PyTorch records unique's node (the result prints grad_fn=<Unique2Backward0>) but has no formula
# for it: a backward through it fails with PyTorch's error, here too.


def _no_unique_derivative(grad):
    raise NotImplementedError("the derivative for '_unique2' is not implemented.")


@primitive(
    "Unique2Backward0",
    "unique",
    r"\operatorname{unique}(a)",
    same,
    tensor_params=("values",),
    **_pick,
)
def unique(self, *, values):
    return values.copy()  # worked out by the public function with its inverse and counts


unique.derivative("self", r"\text{none}", _no_unique_derivative)

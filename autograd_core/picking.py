"""PyTorch's functions that pick elements by position or by order, with PyTorch's signatures and
error messages: tensor_split, index_select, take, masked_select, sort, argsort, msort, topk,
median, and the ones that count or list elements (unique, bincount, count_nonzero, nonzero,
argwhere). The maths of each differentiable one is a registry entry in ops/selection.py.

    >>> import autograd_core as torch
    >>> x = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)
    >>> x.sort()
    torch.return_types.sort(
    values=tensor([1., 2., 3.], grad_fn=<SortBackward0>),
    indices=tensor([1, 2, 0]))
"""

from __future__ import annotations

import builtins
import itertools
from typing import Any

import numpy as np

from . import dtypes, guard, ops
from .numpy_names import accepts_axis
from .ops import selection as P
from .tensor import Tensor
from .torch_functions import _dim, _dims, _MinMax, expand, narrow


def _int64(values: Any) -> Tensor:
    return Tensor._make(np.asarray(values, dtype=np.int64))


class _SortResult(_MinMax):
    _name = "sort"


class _TopkResult(_MinMax):
    _name = "topk"


class _MedianResult(_MinMax):
    _name = "median"


class _KthvalueResult(_MinMax):
    _name = "kthvalue"


# --- pieces ---------------------------------------------------------------------------------------


@accepts_axis
def tensor_split(input: Tensor, indices_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """`n` pieces as equal as can be (the first ones one longer), or the pieces between the
    given indices: plain slices (SliceBackward0), as in PyTorch."""
    d = _dim(dim, input.ndim)
    size = input.shape[d]
    if isinstance(indices_or_sections, Tensor):
        indices_or_sections = indices_or_sections.tolist()
    if isinstance(indices_or_sections, int):
        n = indices_or_sections
        if n <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {n}")
        guard.check_pieces(n, "tensor_split")  # one piece each, even empty ones
        small, extra = divmod(size, n)
        bounds, start = [], 0
        for i in range(n):
            bounds.append(start)
            start += small + (i < extra)
        bounds.append(size)
    else:
        cuts = [builtins.min(builtins.max(int(i), 0), size) for i in indices_or_sections]
        bounds = [0, *cuts, size]
    return tuple(narrow(input, d, a, builtins.max(b, a) - a) for a, b in itertools.pairwise(bounds))


# --- picking by position --------------------------------------------------------------------------


def _index_tensor(name: str, index: Any, position: int) -> Tensor:
    if not isinstance(index, Tensor):
        raise TypeError(
            f"{name}(): argument 'index' (position {position}) must be Tensor, not "
            f"{type(index).__name__}"
        )
    if index._dtype not in (dtypes.int64, dtypes.int32):
        raise RuntimeError(f"{name}(): Expected dtype int32 or int64 for index")
    return index


@accepts_axis
def index_select(input: Tensor, dim: int, index: Tensor) -> Tensor:
    """The slices of `input` along `dim` at the positions in the 1-d `index` (repeats allowed)."""
    index = _index_tensor("index_select", index, 3)
    if index.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    d = _dim(dim, input.ndim)
    size = input.shape[d] if input.ndim else 1
    values = index._data.reshape(-1)
    if not input.ndim and values.size != 1:
        raise RuntimeError(
            f"index_select(): Index to scalar can have only 1 value, got {values.size} value(s)"
        )
    if ((values < 0) | (values >= size)).any():
        raise IndexError("index out of range in self")
    return P.index_select(input, dim=d, index=_int64(values))


@accepts_axis
def index_add(input: Tensor, dim: int, index: Tensor, source: Tensor, *, alpha: Any = 1) -> Tensor:
    """A copy of `input` with `alpha * source` added, slice by slice, at the positions in the
    1-d `index` along `dim` (repeated positions add up): `out[index[i]] += alpha * source[i]`
    for dim 0. PyTorch's checks, in its order and words."""
    if not isinstance(index, Tensor):
        raise TypeError(
            f"index_add(): argument 'index' (position 3) must be Tensor, not {type(index).__name__}"
        )
    if index._dtype not in (dtypes.int64, dtypes.int32):
        raise RuntimeError(
            f"index_add_(): Expected dtype int32/int64 for index but got: {index._dtype.type_name}"
        )
    if index.ndim > 1:
        raise IndexError(
            "index_add_(): Index is supposed to be a vector, but got dim: "
            f"{index.ndim} with type: {index._dtype.type_name} and size: {list(index.shape)}"
        )
    if not isinstance(source, Tensor):
        raise TypeError(
            "index_add(): argument 'source' (position 4) must be Tensor, not "
            f"{type(source).__name__}"
        )
    if source._dtype is not input._dtype:
        raise RuntimeError(
            f"index_add_(): self ({input._dtype.type_name}) and source "
            f"({source._dtype.type_name}) must have the same scalar type"
        )
    d = _dim(dim, input.ndim)
    shape, other = list(input.shape) or [1], list(source.shape) or [1]
    if len(shape) != len(other) or (input.ndim != source.ndim and input.ndim > 1):
        _index_add_shapes(input, source)
    n = index.numel()
    if other[d] != n:
        raise RuntimeError(
            f"index_add_(): Number of indices ({n}) should be equal to source.size(dim): "
            f"({other[d]}), for dim: {d}"
        )
    if input.ndim != source.ndim or any(
        a != b for k, (a, b) in enumerate(zip(shape, other)) if k != d
    ):
        _index_add_shapes(input, source)
    values = index._data.reshape(-1)
    if ((values < 0) | (values >= shape[d])).any():
        raise IndexError("index out of range in self")
    return P.index_add(input, source, dim=d, index=_int64(values), alpha=alpha)


def _index_add_shapes(input: Tensor, source: Tensor) -> None:
    raise RuntimeError(
        "source tensor shape must match self tensor shape, excluding the specified dimension. "
        f"Got self.shape = {list(input.shape)} source.shape = {list(source.shape)}"
    )


def take(input: Tensor, index: Tensor) -> Tensor:
    """input.flatten()[index]: the result has the index's shape; negative positions count back."""
    index = _index_tensor("take", index, 2)
    n = input.numel()
    bad = index._data[(index._data < -n) | (index._data >= n)]
    if bad.size:
        raise IndexError(
            f"out of range: tried to access index {int(bad.flat[0])} on a tensor of {n} elements."
        )
    return P.take(input, index=_int64(index._data % builtins.max(n, 1)))


def masked_select(input: Tensor, mask: Tensor) -> Tensor:
    """The elements where the boolean `mask` (broadcast against input) is True, as a 1-d tensor."""
    if not isinstance(mask, Tensor) or mask._dtype is not dtypes.bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    shape = ops.broadcast_shape(input._data, mask._data)
    if tuple(input.shape) != tuple(shape):
        input = expand(input, *shape)
    return P.masked_select(input, mask=Tensor._make(np.broadcast_to(mask._data, shape)))


# --- picking by order -----------------------------------------------------------------------------


def _order(values: np.ndarray, dim: int, descending: bool) -> np.ndarray:
    """Positions that sort `values` along `dim`, equal values kept in their order (PyTorch's CPU
    sort does the same); NaN counts as the largest value, as in PyTorch."""
    if not values.ndim:
        return np.zeros((), dtype=np.int64)
    if values.dtype == np.bool_:
        values = values.astype(np.int8)
    if descending:
        # Reversing, sorting ascending and mapping back keeps equal values in their order.
        flipped = np.flip(values, dim)
        n = values.shape[dim]
        rank = np.argsort(flipped, axis=dim, kind="stable")
        return np.flip(n - 1 - rank, dim).astype(np.int64)
    return np.argsort(values, axis=dim, kind="stable").astype(np.int64)


@accepts_axis
def sort(
    input: Tensor, dim: int = -1, descending: bool = False, *, stable: bool | None = None
) -> Any:
    """The values along `dim` in order, and where each came from; the gradient goes back to
    the places the values came from."""
    d = _dim(dim, input.ndim)
    indices = _int64(_order(input._data, d, descending))
    prim = P.sort if stable is None else P.sort_stable
    return _SortResult(prim(input, dim=d, indices=indices), indices)


@accepts_axis
def argsort(
    input: Tensor, dim: int = -1, descending: bool = False, *, stable: bool = False
) -> Tensor:
    """The positions that would sort `input` along `dim` (no gradient: they are integers)."""
    return _int64(_order(input._data, _dim(dim, input.ndim), descending))


def msort(input: Tensor) -> Tensor:
    """input sorted along its first dim."""
    return sort(input, 0).values


@accepts_axis
def topk(input: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:
    """The k largest (or smallest) values along `dim`, largest first, and their positions."""
    d = _dim(dim, input.ndim)
    size = input.shape[d] if input.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    order = _order(input._data, d, largest)
    indices = _int64(np.take(order, np.arange(k), axis=d) if input.ndim else order)
    return _TopkResult(P.topk(input, dim=d, indices=indices), indices)


@accepts_axis
def median(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """The lower of the two middle values (PyTorch's median never averages); with `dim`, also
    where each median was."""
    if dim is None:
        if input.numel() == 0:
            return Tensor._make(np.asarray(np.nan, dtype=input._data.dtype), input._dtype)
        return P.median(input)
    d = _dim(dim, input.ndim)
    order = _order(input._data, d, False)
    if input.ndim:
        middle = (input.shape[d] - 1) // 2
        indices = np.take(order, middle, axis=d)
    else:
        indices = order
    values = P.median_dim(input, dim=d, keepdim=keepdim, indices=_int64(indices))
    shown = np.expand_dims(indices, d) if keepdim and input.ndim else indices
    return _MedianResult(values, _int64(shown))


@accepts_axis
def kthvalue(input: Tensor, k: int, dim: int = -1, keepdim: bool = False) -> Any:
    """The k-th smallest value along `dim` (k counts from 1), and where it was; equal values
    are taken in their order along dim."""
    d = _dim(dim, input.ndim)
    size = input.shape[d] if input.ndim else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    order = _order(input._data, d, False)
    indices = np.take(order, k - 1, axis=d) if input.ndim else order
    values = P.kthvalue(input, dim=d, keepdim=keepdim, indices=_int64(indices))
    shown = np.expand_dims(indices, d) if keepdim and input.ndim else indices
    return _KthvalueResult(values, _int64(shown))


# --- counting and listing -------------------------------------------------------------------------


def unique(
    input: Tensor,
    sorted: bool = True,
    return_inverse: bool = False,
    return_counts: bool = False,
    dim: int | None = None,
) -> Any:
    """The distinct values, in increasing order; optionally where each element went
    (`return_inverse`) and how often each value occurs (`return_counts`)."""
    if dim is None:
        values, inverse, counts = np.unique(input._data, return_inverse=True, return_counts=True)
        inverse = inverse.reshape(input.shape)
    else:
        d = _dim(dim, input.ndim)
        values, inverse, counts = np.unique(
            input._data, return_inverse=True, return_counts=True, axis=d
        )
        inverse = inverse.reshape(-1)
    out = P.unique(input, values=Tensor._make(values, input._dtype))
    extra = []
    if return_inverse:
        extra.append(_int64(inverse))
    if return_counts:
        extra.append(_int64(counts))
    return (out, *extra) if extra else out


def bincount(input: Tensor, weights: Tensor | None = None, minlength: int = 0) -> Tensor:
    """How often each of 0, 1, 2, ... occurs in a 1-d tensor of non-negative integers (or the
    sum of their `weights`)."""
    data = input._data
    if input._dtype.is_floating_point:
        raise ops.not_implemented("bincount_cpu", input._dtype)
    if input.ndim != 1 or (data.size and data.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    guard.check_numel(builtins.max(int(data.max()) + 1 if data.size else 0, minlength), "bincount")
    if weights is None:
        return _int64(np.bincount(data, minlength=minlength))
    counted = np.bincount(data, weights=weights._data, minlength=minlength)
    kind = weights._dtype if weights._dtype.is_floating_point else dtypes.float64
    return Tensor._make(counted.astype(kind.numpy), kind)


def count_nonzero(input: Tensor, dim: Any = None) -> Tensor:
    """How many elements are not zero, over everything or along `dim`."""
    dims = _dims(dim, input.ndim)
    return _int64(np.count_nonzero(input._data, axis=dims))


def nonzero(input: Tensor, *, as_tuple: bool = False) -> Any:
    """The positions of the non-zero elements: one row per element (or, `as_tuple=True`, one
    1-d tensor per dim, ready for indexing)."""
    # a position is ndim numbers: a million ones in 64 dims would be 64 million of them
    count = np.count_nonzero(input._data)
    guard.check_numel(count * builtins.max(input.ndim, 1), "nonzero")
    places = np.nonzero(np.atleast_1d(input._data))
    if as_tuple:
        return tuple(_int64(p) for p in places)
    return _int64(np.stack(places, axis=1) if input.ndim else np.zeros((len(places[0]), 0)))


def argwhere(input: Tensor) -> Tensor:
    """nonzero(input): one row of positions per non-zero element."""
    return nonzero(input)


ops.check_tensor_inputs(globals())
__all__ = [
    "argsort",
    "argwhere",
    "bincount",
    "count_nonzero",
    "index_select",
    "masked_select",
    "median",
    "msort",
    "nonzero",
    "sort",
    "take",
    "tensor_split",
    "topk",
    "unique",
]

"""PyTorch's functions that arrange a tensor's elements: triangles (tril/triu, the attention
tutorials' masks), diagonals, roll, cumprod, diff, unflatten, the stacks (hstack, vstack,
column_stack, dstack) and meshgrid, with PyTorch's signatures and error messages. Most are one
registry entry (ops/rearrange.py); the rest are written with other functions, as PyTorch
writes them (diff is a subtraction of two slices, hstack a cat, meshgrid expands).

    >>> import autograd_core as torch
    >>> scores = torch.ones(3, 3)
    >>> scores.masked_fill(torch.triu(torch.ones(3, 3), diagonal=1).bool(), float("-inf"))
    tensor([[1., -inf, -inf],
            [1., 1., -inf],
            [1., 1., 1.]])
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from . import ops
from .numpy_names import accepts_axis
from .ops import rearrange as Rg
from .ops import reductions as R
from .tensor import Tensor
from .torch_functions import _dim, _reduce_dtype, _tensor_list, cat, expand, narrow, sub

# --- triangles and diagonals ----------------------------------------------------------------------


def _matrix_like(name: str, input: Tensor) -> None:
    if input.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")


def tril(input: Tensor, diagonal: int = 0) -> Tensor:
    """The lower triangle of the last two dims (on and below diagonal `diagonal`), zeros above."""
    _matrix_like("tril", input)
    return Rg.tril(input, diagonal=int(diagonal))


def triu(input: Tensor, diagonal: int = 0) -> Tensor:
    """The upper triangle of the last two dims (on and above diagonal `diagonal`), zeros below."""
    _matrix_like("triu", input)
    return Rg.triu(input, diagonal=int(diagonal))


def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """The diagonal of dims (dim1, dim2), as the last dim (above it for offset > 0)."""
    d1, d2 = _dim(dim1, input.ndim), _dim(dim2, input.ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return Rg.diagonal(input, offset=int(offset), dim1=d1, dim2=d2)


def diag_embed(input: Tensor, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """Square matrices with the last dim of input on their diagonal `offset`."""
    ndim = input.ndim + 1
    d1, d2 = _dim(dim1, ndim), _dim(dim2, ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return Rg.diag_embed(input, offset=int(offset), dim1=d1, dim2=d2)


def diag(input: Tensor, diagonal: int = 0) -> Tensor:
    """A vector's diagonal matrix, or a matrix's diagonal vector."""
    if input.ndim == 1:
        return Rg.diag_embed(input, offset=int(diagonal), dim1=0, dim2=1)
    if input.ndim == 2:
        return Rg.diag_of_matrix(input, offset=int(diagonal), dim1=0, dim2=1)
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {input.ndim}D")


# --- moving and accumulating ----------------------------------------------------------------------


def roll(input: Tensor, shifts: Any, dims: Any = None) -> Tensor:
    """Elements shifted along dims, those pushed off one end coming back at the other; with no
    dims, along the flattened tensor."""
    if dims is None:
        if isinstance(shifts, list | tuple):
            if len(shifts) != 1:
                raise RuntimeError(
                    f"shifts and dimensions must align. shifts: {len(shifts)}, dims:0"
                )
            shifts = shifts[0]
        return Rg.roll(input, shifts=int(shifts), dims=None)
    shifts = tuple(shifts) if isinstance(shifts, list | tuple) else (shifts,)
    dims = tuple(dims) if isinstance(dims, list | tuple) else (dims,)
    if len(shifts) != len(dims):
        raise RuntimeError(
            f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}"
        )
    dims = tuple(_dim(d, input.ndim) for d in dims)
    return Rg.roll(input, shifts=tuple(int(s) for s in shifts), dims=dims)


@accepts_axis
def cumprod(input: Tensor, dim: int, *, dtype: Any = None) -> Tensor:
    """Running products along dim: out[i] = input[0] * ... * input[i]."""
    return R.cumprod(_reduce_dtype(input, dtype), dim=_dim(dim, input.ndim))


def diff(
    input: Tensor, n: int = 1, dim: int = -1, prepend: Any = None, append: Any = None
) -> Tensor:
    """Differences of neighbours along dim (`n` times): out[i] = input[i + 1] - input[i]."""
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    d = _dim(dim, input.ndim)
    if prepend is not None or append is not None:
        parts = [p for p in (prepend, input, append) if p is not None]
        input = cat([p if isinstance(p, Tensor) else Tensor(p) for p in parts], d)
    for _ in range(n):
        length = input.shape[d]
        if length == 0:
            break
        input = sub(narrow(input, d, 1, length - 1), narrow(input, d, 0, length - 1))
    return input


def unflatten(input: Tensor, dim: int, sizes: Any) -> Tensor:
    """Dim `dim` split into several of `sizes` (one of them may be -1)."""
    d = _dim(dim, input.ndim)
    sizes = [int(s) for s in sizes]
    length = input.shape[d]
    known = math.prod(s for s in sizes if s != -1)
    if sizes.count(-1) > 1 or (
        known != length if -1 not in sizes else (known == 0 or length % known)
    ):
        raise RuntimeError(
            f"unflatten: Provided sizes {sizes} don't multiply up to the size of dim {d} "
            f"({length}) in the input tensor"
        )
    sizes = [length // known if s == -1 else s for s in sizes]
    return input.view(*input.shape[:d], *sizes, *input.shape[d + 1 :])


# --- stacking -------------------------------------------------------------------------------------


def atleast_1d(*tensors: Any) -> Any:
    return _atleast(tensors, 1)


def atleast_2d(*tensors: Any) -> Any:
    return _atleast(tensors, 2)


def atleast_3d(*tensors: Any) -> Any:
    return _atleast(tensors, 3)


def _atleast(tensors: tuple, ndim: int) -> Any:
    if len(tensors) == 1 and isinstance(tensors[0], list | tuple):
        return tuple(_atleast((t,), ndim) for t in tensors[0])
    out = tuple(_grown(t, ndim) for t in tensors)
    return out[0] if len(out) == 1 else out


def _grown(t: Tensor, ndim: int) -> Tensor:
    """t with size-1 dims added as NumPy's atleast_Nd adds them: a vector becomes a row, and in
    3-d a matrix gets a trailing dim."""
    if t.ndim >= ndim:
        return t
    if t.ndim == 0:
        return t.reshape((1,) * ndim)
    if ndim == 2 or t.ndim == 2:
        t = t.unsqueeze(0) if t.ndim == 1 else t
        return t.unsqueeze(-1) if ndim == 3 else t
    return t.unsqueeze(0).unsqueeze(-1)  # a vector in 3-d: (1, n, 1)


def _tensors(tensors: Any, name: str) -> list[Tensor]:
    if isinstance(tensors, Tensor) or not isinstance(tensors, list | tuple):
        raise TypeError(
            f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
            f"{type(tensors).__name__}"
        )
    return _tensor_list(tensors, name)


def hstack(tensors: Any) -> Tensor:
    """Joined side by side: vectors end to end, matrices along their columns."""
    tensors = list(atleast_1d(_tensors(tensors, "hstack")))
    return cat(tensors, 0 if tensors[0].ndim == 1 else 1)


def vstack(tensors: Any) -> Tensor:
    """Stacked as rows: vectors become the rows of a matrix."""
    return cat(list(atleast_2d(_tensors(tensors, "vstack"))), 0)


row_stack = vstack


def column_stack(tensors: Any) -> Tensor:
    """Vectors as the columns of a matrix (matrices keep their columns)."""
    tensors = _tensors(tensors, "column_stack")
    return cat([t.reshape(-1, 1) if t.ndim < 2 else t for t in tensors], 1)


def dstack(tensors: Any) -> Tensor:
    """Stacked along a third dim (depth)."""
    return cat(list(atleast_3d(_tensors(tensors, "dstack"))), 2)


def meshgrid(*tensors: Any, indexing: str | None = None) -> tuple[Tensor, ...]:
    """Coordinate grids: with indexing='ij', out[k] varies along dim k; 'xy' swaps the first
    two (as NumPy and plotting do)."""
    if len(tensors) == 1 and isinstance(tensors[0], list | tuple):
        tensors = tuple(tensors[0])
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    if indexing is None:
        warnings.warn(
            "torch.meshgrid: in an upcoming release, it will be required to pass the indexing "
            "argument.",
            UserWarning,
            stacklevel=2,
        )
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(
            f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}'
        )
    for t in tensors:
        if t.ndim > 1:
            raise RuntimeError(
                f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t}"
            )
    vectors = [t.reshape(-1) for t in tensors]
    swap = indexing == "xy" and len(vectors) >= 2
    if swap:
        vectors[0], vectors[1] = vectors[1], vectors[0]
    shape = [v.shape[0] for v in vectors]
    grids = []
    for k, v in enumerate(vectors):
        along = [1] * len(vectors)
        along[k] = -1
        grids.append(expand(v.view(*along), *shape))
    if swap:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


ops.check_tensor_inputs(globals())
__all__ = [
    "atleast_1d",
    "atleast_2d",
    "atleast_3d",
    "column_stack",
    "cumprod",
    "diag",
    "diag_embed",
    "diagonal",
    "diff",
    "dstack",
    "hstack",
    "meshgrid",
    "roll",
    "row_stack",
    "tril",
    "triu",
    "unflatten",
    "vstack",
]

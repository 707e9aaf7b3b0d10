"""torch.linalg: norms, det, inv, solve, cross and multi_dot, with PyTorch's signatures and
messages; their maths is in ops/matrix_functions.py (and the Euclidean norm in
ops/reductions.py). Also torch.det, torch.inverse, torch.cross and torch.dist, which are the
same functions under their older names.

    >>> import autograd_core as torch
    >>> A = torch.tensor([[2.0, 1.0], [1.0, 3.0]], requires_grad=True)
    >>> torch.linalg.det(A)
    tensor(5., grad_fn=<LinalgDetBackward0>)
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from . import ops
from .ops import matrix_functions as M
from .ops import reductions as R
from .ops.matrix_functions import LinAlgError
from .tensor import Tensor
from .torch_functions import _dim, _dims, amax, amin, matmul, sum

_INF = math.inf


def vector_norm(
    x: Tensor, ord: Any = 2, dim: Any = None, keepdim: bool = False, *, dtype: Any = None
) -> Tensor:
    """(Σ |x|^ord)^(1/ord) over dim (everything by default); ord may be inf, -inf or 0."""
    if dtype is not None:
        x = x.to(dtype)
    if not x.is_floating_point():
        raise R._vector_norm_error(x.dtype)
    dims = _dims(dim, x.ndim)
    if ord == 2:
        return R.norm(x, dim=dims, keepdim=keepdim)
    if isinstance(ord, str):
        raise RuntimeError(f"linalg.vector_norm: ord must be a number, got {ord!r}")
    return M.vector_norm(x, ord=float(ord), dim=dims, keepdim=keepdim)


def matrix_norm(
    A: Tensor, ord: Any = "fro", dim: Any = (-2, -1), keepdim: bool = False, *, dtype: Any = None
) -> Tensor:
    """A matrix norm of the last two dims: 'fro' (√ of the sum of squares), or 1 / -1 (largest
    / smallest column sum of |A|), inf / -inf (the same for rows)."""
    if dtype is not None:
        A = A.to(dtype)
    if A.ndim < 2:
        raise RuntimeError(
            "linalg.matrix_norm: The input tensor A must have at least 2 dimensions."
        )
    rows, cols = (_dim(d, A.ndim) for d in dim)
    if ord == "fro":
        return R.norm(A, dim=tuple(sorted((rows, cols))), keepdim=keepdim)
    if ord in (1, -1, _INF, -_INF):
        over, across = (rows, cols) if ord in (1, -1) else (cols, rows)
        sums = sum(A.abs(), dim=over, keepdim=keepdim)
        if not keepdim and across > over:
            across -= 1  # the summed dim is gone
        return (amax if ord > 0 else amin)(sums, dim=across, keepdim=keepdim)
    raise NotImplementedError(
        f"linalg.matrix_norm: ord={ord!r} needs singular values, which autograd_core does not "
        "compute; use ord='fro', 1, -1, inf or -inf"
    )


def norm(A: Tensor, ord: Any = None, dim: Any = None, keepdim: bool = False, *, dtype: Any = None):
    """The vector norm of everything (ord None), a vector norm along one dim, or a matrix norm of
    a matrix (ord given) or of two dims."""
    if ord is None:
        return vector_norm(A, 2, dim, keepdim, dtype=dtype)
    two_dims = (dim is None and A.ndim == 2) or (isinstance(dim, list | tuple) and len(dim) == 2)
    if two_dims:
        return matrix_norm(A, ord, (-2, -1) if dim is None else dim, keepdim, dtype=dtype)
    if isinstance(ord, str):
        raise RuntimeError(
            f"linalg.norm: If dim is not specified but ord is, the input must be "
            f"1D or 2D. Got {A.ndim}D."
        )
    return vector_norm(A, ord, dim, keepdim, dtype=dtype)


def det(A: Tensor) -> Tensor:
    """The determinant of a square matrix (or of each in a batch)."""
    return M.det(A)


def inv(A: Tensor) -> Tensor:
    """The inverse of a square matrix (or of each in a batch); a singular one is refused."""
    return M.inv(A)


def solve(A: Tensor, B: Tensor, *, left: bool = True) -> Tensor:
    """X with A X = B, without forming A⁻¹ (B a vector or a matrix, or batches of them)."""
    if not left:
        return solve(A.mT, B.mT).mT  # X A = B  <=>  Aᵀ Xᵀ = Bᵀ
    return M.solve(A, B)


def cross(input: Tensor, other: Tensor, *, dim: int = -1) -> Tensor:
    """The cross product of 3-vectors along dim."""
    if input.ndim != other.ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    d = _dim(dim, input.ndim)
    if input.shape[d] != 3 or other.shape[d] != 3:
        raise RuntimeError(
            f"linalg.cross: inputs dimension {dim} must have length 3. Got {input.shape[d]} and "
            f"{other.shape[d]}"
        )
    return M.cross(input, other, dim=d)


def multi_dot(tensors: Any) -> Tensor:
    """A chain of matrix products, left to right (the first may be a vector, and the last)."""
    tensors = list(tensors)
    if len(tensors) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(tensors)}")
    first, last = tensors[0], tensors[-1]
    shape = [*first.shape[:-1], *last.shape[1:]]  # a vector at either end drops that dim
    chain = [first.unsqueeze(0) if first.ndim == 1 else first, *tensors[1:-1]]
    chain.append(last.unsqueeze(1) if last.ndim == 1 else last)
    out = chain[0]
    for t in chain[1:]:
        out = matmul(out, t)
    return out.view(*shape)  # as PyTorch's multi_dot: the product, viewed in the result's shape


# --- the same under torch's older top-level names -------------------------------------------------


def inverse(input: Tensor) -> Tensor:
    return inv(input)


def torch_cross(input: Tensor, other: Tensor, dim: int | None = None) -> Tensor:
    """torch.cross: like linalg.cross, but without dim it takes the first dim of size 3."""
    if dim is None:
        warnings.warn(
            "Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass "
            "the dim explicitly or simply use torch.linalg.cross.\nThe default value of dim will "
            "change to agree with that of linalg.cross in a future release.",
            UserWarning,
            stacklevel=2,
        )
        dim = next((d for d, n in enumerate(input.shape) if n == 3), -1)
    return cross(input, other, dim=dim)


def dist(input: Tensor, other: Tensor, p: Any = 2) -> Tensor:
    """‖input - other‖_p over all elements."""
    return M.dist(input, other, p=float(p))


ops.check_tensor_inputs(globals())
__all__ = [
    "LinAlgError",
    "cross",
    "det",
    "inv",
    "matrix_norm",
    "multi_dot",
    "norm",
    "solve",
    "vector_norm",
]

"""Matrix products. For y = A·B the gradients are grad·Bᵀ for A and Aᵀ·grad for B: the shapes
only fit one way, which is a good way to remember them."""

from __future__ import annotations

import math

import numpy as np

from .. import dtypes
from ..tensor import Tensor
from . import not_implemented, primitive

_dense = {"local_derivative": False}


def matrix_product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b for two matrices: the kernel of mm and addmm, forward and backward alike (so the
    raw rules and the Tensor formulas give the same bits). For float32 and float64 it is
    np.dot, which hands every layout to BLAS's gemm, as PyTorch does; np.matmul falls back
    to a plain loop, several times slower, for a transposed right factor (grad @ weight.T, in
    every Linear layer's backward) and for an inner dimension of 1 (an outer product)."""
    if a.dtype is b.dtype and (a.dtype is _FLOAT32 or a.dtype is _FLOAT64):
        return np.dot(a, b)
    return a @ b


_FLOAT32, _FLOAT64 = np.dtype(np.float32), np.dtype(np.float64)
_SAME_DTYPE = "expected m1 and m2 to have the same dtype, but got: {a} != {b}"


def _same_dtype(template: str, kernel: str):
    """Both factors of one type (PyTorch does not promote here), and not bool: PyTorch has no
    `kernel` for bools."""

    def rule(inputs, params):
        a, b = inputs[0]._dtype, inputs[1]._dtype
        if a is not b:
            A, B = a.type_name, b.type_name
            raise RuntimeError(template.format(a=A.lower(), b=B.lower(), A=A, B=B))
        if a is dtypes.bool_:
            raise not_implemented(kernel, a)
        return a, a

    return rule


def _mm_shape(self, other):
    if self.shape[1] != other.shape[0]:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({self.shape[0]}x{self.shape[1]} and "
            f"{other.shape[0]}x{other.shape[1]})"
        )
    return (self.shape[0], other.shape[1])


@primitive(
    "MmBackward0",
    "@",
    r"A B",
    _same_dtype(_SAME_DTYPE, "addmm_impl_cpu_"),
    out_shape=_mm_shape,
    products=lambda a, b: a.shape[0] * a.shape[1] * b.shape[1],
    **_dense,
)
def mm(self, other):
    return matrix_product(self, other)


mm.derivative(
    "self",
    r"\cdot B^T",
    lambda grad, other: grad.mm(other.t()),
    raw=lambda grad, other: matrix_product(grad, other.T),
)
mm.derivative(
    "other",
    r"A^T \cdot",
    lambda grad, self: self.t().mm(grad),
    raw=lambda grad, self: matrix_product(self.T, grad),
)


def _mv_shape(self, other):
    if self.shape[1] != other.shape[0]:
        raise RuntimeError(
            f"size mismatch, got input ({self.shape[0]}), mat ({self.shape[0]}x{self.shape[1]}), "
            f"vec ({other.shape[0]})"
        )
    return (self.shape[0],)


@primitive(
    "MvBackward0",
    "@",
    r"A v",
    _same_dtype(_SAME_DTYPE, "addmv_impl_cpu"),
    out_shape=_mv_shape,
    products=lambda a, v: a.shape[0] * a.shape[1],
    **_dense,
)
def mv(self, other):
    return self @ other


mv.derivative("self", r"\cdot v^T", lambda grad, other: grad.unsqueeze(1) * other.unsqueeze(0))
mv.derivative("other", r"A^T \cdot", lambda grad, self: self.t().mv(grad))


def _dot_shape(self, other):
    if self.shape[0] != other.shape[0]:
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{self.shape[0]}] and src "
            f"[{other.shape[0]}] to have the same number of elements, but got {self.shape[0]} "
            f"and {other.shape[0]} elements respectively"
        )
    return ()


@primitive(
    "DotBackward0",
    "·",
    r"a \cdot b",
    _same_dtype("dot : expected both vectors to have same dtype, but found {A} and {B}", "dot"),
    out_shape=_dot_shape,
    products=lambda a, b: a.shape[0],
    **_dense,
)
def dot(self, other):
    return np.dot(self, other)


dot.derivative("self", "b", lambda grad, other: grad * other, raw=lambda grad, other: grad * other)
dot.derivative("other", "a", lambda grad, self: grad * self, raw=lambda grad, self: grad * self)


def _bmm_shape(self, other):
    if self.shape[-1] != other.shape[-2]:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: "
            f"[{other.shape[0] if other.ndim > 2 else 1}, {self.shape[-1]}] but got: "
            f"[{other.shape[0] if other.ndim > 2 else 1}, {other.shape[-2]}]."
        )
    batch = np.broadcast_shapes(self.shape[:-2], other.shape[:-2])
    return (*batch, self.shape[-2], other.shape[-1])


@primitive(
    "BmmBackward0",
    "@",
    r"A B",
    _same_dtype(_SAME_DTYPE, "bmm"),
    out_shape=_bmm_shape,
    products=lambda a, b: math.prod(_bmm_shape(a, b)) * a.shape[-1],
    **_dense,
)
def bmm(self, other):  # batched (and broadcast) matrix product, matmul for 3-D and up
    return np.matmul(self, other)


# Batch dimensions that were broadcast are summed back by the engine's sum_to.
bmm.derivative(
    "self",
    r"\cdot B^T",
    lambda grad, other: grad.matmul(other.transpose(-1, -2)),
    raw=lambda grad, other: np.matmul(grad, np.swapaxes(other, -1, -2)),
)
bmm.derivative(
    "other",
    r"A^T \cdot",
    lambda grad, self: self.transpose(-1, -2).matmul(grad),
    raw=lambda grad, self: np.matmul(np.swapaxes(self, -1, -2), grad),
)


def _trace_dtype(inputs, params):
    d = inputs[0]._dtype
    return (d, d) if d.is_floating_point else (dtypes.int64, dtypes.int64)


def _trace_shape(self):
    if self.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {self.ndim}")
    return ()


@primitive(
    "TraceBackward0", "tr", r"\operatorname{tr} A", _trace_dtype, out_shape=_trace_shape, **_dense
)
def trace(self):  # the sum of the diagonal
    return np.trace(self)


def _trace_grad(grad, self_shape):
    return grad * Tensor._make(np.eye(*self_shape, dtype=grad.dtype.numpy), grad.dtype)


trace.derivative("self", "I", _trace_grad)

"""torch.linalg's functions of whole matrices and vectors: det, inv, solve, cross, and the
vector norms other than the Euclidean one (which is reductions.norm).

For A⁻¹ the rule is d(A⁻¹) = -A⁻¹ dA A⁻¹, so the gradient is -A⁻ᵀ grad A⁻ᵀ; solve's follows
from X = A⁻¹B; det's from d det A = det A · tr(A⁻¹ dA). All are written with matrix products and
inverses that are registry entries themselves, so they can be differentiated again. Each is
charged like a matrix product before it runs (about n³ multiply-adds for an n×n matrix).
"""

from __future__ import annotations

import math

import numpy as np

from .. import guard
from . import broadcast_shape, floating, not_implemented, primitive, promote
from .elementwise import where
from .reductions import _restore

_dense = {"local_derivative": False}


def _square(name: str):
    def check(self, *rest):
        if self.ndim < 2:
            raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
        if self.shape[-1] != self.shape[-2]:
            raise RuntimeError(
                f"{name}: A must be batches of square matrices, but they are "
                f"{self.shape[-2]} by {self.shape[-1]} matrices"
            )
        return self.shape[:-2] if name == "linalg.det" else self.shape

    return check


def _cubed(self, *rest):
    return math.prod(self.shape[:-2]) * self.shape[-1] ** 3


def _linalg_types(name: str):
    return floating(
        lambda d: RuntimeError(
            f"{name}: Expected a floating point or complex tensor as input. Got {d.type_name}"
        )
    )


class LinAlgError(RuntimeError):
    """A matrix that a linalg function cannot handle (singular): PyTorch's torch.linalg.LinAlgError,
    a RuntimeError, which PyTorch's own class prints as `_LinAlgError`."""


LinAlgError.__name__ = LinAlgError.__qualname__ = "_LinAlgError"


def singular_error(name: str, a: np.ndarray) -> RuntimeError:
    """PyTorch's message for a singular matrix: for inv, LAPACK's LU (partial pivoting) names the
    first diagonal element that comes out zero, counting from 1."""
    batch = a.reshape(-1, *a.shape[-2:])
    for b, m in enumerate(batch):
        u = np.array(m, dtype=np.float64)
        n = u.shape[0]
        for k in range(n):
            p = k + int(np.argmax(np.abs(u[k:, k])))
            if u[p, k] == 0:
                where_ = f"(Batch element {b}): " if a.ndim > 2 else ""
                if name == "linalg.solve":
                    return LinAlgError(
                        f"torch.linalg.solve: {where_}The solver failed because the input "
                        "matrix is singular."
                    )
                return LinAlgError(
                    f"{name}: {where_}The diagonal element {k + 1} is zero, the inversion could "
                    "not be completed because the input matrix is singular."
                )
            u[[k, p]] = u[[p, k]]
            u[k + 1 :] -= np.outer(u[k + 1 :, k] / u[k, k], u[k])
    return LinAlgError(f"{name}: the input matrix is singular.")


def _of_square_matrices(grad_fn: str, name: str, symbol: str, math: str):
    """The registry decorator of det and inv: floating types, square matrices, n³ charged."""
    return primitive(
        grad_fn,
        symbol,
        math,
        _linalg_types(name),
        out_shape=_square(name),
        products=_cubed,
        **_dense,
    )


@_of_square_matrices("LinalgDetBackward0", "linalg.det", "det", r"\det A")
def det(self):
    with np.errstate(over="ignore"):  # beyond the dtype's range: inf, silently, as in PyTorch
        return np.linalg.det(self)


def _det_grad(grad, self, result):
    # d det A / dA = det A · A⁻ᵀ
    scale = (grad * result).unsqueeze(-1).unsqueeze(-1)
    return scale * inv(self).transpose(-1, -2)


det.derivative("self", r"\det A \cdot A^{-T}", _det_grad)


@_of_square_matrices("LinalgInvExBackward0", "linalg.inv", "A⁻¹", r"A^{-1}")
def inv(self):
    try:
        return np.linalg.inv(self)
    except np.linalg.LinAlgError:
        raise singular_error("linalg.inv", self) from None


def _inv_grad(grad, result):
    t = result.transpose(-1, -2)
    return -t.matmul(grad).matmul(t)


inv.derivative("self", r"-A^{-T} \cdot A^{-T}", _inv_grad)


def _is_vector(a, b) -> bool:
    """solve(A, b) reads b as a vector (or a batch of them) when it has one dim fewer than A."""
    return np.ndim(b) == np.ndim(a) - 1


def _solve_shape(self, other):
    if self.ndim < 2 or self.shape[-1] != self.shape[-2]:
        raise RuntimeError(
            "linalg.solve: A must be batches of square matrices, but they are "
            f"{self.shape[-2] if self.ndim > 1 else 1} by {self.shape[-1]} matrices"
        )
    vector = _is_vector(self, other)
    rows = other.shape[-1] if vector else other.shape[-2]
    if rows != self.shape[-1]:
        shown = (*other.shape, 1) if vector else other.shape  # a vector is a column there
        raise RuntimeError(
            "linalg.solve: Incompatible shapes of A and B for the equation AX = B "
            f"({self.shape[-2]}x{self.shape[-1]} and {'x'.join(map(str, shown))})"
        )
    return other.shape


def _solve_types(inputs, params):
    d = promote(inputs, params)[0]
    if not d.is_floating_point:
        raise not_implemented("linalg_solve", d)
    return d, d


@primitive(
    "LinalgSolveExBackward0",
    "solve",
    r"A^{-1} B",
    _solve_types,
    out_shape=_solve_shape,
    products=lambda a, b: _cubed(a) + math.prod(np.shape(b)) * a.shape[-1],
    **_dense,
)
def solve(self, other):
    vector = _is_vector(self, other)
    try:
        out = np.linalg.solve(self, other[..., None] if vector else other)
    except np.linalg.LinAlgError:
        raise singular_error("linalg.solve", self) from None
    return out[..., 0] if vector else out


def _solve_other_grad(grad, self):
    return solve(self.transpose(-1, -2), grad)  # Aᵀ gB = grad


def _solve_self_grad(grad, self, result):
    g = solve(self.transpose(-1, -2), grad)
    if _is_vector(self._data, result._data):
        return -(g.unsqueeze(-1) * result.unsqueeze(-2))
    return -g.matmul(result.transpose(-1, -2))


solve.derivative("self", r"-A^{-T} g\, X^T", _solve_self_grad)
solve.derivative("other", r"A^{-T} g", _solve_other_grad)


def _cross_shape(self, other, *, dim):
    return np.broadcast_shapes(self.shape, other.shape)  # the public function checks dim


@primitive("LinalgCrossBackward0", "×", r"a \times b", promote, out_shape=_cross_shape, **_dense)
def cross(self, other, *, dim):
    return np.cross(*np.broadcast_arrays(self, other), axis=dim)


# (a × b)·g = a·(b × g) = b·(g × a)
cross.derivative("self", r"b \times", lambda grad, other, dim: cross(other, grad, dim=dim))
cross.derivative("other", r"\times a", lambda grad, self, dim: cross(grad, self, dim=dim))


# --- vector norms of any order -------------------------------------------------------------------


def _vector_norm_types(inputs, params):
    d = inputs[0]._dtype
    if not d.is_floating_point:
        raise RuntimeError(
            "linalg.vector_norm: Expected a floating point or complex tensor as input. "
            f"Got {d.type_name}"
        )
    return d, d


@primitive("LinalgVectorNormBackward0", "‖·‖ₚ", r"\lVert a \rVert_p", _vector_norm_types)
def vector_norm(self, *, ord, dim=None, keepdim=False):
    a = np.abs(self)
    if ord == math.inf:
        return np.max(a, axis=dim, keepdims=keepdim)
    if ord == -math.inf:
        return np.min(a, axis=dim, keepdims=keepdim)
    if ord == 0:
        return np.sum(a != 0, axis=dim, keepdims=keepdim).astype(self.dtype)
    if ord == 1:
        return np.sum(a, axis=dim, keepdims=keepdim)
    return np.sum(a**ord, axis=dim, keepdims=keepdim) ** (1.0 / ord)


def _vector_norm_grad(grad, self, result, ord, dim, keepdim):
    g = _restore(grad, dim, keepdim)
    norm = _restore(result, dim, keepdim)
    if ord == 0:
        return self * 0
    if ord == 1:
        return g * self.sign()
    if ord in (math.inf, -math.inf):
        # shared evenly by the elements that reach the max (or min), as PyTorch
        hit = self.abs() == norm
        share = g / hit.sum(dim=dim, keepdim=True) if dim is not None else g / hit.sum()
        return where(share * self.sign(), 0.0, condition=hit)
    # d‖a‖ₚ/da = a |a|^(p-2) / ‖a‖ₚ^(p-1), and 0 where the norm is 0
    scaled = self * self.abs().pow(ord - 2) / norm.pow(ord - 1)
    return where(0.0, g * scaled, condition=norm == 0)


vector_norm.derivative("self", r"\frac{a |a|^{p-2}}{\lVert a \rVert_p^{p-1}}", _vector_norm_grad)


def _dist_shape(self, other, *, p):
    # PyTorch's message when the two cannot broadcast; and the guard hears of a - b, which
    # is made in full before it is reduced to one number (a (1000, 1) against a (1, 10**5))
    guard.check_shape(broadcast_shape(self, other), "dist")
    return ()


@primitive("DistBackward0", "dist", r"\lVert a - b \rVert_p", promote, out_shape=_dist_shape)
def dist(self, other, *, p=2.0):
    return vector_norm.forward(np.subtract(self, other), ord=p)


def _dist_grad(grad, self, other, result, p):
    return _vector_norm_grad(grad, self - other, result, p, None, False)


dist.derivative("self", r"\frac{\partial \lVert d \rVert_p}{\partial d}", _dist_grad)
dist.derivative(
    "other",
    r"-\frac{\partial \lVert d \rVert_p}{\partial d}",
    lambda grad, self, other, result, p: -_dist_grad(grad, self, other, result, p),
)

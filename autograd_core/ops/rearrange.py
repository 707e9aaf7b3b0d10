"""Operations that move elements to new places or blank some out, without computing new values:
tril/triu (the attention tutorials' masks), diagonal and diag_embed, roll, and constant padding.

Each gradient moves back the same way: the gradient of a triangle is the same triangle of the
gradient, a roll's is the opposite roll, a pad's is the crop that undoes it (a pad by a negative
amount), a diagonal's is a zero matrix with the gradient on that diagonal. Those are registry
entries too, so each can be differentiated again.
"""

from __future__ import annotations

import numpy as np

from . import primitive, same

_move = {"local_derivative": False}


# --- triangles: what torch.tril / torch.triu keep -------------------------------------------


def _triangle(grad_fn: str, name: str, keep, latex: str):
    """tril or triu: `keep(a, k)` zeroes one side of diagonal k; the gradient keeps the same
    side of the gradient."""

    def forward(self, *, diagonal=0):
        return keep(self, diagonal)

    forward.__name__ = name
    prim = primitive(grad_fn, name, rf"a_{{ij}}\,{latex}", same, **_move)(forward)
    prim.derivative(
        "self",
        latex,
        lambda grad, diagonal: prim(grad, diagonal=diagonal),
        raw=lambda grad, diagonal: keep(grad, diagonal),
    )
    return prim


tril = _triangle("TrilBackward0", "tril", np.tril, r"[j - i \le k]")
triu = _triangle("TriuBackward0", "triu", np.triu, r"[j - i \ge k]")


# --- diagonals ---------------------------------------------------------------------------------


def _diagonal_places(shape, offset, dim1, dim2):
    """The NumPy key of the diagonal `offset` of dims (dim1, dim2) in an array of `shape`; the
    diagonal's positions come last, as np.diagonal puts them."""
    rows = np.arange(max(0, -offset), min(shape[dim1], shape[dim2] - offset))
    key = [slice(None)] * len(shape)
    key[dim1], key[dim2] = rows, rows + offset
    return tuple(key)


def _diagonal(self, offset, dim1, dim2):
    return np.diagonal(self, offset, dim1, dim2).copy()


def _put_on_diagonal(values, shape, offset, dim1, dim2):
    """Zeros of `shape` with `values` (diagonal positions last) on the diagonal."""
    out = np.zeros(shape, dtype=values.dtype)
    key = _diagonal_places(shape, offset, dim1, dim2)
    # Advanced indices at dim1 and dim2 put the diagonal where dim1 was when the two are
    # adjacent, and first otherwise; move the values' last axis there.
    place = min(dim1, dim2) if abs(dim1 - dim2) == 1 else 0
    out[key] = np.moveaxis(values, -1, place)
    return out


def _diagonal_op(grad_fn: str, name: str):
    def forward(self, *, offset=0, dim1=0, dim2=1):
        return _diagonal(self, offset, dim1, dim2)

    forward.__name__ = name
    prim = primitive(grad_fn, "diag", r"a_{ii}", same, **_move)(forward)
    prim.derivative(
        "self",
        r"e_{ii}",
        lambda grad, self_shape, offset, dim1, dim2: diagonal_backward(
            grad, shape=self_shape, offset=offset, dim1=dim1, dim2=dim2
        ),
        raw=lambda grad, self_shape, offset, dim1, dim2: _put_on_diagonal(
            grad, self_shape, offset, dim1, dim2
        ),
    )
    return prim


diagonal = _diagonal_op("DiagonalBackward0", "diagonal")  # x.diagonal(), torch.diagonal(x)
diag_of_matrix = _diagonal_op("DiagonalBackward0_copy", "diag_of_matrix")  # torch.diag(matrix)


def _given_shape(self, *, shape, **_):
    return shape


@primitive(
    "DiagonalBackwardBackward0", "diag⁻¹", r"e_{ii}\,a", same, out_shape=_given_shape, **_move
)
def diagonal_backward(self, *, shape, offset, dim1, dim2):
    return _put_on_diagonal(self, shape, offset, dim1, dim2)


diagonal_backward.derivative(
    "self",
    r"a_{ii}",
    lambda grad, offset, dim1, dim2: diagonal(grad, offset=offset, dim1=dim1, dim2=dim2),
    raw=lambda grad, offset, dim1, dim2: _diagonal(grad, offset, dim1, dim2),
)


def _embedded_shape(shape, offset, dim1, dim2):
    n = shape[-1] + abs(offset)
    out = list(shape[:-1])
    for d in sorted((dim1, dim2)):
        out.insert(d, n)
    return tuple(out)


def _diag_embed_shape(self, *, offset=0, dim1=-2, dim2=-1):
    """The square matrices' shape, known before they are made (a guard hears it first: a vector
    of n numbers becomes n² of them)."""
    ndim = np.ndim(self) + 1
    return _embedded_shape(np.shape(self), offset, dim1 % ndim, dim2 % ndim)


@primitive(
    "DiagEmbedBackward0",
    "diag",
    r"\operatorname{diag}(a)",
    same,
    out_shape=_diag_embed_shape,
    **_move,
)
def diag_embed(self, *, offset=0, dim1=-2, dim2=-1):
    ndim = self.ndim + 1
    dim1, dim2 = dim1 % ndim, dim2 % ndim
    shape = _embedded_shape(self.shape, offset, dim1, dim2)
    return _put_on_diagonal(self, shape, offset, dim1, dim2)


def _embedded_diagonal(grad, offset, dim1, dim2):
    ndim = len(grad.shape)
    return diagonal(grad, offset=offset, dim1=dim1 % ndim, dim2=dim2 % ndim)


diag_embed.derivative(
    "self",
    r"a_{ii}",
    _embedded_diagonal,
    raw=lambda grad, offset, dim1, dim2: _diagonal(
        grad, offset, dim1 % grad.ndim, dim2 % grad.ndim
    ),
)


# --- roll and pad ------------------------------------------------------------------------------


@primitive("RollBackward0", "roll", "a", same, **_move)
def roll(self, *, shifts, dims):
    if dims is None:  # over the flattened tensor, then back to its shape
        return np.roll(self.reshape(-1), shifts).reshape(self.shape)
    return np.roll(self, shifts, dims)


def _unroll(grad, shifts, dims):
    back = tuple(-s for s in shifts) if isinstance(shifts, tuple) else -shifts
    return roll(grad, shifts=back, dims=dims)


def _unroll_raw(grad, shifts, dims):
    back = tuple(-s for s in shifts) if isinstance(shifts, tuple) else -shifts
    return roll.forward(grad, shifts=back, dims=dims)


roll.derivative("self", "1", _unroll, raw=_unroll_raw)


def _padded_shape(self, *, pad, value=0.0):
    shape = list(np.shape(self))
    for i in range(len(pad) // 2):
        d = len(shape) - 1 - i
        shape[d] += pad[2 * i] + pad[2 * i + 1]
        if shape[d] < 0:
            raise RuntimeError(
                f"The input size {np.shape(self)[d]}, plus negative padding {pad[2 * i]} and "
                f"{pad[2 * i + 1]} resulted in a negative output size, which is invalid. Check "
                f"dimension {d} of your input."
            )
    return tuple(shape)


@primitive("ConstantPadNdBackward0", "pad", "a", same, out_shape=_padded_shape, **_move)
def constant_pad(self, *, pad, value=0.0):
    """`pad` as F.pad takes it: (left, right) of the last dim, then of the one before, ...
    A negative amount crops instead."""
    out = np.full(_padded_shape(self, pad=pad), value, dtype=self.dtype)
    src, dst = [slice(None)] * self.ndim, [slice(None)] * self.ndim
    for i in range(len(pad) // 2):
        d = self.ndim - 1 - i
        left, right = pad[2 * i], pad[2 * i + 1]
        src[d] = slice(max(0, -left), self.shape[d] - max(0, -right))
        dst[d] = slice(max(0, left), out.shape[d] - max(0, right))
    out[tuple(dst)] = self[tuple(src)]
    return out


# The crop that undoes the pad: the same pad with every amount negated (PyTorch's rule too).
constant_pad.derivative(
    "self",
    r"\text{crop}",
    lambda grad, pad: constant_pad(grad, pad=tuple(-p for p in pad)),
    raw=lambda grad, pad: constant_pad.forward(grad, pad=tuple(-p for p in pad)),
)

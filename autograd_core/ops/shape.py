"""Shape operations: they move or copy elements without changing their values, so each
derivative moves the gradient back the same way (a transpose's gradient is transposed back,
a view's gradient is reshaped back, a copy's gradient is summed)."""

from __future__ import annotations

import numpy as np

from .. import dtypes
from . import primitive, same

_shape_op = {"local_derivative": False}
_view = {"local_derivative": False, "view": True}


def _promote_all(inputs, params):
    """cat and stack: every tensor takes part in promotion."""
    out = None
    for x in inputs:
        out = dtypes.promote_types(out, x._dtype)
    return out, out


def _reshaped(grad, self_shape):
    return grad.reshape(self_shape)  # (np.reshape's answer, without its Python wrapper)


def _inverse(perm):
    return tuple(int(i) for i in np.argsort(perm))


@primitive("ViewBackward0", "view", "a", same, **_view)
def view(self, *, shape):
    out = self.view()
    try:
        out.shape = shape  # NumPy refuses (instead of copying) when no view is possible
    except AttributeError:
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
        ) from None
    return out


view.derivative("self", "1", lambda grad, self_shape: grad.reshape(self_shape), raw=_reshaped)


@primitive("ViewBackward0", "reshape", "a", same, **_view)
def reshape(self, *, shape):
    return self.reshape(shape)  # (np.reshape's answer, without its Python wrapper)


reshape.derivative("self", "1", lambda grad, self_shape: grad.reshape(self_shape), raw=_reshaped)


# reshape of a tensor whose values are not in order in memory (torch_functions.reshape decides):
# a view with other strides when one exists, else a contiguous copy (CloneBackward0) given the
# new shape by _unsafe_view, which PyTorch does not count as a view. matmul ends in one too.
@primitive("ReshapeAliasBackward0", "reshape", "a", same, **_view)
def reshape_alias(self, *, shape):
    return self.reshape(shape)


reshape_alias.derivative(
    "self", "1", lambda grad, self_shape: grad.reshape(self_shape), raw=_reshaped
)


@primitive("UnsafeViewBackward0", "reshape", "a", same, **_shape_op)
def unsafe_view(self, *, shape):
    return self.reshape(shape)  # (always of a fresh contiguous result: no copy)


unsafe_view.derivative(
    "self", "1", lambda grad, self_shape: grad.reshape(self_shape), raw=_reshaped
)


@primitive("UnsqueezeBackward0", "unsqueeze", "a", same, **_view)
def unsqueeze(self, *, dim):
    return np.expand_dims(self, dim)


unsqueeze.derivative(
    "self", "1", lambda grad, dim: grad.squeeze(dim), raw=lambda grad, dim: np.squeeze(grad, dim)
)


@primitive("SqueezeBackward0", "squeeze", "a", same, **_view)
def squeeze(self):
    return np.squeeze(self)


squeeze.derivative("self", "1", lambda grad, self_shape: grad.reshape(self_shape), raw=_reshaped)


@primitive("SqueezeBackward1", "squeeze", "a", same, **_view)
def squeeze_dim(self, *, dim):
    return np.squeeze(self, axis=dim) if self.shape[dim] == 1 else self.view()


squeeze_dim.derivative(
    "self", "1", lambda grad, self_shape: grad.reshape(self_shape), raw=_reshaped
)


@primitive("SqueezeBackward4", "squeeze", "a", same, **_view)
def squeeze_matmul(self, *, dim):  # vector @ matrix: PyTorch squeezes the helper dim in place
    return np.squeeze(self, axis=dim)


squeeze_matmul.derivative(
    "self", "1", lambda grad, self_shape: grad.reshape(self_shape), raw=_reshaped
)


@primitive("SqueezeBackward2", "squeeze", "a", same, **_view)
def squeeze_dims(self, *, dim):
    return np.squeeze(self, axis=tuple(d for d in dim if self.shape[d] == 1))


squeeze_dims.derivative(
    "self", "1", lambda grad, self_shape: grad.reshape(self_shape), raw=_reshaped
)


@primitive("TransposeBackward0", "transpose", "a^T", same, **_view)
def transpose(self, *, dim0, dim1):
    return np.swapaxes(self, dim0, dim1)


transpose.derivative(
    "self",
    "1",
    lambda grad, dim0, dim1: grad.transpose(dim0, dim1),
    raw=lambda grad, dim0, dim1: np.swapaxes(grad, dim0, dim1),
)


@primitive("TBackward0", "t", "a^T", same, **_view)
def t(self):
    return self.T


t.derivative("self", "1", lambda grad: grad.t(), raw=np.transpose)


@primitive("PermuteBackward0", "permute", "a^T", same, **_view)
def permute(self, *, dims):
    return np.transpose(self, dims)


permute.derivative(
    "self",
    "1",
    lambda grad, dims: grad.permute(_inverse(dims)),
    raw=lambda grad, dims: np.transpose(grad, _inverse(dims)),
)


def _expand_shape(self, *, shape):
    return shape


@primitive("ExpandBackward0", "expand", "a", same, out_shape=_expand_shape, **_view)
def expand(self, *, shape):
    return np.broadcast_to(self, shape)


# The gradient of a broadcast is a sum over the copies. We return it unreduced on purpose: the
# engine's single `sum_to` (ops/__init__.py) is the one place where broadcasting is undone.
expand.derivative(
    "self", r"1 \text{ (summed over the copies)}", lambda grad: grad, raw=lambda grad: grad
)


@primitive("FlipBackward0", "flip", "a", same, **_shape_op)
def flip(self, *, dims):
    return np.flip(self, dims).copy()


flip.derivative(
    "self", "1", lambda grad, dims: grad.flip(dims), raw=lambda grad, dims: np.flip(grad, dims)
)


def _repeat_shape(self, *, repeats):
    shape = (1,) * (len(repeats) - np.ndim(self)) + np.shape(self)
    return tuple(s * r for s, r in zip(shape, repeats))


@primitive("RepeatBackward0", "repeat", "a", same, out_shape=_repeat_shape, **_shape_op)
def repeat(self, *, repeats):
    shape = (1,) * (len(repeats) - self.ndim) + self.shape
    return np.tile(self.reshape(shape), repeats)


def _repeat_grad(grad, self_shape, repeats):
    # Each copy gets its own block of the gradient; the input's gradient is the sum of the blocks.
    shape = (1,) * (len(repeats) - len(self_shape)) + tuple(self_shape)
    split = []
    for r, s in zip(repeats, shape):
        split += [r, s]
    summed = grad.reshape(split).sum(dim=tuple(range(0, 2 * len(shape), 2)))
    return summed.reshape(self_shape)


repeat.derivative("self", r"1 \text{ (summed over the copies)}", _repeat_grad)


def _cat_shape(*tensors, dim):
    shape = list(np.shape(tensors[0]))
    shape[dim] = sum(np.shape(t)[dim] for t in tensors)
    return shape


@primitive("CatBackward0", "cat", "[a; b]", _promote_all, out_shape=_cat_shape, **_shape_op)
def cat(*tensors, dim):
    return np.concatenate(tensors, axis=dim)


def _cat_grad(grad, shapes, dim):
    grads, start = [], 0
    for shape in shapes:
        size = shape[dim] if len(shape) else 0
        grads.append(grad.narrow(dim, start, size))
        start += size
    return tuple(grads)


cat.derivative("tensors", "1", _cat_grad)


def _stack_shape(*tensors, dim):
    shape = list(np.shape(tensors[0]))
    shape.insert(dim, len(tensors))
    return shape


@primitive("StackBackward0", "stack", "[a, b]", _promote_all, out_shape=_stack_shape, **_shape_op)
def stack(*tensors, dim):
    return np.stack(tensors, axis=dim)


stack.derivative("tensors", "1", lambda grad, dim: tuple(grad.unbind(dim)))


# --- unfold: sliding windows along one dim (im2col's building block) ----------------------------


def _windows(length: int, size: int, step: int) -> np.ndarray:
    """(windows, size): the input positions each window covers, window by window."""
    count = (length - size) // step + 1
    return np.arange(count)[:, None] * step + np.arange(size)[None, :]


def _unfolded_shape(self, *, dim, size, step):
    """The windows' shape, told to a guard before they are made: a view costs no memory, but
    what is computed from it would (x.unfold(0, 1000, 1) of a million numbers: a billion)."""
    shape = list(np.shape(self))
    if not shape:
        return (size,)
    shape[dim] = (shape[dim] - size) // step + 1
    return (*shape, size)


@primitive(
    "UnfoldBackward0",
    "unfold",
    r"\text{windows}(a)",
    same,
    out_shape=_unfolded_shape,
    **_view,
)
def unfold_dim(self, *, dim, size, step):
    """Every window of `size` elements along dim, `step` apart, as a new last dim (a view:
    overlapping windows share their elements, so nothing may be written through it)."""
    if not self.ndim:  # a 0-d tensor is one window of its one number (or of none)
        return np.lib.stride_tricks.sliding_window_view(self.reshape(1), size)[0]
    windows = np.lib.stride_tricks.sliding_window_view(self, size, axis=dim)
    return windows[(slice(None),) * dim + (slice(None, None, step),)]


@primitive("UnfoldBackwardBackward0", "fold", r"\sum \text{windows}", same, **_shape_op)
def unfold_dim_backward(self, *, input_shape, dim, size, step):
    """Each window's gradient added back to the input positions it covered (overlaps add)."""
    if not input_shape:  # the one window of a 0-d tensor
        return np.asarray(self.sum(), dtype=self.dtype)
    out = np.zeros(input_shape, dtype=self.dtype)
    windows = _windows(out.shape[dim], size, step)
    moved = np.moveaxis(out, dim, -1)  # (..., length): a view of out
    grads = np.moveaxis(self, dim, -2)  # (..., windows, size)
    np.add.at(moved, (Ellipsis, windows), grads)
    return out


unfold_dim.derivative(
    "self",
    r"\sum \text{windows}",
    lambda grad, self_shape, dim, size, step: unfold_dim_backward(
        grad, input_shape=self_shape, dim=dim, size=size, step=step
    ),
)
unfold_dim_backward.derivative(
    "self",
    r"\text{windows}",
    lambda grad, dim, size, step: unfold_dim(grad, dim=dim, size=size, step=step),
)

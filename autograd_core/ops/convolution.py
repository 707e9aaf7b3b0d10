"""2-D convolution and pooling, as an image classifier tutorial uses them (nn.Conv2d,
F.max_pool2d, F.avg_pool2d), and the two rearrangements they are built on.

`unfold` copies every window of an image into a column (N, C, H, W) -> (N, C*kh*kw, L), L the
number of windows; `fold` adds columns back into an image, each value to the pixel it came from.
They are each other's adjoint, so each is the other's derivative. With them a convolution is a
matrix product (the kernels as rows times the columns) and its gradients are too: the input's
is the kernels' transpose times the gradient, folded back; the kernels' is the gradient times
the columns. Pooling picks (max) or averages within each window, and sends the gradient back
to the picked pixel or spreads it evenly, again through `fold`. All derivatives are written
with tensor ops, so they can be differentiated again.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .. import guard
from ..tensor import Tensor
from . import primitive, same

_layer = {"local_derivative": False}


def _pair(value) -> tuple[int, int]:
    return (value, value) if isinstance(value, int) else tuple(value)


def out_size(size: int, kernel: int, stride: int, padding: int, dilation: int) -> int:
    """Windows along one side: PyTorch's (size + 2p - d(k - 1) - 1) // s + 1."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def _windows(x: np.ndarray, kernel_size, stride, padding, dilation, fill=0.0) -> np.ndarray:
    """(N, C, H, W) -> (N, C, kh, kw, oh, ow): each window's pixels (a view where possible)."""
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = kernel_size, stride, padding, dilation
    if ph or pw:
        x = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=fill)
    span = (dh * (kh - 1) + 1, dw * (kw - 1) + 1)
    views = sliding_window_view(x, span, axis=(2, 3))[:, :, ::sh, ::sw, ::dh, ::dw]
    return views.transpose(0, 1, 4, 5, 2, 3)


def _fold_arrays(cols: np.ndarray, output_size, kernel_size, stride, padding, dilation):
    """The adjoint of _windows: (N, C, kh, kw, oh, ow) summed back into (N, C, H, W).

    One strided addition per kernel position, or per window if there are fewer windows than
    kernel positions: at most about the square root of the number of values, so a huge kernel
    cannot make a Python loop long."""
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = kernel_size, stride, padding, dilation
    n, c, _, _, oh, ow = cols.shape
    height, width = output_size
    image = np.zeros((n, c, height + 2 * ph, width + 2 * pw), cols.dtype)
    if kh * kw <= oh * ow:
        for i in range(kh):
            for j in range(kw):
                rows = slice(i * dh, i * dh + sh * (oh - 1) + 1, sh)
                columns = slice(j * dw, j * dw + sw * (ow - 1) + 1, sw)
                image[:, :, rows, columns] += cols[:, :, i, j]
    else:
        for u in range(oh):
            for v in range(ow):
                rows = slice(u * sh, u * sh + dh * (kh - 1) + 1, dh)
                columns = slice(v * sw, v * sw + dw * (kw - 1) + 1, dw)
                image[:, :, rows, columns] += cols[:, :, :, :, u, v]
    return image[:, :, ph : ph + height, pw : pw + width]


# --- unfold and fold ----------------------------------------------------------------------------


def _unfolded_shape(self, *, kernel_size, dilation, padding, stride):
    n, c, h, w = np.shape(self)
    oh, ow = (
        out_size(s, k, st, p, d)
        for s, k, st, p, d in zip((h, w), kernel_size, stride, padding, dilation, strict=True)
    )
    return (n, c * kernel_size[0] * kernel_size[1], oh * ow)


@primitive(
    "Im2ColBackward0", "unfold", r"\text{im2col}(a)", same, out_shape=_unfolded_shape, **_layer
)
def unfold(self, *, kernel_size, dilation, padding, stride):
    windows = _windows(self, kernel_size, stride, padding, dilation)
    n, c, kh, kw, oh, ow = windows.shape
    return windows.reshape(n, c * kh * kw, oh * ow)


def _folded_shape(self, *, output_size, kernel_size, dilation, padding, stride):
    n, ckk, _ = np.shape(self)
    return (n, ckk // (kernel_size[0] * kernel_size[1]), *output_size)


@primitive("Col2ImBackward0", "fold", r"\text{col2im}(a)", same, out_shape=_folded_shape, **_layer)
def fold(self, *, output_size, kernel_size, dilation, padding, stride):
    n, ckk, _ = self.shape
    kh, kw = kernel_size
    oh, ow = (
        out_size(s, k, st, p, d)
        for s, k, st, p, d in zip(output_size, kernel_size, stride, padding, dilation, strict=True)
    )
    cols = self.reshape(n, ckk // (kh * kw), kh, kw, oh, ow)
    return _fold_arrays(cols, output_size, kernel_size, stride, padding, dilation)


unfold.derivative(
    "self",
    r"\text{col2im}(g)",
    lambda grad, self, kernel_size, dilation, padding, stride: fold(
        grad,
        output_size=tuple(self.shape[2:]),
        kernel_size=kernel_size,
        dilation=dilation,
        padding=padding,
        stride=stride,
    ),
)
fold.derivative(
    "self",
    r"\text{im2col}(g)",
    lambda grad, kernel_size, dilation, padding, stride: unfold(
        grad, kernel_size=kernel_size, dilation=dilation, padding=padding, stride=stride
    ),
)


# --- convolution --------------------------------------------------------------------------------


def _convolution_types(inputs, params):
    d = inputs[0]._dtype
    for other in inputs[1:]:
        if isinstance(other, Tensor) and other._dtype is not d:
            raise RuntimeError(
                f"expected scalar type {d.type_name} but found {other._dtype.type_name}"
            )
    if not d.is_floating_point:
        raise RuntimeError(f"\"slow_conv2d_cpu\" not implemented for '{d.type_name}'")
    return d, d


def _convolution_shape(input, weight, bias, *, stride, padding, dilation):
    n, _, h, w = np.shape(input)
    o, _, kh, kw = np.shape(weight)
    oh, ow = (
        out_size(s, k, st, p, d)
        for s, k, st, p, d in zip((h, w), (kh, kw), stride, padding, dilation, strict=True)
    )
    return (n, o, oh, ow)


@primitive(
    "ConvolutionBackward0",
    "conv",
    r"W \star a + b",
    _convolution_types,
    out_shape=_convolution_shape,
    **_layer,
)
def convolution(input, weight, bias, *, stride, padding, dilation):
    windows = _windows(input, weight.shape[2:], stride, padding, dilation)
    out = np.einsum("nckluv,ockl->nouv", windows, weight, optimize=True)
    return out + bias.reshape(1, -1, 1, 1) if bias is not None else out


def _columns_of(grad):
    n, o = grad.shape[:2]
    return grad.reshape(n, o, -1)  # (N, O, L): one row per output channel


def _convolution_input_grad(grad, weight, input, stride, padding, dilation):
    kernels = weight.reshape(weight.shape[0], -1)  # (O, C*kh*kw)
    cols = kernels.t().matmul(_columns_of(grad))  # (N, C*kh*kw, L)
    return fold(
        cols,
        output_size=tuple(input.shape[2:]),
        kernel_size=tuple(weight.shape[2:]),
        dilation=dilation,
        padding=padding,
        stride=stride,
    )


def _convolution_weight_grad(grad, input, weight, stride, padding, dilation):
    cols = unfold(
        input,
        kernel_size=tuple(weight.shape[2:]),
        dilation=dilation,
        padding=padding,
        stride=stride,
    )
    return _columns_of(grad).matmul(cols.transpose(1, 2)).sum(0).reshape(weight.shape)


convolution.derivative("input", r"W^\top \star g", _convolution_input_grad)
convolution.derivative("weight", r"g \star a", _convolution_weight_grad)
convolution.derivative("bias", r"\textstyle\sum g", lambda grad: grad.sum((0, 2, 3)))


# --- pooling ------------------------------------------------------------------------------------


def _pooled_shape(self, *, kernel_size, stride, padding, dilation=(1, 1), **_):
    n, c, h, w = np.shape(self)
    oh, ow = (
        out_size(s, k, st, p, d)
        for s, k, st, p, d in zip((h, w), kernel_size, stride, padding, dilation, strict=True)
    )
    return (n, c, oh, ow)


def _float_pool(kernel: str):
    def rule(inputs, params):
        d = inputs[0]._dtype
        if d.name == "bool":
            raise RuntimeError(f"\"{kernel}\" not implemented for 'Bool'")
        return d, d

    return rule


def _flat_windows(self, kernel_size, stride, padding, dilation, fill):
    windows = _windows(self, kernel_size, stride, padding, dilation, fill)
    n, c, kh, kw, oh, ow = windows.shape
    # The windows overlap (a view); the reshape copies every window's pixels: a 14 x 14 kernel
    # at stride 1 over a 1000 x 1000 image is 190 million numbers from a 1-million one
    guard.check_numel(windows.size, "pooling windows")
    return windows.reshape(n, c, kh * kw, oh, ow)


@primitive(
    "MaxPool2DWithIndicesBackward0",
    "max pool",
    r"\max_{\text{window}} a",
    _float_pool("max_pool2d"),
    out_shape=_pooled_shape,
    **_layer,
)
def max_pool2d(self, *, kernel_size, stride, padding, dilation):
    windows = _flat_windows(self, kernel_size, stride, padding, dilation, -np.inf)
    return windows.max(axis=2)


def _max_pool_grad(grad, self, kernel_size, stride, padding, dilation):
    """The gradient goes to the first largest pixel of each window (as PyTorch's kernel picks),
    through a mask of the picked pixels, then fold: a pixel picked by several windows gets all
    their gradients."""
    windows = _flat_windows(self._data, kernel_size, stride, padding, dilation, -np.inf)
    picked = windows.argmax(axis=2)
    n, c, kk, oh, ow = windows.shape
    mask = np.zeros(windows.shape, self._data.dtype)
    np.put_along_axis(mask, picked[:, :, None], 1, axis=2)
    spread = Tensor._make(mask, self._dtype) * grad.reshape(n, c, 1, oh, ow)
    return fold(
        spread.reshape(n, c * kk, oh * ow),
        output_size=tuple(self.shape[2:]),
        kernel_size=kernel_size,
        dilation=dilation,
        padding=padding,
        stride=stride,
    )


max_pool2d.derivative("self", r"[\text{picked}]", _max_pool_grad)


@primitive(
    "AvgPool2DBackward0",
    "avg pool",
    r"\overline{a}_{\text{window}}",
    _float_pool("avg_pool2d"),
    out_shape=_pooled_shape,
    **_layer,
)
def avg_pool2d(self, *, kernel_size, stride, padding):
    windows = _flat_windows(self, kernel_size, stride, padding, (1, 1), 0.0)
    return windows.mean(axis=2, dtype=self.dtype)


def _avg_pool_grad(grad, self, kernel_size, stride, padding):
    n, c = self.shape[:2]
    oh, ow = grad.shape[2:]
    kk = kernel_size[0] * kernel_size[1]
    spread = (grad / kk).reshape(n, c, 1, oh * ow).expand(n, c, kk, oh * ow)
    return fold(
        spread.reshape(n, c * kk, oh * ow),
        output_size=tuple(self.shape[2:]),
        kernel_size=kernel_size,
        dilation=(1, 1),
        padding=padding,
        stride=stride,
    )


avg_pool2d.derivative("self", r"\tfrac{1}{k^2}", _avg_pool_grad)

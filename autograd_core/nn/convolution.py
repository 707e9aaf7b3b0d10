"""Convolution and pooling for images: F.conv2d, F.max_pool2d, F.avg_pool2d, F.unfold, F.fold
and the layers nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d, with PyTorch's argument checks and
messages. The arithmetic and the derivatives are in ops/convolution.py.

Inputs are (N, C, H, W) batches, or one (C, H, W) image, which PyTorch treats as a batch of
one and squeezes back (so its grad_fn is SqueezeBackward1, as there).
"""

from __future__ import annotations

from typing import Any

from .. import creation, guard
from ..ops import check_tensor_inputs
from ..ops import convolution as C
from ..tensor import Tensor
from . import init
from .module import Module
from .parameter import Parameter


def _pair(value: Any, name: str = "kernel_size") -> tuple[int, int]:
    if isinstance(value, int):
        return (value, value)
    pair = tuple(value)
    if len(pair) == 1:
        return (pair[0], pair[0])
    if len(pair) != 2 or not all(isinstance(v, int) for v in pair):
        raise RuntimeError(f"{name} must either be a single int, or a tuple of two ints")
    return pair


def _batched(input: Tensor, function: str) -> tuple[Tensor, bool]:
    """(input as a 4-D batch, whether it was one 3-D image)."""
    if input.ndim == 3:
        return input.unsqueeze(0), True
    if input.ndim != 4:
        raise RuntimeError(
            f"Expected 3D (unbatched) or 4D (batched) input to {function}, but got input of "
            f"size: {list(input.shape)}"
        )
    return input, False


def conv2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
) -> Tensor:
    """Slide each of weight's (out_channels) kernels over the image: a weighted sum of each
    window, plus that kernel's bias."""
    if groups != 1:
        raise NotImplementedError("conv2d with groups > 1 is not available in the playground")
    batch, single = _batched(input, "conv2d")
    stride, dilation = _pair(stride, "stride"), _pair(dilation, "dilation")
    kernel = tuple(weight.shape[2:])
    if padding == "valid":
        padding = (0, 0)
    elif padding == "same":
        if stride != (1, 1):
            raise RuntimeError("padding='same' is not supported for strided convolutions")
        total = [d * (k - 1) for d, k in zip(dilation, kernel, strict=True)]
        if any(t % 2 for t in total):
            raise NotImplementedError(
                "padding='same' with an even kernel is not available in the playground"
            )
        padding = (total[0] // 2, total[1] // 2)
    else:
        padding = _pair(padding, "padding")
    _check_conv(batch, weight, bias, padding, dilation)
    # Charged like a matrix product, before it runs: each output value is a sum over one
    # window of every input channel.
    n, c = batch.shape[:2]
    out_h, out_w = (
        C.out_size(*side)
        for side in zip(batch.shape[2:], kernel, stride, padding, dilation, strict=True)
    )
    guard.check_products(n * weight.shape[0] * out_h * out_w * c * kernel[0] * kernel[1], "conv2d")
    out = C.convolution(batch, weight, bias, stride=stride, padding=padding, dilation=dilation)
    return out.squeeze(0) if single else out


def _check_conv(batch: Tensor, weight: Tensor, bias: Any, padding, dilation) -> None:
    if weight.ndim != 4:
        raise RuntimeError(
            f"weight should have at least three dimensions, but got weight of size "
            f"{list(weight.shape)}"
            if weight.ndim < 3
            else f"Expected 4-dimensional weight for 4-dimensional input {list(batch.shape)}, "
            f"but got {weight.ndim}-dimensional weight of size {list(weight.shape)} instead"
        )
    if batch.shape[1] != weight.shape[1]:
        raise RuntimeError(
            f"Given groups=1, weight of size {list(weight.shape)}, expected input"
            f"{list(batch.shape)} to have {weight.shape[1]} channels, but got {batch.shape[1]} "
            "channels instead"
        )
    if bias is not None and tuple(bias.shape) != (weight.shape[0],):
        raise RuntimeError(
            f"Given weight of size {list(weight.shape)}, expected bias to be 1-dimensional with "
            f"{weight.shape[0]} elements, but got bias of size {list(bias.shape)} instead"
        )
    padded = [s + 2 * p for s, p in zip(batch.shape[2:], padding, strict=True)]
    spans = [d * (k - 1) + 1 for d, k in zip(dilation, weight.shape[2:], strict=True)]
    if any(p < s for p, s in zip(padded, spans, strict=True)):
        raise RuntimeError(
            f"Calculated padded input size per channel: ({padded[0]} x {padded[1]}). Kernel "
            f"size: ({spans[0]} x {spans[1]}). Kernel size can't be greater than actual input size"
        )


def _pool_arguments(input: Tensor, kernel_size, stride, padding, dilation, function: str):
    kernel = _pair(kernel_size)
    stride = kernel if stride is None or stride == [] else _pair(stride, "stride")
    padding, dilation = _pair(padding, "padding"), _pair(dilation, "dilation")
    for p, k in zip(padding, kernel, strict=True):
        if p > k // 2:
            raise RuntimeError(
                f"pad should be at most half of effective kernel size, but got pad={p}, "
                f"kernel_size={k} and dilation={dilation[0]}"
            )
    batch, single = _batched(input, function)
    size = [
        C.out_size(s, k, st, p, d)
        for s, k, st, p, d in zip(batch.shape[2:], kernel, stride, padding, dilation, strict=True)
    ]
    if min(size) < 1:
        n, h, w = batch.shape[1], *batch.shape[2:]
        raise RuntimeError(
            f"Given input size: ({n}x{h}x{w}). Calculated output size: ({n}x{size[0]}x{size[1]})."
            " Output size is too small"
        )
    return batch, single, kernel, stride, padding, dilation


def max_pool2d(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    dilation: Any = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tensor:
    """The largest value of each window (windows kernel_size apart unless stride says)."""
    if ceil_mode or return_indices:
        raise NotImplementedError(
            "max_pool2d with ceil_mode or return_indices is not available in the playground"
        )
    batch, single, kernel, stride, padding, dilation = _pool_arguments(
        input, kernel_size, stride, padding, dilation, "max_pool2d"
    )
    out = C.max_pool2d(batch, kernel_size=kernel, stride=stride, padding=padding, dilation=dilation)
    return out.squeeze(0) if single else out


def avg_pool2d(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: Any = None,
) -> Tensor:
    """The mean of each window (padding counted as zeros, as PyTorch's default)."""
    if ceil_mode or not count_include_pad or divisor_override is not None:
        raise NotImplementedError(
            "avg_pool2d with ceil_mode, count_include_pad=False or divisor_override is not "
            "available in the playground"
        )
    batch, single, kernel, stride, padding, _ = _pool_arguments(
        input, kernel_size, stride, padding, 1, "avg_pool2d"
    )
    out = C.avg_pool2d(batch, kernel_size=kernel, stride=stride, padding=padding)
    return out.squeeze(0) if single else out


def unfold(input: Tensor, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1):
    """Every window of a (N, C, H, W) batch as a column: (N, C*kh*kw, number of windows)."""
    if input.ndim != 4:
        raise NotImplementedError("unfold of inputs other than 4-D batches is not available here")
    return C.unfold(
        input,
        kernel_size=_pair(kernel_size),
        dilation=_pair(dilation, "dilation"),
        padding=_pair(padding, "padding"),
        stride=_pair(stride, "stride"),
    )


def fold(
    input: Tensor,
    output_size: Any,
    kernel_size: Any,
    dilation: Any = 1,
    padding: Any = 0,
    stride: Any = 1,
):
    """The reverse of unfold: columns added back into an image of output_size."""
    if input.ndim != 3:
        raise NotImplementedError("fold of inputs other than 3-D batches is not available here")
    size, kernel = _pair(output_size, "output_size"), _pair(kernel_size)
    dilation, padding, stride = (
        _pair(dilation, "dilation"),
        _pair(padding, "padding"),
        _pair(stride),
    )
    if input.shape[1] % (kernel[0] * kernel[1]):
        raise RuntimeError(
            "Expected size of input's dimension 1 to be divisible by the product of "
            f"kernel_size, but got input.size(1)={input.shape[1]} and kernel_size={kernel}"
        )
    blocks = [
        C.out_size(*sides) for sides in zip(size, kernel, stride, padding, dilation, strict=True)
    ]
    if input.shape[2] != blocks[0] * blocks[1]:
        raise RuntimeError(
            f"Given output_size={size}, kernel_size={kernel}, dilation={dilation}, "
            f"padding={padding}, stride={stride}, expected size of input's dimension 2 to match "
            f"the calculated number of sliding blocks {blocks[0]} * {blocks[1]} = "
            f"{blocks[0] * blocks[1]}, but got input.size(2)={input.shape[2]}."
        )
    return C.fold(
        input,
        output_size=size,
        kernel_size=kernel,
        dilation=dilation,
        padding=padding,
        stride=stride,
    )


# F.conv2d([1.0], w) says what PyTorch says (see ops.takes_tensor).
check_tensor_inputs(globals())


# --- layers -------------------------------------------------------------------------------------


class Conv2d(Module):
    """out_channels kernels of in_channels x kernel_size, each slid over the image. Initialised as
    PyTorch does: weight and bias uniform in ±1/√(in_channels·kh·kw)."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Any,
        stride: Any = 1,
        padding: Any = 0,
        dilation: Any = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        if groups != 1 or padding_mode != "zeros":
            raise NotImplementedError(
                "Conv2d with groups or a padding_mode other than 'zeros' is not available in the "
                "playground"
            )
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = _pair(kernel_size)
        self.stride, self.dilation = _pair(stride, "stride"), _pair(dilation, "dilation")
        self.padding = padding if isinstance(padding, str) else _pair(padding, "padding")
        self.groups, self.padding_mode = groups, padding_mode
        self.weight = Parameter(
            creation.empty(out_channels, in_channels, *self.kernel_size, dtype=dtype)
        )
        if bias:
            self.bias = Parameter(creation.empty(out_channels, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        init._reset_layer(self.weight, self.bias)

    def forward(self, input: Tensor) -> Tensor:
        return conv2d(input, self.weight, self.bias, self.stride, self.padding, self.dilation)

    def extra_repr(self) -> str:
        text = (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}"
        )
        if self.padding not in ((0, 0), "valid"):
            text += f", padding={self.padding}"  # PyTorch shows padding='same' as padding=same
        if self.dilation != (1, 1):
            text += f", dilation={self.dilation}"
        if self.bias is None:
            text += ", bias=False"
        return text


class MaxPool2d(Module):
    """The largest value of each kernel_size window."""

    def __init__(
        self,
        kernel_size: Any,
        stride: Any = None,
        padding: Any = 0,
        dilation: Any = 1,
        return_indices: bool = False,
        ceil_mode: bool = False,
    ) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def forward(self, input: Tensor) -> Tensor:
        return max_pool2d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.dilation,
            self.ceil_mode,
            self.return_indices,
        )

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class AvgPool2d(Module):
    """The mean of each kernel_size window."""

    def __init__(
        self,
        kernel_size: Any,
        stride: Any = None,
        padding: Any = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
        divisor_override: Any = None,
    ) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.ceil_mode = padding, ceil_mode
        self.count_include_pad, self.divisor_override = count_include_pad, divisor_override

    def forward(self, input: Tensor) -> Tensor:
        return avg_pool2d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.ceil_mode,
            self.count_include_pad,
            self.divisor_override,
        )

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"

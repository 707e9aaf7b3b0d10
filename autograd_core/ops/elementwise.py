"""Elementwise functions: each output element depends on the matching input element only, so
the local derivative is a number per element and the gradient is `grad * f'(a)`."""

from __future__ import annotations

import math
import struct
from collections.abc import Callable

import numpy as np

from .. import dtypes
from . import (
    as_requested,
    broadcast_shape,
    floating,
    not_implemented,
    primitive,
    promote,
    promote_float,
    same,
    scalar_kernel,
)

# --- the 0-d fast path of + - * / (used by arithmetic.py, and by the raw derivatives below) ----
# NumPy spends ~1.5 µs on one operation between 0-d arrays (and returns a scalar that must be
# wrapped again); the same operation on Python floats takes nanoseconds. It is also exact: a
# float64 operation is the same IEEE operation in Python, and for float32 operands +, -, *, /
# computed in double and rounded once to float32 give the correctly rounded float32 result, which
# is what NumPy computes (double has more than twice float32's precision, so the double rounding
# is harmless). A Python number is first rounded to float32, as NumPy does with it.
_F32, _F64 = np.dtype(np.float32), np.dtype(np.float64)
_EXACT_INT = 2**24  # integers up to this size are exact in float32


def scalar_pair(self, other):
    """(a, b) as Python floats when `self` is a 0-d float32/float64 array and `other` a number or
    a 0-d array of the same dtype; None otherwise (NumPy then computes as usual). The caller's
    result is a Python float, which apply rounds once to the dtype."""
    if type(self) is not np.ndarray or self.ndim:
        return None
    kind = self.dtype
    if kind is not _F32 and kind is not _F64:
        return None
    t = type(other)
    if t is float:
        b = other if kind is _F64 else _ROUNDED.get(other) or as_float32(other)
    elif t is int and -_EXACT_INT <= other <= _EXACT_INT:
        b = float(other)
    elif t is np.ndarray and not other.ndim and other.dtype is kind:
        b = other.item()
    elif t is kind.type:  # a NumPy scalar of the same type (what 0-d arithmetic returns)
        b = float(other)
    else:
        return None
    return self.item(), b


def round32(value: float) -> float:
    """A double rounded to the nearest float32 (C's conversion, which NumPy's float32 operations
    end with), kept as a Python float: the scalar derivatives' rounding step. Beyond float32's
    range it is inf, as NumPy's cast gives it."""
    try:
        return _unpack_f32(_pack_f32(value))[0]
    except OverflowError:  # finite, but rounds to infinity
        return math.copysign(math.inf, value)


_pack_f32, _unpack_f32 = struct.Struct("f").pack, struct.Struct("f").unpack


def as_float32(value: float) -> float:
    """A Python float rounded to float32 (as NumPy rounds it), remembered in _ROUNDED: the same
    few constants (a learning rate, 1.0001, 2.0) come back in every step of a loop, and building
    a NumPy scalar to round one costs more than the arithmetic it feeds. Zeros are not kept
    (0.0 and -0.0 are one key, and `or` above would skip them anyway), nor NaN (equal to
    nothing). A number beyond float32's range rounds to inf, as in PyTorch, without NumPy's
    overflow warning."""
    with np.errstate(over="ignore"):
        rounded = float(np.float32(value))
    if value and value == value:
        if len(_ROUNDED) >= 4096:  # a program that uses very many different numbers
            _ROUNDED.clear()
        _ROUNDED[value] = rounded
    return rounded


_ROUNDED: dict[float, float] = {}


def multiply(self, other):
    """self * other on arrays (and numbers): mul's forward, and the raw derivatives' product."""
    pair = scalar_pair(self, other)
    return self * other if pair is None else pair[0] * pair[1]


def _unary(grad_fn: str, symbol: str, math: str, rule=promote_float):
    return primitive(grad_fn, symbol, math, rule)


def _not_for_bools(error: Callable[[], Exception]):
    """The input's own type; bools are refused with PyTorch's `error()` for this op."""

    def rule(inputs, params):
        d = inputs[0]._dtype
        if d is dtypes.bool_:
            raise error()
        return d, d

    return rule


def _flat(grad):
    """The derivative of a step function: zero (PyTorch's grad * 0, so nan and inf give nan)."""
    return grad * 0


# Up to this many elements, float32 exp/sin/... are evaluated in float64 and rounded once.
EXACT_UP_TO = 256


def _rounded(fn, x):
    """fn(x), evaluated in float64 and rounded once to float32 for tensors a learner reads digit
    by digit.

    PyTorch's float32 exp, sin, ... agree with the correctly rounded value far more often than
    NumPy's fast float32 versions (1 ulp off in up to half the cases), and the difference shows
    in `x.item()`. Beyond EXACT_UP_TO elements (training batches) the float64 detour would cost
    up to twice the time for digits nobody prints, so NumPy's float32 kernel is used. (A plain
    function of fn and x, not a wrapper made per call: this runs in every exp, sin, tanh ...)"""
    kind = x.dtype
    if (kind is _FLOAT32 or kind == _FLOAT32) and x.size <= EXACT_UP_TO:
        if not x.ndim:  # one number: NumPy computes on a Python float exactly as on a 0-d
            # float64 array, without two casts of arrays; rounded straight into a 0-d array
            # (np.float32(...) would be a scalar that apply must then convert again)
            return np.asarray(fn(x.item()), _FLOAT32)
        return fn(x.astype(np.float64)).astype(np.float32)
    return fn(x)


_FLOAT32 = np.dtype(np.float32)


@scalar_kernel(np.exp)
@_unary("ExpBackward0", "exp", "e^{a}")
def exp(self):
    return _rounded(np.exp, self)


exp.derivative(
    "self",
    "e^{a}",
    lambda grad, result: grad * result,
    raw=multiply,
    scalar=lambda grad, result: round32(grad * result),
)


@scalar_kernel(np.log)
@_unary("LogBackward0", "log", r"\ln a")
def log(self):
    return _rounded(np.log, self)


log.derivative("self", r"\frac{1}{a}", lambda grad, self: grad / self, raw=np.true_divide)


@scalar_kernel(np.log2)
@_unary("Log2Backward0", "log₂", r"\log_2 a")
def log2(self):
    return _rounded(np.log2, self)


log2.derivative(
    "self",
    r"\frac{1}{a \ln 2}",
    lambda grad, self: grad / (self * float(np.log(2))),
    raw=lambda grad, self: np.true_divide(grad, self * float(np.log(2))),
)


@scalar_kernel(np.log10)
@_unary("Log10Backward0", "log₁₀", r"\log_{10} a")
def log10(self):
    return _rounded(np.log10, self)


log10.derivative(
    "self",
    r"\frac{1}{a \ln 10}",
    lambda grad, self: grad / (self * float(np.log(10))),
    raw=lambda grad, self: np.true_divide(grad, self * float(np.log(10))),
)


@scalar_kernel(np.log1p)
@_unary("Log1PBackward0", "log1p", r"\ln(1 + a)")
def log1p(self):
    return _rounded(np.log1p, self)


log1p.derivative(
    "self",
    r"\frac{1}{1 + a}",
    lambda grad, self: grad / (self + 1),
    raw=lambda grad, self: np.true_divide(grad, self + 1),
)


@scalar_kernel(np.expm1)
@_unary("Expm1Backward0", "expm1", "e^{a} - 1")
def expm1(self):
    return _rounded(np.expm1, self)


def _expm1_grad(grad, result):
    return grad * (result + 1)


expm1.derivative("self", "e^{a}", _expm1_grad, raw=_expm1_grad)


@_unary("SqrtBackward0", "√", r"\sqrt{a}")
def sqrt(self):
    return np.sqrt(self)


sqrt.derivative(
    "self",
    r"\frac{1}{2\sqrt{a}}",
    lambda grad, result: grad / (2 * result),
    raw=lambda grad, result: np.true_divide(grad, 2 * result),
)


@_unary("RsqrtBackward0", "1/√", r"\frac{1}{\sqrt{a}}")
def rsqrt(self):
    return 1 / np.sqrt(self)


rsqrt.derivative(
    "self",
    r"-\frac{1}{2} a^{-3/2}",
    lambda grad, result: -0.5 * grad * result**3,
    raw=lambda grad, result: -0.5 * grad * (result * result * result),  # pow's x**3 is x*x*x
)


@scalar_kernel(np.sin)
@_unary("SinBackward0", "sin", r"\sin a")
def sin(self):
    return _rounded(np.sin, self)


sin.derivative(
    "self",
    r"\cos a",
    lambda grad, self: grad * self.cos(),
    raw=lambda grad, self: multiply(grad, cos.forward(self)),
    scalar=lambda grad, self: round32(grad * round32(np.cos(self))),
)


@scalar_kernel(np.cos)
@_unary("CosBackward0", "cos", r"\cos a")
def cos(self):
    return _rounded(np.cos, self)


cos.derivative(
    "self",
    r"-\sin a",
    lambda grad, self: grad * -self.sin(),
    raw=lambda grad, self: multiply(grad, np.negative(sin.forward(self))),
    scalar=lambda grad, self: round32(grad * -round32(np.sin(self))),
)


@scalar_kernel(np.tan)
@_unary("TanBackward0", "tan", r"\tan a")
def tan(self):
    return _rounded(np.tan, self)


tan.derivative(
    "self",
    r"1 + \tan^2 a",
    lambda grad, result: grad * (1 + result.pow(2)),
    raw=lambda grad, result: grad * (1 + result * result),  # pow's x**2 is x*x
)


@scalar_kernel(np.arcsin)
@_unary("AsinBackward0", "asin", r"\arcsin a")
def asin(self):
    return _rounded(np.arcsin, self)


asin.derivative(
    "self",
    r"\frac{1}{\sqrt{1-a^2}}",
    lambda grad, self: grad * (1 - self * self).rsqrt(),
    raw=lambda grad, self: grad * rsqrt.forward(1 - self * self),
)


@scalar_kernel(np.arccos)
@_unary("AcosBackward0", "acos", r"\arccos a")
def acos(self):
    return _rounded(np.arccos, self)


acos.derivative(
    "self",
    r"-\frac{1}{\sqrt{1-a^2}}",
    lambda grad, self: grad * -(1 - self * self).rsqrt(),
    raw=lambda grad, self: grad * np.negative(rsqrt.forward(1 - self * self)),
)


@scalar_kernel(np.arctan)
@_unary("AtanBackward0", "atan", r"\arctan a")
def atan(self):
    return _rounded(np.arctan, self)


atan.derivative(
    "self",
    r"\frac{1}{1+a^2}",
    lambda grad, self: grad / (self * self + 1),
    raw=lambda grad, self: np.true_divide(grad, self * self + 1),
)


@scalar_kernel(np.sinh)
@_unary("SinhBackward0", "sinh", r"\sinh a")
def sinh(self):
    return _rounded(np.sinh, self)


sinh.derivative(
    "self",
    r"\cosh a",
    lambda grad, self: grad * self.cosh(),
    raw=lambda grad, self: multiply(grad, cosh.forward(self)),
)


@scalar_kernel(np.cosh)
@_unary("CoshBackward0", "cosh", r"\cosh a")
def cosh(self):
    return _rounded(np.cosh, self)


cosh.derivative(
    "self",
    r"\sinh a",
    lambda grad, self: grad * self.sinh(),
    raw=lambda grad, self: multiply(grad, sinh.forward(self)),
)


@scalar_kernel(np.tanh)
@_unary("TanhBackward0", "tanh", r"\tanh a")
def tanh(self):
    return _rounded(np.tanh, self)


tanh.derivative(
    "self",
    r"1 - \tanh^2 a",
    lambda grad, result: tanh_backward(grad, result),
    raw=lambda grad, result: tanh_backward.forward(grad, result),
    scalar=lambda grad, result: round32(grad * round32(1.0 - round32(result * result))),
)


# tanh's and sigmoid's gradients are one kernel each in PyTorch (so a second-order graph shows
# TanhBackwardBackward0): one NumPy pass instead of three recorded operations.
@primitive("TanhBackwardBackward0", "tanh'", r"g\,(1 - y^2)", promote, out_shape=broadcast_shape)
def tanh_backward(self, output):  # self: the gradient arriving; output: tanh's result y
    return self * (1 - output * output)


def _tanh_backward_output(grad, self, output):
    return -2 * grad * self * output


tanh_backward.derivative(
    "self",
    "1 - y^2",
    lambda grad, output: tanh_backward(grad, output),
    raw=lambda grad, output: tanh_backward.forward(grad, output),
)
tanh_backward.derivative("output", "-2 g y", _tanh_backward_output, raw=_tanh_backward_output)


@_unary("SigmoidBackward0", "σ", r"\sigma(a)")
def sigmoid(self):
    # Written so that neither branch overflows: 1/(1+e^-a) for a >= 0, e^a/(1+e^a) otherwise.
    # PyTorch's kernel: 1 / (1 + exp(-a)), each step rounded in the tensor's dtype. (Large
    # negative a overflows exp to inf and gives exactly 0, as it should.)
    one = self.dtype.type(1)
    return one / (one + _rounded(np.exp, -self))


sigmoid.derivative(
    "self",
    r"\sigma(a)\,(1 - \sigma(a))",
    lambda grad, result: sigmoid_backward(grad, result),
    raw=lambda grad, result: sigmoid_backward.forward(grad, result),
)


@primitive("SigmoidBackwardBackward0", "σ'", r"g\,y\,(1 - y)", promote, out_shape=broadcast_shape)
def sigmoid_backward(self, output):  # self: the gradient arriving; output: sigmoid's result y
    return self * (output * (1 - output))


def _sigmoid_backward_output(grad, self, output):
    return grad * self * (1 - 2 * output)


sigmoid_backward.derivative(
    "self",
    "y (1 - y)",
    lambda grad, output: sigmoid_backward(grad, output),
    raw=lambda grad, output: sigmoid_backward.forward(grad, output),
)
sigmoid_backward.derivative(
    "output", "g (1 - 2y)", _sigmoid_backward_output, raw=_sigmoid_backward_output
)


@_unary(
    "ReluBackward0",
    "ReLU",
    r"\max(a, 0)",
    _not_for_bools(lambda: RuntimeError("Boolean inputs not supported for relu")),
)
def relu(self):
    return np.maximum(self, 0).astype(self.dtype, copy=False)


relu.derivative(
    "self",
    r"[a > 0]",
    lambda grad, result: threshold_backward(grad, result),
    raw=lambda grad, result: threshold_backward.forward(grad, result),
)


@primitive("ThresholdBackwardBackward0", "mask", r"[y > 0]\,g", same)
def threshold_backward(self, output):  # self: the gradient arriving; output: relu's result y
    # grad * mask is three times faster than np.where; redo it with where only if a non-finite
    # gradient (inf * 0 = nan) would otherwise leak through a closed gate.
    mask = output > 0
    out = self * mask
    return out if np.isfinite(out).all() else np.where(mask, self, 0).astype(self.dtype)


threshold_backward.derivative(
    "self",
    r"[y > 0]",
    lambda grad, output: threshold_backward(grad, output),
    raw=lambda grad, output: threshold_backward.forward(grad, output),
)
# A step function of y: flat on both sides, so zero (the node still exists for y, as in PyTorch).
threshold_backward.derivative("output", "0", _flat, raw=_flat)


@_unary(
    "AbsBackward0", "|·|", r"|a|", _not_for_bools(lambda: not_implemented("abs_cpu", dtypes.bool_))
)
def abs(self):
    return np.abs(self)


abs.derivative(
    "self",
    r"\operatorname{sign}(a)",
    lambda grad, self: grad * self.sign(),
    raw=lambda grad, self: grad * np.sign(self),
)


@_unary("SignBackward0", "sign", r"\operatorname{sign}(a)", same)
def sign(self):
    return np.sign(self)


sign.derivative("self", "0", _flat, raw=_flat)


def _rounding(grad_fn: str, symbol: str, fn):
    def forward(self):
        return fn(self)

    forward.__name__ = symbol
    prim = primitive(grad_fn, symbol, rf"\operatorname{{{symbol}}}(a)", same)(forward)
    # A step function: flat almost everywhere, so PyTorch's gradient is zero.
    prim.derivative("self", "0", _flat, raw=_flat)
    return prim


floor = _rounding("FloorBackward0", "floor", np.floor)
ceil = _rounding("CeilBackward0", "ceil", np.ceil)
round = _rounding("RoundBackward0", "round", np.round)
trunc = _rounding("TruncBackward0", "trunc", np.trunc)


def _clamp_types(inputs, params):
    """Promoted with the bounds, as PyTorch does: clamp(int tensor, min=0.5) is float."""
    low, high = params.get("min"), params.get("max")
    compute, out = promote((inputs[0], *(b for b in (low, high) if b is not None)), params)
    if compute is dtypes.bool_:
        which = "min_" if high is None else "max_" if low is None else ""
        raise not_implemented(f"clamp_{which}scalar_cpu", compute)
    return compute, out


@_unary("ClampBackward1", "clamp", r"\min(\max(a, lo), hi)", _clamp_types)
def clamp(self, *, min=None, max=None):
    out = self
    if min is not None:
        out = np.maximum(out, min)
    if max is not None:
        out = np.minimum(out, max)
    return out


def _inside(self, min, max):
    inside = None
    if min is not None:
        inside = self >= min
    if max is not None:
        below = self <= max
        inside = below if inside is None else inside & below
    return inside


clamp.derivative(
    "self",
    r"[lo \le a \le hi]",
    lambda grad, self, min, max: where(grad, 0.0, condition=_inside(self, min, max)),
    raw=lambda grad, self, min, max: np.where(_inside(self, min, max), grad, 0.0),
)


@_unary(
    "LeakyReluBackward0",
    "LeakyReLU",
    r"\max(a, s a)",
    floating(lambda d: not_implemented("leaky_relu_cpu", d)),
)
def leaky_relu(self, *, negative_slope=0.01):
    return np.where(self > 0, self, self * negative_slope).astype(self.dtype, copy=False)


leaky_relu.derivative(
    "self",
    r"[a > 0] + s\,[a \le 0]",
    lambda grad, self, negative_slope: where(grad, grad * negative_slope, condition=self > 0),
    raw=lambda grad, self, negative_slope: np.where(self > 0, grad, grad * negative_slope),
)


# leaky_relu_ (nn.LeakyReLU(inplace=True), as DCGAN's discriminator uses it): the input is
# overwritten, so PyTorch's in-place node saves the result instead, whose sign (for a positive
# slope) is the input's. Saving the input would make backward refuse it, as modified in place.
@_unary(
    "LeakyReluBackward1",
    "LeakyReLU",
    r"\max(a, s a)",
    floating(lambda d: not_implemented("leaky_relu_cpu", d)),
)
def leaky_relu_result(self, *, negative_slope=0.01):
    return np.where(self > 0, self, self * negative_slope).astype(self.dtype, copy=False)


leaky_relu_result.derivative(
    "self",
    r"[y > 0] + s\,[y \le 0]",
    lambda grad, result, negative_slope: where(grad, grad * negative_slope, condition=result > 0),
    raw=lambda grad, result, negative_slope: np.where(result > 0, grad, grad * negative_slope),
)


@_unary("SoftplusBackward0", "softplus", r"\tfrac{1}{\beta}\ln(1 + e^{\beta a})")
def softplus(self, *, beta=1.0, threshold=20.0):
    # Past the threshold softplus(a) is a to float precision, and PyTorch returns a itself.
    scaled = self * beta if beta != 1 else self
    smooth = _rounded(_softplus_exact, scaled)
    if beta != 1:
        smooth = smooth / beta
    return np.where(scaled > threshold, self, smooth).astype(smooth.dtype, copy=False)


def _softplus_exact(x):
    return np.logaddexp(0, x)


def _softplus_grad(grad, self, beta, threshold):
    # σ(βa) written as PyTorch computes it, z / (z + 1) with z = e^(βa): far below 0 it keeps
    # the tiny values (3.8e-44 at a = -100) that 1 / (1 + e^(-βa)) rounds to 0.
    scaled = self * beta if beta != 1 else self
    z = scaled.exp()
    return where(grad, grad * z / (z + 1), condition=scaled > threshold)


softplus.derivative("self", r"\sigma(\beta a)", _softplus_grad)


@primitive("MaximumBackward0", "max", r"\max(a, b)", promote, out_shape=broadcast_shape)
def maximum(self, other):
    return np.maximum(self, other)


def _winner(grad, wins, tie):
    """grad where this input wins, half of it on a tie (PyTorch's convention), else 0."""
    return where(grad, where(grad / 2, 0.0, condition=tie), condition=wins)


def _winner_raw(grad, wins, tie):
    return np.where(wins, grad, np.where(tie, np.true_divide(grad, 2), 0.0))


# Where both inputs are equal, each gets half the gradient (PyTorch's convention).
maximum.derivative(
    "self",
    "[a > b]",
    lambda grad, self, other: _winner(grad, self > other, self == other),
    raw=lambda grad, self, other: _winner_raw(grad, self > other, self == other),
)
maximum.derivative(
    "other",
    "[b > a]",
    lambda grad, self, other: _winner(grad, other > self, self == other),
    raw=lambda grad, self, other: _winner_raw(grad, other > self, self == other),
)


@primitive("MinimumBackward0", "min", r"\min(a, b)", promote, out_shape=broadcast_shape)
def minimum(self, other):
    return np.minimum(self, other)


minimum.derivative(
    "self",
    "[a < b]",
    lambda grad, self, other: _winner(grad, self < other, self == other),
    raw=lambda grad, self, other: _winner_raw(grad, self < other, self == other),
)
minimum.derivative(
    "other",
    "[b < a]",
    lambda grad, self, other: _winner(grad, other < self, self == other),
    raw=lambda grad, self, other: _winner_raw(grad, other < self, self == other),
)


def _where_shape(self, other, *, condition):
    return np.broadcast_shapes(np.shape(self), np.shape(other), condition.shape)


@primitive(
    "WhereBackward0",
    "where",
    r"c\,?\,a : b",
    promote,
    out_shape=_where_shape,
    tensor_params=("condition",),
)
def where(self, other, *, condition):
    return np.where(condition, self, other)


where.derivative(
    "self",
    "[c]",
    lambda grad, condition: where(grad, 0.0, condition=condition),
    raw=lambda grad, condition: np.where(condition._data, grad, 0.0),
)
where.derivative(
    "other",
    r"[\lnot c]",
    lambda grad, condition: where(0.0, grad, condition=condition),
    raw=lambda grad, condition: np.where(condition._data, 0.0, grad),
)


@primitive("CloneBackward0", "clone", "a", same)
def clone(self):
    return self.copy()


clone.derivative("self", "1", lambda grad: grad, raw=lambda grad: grad)


@primitive("ToCopyBackward0", "to", "a", as_requested)
def to_copy(self, *, dtype):
    return dtypes.cast(self, dtype.numpy)


to_copy.derivative("self", "1", lambda grad, self_dtype: grad.to(self_dtype))

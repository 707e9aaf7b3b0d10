"""More elementwise functions, as the tutorials and PyTorch's docs use them: the inverse
hyperbolic functions, exp2, degrees and radians, logit, sgn, frac, nan_to_num, and the
two- and three-input ones (atan2, hypot, logaddexp, xlogy, lerp, addcmul, addcdiv).

Each output element depends only on the matching input elements, so every derivative is
`grad` times a number per element; broadcast inputs get their gradient summed back by the
engine's one `sum_to`.
"""

from __future__ import annotations

import math

import numpy as np

from . import broadcast_shape, float_kernel, primitive, promote, promote_float, same
from .elementwise import _rounded, multiply, where

_pairwise = {"out_shape": broadcast_shape}


def _double(x):
    """An operand in float64: the two-input functions are evaluated in double and rounded once
    to the result's type (which `apply` does), as PyTorch's results agree with."""
    return np.asarray(x, dtype=np.float64)


# --- one input ------------------------------------------------------------------------------------


@primitive("AsinhBackward0", "asinh", r"\operatorname{asinh} a", promote_float)
def asinh(self):
    return _rounded(np.arcsinh, self)


asinh.derivative(
    "self", r"\frac{1}{\sqrt{a^2 + 1}}", lambda grad, self: grad * (self * self + 1).rsqrt()
)


@primitive("AcoshBackward0", "acosh", r"\operatorname{acosh} a", promote_float)
def acosh(self):
    return _rounded(np.arccosh, self)


acosh.derivative(
    "self", r"\frac{1}{\sqrt{a^2 - 1}}", lambda grad, self: grad * (self * self - 1).rsqrt()
)


@primitive("AtanhBackward0", "atanh", r"\operatorname{atanh} a", promote_float)
def atanh(self):
    return _rounded(np.arctanh, self)


atanh.derivative(
    "self",
    r"\frac{1}{1 - a^2}",
    lambda grad, self: grad / (1 - self * self),
    raw=lambda grad, self: np.true_divide(grad, 1 - self * self),
)

_LN2 = math.log(2.0)


@primitive("Exp2Backward0", "2^a", "2^{a}", promote_float)
def exp2(self):
    return _rounded(np.exp2, self)


exp2.derivative(
    "self",
    r"2^{a} \ln 2",
    lambda grad, result: grad * result * _LN2,
    raw=lambda grad, result: multiply(grad, result) * _LN2,
)


def _scale(grad_fn: str, name: str, factor: float, symbol: str):
    def forward(self):
        return self * self.dtype.type(factor)

    forward.__name__ = name
    prim = primitive(grad_fn, name, rf"{symbol}\,a", promote_float)(forward)
    prim.derivative("self", symbol, lambda grad: grad * factor, raw=lambda grad: grad * factor)
    return prim


deg2rad = _scale("Deg2RadBackward0", "deg2rad", math.pi / 180, r"\tfrac{\pi}{180}")
rad2deg = _scale("Rad2DegBackward0", "rad2deg", 180 / math.pi, r"\tfrac{180}{\pi}")


@primitive("LogitBackward0", "logit", r"\ln\frac{a}{1 - a}", promote_float)
def logit(self, *, eps=None):
    x = self if eps is None else np.clip(self, eps, 1 - eps)
    return _rounded(np.log, x / (1 - x))


def _logit_grad(grad, self, eps):
    # 1/(a(1-a)) inside the range; outside it nan (no eps) or 0 (clamped: flat), as PyTorch.
    slope = grad / (self * (1 - self))
    if eps is None:
        return where(float("nan"), slope, condition=(self < 0) | (self > 1))
    return where(0.0, slope, condition=(self < eps) | (self > 1 - eps))


logit.derivative("self", r"\frac{1}{a (1 - a)}", _logit_grad)


@primitive("SgnBackward0", "sgn", r"\operatorname{sgn}(a)", same)
def sgn(self):
    return np.sign(self)


sgn.derivative("self", "0", lambda grad: grad * 0, raw=lambda grad: grad * 0)


@primitive("FracBackward0", "frac", r"a - \lfloor a \rceil", same)
def frac(self):
    return self - np.trunc(self)


frac.derivative("self", "1", lambda grad: grad, raw=lambda grad: grad)


@primitive("NanToNumBackward0", "nan_to_num", "a", same)
def nan_to_num(self, *, nan=0.0, posinf=None, neginf=None):
    return np.nan_to_num(self, nan=nan, posinf=posinf, neginf=neginf)


# Where a was nan or ±inf the result is a constant, so its gradient is 0 there.
nan_to_num.derivative(
    "self",
    r"[a \text{ finite}]",
    lambda grad, self: where(grad, 0.0, condition=self.isfinite()),
    raw=lambda grad, self: np.where(np.isfinite(self), grad, 0.0),
)


# --- two inputs -----------------------------------------------------------------------------------


@primitive("Atan2Backward0", "atan2", r"\operatorname{atan2}(a, b)", promote_float, **_pairwise)
def atan2(self, other):
    return np.arctan2(_double(self), _double(other))  # rounded once to the result's dtype


atan2.derivative(
    "self",
    r"\frac{b}{a^2 + b^2}",
    lambda grad, self, other: grad * other / (self * self + other * other),
)
atan2.derivative(
    "other",
    r"\frac{-a}{a^2 + b^2}",
    lambda grad, self, other: grad * -self / (self * self + other * other),
)


@primitive("HypotBackward0", "hypot", r"\sqrt{a^2 + b^2}", float_kernel("hypot_cpu"), **_pairwise)
def hypot(self, other):
    return np.hypot(self, other)


hypot.derivative("self", r"\frac{a}{h}", lambda grad, self, result: grad * self / result)
hypot.derivative("other", r"\frac{b}{h}", lambda grad, other, result: grad * other / result)


@primitive(
    "LogaddexpBackward0", "logaddexp", r"\ln(e^a + e^b)", float_kernel("logaddexp_cpu"), **_pairwise
)
def logaddexp(self, other):
    return np.logaddexp(_double(self), _double(other))


logaddexp.derivative(
    "self", r"\frac{e^a}{e^a + e^b}", lambda grad, self, other: grad / (1 + (other - self).exp())
)
logaddexp.derivative(
    "other", r"\frac{e^b}{e^a + e^b}", lambda grad, self, other: grad / (1 + (self - other).exp())
)


@primitive("XlogyBackward0", "xlogy", r"a \ln b", promote_float, **_pairwise)
def xlogy(self, other):
    x, y = _double(self), _double(other)
    return np.where((x == 0) & ~np.isnan(y), 0.0, x * np.log(y))


def _xlogy_self_grad(grad, self, other):
    # ln b, and 0 where a = 0 and b <= 0 (PyTorch's choice: there xlogy is 0 whatever b).
    return where(0.0, xlogy(grad, other), condition=(self == 0) & (other <= 0))


xlogy.derivative("self", r"\ln b", _xlogy_self_grad)
xlogy.derivative("other", r"\frac{a}{b}", lambda grad, self, other: grad * self / other)


# --- three inputs ---------------------------------------------------------------------------------


@primitive("LerpBackward0", "lerp", r"a + w (b - a)", promote_float, **_pairwise)
def lerp(self, end, *, weight):
    return _lerp(self, end, weight)


def _lerp(start, end, weight):
    """PyTorch's formula: from the nearer end, so lerp(a, b, 1) is exactly b."""
    diff = end - start
    return np.where(np.abs(weight) < 0.5, start + weight * diff, end - diff * (1 - weight))


lerp.derivative(
    "self",
    "1 - w",
    lambda grad, weight: grad * (1 - weight),
    raw=lambda grad, weight: grad * (1 - weight),
)
lerp.derivative(
    "end", "w", lambda grad, weight: grad * weight, raw=lambda grad, weight: grad * weight
)


@primitive("LerpBackward1", "lerp", r"a + w (b - a)", promote_float, **_pairwise)
def lerp_tensor(self, end, weight):
    return _lerp(self, end, weight)


lerp_tensor.derivative("self", "1 - w", lambda grad, weight: grad * (1 - weight))
lerp_tensor.derivative("end", "w", lambda grad, weight: grad * weight)
lerp_tensor.derivative("weight", "b - a", lambda grad, self, end: grad * (end - self))


@primitive("AddcmulBackward0", "addcmul", r"a + v\,b\,c", promote, **_pairwise)
def addcmul(self, tensor1, tensor2, *, value=1):
    return self + value * tensor1 * tensor2


addcmul.derivative("self", "1", lambda grad: grad, raw=lambda grad: grad)
addcmul.derivative("tensor1", "v c", lambda grad, tensor2, value: grad * tensor2 * value)
addcmul.derivative("tensor2", "v b", lambda grad, tensor1, value: grad * tensor1 * value)


@primitive("AddcdivBackward0", "addcdiv", r"a + v\,\frac{b}{c}", promote_float, **_pairwise)
def addcdiv(self, tensor1, tensor2, *, value=1):
    return self + value * tensor1 / tensor2


addcdiv.derivative("self", "1", lambda grad: grad, raw=lambda grad: grad)
addcdiv.derivative("tensor1", r"\frac{v}{c}", lambda grad, tensor2, value: grad * value / tensor2)
addcdiv.derivative(
    "tensor2",
    r"-\frac{v b}{c^2}",
    lambda grad, tensor1, tensor2, value: -grad * value * tensor1 / (tensor2 * tensor2),
)

"""Activation functions with a node of their own in PyTorch: hardtanh (and relu6), ELU, GELU,
SiLU, Mish, and erf, which GELU is made of; logsigmoid, hardswish, CELU, SELU and GLU.

Forward values are computed in float64 and rounded once for small float32 tensors (see
`elementwise._rounded`), as for exp and tanh. The derivatives are written with tensor operations,
so they can be differentiated again.
"""

from __future__ import annotations

import math

import numpy as np

from .. import dtypes
from . import floating, not_implemented, primitive, promote_float
from .elementwise import _rounded, where
from .shape import cat


def _kernel(name: str):
    """The input's own floating type; integers and bools are refused as PyTorch refuses them
    ('"elu_cpu" not implemented for 'Long'')."""
    return floating(lambda d: not_implemented(name, d))


def _clamp_types(inputs, params):
    d = inputs[0]._dtype
    if d is dtypes.bool_:
        raise not_implemented("hardtanh_cpu", d)
    return d, d


@primitive("HardtanhBackward0", "hardtanh", r"\min(\max(a, lo), hi)", _clamp_types)
def hardtanh(self, *, min_val=-1.0, max_val=1.0):
    return np.minimum(np.maximum(self, min_val), max_val).astype(self.dtype, copy=False)


# Flat outside (lo, hi), and PyTorch gives the kinks themselves a zero gradient too.
hardtanh.derivative(
    "self",
    r"[lo < a < hi]",
    lambda grad, self, min_val, max_val: where(
        grad, 0.0, condition=(self > min_val) & (self < max_val)
    ),
)


@primitive("EluBackward0", "ELU", r"a > 0\,?\,a : \alpha(e^{a} - 1)", _kernel("elu_cpu"))
def elu(self, *, alpha=1.0):
    negative = alpha * _rounded(np.expm1, np.minimum(self, 0))
    return np.where(self > 0, self, negative).astype(self.dtype, copy=False)


elu.derivative(
    "self",
    r"a > 0\,?\,1 : \alpha e^{a}",
    lambda grad, self, alpha: where(grad * alpha * self.exp(), grad, condition=self <= 0),
)


@primitive("ErfBackward0", "erf", r"\operatorname{erf}(a)", promote_float)
def erf(self):
    return _erf(np.asarray(self))


_erf64 = np.frompyfunc(math.erf, 1, 1)


def _erf(x):
    """erf in double (NumPy has none; math.erf is correctly rounded to double), rounded once."""
    return _erf_double(x).astype(x.dtype)


def _erf_double(x):
    return np.asarray(_erf64(np.asarray(x, np.float64)), np.float64)


# d erf(a)/da = 2/√π · e^(-a²)
erf.derivative(
    "self",
    r"\tfrac{2}{\sqrt{\pi}} e^{-a^2}",
    lambda grad, self: grad * (2 / math.sqrt(math.pi)) * (-(self * self)).exp(),
)


_SQRT1_2 = math.sqrt(0.5)
_BETA = math.sqrt(2.0) * (2 / math.sqrt(math.pi)) * 0.5  # √(2/π)
_KAPPA = 0.044715


def _gelu_types(inputs, params):
    if params.get("approximate", "none") not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    return _kernel("GeluKernelImpl")(inputs, params)


@primitive("GeluBackward0", "GELU", r"a\,\Phi(a)", _gelu_types)
def gelu(self, *, approximate="none"):
    x = np.asarray(self, np.float64)
    if approximate == "tanh":
        out = 0.5 * x * (1 + np.tanh(_BETA * (x + _KAPPA * x * x * x)))
    else:
        out = x * 0.5 * (1 + _erf_double(x * _SQRT1_2))
    return out.astype(self.dtype)


def _gelu_grad(grad, self, approximate):
    """Φ(a) + a φ(a) for the exact form; for the tanh form, PyTorch's formula term for term."""
    if approximate == "tanh":
        inner = _BETA * (self + _KAPPA * self * self * self)
        t = inner.tanh()
        left = 0.5 * self
        right = 1 + t
        right_derivative = left * (1 - t * t) * _BETA * (1 + 3 * _KAPPA * self * self)
        return grad * (0.5 * right + right_derivative)
    cdf = 0.5 * (1 + erf(self * _SQRT1_2))
    pdf = (-0.5 * self * self).exp() * (1 / math.sqrt(2 * math.pi))
    return grad * (cdf + self * pdf)


gelu.derivative("self", r"\Phi(a) + a\,\varphi(a)", _gelu_grad)


@primitive("SiluBackward0", "SiLU", r"a\,\sigma(a)", _kernel("silu_cpu"))
def silu(self):
    x = np.asarray(self, np.float64)
    return (x / (1 + np.exp(-x))).astype(self.dtype)


def _silu_grad(grad, self):
    s = self.sigmoid()
    return grad * (s * (1 + self * (1 - s)))


silu.derivative("self", r"\sigma(a)\,(1 + a (1 - \sigma(a)))", _silu_grad)


@primitive("MishBackward0", "Mish", r"a \tanh(\ln(1 + e^{a}))", _kernel("mish_cpu"))
def mish(self):
    x = np.asarray(self, np.float64)
    return (x * np.tanh(np.logaddexp(0, x))).astype(self.dtype)


def _mish_grad(grad, self):
    t = self.softplus().tanh()
    return grad * (t + self * self.sigmoid() * (1 - t * t))


mish.derivative("self", r"\tanh(sp(a)) + a\,\sigma(a)\,\operatorname{sech}^2(sp(a))", _mish_grad)


# --- more activations from torch.nn.functional --------------------------------------------------


@primitive("LogSigmoidBackward0", "logσ", r"\ln \sigma(a)", _kernel("log_sigmoid_forward"))
def logsigmoid(self):
    x = np.asarray(self, np.float64)  # ln σ(a) = min(a, 0) - ln(1 + e^{-|a|}), never overflows
    return (np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))).astype(self.dtype)


logsigmoid.derivative("self", r"1 - \sigma(a)", lambda grad, self: grad * (-self).sigmoid())


@primitive(
    "HardswishBackward0",
    "hardswish",
    r"a \cdot \frac{\operatorname{relu6}(a + 3)}{6}",
    _kernel("hardswish_cpu"),
)
def hardswish(self):
    return (self * np.clip(self + 3, 0, 6) / 6).astype(self.dtype, copy=False)


def _hardswish_grad(grad, self):
    # PyTorch's pieces: 0 up to -3, a/3 + 1/2 strictly between -3 and 3, 1 from 3 on
    middle = where(grad * (self / 3 + 0.5), 0.0, condition=self > -3)
    return where(middle, grad, condition=self < 3)


hardswish.derivative(
    "self", r"[-3 < a < 3]\,(\tfrac{a}{3} + \tfrac12) + [a \ge 3]", _hardswish_grad
)


@primitive(
    "CeluBackward0", "CELU", r"\max(0, a) + \min(0, \alpha(e^{a/\alpha} - 1))", _kernel("elu_cpu")
)
def celu(self, *, alpha=1.0):
    negative = alpha * _rounded(np.expm1, np.minimum(self, 0) / self.dtype.type(alpha))
    return np.where(self > 0, self, negative).astype(self.dtype, copy=False)


celu.derivative(
    "self",
    r"a > 0\,?\,1 : e^{a/\alpha}",
    lambda grad, self, alpha: where(grad * (self / alpha).exp(), grad, condition=self <= 0),
)

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


@primitive("EluBackward0", "SELU", r"s\,(a > 0\,?\,a : \alpha(e^{a} - 1))", _kernel("elu_cpu"))
def selu(self):
    negative = SELU_ALPHA * _rounded(np.expm1, np.minimum(self, 0))
    return (SELU_SCALE * np.where(self > 0, self, negative)).astype(self.dtype, copy=False)


selu.derivative(
    "self",
    r"s\,(a > 0\,?\,1 : \alpha e^{a})",
    lambda grad, self: where(
        grad * (SELU_SCALE * SELU_ALPHA) * self.exp(), grad * SELU_SCALE, condition=self <= 0
    ),
)


def _glu_shape(self, *, dim):
    if self.shape[dim] % 2:
        raise RuntimeError(
            f"Halving dimension must be even, but dimension {dim} is size {self.shape[dim]}"
        )
    return (*self.shape[:dim], self.shape[dim] // 2, *self.shape[dim + 1 :])


@primitive("GluBackward0", "GLU", r"a_1 \sigma(a_2)", _kernel("glu"), out_shape=_glu_shape)
def glu(self, *, dim=-1):
    first, second = np.split(np.asarray(self, np.float64), 2, axis=dim)
    return (first / (1 + np.exp(-second))).astype(self.dtype)


def _glu_grad(grad, self, dim):
    # the first half's gradient is σ(b), the second's a σ(b)(1 - σ(b))
    first, second = self.chunk(2, dim)
    gate = second.sigmoid()
    return cat(grad * gate, grad * first * gate * (1 - gate), dim=dim)


glu.derivative("self", r"[\sigma(b),\ a\,\sigma(b)(1 - \sigma(b))]", _glu_grad)

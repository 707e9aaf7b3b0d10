"""Arithmetic: + - * / ** and their reflected forms.

Python numbers take part as inputs that need no gradient (PyTorch wraps them as 0-dim tensors):
`x * 2` records MulBackward0 with next_functions ((AccumulateGrad, 0), (None, 0)).
"""

from __future__ import annotations

import operator

import numpy as np

from .. import dtypes
from ..tensor import Tensor
from . import (
    broadcast_shape,
    compare,
    keeps_float,
    primitive,
    promote,
    promote_float,
    scalar_kernel,
)
from .elementwise import multiply, round32, scalar_pair, where

broadcasting = {"out_shape": broadcast_shape}  # binary ops that broadcast their inputs


@scalar_kernel(operator.add)
@primitive("AddBackward0", "+", r"a + \alpha b", promote, **broadcasting)
def add(self, other, *, alpha=1):
    if alpha == 1:
        pair = scalar_pair(self, other)
        return self + other if pair is None else pair[0] + pair[1]
    return self + alpha * other


def _passed(grad):
    return grad


def _scaled(grad, alpha):
    return grad if alpha == 1 else grad * alpha


def _scaled_negated(grad, alpha):
    return -grad if alpha == 1 else grad * -alpha


def _scaled_number(grad, alpha):
    return grad if alpha == 1 else None  # (another alpha: the raw rule)


def _scaled_negated_number(grad, alpha):
    return -grad if alpha == 1 else None


# These formulas are plain arithmetic, so the same function serves the Tensor path and, on
# NumPy arrays, the raw one (`raw=`, see ops/__init__.py).
add.derivative("self", "1", _passed, raw=_passed, scalar=_passed)
add.derivative("other", r"\alpha", _scaled, raw=_scaled, scalar=_scaled_number)


def _is_bool(x) -> bool:
    return x._dtype is dtypes.bool_ if isinstance(x, Tensor) else isinstance(x, bool)


@keeps_float  # (what it refuses is a bool: never a float tensor, an int or a float)
def _subtract_types(inputs, params):
    """Promotion, except that PyTorch refuses to subtract bools."""
    return _bool_free(inputs[0], inputs[1], params)


def _rsubtract_types(inputs, params):
    """The same for `2 - x`, where the number is the parameter `other`."""
    return _bool_free(inputs[0], params["other"], params)


def _bool_free(a, b, params):
    if _is_bool(a) or _is_bool(b):
        if _is_bool(a) and _is_bool(b):
            raise RuntimeError(
                "Subtraction, the `-` operator, with two bool tensors is not supported. Use the "
                "`^` or `logical_xor()` operator instead."
            )
        raise RuntimeError(
            "Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
            "trying to invert a mask, use the `~` or `logical_not()` operator instead."
        )
    return promote((a, b), params)


@scalar_kernel(operator.sub)
@primitive("SubBackward0", "−", r"a - \alpha b", _subtract_types, **broadcasting)
def sub(self, other, *, alpha=1):
    if alpha == 1:
        pair = scalar_pair(self, other)
        return self - other if pair is None else pair[0] - pair[1]
    return self - alpha * other


sub.derivative("self", "1", _passed, raw=_passed, scalar=_passed)
sub.derivative(
    "other", r"-\alpha", _scaled_negated, raw=_scaled_negated, scalar=_scaled_negated_number
)


@primitive("RsubBackward1", "−", r"c - \alpha a", _rsubtract_types)
def rsub(self, *, other, alpha=1):  # `2 - x`: the number is a parameter, x the only input
    return other - self if alpha == 1 else other - alpha * self


rsub.derivative("self", r"-\alpha", _scaled_negated, raw=_scaled_negated)


@scalar_kernel(operator.mul)
@primitive("MulBackward0", "×", r"a \cdot b", promote, **broadcasting)
def mul(self, other):
    return multiply(self, other)


def _product(grad, factor):
    return round32(grad * factor)


mul.derivative("self", "b", lambda grad, other: grad * other, raw=multiply, scalar=_product)
mul.derivative("other", "a", lambda grad, self: grad * self, raw=multiply, scalar=_product)


@scalar_kernel(operator.truediv)
@primitive("DivBackward0", "÷", r"\frac{a}{b}", promote_float, **broadcasting)
def div(self, other):
    pair = scalar_pair(self, other)
    if pair is None or not pair[1]:  # (Python raises on / 0; NumPy gives inf or nan)
        return np.true_divide(self, other)
    return pair[0] / pair[1]


def _over_other(grad, other):
    return np.true_divide(grad, other)


# PyTorch's div_tensor_other_backward divides twice, -grad * ((a / b) / b): in float64 the
# last digit of a printed gradient depends on it (micrograd's tanh as (e - 1) / (e + 1)).
def _quotient_grad(grad, self, other):
    return -grad * np.true_divide(np.true_divide(self, other), other)


div.derivative("self", r"\frac{1}{b}", lambda grad, other: grad / other, raw=_over_other)
div.derivative(
    "other",
    r"-\frac{a}{b^2}",
    lambda grad, self, other: -grad * (self / other / other),
    raw=_quotient_grad,
)


def _scalar_divide_types(inputs, params):
    """div(tensor, number) as PyTorch's own functions call it: the number is the parameter."""
    return promote_float((inputs[0], params["other"]), params)


@primitive("DivBackward1", "÷", r"\frac{a}{c}", _scalar_divide_types)
def div_scalar(self, *, other):
    """at::div(Tensor, Scalar): what PyTorch's own functions divide by a number with (the mean of
    a soft-target cross_entropy), whose node has one input and saves the number. (`x / 2` typed
    in Python makes the number a tensor: DivBackward0, with two inputs.)"""
    return np.true_divide(self, other)


div_scalar.derivative("self", r"\frac{1}{c}", lambda grad, other: grad / other, raw=_over_other)


@primitive("NegBackward0", "−", "-a", promote)
def neg(self):
    return np.negative(self)


neg.derivative("self", "-1", lambda grad: -grad, raw=np.negative)


@primitive("ReciprocalBackward0", "1/x", r"\frac{1}{a}", promote_float)
def reciprocal(self):
    return np.reciprocal(self)


def _reciprocal_grad(grad, result):
    return -grad * (result * result)


reciprocal.derivative("self", r"-\frac{1}{a^2}", _reciprocal_grad, raw=_reciprocal_grad)


@keeps_float
def _with_exponent(inputs, params):
    compute, out = promote((inputs[0], params["exponent"]), params)
    exponent = params["exponent"]
    if not compute.is_floating_point and isinstance(exponent, int) and exponent < 0:
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    return compute, out


def _power(base, exponent):
    """np.power, and PyTorch's answer where NumPy refuses integers to negative powers (an
    exponent tensor): 1 / base**k rounded toward zero, so 0 unless the base is 1 or -1."""
    kind = np.result_type(base, exponent)
    if kind == np.float32:
        return _float32_power(base, exponent)
    if kind.kind == "f" or not np.any(np.less(exponent, 0)):
        return np.power(base, exponent)
    negative = np.less(exponent, 0)
    powers = np.power(base, np.where(negative, 0, exponent))
    unit = np.where(np.remainder(exponent, 2) == 0, 1, base)  # (±1)**k for |base| == 1
    return np.where(negative, np.where(np.abs(base) == 1, unit, 0), powers).astype(powers.dtype)


def _with_base(inputs, params):
    return promote((params["base"], inputs[0]), params)


@primitive("PowBackward0", "^", "a^{n}", _with_exponent)
def pow(self, *, exponent):  # x ** 2: the exponent is a number
    if self.dtype.kind == "f":
        short = _SHORT_POWERS.get(exponent)
        if short is not None:
            return short(self)
        if self.dtype == np.float32:
            return _float32_power(self, exponent)
    return np.power(self, exponent)


def _float32_power(base, exponent):
    """float32 pow as PyTorch's scalar kernel computes it: in double, rounded once. (NumPy's own
    float32 pow misses that in the last place for up to one number in ten.) In tensors of 16
    elements or more PyTorch runs a SIMD pow for all but the last few elements, within 1 ulp of
    this: about 2 in 100 of those differ in the last place."""
    return np.power(np.asarray(base, np.float64), np.asarray(exponent, np.float64)).astype(
        np.float32
    )


# PyTorch's CPU kernel computes these exponents with plain arithmetic rather than pow(), and
# float32 digits show the difference: x**3 as x*x*x is two roundings where a correctly rounded
# pow is one, and about a quarter of float32 cubes differ in the last place. (0.5 is PyTorch's
# sqrt, -0.5 its 1/sqrt.) Other exponents go through pow(): see _float32_power.
_SHORT_POWERS = {
    0: np.ones_like,
    1: np.copy,
    2: lambda x: x * x,
    3: lambda x: x * x * x,
    -1: np.reciprocal,
    -2: lambda x: np.reciprocal(x * x),
    0.5: np.sqrt,
    -0.5: lambda x: np.reciprocal(np.sqrt(x)),
}


def _pow_scalar_grad(grad, self, exponent):
    if exponent == 0:
        return grad * 0
    return grad * (exponent * self.pow(exponent - 1))


def _pow_scalar_grad_raw(grad, self, exponent):
    if exponent == 0:
        return grad * 0
    if exponent == 2:  # 2 * a**1, and a**1 is a copy of a: the same bits, one step fewer
        return grad * (exponent * self)
    return grad * (exponent * pow.forward(self, exponent=exponent - 1))


pow.derivative("self", "n a^{n-1}", _pow_scalar_grad, raw=_pow_scalar_grad_raw)


@primitive("PowBackward1", "^", "a^{b}", promote, **broadcasting)
def pow_tensor(self, other):  # x ** y with a tensor exponent
    return _power(self, other)


def _exponent_grad(grad, base, exponent, result):
    # d(a^b)/db = a^b ln a; PyTorch defines it as 0 where a == 0 and b >= 0 (not 0 * -inf = nan).
    return where(0.0, grad * (result * base.log()), condition=(base == 0) & (exponent >= 0))


def _base_grad(grad, self, other):
    # d(a^b)/da = b a^(b-1), and 0 where b == 0 (PyTorch's choice: 0^0 is flat, not 0 * inf).
    return where(0.0, grad * other * self ** (other - 1), condition=other == 0)


pow_tensor.derivative("self", "b a^{b-1}", _base_grad)
pow_tensor.derivative(
    "other",
    r"a^{b} \ln a",
    lambda grad, self, other, result: _exponent_grad(grad, self, other, result),
)


@primitive("PowBackward2", "^", "c^{a}", _with_base)
def rpow(self, *, base):  # 2 ** x: a number raised to a tensor
    return _power(base, self)


rpow.derivative(
    "self", r"c^{a} \ln c", lambda grad, result, base: grad * (result * float(np.log(base)))
)


def _divisor(self, other):
    """Integer division by zero has no answer: PyTorch stops with "ZeroDivisionError" where NumPy
    would warn and return 0. (Floats divide by zero into inf and nan, as in both.)"""
    if np.result_type(self, other).kind in "iu" and not np.all(other):
        raise RuntimeError("ZeroDivisionError")
    return other


def _mod(a, b):
    """a mod b, with the sign of b, computed as PyTorch computes it: fmod, then shifted by b. A
    zero result keeps a's sign (7 % -3.5 is 0., where NumPy's np.mod says -0.)."""
    if np.result_type(a, b).kind != "f":
        return np.mod(a, b)
    rest = np.fmod(a, b)
    return np.where((rest != 0) & ((np.asarray(b) < 0) != (rest < 0)), rest + b, rest)


def _with_other(inputs, params):
    return promote((inputs[0], params["other"]), params)


# x % y takes the sign of y (Python's rule), fmod(x, y) the sign of x (C's). Each has PyTorch's two
# overloads: a number for y (Backward0, y needs no gradient) and a tensor (Backward1).
@primitive("RemainderBackward0", "mod", r"a \bmod c", _with_other)
def remainder(self, *, other):
    return _mod(self, _divisor(self, other))


remainder.derivative("self", "1", _passed, raw=_passed)


@primitive("RemainderBackward1", "mod", r"a \bmod b", promote, **broadcasting)
def remainder_tensor(self, other):
    return _mod(self, _divisor(self, other))


remainder_tensor.derivative("self", "1", _passed, raw=_passed)
remainder_tensor.derivative(
    "other", r"-\lfloor a/b \rfloor", lambda grad, self, other: -grad * (self / other).floor()
)


@primitive("FmodBackward0", "fmod", r"\operatorname{fmod}(a, c)", _with_other)
def fmod(self, *, other):
    return np.fmod(self, _divisor(self, other))


fmod.derivative("self", "1", _passed, raw=_passed)


@primitive("FmodBackward1", "fmod", r"\operatorname{fmod}(a, b)", promote, **broadcasting)
def fmod_tensor(self, other):
    return np.fmod(self, _divisor(self, other))


fmod_tensor.derivative("self", "1", _passed, raw=_passed)
fmod_tensor.derivative(
    "other",
    r"-\operatorname{trunc}(a/b)",
    lambda grad, self, other: -grad * (self / other).trunc(),
)


@primitive("DivBackward2", "÷", r"\operatorname{round}(a / b)", promote, **broadcasting)
def div_rounded(self, other, *, rounding_mode):
    """div(a, b, rounding_mode='floor' | 'trunc'): integers stay integers."""
    other = _divisor(self, other)
    if rounding_mode == "floor":
        return np.floor_divide(self, other)
    if np.result_type(self, other).kind == "f":
        return np.trunc(np.true_divide(self, other))
    quotient = np.floor_divide(np.abs(self), np.abs(other))  # exact, however large
    return np.where((np.asarray(self) < 0) != (np.asarray(other) < 0), -quotient, quotient)


# A step function of both inputs: PyTorch's gradient is zero (the node still records).
div_rounded.derivative("self", "0", lambda grad: grad * 0, raw=lambda grad: grad * 0)
div_rounded.derivative("other", "0", lambda grad: grad * 0, raw=lambda grad: grad * 0)


def _nondifferentiable(name: str, symbol: str, fn, rule=compare):
    def forward(self, other):
        return fn(self, other)

    forward.__name__ = name
    return primitive(
        "NotDifferentiable", symbol, symbol, rule, differentiable=False, **broadcasting
    )(forward)


floor_divide = _nondifferentiable(
    "floor_divide", "//", lambda a, b: np.floor_divide(a, _divisor(a, b)), promote
)
eq = _nondifferentiable("eq", "==", np.equal)
ne = _nondifferentiable("ne", "!=", np.not_equal)
lt = _nondifferentiable("lt", "<", np.less)
le = _nondifferentiable("le", "<=", np.less_equal)
gt = _nondifferentiable("gt", ">", np.greater)
ge = _nondifferentiable("ge", ">=", np.greater_equal)
logical_and = _nondifferentiable("logical_and", "and", np.logical_and)
logical_or = _nondifferentiable("logical_or", "or", np.logical_or)
logical_xor = _nondifferentiable("logical_xor", "xor", np.logical_xor)
bitwise_and = _nondifferentiable("bitwise_and", "&", np.bitwise_and, promote)
bitwise_or = _nondifferentiable("bitwise_or", "|", np.bitwise_or, promote)
bitwise_xor = _nondifferentiable("bitwise_xor", "^", np.bitwise_xor, promote)

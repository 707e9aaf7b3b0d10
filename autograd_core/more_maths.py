"""More of PyTorch's maths functions, with PyTorch's signatures: inverse hyperbolics, exp2,
degrees/radians, logit, sgn, frac, nan_to_num, the two- and three-input functions (atan2,
hypot, logaddexp, xlogy, lerp, addcmul, addcdiv) and the statistics tutorials reach for
(nansum, nanmean, std_mean, var_mean). Each differentiable one is a registry entry
(ops/pointwise.py, ops/statistics.py).

    >>> import autograd_core as torch
    >>> start = torch.tensor([0.0, 10.0], requires_grad=True)
    >>> torch.lerp(start, torch.tensor([10.0, 20.0]), 0.25)
    tensor([ 2.5000, 12.5000], grad_fn=<LerpBackward0>)
"""

from __future__ import annotations

from typing import Any

from . import ops
from .numpy_names import accepts_axis
from .ops import pointwise as Pw
from .ops import statistics as St
from .tensor import Tensor, as_operand
from .torch_functions import _correction, _dims, div, sum

# --- one input ------------------------------------------------------------------------------------

asinh = arcsinh = Pw.asinh
acosh = arccosh = Pw.acosh
atanh = arctanh = Pw.atanh
exp2 = Pw.exp2
deg2rad = Pw.deg2rad
rad2deg = Pw.rad2deg
sgn = Pw.sgn
frac = Pw.frac


def logit(input: Tensor, eps: float | None = None) -> Tensor:
    """ln(p / (1 - p)), the inverse of sigmoid; with eps, p is first clamped to [eps, 1 - eps]."""
    return Pw.logit(input, eps=None if eps is None else float(eps))


def nan_to_num(
    input: Tensor, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None
) -> Tensor:
    """NaN replaced by `nan`, +inf and -inf by `posinf` / `neginf` (the dtype's largest and
    smallest numbers by default)."""
    return Pw.nan_to_num(input, nan=nan, posinf=posinf, neginf=neginf)


# --- two and three inputs -------------------------------------------------------------------------


def _other(name: str, other: Any) -> Any:
    if not isinstance(other, Tensor):
        raise TypeError(
            f"{name}(): argument 'other' (position 2) must be Tensor, not {type(other).__name__}"
        )
    return other


def atan2(input: Tensor, other: Tensor) -> Tensor:
    """The angle of the point (other, input): atan(input / other), in the right quadrant."""
    return Pw.atan2(input, _other("atan2", other))


arctan2 = atan2


def hypot(input: Tensor, other: Tensor) -> Tensor:
    """√(input² + other²), without overflow on the way."""
    return Pw.hypot(input, _other("hypot", other))


def logaddexp(input: Tensor, other: Tensor) -> Tensor:
    """ln(e^input + e^other), computed without overflow."""
    return Pw.logaddexp(input, _other("logaddexp", other))


def xlogy(input: Any, other: Any) -> Tensor:
    """input · ln(other), and 0 where input is 0 (the entropy tutorials' 0 · ln 0 = 0)."""
    return Pw.xlogy(as_operand(input), as_operand(other))


def lerp(input: Tensor, end: Tensor, weight: Any) -> Tensor:
    """input + weight · (end - input): a straight line from input to end."""
    if isinstance(weight, Tensor):
        return Pw.lerp_tensor(input, end, weight)
    return Pw.lerp(input, end, weight=float(weight))


def addcmul(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
    """input + value · tensor1 · tensor2 (the step of Adam's moving averages)."""
    return Pw.addcmul(input, tensor1, tensor2, value=value)


def addcdiv(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
    """input + value · tensor1 / tensor2 (Adam's update)."""
    return Pw.addcdiv(input, tensor1, tensor2, value=value)


# --- statistics -----------------------------------------------------------------------------------


@accepts_axis
def nansum(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """The sum of the elements that are not NaN."""
    if dtype is not None:
        input = input.to(dtype)
    return St.nansum(input, dim=_dims(dim, input.ndim), keepdim=keepdim)


@accepts_axis
def nanmean(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """The mean of the elements that are not NaN (written as PyTorch writes it: a nansum
    divided by how many were counted)."""
    if not input.is_floating_point():
        raise RuntimeError(
            "nanmean(): expected input to have floating point or complex dtype but got "
            f"{input.dtype.type_name}"
        )
    counted = sum(input.isnan().logical_not(), dim=dim, keepdim=keepdim)
    return div(nansum(input, dim, keepdim, dtype=dtype), counted)


# (spread, mean over everything, mean along dims) for each pair: see ops/statistics.py
_PAIRS = {
    "std": (St.std_of_std_mean, St.mean_of_std_mean, St.mean_dim_of_std_mean),
    "var": (St.var_of_var_mean, St.mean_of_var_mean, St.mean_dim_of_var_mean),
}


def _paired(which, input, dim, unbiased, keepdim, correction):
    spread, whole_mean, dim_mean = _PAIRS[which]
    if isinstance(dim, bool):  # std_mean(x, False): the old positional `unbiased`
        dim, unbiased = None, dim
    dims = _dims(dim, input.ndim)
    first = spread(input, dim=dims, correction=_correction(unbiased, correction), keepdim=keepdim)
    if dims is None and not keepdim:
        return first, whole_mean(input)
    return first, dim_mean(input, dim=dims or tuple(range(input.ndim)), keepdim=keepdim)


@accepts_axis
def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(std, mean) of input, over everything or along dim."""
    return _paired("std", input, dim, unbiased, keepdim, correction)


@accepts_axis
def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(var, mean) of input, over everything or along dim."""
    return _paired("var", input, dim, unbiased, keepdim, correction)


ops.check_tensor_inputs(globals())
__all__ = [
    "acosh",
    "addcdiv",
    "addcmul",
    "arccosh",
    "arcsinh",
    "arctan2",
    "arctanh",
    "asinh",
    "atan2",
    "atanh",
    "deg2rad",
    "exp2",
    "frac",
    "hypot",
    "lerp",
    "logaddexp",
    "logit",
    "nan_to_num",
    "nanmean",
    "nansum",
    "rad2deg",
    "sgn",
    "std_mean",
    "var_mean",
    "xlogy",
]

"""PyTorch's functions, with PyTorch's signatures, routed to the primitives in ops/.

`autograd_core.sin(x)` and `x.sin()` are the same function: Tensor's methods call these. This
layer chooses the primitive (sum over everything is SumBackward0, over a dim SumBackward1),
normalises arguments (negative dims, shapes given as `*sizes` or a tuple) and raises PyTorch's
errors for bad ones. It holds no calculus: that is all in ops/.
"""

from __future__ import annotations

import builtins
import math
from collections import namedtuple
from typing import Any

import numpy as np

from . import dtypes, guard, ops
from .numpy_names import accepts_axis
from .ops import activations as Act
from .ops import arithmetic as A
from .ops import elementwise as E
from .ops import indexing as I
from .ops import linalg as L
from .ops import reductions as R
from .ops import selection as Sel
from .ops import shape as S
from .tensor import Tensor, as_operand, wrap_scalar

# --- argument helpers ------------------------------------------------------------------------


_NO_DIM = object()  # a dim nobody gave (torch.softmax(x)); see _need_dim


def _dim(dim: int, ndim: int) -> int:
    """A dim as a non-negative int, with PyTorch's error (a 0-dim tensor accepts -1 and 0)."""
    if isinstance(dim, Tensor):
        dim = dim.item()
    if not isinstance(dim, int | np.integer) or isinstance(dim, bool):
        raise TypeError(f"dim must be an int, got {type(dim).__name__}")
    size = builtins.max(ndim, 1)
    if not -size <= dim < size:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-size}, {size - 1}], "
            f"but got {dim})"
        )
    return int(dim) % size


def _dims(dim: Any, ndim: int) -> tuple[int, ...] | None:
    """`dim` given as None, an int or a sequence -> a sorted tuple of distinct dims (or None)."""
    if dim is None:
        return None
    if isinstance(dim, list | tuple):
        out = tuple(_dim(d, ndim) for d in dim)
        if len(set(out)) != len(out):
            raise RuntimeError(f"dim {out[0]} appears multiple times in the list of dims")
    else:
        out = (_dim(dim, ndim),)
    if ndim == 0:  # a 0-dim tensor accepts dim 0 (or -1), which has nothing to reduce or flip
        return ()
    return tuple(sorted(out))


def _sizes(args: tuple) -> tuple[int, ...]:
    """Shapes can be given as f(2, 3), f((2, 3)) or f([2, 3]) or f(torch.Size([2, 3]))."""
    if len(args) == 1 and isinstance(args[0], list | tuple):
        args = tuple(args[0])
    out = []
    for a in args:
        if isinstance(a, Tensor):
            a = a.item()
        if not isinstance(a, int | np.integer) or isinstance(a, bool):
            raise TypeError(
                f"expected a sequence of integers or a single integer, got {type(a).__name__}"
            )
        out.append(int(a))
    return tuple(out)


def _tensor(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else wrap_scalar(x)


def _is_scalar(x: Any) -> bool:
    return not isinstance(x, Tensor)


# --- arithmetic --------------------------------------------------------------------------------


def add(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:
    input, other = as_operand(input), as_operand(other)
    if _is_scalar(input):
        input, other = other, input  # 2 + x is recorded as x + 2
    return A.add(input, other, alpha=alpha)


def sub(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:
    input, other = as_operand(input), as_operand(other)
    if _is_scalar(input):
        return A.rsub(other, other=input, alpha=alpha)
    return A.sub(input, other, alpha=alpha)


subtract = sub


def rsub(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:
    return sub(other, input, alpha=alpha)


def mul(input: Any, other: Any) -> Tensor:
    input, other = as_operand(input), as_operand(other)
    if _is_scalar(input):
        input, other = other, input
    return A.mul(input, other)


multiply = mul


def div(input: Any, other: Any, *, rounding_mode: str | None = None) -> Tensor:
    input, other = as_operand(input), as_operand(other)
    if rounding_mode in ("floor", "trunc"):
        return A.div_rounded(_tensor(input), other, rounding_mode=rounding_mode)
    if rounding_mode is not None:
        raise RuntimeError(
            "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
            f"'{rounding_mode}'"
        )
    if _is_scalar(input):
        return mul(reciprocal(other), input)  # 2 / x, recorded as PyTorch does
    return A.div(input, other)


divide = true_divide = div


def floor_divide(input: Any, other: Any) -> Tensor:
    return A.floor_divide(_tensor(as_operand(input)), as_operand(other))


def remainder(input: Any, other: Any) -> Tensor:
    input, other = _tensor(as_operand(input)), as_operand(other)
    if isinstance(other, Tensor):
        return A.remainder_tensor(input, other)
    return A.remainder(input, other=other)


def fmod(input: Tensor, other: Any) -> Tensor:
    other = as_operand(other)
    if isinstance(other, Tensor):
        return A.fmod_tensor(input, other)
    return A.fmod(input, other=other)


def neg(input: Tensor) -> Tensor:
    if input._dtype is dtypes.bool_:
        raise RuntimeError(
            "Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
            "to invert a mask, use the `~` or `logical_not()` operator instead."
        )
    return A.neg(input)


negative = neg


def reciprocal(input: Tensor) -> Tensor:
    return A.reciprocal(input)


def pow(input: Any, exponent: Any) -> Tensor:
    input, exponent = as_operand(input), as_operand(exponent)
    if _is_scalar(input):
        return A.rpow(exponent, base=input)
    if _is_scalar(exponent):
        return A.pow(input, exponent=exponent)
    return A.pow_tensor(input, exponent)


def square(input: Tensor) -> Tensor:
    return pow(input, 2)


# --- elementwise ------------------------------------------------------------------------------

exp, log, log2, log10, log1p, expm1 = E.exp, E.log, E.log2, E.log10, E.log1p, E.expm1
sqrt, rsqrt, sin, cos, tan = E.sqrt, E.rsqrt, E.sin, E.cos, E.tan
asin, acos, atan, sinh, cosh, tanh = E.asin, E.acos, E.atan, E.sinh, E.cosh, E.tanh
arcsin, arccos, arctan = asin, acos, atan
sigmoid, relu, sign, softplus = E.sigmoid, E.relu, E.sign, E.softplus
erf = Act.erf
floor, ceil, trunc = E.floor, E.ceil, E.trunc
clone = E.clone


def abs(input: Tensor) -> Tensor:
    return E.abs(input)


absolute = abs


def round(input: Tensor, *, decimals: int = 0) -> Tensor:
    if decimals:
        scale = 10.0**decimals
        return E.round(input * scale) / scale
    return E.round(input)


def clamp(input: Tensor, min: Any = None, max: Any = None) -> Tensor:
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        out = input
        if min is not None:
            out = maximum(out, _tensor(min))
        if max is not None:
            out = minimum(out, _tensor(max))
        return out
    return E.clamp(
        input,
        min=None if min is None else as_operand(min),
        max=None if max is None else as_operand(max),
    )


clip = clamp


def maximum(input: Tensor, other: Tensor) -> Tensor:
    return E.maximum(input, _tensor(other))


def minimum(input: Tensor, other: Tensor) -> Tensor:
    return E.minimum(input, _tensor(other))


def where(condition: Tensor, input: Any = None, other: Any = None) -> Any:
    """input where condition holds, else other; torch.where(condition) alone is
    condition.nonzero(as_tuple=True): a tuple of index tensors, one per dimension."""
    condition = _tensor(condition)
    if input is None and other is None:
        return condition.nonzero(as_tuple=True)
    if condition._dtype is not dtypes.bool_:
        raise RuntimeError(
            f"where expected condition to be a boolean tensor, but got a tensor with dtype "
            f"{condition._dtype.type_name}"
        )
    input, other = as_operand(input), as_operand(other)
    if _is_scalar(input) and _is_scalar(other):
        input = _tensor(input)
    return E.where(input, other, condition=condition)


def leaky_relu(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    return E.leaky_relu(input, negative_slope=negative_slope)


# --- comparisons (no gradient) ----------------------------------------------------------------


def _compare(prim: ops.Primitive, input: Any, other: Any) -> Tensor:
    return prim(_tensor(as_operand(input)), as_operand(other))


def eq(input, other):
    return _compare(A.eq, input, other)


def ne(input, other):
    return _compare(A.ne, input, other)


def lt(input, other):
    return _compare(A.lt, input, other)


def le(input, other):
    return _compare(A.le, input, other)


def gt(input, other):
    return _compare(A.gt, input, other)


def ge(input, other):
    return _compare(A.ge, input, other)


greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def _elementwise_test(fn, input: Tensor) -> Tensor:
    return Tensor._make(np.asarray(fn(input._data)))


def isnan(input: Tensor) -> Tensor:
    return _elementwise_test(np.isnan, input)


def isinf(input: Tensor) -> Tensor:
    return _elementwise_test(np.isinf, input)


def isfinite(input: Tensor) -> Tensor:
    return _elementwise_test(np.isfinite, input)


def logical_not(input: Tensor) -> Tensor:
    return _elementwise_test(np.logical_not, input)


def logical_and(input, other):
    return _compare(A.logical_and, input, other)


def logical_or(input, other):
    return _compare(A.logical_or, input, other)


def logical_xor(input, other):
    return _compare(A.logical_xor, input, other)


def bitwise_and(input, other):
    return _compare(A.bitwise_and, input, other)


def bitwise_or(input, other):
    return _compare(A.bitwise_or, input, other)


def bitwise_xor(input, other):
    return _compare(A.bitwise_xor, input, other)


def equal(input: Tensor, other: Tensor) -> bool:
    return input.shape == other.shape and bool(np.array_equal(input._data, other._data))


def _guard_broadcast(what: str, *arrays: np.ndarray) -> None:
    guard.check_shape(np.broadcast_shapes(*(a.shape for a in arrays)), what)


def allclose(input: Tensor, other: Tensor, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    other_data = _tensor(other)._data
    _guard_broadcast("allclose", input._data, other_data)
    return bool(np.allclose(input._data, other_data, rtol, atol, equal_nan))


def isclose(input: Tensor, other: Any, rtol=1e-05, atol=1e-08, equal_nan=False) -> Tensor:
    other_data = _tensor(other)._data
    _guard_broadcast("isclose", input._data, other_data)
    return Tensor._make(np.isclose(input._data, other_data, rtol, atol, equal_nan))


# --- reductions -------------------------------------------------------------------------------


def _reduce_dtype(input: Tensor, dtype: dtypes.dtype | None) -> Tensor:
    return input if dtype is None else input.to(dtype)


@accepts_axis
def sum(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype=None) -> Tensor:
    input = _reduce_dtype(input, dtype)
    dims = _dims(dim, input.ndim)
    if dims is None and not keepdim:
        return R.sum(input)
    return R.sum_dim(input, dim=dims or tuple(range(input.ndim)), keepdim=keepdim)


@accepts_axis
def mean(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype=None) -> Tensor:
    input = _reduce_dtype(input, dtype)
    dims = _dims(dim, input.ndim)
    if dims is None and not keepdim:
        return R.mean(input)
    return R.mean_dim(input, dim=dims or tuple(range(input.ndim)), keepdim=keepdim)


@accepts_axis
def prod(input: Tensor, dim: int | None = None, keepdim: bool = False, *, dtype=None) -> Tensor:
    input = _reduce_dtype(input, dtype)
    if dim is None:
        return R.prod(input)
    return R.prod_dim(input, dim=_dim(dim, input.ndim), keepdim=keepdim)


_ReturnType = namedtuple("_ReturnType", ["values", "indices"])


class _MinMax(_ReturnType):
    """torch.return_types.max / min: a (values, indices) pair that prints like PyTorch's."""

    _name = "max"

    def __repr__(self) -> str:
        return (
            f"torch.return_types.{self._name}(\nvalues={self.values!r},\nindices={self.indices!r})"
        )


class _MaxResult(_MinMax):
    _name = "max"


class _MinResult(_MinMax):
    _name = "min"


def _nonempty(name: str, input: Tensor, dims: tuple[int, ...]) -> None:
    """A max, min or argmax over nothing has no answer (a sum over nothing is 0): PyTorch's
    error, before NumPy's own ("zero-size array to reduction operation ...")."""
    shape = input._data.shape
    for d in dims:
        if d < len(shape) and shape[d] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


def _extreme(input, dim, keepdim, other, full, along, arg, result_cls, opname):
    if isinstance(dim, Tensor) and other is None:
        return (maximum if opname == "max" else minimum)(input, dim)
    if other is not None:
        return (maximum if opname == "max" else minimum)(input, other)
    if dim is None:
        if input.numel() == 0:
            raise RuntimeError(
                f"{opname}(): Expected reduction dim to be specified for input.numel() == 0. "
                "Specify the reduction dim with the 'dim' argument."
            )
        return full(input)
    d = _dim(dim, input.ndim)
    if input.ndim == 0:
        return result_cls(input.clone(), Tensor._make(np.asarray(0, dtype=np.int64)))
    _nonempty(opname, input, (d,))
    indices = arg(input._data, axis=d, keepdims=keepdim)
    values = along(input, dim=d, keepdim=keepdim, indices=indices)
    return result_cls(values, Tensor._make(np.asarray(indices, dtype=np.int64)))


@accepts_axis
def max(input: Tensor, dim: Any = None, keepdim: bool = False, *, other: Any = None) -> Any:
    return _extreme(input, dim, keepdim, other, R.max, R.max_dim, np.argmax, _MaxResult, "max")


@accepts_axis
def min(input: Tensor, dim: Any = None, keepdim: bool = False, *, other: Any = None) -> Any:
    return _extreme(input, dim, keepdim, other, R.min, R.min_dim, np.argmin, _MinResult, "min")


def _extreme_dims(name: str, input: Tensor, dim: Any) -> tuple[int, ...]:
    """amax/amin's dims (none given: all of them), checked for an empty reduction."""
    dims = _dims(dim, input.ndim)
    if not dims:
        if input.numel() == 0:
            raise RuntimeError(
                f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
                "Specify the reduction dim with the 'dim' argument."
            )
        return tuple(range(input.ndim))
    _nonempty(name, input, dims)
    return dims


@accepts_axis
def amax(input: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    return R.amax(input, dim=_extreme_dims("amax", input, dim), keepdim=keepdim)


@accepts_axis
def amin(input: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    return R.amin(input, dim=_extreme_dims("amin", input, dim), keepdim=keepdim)


def _arg_dim(name: str, input: Tensor, dim: int | None) -> int | None:
    if dim is None:
        if input.numel() == 0:
            raise IndexError(
                f"{name}(): Expected reduction dim to be specified for input.numel() == 0."
            )
        return None
    d = _dim(dim, input.ndim)
    _nonempty(name, input, (d,))
    return d


@accepts_axis
def argmax(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    return R.argmax(input, dim=_arg_dim("argmax", input, dim), keepdim=keepdim)


@accepts_axis
def argmin(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    return R.argmin(input, dim=_arg_dim("argmin", input, dim), keepdim=keepdim)


def _correction(unbiased: Any, correction: Any) -> int | float:
    if correction is not None:
        return correction
    if unbiased is None:
        return 1
    return 1 if unbiased else 0


@accepts_axis
def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    if isinstance(dim, bool):  # var(x, False): the old positional `unbiased`
        dim, unbiased = None, dim
    return R.var(
        input,
        dim=_dims(dim, input.ndim),
        correction=_correction(unbiased, correction),
        keepdim=keepdim,
    )


@accepts_axis
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    return R.std(
        input,
        dim=_dims(dim, input.ndim),
        correction=_correction(unbiased, correction),
        keepdim=keepdim,
    )


@accepts_axis
def logsumexp(input: Tensor, dim: Any, keepdim: bool = False) -> Tensor:
    return R.logsumexp(input, dim=_dims(dim, input.ndim), keepdim=keepdim)


@accepts_axis
def softmax(input: Tensor, dim: Any = _NO_DIM, dtype=None) -> Tensor:
    _need_dim("softmax", dim)
    return R.softmax(_reduce_dtype(input, dtype), dim=_dim(dim, input.ndim))


@accepts_axis
def log_softmax(input: Tensor, dim: Any = _NO_DIM, dtype=None) -> Tensor:
    _need_dim("log_softmax", dim)
    return R.log_softmax(_reduce_dtype(input, dtype), dim=_dim(dim, input.ndim))


def _need_dim(name: str, dim: Any) -> None:
    """torch.softmax(x) without a dim: PyTorch's TypeError (nn.functional.softmax, which
    guesses the dim with a warning, is another function)."""
    if dim is _NO_DIM:
        raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')


def norm(input: Tensor, p: Any = "fro", dim: Any = None, keepdim: bool = False) -> Tensor:
    if not input.is_floating_point():  # for every p (p=1 would otherwise sum integers)
        raise R._vector_norm_error(input.dtype)
    if p in ("fro", 2, 2.0, None):
        return R.norm(input, dim=_dims(dim, input.ndim), keepdim=keepdim)
    if p == 1:
        return sum(abs(input), dim=dim, keepdim=keepdim)
    if p == float("inf"):
        return amax(abs(input), dim=() if dim is None else dim, keepdim=keepdim)
    return pow(sum(pow(abs(input), p), dim=dim, keepdim=keepdim), 1.0 / p)


@accepts_axis
def cumsum(input: Tensor, dim: int, *, dtype=None) -> Tensor:
    return R.cumsum(_reduce_dtype(input, dtype), dim=_dim(dim, input.ndim))


@accepts_axis
def all(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    return R.all(input, dim=None if dim is None else _dim(dim, input.ndim), keepdim=keepdim)


@accepts_axis
def any(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    return R.any(input, dim=None if dim is None else _dim(dim, input.ndim), keepdim=keepdim)


def numel(input: Tensor) -> int:
    return input.numel()


# --- shape ------------------------------------------------------------------------------------


def _infer_shape(shape: tuple[int, ...], numel: int) -> tuple[int, ...]:
    """Resolve one -1 in a requested shape, with PyTorch's messages for impossible shapes."""
    shown = "[" + ", ".join(str(s) for s in shape) + "]"
    unknown = [i for i, s in enumerate(shape) if s == -1]
    if len(unknown) > 1:
        raise RuntimeError("only one dimension can be inferred")
    if builtins.any(s < -1 for s in shape):
        raise RuntimeError(f"invalid shape dimension {builtins.min(shape)}")
    known = math.prod(s for s in shape if s != -1)
    if unknown:
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{shown}' is invalid for input of size {numel}")
        shape = tuple(numel // known if s == -1 else s for s in shape)
    if math.prod(shape) != numel:
        raise RuntimeError(f"shape '{shown}' is invalid for input of size {numel}")
    return shape


def reshape(input: Tensor, *shape: Any) -> Tensor:
    return _reshape(input, _infer_shape(_sizes(shape), input.numel()))


def _reshape(input: Tensor, shape: tuple[int, ...]) -> Tensor:
    """PyTorch's reshape, node for node: values already in order in memory are viewed in the
    new shape (ViewBackward0); otherwise a view with other strides if one exists
    (ReshapeAliasBackward0: `x.t().reshape(4, 3, 1)`), else a contiguous copy viewed in the new
    shape (CloneBackward0 under UnsafeViewBackward0: `x.t().reshape(-1)`)."""
    data = input._data
    if data.flags.c_contiguous:
        return S.reshape(input, shape=shape)
    if _viewable(data, shape):
        return S.reshape_alias(input, shape=shape)
    return S.unsafe_view(clone(input), shape=shape)


def _viewable(data: np.ndarray, shape: tuple[int, ...]) -> bool:
    """Can `data` be seen in `shape` without copying? (NumPy refuses a shape it cannot view.)"""
    seen = data.view()
    try:
        seen.shape = shape
    except AttributeError:
        return False
    return True


def view(input: Tensor, *shape: Any) -> Tensor:
    if len(shape) == 1 and isinstance(shape[0], dtypes.dtype):
        raise RuntimeError("view(dtype) is not supported; use .to(dtype) instead")
    return S.view(input, shape=_infer_shape(_sizes(shape), input.numel()))


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    if input.ndim == 0:
        return reshape(input, 1)
    have = input._data.shape
    start, end = _dim(start_dim, len(have)), _dim(end_dim, len(have))
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if start == end:
        return input
    shape = (*have[:start], math.prod(have[start : end + 1]), *have[end + 1 :])
    return _reshape(input, shape)


@accepts_axis
def squeeze(input: Tensor, dim: Any = None) -> Tensor:
    if dim is None:
        return S.squeeze(input)
    if isinstance(dim, list | tuple):
        return S.squeeze_dims(input, dim=_dims(dim, input.ndim))
    if input.ndim == 0:
        _dim(dim, 0)
        return S.squeeze(input)
    return S.squeeze_dim(input, dim=_dim(dim, input.ndim))


@accepts_axis
def unsqueeze(input: Tensor, dim: int) -> Tensor:
    return S.unsqueeze(input, dim=_dim(dim, input.ndim + 1))


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    if input.ndim == 0:  # nothing to swap, but the dims must still be valid
        _dim(dim0, 0), _dim(dim1, 0)
        return S.view(input, shape=())
    return S.transpose(input, dim0=_dim(dim0, input.ndim), dim1=_dim(dim1, input.ndim))


swapaxes = swapdims = transpose


def t(input: Tensor) -> Tensor:
    if input.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input.ndim}D")
    return S.t(input)


def permute(input: Tensor, *dims: Any) -> Tensor:
    dims = _sizes(dims)
    if len(dims) != input.ndim:
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match the "
            f"length of the desired ordering of dimensions i.e. input.dim() = {input.ndim} is "
            f"not equal to len(dims) = {len(dims)}"
        )
    norm_dims = tuple(_dim(d, input.ndim) for d in dims)
    if len(set(norm_dims)) != len(norm_dims):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return S.permute(input, dims=norm_dims)


def movedim(input: Tensor, source: int, destination: int) -> Tensor:
    src, dst = _dim(source, input.ndim), _dim(destination, input.ndim)
    order = [d for d in range(input.ndim) if d != src]
    order.insert(dst, src)
    return S.permute(input, dims=tuple(order))


def expand(input: Tensor, *sizes: Any) -> Tensor:
    sizes = _sizes(sizes)
    if len(sizes) < input.ndim:
        raise RuntimeError(
            f"expand(torch.FloatTensor{{[{', '.join(map(str, input.shape))}]}}, "
            f"size=[{', '.join(map(str, sizes))}]): the number of sizes provided "
            f"({len(sizes)}) must be greater or equal to the number of dimensions in the "
            f"tensor ({input.ndim})"
        )
    lead = len(sizes) - input.ndim
    shape = []
    for i, s in enumerate(sizes):
        own = input.shape[i - lead] if i >= lead else None
        if s == -1:
            if own is None:
                raise RuntimeError(
                    f"The expanded size of the tensor (-1) isn't allowed in a leading, "
                    f"non-existing dimension {i}"
                )
            s = own
        elif own is not None and own != 1 and own != s:
            raise RuntimeError(
                f"The expanded size of the tensor ({s}) must match the existing size ({own}) at "
                f"non-singleton dimension {i}.  Target sizes: [{', '.join(map(str, sizes))}].  "
                f"Tensor sizes: [{', '.join(map(str, input.shape))}]"
            )
        shape.append(s)
    return S.expand(input, shape=tuple(shape))


def broadcast_to(input: Tensor, shape: Any) -> Tensor:
    return expand(input, *_sizes((shape,)))


def repeat(input: Tensor, *sizes: Any) -> Tensor:
    sizes = _sizes(sizes)
    if len(sizes) < input.ndim:
        raise RuntimeError(
            "Number of dimensions of repeat dims can not be smaller than number of dimensions "
            "of tensor"
        )
    return S.repeat(input, repeats=sizes)


def flip(input: Tensor, dims: Any) -> Tensor:
    return S.flip(input, dims=_dims(dims, input.ndim))


def _tensor_list(tensors: Any, name: str) -> list[Tensor]:
    if isinstance(tensors, Tensor) or not isinstance(tensors, list | tuple):
        raise TypeError(
            f"{name}() argument 'tensors' must be tuple of Tensors, not {type(tensors).__name__}"
        )
    if not tensors:  # PyTorch's words: cat's come from Python, the others' from C++
        if name == "cat":
            raise ValueError("torch.cat(): expected a non-empty list of Tensors")
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    for t_ in tensors:
        if not isinstance(t_, Tensor):
            raise TypeError(
                f"expected Tensor as element 0 in argument 0, but got {type(t_).__name__}"
            )
    return list(tensors)


@accepts_axis
def cat(tensors: Any, dim: int = 0) -> Tensor:
    tensors = _tensor_list(tensors, "cat")
    tensors = [t_ for t_ in tensors if not (t_.ndim == 1 and t_.shape[0] == 0)] or tensors[:1]
    first = tensors[0]
    d = _dim(dim, first.ndim)
    for i, t_ in enumerate(tensors[1:], start=1):
        if t_.ndim != first.ndim:
            raise RuntimeError(
                f"Tensors must have same number of dimensions: got {first.ndim} and {t_.ndim}"
            )
        for k in range(first.ndim):
            if k != d and t_.shape[k] != first.shape[k]:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {d}. Expected size "
                    f"{first.shape[k]} but got size {t_.shape[k]} for tensor number {i} in the "
                    "list."
                )
    if first.ndim == 0:
        raise RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated")
    return S.cat(*tensors, dim=d)


concat = concatenate = cat


@accepts_axis
def stack(tensors: Any, dim: int = 0) -> Tensor:
    tensors = _tensor_list(tensors, "stack")
    for i, t_ in enumerate(tensors):
        if t_.shape != tensors[0].shape:
            raise RuntimeError(
                f"stack expects each tensor to be equal size, but got "
                f"[{', '.join(map(str, tensors[0].shape))}] at entry 0 and "
                f"[{', '.join(map(str, t_.shape))}] at entry {i}"
            )
    return S.stack(*tensors, dim=_dim(dim, tensors[0].ndim + 1))


@accepts_axis
def narrow(input: Tensor, dim: int, start: int, length: int) -> Tensor:
    """input[..., start:start + length] along `dim`, with PyTorch's checks: a start may count
    from the end (-size <= start <= size), and the piece must fit inside the dimension."""
    if input.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    d = _dim(dim, input.ndim)
    if isinstance(start, Tensor):  # narrow(0, torch.tensor(1), 2), as PyTorch allows
        start = start.item()
    size = input.shape[d]
    if not -size <= start <= size:
        raise IndexError(
            f"start out of range (expected to be in range of [{-size}, {size}], but got {start})"
        )
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    start = start + size if start < 0 else start
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return I.slice(input, dim=d, start=start, stop=start + length, step=1)


def unfold(input: Tensor, dimension: int, size: int, step: int) -> Tensor:
    """Tensor.unfold: windows along one dim, with PyTorch's checks and words."""
    d = _dim(dimension, input.ndim)
    length = input.shape[d] if input.ndim else 1
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if size > length:
        raise RuntimeError(
            f"maximum size for tensor at dimension {d} is {length} but size is {size}"
        )
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    return S.unfold_dim(input, dim=d, size=size, step=step)


@accepts_axis
def select(input: Tensor, dim: int, index: int) -> Tensor:
    if input.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = _dim(dim, input.ndim)
    size = input.shape[d]
    if not -size <= index < size:
        raise IndexError(
            f"select(): index {index} out of range for tensor of size {list(input.shape)} at "
            f"dimension {d}"
        )
    return I.select(input, dim=d, index=int(index) % size)


@accepts_axis
def unbind(input: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
    d = _dim(dim, input.ndim)
    guard.check_pieces(input.shape[d], "unbind")
    return tuple(Sel.unbind_piece(input, dim=d, index=i) for i in range(input.shape[d]))


def split(input: Tensor, split_size_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """Pieces of equal size (SplitBackward0) or of the listed sizes (SplitWithSizesBackward0)."""
    d = _dim(dim, input.ndim)
    size = input.shape[d]
    if isinstance(split_size_or_sections, int):
        step = split_size_or_sections
        if step < 0 or (step == 0 and size):
            raise RuntimeError(
                f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}"
                if step == 0
                else f"split expects split_size be non-negative, but got split_size={step}"
            )
        guard.check_pieces(-(-size // step) if step else 1, "split")
        sizes = [builtins.min(step, size - s) for s in range(0, size, step)] if step else [0]
        piece = Sel.split_piece
    else:
        sizes = [int(n) for n in split_size_or_sections]
        if builtins.sum(sizes) != size or builtins.any(n < 0 for n in sizes):
            raise RuntimeError(
                f"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's "
                f"size at dimension {d}), but got split_sizes={sizes}"
            )
        piece = Sel.split_sizes_piece
    out, start = [], 0
    for n in sizes:
        out.append(piece(input, dim=d, start=start, stop=start + n))
        start += n
    return tuple(out)


@accepts_axis
def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    size = input.shape[_dim(dim, input.ndim)]
    return split(input, builtins.max(1, -(-size // chunks)), dim)


def masked_fill(input: Tensor, mask: Tensor, value: Any) -> Tensor:
    return I.masked_fill(
        input, mask=_tensor(mask), value=float(value) if not isinstance(value, bool) else value
    )


def _checked_index(name: str, input: Tensor, dim: Any, index: Any, src: Any = None) -> int:
    """gather/scatter's checks, in PyTorch's order and words; returns dim as a non-negative int."""
    if not isinstance(index, Tensor):
        raise TypeError(
            f"{name}(): argument 'index' (position 2) must be Tensor, not {type(index).__name__}"
        )
    d = _dim(dim, input.ndim)
    if index._dtype not in (dtypes.int64, dtypes.int32):
        raise RuntimeError(
            f"{'gather' if name == 'gather' else 'scatter'}(): Expected dtype int32/int64 for index"
        )
    if builtins.max(index.ndim, 1) != builtins.max(input.ndim, 1):  # 0-d counts as 1-d
        who = "input" if name == "gather" else "self"
        raise RuntimeError(f"Index tensor must have the same number of dimensions as {who} tensor")
    shape, wanted = list(input.shape) or [1], list(index.shape) or [1]
    if isinstance(src, Tensor):
        if builtins.any(
            (n > shape[i] and i != d) or n > src.shape[i] for i, n in enumerate(wanted)
        ):
            raise RuntimeError(
                f"Expected index {wanted} to be no larger than self {shape} apart from dimension "
                f"{d} and to be no larger size than src {list(src.shape)}"
            )
    else:
        for i, n in enumerate(wanted):
            if i != d and n > shape[i]:
                raise RuntimeError(
                    f"Size does not match at dimension {i} expected index {wanted} to be no "
                    f"larger than self {shape} apart from dimension {d}"
                )
    size = shape[d]
    bad = index._data[(index._data < 0) | (index._data >= size)]
    if bad.size:
        raise RuntimeError(
            f"index {int(bad.flat[0])} is out of bounds for dimension {d} with size {size}"
        )
    return d


@accepts_axis
def gather(input: Tensor, dim: int, index: Tensor, *, sparse_grad: bool = False) -> Tensor:
    """out[i][j] = input[i][index[i][j]] for dim=1: pick one element per index entry."""
    return I.gather(input, dim=_checked_index("gather", input, dim, index), index=index)


@accepts_axis
def scatter(
    input: Tensor, dim: int, index: Tensor, src: Any = None, *, value: Any = None
) -> Tensor:
    """A copy of input with out[i][index[i][j]] = src[i][j] (dim=1); src may be a number."""
    if src is None:
        src = value
    if src is None:
        raise TypeError(
            "scatter() received an invalid combination of arguments - expected "
            "(int dim, Tensor index, Tensor src) or (int dim, Tensor index, Number value)"
        )
    d = _checked_index("scatter", input, dim, index, src)
    if isinstance(src, Tensor):
        return I.scatter(input, src, dim=d, index=index)
    return I.scatter_value(input, dim=d, index=index, value=src)


@accepts_axis
def scatter_add(input: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:
    """A copy of input with src[i][j] added at [i][index[i][j]] (dim=1); repeats add up."""
    d = _checked_index("scatter_add", input, dim, index, _tensor(src))
    return I.scatter_add(input, _tensor(src), dim=d, index=index)


# --- matrix products --------------------------------------------------------------------------


def mm(input: Tensor, mat2: Tensor) -> Tensor:
    if input.ndim != 2 or mat2.ndim != 2:
        bad = input if input.ndim != 2 else mat2
        raise RuntimeError(f"{'self' if bad is input else 'mat2'} must be a matrix")
    return L.mm(input, mat2)


def mv(input: Tensor, vec: Tensor) -> Tensor:
    return L.mv(input, vec)


def dot(input: Tensor, other: Tensor) -> Tensor:
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D tensors")
    return L.dot(input, other)


inner = dot


def outer(input: Tensor, vec2: Tensor) -> Tensor:
    return mul(input.unsqueeze(1), vec2.unsqueeze(0))


ger = outer


def matmul(input: Tensor, other: Tensor) -> Tensor:
    """PyTorch's matmul, node for node (aten's _matmul_impl): vector·vector is dot,
    matrix·vector mv, matrix·matrix mm; a batch times a matrix or a vector is folded into one
    mm or mv; anything else is a bmm of the batches broadcast to one shape; a result of more
    than two dims is given its shape by UnsafeViewBackward0, as PyTorch records it."""
    if not isinstance(other, Tensor) or not isinstance(input, Tensor):
        raise TypeError(
            f"matmul(): argument 'other' (position 2) must be Tensor, not {type(other).__name__}"
        )
    a, b = input.ndim, other.ndim
    if a == 0 or b == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {a}D and {b}D"
        )
    if a == 1 and b == 1:
        return dot(input, other)
    if a == 2 and b == 1:
        return mv(input, other)
    if a == 1 and b == 2:
        return S.squeeze_matmul(mm(input.unsqueeze(0), other), dim=0)
    if a == 2 and b == 2:
        return mm(input, other)
    if _should_fold(input, other):
        return _folded_matmul(input, other)
    return _batched_matmul(input, other)


def _should_fold(input: Tensor, other: Tensor) -> bool:
    """PyTorch's should_fold: a batch of three or more dims times a matrix or a vector becomes
    one mm or mv when that needs no copy of the batch, or when the smaller one requires grad
    (its gradient is then one product, not a batch of them summed)."""
    larger_first = input.ndim >= other.ndim
    t1 = input if larger_first else other.mT
    small = other if larger_first else input
    if not (t1.ndim >= 3 and small.ndim <= 2):
        return False
    if small.requires_grad:
        return True
    if input.ndim == 2:
        return False
    if t1.numel() == 0:
        return True
    data = t1._data
    strides = [s // data.itemsize for s in data.strides]
    return builtins.all(
        strides[i] == strides[i + 1] * data.shape[i + 1] for i in range(t1.ndim - 2)
    )


def _folded_matmul(input: Tensor, other: Tensor) -> Tensor:
    transpose = other.ndim > input.ndim
    t1 = other.mT if transpose else input
    t2 = (input.t() if input.ndim == 2 else input) if transpose else other
    shape = tuple(t1.shape[:-1])
    rows = _reshape(t1, (math.prod(shape), t1.shape[-1]))
    if t2.ndim == 2:
        out = S.unsafe_view(mm(rows, t2), shape=(*shape, t2.shape[1]))
        return out.mT.contiguous() if transpose else out
    return S.unsafe_view(mv(rows, t2), shape=shape)


def _batched_matmul(input: Tensor, other: Tensor) -> Tensor:
    a, b = input.ndim, other.ndim
    n = input.shape[-2] if a > 1 else 1
    m1 = input.shape[-1]
    batch1 = tuple(input.shape[: builtins.max(a - 2, 0)])
    m2 = other.shape[-2] if b > 1 else other.shape[0]
    p = other.shape[-1] if b > 1 else 1
    batch2 = tuple(other.shape[: builtins.max(b - 2, 0)])
    if a == 3 and b == 3 and batch1[0] != batch2[0]:  # a batch of one that requires grad
        if batch1[0] == 1 and input.requires_grad:
            return matmul(input.squeeze(0), other)
        if batch2[0] == 1 and other.requires_grad:
            return matmul(input, other.squeeze(0))
    batch = ops.broadcast_shape(np.broadcast_to(0, batch1), np.broadcast_to(0, batch2))
    count = math.prod(batch)
    left = _reshape(expand(input, *batch, n, m1), (count, n, m1))
    if b == 1:
        right = _reshape(expand(other, *batch, m2), (count, m2)).unsqueeze(2)
        product = L.bmm(left, right).squeeze(-1)
    else:
        product = L.bmm(left, _reshape(expand(other, *batch, m2, p), (count, m2, p)))
    shape = (*batch, *((n,) if a > 1 else ()), *((p,) if b > 1 else ()))
    return S.unsafe_view(product, shape=shape)


def trace(input: Tensor) -> Tensor:
    """The sum of a matrix's diagonal (PyTorch's torch.trace)."""
    return L.trace(input)


def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    return L.bmm(input, mat2)


# --- indexing ---------------------------------------------------------------------------------


def _numpy_key(key: Any, input: Tensor) -> tuple:
    """An indexing key with tensors and lists turned into NumPy arrays."""
    if not isinstance(key, tuple):
        key = (key,)
    out = []
    for k in key:
        if isinstance(k, Tensor):
            if k._dtype.is_floating_point:
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            k = k._data
        elif isinstance(k, list):
            k = np.asarray(k)
            if k.dtype.kind not in "iub":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        elif isinstance(k, float):
            raise IndexError(
                "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables "
                "are valid indices (got float)"
            )
        elif isinstance(k, np.integer):
            k = int(k)
        elif isinstance(k, str):
            raise IndexError(
                "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables "
                "are valid indices (got str)"
            )
        out.append(k)
    return tuple(out)


def _advanced_index_size(shape: tuple[int, ...], key: tuple) -> int:
    """An upper bound on the elements `x[key]` creates, without creating them: index arrays
    broadcast together (a mask counts its True values), and every other dim is kept whole."""
    arrays, used = [], 0
    for k in key:
        if isinstance(k, np.ndarray) and k.dtype == bool:
            arrays.append((int(k.sum()),))
            used += k.ndim
        elif isinstance(k, np.ndarray):
            arrays.append(k.shape)
            used += 1
        elif k is not None and k is not Ellipsis:
            used += 1
    try:
        picked = math.prod(np.broadcast_shapes(*arrays)) if arrays else 1
    except ValueError:
        return 0  # NumPy will refuse these indices with its own error
    return picked * math.prod(shape[used:])


def _is_basic(k: Any) -> bool:
    if isinstance(k, np.ndarray):
        return k.ndim == 0 and k.dtype.kind in "iu"
    return k is None or k is Ellipsis or (isinstance(k, int | slice) and not isinstance(k, bool))


def _index_a_number(key: Any) -> None:
    """loss[0] and friends: what PyTorch says when one int or slice indexes a 0-dim tensor."""
    if isinstance(key, slice):
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    if isinstance(key, int | np.integer) and not isinstance(key, bool):
        if key == 0:
            raise IndexError(
                "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number"
            )
        raise IndexError(f"index {key} is out of bounds for dimension 0 with size 0")


def getitem(input: Tensor, key: Any) -> Tensor:
    """x[...]: plain ints and slices become a chain of views (SelectBackward0, SliceBackward0,
    as PyTorch records them); lists, tensors and masks become one IndexBackward0."""
    if input.ndim == 0:
        _index_a_number(key)
    key = _numpy_key(key, input)
    if not builtins.all(_is_basic(k) for k in key):
        if guard.active.get() is not None:
            guard.check_numel(_advanced_index_size(input._data.shape, key), "indexing")
        try:
            input._data[key]  # validate first: NumPy's errors, in PyTorch's words
        except IndexError as e:
            if str(e).startswith("too many indices"):
                raise IndexError(f"too many indices for tensor of dimension {input.ndim}") from None
            raise IndexError(str(e).replace("axis", "dimension")) from None
        return I.index(input, key=key)
    specified = builtins.sum(1 for k in key if k is not None and k is not Ellipsis)
    if specified > input.ndim:
        raise IndexError(f"too many indices for tensor of dimension {input.ndim}")
    if builtins.sum(1 for k in key if k is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    expanded: list[Any] = []
    for k in key:
        if k is Ellipsis:
            expanded += [slice(None)] * (input.ndim - specified)
        else:
            expanded.append(k)
    out, dim, changed = input, 0, False
    for k in expanded:
        if k is None:
            out, dim, changed = S.unsqueeze(out, dim=dim), dim + 1, True
        elif isinstance(k, slice):
            if k.step is not None and k.step <= 0:
                raise ValueError("step must be greater than zero")
            if k != slice(None):
                start, stop, step = k.indices(out.shape[dim])
                out = I.slice(out, dim=dim, start=start, stop=builtins.max(start, stop), step=step)
                changed = True
            dim += 1
        else:
            size, k = out.shape[dim], int(k)
            if not -size <= k < size:  # indexing's words, not select()'s
                raise IndexError(f"index {k} is out of bounds for dimension {dim} with size {size}")
            out, changed = I.select(out, dim=dim, index=k % size), True
    if not changed:  # x[:] or x[...]: still a new view, as in PyTorch
        out = (
            I.slice(out, dim=0, start=0, stop=out.shape[0], step=1)
            if out.ndim
            else S.view(out, shape=())
        )
    return out


# torch.sin_(a), as "The Fundamentals of Autograd" writes it: the tensor's in-place method called
# as a function (on a leaf that requires grad it fails with PyTorch's words, as the method does).
def _in_place_function(name: str) -> Any:
    def function(input: Tensor) -> Tensor:
        return getattr(input, name)()

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"torch.{name}(input): input.{name}(), in place."
    return function


abs_, cos_, exp_, log_, neg_, relu_, sigmoid_, sin_, sqrt_, tanh_ = (
    _in_place_function(name)
    for name in (
        "abs_",
        "cos_",
        "exp_",
        "log_",
        "neg_",
        "relu_",
        "sigmoid_",
        "sin_",
        "sqrt_",
        "tanh_",
    )
)


# torch.sin(2.0) and torch.sum([1, 2]) fail with PyTorch's TypeError ("must be Tensor, not
# float") instead of an AttributeError from inside.
ops.check_tensor_inputs(globals())

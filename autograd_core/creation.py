"""Making tensors: `tensor(data)` and the factories (zeros, ones, arange, randn, ...).

Dtypes are inferred as PyTorch does: Python floats give float32 (not NumPy's float64), ints give
int64, bools give bool; a NumPy array keeps its own dtype. Random numbers come from a generator
per thread/context (seeded by `manual_seed`), so two people using the app at once never draw
from, or reseed, each other's generator.
"""

from __future__ import annotations

import inspect
import math
import warnings
from contextvars import ContextVar
from typing import Any

import numpy as np

from . import dtypes, guard
from .cpu_generator import CpuRandom
from .tensor import Tensor, usable_device
from .torch_functions import _sizes

_FLOAT_GRAD_ONLY = "Only Tensors of floating point and complex dtype can require gradients"


def _resolve_dtype(d: Any) -> dtypes.dtype | None:
    if d is None or isinstance(d, dtypes.dtype):
        return d
    if d in (float,):
        return dtypes.float64
    if d in (int,):
        return dtypes.int64
    if d in (bool,):
        return dtypes.bool_
    if isinstance(d, str) and d.removeprefix("torch.") in dtypes.ALIASES:
        return dtypes.ALIASES[d.removeprefix("torch.")]
    try:
        return dtypes.from_numpy(np.dtype(d))
    except TypeError:
        raise TypeError(f"dtype must be a torch dtype (e.g. torch.float32), not {d!r}") from None


def _finish(data: np.ndarray, dtype: dtypes.dtype, requires_grad: bool) -> Tensor:
    t = Tensor._make(data, dtype)
    if requires_grad:
        if not dtype.is_floating_point:
            raise RuntimeError(_FLOAT_GRAD_ONLY)
        t._requires_grad = True
    return t


def _infer(data: Any) -> tuple[np.ndarray, dtypes.dtype]:
    """Python data -> (array, PyTorch's inferred dtype). The array is not yet of that dtype."""
    if isinstance(data, np.ndarray):
        return data.copy(), dtypes.from_numpy(data.dtype)
    if isinstance(data, np.generic):
        return np.asarray(data), dtypes.from_numpy(data.dtype)
    if isinstance(data, range):
        data = list(data)
    _check_elements(data)
    try:
        arr = np.array(data)
    except ValueError as e:
        raise ValueError(_ragged_message(data) or str(e)) from None
    if arr.dtype == object:
        raise ValueError(_ragged_message(data) or "could not infer a tensor from this data")
    # The array keeps NumPy's full precision: it is cast once, to the dtype asked for or inferred
    # (tensor([0.1], dtype=torch.float64) must not pass through float32 on the way).
    if arr.dtype.kind == "f":
        return arr, dtypes.float32
    if arr.dtype.kind in "iu":
        return arr, dtypes.int64
    if arr.dtype.kind == "b":
        return arr, dtypes.bool_
    raise TypeError(f"new(): invalid data type '{arr.dtype.name}'")


def _check_elements(data: Any) -> None:
    """Refuse what PyTorch refuses (strings, None, ...) with its message, before NumPy guesses."""
    stack = [data]
    seen = 0
    while stack:
        x = stack.pop()
        seen += 1
        if isinstance(x, list | tuple):
            stack.extend(x)
        elif isinstance(x, Tensor):
            if x.numel() != 1:
                raise ValueError("only one element tensors can be converted to Python scalars")
        elif not isinstance(x, int | float | bool | np.number | np.bool_):
            if inspect.isgenerator(x):
                raise RuntimeError("Could not infer dtype of generator")
            raise TypeError(f"new(): invalid data type '{type(x).__name__}'")
        if seen % 65536 == 0:  # a resource guard hears about huge nested lists early
            guard.check_numel(seen, "tensor")


def _ragged_message(data: Any) -> str | None:
    def walk(x: Any, depth: int, expected: list[int]) -> str | None:
        if not isinstance(x, list | tuple):
            if depth < len(expected):
                return f"expected sequence of length {expected[depth]} at dim {depth} (got 0)"
            return None
        if depth >= len(expected):
            expected.append(len(x))
        elif len(x) != expected[depth]:
            return f"expected sequence of length {expected[depth]} at dim {depth} (got {len(x)})"
        for item in x:
            msg = walk(item, depth + 1, expected)
            if msg:
                return msg
        return None

    return walk(data, 0, [])


def tensor(data: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """A new leaf tensor holding a copy of `data` (a number, nested lists, or an array)."""
    usable_device(device)
    if isinstance(data, Tensor):
        warnings.warn(
            "To copy construct from a tensor, it is recommended to use sourceTensor.detach()."
            "clone() or sourceTensor.detach().clone().requires_grad_(True), rather than "
            "torch.tensor(sourceTensor).",
            UserWarning,
            stacklevel=2,
        )
        arr, inferred = data._data.copy(), data._dtype
    else:
        arr, inferred = _infer(data)
    guard.check_numel(arr.size, "tensor")
    d = _resolve_dtype(dtype) or inferred
    return _finish(dtypes.cast(arr, d.numpy, copy=False), d, requires_grad)


def as_tensor(data: Any, dtype: Any = None, device: Any = None) -> Tensor:
    usable_device(device)
    if isinstance(data, Tensor) and (dtype is None or _resolve_dtype(dtype) is data._dtype):
        return data
    return tensor(data, dtype=dtype)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with a NumPy array (changes to one show in the other)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    return Tensor._make(array, dtypes.from_numpy(array.dtype))


def _given_size(name: str, sizes: tuple, size: Any) -> tuple:
    """The shape as given: `zeros(2, 3)`, `zeros((2, 3))`, or as d2l writes `zeros(size=(2, 3))`."""
    if size is None:
        return sizes
    if sizes:
        raise TypeError(f"{name}() got multiple values for argument 'size'")
    return (size,)


def _filled(
    size: tuple, value: Any, dtype: Any, requires_grad: bool, default: dtypes.dtype
) -> Tensor:
    shape = _sizes(size)
    if any(s < 0 for s in shape):
        raise RuntimeError(
            f"Trying to create tensor with negative dimension {min(shape)}: "
            f"[{', '.join(map(str, shape))}]"
        )
    guard.check_shape(shape, "new tensor")
    d = _resolve_dtype(dtype) or default
    return _finish(np.full(shape, value, dtype=d.numpy), d, requires_grad)


def zeros(
    *sizes: Any,
    size: Any = None,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    usable_device(device)
    size = _given_size("zeros", sizes, size)
    if any(s < 0 for s in _sizes(size)):  # zeros words it its own way in PyTorch 2.13
        raise RuntimeError("zeros: Dimension size must be non-negative.")
    return _filled(size, 0, dtype, requires_grad, dtypes.float32)


def ones(
    *sizes: Any,
    size: Any = None,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    usable_device(device)
    size = _given_size("ones", sizes, size)
    return _filled(size, 1, dtype, requires_grad, dtypes.float32)


def empty(
    *sizes: Any,
    size: Any = None,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """ "Uninitialised" memory: zeros are as good as anything, and reproducible."""
    usable_device(device)
    size = _given_size("empty", sizes, size)
    return _filled(size, 0, dtype, requires_grad, dtypes.float32)


def full(
    size: Any,
    fill_value: Any,
    *,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    usable_device(device)
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    return _filled(
        (size,) if isinstance(size, int) else (tuple(size),),
        fill_value,
        dtype,
        requires_grad,
        dtypes.scalar_dtype(fill_value),
    )


def _like(input: Tensor, dtype: Any) -> tuple[tuple, dtypes.dtype]:
    return (tuple(input.shape),), _resolve_dtype(dtype) or input._dtype


def zeros_like(
    input: Tensor, *, dtype: Any = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    usable_device(device)
    size, d = _like(input, dtype)
    return _filled(size, 0, d, requires_grad, d)


def ones_like(
    input: Tensor, *, dtype: Any = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    usable_device(device)
    size, d = _like(input, dtype)
    return _filled(size, 1, d, requires_grad, d)


empty_like = zeros_like


def full_like(
    input: Tensor,
    fill_value: Any,
    *,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    usable_device(device)
    size, d = _like(input, dtype)
    return _filled(size, fill_value, d, requires_grad, d)


def arange(
    start: Any,
    end: Any = None,
    step: Any = 1,
    *,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Values from start (inclusive) to end (exclusive) in steps: arange(5) is 0, 1, 2, 3, 4."""
    usable_device(device)
    if end is None:
        start, end = 0, start
    values = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    start, end, step = values
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    count = max(0, math.ceil((end - start) / step))
    guard.check_numel(count, "arange")
    is_float = any(isinstance(v, float) for v in values)
    d = _resolve_dtype(dtype) or (dtypes.float32 if is_float else dtypes.int64)
    if d.is_floating_point:
        data = _arange_as_pytorch(float(start), float(step), count, d.numpy)
    else:
        data = np.arange(start, end, step)
    return _finish(data.astype(d.numpy), d, requires_grad)


# PyTorch's CPU arange fills 2 vectors per loop pass (AVX2: 8 float32 or 4 float64 lanes): each
# vector starts at start + step * i worked out in double with a fused multiply-add, its lanes add
# step * j to that start (rounded to the dtype first for float32), and the last elements that
# do not fill two vectors get start + step * i each. That is why torch.arange(-8.0, 8.0, 0.1)
# holds 4.4409e-16 where 0 would be (d2l prints it), and the same formula gives the same digits.
_ARANGE_LANES = {np.dtype(np.float32): 8, np.dtype(np.float64): 4}


def _arange_as_pytorch(start: float, step: float, count: int, dtype: np.dtype) -> np.ndarray:
    index = np.arange(count, dtype=np.float64)
    lanes = _ARANGE_LANES.get(np.dtype(dtype))
    out = _fused_multiply_add(index, step, start)  # the short tail's formula, and other dtypes
    if lanes is None:
        return out
    vectors = count // (2 * lanes) * 2 * lanes
    lane = index[:vectors] % lanes
    first = _fused_multiply_add(index[:vectors] - lane, step, start)
    if dtype == np.float32:
        first = first.astype(np.float32).astype(np.float64)
    out[:vectors] = _fused_multiply_add(lane, step, first)
    return out


def _fused_multiply_add(a: np.ndarray, b: float, c: Any) -> np.ndarray:
    """a * b + c rounded once, as a CPU's fused multiply-add does: the product's rounding error
    (Dekker's exact split) and the sum's (Knuth's two-sum) are added back before the last
    rounding. NumPy has no fma of its own."""
    product = a * b
    split = 134217729.0  # 2**27 + 1: cuts a double into two halves whose products are exact
    a_hi = a * split - (a * split - a)
    b_hi = b * split - (b * split - b)
    a_lo, b_lo = a - a_hi, b - b_hi
    product_error = ((a_hi * b_hi - product) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    total = product + c
    back = total - product
    sum_error = (product - (total - back)) + (c - back)
    with np.errstate(invalid="ignore", over="ignore"):
        return total + (sum_error + product_error)


def linspace(
    start: Any,
    end: Any,
    steps: int,
    *,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """`steps` evenly spaced values from start to end, both included."""
    usable_device(device)
    if not isinstance(steps, int) or steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    guard.check_numel(steps, "linspace")
    d = _resolve_dtype(dtype) or dtypes.float32
    return _finish(_linspace(start, end, steps, d.numpy), d, requires_grad)


def _linspace(start: Any, end: Any, steps: int, dtype: np.dtype) -> np.ndarray:
    """PyTorch's linspace, bit for bit: the first half counts up from start, the second half back
    from end (so both ends are exact), each value one fused multiply-add `start + step * i`,
    rounded once. Computed in a wider type, which holds the product exactly. NumPy's linspace
    rounds differently and disagrees in the last bit for most float32 ranges."""
    if steps <= 1:
        return np.full(steps, start, dtype=dtype)
    if dtype.kind != "f":  # integers: the ends are cut to integers first, the step is a double
        kind, first, last = np.float64, np.float64(int(start)), np.float64(int(end))
    else:
        kind = dtype.type
        first, last = kind(start), kind(end)
    step = (last - first) / kind(steps - 1)
    wide = np.longdouble if kind is np.float64 else np.float64
    i = np.arange(steps, dtype=wide)
    up = wide(first) + wide(step) * i
    down = wide(last) - wide(step) * (wide(steps - 1) - i)
    values = np.where(i < steps // 2, up, down).astype(kind)
    return values.astype(dtype)  # integers: truncated toward zero, as PyTorch casts


def logspace(
    start: Any,
    end: Any,
    steps: int,
    base: float = 10.0,
    *,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    usable_device(device)
    guard.check_numel(steps, "logspace")
    d = _resolve_dtype(dtype) or dtypes.float32
    return _finish(
        (base ** np.linspace(float(start), float(end), steps)).astype(d.numpy), d, requires_grad
    )


def eye(
    n: int,
    m: int | None = None,
    *,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """The identity matrix (n x m)."""
    usable_device(device)
    m = n if m is None else m
    if n < 0 or m < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {min(n, m)}")
    guard.check_shape((n, m), "eye")
    d = _resolve_dtype(dtype) or dtypes.float32
    return _finish(np.eye(n, m, dtype=d.numpy), d, requires_grad)


# --- random numbers ---------------------------------------------------------------------------


class Generator:
    """A seeded source of random numbers (PyTorch's torch.Generator, CPU only), drawing what
    PyTorch's CPU generator draws (cpu_generator.py). A new one starts from PyTorch's default
    seed, as `torch.Generator()` does."""

    def __init__(self, device: Any = "cpu") -> None:
        self.manual_seed(_DEFAULT_SEED)

    def manual_seed(self, seed: int) -> Generator:
        self._seed = int(seed) % (2**64)
        self._random = CpuRandom(self._seed)
        return self

    def initial_seed(self) -> int:
        return self._seed

    def seed(self) -> int:
        return self.manual_seed(_fresh_seed()).initial_seed()

    def __repr__(self) -> str:
        return "<torch._C.Generator object>"


# PyTorch's default_rng_seed_val: where every new torch.Generator() starts.
_DEFAULT_SEED = 67280421310721


def _fresh_seed() -> int:
    """A non-deterministic seed, as PyTorch seeds its default generator at start-up."""
    return int(np.random.SeedSequence().entropy % (2**63))


_generator: ContextVar[Generator | None] = ContextVar("autograd_core_generator", default=None)


def default_generator() -> Generator:
    gen = _generator.get()
    if gen is None:
        gen = Generator().manual_seed(_fresh_seed())
        _generator.set(gen)
    return gen


def manual_seed(seed: int) -> Generator:
    """Seed this session's random numbers, so `randn` gives the same values every run."""
    if not isinstance(seed, int | np.integer) or isinstance(seed, bool):
        raise TypeError(f"manual_seed expected an int, got {type(seed).__name__}")
    # A new generator for this context rather than reseeding the current one: a copied context
    # (a snippet run, a training run) shares the object with its caller and must not reseed it.
    gen = Generator().manual_seed(int(seed))
    _generator.set(gen)
    return gen


def seed() -> int:
    return default_generator().seed()


def initial_seed() -> int:
    return default_generator().initial_seed()


def random_seed(generator: Generator) -> int:
    """A seed drawn from `generator`, as `torch.empty((), dtype=torch.int64).random_()` draws
    one: a 64-bit draw without its sign bit. (PyTorch's data loading draws one each time a
    DataLoader is iterated, and a shuffling sampler another.)"""
    return int(generator._random.random64(1)[0] % np.uint64(2**63))


def _random(
    kind: str, shape: tuple, dtype: dtypes.dtype, generator: Generator | None = None, **kw: Any
) -> Tensor:
    """`shape` numbers drawn from the generator: kind "uniform" (low, high) or "normal" (mean,
    std), in PyTorch's order, so a seeded program prints PyTorch's numbers."""
    numel = math.prod(shape)
    guard.check_shape(shape, kind)
    if not dtype.is_floating_point:
        kernel = "check_uniform_bounds" if kind == "uniform" else "normal_kernel_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{dtype.type_name}'")
    source = (generator or default_generator())._random
    draw = source.uniform if kind == "uniform" else source.normal
    return Tensor._make(draw(numel, dtype.numpy, **kw).reshape(shape), dtype)


def _random_integers(
    shape: tuple, dtype: dtypes.dtype, low: int, high: int | None, generator: Any = None
) -> Tensor:
    """Tensor.random_'s numbers, drawn as PyTorch's CPU kernels draw them, one per element in
    order: [low, high) by random_from_to (a 32-bit draw modulo the range, a 64-bit one for ranges
    of 2**28 or more), or without `high` every integer the dtype holds exactly (uniform_int:
    [0, 2**24] for float32, [0, 2**53] for float64 from 64-bit draws, [0, max] for an integer
    type, the lowest bit for bool)."""
    guard.check_shape(shape, "random_")
    numel = math.prod(shape)
    source = (generator or default_generator())._random
    wide = dtype is dtypes.float64 or dtype is dtypes.int64  # their kernels draw 64 bits
    if high is None:
        draws = source.random64(numel) if wide else source.random32(numel)
        if dtype is dtypes.bool_:
            values = draws & np.uint64(1)
        else:
            if dtype.is_floating_point:
                span = (1 << np.finfo(dtype.numpy).nmant + 1) + 1
            else:
                span = int(np.iinfo(dtype.numpy).max) + 1
            values = draws % np.uint64(span)
        return Tensor._make(values.reshape(shape).astype(dtype.numpy), dtype)
    if low >= high:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    if dtype.is_floating_point:
        digits = np.finfo(dtype.numpy).nmant + 1
        low, high = _representable_bounds(low, high, dtype.numpy.type, digits)
        if not -(2**digits) <= low <= 2**digits or not -(2**digits) <= high - 1 <= 2**digits:
            name = "float" if dtype is dtypes.float32 else "double"
            bound = "from" if not -(2**digits) <= low <= 2**digits else "to - 1"
            warnings.warn(
                f"{bound} is out of bounds [-(2^{digits}), 2^{digits}]. Due to precision "
                f"limitations {name} can support discrete uniform distribution only within "
                "this range. This warning will become an error in version 1.7 release, please "
                "fix the code in advance",
                UserWarning,
                stacklevel=5,  # the learner's line (random_, the in-place update, this)
            )
    values = source.integers(numel, low, high)
    return Tensor._make(values.reshape(shape).astype(dtype.numpy), dtype)


def _representable_bounds(low: int, high: int, kind: type, digits: int) -> tuple[int, int]:
    """PyTorch's update_from/update_to: for a float dtype, bounds whose neighbour the dtype
    cannot hold are moved inwards by its spacing there, as PyTorch moves them before drawing
    (random_(0, 2**25) on float32 draws from [0, 2**25 - 2))."""
    after_low = int(kind(low + 1))
    if after_low < low:
        low = after_low + (1 << (abs(low + 1).bit_length() - 1 - digits + 1))
    before_high = int(kind(high - 1))
    if before_high >= high:
        high = before_high - (1 << (abs(high - 1).bit_length() - 1 - digits + 1))
    if low >= high:
        raise RuntimeError(
            "random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but "
            f"got from={low} >= to={high}"
        )
    return low, high


def _random_factory(
    kind: str, size: tuple, generator: Any, dtype: Any, requires_grad: bool
) -> Tensor:
    d = _resolve_dtype(dtype) or dtypes.float32
    t = _random(kind, _sizes(size), d, generator)
    return _finish(t._data, d, requires_grad)


def rand(
    *sizes: Any,
    size: Any = None,
    generator: Any = None,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Uniform random numbers in [0, 1)."""
    usable_device(device)
    size = _given_size("rand", sizes, size)
    return _random_factory("uniform", size, generator, dtype, requires_grad)


def randn(
    *sizes: Any,
    size: Any = None,
    generator: Any = None,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Random numbers from the standard normal distribution (mean 0, variance 1)."""
    usable_device(device)
    size = _given_size("randn", sizes, size)
    return _random_factory("normal", size, generator, dtype, requires_grad)


def rand_like(
    input: Tensor, *, dtype: Any = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    usable_device(device)
    return rand(*input.shape, dtype=dtype or input._dtype, requires_grad=requires_grad)


def randn_like(
    input: Tensor, *, dtype: Any = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    usable_device(device)
    return randn(*input.shape, dtype=dtype or input._dtype, requires_grad=requires_grad)


def randint(
    low: int,
    high: Any = None,
    size: Any = None,
    *,
    generator: Any = None,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Random integers in [low, high)."""
    usable_device(device)
    if size is None:
        low, high, size = 0, low, high
    if size is None:
        raise TypeError("randint() missing required argument 'size'")
    shape = _sizes((size,))
    guard.check_shape(shape, "randint")
    d = _resolve_dtype(dtype) or dtypes.int64
    low, high = int(low), int(high)
    if low >= high:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    data = (generator or default_generator())._random.integers(math.prod(shape), low, high)
    return _finish(data.reshape(shape).astype(d.numpy), d, requires_grad)


def randperm(n: int, *, generator: Any = None, dtype: Any = None, device: Any = None) -> Tensor:
    usable_device(device)
    guard.check_numel(n, "randperm")
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    d = _resolve_dtype(dtype) or dtypes.int64
    order = (generator or default_generator())._random.permutation(n)
    return _finish(order.astype(d.numpy), d, False)


def normal(
    mean: Any,
    std: Any,
    size: Any = None,
    *,
    generator: Any = None,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Normal numbers with this mean and standard deviation (numbers, or tensors that set them
    element by element: then, as PyTorch does, standard normals scaled by std and moved by mean).
    Only the numbers-and-size form takes dtype, device and requires_grad, as in PyTorch
    (d2l writes `torch.normal(0, 0.01, size=(2, 1), requires_grad=True)`)."""
    if not isinstance(mean, Tensor) and not isinstance(std, Tensor):
        usable_device(device)
        shape = _sizes((size,)) if size is not None else ()
        d = _resolve_dtype(dtype) or dtypes.float32
        t = _random("normal", shape, d, generator, mean=float(mean), std=float(std))
        return _finish(t._data, d, requires_grad)
    if dtype is not None or device is not None or requires_grad:
        raise TypeError(
            "normal() received an invalid combination of arguments: dtype, device and "
            "requires_grad are only accepted with a float mean, a float std and a size"
        )
    d = mean._dtype if isinstance(mean, Tensor) else std._dtype
    means = mean._data if isinstance(mean, Tensor) else mean
    stds = std._data if isinstance(std, Tensor) else std
    shape = tuple(np.broadcast_shapes(np.shape(means), np.shape(stds)))
    values = _random("normal", shape, d, generator)._data
    return Tensor._make((values * stds + means).astype(d.numpy), d)

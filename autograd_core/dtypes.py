"""Data types, named and promoted the way PyTorch does it.

PyTorch's default floating dtype is float32, so `tensor(2.0)` holds a float32 and every printed
digit comes out of float32 arithmetic. Promotion follows PyTorch, not NumPy: `int64 * 0.5` is
float32 (NumPy says float64), and a 0-dim tensor or a Python number never widens a tensor of the
same category (`float32 tensor * float64 scalar` stays float32).
"""

from __future__ import annotations

import numpy as np


class dtype:
    """A tensor element type; prints as `torch.float32` so copied output matches PyTorch's."""

    __slots__ = ("_rank", "is_floating_point", "itemsize", "name", "numpy", "tensor_type")

    def __init__(self, name: str, np_dtype: type, rank: int, tensor_type: str) -> None:
        self.name = name
        self.numpy = np.dtype(np_dtype)
        self.is_floating_point = self.numpy.kind == "f"
        self.itemsize = self.numpy.itemsize
        self.tensor_type = tensor_type  # the legacy name PyTorch uses in error messages
        self._rank = rank  # position in the promotion lattice, see promote_types

    @property
    def type_name(self) -> str:
        """ "Long", "Float", ...: how PyTorch's kernels and errors name the type."""
        return self.tensor_type.removesuffix("Tensor")

    @property
    def is_signed(self) -> bool:
        return self.name != "bool"

    def __repr__(self) -> str:
        return f"torch.{self.name}"

    def __reduce__(self) -> str:
        return self.name  # pickles as the module-level singleton


bool_ = dtype("bool", np.bool_, 0, "BoolTensor")
int32 = dtype("int32", np.int32, 1, "IntTensor")
int64 = dtype("int64", np.int64, 2, "LongTensor")
float32 = dtype("float32", np.float32, 3, "FloatTensor")
float64 = dtype("float64", np.float64, 4, "DoubleTensor")

ALL = (bool_, int32, int64, float32, float64)
_BY_NUMPY = {d.numpy: d for d in ALL}
# PyTorch's aliases: torch.float is float32, torch.double float64, torch.long int64, torch.int int32
ALIASES = {"float": float32, "double": float64, "long": int64, "int": int32, "bool": bool_}


def cast(values: np.ndarray, np_dtype: np.dtype, copy: bool = True) -> np.ndarray:
    """`values` as `np_dtype`. A number too large for it becomes inf, as in PyTorch, which says
    nothing about it: NumPy's "overflow encountered in cast" warning stays unsaid."""
    with np.errstate(over="ignore"):
        return values.astype(np_dtype, copy=copy)


def get_default_dtype() -> dtype:
    return float32


def from_numpy(np_dtype: np.dtype) -> dtype:
    """Our dtype for a NumPy dtype; other widths map to the nearest type PyTorch would use."""
    found = _BY_NUMPY.get(np.dtype(np_dtype))
    if found is not None:
        return found
    kind = np.dtype(np_dtype).kind
    if kind == "f":
        return float64 if np.dtype(np_dtype).itemsize > 4 else float32
    if kind in "iu":
        return int64
    if kind == "b":
        return bool_
    raise TypeError(
        f"can't convert np.ndarray of type numpy.{np.dtype(np_dtype).name}. The only supported "
        "types are: float64, float32, int64, int32, and bool."
    )


def promote_types(a: dtype | None, b: dtype | None) -> dtype | None:
    """The smallest dtype both fit in. Within this set that is simply the higher rank:
    bool < int32 < int64 < float32 < float64 (int64 with float32 gives float32, as in PyTorch)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if a._rank >= b._rank else b


def scalar_dtype(value: object) -> dtype:
    """The dtype PyTorch gives a Python number when it takes part in an operation."""
    if isinstance(value, bool | np.bool_):
        return bool_
    if isinstance(value, int | np.integer):
        return int64
    return float32


def _category(d: dtype | None) -> int:
    if d is None:
        return -1
    return 2 if d.is_floating_point else (1 if d is not bool_ else 0)


def _combine(higher: dtype | None, lower: dtype | None) -> dtype | None:
    # c10's combine_categories: a lower tier only counts when it brings a higher category.
    if higher is None:
        return lower
    if lower is None or _category(lower) <= _category(higher):
        return higher
    return promote_types(higher, lower) if higher is bool_ or lower.is_floating_point else higher


def result_type(dims: list[dtype], zero_dims: list[dtype], scalars: list[dtype]) -> dtype:
    """PyTorch's three-tier promotion: tensors with dimensions, then 0-dim tensors, then Python
    numbers. Each tier promotes within itself; a lower tier only matters if its category
    (bool < integer < floating) is higher than everything above it."""
    tiers = []
    for tier in (dims, zero_dims, scalars):
        found = None
        for d in tier:
            found = promote_types(found, d)
        tiers.append(found)
    out = _combine(tiers[0], _combine(tiers[1], tiers[2]))
    assert out is not None
    return out

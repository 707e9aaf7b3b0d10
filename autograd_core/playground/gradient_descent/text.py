"""How numbers, points and values read on the page and in the generated code, and the error a
learner's input ends in."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


class DescentError(ValueError):
    """A learner's input that cannot be run: what is wrong and what to do (`hint`)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self) -> tuple:  # the hint survives the trip back from a worker process
        return (type(self), (self.message, self.hint))


def format_number(v: float) -> str:
    """A number as the page prints it: 4 decimals as the tutorials print, or scientific when
    huge or tiny."""
    v = float(v)
    if not math.isfinite(v):
        return str(v)
    if v == 0 or 1e-3 <= abs(v) < 1e5:
        text = f"{v:.4f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return f"{v:.3g}"


def format_vector(values: Any) -> str:
    """One number, or `(x, y)` for a point of a 2-D function."""
    arr = np.atleast_1d(np.asarray(values, dtype=np.float64))
    if arr.size == 1:
        return format_number(arr[0])
    return "(" + ", ".join(format_number(v) for v in arr) + ")"


def format_point(values: Any) -> str:
    arr = np.atleast_1d(np.asarray(values, dtype=np.float64))
    return f"x = {format_number(arr[0])}" if arr.size == 1 else f"(x, y) = {format_vector(arr)}"


def literal(value: Any) -> str:
    """A value as Python source: floats keep their point (torch.tensor(1.0) is a float tensor,
    torch.tensor(1) an integer one that cannot require grad)."""
    if isinstance(value, tuple):
        return "(" + ", ".join(literal(v) for v in value) + ")"
    if isinstance(value, float):
        return repr(float(str(np.float32(value)))) if abs(value) < 1e16 else repr(value)
    return repr(value)

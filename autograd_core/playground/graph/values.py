"""Short and full text for the numbers on a graph node.

A node has room for a line or two, so a tensor is summarised as its shape plus its first few
numbers (`[2×3] 0.1667, 0.1667, 0.1667, …`); the hover shows the whole array. Numbers use four
significant digits, so 39.0 reads `39` and 1/6 reads `0.1667`, as a learner would write them.

    >>> summarize(np.array(39.0))
    '39'
    >>> summarize(np.full((2, 3), 1 / 6))
    '[2×3] 0.1667, 0.1667, 0.1667, …'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core.printing import format_tensor, printed_elements

_PRINTABLE = ("float32", "float64", "int64", "int32", "bool")


def number(value: Any) -> str:
    """One number the way a person writes it: 39, 0.1667, -2, True, 1e+06."""
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, complex | np.complexfloating):
        return f"{complex(value):.4g}"
    v = float(value)
    if v == 0:
        return "0"  # also turns -0.0 into 0
    return f"{v:.4g}"


def shape_text(shape: tuple[int, ...] | None) -> str:
    """`[2×3]` for a tensor, `scalar` for a 0-dimensional one."""
    if shape is None:
        return "?"
    if len(shape) == 0:
        return "scalar"
    return "[" + "×".join(str(s) for s in shape) + "]"


def summarize(value: Any, items: int = 3) -> str:
    """A value in a few characters: the number itself, or the shape and the first `items` (all
    of them when only one more is left: an ellipsis standing for one number would hide it,
    `[4] 1, 1, 1, …` for a gradient [1, 1, 1, 2], in as much room as it takes)."""
    if value is None:
        return "None"
    array = np.asarray(value)
    if array.ndim == 0:
        return number(array.item())
    flat = array.reshape(-1)
    if flat.size == items + 1:
        items += 1
    shown = ", ".join(number(v) for v in flat[:items])
    more = ", …" if flat.size > items else ""
    return f"{shape_text(array.shape)} {shown}{more}"


FULL_ELEMENTS = 6  # a tensor this small is written out in full on its box
NOT_KEPT = "not kept"  # a box's value when it is unknown (the node's note says why)


def value_text(value: Any) -> str:
    """A value as a graph box writes it: every number of a small tensor, nested as PyTorch
    nests them (`[[1, 2], [3, 4]]`); a larger one as its shape and first numbers.

    >>> value_text(np.array([1.0, 2.0, 3.0]))
    '[1, 2, 3]'
    >>> value_text(np.zeros((50, 2)))
    '[50×2] 0, 0, …'
    """
    if value is None:
        return "?"
    array = np.asarray(value)
    if array.size > FULL_ELEMENTS:
        return summarize(array, 2)
    if array.ndim == 0:
        return number(array.item())
    return _nested(array)


def _nested(array: np.ndarray) -> str:
    if array.ndim == 1:
        return "[" + ", ".join(number(v) for v in array) + "]"
    return "[" + ", ".join(_nested(row) for row in array) + "]"


MAX_PRINTED = 600  # numbers in one full_text: past this a display gets the short summary


def full_text(value: Any, dtype: str | None = None, threshold: int = 200) -> str:
    """The whole value, printed as PyTorch prints the tensor (`tensor([1., 2.])`).

    Python numbers print as themselves; past `threshold` elements the middle is elided sooner
    than PyTorch would, so a hover box stays readable. How many numbers that still shows is
    worked out from the shape first (short dimensions are shown whole: a tensor of shape
    [2] * 19 would print all 524,288), and past MAX_PRINTED the text is the summary instead,
    so no display of any tensor costs more than a few hundred numbers' worth of work.
    """
    if value is None:
        return "None"
    array = np.asarray(value)
    if dtype in _PRINTABLE and array.size <= threshold:
        return format_tensor(array, dtype)
    if array.ndim == 0:
        return number(array.item())
    if printed_elements(array.shape, threshold, 3) > MAX_PRINTED:
        return f"{summarize(array, 6)}  ({array.size:,} numbers: too many to print here)"
    return np.array2string(
        array,
        precision=4,
        suppress_small=True,
        threshold=threshold,
        edgeitems=3,
        max_line_width=60,
        separator=", ",
    )


def copy_of(value: Any) -> np.ndarray | None:
    """A private copy of a tensor's (or number's) values: later in-place changes don't leak in."""
    if value is None:
        return None
    data = value._data if hasattr(value, "_data") else value
    return np.array(data, copy=True)

"""Print tensors exactly the way PyTorch does, using only NumPy.

This is a port of ``torch/_tensor_str.py``. The output must be identical character for
character, so the structure below follows PyTorch's on purpose, quirks included. Printing a
tensor happens in four steps:

1. **Pick one number format for the whole tensor** (:class:`_Formatter`). PyTorch looks at
   the nonzero finite values and chooses between

   * *int mode* -- every value is a whole number, so ``3.0`` prints as ``3.`` (the dot
     says "this is a float tensor");
   * *fixed mode* -- ``precision`` digits after the point: ``0.6667``;
   * *scientific mode* -- ``6.6667e-01``, chosen when the values span more than three
     orders of magnitude, or exceed 1e8, or go below 1e-4.

   It also measures the widest formatted value; every element is right-aligned to that
   width so columns line up.
2. **Lay the elements out** in nested brackets, wrapping rows at ``linewidth`` characters
   and indenting continuation lines under the opening bracket.
3. **Summarise big tensors**: above ``threshold`` elements only the first and last
   ``edgeitems`` entries of every dimension longer than ``2 * edgeitems`` are shown, with
   ``...`` in between. The format in step 1 is then chosen from the visible entries only.
   (As in PyTorch, shorter dimensions are shown whole: ``randn([2] * 19)`` prints all
   524,288 numbers. So the least size of the text is announced to the engine's guard
   before any number is formatted, and a guarded caller can refuse it.)
4. **Append suffixes** such as ``dtype=torch.float64`` or ``grad_fn=<MulBackward0>``,
   moving them to a new line when the last line would grow past ``linewidth``.

Elements are formatted as Python ``float``/``int``/``bool`` objects, as PyTorch does
(it calls ``.item()``/``.tolist()``), so a float32 ``0.1`` is really
``0.100000001490116...`` and prints as ``0.1000``.
"""

import contextvars
import dataclasses
import math
from typing import Any

import numpy as np

from . import guard

__all__ = ["format_tensor", "get_printoptions", "printed_elements", "set_printoptions"]


@dataclasses.dataclass(frozen=True)
class _PrintOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


_PROFILES: dict[str, dict[str, Any]] = {
    "default": {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80},
    "short": {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80},
    "full": {"precision": 4, "threshold": math.inf, "edgeitems": 3, "linewidth": 80},
}

# PyTorch keeps its options in a module-level global. We must not: the Streamlit app runs
# every user session in its own thread, and one user's set_printoptions() would silently
# change what every other user sees. A ContextVar gives each thread (and each asyncio task)
# its own value; the options object is frozen and replaced wholesale, so a value read by one
# context can never be mutated from another.
_OPTIONS: contextvars.ContextVar[_PrintOptions] = contextvars.ContextVar(
    "autograd_core_print_options",
    default=_PrintOptions(),  # noqa: B039 -- frozen dataclass, so immutable after all
)

_NUMPY_DTYPES: dict[str, type[np.generic]] = {
    "float32": np.float32,
    "float64": np.float64,
    "int64": np.int64,
    "int32": np.int32,
    "bool": np.bool_,
}
# float32 is PyTorch's default dtype; int64 and bool are what it infers from Python ints and
# bools. A non-empty tensor of these dtypes prints no ``dtype=`` suffix.
_IMPLICIT_DTYPES = frozenset({"float32", "int64", "bool"})
_DEFAULT_DTYPE = "float32"


def set_printoptions(
    precision: int | None = None,
    threshold: float | None = None,
    edgeitems: int | None = None,
    linewidth: int | None = None,
    profile: str | None = None,
    sci_mode: bool | None = None,
) -> None:
    """Change how tensors are printed in the current thread (or asyncio task) only.

    Same arguments and semantics as ``torch.set_printoptions``:

    Args:
        precision: digits after the decimal point (default 4).
        threshold: tensors with more elements than this are summarised (default 1000).
        edgeitems: items shown at each end of a summarised dimension (default 3).
        linewidth: characters per line before wrapping (default 80).
        profile: ``"default"``, ``"short"`` (precision 2, edgeitems 2) or ``"full"``
            (never summarise); applied first, then the explicit arguments override it.
            Like PyTorch, an unknown profile name is ignored.
        sci_mode: ``True``/``False`` forces scientific notation on/off; ``None`` lets the
            formatter decide. Like PyTorch, *every* call sets it, so
            ``set_printoptions(precision=2)`` also switches ``sci_mode`` back to ``None``.

    Example:
        >>> set_printoptions(precision=2)
        >>> format_tensor(np.array([1.12345], dtype=np.float32), "float32")
        'tensor([1.12])'
        >>> set_printoptions(profile="default")
    """
    changes: dict[str, Any] = dict(_PROFILES.get(profile, {})) if profile is not None else {}
    explicit = {
        "precision": precision,
        "threshold": threshold,
        "edgeitems": edgeitems,
        "linewidth": linewidth,
    }
    changes.update({name: value for name, value in explicit.items() if value is not None})
    _OPTIONS.set(dataclasses.replace(_OPTIONS.get(), **changes, sci_mode=sci_mode))


def get_printoptions() -> dict[str, Any]:
    """Return the current options as a dict that can be passed to :func:`set_printoptions`."""
    return dataclasses.asdict(_OPTIONS.get())


class _Formatter:
    """Chooses one number format and one column width for a whole tensor.

    ``values`` are the elements that will be visible (all of them, or the summarised edges).
    """

    def __init__(self, values: np.ndarray, floating: bool, opts: _PrintOptions) -> None:
        self.floating = floating
        self.precision = opts.precision
        self.int_mode = True
        self.sci_mode: bool | None = False
        self.max_width = 1

        if not floating:
            guard.check_text(values.size * 3, "print a tensor")  # "1, " at the least
            self.max_width = max([1, *(len(f"{v}") for v in values.tolist())])
            return

        # Zeros, nans and infs print the same in every mode, so they take no part in the
        # choice -- and they are not measured either, which is why `tensor([1., inf])` has
        # no padding before `inf`.
        shown = values[np.isfinite(values) & (values != 0)]
        if shown.size == 0:
            return
        magnitudes = np.abs(shown).astype(np.float64)
        smallest, largest = float(magnitudes.min()), float(magnitudes.max())
        self.int_mode = bool(np.all(shown == np.ceil(shown)))
        if opts.sci_mode is None:
            self.sci_mode = largest / smallest > 1000.0 or largest > 1.0e8 or smallest < 1.0e-4
        else:
            self.sci_mode = opts.sci_mode

        p = self.precision
        # The least each number can take ("1.", "0.1234", "1.2340e+00") plus ", ": refused
        # before `precision=10**6` or half a million numbers are formatted even once.
        least = 2 if self.int_mode and not self.sci_mode else p + (6 if self.sci_mode else 2)
        guard.check_text(values.size * (least + 2), "print a tensor")
        items = shown.tolist()
        if self.sci_mode:
            widths = [len(f"{v:.{p}e}") for v in items]
        elif self.int_mode:
            widths = [len(f"{v:.0f}") + 1 for v in items]  # + 1 for the trailing "."
        else:
            widths = [len(f"{v:.{p}f}") for v in items]
        self.max_width = max(self.max_width, *widths)

    def format(self, value: float | int | bool) -> str:
        if not self.floating:
            text = f"{value}"
        elif self.sci_mode:
            text = f"{value:{self.max_width}.{self.precision}e}"
        elif self.int_mode:
            text = f"{value:.0f}"
            if math.isfinite(value):
                text += "."
        else:
            text = f"{value:.{self.precision}f}"
        return text.rjust(self.max_width)


def printed_elements(shape: tuple[int, ...], threshold: float, edgeitems: int) -> int:
    """How many numbers the print of a tensor of `shape` shows, from its shape alone.

    >>> printed_elements((1000, 1000), 1000, 3), printed_elements((2,) * 19, 1000, 3)
    (36, 524288)
    """
    count = 1
    for n in shape:
        count *= n
    if count <= threshold:
        return count
    count = 1
    for n in shape:
        count *= 2 * edgeitems if n > 2 * edgeitems else n
    return count


def _visible_values(a: np.ndarray, edge: int) -> np.ndarray:
    """The elements a summarised print shows, flattened in order (PyTorch's
    get_summarized_data), picked with one fancy index instead of a walk over every row."""
    if a.ndim == 0:
        return a.reshape(1)
    if not edge:
        # A vector keeps every element here: PyTorch sizes the (invisible) columns from all of
        # them (a[-0:] is the whole vector). Kept for fidelity; higher dimensions show nothing.
        return a if a.ndim == 1 else a[:0].reshape(0)
    picks = [np.r_[0:edge, n - edge : n] if n > 2 * edge else np.arange(n) for n in a.shape]
    return a[np.ix_(*picks)].reshape(-1)


def _vector_str(
    a: np.ndarray, indent: int, summarize: bool, fmt: _Formatter, opts: _PrintOptions
) -> str:
    element_length = fmt.max_width + 2  # the element plus ", "
    per_line = max(1, math.floor((opts.linewidth - indent) / element_length))
    edge = opts.edgeitems
    if summarize and not edge:
        items = ["..."]
    elif summarize and a.shape[0] > 2 * edge:
        items = [
            *(fmt.format(v) for v in a[:edge].tolist()),
            " ...",
            *(fmt.format(v) for v in a[-edge:].tolist()),
        ]
    else:
        items = [fmt.format(v) for v in a.tolist()]
    lines = [", ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _tensor_str(
    a: np.ndarray, indent: int, summarize: bool, fmt: _Formatter, opts: _PrintOptions
) -> str:
    if a.ndim == 0:
        return fmt.format(a.item())
    if a.ndim == 1:
        return _vector_str(a, indent, summarize, fmt, opts)

    def inner(i: int) -> str:
        return _tensor_str(a[i], indent + 1, summarize, fmt, opts)

    n, edge = a.shape[0], opts.edgeitems
    if summarize and n > 2 * edge:
        slices = [*map(inner, range(edge)), "...", *map(inner, range(n - edge, n))]
    else:
        slices = [inner(i) for i in range(n)]
    # Sub-blocks of a k-D tensor are separated by k - 1 newlines: a blank line between the
    # matrices of a 3-D tensor, two between the 3-D blocks of a 4-D one, and so on.
    return "[" + ("," + "\n" * (a.ndim - 1) + " " * (indent + 1)).join(slices) + "]"


def _add_suffixes(text: str, suffixes: list[str], indent: int, linewidth: int) -> str:
    parts = [text]
    # PyTorch's arithmetic, off by two when there is no newline (rfind returns -1); kept
    # because it decides where suffixes wrap.
    last_line_len = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if last_line_len + len(suffix) + 2 > linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last_line_len = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line_len += len(suffix) + 2
    parts.append(")")
    return "".join(parts)


def format_tensor(
    data: np.ndarray,
    dtype_name: str,
    *,
    requires_grad: bool = False,
    grad_fn_name: str | None = None,
) -> str:
    """Return the string PyTorch's ``repr`` gives for a CPU tensor holding ``data``.

    Args:
        data: the tensor's values; converted to ``dtype_name`` if it is not already.
        dtype_name: ``"float32"``, ``"float64"``, ``"int64"``, ``"int32"`` or ``"bool"``.
        requires_grad: print ``requires_grad=True`` (a leaf that tracks gradients).
        grad_fn_name: the backward node's class name, e.g. ``"MulBackward0"``; when given it
            is printed instead of ``requires_grad``, as PyTorch does for non-leaf tensors.

    Example:
        >>> format_tensor(np.array([1, 2, 3], dtype=np.float32) / 1.5, "float32")
        'tensor([0.6667, 1.3333, 2.0000])'
        >>> format_tensor(np.array(25.0, dtype=np.float32), "float32", grad_fn_name="PowBackward0")
        'tensor(25., grad_fn=<PowBackward0>)'
    """
    if dtype_name not in _NUMPY_DTYPES:
        raise ValueError(f"unsupported dtype {dtype_name!r}; expected one of {[*_NUMPY_DTYPES]}")
    a = np.asarray(data, dtype=_NUMPY_DTYPES[dtype_name])
    opts = _OPTIONS.get()
    prefix = "tensor("
    indent = len(prefix)
    suffixes = []

    if a.size == 0:
        # Nothing to infer the dtype from, so any non-default dtype is spelled out (even
        # int64), and the shape too unless it is the plain (0,).
        if a.ndim != 1:
            suffixes.append(f"size={tuple(a.shape)}")
        if dtype_name != _DEFAULT_DTYPE:
            suffixes.append(f"dtype=torch.{dtype_name}")
        body = "[]"
    else:
        if not opts.edgeitems:
            suffixes.append(f"size={tuple(a.shape)}")
        if dtype_name not in _IMPLICIT_DTYPES:
            suffixes.append(f"dtype=torch.{dtype_name}")
        summarize = a.size > opts.threshold
        # "1, " at the least for each number shown: announced before anything is gathered.
        guard.check_text(3 * printed_elements(a.shape, opts.threshold, opts.edgeitems), "print")
        if summarize and not opts.edgeitems:  # every row is "...": no number is shown
            visible = a.reshape(-1)[:0] if a.ndim else a.reshape(1)
        else:
            visible = _visible_values(a, opts.edgeitems) if summarize else a.reshape(-1)
        fmt = _Formatter(visible, dtype_name.startswith("float"), opts)
        body = _tensor_str(a, indent, summarize, fmt, opts)

    if grad_fn_name is not None:
        suffixes.append(f"grad_fn=<{grad_fn_name}>")
    elif requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, indent, opts.linewidth)

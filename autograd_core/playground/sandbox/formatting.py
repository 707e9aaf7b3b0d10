"""Turning values into text without letting the text (or the work) grow without bound.

Python's own `repr` of a list is written in C: it cannot be interrupted, recurses without a
budget, and would happily build a gigabyte string from `[[0] * 1000] * 10**6`. So containers are
written here, by a function that produces exactly Python's text, counts characters as it goes
and stops at the string limit. Leaves (numbers, strings, tensors, ...) use their own `repr`,
which is bounded: numbers by the integer limit, tensors by PyTorch's summarised printing.

Format specs (`f"{x:>10.4f}"`) are parsed before use, so that a width of 999999999 is refused
instead of allocated; `str.format` and `%` formatting only accept plain fields (`{0}`, `{name}`,
`%5.2f`), because `"{0.__class__}".format(x)` is attribute access in disguise.
"""

from __future__ import annotations

import re
import string
from typing import Any

from .errors import SnippetError
from .limits import Budget
from .values import describe

# [[fill]align][sign][z][#][0][width][grouping][.precision][type]
_SPEC = (
    r"(?s)(?:(?P<fill>.)?(?P<align>[<>=^]))?(?P<sign>[-+ ])?z?#?0?(?P<width>\d+)?[,_]?"
    r"(?:\.(?P<precision>\d+))?(?P<type>[bcdeEfFgGnosxX%])?"
)
_PERCENT = (
    r"(?s)%(?:\((?P<key>[^)]*)\))?(?P<flags>[-#0 +]*)(?P<width>\*|\d+)?"
    r"(?:\.(?P<precision>\*|\d+))?[hlL]?(?P<conv>.?)"
)
_SCALARS = (int, float, str, type(None))


def _tensor_type() -> type:
    from autograd_core.tensor import Tensor

    return Tensor


def safe_repr(value: Any, budget: Budget) -> str:
    """repr(value), exactly as Python writes it, built under the string limit."""
    budget.check_walk(value)
    out: list[str] = []
    _write(value, budget, out, [0], set(), 0, use_str=False)
    return "".join(out)


def safe_str(value: Any, budget: Budget) -> str:
    """str(value), exactly as Python writes it, built under the string limit."""
    if isinstance(value, str):
        return value
    budget.check_walk(value)
    out: list[str] = []
    _write(value, budget, out, [0], set(), 0, use_str=True)
    return "".join(out)


class _Full(Exception):
    """clipped_repr has its characters."""


def clipped_repr(value: Any, limit: int = 2000) -> str:
    """The first `limit` characters of repr(value) (then "…"), without building the rest: for
    error messages that quote a value (Python's `KeyError: <the key>`), whose key may be a tuple
    of a thousand long strings."""
    from .limits import Budget, Limits

    out: list[str] = []
    size = [0]
    budget = Budget(Limits(max_string_length=10**9, max_operations=10**9, time_limit=60.0))
    pieces = _ClippedList(out, size, limit)
    try:
        _write(value, budget, pieces, size, set(), 0, use_str=False)
    except _Full:
        return "".join(out)[:limit] + "…"
    return "".join(out)


class _ClippedList(list):
    """An output list that stops the writer once `limit` characters are in it."""

    def __init__(self, out: list[str], size: list[int], limit: int) -> None:
        super().__init__()
        self.out, self.size, self.limit = out, size, limit

    def append(self, text: str) -> None:
        self.out.append(text[: self.limit + 1])
        if self.size[0] > self.limit:
            raise _Full


def _emit(text: str, budget: Budget, out: list[str], size: list[int]) -> None:
    size[0] += len(text)
    budget.check_string(size[0])
    budget.charge(len(text) // 16 + 1)
    out.append(text)


def _write(value, budget, out, size, active, depth, use_str) -> None:
    kind = type(value)
    if kind in (list, tuple, dict) or isinstance(value, list | tuple | dict):
        if depth > budget.limits.max_nesting:
            raise SnippetError(
                f"This snippet tried to print a value nested more than "
                f"{budget.limits.max_nesting} levels deep; the limit here is "
                f"{budget.limits.max_nesting} levels.",
                kind="limit",
            )
        if id(value) in active:  # a list that contains itself prints as [...], as in Python
            _emit("[...]" if isinstance(value, list) else "{...}", budget, out, size)
            return
        if hasattr(value, "_fields") or type(value).__repr__ not in (
            list.__repr__,
            tuple.__repr__,
            dict.__repr__,
        ):  # named tuples, OrderedDict, torch.Size, return types: their own (bounded) repr
            _emit(_leaf(value, use_str), budget, out, size)
            return
        active.add(id(value))
        try:
            _container(value, budget, out, size, active, depth)
        finally:
            active.discard(id(value))
        return
    if kind in (type({}.keys()), type({}.values()), type({}.items())):
        _emit(f"{kind.__name__}(", budget, out, size)
        budget.charge_items(len(value))
        _write(list(value), budget, out, size, active, depth + 1, use_str=False)
        _emit(")", budget, out, size)
        return
    _emit(_leaf(value, use_str), budget, out, size)


def _container(value, budget, out, size, active, depth) -> None:
    if isinstance(value, dict):
        _emit("{", budget, out, size)
        for i, (k, v) in enumerate(value.items()):
            if i:
                _emit(", ", budget, out, size)
            _write(k, budget, out, size, active, depth + 1, use_str=False)
            _emit(": ", budget, out, size)
            _write(v, budget, out, size, active, depth + 1, use_str=False)
        _emit("}", budget, out, size)
        return
    opening, closing = ("[", "]") if isinstance(value, list) else ("(", ")")
    _emit(opening, budget, out, size)
    for i, item in enumerate(value):
        if i:
            _emit(", ", budget, out, size)
        _write(item, budget, out, size, active, depth + 1, use_str=False)
    if isinstance(value, tuple) and len(value) == 1:
        _emit(",", budget, out, size)
    _emit(closing, budget, out, size)


def _leaf(value: Any, use_str: bool) -> str:
    """Text of a value whose own repr is bounded (numbers, strings, engine objects)."""
    from .values import Function, Namespace

    if isinstance(value, Function | Namespace):
        return repr(value)
    module = type(value).__module__
    if module == "builtins" or module.startswith("autograd_core") or module == "collections":
        return str(value) if use_str else repr(value)
    if module == "__main__":  # the snippet's own classes (a custom repr runs in the run)
        return str(value) if use_str else repr(value)
    return f"<{describe(value)} object>"


# --- format specs -------------------------------------------------------------------------------


def _longest_text(value: Any, conv: str, match: re.Match) -> int:
    """The most characters one %-field can produce (its width is checked separately)."""
    width = int(match.group("width")) if (match.group("width") or "").isdigit() else 0
    precision = match.group("precision")
    digits = int(precision) if precision and precision.isdigit() else 6
    if isinstance(value, str):
        grow = {"r": 4, "a": 10}.get(conv, 1)  # repr writes \xNN per character, ascii \UNNNNNNNN
        size = len(value) * grow + (2 if grow > 1 else 0)
    elif isinstance(value, int):
        size = value.bit_length() // 3 + 2
    else:  # a float, a 0-dim tensor (its own bounded str), None
        size = 330 + digits
    return max(width, size)


def check_spec(spec: str, budget: Budget) -> None:
    """Refuse a format spec Python would accept but that asks for a huge width or precision."""
    match = re.fullmatch(_SPEC, spec)
    if match is None:
        raise ValueError(f"Invalid format specifier '{spec}'")
    for field in ("width", "precision"):
        digits = match.group(field)
        if digits is not None:
            if len(digits) > 9:
                budget.check_width(10**9)
            budget.check_width(int(digits))


def format_value(value: Any, spec: str, budget: Budget) -> str:
    """format(value, spec) for the values a snippet can hold, bounded."""
    # format(x, "") is str(x), except for a 0-dim tensor: f"{loss}" is "0.25", as in PyTorch.
    if spec == "" and not (isinstance(value, _tensor_type()) and value.dim() == 0):
        return safe_str(value, budget)
    check_spec(spec, budget)
    if isinstance(value, (*_SCALARS, _tensor_type())):
        text = format(value, spec)
        budget.charge_chars(len(text))
        return text
    raise TypeError(f"unsupported format string passed to {type(value).__name__}.__format__")


def convert(value: Any, conversion: int | str | None, budget: Budget) -> Any:
    """The !r / !s / !a conversion of an f-string or str.format field."""
    if conversion in (None, -1, ""):
        return value
    conversion = chr(conversion) if isinstance(conversion, int) else conversion
    if conversion == "s":
        return safe_str(value, budget)
    if conversion == "r":
        return safe_repr(value, budget)
    if conversion == "a":
        return safe_repr(value, budget).encode("ascii", "backslashreplace").decode("ascii")
    raise ValueError(f"Unknown conversion specifier {conversion}")


def str_format(template: str, args: list[Any], kwargs: dict[str, Any], budget: Budget) -> str:
    """template.format(*args, **kwargs) with plain fields only ({}, {0}, {name}, {x:>8.3f})."""
    pieces: list[str] = []
    total = 0
    auto = 0
    mode = None
    for literal, field, spec, conversion in string.Formatter().parse(template):
        pieces.append(literal)
        total += len(literal)
        if field is None:
            continue
        if "." in field or "[" in field:
            raise SnippetError(
                f"format fields like {{{field}}} are not supported here: pass the value itself, "
                "e.g. '{}'.format(x.grad)",
                kind="unsupported",
            )
        if spec and "{" in spec:
            raise SnippetError(
                "nested format fields ({x:{width}}) are not supported here: use an f-string",
                kind="unsupported",
            )
        if field == "":
            if mode == "manual":
                raise ValueError(
                    "cannot switch from manual field specification to automatic field numbering"
                )
            mode, index = "auto", auto
            auto += 1
        elif field.isdigit():
            if mode == "auto":
                raise ValueError(
                    "cannot switch from automatic field numbering to manual field specification"
                )
            mode, index = "manual", int(field)
        else:
            index = None
        if index is None:
            if field not in kwargs:
                raise KeyError(field)
            value = kwargs[field]
        else:
            if index >= len(args):
                raise IndexError(
                    f"Replacement index {index} out of range for positional args tuple"
                )
            value = args[index]
        text = format_value(convert(value, conversion, budget), spec or "", budget)
        pieces.append(text)
        total += len(text)
        budget.check_string(total)
    return "".join(pieces)


def percent_format(template: str, args: Any, budget: Budget) -> str:
    """template % args, for %-specs without `*` widths; containers are written by safe_str."""
    values = list(args) if isinstance(args, tuple) else [args]
    mapping = args if isinstance(args, dict) else None
    parts: list[str] = []
    rebuilt_args: list[Any] = []
    position = 0
    last = 0
    longest = 0  # the most the result can hold, counted before Python builds it
    for match in re.finditer(_PERCENT, template):
        parts.append(template[last : match.start()].replace("%", "%%"))
        longest += match.start() - last + 1  # the text before, and "%%" if that is this
        last = match.end()
        conv = match.group("conv")
        if conv == "%":
            parts.append("%%")
            continue
        if "*" in (match.group("width") or "") + (match.group("precision") or ""):
            raise SnippetError(
                "'*' widths in % formatting are not supported here", kind="unsupported"
            )
        for field in ("width", "precision"):
            digits = match.group(field)
            if digits:
                budget.check_width(10**9 if len(digits) > 9 else int(digits))
        key = match.group("key")
        if key is not None:
            if mapping is None:
                raise TypeError("format requires a mapping")
            value = mapping[key]
        else:
            if position >= len(values):
                raise TypeError("not enough arguments for format string")
            value = values[position]
            position += 1
        spec = match.group(0)[:-1] if conv else match.group(0)
        if conv in ("s", "r", "a") and not isinstance(value, _SCALARS):
            value = convert(value, conv if conv != "s" else "s", budget)
            conv = "s"
        longest += _longest_text(value, conv, match)
        parts.append(spec.replace(f"({key})", "") + conv if key is not None else spec + conv)
        rebuilt_args.append(value)
    parts.append(template[last:].replace("%", "%%"))
    longest += len(template) - last
    if mapping is None and position < len(values):
        raise TypeError("not all arguments converted during string formatting")
    budget.check_string(longest)
    text = "".join(parts) % tuple(rebuilt_args)
    budget.charge_chars(len(text))
    return text

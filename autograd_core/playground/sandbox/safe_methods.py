"""Methods of str, list and dict, with their results bounded before they are built.

Each entry is `fn(interp, obj, args, kwargs)`. Most just charge work proportional to the size
they touch and call the real method; the ones that can grow something check the final size
first (`"-".join(...)`, `s.replace(...)`, `s.center(10**9)`, `xs.extend(...)`), and the ones that
call the snippet's own function do it through the interpreter (`sort(key=...)`, ordering.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import ordering
from .allowlist import words
from .formatting import str_format

Method = Callable[[Any, Any, list[Any], dict[str, Any]], Any]


def _plain(name: str) -> Method:
    """A method whose result is no bigger than its receiver: charge for reading it, then call."""

    def method(interp: Any, obj: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
        interp.budget.charge(len(obj) // 16 + 1)
        if isinstance(obj, list | tuple) and name in ("index", "count", "remove") and args:
            # compared with every item, and quoted in the error when not found (list.index)
            interp.budget.check_walk(obj, *[args[0]] * min(len(obj), 64))
        for value in (*args, *kwargs.values()):
            if isinstance(value, list | dict):
                interp.budget.charge(len(value) // 4 + 1)
        result = getattr(obj, name)(*args, **kwargs)
        if isinstance(result, list):
            interp.budget.charge_items(len(result))
        elif isinstance(result, str):
            interp.budget.check_string(len(result))  # "ß".upper() is "SS": at most 3x longer
        return result

    return method


# --- str ----------------------------------------------------------------------------------------


def _format(interp: Any, s: str, args: list[Any], kwargs: dict[str, Any]) -> str:
    return str_format(s, args, kwargs, interp.budget)


def _join(interp: Any, sep: str, args: list[Any], kwargs: dict[str, Any]) -> str:
    if len(args) != 1 or kwargs:
        raise TypeError(f"str.join() takes exactly one argument ({len(args)} given)")
    items = interp.materialize(args[0])
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise TypeError(
                f"sequence item {i}: expected str instance, {type(item).__name__} found"
            )
    interp.budget.charge_chars(sum(map(len, items)) + len(sep) * max(len(items) - 1, 0))
    return sep.join(items)


def _replace(interp: Any, s: str, args: list[Any], kwargs: dict[str, Any]) -> str:
    if len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        old, new = args[0], args[1]
        count = s.count(old) if old else len(s) + 1
        if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
            count = min(count, args[2])
        interp.budget.charge_chars(len(s) + count * max(len(new) - len(old), 0))
    return s.replace(*args, **kwargs)


def _padded(name: str) -> Method:
    def method(interp: Any, s: str, args: list[Any], kwargs: dict[str, Any]) -> str:
        if args and isinstance(args[0], int):
            interp.budget.charge_chars(max(args[0], len(s)))
        return getattr(s, name)(*args, **kwargs)

    return method


# --- list ---------------------------------------------------------------------------------------


def _append(interp: Any, xs: list, args: list[Any], kwargs: dict[str, Any]) -> None:
    interp.budget.check_container(len(xs) + 1)
    interp.budget.charge(1)
    xs.append(*args, **kwargs)


def _insert(interp: Any, xs: list, args: list[Any], kwargs: dict[str, Any]) -> None:
    interp.budget.check_container(len(xs) + 1)
    interp.budget.charge(len(xs) // 16 + 1)
    xs.insert(*args, **kwargs)


def _extend(interp: Any, xs: list, args: list[Any], kwargs: dict[str, Any]) -> None:
    if len(args) != 1 or kwargs:
        raise TypeError(f"list.extend() takes exactly one argument ({len(args)} given)")
    items = interp.materialize(args[0])
    interp.budget.charge_items(len(xs) + len(items))
    xs.extend(items)


def _sort(interp: Any, xs: list, args: list[Any], kwargs: dict[str, Any]) -> None:
    if args:
        raise TypeError("sort() takes no positional arguments")
    for name in kwargs:
        if name not in ("key", "reverse"):
            raise TypeError(f"sort() got an unexpected keyword argument '{name}'")
    ordering.sort_in_place(interp, xs, kwargs.get("key"), bool(kwargs.get("reverse", False)))


# --- tuple and range ----------------------------------------------------------------------------


def _range_search(name: str) -> Method:
    """range.index / range.count: arithmetic for an int, but anything else (0.5, a list) is
    compared with every number of the range, in C: range(10**12).count(0.5) never ends."""

    def method(interp: Any, r: range, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if args and type(args[0]) not in (int, bool):
            interp.budget.charge(range_length(r) // 4 + 1)  # as `x in a_list` is charged
        interp.budget.charge(1)
        return getattr(r, name)(*args, **kwargs)

    return method


def range_length(r: range) -> int:
    """len(r), also past sys.maxsize (where len() raises OverflowError)."""
    return max(0, (r.stop - r.start + r.step - (1 if r.step > 0 else -1)) // r.step)


# --- dict ---------------------------------------------------------------------------------------


def _keyed(name: str) -> Method:
    """get / pop / setdefault: the key is checked before it is hashed."""

    def method(interp: Any, d: dict, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if args:
            interp.check_key(args[0])
            if name == "setdefault" and args[0] not in d:
                interp.budget.check_container(len(d) + 1)
        interp.budget.charge(1)
        return getattr(d, name)(*args, **kwargs)

    return method


def _update(interp: Any, d: dict, args: list[Any], kwargs: dict[str, Any]) -> None:
    if len(args) > 1:
        raise TypeError(f"update expected at most 1 argument, got {len(args)}")
    pairs = interp.pairs(args[0]) if args else []
    pairs += list(kwargs.items())
    interp.budget.charge_items(len(d) + len(pairs))
    for key, value in pairs:
        d[key] = value


# --- set ----------------------------------------------------------------------------------------


def _set_item(name: str) -> Method:
    """add / discard / remove: the item is checked (as a dict key is) before it is hashed."""

    def method(interp: Any, s: set, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if len(args) != 1 or kwargs:
            raise TypeError(f"set.{name}() takes exactly one argument ({len(args)} given)")
        interp.check_key(args[0])
        if name == "add" and args[0] not in s:
            interp.budget.check_container(len(s) + 1)
        interp.budget.charge(1)
        return getattr(s, name)(args[0])

    return method


SAFE_METHODS: dict[tuple[type, str], Method] = {
    (str, "format"): _format,
    (str, "join"): _join,
    (str, "replace"): _replace,
    **{(str, name): _padded(name) for name in ("ljust", "rjust", "center", "zfill")},
    **{
        (str, name): _plain(name)
        for name in words(
            "split rsplit splitlines strip lstrip rstrip upper lower title capitalize swapcase "
            "startswith endswith count find rfind index rindex isdigit isalpha isalnum isspace "
            "isupper islower isnumeric"
        )
    },
    (list, "append"): _append,
    (list, "insert"): _insert,
    (list, "extend"): _extend,
    (list, "sort"): _sort,
    **{(list, name): _plain(name) for name in words("pop remove index count reverse copy clear")},
    **{(tuple, name): _plain(name) for name in ("index", "count")},
    **{(range, name): _range_search(name) for name in ("index", "count")},
    **{(dict, name): _keyed(name) for name in ("get", "pop", "setdefault")},
    (dict, "update"): _update,
    **{(set, name): _set_item(name) for name in ("add", "discard", "remove")},
    **{(set, name): _plain(name) for name in ("copy", "clear", "pop")},
    **{(dict, name): _plain(name) for name in ("keys", "values", "items", "copy", "clear")},
}

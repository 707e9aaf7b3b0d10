"""The Python builtins a snippet may use, each bounded before it does its work.

    print  range  len  abs  round  float  int  bool  str  repr  format  list  tuple  dict
    sum  min  max  enumerate  zip  isinstance  any  all  sorted  reversed  iter  next  map  filter

Every function takes `(interp, args, kwargs)`: the interpreter, so it can charge the budget
(`list(range(10**9))` and `sum(range(10**12))` are refused by their size before any item is made),
and the arguments as the snippet passed them. A `key=` function (sorted, min, max) is called
through the interpreter, one charged call per item (ordering.py). `iter(x)` and `next(it)` are
the one-argument forms tutorials use (`next(iter(loader))`); `iter(f, sentinel)`, which calls f
until it returns the sentinel, is not. `isinstance` accepts the playground's classes
(`torch.Tensor`, `nn.Module`, `int`, ...). `map` and `filter` are lazy, as Python's are
(`SGD(filter(lambda p: p.requires_grad, model.parameters()), lr=0.1)`), and call their function
through the interpreter, one charged step and one charged call per item. Not here on purpose:
`getattr`, `vars`, `dir`, `open`, `input` and the rest (allowlist.FORBIDDEN_NAMES).
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

from autograd_core.tensor import Tensor

from . import operators, ordering
from .errors import SnippetError
from .formatting import format_value
from .values import Function, describe

Builtin = Callable[[Any, list[Any], dict[str, Any]], Any]


def _arity(name: str, args: list[Any], kwargs: dict[str, Any], low: int, high: int) -> None:
    if kwargs:
        key = next(iter(kwargs))
        raise TypeError(f"{name}() takes no keyword arguments" if high else f"'{key}' is invalid")
    if not low <= len(args) <= high:
        expected = f"{low}" if low == high else f"from {low} to {high}"
        raise TypeError(f"{name}() takes {expected} positional arguments but {len(args)} given")


def _options(name: str, kwargs: dict[str, Any], allowed: dict[str, Any]) -> dict[str, Any]:
    for key in kwargs:
        if key not in allowed:
            raise TypeError(f"'{key}' is an invalid keyword argument for {name}()")
    return allowed | kwargs


def b_print(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> None:
    opts = _options("print", kwargs, {"sep": None, "end": None, "file": None, "flush": False})
    if opts["file"] is not None:
        raise SnippetError(
            "print(file=...) is not supported: output always goes to the page",
            kind="unsupported",
        )
    sep, end = opts["sep"], opts["end"]
    for label, value in (("sep", sep), ("end", end)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{label} must be None or a string, not {type(value).__name__}")
    sep = " " if sep is None else sep
    end = "\n" if end is None else end
    # The final length is known piece by piece: refused before joining, not after.
    texts = []
    total = len(end)
    for a in args:
        texts.append(interp.text_of(a))
        total += len(texts[-1]) + (len(sep) if len(texts) > 1 else 0)
        interp.budget.check_output(total)
    interp.write(sep.join(texts) + end)


def b_range(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> range:
    _arity("range", args, kwargs, 1, 3)
    return range(*args)


def b_len(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> int:
    _arity("len", args, kwargs, 1, 1)
    n = interp.length(args[0])
    if n is None:
        raise TypeError(f"object of type '{type(args[0]).__name__}' has no len()")
    return n  # (not len() again: a Dataset's own __len__ runs once, as in Python)


def b_abs(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    _arity("abs", args, kwargs, 1, 1)
    return abs(args[0])


def b_round(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    opts = _options("round", kwargs, {"ndigits": None})
    if not 1 <= len(args) <= 2:
        raise TypeError(f"round() takes at most 2 arguments ({len(args)} given)")
    ndigits = args[1] if len(args) == 2 else opts["ndigits"]
    number = args[0]
    if isinstance(number, int) and isinstance(ndigits, int) and ndigits < 0:
        interp.budget.check_int_bits(-ndigits * 4)  # rounding an int computes 10 ** -ndigits
    if isinstance(number, Tensor):
        return number.round() if ndigits is None else number.round(decimals=ndigits)
    return round(number) if ndigits is None else round(number, ndigits)


def b_float(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> float:
    _arity("float", args, kwargs, 0, 1)
    if args and isinstance(args[0], str):
        interp.budget.charge_chars(len(args[0]))
    return float(*args)


def b_int(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> int:
    opts = _options("int", kwargs, {"base": None})
    if len(args) > 2:
        raise TypeError(f"int() takes at most 2 arguments ({len(args)} given)")
    if len(args) == 2:
        opts["base"] = args[1]
    if args and isinstance(args[0], str):
        interp.budget.charge_chars(len(args[0]))
    value = int(args[0], opts["base"]) if opts["base"] is not None else int(*args[:1])
    interp.budget.check_int_bits(value.bit_length())
    return value


def b_bool(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> bool:
    _arity("bool", args, kwargs, 0, 1)
    return interp.truth(args[0]) if args else False


def b_str(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> str:
    _arity("str", args, kwargs, 0, 1)
    return interp.text_of(args[0]) if args else ""


def b_repr(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> str:
    _arity("repr", args, kwargs, 1, 1)
    return interp.repr_of(args[0])


def b_format(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> str:
    _arity("format", args, kwargs, 1, 2)
    spec = args[1] if len(args) == 2 else ""
    if not isinstance(spec, str):
        raise TypeError(f"format() argument 2 must be str, not {type(spec).__name__}")
    return format_value(args[0], spec, interp.budget)


def b_list(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> list:
    _arity("list", args, kwargs, 0, 1)
    return interp.materialize(args[0]) if args else []


def b_tuple(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> tuple:
    _arity("tuple", args, kwargs, 0, 1)
    return tuple(interp.materialize(args[0])) if args else ()


def b_set(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> set:
    """set(iterable), as `sorted(set(text))` builds a vocabulary: each item is checked as a
    dict key is (numbers, strings, tensors, flat tuples) before it is hashed."""
    _arity("set", args, kwargs, 0, 1)
    items = interp.materialize(args[0]) if args else []
    for item in items:
        interp.check_key(item)
    return set(items)


def b_dict(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> dict:
    if len(args) > 1:
        raise TypeError(f"dict expected at most 1 argument, got {len(args)}")
    pairs = interp.pairs(args[0]) if args else []
    pairs += list(kwargs.items())
    interp.budget.charge_items(len(pairs))
    return dict(pairs)


def b_sum(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    opts = _options("sum", kwargs, {"start": 0})
    if not 1 <= len(args) <= 2:
        raise TypeError(f"sum() takes at most 2 arguments ({len(args)} given)")
    total = args[1] if len(args) == 2 else opts["start"]
    if not isinstance(total, int | float | Tensor):
        raise TypeError(
            f"sum() adds numbers and tensors here, not {type(total).__name__}: use a for loop "
            "with .extend() or +"
        )
    add = ast.Add()
    for item in interp.materialize(args[0]):
        interp.budget.tick()
        total = operators.binary(add, total, item, interp.budget)
    return total


def _extreme(name: str, compare: Callable) -> Builtin:
    def extreme(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
        opts = _options(name, kwargs, {"key": None, "default": _MISSING})
        if not args:
            raise TypeError(f"{name} expected at least 1 argument, got 0")
        items = interp.materialize(args[0]) if len(args) == 1 else list(args)
        if not items:
            if opts["default"] is not _MISSING:
                return opts["default"]
            raise ValueError(f"{name}() arg is an empty sequence")
        return ordering.extreme(interp, items, opts["key"], compare)

    return extreme


_MISSING = object()


def b_enumerate(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> enumerate:
    opts = _options("enumerate", kwargs, {"start": 0})
    if not 1 <= len(args) <= 2:
        raise TypeError(f"enumerate() takes at most 2 arguments ({len(args)} given)")
    start = args[1] if len(args) == 2 else opts["start"]
    return enumerate(interp.iterate(args[0]), operator.index(start))


def b_zip(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    opts = _options("zip", kwargs, {"strict": False})
    pairs = zip(*(interp.iterate(a) for a in args), strict=bool(opts["strict"]))
    if len(args) <= _ZIP_FREE_WIDTH:
        return pairs  # `for x, y in zip(xs, ys)`: the loop's own step pays for each pair
    return WideZip(pairs, len(args), interp.budget)


# zip(*rows) with 100,000 rows builds a 100,000-item tuple per step, in C: past this many
# iterables each step is charged by its width (a loop step or a list item is charged 1).
_ZIP_FREE_WIDTH = 16


class WideZip:
    """A zip of many iterables whose every step is charged to the run by its width."""

    __slots__ = ("budget", "pairs", "width")

    def __init__(self, pairs: zip, width: int, budget: Any) -> None:
        self.pairs, self.width, self.budget = pairs, width, budget

    def __iter__(self) -> WideZip:
        return self

    def __next__(self) -> tuple:
        self.budget.charge_items(self.width)
        return next(self.pairs)


WideZip.__name__ = WideZip.__qualname__ = "zip"  # what a learner's error messages call it


def b_map(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> Lazy:
    _arity("map", args, kwargs, 1, 99)
    if len(args) < 2:
        raise TypeError("map() must have at least two arguments.")
    function, rows = args[0], zip(*(interp.iterate(a) for a in args[1:]))
    return Lazy("map", interp, lambda: interp.call(function, list(next(rows)), {}))


def b_filter(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> Lazy:
    _arity("filter", args, kwargs, 2, 2)
    function, items = args[0], interp.iterate(args[1])

    def kept() -> Any:
        while True:
            item = next(items)
            interp.budget.tick()  # an item left out costs a step too: `filter(f, range(10**9))`
            test = item if function is None else interp.call(function, [item], {})
            if interp.truth(test):
                return item

    return Lazy("filter", interp, kept)


class Lazy:
    """map(...) or filter(...): an iterator whose every item is charged to the run (a step, and
    the snippet's function called through the interpreter), made only when asked for."""

    __slots__ = ("budget", "name", "step")

    def __init__(self, name: str, interp: Any, step: Callable[[], Any]) -> None:
        self.name, self.budget, self.step = name, interp.budget, step

    def __iter__(self) -> Lazy:
        return self

    def __next__(self) -> Any:
        self.budget.tick()
        return self.step()

    def __repr__(self) -> str:
        return f"<{self.name} object at {id(self):#x}>"


def b_type(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """type(x), as d2l's `if type(m) == nn.Linear:` and "Learn the Basics"'
    `print(agg_item, type(agg_item))` use it: a value that compares equal to the class it
    stands for and prints as PyTorch's does, but cannot be called or looked into (the class
    itself for the snippet's own classes, which the snippet holds anyway)."""
    from .classes import is_user_class, type_name
    from .exceptions import ErrorValue
    from .functions import Suspended
    from .type_names import type_path

    _arity("type", args, kwargs, 1, 1)
    value = args[0]
    if isinstance(value, ErrorValue):  # a caught exception: its type, not ours
        return Function(type_path(value.exc_type), None, "typeof", real=value.exc_type)
    cls = type(value)
    if is_user_class(cls):
        return cls
    if cls.__module__.startswith(__package__) or isinstance(value, type):
        # the interpreter's own stand-ins (torch, torch.sin, a def, a generator, a class):
        # what Python would call them, and nothing to compare them with
        name = "generator" if isinstance(value, Suspended) else type_name(value)
        return Function(name, None, "typeof")
    return Function(type_path(cls), None, "typeof", real=cls)


def b_isinstance(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> bool:
    from .classes import is_user_class
    from .exceptions import ErrorValue

    _arity("isinstance", args, kwargs, 2, 2)
    obj, classes = args
    wanted = classes if type(classes) is tuple else (classes,)
    interp.budget.charge(len(wanted))  # each one is looked at, in Python below
    real = []
    for cls in wanted:
        if is_user_class(cls):  # a class the snippet defined
            real.append(cls)
            continue
        if not (isinstance(cls, Function) and cls.kind in ("class", "type", "exception", "typeof")):
            raise TypeError("isinstance() arg 2 must be a type, a tuple of types, or a union")
        real.append(cls.real)
    if isinstance(obj, ErrorValue):  # a caught exception: its type, not ours
        return any(issubclass(obj.exc_type, cls) for cls in real)
    return isinstance(obj, tuple(real))


def b_any(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> bool:
    _arity("any", args, kwargs, 1, 1)
    return any(_truths(interp, args[0]))


def b_all(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> bool:
    _arity("all", args, kwargs, 1, 1)
    return all(_truths(interp, args[0]))


def _truths(interp: Any, value: Any):
    for item in interp.materialize(value):
        interp.budget.tick()
        yield interp.truth(item)


def b_sorted(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> list:
    opts = _options("sorted", kwargs, {"key": None, "reverse": False})
    _arity("sorted", args, {}, 1, 1)
    items = interp.materialize(args[0])
    return ordering.sort_items(interp, items, opts["key"], bool(opts["reverse"]))


def b_reversed(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    _arity("reversed", args, kwargs, 1, 1)
    if isinstance(args[0], range):
        return reversed(args[0])
    return reversed(interp.materialize(args[0]))


def b_iter(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if len(args) == 2 and not kwargs:
        raise SnippetError(
            "iter(function, sentinel) is not supported here: write a while loop",
            kind="unsupported",
        )
    _arity("iter", args, kwargs, 1, 1)
    return interp.iterate(args[0])


def b_next(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    _arity("next", args, kwargs, 1, 2)
    iterator = args[0]
    if not hasattr(type(iterator), "__next__"):
        raise TypeError(f"'{describe(iterator)}' object is not an iterator")
    if len(args) == 2:
        return next(iterator, args[1])
    return next(iterator)


def _builtin(name: str, fn: Builtin, real: type | None = None) -> Function:
    return Function(name, fn, "type" if real is not None else "builtin", real)


BUILTIN_FUNCTIONS: MappingProxyType[str, Function] = MappingProxyType(
    {
        "print": _builtin("print", b_print),
        "range": _builtin("range", b_range, range),
        "len": _builtin("len", b_len),
        "abs": _builtin("abs", b_abs),
        "round": _builtin("round", b_round),
        "float": _builtin("float", b_float, float),
        "int": _builtin("int", b_int, int),
        "bool": _builtin("bool", b_bool, bool),
        "str": _builtin("str", b_str, str),
        "repr": _builtin("repr", b_repr),
        "format": _builtin("format", b_format),
        "list": _builtin("list", b_list, list),
        "tuple": _builtin("tuple", b_tuple, tuple),
        "dict": _builtin("dict", b_dict, dict),
        "set": _builtin("set", b_set, set),
        "sum": _builtin("sum", b_sum),
        "min": _builtin("min", _extreme("min", operator.lt)),
        "max": _builtin("max", _extreme("max", operator.gt)),
        "enumerate": _builtin("enumerate", b_enumerate),
        "zip": _builtin("zip", b_zip),
        "isinstance": _builtin("isinstance", b_isinstance),
        "type": _builtin("type", b_type),
        "any": _builtin("any", b_any),
        "all": _builtin("all", b_all),
        "sorted": _builtin("sorted", b_sorted),
        "reversed": _builtin("reversed", b_reversed),
        "iter": _builtin("iter", b_iter),
        "next": _builtin("next", b_next),
        "map": _builtin("map", b_map),
        "filter": _builtin("filter", b_filter),
    }
)

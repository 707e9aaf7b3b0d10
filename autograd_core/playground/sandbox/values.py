"""The interpreter's own kinds of value: names it hands out instead of the real objects.

A snippet never holds a Python module, a class or a bound method. `torch` is a `Namespace` (a
dotted path the interpreter resolves through the allow-list), `torch.sin` is a `Function` (the
callable plus the name to report), `x.sum` is a `Method` (the object and the method's name, looked
up again when called). None of them has attributes a snippet can read, so there is nothing to
climb from them towards `__globals__` or `__subclasses__`; and since the checker refuses passing
them to engine calls, the engine never calls back into anything a snippet chose.
"""

from __future__ import annotations

from typing import Any


class Namespace:
    """`torch`, `torch.nn`, `np`, `math`: a module as the allow-list describes it."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def __repr__(self) -> str:
        return f"<module '{self.path}'>"


class Function:
    """Something a snippet may call: an engine function or class, or a safe builtin.

    kind: "function" (engine function), "class" (engine class: calling it builds an object;
    also valid as isinstance's second argument), "builtin" (implemented in safe_builtins.py and
    called with the interpreter), "type" (a builtin type such as int: a builtin that is also
    a class for isinstance and a dtype for torch.tensor(..., dtype=float)), or "typeof" (what
    type(x) gives: compared, printed, used with isinstance, never called).
    """

    __slots__ = ("fn", "kind", "name", "real")

    def __init__(self, name: str, fn: Any, kind: str, real: Any = None) -> None:
        self.name = name
        self.fn = fn
        self.kind = kind
        self.real = real  # the class or type it stands for, for isinstance and dtype=

    def __eq__(self, other: object) -> bool:
        """Two stand-ins for one class are equal: `type(m) == nn.Linear`, `nn.Linear == nn.Linear`
        (each reading of `nn.Linear` makes a new one)."""
        if self is other:
            return True
        if isinstance(other, Function) and self.real is not None and other.real is not None:
            return self.real is other.real
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.real) if self.real is not None else id(self)

    def __repr__(self) -> str:
        if self.kind in ("class", "type", "typeof"):
            return f"<class '{self.name}'>"
        if self.kind == "builtin":
            return f"<built-in function {self.name}>"
        return f"<function {self.name}>"


class Method:
    """`obj.name` for an allow-listed method, not yet called."""

    __slots__ = ("name", "obj")

    def __init__(self, obj: Any, name: str) -> None:
        self.obj = obj
        self.name = name

    def __repr__(self) -> str:
        return f"<bound method {describe(self.obj)}.{self.name}>"


def describe(value: Any) -> str:
    """The type name Python would use in an error message ('Tensor', 'list', ...)."""
    if isinstance(value, Namespace):
        return "module"
    if isinstance(value, Method):
        return "method"
    if isinstance(value, Function):
        return "type" if value.kind in ("class", "type", "typeof") else "builtin_function_or_method"
    return type(value).__name__


WRAPPERS = (Namespace, Function, Method)

# d.keys(), d.values(), d.items(): compared (==, <) and combined (|, &) item by item, in C
DICT_VIEWS = (type({}.keys()), type({}.values()), type({}.items()))
# What `x in ...` hashes x for: all of x is walked before the first lookup
HASHED = (set, frozenset, dict, type({}.keys()), type({}.items()))
_CONTAINERS = (list, tuple, dict, *DICT_VIEWS)


def expanded_size(values: tuple[Any, ...], cap: int) -> int:
    """How many items CPython's own walks over `values` visit (`==`, `<`, `in`, `sorted`,
    `max`, a repr in an error message): a container referenced twice counts twice, as the
    walk goes through it twice. So `a = [a, a]` thirty times over is a billion items, though it
    holds thirty lists. Counted once per distinct container (memoised), so the count itself
    costs only the distinct items; it stops as soon as it passes `cap` (returns cap + 1).
    A container inside itself counts once, as repr's `[...]`.
    """
    memo: dict[int, int] = {}
    total = 0
    for value in values:
        total += _size(value, memo, cap)
        if total > cap:
            return cap + 1
    return total


def _size(root: Any, memo: dict[int, int], cap: int) -> int:
    if not isinstance(root, _CONTAINERS):
        return 1
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        value, done = stack.pop()
        key = id(value)
        if done:
            on_path.discard(key)
            items = _items(value)
            size = 1 + sum(memo.get(id(i), 1) for i in items)
            memo[key] = min(size, cap + 1)
            continue
        if key in memo or key in on_path:
            continue
        on_path.add(key)
        stack.append((value, True))
        stack.extend((i, False) for i in _items(value) if isinstance(i, _CONTAINERS))
    return memo[id(root)]


def _items(value: Any) -> Any:
    if isinstance(value, dict):
        return [*value.keys(), *value.values()]
    if isinstance(value, type({}.items())):
        return [item for pair in value for item in pair]  # (key, value), as compared
    return value

"""The exceptions a snippet can raise and catch, and what a caught one shows.

A snippet names the built-in exception types tutorials use (`ValueError`, `RuntimeError`, ...),
raises them, and catches them, including the engine's own errors (`except RuntimeError as e:`
around a second backward). What it gets hold of is an `ErrorValue`: the type's name, the message
(`str(e)`), and `e.args` reduced to plain values. Never the exception object itself, whose
`__traceback__` and `__context__` lead to the interpreter's frames; and a limit that was hit or a
construct that was refused is not an exception of the snippet's at all: no `except` catches it.
"""

from __future__ import annotations

import builtins
from typing import Any

from .allowlist import words
from .errors import SnippetError
from .values import Function

CATCHABLE_NAMES = words(
    "Exception ArithmeticError AssertionError AttributeError IndexError KeyError LookupError "
    "NameError NotImplementedError OverflowError RuntimeError StopIteration TypeError "
    "UnboundLocalError ValueError ZeroDivisionError"
)
_PLAIN = (str, int, float, bool, type(None))


def plain_args(args: tuple) -> tuple:
    """e.args as a snippet may see them: numbers and strings as they are, anything else as its
    text (an engine exception could carry an object the snippet never held)."""
    out = []
    for arg in args[:8]:
        if isinstance(arg, _PLAIN) and not (isinstance(arg, str) and len(arg) > 2000):
            out.append(arg)
        else:
            out.append(f"<{type(arg).__name__}>")
    return tuple(out)


class ErrorValue:
    """An exception as the snippet holds it: after `except ... as e`, or `ValueError("x")`."""

    __slots__ = ("args", "error", "exc_type")

    def __init__(self, exc_type: type, args: tuple, error: SnippetError | None = None) -> None:
        self.exc_type = exc_type
        self.args = args
        self.error = error  # the SnippetError it was caught as (for a bare `raise`)

    @property
    def type_name(self) -> str:
        return self.exc_type.__name__

    def message(self) -> str:
        if self.error is not None:
            return self.error.message
        return str(self.exc_type(*self.args))

    def __str__(self) -> str:
        return self.message()

    def __repr__(self) -> str:
        inner = ", ".join(repr(a) for a in self.args)
        return f"{self.type_name}({inner})"

    def as_error(self) -> SnippetError:
        """The SnippetError that raising this value is."""
        error = SnippetError(self.message() or self.type_name, kind="runtime",
                             error_type=self.type_name)  # fmt: skip
        error.exc_type = self.exc_type
        error.exc_args = self.args
        return error


def _construct(exc_type: type) -> Any:
    def make(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> ErrorValue:
        if kwargs:
            raise TypeError(f"{exc_type.__name__}() takes no keyword arguments")
        for arg in args:
            if isinstance(arg, str):
                interp.budget.check_string(len(arg))
            elif isinstance(arg, list | tuple | dict):
                # its message is repr(arg), made by CPython when it is raised or printed: made
                # once here, bounded (ValueError(a) with `a = [a, a]` thirty times never ended)
                interp.repr_of(arg)
        return ErrorValue(exc_type, tuple(args))

    return make


EXCEPTION_CLASSES: dict[str, Function] = {
    name: Function(
        name, _construct(getattr(builtins, name)), "exception", real=getattr(builtins, name)
    )
    for name in sorted(CATCHABLE_NAMES)
}


def caught(error: SnippetError) -> ErrorValue:
    """What `except ... as e` binds for `error`."""
    exc_type = getattr(error, "exc_type", None) or RuntimeError
    args = getattr(error, "exc_args", None)
    if args is None:
        args = (error.message,)
    return ErrorValue(exc_type, plain_args(args), error)


def handles(handler_types: Any, error: SnippetError) -> bool:
    """Does `except handler_types:` catch `error`? (TypeError if it names something else.)"""
    exc_type = getattr(error, "exc_type", None) or RuntimeError
    wanted = handler_types if type(handler_types) is tuple else (handler_types,)
    for cls in wanted:
        if not (isinstance(cls, Function) and cls.kind == "exception"):
            raise TypeError(
                "catching classes that do not inherit from BaseException is not allowed"
            )
    return any(issubclass(exc_type, cls.real) for cls in wanted)


def raised(value: Any) -> SnippetError:
    """The SnippetError of `raise value`."""
    if isinstance(value, Function) and value.kind == "exception":
        return ErrorValue(value.real, ()).as_error()
    if isinstance(value, ErrorValue):
        return value.as_error()
    raise TypeError("exceptions must derive from BaseException")

"""Grad mode: whether operations are being recorded for backward.

The switch lives in a `ContextVar`, never in a module global. The playground serves many people
at once and Streamlit runs each session's script in its own thread; with a global flag, one
learner's `with no_grad():` would silently stop another learner's graph from being recorded.
Each thread (and each asyncio task) sees its own value, starting from "enabled".

Every class here works both as a context manager and as a decorator, like PyTorch's:

    >>> with no_grad():
    ...     y = x * 2            # not recorded: y.requires_grad is False
    >>> @no_grad()
    ... def evaluate(model, x): ...
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

_enabled: ContextVar[bool] = ContextVar("autograd_core_grad_enabled", default=True)
# Whether a result computed under no_grad remembers which graph it was cut from (for drawing).
# The engine's own arithmetic during backward, and in-place updates, switch it off: their
# intermediate values are never drawn, and it saves creating weak references on every step.
_note_cuts: ContextVar[bool] = ContextVar("autograd_core_note_cuts", default=True)

F = TypeVar("F", bound=Callable[..., Any])


def is_grad_enabled() -> bool:
    """True when new operations on tensors that require grad are recorded."""
    return _enabled.get()


class _GradMode:
    """Base for the context managers: remember the previous mode, restore it on exit."""

    _mode: bool

    def __enter__(self) -> None:
        self._previous = _enabled.get()
        _enabled.set(self._mode)

    def __exit__(self, *exc: object) -> None:
        _enabled.set(self._previous)

    def __call__(self, func: F) -> F:
        """Use as a decorator: the whole call runs in this mode."""

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self.clone():
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    def clone(self) -> _GradMode:
        return type(self)()

    def __repr__(self) -> str:
        return f"<torch.autograd.grad_mode.{type(self).__name__} object>"


class no_grad(_GradMode):
    """Stop recording: results of operations inside the block do not require grad.

    Used for updates such as `w -= lr * w.grad` and for evaluation. Also a decorator,
    with or without parentheses (`@no_grad()` and `@no_grad` both work, as in PyTorch).
    """

    _mode = False

    def __new__(cls, func: Callable[..., Any] | None = None) -> Any:
        self = super().__new__(cls)
        if func is not None and callable(func):  # bare `@no_grad`
            return self(func)
        return self

    def __init__(self, func: Callable[..., Any] | None = None) -> None:
        pass


class enable_grad(no_grad):
    """Record again, for example inside a function decorated with no_grad."""

    _mode = True


class inference_mode(no_grad):
    """Like no_grad here (PyTorch adds further speed-ups we have no need for)."""

    def __init__(self, mode: bool | Callable[..., Any] = True) -> None:
        self._mode = not mode if isinstance(mode, bool) else False

    def clone(self) -> inference_mode:
        return inference_mode(not self._mode)


class set_grad_enabled(_GradMode):
    """Switch recording on or off. Takes effect immediately, so it also works as a plain call,
    `set_grad_enabled(False)`, as in PyTorch; used in `with`, it restores the previous mode."""

    def __init__(self, mode: bool) -> None:
        self._previous = _enabled.get()
        self._mode = bool(mode)
        _enabled.set(self._mode)

    def __enter__(self) -> None:
        _enabled.set(self._mode)

    def clone(self) -> set_grad_enabled:
        return set_grad_enabled(self._mode)

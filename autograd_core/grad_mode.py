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
# Inference mode: everything made inside is an "inference tensor" (see inference_mode). Grad
# mode is off there whatever enable_grad says, so `_enabled` stays the one flag the engine reads;
# `_grad_mode` keeps what enable_grad/no_grad asked for inside it, for is_grad_enabled().
_inference: ContextVar[bool] = ContextVar("autograd_core_inference_mode", default=False)
_grad_mode: ContextVar[bool] = ContextVar("autograd_core_grad_mode_in_inference", default=False)
# Whether a result computed under no_grad remembers which graph it was cut from (for drawing).
# The engine's own arithmetic during backward, and in-place updates, switch it off: their
# intermediate values are never drawn, and it saves creating weak references on every step.
_note_cuts: ContextVar[bool] = ContextVar("autograd_core_note_cuts", default=True)
# Anomaly detection (autograd/anomaly.py switches it): (enabled, check_nan). With both on, the
# backward pass looks for NaN in every gradient a node returns.
_anomaly: ContextVar[tuple[bool, bool]] = ContextVar(
    "autograd_core_detect_anomaly", default=(False, True)
)

F = TypeVar("F", bound=Callable[..., Any])


class derivatives_mode:  # lower case, like no_grad and the other modes below
    """The mode backward runs its derivatives in: recorded exactly when `create_graph` (that is
    all higher-order derivatives need), and with no drawing notes (`_note_cuts`): the engine's
    own arithmetic is never drawn."""

    __slots__ = ("_create_graph", "_previous", "_quiet")

    def __init__(self, create_graph: bool) -> None:
        self._create_graph = create_graph

    def __enter__(self) -> None:
        self._previous = _enabled.get()
        _enabled.set(self._create_graph)
        self._quiet = _note_cuts.set(False)

    def __exit__(self, *exc: object) -> None:
        _enabled.set(self._previous)
        _note_cuts.reset(self._quiet)


def should_record(requires_grad: bool) -> bool:
    """THE rule for whether a computation joins the graph: grad mode is on and some input requires
    grad. (Callers fold into `requires_grad` what else rules a node out, such as an integer result
    or a non-differentiable operation.) ops.apply asks it for every operation, and the in-place
    updates and item assignment in tensor.py ask it too, so all of them decide alike (apply has
    it inlined: keep the two the same)."""
    return requires_grad and _enabled.get()


def is_grad_enabled() -> bool:
    """True when grad mode is on (operations on tensors that require grad are recorded; inside
    inference_mode nothing is, whatever this says)."""
    return _enabled.get() or (_inference.get() and _grad_mode.get())


def is_inference_mode_enabled() -> bool:
    """True inside `with inference_mode():`."""
    return _inference.get()


def _set_grad_mode(mode: bool) -> None:
    if _inference.get():
        _grad_mode.set(mode)
    else:
        _enabled.set(mode)


class _GradMode:
    """Base for the context managers: remember the previous mode, restore it on exit."""

    _mode: bool

    def __enter__(self) -> None:
        self._previous = _save()
        _set_grad_mode(self._mode)

    def __exit__(self, *exc: object) -> None:
        _restore(self._previous)

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
        return f"<torch.autograd.grad_mode.{type(self).__name__} object at {id(self):#x}>"


def _save() -> tuple[bool, bool, bool]:
    return _enabled.get(), _inference.get(), _grad_mode.get()


def _restore(state: tuple[bool, bool, bool]) -> None:
    enabled, inference, grad_mode = state
    _enabled.set(enabled)
    _inference.set(inference)
    _grad_mode.set(grad_mode)


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
    """no_grad, and more: tensors made inside are *inference tensors*, which can never join a
    graph. As in PyTorch, using one where autograd would have to save it raises "Inference
    tensors cannot be saved for backward", changing one in place outside the block raises, and
    `t.is_inference()` tells them apart. Use no_grad for values you will later train with.

    `inference_mode(False)` is a block with grad mode on and no inference tensors.
    """

    _inference_mode = True  # (bare `@inference_mode` never runs __init__)

    def __init__(self, mode: bool | Callable[..., Any] = True) -> None:
        self._inference_mode = mode if isinstance(mode, bool) else True

    def __enter__(self) -> None:
        self._previous = _save()
        _inference.set(self._inference_mode)
        _grad_mode.set(not self._inference_mode)
        _enabled.set(not self._inference_mode)

    def clone(self) -> inference_mode:
        return inference_mode(self._inference_mode)


class set_grad_enabled(_GradMode):
    """Switch recording on or off. Takes effect immediately, so it also works as a plain call,
    `set_grad_enabled(False)`, as in PyTorch; used in `with`, it restores the previous mode."""

    def __init__(self, mode: bool) -> None:
        self._previous = _save()
        self._mode = bool(mode)
        _set_grad_mode(self._mode)

    def __enter__(self) -> None:
        _set_grad_mode(self._mode)

    def clone(self) -> set_grad_enabled:
        return set_grad_enabled(self._mode)

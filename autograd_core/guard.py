"""A hook that lets a caller veto work before the engine does it.

The snippet interpreter (`autograd_core.playground.sandbox`) runs code typed into a public web
page. It must stop `ones(10**9)` or a broadcast to a billion elements *before* NumPy allocates
the memory, and it counts operations and graph nodes. The engine announces each tensor it is
about to create through `check_numel`, each recorded graph node through `count_node` and the
least size of each text it is about to build through `check_text`; with no guard installed (the
normal case) these cost one ContextVar lookup.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Protocol


class Guard(Protocol):
    def check_numel(self, numel: int, what: str) -> None:
        """Raise if a tensor of `numel` elements may not be created."""

    def count_node(self) -> None:
        """Called for every operation recorded in the graph; raise to stop."""

    def check_products(self, multiply_adds: int, what: str) -> None:
        """Raise if a matrix product of `multiply_adds` multiply-adds may not run (every mm, mv,
        dot, bmm, addmm: @, matmul, F.linear and nn.Linear of any dtype, and their backward)."""

    def check_work(self, steps: int, what: str) -> None:
        """Raise if `steps` more steps of work (a walk through a module tree) may not be done."""

    def check_text(self, chars: int, what: str) -> None:
        """Raise if text of at least `chars` characters may not be built (checked before the
        engine formats it: printing a tensor)."""


active: ContextVar[Guard | None] = ContextVar("autograd_core_guard", default=None)


def check_numel(numel: int, what: str) -> None:
    guard = active.get()
    if guard is not None:
        guard.check_numel(int(numel), what)


def check_products(multiply_adds: int, what: str) -> None:
    _tell("check_products", int(multiply_adds), what)


def check_work(steps: int, what: str) -> None:
    _tell("check_work", int(steps), what)


def check_text(chars: int, what: str) -> None:
    _tell("check_text", int(chars), what)


def _tell(method: str, amount: int, what: str) -> None:
    guard = active.get()
    if guard is not None:
        getattr(guard, method)(amount, what)


def guarded() -> bool:
    """Is a guard installed (so that counting work before doing it is worth its cost)?"""
    return active.get() is not None

"""A hook that lets a caller veto work before the engine does it.

The snippet interpreter (`autograd_core.playground.sandbox`) runs code typed into a public web
page. It must stop `ones(10**9)` or a broadcast to a billion elements *before* NumPy allocates
the memory, and it counts operations and graph nodes. The engine announces each tensor it is
about to create through `check_numel`, each recorded graph node through `count_node` and the
least size of each text it is about to build through `check_text`; with no guard installed (the
normal case) these cost one ContextVar lookup.
"""

from __future__ import annotations

import math
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


def shape_numel(shape: tuple) -> int:
    """The number of elements a guard is told about for a tensor of `shape`: its size, except
    that an empty tensor counts the product of its other sizes. Reducing over its empty dim makes
    that many (`torch.zeros(0, 10**9).sum(0)` is a billion zeros), and sums, `all`, `std`, ...
    assume a result no bigger than their input; so the size is refused where such a tensor is
    made, before any of them runs."""
    numel = math.prod(shape)
    return numel if numel else math.prod(s for s in shape if s > 0)  # (-1: reshape infers it)


def check_shape(shape: tuple, what: str) -> None:
    """check_numel for a tensor of `shape` about to be made (see shape_numel)."""
    guard = active.get()
    if guard is not None:
        guard.check_numel(shape_numel(shape), what)


def check_products(multiply_adds: int, what: str) -> None:
    _tell("check_products", int(multiply_adds), what)


def check_work(steps: int, what: str) -> None:
    _tell("check_work", int(steps), what)


# What making one piece of unbind/split/tensor_split costs, in steps of work: a primitive call
# and a Tensor, a few microseconds, as much as several of the interpreter's steps. (Counted as
# one element each, a million empty pieces of a (10**6, 0) tensor took 2 s.)
STEPS_PER_PIECE = 8


def check_pieces(count: int, what: str) -> None:
    """Before `count` tensors are cut from one (unbind, split, chunk, tensor_split)."""
    _tell("check_work", int(count) * STEPS_PER_PIECE, what)


def check_text(chars: int, what: str) -> None:
    _tell("check_text", int(chars), what)


def _tell(method: str, amount: int, what: str) -> None:
    guard = active.get()
    if guard is not None:
        getattr(guard, method)(amount, what)


def guarded() -> bool:
    """Is a guard installed (so that counting work before doing it is worth its cost)?"""
    return active.get() is not None

"""A program's backward passes, kept to be drawn one at a time: a training loop's iterations.

Each backward() call is noted as it starts (sandbox.run_snippet's `on_backward`), while the
leaves still hold the values its forward pass used: the optimizer step that follows changes
them in place, so afterwards nothing remembers what `w` was in iteration 3. Every leaf the pass
reaches is held by its trace then (`trace.hold`: a reference, copied only if the pass is kept
or something overwrites the leaf while it might be), and drawn instead of the value now.

Memory is bounded: at most MAX_KEPT passes are kept, the first FIRST_KEPT, the latest, and
evenly spaced ones between (every 2nd, 4th, 8th ... as the loop grows).

    >>> keeper = Iterations()
    >>> result = run_snippet(code, on_backward=keeper)
    >>> [kept.number for kept in keeper.kept()]   # a 200-step loop
    [1, 2, 3, 4, 5, 16, 32, 48, ..., 192, 200]
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from autograd_core.function import AccumulateGrad

MAX_KEPT = 20  # backward passes a run keeps to draw
FIRST_KEPT = 5  # the first ones are always kept: where a loop changes most
MAX_SNAPSHOT_NODES = 1_500  # a pass whose graph is bigger is not drawn (run.MAX_DRAWN_NODES)


@dataclass
class Pass:
    """One backward() / autograd.grad() call, and the leaf values its forward pass used."""

    number: int  # 1-based: the how-many-th backward call of the run
    trace: Any  # tracing.BackwardTrace
    leaves: tuple[int, ...]  # id() of each leaf tensor the pass reaches, in the order held
    first: int = 0  # the trace's slot for the first one's value when the pass started (the
    # others follow in order)

    @property
    def values(self) -> dict[int, np.ndarray]:
        """id(leaf tensor) -> its value when the pass started."""
        held = self.trace.held
        return {leaf: held(slot) for slot, leaf in enumerate(self.leaves, self.first)}


class Iterations:
    """Called with each trace as its backward pass starts; keeps a bounded, spread-out set.

    Every pass might be the program's last, so each holds its leaves as it starts (a
    reference: copied only if something overwrites one while the pass is the latest); one that
    is neither among the first nor on the stride is let go when the next begins."""

    def __init__(self, max_kept: int = MAX_KEPT, first: int = FIRST_KEPT) -> None:
        self.max_kept, self.first = max_kept, first
        self.count = 0
        self.stride = 1
        self._kept: dict[int, Pass] = {}

    def __call__(self, trace: Any) -> None:
        kept = self._kept
        latest = self.count
        self.count = number = latest + 1
        if latest > self.first and latest % self.stride and latest in kept:
            del kept[latest]  # it was kept only as the latest
        leaves, first = hold_leaves(trace)
        kept[number] = Pass(number, trace, leaves, first)
        while len(kept) > self.max_kept:
            self.stride *= 2
            for n in [n for n in kept if n != number and not self._wanted(n)]:
                del kept[n]

    def _wanted(self, number: int) -> bool:
        return number <= self.first or number % self.stride == 0

    def kept(self) -> list[Pass]:
        return [self._kept[n] for n in sorted(self._kept)]


def hold_leaves(trace: Any) -> tuple[tuple[int, ...], int]:
    """(id() of each leaf the graph behind the trace's roots reaches, the slot `trace` holds
    the first one's value in; the others follow)."""
    reached = getattr(trace, "reached", None)
    if reached is not None:  # the engine's own walk of the graph, as the pass starts
        if len(reached) > MAX_SNAPSHOT_NODES:
            return (), 0
        leaves = [fn.variable for fn in reached if fn.__class__ is AccumulateGrad]
        return tuple(map(id, leaves)), trace.hold_tensors(leaves)
    found: dict[int, Any] = {}
    seen: set[int] = set()
    roots = trace.roots
    pending = [t.grad_fn for t in roots if getattr(t, "grad_fn", None) is not None]
    for t in roots:
        if getattr(t, "grad_fn", None) is None and getattr(t, "requires_grad", False):
            found.setdefault(id(t), t)
    while pending and len(seen) < MAX_SNAPSHOT_NODES:
        fn = pending.pop()
        if id(fn) in seen:
            continue
        seen.add(id(fn))
        if fn.__class__ is AccumulateGrad:
            found.setdefault(id(fn.variable), fn.variable)
            continue
        pending += [nxt for nxt, _ in fn.next_functions if nxt is not None]
    if not found:
        return (), 0
    return tuple(found), trace.hold_tensors(list(found.values()))


def kept_note(numbers: tuple[int, ...], total: int) -> str:
    """Which iterations the picker offers, in words (numbers: the kept ones, ascending)."""
    if len(numbers) >= total:
        return f"All {total} iterations can be shown."
    middle = [n for n in numbers if n > FIRST_KEPT and n != total]
    stride = min((b - a for a, b in pairwise(middle)), default=0)
    spaced = f", every {stride}th in between" if stride > 1 else ""
    return (
        f"To save memory the page keeps {len(numbers)} of the {total} iterations: the first "
        f"{min(FIRST_KEPT, total)}{spaced} and the last."
    )

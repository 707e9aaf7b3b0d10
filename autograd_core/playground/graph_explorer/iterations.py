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
    held: dict[int, int]  # id(leaf tensor) -> the trace's slot for its value when it started

    @property
    def values(self) -> dict[int, np.ndarray]:
        """id(leaf tensor) -> its value when the pass started."""
        return {leaf: self.trace.held(slot) for leaf, slot in self.held.items()}


class Iterations:
    """Called with each trace as its backward pass starts; keeps a bounded, spread-out set."""

    def __init__(self, max_kept: int = MAX_KEPT, first: int = FIRST_KEPT) -> None:
        self.max_kept, self.first = max_kept, first
        self.count = 0
        self.stride = 1
        self._kept: dict[int, Pass] = {}

    def __call__(self, trace: Any) -> None:
        self.count += 1
        latest = self.count - 1
        if latest in self._kept and not self._wanted(latest):
            del self._kept[latest]  # it was kept only as the latest
        self._kept[self.count] = Pass(self.count, trace, hold_leaves(trace))
        while len(self._kept) > self.max_kept:
            self.stride *= 2
            for number in [n for n in self._kept if n != self.count and not self._wanted(n)]:
                del self._kept[number]

    def _wanted(self, number: int) -> bool:
        return number <= self.first or number % self.stride == 0

    def kept(self) -> list[Pass]:
        return [self._kept[n] for n in sorted(self._kept)]


def hold_leaves(trace: Any) -> dict[int, int]:
    """id(leaf) -> the slot `trace` holds its value in, for every leaf the graph behind the
    trace's roots reaches."""
    held: dict[int, int] = {}
    reached = getattr(trace, "reached", None)
    if reached is not None:  # the engine's own walk of the graph, as the pass starts
        if len(reached) <= MAX_SNAPSHOT_NODES:
            leaves = [fn.variable for fn in reached if fn.__class__ is AccumulateGrad]
            first = trace.hold_tensors(leaves)
            held = {id(leaf): first + i for i, leaf in enumerate(leaves)}
        return held
    seen: set[int] = set()
    roots = trace.roots
    pending = [t.grad_fn for t in roots if getattr(t, "grad_fn", None) is not None]
    for t in roots:
        if getattr(t, "grad_fn", None) is None and getattr(t, "requires_grad", False):
            held[id(t)] = trace.hold(t)
    while pending and len(seen) < MAX_SNAPSHOT_NODES:
        fn = pending.pop()
        if id(fn) in seen:
            continue
        seen.add(id(fn))
        if fn.__class__ is AccumulateGrad:
            held[id(fn.variable)] = trace.hold(fn.variable)
            continue
        pending += [nxt for nxt, _ in fn.next_functions if nxt is not None]
    return held


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

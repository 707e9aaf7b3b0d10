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

import weakref
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from autograd_core.function import AccumulateGrad

from ..graph.model import OUTPUT  # the index that names an op's result in a pass's values

MAX_KEPT = 20  # backward passes a run keeps to draw
FIRST_KEPT = 5  # the first ones are always kept: where a loop changes most
MAX_SNAPSHOT_NODES = 1_500  # a pass whose graph is bigger is not drawn (run.MAX_DRAWN_NODES)


# What a pass holds besides its leaves is bounded (each pass might be one of the MAX_KEPT
# drawn): about 1.6 MB of numbers a pass, 32 MB for all the kept ones.
MAX_TAKEN_ELEMENTS = 200_000


@dataclass
class Pass:
    """One backward() / autograd.grad() call, and the values its forward pass used: the leaves',
    and those the graph cannot work out again later (see hold_forward)."""

    number: int  # 1-based: the how-many-th backward call of the run
    trace: Any  # tracing.BackwardTrace
    leaves: tuple[int, ...]  # id() of each leaf tensor the pass reaches, in the order held
    first: int = 0  # the trace's slot for the first one's value when the pass started (the
    # others follow in order, then the `taken` ones)
    taken: tuple[tuple[int, int], ...] = ()  # (id(grad_fn), input index or OUTPUT) of each
    # other value held: an input that needs no gradient, or a custom Function's result
    untaken: bool = False  # some such value was alive but past MAX_TAKEN_ELEMENTS

    @property
    def values(self) -> dict[Any, np.ndarray]:
        """id(leaf tensor) -> its value when the pass started; (id(grad_fn), index) -> the
        value of that op's input `index` (OUTPUT: of its result) then."""
        held = self.trace.held
        values: dict[Any, np.ndarray] = {
            leaf: held(slot) for slot, leaf in enumerate(self.leaves, self.first)
        }
        after = self.first + len(self.leaves)
        values.update((key, held(slot)) for slot, key in enumerate(self.taken, after))
        return values


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
        kept[number] = hold_forward(number, trace)
        while len(kept) > self.max_kept:
            self.stride *= 2
            for n in [n for n in kept if n != number and not self._wanted(n)]:
                del kept[n]

    def _wanted(self, number: int) -> bool:
        return number <= self.first or number % self.stride == 0

    def kept(self) -> list[Pass]:
        return [self._kept[n] for n in sorted(self._kept)]


def hold_forward(number: int, trace: Any) -> Pass:
    """Pass `number`, holding (trace.hold_tensors: a reference, copied only if something
    overwrites it) what its graph will need to show every value as this forward pass made it:

    - each leaf's value (the optimizer step that follows changes it in place);
    - each input that needs no gradient (`x ** 2` when x does not require grad): the graph
      keeps it only as long as something else does (the engine's weak reference), and it is
      the start of every value computed from it;
    - each custom autograd.Function's result: the learner's own forward() is not rerun later.

    Every other result is worked out again from these when the pass is drawn (graph.model
    recomputes it with the op the engine ran). They are all still alive as the pass starts:
    the interpreter holds the forward pass's tensors until then (interpreter.note_span)."""
    nodes = _graph_nodes(trace)
    if nodes is None:
        return Pass(number, trace, ())
    leaves: list[Any] = []
    weak: list[tuple[Any, int, Any]] = []  # (node, input index or OUTPUT, weak reference)
    weak_type, accumulate = weakref.ref, AccumulateGrad
    for fn in nodes:  # (runs for every node of every backward call: kept short)
        if fn.__class__ is accumulate:
            leaves.append(fn.variable)
        elif fn._python:  # a custom Function's node (it keeps no inputs that need no gradient)
            output = getattr(fn, "_output", None)
            if output is not None:
                weak.append((fn, OUTPUT, output))
        else:
            for index, constant in enumerate(getattr(fn, "_constants", ())):
                if constant.__class__ is weak_type:
                    weak.append((fn, index, constant))
    taken: list[tuple[int, int]] = []
    held: list[Any] = []
    room = MAX_TAKEN_ELEMENTS
    untaken = False
    for fn, index, ref in weak:
        tensor = ref()
        if tensor is None or (index == OUTPUT and tensor.grad_fn is not fn):
            continue
        size = tensor._data.size
        if size > room:
            untaken = True
            continue
        room -= size
        taken.append((id(fn), index))
        held.append(tensor)
    first = trace.hold_tensors(leaves + held) if leaves or held else 0
    return Pass(number, trace, tuple(map(id, leaves)), first, tuple(taken), untaken)


def _graph_nodes(trace: Any) -> Any:
    """The nodes of the graph behind the trace's roots (None: too many to draw)."""
    reached = getattr(trace, "reached", None)
    if reached is not None:  # the engine's own walk of the graph, as the pass starts
        return None if len(reached) > MAX_SNAPSHOT_NODES else reached
    seen: dict[int, Any] = {}
    roots = trace.roots
    pending = [t.grad_fn for t in roots if getattr(t, "grad_fn", None) is not None]
    found = [t._accumulator() for t in roots if t.grad_fn is None and t.requires_grad]
    while pending:
        fn = pending.pop()
        if id(fn) in seen:
            continue
        if len(seen) >= MAX_SNAPSHOT_NODES:
            return None
        seen[id(fn)] = fn
        if fn.__class__ is not AccumulateGrad:
            pending += [nxt for nxt, _ in fn.next_functions if nxt is not None]
    return [*found, *seen.values()]


def kept_note(numbers: tuple[int, ...], total: int) -> str:
    """Which iterations the picker offers, in words (numbers: the kept ones, ascending)."""
    if len(numbers) >= total:
        return f"All {total} iterations can be shown."
    middle = [n for n in numbers if n > FIRST_KEPT and n != total]
    stride = min((b - a for a, b in pairwise(middle)), default=0)
    spaced = f", every {_ordinal(stride)} in between" if stride > 1 else ""
    return (
        f"To save memory the page keeps {len(numbers)} of the {total} iterations: the first "
        f"{min(FIRST_KEPT, total)}{spaced} and the last."
    )


def _ordinal(n: int) -> str:
    """2nd, 3rd, 16th, 22nd: "every 2th" read wrong on the page."""
    if n % 100 in (11, 12, 13):
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"

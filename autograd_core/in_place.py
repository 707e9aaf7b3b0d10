"""The one hook before anything writes into a tensor's memory in place.

A backward trace (tracing.py) keeps references to the arrays a backward pass used instead of
copying them all as it runs: most traces of a training loop are thrown away unseen, and a copy
is only needed when something is about to overwrite values a kept trace still refers to (the
optimizer step right after backward, `.grad` accumulating, `x.data.add_`, `x[0] = ...`). So
every place the engine writes into an existing array calls, first,

    if in_place.watchers:
        in_place.before_write(array)

(Tensor._write, the in-place fast paths in tensor.py, Tensor.__setitem__, optim's `write`, the
accumulation into an existing `.grad` in engine.py; tests/engine/test_in_place_hook.py finds
every such place and checks that it calls the hook). With no trace recording, `watchers` is
empty and the cost is that one truth test.
"""

from __future__ import annotations

from typing import Any

# The open recording windows (tracing._Window), usually none or one. Shared by every thread: a
# write from any thread into memory a window refers to must be seen by it. Only ever mutated
# in place (call sites test this very list object).
watchers: list[Any] = []


def before_write(array: Any) -> None:
    """`array` (or memory it shares) is about to be overwritten in place."""
    for window in tuple(watchers):
        window.preserve(array)


def memory_owner(array: Any) -> Any:
    """The object that owns `array`'s memory: every view of it leads to the same owner."""
    base = array.base
    while base is not None:
        array = base
        base = getattr(array, "base", None)
    return array

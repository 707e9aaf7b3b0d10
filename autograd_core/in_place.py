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

from threading import get_ident
from typing import Any

# The open recording windows (tracing._Window), usually none or one per thread recording. One
# list for every thread (the call sites' truth test stays one test); each window hears only the
# writes of the thread it watches (its `thread`): a run's tensors are its own, and another
# thread's write must not read a window while its own thread is adding to it. Only ever mutated
# in place (call sites test this very list object).
watchers: list[Any] = []


def before_write(array: Any) -> None:
    """`array` (or memory it shares) is about to be overwritten in place."""
    me = get_ident()
    for window in tuple(watchers):
        if window.thread == me:
            window.preserve(array)


def memory_owner(array: Any) -> Any:
    """The object that owns `array`'s memory: every view of it leads to the same owner."""
    base = array.base
    while base is not None:
        array = base
        base = getattr(array, "base", None)
    return array

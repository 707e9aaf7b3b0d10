"""Results that depend only on the app's own fixed inputs, computed once per server process.

    race = memo("gd_race", key, lambda: shared_copy("gd_race", key, compute))
    fig = memo("gd_figure", key, lambda: shared_figure("gd_figure", key, build))

Both return a `Counted` (the value and what it costs a session to keep), which ui.memo keeps
as the value; outside a memo, take `.value`.

A class opens the same page at the same moment: thirty sessions then race the same preset with
the same settings, run the same catalogue example, draw the same picture. Only inputs the app
itself fixes may be keys here (a preset function, a catalogue example and the switches on it,
the default expression): never code or text a learner typed, so nothing one learner does is
ever computed for, or seen by, another.

Two kinds of sharing, so that one session can never alter what another sees:

- `shared_copy` keeps the result pickled and hands every caller a fresh copy (unpickling a
  race or an exploration costs well under a millisecond; running it costs a worker call).
- `shared_figure` keeps one `PreparedFigure` and hands out the same object: figures are
  read-only everywhere, and this one is made so (`read_only`: its arrays unwritable, its wire
  form computed once, so Streamlit only encodes it).

Concurrent callers of a key that is being computed wait for that one computation instead of
starting their own: the thirty first visits of a class cost one race. An exception is not
kept: each waiting caller then computes for itself (and gets its own error).
"""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from autograd_core.playground.figures.prepared import read_only

ENTRIES = 32  # per name: presets × their usual settings, examples × their switches; the
# largest kept figure (a 2-D preset's race) is 0.65 MB, so a name holds at most about 20 MB


class Counted:
    """A value with its size as pickled, known already (ui.memo need not pickle it again)."""

    __slots__ = ("nbytes", "value")

    def __init__(self, value: object, nbytes: int) -> None:
        self.value = value
        self.nbytes = nbytes


class _Store:
    """One name's results: an LRU of finished values and the keys being computed now."""

    def __init__(self) -> None:
        self.done: OrderedDict[Hashable, Any] = OrderedDict()
        self.running: dict[Hashable, threading.Event] = {}


_stores: dict[str, _Store] = {}
_lock = threading.Lock()


def _get_or_compute(
    name: str, key: Hashable, compute: Callable[[], Any], keep: Callable[[Any], bool] | None = None
) -> Any:
    while True:
        with _lock:
            store = _stores.setdefault(name, _Store())
            if key in store.done:
                store.done.move_to_end(key)
                return store.done[key]
            running = store.running.get(key)
            if running is None:
                running = store.running[key] = threading.Event()
                mine = True
            else:
                mine = False
        if not mine:
            running.wait()
            with _lock:
                if key in store.done:
                    store.done.move_to_end(key)
                    return store.done[key]
            return compute()  # the first caller failed (or its result was not to be kept)
        try:
            value = compute()
        except BaseException:
            with _lock:
                store.running.pop(key, None)
            running.set()
            raise
        with _lock:
            if keep is None or keep(value):
                store.done[key] = value
                while len(store.done) > ENTRIES:
                    store.done.popitem(last=False)
            store.running.pop(key, None)
        running.set()
        return value


def shared_copy(
    name: str, key: Hashable, compute: Callable[[], Any], keep: Callable[[Any], bool] | None = None
) -> Counted:
    """`compute()` for `key`, computed once per process; every call returns a private copy
    (with its size as pickled, for ui.memo). A result for which `keep` says False (one that
    ran out of time on a busy machine, say) goes to its caller only, like an exception."""
    found: list[Any] = []

    def pickled() -> bytes:
        found.append(compute())
        return pickle.dumps(found[0], protocol=pickle.HIGHEST_PROTOCOL)

    data = _get_or_compute(
        name, key, pickled, None if keep is None else lambda _: keep(found[0]) if found else True
    )
    return Counted(pickle.loads(data), len(data))


def shared_figure(name: str, key: Hashable, compute: Callable[[], Any]) -> Counted:
    """The figure `compute()` builds for `key`, built once per process and handed to every
    session as the same read-only object (its arrays unwritable, its wire form ready). Counted
    as 0 bytes: a session keeping it holds no memory of its own."""
    return Counted(_get_or_compute(name, key, lambda: read_only(compute())), 0)


def clear() -> None:
    """Forget every shared result (tests)."""
    with _lock:
        _stores.clear()

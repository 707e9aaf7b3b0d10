"""Per-session memo: a rerun that changes nothing a result depends on recomputes nothing.

    fig = memo("gd_figure", (inputs, theme), lambda: descent_figure(...))

Streamlit reruns a page's whole script on every click. Each expensive result (a race, a
training fit, a figure) is kept in the session under a key made of exactly what it depends on,
so moving an unrelated widget reuses it, and the learner's own previous inputs (a few of them,
for going back and forth) are still there. Per session, never shared: one learner's code never
produces what another sees.
"""

from __future__ import annotations

import pickle
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st

from ui.shared import Counted

T = TypeVar("T")
_MEMO = "memo"
SIZE = 4  # results kept per name: the last few inputs a learner goes back and forth between
MAX_BYTES = 48 * 2**20  # and at most this much in all per session, counted as pickled (a result
# of learner code can hold big tensors: one is at most workers.MAX_RESULT_BYTES)


class Same:
    """A key part that matches only the very same object (not an equal one): for results kept
    in the session that are not hashable. It keeps the object alive, so its id is not reused."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.obj is self.obj


def memo(name: str, key: Hashable, compute: Callable[[], T | Counted], size: int = SIZE) -> T:
    """The value of `compute()` for `key`, from the last `size` computed under `name` in this
    session. Exceptions are not kept: the next rerun tries again. Past MAX_BYTES in the whole
    session, the oldest results of the largest names go first (the newest of each stays: it
    is on screen)."""
    stores = st.session_state.setdefault(_MEMO, {})
    store: OrderedDict = stores.setdefault(name, OrderedDict())
    if key in store:
        store.move_to_end(key)
        return store[key][0]
    value = compute()
    if isinstance(value, Counted):  # a shared result: its size is known (ui/shared.py)
        value, nbytes = value.value, value.nbytes
    else:
        nbytes = _bytes(value)
    store[key] = (value, nbytes)
    while len(store) > size:
        store.popitem(last=False)
    while sum(n for s in stores.values() for _, n in s.values()) > MAX_BYTES:
        shrinkable = [s for s in stores.values() if len(s) > 1]
        if not shrinkable:
            break
        max(shrinkable, key=lambda s: sum(n for _, n in s.values())).popitem(last=False)
    return value


def _bytes(value: object) -> int:
    """What a result holds, as pickled (for most results, what came back from a worker)."""
    try:
        return len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # not picklable (a live object of our own): counted as small
        return 0


def forget(name: str) -> None:
    """Drop every result kept under `name` (when what they depend on is not in their key)."""
    st.session_state.setdefault(_MEMO, {}).pop(name, None)

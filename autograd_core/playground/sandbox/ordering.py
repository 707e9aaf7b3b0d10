"""`key=` of sorted(), list.sort(), min() and max(): the snippet's function decides the order.

The key function is called once per item, through the interpreter (`interp.call`), so each call
is charged to the run's budget like any other call: a key that loops, recurses or raises is
stopped or reported at its own line. Only the keys are then compared, in C, after the same
walk bound as sorting the items themselves (shared nested lists cannot make it exponential).

list.sort() keeps CPython's rule for a key that changes the list being sorted: the key sees
the list empty, and any change it makes is discarded with "ValueError: list modified during
sort".
"""

from __future__ import annotations

from typing import Any


def keys_of(interp: Any, items: list[Any], key: Any) -> list[Any]:
    """key(item) for each item, each call run (and charged) by the interpreter."""
    keys = [interp.call(key, [item], {}) for item in items]
    interp.budget.check_walk(keys)
    return keys


def sort_items(interp: Any, items: list[Any], key: Any, reverse: bool) -> list[Any]:
    """sorted(items, key=key, reverse=reverse), with every bound charged before C sorts."""
    interp.budget.charge(len(items) * max(len(items), 2).bit_length() // 4 + 1)
    if key is None:
        interp.budget.check_walk(items)
        return sorted(items, reverse=reverse)
    keys = keys_of(interp, items, key)
    order = sorted(range(len(items)), key=keys.__getitem__, reverse=reverse)
    return [items[i] for i in order]


def sort_in_place(interp: Any, xs: list, key: Any, reverse: bool) -> None:
    """xs.sort(key=key, reverse=reverse) as CPython does it (see the module docstring)."""
    items = xs[:]
    xs.clear()
    result = items
    try:
        result = sort_items(interp, items, key, reverse)
    finally:
        modified = bool(xs)
        xs[:] = result
    if modified:
        raise ValueError("list modified during sort")


def extreme(interp: Any, items: list[Any], key: Any, better: Any) -> Any:
    """The first item whose key is better than every earlier one's (min/max semantics)."""
    keys = items if key is None else keys_of(interp, items, key)
    if key is None:
        interp.budget.check_walk(items)
    best = 0
    for i in range(1, len(items)):
        interp.budget.tick()
        if interp.truth(better(keys[i], keys[best])):
            best = i
    return items[best]

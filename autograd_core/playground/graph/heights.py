"""Step 4 of the layout (layout.py): the height of every unit of every column, once the
columns and their order are fixed. Each unit is pulled toward the neighbour with the longest
path behind it (or ahead of it, going back), keeping its column's order and the gaps between
neighbours; units that want the same height are placed by priority.

Heights are screen-down pixels; `gap(a, b)` is the least distance between neighbours a (above)
and b in a column.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from itertools import pairwise
from typing import Any


def heights(
    columns: list[list[int]],
    preds: list[list[int]],
    succs: list[list[int]],
    order: list[float],
    gap: Any,
    n_real: int | None = None,
) -> list[float]:
    """Heights (screen down): pull each unit toward its neighbours' mean height, keeping each
    column's order and every unit clear of the next by their extents and a margin. Units from
    n_real on are waypoints (default: none are)."""
    n_real = len(order) if n_real is None else n_real
    y = [0.0] * len(order)
    gaps_in = {id(column): [gap(a, b) for a, b in pairwise(column)] for column in columns}
    for column in columns:  # start: stacked in rank order, just clear of each other
        for (a, b), g in zip(pairwise(column), gaps_in[id(column)]):
            y[b] = y[a] + g
    # A unit lines up with its longest neighbour, the one with the longest path behind it (or
    # ahead of it, going back), not the mean of all: a chain of `s = s + term` stays a straight
    # line with each term beside it, where the mean of s and the term stepped the chain down by
    # half a box at every term.
    # When two units of a column want the same height (the chain `s` and the next term both
    # feed the next `s + term`), the one with the longer path behind it gets it.
    behind, ahead = _longest(columns, preds, n_real), _longest(columns[::-1], succs, n_real)
    passes = (
        (preds, columns[1:], behind, ahead, None),
        # going back, the heights from the first pass are known: a unit already level with
        # its input goes first, as it alone can then be a straight line
        (succs, columns[-2::-1], ahead, behind, preds),
    )
    for neighbours, sequence, longest, priority, behind_it in passes:
        for column in sequence:
            wanted = []
            for i in column:
                near = neighbours[i]
                if len(near) == 1:  # most units: what the sum below comes to for one
                    wanted.append(0.0 + y[near[0]])
                    continue
                if near:
                    top = max(longest[j] for j in near)
                    near = [j for j in near if longest[j] == top]
                wanted.append(sum([y[j] for j in near]) / len(near) if near else y[i])
            if len(column) == 1:  # alone in its column: it can go exactly where it wants
                y[column[0]] = wanted[0]
                continue
            first = [
                (
                    behind_it is not None and any(abs(y[j] - w) < 0.01 for j in behind_it[i]),
                    priority[i],
                )
                for i, w in zip(column, wanted)
            ]
            gaps = gaps_in[id(column)]
            for i, value in zip(column, _place_by_priority(wanted, gaps, first)):
                y[i] = value
    return y


def _place_by_priority(wanted: list[float], gaps: list[float], priority: list) -> list[float]:
    """Heights as close to `wanted` as the order and `gaps` allow, the units of highest
    priority placed first (those of equal priority together, by _spread); each later one
    goes where it wants between those already placed."""
    if len(wanted) == 2:  # most columns of a long chain: a box and a line passing it
        return _place_pair(wanted, gaps[0], priority)
    at = [0.0]
    for g in gaps:
        at.append(at[-1] + g)  # at[j] - at[k]: the least distance from unit k down to unit j
    placed: list[int] = []  # indices placed so far, sorted
    out = [0.0] * len(wanted)
    for level in sorted(set(priority), reverse=True):
        group = [k for k in range(len(wanted)) if priority[k] == level]
        spread = _spread([wanted[k] for k in group], [at[b] - at[a] for a, b in pairwise(group)])
        for k, value in zip(group, spread):
            n = bisect_left(placed, k)
            if n > 0:
                value = max(value, out[placed[n - 1]] + at[k] - at[placed[n - 1]])
            if n < len(placed):
                value = min(value, out[placed[n]] - (at[placed[n]] - at[k]))
            out[k] = value
        for k in group:
            insort(placed, k)
    return out


def _place_pair(wanted: list[float], gap: float, priority: list) -> list[float]:
    """_place_by_priority of two units, written out: the same sums in the same order, so the
    same heights to the last bit, without the bookkeeping that a long column needs."""
    (w0, w1), at1 = wanted, 0.0 + gap
    if priority[0] == priority[1]:  # _spread of both
        return [(w0 + min(w0, w1 - (at1 - 0.0))) / 2, (max(w1, w0 + (at1 - 0.0)) + w1) / 2]
    if priority[0] > priority[1]:  # the upper one first, where it wants; the lower below it
        out0 = (w0 + w0) / 2
        return [out0, max((w1 + w1) / 2, out0 + at1 - 0.0)]
    out1 = (w1 + w1) / 2
    return [min((w0 + w0) / 2, out1 - (at1 - 0.0)), out1]


def _longest(columns: list[list[int]], neighbours: list[list[int]], n_real: int) -> list[int]:
    """How many boxes lie on each unit's longest path from the first of `columns` through
    `neighbours` (which all lie in earlier columns). Waypoints do not count: every path to a
    column crosses as many columns as any other."""
    length = [0] * sum(len(c) for c in columns)
    for column in columns:
        for i in column:
            near = neighbours[i]
            if len(near) == 1:
                length[i] = length[near[0]]
            elif near:
                length[i] = max(length[j] for j in near)
            length[i] += i < n_real
    return length


def _spread(wanted: list[float], gaps: list[float]) -> list[float]:
    """Closest heights to `wanted` that keep the order and at least `gaps` apart.

    Pushing down from the top and up from the bottom each keep the spacing; so does their mean,
    which treats both ends alike.
    """
    down, up = list(wanted), list(wanted)
    for k in range(1, len(wanted)):
        down[k] = max(down[k], down[k - 1] + gaps[k - 1])
    for k in range(len(wanted) - 2, -1, -1):
        up[k] = min(up[k], up[k + 1] - gaps[k])
    return [(a + b) / 2 for a, b in zip(down, up)]

"""Where each node goes on the screen: inputs on the left, the output on the right.

This is the classic layered drawing (Sugiyama's method), in three steps, each linear or close
to it in the number of nodes and edges:

1. Layers. A node's column is its longest path from an input (a topological generation), so
   every edge points to the right. A constant, which has no inputs of its own, is pulled to the
   column just before the op that uses it instead of waiting at the far left.
2. Order within a column (crossing reduction). Sweep left to right, sorting each column by the
   barycentre (mean position) of each node's inputs; then right to left by its consumers; a few
   times. Nodes whose neighbours sit close together end up close together, which removes most
   crossings (exactly minimising crossings is NP-hard even for two columns).
3. Coordinates. Each node moves toward the mean height of its neighbours, keeping its order and
   one unit of space: a chain `x -> op -> result` comes out straight.

    >>> positions = layout(build_graph(z))
    >>> positions["leaf2"]
    (0.0, 0.5)
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

Position = tuple[float, float]


def layout(graph: Any, *, sweeps: int = 4) -> dict[str, Position]:
    """`{node: (x, y)}`: x is the column (0 = inputs), y the height (unit spacing).

    `sweeps` down-and-up passes of crossing reduction (0 keeps the graph's own node order).
    Deterministic: the same graph gives the same positions.
    """
    names = list(graph.nodes)
    if not names:
        return {}
    index = {n: i for i, n in enumerate(names)}
    preds = [[index[p] for p in graph.predecessors(n)] for n in names]
    succs = [[index[s] for s in graph.successors(n)] for n in names]
    kinds = [graph.nodes[n].get("kind") for n in names]

    layer = _layers(preds, succs, kinds)
    columns: list[list[int]] = [[] for _ in range(max(layer) + 1)]
    for i in range(len(names)):
        columns[layer[i]].append(i)
    pos = [0.0] * len(names)
    for column in columns:
        _rank(column, pos)
    for _ in range(sweeps):
        for column in columns[1:]:
            _sort_by_barycentre(column, preds, pos)
        for column in reversed(columns[:-1]):
            _sort_by_barycentre(column, succs, pos)

    y = _coordinates(columns, preds, succs, pos)
    return {names[i]: (float(layer[i]), -y[i]) for i in range(len(names))}


def _layers(preds: list[list[int]], succs: list[list[int]], kinds: list[Any]) -> list[int]:
    """Longest path from a source (Kahn's algorithm); constants sit just before their consumer."""
    n = len(preds)
    waiting = [len(p) for p in preds]
    layer = [0] * n
    queue = [i for i in range(n) if waiting[i] == 0]
    for i in queue:  # the list grows while we walk it: a breadth-first topological order
        for s in succs[i]:
            layer[s] = max(layer[s], layer[i] + 1)
            waiting[s] -= 1
            if waiting[s] == 0:
                queue.append(s)
    for i in range(n):
        if not preds[i] and succs[i] and kinds[i] != "leaf":
            layer[i] = max(0, min(layer[s] for s in succs[i]) - 1)
    return layer


def _rank(column: list[int], pos: list[float]) -> None:
    middle = (len(column) - 1) / 2
    for rank, i in enumerate(column):
        pos[i] = rank - middle


def _sort_by_barycentre(column: list[int], neighbours: list[list[int]], pos: list[float]) -> None:
    if len(column) < 2:
        return  # a chain's columns hold one node each: nothing to order
    keys = {}
    for i in column:
        near = neighbours[i]
        centre = sum([pos[j] for j in near]) / len(near) if near else pos[i]
        keys[i] = (centre, pos[i])  # ties keep the current order: deterministic
    column.sort(key=keys.__getitem__)
    _rank(column, pos)


def _coordinates(
    columns: list[list[int]], preds: list[list[int]], succs: list[list[int]], order: list[float]
) -> list[float]:
    """Heights: start from the ranks, then pull each node toward its neighbours' mean height."""
    y = list(order)
    for neighbours, sequence in ((preds, columns[1:]), (succs, list(reversed(columns[:-1])))):
        for column in sequence:
            wanted = []
            for i in column:
                near = neighbours[i]
                wanted.append(sum(y[j] for j in near) / len(near) if near else y[i])
            for i, value in zip(column, _spread(wanted)):
                y[i] = value
    return y


def _spread(wanted: list[float]) -> list[float]:
    """Closest heights to `wanted` that keep the order and at least one unit apart.

    Pushing down from the top and up from the bottom each keep the spacing; so does their mean,
    which treats both ends alike.
    """
    down, up = list(wanted), list(wanted)
    for k in range(1, len(wanted)):
        down[k] = max(down[k], down[k - 1] + 1)
    for k in range(len(wanted) - 2, -1, -1):
        up[k] = min(up[k], up[k + 1] - 1)
    return [(a + b) / 2 for a, b in zip(down, up)]


def count_crossings(graph: Any, positions: dict[str, Position]) -> int:
    """How many pairs of edges cross when drawn as straight lines (quadratic: for tests)."""
    segments = [(u, v, positions[u], positions[v]) for u, v in graph.edges]
    crossings = 0
    for (a, b, p1, p2), (c, d, q1, q2) in combinations(segments, 2):
        if {a, b} & {c, d}:
            continue  # edges that share a node meet there; that is not a crossing
        if _cross(p1, p2, q1, q2):
            crossings += 1
    return crossings


def _cross(p1: Position, p2: Position, q1: Position, q2: Position) -> bool:
    def side(a: Position, b: Position, c: Position) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = side(q1, q2, p1), side(q1, q2, p2)
    d3, d4 = side(p1, p2, q1), side(p1, p2, q2)
    return d1 * d2 < 0 and d3 * d4 < 0

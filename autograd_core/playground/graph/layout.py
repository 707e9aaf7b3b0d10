"""Where each node goes on the screen: inputs on the left, the output on the right.

This is the classic layered drawing (Sugiyama's method), in four steps, each linear or close
to it in the number of nodes and edges:

1. Columns. A node's column is its longest path from an input (a topological generation), so
   every edge points to the right. A node with no inputs of its own (a leaf, a constant) is then
   moved to the column just before the first op that uses it: a weight used deep in a network
   sits next to its layer instead of far away at the left edge.
2. Long edges. An edge that skips columns gets an invisible waypoint in each column it crosses,
   so the next two steps make room for it and it bends around nodes instead of through them.
3. Order within a column (crossing reduction). Sweep left to right, sorting each column by the
   barycentre (mean position) of each node's inputs; then right to left by its consumers; a few
   times. Nodes whose neighbours sit close together end up close together, which removes most
   crossings (exactly minimising crossings is NP-hard even for two columns).
4. Heights. Each node moves toward the mean height of its neighbours, keeping its order and its
   distance from the next node: a chain `x -> op -> result` comes out straight.

    >>> positions = layout(graph)         # graph: z = x**2 * y + y**3 (see graph/__init__.py)
    >>> positions["result0"]              # z, the output: the rightmost column
    (6.0, 0.3)
    >>> positions.routes[("leaf8", "op3")]   # y -> ×, skipping two columns: two waypoints
    [(1.0, 0.3), (2.0, 0.3)]
"""

from __future__ import annotations

import math
from itertools import combinations, pairwise
from typing import Any

Position = tuple[float, float]

# Room between neighbours in a column: nodes need a unit; waypoints of long edges need less.
_GAP_NODE, _GAP_MIXED, _GAP_WAYPOINT = 1.0, 0.6, 0.3


class Positions(dict):
    """`{node: (x, y)}`, plus `routes`: `{(u, v): [(x, y), ...]}`, the waypoints of each edge
    that skips columns (graph_figure draws such an edge through them)."""

    routes: dict[tuple[str, str], list[Position]]


def layout(graph: Any, *, sweeps: int = 4, max_waypoints: int | None = None) -> Positions:
    """`{node: (x, y)}`: x is the column (0 = inputs), y the height (about a unit apart).

    sweeps         down-and-up passes of crossing reduction (0 keeps the graph's own order)
    max_waypoints  at most this many waypoints in all (default 4 per node): beyond it, long edges
                   are drawn straight, so a pathological graph still lays out in linear time.
    Deterministic: the same graph gives the same positions.
    """
    names = list(graph.nodes)
    positions = Positions()
    positions.routes = {}
    if not names:
        return positions
    index = {n: i for i, n in enumerate(names)}
    n_real = len(names)
    preds: list[list[int]] = [[] for _ in names]
    succs: list[list[int]] = [[] for _ in names]
    for u, v in graph.edges:
        succs[index[u]].append(index[v])
        preds[index[v]].append(index[u])

    layer = _layers(preds, succs)
    budget = 4 * n_real if max_waypoints is None else max_waypoints
    chains = _add_waypoints(preds, succs, layer, budget)

    columns: list[list[int]] = [[] for _ in range(max(layer) + 1)]
    for i in range(len(layer)):
        columns[layer[i]].append(i)
    pos = [0.0] * len(layer)
    for column in columns:
        _rank(column, pos)
    crowded = [k for k, column in enumerate(columns) if len(column) > 1]  # the rest: no choice
    for _ in range(sweeps):
        changed = False
        for k in crowded:
            if k > 0:
                changed |= _sort_by_barycentre(columns[k], preds, pos)
        for k in reversed(crowded):
            if k < len(columns) - 1:
                changed |= _sort_by_barycentre(columns[k], succs, pos)
        if not changed:
            break  # a fixed point: more sweeps would change nothing

    y = _coordinates(columns, preds, succs, pos, n_real)
    for i, name in enumerate(names):
        positions[name] = (float(layer[i]), _snap(-y[i]))
    for (u, v), chain in chains.items():
        positions.routes[names[u], names[v]] = [(float(layer[d]), _snap(-y[d])) for d in chain]
    return positions


def _snap(height: float) -> float:
    """Round to 6 decimals so equal heights compare equal (no 5e-17 left over from averaging).
    Always half up: Python's round() breaks ties to even, which could turn two heights exactly
    one unit apart (…2.5e-6 and …3.5e-6) into 0.999999 apart."""
    return math.floor(height * 1e6 + 0.5) / 1e6 + 0.0


def _layers(preds: list[list[int]], succs: list[list[int]]) -> list[int]:
    """Longest path from a source (Kahn's algorithm); sources sit just before their consumer."""
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
        if not preds[i] and succs[i]:
            layer[i] = max(0, min(layer[s] for s in succs[i]) - 1)
    return layer


def _add_waypoints(
    preds: list[list[int]], succs: list[list[int]], layer: list[int], budget: int
) -> dict[tuple[int, int], list[int]]:
    """Split each edge that skips columns into a chain through new waypoint nodes."""
    chains: dict[tuple[int, int], list[int]] = {}
    for u in range(len(succs)):
        for k, v in enumerate(succs[u]):
            span = layer[v] - layer[u]
            if span < 2 or span - 1 > budget:
                continue
            budget -= span - 1
            chain = []
            previous = u
            for column in range(layer[u] + 1, layer[v]):
                w = len(layer)
                layer.append(column)
                preds.append([previous])
                succs.append([])
                if previous != u:
                    succs[previous].append(w)
                chain.append(w)
                previous = w
            succs[u][k] = chain[0]
            succs[previous].append(v)
            preds[v][preds[v].index(u)] = previous
            chains[u, v] = chain
    return chains


def _rank(column: list[int], pos: list[float]) -> None:
    middle = (len(column) - 1) / 2
    for rank, i in enumerate(column):
        pos[i] = rank - middle


def _sort_by_barycentre(column: list[int], neighbours: list[list[int]], pos: list[float]) -> bool:
    """Order a column by its nodes' neighbours' mean position; True if the order changed."""
    keys = {}
    for i in column:
        near = neighbours[i]
        centre = sum([pos[j] for j in near]) / len(near) if near else pos[i]
        keys[i] = (centre, pos[i])  # ties keep the current order: deterministic
    before = list(column)
    column.sort(key=keys.__getitem__)
    _rank(column, pos)
    return column != before


def _coordinates(
    columns: list[list[int]],
    preds: list[list[int]],
    succs: list[list[int]],
    order: list[float],
    n_real: int,
) -> list[float]:
    """Heights: start from the ranks, then pull each node toward its neighbours' mean height."""
    y = list(order)
    for neighbours, sequence in ((preds, columns[1:]), (succs, list(reversed(columns[:-1])))):
        for column in sequence:
            if len(column) == 1:  # alone in its column: it can go exactly where it wants
                (i,) = column
                near = neighbours[i]
                if near:
                    y[i] = sum([y[j] for j in near]) / len(near)
                continue
            wanted = []
            for i in column:
                near = neighbours[i]
                wanted.append(sum([y[j] for j in near]) / len(near) if near else y[i])
            gaps = [
                _GAP_NODE
                if a < n_real and b < n_real
                else _GAP_WAYPOINT
                if a >= n_real and b >= n_real
                else _GAP_MIXED
                for a, b in pairwise(column)
            ]
            for i, value in zip(column, _spread(wanted, gaps)):
                y[i] = value
    return y


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


def count_crossings(graph: Any, positions: dict[str, Position]) -> int:
    """How many pairs of edges cross as drawn: straight, or through their `routes` waypoints.

    Quadratic in the number of edges: for tests and small graphs.
    """
    routes = getattr(positions, "routes", {})
    pieces = []  # (edge, start, end) for every straight piece of every edge
    for u, v in graph.edges:
        points = [positions[u], *routes.get((u, v), ()), positions[v]]
        pieces += [((u, v), a, b) for a, b in pairwise(points)]
    crossings = set()
    for (e, p1, p2), (f, q1, q2) in combinations(pieces, 2):
        if e == f or {*e} & {*f} or (e, f) in crossings or (f, e) in crossings:
            continue  # edges that share a node meet there; that is not a crossing
        if _cross(p1, p2, q1, q2):
            crossings.add((e, f))
    return len(crossings)


def _cross(p1: Position, p2: Position, q1: Position, q2: Position) -> bool:
    def side(a: Position, b: Position, c: Position) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = side(q1, q2, p1), side(q1, q2, p2)
    d3, d4 = side(p1, p2, q1), side(p1, p2, q2)
    return d1 * d2 < 0 and d3 * d4 < 0

"""Where each box goes on the screen: inputs on the left, the output on the right, in pixels.

This is the classic layered drawing (Sugiyama's method), in four steps, each linear or close
to it in the number of nodes and edges, done on the graph's *boxes* (records.py: an op shares
its result's box):

1. Columns. A box's column is its longest path from an input (a topological generation), so
   every edge points to the right. A box with no inputs of its own (a leaf, a constant), or a
   side computation of those alone (an unrolled RNN's `x[t] @ W`), is then moved to the column
   just before the first op that uses it: a weight used deep in a network sits next to its
   layer instead of far away at the left edge. A box fed by more than STAGGER such side
   computations (torch.stack of a loop's losses) gets them in blocks, one after another along
   the page, not all in one column. Between two columns of boxes runs a column for the edges'
   labels.
2. Long edges. An edge gets a waypoint in every column it crosses, its label's column included:
   the waypoint in a label column is as big as the edge's label (the words it may carry, each
   replay step's note too), in a box column as thick as a line.
3. Order within a column (crossing reduction). Sweep left to right, sorting each column by the
   barycentre (mean position) of each node's inputs; then right to left by its consumers; a few
   times. Nodes whose neighbours sit close together end up close together, which removes most
   crossings (exactly minimising crossings is NP-hard even for two columns).
4. Coordinates. Each column is as wide as its widest box or label; edges run straight across
   a column and slope only in the gaps between columns, where nothing is written, a gap wide
   enough that no line in it is drawn almost upright (it would read as a box's border). Each
   box moves toward the mean height of its neighbours (heights.py), keeping its order and
   keeping clear of the next one by both their half-heights and a margin: so **no two boxes or
   labels overlap and no edge crosses one** (a line's waypoint is a thin box like any other),
   and a chain comes out straight.

Units are pixels of the figure at its natural size, y up (plotly's way).

    >>> positions = layout(graph, steps)     # graph: z = x**2 * y + y**3 (see graph/__init__.py)
    >>> positions["result0"]                 # z, the output: the rightmost box
    (818.75, -53.25)
    >>> round(positions.boxes["result0"].width, 1)     # sized to its words
    127.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from typing import Any

from .frames import (
    FrameSpec,
    Geometry,
    Path,
    box_paths,
    clear_frames,
    cluster,
    column_ranges,
    frame_borders,
    frame_gap,
    waypoint_path,
)
from .heights import heights
from .records import Record, edge_label_size, edge_labels, records, unit_of
from .replay_states import replay_states

Position = tuple[float, float]

GAP = 22.0  # px between neighbouring columns: where edges slope
# An edge that drops far in a narrow gap is drawn almost upright, right along the side of the
# box it leaves or enters (ws[k] fanning out to their products and to a cat): it reads as that
# box's border, not as a line. A gap is widened until no line in it drops more than MAX_SLOPE
# px per px across, up to MAX_GAP (a fan of hundreds would otherwise push columns apart by
# thousands of pixels).
MAX_SLOPE = 3.0
MAX_GAP = 120.0
MARGIN_BOX, MARGIN_LINE = 14.0, 6.0  # px kept clear between boxes; around a passing line
LINE_HALF = 2.0  # half the room a passing edge takes in a column
GENERIC_BOX = (60.0, 30.0)  # for a graph that did not come from build_graph
# Long edges get a waypoint per column they cross. A tensor used all along a loop (the data x
# in every iteration) crosses most columns many times: 8 per box ran out on 200-node loops
# and networks, and the edges past the budget were drawn straight through boxes.
WAYPOINTS_PER_BOX = 32
# More side computations than this for one box (a loop's losses for torch.stack) go in blocks
# one after another along the page instead of all in one column: see _stagger.
STAGGER = 8


@dataclass(frozen=True)
class Box:
    """A box's size in pixels (it is drawn centred on its position)."""

    width: float
    height: float


@dataclass
class Group:
    """A labelled frame around the boxes of one module call (`fc1 · Linear`)."""

    label: str
    members: tuple[str, ...]
    bounds: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # x0, y0, x1, y1
    parent: int | None = None  # index of the frame this one is drawn inside


class Positions(dict):
    """`{node: (x, y)}` (an op sits at its result's box), plus what the figure draws:

    boxes    {box node: Box}; records {box node: Record}, the words of each box
    unit     {node: the node whose box shows it}
    routes   {(u, v): [(x, y), ...]} every edge's polyline, from u's box to v's
    label_at {(u, v): (x, y)}: the centre of the slot kept for that edge's words
    labels   {(u, v): [texts]}: every text that slot must hold
    groups   [Group]: frames around module calls
    """

    boxes: dict[str, Box]
    records: dict[str, Record]
    unit: dict[str, str]
    routes: dict[tuple[str, str], list[Position]]
    label_at: dict[tuple[str, str], Position]
    labels: dict[tuple[str, str], list[str]]
    groups: list[Group]

    def bounds(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) around every box and label."""
        xs0, ys0, xs1, ys1 = [0.0], [0.0], [0.0], [0.0]
        for node, box in self.boxes.items():
            x, y = self[node]
            xs0.append(x - box.width / 2)
            xs1.append(x + box.width / 2)
            ys0.append(y - box.height / 2)
            ys1.append(y + box.height / 2)
        for group in self.groups:
            xs0.append(group.bounds[0])
            ys0.append(group.bounds[1])
            xs1.append(group.bounds[2])
            ys1.append(group.bounds[3])
        return min(xs0), min(ys0), max(xs1), max(ys1)


@dataclass
class _Units:
    """The graph as the layout sees it: boxes (and waypoints, added later) by index."""

    names: list[str]
    width: list[float]
    height: list[float]
    preds: list[list[int]] = field(default_factory=list)
    succs: list[list[int]] = field(default_factory=list)
    edges: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    frames: list[FrameSpec] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)


def layout(
    graph: Any,
    steps: list | None = None,
    *,
    groups: list[Group] | None = None,
    sweeps: int = 4,
    max_waypoints: int | None = None,
) -> Positions:
    """Positions of `graph`'s boxes, sized for their words and for a replay of `steps`.

    groups         frames to draw around module calls (their members: node ids); by default
                   the module calls build_graph found (graph.graph["groups"]). A frame that
                   cannot be drawn without covering a box it does not hold is left out.
    sweeps         down-and-up passes of crossing reduction (0 keeps the graph's own order)
    max_waypoints  at most this many waypoints in all (default WAYPOINTS_PER_BOX a box): past
                   it, long edges are drawn straight, so a huge graph still lays out in linear
                   time.
    Deterministic: the same graph gives the same positions.
    """
    positions = Positions()
    positions.routes, positions.label_at, positions.groups = {}, {}, []
    if groups is None:
        groups = [
            Group(g["label"], tuple(g["members"]), parent=g.get("parent"))
            for g in graph.graph.get("groups", ())
        ]
    if "roots" in graph.graph:  # from build_graph: boxes sized to their words
        states = replay_states(graph, steps) if steps else []
        positions.unit = unit_of(graph)
        positions.records = records(graph, states, unit=positions.unit)
        positions.labels = edge_labels(graph, states)
    else:
        positions.records = {}
        positions.unit = {n: n for n in graph.nodes}
        positions.labels = {}
    unit = positions.unit
    boxes = [n for n in graph.nodes if unit[n] == n]
    positions.boxes = {
        n: Box(positions.records[n].width, positions.records[n].height)
        if n in positions.records
        else Box(*GENERIC_BOX)
        for n in boxes
    }
    if not boxes:
        return positions
    units = _Units(
        boxes,
        [positions.boxes[n].width for n in boxes],
        [positions.boxes[n].height for n in boxes],
    )
    index = {n: i for i, n in enumerate(boxes)}
    units.frames = [
        FrameSpec(g.label, {index[unit[m]] for m in g.members if m in unit}, g.parent)
        for g in groups
    ]
    units.groups = list(groups)
    units.preds = [[] for _ in boxes]
    units.succs = [[] for _ in boxes]
    for u, v in graph.edges:
        a, b = index[unit[u]], index[unit[v]]
        if a == b:
            continue  # an op and its result: one box
        units.succs[a].append(b)
        units.preds[b].append(a)
        units.edges[a, b] = (u, v)
    _place(units, positions, sweeps, max_waypoints)
    return positions


def _place(units: _Units, positions: Positions, sweeps: int, max_waypoints: int | None) -> None:
    n_real = len(units.names)
    preds, succs = units.preds, units.succs
    layer = [2 * k for k in _layers(preds, succs, [f.members for f in units.frames])]
    # (odd columns: the edges' labels)
    budget = WAYPOINTS_PER_BOX * n_real if max_waypoints is None else max_waypoints
    label_size = {
        key: max((edge_label_size(t) for t in texts), default=(0.0, 0.0))
        for key, texts in positions.labels.items()
    }
    paths = box_paths(units.frames, n_real)
    ranges = column_ranges(paths, layer, len(units.frames))
    chains, labelled = _add_waypoints(
        units,
        layer,
        budget,
        label_size,
        lambda a, b, column: waypoint_path(paths[a], paths[b], column, ranges),
    )
    for (a, b), chain in chains.items():
        paths += [()] * (max(chain) + 1 - len(paths))
        for w in chain:
            paths[w] = waypoint_path(paths[a], paths[b], layer[w], ranges)
    paths += [()] * (len(layer) - len(paths))

    columns: list[list[int]] = [[] for _ in range(max(layer) + 1)]
    for i in range(len(layer)):
        columns[layer[i]].append(i)
    pos = [0.0] * len(layer)
    for column in columns:
        _rank(column, pos)
        cluster(column, paths, pos)
    crowded = [k for k, column in enumerate(columns) if len(column) > 1]  # the rest: no choice
    best = (_crossings(columns, succs, pos), [list(c) for c in columns])
    # No crossing to begin with (a chain, a tree drawn in order): the sweeps could only find
    # orders as good, and the first best one is kept, this one, so they need not run.
    for sweep in range(sweeps if best[0] else 0):
        changed = False
        flip = sweep % 2 == 1  # ties broken the other way every other sweep: escapes a stall
        for k in crowded:
            if k > 0:
                changed |= _sort_by_barycentre(columns[k], preds, pos, flip)
                cluster(columns[k], paths, pos)
        for k in reversed(crowded):
            if k < len(columns) - 1:
                changed |= _sort_by_barycentre(columns[k], succs, pos, flip)
                cluster(columns[k], paths, pos)
        if sweeps:
            _transpose(columns, preds, succs, pos, paths)
        count = _crossings(columns, succs, pos)
        if count < best[0]:
            best = (count, [list(c) for c in columns])
        if count == 0 or (not changed and not flip):
            break  # nothing left to gain
    columns[:] = best[1]  # sweeps can make things worse again: keep the best order seen
    for column in columns:
        _rank(column, pos)

    # Extents above and below each unit's line (screen down = larger `pos`).
    up = [h / 2 for h in units.height] + [LINE_HALF] * (len(layer) - n_real)
    down = list(up)
    for w, (label_w, label_h) in labelled.items():
        up[w] = label_h + LINE_HALF
        units.width[w] = label_w

    def spacing(a: int, b: int) -> float:
        return _gap(a, b, n_real, up, down) + frame_gap(paths[a], paths[b])

    y = heights(columns, preds, succs, pos, spacing, n_real)

    widths = [max((units.width[i] for i in column), default=0.0) for column in columns]
    borders = frame_borders(paths, layer, len(units.frames), len(columns))
    drops = _drops(columns, succs, layer, y)
    names = units.names
    settled = list(y)
    for _ in range(3):
        # Clearing frames moves boxes up or down, which can make a line steeper than the gap
        # was widened for: widen again from what clearing left, starting over from the same
        # heights (gaps only grow; a few rounds settle what these graphs need).
        y[:] = settled
        positions.groups = []
        centres = _centres(widths, borders, drops)
        x_of = [centres[layer[i]] for i in range(len(layer))]
        if not units.frames:
            break
        _place_frames(units, positions, paths, columns, layer, y, up, down, x_of, widths, spacing)
        after = _drops(columns, succs, layer, y)
        if all(a <= d for a, d in zip(after, drops)):
            break
        drops = [max(a, d) for a, d in zip(after, drops)]
    for i, name in enumerate(names):
        positions[name] = (_snap(x_of[i]), _snap(-y[i]))
    for node, box_node in positions.unit.items():
        positions[node] = positions[box_node]

    def half(i: int) -> float:
        return widths[layer[i]] / 2

    for (a, b), edge in units.edges.items():
        chain = chains.get((a, b), [])
        points = [(x_of[a] + units.width[a] / 2, y[a]), (x_of[a] + half(a), y[a])]
        for w in chain:
            points += [(x_of[w] - half(w), y[w]), (x_of[w] + half(w), y[w])]
        points += [(x_of[b] - half(b), y[b]), (x_of[b] - units.width[b] / 2, y[b])]
        positions.routes[edge] = _dedupe([(_snap(px), _snap(-py)) for px, py in points])
        at = next((w for w in chain if w in labelled), None)
        if at is not None:
            label_h = labelled[at][1]
            positions.label_at[edge] = (_snap(x_of[at]), _snap(-y[at] + LINE_HALF + label_h / 2))
        elif edge in positions.labels:  # drawn straight (past the waypoint budget)
            (x0, y0), (x1, y1) = points[0], points[-1]
            positions.label_at[edge] = (_snap((x0 + x1) / 2), _snap(-(y0 + y1) / 2 + 8))


def _centres(widths: list[float], borders: list[float], drops: list[float]) -> list[float]:
    """The x of each column's centre: columns as wide as their widest box or label, a label
    column with no label no wider than the gap around it, and each gap wide enough for its
    frames' borders and for the lines that slope in it."""
    centres, right = [], 0.0
    for k, width in enumerate(widths):
        gap = 0.0 if k == 0 else GAP if width > 0 or k % 2 == 0 else GAP / 2
        # A frame's border needs its room even before a label column with nothing in it: else
        # the lines leaving the frame there sit inside its rectangle and are pushed over it.
        left = right + max(gap + borders[k], min(MAX_GAP, drops[k] / MAX_SLOPE))
        centres.append(left + width / 2)
        right = left + width
    return centres


def _drops(
    columns: list[list[int]], succs: list[list[int]], layer: list[int], y: list[float]
) -> list[float]:
    """For each column, the largest height an edge changes by in the gap on its left (where
    lines slope: they run level across a column)."""
    drops = [0.0] * len(columns)
    for column in columns:
        for a in column:
            for b in succs[a]:
                if layer[b] == layer[a] + 1:  # not an edge drawn straight, past the budget
                    drops[layer[b]] = max(drops[layer[b]], abs(y[b] - y[a]))
    return drops


def _place_frames(
    units: _Units,
    positions: Positions,
    paths: list[Path],
    columns: list[list[int]],
    layer: list[int],
    y: list[float],
    up: list[float],
    down: list[float],
    x_of: list[float],
    widths: list[float],
    gap: Any,
) -> None:
    """Clear every frame of what it does not hold (frames.py), then keep those that are clear,
    in plotly's coordinates (y up)."""
    n_real = len(units.names)
    stretch = [
        units.width[i] / 2 if i < n_real or units.width[i] > 0 else 0.0 for i in range(len(y))
    ]
    geo = Geometry(
        columns=columns,
        layer=layer,
        y=y,
        up=up,
        down=down,
        x=x_of,
        half_width=[
            stretch[i] if i < n_real or units.width[i] > 0 else widths[layer[i]] / 2
            for i in range(len(y))
        ],
        member_half_width=stretch,
        gap=gap,
    )
    rects = clear_frames(units.frames, paths, geo)
    kept = {g: k for k, g in enumerate(g for g, r in enumerate(rects) if r is not None)}
    for g, rect in enumerate(rects):
        if rect is None:
            continue
        x0, top, x1, bottom = rect
        group = units.groups[g]
        parent = group.parent
        while parent is not None and parent not in kept:
            parent = units.groups[parent].parent
        positions.groups.append(
            Group(
                group.label,
                group.members,
                (_snap(x0), _snap(-bottom), _snap(x1), _snap(-top)),
                kept.get(parent) if parent is not None else None,
            )
        )


def _dedupe(points: list[Position]) -> list[Position]:
    out = [points[0]]
    for p in points[1:]:
        if p != out[-1]:
            out.append(p)
    return out


def _snap(value: float) -> float:
    """Round to 0.01 px so equal heights compare equal (no 5e-17 left over from averaging),
    always half up (round() breaks ties to even). Also turns -0.0 into 0.0."""
    return math.floor(value * 100 + 0.5) / 100 + 0.0


def _layers(
    preds: list[list[int]], succs: list[list[int]], frames: list[set[int]] | None = None
) -> list[int]:
    """Longest path from a source (Kahn's algorithm); sources sit just before their consumer.

    frames: the boxes of each module call. A call's boxes start after the column of everything
    that feeds it, so two calls in a row never share a column (their frames would collide)."""
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
    frames = frames or []
    # A side computation then waits until just before the box that uses it, as sources do:
    # else whatever depends only on inputs crowds into the first columns (an unrolled RNN's
    # `x[t] @ W` for every t, all 40 terms of a polynomial stacked 4000 px high, `t(weight)` of
    # every Linear layer), each a long edge away from where it is used. A box is free to move
    # when each of its inputs is a source or a free box used by it alone (they move with it);
    # a box fed by one used elsewhere too (a loop's loss, fed by that step's w) stays by it.
    free = [False] * n
    for i in queue:
        free[i] = bool(preds[i]) and all(
            not preds[p] or (free[p] and len(succs[p]) == 1) for p in preds[i]
        )
    pinned = _stagger(queue, preds, succs, layer, free)
    for i in reversed(queue):  # consumers first: a side computation moves as one piece
        if free[i] and succs[i] and not pinned[i]:
            layer[i] = max(layer[i], min(layer[s] for s in succs[i]) - 1)
    for _ in range(len(frames) and 4):
        raised = False
        for members in frames:
            outside = [layer[u] for v in members for u in preds[v] if u not in members and preds[u]]
            floor = max(outside, default=-1) + 1
            for v in members:
                if layer[v] < floor:
                    layer[v], raised = floor, True
        if not raised:
            break
        for i in queue:  # what a raised box feeds moves right with it
            for s in succs[i]:
                layer[s] = max(layer[s], layer[i] + 1)
    for i in range(n):
        if not preds[i] and succs[i]:
            layer[i] = max(0, min(layer[s] for s in succs[i]) - 1)
    return layer


def _stagger(
    queue: list[int],
    preds: list[list[int]],
    succs: list[list[int]],
    layer: list[int],
    free: list[bool],
) -> list[bool]:
    """Side computations of one box, more than STAGGER of them, go side by side in blocks of
    about STAGGER, each block further right, and the box after the last; True for each
    computation's last box, pinned where it is put (its own inputs still move up to it).

    A loop that stacks its losses (`torch.stack(losses)`, `torch.cat(...)`) feeds one box 120
    side computations: all in the one column before it they were 12,466 px high, 104 px a loss.
    One block after another, the ones already made pass the later blocks as thin lines (10 px
    each) and the loop grows along the page, as a loop of `total = total + loss` does."""
    n = len(preds)
    pinned = [False] * n
    depth = [1] * n  # columns a side computation spans, the column of its sources included
    for i in queue:
        if free[i]:
            depth[i] = 1 + max(depth[p] for p in preds[i])
    moved = False
    for v in queue:
        pieces = [p for p in preds[v] if free[p] and len(succs[p]) == 1]
        if len(pieces) <= STAGGER:
            continue
        blocks = -(-len(pieces) // STAGGER)
        span = max(depth[p] for p in pieces)
        base = max(layer[p] for p in pieces)
        for k, p in enumerate(pieces):  # in the order they were made: the first on the left
            layer[p], pinned[p] = base + (k * blocks // len(pieces)) * span, True
        if layer[v] <= base + (blocks - 1) * span:
            layer[v], moved = base + (blocks - 1) * span + 1, True
    if moved:
        for i in queue:  # what a moved box feeds moves right with it
            for s in succs[i]:
                layer[s] = max(layer[s], layer[i] + 1)
    return pinned


def _add_waypoints(
    units: _Units, layer: list[int], budget: int, label_size: dict, path_of: Any = None
) -> tuple[dict[tuple[int, int], list[int]], dict[int, tuple[float, float]]]:
    """Split each edge into a chain through new waypoints, one per column it crosses; the one
    in the column just before its target keeps room for the edge's words.

    Edges from one box share their waypoints until they part (a bundle, like a bus in a
    circuit diagram): a weight used in every step of a loop is one line along the loop with a
    branch into each step, not a band of parallel lines, one more per step, that pushes the
    loop further down at every step. The last waypoint, where the edge's words go, is its own.
    path_of(u, v, column): the frames a waypoint there is inside; only waypoints inside the
    same frames are shared.

    Returns ({(u, v): [waypoints]}, {labelled waypoint: (label width, label height)})."""
    preds, succs = units.preds, units.succs
    chains: dict[tuple[int, int], list[int]] = {}
    labelled: dict[int, tuple[float, float]] = {}
    shared: dict[tuple, int] = {}  # (waypoint or box before it, column, frames) -> waypoint
    for u in range(len(succs)):
        heads = []  # u's successors once its edges run through waypoints
        for v in list(succs[u]):
            span = layer[v] - layer[u]
            if span < 2 or span - 1 > budget:
                heads.append(v)
                continue
            chain = []
            previous = u
            for column in range(layer[u] + 1, layer[v]):
                key = (previous, column, path_of(u, v, column) if path_of else ())
                w = shared.get(key) if column < layer[v] - 1 else None
                if w is None:
                    w = len(layer)
                    budget -= 1
                    layer.append(column)
                    preds.append([previous])
                    succs.append([])
                    units.width.append(0.0)
                    if previous == u:
                        heads.append(w)
                    else:
                        succs[previous].append(w)
                    if column < layer[v] - 1:
                        shared[key] = w
                chain.append(w)
                previous = w
            succs[previous].append(v)
            preds[v][preds[v].index(u)] = previous
            chains[u, v] = chain
            size = label_size.get(units.edges[u, v])
            if size is not None and size[0] > 0:
                labelled[chain[-1]] = size
        succs[u] = heads
    return chains, labelled


def _rank(column: list[int], pos: list[float]) -> None:
    middle = (len(column) - 1) / 2
    for rank, i in enumerate(column):
        pos[i] = rank - middle


def _sort_by_barycentre(
    column: list[int], neighbours: list[list[int]], pos: list[float], flip: bool = False
) -> bool:
    """Order a column by its nodes' neighbours' mean position; True if the order changed.
    Ties keep the current order (or reverse it, with `flip`): deterministic either way."""
    keys = {}
    for i in column:
        near = neighbours[i]
        centre = sum([pos[j] for j in near]) / len(near) if near else pos[i]
        keys[i] = (centre, -pos[i] if flip else pos[i])
    before = list(column)
    column.sort(key=keys.__getitem__)
    _rank(column, pos)
    return column != before


def _crossings(columns: list[list[int]], succs: list[list[int]], pos: list[float]) -> int:
    """Edge crossings between neighbouring columns (inversions, counted by merge sort)."""
    total = 0
    for column in columns:
        pairs = sorted((pos[u], pos[v]) for u in column for v in succs[u])
        total += _inversions([v for _, v in pairs])
    return total


def _inversions(values: list[float]) -> int:
    if all(a <= b for a, b in pairwise(values)):
        return 0  # in order (edges that do not cross: most columns)
    middle = len(values) // 2
    left, right = sorted(values[:middle]), sorted(values[middle:])
    count = _inversions(values[:middle]) + _inversions(values[middle:])
    j = 0
    for value in left:  # pairs (left value, right value) out of order
        while j < len(right) and right[j] < value:
            j += 1
        count += j
    return count


def _transpose(
    columns: list[list[int]],
    preds: list[list[int]],
    succs: list[list[int]],
    pos: list[float],
    paths: list[Path],
) -> None:
    """Swap neighbours in a column wherever that removes crossings (the barycentre sweeps can
    settle with one left: `y -> y**3` under `x -> x**2`). A few passes; each is linear in the
    edges for the columns of a few dozen units that graphs here have."""
    for _ in range(4):
        improved = False
        for column in columns:
            if len(column) < 2 or len(column) > 200:
                continue
            for k in range(len(column) - 1):
                a, b = column[k], column[k + 1]
                if paths[a] != paths[b]:
                    continue  # a frame's boxes stay together
                now = _pair_crossings(a, b, preds, pos) + _pair_crossings(a, b, succs, pos)
                swapped = _pair_crossings(b, a, preds, pos) + _pair_crossings(b, a, succs, pos)
                if swapped < now:
                    column[k], column[k + 1] = b, a
                    pos[a], pos[b] = pos[b], pos[a]
                    improved = True
        if not improved:
            return


def _pair_crossings(a: int, b: int, neighbours: list[list[int]], pos: list[float]) -> int:
    """Crossings between a's and b's edges to one side when a sits just above b."""
    return sum(1 for i in neighbours[a] for j in neighbours[b] if pos[i] > pos[j])


def _gap(a: int, b: int, n_real: int, up: list[float], down: list[float]) -> float:
    """Distance between the lines of a (above) and b (below) in one column."""
    margin = MARGIN_BOX if a < n_real and b < n_real else MARGIN_LINE
    return down[a] + up[b] + margin


def count_crossings(graph: Any, positions: dict[str, Position]) -> int:
    """How many pairs of edges cross as drawn: along their `routes`, else straight.

    Quadratic in the number of edges: for tests and small graphs.
    """
    routes = getattr(positions, "routes", {})
    pieces = []  # (edge, start, end) for every sloping piece of every edge
    for u, v in graph.edges:
        points = routes.get((u, v)) or [positions[u], positions[v]]
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

"""Frames around module calls (`model.fc1 · Linear`), fitted into the layered layout.

A frame is the rectangle around the boxes one module call computed, its name written inside
at the top left. Three rules keep frames readable, applied by layout.py at each of its steps:

1. Order: within a column, the boxes of one call sit next to each other (and the boxes of a
   call inside it next to each other within those), so a frame never has to reach around a
   stranger in its own column. An edge's waypoints count as inside the frames the edge is
   entering or leaving there, so a line into a frame is not pushed out of it.
2. Spacing: between neighbours of a column, room for every frame border between them, and
   above the first box of a frame, room for its name.
3. Clearing: a frame spans several columns, so something in a column next to its boxes may
   still lie inside its rectangle; such a box (or label, or passing line) is moved just above
   or below the frame, and its column's neighbours with it. Inner frames are cleared first;
   a few rounds settle what moving one frame's neighbours does to another.

Whatever could not be cleared is reported, and that frame is not drawn: a frame that covers a
box it does not hold would say something false.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .text_size import LINE, text_width

FRAME_PAD = 8.0  # px between a frame and the boxes it holds
FRAME_LABEL = LINE + 2.0  # px above the first box: the frame's name
FRAME_MARGIN = 6.0  # px kept clear outside a frame
CLEARING_ROUNDS = 6

Path = tuple[int, ...]  # group indices, outermost first: the frames a unit is inside
Rect = tuple[float, float, float, float]  # x0, top, x1, bottom (screen: y down)


@dataclass
class FrameSpec:
    label: str
    members: set[int]  # the layout's units (boxes) this frame holds
    parent: int | None


def box_paths(specs: list[FrameSpec], n_units: int) -> list[Path]:
    """The frames each box is inside, outermost first."""
    depth = [_depth(specs, g) for g in range(len(specs))]
    paths: list[list[int]] = [[] for _ in range(n_units)]
    for g in sorted(range(len(specs)), key=lambda g: depth[g]):
        for unit in specs[g].members:
            paths[unit].append(g)
    return [tuple(p) for p in paths]


def _depth(specs: list[FrameSpec], g: int) -> int:
    depth = 0
    parent = specs[g].parent
    while parent is not None and depth < len(specs):
        depth += 1
        parent = specs[parent].parent
    return depth


def column_ranges(paths: list[Path], layer: list[int], n_groups: int) -> list[tuple[int, int]]:
    """(first column, last column) of each frame's boxes."""
    ranges = [(10**9, -1)] * n_groups
    for unit, path in enumerate(paths):
        for g in path:
            lo, hi = ranges[g]
            ranges[g] = (min(lo, layer[unit]), max(hi, layer[unit]))
    return ranges


def waypoint_path(source: Path, target: Path, column: int, ranges: list[tuple[int, int]]) -> Path:
    """The frames a waypoint of an edge source -> target is inside, in `column`: those both ends
    share, then those the edge is entering (or else leaving) that span this column."""
    common = 0
    while common < min(len(source), len(target)) and source[common] == target[common]:
        common += 1
    path = list(source[:common])
    for side in (target, source):
        extra = []
        for g in side[common:]:
            if ranges[g][0] <= column <= ranges[g][1]:
                extra.append(g)
            else:
                break
        if extra:
            return (*path, *extra)
    return tuple(path)


def cluster(column: list[int], paths: list[Path], pos: list[float]) -> None:
    """Reorder `column` so each frame's units are contiguous, keeping the current order as far
    as it allows (each run of a frame goes where its units sit on average)."""
    if not any(paths[i] for i in column):
        return
    column[:] = _clustered(column, paths, pos, 0)
    middle = (len(column) - 1) / 2
    for rank, i in enumerate(column):
        pos[i] = rank - middle


def _clustered(units: list[int], paths: list[Path], pos: list[float], depth: int) -> list[int]:
    items: dict[Any, list[int]] = {}
    for i in units:
        key = paths[i][depth] if len(paths[i]) > depth else ("unit", i)
        items.setdefault(key, []).append(i)
    ordered = sorted(items.items(), key=lambda kv: sum(pos[i] for i in kv[1]) / len(kv[1]))
    out: list[int] = []
    for key, members in ordered:
        if isinstance(key, tuple):
            out += members
        else:
            out += _clustered(members, paths, pos, depth + 1)
    return out


def frame_gap(above: Path, below: Path) -> float:
    """Extra room between two neighbours of a column for the frame borders between them."""
    common = 0
    while common < min(len(above), len(below)) and above[common] == below[common]:
        common += 1
    closing = len(above) - common
    opening = len(below) - common
    gap = closing * FRAME_PAD + opening * (FRAME_PAD + FRAME_LABEL)
    return gap + (FRAME_MARGIN if closing or opening else 0.0)


def frame_borders(
    paths: list[Path], layer: list[int], n_groups: int, n_columns: int
) -> list[float]:
    """Extra room before each column for the frame borders there: of the frames that end in
    the column before it and of those that start in it (nested frames: one border each)."""
    extra = [0.0] * n_columns
    for first, last in column_ranges(paths, layer, n_groups):
        if last < 0:
            continue
        extra[first] += FRAME_PAD
        if last + 1 < n_columns:
            extra[last + 1] += FRAME_PAD
    return [e + FRAME_MARGIN if e else 0.0 for e in extra]


@dataclass
class Geometry:
    """Where the layout put each unit: its column, height (screen: y down) and extents."""

    columns: list[list[int]]
    layer: list[int]
    y: list[float]
    up: list[float]
    down: list[float]
    x: list[float]  # centre of each unit's column
    half_width: list[float]  # half the width each unit takes in x (a line: its column's)
    member_half_width: list[float]  # half the width a unit stretches its frame by
    gap: Any  # gap(a, b): the distance kept between neighbours a (above) and b in a column


def frame_rects(specs: list[FrameSpec], paths: list[Path], geo: Geometry) -> list[Rect | None]:
    """Each frame's rectangle around its units, and around the frames inside it."""
    rects: list[Rect | None] = [None] * len(specs)
    for g in sorted(range(len(specs)), key=lambda g: -_depth(specs, g)):  # inner first
        units = [i for i in range(len(paths)) if g in paths[i]]
        boxes = [i for i in units if i in specs[g].members or geo.member_half_width[i] > 0]
        if not boxes:
            continue
        x0 = min(geo.x[i] - geo.member_half_width[i] for i in boxes) - FRAME_PAD
        x1 = max(geo.x[i] + geo.member_half_width[i] for i in boxes) + FRAME_PAD
        top = min(geo.y[i] - geo.up[i] for i in units) - FRAME_PAD - FRAME_LABEL
        bottom = max(geo.y[i] + geo.down[i] for i in units) + FRAME_PAD
        for child, rect in enumerate(rects):
            if rect is not None and specs[child].parent == g:
                x0, top = min(x0, rect[0] - FRAME_PAD), min(top, rect[1] - FRAME_PAD - FRAME_LABEL)
                x1, bottom = max(x1, rect[2] + FRAME_PAD), max(bottom, rect[3] + FRAME_PAD)
        x1 = max(x1, x0 + text_width(specs[g].label) + 2 * FRAME_PAD)
        rects[g] = (x0, top, x1, bottom)
    return rects


def clear_frames(specs: list[FrameSpec], paths: list[Path], geo: Geometry) -> list[Rect | None]:
    """Move what lies inside a frame it does not belong to out of it (rule 3), and frames that
    overlap without one holding the other apart; returns each frame's rectangle, or None for a
    frame that could not be cleared."""
    order = sorted(range(len(specs)), key=lambda g: -_depth(specs, g))  # inner frames first
    lineage = [_lineage(specs, g) for g in range(len(specs))]
    for _ in range(CLEARING_ROUNDS):
        moved = False
        for g in order:
            rect = frame_rects(specs, paths, geo)[g]
            if rect is not None:
                moved |= _clear(g, rect, paths, geo, lineage[g])
        rects = frame_rects(specs, paths, geo)
        for g in order:
            for h in range(len(specs)):
                if _related(g, h, lineage) or rects[g] is None or rects[h] is None:
                    continue
                if _overlap(rects[g], rects[h]):
                    _separate(h, rects[g], rects[h], paths, geo)
                    rects = frame_rects(specs, paths, geo)
                    moved = True
        if not moved:
            break
    rects = frame_rects(specs, paths, geo)
    clean = []
    for g, rect in enumerate(rects):
        bad = rect is None or bool(intruders(g, rect, paths, geo, lineage[g]))
        bad = bad or any(
            rects[h] is not None and not _related(g, h, lineage) and _overlap(rect, rects[h])
            for h in range(len(specs))
        )
        clean.append(None if bad else rect)
    return clean


def _lineage(specs: list[FrameSpec], g: int) -> set[int]:
    """g and the frames it is inside."""
    out = {g}
    parent = specs[g].parent
    while parent is not None and parent not in out:
        out.add(parent)
        parent = specs[parent].parent
    return out


def _related(g: int, h: int, lineage: list[set[int]]) -> bool:
    """Is one of the frames inside the other (or the same)?"""
    return h in lineage[g] or g in lineage[h]


def _overlap(a: Rect, b: Rect) -> bool:
    """Closer than FRAME_MARGIN (less half a pixel: what clearing moves is moved a full
    margin away, so rounding cannot leave it flagged)."""
    m = FRAME_MARGIN - 0.5
    return a[0] < b[2] + m and b[0] < a[2] + m and a[1] < b[3] + m and b[1] < a[3] + m


def intruders(
    g: int, rect: Rect, paths: list[Path], geo: Geometry, lineage: set[int] | None = None
) -> list[int]:
    """The units inside `rect` that frame g does not hold."""
    lineage = lineage or {g}
    return [
        i
        for i in range(len(paths))
        if g not in paths[i] and _overlap(_extent(i, paths[i], lineage, geo), rect)
    ]


def _extent(i: int, path: Path, lineage: set[int], geo: Geometry) -> Rect:
    """Unit i's rectangle with the borders of the frames it is in that are not around frame g
    (whose lineage is given): a stranger's frame must keep clear of g's too."""
    n = sum(1 for h in path if h not in lineage)
    return (
        geo.x[i] - geo.half_width[i] - n * FRAME_PAD,
        geo.y[i] - geo.up[i] - n * (FRAME_PAD + FRAME_LABEL),
        geo.x[i] + geo.half_width[i] + n * FRAME_PAD,
        geo.y[i] + geo.down[i] + n * FRAME_PAD,
    )


def _clear(g: int, rect: Rect, paths: list[Path], geo: Geometry, lineage: set[int]) -> bool:
    moved = False
    _, top, _, bottom = rect
    for column in geo.columns:
        extents = {k: _extent(i, paths[i], lineage, geo) for k, i in enumerate(column)}
        bad = [k for k, i in enumerate(column) if g not in paths[i] and _overlap(extents[k], rect)]
        if not bad:
            continue
        members = [k for k, i in enumerate(column) if g in paths[i]]
        middle = (top + bottom) / 2
        ups, downs = [], []
        for k in bad:
            i = column[k]
            above = extents[k][3] - geo.y[i]  # from its line to the bottom of its extent
            below = geo.y[i] - extents[k][1]
            if k < members[0] if members else geo.y[i] < middle:
                geo.y[i] = min(geo.y[i], top - FRAME_MARGIN - above)
                ups.append(k)
            else:
                geo.y[i] = max(geo.y[i], bottom + FRAME_MARGIN + below)
                downs.append(k)
        _cascade(column, geo, ups, downs)
        moved = True
    return moved


def _separate(h: int, fixed: Rect, rect: Rect, paths: list[Path], geo: Geometry) -> None:
    """Move frame h's units (with their columns' neighbours) clear of the frame at `fixed`."""
    down = (rect[1] + rect[3]) >= (fixed[1] + fixed[3])
    shift = fixed[3] + FRAME_MARGIN - rect[1] if down else fixed[1] - FRAME_MARGIN - rect[3]
    for column in geo.columns:
        held = [k for k, i in enumerate(column) if h in paths[i]]
        if not held:
            continue
        for k in held:
            geo.y[column[k]] += shift
        _cascade(column, geo, [] if down else [min(held)], [max(held)] if down else [])


def _cascade(column: list[int], geo: Geometry, ups: list[int], downs: list[int]) -> None:
    """Neighbours move with the units that moved, keeping the column's order and gaps."""
    if ups:
        for k in range(max(ups) - 1, -1, -1):
            a, b = column[k], column[k + 1]
            geo.y[a] = min(geo.y[a], geo.y[b] - geo.gap(a, b))
    if downs:
        for k in range(min(downs) + 1, len(column)):
            a, b = column[k - 1], column[k]
            geo.y[b] = max(geo.y[b], geo.y[a] + geo.gap(a, b))

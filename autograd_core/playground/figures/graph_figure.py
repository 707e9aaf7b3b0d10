"""The computation graph as a plotly figure: labelled boxes, drawn where the layout put them.

Each box is a record (graph.records): name and PyTorch class, value, gradient. The layout works
in pixels and has already kept every box, every edge's words and every frame clear of each
other; this module draws exactly that, at one pixel per unit (the axes are locked 1:1, so the
figure shows more of the graph when it is given more width, never squeezes it).

A graph of 500 nodes is still a handful of traces (edges, arrowheads, boxes per kind, the words,
the kinds' icons), so building and rendering stay fast. Every box carries its node id in
`customdata` (on its icon and on invisible points across it), so a page can tell which box was
clicked wherever it was clicked.

    >>> graph = build_graph(z, names={"x": x, "y": y, "z": z})
    >>> fig = graph_figure(graph, layout(graph))
    >>> sorted(trace_named(fig, "names").text)[0]     # the class in the theme's "muted" colour
    '<b>x</b> <span style="color:...">AccumulateGrad</span>'
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from ..graph.records import ICON, LINE, edge_grad_text, grad_line
from ..graph.text_size import text_width
from .labels import esc, hover_text
from .prepared import PreparedFigure, prepared
from .style import (
    BOX_BORDER_WIDTH,
    BOX_KINDS,
    BOX_NAMES,
    EDGE_FONT_SIZE,
    FONT_SIZE,
    KIND_STYLE,
    theme_colours,
    tint,
)

Positions = Any  # graph.layout.Positions: {node: (x, y)} with boxes, routes, label_at ...
Trace = dict[str, Any]  # one plotly trace as plain data (see prepared.py: no plotly objects)

MIN_VIEW_WIDTH = 520  # px of graph shown at first: the narrowest chart a page gives it
# px of a long graph a chart may show at first: the widest chart a page gives it. A long graph
# opens as tall as what lies in its last OPEN_WIDTH px, not as tall as all of it: a stack of
# twelve inputs far to the left left three boxes in the middle of a 620 px high chart, the
# rest of it empty, on a laptop's screen.
OPEN_WIDTH = 1000
MIN_OPEN_HEIGHT = 240  # px: room enough to drag the rest of the graph into, above and below
MAX_VIEW_HEIGHT = 620  # px: a taller graph opens on the rows around its output
PAD = 14  # px around the drawing
_CORNER = 4.0  # px cut off each box corner, so boxes read as cards
_HIT_EVERY = 36.0  # px between the invisible points that make a whole box clickable
_MAX_EDGE_LABELS = 400  # beyond this, gradient labels on edges are clutter: hover instead


def graph_figure(
    graph: Any,
    positions: Positions,
    *,
    show_grads: bool = True,
    highlight: str | Iterable[str] | None = None,
    theme: str = "light",
) -> PreparedFigure:
    """Draw `graph` (from build_graph) at `positions` (from layout).

    show_grads  write gradients in the boxes (and on edges, when a trace gave them)
    highlight   a node id, or several, to ring (e.g. the node selected on the page)
    theme       "light" or "dark"
    """
    colours = theme_colours(theme)
    rings = []
    if highlight is not None:
        ids = [highlight] if isinstance(highlight, str) else list(highlight)
        rings.append(ring_trace(ids, positions, colours["gradient"], name="selected"))
    data = [
        *group_traces(positions, colours),
        *edge_traces(graph, positions, colours, show_grads=show_grads),
        *box_traces(positions, colours),
        *rings,
        *word_traces(graph, positions, colours, show_grads=show_grads),
        *node_traces(graph, positions, colours),
    ]
    return prepared({"data": data, "layout": figure_layout(positions, colours)})


# --- edges --------------------------------------------------------------------------------------


def edge_traces(
    graph: Any, positions: Positions, colours: dict[str, str], *, show_grads: bool = True
) -> list[Trace]:
    """Edges along their routes (cut edges dashed), arrowheads into each box, and the words
    kept for each edge: where detach() cut it, the gradient it carried back."""
    solid: tuple[list, list] = ([], [])
    dashed: tuple[list, list] = ([], [])
    heads: tuple[list, list, list] = ([], [], [])  # x, y, marker sizes
    cut_words: tuple[list, list, list] = ([], [], [])
    grad_words: tuple[list, list, list] = ([], [], [])
    for u, v, data in graph.edges(data=True):
        points = edge_points(positions, u, v)
        if len(points) < 2:
            continue  # an op and its result share a box
        xs, ys = dashed if data["cut"] else solid
        xs += [p[0] for p in points] + [None]
        ys += [p[1] for p in points] + [None]
        # The arrowhead touches the box it enters; a zero-size point just before it gives it
        # its direction (angleref="previous").
        (x1, y1) = points[-1]
        for dx, size in ((-12.0, 0), (-5.0, 10)):
            heads[0].append(x1 + dx)
            heads[1].append(y1)
            heads[2].append(size)
        at = positions.label_at.get((u, v)) if hasattr(positions, "label_at") else None
        if at is None:
            continue
        if data["label"]:
            _put(cut_words, at, f"<i>{esc(data['label'])}</i>")
        elif show_grads and edge_grad_text(graph, u, v):
            _put(grad_words, at, esc(edge_grad_text(graph, u, v)))
    traces = [
        _lines(*solid, colours["edge"], "data flow", dash=None),
        _lines(*dashed, colours["cut"], "cut from the graph", dash="dash"),
        _scatter(
            x=heads[0],
            y=heads[1],
            mode="markers",
            marker={
                "symbol": "arrow",
                "angleref": "previous",
                "size": heads[2],
                "color": colours["edge"],
                "line": {"width": 0},
            },
            hoverinfo="skip",
            showlegend=False,
            name="direction",
        ),
        _text(*cut_words, colours["cut"], "cut labels", EDGE_FONT_SIZE),
    ]
    if len(grad_words[2]) <= _MAX_EDGE_LABELS:
        traces.append(_text(*grad_words, colours["gradient"], "edge gradients", EDGE_FONT_SIZE))
    return traces


def edge_points(positions: Positions, u: str, v: str) -> list[tuple[float, float]]:
    """The polyline an edge is drawn along: its route (box to box), else straight."""
    routes = getattr(positions, "routes", None) or {}
    route = routes.get((u, v))
    if route is not None:
        return route
    unit = getattr(positions, "unit", None) or {}
    if unit.get(u, u) == unit.get(v, v):
        return []
    return [positions[u], positions[v]]


# --- boxes and their words ----------------------------------------------------------------------


def box_traces(positions: Positions, colours: dict[str, str]) -> list[Trace]:
    """One filled trace per kind of box: each box a rectangle with cut corners."""
    shapes: dict[str, tuple[list, list]] = {kind: ([], []) for kind in BOX_KINDS}
    for node, box in positions.boxes.items():
        kind = _box_kind(positions, node)
        xs, ys = shapes[kind]
        px, py = box_outline(positions[node], box.width, box.height)
        xs += [*px, None]
        ys += [*py, None]
    return [
        _scatter(
            x=xs,
            y=ys,
            mode="lines",
            fill="toself",
            fillcolor=tint(KIND_STYLE[kind]["colour"]),
            line={"color": KIND_STYLE[kind]["colour"], "width": BOX_BORDER_WIDTH},
            hoverinfo="skip",
            showlegend=False,
            name=f"{kind} boxes",
        )
        for kind, (xs, ys) in shapes.items()
    ]


def box_outline(
    centre: tuple[float, float], width: float, height: float, grow: float = 0.0
) -> tuple[list[float], list[float]]:
    """The corners of a box (with its corners cut) around `centre`, `grow` px larger all round."""
    x, y = centre
    w, h, c = width / 2 + grow, height / 2 + grow, _CORNER
    xs = [x - w + c, x + w - c, x + w, x + w, x + w - c, x - w + c, x - w, x - w, x - w + c]
    ys = [y + h, y + h, y + h - c, y - h + c, y - h, y - h, y - h + c, y + h - c, y + h]
    return xs, ys


def line_heights(centre_y: float, lines: int) -> list[float]:
    """The y of each line of words in a box of `lines` lines centred at `centre_y`."""
    top = centre_y + (lines - 1) * LINE / 2
    return [top - k * LINE for k in range(lines)]


def word_traces(
    graph: Any, positions: Positions, colours: dict[str, str], *, show_grads: bool = True
) -> list[Trace]:
    """The words in the boxes: names with PyTorch's class, values, gradients (three traces)."""
    names: tuple[list, list, list] = ([], [], [])
    values: tuple[list, list, list] = ([], [], [])
    grads: tuple[list, list, list] = ([], [], [])
    for node, rec in positions.records.items():
        x, y = positions[node]
        heights = line_heights(y, rec.lines)
        _put(names, (x + ICON / 2, heights[0]), title_html(rec, colours))
        if rec.value is not None:
            _put(values, (x, heights[1]), esc(rec.value))
        if show_grads and rec.lines > 1 + (rec.value is not None):
            line = grad_line(graph.nodes[node])
            if line:
                _put(grads, (x, heights[-1]), esc(line))
    return [
        _text(*names, colours["text"], "names", FONT_SIZE),
        _text(*values, colours["text"], "values", FONT_SIZE),
        _text(*grads, colours["gradient"], "node gradients", FONT_SIZE),
    ]


def title_html(rec: Any, colours: dict[str, str]) -> str:
    return (
        f'<b>{esc(rec.name)}</b> <span style="color:{colours["muted"]}">{esc(rec.kind_word)}</span>'
    )


def grad_slot(positions: Positions, node: str) -> tuple[float, float] | None:
    """Where a box writes its gradient (its last line), if it has a line for one."""
    box_node = positions.unit.get(node, node)
    rec = positions.records.get(box_node)
    if rec is None or rec.lines < 2 + (rec.value is not None):
        return None
    x, y = positions[box_node]
    return x, line_heights(y, rec.lines)[-1]


def node_traces(graph: Any, positions: Positions, colours: dict[str, str]) -> list[Trace]:
    """Per kind: its icon in each box (legend, hover, click), and invisible points across each
    box so a click anywhere on it selects it."""
    icons = {kind: {"x": [], "y": [], "hover": [], "ids": []} for kind in BOX_KINDS}
    hits: dict[str, list] = {"x": [], "y": [], "hover": [], "ids": []}
    for node, rec in positions.records.items():
        kind = _box_kind(positions, node)
        x, y = positions[node]
        hover = hover_text(graph.nodes[node])
        title_w = text_width(rec.name, bold=True) + text_width(" " + rec.kind_word)
        icon_x = x + ICON / 2 - title_w / 2 - ICON / 2 - 1
        column = icons[kind]
        column["x"].append(icon_x)
        column["y"].append(line_heights(y, rec.lines)[0])
        column["hover"].append(hover)
        column["ids"].append(node)
        box = positions.boxes[node]
        count = max(1, int(box.width // _HIT_EVERY))
        for k in range(count):
            hits["x"].append(x - box.width / 2 + (k + 0.5) * box.width / count)
            hits["y"].append(y)
            hits["hover"].append(hover)
            hits["ids"].append(node)
    traces = [
        _scatter(
            x=column["x"],
            y=column["y"],
            mode="markers",
            name=BOX_NAMES[kind],
            hovertext=column["hover"],
            hoverinfo="text",
            customdata=column["ids"],
            marker={
                "symbol": KIND_STYLE[kind]["symbol"],
                "size": 10,
                "color": KIND_STYLE[kind]["colour"],
                "line": {"color": colours["outline"], "width": 1},
            },
            legendgroup=kind,
        )
        for kind, column in icons.items()
    ]
    traces.append(
        _scatter(
            x=hits["x"],
            y=hits["y"],
            mode="markers",
            name="boxes",
            hovertext=hits["hover"],
            hoverinfo="text",
            customdata=hits["ids"],
            marker={"symbol": "square", "size": _HIT_EVERY, "opacity": 0},
            showlegend=False,
        )
    )
    return traces


def _box_kind(positions: Positions, node: str) -> str:
    rec = positions.records.get(node)
    return rec.kind if rec is not None else "result"


# --- module calls -------------------------------------------------------------------------------


def group_traces(positions: Positions, colours: dict[str, str]) -> list[Trace]:
    """A dashed frame around the boxes of each module call, its name at the top left."""
    groups = getattr(positions, "groups", None) or []
    if not groups:
        return []
    xs: list = []
    ys: list = []
    words: tuple[list, list, list] = ([], [], [])
    for group in groups:
        x0, y0, x1, y1 = group.bounds
        xs += [x0, x1, x1, x0, x0, None]
        ys += [y0, y0, y1, y1, y0, None]
        width = text_width(group.label)
        _put(words, (x0 + 6 + width / 2, y1 - LINE / 2 - 2), esc(group.label))
    return [
        _scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": colours["frame"], "width": 1.2, "dash": "dot"},
            hoverinfo="skip",
            showlegend=False,
            name="module calls",
        ),
        _text(*words, colours["frame"], "module names", FONT_SIZE),
    ]


# --- rings, layout ------------------------------------------------------------------------------


def ring_trace(ids: list[str], positions: Positions, colour: str, name: str) -> Trace:
    """A thick translucent frame around some boxes: the selected one, or the replay's current
    step. It hugs the box from outside, so the box's words stay untouched."""
    return _scatter(
        **ring_points(ids, positions),
        mode="lines",
        line={"color": colour, "width": 4},
        opacity=0.55,
        hoverinfo="skip",
        showlegend=False,
        name=name,
    )


def ring_points(ids: Iterable[str], positions: Positions) -> dict[str, list]:
    """The outline of a ring around each of `ids`' boxes (None between them)."""
    xs: list = []
    ys: list = []
    boxes = getattr(positions, "boxes", {})
    unit = getattr(positions, "unit", {})
    for node in ids:
        box = boxes.get(unit.get(node, node))
        if box is None:
            continue
        px, py = box_outline(positions[node], box.width, box.height, grow=3.0)
        xs += [*px, None]
        ys += [*py, None]
    return {"x": xs, "y": ys}


def view(positions: Positions) -> dict[str, Any]:
    """The axes' ranges and the figure's height: one pixel per unit, the output end in view.

    The x range is at most MIN_VIEW_WIDTH wide; the axes are locked 1:1 and grow toward the
    left, so a wider chart shows more of the graph at the same size rather than stretching it.
    """
    x0, y0, x1, y1 = positions.bounds() if hasattr(positions, "bounds") else (0, 0, 0, 0)
    x0, y0, x1, y1 = x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD
    wide = x1 - x0 > MIN_VIEW_WIDTH
    whole_height = y1 - y0
    if x1 - x0 > OPEN_WIDTH and hasattr(positions, "bounds"):
        low, high = _heights_within(positions, x1 - OPEN_WIDTH)
        target = max(high - low + 2 * PAD, min(whole_height, MIN_OPEN_HEIGHT))
        centre = (low + high) / 2
        low = min(max(y0, centre - target / 2), y1 - target)  # within the graph
        y0, y1 = low, low + target
    if wide:
        x_range = [x1 - MIN_VIEW_WIDTH, x1]
    else:
        middle = (x0 + x1) / 2
        x_range = [middle - MIN_VIEW_WIDTH / 2, middle + MIN_VIEW_WIDTH / 2]
    height = y1 - y0
    if height > MAX_VIEW_HEIGHT:
        # the rows around the output (the rightmost box), where backward starts
        right = max(positions.boxes, key=lambda n: positions[n][0])
        centre = min(max(positions[right][1], y0 + MAX_VIEW_HEIGHT / 2), y1 - MAX_VIEW_HEIGHT / 2)
        y_range = [centre - MAX_VIEW_HEIGHT / 2, centre + MAX_VIEW_HEIGHT / 2]
    else:
        y_range = [y0, y1]
    return {
        "x_range": x_range,
        "y_range": y_range,
        "toward": "right" if wide else "center",
        "plot_height": y_range[1] - y_range[0],
        "partial": wide or whole_height > MAX_VIEW_HEIGHT,
    }


def _heights_within(positions: Positions, left: float) -> tuple[float, float]:
    """(lowest, highest) y of every box, frame and line that reaches right of x = `left`."""
    ys = []
    for node, box in positions.boxes.items():
        x, y = positions[node]
        if x + box.width / 2 > left:
            ys += [y - box.height / 2, y + box.height / 2]
    for group in getattr(positions, "groups", ()):
        if group.bounds[2] > left:
            ys += [group.bounds[1], group.bounds[3]]
    for route in getattr(positions, "routes", {}).values():
        for (ax, ay), (bx, by) in pairwise(route):
            if max(ax, bx) > left:
                ys += [ay, by]
    for x, y in getattr(positions, "label_at", {}).values():
        if x > left:
            ys += [y - LINE, y + LINE]
    return min(ys), max(ys)


LEGEND_ROOM = 34  # px above the drawing for the legend


def figure_layout(positions: Positions, colours: dict[str, str], top: int = 0) -> dict[str, Any]:
    """Axes hidden and locked 1:1, height that follows the graph; `top` px more for captions."""
    v = view(positions)
    margin = {"l": 4, "r": 4, "t": LEGEND_ROOM + top, "b": 4}
    return {
        "paper_bgcolor": colours["background"],
        "plot_bgcolor": colours["background"],
        "font": {"color": colours["text"]},
        # a y range one pixel short of the plot area: the lock then never shrinks the graph
        "xaxis": {
            "visible": False,
            "range": v["x_range"],
            "constrain": "range",
            "constraintoward": v["toward"],
        },
        "yaxis": {
            "visible": False,
            "range": v["y_range"],
            "scaleanchor": "x",
            "scaleratio": 1,
            "constrain": "range",
        },
        "margin": margin,
        "height": int(v["plot_height"] + 1 + margin["t"] + margin["b"]),
        "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        "hovermode": "closest",
        "hoverlabel": {"bgcolor": colours["hover"], "font": {"color": colours["text"]}},
        "dragmode": "pan",
    }


def _put(column: tuple[list, list, list], at: tuple[float, float], text: str) -> None:
    column[0].append(at[0])
    column[1].append(at[1])
    column[2].append(text)


def _scatter(**properties: Any) -> Trace:
    """A scatter trace as plotly's JSON writes it (building go.Scatter validated every property
    on every rerun: most of the Graph Explorer's drawing time; the tests validate instead)."""
    return {"type": "scatter", **properties}


def _lines(xs: list, ys: list, colour: str, name: str, dash: str | None) -> Trace:
    line = {"color": colour, "width": 1.6} | ({"dash": dash} if dash else {})
    return _scatter(
        x=xs,
        y=ys,
        mode="lines",
        line=line,
        hoverinfo="skip",
        showlegend=dash is not None and bool(xs),
        name=name,
    )


def _text(xs: list, ys: list, texts: list, colour: str, name: str, size: float) -> Trace:
    return _scatter(
        x=xs,
        y=ys,
        mode="text",
        text=texts,
        textposition="middle center",
        textfont={"color": colour, "size": size},
        hoverinfo="skip",
        showlegend=False,
        name=name,
    )

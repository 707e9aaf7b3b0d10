"""The computation graph as a plotly figure: one trace per kind of node, not one per node.

A graph of 500 nodes is drawn with a handful of traces (edges, cut edges, arrowheads, edge
labels, and the four kinds of node), so building and rendering stay fast. Every node carries its
id in `customdata`, so a page can tell which node was clicked.

    >>> graph = build_graph(z, names={"x": x, "y": y, "z": z})
    >>> fig = graph_figure(graph, layout(graph))
    >>> [t.name for t in fig.data if t.mode and "markers" in t.mode][-4:]
    ['leaf tensor (input)', 'operation (grad_fn)', 'result tensor', 'constant (no grad)']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import plotly.graph_objects as go

from ..graph.values import summarize
from .labels import esc, hover_text, node_text
from .style import KIND_STYLE, theme_colours

Positions = dict[str, tuple[float, float]]  # from graph.layout; its `.routes` bend long edges

# Where along an edge its arrowhead sits: past the middle, clear of both markers.
_ARROW_AT = 0.62
_MAX_EDGE_LABELS = 150  # beyond this, gradient labels on edges are clutter: hover instead


def graph_figure(
    graph: Any,
    positions: Positions,
    *,
    show_grads: bool = True,
    highlight: str | Iterable[str] | None = None,
    theme: str = "light",
) -> go.Figure:
    """Draw `graph` (from build_graph) at `positions` (from layout).

    show_grads  write gradients on nodes (and on edges, when a trace gave them)
    highlight   a node id, or several, to ring (e.g. the node selected on the page)
    theme       "light" or "dark"
    """
    colours = theme_colours(theme)
    rings = []
    if highlight is not None:
        ids = [highlight] if isinstance(highlight, str) else list(highlight)
        rings.append(ring_trace(ids, positions, colours["gradient"], name="selected"))
    # The ring goes under the nodes: it shows around the marker, and the node's words stay on top.
    fig = go.Figure(
        data=[
            *edge_traces(graph, positions, colours, show_grads=show_grads),
            *rings,
            *node_traces(graph, positions, colours, show_grads=show_grads),
        ]
    )
    fig.update_layout(**figure_layout(positions, colours))
    return fig


def edge_traces(
    graph: Any, positions: Positions, colours: dict[str, str], *, show_grads: bool = True
) -> list[go.Scatter]:
    """Edges as line segments (solid; cut edges dashed and labelled), plus their arrowheads."""
    solid: tuple[list, list] = ([], [])
    dashed: tuple[list, list] = ([], [])
    heads: tuple[list, list, list] = ([], [], [])  # x, y, marker sizes
    label_x, label_y, labels = [], [], []
    grad_x, grad_y, grads = [], [], []
    for u, v, data in graph.edges(data=True):
        points = edge_points(positions, u, v)
        xs, ys = dashed if data["cut"] else solid
        xs += [p[0] for p in points] + [None]
        ys += [p[1] for p in points] + [None]
        # The arrowhead sits on the last piece, the one entering v. A zero-size point just
        # before it gives it its direction (angleref="previous").
        (x0, y0), (x1, y1) = points[-2], points[-1]
        for t, size in ((_ARROW_AT - 0.05, 0), (_ARROW_AT, 11)):
            heads[0].append(x0 + t * (x1 - x0))
            heads[1].append(y0 + t * (y1 - y0))
            heads[2].append(size)
        if data["label"]:
            x, y = along(points, 0.5)
            label_x.append(x)
            label_y.append(y)
            labels.append(f"<i>{esc(data['label'])}</i>")
        if show_grads and data["grad"] is not None:
            x, y = along(points, 0.35)  # the gradient goes back to u: write it near u
            grad_x.append(x)
            grad_y.append(y)
            grads.append(f"∂ {esc(summarize(data['grad']))}")
    traces = [
        _lines(*solid, colours["edge"], "data flow", dash=None),
        _lines(*dashed, colours["cut"], "cut from the graph", dash="dash"),
        go.Scatter(
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
        _text(label_x, label_y, labels, colours["cut"], "cut labels", "top center"),
    ]
    if len(grads) <= _MAX_EDGE_LABELS:
        traces.append(
            _text(grad_x, grad_y, grads, colours["gradient"], "edge gradients", "top center")
        )
    return traces


def node_traces(
    graph: Any, positions: Positions, colours: dict[str, str], *, show_grads: bool = True
) -> list[go.Scatter]:
    """One marker trace per kind: shape, colour and legend entry tell the kinds apart."""
    columns: dict[str, dict[str, list]] = {
        kind: {"x": [], "y": [], "text": [], "where": [], "hover": [], "ids": []}
        for kind in KIND_STYLE
    }
    for node_id, data in graph.nodes(data=True):
        column = columns[data["kind"]]
        x, y = positions[node_id]
        column["x"].append(x)
        column["y"].append(y)
        column["where"].append(f"{label_side(x)} center")
        column["text"].append(node_text(data, show_grads))
        column["hover"].append(hover_text(data))
        column["ids"].append(node_id)
    traces = []
    for kind, style in KIND_STYLE.items():
        column = columns[kind]
        traces.append(
            go.Scatter(
                x=column["x"],
                y=column["y"],
                mode="markers+text",
                name=style["name"],
                text=column["text"],
                textposition=column["where"],
                textfont={"color": colours["text"], "size": 12},
                hovertext=column["hover"],
                hoverinfo="text",
                customdata=column["ids"],
                marker={
                    "symbol": style["symbol"],
                    "size": style["size"],
                    "color": colours.get(kind, style["colour"]),
                    "line": {"color": colours["outline"], "width": 1.5},
                },
                legendgroup=kind,
            )
        )
    return traces


def label_side(x: float) -> str:
    """Words go below nodes in even columns and above them in odd ones, so the labels of
    neighbouring columns (a result and the op next to it) do not run into each other."""
    return "bottom" if round(x) % 2 == 0 else "top"


def edge_points(positions: Positions, u: str, v: str) -> list[tuple[float, float]]:
    """The points an edge is drawn through: u, the layout's waypoints (if any), v."""
    routes = getattr(positions, "routes", None) or {}
    return [positions[u], *routes.get((u, v), ()), positions[v]]


def along(points: list[tuple[float, float]], fraction: float) -> tuple[float, float]:
    """The point `fraction` of the way along a polyline (by number of pieces, which is enough
    for placing a label: the pieces of one edge are about equally long)."""
    t = fraction * (len(points) - 1)
    k = min(int(t), len(points) - 2)
    (x0, y0), (x1, y1) = points[k], points[k + 1]
    return x0 + (t - k) * (x1 - x0), y0 + (t - k) * (y1 - y0)


def ring_trace(ids: list[str], positions: Positions, colour: str, name: str) -> go.Scatter:
    """A halo behind some nodes: the selected node, or the current step's node.

    A soft disc rather than an open circle: it is wider than the node, so its edge runs through
    the label under the node, and a thin translucent edge keeps that label readable.
    """
    return go.Scatter(
        x=[positions[i][0] for i in ids],
        y=[positions[i][1] for i in ids],
        mode="markers",
        marker={
            "symbol": "circle",
            "size": 44,
            "color": colour,
            "opacity": 0.3,
            "line": {"width": 2, "color": colour},
        },
        hoverinfo="skip",
        showlegend=False,
        name=name,
    )


def figure_layout(positions: Positions, colours: dict[str, str]) -> dict[str, Any]:
    """Axes hidden, room around the nodes for their labels, height that grows with the graph."""
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    span = max(ys) - min(ys)
    return {
        "paper_bgcolor": colours["background"],
        "plot_bgcolor": colours["background"],
        "font": {"color": colours["text"]},
        "xaxis": {"visible": False, "range": [min(xs) - 1.2, max(xs) + 1.2]},
        "yaxis": {"visible": False, "range": [min(ys) - 0.9, max(ys) + 0.9]},
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "height": int(min(1400, max(360, 110 * (span + 2)))),
        "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        "hovermode": "closest",
        "hoverlabel": {"bgcolor": colours["hover"], "font": {"color": colours["text"]}},
        "dragmode": "pan",
    }


def _lines(xs: list, ys: list, colour: str, name: str, dash: str | None) -> go.Scatter:
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": colour, "width": 1.6, "dash": dash},
        hoverinfo="skip",
        showlegend=dash is not None and bool(xs),
        name=name,
    )


def _text(xs: list, ys: list, texts: list, colour: str, name: str, where: str) -> go.Scatter:
    return go.Scatter(
        x=xs,
        y=ys,
        mode="text",
        text=texts,
        textposition=where,
        textfont={"color": colour, "size": 11},
        hoverinfo="skip",
        showlegend=False,
        name=name,
    )

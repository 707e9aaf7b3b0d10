"""The Graph Explorer's figure: the graph with its backward pass ready to replay, or the still
graph when the replay would be too heavy for a browser or the gradients must stay hidden.

    >>> fig = explorer_figure(explore(by_key("product-rule").code))
    >>> len(fig.frames)          # the forward picture, then one frame per backward step
    7
    >>> spec = select(prepared(fig), ["leaf0"], exp.positions)   # ring the inspected node

An animation carries, for every step, the lit edges and every gradient so far, so its size grows
with steps × nodes; past ANIMATION_LIMIT it would be megabytes of JSON to ship on every rerun,
and the page falls back to the still graph with the step list beside it.

A page reruns often (every click), so a finished figure is kept as a `PreparedFigure`: its dict
is computed once, and ringing another node edits that dict instead of rebuilding the figure.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import Any

import plotly.graph_objects as go

from ..graph_explorer.run import Exploration
from .backward_animation import backward_animation
from .graph_figure import graph_figure, ring_trace
from .style import KIND_STYLE, TRANSPARENT, theme_colours

ANIMATION_LIMIT = 12_000  # backward steps × nodes
VISIBLE_COLUMNS = 14  # columns of a long graph shown at first (words stay readable)
NODE_TRACE_NAMES = [style["name"] for style in KIND_STYLE.values()]


def can_animate(exp: Exploration) -> bool:
    """Is there a backward pass to replay, small enough to send as animation frames?"""
    if exp.graph is None or not exp.steps:
        return False
    return len(exp.steps) * exp.graph.number_of_nodes() <= ANIMATION_LIMIT


def explorer_figure(
    exp: Exploration, *, theme: str = "light", show_grads: bool = True, animate: bool = True
) -> go.Figure | None:
    """The figure for `exp` (None if there is no graph to draw).

    show_grads  False hides every gradient (predict-then-reveal): no numbers, no replay
    animate     replay backward in the browser when there is one (and it is small enough)
    """
    if exp.graph is None:
        return None
    if show_grads and animate and can_animate(exp):
        fig = backward_animation(exp.graph, exp.positions, exp.steps, theme=theme)
    else:
        fig = graph_figure(exp.graph, exp.positions, show_grads=show_grads, theme=theme)
    # A long graph opens on its last columns, where backward starts, at a size where the
    # words are readable; the learner pans left along it (or double-clicks to see all of it).
    window = visible_window(exp.positions)
    if window is not None:
        (x0, x1), (y0, y1) = window
        fig.update_layout(xaxis_range=[x0, x1], yaxis_range=[y0, y1])
        ys = [y0 + 0.9, y1 - 0.9]
    else:
        ys = [y for _, y in exp.positions.values()]
    # A graph one or two nodes high needs less room than graph_figure's minimum.
    height = int(min(1400, max(250, 110 * (max(ys) - min(ys) + 2))))
    if fig.frames:
        height += 150  # the replay buttons and the slider
    # Keep the learner's pan and zoom across reruns of the same code; let the page's own
    # background show through, whatever shade of light or dark the app uses.
    fig.update_layout(
        height=height,
        uirevision=str(hash(exp.source)),
        paper_bgcolor=TRANSPARENT,
        plot_bgcolor=TRANSPARENT,
    )
    return fig


def visible_window(positions: Any) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """For a graph wider than VISIBLE_COLUMNS columns: the x and y ranges of its last ones."""
    xs = [x for x, _ in positions.values()]
    if not xs or max(xs) - min(xs) < VISIBLE_COLUMNS:
        return None
    right = max(xs)
    left = right - VISIBLE_COLUMNS + 1
    ys = [y for x, y in positions.values() if x >= left] or [0.0]
    return (left - 0.6, right + 1.2), (min(ys) - 0.9, max(ys) + 0.9)


class PreparedFigure(go.Figure):
    """A finished figure whose `to_dict()` is computed once.

    Streamlit's st.plotly_chart calls `to_dict()` on every rerun, and for a figure with
    animation frames that deep copy costs more than everything else on the page. A figure kept
    between reruns never changes, so its dict can be kept too. Treat the dict as read-only.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        # No go.Figure.__init__: building an empty figure (and its template) costs more than
        # the rerun it is meant to save; nothing but to_dict() is ever asked of this object.
        object.__setattr__(self, "_prepared", spec)

    def to_dict(self) -> dict[str, Any]:
        return self._prepared


def prepared(figure: go.Figure | None) -> PreparedFigure | None:
    return None if figure is None else PreparedFigure(figure.to_dict())


def select(
    spec: PreparedFigure, ids: Iterable[str], positions: Any, *, theme: str = "light"
) -> PreparedFigure:
    """`spec` with a ring around the nodes `ids`, drawn just under the node markers (so each
    node's words stay on top of it). Frames address traces by index: theirs are renumbered."""
    ids = [i for i in ids if i in positions]
    if not ids:
        return spec
    figure = spec.to_dict()
    ring = json.loads(_ring_template(theme_colours(theme)["text"]))
    ring["x"] = [positions[i][0] for i in ids]
    ring["y"] = [positions[i][1] for i in ids]
    data = figure["data"]
    names = [t.get("name") for t in data]
    at = min((names.index(n) for n in NODE_TRACE_NAMES if n in names), default=len(data))
    frames = [
        {**f, "traces": [i + 1 if i >= at else i for i in f.get("traces", ())]}
        for f in figure.get("frames", ())
    ]
    out = {**figure, "data": [*data[:at], ring, *data[at:]]}
    if frames:
        out["frames"] = frames
    return PreparedFigure(out)


@functools.lru_cache(maxsize=4)
def _ring_template(colour: str) -> str:
    """The halo's trace as JSON (built once per colour: a plotly object costs a millisecond)."""
    return json.dumps(ring_trace([], {}, colour, "selected").to_plotly_json())

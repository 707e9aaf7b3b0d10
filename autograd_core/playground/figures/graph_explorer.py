"""The Graph Explorer's figure: the graph with its backward pass ready to replay, or the still
graph when the replay would be too heavy for a browser or the gradients must stay hidden.

    >>> fig = explorer_figure(explore(by_key("product-rule").code))
    >>> len(fig.spec["frames"])  # the forward picture, then one frame per backward step
    7
    >>> fig = select(fig, ["leaf0"], exp.positions)   # ring the inspected node

An animation carries, for every step, the lit edges and every gradient so far, so its size grows
with steps × nodes; past ANIMATION_LIMIT it would be megabytes of JSON to ship on every rerun,
and the page falls back to the still graph with the step list beside it.

A page reruns often (every click), so a finished figure is kept as a `PreparedFigure` (see
prepared.py): its dict is computed once, and ringing another node edits that dict instead of
rebuilding the figure.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import Any

from ..graph_explorer.run import ANIMATION_LIMIT, Exploration, can_replay  # noqa: F401 - re-exported
from .backward_animation import backward_animation
from .graph_figure import graph_figure, ring_points, ring_trace, view
from .prepared import PreparedFigure, with_layout
from .style import BOX_NAMES, TRANSPARENT, theme_colours

NODE_TRACE_NAMES = ["names", *BOX_NAMES.values()]  # the ring goes just under these


def can_animate(exp: Exploration) -> bool:
    """Is there a backward pass to replay, small enough to send as animation frames?"""
    return exp.graph is not None and can_replay(exp)


def explorer_figure(
    exp: Exploration, *, theme: str = "light", show_grads: bool = True, animate: bool = True
) -> PreparedFigure | None:
    """The figure for `exp`, ready to send (None if there is no graph to draw).

    show_grads  False hides every gradient (predict-then-reveal): no numbers, no replay
    animate     replay backward in the browser when there is one (and it is small enough)

    A long or tall graph opens on its output end, where backward starts, at full size (see
    graph_figure.view); the learner drags along it or double-clicks to see all of it.
    """
    if exp.graph is None:
        return None
    if show_grads and animate and can_animate(exp):
        fig = backward_animation(exp.graph, exp.positions, exp.steps, theme=theme)
    else:
        fig = graph_figure(exp.graph, exp.positions, show_grads=show_grads, theme=theme)
    # Keep the learner's pan and zoom across reruns of the same code; let the page's own
    # background show through, whatever shade of light or dark the app uses.
    return with_layout(
        fig,
        uirevision=str(hash(exp.source)),
        paper_bgcolor=TRANSPARENT,
        plot_bgcolor=TRANSPARENT,
    )


def shows_part(positions: Any) -> bool:
    """Does the graph open on a part of itself (too wide or too tall to show whole)?"""
    return bool(positions) and view(positions)["partial"]


def select(
    spec: PreparedFigure, ids: Iterable[str], positions: Any, *, theme: str = "light"
) -> PreparedFigure:
    """`spec` with a ring around the boxes of `ids`, drawn just under the boxes' words (so
    they stay on top of it). Frames address traces by index: theirs are renumbered."""
    ids = [i for i in ids if i in positions]
    if not ids:
        return spec
    figure = spec.spec
    ring = json.loads(_ring_template(theme_colours(theme)["text"]))
    ring.update(ring_points(ids, positions))
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
    return json.dumps(ring_trace([], {}, colour, "selected"))

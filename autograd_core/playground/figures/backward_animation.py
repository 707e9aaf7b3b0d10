"""Backward, one step per animation frame, played in the browser (no server round trip).

The figure is the graph (graph_figure, without gradients) plus five traces that change from
frame to frame (a frame carries only their coordinates and words, so even a few hundred steps
stay small):

    gradient flow   the edges gradients have already travelled back along
    this step       the edges lit by the current step
    current node    a ring around the box the engine is at
    gradients       each box's gradient line so far ("grad 12", or "Σ so far 3" while partial;
                    "(was None)" as a leaf's .grad changes)
    step numbers    upstream × local = contribution in each lit edge's slot

Frame 0 is the forward pass (no gradients yet); frame k shows the graph after replay step k.
A step's full sentence is the annotation above the graph. The figure opens on the last frame, the
finished picture; "Replay" plays from the start, the slider jumps to any step.

    >>> steps = trace_steps(graph, traces[0])
    >>> fig = backward_animation(graph, layout(graph), steps)
    >>> sorted(fig.spec["frames"][-1]["data"][3]["text"])  # every gradient after the last step
    ['<b>grad 1</b>', '<b>grad 1</b>', '<b>grad 1</b>', '<b>grad 12 (was None)</b>', ...]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..graph.replay_states import ReplayState, replay_states
from .animation import play_controls
from .graph_figure import LEGEND_ROOM, Positions, edge_points, grad_slot, graph_figure, ring_points
from .labels import esc
from .prepared import PreparedFigure, prepared
from .style import EDGE_FONT_SIZE, FONT_SIZE, theme_colours

FRAME_MS = 900
CONTROLS = 150  # px under the graph: the replay buttons, then the step slider
CAPTION = 30  # px above the legend for the sentence about the current step


def backward_animation(
    graph: Any, positions: Positions, steps: list, *, theme: str = "light"
) -> PreparedFigure:
    """An animated replay of `steps` (from trace_steps) on `graph` at `positions` (from layout
    with the same steps, so every box has room for every gradient it will show)."""
    colours = theme_colours(theme)
    base = graph_figure(graph, positions, show_grads=False, theme=theme)
    states = replay_states(graph, steps)
    # Frames hold only what changes (coordinates and words); plotly merges them into the
    # moving traces, whose looks are set once. That keeps a long replay small and quick to build.
    changes = [_changes(positions, state) for state in states]
    moving = [style | change for style, change in zip(_styles(colours), changes[-1])]
    # Gradient lines and the ring go under the words, so a box's own words stay readable on
    # top of its ring; the gradients and step numbers go over everything.
    still, layout = base.spec["data"], base.spec["layout"]
    names = [t["name"] for t in still]
    under = names.index("names")
    data = [*still[:under], *moving[:3], *still[under:], *moving[3:]]
    indices = [under, under + 1, under + 2, len(data) - 2, len(data) - 1]
    frames = [
        {
            "name": str(k),
            "data": [{"type": "scatter", **trace} for trace in change],
            "traces": indices,
            "layout": {"annotations": [_caption(state, len(steps), colours)]},
        }
        for k, (state, change) in enumerate(zip(states, changes))
    ]
    margin = layout["margin"]
    layout = {
        **layout,
        "annotations": [_caption(states[-1], len(steps), colours)],
        **_controls(len(frames), colours),
        "margin": {**margin, "t": margin["t"] + CAPTION, "b": margin["b"] + CONTROLS},
        "height": layout["height"] + CAPTION + CONTROLS,
    }
    return prepared({"data": data, "layout": layout, "frames": frames})


def _styles(colours: dict[str, str]) -> list[dict[str, Any]]:
    """How the five moving traces look (set once; frames change only their data)."""
    gradient = colours["gradient"]
    quiet = {"type": "scatter", "hoverinfo": "skip", "showlegend": False}
    words = {"mode": "text", "textposition": "middle center"}
    return [
        quiet
        | {"name": "gradient flow", "mode": "lines", "opacity": 0.45}
        | {"line": {"color": gradient, "width": 3}},
        quiet
        | {"name": "this step", "mode": "lines", "opacity": 0.9}
        | {"line": {"color": gradient, "width": 6}},
        quiet
        | {"name": "current node", "mode": "lines", "opacity": 0.55}
        | {"line": {"color": gradient, "width": 4}},
        quiet | words | {"name": "gradients", "textfont": {"color": gradient, "size": FONT_SIZE}},
        quiet
        | words
        | {"name": "step numbers", "textfont": {"color": gradient, "size": EDGE_FONT_SIZE}},
    ]


def _changes(positions: Positions, state: ReplayState) -> list[dict[str, Any]]:
    """The data of the five moving traces after this state's step."""
    grads = []
    for node in dict.fromkeys([*state.words, *state.node_notes]):
        slot = grad_slot(positions, node)
        line = state.grad_line(node)
        if slot is not None and line:
            grads.append((*slot, f"<b>{esc(line)}</b>"))
    notes = [
        (*positions.label_at[edge], esc(text))
        for edge, text in state.edge_notes.items()
        if edge in positions.label_at
    ]
    current = [state.step.node] if state.step is not None else []
    return [
        _segments(positions, list(state.flowed)),
        _segments(positions, state.lit),
        ring_points(current, positions),
        _words(grads),
        _words(notes),
    ]


def _words(items: list[tuple[float, float, str]]) -> dict[str, Any]:
    return {
        "x": np.array([i[0] for i in items], dtype=float),
        "y": np.array([i[1] for i in items], dtype=float),
        "text": [i[2] for i in items],
    }


def _segments(positions: Positions, edges: list[tuple[str, str]]) -> dict[str, np.ndarray]:
    """Edges as polylines separated by NaN gaps (NumPy arrays: plotly takes them as they are)."""
    xs, ys = [], []
    for u, v in edges:
        for x, y in edge_points(positions, u, v):
            xs.append(x)
            ys.append(y)
        xs.append(np.nan)
        ys.append(np.nan)
    return {"x": np.array(xs, dtype=float), "y": np.array(ys, dtype=float)}


def _caption(state: ReplayState, total: int, colours: dict[str, str]) -> dict[str, Any]:
    if state.step is None:
        text = "Forward pass done: values in every box. Press Replay to run backward."
    else:
        text = f"Step {state.step.index + 1} of {total}: {esc(state.step.text)}"
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 1.0,
        "xanchor": "left",
        "yanchor": "bottom",
        "yshift": LEGEND_ROOM,
        "showarrow": False,
        "align": "left",
        "font": {"color": colours["text"], "size": 13},
    }


def _controls(count: int, colours: dict[str, str]) -> dict[str, Any]:
    """The replay's buttons (Resume carries on from the step showing), and its slider on its
    own row under them: beside them it ran into "Resume" in a narrow chart."""
    controls = play_controls(
        range(count), colours, prefix="step ", duration=FRAME_MS, y=0, play="▶ Replay", resume=True
    )
    controls["updatemenus"][0]["pad"] = {"t": 10}
    controls["sliders"][0].update(x=0, len=1, pad={"t": 52})
    return controls

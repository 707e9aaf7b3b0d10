"""Backward, one step per animation frame, played in the browser (no server round trip).

The figure is the graph (graph_figure, without gradients) plus five traces that change from
frame to frame (a frame carries only their coordinates and words, so even a few hundred steps
stay small):

    gradient flow   the edges gradients have already travelled back along
    this step       the edges lit by the current step
    current node    a ring around the node the engine is at
    gradients       each tensor's gradient so far ("grad 12", or "Σ so far 3" while partial)
    step numbers    upstream × local = contribution next to each lit edge; before -> after
                    at a leaf's .grad

Frame 0 is the forward pass (no gradients yet); frame k shows the graph after replay step k.
A step's full sentence is the annotation above the graph. The figure opens on the last frame, the
finished picture; "Replay" plays from the start, the slider jumps to any step.

    >>> steps = trace_steps(graph, traces[0])
    >>> fig = backward_animation(graph, layout(graph), steps)
    >>> fig.spec["frames"][-1]["data"][3]["text"]      # every tensor's gradient at the end
    ['<b>grad 1</b>', '<b>grad 1</b>', '<b>grad 1</b>', '<b>grad 31</b>', '<b>grad 3</b>',
     '<b>grad 12</b>']
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..graph.values import summarize
from .animation import play_controls
from .graph_figure import Positions, along, edge_points, graph_spec, label_side, ring_trace
from .labels import esc
from .prepared import PreparedFigure, prepared
from .style import theme_colours

FRAME_MS = 900
_NODE_TRACES = 4  # graph_figure ends with one trace per kind of node
# An invisible marker as big as a node's: plotly then places the words beside the node, not on it.
_SPACER = {"size": 46, "opacity": 0}


def backward_animation(
    graph: Any, positions: Positions, steps: list, *, theme: str = "light"
) -> PreparedFigure:
    """An animated replay of `steps` (from trace_steps) on `graph` at `positions`."""
    return prepared(backward_spec(graph, positions, steps, theme=theme))


def backward_spec(
    graph: Any, positions: Positions, steps: list, *, theme: str = "light"
) -> dict[str, Any]:
    """backward_animation's figure as a plain dict."""
    colours = theme_colours(theme)
    base = graph_spec(graph, positions, show_grads=False, theme=theme)
    states = list(_replay(graph, steps))
    # Frames hold only what changes (coordinates and words); plotly merges them into the
    # moving traces, whose looks are set once. That keeps a long replay small and quick to build.
    changes = [_changes(graph, positions, state) for state in states]
    moving = [style | change for style, change in zip(_styles(colours), changes[-1])]
    # Gradient lines and the ring go under the nodes, so a node's own words stay readable on
    # top of its ring; the gradients and step numbers go over everything.
    kinds = len(base["data"]) - _NODE_TRACES
    data = [*base["data"][:kinds], *moving[:3], *base["data"][kinds:], *moving[3:]]
    indices = [kinds, kinds + 1, kinds + 2, len(data) - 2, len(data) - 1]
    frames = [
        {
            "name": str(k),
            "data": [{"type": "scatter", **c} for c in change],
            "traces": indices,
            "layout": {"annotations": [_caption(state, len(steps), colours)]},
        }
        for k, (state, change) in enumerate(zip(states, changes))
    ]
    names = [frame["name"] for frame in frames]
    layout = {
        **base["layout"],
        "annotations": [_caption(states[-1], len(steps), colours)],
        **play_controls(
            names,
            colours,
            prefix="step ",
            duration=FRAME_MS,
            y=0,
            slider_x=0.3,
            play="▶ Replay",
            resume=True,
        ),
        "margin": {**base["layout"]["margin"], "t": 70, "b": 110},
        "height": base["layout"]["height"] + 150,
    }
    return {"data": data, "layout": layout, "frames": frames}


class _State:
    """What the picture shows after some number of steps."""

    def __init__(self) -> None:
        self.step: Any = None
        self.grads: dict[str, Any] = {}  # node -> gradient so far
        self.words: dict[str, str] = {}  # node -> "grad 12" / "Σ so far 3" (tensors only)
        self.final: set[str] = set()
        self.flowed: dict[tuple[str, str], None] = {}  # edges gradients went along, in order
        self.lit: list[tuple[str, str]] = []
        self.notes: list[tuple[Any, str]] = []  # (node or edge, text) for this step

    def set(self, node: str, value: Any, final: bool) -> None:
        self.grads[node] = value
        if final:
            self.final.add(node)
        word = "grad" if node in self.final else "Σ so far"
        self.words[node] = f"<b>{word} {esc(summarize(value, 2))}</b>"

    def add(self, node: str, value: Any) -> None:
        """A contribution arrives: gradients from several consumers add up, as in the engine.

        A node whose gradient is final (a result whose op already ran, a leaf showing the .grad
        it had before this backward) keeps showing that until its own step changes it.
        """
        if node not in self.final:
            previous = self.grads.get(node)
            self.set(node, value if previous is None else previous + value, final=False)

    def snapshot(self) -> _State:
        copy = _State()
        copy.step, copy.lit, copy.notes = self.step, self.lit, self.notes
        copy.grads, copy.words, copy.final = dict(self.grads), dict(self.words), set(self.final)
        copy.flowed = dict(self.flowed)
        return copy


def _replay(graph: Any, steps: list):
    """The state before any step, then after each step, in order."""
    state = _State()
    for step in steps:  # .grad before this backward, if the leaf already had one
        if step.kind == "accumulate" and step.node not in state.grads and step.before is not None:
            state.set(step.node, step.before, final=True)
    yield state.snapshot()
    for step in steps:
        state.step, state.lit, state.notes = step, list(step.edges), []
        state.flowed.update(dict.fromkeys(step.edges))
        if step.kind == "node":
            state.set(step.result, step.upstream, final=True)
            for c in step.contributions:
                state.notes.append((c.edge, c.text))
                if np.shape(c.product) == np.shape(c.value):  # else added at its sum_to step
                    state.add(c.target, c.value)
        elif step.kind == "sum_to" and step.edges:
            state.add(step.result, step.after)
            state.notes.append((step.edges[0], f"Σ back to {summarize(step.after)}"))
        elif step.kind == "mean":
            state.notes.append((step.node, f"÷ N = {step.n}"))
        elif step.kind in ("accumulate", "hook"):
            before = step.before if step.kind == "accumulate" else step.upstream
            state.set(step.node, step.after, final=True)
            state.notes.append((step.node, f"{summarize(before)} → {summarize(step.after)}"))
        elif step.kind == "capture":
            state.set(step.node, step.upstream, final=True)
        yield state.snapshot()


def _styles(colours: dict[str, str]) -> list[dict[str, Any]]:
    """How the five moving traces look (set once; frames change only their data)."""
    gradient = colours["gradient"]
    quiet = {"type": "scatter", "hoverinfo": "skip", "showlegend": False}
    words = {"mode": "markers+text", "marker": _SPACER, "textfont": {"color": gradient, "size": 12}}
    return [
        quiet
        | {"name": "gradient flow", "mode": "lines", "opacity": 0.45}
        | {"line": {"color": gradient, "width": 3}},
        quiet
        | {"name": "this step", "mode": "lines", "opacity": 0.9}
        | {"line": {"color": gradient, "width": 6}},
        ring_trace([], {}, gradient, name="current node"),
        quiet | words | {"name": "gradients"},
        quiet | words | {"name": "step numbers"},
    ]


def _changes(graph: Any, positions: Positions, state: _State) -> list[dict[str, Any]]:
    """The data of the five moving traces after this state's step."""
    notes = []
    for where, text in state.notes:
        if isinstance(where, tuple):  # on an edge, near the input that receives it
            notes.append((*along(edge_points(positions, *where), 0.5), esc(text), "top center"))
        else:
            notes.append((*positions[where], esc(text), "middle right"))
    current = [state.step.node] if state.step is not None else []
    return [
        _segments(positions, list(state.flowed)),
        _segments(positions, state.lit),
        _points(positions, current),
        _points(positions, list(state.words))
        | {
            "text": list(state.words.values()),
            # opposite the node's own label (see label_side)
            "textposition": [
                "top center" if label_side(positions[n][0]) == "bottom" else "bottom center"
                for n in state.words
            ],
        },
        {
            "x": np.array([n[0] for n in notes], dtype=float),
            "y": np.array([n[1] for n in notes], dtype=float),
            "text": [n[2] for n in notes],
            "textposition": [n[3] for n in notes],
        },
    ]


def _points(positions: Positions, ids: list[str]) -> dict[str, np.ndarray]:
    return {
        "x": np.array([positions[i][0] for i in ids], dtype=float),
        "y": np.array([positions[i][1] for i in ids], dtype=float),
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


def _caption(state: _State, total: int, colours: dict[str, str]) -> dict[str, Any]:
    if state.step is None:
        text = "Forward pass done: values on every node. Press Replay to run backward."
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
        "yshift": 28,
        "showarrow": False,
        "align": "left",
        "font": {"color": colours["text"], "size": 13},
    }

"""Figures of a gradient-descent race: pure plotly, animated in the browser.

    descent_figure(result, surf, bounds, *, theme="light")   paths over the contour map (2-D)
                                                               or the curve (1-D), beside the
                                                               loss per update; Play/Pause and
                                                               a slider, one frame per step shown
    surface_figure(result, surf, *, theme="light")            the 3-D surface with every path

Frames carry only what moves (each path so far, its current point, its loss curve so far), as
float32 arrays (the engine's own precision, so nothing is lost): the contour is sent once.
The figure opens on the finished race; Play replays it from the start with no server round trip.
Racers are told apart by colour, dash style and marker shape, and named in the legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .animation import frame_duration, play_controls
from .labels import esc
from .prepared import PreparedFigure, prepared
from .style import (
    BLUE,
    FAINT_GRID,
    FAINT_GRID_3D,
    GREEN,
    ORANGE,
    PURPLE,
    SKY,
    SURFACE_SCALE,
    TRANSPARENT,
    VERMILLION,
    shade,
    theme_colours,
)

MAX_FRAMES = 60
ANIMATION_MS = 6000  # the whole replay, however many frames

# (colour, dash, marker) per racer; the seventh colour is the theme's text colour.
_LOOKS = [
    (VERMILLION, "solid", "circle"),
    (BLUE, "dash", "square"),
    (GREEN, "dot", "diamond"),
    (ORANGE, "dashdot", "triangle-up"),
    (PURPLE, "longdash", "pentagon"),
    (SKY, "longdashdot", "hexagram"),
    (None, "5px,2px", "star"),
]


def look(index: int, theme: str = "light") -> tuple[str, str, str]:
    """(colour, dash, marker symbol) of racer `index`."""
    colour, dash, symbol = _LOOKS[index % len(_LOOKS)]
    return shade(colour, theme) if colour else theme_colours(theme)["text"], dash, symbol


def frame_steps(updates: int, max_frames: int = MAX_FRAMES) -> list[int]:
    """Which update counts get a frame: all of them for a short race, evenly spread otherwise
    (always the start and the end)."""
    count = max(2, min(updates + 1, max_frames))
    return sorted({round(v) for v in np.linspace(0, updates, count)})


def height_transform(z: np.ndarray) -> tuple[np.ndarray, bool]:
    """Heights to draw: f itself, or log10(1 + f − min f) when f spans many orders of magnitude
    (Rosenbrock's valley is invisible on a linear scale)."""
    finite = z[np.isfinite(z)]
    if finite.size == 0:
        return z, False
    low = float(finite.min())
    spread = float(np.percentile(finite, 10)) - low
    if float(finite.max()) - low > 100 * max(spread, 1e-12):
        return np.log10(1 + np.clip(z - low, 0, None)), True
    return z, False


def descent_figure(
    result: Any,
    surf: Any,
    bounds: Sequence[tuple[float, float]],
    *,
    theme: str = "light",
    max_frames: int = MAX_FRAMES,
) -> PreparedFigure:
    """Paths over f (left) and loss per update (right), animated; opens on the final state."""
    colours = theme_colours(theme)
    dims = result.objective.dims
    runs = result.runs
    updates = max((run.updates for run in runs), default=0)
    steps = frame_steps(updates, max_frames)
    static = _landscape(result, surf, colours, theme) + _landmarks(result, surf, colours)
    moving_at = [_moving(result, k, theme) for k in steps]
    first = len(static)
    indices = list(range(first, first + len(moving_at[-1])))
    frames = [
        {
            "name": str(k),
            "data": data,
            "traces": indices,
            "layout": {"annotations": [_caption(result, k, colours)]},
        }
        for k, data in zip(steps, moving_at)
    ]
    styles = _styles(result, theme, colours)
    data = static + [merged(style, change) for style, change in zip(styles, moving_at[-1])]
    layout = _layout(result, surf, bounds, colours, dims, updates)
    layout["annotations"] = [_caption(result, steps[-1], colours)]
    duration = frame_duration(len(steps), ANIMATION_MS)
    # No "update k" label on the slider: the caption above the panels already says "after
    # update k of n", and the label sat on the "update" axis title.
    layout |= play_controls(steps, colours, prefix=None, duration=duration, y=_CONTROLS_Y)
    return prepared({"data": data, "layout": layout, "frames": frames})


def merged(style: dict, change: dict) -> dict:
    """A trace's look with a frame's values on top, nested dicts merged (as plotly.js merges a
    frame into a trace), so that a frame's marker sizes keep the style's marker symbol."""
    out = dict(style)
    for key, value in change.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and key in out else value
    return out


def _landscape(result: Any, surf: Any, colours: dict, theme: str) -> list[dict]:
    if result.objective.dims == 1:
        return [
            {
                "type": "scatter",
                "x": surf.xs.astype(np.float32),
                "y": surf.z.astype(np.float32),
                "mode": "lines",
                "name": "f(x)",
                "line": {"color": colours["edge"], "width": 2},
                "hovertemplate": "x = %{x:.4g}<br>f(x) = %{y:.4g}<extra></extra>",
            }
        ]
    z, logged = height_transform(surf.z)
    return [
        {
            "type": "contour",
            "x": surf.xs.astype(np.float32),
            "y": surf.ys.astype(np.float32),
            "z": z.astype(np.float32),
            "customdata": surf.z.astype(np.float32),
            "colorscale": SURFACE_SCALE[theme],
            "ncontours": 22,
            "showscale": False,
            "line": {"color": colours["edge"], "width": 0.6},
            "name": "f (log scale)" if logged else "f",
            "hovertemplate": "x = %{x:.3g}, y = %{y:.3g}<br>f = %{customdata:.4g}<extra></extra>",
        }
    ]


def _landmarks(result: Any, surf: Any, colours: dict) -> list[dict]:
    """The known minima (stars) and the common start (an open circle)."""
    obj = result.objective
    traces = []
    if obj.minima:
        xs = [m[0] for m in obj.minima]
        if obj.dims == 1:  # on the curve, read off the drawn surface
            ys = np.interp(xs, surf.xs, surf.z).tolist()
        else:
            ys = [m[1] for m in obj.minima]
        traces.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "markers",
                "name": "minimum" if len(xs) == 1 else "minima",
                "marker": {
                    "symbol": "star",
                    "size": 15,
                    "color": colours["background"],
                    "line": {"color": colours["text"], "width": 1.5},
                },
                "hovertemplate": "minimum near (%{x:.3g}, %{y:.3g})<extra></extra>",
            }
        )
    start = result.start
    sy = start[1] if obj.dims == 2 else (result.runs[0].losses[0] if result.runs else 0.0)
    traces.append(
        {
            "type": "scatter",
            "x": [start[0]],
            "y": [sy],
            "mode": "markers",
            "name": "start",
            "marker": {
                "symbol": "circle-open",
                "size": 16,
                "color": colours["text"],
                "line": {"width": 2},
            },
            "hovertemplate": "start (%{x:.4g}, %{y:.4g})<extra></extra>",
        }
    )
    return traces


def _styles(result: Any, theme: str, colours: dict) -> list[dict]:
    """How each moving trace looks (set once; frames only move them). Two per racer: its path
    with the current point drawn big, and its loss curve with the current loss drawn big."""
    styles = []
    for i, run in enumerate(result.runs):
        colour, dash, symbol = look(i, theme)
        name = esc(run.label)
        styles += [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": name,
                "legendgroup": f"run{i}",
                "cliponaxis": False,  # a path's big marker at the edge is drawn whole
                "line": {"color": colour, "dash": dash, "width": 2.5},
                "marker": {
                    "symbol": symbol,
                    "color": colour,
                    "line": {"color": colours["background"], "width": 1},
                },
                "hovertemplate": f"{name}<br>after update %{{pointNumber}}:"
                " (%{{x:.4g}}, %{{y:.4g}})<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "xaxis": "x2",
                "yaxis": "y2",
                "x0": 0,
                "dx": 1,
                "name": f"{name}: loss",
                "legendgroup": f"run{i}",
                "showlegend": False,
                "cliponaxis": False,
                "line": {"color": colour, "dash": dash, "width": 2.5},
                "marker": {"symbol": symbol, "color": colour},
                "hovertemplate": f"{name}<br>update %{{x}}: f = %{{y:.4g}}<extra></extra>",
            },
        ]
    return styles


def _moving(result: Any, k: int, theme: str) -> list[dict]:
    """Each racer after min(k, its length) updates: its path and its loss curve so far, the
    current point drawn big (a per-point size array: small arrays, few traces per frame)."""
    dims = result.objective.dims
    out = []
    for i, run in enumerate(result.runs):
        n = min(k, run.updates)
        points = run.points[: n + 1].astype(np.float32)
        losses = run.losses[: n + 1].astype(np.float32)
        path_sizes = np.full(n + 1, 5, dtype=np.uint8)
        path_sizes[-1] = 15
        loss_sizes = np.zeros(n + 1, dtype=np.uint8)
        loss_sizes[-1] = 11
        _, _, symbol = look(i, theme)
        marker: dict[str, Any] = {"size": path_sizes, "symbol": symbol}
        if run.divergence is not None and k >= run.updates:  # a stopped path ends in a cross
            marker["symbol"] = [symbol] * n + ["x"]
        out += [
            {
                "type": "scatter",
                "x": points[:, 0],
                "y": points[:, 1] if dims == 2 else losses,
                "marker": marker,
            },
            {"type": "scatter", "y": losses, "marker": {"size": loss_sizes}},
        ]
    return out


def _caption(result: Any, k: int, colours: dict) -> dict:
    updates = max((run.updates for run in result.runs), default=0)
    text = "start: no update yet" if k == 0 else f"after update {k} of {result.steps}"
    if k == updates and updates < result.steps:
        text += " (every path stopped early)"
    return {
        "text": f"<b>{text}</b>",
        "xref": "paper",
        "yref": "paper",
        "x": 0.0,
        "y": 1.0,
        "yanchor": "bottom",
        "xanchor": "left",
        "yshift": 6,
        "showarrow": False,
        "font": {"size": 14, "color": colours["text"]},
    }


def _layout(
    result: Any,
    surf: Any,
    bounds: Sequence[tuple[float, float]],
    colours: dict,
    dims: int,
    updates: int,
) -> dict:
    losses = np.concatenate([run.losses for run in result.runs]) if result.runs else np.zeros(1)
    losses = losses[np.isfinite(losses)]
    low, high = (float(losses.min()), float(losses.max())) if losses.size else (0.0, 1.0)
    log_loss = low > 0 and high / low > 50
    if log_loss:
        loss_range = [np.log10(low) - 0.2, np.log10(high) + 0.2]
    else:
        pad = 0.06 * (high - low or 1.0)
        loss_range = [low - pad, high + pad]
    grid = {"gridcolor": FAINT_GRID, "zeroline": False}
    x_range = list(bounds[0])
    if dims == 2:
        y_range = list(bounds[1])
        y_title = "y"
    else:  # the curve's own range: a path that runs away leaves the frame, as in 2-D
        curve = surf.z[np.isfinite(surf.z)]
        c_low, c_high = (float(curve.min()), float(curve.max())) if curve.size else (0.0, 1.0)
        pad = 0.08 * (c_high - c_low or 1.0)
        y_range = [c_low - pad, c_high + pad]
        y_title = "f(x)"
    axis_font = {"color": colours["text"]}
    return {
        "height": 560,
        "margin": {"l": 60, "r": 75, "t": 90, "b": 140},
        "paper_bgcolor": TRANSPARENT,
        "plot_bgcolor": TRANSPARENT,
        "font": axis_font,
        "hovermode": "closest",
        "legend": {"orientation": "h", "x": 0.0, "y": 1.09, "yanchor": "bottom"},
        "xaxis": {"domain": [0, 0.56], "range": x_range, "title": {"text": "x"}, **grid},
        "yaxis": {"range": y_range, "title": {"text": y_title}, **grid},
        "xaxis2": {
            "domain": [0.66, 1.0],
            # A little room past both ends: the last update's big marker is drawn whole.
            "range": [-0.06 * max(updates, 1), 1.08 * max(updates, 1)],
            "title": {"text": "update"},
            "anchor": "y2",
            **grid,
        },
        "yaxis2": {
            "anchor": "x2",
            # Its labels and title on the right, in the margin: between the panels they ran
            # into the left panel when the chart is narrow.
            "side": "right",
            "type": "log" if log_loss else "linear",
            "range": loss_range,
            **({"dtick": 1, "exponentformat": "power"} if log_loss else {}),
            "title": {"text": "loss f" + (" (log scale)" if log_loss else "")},
            **grid,
        },
    }


# Play/Pause and the slider sit below both panels' axis titles (plot-area fractions: the axis
# labels and titles take about 0.15 of the 330 px plot area).
_CONTROLS_Y = -0.2


def surface_figure(result: Any, surf: Any, *, theme: str = "light") -> PreparedFigure:
    """f as a 3-D surface (2-D functions only) with every racer's full path on it."""
    if result.objective.dims != 2:
        raise ValueError("a 3-D surface needs a function of x and y")
    colours = theme_colours(theme)
    step = max(1, len(surf.xs) // 60)
    z, logged = height_transform(surf.z)
    low = float(np.nanmin(surf.z[np.isfinite(surf.z)])) if np.isfinite(surf.z).any() else 0.0
    # Paths float a little above the surface, or the surface hides half of each one.
    lift = 0.03 * float(np.nanmax(z) - np.nanmin(z)) if np.isfinite(z).any() else 0.0
    data: list[dict] = [
        {
            "type": "surface",
            "x": surf.xs[::step].astype(np.float32),
            "y": surf.ys[::step].astype(np.float32),
            "z": z[::step, ::step].astype(np.float32),
            "colorscale": SURFACE_SCALE[theme],
            "showscale": False,
            "opacity": 0.8,
            "name": "f",
            "hoverinfo": "skip",
            "contours": {"z": {"show": True, "color": colours["edge"], "width": 1}},
        }
    ]
    for i, run in enumerate(result.runs):
        colour, dash, symbol = look(i, theme)
        heights = run.losses.astype(np.float64)
        if logged:
            heights = np.log10(1 + np.clip(heights - low, 0, None))
        data.append(
            {
                "type": "scatter3d",
                "x": run.points[:, 0].astype(np.float32),
                "y": run.points[:, 1].astype(np.float32),
                "z": (heights + lift).astype(np.float32),
                "mode": "lines+markers",
                "name": esc(run.label),
                "line": {"color": colour, "width": 9, "dash": _dash3d(dash)},
                "marker": {"size": 4, "color": colour, "symbol": _symbol3d(symbol)},
                "hovertemplate": f"{esc(run.label)}<br>(%{{x:.3g}}, %{{y:.3g}})<extra></extra>",
            }
        )
    z_title = "log₁₀(1 + f − min f)" if logged else "f(x, y)"
    # Few ticks, short numbers: the default crowds each 3-D axis with overlapping labels.
    axis = {
        "backgroundcolor": TRANSPARENT,
        "gridcolor": FAINT_GRID_3D,
        "nticks": 5,
        "tickformat": ".3~g",
    }
    return prepared(
        {
            "data": data,
            "layout": {
                "height": 600,
                "margin": {"l": 20, "r": 20, "t": 60, "b": 0},  # legend above, clear of the tools
                "paper_bgcolor": TRANSPARENT,
                "font": {"color": colours["text"]},
                "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
                "scene": {
                    "xaxis": {"title": {"text": "x"}, **axis},
                    "yaxis": {"title": {"text": "y"}, **axis},
                    "zaxis": {"title": {"text": z_title}, **axis},
                    "camera": {"eye": {"x": 1.05, "y": -1.35, "z": 0.75}},
                    "aspectmode": "manual",
                    "aspectratio": {"x": 1.1, "y": 1.1, "z": 0.7},
                },
            },
        }
    )


def _dash3d(dash: str) -> str:
    """scatter3d knows fewer dash styles than scatter."""
    return (
        dash if dash in ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot") else "dash"
    )


def _symbol3d(symbol: str) -> str:
    allowed = ("circle", "circle-open", "cross", "diamond", "diamond-open", "square", "x")
    return symbol if symbol in allowed else "circle"

"""Figures of the Training page: pure plotly, animated in the browser.

    regression_figure(x, y, fits, *, theme="light")   the fitted line epoch by epoch beside
                                                       the loss curve (one line per loop)
    boundary_figure(data, run, *, theme="light")      the classifier's P(class 1) over the plane
                                                       at each snapshot, the 50% boundary and
                                                       the points
    curves_figure(run, *, theme="light")              loss and accuracy per epoch

Animated figures open on their last frame (the trained model); ▶ Play replays from the start.
Classes and loops are told apart by marker shape and dash style as well as colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .animation import frame_duration, play_controls
from .gradient_descent import merged
from .labels import esc
from .prepared import PreparedFigure, prepared
from .style import (
    BLUE,
    FAINT_GRID,
    PROBABILITY_SCALE,
    TRANSPARENT,
    VERMILLION,
    shade,
    theme_colours,
)

ANIMATION_MS = 5000
_LOOP_LOOKS = {"manual": (VERMILLION, "solid", "circle"), "optimizer": (BLUE, "dash", "square")}
_LOOP_NAMES = {"manual": "by hand: w -= lr * w.grad", "optimizer": "torch.optim.SGD"}
_CLASS_LOOKS = ((BLUE, "circle"), (VERMILLION, "triangle-up"))  # colours as style.shade draws them


def frame_indices(count: int, max_frames: int) -> list[int]:
    """Up to max_frames indices from 0 to count - 1, evenly spread, first and last included."""
    k = max(1, min(count, max_frames))
    return sorted({round(v) for v in np.linspace(0, count - 1, k)})


def regression_figure(
    x: np.ndarray, y: np.ndarray, fits: Sequence[Any], *, theme: str = "light", max_frames: int = 40
) -> PreparedFigure:
    """Data and the line y = w·x + b at each epoch of each fit (left), loss per epoch (right)."""
    colours = theme_colours(theme)
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    epochs = max(len(f.ws) for f in fits) - 1
    shown = frame_indices(epochs + 1, max_frames)
    pad = 0.1 * (x.max() - x.min() or 1.0)
    ends = np.array([x.min() - pad, x.max() + pad], dtype=np.float64)
    data: list[dict] = [
        {
            "type": "scatter",
            "x": x.astype(np.float32),
            "y": y.astype(np.float32),
            "mode": "markers",
            "name": "data",
            "marker": {
                "size": 9,
                "color": colours["text"],
                "symbol": "circle-open",
                "line": {"width": 1.5},
            },
            "hovertemplate": "x = %{x:.3g}, y = %{y:.3g}<extra>data</extra>",
        }
    ]
    styles = []
    for fit in fits:
        colour, dash, symbol = _LOOP_LOOKS[fit.method]
        name = _LOOP_NAMES[fit.method]
        styles += [
            {
                "type": "scatter",
                "mode": "lines",
                "name": name,
                "legendgroup": fit.method,
                "line": {"color": shade(colour, theme), "dash": dash, "width": 3},
            },
            {
                "type": "scatter",
                "mode": "lines",
                "xaxis": "x2",
                "yaxis": "y2",
                "showlegend": False,
                "name": f"{name}: loss",
                "legendgroup": fit.method,
                "line": {"color": shade(colour, theme), "dash": dash, "width": 2.5},
                "hovertemplate": "epoch %{x}: loss %{y:.4g}<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "markers",
                "xaxis": "x2",
                "yaxis": "y2",
                "showlegend": False,
                "name": f"{name}: now",
                "legendgroup": fit.method,
                "marker": {"symbol": symbol, "size": 11, "color": colour},
                "hoverinfo": "skip",
            },
        ]
    frames_data = [_regression_state(fits, e, ends) for e in shown]
    first = len(data)
    indices = list(range(first, first + len(styles)))
    frames = [
        {
            "name": str(e),
            "data": d,
            "traces": indices,
            "layout": {"annotations": [_caption(_regression_caption(fits, e), colours)]},
        }
        for e, d in zip(shown, frames_data)
    ]
    data += [merged(s, c) for s, c in zip(styles, frames_data[-1])]
    losses = np.concatenate([f.losses for f in fits if len(f.losses)]) if fits else np.ones(1)
    losses = losses[np.isfinite(losses)]
    log_loss = losses.size > 0 and losses.min() > 0 and losses.max() / losses.min() > 50
    span = y.max() - y.min() or 1.0
    layout = _base_layout(colours, 470)
    layout.update(
        {
            "xaxis": {"domain": [0, 0.55], "title": {"text": "x"}, "range": ends.tolist(), **_GRID},
            "yaxis": {
                "title": {"text": "y"},
                "range": [y.min() - 0.3 * span, y.max() + 0.3 * span],
                **_GRID,
            },
            "xaxis2": {
                "domain": [0.65, 1],
                "title": {"text": "epoch"},
                "anchor": "y2",
                "range": [0, max(epochs, 1)],
                **_GRID,
            },
            "yaxis2": {
                "anchor": "x2",
                "title": {"text": "loss (MSE)" + (", log scale" if log_loss else "")},
                "type": "log" if log_loss else "linear",
                **({"dtick": 1, "exponentformat": "power"} if log_loss else {}),
                **_loss_range(losses, log_loss),
                **_GRID,
            },
            "annotations": [_caption(_regression_caption(fits, shown[-1]), colours)],
            **_controls(shown, colours, prefix="epochs done: "),
        }
    )
    return prepared({"data": data, "layout": layout, "frames": frames})


def _regression_state(fits: Sequence[Any], e: int, ends: np.ndarray) -> list[dict]:
    out = []
    for fit in fits:
        k = min(e, len(fit.ws) - 1)
        w, b = float(fit.ws[k]), float(fit.bs[k])
        line = (w * ends + b).astype(np.float32)
        n = min(k + 1, len(fit.losses))
        epochs = np.arange(n, dtype=np.int32)
        losses = fit.losses[:n].astype(np.float32)
        out += [
            {
                "type": "scatter",
                "x": ends.astype(np.float32),
                "y": line,
                "hovertemplate": f"w = {w:.4g}, b = {b:.4g}<extra></extra>",
            },
            {"type": "scatter", "x": epochs, "y": losses},
            {"type": "scatter", "x": epochs[-1:], "y": losses[-1:]},
        ]
    return out


def _regression_caption(fits: Sequence[Any], e: int) -> str:
    """Frame e shows w at the start of epoch e, as that epoch's printed line does; the frame
    after the last epoch is named by the epoch it follows, so the numbers match the print."""
    fit = fits[0]
    k = min(e, len(fit.ws) - 1)
    where = f"epoch {k}" if k < len(fit.losses) else f"after epoch {k - 1}, the last"
    text = f"{where}: w = {fit.ws[k]:.4f}"
    if fit.bias:
        text += f", b = {fit.bs[k]:.4f}"
    if k < len(fit.losses):
        text += f", loss = {fit.losses[k]:.4g}"
    return text


def boundary_figure(data: Any, run: Any, *, theme: str = "light") -> PreparedFigure:
    """P(class 1) on the plane at each snapshot (animated), the 50% boundary, and the points."""
    colours = theme_colours(theme)
    shots = run.snapshots
    gx, gy = run.grid_x.astype(np.float32), run.grid_y.astype(np.float32)
    traces: list[dict] = [
        {
            "type": "heatmap",
            "x": gx,
            "y": gy,
            "zmin": 0,
            "zmax": 100,
            "zsmooth": "best",
            "colorscale": PROBABILITY_SCALE[theme],
            "showscale": True,
            "name": "P(class 1)",
            "colorbar": {"title": {"text": "P(class 1) %"}, "thickness": 12, "len": 0.75},
            "hovertemplate": "(%{x:.2f}, %{y:.2f}): P(class 1) = %{z}%<extra></extra>",
        },
        {
            "type": "contour",
            "x": gx,
            "y": gy,
            "showscale": False,
            "name": "boundary (50%)",
            "contours": {"start": 50, "end": 50, "size": 1, "coloring": "none"},
            "line": {"color": colours["text"], "width": 2.5, "dash": "dash"},
            "hoverinfo": "skip",
            "showlegend": True,
        },
    ]
    for label, (colour, symbol) in enumerate(_CLASS_LOOKS):
        mask = data.y == label
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"class {label}",
                "x": data.X[mask, 0].astype(np.float32),
                "y": data.X[mask, 1].astype(np.float32),
                "marker": {
                    "symbol": symbol,
                    "size": 7,
                    "color": shade(colour, theme),
                    "line": {"color": colours["background"], "width": 0.8},
                },
                "hovertemplate": f"class {label}: (%{{x:.2f}}, %{{y:.2f}})<extra></extra>",
            }
        )
    # Whole percents as bytes: a 50 × 50 snapshot is 2.5 kB in the page, not 20 kB.
    percent = [np.rint(100 * np.nan_to_num(s.probs, nan=0.5)).astype(np.uint8) for s in shots]
    frames = [
        {
            "name": str(s.epoch),
            "data": [{"type": "heatmap", "z": p}, {"type": "contour", "z": p}],
            "traces": [0, 1],
            "layout": {"annotations": [_caption(_boundary_caption(s, run), colours)]},
        }
        for s, p in zip(shots, percent)
    ]
    traces[0]["z"] = percent[-1]
    traces[1]["z"] = percent[-1]
    epochs = [s.epoch for s in shots]
    layout = _base_layout(colours, 560)
    layout.update(
        {
            "xaxis": {
                "title": {"text": "x₁"},
                "range": [float(gx[0]), float(gx[-1])],
                "constrain": "domain",
                **_GRID,
            },
            "yaxis": {
                "title": {"text": "x₂"},
                "range": [float(gy[0]), float(gy[-1])],
                "scaleanchor": "x",
                "scaleratio": 1,
                "constrain": "domain",
                **_GRID,
            },
            "annotations": [_caption(_boundary_caption(shots[-1], run), colours)],
            **_controls(epochs, colours),
        }
    )
    return prepared({"data": traces, "layout": layout, "frames": frames})


def _boundary_caption(shot: Any, run: Any) -> str:
    if shot.epoch == 0:
        return f"before training: {100 * shot.accuracy:.0f}% right (random weights)"
    return f"after epoch {shot.epoch}: {100 * shot.accuracy:.1f}% of the points on the right side"


def curves_figure(run: Any, *, theme: str = "light") -> PreparedFigure:
    """Loss (left) and accuracy (right) per epoch."""
    colours = theme_colours(theme)
    epochs = np.arange(1, len(run.losses) + 1, dtype=np.int32)
    losses = run.losses.astype(np.float64)
    finite = losses[np.isfinite(losses)]
    log_loss = finite.size > 0 and finite.min() > 0 and finite.max() / finite.min() > 50
    data = [
        {
            "type": "scatter",
            "x": epochs,
            "y": losses.astype(np.float32),
            "mode": "lines",
            "name": "loss (cross-entropy)",
            "line": {"color": shade(VERMILLION, theme), "width": 2.5},
            "hovertemplate": "epoch %{x}: loss %{y:.4g}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": epochs,
            "y": (100 * run.accuracies).astype(np.float32),
            "mode": "lines",
            "xaxis": "x2",
            "yaxis": "y2",
            "name": "accuracy",
            "line": {"color": shade(BLUE, theme), "width": 2.5, "dash": "dash"},
            "hovertemplate": "epoch %{x}: %{y:.1f}% right<extra></extra>",
        },
    ]
    layout = _base_layout(colours, 330)
    layout["margin"] = {"l": 60, "r": 20, "t": 40, "b": 50}
    layout.update(
        {
            "xaxis": {"domain": [0, 0.45], "title": {"text": "epoch"}, **_GRID},
            "yaxis": {
                "title": {"text": "loss" + (" (log scale)" if log_loss else "")},
                "type": "log" if log_loss else "linear",
                **({"dtick": 1, "exponentformat": "power"} if log_loss else {}),
                **_GRID,
            },
            "xaxis2": {"domain": [0.55, 1], "title": {"text": "epoch"}, "anchor": "y2", **_GRID},
            "yaxis2": {"anchor": "x2", "title": {"text": "accuracy %"}, "range": [0, 102], **_GRID},
        }
    )
    return prepared({"data": data, "layout": layout})


# --- shared pieces ---------------------------------------------------------------------------

_GRID = {"gridcolor": FAINT_GRID, "zeroline": False}


def _base_layout(colours: dict, height: int) -> dict:
    return {
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 80, "b": 110},
        "paper_bgcolor": TRANSPARENT,
        "plot_bgcolor": TRANSPARENT,
        "font": {"color": colours["text"]},
        "hovermode": "closest",
        "legend": {"orientation": "h", "x": 0, "y": 1.1, "yanchor": "bottom"},
    }


def _loss_range(losses: np.ndarray, log: bool) -> dict:
    if losses.size == 0:
        return {}
    low, high = float(losses.min()), float(losses.max())
    if log:
        return {"range": [np.log10(low) - 0.2, np.log10(high) + 0.2]}
    pad = 0.06 * (high - low or 1.0)
    return {"range": [low - pad, high + pad]}


def _caption(text: str, colours: dict) -> dict:
    return {
        "text": f"<b>{esc(text)}</b>",
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 1.0,
        "xanchor": "left",
        "yanchor": "bottom",
        "yshift": 6,
        "showarrow": False,
        "font": {"size": 14, "color": colours["text"]},
    }


def _controls(epochs: Sequence[int], colours: dict, prefix: str = "epoch ") -> dict:
    duration = frame_duration(len(epochs), ANIMATION_MS)
    return play_controls(epochs, colours, prefix=prefix, duration=duration, y=-0.16, slider_y=-0.13)

"""Figures of the Tensors & VJP page: the Jacobian with v and vᵀJ, sum versus mean, and a
broadcast gradient summed back to its input's shape.

Heatmaps use a diverging Okabe–Ito scale centred on 0 (blue negative, vermillion positive) and
write every number in its cell, so nothing depends on telling colours apart.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .gradient_lab import chart_layout, series_colour, style_axes
from .labels import esc
from .style import BLUE, ORANGE, TRANSPARENT, VERMILLION, shade, theme_colours


def diverging(theme: str = "light") -> list[list[Any]]:
    """Blue (negative) to the background (zero) to vermillion (positive)."""
    middle = theme_colours(theme)["neutral"]
    return [[0.0, shade(BLUE, theme)], [0.5, middle], [1.0, shade(VERMILLION, theme)]]


def cell_text(value: float) -> str:
    """A number as it fits in a heatmap cell (nan/inf spelled out)."""
    if np.isnan(value):
        return "nan"
    if np.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.4g}"


def heatmap(
    z: np.ndarray,
    x: list[str],
    y: list[str],
    theme: str,
    name: str,
    hover: str,
    bound: float | None = None,
) -> go.Heatmap:
    """A labelled heatmap, symmetric around 0 (±`bound`, default the largest |value|),
    non-finite cells left blank but labelled."""
    z = np.atleast_2d(np.asarray(z, dtype=np.float64))
    bound = bound or largest(z) or 1.0
    return go.Heatmap(
        z=np.where(np.isfinite(z), z, np.nan).tolist(),
        x=x,
        y=y,
        text=[[cell_text(v) for v in row] for row in z],
        texttemplate="%{text}",
        textfont={"size": 13},
        colorscale=diverging(theme),
        zmin=-bound,
        zmax=bound,
        showscale=False,
        xgap=2,
        ygap=2,
        name=name,
        hovertemplate=hover + "<extra></extra>",
    )


def largest(*arrays: np.ndarray) -> float:
    """The largest finite |value| in the arrays (0 if there is none)."""
    finite = [np.abs(a[np.isfinite(a)]) for a in map(np.asarray, arrays)]
    return max((float(f.max()) for f in finite if f.size), default=0.0)


def jacobian_figure(demo: Any, theme: str = "light") -> go.Figure:
    """v beside J (rows yᵢ, columns xⱼ), and vᵀJ under J, for an playground.tensors_vjp.VJPDemo."""
    c = theme_colours(theme)
    m, n = demo.jacobian.shape
    rows = [esc(s) for s in demo.y_labels]
    cols = [esc(s) for s in demo.x_labels]
    fig = make_subplots(
        rows=2,
        cols=2,
        column_widths=[1.0, float(n)],
        row_heights=[float(m), 1.0],
        horizontal_spacing=0.03,
        vertical_spacing=0.08 if m < 6 else 0.05,
        subplot_titles=("v", "J = ∂y/∂x", "", ""),
    )
    fig.update_annotations(font={"size": 14, "color": c["text"]}, yshift=24)
    fig.add_trace(
        heatmap(demo.v.reshape(-1, 1), ["v"], rows, theme, "v", "v at %{y} = %{text}"),
        row=1,
        col=1,
    )
    fig.add_trace(
        heatmap(demo.jacobian, cols, rows, theme, "J", "∂%{y}/∂%{x} = %{text}"),
        row=1,
        col=2,
    )
    fig.add_trace(
        heatmap(demo.vjp.reshape(1, -1), cols, ["vᵀJ"], theme, "vᵀJ", "vᵀJ at %{x} = %{text}"),
        row=2,
        col=2,
    )
    picked = np.flatnonzero(demo.v.reshape(-1) != 0)
    if picked.size == 1:  # one-hot v: vᵀJ is exactly that row of J
        i = int(picked[0])
        fig.add_shape(
            type="rect",
            x0=-0.5,
            x1=n - 0.5,
            y0=i - 0.5,
            y1=i + 0.5,
            row=1,
            col=2,
            line={"color": c["outline"], "width": 3, "dash": "dash"},
            fillcolor=TRANSPARENT,
        )
    height = 130 + 46 * (m + 1)
    fig.update_layout(
        **chart_layout(theme, height=max(300, height), margin={"l": 70, "r": 20, "t": 70, "b": 20})
    )
    style_axes(fig, theme)
    fig.update_xaxes(ticks="", showline=False, zeroline=False)
    fig.update_yaxes(ticks="", showline=False, zeroline=False)
    fig.update_xaxes(side="top", showgrid=False, row=1, col=2)
    fig.update_xaxes(showgrid=False, showticklabels=False, row=2, col=2)
    fig.update_xaxes(showgrid=False, showticklabels=False, row=1, col=1)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_yaxes(showticklabels=False, row=1, col=2)
    return fig


def reduction_figure(demo: Any, labels: list[str], theme: str = "light") -> go.Figure:
    """x.grad after y.sum().backward() beside x.grad after y.mean().backward()."""
    c = theme_colours(theme)
    names = [esc(s) for s in labels]
    fig = go.Figure()
    for values, name, colour, pattern in (
        (demo.grad_sum, "y.sum().backward()", series_colour(BLUE, theme), ""),
        (
            demo.grad_mean,
            f"y.mean().backward()  (÷ N = {demo.n})",
            series_colour(ORANGE, theme),
            "/",
        ),
    ):
        flat = np.asarray(values, dtype=np.float64).reshape(-1)
        fig.add_trace(
            go.Bar(
                x=names,
                y=np.where(np.isfinite(flat), flat, np.nan).tolist(),
                name=esc(name),
                text=[cell_text(v) for v in flat],
                textposition="outside",
                marker={
                    "color": colour,
                    "pattern": {"shape": pattern, "fgcolor": c["text"]},
                    "line": {"color": c["outline"], "width": 1},
                },
                hovertemplate=f"{esc(name)}<br>%{{x}}.grad = %{{text}}<extra></extra>",
            )
        )
    fig.update_layout(
        **chart_layout(
            theme,
            height=340,
            barmode="group",
            bargap=0.3,
            yaxis_title="x.grad",
            margin={"l": 60, "r": 20, "t": 50, "b": 40},
        )
    )
    style_axes(fig, theme)
    return fig


def broadcast_figure(demo: Any, theme: str = "light") -> go.Figure:
    """The gradient arriving for b (shape of M * b) and, after the sum back, b.grad."""
    c = theme_colours(theme)
    big = np.atleast_2d(demo.arriving)
    small = _as_grid(demo.b_grad, demo.b_shape)
    dims = ", ".join(map(str, demo.summed_dims))
    bound = largest(big, small)  # one scale: the sum is visibly bigger than its parts
    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[3.0, 3.0],
        horizontal_spacing=0.24,
        subplot_titles=(
            f"gradient arriving for b, shape {_shape(big.shape)}",
            f"b.grad, shape {_shape(demo.b_shape)}",
        ),
    )
    fig.add_trace(
        heatmap(
            big,
            [f"col {j}" for j in range(big.shape[1])],
            [f"row {i}" for i in range(big.shape[0])],
            theme,
            "arriving",
            "%{y}, %{x}: %{text}",
            bound,
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        heatmap(
            small,
            [f"col {j}" for j in range(small.shape[1])],
            [f"row {i}" for i in range(small.shape[0])],
            theme,
            "b.grad",
            "b.grad %{y}, %{x}: %{text}",
            bound,
        ),
        row=1,
        col=2,
    )
    fig.update_annotations(font={"color": c["text"], "size": 13})  # the subplot titles
    label = f"sum over dim {dims}" if dims else "same shape:<br>nothing to sum"
    fig.add_annotation(
        x=0.585,
        y=0.5,
        ax=-64,
        ay=0,
        xref="paper",
        yref="paper",
        axref="pixel",
        ayref="pixel",
        showarrow=True,
        arrowhead=3,
        arrowsize=1.4,
        arrowwidth=2.5,
        arrowcolor=c["gradient"],
        text="",
    )
    fig.add_annotation(
        x=0.5,
        y=0.56,
        xref="paper",
        yref="paper",
        yanchor="bottom",
        showarrow=False,
        text=label,
        font={"color": c["gradient"], "size": 14},
    )
    fig.update_layout(
        **chart_layout(theme, height=310, margin={"l": 60, "r": 20, "t": 50, "b": 40})
    )
    style_axes(fig, theme)
    fig.update_xaxes(showgrid=False, ticks="", showline=False, zeroline=False)
    fig.update_yaxes(showgrid=False, ticks="", showline=False, zeroline=False)
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    # Cells of b.grad as big as those of the arriving gradient, centred beside them.
    (rows, cols), (r, k) = big.shape, small.shape
    fig.update_yaxes(
        range=[(r - 1) / 2 + rows / 2, (r - 1) / 2 - rows / 2], showticklabels=False, row=1, col=2
    )
    fig.update_xaxes(range=[(k - 1) / 2 - cols / 2, (k - 1) / 2 + cols / 2], row=1, col=2)
    return fig


def _as_grid(values: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """A value of shape (), (n,), (1, n) or (m, n) as the 2-D grid it is drawn as."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 0:
        return array.reshape(1, 1)
    if array.ndim == 1:
        return array.reshape(1, -1)
    return array


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"

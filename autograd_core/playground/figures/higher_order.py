"""Figures of the Higher-order page: f, f′, f″, f‴ over a range, and a 2×2 Hessian.

The curves are stacked panels sharing the x axis rather than one plot: f and f‴ can differ by
orders of magnitude, and each panel gets a scale that shows its own shape. Each derivative also
has its own dash and name, so the panels can be told apart without colour.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..graph import layout
from .gradient_lab import chart_layout, series_colour, style_axes
from .graph_figure import graph_figure
from .labels import esc
from .prepared import PreparedFigure, prepared, with_layout
from .style import BLUE, GREEN, ORANGE, PURPLE, TRANSPARENT, theme_colours
from .tensors_vjp import cell_text, diverging, largest

CURVE_STYLE = ((BLUE, "solid"), (ORANGE, "dash"), (GREEN, "dot"), (PURPLE, "dashdot"))
NAMES = ("f(x)", "f′(x)", "f″(x)", "f‴(x)")
_TITLE_CHARS = 60


def short(text: str, n: int = _TITLE_CHARS) -> str:
    """Long expressions cut for a title (the page shows them whole elsewhere)."""
    return text if len(text) <= n else text[: n - 1] + "…"


def robust_range(values: np.ndarray) -> list[float] | None:
    """A y range that is not flattened by a few huge values (1/x near 0, tan near π/2), or None
    to let plotly choose when the values are tame."""
    finite = values[np.isfinite(values)]
    if finite.size < 5:
        return None
    lo, hi = np.percentile(finite, [2, 98])
    full = float(finite.max() - finite.min())
    if hi - lo <= 0 or full <= 20 * float(hi - lo):
        return None
    pad = 0.15 * float(hi - lo)
    return [float(lo) - pad, float(hi) + pad]


def curves_figure(
    curves: Any, x0: float | None = None, point: Any = None, theme: str = "light"
) -> go.Figure:
    """f and its derivatives (playground.higher_order.DerivativeCurves), one panel each; the
    values at x0 (a PointDerivatives) marked on every panel."""
    c = theme_colours(theme)
    count = len(curves.curves)
    titles = [f"f(x) = {esc(short(curves.expression))}", *NAMES[1:count]]
    fig = make_subplots(
        rows=count, cols=1, shared_xaxes=True, vertical_spacing=0.06, subplot_titles=titles
    )
    xs = curves.xs.tolist()
    clipped = False
    inside = point is not None and x0 is not None and curves.xs[0] <= x0 <= curves.xs[-1]
    for k, ys in enumerate(curves.drawn):
        colour, dash = CURVE_STYLE[k]
        colour = series_colour(colour, theme)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=np.where(np.isfinite(ys), ys, np.nan).tolist(),
                mode="lines",
                name=NAMES[k],
                line={"color": colour, "dash": dash, "width": 2.5},
                hovertemplate=f"{NAMES[k][:-3]}(%{{x:.4g}}) = %{{y:.6g}}<extra></extra>",
                connectgaps=False,
            ),
            row=k + 1,
            col=1,
        )
        span = robust_range(ys)
        if span is not None:
            clipped = True
            fig.update_yaxes(range=span, row=k + 1, col=1)
        if inside and k < len(point.values):
            value = point.values[k]
            if np.isfinite(value):
                fig.add_trace(
                    go.Scatter(
                        x=[x0],
                        y=[value],
                        mode="markers+text",
                        showlegend=False,
                        marker={
                            "symbol": "circle",
                            "size": 10,
                            "color": colour,
                            "line": {"color": c["outline"], "width": 1.5},
                        },
                        text=[f"{cell_text(value)}"],
                        textposition="middle right",
                        textfont={"color": c["text"], "size": 12},
                        hovertemplate=f"{NAMES[k][:-3]}({x0:.4g}) = {cell_text(value)}"
                        "<extra></extra>",
                    ),
                    row=k + 1,
                    col=1,
                )
    if inside:
        fig.add_vline(x=x0, line={"color": c["edge"], "dash": "dot", "width": 1.5})
    fig.update_layout(
        **chart_layout(
            theme,
            height=170 * count + 60,
            showlegend=False,
            margin={"l": 60, "r": 30, "t": 40, "b": 40},
        )
    )
    style_axes(fig, theme)
    fig.update_annotations(font={"size": 14, "color": c["text"]}, xanchor="left", x=0)
    fig.update_xaxes(title_text="x", row=count, col=1)
    if clipped:
        fig.add_annotation(
            text="some values are off the scale",
            xref="paper",
            yref="paper",
            x=1,
            y=-0.06,
            xanchor="right",
            showarrow=False,
            font={"size": 11, "color": c["edge"]},
        )
    return fig


def hessian_figure(result: Any, theme: str = "light") -> go.Figure:
    """H[i][j] = ∂²f/∂vᵢ∂vⱼ of an playground.higher_order.HessianResult, each cell named."""
    a, b = (esc(n) for n in result.names)
    symbols = [[f"∂²f/∂{a}²", f"∂²f/∂{a}∂{b}"], [f"∂²f/∂{b}∂{a}", f"∂²f/∂{b}²"]]
    h = result.hessian
    bound = largest(h) or 1.0
    text = [[f"{symbols[i][j]}<br><b>{cell_text(h[i, j])}</b>" for j in range(2)] for i in range(2)]
    fig = go.Figure(
        go.Heatmap(
            z=np.where(np.isfinite(h), h, np.nan).tolist(),
            x=[a, b],
            y=[a, b],
            text=text,
            texttemplate="%{text}",
            textfont={"size": 15},
            colorscale=diverging(theme),
            zmin=-bound,
            zmax=bound,
            showscale=False,
            xgap=3,
            ygap=3,
            hovertemplate="%{text}<extra></extra>",
        )
    )
    fig.update_layout(
        **chart_layout(theme, height=330, margin={"l": 40, "r": 20, "t": 30, "b": 20})
    )
    plain = {"showgrid": False, "ticks": "", "showline": False, "zeroline": False}
    fig.update_xaxes(side="top", tickfont={"size": 14}, **plain)
    fig.update_yaxes(autorange="reversed", tickfont={"size": 14}, **plain)
    return fig


def derivative_graph_figure(graph: Any, theme: str = "light") -> PreparedFigure:
    """The graph of y and dy/dx (from derivatives.derivative_graph), drawn by graph_figure on
    the page's own background like this module's other charts."""
    fig = graph_figure(graph, layout(graph), theme=theme)
    return with_layout(prepared(fig), paper_bgcolor=TRANSPARENT, plot_bgcolor=TRANSPARENT)

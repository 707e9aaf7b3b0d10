"""The Gradient Lab's timeline: every leaf's `.grad` after each action, as a plotly figure.

What a learner must be able to read at a glance, without relying on colour:

- a number (filled marker on the line) versus `None` (a hollow marker in the strip labelled
  "None" under the chart: `.grad = None` and `.grad == 0` are different things);
- which leaf a line is (its own marker shape, dash and a label at the end of the line);
- where an action failed (a dotted vertical rule and a ✗ with the error's type).

Also `chart_layout`, the axes and colours shared by this package's other small charts.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .labels import esc
from .style import BLUE, GREEN, ORANGE, PURPLE, TRANSPARENT, shade, theme_colours

# Per series: colour, marker symbol, dash. Okabe–Ito colours, and shape + dash as well.
SERIES_STYLE = (
    (BLUE, "circle", "solid"),
    (ORANGE, "square", "dash"),
    (PURPLE, "diamond", "dot"),
)
INTERMEDIATE_STYLE = (GREEN, "star", "dashdot")


def series_colour(colour: str, theme: str) -> str:
    """A series' colour as drawn in `theme` (see style.shade)."""
    return shade(colour, theme)


def chart_layout(theme: str = "light", **extra: Any) -> dict[str, Any]:
    """Background, fonts and grid for `theme` ("light" or "dark"), plus `extra` settings."""
    c = theme_colours(theme)
    axis = {"gridcolor": c["grid"], "zerolinecolor": c["edge"], "linecolor": c["edge"]}
    layout = {
        "paper_bgcolor": TRANSPARENT,
        "plot_bgcolor": TRANSPARENT,
        "font": {"color": c["text"], "size": 13},
        "margin": {"l": 60, "r": 30, "t": 40, "b": 50},
        "hoverlabel": {"bgcolor": c["hover"], "font": {"color": c["text"]}},
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "xaxis": dict(axis),
        "yaxis": dict(axis),
    }
    layout.update(extra)
    return layout


def style_axes(fig: go.Figure, theme: str = "light") -> None:
    """Give every axis of a (sub)plot figure the theme's grid colours."""
    c = theme_colours(theme)
    grid = c["grid"]
    fig.update_xaxes(gridcolor=grid, zerolinecolor=c["edge"], linecolor=c["edge"])
    fig.update_yaxes(gridcolor=grid, zerolinecolor=c["edge"], linecolor=c["edge"])


def timeline_figure(report: Any, theme: str = "light") -> go.Figure:
    """Each leaf's .grad after every event of a lab report (playground.gradient_lab.LabReport)."""
    c = theme_colours(theme)
    events = report.events
    leaves = list(report.leaves)
    steps = [e.index for e in events]
    ticks = [f"{e.index}<br>{esc(e.label)}" for e in events]
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.82, 0.18], vertical_spacing=0.04
    )
    series: list[tuple[str, list[float | None], tuple[str, str, str]]] = [
        (f"{name}.grad", [e.grads[name] for e in events], SERIES_STYLE[i % len(SERIES_STYLE)])
        for i, name in enumerate(leaves)
    ]
    inter = [e.intermediate_grad for e in events]
    if any(g is not None for g in inter):
        name = report.computation.intermediate
        series.append((f"{name}.grad (retain_grad)", inter, INTERMEDIATE_STYLE))
    hover = [_hover(e) for e in events]
    for name, values, (colour, symbol, dash) in series:
        colour = series_colour(colour, theme)
        fig.add_trace(
            go.Scatter(
                x=steps,
                y=values,
                mode="lines+markers",
                name=esc(name),
                line={"color": colour, "dash": dash, "width": 2.5},
                marker={
                    "symbol": symbol,
                    "size": 11,
                    "color": colour,
                    "line": {"color": c["outline"], "width": 1},
                },
                connectgaps=False,
                customdata=hover,
                hovertemplate=f"<b>{esc(name)}</b> = %{{y:.6g}}<br>%{{customdata}}<extra></extra>",
                legendgroup=name,
            ),
            row=1,
            col=1,
        )
        nones = [s for s, v in zip(steps, values) if v is None]
        fig.add_trace(
            go.Scatter(
                x=nones,
                y=[esc(name)] * len(nones),
                mode="markers",
                name=f"{esc(name)} is None",
                marker={
                    "symbol": f"{symbol}-open",
                    "size": 11,
                    "color": colour,
                    "line": {"width": 2},
                },
                hovertemplate=f"<b>{esc(name)}</b> is None<extra></extra>",
                legendgroup=name,
                showlegend=False,
            ),
            row=2,
            col=1,
        )
        _end_label(fig, name, steps, values, colour)
    for e in events:
        if e.error:
            kind = e.error.split(":", 1)[0]
            fig.add_vline(x=e.index, line={"color": c["gradient"], "dash": "dot", "width": 2})
            fig.add_annotation(
                x=e.index,
                y=1.0,
                xref="x",
                yref="paper",
                yanchor="bottom",
                showarrow=False,
                text=f"✗ {esc(kind)}",
                font={"color": c["gradient"], "size": 12},
            )
    fig.update_layout(
        **chart_layout(
            theme,
            height=440,
            hovermode="closest",
            showlegend=True,
            margin={"l": 70, "r": 90, "t": 60, "b": 70},
        )
    )
    style_axes(fig, theme)
    fig.update_xaxes(zeroline=False, range=_x_range(steps), tickvals=steps)
    fig.update_xaxes(ticktext=ticks, tickfont={"size": 11}, row=2, col=1)
    fig.update_xaxes(showticklabels=False, row=1, col=1)
    fig.update_yaxes(title_text="value of .grad", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(
        title_text="None",
        type="category",
        row=2,
        col=1,
        categoryorder="array",
        categoryarray=[esc(n) for n, _, _ in reversed(series)],
        showticklabels=False,
    )
    return fig


def _x_range(steps: list[int]) -> list[float]:
    return [min(steps) - 0.4, max(steps) + 0.6]


def _end_label(fig: go.Figure, name: str, steps: list[int], values: list, colour: str) -> None:
    """The series' name at its last number, so a line is named where the eye ends."""
    last = next(((s, v) for s, v in zip(reversed(steps), reversed(values)) if v is not None), None)
    if last is None:
        return
    fig.add_annotation(
        x=last[0],
        y=last[1],
        xref="x",
        yref="y",
        text=esc(name.split(" ")[0]),
        showarrow=False,
        xanchor="left",
        xshift=10,
        font={"color": colour, "size": 12},
    )


def _hover(event: Any) -> str:
    code = "<br>".join(esc(line) for line in event.code[-3:])
    text = f"step {event.index}: {code}"
    if event.error:
        text += f"<br><b>{esc(_shorten(event.error))}</b>"
    return text


def _shorten(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"

"""A still picture of a figure, as SVG the browser draws at once: what a page shows in a chart's
place until plotly.js has loaded and draws the chart itself.

plotly.js is several megabytes of script. The first time a browser opens a page with a chart, it
spends seconds loading and starting it (more on a slow laptop), and until then the chart's place
stays blank; for a shared link to the Graph Explorer that blank is the graph, the one picture the
learner came for. A graph figure is only lines, filled outlines, small symbols and words on axes
locked at one pixel per unit (figures/graph_figure.py), so the same picture can be written as SVG
here, on the server, from the figure's own spec; the page puts it where the chart will be and
takes it away once the chart is drawn (ui/graph_explorer/layout.py). It is a picture only:
hovering, clicking a node, dragging and replay arrive with the chart a moment later.

    >>> spec = {"data": [{"type": "scatter", "mode": "text", "x": [0], "y": [0],
    ...                   "text": ["<b>x</b> = 2"], "textfont": {"size": 12}}],
    ...         "layout": {"xaxis": {"range": [-50, 50]}, "yaxis": {"range": [-10, 10]},
    ...                    "height": 60, "margin": {"l": 4, "r": 4, "t": 34, "b": 4}}}
    >>> '<tspan font-weight="bold">x</tspan> = 2' in still_svg(spec)
    True

Only what the graph figures use is drawn: scatter traces of lines (gaps at None), outlines filled
"toself", markers (square, hexagon, diamond, circle and arrows that point along their line) and
words in plotly's small HTML (<b>, <i>, <span style="color:...">, <br>). Anything else in a figure
is left out of the still, and a figure too big to be worth it gets none (None).
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Iterator, Sequence
from typing import Any

# plotly.js's own font, so that the words take the room the layout measured for them.
FONT = "'Open Sans', verdana, arial, sans-serif"
# How much of the graph, in px, the still keeps to the left (or each side) of the view's anchor:
# wider than any screen, so the browser fits the picture by its height, as plotly does.
SPAN = 8000
# Beyond this many points the still would be a large first message for a picture seen for a
# second or two: the chart alone is sent.
MAX_POINTS = 12_000
# plotly.js's dash patterns at a line width of 1.6 (its `dash` names, in px).
_DASHES = {"dash": "9,9", "dot": "3,3", "dashdot": "9,3,3,3", "longdash": "15,9"}
_TAG = re.compile(r"<(/?)(b|i|span|br)\b([^>]*)>", re.IGNORECASE)
_COLOUR = re.compile(r"color:\s*([#\w(),.\s]+?)\s*(?:[;\"']|$)")


def still_svg(spec: dict[str, Any]) -> str | None:
    """The figure `spec` (plotly's JSON: data and layout) as an HTML fragment holding an SVG
    picture of its plot area, as tall as the chart will be; None when there is nothing to draw or
    too much."""
    layout = spec.get("layout") or {}
    traces = [t for t in spec.get("data") or () if _drawn(t)]
    if not traces or sum(len(_values(t.get("x"))) for t in traces) > MAX_POINTS:
        return None
    x_range = (layout.get("xaxis") or {}).get("range")
    y_range = (layout.get("yaxis") or {}).get("range")
    if not x_range or not y_range:
        return None
    margin = {"l": 80, "r": 80, "t": 100, "b": 80} | (layout.get("margin") or {})
    height = float(layout.get("height") or 450)
    plot_height = height - margin["t"] - margin["b"]
    toward = (layout.get("xaxis") or {}).get("constraintoward", "center")
    anchor_x = x_range[1] if toward == "right" else (x_range[0] + x_range[1]) / 2
    left = anchor_x - (SPAN if toward == "right" else SPAN / 2)
    box = f"{left:.1f} {-y_range[1]:.1f} {SPAN:g} {y_range[1] - y_range[0]:.1f}"
    align = "xMaxYMid" if toward == "right" else "xMidYMid"
    body = "".join(part for trace in traces for part in _trace(trace))
    picture = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="100%" viewBox="{box}" '
        f'preserveAspectRatio="{align} slice" font-family="{FONT}">{body}</svg>'
    )
    # An image, not SVG in the page: Streamlit's HTML element keeps only HTML's own tags.
    return (
        f'<div class="chart-still" aria-hidden="true" style="position:relative;'
        f'height:{height:.0f}px;background:{layout.get("paper_bgcolor", "transparent")}">'
        f"{_legend(spec.get('data') or (), layout)}"
        f'<img alt="" src="{_data_uri(picture)}" style="position:absolute;left:{margin["l"]}px;'
        f"top:{margin['t']}px;width:calc(100% - {margin['l'] + margin['r']}px);"
        f'height:{plot_height:.0f}px"></div>'
    )


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _drawn(trace: dict[str, Any]) -> bool:
    return (
        trace.get("type", "scatter") == "scatter"
        and trace.get("visible", True) is True
        and float(trace.get("opacity", 1)) > 0
        and not (  # invisible markers only: the chart's hover and click targets
            trace.get("mode") == "markers"
            and float((trace.get("marker") or {}).get("opacity", 1)) == 0
        )
        and len(_values(trace.get("x"))) > 0
    )


def _values(column: Any) -> list:
    return [] if column is None else list(column)


def _trace(trace: dict[str, Any]) -> Iterator[str]:
    xs, ys = _values(trace.get("x")), [_flip(y) for y in _values(trace.get("y"))]
    mode = trace.get("mode", "lines+markers")
    opacity = float(trace.get("opacity", 1))
    yield f'<g opacity="{opacity:g}">' if opacity < 1 else "<g>"
    if "lines" in mode:
        yield _lines(xs, ys, trace)
    if "markers" in mode:
        yield from _markers(xs, ys, trace.get("marker") or {})
    if "text" in mode:
        yield from _words(xs, ys, trace)
    yield "</g>"


def _flip(y: float | None) -> float | None:
    """SVG's y grows downward, the figure's upward."""
    return None if y is None else -y


def _pieces(xs: Sequence, ys: Sequence) -> Iterator[list[tuple[float, float]]]:
    """The runs of points between gaps (None), as plotly draws a line with gaps."""
    run: list[tuple[float, float]] = []
    for x, y in zip(xs, ys):
        if x is None or y is None or not (math.isfinite(x) and math.isfinite(y)):
            if run:
                yield run
            run = []
        else:
            run.append((x, y))
    if run:
        yield run


def _lines(xs: Sequence, ys: Sequence, trace: dict[str, Any]) -> str:
    line = trace.get("line") or {}
    filled = trace.get("fill") == "toself"
    close = "Z" if filled else ""
    path = "".join(
        "M" + "L".join(f"{x:.0f},{y:.0f}" for x, y in run) + close for run in _pieces(xs, ys)
    )
    dash = _DASHES.get(line.get("dash", ""), "")
    return (
        f'<path d="{path}" fill="{trace.get("fillcolor", "none") if filled else "none"}" '
        f'stroke="{line.get("color", "#444")}" stroke-width="{line.get("width", 2)}"'
        + (f' stroke-dasharray="{dash}"' if dash else "")
        + ' stroke-linejoin="round"/>'
    )


def _markers(xs: Sequence, ys: Sequence, marker: dict[str, Any]) -> Iterator[str]:
    symbol = marker.get("symbol", "circle")
    sizes = marker.get("size", 6)
    outline = marker.get("line") or {}
    yield (  # one paint for the trace's markers (a graph has hundreds of arrows)
        f'<g fill="{marker.get("color", "#444")}" stroke="{outline.get("color", "none")}" '
        f'stroke-width="{outline.get("width", 0)}">'
    )
    previous = None
    for k, (x, y) in enumerate(zip(xs, ys)):
        size = sizes[k] if isinstance(sizes, list | tuple) else sizes
        if x is None or y is None:
            previous = None
            continue
        if size and symbol == "arrow" and previous is not None:
            # pointing along the line from the point before, as angleref="previous" does
            angle = math.degrees(math.atan2(y - previous[1], x - previous[0]))
            yield (
                f'<path d="{_shape("arrow", size / 2)}" '
                f'transform="translate({x:.1f},{y:.1f}) rotate({angle:.1f})"/>'
            )
        elif size and symbol != "arrow":
            yield f'<path d="{_shape(symbol, size / 2)}" transform="translate({x:.1f},{y:.1f})"/>'
        previous = (x, y)
    yield "</g>"


def _shape(symbol: str, r: float) -> str:
    """The outline of a marker of radius `r` around (0, 0)."""
    if symbol == "arrow":  # a head pointing along +x, its tip at the point
        return f"M0,0L{-1.4 * r:.1f},{-0.7 * r:.1f}L{-1.4 * r:.1f},{0.7 * r:.1f}Z"
    if symbol == "square":
        return f"M{-r:.1f},{-r:.1f}H{r:.1f}V{r:.1f}H{-r:.1f}Z"
    if symbol == "diamond":
        return f"M0,{-r * 1.3:.1f}L{r * 1.3:.1f},0L0,{r * 1.3:.1f}L{-r * 1.3:.1f},0Z"
    if symbol == "hexagon":
        corners = (
            (r * 1.1 * math.sin(a), -r * 1.1 * math.cos(a))
            for a in (k * math.pi / 3 for k in range(6))
        )
        return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in corners) + "Z"
    return f"M{r:.1f},0A{r:.1f},{r:.1f} 0 1,1 0,{-r:.1f}A{r:.1f},{r:.1f} 0 0,1 {r:.1f},0Z"


def _words(xs: Sequence, ys: Sequence, trace: dict[str, Any]) -> Iterator[str]:
    texts = trace.get("text")
    font = trace.get("textfont") or {}
    size = float(font.get("size", 12))
    yield (  # one font for the trace's words
        f'<g font-size="{size:g}" fill="{font.get("color", "#444")}" text-anchor="middle" '
        'dominant-baseline="central">'
    )
    for k, (x, y) in enumerate(zip(xs, ys)):
        text = texts[k] if isinstance(texts, list | tuple) else texts
        if x is None or y is None or not text:
            continue
        lines = _rich_lines(str(text))
        top = y - (len(lines) - 1) * size * 1.3 / 2
        for n, spans in enumerate(lines):
            yield f'<text x="{x:.1f}" y="{top + n * size * 1.3:.1f}">{spans}</text>'
    yield "</g>"


def _rich_lines(text: str) -> list[str]:
    """plotly's rich text as SVG tspans, one string per line: <b>, <i> and coloured <span>
    become attributes; every word is escaped again (the figure's text is already escaped HTML,
    and anything else in it is left out)."""
    lines, out, open_tags = [], [], 0
    at = 0
    for match in [*_TAG.finditer(text), None]:
        end = match.start() if match else len(text)
        if end > at:
            out.append(html.escape(html.unescape(text[at:end]), quote=False))
        if match is None:
            break
        at = match.end()
        closing, tag, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if tag == "br":
            out.append("</tspan>" * open_tags)
            lines.append("".join(out))
            out, open_tags = [], 0
        elif closing:
            if open_tags:
                out.append("</tspan>")
                open_tags -= 1
        else:
            colour = _COLOUR.search(attributes) if tag == "span" else None
            style = {
                "b": 'font-weight="bold"',
                "i": 'font-style="italic"',
                "span": f'fill="{html.escape(colour.group(1))}"' if colour else "",
            }[tag]
            out.append(f"<tspan {style}>" if style else "<tspan>")
            open_tags += 1
    out.append("</tspan>" * open_tags)
    lines.append("".join(out))
    return lines


def _legend(data: Sequence[dict[str, Any]], layout: dict[str, Any]) -> str:
    """The legend's row above the plot, as the chart will show it: a symbol and a name for each
    trace with points that is not kept out of the legend."""
    entries = []
    for trace in data:
        if trace.get("showlegend", True) is False or not _values(trace.get("x")):
            continue
        marker = trace.get("marker") or {}
        if "markers" in trace.get("mode", ""):
            outline = marker.get("line") or {}
            sample = _sample(
                14,
                f'<path d="{_shape(marker.get("symbol", "circle"), 5)}" '
                f'transform="translate(7,7)" fill="{marker.get("color", "#444")}" '
                f'stroke="{outline.get("color", "none")}" '
                f'stroke-width="{outline.get("width", 0)}"/>',
            )
        else:
            line = trace.get("line") or {}
            dash = _DASHES.get(line.get("dash", ""), "")
            sample = _sample(
                30,
                f'<path d="M0,7H30" stroke="{line.get("color", "#444")}" '
                f'stroke-width="{line.get("width", 2)}"'
                + (f' stroke-dasharray="{dash}"' if dash else "")
                + "/>",
            )
        entries.append(
            f'<span style="display:inline-flex;align-items:center;gap:10px;margin-right:30px">'
            f"{sample}{html.escape(str(trace.get('name', '')), quote=False)}</span>"
        )
    if not entries:
        return ""
    colour = ((layout.get("font") or {}).get("color")) or "#444"
    return (
        f'<div style="position:absolute;left:16px;top:9px;font:12px {FONT};color:{colour}">'
        + "".join(entries)
        + "</div>"
    )


def _sample(width: int, path: str) -> str:
    """A legend entry's symbol or line, 14 px high."""
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="14">{path}</svg>'
    return f'<img alt="" width="{width}" height="14" src="{_data_uri(svg)}">'

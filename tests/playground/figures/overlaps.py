"""Read a graph figure back as rectangles and lines, and find what collides.

Every word the figure writes becomes a rectangle (its width measured as the browser measures it,
graph.text_size; its height one line), every box its outline's rectangle, every edge its
polyline. `collisions` lists each pair of words that overlap, each word that spills out of its
box or sits on another, and each edge that runs through a box or a word: what a learner would
see as a mess. The browser tests check the same thing on the rendered SVG.
"""

from __future__ import annotations

import base64
import html
import re
from itertools import combinations, pairwise
from typing import Any

import numpy as np

from autograd_core.playground.graph.text_size import LINE, text_width

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1
TEXT_TRACES = (
    "names",
    "values",
    "node gradients",
    "cut labels",
    "edge gradients",
    "module names",
    "gradients",
    "step numbers",
)
BOX_TRACES = ("leaf boxes", "result boxes", "constant boxes")
_TAG = re.compile(r"<[^>]+>")


def _array(values: Any) -> list:
    """A trace's x or y as a list: plotly sends NumPy arrays as base64 typed arrays."""
    if isinstance(values, dict) and "bdata" in values:
        data = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
        return [None if np.isnan(v) else float(v) for v in data]
    if values is None:
        return []
    return [None if v is None or (isinstance(v, float) and v != v) else v for v in values]


def _plain(text: str) -> tuple[str, bool]:
    bold = "<b>" in text and text.strip().startswith("<b>") and text.strip().endswith("</b>")
    return html.unescape(_TAG.sub("", text)), bold


def word_rects(trace: Any) -> list[tuple[Rect, str]]:
    """One rectangle per word of a text trace (centred on its point, as the figure draws them)."""
    trace = trace if isinstance(trace, dict) else trace.to_plotly_json()
    size = (trace.get("textfont") or {}).get("size") or 12
    out = []
    for x, y, text in zip(_array(trace.get("x")), _array(trace.get("y")), trace.get("text") or ()):
        if x is None or text in (None, ""):
            continue
        plain, bold = _plain(str(text))
        if "<b>" in str(text) and not bold:  # a bold name and a plain class: measure each part
            name = re.search(r"<b>(.*?)</b>", str(text)).group(1)
            rest = plain[len(html.unescape(name)) :]
            width = text_width(html.unescape(name), size, True) + text_width(rest, size)
        else:
            width = text_width(plain, size, bold)
        half_h = LINE * size / 12 / 2
        out.append(((x - width / 2, y - half_h, x + width / 2, y + half_h), plain))
    return out


def box_rects(fig: dict) -> list[Rect]:
    rects = []
    for trace in fig["data"]:
        if trace.get("name") not in BOX_TRACES:
            continue
        xs, ys = _array(trace["x"]), _array(trace["y"])
        shape: list[tuple[float, float]] = []
        for x, y in [*zip(xs, ys), (None, None)]:
            if x is None:
                if shape:
                    px, py = [p[0] for p in shape], [p[1] for p in shape]
                    rects.append((min(px), min(py), max(px), max(py)))
                shape = []
            else:
                shape.append((x, y))
    return rects


def edge_lines(fig: dict) -> list[list[tuple[float, float]]]:
    lines = []
    for trace in fig["data"]:
        if trace.get("name") not in ("data flow", "cut from the graph"):
            continue
        line: list[tuple[float, float]] = []
        for x, y in [*zip(_array(trace["x"]), _array(trace["y"])), (None, None)]:
            if x is None:
                if len(line) > 1:
                    lines.append(line)
                line = []
            else:
                line.append((x, y))
    return lines


def _overlap(a: Rect, b: Rect, slack: float = 0.5) -> bool:
    return (
        a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack
    )


def _inside(inner: Rect, outer: Rect, slack: float = 0.5) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def _segment_hits(p: tuple, q: tuple, r: Rect, slack: float = 0.75) -> bool:
    """Does the segment p-q pass through the inside of r (shrunk by `slack`)?"""
    x0, y0, x1, y1 = r[0] + slack, r[1] + slack, r[2] - slack, r[3] - slack
    if x0 >= x1 or y0 >= y1:
        return False
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for d, lo, hi, start in ((dx, x0, x1, p[0]), (dy, y0, y1, p[1])):
        if d == 0:
            if not lo < start < hi:
                return False
            continue
        a, b = (lo - start) / d, (hi - start) / d
        a, b = min(a, b), max(a, b)
        t0, t1 = max(t0, a), min(t1, b)
        if t0 >= t1:
            return False
    return True


def collisions(fig: Any, frame_words: bool = True) -> list[str]:
    """Everything that collides in `fig` (a plotly Figure or its dict); [] when it reads clean.
    With `frame_words`, every animation frame's words are checked against the still words too."""
    fig = fig if isinstance(fig, dict) else fig.to_dict()
    by_name = {t.get("name"): t for t in fig["data"]}
    still = []
    for name in TEXT_TRACES:
        if name in by_name:
            still += [(r, f"{name}: {t}") for r, t in word_rects(by_name[name])]
    boxes = box_rects(fig)
    lines = edge_lines(fig)
    problems = []
    sets = [still]
    if frame_words:
        moving = {"gradients", "step numbers"}
        fixed = [w for w in still if w[1].split(":")[0] not in moving]
        for frame in fig.get("frames", ()):
            words = list(fixed)
            for trace in frame["data"]:
                if "text" in trace:
                    words += [(r, f"frame {frame['name']}: {t}") for r, t in word_rects(trace)]
            sets.append(words)
    box_words = ("names", "values", "node gradients", "gradients")
    for words in sets:
        for (a, ta), (b, tb) in combinations(words, 2):
            if _overlap(a, b):
                problems.append(f"words overlap: {ta!r} and {tb!r}")
        for rect, text in words:
            kind = text.split(":")[0]
            in_box = kind in box_words or (
                kind.startswith("frame") and any(_inside(rect, b) for b in boxes)
            )
            homes = [b for b in boxes if _overlap(rect, b)]
            if kind in box_words and not any(_inside(rect, b) for b in boxes):
                problems.append(f"words spill out of their box: {text!r}")
            elif not in_box and homes:
                problems.append(f"words on a box: {text!r}")
            for line in lines:
                if any(_segment_hits(p, q, rect) for p, q in pairwise(line)):
                    problems.append(f"an edge runs through words: {text!r}")
                    break
    for a, b in combinations(boxes, 2):
        if _overlap(a, b):
            problems.append(f"boxes overlap: {a} and {b}")
    for line in lines:
        for rect in boxes:
            if any(_segment_hits(p, q, rect) for p, q in pairwise(line)):
                problems.append(f"an edge runs through a box at {rect}")
    return sorted(set(problems))

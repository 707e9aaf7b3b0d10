"""The text on and over each node, made safe for plotly.

Plotly renders a small subset of HTML in text and hover labels (`<b>`, `<br>`, `<a href>`...),
so a variable a learner named, or any other text that came from them, must be escaped before it
goes into a figure: `<script>` is shown as the characters `<script>`, never interpreted.
Everything built here escapes user text with `esc` and adds only its own tags.
"""

from __future__ import annotations

import html
from typing import Any

from ..graph.records import ORIGIN_WORDS
from ..graph.values import NOT_KEPT, full_text, shape_text, summarize
from .style import KIND_STYLE

_ITEMS = 2  # numbers of a tensor written on the node itself (the hover has them all)


def esc(text: Any) -> str:
    """Escape `<`, `>` and `&` so plotly shows the text as it is."""
    return html.escape(str(text), quote=False)


def node_text(data: dict[str, Any], show_grads: bool) -> str:
    """The words drawn next to a node: what it is, its value, its gradient."""
    kind = data["kind"]
    label = f"<b>{esc(data['label'])}</b>"
    if kind == "op":
        return f"{label} {esc(data['pytorch_name'])}"
    if data["value"] is None and kind != "op":  # (the Inspector's note says why)
        return f"{label}<br>value {NOT_KEPT}"
    value = summarize(data["value"], _ITEMS) if data["value"] is not None else "?"
    if kind == "constant":
        how = ORIGIN_WORDS.get(data["origin"] or "", "const")
        text = f"{how} {label}"
        if esc(value) != esc(data["label"]):
            text += _equals(value)
        return text
    text = label + _equals(value)
    grad = grad_of(data)
    if show_grads and grad is not None:
        text += f"<br>grad {esc(summarize(grad, _ITEMS))}"
    return text


def _equals(value: str) -> str:
    """` = 39` on the same line; a tensor's summary on a line of its own, to keep nodes narrow."""
    return f"<br>= {esc(value)}" if value.startswith("[") else f" = {esc(value)}"


def grad_of(data: dict[str, Any]) -> Any:
    """The gradient to show: .grad (or the op's), else what reached the node in the trace."""
    return data["grad"] if data["grad"] is not None else data.get("trace_grad")


def hover_text(data: dict[str, Any]) -> str:
    """Everything known about a node, for the hover box."""
    kind = data["kind"]
    lines = [f"<b>{esc(KIND_STYLE[kind]['name'])}</b>: {esc(data['label'])}"]
    if kind == "op":
        lines.append(f"{esc(data['pytorch_name'])} ({esc(data['primitive'])}): {esc(data['math'])}")
        for letter, latex in (data["derivatives"] or {}).items():
            lines.append(f"∂result/∂{letter} = {esc(latex)}")
        lines.append(f"saved for backward: {_saved_text(data['saved'])}")
    else:
        facts = [shape_text(data["shape"]), str(data["dtype"])]
        if data["pytorch_name"]:
            facts.insert(0, data["pytorch_name"])
        if data["grad_fn"]:
            facts.insert(0, f"grad_fn={data['grad_fn']}")
        lines.append(esc(" · ".join(facts)))
        if data["expr"] and data["expr"] != data["label"]:
            lines.append(f"= {esc(data['expr'])}")
        dtype = data["dtype"]
        if data["value"] is not None:
            source = " (recomputed)" if data["value_source"] == "recomputed" else ""
            lines.append(f"value{source}:<br>{_multiline(full_text(data['value'], dtype))}")
    grad = grad_of(data)
    if grad is not None:
        lines.append(f"grad:<br>{_multiline(full_text(grad, data['dtype']))}")
    flags = f"requires_grad={data['requires_grad']} · is_leaf={data['is_leaf']}"
    if data["retains_grad"]:
        flags += " · retains_grad=True"
    lines.append(esc(flags))
    if data["site"] is not None:
        lines.append(f"source: {esc(site_text(data['site']))}")
    if data["note"]:
        lines.append(f"<i>{esc(data['note'])}</i>")
    return "<br>".join(lines)


def site_text(site: Any) -> str:
    """`line 3, columns 4–12` for a lang Span (line, col, end_line, end_col); else as given."""
    if all(hasattr(site, a) for a in ("line", "col", "end_line", "end_col")):
        if site.line == site.end_line:
            return f"line {site.line}, columns {site.col}–{site.end_col}"
        return f"lines {site.line}–{site.end_line}"
    return str(site)


def _saved_text(saved: list[dict[str, Any]]) -> str:
    """`self = 4, other = 3`, or after backward `self, other (freed after backward)`."""
    kept = [f"{esc(s['name'])} = {esc(s['summary'])}" for s in saved if not s["freed"]]
    freed = [esc(s["name"]) for s in saved if s["freed"]]
    if freed:
        kept.insert(0, f"{', '.join(freed)} (freed after backward)")
    return ", ".join(kept) or "nothing"


def _multiline(text: str) -> str:
    return "<br>".join(esc(line) for line in text.splitlines())

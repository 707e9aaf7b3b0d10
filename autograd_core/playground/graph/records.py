"""What each box of the graph says, and how big it is: micrograd's records, PyTorch's names.

A box is one tensor of the graph, in the spirit of micrograd's `draw_dot`:

    ┌──────────────────────────┐
    │ ■ x**2 * y  MulBackward0 │   its name (or expression) and PyTorch's class for it
    │ = 12                     │   its value: small tensors in full, larger ones summarised
    │ grad 1                   │   its gradient, when it has one (or `grad None`)
    └──────────────────────────┘

An operation and the tensor it produced share one box (the op's class names the result's
`grad_fn`), so a chain reads `x -> x**2 -> x**2 * y` like the code. Leaves are called by their
class, `AccumulateGrad`, as in `next_functions`; constants say how they left the graph.

Boxes are measured here (text_size), before anything is drawn, so the layout can reserve room for
every one of them, and for every word a replay will ever write on an edge (replay_states).

    >>> rec = records(graph)["result0"]
    >>> rec.name, rec.kind_word, rec.value, rec.grads[0]
    ('z', 'AddBackward0', '= 39', 'grad 1')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .text_size import LINE, text_width
from .values import NOT_KEPT, value_text

PAD_X, PAD_Y = 7.0, 4.0  # room inside a box around its words
ICON = 14.0  # the kind's marker drawn before the name
EDGE_LABEL_H = 14.0  # an edge label's line, at 11 px
EDGE_LABEL_SIZE = 11.0
HOOKED = " after hook"  # on the gradient line of a tensor whose hook replaced its gradient


@dataclass(frozen=True)
class Record:
    """The words of one box, and the box's size in pixels."""

    kind: str  # the node kind of the box: leaf, result (with its op), constant
    name: str  # bold: the variable name, or an expression of the inputs
    kind_word: str  # muted: AccumulateGrad, MulBackward0, constant, detach(), no_grad
    value: str | None  # "= 12", or None when the name says it all (the 2 in `x * 2`)
    grads: tuple[str, ...]  # gradient lines it may show: [0] in the still figure ("" if none)
    width: float
    height: float

    @property
    def lines(self) -> int:
        return 1 + (self.value is not None) + bool(any(self.grads))


def unit_of(graph: Any) -> dict[str, str]:
    """Every node -> the node whose box shows it: an op is drawn in its result's box."""
    unit = {n: n for n in graph.nodes}
    for u, v, data in graph.edges(data=True):
        if data["kind"] == "output":
            unit[u] = v
    return unit


def records(
    graph: Any,
    states: Iterable[Any] = (),
    *,
    show_grads: bool = True,
    unit: dict[str, str] | None = None,
) -> dict[str, Record]:
    """{box node id: Record} for every box of `graph`, sized for the words of `states` too
    (replay_states of a replay drawn on it). unit: unit_of(graph), if the caller has it."""
    nodes = graph.nodes
    unit = unit_of(graph) if unit is None else unit
    extra: dict[str, list[str]] = {}
    for state in states:
        for node in {*state.words, *state.node_notes}:
            line = state.grad_line(node)
            if line:
                extra.setdefault(unit[node], []).append(line)
    out = {}
    for node_id, data in graph.nodes(data=True):
        if data["kind"] == "op":
            continue
        op = nodes[_op_of(graph, node_id)] if data["kind"] == "result" else None
        name, word = data["label"], _kind_word(data, op)
        value = _value_line(data)
        if value is not None and data["kind"] == "constant" and value == f"= {name}":
            value = None  # a Python number: `2 constant` says it all
        still = grad_line(data) if show_grads else ""
        grads = (still or "", *dict.fromkeys(extra.get(node_id, ())))
        out[node_id] = _measured(data["kind"], name, word, value, grads)
    return out


def _measured(kind: str, name: str, word: str, value: str | None, grads: tuple[str, ...]) -> Record:
    title = ICON + text_width(name, bold=True) + text_width(" " + word)
    widths = [title, *(text_width(g) for g in grads)]
    if value is not None:
        widths.append(text_width(value))
    rec = Record(kind, name, word, value, grads, 0.0, 0.0)
    width = max(widths) + 2 * PAD_X
    height = rec.lines * LINE + 2 * PAD_Y
    return Record(kind, name, word, value, grads, width, height)


def _op_of(graph: Any, result_id: str) -> str:
    (op_id,) = graph.predecessors(result_id)
    return op_id


# The word a constant's box shows for how it was cut from the graph (model.py's "origin").
ORIGIN_WORDS = {"detach": "detach()", "from_detach": "detach()", "no_grad": "no_grad"}


def _kind_word(data: dict[str, Any], op: dict[str, Any] | None) -> str:
    if op is not None:
        return op["pytorch_name"]
    if data["kind"] == "leaf":
        return data["pytorch_name"] or "AccumulateGrad"
    return ORIGIN_WORDS.get(data["origin"] or "", "constant")


def _value_line(data: dict[str, Any]) -> str | None:
    """`= 0.5`, and when the tensor has changed since this forward ran, `(now 0.77)` too;
    `value not kept` when it is unknown (the Inspector's note says why)."""
    if data["value"] is None:
        return f"value {NOT_KEPT}"
    text = f"= {value_text(data['value'])}"
    now = data.get("value_now")
    if now is not None and data["value"] is not None and not _same(now, data["value"]):
        text += f"  (now {value_text(now)})"
    return text


def _same(a: Any, b: Any) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))


def grad_line(data: dict[str, Any]) -> str | None:
    """The still figure's gradient line: .grad (or what the trace brought), `grad None` on a
    leaf that has none yet, nothing on a tensor that gets no gradient. A gradient a hook
    replaced says so: it is not the sum of what the edges brought, and a learner adding them up
    would otherwise find the picture wrong."""
    grad = data["grad"] if data["grad"] is not None else data.get("trace_grad")
    if grad is not None:
        return f"grad {value_text(grad)}" + (HOOKED if data.get("hooked") is not None else "")
    if data["kind"] == "leaf":
        return "grad None"
    return None


def edge_label_size(text: str) -> tuple[float, float]:
    """(width, height) of a label written on an edge."""
    return text_width(text, EDGE_LABEL_SIZE) + 4.0, EDGE_LABEL_H


def edge_labels(graph: Any, states: Iterable[Any] = (), *, show_grads: bool = True) -> dict:
    """{(u, v): [every text that edge may carry]}: where detach() cut it, the gradient sent back
    along it, and each replay step's note on it."""
    labels: dict[tuple[str, str], list[str]] = {}
    for u, v, data in graph.edges(data=True):
        grad = edge_grad_text(graph, u, v) if show_grads else None
        texts = [t for t in (data["label"], grad) if t]
        if texts:
            labels[u, v] = texts
    for state in states:
        for edge, text in state.edge_notes.items():
            labels.setdefault(edge, []).append(text)
    return labels


def edge_grad_text(graph: Any, u: str, v: str) -> str | None:
    """What the still figure writes on an edge: the gradient sent back along it, where u gets
    gradients along several edges (else u's own box already shows that number)."""
    grad = graph.edges[u, v]["grad"]
    if (
        grad is None
        or sum(1 for w in graph.successors(u) if graph.edges[u, w]["grad"] is not None) < 2
    ):
        return None
    return f"∂ {value_text(grad)}"

"""The computation graph and its backward pass in words: what a screen reader reads instead of the
picture, and what anyone can copy, search or print.

    node_rows(graph)            every node in backward order: name, kind, PyTorch class, value,
                                gradient, where its gradient goes next (and the module call
                                that computed it, in a model)
    graph_heading(graph)        which iteration of a loop the graph is, if it is one
    graph_summary(graph)        the whole picture in one sentence (the chart's name)
    step_sentences(graph, steps) one sentence per replay step:
        "MulBackward0 receives 1, multiplies by y = 3, sends 3 to x**2; multiplies by
         x**2 = 4, sends 4 to y."

Both are pure functions of the plain graph model (node and edge attributes: labels, NumPy
values, gradients) and the replay steps; neither touches a live tensor.

    >>> exp = explore(by_key("product-rule").code)
    >>> [row.name for row in node_rows(exp.graph)]
    ['z', '+', 'y**3', '^3', 'x**2 * y', '×', 'y', 'x**2', '^2', 'x']
    >>> step_sentences(exp.graph, exp.steps)[-1]
    'AccumulateGrad adds 12 into x.grad: None → 12.'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import networkx as nx

from .values import summarize

KIND_WORDS = {
    "leaf": "leaf tensor",
    "op": "operation",
    "result": "result tensor",
    "constant": "constant",
}
NO_VALUE = "—"
HIDDEN = "hidden"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# A derivative formula's symbols that stand for a parameter of the op, not an input.
_PARAM_SYMBOLS = {"n": "exponent", "alpha": "alpha", "c": "base"}


@dataclass(frozen=True)
class NodeRow:
    """One node of the graph, in words (every field a string, ready for a table)."""

    node: str  # the graph's node id
    name: str
    kind: str
    pytorch_class: str
    value: str
    gradient: str
    sends_to: str
    module: str | None = None  # the module call that computed it, in a graph with modules

    def as_dict(self) -> dict[str, str]:
        row = {
            "node": self.name,
            "kind": self.kind,
            "PyTorch class": self.pytorch_class,
            "value": self.value,
            "gradient": self.gradient,
            "sends its gradient to": self.sends_to,
        }
        if self.module is not None:
            row["computed by the module call"] = self.module
        return row


def graph_heading(graph: Any) -> str | None:
    """What the drawing shows, when that needs saying: which iteration of a loop."""
    iteration = graph.graph.get("iteration")
    if not iteration:
        return None
    number, total = iteration
    return (
        f"Iteration {number} of {total}: the graph its forward pass recorded and its backward "
        "pass. Leaves show the values they had when that forward pass ran, and their value at "
        "the end of the program, where it differs, as “now”."
    )


def graph_summary(graph: Any) -> str:
    """The picture of the graph in one sentence: what a screen reader says for the chart before
    the learner opens its text version.

    >>> graph_summary(explore(by_key("product-rule").code).graph)
    'A computation graph of 10 nodes: the leaves x and y, 4 operations, the output z.'
    """
    kinds = {kind: [] for kind in KIND_WORDS}
    for _, data in graph.nodes(data=True):
        kinds[data["kind"]].append(data["label"])
    outputs = [
        graph.nodes[n]["label"]
        for n in graph
        if graph.nodes[n]["kind"] == "result" and graph.out_degree(n) == 0
    ]
    parts = []
    if kinds["leaf"]:
        leaves = kinds["leaf"]
        parts.append(("the leaf " if len(leaves) == 1 else "the leaves ") + _and(leaves))
    if kinds["op"]:
        count = len(kinds["op"])
        parts.append(f"{count} operation{'s' if count != 1 else ''}")
    if outputs:
        parts.append(("the output " if len(outputs) == 1 else "the outputs ") + _and(outputs))
    count = graph.number_of_nodes()
    nodes = f"{count} node{'s' if count != 1 else ''}"
    return f"A computation graph of {nodes}" + (": " + ", ".join(parts) if parts else "") + "."


def _and(names: list[str], most: int = 6) -> str:
    """ "x, y and z"; a long list ends with how many more there are."""
    if len(names) > most:
        return ", ".join(names[:most]) + f" and {len(names) - most} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def backward_order(graph: Any, steps: list | None = None) -> list[str]:
    """Node ids from the outputs back to the leaves: the order backward visits them.

    Every node comes after each node its gradient comes from; among those free to come next,
    the one the replay reached first (its step), then the graph's own numbering.
    """
    reached: dict[str, int] = {}
    for step in steps or ():
        for node in (step.result, step.node):
            if node is not None:
                reached.setdefault(node, step.index)
    return list(
        nx.lexicographical_topological_sort(
            graph.reverse(copy=False),
            key=lambda n: (reached.get(n, math.inf), _number(n), n),
        )
    )


def node_rows(graph: Any, steps: list | None = None, *, show_grads: bool = True) -> list[NodeRow]:
    """Every node of `graph` in backward order, in words. `show_grads=False` hides gradients
    (predict-then-reveal)."""
    modules = bool(graph.graph.get("groups"))
    return [_row(graph, n, show_grads, modules) for n in backward_order(graph, steps)]


def _row(graph: Any, node: str, show_grads: bool, modules: bool = False) -> NodeRow:
    data = graph.nodes[node]
    kind = data["kind"]
    if kind == "op":
        value = NO_VALUE
    else:
        value = summarize(data["value"]) if data["value"] is not None else "unknown"
        now = data.get("value_now")
        if now is not None and value != (now_text := summarize(now)):
            value += f" (now {now_text})"
    grad = data["grad"] if data["grad"] is not None else data.get("trace_grad")
    gradient = summarize(grad) if grad is not None else NO_VALUE
    return NodeRow(
        node=node,
        name=data["label"],
        kind=KIND_WORDS[kind],
        pytorch_class=_pytorch_class(data),
        value=value,
        gradient=gradient if show_grads else HIDDEN,
        sends_to=_sends_to(graph, node, show_grads),
        module=(data.get("module") or NO_VALUE) if modules else None,
    )


def _pytorch_class(data: dict[str, Any]) -> str:
    kind = data["kind"]
    if kind == "op":
        return data["pytorch_name"] or NO_VALUE
    if kind == "leaf":
        return "Tensor (a leaf: AccumulateGrad adds into its .grad)"
    if kind == "result":
        return f"Tensor (grad_fn={data['grad_fn']})" if data["grad_fn"] else "Tensor"
    if data["dtype"] in ("int", "float", "bool"):
        return f"Python {data['dtype']}"
    return "Tensor (requires_grad=False)"


def _sends_to(graph: Any, node: str, show_grads: bool) -> str:
    data = graph.nodes[node]
    kind = data["kind"]
    if kind == "leaf":
        return "its own .grad (AccumulateGrad adds it in)"
    if kind == "constant":
        return "nowhere: no gradient"
    if kind == "result":
        makers = [u for u, _, e in graph.in_edges(node, data=True) if e["kind"] == "output"]
        if not makers:
            return NO_VALUE
        op = graph.nodes[makers[0]]
        return f"{op['pytorch_name']} ({op['label']})"
    parts = []
    for target in dict.fromkeys(data["inputs"] or ()):
        if graph.nodes[target]["kind"] not in ("leaf", "result"):
            continue
        sent = graph.edges[target, node].get("grad")
        name = graph.nodes[target]["label"]
        if show_grads and sent is not None:
            parts.append(f"{summarize(sent)} to {name}")
        else:
            parts.append(name)
    return ", ".join(parts) or "nowhere: no input needs a gradient"


def _number(node: str) -> int:
    digits = re.sub(r"\D", "", node)
    return int(digits) if digits else 0


# --- the replay, one sentence a step ---------------------------------------------------------


def step_sentences(graph: Any, steps: list) -> list[str]:
    """One plain sentence per replay step, in order (the picture's caption says the same)."""
    return [step_sentence(graph, step) for step in steps]


def step_sentence(graph: Any, step: Any) -> str:
    nodes = graph.nodes
    kind = step.kind
    if kind == "node":
        op = nodes[step.node]
        clauses = [_contribution_clause(graph, op, c) for c in step.contributions]
        sent = "; ".join(clauses) if clauses else "sends nothing on: no input needs a gradient"
        return f"{op['pytorch_name']} receives {summarize(step.upstream)}, {sent}."
    if kind == "accumulate":
        label = nodes[step.node]["label"]
        return (
            f"AccumulateGrad adds {summarize(step.upstream)} into {label}.grad: "
            f"{summarize(step.before)} → {summarize(step.after)}."
        )
    if kind == "mean":
        name = nodes[step.node]["pytorch_name"]
        return f"{name}: {step.text}."
    return step.text[:1].upper() + step.text[1:] + "."


def _contribution_clause(graph: Any, op: dict[str, Any], c: Any) -> str:
    target = graph.nodes[c.target]["label"]
    letters = {_LETTERS[i % 26]: graph.nodes[n]["label"] for i, n in enumerate(op["inputs"] or ())}
    formula = plain_formula(c.local_latex, letters, op.get("params") or {})
    sent = summarize(c.value)
    if c.local_value is None:  # a matrix product: no single number per element
        return f"multiplies by {formula} (a matrix product), sends {sent} to {target}"
    local = summarize(c.local_value)
    by = formula if formula == local else f"{formula} = {local}"
    clause = f"multiplies by {by}, sends {sent} to {target}"
    if summarize(c.product) != sent:
        clause += f" (summed back over the broadcast copies from {summarize(c.product)})"
    return clause


# --- derivative formulas, from LaTeX to words ------------------------------------------------

_MACROS = {
    r"\textstyle": "",
    r"\left": "",
    r"\right": "",
    r"\cdot": "·",
    r"\times": "×",
    r"\sum": "Σ",
    r"\prod": "∏",
    r"\lVert": "‖",
    r"\rVert": "‖",
    r"\lfloor": "⌊",
    r"\rfloor": "⌋",
    r"\lnot": "not ",
    r"\le": "≤",
    r"\ge": "≥",
    r"\ne": "≠",
    r"\delta": "δ",
    r"\sigma": "σ",
    r"\beta": "β",
    r"\alpha": "alpha",
    r"\ln": "ln",
    r"\log": "log",
    r"\exp": "exp",
    r"\sinh": "sinh",
    r"\cosh": "cosh",
    r"\tanh": "tanh",
    r"\sin": "sin",
    r"\cos": "cos",
    r"\tan": "tan",
    r"\max": "max",
    r"\min": "min",
}


def plain_formula(latex: str, letters: dict[str, str], params: dict[str, str] | None = None) -> str:
    """A derivative formula from the registry in plain text, the inputs' letters replaced by
    the names they have in the graph (`b` of `a × b` becomes `y`), the op's parameters by their
    values (`n` of `a^n` becomes 2).

    >>> plain_formula(r"n a^{n-1}", {"a": "x"}, {"exponent": "2"})
    '2 x^(2-1)'
    >>> plain_formula(r"\\frac{1}{b}", {"a": "x", "b": "y + 1"})
    '1/(y + 1)'
    """
    text = latex
    text = re.sub(r"\\bar\s*([a-z])", r"mean(\1)", text)
    text = re.sub(r"\\(?:text|operatorname|mathrm)\{([^{}]*)\}", r"\1", text)
    text = re.sub(r"\\[,;:! ]", " ", text)
    for macro in sorted(_MACROS, key=len, reverse=True):
        text = re.sub(re.escape(macro) + r"(?![A-Za-z])", _MACROS[macro], text)
    for _ in range(4):  # nested fractions and roots, innermost first
        text = re.sub(
            r"\\frac\{([^{}]*)\}\{([^{}]*)\}",
            lambda m: f"{_group(m.group(1))}/{_group(m.group(2))}",
            text,
        )
        text = re.sub(r"\\sqrt\{([^{}]*)\}", lambda m: f"√{_group(m.group(1))}", text)
        text = re.sub(r"([\^_])\{([^{}]*)\}", lambda m: m.group(1) + _group(m.group(2)), text)
    text = text.replace("{", "(").replace("}", ")").replace("\\", "")
    names = dict(letters)
    for symbol, param in _PARAM_SYMBOLS.items():
        if param in (params or {}):
            names[symbol] = str(params[param])
    whole = text.strip()
    if whole in names:
        return names[whole]
    text = re.sub(
        r"(?<![A-Za-z_])(alpha|[a-z])(?![A-Za-z(])",
        lambda m: _group(names[m.group(1)]) if m.group(1) in names else m.group(1),
        text,
    )
    return re.sub(r"\s+", " ", text).strip()


def _group(text: str) -> str:
    """`text` in parentheses unless it is one name or number."""
    text = text.strip()
    if re.fullmatch(r"[\w.·‖]+|\(.*\)", text) and text.count("(") == text.count(")"):
        return text
    return f"({text})"

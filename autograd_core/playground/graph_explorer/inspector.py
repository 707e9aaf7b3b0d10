"""Everything the node inspector shows about one node of the graph, as text and LaTeX.

For a tensor, the centre of it is its chain-rule line: the gradient that reached it is the sum,
over every operation that used it, of (that operation's incoming gradient) × (its local
derivative), written first in symbols and then in the numbers of this run:

    >>> report = inspect_node(exp.graph, "leaf1", exp.steps)      # y in z = x²y + y³
    >>> report.chain_rule[-1]
    '= 1 \\times 4 + 1 \\times 27 = 31'

Labels are the learner's own text, so everything that goes into LaTeX is escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..graph.values import full_text, shape_text, summarize

KIND_NAMES = {
    "leaf": "leaf tensor",
    "op": "operation (grad_fn)",
    "result": "result tensor",
    "constant": "constant (no grad)",
}


@dataclass
class NodeReport:
    """What the inspector shows. Strings are plain text unless named *latex*."""

    node: str
    kind: str  # leaf | op | result | constant
    kind_name: str
    label: str
    pytorch_name: str | None  # MulBackward0, AccumulateGrad
    explanation: str  # one sentence: what this node is and what backward does here
    value: str | None  # the whole value, printed as PyTorch prints it
    grad: str | None  # the gradient that reached it, or None
    grad_source: str  # ".grad", "retain_grad", "backward pass" or "" (no gradient)
    facts: list[tuple[str, str]] = field(default_factory=list)
    next_functions: str | None = None  # grad_fn.next_functions, as PyTorch prints it
    saved: list[tuple[str, str]] = field(default_factory=list)  # what backward keeps
    formula_latex: list[str] = field(default_factory=list)  # an op's maths and derivatives
    chain_rule: list[str] = field(default_factory=list)  # LaTeX lines, symbols then numbers
    accumulation: str | None = None  # a leaf's `.grad: before -> after`
    note: str | None = None


def inspect_node(graph: Any, node_id: str, steps: list | None = None) -> NodeReport:
    """The report for `node_id` of `graph` (from build_graph); `steps` from trace_steps."""
    steps = steps or []
    data = graph.nodes[node_id]
    kind = data["kind"]
    report = NodeReport(
        node=node_id,
        kind=kind,
        kind_name=KIND_NAMES[kind],
        label=str(data["label"]),
        pytorch_name=data["pytorch_name"] or data["grad_fn"],
        explanation=explain_node(data),
        value=full_text(data["value"], data["dtype"]) if data["value"] is not None else None,
        grad=None,
        grad_source="",
        note=data["note"],
    )
    grad = data["grad"] if data["grad"] is not None else data.get("trace_grad")
    if grad is not None and kind != "op":
        report.grad = full_text(grad, data["dtype"])
        report.grad_source = _grad_source(data)
    if kind == "op":
        _describe_op(graph, node_id, steps, report)
    else:
        _describe_tensor(graph, node_id, steps, report)
    return report


def explain_node(data: dict[str, Any]) -> str:
    """One sentence about what this node is and what backward does with it."""
    kind = data["kind"]
    if kind == "leaf":
        return (
            "A leaf: a tensor you created with requires_grad=True. Backward adds the gradient "
            "that reaches it into its .grad (PyTorch's AccumulateGrad node)."
        )
    if kind == "op":
        return (
            "An operation autograd recorded. In backward it multiplies the gradient arriving from "
            "its result by its local derivative for each input, and passes the products on."
        )
    if kind == "result":
        kept = (
            "retain_grad() keeps its gradient in .grad."
            if data["retains_grad"]
            else "Its gradient passes through and is not kept in .grad (retain_grad() would)."
        )
        return f"A tensor computed by the operation before it (its grad_fn). {kept}"
    origin = data["origin"]
    if origin == "detach":
        return "A detach() copy: the same numbers, cut from the graph. No gradient flows back."
    if origin == "no_grad":
        return "Computed under torch.no_grad(): nothing was recorded, so no gradient flows back."
    if origin == "from_detach":
        return (
            f"Computed by {data['origin_op']} from a detach() copy: nothing was recorded, so no "
            "gradient flows back."
        )
    if data["dtype"] in ("int", "float", "bool"):
        return "A plain Python number: autograd treats it as a constant."
    return "A tensor that does not require grad: autograd treats it as a constant."


def _grad_source(data: dict[str, Any]) -> str:
    if data["kind"] == "leaf" and data["grad"] is not None:
        return ".grad"
    if data["retains_grad"] and data["grad"] is not None:
        return "retain_grad"
    return "backward pass"


def _describe_tensor(graph: Any, node_id: str, steps: list, report: NodeReport) -> None:
    data = graph.nodes[node_id]
    report.facts = [
        ("shape", shape_text(data["shape"])),
        ("dtype", str(data["dtype"])),
        ("requires_grad", str(data["requires_grad"])),
        ("is_leaf", str(data["is_leaf"])),
    ]
    if data["kind"] == "result":
        report.facts.append(("grad_fn", f"<{data['grad_fn']}>"))
        (op_id,) = graph.predecessors(node_id)
        report.next_functions = next_functions(graph, op_id)
        report.saved = _saved(graph.nodes[op_id])
    elif data["kind"] == "leaf":
        report.facts.append(("grad_fn", "None"))
        report.next_functions = "()"
    if data["retains_grad"]:
        report.facts.append(("retains_grad", "True"))
    if data["site"] is not None:
        report.facts.append(("computed on", f"line {data['site'].line}"))
    if data.get("module"):
        report.facts.append(("computed by the module call", data["module"]))
    now = data.get("value_now")
    if now is not None and data["value"] is not None and summarize(now) != summarize(data["value"]):
        # a loop's earlier iteration: the value above is the one that iteration used
        report.facts.append(("value now (at the end of the program)", summarize(now)))
    report.chain_rule = chain_rule(graph, node_id, steps)
    accumulated = [s for s in steps if s.kind == "accumulate" and s.node == node_id]
    if accumulated:
        report.accumulation = "; ".join(s.text for s in accumulated)


def _describe_op(graph: Any, node_id: str, steps: list, report: NodeReport) -> None:
    data = graph.nodes[node_id]
    nodes = graph.nodes
    inputs = data["inputs"] or ()
    letters = "abcdefghijklmnopqrstuvwxyz"
    report.facts = [("registry op", str(data["primitive"]))]
    report.facts += [
        (f"input {letters[i % 26]}", str(nodes[n]["label"])) for i, n in enumerate(inputs)
    ]
    report.facts += [(k, v) for k, v in (data["params"] or {}).items()]
    report.next_functions = next_functions(graph, node_id)
    report.saved = _saved(data)
    report.formula_latex = [rf"\text{{result}} = {data['math']}"]
    for letter, latex in (data["derivatives"] or {}).items():
        report.formula_latex.append(
            rf"\frac{{\partial\, \text{{result}}}}{{\partial {letter}}} = {latex}"
        )
    ran = [s for s in steps if s.node == node_id and s.kind in ("node", "mean", "sum_to")]
    report.chain_rule = [s.latex for s in ran if s.latex]


def next_functions(graph: Any, op_id: str) -> str:
    """`((<PowBackward0>, 0), (<AccumulateGrad>, 0))`: where this op sends each gradient, the
    way PyTorch prints `grad_fn.next_functions` (minus the memory addresses)."""
    nodes = graph.nodes
    parts = []
    for source in nodes[op_id]["inputs"] or ():
        kind = nodes[source]["kind"]
        if kind == "leaf":
            parts.append("(<AccumulateGrad>, 0)")
        elif kind == "result":
            (producer,) = graph.predecessors(source)
            parts.append(f"(<{nodes[producer]['pytorch_name']}>, 0)")
        else:
            parts.append("(None, 0)")
    if len(parts) == 1:
        return f"({parts[0]},)"
    return "(" + ", ".join(parts) + ")"


def _saved(op: dict[str, Any]) -> list[tuple[str, str]]:
    return [(s["name"], s["summary"]) for s in op["saved"] or ()]


# --- the chain rule, written out ----------------------------------------------------------------


def chain_rule(graph: Any, node_id: str, steps: list) -> list[str]:
    """LaTeX lines: ∂out/∂node as a sum over its consumers, in symbols, then in numbers."""
    nodes = graph.nodes
    root = _root(steps)
    if root is None:
        return []
    out = latex_name(nodes[root]["label"])
    me = latex_name(nodes[node_id]["label"])
    if node_id == root:
        first = next((s for s in steps if s.upstream is not None), None)
        seed = _num(first.upstream) if first is not None else "1"
        return [rf"\frac{{\partial {out}}}{{\partial {out}}} = {seed}"]
    terms = []  # (consumer result label, upstream, local value or None, value sent)
    for step in steps:
        if step.kind != "node":
            continue
        for c in step.contributions:
            if c.target == node_id:
                terms.append((nodes[step.result]["label"], c.upstream, c.local_value, c.value))
    if not terms:
        return []
    lhs = rf"\frac{{\partial {out}}}{{\partial {me}}}"
    symbols = " + ".join(
        rf"\frac{{\partial {out}}}{{\partial {latex_name(r)}}}\,"
        rf"\frac{{\partial {latex_name(r)}}}{{\partial {me}}}"
        for r, *_ in terms
    )
    numbers = []
    for _, upstream, local, value in terms:
        if local is None:  # a matrix op: the local derivative is a matrix product, not a number
            numbers.append(_num(value))
        else:
            times = r" \times " if np.ndim(upstream) == 0 and np.ndim(local) == 0 else r" \odot "
            numbers.append(f"{_num(upstream)}{times}{_num(local)}")
    total = sum((np.asarray(v, dtype=np.float64) for *_, v in terms), start=np.float64(0))
    if len(terms) == 1 and np.shape(terms[0][3]) == np.shape(total):
        total = terms[0][3]
    numeric = " + ".join(numbers)
    result = _num(total)
    lines = [f"{lhs} = {symbols}"]
    lines.append(f"= {numeric} = {result}" if numeric != result else f"= {result}")
    # a hook on this tensor then replaced that sum: the gradient it passes on is the hook's
    hook = next((s for s in steps if s.kind == "hook" and s.node == node_id), None)
    if hook is not None:
        lines.append(rf"\xrightarrow{{\text{{its hook}}}} {_num(hook.after)}")
    return lines


def _root(steps: list) -> str | None:
    for step in steps:
        if step.kind in ("node", "mean"):
            return step.result
        if step.kind in ("accumulate", "capture"):
            return step.node
    return None


def _num(value: Any) -> str:
    text = summarize(value)
    if value is not None and np.ndim(value) > 0:
        return rf"\text{{{latex_escape(text)}}}"
    return latex_escape(text)


def latex_escape(text: str) -> str:
    """Text safe inside `\\text{}`: no command, group or math character of its own left."""
    words = {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
    out = []
    for char in str(text):
        if char in words:
            out.append(words[char])
        elif char in "{}_&%$#":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def latex_name(label: str) -> str:
    """A node's label as a LaTeX symbol: `x` in italics, `x**2 * y` as text."""
    label = str(label)
    if len(label) == 1 and label.isalpha() and label.isascii():
        return label
    return rf"\text{{{latex_escape(label)}}}"

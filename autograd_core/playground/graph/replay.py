"""A recorded backward pass, placed on the graph's nodes, for step-by-step replay.

The engine's trace (autograd_core.tracing) says what it did in the order it did it, in terms of
engine objects (grad_fn nodes). `trace_steps` turns that into steps about *graph node ids*, each
with the text a learner reads:

    node        the op `×` received upstream gradient 1 and sent, to each input,
                upstream × local derivative = contribution:   1 × 3 = 3   (to x**2)
    mean        mean spreads its gradient evenly: each of N = 6 inputs gets 1 ÷ 6
    sum_to      an input was broadcast in the forward pass, so its gradient is summed back to
                its shape: [2×3] -> [3]
    accumulate  the gradient is added into a leaf's .grad:   x.grad: None -> 12
    hook, retain_grad, capture   (register_hook, retain_grad(), autograd.grad)

Replaying the `accumulate` steps (before + upstream = after) reproduces every leaf's .grad.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograd_core.function import AccumulateGrad
from autograd_core.tracing import PYTHON_BACKWARD

from .values import shape_text, summarize

_MEAN_OPS = ("mean", "mean_dim")


@dataclass
class ReplayContribution:
    """What the current op sends to one input: upstream × local derivative."""

    input_index: int
    source: str  # the op node sending
    target: str  # the input's node (result or leaf) receiving
    edge: tuple[str, str]  # the forward edge (target -> source) the gradient flows back along
    local_latex: str  # d(result)/d(input), inputs named a, b, c
    local_value: np.ndarray | None  # its numbers, for elementwise ops
    upstream: np.ndarray
    product: np.ndarray  # upstream × local, before any broadcast sum-back
    value: np.ndarray  # what reaches the input (after the sum-back)
    text: str  # "1 × 3 = 3"
    latex: str  # "\text{grad} \times \left(b\right) = 1 \times 3 = 3"


@dataclass
class ReplayStep:
    """One step of the replay, about graph node ids."""

    index: int
    kind: str  # "node" | "mean" | "sum_to" | "accumulate" | "hook" | "retain_grad" | "capture"
    node: str  # the current node (an op for node/mean/sum_to, else the tensor's node)
    result: str | None = None  # the tensor whose gradient this is (for op steps: the op's result)
    upstream: np.ndarray | None = None
    contributions: list[ReplayContribution] = field(default_factory=list)
    before: np.ndarray | None = None
    after: np.ndarray | None = None
    from_shape: tuple[int, ...] | None = None
    to_shape: tuple[int, ...] | None = None
    input_index: int | None = None
    n: int | None = None  # mean: how many elements share the gradient
    edges: list[tuple[str, str]] = field(default_factory=list)  # forward edges lit by this step
    text: str = ""
    latex: str = ""


def trace_steps(graph: Any, trace: Any) -> list[ReplayStep]:
    """The steps of `trace` (a tracing.BackwardTrace) on `graph` (from build_graph), in order.

    Raises ValueError if the trace ran through a node the graph does not have: build the graph
    from the tensors backward started from (or pass `trace=` to build_graph).
    """
    engine_nodes = graph.graph["engine_nodes"]
    steps: list[ReplayStep] = []
    last_node: ReplayStep | None = None  # the op whose sum_to steps follow it
    for raw in trace.steps:
        if raw.node not in engine_nodes:
            raise ValueError(
                f"the trace went through {raw.node.name()}, which is not in this graph: build the "
                "graph from the tensors backward() started from"
            )
        if raw.kind == "node":
            op_id = engine_nodes[raw.node]
            if graph.nodes[op_id]["primitive"] in _MEAN_OPS:
                steps.append(_mean_step(graph, len(steps), raw))
            step = last_node = _node_step(graph, len(steps), raw)
        elif raw.kind == "sum_to":
            step = _sum_to_step(graph, len(steps), raw, last_node)
        else:
            step = _tensor_step(graph, len(steps), raw)
        steps.append(step)
    return steps


def _ids(graph: Any, engine_node: Any) -> tuple[str, str]:
    """(the engine node's graph node, the node of the tensor whose gradient it handles)."""
    node_id = graph.graph["engine_nodes"][engine_node]
    if isinstance(engine_node, AccumulateGrad):
        return node_id, node_id
    return node_id, graph.graph["results"][engine_node]


def _node_step(graph: Any, index: int, raw: Any) -> ReplayStep:
    """An op ran its derivative formulas: upstream × local = what each input receives."""
    op_id, result_id = _ids(graph, raw.node)
    op = graph.nodes[op_id]
    step = ReplayStep(index, "node", op_id, result_id, upstream=raw.upstream)
    for c in raw.contributions:
        contribution = _contribution(c, op_id, op, raw.upstream)
        step.contributions.append(contribution)
        step.edges.append(contribution.edge)
    _describe_node_step(graph, step)
    return step


def _describe_node_step(graph: Any, step: ReplayStep) -> None:
    op = graph.nodes[step.node]
    sends = "; ".join(f"to {graph.nodes[c.target]['label']}: {c.text}" for c in step.contributions)
    step.text = f"{op['label']} {op['pytorch_name']} (upstream × local = sent): {sends}"
    step.latex = r" \qquad ".join(c.latex for c in step.contributions)


def _sum_to_step(graph: Any, index: int, raw: Any, node_step: Any) -> ReplayStep:
    """Broadcasting copied an input in the forward pass; its gradient is summed back.

    The op's own step then shows the product before the sum (`upstream × local = product,
    summed back to value`), so both steps tell the same story.
    """
    op_id, result_id = _ids(graph, raw.node)
    step = ReplayStep(index, "sum_to", op_id, result_id, upstream=raw.upstream, after=raw.after)
    step.from_shape, step.to_shape = tuple(raw.from_shape), tuple(raw.to_shape)
    step.input_index = raw.input_index
    sent = []
    if node_step is not None and node_step.node == op_id:
        sent = [c for c in node_step.contributions if c.input_index == raw.input_index]
    if sent:
        sent[0].product = raw.upstream
        _render(sent[0])
        _describe_node_step(graph, node_step)
        step.edges.append(sent[0].edge)
        step.result = sent[0].target
    step.text = (
        f"broadcast undone: the gradient for {graph.nodes[step.result]['label']} is summed "
        f"from {shape_text(step.from_shape)} back to {shape_text(step.to_shape)}: "
        f"{summarize(raw.after)}"
    )
    step.latex = (
        rf"\sum_{{\text{{broadcast dims}}}} {_latex_value(raw.upstream)} "
        rf"= {_latex_value(raw.after)}"
    )
    return step


def _tensor_step(graph: Any, index: int, raw: Any) -> ReplayStep:
    """Something happened to one tensor's gradient: accumulate, retain_grad, hook, capture."""
    _, tensor_id = _ids(graph, raw.node)
    label = graph.nodes[tensor_id]["label"]
    step = ReplayStep(index, raw.kind, tensor_id, tensor_id, upstream=raw.upstream)
    step.before, step.after = raw.before, raw.after
    if raw.kind in ("accumulate", "retain_grad"):
        step.text = f"{label}.grad: {summarize(raw.before)} → {summarize(raw.after)}"
        if raw.kind == "accumulate" and raw.before is not None:
            step.text += f" (added {summarize(raw.upstream)})"
        step.latex = (
            rf"\texttt{{{_latex_text(label)}.grad}}: {_latex_value(raw.before)} \to "
            rf"{_latex_value(raw.after)}"
        )
    elif raw.kind == "hook":
        step.text = (
            f"a hook on {label} replaced its gradient {summarize(raw.upstream)} "
            f"with {summarize(raw.after)}"
        )
        step.latex = rf"{_latex_value(raw.upstream)} \to {_latex_value(raw.after)}"
    else:  # capture
        step.text = f"autograd.grad returns the gradient for {label}: {summarize(raw.upstream)}"
        step.latex = _latex_value(raw.upstream)
    return step


def _contribution(c: Any, op_id: str, op: dict, upstream: Any) -> ReplayContribution:
    target = op["inputs"][c.input_index]
    contribution = ReplayContribution(
        input_index=c.input_index,
        source=op_id,
        target=target,
        edge=(target, op_id),
        local_latex=c.local_latex,
        local_value=c.local_value,
        upstream=upstream,
        product=c.value,
        value=c.value,
        text="",
        latex="",
    )
    _render(contribution)
    return contribution


def _render(c: ReplayContribution) -> None:
    """Write `upstream × local = product` (then `summed to value`, after a broadcast)."""
    letter = "abcdefghijklmnopqrstuvwxyz"[c.input_index % 26]
    local = c.local_latex
    up, product = _latex_value(c.upstream), _latex_value(c.product)
    if c.local_value is not None:
        c.text = f"{summarize(c.upstream)} × {summarize(c.local_value)} = {summarize(c.product)}"
        c.latex = (
            rf"\bar{{{letter}}} = \text{{grad}} \times \left({local}\right) "
            rf"= {up} \times {_latex_value(c.local_value)} = {product}"
        )
    elif local == PYTHON_BACKWARD:  # a custom Function: its own backward() decided
        c.text = f"{summarize(c.upstream)} through your backward() = {summarize(c.product)}"
        c.latex = rf"\bar{{{letter}}} = \text{{backward(grad)}} = {product}"
    else:  # matrix ops: the local derivative multiplies by a matrix, not one number each
        c.text = f"{summarize(c.upstream)} through ∂/∂{letter} = {summarize(c.product)}"
        if local.startswith(r"\cdot"):
            formula = rf"\text{{grad}} {local}"
        elif local.endswith(r"\cdot"):
            formula = rf"{local} \text{{grad}}"
        else:
            formula = rf"\text{{grad}} \times \left({local}\right)"
        c.latex = rf"\bar{{{letter}}} = {formula} = {product}"
    if np.shape(c.product) != np.shape(c.value):
        c.text += f", summed back to {summarize(c.value)}"
        c.latex += rf" \to {_latex_value(c.value)}"


def _mean_step(graph: Any, index: int, raw: Any) -> ReplayStep:
    """mean = sum / N, so each of the N inputs gets 1/N of the gradient: a step of its own."""
    op_id, result_id = _ids(graph, raw.node)
    nodes = graph.nodes
    source_shape = nodes[nodes[op_id]["inputs"][0]]["shape"] or ()
    n = max(1, math.prod(source_shape) // max(1, math.prod(nodes[result_id]["shape"] or ())))
    share = np.asarray(raw.upstream) / n
    step = ReplayStep(index, "mean", op_id, result_id, upstream=raw.upstream, after=share, n=n)
    step.text = (
        f"mean spreads its gradient evenly over N = {n} elements: each gets "
        f"{summarize(raw.upstream)} ÷ {n} = {summarize(share)}"
    )
    step.latex = (
        rf"\frac{{1}}{{N}} = \frac{{1}}{{{n}}}: \quad {_latex_value(raw.upstream)} \div {n} "
        rf"= {_latex_value(share)}"
    )
    return step


def _latex_text(text: str) -> str:
    """A label inside LaTeX: `my_x` would otherwise start a subscript."""
    for char in "\\{}_^&%$#~":
        text = text.replace(char, "\\" + char if char not in "\\~^" else " ")
    return text


def _latex_value(value: Any) -> str:
    text = summarize(value)
    if value is not None and np.ndim(value) > 0:
        return rf"\text{{{text}}}"
    return text


def apply_trace(graph: Any, trace: Any) -> None:
    """Put the gradients the engine computed during `trace` on the graph's nodes and edges.

    Ops and results get the gradient that arrived at the op (`grad`, unless retain_grad already
    gave one), every node the gradient that reached it (`trace_grad`), every input edge the
    gradient sent back along it (`grad`), and a tensor whose hook replaced its gradient what
    the hook was given (`hooked`).
    """
    nodes = graph.nodes
    engine_nodes = graph.graph["engine_nodes"]
    results = graph.graph["results"]
    for step in trace.steps:
        node_id = engine_nodes.get(step.node)
        if node_id is None:
            continue
        if step.kind == "node":
            upstream = step.upstream
            for target in (node_id, results[step.node]):
                nodes[target]["trace_grad"] = upstream
                if nodes[target]["grad"] is None:
                    nodes[target]["grad"] = upstream
            inputs = nodes[node_id]["inputs"]
            for c in step.contributions:
                edge = graph.edges[inputs[c.input_index], node_id]
                edge["grad"] = c.value if edge["grad"] is None else edge["grad"] + c.value
        elif step.kind == "accumulate":
            nodes[node_id]["trace_grad"] = step.after
        elif step.kind == "capture":
            target = results.get(step.node, node_id)
            nodes[target]["trace_grad"] = step.upstream
        elif step.kind == "hook":  # the box then says its gradient is the hook's, not the sum
            nodes[results.get(step.node, node_id)]["hooked"] = step.upstream

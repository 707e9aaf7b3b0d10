"""The computation graph the playground draws, and the backward pass replayed on it.

    build_graph(*tensors, names=None, sites=None, trace=None) -> networkx.DiGraph   (model.py,
                                                                  labels.py, values.py)
    layout(graph) -> {node: (x, y)}, with .routes for long edges                     (layout.py)
    trace_steps(graph, trace) -> [ReplayStep, ...]                                   (replay.py)

networkx is imported here and nowhere else in the package; the engine never needs it.

    >>> x = torch.tensor(2.0, requires_grad=True)
    >>> y = torch.tensor(3.0, requires_grad=True)
    >>> z = x**2 * y + y**3
    >>> from autograd_core.tracing import record_backward
    >>> with record_backward() as traces:
    ...     z.backward()
    >>> graph = build_graph(z, names={"x": x, "y": y, "z": z}, trace=traces[0])
    >>> positions = layout(graph)
    >>> [s.text for s in trace_steps(graph, traces[0]) if s.kind == "accumulate"]
    ['y.grad: None → 31', 'x.grad: None → 12']
"""

from .layout import count_crossings, layout
from .model import (
    EDGE_ATTRIBUTES,
    GRAPH_ATTRIBUTES,
    KINDS,
    NODE_ATTRIBUTES,
    build_graph,
    plain_graph,
)
from .replay import ReplayContribution, ReplayStep, apply_trace, trace_steps
from .values import full_text, shape_text, summarize

__all__ = [
    "EDGE_ATTRIBUTES",
    "GRAPH_ATTRIBUTES",
    "KINDS",
    "NODE_ATTRIBUTES",
    "ReplayContribution",
    "ReplayStep",
    "apply_trace",
    "build_graph",
    "count_crossings",
    "full_text",
    "layout",
    "plain_graph",
    "shape_text",
    "summarize",
    "trace_steps",
]

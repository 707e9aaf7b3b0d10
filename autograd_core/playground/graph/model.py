"""The computation graph as a networkx.DiGraph: the picture the playground draws.

PyTorch records a graph *backwards*: `z.grad_fn` is the last operation, and its `next_functions`
point to the operations (or the leaves' AccumulateGrad nodes) that produced its inputs.
`build_graph` walks that same structure from the tensors you give it and turns it around into the
forward data flow a learner reads from left to right:

    x ─► [^2 PowBackward0] ─► x**2 ─► [× MulBackward0] ─► x**2 * y ─► [+ AddBackward0] ─► z
    y ───────────────────────────────────┘ ... ─► [^3 PowBackward0] ─► y**3 ─┘

There are four kinds of node (the `kind` attribute):

    leaf      a tensor you created with requires_grad=True; backward adds into its .grad
              (PyTorch's AccumulateGrad node)
    op        one recorded operation: a grad_fn such as MulBackward0
    result    the tensor an op produced (its value, and the gradient that reached it)
    constant  an input that gets no gradient: a Python number (the 2 in `x * 2`), a tensor that
              does not require grad, or a value cut from the graph by `detach()` or computed under
              `no_grad()`. A detach() copy gets a dashed edge (`cut=True`) from the node it was cut
              from, so the learner sees where the gradient stops.

Edges follow the data: input -> op (`input_index` says which argument), op -> result.

Node ids are strings numbered in one fixed breadth-first order from the outputs (`result0`,
`op1`, `leaf2`, `const3`, ...): rerunning the same code gives the same ids, so pages can use
them as widget keys. `graph.graph` maps engine objects back to node ids (see `GRAPH_ATTRIBUTES`),
which is how `trace_steps` finds where each step of a backward pass happened.

Values of intermediate results are usually gone by the time the graph is drawn (nothing keeps
`x**2` alive once `x**2 * y` is computed), so they are recomputed from their inputs with the same
registry entry the engine ran (`value_source` says which values were recomputed).

    >>> x = torch.tensor(2.0, requires_grad=True)
    >>> z = x * 3
    >>> g = build_graph(z, names={"x": x, "z": z})
    >>> [(n, d["kind"], d["label"]) for n, d in g.nodes(data=True)]
    [('result0', 'result', 'z'), ('op1', 'op', '×'), ('leaf2', 'leaf', 'x'),
     ('const3', 'constant', '3')]
"""

from __future__ import annotations

import weakref
from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
import numpy as np

from autograd_core.function import AccumulateGrad
from autograd_core.grad_mode import no_grad
from autograd_core.tensor import Tensor

from .labels import fill_labels
from .replay import apply_trace
from .values import copy_of, number, shape_text, summarize

KINDS = ("leaf", "op", "result", "constant")
OUTPUT = -1  # in `values`' (id(grad_fn), index) keys: the op's result (iterations.OUTPUT)
# Why a value is not shown, in a learner's words (the Inspector shows these notes).
GONE_NOTE = (
    "This value no longer exists: it needed no gradient, so the graph did not keep it, and "
    "nothing else did."
)
CUSTOM_INPUT_NOTE = "A custom Function keeps only the shape of an input that needs no gradient."

_PREFIX = {"leaf": "leaf", "op": "op", "result": "result", "constant": "const"}

NODE_ATTRIBUTES: dict[str, str] = {
    "kind": '"leaf" | "op" | "result" | "constant"',
    "label": "what to write on the node: the snippet's variable name, else the op's symbol "
    "(`×`, `^2`) or an expression built from the inputs (`x**2 * y`) or the number",
    "name": "the snippet variable name of this tensor, or None",
    "expr": "the value as an expression of the inputs' labels (`x**2 * y`)",
    "pytorch_name": "PyTorch's class name: `MulBackward0` for ops, `AccumulateGrad` for leaves, "
    "None otherwise",
    "grad_fn": "for results: the name PyTorch prints in `grad_fn=<MulBackward0>`",
    "symbol": "for ops: the registry's short maths symbol (`×`)",
    "math": "for ops: the operation in LaTeX with inputs a, b, c (`a \\cdot b`)",
    "primitive": "for ops: the registry name (`mul`)",
    "params": "for ops: non-tensor parameters as display strings ({'exponent': '2'})",
    "derivatives": "for ops: LaTeX of d(result)/d(input) per input letter ({'a': 'b', 'b': 'a'})",
    "inputs": "for ops: the node id feeding each input index (tuple)",
    "shape": "tuple of ints (() for scalars and Python numbers)",
    "dtype": "`float32`, ...; `int`/`float` for a Python number",
    "value": "forward value, a NumPy copy (None if unknown)",
    "value_source": '"tensor" (read from the live tensor), "recomputed", "snapshot" (the value '
    "it had when the drawn backward pass started, given to build_graph), or None",
    "value_now": "for a snapshot value: the tensor's value now (a training step changed it), "
    "else None",
    "module": "for ops and results: the module call that computed it (`model.fc1 · Linear`, "
    "the innermost one), or None",
    "grad": "a leaf's .grad; for ops and results the gradient computed there, if known "
    "(retain_grad() or a trace); NumPy copy or None",
    "trace_grad": "the gradient that reached this node in the trace given to build_graph",
    "hooked": "the gradient a hook (register_hook) replaced on this tensor in that trace, "
    "else None",
    "requires_grad": "bool",
    "is_leaf": "bool (PyTorch's definition: no grad_fn); None for Python numbers",
    "retains_grad": "bool",
    "origin": 'None, "detach", "no_grad" or "from_detach" (computed from a detach() copy): how a '
    "constant was cut from the graph",
    "origin_op": 'for "no_grad" and "from_detach" constants: the registry name of the op that '
    "made it",
    "saved": "for ops: what the node keeps for backward, list of dicts "
    "{name, summary, node (id of that tensor's node or None), freed (bool)}",
    "saved_freed": "for ops: True once backward freed the saved tensors (no retain_graph)",
    "site": "the caller's source span for this tensor (from `sites`), or None",
    "note": "a remark for the learner (e.g. 'overwritten in place'), or None",
}

EDGE_ATTRIBUTES: dict[str, str] = {
    "kind": '"input" (tensor -> op), "output" (op -> result), "param" (tensor parameter such as '
    'where\'s condition -> op) or "cut" (where detach() cut the graph)',
    "input_index": "which argument of the op (first one, if the same tensor is used twice); None "
    "for output, param and cut edges",
    "input_indices": "tuple of every argument position this edge feeds (x * x: (0, 1))",
    "cut": "True for the dashed edge from a value to its detach() copy",
    "label": "text to draw on the edge (`detach()`), or None",
    "param": "for param edges: the parameter's name",
    "grad": "the gradient sent back along this edge in the given trace (NumPy), or None",
}

GRAPH_ATTRIBUTES: dict[str, str] = {
    "roots": "node ids of the tensors build_graph was given, in order",
    "groups": "the module calls drawn as frames: [{label, members (box node ids, nested calls' "
    "included), parent (index in this list, or None)}]",
    "iteration": "(number, total) when the graph is one iteration of a loop (set by the page "
    "that drew it), else None",
    "engine_nodes": "{grad_fn or AccumulateGrad object: op or leaf node id}",
    "results": "{grad_fn object: id of the result node it produced}",
    "tensors": "{id(tensor): node id} for every tensor met (kept alive by the graph)",
}

_DEFAULTS: dict[str, Any] = {
    name: None for name in NODE_ATTRIBUTES if name not in ("requires_grad", "retains_grad")
} | {"requires_grad": False, "retains_grad": False, "saved": [], "params": {}}


def plain_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """`graph` without its maps from engine objects to node ids (GRAPH_ATTRIBUTES but `roots`):
    once the replay steps are placed, a page needs only node ids, and the engine objects would
    keep the learner's tensors alive and could not leave the worker process that ran the code.
    What is left is plain data (strings, numbers, NumPy arrays): it pickles."""
    graph.graph = {
        "roots": list(graph.graph.get("roots", ())),
        "groups": list(graph.graph.get("groups", ())),
        "iteration": graph.graph.get("iteration"),
    }
    return graph


def build_graph(
    *tensors: Tensor | Iterable[Tensor],
    names: Mapping[str, Any] | None = None,
    sites: Mapping[int, Any] | None = None,
    trace: Any = None,
    modules: Any = None,
    values: Mapping[int, np.ndarray] | None = None,
) -> nx.DiGraph:
    """The recorded graph behind `tensors`, as a networkx.DiGraph in forward direction.

    names  variable name -> tensor (e.g. the snippet's namespace; non-tensors are ignored):
           labels nodes with the names the learner used.
    sites  id(tensor) -> source span: stored as the node's `site` attribute.
    trace  a tracing.BackwardTrace (or a list of them: the last is used): gradients of ops and
           intermediate results are taken from it, and its roots are drawn too.
    modules  a module_calls.ModuleCalls (named): ops get the `module` that computed them, and
           graph.graph["groups"] the frames to draw.
    values id(tensor) -> its value when that forward ran (a loop's earlier iteration): shown
           instead of the value now, which becomes `value_now`; results are recomputed from it.
           Also (id(grad_fn), i) -> the value of that op's input i then (one that needs no
           gradient, which the graph holds only weakly), and (id(grad_fn), OUTPUT) -> the op's
           result then (a custom Function's, which cannot be recomputed): see
           graph_explorer.iterations.hold_forward.

    Attributes are listed in NODE_ATTRIBUTES, EDGE_ATTRIBUTES and GRAPH_ATTRIBUTES.
    """
    if isinstance(trace, list | tuple):
        trace = trace[-1] if trace else None
    builder = _Builder(names, sites, values)
    roots = list(_flatten(tensors))
    if trace is not None:
        roots += [t for t in trace.roots if all(t is not r for r in roots)]
    for t in roots:
        builder.add_root(t)
    builder.expand()
    graph = builder.graph
    order = list(nx.topological_sort(graph))
    _fill_values(graph, order, builder.op_fns)
    graph.graph["groups"] = module_groups(graph, builder.op_fns, modules) if modules else []
    fill_labels(graph, order, module_outputs(graph, graph.graph["groups"]))
    if trace is not None:
        apply_trace(graph, trace)
        if values is not None:  # an earlier iteration: .grad as that backward pass left it
            for data in graph.nodes.values():
                if data["kind"] == "leaf" and data["trace_grad"] is not None:
                    data["grad"] = data["trace_grad"]
    return graph


def _flatten(items: Iterable[Any]) -> Iterable[Tensor]:
    for item in items:
        if isinstance(item, Tensor):
            yield item
        elif isinstance(item, Iterable) and not isinstance(item, str | bytes):
            yield from _flatten(item)
        else:
            raise TypeError(f"build_graph expects tensors, got {type(item).__name__}")


class _Builder:
    """Walks grad_fn.next_functions breadth-first, numbering nodes in the order it meets them."""

    def __init__(
        self,
        names: Mapping[str, Any] | None,
        sites: Mapping[int, Any] | None,
        values: Mapping[int, np.ndarray] | None = None,
    ) -> None:
        self.graph = nx.DiGraph()
        self.values = values or {}
        self.count = 0
        self.names = _tensor_names(names or {})
        self.sites = sites or {}
        self.engine_nodes: dict[Any, str] = {}
        self.results: dict[Any, str] = {}
        self.tensors: dict[int, str] = {}
        self.gone: dict[int, str] = {}  # id(weak reference) -> node of a tensor that died
        self.keepalive: list[Tensor] = []
        self.op_fns: dict[str, Any] = {}  # op id -> grad_fn
        self.queue: deque = deque()
        self.graph.graph.update(
            roots=[],
            engine_nodes=self.engine_nodes,
            results=self.results,
            tensors=self.tensors,
            keepalive=self.keepalive,
        )

    # --- nodes ------------------------------------------------------------------------------

    def new(self, kind: str, **attrs: Any) -> str:
        node_id = f"{_PREFIX[kind]}{self.count}"
        self.count += 1
        self.graph.add_node(node_id, **(_DEFAULTS | {"kind": kind} | attrs))
        return node_id

    def tensor_attrs(self, t: Tensor, then: np.ndarray | None = None) -> dict[str, Any]:
        self.keepalive.append(t)
        retained = t._grad if t._retains_grad else None
        if then is None:
            then = self.values.get(id(t))
        return {
            "name": self.names.get(id(t)),
            "shape": t._data.shape,  # (the array's: a lazy layer's weight has no .shape yet)
            "dtype": t._dtype.name,
            "value": copy_of(t) if then is None else then,
            "value_now": None if then is None else copy_of(t),
            "value_source": "tensor" if then is None else "snapshot",
            "requires_grad": t.requires_grad,
            "is_leaf": t.is_leaf,
            "retains_grad": t._retains_grad,
            "grad": copy_of(t._grad) if t.is_leaf else copy_of(retained),
            "site": self.sites.get(id(t)),
        }

    def add_root(self, t: Tensor) -> None:
        if t.grad_fn is not None:
            node_id = self.result(t.grad_fn, tensor=t)
        elif t.requires_grad:
            node_id = self.leaf(t._accumulator())
        else:
            node_id = self.constant_tensor(t)
        self.graph.graph["roots"].append(node_id)

    def result(self, fn: Any, tensor: Tensor | None = None, meta: tuple | None = None) -> str:
        """The result node of `fn` (created with its op node the first time it is met)."""
        if fn in self.results:
            return self.results[fn]
        note = None
        if tensor is None:
            out = fn._output() if fn._output is not None else None
            if out is not None and out.grad_fn is fn:
                tensor = out
            elif out is not None:
                note = "overwritten in place afterwards; the value shown is from before"
        then = self.values.get((id(fn), OUTPUT))
        if tensor is not None:
            attrs = self.tensor_attrs(tensor, then)
        else:
            shape, dtype = meta if meta is not None else ((), None)
            attrs = {
                "shape": tuple(shape),
                "dtype": dtype.name if dtype is not None else None,
                "requires_grad": True,
                "is_leaf": False,
            }
            if then is not None:
                attrs |= {"value": then, "value_source": "snapshot"}
        attrs["grad_fn"] = fn.name()
        result_id = self.new("result", note=note, **attrs)
        self.results[fn] = result_id
        if tensor is not None:
            self.tensors[id(tensor)] = result_id
        op_id = self.op(fn)
        self.edge(op_id, result_id, None, kind="output")
        return result_id

    def op(self, fn: Any) -> str:
        prim = getattr(fn, "primitive", None)
        if prim is None:
            return self.custom_op(fn)
        derivatives = derivatives_of(prim, len(fn.next_functions))
        op_id = self.new(
            "op",
            pytorch_name=fn.name(),
            symbol=prim.symbol,
            math=prim.math,
            primitive=prim.name,
            params={k: _param_text(v) for k, v in fn._params.items()},
            derivatives=derivatives,
            requires_grad=True,
            is_leaf=False,
            saved_freed=bool(fn._released),
        )
        self.engine_nodes[fn] = op_id
        self.op_fns[op_id] = fn
        self.queue.append(fn)
        return op_id

    def custom_op(self, fn: Any) -> str:
        """A node whose backward is Python code rather than a registry formula: a custom
        autograd.Function's `<MyExpBackward>`, or a module backward hook's node."""
        name = fn.name()
        op_id = self.new(
            "op",
            pytorch_name=name,
            symbol=name.removesuffix("Backward") or name,
            math=r"\text{your own backward()}",
            primitive="custom",
            params={},
            derivatives={},
            requires_grad=True,
            is_leaf=False,
            saved_freed=bool(fn._released),
        )
        self.engine_nodes[fn] = op_id
        self.op_fns[op_id] = fn
        self.queue.append(fn)
        return op_id

    def leaf(self, acc: AccumulateGrad) -> str:
        if acc in self.engine_nodes:
            return self.engine_nodes[acc]
        t = acc.variable
        leaf_id = self.new("leaf", pytorch_name=type(acc).__name__, **self.tensor_attrs(t))
        self.engine_nodes[acc] = leaf_id
        self.tensors[id(t)] = leaf_id
        return leaf_id

    def constant_input(self, constant: Any, meta: tuple, then: np.ndarray | None = None) -> str:
        """An op input that needs no gradient: a Python number or a (weakly held) tensor;
        `then`: its value when that forward ran, if the page kept it."""
        if isinstance(constant, weakref.ref) or constant is None:
            t = constant() if constant is not None else None
            if t is not None:
                return self.constant_tensor(t, then)
            if constant is not None and id(constant) in self.gone:  # x**2 used twice
                return self.gone[id(constant)]
            shape, dtype = meta
            if then is not None:
                attrs = {"value": then, "value_source": "snapshot"}
            elif constant is not None:
                attrs = {"note": GONE_NOTE}
            else:
                attrs = {"note": CUSTOM_INPUT_NOTE}
            node_id = self.new(
                "constant",
                shape=tuple(shape),
                dtype=dtype.name if dtype is not None else None,
                is_leaf=True,
                **attrs,
            )
            if constant is not None:
                self.gone[id(constant)] = node_id
                self.keepalive.append(constant)  # (its id names this node while drawing)
            return node_id
        value = np.asarray(constant)
        return self.new(
            "constant", shape=(), dtype=type(constant).__name__, value=value, value_source="tensor"
        )

    def constant_tensor(self, t: Tensor, then: np.ndarray | None = None) -> str:
        if id(t) in self.tensors:
            return self.tensors[id(t)]
        attrs = self.tensor_attrs(t, then)
        origin = t._origin
        if origin is not None:
            attrs["origin"] = origin[0]
            if origin[0] == "no_grad":
                attrs["origin_op"] = origin[1]
                attrs["note"] = f"computed by {origin[1]} under no_grad(): no graph was recorded"
            elif origin[0] == "from_detach":
                attrs["origin_op"] = origin[1]
                attrs["note"] = f"computed by {origin[1]} from a detach() copy: gradients stop here"
            else:
                attrs["note"] = "a detach() copy: gradients stop here"
        const_id = self.new("constant", **attrs)
        self.tensors[id(t)] = const_id
        if origin is not None and origin[0] == "detach":
            self.cut_edge(origin[1], origin[2], const_id, t, "detach()")
        elif origin is not None and len(origin) > 2:  # one cut edge per tracked input
            label = "no_grad()" if origin[0] == "no_grad" else "detach()"
            for node_ref, tensor_ref in origin[2]:
                self.cut_edge(node_ref, tensor_ref, const_id, t, label)
        return const_id

    def cut_edge(
        self, node_ref: Any, tensor_ref: Any, const_id: str, t: Tensor, label: str
    ) -> None:
        """Draw where the gradient flow was cut: from the graph the value came from."""
        source = node_ref()
        if source is None:
            return
        if isinstance(source, AccumulateGrad):
            source_id = self.leaf(source)
        else:
            src_tensor = tensor_ref()
            if src_tensor is not None and src_tensor.grad_fn is not source:
                src_tensor = None
            meta = (
                (src_tensor.shape, src_tensor._dtype)
                if src_tensor is not None
                else (t.shape, t._dtype)
            )
            source_id = self.result(source, tensor=src_tensor, meta=meta)
        self.edge(source_id, const_id, None, kind="cut", label=label)

    # --- edges ------------------------------------------------------------------------------

    def edge(self, u: str, v: str, index: int | None, *, kind: str = "input", **attrs: Any) -> None:
        graph = self.graph
        if graph.has_edge(u, v):
            data = graph.edges[u, v]
            data["input_indices"] = (*data["input_indices"], index)
            return
        graph.add_edge(
            u,
            v,
            kind=kind,
            input_index=index,
            input_indices=(index,),
            cut=kind == "cut",
            label=attrs.get("label"),
            param=attrs.get("param"),
            grad=None,
        )

    def expand(self) -> None:
        """Draw the inputs of every op met so far (breadth-first, so ids follow distance)."""
        while self.queue:
            fn = self.queue.popleft()
            op_id = self.engine_nodes[fn]
            inputs = []
            for i, (nxt, _) in enumerate(fn.next_functions):
                meta = fn._input_meta[i]
                if nxt is None:
                    then = self.values.get((id(fn), i))
                    source = self.constant_input(_constant(fn, i), meta, then)
                elif isinstance(nxt, AccumulateGrad):
                    source = self.leaf(nxt)
                else:
                    source = self.result(nxt, meta=meta)
                inputs.append(source)
                self.edge(source, op_id, i)
            for name, value in fn._params.items():
                if isinstance(value, Tensor):
                    self.edge(self.constant_tensor(value), op_id, None, kind="param", param=name)
            node = self.graph.nodes[op_id]
            node["inputs"] = tuple(inputs)
            node["saved"] = _saved(fn, self.tensors)


def module_groups(graph: nx.DiGraph, op_fns: dict[str, Any], modules: Any) -> list[dict[str, Any]]:
    """The frames: one per module call that computed something drawn, holding the boxes of its
    own ops and of the calls inside it; ordered outer before inner. A module called more than
    once is told apart by the call's number (`shared · Linear, call 2`)."""
    members: dict[Any, list[str]] = {}
    owned: dict[str, Any] = {}
    for op_id, fn in op_fns.items():
        call = modules.call_of(fn)
        if call is None:
            continue
        owned[op_id] = call
        box = _result_of(graph, op_id)
        for outer in call.enclosing():
            members.setdefault(outer, []).append(box)
    by_number = sorted(members, key=lambda c: c.number)
    labels = [c.label for c in by_number]
    nth: dict[str, int] = {}
    label_of = {}
    for call in by_number:
        nth[call.label] = nth.get(call.label, 0) + 1
        several = labels.count(call.label) > 1
        label_of[call] = f"{call.label}, call {nth[call.label]}" if several else call.label
    for op_id, call in owned.items():
        label = label_of[call]
        graph.nodes[op_id]["module"] = graph.nodes[_result_of(graph, op_id)]["module"] = label
    order = sorted(members, key=lambda c: (len(c.enclosing()), c.number))
    position = {call: i for i, call in enumerate(order)}
    groups = []
    for call in order:
        parent = next((p for p in call.enclosing()[1:] if p in position), None)
        groups.append(
            {
                "label": label_of[call],
                "members": sorted(set(members[call]), key=_node_number),
                "parent": position[parent] if parent is not None else None,
            }
        )
    return groups


def module_outputs(graph: nx.DiGraph, groups: list[dict[str, Any]]) -> dict[str, tuple]:
    """{the box a module call returned: (the module's path, the boxes it was called on)}, so
    that box reads `fc1(x)` as the learner wrote it, not `addmm(fc1.bias, x, …)`. The outermost
    call wins (`model(x)`, not `model[5](…)`). Left out: a call of a module no variable reaches
    (its frame says only its class), and one that returned more than one tensor."""
    out: dict[str, tuple] = {}
    for group in reversed(groups):  # inner calls first: an outer call returning it overwrites
        path, dot, _ = group["label"].partition(" · ")
        if not dot:
            continue
        members = set(group["members"])
        returned = [
            box
            for box in group["members"]
            if not any(_result_of(graph, op) in members for op in graph.successors(box))
            or not graph.out_degree(box)
        ]
        if len(returned) != 1:
            continue
        # its own parameters (`model.0.weight` for `model[0]`) are not what it was called on
        own = path.replace("[", ".").replace("]", "") + "."
        args: dict[str, None] = {}
        for box in group["members"]:
            (op,) = graph.predecessors(box)
            for i in graph.nodes[op]["inputs"]:
                data = graph.nodes[i]
                name = data["name"] or ""
                if i in members or name.startswith(own) or (data["kind"] != "result" and not name):
                    continue
                args[i] = None
        out[returned[0]] = (path, list(args))
    return out


def _result_of(graph: nx.DiGraph, op_id: str) -> str:
    return next(v for v in graph.successors(op_id) if graph.edges[op_id, v]["kind"] == "output")


def _node_number(node_id: str) -> int:
    return int("".join(ch for ch in node_id if ch.isdigit()))


def _tensor_names(names: Mapping[str, Any]) -> dict[int, str]:
    """id(tensor) -> the name to draw: `x`; `model.weight` for a module's parameters;
    `params[0]` inside a list. A tensor the snippet named directly keeps that name."""
    from autograd_core.nn import Module

    found: dict[int, str] = {}
    later: list[tuple[str, Any]] = []
    for name, value in names.items():
        if isinstance(value, Module):  # first: `for p in model.parameters()` leaves `p` behind
            for p, t in value.named_parameters():
                found.setdefault(id(t), f"{name}.{p}")
            for b, t in value.named_buffers():
                found.setdefault(id(t), f"{name}.{b}")
    for name, value in names.items():
        if isinstance(value, Tensor):
            found.setdefault(id(value), name)
        elif isinstance(value, list | tuple):
            later += [(f"{name}[{i}]", t) for i, t in enumerate(value) if isinstance(t, Tensor)]
    for name, tensor in later:
        found.setdefault(id(tensor), name)
    return found


def derivatives_of(prim: Any, inputs: int) -> dict[str, str]:
    """LaTeX of d(result)/d(input) per input letter, for an op of `prim` with `inputs` inputs."""
    if prim.variadic:
        return {letter: prim.derivatives["tensors"].latex for letter in _letters(inputs)}
    return {
        _letters(len(prim.inputs))[i]: prim.derivatives[name].latex
        for i, name in enumerate(prim.inputs)
        if name in prim.derivatives
    }


def _letters(n: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[:n] if n <= 26 else "a" * n


def _param_text(value: Any) -> str:
    if isinstance(value, Tensor):
        return f"tensor {shape_text(tuple(value.shape))}"
    if isinstance(value, int | float | bool | np.number):
        return number(value)
    return str(value)


def _constant(fn: Any, index: int) -> Any:
    """Input `index` of an op that needs no gradient, as the op kept it (a custom Function keeps
    none: only its shape and dtype are known)."""
    constants = getattr(fn, "_constants", None)
    return constants[index] if constants is not None else None


def _saved(fn: Any, tensors: dict[int, str]) -> list[dict[str, Any]]:
    """What `fn` keeps for its backward formula (PyTorch's `grad_fn._saved_*`)."""
    prim = getattr(fn, "primitive", None)
    if prim is None:
        return _saved_by_ctx(fn, tensors)
    entries = []
    rank = {name: i for i, name in enumerate((*prim.inputs, "result", "tensors"))}

    def order(name: str) -> int:  # the inputs' values first, in argument order
        return rank.get(name, len(rank))

    if fn._released:
        # The values are gone. The engine keeps their names; if it did not, they follow from
        # which inputs needed a gradient.
        names = dict.fromkeys(fn._saved)
        if not names:
            for i, constant in enumerate(fn._constants):
                if constant is None:
                    names.update(dict.fromkeys(prim._needs.get(-1 if prim.variadic else i, ())))
        for name in sorted(names, key=order):
            entries.append(
                {"name": name, "summary": "freed after backward", "node": None, "freed": True}
            )
    else:
        saved = sorted(fn._saved.items(), key=lambda item: order(item[0]))
        for name, (value, version) in saved:
            if isinstance(value, tuple):  # cat/stack save their input list
                summary = f"{len(value)} tensors"
                node = None
            elif isinstance(value, Tensor):
                summary = summarize(value._data)
                if version is not None and value._vc[0] != version:
                    summary += " (modified in place since: backward will fail)"
                node = tensors.get(id(value))
            else:
                summary, node = number(value), None
            entries.append({"name": name, "summary": summary, "node": node, "freed": False})
    for name, value in fn._params.items():
        entries.append({"name": name, "summary": _param_text(value), "node": None, "freed": False})
    return entries


def _saved_by_ctx(fn: Any, tensors: dict[int, str]) -> list[dict[str, Any]]:
    """What a custom Function's forward handed to ctx.save_for_backward."""
    if fn._released:
        return [{"name": "saved_tensors", "summary": "freed after backward", "node": None,
                 "freed": True}]  # fmt: skip
    try:
        saved = fn.saved_tensors if hasattr(fn, "saved_tensors") else ()
    except RuntimeError as error:  # changed in place since: say so, as backward will
        return [{"name": "saved_tensors", "summary": str(error)[:200], "node": None,
                 "freed": False}]  # fmt: skip
    return [
        {
            "name": f"saved_tensors[{i}]",
            "summary": summarize(t._data) if isinstance(t, Tensor) else "None",
            "node": tensors.get(id(t)) if isinstance(t, Tensor) else None,
            "freed": False,
        }
        for i, t in enumerate(saved)
    ]


# --- values and labels, filled in forward order once every node exists ----------------------


def _fill_values(graph: nx.DiGraph, order: list[str], op_fns: dict[str, Any]) -> None:
    """Recompute values nothing kept alive, from their inputs, with the op's registry entry."""
    nodes = graph.nodes
    for node_id in order:
        data = nodes[node_id]
        if data["kind"] != "result":
            continue
        (op_id,) = graph.predecessors(node_id)
        if data["value"] is None:
            fn = op_fns[op_id]
            value = _recompute(fn, [nodes[i]["value"] for i in nodes[op_id]["inputs"]])
            if value is not None:
                data["value"], data["value_source"] = value, "recomputed"
                data["dtype"] = data["dtype"] or str(value.dtype)
            elif data["note"] is None:
                data["note"] = _unknown_note(fn, [nodes[i] for i in nodes[op_id]["inputs"]])
        nodes[op_id]["value"] = data["value"]
        nodes[op_id]["shape"], nodes[op_id]["dtype"] = data["shape"], data["dtype"]
        if nodes[op_id]["grad"] is None:
            nodes[op_id]["grad"] = data["grad"]


def _unknown_note(fn: Any, inputs: list[dict[str, Any]]) -> str:
    """Why a result's value is not shown, in a learner's words."""
    if getattr(fn, "primitive", None) is None:
        return (
            "This value was not kept: your own forward() computed it, and nothing held on to "
            "it once it was used."
        )
    missing = [d["label"] for d in inputs if d["value"] is None]
    which = f" ({', '.join(map(str, missing[:2]))})" if missing else ""
    return (
        "This value can't be worked out again: PyTorch frees a result once nothing needs it, "
        f"and the value of an input{which} it was computed from was not kept either."
    )


def _recompute(fn: Any, values: list[np.ndarray | None]) -> np.ndarray | None:
    if getattr(fn, "primitive", None) is None:  # the learner's own forward: not ours to rerun
        return None
    args = []
    for (_shape, dtype), value, constant in zip(fn._input_meta, values, fn._constants):
        if dtype is None and constant is not None and not isinstance(constant, weakref.ref):
            args.append(constant)  # a Python number: pass it as one, for PyTorch's promotion
        elif value is None or dtype is None:
            return None
        else:
            args.append(Tensor._make(np.array(value, dtype=dtype.numpy), dtype))
    try:
        with no_grad():
            out = fn.primitive(*args, **fn._params)
    except Exception:  # a value we could not rebuild is shown as unknown, not as an error
        return None
    return copy_of(out) if isinstance(out, Tensor) else None

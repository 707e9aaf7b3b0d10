"""A real PyTorch graph as the same networkx.DiGraph `build_graph` makes of ours.

A learner following a tutorial in real PyTorch should see the picture the playground draws. So
this walks what PyTorch exposes, as torchviz's `make_dot` does: `grad_fn.next_functions` back to
the leaves' AccumulateGrad nodes (whose `.variable` is the leaf, with its value and `.grad`), the
`_saved_*` attributes each node keeps for the chain rule, and `_input_metadata` (the shape and
dtype of the tensor each node produced). Node ids, kinds, attributes and edges are those of
model.py (NODE_ATTRIBUTES), in the same breadth-first order, so the same program gives the same
ids whichever engine ran it, and the same figure code draws it.

torch is never imported here: a tensor is recognised by its type's module (`torch`), and every
attribute is read by name, so recorded stand-ins (tests/golden/torch_graphs.json) go through the
same code as live tensors.

What PyTorch does not keep, the graph cannot show, and says so:
- intermediate values: taken from the saved tensors that hold them (MulBackward0 saves both
  factors), else recomputed with our registry entry of the same name when every input and
  parameter is known and the result has the shape PyTorch recorded, else unknown (`?`);
- gradients of intermediate results: only for tensors you name that called retain_grad(), or
  from a replay (torch_replay.py);
- inputs that need no gradient (the data y in `y_pred - y`): their value when the node saved
  it, or when a sum or difference gives it back from its known result (then named, if it is
  a tensor given in names=), else unknown;
- where detach() or no_grad() cut the graph: PyTorch records nothing, so there is no dashed edge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
import numpy as np

from autograd_core.grad_mode import no_grad
from autograd_core.ops import REGISTRY
from autograd_core.tensor import Tensor

from .labels import fill_labels
from .model import _Builder, derivatives_of, module_groups, module_outputs
from .replay import apply_trace
from .values import number, summarize

# PyTorch's node class -> our registry entry of the same name (its symbol, LaTeX, input names).
_BY_CLASS: dict[str, Any] = {}
for _prim in REGISTRY.values():
    _BY_CLASS.setdefault(_prim.node_class.__name__, _prim)

# Saved attributes that describe a tensor's layout, not a value the chain rule uses.
_LAYOUT_SUFFIXES = ("_sym_sizes", "_sym_strides", "_sym_numel", "_sym_storage_offset")


def is_torch_tensor(value: Any) -> bool:
    """A real PyTorch tensor (or a recorded stand-in of one), told by its type's module."""
    module = type(value).__module__ or ""
    return (module == "torch" or module.startswith("torch.")) and hasattr(value, "grad_fn")


def numpy_of(t: Any) -> np.ndarray | None:
    """A private NumPy copy of a PyTorch tensor's values (None if it has none to give)."""
    if t is None:
        return None
    if isinstance(t, int | float | bool):
        return np.asarray(t)
    try:
        data = t.detach().cpu()
        try:
            return np.array(data.numpy(), copy=True)
        except (TypeError, RuntimeError):  # bfloat16 and friends have no NumPy dtype
            return np.array(data.float().numpy(), copy=True)
    except Exception:  # a meta tensor, a tensor subclass that refuses: shown as unknown
        return None


def dtype_name(t: Any) -> str | None:
    dtype = getattr(t, "dtype", None)
    return None if dtype is None else str(dtype).removeprefix("torch.")


def build_torch_graph(
    *tensors: Any, names: Mapping[str, Any] | None = None, trace: Any = None, modules: Any = None
) -> nx.DiGraph:
    """The graph behind PyTorch `tensors`, with model.py's ids, attributes and edges.

    names  variable name -> tensor, nn.Module (its parameters get module paths:
           `model.fc1.weight`) or list of tensors; tensors named here show their name and,
           for a non-leaf that called retain_grad(), its .grad.
    trace  a BackwardTrace of this graph (torch_replay.torch_trace): every node's gradient.
    modules  a module_calls.ModuleCalls (named) that watched the forward: the frames around
           each module call, as build_graph draws them.
    """
    builder = _TorchBuilder(torch_names(names or {}))
    for t in _flatten(tensors):
        builder.add_root(t)
    builder.expand()
    graph = builder.graph
    order = list(nx.topological_sort(graph))
    _fill_values(graph, order, builder)
    graph.graph["groups"] = module_groups(graph, builder.op_fns, modules) if modules else []
    fill_labels(graph, order, module_outputs(graph, graph.graph["groups"]))
    if trace is not None:
        apply_trace(graph, trace)
    return graph


def torch_names(names: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(name, tensor) pairs, as model._tensor_names finds them for ours: a module's parameters
    and buffers get their module path (`model.fc1.weight`); a tensor named directly keeps that
    name (it comes first)."""
    found: list[tuple[str, Any]] = []
    later: list[tuple[str, Any]] = []
    for name, value in names.items():
        if is_torch_tensor(value):
            found.append((name, value))
        elif callable(getattr(value, "named_parameters", None)):
            later += [(f"{name}.{p}", t) for p, t in value.named_parameters()]
            later += [(f"{name}.{b}", t) for b, t in value.named_buffers()]
        elif isinstance(value, list | tuple):
            later += [(f"{name}[{i}]", t) for i, t in enumerate(value) if is_torch_tensor(t)]
    return found + later


def _flatten(items: Iterable[Any]) -> Iterable[Any]:
    for item in items:
        if is_torch_tensor(item):
            yield item
        elif isinstance(item, list | tuple):
            yield from _flatten(item)
        else:
            raise TypeError(f"expected PyTorch tensors, got {type(item).__name__}")


def saved_attributes(fn: Any) -> list[str]:
    """The names of `fn`'s `_saved_*` attributes, as PyTorch lists them (sorted)."""
    return sorted(
        a for a in dir(fn) if a.startswith("_saved_") and not a.startswith("_saved_tensors")
    )


class _TorchBuilder(_Builder):
    """Walks next_functions breadth-first, numbering nodes as model._Builder does (whose node
    and edge bookkeeping it shares); every PyTorch object is read by attribute name."""

    def __init__(self, names: list[tuple[str, Any]]) -> None:
        super().__init__(None, None)
        # A named non-leaf is found by its grad_fn: PyTorch's nodes do not point to their output.
        self.by_fn: dict[Any, Any] = {}
        self.named_tensors = names
        for name, t in names:
            self.names.setdefault(id(t), name)
            if t.grad_fn is not None:
                self.by_fn.setdefault(t.grad_fn, t)

    def tensor_attrs(self, t: Any) -> dict[str, Any]:
        self.keepalive.append(t)
        is_leaf = bool(getattr(t, "is_leaf", t.grad_fn is None))
        retains = bool(getattr(t, "retains_grad", False))
        grad = getattr(t, "grad", None) if (is_leaf or retains) else None
        return {
            "name": self.names.get(id(t)),
            "shape": tuple(t.shape),
            "dtype": dtype_name(t),
            "value": numpy_of(t),
            "value_source": "tensor",
            "requires_grad": bool(t.requires_grad),
            "is_leaf": is_leaf,
            "retains_grad": retains,
            "grad": numpy_of(grad),
        }

    def add_root(self, t: Any) -> None:
        if t.grad_fn is not None:
            node_id = self.result(t.grad_fn, tensor=t)
        elif t.requires_grad:
            node_id = self.leaf_tensor(t, None)
        else:
            node_id = self.constant_tensor(t)
        self.graph.graph["roots"].append(node_id)

    def result(self, fn: Any, tensor: Any = None) -> str:
        if fn in self.results:
            return self.results[fn]
        tensor = tensor if tensor is not None else self.by_fn.get(fn)
        if tensor is not None:
            attrs = self.tensor_attrs(tensor)
        else:
            shape, dtype = _output_meta(fn)
            attrs = {"shape": shape, "dtype": dtype, "requires_grad": True, "is_leaf": False}
        attrs["grad_fn"] = type(fn).__name__
        result_id = self.new("result", **attrs)
        self.results[fn] = result_id
        if tensor is not None:
            self.tensors[id(tensor)] = result_id
        self.edge(self.op(fn), result_id, None, kind="output")
        return result_id

    def op(self, fn: Any) -> str:
        name = type(fn).__name__
        prim = _BY_CLASS.get(name)
        custom = prim is None and _is_custom(fn)
        if prim is not None:
            attrs = {
                "symbol": prim.symbol,
                "math": prim.math,
                "primitive": prim.name,
                "params": _params(fn, prim),
                "derivatives": derivatives_of(prim, len(fn.next_functions)),
            }
        else:
            short = name.rstrip("0123456789").removesuffix("Backward") or name
            attrs = {
                "symbol": short,
                "math": r"\text{your own backward()}" if custom else rf"\text{{{short}}}",
                "primitive": "custom" if custom else short.lower(),
                "params": {},
                "derivatives": {},
            }
        op_id = self.new("op", pytorch_name=name, requires_grad=True, is_leaf=False, **attrs)
        self.engine_nodes[fn] = op_id
        self.op_fns[op_id] = fn
        self.queue.append(fn)
        return op_id

    def leaf_tensor(self, t: Any, acc: Any) -> str:
        if id(t) in self.tensors:
            node_id = self.tensors[id(t)]
        else:
            node_id = self.new("leaf", pytorch_name="AccumulateGrad", **self.tensor_attrs(t))
            self.tensors[id(t)] = node_id
        if acc is not None:
            # replay.py asks `results` for the tensor an engine node handles; a leaf's
            # AccumulateGrad handles the leaf (ours is told by its class; PyTorch's is not it)
            self.engine_nodes[acc] = self.results[acc] = node_id
        return node_id

    def constant_tensor(self, t: Any) -> str:
        if id(t) in self.tensors:
            return self.tensors[id(t)]
        const_id = self.new("constant", **self.tensor_attrs(t))
        self.tensors[id(t)] = const_id
        return const_id

    def constant_input(self, fn: Any, index: int) -> str:
        """An input that needs no gradient: its value when the node saved it for backward."""
        prim = _BY_CLASS.get(type(fn).__name__)
        value = None
        if prim is not None and not prim.variadic and index < len(prim.inputs):
            value = _read_saved(fn, "_saved_" + prim.inputs[index])
        if value is _FREED:
            return self.new(
                "constant",
                shape=None,
                is_leaf=True,
                note="its value was saved for backward, and backward freed it",
            )
        if is_torch_tensor(value) and value.grad_fn is None:
            if getattr(value, "requires_grad", False):
                return self.leaf_tensor(value, None)
            return self.constant_tensor(value)
        if isinstance(value, int | float | bool):
            return self.new(
                "constant",
                shape=(),
                dtype=type(value).__name__,
                value=np.asarray(value),
                value_source="tensor",
            )
        return self.new(
            "constant",
            shape=None,
            is_leaf=True,
            note="PyTorch keeps an input that needs no gradient only when backward uses it: "
            "this one was not kept",
        )

    def expand(self) -> None:
        while self.queue:
            fn = self.queue.popleft()
            op_id = self.engine_nodes[fn]
            inputs = tuple(
                self.input_node(fn, i, nxt) for i, (nxt, _) in enumerate(fn.next_functions)
            )
            for i, source in enumerate(inputs):
                self.edge(source, op_id, i)
            node = self.graph.nodes[op_id]
            node["inputs"] = inputs
            node["saved"], node["saved_freed"] = self.saved(fn)

    def input_node(self, fn: Any, index: int, nxt: Any) -> str:
        """The node of `fn`'s input `index`, whose own node in PyTorch's graph is `nxt`."""
        if nxt is None:
            return self.constant_input(fn, index)
        if hasattr(nxt, "variable"):  # AccumulateGrad: the leaf itself
            return self.leaf_tensor(nxt.variable, nxt)
        return self.result(nxt)

    def saved(self, fn: Any) -> tuple[list[dict[str, Any]], bool]:
        """What `fn` keeps for backward, as model._saved lists it; (entries, freed)."""
        entries = []
        freed = False
        for attr in saved_attributes(fn):
            name = attr.removeprefix("_saved_")
            value = _read_saved(fn, attr)
            if value is _FREED:
                freed = True
                entries.append(
                    {"name": name, "summary": "freed after backward", "node": None, "freed": True}
                )
                continue
            entries.append(
                {
                    "name": name,
                    "summary": _summary(value),
                    "node": self.node_of(value),
                    "freed": False,
                }
            )
        if _is_custom(fn):
            saved = _read_saved(fn, "saved_tensors")
            if saved is _FREED:
                freed = True
                entries.append({"name": "saved_tensors", "summary": "freed after backward",
                                "node": None, "freed": True})  # fmt: skip
            for i, t in enumerate(saved if isinstance(saved, tuple | list) else ()):
                entries.append({"name": f"saved_tensors[{i}]", "summary": _summary(t),
                                "node": self.node_of(t), "freed": False})  # fmt: skip
        return entries, freed

    def node_of(self, value: Any) -> str | None:
        """The node of a saved tensor: its grad_fn's result, or the leaf it is."""
        if not is_torch_tensor(value):
            return None
        if value.grad_fn is not None:
            return self.results.get(value.grad_fn)
        return self.tensors.get(id(value))


def _is_custom(fn: Any) -> bool:
    """A custom autograd.Function's node (its backward is the learner's Python). Asked of
    the class: once backward freed the node, reading `fn.saved_tensors` raises."""
    return hasattr(type(fn), "saved_tensors")


_FREED = object()  # what _read_saved gives for a saved value backward has freed


def _read_saved(fn: Any, attr: str) -> Any:
    """`fn.<attr>`, _FREED once backward freed it, None if PyTorch cannot give it."""
    try:
        return getattr(fn, attr, None)
    except RuntimeError as error:  # "...after they have already been freed"
        text = str(error)
        return _FREED if "freed" in text or "second time" in text else None
    except Exception:  # a value Python cannot hold (a symbolic size...): shown as unknown
        return None


def _output_meta(fn: Any) -> tuple[tuple[int, ...] | None, str | None]:
    """The shape and dtype of the tensor `fn` produced (PyTorch's `_input_metadata`: the
    metadata of the gradient the node takes in, which is its result's)."""
    try:
        meta = fn._input_metadata[0]
        return tuple(int(n) for n in meta.shape), str(meta.dtype).removeprefix("torch.")
    except (AttributeError, IndexError, TypeError):
        return None, None


def _params(fn: Any, prim: Any) -> dict[str, str]:
    """The op's non-tensor parameters PyTorch saved (`exponent` 2, `dim` ...), as text."""
    out = {}
    for name in prim.params:
        value = _read_saved(fn, "_saved_" + name)
        if value is not None and value is not _FREED and not is_torch_tensor(value):
            out[name] = number(value) if isinstance(value, int | float | bool) else str(value)
    # The maths of x**k, k**x, k - x includes the number: say it is unknown, rather than fail.
    for needed in {"pow": "exponent", "rpow": "base", "rsub": "other"}.get(prim.name, "").split():
        out.setdefault(needed, "?")
    return out


def _summary(value: Any) -> str:
    if is_torch_tensor(value):
        return summarize(numpy_of(value))
    if value is None:
        return "None"
    if isinstance(value, int | float | bool):
        return number(value)
    return str(value)


# --- values PyTorch did not keep ------------------------------------------------------------


def _fill_values(graph: nx.DiGraph, order: list[str], builder: _TorchBuilder) -> None:
    """Each result's value: from a saved tensor that is it, else recomputed, else unknown;
    and each constant PyTorch did not keep that a sum or difference lets us work out."""
    nodes = graph.nodes
    for fn in builder.op_fns.values():  # a saved tensor that is some node's result
        saved = [_read_saved(fn, attr) for attr in saved_attributes(fn)]
        if _is_custom(fn):
            tensors = _read_saved(fn, "saved_tensors")
            saved += list(tensors) if isinstance(tensors, tuple | list) else []
        for value in saved:
            node = builder.node_of(value)
            if node is not None and nodes[node]["value"] is None:
                nodes[node]["value"] = numpy_of(value)
                nodes[node]["value_source"] = "tensor"
    _recompute_results(graph, order, builder)
    if _work_out_constants(graph, builder):
        _recompute_results(graph, order, builder)
    for node_id in order:
        data = nodes[node_id]
        if data["kind"] != "result":
            continue
        (op_id,) = graph.predecessors(node_id)
        if data["value"] is None and data["shape"] is not None:
            data["note"] = "PyTorch did not keep this value (backward does not need it)"
        if data["shape"] is None and data["value"] is not None:
            data["shape"] = data["value"].shape
        op = nodes[op_id]
        op["value"], op["shape"], op["dtype"] = data["value"], data["shape"], data["dtype"]


def _recompute_results(graph: nx.DiGraph, order: list[str], builder: _TorchBuilder) -> None:
    nodes = graph.nodes
    for node_id in order:
        data = nodes[node_id]
        if data["kind"] != "result" or data["value"] is not None:
            continue
        (op_id,) = graph.predecessors(node_id)
        op = nodes[op_id]
        value = _recompute(builder.op_fns[op_id], op, [nodes[i] for i in op["inputs"]])
        if value is not None and (data["shape"] is None or value.shape == data["shape"]):
            data["value"], data["value_source"] = value, "recomputed"


def _work_out_constants(graph: nx.DiGraph, builder: _TorchBuilder) -> bool:
    """`y_pred - y`, `x + 1`: PyTorch keeps no copy of y or 1 (their derivative is ±1), but
    when the result's value is known, result = a ± alpha·b gives the missing one back. It is
    named when it equals a tensor given in names= (the data `y`); a constant it works out is
    written as one number (the `1` of `x + 1`). True if any was worked out."""
    nodes = graph.nodes
    found = False
    for op_id, fn in builder.op_fns.items():
        op = nodes[op_id]
        if op["primitive"] not in ("add", "sub") or len(op["inputs"]) != 2:
            continue
        result = nodes[next(graph.successors(op_id))]["value"]
        (a, b) = (nodes[i] for i in op["inputs"])
        alpha = _read_saved(fn, "_saved_alpha")
        alpha = alpha if isinstance(alpha, int | float) and alpha != 0 else 1
        sign = 1 if op["primitive"] == "add" else -1
        if result is None or (a["value"] is None) == (b["value"] is None):
            continue
        known = a if b["value"] is None else b
        missing = b if known is a else a
        if missing["kind"] != "constant" or missing["shape"] is not None:
            continue  # only a constant nothing at all is known of
        r, k = np.asarray(result, dtype=np.float64), np.asarray(known["value"], dtype=np.float64)
        value = (r - k) / (sign * alpha) if missing is b else r - sign * alpha * k
        _place_constant(missing, value, known["dtype"], builder)
        found = True
    return found


def _place_constant(
    data: dict[str, Any], value: np.ndarray, dtype: str | None, builder: _TorchBuilder
) -> None:
    for name, t in builder.named_tensors:
        if t.grad_fn is None and not t.requires_grad:
            mine = numpy_of(t)
            if mine is not None and _same_values(mine, value):
                data.update(builder.tensor_attrs(t), name=name, is_leaf=True)
                data["note"] = (
                    "PyTorch kept no copy of it: found from the result, it is your " + name
                )
                return
    flat = value.reshape(-1)
    if flat.size and np.all(flat == flat[0]):
        value = np.asarray(flat[0])
    data.update(value=value, shape=value.shape, dtype=dtype, value_source="recomputed")
    data["note"] = "PyTorch kept no copy of it: worked out from the result and the other input"


def _same_values(mine: np.ndarray, worked_out: np.ndarray) -> bool:
    try:
        mine = np.broadcast_to(mine, worked_out.shape)
    except ValueError:
        return False
    return bool(np.allclose(mine, worked_out, rtol=1e-5, atol=1e-6))


def _recompute(fn: Any, op: dict[str, Any], inputs: list[dict[str, Any]]) -> np.ndarray | None:
    """Our registry entry of the same name run on the inputs, when it is the same operation:
    every input and every parameter known (a missing `dim` would silently sum everything)."""
    prim = _BY_CLASS.get(op["pytorch_name"])
    if prim is None or any(d["value"] is None for d in inputs):
        return None
    params = {}
    for name in prim.params:
        value = _read_saved(fn, "_saved_" + name)
        if value is None or value is _FREED or is_torch_tensor(value):
            return None
        params[name] = tuple(value) if isinstance(value, list) else value
    # A number PyTorch wrapped as a 0-d tensor goes back in as a number, for its type promotion.
    args = [
        d["value"].item()
        if d["kind"] == "constant" and d["value"].ndim == 0
        else Tensor._make(np.array(d["value"]))
        for d in inputs
    ]
    try:
        with no_grad():
            out = prim(*args, **params)
    except Exception:  # not the same operation after all: the value stays unknown
        return None
    return np.array(out._data, copy=True) if isinstance(out, Tensor) else None

"""The backward pass: walk the recorded graph from the outputs back to the leaves.

1. Collect the nodes reachable from the roots and count, for each, how many consumers will send
   it a gradient. This is iterative (an explicit stack), so a chain of 100,000 operations works
   where a recursive walk would hit Python's recursion limit.
2. Run a node once all its consumers have sent their gradients (their sum is in its buffer).
   Among ready nodes the most recently recorded runs first, PyTorch's order.
3. Running a node = hooks, then each input's derivative from the registry (ops/), then
   `sum_to` to undo broadcasting, then hand the results to the next nodes. At an
   AccumulateGrad the gradient is added into the leaf's `.grad`.
4. Without retain_graph each node frees its saved values after running, so memory is released
   and a second backward through the same graph fails with PyTorch's message.

The usual `loss.backward()` (no create_graph, no inputs=, no hooks, no custom Function in the
graph) takes a leaner copy of this loop, _run_plain: the same nodes in the same order, but the
gradients passed between nodes are NumPy arrays, wrapped as Tensors only where `.grad` stores one
(or a trace is told about one); between nodes whose inputs are all 0-d float32 tensors or numbers,
untraced, a gradient is a Python float holding a float32 value (_scalar_outputs).
tests/engine/test_fast_paths.py and test_zero_d_path.py hold it to the general loop.

Derivatives run with grad mode = create_graph: off, they are plain arithmetic (a derivative's raw
NumPy rule where it has one, see ops/__init__.py); on, they are recorded like any other
computation, which is how higher-order derivatives come for free.

Drawing hangs off this through one hook: while `tracing.record_backward()` is active, each step
above is reported to the trace (`record.ran`, `record.sent`, ...); otherwise `record` is None and
costs one test per event.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Sequence
from heapq import heappop, heappush
from typing import Any

import numpy as np

from . import in_place
from . import tracing as trace_mod
from .dtypes import _BY_NUMPY as _DTYPE_OF
from .function import AccumulateGrad
from .grad_mode import _anomaly, _inference, derivatives_mode
from .ops import F32_0D_METAS, GRAD_ONLY, PARAM, SAVED, sum_to, sum_to_array
from .ops.elementwise import _ROUNDED, as_float32, round32
from .tensor import Tensor


def _shape_str(shape: tuple[int, ...]) -> str:
    return f"torch.Size([{', '.join(str(s) for s in shape)}])"


def _root_grads(tensors: Sequence[Any], grads: Sequence[Any], create_graph: bool) -> list[Any]:
    """The gradient each root starts with: given, or 1 for a scalar (PyTorch's rules)."""
    out = []
    for i, (t, g) in enumerate(zip(tensors, grads)):
        if g is None and t._requires_grad and not t._data.shape:  # loss.backward()
            out.append(Tensor._make(np.array(1, t._dtype.numpy), t._dtype))
            continue
        if g is not None and getattr(g, "shape", None) is not None and g.shape != t.shape:
            raise RuntimeError(  # checked first, as PyTorch does
                f"Mismatch in shape: grad_output[{i}] has a shape of {_shape_str(g.shape)} "
                f"and output[{i}] has a shape of {_shape_str(t.shape)}."
            )
        if not t.requires_grad:
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn"
            )
        if g is None:
            if t.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            g = Tensor._make(np.ones(t.shape, dtype=t._dtype.numpy))
        else:
            if not isinstance(g, Tensor):
                g = Tensor._make(np.asarray(g, dtype=t._dtype.numpy))
            if g.shape != t.shape:
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[{i}] has a shape of {_shape_str(g.shape)} "
                    f"and output[{i}] has a shape of {_shape_str(t.shape)}."
                )
            if g._dtype is not t._dtype:
                g = g.to(t._dtype)
            if not create_graph:
                g = g.detach()
        out.append(g)
    return out


def _edge(tensor: Any) -> Any:
    return tensor.grad_fn if tensor.grad_fn is not None else tensor._accumulator()


def _dependencies(roots: list[Any], plain: bool = False) -> dict[Any, int] | None:
    """Every node reachable from the roots, with how many edges lead into it (iteratively, so
    a chain of any length works). With `plain` (for _run_plain): None as soon as a node needs
    the general loop (a hook on a node or a leaf, retain_grad, a custom Function's hooks)."""
    deps = dict.fromkeys(roots, 0)
    stack = list(deps)
    while stack:
        node = stack.pop()
        if plain and (
            node._pre_hooks is not None
            or (
                node._post_hooks is not None or node._retains_grad is not None
                if type(node) is not AccumulateGrad
                else bool(node.variable._hooks or node.variable._post_accumulate_hooks)
            )
            or (node._python and not node._hookless())
        ):
            return None
        for kid, _ in node.next_functions:
            if kid is None:
                continue
            if kid in deps:
                deps[kid] += 1
            else:
                deps[kid] = 1
                stack.append(kid)
    return deps


def _restrict(deps: dict[Any, int], targets: set) -> tuple[set, dict[Any, int]]:
    """Only the nodes on some path to a target (what autograd.grad must run), with their
    dependency counts recounted within that set."""
    parents: dict[Any, list[Any]] = {}
    for node in deps:
        for kid, _ in node.next_functions:
            if kid is not None:
                parents.setdefault(kid, []).append(node)
    needed = {t for t in targets if t in deps}
    stack = list(needed)
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in needed:
                needed.add(parent)
                stack.append(parent)
    counts = dict.fromkeys(needed, 0)
    for node in needed:
        for kid, _ in node.next_functions:
            if kid in counts:
                counts[kid] += 1
    return needed, counts


def _run_plain(
    roots: list[Any],
    output_nrs: list[int],
    arrays: list[np.ndarray],
    dependencies: dict[Any, int],
    retain_graph: bool,
    record: Any,
) -> None:
    """run_backward for the usual `loss.backward()`: no graph to build, no hooks, every leaf's
    .grad wanted. The same steps in the same order as the general loop, on NumPy arrays: a
    gradient becomes a Tensor only where it is stored (.grad) or reported to a trace (`record`,
    the same events the general loop reports), and a node whose derivatives all have raw rules
    runs them directly (_raw_outputs' arithmetic). A custom Function's node (untraced, without
    hooks: _dependencies lets no other through) gets Tensors, as its backward expects
    (_python_outputs); the gradients of its outputs after the first wait in `later`."""
    buffers: dict[Any, Any] = {}
    later: dict[tuple, Any] = {}  # (node, output_nr >= 1) -> gradient
    for node, g, nr in zip(roots, arrays, output_nrs):
        key, held = (node, buffers) if not nr else ((node, nr), later)
        earlier = held.get(key)
        held[key] = g if earlier is None else _sum_arrays(earlier, g)
    arrays.clear()
    ready = []
    for node in dict.fromkeys(roots):
        if dependencies[node] == 0:
            heappush(ready, (-node._sequence_nr, id(node), node))
    # The node to run next when it is the only one ready (a chain, most of the time): it is
    # then the heap's answer too, so it skips the heap.
    node = earlier = g = grad = None
    with derivatives_mode(False):
        while True:
            if node is None:
                if not ready:
                    break
                node = heappop(ready)[2]
            grad = buffers.pop(node, None)
            if type(node) is AccumulateGrad:
                if grad is not None:
                    if type(grad) is float:
                        grad = np.array(grad, _F32)
                    if record is None:
                        _accumulate_array(node.variable, grad)
                    else:  # the same, with .grad before it held for the trace, then reported
                        leaf = node.variable
                        before = leaf._grad
                        held = record.hold(before) if before is not None else None
                        _accumulate_array(leaf, grad)
                        record.accumulated_array(node, grad, leaf, held)
                        leaf = before = None
                node = None
                continue
            outputs = None
            if node._python:
                outputs = _python_outputs(node, grad, later, record)
                grad = None
            elif grad is not None:
                if type(grad) is float:  # a 0-d float32 gradient, as a number (_scalar_outputs)
                    outputs = _scalar_outputs(node, grad)
                    if outputs is None:
                        grad = np.array(grad, _F32)
                elif record is None and grad.dtype is _F32 and not grad.shape:
                    outputs = _scalar_outputs(node, grad.item())
                if outputs is None:
                    outputs = _plain_outputs(node, grad, record)
                grad = None
            if not retain_graph:
                if node._python:
                    node.release()
                else:  # node.release(), inlined
                    if node._saved:
                        node._saved = dict.fromkeys(node._saved)
                    node._released = True
            edges = node.next_functions
            node = None
            for i, (kid, nr) in enumerate(edges):
                if kid is not None:
                    if outputs is not None:
                        g = outputs[i]
                        if g is not None:
                            if nr:  # a custom Function's second, third ... output
                                earlier = later.get((kid, nr))
                                later[kid, nr] = g if earlier is None else _sum_arrays(earlier, g)
                            else:
                                earlier = buffers.get(kid)
                                buffers[kid] = g if earlier is None else _sum_arrays(earlier, g)
                    left = dependencies[kid] - 1
                    dependencies[kid] = left
                    if not left:
                        if node is None and not ready:
                            node = kid
                        else:
                            if node is not None:
                                heappush(ready, (-node._sequence_nr, id(node), node))
                                node = None
                            heappush(ready, (-kid._sequence_nr, id(kid), kid))
            # Drop this step's references: .grad takes a gradient no one else holds uncopied.
            outputs = g = earlier = edges = None


def _python_outputs(node: Any, grad: Any, later: dict, record: Any) -> list | None:
    """_run_python for _run_plain: a custom Function's node (without hooks) gets the gradient
    of each of its outputs as a Tensor (None where none arrived) and gives arrays back, one per
    input (None where an input needs none), as _run_python's Tensors would be. A trace being
    recorded hears of it as from _run_python, with the Tensors (its backward is the learner's
    code, which may keep what it returns and change it later: the trace watches them)."""
    grads = [grad]
    for nr in range(1, node._n_outputs):
        grads.append(later.pop((node, nr), None))
    if all(g is None for g in grads):
        return None
    for nr, g in enumerate(grads):
        if g is not None:
            if type(g) is float:  # a 0-d float32 gradient, as a number (_scalar_outputs)
                g = np.array(g, _F32)
            grads[nr] = Tensor._make(g, _DTYPE_OF[g.dtype])
    grad = g = None  # the Tensors alone hold them: .grad may then take one without a copy
    if not any(kid is not None for kid, _ in node.next_functions):
        return None
    grads = node._pre(grads)
    outputs = [
        None if kid is None else t
        for t, (kid, _) in zip(node._backward(grads), node.next_functions)
    ]
    if record is not None:
        record.ran_python(node, grads, outputs)
    grads = None
    return [None if t is None else t._data for t in outputs]


def _sum_arrays(earlier: Any, g: Any) -> Any:
    """Two consumers' gradients for one node (same shape and dtype): _add on arrays (or on
    Python floats holding float32 values, see _scalar_outputs: the same rounding)."""
    if type(earlier) is float:
        if type(g) is float:
            return round32(earlier + g)
        earlier = np.array(earlier, _F32)
    elif type(g) is float:
        g = np.array(g, _F32)
    total = earlier + g
    return total if type(total) is np.ndarray else np.asarray(total)


def _plain_outputs(node: Any, grad: np.ndarray, record: Any = None) -> list:
    """One node's gradient for each input, as arrays (None where an input needs none): each by
    its derivative's raw rule (_raw_array) when the node has them all and every input
    has the gradient's dtype, else by the Tensor formulas as _apply runs them. With `record`,
    each step is reported as _apply and _raw_gradient report it: a raw node in one event
    (ran_raw_arrays), or, for an eager recording, step by step in _apply's order (`ran`, then
    per input `summed` if broadcasting was undone, then `sent`), each gradient as a Tensor."""
    prim = node.primitive
    meta = node._input_meta
    if prim.all_raw:
        dtype = grad.dtype
        for _, d in meta:
            if d is not None and d.numpy is not dtype:
                break
        else:
            eager = record is not None and not record.raw
            if eager:
                upstream = Tensor._make(grad, _DTYPE_OF[dtype])
                step = record.ran(node, upstream)
            derivatives = prim.input_derivatives
            outputs = []
            for i, (kid, _) in enumerate(node.next_functions):
                if kid is None:
                    outputs.append(None)
                    continue
                g = _raw_array(node, derivatives[i], grad)
                shape = meta[i][0]
                if g.shape != shape:
                    summed = sum_to_array(g, shape)
                    if eager:
                        record.summed(node, i, Tensor._make(g, upstream._dtype), summed, shape)
                    g = summed
                outputs.append(g)
                if eager:
                    record.sent(step, i, kid, Tensor._make(g, upstream._dtype), upstream)
            if record is not None and not eager:  # one event, as the general loop's ran_raw
                record.ran_raw_arrays(node, grad, _DTYPE_OF[dtype], outputs)
            return outputs
    # Mixed dtypes, or a derivative without a raw rule: the Tensor formulas, as _apply runs them
    tensors = _apply(node, Tensor._make(grad, _DTYPE_OF[grad.dtype]), None, False, record)
    return [None if t is None else t._data for t in tensors]


def _scalar_outputs(node: Any, grad: float) -> list | None:
    """_plain_outputs for a node whose inputs are all 0-d float32 tensors or numbers, on Python
    floats: `grad` and each gradient it returns hold float32 values, computed by the
    derivatives' scalar rules (ops/__init__.py), the raw rules' arithmetic without a NumPy call
    or a 0-d array per step. None when the node has no scalar rules, other inputs, or a rule or
    an argument hands it back (the raw rules then run, or raise what they raise)."""
    prim = node.primitive
    if not prim.all_scalar or id(node._input_meta) not in F32_0D_METAS or node._released:
        return None
    derivatives = prim.input_derivatives
    edges = node.next_functions
    outputs: list = [None] * len(edges)  # (None stays for an input that needs no gradient)
    for i, (kid, _) in enumerate(edges):
        if kid is None:
            continue
        d = derivatives[i]
        if d.plan is GRAD_ONLY:
            g = d.scalar(grad)
        elif d.one_saved is not None:  # grad and one saved value (sin, x * 1.5): no list
            value = _scalar_saved(node, d.one_saved)
            if value is None:
                return None
            g = d.scalar(grad, value)
        else:
            arguments = [grad]
            for kind, key in d.plan[1:]:
                if kind == SAVED:
                    value = _scalar_saved(node, key)
                    if value is None:
                        return None
                    arguments.append(value)
                elif kind == PARAM:
                    arguments.append(node._params[key])
                else:  # shapes and dtypes: not in a scalar rule
                    return None
            g = d.scalar(*arguments)
        if g is None:
            return None
        outputs[i] = g
    return outputs


def _scalar_saved(node: Any, key: str) -> float | None:
    """A saved value as a scalar rule takes it: a 0-d float32 tensor's value (checked against
    in-place changes, as unpack does), a Python number rounded to float32 as NumPy rounds it in
    the raw rule (elementwise.scalar_pair); None for anything else."""
    value, version = node._saved[key]
    if version is not None:  # a tensor (numbers are saved without a version)
        if value._vc[0] != version:
            node.unpack(key)  # raises PyTorch's "modified by an inplace operation"
        return value._data.item()
    kind = type(value)
    if kind is float:
        return _ROUNDED.get(value) or as_float32(value)
    if kind is int and -_EXACT_INT <= value <= _EXACT_INT:
        return float(value)
    return None


_F32 = np.dtype(np.float32)
_EXACT_INT = 2**24  # integers up to this size are exact in float32


def _accumulate_array(leaf: Tensor, grad: np.ndarray) -> None:
    """_accumulate for _run_plain's arrays: the first gradient is stored without a copy when
    this pass made it, it owns its memory and nothing else refers to it (the caller's `grad`,
    this parameter and getrefcount's argument), as _unshared decides for a Tensor."""
    before = leaf._grad
    if before is None:
        if (
            grad.dtype is leaf._dtype.numpy
            and grad.base is None
            and _COUNTS_REFERENCES
            and sys.getrefcount(grad) == 3
        ):
            leaf._grad = Tensor._make(grad, leaf._dtype)
        else:
            leaf._grad = Tensor._make(np.array(grad, dtype=leaf._dtype.numpy, copy=True))
    elif before._requires_grad:
        leaf._grad = before + Tensor._make(grad, _DTYPE_OF[grad.dtype])
    else:
        if in_place.watchers:
            in_place.before_write(before._data)
        np.add(before._data, grad, out=before._data, casting="unsafe")
        before._vc[0] += 1


def run_backward(
    tensors: Sequence[Any],
    grad_tensors: Sequence[Any],
    retain_graph: bool | None,
    create_graph: bool,
    inputs: Sequence[Any] | None = None,
    allow_unused: bool = False,
    accumulate: bool = True,
) -> tuple[Any, ...] | None:
    """Shared by Tensor.backward, autograd.backward and autograd.grad.

    With `accumulate`, gradients are added into `.grad` (restricted to `inputs` if given);
    without it (autograd.grad) the gradients for `inputs` are returned and `.grad` is untouched.
    """
    if retain_graph is None:
        retain_graph = create_graph
    grads = _root_grads(tensors, grad_tensors, create_graph)
    root_nodes = [_edge(t) for t in tensors]

    targets: dict[Any, int] = {}  # node -> position in `inputs` (gradient captured there)
    if inputs is not None:
        for i, t in enumerate(inputs):
            if not t.requires_grad:
                raise RuntimeError("One of the differentiated Tensors does not require grad")
            targets.setdefault(_edge(t), i)

    nan_check = all(_anomaly.get())  # anomaly mode with check_nan: look at every gradient
    if inputs is None and not create_graph and not _inference.get() and not nan_check:
        # The usual loss.backward(), drawn or not: see _run_plain.
        tracer = trace_mod.current()  # (the drawing's hook, as below)
        dependencies = _dependencies(root_nodes, plain=True)
        if dependencies is not None:
            arrays = [g._data for g in grads]
            grads = None  # the arrays alone: .grad may then take one without a copy
            # (the walk just made goes to the trace too: the page reads the pass's leaves
            # off it instead of walking the graph again; a gradient you gave is yours to
            # change later, so the trace watches it)
            record = (
                tracer.begin(
                    list(tensors),
                    False,
                    retain_graph,
                    dependencies,
                    given=any(g is not None for g in grad_tensors),
                )
                if tracer
                else None
            )
            nrs = [t._output_nr for t in tensors]  # (a custom Function's outputs: 0, 1 ...)
            _run_plain(root_nodes, nrs, arrays, dependencies, retain_graph, record)
            return None
    dependencies = _dependencies(root_nodes)
    needed = None
    if targets:
        needed, dependencies = _restrict(dependencies, set(targets))

    buffers: dict[Any, Any] = {}
    for t, node, g in zip(tensors, root_nodes, grads):
        if node._python:
            _receive(buffers, node, t._output_nr, g)
        else:
            buffers[node] = buffers[node] + g if node in buffers else g
    grads = g = None

    # The one hook for drawing: while a trace is recorded, each event below is reported to it.
    tracer = trace_mod.current()
    record = (
        tracer.begin(
            list(tensors), create_graph, retain_graph, dependencies if needed is None else None
        )
        if tracer
        else None
    )
    captured: list[Any] = [None] * (len(inputs) if inputs is not None else 0)

    # The usual loss.backward(): no graph to build, every path wanted. Nodes whose derivatives
    # all have raw rules then skip _apply's general machinery (_raw_outputs); a trace being
    # recorded notes such a node in one event (record.ran_raw) and works out the rest if kept.
    plain = (
        (record is None or record.raw)
        and not create_graph
        and needed is None
        and not _inference.get()
    )
    ready = []
    for node in dict.fromkeys(root_nodes):
        if dependencies.get(node, 0) == 0 and (needed is None or node in needed):
            heappush(ready, (-node._sequence_nr, id(node), node))

    with derivatives_mode(create_graph):
        while ready:
            _, _, node = heappop(ready)
            grad = buffers.pop(node, None)
            if node._python:  # a custom autograd.Function: Python code, all outputs at once
                outputs = _run_python(
                    node, grad, needed, targets, inputs, captured, accumulate, create_graph, record
                )
                if nan_check and outputs is not None:
                    _check_nan(node, outputs)
                if not retain_graph:
                    node.release()
            else:
                if grad is not None and (
                    node._pre_hooks is not None
                    or type(node) is AccumulateGrad
                    or node._retains_grad is not None
                ):
                    grad = _pre_hooks(node, grad, record)
                if targets and node in targets:
                    _capture(
                        node,
                        grad,
                        targets[node],
                        inputs,
                        captured,
                        accumulate,
                        create_graph,
                        record,
                    )
                if type(node) is AccumulateGrad:
                    if grad is not None and inputs is None:
                        _accumulate(node, grad, create_graph, record)
                    continue
                outputs = None
                if grad is not None:
                    if plain and node.primitive.all_raw:
                        outputs = _raw_outputs(node, grad)
                        if record is not None and outputs is not None:
                            record.ran_raw(node, grad, outputs)
                    if outputs is None:
                        outputs = _apply(node, grad, needed, create_graph, record)
                    if node._post_hooks is not None:
                        outputs = _post_hooks(node, outputs, (grad,))
                    if nan_check:
                        _check_nan(node, outputs)
                if not retain_graph:  # free the saved values (node.release(), inlined: hot loop)
                    if node._saved:
                        node._saved = dict.fromkeys(node._saved)
                    node._released = True
            for i, (kid, nr) in enumerate(node.next_functions):
                if kid is None or (needed is not None and kid not in needed):
                    continue
                g = outputs[i] if outputs is not None else None
                if g is not None:
                    if kid._python:
                        _receive(buffers, kid, nr, g)
                    else:
                        earlier = buffers.get(kid)  # gradients from several consumers add up
                        buffers[kid] = g if earlier is None else _add(earlier, g, create_graph)
                left = dependencies[kid] - 1
                dependencies[kid] = left
                if not left:
                    heappush(ready, (-kid._sequence_nr, id(kid), kid))
            # Drop this step's references, so the next AccumulateGrad's count sees only its own.
            outputs = g = earlier = None

    if inputs is None or accumulate:
        return None
    for i, g in enumerate(captured):
        if g is None and not allow_unused:
            raise RuntimeError(
                f"The differentiated Tensor at index {i} appears to not have been used in the "
                "graph. Set allow_unused=True if this is the desired behavior."
            )
    return tuple(captured)


def _check_nan(node: Any, outputs: list) -> None:
    """Anomaly mode: stop at the first node whose gradient holds a NaN, in PyTorch's words."""
    for i, g in enumerate(outputs):
        if isinstance(g, Tensor) and np.isnan(g._data).any():
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th output.")


def _add(earlier: Any, g: Any, create_graph: bool) -> Any:
    """Two consumers' gradients for the same node, summed. Both already have that node's shape
    and dtype, so without a graph to build this is one NumPy addition (what `earlier + g`
    computes, without recording it)."""
    if create_graph:
        return earlier + g
    total = earlier._data + g._data
    if type(total) is not np.ndarray:  # 0-d arrays add up to a NumPy scalar
        total = np.asarray(total)
    return Tensor._make(total, g._dtype)


def _receive(buffers: dict, node: Any, output_nr: int, grad: Any) -> None:
    """Add a gradient for output `output_nr` of a node with several outputs (its buffer holds
    one slot per output)."""
    slots = buffers.get(node)
    if slots is None:
        slots = buffers[node] = [None] * node._n_outputs
    earlier = slots[output_nr]
    slots[output_nr] = grad if earlier is None else earlier + grad


def _run_python(node, grads, needed, targets, inputs, captured, accumulate, create_graph, record):
    """One custom-Function node: the hooks on its outputs, gradients captured for
    autograd.grad, then its Python backward (skipped when no input needs a gradient)."""
    if grads is None:
        return None
    grads = node._pre(grads)
    if targets and node in targets:
        index = targets[node]
        grad = grads[inputs[index]._output_nr]
        _capture(node, grad, index, inputs, captured, accumulate, create_graph, record, grads)
    wanted = [
        kid is not None and (needed is None or kid in needed) for kid, _ in node.next_functions
    ]
    if not any(wanted):
        return None
    outputs = node._backward(grads)
    outputs = [g if keep else None for g, keep in zip(outputs, wanted)]
    if record is not None:
        record.ran_python(node, grads, outputs)
    return outputs


def _post_hooks(node: Any, outputs: list, grad_outputs: tuple) -> list:
    """Hooks from grad_fn.register_hook see what the node computed for its inputs, and may
    replace it."""
    for hook in list(node._post_hooks):
        new = hook(tuple(outputs), grad_outputs)
        if new is not None:
            outputs = list(new)
    return outputs


def _pre_hooks(node: Any, grad: Any, record: Any) -> Any:
    """Hooks from register_hook (and retain_grad) see the fully summed gradient first."""
    if isinstance(node, AccumulateGrad):
        hooks = node.variable._hooks
        owner = node.variable
    else:
        hooks = node._pre_hooks
        owner = node._output() if node._output is not None else None
    for hook in list(hooks or ()):
        new = hook(grad)
        if new is not None:
            if new.shape != grad.shape:
                raise RuntimeError(
                    f"hook '{getattr(hook, '__name__', 'hook')}' has changed the size of value"
                )
            if record is not None:
                record.hooked(node, owner, grad, new)
            grad = new
    if not isinstance(node, AccumulateGrad) and node._retains_grad is not None:
        tensor = node._retains_grad()
        if tensor is not None:
            before = tensor._grad
            stored = grad.detach().clone() if before is None else before + grad.detach()
            tensor._grad = stored
            if record is not None:
                record.retained(node, tensor, before, stored)
    return grad


def _capture(
    node, grad, index, inputs, captured, accumulate, create_graph, record, per_output=None
) -> None:
    """The gradient arriving at `inputs[index]`: accumulated into its .grad (backward with
    inputs=) or kept for autograd.grad. `per_output` (a node with several outputs) holds the
    gradient of each output, for other outputs of the same node listed in `inputs`."""
    if accumulate:  # backward(inputs=...): accumulate into exactly these tensors
        done = set()
        for j in range(index, len(inputs)):
            tensor = inputs[j]
            if id(tensor) in done or (j != index and _edge(tensor) is not node):
                continue
            done.add(id(tensor))
            if per_output is not None:
                grad = per_output[tensor._output_nr]
            if grad is None:
                continue
            if isinstance(node, AccumulateGrad):
                _accumulate(node, grad, create_graph, record)
                return
            tensor._grad = grad.detach().clone() if tensor._grad is None else tensor._grad + grad
        return
    captured[index] = grad
    if record is not None and grad is not None:
        record.captured(node, grad, inputs[index])
    for j in range(index + 1, len(inputs)):  # the same tensor listed twice gets it twice
        if _edge(inputs[j]) is node:
            captured[j] = grad if per_output is None else per_output[inputs[j]._output_nr]


def _apply(node: Any, grad: Any, needed: set | None, create_graph: bool, record: Any) -> list:
    """Run one node's derivatives; returns the gradient for each of its inputs (or None).

    One pass per input: its derivative from the registry, then `sum_to` (the one place where
    broadcasting is undone) and the input's dtype. Without a graph to build, a derivative with
    a raw rule runs on the NumPy arrays directly (same arithmetic, none of the recording
    machinery), provided every input has the gradient's dtype (so no promotion can differ).
    """
    prim = node.primitive
    edges = node.next_functions
    meta = node._input_meta
    raw = False
    if not create_graph:
        dtype = grad._dtype
        raw = True
        for _, d in meta:
            if d is not None and d is not dtype:
                raw = False
                break
    variadic = None
    if prim.variadic:  # cat/stack: one derivative returns the gradients of all inputs
        d = prim.derivatives["tensors"]
        variadic = d.fn(*node.arguments(d.plan, grad))
    step = record.ran(node, grad) if record is not None else None
    outputs = []
    for i, (kid, _) in enumerate(edges):
        if kid is None or (needed is not None and kid not in needed):
            outputs.append(None)
            continue
        shape, dtype = meta[i]
        if variadic is not None:
            g = variadic[i]
        else:
            d = prim.input_derivatives[i]
            if raw and d.raw is not None:
                g = _raw_gradient(node, d, grad, i, shape, record)
                outputs.append(g)
                if step is not None:
                    record.sent(step, i, kid, g, grad)
                continue
            plan = d.plan
            g = d.fn(grad) if plan is GRAD_ONLY else d.fn(*node.arguments(plan, grad))
        if g._data.shape != shape:
            before = g
            g = sum_to(g, shape)
            if record is not None:
                record.summed(node, i, before, g, shape)
        if dtype is not None and g._dtype is not dtype:
            g = g.to(dtype)
        outputs.append(g)
        if step is not None:
            record.sent(step, i, kid, g, grad)
    return outputs


def _raw_outputs(node: Any, grad: Any) -> list | None:
    """_apply for a plain backward through a node whose derivatives all have raw rules: every
    input's gradient by its raw rule, or None when an input's dtype differs from the gradient's
    (then _apply decides, as for any node). The same arithmetic as _raw_gradient, with none of
    the per-input choices _apply makes: this runs once per node of every loss.backward()."""
    data = grad._data
    dtype = grad._dtype
    meta = node._input_meta
    for _, d in meta:
        if d is not None and d is not dtype:
            return None
    derivatives = node.primitive.input_derivatives
    outputs = []
    for i, (kid, _) in enumerate(node.next_functions):
        if kid is None:
            outputs.append(None)
        else:
            g = _raw_array(node, derivatives[i], data)
            shape = meta[i][0]
            if g.shape != shape:
                g = sum_to_array(g, shape)
            t = _new_tensor(Tensor)  # Tensor._make without its inference-mode test (see `plain`)
            t._data = g
            t._dtype = dtype
            t._requires_grad = False
            t.grad_fn = None
            t._vc = [0]
            outputs.append(t)
    return outputs


_new_tensor = object.__new__


def _raw_array(node: Any, d: Any, data: np.ndarray) -> np.ndarray:
    """One input's gradient by the derivative's raw rule, as an array of the gradient's dtype."""
    plan = d.plan
    key = d.one_saved
    if plan is GRAD_ONLY:
        g = d.raw(data)
    elif key is not None and not node._released:  # node.arguments(plan, data, raw=True), inlined
        value, version = node._saved[key]
        if version is not None:  # a tensor (numbers are saved without a version)
            if value._vc[0] != version:
                node.unpack(key)  # raises PyTorch's "modified by an inplace operation"
            value = value._data
        g = d.raw(data, value)
    else:
        g = d.raw(*node.arguments(plan, data, raw=True))
    if type(g) is not np.ndarray:  # a NumPy scalar (0-d arithmetic) or a Python number
        return np.asarray(g, dtype=data.dtype)
    if g.dtype != data.dtype:
        return g.astype(data.dtype)  # e.g. np.where with a Python 0.0 (what the Tensor path casts)
    return g


def _raw_gradient(node: Any, d: Any, grad: Any, i: int, shape: tuple, record: Any) -> Any:
    """Input i's gradient from the derivative's raw rule: NumPy in, one Tensor out."""
    g = _raw_array(node, d, grad._data)
    if g.shape != shape:
        summed = sum_to_array(g, shape)
        if record is not None:
            record.summed(node, i, Tensor._make(g, grad._dtype), summed, shape)
        g = summed
    return Tensor._make(g, grad._dtype)


def _accumulate(node: AccumulateGrad, grad: Any, create_graph: bool, record: Any) -> None:
    """Add into leaf.grad: the first gradient is stored, later ones added in place.

    The first one is stored without a copy when nothing else can see it (PyTorch's rule too): a
    gradient this backward pass made, whose array owns its memory, and that nothing but the
    engine's own frames refers to. Anything else (the gradient you passed to backward, one a
    hook kept, a view of another gradient) is copied, so that a later in-place accumulation into
    .grad cannot change it."""
    leaf = node.variable
    before = leaf._grad
    # .grad before the addition (nothing to hold when there was none)
    held = record.hold(before) if record is not None and before is not None else None
    if before is None:
        if create_graph or (grad._dtype is leaf._dtype and _unshared(grad)):
            leaf._grad = grad
        else:
            leaf._grad = Tensor._make(np.array(grad._data, dtype=leaf._dtype.numpy, copy=True))
    elif create_graph or before.requires_grad:
        leaf._grad = before + grad
    else:
        if in_place.watchers:
            in_place.before_write(before._data)
        np.add(before._data, grad._data, out=before._data, casting="unsafe")
        before._vc[0] += 1
    if record is not None:
        record.accumulated(node, grad, leaf, held)
    if leaf._post_accumulate_hooks:  # (what they return is ignored, as PyTorch does)
        for hook in list(leaf._post_accumulate_hooks):
            hook(leaf)


# CPython counts references; elsewhere (PyPy) every first gradient is simply copied.
_COUNTS_REFERENCES = hasattr(sys, "getrefcount")


def _unshared(grad: Any) -> bool:
    """Is `grad` a plain gradient tensor only the engine holds? Its array must own its memory
    and belong to this tensor alone, and the tensor be referred to by the engine's frames only:
    run_backward's `grad`, _accumulate's and this function's parameter, getrefcount's argument."""
    data = grad._data
    return (
        _COUNTS_REFERENCES
        and data.base is None
        and sys.getrefcount(data) == 3  # grad._data, `data`, getrefcount's argument
        and sys.getrefcount(grad) <= 4
        and type(grad) is Tensor
        and grad.grad_fn is None
        and grad.__dict__ == {}
    )


def warn_create_graph_cycle() -> None:
    warnings.warn(
        "Using backward() with create_graph=True will create a reference cycle between the "
        "parameter and its gradient which can cause a memory leak. We recommend using "
        "autograd.grad when creating the graph to avoid this. If you have to use this function, "
        "make sure to reset the .grad fields of your parameters to None after use to break the "
        "cycle and avoid the leak.",
        UserWarning,
        stacklevel=4,
    )


def reset_grads(tensors: Any, set_to_none: bool = True) -> None:
    """What Module.zero_grad and Optimizer.zero_grad do to each tensor's .grad: forget it (None,
    the default since PyTorch 2.0), or fill it with zeros in place, first cutting it from any
    graph it was computed in (a .grad built by backward(create_graph=True))."""
    for t in tensors:
        if t.grad is None:
            continue
        if set_to_none:
            t.grad = None
        else:
            if t.grad.grad_fn is not None:
                t.grad.detach_()
            else:
                t.grad.requires_grad_(False)
            t.grad.zero_()

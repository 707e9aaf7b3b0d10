"""The playground's graph in a notebook: `draw(z)` returns the Graph Explorer's figure.

    from autograd_core.playground import draw
    import autograd_core as torch            # or real PyTorch: `import torch`

    x = torch.tensor(2.0, requires_grad=True)
    y = torch.tensor(3.0, requires_grad=True)
    z = x**2 * y + y**3
    draw(z)                  # the graph, values inline (grad None: backward has not run)
    draw(z, replay=True)     # backward, one step per frame: ▶ Replay
    z.backward()
    draw(z)                  # the leaves now show their .grad

The figure is a plotly `go.Figure`, which Jupyter, VS Code and Colab draw by themselves (and
`fig.write_html("graph.html")` saves). It is built by the code the app uses: graph/model.py (or
graph/from_torch.py for a real `torch.Tensor`), graph/layout.py, figures/graph_figure.py and,
for a replay, figures/backward_animation.py.

Names. A notebook has no variable names draw can see, so unnamed tensors are written as
expressions of their inputs (`x**2 * y`) and leaves as their values. Give names with
`names={"x": x, "y": y}` (a module there names its parameters by path: `{"net": net}` gives
`net.fc1.weight`), or torchviz's way, `params=dict(model.named_parameters())` (or the model
itself): `fc1.weight`.

Replay never touches your tensors' `.grad`. `draw(z, replay=True)` runs a backward of its own
that returns the gradients instead of storing them (`autograd.grad`, with hooks on every node
for a real PyTorch graph), so it needs the graph intact: before `z.backward()`, or after
`z.backward(retain_graph=True)`. After a plain `z.backward()` the values the chain rule needs
are freed; with our engine, run it as

    with draw.recording():
        z.backward()
    draw(z, replay=True)     # replays that very backward pass

Tensor hooks you registered run during a replay, as they would in any backward.

Module frames. Run the forward inside `draw.recording()` and draw frames each module call's
operations in a labelled box, `net.fc1 · Linear`, as the Graph Explorer does (a graph keeps no
record of modules, so the calls are watched as they happen, with the engine's global module
hooks, or PyTorch's for a real torch model):

    with draw.recording():
        loss = ((net(x) - y) ** 2).mean()
        loss.backward()
    draw(loss, names={"net": net})        # or params=net: frames `fc1 · Linear`
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterator, Mapping
from typing import Any

import plotly.graph_objects as go

from autograd_core.autograd import grad as autograd_grad
from autograd_core.creation import ones_like
from autograd_core.tensor import Tensor
from autograd_core.tracing import BackwardTrace, record_backward

from .figures.backward_animation import backward_animation
from .figures.graph_figure import graph_figure
from .figures.prepared import validated
from .graph import apply_trace, build_graph, layout, trace_steps
from .graph.from_torch import build_torch_graph, is_torch_tensor
from .graph.module_calls import ModuleCalls, is_module, name_calls, record_module_calls
from .graph.torch_replay import GraphFreed, torch_trace

# Backward passes recorded by `draw.recording()`, newest last (a few: each keeps its graph alive).
_RECORDED: deque[BackwardTrace] = deque(maxlen=8)
# The module calls those recordings watched (each forgets a call once its graph is freed).
_RECORDED_CALLS: deque[ModuleCalls] = deque(maxlen=8)


class ReplayUnavailable(RuntimeError):
    """draw(z, replay=True) cannot run backward through z's graph: it was freed."""


def draw(
    *tensors: Any,
    names: Mapping[str, Any] | None = None,
    params: Any = None,
    replay: bool = False,
    theme: str = "light",
) -> go.Figure:
    """The computation graph behind `tensors` (ours or real PyTorch's), as a plotly Figure.

    names   variable name -> tensor (or nn.Module, or list of tensors): how boxes are labelled
    params  torchviz's `params=`: {name: parameter}, e.g. dict(model.named_parameters()), or
            the model itself
    replay  animate backward from the (first) tensor, step by step (a tensor of several
            numbers starts from gradient ones, as `z.sum().backward()` would); see the module's
            docstring for when the graph allows it
    theme   "light" or "dark"
    """
    if not tensors:
        raise TypeError("draw() needs a tensor: draw(loss)")
    torch_side = [is_torch_tensor(t) for t in tensors]
    for t in tensors:
        if not isinstance(t, Tensor) and not is_torch_tensor(t):
            raise TypeError(
                f"draw() takes tensors (autograd_core's or PyTorch's), not {type(t).__name__}"
            )
    if any(torch_side) and not all(torch_side):
        raise TypeError("draw() takes tensors of one engine at a time, not PyTorch's and ours")
    if theme not in ("light", "dark"):
        raise ValueError(f'theme must be "light" or "dark", not {theme!r}')
    all_names = _names(names, params)
    modules = _module_calls(tensors, {**_module_names(params), **all_names})
    if all(torch_side):
        graph, steps = _torch_graph(tensors, all_names, replay, modules)
    else:
        graph, steps = _our_graph(tensors, all_names, replay, modules)
    if replay:
        fig = backward_animation(graph, layout(graph, steps), steps, theme=theme)
    else:
        fig = graph_figure(graph, layout(graph), theme=theme)
    # A notebook gets a full plotly figure (show, write_html, update_layout ...); the app sends
    # the prepared one as it is.
    return validated(fig)


def _names(names: Mapping[str, Any] | None, params: Any) -> dict[str, Any]:
    """One name -> tensor map from names= and params= (names= wins where both name a tensor)."""
    merged: dict[str, Any] = {}
    if params is not None:
        if callable(getattr(params, "named_parameters", None)):
            params = dict(params.named_parameters())
        if not isinstance(params, Mapping):
            raise TypeError(
                "params= takes {name: parameter} (dict(model.named_parameters())) or a model, "
                f"not {type(params).__name__}"
            )
        merged.update(params)
    if names is not None:
        if not isinstance(names, Mapping):
            raise TypeError(f'names= takes {{"x": x, ...}}, not {type(names).__name__}')
        merged = {**dict(names), **{k: v for k, v in merged.items() if k not in names}}
    return merged


def _module_names(params: Any) -> dict[str, Any]:
    """params=model names the model's calls as its parameters are named: `fc1 · Linear`."""
    return {"": params} if is_module(params) else {}


def _module_calls(tensors: tuple, names: dict[str, Any]) -> ModuleCalls | None:
    """The newest draw.recording() that watched a module call computing part of this graph,
    its calls labelled with the paths `names` gives the modules (None: no frames)."""
    fns: list[Any] = []
    seen: set[int] = set()
    pending = [getattr(t, "grad_fn", None) for t in tensors]
    while pending:
        fn = pending.pop()
        if fn is None or id(fn) in seen:
            continue
        seen.add(id(fn))
        fns.append(fn)
        pending += [nxt for nxt, _ in fn.next_functions]
    for calls in reversed(_RECORDED_CALLS):
        if any(calls.call_of(fn) is not None for fn in fns):
            name_calls(calls, names, forget=False)
            return calls
    return None


# --- our engine ---------------------------------------------------------------------------------


def _our_graph(
    tensors: tuple, names: dict[str, Any], replay: bool, modules: ModuleCalls | None
) -> tuple[Any, list]:
    root = tensors[0]
    trace = _recorded(root)
    if replay and trace is None:
        trace = _replay_ours(root)
    graph = build_graph(*tensors, names=names, trace=trace, modules=modules)
    steps = trace_steps(graph, trace) if replay else []
    return graph, steps


def _recorded(root: Tensor) -> BackwardTrace | None:
    """The latest backward from `root` that draw.recording() saw."""
    for trace in reversed(_RECORDED):
        if any(r is root for r in trace.roots):
            return trace
    return None


def _replay_ours(root: Tensor) -> BackwardTrace:
    """A recorded backward from `root` that leaves every .grad as it was."""
    if root.grad_fn is None:
        raise ReplayUnavailable(
            "there is no backward to replay: this tensor was not computed from tensors that "
            "require grad"
        )
    leaves, retained = _our_tensors(root)
    kept = [(t, t._grad) for t in retained]
    try:
        with record_backward() as traces:
            autograd_grad(
                root,
                leaves,
                grad_outputs=None if root.ndim == 0 else ones_like(root),
                retain_graph=True,
                allow_unused=True,
            )
    except RuntimeError as error:
        if "second time" in str(error):
            raise ReplayUnavailable(_FREED_OURS) from None
        raise
    finally:
        for t, grad in kept:  # autograd.grad stores a retain_grad() tensor's gradient
            t._grad = grad
    trace = traces[-1]
    # autograd.grad hands the leaves' gradients back instead of adding them to .grad: shown as
    # what a first backward() does with them (and with a retain_grad() tensor's .grad).
    for step in trace.steps:
        if step.kind == "capture":
            step.kind, step.before, step.after = "accumulate", None, step.upstream
        elif step.kind == "retain_grad":
            step.before = None
    return trace


def _our_tensors(root: Tensor) -> tuple[list[Tensor], list[Tensor]]:
    """(the leaves that require grad, the live tensors that retain their grad) behind root."""
    leaves: list[Tensor] = []
    retained: list[Tensor] = [root] if root._retains_grad else []
    seen: set[int] = set()
    stack = [root.grad_fn]
    while stack:
        fn = stack.pop()
        if fn is None or id(fn) in seen:
            continue
        seen.add(id(fn))
        if hasattr(fn, "variable"):
            leaves.append(fn.variable)
            continue
        out = fn._output() if getattr(fn, "_output", None) is not None else None
        if out is not None and out._retains_grad:
            retained.append(out)
        stack += [nxt for nxt, _ in fn.next_functions]
    return leaves, retained


@contextlib.contextmanager
def recording() -> Iterator[list[BackwardTrace]]:
    """Record what runs inside, for draw to show afterwards:
    - the module calls of a forward (ours or real PyTorch's modules): draw frames them;
    - backward passes (our engine's: a real PyTorch graph keeps no record), so
      draw(z, replay=True) replays them after backward() freed the graph.

        with draw.recording():
            loss = model(x).sum()
            loss.backward()
        draw(loss, params=model, replay=True)
    """
    with record_module_calls(torch_too=True) as calls, record_backward() as traces:
        try:
            yield traces
        finally:  # what ran before an error is still worth drawing
            _RECORDED.extend(traces)
            _RECORDED_CALLS.append(calls)


draw.recording = recording  # type: ignore[attr-defined]

_FREED_OURS = (
    "backward() already ran through this graph and freed the values it saved, so draw can't "
    "run it again. Replay it one of these ways:\n"
    "  - draw(z, replay=True) before z.backward()\n"
    "  - with draw.recording():\n        z.backward()\n    then draw(z, replay=True)\n"
    "  - z.backward(retain_graph=True), then draw(z, replay=True)"
)
_FREED_TORCH = (
    "backward() already ran through this PyTorch graph and freed the values it saved, so draw "
    "can't run it again. Call draw(z, replay=True) before z.backward(), or use "
    "z.backward(retain_graph=True)."
)


# --- real PyTorch -------------------------------------------------------------------------------


def _torch_graph(
    tensors: tuple, names: dict[str, Any], replay: bool, modules: ModuleCalls | None
) -> tuple[Any, list]:
    graph = build_torch_graph(*tensors, names=names, modules=modules)
    if not replay:
        return graph, []
    root = tensors[0]
    if root.grad_fn is None:
        raise ReplayUnavailable(
            "there is no backward to replay: this tensor was not computed from tensors that "
            "require grad"
        )
    try:
        trace = torch_trace(graph, [root])
    except GraphFreed:
        raise ReplayUnavailable(_FREED_TORCH) from None
    apply_trace(graph, trace)
    return graph, trace_steps(graph, trace)

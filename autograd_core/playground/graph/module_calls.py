"""Which module call created each node of the graph: the frames `model.fc1 · Linear` drawn
around the operations of one call.

The engine records no modules in the graph (PyTorch's doesn't either): a Linear layer leaves an
AddmmBackward0 node like any `addmm`. So the calls are watched as they happen, with PyTorch's
process-wide module hooks (`torch.nn.modules.module.register_module_forward_pre_hook` /
`register_module_forward_hook`): when a call ends, the grad_fn nodes reachable from its outputs
but not from its inputs are what it created. Inner calls end first, so a node belongs to the
innermost call that created it; the outer call contains the inner one.

    >>> with record_module_calls() as calls:
    ...     loss = model(x).sum()
    >>> groups = calls.groups(names={"model": model})   # after build_graph: see model.py
    >>> [(c.label, c.parent) for c in calls.calls]
    [('model.fc1 · Linear', 1), ('model · Net', None)]

The hooks are process-wide, as PyTorch's are; a recorder only keeps the calls made in its own
context (the thread or worker that runs the snippet), so two pages running at once don't mix.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from autograd_core.function import AccumulateGrad
from autograd_core.nn import Module
from autograd_core.nn.module import (
    register_module_forward_hook,
    register_module_forward_pre_hook,
)
from autograd_core.tensor import Tensor

MAX_CALLS = 5_000  # module calls remembered in one run (a long training loop makes many)
MAX_NAMED_MODULES = 500  # modules given a path name (model.fc1); the rest are named by class


@dataclass
class ModuleCall:
    """One call of one module: the nodes it created itself (not those of calls inside it)."""

    module: Any  # the Module (only while the recorder lives: see `label`)
    kind: str  # its class name, `Linear`
    parent: int | None  # index of the call this one happened inside
    stop: set[int] = field(default_factory=set)  # ids of the inputs' grad_fn: where it began
    label: str = ""  # `model.fc1 · Linear`, filled by `name_calls`


class ModuleCalls:
    """The calls recorded so far, and who created each grad_fn node."""

    def __init__(self) -> None:
        self.calls: list[ModuleCall] = []
        self.stack: list[int] = []
        # grad_fn node -> index of the innermost call that created it. Weak: the graph of a
        # loop's earlier iterations is freed as the loop runs, and its nodes with it.
        self.owner: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.full = False

    def call_of(self, fn: Any) -> ModuleCall | None:
        index = self.owner.get(fn) if fn is not None else None
        return self.calls[index] if index is not None else None

    def enclosing(self, index: int) -> list[int]:
        """`index` and the calls it happened inside, innermost first."""
        chain = []
        current: int | None = index
        while current is not None:
            chain.append(current)
            current = self.calls[current].parent
        return chain

    # --- hooks ------------------------------------------------------------------------------

    def begin(self, module: Any, args: Any) -> None:
        if len(self.calls) >= MAX_CALLS:
            self.full = True
            self.stack.append(-1)
            return
        parent = next((i for i in reversed(self.stack) if i >= 0), None)
        stop = {id(t.grad_fn) for t in _tensors(args) if t.grad_fn is not None}
        self.calls.append(ModuleCall(module, type(module).__name__, parent, stop))
        self.stack.append(len(self.calls) - 1)

    def end(self, module: Any, output: Any) -> None:
        if not self.stack:
            return
        index = self.stack.pop()
        if index < 0:
            return
        call = self.calls[index]
        seen: set[int] = set()
        pending = [t.grad_fn for t in _tensors(output) if t.grad_fn is not None]
        while pending:
            fn = pending.pop()
            if id(fn) in seen or id(fn) in call.stop or isinstance(fn, AccumulateGrad):
                continue
            seen.add(id(fn))
            owner = self.owner.get(fn)
            if owner is None:
                self.owner[fn] = index
            elif index not in self.enclosing(owner):
                continue  # made before this call (a tensor the module kept): not its own
            pending += [nxt for nxt, _ in fn.next_functions if nxt is not None]
        call.stop = set()


_ACTIVE: ContextVar[ModuleCalls | None] = ContextVar("playground_module_calls", default=None)


@contextlib.contextmanager
def record_module_calls() -> Iterator[ModuleCalls]:
    """Watch every module call made in this context inside the block."""
    calls = ModuleCalls()

    def before(module: Any, args: Any) -> None:
        if _ACTIVE.get() is calls:
            calls.begin(module, args)

    def after(module: Any, args: Any, output: Any) -> None:
        if _ACTIVE.get() is calls:
            calls.end(module, output)

    token = _ACTIVE.set(calls)
    pre = register_module_forward_pre_hook(before)
    post = register_module_forward_hook(after, always_call=True)
    try:
        yield calls
    finally:
        pre.remove()
        post.remove()
        _ACTIVE.reset(token)


def name_calls(calls: ModuleCalls, names: Mapping[str, Any]) -> None:
    """Label each call `path · Class` with the path the learner reaches the module by
    (`model.fc1`, `net[0]`; the class alone for a module no variable reaches), then forget the
    modules themselves: what is left is plain text."""
    paths = module_paths(names)
    for call in calls.calls:
        path = paths.get(id(call.module))
        call.label = f"{path} · {call.kind}" if path else call.kind
        call.module = None


def module_paths(names: Mapping[str, Any]) -> dict[int, str]:
    """id(module) -> the shortest path to it from the snippet's variables, breadth-first."""
    paths: dict[int, str] = {}
    queue = [(name, value) for name, value in names.items() if isinstance(value, Module)]
    for path, module in queue:  # grows while walked: breadth-first, so shortest paths first
        if id(module) in paths or len(paths) >= MAX_NAMED_MODULES:
            continue
        paths[id(module)] = path
        for child_name, child in module._modules.items():
            if child is not None and id(child) not in paths:
                step = f"[{child_name}]" if child_name.isdigit() else f".{child_name}"
                queue.append((path + step, child))
    return paths


def _tensors(value: Any, depth: int = 0) -> Iterator[Tensor]:
    """The tensors in a module's arguments or output (nested tuples, lists and dicts)."""
    if isinstance(value, Tensor):
        yield value
    elif depth < 4 and isinstance(value, list | tuple):
        for item in value[:64]:
            yield from _tensors(item, depth + 1)
    elif depth < 4 and isinstance(value, dict):
        for item in list(value.values())[:64]:
            yield from _tensors(item, depth + 1)

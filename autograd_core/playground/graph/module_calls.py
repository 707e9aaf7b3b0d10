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
    >>> name_calls(calls, {"model": model})
    >>> [(c.label, c.parent.label if c.parent else None) for c in calls.calls()]
    [('model · Net', None), ('model.fc1 · Linear', 'model · Net')]

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

MAX_NAMED_MODULES = 500  # modules given a path name (model.fc1); the rest are named by class


@dataclass(eq=False)
class ModuleCall:
    """One call of one module: the nodes it created itself (not those of calls inside it)."""

    module: Any  # the Module (only until `name_calls`: see `label`)
    kind: str  # its class name, `Linear`
    parent: ModuleCall | None  # the call this one happened inside
    number: int  # calls are numbered in the order they started
    stop: set[int] = field(default_factory=set)  # ids of the inputs' grad_fn: where it began
    label: str = ""  # `model.fc1 · Linear`, filled by `name_calls`

    def enclosing(self) -> list[ModuleCall]:
        """This call and the calls it happened inside, innermost first."""
        chain: list[ModuleCall] = []
        current: ModuleCall | None = self
        while current is not None:
            chain.append(current)
            current = current.parent
        return chain


class ModuleCalls:
    """Who created each grad_fn node. A call is remembered only while a node it created lives
    (the nodes hold it, weakly keyed): a 2,000-step training loop frees each iteration's graph,
    and the calls that built it go with it, so memory follows the graphs alive, not the loop."""

    def __init__(self) -> None:
        self.stack: list[ModuleCall] = []
        self.owner: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.count = 0

    def call_of(self, fn: Any) -> ModuleCall | None:
        return self.owner.get(fn) if fn is not None else None

    def calls(self) -> list[ModuleCall]:
        """Every call a living node remembers (with the calls around them), in call order."""
        found: dict[int, ModuleCall] = {}
        for call in list(self.owner.values()):
            for outer in call.enclosing():
                found.setdefault(id(outer), outer)
        return sorted(found.values(), key=lambda c: c.number)

    # --- hooks ------------------------------------------------------------------------------

    def begin(self, module: Any, args: Any) -> None:
        parent = self.stack[-1] if self.stack else None
        stop = {id(t.grad_fn) for t in _tensors(args) if t.grad_fn is not None}
        self.count += 1
        self.stack.append(ModuleCall(module, type(module).__name__, parent, self.count, stop))

    def end(self, module: Any, output: Any) -> None:
        if not self.stack:
            return
        call = self.stack.pop()
        seen: set[int] = set()
        pending = [t.grad_fn for t in _tensors(output) if t.grad_fn is not None]
        while pending:
            fn = pending.pop()
            if id(fn) in seen or id(fn) in call.stop or isinstance(fn, AccumulateGrad):
                continue
            seen.add(id(fn))
            owner = self.owner.get(fn)
            if owner is None:
                self.owner[fn] = call
            elif call not in owner.enclosing():
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
    for call in calls.calls():
        if call.module is not None:
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

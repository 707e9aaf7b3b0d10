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

Real PyTorch modules are watched the same way (`record_module_calls(torch_too=True)`, for a
notebook's `draw.recording()`), with torch's own global hooks of the same names, when torch is
already imported: it is never imported here. Everything a call touches is read by duck typing.
"""

from __future__ import annotations

import contextlib
import sys
import weakref
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from autograd_core.nn import Module
from autograd_core.nn.module import (
    register_module_forward_hook,
    register_module_forward_pre_hook,
)
from autograd_core.tensor import Tensor

from .from_torch import is_torch_tensor

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
    and the calls that built it go with it, so memory follows the graphs alive, not the loop.

    Working out which nodes a call created is a walk of its graph, and a training loop's
    graphs are nearly all freed unseen: so a call that ends is only noted (with weak references
    to its outputs' nodes), and the walks are made, in the order the calls ended, when someone
    first asks (`call_of`, `calls`), for the calls whose outputs are still alive. (A node a
    call created that outlives every one of that call's outputs, kept by the module itself,
    is then left to no call.)"""

    def __init__(self) -> None:
        self.stack: list[ModuleCall] = []
        self.owner: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        # PyTorch's nodes take no weak reference: the call goes in the node's own `metadata`
        # dict (it lives as long as the node, as a weak key would), under this recorder's key.
        self.key = f"autograd_playground_module_call_{id(self)}"
        self.tagged: list[ModuleCall] = []  # calls that own a PyTorch node
        self.count = 0
        # not yet walked, in the order they ended: (call, its outputs' nodes, weakly, and the
        # newest one's sequence number)
        self.ended: list[tuple[ModuleCall, list[weakref.ref], int | None]] = []
        self.prune_at = 64  # len(ended) at which the entries whose outputs died are dropped
        self.floor: int | None = None  # see `focus`

    def call_of(self, fn: Any) -> ModuleCall | None:
        if fn is None:
            return None
        if self.ended:
            self.resolve()
        try:
            return self.owner.get(fn)
        except TypeError:
            return getattr(fn, "metadata", {}).get(self.key)

    def _own(self, fn: Any, call: ModuleCall) -> None:
        try:
            self.owner[fn] = call
        except TypeError:  # a PyTorch node
            fn.metadata[self.key] = call
            if not self.tagged or self.tagged[-1] is not call:
                self.tagged.append(call)

    def calls(self) -> list[ModuleCall]:
        """Every call a living node remembers (with the calls around them), in call order."""
        if self.ended:
            self.resolve()
        found: dict[int, ModuleCall] = {}
        for call in [*self.owner.values(), *self.tagged]:
            for outer in call.enclosing():
                found.setdefault(id(outer), outer)
        return sorted(found.values(), key=lambda c: c.number)

    def focus(self, roots: Iterable[Any]) -> None:
        """Only the nodes the graph behind `roots` has will be asked about: the calls that
        ended with nothing newer than its oldest node are not walked. (A node's inputs are
        older than it, so such a call's walk could never reach the graph; the page draws one
        iteration of a 2,000-step loop, and the thousands of calls before it are skipped.)"""
        oldest = None
        seen: set[int] = set()
        pending = [t.grad_fn for t in roots if getattr(t, "grad_fn", None) is not None]
        while pending:
            fn = pending.pop()
            if id(fn) in seen or hasattr(fn, "variable"):
                continue
            seen.add(id(fn))
            number = getattr(fn, "_sequence_nr", None)
            if type(number) is not int:
                return  # (a PyTorch node: no floor, every call is walked)
            oldest = number if oldest is None else min(oldest, number)
            pending += [nxt for nxt, _ in fn.next_functions if nxt is not None]
        self.floor = oldest

    # --- hooks ------------------------------------------------------------------------------

    def begin(self, module: Any, args: Any) -> None:
        # (every module call of a training loop comes here and to `end`: kept short)
        stack = self.stack
        self.count = number = self.count + 1
        stop = set(map(id, _grad_fns(args)))
        parent = stack[-1] if stack else None
        stack.append(ModuleCall(module, type(module).__name__, parent, number, stop))

    def end(self, module: Any, output: Any) -> None:
        stack = self.stack
        if not stack:
            return
        call = stack.pop()
        made = _grad_fns(output)
        if not made:
            return  # nothing of its own to find: no output has a graph
        try:
            outputs = list(map(weakref.ref, made))
        except TypeError:  # a PyTorch node: walked now (after the calls that ended before)
            self.resolve()
            self._walk(call, made)
            return
        # the newest output node's age (None: a node of unknown age, always walked)
        if len(made) == 1:
            newest = getattr(made[0], "_sequence_nr", None)
        else:
            numbers = [getattr(fn, "_sequence_nr", None) for fn in made]
            newest = None
            if None not in numbers:
                with contextlib.suppress(TypeError):
                    newest = max(numbers)
        ended = self.ended
        ended.append((call, outputs, newest))
        if len(ended) >= self.prune_at:  # a long loop: forget the calls whose graph died
            self.ended = ended = [e for e in ended if _alive(e[1])]
            self.prune_at = 2 * len(ended) + 64

    def resolve(self) -> None:
        """Walk the graphs of the calls that ended, in the order they ended (those `focus`
        ruled out are dropped)."""
        ended, self.ended = self.ended, []
        floor = self.floor
        for call, outputs, newest in ended:
            if floor is not None and newest is not None and newest < floor:
                continue  # (newest None: no outputs with a graph, or nodes of unknown age)
            made = [fn for r in outputs if (fn := r()) is not None]
            if made:
                self._walk(call, made)

    def _walk(self, call: ModuleCall, pending: list[Any]) -> None:
        """Give `call` the nodes reachable from its outputs' that are not its inputs' nor
        already another call's (those of the calls made inside it, which ended first)."""
        seen: set[int] = set()
        while pending:
            fn = pending.pop()
            # a leaf's AccumulateGrad (`.variable`, in both engines) belongs to no call
            if id(fn) in seen or id(fn) in call.stop or hasattr(fn, "variable"):
                continue
            seen.add(id(fn))
            owner = self.call_of(fn)
            if owner is None:
                self._own(fn, call)
            elif call not in owner.enclosing():
                continue  # made before this call (a tensor the module kept): not its own
            pending += [nxt for nxt, _ in fn.next_functions if nxt is not None]
        call.stop = set()


_ACTIVE: ContextVar[ModuleCalls | None] = ContextVar("playground_module_calls", default=None)


@contextlib.contextmanager
def record_module_calls(torch_too: bool = False) -> Iterator[ModuleCalls]:
    """Watch every module call made in this context inside the block (with `torch_too`, real
    PyTorch modules' calls as well, if torch is imported)."""
    calls = ModuleCalls()

    def before(module: Any, args: Any) -> None:
        if _ACTIVE.get() is calls:
            calls.begin(module, args)

    def after(module: Any, args: Any, output: Any) -> None:
        if _ACTIVE.get() is calls:
            calls.end(module, output)

    token = _ACTIVE.set(calls)
    handles = [
        register_module_forward_pre_hook(before),
        register_module_forward_hook(after, always_call=True),
    ]
    torch_modules = sys.modules.get("torch.nn.modules.module") if torch_too else None
    if torch_modules is not None:
        handles += [
            torch_modules.register_module_forward_pre_hook(before),
            torch_modules.register_module_forward_hook(after, always_call=True),
        ]
    try:
        yield calls
    finally:
        for handle in handles:
            handle.remove()
        _ACTIVE.reset(token)


def name_calls(calls: ModuleCalls, names: Mapping[str, Any], forget: bool = True) -> None:
    """Label each call `path · Class` with the path the learner reaches the module by
    (`model.fc1`, `net[0]`; the class alone for a module no variable reaches), then forget the
    modules themselves: what is left is plain text. A notebook keeps them (`forget=False`):
    each draw() may name them anew."""
    paths = module_paths(names)
    for call in calls.calls():
        if call.module is not None:
            path = paths.get(id(call.module))
            call.label = f"{path} · {call.kind}" if path else call.kind
            if forget:
                call.module = None


def module_paths(names: Mapping[str, Any]) -> dict[int, str]:
    """id(module) -> the shortest path to it from the snippet's variables, breadth-first."""
    paths: dict[int, str] = {}
    queue = [(name, value) for name, value in names.items() if is_module(value)]
    for path, module in queue:  # grows while walked: breadth-first, so shortest paths first
        if id(module) in paths or len(paths) >= MAX_NAMED_MODULES:
            continue
        paths[id(module)] = path
        for child_name, child in module._modules.items():
            if child is not None and id(child) not in paths:
                step = f"[{child_name}]" if child_name.isdigit() else f".{child_name}"
                # a root module named "" (a notebook's params=model) gives `fc1`, not `.fc1`
                queue.append((path + step if path else step.lstrip("."), child))
    return paths


def is_module(value: Any) -> bool:
    """Our nn.Module or PyTorch's (told by what it has: torch is never imported here)."""
    if isinstance(value, Module):
        return True
    return isinstance(getattr(value, "_modules", None), dict) and callable(
        getattr(value, "named_parameters", None)
    )


def _alive(refs: list[weakref.ref]) -> bool:
    """Is some node these weak references point to still alive?"""
    return any(ref() is not None for ref in refs)


def _grad_fns(value: Any) -> list[Any]:
    """The grad_fn of each tensor in a module's arguments or output that has one. Every module
    call of a training loop comes here twice: the usual shapes (one tensor, a tuple of
    tensors) are read directly, the rest walked by _tensors."""
    if value.__class__ is Tensor:
        return [] if value.grad_fn is None else [value.grad_fn]
    if value.__class__ is tuple:
        found = []
        for item in value:
            if item.__class__ is not Tensor:
                break
            if item.grad_fn is not None:
                found.append(item.grad_fn)
        else:
            return found
    return [t.grad_fn for t in _tensors(value) if t.grad_fn is not None]


def _tensors(value: Any, depth: int = 0) -> Iterator[Tensor]:
    """The tensors in a module's arguments or output (nested tuples, lists and dicts)."""
    if isinstance(value, Tensor) or is_torch_tensor(value):
        yield value
    elif depth < 4 and isinstance(value, list | tuple):
        for item in value[:64]:
            yield from _tensors(item, depth + 1)
    elif depth < 4 and isinstance(value, dict):
        for item in list(value.values())[:64]:
            yield from _tensors(item, depth + 1)

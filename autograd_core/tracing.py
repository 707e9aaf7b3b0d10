"""A record of what the engine did during backward, step by step.

The playground replays this to show the chain rule at work: for each node, the gradient that
arrived (upstream), each input's local derivative (as LaTeX, and as numbers where it is
elementwise), and the product sent on; broadcast sum-backs as their own step; and every addition
into a leaf's `.grad`, before and after. It is the engine's own record, written as the engine
runs, not a second simulation: replaying the `accumulate` steps reproduces `.grad` exactly.

Recording is off unless asked for, and then costs nothing per node beyond a `None` check:

    >>> with record_backward() as traces:
    ...     loss.backward()
    >>> [step.kind for step in traces[0].steps]
    ['node', 'node', 'accumulate', ...]

Recording is cheap; looking is what costs. A training loop calls backward thousands of times
and the pages keep about twenty of those calls, so while backward runs a trace notes only
*references* to the arrays it saw (a slot each, kept flat: no object per value) and the events,
and builds its Steps, with the local derivatives' numbers, the first time `steps` is read. A
node the engine runs by its raw rules (its plain path, taken while recording too) is one event,
`ran_raw`: the gradient, what it sent and its saved arrays; the gradient it summed back over
broadcast dimensions is worked out again, by the same rule from the same values, only for a
trace someone looks at (an eager recording, the reference the tests compare against, reports
every node through the general path instead). A reference is only as good as the
values behind it, and right after backward the optimizer overwrites the leaves (and `.grad`
accumulates, `zero_()`s ...): every in-place write in the engine calls in_place.before_write
first, and a trace whose recording window is open copies the values its slots refer to before
they change. The window closes when the next backward call of the same recorder begins (or the
recording ends): a trace nobody kept by then is simply gone, one that is kept copies what it
still refers to (a few kept calls, instead of every call). A write that bypassed the hook is
caught by the tensor's version counter and said (`changed`), never shown as if nothing happened.

Which call will be read is not known as it starts (any call may turn out to be the program's
last, which every page shows), so each is recorded; what is left out is what can never be read
wrong: the gradients of the engine's array loop are referred to but not watched (no tensor
anyone can reach holds them; a gradient given to backward() is the caller's and is watched), a
window lists the memory its arrays live in only when a write comes while it is open, and hears
only its own thread's writes (tests/engine/test_lazy_traces_skips.py pins each, both ways).
"""

from __future__ import annotations

import contextlib
import operator
import threading
import weakref
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from itertools import compress, repeat
from typing import Any

import numpy as np

from . import in_place
from .grad_mode import no_grad
from .tensor import Tensor


def _value(tensor: Any) -> np.ndarray | None:
    """A snapshot of a tensor's values (later in-place changes must not rewrite history)."""
    if tensor is None:
        return None
    data = tensor._data if hasattr(tensor, "_data") else np.asarray(tensor)
    return np.array(data, copy=True)


# The local derivative of a node whose backward is Python code (a custom autograd.Function):
# there is no formula to show, only what that code returned.
PYTHON_BACKWARD = r"\text{backward()}"

# What recording has cost, counted for the tests (a 2,000-step loop must not pay for every
# call): "copies" of held values, traces "frozen" because someone kept them when their window
# closed, traces whose steps were "built" because someone looked, windows whose memory owners
# were "listed" because something wrote in place while they were open.
stats = {"copies": 0, "frozen": 0, "built": 0, "listed": 0}


@dataclass
class Contribution:
    """What one node sends to one of its inputs."""

    input_index: int
    target: Any  # the next node (grad_fn or AccumulateGrad) that receives it
    local_latex: str  # d(result)/d(input) in LaTeX, inputs named a, b, ...
    local_value: np.ndarray | None  # the local derivative's numbers (elementwise ops only)
    value: np.ndarray  # the gradient sent: upstream × local derivative


@dataclass
class Step:
    """One thing the engine did, in the order it did it.

    kind is one of:
      "node"        a node ran its backward formula (`contributions` lists what it sent)
      "sum_to"      a gradient was summed back over broadcast dimensions (`from_shape` ->
                    `to_shape`) before being sent to input `input_index` of `node`
      "hook"        a hook registered with register_hook replaced the gradient
      "retain_grad" a non-leaf's gradient was stored in its .grad (retain_grad())
      "accumulate"  a gradient was added into a leaf's .grad (`before` -> `after`)
      "capture"     autograd.grad took the gradient for one of its `inputs` (no .grad change)
    """

    kind: str
    node: Any
    upstream: np.ndarray | None = None
    contributions: list[Contribution] = field(default_factory=list)
    tensor: Any = None  # the leaf (accumulate) or non-leaf (retain_grad/hook) concerned
    before: np.ndarray | None = None
    after: np.ndarray | None = None
    from_shape: tuple[int, ...] | None = None
    to_shape: tuple[int, ...] | None = None
    input_index: int | None = None


class _Window:
    """The arrays one trace refers to while they may still be overwritten in place.

    Each reference is a slot: `refs[slot]` is the array. The slots whose memory something may
    write into (a tensor's values, an array held for a caller) are also listed in `watched`,
    flat: (slot, the tensor's version counter or None, its version then) for each (no tuple
    per value, as a backward pass notes dozens). The gradients of the engine's array loop are
    in no tensor anyone can reach, so nothing writes into them: they are referred to and never
    watched (a backward call given a gradient of yours watches everything, see
    BackwardTrace.ran_raw_arrays). Before anything writes into memory a watched slot refers to
    (in_place.before_write), the slot gets a copy of the values it had; `freeze` ends the
    watching and copies what is left. Eager (the way every trace used to be recorded, kept for
    comparison): each slot is copied as it is held."""

    __slots__ = ("eager", "kept", "listed", "open", "owners", "refs", "thread", "watched")

    def __init__(self, eager: bool = False) -> None:
        self.refs: list[Any] = []
        self.watched: list[Any] = []
        self.kept: dict[int, np.ndarray] = {}  # slot -> its values, copied before a write
        # id(memory owner) of each watched slot, listed at the first write (a window nobody
        # writes into never lists them); searched by list.index, in C.
        self.owners: list[int] | None = None
        self.listed: set[int] | frozenset[int] = _NOTHING  # the same ids, to rule out a write
        self.eager = eager
        self.open = not eager
        # The thread whose backward pass this window watches: only its writes can reach the
        # arrays the pass used (a run's tensors are its own), and a window must not be read by
        # another thread's write while its own thread is still adding slots to it.
        self.thread = threading.get_ident()
        if self.open:
            in_place.watchers.append(self)

    def hold(self, value: Any) -> int | None:
        if value is None:
            return None
        data = getattr(value, "_data", None)
        if data is None:
            data, counter, version = np.asarray(value), None, 0
        else:
            counter = value._vc
            version = counter[0]
        refs = self.refs
        slot = len(refs)
        refs.append(data)
        watched = self.watched
        watched += (slot, counter, version)
        if not self.open or self.owners is not None:
            self.noted(slot, len(watched) - 3)
        return slot

    def noted(self, first: int, watched: int) -> None:
        """Slots from `first` on, and watched entries from `watched` on, were added directly
        (BackwardTrace.ran_raw ...): copied at once if the window is closed, listed if a write
        already listed the others."""
        if not self.open:
            refs, kept = self.refs, self.kept
            for slot in range(first, len(refs)):
                if refs[slot] is not None:
                    kept[slot] = _copy(refs[slot])
        elif self.owners is not None:
            more = _owner_ids(list(map(self.refs.__getitem__, self.watched[watched::3])))
            self.owners += more
            self.listed.update(more)

    def preserve(self, written: Any) -> None:
        """`written` is about to be overwritten: copy the slots that refer to its memory."""
        owners = self.owners
        if owners is None:
            owners = self.owners = _owner_ids(list(map(self.refs.__getitem__, self.watched[::3])))
            self.listed = set(owners)
            stats["listed"] += 1
        key = _owner_id(written)
        if key not in self.listed or key not in owners:
            return
        kept, refs, watched = self.kept, self.refs, self.watched
        i = owners.index(key)
        while True:
            owners[i] = 0  # copied now: a later write into it needs nothing more
            slot = watched[3 * i]
            if slot not in kept:
                kept[slot] = _copy(refs[slot])
            if key not in owners:
                return
            i = owners.index(key, i + 1)

    def close(self) -> None:
        if self.open:
            self.open = False
            in_place.watchers.remove(self)  # (an open window is always there)
            self.owners = None
            self.listed = _NOTHING

    def freeze(self) -> bool:
        """Copy every slot not copied yet, and stop watching (a slot held later is copied at
        once); returns whether some watched slot's tensor was changed in place by a path that
        did not call the hook first (its values are lost: the slot has the later ones)."""
        self.close()
        missed = False
        kept = self.kept
        watched = self.watched
        for i in range(0, len(watched), 3):
            counter = watched[i + 1]
            if counter is not None and counter[0] != watched[i + 2] and watched[i] not in kept:
                missed = True
        refs = self.refs
        for slot in range(len(refs)):
            if slot not in kept and refs[slot] is not None:
                kept[slot] = _copy(refs[slot])
        self.refs = [None] * len(refs)  # nothing live is held any more (slots keep counting)
        self.watched = []
        return missed


_NOTHING: frozenset[int] = frozenset()


_BASE = operator.attrgetter("base")


def _owner_ids(arrays: list) -> list[int]:
    """_owner_id of each array, the usual case (arrays owning their memory) in C."""
    ids = list(map(id, arrays))
    # `is not None`, never `!=`: an array compares by value
    views = list(map(operator.is_not, map(_BASE, arrays), repeat(None)))
    if True in views:
        for i in compress(range(len(arrays)), views):
            ids[i] = id(in_place.memory_owner(arrays[i]))
    return ids


def _owner_id(array: Any) -> int:
    """id of the object that owns `array`'s memory (the same for every view of it)."""
    return id(array) if array.base is None else id(in_place.memory_owner(array))


def _copy(data: Any) -> np.ndarray:
    stats["copies"] += 1
    return np.array(data, copy=True)


class BackwardTrace:
    """Everything one call of backward() or autograd.grad() did."""

    def __init__(
        self,
        roots: list[Any],  # the tensors backward started from
        create_graph: bool,
        retain_graph: bool,
        steps: list[Step] | None = None,
        *,
        eager: bool = False,
    ) -> None:
        self.roots = roots
        self.create_graph = create_graph
        self.retain_graph = retain_graph
        self._steps = steps
        self._events: list[tuple] = []  # what the engine reported, with slots for arrays
        self._window: _Window | None = None if steps is not None else _Window(eager)
        # The engine's plain path may report a node in one event (ran_raw); an eager trace (the
        # reference the lazy one is tested against) has every value reported as it is computed.
        self.raw = self._window is not None and not eager
        # A gradient given to backward() (`loss.backward(v)`) is the caller's array, which the
        # caller may write into: a call given one watches its gradients too (Tracer.begin).
        self.watch_all = False
        self._frozen_once = False
        self.reached: dict | None = None  # the nodes the call runs through, while on_begin runs
        # True when an array this trace refers to was overwritten by a path that bypassed the
        # in-place hook (a NumPy view written directly): some numbers may be the later ones.
        self.changed = False

    def __repr__(self) -> str:
        return f"BackwardTrace(roots={len(self.roots)}, steps={len(self.steps)})"

    @property
    def steps(self) -> list[Step]:
        if self._steps is None:
            self._steps = self._build()
        return self._steps

    @steps.setter
    def steps(self, steps: list[Step]) -> None:
        self._steps = steps

    def ends_with_capture(self) -> bool:
        """Did the call end by handing a gradient to autograd.grad (its last step a
        "capture")? Answered without building the steps."""
        if self._steps is not None:
            return bool(self._steps) and self._steps[-1].kind == "capture"
        return bool(self._events) and self._events[-1][0] == "capture"

    def accumulations(self) -> list[Step]:
        return [s for s in self.steps if s.kind == "accumulate"]

    def node_steps(self) -> list[Step]:
        return [s for s in self.steps if s.kind == "node"]

    # --- values held by reference --------------------------------------------------------------

    def hold(self, value: Any) -> int | None:
        """Keep `value`'s (a tensor's or an array's) values as they are now; returns the slot
        to read them back with `held`."""
        window = self._window
        if window is None:
            raise ValueError("this trace was not recorded by record_backward: it holds nothing")
        return window.hold(value)

    def hold_tensors(self, tensors: list[Any]) -> int:
        """`hold` for each of `tensors` (all tensors); returns the first one's slot, the
        others follow in order."""
        window = self._window
        if window is None:
            raise ValueError("this trace was not recorded by record_backward: it holds nothing")
        refs, watched = window.refs, window.watched
        first, listed = len(refs), len(watched)
        slot = first
        for t in tensors:
            counter = t._vc
            refs.append(t._data)
            watched += (slot, counter, counter[0])
            slot += 1
        if not window.open or window.owners is not None:
            window.noted(first, listed)
        return first

    def held(self, slot: int | None) -> np.ndarray | None:
        """The values `hold` kept in `slot` (your own copy: a new array each call)."""
        if slot is None:
            return None
        return np.array(self._frozen()[slot], copy=True)

    def freeze(self) -> None:
        """Stop watching for in-place writes: copy whatever this trace still refers to."""
        self._frozen()

    def _frozen(self) -> dict[int, np.ndarray]:
        """slot -> its values (every slot copied: frozen once, the first time it is asked)."""
        window = self._window
        if window is None:
            return {}
        if not self._frozen_once:
            self._frozen_once = True
            stats["frozen"] += window.open
            self.changed = window.freeze() or self.changed
        return window.kept

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_steps"] = self.steps
        state["_events"], state["_window"] = [], None
        return state

    # --- the engine's one hook: what it reports while this trace is recorded ------------------
    # engine.py calls these (only when a trace is being recorded, so a plain backward pays one
    # `is None` test per event). Each notes references (slots) only; Steps are built by _build.

    def ran(self, node: Any, grad: Any) -> list:
        """A node ran its derivatives on `grad`; its contributions are added by `sent`."""
        hold = self._window.hold
        prim = node.primitive
        saved = None
        if prim.local_derivative and not prim.variadic and node._saved:
            # the values its local derivatives need (backward frees them once the node ran)
            saved = {}
            for key, entry in node._saved.items():
                value = entry[0] if entry is not None else None
                saved[key] = (
                    (hold(value), value._dtype) if isinstance(value, Tensor) else (None, value)
                )
        event = ["node", node, hold(grad), grad._dtype, grad.shape, saved, []]
        self._events.append(event)
        return event

    def ran_raw(self, node: Any, grad: Any, outputs: list) -> None:
        """A node ran the raw rules of all its derivatives on `grad` (the engine's plain path)
        and sent `outputs` (one per input, None where it sends nothing): one event, its arrays
        noted in one go (the gradient, each output, the saved tensors), and the rest (local
        derivatives, sum-backs) worked out by _build if anyone looks. These gradients are
        tensors a hook may have seen: every one is watched."""
        arrays = [None if out is None else out._data for out in outputs]
        self.ran_raw_arrays(node, grad._data, grad._dtype, arrays, (grad, *outputs))

    def ran_raw_arrays(
        self, node: Any, grad: Any, dtype: Any, outputs: list, tensors: tuple | None = None
    ) -> None:
        """ran_raw for the engine's array loop (engine._run_plain), where gradients are NumPy
        arrays no tensor anyone can reach holds, so nothing writes into them (a sum makes a new
        one, and .grad takes a copy of an array someone else holds): referred to, never watched.
        A node runs a few times per training step and this is most of what a trace notes, so
        it is one event with a slot per array: the gradient, one per input (None where nothing
        is sent), the saved tensors (watched: anything may write into those). A gradient given
        to backward() is the caller's and may be written: such a call watches them all
        (`watch_all`); so does ran_raw, whose gradients are the `tensors` given."""
        window = self._window
        refs, watched = window.refs, window.watched
        first, listed = len(refs), len(watched)
        refs.append(grad)
        refs += outputs
        if tensors is not None:
            for slot, tensor in enumerate(tensors, first):
                if tensor is not None:
                    counter = tensor._vc
                    watched += (slot, counter, counter[0])
        elif self.watch_all:
            for slot in range(first, len(refs)):
                if refs[slot] is not None:
                    watched += (slot, None, 0)
        numbers = None  # the saved values that are not tensors, by name (rarely any)
        for key, entry in node._saved.items():
            if entry is not None and entry[1] is not None:  # a tensor (numbers: no version)
                value = entry[0]
                counter = value._vc
                watched += (len(refs), counter, counter[0])
                refs.append(value._data)
            else:
                if numbers is None:
                    numbers = {}
                numbers[key] = entry[0] if entry is not None else None
        if not window.open or window.owners is not None:
            window.noted(first, listed)
        # the arrays, never the tensors: a trace must not keep a loop's intermediates alive (the
        # names are the node's: freeing its values keeps them, in order, see Node.release)
        self._events.append(("raw", node, first, dtype, numbers))

    def sent(self, step: list, index: int, target: Any, gradient: Any, grad: Any) -> None:
        """The node of `step` sent `gradient` to its input `index` (the next node `target`)."""
        step[6].append((index, target, self._window.hold(gradient)))

    def ran_python(self, node: Any, grads: list, outputs: list) -> None:
        """A custom autograd.Function's backward ran: no formula to show, only its results."""
        hold = self._window.hold
        first = next((g for g in grads if g is not None), None)
        sent = [
            (i, kid, hold(g))
            for i, ((kid, _), g) in enumerate(zip(node.next_functions, outputs))
            if g is not None
        ]
        self._events.append(("python", node, hold(first), sent))

    def summed(self, node: Any, index: int, before: Any, after: Any, shape: tuple) -> None:
        """A gradient for input `index` was summed back over broadcast dimensions."""
        hold = self._window.hold
        self._events.append(("sum_to", node, index, hold(before), hold(after), before.shape, shape))

    def hooked(self, node: Any, owner: Any, grad: Any, new: Any) -> None:
        hold = self._window.hold
        self._events.append(("hook", node, owner, hold(grad), hold(new)))

    def retained(self, node: Any, tensor: Any, before: Any, stored: Any) -> None:
        hold = self._window.hold
        self._events.append(("retain_grad", node, tensor, hold(before), hold(stored)))

    def accumulated(self, node: Any, grad: Any, leaf: Any, before: int | None) -> None:
        """`grad` was added into `leaf.grad`; `before` is the slot `hold` gave `.grad` before
        that (held before the addition wrote into it)."""
        window = self._window
        refs, watched = window.refs, window.watched
        first, listed = len(refs), len(watched)
        after = leaf._grad
        counter, counted = grad._vc, after._vc
        refs += (grad._data, after._data)
        watched += (first, counter, counter[0], first + 1, counted, counted[0])
        if not window.open or window.owners is not None:
            window.noted(first, listed)
        self._events.append(("accumulate", node, first, leaf, before, first + 1))

    def accumulated_array(self, node: Any, grad: Any, leaf: Any, before: int | None) -> None:
        """accumulated for the engine's array loop: `grad` is an array of the engine's, which
        nothing writes into (unwatched, as in ran_raw_arrays) unless `.grad` took it as it
        is (a sum no one else held) or it is the caller's (`watch_all`)."""
        window = self._window
        refs, watched = window.refs, window.watched
        first, listed = len(refs), len(watched)
        after = leaf._grad
        counted = after._vc
        refs += (grad, after._data)
        if after._data is grad:
            watched += (first, counted, counted[0])
        elif self.watch_all:
            watched += (first, None, 0)
        watched += (first + 1, counted, counted[0])
        if not window.open or window.owners is not None:
            window.noted(first, listed)
        self._events.append(("accumulate", node, first, leaf, before, first + 1))

    def captured(self, node: Any, grad: Any, tensor: Any) -> None:
        self._events.append(("capture", node, self._window.hold(grad), tensor))

    # --- the Steps, built when first looked at -------------------------------------------------

    def _build(self) -> list[Step]:
        stats["built"] += 1
        values = self._frozen()

        def at(slot: int | None) -> np.ndarray | None:
            return None if slot is None else values[slot]

        ones: dict = {}
        steps = []
        for event in self._events:
            kind, node = event[0], event[1]
            if kind == "node":
                _, _, up, dtype, shape, saved, sent = event
                step = Step("node", node, upstream=at(up))
                prim = node.primitive
                for index, target, slot in sent:
                    if prim.variadic:
                        d, local = prim.derivatives["tensors"], None
                    else:
                        d = prim.input_derivatives[index]
                        local = None
                        if prim.local_derivative:
                            local = _local_from(node, d, dtype, shape, saved, values, ones)
                    step.contributions.append(Contribution(index, target, d.latex, local, at(slot)))
            elif kind == "raw":
                steps += _raw_steps(event, values, ones)
                continue
            elif kind == "python":
                _, _, up, sent = event
                step = Step("node", node, upstream=at(up))
                step.contributions = [
                    Contribution(i, kid, PYTHON_BACKWARD, None, at(slot)) for i, kid, slot in sent
                ]
            elif kind == "sum_to":
                _, _, index, before, after, from_shape, to_shape = event
                step = Step(
                    "sum_to",
                    node,
                    upstream=at(before),
                    from_shape=from_shape,
                    to_shape=to_shape,
                    input_index=index,
                    after=at(after),
                )
            elif kind == "hook":
                _, _, owner, grad, new = event
                step = Step("hook", node, upstream=at(grad), tensor=owner, after=at(new))
            elif kind == "retain_grad":
                _, _, tensor, before, stored = event
                step = Step("retain_grad", node, tensor=tensor, before=at(before), after=at(stored))
            elif kind == "accumulate":
                _, _, grad, leaf, before, after = event
                step = Step(
                    "accumulate",
                    node,
                    upstream=at(grad),
                    tensor=leaf,
                    before=at(before),
                    after=at(after),
                )
            else:
                _, _, grad, tensor = event
                step = Step("capture", node, upstream=at(grad), tensor=tensor)
            steps.append(step)
        self._events = []
        return steps


def _raw_steps(event: tuple, values: dict, ones: dict) -> list[Step]:
    """The Steps of a node the engine ran by its raw rules (BackwardTrace.ran_raw): what
    _apply reports for it, step for step. A gradient summed back over broadcast dimensions is
    recomputed by the same raw rule from the same values (the engine kept only the sum)."""
    _, node, first, dtype, numbers = event
    prim = node.primitive
    upstream = values[first]
    sent = [
        (index, target, first + 1 + index)
        for index, (target, _) in enumerate(node.next_functions)
        if target is not None
    ]
    slot = first + 1 + len(node.next_functions)
    saved: dict = {}
    for key in node._saved:
        if numbers is not None and key in numbers:
            saved[key] = (None, numbers[key])
        else:
            saved[key] = (slot, None)
            slot += 1
    step = Step("node", node, upstream=upstream)
    steps = [step]
    shape = upstream.shape
    for index, target, slot in sent:
        d = prim.input_derivatives[index]
        local = None
        if prim.local_derivative:
            local = _local_from(node, d, dtype, shape, saved or None, values, ones)
        step.contributions.append(Contribution(index, target, d.latex, local, values[slot]))
        to_shape = node._input_meta[index][0]
        before = _raw_before_sum(node, d, upstream, saved, values)
        if before.shape == to_shape:
            continue
        steps.append(
            Step(
                "sum_to",
                node,
                upstream=before,
                from_shape=before.shape,
                to_shape=to_shape,
                input_index=index,
                after=np.array(values[slot]),  # its own array, as the step it replaces had
            )
        )
    return steps


def _raw_before_sum(node: Any, d: Any, upstream: np.ndarray, saved: dict, values: dict) -> Any:
    """engine._raw_array on the trace's values: the gradient before sum_to (an array of its
    own: a rule may return its argument, `grad` itself for an addition)."""
    args = node.arguments(d.plan, upstream, True, _unpacker(node, saved, values, raw=True))
    g = d.raw(*args)
    if type(g) is not np.ndarray:
        return np.asarray(g, dtype=upstream.dtype)
    if g.dtype != upstream.dtype:
        return g.astype(upstream.dtype)
    return np.array(g) if any(g is a for a in args) else g


def _local_from(
    node: Any, d: Any, dtype: Any, shape: tuple, saved: dict | None, values: dict, ones: dict
) -> np.ndarray | None:
    """d(result)/d(input) as numbers: the derivative applied to ones, with the node's saved
    values as they were when it ran. The ones are made once per shape and dtype per trace
    (read-only: a raw rule never writes into its arguments), and a fresh result array is kept
    as it is rather than copied again."""
    key = (shape, dtype)
    one = ones.get(key)
    if one is None:
        one = ones[key] = np.ones(shape, dtype=dtype.numpy)
        one.flags.writeable = False
    raw = d.raw is not None and all(m[1] is None or m[1] is dtype for m in node._input_meta)
    try:
        if raw:
            # The raw rule gives the formula's numbers without recording anything (same bits,
            # see tests/engine/test_raw_derivatives.py): a traced run takes this for every node.
            args = node.arguments(d.plan, one, True, _unpacker(node, saved, values, raw=True))
            value = d.raw(*args)
        else:
            grad = Tensor._make(np.array(one), dtype)
            with no_grad():
                unpack = _unpacker(node, saved, values, raw=False)
                value = d.fn(*node.arguments(d.plan, grad, False, unpack))
            return _value(value)
    except (RuntimeError, KeyError):
        return None
    if (
        type(value) is np.ndarray
        and value.dtype == one.dtype
        and value.base is None
        and value.flags.writeable
        and not any(value is a for a in args)
    ):
        return value  # made by this call: nothing else holds it
    return np.array(value, dtype.numpy)


def _unpacker(node: Any, saved: dict | None, values: dict, raw: bool) -> Callable:
    """Node.unpack, with the saved tensors as the values this trace kept of them (the node's
    own may have been freed or overwritten since)."""

    def unpack(key: str) -> Any:
        if key in node._params:
            return node._params[key]
        if saved is None or key not in saved:
            raise KeyError(key)  # not saved: no local value is shown
        slot, value = saved[key]
        if slot is None:
            return value  # a number
        return values[slot] if raw else Tensor._make(values[slot], value)

    return unpack


def _local_value(node: Any, d: Any, grad: Any) -> np.ndarray | None:
    """d(result)/d(input) through the derivative's Tensor formula, from the node's own saved
    values (they must not have been freed): the derivative applied to ones."""
    ones = np.ones(grad.shape, dtype=grad._dtype.numpy)
    with no_grad():
        try:
            value = d.fn(*node.arguments(d.plan, type(grad)._make(ones)))
        except RuntimeError:
            return None
    return _value(value)


class Tracer:
    """Collects a BackwardTrace per backward call; the engine calls the methods below.

    Each trace's recording window stays open (its values watched for in-place writes) until the
    next call begins or the recording ends; then it is frozen if anyone still holds it (the
    list, trimmed to `keep`, or whoever on_begin gave it to) and forgotten otherwise."""

    def __init__(
        self,
        on_begin: Callable[[BackwardTrace], None] | None = None,
        keep: int | None = None,
        eager: bool = False,
    ) -> None:
        self.traces: list[BackwardTrace] = []
        self.on_begin = on_begin
        self.keep = keep
        self.eager = eager
        self.pending: tuple[weakref.ref, _Window] | None = None

    def begin(
        self,
        roots: list[Any],
        create_graph: bool,
        retain_graph: bool,
        reached: dict | None = None,
        *,
        given: bool = True,
    ) -> BackwardTrace:
        """A backward call starts from `roots`; `reached`: every node it will run through, when
        the engine walked the whole graph (not for autograd.grad's restricted walk); `given`:
        the caller gave some root's gradient (an array of theirs: watched, see ran_raw_arrays).
        """
        trace = BackwardTrace(roots, create_graph, retain_graph, eager=self.eager)
        trace.watch_all = given
        traces = self.traces
        traces.append(trace)
        if self.keep is not None and len(traces) > self.keep:
            del traces[self.keep - 1 : -1]  # the first ones, and always the latest
        if self.on_begin is not None:  # before any gradient moves: the graph is as forward left it
            trace.reached = reached  # (for on_begin only: the graph is not walked twice)
            self.on_begin(trace)
            trace.reached = None
        previous, self.pending = self.pending, (weakref.ref(trace), trace._window)
        if previous is not None:
            _settle(*previous)
        return trace

    def settle(self) -> None:
        if self.pending is not None:
            _settle(*self.pending)
            self.pending = None


def _settle(ref: weakref.ref, window: _Window) -> None:
    trace = ref()
    if trace is not None:
        trace.freeze()
    else:
        window.close()


_active: ContextVar[Tracer | None] = ContextVar("autograd_core_tracer", default=None)


def current() -> Tracer | None:
    return _active.get()


@contextlib.contextmanager
def record_backward(
    on_begin: Callable[[BackwardTrace], None] | None = None,
    *,
    keep: int | None = None,
    eager: bool = False,
) -> Iterator[list[BackwardTrace]]:
    """Record every backward pass run inside the block; yields the (growing) list of traces.

    on_begin(trace) is called as each backward pass starts, while the leaves still hold the
    values its forward pass used (a training loop's optimizer step changes them afterwards):
    `trace.hold(leaf)` keeps a leaf's values of that moment.
    keep: the list holds at most this many traces, the first `keep - 1` and the latest.
    eager: copy every value as it is reported (no watching for in-place writes): slower, the
    reference the lazy recording is tested against."""
    tracer = Tracer(on_begin, keep, eager)
    token = _active.set(tracer)
    try:
        yield tracer.traces
    finally:
        _active.reset(token)
        tracer.settle()


snapshot = _value

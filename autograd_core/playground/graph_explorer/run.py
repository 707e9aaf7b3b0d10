"""Run a snippet the way the Graph Explorer shows it: toggles written in, the graph to draw, the
backward pass to replay, and what each toggle could act on.

    >>> exp = explore(by_key("product-rule").code)
    >>> exp.output.splitlines()[0], exp.graph.number_of_nodes(), len(exp.steps)
    ('tensor(39., grad_fn=<AddBackward0>)', 10, 6)

When the snippet stops with a runtime error, the code before the failing statement is run
again and drawn (`partial_line` says where it stopped), so that switching "run under no_grad"
shows the cut-off graph next to PyTorch's complaint instead of nothing.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from autograd_core.function import AccumulateGrad
from autograd_core.nn.parameter import UninitializedParameter
from autograd_core.tensor import Tensor

from ..graph import build_graph, layout, plain_graph, trace_steps
from ..graph.module_calls import ModuleCalls, name_calls, record_module_calls
from ..sandbox import (
    DEFAULT_LIMITS,
    Limits,
    Overrides,
    SnippetError,
    SnippetResult,
    Span,
    apply_overrides,
    run_snippet,
    span_text,
)
from ..sandbox.workers import AFTER_THE_SNIPPET, isolated
from .iterations import MAX_TAKEN_ELEMENTS, Iterations, Pass, kept_note
from .source import SpanMap, prefix_before, seeded
from .state import span_key

MAX_DRAWN_NODES = 1_500  # past this, a drawing is no longer readable or quick
MAX_TOGGLE_TARGETS = 40  # leaves / intermediates offered as toggles
ANIMATION_LIMIT = 12_000  # backward steps × nodes: past this, a replay is megabytes to send


@dataclass(frozen=True)
class Intermediate:
    """An expression whose result is a non-leaf tensor: a place where detach() can cut."""

    span: Span
    text: str  # the expression as written (clipped)

    @property
    def key(self) -> str:
        return span_key(self.span)

    @property
    def label(self) -> str:
        return f"{self.text}  (line {self.span.line})"


@dataclass(frozen=True)
class Candidates:
    """What the toggles can act on, read from a run of the code as typed."""

    leaves: tuple[tuple[str, bool], ...] = ()  # leaf name -> requires_grad as the code leaves it
    intermediates: tuple[Intermediate, ...] = ()
    retainable: tuple[str, ...] = ()  # named non-leaf tensors

    def valid(self, overrides: Overrides) -> tuple[Overrides, list[str]]:
        """`overrides` without what no longer exists in the code, and a note per dropped part."""
        leaves = dict(self.leaves)
        spans = {i.span for i in self.intermediates}
        dropped = [n for n in overrides.requires_grad if n not in leaves]
        dropped += [f"detach at line {s.line}" for s in overrides.detach if s not in spans]
        dropped += [n for n in overrides.retain_grad if n not in self.retainable]
        kept = Overrides(
            requires_grad={
                n: f for n, f in overrides.requires_grad.items() if n in leaves and leaves[n] != f
            },
            detach=frozenset(s for s in overrides.detach if s in spans),
            retain_grad=frozenset(n for n in overrides.retain_grad if n in self.retainable),
            no_grad=overrides.no_grad,
        )
        return kept, dropped


@dataclass
class Exploration:
    """One run of a snippet, ready to draw: plain data only (text, NumPy arrays, a networkx
    graph of those), so that it can cross from the worker process that ran the code to the page,
    be pickled and cached; nothing in it is an engine object built by learner code."""

    source: str  # as typed
    code: str  # what ran: the source with the toggles written in (real PyTorch: the Export)
    overrides: Overrides
    error: SnippetError | None = None  # None when the run reached the end
    output: str = ""  # what print() wrote (up to the error, if there was one)
    display: str | None = None  # repr of a final bare expression, as a notebook shows it
    warnings: tuple[str, ...] = ()
    candidates: Candidates = field(default_factory=Candidates)  # what the switches can act on
    # (read from a run of the code as typed: empty when switches were written in)
    partial_line: int | None = None  # the graph shows the code before this line (after error)
    graph: Any = None  # networkx.DiGraph from build_graph (plain data: see plain_graph), or None
    positions: Any = None
    steps: list = field(default_factory=list)  # ReplayStep of the replayed backward call
    backward: int | None = None  # 0-based index of the replayed trace (a loop's picker: one
    # past its iterations is After the loop)
    backward_calls: tuple[str, ...] = ()  # a label per backward()/autograd.grad() call kept
    backward_numbers: tuple[int, ...] = ()  # each kept call's number in the run (1-based)
    backward_total: int = 0  # how many backward()/autograd.grad() calls the run made
    iterations: bool = False  # the calls are a loop's iterations: one is drawn at a time
    after_loop: bool = False  # the loop's picker ends on "After the loop" (the last position)
    check_index: int | None = None  # the drawn call among SnippetResult.traces of a rerun (the
    # gradient check's numbering), None if a run does not keep that one
    note: str | None = None  # why less than everything is drawn
    typed_sites: dict[str, Span] = field(default_factory=dict)  # node id -> span as typed

    def typed_line(self, line: int) -> int | None:
        """Line `line` of the code that ran, as a line of the code as typed (None: a line a
        switch added)."""
        return SpanMap(self.source, self.code).line(line)

    def error_place(self) -> tuple[str, int, int | None] | None:
        """(the code to quote, line, col) of the error, in the learner's own code when the
        line exists there (the switches only add text), else in the code that ran."""
        if self.error is None or self.error.line is None:
            return None
        line, col = self.error.line, self.error.col
        if self.code == self.source:
            return self.source, line, col
        mapping = SpanMap(self.source, self.code)
        typed = mapping.point(line, col) if col else None
        if typed is not None:
            return self.source, typed[0], typed[1]
        if mapping.line(line) is not None:
            return self.source, mapping.line(line), None
        return self.code, line, col

    def error_note(self) -> str | None:
        """Where the error is in the learner's own numbering, when the switches moved lines."""
        if self.error is None or self.error.line is None or self.code == self.source:
            return None
        line = self.typed_line(self.error.line)
        if line is None:
            return f"Line {self.error.line} of the code with your switches written in (Export)."
        return (
            f"Line {line} of your code; line {self.error.line} of the code with your switches "
            "written in (Export shows it)."
        )

    def after_loop_shown(self) -> bool:
        """Is the picker on "After the loop": what the program computed after its last
        iteration?"""
        return self.after_loop and self.backward == len(self.backward_numbers)

    def iteration_note(self) -> str | None:
        """For a loop: which iteration is drawn, what its values show, and which were kept."""
        if not self.iterations or self.backward is None:
            return None
        if self.after_loop_shown():
            return AFTER_LOOP_NOTE
        number, total = self.backward_numbers[self.backward], self.backward_total
        text = (
            f"Iteration {number} of {total}: every value shown is the one this iteration's "
            "forward pass made; a leaf that has changed since also shows its value at the end "
            "of the program (“now”)."
        )
        return text + " " + kept_note(self.backward_numbers, total)

    def node_for_span(self, span: Span) -> str | None:
        """The node drawn for the expression at `span` (as typed), if there is one."""
        return next((n for n, s in self.typed_sites.items() if s == span), None)


def explore(
    source: str,
    overrides: Overrides | None = None,
    *,
    backward: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Exploration:
    """Run `source` with `overrides` written in and build what the page draws.

    backward: which backward()/autograd.grad() call to replay, 0-based (None: the last one;
    a loop followed by tensors computed from it has one more position, After the loop).
    Never raises for anything in `source`: problems end up in `error` or `note`.
    """
    overrides = overrides or Overrides()
    source = source.removeprefix("\ufeff")  # as run_snippet does: columns count from after it
    exp = Exploration(source=source, code=source, overrides=overrides)
    drawn = None  # the run the graph comes from: the whole run, or the code before the error
    watched = _Watched()
    started = time.thread_time()
    try:
        if overrides != Overrides():
            exp.code = apply_overrides(source, overrides)
        drawn = watched.run(seeded(exp.code), limits)
        exp.output, exp.display, exp.warnings = drawn.output, drawn.display, drawn.warnings
        if exp.code == source:
            exp.candidates = candidates(source, drawn)
    except SnippetError as error:
        exp.error, exp.output = error, error.output
        spent = time.thread_time() - started
        drawn = _run_prefix(exp, replace(limits, time_limit=limits.time_limit - spent), watched)
        if drawn is not None and exp.code == source:
            exp.candidates = candidates(source, drawn)
    if drawn is not None:
        _draw(exp, drawn, backward, watched)
    return exp


class _Watched:
    """A run of the snippet with its module calls and backward passes noted as they happen
    (by the page, outside the snippet's language: the snippet cannot see or reach them)."""

    def __init__(self) -> None:
        self.calls = ModuleCalls()
        self.passes = Iterations()

    def run(self, code: str, limits: Limits) -> SnippetResult:
        self.passes = Iterations()
        with record_module_calls() as self.calls:
            return run_snippet(code, limits=limits, on_backward=self.passes)


# The prefix run needs some time to be worth starting; a program that failed after using all
# but this much of the time limit is shown without its graph.
MIN_PREFIX_SECONDS = 0.05
PREFIX_TOO_LONG_NOTE = (
    "The code before the error ran for nearly the whole time limit, so it is not run again "
    "to draw its graph: fix the error, or make the loop shorter to see the graph."
)


def _seconds(limits: Limits) -> float:
    """How long the server waits for a worker: the run and, after an error, the prefix run
    (together within one time limit of processor time, `_run_prefix`), then drawing; on a busy
    machine the run waits for a processor, which wall-clock time counts, hence twice."""
    return 2 * limits.time_limit + 2.0


EXPLORE_SECONDS = _seconds(DEFAULT_LIMITS)


def explore_isolated(
    source: str,
    overrides: Overrides | None = None,
    *,
    backward: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Exploration:
    """explore() where learner code may run: in a worker process in the app (sandbox.workers),
    in this process in tests. A worker that had to be stopped gives an Exploration whose error
    says which limit was hit, as the snippet's own budget would."""
    try:
        return isolated(
            explore,
            source,
            overrides,
            backward=backward,
            limits=limits,
            seconds=_seconds(limits),
            # the run and the rerun after an error share one time limit (_run_prefix)
            cpu_seconds=limits.time_limit + AFTER_THE_SNIPPET,
        )
    except SnippetError as error:
        return Exploration(
            source=source, code=source, overrides=overrides or Overrides(), error=error
        )


def _run_prefix(exp: Exploration, limits: Limits, watched: _Watched) -> SnippetResult | None:
    """After a runtime error, run what came before the failing statement, to draw it.

    `limits` give it what the first run left of the time limit: the two runs together stay
    within one time limit, so a program that computes for nearly all of it and then fails
    cannot make the worker compute for twice as long. A run that left too little is not
    drawn (the error is shown all the same)."""
    error = exp.error
    if error is None or error.kind != "runtime" or error.top_line is None:
        return None
    if limits.time_limit < MIN_PREFIX_SECONDS:
        exp.note = PREFIX_TOO_LONG_NOTE
        return None
    # (an error inside a function: the statement that called it, at the top level)
    prefix = prefix_before(exp.code, error.top_line)
    if prefix is None:
        return None
    try:
        drawn = watched.run(seeded(prefix), limits)
    except SnippetError:
        return None
    exp.partial_line = error.top_line
    return drawn


def _draw(exp: Exploration, run: SnippetResult, backward: int | None, watched: _Watched) -> None:
    passes = watched.passes.kept()
    exp.backward_total = watched.passes.count
    exp.backward_numbers = tuple(p.number for p in passes)
    exp.iterations = is_loop(run, passes)
    exp.backward_calls = tuple(
        _call_label(run, p, exp.iterations, exp.backward_total) for p in passes
    )
    after = after_loop_tensors(run, passes[-1]) if exp.iterations else []
    if after:  # the picker's last position: what the program computed after the loop
        exp.after_loop = True
        exp.backward_calls += (AFTER_LOOP,)
    chosen: Pass | None = None
    if passes:
        last = len(exp.backward_calls) - 1
        exp.backward = last if backward is None else min(max(backward, 0), last)
        chosen = passes[exp.backward] if exp.backward < len(passes) else None
    trace = chosen.trace if chosen is not None else None
    exp.check_index = next((i for i, t in enumerate(run.traces) if t is trace), None)
    # A loop's iteration is drawn alone, with its leaves as they were then: the variables hold
    # only the last iteration's tensors, and their leaves' values after the last update.
    # After the loop, the tensors computed then, from the values at the end of the program.
    tensors = [] if exp.iterations else drawn_tensors(run)
    if exp.after_loop_shown():
        tensors = after
    roots = [*tensors, *(trace.roots if trace is not None else ())]
    if not roots:
        exp.note = "No tensors yet: create one with torch.tensor(...) to see it here."
        return
    size = graph_size(roots, MAX_DRAWN_NODES)
    if size > MAX_DRAWN_NODES:
        exp.note = (
            f"This graph has more than {MAX_DRAWN_NODES:,} nodes, too many to draw readably: "
            "make the loop shorter or the model smaller to see it."
        )
        return
    watched.calls.focus(roots)  # the frames of the drawn graph only: not every call of a loop
    name_calls(watched.calls, run.variables)
    names = dict(run.variables)
    if exp.iterations and trace is not None:  # that iteration's `loss`, not the last one's
        names |= {run.names_of(r)[0]: r for r in trace.roots if run.names_of(r)}
    graph = build_graph(
        *tensors,
        names=names,
        sites=run.sites,
        trace=trace,
        modules=watched.calls,
        values=chosen.values if exp.iterations and chosen is not None else None,
    )
    if trace is not None:
        try:
            exp.steps = trace_steps(graph, trace)
        except ValueError as problem:  # a trace through nodes that are not drawn
            exp.note = str(problem)
        if trace.changed:  # a write the trace could not see coming (tracing.py): say so
            exp.note = CHANGED_NOTE
    if exp.iterations and chosen is not None:
        graph.graph["iteration"] = (chosen.number, exp.backward_total)
        if chosen.untaken and exp.note is None:
            exp.note = UNTAKEN_NOTE
    exp.graph = plain_graph(graph)
    # Laid out after the replay is known: each box gets room for every gradient it will show.
    exp.positions = layout(exp.graph, exp.steps if can_replay(exp) else None)
    mapping = SpanMap(exp.source, exp.code)
    for node_id, data in exp.graph.nodes(data=True):
        typed = mapping(data["site"]) if data["kind"] == "result" else None
        if typed is not None:
            exp.typed_sites[node_id] = typed


def can_replay(exp: Exploration) -> bool:
    """Is the replay small enough to send as animation frames (steps × nodes)?"""
    return bool(exp.steps) and len(exp.steps) * exp.graph.number_of_nodes() <= ANIMATION_LIMIT


def drawn_tensors(result: SnippetResult) -> list[Tensor]:
    """The tensors the snippet ends with (its variables, and tensors in its lists): the graph is
    everything they were computed from. A lazy layer's weight before its first batch has no
    value yet: there is nothing to draw."""
    found: dict[int, Tensor] = {}
    for value in result.variables.values():
        items = value if isinstance(value, list | tuple) else (value,)
        for item in items:
            if isinstance(item, Tensor) and not isinstance(item, UninitializedParameter):
                found.setdefault(id(item), item)
    return list(found.values())


CHANGED_NOTE = (
    "Some values this backward call used were changed in place afterwards in a way the "
    "playground could not follow: the replay may show the later values for them."
)
UNTAKEN_NOTE = (
    f"This iteration made more numbers than the page keeps for one iteration "
    f"({MAX_TAKEN_ELEMENTS:,}), so some of its values are marked “value not kept”: make the "
    "data or the model smaller to see them all."
)
AFTER_LOOP = "After the loop"
AFTER_LOOP_NOTE = (
    "After the loop: the tensors your program computed once its last iteration was done, from "
    "the values the loop left (every leaf as the last update left it). Slide left to see one "
    "iteration's graph."
)


def after_loop_tensors(run: SnippetResult, last: Pass) -> list[Tensor]:
    """The tensors computed after the last iteration's result (the root of its backward) from
    the graph's tensors: those with a graph (`pred = model(x_test)`, the `w * 5` in
    `print(w * 5)`) and named ones cut from it (`pred` under no_grad, or detach()ed), each
    drawn once: not those inside another one's graph. Plain data made after the loop
    (`first_x = dataset[0]`) is no reason to leave the training graph."""
    roots = {id(r) for r in last.trace.roots}
    index = next((i for i, r in enumerate(run.tensors) if id(r.tensor) in roots), None)
    if index is None:
        return []
    bound = {id(v) for v in run.variables.values() if isinstance(v, Tensor)}
    found = [
        r.tensor
        for r in run.tensors[index + 1 :]
        if r.tensor.grad_fn is not None or (id(r.tensor) in bound and r.tensor._origin is not None)
    ]
    inside: set[int] = set()  # grad_fn nodes below some candidate's own
    pending = [nxt for t in found if t.grad_fn is not None for nxt, _ in t.grad_fn.next_functions]
    while pending and len(inside) <= MAX_DRAWN_NODES:
        fn = pending.pop()
        if fn is None or id(fn) in inside:
            continue
        inside.add(id(fn))
        pending += [nxt for nxt, _ in fn.next_functions]
    drawn = [t for t in found if t.grad_fn is None or id(t.grad_fn) not in inside]
    # results first: the first is what the Inspector opens on (pred, not the x_test it used)
    return sorted(drawn, key=lambda t: t.grad_fn is None)


def graph_size(tensors: Iterable[Tensor], cap: int) -> int:
    """How many nodes build_graph would draw for `tensors`, counting no further than `cap + 1`
    (a walk of grad_fn.next_functions: cheap, so a huge graph is refused before it is built)."""
    seen: set[int] = set()
    queue: deque = deque()
    count = 0
    for t in tensors:
        if t.grad_fn is not None:
            queue.append(t.grad_fn)
        else:
            count += 1
    while queue and count <= cap:
        fn = queue.popleft()
        if id(fn) in seen:
            continue
        seen.add(id(fn))
        if isinstance(fn, AccumulateGrad):
            count += 1
            continue
        count += 2  # the op and its result
        for nxt, _ in fn.next_functions:
            if nxt is None:
                count += 1
            elif id(nxt) not in seen:
                queue.append(nxt)
    return count


def is_loop(run: SnippetResult, passes: list[Pass]) -> bool:
    """Are these backward passes a loop's iterations: backward() calls, each from a new result
    computed on the same line as another's? (Two backward calls on one result are not, nor
    autograd.grad asked row by row by jacobian().)"""
    lines: dict[int, set[int]] = {}
    for p in passes:
        if _kind(p.trace) != "backward":
            return False
        root = p.trace.roots[0] if p.trace.roots else None
        line = _root_line(run, p.trace)
        if root is not None and line is not None:
            lines.setdefault(line, set()).add(id(root))
    return any(len(roots) > 1 for roots in lines.values())


def _root_line(run: SnippetResult, trace: Any) -> int | None:
    root = trace.roots[0] if trace.roots else None
    site = run.sites.get(id(root)) if root is not None else None
    return site.line if site is not None else None


def _call_label(run: SnippetResult, kept: Pass, loop: bool, total: int) -> str:
    trace = kept.trace
    if loop:
        return f"Iteration {kept.number} of {total}"
    root = trace.roots[0] if trace.roots else None
    names = run.names_of(root) if root is not None else ()
    line = _root_line(run, trace)
    what = f"`{names[0]}`" if names else "an unnamed result"
    where = f", computed on line {line}" if line is not None else ""
    return f"#{kept.number} · {_kind(trace)} from {what}{where}"


def _kind(trace: Any) -> str:
    return "autograd.grad" if trace.ends_with_capture() else "backward"


def candidates(source: str, result: SnippetResult) -> Candidates:
    """What the toggles can act on, from a run of `source` exactly as typed."""
    leaves: dict[str, bool] = {}
    retainable: list[str] = []
    for name, value in result.variables.items():
        if not isinstance(value, Tensor) or len(leaves) >= MAX_TOGGLE_TARGETS:
            continue
        if value.grad_fn is None and value.is_floating_point() and _creates_leaf(source, name):
            leaves[name] = bool(value.requires_grad)
        elif value.grad_fn is not None:
            retainable.append(name)
    spans: dict[Span, Intermediate] = {}
    for record in result.tensors:
        if record.site is None or record.tensor.grad_fn is None or record.site in spans:
            continue
        text = " ".join(span_text(source, record.site).split())
        spans[record.site] = Intermediate(record.site, _clip(text, 40))
        if len(spans) >= MAX_TOGGLE_TARGETS:
            break
    return Candidates(
        leaves=tuple(leaves.items()),
        intermediates=tuple(sorted(spans.values(), key=lambda i: i.span)),
        retainable=tuple(retainable[:MAX_TOGGLE_TARGETS]),
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _creates_leaf(source: str, name: str) -> bool:
    """Is there a statement `name = torch.<creator>(...)` for a requires_grad switch to follow?
    (Asked of apply_overrides itself, so the answer follows its rule exactly.)"""
    try:
        apply_overrides(source, Overrides(requires_grad={name: True}))
    except SnippetError:
        return False
    return True

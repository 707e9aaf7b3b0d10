"""The Graph Explorer's state and its switches: what is on screen lives in the widgets' session
state, is mirrored into the URL after every run (so a link reproduces it), and is read back from
the URL when a link is opened.

    load_state()          before any widget: seed the widgets from the URL or the session
    base_run(code)        the code as typed, run once per code (memo): what the switches offer
    example_picker(), switches(candidates), backward_picker(exp), node_picker(exp)
    current_state(...)    the ExplorerState the widgets now describe
    explored(state)       the exploration for a state (memo), figure(...) its figure (memo)
    write_url(state)      mirror the state into the address bar

Everything is per session (st.session_state); the memo keeps a few recent results so that a
rerun that changes nothing (a click in the inspector) recomputes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

import streamlit as st

from autograd_core.playground.catalogue.examples import EXAMPLES, by_key
from autograd_core.playground.figures.graph_explorer import explorer_figure, select
from autograd_core.playground.graph_explorer.run import Candidates, Exploration, explore_isolated
from autograd_core.playground.graph_explorer.state import (
    TABS,
    ExplorerState,
    decode_state,
    encode_state,
    example_state,
    parse_span_key,
    span_key,
)
from autograd_core.playground.sandbox import span_text
from ui.limits import PAGE_LIMITS
from ui.memo import Same, memo
from ui.messages import inline_code
from ui.shared import Counted, shared_copy, shared_figure
from ui.shell import LastGood
from ui.shell import chart_theme as theme

CODE = "ge_code"
EXAMPLE = "ge_example"
NO_GRAD = "ge_no_grad"
DETACH = "ge_detach"
RETAIN = "ge_retain"
PREDICT = "ge_predict"
BACKWARD = "ge_backward"
NODE = "ge_node"
TAB = "ge_tab"
GRAPH = "ge_graph"
REQUIRES_GRAD = "ge_rg"  # the leaves that require grad (a list; one toggle per leaf shows it)
RG_TOGGLE = "ge_rg__"  # + a leaf's name: that leaf's requires_grad toggle
GUESS_PREFIX = "ge_guess_"
T = TypeVar("T")

_STATE = "ge_state"  # the last state shown: survives page switches, which clear widget values
_WRITTEN = "ge_written"  # the query parameters this session last put in the URL
_LAST_CODE = "ge_last_code"
_RG_DEFAULTS = "ge_rg_defaults"  # each leaf's requires_grad as the code leaves it
_RG_LINK = "ge_rg_link"  # requires_grad switches from a link, until the leaves are known
_SHARED_RUNS = "ge_shared_runs"  # [(exploration, its key in ui.shared)]: this session's copies
_GOOD = LastGood("ge_last_good")  # the last run that drew a graph without an error
_NODE_IDENTITY = "ge_node_identity"  # (id, kind, label, span) of the inspected node
PROBLEMS = "ge_link_problems"
REVEALED = "ge_revealed"

TAB_LABELS = {
    "inspector": "Inspector",
    "steps": "Backward, step by step",
    "check": "Gradient check",
    "export": "Export & share",
}
_TAB_KEYS = {label: key for key, label in TAB_LABELS.items()}


# --- state in and out -------------------------------------------------------------------------


def load_state() -> None:
    """Seed the widgets, before any is drawn: from the URL when it describes something this
    session did not write (a shared link, a tour step), else from the session's last state."""
    ss = st.session_state
    params = st.query_params.to_dict()
    if params and params != ss.get(_WRITTEN):
        state, problems = decode_state(params)
        ss[PROBLEMS] = problems
        seed(state)
    elif CODE not in ss:
        seed(ss.get(_STATE) or ExplorerState())


def seed(state: ExplorerState) -> None:
    """Make the widgets show `state` (allowed before they are drawn, or in a callback)."""
    ss = st.session_state
    for key in [k for k in ss if str(k).startswith(GUESS_PREFIX)] + [REQUIRES_GRAD]:
        ss.pop(key, None)
    ss[CODE] = state.code
    ss[_LAST_CODE] = state.code
    ss[_RG_DEFAULTS] = {}
    ss[_RG_LINK] = dict(state.requires_grad)
    ss[DETACH] = [span_key(s) for s in state.detach]
    ss[RETAIN] = list(state.retain)
    ss[NO_GRAD] = state.no_grad
    ss[BACKWARD] = state.backward
    ss[NODE] = state.node
    ss[PREDICT] = state.predict
    ss[TAB] = TAB_LABELS[state.tab]
    ss[REVEALED] = None


def current_state(cands: Candidates, exp: Exploration | None = None) -> ExplorerState:
    """The state the widgets describe now (toggles equal to the code's own defaults left out)."""
    ss = st.session_state
    on = set(ss.get(REQUIRES_GRAD) or ())
    requires_grad = {name: name in on for name, default in cands.leaves if (name in on) != default}
    detach = [s for s in (parse_span_key(k) for k in ss.get(DETACH) or ()) if s is not None]
    state = ExplorerState(
        code=ss[CODE],
        # (a picker left over from an earlier program can hold its label, not its number)
        backward=ss.get(BACKWARD) if isinstance(ss.get(BACKWARD), int) else None,
        node=ss.get(NODE),
        predict=bool(ss.get(PREDICT)),
        tab=_TAB_KEYS.get(ss.get(TAB), TABS[0]),
    )
    return state.with_toggles(requires_grad, detach, ss.get(RETAIN) or (), bool(ss.get(NO_GRAD)))


def write_url(state: ExplorerState, default_node: str | None = None) -> None:
    """Mirror `state` into the address bar (and remember it, for page switches)."""
    ss = st.session_state
    if state.node == default_node:
        state = replace(state, node=None)
    ss[_STATE] = state
    params = encode_state(state)
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
    ss[_WRITTEN] = params


def share_params(state: ExplorerState) -> dict[str, str]:
    return encode_state(state)


# --- the memo -----------------------------------------------------------------------------------


def base_run(code: str) -> tuple[Exploration, Candidates]:
    """The code exactly as typed: its exploration, and what the switches can act on."""

    def compute() -> tuple[Exploration, Candidates]:
        exp = explore_isolated(code, limits=PAGE_LIMITS)
        return exp, exp.candidates

    return memo("ge_base", code, _shared_if_example(code, "ge_base", code, compute))


def _shared_if_example(
    code: str, name: str, key: Any, compute: Callable[[], T]
) -> Callable[[], T | Counted]:
    """`compute`, or its result shared by every session (each gets its own copy) when `code` is
    one of the catalogue's examples, exactly: a class opening the page, or the same tour step,
    runs it once per server. Code a learner typed is never shared (ui/shared.py)."""
    if ExplorerState(code=code).example is None:
        return compute

    def compute_shared() -> Counted:
        counted = shared_copy(name, key, compute, keep=lambda value: not _hit_a_limit(value))
        exp = counted.value[0] if isinstance(counted.value, tuple) else counted.value
        runs = st.session_state.get(_SHARED_RUNS, [])
        st.session_state[_SHARED_RUNS] = [*runs[-7:], (exp, (name, key))]
        return counted

    return compute_shared


def _hit_a_limit(value: Any) -> bool:
    """Did this run stop at a resource limit? On a busy server an example can run out of time
    once: that is not a result to hand to every other session."""
    exp = value[0] if isinstance(value, tuple) else value
    return exp.error is not None and exp.error.kind == "limit"


def _shared_key(exp: Exploration) -> Any:
    """The key of the shared run `exp` is this session's copy of, or None (ui/shared.py)."""
    return next((k for e, k in st.session_state.get(_SHARED_RUNS, ()) if e is exp), None)


def explored(state: ExplorerState) -> Exploration:
    """The run for `state` (memo). Code that hits a resource limit as typed is not run again
    with the switches: they cannot make it cheaper, and each run may take the full second."""
    base = base_run(state.code)[0]
    if (not any(state.toggles) and state.backward is None) or (
        base.error is not None and base.error.kind == "limit"
    ):
        return base
    backward = None if state.backward is None else state.backward - 1
    key = (state.code, state.toggles, backward)
    return memo(
        "ge_run",
        key,
        _shared_if_example(
            state.code,
            "ge_run",
            key,
            lambda: explore_isolated(
                state.code, state.overrides(), backward=backward, limits=PAGE_LIMITS
            ),
        ),
    )


def figure(exp: Exploration, state: ExplorerState, *, show_grads: bool, node: str | None) -> Any:
    """The prepared figure of `exp` (memo), with `node` ringed."""
    key = (Same(exp), theme(), show_grads)
    build = lambda: explorer_figure(exp, theme=theme(), show_grads=show_grads)  # noqa: E731
    run = _shared_key(exp)  # an example's run is shared: so is its figure (read-only)
    spec = memo(
        "ge_figure",
        key,
        build
        if run is None
        else lambda: shared_figure("ge_figure", (run, theme(), show_grads), build),
    )
    if spec is None or node is None:
        return spec
    # The ring is a small change to a big figure: kept, so that a rerun does not encode the
    # whole figure again for the wire.
    return memo(
        "ge_selected",
        (Same(spec), node, theme()),
        lambda: select(spec, [node], exp.positions, theme=theme()),
    )


# --- widgets ------------------------------------------------------------------------------------


def example_picker() -> None:
    ss = st.session_state
    ss[EXAMPLE] = ExplorerState(code=ss[CODE]).example
    st.selectbox(
        "Start from a tutorial example",
        [e.key for e in EXAMPLES],
        format_func=lambda key: by_key(key).title,
        index=None,
        placeholder="Your own code",
        key=EXAMPLE,
        on_change=_load_example,
    )
    if ss[EXAMPLE] is not None:
        st.caption(f"{by_key(ss[EXAMPLE]).idea}.")


def _load_example() -> None:
    ss = st.session_state
    key = ss.get(EXAMPLE)
    if key is None:
        return
    keep = {"predict": bool(ss.get(PREDICT)), "tab": _TAB_KEYS.get(ss.get(TAB), TABS[0])}
    seed(replace(example_state(key), **keep))


def follow_code_edits(cands: Candidates) -> None:
    """After the code was edited: detach positions that no longer hold the same expression are
    dropped, and a leaf whose own requires_grad changed in the code starts from the new value."""
    ss = st.session_state
    code, before = ss[CODE], ss.get(_LAST_CODE, ss[CODE])
    if code != before:
        kept = []
        for key in ss.get(DETACH) or ():
            span = parse_span_key(key)
            if span is not None and _same_text(before, code, span):
                kept.append(key)
        ss[DETACH] = kept
        ss[_LAST_CODE] = code
    defaults, old_defaults = dict(cands.leaves), ss.get(_RG_DEFAULTS) or {}
    if REQUIRES_GRAD not in ss:  # just seeded: the code's own flags, and a link's switches
        wanted = defaults | ss.pop(_RG_LINK, {})
    else:  # a leaf keeps its switch while the code leaves its own flag as it was
        on = set(ss[REQUIRES_GRAD])
        wanted = {n: (n in on) if old_defaults.get(n) == d else d for n, d in defaults.items()}
    ss[REQUIRES_GRAD] = [name for name in defaults if wanted.get(name)]
    ss[_RG_DEFAULTS] = defaults
    options = {i.key for i in cands.intermediates}
    ss[DETACH] = [k for k in ss.get(DETACH) or () if k in options]
    ss[RETAIN] = [n for n in ss.get(RETAIN) or () if n in cands.retainable]


def _same_text(before: str, after: str, span: Any) -> bool:
    try:
        return span_text(before, span) == span_text(after, span)
    except ValueError:
        return False


def switches(cands: Candidates) -> None:
    """The toggles. Each one is an edit of the code (Export shows the code they make)."""
    if cands.leaves:
        st.markdown("**requires_grad=True** on the leaves")
        on = set(st.session_state.get(REQUIRES_GRAD) or ())
        with st.container(horizontal=True, gap="medium"):
            for name, _ in cands.leaves:
                # A switch per leaf reads on/off at a glance (pills told them apart by a tint);
                # the list in REQUIRES_GRAD stays the one truth the inspector's buttons edit too.
                st.session_state[RG_TOGGLE + name] = name in on
                st.toggle(
                    inline_code(name),
                    key=RG_TOGGLE + name,
                    on_change=_flip_requires_grad,
                    args=(name,),
                    width="content",
                )
    if cands.intermediates:
        labels = {i.key: i.label for i in cands.intermediates}
        st.multiselect(
            "**detach()** here: cut the graph at an intermediate",
            list(labels),
            format_func=labels.__getitem__,
            key=DETACH,
            placeholder="Pick an expression",
            select_all=False,  # "Select all" would cut every node: backward() then fails
        )
    if cands.retainable:
        st.multiselect(
            "**retain_grad()** on: keep an intermediate's .grad",
            list(cands.retainable),
            key=RETAIN,
            placeholder="Pick a named result",
            select_all=False,
        )
    st.toggle("Run everything under **torch.no_grad()**", key=NO_GRAD)


def _flip_requires_grad(name: str) -> None:
    ss = st.session_state
    on = [n for n in ss.get(REQUIRES_GRAD) or () if n != name]
    ss[REQUIRES_GRAD] = [*on, name] if ss[RG_TOGGLE + name] else on


def backward_picker(exp: Exploration) -> None:
    """Which backward()/autograd.grad() call the replay shows, when there is more than one."""
    calls = exp.backward_calls
    ss = st.session_state
    if len(calls) < 2:
        return
    current = ss.get(BACKWARD)
    if not isinstance(current, int) or not 1 <= current <= len(calls):
        ss[BACKWARD] = len(calls)
    if exp.iterations:  # a loop: slide through its iterations (the last one first)
        st.select_slider(
            "Iteration to show",
            list(range(1, len(calls) + 1)),
            format_func=lambda i: calls[i - 1],
            key=BACKWARD,
        )
        return
    st.selectbox(
        "Backward call to replay",
        list(range(1, len(calls) + 1)),
        format_func=lambda i: calls[i - 1],
        key=BACKWARD,
    )


def backward_choice(exp: Exploration) -> int | None:
    """The 1-based call the picker shows, or None for the last one (the default)."""
    value = st.session_state.get(BACKWARD)
    calls = len(exp.backward_calls)
    if not isinstance(value, int) or not 1 <= value <= calls or value == calls:
        return None
    return value


def default_node(exp: Exploration) -> str | None:
    """The node the inspector starts on: the output backward started from, else the first root."""
    if exp.graph is None:
        return None
    if exp.steps:
        first = exp.steps[0]
        return first.result or first.node
    roots = exp.graph.graph.get("roots") or list(exp.graph.nodes)
    return roots[0] if roots else None


def node_picker(exp: Exploration) -> str | None:
    """The inspected node: picked here or by clicking the graph."""
    ss = st.session_state
    if exp.graph is None:
        return None
    order = sorted(exp.graph.nodes, key=lambda n: (exp.positions[n][0], -exp.positions[n][1]))
    if ss.get(NODE) not in exp.graph.nodes:
        ss[NODE] = default_node(exp)
    nodes = exp.graph.nodes
    st.selectbox(
        "Node",
        order,
        format_func=lambda n: f"{nodes[n]['label']}  ·  {nodes[n]['kind']}",
        key=NODE,
        help="Or click a node in the graph.",
    )
    return ss[NODE]


def on_graph_click() -> None:
    """A click on a node of the graph selects it for the inspector."""
    ss = st.session_state
    node = picked_node(ss.get(GRAPH))
    if node is not None:
        ss[NODE] = node
        ss[TAB] = TAB_LABELS["inspector"]


def picked_node(event: Any) -> str | None:
    """The node id (customdata) of the first clicked point that is a node, if any."""
    points = ((event or {}).get("selection") or {}).get("points") or []
    for point in points:
        node = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(node, list | tuple):
            node = node[0] if node else None
        if isinstance(node, str):
            return node
    return None


def selected_node(exp: Exploration) -> str | None:
    """The inspected node, checked against the graph now on screen. Ids are renumbered when a
    switch changes the graph, so the node is followed by what it is (its place in the code, or
    its name) unless the learner picked another one."""
    ss = st.session_state
    if exp.graph is None:
        return None
    node = ss.get(NODE)
    remembered = ss.get(_NODE_IDENTITY)
    if remembered is not None and node == remembered[0]:
        node = _find(exp, remembered[1:]) or node
    if node not in exp.graph.nodes:
        node = default_node(exp)
    ss[NODE] = node
    data = exp.graph.nodes[node]
    ss[_NODE_IDENTITY] = (node, data["kind"], data["label"], exp.typed_sites.get(node))
    return node


def _find(exp: Exploration, identity: tuple) -> str | None:
    kind, label, span = identity
    if span is not None:
        return exp.node_for_span(span)
    same = [n for n, d in exp.graph.nodes(data=True) if d["label"] == label]
    exact = [n for n in same if exp.graph.nodes[n]["kind"] == kind]
    found = exact or same  # a leaf switched off is drawn as a constant, under the same name
    return found[0] if len(found) == 1 else None


def with_view(state: ExplorerState, exp: Exploration, node: str | None) -> ExplorerState:
    """`state` with the backward call and node as they are now shown."""
    return replace(state, backward=backward_choice(exp), node=node)


def remember_good(exp: Exploration, state: ExplorerState) -> Exploration | None:
    """What to draw: this run's graph (whole, or up to the failing line); when the run stopped
    before anything could be drawn (a hostile or broken snippet), the last clean one."""
    if exp.graph is not None:
        if exp.error is None:
            _GOOD.keep(exp)
        return exp
    if exp.error is not None and _GOOD.value is not None:
        return _GOOD.value
    return exp

"""The Graph Explorer's panels: predict-then-reveal above the graph; under it the inspector, every
backward step as a formula, the gradient check, and export & share.

Text from the learner (names, expressions, values) reaches the screen only through st.code,
inline code spans or escape_markdown, and reaches LaTeX only through the inspector's escaping.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from autograd_core.playground.graph_explorer.export import export_code
from autograd_core.playground.graph_explorer.gradient_check import (
    CHECK_SECONDS,
    MAX_ELEMENTS,
    TIME_BUDGET,
    check_code,
)
from autograd_core.playground.graph_explorer.inspector import inspect_node
from autograd_core.playground.graph_explorer.predict import (
    GuessError,
    compare_guess,
    parse_guess,
    targets,
)
from autograd_core.playground.graph_explorer.run import Candidates, Exploration
from autograd_core.playground.graph_explorer.state import ExplorerState, link_problem, span_key
from autograd_core.playground.sandbox import SnippetError
from autograd_core.playground.sandbox.workers import isolated
from ui import code_cell
from ui.graph_explorer import widgets as w
from ui.memo import Same, memo
from ui.messages import escape_markdown, inline_code

SHAPES = {"leaf": "■", "op": "●", "result": "⬢", "constant": "◆"}  # as drawn in the graph
MAX_LISTED_STEPS = 30


# --- predict, then reveal -----------------------------------------------------------------------


def predict_panel(exp: Exploration, state: ExplorerState) -> bool:
    """Ask for each leaf's gradient; True once the learner has revealed them (for this code)."""
    ss = st.session_state
    found, notes = targets(exp.graph)
    if not found:
        st.info("Nothing to predict here: no leaf received a gradient.", icon=":material/info:")
        return True
    key = (state.code, state.toggles, state.backward)
    revealed = ss.get(w.REVEALED) == key
    with st.container(border=True, key="ge_predict_panel"):
        st.markdown(
            "**Predict, then reveal.** Work out each leaf's gradient by hand (the chain rule, "
            "node by node), type it, then reveal what autograd computed."
        )
        columns = st.columns(min(len(found), 3))
        guesses = {}
        for i, target in enumerate(found):
            with columns[i % len(columns)]:
                text = st.text_input(
                    inline_code(f"{target.name}.grad"),
                    key=w.GUESS_PREFIX + target.node,
                    placeholder=target.placeholder,
                    max_chars=400,
                )
                if text:
                    try:
                        guesses[target.node] = parse_guess(text, target.shape)
                    except GuessError as problem:
                        st.caption(f":orange[{escape_markdown(problem)}]")
        for note in notes:
            st.caption(escape_markdown(note))
        missing = len(found) - len(guesses)
        st.button(
            "Reveal the gradients" if not missing else f"Reveal (guess {missing} more first)",
            key="ge_reveal",
            type="primary",
            disabled=bool(missing),
            on_click=ss.__setitem__,
            args=(w.REVEALED, key),
            icon=":material/visibility:",
        )
        if revealed:
            for target in found:
                if target.node not in guesses:
                    continue
                verdict = compare_guess(guesses[target.node], target.actual, target)
                show = st.success if verdict.right else st.error
                icon = ":material/check:" if verdict.right else ":material/close:"
                show(escape_markdown(verdict.text), icon=icon)
    return revealed


# --- inspector ----------------------------------------------------------------------------------


def inspector(exp: Exploration, node: str, cands: Candidates, *, hide_grads: bool) -> None:
    report = memo("ge_report", (Same(exp), node), lambda: inspect_node(exp.graph, node, exp.steps))
    data = exp.graph.nodes[node]
    name = f" {inline_code(report.pytorch_name)}" if report.pytorch_name else ""
    st.markdown(
        f"### {SHAPES[report.kind]} {inline_code(report.label)}\n"
        f"**{report.kind_name}**{name} · {report.explanation}"
    )
    code_cell.printed(_python_view(report, hide_grads), "node")
    facts = " · ".join(f"{k} {inline_code(v)}" for k, v in report.facts)
    if report.saved:
        saved = ", ".join(f"{inline_code(n)} = {inline_code(v)}" for n, v in report.saved)
        facts += f"  \n**saved for backward:** {saved}"
    st.markdown(facts)
    lines = list(report.formula_latex)
    if report.chain_rule and not hide_grads:
        lines += report.chain_rule
    if lines:
        body = r" \\ ".join(f"& {line}" for line in lines)
        st.latex(rf"\begin{{aligned}} {body} \end{{aligned}}")
    notes = [n for n in (report.accumulation if not hide_grads else None, report.note) if n]
    if notes:
        st.caption(escape_markdown(" · ".join(notes)))
    _node_actions(exp, node, data, cands)


def _python_view(report, hide_grads: bool) -> str:
    """The node as a learner would inspect it in Python: value, grad, grad_fn.next_functions."""
    rows = []
    if report.kind != "op":
        rows.append(("value", report.value or "unknown"))
        if report.grad_source in (".grad", "retain_grad"):
            label = f"{report.label}.grad" if report.label.isidentifier() else ".grad"
        else:
            label = "grad (not kept in .grad)" if report.grad else ".grad"
        grad = (
            "?  # hidden until you reveal your predictions" if hide_grads else report.grad or "None"
        )
        rows.append((label, grad))
    if report.next_functions is not None:
        rows.append(("grad_fn.next_functions", report.next_functions))
    width = max(len(k) for k, _ in rows) if rows else 0
    out = []
    for key, value in rows:
        first, *rest = str(value).splitlines() or [""]
        out.append(f"{key:<{width}} = {first}")
        out += [" " * (width + 3) + line for line in rest]
    return "\n".join(out)


def _node_actions(exp: Exploration, node: str, data: dict, cands: Candidates) -> None:
    """The switches that act on this node, as buttons (they flip the switches above)."""
    ss = st.session_state
    actions = []  # (label, widget key of the switch, item, button key)
    span = exp.typed_sites.get(node)
    if data["kind"] == "result" and any(i.span == span for i in cands.intermediates):
        on = span_key(span) in (ss.get(w.DETACH) or ())
        label = "Undo detach() here" if on else "detach() here"
        actions.append((label, w.DETACH, span_key(span), "ge_node_detach"))
    name = data["name"]
    if data["kind"] == "result" and name in cands.retainable:
        on = name in (ss.get(w.RETAIN) or ())
        label = "Stop retain_grad()" if on else "retain_grad() on this"
        actions.append((label, w.RETAIN, name, "ge_node_retain"))
    if data["kind"] in ("leaf", "constant") and name in dict(cands.leaves):
        on = name in (ss.get(w.REQUIRES_GRAD) or ())
        actions.append((f"{name}.requires_grad_({not on})", w.REQUIRES_GRAD, name, "ge_node_rg"))
    if not actions:
        return
    with st.container(horizontal=True):
        for label, switch, item, key in actions:
            st.button(label, key=key, on_click=_toggle_item, args=(switch, item))


def _toggle_item(key: str, item: str) -> None:
    """Add `item` to the list in st.session_state[key], or take it out (a button callback:
    it runs before the page, so the switches above already show the change)."""
    ss = st.session_state
    items = list(ss.get(key) or ())
    ss[key] = [i for i in items if i != item] if item in items else [*items, item]


# --- backward, step by step ------------------------------------------------------------------


def _after_loop_info(exp: Exploration, what: str) -> bool:
    """After the loop nothing ran backward: point to the slider (True when said)."""
    if not exp.after_loop_shown():
        return False
    st.info(
        f"After the loop no backward pass ran: pick an iteration on the slider to {what}.",
        icon=":material/info:",
    )
    return True


def steps_panel(exp: Exploration, state: ExplorerState | None = None) -> None:
    steps = exp.steps
    if _after_loop_info(exp, "see its backward steps"):
        return
    if not steps:
        st.info(
            "No backward pass to show: call .backward() (or torch.autograd.grad) on a result.",
            icon=":material/info:",
        )
        return
    st.caption(
        "The same steps the graph replays, each written out: the gradient arriving at an "
        "operation (grad) times its local derivative is what it sends to each input "
        "(a, b: its inputs, in order)."
    )
    shown = steps
    if len(steps) > MAX_LISTED_STEPS:
        first = st.number_input(
            f"{len(steps)} steps: show from step", 1, len(steps), 1, key="ge_step_from"
        )
        shown = steps[int(first) - 1 : int(first) - 1 + MAX_LISTED_STEPS]
    nodes = exp.graph.nodes
    for step in shown:
        data = nodes[step.node]
        what = data["pytorch_name"] or ("AccumulateGrad" if step.kind == "accumulate" else "")
        head = f"**{step.index + 1}.** {inline_code(data['label'])}"
        if what:
            head += f" {inline_code(what)}"
        if step.kind == "node" and data["inputs"]:
            inputs = ", ".join(
                f"{'abcdefghijklmnopqrstuvwxyz'[i % 26]} = {inline_code(nodes[n]['label'])}"
                for i, n in enumerate(data["inputs"])
            )
            head += f" · {inputs}"
        st.markdown(head)
        if step.latex:
            st.latex(step.latex)
        st.caption(escape_markdown(step.text))


# --- gradient check -------------------------------------------------------------------------


def check_panel(exp: Exploration, state: ExplorerState) -> None:
    if exp.error is not None:
        st.info("Fix the error first: the check re-runs the code.", icon=":material/info:")
        return
    if exp.backward is None:
        st.info("No backward pass to check: call .backward() on a result.", icon=":material/info:")
        return
    if _after_loop_info(exp, "check its gradients"):
        return
    if exp.check_index is None:
        st.info(
            "The check re-runs your code and can look at the first backward calls and the last "
            "one: pick one of those to check it.",
            icon=":material/info:",
        )
        return
    st.caption(
        "For each leaf, the gradient autograd computed against the central finite difference "
        "(f(x + h) − f(x − h)) / 2h, found by running your code again with that leaf nudged by "
        f"±h. Each element costs two runs, so at most {MAX_ELEMENTS} elements and "
        f"{TIME_BUDGET:g} s are checked."
    )
    key = (state.code, state.toggles, exp.backward)
    try:
        report = memo(
            "ge_check",
            key,
            lambda: isolated(check_code, exp.code, exp.check_index, seconds=CHECK_SECONDS),
        )
    except SnippetError as error:
        st.warning(escape_markdown(error.message), icon=":material/timer_off:")
        return
    if report.rows:
        st.markdown(f"Differentiating {inline_code(report.output)}:")
        rows = [
            {
                "element": r.element,
                "autograd": f"{r.autograd:.6g}",
                "finite difference": f"{r.numerical:.6g}",
                "relative error": f"{r.rel_error:.1e}",
                "agrees": "✓ yes" if r.ok else "✗ no",
            }
            for r in report.rows
        ]
        st.dataframe(rows, hide_index=True, key="ge_check_table")
        if report.ok:
            st.success(
                "Autograd and finite differences agree (float32 arithmetic: expect agreement to "
                "about 4 digits).",
                icon=":material/check:",
            )
        else:
            st.warning(
                "Some elements disagree beyond float32 rounding: look at the operations "
                "between that leaf and the output.",
                icon=":material/warning:",
            )
    for line in report.skipped:
        st.caption(escape_markdown(f"Not checked: {line}."))
    if report.left_out:
        st.caption(f"{report.left_out} more element(s) left out (the bound is {MAX_ELEMENTS}).")
    if report.stopped:
        st.caption(escape_markdown(report.stopped))


# --- export and share -----------------------------------------------------------------------


def export_panel(exp: Exploration, state: ExplorerState) -> None:
    code = export_code(exp)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("**Export** · the code on screen, as a PyTorch script")
        # Wrapped: a long comment or line is read whole, not behind a sideways scroll.
        st.code(code, language="python", wrap_lines=True)
        st.download_button(
            "Download .py",
            code,
            file_name="autograd_playground.py",
            mime="text/x-python",
            key="ge_download",
            icon=":material/download:",
        )
    with right:
        st.markdown("**Share** · this link opens the page exactly as it is now")
        problem = link_problem(state)
        if problem:
            st.warning(problem, icon=":material/link_off:")
        base = st.context.url or ""
        st.code(f"{base}?{urlencode(w.share_params(state))}", language=None, wrap_lines=True)
        st.caption(
            "The address bar always holds the same link: the code, the switches, the node and "
            "the panel."
        )

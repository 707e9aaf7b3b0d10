"""The Graph Explorer's sections, top to bottom, as the page lays them out.

Each function draws one part of the page from what playground.graph_explorer computed; none of
them computes anything itself. (They live here rather than in the page file so that the page
reads as its outline.)
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from autograd_core.playground.figures.graph_explorer import shows_part
from autograd_core.playground.figures.still import still_svg
from autograd_core.playground.graph.text import graph_summary
from autograd_core.playground.graph_explorer.run import Candidates, Exploration
from autograd_core.playground.graph_explorer.state import ExplorerState
from autograd_core.playground.sandbox import DEFAULT_LIMITS
from ui import charts, code_cell, text_versions
from ui.graph_explorer import panels
from ui.graph_explorer import widgets as w
from ui.messages import escape_markdown

REPLAY = (
    " ▶ Replay runs backward: the halo marks the node at work, the numbers on the edges are "
    "upstream × local = sent."
)
WAITED = "ge_waited"  # set once the session has been sent the stand-in
WAITING_TEXT = "The graph of your code appears here once it has run."
WAITING_HEIGHT = 220  # px: a small graph's height, so the page moves little when it arrives
STILL_SENT = "ge_still_sent"  # set once the session has been sent the graph's still picture
GRAPH_BOX = "ge_graph_box"
# Until plotly.js has drawn the chart (its .main-svg is there), the still picture stands in its
# place and the chart, hidden, is drawn over it; then the still goes. One swap, no jump: both are
# as tall as the figure. The rules arrive and leave with the still itself.
STILL_STYLE = f"""<style>
.st-key-{GRAPH_BOX} {{ position: relative; }}
.st-key-{GRAPH_BOX}:not(:has(.main-svg)) > .st-key-{w.GRAPH} {{
  position: absolute; top: 0; left: 0; right: 0; visibility: hidden; }}
.st-key-{GRAPH_BOX}:has(.main-svg) > div:has(.chart-still) {{ display: none; }}
</style>"""
LEGEND = (
    "Data flows left to right: ■ leaf tensors, ⬢ results with the operation that made them "
    "(PyTorch's grad_fn name), ◆ constants (dashed edges: cut by detach() or no_grad)."
)


def intro() -> None:
    st.title("Graph Explorer")
    st.markdown(
        "Write PyTorch and see the graph autograd records as your code runs; then replay "
        "`backward()` one step at a time. **Click any node** to see its value, its gradient and "
        "the chain rule that produced it."
    )
    for problem in st.session_state.pop(w.PROBLEMS, None) or ():
        st.warning(escape_markdown(problem), icon=":material/link_off:")


def graph_area() -> Any:
    """The place the graph section goes (fill it with `.container()` on every run, so that the
    chart keeps its place in the page between runs and is not drawn anew).

    On a session's first run it first holds a frame saying what comes there, before any code
    runs (a long program takes a second or two). It is words, not an empty chart: a chart would
    start the browser loading plotly.js, whose megabytes then delay the graph's still picture."""
    area = st.empty()
    if not st.session_state.get(WAITED):
        st.session_state[WAITED] = True
        with area.container(border=True, height=WAITING_HEIGHT):
            st.caption(WAITING_TEXT)
    return area


def editor(cands: Candidates) -> tuple[Any, Any]:
    """The code cell on the left, the switches on the right; returns both columns."""
    code_col, side_col = st.columns([1.2, 1], gap="large")
    with code_col:
        w.example_picker()
        code_cell.code_box(
            w.CODE, run_key="ge_run", form_key="ge_form", max_chars=DEFAULT_LIMITS.max_source_chars
        )
    with side_col:
        with st.container(border=True, key="ge_switches"):
            st.markdown("**Switches** · each one is an edit of your code (Export shows it)")
            w.switches(cands)
        st.toggle("**Predict first**: hide the gradients until I have guessed them", key=w.PREDICT)
    return code_col, side_col


def predictions(side_col: Any, exp: Exploration, state: ExplorerState) -> bool:
    """In predict mode, the guesses; True while the gradients are to stay hidden."""
    if not state.predict or exp.graph is None:
        return False
    with side_col:
        return not panels.predict_panel(exp, state)


def outcome(code_col: Any, exp: Exploration, hidden: bool) -> None:
    """Under the code: what it printed, and the error it stopped with."""
    with code_col:
        if hidden:
            st.caption("Output hidden until you reveal your predictions (it may print gradients).")
        else:
            code_cell.output_cell(exp.output, exp.display, exp.warnings)
        if exp.error is not None:
            code_cell.error_cell(exp.error, exp.error_place(), exp.error_note())


def graph(exp: Exploration, state: ExplorerState, node: str | None, hidden: bool) -> None:
    """The figure: this run's graph, or the last good one when this run drew nothing."""
    shown = w.remember_good(exp, state)
    legend = LEGEND + ("" if hidden else REPLAY)
    if len(exp.backward_calls) > 1 and not exp.iterations:
        header, picker = st.columns([2, 1], vertical_alignment="bottom")
        with picker:
            w.backward_picker(exp)
    else:
        header = st.container()
    header.markdown(f"## The graph autograd recorded\n:gray[:small[{legend}]]")
    if exp.iterations:  # a loop: one iteration at a time, picked on a slider as wide as the page
        w.backward_picker(exp)
        st.caption(escape_markdown(exp.iteration_note() or ""))
    if shown is not exp:
        st.caption(":orange[Showing the graph of the last code that ran without an error.]")
    elif exp.partial_line:
        # the learner's own line number, as the error above says it (the switches add lines)
        line = exp.typed_line(exp.partial_line) or exp.partial_line
        st.caption(
            f":orange[The code stopped at line {line}: the graph shows what it "
            "computed before that line.]"
        )
    if shown is None or shown.graph is None:
        st.info((shown or exp).note or "Nothing to draw yet.", icon=":material/info:")
        return
    if shown.note:
        st.caption(escape_markdown(shown.note))
    if shows_part(shown.positions):
        st.caption(
            "A long graph: it opens on its last columns, where backward starts. Drag to move "
            "along it, double-click to see all of it."
        )
    figure = w.figure(shown, state, show_grads=not hidden, node=node if shown is exp else None)
    with st.container(key=GRAPH_BOX):
        still_place = st.empty()  # always there, so that the chart keeps its place between runs
        if not st.session_state.get(STILL_SENT):
            # A session's first graph: its browser has yet to load plotly.js (seconds), so the
            # graph is also sent as a still picture the browser draws at once.
            st.session_state[STILL_SENT] = True
            still = None if figure is None else still_svg(figure.spec)
            if still is not None:
                still_place.html(STILL_STYLE + still)
        charts.chart(
            figure,
            alt=graph_alt(shown),
            key=w.GRAPH,
            on_select=w.on_graph_click,
            selection_mode="points",
            theme=None,
            config={"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]},
        )
    text_versions.graph_text(shown.graph, shown.steps, key="ge_text", show_grads=not hidden)


def graph_alt(shown: Exploration) -> str:
    """What a screen reader says for the graph: its nodes in one sentence, and how to replay."""
    replay = " ▶ Replay and the step slider walk through its backward pass." if shown.steps else ""
    return f"{graph_summary(shown.graph)}{replay} {charts.BELOW}"


def tabs(exp: Exploration, state: ExplorerState, cands: Candidates, hidden: bool) -> None:
    """The panels under the graph; only the open one is computed."""
    if exp.graph is None:
        return
    inspect, steps, check, export = st.tabs(
        list(w.TAB_LABELS.values()), key=w.TAB, on_change="rerun"
    )
    if inspect.open:
        with inspect:
            panels.inspector(exp, w.node_picker(exp), cands, hide_grads=hidden)
    for tab, panel in ((steps, panels.steps_panel), (check, panels.check_panel)):
        if tab.open:
            with tab:
                if hidden:
                    st.caption("Hidden until you reveal your predictions.")
                else:
                    panel(exp, state)
    if export.open:
        with export:
            panels.export_panel(exp, state)

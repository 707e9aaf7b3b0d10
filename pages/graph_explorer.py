"""Graph Explorer: write PyTorch, see the graph autograd records, replay backward step by step.

Read widgets -> autograd_core.explorer runs the code with the switches written in -> the graph
(plotly, animated backward), the inspector, the gradient check, export. The page's whole state
is mirrored into the URL, so the address bar is always a link to what is on screen.
"""

from __future__ import annotations

import streamlit as st

from autograd_core.lang import DEFAULT_LIMITS
from ui import code_cell
from ui import explorer_panels as panels
from ui import explorer_widgets as w

w.load_state()
ss = st.session_state

st.title("Graph Explorer")
st.markdown(
    "Write PyTorch and see the graph autograd records as your code runs; then replay "
    "`backward()` one step at a time. **Click any node** to see its value, its gradient and "
    "the chain rule that produced it."
)
for problem in ss.pop(w.PROBLEMS, None) or ():
    st.warning(code_cell.md_escape(problem), icon=":material/link_off:")

base, cands = w.base_run(ss[w.CODE])
w.follow_code_edits(cands)

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
    st.toggle(
        "**Predict first**: hide the gradients until I have guessed them",
        key=w.PREDICT,
    )

state = w.current_state(cands)
exp = w.explored(state)
node = w.selected_node(exp)
state = w.with_view(state, exp, node)
hidden = state.predict and exp.graph is not None

with side_col:
    if hidden:
        hidden = not panels.predict_panel(exp, state)

with code_col:
    if hidden:
        st.caption("Output hidden until you reveal your predictions (it may print gradients).")
    else:
        code_cell.output_cell(exp.output, exp.display, exp.warnings)
    if exp.error is not None:
        line = exp.typed_line(exp.error.line) if exp.error.line else None
        note = None
        if exp.code != exp.source and exp.error.line:
            yours = f" (line {line} of yours)" if line else ""
            note = f"Line {exp.error.line} of the code with your switches written in{yours}."
        code_cell.error_cell(exp.error, exp.code, note)

shown = w.remember_good(exp, state)
st.subheader("The graph autograd recorded")
header, picker = st.columns([2, 1], vertical_alignment="bottom")
with picker:
    w.backward_picker(exp)
with header:
    replay = (
        ""
        if hidden
        else " ▶ Replay runs backward: the halo marks the node at work, the numbers on the "
        "edges are upstream × local = sent."
    )
    st.caption(
        "Data flows left to right: ■ leaf tensors, ● operations with PyTorch's grad_fn name, "
        "⬢ results, ◆ constants (dashed edges: cut by detach() or no_grad)." + replay
    )
if shown is not exp:
    st.caption(":orange[Showing the graph of the last code that ran without an error.]")
elif exp.partial_line:
    st.caption(
        f":orange[The code stopped at line {exp.partial_line}: the graph shows what it computed "
        "before that line.]"
    )
if shown is None or shown.graph is None:
    st.info((shown or exp).note or "Nothing to draw yet.", icon=":material/info:")
else:
    if shown.note:
        st.caption(code_cell.md_escape(shown.note))
    st.plotly_chart(
        w.figure(shown, state, show_grads=not hidden, node=node if shown is exp else None),
        key=w.GRAPH,
        on_select=w.on_graph_click,
        selection_mode="points",
        theme=None,
        config={"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]},
    )

if exp.graph is not None:
    inspect, steps, check, export = st.tabs(
        list(w.TAB_LABELS.values()), key=w.TAB, on_change="rerun"
    )
    if inspect.open:
        with inspect:
            node = w.node_picker(exp)
            panels.inspector(exp, node, cands, hide_grads=hidden)
    if steps.open:
        with steps:
            if hidden:
                st.caption("Hidden until you reveal your predictions.")
            else:
                panels.steps_panel(exp)
    if check.open:
        with check:
            if hidden:
                st.caption("Hidden until you reveal your predictions.")
            else:
                panels.check_panel(exp, state)
    if export.open:
        with export:
            panels.export_panel(exp, state)

w.write_url(state, w.default_node(exp))

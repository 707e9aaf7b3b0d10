"""Graph Explorer: write PyTorch, see the graph autograd records, replay backward step by step.

Read widgets -> playground.graph_explorer runs the code with the switches written in -> the graph
(plotly, animated backward), the inspector, the gradient check, export. The page's whole state
is mirrored into the URL, so the address bar is always a link to what is on screen.
"""

from __future__ import annotations

import streamlit as st

from ui.graph_explorer import layout
from ui.graph_explorer import widgets as w
from ui.shell import use_app_navigation, working

use_app_navigation()

w.load_state()
layout.intro()
top, graph_area = st.container(), layout.graph_area()  # the graph's place, reserved first
with top:
    with working("Running your code…"):  # a first visit or a shared link runs it from scratch
        base, cands = w.base_run(st.session_state[w.CODE])
    w.follow_code_edits(cands)
    code_col, side_col = layout.editor(cands)

    state = w.current_state(cands)
    with working("Running your code with the switches…"):
        exp = w.explored(state)
node = w.selected_node(exp)
state = w.with_view(state, exp, node)

hidden = layout.predictions(side_col, exp, state)
layout.outcome(code_col, exp, hidden)
with graph_area.container(), working("Drawing the graph…"):
    layout.graph(exp, state, node, hidden)
layout.tabs(exp, state, cands, hidden)
w.write_url(state, w.default_node(exp))

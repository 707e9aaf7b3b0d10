"""Gradient Lab: gradients accumulate, and a graph can be backpropagated once.

Read widgets -> playground.gradient_lab.run_lab replays the learner's actions -> timeline and text.
"""

from __future__ import annotations

import streamlit as st

from autograd_core.playground.figures.gradient_lab import timeline_figure
from autograd_core.playground.figures.prepared import prepared
from autograd_core.playground.gradient_lab import (
    COMPUTATIONS,
    GRAPH_STATES,
    explain,
    number_text,
    run_lab,
)
from autograd_core.playground.text_versions import timeline_rows
from ui import charts, text_versions
from ui import gradient_lab as w
from ui.memo import Same, memo
from ui.messages import show_problem
from ui.shell import chart_theme, link_value, use_app_navigation

use_app_navigation()

st.title("Gradient Lab")
st.markdown(
    "Two things about `.backward()` surprise almost everyone once: **`.grad` adds up** over "
    "calls until you clear it, and **a graph can be backpropagated only once** unless you "
    "keep it with `retain_graph=True`. Press the buttons in any order and watch every "
    "leaf's `.grad`."
)

if "lab_computation" not in st.session_state:  # a tour link may name the computation
    st.session_state["lab_computation"] = link_value("computation", COMPUTATIONS) or next(
        iter(COMPUTATIONS)
    )
setup, controls = st.columns([0.9, 2.1], gap="large")
with setup:
    key = st.selectbox(
        "Computation",
        options=list(COMPUTATIONS),
        format_func=lambda k: COMPUTATIONS[k].title,
        key="lab_computation",
        on_change=w.reset,
    )
    computation = COMPUTATIONS[key]
    w.options(computation.intermediate)

report = memo("lab_report", (key, tuple(w.actions())), lambda: run_lab(key, w.actions()))
last = report.last

with controls:
    w.buttons(report)

st.header("What just happened")
status, state = st.columns([3, 1])
with status:
    st.code("\n".join(last.code), language="python")
    for line in last.printed:
        st.text(line)
    if last.error:
        show_problem(last.error, explain(report), title="PyTorch says")
    else:
        st.success(explain(report), icon=":material/check_circle:")
with state:
    for name in report.leaves:
        st.metric(
            f"{name}.grad",
            number_text(last.grads[name]),
            help=f"{name} = {number_text(last.values[name])}",
        )
    st.caption(GRAPH_STATES[last.graph])

st.header("Every leaf's `.grad`, action by action")
charts.chart(
    memo(
        "lab_figure",
        (Same(report), chart_theme()),
        lambda: prepared(timeline_figure(report, chart_theme())),
    ),
    alt=f"A timeline of {', '.join(n + '.grad' for n in report.leaves)} after each of your "
    f"{len(report.events)} actions, one line per leaf; markers in a bottom strip where .grad is "
    f"None. {charts.BELOW}",
    key="lab_timeline",
    theme=None,
    config={"displayModeBar": False},
)
st.caption(
    "Filled markers are numbers; hollow markers in the bottom strip mean `.grad` is `None`, "
    "which is not the same as 0. A dotted rule marks an action PyTorch refused."
)
text_versions.chart_table(
    timeline_rows(report),
    key="lab_text",
    file_name="gradient_lab_timeline.csv",
    caption="Every leaf's .grad after each action:",
)

with st.expander("Your session as a PyTorch script", icon=":material/code:"):
    st.caption(
        "Paste it into a notebook and run it: each `print()` prints what the comment under it "
        "says. What PyTorch refused stays a comment, with its error."
    )
    st.code(report.script(), language="python", wrap_lines=True)

"""Gradient Descent: optimizers racing down a function, one `step()` at a time.

Thin: read the widgets (ui.descent_widgets), race in autograd_core.descent, draw with
autograd_core.viz.descent_figures.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from autograd_core import descent
from autograd_core.viz.descent_figures import descent_figure, surface_figure
from ui import descent_widgets as ui

st.title("Gradient Descent")
st.markdown(
    "The gradient points uphill, so a small step **against** it goes down. Repeat, and you have "
    "the loop that trains every network: `zero_grad()` → forward → `backward()` → `step()`. "
    "Here several optimizers race down the same function from the same start; press **▶ Play** "
    "to watch them."
)

ui.init_state()
controls, view = st.columns([1, 2.9], gap="large")
problem = None
with controls:
    try:
        objective = ui.function_picker()
        choices = ui.optimizer_picker()
        settings = ui.run_settings(objective.dims)
        result = descent.race(
            objective,
            choices,
            start=settings.start,
            steps=settings.steps,
            forget_zero_grad=settings.forget_zero_grad,
        )
        bounds = descent.view_bounds(result)
        surf = descent.surface(objective, bounds, n=101 if objective.dims == 2 else 400)
        ui.remember((result, surf, bounds))
    except descent.DescentError as error:
        problem = error

with view:
    if problem is not None:
        ui.show_problem(problem.message, problem.hint)
        if ui.last_good() is None:
            st.stop()
        st.caption("Showing the last settings that worked.")
        result, surf, bounds = ui.last_good()
    theme = ui.chart_theme()
    for run in result.runs:
        if run.divergence is not None:
            st.error(
                f"**{ui.md(run.label)}** stopped at update {run.divergence.step}: "
                f"{ui.md(run.divergence.reason)}",
                icon="💥",
            )
    if result.forget_zero_grad:
        st.info(
            "`zero_grad()` is switched off: every `backward()` **adds** its gradient to `.grad`, "
            "so each step follows the sum of all gradients so far and overshoots.",
            icon="🧮",
        )
    st.plotly_chart(
        descent_figure(result, surf, bounds, theme=theme),
        key="gd_chart",
        config={"displayModeBar": False},
    )
    for run in result.runs:
        end = run.points[-1]
        st.caption(
            f"{ui.md(run.label)}: after {run.updates} updates at "
            f"{descent.format_vector(end)}, f = {descent.format_number(run.losses[-1])}"
        )

    # Lazy tabs: only the open one is computed and sent (the 3-D surface costs the browser most).
    spelled, table, surface_tab, code = st.tabs(
        ["One update, spelled out", "Every update", "3-D surface", "The loop in PyTorch"],
        key="gd_details",
        on_change="rerun",
    )
    labels = [run.label for run in result.runs]
    if spelled.open:
        with spelled:
            pick, when = st.columns([1, 2])
            index = pick.selectbox(
                "Optimizer", range(len(labels)), format_func=labels.__getitem__, key="gd_table_run"
            )
            run = result.runs[index]
            if run.updates == 0:
                st.write("This path stopped before its first update.")
            else:
                step = min(
                    when.slider("Update", 1, max(run.updates, 2), key="gd_table_step"), run.updates
                )
                rows = descent.update_rows(result, run, step)
                st.table(
                    pd.DataFrame(
                        {"call": [r.call for r in rows], "what it did": [r.effect for r in rows]}
                    ).set_index("call")
                )
                st.caption(
                    "For SGD the step is exactly lr × grad. Momentum, RMSprop, Adagrad and Adam "
                    "read the same `.grad` but remember earlier ones, so their step differs."
                )
    if table.open:
        with table:
            index = st.selectbox(
                "Optimizer",
                range(len(labels)),
                format_func=labels.__getitem__,
                key="gd_history_run",
            )
            st.dataframe(pd.DataFrame(descent.history(result, result.runs[index])), hide_index=True)
    if surface_tab.open:
        with surface_tab:
            if result.objective.dims == 2:
                st.plotly_chart(surface_figure(result, surf, theme=theme), key="gd_surface")
            else:
                st.write(
                    "A function of one variable is its curve above; pick a 2-D function to see a "
                    "surface."
                )
    if code.open:
        with code:
            index = st.selectbox(
                "Optimizer", range(len(labels)), format_func=labels.__getitem__, key="gd_code_run"
            )
            st.code(descent.loop_code(result, result.runs[index]), language="python")
            st.caption("Run it with PyTorch installed: it prints where this path ends.")

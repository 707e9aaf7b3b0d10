"""Gradient Descent: optimizers racing down a function, one `step()` at a time.

Thin: read the widgets (ui.gradient_descent), race in playground.gradient_descent, draw with
autograd_core.playground.figures.gradient_descent.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from autograd_core.playground import gradient_descent as descent
from autograd_core.playground.figures.gradient_descent import (
    descent_figure,
    frame_steps,
    surface_figure,
)
from ui import charts, text_versions
from ui import gradient_descent as ui
from ui.memo import Same, memo
from ui.messages import escape_markdown, show_problem
from ui.shell import chart_theme, use_app_navigation, working

use_app_navigation()

st.title("Gradient Descent")
st.markdown(
    "The gradient points uphill, so a small step **against** it goes down. Repeat, and you have "
    "the loop that trains every network: `zero_grad()` → forward → `backward()` → `step()`. "
    "Here several optimizers race down the same function from the same start."
)


@st.fragment
def details(result, surf, theme: str) -> None:
    """The detail tabs. A fragment: picking a tab, a racer or an update reruns only this part,
    so the race's figure above is neither rebuilt nor sent again."""
    # Lazy tabs: only the open one is computed and sent (the 3-D surface costs the browser most).
    spelled, table, surface_tab, code = st.tabs(
        ["One update, spelled out", "Every update", "3-D surface", "The loop in PyTorch"],
        key="gd_details",
        on_change="rerun",
    )
    # Racers are picked by their label (unique: each optimizer races at most once).
    labels = [run.label for run in result.runs]

    def pick_run(where, key: str):
        return result.runs[labels.index(where.selectbox("Optimizer", labels, key=key))]

    if spelled.open:
        with spelled:
            pick, when = st.columns([1, 2])
            run = pick_run(pick, "gd_table_run")
            if run.updates == 0:
                st.write("This path stopped before its first update.")
            else:
                step = min(
                    when.slider("Update", 1, max(run.updates, 2), key="gd_table_step"),
                    run.updates,
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
            run = pick_run(st, "gd_history_run")
            st.dataframe(pd.DataFrame(descent.history(result, run)), hide_index=True)
    if surface_tab.open:
        with surface_tab:
            if result.objective.dims == 2:
                surface = memo(
                    "gd_surface",
                    (Same(result), theme),
                    lambda: surface_figure(result, surf, theme=theme),
                )
                charts.chart(
                    surface,
                    alt="The surface of f in 3-D, with each optimizer's path drawn on it. The "
                    "race's text version, under the chart above, has every path's numbers.",
                    key="gd_surface",
                )
                st.caption("Drag to turn the surface; the paths are drawn on it.")
            else:
                st.write(
                    "A function of one variable is its curve above; pick a 2-D function to see a "
                    "surface."
                )
    if code.open:
        with code:
            run = pick_run(st, "gd_code_run")
            st.code(descent.loop_code(result, run), language="python")
            st.caption("Run it with PyTorch installed: it prints where this path ends.")


ui.init_state()
controls, view = st.columns([1.2, 2.8], gap="large")
problem = race_key = None
with controls:
    # Every control is drawn even when one input is refused, so the learner can fix it in place.
    try:
        objective = ui.function_picker()
    except descent.DescentError as error:
        problem, objective = error, None
    choices = ui.optimizer_picker()
    settings = ui.run_settings(objective.dims if objective else ui.last_dims())
    if objective is not None:
        try:
            # The race, the view and the surface depend on these inputs only: the detail tabs'
            # widgets and the theme rerun the page without racing again.
            race_key = ui.race_key(choices, settings)
            with working("Racing the optimizers…"):
                result, surf, bounds = memo(
                    "gd_race",
                    race_key,
                    ui.shared_if_fixed(
                        race_key,
                        lambda: descent.race_in_worker(
                            objective,
                            choices,
                            start=settings.start,
                            steps=settings.steps,
                            forget_zero_grad=settings.forget_zero_grad,
                        ),
                    ),
                )
            ui.LAST_GOOD.keep((result, surf, bounds))
        except descent.DescentError as error:
            problem = error

with view:
    if problem is not None:
        show_problem(problem.message, problem.hint)
        if ui.LAST_GOOD.value is None:
            st.stop()
        st.caption("Showing the last settings that worked.")
        result, surf, bounds = ui.LAST_GOOD.value
    ui.show_function(result.objective)
    for run in result.runs:
        if run.divergence is not None:
            st.error(
                f"**{escape_markdown(run.label)}** stopped at update {run.divergence.step}: "
                f"{escape_markdown(run.divergence.reason)}",
                icon=":material/error:",
            )
    if result.forget_zero_grad:
        st.info(
            "`zero_grad()` is switched off: every `backward()` **adds** its gradient to `.grad`, "
            "so each step follows the sum of all gradients so far and overshoots.",
            icon=":material/calculate:",
        )
    theme = chart_theme()
    with working("Drawing the race…"):
        race_figure = memo(
            "gd_figure",
            (Same(result), theme),
            ui.shared_figure_if_fixed(
                None if problem is not None else race_key,
                theme,
                lambda: descent_figure(result, surf, bounds, theme=theme),
            ),
        )
    charts.chart(
        race_figure,
        alt="The race: on the left each optimizer's path over f "
        f"({', '.join(run.label for run in result.runs)}), on the right the loss after each "
        "update; the slider walks through the updates. "
        f"{charts.BELOW}",
        key="gd_chart",
        config={"displayModeBar": False},
    )
    st.caption(
        "Left: each optimizer's path, big marker = where it is now. Right: the loss f after each "
        "update. **▶ Play** replays the race in your browser; drag the slider to any update."
    )
# Full width below the columns: beside the controls these tables were cut off on a laptop.
st.table(pd.DataFrame(descent.summary(result)).set_index("optimizer"))
race_text = text_versions.expander(
    "Text version of the race (each optimizer's path)", key="gd_text_open"
)
if race_text is not None:
    with race_text:
        text_versions.table(
            descent.race_rows(result, frame_steps(max(r.updates for r in result.runs))),
            key="gd_text",
            file_name="descent_race.csv",
            caption="Where each optimizer was after each update, and the loss there "
            "(the updates the chart's slider shows; the download has every one):",
            everything=lambda: descent.race_rows(result),
            limit=500,
        )
details(result, surf, theme)

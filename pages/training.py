"""Training: the descent loop applied to a model's parameters.

Thin: read the widgets (ui.training), train with autograd_core.playground.training on data from
autograd_core.playground.catalogue.datasets, draw with autograd_core.playground.figures.training.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from autograd_core.playground import text_versions as words
from autograd_core.playground import training
from autograd_core.playground.catalogue import datasets
from autograd_core.playground.figures.training import (
    boundary_figure,
    curves_figure,
    regression_figure,
)
from ui import charts, text_versions
from ui import training as ui
from ui.memo import Same, memo
from ui.messages import escape_markdown, show_problem
from ui.shell import chart_theme, use_app_navigation, working

use_app_navigation()

st.title("Training")
st.markdown(
    "Training is the loop from the Gradient Descent page with a model's parameters in place of "
    "x: predict, measure the loss, `backward()` for the gradients, step against them, repeat."
)
theme = chart_theme()
REGRESSION, CLASSIFICATION = "1 · Linear regression", "2 · Classifying points with an MLP"
# Lazy tabs: only the open one runs, so the classifier trains only when its tab is shown.
regression, classification = st.tabs(
    [REGRESSION, CLASSIFICATION], key="tr_section", on_change="rerun"
)

if regression.open:
    with regression:
        intro = st.empty()  # above the settings, written once they are read
        s = ui.line_settings()
        intro.markdown(training.regression_intro(s.data != ui.SEEDS_DATA, s.points))
        try:
            with working("Running both loops…"):
                x, y, fits = memo(
                    "tr_fits",
                    s,
                    lambda: training.fit_line_both_ways(
                        s.data == ui.SEEDS_DATA, s.points, s.noise, s.seed, s.lr, s.epochs
                    ),
                )
        except training.TrainingError as error:
            show_problem(error.message, error.hint)
            st.stop()
        for fit, column, title in zip(
            fits, st.columns(2), ("By hand (the tutorials' loop)", "With torch.optim.SGD")
        ):
            with column:
                st.header(title)
                st.code(fit.code, language="python", wrap_lines=True)
                st.code(
                    "\n".join(fit.printed) or " ",
                    language=None,
                    wrap_lines=True,
                    height=230 if len(fit.printed) > 10 else "content",
                )
        manual, optimizer = fits
        same, comparison = training.compare_loops(manual, optimizer)
        if same:
            st.success(comparison, icon=":material/check_circle:")
        else:
            st.info(comparison, icon=":material/info:")
        if manual.divergence:
            st.error(escape_markdown(manual.divergence), icon=":material/error:")
        with working("Drawing the fit…"):
            line_chart = memo(
                "tr_line_figure", (s, theme), lambda: regression_figure(x, y, fits, theme=theme)
            )
        charts.chart(
            line_chart,
            alt="The data points and the line each training loop fits, epoch by epoch (the slider "
            f"walks through the epochs), with the loss. {charts.BELOW}",
            key="tr_line_chart",
            config={"displayModeBar": False},
        )
        text_versions.chart_table(
            words.line_fit_rows(fits),
            key="tr_line_text",
            file_name="linear_regression.csv",
            caption="Each loop's parameters and loss after every epoch:",
        )

if classification.open:
    with classification:
        st.markdown(
            "A small network, `nn.Sequential` of `nn.Linear` layers and an activation, learns "
            "to tell two classes of points apart. The shading is the network's probability for "
            "class 1; the dashed line, where it is 50%, is its decision boundary."
        )
        controls, view = st.columns([1, 2.6], gap="large")
        with controls:
            data_settings = ui.data_settings()
            config = ui.model_settings()
            train = st.button("Train", type="primary", key="tr_train", width="stretch")
            wanted = (data_settings, config)
        with view:
            run_now = train or ui.LAST_RUN.value is None
            if run_now:
                try:
                    data = datasets.make_dataset(
                        data_settings.name,
                        data_settings.points,
                        data_settings.noise,
                        data_settings.seed,
                    )
                    config = replace(config, seed=data_settings.seed).checked(data.n)
                    bar, report = ui.progress_reporter()
                    result = training.train_classifier(data, config, progress=report)
                    bar.empty()
                    ui.LAST_RUN.keep((data, result), made_with=wanted)
                except (training.TrainingError, datasets.DatasetError) as error:
                    show_problem(getattr(error, "message", str(error)), getattr(error, "hint", ""))
            if ui.LAST_RUN.value is None:
                st.stop()
            data, result = ui.LAST_RUN.value
            if ui.LAST_RUN.made_with != wanted:
                st.info(
                    "Settings changed: press **Train** to train with them.",
                    icon=":material/arrow_back:",
                )
            if result.stopped:
                st.warning(escape_markdown(result.stopped), icon=":material/stop_circle:")
            m1, m2, m3, m4 = st.columns(4)
            m1.metric("final accuracy", ui.percent(result.final_accuracy))
            m2.metric("final loss", f"{result.losses[-1]:.4f}" if len(result.losses) else "—")
            m3.metric("parameters", f"{result.parameters:,}")
            m4.metric("optimizer steps", f"{result.updates:,}", help=f"in {result.seconds:.2f} s")
            charts.chart(
                memo(
                    "tr_boundary_figure",
                    (Same(result), theme),
                    lambda: boundary_figure(data, result, theme=theme),
                ),
                alt=f"The {data.n} points of the two classes, shaded by the network's "
                "probability for class 1, with a dashed line where it is 50%: the decision "
                f"boundary. Final accuracy {ui.percent(result.final_accuracy)}.",
                key="tr_boundary_chart",
                config={"displayModeBar": False},
            )
            charts.chart(
                memo(
                    "tr_curves_figure",
                    (Same(result), theme),
                    lambda: curves_figure(result, theme=theme),
                ),
                alt=f"The loss and the accuracy after each of {len(result.losses)} epochs. "
                f"{charts.BELOW}",
                key="tr_curves_chart",
                config={"displayModeBar": False},
            )
            text_versions.chart_table(
                words.curve_rows(result),
                key="tr_curves_text",
                file_name="training_curves.csv",
                caption="Loss and accuracy after every epoch:",
                label="Text version of the training curves",
            )
            with st.expander("The model and the loop"):
                st.code(result.model_text, language=None)
                st.code(training.classifier_code(result.config), language="python")

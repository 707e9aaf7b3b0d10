"""Higher-order derivatives: differentiate a derivative, because create_graph=True gives it a
graph of its own.

Read widgets -> playground.higher_order (curves, values at a point, the graph of f′, the
Hessian) -> figures from autograd_core.playground.figures.
"""

from __future__ import annotations

import streamlit as st

from autograd_core.playground.figures.higher_order import (
    NAMES,
    curves_figure,
    derivative_graph_figure,
    hessian_figure,
)
from autograd_core.playground.figures.prepared import prepared
from autograd_core.playground.figures.tensors_vjp import cell_text
from autograd_core.playground.graph.text import graph_summary
from autograd_core.playground.higher_order import (
    FormulaError,
    derivative_curves,
    derivative_graph,
    derivatives_at,
    hessian_at,
    in_worker,
)
from autograd_core.playground.text_versions import derivative_rows, matrix_rows
from ui import charts, text_versions
from ui import higher_order as w
from ui.memo import Same, memo
from ui.messages import show_problem
from ui.shell import chart_theme, use_app_navigation

use_app_navigation()

st.title("Higher-order derivatives")
st.markdown(
    "`torch.autograd.grad(y, x, create_graph=True)` returns the derivative as a tensor **with "
    "a graph of its own** (`grad_fn=<MulBackward0>`), so you can differentiate it again: f′, "
    "then f″, then f‴, each by the same backward pass."
)
theme = chart_theme()

st.header("One variable: f, f′, f″, f‴")
expression, (lo, hi), x0 = w.one_variable()
try:
    point = memo("ho_point", (expression, x0), lambda: in_worker(derivatives_at, expression, x0))
    curves = memo(
        "ho_curves", (expression, lo, hi), lambda: in_worker(derivative_curves, expression, lo, hi)
    )
    st.session_state["ho_good"] = (point, curves)
except FormulaError as error:
    show_problem(error.message, error.hint, title="This cannot be plotted")
    point = curves = None
if point is None and "ho_good" in st.session_state:
    point, curves = st.session_state["ho_good"]
    st.caption("Showing the last function that worked:")

if point is not None:
    chart, values = st.columns([1.7, 1], gap="large")
    with chart:
        charts.chart(
            memo(
                "ho_curves_figure",
                (Same(curves), Same(point), theme),
                lambda: prepared(curves_figure(curves, point.x0, point, theme)),
            ),
            alt=f"The curves of f(x) = {expression} and of f′, f″ and f‴, for x from {lo:g} to "
            f"{hi:g}, with x₀ = {x0:g} marked. {charts.BELOW}",
            key="ho_curves",
            theme=None,
            config={"displayModeBar": False},
        )
        text_versions.chart_table(
            derivative_rows(curves),
            key="ho_curves_text",
            file_name="derivatives.csv",
            caption="f and its derivatives at every x the chart samples:",
            limit=60,
        )
    with values:
        st.markdown(f"**At x₀ = {point.x0:g}**")
        metrics = st.columns(2)
        for k, value in enumerate(point.values):
            metrics[k % 2].metric(NAMES[k].replace("(x)", "(x₀)"), cell_text(value))
        st.markdown(
            "Each derivative is a tensor that still remembers how it was computed, so "
            "`autograd.grad` can run backward through it once more."
        )
        undefined = curves.undefined_note()
        if undefined:
            st.info(undefined, icon=":material/info:")
        elif curves.nonfinite:
            st.caption("Gaps are where f or a derivative is not a finite number (nan or inf).")
    st.markdown("**In PyTorch**: each line differentiates the line before it.")
    st.code(point.code(), language="python", wrap_lines=True)

    st.subheader("The graph of f′ that create_graph=True recorded")
    st.markdown(
        "The backward pass of `y` was itself recorded: `dy/dx` is a result with its own "
        "`grad_fn`, computed from the same leaf `x`. Differentiating `dy/dx` walks **this** "
        "graph backward, which is how f″ comes out of the same machinery."
    )
    graph = derivative_graph(point)
    charts.chart(
        memo(
            "ho_graph_figure",
            (Same(point), theme),
            lambda: prepared(derivative_graph_figure(graph, theme)),
        ),
        alt=f"{graph_summary(graph)} {charts.BELOW}",
        key="ho_graph",
        theme=None,
        config={"displayModeBar": False},
    )
    text_versions.graph_text(graph, [], key="ho_graph_text")

st.header("Two variables: the Hessian")
st.markdown(
    "For f(x, y) the second derivatives form a matrix, the **Hessian**: row i, column j is "
    "∂²f/∂vᵢ∂vⱼ. Reverse mode builds it one row per backward pass through the gradient."
)
inputs, result_col = st.columns([1, 1.3], gap="large")
with inputs:
    expression2, (hx, hy) = w.two_variables()
    try:
        hess = memo(
            "ho_hess", (expression2, hx, hy), lambda: in_worker(hessian_at, expression2, (hx, hy))
        )
        st.session_state["ho_hess_good"] = hess
    except FormulaError as error:
        show_problem(error.message, error.hint, title="This function cannot be used")
        hess = st.session_state.get("ho_hess_good")
        if hess is not None:
            st.caption("Showing the last function that worked.")
    if hess is not None:
        gx, gy = hess.gradient
        st.code(
            f"f(x₀, y₀) = {cell_text(hess.value)}\n"
            f"∇f = (∂f/∂x, ∂f/∂y) = ({cell_text(gx)}, {cell_text(gy)})",
            language=None,
        )
with result_col:
    if hess is not None:
        charts.chart(
            memo(
                "ho_hessian_figure",
                (Same(hess), theme),
                lambda: prepared(hessian_figure(hess, theme)),
            ),
            alt=f"The Hessian of f(x, y) = {expression2} at ({hx:g}, {hy:g}) as a 2 × 2 grid: "
            f"row i, column j is ∂²f/∂vᵢ∂vⱼ. {charts.BELOW}",
            key="ho_hessian",
            theme=None,
            config={"displayModeBar": False},
        )
        text_versions.chart_table(
            matrix_rows(hess.hessian, hess.names, hess.names, corner="variable"),
            key="ho_hessian_text",
            file_name="hessian.csv",
            caption="H, row i and column j: ∂²f/∂vᵢ∂vⱼ",
        )
        if hess.symmetric:
            st.caption(
                "∂²f/∂x∂y = ∂²f/∂y∂x: for smooth functions the order of differentiation "
                "does not matter, so H is symmetric."
            )
if hess is not None:
    st.code(hess.code(), language="python", wrap_lines=True)

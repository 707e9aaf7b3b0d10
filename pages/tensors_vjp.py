"""Tensors & VJP: what backward computes when the output is a vector.

Read widgets -> playground.tensors_vjp (Jacobian, vᵀJ, backward(v), sum/mean, broadcasting) ->
figures from autograd_core.playground.figures.tensors_vjp.
"""

from __future__ import annotations

import streamlit as st

from autograd_core.playground.figures.prepared import prepared
from autograd_core.playground.figures.tensors_vjp import (
    broadcast_figure,
    jacobian_figure,
    reduction_figure,
)
from autograd_core.playground.higher_order import FormulaError, in_worker
from autograd_core.playground.tensors_vjp import (
    BROADCAST_SHAPES,
    broadcast_demo,
    broadcast_text,
    choose_v,
    output_shape,
    parse_values,
    reduction_demo,
    tensor_repr,
    vjp_demo,
)
from autograd_core.playground.text_versions import matrix_rows, vector_row
from ui import charts, text_versions
from ui import tensors_vjp as w
from ui.memo import Same, memo
from ui.messages import show_problem
from ui.shell import chart_theme, use_app_navigation

use_app_navigation()

st.title("Tensors & VJP")
st.markdown(
    "When `y` holds many numbers, its derivative is a whole matrix, the **Jacobian** "
    "J[i, j] = ∂yᵢ/∂xⱼ. `backward()` never builds J: you hand it a vector **v** shaped like "
    "`y`, and it sends back **vᵀJ**, one number per element of `x`, into `x.grad`."
)
theme = chart_theme()

x_text, expression = w.inputs()
demo = reductions = None
try:
    x_values, y_shape = memo(
        "vjp_input",
        (x_text, expression),
        lambda: (
            (values := parse_values(x_text, "x")),
            in_worker(output_shape, expression, values),
        ),
    )
except FormulaError as error:
    show_problem(error.message, error.hint, title="This input cannot be used")
    y_shape = None

st.header("1 · A vector output needs a `gradient=`")
left, right = st.columns([1, 1.45], gap="large")
with left:
    if y_shape is not None:
        mode, index, v_text = w.v_choice(y_shape)
        try:
            v = choose_v(mode, y_shape, index, v_text)
            demo = memo(
                "vjp_demo",
                (x_text, expression, mode, index, v_text),
                lambda: in_worker(vjp_demo, expression, x_values, v),
            )
            reductions = memo(
                "vjp_reductions",
                (x_text, expression),
                lambda: in_worker(reduction_demo, expression, x_values),
            )
            st.session_state["vjp_good"] = (demo, reductions)
        except FormulaError as error:
            show_problem(error.message, error.hint, title="This v cannot be used")
    if demo is None and "vjp_good" in st.session_state:
        demo, reductions = st.session_state["vjp_good"]
        st.caption("Showing the last input that worked:")
    if demo is not None:
        st.code(demo.code(), language="python", wrap_lines=True)
        if demo.no_gradient_error:
            st.markdown("Without `v`, PyTorch cannot choose a vector for you:")
            st.code(f"y.backward()\n{demo.no_gradient_error}", language=None, wrap_lines=True)
        else:
            st.markdown("`y` is a single number, so `y.backward()` works on its own (v = 1).")
with right:
    if demo is not None:
        charts.chart(
            memo(
                "vjp_jacobian_figure",
                (Same(demo), theme),
                lambda: prepared(jacobian_figure(demo, theme)),
            ),
            alt="The Jacobian J = ∂y/∂x as a grid, one row per element of y and one column per "
            f"element of x, with v beside it and vᵀJ under it. {charts.BELOW}",
            key="vjp_jacobian",
            theme=None,
            config={"displayModeBar": False},
        )
        jacobian_text = text_versions.expander(key="vjp_jacobian_text_open")
        if jacobian_text is not None:
            with jacobian_text:
                text_versions.table(
                    matrix_rows(demo.jacobian, demo.y_labels, demo.x_labels, corner="output"),
                    key="vjp_jacobian_text",
                    file_name="jacobian.csv",
                    caption="J = ∂y/∂x, row by row:",
                )
                text_versions.table(
                    [
                        vector_row("v", demo.v, demo.y_labels),
                        vector_row("vᵀJ", demo.vjp, demo.x_labels),
                    ],
                    key="vjp_v_text",
                    file_name="v_and_vjp.csv",
                    caption="v, and vᵀJ:",
                )

if demo is not None:
    st.header("2 · vᵀJ is exactly what `backward(v)` leaves in `x.grad`")
    jac, grad = st.columns(2, gap="large")
    with jac:
        st.markdown("From the whole Jacobian, `autograd.functional.jacobian(f, x)`:")
        st.code(f"v @ J  →  {tensor_repr(demo.vjp)}", language=None)
    with grad:
        st.markdown("From one backward pass, `y.backward(v)`:")
        if demo.backward_error:
            st.code(f"y.backward(v)\n{demo.backward_error}", language=None, wrap_lines=True)
        else:
            st.code(f"x.grad  →  {tensor_repr(demo.grad)}", language=None)
    if demo.matches:
        st.success(
            "The same numbers: backward computes vᵀJ without ever building J.",
            icon=":material/check_circle:",
        )
    elif demo.backward_error:
        st.warning(
            "backward(v) failed, so there is no x.grad to compare.", icon=":material/warning:"
        )
    if demo.nonfinite:
        st.warning(
            "Some values are nan or inf: y is not defined (or overflows) at this x.",
            icon=":material/warning:",
        )

    st.header("3 · `.sum()` or `.mean()`: the 1/N")
    text, chart = st.columns([1, 1.45], gap="large")
    with text:
        st.markdown(
            f"Reducing `y` to a scalar first is the same as choosing `v`: `y.sum()` is "
            f"v = ones, and `y.mean()` is v = ones / N. Here N = {reductions.n}, so every "
            f"gradient of the mean is the sum's divided by {reductions.n}."
        )
        st.code(
            f"y.sum().backward()\nx.grad → {tensor_repr(reductions.grad_sum)}\n\n"
            f"y.mean().backward()\nx.grad → {tensor_repr(reductions.grad_mean)}",
            language=None,
        )
    with chart:
        charts.chart(
            memo(
                "vjp_reduce_figure",
                (Same(reductions), theme),
                lambda: prepared(reduction_figure(reductions, demo.x_labels, theme)),
            ),
            alt="Bars of x.grad, element by element, after y.sum().backward() and after "
            "y.mean().backward(): each mean bar is the sum bar divided by N. The numbers are in "
            "the code beside it.",
            key="vjp_reduce",
            theme=None,
            config={"displayModeBar": False},
        )

st.header("4 · Broadcasting sums gradients back")
text, chart = st.columns([1, 1.45], gap="large")
with text:
    shape_name = st.segmented_control(
        "Shape of b",
        list(BROADCAST_SHAPES),
        default="(3,)",
        required=True,
        key="vjp_b_shape",
        help="M has shape (2, 3); M * b stretches b to (2, 3) where its shape allows.",
    )
    bc = broadcast_demo(BROADCAST_SHAPES[shape_name])
    st.code(bc.code, language="python")
    st.markdown(broadcast_text(bc))
    st.code(f"b.grad  →  {tensor_repr(bc.b_grad)}", language=None)
with chart:
    charts.chart(
        memo(
            "vjp_broadcast_figure", (Same(bc), theme), lambda: prepared(broadcast_figure(bc, theme))
        ),
        alt="The gradient arriving for the broadcast copies of b, one cell per element of M * b, "
        "and an arrow to b.grad: each copy's gradient summed back to b's own shape. b.grad is "
        "printed beside it.",
        key="vjp_broadcast",
        theme=None,
        config={"displayModeBar": False},
    )

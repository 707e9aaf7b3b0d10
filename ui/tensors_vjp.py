"""Widgets of the Tensors & VJP page: the input row (example, x, y = f(x)) and the choice of v."""

from __future__ import annotations

import streamlit as st

from autograd_core.playground.sandbox.formula import MAX_FORMULA_CHARS
from autograd_core.playground.tensors_vjp import EXAMPLES, V_MODES, index_labels
from ui.shell import link_value

DEFAULT_EXAMPLE = next(iter(EXAMPLES))


def _apply_example() -> None:
    expression, x_text = EXAMPLES[st.session_state["vjp_example"]]
    st.session_state["vjp_expr"] = expression
    st.session_state["vjp_x"] = x_text


def inputs() -> tuple[str, str]:
    """Example picker, x and the expression; returns (x text, expression text)."""
    if "vjp_expr" not in st.session_state:
        st.session_state["vjp_example"] = link_value("example", EXAMPLES) or DEFAULT_EXAMPLE
        _apply_example()
    pick, x_col, y_col = st.columns([1.2, 1, 1.6])
    pick.selectbox(
        "Start from an example", list(EXAMPLES), key="vjp_example", on_change=_apply_example
    )
    x_text = x_col.text_input(
        "x",
        key="vjp_x",
        max_chars=400,
        help="Numbers separated by commas; a matrix has rows separated by ; (1, 2; 3, 4).",
    )
    expression = y_col.text_input(
        "y =",
        key="vjp_expr",
        max_chars=MAX_FORMULA_CHARS,
        help="Any expression of x: torch functions, @, **, sum(dim), ... (at most 16 outputs).",
    )
    return x_text, expression


def v_choice(y_shape: tuple[int, ...]) -> tuple[str, int, str]:
    """How to pick v: all ones, one-hot at a position, or typed; returns (mode, index, text)."""
    mode = st.segmented_control(
        "v",
        V_MODES,
        default="ones",
        required=True,
        key="vjp_v_mode",
        help="ones: the gradient of y.sum(). one-hot: picks one row of J. custom: any v "
        "shaped like y.",
    )
    index, text = 0, ""
    labels = index_labels("y", y_shape)
    if mode == "one-hot":
        index = st.selectbox(
            "Position of the 1",
            range(len(labels)),
            format_func=lambda i: labels[i],
            key="vjp_v_index",
        )
    elif mode == "custom":
        text = st.text_input(
            "v (shaped like y)",
            value=", ".join(["1"] * len(labels)),
            key="vjp_v_text",
            max_chars=400,
            help="Same layout as x: rows separated by ; for a matrix y.",
        )
    return mode, index or 0, text

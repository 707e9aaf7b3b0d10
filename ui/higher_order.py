"""Widgets of the Higher-order page: the function of x with its range and point, and the
function of x and y with its point."""

from __future__ import annotations

import streamlit as st

from autograd_core.playground.higher_order import EXAMPLES, EXAMPLES_2D
from autograd_core.playground.sandbox.formula import MAX_FORMULA_CHARS
from ui.shell import link_value

LIMIT = 10.0  # the sliders' range: wide enough for every example, small enough for float32


def _example(source: str, target: str, table: dict[str, str]) -> None:
    st.session_state[target] = table[st.session_state[source]]


def one_variable() -> tuple[str, tuple[float, float], float]:
    """(f(x) text, (lo, hi), x0)."""
    if "ho_expr" not in st.session_state:
        st.session_state["ho_example"] = link_value("example", EXAMPLES) or next(iter(EXAMPLES))
        _example("ho_example", "ho_expr", EXAMPLES)
    pick, text = st.columns([1, 2])
    pick.selectbox(
        "Start from an example",
        list(EXAMPLES),
        key="ho_example",
        on_change=_example,
        args=("ho_example", "ho_expr", EXAMPLES),
    )
    expression = text.text_input(
        "f(x) =",
        key="ho_expr",
        max_chars=MAX_FORMULA_CHARS,
        help="Any elementwise expression of x. sin, cos, exp, log, sqrt, tanh, sigmoid, relu, "
        "abs, pi and e need no torch. prefix.",
    )
    span, point = st.columns(2)
    lo, hi = span.slider("Range of x", -LIMIT, LIMIT, (-3.0, 3.0), step=0.1, key="ho_range")
    x0 = point.slider("Point x₀", -LIMIT, LIMIT, 2.0, step=0.1, key="ho_x0")
    return expression, (lo, hi), x0


def two_variables() -> tuple[str, tuple[float, float]]:
    """(f(x, y) text, (x0, y0))."""
    if "ho_expr2" not in st.session_state:
        st.session_state["ho_example2"] = next(iter(EXAMPLES_2D))
        _example("ho_example2", "ho_expr2", EXAMPLES_2D)
    st.selectbox(
        "Start from an example",
        list(EXAMPLES_2D),
        key="ho_example2",
        on_change=_example,
        args=("ho_example2", "ho_expr2", EXAMPLES_2D),
    )
    expression = st.text_input("f(x, y) =", key="ho_expr2", max_chars=MAX_FORMULA_CHARS)
    x_col, y_col = st.columns(2)
    x0 = x_col.number_input("x₀", -100.0, 100.0, 2.0, step=0.5, key="ho_hx")
    y0 = y_col.number_input("y₀", -100.0, 100.0, 3.0, step=0.5, key="ho_hy")
    return expression, (x0, y0)

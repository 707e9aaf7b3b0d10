"""Widgets of the Gradient Descent page.

Every widget key starts with `gd_`. Widget values live in st.session_state (per browser session);
the last race that worked is kept there too, so a bad input shows a message over the last good
picture instead of an empty page.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

from autograd_core.playground.gradient_descent import (
    MAX_START,
    MAX_STEPS,
    OPTIMIZERS,
    PRESETS,
    DescentError,
    HyperParam,
    Objective,
    OptimizerChoice,
    custom_objective,
)
from autograd_core.playground.sandbox.formula import MAX_FORMULA_CHARS
from ui.shared import Counted, shared_copy, shared_figure
from ui.shell import LastGood, link_value

T = TypeVar("T")

CUSTOM = "custom"
DEFAULT_FUNCTION = "shifted"  # the tutorials' exercise: (x − 3)² from 0, lr 0.1, 20 steps
DEFAULT_OPTIMIZERS = ["SGD", "Momentum", "Adam"]
DEFAULT_EXPRESSION = "(x - 1)**2 + 3 * sin(y)**2"
LAST_GOOD = LastGood("gd_last_good")  # (race, surface, bounds) of the last race that ran


# --- the function -------------------------------------------------------------------------------


def _function_label(key: str) -> str:
    if key == CUSTOM:
        return "Your own expression…"
    obj = PRESETS[key]
    return f"{obj.dims}-D · {obj.name}"


def _reset_to(obj: Objective) -> None:
    """A new function: its own start, number of steps and learning rates."""
    st.session_state["gd_start_x"] = obj.start[0]
    st.session_state["gd_start_y"] = obj.start[1] if obj.dims == 2 else 0.0
    st.session_state["gd_steps"] = obj.steps
    for kind in OPTIMIZERS:
        st.session_state[f"gd_{kind}_lr"] = obj.lrs[kind]


def _on_function_change() -> None:
    key = st.session_state["gd_function"]
    if key in PRESETS:
        _reset_to(PRESETS[key])
    else:
        # An expression that cannot run keeps the current settings; the page says why.
        with contextlib.suppress(DescentError):
            text = st.session_state.get("gd_expression", DEFAULT_EXPRESSION)
            _reset_to(custom_objective(text, check=False))


def init_state(function: str = DEFAULT_FUNCTION) -> None:
    """First visit: the tutorials' exercise (another preset for benchmarks and tests)."""
    if "gd_function" not in st.session_state:
        function = link_value("function", PRESETS) or function
        st.session_state["gd_function"] = function
        st.session_state["gd_expression"] = DEFAULT_EXPRESSION
        for kind in OPTIMIZERS:
            st.session_state[f"gd_use_{kind}"] = kind in DEFAULT_OPTIMIZERS
        _reset_to(PRESETS[function])


def function_picker() -> Objective:
    """The function to minimise (a DescentError for a custom expression that cannot run)."""
    key = st.selectbox(
        "Function f",
        [*PRESETS, CUSTOM],
        format_func=_function_label,
        key="gd_function",
        on_change=_on_function_change,
    )
    if key != CUSTOM:
        return PRESETS[key]
    text = st.text_input(
        "f in terms of x (and y)",
        key="gd_expression",
        max_chars=MAX_FORMULA_CHARS,
        help="One line of PyTorch-style Python: x**2 + 3*sin(y), torch.exp(-x) + x**2, ... "
        "sin, cos, exp, log, sqrt, tanh, sigmoid, abs, pi work without `torch.`.",
    )
    return custom_objective(text, check=False)  # parsed only: it runs in a worker (race_view)


def show_function(objective: Objective) -> None:
    """The formula (a learner's expression as code, never as LaTeX) and what to look for."""
    if objective.latex:
        st.latex(objective.latex)
        st.caption(objective.note)
    else:
        st.code(f"f = {objective.expression}", language="python", wrap_lines=True)
        st.caption(
            "Run by the playground's safe interpreter with x and y bound to tensors: the same "
            "engine code as the presets, surface included."
        )


# --- the racers ---------------------------------------------------------------------------------


def optimizer_picker() -> list[OptimizerChoice]:
    """Which optimizers race, each one's learning rate, and (folded away) the other settings."""
    st.markdown(
        "**Optimizers racing**",
        help="Each one starts from the same point and runs the same number of updates.",
    )
    columns = st.columns(2)
    kinds = [
        kind
        for n, kind in enumerate(OPTIMIZERS)
        if columns[n % 2].checkbox(kind, key=f"gd_use_{kind}", help=OPTIMIZERS[kind].blurb)
    ]
    values: dict[str, dict[str, float]] = {k: {} for k in kinds}
    columns = st.columns(2)
    for n, kind in enumerate(kinds):
        values[kind]["lr"] = _number(columns[n % 2], kind, OPTIMIZERS[kind].hyper[0], f"{kind} lr")
    others = [(k, h) for k in kinds for h in OPTIMIZERS[k].hyper[1:]]
    if others:
        with st.expander("More settings (momentum, betas, …)"):
            columns = st.columns(2)
            for n, (kind, h) in enumerate(others):
                values[kind][h.name] = _number(columns[n % 2], kind, h, f"{kind} {h.label}")
    return [OptimizerChoice(kind, values[kind]) for kind in kinds]


def _number(where: Any, kind: str, h: HyperParam, label: str) -> float:
    key = f"gd_{kind}_{h.name}"
    if key not in st.session_state:
        st.session_state[key] = h.default
    return where.number_input(
        label,
        min_value=0.0,
        max_value=float(h.high),
        step=_step(h.name),
        format="%g",
        key=key,
        help=h.help,
    )


def _step(name: str) -> float:
    return {"lr": 0.001, "weight_decay": 0.01}.get(name, 0.01)


# --- start, steps and the switch ----------------------------------------------------------------


@dataclass(frozen=True)
class RunSettings:
    start: tuple[float, ...]
    steps: int
    forget_zero_grad: bool


def run_settings(dims: int) -> RunSettings:
    columns = st.columns(2)
    bound = float(MAX_START)
    x = columns[0].number_input(
        "start x", min_value=-bound, max_value=bound, step=0.1, format="%g", key="gd_start_x"
    )
    start: tuple[float, ...] = (x,)
    if dims == 2:
        y = columns[1].number_input(
            "start y", min_value=-bound, max_value=bound, step=0.1, format="%g", key="gd_start_y"
        )
        start = (x, y)
    steps = st.slider("Updates", 1, MAX_STEPS, key="gd_steps")
    forget = st.toggle(
        "Forget `zero_grad()`",
        key="gd_forget_zero_grad",
        help="Skip zero_grad(): backward() then adds each new gradient to the old ones, and the "
        "optimizer follows their running sum.",
    )
    return RunSettings(start, steps, forget)


def race_key(choices: list[OptimizerChoice], settings: RunSettings) -> tuple:
    """Exactly what a race depends on: the function (a preset, or the learner's expression),
    each racer with its settings, the start, the number of updates and the zero_grad switch."""
    ss = st.session_state
    function = ss["gd_function"]
    expression = ss.get("gd_expression") if function == CUSTOM else None
    racers = tuple((c.kind, tuple(sorted(c.values.items()))) for c in choices)
    return function, expression, racers, settings


def fixed(race_key: tuple | None) -> bool:
    """Is this race made of the app's own inputs only (a preset, or the expression the page
    suggests), whatever the settings? Then every session racing it gets the same result, and
    it is raced once per server (ui/shared.py). A learner's own expression never is."""
    if race_key is None:
        return False
    function, expression = race_key[:2]
    return function != CUSTOM or expression == DEFAULT_EXPRESSION


def shared_if_fixed(race_key: tuple, race: Callable[[], T]) -> Callable[[], T | Counted]:
    """`race`, or the same race shared by every session when its inputs are fixed: a class
    opening the page races the default function once, not once per learner."""
    if not fixed(race_key):
        return race
    return lambda: shared_copy("gd_race", race_key, race)


def shared_figure_if_fixed(
    race_key: tuple | None, theme: str, build: Callable[[], T]
) -> Callable[[], T | Counted]:
    """`build`, or the race's figure built once for every session when the race is shared."""
    if not fixed(race_key):
        return build
    return lambda: shared_figure("gd_figure", (race_key, theme), build)


def last_dims() -> int:
    """How many start coordinates to ask for while the function is refused: the last good one's."""
    good = LAST_GOOD.value
    return good[0].objective.dims if good is not None else 2

"""Widgets of the Gradient Lab: the learner's actions, kept in st.session_state."""

from __future__ import annotations

import streamlit as st

from autograd_core.playground.gradient_lab import HOOKS, MAX_ACTIONS, Action, LabReport

HOOK_NAMES = {
    "none": "no hook",
    "print": "print(grad)",
    "double": "return grad * 2",
    "zero": "return grad * 0",
}
ACTIONS_KEY = "lab_actions"


# --- the lab's session: a list of actions in st.session_state ----------------------------------


def first_forward() -> Action:
    return Action(
        "forward",
        retain_grad=bool(st.session_state.get("lab_retain_grad", False)),
        hook=st.session_state.get("lab_hook", "none"),
    )


def actions() -> list[Action]:
    if ACTIONS_KEY not in st.session_state:
        st.session_state[ACTIONS_KEY] = [first_forward()]
    return st.session_state[ACTIONS_KEY]


def reset() -> None:
    st.session_state[ACTIONS_KEY] = [first_forward()]


def _press(kind: str, leaf_key: str | None = None) -> None:
    """Button callback: append one action (runs before the page, so the page shows it)."""
    done = actions()
    if len(done) >= MAX_ACTIONS:
        return
    if kind == "forward":
        done.append(first_forward())
    else:
        done.append(Action(kind, leaf=st.session_state.get(leaf_key) if leaf_key else None))


def options(intermediate: str) -> None:
    """What each forward pass does to the intermediate: retain_grad, and a hook."""
    st.checkbox(
        f"`{intermediate}.retain_grad()`",
        key="lab_retain_grad",
        help=f"Keep the gradient that reaches the intermediate {intermediate} in "
        f"{intermediate}.grad (only leaves keep theirs by default).",
    )
    st.selectbox(
        f"`{intermediate}.register_hook(...)`",
        options=list(HOOKS),
        format_func=lambda k: HOOK_NAMES[k],
        key="lab_hook",
        help="A hook sees the gradient flowing back through the intermediate; if it returns "
        "a tensor, that replaces the gradient.",
    )
    st.caption("These apply from the next forward pass.")


def buttons(report: LabReport) -> None:
    """The action buttons, in three groups: run the graph, clear gradients, update."""
    c = report.computation
    full = len(report.events) > MAX_ACTIONS
    out = c.output
    run, clear, update = st.columns([1.45, 1.2, 0.9])
    with run:
        st.markdown("**Run the graph**")
        _button(
            "Forward pass",
            "forward",
            "lab_forward",
            full,
            icon=":material/play_arrow:",
            help=f"Recompute {out} from the leaves: a new graph.",
        )
        _button(f"`{out}.backward()`", "backward", "lab_backward", full, primary=True)
        _button(
            f"`{out}.backward(retain_graph=True)`", "backward_retain", "lab_backward_retain", full
        )
    with clear:
        st.markdown("**Clear gradients**")
        leaf_key = f"lab_leaf_{c.key}"
        leaves = report.leaves
        leaf = st.segmented_control(
            "Leaf",
            leaves,
            default=leaves[0],
            required=True,
            key=leaf_key,
            label_visibility="collapsed",
        )
        _button(f"`{leaf}.grad.zero_()`", "zero_", "lab_zero", full, leaf_key=leaf_key)
        _button(f"`{leaf}.grad = None`", "set_none", "lab_set_none", full, leaf_key=leaf_key)
        _button("`optimizer.zero_grad()`", "zero_grad", "lab_zero_grad", full)
    with update:
        st.markdown("**Update**")
        _button(
            "`optimizer.step()`",
            "step",
            "lab_step",
            full,
            help="SGD: every leaf p ← p − 0.1·p.grad, in place.",
        )
        st.button(
            "Reset", key="lab_reset", on_click=reset, icon=":material/restart_alt:", width="stretch"
        )
    if full:
        st.info(f"The timeline holds {MAX_ACTIONS} actions. Press Reset to start again.")


def _button(
    label: str,
    kind: str,
    key: str,
    disabled: bool,
    *,
    primary: bool = False,
    leaf_key: str | None = None,
    icon: str | None = None,
    help: str | None = None,
) -> None:
    st.button(
        label,
        key=key,
        on_click=_press,
        args=(kind, leaf_key),
        disabled=disabled,
        type="primary" if primary else "secondary",
        icon=icon,
        help=help,
        width="stretch",
    )

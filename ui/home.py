"""The home page's pieces: the picture of a graph, and the guided tour as cards with links that
open each page already filled in (autograd_core.playground.catalogue.tour says what goes where)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from autograd_core.playground.catalogue.examples import by_key
from autograd_core.playground.catalogue.tour import TOUR, TourStep
from autograd_core.playground.figures.graph_explorer import explorer_figure
from autograd_core.playground.figures.prepared import with_layout
from autograd_core.playground.graph.text import graph_summary
from autograd_core.playground.graph_explorer.run import explore
from ui import charts, text_versions
from ui.shared import shared_copy, shared_figure
from ui.shell import chart_theme as theme

PICTURE_EXAMPLE = "product-rule"


def picture() -> Any:
    """The graph of z = x²y + y³ with its values and gradients, as the Graph Explorer draws it."""
    key = f"home_picture_{theme()}"
    if key not in st.session_state:  # once per session and theme, from one run per server
        exp = shared_copy("home_picture", PICTURE_EXAMPLE, _picture_run).value
        # a picture to look at, not to drag; its height follows the graph, one px per unit
        fig = shared_figure(
            "home_picture",
            theme(),
            lambda: with_layout(explorer_figure(exp, theme=theme(), animate=False), dragmode=False),
        ).value
        st.session_state[key] = (exp, fig)
    exp, fig = st.session_state[key]
    charts.chart(
        fig,
        alt=f"{graph_summary(exp.graph)} Its text version is under the caption below it.",
        key="home_graph",
        theme=None,
        config={"displayModeBar": False, "scrollZoom": False},
    )
    return exp


def _picture_run() -> Any:
    return explore(by_key(PICTURE_EXAMPLE).code)


def picture_text(exp: Any) -> None:
    """The picture's text version (under its caption)."""
    text_versions.graph_text(exp.graph, exp.steps, key="home_text")


def tour() -> None:
    """Every step of the tour as a card, two to a row."""
    for first in range(0, len(TOUR), 2):
        columns = st.columns(2, gap="medium")
        for column, step in zip(columns, TOUR[first : first + 2]):
            with column:
                card(step)


def card(step: TourStep) -> None:
    with st.container(border=True, key=f"home_step_{step.number}", height="stretch"):
        st.markdown(f"### {step.number} · {step.title}")
        st.markdown(step.idea)
        st.caption(f"Try: {step.try_this}")
        for i, link in enumerate(step.links):
            st.page_link(
                link.page,
                label=link.label,
                icon=":material/arrow_forward:" if i == 0 else ":material/hub:",
                query_params=link.query_params,
            )

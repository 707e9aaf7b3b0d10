"""Every chart on the app's pages goes through `chart`: st.plotly_chart with the words a screen
reader says for it.

A plotly chart is an SVG picture; left alone, a screen reader reads its tick labels, node names
and legend one by one, with no word of what the picture is. `chart` puts a one-sentence
description in the figure (playground/figures/prepared.described); the page's script
(ui/accessibility.py) makes the chart a named figure with it and hides the picture's loose
words. Each description ends by saying where the chart's text version is: its numbers in a
table, or its steps in sentences.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from autograd_core.playground.figures.prepared import described

BELOW = "Its text version is under it."


def chart(figure: Any, *, alt: str, **options: Any) -> Any:
    """st.plotly_chart(figure, **options), the chart named by `alt` (a sentence or two: what the
    picture shows, for someone who cannot see it). Nothing is drawn for a None figure."""
    if figure is None:
        return None
    return st.plotly_chart(described(figure, alt), **options)

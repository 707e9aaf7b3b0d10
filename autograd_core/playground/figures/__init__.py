"""Plotly figures of the computation graph: pure functions, no Streamlit.

    graph_figure(graph, positions, *, show_grads=True, highlight=None, theme="light")
    backward_animation(graph, positions, steps, *, theme="light")

plotly is imported here and under here only; the engine never needs it.
"""

from .backward_animation import backward_animation
from .graph_figure import graph_figure
from .labels import esc

__all__ = ["backward_animation", "esc", "graph_figure"]

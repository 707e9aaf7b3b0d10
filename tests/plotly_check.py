"""Figures in tests: through plotly's validation, and sent exactly as plotly would send them.

The builders write plain dicts (autograd_core.playground.figures.prepared) so that a page never
pays for plotly's validation; the tests pay it instead. `checked(fig)` proves the figure is valid
plotly (a misspelt property raises), that its wire form (typed arrays, plain numbers) is the
JSON plotly itself would have produced, and returns the validated go.Figure, whose attributes
(fig.frames[3].data[0].y ...) the tests read.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio

from autograd_core.playground.figures.prepared import PreparedFigure, validated


def checked(figure: PreparedFigure) -> go.Figure:
    assert isinstance(figure, PreparedFigure), type(figure)
    plotly_figure = validated(figure)
    sent = json.loads(pio.to_json(figure, validate=False))
    assert sent == json.loads(pio.to_json(plotly_figure, validate=False))
    return plotly_figure

"""How wide a line of text is on screen, without a browser: for sizing the graph's boxes.

Plotly draws text as SVG in the page's font ("Open Sans", then verdana, arial, sans-serif). The
table below is each character's advance width at 12 px, measured in Chromium (it renders the
graph with Liberation Sans, which has Arial's metrics; Open Sans, where installed, is up to ~8 %
wider, hence MARGIN). Widths add up: kerning changes a line by well under a pixel.

    >>> round(text_width("MulBackward0"))   # 78.7 px measured, plus MARGIN
    87
"""

from __future__ import annotations

from functools import lru_cache

MARGIN = 1.1  # room for a wider font than the one measured
LINE = 15.0  # px from one line to the next at 12 px

_CHARS = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~×−→…∂Σ²³·÷≈⋯ᵀ√∇αβγθλμσ•'
_NORMAL = (
    3.33, 3.33, 4.26, 6.67, 6.67, 10.67, 8, 2.29, 4, 4, 4.67, 7.01,
    3.33, 4, 3.33, 3.33, 6.67, 6.67, 6.67, 6.67, 6.67, 6.67, 6.67, 6.67,
    6.67, 6.67, 3.33, 3.33, 7.01, 7.01, 7.01, 6.67, 12.18, 8, 8, 8.67,
    8.67, 8, 7.33, 9.33, 8.67, 3.33, 6, 8, 6.67, 10, 8.67, 9.33,
    8, 9.33, 8.67, 8, 7.33, 8.67, 8, 11.33, 8, 8, 7.33, 3.33,
    3.33, 3.33, 5.63, 6.67, 4, 6.67, 6.67, 6, 6.67, 6.67, 3.33, 6.67,
    6.67, 2.67, 2.67, 6, 2.67, 10, 6.67, 6.67, 6.67, 6.67, 4, 6,
    3.33, 6.67, 6, 8.67, 6, 6, 6, 4.01, 3.12, 4.01, 7.01, 7.01,
    7.01, 12, 12, 5.93, 7.42, 4, 4, 3.33, 6.59, 6.59, 12, 4.62,
    6.59, 8.03, 6.94, 6.9, 6, 6.67, 6, 6.91, 7.41, 4.2,
)
_BOLD = (
    3.33, 4, 5.69, 6.67, 6.67, 10.67, 8.67, 2.85, 4, 4, 4.67, 7.01,
    3.33, 4, 3.33, 3.33, 6.67, 6.67, 6.67, 6.67, 6.67, 6.67, 6.67, 6.67,
    6.67, 6.67, 4, 4, 7.01, 7.01, 7.01, 7.33, 11.7, 8.67, 8.67, 8.67,
    8.67, 8, 7.33, 9.33, 8.67, 3.33, 6.67, 8.67, 7.33, 10, 8.67, 9.33,
    8, 9.33, 8.67, 8, 7.33, 8.67, 8, 11.33, 8, 8, 7.33, 4,
    3.33, 4, 7.01, 6.67, 4, 6.67, 7.33, 6.67, 7.33, 6.67, 4, 7.33,
    7.33, 3.33, 3.33, 6.67, 3.33, 10.67, 7.33, 7.33, 7.33, 7.33, 4.67, 6.67,
    4, 7.33, 6.67, 9.33, 6.67, 6.67, 6, 4.67, 3.36, 4.67, 7.01, 7.01,
    7.01, 12, 12, 5.93, 7.2, 4, 4, 3.33, 6.59, 6.59, 12, 4.62,
    6.59, 8.03, 7.38, 7.32, 6.67, 6.49, 6.67, 7.34, 8.21, 4.2,
)
_WIDTH = {False: dict(zip(_CHARS, _NORMAL)), True: dict(zip(_CHARS, _BOLD))}
_WIDEST = {False: max(_NORMAL), True: max(_BOLD)}  # for a character not in the table


@lru_cache(maxsize=8192)
def text_width(text: str, size: float = 12.0, bold: bool = False) -> float:
    """Pixels `text` takes on one line at `size` px, with MARGIN to spare."""
    widths, widest = _WIDTH[bold], _WIDEST[bold]
    return sum(widths.get(c, widest) for c in text) * size / 12.0 * MARGIN

"""Every colour the app draws with, by name: the figures' palette in a light and a dark theme,
the page's accent colour and its code highlighting.

The hues are Okabe and Ito's (2008, "Color Universal Design"), chosen to stay distinguishable
with the common forms of colour blindness, in shades that meet WCAG 2.1 AA on the theme's
background: at least 4.5:1 (so a colour can carry words: a gradient's "grad 12"), which is more
than the 3:1 a line or a marker needs. The light shades are darker than Okabe and Ito's own,
the dark theme's are theirs or lighter. `tests/playground/figures/test_palette_contrast.py`
measures every pair. No kind of node, racer or series relies on colour alone: each also has its
own marker shape, dash or wording (`x = 2`, `× MulBackward0`, `grad 12`).
"""

from __future__ import annotations

from typing import Any

# The light theme's shades (on white): each at least 4.5:1.
BLUE, ORANGE, GREEN, PURPLE, VERMILLION, SKY = (
    "#0072B2",  # 5.2:1
    "#9A6400",  # 5.0:1  Okabe-Ito orange #E69F00 is 2.3:1 on white
    "#007A5A",  # 5.3:1
    "#A8437E",  # 5.6:1
    "#B84A00",  # 5.2:1
    "#00689F",  # 6.0:1  a deeper sky: Okabe-Ito's #56B4E9 is 2.3:1 on white
)
# The dark theme's shades (on #0e1117): each at least 4.5:1.
DARK_BLUE, DARK_ORANGE, DARK_GREEN, DARK_PURPLE, DARK_VERMILLION, DARK_SKY = (
    "#56B4E9",  # 8.2:1  Okabe-Ito blue #0072B2 is 3.6:1 on near-black
    "#E69F00",  # 8.4:1
    "#2FBF8F",  # 8.1:1
    "#DA8FB9",  # 7.8:1
    "#F0883E",  # 7.5:1
    "#9AD0F0",  # 11.4:1
)
_ON_DARK = {
    BLUE: DARK_BLUE,
    ORANGE: DARK_ORANGE,
    GREEN: DARK_GREEN,
    PURPLE: DARK_PURPLE,
    VERMILLION: DARK_VERMILLION,
    SKY: DARK_SKY,
}

KIND_STYLE: dict[str, dict[str, Any]] = {
    "leaf": {"name": "leaf tensor (input)", "symbol": "square", "colour": BLUE, "size": 22},
    "op": {"name": "operation (grad_fn)", "symbol": "circle", "colour": ORANGE, "size": 26},
    "result": {"name": "result tensor", "symbol": "hexagon", "colour": GREEN, "size": 24},
    "constant": {"name": "constant (no grad)", "symbol": "diamond", "colour": PURPLE, "size": 20},
}

# The boxes: a light tint of the kind's colour behind black words, the colour itself as border.
BOX_FILL_ALPHA = 0.13
BOX_BORDER_WIDTH = 1.5
# A box of the graph shows a leaf, a constant, or a result together with the op that made it.
BOX_KINDS = ("leaf", "result", "constant")
BOX_NAMES = {
    "leaf": "leaf tensor (input)",
    "result": "result tensor and its grad_fn",
    "constant": "constant (no grad)",
}
FONT_SIZE = 12  # words in boxes (graph.records measures them at this size)
EDGE_FONT_SIZE = 11


def tint(colour: str, alpha: float = BOX_FILL_ALPHA) -> str:
    """`#0072B2` as a translucent rgba(), for a box's background."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


THEMES: dict[str, dict[str, str]] = {
    "light": {
        "background": "#ffffff",
        "text": "#262730",  # 14.8:1
        "edge": "#8a8d93",  # 3.3:1: lines only
        "cut": "#5f626a",  # 6.1:1: also the words on a cut edge ("detach()")
        "outline": "#262730",
        "gradient": VERMILLION,
        "hover": "#f4f4f6",
        "muted": "#5f6370",  # PyTorch's class name after a box's own name
        "frame": "#6b6f7b",  # the frame around one module call
        "grid": "#e4e5e8",  # faint on purpose: grid lines are not content
        "neutral": "#f4f4f6",  # the middle of a diverging scale (zero)
    },
    "dark": {
        "background": "#0e1117",
        "text": "#fafafa",
        "edge": "#8a8f9c",  # 5.8:1
        "cut": "#a3a8b4",  # 7.9:1
        "outline": "#fafafa",
        "gradient": DARK_VERMILLION,
        "hover": "#262730",
        "muted": "#b4b8c2",
        "frame": "#a3a8b4",
        "grid": "#31333f",
        "neutral": "#2b2e38",
    },
}

TRANSPARENT = "rgba(0,0,0,0)"  # the page's own background shows through, in either theme
FAINT_GRID = "rgba(128,128,128,0.18)"  # grid lines that suit both themes (not content)
FAINT_GRID_3D = "rgba(128,128,128,0.3)"

# Each kind of node's fill, as drawn in each theme (graph_figure reads colours[kind]).
for _kind, _style in KIND_STYLE.items():
    THEMES["light"][_kind] = _style["colour"]
    THEMES["dark"][_kind] = _ON_DARK[_style["colour"]]

# Backgrounds behind the figures' marks, from lightest to darkest, per theme: the descent race's
# landscape and the Training page's P(class 1) shading. Their darkest shade is light enough
# (light theme) or dark enough (dark theme) for every racer and every point to keep 3:1 on it.
SURFACE_SCALE = {
    "light": [[0.0, "#ffffff"], [0.5, "#eef1f6"], [1.0, "#d5dce8"]],
    "dark": [[0.0, "#0e1117"], [0.5, "#182030"], [1.0, "#243047"]],
}
PROBABILITY_SCALE = {
    "light": [[0.0, "#cfe3f3"], [0.5, "#ffffff"], [1.0, "#f7d3bf"]],
    "dark": [[0.0, "#1d4f73"], [0.5, "#0e1117"], [1.0, "#7a3a17"]],
}

# The page around the figures (the Streamlit theme and the code blocks), light theme only: the
# app offers no other. PRIMARY must equal .streamlit/config.toml's primaryColor (a test checks):
# it colours the Run button's face (white words on it), slider values and selected choices
# (on a 10% tint of itself), so it needs 4.5:1 against white and against that tint.
PRIMARY = "#b93c0a"  # 5.7:1 on white, 4.9:1 on its tint
PAGE_TEXT = "#1b1c22"  # Streamlit draws captions in this at 60%: #767679, 4.5:1 on white
CAPTION = "#5c5d63"  # captions and other quiet words: 6.5:1 on white, 6.1:1 on the code grey
CODE_BACKGROUND = "#f8f8f7"  # Streamlit's own code-block grey, for the contrast test
# Syntax colours for Streamlit's code blocks (its own are 2.3-3.8:1): same hue families, darker.
CODE_TOKENS = {
    "comment": "#5c5d63",
    "punctuation": "#4b4d57",
    "number": "#0b6e62",
    "boolean": "#137333",
    "string": "#17692f",
    "keyword": "#1a5fb4",
    "function": "#1a5fb4",
    "operator": "#8a4a00",
    "property": "#07617d",
    "builtin": "#7a3a9a",
    "important": "#a4262c",
}
FOCUS = PRIMARY  # the ring around whatever has keyboard focus


def theme_colours(theme: str) -> dict[str, str]:
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {sorted(THEMES)}, got {theme!r}")
    return THEMES[theme]


def shade(colour: str, theme: str) -> str:
    """A palette colour as drawn in `theme`: its lighter partner on the dark background."""
    theme_colours(theme)
    return _ON_DARK.get(colour, colour) if theme == "dark" else colour


def contrast(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two `#rrggbb` colours, from 1 (same) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) != 6:
        raise ValueError(f"expected a #rrggbb colour, got {colour!r}")
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b

"""How each kind of node looks: colour, marker shape and name, in a light and a dark theme.

Colours are from the Okabe–Ito palette, chosen to stay distinguishable with the common forms of
colour blindness; and no kind relies on colour alone: each also has its own marker shape and
its own wording on the node (`x = 2`, `× MulBackward0`, `const 2`).
"""

from __future__ import annotations

from typing import Any

# Okabe & Ito (2008), "Color Universal Design".
BLUE, ORANGE, GREEN, PURPLE, VERMILLION, SKY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
)

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
        "text": "#262730",
        "edge": "#8a8d93",
        "cut": "#8a8d93",
        "outline": "#262730",
        "gradient": VERMILLION,
        "hover": "#f4f4f6",
        "muted": "#5f6370",  # PyTorch's class name after a box's own name
        "frame": "#6b6f7b",  # the frame around one module call
    },
    "dark": {
        "background": "#0e1117",
        "text": "#fafafa",
        "edge": "#a3a8b4",
        "cut": "#a3a8b4",
        "outline": "#fafafa",
        "gradient": "#F0883E",  # a lighter vermillion: the same hue, readable on near-black
        "hover": "#262730",
        "muted": "#b4b8c2",
        "frame": "#a3a8b4",
    },
}


def theme_colours(theme: str) -> dict[str, str]:
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {sorted(THEMES)}, got {theme!r}")
    return THEMES[theme]

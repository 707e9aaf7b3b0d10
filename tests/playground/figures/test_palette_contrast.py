"""Every colour the app draws with meets WCAG 2.1 AA against what it is drawn on: 4.5:1 for
colours that carry words, 3:1 for lines and markers (measured with the WCAG formula)."""

from __future__ import annotations

import re
import tomllib

import pytest

from autograd_core.playground.figures import style
from autograd_core.playground.figures.style import (
    CAPTION,
    CODE_BACKGROUND,
    CODE_TOKENS,
    PRIMARY,
    PROBABILITY_SCALE,
    SURFACE_SCALE,
    THEMES,
    contrast,
    shade,
)
from tests.paths import ROOT

TEXT, MARKS = 4.5, 3.0
PALETTE = [style.BLUE, style.ORANGE, style.GREEN, style.PURPLE, style.VERMILLION, style.SKY]


def test_the_contrast_formula_gives_the_known_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the AA threshold grey
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_series_colour_carries_words_on_its_theme(theme):
    background = THEMES[theme]["background"]
    for colour in PALETTE:
        assert contrast(shade(colour, theme), background) >= TEXT, (theme, colour)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_theme_words_and_lines_meet_aa(theme):
    c = THEMES[theme]
    for name in ("text", "gradient", "cut"):  # drawn as words
        assert contrast(c[name], c["background"]) >= TEXT, (theme, name)
    for name in ("edge", "outline", "leaf", "op", "result", "constant"):  # lines and markers
        assert contrast(c[name], c["background"]) >= MARKS, (theme, name)
    assert contrast(c["text"], c["hover"]) >= TEXT  # the replay buttons' words on their face


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("scale", [SURFACE_SCALE, PROBABILITY_SCALE], ids=["surface", "classes"])
def test_marks_stay_visible_on_every_shade_of_a_shaded_background(theme, scale):
    for _, shade_colour in scale[theme]:
        for colour in PALETTE:
            assert contrast(shade(colour, theme), shade_colour) >= MARKS, (colour, shade_colour)
        assert contrast(THEMES[theme]["text"], shade_colour) >= MARKS


def test_page_colours_meet_aa_and_the_theme_uses_them():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["theme"]["primaryColor"].lower() == PRIMARY.lower()
    tint = (
        "#"
        + "".join(  # selected choices and slider values sit on a 10% tint of the primary
            f"{round(0.1 * int(PRIMARY[i : i + 2], 16) + 0.9 * 255):02x}" for i in (1, 3, 5)
        )
    )
    assert contrast(PRIMARY, "#ffffff") >= TEXT and contrast(PRIMARY, tint) >= TEXT
    assert contrast(CAPTION, "#ffffff") >= TEXT and contrast(CAPTION, CODE_BACKGROUND) >= TEXT
    for name, colour in CODE_TOKENS.items():
        assert contrast(colour, CODE_BACKGROUND) >= TEXT, name


def test_figures_use_only_named_colours():
    """No colour literal outside style.py: the contrast checks above then cover them all."""
    figures = ROOT / "autograd_core" / "playground" / "figures"
    literal = re.compile(r"#[0-9a-fA-F]{6}\b|rgba?\(")
    for path in figures.glob("*.py"):
        if path.name != "style.py":
            assert not literal.search(path.read_text()), path.name

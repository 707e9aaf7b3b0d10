"""Every text and number input on every page, fed hostile and malformed values.

The demo is public: whatever anyone types, a page must answer with a message (or accept the
value), never a traceback, and stay usable: after the bad value, a good one works again. Markup
typed into a field must never come back as live HTML.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))

HOSTILE_TEXT = [
    "",
    "   ",
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "**bold** $x^2$ [link](javascript:alert(1))",
    "__import__('os').system('echo pwned')",
    "().__class__.__bases__[0].__subclasses__()",
    "torch.ones(10**9)",
    "9**9**9",
    "nan",
    "-inf",
    "1e308 * 1e308",
    "\x00\x01\x02",
    "x" * 25_000,
    "(" * 5_000,
    "\n" * 2_000,
    "🙂∂∑ ψ̈ \u202e reversed",
    "def f(x):\n    return x",
    "while True:\n    pass",
]
HOSTILE_NUMBERS = [math.nan, math.inf, -math.inf, 1e308, -1e308, 0.0, -0.0, 5e-324, 1e30]
# Integer inputs: a browser can only send integers within JavaScript's safe range.
HOSTILE_INTEGERS = [0, -1, 2**53 - 1, -(2**53 - 1)]

# Some inputs appear only in a mode: each variant is a way to reach one (default: as loaded).
VARIANTS = {
    "gradient_descent.py": {
        "custom function": lambda at: at.selectbox(key="gd_function").set_value("custom").run(),
    },
    "training.py": {
        "classifier tab": lambda at: _set_state(
            at, "tr_section", "2 · Classifying points with an MLP"
        ),
    },
}
# Inputs inside a form take effect when the form is submitted: input key -> submit button key.
SUBMIT = {"ge_code": "ge_run"}


def _set_state(at: AppTest, key: str, value: object) -> AppTest:
    at.session_state[key] = value
    return at.run()


def variants() -> list:
    out = []
    for page in PAGES:
        out.append(pytest.param(page, None, id=page))
        for name in VARIANTS.get(page, {}):
            out.append(pytest.param(page, name, id=f"{page}:{name}"))
    return out


def text_widgets(at: AppTest) -> list:
    return [*at.text_input, *at.text_area]


def run_page(name: str, variant: str | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / name), default_timeout=60)
    at.run()
    if variant is not None:
        VARIANTS[name][variant](at)
    assert not at.exception, f"{name} fails before any input: {at.exception}"
    return at


def apply(at: AppTest, key: str) -> None:
    if key in SUBMIT:
        at.button(key=SUBMIT[key]).click()
    at.run()


def no_live_markup(at: AppTest) -> None:
    """User text may be shown, but only as text: no markdown element may carry raw <script>."""
    for md in at.markdown:
        if md.proto.allow_html:
            assert "<script>alert" not in md.value and "onerror=" not in md.value


@pytest.mark.parametrize(("page", "variant"), variants())
def test_hostile_text_never_breaks_the_page(page, variant):
    at = run_page(page, variant)
    keys = [w.key for w in text_widgets(at) if w.key]
    if not keys:
        pytest.skip(f"{page} ({variant or 'as loaded'}) has no text inputs")
    for key in keys:
        original = next(w for w in text_widgets(at) if w.key == key).value
        for value in HOSTILE_TEXT:
            widget = next((w for w in text_widgets(at) if w.key == key), None)
            if widget is None:  # the page moved on (e.g. a mode switch); its state is fine
                break
            widget.set_value(value)
            apply(at, key)
            assert not at.exception, f"{page}: {key}={value[:40]!r} raised {at.exception}"
            no_live_markup(at)
        # still usable: the original value works again, with no error left behind
        widget = next((w for w in text_widgets(at) if w.key == key), None)
        if widget is not None:
            widget.set_value(original)
            apply(at, key)
            assert not at.exception, f"{page}: {key} did not recover"


@pytest.mark.parametrize(("page", "variant"), variants())
def test_hostile_numbers_never_break_the_page(page, variant):
    at = run_page(page, variant)
    keys = [w.key for w in at.number_input if w.key]
    if not keys:
        pytest.skip(f"{page} ({variant or 'as loaded'}) has no number inputs")
    for key in keys:
        original = next(w for w in at.number_input if w.key == key).value
        corpus = HOSTILE_INTEGERS if isinstance(original, int) else HOSTILE_NUMBERS
        for value in corpus:
            widget = next((w for w in at.number_input if w.key == key), None)
            if widget is None:
                break
            try:
                widget.set_value(value)
            except Exception:  # the widget itself refuses it, as the browser would
                continue
            at.run()
            assert not at.exception, f"{page}: {key}={value!r} raised {at.exception}"
        widget = next((w for w in at.number_input if w.key == key), None)
        if widget is not None:
            widget.set_value(original).run()
            assert not at.exception, f"{page}: {key} did not recover"

"""The outside audit's checks, beyond "no serious violation" (test_accessibility.py):

- axe-core finds no violation of any impact (minor and moderate too, best practices included)
  in our content on a laptop's 1024×768 screen, with every text version and tab opened;
- every chart is a figure with a name a screen reader says, and nothing else of the picture
  but its slider and buttons (not its tick labels and node names one by one);
- no control is named with markdown ("Run everything under **torch.no_grad()**");
- Tab reaches a chart's replay controls and moves on past them (no keyboard trap), and skips
  Streamlit's identical "Link to heading" anchors;
- at 200% zoom on a 1280-px screen (a 640-px wide page) nothing makes the page scroll
  sideways or sticks out of it;
- in high contrast (forced colours) a toggle still has a visible track and knob.

Streamlit's own sidebar navigation (its `list`/`listitem` markup) stays out, as in
test_accessibility.py.
"""

from __future__ import annotations

import pytest

from .conftest import SHOTS, wait_for_app
from .test_accessibility import PAGES, open_page, violations

# The page's words for a chart without its own (ui/accessibility.py): a chart that shows it
# did not go through ui/charts.chart.
FALLBACK = "A chart: the text version under it has its numbers."

# Elements of the page that reach past its right edge, unless a box that scrolls sideways
# inside the page (a wide formula, code, a table) holds them.
STICKING_OUT = """() => {
    const width = document.documentElement.clientWidth;
    const inside = (e) => {
        for (let p = e.parentElement; p; p = p.parentElement) {
            const o = getComputedStyle(p).overflowX;
            if (['auto', 'scroll', 'hidden', 'clip'].includes(o)
                && p.getBoundingClientRect().right <= width + 1) return true;
        }
        return false;
    };
    return [...document.querySelectorAll('[data-testid="stMain"] *')]
        .filter((e) => e.getBoundingClientRect().right > width + 1 && !inside(e))
        .map((e) => e.tagName + ' ' + (e.innerText || '').slice(0, 60));
}"""


def open_everything(page) -> None:
    """Open every text version (and other expander) and show every tab, one after another."""
    for summary in page.locator('[data-testid="stMain"] [data-testid="stExpander"] summary').all():
        if summary.is_visible() and summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()
            wait_for_app(page)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_no_violation_of_any_impact_on_a_laptop_screen(browser, app_url, path):
    pytest.importorskip("axe_playwright_python", reason="pip install -e '.[test]'")
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    try:
        open_page(page, f"{app_url}/{path}")
        page.wait_for_timeout(500)  # charts drawn
        found = violations(page)
        open_everything(page)
        found += violations(page)
        for tab in page.locator('[data-testid="stMain"] [role="tab"]').all():
            tab.click()
            wait_for_app(page)
            open_everything(page)
            found += violations(page)
        assert sorted(set(found)) == []
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_every_chart_is_a_named_figure(page, app_url, path):
    open_page(page, f"{app_url}/{path}")
    # Every page shows a chart as it opens (the Training page its line fit).
    # (A page may redraw a chart as a new element just after it opens; the page's script names
    # each new one as it appears, so wait for every chart on the page to have its name.)
    page.wait_for_function(
        """() => { const charts = [...document.querySelectorAll('.js-plotly-plot')];
                   return charts.length && charts.every(
                       (gd) => gd.role === 'figure' && gd.getAttribute('aria-label')); }"""
    )
    wait_for_app(page)
    charts = page.locator(".js-plotly-plot").all()
    for chart in charts:
        name = chart.get_attribute("aria-label") or ""
        assert name and name != FALLBACK
        # What a screen reader meets inside: the chart's controls (its slider and buttons,
        # plotly's toolbar and the icons of its buttons), nothing of the picture.
        heard = [line.strip() for line in chart.aria_snapshot().splitlines()[1:]]
        assert all(
            line.startswith(("- slider", "- button", "- toolbar")) or line == "- img"
            for line in heard
        ), heard
        # ... and nothing the keyboard can reach is hidden from it.
        assert (
            chart.evaluate(
                """(gd) => [...gd.querySelectorAll('[aria-hidden=true] :is(a, button, [tabindex])')]
                .filter((e) => e.tabIndex >= 0).length"""
            )
            == 0
        )
    # No control is named with markdown signs a screen reader would spell out.
    marked = page.evaluate(
        """() => [...document.querySelectorAll(':is(input, textarea, button)[aria-label]')]
            .map((e) => e.getAttribute('aria-label')).filter((n) => /\\*\\*|`/.test(n))"""
    )
    assert marked == []


def test_a_graph_is_named_by_what_it_holds(page, app_url):
    open_page(page, f"{app_url}/graph_explorer?example=product-rule")
    figure = page.get_by_role("figure", name="A computation graph of 10 nodes")
    name = figure.get_attribute("aria-label")
    assert "the leaves x and y" in name and "the output z" in name
    assert "Replay" in name  # it says how to walk through the backward pass


def test_tab_reaches_the_replay_controls_and_moves_on(page, app_url):
    open_page(page, f"{app_url}/graph_explorer?example=product-rule")
    page.wait_for_selector(".js-plotly-plot [data-a11y=slider]")
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                """() => { const e = document.activeElement;
                    return (e.getAttribute('role') || e.tagName.toLowerCase()) + ' '
                        + (e.getAttribute('aria-label') || e.innerText || '').trim(); }"""
            )
        )
        if reached[-1].startswith("summary") and "Text version of the graph" in reached[-1]:
            break
    # Streamlit's "Link to heading" anchors are for the mouse: not a dozen identical Tab stops.
    assert not any("Link to heading" in r for r in reached)
    slider = reached.index("slider step (arrow keys move it)")
    replay = reached.index("button Replay")
    assert slider < replay  # in reading order
    # ... and the keyboard leaves the chart for what follows it: its text version.
    assert reached[-1].startswith("summary") and "Text version of the graph" in reached[-1]
    # The focus ring is drawn (plotly's own outline is none; ours is on the slider's rail).
    page.keyboard.press("Shift+Tab")
    while page.evaluate("() => document.activeElement.dataset.a11y") != "slider":
        page.keyboard.press("Shift+Tab")
    stroke = page.evaluate(
        """() => getComputedStyle(document.activeElement.querySelector('.slider-rail-rect'))
                 .strokeWidth"""
    )
    assert stroke == "3px"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_nothing_sticks_out_at_200_percent_zoom(browser, app_url, path):
    # 200% zoom on a 1280-px wide screen lays the page out 640 CSS pixels wide.
    context = browser.new_context(viewport={"width": 640, "height": 720})
    page = context.new_page()
    try:
        open_page(page, f"{app_url}/{path}")
        open_everything(page)
        page.screenshot(path=str(SHOTS / f"zoom200_{path or 'home'}.png"))
        width, window = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert width <= window
        assert page.evaluate(STICKING_OUT) == []
    finally:
        context.close()


def test_toggles_are_drawn_in_high_contrast(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, forced_colors="active")
    page = context.new_page()
    try:
        open_page(page, f"{app_url}/graph_explorer")
        track = page.locator('[data-testid="stMain"] label:has(input[role=switch]) > div').first
        style = track.evaluate(
            "(e) => [getComputedStyle(e).borderTopStyle, getComputedStyle(e).borderTopWidth]"
        )
        assert style[0] == "solid" and style[1] != "0px"
        knob = track.locator("div").first
        assert knob.evaluate("(e) => getComputedStyle(e).forcedColorAdjust") == "none"
    finally:
        context.close()

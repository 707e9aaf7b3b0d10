"""Every page on a laptop's small screen (1024×768, the sidebar open): no words cut short by an
ellipsis (a button "optimizer..." could be either optimizer button) and nothing wider than the
window. The style sheet that makes it so is ui/accessibility.py's."""

from __future__ import annotations

import pytest

from .conftest import SHOTS
from .test_graph_explorer_browser import PAGES, open_page

# Elements whose words the browser has cut with an ellipsis, and what they say.
CUT = """() => [...document.querySelectorAll('[data-testid="stMain"] *')]
    .filter((e) => getComputedStyle(e).textOverflow === 'ellipsis'
        && e.scrollWidth > e.clientWidth + 1)
    .map((e) => e.innerText.slice(0, 80))"""


@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: p or "home")
def test_nothing_is_cut_short_on_a_small_screen(browser, app_url, path):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    try:
        open_page(page, f"{app_url}/{path}")
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=60_000
        )
        page.screenshot(path=str(SHOTS / f"small_{path or 'home'}.png"))
        assert page.evaluate(CUT) == []
        width, window = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert width <= window
    finally:
        context.close()

"""Accessibility in a real Chromium: axe-core (bundled by axe-playwright-python, no download)
finds no serious or critical violation in the app's own content on any page, with every text
version opened too; the charts' replay controls work from the keyboard; with "reduce motion"
the charts offer the step slider and no Play button.

Streamlit's own sidebar navigation is a <ul> whose items are wrapped in extra <div>s, which axe
reports as `list`/`listitem`; those two rules, and only inside that navigation, are Streamlit's
(upstream) and left out.
"""

from __future__ import annotations

import pytest

from .conftest import wait_for_app

PAGES = ["", "graph_explorer", "gradient_lab", "tensors_vjp", "higher_order",
         "gradient_descent", "training"]  # fmt: skip
UPSTREAM = {"list", "listitem"}
SLIDER = ".js-plotly-plot [data-a11y=slider]"
REPLAY_STATE = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    return {active: gd._fullLayout.sliders[0].active,
            caption: (gd.layout.annotations || [{}])[0].text || ''};
}"""


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    if page.get_by_text("Page not found").count():  # a fresh server's first request
        page.goto(url)
        wait_for_app(page)


def violations(page, impacts: tuple[str, ...] = ()) -> list[str]:
    """axe's violations in our content (of these impacts; of every impact if none are given),
    one line per element."""
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for violation in Axe().run(page).response["violations"]:
        if impacts and violation["impact"] not in impacts:
            continue
        for node in violation["nodes"]:
            if violation["id"] in UPSTREAM and page.evaluate(
                """(sel) => !!document.querySelector(sel)
                    ?.closest('[data-testid="stSidebarNav"]')""",
                node["target"][-1],
            ):
                continue
            found.append(f"{violation['impact']} {violation['id']}: {node['html'][:120]}")
    return found


def serious(page) -> list[str]:
    """axe's serious and critical violations in our content, one line per element."""
    return violations(page, ("serious", "critical"))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_no_serious_violation_on_any_page(page, app_url, path):
    pytest.importorskip("axe_playwright_python", reason="pip install -e '.[test]'")
    open_page(page, f"{app_url}/{path}")
    page.wait_for_timeout(500)  # charts drawn
    assert serious(page) == []
    # ... and with every text version (and every other expander) open.
    # (A text version is built as it opens: the page reruns; wait for each to finish.)
    for summary in page.locator('[data-testid="stMain"] [data-testid="stExpander"] summary').all():
        summary.click()
        wait_for_app(page)
    page.wait_for_timeout(500)
    assert serious(page) == []


def test_axe_still_finds_what_it_should(page, app_url):
    """The audit is not blind: grey-on-white words below 4.5:1 are reported."""
    pytest.importorskip("axe_playwright_python", reason="pip install -e '.[test]'")
    open_page(page, app_url)
    page.evaluate(
        """() => { const p = document.createElement('p'); p.textContent = 'faint words';
                   p.style.color = '#aaaaaa';
                   document.querySelector('[data-testid="stMain"]').prepend(p); }"""
    )
    assert any(" color-contrast: " in line for line in serious(page))


def test_replay_from_the_keyboard(page, app_url):
    open_page(page, f"{app_url}/graph_explorer?example=product-rule")
    page.wait_for_selector(SLIDER)
    assert page.evaluate(REPLAY_STATE)["active"] == 6  # opens on the finished picture
    slider = page.locator(SLIDER)
    assert slider.get_attribute("role") == "slider" and slider.get_attribute("tabindex") == "0"
    slider.focus()
    page.keyboard.press("Home")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')"
                           "._fullLayout.sliders[0].active === 0")  # fmt: skip
    assert "Forward pass done" in page.evaluate(REPLAY_STATE)["caption"]
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')"
                           "._fullLayout.sliders[0].active === 1")  # fmt: skip
    assert "AddBackward0" in page.evaluate(REPLAY_STATE)["caption"]
    assert "step 1" in slider.get_attribute("aria-valuetext")
    # ▶ Replay is a button the keyboard can press: the replay starts over and moves on. (A
    # screen reader hears its words, "Replay", not the symbol.)
    replay = page.get_by_role("button", name="Replay", exact=True)
    assert replay.get_attribute("tabindex") == "0"
    page.keyboard.press("End")
    replay.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')"
                           "._fullLayout.sliders[0].active < 6")  # fmt: skip
    page.get_by_role("button", name="Pause").press("Enter")
    paused = page.evaluate(REPLAY_STATE)
    page.wait_for_timeout(1500)
    assert page.evaluate(REPLAY_STATE) == paused


def test_a_node_can_be_inspected_from_the_keyboard(page, app_url):
    open_page(page, f"{app_url}/graph_explorer?example=product-rule")
    node = page.get_by_role("combobox", name="Node")
    node.focus()
    page.keyboard.type("x**2 ")
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stMain"] h3')]
                 .some(h => h.innerText.includes('x**2'))"""
    )


def test_reduced_motion_shows_the_final_state_and_the_step_slider(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, reduced_motion="reduce")
    page = context.new_page()
    try:
        for path, last in (("graph_explorer?example=product-rule", 6), ("gradient_descent", 20)):
            open_page(page, f"{app_url}/{path}")
            page.wait_for_selector(SLIDER)
            assert page.evaluate(REPLAY_STATE)["active"] == last
            assert page.locator(".js-plotly-plot .updatemenu-button").first.is_hidden()
            page.locator(SLIDER).first.focus()
            page.keyboard.press("Home")
            page.wait_for_function("() => document.querySelector('.js-plotly-plot')"
                                   "._fullLayout.sliders[0].active === 0")  # fmt: skip
    finally:
        context.close()

"""The home page loads in a real Chromium and shows the app's title."""

from __future__ import annotations

from .conftest import wait_for_app


def test_home_page_renders(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    assert "Autograd Playground" in page.inner_text("body")
    assert page.locator('[data-testid="stException"]').count() == 0


def test_home_shows_the_graph_picture_and_eight_tour_steps(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg')
    body = page.inner_text('[data-testid="stMain"]')
    assert "A guided tour" in body
    for number in range(1, 9):
        assert page.locator(f".st-key-home_step_{number}").count() == 1


def test_a_tour_step_opens_the_graph_explorer_with_its_code(page, app_url):
    from autograd_core.playground.catalogue.examples import by_key

    page.goto(app_url)
    wait_for_app(page)
    page.locator(".st-key-home_step_2").get_by_text("Open in Graph Explorer").click()
    page.wait_for_selector('[data-testid="stTextArea"] textarea')
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg')
    code = page.locator('[data-testid="stTextArea"] textarea').input_value()
    assert code == by_key("chain-rule-sin").code
    assert "graph_explorer" in page.url

"""The home page loads in a real Chromium and shows the app's title."""

from __future__ import annotations

from .conftest import wait_for_app


def test_home_page_renders(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    assert "Autograd Playground" in page.inner_text("body")
    assert page.locator('[data-testid="stException"]').count() == 0

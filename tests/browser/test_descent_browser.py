"""The Gradient Descent page in a real Chromium: the seeds' numbers on screen, ▶ Play moves the
marker frame by frame in the browser (no script rerun), and a hostile expression is shown as
text, never run as markup."""

from __future__ import annotations

from .conftest import snapshot_when, wait_for_app

# The animated chart's first path (the first racer): how many points are drawn, and the last one
# (read from plotly's decoded data: gd.data still holds the typed-array spec it was sent).
FIRST_PATH = """() => {
    const gd = [...document.querySelectorAll('.js-plotly-plot')]
        .find(p => p.layout && p.layout.updatemenus && p.layout.updatemenus.length);
    if (!gd) return null;
    const path = gd._fullData.find(t => t.legendgroup === 'run0' && t.xaxis === 'x');
    return {points: path.x.length, x: path.x[path.x.length - 1],
            slider: gd._fullLayout.sliders[0].active};
}"""


def open_page(page, app_url):
    page.goto(f"{app_url}/gradient_descent")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .scatterlayer .trace")
    assert page.locator('[data-testid="stException"]').count() == 0


def test_the_seeds_exercise_is_on_screen(page, app_url):
    open_page(page, app_url)
    row = page.locator('[data-testid="stTable"] tr', has_text="SGD (lr=0.1)")
    assert "2.9654" in row.inner_text() and "20 updates" in row.inner_text()
    shown = page.evaluate(FIRST_PATH)
    assert shown["points"] == 21 and shown["slider"] == 20


def test_play_moves_the_marker_in_the_browser(page, app_url):
    open_page(page, app_url)
    final = page.evaluate(FIRST_PATH)
    assert final["points"] == 21 and abs(final["x"] - 2.9654) < 1e-3
    page.locator(".updatemenu-button", has_text="Play").click()
    # Wait for the replay to be under way, however busy the machine, then sample it twice.
    early = snapshot_when(page, FIRST_PATH, "s.points < 21")
    later = snapshot_when(page, FIRST_PATH, f"s.points > {early['points']}")
    # Play starts from the first frame and walks forward: fewer points, then more, and the
    # current point (the marker) moves towards 3.
    assert early["points"] < later["points"] <= final["points"]
    assert 0 <= early["x"] < later["x"] <= final["x"]
    assert early["slider"] < later["slider"]
    page.locator(".updatemenu-button", has_text="Pause").click()
    paused = page.evaluate(FIRST_PATH)
    page.wait_for_timeout(800)
    assert page.evaluate(FIRST_PATH) == paused


def test_a_hostile_expression_is_text_not_markup(page, app_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_page(page, app_url)
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Your own expression…").click()
    wait_for_app(page)
    box = page.get_by_role("textbox", name="f in terms of x (and y)")
    box.fill("<img src=x onerror=alert(1)>")
    box.press("Enter")
    wait_for_app(page)
    page.wait_for_timeout(500)
    assert "That input cannot run" in page.inner_text("body")
    assert page.locator("img[src='x']").count() == 0
    assert dialogs == []
    assert page.locator('[data-testid="stException"]').count() == 0

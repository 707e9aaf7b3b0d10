"""The Gradient Descent page in a real Chromium: the seeds' numbers on screen, ▶ Play moves the
marker frame by frame in the browser (no script rerun), and a hostile expression is shown as
text, never run as markup."""

from __future__ import annotations

import pytest

from .conftest import SHOTS, snapshot_when, wait_for_app

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
    # the results table (the race's text version, further down, has a row per update)
    row = page.locator('[data-testid="stTable"]').first.locator("tr", has_text="SGD (lr=0.1)")
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


SIZES = [(1400, 900), (1024, 768)]
# Every word plotly drew in the race chart (axis titles, tick labels, the slider's and buttons'
# labels, the caption, the legend) as the browser laid it out; every marker's box and the plot
# areas; and every table on the page, with how wide its content is against its box.
READ_THE_CHART = """() => {
    const gd = [...document.querySelectorAll('.js-plotly-plot')]
        .find(p => p.layout && p.layout.updatemenus && p.layout.updatemenus.length);
    const box = e => {
        const r = e.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom];
    };
    const words = [...gd.querySelectorAll('text')]
        .filter(t => t.textContent.trim() && getComputedStyle(t).display !== 'none'
                     && t.getAttribute('visibility') !== 'hidden' && t.style.opacity !== '0')
        .map(t => [...box(t), t.textContent]);
    const L = gd._fullLayout, g = gd.getBoundingClientRect();
    const areas = ['xaxis', 'xaxis2'].map(k => [g.left + L[k]._offset, g.top + L.yaxis._offset,
        g.left + L[k]._offset + L[k]._length, g.top + L.yaxis._offset + L.yaxis._length]);
    // the big "where it is now" markers, and whether plotly clips their trace to its panel
    const markers = [...gd.querySelectorAll('.scatterlayer .trace')].flatMap(tr =>
        [...tr.querySelectorAll('.points path.point')].map(p => [...box(p),
            tr.__data__[0].trace.cliponaxis])).filter(r => r[2] - r[0] > 6);
    const grids = '[data-testid="stTable"], [data-testid="stDataFrame"]';
    const tables = [...document.querySelectorAll(grids)]
        .map(t => { const s = t.querySelector('table, .dvn-scroller') || t;
                    return [s.scrollWidth, s.clientWidth]; });
    return {words, areas, markers, tables, chart: box(gd)};
}"""


def _overlapping(words: list) -> list[tuple[str, str]]:
    return [
        (a[4], b[4])
        for i, a in enumerate(words)
        for b in words[i + 1 :]
        if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1
    ]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_race_chart_is_readable_at_laptop_sizes(browser, app_url, size):
    """The issue's page had the "update" axis title under the slider's label, the last markers
    cut at the right edge and the tables cut off: read the real boxes back, at both sizes."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_page(page, app_url)
        chart = page.locator(".st-key-gd_chart").first
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        chart.screenshot(path=str(SHOTS / f"descent_chart_{size[0]}x{size[1]}.png"))
        found = page.evaluate(READ_THE_CHART)
        texts = [w[4] for w in found["words"]]
        assert "update" in texts and "▶ Play" in texts
        assert _overlapping(found["words"]) == []
        left, top, right, bottom = found["chart"]
        assert found["markers"]
        for m in found["markers"]:  # drawn whole, inside the chart
            assert left <= m[0] and m[2] <= right and top <= m[1] and m[3] <= bottom, m
        # ... and inside a panel: a marker on the loss panel's last update is not cut in half
        inside = [
            m[4] is False or any(a[0] - 1 <= m[0] and m[2] <= a[2] + 1 for a in found["areas"])
            for m in found["markers"]
        ]
        assert all(inside), found["markers"]
        assert found["tables"] and all(sw <= cw + 1 for sw, cw in found["tables"])
    finally:
        context.close()

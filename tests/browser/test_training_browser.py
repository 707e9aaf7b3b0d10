"""The Training page in a real Chromium: the seeds' regression output on screen, a short
training run from the classification tab, and the decision boundary replayed by ▶ Play."""

from __future__ import annotations

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import snapshot_when, wait_for_app

# The boundary chart's heatmap: which epoch the slider shows, and a checksum of the picture.
BOUNDARY = """() => {
    const gd = [...document.querySelectorAll('.js-plotly-plot')]
        .find(p => p._fullData && p._fullData.some(t => t.type === 'heatmap'));
    if (!gd) return null;
    const z = gd._fullData.find(t => t.type === 'heatmap').z;
    let sum = 0;
    for (const row of z) for (const v of row) sum += v;
    return {epoch: gd._fullLayout.sliders[0].active, sum: sum};
}"""


def metric(page, label: str) -> str:
    card = page.locator('[data-testid="stMetric"]', has_text=label)
    return card.locator('[data-testid="stMetricValue"]').inner_text()


def test_seeds_regression_output_is_on_screen(page, app_url):
    page.goto(f"{app_url}/training")
    wait_for_app(page)
    # Code blocks render once their highlighter has loaded: wait for both loops' output.
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stCode"]')]
            .filter(e => e.innerText.includes('Epoch 9: w = 2.0, loss = 0.0')).length === 2"""
    )
    printed = page.locator('[data-testid="stCode"]', has_text="Epoch 9: w = 2.0, loss = 0.0")
    assert "Epoch 0: w = 0.0, loss = 18.66666603088379" in printed.first.inner_text()
    assert "Both loops print the same numbers" in page.inner_text("body")
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_short_training_run_and_its_animated_boundary(page, app_url):
    page.goto(f"{app_url}/training")
    wait_for_app(page)
    page.get_by_role("tab", name="2 · Classifying points with an MLP").click()
    page.locator('[data-testid="stMetric"]', has_text="final accuracy").wait_for()
    wait_for_app(page)
    first = metric(page, "final accuracy")
    assert first.endswith("%")

    page.locator('[data-testid="stSelectbox"]', has_text="Dataset").click()
    page.get_by_role("option", name="xor: opposite corners belong together").click()
    wait_for_app(page)
    page.get_by_role("button", name="Train").click()
    wait_for_app(page)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stProgress\"]')", timeout=60_000
    )
    assert float(metric(page, "final accuracy").rstrip("%")) > 80
    assert metric(page, "optimizer steps") == "200"
    assert page.locator('[data-testid="stException"]').count() == 0

    page.wait_for_function(f"() => ({BOUNDARY})() !== null")
    trained = page.evaluate(BOUNDARY)
    # Play restarts from the untrained network. On a busy machine the chart drawn before the
    # run can still be swapped for the new one just after the click, which lands it back on
    # its last frame: press Play again then, a learner would too.
    replaying = None
    for _attempt in range(3):
        page.locator(".updatemenu-button", has_text="Play").first.click()
        try:
            replaying = snapshot_when(
                page, BOUNDARY, f"s.epoch < {trained['epoch']}", timeout=15_000
            )
            break
        except PlaywrightTimeout:
            trained = page.evaluate(BOUNDARY)
    assert replaying is not None, "▶ Play never showed an earlier epoch"
    assert replaying["sum"] != trained["sum"]  # an earlier, less trained boundary

"""Gradient Lab, Tensors & VJP and Higher-order pages in a real Chromium: each page's main chart
is drawn, and a button (or control) does what it says."""

from __future__ import annotations

from .conftest import wait_for_app


def open_page(page, app_url: str, path: str) -> None:
    """Open the page the way a visitor does, from the home page's navigation."""
    page.goto(app_url)
    wait_for_app(page)
    page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').click()
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0


def chart_text(page, index: int = 0) -> str:
    """Every text drawn in the index-th plotly chart (tick labels, annotations, cell labels)."""
    chart = page.locator('[data-testid="stPlotlyChart"]').nth(index)
    chart.locator(".main-svg").first.wait_for()
    return " ".join(chart.locator("text").all_text_contents())


def press(page, key: str) -> None:
    page.locator(f".st-key-{key} button").first.click()
    wait_for_app(page)


def test_gradient_lab_timeline_and_second_backward(page, app_url):
    open_page(page, app_url, "gradient_lab")
    assert "value of .grad" in chart_text(page)
    press(page, "lab_backward")
    page.get_by_text("Stored, since .grad was None").wait_for()
    press(page, "lab_backward")
    page.get_by_text("Trying to backward through the graph a second time").first.wait_for()
    assert "✗ RuntimeError" in chart_text(page)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_tensors_vjp_jacobian_and_one_hot_v(page, app_url):
    open_page(page, app_url, "tensors_vjp")
    assert "J = ∂y/∂x" in chart_text(page)
    page.get_by_text("grad can be implicitly created only for scalar outputs").wait_for()
    page.locator(".st-key-vjp_v_mode button").filter(has_text="one-hot").click()
    wait_for_app(page)
    page.get_by_text("Position of the 1").wait_for()
    page.get_by_text("x.grad  →  tensor([18.,  0.,  0.])").wait_for()  # row 0 of J


def test_higher_order_curves_and_typed_function(page, app_url):
    open_page(page, app_url, "higher_order")
    assert "f(x) = x**3" in chart_text(page)
    box = page.locator(".st-key-ho_expr input")
    box.fill("sin(x)")
    box.press("Enter")
    wait_for_app(page)
    page.get_by_text("f(x) = sin(x)").first.wait_for()
    metrics = page.locator('[data-testid="stMetric"]').all_inner_texts()
    shown = dict(m.split(None, 1) for m in metrics)
    assert (shown["f(x₀)"], shown["f′(x₀)"]) == ("0.9093", "-0.4161")  # sin(2), cos(2)
    box.fill("<script>alert(1)</script>")
    box.press("Enter")
    wait_for_app(page)
    page.get_by_text("This cannot be plotted").wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0

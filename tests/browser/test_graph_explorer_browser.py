"""The Graph Explorer (and every other page) in a real Chromium, against `streamlit run app.py`:
the graph renders, backward replays in the browser, a click selects a node, a shared link
reproduces the page. Skips, saying why, without Chromium (see conftest.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from autograd_core.playground.catalogue.examples import by_key
from autograd_core.playground.graph_explorer.state import encode_state, example_state

from .conftest import SHOTS, wait_for_app
from .test_accessibility import serious

PAGES = {
    "": "Autograd Playground",
    "graph_explorer": "Graph Explorer",
    "gradient_lab": "Gradient Lab",
    "tensors_vjp": "",
    "higher_order": "",
    "gradient_descent": "",
    "training": "",
}
CHART = '[data-testid="stPlotlyChart"] .main-svg'


def open_page(page, url: str) -> None:
    """Go to `url` and wait for the script to finish. The first request to a fresh server can
    arrive before st.navigation has registered the pages (Streamlit then shows "Page not
    found" and the default page): load once more if so."""
    page.goto(url)
    wait_for_app(page)
    if page.get_by_text("Page not found").count():
        page.goto(url)
        wait_for_app(page)


def explorer(page, app_url: str, params: dict[str, str]) -> None:
    open_page(page, f"{app_url}/graph_explorer?{urlencode(params)}")
    page.wait_for_selector(CHART)
    wait_for_app(page)


def trace_texts(page, name: str) -> list[str]:
    """The words a trace of the figure draws, read from plotly's own data in the browser."""
    return page.evaluate(
        """(name) => {
            const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
            const t = gd.data.find(t => t.name === name);
            return t ? Array.from(t.text || []) : [];
        }""",
        name,
    )


def caption(page) -> str:
    """The animation's caption (the sentence about the current step)."""
    return page.evaluate(
        """() => {
            const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
            return (gd.layout.annotations || [{}])[0].text || '';
        }"""
    )


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_renders_without_an_exception(page, app_url, path):
    open_page(page, f"{app_url}/{path}")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert PAGES[path] in page.inner_text('[data-testid="stMain"]')


def test_the_graph_renders_with_values_gradients_and_pytorch_names(page, app_url):
    explorer(page, app_url, {"example": "product-rule"})
    names = " ".join(trace_texts(page, "names"))
    assert "<b>x</b>" in names and "<b>y</b>" in names and "AccumulateGrad" in names
    assert sorted(trace_texts(page, "values")) == ["= 12", "= 2", "= 27", "= 3", "= 39", "= 4"]
    assert "<b>grad 12</b>" in trace_texts(page, "gradients")
    assert "<b>grad 31</b>" in trace_texts(page, "gradients")
    assert "MulBackward0" in names and "PowBackward0" in names
    assert page.locator(".js-plotly-plot .point").count() >= 10


def test_backward_replays_in_the_browser_without_rerunning_the_script(page, app_url, tmp_path):
    sent = []  # every message the browser sends to the server (a rerun request is one)
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    explorer(page, app_url, {"example": "product-rule"})
    assert caption(page).startswith("Step 6 of 6")
    page.wait_for_timeout(500)
    before = len(sent)
    page.locator(".updatemenu-item-text", has_text="Replay").click()
    page.wait_for_function(
        """() => {
            const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
            const text = (gd.layout.annotations || [{}])[0].text || '';
            return /^(Forward pass|Step [1-3] of 6)/.test(text);
        }""",
        timeout=10_000,
    )
    page.screenshot(path=str(tmp_path / "mid_animation.png"))  # kept by pytest, for a look
    page.wait_for_function(
        """() => {
            const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
            return ((gd.layout.annotations || [{}])[0].text || '').startsWith('Step 6 of 6');
        }""",
        timeout=20_000,
    )
    assert len(sent) == before  # frames played in the browser: nothing went to the server


def test_clicking_a_node_opens_it_in_the_inspector(page, app_url):
    explorer(page, app_url, {"example": "product-rule"})
    page.locator('[data-testid="stPlotlyChart"]').scroll_into_view_if_needed()
    box = page.evaluate(
        """() => {
            // the right end of box leaf1 (y), from its data coordinates: a box is clickable
            // all along, not only at its icon
            const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
            const t = gd._fullData.find(t => t.name === 'boxes');
            const k = t.customdata.lastIndexOf('leaf1');
            const L = gd._fullLayout, r = gd.getBoundingClientRect();
            return [r.x + L._size.l + L.xaxis.l2p(t.x[k]), r.y + L._size.t + L.yaxis.l2p(t.y[k])];
        }"""
    )
    page.mouse.click(*box)
    page.wait_for_function("() => location.search.includes('node=leaf1')", timeout=20_000)
    wait_for_app(page)
    body = page.inner_text('[data-testid="stMain"]')
    assert "y.grad                 = tensor(31.)" in body


def test_a_shared_link_reproduces_code_switches_and_node(page, app_url):
    state = example_state("product-rule").with_toggles(detach=[by_key_span()])
    params = encode_state(state) | {"node": "leaf1"}
    explorer(page, app_url, params)
    code = page.locator('[data-testid="stTextArea"] textarea').input_value()
    assert code == by_key("product-rule").code
    gradients = trace_texts(page, "gradients")
    assert "<b>grad 31</b>" in gradients and "<b>grad 12</b>" not in gradients
    assert any("detach()" in t for t in trace_texts(page, "names"))
    assert "y.grad" in page.inner_text('[data-testid="stMain"]')


def test_editing_the_code_updates_the_graph_and_the_address(page, app_url):
    explorer(page, app_url, {"example": "product-rule"})
    box = page.locator('[data-testid="stTextArea"] textarea')
    code = "import torch\na = torch.tensor(3.0, requires_grad=True)\nb = a * a\nb.backward()\n"
    box.fill(code)
    page.get_by_role("button", name="Run").click()
    page.wait_for_function(
        """() => {
            const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
            return gd && gd.data.some(t => (t.text || []).includes('<b>grad 6</b>'));
        }""",
        timeout=20_000,
    )
    wait_for_app(page)
    shared = parse_qs(urlparse(page.url).query)
    assert shared["code"] == [code] and "example" not in shared


def test_a_hostile_snippet_keeps_the_last_graph(page, app_url):
    explorer(page, app_url, {"example": "product-rule"})
    box = page.locator('[data-testid="stTextArea"] textarea')
    box.fill("import os\nos.system('echo hi')\n")
    page.get_by_role("button", name="Run").click()
    page.wait_for_selector("text=Not available in the playground", timeout=20_000)
    wait_for_app(page)
    assert "= 39" in trace_texts(page, "values")
    assert page.locator('[data-testid="stException"]').count() == 0


def by_key_span():
    from autograd_core.playground.sandbox import Span

    return Span(5, 4, 5, 8)  # x**2 in z = x**2 * y + y**3


SIZES = [(1400, 900), (1024, 768)]
WORDS_IN_THE_GRAPH = """() => {
    // every word plotly drew in the graph, as the browser laid it out (its real text boxes),
    // and every box and edge as the lines and polygons on screen
    const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    const L = gd._fullLayout, g = gd.getBoundingClientRect();
    const plot = {left: g.left + L._size.l, top: g.top + L._size.t,
                  right: g.left + L._size.l + L._size.w, bottom: g.top + L._size.t + L._size.h};
    const words = Array.from(gd.querySelectorAll('.scatterlayer .textpoint text')).map(t => {
        const r = t.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom, t.textContent];
    }).filter(w => w[2] > plot.left && w[0] < plot.right && w[3] > plot.top && w[1] < plot.bottom);
    return {plot: [plot.left, plot.top, plot.right, plot.bottom], words};
}"""


def clashing(words: list) -> list[tuple[str, str]]:
    """Pairs of words whose boxes (left, top, right, bottom, text) overlap on screen."""
    return [
        (a[4], b[4])
        for i, a in enumerate(words)
        for b in words[i + 1 :]
        if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1
    ]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    "example", ["product-rule", "multiple-outputs", "linear-regression-loop", "second-derivative"]
)
def test_no_two_words_of_the_graph_overlap_in_the_browser(browser, app_url, example, size):
    """The issue's picture had "None → 31" printed over "^3 PowBackward0": read the words'
    real boxes off the rendered SVG and find no two that overlap, at both window sizes."""
    with chart_at(browser, app_url, example, size) as (page, chart):
        page.wait_for_timeout(300)
        chart.screenshot(path=str(SHOTS / f"graph_{example}_{size[0]}x{size[1]}.png"))
        found = page.evaluate(WORDS_IN_THE_GRAPH)
        words = [w for w in found["words"] if w[4].strip()]
        assert len(words) >= 3
        assert clashing(words) == []
        # nothing written past the chart's right edge (it opens on the output end)
        right = max(w[2] for w in words)
        assert right <= found["plot"][2] + 1


@contextmanager
def chart_at(browser, app_url: str, example: str, size: tuple[int, int]) -> Iterator[tuple]:
    """(page, chart) of the Graph Explorer on `example` in a window of `size`, scrolled to."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        explorer(page, app_url, {"example": example})
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        chart.scroll_into_view_if_needed()
        yield page, chart
    finally:
        context.close()


FRAMES_AND_WORDS = """() => {
    // the module frames as screen rectangles, and every word drawn, as the browser laid it out
    const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    const L = gd._fullLayout, g = gd.getBoundingClientRect();
    const sx = x => g.left + L._size.l + L.xaxis.l2p(x);
    const sy = y => g.top + L._size.t + L.yaxis.l2p(y);
    const t = gd.data.find(t => t.name === 'module calls');
    const frames = [];
    if (t) {
        const X = Array.from(t.x), Y = Array.from(t.y);
        for (let i = 0; i + 4 < X.length; i += 6) {
            const xs = [X[i], X[i + 1]].map(sx), ys = [Y[i], Y[i + 2]].map(sy);
            frames.push([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
        }
    }
    const words = Array.from(gd.querySelectorAll('.scatterlayer .textpoint text')).map(w => {
        const r = w.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom, w.textContent];
    }).filter(w => w[4].trim() && w[2] > g.left && w[0] < g.right);
    return {frames, words};
}"""

PAN_TO_START = """() => {
    // drag the view to the graph's left end, at the same zoom (what a learner does to see it)
    const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    const r = gd.layout.xaxis.range;
    const xs = gd.data.flatMap(t => Array.from(t.x || []).filter(v => v !== null));
    const start = Math.min(...xs) - 10;
    return Plotly.relayout(gd, {'xaxis.range': [start, start + (r[1] - r[0])]});
}"""


def straddles(word, frame) -> bool:
    """Does a frame's border run through this word (part inside the frame, part outside)?"""
    overlaps = word[0] < frame[2] - 1 and frame[0] < word[2] - 1
    overlaps = overlaps and word[1] < frame[3] - 1 and frame[1] < word[3] - 1
    inside = frame[0] <= word[0] + 1 and word[2] <= frame[2] + 1
    inside = inside and frame[1] <= word[1] + 1 and word[3] <= frame[3] + 1
    return overlaps and not inside


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("example", ["module-subclass"])
def test_module_frames_cross_no_word_at_either_end_of_the_graph(browser, app_url, example, size):
    """A model's frames (`model.fc1 · Linear`) in Chromium: no frame border runs through a word
    and no two words overlap, on the view the graph opens on and panned to its start."""
    with chart_at(browser, app_url, example, size) as (page, chart):
        for view in ("opening", "start"):
            if view == "start":
                page.evaluate(PAN_TO_START)
            page.wait_for_timeout(300)
            chart.screenshot(path=str(SHOTS / f"frames_{example}_{view}_{size[0]}x{size[1]}.png"))
            found = page.evaluate(FRAMES_AND_WORDS)
            assert len(found["frames"]) == 3
            words = found["words"]
            assert [(w[4], f) for w in words for f in found["frames"] if straddles(w, f)] == []
            assert clashing(words) == []
        assert any(w[4] == "model.fc1 · Linear" for w in words)  # at the start: the first layer


def test_a_loop_link_opens_on_the_chosen_iteration(page, app_url, tmp_path):
    """`backward=2` in a loop's link: iteration 2, its w as it was then, and w now beside it."""
    explorer(page, app_url, {"example": "linear-regression-loop", "backward": "2"})
    main = page.inner_text('[data-testid="stMain"]')
    assert "Iteration to show" in main and "Iteration 2 of 10: every value shown is" in main
    assert "= 1.867  (now 2)" in trace_texts(page, "values")
    page.locator('[data-testid="stPlotlyChart"]').first.screenshot(
        path=str(SHOTS / "graph_loop_iteration_2.png")
    )


AFTER_LOOP = (
    by_key("linear-regression-loop").code
    + "\n# after training: a prediction\nx_test = torch.tensor([4.0, 5.0])\n"
    + "pred = w * x_test\nprint(w * 5)\n"
)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_tensors_computed_after_a_loop_open_the_page(browser, app_url, size):
    """A loop followed by `pred = w * x_test`: the slider ends on "After the loop", which the
    page opens on, drawing pred and w * 5 (none of the iteration's words overlapping)."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        explorer(page, app_url, {"code": AFTER_LOOP})
        main = page.inner_text('[data-testid="stMain"]')
        assert "Iteration to show" in main and "After the loop: the tensors your program" in main
        names = " ".join(trace_texts(page, "names"))
        assert "pred" in names and "w * 5" in names and "loss" not in names
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=str(SHOTS / f"graph_after_loop_{size[0]}x{size[1]}.png"))
        found = page.evaluate(WORDS_IN_THE_GRAPH)
        words = [w for w in found["words"] if w[4].strip()]
        assert clashing(words) == []
    finally:
        context.close()


# What a shared link prints, with everything markdown, HTML or math would read as markup.
PRINTS_MARKUP = (
    "import torch\n"
    "x = torch.arange(12.0).reshape(3, 4)\n"
    "print(x * 1000)\n"
    "print('**not bold** <b>not html</b> $a+b$ :material/home: :smile:')\n"
    "print('    four spaces in front')\n"
    "print('=' * 300)\n"
)


def test_printed_output_is_literal_fixed_width_and_readable(page, app_url):
    explorer(page, app_url, {"code": PRINTS_MARKUP})
    box = page.locator('[class*="st-key-printed_output"] [data-testid="stText"]')
    lines = box.inner_text().split("\n")
    assert lines[:3] == [
        "tensor([[    0.,  1000.,  2000.,  3000.],",
        "        [ 4000.,  5000.,  6000.,  7000.],",
        "        [ 8000.,  9000., 10000., 11000.]])",
    ]
    assert lines[3] == "**not bold** <b>not html</b> $a+b$ :material/home: :smile:"
    assert lines[4] == "    four spaces in front"
    assert lines[5] == "=" * 300  # one line, not wrapped into several
    looks = box.evaluate(
        """(el) => {
            const text = getComputedStyle(el.querySelector('span'));
            const widths = ['iiiiiiii', 'WWWWWWWW'].map((s) => {
                const probe = document.createElement('span');
                probe.textContent = s;
                el.querySelector('span').appendChild(probe);
                const w = probe.getBoundingClientRect().width;
                probe.remove();
                return w;
            });
            return {font: text.fontFamily, colour: text.color, widths,
                    background: getComputedStyle(el).backgroundColor,
                    scrolls: el.scrollWidth > el.clientWidth,
                    lineHeight: parseFloat(text.lineHeight),
                    height: el.getBoundingClientRect().height};
        }"""
    )
    assert "monospace" in looks["font"]
    assert looks["widths"][0] == pytest.approx(looks["widths"][1], abs=0.5)  # columns line up
    assert looks["scrolls"]  # the long line scrolls sideways ...
    assert looks["height"] < 9 * looks["lineHeight"]  # ... and takes one line, not several
    assert _contrast(looks["colour"], looks["background"]) >= 4.5  # WCAG AA
    assert page.locator("b", has_text="not html").count() == 0
    assert page.locator(".katex", has_text="a+b").count() == 0
    assert not serious(page)  # axe: e.g. the box that scrolls sideways is reachable by keyboard


def test_a_shared_link_loads_no_syntax_highlighter_or_raw_html_support(browser, app_url):
    """Printed output is text, not code: the first render of a link fetches none of the
    scripts that colour code (1.5 MB) or read raw HTML in markdown, which the browser would
    have to start before drawing the graph."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # nothing cached
    page = context.new_page()
    try:
        explorer(page, app_url, {"code": PRINTS_MARKUP})
        scripts = page.evaluate(
            "() => performance.getEntriesByType('resource').map((e) => e.name.split('/').pop())"
        )
    finally:
        context.close()
    assert any(s.startswith("PlotlyChart.") for s in scripts), scripts  # the probe sees chunks
    assert not [s for s in scripts if s.startswith(("StreamlitSyntaxHighlighter", "rehype-raw"))]


def _contrast(*colours: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours (opaque)."""

    def luminance(css: str) -> float:
        r, g, b = (int(float(v)) / 255 for v in css[css.index("(") + 1 : -1].split(",")[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(c) for c in colours), reverse=True)
    return (high + 0.05) / (low + 0.05)


# The still's pictures are decoded and every widget is drawn (the only placeholder left is the
# chart's, hidden under the still).
STILL_AND_WIDGETS_DRAWN = """() => {
    const images = [...document.querySelectorAll('.chart-still img')];
    const waiting = [...document.querySelectorAll('[data-testid="stSkeleton"]')]
        .filter((s) => !s.closest('.st-key-ge_graph'));
    return images.length > 0 && images.every((i) => i.complete && i.naturalWidth > 0)
        && waiting.length === 0;
}"""


def test_a_first_visit_shows_the_graph_at_once_and_the_chart_takes_its_place(browser, app_url):
    """A first visit draws the graph's still picture without waiting for plotly.js; once the
    chart is drawn it takes the same place and the still goes, with nothing on the page moving.
    plotly's script is held back here until the still is on screen, as a slow network or
    laptop would: deterministic, with no clock."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # nothing cached
    page = context.new_page()
    held: list = []
    plotly = re.compile(r".*/PlotlyChart\.[^/]*\.js$")
    page.route(plotly, lambda route: held.append(route))
    try:
        page.goto(f"{app_url}/graph_explorer?{urlencode({'code': by_key('product-rule').code})}")
        page.wait_for_selector(".chart-still img", state="visible")
        page.wait_for_function(STILL_AND_WIDGETS_DRAWN)
        still = page.locator(".chart-still").bounding_box()
        assert held and not page.locator(CHART).count()  # the graph is there before plotly
        page.screenshot(path=str(SHOTS / "graph_still.png"))
        for route in held:
            route.continue_()
        page.unroute(plotly)
        page.wait_for_selector(CHART)
        wait_for_app(page)
        assert page.locator(".chart-still").is_hidden()
        chart = page.locator(".st-key-ge_graph").bounding_box()
        assert abs(chart["y"] - still["y"]) <= 1 and abs(chart["height"] - still["height"]) <= 1
        page.screenshot(path=str(SHOTS / "graph_chart.png"))
    finally:
        context.close()

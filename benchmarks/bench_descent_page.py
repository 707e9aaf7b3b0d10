"""Gradient Descent page speed (issue: Pages, Gradient Descent).

1. What the learner waits for, in Debian's Chromium: a fresh page load until the chart is drawn,
   for the page with three optimizers (SGD, Momentum, Adam) × 200 updates on Rosenbrock (2-D)
   versus a bare page that draws the same number of points (three paths of 201 points) with
   st.plotly_chart. Each page has its own `streamlit run` server on 127.0.0.1; loads alternate.
   Target <= 2x. (Skipped, saying why, without Chromium or Playwright.)
2. The server side alone, through Streamlit's AppTest: one full script run of each page (the
   race, the surface, both figures, the tables, every element serialised). No target: the
   bare page's rerun is a few milliseconds of cached work, while ours runs 600 optimizer steps.
3. For reading those: the race alone (600 engine steps), the animated figure's build and size.

    python -m benchmarks.bench_descent_page
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import plotly.io as pio

from autograd_core.playground import gradient_descent as descent
from autograd_core.playground.figures.gradient_descent import descent_figure

from .common import Result, best_of, side_by_side, table

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
PAGE = ROOT / "pages" / "gradient_descent.py"
KINDS = ("SGD", "Momentum", "Adam")

BARE_PAGE = """
import numpy as np
import plotly.graph_objects as go
import streamlit as st

rng = np.random.default_rng(0)
fig = go.Figure()
for i in range(3):
    path = rng.standard_normal((201, 2)).cumsum(axis=0)
    fig.add_scatter(x=path[:, 0], y=path[:, 1], mode="lines+markers", name=f"optimizer {i}")
st.plotly_chart(fig, key="bare")
"""


def _quiet_streamlit() -> None:
    """AppTest outside `streamlit run` warns once per element; keep the table readable."""
    import logging

    for name in ("streamlit", "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _page_app():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.run()
    at.selectbox(key="gd_function").set_value("rosenbrock").run()
    assert [k for k in descent.OPTIMIZERS if at.checkbox(key=f"gd_use_{k}").value] == list(KINDS)
    assert not at.exception, at.exception
    assert at.session_state["gd_steps"] == 200
    return at


def _bare_app():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(BARE_PAGE, default_timeout=60)
    at.run()
    return at


def bench_server() -> Result:
    _quiet_streamlit()
    page, bare = _page_app(), _bare_app()
    t_page, t_bare = side_by_side(page.run, bare.run, rounds=5, warmup=1)
    return Result("  server only (AppTest script run), page vs bare", t_page, t_bare, None)


# The page opened on Rosenbrock with three optimizers (a launcher, so no clicks are timed).
OUR_LAUNCHER = f"""
import runpy, sys
sys.path.insert(0, {str(ROOT)!r})
import streamlit as st
st.set_page_config(layout="wide")
from ui import gradient_descent as descent_widgets
descent_widgets.init_state("rosenbrock")
runpy.run_path({str(PAGE)!r}, run_name="__main__")
"""
BARE_LAUNCHER = 'import streamlit as st\nst.set_page_config(layout="wide")\n' + BARE_PAGE

# Drawn: Streamlit has finished the run and a plotly chart shows three or more scatter traces.
DRAWN = """() => {
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    if (status && /Running|Connecting/.test(status.innerText)) return false;
    return [...document.querySelectorAll('.js-plotly-plot')].some(
        p => p.querySelectorAll('.scatterlayer .trace').length >= 3);
}"""


def bench_browser() -> Result:
    name = "Gradient Descent page (3 optimizers x 200 steps) vs bare chart, in Chromium"
    why_not = _browser_missing()
    if why_not:
        return Result(name, float("nan"), None, 2.0, note=why_not)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        ours_file, bare_file = Path(tmp, "ours.py"), Path(tmp, "bare.py")
        ours_file.write_text(OUR_LAUNCHER)
        bare_file.write_text(BARE_LAUNCHER)
        servers = [_serve(ours_file), _serve(bare_file)]
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
                )
                try:
                    t_ours, t_bare = side_by_side(
                        lambda: _load(browser, servers[0][1]),
                        lambda: _load(browser, servers[1][1]),
                        rounds=5,
                        warmup=1,
                    )
                finally:
                    browser.close()
        finally:
            for process, _ in servers:
                _stop(process)
    return Result(name, t_ours, t_bare, 2.0, note="load until drawn")


def _browser_missing() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright not installed"
    return ""


def _load(browser, url: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(url)
        page.wait_for_function(DRAWN, timeout=120_000, polling=20)
    finally:
        page.close()


def _serve(script: Path) -> tuple[subprocess.Popen, str]:
    """A real `streamlit run` of `script`, as the browser tests start the app."""
    from tests.browser.conftest import start_streamlit

    return start_streamlit(script=script)


def _stop(process: subprocess.Popen) -> None:
    from tests.browser.conftest import stop

    stop(process)


def bench_parts() -> list[Result]:
    objective = descent.PRESETS["rosenbrock"]
    choices = [descent.OptimizerChoice(k, {"lr": objective.lrs[k]}) for k in KINDS]
    result = descent.race(objective, choices, steps=200)
    race_time = best_of(lambda: descent.race(objective, choices, steps=200), 5)
    bounds = descent.view_bounds(result)
    surf = descent.surface(objective, bounds)
    start = time.perf_counter()
    figure = descent_figure(result, surf, bounds)
    spec = pio.to_json(figure, validate=False)
    figure_time = time.perf_counter() - start
    return [
        Result("  of which: the race (600 engine steps)", race_time, None, None),
        Result("  of which: animated figure built + JSON", figure_time, None, None),
        Result("  animated figure size", float(len(spec)), None, None, "B"),
    ]


def run() -> list[Result]:
    return [bench_browser(), bench_server(), *bench_parts()]


if __name__ == "__main__":
    print(table(run()))

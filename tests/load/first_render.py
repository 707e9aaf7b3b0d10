"""How long someone opening a shared link waits for the whole picture: a real
`streamlit run serve.py` (or app.py), Chromium opening /graph_explorer?code=..., the clock
stopped when the graph is drawn and Streamlit has finished the run.

    python -m tests.load.first_render [--port N] [--visits 3] [--floor]

Reports, in seconds from the click: when the page connected to the server (the browser has
loaded Streamlit's page and scripts), when the figure had arrived from the server (and the
server's part: connection to figure), when the whole page was on screen with the graph as its
still picture (`shown_s`: a first visit's graph is drawn before plotly.js has loaded, see
autograd_core/playground/figures/still.py), and when the browser had drawn the chart itself,
ready to hover, click and replay (`drawn_s`), for the very first
visit after the server started (with `--script app.py` that visit also starts the worker
processes; serve.py starts them with the server) and for further visits, each a new browser
with nothing cached and code of its own, on the same otherwise idle server. The gap between
figure and drawing is the browser's own work: loading and starting plotly.js. A measurement,
not a test: nothing here passes or fails on time.

With `--floor`, every visit to the Graph Explorer is followed by one to `floor_page.py` on a
second server: a Streamlit page with a title and one small chart, then with the title alone.
Their times are what Streamlit and plotly.js cost this browser on this machine at that moment,
so the app's own share can be read off however busy the machine is.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.load.servers import DEPLOYED, free_port, serve  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
# Drawn: the graph's traces are on screen and Streamlit's status says nothing is running.
DRAWN = """() => {
    const traces = document.querySelectorAll('.js-plotly-plot .scatterlayer .trace').length;
    const s = document.querySelector('[data-testid="stStatusWidget"]');
    return traces > 3 && (!s || !/Running|Connecting/.test(s.innerText));
}"""
# The floor page without its chart is drawn once its title is there and the run has ended.
TITLED = DRAWN.replace("traces > 3", "document.querySelector('h1') !== null")
# Shown: the whole page is on screen, the graph as the chart or as its still picture (a first
# visit's, drawn before plotly.js has loaded; figures/still.py), every widget drawn (the one
# placeholder left is the chart's, hidden under the still), and the run has ended.
SHOWN = """() => {
    const still = [...document.querySelectorAll('.chart-still img')];
    const graph = document.querySelectorAll('.js-plotly-plot .scatterlayer .trace').length > 3
        || (still.length > 0 && still.every((i) => i.complete && i.naturalWidth > 0));
    const waiting = [...document.querySelectorAll('[data-testid="stSkeleton"]')]
        .filter((s) => !s.closest('.st-key-ge_graph'));
    const s = document.querySelector('[data-testid="stStatusWidget"]');
    return graph && waiting.length === 0 && (!s || !/Running|Connecting/.test(s.innerText));
}"""
FLOOR_PAGE = "tests/load/floor_page.py"


def shared_code(visit: int) -> str:
    """A learner's program as a link carries it: a small model, a loss, backward."""
    return (
        "import torch\n"
        f"x = torch.tensor([1.0, {visit + 2}.0], requires_grad=True)\n"
        "w = torch.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)\n"
        "loss = ((w @ x).tanh() ** 2).sum()\n"
        "loss.backward()\n"
        "print(loss, x.grad)\n"
    )


def first_renders(
    visits: int = 3, port: int | None = None, script: str = DEPLOYED, floor: bool = False
) -> list[dict[str, float]]:
    """Per visit: seconds until the server had sent the figure (its part: the page's run,
    learner code in a worker, the figure), and until the browser had drawn it (plus loading
    and starting plotly.js in a browser with nothing cached). With `floor`, each visit also
    holds the floor page's drawn times, with and without its chart, measured right after."""
    from playwright.sync_api import sync_playwright

    times = []
    with ExitStack() as stack:
        servers = stack.enter_context(serve(1, port or free_port(), script=script))
        floor_url = stack.enter_context(serve(1, script=FLOOR_PAGE)).url if floor else ""
        browser = stack.enter_context(sync_playwright()).chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        stack.callback(browser.close)
        for visit in range(visits):
            url = f"{servers.url}/graph_explorer?{urlencode({'code': shared_code(visit)})}"
            times.append(_visit(browser, url, DRAWN, shown_when=SHOWN))
            if floor:
                chart = _visit(browser, floor_url, DRAWN)
                text = _visit(browser, f"{floor_url}/?chart=0", TITLED)
                times[-1]["floor_chart_drawn_s"] = chart["drawn_s"]
                times[-1]["floor_text_drawn_s"] = text["drawn_s"]
    return times


def _visit(browser, url: str, drawn_when: str, shown_when: str = "") -> dict[str, float]:
    """One visit by a new browser context with nothing cached: seconds from the click until
    the page connected, the figure arrived, the page was on screen (`shown_when`, if given)
    and the page was drawn (`drawn_when`)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    sent: list[float] = []
    opened: list[float] = []

    def on_websocket(ws) -> None:
        opened.append(time.perf_counter())  # the page asks the server for its run
        ws.on("framereceived", _figure_seen(sent))

    page.on("websocket", on_websocket)
    start = time.perf_counter()
    page.goto(url)
    if shown_when:
        page.wait_for_function(shown_when, timeout=60_000, polling=50)
    shown = time.perf_counter()
    page.wait_for_function(drawn_when, timeout=60_000, polling=50)
    drawn = time.perf_counter()
    context.close()
    nan = float("nan")
    return {
        # the browser loading Streamlit's page and scripts
        "connected_s": round(opened[0] - start, 2) if opened else nan,
        "figure_sent_s": round(sent[0] - start, 2) if sent else nan,
        # the server's own part: from the page's connection to the figure
        "server_s": round(sent[0] - opened[0], 2) if sent and opened else nan,
        **({"shown_s": round(shown - start, 2)} if shown_when else {}),
        "drawn_s": round(drawn - start, 2),
    }


def _figure_seen(sent: list[float]):
    """A websocket listener noting when the first message holding the figure arrived."""

    def listener(payload: bytes | str) -> None:
        data = payload if isinstance(payload, bytes) else payload.encode()
        if not sent and b'"scatter"' in data:
            sent.append(time.perf_counter())

    return listener


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visits", type=int, default=3)
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument(
        "--script",
        default=DEPLOYED,
        choices=["serve.py", "app.py"],
        help="what `streamlit run` serves (serve.py: warm before the first visitor)",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="after each visit, time a bare Streamlit page with one chart, then with none",
    )
    args = parser.parse_args()
    times = first_renders(args.visits, args.port, args.script, args.floor)
    print(json.dumps({"first_visit_after_start": times[0], "later_first_visits": times[1:]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A real `streamlit run` server with learner code running in its worker processes.

One session opens a hostile `?code=` link while another keeps working: the other session's rerun
and the server's health check answer while the hostile run is still going (ordering, not
wall-clock thresholds), and after a soak of 200 hostile runs from the corpus the server's memory
has grown by less than 50 MB, no page showed a traceback, and the health check answered every
time. Timings are printed for the README, never asserted.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.browser.conftest import start_streamlit, stop
from tests.load.load_test import EXPLORER_PAGE, _run_in_own_thread
from tests.load.streamlit_client import StreamlitSession
from tests.playground.sandbox.test_hostile import HOSTILE
from tests.playground.sandbox.test_hostile_findings import FINDINGS


def rss_mib(pid: int) -> float:
    """The resident memory of one process (the server; its workers are processes of their own)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for process {pid}")


PORT = 8623
# Costs its whole budget in C calls (each product is under the matmul limit): the longest a
# learner's run can keep a worker busy without being refused outright.
SLOW = "import torch\nx = torch.ones(500, 500)\nfor i in range(10000):\n    y = x @ x\n"
NORMAL = (
    "import torch\nx = torch.tensor(2.0, requires_grad=True)\ny = x ** 3\ny.backward()\n"
    "print(x.grad)\n"
)


@pytest.fixture(scope="module")
def server():
    process, url = start_streamlit(port=PORT)
    try:
        yield process, url
    finally:
        stop(process)


def health(url: str) -> float:
    """Seconds /_stcore/health took to answer "ok"."""
    start = time.perf_counter()
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=120) as response:
        assert response.read() == b"ok"
    return time.perf_counter() - start


def link(code: str) -> str:
    return urlencode({"code": code})


def test_a_hostile_link_does_not_hold_up_another_session_or_the_health_check(server):
    _, url = server

    async def scenario() -> dict:
        async with StreamlitSession(url) as hostile, StreamlitSession(url) as other:
            await other.rerun(page_name=EXPLORER_PAGE, query_string=link(NORMAL))  # warm
            finished: dict = {}

            async def run_hostile() -> None:
                # Three different slow links one after the other (each takes its full budget):
                # the other session's single rerun must be done long before they are.
                for turn in range(3):
                    code = f"{SLOW}# attempt {turn}\n"
                    run = await hostile.rerun(page_name=EXPLORER_PAGE, query_string=link(code))
                finished["hostile"] = time.perf_counter()
                finished["hostile_text"] = run.text()

            task = asyncio.create_task(run_hostile())
            await asyncio.sleep(0.3)  # the hostile runs are under way
            loop = asyncio.get_running_loop()
            finished["health_seconds"] = await loop.run_in_executor(None, health, url)
            finished["health"] = time.perf_counter()
            mine = await other.rerun(page_name=EXPLORER_PAGE, query_string=link(NORMAL))
            finished["other"] = time.perf_counter()
            finished["other_text"] = mine.text()
            finished["other_seconds"] = mine.elapsed
            await task
            return finished

    result = _run_in_own_thread(scenario())
    print(
        "\nhealth during a hostile run: "
        f"{result['health_seconds']:.3f} s; other session's rerun: {result['other_seconds']:.3f} s"
    )
    assert "tensor(12.)" in result["other_text"]  # the other session got its own answer
    assert "the limit here is" in result["hostile_text"]  # ... and the hostile one its limit
    assert result["health"] < result["hostile"]
    assert result["other"] < result["hostile"]


def test_a_soak_of_hostile_links_leaves_the_server_memory_flat(server):
    process, url = server
    corpus = [source for _, source, _ in HOSTILE] + [source for _, source, _ in FINDINGS]
    runs = [corpus[i % len(corpus)][:6000] for i in range(200)]

    async def soak() -> dict:
        async with StreamlitSession(url) as warm:
            for source in runs[:10]:  # imports, caches and the workers' first runs
                await warm.rerun(page_name=EXPLORER_PAGE, query_string=link(source))
        before = rss_mib(process.pid)
        healths: list[float] = []
        problems: list[str] = []
        loop = asyncio.get_running_loop()

        async def session(share: list[str]) -> None:
            async with StreamlitSession(url) as s:
                for source in share:
                    run = await s.rerun(page_name=EXPLORER_PAGE, query_string=link(source))
                    if run.exceptions():
                        problems.append(str(run.exceptions()[0])[:300])
                    healths.append(await loop.run_in_executor(None, health, url))

        await asyncio.gather(session(runs[0::2]), session(runs[1::2]))
        after = rss_mib(process.pid)
        return {"before": before, "after": after, "healths": healths, "problems": problems}

    report = _run_in_own_thread(soak())
    healths = report["healths"]
    summary = {
        "rss_before_mib": round(report["before"], 1),
        "rss_after_mib": round(report["after"], 1),
        "health_median_s": round(statistics.median(healths), 4),
        "health_max_s": round(max(healths), 4),
    }
    print("\nsoak of 200 hostile runs:", json.dumps(summary))
    assert len(healths) == 200  # the health check answered after every run
    assert report["problems"] == []  # no traceback on any page
    assert report["after"] - report["before"] < 50

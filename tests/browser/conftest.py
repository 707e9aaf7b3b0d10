"""Real-browser tests: a `streamlit run app.py` server on 127.0.0.1 and Debian's Chromium.

Everything here skips, saying why, when Chromium or Playwright is missing: `.ci/run` installs
Chromium (apt-get install chromium); never `playwright install`, which downloads a browser.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Screenshots to look at after a run (not part of the repository).
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(tempfile.gettempdir()) / "playground-shots"))
SHOTS.mkdir(parents=True, exist_ok=True)
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(
    url: str, process: subprocess.Popen, timeout: float = 60.0, what: str = "streamlit"
) -> None:
    """Wait until `url`/_stcore/health answers (through nginx too), or `process` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not become healthy within {timeout}s")


def start_streamlit(
    port: int | None = None, extra: list[str] | None = None, script: Path | None = None
) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run app.py` (or `script`) on 127.0.0.1, stats and file watcher off;
    returns once /_stcore/health answers. Stop it with stop(process)."""
    port = port or _free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script or ROOT / "app.py"),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *(extra or []),
    ]
    # The server's log goes to a file (a pipe nobody reads would fill up and stall the server).
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed with the process in stop()
        "w+", prefix="streamlit-", suffix=".log", delete=False
    )
    process = subprocess.Popen(
        cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    process.log_path = log.name  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
    except Exception:
        stop(process)
        raise
    return process, url


def stop(process: subprocess.Popen) -> None:
    """Stop the server by its PID (and its process group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: apt-get install chromium to run browser tests"
        )
    pytest.importorskip(
        "playwright.sync_api", reason="playwright (pip) is needed for browser tests"
    )
    return CHROMIUM


@pytest.fixture(scope="session")
def app_url(chromium_path: str) -> Iterator[str]:
    process, url = start_streamlit()
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    try:
        yield pg
    finally:
        context.close()


def wait_for_app(pg: object, timeout: float = 60_000) -> None:
    """Wait until the page has content and Streamlit has finished running the script."""
    pg.wait_for_selector(
        '[data-testid="stMain"] [data-testid="stElementContainer"]', timeout=timeout
    )
    pg.wait_for_function(
        """() => {
            const s = document.querySelector('[data-testid="stStatusWidget"]');
            return !s || !/Running|Connecting/.test(s.innerText);
        }""",
        timeout=timeout,
    )
    pg.wait_for_timeout(300)


def snapshot_when(pg: object, probe: str, condition: str, timeout: float = 20_000) -> dict:
    """Wait until `condition` (JS over `s`, the `probe` function's result) holds and return that
    very result. An animation can run to its end between a wait and a second look, so the
    snapshot must come from the same animation frame that satisfied the wait."""
    script = f"() => {{ const s = ({probe})(); return s && ({condition}) && s; }}"
    return pg.wait_for_function(script, timeout=timeout).json_value()


def pytest_collection_modifyitems(items: list) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)

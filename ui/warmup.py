"""Get the server ready before its first visitor needs it: the worker processes started and
every page's modules imported, in the background.

    start()      # returns at once; later calls return the same thread

Streamlit runs no app code until a session connects, so on a plain `streamlit run app.py`
the first visitor paid for all of it (about 9 s on a crowded machine: two worker processes
loading the engine, and the server importing every page). Two callers start it:

- `serve.py`, Streamlit's server with a start-up hook (`streamlit run serve.py`, the deploy's
  command): warming begins when the server starts, before anyone connects.
- app.py, on every run (this call is then a no-op): with `streamlit run app.py` (a laptop,
  Community Cloud) the first visitor starts it. It does not make that visitor wait: the home
  page needs neither, and a page that runs learner code waits only for the worker processes
  (ui.shell.use_app_navigation), which were already on their way.
"""

from __future__ import annotations

import logging
import threading

from streamlit.runtime.pages_manager import PagesManager

from autograd_core.playground.sandbox.workers import use_worker_processes
from ui.shell import freeze_imports

_LOG = logging.getLogger(__name__)
_started: list[threading.Thread] = []
_lock = threading.Lock()


def start() -> threading.Thread:
    """Start warming up, once per process, without waiting for it; returns its thread."""
    if PagesManager.uses_pages_directory is None:
        # Before any session (serve.py): tell Streamlit now that app.py declares the pages with
        # st.navigation, so the first visitor's run is not spent in the legacy pages/ mode and
        # rerun (ui.shell.use_legacy_pages_fix, still needed under a plain `streamlit run`).
        PagesManager.uses_pages_directory = False
    with _lock:
        if not _started:
            thread = threading.Thread(target=_warm, name="playground-warm-up", daemon=True)
            thread.start()
            _started.append(thread)
        return _started[0]


def _warm() -> None:
    # The workers load the engine in their own processes while this one imports the pages.
    workers = threading.Thread(target=_start_workers, name="playground-workers", daemon=True)
    workers.start()
    try:
        freeze_imports()
    except Exception:  # a page that cannot import fails again, visibly, when it is opened
        _LOG.exception("warming up: importing the pages failed")
    workers.join()


def _start_workers() -> None:
    try:
        use_worker_processes()
    except Exception:  # the first page that needs them tries again and shows the error
        _LOG.exception("warming up: starting the worker processes failed")

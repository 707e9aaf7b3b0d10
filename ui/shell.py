"""What every page needs from the app around it, before it draws anything."""

from __future__ import annotations

import gc
import importlib
import threading
from collections.abc import Iterable
from typing import Any

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def working(text: str) -> Any:
    """A spinner with a running clock around work that can take a while (a race, a training run,
    a deep link's first run): Streamlit's own "Running…" sits in a corner few notice, and a page
    that stays still for seconds looks broken. It appears after half a second, so quick reruns
    do not flicker."""
    return st.spinner(text, show_time=True)


def use_app_navigation() -> None:
    """What every page calls first: the worker processes that run learner code, started once
    per server (sandbox.workers; nothing a learner types runs in the server process itself; a
    page waits here while ui.warmup is still starting them), and app.py's navigation
    (use_legacy_pages_fix)."""
    # (imported here: app.py imports this module before anything heavy, see its first lines)
    from autograd_core.playground.sandbox.workers import use_worker_processes

    use_worker_processes()
    use_legacy_pages_fix()


def use_legacy_pages_fix() -> None:
    """Make sure the page runs inside app.py's st.navigation, never Streamlit's legacy one.

    A freshly started server runs its very first script in the old "pages/ directory" mode
    (it only learns that app.py declares st.navigation by running it), so the first person to
    open a shared link such as /graph_explorer would get a page without the app's sidebar, or a
    "Page not found" dialog. This switches that mode off and reruns the same request under the
    real navigation. It costs one attribute read on every other run.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


# Every module a page needs, imported once per server, in the background (ui/warmup.py).
PAGE_MODULES = (
    "plotly.graph_objects",
    "ui.code_cell",
    "ui.home",
    "ui.gradient_descent",
    "ui.gradient_lab",
    "ui.graph_explorer.layout",
    "ui.higher_order",
    "ui.tensors_vjp",
    "ui.training",
)
_frozen = threading.Lock()
_done: list[bool] = []


def freeze_imports() -> None:
    """Import what every page needs, then move everything alive into the collector's permanent
    generation (gc.freeze), once per server process.

    The engine, NumPy, pandas, plotly and Streamlit leave about a million objects that live as
    long as the process; without this every full collection walks all of them again, however
    little garbage a rerun left. Freezing them keeps full collections proportional to what
    sessions create. Runs once, from ui.warmup; later calls pay one list check.
    """
    if _done:
        return
    with _frozen:
        if _done:
            return
        for name in PAGE_MODULES:
            importlib.import_module(name)
        gc.collect()
        gc.freeze()
        _done.append(True)


def link_value(name: str, allowed: Iterable[str]) -> str | None:
    """A value a shared link (or the home page's tour) put in the URL, if it is one we know.

    Pages read these once, on a session's first visit, to open pre-filled; anything else in the
    URL is ignored rather than trusted.
    """
    value = st.query_params.get(name)
    return value if isinstance(value, str) and value in set(allowed) else None


def chart_theme() -> str:
    """ "light" or "dark" for the figures: the theme the app is configured with
    (.streamlit/config.toml), else the one the browser reports (which, on first load, can be the
    system's and not the app's)."""
    base = st.get_option("theme.base")
    if base in ("light", "dark"):
        return base
    kind = getattr(st.context.theme, "type", None)
    return kind if kind in ("light", "dark") else "light"


class LastGood:
    """A page's last result that worked, kept in the session (with what produced it), so that a
    bad input shows its message over the last good picture instead of an empty page."""

    def __init__(self, key: str) -> None:
        self.key = key

    def keep(self, value: object, made_with: object = None) -> None:
        st.session_state[self.key] = (value, made_with)

    @property
    def value(self) -> Any:
        kept = st.session_state.get(self.key)
        return None if kept is None else kept[0]

    @property
    def made_with(self) -> Any:
        kept = st.session_state.get(self.key)
        return None if kept is None else kept[1]

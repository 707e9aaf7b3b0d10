"""Catching the warnings a snippet triggers, per run, without global switches.

`warnings.catch_warnings()` is the usual tool, but it swaps process-wide state in and out: two
snippets running in two Streamlit threads would restore each other's handlers and lose (or leak)
warnings. Instead one dispatcher is installed as `warnings.showwarning` (once; again if someone
replaced it), and it asks a ContextVar which run, if any, is active in the calling thread. Outside
a run it hands the warning to whatever handler was there before.

For every UserWarning from this package to reach the dispatcher, even a repeated one, an "always"
filter for warnings attributed to `autograd_core` modules is kept at the front of the filters
(Python's default is to show a warning once per code location, and the interpreter is one code
location for every snippet). NumPy's RuntimeWarnings (0/0 and friends) are dropped during
runs, as PyTorch is silent about them.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

Collector = Callable[[str, type], None]

_collector: ContextVar[Collector | None] = ContextVar("autograd_core_lang_warnings", default=None)
_MODULE_PATTERN = r"autograd_core\."
_MARK = "_autograd_core_lang_dispatcher"


def _dispatcher(previous: Callable[..., Any]) -> Callable[..., Any]:
    def showwarning(message, category, filename, lineno, file=None, line=None):
        collect = _collector.get()
        if collect is None:
            return previous(message, category, filename, lineno, file, line)
        collect(str(message), category)
        return None

    setattr(showwarning, _MARK, True)
    return showwarning


def install() -> None:
    """Make sure the dispatcher and the "always" filter are in place (cheap when they are)."""
    if not getattr(warnings.showwarning, _MARK, False):
        warnings.showwarning = _dispatcher(warnings.showwarning)
    if warnings.filters:
        action, _message, category, module, _lineno = warnings.filters[0]
        if (
            action == "always"
            and category is UserWarning
            and isinstance(module, re.Pattern)
            and module.pattern == _MODULE_PATTERN
        ):
            return
    # first in the list, or a later `simplefilter("default")` would dedupe our warnings again
    warnings.filterwarnings("always", category=UserWarning, module=_MODULE_PATTERN)


class collecting:
    """`with collecting(callback):` routes this context's warnings to `callback(text, category)`."""

    def __init__(self, callback: Collector) -> None:
        self.callback = callback

    def __enter__(self) -> None:
        install()
        self._token = _collector.set(self.callback)

    def __exit__(self, *exc: object) -> None:
        _collector.reset(self._token)

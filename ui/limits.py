"""The limits code typed into the pages runs under: the defaults, or a deployment's own.

A deployment sets them in one place, the PLAYGROUND_LIMITS environment variable, as
`name=value` pairs (the fields of autograd_core.playground.sandbox.Limits):

    PLAYGROUND_LIMITS="time_limit=1.5 max_memory_mb=512" streamlit run app.py

Read once when the app starts; a name or value that is wrong stops the app with a message that
says which, rather than running with limits nobody chose.
"""

from __future__ import annotations

import os

from autograd_core.playground.sandbox import Limits, limits_from_text

ENVIRONMENT_VARIABLE = "PLAYGROUND_LIMITS"


def page_limits(environ: dict[str, str] | os._Environ = os.environ) -> Limits:
    """The limits for code typed into a page (ValueError naming a bad setting)."""
    text = environ.get(ENVIRONMENT_VARIABLE, "")
    try:
        return limits_from_text(text)
    except ValueError as error:
        raise ValueError(f"{ENVIRONMENT_VARIABLE}: {error}") from None


PAGE_LIMITS = page_limits()

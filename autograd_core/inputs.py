"""Checking numbers that come from a page's widgets (or a URL) before the maths sees them."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def real_number(value: Any) -> float | None:
    """value as a float if it is a real number (not a bool, not text), else None.

    An int too large for a float becomes inf, so range checks reject it with the usual message.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        return None
    try:
        return float(value)
    except OverflowError:
        return math.inf

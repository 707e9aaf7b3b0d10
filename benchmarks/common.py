"""Shared by the benchmarks: side-by-side timing and the result rows they print.

Each benchmark times our code and its baseline alternately in the same process (so a busy
machine slows both), takes the best of several rounds, and reports the ratio ours/baseline
against the target from the issue. Timings never decide a test: these are for people to read.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    ours: float  # seconds (or bytes, see unit)
    baseline: float | None  # None when the baseline is unavailable (e.g. torch not installed)
    target: float | None  # the ratio we promise (ours / baseline <= target)
    unit: str = "s"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.ours / self.baseline

    @property
    def verdict(self) -> str:
        if self.ratio is None or self.target is None:
            return "n/a" if self.target is not None else "info"
        return "ok" if self.ratio <= self.target else "MISSED"


def best_of(fn: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def side_by_side(
    ours: Callable[[], object], baseline: Callable[[], object], rounds: int = 7, warmup: int = 2
) -> tuple[float, float]:
    """Best time of each, measured alternately so both see the same machine load."""
    for _ in range(warmup):
        ours()
        baseline()
    best_ours = best_base = float("inf")
    for _ in range(rounds):
        best_ours = min(best_ours, best_of(ours, 1))
        best_base = min(best_base, best_of(baseline, 1))
    return best_ours, best_base


def fmt_amount(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1e3:.2f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "B":
        return f"{value / 2**20:.1f} MiB"
    return f"{value:g} {unit}"


def table(results: list[Result]) -> str:
    header = ("benchmark", "ours", "baseline", "ratio", "target", "")
    rows = [header]
    for r in results:
        rows.append(
            (
                r.name,
                fmt_amount(r.ours, r.unit),
                fmt_amount(r.baseline, r.unit),
                "—" if r.ratio is None else f"{r.ratio:.2f}×",
                "—" if r.target is None else f"≤ {r.target:g}×",
                r.verdict + (f" ({r.note})" if r.note else ""),
            )
        )
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    lines = []
    for k, row in enumerate(rows):
        lines.append(" | ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
        if k == 0:
            lines.append("-|-".join("-" * w for w in widths))
    return "\n".join(lines)

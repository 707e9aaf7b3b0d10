"""What the Graph Explorer adds to a run, on the full-size loop tutorials (tests/golden/
sandbox_tutorials: 2,000 backward calls each).

1. Tracing's share of run_snippet: the run as the sandbox makes it (every backward call recorded
   for replay, sandbox/run.py) against the same run with nothing recording (no trace kept).
2. explore() against run_snippet: what the page adds per loop iteration (each pass's leaf values
   for the iteration picker, the module calls for the frames) and to draw the kept one.

CPU time (common.timed), the variants measured alternately round after round so that each sees
the same machine load; the ratio is of the medians, the spread the range of per-round ratios.

    python -m benchmarks.bench_trace
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from autograd_core.playground.graph_explorer.run import explore
from autograd_core.playground.sandbox import run as sandbox_run
from autograd_core.playground.sandbox.limits import Limits

from .common import Result, from_rounds, one_blas_thread, timed
from .workloads import CUBIC_FIT

ROUNDS = 5
ROOMY = Limits(time_limit=60.0)  # how long it takes, not whether the limit is enough
TUTORIALS = ["cubic_autograd", "cubic_custom_function", "cubic_nn", "cubic_custom_module"]


@contextlib.contextmanager
def _nothing_recorded(on_backward=None, *, keep=None, eager=False) -> Iterator[list]:
    yield []  # (record_backward's signature: run_snippet calls it the same way)


def _untraced(source: str) -> None:
    """run_snippet with no backward trace recorded: the baseline tracing is measured against."""
    recording = sandbox_run.record_backward
    sandbox_run.record_backward = _nothing_recorded
    try:
        sandbox_run.run_snippet(source, limits=ROOMY)
    finally:
        sandbox_run.record_backward = recording


def bench_tutorial(name: str) -> list[Result]:
    source = (CUBIC_FIT.parent / f"{name}.py").read_text()
    untraced, traced, explored = [], [], []
    for _ in range(ROUNDS):
        untraced.append(timed(lambda: _untraced(source))[0])
        traced.append(timed(lambda: sandbox_run.run_snippet(source, limits=ROOMY))[0])
        explored.append(timed(lambda: explore(source, limits=ROOMY))[0])
    return [
        from_rounds(f"{name}: run_snippet vs the same run untraced", traced, untraced, 1.03),
        from_rounds(f"  {name}: explore() vs run_snippet", explored, traced, 1.05),
    ]


def run() -> list[Result]:
    with one_blas_thread():
        return [row for name in TUTORIALS for row in bench_tutorial(name)]


if __name__ == "__main__":
    from .common import table

    print(table(run()))

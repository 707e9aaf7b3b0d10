"""What the safe language costs: the tutorials' full-size cubic fit run as typed on the page,
against the same fit on the plain engine (issues 13, 14 and 16).

1. run_snippet (sandbox/run.py: the interpreter, its limits, and the backward trace of every
   backward call that replay needs) against `workloads.cubic_fit` on the plain engine.
2. explore() (graph_explorer/run.py: the Graph Explorer's run, which also notes each iteration's
   leaf values for the iteration picker, then draws the kept one) against the same.
3. The slower of the two against the sandbox's default time limit, which is sized from it
   (limits.py): the aim is at most half the limit, so that a loaded machine still finishes.

CPU time (common.timed), the three measured alternately round after round so that each sees the
same machine load; the ratio is of the medians, the spread the range of the per-round ratios.

    python -m benchmarks.bench_sandbox
"""

from __future__ import annotations

import statistics

import autograd_core as ag
from autograd_core.playground.graph_explorer.run import explore
from autograd_core.playground.sandbox import run_snippet
from autograd_core.playground.sandbox.limits import DEFAULT_LIMITS, Limits

from . import workloads
from .common import Result, from_rounds, one_blas_thread, table, timed

ROUNDS = 5
# Measured with room to finish: the point is how long it takes, not whether the limit is enough.
ROOMY = Limits(time_limit=60.0)


def bench_cubic_fit() -> list[Result]:
    source = workloads.CUBIC_FIT.read_text()
    plain, sandboxed, explored = [], [], []
    timed(lambda: workloads.cubic_fit(ag, 200))  # warm up imports and caches
    for _ in range(ROUNDS):
        plain.append(timed(lambda: workloads.cubic_fit(ag))[0])
        sandboxed.append(timed(lambda: run_snippet(source, limits=ROOMY))[0])
        explored.append(timed(lambda: explore(source, limits=ROOMY))[0])
    slowest = max(statistics.median(sandboxed), statistics.median(explored))
    return [
        from_rounds(
            "cubic fit 2,000 x 2,000 through the sandbox vs the plain engine (CPU)",
            sandboxed,
            plain,
            None,
        ),
        from_rounds(
            "  the same in the Graph Explorer (explore) vs the plain engine", explored, plain, None
        ),
        Result(
            "  the slower of the two vs the default time limit",
            slowest,
            DEFAULT_LIMITS.time_limit,
            0.5,
            note="the limit wants 2x headroom on a loaded machine",
        ),
    ]


def run() -> list[Result]:
    with one_blas_thread():
        return bench_cubic_fit()


if __name__ == "__main__":
    print(table(run()))

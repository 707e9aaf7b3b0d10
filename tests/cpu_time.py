"""How much processor time the test's own thread spent on a piece of work.

A limit test must fail when a limit does not hold, and must not fail because the machine is
busy. Wall-clock time does both: on a shared test machine a run that respects its limits can
take several times longer than on a laptop. The processor time of the calling thread only grows
while this thread computes, so it measures the work a run did, whatever else the machine does:
a snippet that escapes its limits inside C code (a comparison of nested lists that doubles per
level, a billion-element product) burns seconds of it; one stopped in time burns at most its
time limit's worth.

    with thread_cpu() as spent:
        run_snippet(source)
    assert spent() < DEFAULT_LIMITS.time_limit + CPU_SLACK
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Seconds of processor time on top of a limit: start-up work outside the run's own budget
# (parsing, the static check, importing the engine the first time) on a slow processor.
CPU_SLACK = 2.0


@contextmanager
def thread_cpu() -> Iterator[Callable[[], float]]:
    """Yields a function that returns the processor seconds this thread spent since entry."""
    start = time.thread_time()
    done: list[float] = []
    try:
        yield lambda: (done[0] if done else time.thread_time()) - start
    finally:
        done.append(time.thread_time())

"""Tasks for the worker-pool tests: module-level, so a worker process can import them by name."""

from __future__ import annotations

import os
import time


def pid() -> int:
    return os.getpid()


def squares(values: list[int], *, offset: int = 0) -> list[int]:
    return [v * v + offset for v in values]


def hang() -> None:
    """A call that never returns by itself (as C code holding the GIL would not)."""
    while True:
        time.sleep(3600)


def crash() -> None:
    """A worker that dies mid-call, as a segfault in a C extension would."""
    os._exit(3)


def burn_cpu_past(seconds: float) -> None:
    """Spend CPU time in one C call after lowering this worker's CPU limit to `seconds` more:
    only the OS can stop it (SIGXCPU), as no Python code runs until the call returns."""
    from autograd_core.playground.sandbox.workers import _limit_cpu

    _limit_cpu(seconds)
    sum(range(10**12))


def spin_in_c() -> None:
    """One C call that runs for hours with Python's lock held: no Python-level limit can stop
    it, only the OS (the call's processor allowance) or the server (its deadline)."""
    sum(range(10**12))


def allocate(n_bytes: int) -> int:
    """More memory than the worker may have: refused by RLIMIT_AS inside the allocation."""
    return len(bytearray(n_bytes))


def raise_value_error(message: str) -> None:
    raise ValueError(message)


def unpicklable() -> object:
    return lambda: None


def allocate_text(n_chars: int) -> str:
    return "x" * n_chars


def warmed_up() -> bool:
    from autograd_core.playground import worker_warm_up

    return worker_warm_up.warmed_up()


def warm_up() -> None:
    """A preloaded module's warm-up that fails: the worker must still serve."""
    raise RuntimeError("this warm-up fails on purpose")

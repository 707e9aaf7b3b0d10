"""Shared by the benchmarks: side-by-side timing and the result rows they print.

Each benchmark times our code and its baseline alternately (so a busy machine slows both):
in-process baselines by the best of several rounds, PyTorch (a child process on the same
processor) by the median of paired rounds. It reports the ratio ours/baseline against the
target from the issue. Timings never decide a test: these are for people to read.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    name: str
    ours: float  # seconds (or bytes, see unit)
    baseline: float | None  # None when the baseline is unavailable (e.g. torch not installed)
    target: float | None  # the ratio we promise (ours / baseline <= target)
    unit: str = "s"
    note: str = ""
    spread: tuple[float, float] | None = None  # lowest and highest ratio seen over the rounds
    paired: float | None = None  # the median of the per-round ratios, when rounds were paired

    @property
    def ratio(self) -> float | None:
        if self.paired is not None:
            return self.paired
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


def _fmt_ratio(r: Result) -> str:
    if r.ratio is None:
        return "—"
    if r.spread is None:
        return f"{r.ratio:.2f}×"
    return f"{r.ratio:.2f}× ({r.spread[0]:.2f}–{r.spread[1]:.2f})"


# Where PyTorch may live: it is never installed next to this project, so the benchmarks that
# compare with it run it in its own environment, in a child process (see torch_side.py).
TORCH_PYTHONS = ("/work/torchenv/bin/python", "/root/torchenv/bin/python")


class TorchSide:
    """A child process running benchmarks/torch_side.py under PyTorch's Python.

    `TorchSide.start()` returns None (and says why in `TorchSide.why_not`) when no Python with
    torch is found: set AUTOGRAD_BENCH_TORCH_PYTHON to point at one."""

    why_not = ""

    def __init__(self, process: subprocess.Popen, version: str) -> None:
        self.process = process
        self.version = version
        self.processors = _ALL_PROCESSORS  # given back to this process by close()

    @classmethod
    def start(cls) -> TorchSide | None:
        chosen = os.environ.get("AUTOGRAD_BENCH_TORCH_PYTHON")
        candidates = [chosen] if chosen else [p for p in TORCH_PYTHONS if Path(p).exists()]
        if not candidates:
            cls.why_not = "no Python with torch (set AUTOGRAD_BENCH_TORCH_PYTHON)"
            return None
        script = Path(__file__).with_name("torch_side.py")
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        env.pop("PYTHONPATH", None)
        try:
            process = subprocess.Popen(
                [candidates[0], str(script)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env=env,
                preexec_fn=_same_processor(),
            )
            hello = json.loads(process.stdout.readline())
        except (OSError, ValueError) as exc:
            cls.why_not = f"torch did not start with {candidates[0]}: {exc}"
            return None
        return cls(process, hello["ready"])

    def run(self, task: str, **args: object) -> tuple[float, object]:
        """Run one workload once on torch: (seconds, the value it returned)."""
        self.process.stdin.write(json.dumps({"task": task, "args": args}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the torch process stopped while running {task}")
        answer = json.loads(line)
        return answer["seconds"], answer["value"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)
        if self.processors is not None:
            os.sched_setaffinity(0, self.processors)


_ALL_PROCESSORS = os.sched_getaffinity(0) if hasattr(os, "sched_setaffinity") else None


def _same_processor() -> Callable[[], None] | None:
    """Keep this process and the torch child on one processor (Linux). The two never run at
    once (each waits for the other's answer), and on a 2-core virtual machine the two
    processors are often one core's two hyperthreads, or share it with other guests: a round
    timed on the busier one made per-round ratios range from 0.4 to 1.1 for the same code."""
    if _ALL_PROCESSORS is None:
        return None
    here = {min(os.sched_getaffinity(0))}
    os.sched_setaffinity(0, here)
    return lambda: os.sched_setaffinity(0, here)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """(CPU seconds this process spent in fn, what fn returned). CPU time rather than wall
    time: both engines run on one thread here (torch and BLAS limited to one), so on an idle
    machine the two agree, and on a shared one the other programs' load does not count."""
    start = time.process_time()
    value = fn()
    return time.process_time() - start, value


def one_blas_thread() -> contextlib.AbstractContextManager:
    """NumPy's BLAS on one thread, like torch here (threadpoolctl, when installed; otherwise set
    OPENBLAS_NUM_THREADS=1 before starting)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def blas_note() -> str:
    """A warning for the table when NumPy's BLAS may be using several threads."""
    try:
        import threadpoolctl  # noqa: F401
    except ImportError:
        if os.environ.get("OPENBLAS_NUM_THREADS") != "1":
            return "; NumPy's BLAS not limited to 1 thread: set OPENBLAS_NUM_THREADS=1"
    return ""


def against_torch(
    name: str,
    ours: Callable[[], object],
    torch: TorchSide | None,
    task: str,
    args: dict,
    target: float | None,
    rounds: int = 21,
    warmup: int = 2,
) -> Result:
    """Time `ours` and torch's run of `task` in pairs, round after round, each going first in
    every other round (so a machine that speeds up or slows down favours neither). The ratio is
    the median of the per-round ratios, the spread their range (a busy machine shows as a wide
    spread, not as a wrong number)."""
    if torch is None:
        mine = [timed(ours)[0] for _ in range(max(3, rounds // 2))]
        return Result(name, statistics.median(mine), None, target, note=TorchSide.why_not)
    for _ in range(warmup):
        ours()
        torch.run(task, **args)
    mine, theirs = [], []
    for k in range(rounds):
        if k % 2:
            theirs.append(torch.run(task, **args)[0])
            mine.append(timed(ours)[0])
        else:
            mine.append(timed(ours)[0])
            theirs.append(torch.run(task, **args)[0])
    return from_rounds(name, mine, theirs, target, f"torch {torch.version}, 1 thread{blas_note()}")


def from_rounds(
    name: str, mine: list[float], theirs: list[float], target: float | None, note: str = ""
) -> Result:
    """The row for times measured in pairs round after round: the medians of each side, the
    median of the per-round ratios as the ratio, and their range as the spread."""
    ratios = [a / b for a, b in zip(mine, theirs)]
    return Result(
        name,
        statistics.median(mine),
        statistics.median(theirs),
        target,
        note=note,
        spread=(min(ratios), max(ratios)),
        paired=statistics.median(ratios),
    )


def table(results: list[Result]) -> str:
    header = ("benchmark", "ours", "baseline", "ratio", "target", "")
    rows = [header]
    for r in results:
        rows.append(
            (
                r.name,
                fmt_amount(r.ours, r.unit),
                fmt_amount(r.baseline, r.unit),
                _fmt_ratio(r),
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

"""The time limit counts the processor time of the thread that runs the snippet, with a
wall-clock backstop for a run that waits instead of computing.

A class of 60 sharing two cores queues for the processor: counted in wall-clock time, the queue
would stop runs that need well under their limit. Counted in processor time it cannot, and a
run that spins still stops at its limit. The clocks are injected (limits.CLOCKS), so no test
here waits for real time to pass, except the one that spins for 0.2 s of processor time.
"""

from __future__ import annotations

import time

import pytest

from autograd_core.playground.sandbox import limits
from autograd_core.playground.sandbox.errors import SnippetError
from autograd_core.playground.sandbox.limits import WALL_FACTOR, Budget, Clocks, Limits
from autograd_core.playground.sandbox.run import run_snippet

LOOP = "import torch\nx = torch.ones(3)\nfor i in range(2000):\n    y = (x * i).sum()\nprint(y)"


class FakeClock:
    """A clock that moves `step` seconds each time it is read; counts the reads."""

    def __init__(self, step: float = 0.0, start: float = 100.0) -> None:
        self.now, self.step, self.reads = start, step, 0

    def __call__(self) -> float:
        self.reads += 1
        self.now += self.step
        return self.now


def stopped(source: str, **limit_values: float) -> SnippetError:
    with pytest.raises(SnippetError) as info:
        run_snippet(source, limits=Limits(**limit_values))
    assert info.value.kind == "limit"
    return info.value


def test_a_snippet_that_spins_in_python_stops_at_its_processor_time_limit(monkeypatch):
    # Real processor time; the wall clock is the thread's processor time too, as on a machine
    # where this thread has a processor to itself (a loaded test machine would otherwise reach
    # the wall-clock backstop first, which is the next tests' subject).
    monkeypatch.setattr(limits, "CLOCKS", Clocks(cpu=time.thread_time, wall=time.thread_time))
    err = stopped(
        "n = 0\nwhile True:\n    n += 1",
        time_limit=0.2,
        max_operations=10**12,
        max_loop_iterations=10**12,
    )
    assert err.message == (
        "This snippet tried to run for more than 0.2 seconds of processor time; the limit "
        "here is 0.2 seconds of processor time."
    )
    assert err.line in (2, 3)  # the loop that spins


def test_waiting_for_a_busy_processor_does_not_use_up_the_time_limit(monkeypatch):
    # Wall time passes (the thread queues behind 59 others) but this thread computes almost
    # nothing: the run finishes although far more than time_limit seconds go by on the wall.
    wall = FakeClock(step=0.001)
    monkeypatch.setattr(limits, "CLOCKS", Clocks(cpu=FakeClock(step=0.0), wall=wall))
    result = run_snippet(LOOP, limits=Limits(time_limit=1.0))
    assert result.output == "tensor(5997.)\n"
    assert wall.now - 100.0 > 1.0  # longer than the limit, on the wall


def test_a_run_that_only_waits_is_stopped_by_the_wall_clock_backstop(monkeypatch):
    monkeypatch.setattr(limits, "CLOCKS", Clocks(cpu=FakeClock(step=0.0), wall=FakeClock(0.5)))
    err = stopped("n = 0\nwhile True:\n    n += 1", time_limit=2.0)
    assert f"more than {WALL_FACTOR * 2.0:g} seconds of wall-clock time" in err.message
    assert "2.0 seconds of processor time" in err.message
    assert err.line in (2, 3)


def test_processor_time_is_what_stops_a_run_that_computes(monkeypatch):
    # Both clocks move together (a thread with a processor to itself): the processor-time
    # limit ends the run, long before the wall-clock backstop would.
    clock = FakeClock(0.01)
    monkeypatch.setattr(limits, "CLOCKS", Clocks(cpu=clock, wall=clock))
    err = stopped(LOOP, time_limit=0.5)
    assert "0.5 seconds of processor time; the limit here is" in err.message
    assert "wall-clock" not in err.message


def test_the_processor_clock_is_read_only_when_the_limit_could_be_near(monkeypatch):
    # Reading it is a system call (about a microsecond): a thread cannot use more processor
    # time than wall time passes, so until time_limit seconds have passed on the wall, the
    # cheap wall clock is enough.
    cpu, wall = FakeClock(0.0), FakeClock(0.0001)
    monkeypatch.setattr(limits, "CLOCKS", Clocks(cpu=cpu, wall=wall))
    run_snippet(LOOP, limits=Limits(time_limit=5.0))
    assert wall.reads > 500  # the clocks were looked at throughout the run
    assert cpu.reads == 1  # at the start only


def test_max_operations_still_stops_at_exactly_its_value():
    budget = Budget(Limits(max_operations=100))
    for _ in range(100):
        budget.tick()
    with pytest.raises(SnippetError, match="more than 100 steps of work"):
        budget.tick()
    budget = Budget(Limits(max_operations=100))
    budget.charge(100)
    with pytest.raises(SnippetError, match="more than 100 steps of work"):
        budget.charge(1)


def test_every_engine_call_looks_at_the_clocks_before_it_runs(monkeypatch):
    # An interpreter step is cheap, so the clocks are looked at every few steps; an engine
    # call may not be (a reduction of a million elements, a determinant), so each one looks.
    wall = FakeClock(0.0)
    monkeypatch.setattr(limits, "CLOCKS", Clocks(cpu=FakeClock(0.0), wall=wall))
    run_snippet("import torch\nfor i in range(300):\n    torch.ones(2)", limits=Limits())
    assert wall.reads > 300


def test_limits_from_text_documents_processor_seconds():
    assert limits.limits_from_text("time_limit=1.5").time_limit == 1.5
    assert "processor" in (limits.Limits.__doc__ or "") + limits.__doc__


def test_a_worker_stopped_at_its_deadline_says_how_long_it_ran_and_the_limit():
    from autograd_core.playground.sandbox.workers import stopped_error

    err = stopped_error(12.0)
    assert err.kind == "limit"
    assert err.message == (
        "This snippet ran for more than 12 seconds, so it was stopped; the limit here is "
        f"{limits.DEFAULT_LIMITS.time_limit:g} seconds of processor time."
    )

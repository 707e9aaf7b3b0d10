"""The worker pool (sandbox.workers): learner code runs in processes the server can stop.

Every test uses a real pool of real processes; none asserts on elapsed time. The deadlines given
to `call` are the pool's parameter under test, not timing assertions."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

import pytest

from autograd_core.playground.graph_explorer.run import Exploration, explore, explore_isolated
from autograd_core.playground.sandbox import SnippetError, workers
from autograd_core.playground.sandbox.workers import InProcess, WorkerPool, isolated
from autograd_core.tensor import Tensor
from tests.playground.sandbox import worker_tasks as tasks

PRELOAD = ("autograd_core.playground.graph_explorer.run",)
PRODUCT = (
    "import torch\nx = torch.tensor(2.0, requires_grad=True)\n"
    "y = torch.tensor(3.0, requires_grad=True)\nz = x**2 * y + y**3\nz.backward()\n"
    "print(x.grad, y.grad)\n"
)


@pytest.fixture(scope="module")
def pool():
    pool = WorkerPool(size=2, preload=PRELOAD)
    yield pool
    pool.close()


def test_workers_start_ready_in_their_own_processes(pool):
    pids = {pool.call(tasks.pid) for _ in range(6)}
    assert os.getpid() not in pids
    assert pids <= set(pool.pids) and len(pool.pids) == 2


def test_a_worker_runs_its_warm_up_before_it_serves_anyone(pool):
    # The app's preload ends with a small program run once, off any learner's time limit; a
    # pool preloading only the Explorer (this module's `pool`) runs none.
    assert workers.PRELOAD[-1] == "autograd_core.playground.worker_warm_up"
    warmed = WorkerPool(size=1)
    try:
        assert warmed.call(tasks.warmed_up) is True
        assert warmed.call(explore, PRODUCT).output == "tensor(12.) tensor(31.)\n"
    finally:
        warmed.close()
    assert pool.call(tasks.warmed_up) is False


def test_a_warm_up_that_fails_does_not_stop_the_worker():
    failing = WorkerPool(size=1, preload=(*PRELOAD, "tests.playground.sandbox.worker_tasks"))
    try:
        assert failing.call(tasks.squares, [3], offset=1) == [10]
        assert failing.call(explore, PRODUCT).output == "tensor(12.) tensor(31.)\n"
    finally:
        failing.close()


def test_arguments_and_results_cross_by_value(pool):
    assert pool.call(tasks.squares, [1, 2, 3], offset=1) == [2, 5, 10]


def test_a_snippet_runs_in_a_worker_and_comes_back_as_plain_data(pool):
    exp = pool.call(explore, PRODUCT)
    assert exp.output == "tensor(12.) tensor(31.)\n"
    assert exp.graph.number_of_nodes() == 10 and len(exp.steps) > 0
    assert dict(exp.candidates.leaves) == {"x": True, "y": True}
    _assert_plain(exp)


def test_the_exploration_holds_no_engine_object_even_in_process():
    _assert_plain(explore(PRODUCT))


def _assert_plain(exp: Exploration) -> None:
    """Nothing reachable from the exploration is a Tensor or a grad_fn node."""
    seen = set()

    def walk(value, depth=0):
        if id(value) in seen or depth > 40:
            return
        seen.add(id(value))
        module = type(value).__module__
        assert not isinstance(value, Tensor)
        assert not module.startswith("autograd_core") or module.startswith(
            "autograd_core.playground"
        ), type(value)
        if isinstance(value, dict):
            for k, v in value.items():
                walk(k, depth + 1)
                walk(v, depth + 1)
        elif isinstance(value, list | tuple | set | frozenset):
            for v in value:
                walk(v, depth + 1)
        elif hasattr(value, "__dict__"):
            walk(vars(value), depth + 1)

    walk(exp)
    walk(dict(exp.graph.nodes(data=True)) if exp.graph is not None else None)
    walk(list(exp.graph.edges(data=True)) if exp.graph is not None else None)
    pickle.dumps(exp)


def test_errors_raised_by_the_call_are_raised_here_as_they_were(pool):
    with pytest.raises(ValueError, match="from the worker"):
        pool.call(tasks.raise_value_error, "from the worker")
    with pytest.raises(SnippetError) as info:
        pool.call(explore_raising, "import os")
    assert info.value.kind == "unsupported" and info.value.line == 1


def explore_raising(source: str) -> None:
    from autograd_core.playground.sandbox import run_snippet

    run_snippet(source)


def test_a_hung_worker_is_killed_at_its_deadline_and_replaced(pool):
    replaced = pool.replaced
    with pytest.raises(SnippetError) as info:
        pool.call(tasks.hang, seconds=0.5)
    assert info.value.kind == "limit" and "seconds" in info.value.message
    assert pool.replaced == replaced + 1
    assert pool.call(tasks.squares, [4]) == [16]  # the pool still answers
    assert len({pool.call(tasks.pid) for _ in range(8)}) >= 1


def test_a_crashed_worker_becomes_a_limit_error_and_is_replaced(pool):
    replaced = pool.replaced
    with pytest.raises(SnippetError) as info:
        pool.call(tasks.crash)
    assert info.value.kind == "limit" and "stopped" in info.value.message
    assert pool.replaced == replaced + 1
    assert pool.call(tasks.squares, [5]) == [25]


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_CPU and RLIMIT_AS: Linux")
def test_the_os_stops_a_worker_spinning_in_c_code_past_its_cpu_limit(pool):
    # The deadline here is far away: what ends the call is SIGXCPU from the kernel.
    with pytest.raises(SnippetError) as info:
        pool.call(tasks.burn_cpu_past, 0.5, seconds=120)
    assert info.value.kind == "limit"
    assert pool.call(tasks.squares, [6]) == [36]


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_CPU: Linux")
def test_a_call_stuck_in_c_code_is_stopped_at_its_processor_allowance_not_its_deadline(pool):
    """A page's call may use its snippet's time limit and a little more for drawing; past that
    the OS stops the worker, however far away the wall-clock deadline is, and the learner reads
    that it used too much processor time."""
    replaced = pool.replaced
    with pytest.raises(SnippetError) as info:
        pool.call(tasks.spin_in_c, seconds=600, cpu_seconds=1)
    assert info.value.kind == "limit"
    assert "more than 1 seconds of processor time" in info.value.message
    assert pool.replaced == replaced + 1
    assert pool.call(tasks.squares, [7]) == [49]


def test_every_page_gives_its_worker_a_processor_allowance_of_one_time_limit_and_drawing(
    monkeypatch,
):
    """What each page hands the worker: its snippets' shared time limit plus the margin for
    drawing, not the wall-clock deadline (which a busy machine needs to be longer)."""
    from autograd_core.playground import higher_order
    from autograd_core.playground.gradient_descent import views
    from autograd_core.playground.gradient_descent.optimizers import OptimizerChoice
    from autograd_core.playground.sandbox.limits import DEFAULT_LIMITS

    asked = []

    class Recording(InProcess):
        def call(self, fn, *args, seconds=workers.DEADLINE, cpu_seconds=None, **kwargs):
            asked.append((seconds, cpu_seconds))
            return super().call(fn, *args, **kwargs)

    previous = workers.use(Recording())
    try:
        explore_isolated("import torch\nx = torch.ones(2, requires_grad=True)\nx.sum().backward()")
        higher_order.in_worker(higher_order.check_expression, "x**2")
        views.race_in_worker(views.custom_objective("x**2"), [OptimizerChoice("SGD")])
    finally:
        workers.use(previous)
    allowance = DEFAULT_LIMITS.time_limit + workers.AFTER_THE_SNIPPET
    assert [cpu for _, cpu in asked] == [allowance] * 3
    assert all(cpu < seconds for seconds, cpu in asked)


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux")
def test_an_allocation_past_the_address_space_limit_is_refused_inside_the_worker(pool):
    with pytest.raises(SnippetError) as info:
        pool.call(tasks.allocate, 4 * 2**30)
    assert info.value.kind == "limit" and "memory" in info.value.message
    assert pool.call(tasks.allocate, 10 * 2**20) == 10 * 2**20  # a fresh worker took over


def test_results_too_big_or_not_plain_data_are_refused_in_the_worker(pool, monkeypatch):
    with pytest.raises(SnippetError, match="PicklingError|AttributeError|pickle"):
        pool.call(tasks.unpicklable)
    with pytest.raises(SnippetError) as info:
        pool.call(tasks.allocate_text, workers.MAX_RESULT_BYTES + 1)
    assert info.value.kind == "limit" and "MB" in info.value.message


def test_many_threads_share_the_pool(pool):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as threads:
        answers = list(threads.map(lambda n: pool.call(tasks.squares, [n]), range(40)))
    assert answers == [[n * n] for n in range(40)]


def test_in_process_isolation_is_the_default_for_tests_and_notebooks():
    # A fresh interpreter (this one may have started the app's pool in a page test).
    check = (
        "from autograd_core.playground.sandbox import workers\n"
        "assert isinstance(workers.current(), workers.InProcess)\n"
    )
    assert subprocess.run([sys.executable, "-c", check], timeout=120).returncode == 0
    previous = workers.use(InProcess())
    try:
        assert isolated(tasks.pid) == os.getpid()
        assert isolated(tasks.squares, [3], offset=1) == [10]
    finally:
        workers.use(previous)


def test_isolated_turns_a_stopped_run_into_the_page_error_type(pool):
    class PageError(ValueError):
        def __init__(self, message, hint=""):
            super().__init__(message)
            self.hint = hint

    previous = workers.use(pool)
    try:
        with pytest.raises(PageError) as info:
            isolated(tasks.hang, seconds=0.5, stopped_as=PageError)
        assert "seconds" in str(info.value) and info.value.hint
        exp = explore_isolated("import torch\nx = torch.ones(2)\nprint(x)")
        assert exp.output == "tensor([1., 1.])\n"
    finally:
        workers.use(previous)


def test_every_deadline_leaves_the_snippets_own_time_limit_room_to_stop_it_first():
    # The budget's message names the limit; a worker killed at its deadline can only say it was
    # stopped. So each page's deadline is longer than the runs it waits for.
    from autograd_core.playground.graph_explorer.gradient_check import CHECK_SECONDS
    from autograd_core.playground.graph_explorer.run import EXPLORE_SECONDS
    from autograd_core.playground.higher_order import FORMULA_SECONDS
    from autograd_core.playground.sandbox.limits import DEFAULT_LIMITS

    limit = DEFAULT_LIMITS.time_limit
    assert limit + 1 <= workers.DEADLINE
    assert 2 * limit + 1 <= EXPLORE_SECONDS  # the run, and the rerun of the part before an error
    assert limit + 2 * 2.0 <= FORMULA_SECONDS  # the formula, then two bounded passes
    assert limit + 1 <= CHECK_SECONDS

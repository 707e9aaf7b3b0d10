"""Run learner code in worker processes that the operating system can stop.

The interpreter bounds every piece of work before it starts, but two things are out of its
reach: C code that holds Python's global lock (a NumPy call, a comparison of huge nested lists)
cannot be interrupted by a time limit checked in Python, and an allocation inside NumPy cannot be
refused by a memory limit checked in Python. Jupyter kernels, online judges and Colab solve this
the same way: the untrusted code runs in a separate process, and the OS can stop that process.

    pool = WorkerPool(size=2)                 # starts two workers, the engine preloaded
    exp = pool.call(explore, code)            # any module-level function, plain arguments;
    pool.close()                              # the answer comes back pickled

Each worker has three limits, each a backstop for the one before it:

    the snippet's own budget     inside the worker, as before: a SnippetError with the limit's name
    RLIMIT_CPU / RLIMIT_AS       CPU seconds per call (the call's processor allowance: its
                                 snippet's time limit and what drawing it needs) and address
                                 space, set by the worker on itself where the platform has them
                                 (Linux; macOS has no RLIMIT_AS that it enforces; Windows has
                                 neither)
    the deadline                 the server waits `seconds` of wall-clock time, then kills the
                                 worker and starts a replacement; this works on every platform

A worker that is killed, crashes or runs out of memory ends the call with a SnippetError of kind
"limit", the same message a learner sees when the budget stops a snippet. Arguments and results
cross the process boundary by pickling, so they are plain data: the page process never holds an
engine object built from learner code.

Workers are started with the "spawn" method on every platform (what macOS and Windows use anyway,
and the only safe choice in a server with threads), so behaviour is the same everywhere.

`InProcess` runs the same functions directly, for unit tests and notebooks; `use()` chooses what
`isolated()` (the one entry point the pages use) runs on. The app chooses a WorkerPool at start
(ui/shell.py); everything else defaults to InProcess.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import os
import pickle
import queue
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import AuthenticationError, Listener
from typing import Any, Protocol, TypeVar

from .errors import KIND_HINTS, SnippetError
from .limits import DEFAULT_LIMITS

T = TypeVar("T")
_SIGXCPU = getattr(signal, "SIGXCPU", None)  # what RLIMIT_CPU sends (not on Windows)

# Seconds of wall-clock time per call: a snippet's own budget (time_limit) stops it first, and a
# page may run code twice (the Graph Explorer reruns the part before an error) and then draw.
DEADLINE = 2 * DEFAULT_LIMITS.time_limit + 2.0
# Processor seconds a page's call may use past its snippets' time limit (which they share):
# drawing the graph, building a race's surface. The OS stops a worker that goes past both.
AFTER_THE_SNIPPET = 2.0
MEMORY_HEADROOM = 768 * 2**20  # address space a call may add on top of the preloaded worker
MAX_RESULT_BYTES = 16 * 2**20  # what one call may send back to the server (and a session keep)
MAX_CALLS = 500  # calls per worker before it is replaced by a fresh one (bounds slow leaks)
WAIT_FOR_WORKER = 60.0  # seconds a call may queue for a free worker before giving up


def _limit_error(message: str) -> SnippetError:
    return SnippetError(message, kind="limit", error_type="LimitExceeded", hint=KIND_HINTS["limit"])


def stopped_error(seconds: float) -> SnippetError:
    """What a learner reads when the worker had to be stopped at its wall-clock deadline (the
    snippet's own budget counts processor time, and stops it first unless it was stuck in C
    code or waiting): how long it ran, and the limit, in the words of the budget's message."""
    return _limit_error(
        f"This snippet ran for more than {seconds:g} seconds, so it was stopped; the limit "
        f"here is {DEFAULT_LIMITS.time_limit:g} seconds of processor time."
    )


def cpu_error(cpu_seconds: float) -> SnippetError:
    """What a learner reads when the OS stopped the worker at its processor allowance (the
    snippet's own budget stops it first unless it was stuck in C code)."""
    return _limit_error(
        f"This snippet used more than {math.ceil(cpu_seconds):g} seconds of processor time, so it "
        f"was stopped; the limit here is {DEFAULT_LIMITS.time_limit:g} seconds of processor time."
    )


def crashed_error() -> SnippetError:
    return _limit_error(
        "This snippet used more memory or computer time than the playground allows, so it "
        "was stopped."
    )


class Isolation(Protocol):
    def call(
        self,
        fn: Callable[..., T],
        *args: Any,
        seconds: float = DEADLINE,
        cpu_seconds: float | None = None,
        **kwargs: Any,
    ) -> T: ...


class InProcess:
    """Run the function right here: for tests, notebooks and the engine's own examples."""

    def call(
        self,
        fn: Callable[..., T],
        *args: Any,
        seconds: float = DEADLINE,
        cpu_seconds: float | None = None,
        **kwargs: Any,
    ) -> T:
        return fn(*args, **kwargs)


# --- the worker side -------------------------------------------------------------------------


def serve(conn: Any, headroom: int, preload: tuple[str, ...]) -> None:
    """The worker's main loop: preload, limit itself, then run calls until told to stop.

    What `fn` raises goes back to be raised in the server, as if the call had been made there
    (a SnippetError, a page's own FormulaError); only a MemoryError (the address-space limit)
    ends the worker, since the heap may be left in pieces."""
    import importlib

    modules = [importlib.import_module(name) for name in preload]
    for module in modules:
        _warm_up(module)
    _limit_memory(headroom)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        fn, args, kwargs, cpu_seconds = message
        _limit_cpu(cpu_seconds)
        retiring = False
        try:
            reply: tuple[str, Any, bool] = ("ok", fn(*args, **kwargs), retiring)
        except MemoryError:
            retiring = True
            reply = ("error", crashed_error(), retiring)
        except Exception as exc:
            reply = ("error", exc, retiring)
        conn.send_bytes(_packed(reply))
        if retiring:
            return


def _warm_up(module: Any) -> None:
    """Run a preloaded module's `warm_up()`, if it has one, before the first call: work that
    Python and NumPy do only once is then not charged to the first learner's time limit."""
    warm_up = getattr(module, "warm_up", None)
    # If it fails the worker still serves: a real problem shows again in the first call.
    with contextlib.suppress(Exception):
        if warm_up is not None:
            warm_up()


def _packed(reply: tuple[str, Any, bool]) -> bytes:
    """The reply pickled, or an error saying why it cannot be sent (too big, not plain data)."""
    try:
        data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # not plain data: a bug of ours, reported as one
        error = SnippetError(f"{type(exc).__name__}: {exc}"[:500], kind="runtime")
        return pickle.dumps(("error", error, reply[2]))
    if len(data) > MAX_RESULT_BYTES:
        return pickle.dumps(
            (
                "error",
                _limit_error(
                    f"This snippet's result is {len(data) / 2**20:,.0f} MB, too much to show; "
                    f"the limit here is {MAX_RESULT_BYTES // 2**20} MB: make the tensors smaller."
                ),
                reply[2],
            )
        )
    return data


def _limit_memory(headroom: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the deadline still applies
        return
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a killed worker leaves no core file
        with open("/proc/self/statm") as f:
            used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        used = 512 * 2**20  # macOS: no /proc; the limit is not enforced there anyway
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = used + headroom
        if hard == resource.RLIM_INFINITY or wanted <= hard:
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError):  # a platform that cannot set it
        pass


def _limit_cpu(seconds: float) -> None:
    """Allow this call `seconds` more CPU seconds, rounded up to a whole second (the limit counts
    the worker's whole life, so it is moved forward before each call); past it the OS ends the
    worker with SIGXCPU."""
    try:
        import resource
    except ImportError:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        wanted = math.ceil(used + seconds)
        if hard == resource.RLIM_INFINITY or wanted <= hard:
            resource.setrlimit(resource.RLIMIT_CPU, (wanted, hard))
    except (ValueError, OSError):
        pass


# --- the server side -------------------------------------------------------------------------

PRELOAD = (  # what every page runs in a worker: imported once, before the first call
    "autograd_core.playground.graph_explorer.run",
    "autograd_core.playground.higher_order",
    "autograd_core.playground.tensors_vjp",
    "autograd_core.playground.gradient_descent",
    "autograd_core.playground.worker_warm_up",  # and one small program run (see its docstring)
)


class _Worker:
    """One worker process: a fresh Python (`python -m ...sandbox.worker_main`) that connects back
    over a local socket (a named pipe on Windows) with a one-time key. Started as a new
    interpreter rather than with multiprocessing.Process: Streamlit runs each page as the module
    `__main__`, which multiprocessing's spawn would import again in the child, running the page
    there."""

    def __init__(self, headroom: int, preload: tuple[str, ...]) -> None:
        key = secrets.token_bytes(32)
        self.listener = Listener(authkey=key)
        env = {
            **os.environ,
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
        }
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p and os.path.isdir(p))
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "autograd_core.playground.sandbox.worker_main",
                str(self.listener.address),
                str(headroom),
                ",".join(preload),
            ],
            stdin=subprocess.PIPE,
            env=env,
        )
        assert self.process.stdin is not None
        self.process.stdin.write(key)  # the key never appears on a command line
        self.process.stdin.close()
        self.conn: Any = None
        self.calls = 0

    def wait_ready(self, timeout: float) -> bool:
        """Accept the worker's connection and its "ready" (after it preloaded the engine)."""
        accepted: list[Any] = []
        thread = threading.Thread(target=self._accept, args=(accepted,), daemon=True)
        thread.start()
        deadline = time.monotonic() + timeout
        while thread.is_alive() and time.monotonic() < deadline and self.process.poll() is None:
            thread.join(0.05)
        if not accepted:
            self.listener.close()  # ends a pending accept
            return False
        self.conn = accepted[0]
        self.listener.close()
        left = max(0.0, deadline - time.monotonic())
        try:
            return bool(self.conn.poll(left)) and self.conn.recv()[0] == "ready"
        except (EOFError, OSError):
            return False

    def _accept(self, accepted: list[Any]) -> None:
        with contextlib.suppress(OSError, EOFError, AuthenticationError):
            accepted.append(self.listener.accept())

    def alive(self) -> bool:
        return self.process.poll() is None

    def ended_by(self, signal_number: int | None) -> bool:
        """Did the process end (or end within a moment) by this signal?"""
        if signal_number is None:
            return False
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=2)
        return self.process.returncode == -signal_number

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        if self.conn is not None:
            self.conn.close()
        self.listener.close()


class WorkerPool:
    """`size` pre-started worker processes; `call` runs a function in a free one.

    Thread-safe: each Streamlit session's thread takes a worker, waits for its answer, gives it
    back. A worker that overruns its deadline is killed and replaced in the background.
    """

    def __init__(
        self,
        size: int | None = None,
        *,
        headroom: int = MEMORY_HEADROOM,
        preload: tuple[str, ...] = PRELOAD,
        max_calls: int = MAX_CALLS,
        start_timeout: float = 60.0,
    ) -> None:
        self.size = max(1, size or os.cpu_count() or 1)
        self.headroom = headroom
        self.preload = preload
        self.max_calls = max_calls
        self.start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.replaced = 0  # workers killed or lost and started again (for tests and logs)
        starting = [self._start() for _ in range(self.size)]
        for worker in starting:
            self._ready(worker)

    def _start(self) -> _Worker:
        worker = _Worker(self.headroom, self.preload)
        with self._lock:
            self._all.add(worker)
        return worker

    def _ready(self, worker: _Worker) -> None:
        if worker.wait_ready(self.start_timeout) and not self._closed:
            self._idle.put(worker)
        else:
            self._discard(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._all.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        """Stop `worker`; start another in the background (the caller gets its answer now)."""
        self._discard(worker)
        if self._closed:
            return
        self.replaced += 1
        fresh = self._start()
        threading.Thread(target=self._ready, args=(fresh,), daemon=True).start()

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all]

    def call(
        self,
        fn: Callable[..., T],
        *args: Any,
        seconds: float = DEADLINE,
        cpu_seconds: float | None = None,
        **kwargs: Any,
    ) -> T:
        """fn(*args, **kwargs) in a worker; raises what fn raised (a SnippetError), or a limit
        SnippetError when the worker had to be stopped: at `seconds` of wall-clock time by this
        process, or at `cpu_seconds` of processor time (default `seconds`) by the OS."""
        if self._closed:
            raise SnippetError(
                "The playground is shutting down: run your code again in a moment.", kind="limit"
            )
        cpu = seconds if cpu_seconds is None else cpu_seconds
        try:
            worker = self._idle.get(timeout=WAIT_FOR_WORKER)
        except queue.Empty:
            raise SnippetError(
                "The playground is very busy right now: try again in a minute.",
                kind="limit",
                hint="Many people are running code at once; your code was not run.",
            ) from None
        try:
            worker.conn.send((fn, args, kwargs, cpu))
            if not worker.conn.poll(seconds):
                self._replace(worker)
                raise stopped_error(seconds)
            kind, payload, retiring = pickle.loads(worker.conn.recv_bytes())
        except (EOFError, OSError, pickle.UnpicklingError):
            stopped_for_cpu = worker.ended_by(_SIGXCPU)
            self._replace(worker)
            raise (cpu_error(cpu) if stopped_for_cpu else crashed_error()) from None
        worker.calls += 1
        if retiring or worker.calls >= self.max_calls:
            self._replace(worker)  # it stopped itself (after a MemoryError) or did its share
        else:
            self._idle.put(worker)
        if kind == "error":
            raise payload
        return payload

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            with contextlib.suppress(OSError, AttributeError):  # (one still starting: no conn)
                worker.conn.send(None)
            worker.stop()
        with self._lock:
            self._all.clear()


# --- which one the pages use ---------------------------------------------------------------

_current: Isolation = InProcess()
_current_lock = threading.Lock()


def use(isolation: Isolation) -> Isolation:
    """Make `isolation` what `isolated` runs on (returns the previous one)."""
    global _current
    with _current_lock:
        previous, _current = _current, isolation
    return previous


def current() -> Isolation:
    return _current


def use_worker_processes(size: int | None = None) -> Isolation:
    """Start the process pool once per server (later calls return the same one). Set the
    environment variable PLAYGROUND_WORKERS=0 to run in-process instead (debugging only: then a
    snippet can stall the server)."""
    global _current
    with _current_lock:
        if isinstance(_current, WorkerPool):
            return _current
        if os.environ.get("PLAYGROUND_WORKERS", "").strip() == "0":
            return _current
        if size is None and os.environ.get("PLAYGROUND_WORKERS", "").strip().isdigit():
            size = int(os.environ["PLAYGROUND_WORKERS"])
        _current = WorkerPool(size)
        atexit.register(_current.close)  # workers also leave by themselves when we are gone
        return _current


def isolated(
    fn: Callable[..., T],
    *args: Any,
    seconds: float = DEADLINE,
    cpu_seconds: float | None = None,
    stopped_as: Callable[[str, str], Exception] | None = None,
    **kwargs: Any,
) -> T:
    """fn(*args, **kwargs) on the chosen isolation: a worker process in the app, in-process
    elsewhere. `fn` must be a module-level function and the arguments plain data (pickled).

    A SnippetError (the worker stopped, or fn let one out) is raised as
    `stopped_as(message, hint)` when given: a page's own error type (FormulaError, ...)."""
    try:
        return _current.call(fn, *args, seconds=seconds, cpu_seconds=cpu_seconds, **kwargs)
    except SnippetError as error:
        if stopped_as is None:
            raise
        raise stopped_as(error.message, error.hint) from None


__all__ = [
    "AFTER_THE_SNIPPET",
    "DEADLINE",
    "InProcess",
    "Isolation",
    "WorkerPool",
    "current",
    "isolated",
    "use",
    "use_worker_processes",
]

"""Resource limits, and the Budget that enforces them while a snippet runs.

The playground runs code typed by anyone on a shared server, so every kind of work a snippet can
ask for is bounded, and each bound is checked *before* the work is done: the size of a tensor
before NumPy allocates it, the size of `"a" * n` before the string is built, the bit length of
`9 ** 9 ** 9` before Python starts multiplying. Exceeding a limit stops the snippet with a
SnippetError of kind "limit" that names the limit and its value.

Defaults are sized so that the tutorials' classic full-size programs run (2,000 steps of fitting
a cubic to 2,000 points, a 3-epoch linear regression from scratch on 1,000 examples), while no
input runs for more than a few seconds or makes the process hold more than a couple of hundred
MB more than before it started. Time is counted as processor (CPU) seconds of the thread that
runs the snippet (time.thread_time), so a busy server, where a run waits its turn for a
processor, does not stop runs that would finish; a wall-clock backstop of WALL_FACTOR times the
limit still ends a run that waits instead of computing. Memory is measured, not estimated: every
few MB of tensors made and every 65,536 steps, the growth of the process's resident memory
(/proc/self/statm) and of what malloc has handed out (glibc's mallinfo2, which is where NumPy's
arrays live) is checked, so a run that keeps what it makes is stopped, while one that makes and
frees the same-sized tensors 2,000 times is not (Linux; elsewhere only the sizes above bound
it). A deployment changes the limits without touching code: see `limits_from_text` and the
README ("Typing code into a public page").

The Budget is also the engine's Guard (autograd_core.guard): installed in `guard.active` for the
duration of a run, it hears about every tensor before it is allocated (`check_numel`) and every
recorded graph node (`count_node`), which is how `torch.ones(10**9)` or a broadcast to a billion
elements is stopped inside the engine.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

from .errors import KIND_HINTS, SnippetError
from .values import DICT_VIEWS, expanded_size

LIMIT_HINT = KIND_HINTS["limit"]
_WALKED = (list, tuple, dict, *DICT_VIEWS)  # what CPython walks item by item to compare


@dataclass(frozen=True)
class Limits:
    """Every bound on one run of a snippet. Frozen: share one instance between threads."""

    max_source_chars: int = 20_000  # the longest tutorial cell is ~2,500 characters
    max_ast_nodes: int = 10_000  # syntax tree size (a 2,500-character cell has ~700 nodes)
    max_nesting: int = 50  # depth of the syntax tree: blocks inside blocks, brackets in brackets
    max_loop_iterations: int = 1_000_000  # total over all loops (and comprehensions) of the run
    max_operations: int = 5_000_000  # expression steps, plus work charged by size (see charge)
    max_tensor_elements: int = 1_000_000  # in any one tensor (4 MB of float32)
    max_total_elements: int = 500_000_000  # all tensors created in the run together (work)
    max_memory_mb: int = 256  # growth of the process's resident memory during the run
    max_call_depth: int = 50  # calls of the snippet's own functions inside each other
    max_int_bits: int = 10_000  # Python integers (about 3,000 decimal digits)
    max_string_length: int = 100_000  # any one string
    max_container_length: int = 100_000  # any one list, tuple or dict
    max_walked_items: int = 1_000_000  # items one comparison, sort or search walks through,
    # a list shared twice counting twice (see values.expanded_size)
    max_format_width: int = 1_000  # width and precision in format specs (f"{x:>1000}")
    max_output_chars: int = 100_000  # everything printed
    max_graph_nodes: int = 100_000  # operations recorded for autograd in the run
    max_matmul_work: int = 200_000_000  # multiply-adds in one matrix product
    time_limit: float = 2.0  # seconds of processor (CPU) time of the thread running the snippet;
    # and WALL_FACTOR times as many of wall-clock time, waiting included (the README says why)


DEFAULT_LIMITS = Limits()

# How each limit reads in a message: "This snippet tried to <what>; the limit here is <value>."
_WHAT = {
    "max_source_chars": ("be {n:,} characters long", "{limit:,} characters"),
    "max_ast_nodes": ("have {n:,} syntax elements", "{limit:,}"),
    "max_nesting": ("nest code {n:,} levels deep", "{limit:,} levels"),
    "max_loop_iterations": ("run more than {limit:,} loop iterations", "{limit:,}"),
    "max_operations": ("do more than {limit:,} steps of work", "{limit:,}"),
    "max_tensor_elements": ("create a tensor with {n:,} elements", "{limit:,}"),
    "max_total_elements": (
        "create more than {limit:,} tensor elements in total",
        "{limit:,}",
    ),
    "max_int_bits": ("make a number with about {n:,} bits", "{limit:,} bits"),
    "max_string_length": ("make a string of {n:,} characters", "{limit:,}"),
    "max_container_length": ("make a collection of {n:,} items", "{limit:,}"),
    "max_walked_items": (
        "compare, sort or search through more than {limit:,} items of nested lists (a list "
        "that appears twice inside another counts twice)",
        "{limit:,}",
    ),
    "max_format_width": ("format a value {n:,} characters wide", "{limit:,}"),
    "max_output_chars": ("print more than {limit:,} characters", "{limit:,}"),
    "max_graph_nodes": ("record more than {limit:,} graph operations", "{limit:,}"),
    "max_matmul_work": ("multiply matrices needing {n:,} multiply-adds", "{limit:,}"),
    "max_memory_mb": ("use more than {limit:,} MB of memory", "{limit:,} MB"),
    "max_call_depth": (
        "call functions more than {limit:,} levels deep (a recursion that does not stop?)",
        "{limit:,} levels",
    ),
    "time_limit": (
        "run for more than {limit} seconds of processor time",
        "{limit} seconds of processor time",
    ),
}


def limit_error(name: str, limits: Limits, n: int | None = None) -> SnippetError:
    """The SnippetError for hitting `name` (a Limits field), having tried `n`."""
    limit = getattr(limits, name)
    what, value = _WHAT[name]
    message = (
        f"This snippet tried to {what.format(n=n if n is not None else limit, limit=limit)}; "
        f"the limit here is {value.format(limit=limit)}."
    )
    return SnippetError(message, kind="limit", error_type="LimitExceeded", hint=LIMIT_HINT)


def wall_time_error(limits: Limits) -> SnippetError:
    """The SnippetError for a run stopped by the wall-clock backstop: it waited (for a busy
    machine, say) rather than computed, so the processor-time limit alone would never end it."""
    wall = WALL_FACTOR * limits.time_limit
    return SnippetError(
        f"This snippet tried to run for more than {wall:g} seconds of wall-clock time (the "
        f"limit is {limits.time_limit} seconds of processor time, and {WALL_FACTOR:g} times "
        "that in all, waiting included); the server may be busy: try again in a moment.",
        kind="limit",
        error_type="LimitExceeded",
        hint=LIMIT_HINT,
    )


@dataclass(frozen=True)
class Clocks:
    """Where a Budget reads the time (tests hand it fake clocks: no test waits for a real one).

    cpu: processor seconds of the calling thread, which only grow while it computes, so 60
    learners sharing 2 cores do not use up each other's time limit by queueing.
    wall: wall-clock seconds, for the backstop that ends a run which waits instead.
    """

    cpu: Callable[[], float] = time.thread_time
    wall: Callable[[], float] = time.monotonic


CLOCKS = Clocks()
# The wall-clock backstop, as a multiple of time_limit: a run that gets a tenth of a processor
# (threads of one process queueing for its lock, a test machine running 4 suites on 2 cores)
# still finishes, and one that waits for ever does not. (A worker process has a processor to
# itself and its own wall-clock deadline, workers.DEADLINE, which ends a stuck run sooner.)
WALL_FACTOR = 10.0
# Interpreter steps between two looks at the clocks (the wall clock, and the processor clock
# only when it could be past its limit). An engine call looks before it runs (calls.py), and
# work charged by size crosses the line at once, so a step that takes long is noticed next.
_CLOCK_STRIDE = 16


class Budget:
    """What one run has used so far, checked against its Limits.

    Implements autograd_core.guard.Guard. One Budget per run, used by one thread only.
    """

    def __init__(self, limits: Limits, clocks: Clocks | None = None) -> None:
        self.limits = limits
        # (check_numel's two limits, read for every tensor the engine makes)
        self.max_tensor_elements = limits.max_tensor_elements
        self.max_total_elements = limits.max_total_elements
        self.operations = 0
        self.loop_iterations = 0
        self.total_elements = 0
        self.graph_nodes = 0
        self.output_chars = 0
        self.clocks = clocks or CLOCKS
        self.cpu_deadline = self.clocks.cpu() + limits.time_limit
        wall = self.clocks.wall()
        self.wall_deadline = wall + WALL_FACTOR * limits.time_limit
        # The thread cannot use more processor time than wall-clock time passes, so the
        # (slow: a system call) processor clock need not be read before this wall time.
        self.cpu_unread_until = wall + limits.time_limit
        # The next operation count at which checkpoint() runs: every _CLOCK_STRIDE steps, and
        # exactly at the step that goes over max_operations.
        self.next_check = 0
        self.memory_start = memory_used()
        self.next_memory_check = _MEMORY_CHECK_STEPS
        # check_numel's one comparison for both element counts: the total past which the run
        # is refused or the memory is looked at next, whichever comes first (_numel_mark)
        self.memory_elements_at = _MEMORY_CHECK_ELEMENTS
        self.elements_mark = min(self.max_total_elements, self.memory_elements_at)
        self.max_graph_nodes = limits.max_graph_nodes
        # Called before each look at the memory: lets go of what the run holds only to look at
        # later (the interpreter's pending records), so that it is neither counted nor kept
        # alive for long: a look comes every _MEMORY_CHECK_ELEMENTS elements made.
        self.release: Callable[[], None] | None = None
        self.schedule_check()

    def fail(self, name: str, n: int | None = None) -> SnippetError:
        return limit_error(name, self.limits, n)

    # --- time and work --------------------------------------------------------------------------

    def tick(self) -> None:
        """One step of the interpreter (called for every expression and statement; the
        interpreter's hot paths inline these three lines)."""
        self.operations += 1
        if self.operations >= self.next_check:
            self.checkpoint()

    def charge(self, work: int) -> None:
        """Count work proportional to a size (copying a list, building a string) as steps, so
        that building big things in a loop runs out of budget long before memory does. Work of
        _CLOCK_STRIDE steps or more looks at the clocks at once."""
        self.operations += int(work)
        if self.operations >= self.next_check:
            self.checkpoint()

    def checkpoint(self) -> None:
        """Every _CLOCK_STRIDE steps (and whenever charged work crosses that line): the step
        count, the time limits, and every 65,536 steps the memory. (check_clocks and
        schedule_check written out: this runs every few microseconds.)"""
        operations, limits = self.operations, self.limits
        if operations > limits.max_operations:
            raise self.fail("max_operations")
        wall = self.clocks.wall()
        if wall >= self.cpu_unread_until or wall > self.wall_deadline:
            self.check_clocks()
        if operations >= self.next_memory_check:
            self.next_memory_check = operations + _MEMORY_CHECK_STEPS
            self.check_memory()
        next_check = operations + _CLOCK_STRIDE
        self.next_check = (
            next_check if next_check <= limits.max_operations else (limits.max_operations + 1)
        )

    def schedule_check(self) -> None:
        self.next_check = min(self.operations + _CLOCK_STRIDE, self.limits.max_operations + 1)

    def check_clocks(self) -> None:
        """Stop the run past its processor-time limit, or past WALL_FACTOR times that in
        wall-clock time (a run that waits, e.g. for other threads, still ends). Cheap: the
        processor clock is read only once enough wall time has passed for it to matter."""
        wall = self.clocks.wall()
        if wall >= self.cpu_unread_until:
            cpu = self.clocks.cpu()
            if cpu > self.cpu_deadline:
                raise self.fail("time_limit")
            self.cpu_unread_until = wall + (self.cpu_deadline - cpu)
        if wall > self.wall_deadline:
            raise wall_time_error(self.limits)

    def check_memory(self) -> None:
        """Stop the run if the process holds more than max_memory_mb more than at its start."""
        if self.release is not None:
            self.release()
        now = memory_used()
        if self.memory_start is None or now is None:
            return
        grown = max(now[0] - self.memory_start[0], now[1] - self.memory_start[1])
        if grown > self.limits.max_memory_mb * 2**20:
            raise self.fail("max_memory_mb")

    def charge_items(self, n: int) -> None:
        """Creating a list/tuple/dict of n items (8 bytes of reference each)."""
        self.check_container(n)
        self.charge(n // 4 + 1)

    def charge_chars(self, n: int) -> None:
        """Creating a string of n characters."""
        self.check_string(n)
        self.charge(n // 16 + 1)

    def loop_iteration(self) -> None:
        self.loop_iterations += 1
        if self.loop_iterations > self.limits.max_loop_iterations:
            raise self.fail("max_loop_iterations")
        self.tick()

    # --- sizes ----------------------------------------------------------------------------------

    def check_container(self, n: int) -> None:
        if n > self.limits.max_container_length:
            raise self.fail("max_container_length", n)

    def check_string(self, n: int) -> None:
        if n > self.limits.max_string_length:
            raise self.fail("max_string_length", n)

    def check_walk(self, *values: object) -> None:
        """Before CPython walks `values` in C (==, <, in, sorted, max, list.index): refuse
        nested lists whose shared parts make the walk exponential, and charge for the rest."""
        if not any(isinstance(v, _WALKED) for v in values):
            return
        n = expanded_size(values, self.limits.max_walked_items)
        if n > self.limits.max_walked_items:
            raise self.fail("max_walked_items")
        self.charge(n // 16 + 1)

    def check_int_bits(self, bits: int) -> None:
        if bits > self.limits.max_int_bits:
            raise self.fail("max_int_bits", bits)

    def check_width(self, n: int) -> None:
        if n > self.limits.max_format_width:
            raise self.fail("max_format_width", n)

    def check_matmul(self, work: int) -> None:
        if work > self.limits.max_matmul_work:
            raise self.fail("max_matmul_work", work)

    def check_output(self, n: int) -> None:
        """Would printing n more characters stay within the output limit? (Asked before the
        text is put together.)"""
        if self.output_chars + n > self.limits.max_output_chars:
            raise self.fail("max_output_chars")

    def output(self, n: int) -> None:
        """Printing n more characters."""
        if self.output_chars + n > self.limits.max_output_chars:
            raise self.fail("max_output_chars")
        self.output_chars += n
        self.charge(n // 16 + 1)

    # --- the engine's Guard protocol ------------------------------------------------------------

    def check_numel(self, numel: int, what: str) -> None:
        """Called by the engine before it allocates a tensor of `numel` elements (an int)."""
        if numel > self.max_tensor_elements:
            raise self.fail("max_tensor_elements", numel)
        self.total_elements += numel
        # One engine call can create many tensors (x.unbind() of a long vector): count each
        # (every _CLOCK_STRIDE of them, or each big one, looks at the clock), so that such a
        # call is interrupted too. (charge(), written out: this runs for every tensor made.)
        self.operations += 1 + (numel >> 10)
        if self.total_elements > self.elements_mark:
            self._numel_mark()
        if self.operations >= self.next_check:
            self.checkpoint()

    def _numel_mark(self) -> None:
        """The total of elements passed check_numel's mark: refuse the run past the limit, and
        look at the memory every _MEMORY_CHECK_ELEMENTS elements (about 4-8 MB of tensors)."""
        total = self.total_elements
        if total > self.max_total_elements:
            raise self.fail("max_total_elements")
        if total > self.memory_elements_at:
            self.memory_elements_at = total + _MEMORY_CHECK_ELEMENTS
            self.check_memory()
        self.elements_mark = min(self.max_total_elements, self.memory_elements_at)

    def check_products(self, multiply_adds: int, what: str) -> None:
        """Called by the engine before every matrix product (integer ones do not use BLAS:
        a 1000 x 1000 one takes seconds), and counted as work."""
        self.check_matmul(multiply_adds)
        self.charge(multiply_adds // 100_000 + 1)

    def check_work(self, steps: int, what: str) -> None:
        """Called by the engine before work of `steps` steps (walking a module tree)."""
        self.charge(steps)

    def check_text(self, chars: int, what: str) -> None:
        """Called by the engine before it builds text at least `chars` long (a tensor's repr):
        refused past the string limit, counted as work otherwise."""
        self.check_string(chars)
        self.charge(chars // 16 + 1)

    def count_node(self) -> None:
        """Called by the engine for every operation it records in the graph."""
        self.graph_nodes += 1
        if self.graph_nodes > self.max_graph_nodes:
            raise self.fail("max_graph_nodes")


# --- memory -------------------------------------------------------------------------------------

_MEMORY_CHECK_STEPS = 65_536
_MEMORY_CHECK_ELEMENTS = 1_000_000  # about 4-8 MB of tensors between two looks
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _malloc_in_use() -> Any:
    """glibc's count of bytes malloc has handed out and not had back (None elsewhere). NumPy
    allocates through malloc, so this sees tensors exactly, freed ones not counted; resident
    memory alone would miss a run that reuses memory an earlier run freed."""
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        info = libc.mallinfo2
    except (OSError, AttributeError, ImportError):
        return None

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
            "fordblks", "keepcost")]  # fmt: skip

    info.restype = MallInfo2

    def in_use() -> int:
        got = info()
        return int(got.uordblks + got.hblkhd)

    return in_use


_IN_USE = _malloc_in_use()


def memory_used() -> tuple[int, int] | None:
    """(resident bytes, bytes malloc has handed out) now; None where /proc is missing."""
    resident = resident_bytes()
    if resident is None:
        return None
    return resident, _IN_USE() if _IN_USE is not None else 0


def resident_bytes() -> int | None:
    """The process's resident memory now (Linux; None where /proc is not available)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


# --- limits chosen by a deployment --------------------------------------------------------------


def limits_from_text(text: str, base: Limits = DEFAULT_LIMITS) -> Limits:
    """Limits from `name=value` pairs separated by commas, spaces or new lines, e.g.
    "time_limit=1.5, max_memory_mb=512": how a deployment sets them (the app reads the text from
    the PLAYGROUND_LIMITS environment variable; see the README). time_limit is in seconds of
    processor time (the wall-clock backstop is WALL_FACTOR times it). Unknown names and values
    that are not positive numbers raise ValueError naming them.

    >>> limits_from_text("time_limit=1.5 max_call_depth=20").time_limit
    1.5
    """
    kinds = {f.name: f.type for f in fields(Limits)}
    changes: dict[str, int | float] = {}
    for item in text.replace(",", " ").split():
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or name not in kinds:
            known = ", ".join(sorted(kinds))
            raise ValueError(f"unknown limit {name!r} in {text!r} (known: {known})")
        try:
            number = (
                float(value) if kinds[name] in (float, "float") else int(value.replace("_", ""))
            )
        except ValueError:
            raise ValueError(f"limit {name} must be a number, not {value!r}") from None
        if number <= 0:
            raise ValueError(f"limit {name} must be positive, not {value!r}")
        changes[name] = number
    return replace(base, **changes)

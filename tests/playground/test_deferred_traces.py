"""A training loop's backward passes that no page keeps are run unreported, and the last one is
run again, reported, when it is looked at (tracing.Tracer.begin, BackwardTrace.defer): what
the pages show must be exactly what recording every pass as it ran shows, and the program
itself must not notice (its output, its .grad values, its hooks run once)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from autograd_core import tracing
from autograd_core.playground.graph_explorer.run import explore
from autograd_core.playground.sandbox.limits import Limits
from autograd_core.playground.sandbox.run import KEPT_TRACES, run_snippet

LIMITS = Limits(time_limit=120)

HEAD = """\
import torch

torch.manual_seed(0)
x = torch.linspace(-1, 1, 20)
y = 3 * x ** 2 - 1
w = torch.randn((), requires_grad=True)
b = torch.zeros(1, requires_grad=True)
"""

PROGRAMS = {
    # .grad is never zeroed: every pass after the first adds into a .grad it must see as it was
    "grads accumulate, saved leaf written after": HEAD
    + """\
for step in range(41):
    loss = ((w * x ** 2 + b - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w.mul_(0.9)
        w.add_(-0.01 * w.grad)
        b.sub_(0.01 * b.grad)
print(w.grad, b.grad)
""",
    # a gradient given to backward, written into afterwards
    "given gradient changed after": HEAD
    + """\
g = torch.ones(20)
for step in range(31):
    out = w * x + b
    out.backward(g)
    g.mul_(1.5)
    with torch.no_grad():
        w -= 0.001 * w.grad
    w.grad = None
    b.grad.zero_()
print(w, b.grad)
""",
    # two backward calls through one graph per iteration
    "retain_graph twice": HEAD
    + """\
for step in range(25):
    loss = ((w * x + b - y) ** 2).sum()
    loss.backward(retain_graph=True)
    loss.backward()
    with torch.no_grad():
        w -= 0.001 * w.grad
        b -= 0.001 * b.grad
    w.grad = None
    b.grad = None
print(w)
""",
    # the last pass is refused (an odd count of passes: the last is one no one keeps): a saved value was changed in place before it ran
    "last pass refused": HEAD
    + """\
for step in range(31):
    h = w * x
    loss = (h * h).sum()
    if step == 30:
        with torch.no_grad():
            h.add_(1.0)
    loss.backward()
    with torch.no_grad():
        w -= 0.0001 * w.grad
    w.grad = None
""",
}


def _drawn(exp) -> bytes:
    """Everything the page draws from a run, to the bit."""
    graph = exp.graph
    nodes = list(graph.nodes(data=True)) if graph is not None else None
    edges = list(graph.edges(data=True)) if graph is not None else None
    error = (exp.error.kind, str(exp.error), exp.error.line) if exp.error else None
    return pickle.dumps((exp.steps, nodes, edges, exp.output, exp.note, error))


def _live(monkeypatch) -> None:
    """Every pass reported as it runs (the way every pass was recorded before)."""
    monkeypatch.setattr(tracing.BackwardTrace, "defer", lambda self, *args: False)


@pytest.mark.parametrize("program", PROGRAMS.values(), ids=PROGRAMS.keys())
def test_every_iteration_offered_is_what_recording_every_pass_live_shows(
    program, monkeypatch
) -> None:
    tracing.stats.update(deferred=0, replayed=0)
    picks = (None, 0, 5, 6, 7, 8)
    deferred = [explore(program, backward=i, limits=LIMITS) for i in picks]
    assert tracing.stats["deferred"] > 0  # (the point: most passes were run unreported)
    assert tracing.stats["replayed"] >= 1
    _live(monkeypatch)
    tracing.stats.update(deferred=0)
    live = [explore(program, backward=i, limits=LIMITS) for i in picks]
    assert tracing.stats["deferred"] == 0
    for shown, reference in zip(deferred, live):
        assert shown.backward_numbers == reference.backward_numbers
        assert _drawn(shown) == _drawn(reference)
    assert live[0].steps or live[0].error  # something is drawn


def test_only_passes_no_one_keeps_are_deferred_and_only_the_last_is_replayed() -> None:
    tracing.stats.update(deferred=0, replayed=0, built=0)
    program = HEAD + (
        "for step in range(200):\n"
        "    loss = ((w * x + b - y) ** 2).mean()\n"
        "    loss.backward()\n"
        "    with torch.no_grad():\n"
        "        w -= 0.01 * w.grad\n"
        "        b -= 0.01 * b.grad\n"
        "    w.grad = None\n"
        "    b.grad = None\n"
    )
    result = run_snippet(program, limits=LIMITS)
    # the sandbox alone keeps the first 19 and the last: every later one but the last runs
    # unreported, and the last is run again when the run ends (it is what every page shows)
    assert tracing.stats["deferred"] == 200 - (KEPT_TRACES - 1)
    assert tracing.stats["replayed"] == 1
    last = result.traces[-1]
    assert not last.deferred and not result.traces[0].deferred
    after = {id(s.tensor): s.after for s in last.accumulations()}
    for name in ("w", "b"):  # the last pass's gradients are what .grad held after it
        leaf = result.variables[name]
        assert leaf.grad is None
        assert after[id(leaf)].shape == leaf.shape
    # the Graph Explorer keeps a spread of iterations too: those are recorded as they run
    tracing.stats.update(deferred=0, replayed=0)
    exp = explore(program, limits=LIMITS)
    offered = len(exp.backward_numbers)
    assert tracing.stats["deferred"] <= 200 - offered
    assert tracing.stats["deferred"] >= 200 - 2 * 20 - (KEPT_TRACES - 1)
    assert tracing.stats["replayed"] == 1


HOOKED = HEAD + (
    "count = [0]\n"
    "def hook(g):\n"
    "    count[0] += 1\n"
    "    print('hook', count[0])\n"
    "    return g\n"
    "for step in range(30):\n"
    "    loss = ((w * x + b - y) ** 2).mean()\n"
    "    if step >= 25:\n"
    "        handle = w.register_hook(hook)\n"
    "    loss.backward()\n"
    "    if step >= 25:\n"
    "        handle.remove()\n"
    "    with torch.no_grad():\n"
    "        w -= 0.01 * w.grad\n"
    "    w.grad = None\n"
    "    b.grad = None\n"
    "print(count[0])\n"
)


def test_a_pass_that_runs_your_code_is_recorded_as_it_runs_so_nothing_runs_twice() -> None:
    tracing.stats.update(deferred=0, replayed=0)
    result = run_snippet(HOOKED, limits=LIMITS)
    assert result.output.splitlines()[-1] == "5"  # each hook call once, as in PyTorch
    assert [line for line in result.output.splitlines() if line.startswith("hook")] == [
        f"hook {i}" for i in range(1, 6)
    ]
    # passes 20-25 ran with no hook: deferred; the last five with one: reported as they ran
    assert tracing.stats["deferred"] == 25 - (KEPT_TRACES - 1)
    assert tracing.stats["replayed"] == 0  # (the last pass was never deferred)
    assert any(s.kind == "hook" for s in result.traces[-1].steps)


def test_a_recording_that_keeps_every_pass_defers_none() -> None:
    tracing.stats.update(deferred=0)
    result = run_snippet(HOOKED.replace("range(30)", "range(3)"), limits=LIMITS)
    assert tracing.stats["deferred"] == 0 and len(result.traces) == 3
    import autograd_core as torch

    w = torch.tensor(2.0, requires_grad=True)
    with tracing.record_backward() as traces:  # keep=None: every pass is kept
        for _ in range(30):
            (w * w).backward()
    assert tracing.stats["deferred"] == 0 and len(traces) == 30
    with tracing.record_backward(keep=3, eager=True) as traces:  # the reference: live
        for _ in range(30):
            (w * w).backward()
    assert tracing.stats["deferred"] == 0
    with tracing.record_backward(keep=3) as traces:
        for _ in range(30):
            (w * w).backward()
    assert tracing.stats["deferred"] == 30 - 2
    np.testing.assert_array_equal(traces[-1].accumulations()[0].after, w.grad.numpy())

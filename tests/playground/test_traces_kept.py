"""What a long training loop costs the pages in backward traces, and that what they show is
exactly what an eager recording (every value copied as it happened) shows.

The sandbox keeps the first 19 calls and the last, the Graph Explorer a spread of iterations:
traces of the other calls are dropped unseen, so they must be neither copied nor built."""

from __future__ import annotations

import functools
import pickle

import numpy as np
import pytest

from autograd_core import in_place, tracing
from autograd_core.playground.graph_explorer.run import CHANGED_NOTE, explore
from autograd_core.playground.sandbox import run as sandbox_run
from autograd_core.playground.sandbox.limits import Limits
from autograd_core.playground.sandbox.run import KEPT_TRACES, run_snippet

LIMITS = Limits(time_limit=120)

LOOP = """\
import torch

torch.manual_seed(0)
x = torch.linspace(-1, 1, 50)
y = 2 * x + 0.5
w = torch.randn(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
opt = torch.optim.{optimizer}([w, b], lr=0.05)
for step in range({steps}):
    opt.zero_grad({zero})
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    opt.step()
{after}
"""

MODULE_LOOP = """\
import torch
from torch import nn

torch.manual_seed(0)
x = torch.randn(16, 3)
y = x.sum(dim=1, keepdim=True)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.fc2 = nn.Linear(4, 1)

    def forward(self, x):
        return self.fc2(torch.tanh(self.fc1(x)))


model = Net()
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
for step in range({steps}):
    opt.zero_grad()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    opt.step()
    with torch.no_grad():
        model.fc1.weight[0, 0] = 0.5
"""


def _loop(steps=2000, optimizer="SGD", zero="", after=""):
    return LOOP.format(steps=steps, optimizer=optimizer, zero=zero, after=after)


def test_a_2000_step_loop_copies_and_builds_only_the_traces_it_keeps() -> None:
    tracing.stats.update(copies=0, frozen=0, built=0)
    result = run_snippet(_loop(), limits=LIMITS)
    assert len(result.traces) == KEPT_TRACES
    assert tracing.stats["frozen"] == KEPT_TRACES  # the first 19 and the last
    assert tracing.stats["built"] == 0  # nobody has looked yet
    # the optimizer's writes into w and b while the latest call's window is open, and the
    # kept traces' own values: a few per call, not one per value of every call
    assert tracing.stats["copies"] < 4 * 2000, tracing.stats
    last = result.traces[-1]
    after = {id(s.tensor): s.after for s in last.accumulations()}
    for name in ("w", "b"):  # the last call's gradients are what .grad holds at the end
        leaf = result.variables[name]
        np.testing.assert_array_equal(after[id(leaf)], leaf.grad.numpy())
    assert tracing.stats["built"] == 1


@pytest.mark.parametrize(
    "program",
    [
        _loop(steps=300, optimizer="Adam"),
        _loop(steps=300, optimizer="RMSprop", zero="set_to_none=False"),
        _loop(steps=300, optimizer="SGD", after="w.data.add_(1.0)\nb.grad.zero_()"),
        MODULE_LOOP.format(steps=300),
    ],
    ids=["Adam", "RMSprop zero_grad(set_to_none=False)", "data.add_ and grad.zero_ after", "Net"],
)
def test_every_iteration_the_explorer_offers_is_what_an_eager_recording_shows(
    program, monkeypatch
) -> None:
    lazy = [explore(program, backward=i, limits=LIMITS) for i in (0, 4, 6, None)]
    eager_recording = functools.partial(tracing.record_backward, eager=True)
    monkeypatch.setattr(sandbox_run, "record_backward", eager_recording)
    eager = [explore(program, backward=i, limits=LIMITS) for i in (0, 4, 6, None)]
    for shown, reference in zip(lazy, eager):
        assert shown.error is None and shown.note is None
        assert shown.backward_numbers == reference.backward_numbers
        assert len(shown.steps) > 3
        assert _drawn(shown) == _drawn(reference)


def _drawn(exp) -> bytes:
    """Everything the page draws from a run, to the bit."""
    graph = exp.graph
    return pickle.dumps(
        (exp.steps, list(graph.nodes(data=True)), list(graph.edges(data=True)), exp.output)
    )


def test_the_explorer_builds_no_more_traces_than_it_offers() -> None:
    tracing.stats.update(copies=0, frozen=0, built=0)
    exp = explore(MODULE_LOOP.format(steps=2000), limits=LIMITS)
    offered = len(exp.backward_numbers)
    assert exp.backward_total == 2000 and offered <= 20
    assert tracing.stats["built"] <= offered + 1  # each offered one's label, the one drawn
    assert tracing.stats["frozen"] <= 20 + 5 * 10  # kept when its window closed (a doubling
    # stride drops some of those later: a handful per doubling)
    assert exp.graph.graph["groups"]  # the module frames are still drawn


def test_module_frames_of_a_loop_are_those_of_the_iteration_drawn() -> None:
    exp = explore(MODULE_LOOP.format(steps=50), backward=3, limits=LIMITS)
    labels = sorted(g["label"] for g in exp.graph.graph["groups"])
    assert labels == ["model · Net", "model.fc1 · Linear", "model.fc2 · Linear"]
    # the walks of each call's graph, made when the frames are drawn, found its operations
    ops = {d["module"] for _, d in exp.graph.nodes(data=True) if d["kind"] == "op"}
    assert ops == {None, *labels}  # (the loss, computed outside any module)


def test_a_change_the_trace_could_not_follow_is_said_on_the_page(monkeypatch) -> None:
    # as if some path wrote into the leaves without calling the hook first: their version
    # counters still tell, and the page says its numbers may be the later ones
    program = _loop(steps=3)
    assert explore(program, limits=LIMITS).note is None
    monkeypatch.setattr(in_place, "before_write", lambda array: None)
    assert explore(program, limits=LIMITS).note == CHANGED_NOTE

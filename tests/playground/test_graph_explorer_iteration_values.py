"""Every box of a loop's iteration shows its value, gradient and shape as that iteration's
forward pass made them, whichever iteration the picker shows, however long the loop.

Past the result's share of tensors (interpreter._RECORDED_ELEMENTS: a full-size tutorial's
first dozen steps) the tensors a forward pass makes and drops are not kept for the result, so
the page takes the values it cannot work out again as each backward pass starts
(iterations.hold_forward). Each program here is checked against a reference: the same program
run with plain autograd_core (no sandbox), whose graph keeps every value alive (its weak
references made strong) and is read as that backward pass starts, and the gradients that pass
sent along it.
"""

from __future__ import annotations

import importlib
import types
import weakref

import numpy as np
import pytest

import autograd_core
from autograd_core.playground.graph import build_graph
from autograd_core.playground.graph.records import records
from autograd_core.playground.graph_explorer.run import explore
from autograd_core.playground.graph_explorer.source import seeded
from autograd_core.playground.sandbox import DEFAULT_LIMITS
from autograd_core.playground.sandbox.limits import Limits
from autograd_core.tracing import record_backward
from tests.golden.runner import imported_as_torch

TUTORIALS = "tests/golden/sandbox_tutorials/"
LIMITS = Limits(**{**DEFAULT_LIMITS.__dict__, "time_limit": 60.0})


def tutorial(name: str, steps: int) -> str:
    with open(TUTORIALS + name + ".py", encoding="utf-8") as f:
        source = f.read()
    assert "range(2000)" in source
    return source.replace("range(2000)", f"range({steps})")


NESTED_FUNCTIONS = """import torch
x = torch.linspace(-1.0, 1.0, 64)
y = 0.5 * x ** 3 - x
w = torch.tensor(0.3, requires_grad=True)
b = torch.tensor(-0.1, requires_grad=True)

def squash(h):
    return torch.tanh(h) * 2 + h.sin()

def layer(inp, weight, bias):
    return squash(inp * weight + bias)

def loss_of(pred, target):
    return ((pred - target) ** 2).mean()

for step in range(40):
    loss = loss_of(layer(x, w, b), y)
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        b -= 0.1 * b.grad
        w.grad.zero_()
        b.grad.zero_()
"""

MODULE = """import torch
from torch import nn
torch.manual_seed(0)

class TwoLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 5)
        self.fc2 = nn.Linear(5, 1)

    def forward(self, x):
        h = torch.relu(self.fc1(x))
        return self.fc2(h) + x.sum(dim=1, keepdim=True) * 0.1

model = TwoLayer()
x = torch.randn(16, 3)
y = x[:, :1] * 2 - x[:, 1:2]
opt = torch.optim.SGD(model.parameters(), lr=0.05)
for step in range(30):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    opt.step()
"""

# The Function's result goes into an add, which keeps nothing for backward: the page must
# hold it itself (the learner's own forward() is not rerun).
CUSTOM_FUNCTION = """import torch

class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, inp):
        ctx.save_for_backward(inp)
        return inp ** 3

    @staticmethod
    def backward(ctx, grad_output):
        (inp,) = ctx.saved_tensors
        return grad_output * 3 * inp ** 2

x = torch.linspace(-1.0, 1.0, 50)
target = x * 0.8
a = torch.tensor(0.5, requires_grad=True)
c = torch.tensor(0.1, requires_grad=True)
for step in range(40):
    pred = Cube.apply(a * x) + c
    loss = ((pred - target) ** 2).sum()
    loss.backward()
    with torch.no_grad():
        a -= 0.01 * a.grad
        c -= 0.01 * c.grad
    a.grad = None
    c.grad = None
"""

# Written in place: a result (h.mul_), a tensor needing no gradient that changes every
# iteration (scale.add_), and the leaves by the optimizer.
IN_PLACE = """import torch
x = torch.linspace(0.0, 2.0, 30)
w = torch.tensor(0.7, requires_grad=True)
scale = torch.ones(30)
opt = torch.optim.SGD([w], lr=0.01)
for step in range(40):
    scale.add_(0.01)
    h = x * w
    h.mul_(scale)
    loss = (h - x).pow(2).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
"""

PROGRAMS = {
    "long loop (cubic_autograd)": tutorial("cubic_autograd", 60),
    "nn.Module subclass (cubic_custom_module)": tutorial("cubic_custom_module", 60),
    "custom Function (cubic_custom_function)": tutorial("cubic_custom_function", 60),
    "nested function calls": NESTED_FUNCTIONS,
    "nn.Module with Linear layers": MODULE,
    "custom Function whose result nothing saves": CUSTOM_FUNCTION,
    "in-place updates": IN_PLACE,
}


class _Strong(weakref.ref):
    """A weak reference that holds its object: the reference run's graph keeps every value."""

    def __init__(self, obj, callback=None):
        super().__init__(obj, callback)
        self.obj = obj


def reference(source: str, numbers: set[int]) -> dict[int, tuple]:
    """backward call number -> (graph read as it started, graph with its gradients), from a
    plain autograd_core run of `source` whose graphs hold every value."""
    strong = types.SimpleNamespace(ref=_Strong)
    modules = ("autograd_core.ops", "autograd_core.autograd.function", "autograd_core.tensor")
    saved = [(m, m.weakref) for m in map(importlib.import_module, modules)]
    started: dict[int, object] = {}
    traces: dict[int, object] = {}

    def began(trace):
        number = len(started) + 1
        started[number] = build_graph(*trace.roots) if number in numbers else None
        traces[number] = trace

    try:
        for module, _ in saved:
            module.weakref = strong
        with imported_as_torch(autograd_core), record_backward(began):
            exec(seeded(source), {"__name__": "__reference__"})  # a fixed test program
    finally:
        for module, original in saved:
            module.weakref = original
    return {n: (started[n], build_graph(*traces[n].roots, trace=traces[n])) for n in numbers}


@pytest.fixture(params=[True, False], ids=["all past the share", "the usual share"])
def past_share(request, monkeypatch):
    """Past the result's share, no tensor the forward pass drops is kept for the result (a
    full-size tutorial after its first dozen steps); within it, every one is."""
    if request.param:
        monkeypatch.setattr("autograd_core.playground.sandbox.interpreter._RECORDED_ELEMENTS", 0)
    return request.param


def _close(a, b) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-5, atol=1e-6, equal_nan=True)


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_each_offered_iteration_shows_every_value_as_its_forward_made_it(name, past_share):
    source = PROGRAMS[name]
    first = explore(source, limits=LIMITS)
    assert first.error is None and first.iterations, first.error
    numbers = first.backward_numbers
    picks = sorted({0, 3, len(numbers) // 2, len(numbers) - 1})  # the last is the page's default
    wanted = {numbers[i] for i in picks}
    expected = reference(source, wanted)
    for pick in picks:
        exp = first if pick == first.backward else explore(source, backward=pick, limits=LIMITS)
        number = numbers[pick]
        assert exp.graph.graph["iteration"] == (number, first.backward_total)
        then, with_grads = expected[number]
        shown = exp.graph.nodes
        assert sorted(shown) == sorted(then.nodes), f"iteration {number}: another graph"
        for node_id, want in then.nodes(data=True):
            got = shown[node_id]
            where = f"iteration {number}, {node_id} ({got['label']})"
            assert got["shape"] == want["shape"], where
            if want["kind"] == "op":
                continue
            assert got["value"] is not None, f"{where}: value not kept ({got['note']})"
            assert _close(got["value"], want["value"]), where
            grad = with_grads.nodes[node_id]["trace_grad"]
            if grad is not None:
                assert got["trace_grad"] is not None and _close(got["trace_grad"], grad), where
            if got["kind"] == "leaf":
                assert got["grad"] is not None and _close(got["grad"], grad), where
        boxes = records(exp.graph)
        assert not [b for b in boxes.values() if b.value is not None and "?" in b.value]


def test_a_full_size_tutorial_shows_every_value_of_its_last_iteration():
    """The learner's case: cubic_custom_module at full size (2,000 steps on 2,000 points), the
    page's default, the last iteration; no box is left without its value."""
    exp = explore(tutorial("cubic_custom_module", 2000), limits=LIMITS)
    assert exp.error is None and exp.graph.graph["iteration"] == (2000, 2000)
    unknown = [d["label"] for _, d in exp.graph.nodes(data=True) if d["value"] is None]
    assert unknown == []
    boxes = records(exp.graph)
    assert all("not kept" not in (b.value or "") for b in boxes.values())
    # the model's output for the 2,000 points, then: a + b x + c x^2 + d x^3 with those leaves
    nodes = exp.graph.nodes
    x = np.linspace(-np.pi, np.pi, 2000, dtype=np.float32)
    leaves = {v["label"]: v["value"] for v in nodes.values() if v["kind"] == "leaf"}
    a, b, c, d = (leaves[f"model.{p}"] for p in "abcd")
    (loss_op,) = [n for n in nodes if nodes[n]["pytorch_name"] == "MseLossBackward0"]
    pred = nodes[nodes[loss_op]["inputs"][0]]["value"]  # y_pred: the loss's first input
    assert np.allclose(pred, a + b * x + c * x**2 + d * x**3, rtol=1e-4, atol=1e-4)


def test_a_value_nothing_kept_says_why_in_words(monkeypatch):
    """When a value truly is gone (here: the page's room for one pass's values is zero), the box
    says `value not kept` and the Inspector's note says why, never `= ?`."""
    monkeypatch.setattr("autograd_core.playground.sandbox.interpreter._RECORDED_ELEMENTS", 0)
    monkeypatch.setattr("autograd_core.playground.graph_explorer.iterations.MAX_TAKEN_ELEMENTS", 0)
    exp = explore(CUSTOM_FUNCTION, limits=LIMITS)
    nodes = exp.graph.nodes
    lost = [n for n in nodes if nodes[n]["kind"] != "op" and nodes[n]["value"] is None]
    assert lost
    boxes = records(exp.graph)
    for n in lost:
        assert boxes[n].value == "value not kept"
        assert "not kept" in nodes[n]["note"] or "no longer exists" in nodes[n]["note"]
    (cube,) = [n for n in lost if nodes[n]["grad_fn"] == "CubeBackward"]
    assert "your own forward()" in nodes[cube]["note"]
    assert "value not kept" in exp.note and "smaller" in exp.note

"""What a long loop costs the Graph Explorer per backward call and per module call, counted (never
timed), and that the cheap recording shows exactly what the eager one (every value copied as it
was reported, every node reported through the engine's general path) shows.

The engine reports a node it runs by its raw rules in one event (tracing.BackwardTrace.ran_raw):
the gradient it sent back over broadcast dimensions, before the sum, and its local derivatives
are worked out again only for a trace someone looks at. The tutorials are the programs learners
paste; they run here with fewer steps, the way the page runs them."""

from __future__ import annotations

import functools
import pickle
import re

import numpy as np
import pytest

import autograd_core as torch
from autograd_core import in_place, tracing
from autograd_core.playground.graph import module_calls
from autograd_core.playground.graph_explorer import iterations
from autograd_core.playground.graph_explorer import run as explorer_run
from autograd_core.playground.graph_explorer.run import explore
from autograd_core.playground.sandbox import run as sandbox_run
from autograd_core.playground.sandbox.limits import Limits
from tests.paths import ROOT

LIMITS = Limits(time_limit=120)
TUTORIALS = ROOT / "tests" / "golden" / "sandbox_tutorials"
LOOPS = ["cubic_autograd", "cubic_custom_function", "cubic_nn", "cubic_custom_module"]


def _tutorial(name: str, steps: int) -> str:
    source = (TUTORIALS / f"{name}.py").read_text()
    shorter, found = re.subn(r"range\(2000\)", f"range({steps})", source)
    assert found == 1, name
    return shorter


def _drawn(exp) -> bytes:
    """Everything the page draws from a run, to the bit."""
    graph = exp.graph
    return pickle.dumps(
        (exp.steps, list(graph.nodes(data=True)), list(graph.edges(data=True)), exp.output)
    )


@pytest.fixture
def eager(monkeypatch):
    """Explore with the eager recording: the reference the cheap one must match."""

    def use() -> None:
        recording = functools.partial(tracing.record_backward, eager=True)
        monkeypatch.setattr(sandbox_run, "record_backward", recording)

    return use


@pytest.mark.parametrize("name", LOOPS)
def test_each_iteration_of_a_tutorial_is_drawn_as_the_eager_recording_draws_it(name, eager) -> None:
    source = _tutorial(name, 150)
    picks = (0, 3, 7, 19, None)  # early ones, spaced ones, the last (or After the loop)
    cheap = [explore(source, backward=i, limits=LIMITS) for i in picks]
    eager()
    reference = [explore(source, backward=i, limits=LIMITS) for i in picks]
    for shown, ref in zip(cheap, reference):
        assert shown.error is None and shown.note is None
        assert shown.iterations and shown.backward_numbers == ref.backward_numbers
        assert shown.after_loop_shown() or len(shown.steps) > 5
        assert _drawn(shown) == _drawn(ref)


def test_a_raw_node_summed_back_over_broadcast_dimensions_replays_both_steps() -> None:
    # b (shape [1]) and w (shape [3, 1]) are broadcast against x ([3, 4]): the engine keeps only
    # the sums; the trace works out what was summed, and it must be what the eager trace saw
    x = torch.arange(12.0).reshape(3, 4)
    w = torch.tensor([[0.5], [-1.0], [2.0]], requires_grad=True)
    b = torch.tensor([0.25], requires_grad=True)
    with tracing.record_backward() as cheap:
        ((w * x + b) ** 2).sum().backward()
    w.grad = b.grad = None
    with tracing.record_backward(eager=True) as reference:
        ((w * x + b) ** 2).sum().backward()
    steps, ref_steps = cheap[0].steps, reference[0].steps
    assert [s.kind for s in steps] == [s.kind for s in ref_steps]
    sums = [s for s in steps if s.kind == "sum_to"]
    assert [(s.from_shape, s.to_shape) for s in sums] == [((3, 4), (1,)), ((3, 4), (3, 1))]
    for step, ref in zip(steps, ref_steps):
        for name in ("upstream", "before", "after"):
            _same(getattr(step, name), getattr(ref, name))
        for c, r in zip(step.contributions, ref.contributions, strict=True):
            _same(c.value, r.value)
            _same(c.local_value, r.local_value)
    np.testing.assert_array_equal(sums[0].after, b.grad.numpy())


def _same(a, b) -> None:
    assert (a is None) == (b is None)
    if a is not None:
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)


def test_a_hook_that_changes_the_gradient_in_place_does_not_change_the_replay() -> None:
    # the hook writes into the very array the square sent (the trace refers to it, and must
    # keep what was sent, as the eager recording copied it then)
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    traces = {}
    for eager_recording in (False, True):
        h = w * 3
        h.register_hook(lambda g: g.mul_(10))
        with tracing.record_backward(eager=eager_recording) as found:
            (h**2).sum().backward()
        traces[eager_recording] = found[0]
        w.grad = None
    cheap, reference = traces[False], traces[True]
    assert not cheap.changed
    assert [s.kind for s in cheap.steps] == ["node", "node", "hook", "node", "accumulate"]
    sent = [c.value.tolist() for s in cheap.node_steps() for c in s.contributions]
    assert sent == [c.value.tolist() for s in reference.node_steps() for c in s.contributions]
    assert sent == [[1.0, 1.0], [6.0, 12.0], [180.0, 360.0]]  # 2h, before the hook's × 10
    np.testing.assert_array_equal(cheap.accumulations()[0].after, [180.0, 360.0])


def test_a_2000_step_loop_materialises_only_what_the_page_keeps() -> None:
    tracing.stats.update(copies=0, frozen=0, built=0)
    exp = explore(_tutorial("cubic_autograd", 2000), limits=LIMITS)
    offered = len(exp.backward_numbers)
    assert exp.backward_total == 2000 and 10 <= offered <= 20
    assert tracing.stats["built"] == 1  # the one drawn (the picker's labels need no steps)
    assert tracing.stats["frozen"] <= 20 + 5 * 10
    # a, b, c and d are copied before each update overwrites them (the latest call might be the
    # last), and the kept calls' own values: a handful per call, not one per value
    assert tracing.stats["copies"] < 6 * 2000, tracing.stats
    assert in_place.watchers == []


@pytest.mark.parametrize("name", ["cubic_autograd", "cubic_nn"])
def test_each_pass_reads_its_leaves_off_the_engines_own_walk(name, monkeypatch) -> None:
    # the usual loss.backward() walks the graph once (engine._dependencies); the page takes the
    # pass's leaves from that walk rather than walking the graph a second time per call
    passes = []
    original = iterations.hold_forward

    def counting(number, trace):
        passes.append(getattr(trace, "reached", None) is not None)
        return original(number, trace)

    monkeypatch.setattr(iterations, "hold_forward", counting)
    explore(_tutorial(name, 30), limits=LIMITS)
    assert passes == [True] * 30


FRAMES = ["linear_layer · Linear", "loss_fn · MSELoss", "model · Sequential", "model[1] · Flatten"]


@pytest.mark.parametrize("pick", [None, 19])
def test_drawing_the_last_iteration_walks_only_the_module_calls_that_made_it(
    pick, monkeypatch
) -> None:
    walked = []
    original = module_calls.ModuleCalls._walk

    def counting(self, call, pending):
        walked.append(call.kind)
        return original(self, call, pending)

    monkeypatch.setattr(module_calls.ModuleCalls, "_walk", counting)
    source = _tutorial("cubic_nn", 2000)
    exp = explore(source, backward=pick, limits=LIMITS)
    assert exp.graph.graph["iteration"] == (2000, 2000)  # (the page's default: the last one)
    # that iteration's Sequential, its Linear and Flatten, the loss module: not 8,000 calls
    assert sorted(walked) == ["Flatten", "Linear", "MSELoss", "Sequential"]
    assert sorted(g["label"] for g in exp.graph.graph["groups"]) == FRAMES


def test_an_early_iteration_still_gets_its_own_frames() -> None:
    exp = explore(_tutorial("cubic_nn", 300), backward=2, limits=LIMITS)
    assert exp.graph.graph["iteration"] == (3, 300)
    assert sorted(g["label"] for g in exp.graph.graph["groups"]) == FRAMES
    ops = {d["label"]: d["module"] for _, d in exp.graph.nodes(data=True) if d["kind"] == "op"}
    assert set(ops.values()) == {"linear_layer · Linear", "loss_fn · MSELoss", "model[1] · Flatten"}


def test_a_call_of_unknown_age_is_always_walked() -> None:
    # a node without our engine's sequence number (as a PyTorch node): focus cannot rule it out
    calls = module_calls.ModuleCalls()

    class Node:
        next_functions = ()

    node = Node()
    calls.begin(object(), ())
    calls.stack[-1].kind = "Odd"
    calls.ended.append((calls.stack.pop(), [lambda: node], None))
    calls.floor = 10**9
    calls.resolve()
    assert calls.call_of(node).kind == "Odd"


def test_no_trace_recording_means_no_trace_work(monkeypatch) -> None:
    # outside record_backward the engine reports nothing: a plain backward never reaches tracing
    def refuse(*args, **kwargs):
        raise AssertionError("a trace event without a recording")

    for name in ("ran_raw", "ran", "sent", "accumulated", "hold"):
        monkeypatch.setattr(tracing.BackwardTrace, name, refuse)
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    (w * w + w).sum().backward()
    np.testing.assert_array_equal(w.grad.numpy(), [3.0, 5.0])
    assert explorer_run.CHANGED_NOTE  # (the page's note for a write the hook missed exists)


def test_a_backward_inside_a_hook_leaves_the_outer_trace_as_the_eager_one_shows() -> None:
    # the inner call's begin freezes the outer trace halfway through its call: what the outer
    # one notes afterwards (the nodes below the hook) is copied at once, in slots of its own
    def recorded(eager_recording: bool) -> list:
        w, x = torch.tensor([1.0, 2.0], requires_grad=True), torch.tensor([3.0, -4.0])
        with tracing.record_backward(eager=eager_recording) as traces:
            h = (w * 2).exp()
            # the gradient times d(x³)/dx, asked of autograd.grad while backward runs
            h.register_hook(lambda g: g * _derivative_of_cube(x))
            (h * w).sum().backward()
            with torch.no_grad():
                w.add_(1)
        return traces

    cheap, reference = recorded(False), recorded(True)
    assert len(cheap) == len(reference) == 2
    for trace, ref in zip(cheap, reference):
        assert not trace.changed
        assert [s.kind for s in trace.steps] == [s.kind for s in ref.steps]
        for step, ref_step in zip(trace.steps, ref.steps):
            for name in ("upstream", "before", "after"):
                _same(getattr(step, name), getattr(ref_step, name))
            for c, r in zip(step.contributions, ref_step.contributions, strict=True):
                _same(c.value, r.value)
                _same(c.local_value, r.local_value)
    outer = cheap[0]
    assert [s.kind for s in outer.steps] == ["node", "node", "hook", "node", "node", "accumulate"]


def _derivative_of_cube(x):
    x = x.detach().requires_grad_()
    with torch.enable_grad():
        return torch.autograd.grad((x**3).sum(), x)[0]


def test_a_write_into_the_memory_behind_a_saved_view_is_seen() -> None:
    # the product saved x.t() (a view of x); writing into x changes it, and the replay must
    # still show the values the product used
    w = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    x = torch.tensor([[1.0, 0.5], [2.0, -1.0]])
    local = {}
    for eager_recording in (False, True):
        x.copy_(torch.tensor([[1.0, 0.5], [2.0, -1.0]]))
        with tracing.record_backward(eager=eager_recording) as traces:
            (w * x.t()).sum().backward()
            x.mul_(10)
            x[0, 0] = -7.0
        (step,) = [s for s in traces[0].node_steps() if s.node.name() == "MulBackward0"]
        local[eager_recording] = step.contributions[0].local_value
        assert not traces[0].changed
        w.grad = None
    np.testing.assert_array_equal(local[False], [[1.0, 2.0], [0.5, -1.0]])
    _same(local[False], local[True])

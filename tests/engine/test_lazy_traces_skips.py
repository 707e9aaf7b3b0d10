"""What a backward trace does not do, and the case on the other side of each line.

A training loop records thousands of backward calls and the pages read about twenty, so the
recording leaves out what no learner can ever see (tracing.py):
- the gradients of the engine's array loop are referred to, never watched for in-place writes:
  no tensor anyone can reach holds them. A gradient given to backward() is the caller's: such
  a call watches it, and a write into it afterwards does not change what the replay shows.
- a recording window lists the memory its arrays live in only when something writes in place
  while it is open: a call with no write after it never does.
- a window hears only its own thread's writes.
Each case is checked with what a learner would see (the replay's numbers, against the eager
recording that copies every value as it is reported) and with the work counted."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import autograd_core as torch
from autograd_core import in_place, tracing


def _numbers(trace) -> list:
    """Every number the replay of `trace` shows, step by step."""
    shown = []
    for step in trace.steps:
        row = [step.kind]
        for value in (step.upstream, step.before, step.after):
            row.append(None if value is None else value.tolist())
        for c in step.contributions:
            row.append(c.value.tolist())
            row.append(None if c.local_value is None else c.local_value.tolist())
        shown.append(row)
    return shown


def _recorded(program, eager: bool):
    with tracing.record_backward(eager=eager) as traces:
        program()
    return traces


@pytest.mark.parametrize("write", ["mul_", "setitem", "a view's add_", "data.copy_"])
def test_a_gradient_given_to_backward_and_then_changed_is_replayed_as_it_was(write) -> None:
    # backward(v): the first node's upstream is v itself (an addition passes it on unchanged),
    # and the learner changes v afterwards; the replay must show the v that backward used
    def program():
        w = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
        x = torch.tensor([2.0, 3.0, 4.0])
        v = torch.tensor([1.0, 10.0, 100.0])
        (w * x + w).backward(v)
        with torch.no_grad():
            if write == "mul_":
                v.mul_(-1)
            elif write == "setitem":
                v[0] = 42.0
            elif write == "a view's add_":
                v[1:].add_(7.0)
            else:
                v.data.copy_(torch.zeros(3))

    cheap, reference = _recorded(program, False), _recorded(program, True)
    assert _numbers(cheap[0]) == _numbers(reference[0])
    add = cheap[0].steps[0]
    assert add.node.name() == "AddBackward0"
    assert add.upstream.tolist() == [1.0, 10.0, 100.0]
    assert [c.value.tolist() for c in add.contributions] == [[1.0, 10.0, 100.0]] * 2
    assert not cheap[0].changed


def test_a_plain_backward_watches_the_saved_values_and_leaves_not_its_gradients() -> None:
    # loss.backward(): the optimizer overwrites w and b right after; the replay shows the values
    # the product used, and only their memory was copied for it (the gradients are nobody's to
    # write)
    w = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    b = torch.tensor([2.0, 3.0, 4.0], requires_grad=True)
    opt = torch.optim.SGD([w, b], lr=0.5)
    tracing.stats.update(copies=0, listed=0)
    with tracing.record_backward() as traces:
        ((w * b) ** 2).sum().backward()
        window = traces[0]._window
        watched = set(window.watched[::3])
        refs = list(window.refs)
        opt.step()
        copies = tracing.stats["copies"]
    assert tracing.stats["listed"] == 1
    assert copies == 2  # w and b, saved by the product, before the step wrote into them
    assert {id(refs[slot]) for slot in watched} >= {id(w._data), id(b._data)}
    unwatched = [r for slot, r in enumerate(refs) if r is not None and slot not in watched]
    assert len(unwatched) >= 4  # the gradients: into the square, the product, w and b
    mul = next(s for s in traces[0].steps if s.node.name() == "MulBackward0")
    # d(w*b)/dw is b and d(w*b)/db is w: those of that call, before the step
    assert [c.local_value.tolist() for c in mul.contributions] == [
        [2.0, 3.0, 4.0],
        [1.0, -2.0, 0.5],
    ]
    assert [c.value.tolist() for c in mul.contributions] == [[8.0, -36.0, 16.0], [4.0, 24.0, 2.0]]
    np.testing.assert_array_equal(w.detach().numpy(), [-3.0, 16.0, -7.5])  # (the step happened)


def test_a_call_with_no_write_after_it_never_lists_its_memory() -> None:
    w = torch.tensor([3.0, 4.0], requires_grad=True)
    x = torch.tensor([0.5, 2.0])
    tracing.stats.update(listed=0)
    with tracing.record_backward() as traces:
        (w * x).sum().backward()
        (w * x).sum().backward()  # adds into .grad in place while its own window is open
        w.grad = None  # (no write: the tensor is let go)
        (w * x).sum().backward()  # nothing is written while its window is open
    assert tracing.stats["listed"] == 1  # the second call's window, for its accumulation
    assert [t.accumulations()[0].after.tolist() for t in traces] == [
        [0.5, 2.0],
        [1.0, 4.0],
        [0.5, 2.0],
    ]
    assert [t.accumulations()[0].before for t in traces][1].tolist() == [0.5, 2.0]


def test_a_write_while_the_window_is_open_is_seen_and_one_after_it_closed_costs_nothing():
    w = torch.tensor([3.0, 4.0], requires_grad=True)
    with tracing.record_backward() as traces:
        (w * w).sum().backward()
        with torch.no_grad():
            w.mul_(10)  # the window of the only call is open: w is copied first
    assert in_place.watchers == []
    tracing.stats.update(copies=0, listed=0)
    with torch.no_grad():
        w.mul_(10)  # nothing records: the hook is one truth test, no copy, no listing
    assert (tracing.stats["copies"], tracing.stats["listed"]) == (0, 0)
    mul = traces[0].node_steps()[-1]
    assert [c.local_value.tolist() for c in mul.contributions] == [[3.0, 4.0], [3.0, 4.0]]


def test_another_threads_write_does_not_touch_this_threads_window() -> None:
    # both threads record; the other one writes into its own tensor while this thread's window
    # is open: this window is not listed for it, and a write of this thread's own is
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    ready, written = threading.Event(), threading.Event()
    other_ok: list[bool] = []

    def other() -> None:
        ready.wait()
        u = torch.tensor([5.0], requires_grad=True)
        with tracing.record_backward() as theirs:
            (u * u).sum().backward()
            with torch.no_grad():
                u.add_(1.0)
        other_ok.append(theirs[0].node_steps()[-1].contributions[0].local_value.tolist() == [5.0])
        written.set()

    thread = threading.Thread(target=other)
    thread.start()
    with tracing.record_backward() as traces:
        (w * w).sum().backward()
        window = traces[0]._window
        ready.set()
        written.wait()
        assert window.owners is None  # the other thread's writes were not ours to hear
        with torch.no_grad():
            w.sub_(1.0)
        assert window.owners is not None  # our own write is
    thread.join()
    assert other_ok == [True]
    mul = traces[0].node_steps()[-1]
    assert mul.contributions[0].local_value.tolist() == [1.0, 2.0]


@pytest.mark.parametrize(
    "uses", [1, 2], ids=["one use: .grad is a copy", "two uses: .grad is the sum"]
)
def test_the_gradient_a_leaf_receives_is_replayed_after_grad_is_zeroed(uses) -> None:
    # a leaf used twice receives the sum of two gradients, which .grad takes as it is (no one
    # else holds it): then that array is watched, and zero_() afterwards changes no replay
    def program():
        w = torch.tensor([1.5, -2.0], requires_grad=True)
        y = w * 3.0 if uses == 1 else w * 3.0 + w * w
        y.sum().backward()
        w.grad.zero_()

    cheap, reference = _recorded(program, False), _recorded(program, True)
    assert _numbers(cheap[0]) == _numbers(reference[0])
    (step,) = cheap[0].accumulations()
    expected = [3.0, 3.0] if uses == 1 else [6.0, -1.0]  # 3 + 2w
    assert step.upstream.tolist() == step.after.tolist() == expected
    assert step.before is None and not cheap[0].changed

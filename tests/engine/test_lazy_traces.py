"""Backward traces recorded by reference (tracing.py + the in-place hook in_place.py).

A trace keeps references while backward runs and copies values only before something writes
into them; its steps are built when first read. What a learner sees must be exactly what an
eager recording (every value copied as it is reported, the way traces used to be made) shows,
whatever changed the tensors in place after the call, and a long loop must not pay for the
calls nobody keeps."""

from __future__ import annotations

import ast
import contextlib
import threading
from pathlib import Path

import numpy as np
import pytest

import autograd_core as torch
from autograd_core import in_place, tracing

ENGINE = Path(torch.__file__).parent


def _params():
    w = torch.tensor([0.5, -1.25, 2.0], requires_grad=True)
    b = torch.tensor(0.75, requires_grad=True)
    x = torch.tensor([1.0, 2.0, -0.5])
    return w, b, x


def _step(w, b, x):
    # mul saves x and w, pow saves x, sin saves its input: the local derivatives read them
    return ((w * x).sin() + b * x**2 + (w * b).exp()).sum()


def _optimizer(name):
    return {
        "sgd": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
        "adam": lambda p: torch.optim.Adam(p, lr=0.1),
        "adamw": lambda p: torch.optim.AdamW(p, lr=0.1),
        "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01, momentum=0.5),
        "adagrad": lambda p: torch.optim.Adagrad(p, lr=0.1),
    }[name]


def _no_grad(f):
    def run(w, b, x, opt):
        with torch.no_grad():
            f(w, b, x, opt)

    return run


def _isub(w, b, x, opt):
    global_w = w
    global_w -= 0.1 * w.grad


# Every way a program changes values in place between one backward call and the next.
MUTATIONS = {
    **{
        name: (lambda name: lambda w, b, x, opt: (opt.step(), opt.zero_grad()))(name)
        for name in ("sgd", "adam", "adamw", "rmsprop", "adagrad")
    },
    "data.add_": lambda w, b, x, opt: (w.data.add_(0.5), b.data.mul_(-1)),
    "add_ under no_grad": _no_grad(lambda w, b, x, opt: (w.add_(1.0), b.sub_(0.25))),
    "-= under no_grad": _no_grad(_isub),
    "setitem": _no_grad(lambda w, b, x, opt: w.__setitem__(0, 7.0)),
    "data setitem": lambda w, b, x, opt: x.data.__setitem__(1, 5.0),
    "a view's add_": _no_grad(lambda w, b, x, opt: w[1:].mul_(0.5)),
    "grad.zero_": lambda w, b, x, opt: (w.grad.zero_(), b.grad.zero_()),
    "zero_grad(set_to_none=False)": lambda w, b, x, opt: opt.zero_grad(set_to_none=False),
    "copy_": _no_grad(lambda w, b, x, opt: w.copy_(torch.tensor([3.0, 2.0, 1.0]))),
    "fill_": _no_grad(lambda w, b, x, opt: b.fill_(-2.0)),
    "an input's add_": lambda w, b, x, opt: x.add_(1.0),
    "grad accumulates": lambda w, b, x, opt: None,
}


def _run(mutation, eager, calls=4, look_early=False):
    """`calls` backward calls with `mutation` after each; returns the traces, and what the
    program itself saw at each call: its leaves' values before, their .grad after."""
    w, b, x = _params()
    opt_name = mutation if mutation in ("sgd", "adam", "adamw", "rmsprop", "adagrad") else "sgd"
    opt = _optimizer(opt_name)([w, b])
    seen, held = [], []

    def on_begin(trace):
        held.append((trace, {"w": trace.hold(w), "b": trace.hold(b), "x": trace.hold(x)}))

    with tracing.record_backward(on_begin, eager=eager) as traces:
        for _ in range(calls):
            values = {"w": w.detach().clone(), "b": b.detach().clone(), "x": x.clone()}
            _step(w, b, x).backward()
            seen.append((values, {"w": w.grad.clone(), "b": b.grad.clone()}))
            if look_early:
                traces[-1].steps  # read while the window is still open  # noqa: B018
            MUTATIONS[mutation](w, b, x, opt)
    return traces, seen, held, (w, b)


def _arrays(step):
    yield step.upstream
    yield step.before
    yield step.after
    for c in step.contributions:
        yield c.local_value
        yield c.value


def _same(a, b) -> None:
    assert (a is None) == (b is None)
    if a is not None:
        np.testing.assert_array_equal(a, b)
        assert a.dtype == b.dtype and a.shape == b.shape


@pytest.mark.parametrize("look_early", [False, True], ids=["read later", "read at once"])
@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_a_lazy_trace_shows_what_an_eager_one_does(mutation, look_early) -> None:
    lazy, seen, held, (w, b) = _run(mutation, eager=False, look_early=look_early)
    eager, _, _, _ = _run(mutation, eager=True)
    assert len(lazy) == len(eager) == 4
    for trace, reference in zip(lazy, eager):
        assert not trace.changed
        assert [s.kind for s in trace.steps] == [s.kind for s in reference.steps]
        for step, ref in zip(trace.steps, reference.steps):
            for a, r in zip(_arrays(step), _arrays(ref), strict=True):
                _same(a, r)
    # ... and what the program saw at each call: its leaves' .grad after the call, the values
    # its forward pass used
    for trace, (values, grads), (_, slots) in zip(lazy, seen, held):
        after = {id(s.tensor): s.after for s in trace.accumulations()}
        np.testing.assert_array_equal(after[id(w)], grads["w"].numpy())
        np.testing.assert_array_equal(after[id(b)], grads["b"].numpy())
        for name, slot in slots.items():
            np.testing.assert_array_equal(trace.held(slot), values[name].numpy())
    assert in_place.watchers == []  # nothing is watched once the recording ended


def test_the_local_derivatives_use_the_values_of_that_call() -> None:
    # d(w*x)/dw is x: after x changed in place, the replay of the earlier call still shows
    # the x that call multiplied by
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    x = torch.tensor([3.0, 4.0])
    with tracing.record_backward() as traces:
        (w * x).sum().backward()
        x.mul_(10)
        (w * x).sum().backward()
    locals_ = [
        c.local_value
        for t in traces
        for s in t.node_steps()
        if s.node.name() == "MulBackward0"
        for c in s.contributions
    ]
    np.testing.assert_array_equal(locals_[0], [3.0, 4.0])
    np.testing.assert_array_equal(locals_[1], [30.0, 40.0])


def test_a_write_that_bypassed_the_hook_is_said_not_hidden() -> None:
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    with tracing.record_backward() as traces:
        (w * w).sum().backward()
        # what a path that forgot in_place.before_write would do: write, count the version
        w.grad._data[...] = 99.0
        w.grad._vc[0] += 1
    assert traces[0].changed
    with tracing.record_backward() as traces:
        (w * w).sum().backward()
        w.grad.zero_()  # the hooked path: preserved, nothing to say
    assert not traces[0].changed
    np.testing.assert_array_equal(traces[0].accumulations()[0].after, [101.0, 103.0])


def test_a_long_loop_builds_and_copies_only_for_the_calls_kept() -> None:
    w, b, x = _params()
    opt = torch.optim.SGD([w, b], lr=0.01)
    tracing.stats.update(copies=0, frozen=0, built=0)
    with tracing.record_backward(keep=20) as traces:
        for _ in range(2000):
            opt.zero_grad()
            _step(w, b, x).backward()
            opt.step()
    assert len(traces) == 20
    assert tracing.stats["frozen"] == 20  # the first 19 and the last: nobody held the others
    assert tracing.stats["built"] == 0  # nobody looked yet
    per_trace = tracing.stats["copies"] / 2000
    # a copy of each leaf the optimizer overwrites while the latest call's window is open
    # (w and b, saved by the ops), plus the kept traces' own: far from a copy of every value
    assert per_trace < 3, tracing.stats
    for t in traces:
        t.steps  # noqa: B018
    assert tracing.stats["built"] == 20


def test_keep_holds_the_first_ones_and_the_latest() -> None:
    w = torch.tensor(2.0, requires_grad=True)
    with tracing.record_backward(keep=3) as traces:
        for _ in range(6):
            (w * w).backward()
    assert [t.accumulations()[0].after.item() for t in traces] == [4.0, 8.0, 24.0]


# --- every in-place write in the engine calls the hook first ----------------------------------


def _writes(fn: ast.AST) -> list[int]:
    """Lines of `fn` that write into a tensor's memory or count a write (its version)."""
    lines = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name == "_bump_version":
                lines.append(node.lineno)
            for kw in node.keywords:
                if kw.arg == "out" and "_data" in ast.unparse(kw.value):
                    lines.append(node.lineno)
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AugAssign)
            else []
        )
        for target in targets:
            text = ast.unparse(target)
            if isinstance(target, ast.Subscript) and (
                text.endswith("._vc[0]") or "._data[" in text
            ):
                lines.append(node.lineno)
    return lines


def _unhooked(tree: ast.AST) -> list[str]:
    found = []
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef) or fn.name == "_bump_version":
            continue
        body = ast.Module(body=fn.body, type_ignores=[])
        nested = {n for child in fn.body for n in ast.walk(child) if n is not child}
        writes = _writes(body)
        hooked = "in_place.before_write(" in ast.unparse(body)
        if writes and not hooked and not any(isinstance(n, ast.FunctionDef) for n in nested):
            found.append(f"{fn.name}:{writes[0]}")
    return found


def test_the_hook_rule_finds_what_it_looks_for() -> None:
    source = (
        "def a(t):\n    t._data[...] = 1\n    t._vc[0] += 1\n"
        "def b(t):\n    np.add(t._data, 1, out=t._data)\n"
        "def c(t):\n    t._bump_version()\n"
        "def d(t):\n    if in_place.watchers:\n        in_place.before_write(t._data)\n"
        "    t._data[0] = 2\n    t._bump_version()\n"
        "def e(t):\n    x = t._data + 1\n"
    )
    assert _unhooked(ast.parse(source)) == ["a:2", "b:5", "c:7"]


def test_every_in_place_write_in_the_engine_calls_the_hook_first() -> None:
    files = [p for p in ENGINE.rglob("*.py") if "playground" not in p.parts]
    assert len(files) > 40
    unhooked = []
    for path in files:
        tree = ast.parse(path.read_text())
        unhooked += [f"{path.relative_to(ENGINE)}:{u}" for u in _unhooked(tree)]
    assert unhooked == []


def test_the_hook_costs_a_test_when_nothing_records() -> None:
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    calls = []
    with contextlib.ExitStack() as stack:
        stack.callback(setattr, in_place, "before_write", in_place.before_write)
        in_place.before_write = lambda array: calls.append(array)
        (w * w).sum().backward()
        with torch.no_grad():
            w.add_(1)
        assert calls == []  # nothing recording: the hook is not even called
        with tracing.record_backward():
            (w * w).sum().backward()
            with torch.no_grad():
                w.add_(1)
        assert len(calls) == 2  # the accumulation into the existing .grad, then add_


def test_a_backward_call_inside_another_one_leaves_both_traces_whole() -> None:
    # the inner call's begin closes the outer trace's window while the outer call still runs:
    # what the outer one notes afterwards is copied at once
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    x = torch.tensor([3.0, 4.0], requires_grad=True)

    def hook(g):
        with torch.enable_grad():
            (gx,) = torch.autograd.grad((x * x).sum(), x)
        return g * gx

    w.register_hook(hook)
    with tracing.record_backward() as traces:
        (w * w).sum().backward()
        with torch.no_grad():
            w.add_(1)  # after the call: the replay still shows the .grad it made
    outer, inner = traces
    assert [s.kind for s in outer.steps] == ["node", "node", "hook", "accumulate"]
    assert [s.kind for s in inner.steps] == ["node", "node", "capture"]
    np.testing.assert_array_equal(outer.accumulations()[0].after, [12.0, 32.0])
    np.testing.assert_array_equal(outer.steps[2].after, [12.0, 32.0])  # the hook's result
    np.testing.assert_array_equal(inner.steps[-1].upstream, [6.0, 8.0])
    assert not outer.changed and not inner.changed


def test_threads_recording_at_once_each_keep_their_own_trace():
    # Each thread's writes reach only the window of its own recording: one thread's .grad
    # accumulation must not make another thread's trace copy slots while that thread adds them.
    failures: list[str] = []
    grads: list[float] = []
    start = threading.Barrier(8)

    def train() -> None:
        start.wait()
        try:
            with tracing.record_backward(keep=20) as traces:
                x = torch.tensor(2.0, requires_grad=True)
                for _ in range(200):
                    (x**3).backward()
            grads.append(x.grad.item())
            assert traces[-1].accumulations()[0].after.item() == 2400.0
        except Exception as exc:  # (a thread's exception would not fail the test by itself)
            failures.append(f"{type(exc).__name__}: {exc}")

    for _ in range(3):  # (a race: three rounds make it likely to show, when there is one)
        threads = [threading.Thread(target=train) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert failures == []
    assert grads == [2400.0] * 24
    assert in_place.watchers == []

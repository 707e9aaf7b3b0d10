"""The records of the tensors a run made (where each was made, the names it was bound to), made
lazily past the result's share: a new tensor waits in `pending` and gets its record only if it
is still alive when the records are next read (interpreter.note_span / settle_records).

Each condition is pinned both ways against the eager way (every tensor recorded as it is made,
`_PENDING_TENSORS = 1`) with what a learner sees: "made at line N", the names, the values."""

from __future__ import annotations

import pytest

from autograd_core.playground.sandbox import interpreter
from autograd_core.playground.sandbox.run import run_snippet

INTERP = "autograd_core.playground.sandbox.interpreter."

FIT = """import torch
x = torch.linspace(-1.0, 1.0, 50)
y = 3 * x + 1
w = torch.tensor(0.5, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
for step in range(60):
    pred = w * x + b
    loss = ((pred - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        b -= 0.1 * b.grad
        w.grad.zero_()
        b.grad.zero_()
kept = [w * 2 for _ in range(3)]
final = (w * x + b).sum()
"""


def _seen(result) -> list:
    """What the pages read off the records: names, where each was made, its values."""
    return [(r.names, r.site.line if r.site else None, r.tensor.tolist()) for r in result.tensors]


def _pending_at_each_settling(monkeypatch) -> list:
    """The shapes of the tensors waiting in `pending` each time they are settled."""
    seen: list = []
    original = interpreter.Interpreter.settle_records

    def settle(self):
        seen.append([tuple(t.shape) for t, _, _ in self.pending])
        original(self)

    monkeypatch.setattr(interpreter.Interpreter, "settle_records", settle)
    return seen


@pytest.fixture
def past_share(monkeypatch):
    """Every tensor is past the result's share from the start: all of them go through pending."""
    monkeypatch.setattr(INTERP + "_RECORDED_ELEMENTS", 0)


@pytest.mark.parametrize("pending", [64, 5, 1])
def test_lazy_records_show_what_eager_ones_show(past_share, monkeypatch, pending):
    monkeypatch.setattr(INTERP + "_PENDING_TENSORS", 1)
    eager = _seen(run_snippet(FIT))
    monkeypatch.setattr(INTERP + "_PENDING_TENSORS", pending)
    lazy = run_snippet(FIT)
    assert _seen(lazy) == eager
    by_name = {r.names[0]: r for r in lazy.tensors if r.names}
    assert by_name["final"].site.line == 16 and by_name["final"].tensor.item() == pytest.approx(
        50.0, abs=2.0
    )
    assert by_name["loss"].site.line == 8  # the last iteration's loss, made at line 8
    # the list's tensors were never bound to a name, but are alive: made at line 15
    assert [r.site.line for r in lazy.tensors if not r.names][-3:] == [15, 15, 15]


def test_a_tensor_that_died_while_pending_gets_no_record(past_share, monkeypatch):
    monkeypatch.setattr(INTERP + "_PENDING_TENSORS", 1_000)
    code = "import torch\nx = torch.ones(3)\nfor i in range(20):\n    x * i\nz = x + 1\n"
    result = run_snippet(code)
    assert [(r.names, r.site.line) for r in result.tensors] == [(("x",), 2), (("z",), 5)]


def test_a_tensor_alive_at_settling_keeps_where_it_was_made_and_its_names(past_share, monkeypatch):
    """Noted (pending), then bound twice: one record, both names, the line that made it."""
    monkeypatch.setattr(INTERP + "_PENDING_TENSORS", 1_000)
    code = "import torch\na = torch.ones(2) * 3\nb = a\nc = torch.zeros(2)\n"
    result = run_snippet(code)
    assert [(r.names, r.site.line, r.tensor.tolist()) for r in result.tensors] == [
        (("a", "b"), 2, [3.0, 3.0]),
        (("c",), 4, [0.0, 0.0]),
    ]


def test_pending_tensors_are_settled_after_a_bounded_number(past_share, monkeypatch):
    monkeypatch.setattr(INTERP + "_PENDING_TENSORS", 4)
    seen = _pending_at_each_settling(monkeypatch)
    run_snippet("import torch\nx = torch.ones(3)\nfor i in range(10):\n    x * i\n")
    assert max(map(len, seen)) == 4  # never more than _PENDING_TENSORS held waiting
    assert list(map(len, seen)).count(4) >= 2


def test_pending_tensors_wait_for_the_forward_pass_to_end(past_share, monkeypatch):
    """A forward pass's tensors wait, alive, until the next backward() call starts (so the
    page drawing the run can read every value of that pass): settled then, not before."""
    monkeypatch.setattr(INTERP + "_PENDING_TENSORS", 1_000)
    held: list = []
    original = interpreter.Interpreter.settle_records

    def settle(self):
        held.append(sorted({t.item() for t, _, _ in self.pending}))
        original(self)

    monkeypatch.setattr(interpreter.Interpreter, "settle_records", settle)
    code = (
        "import torch\nw = torch.tensor(2.0, requires_grad=True)\nfor i in range(3):\n"
        "    loss = (w * 3 + 1) ** 2\n    loss.backward()\nz = w + 1\n"
    )
    result = run_snippet(code)
    # as each backward starts: that iteration's w * 3, w * 3 + 1 (which nothing else holds)
    # and loss, and at first w itself; at the end, z
    assert held == [[2.0, 6.0, 7.0, 49.0], [6.0, 7.0, 49.0], [6.0, 7.0, 49.0], [3.0]]
    assert result.variables["loss"].item() == 49.0
    # (each iteration's loss is alive at the end: its backward call's trace holds it)
    assert [(r.names, r.site.line) for r in result.tensors if r.names] == [
        (("w",), 2),
        *[(("loss",), 4)] * 3,
        (("z",), 6),
    ]


def test_records_within_the_share_are_made_at_once():
    """The first tensors of a run (the result's share) are held as they are made: nothing
    waits, and a dead one is still in the result (the graph pages name nodes with them)."""
    code = "import torch\nx = torch.ones(3)\nfor i in range(3):\n    x * i\n"
    result = run_snippet(code)
    assert [r.site.line for r in result.tensors] == [2, 4, 4, 4]
    assert [r.tensor.tolist() for r in result.tensors][1:] == [[0.0] * 3, [1.0] * 3, [2.0] * 3]


def test_pending_tensors_are_let_go_at_a_look_at_the_memory_once_they_could_hold_much(
    past_share, monkeypatch
):
    """A pending tensor keeps its graph alive (here `loss` keeps the 100,000-element exp()
    result): with no backward() call to end the forward pass, the pending notes are settled at
    the first look at the memory after more than _WINDOW_ELEMENTS elements were made since the
    last settling, so they never hold much more than that; and the run shows what an eager one
    shows."""
    monkeypatch.setattr(INTERP + "_PENDING_TENSORS", 10**9)
    code = (
        "import torch\nbig = torch.ones(100_000)\nw = torch.tensor(0.5, requires_grad=True)\n"
        "for i in range(40):\n    loss = (big * w).exp().sum()\nprint(loss)\n"
    )
    waiting = _pending_at_each_settling(monkeypatch)
    result = run_snippet(code)
    # 40 iterations of 200,001 elements (4 notes each): a look every 5 iterations, settling
    # every other look (more than a million elements made since the last)
    assert len([n for n in waiting if n]) >= 3 and max(map(len, waiting)) <= 44
    assert result.output.startswith("tensor(164872.") and "SumBackward0" in result.output
    # (each exp() result and its node refer to each other: which of them Python's cycle
    # collector has freed by the end varies, so only the named ones are compared)
    assert [(r.names, r.site.line) for r in result.tensors if r.names] == [
        (("big",), 2),
        (("w",), 3),
        (("loss",), 5),
    ]

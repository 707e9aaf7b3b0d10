"""A program with a loop: each iteration's graph drawn alone, its leaves with the values they had
when that iteration's forward pass ran (and their value now beside them), at most 20 iterations
kept, spread over the loop."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from autograd_core.playground.catalogue.examples import by_key
from autograd_core.playground.graph.text import graph_heading, node_rows
from autograd_core.playground.graph_explorer.inspector import inspect_node
from autograd_core.playground.graph_explorer.iterations import Iterations, kept_note
from autograd_core.playground.graph_explorer.run import explore
from autograd_core.playground.sandbox.run import run_snippet

LOOP = by_key("linear-regression-loop").code  # w -= 0.1 * w.grad, 10 epochs, y = 2x


def plain_python_fit(steps: int) -> list[tuple[float, float, float]]:
    """(w, loss, dloss/dw) at the start of each step, computed the way the loop does, float32."""
    x = np.array([1.0, 2.0, 3.0], np.float32)
    y = np.array([2.0, 4.0, 6.0], np.float32)
    w = np.float32(0.0)
    out = []
    for _ in range(steps):
        residual = w * x - y
        loss = np.mean(residual**2, dtype=np.float32)
        grad = np.mean(np.float32(2) * residual * x, dtype=np.float32)
        out.append((float(w), float(loss), float(grad)))
        w = np.float32(w - np.float32(0.1) * grad)
    return out


def node(exp, label):
    (found,) = [d for _, d in exp.graph.nodes(data=True) if d["label"] == label]
    return found


def test_a_loop_offers_each_iteration_defaulting_to_the_last():
    exp = explore(LOOP)
    assert exp.iterations
    assert exp.backward_total == 10
    assert exp.backward_calls == tuple(f"Iteration {k} of 10" for k in range(1, 11))
    assert exp.backward == 9
    assert exp.graph.graph["iteration"] == (10, 10)


@pytest.mark.parametrize("k", [1, 2, 3, 7, 10])
def test_iteration_k_shows_the_leaf_as_it_was_in_that_forward_pass(k):
    expected_w, expected_loss, expected_grad = plain_python_fit(10)[k - 1]
    exp = explore(LOOP, backward=k - 1)
    w = node(exp, "w")
    assert w["value"] == pytest.approx(expected_w, rel=1e-6, abs=1e-7)
    assert w["value_now"] == pytest.approx(2.0, abs=1e-6)  # where the fit ended
    assert w["grad"] == pytest.approx(expected_grad, rel=1e-5, abs=1e-6)  # that pass's .grad
    loss = node(exp, "loss")  # that iteration's loss, named as the learner named it
    assert loss["value"] == pytest.approx(expected_loss, rel=1e-5, abs=1e-9)
    # The intermediate w * x (y_pred) is recomputed from that w, not from the final one.
    (product,) = [d for _, d in exp.graph.nodes(data=True) if d.get("grad_fn") == "MulBackward0"]
    assert product["label"] == ("y_pred" if k == 10 else "w * x")  # only the last one lives on
    assert product["value"] == pytest.approx(expected_w * np.array([1, 2, 3]), rel=1e-5)
    assert exp.steps and exp.steps[-1].text.startswith("w.grad")


def test_the_text_version_says_which_iteration_and_what_the_leaf_is_now():
    exp = explore(LOOP, backward=0)
    assert graph_heading(exp.graph).startswith("Iteration 1 of 10: the graph its forward pass")
    rows = {r.name: r for r in node_rows(exp.graph, exp.steps)}
    assert rows["w"].value == "0 (now 2)"
    assert "Iteration 1 of 10" in exp.iteration_note()
    assert "All 10 iterations can be shown." in exp.iteration_note()


def test_the_last_iterations_leaf_says_nothing_about_now_when_nothing_changed():
    exp = explore(LOOP)  # by epoch 10 the fit has converged: w stays 2
    rows = {r.name: r for r in node_rows(exp.graph, exp.steps)}
    assert rows["w"].value == "2"


def test_a_long_loop_keeps_at_most_twenty_iterations_spread_over_it():
    code = (
        "import torch\nw = torch.tensor(1.0, requires_grad=True)\n"
        "opt = torch.optim.SGD([w], lr=0.01)\n"
        "for step in range(200):\n"
        "    opt.zero_grad()\n"
        "    loss = (w - 3) ** 2\n"
        "    loss.backward()\n"
        "    opt.step()\n"
    )
    exp = explore(code)
    assert exp.backward_total == 200
    assert len(exp.backward_numbers) <= 20
    assert exp.backward_numbers[:5] == (1, 2, 3, 4, 5)
    assert exp.backward_numbers[-1] == 200
    assert exp.backward_calls[-1] == "Iteration 200 of 200"
    assert "keeps 18 of the 200 iterations: the first 5, every 16th in between and the last" in (
        exp.iteration_note()
    )
    # Iteration 16 (index 5) shows w after 15 SGD steps: w_k = 3 - 2 * 0.98**k.
    w = node(explore(code, backward=5), "w")
    assert w["value"] == pytest.approx(3 - 2 * 0.98**15, rel=1e-5)


def test_the_keeper_spreads_what_it_keeps():
    keeper = Iterations(max_kept=20, first=5)

    class Trace:
        roots = ()

    for _ in range(1000):
        keeper(Trace())
    numbers = [p.number for p in keeper.kept()]
    assert len(numbers) <= 20
    assert numbers[:5] == [1, 2, 3, 4, 5] and numbers[-1] == 1000
    gaps = {b - a for a, b in pairwise(numbers[5:-1])}
    assert len(gaps) == 1  # evenly spaced in between
    note = kept_note(tuple(numbers), 1000)
    assert note.startswith(f"To save memory the page keeps {len(numbers)} of the 1000 iterations")


@pytest.mark.parametrize(
    "key", ["product-rule", "module-subclass", "multiple-outputs", "accumulate-and-zero"]
)
def test_programs_without_a_loop_are_drawn_as_before(key):
    exp = explore(by_key(key).code)
    assert not exp.iterations
    assert exp.graph.graph["iteration"] is None
    assert exp.iteration_note() is None
    assert all(label.startswith("#") for label in exp.backward_calls)


def test_two_backward_calls_on_one_result_are_not_a_loop():
    code = (
        "import torch\nx = torch.tensor(2.0, requires_grad=True)\ny = x ** 3\n"
        "y.backward(retain_graph=True)\ny.backward()\n"
    )
    exp = explore(code)
    assert not exp.iterations
    assert exp.backward_calls == (
        "#1 · backward from `y`, computed on line 3",
        "#2 · backward from `y`, computed on line 3",
    )


def test_the_inspector_shows_the_leaf_then_and_now():
    exp = explore(LOOP, backward=1)
    (w,) = [n for n, d in exp.graph.nodes(data=True) if d["label"] == "w"]
    report = inspect_node(exp.graph, w, exp.steps)
    assert report.value == "tensor(1.8667)"  # as iteration 2 used it
    assert ("value now (at the end of the program)", "2") in report.facts


# --- after the loop: what the program computed once the loop was done ---------------------------

AFTER = LOOP + "x_test = torch.tensor([4.0, 5.0])\npred = w * x_test\nprint(w * 5)\n"


def labels(exp) -> list[str]:
    return sorted(d["label"] for _, d in exp.graph.nodes(data=True))


def test_tensors_computed_after_a_loop_are_its_pickers_last_position_shown_first():
    exp = explore(AFTER)
    assert exp.error is None and exp.after_loop
    assert exp.backward_calls[-1] == "After the loop"
    assert exp.backward_calls[:-1] == tuple(f"Iteration {k} of 10" for k in range(1, 11))
    assert exp.backward == 10 and exp.after_loop_shown()
    assert "After the loop" in exp.iteration_note()
    assert labels(exp) == ["5", "pred", "w", "w * 5", "x_test", "×", "×"]
    values = {d["label"]: d["value"] for _, d in exp.graph.nodes(data=True)}
    assert values["pred"] == pytest.approx([8.0, 10.0], abs=1e-5)  # from w as the loop left it
    assert values["w * 5"] == pytest.approx(10.0, abs=1e-5)
    assert exp.graph.graph.get("iteration") is None and exp.steps == []  # no backward after
    first = exp.graph.graph["roots"][0]  # what the Inspector opens on: the prediction
    assert exp.graph.nodes[first]["label"] == "pred"
    assert exp.check_index is None


def test_an_iteration_is_still_drawn_alone_when_tensors_follow_the_loop():
    exp = explore(AFTER, backward=9)
    assert not exp.after_loop_shown()
    assert exp.graph.graph["iteration"] == (10, 10)
    assert "pred" not in labels(exp) and "loss" in labels(exp)
    assert exp.iteration_note().startswith("Iteration 10 of 10")


@pytest.mark.parametrize(
    ("after", "drawn"),
    [
        ("", None),  # nothing after the loop: no extra position
        ("print(w)\nprint(w.grad)\n", None),  # reading what the loop left computes nothing
        ("with torch.no_grad():\n    guess = w * 3\n", ["guess", "w"]),  # cut from w: dashed
        ("z = (w * x).sum()\nz.backward()\n", None),  # a backward after: its own pass
        ("first_x = x[0]\nx_test = torch.tensor([4.0])\n", None),  # plain data: no graph
        ("final = w.detach()\n", ["final", "w"]),  # cut from w, as no_grad
        ("print((w - 2) ** 2)\n", ["(w - 2)**2", "2", "^2", "w", "w - 2", "−"]),
    ],
)
def test_what_counts_as_after_the_loop(after, drawn):
    exp = explore(LOOP + after)
    assert exp.error is None
    if drawn is None:
        assert "After the loop" not in exp.backward_calls
    else:
        assert exp.after_loop_shown()
        assert labels(exp) == drawn


@pytest.mark.parametrize("remembered", [0, 5, 20, 60, 200])
def test_a_long_loop_has_no_after_the_loop_position_when_nothing_comes_after_it(
    monkeypatch, remembered
):
    """Past the first few million elements a run remembers tensors only while they live, and a
    new tensor can get a dead one's id: it still counts as made where it was made, at the end
    (in the dead tensor's place, every later iteration was drawn 'after the loop')."""
    monkeypatch.setattr(
        "autograd_core.playground.sandbox.interpreter._RECORDED_ELEMENTS", remembered
    )
    exp = explore(LOOP.replace("range(10)", "range(200)"))
    assert exp.error is None and "range(200)" in exp.code
    assert "After the loop" not in exp.backward_calls
    assert exp.backward_calls[-1] == "Iteration 200 of 200"


def test_tensors_are_listed_in_the_order_they_were_made_even_when_ids_are_reused(monkeypatch):
    monkeypatch.setattr("autograd_core.playground.sandbox.interpreter._RECORDED_ELEMENTS", 0)
    run = run_snippet(
        "import torch\nx = torch.tensor(1.0)\nfor i in range(50):\n    t = x * i\nlast = x + 100\n"
    )
    assert run.tensors[-1].names == ("last",)
    assert run.tensors[-1].tensor.item() == 101.0


@pytest.mark.parametrize(
    ("numbers", "spaced"),
    [
        ((1, 2, 3, 4, 5, 7, 9, 11, 22), "every 2nd in between"),
        ((1, 2, 3, 4, 5, 8, 11, 30), "every 3rd in between"),
        ((1, 2, 3, 4, 5, 26, 47, 68, 100), "every 21st in between"),
        ((1, 2, 3, 4, 5, 17, 29, 100), "every 12th in between"),
    ],
)
def test_the_note_says_which_iterations_in_english(numbers, spaced):
    # (a 22-step training loop read "every 2th in between")
    assert spaced in kept_note(numbers, numbers[-1])

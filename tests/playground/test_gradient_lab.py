"""The Gradient Lab's replay (playground.gradient_lab): what the learner sees after each button."""

from __future__ import annotations

import math
import os
import subprocess
from pathlib import Path

import pytest

from autograd_core.playground.gradient_lab import (
    COMPUTATIONS,
    MAX_ACTIONS,
    Action,
    explain,
    grads_text,
    run_lab,
)
from autograd_core.playground.sandbox import run_snippet

TORCH_PYTHON = Path(os.environ.get("TORCH_PYTHON", "/work/torchenv/bin/python"))

SECOND_BACKWARD = (
    "RuntimeError: Trying to backward through the graph a second time (or directly access saved "
    "tensors after they have already been freed). Saved intermediate values of the graph are "
    "freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need "
    "to backward through the graph a second time or if you need to access saved tensors after "
    "calling backward."
)
F, B, BR = Action("forward"), Action("backward"), Action("backward_retain")
Z = Action("zero_grad")


def grads(report, leaf="x"):
    return [e.grads[leaf] for e in report.events]


def test_setup_has_no_gradients_and_no_graph():
    report = run_lab("x2y", [])
    (setup,) = report.events
    assert setup.grads == {"x": None, "y": None}
    assert setup.graph == "none"
    assert "requires_grad=True" in "\n".join(setup.code)


def test_second_backward_without_retain_graph_fails_with_pytorchs_words():
    report = run_lab("x2y", [F, B, B])
    assert report.events[2].error is None
    assert report.events[3].error == SECOND_BACKWARD
    # the failed call changed nothing: .grad keeps the first backward's result
    assert grads(report) == [None, None, 12.0, 12.0]
    assert grads(report, "y") == [None, None, 31.0, 31.0]
    assert report.events[2].graph == "freed"
    assert "retain_graph=True" in explain(report, 3)


def test_retain_graph_lets_backward_run_again_and_gradients_accumulate():
    report = run_lab("x2y", [F, BR, BR, B])
    assert [e.error for e in report.events] == [None] * 5
    assert grads(report) == [None, None, 12.0, 24.0, 36.0]
    assert grads(report, "y") == [None, None, 31.0, 62.0, 93.0]
    assert "accumulate" in explain(report, 3)


def test_a_new_forward_pass_builds_a_new_graph_and_gradients_still_add_up():
    report = run_lab("x2y", [F, B, F, B])
    assert grads(report) == [None, None, 12.0, 12.0, 24.0]
    assert [e.graph for e in report.events] == ["none", "alive", "freed", "alive", "freed"]


def test_zero_keeps_a_tensor_of_zeros_and_none_removes_it():
    report = run_lab("x2y", [F, BR, Action("zero_", leaf="x"), Action("set_none", leaf="y"), BR])
    assert grads(report) == [None, None, 12.0, 0.0, 0.0, 12.0]
    assert grads(report, "y") == [None, None, 31.0, 31.0, None, 31.0]
    assert report.events[3].code == ("x.grad.zero_()",)
    assert report.events[4].code == ("y.grad = None",)


def test_zero_on_a_gradient_that_is_none_is_pythons_attribute_error():
    report = run_lab("x2y", [F, Action("zero_", leaf="x")])
    assert report.last.error == "AttributeError: 'NoneType' object has no attribute 'zero_'"
    assert "None" in explain(report)


def test_optimizer_zero_grad_sets_every_gradient_to_none():
    report = run_lab("x2y", [F, B, Action("zero_grad")])
    assert report.last.grads == {"x": None, "y": None}
    assert report.last.code == ("optimizer.zero_grad()",)


def test_step_moves_the_leaves_and_makes_the_old_graph_unusable():
    report = run_lab("x2y", [F, BR, Action("step"), B, F, Action("zero_grad"), B])
    step = report.events[3]
    assert step.values["x"] == pytest.approx(2.0 - 0.1 * 12.0)
    assert step.values["y"] == pytest.approx(3.0 - 0.1 * 31.0)
    assert step.graph == "stale"
    assert report.events[4].error.startswith(
        "RuntimeError: one of the variables needed for gradient computation has been modified "
        "by an inplace operation"
    )
    x, y = step.values["x"], step.values["y"]
    assert report.last.grads["x"] == pytest.approx(2 * x * y, rel=1e-5)
    assert report.last.grads["y"] == pytest.approx(x * x + 3 * y * y, rel=1e-5)


def test_step_without_gradients_changes_nothing():
    report = run_lab("x2y", [F, Action("step")])
    assert report.last.values == {"x": 2.0, "y": 3.0}


@pytest.mark.parametrize(
    ("hook", "x_grad", "printed"),
    [
        ("none", 12.0, ()),
        ("print", 12.0, ("hook saw tensor(3.)",)),
        ("double", 24.0, ()),
        ("zero", 0.0, ()),
    ],
)
def test_a_hook_on_the_intermediate_sees_and_may_replace_its_gradient(hook, x_grad, printed):
    report = run_lab("x2y", [Action("forward", hook=hook), B])
    assert report.last.grads == {"x": x_grad, "y": 31.0}  # y's other path is untouched
    assert report.last.printed == printed


def test_retain_grad_keeps_the_intermediates_gradient_after_the_hook():
    report = run_lab("x2y", [Action("forward", retain_grad=True, hook="double"), B])
    assert report.last.intermediate_grad == 6.0  # ∂z/∂a = y = 3, doubled by the hook
    assert run_lab("x2y", [F, B]).last.intermediate_grad is None
    assert "a.retain_grad()" in run_lab("x2y", [Action("forward", retain_grad=True)]).script()


def test_seed_tutorial_values():
    linear = run_lab("linear", [F, B])
    assert linear.last.grads == {"w": -30.0, "b": -10.0}
    assert linear.last.output_value == 25.0
    sin = run_lab("sin", [F, B])
    assert sin.last.grads["x"] == pytest.approx(math.cos(25.0) * 10, rel=1e-5)


def test_backward_before_any_forward_is_a_name_error():
    report = run_lab("x2y", [B])
    assert report.last.error == "NameError: name 'z' is not defined"


def test_long_sessions_stop_at_the_limit():
    report = run_lab("x2y", [F] + [BR] * (MAX_ACTIONS + 5))
    assert report.truncated
    assert len(report.events) == MAX_ACTIONS + 1


def test_unknown_actions_and_computations_are_refused():
    with pytest.raises(ValueError, match="unknown action"):
        Action("explode")
    with pytest.raises(ValueError, match="unknown hook"):
        Action("forward", hook="rm -rf")
    with pytest.raises(ValueError, match="unknown computation"):
        run_lab("nope", [])
    report = run_lab("x2y", [F, Action("zero_", leaf="q")])
    assert report.last.error.startswith("ValueError: 'q' is not a leaf")


def test_grads_text_reads_like_the_printout():
    report = run_lab("x2y", [F, B])
    assert grads_text(report.last) == "x.grad = 12, y.grad = 31"


@pytest.mark.torch
@pytest.mark.skipif(not TORCH_PYTHON.exists(), reason="no PyTorch install to compare with")
@pytest.mark.parametrize("key", list(COMPUTATIONS))
def test_the_session_script_prints_the_same_numbers_in_pytorch(key):
    hook = Action("forward", retain_grad=True, hook="print")
    actions = [hook, B, B, F, BR, Action("step"), BR, Action("zero_grad"), F, B, Z]
    report = run_lab(key, actions)
    # The script as the page shows it, pasted as it is: it runs, and prints its own comments.
    done = subprocess.run(
        [str(TORCH_PYTHON), "-c", report.script()], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == _promised(report)


def _torch_text(value):
    """What print(tensor) shows for a scalar gradient (or None)."""
    if value is None:
        return "None"
    import autograd_core as torch

    return repr(torch.tensor(value))


def _promised(report) -> list[str]:
    """What the script says it prints: each action's output, written under it as comments."""
    out = [line for e in report.events for line in e.output_lines()]
    assert "\n".join(f"# {line}" for line in out[:1]) in report.script()
    return out


def test_the_session_script_runs_as_pasted_and_prints_what_it_says():
    actions = [F, B, B, Action("zero_", "x"), F, BR, Action("step"), Action("set_none", "y")]
    actions += [Action("zero_", "y"), Z]
    report = run_lab("x2y", actions)
    script = report.script()
    # The refused second backward() is a comment, never live code; every number is printed.
    assert "# z.backward()\n# RuntimeError: Trying to backward through the graph" in script
    assert "z.backward()\nprint(x.grad, y.grad)\n# tensor(12.) tensor(31.)" in script
    assert (
        "print(x, y)\n# tensor(0.8000, requires_grad=True) tensor(-3.2000, requires_grad=True)"
        in script
    )
    assert "# y.grad.zero_()\n# AttributeError: 'NoneType' object has no attribute" in script
    assert run_snippet(script).output.splitlines() == _promised(report)

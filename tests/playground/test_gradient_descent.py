"""autograd_core.playground.gradient_descent: what the Gradient Descent page computes.

* The seeds' exercise ends where the seeds' loop (and PyTorch) ends, step for step.
* Every preset × every optimizer follows PyTorch's trajectory (tests/golden/descent.json,
  recorded by record_descent.py), and racing together gives the very numbers of running alone.
* Forgetting zero_grad() accumulates gradients exactly as PyTorch does.
* Divergence stops the path at its last usable point and says why, in words a learner can use.
* A learner's expression runs through the snippet language; hostile ones end in a DescentError.
* The surface is one vectorised pass under no_grad, the same for a custom expression.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import autograd_core as torch
from autograd_core.playground import gradient_descent as descent
from autograd_core.playground.gradient_descent import (
    OPTIMIZERS,
    PRESETS,
    DescentError,
    OptimizerChoice,
    custom_objective,
    race,
)
from autograd_core.playground.sandbox import run_snippet
from tests.cpu_time import CPU_SLACK, thread_cpu
from tests.paths import GOLDEN

GOLDEN = json.loads((GOLDEN / "descent.json").read_text())["descent"]


def choices_for(objective, kinds):
    return [OptimizerChoice(k, {"lr": objective.lrs[k]}) for k in kinds]


# --- the seeds ---------------------------------------------------------------------------------


def test_seed_exercise_ends_where_the_seeds_loop_ends():
    result = race(PRESETS["shifted"], [OptimizerChoice("SGD", {"lr": 0.1})], steps=20)
    run = result.runs[0]
    expected = GOLDEN["seeds_exercise"]
    # Bit for bit, every step: optimizer.step() computes what `x -= lr * x.grad` computes.
    assert run.points[1:, 0].tolist() == expected["path"]
    assert f"{run.points[-1, 0]:.4f}" == expected["final"] == "2.9654"
    assert run.updates == 20 and run.divergence is None


def test_seed_exercise_with_the_engine_written_as_in_the_seeds():
    x = torch.tensor(0.0, requires_grad=True)
    for _ in range(20):
        f = (x - 3) ** 2
        f.backward()
        with torch.no_grad():
            x -= 0.1 * x.grad
        x.grad.zero_()
    result = race(PRESETS["shifted"], [OptimizerChoice("SGD", {"lr": 0.1})], steps=20)
    assert result.runs[0].points[-1, 0] == x.item()


def test_defaults_of_the_seed_presets_are_the_seeds_numbers():
    assert PRESETS["shifted"].start == (0.0,) and PRESETS["shifted"].steps == 20
    assert PRESETS["shifted"].lrs["SGD"] == 0.1
    assert PRESETS["square"].start == (5.0,)  # "we'll start far from the minimum"


# --- against PyTorch -------------------------------------------------------------------------


def _case_id(case):
    return f"{case['preset']}-{case['optimizer']}" + ("-forget" if case["forget"] else "")


@pytest.mark.parametrize("case", GOLDEN["runs"], ids=_case_id)
def test_trajectory_matches_pytorch(case):
    objective = PRESETS[case["preset"]]
    steps = len(case["points"])
    result = race(
        objective,
        choices_for(objective, [case["optimizer"]]),
        steps=steps,
        forget_zero_grad=case["forget"],
    )
    run = result.runs[0]
    n = run.updates
    expected_points = np.array(case["points"], dtype=np.float32)
    expected_grads = np.array(case["grads"], dtype=np.float32)
    # Rounding differences (PyTorch's vectorised float32 kernels) may grow along a path through
    # a narrow valley, never beyond float32 noise over 40 steps.
    np.testing.assert_allclose(run.points[1:], expected_points[:n], rtol=2e-5, atol=2e-6)
    np.testing.assert_allclose(run.grads, expected_grads[:n], rtol=1e-4, atol=1e-4)
    if run.divergence is None:
        assert n == steps
    else:  # stopped: PyTorch's path left the plot at the same update
        limit = descent.runaway_limit(objective, objective.start)
        assert np.abs(expected_points[run.divergence.step - 1]).max() > limit


def test_every_preset_and_optimizer_was_recorded():
    recorded = {(c["preset"], c["optimizer"]) for c in GOLDEN["runs"] if not c["forget"]}
    assert recorded == {(p, k) for p in PRESETS for k in OPTIMIZERS}


@pytest.mark.parametrize("key", list(PRESETS))
def test_racing_together_equals_running_alone(key):
    """The race shares one forward/backward between racers; each gets its own numbers."""
    objective = PRESETS[key]
    together = race(objective, choices_for(objective, OPTIMIZERS), steps=25)
    for kind, run in zip(OPTIMIZERS, together.runs):
        alone = race(objective, choices_for(objective, [kind]), steps=25).runs[0]
        assert np.array_equal(run.points, alone.points), kind
        assert np.array_equal(run.grads, alone.grads), kind


# --- forgetting zero_grad ----------------------------------------------------------------------


def test_forgetting_zero_grad_accumulates_gradients():
    result = race(
        PRESETS["square"], [OptimizerChoice("SGD", {"lr": 0.1})], steps=3, forget_zero_grad=True
    )
    run = result.runs[0]
    # x = 5: grad 10 → x = 4; fresh grad 8, .grad = 18 → x = 2.2; fresh 4.4, .grad = 22.4 → 0.
    assert run.fresh[:, 0].tolist() == pytest.approx([10.0, 8.0, 4.4])
    assert run.grads[:, 0].tolist() == pytest.approx([10.0, 18.0, 22.4])
    assert run.points[:, 0].tolist() == pytest.approx([5.0, 4.0, 2.2, -0.04], abs=1e-5)
    rows = descent.update_rows(result, run, 2)
    assert "skipped" in rows[0].effect and "still holds 10" in rows[0].effect
    assert "x.grad = 18" in rows[2].effect


def test_forgetting_zero_grad_drifts_past_the_minimum():
    normal = race(PRESETS["shifted"], [OptimizerChoice("SGD", {"lr": 0.1})], steps=20).runs[0]
    forgot = race(
        PRESETS["shifted"], [OptimizerChoice("SGD", {"lr": 0.1})], steps=20, forget_zero_grad=True
    ).runs[0]
    assert abs(normal.points[-1, 0] - 3) < 0.05
    assert forgot.points[:, 0].max() > 3.5  # the stale gradients carry it past 3


# --- divergence ----------------------------------------------------------------------------------


def test_learning_rate_too_large_is_explained_with_the_curvature():
    result = race(PRESETS["square"], [OptimizerChoice("SGD", {"lr": 1.5})], steps=100)
    run = result.runs[0]
    d = run.divergence
    assert d is not None and d.kind == "runaway"
    assert "learning rate too large for this curvature" in d.reason
    assert "lr × curvature = 1.5 × 2 = 3 > 2" in d.reason
    assert d.step == run.updates + 1  # the update that ran away is not drawn
    assert np.all(np.isfinite(run.points)) and len(run.losses) == len(run.points)


def test_momentum_and_nesterov_have_their_own_stability_bounds():
    result = race(
        PRESETS["square"],
        [
            OptimizerChoice("Momentum", {"lr": 1.5, "momentum": 0.9}),  # 3 < 3.8: stable
            OptimizerChoice("Momentum", {"lr": 2.0, "momentum": 0.9}),  # 4 > 3.8
            OptimizerChoice("Nesterov", {"lr": 0.8, "momentum": 0.9}),  # 1.6 > 1.357
        ],
        steps=300,
    )
    stable, heavy, nesterov = result.runs
    assert stable.divergence is None
    assert "> 3.8" in heavy.divergence.reason
    assert "> 1.3571" in nesterov.divergence.reason


def test_a_function_without_minimum_is_called_unbounded():
    result = race(PRESETS["saddle"], [OptimizerChoice("SGD", {"lr": 0.1})], steps=200)
    d = result.runs[0].divergence
    assert d is not None and "unbounded below" in d.reason


def test_nan_where_the_function_is_not_defined():
    objective = custom_objective("sqrt(x)")
    result = race(objective, [OptimizerChoice("SGD", {"lr": 1.0})], start=(1.0,), steps=10)
    run = result.runs[0]
    assert run.divergence.kind == "nan"
    assert "not defined" in run.divergence.reason
    assert np.all(np.isfinite(run.losses)) and run.points[-1, 0] > 0


def test_overflow_to_inf_is_reported():
    objective = custom_objective("x ** 40")
    result = race(objective, [OptimizerChoice("SGD", {"lr": 0.1})], start=(9.0,), steps=5)
    d = result.runs[0].divergence
    assert d.kind == "inf" and "overflowed float32" in d.reason
    assert result.runs[0].updates == 0


def test_adaptive_optimizer_divergence_mentions_its_step_size():
    result = race(PRESETS["square"], [OptimizerChoice("Adam", {"lr": 100.0})], steps=60)
    d = result.runs[0].divergence
    assert d is None or "moves about lr" in d.reason


def test_undefined_at_the_start_is_refused_before_running():
    with pytest.raises(DescentError, match="no slope to follow"):
        race(custom_objective("log(x)"), [OptimizerChoice("SGD")], start=(-1.0,), steps=5)


def test_a_slow_expression_is_stopped_with_a_message():
    objective = custom_objective("x**2 + torch.ones(500000).cumsum(0).sum() * 0")
    with thread_cpu() as spent, pytest.raises(DescentError, match="too slow to race here"):
        race(objective, [OptimizerChoice("SGD")], start=(1.0,), steps=500, time_limit=0.5)
    assert spent() < 0.5 + CPU_SLACK  # stopped at its limit (processor time: tests/cpu_time.py)


def test_other_racers_continue_after_one_diverges():
    result = race(
        PRESETS["square"],
        [OptimizerChoice("SGD", {"lr": 5.0}), OptimizerChoice("SGD", {"lr": 0.1})],
        steps=50,
    )
    assert result.runs[0].divergence is not None
    assert result.runs[1].updates == 50 and abs(result.runs[1].points[-1, 0]) < 1e-3


# --- the learner's expression ------------------------------------------------------------------


def test_custom_expression_in_x_and_y():
    objective = custom_objective("(x - 1)**2 + 3 * sin(y)**2")
    assert objective.dims == 2
    result = race(objective, [OptimizerChoice("SGD", {"lr": 0.05})], steps=200)
    assert result.runs[0].points[-1] == pytest.approx([1.0, 0.0], abs=1e-3)


def test_custom_expression_matches_the_preset_it_spells():
    typed = custom_objective("(1 - x)**2 + 100*(y - x**2)**2")
    preset = PRESETS["rosenbrock"]
    a = race(typed, choices_for(preset, ["SGD", "Adam"]), start=preset.start, steps=50)
    b = race(preset, choices_for(preset, ["SGD", "Adam"]), steps=50)
    for ra, rb in zip(a.runs, b.runs):
        assert np.array_equal(ra.points, rb.points)


def test_custom_expression_may_use_torch_and_math():
    objective = custom_objective("torch.exp(-x) + x + math.pi * 0")
    assert objective.dims == 1
    result = race(objective, [OptimizerChoice("SGD", {"lr": 0.5})], start=(2.0,), steps=100)
    assert result.runs[0].points[-1, 0] == pytest.approx(0.0, abs=1e-3)


HOSTILE = [
    ("", "The expression is empty"),
    ("   ", "The expression is empty"),
    ("import os", "not a Python expression"),
    ("x\nimport os", "one line"),
    ("x; import os", "not a Python expression"),
    ("__import__('os').system('ls') + x", "__import__"),
    ("open('/etc/passwd') and x", "open"),
    ("x.__class__", "__class__"),
    ("torch.load('f') + x", "load"),
    ("(lambda: x)()", "lambda"),
    ("[x for x in range(9)]", "comprehensions"),
    ("torch.ones(10**9).sum() * x", "limit"),
    ("9**9**9**9 * x", "limit"),
    ("x" + " + x" * 150, "limit here is 300"),
    ("<script>alert(1)</script>", "not a Python expression"),
    ("x² + 1", "not a Python expression"),
    ("x.sum()", "mixes different points"),
    ("x.mean() + y", "mixes different points"),
    ("torch.ones(3) * x", "not one number"),
    ("42", "does not use x"),
    ("print(x)", "not a tensor"),
    ("\ud800 + x", "not valid text"),
    ("nonsense(x)", "nonsense"),
]


@pytest.mark.parametrize(("text", "words"), HOSTILE, ids=[repr(t[:20]) for t, _ in HOSTILE])
def test_hostile_expressions_are_refused_with_a_message(text, words):
    with thread_cpu() as spent, pytest.raises(DescentError) as info:
        custom_objective(text)
    assert words in info.value.message
    assert spent() < CPU_SLACK  # refused without doing the work (processor time, not the clock)


@pytest.mark.parametrize("value", [None, 3, b"x**2", ["x"]])
def test_non_text_expressions_are_refused(value):
    with pytest.raises(DescentError):
        custom_objective(value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_any_text_either_works_or_says_why(text):
    try:
        objective = custom_objective(text)
    except DescentError as error:
        assert error.message
    else:
        assert objective.dims in (1, 2)


# --- inputs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start", [(math.nan,), (math.inf,), (1e300,), (-2e4,), ("x",), (None,), (1.0, 2.0)]
)
def test_bad_starts_are_refused(start):
    with pytest.raises(DescentError, match="[Ss]tart"):
        race(PRESETS["square"], [OptimizerChoice("SGD")], start=start, steps=5)


@pytest.mark.parametrize("steps", [0, -1, 501, 2.5, math.nan, "20", True])
def test_bad_step_counts_are_refused(steps):
    with pytest.raises(DescentError, match="steps"):
        race(PRESETS["square"], [OptimizerChoice("SGD")], steps=steps)


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        ("SGD", {"lr": 0.0}),
        ("SGD", {"lr": -1.0}),
        ("SGD", {"lr": math.nan}),
        ("SGD", {"lr": math.inf}),
        ("SGD", {"lr": 1e9}),
        ("SGD", {"lr": "fast"}),
        ("Momentum", {"momentum": 1.0}),
        ("Adam", {"beta1": 1.0}),
        ("Adam", {"beta2": -0.1}),
        ("RMSprop", {"alpha": math.nan}),
        ("AdamW", {"weight_decay": 1e6}),
        ("Lion", {}),
    ],
)
def test_bad_hyper_parameters_are_refused(kind, values):
    with pytest.raises(DescentError):
        race(PRESETS["square"], [OptimizerChoice(kind, values)], steps=5)


def test_at_most_seven_racers_and_at_least_one():
    with pytest.raises(DescentError, match="at least one"):
        race(PRESETS["square"], [], steps=5)
    with pytest.raises(DescentError, match="At most"):
        race(PRESETS["square"], [OptimizerChoice("SGD")] * 8, steps=5)


# --- what the page shows ------------------------------------------------------------------------


def test_update_spelled_out_in_the_seeds_order():
    result = race(PRESETS["shifted"], [OptimizerChoice("SGD", {"lr": 0.1})], steps=20)
    rows = descent.update_rows(result, result.runs[0], 1)
    assert [r.call for r in rows] == [
        "optimizer.zero_grad()",
        "loss = f(x)",
        "loss.backward()",
        "optimizer.step()",
    ]
    assert rows[0].effect == "x.grad = None: the last step's gradient is forgotten"
    assert rows[1].effect == "f(0) = 9"
    assert rows[2].effect == "x.grad = ∂f/∂x = -6"
    assert rows[3].effect == "x − lr × x.grad = 0 − 0.1 × -6 = 0.6"


def test_adaptive_update_shows_the_step_next_to_lr_times_grad():
    result = race(PRESETS["shifted"], [OptimizerChoice("Adam", {"lr": 0.5})], steps=3)
    effect = descent.update_rows(result, result.runs[0], 1)[3].effect
    assert "Adam moved x by 0.5" in effect and "−lr × grad would be 3" in effect


def test_two_variables_are_spelled_as_pairs():
    result = race(PRESETS["rosenbrock"], [OptimizerChoice("SGD", {"lr": 0.001})], steps=3)
    rows = descent.update_rows(result, result.runs[0], 1)
    assert rows[1].effect == "f(-1.2, 1) = 24.2"
    assert rows[2].effect == "(x.grad, y.grad) = (∂f/∂x, ∂f/∂y) = (-215.6, -88)"
    assert rows[3].effect.endswith("(-1.2, 1) − 0.001 × (-215.6, -88) = (-0.9844, 1.088)")


def test_summary_says_where_each_racer_ended():
    result = race(
        PRESETS["square"],
        [OptimizerChoice("SGD", {"lr": 0.1}), OptimizerChoice("SGD", {"lr": 1.5})],
        steps=20,
    )
    good, bad = descent.summary(result)
    assert good == {
        "optimizer": "SGD (lr=0.1)",
        "what it does": OPTIMIZERS["SGD"].blurb,
        "ends at": "0.0576",
        "f there": "0.0033",
        "after": "20 updates",
    }
    assert bad["after"].startswith("stopped at update ")


def test_history_has_one_row_per_update():
    result = race(PRESETS["bowl"], [OptimizerChoice("SGD", {"lr": 0.1})], steps=5)
    table = descent.history(result, result.runs[0])
    assert table["step"] == [1, 2, 3, 4, 5]
    assert table["x"][0] == -4.0 and table["grad x"][0] == -8.0
    assert table["lr·grad x"][0] == pytest.approx(-0.8)
    assert table["new x"][:-1] == table["x"][1:]


@pytest.mark.parametrize("key", ["shifted", "rosenbrock", "rastrigin"])
def test_the_loop_code_runs_and_ends_where_the_path_ends(key):
    """The generated PyTorch code, run by the playground's own interpreter, prints the end."""
    objective = PRESETS[key]
    result = race(objective, choices_for(objective, ["Momentum"]), steps=30)
    code = descent.loop_code(result, result.runs[0])
    printed = run_snippet(code.replace("range(30)", "range(30)")).output.split()
    assert [float(v) for v in printed] == pytest.approx(result.runs[0].points[-1].tolist())


def test_surface_is_one_vectorised_pass_under_no_grad():
    calls = []
    base = PRESETS["himmelblau"]

    def spy(x, y):
        calls.append((tuple(x.shape), torch.is_grad_enabled()))
        return base.fn(x, y)

    from dataclasses import replace

    surf = descent.surface(replace(base, fn=spy), base.bounds, n=50)
    assert calls == [((50, 50), False)]
    assert surf.z.shape == (50, 50)
    i, j = 7, 31
    assert surf.z[i, j] == pytest.approx(
        (surf.xs[j] ** 2 + surf.ys[i] - 11) ** 2 + (surf.xs[j] + surf.ys[i] ** 2 - 7) ** 2, rel=1e-5
    )


def test_custom_surface_is_the_presets_surface():
    typed = custom_objective("(1 - x)**2 + 100*(y - x**2)**2")
    preset = PRESETS["rosenbrock"]
    a = descent.surface(typed, preset.bounds, n=60)
    b = descent.surface(preset, preset.bounds, n=60)
    assert np.array_equal(a.z, b.z)


def test_curvature_by_double_backward():
    assert descent.curvature(PRESETS["square"], (3.0,)) == pytest.approx(2.0)
    # Rosenbrock at (1, 1): Hessian [[802, -400], [-400, 200]].
    expected = np.linalg.eigvalsh(np.array([[802.0, -400.0], [-400.0, 200.0]]))[-1]
    assert descent.curvature(PRESETS["rosenbrock"], (1.0, 1.0)) == pytest.approx(expected, rel=1e-4)


def test_view_takes_in_the_paths_but_not_a_runaway():
    result = race(PRESETS["bowl"], [OptimizerChoice("SGD", {"lr": 0.1})], start=(-7.0, 3.0))
    (x_low, x_high), _ = descent.view_bounds(result)
    assert x_low < -7.0 < x_high
    far = race(PRESETS["saddle"], [OptimizerChoice("SGD", {"lr": 0.1})], steps=200)
    _, (y_low, y_high) = descent.view_bounds(far)
    assert y_high - y_low <= 4 * 10 + 1  # at most (1 + grow) × the preset's height, plus a margin


def test_presets_have_formulas_regions_and_working_defaults():
    for key, objective in PRESETS.items():
        assert objective.latex.startswith("f(") and objective.note
        assert len(objective.bounds) == len(objective.start) == objective.dims
        for (low, high), s in zip(objective.bounds, objective.start):
            assert low < s < high
        result = race(objective, choices_for(objective, ["SGD", "Adam"]))
        assert result.runs[1].divergence is None, key
        if key != "saddle":
            assert result.runs[0].divergence is None, key
            assert result.runs[0].losses[-1] < result.runs[0].losses[0], key

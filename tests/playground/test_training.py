"""autograd_core.playground.training: the loops of the Training page, checked against PyTorch.

* The seeds' linear regression prints, character for character, what PyTorch prints; the
  optimizer loop computes the same numbers as the loop written by hand.
* The MLP (nn.Sequential of nn.Linear and an activation) matches torch.nn from the same weights:
  logits, loss, every gradient, then loss and accuracy after every epoch of training with SGD,
  momentum, Adam, AdamW and RMSprop, full batch and mini-batches (tests/golden/descent.json).
* What the page relies on: snapshots, progress, limits, messages, determinism.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import autograd_core as torch
from autograd_core.playground.catalogue.datasets import make_dataset
from autograd_core.playground.sandbox import run_snippet
from autograd_core.playground.training import (
    MAX_UPDATES,
    SEED_X,
    SEED_Y,
    MLPConfig,
    TrainingError,
    batch_order,
    build_mlp,
    classifier_code,
    curvature_of_mse,
    fit,
    fit_line,
    noisy_line,
    snapshot_epochs,
    train_classifier,
)
from tests.paths import GOLDEN

GOLDEN = json.loads((GOLDEN / "descent.json").read_text())["training"]


# --- linear regression -----------------------------------------------------------------------


@pytest.mark.parametrize("method", ["manual", "optimizer"])
def test_seed_regression_prints_what_pytorch_prints(method):
    fit_ = fit_line(SEED_X, SEED_Y, lr=0.1, epochs=10, method=method)
    expected = GOLDEN["seeds"][method]
    assert list(fit_.printed) == expected["printed"]
    assert fit_.printed[0] == "Epoch 0: w = 0.0, loss = 18.66666603088379"
    assert fit_.ws.tolist() == expected["ws"]


@pytest.mark.parametrize("method", ["manual", "optimizer"])
def test_noisy_line_with_bias_matches_pytorch(method):
    x, y = noisy_line(40, noise=1.0, seed=0)
    fit_ = fit_line(x, y, lr=0.05, epochs=60, method=method, bias=True)
    expected = GOLDEN["noisy"][method]
    np.testing.assert_allclose(fit_.ws, expected["ws"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(fit_.bs, expected["bs"], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("bias", [False, True])
def test_optimizer_loop_equals_the_loop_by_hand(bias):
    x, y = (SEED_X, SEED_Y) if not bias else noisy_line(25, noise=0.5, seed=4)
    manual = fit_line(x, y, lr=0.05, epochs=200, method="manual", bias=bias)
    optimizer = fit_line(x, y, lr=0.05, epochs=200, method="optimizer", bias=bias)
    assert np.array_equal(manual.ws, optimizer.ws) and np.array_equal(manual.bs, optimizer.bs)
    assert manual.printed == optimizer.printed


def test_long_fit_reaches_the_least_squares_line():
    x, y = noisy_line(40, noise=1.0, seed=2)
    fit_ = fit_line(x, y, lr=0.1, epochs=1000, method="optimizer", bias=True)
    slope, intercept = np.polyfit(x.astype(np.float64), y.astype(np.float64), 1)
    assert fit_.ws[-1] == pytest.approx(slope, abs=1e-3)
    assert fit_.bs[-1] == pytest.approx(intercept, abs=2e-3)


def test_learning_rate_too_large_is_explained():
    fit_ = fit_line(SEED_X, SEED_Y, lr=0.3, epochs=200)
    assert curvature_of_mse(np.array(SEED_X), False) == pytest.approx(2 * 14 / 3)
    assert fit_.divergence.startswith("Stopped")
    assert "lr × curvature = 0.3 × 9.33 = 2.8 > 2" in fit_.divergence
    assert "Try lr below 0.214" in fit_.divergence
    assert np.all(np.isfinite(fit_.ws)) and len(fit_.ws) == len(fit_.losses) + 1


@pytest.mark.parametrize("method", ["manual", "optimizer"])
def test_the_shown_code_prints_the_shown_output(method):
    """The page's code, run by the playground's interpreter, prints exactly the page's output."""
    fit_ = fit_line(SEED_X, SEED_Y, lr=0.1, epochs=10, method=method)
    result = run_snippet("import torch\n" + fit_.code)
    assert result.output.splitlines() == list(fit_.printed)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"lr": 0}, "learning rate"),
        ({"lr": math.nan}, "learning rate"),
        ({"lr": math.inf}, "learning rate"),
        ({"lr": "0.1"}, "learning rate"),
        ({"epochs": 0}, "epochs"),
        ({"epochs": 10**6}, "epochs"),
        ({"epochs": 2.5}, "epochs"),
        ({"method": "magic"}, "method"),
    ],
)
def test_bad_regression_settings_are_refused(kwargs, words):
    with pytest.raises(TrainingError, match=words):
        fit_line(SEED_X, SEED_Y, **({"lr": 0.1, "epochs": 10} | kwargs))


@pytest.mark.parametrize(
    "kwargs", [{"n": 1}, {"n": 10**6}, {"noise": math.nan}, {"noise": -1.0}, {"slope": 1e300}]
)
def test_bad_noisy_line_settings_are_refused(kwargs):
    with pytest.raises(TrainingError):
        noisy_line(**kwargs)


def test_noisy_line_is_seeded():
    a, b = noisy_line(30, seed=5), noisy_line(30, seed=5)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert a[0].dtype == np.float32 and np.all(np.diff(a[0]) >= 0)


# --- the MLP against torch.nn ---------------------------------------------------------------


def _model_from(case):
    model = build_mlp(case["layers"], case["width"], case["activation"])
    with torch.no_grad():
        for p, w in zip(model.parameters(), case["weights"]):
            p.copy_(torch.tensor(w))
    return model


def _data(case):
    d = GOLDEN["mlp_data"]
    return make_dataset(case["dataset"], d["points"], d["noise"], d["seed"])


@pytest.mark.parametrize("case", GOLDEN["mlp"], ids=lambda c: c["name"])
def test_mlp_forward_and_backward_match_torch(case):
    model, data = _model_from(case), _data(case)
    assert repr(model) == case["repr"]
    logits = model(torch.tensor(data.X))
    loss = torch.nn.CrossEntropyLoss()(logits, torch.tensor(data.y))
    loss.backward()
    np.testing.assert_allclose(logits.detach().numpy()[:8], case["first_logits"], atol=2e-6)
    assert loss.item() == pytest.approx(case["first_loss"], rel=1e-6)
    for p, expected in zip(model.parameters(), case["first_grads"]):
        np.testing.assert_allclose(p.grad.numpy(), expected, rtol=1e-4, atol=2e-7)


@pytest.mark.parametrize("case", GOLDEN["mlp"], ids=lambda c: c["name"])
def test_mlp_training_matches_torch_epoch_by_epoch(case):
    model, data = _model_from(case), _data(case)
    config = MLPConfig(
        case["layers"],
        case["width"],
        case["activation"],
        case["optimizer"],
        case["lr"],
        case["epochs"],
        case["batch_size"],
        GOLDEN["mlp_data"]["seed"],
    )
    run = fit(model, data.X, data.y, config, snapshots=3, grid=10)
    np.testing.assert_allclose(run.losses, case["losses"], rtol=2e-4)
    np.testing.assert_allclose(run.accuracies, case["accuracies"], atol=1 / len(data.y) + 1e-9)
    with torch.no_grad():
        last = model(torch.tensor(data.X[:8])).numpy()
    np.testing.assert_allclose(last, case["last_logits"], rtol=2e-3, atol=2e-4)


def test_every_activation_and_several_optimizers_are_covered():
    assert {c["activation"] for c in GOLDEN["mlp"]} == {"ReLU", "Tanh", "Sigmoid", "LeakyReLU"}
    assert {c["optimizer"] for c in GOLDEN["mlp"]} >= {"SGD", "Momentum", "Adam", "RMSprop"}
    assert {c["batch_size"] > 0 for c in GOLDEN["mlp"]} == {True, False}


# --- classifier runs ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def moons_run():
    data = make_dataset("moons", 300, 0.1, 0)
    calls = []
    run = train_classifier(data, MLPConfig(epochs=200), progress=lambda e, n: calls.append((e, n)))
    return data, run, calls


def test_default_mlp_learns_the_moons(moons_run):
    _, run, _ = moons_run
    assert run.final_accuracy >= 0.97
    assert run.losses[-1] < 0.1 < run.losses[0]
    assert run.updates == 200 and run.stopped is None
    assert run.parameters == (2 * 32 + 32) + (32 * 32 + 32) + (32 * 2 + 2)


def test_snapshots_are_bounded_and_span_training(moons_run):
    _, run, _ = moons_run
    epochs = [s.epoch for s in run.snapshots]
    assert epochs[0] == 0 and epochs[-1] == 200 and len(epochs) <= 30
    assert epochs == sorted(epochs)
    for s in run.snapshots:
        assert s.probs.shape == (50, 50) and s.probs.min() >= 0 and s.probs.max() <= 1
    assert run.snapshots[-1].accuracy == run.final_accuracy
    assert run.snapshots[0].accuracy < 0.9  # random weights


def test_progress_is_reported_in_order_and_ends_at_the_last_epoch(moons_run):
    _, _, calls = moons_run
    assert calls[-1] == (200, 200) and len(calls) <= 101
    assert [e for e, _ in calls] == sorted(e for e, _ in calls)


def test_same_config_same_run_and_the_seed_stays_inside():
    data = make_dataset("xor", 100, 0.1, 0)
    torch.manual_seed(123)
    before = torch.randn(3)
    torch.manual_seed(123)
    a = train_classifier(data, MLPConfig(epochs=20, seed=5))
    after = torch.randn(3)
    b = train_classifier(data, MLPConfig(epochs=20, seed=5))
    assert np.array_equal(a.losses, b.losses)
    assert torch.equal(before, after)  # training did not reseed the caller's generator


def test_mini_batches_take_more_steps_per_epoch():
    data = make_dataset("circles", 100, 0.05, 0)
    run = train_classifier(data, MLPConfig(epochs=10, batch_size=32, optimizer="SGD", lr=0.1))
    assert run.updates == 10 * 4


def test_a_learning_rate_that_blows_up_stops_with_a_message():
    data = make_dataset("moons", 200, 0.1, 0)
    run = train_classifier(data, MLPConfig(epochs=30, optimizer="Momentum", lr=100.0))
    assert run.stopped.startswith("Stopped: ") and "too large" in run.stopped
    assert len(run.losses) < 30
    # The picture and the score are those of the last model that still worked.
    assert all(np.all(np.isfinite(s.probs)) for s in run.snapshots)
    assert run.final_accuracy == run.snapshots[-1].accuracy


def test_the_time_limit_stops_training_with_a_message():
    data = make_dataset("spirals", 300, 0.1, 0)
    run = train_classifier(data, MLPConfig(epochs=500), time_limit=0.0)
    assert run.stopped.startswith("Stopped after 1 of 500 epochs")
    assert run.snapshots[-1].epoch == 1


@pytest.mark.parametrize(
    ("config", "words"),
    [
        (MLPConfig(hidden_layers=0), "hidden layers"),
        (MLPConfig(hidden_layers=9), "hidden layers"),
        (MLPConfig(width=0), "width"),
        (MLPConfig(width=10**6), "width"),
        (MLPConfig(activation="<script>"), "activation"),
        (MLPConfig(optimizer="LBFGS"), "optimizer"),
        (MLPConfig(lr=math.nan), "learning rate"),
        (MLPConfig(lr=-0.1), "learning rate"),
        (MLPConfig(lr=1e308), "learning rate"),
        (MLPConfig(epochs=0), "epochs"),
        (MLPConfig(epochs=math.inf), "epochs"),
        (MLPConfig(epochs=1000, batch_size=8), f"{MAX_UPDATES:,}"),
        (MLPConfig(seed=-3), "seed"),
    ],
)
def test_bad_configs_are_refused_with_what_is_allowed(config, words):
    data = make_dataset("moons", 400, 0.1, 0)
    with pytest.raises(TrainingError, match=words):
        train_classifier(data, config)


def test_batch_order_covers_every_point_once_per_epoch():
    batches = batch_order(10, 4, epoch=3, seed=1)
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(np.concatenate(batches).tolist()) == list(range(10))
    assert all(np.array_equal(a, b) for a, b in zip(batches, batch_order(10, 4, 3, 1)))
    assert not np.array_equal(np.concatenate(batches), np.concatenate(batch_order(10, 4, 4, 1)))
    assert [b.tolist() for b in batch_order(5, 5, 0, 0)] == [[0, 1, 2, 3, 4]]


def test_snapshot_epochs():
    assert snapshot_epochs(200, 30)[0] == 0 and snapshot_epochs(200, 30)[-1] == 200
    assert len(snapshot_epochs(200, 30)) == 30
    assert snapshot_epochs(3, 30) == [0, 1, 2, 3]


def test_the_shown_classifier_code_runs():
    data = make_dataset("moons", 40, 0.1, 0)
    config = MLPConfig(hidden_layers=2, width=8, activation="Tanh", optimizer="Momentum",
                       lr=0.1, epochs=3, batch_size=16)  # fmt: skip
    code = classifier_code(config.checked(40))
    assert "nn.Linear(2, 8), nn.Tanh()," in code and "momentum=0.9" in code
    names = {"X": torch.tensor(data.X), "y": torch.tensor(data.y)}
    result = run_snippet(code + "\nprint(loss.item())", namespace=names)
    assert math.isfinite(float(result.output))

"""autograd_core.playground.figures.training: the fitted line, the decision boundary, the curves."""

from __future__ import annotations

import numpy as np
import plotly.io as pio
import pytest

from autograd_core.playground.catalogue.datasets import make_dataset
from autograd_core.playground.figures import training as figures
from autograd_core.playground.training import SEED_X, SEED_Y, MLPConfig, fit_line, train_classifier
from tests.plotly_check import checked


def regression_figure(*args, **kwargs):
    return checked(figures.regression_figure(*args, **kwargs))


def boundary_figure(*args, **kwargs):
    return checked(figures.boundary_figure(*args, **kwargs))


def curves_figure(*args, **kwargs):
    return checked(figures.curves_figure(*args, **kwargs))


@pytest.fixture(scope="module")
def seed_fits():
    return [fit_line(SEED_X, SEED_Y, method=m) for m in ("manual", "optimizer")]


@pytest.fixture(scope="module")
def moons():
    data = make_dataset("moons", 200, 0.1, 0)
    return data, train_classifier(data, MLPConfig(epochs=60), snapshots=12, grid=30)


def test_fit_line_moves_epoch_by_epoch(seed_fits):
    fig = regression_figure(SEED_X, SEED_Y, seed_fits)
    assert [f.name for f in fig.frames] == [str(e) for e in range(11)]
    line = fig.frames[1].data[0]  # after epoch 0: w = 1.8666668
    assert line.y[1] / line.x[1] == pytest.approx(1.8666668)
    assert fig.frames[0].data[0].y.tolist() == [0.0, 0.0]  # w starts at 0
    # The printed epochs run 0-9: the last frame is named after epoch 9, never "epoch 10".
    assert "after epoch 9, the last: w = 2.0000" in fig.layout.annotations[0].text
    assert "epoch 10" not in fig.layout.annotations[0].text
    assert "<b>epoch 3: w = 1.9994, loss = " in fig.frames[3].layout.annotations[0].text
    assert fig.layout.sliders[0].currentvalue.prefix == "epochs done: "


def test_both_loops_are_drawn_and_told_apart(seed_fits):
    fig = regression_figure(SEED_X, SEED_Y, seed_fits)
    lines = [t for t in fig.data if t.mode == "lines" and t.showlegend is not False]
    assert [t.name for t in lines] == ["by hand: w -= lr * w.grad", "torch.optim.SGD"]
    assert lines[0].line.dash != lines[1].line.dash
    loss = fig.frames[5].data[1]
    assert loss.y.tolist() == pytest.approx(seed_fits[0].losses[:6].tolist())


def test_regression_of_noisy_data_shows_the_bias():
    from autograd_core.playground.training import noisy_line

    x, y = noisy_line(30, seed=1)
    fits = [fit_line(x, y, lr=0.05, epochs=300, method=m, bias=True) for m in ("manual",)]
    fig = regression_figure(x, y, fits, max_frames=25)
    assert len(fig.frames) == 25
    assert ", b = " in fig.layout.annotations[0].text


def test_boundary_animates_one_frame_per_snapshot(moons):
    data, run = moons
    fig = boundary_figure(data, run)
    assert [f.name for f in fig.frames] == [str(s.epoch) for s in run.snapshots]
    heat = fig.frames[-1].data[0]
    assert heat.z.dtype == np.uint8 and heat.z.max() <= 100
    np.testing.assert_array_equal(heat.z, np.rint(100 * run.snapshots[-1].probs))
    assert "before training" in fig.frames[0].layout.annotations[0].text
    assert fig.layout.updatemenus[0].buttons[0].args[1]["frame"]["redraw"] is True


def test_classes_differ_by_marker_shape_and_the_boundary_is_dashed(moons):
    data, run = moons
    fig = boundary_figure(data, run)
    classes = [t for t in fig.data if t.name in ("class 0", "class 1")]
    assert {t.marker.symbol for t in classes} == {"circle", "triangle-up"}
    assert sum(len(t.x) for t in classes) == data.n
    boundary = next(t for t in fig.data if t.name == "boundary (50%)")
    assert boundary.contours.start == boundary.contours.end == 50
    assert boundary.line.dash == "dash"


def test_curves_show_loss_and_accuracy_per_epoch(moons):
    _, run = moons
    fig = curves_figure(run)
    loss, accuracy = fig.data
    assert len(loss.x) == len(run.losses) == 60
    assert accuracy.y[-1] == pytest.approx(100 * run.accuracies[-1])
    assert loss.line.dash != accuracy.line.dash


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_figures_serialise_in_both_themes(moons, seed_fits, theme):
    data, run = moons
    for fig in (
        boundary_figure(data, run, theme=theme),
        curves_figure(run, theme=theme),
        regression_figure(SEED_X, SEED_Y, seed_fits, theme=theme),
    ):
        text = pio.to_json(fig, validate=False)
        assert len(text) < 1_000_000

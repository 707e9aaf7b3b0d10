"""autograd_core.playground.catalogue.datasets: the toy data the Training page classifies."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograd_core.playground.catalogue.datasets import (
    DATASETS,
    DatasetError,
    make_circles,
    make_dataset,
    make_moons,
    make_spirals,
    make_xor,
)


@pytest.mark.parametrize("name", DATASETS)
def test_shapes_types_and_both_classes(name):
    data = make_dataset(name, n=201, noise=0.1, seed=0)
    assert data.X.shape == (201, 2) and data.X.dtype == np.float32
    assert data.y.shape == (201,) and data.y.dtype == np.int64
    counts = np.bincount(data.y)
    if name == "xor":  # by quadrant: about half each
        assert abs(counts[0] - counts[1]) < 40
    else:
        assert counts.tolist() == [101, 100]
    assert np.all(np.isfinite(data.X)) and np.abs(data.X).max() < 3


@pytest.mark.parametrize("name", DATASETS)
def test_same_seed_same_points_other_seed_other_points(name):
    a, b = make_dataset(name, 100, 0.2, seed=7), make_dataset(name, 100, 0.2, seed=7)
    c = make_dataset(name, 100, 0.2, seed=8)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)


@pytest.mark.parametrize("name", DATASETS)
def test_points_come_shuffled(name):
    data = make_dataset(name, 200, 0.1, 0)
    assert 0 < data.y[:20].sum() < 20  # the first twenty hold both classes


def test_moons_without_noise_lie_on_their_arcs():
    data = make_moons(300, noise=0.0)
    upper = data.X[data.y == 0] + [0.5, 0.25]
    lower = data.X[data.y == 1] + [0.5, 0.25]
    assert np.allclose(np.hypot(upper[:, 0], upper[:, 1]), 1, atol=1e-5)
    assert np.all(upper[:, 1] >= -1e-6)
    assert np.allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1, atol=1e-5)
    assert np.all(lower[:, 1] <= 0.5 + 1e-6)


def test_circles_without_noise_have_radii_one_and_a_half():
    data = make_circles(200, noise=0.0)
    radii = np.hypot(data.X[:, 0], data.X[:, 1])
    assert np.allclose(radii[data.y == 0], 1.0, atol=1e-5)
    assert np.allclose(radii[data.y == 1], 0.5, atol=1e-5)


def test_xor_without_noise_is_labelled_by_quadrant():
    data = make_xor(400, noise=0.0)
    expected = (data.X[:, 0] > 0) ^ (data.X[:, 1] > 0)
    assert np.array_equal(data.y, expected.astype(np.int64))


def test_spiral_arms_are_half_a_turn_apart():
    """Without noise each point of arm k is at angle 2π·1.25·r + kπ (mod 2π)."""
    data = make_spirals(400, noise=0.0)
    r = np.hypot(data.X[:, 0], data.X[:, 1])
    assert r.max() <= 1 + 1e-6
    angle = np.arctan2(data.X[:, 1], data.X[:, 0])
    expected = 2 * math.pi * 1.25 * r + math.pi * data.y
    gap = np.mod(angle - expected + math.pi, 2 * math.pi) - math.pi
    assert np.abs(gap).max() < 1e-4


@pytest.mark.parametrize("name", DATASETS)
def test_more_noise_spreads_the_points(name):
    quiet, loud = make_dataset(name, 400, 0.0, 1), make_dataset(name, 400, 0.5, 1)
    assert loud.X.std() > quiet.X.std() or np.abs(loud.X - quiet.X).mean() > 0.2


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"name": "swiss roll"}, "Unknown dataset"),
        ({"name": "<script>"}, "Unknown dataset"),
        ({"n": 5}, "from 10 to 2,000"),
        ({"n": 10**9}, "from 10 to 2,000"),
        ({"n": 20.5}, "whole number"),
        ({"n": "200"}, "whole number"),
        ({"n": math.nan}, "whole number"),
        ({"n": True}, "whole number"),
        ({"noise": -0.1}, "from 0 to 1"),
        ({"noise": math.nan}, "from 0 to 1"),
        ({"noise": math.inf}, "from 0 to 1"),
        ({"noise": 1e300}, "from 0 to 1"),
        ({"noise": "loud"}, "must be a number"),
        ({"seed": -1}, "seed"),
        ({"seed": 2**40}, "seed"),
    ],
)
def test_bad_settings_are_refused_with_what_is_allowed(kwargs, words):
    args = {"name": "moons", "n": 100, "noise": 0.1, "seed": 0} | kwargs
    with pytest.raises(DatasetError, match=words):
        make_dataset(**args)

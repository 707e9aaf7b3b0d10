"""Toy 2-D classification data made with NumPy: moons, circles, spirals and XOR.

Two classes each, about half the points in each, coordinates of order 1, Gaussian noise of
standard deviation `noise` added to every coordinate, and the same points for the same seed:

    >>> from autograd_core.playground.catalogue.datasets import make_dataset
    >>> data = make_dataset("moons", n=200, noise=0.1, seed=0)
    >>> data.X.shape, data.X.dtype, data.y.shape, sorted(set(data.y.tolist()))
    ((200, 2), dtype('float32'), (200,), [0, 1])

X is float32 and y int64 (class indices), as torch.tensor would make them for
nn.CrossEntropyLoss. The points come shuffled, so any slice of them holds both classes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd_core.inputs import real_number

MIN_POINTS, MAX_POINTS = 10, 2000
MAX_NOISE = 1.0
MAX_SEED = 2**32 - 1


class DatasetError(ValueError):
    """A size, noise or seed the generators refuse, with what is allowed."""


@dataclass(frozen=True)
class Dataset:
    name: str
    X: np.ndarray  # (n, 2) float32
    y: np.ndarray  # (n,) int64, 0 or 1
    noise: float
    seed: int

    @property
    def n(self) -> int:
        return len(self.y)


def _halves(n: int) -> tuple[int, int]:
    return n - n // 2, n // 2


def _moons(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles: the upper one around (0, 0), the lower around (1, 0.5)."""
    a, b = _halves(n)
    t_a, t_b = rng.uniform(0, math.pi, a), rng.uniform(0, math.pi, b)
    upper = np.stack([np.cos(t_a), np.sin(t_a)], axis=1)
    lower = np.stack([1 - np.cos(t_b), 0.5 - np.sin(t_b)], axis=1)
    # Centred on the origin so that one grid drawn around the data fits every dataset.
    return np.concatenate([upper, lower]) - [0.5, 0.25], np.repeat([0, 1], [a, b])


def _circles(rng: np.random.Generator, n: int, factor: float = 0.5) -> tuple[np.ndarray, ...]:
    """A ring of radius 1 around a ring of radius `factor`."""
    a, b = _halves(n)
    t_a, t_b = rng.uniform(0, 2 * math.pi, a), rng.uniform(0, 2 * math.pi, b)
    outer = np.stack([np.cos(t_a), np.sin(t_a)], axis=1)
    inner = factor * np.stack([np.cos(t_b), np.sin(t_b)], axis=1)
    return np.concatenate([outer, inner]), np.repeat([0, 1], [a, b])


def _spirals(rng: np.random.Generator, n: int, turns: float = 1.25) -> tuple[np.ndarray, ...]:
    """Two arms winding out from the centre, half a turn apart."""
    a, b = _halves(n)
    arms = []
    for count, offset in ((a, 0.0), (b, math.pi)):
        r = np.sqrt(rng.uniform(0.02, 1.0, count))  # √: points spread evenly along the arm
        angle = 2 * math.pi * turns * r + offset
        arms.append(np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1))
    return np.concatenate(arms), np.repeat([0, 1], [a, b])


def _xor(rng: np.random.Generator, n: int) -> tuple[np.ndarray, ...]:
    """Points in the square [-1, 1]², class 1 where exactly one coordinate is positive."""
    points = rng.uniform(-1, 1, (n, 2))
    labels = ((points[:, 0] > 0) ^ (points[:, 1] > 0)).astype(np.int64)
    return points, labels


_SHAPES: dict[str, Callable[..., tuple[np.ndarray, ...]]] = {
    "moons": _moons,
    "circles": _circles,
    "spirals": _spirals,
    "xor": _xor,
}
DATASETS = tuple(_SHAPES)
DESCRIPTIONS = {
    "moons": "two interleaved half circles",
    "circles": "a ring around a smaller ring",
    "spirals": "two arms winding around each other",
    "xor": "opposite corners belong together",
}


def make_dataset(name: str, n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """`n` points of dataset `name`, with Gaussian noise of std `noise`, reproducible by `seed`."""
    if name not in _SHAPES:
        raise DatasetError(
            f"Unknown dataset {str(name)[:40]!r}: pick one of {', '.join(DATASETS)}."
        )
    n = _whole(n, "The number of points", MIN_POINTS, MAX_POINTS)
    seed = _whole(seed, "The seed", 0, MAX_SEED)
    noise = _noise(noise)
    rng = np.random.default_rng(seed)
    points, labels = _SHAPES[name](rng, n)
    points = points + rng.normal(0.0, noise, points.shape) if noise > 0 else points
    order = rng.permutation(n)
    return Dataset(
        name,
        np.ascontiguousarray(points[order], dtype=np.float32),
        np.ascontiguousarray(labels[order], dtype=np.int64),
        noise,
        seed,
    )


def make_moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    return make_dataset("moons", n, noise, seed)


def make_circles(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    return make_dataset("circles", n, noise, seed)


def make_spirals(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    return make_dataset("spirals", n, noise, seed)


def make_xor(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    return make_dataset("xor", n, noise, seed)


def _whole(value: Any, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise DatasetError(f"{what} must be a whole number, not {str(value)[:40]!r}.")
    if not math.isfinite(value) or value != int(value) or not low <= value <= high:
        raise DatasetError(f"{what} must be a whole number from {low:,} to {high:,}.")
    return int(value)


def _noise(value: Any) -> float:
    noise = real_number(value)
    if noise is None:
        raise DatasetError(f"The noise must be a number, not {str(value)[:40]!r}.")
    if not math.isfinite(noise) or not 0 <= noise <= MAX_NOISE:
        raise DatasetError(f"The noise must be a number from 0 to {MAX_NOISE:g}.")
    return noise

"""Seeded random numbers are PyTorch's: a tutorial's `torch.manual_seed(0); torch.randn(3)` prints
what the tutorial shows. Replays tests/golden/random.json (recorded from PyTorch by
record_random.py): the printed text character for character, the values bit for bit, except
float32 normal numbers drawn 16 or more at a time (PyTorch's vector maths), which may differ in
the last place or two but print the same."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

import autograd_core
import autograd_core.utils.data  # the programs import it as torch.utils.data
from tests.golden.record_random import GOLDEN_PATH, PROGRAMS, run

GOLDEN = json.loads(GOLDEN_PATH.read_text())["programs"]

# Programs whose float32 normal numbers come 16 or more at a time (see the module docstring),
# and a fit whose 50 float32 training steps add rounding of their own (sums in another order).
LAST_PLACE = {"randn_blocks_float32", "normal"}
TRAINED = {"tutorial_fit"}


@pytest.fixture
def as_torch(monkeypatch):
    """`from torch.utils.data import ...` inside a program finds this engine's modules."""
    for name, module in list(sys.modules.items()):
        if name == "autograd_core" or name.startswith("autograd_core."):
            monkeypatch.setitem(sys.modules, "torch" + name[len("autograd_core") :], module)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_seeded_programs_print_and_draw_what_pytorch_does(name, as_torch):
    printed, values = run(autograd_core, PROGRAMS[name])
    expected = GOLDEN[name]
    assert printed == expected["printed"]
    assert len(values) == len(expected["values"])
    for ours, theirs in zip(values, expected["values"], strict=True):
        assert ours["dtype"] == theirs["dtype"] and ours["shape"] == theirs["shape"]
        a = np.asarray(ours["data"], np.float32)
        b = np.asarray(theirs["data"], np.float32)
        if name in LAST_PLACE and ours["dtype"] == "torch.float32":
            assert np.all(np.abs(a - b) <= 2 * np.spacing(np.abs(b))), name
        elif name in TRAINED:
            np.testing.assert_allclose(a, b, rtol=1e-5)
        else:
            assert ours["data"] == theirs["data"]


def test_generators_are_independent_and_repeatable():
    torch = autograd_core
    g1, g2 = torch.Generator().manual_seed(3), torch.Generator().manual_seed(3)
    first = torch.randn(5, generator=g1)
    torch.manual_seed(99)
    torch.randn(7)  # the default generator's draws do not move g2
    assert torch.equal(first, torch.randn(5, generator=g2))
    assert not torch.equal(first, torch.randn(5, generator=g1))


def test_unseeded_default_generator_differs_between_sessions():
    """Like PyTorch's, the default generator starts from a fresh seed in each session (a context
    of its own here), while a new Generator() always starts from PyTorch's default seed."""
    import contextvars

    seeds = {contextvars.Context().run(autograd_core.initial_seed) for _ in range(3)}
    assert len(seeds) == 3
    assert autograd_core.Generator().initial_seed() == 67280421310721


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda t: t.rand(2, dtype=t.int64), "\"check_uniform_bounds\" not implemented for 'Long'"),
        (lambda t: t.randn(2, dtype=t.int64), "\"normal_kernel_cpu\" not implemented for 'Long'"),
        (
            lambda t: t.randint(5, 5, (2,)),
            "random_ expects 'from' to be less than 'to', but got from=5 >= to=5",
        ),
        (lambda t: t.randperm(-1), "Trying to create tensor with negative dimension -1: [-1]"),
        (
            lambda t: t.multinomial(t.tensor([1, 2]), 1),
            "multinomial only supports floating-point dtypes for input, got: Long",
        ),
        (lambda t: t.multinomial(t.ones(2, 2, 2), 1), "prob_dist must be 1 or 2 dim"),
        (lambda t: t.multinomial(t.ones(3), 0), "cannot sample n_sample <= 0 samples"),
        (
            lambda t: t.multinomial(t.ones(3), 4),
            "cannot sample n_sample > prob_dist.size(-1) samples without replacement",
        ),
        (
            lambda t: t.multinomial(t.tensor([1.0, -1.0]), 1),
            "probability tensor contains either `inf`, `nan` or element < 0",
        ),
        (
            lambda t: t.multinomial(t.tensor([0.0, 0.0]), 1),
            "invalid multinomial distribution (sum of probabilities <= 0)",
        ),
        (
            lambda t: t.multinomial(t.tensor([1.0, float("nan")]), 3, True),
            "invalid multinomial distribution (encountering probability entry < 0)",
        ),
        (
            lambda t: t.multinomial(t.tensor([1.0, float("inf")]), 3, True),
            "invalid multinomial distribution (encountering probability entry = infinity or NaN)",
        ),
        (
            lambda t: t.multinomial(t.tensor([0.0, 0.0]), 3, True),
            "invalid multinomial distribution (sum of probabilities <= 0)",
        ),
    ],
)
def test_misuse_gets_pytorchs_message(call, message):
    with pytest.raises((RuntimeError, NotImplementedError)) as caught:
        call(autograd_core)
    assert str(caught.value) == message


def _swapped_one_by_one(targets: list[int], n: int) -> list[int]:
    order = list(range(n))
    for i, j in enumerate(targets):
        order[i], order[j] = order[j], order[i]
    return order


@pytest.mark.parametrize("n", [2, 3, 5, 17, 256, 5000])
def test_randperm_swaps_are_applied_in_order(n):
    """randperm applies its n - 1 swaps without a Python loop; the answer is the loop's, for
    random swaps and for the chains that make the bookkeeping hardest."""
    from autograd_core.cpu_generator import _apply_swaps

    rng = np.random.default_rng(n)
    cases = [
        np.arange(n - 1) + rng.integers(0, np.arange(n, 1, -1)),  # what randperm draws
        np.full(n - 1, n - 1),  # every swap with the last position
        np.arange(n - 1),  # every position swapped with itself
        np.arange(1, n),  # each with the next: one long chain
    ]
    for targets in cases:
        assert _apply_swaps(targets, n).tolist() == _swapped_one_by_one(targets.tolist(), n)


@pytest.mark.parametrize("name", ["randn_small", "generator_objects", "data_loading", "normal"])
def test_the_playground_prints_pytorchs_numbers(name):
    """Typed into a page, a seeded program prints what PyTorch prints (each run starts with a
    fresh generator, so a second run prints the same)."""
    from autograd_core.playground.sandbox.run import run_snippet

    source = "import torch\n" + PROGRAMS[name]
    for _ in range(2):
        assert run_snippet(source).output == GOLDEN[name]["printed"]

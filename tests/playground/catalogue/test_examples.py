"""The example catalogue: every example runs in the playground and prints what it promises.

`output` is the tutorial's own text where the tutorial shows one (and what PyTorch 2 prints
where it shows none or shows something older PyTorch printed, with a note); the code is the
tutorial's, line for line; and real PyTorch prints the same, where it is installed.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from autograd_core.playground.catalogue.examples import EXAMPLES, Example, by_key
from autograd_core.playground.sandbox import run_snippet
from tests.paths import SEEDS as SEEDS_DIR

SEEDS = SEEDS_DIR if SEEDS_DIR.is_dir() else None
TORCH_PYTHON = Path(os.environ.get("TORCH_PYTHON", "/work/torchenv/bin/python"))
IDS = [e.key for e in EXAMPLES]

# Lines an example adds to the tutorial's cell, to show what the tutorial only states.
ADDED = {"product-rule": {"print(z)"}}


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_example_prints_what_the_tutorial_shows(example: Example) -> None:
    result = run_snippet(example.code)
    assert result.output == example.output
    assert result.warnings == ()


@pytest.mark.torch
@pytest.mark.skipif(not TORCH_PYTHON.exists(), reason="no PyTorch install to compare with")
@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_example_prints_the_same_in_pytorch(example: Example) -> None:
    done = subprocess.run([str(TORCH_PYTHON), "-c", example.code], capture_output=True, text=True)
    assert done.stdout == example.output, done.stderr


@pytest.mark.skipif(SEEDS is None, reason="the seed tutorials (../shared/seeds) are not here")
@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_example_code_comes_from_its_seed(example: Example) -> None:
    if not example.seed:
        assert example.cell == "written by the team"
        return
    seed = (SEEDS / example.seed).read_text(encoding="utf-8")
    seed_lines = {_code(line) for line in seed.splitlines()}
    for line in example.code.splitlines():
        code = _code(line)
        if code and code not in ADDED.get(example.key, set()):
            assert code in seed_lines, f"{example.key}: {line!r} is not in {example.seed}"
    assert example.cell


def _code(line: str) -> str:
    """A line without its comment and surrounding space (examples may reword comments)."""
    return re.sub(r"\s+#.*$", "", line).strip() if not line.strip().startswith("#") else ""


def test_catalogue_covers_the_issue() -> None:
    keys = {e.key for e in EXAMPLES}
    assert len(keys) == len(EXAMPLES)
    assert all(re.fullmatch(r"[a-z0-9-]+", k) for k in keys)
    assert all(e.code.startswith("import torch\n") for e in EXAMPLES)
    assert all(e.title and e.idea for e in EXAMPLES)
    expected = {
        "product-rule": ["tensor(39., grad_fn=<AddBackward0>)", "tensor(12.)", "tensor(31.)"],
        "chain-rule-sin": ["tensor(9.9120)"],
        "chain-rule-cubic": ["tensor(24.)"],
        "mean-of-squares": ["tensor([0.6667, 1.3333, 2.0000])"],
        "linear-loss": ["tensor(-30.)", "tensor(-10.)"],
        "accumulate-and-zero": ["tensor(4.)", "tensor(12.)"],
        "no-grad-and-detach": ["No Grad Computation: False"],
        "requires-grad-switch": ["After: False"],
        "vector-output": ["tensor([ 3., 12., 27.])"],
        "multiple-outputs": ["x.grad = tensor([2., 4., 6.])"],
        "second-derivative": ["tensor([12.], grad_fn=<MulBackward0>)", "tensor([12.])"],
        "sgd-step": ["tensor([0.9700, 0.9700, 0.9700, 0.9700], requires_grad=True)"],
        "linear-regression-loop": ["Epoch 9: w = 2.0"],
        "descent-on-parabola": ["Final: x = 2.9654"],
    }
    # What the tutorials say each program prints, checked against what it prints when run.
    for key, fragments in expected.items():
        printed = run_snippet(by_key(key).code).output
        for fragment in fragments:
            assert fragment in printed, (key, fragment)


def test_by_key_raises_for_unknown_keys() -> None:
    with pytest.raises(KeyError):
        by_key("no-such-example")

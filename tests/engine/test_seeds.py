"""Every code cell of the seed tutorials, run with `import torch` meaning autograd_core, prints
what the tutorial shows and what PyTorch 2.13 printed (golden/seeds.json). One test per cell."""

from __future__ import annotations

import json
import re
import sys
from functools import cache

import pytest

import autograd_core
from tests.paths import GOLDEN, SEEDS

sys.path.insert(0, str(GOLDEN))

from runner import run_notebooks
from seed_cells import ALL_CELLS

RECORDED = json.loads((GOLDEN / "seeds.json").read_text())["cells"]
NEEDS = {"nn": "nn", "optim": "optim", "matplotlib": "matplotlib"}


def key(cell) -> str:
    return f"{cell.notebook}::{cell.ref}"


@cache
def our_outputs() -> dict[str, str]:
    """All notebooks run once, in order (cells depend on the cells before them)."""
    pytest.importorskip("matplotlib")
    return run_notebooks(ALL_CELLS, autograd_core)


def shape_of(text: str) -> str:
    """Random numbers differ from PyTorch's generator: compare everything but the digits."""
    return re.sub(r"\s+", "", re.sub(r"-?\d+\.\d*(e[+-]\d+)?|-?\d+", "#", text))


@pytest.mark.parametrize("cell", ALL_CELLS, ids=key)
def test_cell_prints_what_pytorch_prints(cell):
    ours = our_outputs()[key(cell)]
    expected = RECORDED[key(cell)]
    if "torch.__version__" in cell.code:
        expected = expected.replace(expected.split(": ", 1)[1], autograd_core.__version__ + "\n")
    if cell.random:
        assert shape_of(ours) == shape_of(expected)
    else:
        assert ours == expected


@pytest.mark.parametrize("cell", [c for c in ALL_CELLS if c.shown is not None], ids=key)
def test_cell_prints_what_the_tutorial_shows(cell):
    ours = our_outputs()[key(cell)]
    if cell.note:  # the tutorial's text is out of date; real PyTorch (recorded) is the reference
        assert ours == RECORDED[key(cell)] != cell.shown
    else:
        assert ours == cell.shown


def test_every_seed_file_is_covered():
    seeds = SEEDS
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    covered = {c.notebook.split("/")[0] for c in ALL_CELLS}
    assert covered == {p.stem for p in seeds.glob("*.txt")}

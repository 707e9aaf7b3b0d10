"""autograd_core prints exactly what PyTorch printed for the programs in golden/engine_programs.py.

The expected outputs were recorded from PyTorch 2.13 (tests/golden/record_engine.py) and are
committed, so this runs without torch; a live comparison runs too when torch is installed.
"""

from __future__ import annotations

import json
import sys

import pytest

import autograd_core
from tests.paths import GOLDEN

sys.path.insert(0, str(GOLDEN))

from engine_programs import PROGRAMS
from runner import run_program

RECORDED = json.loads((GOLDEN / "engine.json").read_text())["programs"]


def test_every_program_was_recorded():
    assert set(RECORDED) == set(PROGRAMS), "re-run tests/golden/record_engine.py with torch"


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_prints_what_pytorch_printed(name):
    assert run_program(PROGRAMS[name], autograd_core) == RECORDED[name]


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_matches_live_pytorch(name):
    torch = pytest.importorskip("torch")
    assert run_program(PROGRAMS[name], autograd_core) == run_program(PROGRAMS[name], torch)

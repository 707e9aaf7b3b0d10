"""autograd_core prints what PyTorch 2.13 printed for the tutorial programs of issue 15
(tests/golden/tutorial_programs.py, recorded by tests/golden/record_tutorials.py).

Programs not in CLOSE must match character for character. Programs in CLOSE print
full-precision results of long float32 sums; their text must match with every number replaced
by a placeholder, and each number must agree to the tolerance given there, for the reason given
there. A live comparison with PyTorch runs too when torch is installed.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

import pytest

import autograd_core

GOLDEN = Path(__file__).parents[1] / "golden"
sys.path.insert(0, str(GOLDEN))

from runner import run_program  # noqa: E402
from tutorial_programs import CLOSE, PROGRAMS  # noqa: E402

RECORDED = json.loads((GOLDEN / "tutorials.json").read_text())["programs"]
NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?|-?\d+e[-+]?\d+")


def test_every_program_was_recorded_and_there_are_enough():
    assert set(RECORDED) == set(PROGRAMS), "re-run tests/golden/record_tutorials.py with torch"
    assert len(PROGRAMS) >= 25 and set(CLOSE) <= set(PROGRAMS)


def assert_same_output(ours: str, expected: str, name: str) -> None:
    if name not in CLOSE:
        assert ours == expected
        return
    rel, abs_tol, _why = CLOSE[name]
    assert NUMBER.sub("#", ours) == NUMBER.sub("#", expected)
    for got, want in zip(NUMBER.findall(ours), NUMBER.findall(expected), strict=True):
        assert math.isclose(float(got), float(want), rel_tol=rel, abs_tol=abs_tol), (got, want)


def test_the_tolerant_comparison_can_fail():
    with pytest.raises(AssertionError):
        assert_same_output("1 9.1223", "1 9.1300", "fit_autograd")
    with pytest.raises(AssertionError):
        assert_same_output("loss 9.12", "Loss 9.12", "fit_autograd")


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_prints_what_pytorch_printed(name):
    assert_same_output(run_program(PROGRAMS[name], autograd_core), RECORDED[name], name)


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_matches_live_pytorch(name):
    torch = pytest.importorskip("torch")
    assert_same_output(
        run_program(PROGRAMS[name], autograd_core), run_program(PROGRAMS[name], torch), name
    )

"""Convolutional tutorials run on the page: the 60-minute blitz's network prints what PyTorch
printed, and sizes a visitor picks are stopped before the work, with the limit's message."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from autograd_core.playground.sandbox.errors import SnippetError
from autograd_core.playground.sandbox.run import run_snippet

GOLDEN = Path(__file__).parents[3] / "tests" / "golden"
sys.path.insert(0, str(GOLDEN))

from runner import normalise  # noqa: E402
from tutorial_programs import PROGRAMS  # noqa: E402

RECORDED = json.loads((GOLDEN / "tutorials.json").read_text())["programs"]


def test_the_blitz_network_prints_what_pytorch_printed():
    source = PROGRAMS["blitz_neural_networks"]
    assert normalise(run_snippet(source).output) == RECORDED["blitz_neural_networks"]


@pytest.mark.parametrize(
    "line, message",
    [
        (
            "F.conv2d(torch.zeros(1, 1, 5, 5), torch.zeros(1, 1, 3, 3), padding=100000)",
            "multiply-adds",
        ),
        ("F.conv2d(torch.zeros(1, 8, 300, 300), torch.zeros(64, 8, 9, 9))", "multiply-adds"),
        ("F.unfold(torch.zeros(1, 1, 1000, 1000), 999)", "elements"),
        ("nn.Conv2d(1, 1, 3)(torch.zeros(1, 1, 2, 2))", "Kernel size can't be greater"),
        ("F.max_pool2d(torch.zeros(1, 1, 4, 4), 2, padding=2)", "pad should be at most half"),
    ],
)
def test_oversized_or_impossible_layers_stop_with_a_message(line, message):
    source = f"import torch\nfrom torch import nn\nimport torch.nn.functional as F\n{line}\n"
    with pytest.raises(SnippetError, match=message):
        run_snippet(source)

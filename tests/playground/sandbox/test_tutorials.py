"""Real tutorial programs, pasted whole, print what PyTorch prints.

tests/golden/sandbox_tutorials/ holds 30+ programs written as the tutorials write them: the five
polynomial fits of "Learning PyTorch with Examples" at full size (2,000 points, 2,000 steps), its
custom nn.Module and custom autograd.Function, "A Gentle Introduction to torch.autograd",
"Autograd mechanics", the hook and grad-mode docstrings, autograd.functional, d2l.ai's autograd
and linear-regression-from-scratch chapters (def, a generator data_iter, random.shuffle, while),
try/except, comprehensions, closures, classes; and the "Learn the Basics" pages (a custom
Dataset with a DataLoader, Build the Neural Network, autograd, the optimisation loop with
enumerate(dataloader)), d2l's concise linear regression and MLP from scratch (with its
Accumulator), module forward/backward hooks, LambdaLR, "Extending PyTorch"'s MulConstant and
gradcheck(LinearFunction.apply, ...), a sweep picked with sorted/min/max(key=...); and (issue 16)
"What is torch.nn really?" from scratch and refactored, the Quickstart, "Learn the Basics:
Tensors", "Double Backward with Custom Functions", "Extending PyTorch"'s setup_context style,
higher-order grad, the autograd.functional docstrings, the grad-mode docstrings, the optimizer
docs' param groups and schedulers, the state_dict recipe, and d2l's softmax regression, weight
decay, dropout, numerical stability, parameter management, layers and custom layers, momentum.
Stop 17 added the "Neural Networks" LeNet tutorial (conv2d, max_pool2d, num_flat_features),
the blitz's vector-Jacobian product, "Autograd mechanics"' in-place checks and freezing,
torch.autograd.grad with grad_outputs, nn.init's docs, gradient clipping, the data samplers,
random_split and a collate_fn, d2l's lazy layers (concise MLP and softmax regression, lazy
initialisation, GPUs), RNN from scratch and Adagrad/RMSProp/Adam from scratch, micrograd's
checks against torch, and beginner evaluation-loop and tensor-shape questions.
Stop 18 added the blitz's CIFAR classifier, DCGAN's weights_init and discriminator, "The
Fundamentals of Autograd", Raschka's "PyTorch in One Hour", Karpathy's micrograd (its Value
class, and the neuron in torch) and makemore's bigram model (torch.multinomial with a
generator), d2l's gradient descent, SGD schedules, minibatch SGD and Adadelta, the
post-accumulate-grad hook tutorial, is_grads_batched, detect_anomaly, freezing by name with
parameters_to_vector, keeping the best weights with copy.deepcopy, and the forum's grad pitfalls.
tests/golden/sandbox_tutorials.json has what PyTorch
printed for each (tests/golden/record_sandbox_tutorials.py). Each runs here with the default limits,
except the clock: a shared test machine can be many times slower than a server, and wall-clock
time is never a pass/fail condition in this suite.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from autograd_core.playground.sandbox import DEFAULT_LIMITS, run_snippet
from tests.golden_text import same_run

GOLDEN = Path(__file__).resolve().parents[2] / "golden"
PROGRAMS = json.loads((GOLDEN / "sandbox_tutorials.json").read_text())["programs"]
LIMITS = replace(DEFAULT_LIMITS, time_limit=600.0)


def test_there_are_enough_programs() -> None:
    assert len(PROGRAMS) >= 95
    assert set(PROGRAMS) == {p.stem for p in (GOLDEN / "sandbox_tutorials").glob("*.py")}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_tutorial_prints_what_pytorch_prints(name: str) -> None:
    source = (GOLDEN / "sandbox_tutorials" / f"{name}.py").read_text()
    assert same_run(run_snippet(source, limits=LIMITS).output) == same_run(PROGRAMS[name])


def test_printed_nodes_still_show_their_class() -> None:
    # the address is the only part of `<AddBackward0 object at 0x...>` left out of the comparison
    assert "<MseLossBackward0 object at 0x...>" in same_run(PROGRAMS["nn_tutorial_lenet"])

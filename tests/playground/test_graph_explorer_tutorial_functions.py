"""The Graph Explorer accepts a program that uses the functions added for real tutorials (a causal
attention mask with triu, einsum, topk, sort, layer_norm, a linalg det, one_hot, pad, the
pieces of chunk/unbind): it runs, prints what PyTorch 2.13 printed (recorded below), and draws
their nodes under PyTorch's names."""

from __future__ import annotations

import pytest

from autograd_core.playground.graph_explorer.run import explore

PROGRAM = """\
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
scores = torch.tensor([[0.5, 1.0, -1.0], [2.0, 0.0, 1.5], [1.0, -0.5, 0.25]], requires_grad=True)
mask = torch.triu(torch.ones(3, 3), diagonal=1).bool()
attn = scores.masked_fill(mask, float("-inf")).softmax(dim=-1)
values = torch.einsum("ij,jk->ik", attn, scores)
top = values.sum(dim=1).topk(2)
print(top.values, top.indices)
ordered, where = scores.flatten().sort(descending=True)
norm = F.layer_norm(values, (3,))
det = torch.linalg.det(scores + 3 * torch.eye(3))
loss = F.smooth_l1_loss(norm, torch.zeros(3, 3)) + det / 100 + ordered[:2].sum()
loss.backward()
print(loss)
print(scores.grad)
print(F.one_hot(where[:3], num_classes=9), F.pad(scores.detach(), (1, 0)).shape)
pieces = (values, ordered, norm, scores.chunk(3)[0], scores.unbind()[1])
print([type(t.grad_fn).__name__ for t in pieces])
"""

# What PyTorch 2.13 printed for PROGRAM (/work/torchenv/bin/python, CPU).
PYTORCH_OUTPUT = """\
tensor([0.9645, 0.8576], grad_fn=<TopkBackward0>) tensor([2, 1])
tensor(4.3341, grad_fn=<AddBackward0>)
tensor([[ 0.0973, -0.0466, -0.0357],
        [ 0.9738,  0.1219,  1.0280],
        [ 0.0410, -0.0729,  0.0893]])
tensor([[0, 0, 0, 1, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 1, 0, 0, 0],
        [0, 1, 0, 0, 0, 0, 0, 0, 0]]) torch.Size([3, 4])
['ViewBackward0', 'SortBackward0', 'NativeLayerNormBackward0', 'SplitBackward0', 'UnbindBackward0']
"""


def test_a_program_using_the_new_functions_runs_and_prints_what_pytorch_printed():
    exp = explore(PROGRAM)
    assert exp.error is None, exp.error
    assert exp.output == PYTORCH_OUTPUT


def test_its_graph_shows_the_new_nodes_by_their_pytorch_names():
    exp = explore(PROGRAM)
    names = {data.get("pytorch_name") for _, data in exp.graph.nodes(data=True)}
    for wanted in (
        "MaskedFillBackward0",
        "SortBackward0",
        "NativeLayerNormBackward0",
        "LinalgDetBackward0",
        "SmoothL1LossBackward0",
        "BmmBackward0",
    ):
        assert wanted in names, (wanted, sorted(n for n in names if n))


def test_the_new_namespaces_and_methods_are_refused_nothing_but_still_refuse_the_unlisted():
    ok = explore(
        "import torch\nA = torch.eye(2)\nprint(torch.linalg.inv(A), A.tril(), A.cumprod(0))"
    )
    assert ok.error is None, ok.error
    refused = explore("import torch\nprint(torch.linalg.svd(torch.eye(2)))")
    assert refused.error is not None


@pytest.mark.parametrize(
    "call",
    [
        "torch.diag(torch.ones(100000))",
        "torch.diag(torch.ones(3), 10**6)",
        "torch.bincount(torch.tensor([10**9]))",
        "torch.nn.functional.one_hot(torch.tensor([0]), 10**7)",
        "torch.ones(1000, 1000).index_select(0, torch.zeros(100000, dtype=torch.long))",
        "torch.nn.functional.embedding(torch.zeros(100000, dtype=torch.long), torch.ones(2, 1000))",
        "torch.tensor_split(torch.ones(3), 10**8)",
        "torch.einsum('i,j,k->ijk', torch.ones(1000), torch.ones(1000), torch.ones(1000))",
        "torch.nn.functional.pad(torch.ones(2), (10**9, 0))",
    ],
)
def test_what_they_would_build_is_bounded_before_it_is_built(call):
    """A hostile size is refused with the limit's message, before NumPy allocates anything."""
    exp = explore(f"import torch\nprint({call})")
    assert exp.error is not None
    assert "limit here is" in str(exp.error), exp.error

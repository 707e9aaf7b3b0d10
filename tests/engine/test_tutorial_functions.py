"""einsum against NumPy's for every kind of subscript, with gradients checked to the second order,
and the guard hearing the matrix products of einsum, tensordot and torch.linalg before they run.

(The other new functions are covered entry by entry in test_ops_gradcheck.py and against
PyTorch's printed output in golden/engine_programs.py.)
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd_core as torch
from autograd_core import guard
from autograd_core.autograd import gradcheck, gradgradcheck
from tests.engine.test_semantics import _Refuse

EQUATIONS = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),  # matrix product
    ("ij,jk", [(2, 3), (3, 4)]),  # implicit output
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]),  # batched
    ("i,i->", [(4,), (4,)]),  # dot
    ("i,j->ij", [(3,), (2,)]),  # outer
    ("ii->", [(3, 3)]),  # trace
    ("ii->i", [(3, 3)]),  # diagonal
    ("ij->ji", [(2, 3)]),  # transpose
    ("ij->j", [(2, 3)]),  # column sums
    ("ij->", [(2, 3)]),  # total
    ("ij,ij->i", [(2, 3), (2, 3)]),  # row-wise dot
    ("ij,kj->ik", [(2, 3), (4, 3)]),  # a @ b.T
    ("...j,j->...", [(2, 2, 3), (3,)]),  # ellipsis
    ("...ij,...jk->...ik", [(2, 2, 3), (2, 3, 2)]),
    ("i,ij,jk->k", [(2,), (2, 3), (3, 4)]),  # three operands
    ("bhqd,bhkd->bhqk", [(1, 2, 3, 4), (1, 2, 5, 4)]),  # attention scores
    ("iij->j", [(2, 2, 3)]),
    ("ij,j->i", [(1, 3), (3,)]),
    ("ik,k->ik", [(2, 3), (3,)]),  # broadcast product, nothing summed
]


@pytest.mark.parametrize(("equation", "shapes"), EQUATIONS, ids=[e for e, _ in EQUATIONS])
def test_einsum_gives_numpys_values_and_exact_gradients(equation, shapes):
    rng = np.random.default_rng(0)
    arrays = [rng.uniform(-1, 1, s) for s in shapes]
    tensors = [torch.tensor(a, requires_grad=True) for a in arrays]
    out = torch.einsum(equation, *tensors)
    np.testing.assert_allclose(out.detach().numpy(), np.einsum(equation, *arrays), rtol=1e-12)

    def f(*xs):
        return torch.einsum(equation, *xs)

    assert gradcheck(f, tensors)
    assert gradgradcheck(f, tensors)


def test_einsum_broadcasts_a_size_one_letter_as_pytorch_does():
    a, b = torch.ones(1, 3), torch.arange(6.0).reshape(2, 3)
    assert torch.einsum("ij,ij->i", a, b).tolist() == [3.0, 12.0]


@pytest.mark.parametrize(
    "product",
    [
        lambda a, b: torch.einsum("ij,jk->ik", a, b),
        lambda a, b: torch.einsum("bij,bjk->bik", a.unsqueeze(0), b.unsqueeze(0)),
        lambda a, b: torch.tensordot(a, b, dims=1),
        lambda a, b: torch.linalg.multi_dot([a, b]),
        lambda a, b: torch.linalg.inv(a + 30 * torch.eye(30)),
        lambda a, b: torch.linalg.det(a + 30 * torch.eye(30)),
        lambda a, b: torch.linalg.solve(a + 30 * torch.eye(30), b),
    ],
    ids=["einsum", "einsum batched", "tensordot", "multi_dot", "inv", "det", "solve"],
)
def test_the_guard_hears_their_matrix_products_before_they_run(product):
    a, b = torch.ones(30, 30), torch.ones(30, 30)  # 27,000 multiply-adds, n³ for inv/det/solve
    token = guard.active.set(_Refuse())
    try:
        with pytest.raises(RuntimeError, match="multiply-adds"):
            product(a, b)
    finally:
        guard.active.reset(token)
    assert product(a, b).dtype == torch.float32  # with no guard: it runs

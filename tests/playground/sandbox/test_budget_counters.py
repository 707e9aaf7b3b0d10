"""The guard's per-tensor checks, folded into one comparison per count (limits.Budget
check_numel / _numel_mark): the same limits, the same messages, refused before the work, and
the memory still looked at every _MEMORY_CHECK_ELEMENTS elements."""

from __future__ import annotations

import pytest

from autograd_core.playground.sandbox import limits
from autograd_core.playground.sandbox.errors import SnippetError
from autograd_core.playground.sandbox.limits import Budget, Limits
from autograd_core.playground.sandbox.run import run_snippet


def test_total_elements_are_refused_at_exactly_the_limit():
    budget = Budget(Limits(max_total_elements=1_000))
    budget.check_numel(600, "ones")
    budget.check_numel(400, "ones")  # 1,000: still allowed
    assert budget.total_elements == 1_000
    with pytest.raises(SnippetError, match="1,000") as refused:
        budget.check_numel(1, "add")
    assert refused.value.kind == "limit"


def test_one_tensor_over_its_limit_is_refused_before_it_counts():
    budget = Budget(Limits(max_tensor_elements=100, max_total_elements=10_000))
    with pytest.raises(SnippetError, match="101"):
        budget.check_numel(101, "ones")
    assert budget.total_elements == 0
    budget.check_numel(100, "ones")
    assert budget.total_elements == 100


def test_memory_is_looked_at_every_million_elements(monkeypatch):
    looks = []
    monkeypatch.setattr(Budget, "check_memory", lambda self: looks.append(self.total_elements))
    budget = Budget(Limits(max_total_elements=10**8, max_tensor_elements=10**8))
    for _ in range(2_500):
        budget.check_numel(1_000, "ones")  # 2.5 million elements in all
    assert looks == [1_001_000, 2_002_000]
    budget.check_numel(3_000_000, "ones")  # one big tensor: looked at as it is counted
    assert looks[-1] == 5_500_000


def test_a_run_that_makes_too_many_elements_is_stopped_where_it_does(monkeypatch):
    code = "import torch\nx = torch.ones(100)\nfor i in range(50):\n    x = x + 1\n"
    with pytest.raises(SnippetError) as refused:
        run_snippet(code, limits=Limits(max_total_elements=2_000))
    assert refused.value.kind == "limit" and refused.value.line == 4
    assert "2,000" in str(refused.value)
    assert run_snippet(code, limits=Limits(max_total_elements=6_000)).variables["x"][0] == 51


def test_graph_nodes_are_refused_past_their_limit():
    code = (
        "import torch\nw = torch.ones(3, requires_grad=True)\ny = w\n"
        "for i in range(30):\n    y = y * 1.5\n"
    )
    with pytest.raises(SnippetError) as refused:
        run_snippet(code, limits=Limits(max_graph_nodes=20))
    assert refused.value.kind == "limit" and refused.value.line == 5
    assert run_snippet(code, limits=Limits(max_graph_nodes=30)).variables["y"][0].item() == (
        pytest.approx(1.5**30)
    )


def test_the_memory_check_constant_is_what_the_budget_uses():
    assert Budget(Limits()).elements_mark == min(
        Limits().max_total_elements, limits._MEMORY_CHECK_ELEMENTS
    )

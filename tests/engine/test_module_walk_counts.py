"""The walks of a module tree a training loop repeats (model(x), zero_grad(), parameters()):
their counted visits are kept between passes, and every change of the tree is seen.

Under a guard (a snippet on the playground's page) each walk announces its visits before it
starts; a loop announces the same tree 2,000 times, so the count is kept until some module's
children change. These tests change the tree in every way the engine allows, between walks,
and check the count announced is the tree's count at that moment, as a fresh count gives.
"""

from __future__ import annotations

from typing import Any

import pytest

import autograd_core as torch
from autograd_core import guard
from autograd_core.nn import module as module_file

nn = torch.nn


class Announced:
    """A guard that writes down every walk announced to it (and allows everything)."""

    def __init__(self) -> None:
        self.work: list[tuple[int, str]] = []

    def check_work(self, steps: int, what: str) -> None:
        self.work.append((steps, what))

    def check_text(self, chars: int, what: str) -> None:
        pass

    def check_numel(self, numel: int, what: str) -> None:
        pass

    def check_products(self, multiply_adds: int, what: str) -> None:
        pass

    def count_node(self) -> None:
        pass


@pytest.fixture
def announced() -> Any:
    watching = Announced()
    token = guard.active.set(watching)
    yield watching
    guard.active.reset(token)


def visits(model: nn.Module, announced: Announced) -> int:
    """The visits list(model.parameters()) announces (twice: the parameters, the modules)."""
    announced.work.clear()
    list(model.parameters())
    (first, what), (second, _) = announced.work
    assert what == "list a model's parameters" and first == second
    return first


def fresh_count(model: nn.Module) -> int:
    module_file._counted.clear()
    return module_file.paths_through(model)


def test_every_change_of_a_tree_is_seen_by_the_next_walk(announced: Announced) -> None:
    model = nn.Sequential(nn.Linear(1, 2), nn.Tanh())
    assert visits(model, announced) == 3
    assert visits(model, announced) == 3  # (kept)
    model.append(nn.Linear(2, 1))
    assert visits(model, announced) == 4
    model[0] = nn.Sequential(nn.Linear(1, 2), nn.Identity())  # a leaf becomes a subtree
    assert visits(model, announced) == 6
    model[0].append(nn.ReLU())  # deep inside: the root's count changes too
    assert visits(model, announced) == 7
    del model[1]
    assert visits(model, announced) == 6 == fresh_count(model)
    model.insert(0, nn.Identity())
    assert visits(model, announced) == 7 == fresh_count(model)


def test_attribute_assignment_and_deletion_of_submodules_are_seen(announced: Announced) -> None:
    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.fc = nn.Linear(1, 1)

    net = Net()
    assert visits(net, announced) == 2
    net.extra = nn.Sequential(nn.Identity(), nn.Identity())
    assert visits(net, announced) == 5
    net.extra = None  # (a child slot set to None: walked past)
    assert visits(net, announced) == 2
    del net.fc
    assert visits(net, announced) == 1
    net.add_module("again", nn.Tanh())
    net.register_module("more", nn.Tanh())
    assert visits(net, announced) == 3 == fresh_count(net)


def test_a_shared_module_is_counted_once_per_path_and_its_changes_reach_every_root(
    announced: Announced,
) -> None:
    shared = nn.Sequential(nn.Linear(1, 1))
    model = nn.Sequential(shared, shared)
    other = nn.Sequential(shared)
    assert visits(model, announced) == 5  # root + 2 x (shared + its Linear)
    assert visits(other, announced) == 3
    shared.append(nn.Tanh())
    assert visits(model, announced) == 7
    assert visits(other, announced) == 4
    assert [name for name, _ in model.named_parameters()] == ["0.0.weight", "0.0.bias"]


def test_a_module_put_inside_itself_after_a_counted_walk_is_still_refused(
    announced: Announced,
) -> None:
    inner = nn.Sequential(nn.Linear(1, 1))
    outer = nn.Sequential(inner)
    assert visits(outer, announced) == 3
    inner.add_module("loop", outer)
    for walk in (lambda: list(outer.parameters()), outer.zero_grad, lambda: outer(torch.ones(1))):
        with pytest.raises(RuntimeError, match="contains itself"):
            walk()


def test_a_plain_dict_swapped_in_for_the_children_is_counted_afresh_every_time(
    announced: Announced,
) -> None:
    model = nn.Sequential(nn.Linear(1, 1))
    children: dict[str, Any] = {"0": nn.Linear(1, 1)}
    object.__setattr__(model, "_modules", children)
    assert visits(model, announced) == 2
    children["1"] = nn.Tanh()  # a change no _Children dict tells about
    assert visits(model, announced) == 3


def test_the_children_dict_still_behaves_as_a_dict(announced: Announced) -> None:
    model = nn.Sequential(nn.Linear(1, 1), nn.Tanh())
    children = model._modules
    assert isinstance(children, dict) and list(children) == ["0", "1"]
    assert repr(children).startswith("{'0': Linear(in_features=1")
    assert visits(model, announced) == 3
    children.pop("1")
    assert visits(model, announced) == 2
    children.setdefault("1", nn.ReLU())
    assert visits(model, announced) == 3
    children.update({"2": nn.ReLU()})
    assert visits(model, announced) == 4
    children |= {"3": nn.ReLU()}
    assert visits(model, announced) == 5
    children.popitem()
    assert visits(model, announced) == 4
    children.clear()
    assert visits(model, announced) == 1


def test_a_training_loop_announces_the_same_walks_on_every_pass(announced: Announced) -> None:
    model = nn.Sequential(nn.Linear(3, 1), nn.Flatten(0, 1))
    x = torch.ones(4, 3)
    passes = []
    for _ in range(3):
        announced.work.clear()
        model(x).sum().backward()
        model.zero_grad()
        for param in model.parameters():
            assert param.grad is None
        passes.append(list(announced.work))
    walks = [
        "run a model's forward pass",
        *["list a model's parameters", "list a model's modules"] * 2,
    ]
    assert passes[0] == passes[1] == passes[2] == [(3, what) for what in walks]


def test_the_walks_keep_pytorchs_order_and_duplicates_rules() -> None:
    """named_modules' depth-first order, each module once (twice with remove_duplicate=False),
    a parameter shared by two layers listed once, a subclass's own named_modules used."""
    leaf = nn.Linear(1, 1)
    model = nn.Sequential(
        nn.Sequential(leaf, nn.Sequential(nn.Tanh())), leaf, nn.Sequential(nn.ReLU())
    )
    names = ["", "0", "0.0", "0.1", "0.1.0", "2", "2.0"]
    assert [name for name, _ in model.named_modules()] == names
    assert [name for name, _ in model.named_modules(remove_duplicate=False)] == [
        "", "0", "0.0", "0.1", "0.1.0", "1", "2", "2.0",
    ]  # fmt: skip
    prefixed = [name for name, _ in model.named_modules(prefix="net")]
    assert prefixed[:3] == ["net", "net.0", "net.0.0"]
    tied = nn.Sequential(nn.Linear(2, 2, bias=False), nn.Linear(2, 2, bias=False))
    tied[1].weight = tied[0].weight
    assert [name for name, _ in tied.named_parameters()] == ["0.weight"]
    assert len(list(tied.named_parameters(remove_duplicate=False))) == 2
    assert len(list(tied.parameters())) == 1

    class OnlyFirst(nn.Sequential):
        def named_modules(self, memo=None, prefix="", remove_duplicate=True):  # type: ignore[override]
            yield prefix, self

    outer = nn.Sequential(OnlyFirst(nn.Linear(1, 1)), nn.Linear(1, 1))
    assert [name for name, _ in outer.named_modules()] == ["", "0", "1"]
    assert [name for name, _ in outer.named_parameters()] == ["1.weight", "1.bias"]
    assert list(OnlyFirst(nn.Linear(1, 1)).named_parameters()) == []
    assert repr(model.parameters()).startswith("<generator object Module.parameters at 0x")
    assert repr(model.named_modules()).startswith("<generator object Module.named_modules at")


def test_a_dict_changed_while_walked_raises_as_pythons_does() -> None:
    model = nn.Sequential(nn.Linear(1, 1), nn.Tanh())
    with pytest.raises(RuntimeError, match="dictionary changed size during iteration"):
        for name, _ in model.named_modules():
            if name == "0":
                model.append(nn.ReLU())


def test_a_copied_or_unpickled_model_has_a_tree_of_its_own(announced: Announced) -> None:
    import copy
    import pickle

    model = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Tanh()))
    assert visits(model, announced) == 4
    for twin in (copy.deepcopy(model), pickle.loads(pickle.dumps(model))):
        assert visits(twin, announced) == 4
        twin[1].append(nn.ReLU())
        assert visits(twin, announced) == 5
        assert visits(model, announced) == 4
        assert [name for name, _ in twin.named_parameters()] == ["0.weight", "0.bias"]

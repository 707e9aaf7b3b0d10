"""Models drawn as modules: parameters named by their module path, the nodes of one module call
in a frame labelled `path · Class` (the innermost call that computed them), and frames that never
cover a box, a label or another frame they do not hold."""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations
from pathlib import Path

import pytest

from autograd_core.playground.catalogue.examples import by_key
from autograd_core.playground.graph import build_graph, layout
from autograd_core.playground.graph.records import edge_label_size
from autograd_core.playground.graph.text import node_rows
from autograd_core.playground.graph.text_size import text_width
from autograd_core.playground.graph_explorer.inspector import inspect_node
from autograd_core.playground.graph_explorer.run import explore
from autograd_core.playground.sandbox import DEFAULT_LIMITS


def overlapping(a, b):
    """Do rectangles (x0, y0, x1, y1) share more than an edge?"""
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


SEQUENTIAL = """\
import torch
from torch import nn
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
x = torch.tensor([[1.0, 2.0]])
loss = net(x).sum()
loss.backward()
"""

NESTED = """\
import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.fc = nn.Linear(n, n)
        self.act = nn.Tanh()

    def forward(self, x):
        return self.act(self.fc(x))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block1 = Block(2)
        self.block2 = Block(2)
        self.head = nn.Linear(2, 1)

    def forward(self, x):
        h = self.block2(self.block1(x))
        return self.head(h * 2)


torch.manual_seed(0)
model = Net()
out = model(torch.tensor([[0.5, -1.0]]))
out.sum().backward()
"""

TWICE = """\
import torch
from torch import nn
torch.manual_seed(0)
shared = nn.Linear(2, 2)
x = torch.tensor([1.0, -1.0])
y = shared(torch.tanh(shared(x)))
y.sum().backward()
"""

RESIDUAL = """\
import torch
from torch import nn


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 3)
        self.fc2 = nn.Linear(3, 3)

    def forward(self, x):
        return x + self.fc2(torch.relu(self.fc1(x)))


torch.manual_seed(0)
blocks = nn.Sequential(Residual(), Residual(), nn.Linear(3, 1))
loss = blocks(torch.ones(2, 3)).pow(2).mean()
loss.backward()
"""


def deep_mlp(layers: int) -> str:
    sizes = ", ".join("nn.Linear(4, 4), nn.Tanh()" for _ in range(layers))
    return (
        "import torch\nfrom torch import nn\ntorch.manual_seed(0)\n"
        f"net = nn.Sequential({sizes}, nn.Linear(4, 1))\n"
        "loss = net(torch.ones(3, 4)).mean()\nloss.backward()\n"
    )


def frames_of(exp):
    return {g["label"]: g for g in exp.graph.graph["groups"]}


def module_of(exp, pytorch_name):
    return [
        d["module"]
        for _, d in sorted(exp.graph.nodes(data=True), key=lambda nd: nd[0])
        if d["kind"] == "op" and d["pytorch_name"] == pytorch_name
    ]


def leaf_labels(exp):
    return sorted(d["label"] for _, d in exp.graph.nodes(data=True) if d["kind"] == "leaf")


def test_a_sequential_mlp_names_its_parameters_and_frames_each_layer():
    exp = explore(SEQUENTIAL)
    assert leaf_labels(exp) == ["net.0.bias", "net.0.weight", "net.2.bias", "net.2.weight"]
    frames = frames_of(exp)
    assert set(frames) == {
        "net · Sequential", "net[0] · Linear", "net[1] · ReLU", "net[2] · Linear",
    }  # fmt: skip
    labels = [g["label"] for g in exp.graph.graph["groups"]]
    outer = labels.index("net · Sequential")
    assert all(frames[n]["parent"] == outer for n in frames if n != "net · Sequential")
    assert sorted(module_of(exp, "AddmmBackward0")) == ["net[0] · Linear", "net[2] · Linear"]
    assert module_of(exp, "ReluBackward0") == ["net[1] · ReLU"]
    assert module_of(exp, "SumBackward0") == [None]  # .sum() is the snippet's, not the model's
    # Each Linear frame holds its own addmm and weight.T, and nothing of the other layer.
    members = frames["net[0] · Linear"]["members"]
    first = {exp.graph.nodes[m]["label"].split("(")[0] for m in members}
    assert first == {"net[0]", "net.0.weight.T"}  # net[0](x): the box the call returned
    assert [g.label for g in exp.positions.groups] == labels  # every frame drawn


def test_nested_modules_frame_the_innermost_call_inside_its_parents():
    exp = explore(NESTED)
    assert "model.block1.fc.weight" in leaf_labels(exp)
    assert "model.head.bias" in leaf_labels(exp)
    groups = exp.graph.graph["groups"]
    by_label = {g["label"]: i for i, g in enumerate(groups)}
    parent = {g["label"]: groups[g["parent"]]["label"] for g in groups if g["parent"] is not None}
    assert parent == {
        "model.block1 · Block": "model · Net",
        "model.block2 · Block": "model · Net",
        "model.head · Linear": "model · Net",
        "model.block1.fc · Linear": "model.block1 · Block",
        "model.block1.act · Tanh": "model.block1 · Block",
        "model.block2.fc · Linear": "model.block2 · Block",
        "model.block2.act · Tanh": "model.block2 · Block",
    }
    assert "model · Net" in by_label and groups[by_label["model · Net"]]["parent"] is None
    # `h * 2` is computed by Net.forward itself: its frame is Net's, outside the blocks'.
    assert module_of(exp, "MulBackward0") == ["model · Net"]
    assert sorted(module_of(exp, "TanhBackward0")) == [
        "model.block1.act · Tanh", "model.block2.act · Tanh",
    ]  # fmt: skip
    drawn = {g.label: g for g in exp.positions.groups}
    assert set(drawn) == set(by_label)
    for child, outer in parent.items():
        assert inside(drawn[child].bounds, drawn[outer].bounds), (child, outer)


def test_a_module_called_twice_gets_two_frames():
    exp = explore(TWICE)
    assert leaf_labels(exp) == ["shared.bias", "shared.weight"]
    assert sorted(module_of(exp, "AddmmBackward0")) == [
        "shared · Linear, call 1", "shared · Linear, call 2",
    ]  # fmt: skip
    frames = sorted(frames_of(exp))
    assert frames == ["shared · Linear, call 1", "shared · Linear, call 2"]
    assert module_of(exp, "TanhBackward0") == [None]  # between the two calls: in neither
    first, second = (exp.positions.groups[i].bounds for i in range(2))
    assert not overlapping(first, second)
    # The first call is the one further left: the data flows through it first.
    by_label = {g.label: g.bounds for g in exp.positions.groups}
    assert by_label["shared · Linear, call 1"][2] < by_label["shared · Linear, call 2"][0]


def test_a_graph_without_modules_has_no_frames_and_the_same_layout_as_before():
    exp = explore(by_key("product-rule").code)
    assert exp.graph.graph["groups"] == []
    assert exp.positions.groups == []
    assert dict(layout(exp.graph)) == dict(layout(exp.graph, groups=[]))


def test_the_text_version_says_which_module_call_computed_each_node():
    exp = explore(SEQUENTIAL)
    rows = {r.name: r.as_dict() for r in node_rows(exp.graph, exp.steps)}
    modules = [row["computed by the module call"] for row in rows.values()]
    assert "net[1] · ReLU" in modules and "net[2] · Linear" in modules
    assert rows["net.0.weight"]["computed by the module call"] == "—"  # a parameter: created
    plain = explore(by_key("product-rule").code)
    assert all("computed by the module call" not in r.as_dict() for r in node_rows(plain.graph))


def inside(inner, outer):
    return (
        outer[0] < inner[0] and inner[2] < outer[2] and outer[1] < inner[1] and inner[3] < outer[3]
    )


def text_boxes(pos):
    """Every rectangle of words the figure draws: boxes, edge labels, frame names."""
    rects = {}
    for node, box in pos.boxes.items():
        x, y = pos[node]
        rects[node] = (x - box.width / 2, y - box.height / 2, x + box.width / 2, y + box.height / 2)
    for edge, (x, y) in pos.label_at.items():
        w, h = max(edge_label_size(t) for t in pos.labels[edge])
        rects[edge] = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    return rects


def assert_frames_clean(exp):
    """No frame covers a box or label it does not hold, frames nest or stay apart, and each
    frame's name sits inside it, clear of every box."""
    pos, graph = exp.positions, exp.graph
    rects = text_boxes(pos)
    for group in pos.groups:
        members = set(group.members)
        for key, rect in rects.items():
            held = key in members or (
                isinstance(key, tuple) and ({*key} & members or _feeds(graph, key, members))
            )
            if not held:
                assert not overlapping(rect, group.bounds), (group.label, key)
        x0, _, x1, y1 = group.bounds
        name = (x0 + 6, y1 - 17, x0 + 6 + text_width(group.label), y1 - 2)
        assert name[2] <= x1
        for key, rect in rects.items():
            assert not overlapping(rect, name), (group.label, key)
    for a, b in combinations(pos.groups, 2):
        if not (inside(a.bounds, b.bounds) or inside(b.bounds, a.bounds)):
            assert not overlapping(a.bounds, b.bounds), (a.label, b.label)


def _feeds(graph, edge, members):
    """An edge's label belongs to the frame its edge ends in (op nodes share their result's box)."""
    _, v = edge
    return any(v == m or v in graph.predecessors(m) for m in members)


@pytest.mark.parametrize(
    "code",
    [SEQUENTIAL, NESTED, TWICE, RESIDUAL, deep_mlp(3), by_key("module-subclass").code],
    ids=["sequential", "nested", "twice", "residual", "deep3", "module-subclass"],
)
def test_frames_cover_nothing_they_do_not_hold(code):
    exp = explore(code)
    assert exp.positions.groups, "no frame drawn"
    assert len(exp.positions.groups) == len(exp.graph.graph["groups"])
    assert_frames_clean(exp)


@pytest.mark.parametrize("layers", [8, 30])
def test_frames_of_a_deep_network_stay_clean(layers):
    """A 50-node and a 200-node model graph."""
    exp = explore(deep_mlp(layers))
    assert exp.graph.number_of_nodes() >= (50 if layers == 8 else 200)
    drawn = len(exp.positions.groups)
    assert drawn >= len(exp.graph.graph["groups"]) - 1  # at most the outermost left out
    assert_frames_clean(exp)


def test_build_graph_without_module_calls_keeps_its_old_shape():
    import autograd_core as torch

    x = torch.tensor(2.0, requires_grad=True)
    z = x * 3
    g = build_graph(z, names={"x": x, "z": z})
    assert g.graph["groups"] == []
    assert {d["module"] for _, d in g.nodes(data=True)} == {None}


TUTORIALS = Path(__file__).resolve().parents[2] / "golden" / "sandbox_tutorials"
SLOW_OK = replace(DEFAULT_LIMITS, time_limit=600.0)  # a busy test machine must not fail them


@pytest.mark.parametrize(
    "name",
    ["custom_function_module", "dataloader_training", "module_list", "softmax_classifier",
     "xor_module"],
)  # fmt: skip
def test_every_tutorial_model_is_drawn_with_all_its_frames_clean(name):
    exp = explore((TUTORIALS / f"{name}.py").read_text(), limits=SLOW_OK)
    assert exp.error is None
    assert exp.graph.graph["groups"]
    assert len(exp.positions.groups) == len(exp.graph.graph["groups"])
    assert_frames_clean(exp)


def test_the_inspector_names_the_module_call():
    exp = explore(SEQUENTIAL)
    (relu,) = [n for n, d in exp.graph.nodes(data=True) if d.get("grad_fn") == "ReluBackward0"]
    facts = dict(inspect_node(exp.graph, relu, exp.steps).facts)
    assert facts["computed by the module call"] == "net[1] · ReLU"

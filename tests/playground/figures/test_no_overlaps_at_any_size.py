"""No two words of the graph overlap, no word spills out of its box and no edge crosses a box
or a word: for graphs of about 50 and 200 nodes of several shapes (a loop, a wide sum, a deep
chain, a small network), with and without the backward replay. And the checker itself finds
each kind of mess when one is made on purpose, so a clean answer means something."""

from __future__ import annotations

import copy

import pytest

import autograd_core as torch
from autograd_core import tracing
from autograd_core.playground.figures import backward_animation, graph_figure
from autograd_core.playground.graph import build_graph, layout, trace_steps

from .overlaps import _array, box_rects, collisions, word_rects


def loop(steps: int):
    """The linear-regression loop, `steps` updates: one graph per iteration, the last drawn."""
    x = torch.tensor([1.0, 2.0, 3.0])
    y = torch.tensor([2.0, 4.0, 6.0])
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.5, requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = ((w * x + b - y) ** 2).mean()
        losses.append(loss)
        w = w - 0.1 * w  # a new w each step keeps every iteration in one graph
    return sum(losses), {"x": x, "y": y}


def wide(n: int):
    """Many leaves summed into one output: a wide, shallow graph."""
    leaves = [torch.tensor(float(i) / 10, requires_grad=True) for i in range(n)]
    total = leaves[0] * leaves[0]
    for leaf in leaves[1:]:
        total = total + leaf.sin() * 2
    return total, {f"p{i}": leaf for i, leaf in enumerate(leaves)}


def deep(n: int):
    """One long chain of different operations: a deep, narrow graph."""
    x = torch.tensor([0.5, -0.25, 1.0], requires_grad=True)
    h = x
    ops = [torch.tanh, torch.sigmoid, lambda t: t * 1.5, lambda t: t.exp() - 1, torch.relu]
    for i in range(n):
        h = ops[i % len(ops)](h)
    return h.sum(), {"x": x}


def network(hidden: int, layers: int):
    """A small MLP's forward pass and loss, with its parameters named."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        *[
            m
            for i in range(layers)
            for m in (torch.nn.Linear(2 if i == 0 else hidden, hidden), torch.nn.Tanh())
        ],
        torch.nn.Linear(hidden, 1),
    )
    x = torch.randn(4, 2)
    loss = ((model(x) - 1.0) ** 2).mean()
    return loss, dict(model.named_parameters())


CASES = {
    "loop-50": lambda: loop(3),
    "wide-50": lambda: wide(7),
    "deep-50": lambda: deep(17),
    "network-50": lambda: network(4, 5),
    "loop-200": lambda: loop(12),
    "wide-200": lambda: wide(26),
    "deep-200": lambda: deep(70),
    "network-200": lambda: network(4, 24),
}


@pytest.mark.parametrize("case", list(CASES))
def test_no_overlaps_in_graphs_of_50_and_200_nodes(case):
    out, names = CASES[case]()
    with tracing.record_backward() as traces:
        out.backward()
    graph = build_graph(out, names={**names, "out": out}, trace=traces[0])
    target = int(case.split("-")[1])
    assert 0.8 * target <= graph.number_of_nodes() <= 1.3 * target, graph.number_of_nodes()
    steps = trace_steps(graph, traces[0])
    positions = layout(graph, steps)
    assert collisions(graph_figure(graph, positions)) == []
    if target <= 50:  # the replay's frames too (a 200-node replay is checked still: see above)
        assert collisions(backward_animation(graph, positions, steps)) == []


# --- the checker finds what it looks for ---------------------------------------------------------


@pytest.fixture(scope="module")
def clean() -> dict:
    x = torch.tensor(2.0, requires_grad=True)
    y = torch.tensor(3.0, requires_grad=True)
    z = x**2 * y + y**3
    z.backward()
    graph = build_graph(z, names={"x": x, "y": y, "z": z})
    fig = graph_figure(graph, layout(graph)).to_dict()
    assert collisions(fig) == []
    return fig


def _trace(fig: dict, name: str) -> dict:
    return next(t for t in fig["data"] if t.get("name") == name)


def _plain_lists(trace: dict) -> None:
    """x and y as lists (plotly may hold them as typed arrays), so a test can move points."""
    for axis in ("x", "y"):
        trace[axis] = _array(trace[axis])


def test_the_checker_finds_two_words_on_top_of_each_other(clean):
    fig = copy.deepcopy(clean)
    names = _trace(fig, "names")
    _plain_lists(names)
    names["x"][1], names["y"][1] = names["x"][0], names["y"][0]  # the second name on the first
    found = collisions(fig)
    assert any(p.startswith("words overlap") for p in found), found


def test_the_checker_finds_a_word_spilling_out_of_its_box(clean):
    fig = copy.deepcopy(clean)
    values = _trace(fig, "values")
    assert word_rects(values)
    values["text"] = list(values["text"])
    values["text"][0] = values["text"][0] + " and a much longer tail than the box was sized for"
    found = collisions(fig)
    assert any(p.startswith("words spill out of their box") for p in found), found


def test_the_checker_finds_boxes_on_top_of_each_other(clean):
    fig = copy.deepcopy(clean)
    boxes = next(t for t in fig["data"] if t.get("name") == "result boxes")
    _plain_lists(boxes)
    # the result boxes moved together, the first of them onto the first box of the figure
    x0, y0, _, _ = box_rects(fig)[0]
    end = boxes["x"].index(None)  # the first result box's outline ends here
    bx, by = boxes["x"][:end], boxes["y"][:end]
    dx, dy = x0 - min(bx) + 3, y0 - min(by) + 3
    boxes["x"] = [None if v is None else v + dx for v in boxes["x"]]
    _plain_lists(boxes)
    boxes["y"] = [None if v is None else v + dy for v in boxes["y"]]
    found = collisions(fig)
    assert any(p.startswith("boxes overlap") for p in found), found


def test_the_checker_finds_an_edge_through_a_box(clean):
    fig = copy.deepcopy(clean)
    edges = _trace(fig, "data flow")
    _plain_lists(edges)
    x0, y0, x1, y1 = box_rects(fig)[0]
    # a straight line through the first box's middle, from well left of it to well right
    edges["x"] += [None, x0 - 200, x1 + 200]
    edges["y"] += [None, (y0 + y1) / 2, (y0 + y1) / 2]
    found = collisions(fig)
    assert any("an edge runs through" in p for p in found), found

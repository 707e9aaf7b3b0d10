"""The Graph Explorer on twelve more programs nobody on the team drew (more_learner_programs.py):
each prints what PyTorch prints and draws clean, and what a learner saw wrong in them stays
fixed: lines drawn almost upright along the side of a box, labels cut before they say what
their box does, indexing written as slice(...), a gradient a hook replaced shown as if it were
the sum of its edges, a long graph opening on a chart mostly empty."""

from __future__ import annotations

import functools
from itertools import pairwise

import pytest

from autograd_core.playground.figures.graph_explorer import explorer_figure
from autograd_core.playground.figures.graph_figure import (
    MIN_OPEN_HEIGHT,
    MIN_VIEW_WIDTH,
    PAD,
    graph_figure,
    view,
)
from autograd_core.playground.graph.layout import MAX_GAP, MAX_SLOPE
from autograd_core.playground.graph_explorer.inspector import chain_rule
from autograd_core.playground.graph_explorer.run import explore
from tests.playground.figures.overlaps import collisions
from tests.playground.graph.more_learner_programs import OUTPUTS, PROGRAMS


@functools.cache
def explored(key: str):
    return explore(PROGRAMS[key])


@pytest.mark.parametrize("key", list(PROGRAMS))
def test_it_prints_what_pytorch_prints_and_draws_clean(key):
    exp = explored(key)
    assert exp.error is None and exp.note is None
    assert exp.output == OUTPUTS[key]
    assert collisions(explorer_figure(exp).spec, frame_words=False) == []
    assert len(exp.positions.groups) == len(exp.graph.graph.get("groups", ()))


@pytest.mark.parametrize("key", ["stack-cat", "residual", "l2", "rnn5"])
def test_no_line_is_drawn_almost_upright_beside_a_box(key):
    """Six weights fan out to their products and to a cat: their lines dropped 120 px in the
    22 px between two columns, so they ran down the right sides of the boxes they passed and
    read as those boxes' borders (the bias of a residual block's Linear, likewise). A gap now
    widens until no line in it is steeper than MAX_SLOPE (these graphs' drops all fit)."""
    pos = explored(key).positions
    steep = []
    for edge, route in pos.routes.items():
        for (x0, y0), (x1, y1) in pairwise(route):
            if abs(y1 - y0) > MAX_SLOPE * MAX_GAP:
                continue  # a fan too tall for any gap: not these programs
            if abs(y1 - y0) > MAX_SLOPE * abs(x1 - x0) + 0.5:
                steep.append((edge, (x0, y0), (x1, y1)))
    assert steep == []


def result_labels(key: str) -> list[str]:
    graph = explored(key).graph
    return [d["label"] for _, d in graph.nodes(data=True) if d["kind"] == "result"]


def test_a_label_too_long_for_its_box_still_says_what_the_box_does():
    """Cut from the end, each step of an unrolled RNN read `squeeze(tensor[1×2]…` or
    `squeeze(unsqueeze(t…`, with no word of which weight it multiplies by. A long label now
    leaves out the inner operations, which are the boxes just to its left."""
    graph = explored("rnn5").graph
    squeezes = [
        d["label"]
        for n, d in graph.nodes(data=True)
        if d["kind"] == "result" and d["grad_fn"] == "SqueezeBackward4"
    ]
    assert len(squeezes) == 10
    assert sorted(set(squeezes)) == ["squeeze(… @ Wh)", "squeeze(… @ Wx)"]
    assert all(len(label) <= 20 for label in result_labels("rnn5"))


def test_what_a_module_returned_reads_as_the_call_the_learner_wrote():
    """`model(x) - y` read `addmm(model.2.bias,…`: the learner never wrote addmm, and the cut
    hid the subtraction. What a module call returned is now written as the call."""
    assert {"model(x)", "model(x) - y", "(model(x) - y)**2"} <= set(result_labels("l2"))
    assert {"l1(x)", "l2(h1)"} <= set(result_labels("mlp3"))
    assert "conv(img)" in result_labels("conv")
    assert {"block1(x)", "block1.lin1(x)"} <= set(result_labels("residual"))
    for key in ("l2", "mlp3", "conv", "residual"):
        assert not any("addmm" in label or "convolution" in label for label in result_labels(key))


def test_indexing_reads_as_the_learner_indexed():
    """`row[1:]` and `m[:2]`, not `slice(row)` and `slice(m)`: the numbers say which part."""
    assert {"row[1:]", "m[:2]"} <= set(result_labels("slicing"))
    code = (
        "import torch\n"
        "m = torch.arange(6.0).reshape(2, 3).requires_grad_()\n"
        "(m[:, 2].sum() + m[1][::2].sum() + (m * 2)[0, 1:2].sum()).backward()\n"
    )
    graph = explore(code).graph
    labels = {d["label"] for _, d in graph.nodes(data=True) if d["kind"] == "result"}
    assert {"m[:, 2]", "m[1]", "m[1][::2]", "(m * 2)[0]", "(m * 2)[0][1:2]"} <= labels


def texts(figure: dict, name: str) -> list[str]:
    return [t for trace in figure["data"] if trace.get("name") == name for t in trace["text"]]


def test_a_gradient_a_hook_replaced_says_so_in_its_box_and_in_the_inspector():
    """`h.register_hook(lambda g: g * 2)`: h's box said `grad [1.48, …]` while the two edges
    into it brought 0.1175 and 0.6225 (0.74 in all): a learner adding them up found the
    picture wrong. The box now says the hook gave it, in the still figure and at the end of the
    replay, and the Inspector's chain rule ends with the hook's step."""
    exp = explored("hook")
    h = next(n for n, d in exp.graph.nodes(data=True) if d["label"] == "h")
    still = graph_figure(exp.graph, exp.positions).spec
    assert "grad [1.48, 0.1447, 2.083] after hook" in texts(still, "node gradients")
    replay = explorer_figure(exp).spec
    assert "<b>grad [1.48, 0.1447, 2.083] after hook</b>" in texts(replay, "gradients")
    assert not any("after hook" in t for t in texts(still, "node gradients") if "1.48" not in t)
    rule = chain_rule(exp.graph, h, exp.steps)
    assert rule[-2].endswith(r"= \text{[3] 0.74, 0.07233, 1.041}")  # the sum of the edges
    assert "hook" in rule[-1] and rule[-1].endswith(r"\text{[3] 1.48, 0.1447, 2.083}")


@pytest.mark.parametrize("key", ["stack-cat", "l2", "residual"])
def test_a_long_graph_opens_as_tall_as_what_it_opens_on(key):
    """Twelve inputs stacked far to the left made the chart 620 px high; it opens on the last
    columns, where three boxes sat in a band across its middle and the rest was empty. It is
    now as tall as what lies in the part it opens on (and tall enough to drag the rest in),
    and nothing in that part is cut off."""
    pos = explored(key).positions
    shown = view(pos)
    assert shown["partial"] and shown["plot_height"] <= MIN_OPEN_HEIGHT
    y0, y1 = shown["y_range"]
    right = pos.bounds()[2] + PAD
    for node, box in pos.boxes.items():
        x, y = pos[node]
        if x + box.width / 2 > right - MIN_VIEW_WIDTH:  # in sight on the narrowest chart
            assert y0 <= y - box.height / 2 and y + box.height / 2 <= y1, node

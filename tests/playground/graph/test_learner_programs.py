"""The Graph Explorer on programs nobody on the team drew (learner_programs.py): each prints
what PyTorch prints, draws without overlaps, keeps a line between two boxes at one height
straight, frames exactly its module call, and a loop grows along the page, not down it."""

from __future__ import annotations

import functools

import pytest

from autograd_core.playground.figures.graph_explorer import explorer_figure
from autograd_core.playground.graph import count_crossings
from autograd_core.playground.graph_explorer.run import explore
from tests.playground.figures.overlaps import collisions
from tests.playground.graph.learner_programs import OUTPUTS, PROGRAMS


@functools.cache
def explored(key: str):
    return explore(PROGRAMS[key])


def height(exp) -> float:
    _, y0, _, y1 = exp.positions.bounds()
    return y1 - y0


def box_rect(pos, node):
    (x, y), box = pos[node], pos.boxes[node]
    return x - box.width / 2, y - box.height / 2, x + box.width / 2, y + box.height / 2


@pytest.mark.parametrize("key", list(PROGRAMS))
def test_it_prints_what_pytorch_prints_and_draws_a_graph(key):
    exp = explored(key)
    assert exp.error is None
    assert exp.output == OUTPUTS[key]
    assert exp.graph is not None and exp.note is None


@pytest.mark.parametrize("key", list(PROGRAMS))
def test_no_words_boxes_or_lines_collide_and_every_frame_is_drawn(key):
    exp = explored(key)
    assert collisions(explorer_figure(exp).spec, frame_words=False) == []
    assert len(exp.positions.groups) == len(exp.graph.graph.get("groups", ()))


@pytest.mark.parametrize("key", list(PROGRAMS))
def test_a_line_between_neighbouring_boxes_at_one_height_is_straight(key):
    """It used to rise over the top of a module's frame and drop back: a spike on the edge
    out of every Linear layer."""
    pos = explored(key).positions
    columns = sorted({x for x, _ in (pos[n] for n in pos.boxes)})
    for (u, v), route in pos.routes.items():
        a, b = pos.unit[u], pos.unit[v]
        neighbours = columns.index(pos[b][0]) == columns.index(pos[a][0]) + 1
        if neighbours and pos[a][1] == pos[b][1]:
            assert {y for _, y in route} == {pos[a][1]}, (u, v, route)


@pytest.mark.parametrize("key", ["mlp-ce", "custom-fn-module", "sequential6"])
def test_each_frame_holds_its_module_calls_boxes_and_no_other(key):
    pos = explored(key).positions
    for group in pos.groups:
        x0, y0, x1, y1 = group.bounds
        members = {pos.unit[m] for m in group.members}
        for node in pos.boxes:
            bx0, by0, bx1, by1 = box_rect(pos, node)
            inside = x0 < bx0 and bx1 < x1 and y0 < by0 and by1 < y1
            touches = bx0 < x1 and x0 < bx1 and by0 < y1 and y0 < by1
            assert inside if node in members else not touches, (group.label, node)


def test_the_six_layers_are_framed_in_order_with_their_names():
    exp = explored("sequential6")
    frames = sorted(exp.positions.groups, key=lambda g: g.bounds[0])
    assert [g.label for g in frames] == [
        "model · Sequential",
        "model[0] · Linear",
        "model[1] · ReLU",
        "model[2] · Linear",
        "model[3] · Tanh",
        "model[4] · Linear",
        "model[5] · Sigmoid",
    ]


def _polynomial(terms: int) -> str:
    return PROGRAMS["big-poly"].replace("range(40)", f"range({terms})")


def _scalar_loop(steps: int) -> str:
    return PROGRAMS["scalar-loop"].replace("range(25)", f"range({steps})")


@pytest.mark.parametrize("program", [_polynomial, _scalar_loop], ids=["polynomial", "scalar loop"])
def test_a_loop_grows_along_the_page_not_down_it(program):
    """Four times the terms: the graph gets longer, not taller (it was 4,146 px high for 40
    terms: every term stacked in the first columns, then a band of lines one per term)."""
    short, long = explore(program(10)), explore(program(40))
    assert long.positions.bounds()[2] > 3 * short.positions.bounds()[2]
    assert height(long) <= height(short) + 20
    assert height(long) < 400


LOSSES_LOOP = """\
import torch

w = torch.tensor(1.0, requires_grad=True)
losses = []
for t in range(STEPS):
    x = torch.tensor(float(t) / STEPS)
    loss = (w * x - 2 * x) ** 2
    losses.append(loss)
total = torch.stack(losses).sum()
total.backward()
"""


def _losses_loop(steps: int, gather: str = "torch.stack(losses).sum()") -> str:
    code = LOSSES_LOOP.replace("torch.stack(losses).sum()", gather)
    return code.replace("STEPS", str(steps))


def test_a_loop_that_stacks_its_losses_grows_along_the_page_not_down_it():
    """torch.stack(losses) is one box fed by every step's loss: all of them stood in the one
    column before it, 4,146 px high for 40 steps and 12,466 for 120. They now come in blocks
    along the page, the earlier blocks' lines passing the later ones."""
    short, long, longest = (explore(_losses_loop(n)) for n in (12, 40, 120))
    assert height(long) < 2_000
    assert height(longest) < 4_000
    assert long.positions.bounds()[2] > 1.5 * short.positions.bounds()[2]
    assert collisions(explorer_figure(short).spec, frame_words=False) == []
    assert count_crossings(short.graph, short.positions) <= 20  # it was 30


@pytest.mark.parametrize("gather", ["running sum", "sum(losses)"])
def test_a_loop_that_adds_its_losses_stays_one_screen_high(gather):
    """`total = total + loss` (or sum(losses)) 120 times: each loss beside the sum it joins,
    578 px high (and 518) whatever the number of steps."""
    code = _losses_loop(120, "sum(losses)")
    if gather == "running sum":
        code = code.replace("losses = []", "total = 0").replace("total = sum(losses)\n", "")
        code = code.replace("losses.append(loss)", "total = total + loss")
    assert height(explore(code)) < 700


def test_an_unrolled_rnn_sits_step_by_step_in_one_screen_high():
    """Each step's x[t] @ W_xh sits just before that step's tanh, not all six at the left edge
    with lines across the whole graph to their step."""
    exp = explored("rnn")
    assert height(exp) < 400
    pos, graph = exp.positions, exp.graph
    for node in pos.boxes:
        if graph.nodes[node]["label"].endswith("@ W_xh"):
            users = {pos[v][0] for v in graph.successors(node)}
            gap = min(users) - pos[node][0]
            assert gap < 400, (node, gap)  # its user is in the next column or the one after


def test_labels_use_the_names_a_learner_calls():
    """`inputs[t] @ W_xh` is squeezed back by PyTorch (SqueezeBackward4): squeeze(...), not
    the registry's squeeze_matmul; the 1 autograd.grad starts from, which PyTorch does not
    keep, is tensor(?), not tensorscalar; `k.T` is k.T, not permute(k)."""
    rnn = {d["label"] for _, d in explored("rnn").graph.nodes(data=True)}
    assert "squeeze(… @ W_xh)" in rnn
    assert not any("squeeze_matmul" in label for label in rnn)
    higher = {d["label"] for _, d in explored("higher-order").graph.nodes(data=True)}
    assert {"tensor(?)", "tensor(?) * x**3", "tensor(?) * cos(x)"} <= higher
    assert not any("tensorscalar" in label for label in higher)
    # k.T is PyTorch's PermuteBackward0 and k.t() its TBackward0: both read as the learner wrote
    attention = {
        d["label"] for _, d in explored("attention").graph.nodes(data=True) if d["kind"] != "op"
    }
    assert {"k.T", "q @ k.T"} <= attention
    assert not any("permute" in label for label in attention)


def test_each_sum_of_a_running_sum_says_which_term_it_adds():
    """`p = p + c * x**n` forty times: every sum's expression starts `0 + x**0 * 1 + x**1…`,
    so clipped from the front all forty boxes read alike; each now ends in its own term."""
    graph = explored("big-poly").graph
    labels = [d["label"] for _, d in graph.nodes(data=True) if d["kind"] == "result"]
    assert len(set(labels)) == len(labels)
    assert "… + x**38 * 0.02564" in labels
    # a loop's losses added up: each term is too long for a box, so it is cut in turn
    code = _losses_loop(6, "sum(losses)").replace("losses = []", "total = 0")
    code = code.replace("total = sum(losses)\n", "")
    code = code.replace("losses.append(loss)", "total = total + loss * (t + 1)")
    sums = [
        d["label"]
        for _, d in explore(code).graph.nodes(data=True)
        if d["kind"] == "result" and d["label"].startswith("… + ")
    ]
    assert len(sums) == 3 and len(set(sums)) == 3, sums  # the 3rd to 5th sums (the 6th: total)
    # anything that is not a running sum still reads from its start
    assert "initial_hidden_stat…" in {
        d["label"] for _, d in explored("long-names").graph.nodes(data=True)
    }

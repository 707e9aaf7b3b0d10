"""layout: inputs on the left, output on the right, few crossings, same picture every time."""

from __future__ import annotations

from collections import Counter
from itertools import combinations, pairwise

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd_core as torch
from autograd_core.playground.graph import build_graph, count_crossings, layout


def readme_graph():
    x = torch.tensor(2.0, requires_grad=True)
    y = torch.tensor(3.0, requires_grad=True)
    z = x**2 * y + y**3
    return build_graph(z, names={"x": x, "y": y, "z": z})


def two_outputs_graph():
    """Three outputs sharing four leaves crosswise: the first-met order crosses a lot."""
    a, b, c, d = (torch.tensor(float(i + 1), requires_grad=True) for i in range(4))
    return build_graph(a * d + b, c * b + a, d * c, names={"a": a, "b": b, "c": c, "d": d})


def label_of(graph, label):
    (node,) = [n for n, d in graph.nodes(data=True) if d["label"] == label]
    return node


def box_rects(pos):
    out = {}
    for node, box in pos.boxes.items():
        x, y = pos[node]
        out[node] = (x - box.width / 2, y - box.height / 2, x + box.width / 2, y + box.height / 2)
    return out


def overlapping(a, b):
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def assert_clean(g, pos):
    """Edges run left to right from box to box; no boxes overlap; no edge runs through a box."""
    rects = box_rects(pos)
    for a, b in combinations(rects.values(), 2):
        assert not overlapping(a, b), (a, b)
    for (u, v), route in pos.routes.items():
        xs = [p[0] for p in route]
        assert xs == sorted(xs), (u, v, route)
        for p, q in pairwise(route):
            if p[1] == q[1]:  # straight runs: never through another box
                for node, r in rects.items():
                    inside = (
                        r[1] + 0.5 < p[1] < r[3] - 0.5 and p[0] < r[2] - 0.5 and r[0] + 0.5 < q[0]
                    )
                    assert not inside, (u, v, node)


def test_every_edge_points_right_inputs_left_output_right():
    g = readme_graph()
    pos = layout(g)
    assert set(pos) == set(g.nodes)
    assert_clean(g, pos)
    for u, v, data in g.edges(data=True):
        if data["kind"] == "output":  # an op is drawn in its result's box
            assert pos[u] == pos[v]
        else:
            assert pos[u][0] < pos[v][0], (u, v)
    xs = {g.nodes[n]["label"]: p[0] for n, p in pos.items()}
    assert xs["x"] == min(xs.values())
    assert xs["z"] == max(xs.values())
    # each input, and each box, sits in the column just before the first box that uses it
    columns = sorted({x for x, _ in pos.values()})
    for node in pos.boxes:
        users = [pos[v][0] for v in g.successors(node) if pos[v] != pos[node]]
        if users:
            assert columns.index(min(users)) == columns.index(pos[node][0]) + 1, node


def test_many_side_computations_of_one_box_come_in_blocks_along_the_page():
    """torch.stack of 30 side computations: all 30 stood in the one column before the stack,
    1,546 px high with 210 crossings. They now come in blocks of at most 8, each in its own
    columns, one after another along the page."""
    w = torch.tensor(0.5, requires_grad=True)
    out = torch.stack([(w * k).sin() for k in range(30)]).sum()
    g = build_graph(out, names={"w": w, "out": out})
    pos = layout(g)
    assert_clean(g, pos)
    per_column = Counter(pos[n][0] for n in pos.boxes if g.nodes[n]["label"].startswith("sin"))
    assert len(per_column) == 4 and max(per_column.values()) <= 8
    _, y0, _, y1 = pos.bounds()
    assert y1 - y0 < 1_100
    assert count_crossings(g, pos) <= 60


def test_boxes_are_sized_to_their_words():
    g = readme_graph()
    pos = layout(g)
    z = label_of(g, "z")
    long = label_of(g, "x**2 * y")
    assert pos.boxes[long].width > pos.boxes[z].width  # "x**2 * y MulBackward0" is wider
    assert pos.records[z].name == "z" and pos.records[z].kind_word == "AddBackward0"


def test_a_constant_sits_just_before_the_op_that_uses_it():
    x = torch.tensor(2.0, requires_grad=True)
    out = ((x.exp() + 1).sin() * 2).tanh()
    g = build_graph(out, names={"x": x, "out": out})
    pos = layout(g)
    columns = sorted({p[0] for n, p in pos.items() if n in pos.boxes})
    for constant in ("1", "2"):
        node = label_of(g, constant)
        (consumer,) = g.successors(node)
        assert columns.index(pos[node][0]) == columns.index(pos[consumer][0]) - 1


def test_a_chain_is_drawn_straight():
    x = torch.tensor(0.5, requires_grad=True)
    out = x.exp().sin().tanh()
    g = build_graph(out, names={"x": x, "out": out})
    assert {y for _, y in layout(g).values()} == {0.0}


def test_boxes_in_one_column_keep_clear_of_each_other():
    g = two_outputs_graph()
    assert_clean(g, layout(g))


def test_layout_is_deterministic_across_runs():
    assert layout(readme_graph()) == layout(readme_graph())
    g = two_outputs_graph()
    assert layout(g) == layout(g)


def test_crossing_reduction_untangles_a_crafted_crossing():
    # Sources s0..s3 and targets t0..t3 with s_i -> t_(3-i), met in order: every pair crosses.
    g = nx.DiGraph()
    for i in range(4):
        g.add_node(f"s{i}", kind="leaf")
    for i in range(4):
        g.add_node(f"t{i}", kind="op")
    g.add_edges_from((f"s{i}", f"t{3 - i}") for i in range(4))
    assert count_crossings(g, layout(g, sweeps=0)) == 6
    assert count_crossings(g, layout(g)) == 0


def test_crossing_reduction_helps_a_real_graph():
    g = two_outputs_graph()
    before, after = count_crossings(g, layout(g, sweeps=0)), count_crossings(g, layout(g))
    assert after <= before / 2


def test_crossing_counter_counts_only_real_crossings():
    g = nx.DiGraph([("a", "b"), ("c", "d"), ("a", "d")])
    assert count_crossings(g, {"a": (0, 0), "b": (1, 1), "c": (0, 1), "d": (1, 0)}) == 1
    assert count_crossings(g, {"a": (0, 0), "b": (1, 0), "c": (0, 1), "d": (1, 1)}) == 0


def test_empty_and_single_node_graphs():
    assert layout(nx.DiGraph()) == {}
    x = torch.tensor(1.0, requires_grad=True)
    pos = layout(build_graph(x))
    (node,) = pos
    assert pos[node] == (round(pos.boxes[node].width / 2, 2), 0.0)


def test_a_five_thousand_node_graph_is_laid_out_validly():
    h = torch.tensor([0.5, -0.25], requires_grad=True)
    for i in range(625):
        w = torch.tensor([1.0, 0.5], requires_grad=True)
        h = (h * w + 0.01 * i).tanh()
    g = build_graph(h.sum())
    assert g.number_of_nodes() > 4000
    pos = layout(g)
    assert all(pos[u][0] <= pos[v][0] for u, v in g.edges)


@st.composite
def dags(draw):
    """A random DAG: node i may only feed nodes after it (so it has no cycles)."""
    n = draw(st.integers(1, 30))
    g = nx.DiGraph()
    for i in range(n):
        g.add_node(f"n{i}", kind=draw(st.sampled_from(["leaf", "op", "result", "constant"])))
    for v in range(1, n):
        for u in draw(st.lists(st.integers(0, v - 1), max_size=3, unique=True)):
            g.add_edge(f"n{u}", f"n{v}")
    return g


@settings(max_examples=60, deadline=None)
@given(dags())
def test_any_dag_is_laid_out_left_to_right_without_overlaps(g):
    pos = layout(g)
    assert set(pos) == set(g.nodes)
    for u, v in g.edges:
        assert pos[u][0] < pos[v][0]
    assert_clean(g, pos)
    assert layout(g) == pos and layout(g).routes == pos.routes

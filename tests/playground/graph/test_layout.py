"""layout: inputs on the left, output on the right, few crossings, same picture every time."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

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


def test_every_edge_points_right_inputs_left_output_right():
    g = readme_graph()
    pos = layout(g)
    assert set(pos) == set(g.nodes)
    for u, v in g.edges:
        assert pos[u][0] < pos[v][0], (u, v)
    xs = {g.nodes[n]["label"]: p[0] for n, p in pos.items()}
    assert xs["x"] == xs["y"] == 0.0
    assert xs["z"] == max(xs.values())


def test_a_constant_sits_just_before_the_op_that_uses_it():
    x = torch.tensor(2.0, requires_grad=True)
    out = ((x.exp() + 1).sin() * 2).tanh()
    g = build_graph(out, names={"x": x, "out": out})
    pos = layout(g)
    for constant in ("1", "2"):
        node = label_of(g, constant)
        (consumer,) = g.successors(node)
        assert pos[node][0] == pos[consumer][0] - 1


def test_a_chain_is_drawn_straight():
    x = torch.tensor(0.5, requires_grad=True)
    out = x.exp().sin().tanh()
    g = build_graph(out, names={"x": x, "out": out})
    assert {y for _, y in layout(g).values()} == {0.0}


def test_nodes_in_one_column_keep_a_unit_apart():
    g = two_outputs_graph()
    columns = defaultdict(list)
    for x, y in layout(g).values():
        columns[x].append(y)
    for ys in columns.values():
        ys.sort()
        assert all(b - a >= 1 - 1e-9 for a, b in pairwise(ys))


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
    assert list(layout(build_graph(x)).values()) == [(0.0, 0.0)]


def test_a_five_thousand_node_graph_is_laid_out_validly():
    h = torch.tensor([0.5, -0.25], requires_grad=True)
    for i in range(625):
        w = torch.tensor([1.0, 0.5], requires_grad=True)
        h = (h * w + 0.01 * i).tanh()
    g = build_graph(h.sum())
    assert g.number_of_nodes() > 4000
    pos = layout(g)
    assert all(pos[u][0] < pos[v][0] for u, v in g.edges)


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
        xs = [pos[u][0], *(x for x, _ in pos.routes.get((u, v), ())), pos[v][0]]
        assert xs == sorted(set(xs)) and xs == [xs[0] + k for k in range(len(xs))]
    columns = defaultdict(list)
    for x, y in pos.values():
        columns[x].append(y)
    for ys in columns.values():
        ys.sort()
        # Heights are rounded to 1e-6 (layout._snap), so a unit gap may read 0.999999.
        assert all(b - a >= 1 - 2e-6 for a, b in pairwise(ys))
    assert layout(g) == pos and layout(g).routes == pos.routes

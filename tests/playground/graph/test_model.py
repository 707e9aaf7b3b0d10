"""build_graph and trace_steps: the graph a learner sees, and backward replayed on it."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd_core as torch
from autograd_core import tracing as trace
from autograd_core.playground.graph import build_graph, trace_steps


def x2y_plus_y3():
    """The README's example: z = x²y + y³ at x = 2, y = 3 (z = 39, dz/dx = 12, dz/dy = 31)."""
    x = torch.tensor(2.0, requires_grad=True)
    y = torch.tensor(3.0, requires_grad=True)
    z = x**2 * y + y**3
    return x, y, z


def by_label(graph, label):
    (node,) = [n for n, d in graph.nodes(data=True) if d["label"] == label]
    return node


def ops(graph):
    return sorted(d["pytorch_name"] for _, d in graph.nodes(data=True) if d["kind"] == "op")


def value(graph, node):
    return graph.nodes[node]["value"].item()


# --- the graph of z = x²y + y³ ------------------------------------------------------------------


def test_leaves_results_and_ops_of_the_readme_example():
    x, y, z = x2y_plus_y3()
    z.backward()
    g = build_graph(z, names={"x": x, "y": y, "z": z})

    gx, gy, gz = by_label(g, "x"), by_label(g, "y"), by_label(g, "z")
    assert g.nodes[gx]["kind"] == g.nodes[gy]["kind"] == "leaf"
    assert g.nodes[gx]["pytorch_name"] == g.nodes[gy]["pytorch_name"] == "AccumulateGrad"
    assert g.nodes[gx]["grad"].item() == 12.0 and g.nodes[gy]["grad"].item() == 31.0
    assert g.nodes[gz]["kind"] == "result" and value(g, gz) == 39.0
    assert g.nodes[gz]["grad_fn"] == "AddBackward0"
    assert ops(g) == ["AddBackward0", "MulBackward0", "PowBackward0", "PowBackward0"]
    assert g.graph["roots"] == [gz]


def test_edges_follow_the_forward_data_flow_with_input_indices():
    x, y, z = x2y_plus_y3()
    g = build_graph(z, names={"x": x, "y": y, "z": z})
    square, cube = by_label(g, "^2"), by_label(g, "^3")
    mul, add = by_label(g, "×"), by_label(g, "+")
    x2, x2y, y3 = by_label(g, "x**2"), by_label(g, "x**2 * y"), by_label(g, "y**3")

    def edge(u, v):
        return g.edges[u, v]["kind"], g.edges[u, v]["input_index"]

    assert edge(by_label(g, "x"), square) == ("input", 0)
    assert edge(square, x2) == ("output", None)
    assert edge(x2, mul) == ("input", 0)
    assert edge(by_label(g, "y"), mul) == ("input", 1)
    assert edge(mul, x2y) == ("output", None)
    assert edge(by_label(g, "y"), cube) == ("input", 0)
    assert edge(x2y, add) == ("input", 0)
    assert edge(y3, add) == ("input", 1)
    assert edge(add, by_label(g, "z")) == ("output", None)
    assert g.number_of_edges() == 10
    assert g.nodes[mul]["inputs"] == (x2, by_label(g, "y"))


def test_intermediate_values_are_shown_even_when_nothing_kept_them():
    x, y, z = x2y_plus_y3()
    z.backward()  # frees the saved tensors: x**2 and x**2 * y no longer exist
    g = build_graph(z, names={"x": x, "y": y, "z": z})
    assert value(g, by_label(g, "x**2")) == 4.0
    assert value(g, by_label(g, "x**2 * y")) == 12.0
    assert value(g, by_label(g, "y**3")) == 27.0
    assert g.nodes[by_label(g, "x**2")]["value_source"] == "recomputed"
    assert g.nodes[by_label(g, "z")]["value_source"] == "tensor"
    assert value(g, by_label(g, "×")) == 12.0  # an op node carries its result's value too


def test_op_nodes_carry_the_registry_maths():
    *_, z = x2y_plus_y3()
    g = build_graph(z)
    mul = g.nodes[by_label(g, "×")]
    assert (mul["symbol"], mul["primitive"], mul["math"]) == ("×", "mul", r"a \cdot b")
    assert mul["derivatives"] == {"a": "b", "b": "a"}
    square = g.nodes[by_label(g, "^2")]
    assert square["params"] == {"exponent": "2"} and square["derivatives"] == {"a": "n a^{n-1}"}


def test_saved_values_before_and_after_backward():
    x, y, z = x2y_plus_y3()
    g = build_graph(z, names={"x": x, "y": y, "z": z})
    saved = {s["name"]: s for s in g.nodes[by_label(g, "×")]["saved"]}
    assert saved["self"]["summary"] == "4" and saved["self"]["node"] == by_label(g, "x**2")
    assert saved["other"]["summary"] == "3" and saved["other"]["node"] == by_label(g, "y")
    assert g.nodes[by_label(g, "+")]["saved"] == [
        {"name": "alpha", "summary": "1", "node": None, "freed": False}
    ]

    z.backward()
    g = build_graph(z, names={"x": x, "y": y, "z": z})
    mul = g.nodes[by_label(g, "×")]
    assert mul["saved_freed"] is True
    assert {s["name"]: s["summary"] for s in mul["saved"]} == {
        "self": "freed after backward",
        "other": "freed after backward",
    }
    square = g.nodes[by_label(g, "^2")]
    assert {s["name"]: s["summary"] for s in square["saved"]} == {
        "self": "freed after backward",
        "exponent": "2",  # parameters stay: PyTorch's _saved_exponent still answers
    }


def test_node_ids_are_the_same_when_the_same_code_runs_again():
    def run():
        x, y, z = x2y_plus_y3()
        g = build_graph(z, names={"x": x, "y": y, "z": z})
        return (
            [(n, d["kind"], d["label"]) for n, d in g.nodes(data=True)],
            sorted(g.edges),
        )

    first, second = run(), run()
    assert first == second
    assert [n for n, _, _ in first[0]][:3] == ["result0", "op1", "result2"]


def test_graph_maps_engine_objects_to_node_ids():
    x, y, z = x2y_plus_y3()
    g = build_graph(z, names={"x": x, "y": y, "z": z})
    assert g.graph["engine_nodes"][z.grad_fn] == by_label(g, "+")
    assert g.graph["results"][z.grad_fn] == by_label(g, "z")
    assert g.graph["engine_nodes"][x._accumulator()] == by_label(g, "x")
    assert g.graph["tensors"][id(y)] == by_label(g, "y")


# --- constants, detach, no_grad ---------------------------------------------------------------


def test_python_numbers_are_constant_nodes_but_exponents_are_op_parameters():
    x = torch.tensor(2.0, requires_grad=True)
    out = (x * 2) ** 3
    g = build_graph(out, names={"x": x, "out": out})
    (const,) = [n for n, d in g.nodes(data=True) if d["kind"] == "constant"]
    data = g.nodes[const]
    assert data["label"] == "2" and data["value"].item() == 2 and data["dtype"] == "int"
    assert not data["requires_grad"]
    mul = by_label(g, "×")
    assert g.edges[const, mul]["input_index"] == 1
    assert g.edges[by_label(g, "x"), mul]["input_index"] == 0
    assert g.nodes[by_label(g, "^3")]["params"] == {"exponent": "3"}
    assert value(g, by_label(g, "out")) == 64.0


def test_constant_tensors_are_one_node_however_often_used():
    x = torch.tensor(2.0, requires_grad=True)
    c = torch.tensor(5.0)
    out = x * c + c
    g = build_graph(out, names={"x": x, "c": c, "out": out})
    node = by_label(g, "c")
    assert g.nodes[node]["kind"] == "constant" and value(g, node) == 5.0
    assert g.nodes[node]["is_leaf"] is True and g.nodes[node]["requires_grad"] is False
    assert sorted(g.nodes[v]["label"] for v in g.successors(node)) == ["+", "×"]


def test_the_same_tensor_twice_is_one_edge_with_both_indices():
    x = torch.tensor(3.0, requires_grad=True)
    g = build_graph(x * x, names={"x": x})
    edge = g.edges[by_label(g, "x"), by_label(g, "×")]
    assert edge["input_indices"] == (0, 1)


def test_detach_is_a_constant_cut_from_the_node_it_came_from():
    x = torch.tensor(2.0, requires_grad=True)
    a = x * 2
    d = a.detach()
    out = d * x
    out.backward()
    g = build_graph(out, names={"x": x, "a": a, "d": d, "out": out})
    cd, ca = by_label(g, "d"), by_label(g, "a")
    assert g.nodes[cd]["kind"] == "constant" and g.nodes[cd]["origin"] == "detach"
    assert value(g, cd) == 4.0
    cut = g.edges[ca, cd]
    assert cut["cut"] is True and cut["kind"] == "cut" and cut["label"] == "detach()"
    # the computation d was cut from is drawn, though backward never reaches it
    assert g.nodes[ca]["kind"] == "result" and value(g, ca) == 4.0
    assert all(not e["cut"] for _, _, e in g.edges(data=True) if e is not cut)
    assert g.nodes[by_label(g, "x")]["grad"].item() == 4.0  # only through d * x's x


def test_detach_of_a_leaf_is_cut_from_the_leaf():
    x = torch.tensor(2.0, requires_grad=True)
    d = x.detach()
    g = build_graph(d * x, names={"x": x, "d": d})
    assert g.edges[by_label(g, "x"), by_label(g, "d")]["cut"] is True


def test_a_value_computed_from_a_detach_copy_stays_cut_from_where_it_came_from():
    # the tutorials' baseline: `b = y.detach().mean()`; the detach() copy itself is never named
    x = torch.tensor([1.0, 2.0, 6.0], requires_grad=True)
    y = x * 2
    b = y.detach().mean()
    c = (b - 1.0) * 0.5  # and what is computed from that value in turn
    loss = (y - b).sum() + c
    loss.backward()
    g = build_graph(loss, names={"x": x, "y": y, "b": b, "c": c, "loss": loss})
    for name, op, number in (("b", "mean", 6.0), ("c", "mul", 2.5)):
        data = g.nodes[by_label(g, name)]
        assert data["kind"] == "constant" and data["origin"] == "from_detach"
        assert data["origin_op"] == op and value(g, by_label(g, name)) == number
        assert "detach()" in data["note"]
    for name in ("b", "c"):  # each is drawn cut from y, the value whose copy it came from
        edge = g.edges[by_label(g, "y"), by_label(g, name)]
        assert edge["cut"] and edge["label"] == "detach()"
    assert list(g.predecessors(by_label(g, "b"))) == [by_label(g, "y")]
    np.testing.assert_array_equal(g.nodes[by_label(g, "x")]["grad"], [2.0, 2.0, 2.0])


def test_a_value_converted_from_one_that_requires_grad_is_not_called_a_detach():
    x = torch.tensor([1.5, 2.5], requires_grad=True)
    n = x.long() * 2  # no grad_fn in PyTorch either, but nothing was detach()ed
    g = build_graph(n * x, names={"x": x, "n": n})
    assert g.nodes[by_label(g, "n")]["origin"] is None
    assert not any(e["cut"] for _, _, e in g.edges(data=True))


def test_no_grad_result_is_a_constant_that_says_where_it_came_from():
    x = torch.tensor(2.0, requires_grad=True)
    with torch.no_grad():
        q = x * 3
    g = build_graph(q * x, names={"x": x, "q": q})
    node = by_label(g, "q")
    data = g.nodes[node]
    assert data["kind"] == "constant" and data["origin"] == "no_grad"
    assert data["origin_op"] == "mul" and value(g, node) == 6.0
    assert "no_grad" in data["note"]
    # the cut is drawn: a dashed edge from x, the value no_grad() stopped tracking
    (source,) = g.predecessors(node)
    assert g.nodes[source]["label"] == "x"
    assert g.edges[source, node]["cut"] and g.edges[source, node]["label"] == "no_grad()"


def test_a_tensor_without_grad_alone_is_one_constant():
    c = torch.ones(2, 3)
    g = build_graph(c, names={"c": c})
    assert [(d["kind"], d["label"], d["shape"]) for _, d in g.nodes(data=True)] == [
        ("constant", "c", (2, 3))
    ]


def test_where_condition_is_a_parameter_edge():
    x = torch.tensor([1.0, -2.0], requires_grad=True)
    out = torch.where(x > 0, x, x * 0.5)
    g = build_graph(out, names={"x": x, "out": out})
    (param,) = [(u, v, e) for u, v, e in g.edges(data=True) if e["kind"] == "param"]
    assert param[2]["param"] == "condition"
    assert g.nodes[param[0]]["value"].tolist() == [True, False]
    assert g.nodes[by_label(g, "out")]["value"].tolist() == [1.0, -1.0]


def test_cat_inputs_are_numbered():
    a = torch.tensor([1.0], requires_grad=True)
    b = torch.tensor([2.0, 3.0], requires_grad=True)
    out = torch.cat([a, b])
    g = build_graph(out, names={"a": a, "b": b, "out": out})
    cat = by_label(g, "cat")
    assert g.edges[by_label(g, "a"), cat]["input_index"] == 0
    assert g.edges[by_label(g, "b"), cat]["input_index"] == 1
    assert g.nodes[by_label(g, "out")]["value"].tolist() == [1.0, 2.0, 3.0]


def test_in_place_update_shows_both_values():
    x = torch.tensor(2.0, requires_grad=True)
    y = x * 2
    y += 1
    g = build_graph(y, names={"x": x, "y": y})
    assert value(g, by_label(g, "y")) == 5.0
    before = by_label(g, "x * 2")
    assert value(g, before) == 4.0 and "in place" in g.nodes[before]["note"]


def test_names_sites_and_expressions_label_results():
    x = torch.tensor(2.0, requires_grad=True)
    y = torch.tensor(3.0, requires_grad=True)
    z = -((x + y) ** 2) - (x - y) * 3
    g = build_graph(z, names={"x": x, "y": y, "n": 3, "z": z}, sites={id(z): (1, 0, 1, 25)})
    labels = {d["label"] for _, d in g.nodes(data=True) if d["kind"] == "result"}
    assert {"x + y", "(x + y)**2", "-(x + y)**2", "x - y", "(x - y) * 3", "z"} <= labels
    assert g.nodes[by_label(g, "z")]["site"] == (1, 0, 1, 25)
    assert g.nodes[by_label(g, "z")]["expr"] == "z"


def test_module_parameters_and_list_items_are_named_after_their_owner():
    torch.manual_seed(0)
    model = torch.nn.Linear(2, 1)
    inputs = [torch.tensor([[1.0, 2.0]])]
    out = model(inputs[0])
    g = build_graph(out, names={"model": model, "inputs": inputs, "out": out})
    labels = {d["label"]: d["kind"] for _, d in g.nodes(data=True)}
    assert labels["model.weight"] == labels["model.bias"] == "leaf"
    assert labels["inputs[0]"] == "constant" and labels["out"] == "result"


def test_unnamed_tensors_are_labelled_by_their_numbers():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    g = build_graph(x * 2)
    assert {d["label"] for _, d in g.nodes(data=True)} >= {
        "tensor([1, 2])",
        "2",
        "tensor([1, 2]) * 2",
    }


# --- gradients of intermediate nodes ------------------------------------------------------------


def test_retained_grad_is_shown_on_its_result():
    x = torch.tensor(2.0, requires_grad=True)
    y = x * 3
    y.retain_grad()
    z = y**2
    z.backward()
    g = build_graph(z, names={"x": x, "y": y, "z": z})
    node = g.nodes[by_label(g, "y")]
    assert node["retains_grad"] is True and node["grad"].item() == 12.0
    assert g.nodes[by_label(g, "z")]["grad"] is None  # not retained, no trace: unknown
    assert g.nodes[by_label(g, "x")]["grad"].item() == 36.0


def test_a_trace_gives_every_op_and_edge_its_gradient():
    x, y, z = x2y_plus_y3()
    with trace.record_backward() as traces:
        z.backward()
    g = build_graph(z, names={"x": x, "y": y, "z": z}, trace=traces[0])
    assert g.nodes[by_label(g, "z")]["grad"].item() == 1.0
    assert g.nodes[by_label(g, "x**2")]["grad"].item() == 3.0
    assert g.nodes[by_label(g, "^2")]["grad"].item() == 3.0
    assert g.nodes[by_label(g, "x**2 * y")]["grad"].item() == 1.0
    edges = {
        (g.nodes[u]["label"], g.nodes[v]["label"]): e["grad"].item()
        for u, v, e in g.edges(data=True)
        if e["grad"] is not None
    }
    assert edges == {
        ("x**2 * y", "+"): 1.0,
        ("y**3", "+"): 1.0,
        ("x**2", "×"): 3.0,
        ("y", "×"): 4.0,
        ("y", "^3"): 27.0,
        ("x", "^2"): 12.0,
    }
    assert g.nodes[by_label(g, "y")]["trace_grad"].item() == 31.0


# --- replaying backward -------------------------------------------------------------------------


def replay(steps, graph):
    """Redo every accumulation from the steps alone: {leaf node: final .grad}."""
    grads = {}
    for step in steps:
        if step.kind != "accumulate":
            continue
        if step.node in grads:  # later accumulations start where the previous one ended
            np.testing.assert_allclose(step.before, grads[step.node])
        before = grads.get(step.node, step.before)  # first: the .grad from an earlier backward
        grads[step.node] = step.upstream if before is None else before + step.upstream
        np.testing.assert_allclose(grads[step.node], step.after)
    return grads


def recorded(loss, **backward):
    with trace.record_backward() as traces:
        loss.backward(**backward)
    return traces[0]


def cases():
    x, y, z = x2y_plus_y3()
    yield "x²y + y³", z, {"x": x, "y": y}
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = torch.tensor([[2.0], [-1.0]], requires_grad=True)
    yield "broadcast and mean", (a * b).mean(), {"a": a, "b": b}
    w = torch.tensor([[0.5, -1.0], [2.0, 1.5]], requires_grad=True)
    v = torch.tensor([1.0, 2.0], requires_grad=True)
    yield "matrix and tanh", ((w @ v).tanh() * v).sum(), {"w": w, "v": v}
    s = torch.tensor(0.7, requires_grad=True)
    yield "leaf used three times", s * s * s + s.exp(), {"s": s}


@pytest.mark.parametrize("case", list(cases()), ids=lambda c: c[0])
def test_replaying_the_accumulations_gives_the_engines_grads(case):
    _, loss, leaves = case
    t = recorded(loss)
    g = build_graph(loss, names=leaves)
    steps = trace_steps(g, t)
    final = replay(steps, g)
    assert {g.nodes[n]["label"] for n in final} == set(leaves)
    for name, leaf in leaves.items():
        np.testing.assert_allclose(final[by_label(g, name)], leaf._grad._data, rtol=1e-6)
    assert [s.index for s in steps] == list(range(len(steps)))


def test_replay_of_a_second_backward_starts_from_the_old_grad():
    x, y, z = x2y_plus_y3()
    z.backward(retain_graph=True)
    t = recorded(z)
    g = build_graph(z, names={"x": x, "y": y, "z": z})
    steps = trace_steps(g, t)
    accumulations = {g.nodes[s.node]["label"]: s for s in steps if s.kind == "accumulate"}
    assert accumulations["x"].text == "x.grad: 12 → 24 (added 12)"
    assert replay(steps, g)[by_label(g, "y")].item() == 62.0 == y.grad.item()


def test_steps_say_upstream_times_local_equals_contribution():
    x, y, z = x2y_plus_y3()
    t = recorded(z)
    g = build_graph(z, names={"x": x, "y": y, "z": z})
    steps = trace_steps(g, t)
    assert [(s.kind, g.nodes[s.node]["label"]) for s in steps] == [
        ("node", "+"),
        ("node", "^3"),
        ("node", "×"),
        ("accumulate", "y"),
        ("node", "^2"),
        ("accumulate", "x"),
    ]
    mul = steps[2]
    assert mul.upstream.item() == 1.0 and mul.result == by_label(g, "x**2 * y")
    sent = {g.nodes[c.target]["label"]: c for c in mul.contributions}
    assert sent["x**2"].text == "1 × 3 = 3" and sent["y"].text == "1 × 4 = 4"
    assert sent["x**2"].local_latex == "b" and sent["x**2"].value.item() == 3.0
    assert r"\times" in sent["y"].latex and sent["y"].latex.endswith("= 4")
    assert sent["y"].edge == (by_label(g, "y"), by_label(g, "×"))
    assert mul.edges == [c.edge for c in mul.contributions]
    assert steps[4].contributions[0].text == "3 × 4 = 12"
    assert steps[5].text == "x.grad: None → 12"


def test_mean_and_broadcast_sum_back_are_steps_of_their_own():
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = torch.tensor([[2.0], [-1.0]])
    m = (a * b).mean()
    g = build_graph(m, names={"a": a, "b": b, "m": m})
    steps = trace_steps(g, recorded(m))
    assert [s.kind for s in steps] == ["mean", "node", "node", "sum_to", "accumulate"]
    mean = steps[0]
    assert mean.n == 6 and mean.after.item() == pytest.approx(1 / 6)
    assert "N = 6" in mean.text and r"\frac{1}{6}" in mean.latex
    sum_to = steps[3]
    assert (sum_to.from_shape, sum_to.to_shape) == ((2, 3), (3,))
    assert sum_to.result == by_label(g, "a") and sum_to.node == by_label(g, "×")
    np.testing.assert_allclose(sum_to.after, [1 / 6] * 3, rtol=1e-6)
    (to_a,) = steps[2].contributions
    assert to_a.product.shape == (2, 3) and to_a.value.shape == (3,)
    assert "summed back to [3]" in to_a.text


def test_hooks_and_retain_grad_are_steps_on_the_tensor():
    x = torch.tensor(2.0, requires_grad=True)
    y = x * 3
    y.retain_grad()
    y.register_hook(lambda grad: grad * 10)
    z = y**2
    g = build_graph(z, names={"x": x, "y": y, "z": z})
    steps = trace_steps(g, recorded(z))
    kinds = {s.kind: s for s in steps}
    assert kinds["hook"].node == by_label(g, "y")
    assert kinds["hook"].upstream.item() == 12.0 and kinds["hook"].after.item() == 120.0
    assert kinds["retain_grad"].text == "y.grad: None → 120"
    assert x.grad.item() == 360.0 == replay(steps, g)[by_label(g, "x")].item()


def test_autograd_grad_capture_step():
    x = torch.tensor(2.0, requires_grad=True)
    y = x**3
    with trace.record_backward() as traces:
        (dx,) = torch.autograd.grad(y, x)
    g = build_graph(y, names={"x": x, "y": y}, trace=traces[0])
    (capture,) = [s for s in trace_steps(g, traces[0]) if s.kind == "capture"]
    assert capture.node == by_label(g, "x") and capture.upstream.item() == 12.0 == dx.item()
    assert g.nodes[by_label(g, "x")]["grad"] is None  # autograd.grad leaves .grad alone
    assert g.nodes[by_label(g, "x")]["trace_grad"].item() == 12.0


def test_a_trace_from_another_graph_is_refused():
    x, _, z = x2y_plus_y3()
    other = x * 5
    t = recorded(other)
    with pytest.raises(ValueError, match="not in this graph"):
        trace_steps(build_graph(z), t)


# --- higher order -------------------------------------------------------------------------------


def test_the_graph_of_a_gradient_is_drawable_and_replayable():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (grad1,) = torch.autograd.grad((x**3).sum(), x, create_graph=True)
    g = build_graph(grad1, names={"x": x, "grad1": grad1})
    np.testing.assert_allclose(g.nodes[by_label(g, "grad1")]["value"], [3.0, 12.0])  # 3x²
    assert g.nodes[by_label(g, "x")]["kind"] == "leaf"
    assert {"MulBackward0", "PowBackward0"} <= set(ops(g))
    # the incoming gradient (ones) that backward started from is a constant of this graph
    assert any(d["kind"] == "constant" for _, d in g.nodes(data=True))

    loss = grad1.sum()
    t = recorded(loss)
    g2 = build_graph(loss, names={"x": x, "grad1": grad1}, trace=t)
    steps = trace_steps(g2, t)
    np.testing.assert_allclose(replay(steps, g2)[by_label(g2, "x")], [6.0, 12.0])  # 6x
    np.testing.assert_allclose(x.grad._data, [6.0, 12.0])


def test_build_graph_accepts_several_outputs_and_lists():
    x = torch.tensor(2.0, requires_grad=True)
    a, b = x * 2, x + 1
    g = build_graph([a, b], names={"x": x, "a": a, "b": b})
    assert [g.nodes[n]["label"] for n in g.graph["roots"]] == ["a", "b"]
    assert len([n for n, d in g.nodes(data=True) if d["kind"] == "leaf"]) == 1
    with pytest.raises(TypeError, match="expects tensors"):
        build_graph(3)


def test_graph_package_needs_neither_plotly_nor_streamlit():
    code = (
        "import sys; sys.modules['plotly'] = None; sys.modules['streamlit'] = None\n"
        "import autograd_core as torch\n"
        "from autograd_core.playground.graph import build_graph, layout, trace_steps\n"
        "x = torch.tensor(2.0, requires_grad=True)\n"
        "print(len(layout(build_graph(x * 3))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "4"


# --- any program: the replay adds up to .grad ----------------------------------------------------

_UNARY = ["exp", "tanh", "sin", "sigmoid"]
_BINARY = ["add", "sub", "mul"]


@st.composite
def programs(draw):
    """A random straight-line program over three leaves: a list of (op, operand indices)."""
    steps = []
    for k in range(draw(st.integers(1, 8))):
        pool = 3 + k
        if draw(st.booleans()):
            steps.append((draw(st.sampled_from(_UNARY)), (draw(st.integers(0, pool - 1)),)))
        else:
            a, b = draw(st.integers(0, pool - 1)), draw(st.integers(0, pool - 1))
            steps.append((draw(st.sampled_from(_BINARY)), (a, b)))
    return steps


@settings(max_examples=40, deadline=None)
@given(programs(), st.booleans())
def test_any_program_replays_to_the_engines_grads(program, broadcast):
    shapes = [(2, 3), (3,), (1,)] if broadcast else [(), (), ()]
    leaves = [
        torch.tensor(np.linspace(0.1, 0.6, int(np.prod(s))).reshape(s), requires_grad=True)
        for s in shapes
    ]
    values = list(leaves)
    for op, args in program:
        if op in _UNARY:
            values.append(getattr(values[args[0]], op)())
        else:
            values.append(getattr(torch, op)(values[args[0]], values[args[1]]))
    loss = values[-1].sum()
    with trace.record_backward() as traces:
        loss.backward()
    names = {f"v{i}": v for i, v in enumerate(values)}
    g = build_graph(loss, names=names, trace=traces[0])
    final = replay(trace_steps(g, traces[0]), g)
    for leaf in leaves:
        node = g.graph["tensors"].get(id(leaf))
        if leaf._grad is None:
            assert node is None or node not in final
        else:
            np.testing.assert_allclose(final[node], leaf._grad._data, rtol=1e-5)
            np.testing.assert_allclose(g.nodes[node]["grad"], leaf._grad._data)
    results = g.graph["results"]
    assert values[-1].grad_fn in results
    for v in values[3:]:  # every value the loss used is shown, recomputed or not
        if v.grad_fn in results:
            np.testing.assert_allclose(g.nodes[results[v.grad_fn]]["value"], v._data, rtol=1e-6)


def test_results_of_results_under_no_grad_are_cut_from_the_tracked_input():
    x = torch.tensor(2.0, requires_grad=True)
    with torch.no_grad():
        z = x**2 + 1
    g = build_graph(z, names={"x": x, "z": z})
    node = by_label(g, "z")
    assert g.nodes[node]["origin"] == "no_grad"
    (source,) = g.predecessors(node)
    assert g.nodes[source]["label"] == "x" and g.edges[source, node]["cut"]


# --- custom autograd.Function nodes ----------------------------------------------------------


class MyExp(torch.autograd.Function):
    """The tutorials' custom exp: forward saves its result, backward multiplies by it."""

    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return grad_output * y


def test_a_custom_function_is_drawn_as_one_op_with_the_learners_saved_tensors():
    x = torch.tensor([0.0, 1.0], requires_grad=True)
    c = torch.tensor([3.0, 4.0])
    y = MyExp.apply(x * 2)
    z = (y * c).sum()
    g = build_graph(z, names={"x": x, "z": z, "c": c})
    (op,) = [d for _, d in g.nodes(data=True) if d.get("pytorch_name") == "MyExpBackward"]
    assert op["primitive"] == "custom" and op["symbol"] == "MyExp"
    (saved,) = op["saved"]
    assert saved["name"] == "saved_tensors[0]" and not saved["freed"]
    assert "7.389" in saved["summary"]  # e**2, what forward saved
    # its result, written as the learner called it, with the value forward returned
    result = g.nodes[by_label(g, "MyExp.apply(x * 2)")]
    assert result["value"].tolist() == pytest.approx([1.0, 7.389056])


def test_backward_through_a_custom_function_replays_to_the_leafs_grad():
    x = torch.tensor([0.0, 1.0], requires_grad=True)
    z = (MyExp.apply(x * 2) * torch.tensor([3.0, 4.0])).sum()
    with trace.record_backward() as traces:
        z.backward()
    g = build_graph(z, names={"x": x, "z": z}, trace=traces[0])
    steps = trace_steps(g, traces[0])
    assert replay(steps, g)[by_label(g, "x")] == pytest.approx(x.grad.tolist())
    (step,) = [s for s in steps if s.kind == "node" and "MyExpBackward" in s.text]
    assert "[2] 3, 29.56 through your backward()" not in step.text  # sent, not received
    assert "to x * 2: [2] 3, 4 through your backward() = [2] 3, 29.56" in step.text
    (op,) = [d for _, d in g.nodes(data=True) if d.get("pytorch_name") == "MyExpBackward"]
    assert op["saved"][0]["freed"]  # backward released what ctx saved, as PyTorch does

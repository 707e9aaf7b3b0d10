"""The graph in words (graph/text.py): backward order, each node's row, one sentence per replay
step, and every derivative formula of the registry readable as plain text."""

from __future__ import annotations

import pytest

from autograd_core import ops
from autograd_core.playground.catalogue.examples import by_key
from autograd_core.playground.graph.text import (
    backward_order,
    node_rows,
    plain_formula,
    step_sentences,
)
from autograd_core.playground.graph_explorer.run import explore

FORMULAS = sorted({d.latex for p in ops.REGISTRY.values() for d in p.derivatives.values()})


def rows_of(code: str):
    exp = explore(code)
    return exp, {r.name: r for r in node_rows(exp.graph, exp.steps)}


def test_a_branching_graph_reads_from_the_output_back_to_each_leaf():
    exp, rows = rows_of(
        "import torch\na = torch.tensor(1.5, requires_grad=True)\nb = a.exp()\n"
        "c = a * b\nc.backward()\n"
    )
    order = [exp.graph.nodes[n]["label"] for n in backward_order(exp.graph, exp.steps)]
    # every node after each node its gradient comes from: c first, the leaf a last
    assert order[0] == "c" and order[-1] == "a"
    assert order.index("b") > order.index("×")
    assert rows["×"].sends_to == "4.482 to a, 1.5 to b"
    assert rows["a"].gradient == "11.2"  # e^a + a e^a = 4.4817 + 6.7225
    sentences = step_sentences(exp.graph, exp.steps)
    assert sentences[0] == (
        "MulBackward0 receives 1, multiplies by b = 4.482, sends 4.482 to a; "
        "multiplies by a = 1.5, sends 1.5 to b."
    )
    assert "ExpBackward0 receives 1.5, multiplies by e^a = 4.482, sends 6.723 to a." in sentences


def test_broadcasting_and_constants_are_spelled_out():
    exp, rows = rows_of(
        "import torch\nb = torch.tensor([1.0, 2.0], requires_grad=True)\n"
        "m = torch.ones(3, 2)\ny = (m * b).sum()\ny.backward()\n"
    )
    assert rows["b"].gradient == "[2] 3, 3"
    assert rows["m"].kind == "constant" and rows["m"].sends_to == "nowhere: no gradient"
    text = " ".join(step_sentences(exp.graph, exp.steps))
    assert "summed" in text, text


def test_hidden_gradients_stay_hidden():
    exp = explore(by_key("product-rule").code)
    rows = node_rows(exp.graph, exp.steps, show_grads=False)
    assert {r.gradient for r in rows} == {"hidden"}
    by_name = {r.name: r for r in rows}
    assert by_name["×"].sends_to == "x**2, y"  # where, but not what


def test_no_backward_no_steps_and_no_gradients():
    exp, rows = rows_of("import torch\nx = torch.tensor(2.0, requires_grad=True)\ny = x * 3\n")
    assert step_sentences(exp.graph, exp.steps) == []
    assert rows["y"].gradient == "—" and rows["y"].value == "6"


@pytest.mark.parametrize("latex", FORMULAS)
def test_every_registry_formula_reads_without_latex(latex):
    text = plain_formula(latex, {"a": "x", "b": "w", "c": "t"}, {"exponent": "2"})
    assert text and not any(ch in text for ch in "\\{}"), text


def test_formulas_take_the_inputs_names_and_the_ops_parameters():
    assert plain_formula("b", {"a": "x**2", "b": "y"}) == "y"
    assert plain_formula("a", {"a": "x**2 * y"}) == "x**2 * y"
    assert plain_formula(r"\frac{1}{b}", {"a": "x", "b": "y + 1"}) == "1/(y + 1)"
    assert plain_formula("n a^{n-1}", {"a": "x"}, {"exponent": "3"}) == "3 x^(3-1)"
    assert plain_formula(r"\cos a", {"a": "x**2"}) == "cos (x**2)"

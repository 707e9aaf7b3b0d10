"""The guided tour: the seed tutorials' ideas in order, each step opening a page already filled."""

from __future__ import annotations

import ast

import pytest

from autograd_core.playground.catalogue.examples import EXAMPLES, by_key
from autograd_core.playground.catalogue.tour import EXPLORER, TOUR
from autograd_core.playground.graph_explorer.run import explore
from autograd_core.playground.graph_explorer.state import decode_state
from tests.paths import ROOT


def declared_pages() -> set[str]:
    """The page scripts app.py declares with st.Page("pages/....py", ...)."""
    tree = ast.parse((ROOT / "app.py").read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", None) == "Page"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def test_the_steps_follow_the_tutorials_ideas_in_order():
    """The catalogue lists the tutorials' programs in the order the tutorials teach them; the
    tour walks through distinct ones in that same order, numbered from 1."""
    order = [e.key for e in EXAMPLES]
    positions = [order.index(step.example) for step in TOUR]
    assert positions == sorted(set(positions))
    assert [step.number for step in TOUR] == list(range(1, len(TOUR) + 1))
    assert all(step.title and step.idea and step.try_this for step in TOUR)


def test_every_link_goes_to_a_declared_page():
    pages = declared_pages()
    for step in TOUR:
        for link in step.links:
            assert link.page in pages, link
            assert (ROOT / link.page).is_file()


def test_explorer_links_open_the_tutorial_code_as_it_is():
    for step in TOUR:
        explorer = [link for link in step.links if link.page == EXPLORER]
        assert explorer, step.title  # every idea can be looked at as a graph
        state, problems = decode_state(explorer[-1].query_params)
        assert problems == []
        assert state.code == by_key(step.example).code or step.number == 5


def test_the_detach_step_opens_the_product_rule_with_x_squared_cut():
    (step,) = [s for s in TOUR if s.number == 5]
    state, _ = decode_state(step.links[0].query_params)
    exp = explore(state.code, state.overrides())
    grads = {d["label"]: d["grad"] for _, d in exp.graph.nodes(data=True) if d["kind"] == "leaf"}
    assert grads["x"] is None and float(grads["y"]) == 31.0
    assert "x**2 is detached" in step.try_this


@pytest.mark.parametrize(
    "module, catalogue, param",
    [
        ("autograd_core.playground.gradient_lab", "COMPUTATIONS", "computation"),
        ("autograd_core.playground.tensors_vjp", "EXAMPLES", "example"),
        ("autograd_core.playground.higher_order", "EXAMPLES", "example"),
        ("autograd_core.playground.gradient_descent", "PRESETS", "function"),
    ],
)
def test_links_to_other_pages_name_something_those_pages_have(module, catalogue, param):
    """A page that pre-fills from its query parameter finds the tour's value in its catalogue."""
    pages = {
        "autograd_core.playground.gradient_lab": "pages/gradient_lab.py",
        "autograd_core.playground.tensors_vjp": "pages/tensors_vjp.py",
        "autograd_core.playground.higher_order": "pages/higher_order.py",
        "autograd_core.playground.gradient_descent": "pages/gradient_descent.py",
    }
    known = getattr(pytest.importorskip(module), catalogue)
    values = [
        link.query_params[param]
        for step in TOUR
        for link in step.links
        if link.page == pages[module]
    ]
    assert values and all(value in known for value in values)

"""The home page (app.py), run headless with AppTest: what autograd is, a picture of a graph, and
the guided tour whose links open each page already filled in."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from autograd_core.playground.catalogue.examples import by_key
from autograd_core.playground.catalogue.tour import TOUR
from autograd_core.playground.graph_explorer.state import decode_state

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="module")
def home() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    assert not app.exception, app.exception
    return app


def links(app: AppTest) -> list[tuple[str, str, dict[str, str]]]:
    """(label, page url path, query parameters) of every page link."""
    return [
        (
            link.value,
            link.proto.page,
            {k: v[-1] for k, v in parse_qs(link.proto.query_string).items()},
        )
        for link in app.get("page_link")
    ]


def test_home_explains_autograd_and_shows_a_graph(home):
    assert home.title[0].value == "Autograd Playground"
    words = " ".join(m.value for m in home.markdown)
    assert "Forward, it records" in words and "chain rule" in words and "Leaves collect" in words
    (chart,) = home.get("plotly_chart")
    data = json.loads(chart.proto.spec)["data"]
    text = json.dumps(data, ensure_ascii=False)
    assert "<b>z</b> <span" in text and "= 39" in text
    assert "grad 12" in text and "grad 31" in text


def test_the_tour_has_a_card_per_step_in_order(home):
    titles = [m.value for m in home.markdown if m.value.startswith("### ")]
    assert titles == [f"### {step.number} · {step.title}" for step in TOUR]


def test_every_tour_step_opens_its_page_pre_filled(home):
    found = links(home)
    for step in TOUR:
        for link in step.links:
            matching = [f for f in found if f[0] == link.label and f[2] == link.query_params]
            assert matching, (step.title, link.label)
    explorer = [f for f in found if f[1] == "graph_explorer"]
    assert len(explorer) >= len(TOUR)
    for _, _, params in explorer:
        state, problems = decode_state(params)
        assert not problems and state.code


def test_a_tour_link_opens_the_graph_explorer_with_the_tutorial_code(home):
    link = TOUR[1].links[0]  # the chain rule
    assert (link.label, "graph_explorer", link.query_params) in links(home)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params.update(link.query_params)
    app.switch_page("pages/graph_explorer.py").run()
    assert not app.exception
    assert app.text_area(key="ge_code").value == by_key("chain-rule-sin").code
    (chart,) = app.get("plotly_chart")
    assert "SinBackward0" in chart.proto.spec


def test_home_keys_are_prefixed(home):
    (chart,) = home.get("plotly_chart")
    assert "home_graph" in chart.proto.id

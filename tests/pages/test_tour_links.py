"""Every link of the home page's guided tour opens its page pre-filled.

The tour (playground.catalogue.tour) puts a value in the URL; the page must pick it up on the first
visit, and ignore a value it does not know instead of trusting it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from autograd_core.playground.catalogue.tour import TOUR

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# page file -> (query parameter, widget key it fills)
READS = {
    "pages/gradient_lab.py": ("computation", "lab_computation"),
    "pages/tensors_vjp.py": ("example", "vjp_example"),
    "pages/higher_order.py": ("example", "ho_example"),
    "pages/gradient_descent.py": ("function", "gd_function"),
}
LINKS = [
    pytest.param(link, id=f"{link.page}:{link.label}")
    for step in TOUR
    for link in step.links
    if str(link.page) in READS
]


def opened(page: str, params: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_tour_links_to_every_page_that_reads_the_url():
    assert {str(p.values[0].page) for p in LINKS} == set(READS)


@pytest.mark.parametrize("link", LINKS)
def test_a_tour_link_opens_its_page_pre_filled(link):
    param, key = READS[str(link.page)]
    at = opened(str(link.page), dict(link.query_params))
    assert at.session_state[key] == link.query_params[param]


@pytest.mark.parametrize("page", sorted(READS))
def test_an_unknown_value_in_the_url_is_ignored(page):
    param, key = READS[page]
    default = opened(page, {}).session_state[key]
    assert opened(page, {param: "<script>alert(1)</script>"}).session_state[key] == default

"""The graph's still picture (figures/still.py): what a first visit shows while plotly.js loads
must be the same graph as the chart that replaces it, drawn at the same place and size."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

import pytest

from autograd_core.playground.catalogue.examples import by_key
from autograd_core.playground.figures.graph_explorer import explorer_figure
from autograd_core.playground.figures.still import MAX_POINTS, SPAN, still_svg
from autograd_core.playground.graph_explorer.run import explore

SVG = "{http://www.w3.org/2000/svg}"
PROGRAMS = {
    "product rule": by_key("product-rule").code,
    "a model in a loop": by_key("module-subclass").code,
    "words that are markup": (
        "import torch\n"
        "x = torch.tensor([0.5, 2.0], requires_grad=True)\n"
        "y = torch.where(x < 1, x * 2, x)\n"
        "y.sum().backward()\n"
    ),
    "a long chain": (
        "import torch\n"
        "x = torch.tensor(0.5, requires_grad=True)\n"
        "y = x\n"
        "for _ in range(30):\n"
        "    y = torch.sin(y) * 1.5\n"
        "y.backward()\n"
    ),
}


def pictures(still: str) -> list[ET.Element]:
    """Every image in the still, decoded: the graph first, then the legend's symbols."""
    uris = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', still)
    images = [ET.fromstring(base64.b64decode(uri)) for uri in uris]  # well-formed XML, or raise
    return images[-1:] + images[:-1]  # (the legend's row comes first on the page)


def words(svg: ET.Element) -> list[str]:
    return ["".join(text.itertext()) for text in svg.iter(f"{SVG}text")]


def plain(html_text: str) -> str:
    """A figure's rich text as the words it shows."""
    return (
        re.sub(r"<[^>]+>", "", html_text)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PROGRAMS))
def test_the_still_draws_every_word_and_box_of_the_chart(name, theme):
    spec = explorer_figure(explore(PROGRAMS[name]), theme=theme).spec
    still = still_svg(spec)
    graph, *legend_symbols = pictures(still)
    shown = words(graph)
    traces = {t["name"]: t for t in spec["data"]}
    for trace_name in ("names", "values", "node gradients", "module names"):
        for text in (traces.get(trace_name) or {}).get("text") or []:
            assert plain(text) in shown, (trace_name, text)
    boxes = sum(
        sum(1 for y in t["y"] if y is None) for n, t in traces.items() if n.endswith(" boxes")
    )
    outlines = [
        p.get("d").count("Z")
        for p in graph.iter(f"{SVG}path")
        if p.get("fill") not in (None, "none") and "Z" in p.get("d")
    ]
    assert sum(outlines) >= boxes > 0  # every box drawn (and the markers' own shapes)
    colours = {p.get("stroke") for p in graph.iter(f"{SVG}path")}
    assert {traces["result boxes"]["line"]["color"]} <= colours
    # the legend as the chart shows it: one symbol per kind of box the graph has
    kinds = [t for t in spec["data"] if t.get("legendgroup") and t["x"]]
    assert len(legend_symbols) >= len(kinds)
    assert all(trace["name"] in still for trace in kinds)


def test_the_still_is_as_tall_as_the_chart_and_shows_the_same_stretch_of_a_long_graph():
    spec = explorer_figure(explore(PROGRAMS["a long chain"])).spec
    layout = spec["layout"]
    assert layout["xaxis"]["constraintoward"] == "right"  # a long graph opens on its end
    still = still_svg(spec)
    assert f"height:{layout['height']}px" in still
    graph = pictures(still)[0]
    left, _, width, height = map(float, graph.get("viewBox").split())
    assert left + width == pytest.approx(layout["xaxis"]["range"][1], abs=0.1)  # its right end
    assert graph.get("preserveAspectRatio") == "xMaxYMid slice"
    # one unit a pixel, as the chart: the picture is as tall as the plot's y range
    plot = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    assert height == pytest.approx(layout["yaxis"]["range"][1] - layout["yaxis"]["range"][0], 0.01)
    assert abs(plot - height) <= 1
    assert width == SPAN  # wider than any screen: the browser fits it by its height


def test_a_small_graph_is_centred_like_the_chart():
    code = "import torch\nx = torch.tensor(2.0, requires_grad=True)\n(x * x).backward()\n"
    spec = explorer_figure(explore(code)).spec
    assert spec["layout"]["xaxis"]["constraintoward"] == "center"
    graph = pictures(still_svg(spec))[0]
    left, _, width, _ = map(float, graph.get("viewBox").split())
    x0, x1 = spec["layout"]["xaxis"]["range"]
    assert left + width / 2 == pytest.approx((x0 + x1) / 2, abs=0.1)
    assert graph.get("preserveAspectRatio") == "xMidYMid slice"


def test_arrows_point_along_their_edge_and_words_keep_their_markup():
    spec = {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "x": [0, 10, None, 0, 0],
                "y": [0, 0, None, 0, 10],
                "marker": {"symbol": "arrow", "angleref": "previous", "size": [0, 10, 0, 0, 10]},
            },
            {
                "type": "scatter",
                "mode": "text",
                "x": [5],
                "y": [5],
                "text": ['<b>a &lt; b</b> <span style="color:#5f6370">LtBackward</span>'],
            },
        ],
        "layout": {"xaxis": {"range": [-20, 20]}, "yaxis": {"range": [-20, 20]}, "height": 60},
    }
    graph = pictures(still_svg(spec))[0]
    turns = [p.get("transform") for p in graph.iter(f"{SVG}path")]
    # (up the page is -y in SVG: the second arrow, pointing up, turns by -90 degrees)
    assert turns == ["translate(10.0,0.0) rotate(0.0)", "translate(0.0,-10.0) rotate(-90.0)"]
    (text,) = graph.iter(f"{SVG}text")
    bold, grey = text
    assert (bold.get("font-weight"), bold.text) == ("bold", "a < b")
    assert (grey.get("fill"), grey.text) == ("#5f6370", "LtBackward")


def test_nothing_to_draw_or_too_much_gives_no_still():
    layout = {"xaxis": {"range": [0, 1]}, "yaxis": {"range": [0, 1]}}
    assert still_svg({"data": [], "layout": layout}) is None
    dots = {"type": "scatter", "mode": "markers", "x": [0.5], "y": [0.5]}
    assert still_svg({"data": [dots], "layout": layout}) is not None
    many = dots | {"x": [0.5] * (MAX_POINTS + 1), "y": [0.5] * (MAX_POINTS + 1)}
    assert still_svg({"data": [many], "layout": layout}) is None
    assert still_svg({"data": [dots], "layout": {}}) is None  # no ranges: nothing to place

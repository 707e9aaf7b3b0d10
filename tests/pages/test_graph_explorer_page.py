"""The Graph Explorer page, run headless with AppTest: what a learner sees after each action,
read from the elements and from the plotly figure's own data."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from autograd_core.playground.catalogue.examples import EXAMPLES, by_key
from autograd_core.playground.graph.records import ICON
from autograd_core.playground.graph.text_size import LINE
from autograd_core.playground.graph_explorer.state import encode_state, example_state
from autograd_core.playground.sandbox import Overrides, Span, apply_overrides, run_snippet

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the page imports the ui package from the repository root
PAGE = str(ROOT / "pages" / "graph_explorer.py")
from ui.graph_explorer.layout import WAITING_TEXT  # noqa: E402

PRODUCT = by_key("product-rule").code
X_SQUARED = "5:4-5:8"


def page(query: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=60)
    app.query_params.update(query or {})
    app.run()
    assert not app.exception, app.exception
    return app


def via_navigation(query: dict[str, str] | None = None) -> AppTest:
    """The page as the app serves it: app.py's navigation, then this page."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params.update(query or {})
    app.switch_page("pages/graph_explorer.py").run()
    assert not app.exception, app.exception
    return app


def figure(app: AppTest) -> dict:
    (chart,) = app.get("plotly_chart")
    return json.loads(chart.proto.spec)


def figure_text(app: AppTest) -> str:
    """Every word drawn or hovered in the figure (its data: the finished picture), and each
    box's name with its value as one line (`<b>z</b> = 39`)."""
    data = figure(app)["data"]
    out = box_lines(data)
    for trace in data:
        for field in ("text", "hovertext"):
            value = trace.get(field)
            if isinstance(value, str):
                out.append(value)
            elif value:
                out.extend(str(v) for v in value)
    return "\n".join(out)


def box_lines(data: list[dict]) -> list[str]:
    """`<b>name</b> = value` for each box: its name and the value on the line under it."""
    by_name = {t.get("name"): t for t in data}
    names, values = by_name.get("names", {}), by_name.get("values", {})
    out = []
    for x, y, title in zip(names.get("x", ()), names.get("y", ()), names.get("text", ())):
        name = re.match(r"<b>(.*?)</b>", title).group(1)
        value = next(
            (
                v
                for vx, vy, v in zip(
                    values.get("x", ()), values.get("y", ()), values.get("text", ())
                )
                if abs(vx - (x - ICON / 2)) < 0.01 and abs(vy - (y - LINE)) < 0.01
            ),
            None,
        )
        out.append(f"<b>{name}</b> {value}" if value else title)
    return out


def box_titles(app: AppTest) -> list[str]:
    """Each box's first line, tags dropped: `y constant`, `d detach()`, `z AddBackward0`."""
    return [re.sub(r"<[^>]+>", "", t) for t in trace_text(app, "names")]


def trace_text(app: AppTest, name: str) -> list[str]:
    return [t for tr in figure(app)["data"] if tr.get("name") == name for t in tr.get("text", [])]


def run_code(app: AppTest, code: str) -> AppTest:
    app.text_area(key="ge_code").input(code)
    app.button(key="ge_run").click().run()
    assert not app.exception, app.exception
    return app


def printed(app: AppTest) -> list[str]:
    """The fixed-width boxes of literal text: what the code printed, a node's values, an
    error's line and message (ui.code_cell.printed)."""
    return [t.value for t in app.text]


def texts(app: AppTest) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption]
    parts += [c.value for c in app.code] + printed(app)
    parts += [e.value for kind in (app.error, app.warning, app.info) for e in kind]
    return "\n".join(parts)


# --- default render ----------------------------------------------------------------------------


def test_default_render_shows_the_seed_example_with_its_value_and_gradients():
    app = page()
    assert app.title[0].value == "Graph Explorer"
    assert app.text_area(key="ge_code").value == PRODUCT
    assert app.selectbox(key="ge_example").value == "product-rule"
    text = figure_text(app)
    assert "<b>z</b> = 39" in text
    assert "<b>grad 12</b>" in text and "<b>grad 31</b>" in text
    assert "MulBackward0" in text and "AccumulateGrad" in text
    assert printed(app)[0] == "tensor(39., grad_fn=<AddBackward0>)\ntensor(12.)\ntensor(31.)"
    assert app.query_params["code"] == [PRODUCT] or app.query_params["code"] == PRODUCT


def _graph_area_alone() -> None:
    import streamlit as st

    from ui.graph_explorer import layout

    layout.graph_area()
    st.button("Run again", key="again")


def test_a_sessions_first_run_says_where_the_graph_goes_and_later_runs_do_not():
    app = AppTest.from_function(_graph_area_alone, default_timeout=30)
    app.run()
    assert [c.value for c in app.caption] == [WAITING_TEXT]  # before any code runs
    assert not app.get("plotly_chart")  # words, not a chart: plotly.js waits for the graph
    app.button(key="again").click().run()
    assert not app.caption  # a rerun draws the graph there at once: no flash


def test_the_stand_in_gives_way_to_the_graph_on_a_shared_links_first_run():
    code = "import torch\nx = torch.tensor(3.0, requires_grad=True)\n(x * x).backward()\n"
    app = page({"code": code})
    assert "MulBackward0" in figure_text(app)  # figure(): the page holds exactly one chart
    assert WAITING_TEXT not in [c.value for c in app.caption]


def stills(app: AppTest) -> list[str]:
    """The still pictures of the graph on the page (HTML elements holding one)."""
    return [h.proto.body for h in app.get("html") if "chart-still" in h.proto.body]


def test_a_sessions_first_graph_comes_with_a_still_picture_and_later_runs_without():
    app = page({"code": PRODUCT})
    (still,) = stills(app)  # drawn by the browser at once, while plotly.js loads
    assert still.index("<style>") < still.index('class="chart-still"')  # the swap's own rules
    assert f"height:{figure(app)['layout']['height']}px" in still  # as tall as the chart
    run_code(app, PRODUCT.replace("3.0", "4.0"))
    assert not stills(app)  # plotly.js is loaded by now: the chart alone
    assert "<b>z</b> = 80" in figure_text(app)  # 2**2 * 4 + 4**3


def test_the_page_through_the_apps_navigation():
    app = via_navigation()
    assert "<b>z</b> = 39" in figure_text(app)


@pytest.mark.parametrize("example", [e.key for e in EXAMPLES])
def test_every_example_renders_without_an_error(example):
    app = page({"example": example})
    assert app.text_area(key="ge_code").value == by_key(example).code
    assert not app.error, [e.value for e in app.error]
    assert app.get("plotly_chart")


def test_kinds_are_told_apart_by_shape_and_legend_name():
    app = page({"example": "linear-loss"})
    kinds = ("leaf tensor (input)", "result tensor and its grad_fn", "constant (no grad)")
    shapes = {
        tr["name"]: tr["marker"]["symbol"] for tr in figure(app)["data"] if tr.get("name") in kinds
    }
    assert len(shapes) == 3 and len(set(shapes.values())) == 3


# --- the switches --------------------------------------------------------------------------------


def test_detach_toggle_changes_the_gradients_exactly_as_the_engine_says():
    app = page()
    app.multiselect(key="ge_detach").select(X_SQUARED).run()
    assert not app.exception
    # the engine, on the same code with the same switch written in
    engine = run_snippet(apply_overrides(PRODUCT, Overrides(detach=frozenset({Span(5, 4, 5, 8)}))))
    assert engine.variables["x"].grad is None
    assert f"<b>grad {engine.variables['y'].grad.item():g}</b>" in figure_text(app)
    assert "<b>grad 12</b>" not in figure_text(app)  # x is cut off: no gradient reaches it
    assert "<b>grad 31</b>" in figure_text(app)  # y still gets x² + 3y² = 4 + 27
    assert any("detach()" in t for t in box_titles(app))
    assert printed(app)[0] == "tensor(39., grad_fn=<AddBackward0>)\nNone\ntensor(31.)"
    assert app.query_params["detach"] in (X_SQUARED, [X_SQUARED])


def rg_switches(app) -> dict[str, bool]:
    """Each leaf's requires_grad switch: its name (as code) and whether it is on."""
    return {t.label.strip("`"): t.value for t in app.toggle if t.key.startswith("ge_rg__")}


def test_requires_grad_switch_makes_a_leaf_a_constant():
    app = page()
    assert rg_switches(app) == {"x": True, "y": True}
    app.toggle(key="ge_rg__y").set_value(False).run()
    assert rg_switches(app) == {"x": True, "y": False}
    assert "y constant" in box_titles(app)
    assert "<b>grad 12</b>" in figure_text(app)
    assert app.query_params["rg"] in ("y:0", ["y:0"])


def test_retain_grad_switch():
    app = page({"example": "linear-loss"})
    app.multiselect(key="ge_retain").select("y_pred").run()
    assert "retains_grad=True" in figure_text(app)


def test_no_grad_shows_the_error_line_message_and_fix_and_the_cut_graph():
    app = page()
    app.toggle(key="ge_no_grad").set_value(True).run()
    assert not app.exception
    shown = texts(app)
    assert "The code raised an error on line 7" in shown  # the learner's own line number
    assert "7 | z.backward()          # computes ∂z/∂x and ∂z/∂y\n    ^" in shown
    assert "RuntimeError: element 0 of tensors does not require grad" in shown
    assert "outside torch.no_grad()" in shown  # the one-line fix
    assert "line 8 of the code with your switches written in" in shown
    assert "Traceback" not in shown
    assert any(t.startswith("z ") and "no_grad" in t for t in box_titles(app))
    assert "stopped at line 7" in shown  # the learner's line, as the error says


def test_a_switch_that_no_longer_applies_is_dropped_when_the_code_changes():
    app = page()
    app.multiselect(key="ge_detach").select(X_SQUARED).run()
    run_code(app, "import torch\nx = torch.tensor(1.0, requires_grad=True)\ny = x * 2\n")
    assert app.multiselect(key="ge_detach").value == []
    assert "detach" not in app.query_params


# --- inspector ------------------------------------------------------------------------------------


def test_inspector_shows_value_grad_and_the_chain_rule_of_a_leaf():
    app = page({"example": "product-rule", "node": "leaf1"})  # y
    assert app.selectbox(key="ge_node").value == "leaf1"
    (view,) = [text for text in printed(app) if text.startswith("value")]
    assert view.splitlines() == [
        "value                  = tensor(3.)",
        "y.grad                 = tensor(31.)",
        "grad_fn.next_functions = ()",
    ]
    assert any(r"1 \times 27 + 1 \times 4 = 31" in latex.value for latex in app.latex)
    assert "AccumulateGrad" in texts(app)


def test_inspector_shows_an_ops_next_functions_and_saved_values():
    app = page({"example": "product-rule", "node": "op5"})  # ×
    codes = printed(app)
    assert "grad_fn.next_functions = ((<PowBackward0>, 0), (<AccumulateGrad>, 0))" in codes
    assert "freed after backward" in texts(app)
    assert any(r"a \cdot b" in latex.value for latex in app.latex)


def test_detach_here_from_the_inspector():
    app = page({"example": "product-rule", "node": "result8"})  # x**2
    app.button(key="ge_node_detach").click().run()
    assert app.multiselect(key="ge_detach").value == [X_SQUARED]
    assert "<b>grad 12</b>" not in figure_text(app)
    assert app.button(key="ge_node_detach").label == "Undo detach() here"


def test_requires_grad_from_the_inspector():
    app = page({"example": "product-rule", "node": "leaf1"})  # y
    assert app.button(key="ge_node_rg").label == "y.requires_grad_(False)"
    app.button(key="ge_node_rg").click().run()
    assert rg_switches(app) == {"x": True, "y": False}  # the switch above follows the button
    assert app.query_params["rg"] in ("y:0", ["y:0"])


def test_a_click_on_the_graph_names_the_node_it_hit():
    """What the chart's selection event carries (the browser test clicks a real node)."""
    from ui.graph_explorer.widgets import picked_node

    event = {"selection": {"points": [{"x": 1, "y": 0}, {"customdata": "leaf0"}]}}
    assert picked_node(event) == "leaf0"
    assert picked_node({"selection": {"points": [{"customdata": ["op3"]}]}}) == "op3"
    assert picked_node({"selection": {"points": []}}) is None and picked_node(None) is None


# --- sharing --------------------------------------------------------------------------------------


def test_a_url_with_code_reproduces_the_graph():
    code = "import torch\na = torch.tensor(3.0, requires_grad=True)\nb = a * a + 1\nb.backward()\n"
    app = via_navigation({"code": code})
    assert app.text_area(key="ge_code").value == code
    text = figure_text(app)
    assert "<b>b</b> = 10" in text and "<b>grad 6</b>" in text
    assert app.selectbox(key="ge_example").value is None


def test_a_url_with_switches_reproduces_them():
    state = example_state("product-rule").with_toggles(
        {"y": False}, [Span(5, 4, 5, 8)], no_grad=False
    )
    app = page(encode_state(state))
    assert rg_switches(app) == {"x": True, "y": False}
    assert app.multiselect(key="ge_detach").value == [X_SQUARED]
    assert "<b>grad 12</b>" not in figure_text(app) and "<b>grad 31</b>" not in figure_text(app)


def test_a_bad_link_shows_what_was_ignored_and_still_renders():
    app = page({"code": PRODUCT, "rg": "<script>:1", "node": "nope", "tab": "x"})
    warnings = " ".join(w.value for w in app.warning)
    assert "Ignored requires" in warnings and "Ignored node" in warnings
    assert "<script>" not in warnings  # escaped: shown as text, never as HTML
    assert "<b>z</b> = 39" in figure_text(app)


def test_the_url_follows_every_change():
    app = page()
    app.selectbox(key="ge_example").set_value("mean-of-squares").run()
    assert app.query_params["example"] in ("mean-of-squares", ["mean-of-squares"])
    assert app.text_area(key="ge_code").value == by_key("mean-of-squares").code
    assert "0.6667" in figure_text(app)


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, words",
    [
        ("import os", "Not available in the playground"),
        ("import torch\nx = (", "This is not valid Python on line 2"),
        ("import torch\nx = torch.ones(10**8)", "Stopped: the snippet asked for too much"),
        ("import torch\nfor i in range(10**9):\n    pass", "Stopped"),
    ],
)
def test_a_hostile_or_broken_snippet_shows_a_message_and_keeps_the_last_good_graph(code, words):
    app = page()
    run_code(app, code)
    assert words in texts(app)
    assert "<b>z</b> = 39" in figure_text(app)  # the last graph that ran
    assert "last code that ran without an error" in texts(app)


def test_user_text_never_becomes_html():
    code = 'import torch\nprint("<script>alert(1)</script>")\nx = torch.tensor(1.0)\n'
    app = page({"code": code})
    assert "<script>alert(1)</script>" in printed(app)[0]  # literal, in the output box
    for element in [*app.markdown, *app.caption]:
        assert "<script>" not in element.value


# --- predict, then reveal -------------------------------------------------------------------------


def test_predict_then_reveal():
    app = page({"example": "product-rule", "predict": "1"})
    assert "grad 12" not in figure_text(app) and "grad 31" not in figure_text(app)
    assert app.button(key="ge_reveal").disabled
    assert "Output hidden" in texts(app)
    app.text_input(key="ge_guess_leaf0").input("12")
    app.text_input(key="ge_guess_leaf1").input("30").run()
    assert not app.button(key="ge_reveal").disabled
    app.button(key="ge_reveal").click().run()
    assert "x.grad = 12: your 12 is right." in [s.value.replace("\\", "") for s in app.success]
    assert any("y.grad = 31" in e.value.replace("\\", "") for e in app.error)
    assert "<b>grad 31</b>" in figure_text(app)  # revealed


def test_a_guess_that_is_not_a_number_is_explained():
    app = page({"example": "mean-of-squares", "predict": "1"})
    app.text_input(key="ge_guess_leaf0").input("2/3, 4/3").run()
    assert "Expected 3 numbers" in texts(app).replace("\\", "")
    assert app.button(key="ge_reveal").disabled


# --- the panels -----------------------------------------------------------------------------------


def test_gradient_check_panel():
    app = page({"example": "product-rule", "tab": "check"})
    table = app.dataframe[0].value
    assert list(table["element"]) == ["x", "y"]
    assert list(table["autograd"]) == ["12", "31"]
    assert set(table["agrees"]) == {"✓ yes"}
    assert "at most 12 elements" in texts(app)


def test_steps_panel_writes_each_step_as_a_formula():
    app = page({"example": "product-rule", "tab": "steps"})
    latex = [x.value for x in app.latex]
    assert any(r"= 3 \times 4 = 12" in x for x in latex)
    assert any(r"\texttt{x.grad}: None \to 12" in x for x in latex)


def test_export_panel_has_the_code_with_the_switches_and_a_download():
    app = page({"example": "product-rule", "tab": "export", "detach": X_SQUARED})
    exported = [c.value for c in app.code if c.value.startswith("# Exported")]
    assert exported and "z = (x**2).detach() * y + y**3" in exported[0]
    assert app.get("download_button")
    assert any("detach=5%3A4-5%3A8" in c.value for c in app.code)  # the share link


def test_the_export_and_the_share_link_wrap_instead_of_scrolling_sideways():
    app = page({"example": "product-rule", "tab": "export", "detach": X_SQUARED})
    exported = next(c for c in app.code if c.value.startswith("# Exported"))
    link = next(c for c in app.code if "detach=" in c.value)
    assert max(len(line) for line in exported.value.splitlines()) > 80  # a long comment line
    assert exported.proto.wrap_lines and link.proto.wrap_lines


def test_the_detach_list_offers_no_select_all_that_would_cut_every_node():
    app = page({"example": "product-rule"})
    detach = app.multiselect(key="ge_detach")
    assert detach.proto.select_all == 0  # 0: the "Select all" row is hidden
    assert detach.options[0] == "x**2  (line 5)"


def test_every_widget_has_a_stable_page_prefixed_key():
    app = page({"example": "linear-loss", "predict": "1"})
    widgets = [*app.text_area, *app.selectbox, *app.toggle, *app.multiselect, *app.button]
    widgets += [*app.text_input]
    assert widgets
    for widget in widgets:
        assert widget.key and widget.key.startswith("ge_"), widget


def test_the_page_keeps_its_state_across_a_visit_to_another_page():
    app = via_navigation()
    app.selectbox(key="ge_example").set_value("chain-rule-cubic").run()
    app.multiselect(key="ge_retain").select("y").run()
    app.switch_page("pages/gradient_lab.py").run()
    app.query_params.clear()  # the address bar of another page
    app.switch_page("pages/graph_explorer.py").run()
    assert not app.exception
    assert app.text_area(key="ge_code").value == by_key("chain-rule-cubic").code
    assert app.multiselect(key="ge_retain").value == ["y"]

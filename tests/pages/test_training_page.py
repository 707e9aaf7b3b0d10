"""The Training page, run headless with AppTest: the seeds' regression printed as PyTorch prints
it (by hand and with an optimizer), noisy data with a bias, a diverging learning rate explained,
and the MLP classifier trained, retrained and refused bad settings with a message."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the page imports the ui package from the repository root
PAGE = str(ROOT / "pages" / "training.py")
GOLDEN = json.loads((ROOT / "tests" / "golden" / "descent.json").read_text())["training"]
CLASSIFY = "2 · Classifying points with an MLP"
WIDGETS = ("selectbox", "number_input", "slider", "select_slider", "radio", "button")


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=90)
    app.run()
    assert not app.exception
    return app


@pytest.fixture
def trained(at) -> AppTest:
    at.session_state["tr_section"] = CLASSIFY
    at.run()
    assert not at.exception
    return at


def plain(text: str) -> str:
    return text.replace("\\", "")


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def charts(app: AppTest) -> list[dict]:
    return [json.loads(e.proto.spec) for e in app.get("plotly_chart")]


def test_seeds_regression_prints_what_pytorch_prints_both_ways(at):
    printed = [c.value for c in at.code if c.value.startswith("Epoch 0")]
    assert len(printed) == 2
    for output, method in zip(printed, ("manual", "optimizer")):
        assert output.splitlines() == GOLDEN["seeds"][method]["printed"]
    assert "Epoch 0: w = 0.0, loss = 18.66666603088379" in printed[0]
    assert at.success[0].value == "Both loops print the same numbers, to the last digit."
    codes = [c.value for c in at.code]
    assert any("w -= 0.1 * w.grad" in c for c in codes)
    assert any("optimizer = torch.optim.SGD([w], lr=0.1)" in c for c in codes)


def test_the_fit_line_is_animated_with_the_loss(at):
    (spec,) = charts(at)
    assert len(spec["frames"]) == 11
    assert spec["layout"]["updatemenus"][0]["buttons"][0]["label"] == "▶ Play"


def test_the_words_say_tutorials_never_the_seeds(at):
    texts = [e.value for kind in ("markdown", "subheader", "success", "info") for e in at.get(kind)]
    texts += [str(o) for o in at.radio(key="tr_line_data").options]
    assert any("tutorials" in t for t in texts)
    assert not [t for t in texts if re.search(r"\\bseeds\\b", t, re.I)]


def test_loops_that_differ_on_the_way_but_end_equal_say_so(at):
    at.number_input(key="tr_line_lr").set_value(0.01).run()
    at.number_input(key="tr_line_epochs").set_value(100).run()
    assert not at.exception and not at.success
    (info,) = [i.value for i in at.info]
    assert "end at exactly the same values" in info and "0 apart" not in info
    assert "differ in the last digits at" in info


def test_noisy_data_fits_a_bias_too(at):
    at.radio(key="tr_line_data").set_value("noisy").run()
    assert not at.exception
    intro = at.markdown[1].value
    assert "40 noisy points" in intro and "y = w·x + b" in intro and "three points" not in intro
    assert any("the 40 noisy points of the chart below" in c.value for c in at.code)
    assert not any("drawn above" in c.value for c in at.code)
    assert at.session_state["tr_line_epochs"] == 150
    printed = [c.value for c in at.code if c.value.startswith("Epoch 0")]
    assert printed[0].startswith("Epoch 0: w = 0.0, b = 0.0, loss = ")
    assert at.success


def test_a_diverging_learning_rate_is_explained(at):
    at.number_input(key="tr_line_lr").set_value(0.3).run()
    at.number_input(key="tr_line_epochs").set_value(200).run()
    assert not at.exception
    message = plain(at.error[0].value)
    assert "learning rate is too large for this curvature" in message
    assert "Try lr below 0.214" in message


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 1e300, -1.0])
def test_out_of_range_numbers_never_break_the_page(at, value):
    at.number_input(key="tr_line_lr").set_value(value).run()
    assert not at.exception
    assert at.warning or at.code  # a message, or Streamlit kept the value in range


def test_the_classifier_trains_on_first_visit_to_its_tab(trained):
    shown = metrics(trained)
    assert float(shown["final accuracy"].rstrip("%")) >= 95
    assert shown["parameters"] == "1,218" and shown["optimizer steps"] == "200"
    boundary, curves = charts(trained)
    assert boundary["data"][0]["type"] == "heatmap" and len(boundary["frames"]) == 30
    assert [t["name"] for t in curves["data"]] == ["loss (cross-entropy)", "accuracy"]


def test_retraining_with_other_settings(trained):
    trained.selectbox(key="tr_dataset").set_value("circles").run()
    trained.select_slider(key="tr_batch").set_value(32).run()
    trained.slider(key="tr_epochs").set_value(40).run()
    trained.button(key="tr_train").click().run()
    assert not trained.exception
    shown = metrics(trained)
    assert shown["optimizer steps"] == str(40 * 10)  # 300 points in batches of 32
    assert "nn.Linear(2, 32), nn.ReLU()," in trained.code[-1].value


def test_too_much_work_is_refused_and_the_last_run_stays(trained):
    before = metrics(trained)
    trained.slider(key="tr_points").set_value(2000).run()
    trained.select_slider(key="tr_batch").set_value(8).run()
    trained.slider(key="tr_epochs").set_value(1000).run()
    trained.button(key="tr_train").click().run()
    assert not trained.exception
    assert [e.value for e in trained.error] == ["That input cannot run"]
    assert "optimizer steps; the limit here is 10,000" in trained.code[0].value
    assert metrics(trained) == before


def test_a_learning_rate_that_blows_up_is_explained(trained):
    trained.slider(key="tr_points").set_value(200).run()
    trained.selectbox(key="tr_optimizer").set_value("Momentum").run()
    trained.number_input(key="tr_lr").set_value(100.0).run()
    trained.slider(key="tr_epochs").set_value(30).run()
    trained.button(key="tr_train").click().run()
    assert not trained.exception
    assert "too large for this network" in plain(trained.warning[0].value)


def test_every_widget_key_starts_with_tr(trained):
    keys = [w.key for kind in WIDGETS for w in trained.get(kind)]
    assert "tr_section" in trained.session_state  # the tabs' key
    assert keys and all(k.startswith("tr_") for k in keys), keys

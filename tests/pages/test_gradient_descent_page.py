"""The Gradient Descent page, run headless with AppTest: the seeds' numbers on first visit,
divergence explained, a learner's expression run (and a hostile one refused with a message,
over the last picture that worked), the 2-D presets with their contour, and tidy widget keys."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the page imports the ui package from the repository root
PAGE = str(ROOT / "pages" / "gradient_descent.py")
WIDGETS = ("selectbox", "checkbox", "number_input", "slider", "toggle", "text_input")


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=60)
    app.run()
    assert not app.exception
    return app


def plain(text: str) -> str:
    """Markdown-escaped page text as the learner reads it."""
    return text.replace("\\", "")


def captions(app: AppTest) -> list[str]:
    return [plain(c.value) for c in app.caption]


def summary(app: AppTest) -> dict[str, dict[str, str]]:
    """The results table: optimizer -> {ends at, f there, after, ...}."""
    return app.table[0].value.to_dict(orient="index")


def spelled_out(app: AppTest) -> list[str]:
    (table,) = [t for t in app.table if "what it did" in t.value.columns]
    return table.value["what it did"].tolist()


def main_chart(app: AppTest) -> dict:
    for element in app.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        if spec.get("frames"):
            return spec
    raise AssertionError("no animated chart on the page")


def problem(app: AppTest) -> str:
    """The message of the 'cannot run' box (shown as code, so it is the literal text)."""
    assert [e.value for e in app.error] == ["That input cannot run"]
    return app.code[0].value


def test_first_visit_shows_the_seeds_exercise(at):
    assert at.title[0].value == "Gradient Descent"
    assert at.session_state["gd_function"] == "shifted"
    sgd = summary(at)["SGD (lr=0.1)"]
    assert (sgd["ends at"], sgd["f there"], sgd["after"]) == ("2.9654", "0.0012", "20 updates")
    assert list(summary(at)) == ["SGD (lr=0.1)", "Momentum (lr=0.1)", "Adam (lr=0.5)"]
    spec = main_chart(at)
    assert len(spec["frames"]) == 21
    buttons = [b["label"] for b in spec["layout"]["updatemenus"][0]["buttons"]]
    assert buttons == ["▶ Play", "❚❚ Pause"]


def test_one_update_spelled_out_in_the_seeds_order(at):
    (table,) = [t.value for t in at.table if "what it did" in t.value.columns]
    assert list(table.index) == [
        "optimizer.zero_grad()",
        "loss = f(x)",
        "loss.backward()",
        "optimizer.step()",
    ]
    assert spelled_out(at) == [
        "x.grad = None: the last step's gradient is forgotten",
        "f(0) = 9",
        "x.grad = ∂f/∂x = -6",
        "x − lr × x.grad = 0 − 0.1 × -6 = 0.6",
    ]
    at.slider(key="gd_table_step").set_value(20).run()
    assert spelled_out(at)[3].endswith("= 2.9654")


def test_a_diverging_learning_rate_gets_a_message_not_an_exception(at):
    at.number_input(key="gd_SGD_lr").set_value(1.5).run()
    assert not at.exception
    message = plain(at.error[0].value).replace("**", "")
    assert message.startswith("SGD (lr=1.5) stopped at update 9: update 9 sent x to 1539")
    assert "learning rate too large for this curvature" in message
    assert main_chart(at)["frames"]  # the other racers still race


def test_a_custom_expression_works(at):
    at.selectbox(key="gd_function").set_value("custom").run()
    at.text_input(key="gd_expression").set_value("(x + 2)**2 + (y - 1)**2").run()
    assert not at.exception and not at.error
    assert summary(at)["SGD (lr=0.05)"]["ends at"].startswith("(-2, 1.00")
    assert at.code[0].value == "f = (x + 2)**2 + (y - 1)**2"  # the learner's text, as code
    spec = main_chart(at)
    assert spec["data"][0]["type"] == "contour"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("__import__('os').system('ls') + x", "__import__"),
        ("<script>alert(1)</script>", "not a Python expression"),
        ("$x$ + **x**", "not a Python expression"),
        ("open('/etc/passwd').read() and x", "open"),
        ("torch.ones(10**9).sum() * x", "limit"),
        ("(x" + " + x" * 2000 + ")", "not a Python expression"),  # cut to 200 characters
        ("", "The expression is empty"),
        ("x.sum()", "mixes different points"),
    ],
)
def test_a_hostile_expression_is_refused_over_the_last_good_picture(at, text, words):
    at.selectbox(key="gd_function").set_value("custom").run()
    good = main_chart(at)
    at.text_input(key="gd_expression").set_value(text).run()
    assert not at.exception
    assert words in problem(at)
    assert "Showing the last settings that worked." in captions(at)
    assert main_chart(at)["data"][0]["z"] == good["data"][0]["z"]
    # Every other control is still there, so the learner can keep working while fixing it.
    assert at.checkbox(key="gd_use_SGD").value and at.slider(key="gd_steps").value == 50


def test_forgetting_zero_grad_says_what_happens(at):
    at.toggle(key="gd_forget_zero_grad").set_value(True).run()
    assert "adds" in at.info[0].value
    assert summary(at)["SGD (lr=0.1)"]["ends at"] != "2.9654"
    at.slider(key="gd_table_step").set_value(3).run()
    assert spelled_out(at)[0].startswith("skipped: x.grad still holds")


def test_rosenbrock_races_three_optimizers_for_200_updates(at):
    at.selectbox(key="gd_function").set_value("rosenbrock").run()
    assert at.session_state["gd_steps"] == 200
    assert at.session_state["gd_SGD_lr"] == 0.001
    spec = main_chart(at)
    assert spec["data"][0]["type"] == "contour"
    assert len(spec["frames"]) == 60
    assert [row["after"] for row in summary(at).values()] == ["200 updates"] * 3


def test_the_3d_surface_is_drawn_only_when_its_tab_is_open(at):
    at.selectbox(key="gd_function").set_value("himmelblau").run()
    assert len(at.get("plotly_chart")) == 1
    at.session_state["gd_details"] = "3-D surface"
    at.run()
    specs = [json.loads(e.proto.spec) for e in at.get("plotly_chart")]
    assert any(t["type"] == "surface" for s in specs for t in s["data"])


def test_no_optimizer_is_a_message(at):
    for kind in ("SGD", "Momentum", "Adam"):
        at.checkbox(key=f"gd_use_{kind}").uncheck()
    at.run()
    assert "Pick at least one optimizer" in problem(at)
    assert main_chart(at)


def test_numbers_out_of_range_never_break_the_page(at):
    for value in (float("nan"), float("inf"), 1e300, -1e300):
        at.number_input(key="gd_start_x").set_value(value).run()
        assert not at.exception
        at.number_input(key="gd_SGD_lr").set_value(value).run()
        assert not at.exception
    assert main_chart(at)


def test_every_widget_key_starts_with_gd(at):
    at.session_state["gd_details"] = "Every update"
    at.run()
    keys = [w.key for kind in WIDGETS for w in at.get(kind)]
    assert keys and all(k.startswith("gd_") for k in keys), keys

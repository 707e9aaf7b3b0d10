"""The Graph Explorer on a loop and on a model (AppTest): a loop gets an iteration slider whose
choice changes the values drawn; a program without a loop gets none; a model's module calls are
framed and named."""

from __future__ import annotations

from .test_graph_explorer_page import box_lines, figure, page, trace_text
from .test_graph_explorer_page import texts as escaped_texts


def texts(app) -> str:
    """The page's words as a learner reads them (markdown escapes dropped)."""
    return escaped_texts(app).replace("\\", "")


def w_line(app) -> str:
    (line,) = [line for line in box_lines(figure(app)["data"]) if line.startswith("<b>w</b>")]
    return line


def test_a_loop_gets_an_iteration_slider_on_its_last_iteration():
    app = page({"example": "linear-regression-loop"})
    (slider,) = app.select_slider
    assert slider.key == "ge_backward" and slider.label == "Iteration to show"
    assert slider.value == 10
    assert "Iteration 10 of 10: each leaf shows the value it had" in texts(app)
    assert w_line(app) == "<b>w</b> = 2"  # converged: the same then as now
    assert not [s for s in app.selectbox if s.key == "ge_backward"]


def test_picking_an_earlier_iteration_shows_the_values_it_computed_with():
    app = page({"example": "linear-regression-loop"})
    app.select_slider(key="ge_backward").set_value(2).run()
    assert not app.exception
    assert "Iteration 2 of 10" in texts(app)
    assert w_line(app) == "<b>w</b> = 1.867  (now 2)"  # w after one update of 0.1 * 18.67
    assert "<b>loss</b> = 0.08296" in box_lines(figure(app)["data"])
    app.select_slider(key="ge_backward").set_value(1).run()
    assert w_line(app) == "<b>w</b> = 0  (now 2)"
    assert "<b>loss</b> = 18.67" in box_lines(figure(app)["data"])


def test_a_program_without_a_loop_has_no_iteration_slider():
    for example in ("product-rule", "module-subclass"):
        app = page({"example": example})
        assert not app.select_slider, example
        assert "Iteration" not in texts(app)
    app = page({"example": "multiple-outputs"})  # two backward calls, no loop: as before
    assert not app.select_slider
    assert [s.label for s in app.selectbox if s.key == "ge_backward"] == ["Backward call to replay"]


def test_a_models_module_calls_are_framed_and_its_parameters_named_by_path():
    app = page({"example": "module-subclass"})
    assert sorted(trace_text(app, "module names")) == [
        "model · TwoLayerNet", "model.fc1 · Linear", "model.fc2 · Linear",
    ]  # fmt: skip
    names = " ".join(trace_text(app, "names"))
    assert "<b>model.fc1.weight</b>" in names and "<b>model.fc2.bias</b>" in names

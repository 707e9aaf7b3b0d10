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
    assert "Iteration 10 of 10: every value shown is the one this iteration's" in texts(app)
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


AFTER_LOOP = """import torch
x = torch.tensor([1.0, 2.0, 3.0])
y = torch.tensor([2.0, 4.0, 6.0])
w = torch.tensor(0.0, requires_grad=True)
for epoch in range(3):
    loss = ((w * x - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        w.grad.zero_()
pred = w * torch.tensor([4.0])
print(w * 5)
"""


def test_tensors_computed_after_the_loop_are_shown_at_the_sliders_end():
    app = page({"code": AFTER_LOOP})
    (slider,) = app.select_slider
    assert slider.value == 4 and slider.options[-1] == "After the loop"
    assert "After the loop: the tensors your program computed" in texts(app)
    lines = box_lines(figure(app)["data"])
    assert any(line.startswith("<b>pred</b> = ") for line in lines)
    assert any(line.startswith("<b>w * 5</b> = ") for line in lines)
    assert not any(line.startswith("<b>loss</b>") for line in lines)
    node = app.selectbox(key="ge_node")  # the Inspector opens on the prediction
    assert node.options[node.index].startswith("pred")
    app.select_slider(key="ge_backward").set_value(3).run()  # the last iteration, as before
    assert not app.exception
    assert "Iteration 3 of 3" in texts(app)
    lines = box_lines(figure(app)["data"])
    assert any(line.startswith("<b>loss</b> = ") for line in lines)
    assert not any(line.startswith("<b>pred</b>") for line in lines)
    app.select_slider(key="ge_backward").set_value(4).run()
    assert "After the loop: the tensors" in texts(app)


def test_the_backward_tabs_after_the_loop_point_to_an_iteration():
    app = page({"code": AFTER_LOOP, "tab": "steps"})
    assert "After the loop no backward pass ran: pick an iteration on the slider to see" in (
        texts(app)
    )
    app = page({"code": AFTER_LOOP, "tab": "check"})
    assert "After the loop no backward pass ran: pick an iteration on the slider to check" in (
        texts(app)
    )
    app.select_slider(key="ge_backward").set_value(2).run()
    assert not app.exception
    assert "After the loop no backward pass ran" not in texts(app)
    assert "Not checked: w: changed in place" in texts(app)  # the iteration's own check

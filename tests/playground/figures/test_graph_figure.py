"""The plotly figures: what a learner sees on the page, read back from the figure's data."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import autograd_core as torch
from autograd_core import tracing as trace
from autograd_core.playground import figures
from autograd_core.playground.figures.prepared import prepared
from autograd_core.playground.graph import build_graph, layout, trace_steps
from tests.playground.figures.overlaps import collisions
from tests.plotly_check import checked


def graph_figure(*args, **kwargs):
    return checked(prepared(figures.graph_figure(*args, **kwargs)))


def backward_animation(*args, **kwargs):
    return checked(prepared(figures.backward_animation(*args, **kwargs)))


def readme(record=True):
    x = torch.tensor(2.0, requires_grad=True)
    y = torch.tensor(3.0, requires_grad=True)
    z = x**2 * y + y**3
    with trace.record_backward() as traces:
        z.backward()
    graph = build_graph(z, names={"x": x, "y": y, "z": z}, trace=traces[0] if record else None)
    return graph, traces[0]


def trace_named(fig, name):
    (found,) = [t for t in fig.data if t.name == name]
    return found


def all_text(fig):
    """Every string drawn or hovered in the figure's data (not its frames)."""
    out = []
    for t in fig.data:
        for field in ("text", "hovertext"):
            value = getattr(t, field, None)
            if isinstance(value, str):
                out.append(value)
            elif value is not None:
                out.extend(str(v) for v in value)
    return "\n".join(out)


NODE_TRACES = ["leaf tensor (input)", "result tensor and its grad_fn", "constant (no grad)"]
MUTED = "#5f6370"


def words(fig, name):
    """The words of one text trace, tags dropped: what the learner reads."""
    return sorted(re.sub(r"<[^>]+>", "", t) for t in (trace_named(fig, name).text or ()))


# --- graph_figure -------------------------------------------------------------------------------


def test_each_box_reads_like_a_record_name_and_class_value_gradient():
    graph, _ = readme()
    fig = graph_figure(graph, layout(graph))
    assert words(fig, "names") == [
        "x AccumulateGrad",
        "x**2 * y MulBackward0",
        "x**2 PowBackward0",
        "y AccumulateGrad",
        "y**3 PowBackward0",
        "z AddBackward0",
    ]
    assert (
        f'<b>z</b> <span style="color:{MUTED}">AddBackward0</span>'
        in trace_named(fig, "names").text
    )
    assert words(fig, "values") == ["= 12", "= 2", "= 27", "= 3", "= 39", "= 4"]
    assert words(fig, "node gradients") == [
        "grad 1",
        "grad 1",
        "grad 1",
        "grad 12",
        "grad 3",
        "grad 31",
    ]
    assert collisions(fig) == []


def test_small_tensors_are_written_in_full_larger_ones_summarised():
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    m = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    big = torch.ones(3, 4, requires_grad=True)
    out = (a * 2).sum() + (m * m).sum() + (big * 3).sum()
    out.backward()
    graph = build_graph(out, names={"a": a, "m": m, "big": big, "out": out})
    fig = graph_figure(graph, layout(graph))
    values = words(fig, "values")
    assert "= [1, 2, 3]" in values  # the "[3] 1, 2, …" was cut: now every number
    assert "= [[1, 2], [3, 4]]" in values
    assert "= [3×4] 1, 1, …" in values  # 12 numbers: shape and the first ones
    assert "grad [2, 2, 2]" in words(fig, "node gradients")
    big_node = label_node(graph, "big")
    hover = trace_named(fig, "leaf tensor (input)").hovertext
    assert any("tensor([[1., 1., 1., 1.]," in h for h in hover)  # all of it on hover
    assert big_node in trace_named(fig, "leaf tensor (input)").customdata
    assert collisions(fig) == []


def label_node(graph, label):
    (node,) = [n for n, d in graph.nodes(data=True) if d["label"] == label]
    return node


def test_gradients_can_be_hidden():
    graph, _ = readme()
    fig = graph_figure(graph, layout(graph), show_grads=False)
    assert words(fig, "node gradients") == []
    assert "grad" not in " ".join(words(fig, "values"))
    assert trace_named(fig, "edge gradients").text in (None, ())


def test_kinds_differ_in_shape_colour_and_legend():
    x = torch.tensor(2.0, requires_grad=True)
    out = x * 2
    graph = build_graph(out, names={"x": x, "out": out})
    fig = graph_figure(graph, layout(graph))
    styles = [
        (t.marker.symbol, t.marker.color, t.name)
        for t in (trace_named(fig, name) for name in NODE_TRACES)
    ]
    for i in range(3):  # shape, colour and legend name each tell the three kinds of box apart
        assert len({s[i] for s in styles}) == 3
    assert "2 constant" in words(fig, "names")
    assert len(trace_named(fig, "constant boxes").x) == 10  # one box: 9 corners and a gap


def test_every_box_is_clickable_anywhere_by_its_id_and_hover_has_the_full_value():
    a = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], requires_grad=True)
    s = (a * a).sum()
    s.backward()
    graph = build_graph(s, names={"a": a, "s": s})
    pos = layout(graph)
    fig = graph_figure(graph, pos)
    ids = [i for name in NODE_TRACES for i in (trace_named(fig, name).customdata or ())]
    assert sorted(ids) == sorted(pos.boxes)
    hits = trace_named(fig, "boxes")
    leaf = label_node(graph, "a")
    xs = [x for x, i in zip(hits.x, hits.customdata) if i == leaf]
    box = pos.boxes[leaf]
    assert len(xs) >= 3 and max(xs) - min(xs) > box.width / 2  # points across the whole box
    assert "= [7] 1, 2, …" in words(fig, "values")
    leaf_hover = trace_named(fig, "leaf tensor (input)").hovertext[0]
    assert "tensor([1., 2., 3., 4., 5., 6., 7.])" in leaf_hover
    assert "tensor([ 2.,  4.,  6.,  8., 10., 12., 14.])" in leaf_hover
    assert "AccumulateGrad" in leaf_hover


def test_user_text_is_escaped_never_html():
    x = torch.tensor(2.0, requires_grad=True)
    out = x * 3
    nasty = "<script>alert(1)</script>&"
    graph = build_graph(out, names={nasty: x, "<b>out</b>": out}, sites={id(out): "<i>line 1"})
    fig = graph_figure(graph, layout(graph))
    text = all_text(fig)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in text
    assert "<script>" not in text and "<b>out</b>" not in text and "<i>line" not in text
    assert "&lt;b&gt;out&lt;/b&gt;" in text and "&lt;i&gt;line 1" in text


def test_hover_says_where_in_the_snippet_a_result_was_computed():
    from autograd_core.playground.sandbox.result import Span

    x = torch.tensor(2.0, requires_grad=True)
    out = x * 3
    graph = build_graph(out, names={"x": x, "out": out}, sites={id(out): Span(2, 6, 2, 11)})
    fig = graph_figure(graph, layout(graph))
    hover = trace_named(fig, "result tensor and its grad_fn").hovertext[0]
    assert "source: line 2, columns 6–11" in hover


def test_cut_edges_are_dashed_and_labelled():
    x = torch.tensor(2.0, requires_grad=True)
    a = x * 2
    d = a.detach()
    graph = build_graph(d * x, names={"x": x, "a": a, "d": d})
    fig = graph_figure(graph, layout(graph))
    cut = trace_named(fig, "cut from the graph")
    assert cut.line.dash == "dash" and len([v for v in cut.x if v is not None]) >= 2
    assert trace_named(fig, "data flow").line.dash is None
    assert trace_named(fig, "cut labels").text == ("<i>detach()</i>",)
    assert "d detach()" in words(fig, "names") and "= 4" in words(fig, "values")
    assert collisions(fig) == []


def test_edges_have_arrowheads_pointing_into_each_box():
    graph, _ = readme()
    pos = layout(graph)
    fig = graph_figure(graph, pos)
    heads = trace_named(fig, "direction")
    assert heads.marker.symbol == "arrow" and heads.marker.angleref == "previous"
    drawn = [e for e in graph.edges if graph.edges[e]["kind"] != "output"]
    assert sum(1 for size in heads.marker.size if size > 0) == len(drawn)


def test_edge_gradients_where_a_tensor_feeds_several_ops():
    graph, _ = readme()
    fig = graph_figure(graph, layout(graph))
    # y feeds y**3 and the product: each edge says what it carried back (27 + 4 = 31)
    assert sorted(trace_named(fig, "edge gradients").text) == ["∂ 27", "∂ 4"]


def test_highlight_rings_the_chosen_boxes():
    graph, _ = readme()
    pos = layout(graph)
    node = graph.graph["roots"][0]
    ring = trace_named(graph_figure(graph, pos, highlight=node), "selected")
    xs = [x for x in ring.x if x is not None]
    box = pos.boxes[node]
    assert max(xs) - min(xs) == pytest.approx(box.width + 6)  # just outside the box
    both = trace_named(graph_figure(graph, pos, highlight=["leaf8", "leaf9"]), "selected")
    assert sum(1 for x in both.x if x is None) == 2


def test_light_and_dark_themes():
    graph, _ = readme()
    pos = layout(graph)
    light, dark = graph_figure(graph, pos), graph_figure(graph, pos, theme="dark")
    assert light.layout.paper_bgcolor == "#ffffff" and dark.layout.paper_bgcolor == "#0e1117"
    assert trace_named(dark, "names").textfont.color == "#fafafa"
    with pytest.raises(ValueError, match="theme must be one of"):
        graph_figure(graph, pos, theme="neon")


def test_the_axes_are_locked_one_pixel_per_unit_and_height_follows_the_graph():
    graph, _ = readme()
    pos = layout(graph)
    fig = graph_figure(graph, pos)
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1
    y0, y1 = fig.layout.yaxis.range
    margin = fig.layout.margin
    assert fig.layout.height - margin.t - margin.b == pytest.approx(y1 - y0 + 1, abs=1)
    _x0, _x1 = pos.bounds()[0], pos.bounds()[2]
    assert fig.layout.xaxis.range[1] - fig.layout.xaxis.range[0] <= 520  # never squeezed


def test_a_500_node_graph_is_a_handful_of_traces():
    h = torch.tensor([0.5, -0.25, 1.0], requires_grad=True)
    for i in range(63):
        w = torch.tensor([0.9, 1.1, 0.8], requires_grad=True)
        h = (h * w + 0.01 * i).tanh()
    loss = h.sum()
    loss.backward()
    graph = build_graph(loss)
    assert graph.number_of_nodes() >= 500
    pos = layout(graph)
    fig = graph_figure(graph, pos)
    assert len(fig.data) <= 16
    assert sum(len(trace_named(fig, name).x) for name in NODE_TRACES) == len(pos.boxes)
    assert collisions(fig) == []


# --- backward_animation -------------------------------------------------------------------------


def animation():
    graph, t = readme()
    steps = trace_steps(graph, t)
    return backward_animation(graph, layout(graph, steps), steps), steps, graph


def frame_trace(frame, fig, name):
    index = [t.name for t in fig.data].index(name)
    return frame.data[list(frame.traces).index(index)]


def test_one_frame_per_step_plus_the_forward_pass():
    fig, steps, _ = animation()
    assert len(fig.frames) == len(steps) + 1 == 7
    assert [f.name for f in fig.frames] == [str(k) for k in range(7)]
    assert len(fig.layout.sliders[0].steps) == 7 and fig.layout.sliders[0].active == 6
    labels = [b.label for b in fig.layout.updatemenus[0].buttons]
    assert labels == ["▶ Replay", "❚❚ Pause", "Resume"]  # the same controls as every animation
    assert all(b.method == "animate" for b in fig.layout.updatemenus[0].buttons)


def test_frames_show_gradients_flowing_and_accumulating():
    fig, steps, graph = animation()
    grads = [frame_trace(f, fig, "gradients").text for f in fig.frames]
    assert grads[0] in (None, ())  # forward pass: no gradients yet
    assert "<b>grad 12</b>" in grads[-1] and "<b>grad 31</b>" in grads[-1]
    assert "<b>Σ so far 27</b>" in grads[2]  # y has heard from y**3 only
    assert "<b>Σ so far 31</b>" in grads[3]  # ... and then from the product: 27 + 4
    assert "<b>grad 3</b>" in grads[3]  # x**2 hears from one op only: no partial sum

    numbers = [frame_trace(f, fig, "step numbers").text for f in fig.frames]
    assert sorted(numbers[3]) == ["1 × 3 = 3", "1 × 4 = 4"]
    assert numbers[4] in (None, ())  # x.grad: None -> 31 is the box's own line now
    assert collisions(fig) == []

    captions = [f.layout.annotations[0].text for f in fig.frames]
    assert captions[0].startswith("Forward pass done")
    assert captions[6] == "Step 6 of 6: x.grad: None → 12"

    current = [frame_trace(f, fig, "current node") for f in fig.frames[1:]]
    pos = layout(graph, steps)
    x, y = pos[graph.graph["engine_nodes"][_add(graph)]]
    xs = [v for v in current[0].x if v is not None]
    ys = [v for v in current[0].y if v is not None]
    assert min(xs) < x < max(xs) and min(ys) < y < max(ys)
    # edges lit per step (each edge's polyline ends with a NaN gap)
    lit = [sum(1 for v in frame_trace(f, fig, "this step").x if v != v) for f in fig.frames]
    assert lit == [0, 2, 1, 2, 0, 1, 0]


def _add(graph):
    (add,) = [fn for fn, node in graph.graph["engine_nodes"].items() if node == "op1"]
    return add


def test_the_figure_opens_on_the_finished_picture():
    """What a page test finds in fig.data: z's value and both gradients."""
    fig, _, _ = animation()
    text = all_text(fig)
    assert "= 39" in text
    assert "<b>grad 12</b>" in text and "<b>grad 31</b>" in text
    assert fig.layout.annotations[0].text == "Step 6 of 6: x.grad: None → 12"


def test_a_second_backward_starts_from_the_old_grads():
    x = torch.tensor(2.0, requires_grad=True)
    z = x**2
    z.backward(retain_graph=True)
    with trace.record_backward() as traces:
        z.backward()
    graph = build_graph(z, names={"x": x, "z": z})
    steps = trace_steps(graph, traces[0])
    fig = backward_animation(graph, layout(graph, steps), steps)
    assert frame_trace(fig.frames[0], fig, "gradients").text == ("<b>grad 4</b>",)
    assert "<b>grad 8 (was 4)</b>" in frame_trace(fig.frames[-1], fig, "gradients").text
    assert collisions(fig) == []


def test_broadcast_and_mean_animation():
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = torch.tensor([[2.0], [-1.0]])
    m = (a * b).mean()
    with trace.record_backward() as traces:
        m.backward()
    graph = build_graph(m, names={"a": a, "b": b, "m": m})
    steps = trace_steps(graph, traces[0])
    fig = backward_animation(graph, layout(graph, steps), steps, theme="dark")
    grads = [frame_trace(f, fig, "gradients").text or () for f in fig.frames]
    assert any("÷ N = 6" in g for g in grads[1])
    assert any("(summed back)" in g for frame in grads for g in frame), grads
    assert "<b>grad [0.1667, 0.1667, 0.1667]</b>" in grads[-1]
    assert collisions(fig) == []


def test_viz_does_not_import_streamlit():
    code = (
        "import sys; sys.modules['streamlit'] = None\n"
        "import autograd_core.playground.figures\nprint('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_hooks_retain_grad_and_autograd_grad_animate():
    x = torch.tensor(2.0, requires_grad=True)
    y = x * 3
    y.retain_grad()
    y.register_hook(lambda grad: grad * 10)
    z = y**2
    with trace.record_backward() as traces:
        z.backward()
    graph = build_graph(z, names={"x": x, "y": y, "z": z})
    steps = trace_steps(graph, traces[0])
    fig = backward_animation(graph, layout(graph, steps), steps)
    grads = [g for f in fig.frames for g in frame_trace(f, fig, "gradients").text or ()]
    assert "<b>grad 120 after hook (was 12)</b>" in grads  # the hook multiplied it by 10
    assert "<b>grad 360</b>" in frame_trace(fig.frames[-1], fig, "gradients").text

    w = x * 5
    with trace.record_backward() as traces:
        torch.autograd.grad(w, x)
    graph = build_graph(w, names={"x": x, "w": w})
    fig = backward_animation(graph, layout(graph), trace_steps(graph, traces[0]))
    assert "<b>grad 5</b>" in frame_trace(fig.frames[-1], fig, "gradients").text


def test_rings_are_drawn_under_the_words_so_they_stay_readable():
    graph, t = readme()
    steps = trace_steps(graph, t)
    pos = layout(graph, steps)
    leaf = next(n for n, kind in graph.nodes(data="kind") if kind == "leaf")
    names = [tr.name for tr in graph_figure(graph, pos, highlight=leaf).data]
    assert names.index("selected") < names.index("names")
    fig = backward_animation(graph, pos, steps)
    names = [tr.name for tr in fig.data]
    assert names.index("current node") < names.index("names")
    # the frames still move the ring: its trace index is among the animated ones
    assert names.index("current node") in fig.frames[-1].traces
    ring = frame_trace(fig.frames[1], fig, "current node")
    assert (
        min(v for v in ring.x if v is not None)
        < pos["op1"][0]
        < max(v for v in ring.x if v is not None)
    )


def test_the_graph_and_its_replay_are_built_as_plain_data():
    """A page sends these on every rerun with new code: no plotly object is built for them (its
    validation took most of a rerun); the tests above validate them instead."""
    import numpy as np
    from plotly.basedatatypes import BasePlotlyType

    graph, t = readme()
    steps = trace_steps(graph, t)
    found = []

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif not isinstance(value, (str, int, float, type(None), np.ndarray, np.generic)):
            found.append(type(value).__name__)

    for fig in (
        figures.graph_figure(graph, layout(graph), highlight="leaf0"),
        figures.backward_animation(graph, layout(graph, steps), steps),
    ):
        assert not isinstance(fig.spec, BasePlotlyType)
        walk(fig.spec)
        assert found == []
        assert len(fig.spec["data"]) >= 10 and fig.spec["layout"]["height"] > 100

"""The plotly figures: what a learner sees on the page, read back from the figure's data."""

from __future__ import annotations

import subprocess
import sys

import pytest

import autograd_core as torch
from autograd_core import tracing as trace
from autograd_core.playground import figures
from autograd_core.playground.graph import build_graph, layout, trace_steps
from tests.plotly_check import checked


def graph_figure(*args, **kwargs):
    return checked(figures.graph_figure(*args, **kwargs))


def backward_animation(*args, **kwargs):
    return checked(figures.backward_animation(*args, **kwargs))


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


NODE_TRACES = ["leaf tensor (input)", "operation (grad_fn)", "result tensor", "constant (no grad)"]


# --- graph_figure -------------------------------------------------------------------------------


def test_the_figure_shows_values_gradients_and_pytorch_names():
    graph, _ = readme()
    fig = graph_figure(graph, layout(graph))
    leaves = trace_named(fig, "leaf tensor (input)")
    assert sorted(leaves.text) == ["<b>x</b> = 2<br>grad 12", "<b>y</b> = 3<br>grad 31"]
    results = trace_named(fig, "result tensor").text
    assert "<b>z</b> = 39<br>grad 1" in results
    assert "<b>x**2</b> = 4<br>grad 3" in results
    ops = trace_named(fig, "operation (grad_fn)").text
    assert sorted(ops) == [
        "<b>+</b> AddBackward0",
        "<b>^2</b> PowBackward0",
        "<b>^3</b> PowBackward0",
        "<b>×</b> MulBackward0",
    ]


def test_gradients_can_be_hidden():
    graph, _ = readme()
    fig = graph_figure(graph, layout(graph), show_grads=False)
    assert sorted(trace_named(fig, "leaf tensor (input)").text) == ["<b>x</b> = 2", "<b>y</b> = 3"]
    assert "grad" not in " ".join(trace_named(fig, "result tensor").text)
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
    for i in range(3):  # shape, colour and legend name each tell the four kinds apart
        assert len({s[i] for s in styles}) == 4
    assert trace_named(fig, "constant (no grad)").text == ("const <b>2</b>",)


def test_every_node_is_clickable_by_its_id_and_hover_has_the_full_value():
    a = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0], requires_grad=True)
    s = (a * a).sum()
    s.backward()
    graph = build_graph(s, names={"a": a, "s": s})
    fig = graph_figure(graph, layout(graph))
    ids = [i for name in NODE_TRACES for i in (trace_named(fig, name).customdata or ())]
    assert sorted(ids) == sorted(graph.nodes)
    leaf = trace_named(fig, "leaf tensor (input)")
    assert leaf.text == ("<b>a</b><br>= [5] 1, 2, …<br>grad [5] 2, 4, …",)  # shape, first numbers
    # the full values, printed as PyTorch prints them
    assert "tensor([1., 2., 3., 4., 5.])" in leaf.hovertext[0]
    assert "tensor([ 2.,  4.,  6.,  8., 10.])" in leaf.hovertext[0]
    assert "AccumulateGrad" in leaf.hovertext[0]
    op_hover = trace_named(fig, "operation (grad_fn)").hovertext
    assert any("saved for backward: self, other (freed after backward)" in h for h in op_hover)


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
    hover = trace_named(graph_figure(graph, layout(graph)), "result tensor").hovertext[0]
    assert "source: line 2, columns 6–11" in hover


def test_cut_edges_are_dashed_and_labelled():
    x = torch.tensor(2.0, requires_grad=True)
    a = x * 2
    d = a.detach()
    graph = build_graph(d * x, names={"x": x, "a": a, "d": d})
    fig = graph_figure(graph, layout(graph))
    cut = trace_named(fig, "cut from the graph")
    assert cut.line.dash == "dash" and len([v for v in cut.x if v is not None]) == 2
    assert trace_named(fig, "data flow").line.dash is None
    assert trace_named(fig, "cut labels").text == ("<i>detach()</i>",)
    assert "detach() <b>d</b> = 4" in trace_named(fig, "constant (no grad)").text


def test_edges_have_arrowheads_pointing_along_them():
    graph, _ = readme()
    fig = graph_figure(graph, layout(graph))
    heads = trace_named(fig, "direction")
    assert heads.marker.symbol == "arrow" and heads.marker.angleref == "previous"
    assert sum(1 for size in heads.marker.size if size > 0) == graph.number_of_edges()


def test_edge_gradients_from_a_trace():
    graph, _ = readme()
    fig = graph_figure(graph, layout(graph))
    assert sorted(trace_named(fig, "edge gradients").text) == sorted(
        ["∂ 1", "∂ 1", "∂ 3", "∂ 4", "∂ 27", "∂ 12"]
    )


def test_highlight_rings_the_chosen_nodes():
    graph, _ = readme()
    pos = layout(graph)
    node = graph.graph["roots"][0]
    ring = trace_named(graph_figure(graph, pos, highlight=node), "selected")
    assert (ring.x, ring.y) == ((pos[node][0],), (pos[node][1],))
    both = trace_named(graph_figure(graph, pos, highlight=["leaf8", "leaf9"]), "selected")
    assert len(both.x) == 2


def test_light_and_dark_themes():
    graph, _ = readme()
    pos = layout(graph)
    light, dark = graph_figure(graph, pos), graph_figure(graph, pos, theme="dark")
    assert light.layout.paper_bgcolor == "#ffffff" and dark.layout.paper_bgcolor == "#0e1117"
    assert trace_named(dark, "result tensor").textfont.color == "#fafafa"
    with pytest.raises(ValueError, match="theme must be one of"):
        graph_figure(graph, pos, theme="neon")


def test_a_500_node_graph_is_a_handful_of_traces():
    h = torch.tensor([0.5, -0.25, 1.0], requires_grad=True)
    for i in range(63):
        w = torch.tensor([0.9, 1.1, 0.8], requires_grad=True)
        h = (h * w + 0.01 * i).tanh()
    loss = h.sum()
    loss.backward()
    graph = build_graph(loss)
    assert graph.number_of_nodes() >= 500
    fig = graph_figure(graph, layout(graph))
    assert len(fig.data) <= 10
    assert sum(len(trace_named(fig, name).x) for name in NODE_TRACES) == graph.number_of_nodes()


# --- backward_animation -------------------------------------------------------------------------


def animation():
    graph, t = readme()
    steps = trace_steps(graph, t)
    return backward_animation(graph, layout(graph), steps), steps, graph


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
    fig, _, graph = animation()
    grads = [frame_trace(f, fig, "gradients").text for f in fig.frames]
    assert grads[0] in (None, ())  # forward pass: no gradients yet
    assert "<b>grad 12</b>" in grads[-1] and "<b>grad 31</b>" in grads[-1]
    assert "<b>Σ so far 27</b>" in grads[2]  # y has heard from y**3 only
    assert "<b>Σ so far 31</b>" in grads[3]  # ... and then from the product: 27 + 4

    numbers = [frame_trace(f, fig, "step numbers").text for f in fig.frames]
    assert numbers[3] == ("1 × 3 = 3", "1 × 4 = 4")
    assert numbers[4] == ("None → 31",) and numbers[6] == ("None → 12",)

    captions = [f.layout.annotations[0].text for f in fig.frames]
    assert captions[0].startswith("Forward pass done")
    assert captions[6] == "Step 6 of 6: x.grad: None → 12"

    current = [frame_trace(f, fig, "current node") for f in fig.frames[1:]]
    pos = layout(graph)
    assert (current[0].x[0], current[0].y[0]) == pos[graph.graph["engine_nodes"][_add(graph)]]
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
    assert "<b>z</b> = 39" in text
    assert "<b>grad 12</b>" in text and "<b>grad 31</b>" in text
    assert fig.layout.annotations[0].text == "Step 6 of 6: x.grad: None → 12"


def test_a_second_backward_starts_from_the_old_grads():
    x = torch.tensor(2.0, requires_grad=True)
    z = x**2
    z.backward(retain_graph=True)
    with trace.record_backward() as traces:
        z.backward()
    graph = build_graph(z, names={"x": x, "z": z})
    fig = backward_animation(graph, layout(graph), trace_steps(graph, traces[0]))
    assert frame_trace(fig.frames[0], fig, "gradients").text == ("<b>grad 4</b>",)
    assert frame_trace(fig.frames[-1], fig, "step numbers").text == ("4 → 8",)


def test_broadcast_and_mean_animation():
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = torch.tensor([[2.0], [-1.0]])
    m = (a * b).mean()
    with trace.record_backward() as traces:
        m.backward()
    graph = build_graph(m, names={"a": a, "b": b, "m": m})
    steps = trace_steps(graph, traces[0])
    fig = backward_animation(graph, layout(graph), steps, theme="dark")
    numbers = [frame_trace(f, fig, "step numbers").text for f in fig.frames]
    assert numbers[1] == ("÷ N = 6",)
    assert numbers[4] == ("Σ back to [3] 0.1667, 0.1667, 0.1667",)
    assert "<b>grad [3] 0.1667, 0.1667, …</b>" in frame_trace(fig.frames[-1], fig, "gradients").text


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
    fig = backward_animation(graph, layout(graph), trace_steps(graph, traces[0]))
    notes = [frame_trace(f, fig, "step numbers").text for f in fig.frames]
    assert ("12 → 120",) in notes  # the hook multiplied y's gradient by 10
    assert "<b>grad 360</b>" in frame_trace(fig.frames[-1], fig, "gradients").text

    w = x * 5
    with trace.record_backward() as traces:
        torch.autograd.grad(w, x)
    graph = build_graph(w, names={"x": x, "w": w})
    fig = backward_animation(graph, layout(graph), trace_steps(graph, traces[0]))
    assert "<b>grad 5</b>" in frame_trace(fig.frames[-1], fig, "gradients").text


def test_rings_are_drawn_under_the_nodes_so_their_labels_stay_readable():
    """A ring is wider than its node: drawn on top, it covered the label `x = 2` under it."""
    graph, t = readme()
    pos = layout(graph)
    leaf = next(n for n, kind in graph.nodes(data="kind") if kind == "leaf")
    names = [tr.name for tr in graph_figure(graph, pos, highlight=leaf).data]
    assert names.index("selected") < min(names.index(n) for n in NODE_TRACES)
    fig = backward_animation(graph, pos, trace_steps(graph, t))
    names = [tr.name for tr in fig.data]
    assert names.index("current node") < min(names.index(n) for n in NODE_TRACES[:3])
    # the frames still move the ring: its trace index is among the animated ones
    assert names.index("current node") in fig.frames[-1].traces
    assert frame_trace(fig.frames[1], fig, "current node").x[0] == pos["op1"][0]


def test_the_highlight_is_a_translucent_halo_the_label_shows_through():
    graph, _ = readme()
    pos = layout(graph)
    leaf = next(n for n, kind in graph.nodes(data="kind") if kind == "leaf")
    ring = trace_named(graph_figure(graph, pos, highlight=leaf), "selected")
    assert ring.marker.symbol == "circle" and ring.marker.opacity < 0.5
    assert ring.marker.line.width <= 2  # a thick edge would cross out the label under the node

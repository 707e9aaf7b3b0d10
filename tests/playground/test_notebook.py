"""draw(z) in a notebook: our tensors, real PyTorch tensors, and backward replayed.

PyTorch is not a dependency: its graphs were recorded by tests/golden/record_torch_graphs.py
into torch_graphs.json, and are rebuilt here as duck-typed stand-ins (nodes with PyTorch's class
names, `next_functions`, `_saved_*` attributes that raise once freed, AccumulateGrad.variable).
Each is checked against what the recording says, and against the same program run through
autograd_core: same node ids, kinds, PyTorch classes and edges. Where torch is importable, the
live tests draw real tensors too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import plotly.graph_objects as go
import pytest

import autograd_core
from autograd_core.playground import draw
from autograd_core.playground.graph import apply_trace, build_graph, trace_steps
from autograd_core.playground.graph.from_torch import build_torch_graph, is_torch_tensor
from autograd_core.playground.graph.torch_replay import steps_from_hooks, torch_trace
from autograd_core.playground.notebook import ReplayUnavailable, _replay_ours
from autograd_core.tracing import BackwardTrace

GOLDEN = Path(__file__).parents[1] / "golden"
sys.path.insert(0, str(GOLDEN))
from torch_graph_programs import PROGRAMS  # noqa: E402

RECORDED = json.loads((GOLDEN / "torch_graphs.json").read_text())["programs"]
STAGES = ("before", "after")


# --- stand-ins for what PyTorch exposes ---------------------------------------------------------


class StandinTensor:
    """A recorded torch.Tensor: what draw reads of one, and nothing else."""

    def __init__(self, entry: dict[str, Any]) -> None:
        self.entry = entry
        self.shape = tuple(entry["shape"])
        self.dtype = entry["dtype"]  # "torch.float32", as str(tensor.dtype) reads
        self.requires_grad = entry["requires_grad"]
        self.is_leaf = entry["is_leaf"]
        self.retains_grad = entry["retains_grad"]
        self.grad = None
        self.grad_fn = None

    def detach(self) -> StandinTensor:
        return self

    def cpu(self) -> StandinTensor:
        return self

    def numpy(self) -> np.ndarray:
        return np.array(self.entry["value"], dtype=self.dtype.removeprefix("torch."))


# draw tells a PyTorch tensor by its type's module, as it must without importing torch.
StandinTensor.__module__ = "torch"


class StandinNode:
    def name(self) -> str:
        return self.recorded_name


class StandinMeta:
    def __init__(self, entry: dict[str, Any]) -> None:
        self.shape = entry["shape"]
        self.dtype = entry["dtype"]


class StandinModule:
    def __init__(self, params: dict[str, StandinTensor]) -> None:
        self.params = params

    def named_parameters(self):
        return iter(self.params.items())

    def named_buffers(self):
        return iter(())


def _freed() -> RuntimeError:
    return RuntimeError(
        "Trying to backward through the graph a second time (or directly access saved tensors "
        "after they have already been freed)."
    )


def rebuild(snapshot: dict[str, Any]) -> tuple[dict[str, Any], StandinTensor, list]:
    """(names, root, nodes) as PyTorch objects would give them, from a recorded snapshot."""
    tensors = [StandinTensor(e) for e in snapshot["tensors"]]
    nodes: list[Any] = []

    def decode(value: Any) -> Any:
        if isinstance(value, dict) and "tensor" in value:
            return tensors[value["tensor"]]
        if isinstance(value, dict) and "tuple" in value:
            return tuple(decode(v) for v in value["tuple"])
        if isinstance(value, dict) and "text" in value:
            return value["text"]
        if isinstance(value, list):  # a custom Function's saved_tensors
            return tuple(decode(v) for v in value)
        return value

    def saved_property(recorded: Any) -> property:
        def read(_self: Any) -> Any:
            if recorded == "freed":
                raise _freed()
            return decode(recorded)

        return property(read)

    for entry in snapshot["nodes"]:
        attrs: dict[str, Any] = {a: saved_property(v) for a, v in entry["saved"].items()}
        if "saved_tensors" in entry:
            attrs["saved_tensors"] = saved_property(entry["saved_tensors"])
        cls = type(entry["class"], (StandinNode,), attrs)
        node = cls()
        node.recorded_name = entry["name"]
        node._input_metadata = tuple(StandinMeta(m) for m in entry["input_metadata"])
        nodes.append(node)
    for node, entry in zip(nodes, snapshot["nodes"]):
        node.next_functions = tuple(
            (None if i is None else nodes[i], nr) for i, nr in entry["next"]
        )
        if "variable" in entry:
            node.variable = tensors[entry["variable"]]
    for t in tensors:
        t.grad_fn = None if t.entry["grad_fn"] is None else nodes[t.entry["grad_fn"]]
        if t.entry["grad"] is not None:
            grad = StandinTensor({**t.entry, "value": t.entry["grad"], "grad_fn": None})
            t.grad = grad
    names = {}
    for name, value in snapshot["names"].items():
        if isinstance(value, dict):
            names[name] = StandinModule({p: tensors[i] for p, i in value["module"].items()})
        else:
            names[name] = tensors[value]
    return names, tensors[snapshot["root"]], nodes


def ours(program: str, stage: str) -> tuple[dict[str, Any], Any]:
    """The same program through autograd_core: (names, root), backward run for "after"."""
    names, root, backward = PROGRAMS[program](autograd_core)
    if stage == "after":
        backward()
    return names, root


def structure(graph: Any) -> tuple[list, list]:
    nodes = [(n, d["kind"], d["pytorch_name"]) for n, d in graph.nodes(data=True)]
    edges = sorted((u, v, d["kind"], d["input_indices"]) for u, v, d in graph.edges(data=True))
    return nodes, edges


def close(a: Any, b: Any) -> bool:
    return np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=1e-5, atol=1e-6)


# --- a recorded PyTorch graph, drawn -----------------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("program", PROGRAMS)
def test_a_pytorch_graph_is_drawn_with_the_nodes_and_edges_autograd_core_records(program, stage):
    names, root, _ = rebuild(RECORDED[program][stage])
    theirs = build_torch_graph(root, names=names)
    our_names, our_root = ours(program, stage)
    mine = build_graph(our_root, names=our_names)
    assert structure(theirs) == structure(mine)
    for node, data in theirs.nodes(data=True):
        other = mine.nodes[node]
        if "?" not in data["label"]:  # `x**2 * y`, `model.0.weight`, the data `y`, the 2
            assert data["label"] == other["label"], node
        if data["value"] is not None:
            assert close(data["value"], other["value"]), (node, data["value"], other["value"])
        if data["kind"] == "leaf":
            assert (data["grad"] is None) == (stage == "before")
            if data["grad"] is not None:
                assert close(data["grad"], other["grad"])


@pytest.mark.parametrize("program", PROGRAMS)
def test_values_come_from_what_pytorch_kept_and_are_recomputed_only_when_checkable(program):
    """Leaves and the root read their own values; an intermediate comes from a saved tensor
    that is it, or is recomputed with our registry and must have PyTorch's recorded shape."""
    snapshot = RECORDED[program]["before"]
    names, root, nodes = rebuild(snapshot)
    graph = build_torch_graph(root, names=names)
    results = graph.graph["results"]
    for fn, entry in zip(nodes, snapshot["nodes"]):
        if fn not in results or "variable" in entry:
            continue
        data = graph.nodes[results[fn]]
        assert data["shape"] == tuple(entry["input_metadata"][0]["shape"])
        if data["value"] is not None:
            assert data["value"].shape == data["shape"]
    root_data = graph.nodes[graph.graph["roots"][0]]
    assert close(root_data["value"], np.array(snapshot["tensors"][snapshot["root"]]["value"]))
    for node, data in graph.nodes(data=True):
        if data["kind"] == "result" and data["value"] is None:
            # unknown only when an input is (PyTorch kept no copy of the 1 in `x + 1`), or when
            # the forward is the learner's own (a custom Function: not ours to rerun)
            (op,) = graph.predecessors(node)
            inputs = [graph.nodes[i]["value"] for i in graph.nodes[op]["inputs"]]
            assert any(v is None for v in inputs) or graph.nodes[op]["primitive"] == "custom"
            assert "did not keep" in data["note"]


def test_the_scalar_chain_reads_as_the_graph_explorer_shows_it():
    names, root, _ = rebuild(RECORDED["scalar_chain"]["before"])
    graph = build_torch_graph(root, names=names)
    by_label = {d["label"]: d for _, d in graph.nodes(data=True)}
    assert by_label["x**2"]["value_source"] == "tensor"  # MulBackward0 saved it as `self`
    assert by_label["y**3"]["value_source"] == "recomputed"  # nothing saved it: rerun y**3
    assert by_label["y**3"]["value"] == 27
    assert by_label["exp(x + ?)"]["value"] == pytest.approx(np.exp(3))  # its saved result
    assert by_label["x + ?"]["value"] is None
    # x * 2: MulBackward0 keeps the 2; x + 1: AddBackward0 keeps nothing, and the box says so
    assert by_label["2"]["kind"] == "constant" and by_label["2"]["value"] == 2
    assert "x * 2" in by_label
    assert by_label["?"]["kind"] == "constant" and "not kept" in by_label["?"]["note"]
    names, root, _ = rebuild(RECORDED["scalar_chain"]["after"])
    graph = build_torch_graph(root, names=names)
    by_label = {d["label"]: d for _, d in graph.nodes(data=True)}
    assert by_label["z"]["value"] == pytest.approx(2 * 2 * 3 + 27 + 4 + np.exp(3) / 3, rel=1e-6)
    assert by_label["x**2"]["value_source"] == "recomputed"  # backward freed the saved copy
    assert by_label["x**2"]["value"] == 4
    assert by_label["x"]["grad"] == pytest.approx(4 * 3 + 2 + np.exp(3) / 3, rel=1e-6)
    assert by_label["y"]["grad"] == pytest.approx(4 + 27 - np.exp(3) / 9, rel=1e-6)
    # after backward, the 2 that x * 2 saved is freed too
    notes = sorted(d["note"] for _, d in graph.nodes(data=True) if d["kind"] == "constant")
    assert notes == [
        "PyTorch keeps an input that needs no gradient only when backward uses it: this one "
        "was not kept",
        "its value was saved for backward, and backward freed it",
    ]
    for _, data in graph.nodes(data=True):
        if data["pytorch_name"] == "MulBackward0":
            assert [s["name"] for s in data["saved"]] == ["other", "self"]
            assert {s["summary"] for s in data["saved"]} <= {"freed after backward", "None"}
    op_names = {d["pytorch_name"] for _, d in graph.nodes(data=True) if d["kind"] == "op"}
    assert op_names == {"AddBackward0", "MulBackward0", "PowBackward0", "ExpBackward0",
                        "DivBackward0"}  # fmt: skip


def test_a_constant_pytorch_did_not_keep_is_worked_out_from_a_sum_or_difference():
    """`y_pred - y`: SubBackward0 keeps no copy of the data y, but (y_pred - y) is saved by
    the square that follows, so y = y_pred - (y_pred - y), and it is the y given in names."""
    names, root, _ = rebuild(RECORDED["regression"]["before"])
    graph = build_torch_graph(root, names=names)
    (y,) = [d for _, d in graph.nodes(data=True) if d["label"] == "y"]
    assert y["kind"] == "constant" and list(y["value"]) == [2.0, 4.0, 6.5]
    assert "found from the result" in y["note"]
    (x,) = [d for _, d in graph.nodes(data=True) if d["label"] == "x"]
    assert list(x["value"]) == [1.0, 2.0, 3.0]  # MulBackward0 saved it: no working out
    # the 2 of `w * 4 - 2`, unnamed: one number, as the learner wrote it
    names, root, _ = rebuild(RECORDED["second_backward"]["before"])
    graph = build_torch_graph(root, names=names)
    (two,) = [d for _, d in graph.nodes(data=True) if d["label"] == "2"]
    assert two["kind"] == "constant" and two["value"].shape == () and two["value"] == 2
    assert "w * 4 - 2" in {d["label"] for _, d in graph.nodes(data=True)}
    # after backward the square's saved copy is freed: nothing left to work y out from
    names, root, _ = rebuild(RECORDED["regression"]["after"])
    graph = build_torch_graph(root, names=names)
    assert "y" not in {d["label"] for _, d in graph.nodes(data=True)}


def test_module_parameters_are_named_by_their_path_as_torchviz_params_names_them():
    names, root, _ = rebuild(RECORDED["mlp"]["after"])
    params = dict(names["model"].named_parameters())
    graph = build_torch_graph(root, names=params)
    leaves = sorted(d["label"] for _, d in graph.nodes(data=True) if d["kind"] == "leaf")
    assert leaves == ["0.bias", "0.weight", "2.bias", "2.weight"]
    graph = build_torch_graph(root, names=names)  # {"model": model}
    leaves = sorted(d["label"] for _, d in graph.nodes(data=True) if d["kind"] == "leaf")
    assert leaves == ["model.0.bias", "model.0.weight", "model.2.bias", "model.2.weight"]


def test_a_custom_function_is_its_own_box_with_what_it_saved():
    names, root, _ = rebuild(RECORDED["custom_function"]["before"])
    graph = build_torch_graph(root, names=names)
    (node,) = [n for n, d in graph.nodes(data=True) if d["pytorch_name"] == "ScaledSquareBackward"]
    custom = graph.nodes[node]
    assert custom["primitive"] == "custom" and custom["label"] == "ScaledSquare"
    assert [(s["name"], s["summary"], s["node"]) for s in custom["saved"]] == [
        ("saved_tensors[0]", "[2] 0.5, -1", graph.graph["tensors"][id(names["x"])])
    ]
    result = graph.nodes[next(graph.successors(node))]
    assert result["expr"] == "ScaledSquare.apply(x)"
    assert result["value"] is None and "did not keep" in result["note"]  # its forward is yours
    names, root, _ = rebuild(RECORDED["custom_function"]["after"])
    graph = build_torch_graph(root, names=names)
    (custom,) = [
        d for _, d in graph.nodes(data=True) if d["pytorch_name"] == "ScaledSquareBackward"
    ]
    assert custom["saved_freed"] and custom["saved"][0]["summary"] == "freed after backward"


def test_a_retained_gradient_and_a_second_backward_show_as_pytorch_left_them():
    names, root, _ = rebuild(RECORDED["retained"]["after"])
    graph = build_torch_graph(root, names=names)
    h = next(d for _, d in graph.nodes(data=True) if d["label"] == "h")
    assert h["retains_grad"] and list(h["grad"]) == [3.0, 9.0]  # 2h + 1 at h = [1, 4]
    names, root, _ = rebuild(RECORDED["second_backward"]["after"])
    graph = build_torch_graph(root, names=names)
    w = next(d for _, d in graph.nodes(data=True) if d["label"] == "w")
    assert w["grad"] == 2 * 2 * (1.5 * 4 - 2) * 4  # two backward passes added up


# --- replay: the hooks' record of PyTorch's backward, against our engine's own trace --------------


@pytest.mark.parametrize("program", PROGRAMS)
def test_a_pytorch_replay_takes_the_steps_our_engine_takes(program):
    snapshot = RECORDED[program]["before"]
    names, root, nodes = rebuild(snapshot)
    replay = snapshot["replay"]
    log = [
        (nodes[c["node"]], [_array(g) for g in c["grad_inputs"]],
         [_array(g) for g in c["grad_outputs"]])
        for c in replay["calls"]
    ]  # fmt: skip
    leaf_grads = {nodes[i]: _array(g) for i, g in replay["leaf_grads"] if g is not None}
    retained = {t.grad_fn for t in names.values() if getattr(t, "retains_grad", False)}
    trace = BackwardTrace([root], False, True, steps_from_hooks(log, leaf_grads, retained))
    theirs_graph = build_torch_graph(root, names=names, trace=trace)
    theirs = trace_steps(theirs_graph, trace)
    our_names, our_root = ours(program, "before")
    our_trace = _replay_ours(our_root)
    mine_graph = build_graph(our_root, names=our_names, trace=our_trace)
    mine = trace_steps(mine_graph, our_trace)
    # PyTorch sums a broadcast gradient back inside the node; ours shows it as a step of its own
    mine = [s for s in mine if s.kind != "sum_to"]
    assert sorted((s.kind, s.node) for s in theirs) == sorted((s.kind, s.node) for s in mine)
    for step in theirs:
        if step.kind == "accumulate":
            (twin,) = [s for s in mine if s.kind == "accumulate" and s.node == step.node]
            assert step.text == twin.text  # `x.grad: None → 12`
            assert close(step.after, twin.after)
    for node, data in theirs_graph.nodes(data=True):
        if data["kind"] in ("result", "leaf"):
            assert close(data["trace_grad"], mine_graph.nodes[node]["trace_grad"]), node


def _array(value: Any) -> np.ndarray | None:
    return None if value is None else np.array(value, dtype=np.float32)


# --- draw on our tensors -------------------------------------------------------------------------


def _texts(fig: go.Figure, name: str) -> list[str]:
    return [t for trace in fig.data if trace.name == name for t in trace.text]


def x2y_plus_y3():
    x = autograd_core.tensor(2.0, requires_grad=True)
    y = autograd_core.tensor(3.0, requires_grad=True)
    return x, y, x**2 * y + y**3


def test_draw_shows_values_before_backward_and_gradients_after():
    x, y, z = x2y_plus_y3()
    fig = draw(z, names={"x": x, "y": y, "z": z})
    assert isinstance(fig, go.Figure)
    assert sorted(_texts(fig, "values")) == ["= 12", "= 2", "= 27", "= 3", "= 39", "= 4"]
    assert _texts(fig, "node gradients") == ["grad None", "grad None"]
    z.backward()
    fig = draw(z, names={"x": x, "y": y, "z": z})
    assert sorted(_texts(fig, "node gradients")) == ["grad 12", "grad 31"]


def test_unnamed_tensors_read_as_expressions_and_leaves_as_their_values():
    _x, _y, z = x2y_plus_y3()
    titles = " ".join(_texts(draw(z), "names"))
    assert "x**2" not in titles  # no names: the leaves are their values
    assert "<b>tensor(2)</b>" in titles and "<b>tensor(3)</b>" in titles
    # too long for a box, x**2 * y keeps its outer operations (the hover has it all)
    assert "<b>…**2 * tensor(3)</b>" in titles


def test_replay_animates_backward_and_leaves_every_grad_as_it_was():
    x, y, z = x2y_plus_y3()
    h = x * y
    h.retain_grad()
    w = h**2 + z
    fig = draw(w, names={"x": x, "y": y, "h": h, "w": w}, replay=True)
    assert len(fig.frames) > 5  # the forward picture, then one frame per step
    last = " ".join(t for trace in fig.frames[-1].data for t in (trace.text or ()))
    assert "grad 48" in last and "grad 55" in last  # dw/dx = 2h·y + 2xy, dw/dy = 2h·x + 31
    assert x.grad is None and y.grad is None and h.grad is None  # replay stores nothing
    w.backward(retain_graph=True)
    before = x.grad
    draw(w, names={"x": x}, replay=True)
    assert x.grad is before and x.grad.item() == 48 and h.grad.item() == 12


def test_replay_after_backward_freed_the_graph_says_what_to_do_or_replays_the_recording():
    x, y, z = x2y_plus_y3()
    z.backward()
    with pytest.raises(ReplayUnavailable, match="draw.recording"):
        draw(z, replay=True)
    x, y, z = x2y_plus_y3()
    with draw.recording():
        z.backward()
    fig = draw(z, names={"x": x, "y": y}, replay=True)
    steps = fig.layout.sliders[0].steps
    assert len(steps) == len(fig.frames)
    assert x.grad.item() == 12  # the learner's own backward, replayed as it ran


def test_module_paths_name_parameters_given_as_params_or_a_model():
    names, loss = ours("mlp", "before")
    model = names["model"]
    for params in (model, dict(model.named_parameters())):
        titles = " ".join(_texts(draw(loss, params=params), "names"))
        assert "0.weight" in titles and "2.bias" in titles
    titles = " ".join(_texts(draw(loss, names={"net": model}), "names"))
    assert "net.0.weight" in titles


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "words"),
    [
        ((), {}, TypeError, "needs a tensor"),
        (([1, 2],), {}, TypeError, "not list"),
        ((np.ones(2),), {}, TypeError, "not ndarray"),
        ((autograd_core.ones(2),), {"params": 3}, TypeError, "named_parameters"),
        ((autograd_core.ones(2),), {"names": ["x"]}, TypeError, "names="),
        ((autograd_core.ones(2),), {"theme": "blue"}, ValueError, "light"),
        ((autograd_core.ones(2),), {"replay": True}, ReplayUnavailable, "no backward"),
    ],
)
def test_bad_input_gets_a_clear_message(args, kwargs, error, words):
    with pytest.raises(error, match=words):
        draw(*args, **kwargs)


def test_a_notebook_can_show_the_figure_offline():
    """What Jupyter does with a figure: its JSON validates, and its HTML page carries it."""
    x, _y, z = x2y_plus_y3()
    for fig in (draw(z, names={"x": x}), draw(z, names={"x": x}, replay=True)):
        spec = fig.to_plotly_json()
        go.Figure(spec)  # plotly's own validation: a misspelt property raises
        page = fig.to_html(include_plotlyjs=True, full_html=True)
        assert 'src="https://cdn.plot.ly' not in page  # plotly.js is in the page: no network
        assert "AccumulateGrad" in page and "PowBackward0" in page


def test_the_dark_theme_draws_on_a_dark_background():
    _, _, z = x2y_plus_y3()
    light, dark = draw(z), draw(z, theme="dark")
    assert light.layout.paper_bgcolor != dark.layout.paper_bgcolor
    assert _texts(light, "values") == _texts(dark, "values")


def test_standins_are_told_from_our_tensors_as_real_torch_tensors_would_be():
    _, root, _ = rebuild(RECORDED["scalar_chain"]["before"])
    assert is_torch_tensor(root) and not is_torch_tensor(autograd_core.ones(1))
    fig = draw(root)
    assert "ExpBackward0" in " ".join(_texts(fig, "names"))


# --- live: real PyTorch, where it is installed ---------------------------------------------------


@pytest.mark.parametrize("program", PROGRAMS)
def test_live_pytorch_graphs_draw_as_recorded(program):
    torch = pytest.importorskip("torch")
    names, root, backward = PROGRAMS[program](torch)
    for stage in STAGES:
        if stage == "after":
            backward()
        live = build_torch_graph(root, names=names)
        rec_names, rec_root, _ = rebuild(RECORDED[program][stage])
        recorded = build_torch_graph(rec_root, names=rec_names)
        assert structure(live) == structure(recorded)
        for node, data in live.nodes(data=True):
            other = recorded.nodes[node]
            assert data["label"] == other["label"]
            for key in ("value", "grad"):
                if data[key] is not None or other[key] is not None:
                    assert close(data[key], other[key]), (node, key)


def test_live_pytorch_replay_leaves_every_grad_as_it_was():
    torch = pytest.importorskip("torch")
    names, out, backward = PROGRAMS["retained"](torch)
    fig = draw(out, names=names, replay=True)
    assert len(fig.frames) > 3
    assert names["x"].grad is None and names["h"].grad is None
    backward()
    with pytest.raises(ReplayUnavailable, match="retain_graph=True"):
        draw(out, replay=True)
    assert list(names["h"].grad.tolist()) == [3.0, 9.0]


def test_the_readme_notebook_example_runs(tmp_path):
    """The README's code, as a learner pastes it (our engine standing in for torch)."""
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    section = readme.split("## The same graph in a notebook", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert code.startswith("import torch ")
    code = code.replace("import torch ", "import autograd_core as torch ", 1)
    code += "fig = draw(loss, params=neuron)\n"
    code += "frames = [t.text for t in fig.data if t.name == 'module names']\n"
    code += "print(fig.data[0].type, neuron.weight.grad.shape, frames)\n"
    script = tmp_path / "notebook_cell.py"
    script.write_text(code)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "scatter torch.Size([1, 2]) [('Linear',)]"


@pytest.mark.parametrize("program", PROGRAMS)
def test_live_pytorch_replay_matches_the_recorded_one_and_stores_nothing(program):
    torch = pytest.importorskip("torch")
    names, root, _ = PROGRAMS[program](torch)
    leaves = [p for p in _torch_tensors(names) if p.is_leaf and p.requires_grad]
    graph = build_torch_graph(root, names=names)
    trace = torch_trace(graph, [root])  # real hooks on real nodes
    apply_trace(graph, trace)
    recorded = RECORDED[program]["before"]["replay"]
    assert [s.kind for s in trace.steps].count("node") == len(recorded["calls"])
    assert all(p.grad is None for p in leaves)
    for _, data in graph.nodes(data=True):
        if data["kind"] == "leaf":
            assert data["trace_grad"] is not None
    fig = draw(root, names=names, replay=True)
    assert len(fig.frames) == len(trace_steps(graph, trace)) + 1
    assert all(p.grad is None for p in leaves)


def _torch_tensors(names: dict[str, Any]) -> list[Any]:
    found = []
    for value in names.values():
        if hasattr(value, "named_parameters"):
            found += [p for _, p in value.named_parameters()]
        else:
            found.append(value)
    return found


def _varied_torch_programs(torch: Any) -> dict[str, Any]:
    """Ops our registry has and ops it does not (convolution, einsum, where, indexing)."""
    functional = torch.nn.functional
    torch.manual_seed(0)
    x = torch.randn(2, 3, 8, 8, requires_grad=True)
    w = torch.randn(4, 3, 3, 3, requires_grad=True)
    a = torch.randn(5, 4, requires_grad=True)
    b = torch.randn(6, requires_grad=True)
    c = torch.randn(3, 4, requires_grad=True)
    d, e = torch.randn(2, 3, 4, requires_grad=True), torch.randn(2, 4, 5, requires_grad=True)
    f = torch.randn(3, requires_grad=True)
    deep = f
    for _ in range(60):
        deep = torch.tanh(deep * 1.01 + 0.1)
    return {
        "convolution": functional.conv2d(x, w, padding=1).relu().mean(),
        "cross_entropy": functional.cross_entropy(a, torch.tensor([0, 1, 2, 3, 0])),
        "slices_and_cat": torch.cat([b[:3] * 2, b[3:].sigmoid()]).max(),
        "max_over_a_dim": c.max(dim=1).values.sum() + c.view(12).norm(),
        "einsum_softmax": torch.einsum("bij,bjk->bik", d, e).softmax(-1).sum(),
        "where_in_double": torch.where(f > 0, f, f * 0.1).double().sum(),
        "sixty_layers": deep.sum(),
    }


def test_live_varied_pytorch_programs_draw_and_replay_then_refuse_once_freed():
    torch = pytest.importorskip("torch")
    for name, root in _varied_torch_programs(torch).items():
        titles = " ".join(_texts(draw(root), "names"))
        assert type(root.grad_fn).__name__ in titles, name
        assert len(draw(root, replay=True).frames) > 2, name
        root.backward()
        assert "grad None" not in " ".join(_texts(draw(root), "node gradients")), name
        with pytest.raises(ReplayUnavailable):
            draw(root, replay=True)


# --- module frames: draw.recording() watches the forward ------------------------------------------


def _frames(fig: go.Figure) -> list[str]:
    return _texts(fig, "module names")


class TwoLayers(autograd_core.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc1 = autograd_core.nn.Linear(2, 3)
        self.fc2 = autograd_core.nn.Linear(3, 1)

    def forward(self, x):
        return self.fc2(autograd_core.relu(self.fc1(x)))


def test_a_forward_run_inside_draw_recording_is_framed_by_module_call():
    autograd_core.manual_seed(0)
    net, x = TwoLayers(), autograd_core.randn(4, 2)
    untouched = (net(x) ** 2).mean()  # outside recording(): nothing watched its calls
    with draw.recording():
        loss = (net(x) ** 2).mean()
        loss.backward()
    assert _frames(draw(untouched, names={"net": net})) == []
    assert _frames(draw(loss, names={"net": net})) == [
        "net · TwoLayers",
        "net.fc1 · Linear",
        "net.fc2 · Linear",
    ]
    # torchviz's params=model: paths from the model, as its parameters are named (fc1.weight)
    assert _frames(draw(loss, params=net)) == ["TwoLayers", "fc1 · Linear", "fc2 · Linear"]
    # nothing names the modules: their classes, a module called twice told apart by call
    assert _frames(draw(loss)) == ["TwoLayers", "Linear, call 1", "Linear, call 2"]
    fig = draw(loss, params=net, replay=True)  # the recorded backward, framed too
    assert _frames(fig) == ["TwoLayers", "fc1 · Linear", "fc2 · Linear"]
    assert len(fig.frames) > 5


def test_frames_follow_the_recording_that_built_the_graph_and_a_shared_layer():
    autograd_core.manual_seed(1)
    shared = autograd_core.nn.Linear(2, 2)
    seq = autograd_core.nn.Sequential(autograd_core.nn.Linear(2, 2), autograd_core.nn.Tanh())
    x = autograd_core.randn(3, 2)
    with draw.recording():
        first = seq(x).sum()
    with draw.recording():
        second = shared(shared(x)).sum()
    assert _frames(draw(first, names={"seq": seq})) == [
        "seq · Sequential",
        "seq[0] · Linear",
        "seq[1] · Tanh",
    ]
    assert _frames(draw(second, names={"shared": shared})) == [
        "shared · Linear, call 1",
        "shared · Linear, call 2",
    ]


class _Out:
    """A module's output as PyTorch hands it to a hook: a tensor with its grad_fn."""

    def __init__(self, grad_fn: Any) -> None:
        self.grad_fn = grad_fn


_Out.__module__ = "torch"


def _standin_module(kind: str, children: dict[str, Any], params: dict[str, Any]) -> Any:
    module = type(kind, (StandinModule,), {})(params)
    module._modules = children
    return module


def test_a_recorded_pytorch_mlp_is_framed_as_autograd_core_frames_the_same_program():
    from autograd_core.playground.graph.module_calls import (
        ModuleCalls,
        name_calls,
        record_module_calls,
    )

    with record_module_calls() as our_calls:
        names, root = ours("mlp", "before")
    name_calls(our_calls, names)
    expected = build_graph(root, names=names, modules=our_calls).graph["groups"]

    rec_names, rec_root, nodes = rebuild(RECORDED["mlp"]["before"])
    params = rec_names["model"].params
    first = _standin_module("Linear", {}, {})
    tanh = _standin_module("Tanh", {}, {})
    last = _standin_module("Linear", {}, {})
    model = _standin_module("Sequential", {"0": first, "1": tanh, "2": last}, params)
    # the hooks' calls as PyTorch made them for model(X): nodes 4 addmm, 3 tanh, 1 addmm
    calls = ModuleCalls()
    calls.begin(model, ())
    for module, node, given in ((first, 4, None), (tanh, 3, 4), (last, 1, 3)):
        calls.begin(module, () if given is None else (_Out(nodes[given]),))
        calls.end(module, _Out(nodes[node]))
    calls.end(model, _Out(nodes[1]))
    name_calls(calls, {"model": model})
    groups = build_torch_graph(rec_root, names=rec_names, modules=calls).graph["groups"]
    assert [g["label"] for g in groups] == [
        "model · Sequential",
        "model[0] · Linear",
        "model[1] · Tanh",
        "model[2] · Linear",
    ]
    assert groups == expected


def test_live_pytorch_module_calls_are_framed_inside_draw_recording():
    torch = pytest.importorskip("torch")

    class Net(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.body = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU())
            self.head = torch.nn.Linear(3, 1)

        def forward(self, x):
            return self.head(self.body(x))

    torch.manual_seed(0)
    net, x = Net(), torch.randn(4, 2)
    outside = net(x).sum()
    with draw.recording():
        loss = (net(x) ** 2).mean()
        loss.backward()
    assert _frames(draw(outside, params=net)) == []
    assert _frames(draw(loss, names={"net": net})) == [
        "net · Net",
        "net.body · Sequential",
        "net.head · Linear",
        "net.body[0] · Linear",
        "net.body[1] · ReLU",
    ]
    with draw.recording():  # the recorded program, live: its frames as the stand-ins' above
        names, root, _ = PROGRAMS["mlp"](torch)
    assert _frames(draw(root, names=names)) == [
        "model · Sequential",
        "model[0] · Linear",
        "model[1] · Tanh",
        "model[2] · Linear",
    ]

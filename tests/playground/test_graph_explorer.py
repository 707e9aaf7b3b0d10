"""The Graph Explorer's logic (playground.graph_explorer): what a learner sees after each action,
checked with real values and without Streamlit."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd_core.playground.catalogue.examples import EXAMPLES, by_key
from autograd_core.playground.graph_explorer.export import export_code
from autograd_core.playground.graph_explorer.gradient_check import (
    MAX_ELEMENTS,
    check_code,
    check_gradients,
)
from autograd_core.playground.graph_explorer.inspector import inspect_node, latex_escape, latex_name
from autograd_core.playground.graph_explorer.predict import (
    GuessError,
    compare_guess,
    parse_guess,
    targets,
)
from autograd_core.playground.graph_explorer.run import (
    MAX_DRAWN_NODES,
    Candidates,
    explore,
)
from autograd_core.playground.graph_explorer.source import (
    SpanMap,
    prefix_before,
    replace_span,
    seeded,
)
from autograd_core.playground.graph_explorer.state import (
    MAX_CODE_CHARS,
    MAX_LINK_CODE_CHARS,
    ExplorerState,
    decode_state,
    encode_state,
    example_state,
    link_problem,
    parse_span_key,
    span_key,
)
from autograd_core.playground.sandbox import DEFAULT_LIMITS, Overrides, Span, run_snippet, span_text
from tests.golden_text import same_run
from tests.plotly_check import checked

TORCH_PYTHON = Path(os.environ.get("TORCH_PYTHON", "/work/torchenv/bin/python"))
PRODUCT = by_key("product-rule").code
X_SQUARED = Span(5, 4, 5, 8)  # `x**2` in z = x**2 * y + y**3


def node(exp, label):
    (found,) = [n for n, d in exp.graph.nodes(data=True) if d["label"] == label]
    return exp.graph.nodes[found]


def leaf_grads(exp):
    return {
        d["label"]: (None if d["grad"] is None else float(np.asarray(d["grad"]).reshape(-1)[0]))
        for _, d in exp.graph.nodes(data=True)
        if d["kind"] == "leaf"
    }


# --- running and drawing ------------------------------------------------------------------------


def test_the_seed_example_draws_value_39_and_gradients_12_and_31():
    exp = explore(PRODUCT)
    assert exp.error is None
    assert exp.output == "tensor(39., grad_fn=<AddBackward0>)\ntensor(12.)\ntensor(31.)\n"
    assert float(node(exp, "z")["value"]) == 39.0
    assert leaf_grads(exp) == {"x": 12.0, "y": 31.0}
    assert node(exp, "×")["pytorch_name"] == "MulBackward0"
    assert [s.kind for s in exp.steps].count("accumulate") == 2
    assert exp.backward_calls == ("#1 · backward from `z`, computed on line 5",)


def test_every_example_runs_and_draws():
    for example in EXAMPLES:
        exp = explore(example.code)
        assert exp.error is None, (example.key, exp.error)
        assert exp.output == example.output, example.key
        assert exp.graph is not None and exp.graph.number_of_nodes() > 0, example.key


def test_detach_cuts_x_off_and_leaves_y_with_its_whole_gradient():
    exp = explore(PRODUCT, Overrides(detach=frozenset({X_SQUARED})))
    assert "z = (x**2).detach() * y + y**3" in exp.code
    assert exp.output.splitlines()[1:] == ["None", "tensor(31.)"]  # what print(x.grad) shows
    assert leaf_grads(exp) == {"x": None, "y": 31.0}
    cut = [d for _, d in exp.graph.nodes(data=True) if d["origin"] == "detach"]
    assert len(cut) == 1 and float(cut[0]["value"]) == 4.0
    assert any(data["cut"] for *_, data in exp.graph.edges(data=True))
    # the node drawn for x**2 still knows where it is in the code as typed
    assert exp.typed_sites[exp.node_for_span(X_SQUARED)] == X_SQUARED


def test_detach_changes_gradients_exactly_as_the_engine_says():
    exp = explore(PRODUCT, Overrides(detach=frozenset({X_SQUARED})))
    direct = run_snippet(exp.code)
    assert leaf_grads(exp)["y"] == float(direct.variables["y"].grad)
    assert direct.variables["x"].grad is None


def test_requires_grad_off_turns_a_leaf_into_a_constant():
    exp = explore(PRODUCT, Overrides(requires_grad={"y": False}))
    assert "y.requires_grad_(False)" in exp.code
    assert leaf_grads(exp) == {"x": 12.0}
    assert node(exp, "y")["kind"] == "constant"


def test_retain_grad_keeps_an_intermediate_gradient():
    exp = explore(by_key("linear-loss").code, Overrides(retain_grad=frozenset({"y_pred"})))
    data = node(exp, "y_pred")
    assert data["retains_grad"] and float(data["grad"]) == -10.0
    assert "retain_grad" in [s.kind for s in exp.steps]


def test_no_grad_shows_pytorchs_error_and_the_graph_up_to_the_failing_line():
    exp = explore(PRODUCT, Overrides(no_grad=True))
    assert exp.error.kind == "runtime" and exp.error.line == 8
    assert "does not require grad" in exp.error.message
    assert "no_grad" in exp.error.hint
    assert exp.partial_line == 8 and exp.output == "tensor(39.)\n"
    assert node(exp, "z")["kind"] == "constant"  # computed, but nothing recorded
    assert exp.typed_line(8) == 7  # the learner's own line number
    assert exp.error_place() == (PRODUCT, 7, 1)  # z.backward(), column 1 of the typed line


@pytest.mark.parametrize(
    "code, kind",
    [
        ("import os", "unsupported"),
        ("import torch\nx = (", "syntax"),
        ("import torch\nx = torch.ones(10**8)", "limit"),
        ("import torch\nfor i in range(10**9):\n    pass", "limit"),
        ("while True:\n    pass", "limit"),  # while runs now (issue 16), bounded
    ],
)
def test_a_bad_or_hostile_snippet_ends_in_a_message_not_an_exception(code, kind):
    exp = explore(code)
    assert exp.error.kind == kind and exp.error.message
    assert exp.graph is None and exp.partial_line is None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_ends_in_a_drawing_or_a_message(text):
    exp = explore(text)
    assert exp.error is not None or exp.note is not None or exp.graph is not None
    if exp.error is not None:
        assert exp.error.message and exp.error.hint


def test_a_huge_graph_is_refused_before_it_is_built():
    code = "import torch\nx = torch.tensor(2.0, requires_grad=True)\nh = x\n"
    code += "for i in range(800):\n    h = h * 1.001\n"
    exp = explore(code)
    assert exp.graph is None and f"{MAX_DRAWN_NODES:,}" in exp.note


def test_choosing_which_backward_call_to_replay():
    code = by_key("accumulate-and-zero").code
    last, first = explore(code), explore(code, backward=0)
    assert len(last.backward_calls) == 2 and last.backward == 1 and first.backward == 0
    first_step = first.steps[-1]
    assert first_step.kind == "accumulate" and first_step.text.endswith("None → 4")


def test_random_numbers_are_the_same_on_every_rerun():
    code = "import torch\nw = torch.randn(3, requires_grad=True)\ny = (w * w).sum()\ny.backward()"
    a, b = explore(code), explore(code)
    assert np.array_equal(node(a, "w")["value"], node(b, "w")["value"])


# --- what the switches can act on ------------------------------------------------------------


def test_candidates_of_the_seed_example():
    cands = explore(PRODUCT).candidates
    assert cands.leaves == (("x", True), ("y", True))
    assert [i.text for i in cands.intermediates] == ["x**2", "x**2 * y", "x**2 * y + y**3", "y**3"]
    assert cands.intermediates[0].span == X_SQUARED and cands.intermediates[0].key == "5:4-5:8"
    assert cands.intermediates[0].label == "x**2  (line 5)"
    assert cands.retainable == ("z",)


def test_stale_switches_are_dropped_with_a_note():
    cands = explore(PRODUCT).candidates
    kept, dropped = cands.valid(
        Overrides(
            requires_grad={"x": True, "gone": False},  # x: already True in the code
            detach=frozenset({Span(9, 0, 9, 3)}),
            retain_grad=frozenset({"z", "nope"}),
        )
    )
    assert kept == Overrides(retain_grad=frozenset({"z"}))
    assert dropped == ["gone", "detach at line 9", "nope"]
    assert Candidates().valid(Overrides(no_grad=True))[0].no_grad


# --- source edits -------------------------------------------------------------------------------


def test_seeded_code_keeps_every_line_where_it_was():
    code = "import torch  # hi\nx = torch.randn(2)\n"
    assert seeded(code) == "import torch; torch.manual_seed(0)  # hi\nx = torch.randn(2)\n"
    assert seeded("import torch as t\n") == "import torch as t; t.manual_seed(0)\n"
    assert seeded("import torch; x = 1\n") == "import torch; x = 1\n"  # columns left alone
    assert seeded("x = (") == "x = ("


def test_prefix_before_cuts_into_with_blocks_but_not_into_loops():
    code = "import torch\nwith torch.no_grad():\n    a = 1\n    b = 2\nc = 3\n"
    assert prefix_before(code, 4) == "import torch\nwith torch.no_grad():\n    a = 1\n"
    assert prefix_before(code, 3) == "import torch\nwith torch.no_grad():\n    pass\n"
    loop = "import torch\nfor i in range(3):\n    a = i\n    b = a\n"
    assert prefix_before(loop, 4) == "import torch\n"
    assert prefix_before("x = 1\n", 1) is None


def test_span_map_finds_the_typed_expression_in_rewritten_code():
    ran = "import torch\nwith torch.no_grad():\n    y = (x**2).detach() * 3\n"
    typed = "import torch\ny = x**2 * 3\n"
    mapping = SpanMap(typed, ran)
    assert mapping(Span(3, 9, 3, 13)) == Span(2, 4, 2, 8)  # x**2
    assert mapping(Span(3, 4, 3, 22)) is None  # (x**2).detach(): added by a switch
    assert mapping.line(2) is None and mapping.line(3) == 2


def test_replace_span_handles_non_ascii_lines():
    code = "s = 'é'; x = t(1)\n"
    span = Span(1, len("s = 'é'; x = ".encode()), 1, len("s = 'é'; x = t(1)".encode()))
    assert span_text(code, span) == "t(1)"
    assert replace_span(code, span, "u(2)") == "s = 'é'; x = u(2)\n"


# --- URL state ------------------------------------------------------------------------------------


def test_state_round_trips_through_the_url():
    state = example_state("product-rule").with_toggles(
        {"y": False}, [X_SQUARED], ["z"], no_grad=True
    )
    params = encode_state(state)
    assert params["example"] == "product-rule" and params["code"] == PRODUCT
    assert params["rg"] == "y:0" and params["detach"] == "5:4-5:8" and params["nograd"] == "1"
    assert decode_state(params) == (state, [])


def test_a_link_with_only_code_or_only_an_example():
    state, problems = decode_state({"code": "import torch\nx = 1\n"})
    assert state.code == "import torch\nx = 1\n" and state.example is None and not problems
    state, problems = decode_state({"example": "chain-rule-sin"})
    assert state.code == by_key("chain-rule-sin").code and not problems
    assert decode_state({})[0] == ExplorerState()


def test_bad_link_parts_are_dropped_and_named():
    state, problems = decode_state(
        {
            "example": "nope",
            "rg": "x:1,<script>:0,y:maybe",
            "detach": "5:4-5:8,1:9-1:2,zz",
            "retain": "z,1bad",
            "node": "<img>",
            "backward": "-3",
            "tab": "settings",
        }
    )
    assert state.code == ExplorerState().code
    assert state.requires_grad == (("x", True),) and state.detach == (X_SQUARED,)
    assert state.retain == ("z",) and state.node is None and state.backward is None
    assert state.tab == "inspector" and len(problems) == 9


def test_links_have_size_limits():
    long = "x = 1\n" * (MAX_LINK_CODE_CHARS // 6 + 1)
    assert "code" not in encode_state(ExplorerState(code=long))
    assert "Export" in link_problem(ExplorerState(code=long))
    state, problems = decode_state({"code": "x" * (MAX_CODE_CHARS + 1)})
    assert state == ExplorerState() and "characters long" in problems[0]


LINK_KEYS = ["code", "example", "rg", "detach", "retain", "nograd", "node", "backward", "tab"]
LINK_VALUES = st.one_of(st.text(max_size=60), st.lists(st.text(max_size=20), max_size=3))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([*LINK_KEYS, "predict", "x"]), LINK_VALUES))
def test_decoding_any_link_never_raises(params):
    state, problems = decode_state(params)
    assert isinstance(state, ExplorerState) and isinstance(problems, list)
    assert decode_state(encode_state(state))[0] == state


def test_span_keys():
    assert span_key(X_SQUARED) == "5:4-5:8" and parse_span_key("5:4-5:8") == X_SQUARED
    assert parse_span_key("5:8-5:4") is None and parse_span_key("a:b-c:d") is None


# --- inspector ---------------------------------------------------------------------------------


def test_inspector_writes_the_chain_rule_with_this_runs_numbers():
    exp = explore(PRODUCT)
    ids = {d["label"]: n for n, d in exp.graph.nodes(data=True)}
    y = inspect_node(exp.graph, ids["y"], exp.steps)
    assert y.chain_rule[-1] == r"= 1 \times 27 + 1 \times 4 = 31"
    assert y.grad == "tensor(31.)" and y.grad_source == ".grad" and y.value == "tensor(3.)"
    assert y.accumulation == "y.grad: None → 31" and y.next_functions == "()"
    x = inspect_node(exp.graph, ids["x"], exp.steps)
    assert x.chain_rule[-1] == r"= 3 \times 4 = 12"
    z = inspect_node(exp.graph, ids["z"], exp.steps)
    assert z.next_functions == "((<MulBackward0>, 0), (<PowBackward0>, 0))"
    assert ("grad_fn", "<AddBackward0>") in z.facts and z.chain_rule == [
        r"\frac{\partial z}{\partial z} = 1"
    ]
    mul = inspect_node(exp.graph, ids["×"], exp.steps)
    assert (
        mul.pytorch_name == "MulBackward0" and mul.formula_latex[0] == r"\text{result} = a \cdot b"
    )
    assert ("self", "freed after backward") in mul.saved


def test_inspector_explains_constants_by_how_they_were_cut():
    exp = explore(PRODUCT, Overrides(detach=frozenset({X_SQUARED})))
    (cut,) = [n for n, d in exp.graph.nodes(data=True) if d["origin"] == "detach"]
    report = inspect_node(exp.graph, cut, exp.steps)
    assert report.kind == "constant" and "detach()" in report.explanation and report.grad is None


def test_inspector_explains_a_value_computed_from_a_detach_copy():
    code = (
        "import torch\nx = torch.tensor([1.0, 3.0], requires_grad=True)\ny = x * 2\n"
        "baseline = y.detach().mean()\nloss = (y - baseline).sum()\nloss.backward()\n"
    )
    exp = explore(code)
    (cut,) = [n for n, d in exp.graph.nodes(data=True) if d["label"] == "baseline"]
    report = inspect_node(exp.graph, cut, exp.steps)
    assert report.explanation == (
        "Computed by mean from a detach() copy: nothing was recorded, so no gradient flows back."
    )


def test_vector_gradients_use_elementwise_products():
    exp = explore(by_key("mean-of-squares").code)
    (x,) = [n for n, d in exp.graph.nodes(data=True) if d["label"] == "x"]
    line = inspect_node(exp.graph, x, exp.steps).chain_rule[-1]
    assert r"\odot" in line and "0.6667, 1.333, 2" in line


def test_labels_cannot_inject_latex():
    nasty = r"a\href{x}{y}_$^{}%#&~"
    escaped = latex_escape(nasty)
    stripped = escaped.replace(r"\textbackslash{}", "").replace(r"\textasciicircum{}", "")
    stripped = stripped.replace(r"\textasciitilde{}", "")
    for char in "{}_$%#&":
        stripped = stripped.replace("\\" + char, "")
    assert not any(c in stripped for c in "\\{}_$^%#&~")
    assert latex_name("x") == "x" and latex_name("x**2").startswith(r"\text{")


# --- gradient check ---------------------------------------------------------------------------


def test_gradient_check_agrees_with_autograd_on_the_seed_example():
    exp = explore(PRODUCT)
    report = check_code(exp.code, exp.backward)
    assert report.output == "z" and report.ok
    assert [(r.element, r.autograd) for r in report.rows] == [("x", 12.0), ("y", 31.0)]
    assert all(r.rel_error < 1e-3 for r in report.rows)


def test_gradient_check_uses_the_gradient_passed_to_backward():
    exp = explore(by_key("vector-output").code)
    report = check_code(exp.code, exp.backward)
    assert report.ok and [round(r.numerical, 2) for r in report.rows] == [3.0, 12.0, 27.0]


def test_gradient_check_is_bounded_and_says_so():
    code = "import torch\nw = torch.ones(100, requires_grad=True)\ny = (w * w).sum()\ny.backward()"
    exp = explore(code)
    report = check_code(exp.code, exp.backward)
    assert len(report.rows) == MAX_ELEMENTS and report.left_out == 100 - MAX_ELEMENTS
    stopped = check_gradients(
        exp.code, run_snippet(seeded(exp.code)), exp.backward, time_budget=0.0
    )
    assert stopped.rows == [] and "stopped after" in stopped.stopped


def test_gradient_check_skips_leaves_changed_in_place_with_the_reason():
    exp = explore(by_key("descent-on-parabola").code)
    report = check_code(exp.code, exp.backward)
    assert report.rows == [] and "changed in place" in report.skipped[0]


def test_gradient_check_catches_a_wrong_gradient():
    """A wrong number on the autograd side (24 where the slope is 12) is flagged."""
    exp = explore(PRODUCT)
    report = check_code(exp.code, exp.backward)
    wrong = report.rows[0].__class__(**{**report.rows[0].__dict__, "autograd": 24.0})
    assert not wrong.ok and wrong.rel_error > 0.4


# --- predict, then reveal ---------------------------------------------------------------------


def test_parse_guesses():
    assert parse_guess("12", ()) == 12.0
    assert parse_guess(" -2/3 ", ()) == pytest.approx(-2 / 3)
    assert parse_guess("[0.67, 1.33, 2]", (3,)).tolist() == [0.67, 1.33, 2.0]
    assert parse_guess("1 2; 3 4", (2, 2)).tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert parse_guess("2 / 3, 1e1", (2,)).tolist() == pytest.approx([2 / 3, 10.0])
    bad_guesses = [
        ("12, 13", "one number"),
        ("x", "not a number"),
        ("1/0", "zero"),
        ("__import__('os')", "not a number"),
        ("1" * 500, "characters"),
    ]
    for bad, words in bad_guesses:
        with pytest.raises(GuessError, match=words):
            parse_guess(bad, ())


def test_guesses_compare_to_two_significant_digits():
    exp = explore(by_key("mean-of-squares").code)
    (target,), notes = targets(exp.graph)
    assert target.name == "x" and target.shape == (3,) and not notes
    assert compare_guess(parse_guess("2/3, 4/3, 2", (3,)), target.actual, target).right
    verdict = compare_guess(parse_guess("1, 1.33, 2", (3,)), target.actual, target)
    assert not verdict.right and verdict.wrong_elements == (0,)
    assert "element(s) 0 are off" in verdict.text


# --- export -------------------------------------------------------------------------------------


def test_export_is_the_code_with_the_switches_written_in():
    exp = explore(PRODUCT, Overrides(detach=frozenset({X_SQUARED})))
    code = export_code(exp)
    assert "z = (x**2).detach() * y + y**3" in code
    assert "# Switches written into the code: detach() at line 5." in code
    assert code.rstrip().endswith("# y.grad = tensor(31.)")
    assert run_snippet(code).output == exp.output  # it is runnable code, comments and all


@pytest.mark.torch
@pytest.mark.skipif(not TORCH_PYTHON.exists(), reason="no PyTorch install to compare with")
@pytest.mark.parametrize(
    "key, overrides",
    [
        ("product-rule", Overrides()),
        ("product-rule", Overrides(detach=frozenset({X_SQUARED}))),
        ("product-rule", Overrides(requires_grad={"y": False}, retain_grad=frozenset({"z"}))),
        ("linear-loss", Overrides(retain_grad=frozenset({"y_pred"}))),
        ("mean-of-squares", Overrides()),
        ("second-derivative", Overrides()),
        ("linear-regression-loop", Overrides()),
    ],
)
def test_exported_code_prints_the_same_in_pytorch(key, overrides):
    exp = explore(by_key(key).code, overrides)
    assert exp.error is None
    code = export_code(exp)
    # print every named leaf's gradient too, so the comparison covers gradients, not just output
    leaves = [d["name"] for _, d in exp.graph.nodes(data=True) if d["kind"] == "leaf" and d["name"]]
    probe = "".join(f"\nprint({name!r}, {name}.grad)" for name in leaves)
    ours = run_snippet(code + probe).output
    done = subprocess.run(
        [str(TORCH_PYTHON), "-c", code + probe], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ours


def test_a_long_graph_opens_readable_on_its_output_end():
    from autograd_core.playground.figures.graph_explorer import explorer_figure, shows_part
    from autograd_core.playground.figures.graph_figure import MIN_VIEW_WIDTH

    code = "import torch\nx = torch.tensor(0.5, requires_grad=True)\nh = x\n"
    code += "for i in range(30):\n    h = torch.tanh(h * 1.5)\nh.backward()\n"
    exp = explore(code)
    fig = checked(explorer_figure(exp))
    x0, _, x1, _ = exp.positions.bounds()
    r0, r1 = fig.layout.xaxis.range
    assert shows_part(exp.positions) and fig.layout.xaxis.constraintoward == "right"
    assert r1 >= x1 and r1 - r0 == MIN_VIEW_WIDTH and r0 > x0  # the output end, full size
    small = explore(PRODUCT)
    fig = explorer_figure(small)
    assert not shows_part(small.positions) or small.positions.bounds()[2] > MIN_VIEW_WIDTH


# --- whole tutorial programs (issue 16): functions, classes, custom Functions, hooks -------------

_TUTORIALS = Path(__file__).resolve().parents[1] / "golden" / "sandbox_tutorials"
_SHORT = sorted(
    p
    for p in _TUTORIALS.glob("*.py")
    if "range(2000)" not in p.read_text() and "range(1000)" not in p.read_text()
)


@pytest.mark.parametrize("path", _SHORT, ids=[p.stem for p in _SHORT])
def test_a_tutorial_program_is_drawn_without_an_error(path: Path) -> None:
    exp = explore(path.read_text())
    assert exp.error is None, exp.error
    golden = json.loads((_TUTORIALS.parent / "sandbox_tutorials.json").read_text())["programs"]
    assert same_run(exp.output) == same_run(golden[path.stem])  # what PyTorch printed


def test_a_lazy_layers_weight_before_its_first_batch_is_printed_not_drawn() -> None:
    # it has no value yet (PyTorch prints <UninitializedParameter>): the graph is x's alone
    exp = explore(
        "import torch\nnet = torch.nn.LazyLinear(3)\nw = net.weight\nprint(w)\n"
        "x = torch.ones(2, requires_grad=True)\ny = (x * 2).sum()"
    )
    assert exp.error is None
    assert exp.output == "<UninitializedParameter>\n"
    assert {d.get("name") for _, d in exp.graph.nodes(data=True)} >= {"x", "y"}
    assert "w" not in {d.get("name") for _, d in exp.graph.nodes(data=True)}


class _ProcessorClock:
    """time.thread_time for graph_explorer.run, giving `spent` seconds between its first two
    reads: the first run of a program seems to have taken that long, whatever it really took."""

    def __init__(self, spent: float) -> None:
        self.reads = [0.0, spent]

    def thread_time(self) -> float:
        return self.reads.pop(0) if self.reads else 0.0


def test_the_run_drawn_after_an_error_gets_what_the_first_run_left_of_the_time_limit(
    monkeypatch,
):
    """A program that computes for most of its time limit and then fails is not run again for
    another whole limit to draw it: the two runs together stay within one."""
    from autograd_core.playground.graph_explorer import run as explorer_run

    given = []
    original = explorer_run._run_prefix

    def watched_prefix(exp, limits, watched):
        given.append(limits.time_limit)
        return original(exp, limits, watched)

    monkeypatch.setattr(explorer_run, "_run_prefix", watched_prefix)
    monkeypatch.setattr(explorer_run, "time", _ProcessorClock(0.5))
    exp = explore(PRODUCT, Overrides(no_grad=True))
    assert given == [pytest.approx(DEFAULT_LIMITS.time_limit - 0.5)]
    assert exp.partial_line == 8 and exp.graph is not None  # enough was left: drawn


def test_a_program_that_failed_at_the_end_of_its_time_limit_shows_its_error_and_says_why_no_graph(
    monkeypatch,
):
    from autograd_core.playground.graph_explorer import run as explorer_run

    monkeypatch.setattr(explorer_run, "time", _ProcessorClock(DEFAULT_LIMITS.time_limit - 0.01))
    exp = explore(PRODUCT, Overrides(no_grad=True))
    assert exp.error.kind == "runtime" and "does not require grad" in exp.error.message
    assert exp.graph is None and exp.partial_line is None
    assert "nearly the whole time limit" in exp.note

"""The Graph Explorer's toggles as source rewrites: valid PyTorch, same gradients as PyTorch.

Each scenario rewrites a snippet, checks that the result parses and keeps the learner's comments
and layout, runs it under run_snippet, and compares with what PyTorch prints for the same
rewritten code (recorded here; re-checked against a live PyTorch when one is installed).
"""

from __future__ import annotations

import ast
import os
import subprocess
from pathlib import Path

import pytest

from autograd_core.playground.sandbox import (
    Overrides,
    SnippetError,
    Span,
    apply_overrides,
    run_snippet,
    span_text,
)

TORCH_PYTHON = Path(os.environ.get("TORCH_PYTHON", "/work/torchenv/bin/python"))

PRODUCT = """\
import torch  # z = x²y + y³
x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)  # a leaf
a = x**2 * y
z = a + y**3
z.backward()
print(x.grad, y.grad, a.grad)
"""

LOOP = """\
import torch

x = torch.tensor([1.0, 2.0, 3.0])
y_true = torch.tensor([2.0, 4.0, 6.0])
w = torch.tensor(0.0, requires_grad=True)

for epoch in range(3):
    y_pred = w * x
    loss = ((y_pred - y_true) ** 2).mean()
    loss.backward()
    print(f"Epoch {epoch}: w = {w.item():.4f}, loss = {loss.item():.4f}")
    with torch.no_grad():
        w -= 0.1 * w.grad
        w.grad.zero_()
print(y_pred.grad)
"""

NOT_A_LEAF = "element 0 of tensors does not require grad and does not have a grad_fn"


def span_of(source: str, text: str) -> Span:
    """The Span of the first expression whose source is exactly `text`."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.expr) and ast.get_source_segment(source, node) == text:
            return Span(node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)
    raise LookupError(text)


SCENARIOS = {
    "as-written": (PRODUCT, Overrides(), "tensor(12.) tensor(31.) None\n"),
    "y-stops-requiring-grad": (
        PRODUCT,
        Overrides(requires_grad={"y": False}),
        "tensor(12.) None None\n",
    ),
    "detach-x-squared": (
        PRODUCT,
        Overrides(detach=frozenset({span_of(PRODUCT, "x**2")})),
        "None tensor(31.) None\n",
    ),
    "retain-grad-a": (
        PRODUCT,
        Overrides(retain_grad=frozenset({"a"})),
        "tensor(12.) tensor(31.) tensor(1.)\n",
    ),
    "everything-under-no-grad": (PRODUCT, Overrides(no_grad=True), NOT_A_LEAF),
    "detach-and-retain": (
        PRODUCT,
        Overrides(detach=frozenset({span_of(PRODUCT, "y**3")}), retain_grad=frozenset({"a"})),
        "tensor(12.) tensor(4.) tensor(1.)\n",
    ),
    "loop-retain-inside": (
        LOOP,
        Overrides(retain_grad=frozenset({"y_pred"})),
        "Epoch 0: w = 0.0000, loss = 18.6667\nEpoch 1: w = 1.8667, loss = 0.0830\n"
        "Epoch 2: w = 1.9911, loss = 0.0004\ntensor([-0.0059, -0.0119, -0.0178])\n",
    ),
    "loop-w-constant": (LOOP, Overrides(requires_grad={"w": False}), NOT_A_LEAF),
    "loop-detach-prediction": (
        LOOP,
        Overrides(detach=frozenset({span_of(LOOP, "w * x")})),
        NOT_A_LEAF,
    ),
}


def outcome(source: str) -> str:
    try:
        result = run_snippet(source)
    except SnippetError as error:
        return error.message
    return result.output


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_rewrite_changes_gradients_as_pytorch_does(name: str) -> None:
    source, overrides, expected = SCENARIOS[name]
    rewritten = apply_overrides(source, overrides)
    ast.parse(rewritten)
    assert "# z = x²y + y³" in rewritten or source is not PRODUCT  # comments survive
    assert outcome(rewritten) == expected


@pytest.mark.torch
@pytest.mark.skipif(not TORCH_PYTHON.exists(), reason="no PyTorch install to compare with")
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_rewritten_code_runs_the_same_in_pytorch(name: str) -> None:
    source, overrides, expected = SCENARIOS[name]
    rewritten = apply_overrides(source, overrides)
    done = subprocess.run([str(TORCH_PYTHON), "-c", rewritten], capture_output=True, text=True)
    if done.returncode:
        assert done.stderr.strip().splitlines()[-1] == f"RuntimeError: {expected}"
    else:
        assert done.stdout == expected


def test_requires_grad_goes_after_every_creation_at_its_indentation() -> None:
    source = (
        "import torch\nfor i in range(2):\n    w = torch.randn(2)  # fresh\n    print(w.shape)\n"
        "w = torch.zeros(2); n = 1\nif n: w = torch.ones(2)\n"
    )
    assert apply_overrides(source, Overrides(requires_grad={"w": True})) == (
        "import torch\nfor i in range(2):\n    w = torch.randn(2)  # fresh\n"
        "    w.requires_grad_(True)\n    print(w.shape)\n"
        "w = torch.zeros(2); w.requires_grad_(True); n = 1\n"
        "if n: w = torch.ones(2); w.requires_grad_(True)\n"
    )


def test_retain_grad_follows_each_assignment() -> None:
    source = "y = x * 2\ny += 1\nb, y = 1, x + 1\n"
    assert apply_overrides(source, Overrides(retain_grad=frozenset({"y"}))) == (
        "y = x * 2\ny.retain_grad()\ny += 1\ny.retain_grad()\nb, y = 1, x + 1\ny.retain_grad()\n"
    )


def test_detach_wraps_the_exact_span_also_on_non_ascii_lines() -> None:
    source = 'import torch\nx = torch.ones(1, requires_grad=True)\nmsg = "∂"; z = x * 3 + 1\n'
    span = span_of(source, "x * 3")
    assert span_text(source, span) == "x * 3"
    rewritten = apply_overrides(source, Overrides(detach=frozenset({span})))
    assert rewritten.splitlines()[2] == 'msg = "∂"; z = (x * 3).detach() + 1'


def test_nested_detaches_nest() -> None:
    source = "z = x * y + 1\n"
    spans = frozenset(
        {span_of(source, "x * y"), span_of(source, "x * y + 1"), span_of(source, "x")}
    )
    rewritten = apply_overrides(source, Overrides(detach=spans))
    assert rewritten == "z = (((x).detach() * y).detach() + 1).detach()\n"


def test_no_grad_keeps_imports_on_top_and_strings_intact() -> None:
    source = 'import torch as T\n# setup\nx = T.ones(2, requires_grad=True)\ns = """a\nb"""\n'
    assert apply_overrides(source, Overrides(no_grad=True)) == (
        "import torch as T\n# setup\nwith T.no_grad():\n    x = T.ones(2, requires_grad=True)\n"
        '    s = """a\nb"""\n'
    )


def test_no_grad_adds_the_import_it_needs_and_splits_a_shared_line() -> None:
    assert apply_overrides("x = 1\n", Overrides(no_grad=True)) == (
        "import torch\nwith torch.no_grad():\n    x = 1\n"
    )
    assert apply_overrides("import torch; y = 2\n", Overrides(no_grad=True)) == (
        "import torch\nwith torch.no_grad():\n    y = 2\n"
    )
    tabs = "import torch\nif True:\n\tx = 1\n"
    assert apply_overrides(tabs, Overrides(no_grad=True)) == (
        "import torch\nwith torch.no_grad():\n\tif True:\n\t\tx = 1\n"
    )
    assert apply_overrides("import torch\n", Overrides(no_grad=True)) == "import torch\n"


def test_sites_from_a_run_round_trip_into_detach() -> None:
    result = run_snippet(PRODUCT)
    a = result.variables["a"]
    rewritten = apply_overrides(PRODUCT, Overrides(detach=frozenset({result.sites[id(a)]})))
    assert "a = (x**2 * y).detach()\nz = a + y**3" in rewritten
    assert outcome(rewritten) == "None tensor(27.) None\n"


def test_overrides_that_name_nothing_are_errors() -> None:
    with pytest.raises(SnippetError, match="no statement creates the leaf tensor `q`"):
        apply_overrides(PRODUCT, Overrides(requires_grad={"q": True}))
    with pytest.raises(SnippetError, match="no statement assigns `q`"):
        apply_overrides(PRODUCT, Overrides(retain_grad=frozenset({"q"})))
    with pytest.raises(SnippetError, match="no expression at line 9"):
        apply_overrides(PRODUCT, Overrides(detach=frozenset({Span(9, 0, 9, 1)})))
    with pytest.raises(SnippetError) as info:
        apply_overrides("x = (", Overrides(no_grad=True))
    assert info.value.kind == "syntax"


def test_requires_grad_switch_has_the_last_word_over_later_code():
    src = (
        "import torch\n"
        "x = torch.randn(3, requires_grad=True)\n"
        "x.requires_grad_(False)\n"
        "print('After:', x.requires_grad)\n"
    )
    out = apply_overrides(src, Overrides(requires_grad={"x": True}))
    assert run_snippet(out).output == "After: True\n"
    out = apply_overrides(
        src.replace("x.requires_grad_(False)", "x.requires_grad = False"),
        Overrides(requires_grad={"x": True}),
    )
    assert run_snippet(out).output == "After: True\n"


MICROGRAD_NEURON = """\
import torch
x1 = torch.Tensor([2.0]).double()                ; x1.requires_grad = True
w1 = torch.Tensor([-3.0]).double()               ; w1.requires_grad = True
b = torch.Tensor([6.8813735870195432]).double()  ; b.requires_grad = True
o = torch.tanh(x1*w1 + b)
o.backward()

def neuron(nin):
    b = torch.tensor(0.5, requires_grad=True)
    return b
"""


def test_the_switches_follow_the_programs_own_variables_not_a_functions_namesakes():
    """Karpathy's micrograd lecture: leaves made as `torch.Tensor([...]).double()` are leaves
    a switch can turn off, and switching `b` off edits the program's `b`, not the `b` inside
    neuron(), another tensor of the same name."""
    from autograd_core.playground.graph_explorer.run import explore

    exp = explore(MICROGRAD_NEURON)
    assert dict(exp.candidates.leaves) == {"x1": True, "w1": True, "b": True}
    code = apply_overrides(MICROGRAD_NEURON, Overrides(requires_grad={"b": False}))
    inside = code[code.index("def neuron") :]
    assert "requires_grad_" not in inside
    switched = explore(MICROGRAD_NEURON, Overrides(requires_grad={"b": False}))
    assert switched.error is None
    grads = {d.get("name"): d.get("grad") for _, d in switched.graph.nodes(data=True)}
    assert grads.get("b") is None and grads.get("x1") is not None

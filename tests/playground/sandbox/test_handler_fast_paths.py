"""The interpreter's fast paths (handlers.py) against what the plain tree walker did.

Each common node is one closure that reads its name and constant operands itself, calls an
engine method directly once it has seen the object's type, binds `a -= lr * a.grad` at module
level without the general lookup, and enters a `with torch.no_grad():` without a generator.
What that could get wrong, as a learner would notice it:

- a limit stops the run at another node (the step count, or the node the step that crossed
  the limit belongs to): step_positions.json holds, for two tutorial-shaped programs, where the
  tree walker before the fast paths stopped for every value of max_operations;
- a node keeps using what it learnt from an earlier value (its type, its method) after the
  name holds something else;
- an error is placed at the parent instead of the name or constant the parent read itself;
- tensors lose the names and sites the pages show.

The expected values were recorded by running each program with the interpreter before the fast
paths (they are what Python prints, or the tree walker's positions).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograd_core.playground.graph_explorer.run import explore
from autograd_core.playground.sandbox import SnippetError, Span, run_snippet
from autograd_core.playground.sandbox import limits as limits_module
from autograd_core.playground.sandbox.limits import Clocks, Limits

POSITIONS = json.loads((Path(__file__).parent / "step_positions.json").read_text())


def _error(source: str, **limit_values: float) -> SnippetError:
    with pytest.raises(SnippetError) as info:
        run_snippet(source, limits=Limits(**limit_values))
    return info.value


def _col(source: str, line: int, text: str) -> int:
    return source.split("\n")[line - 1].index(text) + 1


# --- where a limit stops a run ------------------------------------------------------------------


@pytest.mark.parametrize("program", sorted(POSITIONS))
def test_a_step_limit_stops_at_the_node_the_tree_walker_stopped_at_for_every_limit(program):
    source, stops = POSITIONS[program]["source"], POSITIONS[program]["stops"]
    steps = stops.index(None) + 1  # the first limit that lets the program finish
    run_snippet(source, limits=Limits(max_operations=steps))
    for limit, expected in enumerate(stops[: steps - 1], start=1):
        error = _error(source, max_operations=limit)
        assert error.kind == "limit" and f"more than {limit:,} steps" in error.message
        where = [error.line, error.col, [list(call) for call in error.calls]]
        assert where == expected, f"max_operations={limit}"


def test_the_two_programs_take_the_tree_walkers_step_counts():
    # a training loop (names, constants, a.grad, loss.backward(), with, a -= ...) and a custom
    # Function inside an nn.Module subclass trained by an optimizer
    steps = {name: data["stops"].index(None) + 1 for name, data in POSITIONS.items()}
    assert steps == {"tutorial": 248, "functions": 237}


def test_a_limit_reached_on_a_name_a_parent_read_is_placed_at_the_name():
    source = POSITIONS["tutorial"]["source"]
    # limit 35: the step past it is the `x` of `b * x` on line 6 (read by the `*`); limit 42:
    # the `2` of `x ** 2`
    error = _error(source, max_operations=35)
    assert (error.line, error.col) == (6, _col(source, 6, "x + a"))
    error = _error(source, max_operations=42)
    assert (error.line, error.col) == (6, _col(source, 6, "2"))


def test_every_engine_method_call_looks_at_the_clocks_once_called_directly(monkeypatch):
    class Clock:
        reads = 0

        def __call__(self) -> float:
            self.reads += 1
            return 100.0

    wall = Clock()
    monkeypatch.setattr(limits_module, "CLOCKS", Clocks(cpu=lambda: 0.0, wall=wall))
    run_snippet("import torch\nx = torch.ones(3)\nfor i in range(300):\n    x.sum()\n")
    assert wall.reads > 300


# --- nothing learnt from one value is used for another -----------------------------------------

SAME_NODE_NEW_VALUES = {
    # `v.shape` on tensors, then on a plain class's own attribute, then a tensor again
    "data-attribute": (
        "import torch\nclass C:\n    def __init__(self):\n        self.shape = 'mine'\n"
        "for v in [torch.ones(2), C(), torch.ones(3, requires_grad=True)]:\n    print(v.shape)\n",
        "torch.Size([2])\nmine\ntorch.Size([3])\n",
    ),
    # `v.sum()` on a tensor, a Parameter (another type), an integer tensor
    "engine-method": (
        "import torch\n"
        "for v in [torch.ones(2), torch.nn.Parameter(torch.ones(3)), torch.tensor([1, 2])]:\n"
        "    print(v.sum())\n",
        "tensor(2.)\ntensor(3., grad_fn=<SumBackward0>)\ntensor(3)\n",
    ),
    # `f(x)`: a model, a torch function, another model, a lambda, a model of another shape
    "model-call": (
        "import torch\ntorch.manual_seed(0)\nx = torch.ones(1, 2)\n"
        "for f in [torch.nn.Linear(2, 1), torch.sin, torch.nn.Tanh(), lambda v: v * 2, "
        "torch.nn.Linear(2, 3)]:\n    print(tuple(f(x).shape))\n",
        "(1, 1)\n(1, 2)\n(1, 2)\n(1, 2)\n(1, 3)\n",
    ),
    # `w * 2` with w a tensor, a list, a string; `w` a function's parameter, a closure's
    # variable and a module-level name of the same spelling
    "operand-names": (
        "import torch\nw = torch.ones(2)\nfor k in range(3):\n    print(w * 2)\n"
        "    w = [1] if k == 0 else 'ab'\nw = 10\ndef f(w):\n    return w * 2\n"
        "def outer():\n    k = 3\n    def inner():\n        return k * w\n    return inner()\n"
        "print(f(3), w * 2, outer())\n",
        "tensor([2., 2.])\n[1, 1]\nabab\n6 20 30\n",
    ),
    # `with m:` with one grad mode, then another; leaving by an error, `continue` and `break`
    "grad-mode-managers": (
        "import torch\nfor m in [torch.no_grad(), torch.enable_grad(), torch.no_grad()]:\n"
        "    with m:\n        print(torch.is_grad_enabled())\n"
        "try:\n    with torch.no_grad():\n        raise ValueError('x')\nexcept ValueError:\n"
        "    pass\nprint(torch.is_grad_enabled())\nfor i in range(2):\n"
        "    with torch.no_grad():\n        if i == 0:\n            continue\n        break\n"
        "print(torch.is_grad_enabled())\n",
        "False\nTrue\nFalse\nTrue\nTrue\n",
    ),
}


@pytest.mark.parametrize("case", SAME_NODE_NEW_VALUES)
def test_one_node_meeting_new_values_does_what_python_does(case):
    source, output = SAME_NODE_NEW_VALUES[case]
    assert run_snippet(source).output == output


REFUSED_LATER = {
    # (source, line, the failing node's text, error type, what was printed before)
    "attribute-of-a-list-after-tensors": (
        "import torch\nfor v in [torch.ones(2), [1, 2]]:\n    print(v.shape)\n",
        3,
        "v.shape",
        "AttributeError",
        "torch.Size([2])\n",
    ),
    "method-of-a-list-after-tensors": (
        "import torch\nfor v in [torch.ones(2), [3.0, 1.0]]:\n    print(v.sum())\n",
        3,
        "v.sum",
        "AttributeError",
        "tensor(2.)\n",
    ),
    # the direct call still checks its arguments: a torch function is not handed to torch
    "function-argument-after-values": (
        "import torch\nx = torch.ones(3)\nfor arg in [1.0, torch.ones(3), torch.sin]:\n"
        "    print(x.add(arg))\n",
        4,
        "x.add(arg)",
        "TypeError",
        "tensor([2., 2., 2.])\ntensor([2., 2., 2.])\n",
    ),
    "not-a-context-manager-after-grad-modes": (
        "import torch\nfor m in [torch.no_grad(), torch.enable_grad(), 3]:\n    with m:\n"
        "        print(torch.is_grad_enabled())\n",
        3,
        "with m",
        "TypeError",
        "False\nTrue\n",
    ),
    "a-deleted-name": (
        "w = 2\nprint(w * 3)\ndel w\nprint(1 + w * 3)\n",
        4,
        "w",
        "NameError",
        "6\n",
    ),
}


@pytest.mark.parametrize("case", REFUSED_LATER)
def test_a_value_the_node_cannot_take_is_refused_at_its_place_after_good_ones(case):
    source, line, text, error_type, printed = REFUSED_LATER[case]
    error = _error(source)
    assert (error.line, error.col, error.error_type) == (line, _col(source, line, text), error_type)
    assert error.output == printed


# --- errors at the name or constant a parent read ----------------------------------------------

INNERMOST = {
    # (source, line, text of the failing node, error type, call sites)
    "object-of-a-method": (
        "import torch\nloss = torch.ones(1)\nmissing.backward()\n",
        3,
        "missing",
        "NameError",
        [],
    ),
    "operand-in-brackets": (
        "import torch\ny = torch.ones(2)\nloss = (y - nope).pow(2)\n",
        3,
        "nope",
        "NameError",
        [],
    ),
    "callee-name": ("x = 1\nprint(x + undefined_fn(3))\n", 2, "undefined_fn", "NameError", []),
    "right-of-a-comparison": (
        "for i in range(2):\n    if i < limit:\n        pass\n",
        2,
        "limit",
        "NameError",
        [],
    ),
    "method-in-a-function-called-deep": (
        "import torch\ndef f(v):\n    return v.nope()\n\nx = 1 + 2 * f(torch.ones(1))\n",
        3,
        "v.nope",
        "AttributeError",
        [(5, "f")],
    ),
    "operand-in-a-custom-forward": (
        "import torch\nclass F(torch.autograd.Function):\n    @staticmethod\n"
        "    def forward(ctx, v):\n        ctx.save_for_backward(v)\n        return v * undefined\n"
        "    @staticmethod\n    def backward(ctx, g):\n        return g\n"
        "x = torch.ones(2, requires_grad=True)\ny = 2 * F.apply(x + 1)\n",
        6,
        "undefined",
        "NameError",
        [(11, "forward")],
    ),
    "attribute-in-a-custom-backward-on-the-second-pass": (
        "import torch\nclass F(torch.autograd.Function):\n    @staticmethod\n"
        "    def forward(ctx, v):\n        ctx.save_for_backward(v)\n        return v * 2\n"
        "    @staticmethod\n    def backward(ctx, g):\n        v, = ctx.saved_tensors\n"
        "        return g * v.nope\nx = torch.ones(2, requires_grad=True)\n"
        "for i in range(2):\n    y = F.apply(x).sum()\n    y.backward()\n",
        10,
        "v.nope",
        "AttributeError",
        [(14, "backward")],
    ),
}


@pytest.mark.parametrize("case", INNERMOST)
def test_an_error_in_a_leaf_a_parent_reads_is_placed_at_the_leaf(case):
    source, line, text, error_type, calls = INNERMOST[case]
    error = _error(source)
    assert (error.line, error.col, error.error_type) == (line, _col(source, line, text), error_type)
    assert error.calls == calls


# --- the names and sites the pages show --------------------------------------------------------


def test_a_tensor_changed_in_place_keeps_its_names_and_its_site():
    source = (
        "import torch\na = torch.ones(2, requires_grad=True)\na.sum().backward()\n"
        "with torch.no_grad():\n    a -= 0.5 * a.grad\nb = a\nwith torch.no_grad():\n"
        "    b -= 1\nc = 1.5\nc -= 0.5\nn = 0\ndef bump():\n    global n\n    n += 1\n"
        "bump()\nbump()\nprint(a, c, n, b is a)\n"
    )
    result = run_snippet(source)
    assert result.output == "tensor([-0.5000, -0.5000], requires_grad=True) 1.0 2 True\n"
    (record,) = [r for r in result.tensors if r.tensor is result.variables["a"]]
    assert record.names == ("a", "b")  # `b -= 1` on the same tensor adds its second name
    assert record.site == Span(2, 4, 2, 37)  # made by torch.ones(...), not by the `-=`


def test_the_explorer_places_each_nested_expression_of_the_last_pass_where_it_was_made():
    # The graph drawn is the last pass's: each tensor node knows the expression that made it
    # (the `*` read both of its names itself), and the leaves the line that made them.
    source = (
        "import torch\nx = torch.linspace(0, 1, 5)\n"
        "w = torch.tensor(0.5, requires_grad=True)\nfor t in range(8):\n"
        "    loss = ((w * x - 1) ** 2).mean()\n    loss.backward()\n"
        "    with torch.no_grad():\n        w -= 0.1 * w.grad\n        w.grad = None\n"
    )
    exp = explore(source)
    assert exp.error is None
    sites = {d["label"]: d["site"] for _, d in exp.graph.nodes(data=True) if d["site"]}
    assert sites == {
        "loss": Span(5, 11, 5, 36),
        "(w * x - 1)**2": Span(5, 12, 5, 28),
        "w * x - 1": Span(5, 13, 5, 22),
        "w * x": Span(5, 13, 5, 18),
        "w": Span(3, 4, 3, 41),
        "x": Span(2, 4, 2, 27),
    }

"""An error inside the snippet's own function points at the line inside the function and at the
line that called it, whoever made the call: the snippet itself (a def, a lambda, a method, a
@property), or the engine calling back (a tensor hook and a module's backward hook during
backward(), a forward hook, a Dataset's __getitem__ asked for by a DataLoader in a for loop, a
custom Function's backward, a LambdaLR's lr_lambda, a key= function). A learner reads
"line 7 (in __getitem__, called from line 11)" as Python's traceback would tell it.
"""

from __future__ import annotations

import pytest

from autograd_core.playground.sandbox import SnippetError, run_snippet

T = "import torch\nfrom torch import nn\n"
DATASET = (
    T + "from torch.utils.data import Dataset, DataLoader\n"  # 1-3
    "class D(Dataset):\n"  # 4
    "    def __init__(self):\n"  # 5
    "        self.x = torch.zeros(2)\n"  # 6
    "    def __len__(self):\n"  # 7
    "        return 4\n"  # 8
    "    def __getitem__(self, i):\n"  # 9
    "        return self.x[i]\n"  # 10
    "loader = DataLoader(D(), batch_size=2)\n"  # 11
    "for xb in loader:\n"  # 12
    "    print(xb)\n"  # 13
)

# (source, line of the error, [(line of each call, function), innermost first], error type)
CASES = {
    "def": (
        "def f(x):\n    y = x + 1\n    return y / 0\n\nf(2)\n",
        3,
        [(5, "f")],
        "ZeroDivisionError",
    ),
    "lambda-over-two-lines": (
        "g = lambda v: (\n    v / 0)\nprint(g(1))\n",
        2,
        [(3, "<lambda>")],
        "ZeroDivisionError",
    ),
    "method": (
        "class A:\n    def m(self):\n        return [][1]\na = A()\na.m()\n",
        3,
        [(5, "m")],
        "IndexError",
    ),
    "nested-calls": (
        "def inner():\n    return {}['k']\ndef outer():\n    return inner()\nouter()\n",
        2,
        [(4, "inner"), (5, "outer")],
        "KeyError",
    ),
    "tensor-hook-in-backward": (
        T + "x = torch.ones(2, requires_grad=True)\ndef h(g):\n    return g + undefined\n"
        "x.register_hook(h)\ny = (x * 2).sum()\ny.backward()\n",
        5,
        [(8, "h")],
        "NameError",
    ),
    "module-backward-hook": (
        T + "m = nn.Linear(2, 1)\ndef h(mod, gi, go):\n    raise RuntimeError('boom')\n"
        "m.register_full_backward_hook(h)\nout = m(torch.ones(1, 2, requires_grad=True))\n"
        "out.sum().backward()\n",
        5,
        [(8, "h")],
        "RuntimeError",
    ),
    "forward-hook-lambda": (
        T + "m = nn.Linear(2, 1)\nm.register_forward_hook(lambda mod, i, o: o.nope)\n"
        "m(torch.ones(1, 2))\n",
        4,
        [(5, "<lambda>")],
        "AttributeError",
    ),
    "dataset-getitem-in-loader": (DATASET, 10, [(12, "__getitem__")], "IndexError"),
    "forward-of-a-module": (
        T + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(2, 1)\n    def forward(self, x):\n"
        "        return self.fc(x) @ torch.ones(3)\nnet = Net()\nnet(torch.ones(1, 2))\n",
        8,
        [(10, "forward")],
        "RuntimeError",
    ),
    "custom-function-backward": (
        T + "class F(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n"
        "        return x * 2\n    @staticmethod\n    def backward(ctx, g):\n"
        "        return g.nope\nx = torch.ones(2, requires_grad=True)\n"
        "F.apply(x).sum().backward()\n",
        9,
        [(11, "backward")],
        "AttributeError",
    ),
    "key-function": (
        "xs = [1, 2]\nprint(sorted(xs,\n    key=lambda v: v / 0))\n",
        3,
        [(2, "<lambda>")],
        "ZeroDivisionError",
    ),
    "lambdalr": (
        T + "w = torch.zeros(1, requires_grad=True)\nopt = torch.optim.SGD([w], lr=1.0)\n"
        "def f(e):\n    return 1 / e\ns = torch.optim.lr_scheduler.LambdaLR(opt, f)\n",
        6,
        [(7, "f")],
        "ZeroDivisionError",
    ),
    "property": (
        "class A:\n    @property\n    def x(self):\n        return 1 / 0\na = A()\nprint(a.x)\n",
        4,
        [(6, "x")],
        "ZeroDivisionError",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_error_in_a_function_names_its_line_and_its_call_site(name: str) -> None:
    source, line, calls, error_type = CASES[name]
    with pytest.raises(SnippetError) as info:
        run_snippet(source)
    error = info.value
    assert (error.line, error.calls, error.error_type) == (line, calls, error_type)
    assert str(error).startswith(f"line {line} (in {calls[0][1]}, called from line {calls[0][0]}")
    assert error.top_line == calls[-1][0]  # the snippet's own line that started it


def test_a_recursion_names_its_call_site_once_with_a_count() -> None:
    source = (
        T + "from torch.utils.data import Dataset\nclass D(Dataset):\n"
        "    def __getitem__(self, i):\n        return self[i]\nD()[0]\n"
    )
    with pytest.raises(SnippetError) as info:
        run_snippet(source)
    error = info.value
    assert error.kind == "limit" and error.line == 6
    assert str(error).startswith(
        "line 6 (in __getitem__, called from line 6 (repeated 48 more times); in __getitem__, "
        "called from line 7): This snippet tried to call functions more than 50 levels deep"
    )


def test_a_hook_lambda_calling_back_names_its_own_line() -> None:
    source = (
        T + "m = nn.Linear(2, 2)\n"
        "m.register_forward_hook(lambda mod, i, o: mod(i[0]))\n"  # 4: calls the module again
        "m(torch.ones(1, 2))\n"
    )
    with pytest.raises(SnippetError) as info:
        run_snippet(source)
    assert info.value.calls[0] == (4, "<lambda>") and info.value.calls[-1] == (5, "<lambda>")

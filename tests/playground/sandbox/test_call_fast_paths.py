"""The fast paths of calls into the snippet's own code, against what PyTorch and Python do.

call_user binds the arguments of `f(x)` / `f(x, y)` without the general matching and runs an
undecorated body in one try; nn.Module's call skips the hook machinery when no hook is
registered and keeps each tree's walk count between passes; autograd.Function.apply builds its
node with less work; a class's own names are worked out once. What that could get wrong, as a
learner would notice it: a hook registered (or removed) in the middle of a loop that does not
fire (or still fires), a Function whose backward gives None for an input, a function redefined
(with another signature) whose old binding is still used, a limit or an error reported at
another place. The programs' outputs are what PyTorch 2.13 printed for the same programs; the
places of errors and limits are what the interpreter reported before these fast paths.
"""

from __future__ import annotations

import pytest

from autograd_core.playground.graph_explorer.run import explore
from autograd_core.playground.sandbox import SnippetError, run_snippet
from autograd_core.playground.sandbox.limits import Limits

HOOKS_MID_LOOP = """\
import torch

class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(2, 1)
        with torch.no_grad():
            self.fc.weight.copy_(torch.tensor([[0.5, -0.25]]))
            self.fc.bias.fill_(0.1)

    def forward(self, x):
        return torch.tanh(self.fc(x))

net = Net()
x = torch.tensor([[1.0, 2.0], [3.0, -1.0]])
handles = []


def net_hook(m, inp, out):
    print('net hook', t, round(out.sum().item(), 4))


def fc_pre(m, inp):
    print('fc pre', t, inp[0].shape)


def fc_backward(m, gi, go):
    print('fc backward', t, [round(v, 4) for v in go[0].flatten().tolist()])


for t in range(6):
    if t == 2:
        handles.append(net.register_forward_hook(net_hook))
        handles.append(net.fc.register_forward_pre_hook(fc_pre))
    if t == 3:
        handles.append(net.fc.register_full_backward_hook(fc_backward))
    if t == 4:
        for h in handles:
            h.remove()
        handles = []
    out = net(x).sum()
    net.zero_grad()
    out.backward()
    print(t, round(out.item(), 4), [round(v, 4) for v in net.fc.weight.grad.flatten().tolist()])
"""
HOOKS_MID_LOOP_PRINTS = [
    "0 1.0514 [1.2726, 1.886]",
    "1 1.0514 [1.2726, 1.886]",
    "fc pre 2 torch.Size([2, 2])",
    "net hook 2 1.0514",
    "2 1.0514 [1.2726, 1.886]",
    "fc pre 3 torch.Size([2, 2])",
    "net hook 3 1.0514",
    "fc backward 3 [0.9901, 0.0942]",
    "3 1.0514 [1.2726, 1.886]",
    "4 1.0514 [1.2726, 1.886]",
    "5 1.0514 [1.2726, 1.886]",
]

FUNCTION_NONE_GRAD = """\
import torch

class ScaleBy(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, k, label):
        ctx.save_for_backward(x, k)
        print('needs', ctx.needs_input_grad)
        return x * k

    @staticmethod
    def backward(ctx, grad_output):
        x, k = ctx.saved_tensors
        return grad_output * k, None, None

x = torch.tensor([1.0, 2.0], requires_grad=True)
k = torch.tensor([3.0, 4.0], requires_grad=True)
for t in range(2):
    y = ScaleBy.apply(x, k, 'scale')
    y.sum().backward()
    print(t, x.grad, k.grad, y.grad_fn.name())
z = ScaleBy.apply(torch.tensor([1.0]), torch.tensor([2.0]), 'plain')
print(z, z.requires_grad)
with torch.no_grad():
    w = ScaleBy.apply(x, k, 'off')
print(w.requires_grad)

class Twice(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a * 2

    @staticmethod
    def backward(ctx, g):
        return g * 2, None, None

print(torch.autograd.grad(Twice.apply(x).sum(), x))
"""
FUNCTION_NONE_GRAD_PRINTS = [
    "needs (True, True, False)",
    "0 tensor([3., 4.]) None ScaleByBackward",
    "needs (True, True, False)",
    "1 tensor([6., 8.]) None ScaleByBackward",
    "needs (False, False, False)",
    "tensor([2.]) False",
    "needs (True, True, False)",
    "False",
    "(tensor([2., 2.]),)",
]

REDEFINED = """\
import torch

def f(x):
    return x + 1

results = []
for i in range(4):
    results.append(f(i))
    if i == 1:
        def f(x, y=10):
            return x * y
    if i == 2:
        f = lambda x: -x
print(results)

def g(a, b):
    return a - b

print(g(5, 3), g(b=5, a=3), g(5, b=1))

def g(a, *rest, scale=2):
    return (a + sum(rest)) * scale

print(g(1), g(1, 2, 3), g(1, 2, scale=-1))
counts = {}
def tally(word, counts=counts):
    counts[word] = counts.get(word, 0) + 1
    return counts[word]
print([tally(w) for w in ['a', 'b', 'a', 'a']], counts)

@torch.no_grad()
def step(p):
    p -= 0.5 * p.grad
    return p.requires_grad, torch.is_grad_enabled()

p = torch.tensor([1.0, 2.0], requires_grad=True)
(p * p).sum().backward()
print(step(p), p, torch.is_grad_enabled())
try:
    f(1, 2)
except TypeError as e:
    print(type(e).__name__, e)
try:
    g()
except TypeError as e:
    print(type(e).__name__, e)
"""
REDEFINED_PRINTS = [
    "[1, 2, 20, -3]",
    "2 -2 4",
    "2 12 -3",
    "[1, 1, 2, 3] {'a': 3, 'b': 1}",
    "(True, False) tensor([0., 0.], requires_grad=True) True",
    "TypeError <lambda>() takes 1 positional argument but 2 were given",
    "TypeError g() missing 1 required positional argument: 'a'",
]


@pytest.mark.parametrize(
    ("source", "prints"),
    [
        (HOOKS_MID_LOOP, HOOKS_MID_LOOP_PRINTS),
        (FUNCTION_NONE_GRAD, FUNCTION_NONE_GRAD_PRINTS),
        (REDEFINED, REDEFINED_PRINTS),
    ],
    ids=["hooks registered and removed mid-loop", "backward gives None", "functions redefined"],
)
def test_a_program_prints_what_pytorch_prints_on_the_page_and_in_the_explorer(source, prints):
    assert run_snippet(source).output.splitlines() == prints
    assert explore(source).output.splitlines() == prints


def test_a_module_without_hooks_then_with_them_then_without_again():
    """The same model called through the page's global hooks (the Graph Explorer's) and its own,
    registered and removed between passes: each pass sees exactly the hooks there are."""
    source = (
        "import torch\n"
        "lin = torch.nn.Linear(1, 1)\n"
        "seen = []\n"
        "for t in range(5):\n"
        "    if t == 1:\n"
        "        pre = lin.register_forward_pre_hook(lambda m, a: seen.append(('pre', t)))\n"
        "    if t == 2:\n"
        "        post = lin.register_forward_hook(lambda m, a, o: seen.append(('post', t)))\n"
        "    if t == 3:\n"
        "        pre.remove()\n"
        "    if t == 4:\n"
        "        post.remove()\n"
        "    lin(torch.ones(1))\n"
        "print(seen)\n"
    )
    expected = "[('pre', 1), ('pre', 2), ('post', 2), ('post', 3)]"
    assert run_snippet(source).output.strip() == expected
    assert explore(source).output.strip() == expected


# --- limits and errors are where they were ------------------------------------------------------

RECURSION = "def down(n):\n    return down(n + 1)\ndown(0)\n"
RECURSION_NO_GRAD = (
    "import torch\n@torch.no_grad()\ndef down(n):\n    return down(n + 1)\ndown(0)\n"
)


@pytest.mark.parametrize(("source", "line"), [(RECURSION, 2), (RECURSION_NO_GRAD, 4)])
def test_a_recursion_stops_at_the_call_depth_limit_with_every_call_site(source, line):
    with pytest.raises(SnippetError) as info:
        run_snippet(source)
    error = info.value
    assert error.kind == "limit" and "more than 50 levels deep" in error.message
    assert (error.line, error.col) == (line, 12)
    assert error.calls == [(line, "down")] * 49 + [(line + 1, "down")]


def test_the_grad_mode_of_a_decorated_function_is_left_behind_by_an_error_inside_it():
    source = (
        "import torch\n"
        "@torch.no_grad()\n"
        "def f(a):\n"
        "    raise ValueError('inside ' + str(torch.is_grad_enabled()))\n"
        "\n"
        "try:\n"
        "    f(1)\n"
        "except ValueError as e:\n"
        "    print(e, torch.is_grad_enabled())\n"
    )
    assert run_snippet(source).output == "inside False True\n"


@pytest.mark.parametrize(
    ("source", "place"),
    [
        (  # an error two calls deep: "line 3, in f, called from line 6, in g, from line 9"
            "def f(a, b):\n    c = a + 1\n    return c / b\n\n"
            "def g(x):\n    y = f(x, 0)\n    return y\n\nprint(g(1))\n",
            ("division by zero", 3, 12, [(6, "f"), (9, "g")]),
        ),
        (
            "import torch\n@torch.no_grad()\ndef f(a):\n    return a.foo\n\nf(torch.ones(1))\n",
            ("'Tensor' object has no attribute 'foo'", 4, 12, [(6, "f")]),
        ),
        (  # in a forward the model's call ran, on the second pass
            "import torch\nclass M(torch.nn.Module):\n    def forward(self, x):\n"
            "        return x @ torch.ones(3, 3)\n\nm = M()\nfor i in range(2):\n"
            "    y = m(torch.ones(2))\n",
            ("mat1 and mat2 shapes cannot be multiplied (1x2 and 3x3)", 4, 16, [(8, "forward")]),
        ),
        (  # in a backward the engine ran
            "import torch\nclass F(torch.autograd.Function):\n    @staticmethod\n"
            "    def forward(ctx, x):\n        return x * 2\n    @staticmethod\n"
            "    def backward(ctx, g):\n        return g.nope\n\n"
            "y = F.apply(torch.ones(2, requires_grad=True))\ny.sum().backward()\n",
            ("'Tensor' object has no attribute 'nope'", 8, 16, [(11, "backward")]),
        ),
    ],
    ids=["two calls deep", "decorated", "module forward", "function backward"],
)
def test_an_error_inside_the_snippets_code_names_its_line_and_every_call_site(source, place):
    with pytest.raises(SnippetError) as info:
        run_snippet(source)
    error = info.value
    assert (error.message, error.line, error.col, error.calls) == place


def test_a_step_limit_inside_a_called_function_stops_at_the_same_step():
    source = "def f(x):\n    return x\nfor i in range(1000):\n    f(i)\n"
    run_snippet(source, limits=Limits(max_operations=8_005))  # the tree walker's count
    with pytest.raises(SnippetError):
        run_snippet(source, limits=Limits(max_operations=8_004))
    with pytest.raises(SnippetError) as info:
        run_snippet(source, limits=Limits(max_operations=2_500))
    error = info.value
    assert "more than 2,500 steps" in error.message
    assert (error.line, error.col, error.calls) == (2, 12, [(4, "f")])

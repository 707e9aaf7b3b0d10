"""Constructs real tutorials use that the playground refused before issue 16, with what PyTorch
2.13 printed for the same code (recorded), and the refusals that keep them safe:

- `type(m) == nn.Linear` (d2l's init functions with net.apply) and `print(type(x))`;
- `from torch.autograd.function import once_differentiable` on a Function's backward, and the
  new-style `forward(x, factor=2.0)` with `setup_context` ("Extending PyTorch");
- the optimizer docs' param groups `[{"params": model[0].parameters(), "lr": 0.5}, ...]`,
  `y_hat[range(len(y_hat)), y]`, nn.Dropout, nn.utils, optimizer.state_dict(), add_module,
  is_inference_mode_enabled() and is_inference();
- and from a fourth round: `import copy` (deepcopy of a model and of a state_dict, copy.copy of
  a list), `m.__class__.__name__`, and the lazy map() and filter().
"""

from __future__ import annotations

import pytest

from autograd_core.playground.sandbox import SnippetError, run_snippet

PROGRAMS = {  # name: (the program, what PyTorch printed)
    "type_init": (
        """\
import torch
from torch import nn
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
def init_constant(m):
    if type(m) == nn.Linear:
        nn.init.constant_(m.weight, 0.5)
        nn.init.zeros_(m.bias)
net.apply(init_constant)
print(net(torch.ones(1, 2)))
print(type(net[0]), type(net[0].bias))
print(type(net[0].weight.data), type(2.5), type(None))
print(type(net[1]) is nn.ReLU, type(net[1]) != nn.ReLU, type(net[1]) in (nn.Linear, nn.Tanh))
print(isinstance(net[2], type(net[0])), type(torch.optim.SGD(net.parameters(), lr=0.1)))
""",
        """\
tensor([[1.5000]], grad_fn=<AddmmBackward0>)
<class 'torch.nn.modules.linear.Linear'> <class 'torch.nn.parameter.Parameter'>
<class 'torch.Tensor'> <class 'float'> <class 'NoneType'>
True False False
True <class 'torch.optim.sgd.SGD'>
""",
    ),
    "once_diff": (
        """\
import torch
from torch.autograd import Function
from torch.autograd.function import once_differentiable
class Cube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3
    @staticmethod
    @once_differentiable
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return grad * 3 * x ** 2
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = Cube.apply(x).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
print(g, g.requires_grad)
try:
    g.sum().backward()
except RuntimeError as e:
    print(e)
class Scale(Function):
    @staticmethod
    def forward(x, factor=2.0):
        return x * factor
    @staticmethod
    def setup_context(ctx, inputs, output):
        x, factor = inputs
        ctx.factor = factor
    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.factor, None
x = torch.tensor([1.0, 2.0], requires_grad=True)
Scale.apply(x).sum().backward()
print(x.grad)
Scale.apply(x, 5.0).sum().backward()
print(x.grad)
""",
        """\
tensor([ 3., 12.]) False
element 0 of tensors does not require grad and does not have a grad_fn
tensor([2., 2.])
tensor([7., 7.])
""",
    ),
    "groups": (
        """\
import torch
from torch import nn
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5), nn.Linear(2, 1))
groups = [{"params": model[0].parameters(), "lr": 0.5}, {"params": model[2].parameters()}]
opt = torch.optim.SGD(groups, lr=0.1)
print([len(g["params"]) for g in opt.param_groups], [g["lr"] for g in opt.param_groups])
model.eval()
loss = model(torch.ones(3, 2)).pow(2).sum()
loss.backward()
print(torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0))
opt.step()
print(opt.state_dict()["param_groups"][0]["lr"], opt.state_dict()["param_groups"][1]["params"])
y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
print(y_hat[range(len(y_hat)), torch.tensor([0, 2])])
model.add_module("out", nn.Sigmoid())
print(model)
with torch.inference_mode():
    z = torch.ones(1) * 2
    print(torch.is_inference_mode_enabled(), z.is_inference())
""",
        """\
[2, 2] [0.5, 0.1]
tensor(5.7688)
0.5 [2, 3]
tensor([0.1000, 0.5000])
Sequential(
  (0): Linear(in_features=2, out_features=2, bias=True)
  (1): Dropout(p=0.5, inplace=False)
  (2): Linear(in_features=2, out_features=1, bias=True)
  (out): Sigmoid()
)
True True
""",
    ),
    # the transfer-learning tutorial's "keep the best weights", DCGAN's class-name test, and
    # the optimizer over filter(lambda p: p.requires_grad, ...) of freezing answers
    "copy_map_filter_class_name": (
        """\
import copy
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 1)

    def forward(self, x):
        return self.fc(x)


torch.manual_seed(0)
net = Net()
best = copy.deepcopy(net)
with torch.no_grad():
    net.fc.weight.fill_(1.0)
print(best.fc.weight, best.fc.weight is net.fc.weight)
sd = copy.deepcopy(net.state_dict())
print(sd["fc.weight"] is net.fc.weight, list(sd))
xs = [1, [2, 3]]
ys, zs = copy.copy(xs), copy.deepcopy(xs)
xs[1].append(4)
print(ys, zs)
try:
    copy.deepcopy(net.fc.weight * 2)
except RuntimeError as e:
    print(str(e)[:60])
print([m.__class__.__name__ for m in net.modules()], net.__class__.__name__.lower())
frozen = filter(lambda p: p.requires_grad, net.parameters())
print(len(list(frozen)), list(map(lambda p: tuple(p.shape), net.parameters())))
print(list(map(str, [1, 2])), list(filter(None, [0, 1, 2])), sum(map(float, "123")))
""",
        """\
Parameter containing:
tensor([[-0.0053,  0.3793]], requires_grad=True) False
False ['fc.weight', 'fc.bias']
[1, [2, 3, 4]] [1, [2, 3]]
Only Tensors created explicitly by the user (graph leaves) s
['Net', 'Linear'] net
2 [(1, 2), (1,)]
['1', '2'] [1, 2] 6.0
""",
    ),
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_prints_what_pytorch_prints(name: str) -> None:
    source, printed = PROGRAMS[name]
    assert run_snippet(source).output == printed


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("type(3)(4)", "calling what type(x) gives is not supported here"),
        ("t = type(3)\nt(4)", "calling what type(x) gives is not supported here"),
        ("f = type", "`type` is not available in the playground"),
        ("type('A', (), {})", "`type` takes one value here: type(x)"),
        ("type(3).mro()", "have no attributes you can use here"),
        ("import torch\nprint(torch.nn.Linear < torch.nn.Linear)", "unsupported operand"),
        # a builtin handed to the engine as a callback stays refused
        ("import torch\ntorch.nn.Linear(1, 1).apply(print)", "apply() needs a function you define"),
        # a generator deeper than a param group's value is still refused
        ("import torch\ntorch.tensor([[[[(i for i in range(3))]]]])", "make it a list first"),
        # a range used as an index is bounded before it is made a list
        ("import torch\ntorch.zeros(2)[range(10**9)]", "collection of 1,000,000,000 items"),
        # copy copies values made of tensors, containers and models, nothing else
        (
            "import copy, torch\ncopy.deepcopy(torch.optim.SGD([torch.ones(1)], lr=0.1))",
            "copy.deepcopy of a `SGD` value is not supported here",
        ),
        ("import copy, torch\ncopy.copy(torch.ones(1))", "use t.clone()"),
        ("x = 1\nx.__class__", "attributes starting with `_` are not accessible"),
    ],
)
def test_what_stays_refused(code: str, message: str) -> None:
    with pytest.raises(SnippetError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run_snippet(code)


def test_type_of_the_playgrounds_own_values_compares_with_nothing() -> None:
    code = "import torch\ndef f():\n    pass\nprint(type(f), type(torch), type(f) == type(torch))"
    assert run_snippet(code).output == "<class 'function'> <class 'module'> False\n"

# Functions with *args, **kwargs, keyword-only and default arguments building models
import torch
from torch import nn


def make_mlp(*sizes, activation=nn.ReLU, bias=True):
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers.append(nn.Linear(a, b, bias=bias))
        layers.append(activation())
    return nn.Sequential(*layers[:-1])


def describe(model, **options):
    sep = options.get("sep", ", ")
    return sep.join(f"{name}{tuple(p.shape)}" for name, p in model.named_parameters())


def step_all(*params, lr=0.1):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad


net = make_mlp(3, 5, 2)
print(net)
print(describe(net))
print(describe(make_mlp(2, 2, bias=False), sep=" | "))
a = torch.tensor(1.0, requires_grad=True)
b = torch.tensor(2.0, requires_grad=True)
(a * b).backward()
step_all(a, b, lr=0.5)
print(a, b)
options = {"lr": 1.0}
(a * b).backward()
step_all(a, b, **options)
print(a.item(), b.item())
square = lambda t, power=2: t ** power
print(square(torch.tensor(3.0)), square(torch.tensor(3.0), power=3))

# Andrej Karpathy, "The spelled-out intro to neural networks and backpropagation: building
# micrograd": the neuron with tanh checked in PyTorch (torch.Tensor([...]).double(),
# requires_grad set by assignment, .data.item(), .grad.item()), the tanh written out with exp,
# and the lecture's tiny MLP loss on four examples, in torch, trained by hand with p.data +=.
import random

import torch

x1 = torch.Tensor([2.0]).double()                ; x1.requires_grad = True
x2 = torch.Tensor([0.0]).double()                ; x2.requires_grad = True
w1 = torch.Tensor([-3.0]).double()               ; w1.requires_grad = True
w2 = torch.Tensor([1.0]).double()                ; w2.requires_grad = True
b = torch.Tensor([6.8813735870195432]).double()  ; b.requires_grad = True
n = x1*w1 + x2*w2 + b
o = torch.tanh(n)

print(o.data.item())
o.backward()

print('---')
print('x2', x2.grad.item())
print('w2', w2.grad.item())
print('x1', x1.grad.item())
print('w1', w1.grad.item())

# the same neuron with tanh written out: e = (2n).exp(); o = (e - 1) / (e + 1)
for t in (x1, x2, w1, w2, b):
    t.grad = None
n = x1*w1 + x2*w2 + b
e = (2*n).exp()
o = (e - 1) / (e + 1)
o.backward()
print(o.item(), x1.grad.item(), w1.grad.item(), o.grad_fn)

random.seed(1337)


def neuron(nin):
    w = torch.tensor([random.uniform(-1, 1) for _ in range(nin)], dtype=torch.float64, requires_grad=True)
    b = torch.tensor(random.uniform(-1, 1), dtype=torch.float64, requires_grad=True)
    return w, b


layers = [[neuron(3) for _ in range(4)], [neuron(4) for _ in range(4)], [neuron(4) for _ in range(1)]]
params = [t for layer in layers for (w, b) in layer for t in (w, b)]
print(sum(p.numel() for p in params))


def mlp(x):
    for layer in layers:
        x = torch.stack([torch.tanh((w * x).sum() + b) for (w, b) in layer])
    return x[0]


xs = [
    [2.0, 3.0, -1.0],
    [3.0, -1.0, 0.5],
    [0.5, 1.0, 1.0],
    [1.0, 1.0, -1.0],
]
ys = [1.0, -1.0, -1.0, 1.0]  # desired targets

for k in range(20):
    # forward pass
    ypred = [mlp(torch.tensor(x, dtype=torch.float64)) for x in xs]
    loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))

    # backward pass
    for p in params:
        p.grad = None
    loss.backward()

    # update
    for p in params:
        p.data += -0.1 * p.grad

    if k % 5 == 0 or k == 19:
        print(k, round(loss.item(), 12))  # (PyTorch's float64 tanh: the last bits may differ)

print([round(y.item(), 4) for y in ypred])

# torch.autograd.functional docs: jacobian, hessian, vjp
import torch
from torch.autograd.functional import hessian, jacobian, vjp


def exp_reducer(x):
    return x.exp().sum(dim=1)


inputs = torch.tensor([[0.1, 0.2], [0.3, 0.4]])
print(jacobian(exp_reducer, inputs))
print(jacobian(exp_reducer, inputs, create_graph=True).shape)


def exp_adder(x, y):
    return 2 * x.exp() + 3 * y


inputs = (torch.tensor([0.5, 1.0]), torch.tensor([0.25, 0.75]))
print(jacobian(exp_adder, inputs))


def pow_reducer(x):
    return x.pow(3).sum()


inputs = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
print(hessian(pow_reducer, inputs))
print(jacobian(torch.sin, torch.tensor([0.0, 1.0])))
v = torch.ones(2)
out, grads = vjp(exp_reducer, torch.tensor([[0.1, 0.2], [0.3, 0.4]]), v)
print(out, grads)

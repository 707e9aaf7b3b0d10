# micrograd's README and test_engine.py check their scalar autograd against PyTorch with
# exactly this code: torch.Tensor([...]).double(), requires_grad set by assignment, relu,
# powers, divisions, and x.grad.item() compared; here the torch side is run as written, plus
# the README's tiny neuron computed with scalars in torch.
# https://github.com/karpathy/micrograd (test/test_engine.py)
import torch


def test_sanity_check():
    x = torch.Tensor([-4.0]).double()
    x.requires_grad = True
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    xpt, ypt = x, y
    print(ypt.data.item(), xpt.grad.item())


def test_more_ops():
    a = torch.Tensor([-4.0]).double()
    b = torch.Tensor([2.0]).double()
    a.requires_grad = True
    b.requires_grad = True
    c = a + b
    d = a * b + b**3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + (b + a).relu()
    d = d + 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g = g + 10.0 / f
    g.backward()
    apt, bpt, gpt = a, b, g

    tol = 1e-6
    print(f'{gpt.data.item():.4f}')
    print(f'{apt.grad.item():.4f}')
    print(f'{bpt.grad.item():.4f}')
    print(abs(gpt.data.item() - 24.70408163265306) < tol)


test_sanity_check()
test_more_ops()

# a 2-input neuron, as in micrograd's demo notebook, written with torch scalars
x1 = torch.Tensor([2.0]).double(); x1.requires_grad = True
x2 = torch.Tensor([0.0]).double(); x2.requires_grad = True
w1 = torch.Tensor([-3.0]).double(); w1.requires_grad = True
w2 = torch.Tensor([1.0]).double(); w2.requires_grad = True
b = torch.Tensor([6.8813735870195432]).double(); b.requires_grad = True
n = x1 * w1 + x2 * w2 + b
o = torch.tanh(n)

print(o.data.item())
o.backward()

print('---')
print('x2', x2.grad.item())
print('w2', w2.grad.item())
print('x1', x1.grad.item())
print('w1', w1.grad.item())
print(o)
print(torch.Tensor(2, 3).shape, torch.Tensor([[1, 2], [3, 4]]).dtype)

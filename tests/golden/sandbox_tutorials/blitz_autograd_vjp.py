# The 60-minute blitz "Autograd: Automatic Differentiation" (its older edition, still widely
# copied): requires_grad, grad_fn, out.backward(), then the vector-Jacobian product example
# where y keeps doubling until its norm passes 1000 and y.backward(v) is called with a vector,
# and requires_grad_(True) and .detach().
# https://pytorch.org/tutorials/beginner/former_torchies/autograd_tutorial.html
import torch

x = torch.ones(2, 2, requires_grad=True)
print(x)

y = x + 2
print(y)
print(y.grad_fn)

z = y * y * 3
out = z.mean()

print(z, out)

a = torch.tensor([[1.0, -2.0], [0.5, 3.0]])
a = ((a * 3) / (a - 1))
print(a.requires_grad)
a.requires_grad_(True)
print(a.requires_grad)
b = (a * a).sum()
print(b.grad_fn)

out.backward()
print(x.grad)

x = torch.tensor([0.3, -1.2, 0.8], requires_grad=True)

y = x * 2
while y.data.norm() < 1000:
    y = y * 2

print(y)

v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)

print(x.grad)

print(x.requires_grad)
print((x ** 2).requires_grad)

with torch.no_grad():
    print((x ** 2).requires_grad)

print(x.requires_grad)
y = x.detach()
print(y.requires_grad)
print(x.eq(y).all())

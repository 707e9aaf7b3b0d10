# Higher-order derivatives as the autograd docs and forum answers write them:
# torch.autograd.grad with create_graph=True for the 2nd and 3rd derivatives, a gradient
# penalty, y.backward(gradient=v) for a vector-Jacobian product, torch.autograd.backward
# with several roots, retain_grad on intermediate tensors, and grad_outputs / allow_unused.
# https://pytorch.org/docs/stable/generated/torch.autograd.grad.html
import torch

x = torch.tensor(2.0, requires_grad=True)
y = x ** 3

dy_dx, = torch.autograd.grad(y, x, create_graph=True)
print(dy_dx)  # 3x^2 = 12
d2y_dx2, = torch.autograd.grad(dy_dx, x, create_graph=True)
print(d2y_dx2)  # 6x = 12
d3y_dx3 = torch.autograd.grad(d2y_dx2, x)[0]
print(d3y_dx3)  # 6

# nth derivative in a loop
def nth_derivative(f, wrt, n):
    for i in range(n):
        grads = torch.autograd.grad(f, wrt, create_graph=True)[0]
        f = grads.sum()
    return grads

x = torch.arange(4, dtype=torch.float, requires_grad=True).reshape(2, 2)
loss = (x ** 4).sum()
print(nth_derivative(f=loss, wrt=x, n=3))

# gradient penalty: the norm of the gradient is part of the loss
w = torch.tensor([1.0, -2.0], requires_grad=True)
inp = torch.tensor([[0.5, 1.5], [2.0, -1.0]], requires_grad=True)
out = torch.tanh(inp @ w)
grads = torch.autograd.grad(outputs=out, inputs=inp,
                            grad_outputs=torch.ones_like(out),
                            create_graph=True, retain_graph=True)[0]
gradient_penalty = ((grads.norm(2, dim=1) - 1) ** 2).mean()
gradient_penalty.backward()
print(gradient_penalty)
print(w.grad)

# vector-Jacobian product with backward(gradient=v)
x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
y = x * 2
while y.data.norm() < 1000:
    y = y * 2
print(y)
v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)
print(x.grad)

# several roots at once
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0, 4.0], requires_grad=True)
c = a * b
d = a + b
c.retain_grad()
torch.autograd.backward([c.sum(), d], [torch.tensor(1.0), torch.tensor([10.0, 100.0])])
print(a.grad, b.grad, c.grad)
print(c.is_leaf, c.requires_grad, type(c.grad_fn).__name__)

# allow_unused and grads that do not flow
p = torch.tensor(1.0, requires_grad=True)
q = torch.tensor(2.0, requires_grad=True)
r = p * 3
print(torch.autograd.grad(r, [p, q], allow_unused=True, retain_graph=True))
try:
    torch.autograd.grad(p * 3, [p, q])
except RuntimeError as e:
    print(e)
print(torch.autograd.grad(r, [p, q], allow_unused=True, materialize_grads=True))

# Hessian-vector product by double backward
x = torch.tensor([1.0, 2.0], requires_grad=True)
f = x[0] ** 2 * x[1] + x[1] ** 3
g, = torch.autograd.grad(f, x, create_graph=True)
v = torch.tensor([1.0, 0.0])
hv, = torch.autograd.grad(g, x, grad_outputs=v)
print(g, hv)

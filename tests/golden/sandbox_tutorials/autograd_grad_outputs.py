# torch.autograd.grad as forum answers and the docs use it: grad_outputs for a non-scalar
# output, a tuple of several inputs, retain_graph to ask twice, allow_unused (None for an input
# not used), create_graph for a gradient penalty that is itself differentiated, and
# is_grads_batched-free per-row gradients with a loop.
# https://pytorch.org/docs/stable/generated/torch.autograd.grad.html
import torch

x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
w = torch.tensor([0.5, -1.0], requires_grad=True)
y = x * w + x ** 2

g, = torch.autograd.grad(y, x, grad_outputs=torch.ones_like(y), retain_graph=True)
print(g)

gx, gw = torch.autograd.grad(outputs=y, inputs=(x, w),
                             grad_outputs=torch.full_like(y, 0.5),
                             retain_graph=True)
print(gx)
print(gw)

unused = torch.tensor(3.0, requires_grad=True)
grads = torch.autograd.grad(y.sum(), [w, unused], allow_unused=True, retain_graph=True)
print(grads)

try:
    torch.autograd.grad(y.sum(), [w, unused])
except RuntimeError as e:
    print(e)

# gradient penalty (WGAN-GP style): the norm of d out / d input, pushed towards 1
lin = torch.nn.Linear(2, 1)
with torch.no_grad():
    lin.weight.copy_(torch.tensor([[0.6, -0.8]]))
    lin.bias.fill_(0.1)
inp = torch.tensor([[1.0, 1.0], [2.0, -1.0]], requires_grad=True)
out = torch.tanh(lin(inp))
gradients = torch.autograd.grad(outputs=out, inputs=inp,
                                grad_outputs=torch.ones(out.size()),
                                create_graph=True, retain_graph=True)[0]
gradient_penalty = ((gradients.norm(2, dim=1) - 1) ** 2).mean()
print(gradients)
print(gradient_penalty)
gradient_penalty.backward()
print(lin.weight.grad)
print(lin.bias.grad)

# per-example gradients with a loop
xs = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
ys = xs ** 3
per_row = [torch.autograd.grad(ys[i], xs, retain_graph=True)[0] for i in range(3)]
print(torch.stack(per_row))

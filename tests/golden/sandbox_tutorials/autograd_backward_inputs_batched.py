# torch.autograd.backward / Tensor.backward(inputs=...) and torch.autograd.grad with
# is_grads_batched=True, as their docs describe them: gradients for some leaves only, the
# sum of several outputs' gradients, and the rows of a Jacobian in one call.
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
y = (w * x ** 2).sum()
y.backward(inputs=[w])
print(x.grad, w.grad)
y = (w * x ** 2).sum()
y.backward(inputs=x)
print(x.grad, w.grad)

x.grad = None
w.grad = None
a = x * w
b = x.exp()
torch.autograd.backward([a.sum(), b], grad_tensors=[None, torch.tensor([1.0, 0.0, 0.5])])
print(x.grad)
print(w.grad)

# the rows of the Jacobian of y = x * w + x^3 by batching the grad_outputs
y = x * w + x ** 3
I_N = torch.eye(3)
jacobian, = torch.autograd.grad(y, x, grad_outputs=I_N, retain_graph=True,
                                is_grads_batched=True)
print(jacobian)


def get_vjp(v):
    return torch.autograd.grad(y, x, v, retain_graph=True)


rows = [get_vjp(v)[0] for v in I_N.unbind()]
print(torch.stack(rows))
print(torch.autograd.functional.jacobian(lambda t: t * w + t ** 3, x))

z = torch.tensor([1.0, 2.0], requires_grad=True)
outs = torch.stack([z.sum(), (z ** 2).sum(), z.prod()])
grads, = torch.autograd.grad(outs, z, torch.eye(3), is_grads_batched=True)
print(grads)

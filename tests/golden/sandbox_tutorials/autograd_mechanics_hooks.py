# "Autograd mechanics" and Tensor.register_hook: hooks that change the gradient
import torch

v = torch.tensor([0., 0., 0.], requires_grad=True)
h = v.register_hook(lambda grad: grad * 2)  # double the gradient
v.backward(torch.tensor([1., 2., 3.]))
print(v.grad)
h.remove()

seen = []


def record(grad):
    seen.append(grad.clone())


x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 3
y.register_hook(record)
y.register_hook(lambda g: g + 1)
z = (y ** 2).sum()
z.backward()
print(seen)
print(x.grad)
print(len(seen), type(seen[0]).__name__)

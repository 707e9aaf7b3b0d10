# nn.Module.register_full_backward_hook and register_full_backward_pre_hook: look at the
# gradients flowing through a layer, and change them (the hook docs' gradient clipping).
# https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook
import torch
from torch import nn

model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.linspace(-0.8, 0.9, p.numel()).reshape(p.shape))

seen = []


def show_grads(module, grad_input, grad_output):
    seen.append(type(module).__name__)
    print(type(module).__name__, "grad_output", [g.shape for g in grad_output])
    print("  grad_input", [None if g is None else g.shape for g in grad_input])


for layer in model:
    layer.register_full_backward_hook(show_grads)

x = torch.tensor([[0.5, -1.0], [1.5, 2.0]], requires_grad=True)
loss = model(x).pow(2).sum()
loss.backward()
print(seen)
print(x.grad)


def clip_grad(module, grad_input, grad_output):
    return tuple(None if g is None else g.clamp(-0.1, 0.1) for g in grad_input)


model2 = nn.Linear(2, 2)
with torch.no_grad():
    model2.weight.copy_(torch.tensor([[1.0, -2.0], [3.0, 0.5]]))
    model2.bias.zero_()
model2.register_full_backward_hook(clip_grad)
x2 = torch.tensor([[1.0, 1.0]], requires_grad=True)
model2(x2).sum().backward()
print(x2.grad)


def scale_output_grad(module, grad_output):
    print("pre-hook", grad_output[0])
    return (grad_output[0] * 10,)


model3 = nn.Linear(2, 1)
with torch.no_grad():
    model3.weight.fill_(1.0)
    model3.bias.fill_(0.0)
h = model3.register_full_backward_pre_hook(scale_output_grad)
x3 = torch.tensor([[2.0, 3.0]], requires_grad=True)
model3(x3).sum().backward()
print(x3.grad, model3.weight.grad)
h.remove()
x3.grad = None
model3(x3).sum().backward()
print(x3.grad)

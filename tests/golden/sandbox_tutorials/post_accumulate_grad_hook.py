# Tensor.register_post_accumulate_grad_hook: the docstring's SGD update on a leaf, then the
# tutorial "How to save memory by fusing the optimizer step into the backward pass": one
# optimizer per parameter, stepped from a hook as soon as that parameter's .grad is ready.
import torch
from torch import nn

v = torch.tensor([0., 0., 0.], requires_grad=True)
lr = 0.01
# simulate a simple SGD update
h = v.register_post_accumulate_grad_hook(lambda p: p.add_(p.grad, alpha=-lr))
v.backward(torch.tensor([1., 2., 3.]))
print(v)
h.remove()  # removes the hook
v.backward(torch.tensor([1., 2., 3.]))
print(v, v.grad)

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))

# Instead of having just *one* optimizer, we will have a ``dict`` of optimizers
# for every parameter so we could reference them in our hook.
optimizer_dict = {p: torch.optim.Adam([p], foreach=False) for p in model.parameters()}


# Define our hook, which will call the optimizer ``step()`` and ``zero_grad()``
def optimizer_hook(parameter) -> None:
    optimizer_dict[parameter].step()
    optimizer_dict[parameter].zero_grad()


# Register the hook onto every parameter
for p in model.parameters():
    p.register_post_accumulate_grad_hook(optimizer_hook)

x = torch.randn(16, 4)
y = torch.randn(16, 2)
for step in range(5):
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    print(step, round(loss.item(), 4), all(p.grad is None for p in model.parameters()))
print(model[2].bias)

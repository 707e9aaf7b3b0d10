# Grad-mode docstrings: no_grad, enable_grad and inference_mode as decorators
import torch

x = torch.tensor([1.], requires_grad=True)


@torch.no_grad()
def doubler(x):
    return x * 2


z = doubler(x)
print(z.requires_grad)


@torch.enable_grad()
def tripler(x):
    return x * 3


with torch.no_grad():
    z = tripler(x)
print(z.requires_grad)


@torch.inference_mode()
def func(x):
    return x * x


out = func(x)
print(out.requires_grad)
with torch.no_grad():
    print(torch.is_grad_enabled(), doubler(x).requires_grad)
print(torch.is_grad_enabled())

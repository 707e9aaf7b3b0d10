# The grad-mode docstrings: torch.no_grad (with, and the @torch.no_grad() decorator on a
# function and on a lambda's caller), torch.set_grad_enabled as a context manager, a decorator
# and a plain call, torch.is_grad_enabled, torch.enable_grad inside no_grad, requires_grad
# in a no_grad block, and inference_mode compared.
# https://pytorch.org/docs/stable/generated/torch.no_grad.html
# https://pytorch.org/docs/stable/generated/torch.set_grad_enabled.html
import torch

x = torch.tensor([1.], requires_grad=True)
with torch.no_grad():
    y = x * 2
print(y.requires_grad)


@torch.no_grad()
def doubler(x):
    return x * 2


z = doubler(x)
print(z.requires_grad)


@torch.no_grad
def tripler(x):
    return x * 3


z = tripler(x)
print(z.requires_grad)

# factory function exception
with torch.no_grad():
    a = torch.nn.Parameter(torch.rand(10))
print(a.requires_grad)

x = torch.tensor([1.], requires_grad=True)
is_train = False
with torch.set_grad_enabled(is_train):
    y = x * 2
print(y.requires_grad)
_ = torch.set_grad_enabled(True)
y = x * 2
print(y.requires_grad)
_ = torch.set_grad_enabled(False)
y = x * 2
print(y.requires_grad)
print(torch.is_grad_enabled())
torch.set_grad_enabled(True)
print(torch.is_grad_enabled())


@torch.set_grad_enabled(False)
def no_grad_doubler(x):
    return x * 2


print(no_grad_doubler(x).requires_grad)

x = torch.tensor([1.], requires_grad=True)
with torch.no_grad():
    with torch.enable_grad():
        y = x * 2
print(y.requires_grad)
y.backward()
print(x.grad)


@torch.enable_grad()
def enabled_doubler(x):
    return x * 2


with torch.no_grad():
    z = enabled_doubler(x)
print(z.requires_grad)

with torch.inference_mode():
    w = x * 2
print(w.requires_grad, w.is_inference(), torch.is_inference_mode_enabled())
print(torch.is_inference_mode_enabled())

for mode in [True, False]:
    with torch.set_grad_enabled(mode):
        out = (x ** 2).sum()
    print(mode, out.requires_grad, out.grad_fn is None)

# "Autograd mechanics": leaves, retain_grad, next_functions, in a helper function
import torch


def describe(t, name):
    kind = "leaf" if t.is_leaf else t.grad_fn.name()
    return f"{name}: {kind}, requires_grad={t.requires_grad}"


a = torch.tensor([1.0, 2.0], requires_grad=True)
b = a * 2
b.retain_grad()
c = b.exp().sum()
c.backward()
for name, t in [("a", a), ("b", b), ("c", c)]:
    print(describe(t, name))
print(b.grad, a.grad)
print([fn.name() if fn is not None else None for fn, _ in c.grad_fn.next_functions])
with torch.no_grad():
    d = a * 2
print(describe(d, "d"))
e = a.detach()
print(describe(e, "e"))

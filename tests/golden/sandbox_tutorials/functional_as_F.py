# import torch.autograd.functional as F: jvp, hvp, vhp with lambdas
import torch
import torch.autograd.functional as F

x = torch.tensor([1.0, 2.0, 3.0])
out, tangent = F.jvp(lambda t: t ** 2, x, torch.ones(3))
print(out, tangent)
f = lambda t: (t ** 3).sum()
print(F.hvp(f, x, torch.tensor([1.0, 0.0, 0.0])))
print(F.vhp(f, x, torch.tensor([0.0, 1.0, 0.0]))[1])
print(F.jacobian(lambda a, b: a * b, (x, 2 * x)))

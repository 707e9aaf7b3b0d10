# "Learn the Basics: Tensors" - Bridge with NumPy, and the beginner questions around it:
# t.numpy() shares memory with the tensor, torch.from_numpy(n) too, np.add(n, 1, out=n),
# and a tensor that requires grad needs .detach() before .numpy().
# https://pytorch.org/tutorials/beginner/basics/tensorqs_tutorial.html#bridge-with-numpy
import numpy as np
import torch

t = torch.ones(5)
print(f"t: {t}")
n = t.numpy()
print(f"n: {n}")

t.add_(1)
print(f"t: {t}")
print(f"n: {n}")

n = np.ones(5)
t = torch.from_numpy(n)

np.add(n, 1, out=n)
print(f"t: {t}")
print(f"n: {n}")

w = torch.tensor([1.0, 2.0], requires_grad=True)
try:
    w.numpy()
except RuntimeError as e:
    print(e)
print(w.detach().numpy())

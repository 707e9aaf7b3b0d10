# Catching PyTorch's own errors: a second backward, a shape mismatch
import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = (x ** 2).sum()
y.backward()
try:
    y.backward()
except RuntimeError as e:
    print(type(e).__name__, "-", str(e).split(".")[0])
else:
    print("no error")
finally:
    print("grad after:", x.grad)

try:
    torch.ones(2, 3) @ torch.ones(2, 3)
except (ValueError, RuntimeError) as err:
    print("caught", type(err).__name__)

try:
    z = torch.tensor([1.0, 2.0])
    z.backward()
except RuntimeError as e:
    print(e)

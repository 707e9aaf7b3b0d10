# Gradient descent until convergence: a while loop on a tensor condition
import torch

x = torch.tensor(5.0, requires_grad=True)
lr = 0.1
steps = 0
grad = torch.tensor(1.0)
while abs(grad.item()) > 1e-3:
    y = (x - 2) ** 2
    y.backward()
    grad = x.grad.clone()
    with torch.no_grad():
        x -= lr * x.grad
    x.grad.zero_()
    steps += 1
print(steps, round(x.item(), 4))
i = 0
while True:
    i += 1
    if i > 4:
        break
else:
    print("never")
print(i)

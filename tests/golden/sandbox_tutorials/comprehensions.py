# Comprehensions and generator expressions over tensors and parameters
import torch

xs = [torch.tensor(float(i), requires_grad=True) for i in range(1, 5)]
total = sum(x ** 2 for x in xs)
total.backward()
print([x.grad.item() for x in xs])
print({i: x.grad for i, x in enumerate(xs) if i % 2 == 0})
print({round(x.item()) % 2 for x in xs})
stacked = torch.stack([x.detach() * 2 for x in xs])
print(stacked)
pairs = [(i, j) for i in range(3) for j in range(i)]
print(pairs)
print(all(x.grad is not None for x in xs), any(x.item() > 3 for x in xs))
print(max(x.item() for x in xs), min([x.item() for x in xs]))
matrix = [[float(i * 3 + j) for j in range(3)] for i in range(2)]
print(torch.tensor(matrix).sum(dim=0))

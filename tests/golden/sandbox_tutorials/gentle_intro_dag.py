# "A Gentle Introduction to torch.autograd": exclusion from the DAG, frozen parameters
import torch
from torch import nn, optim

x = torch.rand(5, 5)
y = torch.rand(5, 5)
z = torch.rand((5, 5), requires_grad=True)
a = x + y
print(f"Does `a` require gradients?: {a.requires_grad}")
b = x + z
print(f"Does `b` require gradients?: {b.requires_grad}")

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
for param in model.parameters():
    param.requires_grad = False
model = nn.Sequential(model[0], model[1], nn.Linear(8, 3))  # a new, trainable head
optimizer = optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
print([name for name, p in model.named_parameters() if p.requires_grad])
print({name: p.requires_grad for name, p in model.named_parameters()})
print(sum(p.numel() for p in model.parameters() if p.requires_grad))

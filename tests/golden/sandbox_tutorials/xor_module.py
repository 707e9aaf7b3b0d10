# An nn.Module subclass trained on XOR (two-argument super, state in attributes)
import torch
import torch.nn as nn
import torch.nn.functional as F


class XorNet(nn.Module):
    def __init__(self, hidden=4):
        super().__init__()
        self.fc1 = nn.Linear(2, hidden)
        self.fc2 = nn.Linear(hidden, 1)
        self.calls = 0

    def forward(self, x):
        self.calls += 1
        h = torch.tanh(self.fc1(x))
        return torch.sigmoid(self.fc2(h))


net = XorNet()
with torch.no_grad():
    net.fc1.weight.copy_(torch.tensor([[1.0, -1.0], [-1.0, 1.0], [0.5, 0.5], [0.3, -0.2]]))
    net.fc1.bias.copy_(torch.tensor([0.0, 0.1, -0.1, 0.2]))
    net.fc2.weight.copy_(torch.tensor([[0.5, 0.5, -0.5, 0.1]]))
    net.fc2.bias.fill_(0.0)
X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
opt = torch.optim.SGD(net.parameters(), lr=1.0)
for epoch in range(300):
    opt.zero_grad()
    loss = F.binary_cross_entropy(net(X), Y)
    loss.backward()
    opt.step()
print(f"{loss.item():.4f}", net.calls)
print((net(X) > 0.5).float().flatten())
print(net)
for name, child in net.named_children():
    print(name, type(child).__name__)

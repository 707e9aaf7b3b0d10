# nn.Module subclass with ModuleList built by a comprehension, and default arguments
import torch
from torch import nn


class MLP(nn.Module):
    def __init__(self, sizes=(2, 4, 4, 1), act=nn.Tanh):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])
        self.act = act()

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = self.act(x)
        return x


model = MLP()
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.linspace(-0.5, 0.5, p.numel()).reshape(p.shape))
print(model)
X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
opt = torch.optim.Adam(model.parameters(), lr=0.05)
for epoch in range(200):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(X), Y)
    loss.backward()
    opt.step()
    if epoch % 50 == 0:
        print(epoch, f"{loss.item():.4f}")
print([tuple(p.shape) for p in model.parameters()])
print(model(X).detach().round(decimals=2))

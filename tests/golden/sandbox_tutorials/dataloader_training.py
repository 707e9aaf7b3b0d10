# torch.utils.data: TensorDataset and DataLoader in a training loop
import torch
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset

X = torch.linspace(-1, 1, 100).reshape(-1, 1)
Y = 3 * X + 0.5
dataset = TensorDataset(X, Y)
loader = DataLoader(dataset, batch_size=20, shuffle=False)
print(len(dataset), len(loader))
model = nn.Linear(1, 1)
with torch.no_grad():
    model.weight.fill_(0.0)
    model.bias.fill_(0.0)
opt = optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss()
for epoch in range(20):
    total = 0.0
    for xb, yb in loader:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item() * len(xb)
    if epoch % 5 == 4:
        print(epoch, f"{total / len(dataset):.5f}")
print(f"{model.weight.item():.3f} {model.bias.item():.3f}")
first_x, first_y = dataset[0]
print(first_x, first_y)

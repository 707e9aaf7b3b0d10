# d2l.ai 3.3 "Concise Implementation of Linear Regression" (the PyTorch edition's
# load_array + TensorDataset + DataLoader version): next(iter(data_iter)), nn.Sequential,
# net[0].weight.data, nn.MSELoss, optim.SGD, f'epoch {epoch + 1}, loss {l:f}'.
# https://d2l.ai/chapter_linear-regression/linear-regression-concise.html
# (synthetic_data draws its noise with Python's seeded random instead of torch.normal, the
# weights start from fixed values instead of normal_(0, 0.01), and the loader is not shuffled,
# so that the run prints the same numbers everywhere.)
import random

import torch
from torch import nn
from torch.utils import data

random.seed(42)


def synthetic_data(w, b, num_examples):
    """Generate y = Xw + b + noise."""
    X = torch.tensor([[random.gauss(0, 1) for _ in range(len(w))] for _ in range(num_examples)])
    y = torch.matmul(X, w) + b
    y += torch.tensor([random.gauss(0, 0.01) for _ in range(num_examples)])
    return X, y.reshape((-1, 1))


true_w = torch.tensor([2, -3.4])
true_b = 4.2
features, labels = synthetic_data(true_w, true_b, 1000)


def load_array(data_arrays, batch_size, is_train=True):
    """Construct a PyTorch data iterator."""
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)


batch_size = 10
data_iter = load_array((features, labels), batch_size, is_train=False)
print(len(next(iter(data_iter))), next(iter(data_iter))[0].shape)

net = nn.Sequential(nn.Linear(2, 1))
net[0].weight.data.fill_(0.01)
net[0].bias.data.fill_(0)
loss = nn.MSELoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.03)

num_epochs = 3
for epoch in range(num_epochs):
    for X, y in data_iter:
        l = loss(net(X), y)
        trainer.zero_grad()
        l.backward()
        trainer.step()
    l = loss(net(features), labels)
    print(f"epoch {epoch + 1}, loss {l:f}")

w = net[0].weight.data
print("error in estimating w:", (true_w - w.reshape(true_w.shape)).abs() < 0.01)
b = net[0].bias.data
print("error in estimating b:", abs(true_b - b.item()) < 0.01)

# A softmax classifier as an nn.Module, with an accuracy helper and a training function
import torch
from torch import nn


class Classifier(nn.Module):
    def __init__(self, n_in, n_classes):
        super().__init__()
        self.linear = nn.Linear(n_in, n_classes)

    def forward(self, x):
        return self.linear(x)


def accuracy(logits, labels):
    return (logits.argmax(dim=1) == labels).float().mean().item()


def train(model, X, y, epochs=50, lr=0.5):
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    history = []
    for epoch in range(epochs):
        opt.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        opt.step()
        history.append(loss.item())
    return history


X = torch.tensor([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [-1.0, -1.0], [0.5, 1.5], [-2.0, 0.0]])
y = torch.tensor([0, 1, 2, 1, 0, 1])
model = Classifier(2, 3)
with torch.no_grad():
    model.linear.weight.copy_(torch.linspace(-0.3, 0.3, 6).reshape(3, 2))
    model.linear.bias.zero_()
history = train(model, X, y)
print([round(h, 4) for h in history[::10]])
print(accuracy(model(X), y))

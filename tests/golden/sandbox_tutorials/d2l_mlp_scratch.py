# d2l.ai 5.2 "Implementation of Multilayer Perceptrons" from scratch: parameters as a list,
# def relu with torch.max, def net with reshape and @, CrossEntropyLoss(reduction='none'),
# the d2l Accumulator and accuracy helpers, train_epoch with l.mean().backward().
# https://d2l.ai/chapter_multilayer-perceptrons/mlp-implementation.html
# (Fashion-MNIST becomes 3 classes of 2-D points from Python's seeded random, and the
# parameters start from fixed values instead of torch.randn * 0.01.)
import random

import torch
from torch import nn

random.seed(1)


def make_points(n):
    X, y = [], []
    for i in range(n):
        label = i % 3
        X.append([label - 1 + random.gauss(0, 0.4), (label % 2) + random.gauss(0, 0.4)])
        y.append(label)
    return torch.tensor(X), torch.tensor(y)


def data_iter(batch_size, features, labels):
    for i in range(0, len(features), batch_size):
        yield features[i:i + batch_size], labels[i:i + batch_size]


train_X, train_y = make_points(300)
test_X, test_y = make_points(90)

num_inputs, num_outputs, num_hiddens = 2, 3, 8

W1 = nn.Parameter(torch.linspace(-1, 1, num_inputs * num_hiddens).reshape(num_inputs, num_hiddens))
b1 = nn.Parameter(torch.zeros(num_hiddens))
W2 = nn.Parameter(torch.linspace(1, -1, num_hiddens * num_outputs).reshape(num_hiddens, num_outputs) * 0.5)
b2 = nn.Parameter(torch.zeros(num_outputs))

params = [W1, b1, W2, b2]


def relu(X):
    a = torch.zeros_like(X)
    return torch.max(X, a)


def net(X):
    X = X.reshape((-1, num_inputs))
    H = relu(X @ W1 + b1)  # Here '@' stands for matrix multiplication
    return (H @ W2 + b2)


loss = nn.CrossEntropyLoss(reduction='none')


class Accumulator:
    """For accumulating sums over `n` variables."""
    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def reset(self):
        self.data = [0.0] * len(self.data)

    def __getitem__(self, idx):
        return self.data[idx]


def accuracy(y_hat, y):
    """Compute the number of correct predictions."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


def evaluate_accuracy(net, data_iter):
    """Compute the accuracy for a model on a dataset."""
    metric = Accumulator(2)  # No. of correct predictions, no. of predictions
    with torch.no_grad():
        for X, y in data_iter:
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def train_epoch_ch3(net, train_iter, loss, updater):
    """The training loop defined in Chapter 3."""
    # Sum of training loss, sum of training accuracy, no. of examples
    metric = Accumulator(3)
    for X, y in train_iter:
        # Compute gradients and update parameters
        y_hat = net(X)
        l = loss(y_hat, y)
        updater.zero_grad()
        l.mean().backward()
        updater.step()
        metric.add(float(l.sum().detach()), accuracy(y_hat, y), y.numel())
    # Return training loss and training accuracy
    return metric[0] / metric[2], metric[1] / metric[2]


num_epochs, lr = 5, 0.1
updater = torch.optim.SGD(params, lr=lr)
for epoch in range(num_epochs):
    train_metrics = train_epoch_ch3(net, data_iter(30, train_X, train_y), loss, updater)
    test_acc = evaluate_accuracy(net, data_iter(30, test_X, test_y))
    print(f"epoch {epoch + 1}: loss {train_metrics[0]:.4f}, train acc {train_metrics[1]:.3f}, "
          f"test acc {test_acc:.3f}")

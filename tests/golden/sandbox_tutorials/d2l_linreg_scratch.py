# d2l.ai 3.2 Linear regression from scratch: generator data_iter, random.shuffle, def everywhere
import random

import torch

random.seed(1)


def synthetic_data(w, b, num_examples):
    """Generate y = Xw + b + noise (the chapter draws with torch.normal; random.gauss here)."""
    X = torch.tensor([[random.gauss(0, 1) for _ in range(len(w))] for _ in range(num_examples)])
    y = torch.matmul(X, w) + b
    y += torch.tensor([random.gauss(0, 0.01) for _ in range(num_examples)])
    return X, y.reshape((-1, 1))


true_w = torch.tensor([2, -3.4])
true_b = 4.2
features, labels = synthetic_data(true_w, true_b, 1000)
print('features:', features[0], '\nlabel:', labels[0])


def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        batch_indices = torch.tensor(indices[i: min(i + batch_size, num_examples)])
        yield features[batch_indices], labels[batch_indices]


batch_size = 10
for X, y in data_iter(batch_size, features, labels):
    print(X.shape, y.shape)
    break

w = torch.zeros((2, 1), requires_grad=True)
b = torch.zeros(1, requires_grad=True)


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


lr = 0.03
num_epochs = 3
net = linreg
loss = squared_loss
for epoch in range(num_epochs):
    for X, y in data_iter(batch_size, features, labels):
        l = loss(net(X, w, b), y)
        l.sum().backward()
        sgd([w, b], lr, batch_size)
    with torch.no_grad():
        train_l = loss(net(features, w, b), labels)
        print(f'epoch {epoch + 1}, loss {float(train_l.mean()):.4f}')
print(f'error in estimating w: {[round(v, 2) for v in (true_w - w.reshape(true_w.shape)).tolist()]}')
print(f'error in estimating b: {round(true_b - b.item(), 2)}')

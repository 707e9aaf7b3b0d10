# PyTorch "What is torch.nn really?", part 1: a neural net from scratch. weights.requires_grad_(), a hand-written log_softmax, nll with
# input[range(target.shape[0]), target], accuracy with argmax, the training loop with
# weights.grad.zero_(), then F.cross_entropy.
# https://pytorch.org/tutorials/beginner/nn_tutorial.html
# (MNIST is replaced by 128 random "images" made with torch.manual_seed; the tutorial turns its
# NumPy arrays into tensors with map(torch.tensor, ...): the playground has no NumPy arrays, so
# they are tensors from the start. The rest as written.)
import math

import torch

torch.manual_seed(0)
x_train = torch.rand(128, 784)
y_train = torch.randint(0, 10, (128,))
x_valid = torch.rand(64, 784)
y_valid = torch.randint(0, 10, (64,))
n, c = x_train.shape
print(x_train, y_train)
print(x_train.shape)
print(y_train.min(), y_train.max())

weights = torch.randn(784, 10) / math.sqrt(784)
weights.requires_grad_()
bias = torch.zeros(10, requires_grad=True)


def log_softmax(x):
    return x - x.exp().sum(-1).log().unsqueeze(-1)


def model(xb):
    return log_softmax(xb @ weights + bias)


bs = 64  # batch size

xb = x_train[0:bs]  # a mini-batch from x
preds = model(xb)  # predictions
preds[0], preds.shape
print(preds[0], preds.shape)


def nll(input, target):
    return -input[range(target.shape[0]), target].mean()


loss_func = nll

yb = y_train[0:bs]
print(loss_func(preds, yb))


def accuracy(out, yb):
    preds = torch.argmax(out, dim=1)
    return (preds == yb).float().mean()


print(accuracy(preds, yb))

lr = 0.5  # learning rate
epochs = 2  # how many epochs to train for

for epoch in range(epochs):
    for i in range((n - 1) // bs + 1):
        start_i = i * bs
        end_i = start_i + bs
        xb = x_train[start_i:end_i]
        yb = y_train[start_i:end_i]
        pred = model(xb)
        loss = loss_func(pred, yb)

        loss.backward()
        with torch.no_grad():
            weights -= weights.grad * lr
            bias -= bias.grad * lr
            weights.grad.zero_()
            bias.grad.zero_()

print(loss_func(model(xb), yb), accuracy(model(xb), yb))

import torch.nn.functional as F

loss_func = F.cross_entropy


def model(xb):
    return xb @ weights + bias


print(loss_func(model(xb), yb), accuracy(model(xb), yb))

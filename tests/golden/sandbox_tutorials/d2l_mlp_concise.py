# d2l.ai 5.2 "Implementation of Multilayer Perceptrons", concise: nn.Sequential(nn.Flatten(),
# nn.LazyLinear(num_hiddens), nn.ReLU(), nn.LazyLinear(num_outputs)) inside a Classifier-style
# class, with the lazy parameters materialised by a first forward pass, then a few epochs of
# minibatch SGD with F.cross_entropy and an accuracy from argmax.
# https://d2l.ai/chapter_multilayer-perceptrons/mlp-implementation.html
# (Fashion-MNIST is replaced by 8x8 random images made with torch.manual_seed; d2l.Trainer by
# the loop it runs.)
import torch
from torch import nn
from torch.nn import functional as F

torch.manual_seed(0)


class MLP(nn.Module):
    def __init__(self, num_outputs, num_hiddens, lr):
        super().__init__()
        self.lr = lr
        self.net = nn.Sequential(nn.Flatten(), nn.LazyLinear(num_hiddens),
                                 nn.ReLU(), nn.LazyLinear(num_outputs))

    def forward(self, X):
        return self.net(X)

    def loss(self, Y_hat, Y, averaged=True):
        Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
        Y = Y.reshape((-1,))
        return F.cross_entropy(
            Y_hat, Y, reduction='mean' if averaged else 'none')

    def accuracy(self, Y_hat, Y, averaged=True):
        Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
        preds = Y_hat.argmax(axis=1).type(Y.dtype)
        compare = (preds == Y.reshape(-1)).type(torch.float32)
        return compare.mean() if averaged else compare

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), self.lr)


X = torch.rand(120, 1, 8, 8)
y = (X.mean(dim=(1, 2, 3)) * 20).long() % 4

model = MLP(num_outputs=4, num_hiddens=32, lr=0.1)
print(model.net[1])
model(X[:2])  # the first call fixes the lazy layers' input sizes
print(model.net[1])
print([p.shape for p in model.parameters()])
optim = model.configure_optimizers()

batch_size = 30
for epoch in range(5):
    model.train()
    for i in range(0, len(X), batch_size):
        Xb, yb = X[i:i + batch_size], y[i:i + batch_size]
        loss = model.loss(model(Xb), yb)
        optim.zero_grad()
        with torch.no_grad():
            loss.backward()
        optim.step()
    model.eval()
    with torch.no_grad():
        Y_hat = model(X)
        print(f"epoch {epoch + 1}, loss {model.loss(Y_hat, y):.4f}, "
              f"acc {model.accuracy(Y_hat, y):.3f}")
print(model.loss(model(X[:3]), y[:3], averaged=False))

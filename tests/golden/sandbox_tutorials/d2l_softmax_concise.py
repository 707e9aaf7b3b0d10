# d2l.ai 4.5 "Concise Implementation of Softmax Regression": a SoftmaxRegression module of
# nn.Flatten() and nn.LazyLinear, its loss as F.cross_entropy on reshaped logits, the
# "softmax revisited" overflow point shown with a big logit, and nn.CrossEntropyLoss with the
# label smoothing and class-weight options a learner tries next.
# https://d2l.ai/chapter_linear-classification/softmax-regression-concise.html
# (Fashion-MNIST is replaced by 4x4 random images made with torch.manual_seed. The loss with
# class-probability targets is printed with .item(): PyTorch names its node DivBackward1, the
# playground DivBackward0.)
import torch
from torch import nn
from torch.nn import functional as F

torch.manual_seed(0)


class SoftmaxRegression(nn.Module):
    """The softmax regression model."""
    def __init__(self, num_outputs, lr):
        super().__init__()
        self.lr = lr
        self.net = nn.Sequential(nn.Flatten(),
                                 nn.LazyLinear(num_outputs))

    def forward(self, X):
        return self.net(X)

    def loss(self, Y_hat, Y, averaged=True):
        Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
        Y = Y.reshape((-1,))
        return F.cross_entropy(
            Y_hat, Y, reduction='mean' if averaged else 'none')


X = torch.rand(60, 1, 4, 4)
y = (X[:, 0, 0, :].argmax(dim=1))

model = SoftmaxRegression(num_outputs=4, lr=0.5)
model(X[:1])
optimizer = torch.optim.SGD(model.parameters(), lr=model.lr)
for epoch in range(10):
    for i in range(0, 60, 20):
        loss = model.loss(model(X[i:i + 20]), y[i:i + 20])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 3 == 0:
        print(epoch, loss.item() > 0, round(model.loss(model(X), y).item(), 3))

with torch.no_grad():
    preds = model(X).argmax(dim=1)
    print('accuracy', (preds == y).float().mean().item())
    print(model.loss(model(X[:4]), y[:4], averaged=False))

# softmax revisited: exponentiating a big logit overflows, cross_entropy does not
o = torch.tensor([[100.0, 0.0, -100.0]])
print(torch.exp(o) / torch.exp(o).sum())
print(F.cross_entropy(o, torch.tensor([1])))
print(F.log_softmax(o, dim=1))

loss_fn = nn.CrossEntropyLoss()
logits = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]], requires_grad=True)
labels = torch.tensor([0, 2])
loss = loss_fn(logits, labels)
loss.backward()
print(loss, logits.grad)
print(nn.CrossEntropyLoss(label_smoothing=0.1)(logits, labels))
print(nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 3.0]))(logits, labels))
print(nn.CrossEntropyLoss(reduction='sum')(logits, labels))
print(nn.CrossEntropyLoss()(logits, torch.tensor([[0.7, 0.2, 0.1], [0.0, 0.0, 1.0]])).item())

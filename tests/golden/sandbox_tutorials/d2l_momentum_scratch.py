# d2l.ai 12.6 "Momentum" (PyTorch edition), from scratch: init_momentum_states, sgd_momentum
# with v[:] = momentum * v + p.grad and p[:] -= lr * v under no_grad, a hyperparams dict,
# then the concise torch.optim.SGD(momentum=...) on the same problem.
# https://d2l.ai/chapter_optimization/momentum.html
# (the airfoil data set is replaced by random features made with torch.manual_seed, and
# train_ch11's Animator by printing the loss.)
import torch
from torch import nn

torch.manual_seed(0)
eta = 0.4


def f_2d(x1, x2):
    return 0.1 * x1 ** 2 + 2 * x2 ** 2


def momentum_2d(x1, x2, v1, v2):
    v1 = beta * v1 + 0.2 * x1
    v2 = beta * v2 + 4 * x2
    return x1 - eta * v1, x2 - eta * v2, v1, v2


def train_2d(trainer, steps=20):
    x1, x2, s1, s2 = -5, -2, 0, 0
    results = [(x1, x2)]
    for i in range(steps):
        x1, x2, s1, s2 = trainer(x1, x2, s1, s2)
        results.append((x1, x2))
    print(f'epoch {i + 1}, x1: {float(x1):f}, x2: {float(x2):f}')
    return results


eta, beta = 0.6, 0.5
train_2d(momentum_2d)
eta, beta = 0.6, 0.25
train_2d(momentum_2d)

features = torch.randn(200, 5)
labels = features @ torch.tensor([1.0, -2.0, 0.5, 3.0, -1.0]) + 0.3
features = (features - features.mean(axis=0)) / features.std(axis=0)
data_iter = torch.utils.data.DataLoader(
    torch.utils.data.TensorDataset(features, labels), batch_size=10, shuffle=True)


def init_momentum_states(feature_dim):
    v_w = torch.zeros((feature_dim, 1))
    v_b = torch.zeros(1)
    return (v_w, v_b)


def sgd_momentum(params, states, hyperparams):
    for p, v in zip(params, states):
        with torch.no_grad():
            v[:] = hyperparams['momentum'] * v + p.grad
            p[:] -= hyperparams['lr'] * v
        p.grad.data.zero_()


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def train_ch11(trainer_fn, states, hyperparams, data_iter, feature_dim, num_epochs=2):
    # Initialization
    w = torch.normal(mean=0.0, std=0.01, size=(feature_dim, 1),
                     requires_grad=True)
    b = torch.zeros((1), requires_grad=True)
    net, loss = lambda X: linreg(X, w, b), squared_loss
    n = 0
    for _ in range(num_epochs):
        for X, y in data_iter:
            l = loss(net(X), y).mean()
            l.backward()
            trainer_fn([w, b], states, hyperparams)
            n += X.shape[0]
            if n % 100 == 0:
                print(f'loss: {l.item():.3f}, {n} examples')
    return w, b


def train_momentum(lr, momentum, num_epochs=2):
    return train_ch11(sgd_momentum, init_momentum_states(features.shape[1]),
                      {'lr': lr, 'momentum': momentum}, data_iter,
                      features.shape[1], num_epochs)


w, b = train_momentum(0.02, 0.5)
print(w.reshape(-1), b)
w, b = train_momentum(0.01, 0.9)
print(w.reshape(-1), b)


def train_concise_ch11(trainer_fn, hyperparams, data_iter, num_epochs=2):
    # Initialization
    net = nn.Sequential(nn.Linear(5, 1))

    def init_weights(module):
        if type(module) == nn.Linear:
            torch.nn.init.normal_(module.weight, std=0.01)

    net.apply(init_weights)

    optimizer = trainer_fn(net.parameters(), **hyperparams)
    loss = nn.MSELoss(reduction='none')
    n = 0
    for _ in range(num_epochs):
        for X, y in data_iter:
            optimizer.zero_grad()
            out = net(X)
            y = y.reshape(out.shape)
            l = loss(out, y)
            l.mean().backward()
            optimizer.step()
            n += X.shape[0]
            if n % 100 == 0:
                print(f'loss: {l.mean().item():.3f}, {n} examples')
    return net


trainer = torch.optim.SGD
net = train_concise_ch11(trainer, {'lr': 0.005, 'momentum': 0.9}, data_iter)
print(net[0].weight.data, net[0].bias.data)

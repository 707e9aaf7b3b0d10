# d2l.ai 12.5 "Minibatch Stochastic Gradient Descent" and 12.9 "Adadelta" (PyTorch edition),
# from scratch: sgd(params, states, hyperparams) with p.data.sub_ and p.grad.data.zero_(),
# init_adadelta_states, adadelta with s[:] and delta[:] updated under no_grad, and the
# chapter's train_ch11 loop on a small synthetic regression set (the chapter reads NASA's
# airfoil file), then the concise torch.optim.Adadelta.
import torch
from torch import nn
from torch.utils import data

torch.manual_seed(7)
features = torch.randn(200, 5)
true_w = torch.tensor([[1.5], [-2.0], [0.5], [0.0], [3.0]])
labels = features @ true_w + 0.1 + 0.01 * torch.randn(200, 1)


def get_data_ch11(batch_size=10):
    dataset = data.TensorDataset(features, labels)
    data_iter = data.DataLoader(dataset, batch_size, shuffle=True)
    return data_iter, features.shape[1]


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def evaluate_loss(net, data_iter, loss):
    total, n = 0.0, 0
    for X, y in data_iter:
        out = net(X)
        l = loss(out, y.reshape(out.shape))
        total += l.sum().item()
        n += l.numel()
    return total / n


def sgd(params, states, hyperparams):
    for p in params:
        p.data.sub_(hyperparams['lr'] * p.grad)
        p.grad.data.zero_()


def train_ch11(trainer_fn, states, hyperparams, data_iter, feature_dim, num_epochs=2):
    # Initialization
    w = torch.normal(mean=0.0, std=0.01, size=(feature_dim, 1), requires_grad=True)
    b = torch.zeros((1), requires_grad=True)
    net, loss = lambda X: linreg(X, w, b), squared_loss
    n = 0
    for _ in range(num_epochs):
        for X, y in data_iter:
            l = loss(net(X), y).mean()
            l.backward()
            trainer_fn([w, b], states, hyperparams)
            n += X.shape[0]
            if n % 200 == 0:
                print(f'epoch {n / 200:.1f}, loss: {evaluate_loss(net, data_iter, loss):.3f}')
    return w, b


def train_sgd(lr, batch_size, num_epochs=2):
    data_iter, feature_dim = get_data_ch11(batch_size)
    return train_ch11(sgd, None, {'lr': lr}, data_iter, feature_dim, num_epochs)


gd_res = train_sgd(1, 200, 4)
sgd_res = train_sgd(0.05, 1, 1)
mini1_res = train_sgd(0.4, 100, 2)
mini2_res = train_sgd(0.05, 10, 2)
print(mini2_res[0].reshape(-1), mini2_res[1])


def init_adadelta_states(feature_dim):
    s_w, s_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    delta_w, delta_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    return ((s_w, delta_w), (s_b, delta_b))


def adadelta(params, states, hyperparams):
    rho, eps = hyperparams['rho'], 1e-5
    for p, (s, delta) in zip(params, states):
        with torch.no_grad():
            # In-place updates via [:]
            s[:] = rho * s + (1 - rho) * torch.square(p.grad)
            g = (torch.sqrt(delta + eps) / torch.sqrt(s + eps)) * p.grad
            p[:] -= g
            delta[:] = rho * delta + (1 - rho) * g * g
        p.grad.data.zero_()


data_iter, feature_dim = get_data_ch11(batch_size=10)
w, b = train_ch11(adadelta, init_adadelta_states(feature_dim), {'rho': 0.9}, data_iter, feature_dim)
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
            if n % 200 == 0:
                print(f'epoch {n / 200:.1f}, loss: {evaluate_loss(net, data_iter, loss) / 2:.3f}')
    print(optimizer)


trainer = torch.optim.Adadelta
train_concise_ch11(trainer, {'rho': 0.9}, data_iter)

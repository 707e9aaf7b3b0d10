# d2l.ai 12.7-12.10 (PyTorch edition): Adagrad, RMSProp and Adam from scratch. First on the
# 2-D objective f(x1, x2) = 0.1 x1^2 + 2 x2^2 with the chapter's train_2d(trainer, steps) helper,
# whose trainers return new (x1, x2, s1, s2) tuples; then as init_*_states / update functions
# with p[:] -= ... under no_grad and a hyperparams dict, next to torch.optim's versions.
# https://d2l.ai/chapter_optimization/adagrad.html  (and rmsprop.html, adam.html)
# (the airfoil data set is replaced by random features made with torch.manual_seed, and the
# contour plots by printing the final point.)
import math
import torch
from torch import nn


def f_2d(x1, x2):
    return 0.1 * x1 ** 2 + 2 * x2 ** 2


def train_2d(trainer, steps=20, f_grad=None):
    """Optimize a 2D objective function with a customized trainer."""
    # `s1` and `s2` are internal state variables that will be used in Momentum, adagrad, RMSProp
    x1, x2, s1, s2 = -5, -2, 0, 0
    results = [(x1, x2)]
    for i in range(steps):
        if f_grad:
            x1, x2, s1, s2 = trainer(x1, x2, s1, s2, f_grad)
        else:
            x1, x2, s1, s2 = trainer(x1, x2, s1, s2)
        results.append((x1, x2))
    print(f'epoch {i + 1}, x1: {float(x1):f}, x2: {float(x2):f}')
    return results


def adagrad_2d(x1, x2, s1, s2):
    eps = 1e-6
    g1, g2 = 0.2 * x1, 4 * x2
    s1 += g1 ** 2
    s2 += g2 ** 2
    x1 -= eta / math.sqrt(s1 + eps) * g1
    x2 -= eta / math.sqrt(s2 + eps) * g2
    return x1, x2, s1, s2


eta = 0.4
train_2d(adagrad_2d)
eta = 2
train_2d(adagrad_2d)


def rmsprop_2d(x1, x2, s1, s2):
    g1, g2, eps = 0.2 * x1, 4 * x2, 1e-6
    s1 = gamma * s1 + (1 - gamma) * g1 ** 2
    s2 = gamma * s2 + (1 - gamma) * g2 ** 2
    x1 -= eta / math.sqrt(s1 + eps) * g1
    x2 -= eta / math.sqrt(s2 + eps) * g2
    return x1, x2, s1, s2


eta, gamma = 0.4, 0.9
train_2d(rmsprop_2d)

# the same objective with autograd doing the gradients
x = torch.tensor([-5.0, -2.0], requires_grad=True)
for name, opt in [('Adagrad', torch.optim.Adagrad([x], lr=0.4)),
                  ('RMSprop', torch.optim.RMSprop([x], lr=0.4, alpha=0.9)),
                  ('Adam', torch.optim.Adam([x], lr=0.4))]:
    with torch.no_grad():
        x.copy_(torch.tensor([-5.0, -2.0]))
    for _ in range(20):
        opt.zero_grad()
        loss = f_2d(x[0], x[1])
        loss.backward()
        opt.step()
    print(name, x.detach())


def init_adagrad_states(feature_dim):
    s_w = torch.zeros((feature_dim, 1))
    s_b = torch.zeros(1)
    return (s_w, s_b)


def adagrad(params, states, hyperparams):
    eps = 1e-6
    for p, s in zip(params, states):
        with torch.no_grad():
            s[:] += torch.square(p.grad)
            p[:] -= hyperparams['lr'] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()


def init_rmsprop_states(feature_dim):
    s_w = torch.zeros((feature_dim, 1))
    s_b = torch.zeros(1)
    return (s_w, s_b)


def rmsprop(params, states, hyperparams):
    gamma, eps = hyperparams['gamma'], 1e-6
    for p, s in zip(params, states):
        with torch.no_grad():
            s[:] = gamma * s + (1 - gamma) * torch.square(p.grad)
            p[:] -= hyperparams['lr'] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()


def init_adam_states(feature_dim):
    v_w, v_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    s_w, s_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    return ((v_w, s_w), (v_b, s_b))


def adam(params, states, hyperparams):
    beta1, beta2, eps = 0.9, 0.999, 1e-6
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad
            s[:] = beta2 * s + (1 - beta2) * torch.square(p.grad)
            v_bias_corr = v / (1 - beta1 ** hyperparams['t'])
            s_bias_corr = s / (1 - beta2 ** hyperparams['t'])
            p[:] -= hyperparams['lr'] * v_bias_corr / (torch.sqrt(s_bias_corr)
                                                       + eps)
        p.grad.data.zero_()
    hyperparams['t'] += 1


torch.manual_seed(0)
features = torch.randn(100, 5)
labels = features @ torch.tensor([[1.0], [-2.0], [0.5], [3.0], [0.0]]) + 0.3


def train_ch11(trainer_fn, states, hyperparams, num_epochs=3, batch_size=10):
    w = torch.normal(mean=0.0, std=0.01, size=(5, 1), requires_grad=True)
    b = torch.zeros((1), requires_grad=True)
    net = lambda X: torch.matmul(X, w) + b
    loss = lambda y_hat, y: (y_hat - y.reshape(y_hat.shape)) ** 2 / 2
    for _ in range(num_epochs):
        for i in range(0, 100, batch_size):
            X, y = features[i:i + batch_size], labels[i:i + batch_size]
            l = loss(net(X), y).mean()
            l.backward()
            trainer_fn([w, b], states, hyperparams)
        print(f'loss: {loss(net(features), labels).mean().item():.3f}')


train_ch11(adagrad, init_adagrad_states(5), {'lr': 0.1})
train_ch11(rmsprop, init_rmsprop_states(5), {'lr': 0.01, 'gamma': 0.9})
train_ch11(adam, init_adam_states(5), {'lr': 0.01, 't': 1})


def train_concise_ch11(trainer_fn, hyperparams, num_epochs=3):
    net = nn.Sequential(nn.Linear(5, 1))

    def init_weights(module):
        if type(module) == nn.Linear:
            torch.nn.init.normal_(module.weight, std=0.01)

    net.apply(init_weights)
    optimizer = trainer_fn(net.parameters(), **hyperparams)
    loss = nn.MSELoss(reduction='none')
    for _ in range(num_epochs):
        for i in range(0, 100, 10):
            X, y = features[i:i + 10], labels[i:i + 10]
            optimizer.zero_grad()
            out = net(X)
            y = y.reshape(out.shape)
            l = loss(out, y)
            l.mean().backward()
            optimizer.step()
        print(f'loss: {loss(net(features), labels).mean().item() / 2:.3f}')


train_concise_ch11(torch.optim.Adagrad, {'lr': 0.1})
train_concise_ch11(torch.optim.RMSprop, {'lr': 0.01, 'alpha': 0.9})
train_concise_ch11(torch.optim.Adam, {'lr': 0.01})

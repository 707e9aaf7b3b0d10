# d2l.ai 6.4 "Lazy Initialization": a net of LazyLinear layers whose weights are
# <UninitializedParameter> until data passes through, then their shapes; apply_init with a dummy
# input and an init function; and an explicit in_features net for comparison.
# https://d2l.ai/chapter_builders-guide/lazy-init.html
import torch
from torch import nn

torch.manual_seed(0)

net = nn.Sequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))
print(net[0].weight)

X = torch.rand(2, 20)
net(X)

print(net[0].weight.shape)
print([p.shape for p in net.parameters()])
print(net)


def init_cnn(module):
    if type(module) == nn.Linear:
        nn.init.xavier_uniform_(module.weight)
        nn.init.zeros_(module.bias)


def apply_init(net, inputs, init=None):
    net(*inputs)
    if init is not None:
        net.apply(init)


net2 = nn.Sequential(nn.LazyLinear(4), nn.ReLU(), nn.LazyLinear(1))
apply_init(net2, [torch.rand(3, 5)], init_cnn)
print(net2[0].weight)
print(net2[2].bias)
print(net2(torch.ones(1, 5)))

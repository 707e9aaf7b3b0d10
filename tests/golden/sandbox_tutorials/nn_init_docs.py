# torch.nn.init's documentation examples: calculate_gain, uniform_, normal_, constant_, ones_,
# zeros_, eye_, xavier_uniform_ with a gain, xavier_normal_, kaiming_uniform_ and
# kaiming_normal_ with mode and nonlinearity, trunc_normal_, orthogonal_ (checked, not printed),
# and an init_weights function applied with model.apply.
# https://pytorch.org/docs/stable/nn.init.html
import torch
import torch.nn as nn

torch.manual_seed(0)

gain = nn.init.calculate_gain('leaky_relu', 0.2)  # leaky_relu with negative_slope=0.2
print(round(gain, 6))
print(nn.init.calculate_gain('relu'), nn.init.calculate_gain('tanh'), nn.init.calculate_gain('sigmoid'))

w = torch.empty(3, 5)
nn.init.uniform_(w)
print(w)
nn.init.normal_(w)
print(w)
nn.init.constant_(w, 0.3)
print(w)
nn.init.ones_(w)
print(w.sum())
nn.init.zeros_(w)
print(w.sum())
nn.init.eye_(w)
print(w)
nn.init.xavier_uniform_(w, gain=nn.init.calculate_gain('relu'))
print(w)
nn.init.xavier_normal_(w)
print(w)
nn.init.kaiming_uniform_(w, mode='fan_in', nonlinearity='relu')
print(w)
nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')
print(w)
nn.init.trunc_normal_(w, mean=0.0, std=1.0, a=-2.0, b=2.0)
print(bool(w.abs().max() <= 2))

q = torch.empty(3, 5)
nn.init.orthogonal_(q)
print(torch.allclose(q @ q.T, torch.eye(3), atol=1e-5))


def init_weights(m):
    if isinstance(m, nn.Linear):
        torch.nn.init.xavier_uniform_(m.weight)
        m.bias.data.fill_(0.01)


net = nn.Sequential(nn.Linear(2, 2), nn.Tanh(), nn.Linear(2, 1))
net.apply(init_weights)
print(net[0].weight)
print(net[0].bias)
print(net[2].bias)

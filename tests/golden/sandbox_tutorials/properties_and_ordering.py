# @property on a model and a helper class, and the ordering builtins with key= functions:
# sorted/min/max/list.sort, stability, reverse, a key that raises, and list.sort's rule for a
# key that changes the list (the list is empty while it sorts; the change is thrown away).
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)

    @property
    def n_params(self):
        return sum(p.numel() for p in self.parameters())

    def forward(self, x):
        return self.fc(x)


class Wide(Net):
    @property
    def n_params(self):
        return super().n_params * 10


net = Net()
print(net.n_params, Wide().n_params)
try:
    net.n_params = 3
except AttributeError:
    print("n_params is read-only")


class Temperature:
    def __init__(self, celsius):
        self.celsius = celsius

    @property
    def fahrenheit(self):
        return self.celsius * 9 / 5 + 32

    def __repr__(self):
        return f"Temperature({self.celsius})"


temps = [Temperature(c) for c in (30, -5, 12, 12.5)]
print(sorted(temps, key=lambda t: t.fahrenheit))
print(max(temps, key=lambda t: t.fahrenheit).fahrenheit, min(temps, key=lambda t: t.celsius))

pairs = [("b", 2), ("a", 2), ("c", 1), ("d", 3)]
print(sorted(pairs, key=lambda p: p[1]))  # stable: b before a
print(sorted(pairs, key=lambda p: p[1], reverse=True))
pairs.sort(key=lambda p: (-p[1], p[0]))
print(pairs)
print(max([], key=len, default="empty"), min("banana", "kiwi", "apple", key=len))
grads = {"w1": torch.tensor(0.5), "w2": torch.tensor(-2.0), "b": torch.tensor(1.0)}
print(max(grads, key=lambda k: grads[k].abs()), sorted(grads.items(), key=lambda kv: kv[1])[0])

xs = [3, 1, 2]
seen = []
xs.sort(key=lambda v: seen.append(len(xs)) or v)
print(xs, seen)
try:
    xs.sort(key=lambda v: xs.append(0) or v)
except ValueError as e:
    print("ValueError:", e, xs)
try:
    sorted([1, 0], key=lambda v: 1 / v)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)

# Python's protocols on the snippet's own classes, as PyTorch sees them: a Dataset iterated
# directly (ends at the IndexError of its own __getitem__), list() of it, len() calling
# __len__ once, a caught IndexError, iter()/next() with a default, and d2l's Accumulator.
import torch
from torch.utils.data import DataLoader, Dataset

calls = []


class Squares(Dataset):
    def __init__(self, n):
        self.x = torch.arange(float(n))

    def __len__(self):
        calls.append("len")
        return len(self.x)

    def __getitem__(self, i):
        return self.x[i], self.x[i] ** 2


ds = Squares(3)
for x, y in ds:
    print(x, y)
print(len(ds), calls)
print(list(ds)[-1])
try:
    ds[7]
except IndexError as e:
    print("IndexError:", e)

loader = DataLoader(ds, batch_size=2)
it = iter(loader)
print(next(it))
print(next(it))
print(next(it, "no more batches"))
for i, (xb, yb) in enumerate(loader, start=1):
    print(i, xb.tolist(), yb.tolist())
print(len(loader), len(DataLoader(ds, batch_size=2, drop_last=True)))


class Accumulator:
    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def __getitem__(self, idx):
        return self.data[idx]

    def __len__(self):
        return len(self.data)


metric = Accumulator(2)
for xb, yb in loader:
    metric.add(yb.sum(), len(yb))
print(metric[0] / metric[1], len(metric), list(metric), 3.0 in metric)
a, b = metric
print(a, b, metric[-1], metric[0:1])

# Small helper classes (d2l's Accumulator and a running average), plain Python
import torch


class Accumulator:
    """For accumulating sums over n variables."""

    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def reset(self):
        self.data = [0.0] * len(self.data)

    def get(self, idx):
        return self.data[idx]


class RunningAverage:
    count = 0

    def __init__(self):
        self.total = 0.0

    def update(self, value):
        self.total += value
        self.count += 1
        return self

    def value(self):
        return self.total / self.count

    def __call__(self, value):
        return self.update(value)

    def __repr__(self):
        return f"RunningAverage({self.value():.3f} over {self.count})"


metric = Accumulator(2)
avg = RunningAverage()
w = torch.tensor([0.5], requires_grad=True)
for x in [1.0, 2.0, 3.0]:
    loss = (w * x - 1) ** 2
    metric.add(loss.sum(), 1)
    avg(loss.item())
print(metric.get(0) / metric.get(1), metric.data)
print(avg, RunningAverage.count, isinstance(avg, RunningAverage))
metric.reset()
print(metric.data)

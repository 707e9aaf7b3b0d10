# Generator functions: minibatches, an endless generator stopped by zip, yield from
import torch


def batches(t, size):
    for start in range(0, len(t), size):
        yield t[start:start + size]


def naturals():
    n = 0
    while True:
        yield n
        n += 1


def chained(*parts):
    for part in parts:
        yield from part


data = torch.arange(10.0)
print([b.tolist() for b in batches(data, 4)])
print([n for n, _ in zip(naturals(), range(5))])
print(list(chained([1, 2], (3,), range(4, 6))))
gen = (x * x for x in range(4))
print(sum(gen), sum(gen))
squares = batches(data ** 2, 5)
for chunk in squares:
    print(chunk.sum())

# Hooks that count their calls: global and nonlocal state in callbacks
import torch

calls = 0


def counting_hook(grad):
    global calls
    calls += 1
    return grad


def make_scaler(factor):
    used = 0

    def scale(grad):
        nonlocal used
        used += 1
        return grad * factor

    def times():
        return used

    return scale, times


w = torch.tensor([1.0, -1.0], requires_grad=True)
scale, times = make_scaler(0.5)
w.register_hook(counting_hook)
w.register_hook(scale)
for step in range(3):
    loss = (w * w).sum()
    loss.backward()
print(calls, times(), w.grad)

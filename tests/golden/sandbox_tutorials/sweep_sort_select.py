# A learner's learning-rate sweep: train the same small model for each rate, collect
# (rate, loss) pairs, and pick with sorted/min/max(key=lambda ...); zip, enumerate, tuple
# unpacking in for loops, isinstance, and the format specs training logs use.
import torch
from torch import nn

torch.manual_seed(0)  # (the weights below are set by hand, so the seed changes nothing here)
x = torch.linspace(-2, 2, 40).reshape(-1, 1)
y = 0.5 * x ** 2 - x + 0.25


def make_model():
    model = nn.Sequential(nn.Linear(1, 6), nn.Tanh(), nn.Linear(6, 1))
    with torch.no_grad():
        for i, p in enumerate(model.parameters()):
            p.copy_(torch.linspace(-1, 1, p.numel()).reshape(p.shape) * (0.5 + 0.25 * i))
    return model


def train(lr, steps=60):
    model = make_model()
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
    return loss.item(), model


rates = [0.3, 0.1, 0.03, 0.01]
results = []
for lr in rates:
    final, _ = train(lr)
    results.append((lr, final))

for rank, (lr, final) in enumerate(sorted(results, key=lambda r: r[1]), start=1):
    print(f"{rank}. lr={lr:<5} loss={final:.4f}")

best_lr, best_loss = min(results, key=lambda r: r[1])
worst_lr, worst_loss = max(results, key=lambda r: r[1])
print(f"best {best_lr} ({best_loss:.3e}), worst {worst_lr} ({worst_loss:.3e})")
print(sorted(rates), sorted(rates, reverse=True), max(rates, key=lambda r: -r))

names = ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
model = make_model()
for name, (pname, p) in zip(names, model.named_parameters()):
    print(f"{name:>10} <- {pname:<8} {tuple(p.shape)!s:>8} {p.numel():3d}")

by_size = sorted(model.named_parameters(), key=lambda kv: kv[1].numel(), reverse=True)
print([n for n, _ in by_size])
pairs = list(zip(rates, [f"{l:.2f}" for _, l in results]))
print(pairs)
for i, lr in enumerate(rates):
    if isinstance(lr, float) and not isinstance(lr, bool):
        print(i, f"{lr:.0e}", f"{lr:8.3f}|", f"{lr * 100:+.1f}%")
print(f"{'done':*^12}", f"{3.14159:{'>'}{10}.{2}f}", f"{len(results)!r}")
words = ["tensor", "grad", "backward", "leaf"]
words.sort(key=len)
print(words, sorted(words, key=lambda w: (len(w), w)), min(words, key=len))
print(isinstance(x, torch.Tensor), isinstance(model, nn.Module), isinstance(model[0], (nn.Linear, nn.Tanh)))

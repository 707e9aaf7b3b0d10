# Closures, lambdas and functions as values: losses chosen by name, a learning-rate schedule
import torch

losses = {
    "mse": lambda p, t: ((p - t) ** 2).mean(),
    "mae": lambda p, t: (p - t).abs().mean(),
}


def make_schedule(lr0, decay):
    def schedule(step):
        return lr0 * decay ** step
    return schedule


schedule = make_schedule(0.5, 0.9)
for name in sorted(losses):
    w = torch.tensor(0.0, requires_grad=True)
    for step in range(20):
        loss = losses[name](w * torch.tensor([1.0, 2.0]), torch.tensor([2.0, 4.0]))
        loss.backward()
        with torch.no_grad():
            w -= schedule(step) * w.grad
        w.grad = None
    print(name, round(w.item(), 4), round(schedule(19), 6))
compose = lambda f, g: lambda x: f(g(x))
print(compose(torch.exp, torch.sin)(torch.tensor(0.0)))
print((lambda *a: len(a))(1, 2, 3), (lambda **k: sorted(k))(b=1, a=2))

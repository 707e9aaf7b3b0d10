"""Programs whose PyTorch graphs tests/golden/torch_graphs.json records for `draw`.

Each takes the module to run with (`torch`, or `autograd_core`: the code is the same) and
returns (names, root, backward): the tensors to name, the tensor to draw, and the program's own
backward call(s). Weights are written out, so both engines compute the same numbers.
"""

from __future__ import annotations

from typing import Any


def scalar_chain(torch: Any) -> tuple:
    """The README's x²y + y³, with a constant the node saves (x * 2) and one it does not
    (x + 1), and an op that saves its result (exp)."""
    x = torch.tensor(2.0, requires_grad=True)
    y = torch.tensor(3.0, requires_grad=True)
    z = x**2 * y + y**3 + x * 2 + (x + 1).exp() / y
    return {"x": x, "y": y, "z": z}, z, lambda: z.backward()


def regression(torch: Any) -> tuple:
    """The tutorials' linear regression: data x and y, parameters w and b, a squared error."""
    x = torch.tensor([1.0, 2.0, 3.0])
    y = torch.tensor([2.0, 4.0, 6.5])
    w = torch.tensor(0.5, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    y_pred = w * x + b
    loss = ((y_pred - y) ** 2).mean()
    names = {"x": x, "y": y, "w": w, "b": b, "y_pred": y_pred, "loss": loss}
    return names, loss, lambda: loss.backward()


def broadcasting(torch: Any) -> tuple:
    """A row times a column: [3] × [2, 1] -> [2, 3], then the mean."""
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = torch.tensor([[0.5], [-1.0]], requires_grad=True)
    m = (a * b + a).mean()
    return {"a": a, "b": b, "m": m}, m, lambda: m.backward()


def mlp(torch: Any) -> tuple:
    """nn.Linear(3, 2) -> tanh -> nn.Linear(2, 1) -> MSE on a batch of 4."""
    nn = torch.nn
    model = nn.Sequential(nn.Linear(3, 2), nn.Tanh(), nn.Linear(2, 1))
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]))
        model[0].bias.copy_(torch.tensor([0.05, -0.05]))
        model[2].weight.copy_(torch.tensor([[0.7, -0.8]]))
        model[2].bias.copy_(torch.tensor([0.1]))
    X = torch.tensor([[1.0, 2.0, 3.0], [0.0, 1.0, 0.0], [-1.0, 0.5, 2.0], [2.0, -1.0, 1.0]])
    y = torch.tensor([[1.0], [0.0], [0.5], [-1.0]])
    loss = nn.functional.mse_loss(model(X), y)
    return {"model": model, "loss": loss}, loss, lambda: loss.backward()


def custom_function(torch: Any) -> tuple:
    """A custom autograd.Function with a number argument kept on ctx (no gradient for it)."""

    class ScaledSquare(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, k):
            ctx.k = k
            ctx.save_for_backward(x)
            return k * x * x

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * 2 * ctx.k * x, None

    x = torch.tensor([0.5, -1.0], requires_grad=True)
    y = (ScaledSquare.apply(x, 3.0) + x).sum()
    return {"x": x, "y": y}, y, lambda: y.backward()


def second_backward(torch: Any) -> tuple:
    """backward(retain_graph=True) then backward() again: .grad doubles, the graph is freed."""
    w = torch.tensor(1.5, requires_grad=True)
    loss = (w * 4 - 2) ** 2

    def twice() -> None:
        loss.backward(retain_graph=True)
        loss.backward()

    return {"w": w, "loss": loss}, loss, twice


def retained(torch: Any) -> tuple:
    """A non-leaf that keeps its gradient (retain_grad), used twice."""
    x = torch.tensor([1.0, -2.0], requires_grad=True)
    h = x * x
    h.retain_grad()
    out = (h * h + h).sum()
    return {"x": x, "h": h, "out": out}, out, lambda: out.backward()


PROGRAMS = {
    f.__name__: f
    for f in (
        scalar_chain,
        regression,
        broadcasting,
        mlp,
        custom_function,
        second_backward,
        retained,
    )
}

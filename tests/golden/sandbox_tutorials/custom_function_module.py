# "Extending PyTorch": a custom Function used inside an nn.Module subclass
import torch
from torch import nn


class ClampedSquare(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, limit):
        ctx.save_for_backward(x)
        ctx.limit = limit
        return (x ** 2).clamp(max=limit)

    @staticmethod
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        grad = 2 * x * (x ** 2 < ctx.limit)
        return grad_output * grad, None


class SquareLayer(nn.Module):
    def __init__(self, limit):
        super().__init__()
        self.limit = limit
        self.scale = nn.Parameter(torch.tensor(1.5))

    def forward(self, x):
        return ClampedSquare.apply(x * self.scale, self.limit)


layer = SquareLayer(4.0)
x = torch.tensor([-2.0, 0.5, 1.0, 3.0], requires_grad=True)
y = layer(x)
y.sum().backward()
print(y)
print(x.grad, layer.scale.grad)
print(y.grad_fn.name())

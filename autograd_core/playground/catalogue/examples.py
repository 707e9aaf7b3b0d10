"""The example catalogue: small PyTorch programs from the tutorials, one idea each.

Every example is real PyTorch (`import torch` first): the playground runs it with autograd_core,
and a learner can paste it into Python with PyTorch installed and see the same output, which is
recorded in `output`. A seed example's code is the tutorial's own cell (`seed`, `cell` say where
it comes from; /work/shared/seeds/ in the repository that built this), trimmed of plotting and of
lines the example does not need. tests/test_examples.py runs each one through `run_snippet` and
compares the printed text with `output`, and with real PyTorch where it is installed.
TEAM_EXAMPLES are written by the team to show what the tutorials do not: a model class, a hook, a
custom Function.

    >>> from autograd_core.playground.catalogue.examples import EXAMPLES, by_key
    >>> by_key("product-rule").idea
    'backward() fills .grad of every leaf with the partial derivative of the output'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    key: str  # stable identifier (widget keys, URLs)
    title: str
    idea: str  # the one thing it teaches
    code: str
    seed: str  # the tutorial file it comes from
    cell: str  # the cell (notebook "In [n]") or section of that tutorial
    output: str  # what it prints, as the tutorial shows it (see note where they differ)
    note: str = ""  # where the tutorial's printed text differs from PyTorch today, and why
    needs: str = ""  # an engine API the example needs, if not every build has it


SEED_EXAMPLES: tuple[Example, ...] = (
    Example(
        key="product-rule",
        title="z = x²y + y³",
        idea="backward() fills .grad of every leaf with the partial derivative of the output",
        code="""\
import torch

x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
z = x**2 * y + y**3   # (2)² × 3 + (3)³ = 39
print(z)
z.backward()          # computes ∂z/∂x and ∂z/∂y
print(x.grad)         # ∂z/∂x = 2xy = 12
print(y.grad)         # ∂z/∂y = x² + 3y² = 31
""",
        seed="000_e781f20639962fb6.txt",
        cell="In [2] to In [5]",
        output="tensor(39., grad_fn=<AddBackward0>)\ntensor(12.)\ntensor(31.)\n",
    ),
    Example(
        key="chain-rule-sin",
        title="Chain rule: z = sin(x²)",
        idea="the chain rule multiplies local derivatives: dz/dx = cos(x²) · 2x",
        code="""\
import torch

x = torch.tensor(5.0, requires_grad=True)
print(x)
y = x ** 2
print(y)
z = torch.sin(y)  # Apply sine function on y
print(z)
z.backward()      # dz/dx = cos(25) * 10
print("Gradient of z with respect to x:", x.grad)
""",
        seed="004_8cce1ca8be29cd20.txt",
        cell="In [35]",
        output=(
            "tensor(5., requires_grad=True)\n"
            "tensor(25., grad_fn=<PowBackward0>)\n"
            "tensor(-0.1324, grad_fn=<SinBackward0>)\n"
            "Gradient of z with respect to x: tensor(9.9120)\n"
        ),
    ),
    Example(
        key="chain-rule-cubic",
        title="Chain rule: z = 2x³ + 1",
        idea="gradients flow back through every operation: dz/dx = 2 · 3x² = 24 at x = 2",
        code="""\
import torch

x = torch.tensor(2.0, requires_grad=True)
y = x ** 3         # y = x³
z = 2 * y + 1      # z = 2x³ + 1
z.backward()       # Compute dz/dx

print(x.grad)      # Should be 6x² = 6 * 4 = 24
""",
        seed="001_31ff00863d1b0b48.txt",
        cell="Autograd Example with Chain Rule",
        output="tensor(24.)\n",
    ),
    Example(
        key="mean-of-squares",
        title="Mean of squares of a vector",
        idea="a vector input gets one partial derivative per element: ∂/∂xᵢ mean(x²) = 2xᵢ/3",
        code="""\
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)  # Vector input instead of scalar
y = (x ** 2).mean()
y.backward()
print(x.grad)
""",
        seed="000_e781f20639962fb6.txt",
        cell="In [12] to In [17]",
        output="tensor([0.6667, 1.3333, 2.0000])\n",
    ),
    Example(
        key="linear-loss",
        title="y = w·x + b and a squared loss",
        idea="the gradient of a loss tells each parameter which way to move",
        code="""\
import torch

w = torch.tensor(1.0, requires_grad=True)
b = torch.tensor(2.0, requires_grad=True)

# Forward pass: y = w*x + b (with x=3)
x = 3.0
y_pred = w * x + b        # y_pred = 1*3 + 2 = 5
y_true = 10.0

loss = (y_pred - y_true) ** 2  # (5-10)² = 25
loss.backward()

print("∂loss/∂w:", w.grad)  # 2*(y_pred-y_true)*x = 2*(-5)*3 = -30
print("∂loss/∂b:", b.grad)  # 2*(y_pred-y_true)*1 = 2*(-5) = -10
""",
        seed="000_e781f20639962fb6.txt",
        cell="In [6] to In [10]",
        output="∂loss/∂w: tensor(-30.)\n∂loss/∂b: tensor(-10.)\n",
    ),
    Example(
        key="accumulate-and-zero",
        title="Gradients accumulate until you zero them",
        idea="backward() adds into .grad; .grad.zero_() starts the next pass from 0",
        code="""\
import torch

x = torch.tensor(2.0, requires_grad=True)

# First backward pass
y = x ** 2
y.backward()
print("Grad after 1st:", x.grad)

# Clear gradients
x.grad.zero_()

# Second backward pass
y = x ** 3
y.backward()
print("Grad after 2nd:", x.grad) # tensor(12.0) - NOT 16.0!
""",
        seed="000_e781f20639962fb6.txt",
        cell="In [18] to In [22]",
        output="Grad after 1st: tensor(4.)\nGrad after 2nd: tensor(12.)\n",
    ),
    Example(
        key="zeroing-in-a-loop",
        title="Zeroing gradients in a loop",
        idea="without zero_() each iteration's gradient would be added to the last one's",
        code="""\
import torch

x = torch.tensor([3.0], requires_grad=True)

for _ in range(3):
    y = x ** 2
    y.backward()
    print("Accumulated Gradient:", x.grad)

    # Reset gradients
    x.grad.zero_()
    print("Gradient After Zeroing:", x.grad)
""",
        seed="002_80e71c9ec2e14af4.txt",
        cell="In [6]",
        output=("Accumulated Gradient: tensor([6.])\nGradient After Zeroing: tensor([0.])\n" * 3),
    ),
    Example(
        key="no-grad-and-detach",
        title="Stopping gradient tracking: no_grad and detach",
        idea="results computed under torch.no_grad(), or cut off with .detach(), need no grad",
        code="""\
import torch

x = torch.tensor([5.0], requires_grad=True)

with torch.no_grad():
    y = x * 2
    print("No Grad Computation:", y.requires_grad)  # False

y = x.detach()
print("Detached Tensor Requires Grad:", y.requires_grad)  # False
""",
        seed="002_80e71c9ec2e14af4.txt",
        cell="In [4] and In [5]",
        output="No Grad Computation: False\nDetached Tensor Requires Grad: False\n",
    ),
    Example(
        key="requires-grad-switch",
        title="Switching tracking off with requires_grad_(False)",
        idea="requires_grad_ changes a leaf in place; no later operation on it is tracked",
        code="""\
import torch

x = torch.randn(3, requires_grad=True)
print("Before:", x.requires_grad)  # True

x.requires_grad_(False)            # Disable gradient tracking
print("After:", x.requires_grad)   # False
""",
        seed="001_31ff00863d1b0b48.txt",
        cell="PyTorch: Disabling Gradient Tracking, 1. requires_grad_(False)",
        output="Before: True\nAfter: False\n",
    ),
    Example(
        key="vector-output",
        title="Backward from a vector with gradient=",
        idea="a non-scalar output needs a vector v: backward(v) computes vᵀ·J",
        code="""\
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)

# Function: y = x^3
y = x ** 3

# Compute gradients using a gradient vector
y.backward(torch.tensor([1.0, 1.0, 1.0]))  # Equivalent to sum(y).backward()

print("Gradient (dy/dx):", x.grad)
""",
        seed="002_80e71c9ec2e14af4.txt",
        cell="In [3]",
        output="Gradient (dy/dx): tensor([ 3., 12., 27.])\n",
    ),
    Example(
        key="multiple-outputs",
        title="Two outputs from one input, with retain_graph",
        idea="retain_graph=True keeps the graph so a second backward() can run through it",
        code="""\
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)

# Multiple outputs
y1 = x ** 2
y2 = x ** 3

print("Input:", x)
print("Output 1 (x²):", y1)
print("Output 2 (x³):", y2)
print()

y1.sum().backward(retain_graph=True)  # retain_graph keeps graph for second backward
print("Gradients after y1.backward():")
print("x.grad =", x.grad)

# Zero and compute for y2
x.grad.zero_()
y2.sum().backward()
print("\\nGradients after y2.backward():")
print("x.grad =", x.grad)
""",
        seed="003_8bd0ef599dde127d.txt",
        cell="Advanced: Multiple Outputs",
        output=(
            "Input: tensor([1., 2., 3.], requires_grad=True)\n"
            "Output 1 (x²): tensor([1., 4., 9.], grad_fn=<PowBackward0>)\n"
            "Output 2 (x³): tensor([ 1.,  8., 27.], grad_fn=<PowBackward0>)\n"
            "\n"
            "Gradients after y1.backward():\n"
            "x.grad = tensor([2., 4., 6.])\n"
            "\n"
            "Gradients after y2.backward():\n"
            "x.grad = tensor([ 3., 12., 27.])\n"
        ),
        note="The tutorial shows no output for this cell; this is what PyTorch 2 prints.",
    ),
    Example(
        key="second-derivative",
        title="Second derivative of x³",
        idea="create_graph=True makes the gradient differentiable again: d²(x³)/dx² = 6x",
        code="""\
import torch

x = torch.tensor([2.0], requires_grad=True)

# Function: y = x^3
y = x ** 3

# First derivative: dy/dx
grad1 = torch.autograd.grad(y, x, create_graph=True)[0]

# Second derivative: d^2y/dx^2
grad2 = torch.autograd.grad(grad1, x)[0]

print("First Derivative (dy/dx):", grad1)
print("Second Derivative (d²y/dx²):", grad2)
""",
        seed="002_80e71c9ec2e14af4.txt",
        cell="In [7]",
        output=(
            "First Derivative (dy/dx): tensor([12.], grad_fn=<MulBackward0>)\n"
            "Second Derivative (d²y/dx²): tensor([12.])\n"
        ),
    ),
    Example(
        key="sgd-step",
        title="One step of torch.optim.SGD",
        idea="optimizer.step() does w -= lr * w.grad for you; zero_grad() clears the gradients",
        code="""\
import torch

# Step 1: Initialize weights with gradient tracking
weights = torch.ones(4, requires_grad=True)

# Step 2: Define an optimizer (SGD) for updating weights
optimizer = torch.optim.SGD([weights], lr=0.01)

# Step 3: Compute a dummy loss (for example purposes)
output = (weights * 3).sum()  # Simple scalar output
output.backward()  # Compute gradients (∂output/∂weights)

# Step 4: Perform one step of optimization (weight update)
optimizer.step()

# Step 5: Zero out gradients for the next iteration
optimizer.zero_grad()

# Step 6: Inspect the weights and gradients
print("Updated Weights:", weights)
print("Gradients after zero_grad():", weights.grad)
""",
        seed="001_31ff00863d1b0b48.txt",
        cell="Stochastic Gradient Descent (SGD) optimizer, Code",
        output=(
            "Updated Weights: tensor([0.9700, 0.9700, 0.9700, 0.9700], requires_grad=True)\n"
            "Gradients after zero_grad(): None\n"
        ),
        note=(
            "The tutorial shows `tensor([0., 0., 0., 0.])` on the last line: PyTorch before 2.0 "
            "zeroed gradients in zero_grad(); since 2.0 it sets them to None "
            "(zero_grad(set_to_none=False) gives the old behaviour)."
        ),
    ),
    Example(
        key="linear-regression-loop",
        title="Linear regression by hand: y = w·x",
        idea="a training loop: forward, loss, backward, update under no_grad, zero the grad",
        code="""\
import torch

# y = wx + b (manual implementation)

x = torch.tensor([1.0, 2.0, 3.0])
y_true = torch.tensor([2.0, 4.0, 6.0])

w = torch.tensor(0.0, requires_grad=True)

for epoch in range(10):
    y_pred = w * x
    loss = ((y_pred - y_true) ** 2).mean()

    loss.backward()
    print(f"Epoch {epoch}: w = {w.item()}, loss = {loss.item()}")

    # Update
    with torch.no_grad():
        w -= 0.1 * w.grad
        w.grad.zero_()
""",
        seed="001_31ff00863d1b0b48.txt",
        cell="Real Example: Linear Regression with Autograd",
        output=(
            "Epoch 0: w = 0.0, loss = 18.66666603088379\n"
            "Epoch 1: w = 1.8666667938232422, loss = 0.08296280354261398\n"
            "Epoch 2: w = 1.991111159324646, loss = 0.0003687223943416029\n"
            "Epoch 3: w = 1.999407410621643, loss = 1.6386155721193063e-06\n"
            "Epoch 4: w = 1.9999604225158691, loss = 7.309760352569583e-09\n"
            "Epoch 5: w = 1.9999973773956299, loss = 3.086597644141875e-11\n"
            "Epoch 6: w = 1.999999761581421, loss = 3.979039320256561e-13\n"
            "Epoch 7: w = 2.0, loss = 0.0\n"
            "Epoch 8: w = 2.0, loss = 0.0\n"
            "Epoch 9: w = 2.0, loss = 0.0\n"
        ),
        note="The tutorial shows no output for this cell; this is what PyTorch 2 prints.",
    ),
    Example(
        key="descent-on-parabola",
        title="Gradient descent on f(x) = (x - 3)²",
        idea="repeatedly stepping against the gradient walks x to the minimum at 3",
        code="""\
import torch

x = torch.tensor(0.0, requires_grad=True)
learning_rate = 0.1

print("Gradient Descent to minimize f(x) = (x - 3)²")
print("=" * 50)

for step in range(20):
    f = (x - 3) ** 2
    f.backward()

    with torch.no_grad():
        x -= learning_rate * x.grad

    x.grad.zero_()

    if step % 5 == 0:
        print(f"Step {step}: x = {x.item():.4f}, f(x) = {f.item():.4f}")

print(f"\\nFinal: x = {x.item():.4f} (expected: 3.0)")
print(f"Converged: {abs(x.item() - 3.0) < 0.1}")
""",
        seed="003_8bd0ef599dde127d.txt",
        cell="Exercise 3 Solution",
        output=(
            "Gradient Descent to minimize f(x) = (x - 3)²\n" + "=" * 50 + "\n"
            "Step 0: x = 0.6000, f(x) = 9.0000\n"
            "Step 5: x = 2.2136, f(x) = 0.9664\n"
            "Step 10: x = 2.7423, f(x) = 0.1038\n"
            "Step 15: x = 2.9156, f(x) = 0.0111\n"
            "\n"
            "Final: x = 2.9654 (expected: 3.0)\n"
            "Converged: True\n"
        ),
        note="The tutorial shows no output for this cell; this is what PyTorch 2 prints.",
    ),
)


# Written by the team, not cut from a seed: the richer programs the playground now runs (a model
# of your own, a hook, a custom autograd Function). `needs` names the engine API an example
# depends on; an example whose API this build lacks is left out of EXAMPLES.
TEAM_EXAMPLES: tuple[Example, ...] = (
    Example(
        key="module-subclass",
        title="Your own nn.Module: a two-layer net",
        idea="model(x) calls your forward(); named_parameters() finds every layer's weights",
        code="""\
import torch
from torch import nn


class TwoLayerNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(2, 3)
        self.fc2 = nn.Linear(3, 1)

    def forward(self, x):
        h = torch.relu(self.fc1(x))
        return self.fc2(h)


model = TwoLayerNet()
with torch.no_grad():  # fixed weights, so the numbers are the same every run
    for p in model.parameters():
        p.copy_(torch.linspace(-0.5, 0.5, p.numel()).reshape(p.shape))

x = torch.tensor([[1.0, 2.0]])
target = torch.tensor([[1.0]])
loss = ((model(x) - target) ** 2).mean()
loss.backward()
print(loss)
for name, p in model.named_parameters():
    print(name, p.grad)
""",
        seed="",
        cell="written by the team",
        output=(
            "tensor(0.3600, grad_fn=<MeanBackward0>)\n"
            "fc1.weight tensor([[ 0.0000,  0.0000],\n"
            "        [ 0.0000,  0.0000],\n"
            "        [-0.6000, -1.2000]])\n"
            "fc1.bias tensor([ 0.0000,  0.0000, -0.6000])\n"
            "fc2.weight tensor([[ 0.0000, -0.1200, -2.1600]])\n"
            "fc2.bias tensor([-1.2000])\n"
        ),
    ),
    Example(
        key="tensor-hook",
        title="A hook that watches and changes a gradient",
        idea="register_hook runs your function on the gradient as backward passes through",
        code="""\
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * x


def show(grad):
    print("gradient arriving at y:", grad)


y.register_hook(show)                  # look at the gradient as it flows
y.register_hook(lambda grad: grad * 2) # and change it: double it
z = y.sum()
z.backward()
print("x.grad:", x.grad)              # 2 * (2x) instead of 2x
""",
        seed="",
        cell="written by the team",
        output="gradient arriving at y: tensor([1., 1., 1.])\nx.grad: tensor([ 4.,  8., 12.])\n",
    ),
    Example(
        key="custom-function",
        title="A custom autograd.Function: x³ with its own backward",
        idea="forward computes, backward returns grad_output times the derivative you wrote",
        code="""\
import torch


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        return grad_output * 3 * x ** 2   # d(x³)/dx = 3x²


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = Cube.apply(x)
print(y)
y.sum().backward()
print(x.grad)
""",
        seed="",
        cell="written by the team",
        output="tensor([ 1.,  8., 27.], grad_fn=<CubeBackward>)\ntensor([ 3., 12., 27.])\n",
        needs="autograd.Function",
    ),
)


def _available(needs: str) -> bool:
    """Does this build of the engine have `needs` ("" for nothing special)?"""
    if needs == "autograd.Function":
        from autograd_core import autograd

        return hasattr(autograd, "Function")
    return True


EXAMPLES = SEED_EXAMPLES + tuple(e for e in TEAM_EXAMPLES if _available(e.needs))


def by_key(key: str) -> Example:
    """The example with this key (KeyError if there is none)."""
    for example in EXAMPLES:
        if example.key == key:
            return example
    raise KeyError(key)

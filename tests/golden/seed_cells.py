"""Every code cell of the seed tutorials (../shared/seeds/), as data.

Each tutorial is a notebook: its cells run in order in one namespace. `shown` is the output the
tutorial itself shows for a cell (None where it shows none). Where the tutorial's text differs
from what PyTorch 2.13 really prints, `note` says why and the test holds us to real PyTorch
(recorded in golden/seeds.json by record_seeds.py). Cells that draw random numbers are compared
by shape of the output, not digits (our generator is not PyTorch's).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    notebook: str  # cells of one notebook share variables and run in order
    ref: str  # where the cell is in the seed file
    code: str
    shown: str | None = None  # the output the tutorial shows for this cell
    note: str = ""  # why the tutorial's output differs from real PyTorch, if it does
    random: bool = False  # draws random numbers: compare the output's shape, not its digits
    needs: str = ""  # "nn" or "optim" or "matplotlib" when it needs more than the engine


def _cells(notebook: str, *cells: tuple) -> list[Cell]:
    return [Cell(notebook, *c) if isinstance(c, tuple) else c for c in cells]


SEED_000 = _cells(
    "000_e781f20639962fb6",
    ("In [1]", "import torch\n"),
    (
        "In [2]",
        "x = torch.tensor(2.0, requires_grad=True)\ny = torch.tensor(3.0, requires_grad=True)\n",
    ),
    ("In [3]", "z = x**2 * y + y**3\n"),
    ("In [4]", "z.backward()  # Computes ∂z/∂x and ∂z/∂y\n"),
    ("In [5]", "print(x.grad)\nprint(y.grad)\n", "tensor(12.)\ntensor(31.)\n"),
    (
        "In [6]",
        "w = torch.tensor(1.0, requires_grad=True)\nb = torch.tensor(2.0, requires_grad=True)\n",
    ),
    ("In [7]", "x = 3.0\ny_pred = w * x + b        # y_pred = 1*3 + 2 = 5\ny_true = 10.0\n"),
    ("In [8]", "loss = (y_pred - y_true) ** 2  # (5-10)² = 25\n"),
    ("In [9]", "loss.backward()\n"),
    (
        "In [10]",
        'print("∂loss/∂w:", w.grad)\nprint("∂loss/∂b:", b.grad)\n',
        "∂loss/∂w: tensor(-30.)\n∂loss/∂b: tensor(-10.)\n",
    ),
    (
        "In [11]",
        "x = torch.tensor(3.0, requires_grad=True)\ny = x**2\ny.backward()\nprint(x.grad)\n",
        "tensor(6.)\n",
    ),
    ("In [12]", "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\n"),
    ("In [15]", "y = (x ** 2).mean()\n"),
    ("In [16]", "y.backward()\n"),
    ("In [17]", "x.grad\n", "tensor([0.6667, 1.3333, 2.0000])\n"),
    ("In [18]", "x = torch.tensor(2.0, requires_grad=True)\n"),
    (
        "In [19]",
        'y = x ** 2\ny.backward()\nprint("Grad after 1st:", x.grad)\n',
        "Grad after 1st: tensor(4.)\n",
    ),
    ("In [20]", "x.grad.zero_()\n", "tensor(0.)\n"),
    (
        "In [22]",
        'y = x ** 3\ny.backward()\nprint("Grad after 2nd:", x.grad)\n',
        "Grad after 2nd: tensor(12.)\n",
    ),
    ("In [24]", "# Option to disable Gradient Tracking\n"),
    (
        "In [23]",
        "x = torch.tensor(2.0, requires_grad=True)\nx = torch.tensor(2.0, requires_grad=False)\n"
        "x = torch.tensor(2.0)  # Same as above\n",
    ),
    (
        "In [25]",
        "x = torch.tensor(2.0, requires_grad=True)\ny = x ** 2\n"
        "x_detached = x.detach()\nz = x_detached ** 3\n",
    ),
    (
        "In [26]",
        "x = torch.tensor(2.0, requires_grad=True)\nwith torch.no_grad():\n    y = x ** 2\n"
        "    z = y + 1\nw = x ** 3\n",
    ),
)

SEED_001 = _cells(
    "001_31ff00863d1b0b48",
    ("Step 1", "import torch\n\nx = torch.tensor([2.0, 3.0], requires_grad=True)\nprint(x)\n"),
    ("Step 2", "y = x * x + 2\nprint(y)\n"),
    ("Step 3", "z = y.sum()\nz.backward()\n"),
    ("Step 4", "print(x.grad)  # tensor([4., 6.])\n", "tensor([4., 6.])\n"),
    (
        "Chain rule",
        "x = torch.tensor(2.0, requires_grad=True)\ny = x ** 3\nz = 2 * y + 1\n"
        "z.backward()\n\nprint(x.grad)\n",
        "tensor(24.)\n",
    ),
    (
        "Vector output",
        "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x * x\n"
        "y.backward(torch.tensor([1.0, 1.0, 1.0]))\nprint(x.grad)\n",
        "tensor([2., 4., 6.])\n",
    ),
    ("Zeroing", "x.grad.zero_()  # reset gradients to zero\n"),
    ("no_grad", "with torch.no_grad():\n    y = x * 2\n"),
    (
        "detach",
        "x = torch.tensor([1.0], requires_grad=True)\nprint(x.requires_grad)\n\n"
        "x_detached = x.detach()\nprint(x_detached.requires_grad)\n",
        "True\nFalse\n",
    ),
    (
        "Linear regression",
        "x = torch.tensor([1.0, 2.0, 3.0])\ny_true = torch.tensor([2.0, 4.0, 6.0])\n\n"
        "w = torch.tensor(0.0, requires_grad=True)\n\nfor epoch in range(10):\n    y_pred = w * x\n"
        "    loss = ((y_pred - y_true) ** 2).mean()\n\n    loss.backward()\n"
        '    print(f"Epoch {epoch}: w = {w.item()}, loss = {loss.item()}")\n\n'
        "    with torch.no_grad():\n        w -= 0.1 * w.grad\n        w.grad.zero_()\n",
    ),
    Cell(
        "001_31ff00863d1b0b48/full",
        "Full documentation (random x)",
        'import torch\n\nx = torch.randn(3, requires_grad=True)\nprint("x =", x)\n\ny = x + 2\n'
        'print("y =", y)\n\nz = y * y * 3\nz = z.mean()\nprint("z =", z)\n\nz.backward()\n'
        'print("x.grad =", x.grad)\n',
        random=True,
    ),
    Cell(
        "001_31ff00863d1b0b48/full",
        "Numerical example (x = [1, 2, 3])",
        "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x + 2\nz = y * y * 3\n"
        'z = z.mean()\nprint("x =", x)\nprint("y =", y)\nprint("z =", z)\nz.backward()\n'
        'print("x.grad =", x.grad)\n',
        None,
        "the tutorial's hand-written output (y without grad_fn, z = tensor(50.0, ...), "
        "x.grad = tensor([6., 8., 10.])) is not what PyTorch prints; we print what PyTorch does",
    ),
    Cell(
        "001_31ff00863d1b0b48/nonscalar",
        "Basics",
        "import torch\n\nx = torch.randn(3, requires_grad=True)\nprint(x)\n",
        random=True,
    ),
    Cell("001_31ff00863d1b0b48/nonscalar", "Build a graph", "y = x + 2\nz = y * y * 3\n"),
    Cell(
        "001_31ff00863d1b0b48/nonscalar",
        "Problem",
        "print(z)         # Shape: [3]\nz.backward()\n",
        None,
        "the tutorial shows the error line only; the print before it shows random numbers",
        random=True,
    ),
    Cell(
        "001_31ff00863d1b0b48/nonscalar",
        "Fix 1",
        "z = (y * y * 3).mean()\nz.backward()\nprint(x.grad)\n",
        random=True,
    ),
    Cell(
        "001_31ff00863d1b0b48/nonscalar",
        "Fix 2",
        "z = y * y * 3\nv = torch.tensor([0.1, 1.0, 0.001])\nz.backward(v)\n",
    ),
    Cell(
        "001_31ff00863d1b0b48/nonscalar",
        "Example code",
        "import torch\n\nx = torch.randn(3, requires_grad=True)\ny = x + 2\nz = y * y * 3\n"
        'loss = z.mean()\nloss.backward()\nprint("Input x:", x)\nprint("Gradients:", x.grad)\n',
        random=True,
    ),
    Cell(
        "001_31ff00863d1b0b48/disable",
        "requires_grad_(False)",
        "import torch  # (this section of the tutorial assumes the import above)\n"
        'x = torch.randn(3, requires_grad=True)\nprint("Before:", x.requires_grad)\n\n'
        'x.requires_grad_(False)\nprint("After:", x.requires_grad)\n',
        "Before: True\nAfter: False\n",
    ),
    Cell(
        "001_31ff00863d1b0b48/disable",
        "detach()",
        "a = torch.randn(3, requires_grad=True)\nb = a.detach()\n"
        'print("a requires_grad:", a.requires_grad)\nprint("b requires_grad:", b.requires_grad)\n',
        "a requires_grad: True\nb requires_grad: False\n",
    ),
    Cell(
        "001_31ff00863d1b0b48/disable",
        "torch.no_grad()",
        "m = torch.randn(3, requires_grad=True)\n\nwith torch.no_grad():\n    n = m + 2\n\n"
        'print("m requires_grad:", m.requires_grad)\nprint("n requires_grad:", n.requires_grad)\n',
        "m requires_grad: True\nn requires_grad: False\n",
    ),
    Cell(
        "001_31ff00863d1b0b48/disable",
        "Use cases (with a small model for the fragments)",
        "class Net(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.backbone = torch.nn.Linear(3, 4)\n        self.head = torch.nn.Linear(4, 1)\n\n"
        "    def forward(self, x):\n        return self.head(self.backbone(x).relu())\n\n"
        "model = Net()\ninput = torch.randn(2, 3)\n"
        "model.eval()\nwith torch.no_grad():\n    output = model(input)\n"
        "for param in model.backbone.parameters():\n    param.requires_grad = False\n"
        "x = model(input)\ny = x.detach()  # Use y in some logging or post-processing\n"
        "print(output.requires_grad, y.requires_grad, x.requires_grad, "
        "[p.requires_grad for p in model.parameters()])\n",
        None,
        "the tutorial shows these three fragments without a model; we supply a small one",
        needs="nn",
    ),
    Cell(
        "001_31ff00863d1b0b48/accumulate",
        "Code overview",
        "import numpy as np\nimport torch\n\nweights = torch.ones(4, requires_grad=True)\n\n"
        "for i in range(3):\n    model_outputs = (weights * 3).sum()\n    model_outputs.backward()\n"
        "    print(weights.grad)\n    weights.grad.zero_()\n",
        "tensor([3., 3., 3., 3.])\ntensor([3., 3., 3., 3.])\ntensor([3., 3., 3., 3.])\n",
    ),
    Cell(
        "001_31ff00863d1b0b48/accumulate",
        "Forward pass",
        "weights = torch.ones(4, requires_grad=True)\nmodel_outputs = (weights * 3).sum()\n"
        "print(model_outputs)\n",
    ),
    Cell(
        "001_31ff00863d1b0b48/sgd",
        "SGD optimizer",
        "import numpy as np\nimport torch\n\nweights = torch.ones(4, requires_grad=True)\n\n"
        "optimizer = torch.optim.SGD([weights], lr=0.01)\n\noutput = (weights * 3).sum()\n"
        "output.backward()\n\noptimizer.step()\n\noptimizer.zero_grad()\n\n"
        'print("Updated Weights:", weights)\nprint("Gradients after zero_grad():", weights.grad)\n',
        "Updated Weights: tensor([0.9700, 0.9700, 0.9700, 0.9700], requires_grad=True)\n"
        "Gradients after zero_grad(): tensor([0., 0., 0., 0.])\n",
        "the tutorial shows tensor([0., 0., 0., 0.]) for the gradient: PyTorch 2.x's zero_grad() "
        "sets gradients to None by default",
        needs="optim",
    ),
)

SEED_002 = _cells(
    "002_80e71c9ec2e14af4",
    (
        "In [1]",
        'import torch\n\nx = torch.tensor([2.0], requires_grad=True)\nprint("Tensor:", x)\n'
        'print("Requires Grad:", x.requires_grad)\n',
        "Tensor: tensor([2.], requires_grad=True)\nRequires Grad: True\n",
    ),
    (
        "In [2]",
        'y = x ** 2\nprint("Function Output:", y)\n\ny.backward()\n\n'
        'print("Gradient (dy/dx):", x.grad)\n',
        "Function Output: tensor([4.], grad_fn=<PowBackward0>)\nGradient (dy/dx): tensor([4.])\n",
    ),
    (
        "In [3]",
        "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\n\ny = x ** 3\n\n"
        "y.backward(torch.tensor([1.0, 1.0, 1.0]))\n\n"
        'print("Gradient (dy/dx):", x.grad)\n',
        "Gradient (dy/dx): tensor([ 3., 12., 27.])\n",
    ),
    (
        "In [4]",
        "x = torch.tensor([5.0], requires_grad=True)\n\nwith torch.no_grad():\n"
        '    y = x * 2\n    print("No Grad Computation:", y.requires_grad)\n',
        "No Grad Computation: False\n",
    ),
    (
        "In [5]",
        'y = x.detach()\nprint("Detached Tensor Requires Grad:", y.requires_grad)\n',
        "Detached Tensor Requires Grad: False\n",
    ),
    (
        "In [6]",
        "x = torch.tensor([3.0], requires_grad=True)\n\nfor _ in range(3):\n    y = x ** 2\n"
        '    y.backward()\n    print("Accumulated Gradient:", x.grad)\n\n    x.grad.zero_()\n'
        '    print("Gradient After Zeroing:", x.grad)\n',
        "Accumulated Gradient: tensor([6.])\nGradient After Zeroing: tensor([0.])\n" * 3,
    ),
    (
        "In [7]",
        "x = torch.tensor([2.0], requires_grad=True)\n\ny = x ** 3\n\n"
        "grad1 = torch.autograd.grad(y, x, create_graph=True)[0]\n\n"
        "grad2 = torch.autograd.grad(grad1, x)[0]\n\n"
        'print("First Derivative (dy/dx):", grad1)\nprint("Second Derivative (d²y/dx²):", grad2)\n',
        "First Derivative (dy/dx): tensor([12.], grad_fn=<MulBackward0>)\n"
        "Second Derivative (d²y/dx²): tensor([12.])\n",
    ),
)

_SEED_003_SETUP = (
    "import torch\nimport matplotlib.pyplot as plt\nimport numpy as np\n\ntorch.manual_seed(42)\n"
)

SEED_003 = _cells(
    "003_8bd0ef599dde127d",
    Cell(
        "003_8bd0ef599dde127d",
        "Setting up",
        _SEED_003_SETUP + '\nprint("PyTorch version:", torch.__version__)\n',
        None,
        "prints the library version, which is ours, not PyTorch's (the tutorial's 2.3.0)",
        needs="matplotlib",
    ),
    (
        "Understanding requires_grad",
        'x_normal = torch.tensor(2.0)\nprint("Normal tensor:", x_normal)\n'
        'print("requires_grad:", x_normal.requires_grad)\nprint()\n\n'
        'x = torch.tensor(2.0, requires_grad=True)\nprint("Tensor with gradient tracking:")\n'
        'print("Value:", x)\nprint("requires_grad:", x.requires_grad)\nprint()\n',
    ),
    (
        "Simple example",
        'x = torch.tensor(3.0, requires_grad=True)\nprint("x =", x)\nprint()\n\ny = x ** 2\n'
        'print("y = x^2 =", y)\nprint()\n\ny.backward()\n\nprint("Gradient dy/dx =", x.grad)\n'
        'print()\n\nprint("Manual calculation: 2 * x = 2 * 3 =", 2 * 3)\n'
        'print("PyTorch gradient:", x.grad.item())\nprint("Match!", abs(x.grad.item() - 6) < 0.0001)\n',
    ),
    (
        "Zeroing gradients",
        "x = torch.tensor(2.0, requires_grad=True)\ny = x ** 2\n\ny.backward()\n"
        'print("After first backward():", x.grad)\n\ny.backward()\n'
        'print("After second backward():", x.grad)\n\nx.grad.zero_()\nprint("After zeroing:", x.grad)\n\n'
        'y = x ** 2\ny.backward()\nprint("After new backward():", x.grad)\n',
        None,
        "as in real PyTorch, the second y.backward() raises: y = x ** 2 saved x, and the first "
        "backward freed it (the tutorial shows no output for this cell)",
    ),
    (
        "Multiple variables",
        "x = torch.tensor(2.0, requires_grad=True)\ny = torch.tensor(3.0, requires_grad=True)\n\n"
        'print("x =", x)\nprint("y =", y)\nprint()\n\nz = x ** 2 + y ** 2\nprint("z = x^2 + y^2 =", z)\n'
        'print()\n\nz.backward()\n\nprint("Gradient with respect to x (dz/dx):", x.grad)\n'
        'print("Gradient with respect to y (dz/dy):", y.grad)\nprint()\n\nprint("Manual check:")\n'
        'print("dz/dx = 2x =", 2 * 2)\nprint("dz/dy = 2y =", 2 * 3)\n',
    ),
    Cell(
        "003_8bd0ef599dde127d",
        "Visualizing gradients",
        "x_values = np.linspace(-3, 3, 100)\ny_values = x_values ** 2\n\n"
        "gradient_points = [-2, -1, 0, 1, 2]\ngradients = []\n\nfor point in gradient_points:\n"
        "    x = torch.tensor(float(point), requires_grad=True)\n    y = x ** 2\n    y.backward()\n"
        "    gradients.append(x.grad.item())\n    x.grad.zero_()\n\n"
        "plt.figure(figsize=(10, 6))\nplt.plot(x_values, y_values, 'b-', linewidth=2, label='y = x²')\n"
        "plt.scatter(gradient_points, [p**2 for p in gradient_points], \n"
        "           color='red', s=100, zorder=5, label='Points where we computed gradients')\n\n"
        "for i, point in enumerate(gradient_points):\n    slope = gradients[i]\n"
        "    x_line = np.array([point - 0.5, point + 0.5])\n"
        "    y_line = point**2 + slope * (x_line - point)\n"
        "    plt.plot(x_line, y_line, 'r--', linewidth=2, alpha=0.7)\n\n"
        "plt.xlabel('x', fontsize=12)\nplt.ylabel('y', fontsize=12)\n"
        "plt.title('Function y = x² and its Gradients', fontsize=14)\nplt.grid(True, alpha=0.3)\n"
        "plt.legend()\nplt.show()\n\n"
        'print("Notice: At x=0, the gradient is 0 (minimum point)")\n'
        'print("For x>0, gradient is positive (function increases)")\n'
        'print("For x<0, gradient is negative (function decreases)")\nprint(gradients)\n',
        needs="matplotlib",
    ),
    (
        "Gradient descent on x²",
        "x = torch.tensor(5.0, requires_grad=True)\n\nlearning_rate = 0.1\n\nhistory = []\n\n"
        'print("Gradient Descent to minimize y = x²")\nprint("=" * 50)\n'
        'print(f"Starting point: x = {x.item():.2f}")\n\nfor step in range(20):\n    y = x ** 2\n\n'
        "    y.backward()\n\n    with torch.no_grad():\n        x -= learning_rate * x.grad\n\n"
        "    x.grad.zero_()\n\n    history.append((x.item(), y.item()))\n\n    if step % 5 == 0:\n"
        '        print(f"Step {step}: x = {x.item():.4f}, y = {y.item():.4f}, gradient = '
        "{x.grad if x.grad is None else 'zeroed'}\")\n\n"
        'print(f"\\nFinal: x = {x.item():.4f}, y = {y.item():.4f}")\n'
        'print(f"Expected minimum: x = 0.0, y = 0.0")\n',
    ),
    Cell(
        "003_8bd0ef599dde127d",
        "Visualizing gradient descent",
        "x_history = [h[0] for h in history]\ny_history = [h[1] for h in history]\n\n"
        "x_plot = np.linspace(-1, 5.5, 100)\ny_plot = x_plot ** 2\n\nplt.figure(figsize=(12, 5))\n\n"
        "plt.subplot(1, 2, 1)\nplt.plot(x_plot, y_plot, 'b-', linewidth=2, label='y = x²')\n"
        "plt.plot(x_history, y_history, 'ro-', linewidth=2, markersize=8, label='Gradient Descent Path')\n"
        "plt.scatter([x_history[0]], [y_history[0]], color='green', s=200, marker='*', \n"
        "           label='Start', zorder=5)\n"
        "plt.scatter([x_history[-1]], [y_history[-1]], color='red', s=200, marker='*', \n"
        "           label='End', zorder=5)\nplt.xlabel('x', fontsize=12)\nplt.ylabel('y', fontsize=12)\n"
        "plt.title('Gradient Descent Path', fontsize=14)\nplt.grid(True, alpha=0.3)\nplt.legend()\n\n"
        "plt.subplot(1, 2, 2)\nplt.plot(range(len(y_history)), y_history, 'ro-', linewidth=2, markersize=8)\n"
        "plt.xlabel('Iteration', fontsize=12)\nplt.ylabel('y value', fontsize=12)\n"
        "plt.title('Convergence to Minimum', fontsize=14)\nplt.grid(True, alpha=0.3)\n\n"
        "plt.tight_layout()\nplt.show()\n\n"
        'print("Notice how the algorithm converges to x=0, y=0 (the minimum)!")\n'
        "print(x_history[-1], y_history[-1])\n",
        needs="matplotlib",
    ),
    (
        "Computation graph",
        "x = torch.tensor(3.0, requires_grad=True)\ny = torch.tensor(2.0, requires_grad=True)\n\n"
        'print("Inputs:")\nprint(f"x = {x.item()}, requires_grad = {x.requires_grad}")\n'
        'print(f"y = {y.item()}, requires_grad = {y.requires_grad}")\nprint()\n\na = x + y\nb = x - y\n\n'
        'print("Intermediate values:")\nprint(f"a = x + y = {a.item()}")\nprint(f"b = x - y = {b.item()}")\n'
        'print(f"a.requires_grad = {a.requires_grad}")\nprint()\n\nz = a * b\n\nprint("Final value:")\n'
        'print(f"z = a * b = {z.item()}")\nprint()\n\nz.backward()\n\nprint("Gradients:")\n'
        'print(f"dz/dx = {x.grad.item()}")\nprint(f"dz/dy = {y.grad.item()}")\nprint()\n\n'
        'print("Manual check:")\nprint(f"dz/dx = 2x = {2*3}")\nprint(f"dz/dy = -2y = {-2*2}")\n',
    ),
    (
        "Detaching",
        'x = torch.tensor(2.0, requires_grad=True)\ny = x ** 2\n\nprint("Before detaching:")\n'
        'print(f"y.requires_grad = {y.requires_grad}")\n'
        'print(f"y.grad_fn = {y.grad_fn}")\nprint()\n\ny_detached = y.detach()\n\n'
        'print("After detaching:")\nprint(f"y_detached.requires_grad = {y_detached.requires_grad}")\n'
        'print(f"y_detached.grad_fn = {y_detached.grad_fn}")\nprint()\n',
    ),
    (
        "torch.no_grad()",
        'x = torch.tensor(2.0, requires_grad=True)\n\ny1 = x ** 2\nprint("With gradient tracking:")\n'
        'print(f"y1.requires_grad = {y1.requires_grad}")\nprint()\n\nwith torch.no_grad():\n'
        '    y2 = x ** 2\n    print("Inside no_grad context:")\n'
        '    print(f"y2.requires_grad = {y2.requires_grad}")\n    print(f"y2 value = {y2.item()}")\n\n'
        'print()\nprint("Outside no_grad context:")\nprint(f"y2.requires_grad = {y2.requires_grad}")\n'
        "print()\n",
    ),
    (
        "Multiple outputs",
        "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\n\ny1 = x ** 2\ny2 = x ** 3\n\n"
        'print("Input:", x)\nprint("Output 1 (x²):", y1)\nprint("Output 2 (x³):", y2)\nprint()\n\n'
        'y1.sum().backward(retain_graph=True)\nprint("Gradients after y1.backward():")\n'
        'print("x.grad =", x.grad)\n\nx.grad.zero_()\ny2.sum().backward()\n'
        'print("\\nGradients after y2.backward():")\nprint("x.grad =", x.grad)\n',
    ),
    (
        "Exercise 1",
        "x = torch.tensor(4.0, requires_grad=True)\ny = 3 * x ** 2 + 2 * x + 1\n\n"
        'print(f"x = {x.item()}")\nprint(f"y = 3x² + 2x + 1 = {y.item()}")\n\ny.backward()\n'
        'print(f"\\nGradient dy/dx = {x.grad.item()}")\nprint(f"Manual check: 6x + 2 = {6*4 + 2}")\n'
        'print(f"Match: {abs(x.grad.item() - 26) < 0.0001}")\n',
    ),
    (
        "Exercise 2",
        "x = torch.tensor(2.0, requires_grad=True)\ny = torch.tensor(3.0, requires_grad=True)\n\n"
        'z = x ** 2 * y + x * y ** 2\n\nprint(f"x = {x.item()}, y = {y.item()}")\n'
        'print(f"z = x²y + xy² = {z.item()}")\n\nz.backward()\n\n'
        'print(f"\\nGradient dz/dx = {x.grad.item()}")\nprint(f"Gradient dz/dy = {y.grad.item()}")\n\n'
        'print(f"\\nManual check:")\nprint(f"dz/dx = 2xy + y² = 2(2)(3) + 3² = {2*2*3 + 3*3}")\n'
        'print(f"dz/dy = x² + 2xy = 2² + 2(2)(3) = {2*2 + 2*2*3}")\n',
    ),
    (
        "Exercise 3",
        "x = torch.tensor(0.0, requires_grad=True)\nlearning_rate = 0.1\n\n"
        'print("Gradient Descent to minimize f(x) = (x - 3)²")\nprint("=" * 50)\n\n'
        "for step in range(20):\n    f = (x - 3) ** 2\n    f.backward()\n    \n    with torch.no_grad():\n"
        "        x -= learning_rate * x.grad\n    \n    x.grad.zero_()\n    \n    if step % 5 == 0:\n"
        '        print(f"Step {step}: x = {x.item():.4f}, f(x) = {f.item():.4f}")\n\n'
        'print(f"\\nFinal: x = {x.item():.4f} (expected: 3.0)")\n'
        'print(f"Converged: {abs(x.item() - 3.0) < 0.1}")\n',
    ),
)

SEED_004 = _cells(
    "004_8cce1ca8be29cd20",
    ("In [18]", "import torch\n"),
    (
        "In [34]",
        "x = torch.tensor(5.0, requires_grad=True)\nprint(x)\ny = x ** 2\nprint(y)\ny.backward()\n"
        'print("Gradient of y with respect to x:", x.grad)\n',
        "tensor(5., requires_grad=True)\ntensor(25., grad_fn=<PowBackward0>)\n"
        "Gradient of y with respect to x: tensor(10.)\n",
    ),
    (
        "In [35]",
        "x = torch.tensor(5.0, requires_grad=True)\nprint(x)\ny = x ** 2\nprint(y)\n"
        "z = torch.sin(y)\nprint(z)\nz.backward()\n"
        'print("Gradient of z with respect to x:", x.grad)\n',
        "tensor(5., requires_grad=True)\ntensor(25., grad_fn=<PowBackward0>)\n"
        "tensor(-0.1324, grad_fn=<SinBackward0>)\nGradient of z with respect to x: tensor(9.9120)\n",
    ),
    (
        "In [74]",
        "a = torch.tensor(2.0,requires_grad=True)\na\n",
        "tensor(2., requires_grad=True)\n",
    ),
    ("In [78]", "b = a ** 2\nb\n", "tensor(4., grad_fn=<PowBackward0>)\n"),
    ("In [79]", "b.backward()\na.grad\n", "tensor(4.)\n"),
    ("In [80]", "a.grad.zero_()\n", "tensor(0.)\n"),
    ("In [83]", "# requires_grad_(False)\n# detach()\n# torch.no_grad()\n"),
)

ALL_CELLS: list[Cell] = SEED_000 + SEED_001 + SEED_002 + SEED_003 + SEED_004

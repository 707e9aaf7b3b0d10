"""What each seed tutorial cell must do under run_snippet: the data of test_lang_seeds.py.

Keys are (seed file stem, cell label): "In [5]" for notebook cells (repeated "In [None]" cells
are numbered "#1", "#2", ...), "fence N" for the N-th ``` block of a markdown tutorial. Fences of
one markdown tutorial that share variables are grouped into a section: their value is
(section, expectation). PREAMBLE holds what a notebook or section assumes was run before it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shown:
    """Prints exactly what the tutorial shows under the cell."""

    text: str


@dataclass(frozen=True)
class Torch:
    """The tutorial shows nothing (or what old PyTorch printed): this is what PyTorch 2 prints."""

    text: str
    note: str = "the tutorial shows no output for this cell"


@dataclass(frozen=True)
class Random:
    """Draws random numbers: the output must match this regular expression."""

    pattern: str


@dataclass(frozen=True)
class Refused:
    """Outside the playground's subset: a SnippetError of this kind, before anything runs."""

    kind: str
    fragment: str


@dataclass(frozen=True)
class Raises:
    """PyTorch raises here too (the tutorial demonstrates the error)."""

    fragment: str


@dataclass(frozen=True)
class Skip:
    """Not a program."""

    reason: str


RUNS = (Shown, Torch, Random)  # cells whose variables the next cells build on

PREAMBLE: dict[str, str] = {}
EXPECT: dict[tuple[str, str], object] = {}

S000 = "000_e781f20639962fb6"
S001 = "001_31ff00863d1b0b48"
S002 = "002_80e71c9ec2e14af4"
S003 = "003_8bd0ef599dde127d"
S004 = "004_8cce1ca8be29cd20"
NOT_CODE = "not a program: a diagram, a formula or printed output"
SGD_OUTPUT = (
    "Updated Weights: tensor([0.9700, 0.9700, 0.9700, 0.9700], requires_grad=True)\n"
    "Gradients after zero_grad(): None\n"
)

PREAMBLE.update(
    {
        # 003's first cell is refused as a whole (matplotlib); the later cells assume its torch,
        # numpy and seed lines ran.
        S003: "import torch\nimport numpy as np\ntorch.manual_seed(42)\n",
        # the "Disabling Gradient Tracking" part of 001 uses torch without importing it
        f"{S001}/disabling": "import torch\n",
    }
)

EXPECT.update(
    {
        (S000, "In [1]"): Torch(""),
        (S000, "In [2]"): Torch(""),
        (S000, "In [3]"): Torch(""),
        (S000, "In [4]"): Torch(""),
        (S000, "In [5]"): Shown("tensor(12.)\ntensor(31.)\n"),
        (S000, "In [6]"): Torch(""),
        (S000, "In [7]"): Torch(""),
        (S000, "In [8]"): Torch(""),
        (S000, "In [9]"): Torch(""),
        (S000, "In [10]"): Shown("∂loss/∂w: tensor(-30.)\n∂loss/∂b: tensor(-10.)\n"),
        (S000, "In [11]"): Shown("tensor(6.)\n"),
        (S000, "In [12]"): Torch(""),
        (S000, "In [15]"): Torch(""),
        (S000, "In [16]"): Torch(""),
        (S000, "In [17]"): Shown("tensor([0.6667, 1.3333, 2.0000])\n"),
        (S000, "In [18]"): Torch(""),
        (S000, "In [19]"): Shown("Grad after 1st: tensor(4.)\n"),
        (S000, "In [20]"): Shown("tensor(0.)\n"),
        (S000, "In [22]"): Shown("Grad after 2nd: tensor(12.)\n"),
        (S000, "In [24]"): Torch(""),
        (S000, "In [23]"): Torch(""),
        (S000, "In [25]"): Torch(""),
        (S000, "In [26]"): Torch(""),
    }
)

_RANDN_FULL = (
    r"x = tensor\(\[[^\]]*\], requires_grad=True\)\n"
    r"y = tensor\(\[[^\]]*\], grad_fn=<AddBackward0>\)\n"
    r"z = tensor\([-0-9.e+]+, grad_fn=<MeanBackward0>\)\n"
    r"x\.grad = tensor\(\[[^\]]*\]\)\n"
)
_VECTOR = r"tensor\(\[[^\]]*\](, requires_grad=True)?\)\n"


def _section(name: str, fences: dict[int, object]) -> dict[tuple[str, str], object]:
    return {(S001, f"fence {i}"): (name, e) for i, e in fences.items()}


EXPECT.update(
    {
        **_section(
            "step-by-step",
            {
                0: Torch("tensor([2., 3.], requires_grad=True)\n"),
                1: Torch("tensor([ 6., 11.], grad_fn=<AddBackward0>)\n"),
                2: Torch(""),
                3: Skip("the worked numbers (x = [2, 3], grad = [4, 6]), not code to run"),
                4: Torch("tensor([4., 6.])\n"),
                5: Skip(NOT_CODE),
                6: Shown("tensor(24.)\n"),
                7: Skip(NOT_CODE),
                8: Torch(
                    "tensor([2., 4., 6.])\n",
                    "the comment says tensor([2.0, 4.0, 6.0]); PyTorch prints this",
                ),
                9: Torch("tensor([0., 0., 0.])\n"),
                10: Torch(""),
                11: Torch("True\nFalse\n"),
                12: Torch(
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
            },
        ),
        **_section(
            "full-documentation",
            {
                13: Random(_RANDN_FULL),
                14: Skip("a formula written as code (z_i = 3 * y_i^2)"),
                15: Skip(NOT_CODE),
                16: Raises("name 'tensor' is not defined"),  # printed values shown as code
                17: Raises("name 'tensor' is not defined"),
                18: Refused("syntax", "invalid syntax"),
            },
        ),
        **_section(
            "non-scalar",
            {
                19: Random(_VECTOR),
                20: Torch(""),
                21: Raises("grad can be implicitly created only for scalar outputs"),
                22: Skip(NOT_CODE),
                23: Random(_VECTOR),
                24: Torch(""),
                25: Random(r"Input x: " + _VECTOR + r"Gradients: " + _VECTOR),
            },
        ),
        **_section(
            "disabling",
            {
                26: Torch("Before: True\nAfter: False\n"),
                27: Torch("a requires_grad: True\nb requires_grad: False\n"),
                28: Torch("m requires_grad: True\nn requires_grad: False\n"),
                29: Refused("unsupported", "`input` is not available"),  # model is never defined
                30: Raises("name 'model' is not defined"),
                31: Refused("unsupported", "`input` is not available"),
            },
        ),
        **_section(
            "accumulation",
            {
                32: Shown("tensor([3., 3., 3., 3.])\n" * 3),
                33: Torch(""),
                34: Skip("the values written as a list (weights = [1.0, ...]), not code to run"),
                35: Torch(""),
                36: Raises("name 'scalar' is not defined"),  # "model_outputs = 12.0  (scalar)"
                37: Skip(NOT_CODE),
                38: Torch("[3.0, 3.0, 3.0, 3.0]\n"),
                39: Raises("'NoneType' object has no attribute 'zero_'"),
                40: Skip(NOT_CODE),
                41: Raises("'NoneType' object has no attribute 'zero_'"),
                42: Skip(NOT_CODE),
            },
        ),
        **_section(
            "sgd",
            {
                43: Torch(
                    SGD_OUTPUT,
                    "the tutorial shows tensor([0., 0., 0., 0.]) for the gradients: PyTorch 2 "
                    "sets them to None in zero_grad()",
                ),
                44: Torch(""),
                45: Skip(NOT_CODE),
                46: Torch(""),
                47: Torch(""),
                48: Raises(
                    "assigned grad expected to be a Tensor or None but got grad of type list"
                ),
                49: Raises("Trying to backward through the graph a second time"),
                50: Torch(""),
                51: Raises("name 'learning_rate' is not defined"),  # pseudo-code
                52: Skip(NOT_CODE),
                53: Torch(""),
                54: Refused("syntax", "invalid syntax"),
                55: Torch(
                    SGD_OUTPUT,
                    "the tutorial shows zeros for the gradients: PyTorch 2 prints None",
                ),
                56: Torch(""),
                57: Skip(NOT_CODE),
            },
        ),
    }
)

EXPECT.update(
    {
        (S002, "In [1]"): Shown("Tensor: tensor([2.], requires_grad=True)\nRequires Grad: True\n"),
        (S002, "In [2]"): Shown(
            "Function Output: tensor([4.], grad_fn=<PowBackward0>)\n"
            "Gradient (dy/dx): tensor([4.])\n"
        ),
        (S002, "In [3]"): Shown("Gradient (dy/dx): tensor([ 3., 12., 27.])\n"),
        (S002, "In [4]"): Shown("No Grad Computation: False\n"),
        (S002, "In [5]"): Shown("Detached Tensor Requires Grad: False\n"),
        (S002, "In [6]"): Shown(
            "Accumulated Gradient: tensor([6.])\nGradient After Zeroing: tensor([0.])\n" * 3
        ),
        (S002, "In [7]"): Shown(
            "First Derivative (dy/dx): tensor([12.], grad_fn=<MulBackward0>)\n"
            "Second Derivative (d²y/dx²): tensor([12.])\n"
        ),
    }
)

EXPECT.update(
    {
        (S003, "In [None] #1"): Refused("unsupported", "matplotlib"),
        (S003, "In [None] #2"): Torch(
            "Normal tensor: tensor(2.)\n"
            "requires_grad: False\n"
            "\n"
            "Tensor with gradient tracking:\n"
            "Value: tensor(2., requires_grad=True)\n"
            "requires_grad: True\n"
            "\n"
        ),
        (S003, "In [None] #3"): Torch(
            "x = tensor(3., requires_grad=True)\n"
            "\n"
            "y = x^2 = tensor(9., grad_fn=<PowBackward0>)\n"
            "\n"
            "Gradient dy/dx = tensor(6.)\n"
            "\n"
            "Manual calculation: 2 * x = 2 * 3 = 6\n"
            "PyTorch gradient: 6.0\n"
            "Match! True\n"
        ),
        (S003, "In [None] #4"): Raises("Trying to backward through the graph a second time"),
        (S003, "In [None] #5"): Torch(
            "x = tensor(2., requires_grad=True)\n"
            "y = tensor(3., requires_grad=True)\n"
            "\n"
            "z = x^2 + y^2 = tensor(13., grad_fn=<AddBackward0>)\n"
            "\n"
            "Gradient with respect to x (dz/dx): tensor(4.)\n"
            "Gradient with respect to y (dz/dy): tensor(6.)\n"
            "\n"
            "Manual check:\n"
            "dz/dx = 2x = 4\n"
            "dz/dy = 2y = 6\n"
        ),
        (S003, "In [None] #6"): Refused("unsupported", "`np.linspace` is not available"),
        (S003, "In [None] #7"): Torch(
            "Gradient Descent to minimize y = x²\n"
            "==================================================\n"
            "Starting point: x = 5.00\n"
            "Step 0: x = 4.0000, y = 25.0000, gradient = zeroed\n"
            "Step 5: x = 1.3107, y = 2.6844, gradient = zeroed\n"
            "Step 10: x = 0.4295, y = 0.2882, gradient = zeroed\n"
            "Step 15: x = 0.1407, y = 0.0309, gradient = zeroed\n"
            "\n"
            "Final: x = 0.0576, y = 0.0052\n"
            "Expected minimum: x = 0.0, y = 0.0\n"
        ),
        (S003, "In [None] #8"): Refused("unsupported", "`np.linspace` is not available"),
        (S003, "In [None] #9"): Torch(
            "Inputs:\n"
            "x = 3.0, requires_grad = True\n"
            "y = 2.0, requires_grad = True\n"
            "\n"
            "Intermediate values:\n"
            "a = x + y = 5.0\n"
            "b = x - y = 1.0\n"
            "a.requires_grad = True\n"
            "\n"
            "Final value:\n"
            "z = a * b = 5.0\n"
            "\n"
            "Gradients:\n"
            "dz/dx = 6.0\n"
            "dz/dy = -4.0\n"
            "\n"
            "Manual check:\n"
            "dz/dx = 2x = 6\n"
            "dz/dy = -2y = -4\n"
        ),
        (S003, "In [None] #10"): Random(
            r"Before detaching:\ny\.requires_grad = True\n"
            r"y\.grad_fn = <PowBackward0 object at 0x[0-9a-f]+>\n\n"
            r"After detaching:\ny_detached\.requires_grad = False\ny_detached\.grad_fn = None\n\n"
        ),
        (S003, "In [None] #11"): Torch(
            "With gradient tracking:\n"
            "y1.requires_grad = True\n"
            "\n"
            "Inside no_grad context:\n"
            "y2.requires_grad = False\n"
            "y2 value = 4.0\n"
            "\n"
            "Outside no_grad context:\n"
            "y2.requires_grad = False\n"
            "\n"
        ),
        (S003, "In [None] #12"): Torch(
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
        (S003, "In [None] #13"): Torch(
            "x = 4.0\n"
            "y = 3x² + 2x + 1 = 57.0\n"
            "\n"
            "Gradient dy/dx = 26.0\n"
            "Manual check: 6x + 2 = 26\n"
            "Match: True\n"
        ),
        (S003, "In [None] #14"): Torch(
            "x = 2.0, y = 3.0\n"
            "z = x²y + xy² = 30.0\n"
            "\n"
            "Gradient dz/dx = 21.0\n"
            "Gradient dz/dy = 16.0\n"
            "\n"
            "Manual check:\n"
            "dz/dx = 2xy + y² = 2(2)(3) + 3² = 21\n"
            "dz/dy = x² + 2xy = 2² + 2(2)(3) = 16\n"
        ),
        (S003, "In [None] #15"): Torch(
            "Gradient Descent to minimize f(x) = (x - 3)²\n"
            "==================================================\n"
            "Step 0: x = 0.6000, f(x) = 9.0000\n"
            "Step 5: x = 2.2136, f(x) = 0.9664\n"
            "Step 10: x = 2.7423, f(x) = 0.1038\n"
            "Step 15: x = 2.9156, f(x) = 0.0111\n"
            "\n"
            "Final: x = 2.9654 (expected: 3.0)\n"
            "Converged: True\n"
        ),
    }
)

EXPECT.update(
    {
        (S004, "In [18]"): Torch(""),
        (S004, "In [34]"): Shown(
            "tensor(5., requires_grad=True)\ntensor(25., grad_fn=<PowBackward0>)\n"
            "Gradient of y with respect to x: tensor(10.)\n"
        ),
        (S004, "In [35]"): Shown(
            "tensor(5., requires_grad=True)\ntensor(25., grad_fn=<PowBackward0>)\n"
            "tensor(-0.1324, grad_fn=<SinBackward0>)\n"
            "Gradient of z with respect to x: tensor(9.9120)\n"
        ),
        (S004, "In [74]"): Shown("tensor(2., requires_grad=True)\n"),
        (S004, "In [78]"): Shown("tensor(4., grad_fn=<PowBackward0>)\n"),
        (S004, "In [79]"): Shown("tensor(4.)\n"),
        (S004, "In [80]"): Shown("tensor(0.)\n"),
        (S004, "In [83]"): Torch(""),
    }
)

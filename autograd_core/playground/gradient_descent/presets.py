"""The functions to minimise: Objective, and the presets the page offers.

Each preset is written with Tensor methods only (`x.sin()`, `(2 * pi * x).cos()`), so the same
function object runs on torch tensors when the goldens are recorded.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from autograd_core.tensor import Tensor


@dataclass(frozen=True)
class Objective:
    """A function to minimise: f(x) or f(x, y), pointwise on tensors of any shape."""

    key: str
    name: str
    latex: str  # the formula, for st.latex (presets only; a custom expression is shown as code)
    expression: str  # the same formula as Python, as the loop's code shows it
    fn: Callable[..., Tensor] = field(repr=False)
    dims: int
    bounds: tuple[tuple[float, float], ...]  # the region to draw, per variable
    start: tuple[float, ...]
    steps: int
    lrs: Mapping[str, float]  # a learning rate per optimizer that suits this function
    minima: tuple[tuple[float, ...], ...] = ()
    note: str = ""

    def __call__(self, *coords: Tensor) -> Tensor:
        return self.fn(*coords)

    def __reduce__(self) -> tuple:
        # A preset crosses to a worker process by its key (its formula is a lambda); a learner's
        # expression by its fields (its fn is a custom.SnippetFunction: text, not code).
        if PRESETS.get(self.key) is self:
            return (_preset, (self.key,))
        return (_objective, (self.__dict__.copy(),))


def _preset(key: str) -> Objective:
    return PRESETS[key]


def _objective(values: dict[str, Any]) -> Objective:
    return Objective(**values)


def _lrs(sgd: float, adaptive: float, momentum: float | None = None) -> dict[str, float]:
    """Sensible learning rates: the SGD family scales its step by the gradient, the adaptive ones
    move about lr per step (RMSprop's first steps are ~10·lr, Adagrad's shrink like 1/√t)."""
    momentum = sgd if momentum is None else momentum
    return {
        "SGD": sgd,
        "Momentum": momentum,
        "Nesterov": momentum,
        "RMSprop": adaptive / 10,
        "Adagrad": adaptive * 3,
        "Adam": adaptive,
        "AdamW": adaptive,
    }


_TAU = 2 * math.pi


def _rastrigin(x: Tensor, y: Tensor) -> Tensor:
    return 20 + x**2 - 10 * (_TAU * x).cos() + y**2 - 10 * (_TAU * y).cos()


PRESETS: dict[str, Objective] = {
    o.key: o
    for o in (
        Objective(
            "square",
            "x²",
            r"f(x) = x^2",
            "x ** 2",
            lambda x: x**2,
            1,
            ((-6.0, 6.0),),
            (5.0,),
            20,
            _lrs(0.1, 0.5),
            ((0.0,),),
            "The tutorials' first descent: the slope 2x shrinks near 0, so the steps shrink too.",
        ),
        Objective(
            "shifted",
            "(x − 3)²",
            r"f(x) = (x - 3)^2",
            "(x - 3) ** 2",
            lambda x: (x - 3) ** 2,
            1,
            ((-2.0, 8.0),),
            (0.0,),
            20,
            _lrs(0.1, 0.5),
            ((3.0,),),
            "The tutorials' exercise: from x = 0 with lr = 0.1, twenty steps end near 3.",
        ),
        Objective(
            "double_well",
            "double well",
            r"f(x) = (x^2 - 1)^2 + 0.3\,x",
            "(x ** 2 - 1) ** 2 + 0.3 * x",
            lambda x: (x**2 - 1) ** 2 + 0.3 * x,
            1,
            ((-2.0, 2.2),),
            (2.0,),
            60,
            _lrs(0.02, 0.1),
            ((-1.04,), (0.96,)),
            "Two valleys, the left one deeper. Plain descent settles in the valley below its "
            "start; momentum can carry a path over the hump.",
        ),
        Objective(
            "wiggly",
            "wiggly",
            r"f(x) = \sin(x) + 0.1\,x^2",
            "torch.sin(x) + 0.1 * x ** 2",
            lambda x: x.sin() + 0.1 * x**2,
            1,
            ((-8.0, 8.0),),
            (6.0,),
            60,
            _lrs(0.3, 0.3),
            ((-1.31,), (3.84,)),
            "Ripples on a bowl: small steps stop in the first dip, bigger or faster ones roll on.",
        ),
        Objective(
            "bowl",
            "round bowl",
            r"f(x, y) = x^2 + y^2",
            "x ** 2 + y ** 2",
            lambda x, y: x**2 + y**2,
            2,
            ((-5.0, 5.0), (-5.0, 5.0)),
            (-4.0, 3.0),
            30,
            _lrs(0.1, 0.2),
            ((0.0, 0.0),),
            "Equally steep in every direction: the gradient points straight at the minimum.",
        ),
        Objective(
            "elongated",
            "elongated bowl",
            r"f(x, y) = x^2 + 10\,y^2",
            "x ** 2 + 10 * y ** 2",
            lambda x, y: x**2 + 10 * y**2,
            2,
            ((-5.0, 5.0), (-2.5, 2.5)),
            (-4.5, 1.5),
            60,
            _lrs(0.09, 0.3, momentum=0.03),
            ((0.0, 0.0),),
            "Steep across, shallow along: SGD zig-zags across the valley, momentum averages the "
            "zig-zag away and Adam rescales each direction.",
        ),
        Objective(
            "rosenbrock",
            "Rosenbrock",
            r"f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2",
            "(1 - x) ** 2 + 100 * (y - x ** 2) ** 2",
            lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
            2,
            ((-2.0, 2.0), (-1.0, 3.0)),
            (-1.2, 1.0),
            200,
            _lrs(0.001, 0.2),
            ((1.0, 1.0),),
            "A narrow curved valley: finding the valley is easy, following it to (1, 1) is slow.",
        ),
        Objective(
            "himmelblau",
            "Himmelblau",
            r"f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2",
            "(x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2",
            lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
            2,
            ((-5.0, 5.0), (-5.0, 5.0)),
            (-0.5, -0.5),
            100,
            _lrs(0.01, 0.1),
            ((3.0, 2.0), (-2.805, 3.131), (-3.779, -3.283), (3.584, -1.848)),
            "Four minima, all equally low: which one you reach depends on where you start and on "
            "the optimizer.",
        ),
        Objective(
            "saddle",
            "saddle",
            r"f(x, y) = x^2 - y^2",
            "x ** 2 - y ** 2",
            lambda x, y: x**2 - y**2,
            2,
            ((-5.0, 5.0), (-5.0, 5.0)),
            (-4.0, 0.05),
            80,
            _lrs(0.1, 0.1),
            (),
            "Up along x, down along y: the gradient at the centre is zero, yet it is no minimum. "
            "Starting almost on the ridge, the path first heads for the centre, then slides off.",
        ),
        Objective(
            "rastrigin",
            "Rastrigin",
            r"f(x, y) = 20 + \sum_{v = x, y} \left(v^2 - 10\cos 2\pi v"
            r"\right)",
            "20 + x ** 2 - 10 * torch.cos(2 * math.pi * x) + y ** 2 "
            "- 10 * torch.cos(2 * math.pi * y)",
            _rastrigin,
            2,
            ((-5.12, 5.12), (-5.12, 5.12)),
            (3.2, -2.6),
            100,
            _lrs(0.002, 0.05),
            ((0.0, 0.0),),
            "An egg box: a local minimum every unit. Gradient methods stop in the nearest one.",
        ),
    )
}


# --- the learner's own expression ---------------------------------------------------------------

# Functions and constants a learner can write without `torch.` in front.

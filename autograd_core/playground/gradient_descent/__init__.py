"""Gradient descent on a function of one or two variables, several optimizers racing.

Everything the Gradient Descent page shows is computed here, by the engine:

    >>> from autograd_core.playground.gradient_descent import PRESETS, OptimizerChoice, race
    >>> result = race(PRESETS["shifted"], [OptimizerChoice("SGD", {"lr": 0.1})], steps=20)
    >>> round(float(result.runs[0].points[-1, 0]), 4)   # the tutorials' exercise ends near 3
    2.9654

The parts:
    presets.py     Objective (f, its formula, region, start, suggested learning rates), PRESETS
    custom.py      custom_objective: the learner's expression, through the snippet language
    optimizers.py  OPTIMIZERS (each one's hyper-parameters and ranges), OptimizerChoice
    race.py        race(): every optimizer from one start, in the tutorials' order of calls
    divergence.py  when a path is stopped (NaN, inf, runaway) and why, in words
    views.py       surface (f on a grid, one vectorised pass under no_grad), view_bounds,
                   update_rows (one update spelled out), history, loop_code
    text.py        DescentError, and how numbers read on the page
"""

from __future__ import annotations

from .custom import custom_objective
from .divergence import Divergence, curvature
from .optimizers import OPTIMIZERS, HyperParam, OptimizerChoice, OptimizerSpec
from .presets import PRESETS, Objective
from .race import (
    MAX_OPTIMIZERS,
    MAX_START,
    MAX_STEPS,
    Race,
    Run,
    check_start,
    check_steps,
    race,
    runaway_limit,
)
from .text import DescentError, format_number, format_point, format_vector
from .views import (
    RACE_SECONDS,
    Surface,
    UpdateRow,
    history,
    loop_code,
    race_in_worker,
    race_rows,
    race_view,
    summary,
    surface,
    update_rows,
    view_bounds,
)

__all__ = [
    "MAX_OPTIMIZERS",
    "MAX_START",
    "MAX_STEPS",
    "OPTIMIZERS",
    "PRESETS",
    "RACE_SECONDS",
    "DescentError",
    "Divergence",
    "HyperParam",
    "Objective",
    "OptimizerChoice",
    "OptimizerSpec",
    "Race",
    "Run",
    "Surface",
    "UpdateRow",
    "check_start",
    "check_steps",
    "curvature",
    "custom_objective",
    "format_number",
    "format_point",
    "format_vector",
    "history",
    "loop_code",
    "race",
    "race_in_worker",
    "race_rows",
    "race_view",
    "runaway_limit",
    "summary",
    "surface",
    "update_rows",
    "view_bounds",
]

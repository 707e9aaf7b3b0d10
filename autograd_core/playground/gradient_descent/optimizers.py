"""The optimizers that race: each one's hyper-parameters, their ranges and what they do."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from autograd_core import optim
from autograd_core.inputs import real_number

from .text import DescentError
from .text import format_number as num


@dataclass(frozen=True)
class HyperParam:
    name: str  # the keyword argument (beta1/beta2 become betas=(...))
    label: str
    default: float
    low: float
    high: float
    high_open: bool = False  # high itself not allowed (momentum, betas < 1)
    help: str = ""


_LR = HyperParam("lr", "learning rate", 0.1, 0.0, 100.0, help="Step size γ (must be > 0).")
_MOMENTUM = HyperParam(
    "momentum", "momentum", 0.9, 0.0, 1.0, True, "Fraction μ of the previous step kept."
)
_BETA1 = HyperParam("beta1", "β₁", 0.9, 0.0, 1.0, True, "Averaging of the gradient (β₁ < 1).")
_BETA2 = HyperParam("beta2", "β₂", 0.999, 0.0, 1.0, True, "Averaging of its square (β₂ < 1).")


@dataclass(frozen=True)
class OptimizerSpec:
    kind: str
    cls: type
    hyper: tuple[HyperParam, ...]
    fixed: Mapping[str, Any]
    blurb: str


OPTIMIZERS: dict[str, OptimizerSpec] = {
    s.kind: s
    for s in (
        OptimizerSpec("SGD", optim.SGD, (_LR,), {}, "x ← x − lr·grad: the tutorials' loop."),
        OptimizerSpec(
            "Momentum",
            optim.SGD,
            (_LR, _MOMENTUM),
            {},
            "A heavy ball: keeps μ of its last step, so it speeds up on steady slopes.",
        ),
        OptimizerSpec(
            "Nesterov",
            optim.SGD,
            (_LR, _MOMENTUM),
            {"nesterov": True},
            "Momentum that looks ahead: brakes earlier before overshooting.",
        ),
        OptimizerSpec(
            "RMSprop",
            optim.RMSprop,
            (_LR, HyperParam("alpha", "α", 0.99, 0.0, 1.0, True, "Averaging of grad² (α < 1).")),
            {},
            "Divides each step by a running root-mean-square of recent gradients.",
        ),
        OptimizerSpec(
            "Adagrad",
            optim.Adagrad,
            (_LR,),
            {},
            "Divides by the root of all past squared gradients: steps shrink over time.",
        ),
        OptimizerSpec(
            "Adam",
            optim.Adam,
            (_LR, _BETA1, _BETA2),
            {},
            "Momentum plus RMSprop's scaling: steps of about lr in every direction.",
        ),
        OptimizerSpec(
            "AdamW",
            optim.AdamW,
            (
                _LR,
                _BETA1,
                _BETA2,
                HyperParam(
                    "weight_decay",
                    "weight decay",
                    0.01,
                    0.0,
                    10.0,
                    help="Shrinks x towards 0 by lr·λ·x each step.",
                ),
            ),
            {},
            "Adam with decoupled weight decay: also pulls x towards 0.",
        ),
    )
}


@dataclass(frozen=True)
class OptimizerChoice:
    """One racer: an optimizer kind and its hyper-parameter values (missing ones: defaults)."""

    kind: str
    values: Mapping[str, float] = field(default_factory=dict)

    def settings(self) -> dict[str, Any]:
        """The keyword arguments for the optimizer's constructor, checked first so that a bad
        value gets a message a learner can act on (PyTorch's own checks would also catch it)."""
        spec = OPTIMIZERS.get(self.kind)
        if spec is None:
            raise DescentError(
                f"Unknown optimizer {self.kind!r}.", f"Pick one of {list(OPTIMIZERS)}."
            )
        values = {
            h.name: _checked(self.kind, h, self.values.get(h.name, h.default)) for h in spec.hyper
        }
        if "beta1" in values:
            values["betas"] = (values.pop("beta1"), values.pop("beta2"))
        return {**values, **spec.fixed}

    def label(self) -> str:
        settings = self.settings()
        return f"{self.kind} (lr={num(settings['lr'])})"


def _checked(kind: str, h: HyperParam, value: Any) -> float:
    number = real_number(value)
    if number is None:
        raise DescentError(f"{kind}: {h.label} must be a number, not {str(value)[:40]!r}.")
    above = number >= h.high if h.high_open else number > h.high
    below = number <= 0 if h.name == "lr" else number < h.low
    if not math.isfinite(number) or above or below:
        low = "above 0" if h.name == "lr" else f"at least {num(h.low)}"
        high = f"below {num(h.high)}" if h.high_open else f"at most {num(h.high)}"
        raise DescentError(
            f"{kind}: {h.label} must be {low} and {high}, not {num(number)}.", h.help
        )
    return number

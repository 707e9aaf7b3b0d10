"""Record torch.optim trajectories, reprs and errors into tests/golden/optim.json.

Run with an interpreter that has torch installed:

    /path/to/torch-venv/bin/python tests/golden/record_optim.py

Each trajectory is an optimizer with one setting of its options, run for STEPS steps on one of
three problems (PROBLEMS below): every step's gradient and the parameter values after it are
recorded.
tests/test_optim.py replays the same runs with autograd_core.optim and compares every step.
Problems, configurations and `run` are shared by both sides, so they are defined here; torch is
imported inside main() only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

GOLDEN_PATH = Path(__file__).with_name("optim.json")
STEPS = 200

# A small least-squares problem: minimise mean((A w - b)²) over w in R³.
_rng = np.random.default_rng(5)
LSQ_A = [[float(str(np.float32(v))) for v in row] for row in _rng.uniform(-1, 1, (8, 3))]
LSQ_B = [float(str(np.float32(v))) for v in _rng.uniform(-1, 1, 8)]


def quadratic(torch: Any, x: Any) -> Any:
    return (x - 3) ** 2


def rosenbrock(torch: Any, p: Any) -> Any:
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


def least_squares(torch: Any, w: Any) -> Any:
    return ((torch.tensor(LSQ_A) @ w - torch.tensor(LSQ_B)) ** 2).mean()


# name -> (objective, starting point)
PROBLEMS = {
    "quadratic": (quadratic, 0.0),
    "rosenbrock": (rosenbrock, [-1.5, 2.0]),
    "least_squares": (least_squares, [1.0, -1.0, 1.0]),
}

# The learning rate each optimizer family uses on each problem (what converges, not diverges).
LR = {
    "SGD": {"quadratic": 0.05, "rosenbrock": 2e-4, "least_squares": 0.1},
    "Adam": {"quadratic": 0.1, "rosenbrock": 0.02, "least_squares": 0.05},
    "AdamW": {"quadratic": 0.1, "rosenbrock": 0.02, "least_squares": 0.05},
    # RMSprop's steps stay ~lr long however small the gradient: near the least-squares optimum
    # it would hop around on rounding noise, so it gets an lr that approaches it slowly.
    "RMSprop": {"quadratic": 0.01, "rosenbrock": 1e-3, "least_squares": 2e-3},
    "Adagrad": {"quadratic": 0.5, "rosenbrock": 0.1, "least_squares": 0.5},
    # Adadelta's steps start near sqrt(eps) long whatever lr is: lr scales them up
    "Adadelta": {"quadratic": 1.0, "rosenbrock": 1.0, "least_squares": 1.0},
}

CONFIGS: list[tuple[str, dict[str, Any]]] = [
    ("SGD", {}),
    ("SGD", {"momentum": 0.9}),
    ("SGD", {"momentum": 0.9, "nesterov": True}),
    ("SGD", {"momentum": 0.9, "dampening": 0.5}),
    ("SGD", {"weight_decay": 0.1}),
    ("SGD", {"momentum": 0.5, "weight_decay": 0.01, "maximize": True}),
    ("Adam", {}),
    ("Adam", {"betas": (0.8, 0.99)}),
    ("Adam", {"weight_decay": 0.1}),
    ("Adam", {"amsgrad": True}),
    ("Adam", {"maximize": True}),
    ("AdamW", {}),
    ("AdamW", {"weight_decay": 0.1, "amsgrad": True}),
    ("RMSprop", {}),
    ("RMSprop", {"momentum": 0.9}),
    ("RMSprop", {"centered": True}),
    ("RMSprop", {"centered": True, "momentum": 0.5, "weight_decay": 0.1}),
    ("RMSprop", {"alpha": 0.95, "maximize": True}),
    ("Adagrad", {}),
    ("Adagrad", {"lr_decay": 0.01}),
    ("Adagrad", {"weight_decay": 0.1, "initial_accumulator_value": 0.1}),
    ("Adagrad", {"maximize": True}),
    ("Adadelta", {}),
    ("Adadelta", {"rho": 0.5, "eps": 1e-4}),
    ("Adadelta", {"weight_decay": 0.1, "maximize": True}),
]


def run(
    torch: Any,
    optimizer: str,
    options: dict[str, Any],
    problem: str,
    grads: list[Any] | None = None,
) -> tuple[list[Any], list[Any]]:
    """(parameter values after each of STEPS steps, the gradient each step used).

    A maximizing optimizer gets -f. With `grads`, those gradients are used instead of
    backward(): the update rule alone is then compared, whatever the autograd engine computes.
    """
    objective, start = PROBLEMS[problem]
    x = torch.tensor(start, requires_grad=True)
    opt = getattr(torch.optim, optimizer)([x], lr=LR[optimizer][problem], **options)
    sign = -1 if options.get("maximize") else 1
    path, used = [], []
    for step in range(STEPS):
        opt.zero_grad()
        if grads is None:
            loss = sign * objective(torch, x)
            loss.backward()
        else:
            x.grad = torch.tensor(grads[step])
        used.append(_short(x.grad.numpy()))
        opt.step()
        path.append(_short(x.detach().numpy()))
    return path, used


def _short(values: np.ndarray) -> Any:
    """float32 values as the shortest decimals that read back as the same float32."""
    values = np.asarray(values, dtype=np.float32)
    if values.ndim == 0:
        return float(str(values))
    return [_short(v) for v in values]


def seed_program(torch: Any) -> str:
    """The brief's seed example: one SGD step, then zero_grad (to None in torch 2.x)."""
    weights = torch.ones(4, requires_grad=True)
    optimizer = torch.optim.SGD([weights], lr=0.01)
    (weights * 3).sum().backward()
    optimizer.step()
    optimizer.zero_grad()
    return f"{weights} {weights.grad}"


REPRS = [
    "torch.optim.SGD([w], lr=0.01)",
    "torch.optim.SGD([w], lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)",
    "torch.optim.Adam([w])",
    "torch.optim.Adam([w], lr=0.01, betas=(0.8, 0.99), amsgrad=True)",
    "torch.optim.AdamW([w])",
    "torch.optim.RMSprop([w])",
    "torch.optim.RMSprop([w], centered=True, momentum=0.9)",
    "torch.optim.Adagrad([w])",
    "torch.optim.SGD([{'params': [w]}, {'params': [v], 'lr': 0.5}], lr=0.1)",
    "torch.optim.SGD(nn.Linear(2, 1).named_parameters(), lr=0.1)",
    "stepped(torch.optim.SGD([w], lr=0.1, momentum=0.9)).state_dict()",
    "stepped(torch.optim.Adam([w], lr=0.1)).state_dict()",
    "stepped(torch.optim.Adam([w], lr=0.1, amsgrad=True)).state",
    "stepped(torch.optim.RMSprop([w], centered=True, momentum=0.5)).state_dict()['state']",
    "torch.optim.Adagrad([w]).state_dict()",
    "torch.optim.Adadelta([w])",
    "stepped(torch.optim.Adadelta([w], lr=0.5)).state_dict()",
    "stepped(torch.optim.SGD([w], lr=0.1)).state_dict()",
    "with_scheduler(torch.optim.SGD([w], lr=0.1))",
    "lrs(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5))",
    "lrs(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9))",
    "lrs(lambda o: torch.optim.lr_scheduler.MultiStepLR(o, milestones=[2, 5, 5], gamma=0.1))",
    "lrs(lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda e: 1 / (e + 1)))",
    "lrs(lambda o: torch.optim.lr_scheduler.MultiplicativeLR(o, lambda e: 0.95 - 0.05 * e))",
    "lrs(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=3))",
    "lrs(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=5, eta_min=0.1))",
    "plateau(patience=2)",
    "plateau(patience=0, cooldown=2, factor=0.5, min_lr=0.2)",
    "plateau(mode='max', threshold_mode='abs', threshold=0.1, patience=1)",
    "plateau(patience=1, eps=0.5)",
]

ERRORS = [
    "torch.optim.SGD([w], lr=-1)",
    "torch.optim.SGD([w], lr=0.1, momentum=-1)",
    "torch.optim.SGD([w], lr=0.1, weight_decay=-1)",
    "torch.optim.SGD([w], lr=0.1, nesterov=True)",
    "torch.optim.SGD([w], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)",
    "torch.optim.SGD([], lr=0.1)",
    "torch.optim.SGD(w, lr=0.1)",
    "torch.optim.SGD([w * 2], lr=0.1)",
    "torch.optim.SGD([w, 1.0], lr=0.1)",
    "torch.optim.SGD([{'params': {w}}], lr=0.1)",
    "torch.optim.SGD([{'params': [w]}, {'params': [w]}], lr=0.1)",
    "torch.optim.Adam([w], lr=-1)",
    "torch.optim.Adam([w], eps=-1)",
    "torch.optim.Adam([w], betas=(1.0, 0.999))",
    "torch.optim.Adam([w], betas=(0.9, 1.5))",
    "torch.optim.Adam([w], weight_decay=-1)",
    "torch.optim.Adam([w], betas=(0, 0.999))",
    "torch.optim.AdamW([w], lr=-0.5)",
    "torch.optim.RMSprop([w], alpha=-1)",
    "torch.optim.RMSprop([w], momentum=-1)",
    "torch.optim.RMSprop([w], eps=-1)",
    "torch.optim.Adagrad([w], lr_decay=-1)",
    "torch.optim.Adagrad([w], initial_accumulator_value=-1)",
    "torch.optim.Adagrad([w], eps=-1)",
    "torch.optim.Adadelta([w], lr=-1)",
    "torch.optim.Adadelta([w], rho=1.5)",
    "torch.optim.Adadelta([w], eps=-1)",
    "torch.optim.Adadelta([w], weight_decay=-1)",
    "torch.optim.SGD([w], lr=0.1).load_state_dict({'state': {}, 'param_groups': []})",
    "torch.optim.SGD([w], lr=0.1).load_state_dict({'state': {}, 'param_groups': "
    "[{'params': [0, 1]}]})",
    "torch.optim.lr_scheduler.StepLR(object(), step_size=2)",
    "torch.optim.lr_scheduler.MultiplicativeLR(torch.optim.SGD([w], lr=0.1), 0.9)",
    "torch.optim.lr_scheduler.ReduceLROnPlateau(torch.optim.SGD([w], lr=0.1), factor=1.5)",
    "torch.optim.lr_scheduler.ReduceLROnPlateau(torch.optim.SGD([w], lr=0.1), mode='lowest')",
    "torch.optim.lr_scheduler.ReduceLROnPlateau(torch.optim.SGD([w], lr=0.1), threshold_mode='x')",
    "torch.optim.lr_scheduler.ReduceLROnPlateau(torch.optim.SGD([w], lr=0.1), min_lr=[0, 0])",
    "torch.optim.lr_scheduler.ReduceLROnPlateau(object())",
]


def namespace(torch: Any) -> dict[str, Any]:
    """Names the REPRS and ERRORS expressions use; the same in both libraries."""
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    v = torch.tensor([0.5], requires_grad=True)

    def stepped(opt: Any) -> Any:
        for _ in range(2):
            opt.zero_grad()
            sum((p**2).sum() for g in opt.param_groups for p in g["params"]).backward()
            opt.step()
        return opt

    def with_scheduler(opt: Any) -> Any:
        torch.optim.lr_scheduler.StepLR(opt, step_size=2)
        return opt

    def lrs(make: Any) -> list[float]:
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
        scheduler = make(opt)
        out = []
        for _ in range(8):
            opt.step()
            scheduler.step()
            out.append(round(scheduler.get_last_lr()[0], 12))
        return out

    def plateau(**options: Any) -> list[float]:
        """ReduceLROnPlateau fed a loss that improves, stalls, improves a little, stalls."""
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
        scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **options)
        out = []
        for loss in (1.0, 0.8, 0.8, 0.8, 0.79995, 0.7, 0.75, 0.75, 0.75, 0.75, 0.9, 0.9):
            opt.step()
            scheduler.step(torch.tensor(loss))
            out.append(round(scheduler.get_last_lr()[0], 12))
        return out

    return {
        "torch": torch,
        "nn": torch.nn,
        "w": w,
        "v": v,
        "stepped": stepped,
        "with_scheduler": with_scheduler,
        "lrs": lrs,
        "plateau": plateau,
    }


def main() -> None:
    import torch

    trajectories = []
    for optimizer, options in CONFIGS:
        for problem in PROBLEMS:
            path, grads = run(torch, optimizer, options, problem)
            trajectories.append(
                {
                    "optimizer": optimizer,
                    "options": options,
                    "problem": problem,
                    "path": path,
                    "grads": grads,
                }
            )
    reprs = [{"expr": e, "repr": repr(eval(e, namespace(torch)))} for e in REPRS]
    errors = []
    for e in ERRORS:
        try:
            eval(e, namespace(torch))
        except Exception as exc:  # recording whatever torch raises
            errors.append({"expr": e, "type": type(exc).__name__, "message": str(exc)})
        else:
            raise AssertionError(f"{e} did not raise")
    data = {
        "torch_version": torch.__version__,
        "steps": STEPS,
        "seed_program": seed_program(torch),
        "trajectories": trajectories,
        "reprs": reprs,
        "errors": errors,
    }
    GOLDEN_PATH.write_text(json.dumps(data) + "\n")
    print(f"wrote {GOLDEN_PATH} ({len(trajectories)} trajectories, {len(reprs)} reprs)")


if __name__ == "__main__":
    main()

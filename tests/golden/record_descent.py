"""Record what PyTorch computes for the Gradient Descent and Training pages into descent.json.

Run with an interpreter that has torch installed, from the repository root:

    /path/to/torch-venv/bin/python tests/golden/record_descent.py

Recorded (tests/test_descent.py and tests/test_training.py replay them with autograd_core):

- descent: the seeds' exercise ((x - 3)² from 0, lr 0.1, 20 steps) written as the seeds write it;
  then every preset × every optimizer, the loop the page runs (zero_grad, forward, backward,
  step) for STEPS steps from the preset's start with its suggested learning rate, each point
  and gradient; and two runs that forget zero_grad().
- training: the seeds' linear regression printed output (by hand and with SGD); a noisy-line
  fit with a bias; and small MLPs (every activation, four optimizers, full batch and
  mini-batches) from fixed initial weights: the first logits, loss and gradients, then loss and
  accuracy after every epoch and the final logits.

The presets' functions, the datasets and the batch order come from autograd_core itself (plain
NumPy and Tensor methods that torch tensors share), so both sides compute the same thing.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_PATH = Path(__file__).with_name("descent.json")
STEPS = 40

# (name, hidden layers, width, activation, optimizer, lr, epochs, batch size, dataset)
MLP_CASES = [
    ("relu-adam-full", 2, 32, "ReLU", "Adam", 0.01, 30, 0, "moons"),
    ("tanh-sgd-batches", 1, 16, "Tanh", "SGD", 0.1, 8, 32, "circles"),
    ("sigmoid-momentum-full", 2, 8, "Sigmoid", "Momentum", 0.05, 30, 0, "xor"),
    ("leaky-rmsprop-batches", 3, 16, "LeakyReLU", "RMSprop", 0.005, 6, 50, "spirals"),
    ("relu-adamw-full", 1, 32, "ReLU", "AdamW", 0.01, 30, 0, "spirals"),
]
MLP_POINTS, MLP_NOISE, MLP_SEED = 200, 0.1, 3
OPTIMIZER_CLASSES = {
    "SGD": ("SGD", {}),
    "Momentum": ("SGD", {"momentum": 0.9}),
    "Adam": ("Adam", {}),
    "AdamW": ("AdamW", {}),
    "RMSprop": ("RMSprop", {}),
    "Adagrad": ("Adagrad", {}),
}


def short(values: Any) -> Any:
    """float32 values as the shortest decimals that read back as the same float32."""
    values = np.asarray(values, dtype=np.float32)
    if values.ndim == 0:
        return float(str(values))
    return [short(v) for v in values]


# --- descent ---------------------------------------------------------------------------------


def seeds_exercise(torch: Any) -> dict[str, Any]:
    """Exercise 3 of the seeds, exactly as written there."""
    x = torch.tensor(0.0, requires_grad=True)
    learning_rate = 0.1
    path = []
    for _step in range(20):
        f = (x - 3) ** 2
        f.backward()
        with torch.no_grad():
            x -= learning_rate * x.grad
        x.grad.zero_()
        path.append(x.item())
    return {"path": path, "final": f"{x.item():.4f}"}


def descent_run(
    torch: Any, objective: Any, kind: str, settings: dict, steps: int, forget: bool = False
) -> dict[str, Any]:
    """The page's loop for one optimizer, alone: the points after each step and each .grad."""
    from autograd_core.playground.gradient_descent import OPTIMIZERS

    params = [torch.tensor(float(v), requires_grad=True) for v in objective.start]
    cls = getattr(torch.optim, OPTIMIZERS[kind].cls.__name__)
    optimizer = cls(params, **settings)
    points, grads = [], []
    for _ in range(steps):
        if not forget:
            optimizer.zero_grad()
        loss = objective(*params)
        loss.backward()
        grads.append([short(0.0 if p.grad is None else p.grad.item()) for p in params])
        optimizer.step()
        points.append([short(p.item()) for p in params])
    return {"points": points, "grads": grads}


def record_descent(torch: Any) -> dict[str, Any]:
    from autograd_core.playground.gradient_descent import OPTIMIZERS, PRESETS, OptimizerChoice

    runs = []
    for key, objective in PRESETS.items():
        for kind in OPTIMIZERS:
            settings = OptimizerChoice(kind, {"lr": objective.lrs[kind]}).settings()
            run = descent_run(torch, objective, kind, settings, STEPS)
            runs.append({"preset": key, "optimizer": kind, "forget": False, **run})
    for key, kind in (("shifted", "SGD"), ("bowl", "Adam")):
        objective = PRESETS[key]
        settings = OptimizerChoice(kind, {"lr": objective.lrs[kind]}).settings()
        run = descent_run(torch, objective, kind, settings, 15, forget=True)
        runs.append({"preset": key, "optimizer": kind, "forget": True, **run})
    return {"steps": STEPS, "seeds_exercise": seeds_exercise(torch), "runs": runs}


# --- training --------------------------------------------------------------------------------


def seeds_regression(torch: Any, method: str, bias: bool, x: Any, y: Any, lr: float, epochs: int):
    """The seeds' linear-regression cell (and its torch.optim twin), printing as the seeds do."""
    x = torch.tensor(x)
    y_true = torch.tensor(y)
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True) if bias else None
    params = [w] if b is None else [w, b]
    optimizer = torch.optim.SGD(params, lr=lr) if method == "optimizer" else None
    printed, ws, bs = [], [w.item()], [0.0]
    for epoch in range(epochs):
        if optimizer is not None:
            optimizer.zero_grad()
        y_pred = w * x + b if b is not None else w * x
        loss = ((y_pred - y_true) ** 2).mean()
        loss.backward()
        if b is None:
            printed.append(f"Epoch {epoch}: w = {w.item()}, loss = {loss.item()}")
        else:
            printed.append(f"Epoch {epoch}: w = {w.item()}, b = {b.item()}, loss = {loss.item()}")
        if optimizer is not None:
            optimizer.step()
        else:
            with torch.no_grad():
                for p in params:
                    p -= lr * p.grad
                    p.grad.zero_()
        ws.append(w.item())
        bs.append(b.item() if b is not None else 0.0)
    return {"printed": printed, "ws": ws, "bs": bs}


def initial_weights(layers: int, width: int, seed: int) -> list[list[Any]]:
    """Weights and biases as nn.Linear's default init would draw them, from a NumPy generator."""
    rng = np.random.default_rng(seed)
    sizes = [2] + [width] * layers + [2]
    out = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        bound = 1 / np.sqrt(fan_in)
        out.append(short(rng.uniform(-bound, bound, (fan_out, fan_in))))
        out.append(short(rng.uniform(-bound, bound, fan_out)))
    return out


def torch_mlp(torch: Any, layers: int, width: int, activation: str, weights: list) -> Any:
    nn = torch.nn
    modules, size = [], 2
    for _ in range(layers):
        modules += [nn.Linear(size, width), getattr(nn, activation)()]
        size = width
    modules.append(nn.Linear(size, 2))
    model = nn.Sequential(*modules)
    with torch.no_grad():
        for p, w in zip(model.parameters(), weights):
            p.copy_(torch.tensor(w))
    return model


def record_mlp(torch: Any, case: tuple) -> dict[str, Any]:
    from autograd_core.playground.catalogue.datasets import make_dataset
    from autograd_core.playground.training import batch_order

    name, layers, width, activation, opt_name, lr, epochs, batch, dataset = case
    data = make_dataset(dataset, MLP_POINTS, MLP_NOISE, MLP_SEED)
    weights = initial_weights(layers, width, seed=len(name))
    model = torch_mlp(torch, layers, width, activation, weights)
    X, y = torch.tensor(data.X), torch.tensor(data.y)
    loss_fn = torch.nn.CrossEntropyLoss()
    first_logits = model(X)
    first_loss = loss_fn(first_logits, y)
    first_loss.backward()
    first_grads = [short(p.grad.numpy()) for p in model.parameters()]
    model.zero_grad()
    cls_name, extra = OPTIMIZER_CLASSES[opt_name]
    optimizer = getattr(torch.optim, cls_name)(model.parameters(), lr=lr, **extra)
    n = len(data.y)
    size = n if batch == 0 else batch
    losses, accuracies = [], []
    for epoch in range(1, epochs + 1):
        total, correct = 0.0, 0
        for rows in batch_order(n, size, epoch, MLP_SEED):
            xb, yb = (X, y) if len(rows) == n else (X[rows], y[rows])
            optimizer.zero_grad()
            logits = model(xb)
            loss = loss_fn(logits, yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(rows)
            correct += int((logits.detach().numpy().argmax(1) == data.y[rows]).sum())
        losses.append(total / n)
        accuracies.append(correct / n)
    with torch.no_grad():
        last_logits = model(X[:8])
    return {
        "name": name,
        "layers": layers,
        "width": width,
        "activation": activation,
        "optimizer": opt_name,
        "lr": lr,
        "epochs": epochs,
        "batch_size": batch,
        "dataset": dataset,
        "weights": weights,
        "repr": repr(model),
        "first_logits": short(first_logits.detach().numpy()[:8]),
        "first_loss": short(first_loss.item()),
        "first_grads": first_grads,
        "losses": losses,
        "accuracies": accuracies,
        "last_logits": short(last_logits.numpy()),
    }


def record_training(torch: Any) -> dict[str, Any]:
    from autograd_core.playground.training import SEED_X, SEED_Y, noisy_line

    x, y = noisy_line(40, noise=1.0, seed=0)
    return {
        "seeds": {
            m: seeds_regression(torch, m, False, list(SEED_X), list(SEED_Y), 0.1, 10)
            for m in ("manual", "optimizer")
        },
        "noisy": {
            m: seeds_regression(torch, m, True, x.tolist(), y.tolist(), 0.05, 60)
            for m in ("manual", "optimizer")
        },
        "mlp": [record_mlp(torch, case) for case in MLP_CASES],
        "mlp_data": {"points": MLP_POINTS, "noise": MLP_NOISE, "seed": MLP_SEED},
    }


def main() -> None:
    import torch

    torch.set_num_threads(1)
    sys.path.insert(0, str(ROOT))
    golden = {
        "torch_version": torch.__version__,
        "descent": record_descent(torch),
        "training": record_training(torch),
    }
    GOLDEN_PATH.write_text(json.dumps(golden, indent=1) + "\n")
    print(f"wrote {GOLDEN_PATH} ({GOLDEN_PATH.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()

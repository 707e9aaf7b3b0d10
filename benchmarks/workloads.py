"""The engine benchmarks' workloads, written once for both engines.

Each function takes the module to run on (`autograd_core` or the real `torch`) and uses only
what both share, so the two sides time exactly the same program. This file imports neither
engine: benchmarks/torch_side.py loads it inside PyTorch's own environment (torch is never a
dependency of this project, so it runs there, in a separate process).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

BATCH, WIDTH = 256, 64
CUBIC_FIT = Path(__file__).resolve().parents[1] / "tests/golden/sandbox_tutorials/cubic_autograd.py"


def chain(torch: Any, n: int) -> float:
    """n scalar operations (× 1.0001, + 0.001, sin, in turn) forward, then backward."""
    x = torch.tensor(0.5, requires_grad=True)
    y = x
    for i in range(n):
        if i % 3 == 0:
            y = y * 1.0001
        elif i % 3 == 1:
            y = y + 0.001
        else:
            y = y.sin()
    y.backward()
    return x.grad.item()


def mlp_data(seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((BATCH, 2)).astype(np.float32)
    y = np.sin(x[:, :1] * 2) * x[:, 1:]
    params = [
        (rng.standard_normal((2, WIDTH)) * 0.5).astype(np.float32),
        np.zeros(WIDTH, np.float32),
        (rng.standard_normal((WIDTH, WIDTH)) * 0.1).astype(np.float32),
        np.zeros(WIDTH, np.float32),
        (rng.standard_normal((WIDTH, 1)) * 0.1).astype(np.float32),
        np.zeros(1, np.float32),
    ]
    return x, y.astype(np.float32), params


def mlp_setup(torch: Any) -> tuple[Any, Any, list[Any]]:
    x, y, params = mlp_data()
    return (
        torch.tensor(x),
        torch.tensor(y),
        [torch.tensor(p, requires_grad=True) for p in params],
    )


def mlp_steps(torch: Any, x: Any, y: Any, params: list[Any], steps: int, lr: float = 0.01) -> float:
    """`steps` training steps of an MLP 2-64-64-1 (tanh, MSE, batch 256, plain SGD)."""
    w1, b1, w2, b2, w3, b3 = params
    for _ in range(steps):
        h1 = (x @ w1 + b1).tanh()
        h2 = (h1 @ w2 + b2).tanh()
        loss = ((h2 @ w3 + b3 - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad = None
    return loss.item()


def cubic_fit(torch: Any, steps: int = 2000, points: int = 2000) -> float:
    """The tutorials' cubic fit with autograd (tests/golden/sandbox_tutorials/cubic_autograd.py,
    which the sandbox benchmark runs as typed), written as a function so both engines run it
    without executing source text."""
    x = torch.linspace(-math.pi, math.pi, points, dtype=torch.float)
    y = torch.sin(x)
    a = torch.tensor(0.1, dtype=torch.float, requires_grad=True)
    b = torch.tensor(-0.2, dtype=torch.float, requires_grad=True)
    c = torch.tensor(0.3, dtype=torch.float, requires_grad=True)
    d = torch.tensor(-0.05, dtype=torch.float, requires_grad=True)
    learning_rate = 1e-6
    for _ in range(steps):
        y_pred = a + b * x + c * x**2 + d * x**3
        loss = (y_pred - y).pow(2).sum()
        loss.backward()
        with torch.no_grad():
            for p in (a, b, c, d):
                p -= learning_rate * p.grad
                p.grad = None
    return loss.item()

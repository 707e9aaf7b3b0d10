"""Training page speed (issue: Pages, Training).

1. The MLP 2-32-32-2 (ReLU, Adam, cross-entropy) on 500 points for 200 full-batch epochs:
   playground.training.fit versus the same loop written with PyTorch (zero_grad, forward,
   backward, step; the loss read with .item() and the accuracy counted every epoch), from the
   same initial weights. Target <= 1.2x.
2. The same run as the page does it: with 30 snapshots of the decision boundary on a 50 x 50
   grid (PyTorch computes the same snapshots). No separate target; for reading the first.

One thread each: PyTorch with torch.set_num_threads(1), NumPy's BLAS pinned to one thread while
timing (threadpoolctl, when installed; else set OPENBLAS_NUM_THREADS=1). This machine has two
busy cores: a second BLAS thread fighting other processes for a core makes the 2,500-row
products of the snapshots 2x slower, not faster. Without torch the baseline is skipped, saying so.

    python -m benchmarks.bench_training
"""

from __future__ import annotations

import autograd_core as ag
from autograd_core.playground.catalogue.datasets import make_dataset
from autograd_core.playground.training import (
    MLPConfig,
    batch_order,
    build_mlp,
    fit,
    snapshot_epochs,
)

from .common import Result, one_blas_thread, side_by_side, table

CONFIG = MLPConfig(hidden_layers=2, width=32, activation="ReLU", optimizer="Adam", lr=0.01,
                   epochs=200, batch_size=0, seed=0)  # fmt: skip
POINTS = 500


def _ours(data, weights, snapshots: int, grid: int):
    model = build_mlp(2, 32, "ReLU")
    with ag.no_grad():
        for p, w in zip(model.parameters(), weights):
            p.copy_(ag.tensor(w))
    return fit(model, data.X, data.y, CONFIG, snapshots=snapshots, grid=grid)


def _torch_run(torch, data, weights, snapshots: int, grid: int) -> float:
    """The loop of playground.training written with PyTorch; returns the last epoch's loss."""
    nn = torch.nn
    model = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(),
                          nn.Linear(32, 2))  # fmt: skip
    with torch.no_grad():
        for p, w in zip(model.parameters(), weights):
            p.copy_(torch.tensor(w))
    optimizer = torch.optim.Adam(model.parameters(), lr=CONFIG.lr)
    loss_fn = nn.CrossEntropyLoss()
    X, y = torch.tensor(data.X), torch.tensor(data.y)
    low, high = data.X.min(0), data.X.max(0)
    pad = 0.15 * (high - low) + 1e-3
    gx = torch.linspace(float(low[0] - pad[0]), float(high[0] + pad[0]), grid)
    gy = torch.linspace(float(low[1] - pad[1]), float(high[1] + pad[1]), grid)
    points = torch.stack(
        [gx.reshape(1, grid).expand(grid, grid).reshape(-1),
         gy.reshape(grid, 1).expand(grid, grid).reshape(-1)], dim=1
    )  # fmt: skip
    when = set(snapshot_epochs(CONFIG.epochs, snapshots))

    def snapshot():
        with torch.no_grad():
            probs = model(points).softmax(dim=1)[:, 1].numpy().reshape(grid, grid)
            accuracy = float((model(X).numpy().argmax(1) == data.y).mean())
        return probs, accuracy

    shots = [snapshot()]
    n = len(data.y)
    loss_value = 0.0
    for epoch in range(1, CONFIG.epochs + 1):
        total, correct = 0.0, 0
        for rows in batch_order(n, n, epoch, CONFIG.seed):
            optimizer.zero_grad()
            logits = model(X)
            loss = loss_fn(logits, y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(rows)
            correct += int((logits.detach().numpy().argmax(1) == data.y[rows]).sum())
        loss_value = total / n
        if epoch in when:
            shots.append(snapshot())
    return loss_value


def _engine_loop(data, weights) -> float:
    """The loop written straight against the engine (what fit() adds is bookkeeping)."""
    model = build_mlp(2, 32, "ReLU")
    with ag.no_grad():
        for p, w in zip(model.parameters(), weights):
            p.copy_(ag.tensor(w))
    optimizer = ag.optim.Adam(model.parameters(), lr=CONFIG.lr)
    loss_fn = ag.nn.CrossEntropyLoss()
    X, y = ag.tensor(data.X), ag.tensor(data.y)
    for _ in range(CONFIG.epochs):
        optimizer.zero_grad()
        logits = model(X)
        loss = loss_fn(logits, y)
        loss.backward()
        optimizer.step()
        value = loss.item()
        int((logits.detach().numpy().argmax(1) == data.y).sum())
    return value


def bench_overhead() -> Result:
    """fit() versus the bare engine loop: how much of the gap is ours, not the engine's."""
    data, weights = _setup()
    t_fit, t_loop = side_by_side(
        lambda: _ours(data, weights, 2, 10), lambda: _engine_loop(data, weights), rounds=5
    )
    return Result("  fit() vs the same loop written bare on the engine", t_fit, t_loop, None)


def _setup():
    data = make_dataset("moons", POINTS, 0.1, 0)
    model = build_mlp(2, 32, "ReLU")  # default init, then shared by both sides
    weights = [p.detach().numpy().copy() for p in model.parameters()]
    return data, weights


def bench(name: str, snapshots: int, grid: int, target: float | None) -> Result:
    data, weights = _setup()
    try:
        import torch
    except ImportError:
        t_ours, _ = side_by_side(lambda: _ours(data, weights, snapshots, grid), lambda: None,
                                 rounds=3, warmup=1)  # fmt: skip
        return Result(name, t_ours, None, target, note="torch not installed")
    torch.set_num_threads(1)
    ours_loss = _ours(data, weights, snapshots, grid).losses[-1]
    torch_loss = _torch_run(torch, data, weights, snapshots, grid)
    # Same maths: both end at the same loss (float32 rounding apart), so like is timed with like.
    assert abs(ours_loss - torch_loss) < 1e-3 * max(1.0, abs(torch_loss)), (ours_loss, torch_loss)
    t_ours, t_torch = side_by_side(
        lambda: _ours(data, weights, snapshots, grid),
        lambda: _torch_run(torch, data, weights, snapshots, grid),
        rounds=5,
        warmup=1,
    )
    return Result(name, t_ours, t_torch, target, note="torch on 1 thread")


def run() -> list[Result]:
    with one_blas_thread():
        return [
            bench("MLP 2-32-32-2, 500 points, 200 full-batch epochs vs PyTorch CPU", 2, 10, 1.2),
            bench("  the page's run: + 30 boundary snapshots (50 x 50 grid)", 30, 50, None),
            bench_overhead(),
        ]


if __name__ == "__main__":
    print(table(run()))

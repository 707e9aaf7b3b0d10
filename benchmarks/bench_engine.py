"""Engine speed and memory (issue: autograd_core engine).

1. One training step of an MLP 2-64-64-1 (tanh, MSE, batch 256, float32): autograd_core versus
   the same forward + backward written out by hand in NumPy. Target <= 1.3x.
2. A chain of 3,000 scalar operations, forward + backward: autograd_core versus PyTorch CPU eager
   (when torch is installed). Target <= 1.0x.
3. A 100,000-operation chain backpropagates (no RecursionError) and the memory held by saved
   values is released by backward.

    python -m benchmarks.bench_engine
"""

from __future__ import annotations

import gc
import tracemalloc

import numpy as np

import autograd_core as ag

from .common import Result, side_by_side, table

BATCH, WIDTH = 256, 64


def _mlp_data(seed: int = 0):
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


def mlp_step_autograd(x, y, params, lr=0.01):
    w1, b1, w2, b2, w3, b3 = params
    h1 = (x @ w1 + b1).tanh()
    h2 = (h1 @ w2 + b2).tanh()
    loss = ((h2 @ w3 + b3 - y) ** 2).mean()
    loss.backward()
    with ag.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad = None
    return loss


def mlp_step_numpy(x, y, params, lr=0.01):
    """The same step with the chain rule written out by hand."""
    w1, b1, w2, b2, w3, b3 = params
    a1 = np.tanh(x @ w1 + b1)
    a2 = np.tanh(a1 @ w2 + b2)
    out = a2 @ w3 + b3
    diff = out - y
    loss = np.mean(diff**2)
    d_out = (2.0 / diff.size) * diff
    g_w3, g_b3 = a2.T @ d_out, d_out.sum(0)
    d_a2 = (d_out @ w3.T) * (1 - a2 * a2)
    g_w2, g_b2 = a1.T @ d_a2, d_a2.sum(0)
    d_a1 = (d_a2 @ w2.T) * (1 - a1 * a1)
    g_w1, g_b1 = x.T @ d_a1, d_a1.sum(0)
    for p, g in zip(params, (g_w1, g_b1, g_w2, g_b2, g_w3, g_b3)):
        p -= lr * g
    return loss


def bench_mlp() -> Result:
    x, y, raw = _mlp_data()
    ours_params = [ag.tensor(p, requires_grad=True) for p in raw]
    xt, yt = ag.tensor(x), ag.tensor(y)
    np_params = [p.copy() for p in raw]
    # Same maths: after one step both agree (checked here so the benchmark compares like with like).
    a = mlp_step_autograd(xt, yt, ours_params).item()
    b = mlp_step_numpy(x, y, np_params)
    assert abs(a - b) < 1e-4 * max(1.0, abs(b)), (a, b)

    def ours():
        for _ in range(20):
            mlp_step_autograd(xt, yt, ours_params)

    def baseline():
        for _ in range(20):
            mlp_step_numpy(x, y, np_params)

    t_ours, t_base = side_by_side(ours, baseline)
    return Result("MLP 2-64-64-1 train step (x20) vs hand NumPy", t_ours, t_base, 1.3)


def _chain(module, n: int):
    x = module.tensor(0.5, requires_grad=True)
    y = x
    for i in range(n):
        if i % 3 == 0:
            y = y * 1.0001
        elif i % 3 == 1:
            y = y + 0.001
        else:
            y = y.sin()
    y.backward()
    return x.grad


def bench_chain() -> Result:
    try:
        import torch
    except ImportError:
        t_ours, _ = side_by_side(lambda: _chain(ag, 3000), lambda: None)
        return Result(
            "3,000 scalar ops fwd+bwd vs PyTorch eager",
            t_ours,
            None,
            1.0,
            note="torch not installed",
        )
    assert abs(_chain(ag, 300).item() - _chain(torch, 300).item()) < 1e-5
    t_ours, t_torch = side_by_side(lambda: _chain(ag, 3000), lambda: _chain(torch, 3000))
    return Result("3,000 scalar ops fwd+bwd vs PyTorch eager", t_ours, t_torch, 1.0)


def bench_long_chain() -> list[Result]:
    """100,000 ops: no RecursionError, and backward frees what the graph saved.

    Each sin() saves its input (256 floats), so before backward the graph holds every
    intermediate value; afterwards only the (small) nodes remain, as in PyTorch."""
    gc.collect()
    tracemalloc.start()
    x = ag.ones(256, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y.sin()
    loss = y.sum()
    del y
    before = tracemalloc.get_traced_memory()[0]
    loss.backward()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert x.grad is not None and x.grad.shape == (256,)
    return [
        Result("100,000-op chain: memory held before backward", before, None, None, "B"),
        Result(
            "100,000-op chain: memory held after backward",
            after,
            before,
            0.5,
            "B",
            note="saved values freed",
        ),
    ]


def run() -> list[Result]:
    return [bench_mlp(), bench_chain(), *bench_long_chain()]


if __name__ == "__main__":
    print(table(run()))

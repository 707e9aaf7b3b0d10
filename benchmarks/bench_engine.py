"""Engine speed and memory, against PyTorch eager in the same run (issue 14, "Engine").

1. A chain of 3,000 scalar operations, forward + backward. Target <= 0.8x PyTorch (goal 0.5x).
2. One training step of an MLP 2-64-64-1 (tanh, MSE, batch 256, float32). Target <= 1.0x
   PyTorch (goal 0.8x); also shown against the same step written out by hand in NumPy.
3. The tutorials' 2,000-step cubic fit on 2,000 points (cubic_autograd.py) on the plain engine
   against PyTorch (the same program through the sandbox: bench_sandbox.py).
4. A 100,000-operation chain backpropagates (no RecursionError) and backward frees the memory
   its saved values held.

PyTorch runs in its own Python (see common.TorchSide): one thread, `gc.freeze()` after its
imports as here, on the same processor as this process. Each round times our run and torch's
one after the other (taking turns at going first), so both see the same machine load; the ratio
is the median of the 21 per-round ratios, with their range beside it.

    python -m benchmarks.bench_engine
"""

from __future__ import annotations

import gc
import tracemalloc

import numpy as np

import autograd_core as ag

from . import workloads
from .common import Result, TorchSide, against_torch, one_blas_thread, side_by_side, table

MLP_STEPS = 20


def mlp_step_numpy(x, y, params, lr=0.01):
    """The workloads' MLP step with the chain rule written out by hand."""
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


def bench_chain(torch: TorchSide | None) -> Result:
    if torch is not None:  # same maths on both sides, so like is timed with like
        theirs = torch.run("chain", n=300)[1]
        assert abs(workloads.chain(ag, 300) - theirs) < 1e-5, theirs
    return against_torch(
        "3,000 scalar ops fwd+bwd vs PyTorch eager (goal 0.5×)",
        lambda: workloads.chain(ag, 3000),
        torch,
        "chain",
        {"n": 3000},
        0.8,
    )


def bench_mlp(torch: TorchSide | None) -> list[Result]:
    setup = workloads.mlp_setup(ag)
    name = f"MLP 2-64-64-1 train step (x{MLP_STEPS}) vs PyTorch eager (goal 0.8×)"
    vs_torch = against_torch(
        name, lambda: workloads.mlp_steps(ag, *setup, MLP_STEPS), torch, "mlp",
        {"steps": MLP_STEPS}, 1.0,
    )  # fmt: skip
    x, y, raw = workloads.mlp_data()
    xt, yt = ag.tensor(x), ag.tensor(y)
    ours_params = [ag.tensor(p, requires_grad=True) for p in raw]
    np_params = [p.copy() for p in raw]
    a = workloads.mlp_steps(ag, xt, yt, ours_params, 1)
    b = mlp_step_numpy(x, y, np_params)
    assert abs(a - b) < 1e-4 * max(1.0, abs(b)), (a, b)
    t_ours, t_base = side_by_side(
        lambda: workloads.mlp_steps(ag, xt, yt, ours_params, MLP_STEPS),
        lambda: [mlp_step_numpy(x, y, np_params) for _ in range(MLP_STEPS)],
    )
    return [vs_torch, Result("  the same step vs hand-written NumPy", t_ours, t_base, None)]


def bench_cubic_fit(torch: TorchSide | None) -> Result:
    if torch is not None:  # same maths on both sides (float32 sums apart)
        ours, theirs = workloads.cubic_fit(ag, 300), torch.run("cubic_fit", steps=300)[1]
        assert abs(ours - theirs) < 1e-4 * abs(theirs), (ours, theirs)
    return against_torch(
        "cubic fit, 2,000 steps x 2,000 points, plain engine vs PyTorch",
        lambda: workloads.cubic_fit(ag),
        torch,
        "cubic_fit",
        {},
        None,
        rounds=3,
        warmup=1,
    )


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
    gc.collect()
    gc.freeze()  # as on torch's side: the collector no longer walks what the imports made
    torch = TorchSide.start()
    try:
        with one_blas_thread():
            return [
                bench_chain(torch),
                *bench_mlp(torch),
                bench_cubic_fit(torch),
                *bench_long_chain(),
            ]
    finally:
        if torch is not None:
            torch.close()


if __name__ == "__main__":
    print(table(run()))

"""torch.multinomial: indices drawn from rows of probabilities, as PyTorch's CPU kernel draws them.

makemore's bigram model samples names with
`torch.multinomial(p, num_samples=1, replacement=True, generator=g)` and prints them: the same
seed must give the same names as PyTorch. PyTorch has two algorithms, and each is repeated here
draw for draw (cpu_generator.py makes the bits):

- one sample, or samples without replacement: the "exponential race". Each probability p is
  divided by an exponential number q (-log(1 - u), u from a 64-bit draw, one per entry, in the
  entries' order), and the largest p / q wins (argmax), or the num_samples largest (topk).
- several samples with replacement: the row's cumulative sums (in the row's dtype, left to
  right), divided by the total, the last set to exactly 1; each sample is a uniform number
  (from a 64-bit draw) looked up by binary search: the first entry whose sum is not below it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import dtypes, guard
from .creation import default_generator
from .tensor import Tensor


def multinomial(
    input: Tensor,
    num_samples: int,
    replacement: bool = False,
    *,
    generator: Any = None,
    out: Any = None,
) -> Tensor:
    """num_samples indices per row of `input` (weights, not necessarily summing to 1)."""
    if out is not None:
        raise TypeError("multinomial(): out= is not supported here")
    if not input.is_floating_point():
        name = input.dtype.__repr__().split(".")[-1]
        raise RuntimeError(
            "multinomial only supports floating-point dtypes for input, got: "
            + _PYTORCH_TYPE_NAMES.get(name, name)
        )
    if input.dim() not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    rows = np.asarray(input._data).reshape(-1, input.shape[-1])
    categories = rows.shape[1]
    if not replacement and num_samples > categories:
        raise RuntimeError(
            "cannot sample n_sample > prob_dist.size(-1) samples without replacement"
        )
    guard.check_numel(rows.shape[0] * num_samples, "multinomial")
    draws = (generator or default_generator())._random
    if not replacement or num_samples == 1:
        picked = _race(rows, num_samples, draws)
    else:
        picked = np.stack([_with_replacement(row, num_samples, draws) for row in rows])
    shape = (num_samples,) if input.dim() == 1 else (rows.shape[0], num_samples)
    return Tensor._make(picked.reshape(shape), dtypes.int64)


_PYTORCH_TYPE_NAMES = {"int64": "Long", "int32": "Int", "bool": "Bool", "uint8": "Byte"}


def _race(rows: np.ndarray, num_samples: int, draws: Any) -> np.ndarray:
    if not (np.all(rows < np.inf) and np.all(rows >= 0)):  # (NaN fails both)
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if np.any(rows.sum(axis=1) == 0):
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    u = draws.uniform(rows.size, np.float64).reshape(rows.shape)
    q = (-np.log1p(-u)).astype(rows.dtype)
    ratio = rows / q
    if num_samples == 1:
        return np.argmax(ratio, axis=1).reshape(-1, 1)
    # topk: the largest first; a stable sort keeps equal ratios in index order
    return np.argsort(-ratio, axis=1, kind="stable")[:, :num_samples]


def _with_replacement(row: np.ndarray, num_samples: int, draws: Any) -> np.ndarray:
    bad = ~(row >= 0) | ~np.isfinite(row)
    if bad.any():  # PyTorch's loop stops at the first bad entry, and says what it is
        first = row[np.argmax(bad)]
        if not first >= 0:
            raise RuntimeError(
                "invalid multinomial distribution (encountering probability entry < 0)"
            )
        raise RuntimeError(
            "invalid multinomial distribution (encountering probability entry = infinity or NaN)"
        )
    sums = np.cumsum(row)  # (left to right in the row's dtype, as PyTorch's loop adds)
    total = sums[-1]
    if not total > 0:
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    sums = sums / total
    sums[-1] = 1
    u = draws.uniform(num_samples, np.float64)
    # the first entry whose cumulative sum is not below u (compared in float64, as C++ does)
    return np.searchsorted(sums.astype(np.float64), u, side="left").astype(np.int64)

"""PyTorch's CPU random numbers, drawn the way PyTorch draws them.

`torch.manual_seed(0); torch.randn(3)` prints `tensor([ 1.5410, -0.2934, -2.1788])` in every
tutorial that shows it; a learner comparing this playground's output with the tutorial's should
see the same numbers. So this module repeats what PyTorch's CPU generator does, step by step:

- the bits: a Mersenne Twister (MT19937) seeded with the seed's low 32 bits, the classic way.
  NumPy's MT19937 with its legacy seeding is exactly that generator, so its raw output is
  PyTorch's. A 64-bit draw is two 32-bit ones, the first in the high half.
- uniform numbers (`rand`, `uniform_`, nn layers' initial weights): the low 24 bits of a 32-bit
  draw (float32) or the low 53 bits of a 64-bit draw (float64), scaled to [0, 1), then to
  [from, to) as `x * (to - from) + from`.
- normal numbers (`randn`, `normal_`): Box-Muller. Fewer than 16 numbers (or float64 in
  general below 16) come one at a time from pairs of 64-bit uniforms, the second value of each
  pair kept for the next call, as PyTorch's generator keeps it; 16 or more are filled as uniform
  numbers first, then turned into normals 16 at a time (the first 8 give the cosines, the next 8
  the sines), the last partial block redrawn from fresh uniforms.
- integers (`randint`, `random_`): a 32-bit draw (a 64-bit one for ranges of 2**28 or more,
  as PyTorch's builds outside Meta draw them) modulo the range; `randperm`: a Fisher-Yates
  shuffle from the front with 32-bit draws.

PyTorch computes float32 normal numbers with 8-wide vector maths whose last bit can differ from
the exact result; here they are computed in float64 and rounded once, so a value may differ from
PyTorch's in the last place (never in the 4 digits a tensor prints by default).
"""

from __future__ import annotations

import math

import numpy as np

_LOW_24 = np.uint64((1 << 24) - 1)
_LOW_53 = np.uint64((1 << 53) - 1)
_TWO_PI_F32 = np.float32(2.0 * math.pi)


class CpuRandom:
    """One generator's state: the twister's bits and the normal number kept for the next call."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._bits = np.random.MT19937()
        # RandomState's integer seeding is MT19937's classic init_genrand: PyTorch's seeding.
        self._bits.state = np.random.RandomState(seed & 0xFFFFFFFF).get_state(legacy=False)
        self._next_normal: float | None = None

    # --- raw bits ------------------------------------------------------------------------------

    def random32(self, n: int) -> np.ndarray:
        """n 32-bit draws (as uint64)."""
        return self._bits.random_raw(n)

    def random64(self, n: int) -> np.ndarray:
        """n 64-bit draws: each two 32-bit ones, the first in the high half."""
        raw = self._bits.random_raw(2 * n)
        return (raw[0::2] << np.uint64(32)) | raw[1::2]

    # --- uniform -------------------------------------------------------------------------------

    def uniform(self, n: int, dtype: np.dtype, low: float = 0.0, high: float = 1.0) -> np.ndarray:
        """n numbers uniform in [low, high), in float32 or float64 as PyTorch computes them."""
        if dtype == np.float64:
            x = (self.random64(n) & _LOW_53).astype(np.float64) * 2.0**-53
            return x * (high - low) + low if (low, high) != (0.0, 1.0) else x
        x = (self.random32(n) & _LOW_24).astype(np.float32) * np.float32(2.0**-24)
        if (low, high) == (0.0, 1.0):
            return x.astype(dtype, copy=False)
        lo, hi = np.float32(low), np.float32(high)
        # PyTorch's kernel is compiled with fused multiply-adds: x * (hi - lo) + lo rounded
        # once. In float64 that product and sum are exact (24-bit by 24-bit, then one 24-bit
        # addend), so rounding the float64 result to float32 is that one rounding.
        exact = x.astype(np.float64) * np.float64(hi - lo) + np.float64(lo)
        return exact.astype(np.float32).astype(dtype, copy=False)

    # --- integers ------------------------------------------------------------------------------

    def integers(self, n: int, low: int, high: int) -> np.ndarray:
        """n integers in [low, high): a draw modulo the range (64-bit draws for ranges of 2**28
        or more, keeping the skew of `%` small), as PyTorch's random_from_to kernel."""
        span = high - low
        draws = self.random64(n) if span >= 1 << 28 else self.random32(n)
        return (draws % np.uint64(span)).astype(np.int64) + low

    def permutation(self, n: int) -> np.ndarray:
        """0..n-1 shuffled as PyTorch's randperm on the CPU: for i = 0, 1, ..., n-2, swap
        positions i and i + (a 32-bit draw modulo n - i)."""
        if n < 2:
            return np.arange(n, dtype=np.int64)
        steps = np.arange(n - 1)
        targets = steps + (self.random32(n - 1) % np.arange(n, 1, -1, dtype=np.uint64)).astype(
            np.int64
        )
        return _apply_swaps(targets, n)

    # --- normal --------------------------------------------------------------------------------

    def normal(self, n: int, dtype: np.dtype, mean: float = 0.0, std: float = 1.0) -> np.ndarray:
        """n normal numbers with this mean and standard deviation."""
        if n >= 16:
            return self._normal_fill(n, np.dtype(dtype), mean, std)
        values = np.empty(n, np.float64)
        for i in range(n):
            values[i] = self._one_normal() * std + mean
        return values.astype(dtype)

    def _one_normal(self) -> float:
        """PyTorch's normal_distribution<double>: Box-Muller on two 64-bit uniforms, the sine
        kept for the next call."""
        if self._next_normal is not None:
            value, self._next_normal = self._next_normal, None
            return value
        u1, u2 = (self.random64(2) & _LOW_53).astype(np.float64) * 2.0**-53
        radius = math.sqrt(-2.0 * math.log1p(-float(u2)))
        theta = 2.0 * math.pi * float(u1)
        self._next_normal = radius * math.sin(theta)
        return radius * math.cos(theta)

    def _normal_fill(self, n: int, dtype: np.dtype, mean: float, std: float) -> np.ndarray:
        """16 or more: uniforms first, then Box-Muller on blocks of 16 (cosines from the first
        8, sines from the next 8); a last partial block is redone from 16 fresh uniforms."""
        single = dtype == np.float32
        uniforms = self.uniform(n, np.float32 if single else np.float64)
        out = np.empty(n, np.float64)
        whole = n - n % 16
        out[:whole] = _box_muller_blocks(uniforms[:whole], single)
        if n % 16:  # the tail: 16 fresh uniforms, written over the last 16 positions
            fresh = self.uniform(16, np.float32 if single else np.float64)
            out[n - 16 :] = _box_muller_blocks(fresh, single)
        return (out * std + mean).astype(dtype)


def _box_muller_blocks(uniforms: np.ndarray, single: bool) -> np.ndarray:
    """Blocks of 16 uniforms -> 16 normals each: radius from the first 8 (1 - u, so log never
    sees 0), angle from the next 8."""
    blocks = uniforms.reshape(-1, 2, 8)
    if single:  # PyTorch's float32 kernel: 1 - u and 2*pi*u in float32
        u1 = (np.float32(1.0) - blocks[:, 0]).astype(np.float64)
        theta = (_TWO_PI_F32 * blocks[:, 1]).astype(np.float64)
    else:
        u1 = 1.0 - blocks[:, 0]
        theta = 2.0 * math.pi * blocks[:, 1]
    radius = np.sqrt(-2.0 * np.log(u1))
    return np.stack([radius * np.cos(theta), radius * np.sin(theta)], axis=1).reshape(-1)


def _apply_swaps(targets: np.ndarray, n: int) -> np.ndarray:
    """arange(n) after swapping positions i and targets[i] (>= i) for i = 0, 1, ..., in order,
    without a Python loop over a million swaps (a tenth of a second each million).

    Step i fixes position i for good, to the value then at targets[i]. Call a[p] the value at
    position p just before step p: p itself, unless an earlier step k had target p, in which
    case the latest such step put a[k] there. So a[p] = a[k] along chains of earlier steps,
    resolved by pointer doubling. The value step i takes from targets[i] is likewise a[k] for
    the latest earlier step k with the same target, or the original targets[i] if there is none.
    """
    by_target = np.argsort(targets, kind="stable")  # grouped by target, steps ascending inside
    grouped = targets[by_target]
    same_as_before = np.r_[False, grouped[1:] == grouped[:-1]]
    latest_same = np.full(n - 1, -1)
    latest_same[by_target[same_as_before]] = by_target[np.flatnonzero(same_as_before) - 1]
    # The latest step k < p whose target is p: in p's group, the last member before step p.
    earlier = by_target < grouped
    last_earlier = earlier & ~np.r_[same_as_before[1:] & earlier[1:], False]
    source = np.arange(n)
    source[grouped[last_earlier]] = by_target[last_earlier]
    while True:  # pointer doubling: each pass halves the longest remaining chain
        further = source[source]
        if np.array_equal(further, source):
            break
        source = further
    shuffled = np.empty(n, np.int64)
    shuffled[:-1] = np.where(latest_same >= 0, source[np.maximum(latest_same, 0)], targets)
    shuffled[-1] = source[-1]
    return shuffled

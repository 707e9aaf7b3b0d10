"""ops.same_memory: the engine's test for "is this result a view of its input" gives
np.may_share_memory's answers (which it replaced: that call releases the GIL on every view op).
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd_core as torch
from autograd_core.ops import same_memory

BASE = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
SOURCES = {
    "owner": lambda: BASE.copy(),
    "view": lambda: BASE.copy()[1],
    "transposed": lambda: BASE.copy().transpose(2, 0, 1),
    "strided": lambda: BASE.copy()[:, ::2],
    "0-d": lambda: np.array(3.0, dtype=np.float32),
    "empty": lambda: np.zeros((0, 3), dtype=np.float32),
}
RESULTS = {
    "itself": lambda a: a,
    "first row": lambda a: a[0] if a.ndim and a.size else a[()],
    "slice": lambda a: a[1:] if a.ndim else a[...],
    "empty slice": lambda a: a[0:0] if a.ndim else a[...],
    "reshape": lambda a: a.reshape(-1),
    "transpose": lambda a: a.T,
    "expand": lambda a: np.broadcast_to(a, (2, *a.shape)),
    "unsqueeze": lambda a: a[None],
    "copy": lambda a: a.copy(),
    "astype": lambda a: a.astype(np.float64),
    "fancy index": lambda a: a[[0]] if a.ndim and len(a) else a.copy(),
    "arithmetic": lambda a: a + 1,
}


@pytest.mark.parametrize("make", SOURCES.values(), ids=SOURCES)
@pytest.mark.parametrize("op", RESULTS.values(), ids=RESULTS)
def test_same_answer_as_may_share_memory(make, op):
    source = make()
    result = np.asarray(op(source))
    assert same_memory(result, source) == np.may_share_memory(result, source)


def test_views_share_the_version_counter_and_copies_do_not():
    x = torch.arange(6.0).reshape(2, 3)
    row, copy = x[0], x[[0]]
    x.add_(1)
    assert row._version == x._version == 1  # a view sees the in-place change
    assert copy._version == 0
    assert row.tolist() == [1.0, 2.0, 3.0] and copy.tolist() == [[0.0, 1.0, 2.0]]

"""Comparing what a program printed with what PyTorch printed for it."""

from __future__ import annotations

import re

# `print(y.grad_fn)` shows `<AddBackward0 object at 0x7f...>`: the address differs between any
# two runs (of PyTorch too), so it is the one part of a printout left out of the comparison.
_ADDRESS = re.compile(r" object at 0x[0-9a-f]+>")


def same_run(text: str) -> str:
    """`text` with every printed object address replaced by `0x...`."""
    return _ADDRESS.sub(" object at 0x...>", text)

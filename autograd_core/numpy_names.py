"""NumPy's parameter names, which PyTorch accepts as aliases: `axis=` for `dim=`, `keepdims=` for
`keepdim=` (d2l writes `y_hat.argmax(axis=1)`).

PyTorch's argument parser takes them for every built-in operation with a `dim` parameter, but not
for functions written in Python (`x.norm(axis=0)`, `x.split(1, axis=0)` are TypeErrors there), so
`accepts_axis` marks exactly the functions and methods where PyTorch takes them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

_ALIASES = (("axis", "dim"), ("keepdims", "keepdim"))


def accepts_axis(fn: Callable) -> Callable:
    """Let `fn` be called with axis= / keepdims= for its dim / keepdim parameters."""
    name = fn.__name__

    @functools.wraps(fn)
    def aliased(*args: Any, **kwargs: Any) -> Any:
        if not kwargs or ("axis" not in kwargs and "keepdims" not in kwargs):
            return fn(*args, **kwargs)
        used = [(alias, real) for alias, real in _ALIASES if alias in kwargs]
        for alias, real in used:
            if real in kwargs:  # both names: PyTorch's parser refuses the alias
                raise TypeError(f"{name}() got an unexpected keyword argument '{alias}'")
            kwargs[real] = kwargs.pop(alias)
        try:
            return fn(*args, **kwargs)
        except TypeError as error:  # x.sum(1, axis=1): dim given by position too
            for alias, real in used:
                if f"multiple values for argument '{real}'" in str(error):
                    raise TypeError(
                        f"{name}() got an unexpected keyword argument '{alias}'"
                    ) from None
            raise

    return aliased

"""Calls: the only place a snippet makes anything happen outside the interpreter.

A snippet can call four kinds of thing, and nothing else:

- a safe builtin (`print`, `range`, `len`, ...; safe_builtins.py), which gets the interpreter
  so it can charge its work to the budget;
- an allow-listed engine function or class (`torch.sin`, `nn.Linear`), reached through a
  Namespace;
- an allow-listed method (`x.backward()`, `opt.step()`, `names.append(...)`): methods of str,
  list and dict are replaced by bounded versions (safe_methods.py);
- a model or loss object (`model(x)`, `nn.MSELoss()(pred, y)`).

Before an engine call, every argument is checked (access.check_argument): no function, method or
namespace of ours may reach the engine, nested lists are bounded, and a few operations whose
cost is not visible to the engine's guard are estimated first (matrix products; broadcasts in
where / masked_fill / isclose, see engine notes in the report).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd_core.tensor import Tensor

from .errors import SnippetError
from .safe_methods import SAFE_METHODS
from .values import Function, Method, describe

_MATMUL = frozenset({"matmul", "mm", "bmm", "mv"})
# Engine operations whose output size the guard does not see before it is allocated.
_BROADCASTING = frozenset({"where", "masked_fill", "masked_fill_", "isclose", "allclose"})


class CallMixin:
    """Part of Interpreter: calling things."""

    def call(self, func: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if isinstance(func, Function):
            if func.kind in ("builtin", "type"):
                return func.fn(self, args, kwargs)
            name = func.name.rsplit(".", 1)[-1]
            args, kwargs = self.engine_arguments(name, args, kwargs)
            if name == "set_printoptions":
                self.check_printoptions(args, kwargs)
            return func.fn(*args, **kwargs)
        if isinstance(func, Method):
            safe = SAFE_METHODS.get((_family(func.obj), func.name))
            if safe is not None:
                return safe(self, func.obj, args, kwargs)
            args, kwargs = self.engine_arguments(func.name, args, kwargs, func.obj)
            if func.name == "tolist" and isinstance(func.obj, Tensor):
                self.budget.charge_items(func.obj.numel())
            return getattr(func.obj, func.name)(*args, **kwargs)
        if _is_model(func):
            args, kwargs = self.engine_arguments("forward", args, kwargs)
            return func(*args, **kwargs)
        raise TypeError(f"'{describe(func)}' object is not callable")

    def engine_arguments(
        self, name: str, args: list[Any], kwargs: dict[str, Any], obj: Any = None
    ) -> tuple[list[Any], dict[str, Any]]:
        """Check (and where needed convert) the arguments of an engine call named `name`."""
        args = [self.check_argument(a) for a in args]
        kwargs = {k: self.check_argument(v) for k, v in kwargs.items()}
        operands = ([obj] if isinstance(obj, Tensor) else []) + args + list(kwargs.values())
        if name in _MATMUL and len(operands) >= 2:
            self.check_matmul(operands[0], operands[1])
        elif name in _BROADCASTING:
            shapes = [tuple(t.shape) for t in operands if isinstance(t, Tensor)]
            try:
                size = math.prod(np.broadcast_shapes(*shapes))
            except ValueError:
                size = 0  # the engine explains the mismatch
            if size > self.limits.max_tensor_elements:
                raise self.budget.fail("max_tensor_elements", size)
        return args, kwargs

    def check_printoptions(self, args: list[Any], kwargs: dict[str, Any]) -> None:
        """Printing a tensor costs time per element shown: keep summarising big ones."""
        names = ("precision", "threshold", "edgeitems", "linewidth", "profile", "sci_mode")
        given = dict(zip(names, args)) | kwargs
        bounds = {"precision": 30, "threshold": 10_000, "edgeitems": 100, "linewidth": 1_000}
        for key, bound in bounds.items():
            value = given.get(key)
            if value is not None and not (isinstance(value, int | float) and value <= bound):
                raise SnippetError(
                    f"set_printoptions({key}={value!r}) is above what the playground allows "
                    f"({key} <= {bound:,})",
                    kind="limit",
                )
        if given.get("profile") == "full":
            raise SnippetError(
                "set_printoptions(profile='full') is not allowed here: big tensors stay "
                "summarised (threshold <= 10,000)",
                kind="limit",
            )


def _family(obj: Any) -> type | None:
    """Which bounded method table applies: str, list, dict (subclasses included)."""
    for family in (str, list, dict):
        if isinstance(obj, family):
            return family
    return None


def _is_model(obj: Any) -> bool:
    try:
        from autograd_core.nn import Module
    except ImportError:
        return False
    return isinstance(obj, Module)

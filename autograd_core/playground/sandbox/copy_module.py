"""`import copy`: copy.deepcopy and copy.copy of what a training loop keeps.

"Keep the best model" is written `best = copy.deepcopy(model.state_dict())` in the
transfer-learning tutorial and in countless answers, and `copy.deepcopy(model)` nearly as often.
Python's deepcopy follows every object's own copying protocol, which on arbitrary objects is a
way into their insides; so the value is first walked here, and copied only if it is made of:

- numbers, strings, None, dtypes and devices (shared, as Python shares immutable values);
- tensors and parameters (copied by the engine's Tensor.__deepcopy__, which refuses a non-leaf
  with PyTorch's words), each one's elements counted against the run's limits before copying;
- lists, tuples, dicts and sets of these, and models (nn.Module, the snippet's subclasses too);
- functions (the snippet's hooks on a model): shared, not copied, as Python's deepcopy does.

Anything else (an optimizer, a DataLoader, a helper object) is refused with what to copy instead.
copy.copy makes the shallow copy of a list, dict, set or tuple; of a tensor it is refused, with
.clone() suggested.
"""

from __future__ import annotations

import copy
from typing import Any

from autograd_core import dtypes, guard
from autograd_core.tensor import Tensor, device

from .classes import is_user_instance
from .errors import SnippetError
from .functions import BoundMethod, UserFunction
from .values import Function, describe

COPY_PATH = "copy"
FUNCTIONS = frozenset({"copy", "deepcopy"})

_ATOMIC = (type(None), bool, int, float, complex, str, range, dtypes.dtype, device)
_SHARED = (Function, UserFunction, BoundMethod)  # shared by the copy, not copied
_CONTAINERS = (list, tuple, dict, set, frozenset)


def copy_member(interp: Any, name: str) -> Function:
    """`copy.<name>` for this run (a builtin-like Function)."""
    if name not in FUNCTIONS:
        raise AttributeError(f"module 'copy' has no attribute '{name}'")
    return Function(f"copy.{name}", _deepcopy if name == "deepcopy" else _shallow, "builtin")


def _deepcopy(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if len(args) != 1 or kwargs:
        raise TypeError("deepcopy() takes the one value to copy here")
    memo: dict[int, Any] = {}
    _walk(interp, args[0], memo)
    return copy.deepcopy(args[0], memo)


def _walk(interp: Any, value: Any, memo: dict[int, Any]) -> None:
    """Check that `value` is made only of copyable parts, charging for each; shared parts go
    into `memo` so that deepcopy hands them back unchanged."""
    from autograd_core.nn import Module

    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _ATOMIC) or id(item) in seen:
            continue
        seen.add(id(item))
        interp.budget.tick()
        if isinstance(item, _SHARED):
            memo[id(item)] = item
        elif isinstance(item, Tensor):
            guard.check_numel(item.numel(), "deepcopy")
            if item._grad is not None:
                guard.check_numel(item._grad.numel(), "deepcopy")
        elif isinstance(item, _CONTAINERS):
            interp.budget.charge_items(len(item))
            stack.extend(item.items() if isinstance(item, dict) else item)
        elif isinstance(item, Module) or (is_user_instance(item) and _is_module(item)):
            stack.extend(vars(item).values())
        else:
            raise SnippetError(
                f"copy.deepcopy of a `{describe(item)}` value is not supported here: it copies "
                "tensors, "
                "numbers, strings, lists, tuples, dicts and sets of them (a state_dict()), and "
                "models (nn.Module)",
                kind="unsupported",
            )


def _is_module(value: Any) -> bool:
    from autograd_core.nn import Module

    return isinstance(value, Module)


def _shallow(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if len(args) != 1 or kwargs:
        raise TypeError("copy() takes the one value to copy here")
    value = args[0]
    if isinstance(value, _ATOMIC) or type(value) in (tuple, frozenset):
        return value
    if type(value) in (list, dict, set):
        interp.budget.charge_items(len(value))
        return value.copy()
    if isinstance(value, Tensor):
        raise SnippetError(
            "copy.copy of a tensor is not supported here: use t.clone() (a copy of its values "
            "that stays in the graph) or t.detach().clone() (a copy outside it)",
            kind="unsupported",
        )
    raise SnippetError(
        f"copy.copy of a `{describe(value)}` value is not supported here: it copies lists, "
        "dicts, sets "
        "and tuples; use copy.deepcopy for a model or a state_dict()",
        kind="unsupported",
    )

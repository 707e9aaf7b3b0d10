"""Optimizer: the base class of SGD, Adam, ..., shaped like torch.optim.Optimizer.

An optimizer holds

- `param_groups`  a list of dicts, each with its "params" (a list of tensors) and every option
                  (lr, momentum, ...): the constructor's values unless the group overrides them;
- `state`         per-parameter memory between steps (momentum buffers, running averages),
                  `state[p]` a dict keyed by the parameter tensor itself;
- `defaults`      the constructor's options.

`step()` reads each parameter's `.grad` and updates the parameter *in place*: its memory stays
the same (a model and its optimizer keep seeing the same tensor) and its version counter goes up,
so a graph that saved the old value refuses to backward through it, as in PyTorch.

The updates are written on the tensors' NumPy arrays, in PyTorch's order of operations, so that a
trajectory matches torch.optim's to float32 rounding. PyTorch's CPU kernels compute
`x.add_(y, alpha=a)`, `addcmul_` and `lerp_` with a fused multiply-add (one rounding), which is
what `_fma` reproduces.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from copy import deepcopy
from itertools import chain
from typing import Any

import numpy as np

from .. import in_place
from ..engine import reset_grads
from ..grad_mode import enable_grad
from ..tensor import Tensor


class _RequiredParameter:
    """Marks an option with no default (a group must give it)."""

    def __repr__(self) -> str:
        return "<required parameter>"


required = _RequiredParameter()


def _typename(value: Any) -> str:
    if isinstance(value, Tensor):
        return f"torch.{value.dtype.tensor_type}"
    module, name = type(value).__module__, type(value).__qualname__
    return name if module in ("", "builtins") else f"{module}.{name}"


class Optimizer:
    """Base class: subclasses implement `step()`; see SGD for the simplest one."""

    def __init__(self, params: Any, defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors or "
                f"dicts, but got {_typename(params)}"
            )
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        groups = list(params)
        if len(groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters with its own options, e.g. a smaller lr for some layers."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but the "
                "ordering of tensors in sets will change between runs. Please use a list instead."
            )
        else:
            params = list(params)
        names = [p[0] for p in params if isinstance(p, tuple)]  # from model.named_parameters()
        params = [p[1] if isinstance(p, tuple) else p for p in params]
        param_group["params"] = params
        if names:
            if len(names) != len(params):
                raise ValueError(
                    "all optimizer params should be with/without names. Some param names are "
                    "missing"
                )
            param_group["param_names"] = names
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(
                    "optimizer can only optimize Tensors, but one of the params is " + _typename(p)
                )
            if not self.defaults.get("differentiable", None) and not (p.is_leaf or p.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(
                    "parameter group didn't specify a value of required optimization parameter "
                    f"{name}"
                )
            param_group.setdefault(name, default)
        if len(params) != len({id(p) for p in params}):
            warnings.warn(
                "optimizer contains a parameter group with duplicate parameters; in future, this "
                "will cause an error; see github.com/pytorch/pytorch/issues/40967 for more "
                "information",
                UserWarning,
                stacklevel=3,
            )
        seen = set()
        for group in self.param_groups:
            seen.update(id(p) for p in group["params"])
            if ("param_names" in param_group) != ("param_names" in group):
                which = "with names" if "param_names" in param_group else "without names"
                raise ValueError(
                    "all optimizer param groups should be with/without names. "
                    f"cannot add param group {which} to the optimizer"
                )
        if not seen.isdisjoint(id(p) for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients before the next backward: set .grad to None (the default since
        PyTorch 2.0), or with set_to_none=False fill it with zeros in place."""
        reset_grads((p for group in self.param_groups for p in group["params"]), set_to_none)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        raise NotImplementedError

    def _closure_loss(self, closure: Callable[[], Any] | None) -> Any:
        """Run the closure (which recomputes the loss and calls backward) with grad enabled."""
        if closure is None:
            return None
        with enable_grad():
            return closure()

    # --- saving and loading ---------------------------------------------------------------------

    def state_dict(self) -> dict[str, Any]:
        """{"state": {index: {...}}, "param_groups": [{..., "params": [indices]}]}: parameters
        are replaced by their position, counted across groups, so the dict can be saved."""
        index: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for p in group["params"]:
                index.setdefault(id(p), len(index))
            packed["params"] = [index[id(p)] for p in group["params"]]
            groups.append(packed)
        state = {(index[id(k)] if isinstance(k, Tensor) else k): v for k, v in self.state.items()}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore options and per-parameter state saved by state_dict(), matching parameters
        by position."""
        saved_groups = deepcopy(state_dict["param_groups"])
        if len(self.param_groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(
            len(g["params"]) != len(s["params"]) for g, s in zip(self.param_groups, saved_groups)
        ):
            raise ValueError(
                "loaded state dict contains a parameter group that doesn't match the size of "
                "optimizer's group"
            )
        id_map = dict(
            zip(
                chain.from_iterable(s["params"] for s in saved_groups),
                chain.from_iterable(g["params"] for g in self.param_groups),
            )
        )
        state: defaultdict[Any, dict[str, Any]] = defaultdict(dict)
        for key, value in state_dict["state"].items():
            if key in id_map:
                param = id_map[key]
                state[param] = {k: _cast(param, v, k) for k, v in value.items()}
            else:
                state[key] = value
        for group, saved in zip(self.param_groups, saved_groups):
            saved["params"] = group["params"]
            if "param_names" in group and "param_names" not in saved:
                saved["param_names"] = group["param_names"]
        self.__setstate__({"state": state, "param_groups": saved_groups})

    def __getstate__(self) -> dict[str, Any]:
        return {
            "defaults": self.defaults,
            "state": self.state,
            "param_groups": self.param_groups,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        text = type(self).__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            for key in sorted(group):
                if key != "params":
                    text += f"    {key}: {group[key]}\n"
        return text + ")"


def _cast(param: Tensor, value: Any, key: str) -> Any:
    """State loaded for `param`: tensors take its dtype (the step counter keeps its own)."""
    if isinstance(value, Tensor):
        return value if key == "step" or not param.is_floating_point() else value.to(param.dtype)
    if isinstance(value, dict):
        return {k: _cast(param, v, k) for k, v in value.items()}
    return value


# --- the arithmetic the update rules share --------------------------------------------------------


def _scalar(value: float, like: np.ndarray) -> np.generic:
    """A Python number as the array's dtype: PyTorch's kernels round scalars to it first."""
    return like.dtype.type(value)


def _fma(a: np.ndarray, b: Any, c: np.ndarray) -> np.ndarray:
    """a * b + c with a single rounding, as PyTorch's vectorised CPU kernels compute it.

    A product of two float32 numbers is exact in float64, so adding there and rounding once
    gives the fused result (barring a once-in-a-blue-moon double rounding)."""
    if a.dtype == np.float32:
        return (np.multiply(a, b, dtype=np.float64) + c).astype(np.float32)
    return a * b + c


def add(x: np.ndarray, other: np.ndarray, alpha: float) -> np.ndarray:
    """torch's `x.add(other, alpha=alpha)`: x + alpha * other."""
    return _fma(other, _scalar(alpha, x), x)


def mul(x: np.ndarray, value: float) -> np.ndarray:
    """torch's `x.mul(value)`, the number rounded to x's dtype first."""
    return x * _scalar(value, x)


def addcmul(x: np.ndarray, a: np.ndarray, b: np.ndarray, value: float) -> np.ndarray:
    """torch's `x.addcmul(a, b, value=value)`: x + value * a * b."""
    return _fma(_scalar(value, x) * a, b, x)


def addcdiv(x: np.ndarray, a: np.ndarray, b: np.ndarray, value: float) -> np.ndarray:
    """torch's `x.addcdiv(a, b, value=value)`: x + value * a / b."""
    return x + _scalar(value, x) * a / b


def lerp(x: np.ndarray, end: np.ndarray, weight: float) -> np.ndarray:
    """torch's `x.lerp(end, weight)`: x + weight * (end - x), computed from the nearer end."""
    w = _scalar(weight, x)
    if abs(weight) < 0.5:
        return _fma(end - x, w, x)
    return _fma(x - end, _scalar(1, x) - w, end)


def zeros_like(p: Tensor) -> Tensor:
    return Tensor._make(np.zeros_like(p._data), p.dtype)


def step_counter() -> Tensor:
    """The `step` entry of Adam's (and others') state: a float32 0-dim tensor, as in PyTorch."""
    return Tensor._make(np.zeros((), np.float32))


def write(t: Tensor, values: np.ndarray) -> None:
    """Overwrite t's values in place (same memory) and bump its version counter."""
    if in_place.watchers:
        in_place.before_write(t._data)
    t._data[...] = values
    t._vc[0] += 1


def grads(group: dict[str, Any]) -> Iterable[tuple[Tensor, np.ndarray]]:
    """(parameter, gradient) for each parameter of the group that has a gradient; the gradient
    negated when the group maximizes."""
    for p in group["params"]:
        if p.grad is None:
            continue
        g = p.grad._data
        yield p, (-g if group.get("maximize") else g)

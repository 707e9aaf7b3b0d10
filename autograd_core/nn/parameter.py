"""Parameter: a tensor that a Module registers as something to train.

It is an ordinary leaf tensor (same values, same memory as the tensor it wraps) whose only extra
meaning is "assigning me to a Module attribute adds me to module.parameters()".

    >>> import autograd_core as torch
    >>> torch.nn.Parameter(torch.tensor([1.0, 2.0]))
    Parameter containing:
    tensor([1., 2.], requires_grad=True)
"""

from __future__ import annotations

import copy
from typing import Any

from ..creation import empty
from ..grad_mode import _inference
from ..tensor import Tensor, _rebuild


class Parameter(Tensor):
    """A leaf tensor that requires grad (by default) and that Modules collect."""

    __slots__ = ()

    def __new__(cls, data: Tensor | None = None, requires_grad: bool = True) -> Parameter:
        if data is None:
            data = empty(0)
        if requires_grad and data._inference and not _inference.get():
            raise RuntimeError(
                "Setting requires_grad=True on inference tensor outside InferenceMode is not "
                "allowed."
            )
        if requires_grad and not data.is_floating_point():
            raise RuntimeError(
                "Only Tensors of floating point and complex dtype can require gradients"
            )
        # Shares memory and the version counter with `data`, as torch's _make_subclass does.
        p = Tensor._make(data._data, data._dtype)
        p._vc = data._vc
        p.__class__ = cls
        p._requires_grad = bool(requires_grad)
        return p

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo: dict) -> Parameter:
        if id(self) in memo:
            return memo[id(self)]
        out = Parameter(Tensor._make(self._data.copy(), self._dtype), self._requires_grad)
        if self._grad is not None:
            out._grad = copy.deepcopy(self._grad, memo)
        memo[id(self)] = out
        return out

    def __reduce_ex__(self, protocol: int) -> Any:
        return (_rebuild_parameter, (self._data.copy(), self._dtype.name, self._requires_grad))


def _rebuild_parameter(data: Any, dtype_name: str, requires_grad: bool) -> Parameter:
    return Parameter(_rebuild(data, dtype_name, False), requires_grad)

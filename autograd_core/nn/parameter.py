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


_NO_SHAPE = (
    "Can't access the shape of an uninitialized parameter or buffer. This error usually happens "
    "in `load_state_dict` when trying to load an uninitialized parameter into an initialized "
    "one. Call `forward` to initialize the parameters before accessing their attributes."
)


class UninitializedParameter(Parameter):
    """A parameter whose shape is not known yet (a lazy layer's, before its first call)."""

    __slots__ = ()

    def __new__(cls, requires_grad: bool = True, device: Any = None, dtype: Any = None) -> Any:
        return Parameter.__new__(cls, empty(0, dtype=dtype), requires_grad)

    def __repr__(self) -> str:
        return "<UninitializedParameter>"

    @property
    def shape(self) -> Any:
        raise RuntimeError(_NO_SHAPE)

    def size(self, dim: int | None = None) -> Any:
        raise RuntimeError(_NO_SHAPE)

    def numel(self) -> int:
        raise _unusable("numel")

    nelement = numel

    def dim(self) -> int:
        raise _unusable("dim")

    def tolist(self) -> Any:
        raise _unusable("tolist")

    def item(self) -> Any:
        raise _unusable("item")

    def materialize(self, shape: tuple[int, ...], device: Any = None, dtype: Any = None) -> None:
        """Become an ordinary Parameter of `shape` (zeros until the layer draws its values)."""
        real = empty(*shape, dtype=dtype or self._dtype)
        self._data = real._data
        self._dtype = real._dtype
        self.__class__ = Parameter


def _unusable(method: str) -> ValueError:
    return ValueError(
        f"Attempted to use an uninitialized parameter in <method '{method}' of "
        "'torch._C.TensorBase' objects>. This error happens when you are using a `LazyModule` or "
        "explicitly manipulating `torch.nn.parameter.UninitializedParameter` objects. When using "
        "LazyModules Call `forward` with a dummy batch to initialize the parameters before "
        "calling torch functions"
    )


# What a learner does first with a lazy layer's weight before its first batch (count the
# parameters, print a sum, scale it): each fails as in PyTorch, with its method's name, instead
# of computing with the empty stand-in.
for _dunder, _method in {
    "sum": "sum", "mean": "mean", "abs": "abs", "__add__": "add", "__radd__": "add",
    "__sub__": "sub", "__mul__": "mul", "__rmul__": "mul", "__truediv__": "div",
    "__matmul__": "matmul",
}.items():  # fmt: skip

    def _refused(self: Any, *args: Any, _method: str = _method, **kwargs: Any) -> Any:
        raise _unusable(_method)

    setattr(UninitializedParameter, _dunder, _refused)


def _rebuild_parameter(data: Any, dtype_name: str, requires_grad: bool) -> Parameter:
    return Parameter(_rebuild(data, dtype_name, False), requires_grad)

"""Tensor: an n-dimensional array that can remember how it was computed.

A tensor holds its values (`_data`, a NumPy array), its dtype, and for autograd:

- `requires_grad`  whether gradients should flow to it;
- `grad_fn`        the graph node of the operation that produced it (None for leaves: tensors
                   you created yourself);
- `grad`           where backward() leaves d(output)/d(this tensor), for leaves;
- a version counter, bumped by every in-place change, so backward can tell when a value it
  saved has been overwritten since.

The methods that are PyTorch functions (`x.exp()`, `x.sum(dim=0)`, `x.view(2, 3)`) are written out
at the end of the class, each one line that calls the function of the same name in
torch_functions.py (which picks a primitive from ops/): the maths lives there, not here. Only
in-place updates are handled here, because rebinding a tensor's history (`y += 1` makes
`y.grad_fn` an AddBackward0) is about the tensor itself.
"""

from __future__ import annotations

import copy as _copy
import operator
import warnings
import weakref
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

import numpy as np

from . import dtypes, guard, in_place
from .grad_mode import _enabled, _inference, _note_cuts, should_record
from .numpy_names import accepts_axis
from .printing import format_tensor
from .utils.hooks import RemovableHandle

_NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad field "
    "to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you "
    "access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See "
    "github.com/pytorch/pytorch/pull/30531 for more information."
)
_LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."
_VIEW_OF_LEAF_INPLACE = (
    "a view of a leaf Variable that requires grad is being used in an in-place operation."
)
_INFERENCE_INPLACE = (
    "Inplace update to inference tensor outside InferenceMode is not allowed.You can make a "
    "clone to get a normal tensor before doing inplace update.See "
    "https://github.com/pytorch/rfcs/pull/17 for more details."
)


class Size(tuple):
    """A tensor's shape: a tuple that prints as `torch.Size([2, 3])`."""

    def __repr__(self) -> str:
        return f"torch.Size([{', '.join(str(s) for s in self)}])"

    def numel(self) -> int:
        n = 1
        for s in self:
            n *= s
        return n


# The device types PyTorch knows (its error lists them in this order).
_DEVICE_TYPES = (
    *("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga"),
    *("maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone"),
)


class device:
    """torch.device. Every device PyTorch names can be described (`device("cuda:0")` is fine,
    so `torch.device("cuda" if torch.cuda.is_available() else "cpu")` runs unchanged), but only
    the CPU can hold tensors: putting one anywhere else raises what a CPU-only PyTorch raises."""

    __slots__ = ("index", "type")

    def __init__(self, type: Any = "cpu", index: int | None = None) -> None:
        if isinstance(type, device):
            type, index = type.type, type.index if index is None else index
        elif isinstance(type, int) and not isinstance(type, bool):
            raise RuntimeError("Cannot access accelerator device when none is available.")
        if not isinstance(type, str):
            raise TypeError(f"device() received an invalid combination of arguments: {type!r}")
        kind, colon, number = type.partition(":")
        if kind not in _DEVICE_TYPES:
            raise RuntimeError(
                f"Expected one of {', '.join(_DEVICE_TYPES)} device type at start of device "
                f"string: {type}"
            )
        if colon:
            if not number.isdigit():
                raise RuntimeError(f"Invalid device string: '{type}'")
            index = int(number)
        if index is not None and index < 0:
            raise RuntimeError("Device index must not be negative")
        self.type = kind
        self.index = index

    def __repr__(self) -> str:
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, device):
            return NotImplemented
        return (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))


def usable_device(where: Any) -> device | None:
    """The device a tensor is asked to go to (None: the default device), refusing what a
    CPU-only PyTorch cannot hold, with its messages."""
    d = _default_device.get() if where is None else device(where)
    if d is None or d.type == "cpu":
        return d
    if d.type == "cuda":
        raise AssertionError("Torch not compiled with CUDA enabled")
    if d.type == "xpu":
        raise AssertionError("Torch not compiled with XPU enabled")
    if d.type == "mps":
        raise RuntimeError("PyTorch is not linked with support for mps devices")
    raise RuntimeError(
        f"autograd_core keeps every tensor on the CPU; a '{d.type}' device is not available "
        "here. Use device='cpu' (or leave the device out)."
    )


# torch.set_default_device: per thread and task, like grad mode (each app session its own).
_default_device: ContextVar[device | None] = ContextVar("autograd_core_device", default=None)


def set_default_device(where: Any) -> None:
    """Where factory functions put tensors when no device= is given (None: back to the CPU)."""
    _default_device.set(None if where is None else device(where))


def get_default_device() -> device:
    d = usable_device(None)
    return device("cpu") if d is None else d


CPU = device("cpu")


def requested_dtype(args: tuple, kwargs: dict) -> dtypes.dtype | None:
    """The dtype that `x.to(...)` or `model.to(...)` asks for (None: keep it), after checking
    that any device it names is one a CPU-only PyTorch could use."""
    target = kwargs.get("dtype")
    for a in args:
        if isinstance(a, dtypes.dtype):
            target = a
        elif isinstance(a, Tensor):
            target = a._dtype
        elif isinstance(a, str | device):
            usable_device(a)
        elif a is not None:
            raise TypeError(f"to() received an invalid combination of arguments: {a!r}")
    if kwargs.get("device") is not None:
        usable_device(kwargs["device"])
    return target


def wrap_scalar(value: Any) -> Tensor:
    """A Python number as a 0-dim tensor with the dtype PyTorch gives it (2 -> int64)."""
    d = dtypes.scalar_dtype(value)
    return Tensor._make(np.asarray(value, dtype=d.numpy), d)


def as_operand(x: Any) -> Any:
    """What an arithmetic operation accepts: tensors and Python numbers (kept as numbers, like
    PyTorch's wrapped scalars). NumPy numbers become Python numbers, arrays become tensors."""
    if isinstance(x, Tensor) or type(x) in (int, float, bool):
        return x
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, int | float):
        return x
    if isinstance(x, np.ndarray):
        return Tensor._make(x.copy(), dtypes.from_numpy(x.dtype))
    raise TypeError(f"unsupported operand type: '{type(x).__name__}'")


_NUMBERS = frozenset({int, float})


def _operator(fn: Callable, self: Tensor, other: Any) -> Any:
    """An operator's general path: fn(self, other) with a NumPy number or array converted, or
    NotImplemented for other types (so Python tries the other operand's reflected method)."""
    try:
        other = as_operand(other)
    except TypeError:
        return NotImplemented
    return fn(self, other)


def _reflected(fn: Callable, self: Tensor, other: Any) -> Any:
    """`other <op> self` (as in __rsub__), by _operator's rules."""
    try:
        other = as_operand(other)
    except TypeError:
        return NotImplemented
    return fn(other, self)


def _in_place(self: Tensor, fn: Callable, ufunc: np.ufunc | None, other: Any, alpha: Any) -> Tensor:
    """add_, sub_, mul_, div_, pow_: self = fn(self, alpha * other), written into self's memory."""
    kind = type(other)  # (as_operand's answer for the commonest operands, without the call)
    operand = other if kind is Tensor or kind is float or kind is int else as_operand(other)
    if alpha != 1:
        operand = operand * alpha
    recorded = should_record(self._requires_grad or getattr(operand, "_requires_grad", False))
    if ufunc is not None and not recorded and self._dtype.is_floating_point:
        # Fast path (optimizer steps): NumPy writes straight into our memory, computing in
        # the promoted dtype and casting back, as PyTorch does.
        self._check_in_place()
        value = operand._data if isinstance(operand, Tensor) else operand
        if not self._data.shape and ufunc in _SCALAR_UPDATES and _update_0d(self, ufunc, value):
            return self  # a 0-d parameter's step (a -= lr * a.grad), on numbers
        if in_place.watchers:
            in_place.before_write(self._data)
        try:
            ufunc(self._data, value, out=self._data, casting="same_kind")
        except (ValueError, TypeError):
            pass  # a shape or type PyTorch refuses: the general path says so in its words
        else:
            self._bump_version()
            return self
    return self._update_in_place(lambda base: fn(base, operand), operand)


def _update_0d(self: Tensor, ufunc: np.ufunc, value: Any) -> bool:
    """_in_place's ufunc on a 0-d float32 or float64 tensor and a number or 0-d array of its
    dtype, computed on Python floats as apply's 0-d forward is (elementwise.scalar_pair: the
    same operands, and + - * / of two float32 values rounded once from a double are correctly
    rounded, so every bit is NumPy's) and written into the tensor's own memory. False, having
    written nothing, when the operands are others or the result is not a finite float32 (a
    division by zero, an overflow, a nan): the ufunc then runs as before."""
    pair = _scalar_pair(self._data, value)
    if pair is None:
        return False
    try:
        number = _SCALAR_UPDATES[ufunc](*pair)
    except (ZeroDivisionError, OverflowError):
        return False
    if self._dtype is dtypes.float32 and not -_FLOAT32_MAX <= number <= _FLOAT32_MAX:
        return False
    if number != number:  # nan: NumPy's own payload and sign
        return False
    if in_place.watchers:
        in_place.before_write(self._data)
    self._data[()] = number
    self._bump_version()
    return True


_SCALAR_UPDATES = {
    np.add: operator.add,
    np.subtract: operator.sub,
    np.multiply: operator.mul,
    np.true_divide: operator.truediv,
}
_FLOAT32_MAX = float(np.finfo(np.float32).max)


class Tensor:
    """A multi-dimensional array of numbers that can record the operations applied to it."""

    # Every tensor sets these five; the rarer attributes below live in the instance __dict__ only
    # once set, so creating a tensor (once per operation) writes five attributes, not eleven.
    __slots__ = ("__dict__", "__weakref__", "_data", "_dtype", "_requires_grad", "_vc", "grad_fn")
    _grad: Tensor | None = None  # .grad
    _hooks: list | None = None  # hooks of a leaf (a non-leaf's live on its grad_fn)
    _post_accumulate_hooks: list | None = None  # hook(leaf) once its .grad is updated
    _accum: Any = None  # a leaf's AccumulateGrad node, made on first use
    _base: Tensor | None = None  # for a view: the tensor whose memory it shares
    _origin: tuple | None = None  # ("detach" | "no_grad" | "from_detach", ...): where a constant
    # was cut off (ops.note_cut; for drawing the graph only)
    _retains_grad = False
    _inference = False  # made in inference mode (see grad_mode.inference_mode)
    _output_nr = 0  # which output of its grad_fn this is (only custom Functions have several)
    _views: Any = None  # a non-leaf's views that may need a new history (see _note_view)
    # Make NumPy defer to us in `np.float64(2) * x`, as it does for torch.Tensor.
    __array_priority__ = 1000

    def __new__(cls, *args: Any, **kwargs: Any) -> Tensor:
        """`Tensor([1, 2])` (float32, like torch.Tensor) or `Tensor(2, 3)` (zeros of that shape)."""
        if len(args) == 1 and not isinstance(args[0], int):
            data = creation.tensor(args[0], dtype=dtypes.float32)._data
        else:
            data = creation.zeros(*args)._data if args else np.zeros((0,), np.float32)
        t = cls._make(data, dtypes.float32)
        return t

    @staticmethod
    def _make(data: np.ndarray, dtype: dtypes.dtype | None = None) -> Tensor:
        """Build a tensor around an existing array (no copy, no graph)."""
        t = object.__new__(Tensor)
        t._data = data
        t._dtype = dtype if dtype is not None else dtypes.from_numpy(data.dtype)
        t._requires_grad = False
        t.grad_fn = None
        t._vc = [0]
        if _inference.get():
            t._inference = True
        return t

    # --- autograd state ---------------------------------------------------------------------

    @property
    def requires_grad(self) -> bool:
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        self._set_requires_grad(
            value, "only Tensors of floating point and complex dtype can require gradients"
        )

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Start (or stop) tracking operations on this leaf tensor. Returns the tensor itself."""
        self._set_requires_grad(
            requires_grad, "only Tensors of floating point dtype can require gradients"
        )
        return self

    def _set_requires_grad(self, value: bool, dtype_message: str) -> None:
        value = bool(value)
        if value and self._inference and not _inference.get():
            raise RuntimeError(
                "Setting requires_grad=True on inference tensor outside InferenceMode is not "
                "allowed."
            )
        if self.grad_fn is not None:
            if value:
                return
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use a "
                "computed variable in a subgraph that doesn't require differentiation use "
                "var_no_grad = var.detach()."
            )
        if value and not self._dtype.is_floating_point:
            raise RuntimeError(dtype_message)
        self._requires_grad = value

    @property
    def is_leaf(self) -> bool:
        """True for tensors you created (not the result of a recorded operation)."""
        return self.grad_fn is None

    @property
    def grad(self) -> Tensor | None:
        """d(output)/d(this tensor), filled in by backward() for leaves that require grad."""
        if self.grad_fn is not None and not self._retains_grad:
            warnings.warn(_NON_LEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value: Tensor | None) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(
                    f"assigned grad expected to be a Tensor or None but got grad of type "
                    f"{type(value).__name__}"
                )
            if value._dtype is not self._dtype:  # PyTorch checks the dtype first
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{_C_NAMES[value._dtype.name]}' "
                    f"to a tensor with grad_dtype '{self._dtype.type_name}'. The gradient must "
                    "match the tensor's grad_dtype (defaults to the tensor's dtype). You can set "
                    "the tensor's grad_dtype attribute with a specific dtype, or None to allow "
                    "any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and "
                    "its gradient may break downstream systems that assume they match."
                )
            if value.shape != self.shape:
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value.shape)}' to a tensor "
                    f"of size '{list(self.shape)}'. Please ensure that the gradient and the "
                    "tensor are the same size"
                )
        self._grad = value

    @grad.deleter
    def grad(self) -> None:
        self._grad = None

    @property
    def retains_grad(self) -> bool:
        return self._retains_grad

    @property
    def _version(self) -> int:
        if self._inference:
            raise RuntimeError("Inference tensors do not track version counter.")
        return self._vc[0]

    def is_inference(self) -> bool:
        """True for a tensor made inside `with torch.inference_mode():` (or a view of one)."""
        return self._inference

    @property
    def output_nr(self) -> int:
        return self._output_nr

    def _alias(self, node: Any) -> Tensor:
        """A new Tensor object for this tensor's values (shared memory and version counter) as
        an output of `node`: what PyTorch hands back for a saved output."""
        out = Tensor._make(self._data, self._dtype)
        out._vc = self._vc
        out.grad_fn = node
        out._requires_grad = True
        out._output_nr = self._output_nr
        return out

    def _accumulator(self) -> AccumulateGrad:
        """This leaf's AccumulateGrad node (one per leaf, as in PyTorch)."""
        if self._accum is None:
            self._accum = AccumulateGrad(self)
        return self._accum

    @property
    def data(self) -> Tensor:
        """The same values without autograd: shares memory, and in-place changes through it are
        invisible to autograd (a separate version counter), exactly like PyTorch's `.data`."""
        return Tensor._make(self._data, self._dtype)

    @data.setter
    def data(self, value: Tensor) -> None:
        if not isinstance(value, Tensor):
            raise TypeError(f"data must be a Tensor, not {type(value).__name__}")
        self._data = value._data
        self._dtype = value._dtype

    def detach(self) -> Tensor:
        """A tensor with the same values (shared memory) that is cut from the graph."""
        out = Tensor._make(self._data, self._dtype)
        out._vc = self._vc  # shares the version counter: in-place changes are still detected
        if self._inference:
            out._inference = True  # a view of an inference tensor is one too
        if self._requires_grad:
            source = self.grad_fn if self.grad_fn is not None else self._accumulator()
            out._origin = ("detach", weakref.ref(source), weakref.ref(self))
        return out

    def detach_(self) -> Tensor:
        """Make this tensor a leaf that does not require grad, in place."""
        if self._base is not None and self._base._requires_grad:
            raise RuntimeError(
                "Can't detach views in-place. Use detach() instead. If you are using "
                "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set "
                "as True, gradients are views of DDP buckets, and hence detach_() cannot be "
                "called on these gradients. To fix this error, please refer to the "
                "Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution."
            )
        self.grad_fn = None
        self._requires_grad = False
        return self

    def retain_grad(self) -> None:
        """Keep the gradient of this non-leaf tensor in its .grad after backward."""
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is None or self._retains_grad:
            return
        if self.grad_fn._python:  # one of several outputs: the node keeps one per output
            self.grad_fn._retain(self)
        else:
            self.grad_fn._retains_grad = weakref.ref(self)
        self._retains_grad = True

    def register_hook(self, hook: Callable[[Tensor], Tensor | None]) -> RemovableHandle:
        """Call `hook(grad)` when this tensor's gradient is computed; a returned tensor
        replaces the gradient. Returns a handle whose .remove() unregisters it."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is None:
            if self._hooks is None:
                self._hooks = []
            hooks = self._hooks
        elif self.grad_fn._python:
            hooks = self.grad_fn._tensor_hooks(self._output_nr)
        else:
            if self.grad_fn._pre_hooks is None:
                self.grad_fn._pre_hooks = []
            hooks = self.grad_fn._pre_hooks
        hooks.append(hook)
        return RemovableHandle(hooks, hook)

    def register_post_accumulate_grad_hook(self, hook: Callable[[Tensor], None]) -> RemovableHandle:
        """Call `hook(tensor)` after backward has added into this leaf's .grad: an optimizer can
        step each parameter there ("fusing the optimizer step into the backward pass"). The
        hook returns None; a handle's .remove() unregisters it."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            raise RuntimeError(
                "post accumulate grad hooks cannot be registered on non-leaf tensors"
            )
        if self._post_accumulate_hooks is None:
            self._post_accumulate_hooks = []
        self._post_accumulate_hooks.append(hook)
        return RemovableHandle(self._post_accumulate_hooks, hook)

    def backward(
        self,
        gradient: Tensor | None = None,
        retain_graph: bool | None = None,
        create_graph: bool = False,
        inputs: Any = None,
    ) -> None:
        """Compute d(self)/d(leaf) for every leaf that requires grad and add it to leaf.grad.

        `self` must be a single number unless `gradient` (a tensor of self's shape) is given:
        then this computes the vector-Jacobian product gradientᵀ·J.
        """
        autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    # --- shape and values ---------------------------------------------------------------------

    @property
    def shape(self) -> Size:
        return Size(self._data.shape)

    def size(self, dim: int | None = None) -> Any:
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[_F._dim(dim, self.ndim)]

    @property
    def ndim(self) -> int:
        return self._data.ndim

    def dim(self) -> int:
        return self._data.ndim

    ndimension = dim

    def numel(self) -> int:
        return int(self._data.size)

    nelement = numel

    @property
    def dtype(self) -> dtypes.dtype:
        return self._dtype

    @property
    def device(self) -> device:
        return CPU

    is_cuda = False
    is_cpu = True
    is_sparse = False
    is_quantized = False
    is_meta = False

    @property
    def T(self) -> Tensor:
        if self.ndim == 2:
            return _F.permute(self, 1, 0)
        if self.ndim != 0:
            warnings.warn(
                "The use of `x.T` on tensors of dimension other than 2 to reverse their shape is "
                "deprecated and it will throw an error in a future release. Consider `x.mT` to "
                "transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` "
                "to reverse the dimensions of a tensor.",
                UserWarning,
                stacklevel=2,
            )
        return _F.permute(self, *range(self.ndim - 1, -1, -1))

    @property
    def mT(self) -> Tensor:
        if self.ndim < 2:
            raise RuntimeError(
                "tensor.mT is only supported on matrices or batches of matrices. Got "
                f"{self.ndim}-D tensor."
            )
        return _F.transpose(self, -2, -1)

    def is_floating_point(self) -> bool:
        return self._dtype.is_floating_point

    def element_size(self) -> int:
        return self._dtype.itemsize

    def stride(self, dim: int | None = None) -> Any:
        strides = tuple(s // self._dtype.itemsize for s in self._data.strides)
        return strides if dim is None else strides[_F._dim(dim, self.ndim)]

    def is_contiguous(self) -> bool:
        return bool(self._data.flags.c_contiguous)

    def contiguous(self) -> Tensor:
        return self if self._data.flags.c_contiguous else _F.clone(self)

    def item(self) -> Any:
        """The single value of a one-element tensor, as a Python number."""
        if self._data.size != 1:
            raise RuntimeError(
                f"a Tensor with {self._data.size} elements cannot be converted to Scalar"
            )
        return self._data.item()  # (NumPy's item() takes the one element of any shape)

    def data_ptr(self) -> int:
        """The address of the first element: equal for tensors that share memory there."""
        return int(self._data.__array_interface__["data"][0])

    def tolist(self) -> Any:
        return self._data.tolist()

    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The values as a NumPy array sharing memory with this tensor."""
        if self._requires_grad and not force:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
                "instead."
            )
        return self._data

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        data = self.numpy()
        return data if dtype is None else data.astype(dtype)

    # --- dtype conversions --------------------------------------------------------------------

    def to(self, *args: Any, **kwargs: Any) -> Tensor:
        """`to(dtype)`, `to(device)`, `to(other_tensor)`; returns self when nothing changes."""
        target = requested_dtype(args, kwargs)
        if target is None or target is self._dtype:
            return _F.clone(self) if kwargs.get("copy") else self
        return to_copy(self, dtype=target)

    def float(self) -> Tensor:
        return self.to(dtypes.float32)

    def double(self) -> Tensor:
        return self.to(dtypes.float64)

    def long(self) -> Tensor:
        return self.to(dtypes.int64)

    def int(self) -> Tensor:
        return self.to(dtypes.int32)

    def bool(self) -> Tensor:
        return self.to(dtypes.bool_)

    def type(self, dtype: Any = None) -> Any:
        if dtype is None:
            return f"torch.{self._dtype.tensor_type}"
        return self.to(dtype)

    def type_as(self, other: Tensor) -> Tensor:
        return self.to(other._dtype)

    def cpu(self) -> Tensor:
        return self

    def get_device(self) -> int:
        return -1  # PyTorch's answer for a CPU tensor

    def cuda(self, *args: Any, **kwargs: Any) -> Tensor:
        raise AssertionError("Torch not compiled with CUDA enabled")

    # --- new tensors like this one ------------------------------------------------------------

    def new_tensor(self, data: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        return creation.tensor(data, dtype=dtype or self._dtype, requires_grad=requires_grad)

    def new_zeros(self, *size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        return creation.zeros(*size, dtype=dtype or self._dtype, requires_grad=requires_grad)

    def new_ones(self, *size: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        return creation.ones(*size, dtype=dtype or self._dtype, requires_grad=requires_grad)

    def new_full(
        self, size: Any, fill_value: Any, dtype: Any = None, requires_grad: bool = False
    ) -> Tensor:
        return creation.full(
            size, fill_value, dtype=dtype or self._dtype, requires_grad=requires_grad
        )

    # --- in-place updates ---------------------------------------------------------------------

    def _check_in_place(self) -> None:
        if _enabled.get():
            if self._requires_grad and self.grad_fn is None:
                raise RuntimeError(_LEAF_INPLACE)
            base = self._base
            if base is not None and base._requires_grad and base.grad_fn is None:
                raise RuntimeError(_VIEW_OF_LEAF_INPLACE)
        if not self._data.flags.writeable:
            raise RuntimeError(
                "unsupported operation: more than one element of the written-to tensor refers "
                "to a single memory location. Please clone() the tensor before performing the "
                "operation."
            )

    def _update_in_place(self, compute: Callable[[Tensor], Tensor], *operands: Any) -> Tensor:
        """Apply `compute` (an out-of-place op) and write the result into this tensor's memory.

        If the update must be recorded, the new node takes over this tensor's history: `y += 1`
        makes y.grad_fn an AddBackward0 whose input is y's previous grad_fn. The version counter
        goes up either way, so a node that saved the old value will refuse to use it.
        """
        self._check_in_place()
        recorded = should_record(
            self._requires_grad or any(getattr(o, "_requires_grad", False) for o in operands)
        )
        if recorded:
            if self._base is not None and self._base._requires_grad:
                return self._update_view_in_place(compute)
            before = self._as_it_was()
            out = compute(before)
        else:
            previous, quiet = _enabled.get(), _note_cuts.set(False)
            _enabled.set(False)
            try:
                out = compute(self)
            finally:
                _enabled.set(previous)
                _note_cuts.reset(quiet)
        self._write(out._data)
        if recorded:
            self._take_history(out.grad_fn)
            self._renew_views()
        return self

    def _as_it_was(self) -> Tensor:
        """A copy of this tensor's values that carries its history: what a recorded in-place
        change computes from, before the change overwrites the values and takes the history."""
        copy = Tensor._make(self._data.copy(), self._dtype)
        copy.grad_fn, copy._requires_grad = self.grad_fn, self._requires_grad
        return copy

    def _note_view(self, view: Tensor) -> None:
        """Remember a view of this non-leaf (weakly): an in-place change of this tensor, or
        through any view of it, rewrites its history, and each view must then read its values
        out of the new one (as PyTorch regenerates them), or its gradient would skip the
        change."""
        views = self._views
        if views is None:  # id -> weak reference (a WeakSet would compare tensors with ==)
            views = self._views = {}
        key = id(view)
        views[key] = weakref.ref(view, lambda _, views=views, key=key: views.pop(key, None))

    def _renew_views(self) -> None:
        """After this tensor's history was rewritten in place: every live view that is part of
        a graph reads its values back out of the new history (AsStridedBackward0)."""
        if not self._views:
            return
        for key_id, ref in list(self._views.items()):
            view = ref()
            if view is None or view._base is not self:  # gone (its id may be reused)
                del self._views[key_id]
            elif view.grad_fn is not None:
                key = _elements_in(view._data, self._data)
                view._take_history(view_again(self, key=key).grad_fn)

    def _update_view_in_place(self, compute: Callable[[Tensor], Tensor]) -> Tensor:
        """`v.mul_(2)`, `b[:, 0] += 10` where v is a view of a base that requires grad: as in
        PyTorch, the base's history is rewritten (CopySlices: the view's elements now come from
        the operation, the rest from before) and the view reads its values back out of the new
        base (AsStridedBackward0)."""
        base = self._base
        key = _elements_in(self._data, base._data)
        before = self._as_it_was()
        out = compute(before)
        old_base = base._as_it_was()
        new_base = copy_slices(old_base, out.to(base._dtype), key=key)
        base._write(new_base._data)  # the view shares these elements: it sees the new values
        base._take_history(new_base.grad_fn)
        base._note_view(self)
        base._renew_views()  # this view and every other one read from the new history
        return self

    def _bump_version(self) -> None:
        """Count an in-place change. An inference tensor has no counter: outside inference mode
        that is PyTorch's error, raised (as there) after the values were already written."""
        if self._inference and not _inference.get():
            raise RuntimeError(_INFERENCE_INPLACE)
        self._vc[0] += 1

    def _write(self, values: np.ndarray) -> None:
        if values.shape != self._data.shape:
            try:
                broadcast = np.broadcast_shapes(values.shape, self._data.shape)
            except ValueError:
                broadcast = values.shape
            if broadcast != self._data.shape:
                raise RuntimeError(
                    f"output with shape [{', '.join(map(str, self._data.shape))}] doesn't match "
                    f"the broadcast shape [{', '.join(map(str, broadcast))}]"
                )
        if values.dtype != self._data.dtype and not np.can_cast(
            values.dtype, self._data.dtype, "same_kind"
        ):
            raise RuntimeError(
                f"result type {dtypes.from_numpy(values.dtype).type_name} can't be cast to the "
                f"desired output type {self._dtype.type_name}"
            )
        if in_place.watchers:
            in_place.before_write(self._data)
        self._data[...] = values
        self._bump_version()

    def _take_history(self, node: Any) -> None:
        old = self.grad_fn
        self.grad_fn = node
        self._requires_grad = True
        if node is None:
            return
        node._output = weakref.ref(self)
        if "result" in node._saved:
            node._saved["result"] = (self, self._vc[0])
        if self._retains_grad and old is not None:
            node._retains_grad = weakref.ref(self)

    def add_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        """self += alpha * other, in place (an optimizer's step: `p.add_(p.grad, alpha=-lr)`)."""
        return _in_place(self, _F.add, np.add, other, alpha)

    def sub_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        """self -= alpha * other, in place."""
        return _in_place(self, _F.sub, np.subtract, other, alpha)

    def mul_(self, other: Any) -> Tensor:
        """self *= other, in place."""
        return _in_place(self, _F.mul, np.multiply, other, 1)

    def div_(self, other: Any) -> Tensor:
        """self /= other, in place."""
        return _in_place(self, _F.div, np.true_divide, other, 1)

    def pow_(self, exponent: Any) -> Tensor:
        """self **= exponent, in place."""
        return _in_place(self, _F.pow, None, exponent, 1)

    subtract_, multiply_, divide_ = sub_, mul_, div_

    def zero_(self) -> Tensor:
        """Set every element to 0, in place (as in `x.grad.zero_()`)."""
        return self._refilled(_refill.zero_fill, 0)

    def fill_(self, value: Any) -> Tensor:
        """Set every element to `value`, in place."""
        if isinstance(value, Tensor):
            return self.copy_(value)  # (its gradient goes to `value`: recorded as copy_ is)
        return self._refilled(_refill.number_fill, value)

    def _refilled(self, fill: Any, value: Any) -> Tensor:
        """Every element set to the number `value` (converted as copy_ converts it), recorded by
        `fill` when it must be: the old values get a zero gradient."""
        number = wrap_scalar(as_operand(value)).to(self._dtype)._data
        return self._update_in_place(
            lambda base: fill(
                base, values=Tensor._make(np.full(base.shape, number, dtype=number.dtype))
            )
        )

    def copy_(self, src: Any) -> Tensor:
        """Overwrite the values with `src` (broadcast and converted to this tensor's dtype).

        Recorded as a `where` that takes every element from `src`, so the old values get a zero
        gradient and `src` (if it requires grad) gets the whole gradient.
        """
        src = as_operand(src)
        src = src.to(self._dtype) if isinstance(src, Tensor) else wrap_scalar(src).to(self._dtype)
        everywhere = Tensor._make(np.ones(self._data.shape, dtype=bool))
        return self._update_in_place(lambda base: _F.where(everywhere, src, base), src)

    def clamp_(self, min: Any = None, max: Any = None) -> Tensor:
        return self._update_in_place(lambda base: _F.clamp(base, min, max))

    clip_ = clamp_

    def neg_(self) -> Tensor:
        return self._update_in_place(_F.neg)

    def abs_(self) -> Tensor:
        return self._update_in_place(_F.abs)

    def exp_(self) -> Tensor:
        return self._update_in_place(_F.exp)

    def sqrt_(self) -> Tensor:
        return self._update_in_place(_F.sqrt)

    def relu_(self) -> Tensor:
        return self._update_in_place(_F.relu)

    def sigmoid_(self) -> Tensor:
        return self._update_in_place(_F.sigmoid)

    def tanh_(self) -> Tensor:
        return self._update_in_place(_F.tanh)

    def sin_(self) -> Tensor:
        return self._update_in_place(_F.sin)

    def cos_(self) -> Tensor:
        return self._update_in_place(_F.cos)

    def log_(self) -> Tensor:
        return self._update_in_place(_F.log)

    def masked_fill_(self, mask: Tensor, value: Any) -> Tensor:
        return self._update_in_place(lambda base: _F.masked_fill(base, mask, value))

    @accepts_axis
    def scatter_(self, dim: int, index: Tensor, src: Any = None, *, value: Any = None) -> Tensor:
        """Write src (a tensor or a number) at index along dim, in place (one-hot: `scatter_(0,
        label, 1)`)."""
        return self._update_in_place(
            lambda base: _F.scatter(base, dim, index, src, value=value), src
        )

    @accepts_axis
    def scatter_add_(self, dim: int, index: Tensor, src: Tensor) -> Tensor:
        """Add src's entries at index along dim, in place."""
        return self._update_in_place(lambda base: _F.scatter_add(base, dim, index, src), src)

    def uniform_(self, a: float = 0.0, b: float = 1.0) -> Tensor:
        return self._update_in_place(
            lambda base: _refill.uniform_fill(
                base, values=_random("uniform", base.shape, base._dtype, low=a, high=b)
            )
        )

    def multinomial(
        self, num_samples: int, replacement: bool = False, *, generator: Any = None
    ) -> Tensor:
        return _sampling.multinomial(self, num_samples, replacement, generator=generator)

    def random_(self, *bounds: int, generator: Any = None) -> Tensor:
        """Fill with random integers: random_() every integer the dtype holds exactly,
        random_(to) from [0, to), random_(from, to) from [from, to); PyTorch's draws."""
        if len(bounds) > 2:
            raise TypeError(f"random_() takes 2 positional arguments but {len(bounds)} were given")
        for bound in bounds:
            if bound is not None and (type(bound) is not int and not isinstance(bound, np.integer)):
                raise TypeError(
                    "random_() received an invalid combination of arguments - got "
                    f"({', '.join(type(b).__name__ for b in bounds)}), but expected one of: "
                    "(*, Generator generator), (int from, int to, *, Generator generator), "
                    "(int to, *, Generator generator)"
                )
            if bound is not None and not -(2**63) <= bound < 2**63:
                raise ValueError("Overflow when unpacking long long")
        low, high = (0, None) if not bounds else (0, bounds[0]) if len(bounds) == 1 else bounds
        low, high = int(low), None if high is None else int(high)
        # (PyTorch's three overloads record three nodes: RandomBackward2, 1 and 0)
        fill = (_refill.random_fill, _refill.random_to_fill, _refill.random_range_fill)[len(bounds)]
        return self._update_in_place(
            lambda base: fill(
                base, values=_random_integers(base.shape, base._dtype, low, high, generator)
            )
        )

    def normal_(self, mean: float = 0.0, std: float = 1.0) -> Tensor:
        return self._update_in_place(
            lambda base: _refill.normal_fill(
                base, values=_random("normal", base.shape, base._dtype, mean=mean, std=std)
            )
        )

    def __setitem__(self, key: Any, value: Any) -> None:
        self._check_in_place_setitem()
        key = _F._numpy_key(key, self)
        value = as_operand(value)
        recorded = should_record(self._requires_grad or getattr(value, "_requires_grad", False))
        if not recorded:
            if in_place.watchers:
                in_place.before_write(self._data)
            self._data[key] = value._data if isinstance(value, Tensor) else value
            self._bump_version()
            return
        if self._base is not None and self._base._requires_grad:
            raise RuntimeError(
                "autograd_core cannot record an assignment into a view of a tensor that requires "
                "grad. Index the original tensor instead, or build the result out of place."
            )
        before = self._as_it_was()
        value = value if isinstance(value, Tensor) else wrap_scalar(value).to(self._dtype)
        out = copy_slices(before, value, key=key)
        self._write(out._data)
        self._take_history(out.grad_fn)
        self._renew_views()

    def _check_in_place_setitem(self) -> None:
        if _enabled.get() and self._requires_grad and self.grad_fn is None:
            raise RuntimeError(_VIEW_OF_LEAF_INPLACE)
        self._check_in_place()

    # --- Python protocol ----------------------------------------------------------------------

    def __repr__(self) -> str:
        return format_tensor(
            self._data,
            self._dtype.name,
            requires_grad=self._requires_grad and self.grad_fn is None,
            grad_fn_name=type(self.grad_fn).__name__ if self.grad_fn is not None else None,
        )

    def __format__(self, spec: str) -> str:
        if self._data.ndim == 0:
            return self.item().__format__(spec)
        if spec:
            raise TypeError("unsupported format string passed to Tensor.__format__")
        return repr(self)

    def __hash__(self) -> int:
        return id(self)

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self) -> Iterator[Tensor]:
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(_F.unbind(self, 0))

    def __contains__(self, element: Any) -> bool:
        return bool((self == element).any().item())

    def __bool__(self) -> bool:
        if self._data.size == 0:
            raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
        if self._data.size > 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self._data.reshape(()))

    def __float__(self) -> float:
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        if self._requires_grad:
            warnings.warn(
                "Converting a tensor with requires_grad=True to a scalar may lead to unexpected "
                "behavior.\nConsider using tensor.detach() first.",
                UserWarning,
                stacklevel=2,
            )
        return float(self._data.reshape(()))

    def __int__(self) -> int:
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return int(self._data.reshape(()))

    def __index__(self) -> int:
        if self._dtype.is_floating_point or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self._data.reshape(()))

    def __getitem__(self, key: Any) -> Tensor:
        return _F.getitem(self, key)

    def __deepcopy__(self, memo: dict) -> Tensor:
        if self.grad_fn is not None:
            raise RuntimeError(
                "Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                "protocol at the moment.  If you were attempting to deepcopy a module, this may "
                "be because of a torch.nn.utils.weight_norm usage, see "
                "https://github.com/pytorch/pytorch/pull/103001"
            )
        out = Tensor._make(self._data.copy(), self._dtype)
        out._requires_grad = self._requires_grad
        if self._grad is not None:
            out._grad = _copy.deepcopy(self._grad, memo)
        memo[id(self)] = out
        return out

    def __reduce_ex__(self, protocol: int) -> Any:
        return (_rebuild, (self._data.copy(), self._dtype.name, self._requires_grad))

    # The most common operators go straight to their primitive when the other operand is a
    # tensor or a plain number (the fast path a training loop takes thousands of times).
    def __add__(self, other: Any) -> Any:
        if type(other) in _FAST:
            return _apply(_F.A.add, (self, other), _NO_PARAMS)
        return _operator(_F.add, self, other)

    def __radd__(self, other: Any) -> Any:
        if type(other) in _NUMBERS:
            return _apply(_F.A.add, (self, other), _NO_PARAMS)  # 2 + x is recorded as x + 2
        return _reflected(_F.add, self, other)

    def __sub__(self, other: Any) -> Any:
        if type(other) in _FAST:
            return _apply(_F.A.sub, (self, other), _NO_PARAMS)
        return _operator(_F.sub, self, other)

    def __rsub__(self, other: Any) -> Any:
        if type(other) in _NUMBERS:
            return _F.A.rsub(self, other=other)
        return _reflected(_F.sub, self, other)

    def __mul__(self, other: Any) -> Any:
        if type(other) in _FAST:
            return _apply(_F.A.mul, (self, other), _NO_PARAMS)
        return _operator(_F.mul, self, other)

    def __rmul__(self, other: Any) -> Any:
        if type(other) in _NUMBERS:
            return _apply(_F.A.mul, (self, other), _NO_PARAMS)
        return _reflected(_F.mul, self, other)

    def __truediv__(self, other: Any) -> Any:
        if type(other) in _FAST:
            return _apply(_F.A.div, (self, other), _NO_PARAMS)
        return _operator(_F.div, self, other)

    def __rtruediv__(self, other: Any) -> Any:
        return _reflected(_F.div, self, other)

    def __floordiv__(self, other: Any) -> Any:
        return _operator(_F.floor_divide, self, other)

    def __rfloordiv__(self, other: Any) -> Any:
        return _reflected(_F.floor_divide, self, other)

    def __mod__(self, other: Any) -> Any:
        return _operator(_F.remainder, self, other)

    def __rmod__(self, other: Any) -> Any:
        return _reflected(_F.remainder, self, other)

    def __pow__(self, other: Any) -> Any:
        if type(other) in _NUMBERS:
            return _apply(_F.A.pow, (self,), {"exponent": other})
        return _operator(_F.pow, self, other)

    def __rpow__(self, other: Any) -> Any:
        return _reflected(_F.pow, self, other)

    def __matmul__(self, other: Any) -> Any:
        if isinstance(other, Tensor) and self._data.ndim == 2 and other._data.ndim == 2:
            return _apply(_F.L.mm, (self, other), _NO_PARAMS)  # matmul's answer for two matrices
        return _operator(_F.matmul, self, other)

    def __rmatmul__(self, other: Any) -> Any:
        return _reflected(_F.matmul, self, other)

    def __eq__(self, other: Any) -> Any:  # type: ignore[override]
        return _operator(_F.eq, self, other)

    def __ne__(self, other: Any) -> Any:  # type: ignore[override]
        return _operator(_F.ne, self, other)

    def __lt__(self, other: Any) -> Any:
        return _operator(_F.lt, self, other)

    def __le__(self, other: Any) -> Any:
        return _operator(_F.le, self, other)

    def __gt__(self, other: Any) -> Any:
        return _operator(_F.gt, self, other)

    def __ge__(self, other: Any) -> Any:
        return _operator(_F.ge, self, other)

    def __and__(self, other: Any) -> Any:
        return _operator(_F.bitwise_and, self, other)

    def __rand__(self, other: Any) -> Any:
        return _reflected(_F.bitwise_and, self, other)

    def __or__(self, other: Any) -> Any:
        return _operator(_F.bitwise_or, self, other)

    def __ror__(self, other: Any) -> Any:
        return _reflected(_F.bitwise_or, self, other)

    def __xor__(self, other: Any) -> Any:
        return _operator(_F.bitwise_xor, self, other)

    def __rxor__(self, other: Any) -> Any:
        return _reflected(_F.bitwise_xor, self, other)

    # `w -= lr * w.grad` (a hand-written training step) goes straight to _in_place, as add_ does.
    def __iadd__(self, other: Any) -> Tensor:
        return _in_place(self, _F.add, np.add, other, 1)

    def __isub__(self, other: Any) -> Tensor:
        return _in_place(self, _F.sub, np.subtract, other, 1)

    def __imul__(self, other: Any) -> Tensor:
        return _in_place(self, _F.mul, np.multiply, other, 1)

    def __itruediv__(self, other: Any) -> Tensor:
        return _in_place(self, _F.div, np.true_divide, other, 1)

    def __ipow__(self, other: Any) -> Tensor:
        return _in_place(self, _F.pow, None, other, 1)

    def __neg__(self) -> Tensor:
        return _F.neg(self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return _F.abs(self)

    def __invert__(self) -> Tensor:
        if self._dtype is dtypes.bool_:
            return _F.logical_not(self)
        if self._dtype.is_floating_point:
            raise TypeError(
                "~ (operator.invert) is only implemented on integer and Boolean-type tensors"
            )
        return Tensor._make(np.invert(self._data), self._dtype)

    # --- PyTorch's functions as methods ---------------------------------------------------------
    # x.exp() is torch.exp(x): each method passes its arguments on to the function of the same
    # name in torch_functions.py, which checks them and picks the primitive in ops/. Functions and
    # methods so share one definition (and one set of error messages); the signatures are
    # PyTorch's own, so help(torch.Tensor.sum) shows them.

    # arithmetic

    def add(self, other: Any, *, alpha: Any = 1) -> Tensor:
        """self + alpha * other."""
        return _F.add(self, other, alpha=alpha)

    def sub(self, other: Any, *, alpha: Any = 1) -> Tensor:
        """self - alpha * other."""
        return _F.sub(self, other, alpha=alpha)

    subtract = sub

    def mul(self, other: Any) -> Tensor:
        return _F.mul(self, other)

    multiply = mul

    def div(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        """self / other; rounding_mode "floor" or "trunc" rounds the quotient."""
        return _F.div(self, other, rounding_mode=rounding_mode)

    divide = true_divide = div

    def floor_divide(self, other: Any) -> Tensor:
        return _F.floor_divide(self, other)

    def remainder(self, other: Any) -> Tensor:
        """self % other, with the sign of other (Python's rule)."""
        return _F.remainder(self, other)

    def fmod(self, other: Any) -> Tensor:
        """The remainder with the sign of self (C's rule)."""
        return _F.fmod(self, other)

    def neg(self) -> Tensor:
        return _F.neg(self)

    negative = neg

    def reciprocal(self) -> Tensor:
        return _F.reciprocal(self)

    def pow(self, exponent: Any) -> Tensor:
        if type(exponent) in _NUMBERS:  # what _F.pow decides for a number, without its steps
            return _apply(_F.A.pow, (self,), {"exponent": exponent})
        return _F.pow(self, exponent)

    def square(self) -> Tensor:
        return _F.square(self)

    # elementwise functions (the registry's primitives called directly: x.sin() is torch.sin(x),
    # without Primitive.__call__'s argument packing, once per operation of every loop)

    def exp(self) -> Tensor:
        return _apply(_F.exp, (self,), _NO_PARAMS)

    def log(self) -> Tensor:
        return _apply(_F.log, (self,), _NO_PARAMS)

    def log2(self) -> Tensor:
        return _apply(_F.log2, (self,), _NO_PARAMS)

    def log10(self) -> Tensor:
        return _apply(_F.log10, (self,), _NO_PARAMS)

    def log1p(self) -> Tensor:
        """log(1 + self), accurate for small values."""
        return _F.log1p(self)

    def expm1(self) -> Tensor:
        """exp(self) - 1, accurate for small values."""
        return _F.expm1(self)

    def erf(self) -> Tensor:
        return _apply(_F.erf, (self,), _NO_PARAMS)

    def sqrt(self) -> Tensor:
        return _apply(_F.sqrt, (self,), _NO_PARAMS)

    def rsqrt(self) -> Tensor:
        """1 / sqrt(self)."""
        return _F.rsqrt(self)

    def sin(self) -> Tensor:
        return _apply(_F.sin, (self,), _NO_PARAMS)

    def cos(self) -> Tensor:
        return _apply(_F.cos, (self,), _NO_PARAMS)

    def tan(self) -> Tensor:
        return _apply(_F.tan, (self,), _NO_PARAMS)

    def asin(self) -> Tensor:
        return _apply(_F.asin, (self,), _NO_PARAMS)

    arcsin = asin

    def acos(self) -> Tensor:
        return _apply(_F.acos, (self,), _NO_PARAMS)

    arccos = acos

    def atan(self) -> Tensor:
        return _apply(_F.atan, (self,), _NO_PARAMS)

    arctan = atan

    def sinh(self) -> Tensor:
        return _apply(_F.sinh, (self,), _NO_PARAMS)

    def cosh(self) -> Tensor:
        return _apply(_F.cosh, (self,), _NO_PARAMS)

    def tanh(self) -> Tensor:
        return _apply(_F.tanh, (self,), _NO_PARAMS)

    def sigmoid(self) -> Tensor:
        """1 / (1 + exp(-self))."""
        return _F.sigmoid(self)

    def relu(self) -> Tensor:
        """max(self, 0)."""
        return _F.relu(self)

    def leaky_relu(self, negative_slope: float = 0.01) -> Tensor:
        return _F.leaky_relu(self, negative_slope)

    def softplus(self, *, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
        """log(1 + exp(beta * self)) / beta (linear above `threshold`)."""
        return _F.softplus(self, beta=beta, threshold=threshold)

    def sign(self) -> Tensor:
        return _apply(_F.sign, (self,), _NO_PARAMS)

    def floor(self) -> Tensor:
        return _apply(_F.floor, (self,), _NO_PARAMS)

    def ceil(self) -> Tensor:
        return _apply(_F.ceil, (self,), _NO_PARAMS)

    def trunc(self) -> Tensor:
        return _apply(_F.trunc, (self,), _NO_PARAMS)

    def round(self, *, decimals: int = 0) -> Tensor:
        """Round half to even, as PyTorch does, to `decimals` decimal places."""
        return _F.round(self, decimals=decimals)

    def abs(self) -> Tensor:
        return _F.abs(self)

    absolute = abs

    def clamp(self, min: Any = None, max: Any = None) -> Tensor:
        """Limit every element to [min, max] (either may be None)."""
        return _F.clamp(self, min, max)

    clip = clamp

    def maximum(self, other: Tensor) -> Tensor:
        """The larger of the two, elementwise."""
        return _F.maximum(self, other)

    def minimum(self, other: Tensor) -> Tensor:
        """The smaller of the two, elementwise."""
        return _F.minimum(self, other)

    def where(self, condition: Tensor, other: Any) -> Tensor:
        """self where `condition` is True, else other (torch.where(condition, self, other))."""
        return _F.where(condition, self, other)

    def clone(self) -> Tensor:
        """A copy with its own memory, recorded in the graph (CloneBackward0)."""
        return _F.clone(self)

    # comparisons and tests (no gradient)

    def eq(self, other: Any) -> Tensor:
        return _F.eq(self, other)

    def ne(self, other: Any) -> Tensor:
        return _F.ne(self, other)

    not_equal = ne

    def lt(self, other: Any) -> Tensor:
        return _F.lt(self, other)

    less = lt

    def le(self, other: Any) -> Tensor:
        return _F.le(self, other)

    less_equal = le

    def gt(self, other: Any) -> Tensor:
        return _F.gt(self, other)

    greater = gt

    def ge(self, other: Any) -> Tensor:
        return _F.ge(self, other)

    greater_equal = ge

    def isnan(self) -> Tensor:
        return _F.isnan(self)

    def isinf(self) -> Tensor:
        return _F.isinf(self)

    def isfinite(self) -> Tensor:
        return _F.isfinite(self)

    def logical_not(self) -> Tensor:
        return _F.logical_not(self)

    def logical_and(self, other: Any) -> Tensor:
        return _F.logical_and(self, other)

    def logical_or(self, other: Any) -> Tensor:
        return _F.logical_or(self, other)

    def logical_xor(self, other: Any) -> Tensor:
        return _F.logical_xor(self, other)

    def equal(self, other: Tensor) -> bool:
        """True if both have the same shape and the same values."""
        return _F.equal(self, other)

    def allclose(
        self, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
    ) -> bool:
        """True if every |self - other| <= atol + rtol * |other|."""
        return _F.allclose(self, other, rtol, atol, equal_nan)

    def isclose(
        self, other: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
    ) -> Tensor:
        """allclose's test, elementwise."""
        return _F.isclose(self, other, rtol, atol, equal_nan)

    # reductions

    @accepts_axis
    def sum(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        """The sum of all elements, or along `dim` (an int or a tuple of ints)."""
        if dim is None and dtype is None and not keepdim:  # loss.sum(): _F.sum's choice
            return _apply(_F.R.sum, (self,), _NO_PARAMS)
        return _F.sum(self, dim, keepdim, dtype=dtype)

    @accepts_axis
    def mean(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        """The mean of all elements, or along `dim` (an int or a tuple of ints)."""
        if dim is None and dtype is None and not keepdim:  # loss.mean(): _F.mean's choice
            return _apply(_F.R.mean, (self,), _NO_PARAMS)
        return _F.mean(self, dim, keepdim, dtype=dtype)

    @accepts_axis
    def prod(self, dim: int | None = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        return _F.prod(self, dim, keepdim, dtype=dtype)

    @accepts_axis
    def max(self, dim: Any = None, keepdim: bool = False, *, other: Any = None) -> Any:
        """The largest element; with `dim`, (values, indices) along it; with a tensor, maximum."""
        return _F.max(self, dim, keepdim, other=other)

    @accepts_axis
    def min(self, dim: Any = None, keepdim: bool = False, *, other: Any = None) -> Any:
        """The smallest element; with `dim`, (values, indices) along it; with a tensor, minimum."""
        return _F.min(self, dim, keepdim, other=other)

    @accepts_axis
    def amax(self, dim: Any = (), keepdim: bool = False) -> Tensor:
        """The largest values along `dim` (all dims by default), without indices."""
        return _F.amax(self, dim, keepdim)

    @accepts_axis
    def amin(self, dim: Any = (), keepdim: bool = False) -> Tensor:
        """The smallest values along `dim` (all dims by default), without indices."""
        return _F.amin(self, dim, keepdim)

    @accepts_axis
    def argmax(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """Where the largest element is (an index into the flattened tensor without `dim`)."""
        return _F.argmax(self, dim, keepdim)

    @accepts_axis
    def argmin(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """Where the smallest element is (an index into the flattened tensor without `dim`)."""
        return _F.argmin(self, dim, keepdim)

    @accepts_axis
    def var(
        self,
        dim: Any = None,
        unbiased: Any = None,
        keepdim: bool = False,
        *,
        correction: Any = None,
    ) -> Tensor:
        """The variance, divided by N - 1 unless correction (or unbiased=False) says otherwise."""
        return _F.var(self, dim, unbiased, keepdim, correction=correction)

    @accepts_axis
    def std(
        self,
        dim: Any = None,
        unbiased: Any = None,
        keepdim: bool = False,
        *,
        correction: Any = None,
    ) -> Tensor:
        """The standard deviation: the square root of var (same arguments)."""
        return _F.std(self, dim, unbiased, keepdim, correction=correction)

    @accepts_axis
    def logsumexp(self, dim: Any, keepdim: bool = False) -> Tensor:
        """log(sum(exp(self))) along `dim`, computed without overflow."""
        return _F.logsumexp(self, dim, keepdim)

    @accepts_axis
    def softmax(self, dim: int, dtype: Any = None) -> Tensor:
        """exp(self) / sum(exp(self)) along `dim`."""
        return _F.softmax(self, dim, dtype)

    @accepts_axis
    def log_softmax(self, dim: int, dtype: Any = None) -> Tensor:
        """log(softmax(self, dim)), computed without overflow."""
        return _F.log_softmax(self, dim, dtype)

    def norm(self, p: Any = "fro", dim: Any = None, keepdim: bool = False) -> Tensor:
        """The p-norm (2 by default: the square root of the sum of squares)."""
        return _F.norm(self, p, dim, keepdim)

    @accepts_axis
    def cumsum(self, dim: int, *, dtype: Any = None) -> Tensor:
        """Running sums along `dim`."""
        return _F.cumsum(self, dim, dtype=dtype)

    @accepts_axis
    def all(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        return _F.all(self, dim, keepdim)

    @accepts_axis
    def any(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        return _F.any(self, dim, keepdim)

    # shape: the same values, arranged differently

    def reshape(self, *shape: Any) -> Tensor:
        """The same values in a new shape: x.reshape(2, 3) or x.reshape((2, 3)); one size may be
        -1 (inferred)."""
        return _F.reshape(self, *shape)

    def reshape_as(self, other: Tensor) -> Tensor:
        return _F.reshape(self, *other.shape)

    def view(self, *shape: Any) -> Tensor:
        """reshape that always shares memory with self: x.view(2, 3) or x.view((2, 3))."""
        return _F.view(self, *shape)

    def view_as(self, other: Tensor) -> Tensor:
        return _F.view(self, *other.shape)

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        """Dims start_dim to end_dim merged into one."""
        return _F.flatten(self, start_dim, end_dim)

    @accepts_axis
    def squeeze(self, dim: Any = None) -> Tensor:
        """Without the dims of size 1 (all of them, or those in `dim`)."""
        return _F.squeeze(self, dim)

    @accepts_axis
    def unsqueeze(self, dim: int) -> Tensor:
        """With a new dim of size 1 at position `dim`."""
        return _F.unsqueeze(self, dim)

    def transpose(self, dim0: int, dim1: int) -> Tensor:
        """dims dim0 and dim1 swapped."""
        return _F.transpose(self, dim0, dim1)

    swapaxes = swapdims = transpose

    def t(self) -> Tensor:
        """The transpose of a matrix (a vector or a number is returned as it is)."""
        return _F.t(self)

    def permute(self, *dims: Any) -> Tensor:
        """The dims in a new order: x.permute(2, 0, 1) or x.permute((2, 0, 1))."""
        return _F.permute(self, *dims)

    def movedim(self, source: int, destination: int) -> Tensor:
        """Dim `source` moved to position `destination`, the others keeping their order."""
        return _F.movedim(self, source, destination)

    def expand(self, *sizes: Any) -> Tensor:
        """A view with size-1 dims repeated to `sizes` (-1 keeps a size), without copying."""
        return _F.expand(self, *sizes)

    def expand_as(self, other: Tensor) -> Tensor:
        return _F.expand(self, *other.shape)

    def repeat(self, *sizes: Any) -> Tensor:
        """The tensor tiled sizes[i] times along dim i (a copy, unlike expand)."""
        return _F.repeat(self, *sizes)

    def flip(self, *dims: Any) -> Tensor:
        """The order of the elements reversed along each dim in `dims` (x.flip(0, 1), or a
        list: x.flip([0, 1]))."""
        if not dims:
            raise TypeError('flip() missing 1 required positional arguments: "dims"')
        return _F.flip(self, dims[0] if len(dims) == 1 else dims)

    # selecting parts

    @accepts_axis
    def narrow(self, dim: int, start: int, length: int) -> Tensor:
        """self[..., start:start + length] along `dim` (a view)."""
        return _F.narrow(self, dim, start, length)

    @accepts_axis
    def select(self, dim: int, index: int) -> Tensor:
        """self[..., index] along `dim`, which disappears (a view)."""
        return _F.select(self, dim, index)

    @accepts_axis
    def unbind(self, dim: int = 0) -> tuple[Tensor, ...]:
        """Every slice along `dim`, as a tuple of views."""
        return _F.unbind(self, dim)

    def split(self, split_size_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
        """Pieces along `dim`: of equal size (an int), or of the sizes in a list."""
        return _F.split(self, split_size_or_sections, dim)

    @accepts_axis
    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        """`chunks` pieces of (nearly) equal size along `dim`."""
        return _F.chunk(self, chunks, dim)

    def masked_fill(self, mask: Tensor, value: Any) -> Tensor:
        """A copy with `value` wherever `mask` is True."""
        return _F.masked_fill(self, mask, value)

    @accepts_axis
    def gather(self, dim: int, index: Tensor, *, sparse_grad: bool = False) -> Tensor:
        """One element per entry of index, along dim: out[i][j] = self[i][index[i][j]] (dim=1)."""
        return _F.gather(self, dim, index)

    @accepts_axis
    def scatter(self, dim: int, index: Tensor, src: Any = None, *, value: Any = None) -> Tensor:
        """A copy with src (a tensor or a number) written at index along dim."""
        return _F.scatter(self, dim, index, src, value=value)

    @accepts_axis
    def scatter_add(self, dim: int, index: Tensor, src: Tensor) -> Tensor:
        """A copy with src's entries added at index along dim (repeated places add up)."""
        return _F.scatter_add(self, dim, index, src)

    # picking, ordering and arranging (picking.py, arranging.py, more_maths.py, linalg.py)

    @accepts_axis
    def tensor_split(self, indices_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
        """`n` nearly equal pieces, or the pieces between the given indices, along `dim`."""
        return _pick.tensor_split(self, indices_or_sections, dim)

    @accepts_axis
    def index_add(self, dim: int, index: Tensor, source: Tensor, *, alpha: Any = 1) -> Tensor:
        """A copy with alpha * source's slices added at index along dim (repeats add up)."""
        return _pick.index_add(self, dim, index, source, alpha=alpha)

    @accepts_axis
    def index_add_(self, dim: int, index: Tensor, source: Tensor, *, alpha: Any = 1) -> Tensor:
        """Add alpha * source's slices at index along dim, in place."""
        return self._update_in_place(
            lambda base: _pick.index_add(base, dim, index, source, alpha=alpha), source
        )

    @accepts_axis
    def index_select(self, dim: int, index: Tensor) -> Tensor:
        """The slices along `dim` at the positions in the 1-d `index`."""
        return _pick.index_select(self, dim, index)

    def take(self, index: Tensor) -> Tensor:
        """self.flatten()[index]."""
        return _pick.take(self, index)

    def masked_select(self, mask: Tensor) -> Tensor:
        """The elements where `mask` is True, as a 1-d tensor."""
        return _pick.masked_select(self, mask)

    @accepts_axis
    def sort(self, dim: int = -1, descending: bool = False, *, stable: bool | None = None) -> Any:
        """(values, indices) in order along `dim`."""
        return _pick.sort(self, dim, descending, stable=stable)

    @accepts_axis
    def argsort(self, dim: int = -1, descending: bool = False, *, stable: bool = False) -> Tensor:
        """The positions that sort `dim`."""
        return _pick.argsort(self, dim, descending, stable=stable)

    def msort(self) -> Tensor:
        return _pick.msort(self)

    @accepts_axis
    def topk(self, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:
        """The k largest (or smallest) values along `dim` and their positions."""
        return _pick.topk(self, k, dim, largest, sorted)

    def unfold(self, dimension: int, size: int, step: int) -> Tensor:
        """Every window of `size` elements along `dimension`, `step` apart, as a new last dim:
        x.unfold(0, 2, 1) of [0, 1, 2] is [[0, 1], [1, 2]] (a view)."""
        return _F.unfold(self, dimension, size, step)

    @accepts_axis
    def kthvalue(self, k: int, dim: int = -1, keepdim: bool = False) -> Any:
        """The k-th smallest value along dim (k from 1), and where it was."""
        return _pick.kthvalue(self, k, dim, keepdim)

    @accepts_axis
    def median(self, dim: Any = None, keepdim: bool = False) -> Any:
        """The lower middle value (with `dim`: values and indices)."""
        return _pick.median(self, dim, keepdim)

    def unique(
        self,
        sorted: bool = True,
        return_inverse: bool = False,
        return_counts: bool = False,
        dim: int | None = None,
    ) -> Any:
        return _pick.unique(self, sorted, return_inverse, return_counts, dim)

    def bincount(self, weights: Tensor | None = None, minlength: int = 0) -> Tensor:
        return _pick.bincount(self, weights, minlength)

    def count_nonzero(self, dim: Any = None) -> Tensor:
        return _pick.count_nonzero(self, dim)

    def nonzero(self, *, as_tuple: bool = False) -> Any:
        return _pick.nonzero(self, as_tuple=as_tuple)

    def argwhere(self) -> Tensor:
        return _pick.argwhere(self)

    def tril(self, diagonal: int = 0) -> Tensor:
        """The lower triangle (zeros above diagonal `diagonal`)."""
        return _arrange.tril(self, diagonal)

    def triu(self, diagonal: int = 0) -> Tensor:
        """The upper triangle (zeros below diagonal `diagonal`)."""
        return _arrange.triu(self, diagonal)

    def tril_(self, diagonal: int = 0) -> Tensor:
        return self._update_in_place(lambda base: _arrange.tril(base, diagonal))

    def triu_(self, diagonal: int = 0) -> Tensor:
        return self._update_in_place(lambda base: _arrange.triu(base, diagonal))

    def diag(self, diagonal: int = 0) -> Tensor:
        return _arrange.diag(self, diagonal)

    def diagonal(self, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
        return _arrange.diagonal(self, offset, dim1, dim2)

    def diag_embed(self, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
        return _arrange.diag_embed(self, offset, dim1, dim2)

    def roll(self, shifts: Any, dims: Any = None) -> Tensor:
        """Elements shifted along dims, wrapping around."""
        return _arrange.roll(self, shifts, dims)

    @accepts_axis
    def cumprod(self, dim: int, *, dtype: Any = None) -> Tensor:
        """Running products along `dim`."""
        return _arrange.cumprod(self, dim, dtype=dtype)

    def diff(self, n: int = 1, dim: int = -1, prepend: Any = None, append: Any = None) -> Tensor:
        """Differences of neighbours along `dim`."""
        return _arrange.diff(self, n, dim, prepend, append)

    def unflatten(self, dim: int, sizes: Any) -> Tensor:
        """Dim `dim` split into several of `sizes`."""
        return _arrange.unflatten(self, dim, sizes)

    def asinh(self) -> Tensor:
        return _maths.asinh(self)

    arcsinh = asinh

    def acosh(self) -> Tensor:
        return _maths.acosh(self)

    arccosh = acosh

    def atanh(self) -> Tensor:
        return _maths.atanh(self)

    arctanh = atanh

    def exp2(self) -> Tensor:
        return _maths.exp2(self)

    def deg2rad(self) -> Tensor:
        return _maths.deg2rad(self)

    def rad2deg(self) -> Tensor:
        return _maths.rad2deg(self)

    def logit(self, eps: float | None = None) -> Tensor:
        return _maths.logit(self, eps)

    def sgn(self) -> Tensor:
        return _maths.sgn(self)

    def frac(self) -> Tensor:
        return _maths.frac(self)

    def nan_to_num(
        self, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None
    ) -> Tensor:
        return _maths.nan_to_num(self, nan, posinf, neginf)

    def atan2(self, other: Tensor) -> Tensor:
        return _maths.atan2(self, other)

    arctan2 = atan2

    def hypot(self, other: Tensor) -> Tensor:
        return _maths.hypot(self, other)

    def logaddexp(self, other: Tensor) -> Tensor:
        return _maths.logaddexp(self, other)

    def xlogy(self, other: Any) -> Tensor:
        return _maths.xlogy(self, other)

    def lerp(self, end: Tensor, weight: Any) -> Tensor:
        return _maths.lerp(self, end, weight)

    def addcmul(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        return _maths.addcmul(self, tensor1, tensor2, value=value)

    def addcdiv(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        return _maths.addcdiv(self, tensor1, tensor2, value=value)

    @accepts_axis
    def nansum(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        return _maths.nansum(self, dim, keepdim, dtype=dtype)

    @accepts_axis
    def nanmean(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        return _maths.nanmean(self, dim, keepdim, dtype=dtype)

    def det(self) -> Tensor:
        return _linalg.det(self)

    def inverse(self) -> Tensor:
        return _linalg.inv(self)

    def cross(self, other: Tensor, dim: int | None = None) -> Tensor:
        return _linalg.torch_cross(self, other, dim)

    def dist(self, other: Tensor, p: Any = 2) -> Tensor:
        return _linalg.dist(self, other, p)

    # matrix products

    def mm(self, mat2: Tensor) -> Tensor:
        """Matrix times matrix."""
        return _F.mm(self, mat2)

    def mv(self, vec: Tensor) -> Tensor:
        """Matrix times vector."""
        return _F.mv(self, vec)

    def dot(self, other: Tensor) -> Tensor:
        """Vector · vector."""
        return _F.dot(self, other)

    inner = dot

    def outer(self, vec2: Tensor) -> Tensor:
        """The matrix of every self[i] * vec2[j]."""
        return _F.outer(self, vec2)

    ger = outer

    def matmul(self, other: Tensor) -> Tensor:
        """self @ other: dot, mv, mm or a batched product, by the inputs' dims."""
        return _F.matmul(self, other)

    def bmm(self, mat2: Tensor) -> Tensor:
        """A batch of matrix products: (b, n, m) @ (b, m, p)."""
        return _F.bmm(self, mat2)

    def trace(self) -> Tensor:
        """The sum of the diagonal."""
        return _F.trace(self)


def _elements_in(view: np.ndarray, base: np.ndarray) -> Positions:
    """Where each element of `view` (a NumPy view into `base`'s memory) sits in `base`: flat
    positions in the view's shape, worked out from the two arrays' addresses and strides."""
    if not base.flags.c_contiguous and view.size:  # results own contiguous memory; this is rare
        raise RuntimeError(
            "autograd_core cannot record an in-place change to this view of a tensor that "
            "requires grad. Write it out of place instead, e.g. `y = y * 2` rather than "
            "`v.mul_(2)`."
        )
    # as many numbers as the view has elements: the guard hears of them before they are made
    guard.check_numel(view.size, "a view's positions in its base")
    if view.size == 0:  # nothing to write: an empty index of the view's shape
        return Positions(np.zeros(view.shape, dtype=np.int64))
    start = view.__array_interface__["data"][0] - base.__array_interface__["data"][0]
    positions: Any = np.int64(start // base.itemsize)
    for axis, (size, stride) in enumerate(zip(view.shape, view.strides, strict=True)):
        if size > 1 and stride:  # (an axis of one element, or an expanded one, adds nothing)
            shape = [1] * view.ndim
            shape[axis] = size
            # broadcast sums: only the last few are as big as the view
            positions = positions + (np.arange(size) * (stride // base.itemsize)).reshape(shape)
    return Positions(np.broadcast_to(positions, view.shape))


# How PyTorch's messages about a gradient's dtype name it: C++'s name for the element type.
_C_NAMES = {
    "float32": "float",
    "float64": "double",
    "int64": "long int",
    "int32": "int",
    "int16": "short int",
    "int8": "signed char",
    "uint8": "unsigned char",
    "bool": "bool",
}


def _rebuild(data: np.ndarray, dtype_name: str, requires_grad: bool) -> Tensor:
    t = Tensor._make(data, getattr(dtypes, dtype_name if dtype_name != "bool" else "bool_"))
    t._requires_grad = requires_grad
    return t


# The operator fast paths: operands of these exact types need no conversion.
_FAST = frozenset({int, float, Tensor})

# --- The engine's one import cycle ----------------------------------------------------------------
# Every other engine module is built on the Tensor class above: ops/ makes tensors, graph nodes
# (function.py) hold them, torch_functions.py and creation.py take and return them, so they all
# import it at their top. Tensor's methods use those modules in turn, but only when they run: the
# modules are therefore imported here, once the class exists, and this is the only place in the
# engine where an import waits. For it to work, loading must start with this file:
# autograd_core/__init__.py imports it first.
from . import arranging as _arrange  # noqa: E402
from . import autograd, creation  # noqa: E402
from . import linalg as _linalg  # noqa: E402
from . import more_maths as _maths  # noqa: E402
from . import picking as _pick  # noqa: E402
from . import sampling as _sampling  # noqa: E402
from . import torch_functions as _F  # noqa: E402
from .creation import _random, _random_integers  # noqa: E402
from .function import AccumulateGrad  # noqa: E402
from .ops import _NO_PARAMS  # noqa: E402  (one shared empty params dict, never mutated)
from .ops import apply as _apply  # noqa: E402
from .ops import refill as _refill  # noqa: E402
from .ops.elementwise import scalar_pair as _scalar_pair  # noqa: E402
from .ops.elementwise import to_copy  # noqa: E402
from .ops.indexing import Positions, copy_slices, view_again  # noqa: E402

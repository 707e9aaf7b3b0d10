"""Graph nodes: what `tensor.grad_fn` is.

Every recorded operation leaves one `Node` behind. It knows the operation (its `primitive`), where
the gradient goes next (`next_functions`, a tuple of `(node, 0)` pairs, `(None, 0)` for inputs
that need no gradient), and the values the operation saved for its backward formula. Each
primitive gets its own subclass named as in PyTorch, so `y.grad_fn` prints as
`<MulBackward0 object at 0x...>` and `type(y.grad_fn).__name__ == "MulBackward0"`.

Leaves that require grad end their chains in an `AccumulateGrad` node whose `.variable` is the
leaf: the backward pass adds the arriving gradient to `variable.grad` there.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from . import dtypes
from .tensor import Tensor, wrap_scalar
from .utils.hooks import RemovableHandle

if TYPE_CHECKING:
    from .ops import Primitive

BACKWARD_TWICE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after "
    "they have already been freed). Saved intermediate values of the graph are freed when you call "
    ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
    "graph a second time or if you need to access saved tensors after calling backward."
)

# How a derivative's arguments are found (Derivative.plan in ops/__init__.py, read by
# Node.arguments): the incoming gradient, a parameter, an input's shape or dtype, every input's
# shape, or a value saved at record time.
GRAD, PARAM, SHAPE, DTYPE, SHAPES, SAVED = range(6)
GRAD_ONLY = ((GRAD, None),)  # the plan of a derivative that needs only the incoming gradient

# PyTorch runs the ready node with the highest sequence number first (the most recently recorded
# operation); we use the same rule so traces step through the graph in PyTorch's order.
_sequence = itertools.count()
ACCUMULATE_SEQUENCE_NR = 2**64 - 1  # AccumulateGrad always runs as soon as it is ready


class Node:
    """One recorded operation (PyTorch: a `grad_fn` object)."""

    __slots__ = (
        "__weakref__",
        "_constants",
        "_input_meta",
        "_output",
        "_params",
        "_post_hooks",
        "_pre_hooks",
        "_released",
        "_retains_grad",
        "_saved",
        "_sequence_nr",
        "next_functions",
    )

    primitive: ClassVar[Primitive]
    # Nodes whose backward is Python code (custom autograd.Function) set this: the engine then
    # hands them the gradients of all their outputs at once (see autograd/function.py).
    _python: ClassVar[bool] = False

    def name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object at {id(self):#x}>"

    @property
    def metadata(self) -> dict:
        return {}

    def register_prehook(self, hook: Callable) -> RemovableHandle:
        """`hook(grad_outputs) -> grad_outputs or None`, run before this node's backward.
        As in PyTorch it gets (and may return) a tuple, one gradient per output: here always
        one. (Tensor hooks share the list and take the gradient itself, hence the adapter.)"""
        if self._pre_hooks is None:
            self._pre_hooks = []

        def on_tuple(grad: Any) -> Any:
            new = hook((grad,))
            return None if new is None else new[0]

        self._pre_hooks.append(on_tuple)
        return RemovableHandle(self._pre_hooks, on_tuple)

    def register_hook(self, hook: Callable) -> RemovableHandle:
        """`hook(grad_inputs, grad_outputs) -> grad_inputs or None`, run after this node's
        backward: it sees (and may replace) the gradients the node sends to its inputs."""
        if self._post_hooks is None:
            self._post_hooks = []
        self._post_hooks.append(hook)
        return RemovableHandle(self._post_hooks, hook)

    # Saved values are readable as `grad_fn._saved_self`, `grad_fn._saved_exponent`, ... as in
    # PyTorch: one property per name on each primitive's node class (Primitive adds them, see
    # saved_property). Reading one after backward freed it raises PyTorch's "second time" error.
    # (Properties rather than a __getattr__: a class with __getattr__ makes every attribute read
    # of every node slower, and the engine reads node attributes in its innermost loops.)

    def saved_names(self) -> tuple[str, ...]:
        """Names of the values this node keeps for backward (tensors and numbers)."""
        return tuple(self._saved) + tuple(self._params)

    def unpack(self, key: str) -> Any:
        """A saved value for the backward formula, checked against in-place changes."""
        if key in self._params:  # numbers and shapes are kept, like PyTorch's saved sizes
            return self._params[key]
        if self._released:
            raise RuntimeError(BACKWARD_TWICE)
        value, version = self._saved[key]
        if version is not None and value._vc[0] != version:
            raise RuntimeError(_modified_message(value, version, self if key == "result" else None))
        return value

    def arguments(
        self, plan: tuple, grad: Any, raw: bool = False, unpack: Callable | None = None
    ) -> list[Any]:
        """The values a derivative asks for (see the vocabulary in ops/__init__.py); with `raw`,
        saved tensors as their NumPy arrays (for a derivative's raw rule). `unpack(key)` gives
        the saved values instead of the node's own (a backward trace's copies of them)."""
        if unpack is None:
            unpack = self.unpack
        args = []
        for kind, key in plan:
            if kind == GRAD:
                args.append(grad)
            elif kind == SAVED:
                if raw:
                    value = unpack(key)
                    args.append(getattr(value, "_data", value))  # a Python number stays one
                else:
                    args.append(unpack(key))
            elif kind == PARAM:
                args.append(self._params[key])
            elif kind == SHAPE:
                args.append(self._input_meta[key][0])
            elif kind == DTYPE:
                args.append(self._input_meta[key][1])
            else:  # SHAPES
                args.append(tuple(m[0] for m in self._input_meta))
        return args

    def unpack_for_display(self, key: str) -> Any:
        if key in self._params:
            value = self._params[key]
            return value
        if key not in self._saved:
            return None  # not needed for the inputs that require grad, so never saved
        value = self.unpack(key)
        if not hasattr(value, "_vc"):
            # A Python number PyTorch kept as a "wrapped number": 2.0 is a double there
            # (`tensor(2., dtype=torch.float64)`), 2 an int64, True a bool.
            if type(value) is float:
                return Tensor._make(np.asarray(value, dtype=np.float64), dtypes.float64)
            return wrap_scalar(value)
        if key == "result":
            # PyTorch keeps a saved output without its grad_fn (a strong reference back to the
            # node would be a cycle) and rebuilds a Tensor on every read: a new object sharing
            # the data, so `y.grad_fn._saved_result is y` is False, as there.
            return value._alias(self)
        return value

    def release(self) -> None:
        """Free the saved tensors, as PyTorch does after backward without retain_graph.
        The names stay, so reading one afterwards raises PyTorch's error instead of None."""
        if self._saved:
            self._saved = dict.fromkeys(self._saved)
        self._released = True


def saved_property(key: str) -> property:
    """`grad_fn._saved_<key>`: the value the node saved as `key` (None if it saved none)."""
    return property(lambda node: node.unpack_for_display(key))


def _modified_message(tensor: Tensor, expected: int, producer: Node | None) -> str:
    shape = ", ".join(str(s) for s in tensor.shape)
    what = f"[torch.{tensor.dtype.tensor_type} [{shape}]]"
    node = producer if producer is not None else tensor.grad_fn
    if node is not None and not isinstance(node, AccumulateGrad):
        op = re.sub(r"Backward\d*$", "", node.name())
        what += f", which is output 0 of {op},"
    return (
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: {what} is at version {tensor._vc[0]}; expected version {expected} instead. "
        "Hint: enable anomaly detection to find the operation that failed to compute its "
        "gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
    )


class AccumulateGrad:
    """The end of a chain: adds the gradient that arrives into `variable.grad`."""

    __slots__ = ("__weakref__", "_pre_hooks", "_sequence_nr", "variable")

    next_functions: tuple = ()
    _released = False
    _python = False

    def __init__(self, variable: Tensor) -> None:
        self.variable = variable
        self._sequence_nr = ACCUMULATE_SEQUENCE_NR
        self._pre_hooks = None

    def name(self) -> str:
        return "torch::autograd::AccumulateGrad"

    def __repr__(self) -> str:
        return f"<AccumulateGrad object at {id(self):#x}>"

    @property
    def metadata(self) -> dict:
        return {}

    def saved_names(self) -> tuple[str, ...]:
        return ()

    register_prehook = Node.register_prehook


def new_sequence_nr() -> int:
    return next(_sequence)

"""Custom autograd functions: `torch.autograd.Function`, as in "Extending PyTorch".

Subclass Function and write `forward` and `backward` as static methods; call it with `.apply`:

    >>> class Exp(Function):
    ...     @staticmethod
    ...     def forward(ctx, i):
    ...         result = i.exp()
    ...         ctx.save_for_backward(result)
    ...         return result
    ...     @staticmethod
    ...     def backward(ctx, grad_output):
    ...         (result,) = ctx.saved_tensors
    ...         return grad_output * result
    >>> y = Exp.apply(tensor([1.0], requires_grad=True))
    >>> y
    tensor([2.7183], grad_fn=<ExpBackward>)

How it fits the engine. Every subclass gets a graph-node class of its own, named
`<Name>Backward` (no trailing 0: PyTorch numbers only its built-in nodes). One object of that
class is both the `ctx` that forward and backward receive and, when the call is recorded, the
`grad_fn` of the outputs, exactly as in PyTorch. Forward runs with recording off, so whatever it
computes is one node in the graph; the engine later calls backward with the gradient of every
output at once (a node with several outputs is the one thing built-in nodes never are).
Backward runs in the grad mode the engine sets (`create_graph`): written with tensor operations,
it is recorded and can be differentiated again, which is how double backward works here.
"""

from __future__ import annotations

import functools
import inspect
import warnings
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import guard
from ..function import BACKWARD_TWICE, Node, _modified_message, new_sequence_nr
from ..grad_mode import _enabled
from ..ops import CANNOT_SAVE_INFERENCE, sum_to
from ..tensor import Tensor
from ..utils.hooks import RemovableHandle

__all__ = ["BackwardCFunction", "Function", "FunctionCtx", "InplaceFunction", "once_differentiable"]


class FunctionCtx:
    """What `forward` can tell `backward` through `ctx` (any other attribute works too:
    `ctx.constant = 2`)."""

    def save_for_backward(self, *tensors: Tensor | None) -> None:
        """Keep tensors for backward, where `ctx.saved_tensors` returns them. Saved this way
        (rather than as `ctx.x = x`) they are checked for in-place changes and freed after
        backward, as every saved value in the graph is."""
        self.to_save = tensors

    def mark_dirty(self, *tensors: Tensor) -> None:
        """Declare inputs that forward modified in place (and returns): they become outputs."""
        self.dirty_tensors = tensors

    def mark_non_differentiable(self, *tensors: Tensor) -> None:
        """Declare outputs that have no gradient (indices, masks): they don't require grad, and
        backward still receives a (zero) gradient for each."""
        self.non_differentiable = tensors

    def set_materialize_grads(self, value: bool) -> None:
        """With False, backward receives None (not zeros) for outputs that got no gradient."""
        self.materialize_grads = value


class _PythonNode(Node):
    """A graph node whose backward is Python code. The engine gives it one list of gradients,
    one per output (`_pre`, then `_backward`), rather than a registry formula per input."""

    _python = True
    _n_outputs = 1

    def __repr__(self) -> str:
        return f"<torch.autograd.function.{type(self).__name__} object at {id(self):#x}>"

    def _init_node(self) -> None:
        self.next_functions = ()
        self._sequence_nr = new_sequence_nr()
        self._pre_hooks = None  # register_prehook: hook(grad_outputs)
        self._post_hooks = None  # register_hook: hook(grad_inputs, grad_outputs)
        self._retains_grad = None
        self._released = False
        self._saved = {}
        self._params = {}
        self._output = None
        self._hooks_per_output: dict[int, list] = {}
        self._retained: dict[int, weakref.ref] = {}

    def register_prehook(self, hook: Callable) -> RemovableHandle:
        """`hook(grad_outputs) -> grad_outputs or None`, before backward runs."""
        if self._pre_hooks is None:
            self._pre_hooks = []
        self._pre_hooks.append(hook)
        return RemovableHandle(self._pre_hooks, hook)

    def _tensor_hooks(self, output_nr: int) -> list:
        """The hooks registered with `tensor.register_hook` on output `output_nr`."""
        return self._hooks_per_output.setdefault(output_nr, [])

    def _retain(self, tensor: Tensor) -> None:
        self._retained[tensor._output_nr] = weakref.ref(tensor)

    def _hookless(self) -> bool:
        """No hook and no retain_grad on the node or its outputs: the engine's plain loop may
        run it (engine._python_outputs)."""
        return (
            self._pre_hooks is None
            and self._post_hooks is None
            and not self._hooks_per_output
            and not self._retained
        )

    def _pre(self, grads: list) -> list:
        """Each output's tensor hooks and retain_grad, then the node's own pre-hooks."""
        for nr, hooks in self._hooks_per_output.items():
            for hook in list(hooks):
                if grads[nr] is not None:
                    new = hook(grads[nr])
                    if new is not None:
                        grads[nr] = new
        for nr, ref in self._retained.items():
            tensor = ref()
            if tensor is not None and grads[nr] is not None:
                g = grads[nr].detach()
                tensor._grad = g.clone() if tensor._grad is None else tensor._grad + g
        for hook in list(self._pre_hooks or ()):
            new = hook(tuple(grads))
            if new is not None:
                grads = list(new)
        return grads

    def _backward(self, grads: list) -> list:
        raise NotImplementedError

    def release(self) -> None:
        self._released = True


class BackwardCFunction(_PythonNode, FunctionCtx):
    """The node (and ctx) of one call of a custom Function; subclassed once per Function as
    `<Name>Backward`."""

    _forward_cls: type[Function]

    def name(self) -> str:
        return type(self).__name__

    @property
    def saved_tensors(self) -> tuple[Tensor | None, ...]:
        """The tensors given to save_for_backward, checked against in-place changes since."""
        if self._released:
            raise RuntimeError(BACKWARD_TWICE)
        saved = self.__dict__.get("_saved_tensors")
        if saved is None:  # not recorded (grad mode off): what was handed over, unchecked
            return tuple(getattr(self, "to_save", ()))
        return tuple([self._unpack(entry) for entry in saved])

    saved_variables = saved_tensors

    def _unpack(self, entry: Any) -> Tensor | None:
        if entry is None:
            return None
        tensor, version, is_output = entry
        if tensor._vc[0] != version:
            raise RuntimeError(_modified_message(tensor, version, self if is_output else None))
        # A saved output comes back as a new Tensor object, as in PyTorch (see _saved_result).
        return tensor._alias(self) if is_output else tensor

    def _backward(self, grads: list) -> list:
        cls = self._forward_cls
        given = tuple(grads)
        if self.materialize_grads and any([g is None for g in grads]):
            grads = [
                Tensor._make(np.zeros(shape, dtype.numpy), dtype)
                if g is None and dtype is not None  # (None stays None for a non-tensor output)
                else g
                for g, (shape, dtype) in zip(grads, self._output_meta)
            ]
        result = cls._backward_fn()(self, *grads)
        if not isinstance(result, tuple):
            result = (result,)
        expected = len(self._arg_is_tensor)
        if len(result) > expected and all(g is None for g in result[expected:]):
            result = result[:expected]  # extra Nones are allowed, as in PyTorch
        if len(result) != expected:
            raise RuntimeError(
                f"function {self.name()} returned an incorrect number of gradients "
                f"(expected {expected}, got {len(result)})"
            )
        out = []
        for position, (g, is_tensor) in enumerate(zip(result, self._arg_is_tensor)):
            if not is_tensor:
                if g is not None:
                    raise RuntimeError(
                        f"function {self.name()} returned a gradient different than None at "
                        f"position {position + 1}, but the corresponding forward input was not a "
                        "Variable"
                    )
                continue
            out.append(self._checked(g, len(out)))
        if self._post_hooks is not None:
            for hook in list(self._post_hooks):
                new = hook(tuple(out), given)
                if new is not None:
                    out = list(new)
        return out

    def _checked(self, grad: Any, index: int) -> Tensor | None:
        """PyTorch's validation of a gradient returned for input `index`: summed back to the
        input's shape when it broadcasts to it, cast to the input's dtype."""
        if self.next_functions[index][0] is None or grad is None:
            return None
        if not isinstance(grad, Tensor):
            raise RuntimeError(f"expected Variable or None (got {type(grad).__name__})")
        shape, dtype = self._input_meta[index]
        if grad._data.shape != shape:
            try:
                expandable = np.broadcast_shapes(shape, grad.shape) == tuple(grad.shape)
            except ValueError:
                expandable = False
            if not expandable:
                raise RuntimeError(
                    f"Function {self.name()} returned an invalid gradient at index {index} - got "
                    f"[{', '.join(map(str, grad.shape))}] but expected shape compatible with "
                    f"[{', '.join(map(str, shape))}]"
                )
            grad = sum_to(grad, shape)
        if grad._dtype is not dtype:
            grad = grad.to(dtype)
        return grad

    def release(self) -> None:
        self._released = True
        if "_saved_tensors" in self.__dict__:
            self._saved_tensors = ()


class _FunctionMeta(type):
    """Gives every Function subclass its node class, `<Name>Backward`."""

    def __init__(cls, name: str, bases: tuple, attrs: dict) -> None:
        node = type(f"{name}Backward", (BackwardCFunction,), {"_forward_cls": cls})
        node.__module__ = "torch.autograd.function"
        cls._backward_cls = node
        super().__init__(name, bases, attrs)


class Function(metaclass=_FunctionMeta):
    """Base class for operations with a hand-written backward (see the module docstring)."""

    _backward_cls: type[BackwardCFunction]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        warnings.warn(
            f"{self.__class__} should not be instantiated. Methods on autograd functions are all "
            "static, so you should invoke them on the class itself. Instantiating an autograd "
            "function will raise an error in a future version of PyTorch.",
            DeprecationWarning,
            stacklevel=2,
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. Please use "
            "new-style autograd function with static forward method. (Example: "
            "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)"
        )

    @staticmethod
    def forward(*args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(
            "You must implement the forward function for custom autograd.Function."
        )

    @staticmethod
    def setup_context(ctx: Any, inputs: tuple, output: Any) -> None:
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx: Any, *grad_outputs: Any) -> Any:
        raise NotImplementedError(
            "You must implement either the backward or vjp method for your custom "
            "autograd.Function to use it with backward mode AD."
        )

    vjp = backward

    @classmethod
    def _backward_fn(cls) -> Callable:
        """backward, or vjp (its other name) when only that one is written."""
        if cls.backward is Function.backward and cls.vjp is not Function.vjp:
            return cls.vjp
        return cls.backward

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        """Run forward (not recorded) and, if any tensor argument requires grad and grad mode
        is on, make one `<Name>Backward` node the grad_fn of the outputs."""
        separate = cls.setup_context is not Function.setup_context
        if separate:  # forward(*args) plus setup_context(ctx, inputs, output): PyTorch 2 style
            bound = inspect.signature(cls.forward).bind(*args, **kwargs)
            bound.apply_defaults()
            args, kwargs = bound.args, {}
        elif kwargs:  # apply(x=x): arguments given by name are inputs too
            bound = inspect.signature(cls.forward).bind(None, *args, **kwargs)
            args, kwargs = bound.args[1:], bound.kwargs
        node_class = cls._backward_cls
        ctx = node_class.__new__(node_class)
        ctx._init_node()
        ctx.to_save = ()
        ctx.dirty_tensors = ()
        ctx.non_differentiable = ()
        ctx.materialize_grads = True
        needs = ctx.needs_input_grad = tuple(
            [isinstance(a, Tensor) and a._requires_grad for a in args]
        )
        recorded = _enabled.get() and any(needs)
        token = _enabled.set(False)  # (forward is not recorded)
        try:
            if separate:
                output = cls.forward(*args)
                cls.setup_context(ctx, args, output)
            else:
                output = cls.forward(ctx, *args, **kwargs)
        finally:
            _enabled.reset(token)
        if not recorded:
            return output
        return _record(ctx, args, output)


def _record(node: BackwardCFunction, args: tuple, output: Any) -> Any:
    """Make `node` the grad_fn of forward's tensor outputs (a single tensor or a tuple; a list
    is returned untouched, as PyTorch does)."""
    is_tuple = isinstance(output, tuple)
    outputs = output if is_tuple else (output,)
    # (list comprehensions, not generators, and no sets for nothing: a training loop records
    # its custom Function on every pass)
    tensors = [a for a in args if isinstance(a, Tensor)]
    node._arg_is_tensor = tuple([isinstance(a, Tensor) for a in args])
    node.next_functions = tuple(
        [
            (t.grad_fn or t._accumulator(), t._output_nr) if t._requires_grad else (None, 0)
            for t in tensors
        ]
    )
    node._input_meta = tuple([(t._data.shape, t._dtype) for t in tensors])
    dirty = {id(t) for t in node.dirty_tensors} if node.dirty_tensors else ()
    frozen = {id(t) for t in node.non_differentiable} if node.non_differentiable else ()
    inputs = {id(t) for t in tensors}
    results, meta, raw = [], [], {}
    for nr, out in enumerate(outputs):
        if not isinstance(out, Tensor):
            results.append(out)
            meta.append(((), None))
            continue
        raw[id(out)] = nr
        if id(out) in dirty:
            if out._requires_grad and out.grad_fn is None:
                raise RuntimeError(
                    "a leaf Variable that requires grad has been used in an in-place operation."
                )
            result = out
        elif id(out) in inputs:  # an input handed back: the output is a view of it
            result = Tensor._make(out._data, out._dtype)
            result._base = out._base if out._base is not None else out
            result._vc = out._vc
        else:
            result = out
        if id(out) not in frozen and out._dtype.is_floating_point:
            result.grad_fn = node
            result._requires_grad = True
            result._output_nr = nr
        meta.append((out._data.shape, out._dtype))
        results.append(result)
    node._n_outputs = len(outputs)
    if len(results) == 1 and isinstance(results[0], Tensor):  # (as a registry node keeps it:
        node._output = weakref.ref(results[0])  # for whoever draws the graph, never owning it)
    node._output_meta = tuple(meta)  # ((), None) for an output that is not a tensor
    node._saved_tensors = tuple([_save(t, raw, results) for t in node.to_save])
    node.to_save = None  # (PyTorch too: from here on only saved_tensors has them)
    g = guard.active.get()
    if g is not None:
        g.count_node()
    return tuple(results) if is_tuple else results[0]


def _save(tensor: Any, outputs: dict[int, int], results: list) -> Any:
    """One entry of save_for_backward: (tensor, version, is it an output of this call)."""
    if tensor is None:
        return None
    if not isinstance(tensor, Tensor):
        raise TypeError(
            "save_for_backward can only save variables, but argument 0 is of type "
            f"{type(tensor).__name__}"
        )
    if tensor._inference:
        raise RuntimeError(CANNOT_SAVE_INFERENCE)
    nr = outputs.get(id(tensor))
    if nr is not None:
        tensor = results[nr]
    return (tensor, tensor._vc[0], nr is not None)


class InplaceFunction(Function):
    """A Function with an `inplace` flag (kept for code written against older PyTorch)."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace


# --- once_differentiable ---------------------------------------------------------------------

_TWICE = "trying to differentiate twice a function that was marked with @once_differentiable"


class _DelayedError(_PythonNode):
    """Stands where a once-differentiable backward's graph would be: differentiating through
    it raises, instead of silently giving a wrong (missing) second derivative."""

    def name(self) -> str:
        return "Error"

    def __repr__(self) -> str:
        return f"<Error object at {id(self):#x}>"

    def _backward(self, grads: list) -> list:
        raise RuntimeError(_TWICE)


_DelayedError.__name__ = _DelayedError.__qualname__ = "Error"


def once_differentiable(fn: Callable) -> Callable:
    """Decorate a backward that is not itself differentiable: it runs with recording off, and
    if a second derivative is then asked for through it, PyTorch's error is raised."""

    @functools.wraps(fn)
    def wrapper(ctx: Any, *args: Any) -> Any:
        previous = _enabled.get()
        _enabled.set(False)
        try:
            outputs = fn(ctx, *args)
        finally:
            _enabled.set(previous)
        if not previous or not any(isinstance(a, Tensor) and a._requires_grad for a in args):
            return outputs
        is_tuple = isinstance(outputs, tuple)
        node = _DelayedError.__new__(_DelayedError)
        node._init_node()
        wrapped, edges = [], []
        for out in outputs if is_tuple else (outputs,):
            if isinstance(out, Tensor):
                # As in PyTorch, the node hangs off stand-in leaves, so that a backward pass
                # through it reaches it (and raises) rather than finding nothing to do.
                stand_in = Tensor._make(out._data, out._dtype)
                stand_in._requires_grad = True
                edges.append((stand_in._accumulator(), 0))
                out = Tensor._make(out._data, out._dtype)
                out.grad_fn = node
                out._requires_grad = True
                out._output_nr = len(wrapped)
            wrapped.append(out)
        node.next_functions = tuple(edges)
        node._n_outputs = len(wrapped)
        return tuple(wrapped) if is_tuple else wrapped[0]

    return wrapper

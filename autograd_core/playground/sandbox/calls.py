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

import functools
import math
from typing import Any

import numpy as np

from autograd_core.tensor import Tensor

from .access import PLAIN_VALUES
from .classes import EngineInit, is_user_class, is_user_instance, own_names
from .errors import SnippetError
from .functions import ACTIVE, BoundMethod, CallbackAbort, UserFunction
from .safe_methods import SAFE_METHODS
from .values import Function, Method, describe


class EngineCallback:
    """A torch function handed to the engine as a callback (`jacobian(torch.sin, x)`), or the
    `apply` of the snippet's custom Function (`gradcheck(LinearFunction.apply, inputs)`): the
    engine calls it through the interpreter, with the same argument checks as a snippet's call."""

    __slots__ = ("function",)

    def __init__(self, function: Function | Method) -> None:
        self.function = function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        interp = ACTIVE.get()
        if interp is None:
            raise SnippetError(f"{self.function.name} can only be called back during a run",
                               kind="unsupported")  # fmt: skip
        try:
            return interp.call(self.function, list(args), kwargs)
        except SnippetError as error:
            raise CallbackAbort(error) from None


_MATMUL = frozenset({"matmul", "mm", "bmm", "mv"})
_LR_LAMBDA_TAKERS = ("LambdaLR", "MultiplicativeLR")
# Engine calls that take a function the engine calls back: its keyword and its position.
MODULE_HOOKS = (
    "register_forward_hook",
    "register_forward_pre_hook",
    "register_full_backward_hook",
    "register_full_backward_pre_hook",
)
CALLBACK_TAKERS = {
    "register_hook": ("hook", 0),
    "register_post_accumulate_grad_hook": ("hook", 0),
    **dict.fromkeys(MODULE_HOOKS, ("hook", 0)),
    "step": ("closure", 0),  # (of an optimizer)
    "apply": ("fn", 0),  # (of a module: d2l's net.apply(init_weights))
    # LambdaLR(optimizer, lr_lambda), MultiplicativeLR too: one function or a list
    **dict.fromkeys(_LR_LAMBDA_TAKERS, ("lr_lambda", 1)),
    **dict.fromkeys(("jacobian", "hessian", "vjp", "jvp", "hvp", "vhp"), ("func", 0)),
    **dict.fromkeys(("gradcheck", "gradgradcheck"), ("func", 0)),
}
# What a function handed to each of them looks like, for the message when it is not one.
_CALLBACK_EXAMPLES = {
    "register_forward_hook": "lambda module, inputs, output: print(output.shape)",
    "register_forward_pre_hook": "lambda module, inputs: print(inputs[0].shape)",
    "register_full_backward_hook": "lambda module, grad_input, grad_output: print(grad_output)",
    "register_full_backward_pre_hook": "lambda module, grad_output: print(grad_output)",
    "LambdaLR": "lambda epoch: 0.95 ** epoch",
    "MultiplicativeLR": "lambda epoch: 0.95",
    **dict.fromkeys(
        ("jacobian", "hessian", "vjp", "jvp", "hvp", "vhp", "gradcheck", "gradgradcheck"),
        "lambda x: (x ** 2).sum(), or MyFunction.apply",
    ),
    "step": "a closure that computes the loss, calls loss.backward() and returns the loss",
    "apply": "def init_weights(m): ... that sets up one layer m",
    "register_post_accumulate_grad_hook": "lambda p: p.add_(p.grad, alpha=-0.01)",
}
_UNKNOWN = object()
_ENGINE_KINDS = frozenset({"function", "class"})  # Function kinds that call_engine handles
# Engine operations whose output size the guard does not see before it is allocated.
_BROADCASTING = frozenset({"where", "masked_fill", "masked_fill_", "isclose", "allclose"})
# Method names engine_arguments or call_method do more for than check the arguments.
_NOT_PLAIN = frozenset({*CALLBACK_TAKERS, *_MATMUL, *_BROADCASTING, "tolist", "set_printoptions"})


class CallMixin:
    """Part of Interpreter: calling things."""

    def call(self, func: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
        kind = type(func)
        if kind is Method:  # the commonest call in a training loop: loss.backward(), x.pow(2)
            return self.call_method(func, args, kwargs)
        if kind is Function and func.kind in _ENGINE_KINDS:
            return self.call_engine(func, args, kwargs)
        if kind is UserFunction:
            return self.call_user(func, args, kwargs)
        if isinstance(func, UserFunction):
            return self.call_user(func, args, kwargs)
        if isinstance(func, BoundMethod):
            return self.call_user(func.function, [func.obj, *args], kwargs)
        if isinstance(func, Function):
            if func.kind == "typeof":
                raise SnippetError(
                    "calling what type(x) gives is not supported here: call the class by its "
                    "name, as in nn.Linear(2, 3)",
                    kind="unsupported",
                )
            if func.kind in ("builtin", "type", "exception"):
                return func.fn(self, args, kwargs)
            return self.call_engine(func, args, kwargs)
        if isinstance(func, Method):
            return self.call_method(func, args, kwargs)
        if isinstance(func, EngineInit):
            return self.call_engine_init(func, args, kwargs)
        if is_user_class(func):  # building an instance runs its __init__ (a UserFunction)
            args, kwargs = self.engine_arguments("__init__", args, kwargs)
            return func(*args, **kwargs)
        if _is_model(func):
            return self.call_model(func, args, kwargs)
        if is_user_instance(func) and "__call__" in own_names(type(func)):
            return self.call(func.__call__, args, kwargs)
        raise TypeError(f"'{describe(func)}' object is not callable")

    def call_model(self, model: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """`model(x)`, `loss_fn(y_pred, y)`: an nn.Module called, through its own call
        machinery (call()'s choice for a module, for a caller that knows the type already)."""
        args, kwargs = self.engine_arguments("forward", args, kwargs)
        return model(*args, **kwargs)

    def plain_engine_method(self, kind: type, name: str) -> bool:
        """Is `obj.name(...)` on an object of type `kind` a call of an allow-listed engine
        method that needs nothing but engine_arguments' clock look and argument checks (no
        bounded version, no callback argument, no size to estimate first)? What handlers.py
        may then call directly for that type."""
        rule = self.rules_by_type.get(kind)
        return (
            rule is not None
            and name not in rule[0]
            and name in rule[1]
            and self.method_tables.get((kind, name), _UNKNOWN) is None
            and name not in _NOT_PLAIN
        )

    def call_engine(self, func: Function, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """An allow-listed torch function or class: torch.sin(x), nn.Linear(1, 1)."""
        name = func.name.rsplit(".", 1)[-1]
        args, kwargs = self.engine_arguments(name, args, kwargs)
        if name == "set_printoptions":
            self.check_printoptions(args, kwargs)
        return func.fn(*args, **kwargs)

    def call_method(self, func: Method, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """A method of a value: bounded str/list/dict methods, or an allow-listed engine one
        (which of the two is decided once per type and name)."""
        obj, name = func.obj, func.name
        key = (type(obj), name)
        safe = self.method_tables.get(key, _UNKNOWN)
        if safe is _UNKNOWN:
            safe = self.method_tables[key] = SAFE_METHODS.get((_family(obj), name))
        if safe is not None:
            return safe(self, obj, args, kwargs)
        args, kwargs = self.engine_arguments(name, args, kwargs, obj)
        if name == "tolist" and isinstance(obj, Tensor):
            # as many numbers, or (empty) as many lists: a (10**6, 0) tensor is a million []
            # (read from the array: a lazy layer's weight refuses numel(), as tolist() will)
            self.budget.charge_items(max(obj._data.size, math.prod(obj._data.shape[:-1])))
        return getattr(obj, name)(*args, **kwargs)

    def callback(self, name: str, value: Any) -> Any:
        """An argument of an engine call that the engine will call: a function of the
        snippet's (called back in this run), or a torch function; nothing else."""
        if isinstance(value, UserFunction | BoundMethod) or is_user_instance(value):
            return value
        if isinstance(value, Function) and value.kind in ("function", "class"):
            return EngineCallback(value)
        if isinstance(value, Method) and value.name == "apply" and is_user_class(value.obj):
            return EngineCallback(value)  # MyFunction.apply
        what = "hooks need" if "hook" in name else f"{name}() needs"
        example = _CALLBACK_EXAMPLES.get(name, "lambda grad: print(grad)")
        raise SnippetError(
            f"{what} a function you define here, e.g. {example}; "
            f"{describe(value)} objects cannot be called back by torch",
            kind="unsupported",
        )

    def callbacks(self, name: str, value: Any) -> Any:
        """callback() of a function, or of each function of a list (LambdaLR and
        MultiplicativeLR take one per parameter group)."""
        if name in _LR_LAMBDA_TAKERS and isinstance(value, list | tuple):
            self.budget.charge_items(len(value))
            return [self.callback(name, v) for v in value]
        return self.callback(name, value)

    def engine_arguments(
        self, name: str, args: list[Any], kwargs: dict[str, Any], obj: Any = None
    ) -> tuple[list[Any], dict[str, Any]]:
        """Check (and where needed convert) the arguments of an engine call named `name`.
        Every engine call passes here: it looks at the clocks first (an interpreter step is
        cheap, an engine call need not be)."""
        self.budget.check_clocks()
        taker = CALLBACK_TAKERS.get(name)
        if taker is not None and _takes_callback(name, obj):
            keyword, position = taker
            if len(args) > position:
                args = [
                    *args[:position],
                    self.callbacks(name, args[position]),
                    *args[position + 1 :],
                ]
            elif kwargs.get(keyword) is not None:
                kwargs = {**kwargs, keyword: self.callbacks(name, kwargs[keyword])}
        check = self.check_argument
        for arg in args:
            if type(arg) not in PLAIN_VALUES:  # (a plain value is handed on as it is)
                args = [check(a) for a in args]
                break
        if kwargs:
            kwargs = {k: check(v) for k, v in kwargs.items()}
        if name not in _MATMUL and name not in _BROADCASTING:
            return args, kwargs
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
    """Which bounded method table applies: str, list, dict, set, tuple, range (subclasses
    included: torch.Size and x.max(dim=0)'s (values, indices) are tuples)."""
    for family in (str, list, dict, set, tuple, range):
        if isinstance(obj, family):
            return family
    return None


def _takes_callback(name: str, obj: Any) -> bool:
    """`step` takes a closure on an optimizer (a scheduler's takes none), `apply` a function on a
    module (MyFunction.apply takes the Function's inputs)."""
    if name == "step":
        return _is_optimizer(obj)
    if name == "apply":
        return isinstance(obj, _module_class())
    return True


@functools.cache
def _module_class() -> type:
    from autograd_core.nn import Module

    return Module


def _is_optimizer(obj: Any) -> bool:
    return isinstance(obj, _optimizer_class())


@functools.cache
def _optimizer_class() -> type:
    """optim.Optimizer, imported once (`optimizer.step()` runs on every pass of a loop)."""
    from autograd_core.optim import Optimizer

    return Optimizer


def _is_model(obj: Any) -> bool:
    return is_model_type(type(obj))


def is_model_type(kind: type) -> bool:
    """Is `kind` an nn.Module type (whose objects call() calls as models)?"""
    module = _module_class()
    return module is not None and issubclass(kind, module)


@functools.cache
def _module_class() -> type | None:
    """nn.Module, imported once (a training loop calls its model and its loss 2,000 times)."""
    try:
        from autograd_core.nn import Module
    except ImportError:
        return None
    return Module

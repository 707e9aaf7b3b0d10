"""Module: the base class of every layer and model, as torch.nn.Module.

A Module keeps three ordered registries, filled by plain attribute assignment in `__init__`:

- `_parameters`  Parameters assigned as attributes (`self.weight = Parameter(...)`);
- `_buffers`     tensors registered with `register_buffer` (saved, but not trained);
- `_modules`     sub-Modules assigned as attributes (`self.fc1 = Linear(2, 32)`).

Everything else (`parameters()`, `state_dict()`, `zero_grad()`, `repr`) walks those registries in
the order things were assigned, which is why PyTorch code that depends on that order (an optimizer
built from `model.parameters()`, a saved state_dict) works unchanged.

    >>> import autograd_core as torch
    >>> class Net(torch.nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.fc = torch.nn.Linear(2, 1)
    ...     def forward(self, x):
    ...         return self.fc(x)
    >>> [name for name, _ in Net().named_parameters()]
    ['fc.weight', 'fc.bias']
"""

from __future__ import annotations

import functools
import threading
import warnings
import weakref
from collections import OrderedDict, namedtuple
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any

from .. import guard
from ..engine import reset_grads
from ..grad_mode import no_grad
from ..tensor import Tensor, requested_dtype
from ..utils.hooks import RemovableHandle
from .backward_hooks import BackwardHook
from .parameter import Parameter

_HOOK_TABLES = (
    "_forward_hooks",
    "_forward_hooks_with_kwargs",
    "_forward_hooks_always_called",
    "_forward_pre_hooks",
    "_forward_pre_hooks_with_kwargs",
    "_backward_hooks",
    "_backward_pre_hooks",
)
_MIXED_BACKWARD_HOOKS = (
    "Cannot use both regular backward hooks and full backward hooks on a single Module. Please "
    "use only one of them."
)


# Hooks on every module's call (torch.nn.modules.module.register_module_forward_hook): called
# before each module's own hooks, in registration order. Process-wide, as PyTorch's are; a
# caller that shares the process with other threads filters the calls it is shown.
_global_forward_pre_hooks: OrderedDict[int, Callable] = OrderedDict()
_global_forward_hooks: OrderedDict[int, Callable] = OrderedDict()
_global_forward_hooks_with_kwargs: OrderedDict[int, bool] = OrderedDict()
_global_forward_hooks_always_called: OrderedDict[int, bool] = OrderedDict()


def register_module_forward_pre_hook(hook: Callable) -> RemovableHandle:
    """`hook(module, args) -> None or new args`, called before the forward of every module
    (before the module's own pre-hooks). A tool's hook, not a model's: it sees every call.

        >>> calls = []
        >>> with register_module_forward_pre_hook(lambda m, args: calls.append(m)):
        ...     _ = torch.nn.Linear(2, 1)(torch.ones(2))
        >>> [type(m).__name__ for m in calls]
        ['Linear']
    """
    handle = RemovableHandle(_global_forward_pre_hooks)
    _global_forward_pre_hooks[handle.id] = hook
    return handle


def register_module_forward_hook(
    hook: Callable, *, with_kwargs: bool = False, always_call: bool = False
) -> RemovableHandle:
    """`hook(module, args, output) -> None or new output`, called after the forward of every
    module (before the module's own forward hooks); with_kwargs: `hook(module, args, kwargs,
    output)`; always_call: also when forward raised."""
    handle = RemovableHandle(
        _global_forward_hooks,
        extra=(_global_forward_hooks_with_kwargs, _global_forward_hooks_always_called),
    )
    _global_forward_hooks[handle.id] = hook
    if with_kwargs:
        _global_forward_hooks_with_kwargs[handle.id] = True
    if always_call:
        _global_forward_hooks_always_called[handle.id] = True
    return handle


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What load_state_dict returns: prints `<All keys matched successfully>` when all matched."""

    __slots__ = ()

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


# --- walks through the tree of modules --------------------------------------------------------
# A module may appear in its tree more than once (Sequential(m, m)), and the walks below visit it
# once per path to it, as PyTorch's do: thirty levels of Sequential(m, m) are a billion visits.
# Under a guard (a snippet on the playground's page) every walk counts its visits first, from the
# distinct modules alone, and announces them before it starts.

_IN_WALK: ContextVar[bool] = ContextVar("autograd_core_module_walk", default=False)

# A training loop walks the same tree on every pass (model(x), model.zero_grad(),
# model.parameters()), so each root's count is kept until any module's children change: every
# `_modules` is a _Children dict, which moves _tree_version on every change. A count is only
# kept for a tree whose every `_modules` is one (code that swapped in a plain dict is counted
# anew each time).
_tree_version = 0
_version_lock = threading.Lock()
_counted: dict[int, tuple[weakref.ref, int, int]] = {}  # id(root) -> (root, version, count)
_MAX_COUNTED = 256


def _tree_changed() -> None:
    global _tree_version
    with _version_lock:  # (a lost increment could bring back a stale count)
        _tree_version += 1


class _Children(dict):
    """A module's `_modules` (a plain dict to every reader) that tells every change to the
    counted walks, after the change is made."""

    __slots__ = ()

    def __setitem__(self, key: str, value: Any) -> None:
        dict.__setitem__(self, key, value)
        _tree_changed()

    def __delitem__(self, key: str) -> None:
        dict.__delitem__(self, key)
        _tree_changed()

    def __ior__(self, other: Any) -> _Children:
        dict.update(self, other)
        _tree_changed()
        return self

    def pop(self, *args: Any) -> Any:
        try:
            return dict.pop(self, *args)
        finally:
            _tree_changed()

    def popitem(self) -> tuple[str, Any]:
        try:
            return dict.popitem(self)
        finally:
            _tree_changed()

    def setdefault(self, key: str, default: Any = None) -> Any:
        try:
            return dict.setdefault(self, key, default)
        finally:
            _tree_changed()

    def update(self, *args: Any, **kwargs: Any) -> None:
        try:
            dict.update(self, *args, **kwargs)
        finally:
            _tree_changed()

    def clear(self) -> None:
        dict.clear(self)
        _tree_changed()


def paths_through(root: Module) -> int:
    """How many times a walk from `root` visits a module: once per path to it (root included).

    Counted once per distinct module, so it is cheap even when the answer is astronomical, and
    kept until a module's children change (see _Children).
    Raises RuntimeError for a module that contains itself (every walk would never end).
    """
    entry = _counted.get(id(root))
    if entry is not None and entry[1] == _tree_version and entry[0]() is root:
        return entry[2]
    version = _tree_version  # (read before counting: a change made meanwhile forgets the count)
    keep = True
    memo: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Module, bool]] = [(root, False)]
    while stack:
        module, done = stack.pop()
        key = id(module)
        if keep and type(module._modules) is not _Children:
            keep = False
        children = [m for m in module._modules.values() if m is not None]
        if done:
            on_path.discard(key)
            memo[key] = 1 + sum(memo[id(c)] for c in children)
            continue
        if key in memo:
            continue
        if key in on_path:
            raise RuntimeError(
                f"{module._get_name()} contains itself: a module cannot be inside its own "
                "submodules"
            )
        on_path.add(key)
        stack.append((module, True))
        for child in children:
            if id(child) in on_path:
                raise RuntimeError(
                    f"{child._get_name()} contains itself: a module cannot be inside its own "
                    "submodules"
                )
            if id(child) not in memo:
                stack.append((child, False))
    count = memo[id(root)]
    if keep:
        if len(_counted) >= _MAX_COUNTED:
            _counted.clear()
        _counted[id(root)] = (weakref.ref(root), version, count)
    return count


def _announce_walk(root: Module, cost: int, what: str, text: int = 0) -> None:
    """Before a walk: its visits times `cost` steps (and `text` characters per visit, for a
    repr or names), announced to the guard. Nothing happens without a guard installed."""
    watching = guard.active.get()
    if watching is None or _IN_WALK.get():
        return
    visits = paths_through(root)
    watching.check_work(visits * cost, what)  # (guard.check_work and check_text, written out)
    if text:
        watching.check_text(visits * text, what)


class _walking:
    """`with _walking():` marks the nested calls of one walk (repr of each child, forward of each
    layer) so that the walk is announced once, by its outermost call."""

    def __enter__(self) -> None:
        self._token = _IN_WALK.set(True)

    def __exit__(self, *exc: object) -> None:
        _IN_WALK.reset(self._token)


def _addindent(text: str, spaces: int) -> str:
    """Indent every line but the first: how a child's repr nests inside its parent's."""
    first, *rest = text.split("\n")
    if not rest:
        return text
    return first + "\n" + "\n".join(" " * spaces + line for line in rest)


def _typename(value: Any) -> str:
    if isinstance(value, Tensor):
        return f"torch.{value.dtype.tensor_type}"
    return type(value).__name__


class Module:
    """Base class for all neural-network modules; subclasses define `forward`."""

    training: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args or kwargs:
            raise TypeError(
                f"{type(self).__name__}.__init__() takes 1 positional argument but "
                f"{len(args) + 1} were given"
            )
        # object.__setattr__: our own __setattr__ needs these registries to exist already.
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_buffers", {})
        object.__setattr__(self, "_non_persistent_buffers_set", set())
        object.__setattr__(self, "_modules", _Children())
        # Hook tables, keyed by the id of the handle that removes the hook (PyTorch's layout:
        # a hook registered with_kwargs / always_call is also listed in the matching flags).
        for table in _HOOK_TABLES:
            object.__setattr__(self, table, OrderedDict())
        object.__setattr__(self, "_is_full_backward_hook", None)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function'
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # (__call__ then _call, as PyTorch's _wrapped_call_impl then _call_impl: the
        # stacklevel of a warning raised in a forward counts these frames)
        if self._modules and guard.active.get() is not None and not _IN_WALK.get():
            _announce_walk(self, 1, "run a model's forward pass")
            token = _IN_WALK.set(True)  # (_walking(), written out: a model runs 2,000 times)
            try:
                return self._call(args, kwargs)
            finally:
                _IN_WALK.reset(token)
        return self._call(args, kwargs)

    def _call(self, args: tuple, kwargs: dict) -> Any:
        if not (
            self._forward_hooks
            or self._forward_pre_hooks
            or _global_forward_hooks
            or _global_forward_pre_hooks
            or self._backward_hooks
            or self._backward_pre_hooks
        ):
            return self.forward(*args, **kwargs)
        return self._call_with_hooks(args, kwargs)

    def _call_with_hooks(self, args: tuple, kwargs: dict) -> Any:
        """forward with the hooks around it, in PyTorch's order: forward pre-hooks (which may
        replace the arguments), the identity node for backward hooks on the inputs, forward,
        forward hooks (which may replace the result), the identity node on the outputs."""
        called: set[int] = set()
        result = None
        try:
            for hook_id, hook in self._all_forward_pre_hooks():
                if hook_id in self._forward_pre_hooks_with_kwargs:
                    new = hook(self, args, kwargs)
                    if new is not None:
                        if not (isinstance(new, tuple) and len(new) == 2):
                            raise RuntimeError(
                                "forward pre-hook must return None or a tuple of (new_args, "
                                f"new_kwargs), but got {new}."
                            )
                        args, kwargs = new
                else:
                    new = hook(self, args)
                    if new is not None:
                        args = new if isinstance(new, tuple) else (new,)
            bw_hook = None
            non_full: list = []
            if self._backward_hooks or self._backward_pre_hooks:  # (a global hook's call: none)
                full, non_full = self._backward_hook_lists()
                pre = list(self._backward_pre_hooks.values())
                if full or pre:
                    bw_hook = BackwardHook(self, full, pre)
                    args = bw_hook.setup_input_hook(args)
            result = self.forward(*args, **kwargs)
            for hook_id, hook, with_kwargs, always in self._all_forward_hooks():
                if always:
                    called.add(hook_id)
                new = hook(self, args, kwargs, result) if with_kwargs else hook(self, args, result)
                if new is not None:
                    result = new
            if bw_hook is not None:
                if not isinstance(result, Tensor | tuple):
                    warnings.warn(
                        "For backward hooks to be called, module output should be a Tensor or a "
                        f"tuple of Tensors but received {type(result)}",
                        UserWarning,
                        stacklevel=3,
                    )
                result = bw_hook.setup_output_hook(result)
            if non_full:
                self._attach_non_full_hooks(non_full, args, result)
            return result
        except Exception:
            for hook_id, hook, with_kwargs, always in self._all_forward_hooks():
                if always and hook_id not in called:
                    try:
                        if with_kwargs:
                            new = hook(self, args, kwargs, result)
                        else:
                            new = hook(self, args, result)
                        if new is not None:
                            result = new
                    except Exception as e:
                        warnings.warn(
                            "module forward hook with ``always_call=True`` raised an exception "
                            f"that was silenced as another error was raised in forward: {e}",
                            UserWarning,
                            stacklevel=3,
                        )
            raise

    def _all_forward_pre_hooks(self) -> list[tuple[int, Callable]]:
        """Every module's pre-hooks first, then this module's (PyTorch's order)."""
        if not self._forward_pre_hooks:  # (the Graph Explorer's global hooks alone)
            return list(_global_forward_pre_hooks.items())
        return [*_global_forward_pre_hooks.items(), *self._forward_pre_hooks.items()]

    def _all_forward_hooks(self) -> list[tuple[int, Callable, bool, bool]]:
        """(id, hook, with_kwargs, always_call): every module's forward hooks, then this
        module's. Handle ids are never reused, so one `called` set serves both tables."""
        with_kwargs, always = _global_forward_hooks_with_kwargs, _global_forward_hooks_always_called
        hooks = [(i, h, i in with_kwargs, i in always) for i, h in _global_forward_hooks.items()]
        if self._forward_hooks:
            with_kwargs, always = self._forward_hooks_with_kwargs, self._forward_hooks_always_called
            hooks += [(i, h, i in with_kwargs, i in always) for i, h in self._forward_hooks.items()]
        return hooks

    # --- hooks ----------------------------------------------------------------------------------

    def register_forward_pre_hook(
        self, hook: Callable, *, prepend: bool = False, with_kwargs: bool = False
    ) -> RemovableHandle:
        """`hook(module, args) -> None or new args`, called before every forward (with
        with_kwargs: `hook(module, args, kwargs) -> None or (args, kwargs)`)."""
        handle = RemovableHandle(
            self._forward_pre_hooks, extra=(self._forward_pre_hooks_with_kwargs,)
        )
        self._forward_pre_hooks[handle.id] = hook
        if with_kwargs:
            self._forward_pre_hooks_with_kwargs[handle.id] = True
        if prepend:
            self._forward_pre_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_forward_hook(
        self,
        hook: Callable,
        *,
        prepend: bool = False,
        with_kwargs: bool = False,
        always_call: bool = False,
    ) -> RemovableHandle:
        """`hook(module, args, output) -> None or new output`, called after every forward:
        the usual way to look at (or record) a layer's activations."""
        handle = RemovableHandle(
            self._forward_hooks,
            extra=(self._forward_hooks_with_kwargs, self._forward_hooks_always_called),
        )
        self._forward_hooks[handle.id] = hook
        if with_kwargs:
            self._forward_hooks_with_kwargs[handle.id] = True
        if always_call:
            self._forward_hooks_always_called[handle.id] = True
        if prepend:
            self._forward_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_full_backward_pre_hook(
        self, hook: Callable, prepend: bool = False
    ) -> RemovableHandle:
        """`hook(module, grad_output) -> None or new grad_output`, when the gradient of the
        module's outputs is known."""
        handle = RemovableHandle(self._backward_pre_hooks)
        self._backward_pre_hooks[handle.id] = hook
        if prepend:
            self._backward_pre_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_full_backward_hook(self, hook: Callable, prepend: bool = False) -> RemovableHandle:
        """`hook(module, grad_input, grad_output) -> None or new grad_input`, when the
        gradients of the module's inputs are known (grad_input holds None for inputs that are
        not tensors or do not require grad)."""
        if self._is_full_backward_hook is False:
            raise RuntimeError(_MIXED_BACKWARD_HOOKS)
        object.__setattr__(self, "_is_full_backward_hook", True)
        handle = RemovableHandle(self._backward_hooks)
        self._backward_hooks[handle.id] = hook
        if prepend:
            self._backward_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_backward_hook(self, hook: Callable) -> RemovableHandle:
        """The old, deprecated form: a hook on the node of the output (grad_input is what that
        one node computes). Prefer register_full_backward_hook."""
        if self._is_full_backward_hook is True:
            raise RuntimeError(_MIXED_BACKWARD_HOOKS)
        object.__setattr__(self, "_is_full_backward_hook", False)
        handle = RemovableHandle(self._backward_hooks)
        self._backward_hooks[handle.id] = hook
        return handle

    def _backward_hook_lists(self) -> tuple[list, list]:
        hooks = list(self._backward_hooks.values())
        if self._is_full_backward_hook is True:
            return hooks, []
        if self._is_full_backward_hook is False:
            return [], hooks
        return [], []

    def _attach_non_full_hooks(self, hooks: list, args: tuple, result: Any) -> None:
        var = result
        while not isinstance(var, Tensor):
            var = (
                next(v for v in var.values() if isinstance(v, Tensor))
                if isinstance(var, dict)
                else var[0]
            )
        grad_fn = var.grad_fn
        if grad_fn is None:
            return
        for hook in hooks:
            grad_fn.register_hook(functools.partial(hook, self))
        outputs = (result,) if isinstance(result, Tensor) else result
        producers = {r.grad_fn for r in outputs if isinstance(r, Tensor) and r.grad_fn}
        inputs_fns = {a.grad_fn for a in args if isinstance(a, Tensor) and a.grad_fn}
        if producers == {grad_fn} and inputs_fns != {n for n, _ in grad_fn.next_functions}:
            warnings.warn(
                "Using a non-full backward hook when the forward contains multiple autograd "
                "Nodes is deprecated and will be removed in future versions. This hook will be "
                "missing some grad_input. Please use register_full_backward_hook to get the "
                "documented behavior.",
                FutureWarning,
                stacklevel=4,
            )

    # --- registration ---------------------------------------------------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        params = self.__dict__.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._forget(name)
            self.register_parameter(name, value)
            return
        if params is not None and name in params:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as parameter '{name}' "
                    "(torch.nn.Parameter or None expected)"
                )
            params[name] = None
            return
        modules = self.__dict__.get("_modules")
        if isinstance(value, Module):
            if modules is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            self._forget(name)
            modules[name] = value
            return
        if modules is not None and name in modules:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as child module '{name}' "
                    "(torch.nn.Module or None expected)"
                )
            modules[name] = None
            return
        buffers = self.__dict__.get("_buffers")
        if buffers is not None and name in buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as buffer '{name}' "
                    "(torch.Tensor or None expected)"
                )
            buffers[name] = value
            return
        object.__setattr__(self, name, value)

    def _forget(self, name: str) -> None:
        """Remove `name` from wherever it was before it is registered somewhere else."""
        self.__dict__.pop(name, None)
        for registry in ("_parameters", "_buffers", "_modules"):
            self.__dict__[registry].pop(name, None)
        self._non_persistent_buffers_set.discard(name)

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: look in the registries.
        for registry in ("_parameters", "_buffers", "_modules"):
            entries = self.__dict__.get(registry)
            if entries is not None and name in entries:
                return entries[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for registry in ("_parameters", "_buffers", "_modules"):
            if name in self.__dict__.get(registry, ()):
                del self.__dict__[registry][name]
                self._non_persistent_buffers_set.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self) -> list[str]:
        keys = [*dir(type(self)), *self.__dict__, *self._parameters, *self._modules]
        keys += list(self._buffers)
        return sorted(k for k in set(keys) if not k[0].isdigit())

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add a parameter under `name` (None is allowed: a slot with no parameter, like bias)."""
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        self._check_name(name, "parameter", self._parameters)
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign '{_typename(param)}' object to parameter '{name}' "
                "(torch.nn.Parameter or None required)"
            )
        if param is not None and param.grad_fn is not None:
            raise ValueError(
                f"Cannot assign non-leaf Tensor to parameter '{name}'. Model parameters must be "
                f"created explicitly. To express '{name}' as a function of another Tensor, compute "
                "the value in the forward() method."
            )
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """Add a tensor that is saved in state_dict (if persistent) but not trained."""
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        self._check_name(name, "buffer", self._buffers)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(
                f"cannot assign '{_typename(tensor)}' object to buffer '{name}' "
                "(torch Tensor or None required)"
            )
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        """Add a child module under `name` (what `self.name = module` does)."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{_typename(module)} is not a Module subclass")
        if not isinstance(name, str):
            raise TypeError(f"module name should be a string. Got {_typename(name)}")
        if hasattr(self, name) and name not in self._modules:
            raise KeyError(f"attribute '{name}' already exists")
        if "." in name:
            raise KeyError(f'module name can\'t contain ".", got: {name}')
        if name == "":
            raise KeyError('module name can\'t be empty string ""')
        self._modules[name] = module

    register_module = add_module

    def _check_name(self, name: str, kind: str, registry: dict) -> None:
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a string. Got {_typename(name)}")
        if "." in name:
            raise KeyError(f'{kind} name can\'t contain "."')
        if name == "":
            raise KeyError(f'{kind} name can\'t be empty string ""')
        if hasattr(self, name) and name not in registry:
            raise KeyError(f"attribute '{name}' already exists")

    # --- walking the tree -----------------------------------------------------------------------

    def named_modules(
        self, memo: set | None = None, prefix: str = "", remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Module]]:
        """This module and every module below it, each once, with dotted names."""
        if memo is None:
            _announce_walk(self, 1, "list a model's modules", text=len(prefix) + 1)
        yield from self._walk(set() if memo is None else memo, prefix, remove_duplicate)

    def _walk(self, memo: set, prefix: str, remove_duplicate: bool) -> Iterator[tuple[str, Module]]:
        """named_modules' order (depth first, each child when its parent's turn comes, the
        children's dicts read as the walk reaches them), in one generator rather than one per
        level: parameters() and zero_grad() walk the model on every pass of a training loop."""
        if self in memo:
            return
        if remove_duplicate:
            memo.add(self)
        yield prefix, self
        pending = [(prefix, iter(self._modules.items()))]
        while pending:
            base, items = pending[-1]
            for name, module in items:
                if module is None:
                    continue
                path = base + ("." if base else "") + name
                if type(module).named_modules is not Module.named_modules:
                    yield from module.named_modules(memo, path, remove_duplicate)  # its own walk
                    continue
                if module in memo:
                    continue
                if remove_duplicate:
                    memo.add(module)
                yield path, module
                pending.append((path, iter(module._modules.items())))
                break
            else:
                pending.pop()

    def modules(self) -> Iterator[Module]:
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, Module]]:
        seen = set()
        for name, module in self._modules.items():
            if module is not None and module not in seen:
                seen.add(module)
                yield name, module

    def children(self) -> Iterator[Module]:
        for _, module in self.named_children():
            yield module

    def _named_members(
        self, registry: str, prefix: str, recurse: bool, remove_duplicate: bool, named: bool = True
    ) -> Iterator[Any]:
        """(name, value) of every parameter (or buffer) of every module, each once; the values
        alone when not `named`."""
        seen: dict[int, Any] = {}  # by id (a tensor's hash is a Python call), holding each
        _announce_walk(self, 1, "list a model's parameters", text=len(prefix) + 1)
        if not recurse:
            modules: Any = [(prefix, self)]
        elif type(self).named_modules is not Module.named_modules:
            modules = self.named_modules(prefix=prefix)  # a subclass's own walk
        else:  # what named_modules(prefix=prefix) gives, announced as it announces
            _announce_walk(self, 1, "list a model's modules", text=len(prefix) + 1)
            modules = self._walk(set(), prefix, True)
        for module_prefix, module in modules:
            for name, value in module.__dict__[registry].items():
                if value is None or id(value) in seen:
                    continue
                if remove_duplicate:
                    seen[id(value)] = value
                if named:
                    yield module_prefix + ("." if module_prefix else "") + name, value
                else:
                    yield value

    def named_parameters(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Parameter]]:
        """(name, parameter) pairs, in registration order, each parameter once."""
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """The parameters to hand to an optimizer: `SGD(model.parameters(), lr=0.1)`."""
        yield from self._named_members("_parameters", "", recurse, True, named=False)

    def named_buffers(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Tensor]]:
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    def get_parameter(self, target: str) -> Parameter:
        *path, name = target.split(".")
        module = self.get_submodule(".".join(path))
        if name not in module._parameters:
            raise AttributeError(f"`{name}` is not an nn.Parameter")
        return module._parameters[name]

    def get_submodule(self, target: str) -> Module:
        module = self
        for item in target.split(".") if target else ():
            if item not in module._modules:
                raise AttributeError(f"{module._get_name()} has no attribute `{item}`")
            module = module._modules[item]
        return module

    # --- training state -------------------------------------------------------------------------

    def train(self, mode: bool = True) -> Module:
        """Set training mode here and in every submodule (Dropout and BatchNorm read it)."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        _announce_walk(self, 1, "switch a model's training mode")
        with _walking():
            for module in self.children():
                module.train(mode)
        return self

    def eval(self) -> Module:
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        """Freeze (False) or unfreeze (True) every parameter."""
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset every parameter's .grad: to None (default, as torch 2.x), or to zeros in place."""
        reset_grads(self.parameters(), set_to_none)

    def apply(self, fn: Callable[[Module], Any]) -> Module:
        """Call fn on every submodule (children first) and then on self, e.g. to initialise."""
        _announce_walk(self, 1, "apply a function to a model")
        with _walking():
            for module in self.children():
                module.apply(fn)
        fn(self)
        return self

    # --- conversions ----------------------------------------------------------------------------

    def _convert(self, fn: Callable[[Tensor], Tensor]) -> Module:
        """Convert parameters, their grads and buffers in place: the Parameter objects stay the
        same (so an optimizer built before `.double()` still holds them), their data changes."""
        for module in self.modules():
            for p in module._parameters.values():
                if p is None:
                    continue
                with no_grad():
                    p.data = fn(p)
                    if p._grad is not None:
                        p._grad.data = fn(p._grad)
            for name, b in module._buffers.items():
                if b is not None:
                    module._buffers[name] = fn(b)
        return self

    def to(self, *args: Any, **kwargs: Any) -> Module:
        """`to(dtype)` converts floating-point parameters and buffers; devices other than the CPU
        raise (there is only the CPU here)."""
        dtype = requested_dtype(args, kwargs)
        if dtype is None:
            return self
        if not dtype.is_floating_point:
            raise TypeError(
                "nn.Module.to only accepts floating point or complex dtypes, but got desired "
                f"dtype={dtype}"
            )
        return self._convert(lambda t: t.to(dtype) if t.is_floating_point() else t)

    def float(self) -> Module:
        return self._convert(lambda t: t.float() if t.is_floating_point() else t)

    def double(self) -> Module:
        return self._convert(lambda t: t.double() if t.is_floating_point() else t)

    def cpu(self) -> Module:
        return self

    def cuda(self, device: Any = None) -> Module:
        raise AssertionError("Torch not compiled with CUDA enabled")

    # --- saving and loading ---------------------------------------------------------------------

    def state_dict(
        self, *, destination: Any = None, prefix: str = "", keep_vars: bool = False
    ) -> OrderedDict:
        """Every parameter and persistent buffer by dotted name, detached (shares memory)."""
        if destination is None:
            # every key starts with `prefix`: a long one times many modules is a lot of text
            _announce_walk(self, 2, "build a state_dict", text=len(prefix) + 1)
        out = OrderedDict() if destination is None else destination
        for name, p in self._parameters.items():
            if p is not None:
                out[prefix + name] = p if keep_vars else p.detach()
        for name, b in self._buffers.items():
            if b is not None and name not in self._non_persistent_buffers_set:
                out[prefix + name] = b if keep_vars else b.detach()
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination=out, prefix=prefix + name + ".", keep_vars=keep_vars)
        return out

    def load_state_dict(
        self, state_dict: Mapping[str, Any], strict: bool = True, assign: bool = False
    ) -> _IncompatibleKeys:
        """Copy values into the existing parameters and buffers; PyTorch's errors for keys that
        are missing, unexpected, or of the wrong shape."""
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        own = self.state_dict(keep_vars=True)
        errors = []
        for key, target in own.items():
            if key not in state_dict:
                continue
            value = state_dict[key]
            if not isinstance(value, Tensor):
                errors.append(
                    f'While copying the parameter named "{key}", expected torch.Tensor or '
                    f"Tensor-like object from checkpoint but received {type(value)}"
                )
                continue
            if value.shape != target.shape:
                errors.append(
                    f"size mismatch for {key}: copying a param with shape {value.shape} from "
                    f"checkpoint, the shape in current model is {target.shape}."
                )
                continue
            with no_grad():
                target.copy_(value)
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        if strict:
            if unexpected:
                names = ", ".join(f'"{k}"' for k in unexpected)
                errors.insert(0, f"Unexpected key(s) in state_dict: {names}. ")
            if missing:
                names = ", ".join(f'"{k}"' for k in missing)
                errors.insert(0, f"Missing key(s) in state_dict: {names}. ")
        if errors:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                + "\n\t".join(errors)
            )
        return _IncompatibleKeys(missing, unexpected)

    # --- printing -------------------------------------------------------------------------------

    def _get_name(self) -> str:
        return type(self).__name__

    def extra_repr(self) -> str:
        """The part inside the parentheses, e.g. `in_features=2, out_features=3, bias=True`."""
        return ""

    def __repr__(self) -> str:
        if self._modules and guard.guarded() and not _IN_WALK.get():
            _announce_walk(self, 1, "print a model", text=len(self._get_name()) + 2)
            with _walking():
                return self._repr()
        return self._repr()

    def _repr(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [
            f"({name}): " + _addindent(repr(module), 2) for name, module in self._modules.items()
        ]
        lines = extra_lines + child_lines
        body = ""
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                body = extra_lines[0]
            else:
                body = "\n  " + "\n  ".join(lines) + "\n"
        return f"{self._get_name()}({body})"

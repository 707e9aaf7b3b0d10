"""Reading attributes, indexing, iterating: where the allow-lists meet the values.

Every `obj.name` goes through `get_attribute`, which looks the name up in the rules for the
object's type (allowlist.attribute_rules) and hands out either the attribute's value or a
`Method` to be called later. Every `obj[key]`, `for x in obj` and `a, b = obj` goes through the
functions here too, which bound what Python would otherwise do unchecked in C: iterating a tensor
unbinds all of its rows at once, hashing a deeply nested tuple crashes CPython 3.11, and NumPy's
advanced indexing can broadcast a few small index tensors into a huge result.
"""

from __future__ import annotations

import functools
import math
import weakref
from typing import Any

import numpy as np

from autograd_core.grad_mode import enable_grad, inference_mode, no_grad, set_grad_enabled
from autograd_core.tensor import Tensor

from .classes import USER_CLASSES, is_user_instance, own_names
from .errors import SnippetError
from .exceptions import ErrorValue
from .functions import BoundMethod, StaticMethod, UserFunction
from .values import WRAPPERS, Function, Method, Namespace, describe

# Why an existing attribute is refused, where there is a better thing to write.
ATTRIBUTE_HINTS = {
    "numpy": "NumPy arrays are not available here: print the tensor or use .tolist()",
    "register_prehook": "use tensor hooks: y.register_hook(lambda grad: ...)",
    "apply": "write the loop out: for m in model.modules(): ...",
    "register_backward_hook": "use register_full_backward_hook (the deprecated form is not "
    "supported here)",
}

_DICT_KEY_SCALARS = (str, int, float, bool, type(None))
_MAX_DEPTH = 32  # nested lists handed to the engine (PyTorch tensors have at most 64 dims)
# Arguments check_argument hands on as they are (exact types: no container, wrapper or iterator)
PLAIN_VALUES = frozenset({Tensor, int, float, bool, str, type(None)})


CTX_DATA = frozenset({"saved_tensors", "needs_input_grad", "next_functions", "metadata"})
CTX_METHODS = frozenset(
    {"save_for_backward", "mark_dirty", "mark_non_differentiable", "set_materialize_grads", "name"}
)


@functools.cache
def context_rules() -> tuple[type, frozenset, frozenset] | None:
    """(type, data, methods) of the `ctx` a custom autograd.Function's forward and backward
    receive, when this engine has custom Functions."""
    try:
        from autograd_core.autograd.function import BackwardCFunction
    except ImportError:
        return None
    return BackwardCFunction, CTX_DATA, CTX_METHODS


class AccessMixin:
    """Part of Interpreter: attributes, items, iteration and argument checks."""

    # --- attributes -------------------------------------------------------------------------

    def get_attribute(self, obj: Any, name: str) -> Any:
        kind = type(obj)
        rule = self.rules_by_type.get(kind)
        if rule is not None:  # an engine object whose type's allow-list is known (below)
            if name in rule[0]:
                return getattr(obj, name)
            if name in rule[1]:
                return Method(obj, name)
        if name[0] == "_" and name != "__init__":  # (super().__init__: the checker's only one)
            check_private(obj, name)  # (the checker lets `_name` through for plain classes)
        if isinstance(obj, Namespace):
            return self.namespace_get(obj.path, name)
        user = self.user_types.get(kind)
        if user is None:  # (asked once per type and run: USER_CLASSES is a WeakSet)
            user = self.user_types[kind] = kind in USER_CLASSES
        if user:  # self.fc1, self.a: none of the tests below apply
            handled, value = self.instance_attribute(obj, name)
            return value if handled else self.get_attribute_engine(obj, name)
        ctx = context_rules()
        if ctx is not None and isinstance(obj, ctx[0]):  # ctx.saved_tensors: as below
            if name in ctx[1]:
                return getattr(obj, name)
            if name in ctx[2]:
                return Method(obj, name)
        if isinstance(obj, StaticMethod):  # @x.setter under a @property, in a class body
            raise SnippetError(
                f"`.{name}` of a @property or @staticmethod is not supported here: a @property "
                "here is read-only (set a plain attribute in __init__ instead)",
                kind="unsupported",
            )
        if isinstance(obj, Function | Method | UserFunction | BoundMethod):
            raise SnippetError(
                f"`.{name}`: functions and methods have no attributes you can use here",
                kind="unsupported",
            )
        if isinstance(obj, ErrorValue):
            if name == "args":
                return obj.args
            raise AttributeError(f"'{obj.type_name}' object has no attribute '{name}'")
        handled, value = self.user_attribute(obj, name)
        if handled:
            return value
        return self.get_attribute_engine(obj, name)

    def get_attribute_engine(self, obj: Any, name: str) -> Any:
        """obj.name by the allow-list of obj's engine type."""
        ctx = context_rules()
        if ctx is not None and isinstance(obj, ctx[0]):
            if name in ctx[1]:
                return getattr(obj, name)
            if name in ctx[2]:
                return Method(obj, name)
            if name in self.snippet_attributes(obj):
                return getattr(obj, name)
        for cls, data, methods in self.rules:
            if isinstance(obj, cls):
                if not isinstance(obj, type) and (ctx is None or not isinstance(obj, ctx[0])):
                    # Every object of this type takes the path to here (the tests above look
                    # at its type only; a class of the snippet's is an instance of `type`):
                    # get_attribute goes straight to these rules next time.
                    self.rules_by_type[type(obj)] = (data, methods)
                if name in data:
                    return getattr(obj, name)
                if name in methods:
                    return Method(obj, name)
                break
        if hasattr(type(obj), name) or name in getattr(obj, "_parameters", ()):
            why = ATTRIBUTE_HINTS.get(name, "it is not on the playground's list of safe attributes")
            raise SnippetError(
                f"`.{name}` of {describe(obj)} objects is not available in the playground: {why}",
                kind="unsupported",
            )
        raise AttributeError(f"'{describe(obj)}' object has no attribute '{name}'")

    def snippet_attributes(self, obj: Any) -> set[str]:
        """Names the snippet itself set on an engine object (`ctx.scale = 2`)."""
        if self.user_attrs is None:
            return set()
        return self.user_attrs.get(obj, set())

    def set_attribute(self, obj: Any, name: str, value: Any) -> None:
        """What tutorials assign: x.requires_grad, x.grad, x.data of a tensor; attributes of the
        snippet's own objects; new attributes of a custom Function's ctx."""
        if name[0] == "_":
            check_private(obj, name)
        if isinstance(obj, Tensor) and name in ("requires_grad", "grad", "data"):
            self.check_argument(value)
            setattr(obj, name, value)
            return
        if self.set_user_attribute(obj, name, value):
            return
        ctx = context_rules()
        if ctx is not None and isinstance(obj, ctx[0]):
            own = self.snippet_attributes(obj)
            if not hasattr(type(obj), name) and (name not in vars(obj) or name in own):
                if self.user_attrs is None:
                    self.user_attrs = weakref.WeakKeyDictionary()
                self.user_attrs.setdefault(obj, set()).add(name)
                setattr(obj, name, value)
                return
        raise SnippetError(
            f"assigning to `.{name}` of {describe(obj)} objects is not supported: only a "
            "tensor's .requires_grad, .grad and .data can be set here",
            kind="unsupported",
        )

    # --- items ------------------------------------------------------------------------------

    def _subscriptable(self, obj: Any) -> None:
        if isinstance(obj, list | tuple | str | dict | range | Tensor):
            return
        if type(obj).__name__ in ("Sequential", "ModuleList") and _is_module(obj):
            return
        if _is_dataset(obj):  # dataset[i]: the engine's own indexing of its tensors
            return
        if is_user_instance(obj) and "__getitem__" in own_names(type(obj)):
            return  # the snippet's own __getitem__, run (and charged) by the interpreter
        raise TypeError(f"'{describe(obj)}' object is not subscriptable")

    def get_item(self, obj: Any, key: Any) -> Any:
        self._subscriptable(obj)
        if isinstance(obj, dict):
            self.check_key(key)
        elif isinstance(obj, Tensor):
            key = self.index_ranges(key)
            self.check_index(obj, key)
        elif isinstance(key, slice) and isinstance(obj, list | tuple | str):
            self.budget.charge(len(obj) // 4 + 1)
        return obj[key]

    def set_item(self, obj: Any, key: Any, value: Any) -> None:
        if isinstance(obj, dict):
            self.check_key(key)
            if key not in obj:
                self.budget.charge_items(len(obj) + 1)
        elif isinstance(obj, list):
            if isinstance(key, slice):
                items = self.materialize(value)
                removed = len(range(*key.indices(len(obj))))
                self.budget.charge_items(len(obj) - removed + len(items))
                value = items
        elif isinstance(obj, Tensor):
            key = self.index_ranges(key)
            self.check_index(obj, key)
            self.check_argument(value)
        else:
            raise TypeError(f"'{describe(obj)}' object does not support item assignment")
        obj[key] = value

    def del_item(self, obj: Any, key: Any) -> None:
        if isinstance(obj, dict):
            self.check_key(key)
        elif not isinstance(obj, list):
            raise TypeError(f"'{describe(obj)}' object doesn't support item deletion")
        del obj[key]

    def check_key(self, key: Any) -> None:
        """Dict keys: numbers, strings, tensors, dtypes, instances of the snippet's classes
        (micrograd's `set(_children)` of Values), or flat tuples of numbers and strings.
        (Hashing a tuple nested a million deep crashes CPython 3.11, so depth is capped at 1.)"""
        if isinstance(key, (*_DICT_KEY_SCALARS, Tensor)):
            return
        if type(key) is tuple and all(isinstance(k, _DICT_KEY_SCALARS) for k in key):
            return
        from autograd_core.dtypes import dtype

        if isinstance(key, dtype):
            return
        if is_user_instance(key):  # hashed by identity: a class here cannot define __hash__
            return
        if isinstance(key, list | dict):
            raise TypeError(f"unhashable type: '{describe(key)}'")
        raise TypeError(
            f"dict keys here must be numbers, strings, tensors, your own objects or flat tuples "
            f"of numbers and strings, not {describe(key)}"
        )

    def check_membership(self, item: Any, container: Any) -> None:
        """`item in container` hashes item for dicts and their key/item views: check it first."""
        if isinstance(container, dict | type({}.keys())):
            self.check_key(item)
        elif isinstance(container, type({}.items())) and type(item) is tuple and len(item) == 2:
            self.check_key(item[0])

    def index_ranges(self, key: Any) -> Any:
        """`y_hat[range(len(y_hat)), y]` (d2l, "What is torch.nn really?"): a range picks the
        positions it holds, as a list would; made a list here, its length bounded first."""
        if type(key) is range:
            return self.materialize(key)
        if type(key) is tuple and any(type(k) is range for k in key):
            return tuple(self.materialize(k) if type(k) is range else k for k in key)
        return key

    def check_index(self, tensor: Tensor, key: Any) -> None:
        """Bound the result of `tensor[key]` before NumPy computes it: several index tensors
        broadcast together (x[i[:, None], j]) can ask for far more elements than any input has."""
        self.check_argument(key)
        items = key if type(key) is tuple else (key,)
        shapes = [np.shape(k) for k in items if isinstance(k, Tensor | list)]
        if len(shapes) < 2:
            return
        try:
            size = math.prod(np.broadcast_shapes(*shapes))
        except ValueError:
            return  # the engine reports the mismatch in PyTorch's words
        rest = math.prod(tensor.shape[len(items) :]) if len(items) < tensor.ndim else 1
        if size * rest > self.limits.max_tensor_elements:
            raise self.budget.fail("max_tensor_elements", size * rest)

    # --- iteration --------------------------------------------------------------------------

    def iterate(self, value: Any) -> Any:
        """iter(value), refusing what cannot or should not be iterated."""
        if isinstance(value, WRAPPERS):
            raise TypeError(f"'{describe(value)}' object is not iterable")
        if isinstance(value, Tensor):
            if value.ndim == 0:
                raise TypeError("iteration over a 0-d tensor")
            # iterating a tensor makes every row at once: bound the count first
            self.budget.check_container(len(value))
        return iter(value)

    def length(self, value: Any) -> int | None:
        """len(value) for sized values (a range's length even when it exceeds sys.maxsize)."""
        if isinstance(value, range):
            step = value.step
            span = value.stop - value.start
            return max(0, (span + step - (1 if step > 0 else -1)) // step)
        if isinstance(value, WRAPPERS) or not hasattr(value, "__len__"):
            return None
        if isinstance(value, Tensor) and value.ndim == 0:
            return None
        return len(value)

    def materialize(self, value: Any) -> list[Any]:
        """list(value), with the container limit checked before (or while) it is built."""
        # (a Dataset of the snippet's has a __len__ of its own choosing, and Python iterates it
        # through __getitem__ until an IndexError, whatever __len__ said: count as it grows)
        n = None if is_user_instance(value) else self.length(value)
        if n is not None:
            self.budget.charge_items(n)
            return list(self.iterate(value))
        items = []
        for item in self.iterate(value):
            items.append(item)
            if len(items) % 256 == 0:  # an iterator has no length: count as it grows
                self.budget.check_container(len(items))
                self.budget.charge(256 // 4)
        self.budget.charge_items(len(items) % 256)
        self.budget.check_container(len(items))
        return items

    def pairs(self, value: Any) -> list[tuple[Any, Any]]:
        """The (key, value) pairs of a dict, or of an iterable of pairs, keys checked."""
        if isinstance(value, dict):
            self.budget.charge_items(len(value))
            items = list(value.items())
        else:
            items = []
            for i, pair in enumerate(self.materialize(value)):
                entry = self.materialize(pair) if not isinstance(pair, str) else list(pair)
                if len(entry) != 2:
                    raise ValueError(
                        f"dictionary update sequence element #{i} has length {len(entry)}; "
                        "2 is required"
                    )
                items.append((entry[0], entry[1]))
        for key, _ in items:
            self.check_key(key)
        return items

    def check_context_manager(self, manager: Any) -> None:
        if not isinstance(manager, _context_managers()):
            raise TypeError(
                f"'{describe(manager)}' object does not support the context manager protocol "
                "(the playground supports torch.no_grad(), torch.enable_grad() and "
                "torch.set_grad_enabled(...))"
            )

    # --- values handed to the engine --------------------------------------------------------

    def check_argument(self, value: Any) -> Any:
        """Walk a value about to be handed to the engine: no functions or modules of ours inside
        (the engine must never call back into something a snippet chose), nesting at most 32
        deep (which also stops a list that contains itself), and no more items in all than one
        list may have (the engine walks them in Python, once more, to build a tensor). Ranges
        and iterators become lists first, under the same bound: `torch.Size(range(10**9))`
        would otherwise build a billion-item tuple inside the engine."""
        if type(value) in PLAIN_VALUES:
            return value
        if isinstance(value, Function) and value.kind == "type":
            return value.real  # torch.tensor(1, dtype=float): the type itself is harmless
        if _lazy(value):  # the engine would run through it unbounded: make it a bounded list
            value = self.materialize(value)
        if not isinstance(value, list | tuple | dict | Namespace | Function | Method):
            return value
        if isinstance(value, list | tuple):  # a nested list of numbers: check its shape first
            shape = []
            probe = value
            while isinstance(probe, list | tuple) and len(shape) <= _MAX_DEPTH:
                shape.append(len(probe))
                probe = probe[0] if probe else None
            if math.prod(shape) > self.limits.max_tensor_elements:
                raise self.budget.fail("max_tensor_elements", math.prod(shape))
        stack = [(value, 0)]
        seen = 0
        lazy_inside = False
        while stack:
            item, depth = stack.pop()
            if isinstance(item, WRAPPERS):
                raise TypeError(
                    f"a {describe(item)} cannot be passed as an argument here: the playground "
                    "only hands values (numbers, tensors, lists, models) to torch"
                )
            if _lazy(item):
                if depth > 3:  # (a list of dicts of them is 3 deep: a dict's items are pairs)
                    raise TypeError(
                        f"a {describe(item)} inside a list cannot be passed here: make it a "
                        "list first"
                    )
                lazy_inside = True
                continue
            if isinstance(item, list | tuple | dict):
                if depth > _MAX_DEPTH:  # also how a list that contains itself ends
                    raise ValueError(
                        f"this value is nested more than {_MAX_DEPTH} levels deep (or contains "
                        "itself)"
                    )
                children = list(item.items()) if isinstance(item, dict) else item
                seen += len(children)  # shared sublists are counted each time they appear
                if seen > self.limits.max_container_length:
                    raise self.budget.fail("max_container_length", seen)
                stack.extend((child, depth + 1) for child in children)
        self.budget.charge(seen // 8 + 1)
        if lazy_inside:  # walked again once they are lists: what they held is checked too
            return self.check_argument(self.lists_for_lazy(value))
        return value

    def lists_for_lazy(self, value: Any) -> Any:
        """A copy of a short nest of containers with each range or iterator in it made a list
        (bounded as it is made): the optimizer docs' param groups,
        `[{'params': model.base.parameters()}, {'params': ..., 'lr': 1e-3}]`."""
        if _lazy(value):
            return self.materialize(value)
        if isinstance(value, dict):
            return {k: self.lists_for_lazy(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.lists_for_lazy(v) for v in value)
        return value

    def check_matmul(self, a: Any, b: Any) -> None:
        """Bound the multiply-adds of a @ b (integer matrix products do not use BLAS and are
        slow: a 1000 x 1000 one takes over a second)."""
        if not (isinstance(a, Tensor) and isinstance(b, Tensor)) or a.ndim == 0 or b.ndim == 0:
            return
        sa = (1, *a.shape) if a.ndim == 1 else tuple(a.shape)
        sb = (*b.shape, 1) if b.ndim == 1 else tuple(b.shape)
        try:
            batch = np.broadcast_shapes(sa[:-2], sb[:-2])
        except ValueError:
            return
        work = math.prod(batch) * sa[-2] * sa[-1] * sb[-1]
        self.budget.check_matmul(work)


@functools.cache
def _context_managers() -> tuple[type, ...]:
    """The types `with` accepts (imported when first needed: anomaly mode imports the engine)."""
    from autograd_core.autograd.anomaly import set_detect_anomaly

    return (no_grad, enable_grad, set_grad_enabled, inference_mode, set_detect_anomaly)


def _is_module(obj: Any) -> bool:
    try:
        from autograd_core.nn import Module
    except ImportError:
        return False
    return isinstance(obj, Module)


def _is_dataset(obj: Any) -> bool:
    try:
        from autograd_core.utils.data import Dataset
    except ImportError:
        return False
    return isinstance(obj, Dataset)


def _lazy(value: Any) -> bool:
    """A range or an iterator (zip, enumerate, a generator such as model.parameters()): values
    whose length the engine cannot see before it walks them."""
    return isinstance(value, range) or (
        hasattr(type(value), "__next__") and not isinstance(value, Tensor)
    )


def check_private(obj: Any, name: str) -> None:
    """`obj._name` is the snippet's own business only on an instance of one of its plain
    classes (micrograd's Value keeps `_prev`, `_op` and `_backward`): the checker lets through
    only names such a class assigns, and here the object must be one. Anything else (a tensor's
    `_data`, a model's `_modules`) stays refused, in the checker's words."""
    from .classes import family

    if name.startswith("__") or not is_user_instance(obj) or family(type(obj)) is not None:
        raise SnippetError(
            f"`.{name}`: attributes starting with `_` are not accessible in the playground",
            kind="unsupported",
        )

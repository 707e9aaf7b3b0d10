"""RemovableHandle: what every register_*hook returns, as torch.utils.hooks.RemovableHandle.

Hooks live in an ordered registry owned by whatever calls them: a dict keyed by the handle's id
(module hooks, printed as `OrderedDict([...])` as in PyTorch) or a plain list (tensor and graph
node hooks, which the backward pass walks on every step). `handle.remove()` takes the hook out
of it; using the handle as a context manager removes the hook on leaving the block.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable
from typing import Any

# One counter for every handle, as PyTorch's RemovableHandle.next_id: ids are never reused.
_ids = itertools.count()


class RemovableHandle:
    """`handle.remove()` unregisters the hook it was returned for."""

    __slots__ = ("_extra", "_hook", "_registry", "id")

    def __init__(self, registry: Any, hook: Callable | None = None, *, extra: Any = ()) -> None:
        self.id = next(_ids)
        # Weak references: a handle kept around must not keep a module's hook tables alive.
        self._registry = _ref(registry)
        self._hook = hook  # for a list registry: the entry to take out
        self._extra = tuple(_ref(d) for d in extra)  # dicts of flags keyed by the same id

    def remove(self) -> None:
        registry = self._registry()
        if isinstance(registry, dict):
            registry.pop(self.id, None)
        elif registry is not None and self._hook in registry:
            registry.remove(self._hook)
        for ref in self._extra:
            flags = ref()
            if flags is not None:
                flags.pop(self.id, None)

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()

    def __repr__(self) -> str:
        return f"<torch.utils.hooks.RemovableHandle object at {id(self):#x}>"


class _Strong:
    """A reference to a list (lists cannot be weakly referenced); the list belongs to a node
    or a tensor, so holding it keeps nothing else alive."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __call__(self) -> Any:
        return self.value


def _ref(registry: Any) -> Callable[[], Any]:
    try:
        return weakref.ref(registry)
    except TypeError:
        return _Strong(registry)

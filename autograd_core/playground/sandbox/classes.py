"""Classes a snippet defines: `nn.Module` subclasses, custom `autograd.Function`s, `Dataset`s,
small helpers.

A class statement builds a real Python class, so that the engine's own machinery works on it:
`model(x)` goes through nn.Module's `__call__` to the snippet's `forward`, `MyFn.apply(x)` through
autograd.Function's to the snippet's static `forward` and, during backward, its `backward`. What
goes into the class is restricted so that nothing reaches Python's class machinery:

- bases: nothing (or `object`), an allow-listed engine class (nn.Module and its subclasses,
  autograd.Function, torch.utils.data.Dataset), or another class of the snippet's; no
  `metaclass=` or other keywords;
- the body: methods (`def`, `@staticmethod`, `@property`), and names bound to plain values
  (numbers, strings, tuples, lists, dicts, tensors); the only `__dunder__` method is
  `__init__`, plus `__call__`, `__repr__`, `__getitem__`, `__len__` and the arithmetic
  operators (`__add__`, `__rmul__`, `__neg__` ...: micrograd's Value) in a class with no
  engine base, and `__getitem__` and `__len__` in a Dataset (what a DataLoader calls); no name
  starting with `_` otherwise. An instance of a class with no engine base may keep attributes
  named `_like_this` (Value's `_prev`, `_backward`); on any other object they stay refused
  (checker._private_attributes, access.check_private).
  Not `__iter__`: a map-style Dataset is what the tutorials write, and an iterator protocol of
  the snippet's would let C code (list(), zip, the DataLoader) drive snippet code with no
  length known in advance;
- on a class with an engine base, no name the engine class already has (`parameters`, `apply`,
  `__call__` ...) except the ones meant to be written (`forward`, `backward`, `extra_repr` ...):
  shadowing the others would let the snippet change what the engine calls internally.

The snippet reads an instance's attributes through the same rules: what the snippet set or
defined, or what the engine base allows (access.get_attribute asks `user_attribute` first).
"""

from __future__ import annotations

import ast
import functools
import weakref
from typing import Any

from autograd_core.tensor import Tensor

from .errors import SnippetError
from .functions import BoundMethod, OnceDifferentiable, Property, StaticMethod, UserFunction
from .scopes import CLASS, Scope
from .values import Function, Method

# Every class a snippet has built (weak: classes die with their run's values).
_REGISTRIES = ("_parameters", "_buffers", "_modules")  # nn.Module.__getattr__'s order
USER_CLASSES: weakref.WeakSet[type] = weakref.WeakSet()

# Methods a subclass of each engine base is meant to write.
OVERRIDABLE = {
    "Module": frozenset({"__init__", "forward", "extra_repr", "reset_parameters"}),
    "Function": frozenset({"forward", "backward", "setup_context", "vjp", "jvp"}),
    "Dataset": frozenset({"__init__", "__getitem__", "__len__"}),
}
# d2l's Accumulator indexes itself (metric[0] / metric[2]): a plain class may define
# __getitem__ and __len__ as a Dataset does (Python then also iterates it through __getitem__,
# one charged call per item, until an IndexError).
# A plain class may define the arithmetic operators, as micrograd's scalar Value does (a + b
# calls the snippet's __add__ through the interpreter, one charged call like any method):
# not comparisons or hashing (__eq__, __hash__), which dicts, sets and sorting call from C.
ARITHMETIC_DUNDERS = frozenset(
    f"__{prefix}{name}__"
    for name in ("add", "sub", "mul", "truediv", "pow", "matmul")
    for prefix in ("", "r")
) | {"__neg__", "__pos__"}
PLAIN_DUNDERS = (
    frozenset({"__init__", "__call__", "__repr__", "__getitem__", "__len__"}) | ARITHMETIC_DUNDERS
)
# The dunder methods each kind of class may define (None: a class with no engine base).
DUNDERS = {
    None: PLAIN_DUNDERS,
    "Module": frozenset({"__init__"}),
    "Function": frozenset({"__init__"}),
    "Dataset": frozenset({"__init__", "__getitem__", "__len__"}),
}
# Class-level attributes of an engine base the snippet may read from its own class.
CLASS_METHODS = {"Function": frozenset({"apply"})}
_PLAIN_VALUES = (int, float, str, bool, type(None), tuple, list, dict, Tensor)


@functools.cache
def engine_bases() -> dict[str, type]:
    """The engine classes a snippet's class may derive from, by family (the same for every
    run: looked up once, as every attribute of a snippet's class or instance asks)."""
    from autograd_core import autograd, nn

    bases = {"Module": nn.Module}
    function = getattr(autograd, "Function", None)
    if function is not None:
        bases["Function"] = function
    try:
        from autograd_core.utils.data import Dataset
    except ImportError:  # no torch.utils.data in this build
        pass
    else:
        bases["Dataset"] = Dataset
    return bases


def family(cls: type) -> str | None:
    """ "Module", "Function", "Dataset" or None (a plain class) for a class of the snippet's."""
    for name, base in engine_bases().items():
        if issubclass(cls, base):
            return name
    return None


def is_user_class(value: Any) -> bool:
    return isinstance(value, type) and value in USER_CLASSES


def is_user_instance(value: Any) -> bool:
    return type(value) in USER_CLASSES


# own_names of each class of the snippet's, worked out once: nothing can change a class once
# its statement has run (a snippet cannot assign to a class, nor reach setattr), and an
# attribute of the snippet's class or instance asks on every read.
_OWN_NAMES: weakref.WeakKeyDictionary[type, frozenset[str]] = weakref.WeakKeyDictionary()


def own_names(cls: type) -> frozenset[str]:
    """Names the snippet defined in `cls` and its own base classes."""
    names = _OWN_NAMES.get(cls)
    if names is None:
        found: set[str] = set()
        for klass in cls.__mro__:
            if klass in USER_CLASSES:
                found.update(vars(klass))
        names = frozenset(found)
        if cls in USER_CLASSES:  # (complete: run_classdef registers a class once it is built)
            _OWN_NAMES[cls] = names
    return names


class SuperProxy:
    """`super()` inside a method: the rest of the class's bases, seen from `obj`."""

    __slots__ = ("cls", "obj")

    def __init__(self, cls: type, obj: Any) -> None:
        self.cls = cls
        self.obj = obj

    def __repr__(self) -> str:
        return f"<super: <class '{self.cls.__name__}'>, <{type(self.obj).__name__} object>>"


class EngineInit:
    """`super().__init__` when the next class is the engine's (or object's)."""

    __slots__ = ("base", "obj")

    def __init__(self, base: type, obj: Any) -> None:
        self.base = base
        self.obj = obj

    def __repr__(self) -> str:
        return f"<method-wrapper '__init__' of {type(self.obj).__name__} object>"


class ClassMixin:
    """Part of Interpreter: class statements, instances, super()."""

    def run_classdef(self, node: ast.ClassDef) -> None:
        bases = [
            object
            if isinstance(b, ast.Name) and b.id == "object"
            else self.class_base(self.evaluate(b))
            for b in node.bases
        ]
        bases = [b for b in bases if b is not object]
        engine = {family(b) for b in bases} - {None}
        if len(engine) > 1:
            raise TypeError(
                "a class can derive from one of nn.Module, autograd.Function and Dataset, not "
                "several"
            )
        kind = engine.pop() if engine else None
        scope = Scope(CLASS, {}, parent=self.frame)
        frame = self.frame
        self.frame = scope
        try:
            self.run_block(node.body)
        finally:
            self.frame = frame
        namespace = self.class_namespace(node, scope.vars, bases, kind)
        metaclass = type(bases[0]) if bases else type
        cls = metaclass(node.name, tuple(bases), namespace)
        USER_CLASSES.add(cls)
        for value in scope.vars.values():
            function = value.function if isinstance(value, StaticMethod) else value
            if isinstance(function, OnceDifferentiable):
                function = function.function
            if isinstance(function, UserFunction):
                function.owner = cls
        self.bind(node.name, cls)

    def class_base(self, value: Any) -> type:
        if is_user_class(value):
            return value
        real = value.real if isinstance(value, Function) and value.kind == "class" else None
        if isinstance(real, type) and any(issubclass(real, b) for b in engine_bases().values()):
            return real
        raise SnippetError(
            "a class here can derive from nn.Module (or a layer such as nn.Linear), from "
            "torch.autograd.Function, from torch.utils.data.Dataset, or from another class of "
            "yours",
            kind="unsupported",
        )

    def class_namespace(
        self, node: ast.ClassDef, values: dict[str, Any], bases: list[type], kind: str | None
    ) -> dict[str, Any]:
        namespace: dict[str, Any] = {"__module__": "__main__", "__qualname__": node.name}
        allowed_dunders = DUNDERS[kind]
        for name, value in values.items():
            if name.startswith("_") and name not in allowed_dunders:
                raise SnippetError(
                    f"`{name}`: {_dunders_allowed(kind)} but no other name starting with `_`",
                    kind="unsupported",
                )
            if kind is not None and name not in OVERRIDABLE[kind]:
                engine_base = engine_bases()[kind]
                if hasattr(engine_base, name):
                    raise SnippetError(
                        f"`{name}` is already a name of torch's {kind} class: choose another name "
                        "for it",
                        kind="unsupported",
                    )
            if isinstance(value, Property):
                value = property(value.function)
            elif isinstance(value, StaticMethod):
                function = value.function
                once = isinstance(function, OnceDifferentiable)
                value = staticmethod(function.wrapper if once else function)
            elif not isinstance(value, (UserFunction, *_PLAIN_VALUES)):
                raise SnippetError(
                    f"class attribute `{name}` must be a method or a plain value (a number, "
                    "string, list, dict or tensor)",
                    kind="unsupported",
                )
            namespace[name] = value
        return namespace

    # --- attributes of the snippet's classes and instances ------------------------------------

    def user_attribute(self, obj: Any, name: str) -> tuple[bool, Any]:
        """(handled, value) of obj.name when obj is a class of the snippet's, an instance of
        one, or a super() proxy; (False, None) to fall through to the engine's rules."""
        if isinstance(obj, SuperProxy):
            return True, self.super_attribute(obj, name)
        if is_user_class(obj):
            if name in own_names(obj):
                return True, getattr(obj, name)
            kind = family(obj)
            if kind is not None and name in CLASS_METHODS.get(kind, ()):
                return True, Method(obj, name)
            raise AttributeError(f"type object '{obj.__name__}' has no attribute '{name}'")
        if not is_user_instance(obj):
            return False, None
        return self.instance_attribute(obj, name)

    def instance_attribute(self, obj: Any, name: str) -> tuple[bool, Any]:
        """user_attribute() of an instance of one of the snippet's classes (`self.fc1`)."""
        own = vars(obj)
        if name in own:
            return True, getattr(obj, name)
        # self.fc1, self.weight: what nn.Module.__getattr__ returns, read from its registries
        # here in its order (getattr would first fail the ordinary lookup, raising and catching
        # an AttributeError: `self.a` in a forward() run 2,000 times). A name the class itself
        # has (a method, a property) is read the ordinary way.
        for registry in _REGISTRIES:
            entries = own.get(registry)
            if entries is not None and name in entries:
                key = (type(obj), name)
                shadowed = self.class_names.get(key)
                if shadowed is None:
                    shadowed = self.class_names[key] = hasattr(type(obj), name)
                return True, getattr(obj, name) if shadowed else entries[name]
        if name in own_names(type(obj)):  # a method, a property (after the cheaper tests)
            return True, getattr(obj, name)
        if family(type(obj)) is None:
            raise AttributeError(f"'{type(obj).__name__}' object has no attribute '{name}'")
        return False, None

    def set_user_attribute(self, obj: Any, name: str, value: Any) -> bool:
        """obj.name = value on an instance of the snippet's classes (True when done)."""
        if not is_user_instance(obj):
            return False
        kind = family(type(obj))
        if kind is not None and hasattr(engine_bases()[kind], name):
            raise SnippetError(
                f"`.{name}` is a name of torch's {kind} class and cannot be assigned here",
                kind="unsupported",
            )
        if isinstance(value, Function | Method):
            raise SnippetError(
                "only values, tensors, modules and your own functions can be stored as attributes",
                kind="unsupported",
            )
        setattr(obj, name, value)
        return True

    def value_super(self, node: ast.Call) -> SuperProxy:
        if node.args:
            args = [self.evaluate(a) for a in node.args]
            if len(args) != 2 or not is_user_class(args[0]):
                raise TypeError("super() here takes no arguments, or (YourClass, self)")
            cls, obj = args
        else:
            function = self.frame.function
            cls = function.owner if function is not None else None
            params = function.node.args.args if function is not None else []
            if cls is None or not params or params[0].arg not in self.frame.vars:
                raise RuntimeError("super(): no arguments")
            obj = self.frame.vars[params[0].arg]
        if not isinstance(obj, cls):
            raise TypeError("super(type, obj): obj must be an instance or subtype of type")
        return SuperProxy(cls, obj)

    def super_attribute(self, proxy: SuperProxy, name: str) -> Any:
        mro = type(proxy.obj).__mro__
        for klass in mro[mro.index(proxy.cls) + 1 :]:
            if klass not in USER_CLASSES:
                if name == "__init__":
                    return EngineInit(klass, proxy.obj)
                if klass is object:
                    break
                value = self.get_attribute_engine(proxy.obj, name)
                if isinstance(value, Method):
                    return Method(super(proxy.cls, proxy.obj), name)
                return value
            if name in vars(klass):
                value = vars(klass)[name]
                if isinstance(value, UserFunction):
                    return BoundMethod(value, proxy.obj)
                if isinstance(value, staticmethod):
                    return value.__func__
                if isinstance(value, property):  # super().size, a parent's @property
                    return value.fget(proxy.obj)
                return value
        raise AttributeError(f"'super' object has no attribute '{name}'")

    def call_engine_init(self, init: EngineInit, args: list[Any], kwargs: dict[str, Any]) -> None:
        args, kwargs = self.engine_arguments("__init__", args, kwargs)
        if init.base is object:
            if args or kwargs:
                raise TypeError("object.__init__() takes exactly one argument (the instance)")
            return
        init.base.__init__(init.obj, *args, **kwargs)


def _dunders_allowed(kind: str | None) -> str:
    """What a class of this kind may define, in words: "a Dataset here can define __init__,
    __getitem__ and __len__"."""
    names = sorted(DUNDERS[kind], key=lambda n: (n != "__init__", n))
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    what = {None: "a class", "Module": "an nn.Module", "Function": "an autograd.Function"}
    return f"{what.get(kind, 'a ' + str(kind))} here can define {listed}"


def type_name(value: Any) -> str:
    """type(value).__name__, as the snippet may ask for it."""
    from .exceptions import ErrorValue
    from .values import describe

    if isinstance(value, ErrorValue):
        return value.type_name
    if isinstance(value, UserFunction | BoundMethod):
        return "function" if isinstance(value, UserFunction) else "method"
    if isinstance(value, type) and value in USER_CLASSES:
        return "type"
    return describe(value)

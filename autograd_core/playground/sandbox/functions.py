"""Functions a snippet defines: `def`, `lambda`, decorators, calls, `return`, generators.

A `UserFunction` is the syntax tree of the body plus the scope it closes over; calling it runs the
body with this interpreter, in a new `Scope`, one call level deeper (bounded by
Limits.max_call_depth, which also bounds recursion). It is also a real Python callable, so the
engine can call it back: a tensor hook (`x.register_hook(lambda g: g * 2)`), the function of
`torch.autograd.functional.jacobian(f, x)`, the closure of `optimizer.step(closure)`, the
`forward` of an nn.Module subclass called through `model(x)`. Every such call runs in the
interpreter of the run that is active in the calling thread, charged to that run's budget; called
with no run active (by page code after the run, say) it refuses to run at all.

An error inside a function called by the engine travels back through the engine's frames as a
`CallbackAbort` (a BaseException, so no `except Exception` in the engine can swallow it) and
becomes the SnippetError again where the snippet called the engine. Each function the error
leaves adds its call site to `SnippetError.calls`, so the page can say "line 3, in forward
(called from line 12)".

A function whose body contains `yield` is a generator function: calling it returns a
`UserGenerator` that runs the body one `yield` at a time (`yield` is supported as a statement,
which is how generators are written in tutorials, e.g. d2l's `data_iter`).
"""

from __future__ import annotations

import ast
import inspect
from contextvars import ContextVar
from typing import Any

from autograd_core.autograd.function import once_differentiable
from autograd_core.grad_mode import no_grad, set_grad_enabled

from .errors import SnippetError
from .scopes import FUNCTION, Scope, local_names

# The interpreter running in this context (set by run.py for the duration of a run).
ACTIVE: ContextVar[Any] = ContextVar("autograd_core_sandbox_interpreter", default=None)


class Return(BaseException):
    """`return value` travelling to its call. BaseException: no `except` in the snippet stops it."""

    def __init__(self, value: Any) -> None:
        self.value = value


class CallbackAbort(BaseException):
    """A SnippetError raised inside a function the engine called, on its way back through the
    engine's own frames (which may catch Exception, but not this)."""

    def __init__(self, error: SnippetError) -> None:
        super().__init__(str(error))
        self.error = error


class EndOfItems(IndexError):
    """An IndexError raised by a Dataset's own `__getitem__`, as Python's iteration protocol
    needs it: `for sample in dataset` (a class with __getitem__ and no __iter__) asks for items
    0, 1, 2, ... until one raises IndexError, in C. Only a catchable error of the snippet's own
    code travels this way; the interpreter turns it back into its SnippetError (message, line
    and call sites) wherever it surfaces."""

    def __init__(self, error: SnippetError) -> None:
        super().__init__(error.message)
        self.error = error


def _outside_a_run(what: str) -> SnippetError:
    return SnippetError(
        f"{what} was defined in a playground snippet and only runs while a snippet runs",
        kind="unsupported",
    )


class UserFunction:
    """A function the snippet defined (`def` or `lambda`)."""

    __slots__ = (
        "__weakref__",
        "closure",
        "declared_global",
        "defaults",
        "grad_modes",
        "is_generator",
        "kw_defaults",
        "local_names",
        "name",
        "node",
        "nonlocals",
        "owner",
        "positional",
    )

    def __init__(self, node: ast.FunctionDef | ast.Lambda, closure: Scope | None) -> None:
        self.node = node
        self.name = node.name if isinstance(node, ast.FunctionDef) else "<lambda>"
        self.closure = closure
        self.local_names, self.declared_global, self.nonlocals = local_names(node)
        self.defaults: list[Any] = []
        self.kw_defaults: list[Any] = []
        self.grad_modes: list[Any] = []  # @torch.no_grad() and friends, outermost first
        self.is_generator = isinstance(node, ast.FunctionDef) and _has_yield(node)
        self.owner: type | None = None  # the class it was defined in (for super())
        # The parameter names, when every one is a plain positional one (no *args, **kwargs
        # or keyword-only): a call with exactly that many positional arguments binds them in
        # order, without bind_arguments' general matching. None otherwise.
        spec = node.args
        self.positional: tuple[str, ...] | None = (
            None
            if spec.vararg or spec.kwarg or spec.kwonlyargs
            else tuple(a.arg for a in (*spec.posonlyargs, *spec.args))
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Called by the engine (or by Python's own machinery: `Net()` calling __init__)."""
        interp = ACTIVE.get()
        if interp is None:
            raise _outside_a_run(f"the function `{self.name}`")
        try:
            return interp.call_user(self, list(args), kwargs)
        except SnippetError as error:
            if self.name == "__getitem__" and error.catchable and error.exc_type is IndexError:
                raise EndOfItems(error) from None
            raise CallbackAbort(error) from None

    @property
    def __signature__(self) -> inspect.Signature:
        """The parameters as written, for the engine's inspect.signature (Function.apply binds
        a new-style `forward(x, weight, bias=None)`'s defaults before setup_context)."""
        spec, P = self.node.args, inspect.Parameter
        params = []
        positional = [*spec.posonlyargs, *spec.args]
        defaults = [P.empty] * (len(positional) - len(self.defaults)) + list(self.defaults)
        for i, (arg, default) in enumerate(zip(positional, defaults, strict=True)):
            kind = P.POSITIONAL_ONLY if i < len(spec.posonlyargs) else P.POSITIONAL_OR_KEYWORD
            params.append(P(arg.arg, kind, default=default))
        if spec.vararg:
            params.append(P(spec.vararg.arg, P.VAR_POSITIONAL))
        for arg, default, written in zip(
            spec.kwonlyargs, self.kw_defaults, spec.kw_defaults, strict=True
        ):
            params.append(
                P(arg.arg, P.KEYWORD_ONLY, default=P.empty if written is None else default)
            )
        if spec.kwarg:
            params.append(P(spec.kwarg.arg, P.VAR_KEYWORD))
        return inspect.Signature(params)

    def __get__(self, obj: Any, cls: type | None = None) -> Any:
        # A method: reading it from an instance binds the instance, as Python functions do.
        return self if obj is None else BoundMethod(self, obj)

    def __repr__(self) -> str:
        return f"<function {self.name} at {id(self):#x}>"


class BoundMethod:
    """`obj.method` for a method the snippet defined in its class."""

    __slots__ = ("function", "obj")

    def __init__(self, function: UserFunction, obj: Any) -> None:
        self.function = function
        self.obj = obj

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.function(self.obj, *args, **kwargs)

    def __repr__(self) -> str:
        return f"<bound method {type(self.obj).__name__}.{self.function.name}>"


class StaticMethod:
    """What `@staticmethod` makes of a function until its class is built."""

    __slots__ = ("function",)

    def __init__(self, function: UserFunction) -> None:
        self.function = function


class OnceDifferentiable:
    """What `@once_differentiable` makes of the snippet's backward: the engine's own wrapper
    (recording off while it runs; a second derivative through it raises PyTorch's error) around
    the function. Only `@staticmethod` takes it, for a class's `backward`."""

    __slots__ = ("function", "wrapper")

    def __init__(self, function: UserFunction) -> None:
        self.function = function
        self.wrapper = once_differentiable(function)


class Property(StaticMethod):
    """What `@property` makes of a method until its class is built (then a read-only Python
    property whose getter is the method: reading the attribute calls it through the
    interpreter, charged to the run like any call; no setter, since `@x.setter` would need
    the property object's own attributes)."""

    __slots__ = ()


class Suspended:
    """A generator of the snippet's (a generator function's call, or a generator expression):
    each step runs in the scope it belongs to, in the run that created it, one level deeper."""

    __slots__ = ("interp", "name", "scope", "steps")

    def __init__(self, interp: Any, scope: Scope, steps: Any, name: str) -> None:
        self.interp = interp
        self.scope = scope
        self.steps = steps
        self.name = name

    def __iter__(self) -> Suspended:
        return self

    def __next__(self) -> Any:
        interp = self.interp
        if ACTIVE.get() is not interp:
            raise _outside_a_run(f"the generator `{self.name}`")
        frame, line = interp.frame, interp.line
        interp.enter_call()
        interp.frame = self.scope
        try:
            return next(self.steps)
        finally:
            interp.frame, interp.line = frame, line
            interp.depth -= 1

    def __repr__(self) -> str:
        return f"<generator object {self.name} at {id(self):#x}>"


def _has_yield(node: ast.FunctionDef) -> bool:
    stack: list[ast.AST] = list(node.body)
    while stack:
        child = stack.pop()
        if isinstance(child, ast.Yield | ast.YieldFrom):
            return True
        if not isinstance(child, ast.FunctionDef | ast.Lambda | ast.ClassDef):
            stack.extend(ast.iter_child_nodes(child))
    return False


def yielding_statements(tree: ast.AST) -> set[int]:
    """ids of the statements that contain a `yield` of their own function (these run
    step by step; every other statement runs straight through)."""
    found: set[int] = set()

    def visit(node: ast.AST, chain: list[ast.AST]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.Lambda | ast.ClassDef):
                visit(child, [])
                continue
            if isinstance(child, ast.Yield | ast.YieldFrom):
                found.update(id(s) for s in chain)
            visit(child, [*chain, child] if isinstance(child, ast.stmt) else chain)

    visit(tree, [])
    return found


# Python's wording for a call that does not match the parameters.
def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _names_list(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + (", and " if len(quoted) > 2 else " and ") + quoted[-1]


class FunctionMixin:
    """Part of Interpreter: defining and calling the snippet's functions."""

    # --- defining ----------------------------------------------------------------------------

    def make_function(self, node: ast.FunctionDef | ast.Lambda) -> UserFunction:
        function = UserFunction(node, self.frame.enclosing())
        args = node.args
        function.defaults = [self.evaluate(d) for d in args.defaults]  # once, at definition
        function.kw_defaults = [None if d is None else self.evaluate(d) for d in args.kw_defaults]
        return function

    def run_functiondef(self, node: ast.FunctionDef) -> None:
        decorators = [self.decorator(d) for d in node.decorator_list]
        value: Any = self.make_function(node)
        for decorator in reversed(decorators):  # the one nearest the def applies first
            value = self.apply_decorator(decorator, value)
        self.bind(node.name, value)

    def value_lambda(self, node: ast.Lambda) -> UserFunction:
        return self.make_function(node)

    def decorator(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Name) and node.id in ("staticmethod", "property"):
            return StaticMethod if node.id == "staticmethod" else Property  # (the checker
            # allows them only on a method)
        return self.evaluate(node)

    def apply_decorator(self, decorator: Any, value: Any) -> Any:
        from .values import Function

        if decorator is StaticMethod or decorator is Property:
            once = decorator is StaticMethod and isinstance(value, OnceDifferentiable)
            if not isinstance(value, UserFunction) and not once:
                raise TypeError("@staticmethod and @property go nearest the def here")
            return decorator(value)
        if isinstance(decorator, Function) and decorator.fn is once_differentiable:
            if not isinstance(value, UserFunction):
                raise TypeError("@once_differentiable goes nearest the def of a backward here")
            return OnceDifferentiable(value)
        if isinstance(decorator, Function) and decorator.kind == "class":
            real = decorator.real
            if isinstance(real, type) and issubclass(real, no_grad):  # bare @torch.no_grad
                decorator = real()
        if isinstance(decorator, no_grad | set_grad_enabled):
            if not isinstance(value, UserFunction):
                raise TypeError("torch.no_grad() and friends decorate functions")
            value.grad_modes.insert(0, decorator)
            return value
        if isinstance(decorator, UserFunction | BoundMethod):
            return self.call(decorator, [value], {})
        raise SnippetError(
            "only @torch.no_grad(), @torch.enable_grad(), @torch.inference_mode(), "
            "@staticmethod, @property and functions you define can decorate a function here",
            kind="unsupported",
        )

    def run_return(self, node: ast.Return) -> None:
        raise Return(None if node.value is None else self.evaluate(node.value))

    def run_declaration(self, node: ast.Global | ast.Nonlocal) -> None:
        """global/nonlocal: already taken into account when the function was defined."""

    # --- calling -----------------------------------------------------------------------------

    def enter_call(self) -> None:
        self.depth += 1
        if self.depth > self.limits.max_call_depth:
            self.depth -= 1
            raise self.budget.fail("max_call_depth")

    def call_user(self, function: UserFunction, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """Run `function` with these arguments in this run: a new scope, one level deeper."""
        budget = self.budget
        budget.operations += 1  # Budget.tick(), written out (a call of the snippet's own)
        if budget.operations >= budget.next_check:
            budget.checkpoint()
        positional = function.positional
        if positional is not None and not kwargs and len(args) == len(positional):
            # f(x) of def f(a), f(x, y) of def f(a, b): the common calls, bound in order
            # (a dict display is several times quicker than dict(zip(...)) for one or two)
            n = len(args)
            if n == 1:
                values = {positional[0]: args[0]}
            elif n == 2:
                values = {positional[0]: args[0], positional[1]: args[1]}
            else:
                values = dict(zip(positional, args))
        else:
            values = self.bind_arguments(function, args, kwargs)
        scope = Scope(
            FUNCTION,
            values,
            function.closure,
            function.local_names,
            function.declared_global,
            function.nonlocals,
            function,
        )
        if function.is_generator:
            return Suspended(self, scope, self.generator_steps(function), function.name)
        body = self.bodies.get(function.node)
        if body is None:
            body = self.body_handler(function.node)  # (handlers.py: built at the first call)
        frame, line = self.frame, self.line
        self.depth += 1  # enter_call(), written out
        if self.depth > self.limits.max_call_depth:
            self.depth -= 1
            raise budget.fail("max_call_depth")
        if function.grad_modes:
            body = _in_grad_modes(function.grad_modes, body)
        try:
            self.frame = scope
            return body()
        except Return as done:
            return done.value
        except SnippetError as error:
            error.calls.append((line, function.name))
            raise
        finally:
            self.frame, self.line = frame, line
            self.depth -= 1

    def generator_steps(self, function: UserFunction) -> Any:
        try:
            yield from self.steps_of(function.node.body)
        except Return:
            return

    def bind_arguments(
        self, function: UserFunction, args: list[Any], kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        """Python's matching of arguments to parameters, with Python's messages."""
        spec = function.node.args
        name = function.name
        positional = [a.arg for a in (*spec.posonlyargs, *spec.args)]
        values: dict[str, Any] = {}
        for param, value in zip(positional, args):
            values[param] = value
        extra = args[len(positional) :]
        if spec.vararg is not None:
            values[spec.vararg.arg] = tuple(extra)
        elif extra:
            given = len(args)
            takes = len(positional)
            low = takes - len(spec.defaults)
            expected = f"from {low} to {takes}" if low != takes else f"{takes}"
            raise TypeError(
                f"{name}() takes {expected} positional argument{'s' if takes != 1 else ''} "
                f"but {given} {'was' if given == 1 else 'were'} given"
            )
        keyword_params = set(positional[len(spec.posonlyargs) :]) | {a.arg for a in spec.kwonlyargs}
        rest: dict[str, Any] = {}
        for key, value in kwargs.items():
            if key in keyword_params:
                if key in values:
                    raise TypeError(f"{name}() got multiple values for argument '{key}'")
                values[key] = value
            elif spec.kwarg is not None:
                rest[key] = value
            else:
                raise TypeError(f"{name}() got an unexpected keyword argument '{key}'")
        if spec.kwarg is not None:
            self.budget.charge_items(len(rest))
            values[spec.kwarg.arg] = rest
        defaults = dict(zip(positional[len(positional) - len(spec.defaults) :], function.defaults))
        missing = []
        for param in positional:
            if param not in values:
                if param in defaults:
                    values[param] = defaults[param]
                else:
                    missing.append(param)
        if missing:
            raise TypeError(
                f"{name}() missing {len(missing)} required positional "
                f"argument{'s' if len(missing) > 1 else ''}: {_names_list(missing)}"
            )
        missing = []
        for param, default in zip(spec.kwonlyargs, function.kw_defaults):
            if param.arg not in values:
                if param.arg in kwargs:
                    values[param.arg] = kwargs[param.arg]
                elif default is not None or param.arg in _given_none(spec, param):
                    values[param.arg] = default
                else:
                    missing.append(param.arg)
        if missing:
            raise TypeError(
                f"{name}() missing {len(missing)} required keyword-only "
                f"argument{'s' if len(missing) > 1 else ''}: {_names_list(missing)}"
            )
        return values


def _in_grad_modes(modes: list[Any], body: Any) -> Any:
    """The body of a function decorated with @torch.no_grad() and friends: run inside a fresh
    copy of each mode (a decorator's manager is entered anew by every call, as PyTorch's are),
    left again however the body ends (a `return` inside it included)."""

    def in_modes() -> Any:
        managers = [mode.clone() for mode in modes]
        for manager in managers:
            manager.__enter__()
        try:
            return body()
        finally:
            for manager in reversed(managers):
                manager.__exit__(None, None, None)

    return in_modes


def _given_none(spec: ast.arguments, param: ast.arg) -> set[str]:
    """kw-only parameters whose default is the literal None (kw_defaults uses None for 'no
    default', so tell `k=None` apart from `k`)."""
    index = spec.kwonlyargs.index(param)
    default = spec.kw_defaults[index]
    return {param.arg} if default is not None else set()

"""Where a name lives: the module, a function call, a class body or a comprehension.

Python decides statically which names of a function are its own: every name the body assigns
(parameters, `x = ...`, `for x in`, `def x`, `import x`, ...) is local unless declared `global` or
`nonlocal`; everything else is looked up in the enclosing functions (a closure), then the module,
then the builtins. `local_names` computes that set once per `def`, and a `Scope` per call holds
the values, so that

    def counter():
        n = 0
        def step():
            nonlocal n
            n += 1
            return n
        return step

behaves as in Python, including UnboundLocalError for a local read before it is assigned. Class
bodies are scopes whose names the methods do not see (as in Python: methods reach class
attributes through `self`), and comprehensions have their own scope for their loop variables.
"""

from __future__ import annotations

import ast
from typing import Any

MODULE, FUNCTION, CLASS, COMPREHENSION = "module", "function", "class", "comprehension"


class Scope:
    """One namespace: its values, and which names belong to it (None: every name it binds)."""

    __slots__ = ("function", "globals", "kind", "local_names", "nonlocals", "parent", "vars")

    def __init__(
        self,
        kind: str,
        values: dict[str, Any],
        parent: Scope | None = None,
        local_names: frozenset[str] | None = None,
        declared_global: frozenset[str] = frozenset(),
        nonlocals: frozenset[str] = frozenset(),
        function: Any = None,
    ) -> None:
        self.kind = kind
        self.vars = values
        self.parent = parent
        self.local_names = local_names
        self.globals = declared_global
        self.nonlocals = nonlocals
        self.function = function  # the UserFunction this call runs (for super())

    def owns(self, name: str) -> bool:
        """Is `name` a variable of this scope (rather than of an enclosing one)?"""
        if name in self.globals or name in self.nonlocals:
            return False
        return self.local_names is None or name in self.local_names

    def enclosing(self) -> Scope | None:
        """The scope a function defined here closes over: class bodies are skipped."""
        scope: Scope | None = self
        while scope is not None and scope.kind == CLASS:
            scope = scope.parent
        return scope


def read(scope: Scope, name: str) -> tuple[bool, Any]:
    """(found, value) of `name` from `scope` outwards, stopping before the module scope.

    Raises UnboundLocalError / NameError the way Python does for a variable of a function that
    has not been assigned yet.
    """
    current: Scope | None = scope
    first = True
    while current is not None and current.kind != MODULE:
        if name in current.globals:
            return False, None
        if current.kind == CLASS:
            if first and name in current.vars:
                return True, current.vars[name]
        elif current.owns(name):
            if name in current.vars:
                return True, current.vars[name]
            if first:
                raise UnboundLocalError(
                    f"cannot access local variable '{name}' where it is not associated with a value"
                )
            else:
                raise NameError(
                    f"cannot access free variable '{name}' where it is not associated with a "
                    "value in enclosing scope"
                )
        first = False
        current = current.parent
    return False, None


def target(scope: Scope, name: str) -> Scope | None:
    """The scope that `name = ...` writes to (None: the module scope)."""
    current: Scope | None = scope
    while current is not None and current.kind != MODULE:
        if name in current.globals:
            return None
        if name in current.nonlocals:
            current = _outer_function(current.parent)
            while current is not None and not current.owns(name):
                if name in current.globals:
                    return None
                current = _outer_function(current.parent)
            if current is None:
                raise SyntaxError(f"no binding for nonlocal '{name}' found")
            return current
        if current.kind == COMPREHENSION and not current.owns(name):
            current = current.parent  # `:=` in a comprehension binds in the enclosing scope
            continue
        return current
    return None


def _outer_function(scope: Scope | None) -> Scope | None:
    while scope is not None and scope.kind in (CLASS, COMPREHENSION):
        scope = scope.parent
    return scope if scope is not None and scope.kind == FUNCTION else None


# --- which names a function owns -------------------------------------------------------------


def local_names(node: ast.FunctionDef | ast.Lambda) -> tuple[frozenset, frozenset, frozenset]:
    """(locals, declared global, declared nonlocal) of a def or lambda, as Python's compiler
    decides them."""
    args = node.args
    params = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    params += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    assigned: set[str] = set(params)
    declared_global: set[str] = set()
    nonlocal_names: set[str] = set()
    body = node.body if isinstance(node.body, list) else [ast.Expr(node.body)]
    stack: list[ast.AST] = list(body)
    while stack:
        child = stack.pop()
        if isinstance(child, ast.Global):
            declared_global.update(child.names)
        elif isinstance(child, ast.Nonlocal):
            nonlocal_names.update(child.names)
        elif isinstance(child, ast.FunctionDef | ast.ClassDef):
            assigned.add(child.name)
            stack.extend(child.decorator_list)
            if isinstance(child, ast.FunctionDef):
                stack.extend(child.args.defaults)
                stack.extend(d for d in child.args.kw_defaults if d is not None)
            else:
                stack.extend(child.bases)
            continue  # its body is its own scope
        elif isinstance(child, ast.Lambda):
            stack.extend(child.args.defaults)
            continue
        elif isinstance(child, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            stack.append(child.generators[0].iter)  # evaluated here; the rest is its own scope
            stack.extend(n for n in ast.walk(child) if isinstance(n, ast.NamedExpr))
            continue
        elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store | ast.Del):
            assigned.add(child.id)
        elif isinstance(child, ast.NamedExpr):
            assigned.add(child.target.id)
        elif isinstance(child, ast.ExceptHandler) and child.name:
            assigned.add(child.name)
        elif isinstance(child, ast.alias):
            assigned.add((child.asname or child.name).split(".")[0])
        stack.extend(ast.iter_child_nodes(child))
    own = frozenset(assigned - declared_global - nonlocal_names)
    return own, frozenset(declared_global), frozenset(nonlocal_names)


def comprehension_names(
    node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp,
) -> frozenset:
    """The loop variables of a comprehension (its own scope)."""
    names = set()
    for generator in node.generators:
        for child in ast.walk(generator.target):
            if isinstance(child, ast.Name):
                names.add(child.id)
    return frozenset(names)

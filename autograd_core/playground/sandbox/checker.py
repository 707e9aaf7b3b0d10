"""The static check: refuse everything outside the subset before a single line runs.

`check(tree, limits)` walks the whole syntax tree once (iteratively: a tree 10,000 levels deep
must not crash the checker) and raises a SnippetError for the first thing it cannot allow, with
the construct's name, line, column and, where there is one, what to write instead. Because this
happens before execution, a snippet with `import os` on line 40 prints nothing from lines 1-39:
refused code never half-runs.

What is checked here (everything that can be decided from the text alone):
- the size of the tree and how deeply it nests;
- statement and expression types: the subset, listed in ALLOWED, and a message for the rest;
- names: no `__dunder__` names, none of the builtins that open a way out (`getattr`, `open`...);
  `super` only as super() in a method, `staticmethod` and `property` only as a method's
  decorator, `type` only called with one value, type(x);
- attributes: none starting with `_` (no `x.__class__`, `torch._C`, `grad_fn._saved_self`),
  except `.__name__` of type(x) or x.__class__, `.__init__` of super(), and the `_name`s a plain
  class of the snippet's assigns (checked again when the line runs: only on its instances);
- where things are: `return` and `yield` (as a statement) only in a def, `global`/`nonlocal` only
  in a function, `break`/`continue` only in a loop of their own function; class bodies hold
  methods and plain assignments, no `metaclass=`, no `_` names but __init__ (and __call__,
  __repr__), no decorators on the class;
- imports: only torch (and its nn/optim/autograd parts), numpy's constants, math; and
  attributes of those modules, where the snippet never rebinds the name, against the allow-list;
- literals: no bytes or complex numbers, integers and strings within the limits; no
  `"{0.attr}".format(...)` templates;
- what the compiler (not the parser) would reject: `break` outside a loop, repeated keywords.
"""

from __future__ import annotations

import ast
import re
import string

from .allowlist import FORBIDDEN_NAMES, NAMESPACES, REFUSED_HINTS
from .classes import ARITHMETIC_DUNDERS
from .errors import SnippetError
from .limits import Limits, limit_error

ALLOWED = frozenset(
    {
        # statements
        ast.Module, ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For, ast.If, ast.With,
        ast.Pass, ast.Break, ast.Continue, ast.Assert, ast.Import, ast.ImportFrom, ast.Delete,
        ast.While, ast.Try, ast.Raise, ast.FunctionDef, ast.ClassDef, ast.Return, ast.Global,
        ast.Nonlocal,
        # expressions
        ast.BoolOp, ast.NamedExpr, ast.BinOp, ast.UnaryOp, ast.IfExp, ast.Dict, ast.List,
        ast.Tuple, ast.Compare, ast.Call, ast.FormattedValue, ast.JoinedStr, ast.Constant,
        ast.Attribute, ast.Subscript, ast.Starred, ast.Name, ast.Slice, ast.Lambda, ast.ListComp,
        ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Set, ast.Yield, ast.YieldFrom,
        # the pieces they are made of
        ast.Load, ast.Store, ast.Del, ast.And, ast.Or, ast.Add, ast.Sub, ast.Mult, ast.MatMult,
        ast.Div, ast.Mod, ast.Pow, ast.LShift, ast.RShift, ast.BitOr, ast.BitXor, ast.BitAnd,
        ast.FloorDiv, ast.Invert, ast.Not, ast.UAdd, ast.USub, ast.Eq, ast.NotEq, ast.Lt,
        ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot, ast.In, ast.NotIn, ast.keyword, ast.alias,
        ast.withitem, ast.arguments, ast.arg, ast.comprehension, ast.ExceptHandler,
    }
)  # fmt: skip

REFUSED = {
    ast.AsyncFunctionDef: "`async def` is not supported: use a plain def",
    ast.Await: "`await` is not supported",
    ast.AsyncFor: "`async for` is not supported: use a plain for loop",
    ast.AsyncWith: "`async with` is not supported: use a plain with block",
    ast.Match: "`match` is not supported: use if/elif/else",
}
NAMED = {ast.TryStar: "`try`", ast.MatchValue: "`match`"}
_SCOPES = (ast.FunctionDef, ast.Lambda, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
CLASS_BODY = "a class body here holds methods (def) and simple assignments (name = value)"

# The modules a snippet may import, as namespace paths (`import torch.nn as nn`).
IMPORTABLE = frozenset(NAMESPACES) - {"torch.cuda"}
_IMPORT_HINTS = {
    "matplotlib": "plotting is not available in the playground (the graph pages draw for you): "
    "print the values instead",
    "pylab": "plotting is not available in the playground: print the values instead",
    "torchvision": "datasets and models are not available in the playground",
}


class Place:
    """Where a node is: in how many loops (of its own function), in which kind of scope."""

    __slots__ = ("class_body", "comprehension", "function", "loops", "method")

    def __init__(self, loops=0, function=None, method=False, class_body=False, comprehension=False):
        self.loops = loops
        self.function = function  # None, "def" or "lambda"
        self.method = method  # inside a def written directly in a class body
        self.class_body = class_body  # a statement directly in a class body
        self.comprehension = comprehension

    def child(self, parent: ast.AST, child: ast.AST) -> Place:
        if isinstance(parent, ast.ClassDef):
            in_body = any(child is s for s in parent.body)
            return Place(class_body=in_body)
        if isinstance(parent, ast.FunctionDef):
            if any(child is s for s in parent.body):
                return Place(function="def", method=self.class_body)
            return Place(self.loops, self.function, self.method, comprehension=self.comprehension)
        if isinstance(parent, ast.Lambda):
            return Place(function="lambda", method=self.method)
        loops = self.loops
        if isinstance(parent, ast.For | ast.While) and any(child is s for s in parent.body):
            loops += 1  # (a loop's else: belongs to the enclosing loop, as in Python)
        comprehension = self.comprehension or isinstance(parent, _COMPREHENSIONS)
        return Place(loops, self.function, self.method, comprehension=comprehension)


def check(tree: ast.Module, limits: Limits) -> None:
    """Raise SnippetError for the first construct (in source order) outside the subset."""
    aliases, rebound = _imports_and_rebindings(tree)
    allowed: set[int] = set()  # ids of nodes allowed by where they are (super(), *args, ...)
    allowed.update(_private_attributes(tree))
    stack: list[tuple[ast.AST, int, Place]] = [(tree, 1, Place())]
    count = 0
    while stack:
        node, depth, place = stack.pop()
        count += 1
        if count > limits.max_ast_nodes:
            raise _at(limit_error("max_ast_nodes", limits, _size(tree)), node)
        if depth > limits.max_nesting:
            raise _at(limit_error("max_nesting", limits, depth), node)
        _check_node(node, place, limits, aliases, rebound, allowed)
        children = list(ast.iter_child_nodes(node))
        for child in reversed(children):  # reversed: pop in source order, report the first
            stack.append((child, depth + 1, place.child(node, child)))


def _size(tree: ast.AST) -> int:
    return sum(1 for _ in ast.walk(tree))


def _at(error: SnippetError, node: ast.AST) -> SnippetError:
    error.line = getattr(node, "lineno", None)
    col = getattr(node, "col_offset", None)
    error.col = col + 1 if col is not None else None
    return error


def refuse(message: str, node: ast.AST) -> SnippetError:
    return _at(SnippetError(message, kind="unsupported"), node)


def _syntax(message: str, node: ast.AST) -> SnippetError:
    return _at(SnippetError(message, kind="syntax"), node)


def _check_node(node, place, limits, aliases, rebound, allowed) -> None:
    kind = type(node)
    if kind not in ALLOWED:
        message = REFUSED.get(kind) or f"{NAMED.get(kind, kind.__name__)} is not supported here"
        raise refuse(message, node)
    if kind is ast.Name:
        if id(node) not in allowed:
            # A name the snippet binds itself (`def forward(ctx, input)`) is its own variable,
            # never the builtin: at run time an unbound one is refused by lookup() instead.
            load = isinstance(node.ctx, ast.Load) and node.id not in rebound
            _check_name(node.id, node, load)
    elif kind is ast.Attribute:
        value = node.value
        call = isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
        if node.attr == "__name__" and call and value.func.id == "type":
            if len(value.args) != 1 or value.keywords or isinstance(value.args[0], ast.Starred):
                raise refuse("`type` takes one value here: type(x).__name__", node)
            allowed.add(id(value.func))  # type(e).__name__: the name of a value's type
        elif (
            node.attr == "__name__"
            and isinstance(value, ast.Attribute)
            and (value.attr == "__class__")
        ):
            # m.__class__.__name__ (the DCGAN tutorial's weights_init): type(m).__name__ spelt
            # the other way, a string; `__class__` alone, the class itself, stays out of reach
            allowed.add(id(value))
        elif id(node) in allowed:  # m.__class__.__name__, or a plain class's own `_prev`
            pass
        elif node.attr == "__init__" and call and value.func.id == "super":
            pass  # super().__init__(...)
        else:
            _check_attribute(node, aliases, rebound)
    elif kind is ast.Constant:
        _check_constant(node, limits)
    elif kind in (ast.Break, ast.Continue) and not place.loops:
        word = "break" if kind is ast.Break else "continue"
        raise _syntax(f"'{word}' outside loop", node)
    elif kind is ast.Starred and id(node) not in allowed:
        raise refuse("`*` unpacking is only supported in calls and lists, as in f(*args)", node)
    elif kind is ast.Call:
        _check_call(node, place, allowed)
    elif kind in (ast.List, ast.Tuple, ast.Set) and not isinstance(
        getattr(node, "ctx", None), ast.Store | ast.Del
    ):
        allowed.update(id(e) for e in node.elts if isinstance(e, ast.Starred))  # [a, *rest]
    elif kind is ast.Dict and any(k is None for k in node.keys):
        raise refuse("`**` unpacking in a dict is not supported: use d.update(other)", node)
    elif kind is ast.Delete:
        for target in node.targets:
            if not isinstance(target, ast.Name | ast.Subscript):
                raise refuse("`del` works on names and items (del d[key]) only", target)
    elif kind in (ast.Import, ast.ImportFrom):
        _check_import(node)
    elif kind is ast.alias and node.asname is not None:
        _check_name(node.asname, node, False)
    elif kind is ast.Return and place.function != "def":
        raise _syntax("'return' outside function", node)
    elif kind in (ast.Yield, ast.YieldFrom):
        if place.function != "def" or place.comprehension:
            raise _syntax("'yield' outside function", node)
        if id(node) not in allowed:
            raise refuse("`yield` is only supported as a statement here: `yield value`", node)
    elif kind is ast.Expr and isinstance(node.value, ast.Yield | ast.YieldFrom):
        allowed.add(id(node.value))
    elif kind in (ast.Global, ast.Nonlocal):
        if place.function is None:
            word = "global" if kind is ast.Global else "nonlocal"
            raise refuse(f"`{word}` is only needed inside a function", node)
        for name in node.names:
            _check_name(name, node, False)
    elif kind is ast.FunctionDef:
        _check_def(node, place, allowed)
    elif kind is ast.Lambda:
        _check_arguments(node.args, node)
    elif kind is ast.ClassDef:
        _check_class(node, allowed)
    elif kind is ast.comprehension and node.is_async:
        raise refuse("`async for` is not supported: use a plain for loop", node)
    elif kind is ast.ExceptHandler and node.name:
        _check_name(node.name, node, False)
    elif kind is ast.Assign and place.class_body:
        for target in node.targets:
            if not isinstance(target, ast.Name):
                raise refuse(CLASS_BODY, node)
    elif kind is ast.AnnAssign and place.class_body and not isinstance(node.target, ast.Name):
        raise refuse(CLASS_BODY, node)
    if place.class_body and not isinstance(
        node, ast.FunctionDef | ast.Assign | ast.AnnAssign | ast.Pass | ast.Expr
    ):
        raise refuse(CLASS_BODY, node)
    if (
        place.class_body
        and isinstance(node, ast.Expr)
        and not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str))
    ):
        raise refuse(CLASS_BODY, node)


def _check_call(node: ast.Call, place: Place, allowed: set[int]) -> None:
    _check_format_template(node)
    func = node.func
    if isinstance(func, ast.Name) and func.id == "super":
        if not place.method:
            raise refuse("`super()` only works inside a method of a class", node)
        allowed.add(id(func))
    if isinstance(func, ast.Name) and func.id == "type":
        if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
            raise refuse("`type` takes one value here: type(x)", node)
        allowed.add(id(func))  # type(x): to compare with a class, print, or take its __name__
    for arg in node.args:
        if isinstance(arg, ast.Starred):
            allowed.add(id(arg))
    seen = set()
    for kw in node.keywords:
        if kw.arg is None:  # f(**options)
            continue
        _check_name(kw.arg, kw, False)
        if kw.arg in seen:
            raise _syntax(f"keyword argument repeated: {kw.arg}", kw)
        seen.add(kw.arg)


def _check_def(node: ast.FunctionDef, place: Place, allowed: set[int]) -> None:
    if place.class_body:
        if node.name.startswith("_") and node.name not in CLASS_DUNDERS:
            raise refuse(
                f"`{node.name}`: a class here can define __init__ (and __call__, __repr__, "
                "__getitem__, __len__ and the arithmetic operators such as __add__) but no other "
                "name starting with `_`" + _DUNDER_HINTS.get(node.name, ""),
                node,
            )
    else:
        _check_name(node.name, node, False)
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Name) and decorator.id in ("staticmethod", "property"):
            if not place.class_body:
                raise refuse(f"`@{decorator.id}` only works on a method of a class", decorator)
            allowed.add(id(decorator))
    _check_arguments(node.args, node)


def _check_arguments(args: ast.arguments, node: ast.AST) -> None:
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    seen = set()
    for arg in every:
        if arg is None:
            continue
        _check_name(arg.arg, arg, False)
        if arg.arg in seen:
            raise _syntax(f"duplicate argument '{arg.arg}' in function definition", node)
        seen.add(arg.arg)


def _check_class(node: ast.ClassDef, allowed: set[int]) -> None:
    _check_name(node.name, node, False)
    if node.keywords:
        raise refuse(
            f"class keywords ({node.keywords[0].arg or '**'}=...) are not supported here", node
        )
    if node.decorator_list:
        raise refuse("decorators on a class are not supported here", node.decorator_list[0])
    for base in node.bases:
        if isinstance(base, ast.Name) and base.id == "object":
            allowed.add(id(base))
        elif isinstance(base, ast.Starred):
            raise refuse("`*` in a class's bases is not supported", base)
    plain = all(isinstance(b, ast.Name) and b.id == "object" for b in node.bases)
    for stmt in node.body:
        if not plain and isinstance(stmt, ast.FunctionDef) and stmt.name in ARITHMETIC_DUNDERS:
            raise refuse(
                f"`{stmt.name}`: only a class with no base (not an nn.Module, Function or "
                "Dataset) can define the arithmetic operators here",
                stmt,
            )
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [getattr(stmt, "target", None)]
        for target in targets:
            if isinstance(target, ast.Name) and target.id.startswith("_"):
                raise refuse(
                    f"`{target.id}`: class attributes starting with `_` are not supported here",
                    stmt,
                )


def _check_format_template(node: ast.Call) -> None:
    """`"{0.__class__}".format(x)` with a literal template: refuse attribute and index fields
    now (the interpreter's str.format refuses them too, but only when it gets there)."""
    func = node.func
    if not (
        isinstance(func, ast.Attribute)
        and func.attr == "format"
        and isinstance(func.value, ast.Constant)
        and isinstance(func.value.value, str)
    ):
        return
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(func.value.value) if f]
    except ValueError:
        return  # a malformed template fails at run time with Python's message
    for field in fields:
        if "." in field or "[" in field:
            raise refuse(
                f"format fields like {{{field}}} are not supported here: pass the value itself, "
                "e.g. '{}'.format(x.grad)",
                node,
            )


def _check_name(name: str, node: ast.AST, load: bool) -> None:
    if name.startswith("__"):
        raise refuse(
            f"`{name}`: names starting with `__` are not accessible in the playground", node
        )
    if load and name in FORBIDDEN_NAMES:
        hint = _NAME_HINTS.get(name, "")
        raise refuse(f"`{name}` is not available in the playground{hint}", node)


# Every dunder method a class body may define; classes.DUNDERS says which kind of class may
# define which (a Dataset's __getitem__, say), once its bases are known.
CLASS_DUNDERS = frozenset(
    {"__init__", "__call__", "__repr__", "__getitem__", "__len__"} | ARITHMETIC_DUNDERS
)
_DUNDER_HINTS = {
    "__iter__": " (a Dataset here is map-style: define __getitem__ and __len__, and a "
    "DataLoader iterates it)",
    "__str__": " (define __repr__ instead)",
}

_NAME_HINTS = {
    "type": ": write type(x) == nn.Linear, type(x).__name__ or isinstance(x, ...)",
    "super": ": super() works inside a method, as super().__init__()",
    "staticmethod": ": @staticmethod works on a method in a class",
    "property": ": @property works on a method in a class",
}


_PRIVATE = re.compile(r"_[A-Za-z0-9]\w*\Z")  # `_prev`, not `__dict__` nor `__x`


def _private_attributes(tree: ast.Module) -> set[int]:
    """The `x._name` nodes to let through: names that a plain class of the snippet's (no base,
    or `object`) assigns as attributes somewhere in its body (`self._prev = ...`,
    `out._backward = _backward`), as micrograd's Value does. Which object `x` is, is known only
    when the line runs: access.check_private then requires one of those plain instances."""
    names: set[str] = set()
    for node in ast.walk(tree):
        plain = isinstance(node, ast.ClassDef) and all(
            isinstance(b, ast.Name) and b.id == "object" for b in node.bases
        )
        if plain:
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Attribute)
                    and isinstance(inner.ctx, ast.Store)
                    and _PRIVATE.match(inner.attr)
                ):
                    names.add(inner.attr)
    if not names:
        return set()
    return {
        id(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in names
    }


def _check_attribute(node: ast.Attribute, aliases: dict, rebound: set) -> None:
    if node.attr.startswith("_"):
        dotted = _dotted(node)
        if dotted is not None and dotted[0] in aliases and dotted[0] not in rebound:
            dotted = [aliases[dotted[0]], *dotted[1:]]
        hint = REFUSED_HINTS.get(".".join(dotted)) if dotted else None
        raise refuse(
            f"`.{node.attr}`: attributes starting with `_` are not accessible in the playground"
            + (f" ({hint})" if hint else ""),
            node,
        )
    chain = _dotted(node)
    if chain is None or chain[0] not in aliases or chain[0] in rebound:
        return
    path = aliases[chain[0]]
    for name in chain[1:]:
        entry = NAMESPACES[path].get(name)
        if entry is None:
            raise refuse(namespace_refusal(path, name), node)
        if entry not in NAMESPACES:
            return
        path = entry


def namespace_refusal(path: str, name: str) -> str:
    """Why `path.name` is refused, with the alternative where there is one."""
    shown = "np" if path == "numpy" else path
    hint = REFUSED_HINTS.get(f"{path}.{name}")
    if hint:
        return f"`{shown}.{name}` is not available in the playground: {hint}"
    if path == "numpy":
        if name in NAMESPACES["torch"]:
            return (
                f"`np.{name}` is not available in the playground: NumPy arrays are not supported "
                f"here; use torch.{name} instead"
            )
        return (
            f"`np.{name}` is not available in the playground: only np.pi, np.e, np.inf and "
            "np.nan are; use torch functions and tensors instead"
        )
    return f"`{shown}.{name}` is not available in the playground"


def _dotted(node: ast.AST) -> list[str] | None:
    """['torch', 'nn', 'Linear'] for torch.nn.Linear; None if not a plain dotted name."""
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    names.append(node.id)
    return names[::-1]


def _check_constant(node: ast.Constant, limits: Limits) -> None:
    value = node.value
    if isinstance(value, bytes):
        raise refuse("bytes literals are not supported: use a str", node)
    if isinstance(value, complex):
        raise refuse("complex numbers are not supported here", node)
    if isinstance(value, int) and value.bit_length() > limits.max_int_bits:
        raise _at(limit_error("max_int_bits", limits, value.bit_length()), node)
    if isinstance(value, str) and len(value) > limits.max_string_length:
        raise _at(limit_error("max_string_length", limits, len(value)), node)


def _module_path(name: str) -> str | None:
    path = "numpy" if name == "numpy" else name
    return path if path in IMPORTABLE else None


def _check_import(node: ast.Import | ast.ImportFrom) -> None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if _module_path(alias.name) is None:
                raise refuse(_import_refusal(alias.name), node)
        return
    if node.level or node.module is None or _module_path(node.module) is None:
        raise refuse(_import_refusal(node.module or "."), node)
    path = _module_path(node.module)
    for alias in node.names:
        if alias.name == "*":
            raise refuse(
                f"`from {node.module} import *` is not supported: name what you need", node
            )
        if alias.name not in NAMESPACES[path]:
            raise refuse(namespace_refusal(path, alias.name), node)


def _import_refusal(module: str) -> str:
    top = module.split(".")[0]
    why = _IMPORT_HINTS.get(
        top,
        "only torch (with torch.nn, torch.optim, torch.autograd, torch.utils.data), math, random, "
        "copy and numpy's constants can be imported here",
    )
    return f"`import {module}` is not possible in the playground: {why}"


def _imports_and_rebindings(tree: ast.Module) -> tuple[dict[str, str], set[str]]:
    """Names bound by imports (name -> namespace path) and every name the snippet assigns, so
    that `torch.load` is refused statically unless `torch` was rebound to something else."""
    aliases: dict[str, str] = {}
    rebound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                path = _module_path(alias.name)
                if path is None:
                    continue
                if alias.asname:
                    aliases[alias.asname] = path
                else:
                    top = alias.name.split(".")[0]
                    aliases[top] = _module_path(top) or path
        elif isinstance(node, ast.ImportFrom) and node.module and _module_path(node.module):
            path = _module_path(node.module)
            for alias in node.names:
                sub = NAMESPACES[path].get(alias.name)
                if sub in NAMESPACES:
                    aliases[alias.asname or alias.name] = sub
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            rebound.add(node.id)
        elif isinstance(node, ast.NamedExpr):
            rebound.add(node.target.id)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            rebound.add(node.name)
        elif isinstance(node, ast.arg):
            rebound.add(node.arg)
    return aliases, rebound

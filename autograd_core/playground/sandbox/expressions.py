"""Expressions: one method per node type, each computing the node's value.

`evaluate` (handlers.py) is the single entry point: it runs the node's handler, built once per
node, which counts a step against the budget, turns any exception into a SnippetError
positioned at this node (the innermost node that failed converts it first), and notes every
tensor an expression produced together with the expression's source span: that is what lets
the playground label graph nodes with source text. The hot node kinds have handlers of their
own there; the methods here are what the others run (and what the hot ones fall back to).
"""

from __future__ import annotations

import ast
from typing import Any

from . import operators
from .classes import type_name
from .errors import SnippetError
from .formatting import convert, format_value, safe_repr, safe_str


class ExpressionMixin:
    """Part of Interpreter: the expression half."""

    def expression_table(self) -> dict[type, Any]:
        return {
            ast.Constant: self.value_constant,
            ast.Name: self.value_name,
            ast.Attribute: self.value_attribute,
            ast.Subscript: self.value_subscript,
            ast.Slice: self.value_slice,
            ast.Tuple: self.value_tuple,
            ast.List: self.value_list,
            ast.Dict: self.value_dict,
            ast.BinOp: self.value_binop,
            ast.UnaryOp: self.value_unaryop,
            ast.BoolOp: self.value_boolop,
            ast.Compare: self.value_compare,
            ast.IfExp: self.value_ifexp,
            ast.NamedExpr: self.value_namedexpr,
            ast.Call: self.value_call,
            ast.JoinedStr: self.value_joinedstr,
            ast.FormattedValue: self.value_formatted,
            ast.Lambda: self.value_lambda,
            ast.ListComp: self.value_listcomp,
            ast.SetComp: self.value_setcomp,
            ast.DictComp: self.value_dictcomp,
            ast.GeneratorExp: self.value_generatorexp,
            ast.Set: self.value_set,
        }

    # --- leaves -----------------------------------------------------------------------------

    def value_constant(self, node: ast.Constant) -> Any:
        return node.value

    def value_name(self, node: ast.Name) -> Any:
        return self.lookup(node.id)

    def value_attribute(self, node: ast.Attribute) -> Any:
        if node.attr == "__name__":  # the checker allows type(x).__name__, x.__class__.__name__
            value = node.value
            if isinstance(value, ast.Attribute):
                return type_name(self.evaluate(value.value))
            return type_name(self.evaluate(value.args[0]))
        return self.get_attribute(self.evaluate(node.value), node.attr)

    def value_subscript(self, node: ast.Subscript) -> Any:
        obj = self.evaluate(node.value)
        return self.get_item(obj, self.evaluate(node.slice))

    def value_slice(self, node: ast.Slice) -> slice:
        parts = (node.lower, node.upper, node.step)
        return slice(*(self.evaluate(p) if p is not None else None for p in parts))

    # --- displays ---------------------------------------------------------------------------

    def value_tuple(self, node: ast.Tuple) -> tuple:
        return tuple(self.elements(node.elts))

    def value_list(self, node: ast.List) -> list:
        self.budget.charge_items(len(node.elts))
        return self.elements(node.elts)

    def elements(self, nodes: list[ast.expr]) -> list[Any]:
        """The items of a list or tuple display, `*iterable` ones unpacked (bounded)."""
        out: list[Any] = []
        for e in nodes:
            if isinstance(e, ast.Starred):
                out.extend(self.materialize(self.evaluate(e.value)))
                self.budget.check_container(len(out))
            else:
                out.append(self.evaluate(e))
        return out

    def value_dict(self, node: ast.Dict) -> dict:
        self.budget.charge_items(len(node.keys))
        out = {}
        for k, v in zip(node.keys, node.values):
            key = self.evaluate(k)
            self.check_key(key)
            out[key] = self.evaluate(v)
        return out

    # --- operators --------------------------------------------------------------------------

    def value_binop(self, node: ast.BinOp) -> Any:
        left = self.evaluate(node.left)
        right = self.evaluate(node.right)
        if isinstance(node.op, ast.MatMult):
            self.check_matmul(left, right)
        return operators.binary(node.op, left, right, self.budget)

    def augmented(self, node: ast.AugAssign, current: Any, value: Any) -> Any:
        if isinstance(node.op, ast.MatMult):
            self.check_matmul(current, value)
        return operators.binary(node.op, current, value, self.budget, inplace=True)

    def value_unaryop(self, node: ast.UnaryOp) -> Any:
        return operators.unary(node.op, self.evaluate(node.operand))

    def value_boolop(self, node: ast.BoolOp) -> Any:
        is_and = isinstance(node.op, ast.And)
        value = None
        for operand in node.values:
            value = self.evaluate(operand)
            if self.truth(value) != is_and:  # `and` stops at a falsy value, `or` at a truthy one
                return value
        return value

    def value_compare(self, node: ast.Compare) -> Any:
        left = self.evaluate(node.left)
        result: Any = True
        for op, comparator in zip(node.ops, node.comparators):
            right = self.evaluate(comparator)
            if isinstance(op, ast.In | ast.NotIn):
                self.check_membership(left, right)
            result = operators.compare(op, left, right, self.budget)
            if len(node.ops) > 1 and not self.truth(result):
                return result
            left = right
        return result

    def value_ifexp(self, node: ast.IfExp) -> Any:
        branch = node.body if self.truth(self.evaluate(node.test)) else node.orelse
        return self.evaluate(branch)

    def value_namedexpr(self, node: ast.NamedExpr) -> Any:
        value = self.evaluate(node.value)
        self.bind(node.target.id, value)
        return value

    def truth(self, value: Any) -> bool:
        return operators.truth(value)

    # --- calls ------------------------------------------------------------------------------

    def value_call(self, node: ast.Call) -> Any:
        if isinstance(node.func, ast.Name) and node.func.id == "super":  # (only in methods)
            return self.value_super(node)
        func = self.evaluate(node.func)
        args: list[Any] = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                args.extend(self.materialize(self.evaluate(arg.value)))
            else:
                args.append(self.evaluate(arg))
        kwargs: dict[str, Any] = {}
        for kw in node.keywords:
            if kw.arg is not None:
                if kw.arg in kwargs:
                    raise TypeError(f"got multiple values for keyword argument '{kw.arg}'")
                kwargs[kw.arg] = self.evaluate(kw.value)
                continue
            mapping = self.evaluate(kw.value)  # f(**options)
            if not isinstance(mapping, dict):
                raise TypeError(
                    f"argument after ** must be a mapping, not {type(mapping).__name__}"
                )
            self.budget.charge_items(len(kwargs) + len(mapping))
            for key, value in mapping.items():
                if not isinstance(key, str):
                    raise TypeError("keywords must be strings")
                if key.startswith("_"):
                    raise SnippetError(
                        f"`{key}`: names starting with `_` are not accessible in the playground",
                        kind="unsupported",
                    )
                if key in kwargs:
                    raise TypeError(f"got multiple values for keyword argument '{key}'")
                kwargs[key] = value
        return self.call(func, args, kwargs)

    # --- f-strings --------------------------------------------------------------------------

    def value_joinedstr(self, node: ast.JoinedStr) -> str:
        pieces = []
        total = 0
        for part in node.values:
            text = self.evaluate(part)
            total += len(text)
            self.budget.check_string(total)
            pieces.append(text)
        return "".join(pieces)

    def value_formatted(self, node: ast.FormattedValue) -> str:
        value = convert(self.evaluate(node.value), node.conversion, self.budget)
        spec = self.evaluate(node.format_spec) if node.format_spec is not None else ""
        return format_value(value, spec, self.budget)

    def text_of(self, value: Any) -> str:
        return safe_str(value, self.budget)

    def repr_of(self, value: Any) -> str:
        return safe_repr(value, self.budget)

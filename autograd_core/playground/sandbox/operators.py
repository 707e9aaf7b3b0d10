"""Python's operators, with the size of the result checked before it is computed.

Tensors bring their own guard (the engine checks every tensor before allocating it), but Python
objects do not: `9 ** 9 ** 9` would compute for hours, `"a" * 10**9` and `[0] * 10**9` would
allocate gigabytes, `1 << 10**10` likewise. Each such case is recognised from the operands and
the result's size estimated first; everything else goes straight to Python's `operator` module.
"""

from __future__ import annotations

import ast
import operator
from typing import Any

from autograd_core.tensor import Tensor

from .formatting import percent_format
from .limits import Budget
from .safe_methods import range_length
from .values import DICT_VIEWS, HASHED, WRAPPERS, Function, describe

BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.MatMult: operator.matmul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
    ast.LShift: operator.lshift,
    ast.RShift: operator.rshift,
    ast.BitOr: operator.or_,
    ast.BitXor: operator.xor,
    ast.BitAnd: operator.and_,
}
INPLACE = {
    ast.Add: operator.iadd,
    ast.Sub: operator.isub,
    ast.Mult: operator.imul,
    ast.MatMult: operator.imatmul,
    ast.Div: operator.itruediv,
    ast.FloorDiv: operator.ifloordiv,
    ast.Mod: operator.imod,
    ast.Pow: operator.ipow,
    ast.LShift: operator.ilshift,
    ast.RShift: operator.irshift,
    ast.BitOr: operator.ior,
    ast.BitXor: operator.ixor,
    ast.BitAnd: operator.iand,
}
SYMBOLS = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.MatMult: "@",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.BitAnd: "&",
}
COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
}
UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg, ast.Invert: operator.invert}

_SEQUENCES = (str, list, tuple)
# Operand types for which none of binary()'s checks can apply when one of them is a Tensor: no
# sequence to repeat or concatenate, no string to %-format, no Python int to grow, no wrapper.
# Exact types (a subclass, bool, takes the full path).
_TENSOR_ARITHMETIC = frozenset({Tensor, float, int})


_NUMBERS = frozenset({int, float, bool})  # exact types: a comparison of two walks nothing
_INTS = frozenset({int, bool})  # what range's `in`, index and count answer by arithmetic


def _is_int(x: Any) -> bool:
    return isinstance(x, int)  # bool is an int, as in Python


def binary(op: ast.operator, a: Any, b: Any, budget: Budget, inplace: bool = False) -> Any:
    """a <op> b (or a <op>= b) with Python's semantics and bounded results."""
    kind = type(op)
    ta, tb = type(a), type(b)
    if (ta is Tensor or tb is Tensor) and ta in _TENSOR_ARITHMETIC and tb in _TENSOR_ARITHMETIC:
        # The tutorials' inner loops are tensor arithmetic: the engine bounds it (guard).
        return INPLACE[kind](a, b) if inplace else BINARY[kind](a, b)
    _refuse_wrappers(a, b, SYMBOLS[kind])
    if kind is ast.Mod and isinstance(a, str):
        return percent_format(a, b, budget)
    if kind is ast.Mult:
        seq, count = (a, b) if isinstance(a, _SEQUENCES) else (b, a)
        if isinstance(seq, _SEQUENCES) and not isinstance(count, _SEQUENCES):
            n = _repeat_count(count)
            if n is not None:
                _check_sequence(seq, len(seq) * max(n, 0), budget)
                return operator.imul(seq, n) if inplace and seq is a else seq * n
    if kind is ast.Add and isinstance(a, _SEQUENCES) and isinstance(b, _SEQUENCES):
        _check_sequence(a, len(a) + len(b), budget)
    elif kind is ast.Add and inplace and isinstance(a, list):
        # list += iterable extends: bound the iterable first (a tensor would be unbound row by row)
        n = len(b) if hasattr(b, "__len__") else None
        if n is None:
            raise TypeError(f"'{describe(b)}' object is not iterable here; use a list")
        _check_sequence(a, len(a) + n, budget)
    if _is_int(a) and _is_int(b):
        _check_int_op(kind, a, b, budget)
    elif kind in _SET_OPERATORS and (isinstance(a, DICT_VIEWS) or isinstance(b, DICT_VIEWS)):
        _check_set_operands(a, b, SYMBOLS[kind], budget)
    fn = INPLACE[kind] if inplace else BINARY[kind]
    result = fn(a, b)
    if type(result) is int and result.bit_length() > budget.limits.max_int_bits:
        budget.check_int_bits(result.bit_length())
    return result


_SET_OPERATORS = frozenset({ast.BitOr, ast.BitAnd, ast.BitXor, ast.Sub})


def _check_set_operands(a: Any, b: Any, symbol: str, budget: Budget) -> None:
    """d.keys() | other (&, ^, -): CPython builds a set of both sides, hashing every item of
    `other` however long it is (`d.keys() & range(10**12)` walks the whole range)."""
    for side in (a, b):
        if not hasattr(side, "__len__"):
            raise TypeError(f"'{describe(side)}' object is not a collection here; use a list")
    budget.charge_items(len(a) + len(b))
    budget.check_walk(a, b)


def _repeat_count(count: Any) -> int | None:
    """The n of `seq * n` when Python would accept it (ints, and tensors via __index__)."""
    if _is_int(count):
        return int(count)
    if hasattr(count, "__index__") and not isinstance(count, float):
        try:
            return operator.index(count)
        except TypeError:
            return None
    return None


def _check_sequence(seq: Any, n: int, budget: Budget) -> None:
    if isinstance(seq, str):
        budget.charge_chars(n)
    else:
        budget.charge_items(n)


def _check_int_op(kind: type, a: int, b: int, budget: Budget) -> None:
    """Estimate the bits of an integer result before Python computes it."""
    if kind is ast.Pow and b > 0 and abs(a) > 1:
        # |a| ** b has about b * log2|a| bits; (bit_length - 1) keeps 2 ** n exact
        bits = b * max(abs(a).bit_length() - 1, 1)
        budget.check_int_bits(bits)
    elif kind is ast.Mult:
        budget.check_int_bits(a.bit_length() + b.bit_length() - 1)
    elif kind is ast.LShift and b > 0:
        budget.check_int_bits(a.bit_length() + b)


def unary(op: ast.unaryop, value: Any) -> Any:
    if isinstance(op, ast.Not):
        return not truth(value)
    if isinstance(value, WRAPPERS):
        raise TypeError(f"bad operand type for unary operator: '{describe(value)}'")
    return UNARY[type(op)](value)


def compare(op: ast.cmpop, a: Any, b: Any, budget: Budget) -> Any:
    kind = type(op)
    if type(a) in _NUMBERS and type(b) in _NUMBERS and kind in COMPARE:
        return COMPARE[kind](a, b)  # `t % 100 == 99`: nothing to walk, nothing to refuse
    if kind in (ast.In, ast.NotIn):
        if isinstance(b, range):  # arithmetic for an int; anything else is compared with all
            budget.charge(1 if type(a) in _INTS else range_length(b) // 4 + 1)
        elif hasattr(b, "__len__") and not isinstance(b, str):
            budget.charge(len(b) // 4 + 1)  # `in` on a list compares with every item
        if isinstance(b, list | tuple) and isinstance(a, list | tuple | dict):
            budget.check_walk(*[a] * min(len(b), 64), b)  # each item may be compared with a
        elif isinstance(b, HASHED):
            budget.check_walk(a)  # hashed first: a tuple shared 30 times over is 2**31 items
        if isinstance(b, WRAPPERS):
            raise TypeError(f"argument of type '{describe(b)}' is not iterable")
        found = operator.contains(b, a)
        return (not found) if kind is ast.NotIn else found
    if kind in _SAMENESS and (type(a) is Function or type(b) is Function):
        same = _same_class(a, b)  # type(m) == nn.Linear, type(m) is nn.Linear
        if same is not None:
            return not same if kind in (ast.NotEq, ast.IsNot) else same
    if kind not in (ast.Is, ast.IsNot):
        _refuse_wrappers(a, b, "comparison")
        budget.check_walk(a, b)
    return COMPARE[kind](a, b)


_SAMENESS = (ast.Eq, ast.NotEq, ast.Is, ast.IsNot)


def _same_class(a: Any, b: Any) -> bool | None:
    """Whether a and b are one class, when both stand for a class (each reading of `nn.Linear`
    makes a new stand-in; a class of the snippet's is itself); None when one is not a class."""
    classes = [v.real if type(v) is Function else v for v in (a, b)]
    if all(isinstance(c, type) for c in classes):
        return classes[0] is classes[1]
    if any(type(v) is Function and v.kind == "typeof" for v in (a, b)):
        return a is b  # type(f) for the snippet's own f: no class to compare, and no other
    return None


def truth(value: Any) -> bool:
    """bool(value), as `if`, `and`, `or`, `not` see it (a tensor must have one element)."""
    return bool(value)


def _refuse_wrappers(a: Any, b: Any, symbol: str) -> None:
    if isinstance(a, WRAPPERS) or isinstance(b, WRAPPERS):
        raise TypeError(
            f"unsupported operand type(s) for {symbol}: '{describe(a)}' and '{describe(b)}'"
        )

"""What each node is called on the screen: names, op symbols, and expressions.

A tensor the snippet named is called by its name. Anything else is written as an expression of
its inputs' names, the way Python would print it, with only the brackets it needs
(`-(x + y)**2`, `x**2 * y`), indexing as it was indexed (`m[:, 2]`, `row[1:]`), what a module
call returned as the call (`fc1(x)`, not the `addmm` inside it); ops by their symbol, with the
number that is part of their maths (`^2` for `x**2`, `2 −` for `2 - x`). A label too long for
its box keeps its outer operations (`squeeze(… @ Wx)`), see _DEPTHS.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .values import shape_text, summarize

# Python's operator precedence, so expressions get only the brackets they need.
_INFIX = {
    "add": ("+", 1),
    "sub": ("-", 1),
    "rsub": ("-", 1),
    "mul": ("*", 2),
    "div": ("/", 2),
    "div_scalar": ("/", 2),
    "remainder": ("%", 2),
    "mm": ("@", 2),
    "mv": ("@", 2),
    "bmm": ("@", 2),
    "pow": ("**", 4),
    "pow_tensor": ("**", 4),
    "rpow": ("**", 4),
}
_ATOM, _UNARY = 5, 3
_RUNNING_SUM = frozenset({"add", "sub"})
# Registry ops whose name tells variants apart: the learner called them by the second name.
_CALLED = {
    "squeeze_matmul": "squeeze",  # vector @ matrix squeezes the helper dim (SqueezeBackward4)
    "squeeze_dim": "squeeze",
    "squeeze_dims": "squeeze",
    "sum_dim": "sum",
    "mean_dim": "mean",
    "max_dim": "max",
    "min_dim": "min",
    "prod_dim": "prod",
    "median_dim": "median",
    "unbind_piece": "unbind",
    "to_copy": "to",
    "constant_pad": "pad",
    "lerp_tensor": "lerp",
    "fmod_tensor": "fmod",
    "div_rounded": "div",
    "unfold_dim": "unfold",
    "reshape_alias": "reshape",
    "unsafe_view": "reshape",
    "uniform_fill": "uniform_",
    "normal_fill": "normal_",
    "random_range_fill": "random_",
    "random_to_fill": "random_",
    "random_fill": "random_",
    "number_fill": "fill_",
    "zero_fill": "zero_",
}
_MAX_LABEL = 20
# A label too long for its box keeps its outer operations and leaves out the inner ones, `…`:
# the inner ones are the boxes that feed this one, drawn just to its left; the outer one is
# what this box does. Cut from the end instead, `squeeze(unsqueeze(t…` hid it (every step of
# an unrolled RNN read alike), and `addmm(model.2.bias,…` hid that `model(x) - y` subtracts y.
# The expression is written out to at most this many operations deep.
_DEPTHS = 4
_ELIDED = "…"


def fill_labels(graph: Any, order: list[str], calls: dict[str, tuple] | None = None) -> None:
    """Set `label` and `expr` of every node, visiting `order` (inputs before their users).
    calls: {the box a module call returned: (the module's path, what it was called on)}: that
    box is written as the call (`fc1(x)`)."""
    calls = calls or {}
    nodes = graph.nodes
    precedence: dict[str, int] = {}
    # node -> its expression written `d` operations deep, for d = 0 .. _DEPTHS (0: `…`, or its
    # name); each clipped to 40 characters, so a long chain costs no more than a short one
    shallow: dict[str, list[str]] = {}
    for node_id in order:
        data = nodes[node_id]
        kind = data["kind"]
        if kind == "op":
            data["label"] = _op_label(data["primitive"], data["symbol"], data["params"])
            continue
        if kind == "result":
            (op_id,) = graph.predecessors(node_id)
            op = nodes[op_id]
            inputs = op["inputs"]
            shape = nodes[inputs[0]].get("shape") if inputs else None
            if node_id in calls:  # what a module call returned: written as the call
                op = {"primitive": "custom", "symbol": calls[node_id][0], "call": True}
                inputs = calls[node_id][1]
            expr, precedence[node_id] = _apply(
                op, [(nodes[i]["expr"], precedence[i]) for i in inputs], shape
            )
            shallow[node_id] = [_ELIDED] + [
                _clip(
                    _apply(op, [_at_depth(shallow, i, d, precedence) for i in inputs], shape)[0], 40
                )
                for d in range(_DEPTHS)
            ]
            newest = _newest_part(graph, op, expr)
            data["expr"] = _clip(expr, 40, newest)
            label = _clip(expr, _MAX_LABEL, newest) if newest else _outer(expr, shallow[node_id])
        else:
            expr = _tensor_text(kind, data["value"], data["shape"])
            data["expr"], precedence[node_id] = expr, _ATOM
            # an unnamed tensor is written by its value or shape: an inner part to leave out
            shallow[node_id] = [_ELIDED] + [expr] * _DEPTHS
            label = _clip(expr, _MAX_LABEL)
        data["label"] = data["name"] or label
        if data["name"]:
            data["expr"], precedence[node_id] = data["name"], _ATOM
            shallow[node_id] = [data["name"]] * (_DEPTHS + 1)


def _apply(op: dict[str, Any], args: list[tuple[str, int]], shape: tuple | None) -> tuple:
    """(op applied to `args`, its precedence)."""
    if op["primitive"] == "custom":  # a custom autograd.Function: MyExp.apply(x); a call: fc1(x)
        apply = "" if op.get("call") else ".apply"
        return f"{op['symbol']}{apply}({', '.join(a for a, _ in args)})", _ATOM
    return _expression(op["primitive"], op["params"], args, shape)


def _at_depth(shallow: dict[str, list[str]], node: str, depth: int, precedence: dict) -> tuple:
    text = shallow[node][depth]
    return text, _ATOM if text == _ELIDED else precedence[node]


def _outer(expr: str, shallow: list[str]) -> str:
    """`expr` if it fits a box, else the deepest of its shallow forms that fits (each shows one
    more operation, from the outside in), else its start."""
    if len(expr) <= _MAX_LABEL:
        return expr
    fitting = [text for text in shallow[1:] if len(text) <= _MAX_LABEL and text != expr]
    return fitting[-1] if fitting else _clip(expr, _MAX_LABEL)


def _tensor_text(kind: str, value: np.ndarray | None, shape: tuple | None) -> str:
    """An unnamed leaf or constant: its number(s) if there are a few, else its shape."""
    if value is None and shape is None:
        return "?"  # nothing known of it (PyTorch did not keep an input it needs no grad for)
    if value is not None and value.size <= 4:
        text = summarize(value)
        if value.ndim > 0:
            text = "[" + ", ".join(summarize(v) for v in value.reshape(-1)) + "]"
        return f"tensor({text})" if kind == "leaf" else text
    if not shape:  # a number PyTorch did not keep (the 1 that autograd.grad starts from)
        return "tensor(?)"
    return "tensor" + shape_text(shape)


def _op_label(primitive: str, symbol: str, params: dict[str, str]) -> str:
    """The op's symbol, with the number it was called with where that is part of the maths."""
    if primitive == "pow":
        return f"^{params['exponent']}"
    if primitive == "rpow":
        return f"{params['base']}^"
    if primitive == "rsub":
        return f"{params['other']} −"
    if primitive == "div_scalar":
        return f"÷ {params['other']}"
    return symbol


def _expression(
    primitive: str, params: dict[str, str], args: list[tuple[str, int]], shape: tuple | None = None
) -> tuple:
    """(the op applied to its inputs' expressions as Python would write it, its precedence).
    shape: the first input's, to write `row[1:]` rather than `row[1:4]`."""
    if primitive in _INFIX:
        operator, level = _INFIX[primitive]
        operands = [a for a, _ in args]
        levels = [p for _, p in args]
        if primitive == "pow":
            operands, levels = [operands[0], params["exponent"]], [levels[0], _ATOM]
        elif primitive == "rpow":
            operands, levels = [params["base"], operands[0]], [_ATOM, levels[0]]
        elif primitive == "rsub":
            operands, levels = [params["other"], operands[0]], [_ATOM, levels[0]]
        elif primitive == "div_scalar":
            operands, levels = [operands[0], params["other"]], [levels[0], _ATOM]
        if len(operands) == 2:
            # ** binds right to left; everything else left to right
            left_needs = levels[0] <= level if operator == "**" else levels[0] < level
            right_needs = levels[1] < level if operator == "**" else levels[1] <= level
            left = f"({operands[0]})" if left_needs else operands[0]
            right = f"({operands[1]})" if right_needs else operands[1]
            return f"{left} {operator} {right}" if level < 4 else f"{left}{operator}{right}", level
    if primitive == "neg":
        operand, level = args[0]
        return (f"-({operand})" if level < _UNARY else f"-{operand}"), _UNARY
    index = _index(primitive, params, shape)
    if index is not None:  # m[1], m[:, 2], row[1:][::2]: one SelectBackward0 or SliceBackward0
        operand, level = args[0]  # per dimension, as PyTorch records them
        return (f"({operand}){index}" if level < _ATOM else f"{operand}{index}"), _ATOM
    if _transposes(primitive, params):  # k.T (PermuteBackward0), k.t() (TBackward0)
        operand, level = args[0]
        return (f"({operand}).T" if level < _ATOM else f"{operand}.T"), _ATOM
    return f"{_CALLED.get(primitive, primitive)}({', '.join(a for a, _ in args)})", _ATOM


def _index(primitive: str, params: dict[str, str], shape: tuple | None) -> str | None:
    """`[1]`, `[:, 2]`, `[1:]`, `[::2]`: a select or a slice as the learner indexed."""
    if primitive not in ("select", "slice"):
        return None
    try:
        dim = int(params["dim"])
        if primitive == "select":
            part = str(int(params["index"]))
        else:
            start, stop, step = (int(params[k]) for k in ("start", "stop", "step"))
            size = shape[dim] if shape is not None and 0 <= dim < len(shape) else None
            part = (
                (str(start) if start else "")
                + ":"
                + ("" if size is not None and stop >= size else str(stop))
                + (f":{step}" if step != 1 else "")
            )
    except (KeyError, ValueError, TypeError, IndexError):
        return None  # a graph from elsewhere (real PyTorch) that names its parameters otherwise
    if dim < 0:
        return f"[..., {part}]" if dim == -1 else None
    return "[" + ":, " * dim + part + "]"


def _transposes(primitive: str, params: dict[str, str]) -> bool:
    """A transpose as learners write it, `k.T`: t(), or a permute that reverses every axis."""
    if primitive == "t":
        return True
    if primitive != "permute":
        return False
    dims = [int(d) for d in params.get("dims", "").strip("()[] ").replace(",", " ").split()]
    return len(dims) > 1 and dims == list(range(len(dims) - 1, -1, -1))


def _newest_part(graph: Any, op: dict[str, Any], expr: str) -> str | None:
    """`… + x**39 * -0.025` for a long running sum (`s = s + term` in a loop): its operator and
    last term. Every sum of the chain starts alike; only its last term tells it apart. None for
    anything else, a sum of three terms (`w * x + b - y`) too: its start says more."""
    node, sums = op, 0
    while sums < 3 and node["primitive"] in _RUNNING_SUM:  # a sum of a sum of a sum
        sums += 1
        first = graph.nodes[node["inputs"][0]]
        if first["kind"] != "result":
            break
        (made_by,) = graph.predecessors(node["inputs"][0])
        node = graph.nodes[made_by]
    if sums < 3:
        return None
    operator = f" {_INFIX[op['primitive']][0]} "
    left, found, right = expr.rpartition(operator)
    whole = right.count("(") == right.count(")")  # not a split inside the last term's brackets
    return f"…{operator}{right}" if found and left and right and whole else None


def _clip(text: str, limit: int, newest: str | None = None) -> str:
    """`text`, or when it is too long its newest part (clipped in turn: `… + (w * 4 + b -…`
    still tells the sums of a loop apart, where their common start would not), else its first
    `limit` characters with an ellipsis."""
    if len(text) <= limit:
        return text
    if newest is not None:
        text = newest
        if len(text) <= limit:
            return text
    return text[: limit - 1] + "…"

"""Each node's handler, chosen once: the interpreter's hot path.

A tree walker that asks at every step "what kind of node is this, which operator, does this call
have keywords, where is this expression in the source?" spends most of its time asking. Here the
questions are asked once per node. The first time a node is evaluated (or a statement run),
`expression_handler` / `statement_handler` build a closure for it out of the functions below,
holding what the node itself fixes: the operator function of a BinOp, the name of a Name or an
Attribute, the Span that note_span records for the tensors it makes, whether a call has
keywords, and the closures of its children. The closure is kept in `self.handlers` (one dict per
run: the closures hold this run's interpreter), and a parent's closure calls its children's
closures directly, so a loop body runs as a handful of nested calls with nothing to look up.

It is still an interpreter that walks the syntax tree: no source text or code object is ever
made from the snippet (no eval, exec or compile). Every closure is written once, in this file;
a node only picks which one it gets and what that one holds. What depends on values (a tensor
or a list, a local or a module-level name, the type an attribute is read from) is tested on
every run of the closure, never assumed from the first run.

Each handler keeps every promise `evaluate` made: one budget step per expression and per
statement (the count is the same as the tree walker's), the clock check every few steps, the
statement's line in `self.line`, any error turned into a SnippetError at the innermost node that
failed (line and column), and every tensor an expression made noted with the expression's span.
Nodes that are rare or intricate (comprehensions, f-strings, lambdas, `try`, classes, generator
bodies...) keep their `value_*` / `run_*` method, called through the same wrapper.

The common nodes' closures repeat a few lines on purpose: the step count, the error placing and
the tensor note written into each, and a parent reading a name or constant operand itself
(`b * x`, `x ** 2`, `a.grad`, `loss.backward()`) with that leaf's own step and place for errors.
Each is one Python call fewer per node run, which is what this file is for (a tutorial runs a
node 2,000 times); a helper shared between them would put the call back. Which value a name
holds, which type an object has, is still looked at on every run.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from autograd_core.nn.parameter import Parameter
from autograd_core.tensor import Tensor

from .access import PLAIN_VALUES
from .calls import is_model_type
from .control import Break, Continue
from .errors import SnippetError
from .functions import CallbackAbort, Return, UserFunction
from .operators import BINARY, COMPARE, INPLACE, UNARY, binary, compare, unary
from .scopes import FUNCTION
from .values import Method

Handler = Callable[[], Any]

_MISSING = object()
_UNSEEN = object()
_CONSTANT, _NAME, _OTHER = "constant", "name", "other"  # kinds of operand (operand())
# Exact operand types whose arithmetic none of operators.binary's checks concern, provided one
# side is a tensor or a float: no sequence to repeat, no string to format, no int that grows.
_ARITHMETIC = frozenset({Tensor, Parameter, float, int})
# Operators whose result on two exact ints needs only operators.binary's check after the fact
# (the size of the result): nothing to estimate first, unlike *, ** and <<.
_INT_DIRECT = frozenset(
    {ast.Add, ast.Sub, ast.Mod, ast.FloorDiv, ast.Div, ast.BitAnd, ast.BitOr, ast.BitXor,
     ast.RShift}
)  # fmt: skip
_NUMBERS = frozenset({int, float, bool})  # exact types: comparing two walks nothing
# Exact types of results that are certainly not tensors (nothing to note, no isinstance asked)
_NOT_TENSORS = frozenset({int, float, bool, str, type(None), Method})
_SIMPLE_UNARY = frozenset({Tensor, int, float})  # -x, +x, ~x: nothing to refuse
# A tensor's attributes a snippet may set (access.set_attribute's first case)
_TENSOR_SETTABLE = frozenset({"requires_grad", "grad", "data"})


def _no_op() -> None:
    return None


class HandlerMixin:
    """Part of Interpreter: evaluate / run_stmt, through handlers built once per node."""

    # --- entry points -----------------------------------------------------------------------

    def evaluate(self, node: ast.expr) -> Any:
        handler = self.handlers.get(node)
        if handler is None:
            handler = self.expression_handler(node)
        return handler()

    def run_stmt(self, node: ast.stmt) -> None:
        handler = self.handlers.get(node)
        if handler is None:
            handler = self.statement_handler(node)
        handler()

    def run_block(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            self.run_stmt(stmt)

    def kit(self) -> tuple[Any, Any, Any, Any]:
        """What every handler's closure holds: the interpreter, its budget, locate, placed."""
        return self, self.budget, self.locate, self.placed

    def checkpoint_at(self, node: ast.AST) -> None:
        """Budget.checkpoint(), its limit errors placed at `node` (the step that crossed)."""
        try:
            self.budget.checkpoint()
        except Exception as exc:
            raise self.placed(exc, node) from None

    def placed(self, exc: Exception, node: ast.AST) -> SnippetError:
        """The SnippetError to raise for `exc`, raised while performing `node`: a SnippetError
        keeps the position it has (an inner node's), anything else becomes one here."""
        if isinstance(exc, SnippetError):
            return self.locate(exc, node)
        return self.runtime_error(exc, node)

    # --- expressions ------------------------------------------------------------------------

    def expression_handler(self, node: ast.expr) -> Handler:
        handler = self.handlers.get(node)
        if handler is None:
            build = _EXPRESSION_BUILDERS.get(type(node))
            if build is not None:
                handler = build(self, node)
            else:
                compute = self.expressions.get(type(node), _unknown_expression)
                handler = self.wrapped_expression(node, compute)
            self.handlers[node] = handler
        return handler

    def wrapped_expression(self, node: ast.expr, compute: Callable[[Any], Any]) -> Handler:
        """The handler of `node` that runs `compute(node)` as one step: counted, its errors
        placed at `node`, the tensors it makes noted with the node's span."""
        interp, budget, span = self, self.budget, self.span_of(node)
        locate, placed, note = self.locate, self.placed, self.note_made
        unpacks = type(node) is ast.Call  # torch.unbind(x), x.split(2): each piece made here

        def expression() -> Any:
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                value = compute(node)
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None
            made = type(value)
            if made in _NOT_TENSORS:
                return value
            if made is Tensor or isinstance(value, Tensor) or (made is tuple and unpacks):
                note(value, span)
            return value

        return expression

    def note_made(self, value: Any, span: Any) -> None:
        """Note the tensor an expression made (or the tensors of a tuple a call returned)."""
        if isinstance(value, Tensor):
            self.note_span(value, span)
        elif len(value) <= 64:
            for item in value:
                if isinstance(item, Tensor):
                    self.note_span(item, span)

    def build_constant(self, node: ast.Constant) -> Handler:
        interp, budget, value = self, self.budget, node.value

        def constant() -> Any:
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            return value

        return constant

    def build_name(self, node: ast.Name) -> Handler:
        """A name read: the module's dict directly, anything else by name_reader. A name is
        never noted as a tensor's site (the expression that made the tensor is)."""
        interp, budget, name = self, self.budget, node.id
        module_frame, scope, read = self.module_frame, self.scope, self.name_reader(node)

        def name_value() -> Any:
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            if interp.frame is module_frame:
                value = scope.get(name, _MISSING)
                if value is not _MISSING:
                    return value
            return read()

        return name_value

    def name_reader(self, node: ast.Name) -> Handler:
        """Read the name of `node` (its step counted by the caller): the module's dict, or the
        running function's own locals, directly; anything else (closures, class bodies,
        builtins, errors) through lookup(), its errors placed at the name."""
        interp, name, module_frame, scope = self, node.id, self.module_frame, self.scope
        placed, lookup = self.placed, self.lookup

        def read() -> Any:
            frame = interp.frame
            if frame is module_frame:
                value = scope.get(name, _MISSING)
                if value is not _MISSING:
                    return value
            elif frame.kind is FUNCTION and name in frame.local_names:
                value = frame.vars.get(name, _MISSING)
                if value is not _MISSING:
                    return value
            try:
                return lookup(name)
            except Exception as exc:
                raise placed(exc, node) from None

        return read

    def operand(self, node: ast.expr, leaves: bool = True) -> tuple[Any, Any, Any]:
        """How a parent reads its operand `node` without calling its handler, when `node` is a
        leaf: (_CONSTANT, its value, None), (_NAME, its name, name_reader), or (_OTHER, None,
        its handler). The parent counts the leaf's step itself, placed at the leaf. Without
        `leaves`, a constant is an _OTHER (an attribute's object: `'b'.upper()`)."""
        if leaves and isinstance(node, ast.Constant):
            return _CONSTANT, node.value, None
        if isinstance(node, ast.Name):
            return _NAME, node.id, self.name_reader(node)
        return _OTHER, None, self.expression_handler(node)

    def build_attribute(self, node: ast.Attribute) -> Handler:
        """`obj.name`: read with the allow-list of obj's type. A data attribute of an engine
        type (`a.grad`, `x.shape`) read from the type this node last met takes one comparison
        (the type is compared on every run: another type goes the whole way again)."""
        if node.attr == "__name__":  # type(x).__name__: the checker's one exception
            return self.wrapped_expression(node, self.value_attribute)
        interp, budget, span = self, self.budget, self.span_of(node)
        locate, placed, note_span = self.locate, self.placed, self.note_span
        obj_node, name = node.value, node.attr
        obj_kind, obj_name, obj_of = self.operand(obj_node, leaves=False)
        module_frame, scope = self.module_frame, self.scope
        rules_by_type, get_attribute = self.rules_by_type, self.get_attribute
        data_type: type | None = None  # an engine type whose allow-list has `name` as data

        def attribute() -> Any:
            nonlocal data_type
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                if obj_kind is not _NAME:
                    obj = obj_of()
                else:  # `a.grad`, `self.fc1`: the name read here, its step counted here
                    budget.operations += 1
                    if budget.operations >= budget.next_check:
                        interp.checkpoint_at(obj_node)
                    obj = (
                        scope.get(obj_name, _MISSING) if interp.frame is module_frame else _MISSING
                    )
                    if obj is _MISSING:
                        obj = obj_of()
                kind = type(obj)
                if kind is data_type:
                    value = getattr(obj, name)
                else:
                    value = get_attribute(obj, name)
                    rule = rules_by_type.get(kind)
                    if rule is not None and name in rule[0]:
                        data_type = kind
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None
            made = type(value)
            if made is Tensor or (made not in _NOT_TENSORS and isinstance(value, Tensor)):
                note_span(value, span)
            return value

        return attribute

    def arithmetic(self, op: ast.operator, inplace: bool = False) -> Callable[[Any, Any], Any]:
        """`a <op> b` (or `a <op>= b`) for this operator: operators.binary, with its commonest
        cases decided without it. The operand types are looked at on every call."""
        fn = (INPLACE if inplace else BINARY)[type(op)]
        interp, budget, max_bits = self, self.budget, self.limits.max_int_bits
        matmul, int_direct = isinstance(op, ast.MatMult), type(op) in _INT_DIRECT
        int_product = type(op) is ast.Mult

        def combine(a: Any, b: Any) -> Any:
            ta, tb = type(a), type(b)
            if ta in _ARITHMETIC and tb in _ARITHMETIC:
                if ta is not int or tb is not int:  # a tensor or a float: nothing to bound
                    if matmul:
                        interp.check_matmul(a, b)
                    return fn(a, b)
                if int_direct or int_product:  # 7 % 100, n + 1, i * j
                    if int_product and a.bit_length() + b.bit_length() - 1 > max_bits:
                        budget.check_int_bits(a.bit_length() + b.bit_length() - 1)
                    value = fn(a, b)
                    if type(value) is int and value.bit_length() > max_bits:
                        budget.check_int_bits(value.bit_length())
                    return value
            if matmul:
                interp.check_matmul(a, b)
            return binary(op, a, b, budget, inplace=inplace)

        return combine

    def build_binop(self, node: ast.BinOp) -> Handler:
        """`a op b`. A name or constant operand (`b * x`, `x ** 2`) is read here, with its own
        step and its errors at its own place, rather than by a call of its handler."""
        interp, budget, span = self, self.budget, self.span_of(node)
        locate, placed, note_span = self.locate, self.placed, self.note_span
        module_frame, scope = self.module_frame, self.scope
        left_node, right_node = node.left, node.right
        left_kind, left_value, left_of = self.operand(left_node)
        right_kind, right_value, right_of = self.operand(right_node)
        fn, combine = BINARY[type(node.op)], self.arithmetic(node.op)
        if isinstance(node.op, ast.MatMult):
            fn = None  # (every @ takes combine(), which bounds its work first)

        def binop() -> Any:
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                if left_kind is _OTHER:
                    left = left_of()
                else:
                    budget.operations += 1
                    if budget.operations >= budget.next_check:
                        interp.checkpoint_at(left_node)
                    if left_kind is _CONSTANT:
                        left = left_value
                    elif interp.frame is not module_frame:
                        left = left_of()
                    else:
                        left = scope.get(left_value, _MISSING)
                        if left is _MISSING:
                            left = left_of()
                if right_kind is _OTHER:
                    right = right_of()
                else:
                    budget.operations += 1
                    if budget.operations >= budget.next_check:
                        interp.checkpoint_at(right_node)
                    if right_kind is _CONSTANT:
                        right = right_value
                    elif interp.frame is not module_frame:
                        right = right_of()
                    else:
                        right = scope.get(right_value, _MISSING)
                        if right is _MISSING:
                            right = right_of()
                # combine()'s first case written out: the tutorials' inner loops are tensor
                # and float arithmetic, which the engine bounds (guard) or cannot grow
                ta, tb = type(left), type(right)
                if ta in _ARITHMETIC and tb in _ARITHMETIC and (ta is not int or tb is not int):
                    value = fn(left, right) if fn is not None else combine(left, right)
                else:
                    value = combine(left, right)
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None
            made = type(value)
            if made is Tensor or (made not in _NOT_TENSORS and isinstance(value, Tensor)):
                note_span(value, span)
            return value

        return binop

    def build_unaryop(self, node: ast.UnaryOp) -> Handler:
        operand_of = self.expression_handler(node.operand)
        if isinstance(node.op, ast.Not):
            return self.wrapped_expression(node, lambda node: not bool(operand_of()))
        interp, budget, span = self, self.budget, self.span_of(node)
        locate, placed, note_span = self.locate, self.placed, self.note_span
        op = node.op
        fn = UNARY[type(op)]

        def unaryop() -> Any:
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                value = operand_of()
                value = fn(value) if type(value) in _SIMPLE_UNARY else unary(op, value)
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None
            if type(value) is Tensor or isinstance(value, Tensor):
                note_span(value, span)
            return value

        return unaryop

    def build_compare(self, node: ast.Compare) -> Handler:
        op = node.ops[0]
        if len(node.ops) > 1 or isinstance(op, ast.In | ast.NotIn):
            return self.wrapped_expression(node, self.value_compare)
        interp, budget, span = self, self.budget, self.span_of(node)
        locate, placed, note_span = self.locate, self.placed, self.note_span
        left_of = self.expression_handler(node.left)
        right_node = node.comparators[0]
        right_kind, right_value, right_of = self.operand(right_node)
        fn = COMPARE[type(op)]

        def comparison() -> Any:
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                left = left_of()
                if right_kind is _OTHER:
                    right = right_of()
                else:  # `t % 100 == 99`, `i < n`: the leaf's step counted here
                    budget.operations += 1
                    if budget.operations >= budget.next_check:
                        interp.checkpoint_at(right_node)
                    right = right_value if right_kind is _CONSTANT else right_of()
                if type(left) in _NUMBERS and type(right) in _NUMBERS:
                    return fn(left, right)  # `t % 100 == 99`: nothing to walk, nothing to refuse
                value = compare(op, left, right, budget)
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None
            made = type(value)
            if made is Tensor or (made not in _NOT_TENSORS and isinstance(value, Tensor)):
                note_span(value, span)
            return value

        return comparison

    def build_subscript(self, node: ast.Subscript) -> Handler:
        interp, budget, span = self, self.budget, self.span_of(node)
        locate, placed, note_span = self.locate, self.placed, self.note_span
        obj_of, key_of = self.expression_handler(node.value), self.expression_handler(node.slice)
        get_item = self.get_item

        def subscript() -> Any:
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                obj = obj_of()
                value = get_item(obj, key_of())
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None
            made = type(value)
            if made is Tensor or (made not in _NOT_TENSORS and isinstance(value, Tensor)):
                note_span(value, span)
            return value

        return subscript

    def build_tuple(self, node: ast.Tuple) -> Handler:
        if any(isinstance(e, ast.Starred) for e in node.elts):
            return self.wrapped_expression(node, self.value_tuple)
        interp, budget = self, self.budget
        locate, placed = self.locate, self.placed
        items = tuple(self.expression_handler(e) for e in node.elts)

        def display() -> tuple:  # (a tuple is never a tensor: nothing to note)
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                return tuple([item() for item in items])
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None

        return display

    def build_call(self, node: ast.Call) -> Handler:
        """A call: the callee, then the arguments, each by its own handler. `obj.name(...)`
        is method_call's; calls with `*args`, `**kwargs` or super() keep value_call."""
        func = node.func
        if (
            (isinstance(func, ast.Name) and func.id == "super")
            or any(isinstance(a, ast.Starred) for a in node.args)
            or any(k.arg is None for k in node.keywords)
            or len({k.arg for k in node.keywords}) < len(node.keywords)  # (value_call says so)
        ):
            return self.wrapped_expression(node, self.value_call)
        if isinstance(func, ast.Attribute) and func.attr != "__name__":
            return self.method_call(node, func)
        interp, budget, span = self, self.budget, self.span_of(node)
        locate, placed, note_made = self.locate, self.placed, self.note_made
        callee_kind, callee_name, callee_of = self.operand(func, leaves=False)
        module_frame, scope = self.module_frame, self.scope
        args_of = tuple(self.expression_handler(a) for a in node.args)
        keywords_of = tuple((k.arg, self.expression_handler(k.value)) for k in node.keywords)
        call, call_user, call_model = self.call, self.call_user, self.call_model
        model_type: Any = _UNSEEN  # the model type this node calls (None: not a model)
        arity = len(args_of)
        first_of = args_of[0] if arity else None
        second_of = args_of[1] if arity > 1 else None

        def calling() -> Any:
            nonlocal model_type
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                if callee_kind is not _NAME:
                    callee = callee_of()
                else:  # `model(x)`, `print(...)`: the name read here, its step counted here
                    budget.operations += 1
                    if budget.operations >= budget.next_check:
                        interp.checkpoint_at(func)
                    callee = (
                        scope.get(callee_name, _MISSING)
                        if interp.frame is module_frame
                        else _MISSING
                    )
                    if callee is _MISSING:
                        callee = callee_of()
                if arity == 0:
                    args = []
                elif arity == 1:
                    args = [first_of()]
                elif arity == 2:
                    args = [first_of(), second_of()]
                else:
                    args = [arg() for arg in args_of]
                kwargs = {key: value() for key, value in keywords_of} if keywords_of else {}
                kind = type(callee)
                if kind is UserFunction:
                    value = call_user(callee, args, kwargs)
                elif kind is model_type:  # model(x), loss_fn(y_pred, y)
                    value = call_model(callee, args, kwargs)
                else:
                    value = call(callee, args, kwargs)
                    if model_type is _UNSEEN:
                        model_type = kind if is_model_type(kind) else None
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None
            made = type(value)
            if (
                made is Tensor
                or (made not in _NOT_TENSORS and isinstance(value, Tensor))
                or made is tuple
            ):
                note_made(value, span)
            return value

        return calling

    def method_call(self, node: ast.Call, func: ast.Attribute) -> Handler:
        """`obj.name(...)`: the attribute node and the call node, each its own step and its own
        place for errors, in one closure. A method of an engine type that has no bounded
        version and no argument the engine calls back or must size first (`loss.backward()`,
        `x.pow(2)`, `opt.zero_grad()`) is called straight away with the arguments checked as
        engine_arguments checks them, once this node has seen that type through the general
        way (the type is compared on every run)."""
        interp, budget, span = self, self.budget, self.span_of(node)
        locate, placed, note_made = self.locate, self.placed, self.note_made
        obj_node, name = func.value, func.attr
        obj_kind, obj_name, obj_of = self.operand(obj_node, leaves=False)
        module_frame, scope = self.module_frame, self.scope
        args_of = tuple(self.expression_handler(a) for a in node.args)
        keywords_of = tuple((k.arg, self.expression_handler(k.value)) for k in node.keywords)
        get_attribute, call, call_method, call_user = (
            self.get_attribute,
            self.call,
            self.call_method,
            self.call_user,
        )
        check, plain_engine_method = self.check_argument, self.plain_engine_method
        direct_type: type | None = None  # an engine type whose `name` this node calls directly
        asked_type: type | None = None  # the type plain_engine_method was last asked about
        arity = len(args_of)
        first_of = args_of[0] if arity else None
        second_of = args_of[1] if arity > 1 else None

        def method() -> Any:
            nonlocal direct_type, asked_type
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                budget.operations += 1  # the attribute node's own step
                if budget.operations >= budget.next_check:
                    interp.checkpoint_at(func)
                try:
                    if obj_kind is not _NAME:
                        obj = obj_of()
                    else:  # `loss.backward()`: the name read here, as build_attribute does
                        budget.operations += 1
                        if budget.operations >= budget.next_check:
                            interp.checkpoint_at(obj_node)
                        obj = (
                            scope.get(obj_name, _MISSING)
                            if interp.frame is module_frame
                            else _MISSING
                        )
                        if obj is _MISSING:
                            obj = obj_of()
                    kind = type(obj)
                    callee = None if kind is direct_type else get_attribute(obj, name)
                except CallbackAbort as abort:
                    raise locate(abort.error, func) from None
                except Exception as exc:
                    raise placed(exc, func) from None
                if arity == 0:
                    args = []
                elif arity == 1:
                    args = [first_of()]
                elif arity == 2:
                    args = [first_of(), second_of()]
                else:
                    args = [arg() for arg in args_of]
                kwargs = {key: value() for key, value in keywords_of} if keywords_of else {}
                if callee is None:  # engine_arguments' work for such a method, written out
                    budget.check_clocks()
                    for arg in args:
                        if type(arg) not in PLAIN_VALUES:
                            args = [check(a) for a in args]
                            break
                    if kwargs:
                        kwargs = {k: check(v) for k, v in kwargs.items()}
                    value = getattr(obj, name)(*args, **kwargs)
                else:
                    called = type(callee)
                    if called is Method:
                        value = call_method(callee, args, kwargs)
                        if kind is not asked_type:  # (asked once per type met)
                            asked_type = kind
                            if callee.obj is obj and plain_engine_method(kind, name):
                                direct_type = kind
                    elif called is UserFunction:
                        value = call_user(callee, args, kwargs)
                    else:
                        value = call(callee, args, kwargs)
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None
            made = type(value)
            if (
                made is Tensor
                or (made not in _NOT_TENSORS and isinstance(value, Tensor))
                or made is tuple
            ):
                note_made(value, span)
            return value

        return method

    # --- statements -------------------------------------------------------------------------
    #
    # The commonest statements (_STATEMENT_BUILDERS) are built whole: their closure sets the
    # current line, counts the statement's step and places the errors no inner node placed,
    # as wrapped_statement does around the others' actions, without a second call per run.

    def statement_handler(self, node: ast.stmt) -> Handler:
        handler = self.handlers.get(node)
        if handler is None:
            try:
                build = _STATEMENT_BUILDERS.get(type(node))
                if build is not None:
                    handler = build(self, node)
                else:
                    run, stmt = self.statements[type(node)], node
                    handler = self.wrapped_statement(node, lambda: run(stmt))
            except Exception as exc:
                raise self.placed(exc, node) from None
            self.handlers[node] = handler
        return handler

    def wrapped_statement(self, node: ast.stmt, action: Handler) -> Handler:
        """The handler of a statement: its line becomes the current line, it counts as one
        step, and an error no inner node placed is placed at the statement. (It returns what
        `action` returns: None, except for a function's final `return value`.)"""
        interp, budget, line = self, self.budget, node.lineno
        locate, placed = self.locate, self.placed

        def statement() -> Any:
            interp.line = line
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                return action()
            except CallbackAbort as abort:  # from a function of the snippet's the engine called
                raise locate(abort.error, node) from None
            except Exception as exc:  # Python's or PyTorch's error, at this statement
                raise placed(exc, node) from None

        return statement

    def block_handler(self, body: list[ast.stmt]) -> Handler:
        """The statements of a block, run one after the other."""
        statements = tuple(self.statement_handler(stmt) for stmt in body)
        if not statements:
            return _no_op
        if len(statements) == 1:
            return statements[0]

        def block() -> None:
            for statement in statements:
                statement()

        return block

    def binder(self, target: ast.expr, site: ast.AST | None = None) -> Callable[[Any], None]:
        """What `target = value` does with the value (assign(), decided once per target): a
        plain name is bound directly (at module level, straight into the module's dict)."""
        if isinstance(target, ast.Attribute):  # a.grad = None
            obj_of, attr, set_attribute = (
                self.expression_handler(target.value),
                target.attr,
                self.set_attribute,
            )
            if attr not in _TENSOR_SETTABLE:
                return lambda value: set_attribute(obj_of(), attr, value)
            check = self.check_argument

            def bind_attribute(value: Any) -> None:
                obj = obj_of()
                if type(obj) is Tensor:  # set_attribute's first case, written out
                    if type(value) not in PLAIN_VALUES:
                        check(value)
                    setattr(obj, attr, value)
                else:
                    set_attribute(obj, attr, value)

            return bind_attribute
        if isinstance(target, ast.Subscript):  # w[0] = 1.0
            obj_of, key_of, set_item = (
                self.expression_handler(target.value),
                self.expression_handler(target.slice),
                self.set_item,
            )

            def bind_item(value: Any) -> None:
                obj = obj_of()
                set_item(obj, key_of(), value)

            return bind_item
        if isinstance(target, ast.Tuple | ast.List):  # x, y = batch
            binders, unpack = tuple(self.binder(e, site) for e in target.elts), self.unpack

            def bind_items(value: Any) -> None:
                for bind, item in zip(binders, unpack(value, len(binders))):
                    bind(item)

            return bind_items
        if not isinstance(target, ast.Name):  # the checker lets no other target through
            assign = self.assign
            return lambda value: assign(target, value, site)
        interp, name, module_frame, scope = self, target.id, self.module_frame, self.scope
        imported, note_tensor, bind = self.imported, self.note_tensor, self.bind

        def bind_name(value: Any) -> None:
            is_tensor = isinstance(value, Tensor)
            if site is not None and is_tensor:
                note_tensor(value, site=site)
            if interp.frame is not module_frame:
                bind(name, value)
                return
            scope[name] = value
            imported.discard(name)
            if is_tensor:
                note_tensor(value, name=name)

        return bind_name

    def build_expr(self, node: ast.Expr) -> Handler:
        interp, budget, locate, placed = self.kit()
        line = node.lineno
        value_of = self.expression_handler(node.value)

        def expression_statement() -> None:
            interp.line = line
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                interp.last_value = value_of()
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None

        return expression_statement

    def build_assign(self, node: ast.Assign) -> Handler:
        interp, budget, locate, placed = self.kit()
        line = node.lineno
        value_of = self.expression_handler(node.value)
        binders = tuple(self.binder(target) for target in node.targets)
        bind = binders[0]

        def assignment() -> None:
            interp.line = line
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                value = value_of()
                for bind in binders:
                    bind(value)
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None

        def single_assignment() -> None:
            interp.line = line
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                bind(value_of())
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None

        return single_assignment if len(binders) == 1 else assignment

    def build_augassign(self, node: ast.AugAssign) -> Handler:
        target = node.target
        if not isinstance(target, ast.Name | ast.Attribute):
            run = self.run_augassign
            return self.wrapped_statement(node, lambda: run(node))
        interp, budget, locate, placed = self.kit()
        line = node.lineno
        value_of, combined = self.expression_handler(node.value), self.arithmetic(node.op, True)

        if isinstance(target, ast.Attribute):
            obj_of, attr = self.expression_handler(target.value), target.attr
            get_attribute, set_attribute = self.get_attribute, self.set_attribute

            def augmented_attribute() -> None:  # w.data -= lr * w.grad
                obj = obj_of()
                current = get_attribute(obj, attr)
                set_attribute(obj, attr, combined(current, value_of()))

            return self.wrapped_statement(node, augmented_attribute)
        name, lookup, bind, note_tensor = target.id, self.lookup, self.bind, self.note_tensor
        module_frame, scope, imported, records = (
            self.module_frame,
            self.scope,
            self.imported,
            self.records,
        )

        def augmented_name() -> None:
            interp.line = line
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                if interp.frame is not module_frame or name not in scope:
                    current = lookup(name)
                    bind(name, combined(current, value_of()))
                    return
                # a module-level name (lookup() and bind() written out): `a -= lr * a.grad`
                current = scope[name]
                value = combined(current, value_of())
                scope[name] = value
                imported.discard(name)
                if type(value) is Tensor or isinstance(value, Tensor):
                    # The same tensor changed in place is noted under this name already
                    record = records.get(id(value)) if value is current else None
                    if record is None or record[0] is not value or name not in record[1]:
                        note_tensor(value, name=name)
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None

        return augmented_name

    def build_for(self, node: ast.For) -> Handler:
        interp, budget, locate, placed = self.kit()
        line = node.lineno
        iterable_of, bind = self.expression_handler(node.iter), self.binder(node.target, node.iter)
        body, orelse = self.block_handler(node.body), self.block_handler(node.orelse)
        iterate, most = self.iterate, self.limits.max_loop_iterations

        def for_loop() -> None:
            interp.line = line
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                items = iterate(iterable_of())
                while True:
                    # Each item is asked for with the loop's own line current: a DataLoader
                    # calls a Dataset's __getitem__ from here, "called from" the `for` line.
                    interp.line = line
                    try:
                        item = next(items)
                    except StopIteration:
                        break
                    budget.loop_iterations += 1  # Budget.loop_iteration(), written out
                    if budget.loop_iterations > most:
                        raise budget.fail("max_loop_iterations")
                    budget.operations += 1
                    if budget.operations >= budget.next_check:
                        budget.checkpoint()
                    bind(item)
                    try:
                        body()
                    except Break:
                        return
                    except Continue:
                        pass
                orelse()
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None

        return for_loop

    def build_if(self, node: ast.If) -> Handler:
        interp, budget, locate, placed = self.kit()
        line = node.lineno
        test_of = self.expression_handler(node.test)
        body, orelse = self.block_handler(node.body), self.block_handler(node.orelse)

        def if_statement() -> None:
            interp.line = line
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                if test_of():
                    body()
                else:
                    orelse()
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None

        return if_statement

    def build_with(self, node: ast.With) -> Handler:
        """`with torch.no_grad():` (one manager, no `as`) enters and leaves the manager itself;
        other forms go through managers()."""
        interp, budget, locate, placed = self.kit()
        line = node.lineno
        body = self.block_handler(node.body)
        if len(node.items) != 1 or node.items[0].optional_vars is not None:
            managers = self.managers

            def with_statements() -> None:
                with managers(node):
                    body()

            return self.wrapped_statement(node, with_statements)
        manager_of = self.expression_handler(node.items[0].context_expr)
        check = self.check_context_manager

        def with_statement() -> None:
            interp.line = line
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                manager = manager_of()
                check(manager)
                manager.__enter__()
                try:
                    body()
                finally:  # restores grad mode even on errors and breaks
                    manager.__exit__(None, None, None)
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None

        return with_statement

    def build_return(self, node: ast.Return, final: bool = False) -> Handler:
        """`return value`: raises Return(value) to its call, or, `final` (the last statement
        of a function's body: statements_returning), returns the value itself."""
        value = node.value
        if value is None:
            return self.wrapped_statement(node, _raise_return_none)
        interp, budget, locate, placed = self.kit()
        line = node.lineno
        value_of = self.expression_handler(value)

        def return_statement() -> Any:
            interp.line = line
            budget.operations += 1
            if budget.operations >= budget.next_check:
                interp.checkpoint_at(node)
            try:
                value = value_of()
            except CallbackAbort as abort:
                raise locate(abort.error, node) from None
            except Exception as exc:
                raise placed(exc, node) from None
            if final:
                return value
            raise Return(value)

        return return_statement

    # --- function bodies ----------------------------------------------------------------------

    def body_handler(self, node: ast.FunctionDef | ast.Lambda) -> Handler:
        """What a call of a function defined by `node` runs, returning its value. A body that
        ends in `return value` returns that value without raising Return (a `return` anywhere
        else still raises it, caught by call_user)."""
        if isinstance(node, ast.Lambda):
            interp, line, value_of = self, node.body.lineno, self.expression_handler(node.body)

            def lambda_body() -> Any:
                # a lambda has no statements to set the line: calls made inside it are
                # "called from" the lambda's own line, not from the line that called it
                interp.line = line
                return value_of()

            handler = lambda_body
        else:
            handler = self.statements_returning(node.body)
        self.bodies[node] = handler
        return handler

    def statements_returning(self, body: list[ast.stmt]) -> Handler:
        last = body[-1]
        if not isinstance(last, ast.Return) or last.value is None:
            block = self.block_handler(body)

            def statements() -> None:
                block()

            return statements
        leading = self.block_handler(body[:-1])
        returning = self.build_return(last, final=True)

        def statements_then_return() -> Any:
            leading()
            return returning()

        return statements_then_return


def _unknown_expression(node: ast.expr) -> Any:
    raise KeyError(type(node))  # (the checker lets no such node through)


def _raise_return_none() -> None:
    raise Return(None)


_EXPRESSION_BUILDERS: dict[type, Callable[[Any, Any], Handler]] = {
    ast.Constant: HandlerMixin.build_constant,
    ast.Name: HandlerMixin.build_name,
    ast.Attribute: HandlerMixin.build_attribute,
    ast.BinOp: HandlerMixin.build_binop,
    ast.UnaryOp: HandlerMixin.build_unaryop,
    ast.Compare: HandlerMixin.build_compare,
    ast.Subscript: HandlerMixin.build_subscript,
    ast.Tuple: HandlerMixin.build_tuple,
    ast.Call: HandlerMixin.build_call,
}
_STATEMENT_BUILDERS: dict[type, Callable[[Any, Any], Handler]] = {
    ast.Expr: HandlerMixin.build_expr,
    ast.Assign: HandlerMixin.build_assign,
    ast.AugAssign: HandlerMixin.build_augassign,
    ast.For: HandlerMixin.build_for,
    ast.If: HandlerMixin.build_if,
    ast.With: HandlerMixin.build_with,
    ast.Return: HandlerMixin.build_return,
    ast.Pass: lambda interp, node: interp.wrapped_statement(node, _no_op),
}

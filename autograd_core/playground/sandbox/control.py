"""`while`, `try`/`except`/`else`/`finally`, `raise`, and generator bodies run step by step.

`while` counts every iteration against the same loop budget as `for`. `try` catches only what
the snippet itself could have caused (SnippetError.catchable): Python's and PyTorch's errors and
the snippet's own `raise`; a limit or a refusal passes every `except`, so `while True: try: ...
except Exception: pass` still ends. A generator function's body runs through `steps_of`, the
same statements as `run_block` but pausing at each `yield` statement.
"""

from __future__ import annotations

import ast
from typing import Any

from .errors import SnippetError
from .exceptions import caught, handles, raised
from .functions import CallbackAbort


class Break(BaseException):
    """`break` travelling to its loop. BaseException: no `except Exception` stops it."""


class Continue(BaseException):
    """`continue` travelling to its loop."""


class ControlMixin:
    """Part of Interpreter: the control flow beyond `for` and `if`."""

    def run_while(self, node: ast.While) -> None:
        while self.truth(self.evaluate(node.test)):
            self.budget.loop_iteration()
            if self.run_loop_body(node.body):
                return
        self.run_block(node.orelse)

    # --- exceptions ----------------------------------------------------------------------------

    def handler_for(self, node: ast.Try, error: SnippetError) -> ast.ExceptHandler | None:
        if not error.catchable:
            return None
        for handler in node.handlers:
            if handler.type is None or handles(self.evaluate(handler.type), error):
                return handler
        return None

    def run_try(self, node: ast.Try) -> None:
        try:
            try:
                self.run_block(node.body)
            except CallbackAbort as abort:
                raise abort.error from None
        except SnippetError as error:
            handler = self.handler_for(node, error)
            if handler is None:
                raise
            with self.handling(handler, error):
                self.run_block(handler.body)
        else:
            self.run_block(node.orelse)
        finally:
            self.run_block(node.finalbody)

    def handling(self, handler: ast.ExceptHandler, error: SnippetError) -> Any:
        interp = self

        class Handling:
            def __enter__(self) -> None:
                interp.handled.append(error)
                if handler.name:
                    interp.bind(handler.name, caught(error))

            def __exit__(self, *exc: object) -> None:
                interp.handled.pop()
                if handler.name:  # Python deletes the name after the handler
                    interp.unbind(handler.name)

        return Handling()

    def run_raise(self, node: ast.Raise) -> None:
        if node.exc is None:
            if not self.handled:
                raise RuntimeError("No active exception to reraise")
            raise self.handled[-1]
        error = raised(self.evaluate(node.exc))
        if node.cause is not None:
            self.evaluate(node.cause)  # evaluated as in Python; the cause is not shown
        raise error

    # --- generator bodies ---------------------------------------------------------------------

    def steps_of(self, body: list[ast.stmt]) -> Any:
        """Run `body`, yielding at every `yield` statement (a generator of the values)."""
        for stmt in body:
            if id(stmt) not in self.yielding:
                self.run_stmt(stmt)
                continue
            self.line = stmt.lineno
            self.budget.tick()
            try:
                yield from self.steps_of_statement(stmt)
            except SnippetError as error:
                raise self.locate(error, stmt) from None
            except CallbackAbort as abort:
                raise self.locate(abort.error, stmt) from None
            except Exception as exc:
                raise self.runtime_error(exc, stmt) from None

    def steps_of_statement(self, stmt: ast.stmt) -> Any:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Yield):
            value = stmt.value.value
            yield None if value is None else self.evaluate(value)
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.YieldFrom):
            for item in self.iterate(self.evaluate(stmt.value.value)):
                self.budget.loop_iteration()
                yield item
        elif isinstance(stmt, ast.For):
            for item in self.loop_items(stmt):
                self.budget.loop_iteration()
                self.assign(stmt.target, item, site=stmt.iter)
                if (yield from self.steps_of_loop_body(stmt.body)):
                    return
            yield from self.steps_of(stmt.orelse)
        elif isinstance(stmt, ast.While):
            while self.truth(self.evaluate(stmt.test)):
                self.budget.loop_iteration()
                if (yield from self.steps_of_loop_body(stmt.body)):
                    return
            yield from self.steps_of(stmt.orelse)
        elif isinstance(stmt, ast.If):
            yield from self.steps_of(
                stmt.body if self.truth(self.evaluate(stmt.test)) else stmt.orelse
            )
        elif isinstance(stmt, ast.With):
            yield from self.steps_of_with(stmt)
        elif isinstance(stmt, ast.Try):
            yield from self.steps_of_try(stmt)
        else:  # the checker allows `yield` only as a statement of the kinds above
            raise SnippetError("`yield` is only supported as a statement here", kind="unsupported")

    def steps_of_loop_body(self, body: list[ast.stmt]) -> Any:
        """One pass of a loop body, step by step; returns True when it ended in `break`."""
        try:
            yield from self.steps_of(body)
        except Break:
            return True
        except Continue:
            pass
        return False

    def steps_of_with(self, stmt: ast.With) -> Any:
        with self.managers(stmt):
            yield from self.steps_of(stmt.body)

    def steps_of_try(self, stmt: ast.Try) -> Any:
        try:
            try:
                yield from self.steps_of(stmt.body)
            except CallbackAbort as abort:
                raise abort.error from None
        except SnippetError as error:
            handler = self.handler_for(stmt, error)
            if handler is None:
                raise
            with self.handling(handler, error):
                yield from self.steps_of(handler.body)
        else:
            yield from self.steps_of(stmt.orelse)
        finally:
            yield from self.steps_of(stmt.finalbody)

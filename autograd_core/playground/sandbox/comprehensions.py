"""List, set and dict comprehensions and generator expressions.

Each runs in a scope of its own (its loop variables do not leak, as in Python 3), counts every
iteration against the loop budget, and checks the size of what it builds as it grows, so
`[0 for i in range(10**9)]` stops at the container limit instead of filling memory. A generator
expression is lazy, as in Python: it is a `Suspended` that computes one item per step.
"""

from __future__ import annotations

import ast
from typing import Any

from .functions import Suspended
from .scopes import COMPREHENSION, Scope, comprehension_names


class ComprehensionMixin:
    """Part of Interpreter: comprehensions."""

    def comprehension(self, node: Any, produce: Any) -> tuple[Scope, Any]:
        """(scope, generator of produce() per item). The first iterable is evaluated here, in
        the enclosing scope, as Python does; everything else runs in the new scope."""
        first = self.iterate(self.evaluate(node.generators[0].iter))
        scope = Scope(COMPREHENSION, {}, parent=self.frame, local_names=comprehension_names(node))
        return scope, self._clauses(node.generators, 0, first, produce)

    def _clauses(self, generators: list[ast.comprehension], level: int, items: Any,
                 produce: Any) -> Any:  # fmt: skip
        clause = generators[level]
        for item in items:
            self.budget.loop_iteration()
            self.assign(clause.target, item)
            if not all(self.truth(self.evaluate(test)) for test in clause.ifs):
                continue
            if level + 1 == len(generators):
                yield produce()
            else:
                inner = self.iterate(self.evaluate(generators[level + 1].iter))
                yield from self._clauses(generators, level + 1, inner, produce)

    def _eager(self, node: Any, produce: Any, add: Any, size: Any) -> None:
        scope, items = self.comprehension(node, produce)
        frame = self.frame
        self.frame = scope
        try:
            for value in items:
                add(value)
                n = size()
                if n % 64 == 0:  # it grows one item at a time: check the size as it goes
                    self.budget.check_container(n)
                self.budget.charge(1)
        finally:
            self.frame = frame
        self.budget.check_container(size())

    def value_listcomp(self, node: ast.ListComp) -> list:
        out: list[Any] = []
        self._eager(node, lambda: self.evaluate(node.elt), out.append, out.__len__)
        return out

    def value_setcomp(self, node: ast.SetComp) -> set:
        out: set[Any] = set()

        def add(value: Any) -> None:
            self.check_key(value)
            out.add(value)

        self._eager(node, lambda: self.evaluate(node.elt), add, out.__len__)
        return out

    def value_dictcomp(self, node: ast.DictComp) -> dict:
        out: dict[Any, Any] = {}

        def pair() -> tuple[Any, Any]:
            key = self.evaluate(node.key)
            self.check_key(key)
            return key, self.evaluate(node.value)

        def add(item: tuple[Any, Any]) -> None:
            out[item[0]] = item[1]

        self._eager(node, pair, add, out.__len__)
        return out

    def value_generatorexp(self, node: ast.GeneratorExp) -> Suspended:
        scope, items = self.comprehension(node, lambda: self.evaluate(node.elt))
        return Suspended(self, scope, items, "<genexpr>")

    def value_set(self, node: ast.Set) -> set:
        self.budget.charge_items(len(node.elts))
        out = set()
        for value in self.elements(node.elts):
            self.check_key(value)
            out.add(value)
        return out

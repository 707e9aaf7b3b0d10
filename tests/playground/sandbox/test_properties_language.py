"""Property tests for the language of issue 16: functions, lambdas, classes, comprehensions,
while, try and raise in random combinations.

As in test_properties.py: whatever the program, run_snippet returns a result or a SnippetError
within the time limit (plus slack), and a program refused statically prints nothing. Two more
promises are checked on programs built for them: no `except` ever catches a limit (whatever
wraps the work that hits it), and plain-Python programs of these constructs print what Python
prints.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograd_core.playground.sandbox import Limits, SnippetError, run_snippet
from tests.playground.sandbox.test_properties import PREAMBLE, expressions, outcome, simple

SETTINGS = settings(
    max_examples=int(os.environ.get("LANG_PROPERTY_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _store(name: str) -> ast.Name:
    return ast.Name(name, ast.Store())


def _load(name: str) -> ast.Name:
    return ast.Name(name, ast.Load())


def _args(*names: str) -> ast.arguments:
    return ast.arguments(
        posonlyargs=[], args=[ast.arg(n) for n in names], kwonlyargs=[], kw_defaults=[],
        defaults=[],
    )  # fmt: skip


def _new_constructs(children: st.SearchStrategy) -> st.SearchStrategy:
    body = st.lists(children, min_size=1, max_size=3)
    return st.one_of(
        st.builds(lambda b: ast.FunctionDef("f", _args("a"), b, [], None, None), body),
        st.builds(
            lambda b, v: ast.FunctionDef("g", _args(), [*b, ast.Return(v)], [], None, None),
            body,
            expressions,
        ),
        st.builds(lambda t, b: ast.While(t, b, []), expressions, body),
        st.builds(
            lambda b, h: ast.Try(b, [ast.ExceptHandler(_load("Exception"), "e", h)], [], []),
            body,
            body,
        ),
        st.builds(lambda b, f: ast.Try(b, [], [], f), body, body),
        st.builds(lambda b: ast.ClassDef("C", [], [], b, []), body),
        st.builds(lambda v: ast.Raise(ast.Call(_load("ValueError"), [v], []), None), expressions),
    )


def _expression_statements() -> st.SearchStrategy:
    return st.one_of(
        st.builds(lambda v: ast.Expr(ast.Lambda(_args("q"), v)), expressions),
        st.builds(
            lambda v, it: ast.Expr(ast.ListComp(v, [ast.comprehension(_store("c"), it, [], 0)])),
            expressions,
            expressions,
        ),
        st.builds(
            lambda v, it: ast.Expr(
                ast.GeneratorExp(v, [ast.comprehension(_store("c"), it, [], 0)])
            ),
            expressions,
            expressions,
        ),
        st.just(ast.Expr(ast.Call(_load("f"), [ast.Constant(1)], []))),
        st.just(ast.Expr(ast.Call(_load("g"), [], []))),
        st.just(ast.Expr(ast.Call(_load("C"), [], []))),
    )


statements = st.recursive(st.one_of(simple, _expression_statements()), _new_constructs,
                          max_leaves=8)  # fmt: skip


@SETTINGS
@given(st.lists(statements, min_size=1, max_size=6))
def test_random_programs_with_functions_classes_and_try(body: list[ast.stmt]) -> None:
    module = ast.fix_missing_locations(ast.Module(body=body, type_ignores=[]))
    try:
        source = ast.unparse(module)
    except (ValueError, TypeError, AttributeError, RecursionError):
        return
    result = outcome(PREAMBLE + source)
    if isinstance(result, SnippetError) and result.kind in ("syntax", "unsupported"):
        if result.line is not None and result.line <= PREAMBLE.count("\n"):
            return
        assert result.output == "" or result.kind == "unsupported"


BOMBS = [
    "while True:\n{i}    pass",
    "for _ in range(10**9):\n{i}    pass",
    "xs = [0 for _ in range(10**9)]",
    "def r(n):\n{i}    return r(n + 1)\n{i}r(0)",
    "s = sum(v for v in range(10**12))",
    "t = torch.ones(10**9)",
]
WRAPPERS = [
    "try:\n{body}\nexcept Exception:\n    print('CAUGHT')",
    "try:\n{body}\nexcept:\n    print('CAUGHT')",
    "try:\n{body}\nexcept (RuntimeError, ValueError, TypeError) as e:\n    print('CAUGHT', e)",
    "def w():\n    try:\n{body2}\n    except Exception:\n        print('CAUGHT')\nw()",
    "try:\n{body}\nfinally:\n    print('FINALLY')",
    "data = [1]\nfor k in data:\n    try:\n{body2}\n    except Exception:\n        print('CAUGHT')",
]


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.format(i="").splitlines())


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(BOMBS), st.sampled_from(WRAPPERS))
def test_no_except_catches_a_limit(bomb: str, wrapper: str) -> None:
    source = "import torch\n" + wrapper.format(body=_indent(bomb, 4), body2=_indent(bomb, 8))
    small = Limits(max_loop_iterations=5_000, max_operations=200_000, max_call_depth=20)
    try:
        run_snippet(source, limits=small)
    except SnippetError as error:
        assert error.kind == "limit", error
        assert "CAUGHT" not in error.output
    else:
        raise AssertionError("the bomb did not hit a limit")


PLAIN = [
    "def f(a, b=2, *r, k=1, **kw):\n    return (a, b, r, k, sorted(kw))\nprint(f(1), f(1, 2, 3, k=4, z=5))",
    "def c():\n    n = 0\n    def s():\n        nonlocal n\n        n += 1\n        return n\n    return s\nq = c()\nq()\nprint(q(), q())",
    "print([i * j for i in range(4) for j in range(i) if (i + j) % 2], {k: k * 2 for k in 'ab'})",
    "def g(n):\n    i = 0\n    while i < n:\n        yield i\n        i += 1\nprint(list(g(5)), sum(x for x in g(4)))",
    "try:\n    [][1]\nexcept IndexError as e:\n    print(type(e).__name__, e)\nelse:\n    print('no')\nfinally:\n    print('f')",
    "class A:\n    k = 3\n    def __init__(self, v):\n        self.v = v\n    def get(self):\n        return self.v * self.k\nclass B(A):\n    def get(self):\n        return super().get() + 1\nprint(B(2).get(), A(2).get(), isinstance(B(1), A))",
    "x = 0\ndef inc():\n    global x\n    x += 1\nfor _ in range(3):\n    inc()\nprint(x)",
    "f = lambda *a, **k: (len(a), sorted(k))\nprint(f(1, 2, z=3), (lambda v=4: v)())",
    "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nprint([fib(i) for i in range(12)])",
    "def check(v):\n    if v < 0:\n        raise ValueError('negative', v)\n    return v\nfor v in (1, -2):\n    try:\n        print(check(v))\n    except ValueError as e:\n        print(e.args, str(e))",
]


@pytest.mark.parametrize("source", PLAIN)
def test_plain_python_prints_what_python_prints(source: str) -> None:
    python = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True)
    assert python.returncode == 0, python.stderr
    assert run_snippet(source).output == python.stdout

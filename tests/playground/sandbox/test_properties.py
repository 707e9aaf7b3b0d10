"""Property tests: whatever text comes in, run_snippet returns a result or raises SnippetError.

Three generators: arbitrary Unicode text (lone surrogates and NUL included), token soup that is
often almost-Python, and syntax trees built from a grammar that mixes the playground's subset with
what it refuses (lambdas, comprehensions, while, dunder attributes, getattr, huge numbers, ...),
unparsed to source. Each run's processor time (of its own thread, tests/cpu_time.py) is bounded
by the Limits' time limit plus slack: the interpreter stops itself, however busy the machine is.
"""

from __future__ import annotations

import ast
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograd_core.playground.sandbox import (
    DEFAULT_LIMITS,
    SnippetError,
    SnippetResult,
    run_snippet,
)
from tests.cpu_time import CPU_SLACK, thread_cpu

PREAMBLE = (
    "import torch\nx = torch.ones(3, requires_grad=True)\nw = torch.tensor(2.0, requires_grad=True)"
    "\nlst = [1, 2, 3]\nd = {'a': 1}\ns = 'abc'\ni = 3\n"
)
SETTINGS = settings(
    # LANG_PROPERTY_EXAMPLES=5000 for a longer hunt (4,000 random programs found nothing)
    max_examples=int(os.environ.get("LANG_PROPERTY_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def outcome(source: object) -> object:
    """Run it; only a result or a SnippetError may come back, within the time limit."""
    with thread_cpu() as spent:
        outcome_value = _outcome(source)
    assert spent() < DEFAULT_LIMITS.time_limit + CPU_SLACK  # processor time: tests/cpu_time.py
    return outcome_value


def _outcome(source: object) -> object:
    try:
        result = run_snippet(source)  # type: ignore[arg-type]
    except SnippetError as error:
        assert error.kind in ("syntax", "unsupported", "limit", "runtime")
        assert isinstance(error.message, str) and isinstance(error.hint, str)
        assert error.line is None or error.line >= 1
        outcome_value: object = error
    else:
        assert isinstance(result, SnippetResult) and isinstance(result.output, str)
        outcome_value = result
    return outcome_value


# --- text ---------------------------------------------------------------------------------------

ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())


@SETTINGS
@given(st.text(alphabet=ANY_CHARACTER, max_size=300))
def test_any_text(text: str) -> None:
    outcome(text)


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes(data: bytes) -> None:
    outcome(data)


def words(text: str) -> list[str]:
    return text.split()


TOKENS = [
    *words("x w lst d s i torch print range len for in if else elif while def lambda with as"),
    *words("import from return yield not and or is None True False ( ) [ ] { } : , . ="),
    *words("== += -= ** * / // % @ - + < > <= >= 1 2 0 2.5 10 9 'a' \"b\" f'{x}' .grad .data"),
    *words(".backward() .sum() .item() __class__ __dict__ _saved_self .__globals__ getattr"),
    *words("open exec __import__ no_grad tensor requires_grad=True 10**10"),
    *["\n"] * 4,
    *["\t", "    ", "\n    ", "\n        "],
]


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=60))
def test_token_soup(tokens: list[str]) -> None:
    outcome(PREAMBLE + " ".join(tokens))


# --- syntax trees -------------------------------------------------------------------------------

NAMES = ["x", "w", "lst", "d", "s", "i", "torch", "print", "len", "range", "getattr", "open"]
ATTRS = [
    *words("grad data sum backward item shape ones tensor __class__ _saved_self requires_grad"),
    *words("detach T zero_ append keys format"),
]
CONSTANTS = st.one_of(
    st.integers(-5, 5),
    st.sampled_from([10**10, 2**64, 10**1000]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "a", "{0.__class__}", "%999999d", "{:>99999999}"]),
    st.sampled_from([None, True, False]),
)
BINOPS = [ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.MatMult,
          ast.LShift, ast.BitAnd]  # fmt: skip
COMPARES = [ast.Eq, ast.Lt, ast.GtE, ast.In, ast.Is, ast.NotEq]

leaves = st.one_of(
    st.sampled_from(NAMES).map(lambda n: ast.Name(n, ast.Load())),
    CONSTANTS.map(ast.Constant),
)


def _compound(children: st.SearchStrategy) -> st.SearchStrategy:
    two = st.tuples(children, children)
    return st.one_of(
        st.builds(lambda v, a: ast.Attribute(v, a, ast.Load()), children, st.sampled_from(ATTRS)),
        st.builds(lambda f, args: ast.Call(f, args, []), children, st.lists(children, max_size=3)),
        st.builds(lambda o, ab: ast.BinOp(ab[0], o(), ab[1]), st.sampled_from(BINOPS), two),
        st.builds(lambda o, ab: ast.Compare(ab[0], [o()], [ab[1]]), st.sampled_from(COMPARES), two),
        st.builds(lambda ab: ast.BoolOp(ast.And(), list(ab)), two),
        st.builds(lambda v: ast.UnaryOp(ast.USub(), v), children),
        st.builds(lambda v, k: ast.Subscript(v, k, ast.Load()), children, children),
        st.builds(lambda e: ast.List(e, ast.Load()), st.lists(children, max_size=3)),
        st.builds(lambda e: ast.Tuple(e, ast.Load()), st.lists(children, max_size=3)),
        st.builds(lambda k, v: ast.Dict([k], [v]), children, children),
        st.builds(lambda t, a, b: ast.IfExp(t, a, b), children, children, children),
        st.builds(
            lambda v: ast.JoinedStr([ast.FormattedValue(v, -1, None)]),
            children,
        ),
        # outside the subset
        st.builds(lambda v: ast.Lambda(_no_args(), v), children),
        st.builds(
            lambda v, it: ast.ListComp(v, [ast.comprehension(_store("c"), it, [], 0)]),
            children,
            children,
        ),
        st.builds(lambda v: ast.Starred(v, ast.Load()), children),
    )


def _no_args() -> ast.arguments:
    return ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[])


def _store(name: str) -> ast.Name:
    return ast.Name(name, ast.Store())


expressions = st.recursive(leaves, _compound, max_leaves=12)


def _statements(children: st.SearchStrategy) -> st.SearchStrategy:
    body = st.lists(children, min_size=1, max_size=3)
    return st.one_of(
        st.builds(
            lambda t, b: ast.For(_store(t), _call("range", 3), b, []),
            st.sampled_from(["j", "i"]),
            body,
        ),
        st.builds(lambda test, b, e: ast.If(test, b, e), expressions, body, st.just([])),
        st.builds(
            lambda b: ast.With([ast.withitem(_call("torch.no_grad"), None)], b),
            body,
        ),
        st.builds(lambda test, b: ast.While(test, b, []), expressions, body),
        st.builds(
            lambda b: ast.FunctionDef("f", _no_args(), b, [], None, None),
            body,
        ),
    )


def _call(dotted: str, *args: int) -> ast.Call:
    parts = dotted.split(".")
    func: ast.expr = ast.Name(parts[0], ast.Load())
    for part in parts[1:]:
        func = ast.Attribute(func, part, ast.Load())
    return ast.Call(func, [ast.Constant(a) for a in args], [])


simple = st.one_of(
    expressions.map(ast.Expr),
    st.builds(
        lambda n, v: ast.Assign([_store(n)], v), st.sampled_from(["y", "i", "x"]), expressions
    ),
    st.builds(lambda v: ast.AugAssign(_store("i"), ast.Add(), v), expressions),
    st.builds(lambda v: ast.Expr(ast.Call(ast.Name("print", ast.Load()), [v], [])), expressions),
    st.builds(lambda v: ast.Assert(v, None), expressions),
    st.sampled_from([ast.Pass(), ast.Import([ast.alias("os")]), ast.Delete([_store("zz")])]),
)
statements = st.recursive(simple, _statements, max_leaves=8)


@SETTINGS
@given(st.lists(statements, min_size=1, max_size=6))
def test_random_programs(body: list[ast.stmt]) -> None:
    module = ast.fix_missing_locations(ast.Module(body=body, type_ignores=[]))
    try:
        source = ast.unparse(module)
    except (ValueError, TypeError, AttributeError, RecursionError):
        return  # a tree the unparser cannot write is not a program anyone can type
    result = outcome(PREAMBLE + source)
    if isinstance(result, SnippetError) and result.kind in ("syntax", "unsupported"):
        assert result.output == ""  # refused before anything ran


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["(", "[", "-", "not ", "+", "x.", "f("]), min_size=1, max_size=4))
def test_deep_nesting_of_any_kind(openers: list[str]) -> None:
    closers = {"(": ")", "[": "]", "f(": ")"}
    depth = 3000
    prefix = "".join(openers) * depth
    suffix = "".join(closers.get(o, "") for o in reversed(openers)) * depth
    outcome("x = " + prefix + "1" + suffix)

"""The safe snippet language: run the PyTorch code learners paste, and nothing else.

The playground is a public web page where anyone can type code. This package runs that code by
walking its syntax tree itself (no `eval`, no code objects), over a subset of Python that covers
beginner PyTorch autograd code, with `import torch` meaning this package:

    >>> from autograd_core.playground.sandbox import run_snippet
    >>> result = run_snippet('''
    ... import torch
    ... x = torch.tensor(2.0, requires_grad=True)
    ... y = torch.tensor(3.0, requires_grad=True)
    ... z = x**2 * y + y**3
    ... z.backward()
    ... print(x.grad, y.grad)
    ... ''')
    >>> result.output
    'tensor(12.) tensor(31.)\\n'

Everything else ends in a SnippetError (a ValueError) with a position and a hint:

    >>> run_snippet("import os")
    Traceback (most recent call last):
    ...
    autograd_core.playground.sandbox.errors.SnippetError: line 1: `import os` is not ...

The parts, each in its own module:
    run.py          run_snippet: parse, check, run in an isolated context, collect the result
    checker.py      the static check: the subset, imports, names, literal sizes, tree size
    interpreter.py  statements; expressions.py, access.py, calls.py: the rest of the walker
    handlers.py     evaluate/run_stmt: each node's handler (a closure) built once, then reused
    scopes.py, functions.py   def/lambda/closures/generators; the engine calls them back in-run
    classes.py      class statements on nn.Module / autograd.Function / nothing, super()
    control.py, comprehensions.py, exceptions.py   while, try/raise, comprehensions, caught errors
    random_module.py  `import random`: a generator of the run's own
    allowlist.py    every name, attribute and method a snippet may use
    safe_builtins.py, safe_methods.py, operators.py, formatting.py: Python's own operations,
                    bounded before they run
    limits.py       Limits (the bounds) and Budget (the running count, also the engine's Guard)
    errors.py, hints.py   SnippetError and explain(message)
    rewrite.py      Overrides/apply_overrides: the Graph Explorer's toggles as source rewrites
"""

from __future__ import annotations

from .errors import SnippetError, explain
from .limits import DEFAULT_LIMITS, Limits, limits_from_text
from .result import SnippetResult, Span, TensorRecord, source_lines, span_text
from .rewrite import Overrides, apply_overrides
from .run import run_snippet

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "Overrides",
    "SnippetError",
    "SnippetResult",
    "Span",
    "TensorRecord",
    "apply_overrides",
    "explain",
    "limits_from_text",
    "run_snippet",
    "source_lines",
    "span_text",
]

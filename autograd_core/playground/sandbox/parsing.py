"""`parse`: ast.parse, one thread at a time, for every part of the playground that reads code.

Streamlit runs each session's rerun on a thread of its own. CPython 3.11's AST constructor
tracks its recursion depth in state shared between threads (python/cpython#106905), so two
sessions parsing at the same moment can fail with "SystemError: AST constructor recursion depth
mismatch": the load test met it at ten reruns a second. Parsing a snippet takes well under a
millisecond, so taking turns costs nothing measurable.
"""

from __future__ import annotations

import ast
import threading

_turn = threading.Lock()


def parse(source: str, mode: str = "exec") -> ast.AST:
    """ast.parse(source, mode=mode), safe to call from several threads at once."""
    with _turn:
        return ast.parse(source, mode=mode)

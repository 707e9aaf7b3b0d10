"""SnippetError, the one exception `run_snippet` raises, and `explain`, which turns an error
message into a one-line hint a learner can act on.

A SnippetError says *what* went wrong (`message`: PyTorch's or Python's own words, or ours for a
refused construct or a hit limit), *where* (`line`, `col`, 1-based), *what kind* of problem it is
(`kind`), and *how to fix it* (`hint`):

    kind          raised when
    "syntax"      the text is not valid Python (or not valid text at all)
    "unsupported" valid Python outside the playground's subset (`def`, `while`, `import os`, ...)
    "limit"       the snippet hit one of the resource limits (see limits.py)
    "runtime"     the code ran and failed: a PyTorch error, or a Python one like a NameError

    >>> err = SnippetError("grad can be implicitly created only for scalar outputs",
    ...                    kind="runtime", line=4, col=1)
    >>> str(err)
    'line 4: grad can be implicitly created only for scalar outputs'
    >>> err.hint[:40]
    'backward() needs a single number to star'
"""

from __future__ import annotations

import re

from .hints import HINTS

KINDS = ("syntax", "unsupported", "limit", "runtime")

GENERIC_HINT = "Read the message, fix the line it points to, and run the snippet again."
# When no entry of the hint table matches, a hint by kind of error.
KIND_HINTS = {
    "syntax": "This is not valid Python yet: check the line for a typo, a missing bracket or "
    "colon, or the indentation.",
    "unsupported": "The playground runs the part of Python that PyTorch tutorials use; the "
    "message says what to write instead.",
    "limit": "The playground bounds every snippet so that everyone gets a quick answer: make "
    "the tensors, loops or strings smaller.",
    "runtime": GENERIC_HINT,
}


class SnippetError(ValueError):
    """A snippet could not run to the end; everything the page needs to explain why."""

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        line: int | None = None,
        col: int | None = None,
        error_type: str | None = None,
        hint: str | None = None,
        output: str = "",
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown SnippetError kind {kind!r}")
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.line = line
        self.col = col
        self.error_type = error_type  # "RuntimeError", "NameError", ... for runtime errors
        self.hint = hint if hint is not None else specific_hint(message) or KIND_HINTS[kind]
        self.output = output  # what the snippet printed before it stopped
        # (line of the call, function name) of each function the error left, innermost first
        self.calls: list[tuple[int | None, str]] = []
        self.exc_type: type | None = None  # the Python type it was raised as (runtime errors)
        self.exc_args: tuple | None = None  # its args, as a snippet may see them

    @property
    def catchable(self) -> bool:
        """Can a snippet's `except` catch it? Only errors of the code itself: never a limit,
        a refusal, or the interpreter running out of stack or memory."""
        return self.kind == "runtime" and self.error_type not in ("RecursionError", "MemoryError")

    @property
    def trail(self) -> str | None:
        """Where the failing line was called from: "in forward, called from line 12"."""
        if not self.calls:
            return None
        # A recursion repeats one call site hundreds of times: say it once, with the count
        # (as Python's traceback says "[Previous line repeated 996 more times]").
        steps: list[str] = []
        previous, repeats = None, 0
        for call in [*self.calls, None]:
            if call == previous:
                repeats += 1
                continue
            if repeats:
                steps[-1] += f" (repeated {repeats} more time{'s' if repeats > 1 else ''})"
            if call is not None:
                steps.append(f"in {call[1]}, called from line {call[0]}")
            previous, repeats = call, 0
        return "; ".join(steps)

    @property
    def top_line(self) -> int | None:
        """The line of the snippet's own top level where the error surfaced (the outermost
        call site for an error inside a function)."""
        return self.calls[-1][0] if self.calls else self.line

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        where = f" ({self.trail})" if self.calls else ""
        return f"line {self.line}{where}: {self.message}"

    def __reduce__(self) -> tuple:
        # Keyword-only arguments do not survive the default pickling; pages may cache errors.
        return (
            _rebuild,
            (self.message, self.kind, self.line, self.col, self.error_type, self.hint, self.output,
             tuple(self.calls)),
        )  # fmt: skip


def _rebuild(message, kind, line, col, error_type, hint, output, calls=()) -> SnippetError:
    error = SnippetError(
        message, kind=kind, line=line, col=col, error_type=error_type, hint=hint, output=output
    )
    error.calls = list(calls)
    return error


def explain(message: str) -> str:
    """A one-line explanation and fix for an error message (PyTorch's, Python's or ours).

    Every message the engine raises has an entry in hints.py; anything else gets a generic hint.

    >>> explain("grad can be implicitly created only for scalar outputs")[:27]
    'backward() needs a single n'
    """
    hint = specific_hint(message)
    return hint if hint is not None else GENERIC_HINT


def specific_hint(message: str) -> str | None:
    """The entry of the hint table that matches `message`, or None (used by the tests to prove
    every engine message is covered)."""
    text = str(message)[:2000]  # patterns are anchored near the start; bound the regex work
    for pattern, hint in HINTS:
        if re.search(pattern, text):  # re caches the patterns it has seen
            return hint
    return None

"""A notebook-style code cell: the code box with its Run button, what the code printed, and an
error that points at its line with PyTorch's message and a one-line fix, never a traceback.

Everything the learner typed or the snippet printed is shown as literal text (`printed`, or
st.code for code), never as markdown or HTML; ui.messages.escape_markdown is for text that sits
inside our prose.
"""

from __future__ import annotations

import streamlit as st

from autograd_core.playground.sandbox import SnippetError, source_lines
from ui.messages import escape_markdown

ERROR_TITLES = {
    "syntax": "This is not valid Python",
    "unsupported": "Not available in the playground",
    "limit": "Stopped: the snippet asked for too much",
    "runtime": "The code raised an error",
}


def code_box(key: str, *, run_key: str, form_key: str, max_chars: int, height: int = 320) -> None:
    """The code editor and its Run button, in a form: the code runs when the learner says so
    (Run, or Ctrl+Enter), not on every keystroke. The value is st.session_state[key]."""
    # Its fixed-width font comes from the app's style sheet (ui/accessibility.py).
    with st.form(form_key, border=False, enter_to_submit=False):
        st.text_area(
            "PyTorch code",
            key=key,
            height=height,
            max_chars=max_chars,
            label_visibility="collapsed",
            placeholder="import torch\nx = torch.tensor(2.0, requires_grad=True)\n...",
        )
        st.form_submit_button("Run", key=run_key, type="primary", icon=":material/play_arrow:")


PRINTED = "printed_"  # the key prefix the style sheet draws as a fixed-width output box
WRAPPED = PRINTED + "wrapped_"  # ... whose long lines wrap instead of scrolling sideways


def printed(text: str, key: str, *, wrap: bool = False) -> None:
    """Text a program printed (or a value shown as Python prints it) in a fixed-width box, like
    the output under a notebook cell: literal text (st.text reads no markdown and no HTML), laid
    out by the app's style sheet (ui/accessibility.py). `key` names the box, unique on the page.

    Not st.code: that loads a syntax highlighter, 1.5 MB of script the browser must fetch and
    start, on a shared link's first render before it could draw the graph, to colour text that
    is not code."""
    with st.container(key=(WRAPPED if wrap else PRINTED) + key):
        st.text(text, width="stretch")  # the column's width, as a code block


def output_cell(output: str, display: str | None, warnings: tuple[str, ...] = ()) -> None:
    """What the code printed, like the output under a notebook cell (and `Out:` for a final
    bare expression)."""
    if output:
        printed(output.rstrip("\n"), "output")
    if display is not None:
        st.caption("Out:")
        printed(display, "display")
    if not output and display is None:
        st.caption("Nothing printed. Add print(...) to see values here.")
    for warning in warnings:
        st.warning(escape_markdown(warning), icon=":material/warning:")


def error_cell(
    error: SnippetError, place: tuple[str, int, int | None] | None, note: str | None = None
) -> None:
    """Where it failed (`place`: the code, its line and column, shown with a caret), PyTorch's
    own message, and what to do about it (the hint comes from our own table: markdown)."""
    title = ERROR_TITLES.get(error.kind, "The code could not run")
    where = f" on line {place[1]}" if place else ""
    with st.container(border=True, key="ge_error"):
        st.markdown(f":red[:material/error: **{title}{where}**]")
        if place is not None:
            code, line, col = place
            lines = source_lines(code)
            if 1 <= line <= len(lines):
                prefix = f"{line} | "
                pointer = "\n" + " " * (len(prefix) + col - 1) + "^" if col else ""
                printed(f"{prefix}{lines[line - 1]}{pointer}", "error_line")
        name = f"{error.error_type}: " if error.error_type and error.kind == "runtime" else ""
        printed(f"{name}{error.message}", "error", wrap=True)
        if error.trail:  # inside a function of the learner's: which call led there
            st.caption(f"Line {error.line} is {error.trail}.")
        if note:
            st.caption(note)
        st.markdown(f":material/lightbulb: {error.hint}")

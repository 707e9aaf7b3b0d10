"""A notebook-style code cell: the code box with its Run button, what the code printed, and an
error that points at its line with PyTorch's message and a one-line fix, never a traceback.

Everything the learner typed or the snippet printed is shown with st.code (literal text), never
as markdown or HTML; ui.messages.escape_markdown is for text that sits inside our prose.
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
    # Code reads better in a fixed-width font. A constant <style> of ours (no user text in it);
    # through st.markdown, which costs a tenth of st.html on every rerun.
    st.markdown(
        f"<style>.st-key-{key} textarea {{font-family: 'Source Code Pro', ui-monospace, "
        "monospace; font-size: 0.9rem; line-height: 1.45;}</style>",
        unsafe_allow_html=True,
    )
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


def output_cell(output: str, display: str | None, warnings: tuple[str, ...] = ()) -> None:
    """What the code printed, like the output under a notebook cell (and `Out:` for a final
    bare expression)."""
    if output:
        st.code(output.rstrip("\n"), language=None)
    if display is not None:
        st.caption("Out:")
        st.code(display, language=None)
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
                st.code(f"{prefix}{lines[line - 1]}{pointer}", language=None)
        name = f"{error.error_type}: " if error.error_type and error.kind == "runtime" else ""
        st.code(f"{name}{error.message}", language=None, wrap_lines=True)
        if error.trail:  # inside a function of the learner's: which call led there
            st.caption(f"Line {error.line} is {error.trail}.")
        if note:
            st.caption(note)
        st.markdown(f":material/lightbulb: {error.hint}")

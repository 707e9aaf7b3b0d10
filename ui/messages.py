"""Messages on every page: one way to escape text into markdown, one box for a problem.

Text the learner typed, or that came out of their code, is shown literally: as st.code, or
through `escape_markdown` where it sits inside our own prose. Icons are Material icons (they
render everywhere; emoji need a font the machine may not have).
"""

from __future__ import annotations

import string
from typing import Literal

import streamlit as st


def escape_markdown(text: object) -> str:
    """Text that markdown shows exactly as written: every ASCII punctuation character escaped
    (so no `*emphasis*`, `$maths$`, `:emoji:`, link or HTML can start), and line breaks made
    spaces (an indented new line would otherwise start a code block)."""
    out = []
    for char in str(text):
        if char in string.punctuation:
            out.append("\\" + char)
        elif char in "\r\n":
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def inline_code(text: object) -> str:
    """`text` as an inline code span (markdown renders its content literally)."""
    body = " ".join(str(text).split()).replace("`", "ˋ")
    return f"`{body}`"


_ICONS = {"error": ":material/error:", "warning": ":material/warning:"}


def show_problem(
    message: str,
    hint: str = "",
    title: str = "That input cannot run",
    kind: Literal["error", "warning"] = "error",
) -> None:
    """A titled box for something that could not run: the message as code (never read as
    markdown or HTML, so `<script>`, `$x$` or `**` appear exactly as typed), then what to do
    (`hint`: our own words, markdown, with `$` kept from starting LaTeX)."""
    box = st.error if kind == "error" else st.warning
    box(title, icon=_ICONS[kind])
    st.code(message, language=None, wrap_lines=True)
    if hint:
        st.caption(hint.replace("$", "\\$"))

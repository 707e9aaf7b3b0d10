"""Every chart's text version, one click away under it: a table a screen reader reads cell by
cell, sentences for the steps of a replay, and the same numbers as a CSV download.

The words come from the playground (graph/text.py, each page's own `*_rows` functions); these
helpers only lay them out, in a collapsed expander so the page keeps its shape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from autograd_core.playground.graph.text import graph_heading, node_rows, step_sentences
from ui.messages import escape_markdown as md_escape

MAX_ROWS = 200  # rows drawn on the page; the download has all of them


def table(
    rows: Sequence[dict[str, Any]],
    *,
    key: str,
    file_name: str,
    caption: str | None = None,
    everything: Callable[[], Sequence[dict[str, Any]]] | None = None,
    limit: int = MAX_ROWS,
) -> None:
    """`rows` as a real HTML table (the first `limit`), with every row in a CSV download (or
    `everything()`'s, when the page lists a sample: computed only when downloaded)."""
    frame = pd.DataFrame(list(rows))
    if caption:
        st.markdown(md_escape(caption))
    if frame.empty:
        st.markdown("Nothing to list yet.")
        return
    # st.table renders its cells and its column names as markdown: escaped, `x**2 * y` stays as
    # written, and a column named "#" stays a "#" rather than becoming an empty page heading.
    shown = frame.head(limit).astype(str).map(md_escape).rename(columns=md_escape)
    st.table(shown, hide_index=True)
    if len(frame) > limit:
        st.caption(f"The first {limit} of {len(frame)} rows: the download has all of them.")

    def csv() -> str:
        full = frame if everything is None else pd.DataFrame(list(everything()))
        return full.to_csv(index=False)

    st.download_button(
        "Download as CSV",
        csv,
        file_name=file_name,
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
    )


def expander(label: str = "Text version of this chart", *, key: str) -> Any | None:
    """The collapsed section a text version lives in (its own words say what it holds), or
    None while it is closed: its tables are built only once someone opens it (opening it
    reruns the page). On most reruns nobody reads them, and tables were the costliest part of
    a rerun after the figures."""
    section = st.expander(label, icon=":material/table_rows:", key=key, on_change="rerun")
    return section if section.open else None


def chart_table(rows: Sequence[dict[str, Any]], label: str | None = None, **options: Any) -> None:
    """A chart's text version that is one table: the collapsed section with the table in it
    (`options` as for `table`)."""
    section = expander(label or "Text version of this chart", key=f"{options['key']}_open")
    if section is not None:
        with section:
            table(rows, **options)


def graph_text(graph: Any, steps: list, *, key: str, show_grads: bool = True) -> None:
    """The computation graph in words: its nodes in backward order, then each replay step."""
    section = expander("Text version of the graph (nodes and backward steps)", key=f"{key}_open")
    if section is None:
        return
    with section:
        heading = graph_heading(graph)
        if heading:
            st.markdown(md_escape(heading))
        rows = [r.as_dict() for r in node_rows(graph, steps, show_grads=show_grads)]
        table(
            rows,
            key=f"{key}_nodes",
            file_name="graph_nodes.csv",
            caption="Every node, in the order backward reaches it (from the output back to the "
            "leaves):",
        )
        if not steps:
            st.markdown("No backward pass to replay: the code calls no `backward()`.")
            return
        if not show_grads:
            st.markdown("The backward steps are hidden until you reveal your predictions.")
            return
        sentences = step_sentences(graph, steps)
        st.markdown(f"**Backward, step by step** ({len(sentences)} steps):")
        shown = sentences[:MAX_ROWS]
        st.markdown("\n".join(f"{i}. {md_escape(s)}" for i, s in enumerate(shown, 1)))
        if len(sentences) > MAX_ROWS:
            st.caption(f"The first {MAX_ROWS} of {len(sentences)} steps.")

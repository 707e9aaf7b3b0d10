"""What every page needs from the app around it, before it draws anything."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def use_app_navigation() -> None:
    """Make sure the page runs inside app.py's st.navigation, never Streamlit's legacy one.

    A freshly started server runs its very first script in the old "pages/ directory" mode
    (it only learns that app.py declares st.navigation by running it), so the first person to
    open a shared link such as /graph_explorer would get a page without the app's sidebar, or a
    "Page not found" dialog. This switches that mode off and reruns the same request under the
    real navigation. It costs one attribute read on every other run.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()

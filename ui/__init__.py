"""Small Streamlit helpers shared by the pages: widget groups and message boxes.

The only place besides app.py and pages/ that imports Streamlit. No maths here: that lives in
autograd_core.
"""

"""The app, warm before its first visitor: `streamlit run serve.py` (the same options as
`streamlit run app.py`; deploy/ uses it).

Streamlit runs no app code until someone connects, so with `streamlit run app.py` the first
visitor waits while the worker processes start and the pages are imported (ui/warmup.py).
Served this way, through Streamlit's own ASGI app (`st.App`) and its start-up hook, that work
begins when the server starts. Everything else is app.py, unchanged.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st

from ui.warmup import start


@asynccontextmanager
async def warm_on_start(_app: object) -> AsyncIterator[None]:
    start()  # in the background: the server answers at once
    yield


app = st.App("app.py", lifespan=warm_on_start)

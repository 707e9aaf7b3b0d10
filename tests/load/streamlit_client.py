"""A minimal Streamlit client that speaks the app's own websocket protocol.

It does what a browser tab does, without drawing anything: open `/_stcore/stream`, ask for a
page (with a query string), send widget values, and collect the elements the script produced
until the server says the run finished. Being light, many of them can run at once on the same
machine as the server, so a load test measures the server, not a room full of browsers.

    async with StreamlitSession("http://127.0.0.1:8501") as s:
        run = await s.rerun(page_name="graph_explorer", query_string="code=...")
        run.texts()          # every string the page showed (markdown, code, captions, ...)
        run.widget_id("ge_code")   # the id to use when sending that widget a new value
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import websockets
from google.protobuf.json_format import MessageToDict
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState


@dataclass
class Run:
    """What one script run sent back."""

    elapsed: float  # seconds from sending the request to the run's end
    status: str  # how the run ended (FINISHED_SUCCESSFULLY, ...)
    elements: list[dict] = field(default_factory=list)  # each delta's element, as a dict
    page_script_hash: str = ""

    def texts(self) -> list[str]:
        """Every string value anywhere in the elements (body of markdown, code, captions,
        labels, plotly JSON ...): what a reader of the page could see."""
        out: list[str] = []

        def walk(value: Any) -> None:
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, dict):
                for v in value.values():
                    walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)

        walk(self.elements)
        return out

    def text(self) -> str:
        return "\n".join(self.texts())

    def exceptions(self) -> list[dict]:
        return [e["exception"] for e in self.elements if "exception" in e]

    def widget_id(self, key: str) -> str | None:
        """The id Streamlit gave the widget created with `key=` (ids end with the key)."""
        for element in self.elements:
            for value in element.values():
                if isinstance(value, dict):
                    wid = value.get("id", "")
                    if isinstance(wid, str) and wid.endswith(f"-{key}"):
                        return wid
        return None


class StreamlitSession:
    def __init__(self, base_url: str, timeout: float = 60.0, source: str | None = None) -> None:
        """`source`: the local address to connect from (any 127.x.y.z is this machine), so that
        sessions look like different computers to a load balancer that hashes addresses."""
        self.url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.timeout = timeout
        self.source = source
        self.ws: Any = None
        self.widgets: dict[str, WidgetState] = {}
        self.page_script_hash = ""
        self.query_string = ""  # kept up to date from the server, as a browser's address bar

    async def __aenter__(self) -> StreamlitSession:
        self.ws = await websockets.connect(
            self.url,
            subprotocols=["streamlit"],
            max_size=2**26,
            open_timeout=self.timeout,
            **({"local_addr": (self.source, 0)} if self.source else {}),
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.ws.close()

    def set_string(self, widget_id: str, value: str) -> None:
        self.widgets[widget_id] = WidgetState(id=widget_id, string_value=value)

    def set_trigger(self, widget_id: str) -> None:
        self.widgets[widget_id] = WidgetState(id=widget_id, trigger_value=True)

    def set_bool(self, widget_id: str, value: bool) -> None:
        self.widgets[widget_id] = WidgetState(id=widget_id, bool_value=value)

    def set_double(self, widget_id: str, value: float) -> None:
        self.widgets[widget_id] = WidgetState(id=widget_id, double_value=value)

    def set_slider(self, widget_id: str, *values: float) -> None:
        """Sliders send their value(s) as an array, even a single one."""
        state = WidgetState(id=widget_id)
        state.double_array_value.data.extend(values)
        self.widgets[widget_id] = state

    async def rerun(self, page_name: str = "", query_string: str | None = None) -> Run:
        msg = BackMsg()
        state = msg.rerun_script
        if query_string is not None:
            self.query_string = query_string
        state.query_string = self.query_string
        state.page_name = page_name
        state.page_script_hash = self.page_script_hash if not page_name else ""
        state.widget_states.widgets.extend(self.widgets.values())
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        # Triggers (button clicks) fire once, like a real click.
        self.widgets = {k: w for k, w in self.widgets.items() if not w.HasField("trigger_value")}
        run = Run(elapsed=0.0, status="")
        deadline = start + self.timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no end of run within {self.timeout}s")
            raw = await asyncio.wait_for(self.ws.recv(), remaining)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                run.elements.append(MessageToDict(fwd.delta.new_element))
            elif kind == "new_session":
                self.page_script_hash = fwd.new_session.page_script_hash
            elif kind == "navigation":  # st.navigation says which page is showing
                self.page_script_hash = fwd.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue
                run.status = status
                run.elapsed = time.perf_counter() - start
                run.page_script_hash = self.page_script_hash
                return run

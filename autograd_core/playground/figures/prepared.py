"""Figures as plain data, ready to send: what every page hands to st.plotly_chart.

    >>> fig = prepared({"data": [{"type": "scatter", "x": np.arange(3.0)}], "layout": {}})
    >>> fig.to_dict()["data"][0]["x"]      # what goes over the wire: a typed array
    {'dtype': 'f8', 'bdata': 'AAAAAAAAAAAAAAAAAADwPwAAAAAAAABA'}
    >>> fig.spec["data"][0]["x"]           # what the builder wrote (tests validate this)
    array([0., 1., 2.])

The builders write figures as plain dicts (plotly's JSON schema, NumPy arrays where the data
is): building `go.Figure` objects validates every property, and `to_dict()` deep-copies them
all again, which on a page with animation frames cost more than everything else on it. Plotly's
validation is kept for the tests (`validated(fig)`), where a misspelt property must fail.

On the wire, a NumPy array becomes plotly.js's typed array (base64 of its bytes) instead of a
JSON list of numbers: a third of the size, and a fraction of the time to encode and to parse.
Streamlit serialises a `PreparedFigure` with `to_dict()` alone (it is a plotly figure to it, so
it is not validated again); the wire form is computed once, so a figure kept between reruns
costs nothing to send again. Treat both dicts as read-only.
"""

from __future__ import annotations

import base64
import functools
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

# plotly.js reads these typed arrays; anything else (int64, strings, objects) goes as a list.
# Keyed by dtype object (of either byte order): `dtype.name` is computed in Python on every
# access, a noticeable part of encoding a figure with many small arrays.
_SHORT = {
    np.dtype(name).newbyteorder(order): short
    for name, short in {
        "int8": "i1",
        "uint8": "u1",
        "int16": "i2",
        "uint16": "u2",
        "int32": "i4",
        "uint32": "u4",
        "float32": "f4",
        "float64": "f8",
    }.items()
    for order in "<>"
}
_INT64 = (np.dtype("<i8"), np.dtype(">i8"))
_SMALL_INTS = [(t, np.iinfo(t)) for t in (np.int8, np.int16, np.int32)]
# Keys whose arrays plotly.js reads as plain lists (an axis range is two numbers, not data).
_LIST_KEYS = frozenset({"range", "geojson", "layer", "layers"})


class PreparedFigure(go.Figure):
    """A finished figure: its plain spec and, computed once, its wire form."""

    def __init__(self, spec: dict[str, Any], *, wire: dict[str, Any] | None = None) -> None:
        # No go.Figure.__init__: building an empty figure (and its template) costs more than
        # the rerun this is meant to save; Streamlit asks nothing of it but to_dict().
        object.__setattr__(self, "_spec", spec)
        object.__setattr__(self, "_wire", wire)

    @property
    def spec(self) -> dict[str, Any]:
        """The figure as its builder wrote it (NumPy arrays as they were)."""
        return self._spec

    def to_dict(self) -> dict[str, Any]:
        if self._wire is None:
            object.__setattr__(self, "_wire", wire_form(self._spec))
        return self._wire

    def __repr__(self) -> str:
        return f"PreparedFigure({len(self._spec.get('data', ()))} traces)"


def prepared(figure: dict[str, Any] | go.Figure | None) -> PreparedFigure | None:
    """`figure` ready to send (None stays None). A go.Figure is accepted for figures built by
    hand in a notebook; the builders here write dicts."""
    if figure is None or isinstance(figure, PreparedFigure):
        return figure
    if isinstance(figure, go.Figure):
        return PreparedFigure(_arrays(figure.to_dict()))
    if "template" not in figure.get("layout", {}):
        # What go.Figure would have added: the figures were designed on plotly's default look.
        figure = {**figure, "layout": {**figure.get("layout", {}), "template": default_template()}}
    return PreparedFigure(figure)


@functools.cache
def default_template() -> dict[str, Any]:
    """plotly's default template as plain data (built once: it is a large object)."""
    return pio.templates[pio.templates.default].to_plotly_json()


def with_layout(figure: PreparedFigure, **changes: Any) -> PreparedFigure:
    """`figure` with some layout properties replaced (top-level keys: height, margin, ...)."""
    spec = figure.spec
    return PreparedFigure({**spec, "layout": {**spec.get("layout", {}), **changes}})


def described(figure: PreparedFigure | dict[str, Any] | go.Figure, words: str) -> PreparedFigure:
    """`figure` carrying the words a screen reader says for it (layout.meta.alt: the page's
    script names the chart with them, ui/accessibility.py). Its wire form is computed once, on
    `figure` (usually kept between reruns), and shared: only the layout dict is new.

    >>> fig = described(prepared({"data": [], "layout": {}}), "An empty chart")
    >>> fig.to_dict()["layout"]["meta"]
    {'alt': 'An empty chart'}
    """
    figure = prepared(figure)
    meta = {"alt": words}
    spec, wire = figure.spec, figure.to_dict()
    return PreparedFigure(
        {**spec, "layout": {**spec.get("layout", {}), "meta": meta}},
        wire={**wire, "layout": {**wire.get("layout", {}), "meta": meta}},
    )


def validated(figure: PreparedFigure | dict[str, Any]) -> go.Figure:
    """The figure through plotly's validation (tests: a wrong property name raises here)."""
    spec = figure.spec if isinstance(figure, PreparedFigure) else figure
    return go.Figure(spec)


def wire_form(value: Any, key: str = "") -> Any:
    """`value` with every NumPy array as a plotly.js typed array (or a list where plotly.js
    needs one), NumPy scalars as Python numbers and tuples as lists: plain JSON data."""
    if isinstance(value, dict):
        return {k: wire_form(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [wire_form(v) for v in value]
    if isinstance(value, np.ndarray):
        return typed_array(value) if key not in _LIST_KEYS else value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _arrays(value: Any) -> Any:
    """`value` with plotly's typed arrays (which go.Figure writes for NumPy data) read back into
    NumPy arrays: a figure built with plotly objects then looks like one the builders wrote."""
    if isinstance(value, dict):
        if set(value) in ({"dtype", "bdata"}, {"dtype", "bdata", "shape"}):
            array = np.frombuffer(base64.b64decode(value["bdata"]), np.dtype(value["dtype"]))
            shape = value.get("shape")
            return array.reshape([int(n) for n in str(shape).split(",")]) if shape else array
        return {k: _arrays(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_arrays(v) for v in value]
    return value


def typed_array(array: np.ndarray) -> Any:
    """plotly.js's typed-array form of `array` ({dtype, bdata[, shape]}), or a list when
    plotly.js has no typed array for its dtype."""
    if array.dtype in _INT64 and array.size:
        low, high = array.min(), array.max()
        for small, info in _SMALL_INTS:
            if info.min <= low and high <= info.max:
                array = array.astype(small)
                break
    short = _SHORT.get(array.dtype)
    if short is None or array.size == 0:
        return array.tolist()
    spec = {
        "dtype": short,
        "bdata": base64.b64encode(
            np.ascontiguousarray(array, array.dtype.newbyteorder("<"))
        ).decode("ascii"),
    }
    if array.ndim > 1:
        spec["shape"] = ", ".join(str(n) for n in array.shape)
    return spec


def read_only(figure: PreparedFigure | None) -> PreparedFigure | None:
    """`figure` made safe to hand to many sessions at once: every NumPy array in its spec
    unwritable (a write raises instead of changing what everyone sees) and its wire form
    computed now, once."""
    if figure is not None:
        _freeze(figure.spec)
        figure.to_dict()
    return figure


def _freeze(value: Any) -> None:
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, dict):
        for v in value.values():
            _freeze(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _freeze(v)

"""The least a Streamlit page costs a browser on this machine: a title and, unless the link says
`?chart=0`, one small plotly chart. `first_render --floor` opens it beside the Graph Explorer,
so the app's first render can be read against what Streamlit and plotly.js take on their own
(a measurement aid, not part of the app)."""

import streamlit as st

st.set_page_config(page_title="Floor", layout="wide")
st.title("One chart")
if st.query_params.get("chart", "1") != "0":
    lines = [
        {"type": "scatter", "x": [0, 1, 2], "y": [k, k + 1, k], "mode": "lines+markers"}
        for k in range(6)
    ]
    st.plotly_chart({"data": lines, "layout": {"height": 300}})

"""The Autograd Playground: home page."""

import streamlit as st

st.set_page_config(page_title="Autograd Playground", page_icon="∂", layout="wide")

st.title("Autograd Playground")
st.write(
    "See exactly how PyTorch computes gradients. Every value on these pages is computed by "
    "`autograd_core`, a NumPy engine that behaves like PyTorch's autograd."
)

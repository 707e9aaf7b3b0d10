"""The Autograd Playground: the home page and the navigation that declares every page.

Run with `streamlit run app.py`. Pages live in pages/ (one thin file each); everything that is
not Streamlit lives in autograd_core/ and the small ui/ helper package.
"""

from __future__ import annotations

import streamlit as st

from ui.shell import use_legacy_pages_fix


def home() -> None:
    st.title("Autograd Playground")
    st.markdown(
        "**See exactly how PyTorch computes gradients.** Type the code from your tutorial, "
        "watch the graph autograd records, and replay `backward()` one step at a time. Every "
        "number here comes from `autograd_core`, a NumPy engine that does what PyTorch's "
        "autograd does and prints what PyTorch prints."
    )
    # (imported after the words above: on a freshly started server they are on screen while
    # the engine and plotly load)
    from autograd_core.playground.graph_explorer.state import encode_state, example_state
    from ui import home

    # (keyed "stack_": side by side on a wide screen, one above the other on a laptop's,
    # where the first example's lines would not fit; ui/accessibility.py)
    words, code = st.container(key="stack_intro").columns([1.1, 1], gap="large")
    with words:
        st.header("What autograd does, in three lines", anchor=False)
        st.markdown(
            "1. **Forward, it records.** Every operation on a tensor with "
            "`requires_grad=True` adds a node to a graph: the result's `grad_fn`, such as "
            "`MulBackward0`.\n"
            "2. **Backward, it applies the chain rule.** `z.backward()` starts from "
            "∂z/∂z = 1 and walks the graph back to the inputs; each node multiplies the "
            "gradient arriving from its output by its own local derivative and passes it on.\n"
            "3. **Leaves collect.** What reaches a tensor you created is *added* into its "
            "`.grad`: ∂z/∂x."
        )
    with code:
        st.header("The first example of every tutorial", anchor=False)
        st.code(
            "x = torch.tensor(2.0, requires_grad=True)\n"
            "y = torch.tensor(3.0, requires_grad=True)\n"
            "z = x**2 * y + y**3    # 39\n"
            "z.backward()\n"
            "x.grad, y.grad         # 12 and 31",
            language="python",
        )
        st.page_link(
            "pages/graph_explorer.py",
            label="Replay its backward pass in the Graph Explorer",
            icon=":material/play_circle:",
            query_params=encode_state(example_state("product-rule")),
        )
    exp = home.picture()
    st.caption(
        "The graph behind that code, as autograd recorded it: ■ the leaves x and y, ⬢ each "
        "result with the operation that made it (its grad_fn, as PyTorch names it). Values in "
        "black, gradients in orange and marked “grad”: ∂z/∂x = 2xy = 12 and ∂z/∂y = x² + 3y² "
        "= 4 + 27 = 31."
    )
    home.picture_text(exp)
    st.divider()
    st.header("A guided tour")
    st.markdown(
        "Eight steps through the ideas of the tutorials, in the order they teach them. Each "
        "link opens a page with the tutorial's code already in it."
    )
    home.tour()


# url paths are the file names: a freshly started server resolves its first request with
# Streamlit's legacy pages/ naming (see ui/shell.py), so both must agree.
PAGES = {
    "Start": [st.Page(home, title="Home", icon=":material/home:", default=True)],
    "Look inside backward": [
        st.Page("pages/graph_explorer.py", title="Graph Explorer", icon=":material/hub:"),
        st.Page("pages/gradient_lab.py", title="Gradient Lab", icon=":material/science:"),
        st.Page("pages/tensors_vjp.py", title="Tensors & VJP", icon=":material/grid_on:"),
        st.Page(
            "pages/higher_order.py", title="Higher-order derivatives", icon=":material/functions:"
        ),
    ],
    "Gradients at work": [
        st.Page(
            "pages/gradient_descent.py", title="Gradient Descent", icon=":material/trending_down:"
        ),
        st.Page("pages/training.py", title="Training", icon=":material/model_training:"),
    ],
}

# First, before anything heavy is imported: a freshly started server's first run is in
# Streamlit's legacy pages/ mode, whose sidebar ("app", "tensors vjp", ...) the visitor sees
# until a run sends the real navigation; so that run hands over at once, and the next sends the
# navigation before it imports the engine, pandas and plotly.
use_legacy_pages_fix()
st.set_page_config(page_title="Autograd Playground", page_icon="∂", layout="wide")
page = st.navigation(PAGES)

# plotly looks pandas up lazily in sys.modules and can see it half-imported while another
# session's thread is still importing it; importing it here, before any page, makes every
# session wait for the one complete import instead (found by tests/load).
import pandas  # noqa: E402, F401

from ui import warmup  # noqa: E402
from ui.accessibility import page_support  # noqa: E402

warmup.start()  # once per server, in the background (already running under serve.py)
page_support()
page.run()

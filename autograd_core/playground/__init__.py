"""The playground: everything the Streamlit app needs that is not Streamlit.

The engine (`autograd_core`) never imports this package; the app (app.py, pages/, ui/) draws
only what this package computes. Each page's name runs through every layer: pages/training.py
reads its widgets with ui/training.py, computes with playground/training.py and draws with
playground/figures/training.py.

Shared by every page:
    sandbox/        the safe interpreter for code typed into a public page (an AST walker with
                    allow-lists and limits) and the Graph Explorer's switches as source rewrites
    graph/          a recorded graph as a networkx DiGraph, its layered layout, replay of backward
    figures/        plotly figure builders, pure functions; one module per page, plus the graph
    catalogue/      the tutorials' examples, the guided tour, the training data sets

In a notebook:
    draw(z)           the graph figure for any tensor, ours or real PyTorch's (notebook.py)

One per page:
    graph_explorer/   run the learner's code, inspect nodes, check gradients, export, share links
    gradient_lab      backward, retain_graph, zero_grad and hooks as a timeline of .grad
    tensors_vjp       Jacobians, vᵀJ versus backward(v), sum/mean, broadcasting's gradients
    higher_order      f, f′, f″ with create_graph=True, the second-order graph, Hessians
    gradient_descent/ optimizers racing down a surface, one update spelled out
    training          linear regression by hand and with torch.optim; a small MLP's training
"""

from typing import Any


def __getattr__(name: str) -> Any:
    # `from autograd_core.playground import draw` loads plotly and networkx only when asked:
    # the sandbox's worker processes import this package and never draw.
    if name == "draw":
        from .notebook import draw

        return draw
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["draw"]

"""The guided tour on the home page: the tutorials' ideas, in the order they teach them.

Each step names one idea, the tutorial code that shows it (one of catalogue/examples.py), what
to try, and where to go: links to pages with the query parameters that pre-fill them. The
Graph Explorer reads `code` (and `example`, and its toggles: see graph_explorer/state.py); the other
pages are sent the key of their own example in `example` (Tensors & VJP, Higher-order), `function`
(Gradient Descent) or `computation` (Gradient Lab).

    >>> [step.title for step in TOUR][:3]
    ['The gradient of x²y + y³', 'The chain rule', 'Mean of squares: one gradient per element']
    >>> TOUR[0].links[0].query_params["example"]
    'product-rule'
"""

from __future__ import annotations

from dataclasses import dataclass

from ..graph_explorer.state import encode_state, example_state
from .examples import Example, by_key

EXPLORER = "pages/graph_explorer.py"
LAB = "pages/gradient_lab.py"
VJP = "pages/tensors_vjp.py"
HIGHER = "pages/higher_order.py"
DESCENT = "pages/gradient_descent.py"


@dataclass(frozen=True)
class TourLink:
    label: str
    page: str  # the page's script path, as app.py declares it
    query_params: dict[str, str]


@dataclass(frozen=True)
class TourStep:
    number: int
    title: str
    idea: str  # one or two sentences, in the learner's words
    try_this: str  # what to do on the page the first link opens
    example: str  # key in autograd_core.playground.catalogue.examples: the tutorial's own code
    links: tuple[TourLink, ...]

    @property
    def code(self) -> str:
        return by_key(self.example).code

    @property
    def source(self) -> Example:
        return by_key(self.example)


def explorer_link(example: str, label: str = "Open in Graph Explorer", **toggles) -> TourLink:
    """A link that opens the Graph Explorer on `example`, with toggles already switched."""
    state = example_state(example)
    if toggles:
        state = state.with_toggles(**toggles)
    return TourLink(label, EXPLORER, encode_state(state))


def _steps() -> tuple[TourStep, ...]:
    from ..sandbox import Span

    steps = [
        (
            "The gradient of x²y + y³",
            "`requires_grad=True` makes autograd record every operation; `backward()` then "
            "fills `.grad` of each leaf: ∂z/∂x = 2xy = 12 and ∂z/∂y = x² + 3y² = 31.",
            "Press ▶ Replay under the graph and watch the gradient 1 leave z, split at +, and "
            "arrive at y from two paths: 4 + 27 = 31.",
            "product-rule",
            (explorer_link("product-rule"),),
        ),
        (
            "The chain rule",
            "Backward multiplies the local derivatives along the path: for z = sin(x²), "
            "dz/dx = cos(x²) · 2x.",
            "Click x in the graph: the inspector writes its chain-rule line with this run's "
            "numbers.",
            "chain-rule-sin",
            (explorer_link("chain-rule-sin"),),
        ),
        (
            "Mean of squares: one gradient per element",
            "A vector input gets one partial derivative per element: mean spreads the gradient "
            "1/N to each, so ∂/∂xᵢ mean(x²) = 2xᵢ/3.",
            "Switch on “Predict first” and write `x.grad` down before the page shows it.",
            "mean-of-squares",
            (explorer_link("mean-of-squares"),),
        ),
        (
            "Gradients accumulate until you zero them",
            "`backward()` adds into `.grad` instead of replacing it, which is why training "
            "loops call `zero_grad()` before each `backward()`.",
            "Press backward() twice and watch .grad double; then zero it and go again.",
            "accumulate-and-zero",
            (
                TourLink("Try it in Gradient Lab", LAB, {"computation": "x2y"}),
                explorer_link("accumulate-and-zero", "See both passes in Graph Explorer"),
            ),
        ),
        (
            "Stopping the graph: no_grad, detach, requires_grad_",
            "Inside `torch.no_grad()` nothing is recorded; `x.detach()` is the same numbers cut "
            "from the graph; `requires_grad_(False)` switches a leaf off. Gradients stop there.",
            "Here x**2 is detached: x gets no gradient at all, y still gets 31. Switch the "
            "toggles off and on and watch the dashed cut.",
            "no-grad-and-detach",
            (
                explorer_link(
                    "product-rule", "Cut z = x²y + y³ in Graph Explorer", detach=[Span(5, 4, 5, 8)]
                ),
                explorer_link("no-grad-and-detach", "The tutorial's code"),
            ),
        ),
        (
            "Vector outputs and gradient=",
            "`backward()` starts from a single number; for a vector output y you pass "
            "`gradient=v` and get vᵀJ, the vector-Jacobian product.",
            "Change v and watch which rows of the Jacobian it picks out.",
            "vector-output",
            (
                TourLink("Try it in Tensors & VJP", VJP, {"example": "x³"}),
                explorer_link("vector-output", "See it in Graph Explorer"),
            ),
        ),
        (
            "Higher-order derivatives",
            "With `create_graph=True` the gradient is itself recorded, so you can "
            "differentiate it again: d²(x³)/dx² = 6x.",
            "Follow the first derivative's own graph, then the second.",
            "second-derivative",
            (
                TourLink("Try it in Higher-order derivatives", HIGHER, {"example": "x³"}),
                explorer_link("second-derivative", "See both graphs in Graph Explorer"),
            ),
        ),
        (
            "Gradient descent",
            "Step against the gradient, over and over: `x -= lr * x.grad` walks (x − 3)² down "
            "to its minimum at 3.",
            "Race SGD against momentum and Adam on the same function.",
            "descent-on-parabola",
            (
                TourLink("Try it in Gradient Descent", DESCENT, {"function": "shifted"}),
                explorer_link("descent-on-parabola", "See one step's graph in Graph Explorer"),
            ),
        ),
    ]
    return tuple(
        TourStep(number, title, idea, try_this, example, links)
        for number, (title, idea, try_this, example, links) in enumerate(steps, start=1)
    )


TOUR: tuple[TourStep, ...] = _steps()

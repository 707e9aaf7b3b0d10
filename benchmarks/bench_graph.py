"""How long drawing a graph takes, and whether it grows linearly with the graph.

    python benchmarks/bench_graph.py

Builds real engine graphs (a chain of `h = tanh(h * w + b)` layers) of about 500 and 5,000
nodes, and times build_graph, layout, graph_figure and trace_steps + backward_animation on each.
The ratio column compares the big graph with the small one: about 10 means linear time.
Timings are printed, never asserted (they depend on the machine).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import autograd_core as torch
from autograd_core import tracing as trace
from autograd_core.playground.figures import backward_animation, graph_figure
from autograd_core.playground.graph import build_graph, layout, trace_steps


def chain(nodes: int) -> tuple[Any, list[Any]]:
    """A loss whose graph has about `nodes` nodes: 8 per layer (3 ops, 3 results, w, b)."""
    h = torch.tensor([0.5, -0.25, 1.0], requires_grad=True)
    for i in range(max(1, nodes // 8)):
        w = torch.tensor([0.9, 1.1, 0.8], requires_grad=True)
        b = torch.tensor(0.01 * i, requires_grad=True)
        h = (h * w + b).tanh()
    return h.sum(), []


def wide(nodes: int) -> Any:
    """A loss with many nodes per column: products x_i * w_i summed as a balanced tree."""
    terms = []
    for i in range(max(1, nodes // 7)):
        x = torch.tensor(float(i), requires_grad=True)
        w = torch.tensor(0.5, requires_grad=True)
        terms.append(x * w)
    while len(terms) > 1:
        terms = [a + b for a, b in zip(terms[::2], terms[1::2])] + terms[len(terms) // 2 * 2 :]
    return terms[0]


def best_of(fn: Callable[[], Any], repeats: int = 5) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def measure(nodes: int) -> dict[str, float]:
    loss, _ = chain(nodes)
    with trace.record_backward() as traces:
        loss.backward()
    times = {}
    times["build_graph"], graph = best_of(lambda: build_graph(loss, trace=traces[0]))
    times["layout"], positions = best_of(lambda: layout(graph))
    times["graph_figure"], _ = best_of(lambda: graph_figure(graph, positions), repeats=3)
    times["trace_steps"], steps = best_of(lambda: trace_steps(graph, traces[0]))
    if nodes <= 1000:
        times["backward_animation"], _ = best_of(
            lambda: backward_animation(graph, positions, steps), repeats=1
        )
    times["nodes"] = graph.number_of_nodes()
    return times


def measure_wide(nodes: int) -> tuple[int, float]:
    graph = build_graph(wide(nodes))
    seconds, _ = best_of(lambda: layout(graph))
    return graph.number_of_nodes(), seconds


def main() -> None:
    (n_small, wide_small), (n_big, wide_big) = measure_wide(500), measure_wide(5000)
    small, big = measure(500), measure(5000)
    print(f"graph sizes: {small['nodes']} and {big['nodes']} nodes")
    print(f"{'step':<20}{'~500 nodes':>14}{'~5,000 nodes':>16}{'ratio':>9}")
    for key in small:
        if key == "nodes":
            continue
        a, b = small[key], big.get(key)
        if b is None:
            print(f"{key:<20}{a * 1000:>11.1f} ms{'(not run)':>16}")
        else:
            print(f"{key:<20}{a * 1000:>11.1f} ms{b * 1000:>13.1f} ms{b / a:>9.1f}")
    print(
        f"{'layout (wide tree)':<20}{wide_small * 1000:>11.1f} ms{wide_big * 1000:>13.1f} ms"
        f"{wide_big / wide_small:>9.1f}   ({n_small} and {n_big} nodes)"
    )


def run() -> list:
    """The issue's targets as table rows: layout of 5,000 nodes well under 100 ms, and each
    step growing about linearly (5,000 nodes cost about 10x 500 nodes)."""
    from .common import Result

    small, big = measure(500), measure(5000)
    rows = [
        Result(f"layout of {big['nodes']} nodes vs a 100 ms budget", big["layout"], 0.1, 1.0),
        Result(
            f"graph_figure, {small['nodes']} nodes (interactive)", small["graph_figure"], None, None
        ),
    ]
    for key in ("build_graph", "layout", "graph_figure", "trace_steps"):
        rows.append(Result(f"{key}: 10x the nodes (linear = 10x)", big[key], small[key], 15.0))
    return rows


if __name__ == "__main__":
    main()

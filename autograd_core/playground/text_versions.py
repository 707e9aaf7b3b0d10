"""The numbers behind the Training, Gradient Lab and Higher-order charts, as rows of words: their
text versions (a table on the page, a CSV download). Graphs have theirs in graph/text.py, the
descent race in gradient_descent/views.py.

    >>> rows = curve_rows(run)          # a ClassifierRun
    >>> rows[0]
    {'epoch': '1', 'loss': '0.6931', 'accuracy': '50.0%'}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .graph.values import number


def curve_rows(run: Any) -> list[dict[str, str]]:
    """The training curves: loss and accuracy after every epoch of a ClassifierRun."""
    return [
        {"epoch": str(e), "loss": number(loss), "accuracy": f"{100 * float(acc):.1f}%"}
        for e, (loss, acc) in enumerate(zip(run.losses, run.accuracies), start=1)
    ]


def line_fit_rows(fits: Sequence[Any]) -> list[dict[str, str]]:
    """Each linear-regression loop's w (and b), and its loss, after every epoch."""
    rows = []
    for fit in fits:
        loop = "by hand" if fit.method == "manual" else "torch.optim.SGD"
        for e, loss in enumerate(fit.losses):
            row = {"loop": loop, "epoch": str(e + 1), "w": number(fit.ws[e + 1])}
            if fit.bias:
                row["b"] = number(fit.bs[e + 1])
            row["loss"] = number(loss)
            rows.append(row)
    return rows


def timeline_rows(report: Any) -> list[dict[str, str]]:
    """The Gradient Lab's timeline: every leaf's .grad after each action (None spelled out)."""
    rows = []
    for event in report.events:
        row = {"#": str(event.index), "action": event.label}
        for name in report.leaves:
            grad = event.grads[name]
            row[f"{name}.grad"] = "None" if grad is None else number(grad)
        row["outcome"] = event.error or "ok"
        rows.append(row)
    return rows


def derivative_rows(curves: Any) -> list[dict[str, str]]:
    """f and its derivatives at every sampled x (the Higher-order page's curves)."""
    names = ("f(x)", "f′(x)", "f″(x)", "f‴(x)")
    return [
        {"x": number(x), **{names[k]: number(c[i]) for k, c in enumerate(curves.curves)}}
        for i, x in enumerate(curves.xs)
    ]


def vector_row(name: str, values: Any, labels: Sequence[str]) -> dict[str, str]:
    """One vector as a table row, its name under "vector", each element under its label (or its
    position, when the vector does not have the labels' length: a v of the wrong shape)."""
    flat = list(np.asarray(values, dtype=np.float64).reshape(-1))
    names = list(labels) if len(labels) == len(flat) else [f"[{i}]" for i in range(len(flat))]
    return {"vector": name, **{label: number(v) for label, v in zip(names, flat)}}


def matrix_rows(
    matrix: Any, rows: Sequence[str], columns: Sequence[str], *, corner: str
) -> list[dict[str, str]]:
    """A labelled matrix (a Jacobian, a Hessian) as table rows; the row labels' column is headed
    `corner` (a header cell with no words is announced as nothing by a screen reader)."""
    return [
        {corner: row, **{col: number(matrix[i][j]) for j, col in enumerate(columns)}}
        for i, row in enumerate(rows)
    ]

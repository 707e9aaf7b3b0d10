"""Export: the snippet on screen as a PyTorch script that reproduces it.

The toggles are already code (see lang/rewrite.py), so the script is the code that ran, plus a
header that says where it came from and a footer with the numbers the page showed, as comments,
so a learner who runs it in PyTorch can check them line by line.

    >>> print(export_code(explore(by_key("chain-rule-cubic").code)).splitlines()[-2])
    # x.grad = tensor(24.)
"""

from __future__ import annotations

import re

from ..graph.values import full_text
from .run import Exploration

# Functions that draw random numbers: PyTorch's generator differs from ours, so values will too.
_RANDOM = re.compile(
    r"\b(randn|rand|randint|randperm|normal|rand_like|randn_like|uniform_|normal_|"
    r"xavier_uniform_|xavier_normal_|kaiming_uniform_|kaiming_normal_|Linear)\b"
)
MAX_FOOTER_LINES = 40


def export_code(exp: Exploration) -> str:
    """The PyTorch script for `exp` (always text, even when the run failed)."""
    lines = [
        "# Exported from the Autograd Playground (Graph Explorer).",
        "# Real PyTorch: `pip install torch`, then run it; it prints what the page printed.",
    ]
    switched = _switches(exp)
    if switched:
        lines.append(f"# Switches written into the code: {switched}.")
    if _RANDOM.search(exp.code):
        lines.append(
            "# Random numbers: PyTorch's generator differs from the playground's, so random "
            "values (and what follows from them) will differ."
        )
    body = exp.code.rstrip("\n")
    footer = _footer(exp)
    text = "\n".join(lines) + "\n\n" + body + "\n"
    return text + ("\n" + "\n".join(footer) + "\n" if footer else "")


def _switches(exp: Exploration) -> str:
    o = exp.overrides
    parts = [f"{name}.requires_grad_({flag})" for name, flag in sorted(o.requires_grad.items())]
    parts += [f"detach() at line {s.line}" for s in sorted(o.detach)]
    parts += [f"{name}.retain_grad()" for name in sorted(o.retain_grad)]
    if o.no_grad:
        parts.append("everything under torch.no_grad()")
    return ", ".join(parts)


def _footer(exp: Exploration) -> list[str]:
    """`# x.grad = tensor(12.)` for every leaf the graph shows a .grad for."""
    if exp.error is not None or exp.graph is None:
        return []
    lines = []
    for _, data in exp.graph.nodes(data=True):
        if data["kind"] != "leaf" or data["grad"] is None or not data["name"]:
            continue
        text = full_text(data["grad"], data["dtype"]).splitlines()
        name = data["name"]
        lines.append(f"# {name}.grad = {text[0]}")
        lines += [f"#   {line}" for line in text[1:]]
    if not lines:
        return []
    lines = lines[:MAX_FOOTER_LINES]
    return ["# What the Graph Explorer showed at the end of the run:", *lines]

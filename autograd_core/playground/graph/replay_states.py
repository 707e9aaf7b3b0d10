"""What the graph shows after each step of a replayed backward pass: plain data, no drawing.

The replay animation draws one frame per state; the layout measures every state's words first,
so that each box is wide enough for all the gradients it will ever show and each edge has room
for every note it will carry.

    >>> states = replay_states(graph, trace_steps(graph, traces[0]))
    >>> states[-1].words["leaf2"]           # x's gradient once backward is done
    'grad 12'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .records import HOOKED
from .values import summarize, value_text

NOTE_CHARS = 18  # a longer note stays in the caption: the box it reaches shows the value


class ReplayState:
    """The picture after some number of steps (none: the forward pass)."""

    def __init__(self) -> None:
        self.step: Any = None
        self.grads: dict[str, Any] = {}  # node -> gradient so far
        self.words: dict[str, str] = {}  # node -> "grad 12" / "Σ so far 3" (tensors only)
        self.final: set[str] = set()
        self.flowed: dict[tuple[str, str], None] = {}  # edges gradients went along, in order
        self.lit: list[tuple[str, str]] = []
        self.edge_notes: dict[tuple[str, str], str] = {}  # this step's words on edges
        self.node_notes: dict[str, str] = {}  # this step's words on a node's gradient line
        self.senders: dict[str, int] = {}  # node -> how many contributions it will receive
        self.hooked: set[str] = set()  # tensors whose hook replaced their gradient so far

    def set(self, node: str, value: Any, final: bool) -> None:
        self.grads[node] = value
        if final or self.senders.get(node, 0) <= 1:  # one sender: nothing more will be added
            self.final.add(node)
        word = "grad" if node in self.final else "Σ so far"
        # from its hook on: not the sum of what the edges brought
        self.words[node] = f"{word} {value_text(value)}" + (HOOKED if node in self.hooked else "")

    def add(self, node: str, value: Any) -> None:
        """A contribution arrives: gradients from several consumers add up, as in the engine.

        A node whose gradient is final (a result whose op already ran, a leaf showing the .grad
        it had before this backward) keeps showing that until its own step changes it.
        """
        if node not in self.final:
            previous = self.grads.get(node)
            self.set(node, value if previous is None else previous + value, final=False)

    def note(self, where: Any, text: str) -> None:
        if isinstance(where, tuple):  # two notes on one edge (x * x): one after the other
            old = self.edge_notes.get(where)
            self.edge_notes[where] = text if old is None else f"{old}; {text}"
        else:
            self.node_notes[where] = text

    def snapshot(self) -> ReplayState:
        copy = ReplayState()
        copy.step, copy.lit = self.step, self.lit
        copy.edge_notes, copy.node_notes = self.edge_notes, self.node_notes
        copy.grads, copy.words, copy.final = dict(self.grads), dict(self.words), set(self.final)
        copy.flowed, copy.senders, copy.hooked = dict(self.flowed), self.senders, set(self.hooked)
        return copy

    def grad_line(self, node: str) -> str | None:
        """What the node's gradient line says in this state (with this step's note, if any)."""
        word = self.words.get(node)
        note = self.node_notes.get(node)
        if note is None:
            return word
        return note if word is None else f"{word} ({note})"


def replay_states(graph: Any, steps: list) -> list[ReplayState]:
    """The state before any step, then after each step, in order."""
    state = ReplayState()
    for step in steps:
        for c in step.contributions:
            state.senders[c.target] = state.senders.get(c.target, 0) + 1
    for step in steps:  # .grad before this backward, if the leaf already had one
        if step.kind == "accumulate" and step.node not in state.grads and step.before is not None:
            state.set(step.node, step.before, final=True)
    states = [state.snapshot()]
    for step in steps:
        state.step, state.lit = step, list(step.edges)
        state.edge_notes, state.node_notes = {}, {}
        state.flowed.update(dict.fromkeys(step.edges))
        if step.kind == "node":
            state.set(step.result, step.upstream, final=True)
            for c in step.contributions:
                if len(c.text) <= NOTE_CHARS:
                    state.note(c.edge, c.text)
                if np.shape(c.product) == np.shape(c.value):  # else added at its sum_to step
                    state.add(c.target, c.value)
        elif step.kind == "sum_to" and step.edges:
            state.add(step.result, step.after)
            state.note(step.result, "summed back")
        elif step.kind == "mean":
            state.note(step.result, f"÷ N = {step.n}")
        elif step.kind in ("accumulate", "hook"):
            before = step.before if step.kind == "accumulate" else step.upstream
            if step.kind == "hook":
                state.hooked.add(step.node)
            state.set(step.node, step.after, final=True)
            if before is not None:  # from None, the new .grad says it all
                state.note(step.node, f"was {summarize(before, 2)}")
        elif step.kind == "capture":
            state.set(step.node, step.upstream, final=True)
        states.append(state.snapshot())
    return states

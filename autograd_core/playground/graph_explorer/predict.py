"""Predict, then reveal: the learner writes down each leaf's gradient before seeing it.

Guesses are text typed into a box, read here by a small parser (numbers, fractions such as
`2/3`, lists such as `[0.67, 1.33, 2]`; nothing is evaluated), and compared with autograd's
numbers to two significant digits or so, the precision of working a gradient out by hand.

    >>> parse_guess("[2/3, 4/3, 2]", (3,))
    array([0.66666667, 1.33333333, 2.        ])
    >>> compare_guess(parse_guess("12", ()), np.array(12.0)).right
    True
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..graph.values import summarize

MAX_LEAVES = 6  # leaves to predict at once
MAX_ELEMENTS = 16  # elements of one leaf a learner can reasonably be asked to work out
MAX_GUESS_CHARS = 400
RTOL = 0.01  # 12 counts for 12.04; 0.67 for 2/3

_NUMBER = re.compile(
    r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?(?:\s*/\s*(?:\d+(?:\.\d*)?|\.\d+))?"
)


class GuessError(ValueError):
    """A guess that cannot be read, with what to type instead."""


@dataclass(frozen=True)
class Target:
    """A leaf whose gradient the learner predicts."""

    node: str
    name: str
    shape: tuple[int, ...]
    actual: np.ndarray

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def placeholder(self) -> str:
        if not self.shape:
            return "a number, e.g. 2.5 or 2/3"
        return (
            f"{self.size} numbers, e.g. "
            + ", ".join(["1"] * min(self.size, 3))
            + (", …" if self.size > 3 else "")
        )


@dataclass(frozen=True)
class Verdict:
    target: Target
    guess: np.ndarray
    right: bool
    wrong_elements: tuple[int, ...]  # flat positions that are off

    @property
    def text(self) -> str:
        actual = summarize(self.target.actual, 6)
        guess = summarize(self.guess.reshape(self.target.shape), 6)
        if self.right:
            return f"{self.target.name}.grad = {actual}: your {guess} is right."
        if self.target.shape and len(self.wrong_elements) < self.target.size:
            where = ", ".join(str(i) for i in self.wrong_elements[:6])
            return (
                f"{self.target.name}.grad = {actual}: you wrote {guess}; "
                f"element(s) {where} are off."
            )
        return f"{self.target.name}.grad = {actual}: you wrote {guess}."


def targets(graph: Any) -> tuple[list[Target], list[str]]:
    """The leaves with a gradient to predict, and a note for each leaf left out."""
    found: list[Target] = []
    notes: list[str] = []
    if graph is None:
        return found, notes
    for node_id, data in graph.nodes(data=True):
        if data["kind"] != "leaf":
            continue
        grad = data["grad"] if data["grad"] is not None else data.get("trace_grad")
        if grad is None:
            continue
        name = str(data["label"])
        shape = tuple(data["shape"] or ())
        if math.prod(shape) > MAX_ELEMENTS:
            notes.append(f"{name} has {math.prod(shape)} elements: too many to work out by hand")
        elif len(found) >= MAX_LEAVES:
            notes.append(f"{name}: only {MAX_LEAVES} leaves are asked at once")
        else:
            found.append(Target(node_id, name, shape, np.asarray(grad, dtype=np.float64)))
    return found, notes


def parse_guess(text: str, shape: tuple[int, ...]) -> np.ndarray:
    """The numbers in `text`, as an array of `shape` (GuessError if they don't fit)."""
    if len(text) > MAX_GUESS_CHARS:
        raise GuessError(f"That is more than {MAX_GUESS_CHARS} characters: just the numbers.")
    tokens = _split(text.replace(";", ","))
    values = []
    for token in tokens:
        if not _NUMBER.fullmatch(token):
            raise GuessError(f"`{token[:20]}` is not a number: write e.g. 12, -0.5 or 2/3.")
        top, _, bottom = token.partition("/")
        numerator, denominator = float(top), float(bottom) if bottom else 1.0
        if denominator == 0:
            raise GuessError("Dividing by zero: write the number itself.")
        values.append(numerator / denominator)
    size = math.prod(shape)
    if len(values) != size:
        what = "one number" if size == 1 else f"{size} numbers, one per element"
        raise GuessError(f"Expected {what}; found {len(values)}.")
    array = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(array)):
        raise GuessError("Gradients here are finite numbers.")
    return array.reshape(shape)


def _split(body: str) -> list[str]:
    """Numbers are separated by commas or spaces; `2 / 3` keeps its spaces inside a fraction."""
    compact = re.sub(r"\s*/\s*", "/", body)
    return [t for t in re.split(r"[,\s\[\]()]+", compact) if t]


def compare_guess(guess: np.ndarray, actual: Any, target: Target | None = None) -> Verdict:
    """Is the guess autograd's number, to about two significant digits, element by element?"""
    actual = np.asarray(actual, dtype=np.float64)
    guess = np.asarray(guess, dtype=np.float64).reshape(actual.shape)
    close = np.abs(guess - actual) <= RTOL * np.maximum(1.0, np.abs(actual))
    wrong = tuple(int(i) for i in np.flatnonzero(~close.reshape(-1)))
    target = target or Target("", "?", tuple(actual.shape), actual)
    return Verdict(target, guess, not wrong, wrong)

"""The Gradient Lab: a fixed computation and the actions a learner applies to it, one by one.

Two facts of PyTorch surprise almost everyone once:

1. `.grad` *accumulates*. Every backward() adds into it; nothing resets it except
   `x.grad.zero_()`, `x.grad = None` or `optimizer.zero_grad()` (which sets it to None).
2. A graph can be backpropagated *once*. backward() frees the values each operation saved for
   it, so a second backward() through the same graph fails, unless the first one kept them with
   `retain_graph=True`. Running the forward pass again builds a fresh graph.

A lab session is a list of `Action`s. `run_lab` replays the list from the start on fresh tensors
and records, after each action, every leaf's `.grad`, the intermediate's `.grad` (with
retain_grad), what hooks printed, and the error the learner would have seen, in PyTorch's words.
Replaying is cheap (a handful of scalar operations per action) and keeps a page's state to a list
of small frozen values: nothing engine-side has to live between reruns.

    >>> report = run_lab("x2y", [Action("forward"), Action("backward"), Action("backward")])
    >>> [e.grads["x"] for e in report.events]
    [None, None, 12.0, 12.0]
    >>> report.events[-1].error[:52]
    'RuntimeError: Trying to backward through the graph a'

Everything the page shows is also written as a PyTorch script (`Event.code`, `Event.output`), so
the learner can paste the session into a notebook and see the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd_core import creation
from autograd_core import torch_functions as functions
from autograd_core.optim import SGD
from autograd_core.tensor import Tensor

LEARNING_RATE = 0.1
MAX_ACTIONS = 60  # a timeline longer than this is unreadable; the page offers Reset

# What a hook on the intermediate does; the lambda is what the page shows as code.
HOOKS: dict[str, str] = {
    "none": "",
    "print": "lambda grad: print('hook saw', grad)",
    "double": "lambda grad: grad * 2",
    "zero": "lambda grad: grad * 0",
}


@dataclass(frozen=True)
class Computation:
    """A forward pass with scalar leaves and one named intermediate (for hooks/retain_grad)."""

    key: str
    title: str
    leaves: tuple[tuple[str, float], ...]
    intermediate: str
    output: str
    lines: tuple[str, str]  # the intermediate's line, then the output's line
    forward: Callable[[dict[str, Tensor]], tuple[Tensor, Tensor]] = field(repr=False)
    constants: tuple[str, ...] = ()  # setup lines before the forward pass (plain numbers)


def _x2y(t: dict[str, Tensor]) -> tuple[Tensor, Tensor]:
    a = t["x"] ** 2
    return a, a * t["y"] + t["y"] ** 3


def _linear(t: dict[str, Tensor]) -> tuple[Tensor, Tensor]:
    y_pred = t["w"] * 3.0 + t["b"]
    return y_pred, (y_pred - 10.0) ** 2


def _sin(t: dict[str, Tensor]) -> tuple[Tensor, Tensor]:
    y = t["x"] ** 2
    return y, functions.sin(y)


COMPUTATIONS: dict[str, Computation] = {
    c.key: c
    for c in (
        Computation(
            "x2y",
            "z = x²·y + y³",
            (("x", 2.0), ("y", 3.0)),
            "a",
            "z",
            ("a = x ** 2", "z = a * y + y ** 3"),
            _x2y,
        ),
        Computation(
            "linear",
            "loss = (w·3 + b − 10)²",
            (("w", 1.0), ("b", 2.0)),
            "y_pred",
            "loss",
            ("y_pred = w * x + b", "loss = (y_pred - y_true) ** 2"),
            _linear,
            constants=("x = 3.0", "y_true = 10.0"),
        ),
        Computation(
            "sin",
            "z = sin(x²)",
            (("x", 5.0),),
            "y",
            "z",
            ("y = x ** 2", "z = torch.sin(y)"),
            _sin,
        ),
    )
}

HOOK_EFFECTS = {
    "print": " The hook printed the gradient reaching {a} and changed nothing.",
    "double": " The hook doubled the gradient reaching {a}, so everything behind {a} got twice "
    "as much.",
    "zero": " The hook replaced the gradient reaching {a} by zeros: nothing flowed back through "
    "{a}.",
}

KINDS = ("forward", "backward", "backward_retain", "zero_", "set_none", "zero_grad", "step")


@dataclass(frozen=True)
class Action:
    """One button press. `leaf` names the tensor for zero_/set_none; `retain_grad` and `hook`
    are what a forward pass does to the intermediate."""

    kind: str
    leaf: str | None = None
    retain_grad: bool = False
    hook: str = "none"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown action {self.kind!r}; one of {', '.join(KINDS)}")
        if self.hook not in HOOKS:
            raise ValueError(f"unknown hook {self.hook!r}; one of {', '.join(HOOKS)}")


@dataclass(frozen=True)
class Event:
    """The state after one action (index 0 is the setup: leaves and optimizer)."""

    index: int
    kind: str  # "setup" or an action kind
    label: str  # short, for a chart axis: "backward()"
    code: tuple[str, ...]  # the PyTorch lines this action is
    grads: dict[str, float | None]  # each leaf's .grad (None when it is None)
    values: dict[str, float]  # each leaf's value (optimizer.step() changes them)
    intermediate_grad: float | None  # the intermediate's .grad, if retain_grad kept it
    output_value: float | None  # the output of the current forward pass
    graph: str  # "none" (no forward yet), "alive", "freed" (by backward), "stale" (by step)
    error: str | None = None  # "RuntimeError: ..." exactly as Python would end the cell
    printed: tuple[str, ...] = ()  # what hooks printed during this action
    hook: str = "none"  # the hook on the current graph's intermediate
    shown: str = ""  # what the script's print() after this action prints, as PyTorch prints it

    def output_lines(self) -> tuple[str, ...]:
        """Everything this action prints in the script: hooks first, then the print()."""
        return (*self.printed, self.shown) if self.shown else self.printed


@dataclass(frozen=True)
class LabReport:
    computation: Computation
    events: tuple[Event, ...]
    truncated: bool  # more actions were given than MAX_ACTIONS; the rest were not run

    @property
    def leaves(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.computation.leaves)

    @property
    def last(self) -> Event:
        return self.events[-1]

    def script(self) -> str:
        """The whole session as a PyTorch script that runs as it is: after each action a print()
        of what changed, with what it prints written below it as a comment; an action PyTorch
        refused stays in the script as a comment, with PyTorch's error, so pasting it runs."""
        lines = []
        for event in self.events:
            if event.error:
                lines.append("# PyTorch refused this, so it is left as a comment:")
                lines.extend(f"# {line}" for line in event.code)
                lines.append(f"# {event.error}")
            else:
                lines.extend(event.code)
                if event.index > 0:
                    lines.append(print_code(event.kind, self.computation))
                lines.extend(f"# {text}" for text in event.output_lines())
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def print_code(kind: str, computation: Computation) -> str:
    """The print() the script puts after an action: the output after a forward pass, the leaves
    after an optimizer step, else every leaf's .grad."""
    leaves = [name for name, _ in computation.leaves]
    if kind == "forward":
        return f"print({computation.output})"
    if kind == "step":
        return f"print({', '.join(leaves)})"
    return f"print({', '.join(f'{name}.grad' for name in leaves)})"


def grads_text(event: Event) -> str:
    """`x.grad = 12, y.grad = 31` for one event."""
    return ", ".join(f"{name}.grad = {number_text(g)}" for name, g in event.grads.items())


def number_text(value: float | None) -> str:
    """A number as a learner reads it: 12, 0.5, -2.8, 9.912; None as None."""
    if value is None:
        return "None"
    return f"{value:.6g}"


def run_lab(key: str, actions: Sequence[Action]) -> LabReport:
    """Replay `actions` on computation `key` from fresh tensors.

    Event 0 is the setup (leaves and optimizer, no graph yet); a session normally starts with a
    "forward" action, which also says what to do to the intermediate (retain_grad, a hook).
    """
    if key not in COMPUTATIONS:
        raise ValueError(f"unknown computation {key!r}; one of {', '.join(COMPUTATIONS)}")
    lab = _Lab(COMPUTATIONS[key])
    events = [lab.setup()]
    for i, action in enumerate(actions[:MAX_ACTIONS], start=1):
        events.append(lab.apply(action, i))
    return LabReport(lab.computation, tuple(events), truncated=len(actions) > MAX_ACTIONS)


class _Lab:
    """The live tensors of one replay: leaves, optimizer, the current forward pass."""

    def __init__(self, computation: Computation) -> None:
        self.computation = computation
        self.leaves = {
            name: creation.tensor(value, requires_grad=True) for name, value in computation.leaves
        }
        self.optimizer = SGD(list(self.leaves.values()), lr=LEARNING_RATE)
        self.intermediate: Tensor | None = None
        self.output: Tensor | None = None
        self.graph = "none"
        self.hook_kind = "none"
        self.printed: list[str] = []

    def setup(self) -> Event:
        c = self.computation
        code = ["import torch", *c.constants]
        code += [f"{n} = torch.tensor({v!r}, requires_grad=True)" for n, v in c.leaves]
        params = ", ".join(n for n, _ in c.leaves)
        code.append(f"optimizer = torch.optim.SGD([{params}], lr={LEARNING_RATE})")
        return self.event(0, "setup", code, None)

    def apply(self, action: Action, index: int) -> Event:
        self.printed = []
        error = None
        try:
            self.run(action)
        except (RuntimeError, AttributeError, NameError, TypeError, ValueError) as exc:
            # What the learner would see: Python's last line of the traceback.
            error = f"{type(exc).__name__}: {exc}"
        return self.event(index, action.kind, self.code(action), error)

    def event(self, index: int, kind: str, code: list[str], error: str | None) -> Event:
        return Event(
            index=index,
            kind=kind,
            label=LABELS[kind],
            code=tuple(code),
            grads={name: _item(t.grad) for name, t in self.leaves.items()},
            values={name: float(t.item()) for name, t in self.leaves.items()},
            intermediate_grad=self.intermediate_grad(),
            output_value=None if self.output is None else float(self.output.item()),
            graph=self.graph,
            error=error,
            printed=tuple(self.printed),
            hook=self.hook_kind,
            shown="" if index == 0 or error else self.shown(kind),
        )

    def shown(self, kind: str) -> str:
        """What print_code(kind) prints now, in PyTorch's words (our printing matches it)."""
        if kind == "forward":
            return str(self.output)
        if kind == "step":
            return " ".join(str(t) for t in self.leaves.values())
        return " ".join(str(t.grad) for t in self.leaves.values())

    def run(self, action: Action) -> None:
        kind = action.kind
        if kind == "forward":
            self.forward(action)
        elif kind in ("backward", "backward_retain"):
            if self.output is None:
                raise NameError(f"name '{self.computation.output}' is not defined")
            retain = kind == "backward_retain"
            self.output.backward(retain_graph=retain)
            self.graph = "alive" if retain else "freed"
        elif kind == "zero_":
            self.leaf(action).grad.zero_()  # AttributeError on None, as in PyTorch
        elif kind == "set_none":
            self.leaf(action).grad = None
        elif kind == "zero_grad":
            self.optimizer.zero_grad()
        elif kind == "step":
            self.optimizer.step()
            if self.graph == "alive":
                self.graph = "stale"  # its saved leaf values were just changed in place

    def forward(self, action: Action) -> None:
        self.intermediate, self.output = self.computation.forward(self.leaves)
        if action.retain_grad:
            self.intermediate.retain_grad()
        if action.hook != "none":
            self.intermediate.register_hook(self.hook(action.hook))
        self.hook_kind = action.hook
        self.graph = "alive"

    def hook(self, kind: str) -> Callable[[Tensor], Tensor | None]:
        def hook(grad: Tensor) -> Tensor | None:
            if kind == "print":
                self.printed.append(f"hook saw {grad!r}")
                return None
            return grad * (2.0 if kind == "double" else 0.0)

        return hook

    def leaf(self, action: Action) -> Tensor:
        if action.leaf not in self.leaves:
            raise ValueError(
                f"{action.leaf!r} is not a leaf of this computation; "
                f"choose one of {', '.join(self.leaves)}"
            )
        return self.leaves[action.leaf]

    def intermediate_grad(self) -> float | None:
        t = self.intermediate
        # Only read it when retain_grad() asked for it: otherwise PyTorch warns that a
        # non-leaf's .grad is not populated, which is not the point of this view.
        return _item(t.grad) if t is not None and t.retains_grad else None

    def code(self, action: Action) -> list[str]:
        c = self.computation
        if action.kind != "forward":
            return [action_code(action, c)]
        lines = [c.lines[0]]
        if action.retain_grad:
            lines.append(f"{c.intermediate}.retain_grad()")
        if action.hook != "none":
            lines.append(f"{c.intermediate}.register_hook({HOOKS[action.hook]})")
        return [*lines, c.lines[1]]


LABELS = {
    "setup": "setup",
    "forward": "forward",
    "backward": "backward()",
    "backward_retain": "backward(retain)",
    "zero_": "grad.zero_()",
    "set_none": "grad = None",
    "zero_grad": "zero_grad()",
    "step": "step()",
}


def action_code(action: Action, computation: Computation) -> str:
    """The PyTorch line a (non-forward) action stands for."""
    out = computation.output
    return {
        "backward": f"{out}.backward()",
        "backward_retain": f"{out}.backward(retain_graph=True)",
        "zero_": f"{action.leaf}.grad.zero_()",
        "set_none": f"{action.leaf}.grad = None",
        "zero_grad": "optimizer.zero_grad()",
        "step": "optimizer.step()",
    }[action.kind]


def _item(t: Any) -> float | None:
    return None if t is None else float(t.item())


GRAPH_STATES = {
    "none": "no graph yet: run the forward pass",
    "alive": "graph alive: its saved values are kept, backward() can run",
    "freed": "graph freed by backward(): its saved values are gone",
    "stale": "graph stale: optimizer.step() changed values it saved",
}


def explain(report: LabReport, index: int = -1) -> str:
    """One or two sentences on what event `index` did and why, for the learner."""
    events = report.events
    event = events[index]
    i = event.index
    previous = events[i - 1] if i > 0 else None
    c = report.computation
    out = c.output
    if i == 0:
        return "Leaves created with requires_grad=True; their .grad starts as None."
    kind = event.kind
    if event.error:
        return _explain_error(event, kind, out)
    if kind == "forward":
        return (
            f"A fresh graph: {out} = {number_text(event.output_value)}. Running the forward pass "
            "again is what a training loop does every step; .grad is not touched."
        )
    if kind in ("backward", "backward_retain"):
        changes = [
            f"{n}.grad {number_text(previous.grads[n])} → {number_text(g)}"
            for n, g in event.grads.items()
        ]
        added = any(previous.grads[n] is not None for n in event.grads)
        how = (
            "Added to what was there: gradients accumulate."
            if added
            else "Stored, since .grad was None."
        )
        kept = (
            " retain_graph=True kept the graph, so backward can run on it again."
            if kind == "backward_retain"
            else " The graph's saved values are now freed."
        )
        hooked = HOOK_EFFECTS.get(event.hook, "").format(a=c.intermediate)
        return f"{'; '.join(changes)}. {how}{kept}{hooked}"
    if kind == "zero_":
        return (
            "Zeroed in place: the .grad tensor is still there, full of zeros; the next backward "
            "adds to 0."
        )
    if kind == "set_none":
        return "The .grad is None again: the next backward stores a fresh gradient."
    if kind == "zero_grad":
        return (
            "optimizer.zero_grad() set every parameter's .grad to None (set_to_none=True is "
            "the default since PyTorch 2.0)."
        )
    if kind == "step":
        moved = ", ".join(
            f"{n} {number_text(previous.values[n])} → {number_text(v)}"
            for n, v in event.values.items()
        )
        return (
            f"optimizer.step(): each parameter p ← p − {LEARNING_RATE}·p.grad ({moved}). "
            "Parameters without a .grad are skipped."
        )
    return ""


def _explain_error(event: Event, kind: str, out: str) -> str:
    error = event.error or ""
    if "backward through the graph a second time" in error:
        return (
            "The previous backward() freed the values this graph saved. Run the forward pass "
            f"again to build a new graph, or call {out}.backward(retain_graph=True) the first "
            "time."
        )
    if "modified by an inplace operation" in error:
        return (
            "optimizer.step() changed the leaves in place after this graph saved them, so its "
            "gradient would be wrong. Run the forward pass again first."
        )
    if "'NoneType' object has no attribute 'zero_'" in error:
        return (
            ".grad is None (nothing to zero): zero_() needs a tensor. Run backward first, or "
            "use .grad = None / optimizer.zero_grad(), which work either way."
        )
    if error.startswith("NameError"):
        return f"There is no {out} yet: run the forward pass first."
    return "PyTorch refused this action; the state is unchanged."

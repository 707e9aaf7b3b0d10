"""Training loops, as the tutorials write them, run by the engine.

1. Linear regression, the tutorials' cell exactly (x = [1, 2, 3], y = [2, 4, 6], w from 0, lr 0.1),
   then on noisy data with a bias, written two ways: by hand (`w -= lr * w.grad` under no_grad,
   then `w.grad.zero_()`) and with `torch.optim.SGD` (`zero_grad()`, `backward()`, `step()`).
   Both compute the same numbers, which is the point:

    >>> from autograd_core.playground.training import SEED_X, SEED_Y, fit_line
    >>> fit = fit_line(SEED_X, SEED_Y, lr=0.1, epochs=10, method="manual")
    >>> fit.printed[0]
    'Epoch 0: w = 0.0, loss = 18.66666603088379'

2. Classification of 2-D points by a small MLP from autograd_core.nn (Linear layers and an
   activation), trained with an optimizer from autograd_core.optim on mini-batches, with
   snapshots of the decision boundary at a bounded number of epochs for the animation.
"""

from __future__ import annotations

import contextvars
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograd_core import nn, optim
from autograd_core.creation import _generator, linspace, manual_seed, tensor
from autograd_core.grad_mode import no_grad
from autograd_core.inputs import real_number
from autograd_core.torch_functions import stack

from .sandbox.limits import DEFAULT_LIMITS

SEED_X = (1.0, 2.0, 3.0)
SEED_Y = (2.0, 4.0, 6.0)
SEED_LR, SEED_EPOCHS = 0.1, 10

MAX_EPOCHS = 1000
MAX_LR = 100.0
MAX_LINE_POINTS = 500
MAX_LAYERS, MAX_WIDTH = 4, 128
MAX_UPDATES = 10_000  # optimizer steps in one classifier run (epochs × batches per epoch)
MAX_SNAPSHOTS = 60
# Processor seconds one classifier run may train for on the shared server, as long as a snippet
# may run: it trains in the page's own process, between the other sessions' turns (20 s of wall
# clock, as it was, let the largest network on 2,000 points hold that process for 10 s of
# processor time; the page's default run needs 0.2 s)
TIME_LIMIT = DEFAULT_LIMITS.time_limit
RUNAWAY = 1e6


class TrainingError(ValueError):
    """A setting the loops refuse, with what is allowed (`hint`: what to try)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


# --- linear regression ----------------------------------------------------------------------


@dataclass(frozen=True)
class LineFit:
    """One run of a regression loop. ws[e] and bs[e] are the parameters at the start of epoch e
    (and after the last one: one more entry than losses); losses[e] is epoch e's loss."""

    method: str  # "manual" or "optimizer"
    lr: float
    epochs: int
    bias: bool
    ws: np.ndarray
    bs: np.ndarray
    losses: np.ndarray
    printed: tuple[str, ...]
    code: str
    divergence: str | None = None


def fit_line_both_ways(
    seeds: bool, points: int, noise: float, seed: int, lr: float, epochs: int
) -> tuple[np.ndarray, np.ndarray, list[LineFit]]:
    """The Training page's first tab: the tutorials' three points (seeds=True, y = w·x) or a noisy
    line (y = w·x + b), fitted by the hand-written loop and by torch.optim.SGD."""
    if seeds:
        x, y, bias = SEED_X, SEED_Y, False
    else:
        x, y = noisy_line(points, noise=noise, seed=seed)
        bias = True
    fits = [
        fit_line(x, y, lr=lr, epochs=epochs, method=m, bias=bias) for m in ("manual", "optimizer")
    ]
    return x, y, fits


def fit_line(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    *,
    lr: float = SEED_LR,
    epochs: int = SEED_EPOCHS,
    method: str = "manual",
    bias: bool = False,
) -> LineFit:
    """Fit y ≈ w·x (+ b) by gradient descent on the mean squared error, w (and b) from 0."""
    if method not in ("manual", "optimizer"):
        raise TrainingError(f"method must be 'manual' or 'optimizer', not {method!r}")
    lr = check_lr(lr)
    epochs = check_whole(epochs, "The number of epochs", 1, MAX_EPOCHS)
    xs, ys = _points(x, y)
    x_t, y_true = tensor(xs.tolist()), tensor(ys.tolist())
    w = tensor(0.0, requires_grad=True)
    b = tensor(0.0, requires_grad=True) if bias else None
    params = [w] if b is None else [w, b]
    optimizer = optim.SGD(params, lr=lr) if method == "optimizer" else None
    ws, bs, losses, printed = [w.item()], [0.0], [], []
    divergence = None
    for epoch in range(epochs):
        if optimizer is not None:
            optimizer.zero_grad()
        y_pred = w * x_t + b if b is not None else w * x_t
        loss = ((y_pred - y_true) ** 2).mean()
        loss.backward()
        if not math.isfinite(loss.item()):
            divergence = _line_divergence(epoch, loss.item(), lr, xs, bias)
            break
        losses.append(loss.item())
        printed.append(_epoch_line(epoch, w, b, loss))
        if optimizer is not None:
            optimizer.step()
        else:
            with no_grad():
                for p in params:
                    p -= lr * p.grad
                    p.grad.zero_()
        ws.append(w.item())
        bs.append(b.item() if b is not None else 0.0)
        if max(abs(ws[-1]), abs(bs[-1])) > RUNAWAY:
            divergence = _line_divergence(epoch + 1, ws[-1], lr, xs, bias)
            break
    return LineFit(
        method,
        lr,
        epochs,
        bias,
        np.array(ws),
        np.array(bs),
        np.array(losses),
        tuple(printed),
        line_code(method, lr, epochs, bias, _data_code(xs, ys)),
        divergence,
    )


def regression_intro(bias: bool, points: int) -> str:
    """The page's opening line for the data it fits (markdown)."""
    if bias:
        what = f"fits **y = w·x + b** to {points} noisy points around y = 2x + 1"
    else:
        what = "The tutorials fit **y = w·x** to three points"
        return (
            f"{what}. Written by hand, the update is `w -= lr * w.grad` inside "
            "`torch.no_grad()`, then `w.grad.zero_()`; `torch.optim.SGD` does exactly the same "
            "with `step()` and `zero_grad()`."
        )
    return (
        f"The same loop {what}: a second parameter, the bias b, is updated beside w. "
        "`torch.optim.SGD([w, b], ...)` does exactly what the hand-written update does."
    )


def compare_loops(manual: LineFit, optimizer: LineFit) -> tuple[bool, str]:
    """(same, sentence): do the hand-written loop and torch.optim's print the same numbers, and
    if not, where they part and how far apart they end."""
    if manual.printed == optimizer.printed and manual.divergence == optimizer.divergence:
        return True, "Both loops print the same numbers, to the last digit."
    differ = [e for e, (a, b) in enumerate(zip(manual.printed, optimizer.printed)) if a != b]
    where = (
        f"Their printed numbers differ in the last digits at {len(differ)} of "
        f"{min(len(manual.printed), len(optimizer.printed))} epochs (first at epoch {differ[0]})"
        if differ
        else "They print a different number of epochs"
    )
    gap = max(abs(manual.ws[-1] - optimizer.ws[-1]), abs(manual.bs[-1] - optimizer.bs[-1]))
    end = "and end at exactly the same values" if gap == 0 else f"and end {gap:.2g} apart"
    return False, (
        f"{where} {end}: float32 rounds `w - lr * w.grad` (by hand) and SGD's "
        "`w.add_(w.grad, alpha=-lr)` a little differently."
    )


def _data_code(xs: np.ndarray, ys: np.ndarray) -> str:
    if xs.tolist() == list(SEED_X) and ys.tolist() == list(SEED_Y):
        return _SEED_DATA_CODE
    return _NOISY_DATA_CODE.format(n=len(xs))


def _epoch_line(epoch: int, w: Any, b: Any, loss: Any) -> str:
    """The tutorials' print: f"Epoch {epoch}: w = {w.item()}, loss = {loss.item()}"."""
    if b is None:
        return f"Epoch {epoch}: w = {w.item()}, loss = {loss.item()}"
    return f"Epoch {epoch}: w = {w.item()}, b = {b.item()}, loss = {loss.item()}"


def curvature_of_mse(xs: np.ndarray, bias: bool) -> float:
    """The largest eigenvalue of the Hessian of mean((w·x + b − y)²): 2·mean(x²) without b."""
    if not bias:
        return float(2 * np.mean(xs**2))
    hessian = 2 * np.array([[np.mean(xs**2), np.mean(xs)], [np.mean(xs), 1.0]])
    return float(np.linalg.eigvalsh(hessian)[-1])


def _line_divergence(epoch: int, value: float, lr: float, xs: np.ndarray, bias: bool) -> str:
    c = curvature_of_mse(xs, bias)
    what = (
        f"the loss became {value} at epoch {epoch}"
        if not math.isfinite(value)
        else f"w reached {value:.3g} at epoch {epoch}"
    )
    if lr * c > 2:
        return (
            f"Stopped: {what}. The learning rate is too large for this curvature: lr × curvature "
            f"= {lr:g} × {c:.3g} = {lr * c:.3g} > 2, so every update overshoots the best line by "
            f"more than it corrects. Try lr below {2 / c:.3g}."
        )
    return f"Stopped: {what}. Try a smaller learning rate."


def noisy_line(
    n: int = 40, slope: float = 2.0, intercept: float = 1.0, noise: float = 1.0, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """n points x in [0, 3], y = slope·x + intercept + Gaussian noise (std `noise`), as float32."""
    n = check_whole(n, "The number of points", 2, MAX_LINE_POINTS)
    seed = check_whole(seed, "The seed", 0, 2**32 - 1)
    for value, what, bound in (
        (slope, "slope", 100),
        (intercept, "intercept", 100),
        (noise, "noise", 10),
    ):
        if not isinstance(value, int | float) or not math.isfinite(value) or abs(value) > bound:
            raise TrainingError(f"The {what} must be a number between −{bound} and {bound}.")
    if noise < 0:
        raise TrainingError("The noise must be 0 or more.")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0, 3, n))
    y = slope * x + intercept + rng.normal(0, noise, n)
    return x.astype(np.float32), y.astype(np.float32)


_SEED_DATA_CODE = "x = torch.tensor([1.0, 2.0, 3.0])\ny_true = torch.tensor([2.0, 4.0, 6.0])"
_NOISY_DATA_CODE = "x, y_true = ...  # the {n} noisy points of the chart below, as float32 tensors"


def _points(x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    xs = np.asarray(x, dtype=np.float64).ravel()
    ys = np.asarray(y, dtype=np.float64).ravel()
    if xs.shape != ys.shape or not 1 <= xs.size <= MAX_LINE_POINTS:
        raise TrainingError(f"x and y need the same number of points (1 to {MAX_LINE_POINTS}).")
    if not (np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))):
        raise TrainingError("x and y must be finite numbers.")
    return xs.astype(np.float32), ys.astype(np.float32)


def line_code(method: str, lr: float, epochs: int, bias: bool, data: str = "") -> str:
    """The loop as the page shows it (the tutorials' cell, with b where there is one). `data`: the
    lines that make x and y_true (the tutorials' tensors by default)."""
    pred = "w * x + b" if bias else "w * x"
    out = "w = {w.item()}, b = {b.item()}" if bias else "w = {w.item()}"
    setup = (data or _SEED_DATA_CODE).splitlines()
    setup += ["", "w = torch.tensor(0.0, requires_grad=True)"]
    if bias:
        setup.append("b = torch.tensor(0.0, requires_grad=True)")
    params = "[w, b]" if bias else "[w]"
    report = f'    print(f"Epoch {{epoch}}: {out}, loss = {{loss.item()}}")'
    if method == "manual":
        update = [
            "    # Update",
            "    with torch.no_grad():",
            f"        w -= {lr:g} * w.grad",
            "        w.grad.zero_()",
        ]
        if bias:
            update += [f"        b -= {lr:g} * b.grad", "        b.grad.zero_()"]
        body = [
            f"    y_pred = {pred}",
            "    loss = ((y_pred - y_true) ** 2).mean()",
            "",
            "    loss.backward()",
            report,
            "",
            *update,
        ]
        return "\n".join([*setup, "", f"for epoch in range({epochs}):", *body])
    body = [
        "    optimizer.zero_grad()",
        f"    y_pred = {pred}",
        "    loss = ((y_pred - y_true) ** 2).mean()",
        "    loss.backward()",
        report,
        "    optimizer.step()",
    ]
    return "\n".join(
        [
            *setup,
            f"optimizer = torch.optim.SGD({params}, lr={lr:g})",
            "",
            f"for epoch in range({epochs}):",
            *body,
        ]
    )


# --- classification ---------------------------------------------------------------------------

ACTIVATIONS: dict[str, type] = {
    "ReLU": nn.ReLU,
    "Tanh": nn.Tanh,
    "Sigmoid": nn.Sigmoid,
    "LeakyReLU": nn.LeakyReLU,
}
OPTIMIZERS: dict[str, tuple[type, dict[str, Any]]] = {
    "SGD": (optim.SGD, {}),
    "Momentum": (optim.SGD, {"momentum": 0.9}),
    "Adam": (optim.Adam, {}),
    "AdamW": (optim.AdamW, {}),
    "RMSprop": (optim.RMSprop, {}),
    "Adagrad": (optim.Adagrad, {}),
}


@dataclass(frozen=True)
class MLPConfig:
    """What the learner chooses. batch_size 0 means the whole dataset in every step."""

    hidden_layers: int = 2
    width: int = 32
    activation: str = "ReLU"
    optimizer: str = "Adam"
    lr: float = 0.01
    epochs: int = 200
    batch_size: int = 0
    seed: int = 0

    def checked(self, n_points: int) -> MLPConfig:
        """This config with every value checked (TrainingError with what is allowed)."""
        layers = check_whole(self.hidden_layers, "The number of hidden layers", 1, MAX_LAYERS)
        width = check_whole(self.width, "The width", 1, MAX_WIDTH)
        if self.activation not in ACTIVATIONS:
            raise TrainingError(f"Unknown activation {str(self.activation)[:40]!r}.")
        if self.optimizer not in OPTIMIZERS:
            raise TrainingError(f"Unknown optimizer {str(self.optimizer)[:40]!r}.")
        epochs = check_whole(self.epochs, "The number of epochs", 1, MAX_EPOCHS)
        batch = check_whole(self.batch_size, "The batch size", 0, 100_000)
        batch = n_points if batch == 0 else min(batch, n_points)
        updates = epochs * math.ceil(n_points / batch)
        if updates > MAX_UPDATES:
            raise TrainingError(
                f"{epochs} epochs of batches of {batch} make {updates:,} optimizer steps; the "
                f"limit here is {MAX_UPDATES:,}.",
                "Use fewer epochs or bigger batches.",
            )
        seed = check_whole(self.seed, "The seed", 0, 2**32 - 1)
        return MLPConfig(
            layers, width, self.activation, self.optimizer, check_lr(self.lr), epochs, batch, seed
        )


def build_mlp(
    hidden_layers: int, width: int, activation: str, *, inputs: int = 2, classes: int = 2
) -> nn.Sequential:
    """Linear(inputs, width), activation, ... , Linear(width, classes): logits for each class.

    >>> build_mlp(2, 32, "ReLU")
    Sequential(
      (0): Linear(in_features=2, out_features=32, bias=True)
      (1): ReLU()
      (2): Linear(in_features=32, out_features=32, bias=True)
      (3): ReLU()
      (4): Linear(in_features=32, out_features=2, bias=True)
    )
    """
    layers: list[nn.Module] = []
    size = inputs
    for _ in range(hidden_layers):
        layers += [nn.Linear(size, width), ACTIVATIONS[activation]()]
        size = width
    layers.append(nn.Linear(size, classes))
    return nn.Sequential(*layers)


@dataclass(frozen=True)
class Snapshot:
    """The model after `epoch` epochs (0: untrained): P(class 1) on the grid, and its accuracy."""

    epoch: int
    probs: np.ndarray  # (grid, grid) float32, rows along y
    accuracy: float


@dataclass(frozen=True)
class ClassifierRun:
    config: MLPConfig
    model_text: str
    losses: np.ndarray  # per finished epoch: mean loss over its batches
    accuracies: np.ndarray  # per finished epoch: fraction right, from each batch's logits
    snapshots: tuple[Snapshot, ...]
    grid_x: np.ndarray
    grid_y: np.ndarray
    final_accuracy: float
    updates: int
    seconds: float
    stopped: str | None = None  # why training ended early (divergence, time limit)
    parameters: int = field(default=0)


def snapshot_epochs(epochs: int, count: int) -> list[int]:
    """Epochs at which to draw the boundary: 0 and `epochs` and evenly between, `count` at most."""
    count = max(2, min(count, epochs + 1))
    return sorted({round(v) for v in np.linspace(0, epochs, count)})


def batch_order(n: int, batch_size: int, epoch: int, seed: int) -> list[np.ndarray]:
    """The mini-batches of one epoch: a fresh permutation per (seed, epoch), cut into batches.
    A full batch is the points in their given order (what PyTorch's full-batch loop sees)."""
    if batch_size >= n:
        return [np.arange(n)]
    order = np.random.default_rng([seed, epoch]).permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def train_classifier(
    data: Any,
    config: MLPConfig,
    *,
    snapshots: int = 30,
    grid: int = 50,
    progress: Callable[[int, int], None] | None = None,
    time_limit: float = TIME_LIMIT,
) -> ClassifierRun:
    """Build the MLP of `config` (weights seeded by config.seed) and train it on `data`."""
    config = config.checked(len(data.y))
    model = contextvars.copy_context().run(_seeded_model, config)
    return fit(
        model,
        data.X,
        data.y,
        config,
        snapshots=snapshots,
        grid=grid,
        progress=progress,
        time_limit=time_limit,
    )


def _seeded_model(config: MLPConfig) -> nn.Sequential:
    """The initial weights, seeded. Runs in a copied context with a generator of its own (as
    lang.run_snippet does): manual_seed mutates the generator object, which a copied context
    would otherwise share with the caller's session."""
    _generator.set(None)
    manual_seed(config.seed)
    return build_mlp(config.hidden_layers, config.width, config.activation)


def fit(
    model: nn.Module,
    X: np.ndarray,
    y: np.ndarray,
    config: MLPConfig,
    *,
    snapshots: int = 30,
    grid: int = 50,
    progress: Callable[[int, int], None] | None = None,
    time_limit: float = TIME_LIMIT,
) -> ClassifierRun:
    """Train `model` on (X, y) with cross-entropy: for each batch zero_grad, forward, backward,
    step. Records loss and accuracy per epoch and the boundary at `snapshots` epochs."""
    config = config.checked(len(y))
    started = time.monotonic()
    gx, gy, points = _grid(X, int(min(max(grid, 10), 120)))
    look = _Looker(model, points, gx.size, tensor(X), y)
    history = _History(shots=[look.at(0)])
    # A learning rate too large overflows: caught as a non-finite loss and explained, so NumPy
    # need not warn on the server log.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        _train(model, look.inputs, y, config, history, look, snapshots, progress, time_limit)
        if history.shots[-1].epoch != len(history.losses):
            last = look.at(len(history.losses))
            if np.all(np.isfinite(last.probs)):
                history.shots.append(last)
        # After a blow-up the weights are nan: report the last model that still worked.
        final = history.shots[-1].accuracy
    return ClassifierRun(
        config,
        repr(model),
        np.array(history.losses),
        np.array(history.accuracies),
        tuple(history.shots),
        gx,
        gy,
        final,
        history.updates,
        time.monotonic() - started,
        history.stopped,
        sum(p.numel() for p in model.parameters()),
    )


@dataclass
class _History:
    shots: list[Snapshot]
    losses: list[float] = field(default_factory=list)
    accuracies: list[float] = field(default_factory=list)
    updates: int = 0
    stopped: str | None = None


@dataclass
class _Looker:
    """Takes snapshots of the model: P(class 1) on the grid and accuracy on the data."""

    model: nn.Module
    points: Any
    size: int
    inputs: Any
    y: np.ndarray

    def at(self, epoch: int) -> Snapshot:
        with no_grad():
            probs = self.model(self.points).softmax(dim=1)[:, 1].numpy()
            accuracy = float((self.model(self.inputs).numpy().argmax(1) == self.y).mean())
        return Snapshot(epoch, probs.reshape(self.size, self.size).astype(np.float32), accuracy)


def _blew_up(what: str, config: MLPConfig) -> str:
    return (
        f"Stopped: {what}. The learning rate {config.lr:g} is too large for this network: each "
        "step overshoots and the numbers blow up. Try one ten times smaller."
    )


def _train(
    model: nn.Module,
    inputs: Any,
    y: np.ndarray,
    config: MLPConfig,
    history: _History,
    look: _Looker,
    snapshots: int,
    progress: Callable[[int, int], None] | None,
    time_limit: float,
) -> None:
    """The epochs: for each batch zero_grad, forward, backward, step, as the tutorials teach."""
    started = time.thread_time()  # this run's own processor time, not the other sessions'
    cls, extra = OPTIMIZERS[config.optimizer]
    optimizer = cls(model.parameters(), lr=config.lr, **extra)
    loss_fn = nn.CrossEntropyLoss()
    targets = tensor(y)
    n = len(y)
    when = set(snapshot_epochs(config.epochs, min(snapshots, MAX_SNAPSHOTS)))
    report_every = max(1, config.epochs // 100)
    for epoch in range(1, config.epochs + 1):
        total, correct = 0.0, 0
        for rows in batch_order(n, config.batch_size, epoch, config.seed):
            xb, yb = (inputs, targets) if len(rows) == n else (inputs[rows], targets[rows])
            optimizer.zero_grad()
            logits = model(xb)
            loss = loss_fn(logits, yb)
            loss.backward()
            optimizer.step()
            history.updates += 1
            total += loss.item() * len(rows)
            correct += int((logits.detach().numpy().argmax(1) == y[rows]).sum())
        history.losses.append(total / n)
        history.accuracies.append(correct / n)
        if not math.isfinite(history.losses[-1]):
            what = f"the loss became {history.losses[-1]} at epoch {epoch}"
            history.stopped = _blew_up(what, config)
            return
        if epoch in when:
            shot = look.at(epoch)
            if not np.all(np.isfinite(shot.probs)):  # this epoch's last step broke the weights
                history.stopped = _blew_up(f"the weights became nan after epoch {epoch}", config)
                return
            history.shots.append(shot)
        if progress is not None and (epoch % report_every == 0 or epoch == config.epochs):
            progress(epoch, config.epochs)
        if time.thread_time() - started > time_limit and epoch < config.epochs:
            history.stopped = (
                f"Stopped after {epoch} of {config.epochs} epochs: one run may train for "
                f"{time_limit:g} seconds of processor time here."
            )
            return


def _grid(X: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray, Any]:
    """A size × size grid around the data (15% margin), as an (size², 2) input tensor."""
    low, high = X.min(0), X.max(0)
    pad = 0.15 * (high - low) + 1e-3
    gx = linspace(float(low[0] - pad[0]), float(high[0] + pad[0]), size)
    gy = linspace(float(low[1] - pad[1]), float(high[1] + pad[1]), size)
    xx = gx.reshape(1, size).expand(size, size).reshape(-1)
    yy = gy.reshape(size, 1).expand(size, size).reshape(-1)
    return gx.numpy().astype(np.float64), gy.numpy().astype(np.float64), stack([xx, yy], dim=1)


# --- checks shared by both -------------------------------------------------------------------


def check_lr(lr: Any) -> float:
    value = real_number(lr)
    if value is None:
        raise TrainingError(f"The learning rate must be a number, not {str(lr)[:40]!r}.")
    if not math.isfinite(value) or not 0 < value <= MAX_LR:
        raise TrainingError(f"The learning rate must be above 0 and at most {MAX_LR:g}.")
    return value


def check_whole(value: Any, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TrainingError(f"{what} must be a whole number, not {str(value)[:40]!r}.")
    if not math.isfinite(value) or value != int(value) or not low <= value <= high:
        raise TrainingError(f"{what} must be a whole number from {low:,} to {high:,}.")
    return int(value)


def classifier_code(config: MLPConfig) -> str:
    """The training loop for `config`, as PyTorch code."""
    layers, size = [], 2
    for _ in range(config.hidden_layers):
        layers.append(f"    nn.Linear({size}, {config.width}), nn.{config.activation}(),")
        size = config.width
    layers.append(f"    nn.Linear({size}, 2),")
    cls, extra = OPTIMIZERS[config.optimizer]
    options = "".join(f", {k}={v}" for k, v in extra.items())
    if config.batch_size == 0:
        batches = ["    xb, yb = X, y  # every point, every step (full batch)"]
    else:
        batches = [
            "    order = torch.randperm(len(y))",
            f"    for i in range(0, len(y), {config.batch_size}):",
            f"        xb, yb = X[order[i:i + {config.batch_size}]], y[order[i:i + "
            f"{config.batch_size}]]",
        ]
    indent = "    " if config.batch_size == 0 else "        "
    step = [
        f"{indent}optimizer.zero_grad()",
        f"{indent}loss = loss_fn(model(xb), yb)",
        f"{indent}loss.backward()",
        f"{indent}optimizer.step()",
    ]
    return "\n".join(
        [
            "import torch",
            "from torch import nn",
            "",
            "model = nn.Sequential(",
            *layers,
            ")",
            f"optimizer = torch.optim.{cls.__name__}(model.parameters(), "
            f"lr={config.lr:g}{options})",
            "loss_fn = nn.CrossEntropyLoss()  # X: (n, 2) float32, y: (n,) class indices",
            "",
            f"for epoch in range({config.epochs}):",
            *batches,
            *step,
        ]
    )

"""Widgets of the Training page. Every key starts with `tr_`; the last trained classifier (and
the data it was trained on) stays in st.session_state until the learner trains again."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import streamlit as st

from autograd_core.playground.catalogue.datasets import (
    DATASETS,
    DESCRIPTIONS,
    MAX_NOISE,
    MAX_POINTS,
    MIN_POINTS,
)
from autograd_core.playground.training import (
    ACTIVATIONS,
    MAX_EPOCHS,
    MAX_LAYERS,
    MAX_LINE_POINTS,
    MAX_LR,
    OPTIMIZERS,
    SEED_EPOCHS,
    SEED_LR,
    MLPConfig,
)
from ui.shell import LastGood

SEEDS_DATA, NOISY_DATA = "seeds", "noisy"
LAST_RUN = LastGood("tr_run")  # (data, result) of the last training, made with its settings
WIDTHS = [2, 4, 8, 16, 32, 64, 128]
BATCHES = [0, 8, 16, 32, 64, 128, 256]
DEFAULT_LR = {
    "SGD": 0.1,
    "Momentum": 0.05,
    "Adam": 0.01,
    "AdamW": 0.01,
    "RMSprop": 0.005,
    "Adagrad": 0.1,
}


# --- linear regression ------------------------------------------------------------------------


@dataclass(frozen=True)
class LineSettings:
    data: str
    points: int
    noise: float
    seed: int
    lr: float
    epochs: int


def _on_line_data_change() -> None:
    """The tutorials' example runs the tutorials' lr and epochs; noisy data needs more epochs."""
    if st.session_state["tr_line_data"] == SEEDS_DATA:
        st.session_state["tr_line_lr"], st.session_state["tr_line_epochs"] = SEED_LR, SEED_EPOCHS
    else:
        st.session_state["tr_line_lr"], st.session_state["tr_line_epochs"] = 0.05, 150


def line_settings() -> LineSettings:
    st.session_state.setdefault("tr_line_data", SEEDS_DATA)
    st.session_state.setdefault("tr_line_lr", SEED_LR)
    st.session_state.setdefault("tr_line_epochs", SEED_EPOCHS)
    data = st.radio(
        "Data",
        [SEEDS_DATA, NOISY_DATA],
        format_func={
            SEEDS_DATA: "the tutorials' example: x = [1, 2, 3], y = [2, 4, 6]",
            NOISY_DATA: "noisy points around y = 2x + 1 (fit w and a bias b)",
        }.__getitem__,
        key="tr_line_data",
        horizontal=True,
        on_change=_on_line_data_change,
    )
    cols = st.columns(5)
    lr = cols[0].number_input(
        "learning rate", min_value=0.0, max_value=MAX_LR, step=0.01, format="%g", key="tr_line_lr"
    )
    epochs = cols[1].number_input(
        "epochs", min_value=1, max_value=MAX_EPOCHS, step=10, key="tr_line_epochs"
    )
    points, noise, seed = 40, 1.0, 0
    if data == NOISY_DATA:
        points = cols[2].number_input(
            "points", min_value=2, max_value=MAX_LINE_POINTS, value=40, step=10, key="tr_line_n"
        )
        noise = cols[3].number_input(
            "noise (std)",
            min_value=0.0,
            max_value=10.0,
            value=1.0,
            step=0.1,
            format="%g",
            key="tr_line_noise",
        )
        seed = cols[4].number_input(
            "seed", min_value=0, max_value=2**31 - 1, value=0, step=1, key="tr_line_seed"
        )
    return LineSettings(data, points, noise, seed, lr, epochs)


# --- classification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DataSettings:
    name: str
    points: int
    noise: float
    seed: int


def _on_optimizer_change() -> None:
    st.session_state["tr_lr"] = DEFAULT_LR[st.session_state["tr_optimizer"]]


def data_settings() -> DataSettings:
    name = st.selectbox(
        "Dataset",
        list(DATASETS),
        format_func=lambda k: f"{k}: {DESCRIPTIONS[k]}",
        key="tr_dataset",
    )
    left, right = st.columns(2)
    points = left.slider("points", MIN_POINTS, MAX_POINTS, 300, step=10, key="tr_points")
    noise = right.slider("noise", 0.0, MAX_NOISE, 0.1, step=0.01, key="tr_noise")
    seed = st.number_input("data seed", min_value=0, max_value=2**31 - 1, value=0, key="tr_seed")
    return DataSettings(name, points, noise, seed)


def model_settings() -> MLPConfig:
    st.session_state.setdefault("tr_optimizer", "Adam")
    st.session_state.setdefault("tr_lr", DEFAULT_LR["Adam"])
    layers = st.slider("hidden layers", 1, MAX_LAYERS, 2, key="tr_layers")
    width = st.select_slider("neurons per layer", WIDTHS, value=32, key="tr_width")
    activation = st.selectbox("activation", list(ACTIVATIONS), key="tr_activation")
    left, right = st.columns(2)
    optimizer = left.selectbox(
        "optimizer", list(OPTIMIZERS), key="tr_optimizer", on_change=_on_optimizer_change
    )
    lr = right.number_input(
        "learning rate", min_value=0.0, max_value=MAX_LR, step=0.001, format="%g", key="tr_lr"
    )
    epochs = st.slider("epochs", 1, MAX_EPOCHS, 200, step=1, key="tr_epochs")
    batch = st.select_slider(
        "batch size",
        BATCHES,
        value=0,
        format_func=lambda b: "all points" if b == 0 else str(b),
        key="tr_batch",
        help="How many points each optimizer step looks at. 'all points' is full-batch "
        "gradient descent; smaller batches take more, noisier steps per epoch.",
    )
    return MLPConfig(layers, width, activation, optimizer, lr, epochs, batch, 0)


def progress_reporter() -> Any:
    """A progress bar and a callback for training.fit (epoch, epochs)."""
    bar = st.progress(0.0, text="Training…")

    def report(epoch: int, epochs: int) -> None:
        bar.progress(min(1.0, epoch / epochs), text=f"Training… epoch {epoch} of {epochs}")

    return bar, report


def percent(value: float) -> str:
    return f"{100 * value:.1f}%" if math.isfinite(value) else "—"

"""Anomaly detection, as PyTorch's torch.autograd.detect_anomaly / set_detect_anomaly.

With it on, the backward pass checks every gradient a node returns and stops at the first NaN
with PyTorch's words ("Function 'SqrtBackward0' returned nan values in its 0th output."), which
names the operation whose derivative made it: the question "why is my loss nan" answered. (PyTorch
also prints the forward call's traceback as a warning; our errors already point at the line.)
"""

from __future__ import annotations

from ..grad_mode import _anomaly  # (enabled, check_nan), per thread like the grad modes


def is_anomaly_enabled() -> bool:
    return _anomaly.get()[0]


def is_anomaly_check_nan_enabled() -> bool:
    return _anomaly.get()[1]


class set_detect_anomaly:
    """Switch anomaly detection on or off: a call (`set_detect_anomaly(True)`) or a `with`."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self._previous = _anomaly.get()
        _anomaly.set((bool(mode), bool(check_nan)))

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc: object) -> None:
        _anomaly.set(self._previous)


class detect_anomaly(set_detect_anomaly):
    def __init__(self, check_nan: bool = True) -> None:
        super().__init__(True, check_nan)

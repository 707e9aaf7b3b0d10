"""Anomaly detection switches, so code written for PyTorch runs unchanged.

PyTorch's error hint names `torch.autograd.set_detect_anomaly(True)`. Our errors already say
which operation and tensor are involved, so these only record the setting.
"""

from __future__ import annotations

from contextvars import ContextVar

_anomaly: ContextVar[bool] = ContextVar("autograd_core_detect_anomaly", default=False)


def is_anomaly_enabled() -> bool:
    return _anomaly.get()


class set_detect_anomaly:
    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self._previous = _anomaly.get()
        _anomaly.set(bool(mode))

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc: object) -> None:
        _anomaly.set(self._previous)


class detect_anomaly(set_detect_anomaly):
    def __init__(self, check_nan: bool = True) -> None:
        super().__init__(True, check_nan)

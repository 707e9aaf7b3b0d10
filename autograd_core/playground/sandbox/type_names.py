"""What `type(x)` is called in PyTorch, for the allow-listed classes: `print(type(net[2].bias))`
shows `<class 'torch.nn.parameter.Parameter'>` there, so it does here too, although the engine's
classes live elsewhere (autograd_core.nn...). Recorded from PyTorch 2.13: only the names whose
path differs from the allow-list's (`torch.nn.Linear` is torch.nn.modules.linear.Linear).
"""

from __future__ import annotations

from functools import cache
from typing import Any

PYTORCH_PATHS = {
    "torch.Generator": "torch._C.Generator",
    "torch.enable_grad": "torch.autograd.grad_mode.enable_grad",
    "torch.inference_mode": "torch.autograd.grad_mode.inference_mode",
    "torch.no_grad": "torch.autograd.grad_mode.no_grad",
    "torch.set_grad_enabled": "torch.autograd.grad_mode.set_grad_enabled",
    "torch.nn.AvgPool2d": "torch.nn.modules.pooling.AvgPool2d",
    "torch.nn.BCELoss": "torch.nn.modules.loss.BCELoss",
    "torch.nn.BCEWithLogitsLoss": "torch.nn.modules.loss.BCEWithLogitsLoss",
    "torch.nn.CELU": "torch.nn.modules.activation.CELU",
    "torch.nn.Conv2d": "torch.nn.modules.conv.Conv2d",
    "torch.nn.CrossEntropyLoss": "torch.nn.modules.loss.CrossEntropyLoss",
    "torch.nn.Dropout": "torch.nn.modules.dropout.Dropout",
    "torch.nn.Embedding": "torch.nn.modules.sparse.Embedding",
    "torch.nn.Flatten": "torch.nn.modules.flatten.Flatten",
    "torch.nn.GLU": "torch.nn.modules.activation.GLU",
    "torch.nn.Hardswish": "torch.nn.modules.activation.Hardswish",
    "torch.nn.HuberLoss": "torch.nn.modules.loss.HuberLoss",
    "torch.nn.Identity": "torch.nn.modules.linear.Identity",
    "torch.nn.KLDivLoss": "torch.nn.modules.loss.KLDivLoss",
    "torch.nn.L1Loss": "torch.nn.modules.loss.L1Loss",
    "torch.nn.LayerNorm": "torch.nn.modules.normalization.LayerNorm",
    "torch.nn.LazyLinear": "torch.nn.modules.linear.LazyLinear",
    "torch.nn.LeakyReLU": "torch.nn.modules.activation.LeakyReLU",
    "torch.nn.Linear": "torch.nn.modules.linear.Linear",
    "torch.nn.LogSigmoid": "torch.nn.modules.activation.LogSigmoid",
    "torch.nn.LogSoftmax": "torch.nn.modules.activation.LogSoftmax",
    "torch.nn.MSELoss": "torch.nn.modules.loss.MSELoss",
    "torch.nn.MaxPool2d": "torch.nn.modules.pooling.MaxPool2d",
    "torch.nn.Module": "torch.nn.modules.module.Module",
    "torch.nn.ModuleList": "torch.nn.modules.container.ModuleList",
    "torch.nn.NLLLoss": "torch.nn.modules.loss.NLLLoss",
    "torch.nn.Parameter": "torch.nn.parameter.Parameter",
    "torch.nn.UninitializedParameter": "torch.nn.parameter.UninitializedParameter",
    "torch.nn.ReLU": "torch.nn.modules.activation.ReLU",
    "torch.nn.SELU": "torch.nn.modules.activation.SELU",
    "torch.nn.Sequential": "torch.nn.modules.container.Sequential",
    "torch.nn.Sigmoid": "torch.nn.modules.activation.Sigmoid",
    "torch.nn.SmoothL1Loss": "torch.nn.modules.loss.SmoothL1Loss",
    "torch.nn.Softmax": "torch.nn.modules.activation.Softmax",
    "torch.nn.Softplus": "torch.nn.modules.activation.Softplus",
    "torch.nn.Softsign": "torch.nn.modules.activation.Softsign",
    "torch.nn.Tanh": "torch.nn.modules.activation.Tanh",
    "torch.nn.Tanhshrink": "torch.nn.modules.activation.Tanhshrink",
    "torch.optim.Adagrad": "torch.optim.adagrad.Adagrad",
    "torch.optim.Adam": "torch.optim.adam.Adam",
    "torch.optim.AdamW": "torch.optim.adamw.AdamW",
    "torch.optim.Optimizer": "torch.optim.optimizer.Optimizer",
    "torch.optim.RMSprop": "torch.optim.rmsprop.RMSprop",
    "torch.optim.Adadelta": "torch.optim.adadelta.Adadelta",
    "torch.optim.SGD": "torch.optim.sgd.SGD",
    "torch.autograd.Function": "torch.autograd.function.Function",
    "torch.autograd.detect_anomaly": "torch.autograd.anomaly_mode.detect_anomaly",
    "torch.autograd.enable_grad": "torch.autograd.grad_mode.enable_grad",
    "torch.autograd.inference_mode": "torch.autograd.grad_mode.inference_mode",
    "torch.autograd.no_grad": "torch.autograd.grad_mode.no_grad",
    "torch.autograd.set_detect_anomaly": "torch.autograd.anomaly_mode.set_detect_anomaly",
    "torch.autograd.set_grad_enabled": "torch.autograd.grad_mode.set_grad_enabled",
    "torch.utils.data.DataLoader": "torch.utils.data.dataloader.DataLoader",
    "torch.utils.data.Dataset": "torch.utils.data.dataset.Dataset",
    "torch.utils.data.Subset": "torch.utils.data.dataset.Subset",
    "torch.utils.data.TensorDataset": "torch.utils.data.dataset.TensorDataset",
    "torch.utils.data.BatchSampler": "torch.utils.data.sampler.BatchSampler",
    "torch.utils.data.RandomSampler": "torch.utils.data.sampler.RandomSampler",
    "torch.utils.data.Sampler": "torch.utils.data.sampler.Sampler",
    "torch.utils.data.SequentialSampler": "torch.utils.data.sampler.SequentialSampler",
    "torch.utils.data.SubsetRandomSampler": "torch.utils.data.sampler.SubsetRandomSampler",
}


@cache
def _allowed_classes() -> dict[type, str]:
    """Each allow-listed engine class -> its name in PyTorch."""
    from .allowlist import NAMESPACES, namespace_member

    found: dict[type, str] = {}
    for path, names in NAMESPACES.items():
        for name, kind in names.items():
            if kind != "class":
                continue
            try:
                _, real = namespace_member(path, name)
            except (ImportError, AttributeError):
                continue
            full = f"{path}.{name}"
            found.setdefault(real, PYTORCH_PATHS.get(full, full))
    return found


def type_path(cls: Any) -> str:
    """The dotted name Python prints for `cls` (`float`, `torch.nn.modules.linear.Linear`)."""
    if cls.__module__ == "builtins":
        return cls.__qualname__
    known = _allowed_classes().get(cls)
    if known is not None:
        return known
    module = cls.__module__.replace("autograd_core", "torch", 1)
    return f"{module}.{cls.__qualname__}"

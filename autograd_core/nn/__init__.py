"""torch.nn: Parameter, Module, the layers and losses, `functional` and `init`.

import autograd_core as torch
from autograd_core import nn

model = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 2))
loss = nn.CrossEntropyLoss()(model(torch.randn(8, 2)), torch.randint(0, 2, (8,)))
loss.backward()
"""

from . import functional, init, module, modules, utils
from .convolution import AvgPool2d, Conv2d, MaxPool2d
from .layers import (
    CELU,
    GLU,
    SELU,
    BatchNorm1d,
    BatchNorm2d,
    Embedding,
    Hardswish,
    HuberLoss,
    KLDivLoss,
    LayerNorm,
    LogSigmoid,
    SmoothL1Loss,
    Softsign,
    Tanhshrink,
)
from .lazy import LazyLinear
from .module import Module
from .modules import (
    ELU,
    GELU,
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    Dropout,
    Flatten,
    Hardtanh,
    Identity,
    L1Loss,
    LeakyReLU,
    Linear,
    LogSoftmax,
    Mish,
    ModuleList,
    MSELoss,
    NLLLoss,
    ReLU,
    ReLU6,
    Sequential,
    Sigmoid,
    SiLU,
    Softmax,
    Softplus,
    Tanh,
)
from .parameter import Parameter, UninitializedParameter

__all__ = [
    "CELU",
    "ELU",
    "GELU",
    "GLU",
    "SELU",
    "AvgPool2d",
    "BCELoss",
    "BCEWithLogitsLoss",
    "BatchNorm1d",
    "BatchNorm2d",
    "Conv2d",
    "CrossEntropyLoss",
    "Dropout",
    "Embedding",
    "Flatten",
    "Hardswish",
    "Hardtanh",
    "HuberLoss",
    "Identity",
    "KLDivLoss",
    "L1Loss",
    "LayerNorm",
    "LazyLinear",
    "LeakyReLU",
    "Linear",
    "LogSigmoid",
    "LogSoftmax",
    "MSELoss",
    "MaxPool2d",
    "Mish",
    "Module",
    "ModuleList",
    "NLLLoss",
    "Parameter",
    "ReLU",
    "ReLU6",
    "Sequential",
    "SiLU",
    "Sigmoid",
    "SmoothL1Loss",
    "Softmax",
    "Softplus",
    "Softsign",
    "Tanh",
    "Tanhshrink",
    "UninitializedParameter",
    "functional",
    "init",
    "utils",
]

# PyTorch's layers live in the package torch.nn.modules, its Module in torch.nn.modules.module:
# code reaches the process-wide hooks as torch.nn.modules.module.register_module_forward_hook.
modules.module = module

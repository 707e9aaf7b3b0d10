"""torch.optim: optimizers that update parameters from their .grad, and lr schedules.

import autograd_core as torch

x = torch.zeros(1, requires_grad=True)
optimizer = torch.optim.Adam([x], lr=0.1)
for _ in range(100):
    optimizer.zero_grad()
    loss = ((x - 3) ** 2).sum()
    loss.backward()
    optimizer.step()
"""

from . import lr_scheduler
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam
from .adamw import AdamW
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["SGD", "Adadelta", "Adagrad", "Adam", "AdamW", "Optimizer", "RMSprop", "lr_scheduler"]

"""A scheduler's state_dict() holds what PyTorch 2.13's holds, in its order (recorded there):
the docs print it, and tutorials save it next to the optimizer's."""

from __future__ import annotations

import autograd_core as torch
from autograd_core import optim


def test_state_dicts_after_one_step_are_pytorchs() -> None:
    w = torch.zeros(2, requires_grad=True)
    opt = optim.SGD([w], lr=0.1)
    step = optim.lr_scheduler.StepLR(opt, step_size=2)
    opt.step()
    step.step()
    assert str(step.state_dict()) == (
        "{'step_size': 2, 'gamma': 0.1, 'base_lrs': [0.1], 'last_epoch': 1, '_step_count': 2, "
        "'_is_initial': False, '_get_lr_called_within_step': False, '_last_lr': [0.1]}"
    )
    exponential = optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
    opt.step()
    exponential.step()
    assert str(exponential.state_dict()) == (
        "{'gamma': 0.5, 'base_lrs': [0.1], 'last_epoch': 1, '_step_count': 2, "
        "'_is_initial': False, '_get_lr_called_within_step': False, '_last_lr': [0.05]}"
    )

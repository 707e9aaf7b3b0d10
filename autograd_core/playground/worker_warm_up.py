"""What a worker process runs once, before it says it is ready: one small program through the
Graph Explorer, so that the first learner it serves does not pay for what Python and NumPy do
only the first time.

Importing the pages' modules is not enough. NumPy imports its random module on first use, the
interpreter fills its per-type caches as it meets each kind of object, and the graph's layout
and labels have first-call costs of their own. Counted under callgrind, the small program of a
shared link (tests/load/first_render.py) took 48 million instructions as a fresh worker's first
call and 23 million after this warm-up; d2l.ai's concise linear regression, 1,304 and 1,283. A
worker starts with the server, after every `workers.MAX_CALLS` calls and after every stopped
run, and the first learner it serves used to pay that difference.

`workers.serve` calls `warm_up()` of every preloaded module that has one; `warmed_up()` says
whether it ran (for the tests).
"""

from __future__ import annotations

from .graph_explorer.run import explore

# Small, but through the paths most programs take: seeded random numbers, a model with a
# module of its own, a loss, backward, an optimizer step, a function, a comprehension, printing.
PROGRAM = """\
import torch
from torch import nn

torch.manual_seed(0)
x = torch.randn(4, 2)
y = torch.randn(4, 1)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 1)

    def forward(self, x):
        return torch.tanh(self.fc(x))


def mse(a, b):
    return ((a - b) ** 2).mean()


model = Net()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(2):
    opt.zero_grad()
    loss = mse(model(x), y)
    loss.backward()
    opt.step()
print(loss, [p.grad.shape for p in model.parameters()])
"""

_runs: list[None] = []


def warm_up() -> None:
    """Run PROGRAM once through the Graph Explorer, as a page would."""
    explore(PROGRAM)
    _runs.append(None)


def warmed_up() -> bool:
    return bool(_runs)

"""Record PyTorch's seeded random numbers into tests/golden/random.json.

Run with an interpreter that has torch installed:

    /path/to/torch-venv/bin/python tests/golden/record_random.py

Each program seeds (or makes a Generator), draws, and sets `values` to the tensors it wants
compared; tests/engine/test_random_numbers.py runs it unchanged on autograd_core and compares
what it printed, character for character, and the values, bit for bit (float32 normal numbers
drawn 16 or more at a time: to the last place or two, see autograd_core/cpu_generator.py).
Record on an AMD or Apple CPU: on Intel CPUs PyTorch's dropout masks come from MKL instead.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

GOLDEN_PATH = Path(__file__).with_name("random.json")

PROGRAMS = {
    "randn_small": "torch.manual_seed(0)\nx = torch.randn(3)\nprint(x)\nvalues = [x]",
    "randn_cache_carries_over": (
        "torch.manual_seed(1)\na = torch.randn(5)\nb = torch.randn(1)\nc = torch.randn(2, 2)\n"
        "print(a, b, c)\nvalues = [a, b, c]"
    ),
    "randn_seed_resets_cache": (
        "torch.manual_seed(2)\na = torch.randn(1)\ntorch.manual_seed(2)\nb = torch.randn(1)\n"
        "c = torch.randn(1)\nvalues = [a, b, c]"
    ),
    "randn_blocks_float32": (
        "torch.manual_seed(3)\nvalues = [torch.randn(16), torch.randn(17), torch.randn(4, 25),"
        " torch.randn(1000)]\nprint(values[1])"
    ),
    "randn_float64": (
        "torch.manual_seed(4)\nvalues = [torch.randn(3, dtype=torch.float64),"
        " torch.randn(40, dtype=torch.float64)]\nprint(values[0])"
    ),
    "rand": (
        "torch.manual_seed(5)\nvalues = [torch.rand(2, 3), torch.rand(4, dtype=torch.float64),"
        " torch.rand(())]\nprint(values[0])"
    ),
    "randint_randperm": (
        "torch.manual_seed(6)\nvalues = [torch.randint(0, 10, (6,)), torch.randint(-3, 3, (2, 2)),"
        " torch.randint(5, (3,)), torch.randint(-5, 2**40, (3,)), torch.randperm(10),"
        " torch.randperm(300)]\nprint(values[0], values[4])"
    ),
    "normal": (
        "torch.manual_seed(7)\nvalues = [torch.normal(2.0, 3.0, size=(4,)),"
        " torch.normal(torch.tensor([0.0, 10.0]), torch.tensor([1.0, 2.0])),"
        " torch.normal(torch.zeros(20), 0.5)]\nprint(values[1])"
    ),
    "in_place_fills": (
        "torch.manual_seed(8)\na = torch.empty(3).uniform_(-1, 1)\nb = torch.empty(5).normal_(5, 2)\n"
        "c = torch.zeros(2, 3).uniform_()\nvalues = [a, b, c]\nprint(a, b)"
    ),
    "layer_initialisation": (
        "torch.manual_seed(9)\nlin = torch.nn.Linear(3, 2)\n"
        "net = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))\n"
        "print(lin)\nprint(lin.weight)\nprint(lin.bias)\n"
        "values = [lin.weight, lin.bias] + [p for p in net.parameters()]"
    ),
    "init_functions": (
        "torch.manual_seed(10)\nw = torch.empty(3, 5)\n"
        "a = torch.nn.init.xavier_uniform_(w).clone()\n"
        "b = torch.nn.init.kaiming_uniform_(w, nonlinearity='relu').clone()\n"
        "c = torch.nn.init.normal_(w, mean=1.0, std=0.1).clone()\n"
        "d = torch.nn.init.uniform_(w, -0.5, 0.5).clone()\nvalues = [a, b, c, d]\nprint(d)"
    ),
    "generator_objects": (
        "g = torch.Generator().manual_seed(42)\na = torch.rand(3, generator=g)\n"
        "b = torch.randn(2, generator=g)\nc = torch.randperm(5, generator=g)\n"
        "print(a, b, c, g.initial_seed(), torch.Generator().initial_seed())\n"
        "values = [a, b, c, torch.rand(2, generator=torch.Generator())]"
    ),
    "data_loading": (
        "from torch.utils.data import DataLoader, TensorDataset, random_split\n"
        "torch.manual_seed(11)\nds = TensorDataset(torch.arange(10.0), torch.arange(10.0) * 2)\n"
        "batches = []\nfor epoch in range(2):\n"
        "    for xb, yb in DataLoader(ds, batch_size=4, shuffle=True):\n"
        "        batches.append(xb)\n"
        "for xb, yb in DataLoader(ds, batch_size=5):\n    pass\n"
        "train, test = random_split(ds, [7, 3])\nprint(batches[0], list(test.indices))\n"
        "values = batches + [torch.tensor(train.indices), torch.randn(3)]"
    ),
    "dropout": (
        "torch.manual_seed(13)\ndrop = torch.nn.Dropout(0.3)\na = drop(torch.ones(12))\n"
        "b = torch.nn.functional.dropout(torch.ones(2, 50), p=0.5)\nprint(a)\nvalues = [a, b]"
    ),
    "multinomial": (
        "torch.manual_seed(14)\nw = torch.tensor([[0.1, 0.5, 0.4, 0.0], [1.0, 1.0, 1.0, 1.0]])\n"
        "a = torch.multinomial(w, 3)\nb = torch.multinomial(w, 6, replacement=True)\n"
        "c = torch.multinomial(w[0], 1)\nd = w.multinomial(2)\n"
        "e = torch.multinomial(torch.tensor([0.3, 0.7], dtype=torch.float64), 50, True)\n"
        "f = torch.multinomial(torch.ones(5), 5)\nprint(a, b)\nvalues = [a, b, c, d, e, f]"
    ),
    "multinomial_makemore": (
        "g = torch.Generator().manual_seed(2147483647)\np = torch.rand(3, generator=g)\n"
        "p = p / p.sum()\na = torch.multinomial(p, num_samples=100, replacement=True, generator=g)\n"
        "P = torch.rand(27, 27, generator=g)\nP = P / P.sum(1, keepdim=True)\nix, out = 0, []\n"
        "for i in range(40):\n"
        "    ix = torch.multinomial(P[ix], num_samples=1, replacement=True, generator=g).item()\n"
        "    out.append(ix)\nprint(a[:10], out)\nvalues = [a, torch.tensor(out)]"
    ),
    "tutorial_fit": (
        "torch.manual_seed(12)\nx = torch.linspace(-1, 1, 20).unsqueeze(1)\n"
        "y = 3 * x + 0.1 * torch.randn(20, 1)\nmodel = torch.nn.Linear(1, 1)\n"
        "opt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor step in range(50):\n"
        "    loss = torch.nn.functional.mse_loss(model(x), y)\n"
        "    opt.zero_grad()\n    loss.backward()\n    opt.step()\n"
        "print(f'{loss.item():.6f}', model.weight, model.bias)\n"
        "values = [model.weight, model.bias, loss]"
    ),
}


def run(torch, source: str) -> tuple[str, list]:
    """What a program printed, and its `values` as nested lists with their dtypes."""
    namespace = {"torch": torch}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(source, namespace)  # the programs above, written here; never user text
    values = [
        {"dtype": str(v.dtype), "shape": list(v.shape), "data": v.detach().reshape(-1).tolist()}
        for v in namespace["values"]
    ]
    return out.getvalue(), values


def main() -> None:
    import torch

    golden = {}
    for name, source in PROGRAMS.items():
        printed, values = run(torch, source)
        golden[name] = {"printed": printed, "values": values}
    GOLDEN_PATH.write_text(json.dumps({"torch": torch.__version__, "programs": golden}, indent=1))
    print(f"wrote {GOLDEN_PATH} ({len(golden)} programs)")


if __name__ == "__main__":
    main()

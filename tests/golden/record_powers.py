"""Record PyTorch's float32 powers `x ** k` (values and gradients) for tests/engine/test_powers.py.

Run with a Python that has torch installed (never a project dependency):
    python tests/golden/record_powers.py        # rewrites tests/golden/powers.json

The inputs are float32 numbers from a seeded NumPy generator, stored with the results (a float32
value is exact as a JSON number), so the test needs neither torch nor the generator.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent

# 2, 3, -1, -2, ±0.5, 0 and 1 have their own kernels in PyTorch; 4, 2.5 and -3 go through pow().
EXPONENTS = [2, 3, -1, -2, 0.5, -0.5, 0, 1, 2.0, 3.0, 4, 2.5, -3]
SIZES = [1, 7, 15, 100]  # under 16 elements PyTorch runs its scalar loop; 100 is mostly SIMD


def inputs() -> dict[str, list[float]]:
    rng = np.random.default_rng(2024)
    out = {}
    for n in SIZES:
        signed = (rng.standard_normal(n) * 3).astype(np.float32)
        positive = (np.abs(rng.standard_normal(n)) * 3 + 0.1).astype(np.float32)
        out[f"signed{n}"] = [float(v) for v in signed]
        out[f"positive{n}"] = [float(v) for v in positive]
    return out


def base_for(exponent: float) -> str:
    """Fractional powers of negative numbers are nan: those exponents get positive bases."""
    return "signed" if float(exponent).is_integer() else "positive"


def main() -> None:
    import torch

    data = inputs()
    cases = []
    for exponent in EXPONENTS:
        for n in SIZES:
            name = f"{base_for(exponent)}{n}"
            x = torch.tensor(data[name], dtype=torch.float32, requires_grad=True)
            y = x**exponent
            y.sum().backward()
            cases.append(
                {
                    "exponent": exponent,
                    "input": name,
                    "values": [float(v) for v in y.detach().numpy()],
                    "grad": [float(v) for v in x.grad.numpy()],
                }
            )
    out = {"torch_version": torch.__version__.split("+")[0], "inputs": data, "cases": cases}
    (HERE / "powers.json").write_text(json.dumps(out) + "\n")
    print(f"recorded {len(cases)} cases from torch {torch.__version__}")


if __name__ == "__main__":
    main()

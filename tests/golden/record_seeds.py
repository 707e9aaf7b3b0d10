"""Record what real PyTorch prints for every seed tutorial cell (golden/seed_cells.py).

python tests/golden/record_seeds.py     # with torch and matplotlib installed
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from runner import run_notebooks  # noqa: E402
from seed_cells import ALL_CELLS  # noqa: E402


def main() -> None:
    import torch

    outputs = run_notebooks(ALL_CELLS, torch)
    out = {"torch_version": torch.__version__.split("+")[0], "cells": outputs}
    (HERE / "seeds.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    print(f"recorded {len(outputs)} cells")


if __name__ == "__main__":
    main()

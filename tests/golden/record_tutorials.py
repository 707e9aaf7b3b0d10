"""Record what real PyTorch prints for every program in tutorial_programs.py.

Run with a Python that has torch installed (never a project dependency):
    python tests/golden/record_tutorials.py        # rewrites tests/golden/tutorials.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from runner import run_program  # noqa: E402
from tutorial_programs import PROGRAMS  # noqa: E402


def main() -> None:
    import torch

    recorded = {name: run_program(source, torch) for name, source in PROGRAMS.items()}
    out = {"torch_version": torch.__version__.split("+")[0], "programs": recorded}
    (HERE / "tutorials.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    print(f"recorded {len(recorded)} programs from torch {torch.__version__}")


if __name__ == "__main__":
    main()

"""Record what PyTorch prints for each program in tests/golden/sandbox_tutorials/.

Run with an interpreter that has torch installed, from the repository root:

    /path/to/torch-venv/bin/python tests/golden/record_sandbox_tutorials.py [name ...]

The programs are tutorial code as learners paste it ("Learning PyTorch with Examples", "A Gentle
Introduction to torch.autograd", "Autograd mechanics", the hook and grad-mode docstrings,
autograd.functional, "Extending PyTorch", d2l.ai), with random starts replaced by fixed values or
Python's seeded `random` (which the playground reproduces exactly). tests/playground/sandbox/
test_tutorials.py runs each through run_snippet and compares the text.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROGRAMS = HERE / "sandbox_tutorials"
GOLDEN_PATH = HERE / "sandbox_tutorials.json"


def record(names: list[str] | None = None) -> dict[str, str]:
    out = {}
    for path in sorted(PROGRAMS.glob("*.py")):
        if names and path.stem not in names:
            continue
        done = subprocess.run(
            [sys.executable, str(path)], capture_output=True, text=True, cwd="/", check=False
        )
        if done.returncode != 0:
            raise SystemExit(f"{path.name} failed under PyTorch:\n{done.stderr}")
        out[path.stem] = done.stdout
    return out


if __name__ == "__main__":
    import torch

    # With names (`record_sandbox_tutorials.py makemore_bigram detect_anomaly`), only those are
    # (re)recorded and the others' recorded outputs are kept as they are.
    names = sys.argv[1:]
    programs = json.loads(GOLDEN_PATH.read_text())["programs"] if names else {}
    programs.update(record(names))
    golden = {"torch": torch.__version__, "programs": programs}
    GOLDEN_PATH.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(golden['programs'])} programs to {GOLDEN_PATH}")

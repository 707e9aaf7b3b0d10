"""The PyTorch side of the engine benchmarks, run by PyTorch's own Python in a child process.

    <torch-env>/bin/python benchmarks/torch_side.py

Reads one JSON request per line from stdin ({"task": "chain", "args": {"n": 3000}}), runs that
workload from benchmarks/workloads.py once on torch and answers with one JSON line:
{"seconds": ..., "value": ...}. The parent alternates these calls with its own runs, so both
engines see the same machine load. Torch runs on one thread and the collector's view of the
import-time objects is frozen, as on our side.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import workloads  # a sibling file, loaded without the benchmarks package

torch.set_num_threads(1)
gc.collect()
gc.freeze()

_mlp = None


def run(task: str, args: dict) -> object:
    global _mlp
    if task == "chain":
        return workloads.chain(torch, **args)
    if task == "mlp":
        if _mlp is None:
            _mlp = workloads.mlp_setup(torch)
        return workloads.mlp_steps(torch, *_mlp, **args)
    if task == "cubic_fit":
        return workloads.cubic_fit(torch, **args)
    raise ValueError(f"unknown task {task!r}")


def main() -> None:
    print(json.dumps({"ready": torch.__version__}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        start = time.process_time()  # CPU time, as on our side (see common.timed)
        value = run(request["task"], request.get("args", {}))
        seconds = time.process_time() - start
        print(json.dumps({"seconds": seconds, "value": value}), flush=True)


if __name__ == "__main__":
    main()

"""Run every benchmark and print one table of ratios:

    python -m benchmarks              # all of them
    python -m benchmarks engine graph # only bench_engine.py and bench_graph.py

Each benchmarks/bench_<name>.py exposes `run() -> list[Result]`; they time our code and its
baseline side by side. torch is never a dependency: bench_engine runs it in its own Python
(common.TorchSide: /work/torchenv, or AUTOGRAD_BENCH_TORCH_PYTHON), the older benchmarks when
torch is importable here; without it their rows show "n/a" and say why. Set
OPENBLAS_NUM_THREADS=1 on a busy machine: BLAS threads fighting other processes for cores slow
both sides unpredictably.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path

from .common import Result, table


def discover() -> list[str]:
    here = Path(__file__).parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))


def main(argv: list[str]) -> int:
    wanted = {f"bench_{a.removeprefix('bench_')}" for a in argv}
    names = [n for n in discover() if not wanted or n in wanted]
    results: list[Result] = []
    failed = []
    for name in names:
        start = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            results.extend(module.run())
        except Exception:  # one broken benchmark must not hide the others
            failed.append(name)
            traceback.print_exc()
        print(f"  {name}: {time.perf_counter() - start:.1f}s", file=sys.stderr, flush=True)
    print(table(results))
    if failed:
        print(f"\nbenchmarks that crashed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

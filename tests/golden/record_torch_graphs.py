"""Record real PyTorch graphs into tests/golden/torch_graphs.json, for `draw` on torch tensors.

Run with an interpreter that has torch installed:

    /path/to/torch-venv/bin/python tests/golden/record_torch_graphs.py

For each program of torch_graph_programs.py, twice (before its backward and after it), this
writes what `draw` reads from a real `torch.Tensor`, exactly as PyTorch exposes it:

* nodes: every grad_fn met walking `next_functions` from the root, breadth first: its class,
  `name()`, `next_functions` (as node numbers and input numbers), each `_saved_*` attribute
  (a number, a tuple, a tensor, or "freed" when backward freed it), `_input_metadata` (the
  shape and dtype of the tensor it produced), a custom Function's `saved_tensors`, and an
  AccumulateGrad's `variable`;
* tensors: every tensor those refer to, once per Python object: value, shape, dtype,
  requires_grad, is_leaf, retains_grad, .grad and grad_fn;
* before backward, a replay: the calls of a hook on every node during
  `torch.autograd.grad(root, leaves, retain_graph=True)` (what each node received and sent)
  and the leaves' gradients it returned.

tests/playground/test_notebook.py rebuilds duck-typed stand-ins from this and checks draw's
graph against it and against the same program run through autograd_core. torch is imported in
main() only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from torch_graph_programs import PROGRAMS

GOLDEN_PATH = Path(__file__).with_name("torch_graphs.json")


class _Recorder:
    def __init__(self, torch: Any) -> None:
        self.torch = torch
        self.nodes: list[dict] = []
        self.node_index: dict[int, int] = {}
        self.node_objects: list[Any] = []
        self.tensors: list[dict] = []
        self.tensor_index: dict[int, int] = {}
        self.keep: list[Any] = []  # so no id() is reused while recording

    def tensor(self, t: Any) -> int:
        if id(t) in self.tensor_index:
            return self.tensor_index[id(t)]
        index = len(self.tensors)
        self.tensor_index[id(t)] = index
        self.keep.append(t)
        entry: dict[str, Any] = {}
        self.tensors.append(entry)
        entry.update(
            value=t.detach().tolist(),
            shape=list(t.shape),
            dtype=str(t.dtype),
            requires_grad=t.requires_grad,
            is_leaf=t.is_leaf,
            retains_grad=t.retains_grad,
            grad=None if not (t.is_leaf or t.retains_grad) or t.grad is None else t.grad.tolist(),
            grad_fn=None if t.grad_fn is None else self.node(t.grad_fn),
        )
        return index

    def value(self, v: Any) -> Any:
        if isinstance(v, self.torch.Tensor):
            return {"tensor": self.tensor(v)}
        if isinstance(v, tuple | list):
            return {"tuple": [self.value(x) for x in v]}
        if v is None or isinstance(v, bool | int | float):
            return v
        return {"text": str(v)}

    def node(self, fn: Any) -> int:
        if id(fn) in self.node_index:
            return self.node_index[id(fn)]
        index = len(self.nodes)
        self.node_index[id(fn)] = index
        self.node_objects.append(fn)
        entry: dict[str, Any] = {"class": type(fn).__name__, "name": fn.name()}
        self.nodes.append(entry)
        entry["next"] = [[None if n is None else self.node(n), nr] for n, nr in fn.next_functions]
        saved = {}
        for attr in sorted(a for a in dir(fn) if a.startswith("_saved_")):
            try:
                saved[attr] = self.value(getattr(fn, attr))
            except RuntimeError:
                saved[attr] = "freed"
        entry["saved"] = saved
        meta = getattr(fn, "_input_metadata", ())
        entry["input_metadata"] = [{"shape": list(m.shape), "dtype": str(m.dtype)} for m in meta]
        if hasattr(fn, "variable"):
            entry["variable"] = self.tensor(fn.variable)
        if hasattr(type(fn), "saved_tensors"):  # (hasattr(fn, ...) raises once freed)
            try:
                entry["saved_tensors"] = [self.value(t) for t in fn.saved_tensors]
            except RuntimeError:
                entry["saved_tensors"] = "freed"
        return index


def _snapshot(torch: Any, names: dict, root: Any, replay: bool) -> dict:
    rec = _Recorder(torch)
    out: dict[str, Any] = {"root": rec.tensor(root)}
    named = {}
    for name, value in names.items():
        if isinstance(value, torch.nn.Module):
            named[name] = {"module": {p: rec.tensor(t) for p, t in value.named_parameters()}}
        else:
            named[name] = rec.tensor(value)
    out["names"] = named
    if replay:
        out["replay"] = _replay(torch, rec, root)
    out["nodes"], out["tensors"] = rec.nodes, rec.tensors
    return out


def _replay(torch: Any, rec: _Recorder, root: Any) -> dict:
    """Hooks on every node, autograd.grad to the leaves: the calls, in order."""
    accumulators = [fn for fn in rec.node_objects if hasattr(fn, "variable")]
    log: list = []

    def hook(fn: Any) -> Any:
        def record(grad_inputs: tuple, grad_outputs: tuple) -> None:
            log.append(
                {
                    "node": rec.node_index[id(fn)],
                    "grad_inputs": [None if g is None else g.tolist() for g in grad_inputs],
                    "grad_outputs": [None if g is None else g.tolist() for g in grad_outputs],
                }
            )

        return record

    handles = [fn.register_hook(hook(fn)) for fn in rec.node_objects if fn not in accumulators]
    kept = [(t, t.grad) for t in rec.keep if t.retains_grad]
    grads = torch.autograd.grad(
        [root],
        [fn.variable for fn in accumulators],
        grad_outputs=[torch.ones_like(root)],
        retain_graph=True,
        allow_unused=True,
    )
    for h in handles:
        h.remove()
    for t, g in kept:
        t.grad = g
    return {
        "calls": log,
        "leaf_grads": [
            [rec.node_index[id(fn)], None if g is None else g.tolist()]
            for fn, g in zip(accumulators, grads)
        ],
    }


def main() -> None:
    import torch

    golden: dict[str, Any] = {"torch_version": torch.__version__, "programs": {}}
    for name, program in PROGRAMS.items():
        names, root, backward = program(torch)
        before = _snapshot(torch, names, root, replay=True)
        backward()
        after = _snapshot(torch, names, root, replay=False)
        golden["programs"][name] = {"before": before, "after": after}
    GOLDEN_PATH.write_text(json.dumps(golden, indent=1) + "\n")
    print(f"wrote {GOLDEN_PATH} ({len(golden['programs'])} programs)")


if __name__ == "__main__":
    main()

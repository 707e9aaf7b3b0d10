"""Record torch.nn's behaviour into tests/golden/nn.json.

Run with an interpreter that has torch installed:

    /path/to/torch-venv/bin/python tests/golden/record_nn.py

What is recorded (tests/test_nn.py replays each against autograd_core.nn):

* models: MLPs 2-32-32-2 (one per activation) and Linear layers on 1-D/2-D/3-D inputs, with
  weights and inputs written here (so both libraries start from the same numbers): the output,
  the loss, every parameter's gradient and the grad_fn names along the way;
* losses: each loss with each reduction (and weights, pos_weight, ignore_index, probability
  targets, label smoothing): the value, the input's gradient, the grad_fn name;
* reprs: `repr(...)` of modules and parameters, character for character;
* errors: the exception type and message for common mistakes.

Every case is an expression in `torch`, `nn`, `F` (and `X`, ...) that both libraries evaluate
unchanged. torch is imported inside main() only, so tests can import the constants here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

GOLDEN_PATH = Path(__file__).with_name("nn.json")

ACTIVATIONS = ["nn.ReLU()", "nn.Tanh()", "nn.Sigmoid()", "nn.LeakyReLU(0.1)", "nn.Identity()"]


def _values(rng: np.random.Generator, *shape: int, low: float = -1.0, high: float = 1.0):
    """float32 values, stored as the shortest decimals that round-trip through float32."""
    return _tolist(rng.uniform(low, high, shape).astype(np.float32))


def _tolist(array: np.ndarray) -> Any:
    array = np.asarray(array, dtype=np.float32)
    if array.ndim == 0:
        return float(str(array))
    return [_tolist(a) for a in array]


def model_cases() -> list[dict[str, Any]]:
    rng = np.random.default_rng(2024)
    cases = []
    x = _values(rng, 16, 2, low=-2, high=2)
    y = [int(v) for v in rng.integers(0, 2, 16)]
    for act in ACTIVATIONS:
        cases.append(
            {
                "name": f"mlp_{act.split('(')[0].split('.')[1]}",
                "model": f"nn.Sequential(nn.Linear(2, 32), {act}, nn.Linear(32, 32), {act}, "
                "nn.Linear(32, 2))",
                "weights": {
                    "0.weight": _values(rng, 32, 2),
                    "0.bias": _values(rng, 32),
                    "2.weight": _values(rng, 32, 32, low=-0.3, high=0.3),
                    "2.bias": _values(rng, 32),
                    "4.weight": _values(rng, 2, 32, low=-0.3, high=0.3),
                    "4.bias": _values(rng, 2),
                },
                "input": x,
                "target": y,
                "loss": "nn.CrossEntropyLoss()",
            }
        )
    for shape in ([3], [4, 3], [2, 4, 3]):
        for bias in (True, False):
            weights = {"weight": _values(rng, 2, 3)}
            if bias:
                weights["bias"] = _values(rng, 2)
            cases.append(
                {
                    "name": f"linear_{len(shape)}d{'' if bias else '_nobias'}",
                    "model": f"nn.Linear(3, 2, bias={bias})",
                    "weights": weights,
                    "input": _values(rng, *shape),
                    "target": None,
                    "loss": None,
                }
            )
    return cases


# (name, loss expression, input expression, target expression); inputs require grad.
def loss_cases() -> list[dict[str, Any]]:
    rng = np.random.default_rng(7)
    logits = _values(rng, 6, 4, low=-3, high=3)
    classes = [int(v) for v in rng.integers(0, 4, 6)]
    with_ignored = [classes[0], -100, *classes[2:]]
    probs = np.asarray(_values(rng, 6, 4, low=0.1, high=1.0), dtype=np.float32)
    probs = _tolist(probs / probs.sum(1, keepdims=True))
    x = _values(rng, 5, 3, low=-2, high=2)
    t = _values(rng, 5, 3, low=-2, high=2)
    p = _values(rng, 5, 3, low=0.05, high=0.95)
    b = _tolist(rng.integers(0, 2, (5, 3)).astype(np.float32))
    soft = _values(rng, 5, 3, low=0, high=1)
    w3 = _values(rng, 3, low=0.5, high=2)
    w4 = _values(rng, 4, low=0.5, high=2)
    cube = _values(rng, 2, 4, 3, low=-2, high=2)
    cube_t = [[int(v) for v in row] for row in rng.integers(0, 4, (2, 3))]
    cases = []
    for r in ("mean", "sum", "none"):
        red = f"reduction='{r}'"
        cases += [
            (f"mse_{r}", f"nn.MSELoss({red})", x, t, "float"),
            (f"l1_{r}", f"nn.L1Loss({red})", x, t, "float"),
            (f"bce_{r}", f"nn.BCELoss({red})", p, b, "float"),
            (f"bce_soft_{r}", f"nn.BCELoss({red})", p, soft, "float"),
            (f"bce_weight_{r}", f"nn.BCELoss(weight=torch.tensor({w3}), {red})", p, b, "float"),
            (f"bcelogits_{r}", f"nn.BCEWithLogitsLoss({red})", x, b, "float"),
            (
                f"bcelogits_pos_weight_{r}",
                f"nn.BCEWithLogitsLoss(pos_weight=torch.tensor({w3}), {red})",
                x,
                soft,
                "float",
            ),
            (
                f"bcelogits_weight_{r}",
                f"nn.BCEWithLogitsLoss(weight=torch.tensor({w3}), {red})",
                x,
                b,
                "float",
            ),
            (f"ce_{r}", f"nn.CrossEntropyLoss({red})", logits, classes, "long"),
            (
                f"ce_weight_{r}",
                f"nn.CrossEntropyLoss(weight=torch.tensor({w4}), {red})",
                logits,
                classes,
                "long",
            ),
            (f"ce_ignore_{r}", f"nn.CrossEntropyLoss({red})", logits, with_ignored, "long"),
            (f"ce_probs_{r}", f"nn.CrossEntropyLoss({red})", logits, probs, "float"),
            (
                f"ce_smoothing_{r}",
                f"nn.CrossEntropyLoss(label_smoothing=0.1, {red})",
                logits,
                classes,
                "long",
            ),
            (f"ce_3d_{r}", f"nn.CrossEntropyLoss({red})", cube, cube_t, "long"),
            (f"nll_{r}", f"nn.NLLLoss({red})", logits, classes, "long"),
            (
                f"nll_weight_ignore_{r}",
                f"nn.NLLLoss(weight=torch.tensor({w4}), ignore_index=2, {red})",
                logits,
                classes,
                "long",
            ),
        ]
    cases += [
        ("ce_single_sample", "nn.CrossEntropyLoss()", logits[0], classes[0], "long"),
        ("mse_broadcast_target", "nn.MSELoss()", [[v] for v in x[0]], x[1], "float"),
    ]
    return [
        {"name": n, "loss": loss, "input": i, "target": tg, "target_dtype": d}
        for n, loss, i, tg, d in cases
    ]


REPRS = [
    "nn.Linear(2, 32)",
    "nn.Linear(3, 1, bias=False)",
    "nn.ReLU()",
    "nn.ReLU(inplace=True)",
    "nn.Tanh()",
    "nn.Sigmoid()",
    "nn.LeakyReLU()",
    "nn.LeakyReLU(0.2, inplace=True)",
    "nn.Softmax(dim=1)",
    "nn.Softmax()",
    "nn.LogSoftmax(dim=-1)",
    "nn.Identity()",
    "nn.Flatten()",
    "nn.Flatten(0, 2)",
    "nn.MSELoss()",
    "nn.MSELoss(reduction='sum')",
    "nn.L1Loss()",
    "nn.BCELoss()",
    "nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0]))",
    "nn.CrossEntropyLoss()",
    "nn.CrossEntropyLoss(label_smoothing=0.1)",
    "nn.NLLLoss()",
    "nn.Sequential()",
    "nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 2))",
    "nn.Sequential(nn.Linear(2, 4), nn.Sequential(nn.Tanh(), nn.Linear(4, 1)), nn.Sigmoid())",
    "nn.Sequential(nn.Linear(2, 4), nn.ReLU())[0]",
    "nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1))[1:]",
    "nn.Sequential(nn.Linear(2, 4)).append(nn.Sigmoid())",
    "nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.Linear(2, 2), nn.ReLU()])",
    "nn.ModuleList([nn.Linear(2, 2), nn.ReLU()])",
    "nn.Parameter(torch.tensor([1.0, 2.0]))",
    "nn.Parameter(torch.tensor([[0.5, -1.25], [3.0, 4.0]], dtype=torch.float64))",
    "nn.Parameter(torch.tensor([1.0]), requires_grad=False)",
    "nn.Linear(2, 3).load_state_dict(nn.Linear(2, 3).state_dict())",
    "nn.Linear(2, 3).load_state_dict({'weight': torch.zeros(3, 2), 'x': torch.ones(1)}, "
    "strict=False)",
    "list(nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)).state_dict().keys())",
    "[n for n, _ in nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.Linear(3, 3)))"
    ".named_parameters()]",
    "[n for n, _ in nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.Linear(3, 3)))"
    ".named_modules()]",
    "[type(m).__name__ for m in nn.Sequential(nn.Linear(2, 3), nn.ReLU()).children()]",
    "[p.shape for p in nn.Linear(3, 5).parameters()]",
    "nn.Linear(2, 3).training",
    "nn.Sequential(nn.Linear(2, 3)).eval()[0].training",
    "len(nn.Sequential(nn.Linear(2, 3), nn.ReLU()))",
    "nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0])).state_dict()",
    "nn.Linear(2, 2).double().weight.dtype",
    "F.relu(torch.tensor([-1.0, 0.0, 2.0]))",
    "F.leaky_relu(torch.tensor([-1.0, 0.0, 2.0]), 0.2)",
    "F.softmax(torch.tensor([[1.0, 2.0, 3.0]]), dim=1)",
    "F.log_softmax(torch.tensor([1.0, 2.0, 3.0]), dim=0)",
    "F.sigmoid(torch.tensor([0.0, 1.0]))",
    "F.tanh(torch.tensor([0.0, 1.0]))",
    "F.linear(torch.tensor([[1.0, 2.0]]), torch.tensor([[3.0, 4.0]]), torch.tensor([0.5]))",
    "F.mse_loss(torch.tensor([1.0, 2.0]), torch.tensor([1.5, 2.5]))",
    "F.cross_entropy(torch.tensor([[2.0, 0.5, -1.0]]), torch.tensor([0]))",
]

ERRORS = [
    "nn.Linear(2, 3)(torch.ones(4, 3))",
    "nn.Linear(2, 3)(torch.ones(4, 2, dtype=torch.float64))",
    "nn.Linear(2, 3)(torch.ones(3))",
    "F.cross_entropy(torch.ones(3, 5), torch.tensor([1.0, 2.0, 3.0]))",
    "F.cross_entropy(torch.ones(3, 5), torch.tensor([1, 2, 3], dtype=torch.int32))",
    "F.cross_entropy(torch.ones(3, 5), torch.tensor([1, 2]))",
    "F.cross_entropy(torch.ones(3, 5), torch.tensor([1, 2, 7]))",
    "F.cross_entropy(torch.ones(3, 5), torch.tensor([1, 2, -1]))",
    "F.cross_entropy(torch.ones(3, 5), torch.tensor([[1], [2], [3]]))",
    "F.cross_entropy(torch.ones(3, 5), torch.ones(3, 4))",
    "F.cross_entropy(torch.ones(3, 5), torch.tensor([1, 2, 3]), reduction='avg')",
    "F.nll_loss(torch.ones(2, 3, 4), torch.tensor([1, 2]))",
    "F.mse_loss(torch.ones(3, 2), torch.ones(4))",
    "F.mse_loss(torch.ones(3), torch.ones(3), reduction='avg')",
    "F.binary_cross_entropy(torch.ones(3, 1) / 2, torch.ones(3))",
    "F.binary_cross_entropy(torch.tensor([1.5, 0.5]), torch.ones(2))",
    "F.binary_cross_entropy(torch.ones(3) / 2, torch.tensor([1, 0, 1]))",
    "F.binary_cross_entropy_with_logits(torch.ones(3, 1), torch.ones(3))",
    "nn.BCEWithLogitsLoss()(torch.ones(3), torch.tensor([1, 0, 1]))",
    "nn.Linear(2, 3).foo",
    "nn.Sequential(nn.ReLU())[3]",
    "setattr(nn.Linear(2, 3), 'weight', torch.ones(3, 2))",
    "nn.Linear(2, 3).load_state_dict({'weight': torch.ones(3, 2)})",
    "nn.Linear(2, 3).load_state_dict({'weight': torch.ones(3, 2), 'bias': torch.ones(3), "
    "'foo': torch.ones(1)})",
    "nn.Linear(2, 3).load_state_dict({'weight': torch.ones(3, 2), 'foo': torch.ones(1), "
    "'bar': torch.ones(1)})",
    "nn.Linear(2, 3).load_state_dict({'weight': torch.ones(2, 2), 'bias': torch.ones(3)})",
    "nn.Sequential(nn.Linear(2, 2), nn.ReLU()).load_state_dict({'0.weight': torch.ones(2, 2)})",
    "nn.Module()(1)",
    "nn.Parameter(torch.tensor([1, 2]))",
    "nn.Sequential().append(3)",
    "nn.Linear(2, 3).add_module('x', 3)",
    "F.binary_cross_entropy_with_logits(torch.ones(3), torch.ones(3), "
    "pos_weight=torch.ones(3, requires_grad=True))",
    "F.binary_cross_entropy(torch.ones(3) / 2, torch.ones(3), "
    "weight=torch.ones(3, requires_grad=True))",
    "F.nll_loss(torch.ones(2, 3), torch.tensor([0, 1]), weight=torch.ones(3, requires_grad=True))",
    "F.cross_entropy(torch.ones(2, 3), torch.tensor([0, 1]), "
    "weight=torch.ones(3, requires_grad=True))",
]

# Expressions whose value must produce the same warning text.
WARNINGS = [
    "F.mse_loss(torch.ones(3, 1), torch.ones(3))",
    "F.l1_loss(torch.ones(3, 1), torch.ones(3))",
    "F.softmax(torch.ones(2, 3))",
    "nn.Softmax()(torch.ones(2, 3))",
    "nn.MSELoss(size_average=False)",
]


def namespace(torch: Any) -> dict[str, Any]:
    return {"torch": torch, "nn": torch.nn, "F": torch.nn.functional}


def build(torch: Any, values: Any, dtype: str = "float", requires_grad: bool = False) -> Any:
    t = torch.tensor(values, dtype=torch.float32 if dtype == "float" else torch.int64)
    return t.requires_grad_() if requires_grad else t


def run_model(torch: Any, case: dict[str, Any]) -> dict[str, Any]:
    """Forward, loss and backward for a model case; returns what is compared."""
    ns = namespace(torch)
    model = eval(case["model"], ns)
    model.load_state_dict({k: torch.tensor(v) for k, v in case["weights"].items()})
    x = build(torch, case["input"])
    out = model(x)
    result = {"output": out, "grad_fn": type(out.grad_fn).__name__}
    if case["loss"]:
        loss = eval(case["loss"], ns)(out, build(torch, case["target"], "long"))
    else:
        loss = (out * out).sum()
    loss.backward()
    result["loss"] = loss
    result["loss_grad_fn"] = type(loss.grad_fn).__name__
    result["grads"] = {name: p.grad for name, p in model.named_parameters()}
    return result


def run_loss(torch: Any, case: dict[str, Any]) -> dict[str, Any]:
    ns = namespace(torch)
    loss_fn = eval(case["loss"], ns)
    x = build(torch, case["input"], requires_grad=True)
    target = build(torch, case["target"], case["target_dtype"])
    loss = loss_fn(x, target)
    loss.backward(torch.ones_like(loss))
    return {"loss": loss, "grad_fn": type(loss.grad_fn).__name__, "grad": x.grad}


def main() -> None:
    import warnings

    import torch

    def arr(t: Any) -> Any:
        return _tolist(t.detach().numpy())

    models = []
    for case in model_cases():
        r = run_model(torch, case)
        r["output"], r["loss"] = arr(r["output"]), arr(r["loss"])
        r["grads"] = {k: arr(v) for k, v in r["grads"].items()}
        models.append({**case, "expected": r})
    losses = []
    for case in loss_cases():
        r = run_loss(torch, case)
        r["loss"], r["grad"] = arr(r["loss"]), arr(r["grad"])
        losses.append({**case, "expected": r})
    reprs = [{"expr": e, "repr": repr(eval(e, namespace(torch)))} for e in REPRS]
    errors = []
    for e in ERRORS:
        try:
            eval(e, namespace(torch))
        except Exception as exc:  # recording whatever torch raises
            errors.append({"expr": e, "type": type(exc).__name__, "message": str(exc)})
        else:
            raise AssertionError(f"{e} did not raise")
    warned = []
    for e in WARNINGS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            eval(e, namespace(torch))
        warned.append({"expr": e, "messages": [str(w.message) for w in caught]})
    data = {
        "torch_version": torch.__version__,
        "models": models,
        "losses": losses,
        "reprs": reprs,
        "errors": errors,
        "warnings": warned,
    }
    GOLDEN_PATH.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {GOLDEN_PATH} ({len(models)} models, {len(losses)} losses, {len(reprs)} reprs)")


if __name__ == "__main__":
    main()

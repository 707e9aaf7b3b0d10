"""autograd_core.nn must compute, print and fail exactly like torch.nn.

* Golden tests replay tests/golden/nn.json (recorded from PyTorch by record_nn.py): model
  outputs, losses and every gradient from the same weights; each loss with each reduction;
  reprs character for character; error and warning messages.
* Behaviour tests: registration order, state_dict round trips, dtype conversion in place,
  train/eval, zero_grad, and the new primitives' derivatives (first and second order).
* Live tests compare with an installed torch and skip without it.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import pickle
import warnings

import numpy as np
import pytest

import autograd_core as torch
from autograd_core import nn
from autograd_core.nn import functional as F
from tests.paths import GOLDEN

GOLDEN_DIR = GOLDEN
GOLDEN = json.loads((GOLDEN_DIR / "nn.json").read_text())


def _load_recorder():
    spec = importlib.util.spec_from_file_location("record_nn", GOLDEN_DIR / "record_nn.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


recorder = _load_recorder()

# grad_fn names where autograd_core records a different (but equivalent) node than PyTorch
# (recorded name -> ours); none left since matmul and reshape record PyTorch's own nodes.
KNOWN_GRAD_FN_DIFFERENCES: dict[str, tuple[str, str]] = {}

RTOL, ATOL = 1e-5, 1e-6


def _close(actual, expected, what):
    np.testing.assert_allclose(
        np.asarray(actual.detach()._data, dtype=np.float64),
        np.asarray(expected, dtype=np.float64),
        rtol=RTOL,
        atol=ATOL,
        err_msg=what,
    )


def _grad_fn_name(case_name, recorded, actual):
    expected = KNOWN_GRAD_FN_DIFFERENCES.get(case_name, (recorded, recorded))
    assert expected[0] == recorded, "stale entry in KNOWN_GRAD_FN_DIFFERENCES"
    assert actual == expected[1]


# --- golden: models ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", GOLDEN["models"], ids=lambda c: c["name"])
def test_model_matches_pytorch(case):
    result = recorder.run_model(torch, case)
    want = case["expected"]
    _close(result["output"], want["output"], "output")
    _close(result["loss"], want["loss"], "loss")
    assert set(result["grads"]) == set(want["grads"])
    for name, grad in result["grads"].items():
        _close(grad, want["grads"][name], f"gradient of {name}")
    _grad_fn_name(case["name"], want["grad_fn"], result["grad_fn"])
    assert result["loss_grad_fn"] == want["loss_grad_fn"]


def test_linear_graph_is_addmm_over_t_as_in_pytorch():
    layer = nn.Linear(2, 3)
    out = layer(torch.ones(4, 2))
    bias_edge, input_edge, weight_edge = out.grad_fn.next_functions
    assert type(out.grad_fn).__name__ == "AddmmBackward0"
    assert bias_edge[0].variable is layer.bias
    assert input_edge == (None, 0)
    assert type(weight_edge[0]).__name__ == "TBackward0"
    assert weight_edge[0].next_functions[0][0].variable is layer.weight


# --- golden: losses ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", GOLDEN["losses"], ids=lambda c: c["name"])
def test_loss_matches_pytorch(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mse_broadcast_target warns; tested below
        result = recorder.run_loss(torch, case)
    want = case["expected"]
    _close(result["loss"], want["loss"], "loss")
    _close(result["grad"], want["grad"], "gradient of the input")
    _grad_fn_name(case["name"], want["grad_fn"], result["grad_fn"])


def test_cross_entropy_records_log_softmax_then_nll_loss():
    logits = torch.tensor([[2.0, 0.5, -1.0]], requires_grad=True)
    loss = F.cross_entropy(logits, torch.tensor([0]))
    ((log_softmax, _),) = loss.grad_fn.next_functions
    assert type(log_softmax).__name__ == "LogSoftmaxBackward0"
    assert loss.item() == pytest.approx(0.2413, abs=1e-4)


@pytest.mark.parametrize(
    "fn, node, backward_node",
    [
        (F.log_softmax, "LogSoftmaxBackward0", "LogSoftmaxBackwardDataBackward0"),
        (F.softmax, "SoftmaxBackward0", "SoftmaxBackwardDataBackward0"),
    ],
)
def test_softmax_gradients_with_create_graph_are_one_node_as_in_pytorch(fn, node, backward_node):
    # PyTorch 2.13 prints <LogSoftmaxBackwardDataBackward0> whose next_functions are
    # ((None, 0), (<LogSoftmaxBackward0>, 0)): the incoming gradient (a constant) and the output.
    x = torch.tensor([[1.0, 2.0], [0.5, -1.0]], requires_grad=True)
    y = fn(x, dim=1)
    (g,) = torch.autograd.grad(y[:, 0].sum(), x, create_graph=True)
    assert type(g.grad_fn).__name__ == backward_node
    (constant, _), (output, _) = g.grad_fn.next_functions
    assert constant is None and output is y.grad_fn and type(output).__name__ == node


def test_bce_clamps_log_at_minus_100_like_pytorch():
    # log(0) would be -inf; PyTorch clamps each log term at -100.
    loss = F.binary_cross_entropy(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 0.0]))
    assert loss.item() == 100.0


def test_bce_with_logits_is_stable_for_large_logits():
    loss = F.binary_cross_entropy_with_logits(
        torch.tensor([200.0, -200.0]), torch.tensor([0.0, 1.0]), reduction="none"
    )
    assert loss.tolist() == [200.0, 200.0]


# --- golden: reprs, errors, warnings ------------------------------------------------------------


@pytest.mark.parametrize("case", GOLDEN["reprs"], ids=lambda c: c["expr"][:60])
def test_repr_matches_pytorch(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = eval(case["expr"], recorder.namespace(torch))
    assert repr(value) == case["repr"]


@pytest.mark.parametrize("case", GOLDEN["errors"], ids=lambda c: c["expr"][:60])
def test_error_matches_pytorch(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(Exception) as info:
            eval(case["expr"], recorder.namespace(torch))
    assert type(info.value).__name__ == case["type"]
    assert str(info.value) == case["message"]


@pytest.mark.parametrize("case", GOLDEN["warnings"], ids=lambda c: c["expr"][:60])
def test_warning_matches_pytorch(case):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        eval(case["expr"], recorder.namespace(torch))
    assert [str(w.message) for w in caught] == case["messages"]


# --- Module behaviour ---------------------------------------------------------------------------


class TwoLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(2, 4)
        self.scale = nn.Parameter(torch.tensor(2.0))
        self.out = nn.Linear(4, 1)
        self.register_buffer("offset", torch.tensor([0.5]))
        self.note = torch.ones(1)  # a plain tensor attribute: not registered

    def forward(self, x):
        return self.out(self.hidden(x).relu()) * self.scale + self.offset


def test_registration_order_and_names():
    model = TwoLayer()
    assert [n for n, _ in model.named_parameters()] == [
        "scale",
        "hidden.weight",
        "hidden.bias",
        "out.weight",
        "out.bias",
    ]
    assert list(model.state_dict()) == [
        "scale",
        "offset",
        "hidden.weight",
        "hidden.bias",
        "out.weight",
        "out.bias",
    ]
    assert [n for n, _ in model.named_children()] == ["hidden", "out"]
    assert len(list(model.modules())) == 3
    assert [b.tolist() for b in model.buffers()] == [[0.5]]


def test_shared_module_counts_once():
    shared = nn.Linear(2, 2)
    model = nn.Sequential(shared, nn.ReLU(), shared)
    assert len(list(model.parameters())) == 2
    assert len(list(model.modules())) == 3


def test_state_dict_round_trip_restores_outputs():
    torch.manual_seed(0)
    a, b = TwoLayer(), TwoLayer()
    x = torch.tensor([[0.3, -1.2], [2.0, 0.5]])
    assert not torch.equal(a(x), b(x))
    saved = a.state_dict()
    assert all(not v.requires_grad for v in saved.values())
    assert b.load_state_dict(saved).missing_keys == []
    assert torch.equal(a(x), b(x))
    # load_state_dict copies: training b afterwards leaves a alone
    with torch.no_grad():
        b.hidden.weight.add_(1.0)
    assert not torch.equal(a.hidden.weight, b.hidden.weight)


def test_state_dict_shares_memory_with_parameters():
    layer = nn.Linear(2, 2)
    saved = layer.state_dict()
    with torch.no_grad():
        layer.weight.fill_(3.0)
    assert saved["weight"].tolist() == [[3.0, 3.0], [3.0, 3.0]]


def test_double_converts_in_place_keeping_parameter_identity():
    layer = nn.Linear(2, 3)
    weight = layer.weight
    values = weight.tolist()
    optimizer = torch.optim.SGD(layer.parameters(), lr=0.1)
    assert layer.double() is layer
    assert layer.weight is weight
    assert weight.dtype == torch.float64 and layer.bias.dtype == torch.float64
    assert np.allclose(weight.tolist(), values)
    out = layer(torch.ones(1, 2, dtype=torch.float64)).sum()
    out.backward()
    optimizer.step()
    assert weight.grad.dtype == torch.float64
    assert np.allclose(weight.tolist(), np.array(values) - 0.1)
    layer.to(torch.float32)
    assert weight.dtype == torch.float32 and weight.grad.dtype == torch.float32


def test_train_eval_propagate():
    model = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU()))
    model.eval()
    assert [m.training for m in model.modules()] == [False, False, False, False]
    model.train()
    assert all(m.training for m in model.modules())


def test_zero_grad_and_requires_grad():
    layer = nn.Linear(2, 1)
    layer(torch.ones(3, 2)).sum().backward()
    assert layer.weight.grad.tolist() == [[3.0, 3.0]]
    layer.zero_grad(set_to_none=False)
    assert layer.weight.grad.tolist() == [[0.0, 0.0]]
    layer.zero_grad()
    assert layer.weight.grad is None
    layer.requires_grad_(False)
    assert not layer(torch.ones(3, 2)).requires_grad


def test_apply_visits_children_then_self():
    seen = []
    nn.Sequential(nn.Linear(1, 1), nn.Tanh()).apply(lambda m: seen.append(type(m).__name__))
    assert seen == ["Linear", "Tanh", "Sequential"]


def test_sequential_indexing_and_editing():
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    assert isinstance(model[-1], nn.Linear) and model[-1].out_features == 1
    assert [type(m).__name__ for m in model] == ["Linear", "ReLU", "Linear"]
    del model[1]
    assert list(model._modules) == ["0", "1"]
    model.insert(1, nn.Tanh())
    assert [type(m).__name__ for m in model] == ["Linear", "Tanh", "Linear"]
    model[1] = nn.Sigmoid()
    assert type(model[1]).__name__ == "Sigmoid"


def test_linear_initialisation_bounds_and_seed():
    torch.manual_seed(3)
    a = nn.Linear(16, 8)
    torch.manual_seed(3)
    b = nn.Linear(16, 8)
    assert torch.equal(a.weight, b.weight) and torch.equal(a.bias, b.bias)
    bound = 1 / 16**0.5
    assert a.weight.abs().max().item() <= bound and a.bias.abs().max().item() <= bound
    assert a.weight.abs().max().item() > bound / 2  # spread over the range, not all near zero
    assert type(a.weight).__name__ == "Parameter" and a.weight.is_leaf


def test_parameter_is_a_tensor_sharing_memory():
    data = torch.tensor([1.0, 2.0])
    p = nn.Parameter(data)
    with torch.no_grad():
        p.mul_(2)
    assert data.tolist() == [2.0, 4.0]
    assert isinstance(p, torch.Tensor) and p.requires_grad


def test_deepcopy_and_pickle_keep_parameters():
    model = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
    for clone in (copy.deepcopy(model), pickle.loads(pickle.dumps(model))):
        assert type(clone[0].weight).__name__ == "Parameter"
        assert torch.equal(clone[0].weight, model[0].weight)
        assert clone[0].weight is not model[0].weight
        assert [n for n, _ in clone.named_parameters()] == ["0.weight", "0.bias"]


def test_custom_module_attribute_errors():
    class Early(nn.Module):
        def __init__(self):
            self.w = nn.Parameter(torch.ones(1))

    with pytest.raises(AttributeError, match=r"cannot assign parameters before Module.__init__"):
        Early()
    model = nn.Linear(2, 2)
    model.bias = None  # allowed: the slot stays, empty
    assert [n for n, _ in model.named_parameters()] == ["weight"]
    with pytest.raises(TypeError, match="cannot assign 'int' as child module 'x'"):
        m = nn.Sequential()
        m.x = nn.ReLU()
        m.x = 3


def test_inplace_relu_modifies_input():
    x = torch.tensor([-1.0, 2.0])
    out = nn.ReLU(inplace=True)(x)
    assert out is x and x.tolist() == [0.0, 2.0]


def test_flatten_and_identity():
    x = torch.ones(2, 3, 4)
    assert nn.Flatten()(x).shape == (2, 12)
    assert nn.Identity(54, unused=1)(x) is x


# --- the new primitives, checked against finite differences ------------------------------------


def _double(*shape, low=-1.0, high=1.0, seed=0):
    rng = np.random.default_rng(seed)
    return torch.tensor(rng.uniform(low, high, shape), dtype=torch.float64, requires_grad=True)


PRIMITIVE_CASES = {
    "addmm": lambda: (
        lambda b, x, w: F.linear(x, w, b),
        (_double(3), _double(4, 2, seed=1), _double(3, 2, seed=2)),
    ),
    "binary_cross_entropy": lambda: (
        lambda p, t: F.binary_cross_entropy(p, t, reduction="sum"),
        (_double(5, low=0.1, high=0.9), _double(5, low=0.0, high=1.0, seed=1)),
    ),
    "binary_cross_entropy_with_logits": lambda: (
        lambda x, t: F.binary_cross_entropy_with_logits(
            x, t, pos_weight=torch.tensor([0.5, 1.0, 2.0], dtype=torch.float64)
        ),
        (_double(2, 3), _double(2, 3, low=0, high=1, seed=1)),
    ),
    "nll_loss": lambda: (
        lambda x: F.nll_loss(x, torch.tensor([0, 2, 1]), weight=torch.tensor([1.0, 2.0, 0.5])),
        (_double(3, 3),),
    ),
    "nll_loss_none": lambda: (
        lambda x: F.cross_entropy(x, torch.tensor([1, 0]), reduction="none"),
        (_double(2, 3),),
    ),
    "nll_loss2d": lambda: (
        lambda x: F.cross_entropy(x, torch.tensor([[1, 0, 2], [2, 2, 0]])),
        (_double(2, 3, 3),),
    ),
}


@pytest.mark.parametrize("name", PRIMITIVE_CASES)
def test_new_primitives_first_and_second_derivatives(name):
    fn, inputs = PRIMITIVE_CASES[name]()
    assert torch.autograd.gradcheck(fn, inputs)
    assert torch.autograd.gradgradcheck(fn, inputs)


def test_pos_weight_gradient_flows_to_target_too():
    # BCE's derivative with respect to the target exists in PyTorch; it must here too.
    x = torch.tensor([0.3, -1.2], dtype=torch.float64)
    t = torch.tensor([0.2, 0.9], dtype=torch.float64, requires_grad=True)
    F.binary_cross_entropy_with_logits(x, t, reduction="sum").backward()
    assert np.allclose(t.grad.tolist(), [-0.3, 1.2])


# --- live comparison with PyTorch ---------------------------------------------------------------


@pytest.mark.torch
def test_random_mlp_matches_live_pytorch():
    real = pytest.importorskip("torch")
    rng = np.random.default_rng(11)
    weights = {
        "0.weight": rng.standard_normal((8, 3)),
        "0.bias": rng.standard_normal(8),
        "2.weight": rng.standard_normal((4, 8)),
        "2.bias": rng.standard_normal(4),
    }
    x = rng.standard_normal((10, 3)).astype(np.float32)
    y = rng.integers(0, 4, 10)
    grads = []
    for lib in (torch, real):
        model = lib.nn.Sequential(lib.nn.Linear(3, 8), lib.nn.Tanh(), lib.nn.Linear(8, 4))
        model.load_state_dict({k: lib.tensor(v.astype(np.float32)) for k, v in weights.items()})
        loss = lib.nn.CrossEntropyLoss()(model(lib.tensor(x)), lib.tensor(y))
        loss.backward()
        grads.append([np.asarray(p.grad.numpy()) for p in model.parameters()] + [loss.item()])
    for ours, theirs in zip(*grads):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


# BatchNorm1d/2d: the program, and what PyTorch 2.13 printed for it (recorded with torch).
BATCH_NORM_PROGRAM = """\
torch.manual_seed(0)
bn = torch.nn.BatchNorm2d(2, momentum=None)
x = torch.randn(3, 2, 2, 2, requires_grad=True)
y = bn(x)
(y * torch.arange(24.).view(3, 2, 2, 2)).sum().backward()
print(y[0, 0])
print(x.grad[0, 0])
print(bn.weight.grad, bn.bias.grad)
bn(x * 2)
print(bn.running_mean, bn.running_var, bn.num_batches_tracked)
print(list(bn.state_dict().keys()))
print(torch.nn.BatchNorm1d(3, affine=False, track_running_stats=False))
for f in [
    lambda: torch.nn.BatchNorm1d(3)(torch.ones(1, 3)),
    lambda: torch.nn.BatchNorm1d(3)(torch.ones(2, 3, 1, 1)),
    lambda: torch.nn.BatchNorm2d(3)(torch.ones(2, 3)),
]:
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
m = torch.nn.BatchNorm1d(2).eval()
print(m(torch.tensor([[1., 2.]])))
"""
BATCH_NORM_PRINTED = """\
tensor([[-1.4765, -1.5045],
        [-0.5544, -0.7475]], grad_fn=<SelectBackward0>)
tensor([[-1.9862, -0.7808],
        [-4.8897, -2.7868]])
tensor([ 61.8875, -26.4963]) tensor([114., 162.])
tensor([ 0.4134, -0.3821]) tensor([2.4569, 2.8281]) tensor(2)
['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=False, bias=False, track_running_stats=False)
ValueError Expected more than 1 value per channel when training, got input size torch.Size([1, 3])
ValueError expected 2D or 3D input (got 4D input)
ValueError expected 4D input (got 2D input)
tensor([[1.0000, 2.0000]], grad_fn=<NativeBatchNormBackward0>)
"""


def test_batch_norm_trains_and_evaluates_as_pytorch_does(capsys):
    """Batch statistics in training (NativeBatchNormBackward0, gradients through the mean and
    variance), a cumulative average with momentum=None, buffers in state_dict, PyTorch's
    errors for a lone sample and a wrong number of dims, running statistics in eval mode."""
    exec(BATCH_NORM_PROGRAM, {"torch": torch})
    assert capsys.readouterr().out == BATCH_NORM_PRINTED

"""What a snippet may name, read and call: explicit allow-lists, nothing by default.

Two kinds of list:

1. Namespaces (`torch`, `torch.nn`, `np`, `math`, ...): the names a snippet may read from each,
   and whether each is a function, a class, a plain value or a sub-namespace. A name that is not
   listed is refused even if the engine has it (`torch.load`, `torch.nn.functional.warnings`):
   modules carry their imports around as attributes, and those must stay out of reach.
2. Attributes of objects, by type: which data attributes a snippet may read
   (`x.grad`, `opt.param_groups`) and which methods it may call (`x.backward()`). Anything not
   listed is refused, including every name that starts with `_`, which the checker refuses
   before the snippet even starts.

What belongs: operations that only compute (every Tensor method that is pure maths or autograd),
inspection a learner needs (`grad_fn.next_functions`, `model.parameters()`), and the few
mutations the tutorials use (`zero_()`, `requires_grad_()`, `optimizer.step()`).

Functions the engine calls back (`x.register_hook(f)`, `autograd.functional.jacobian(f, x)`,
`optimizer.step(closure)`) take only the snippet's own functions (functions.py runs each call in
the interpreter, on the run's budget) or torch functions; never a Python builtin or anything else
the engine would call outside the interpreter. What does not belong, on purpose: anything that
hands out raw NumPy arrays (`numpy()`, `from_numpy`), files and pickling (`save`, `load`,
`state_dict` loading from disk does not exist), and introspection (`getattr`, `vars`, `dir`,
`__dict__`; `type(x)` gives a stand-in that only compares and prints, safe_builtins.b_type).
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .random_module import FUNCTIONS as RANDOM_FUNCTIONS

# --- namespaces -------------------------------------------------------------------------------

FUNCTION, CLASS, VALUE = "function", "class", "value"


def words(text: str) -> frozenset[str]:
    """The space-separated names in `text` (the lists below read better as prose)."""
    return frozenset(text.split())


def _names(kind: str, text: str) -> dict[str, str]:
    return dict.fromkeys(sorted(words(text)), kind)


_TORCH = {
    **_names(
        FUNCTION,
        # creating tensors
        "tensor as_tensor zeros ones full empty eye arange linspace logspace rand randn randint "
        "randperm normal zeros_like ones_like full_like empty_like rand_like randn_like "
        "multinomial "
        "manual_seed seed initial_seed "
        # maths, reductions, shapes (the engine's torch_functions.py)
        "abs absolute acos add all allclose amax amin any arccos arcsin arctan argmax argmin asin "
        "atan bmm broadcast_to cat ceil chunk clamp clip clone concat concatenate cos cosh cumsum "
        "div divide dot eq equal exp expand expm1 flatten flip floor floor_divide fmod gather ge "
        "ger gt greater greater_equal inner isclose isfinite isinf isnan le leaky_relu less "
        "less_equal log log1p log2 log10 log_softmax logical_and logical_not logical_or "
        "logical_xor logsumexp lt masked_fill matmul max maximum mean min minimum mm movedim mul "
        "multiply mv narrow ne neg negative norm not_equal numel outer permute pow prod "
        "reciprocal relu remainder repeat reshape round rsqrt rsub scatter scatter_add select "
        "sigmoid sign sin sinh softmax softplus split sqrt square squeeze stack std sub subtract "
        "sum swapaxes swapdims t tan tanh transpose true_divide trunc unbind unsqueeze var where "
        # picking, ordering, arranging, more maths, linear algebra (picking.py, arranging.py,
        # more_maths.py, einsum.py, linalg.py)
        "argsort argwhere bincount count_nonzero index_add index_select kthvalue masked_select "
        "median msort "
        "nonzero "
        "sort take tensor_split topk unique atleast_1d atleast_2d atleast_3d column_stack cumprod "
        "diag diag_embed diagonal diff dstack hstack meshgrid roll row_stack tril triu unflatten "
        "vstack einsum tensordot det dist inverse cross acosh addcdiv addcmul arccosh arcsinh "
        "arctan2 arctanh asinh atan2 atanh deg2rad exp2 frac hypot lerp logaddexp logit "
        "nan_to_num nanmean nansum rad2deg sgn std_mean var_mean xlogy "
        # modes and questions
        "is_tensor is_floating_point is_grad_enabled is_inference_mode_enabled get_default_dtype "
        "is_anomaly_enabled is_anomaly_check_nan_enabled "
        "set_printoptions",
    ),
    **_names(
        CLASS,
        "Tensor Size device dtype no_grad enable_grad set_grad_enabled inference_mode Generator",
    ),
    **_names(VALUE, "float32 float float64 double int64 long int32 int bool pi e inf nan"),
    # in-place maths called as functions (torch.sin_(a))
    **_names(FUNCTION, "abs_ cos_ exp_ log_ neg_ relu_ sigmoid_ sin_ sqrt_ tanh_"),
    "nn": "torch.nn",
    "optim": "torch.optim",
    "autograd": "torch.autograd",
    "cuda": "torch.cuda",
    "accelerator": "torch.accelerator",  # the tutorials' first line: "cpu" here
    "utils": "torch.utils",
    "linalg": "torch.linalg",
}

_NN = {
    **_names(
        CLASS,
        "Module Linear Sequential ModuleList Identity Flatten ReLU LeakyReLU Sigmoid Tanh Softplus "
        "Softmax LogSoftmax MSELoss L1Loss BCELoss BCEWithLogitsLoss CrossEntropyLoss NLLLoss "
        "Parameter Embedding LayerNorm BatchNorm1d BatchNorm2d SELU CELU Hardswish LogSigmoid "
        "Softsign GLU Tanhshrink "
        "SmoothL1Loss HuberLoss KLDivLoss Conv2d MaxPool2d AvgPool2d Dropout LazyLinear "
        "UninitializedParameter",
    ),
    "functional": "torch.nn.functional",
    "init": "torch.nn.init",
    "utils": "torch.nn.utils",
}

_FUNCTIONAL = _names(
    FUNCTION,
    "relu leaky_relu tanh sigmoid softplus softmax log_softmax linear mse_loss l1_loss "
    "binary_cross_entropy binary_cross_entropy_with_logits nll_loss cross_entropy "
    "one_hot pad normalize cosine_similarity embedding layer_norm batch_norm smooth_l1_loss "
    "huber_loss "
    "kl_div logsigmoid softsign selu celu hardswish glu tanhshrink "
    "conv2d max_pool2d avg_pool2d unfold fold",
)

_INIT = _names(
    FUNCTION,
    "uniform_ normal_ constant_ zeros_ ones_ xavier_uniform_ xavier_normal_ kaiming_uniform_ "
    "kaiming_normal_ calculate_gain eye_ trunc_normal_ orthogonal_",
)

# Gradient clipping and flattening: they only compute, or write .grad / parameters in place.
_NN_UTILS = _names(
    FUNCTION,
    "clip_grad_norm_ clip_grad_value_ get_total_norm parameters_to_vector vector_to_parameters",
)

_OPTIM = {
    **_names(CLASS, "SGD Adam AdamW RMSprop Adagrad Adadelta Optimizer"),
    "lr_scheduler": "torch.optim.lr_scheduler",
}

_LR_SCHEDULER = _names(
    CLASS,
    "LambdaLR MultiplicativeLR StepLR MultiStepLR ExponentialLR CosineAnnealingLR "
    "ReduceLROnPlateau LRScheduler",
)

_AUTOGRAD = {
    **_names(FUNCTION, "grad backward is_grad_enabled gradcheck gradgradcheck"),
    **_names(
        CLASS,
        "no_grad enable_grad set_grad_enabled inference_mode set_detect_anomaly detect_anomaly "
        "Function",
    ),
    "functional": "torch.autograd.functional",
    "function": "torch.autograd.function",
}

# `from torch.autograd.function import once_differentiable`, as "Extending PyTorch" writes it
# (the decorator is applied by functions.py, to a backward of the snippet's own).
_AUTOGRAD_FUNCTION = {**_names(CLASS, "Function"), **_names(FUNCTION, "once_differentiable")}

_LINALG = _names(FUNCTION, "norm vector_norm matrix_norm det inv solve cross multi_dot")

# Each takes a function of the snippet's and calls it (see functions.py: bounded, in the run).
_AUTOGRAD_FUNCTIONAL = _names(FUNCTION, "jacobian hessian vjp jvp hvp vhp")

_UTILS = {"data": "torch.utils.data"}
# The samplers only hand out indices (bounded by the dataset's length, drawn from the seeded
# generator): DataLoader(sampler=...), BatchSampler(SequentialSampler(...), 3, False).
_DATA = {
    **_names(
        CLASS,
        "TensorDataset DataLoader Dataset Subset Sampler SequentialSampler RandomSampler "
        "SubsetRandomSampler BatchSampler",
    ),
    "random_split": FUNCTION,
}

_CUDA = _names(FUNCTION, "is_available device_count")
_ACCELERATOR = _names(FUNCTION, "is_available current_accelerator")

# NumPy: arrays would be a second tensor library to secure, and no tutorial cell that runs here
# needs one; the constants are handy and harmless. Everything else is refused with a pointer to
# the torch function that does the same (np.linspace -> torch.linspace).
_NUMPY = _names(VALUE, "pi e inf nan")

_MATH = {
    **_names(VALUE, "pi e inf nan tau"),
    **_names(
        FUNCTION,
        "sqrt exp log log2 log10 log1p expm1 sin cos tan asin acos atan atan2 sinh cosh tanh "
        "fabs floor ceil trunc isclose isnan isinf isfinite hypot degrees radians copysign",
    ),
}

NAMESPACES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "torch": MappingProxyType(_TORCH),
        "torch.nn": MappingProxyType(_NN),
        "torch.nn.functional": MappingProxyType(_FUNCTIONAL),
        "torch.nn.init": MappingProxyType(_INIT),
        "torch.nn.utils": MappingProxyType(_NN_UTILS),
        "torch.optim": MappingProxyType(_OPTIM),
        "torch.optim.lr_scheduler": MappingProxyType(_LR_SCHEDULER),
        "torch.autograd": MappingProxyType(_AUTOGRAD),
        "torch.linalg": MappingProxyType(_LINALG),
        "torch.autograd.functional": MappingProxyType(_AUTOGRAD_FUNCTIONAL),
        "torch.autograd.function": MappingProxyType(_AUTOGRAD_FUNCTION),
        "torch.cuda": MappingProxyType(_CUDA),
        "torch.accelerator": MappingProxyType(_ACCELERATOR),
        "torch.utils": MappingProxyType(_UTILS),
        "torch.utils.data": MappingProxyType(_DATA),
        "numpy": MappingProxyType(_NUMPY),
        "math": MappingProxyType(_MATH),
        "random": MappingProxyType(_names(FUNCTION, " ".join(sorted(RANDOM_FUNCTIONS)))),
        # copy.deepcopy / copy.copy: copy_module.py (values walked and charged before copying)
        "copy": MappingProxyType(_names(FUNCTION, "copy deepcopy")),
    }
)

# Where each namespace lives in this package (numpy and math are served from Python's math).
_REAL = MappingProxyType(
    {
        "torch": "autograd_core",
        "torch.nn": "autograd_core.nn",
        "torch.nn.functional": "autograd_core.nn.functional",
        "torch.nn.init": "autograd_core.nn.init",
        "torch.nn.utils": "autograd_core.nn.utils",
        "torch.optim": "autograd_core.optim",
        "torch.optim.lr_scheduler": "autograd_core.optim.lr_scheduler",
        "torch.autograd": "autograd_core.autograd",
        "torch.linalg": "autograd_core.linalg",
        "torch.autograd.functional": "autograd_core.autograd.functional",
        "torch.autograd.function": "autograd_core.autograd.function",
        "torch.utils": "autograd_core.utils",
        "torch.utils.data": "autograd_core.utils.data",
    }
)

# Known but refused, with the alternative to suggest.
REFUSED_HINTS: Mapping[str, str] = MappingProxyType(
    {
        "torch.__version__": "the version is not available in the playground",
        # d2l's "File I/O" and every checkpointing recipe: a copy in memory does what a
        # learner needs a file for on this page
        "torch.save": (
            "files are not available in the playground; to keep a model's weights, copy them "
            "in memory: saved = copy.deepcopy(model.state_dict()), later "
            "model.load_state_dict(saved)"
        ),
        "torch.load": (
            "files are not available in the playground; to keep a model's weights, copy them "
            "in memory: saved = copy.deepcopy(model.state_dict()), later "
            "model.load_state_dict(saved)"
        ),
        "torch.from_numpy": "NumPy arrays are not supported here: use torch.tensor([...])",
        # The NumPy names that tutorials use most and torch spells differently (the NumPy
        # warm-up of "Learning PyTorch with Examples" is the same program with torch.*).
        "numpy.array": "NumPy arrays are not supported here; use torch.tensor([...]) instead",
        "numpy.asarray": "NumPy arrays are not supported here; use torch.tensor([...]) instead",
        "numpy.random": (
            "NumPy arrays are not supported here; use torch.randn / torch.rand / torch.randint "
            "(after torch.manual_seed) instead"
        ),
    }
)


def real_object(path: str) -> Any:
    """The module (or class) that serves namespace `path`; ImportError if it is missing."""
    if path in ("torch.cuda", "torch.accelerator"):
        return getattr(importlib.import_module("autograd_core"), path.split(".")[1])
    if path in ("numpy", "math"):
        return math
    return importlib.import_module(_REAL[path])


def namespace_member(path: str, name: str) -> tuple[str, Any] | None:
    """(kind, value) of `path.name` if the allow-list has it, else None.

    kind is FUNCTION, CLASS, VALUE, or "namespace" (value: the dotted path). Raises
    AttributeError when the name is allowed but this version of the engine lacks it.
    """
    kind = NAMESPACES[path].get(name)
    if kind is None:
        return None
    if kind in NAMESPACES:  # a sub-namespace: its value is its path
        return "namespace", kind
    if path == "numpy":
        return VALUE, {"pi": math.pi, "e": math.e, "inf": math.inf, "nan": math.nan}[name]
    owner = real_object(path)
    value = getattr(owner, name)
    return kind, value


# --- attributes of objects ----------------------------------------------------------------------

TENSOR_DATA = words(
    "grad data grad_fn is_leaf requires_grad shape dtype device T mT ndim retains_grad is_cuda "
    "output_nr"
)

TENSOR_METHODS = words(
    # autograd
    "backward detach detach_ requires_grad_ retain_grad register_hook "
    "register_post_accumulate_grad_hook "
    # values and shape questions
    "item tolist size dim ndimension numel nelement is_floating_point is_inference element_size "
    "stride "
    "is_contiguous contiguous equal allclose "
    # conversions (there is one device, the CPU: .to('cpu') and .cpu() are no-ops)
    "to float double long int bool type type_as cpu cuda clone "
    "new_tensor new_zeros new_ones new_full view_as reshape_as expand_as "
    # in-place updates
    "zero_ fill_ copy_ add_ sub_ mul_ div_ pow_ subtract_ multiply_ divide_ clamp_ clip_ neg_ "
    "abs_ exp_ sqrt_ relu_ sigmoid_ tanh_ sin_ cos_ log_ masked_fill_ scatter_add_ uniform_ "
    "random_ normal_ tril_ triu_ "
    # maths (each is the torch function of the same name)
    "add sub subtract mul multiply div divide true_divide floor_divide remainder fmod neg "
    "negative reciprocal pow square exp log log2 log10 log1p expm1 sqrt rsqrt sin cos tan asin "
    "acos atan arcsin arccos arctan sinh cosh tanh sigmoid relu sign softplus floor ceil trunc "
    "round abs absolute clamp clip maximum minimum eq ne lt le gt ge greater greater_equal less "
    "less_equal not_equal isnan isinf isfinite logical_not logical_and logical_or logical_xor "
    "isclose sum mean prod max min amax amin argmax argmin var std logsumexp softmax log_softmax "
    "scatter scatter_ scatter_add scatter_add_ gather "
    "norm cumsum all any reshape view flatten squeeze unsqueeze transpose swapaxes swapdims t "
    "permute movedim expand repeat flip narrow select unbind split chunk masked_fill mm mv dot "
    "inner outer ger matmul bmm leaky_relu where "
    "tensor_split index_add index_add_ index_select take masked_select sort argsort msort topk "
    "median kthvalue unfold unique bincount multinomial "
    "count_nonzero nonzero argwhere tril triu diag diagonal diag_embed roll cumprod diff "
    "unflatten asinh arcsinh acosh arccosh atanh arctanh exp2 deg2rad rad2deg logit sgn frac "
    "nan_to_num atan2 arctan2 hypot logaddexp xlogy lerp addcmul addcdiv nansum nanmean det "
    "inverse cross dist"
)

MODULE_DATA = words(
    "training weight bias in_features out_features negative_slope inplace dim start_dim end_dim "
    "reduction ignore_index label_smoothing pos_weight num_embeddings embedding_dim padding_idx "
    "normalized_shape eps elementwise_affine alpha beta delta log_target "
    "in_channels out_channels kernel_size stride padding dilation groups ceil_mode p"
)
MODULE_METHODS = words(
    # `eval` here is nn.Module's evaluation-mode switch (model.eval), as in PyTorch.
    "forward parameters named_parameters children named_children modules named_modules buffers "
    "named_buffers train eval requires_grad_ zero_grad to float double cpu state_dict "
    "load_state_dict append extend insert add_module register_module register_parameter "
    "register_buffer get_submodule get_parameter extra_repr apply "
    # hooks: the engine calls the snippet's function back, in the run (calls.CALLBACK_TAKERS)
    "register_forward_hook register_forward_pre_hook register_full_backward_hook "
    "register_full_backward_pre_hook"
)

OPTIMIZER_DATA = words("param_groups state defaults")
OPTIMIZER_METHODS = words("step zero_grad add_param_group state_dict load_state_dict")
SCHEDULER_DATA = words("last_epoch base_lrs optimizer best num_bad_epochs cooldown_counter")
_STATE = words("state_dict load_state_dict")
SCHEDULER_METHODS = words("step get_last_lr") | _STATE

NODE_DATA = words("next_functions metadata")
NODE_METHODS = frozenset({"name"})
ACCUMULATE_DATA = words("next_functions variable metadata")

STR_METHODS = words(
    "format join split rsplit splitlines strip lstrip rstrip upper lower title capitalize "
    "swapcase replace startswith endswith count find rfind index rindex ljust rjust center zfill "
    "isdigit isalpha isalnum isspace isupper islower isnumeric"
)
LIST_METHODS = words("append extend insert pop remove index count reverse copy clear sort")
DICT_METHODS = words("keys values items get pop setdefault update copy clear")
SET_METHODS = words("add discard remove copy clear pop")
TUPLE_METHODS = words("index count")
RANGE_DATA = words("start stop step")
NUMBER_METHODS = frozenset({"is_integer", "bit_length", "conjugate"})
NUMBER_DATA = frozenset({"real", "imag"})


def attribute_rules() -> tuple[tuple[type, frozenset[str], frozenset[str]], ...]:
    """(type, readable data attributes, callable methods), checked in order with isinstance.

    Built per run (modules are imported lazily, so a half-finished nn/ does not break the rest).
    """
    from autograd_core import torch_functions as functions
    from autograd_core.creation import Generator
    from autograd_core.dtypes import dtype
    from autograd_core.function import AccumulateGrad, Node
    from autograd_core.tensor import Size, Tensor, device

    rules: list[tuple[type, frozenset[str], frozenset[str]]] = [
        (Tensor, TENSOR_DATA, TENSOR_METHODS),
        (Node, NODE_DATA, NODE_METHODS),
        (AccumulateGrad, ACCUMULATE_DATA, NODE_METHODS),
    ]
    # x.max(dim=0) returns torch.return_types.max: a (values, indices) named tuple
    return_type = getattr(functions, "_ReturnType", None)
    if return_type is not None:
        rules.append((return_type, frozenset({"values", "indices"}), TUPLE_METHODS))
    rules += [
        (Size, frozenset(), TUPLE_METHODS | {"numel"}),
        (dtype, frozenset({"is_floating_point", "itemsize", "is_signed"}), frozenset()),
        (device, frozenset({"type", "index"}), frozenset()),
        (Generator, frozenset(), frozenset({"manual_seed", "initial_seed", "seed"})),
    ]
    try:
        from autograd_core.nn import Module
        from autograd_core.optim import Optimizer
        from autograd_core.optim.lr_scheduler import LambdaLR, LRScheduler, MultiplicativeLR
    except ImportError:  # nn/optim not available in this build: the rest still works
        pass
    else:
        # A LambdaLR's state_dict() would copy the attributes of the snippet's own lr_lambda
        # objects (the interpreter's, here): its schedulers keep to step and get_last_lr.
        rules += [
            (Module, MODULE_DATA, MODULE_METHODS),
            (Optimizer, OPTIMIZER_DATA, OPTIMIZER_METHODS),
            (LambdaLR, SCHEDULER_DATA, SCHEDULER_METHODS - _STATE),
            (MultiplicativeLR, SCHEDULER_DATA, SCHEDULER_METHODS - _STATE),
            (LRScheduler, SCHEDULER_DATA, SCHEDULER_METHODS),
        ]
    from autograd_core.function import RemovableHandle

    try:
        from autograd_core.utils.data import DataLoader, Dataset, Subset, TensorDataset
    except ImportError:  # no torch.utils.data in this build
        pass
    else:
        rules += [
            (TensorDataset, frozenset({"tensors"}), frozenset()),
            (Subset, frozenset({"dataset", "indices"}), frozenset()),
            (DataLoader, frozenset({"dataset", "batch_size", "drop_last"}), frozenset()),
            (Dataset, frozenset(), frozenset()),
        ]
    rules += [
        (RemovableHandle, frozenset(), frozenset({"remove"})),
        (str, frozenset(), STR_METHODS),
        (list, frozenset(), LIST_METHODS),
        (dict, frozenset(), DICT_METHODS),
        (set, frozenset(), SET_METHODS),
        (tuple, frozenset(), TUPLE_METHODS),
        (range, RANGE_DATA, TUPLE_METHODS),
        (bool, frozenset(), frozenset()),
        (int, NUMBER_DATA, NUMBER_METHODS - {"is_integer"}),
        (float, NUMBER_DATA, NUMBER_METHODS - {"bit_length"}),
    ]
    return tuple(rules)


# --- builtins -----------------------------------------------------------------------------------

# Python builtins a snippet may use (implemented, with bounds, in safe_builtins.py).
BUILTINS = words(
    "print range len abs round float int bool str repr list tuple dict set sum min max enumerate "
    "zip isinstance any all sorted reversed format iter next map filter"
)

# Names refused before anything runs, whatever the snippet assigns: the ways out of a sandbox.
FORBIDDEN_NAMES = words(
    "eval exec compile open input getattr setattr delattr hasattr type vars dir globals locals "
    "help breakpoint memoryview object super classmethod staticmethod property id hash "
    "callable bytes bytearray exit quit copyright credits license issubclass aiter anext "
    "chr ord BaseException SystemExit KeyboardInterrupt GeneratorExit "
    "BaseExceptionGroup ExceptionGroup"
)

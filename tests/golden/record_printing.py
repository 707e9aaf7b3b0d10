"""Record PyTorch's exact tensor reprs into tests/golden/printing.json.

Run with an interpreter that has torch installed:

    /path/to/torch-venv/bin/python tests/golden/record_printing.py

Each case stores how to rebuild the values, the dtype, the autograd flags, any print
options, and the string ``repr(tensor)`` gave. Small tensors store their values as nested
lists (nan/inf as the strings "nan", "inf", "-inf"). Large ones store a recipe instead: a
tiny linear congruential generator in plain Python integer and float arithmetic, which gives
bit-identical numbers on every platform and NumPy version. tests/test_printing.py imports
:func:`materialise` from this file, so the recorder and the test decode cases the same way.

torch is imported inside :func:`main` only, so the test suite can use this module without it.
"""

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

GOLDEN_PATH = Path(__file__).with_name("printing.json")
NUMPY_DTYPES = {
    "float32": np.float32,
    "float64": np.float64,
    "int64": np.int64,
    "int32": np.int32,
    "bool": np.bool_,
}
# Cases up to this many elements store explicit values; bigger ones store their recipe.
MAX_EXPLICIT = 64


def _lcg(recipe: dict[str, Any], count: int) -> list[float]:
    """``count`` pseudo-random numbers in [low, high), rounded to integers if asked."""
    state, low, high = recipe["seed"], recipe["low"], recipe["high"]
    out: list[float] = []
    for _ in range(count):
        state = (1664525 * state + 1013904223) % 2**32
        value = low + (high - low) * (state / 2**32)
        out.append(math.floor(value) if recipe.get("integers") else value)
    return out


def _decode(values: Any) -> Any:
    if isinstance(values, list):
        return [_decode(v) for v in values]
    return float(values) if isinstance(values, str) else values


def _encode(values: Any) -> Any:
    if isinstance(values, list):
        return [_encode(v) for v in values]
    if isinstance(values, float) and not math.isfinite(values):
        return str(values)  # "nan", "inf", "-inf": JSON has no spelling for them
    return values


def materialise(case: dict[str, Any]) -> np.ndarray:
    """Rebuild a case's values as a NumPy array of its dtype and shape."""
    dtype = NUMPY_DTYPES[case["dtype"]]
    shape = tuple(case["shape"])
    if "values" in case:
        return np.array(_decode(case["values"]), dtype=dtype).reshape(shape)
    recipe = case["recipe"]
    count = math.prod(shape)
    if recipe["kind"] == "lcg":
        flat: list[Any] = _lcg(recipe, count)
    elif recipe["kind"] == "arange":
        flat = [recipe["start"] + i * recipe["step"] for i in range(count)]
    else:
        raise ValueError(f"unknown recipe {recipe['kind']!r}")
    for index, value in recipe.get("overrides", []):
        flat[index] = _decode(value)
    source = np.float64 if case["dtype"].startswith("float") else np.int64
    return np.array(flat, dtype=source).astype(dtype).reshape(shape)


def _case(
    name: str,
    dtype: str,
    *,
    values: Any = None,
    shape: tuple[int, ...] | None = None,
    recipe: dict[str, Any] | None = None,
    requires_grad: bool = False,
    options: dict[str, Any] | None = None,
    op: str | None = None,
) -> dict[str, Any]:
    """Describe a case. ``op`` names an autograd operation applied by main() (see _OPS)."""
    case: dict[str, Any] = {"name": name, "dtype": dtype}
    if recipe is not None:
        case["shape"] = list(shape or ())
        case["recipe"] = recipe
        if math.prod(case["shape"]) <= MAX_EXPLICIT:  # small: readable values beat a recipe
            array = materialise(case)
            case["values"] = _encode(array.tolist())
            del case["recipe"]
    else:
        array = np.array(_decode(values), dtype=NUMPY_DTYPES[dtype])
        if shape is not None:
            array = array.reshape(shape)
        case["shape"] = list(array.shape)
        case["values"] = _encode(array.tolist())
    case["requires_grad"] = requires_grad
    case["op"] = op
    case["options"] = options
    return case


def _rand(seed: int, low: float, high: float, **extra: Any) -> dict[str, Any]:
    return {"kind": "lcg", "seed": seed, "low": low, "high": high, **extra}


def build_cases() -> list[dict[str, Any]]:
    """The corpus. Names are unique; they become pytest ids."""
    c: list[dict[str, Any]] = []
    nan, inf = "nan", "inf"

    # --- Number formats: int mode, fixed point, scientific ---------------------------------
    c.append(_case("int_mode", "float32", values=[3.0, 12.0, 27.0]))
    c.append(_case("fixed_thirds", "float32", values=[2 / 3, 4 / 3, 2.0]))
    c.append(_case("sci_wide_range", "float32", values=[1e-5, 1e5]))
    c.append(_case("sci_small", "float32", values=[1e-5, 2e-5]))
    c.append(_case("sci_big", "float32", values=[1.5e8, 2.5e8]))
    c.append(_case("fixed_range_999", "float32", values=[0.001, 0.999]))
    c.append(_case("sci_range_1001", "float32", values=[0.001, 1.001]))
    c.append(_case("int_mode_negative", "float32", values=[-3.0, 0.0, 12.0, -100.0]))
    c.append(_case("int_mode_1e8", "float32", values=[1e8, 1.0, 2.0]))
    c.append(_case("int_mode_sci_1e9", "float64", values=[1e9, 1e3]))
    c.append(_case("float32_point_one", "float32", values=[0.1, 0.2, 0.3]))
    c.append(_case("float64_point_one", "float64", values=[0.1, 0.2, 0.3]))
    c.append(_case("rounds_to_int_looking", "float32", values=[0.99999, 1.00001]))
    c.append(_case("half_and_third", "float32", values=[0.5, 1 / 3]))
    c.append(_case("threshold_1e-4", "float32", values=[1e-4, 0.05]))
    c.append(_case("brief_0.97", "float32", values=[0.97] * 4, requires_grad=True))
    c.append(_case("mixed_sign_fixed", "float64", values=[-1.25, 3.5, -0.001, 7.0]))

    # --- Scalars (0-dim) -----------------------------------------------------------------
    scalars = [
        ("s_one", "float32", 1.0),
        ("s_25", "float32", 25.0),
        ("s_1e-5", "float32", 1e-5),
        ("s_123456789_f32", "float32", 123456789.0),
        ("s_123456789_f64", "float64", 123456789.0),
        ("s_neg_zero", "float32", -0.0),
        ("s_zero", "float64", 0.0),
        ("s_half", "float32", 0.5),
        ("s_third", "float32", 1 / 3),
        ("s_third_f64", "float64", 1 / 3),
        ("s_nan", "float32", nan),
        ("s_inf", "float64", inf),
        ("s_neg_inf", "float32", "-inf"),
        ("s_big", "float32", 3.0e38),
        ("s_tiny_subnormal", "float32", 1e-45),
        ("s_f64_max", "float64", 1.7976931348623157e308),
        ("s_f64_min_normal", "float64", 2.2250738585072014e-308),
        ("s_int", "int64", -42),
        ("s_int32", "int32", 7),
        ("s_true", "bool", True),
        ("s_false", "bool", False),
        ("s_two_f64", "float64", 2.0),
    ]
    c.extend(_case(name, dtype, values=value) for name, dtype, value in scalars)

    # --- nan / inf / negative zero -------------------------------------------------------
    specials = [
        ("nan_only", [nan]),
        ("inf_only", [inf, "-inf"]),
        ("inf_and_int", [1.0, inf]),
        ("nan_wide_int", [100.0, nan]),
        ("nan_fixed", [nan, 1.5, 2.25]),
        ("nan_sci", [1e-5, nan, "-inf"]),
        ("all_special", [nan, inf, "-inf", 0.0, -0.0]),
        ("neg_zero_only", [-0.0]),
        ("zero_neg_zero", [0.0, -0.0]),
        ("neg_zero_fixed", [-0.0, 1.5]),
        ("neg_zero_sci", [-0.0, 1e-7]),
        ("zeros", [0.0, 0.0, 0.0]),
        ("big_and_inf", [1e10, inf]),
        ("nan_big_int", [nan, 123456.0, -7.0]),
    ]
    for dtype in ("float32", "float64"):
        c.extend(_case(f"{name}_{dtype}", dtype, values=v) for name, v in specials)
    c.append(_case("nan_matrix", "float32", values=[[nan, 1.0], [inf, -2.5]]))

    # --- Integers and bools --------------------------------------------------------------
    c.append(_case("ints", "int64", values=[1, 2, 3]))
    c.append(_case("ints_negative", "int64", values=[-5, 0, 123, -10000]))
    c.append(_case("int32_negative", "int32", values=[[-1, 2], [30, -400]]))
    c.append(_case("int64_extremes", "int64", values=[-(2**63), 2**63 - 1, 0]))
    c.append(_case("bools", "bool", values=[True, False, True]))
    c.append(_case("bools_all_true", "bool", values=[True, True]))
    c.append(_case("bool_matrix", "bool", values=[[True, False], [False, False]]))
    c.append(_case("ints_wrap", "int64", recipe=_rand(11, -1e6, 1e6, integers=True), shape=(40,)))
    c.append(_case("int32_3d", "int32", recipe=_rand(12, -50, 50, integers=True), shape=(2, 3, 4)))
    c.append(_case("bools_wrap", "bool", recipe=_rand(13, 0, 2, integers=True), shape=(30,)))

    # --- Empty tensors -------------------------------------------------------------------
    for shape in [(0,), (0, 3), (3, 0), (2, 0, 4)]:
        for dtype in NUMPY_DTYPES:
            label = "x".join(map(str, shape))
            c.append(_case(f"empty_{label}_{dtype}", dtype, values=[], shape=shape))
    c.append(_case("empty_grad", "float32", values=[], shape=(0,), requires_grad=True))

    # --- Layout: 2-D, 3-D, 4-D, line wrapping --------------------------------------------
    c.append(_case("matrix_2x3", "float32", values=[[1.0, 2.5, -3.0], [4.0, 5.0, 6.125]]))
    c.append(_case("matrix_int_mode", "float32", values=[[1.0, 20.0], [300.0, -4.0]]))
    c.append(_case("column", "float32", values=[[1.5], [2.5], [3.5]]))
    c.append(_case("row", "float64", values=[[1.5, 2.5, 3.5]]))
    c.append(
        _case(
            "cube_2x2x2",
            "float32",
            recipe={"kind": "arange", "start": 0, "step": 1},
            shape=(2, 2, 2),
        )
    )
    c.append(
        _case(
            "hyper_2x2x2x2",
            "int64",
            recipe={"kind": "arange", "start": -8, "step": 1},
            shape=(2, 2, 2, 2),
        )
    )
    c.append(_case("one_by_one", "float32", values=[[[7.5]]]))
    c.append(_case("wrap_fixed_30", "float32", recipe=_rand(21, -1, 1), shape=(30,)))
    c.append(_case("wrap_matrix_3x20", "float32", recipe=_rand(22, -10, 10), shape=(3, 20)))
    c.append(_case("wrap_cube_2x2x15", "float64", recipe=_rand(23, 0, 1), shape=(2, 2, 15)))
    c.append(_case("wrap_sci_12", "float32", recipe=_rand(24, -1e6, 1e6), shape=(12,)))
    for n in range(6, 14):  # sweep across the point where suffixes move to their own line
        c.append(
            _case(
                f"f64_grad_len{n}",
                "float64",
                recipe=_rand(30 + n, -9, 9),
                shape=(n,),
                requires_grad=True,
            )
        )

    # --- Random data of several magnitudes -----------------------------------------------
    magnitudes = [1e-6, 1e-3, 1.0, 10.0, 1e3, 1e6, 1e9, 1e20]
    seed = 100
    for dtype in ("float32", "float64"):
        for scale in magnitudes:
            for shape in [(5,), (3, 4)]:
                seed += 1
                label = "x".join(map(str, shape))
                c.append(
                    _case(
                        f"rand_{dtype}_{scale:g}_{label}",
                        dtype,
                        recipe=_rand(seed, -scale, scale),
                        shape=shape,
                    )
                )
        for low, high in [(0, 1e-8), (1, 2), (-1e-3, 1e5)]:
            seed += 1
            c.append(
                _case(
                    f"rand_{dtype}_{low:g}_{high:g}",
                    dtype,
                    recipe=_rand(seed, low, high),
                    shape=(2, 3, 2),
                )
            )

    # --- Summarised tensors (more than 1000 elements) ------------------------------------
    big = [
        ("big_1001", "float32", (1001,), _rand(201, -1, 1)),
        ("big_5000", "float32", (5000,), _rand(202, -100, 100)),
        ("big_2d", "float32", (40, 50), _rand(203, 0, 1)),
        ("big_2d_tall", "float64", (1001, 1), _rand(204, -5, 5)),
        ("big_2d_wide", "float32", (1, 1001), _rand(205, -5, 5)),
        ("big_2d_few_rows", "float32", (3, 1000), _rand(206, -5, 5)),
        ("big_3d", "float32", (10, 15, 20), _rand(207, -1e4, 1e4)),
        ("big_4d", "float64", (8, 8, 8, 8), _rand(208, -1, 1)),
        ("big_int64", "int64", (1500,), _rand(209, -1e5, 1e5, integers=True)),
        ("big_int32_2d", "int32", (50, 30), _rand(210, -99, 99, integers=True)),
        ("big_bool", "bool", (1200,), _rand(211, 0, 2, integers=True)),
        ("big_bool_3d", "bool", (10, 10, 11), _rand(212, 0, 2, integers=True)),
        ("big_int_valued_float", "float32", (2000,), {"kind": "arange", "start": 0, "step": 1}),
        (
            "big_int_valued_3d",
            "float64",
            (11, 10, 10),
            {"kind": "arange", "start": -550, "step": 1},
        ),
        # A huge value hidden in the middle must not widen or switch the format.
        (
            "big_hidden_outlier",
            "float32",
            (1001,),
            _rand(213, -1, 1, overrides=[[500, 1e30], [501, "nan"]]),
        ),
        (
            "big_edge_nan_inf",
            "float32",
            (30, 40),
            _rand(214, -1, 1, overrides=[[0, "nan"], [1199, "inf"], [2, "-inf"]]),
        ),
        ("big_sci", "float64", (1100,), _rand(215, -1e-6, 1e6)),
        ("big_3d_wide_rows", "float32", (2, 3, 300), _rand(216, -1, 1)),
        ("exactly_1000", "int64", (1000,), {"kind": "arange", "start": 0, "step": 1}),
        ("big_grad", "float32", (1001,), _rand(217, -1, 1)),
    ]
    for name, dtype, shape, recipe in big:
        c.append(_case(name, dtype, recipe=recipe, shape=shape, requires_grad=name == "big_grad"))

    # --- Autograd suffixes ---------------------------------------------------------------
    c.append(_case("grad_leaf_vec", "float32", values=[1.0, 2.0, 3.0], requires_grad=True))
    c.append(_case("grad_leaf_f64", "float64", values=2.0, requires_grad=True))
    c.append(_case("grad_leaf_f64_vec", "float64", values=[0.5, 1.5], requires_grad=True))
    c.append(_case("grad_pow", "float32", values=5.0, requires_grad=True, op="pow2"))
    c.append(_case("grad_mul_f64", "float64", values=[1.0, 2.0], requires_grad=True, op="mul3"))
    c.append(
        _case("grad_sum", "float32", values=[[1.0, 2.0], [3.0, 4.5]], requires_grad=True, op="sum")
    )
    c.append(_case("grad_mean", "float32", values=[1.0, 2.0, 4.0], requires_grad=True, op="mean"))
    c.append(
        _case("grad_sigmoid", "float32", values=[-2.0, 0.0, 2.0], requires_grad=True, op="sigmoid")
    )
    c.append(
        _case(
            "grad_tanh_f64",
            "float64",
            values=[[-2.0, 0.5], [0.0, 3.0]],
            requires_grad=True,
            op="tanh",
        )
    )
    c.append(_case("grad_relu", "float32", values=[-1.0, 0.5, 2.0], requires_grad=True, op="relu"))
    c.append(
        _case("grad_exp", "float32", values=[0.0, 1.0, 10.0, 20.0], requires_grad=True, op="exp")
    )
    c.append(
        _case(
            "grad_matmul",
            "float32",
            values=[[1.0, 2.0], [3.0, 4.0]],
            requires_grad=True,
            op="matmul",
        )
    )
    c.append(
        _case(
            "grad_clone_wrap",
            "float64",
            recipe=_rand(301, -1, 1),
            shape=(9,),
            requires_grad=True,
            op="clone",
        )
    )
    c.append(
        _case(
            "grad_clone_big",
            "float32",
            recipe=_rand(302, -1, 1),
            shape=(20, 60),
            requires_grad=True,
            op="clone",
        )
    )

    # --- Non-default print options ---------------------------------------------------------
    thirds = [[1 / 3, 2 / 3, 1.0], [-4 / 3, 5 / 3, 2.0]]
    options = [
        ("opt_precision2", "float32", thirds, {"precision": 2}),
        ("opt_precision0", "float32", thirds, {"precision": 0}),
        ("opt_precision8_f64", "float64", thirds, {"precision": 8}),
        ("opt_precision8_f32", "float32", thirds, {"precision": 8}),
        ("opt_sci_true", "float32", thirds, {"sci_mode": True}),
        ("opt_sci_true_int", "float32", [1.0, 20.0, 300.0], {"sci_mode": True}),
        ("opt_sci_false", "float32", [1e-5, 1e5], {"sci_mode": False}),
        ("opt_sci_false_big_int", "float64", [1e10, 3.0], {"sci_mode": False}),
        ("opt_sci_false_prec2", "float32", [1e-5, 1.0], {"sci_mode": False, "precision": 2}),
        ("opt_short_profile", "float32", thirds, {"profile": "short"}),
        ("opt_threshold5", "int64", list(range(10)), {"threshold": 5}),
        (
            "opt_threshold5_matrix",
            "float32",
            [[float(i + 4 * j) for i in range(4)] for j in range(4)],
            {"threshold": 5},
        ),
        (
            "opt_edgeitems1",
            "float32",
            [[float(i * j) for i in range(5)] for j in range(5)],
            {"threshold": 5, "edgeitems": 1},
        ),
        (
            "opt_edgeitems0_vec",
            "float32",
            [float(i) for i in range(10)],
            {"threshold": 5, "edgeitems": 0},
        ),
        (
            "opt_edgeitems0_matrix",
            "float32",
            [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]],
            {"threshold": 5, "edgeitems": 0},
        ),
        ("opt_edgeitems0_small", "int64", [1, 2, 3], {"edgeitems": 0}),
        ("opt_threshold0_scalar", "float32", 2.5, {"threshold": 0}),
        ("opt_linewidth40", "float32", [[i / 7 for i in range(12)]], {"linewidth": 40}),
        ("opt_linewidth40_grad", "float64", [i / 7 for i in range(5)], {"linewidth": 40}),
        ("opt_linewidth10", "int64", list(range(-5, 5)), {"linewidth": 10}),
    ]
    for name, dtype, values, opts in options:
        c.append(
            _case(name, dtype, values=values, options=opts, requires_grad=name.endswith("_grad"))
        )
    c.append(
        _case(
            "opt_full_profile",
            "float32",
            recipe=_rand(401, -1, 1),
            shape=(1500,),
            options={"profile": "full"},
        )
    )
    c.append(
        _case(
            "opt_full_profile_2d",
            "int64",
            recipe=_rand(402, -9, 9, integers=True),
            shape=(30, 40),
            options={"profile": "full"},
        )
    )
    c.append(
        _case(
            "opt_short_big",
            "float32",
            recipe=_rand(403, -1, 1),
            shape=(20, 60),
            options={"profile": "short"},
        )
    )
    c.append(
        _case(
            "opt_sci_true_big",
            "float64",
            recipe=_rand(404, -1, 1),
            shape=(1001,),
            options={"sci_mode": True, "linewidth": 120},
        )
    )

    names = [case["name"] for case in c]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise AssertionError(f"duplicate case names: {sorted(duplicates)}")
    return c


def main() -> None:
    import torch

    ops = {
        "pow2": lambda x: x**2,
        "mul3": lambda x: x * 3,
        "sum": lambda x: x.sum(),
        "mean": lambda x: x.mean(),
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "exp": torch.exp,
        "matmul": lambda x: x @ x,
        "clone": lambda x: x.clone(),
    }
    cases = build_cases()
    for case in cases:
        tensor = torch.from_numpy(materialise(case).copy())
        tensor.requires_grad_(case["requires_grad"])
        if case["op"] is not None:
            # Store the op's result as the case: its values, plus the grad_fn name to print.
            tensor = ops[case["op"]](tensor)
            case["grad_fn"] = type(tensor.grad_fn).__name__
            values = tensor.detach().numpy()
            case["shape"] = list(values.shape)
            case.pop("recipe", None)
            case["values"] = _encode(values.tolist())
        else:
            case["grad_fn"] = None
        del case["op"]
        if case["options"]:
            torch.set_printoptions(**case["options"])
        try:
            case["repr"] = repr(tensor)
        finally:
            torch.set_printoptions(profile="default")
    payload = {
        "torch_version": torch.__version__,
        "about": "repr(tensor) from PyTorch, recorded by tests/golden/record_printing.py",
        "cases": cases,
    }
    GOLDEN_PATH.write_text(json.dumps(payload, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {GOLDEN_PATH}")


if __name__ == "__main__":
    main()

"""autograd_core.printing must print tensors exactly like PyTorch.

* Golden tests replay reprs recorded from PyTorch (tests/golden/printing.json) and need no
  torch. Re-record with tests/golden/record_printing.py after changing the corpus.
* Live tests compare against an installed torch on random inputs; they skip without it.
* Isolation tests check that print options set in one thread never leak into another.
"""

import contextvars
import importlib.util
import json
import re
import threading

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd_core.printing import (
    format_tensor,
    get_printoptions,
    printed_elements,
    set_printoptions,
)
from tests.paths import GOLDEN

GOLDEN_DIR = GOLDEN


def _load_recorder():
    # The recorder is a script, not a package module; load it by path to share its decoder.
    spec = importlib.util.spec_from_file_location(
        "record_printing", GOLDEN_DIR / "record_printing.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


recorder = _load_recorder()
GOLDEN = json.loads((GOLDEN_DIR / "printing.json").read_text())["cases"]
DEFAULTS = {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80, "sci_mode": None}
THIRDS = np.array([1, 2, 3], dtype=np.float32) / np.float32(1.5)


@pytest.fixture(autouse=True)
def _default_options():
    set_printoptions(profile="default")
    yield
    set_printoptions(profile="default")


def _format_case(case) -> str:
    if case["options"]:
        set_printoptions(**case["options"])
    return format_tensor(
        recorder.materialise(case),
        case["dtype"],
        requires_grad=case["requires_grad"],
        grad_fn_name=case["grad_fn"],
    )


# --- Golden cases ---------------------------------------------------------------------------


def test_golden_corpus_is_broad():
    assert len(GOLDEN) >= 150
    assert {case["dtype"] for case in GOLDEN} == {"float32", "float64", "int64", "int32", "bool"}


@pytest.mark.parametrize("case", GOLDEN, ids=[case["name"] for case in GOLDEN])
def test_matches_recorded_torch_repr(case):
    assert _format_case(case) == case["repr"]


@pytest.mark.parametrize(
    ("values", "dtype", "flags", "expected"),
    [
        (
            np.float32(25.0),
            "float32",
            {"grad_fn_name": "PowBackward0"},
            "tensor(25., grad_fn=<PowBackward0>)",
        ),
        (
            np.full(4, 0.97, np.float32),
            "float32",
            {"requires_grad": True},
            "tensor([0.9700, 0.9700, 0.9700, 0.9700], requires_grad=True)",
        ),
        (
            np.float64(2.0),
            "float64",
            {"requires_grad": True},
            "tensor(2., dtype=torch.float64, requires_grad=True)",
        ),
        (np.zeros((0, 3), np.float32), "float32", {}, "tensor([], size=(0, 3))"),
        (np.array([3, 12, 27], np.float32), "float32", {}, "tensor([ 3., 12., 27.])"),
        (THIRDS, "float32", {}, "tensor([0.6667, 1.3333, 2.0000])"),
        (np.array([1e-5, 1e5], np.float32), "float32", {}, "tensor([1.0000e-05, 1.0000e+05])"),
        (np.float32(0.1), "float32", {}, "tensor(0.1000)"),
        (
            np.float32(1.0),
            "float32",
            {"requires_grad": True, "grad_fn_name": "AddBackward0"},
            "tensor(1., grad_fn=<AddBackward0>)",
        ),
    ],
)
def test_examples_from_the_docs(values, dtype, flags, expected):
    assert format_tensor(values, dtype, **flags) == expected


def test_rejects_unknown_dtype():
    with pytest.raises(ValueError, match="float16"):
        format_tensor(np.zeros(2), "float16")


# --- Print options --------------------------------------------------------------------------


def test_get_printoptions_defaults_match_torch():
    assert get_printoptions() == DEFAULTS


def test_profiles_and_overrides():
    set_printoptions(profile="short")
    assert get_printoptions() == {**DEFAULTS, "precision": 2, "edgeitems": 2}
    set_printoptions(profile="full", precision=6)
    assert get_printoptions() == {**DEFAULTS, "precision": 6, "threshold": float("inf")}
    set_printoptions(profile="default")
    assert get_printoptions() == DEFAULTS


def test_every_call_resets_sci_mode_like_torch():
    set_printoptions(sci_mode=True)
    assert get_printoptions()["sci_mode"] is True
    set_printoptions(precision=3)
    assert get_printoptions() == {**DEFAULTS, "precision": 3}


def test_unknown_profile_is_ignored_like_torch():
    set_printoptions(precision=2)
    set_printoptions(profile="no-such-profile")
    assert get_printoptions()["precision"] == 2


def test_get_printoptions_round_trips():
    set_printoptions(precision=7, linewidth=50, sci_mode=False)
    saved = get_printoptions()
    set_printoptions(profile="default")
    set_printoptions(**saved)
    assert get_printoptions() == saved


def test_options_in_a_copied_context_stay_there():
    def inside():
        set_printoptions(precision=1)
        return format_tensor(THIRDS, "float32")

    assert contextvars.copy_context().run(inside) == "tensor([0.7, 1.3, 2.0])"
    assert format_tensor(THIRDS, "float32") == "tensor([0.6667, 1.3333, 2.0000])"


def test_threads_do_not_share_print_options():
    # Both threads format at the same moment, after one of them changed its options.
    barrier = threading.Barrier(2, timeout=10)
    results: dict[str, object] = {}

    def customised():
        try:
            set_printoptions(precision=2, linewidth=30)
            barrier.wait()
            results["customised"] = format_tensor(THIRDS, "float32")
            barrier.wait()
            results["customised_opts"] = get_printoptions()
        except Exception as error:  # surfaced by the asserts below
            results["customised"] = error

    def untouched():
        try:
            barrier.wait()
            results["untouched"] = format_tensor(THIRDS, "float32")
            barrier.wait()
            results["untouched_opts"] = get_printoptions()
        except Exception as error:
            results["untouched"] = error

    threads = [threading.Thread(target=customised), threading.Thread(target=untouched)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert results["customised"] == "tensor([0.67, 1.33, 2.00])"
    assert results["untouched"] == "tensor([0.6667, 1.3333, 2.0000])"
    assert results["customised_opts"] == {**DEFAULTS, "precision": 2, "linewidth": 30}
    assert results["untouched_opts"] == DEFAULTS
    assert get_printoptions() == DEFAULTS  # nor into the thread that started them


def test_many_threads_each_keep_their_own_precision():
    barrier = threading.Barrier(8, timeout=10)
    results: dict[int, str] = {}

    def worker(precision: int) -> None:
        set_printoptions(precision=precision)
        barrier.wait()  # every thread has now set its own value
        expected = f"tensor({np.float32(1 / 3).item():.{precision}f})"
        for _ in range(50):
            got = format_tensor(np.float32(1 / 3), "float32")
            if got != expected:
                break
        results[precision] = got

    threads = [threading.Thread(target=worker, args=(p,)) for p in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert results == {p: f"tensor({np.float32(1 / 3).item():.{p}f})" for p in range(1, 9)}


# --- Live comparison with PyTorch -----------------------------------------------------------

DTYPES = ["float32", "float64", "int64", "int32", "bool"]


@st.composite
def _arrays(draw, max_side: int = 6):
    dtype = draw(st.sampled_from(DTYPES))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=max_side))
    if dtype.startswith("float"):
        scale = draw(st.sampled_from([1e-9, 1e-5, 1e-3, 1.0, 1e3, 1e5, 1e9, 1e30]))
        width = 32 if dtype == "float32" else 64
        bound = float(np.dtype(dtype).type(scale))  # hypothesis wants representable bounds
        elements = st.one_of(
            st.floats(-bound, bound, width=width),
            st.integers(-1000, 1000).map(float),
            st.sampled_from([0.0, -0.0, float("nan"), float("inf"), float("-inf")]),
            st.floats(width=width),
        )
    elif dtype == "bool":
        elements = st.booleans()
    else:
        limit = 2**31 - 1 if dtype == "int32" else 2**63 - 1
        elements = st.one_of(st.integers(-100, 100), st.integers(-limit, limit))
    return draw(hnp.arrays(np.dtype(dtype), shape, elements=elements)), dtype


_options = st.fixed_dictionaries(
    {},
    optional={
        "precision": st.integers(0, 10),
        "threshold": st.integers(0, 200),
        "edgeitems": st.integers(0, 4),
        "linewidth": st.integers(10, 120),
        "sci_mode": st.sampled_from([None, True, False]),
        "profile": st.sampled_from(["default", "short", "full"]),
    },
)


def _torch_repr(torch, array: np.ndarray, options: dict, requires_grad: bool) -> str:
    tensor = torch.from_numpy(array.copy())
    if requires_grad and tensor.dtype.is_floating_point:
        tensor.requires_grad_(True)
    torch.set_printoptions(**options)
    try:
        return repr(tensor)
    finally:
        torch.set_printoptions(profile="default")


@pytest.mark.torch
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=_arrays(), options=_options, requires_grad=st.booleans())
def test_live_random_tensors_match_torch(case, options, requires_grad):
    torch = pytest.importorskip("torch")
    array, dtype = case
    expected = _torch_repr(torch, array, options, requires_grad)
    set_printoptions(**options)
    try:
        got = format_tensor(array, dtype, requires_grad=requires_grad and "float" in dtype)
    finally:
        set_printoptions(profile="default")
    assert got == expected


@pytest.mark.torch
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    dtype=st.sampled_from(DTYPES),
    # Dimensions of 2 (or any up to 2 * edgeitems) are shown whole even when the tensor is
    # summarised, in PyTorch as here: (2,) * 11 prints all 2,048 numbers.
    shape=st.sampled_from(
        [
            (1001,),
            (4000,),
            (2, 600),
            (33, 34),
            (7, 12, 13),
            (5, 5, 5, 9),
            (2,) * 11,
            (2, 2, 300),
            (13, 1, 13),
            (1, 1, 1, 2000),
            (6, 7, 6, 7),
        ]
    ),
    seed=st.integers(0, 2**32 - 1),
    log_scale=st.integers(-8, 12),
    options=st.sampled_from(
        [
            {},
            {"edgeitems": 1},
            {"edgeitems": 0},
            {"threshold": 10, "edgeitems": 2},
            {"profile": "short"},
            {"precision": 12, "sci_mode": True},
        ]
    ),
)
def test_live_summarised_tensors_match_torch(dtype, shape, seed, log_scale, options):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(seed)
    if dtype == "bool":
        array = rng.random(shape) < 0.5
    elif dtype.startswith("float"):
        array = (rng.standard_normal(shape) * 10.0**log_scale).astype(dtype)
    else:
        limit = min(10 ** abs(log_scale), int(np.iinfo(dtype).max))
        array = rng.integers(-limit, limit, shape, dtype=dtype, endpoint=True)
    set_printoptions(**options)
    try:
        got = format_tensor(array, dtype)
    finally:
        set_printoptions(profile="default")
    assert got == _torch_repr(torch, array, options, False)


def test_printed_elements_counts_what_the_print_shows():
    assert printed_elements((1000, 1000), 1000, 3) == 36
    assert printed_elements((2,) * 19, 1000, 3) == 2**19  # as PyTorch: short dims whole
    assert printed_elements((2,) * 19, 1000, 0) == 0
    assert printed_elements((10, 3), 1000, 3) == 30  # under the threshold: everything
    set_printoptions(threshold=5, edgeitems=1)
    try:
        text = format_tensor(np.arange(24.0).reshape(2, 3, 4), "float64")
    finally:
        set_printoptions(profile="default")
    assert len(re.findall(r"\d+\.", text)) == printed_elements((2, 3, 4), 5, 1) == 8

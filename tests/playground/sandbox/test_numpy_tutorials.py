"""Tutorial programs written with NumPy arrays (or files) are refused with a message that says
what to write.

The playground offers no NumPy arrays (only np.pi, np.e, np.inf and np.nan): an ndarray is a
second tensor library with its own ways to reach memory and files (`tofile`, `ctypes`,
`np.load`), its allocations would bypass the engine's size checks, and `t.numpy()` shares memory
with the tensor, so every array method would need an allow-list of its own. The programs in
tests/golden/sandbox_tutorials_refused/ are the NumPy warm-up of "Learning PyTorch with
Examples" and the "Bridge with NumPy" of "Learn the Basics: Tensors", as learners paste them;
each stops at its first NumPy call with the torch spelling of it. d2l.ai's "File I/O" stops at
its first torch.save: a public page has no files, and the message shows the in-memory copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograd_core.playground.sandbox import run_snippet
from autograd_core.playground.sandbox.errors import SnippetError

REFUSED = Path(__file__).resolve().parents[2] / "golden" / "sandbox_tutorials_refused"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "numpy_warmup",
            "line 9: `np.linspace` is not available in the playground: NumPy arrays are not "
            "supported here; use torch.linspace instead",
        ),
        (
            "numpy_bridge",
            "line 17: `np.ones` is not available in the playground: NumPy arrays are not "
            "supported here; use torch.ones instead",
        ),
        (
            # d2l.ai 6.6 "File I/O": no files on a public page, and the in-memory way instead
            "d2l_file_io",
            "line 8: `torch.save` is not available in the playground: files are not available "
            "in the playground; to keep a model's weights, copy them in memory: saved = "
            "copy.deepcopy(model.state_dict()), later model.load_state_dict(saved)",
        ),
    ],
)
def test_numpy_tutorial_is_refused_with_the_torch_spelling(name: str, message: str) -> None:
    with pytest.raises(SnippetError) as refused:
        run_snippet((REFUSED / f"{name}.py").read_text())
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("line", "instead"),
    [
        ("x = np.array([[1, 2], [3, 4]])", "use torch.tensor([...]) instead"),
        ("x = np.asarray([1.0])", "use torch.tensor([...]) instead"),
        ("x = np.random.randn(3)", "use torch.randn / torch.rand / torch.randint"),
        ("x = np.square(2.0)", "use torch.square instead"),
    ],
)
def test_common_numpy_calls_point_at_torch(line: str, instead: str) -> None:
    with pytest.raises(SnippetError) as refused:
        run_snippet(f"import numpy as np\n{line}")
    assert "NumPy arrays are not supported here" in str(refused.value)
    assert instead in str(refused.value)


def test_tensor_numpy_points_at_tolist() -> None:
    with pytest.raises(SnippetError) as refused:
        run_snippet("import torch\nn = torch.ones(5).numpy()")
    assert "print the tensor or use .tolist()" in str(refused.value)

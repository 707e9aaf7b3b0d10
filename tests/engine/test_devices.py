"""torch.device, set_default_device and device= as a CPU-only PyTorch 2.13 treats them."""

from __future__ import annotations

import pytest

import autograd_core as torch

NO_CUDA = "Torch not compiled with CUDA enabled"


def test_devices_print_and_compare_as_in_pytorch():
    d = torch.device("cpu")
    assert (repr(d), str(d), d.type, d.index) == ("device(type='cpu')", "cpu", "cpu", None)
    assert repr(torch.device("cpu:0")) == "device(type='cpu', index=0)"
    assert torch.device("cpu", 0) == torch.device("cpu:0") != d
    assert d != "cpu"  # a device never equals a string in PyTorch
    assert {d: 1}[torch.device("cpu")] == 1
    assert repr(torch.device("cuda:1")) == "device(type='cuda', index=1)"  # describable
    with pytest.raises(RuntimeError, match="Expected one of cpu, cuda, ipu, xpu.* string: tpu"):
        torch.device("tpu")
    with pytest.raises(RuntimeError, match="Invalid device string: 'cpu:x'"):
        torch.device("cpu:x")


def test_tutorial_device_selection_runs_on_the_cpu():
    device = (
        "cuda"
        if torch.cuda.is_available()
        else ("mps" if torch.backends.mps.is_available() else "cpu")
    )
    assert device == "cpu" and not torch.accelerator.is_available()
    x = torch.ones(2, device=device)
    assert x.to(device) is x and x.device == torch.device("cpu") and x.get_device() == -1
    model = torch.nn.Linear(2, 1).to(torch.device(device))
    assert model(x).device.type == "cpu"


def test_only_the_cpu_can_hold_tensors():
    with pytest.raises(AssertionError, match=NO_CUDA):
        torch.ones(2, device="cuda")
    with pytest.raises(AssertionError, match=NO_CUDA):
        torch.ones(2).to("cuda:0")
    with pytest.raises(AssertionError, match=NO_CUDA):
        torch.nn.Linear(2, 2).to("cuda")
    with pytest.raises(RuntimeError, match="PyTorch is not linked with support for mps devices"):
        torch.ones(2).to("mps")


def test_set_default_device():
    assert torch.get_default_device() == torch.device("cpu")
    try:
        torch.set_default_device("cpu")
        assert repr(torch.get_default_device()) == "device(type='cpu')"
        torch.set_default_device("cuda")
        with pytest.raises(AssertionError, match=NO_CUDA):
            torch.randn(2)
        assert torch.zeros(2, device="cpu").tolist() == [0.0, 0.0]  # an explicit device wins
        with pytest.raises(AssertionError, match=NO_CUDA):
            torch.get_default_device()
    finally:
        torch.set_default_device(None)
    assert torch.ones(1).tolist() == [1.0]

"""Device choice on this CPU-only torch, with CUDA's answers faked where a GPU would give them."""
import pytest
import torch

from translate_news.backends.devices import resolve_device
from translate_news.errors import DeviceUnavailable


@pytest.fixture(autouse=True)
def fresh_decision():
    resolve_device.cache_clear()
    yield
    resolve_device.cache_clear()


def test_auto_without_a_gpu_is_the_cpu_quietly(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    choice = resolve_device("auto")
    assert choice.device == "cpu"
    assert choice.note is None


def test_auto_with_a_gpu_that_fails_its_warm_up_falls_back_with_a_note(monkeypatch):
    if torch.cuda.is_available():
        pytest.skip("a working GPU would pass the warm-up")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)  # present, but this build cannot use it
    choice = resolve_device("auto")
    assert choice.device == "cpu"
    assert "GPU found but unusable" in choice.note


@pytest.mark.parametrize("requested", ["cuda", "cuda:3", "mps"])
def test_explicit_unusable_device_is_an_error(requested, monkeypatch):
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    with pytest.raises(DeviceUnavailable, match="--device cpu") as info:
        resolve_device(requested)
    assert info.value.exit_code == 69


def test_cpu_is_always_fine():
    assert resolve_device("cpu").device == "cpu"


def test_a_model_that_fails_on_the_gpu_runs_on_the_cpu_under_auto(tmp_path, monkeypatch, notes):
    from translate_news.backends import devices, factory

    monkeypatch.setattr(devices, "resolve_device", lambda requested: devices.DeviceChoice("cuda:0"))
    tried = []

    def make(device):
        tried.append(device)
        if device != "cpu":
            raise RuntimeError("CUDA error: no kernel image is available")
        return "model on cpu"

    assert factory._open_transformers(make, str(tmp_path), "auto") == "model on cpu"
    assert tried == ["cuda:0", "cpu"]
    assert len(notes()) == 1
    assert "using the CPU" in notes()[0]
    with pytest.raises(DeviceUnavailable, match="--device cpu"):
        factory._open_transformers(make, str(tmp_path), "cuda")

"""The README's commands are the ones that work: its install and test commands are what CI runs."""
import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def quick_start() -> str:
    return re.search(r"```sh\n(.*?)```", README, re.S).group(1)  # the first code block


def test_the_development_command_is_what_ci_runs():
    dev = [line for line in quick_start().splitlines() if "pytest" in line]
    assert len(dev) == 1
    install_and_test = dev[0].split("&& . .venv/bin/activate && ", 1)[1]
    assert install_and_test in CI
    for tool in re.findall(r"`((?:ruff|mypy)[^`]*)`", README.split("## Development", 1)[1]):
        assert tool in CI, tool


def test_the_quick_start_installs_cpu_torch_in_its_code_block():
    lines = [line for line in quick_start().splitlines() if not line.startswith("#")]
    cpu = next(i for i, line in enumerate(lines) if "download.pytorch.org/whl/cpu" in line)
    package = next(i for i, line in enumerate(lines) if 'pip install ".[fast]"' in line)
    assert cpu < package  # before the package, or pip takes PyPI's CUDA build first
    assert "# pip install torch " in quick_start()  # the GPU line beside it
    assert "GB" in quick_start()  # how much the first run downloads


def test_the_readme_says_what_to_do_without_the_hub():
    start = README.split("## Use", 1)[0]
    assert "models pull --to models/" in start
    assert "--offline" in start

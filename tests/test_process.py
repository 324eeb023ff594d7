"""Real processes: start-up cost, pipes, signals."""
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import EXAMPLE, ROOT

NO_HEAVY_IMPORTS = (
    "import sys; from translate_news.cli import main; sys.argv = ['translate-news', *{args!r}]\n"
    "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
    "heavy = [m for m in ('torch', 'transformers', 'trafilatura', 'httpx') if m in sys.modules]\n"
    "assert code in (0, 2) and not heavy, (code, heavy)"
)


@pytest.mark.parametrize("args", [["--help"], ["translate", "--help"], ["--version"],
                                  ["--device", "tpu", "--text", "x"]])
def test_help_and_usage_errors_do_not_import_torch(args):
    subprocess.run([sys.executable, "-c", NO_HEAVY_IMPORTS.format(args=args)], check=True, cwd=ROOT,
                   capture_output=True)


def cmd(tiny_marian, *args):
    return [sys.executable, "-m", "translate_news", *args, "--mt-model", str(tiny_marian), "--no-summary"]


@pytest.mark.model
def test_pipe_into_head_is_quiet(tiny_marian):
    # the JSON for the example is several times a pipe's 64 KiB buffer, so the write breaks
    line = " ".join(cmd(tiny_marian, str(EXAMPLE), "-f", "json"))
    r = subprocess.run(f"set -o pipefail; {line} | head -c 100 >/dev/null", shell=True, executable="/bin/bash",
                       capture_output=True, text=True, cwd=ROOT)
    assert "Traceback" not in r.stderr, r.stderr
    assert "Exception ignored" not in r.stderr, r.stderr
    assert r.returncode == 0


@pytest.mark.model
@pytest.mark.slow
def test_ctrl_c_exits_130_and_writes_nothing(tiny_marian, tmp_path):
    article = tmp_path / "long.txt"
    article.write_text("\n\n".join([EXAMPLE.read_text(encoding="utf-8")] * 20), encoding="utf-8")
    out = tmp_path / "long.json"
    p = subprocess.Popen(cmd(tiny_marian, str(article), "-f", "json", "-o", str(out), "-v", "--batch-size", "1"),
                         cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    for line in p.stderr:  # wait until the model is loaded and translation has begun
        if "input limit" in line or time.monotonic() > deadline:
            break
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    rest = p.stderr.read()
    assert p.wait(timeout=60) == 130
    assert "interrupted" in rest
    assert "Traceback" not in rest
    assert os.listdir(tmp_path) == ["long.txt"]  # no output, no temporary file

"""`translate-news bench` at tiny shapes, so it cannot rot (the real figures come from a full run)."""
import json

import pytest
from typer.testing import CliRunner

from translate_news import cli
from translate_news.bench import format_report

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report():
    r = CliRunner().invoke(cli.app, ["bench", "--tiny", "--json"], catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def test_both_paths_run_every_stage_in_their_own_process(report):
    from translate_news.backends.factory import ctranslate2_installed

    assert report["models"]["random_weights"] is True
    assert report["models"]["tiny"] is True
    default, naive = report["paths"]["default"], report["paths"]["naive"]
    assert default["backend"] == ("ctranslate2" if ctranslate2_installed() else "transformers")
    assert naive["backend"] == "transformers"
    assert report["article"]["sentences"] > 20
    assert 600 <= report["article"]["summary_input_tokens"] <= 700
    for path in (default, naive):
        assert path["target_tokens"] > report["article"]["sentences"]  # forced lengths: every sentence counts
        for key in ("translation_s", "summary_s", "back_translation_s", "total_s", "tokens_per_s"):
            assert path[key] > 0, key
        assert path["total_s"] >= path["translation_s"] + path["summary_s"]
        assert 20 < path["peak_rss_mb"] < 4000  # this process's own peak, not the parent's
    assert 0 < default["first_paragraph_decode_s"] < default["total_s"]
    # the real command, from outside: loaded, then the first paragraph, then the end
    c = report["command"]
    assert 0 < c["loaded_s"] < c["first_paragraph_s"] < c["streamed_total_s"]
    assert c["first_row_s"] > 0  # found on the pseudo-terminal
    assert c["row_after_load_s"] > 0
    assert c["paragraph_after_load_s"] == pytest.approx(c["first_paragraph_s"] - c["loaded_s"], abs=0.002)
    assert c["streaming_cost_pct"] == pytest.approx(100 * (c["streamed_total_s"] / c["file_total_s"] - 1), abs=0.1)
    assert [len(c["samples"][k]) for k in ("pipe", "terminal", "file")] == [1, 1, 1]
    assert report["speedup"]["end_to_end"] == pytest.approx(naive["total_s"] / default["total_s"], rel=0.01)


def test_the_report_says_the_weights_are_random(report):
    text = format_report(report)
    assert "RANDOM-WEIGHT" in text
    assert "speed only, never quality" in text
    assert "naive / default" in text
    assert "end to end >= 12x the naive pattern" in text
    assert "first row on a terminal (rich, a pty), s" in text
    assert "streamed total within 5% of -o FILE" in text
    assert "ESTIMATE, not a run of the command" in text  # random weights: the estimate says what it is
    default_only = {**report, "paths": {"default": report["paths"]["default"]}}
    default_only.pop("speedup")
    assert "naive" not in format_report(default_only)

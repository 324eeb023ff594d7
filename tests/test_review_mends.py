"""Regressions found reading the change again: each was an internal error or a wrong answer."""
from __future__ import annotations

import sys

import pytest

from translate_news.errors import HttpError, InputError, UsageError


def test_a_redirect_to_a_malformed_url_is_an_http_error_not_an_internal_one():
    from translate_news.pages.fetch import _redirect

    with pytest.raises(HttpError, match="cannot be followed"):
        _redirect("http://a.example/", "http://a.example/", "http://[bad/x")


def test_a_url_whose_port_is_no_number_is_refused_and_still_named():
    from translate_news.batch.urls import url_pairs
    from translate_news.pages.sniff import check_url

    for bad in ("http://example.com:abc/x", "http://example.com:99999/x"):
        with pytest.raises(UsageError):
            check_url(bad)
        (name, url), = url_pairs([bad])  # planning lists it as failed instead of the whole batch stopping
        assert url == bad
        assert name.startswith("invalid-url/")


def test_urls_that_differ_by_their_fragment_are_one_page_fetched_once():
    from translate_news.batch.urls import url_pairs

    pairs = url_pairs(["https://a.example/x/y#1", "https://a.example/x/y#2", "https://a.example/x/y"])
    assert [u for _, u in pairs] == ["https://a.example/x/y#1"]


def test_a_tsv_row_without_its_source_is_bad_input(tmp_path):
    from translate_news.trust.pairs import read_items

    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("id\ttranslation\tsource\n1\thello\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2: no source"):
        read_items(tsv)


def test_a_name_is_found_in_the_english_as_a_whole_word():
    from translate_news.trust.checks import check_pair

    flags = check_pair("قال المتحدث إن الاجتماع انتهى.", "The spokesman [Ali] said the Alibaba meeting ended.")
    assert "name-added" not in [f.code for f in flags]
    flags = check_pair("قال المتحدث إن الاجتماع انتهى.", "The spokesman Ali said the meeting ended.")
    assert "name-added" in [f.code for f in flags]  # the twin: a name the Arabic does not have


def test_check_of_a_file_needs_no_stdin(tmp_path):
    import subprocess
    from pathlib import Path

    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"source": "قال مسؤولون إن الهجوم وقع اليوم.", "translation": "Officials said the attack '
                     'happened today."}\n', encoding="utf-8")
    r = subprocess.run(f"'{sys.executable}' -m translate_news check '{pairs}' <&-", shell=True, capture_output=True,
                       text=True, cwd=Path(__file__).resolve().parent.parent, timeout=60)
    assert r.returncode == 0, r.stderr  # started with stdin closed: the file is all it reads


def test_doctor_names_a_failed_canary_once_among_its_problems(tmp_path, monkeypatch, tiny_marian):
    import shutil

    from kit import invoke

    models = tmp_path / "models"
    shutil.copytree(tiny_marian, models / "opus-mt-ar-en")  # random weights: it fails its canary for real
    monkeypatch.setenv("TRANSLATE_NEWS_MODELS_DIR", str(models))
    r = invoke("doctor", "--canary")
    assert r.exit_code == 69
    problems = r.stdout.split("PROBLEMS (exit 69):", 1)[1]
    assert problems.count("installed but not translating correctly") == 1, problems

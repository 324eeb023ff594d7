"""The canary: a model that is installed but not translating is caught by `models verify`,
remembered per copy of the model, and warned about (once) by a later translate; doctor shows it.

A pass needs real weights, so it is shown with a scripted model; the tiny random-weight
models must fail, which is the proof that the canary can fail."""
import json
import shutil

import pytest
from kit import Scripted, invoke

from translate_news.backends import canary, verdicts

TEXT = "قال الرئيس إن الحكومة ستعلن خطة جديدة."


def right(text, decoding):
    """A model that translates every canary sentence with its expected words."""
    found = [c for c in canary.AR_EN + canary.EN_AR if c.source == text]
    return " ".join(found[0].expect) + " (and the rest of a good translation)" if found else ""


def test_a_model_that_keeps_the_words_passes():
    for back in (False, True):
        v = canary.run(Scripted(right), back=back)
        assert v.ok
        assert v.passed == v.total == 6
        assert v.produced == v.source == ""


def test_one_miss_is_tolerated_and_two_are_not():
    one = canary.run(Scripted(lambda t, d: "" if t == canary.AR_EN[0].source else right(t, d)))
    assert one.ok
    assert one.passed == 5
    two = canary.run(Scripted(lambda t, d: "the cat sat" if t in (canary.AR_EN[1].source, canary.AR_EN[3].source)
                              else right(t, d)))
    assert not two.ok
    assert (two.source, two.produced, two.expected) == (canary.AR_EN[1].source, "the cat sat", "35")


def test_words_are_found_in_either_digit_script_and_any_case():
    assert canary.holds("ولد عام ١٩٩٠", ("1990",))
    assert canary.holds("THE CAPITAL IS PARIS", ("Paris",))
    assert canary.holds("On March 15, the government", ("15", "March"))
    assert not canary.holds("He was born in 1909.", ("1990",))
    assert canary.holds("عاصِمَة فرنسا هي بـاريس", ("باريس",))  # diacritics and tatweel do not hide a word


@pytest.fixture
def installed(tmp_path, monkeypatch, tiny_marian):
    """The tiny random Marian installed as opus-mt-ar-en in a local store (verdicts go beside it)."""
    models = tmp_path / "models"
    shutil.copytree(tiny_marian, models / "opus-mt-ar-en")
    monkeypatch.setenv("TRANSLATE_NEWS_MODELS_DIR", str(models))
    monkeypatch.setattr(verdicts, "_warned", set())
    return models / "opus-mt-ar-en"


def test_verify_reports_a_model_that_does_not_translate(installed):
    r = invoke("models", "verify")
    assert r.exit_code == 69
    assert "BROKEN opus-mt-ar-en (local" in r.stdout
    assert "installed but not translating correctly" in r.stdout
    assert f"for '{canary.AR_EN[0].source}' (expected 'Paris')" in r.stdout
    assert "it produced '" in r.stdout
    recorded = json.loads((installed.parent / "converted" / verdicts.FILE).read_text(encoding="utf-8"))
    (verdict,) = recorded.values()
    assert verdict["ok"] is False
    assert verdict["model"] == str(installed)
    assert verdict["passed"] == 0
    # the file checks alone still pass: the canary is what finds it
    assert invoke("models", "verify", "--no-canary").exit_code == 0


def test_a_later_translate_warns_once_and_a_new_copy_starts_clean(installed, monkeypatch):
    assert invoke("models", "verify").exit_code == 69
    r = invoke("--text", TEXT, "--no-summary", "-f", "json")
    assert r.exit_code == 0, r.stderr
    assert r.stderr.count("failed its canary check on") == 1
    assert f"the translation model {installed} failed its canary check on" in r.stderr
    assert "its output may be nonsense (translate-news models verify)" in r.stderr
    assert "failed its canary" not in invoke("--text", TEXT, "--no-summary").stderr  # once per process

    monkeypatch.setattr(verdicts, "_warned", set())
    config = installed / "generation_config.json"
    config.write_text(config.read_text() + "\n")  # a changed model is another copy: no verdict yet
    assert verdicts.lookup(str(installed)) is None
    assert "failed its canary" not in invoke("--text", TEXT, "--no-summary").stderr


def test_a_passing_verdict_says_nothing(installed, notes):
    verdicts.record(str(installed), verdicts.Verdict(ok=True, passed=6, total=6, checked="2025-01-01", backend="x"))
    verdicts.warn_if_failed(str(installed))
    assert notes() == []
    verdicts.record(str(installed), verdicts.Verdict(ok=False, passed=0, total=6, checked="2025-01-02", backend="x",
                                                 source="s", produced="p", expected="e"))
    verdicts.warn_if_failed(str(installed))
    verdicts.warn_if_failed(str(installed))
    assert notes() == [f"the translation model {installed} failed its canary check on 2025-01-02: it produced "
                       "'p' for 's'; its output may be nonsense (translate-news models verify)"]


def test_an_unreadable_verdict_file_never_stops_a_run(installed):
    (installed.parent / "converted").mkdir()
    (installed.parent / "converted" / verdicts.FILE).write_text("{not json")
    assert verdicts.lookup(str(installed)) is None
    assert invoke("--text", TEXT, "--no-summary").exit_code == 0


def test_doctor_shows_the_verdict(installed):
    before = json.loads(invoke("doctor", "--json").stdout)
    assert before["run"]["translation"]["canary"] is None
    assert "canary not run (translate-news models verify)" in invoke("doctor").stdout
    invoke("models", "verify")
    after = json.loads(invoke("doctor", "--json").stdout)
    assert after["run"]["translation"]["canary"]["ok"] is False
    text = invoke("doctor").stdout
    assert "installed but not translating correctly" in text
    assert "presets:" in text


def test_doctor_can_run_the_canary(installed):
    r = invoke("doctor", "--canary")
    assert r.exit_code == 69  # the random-weight model fails it
    assert "PROBLEMS (exit 69):" in r.stdout
    assert "canary (run now):" in r.stdout
    assert f"{installed}: installed but not translating correctly" in r.stdout
    assert "Helsinki-NLP/opus-mt-en-ar: not installed" in r.stdout
    assert json.loads(invoke("doctor", "--json").stdout)["run"]["translation"]["canary"]["ok"] is False


def test_a_native_model_faces_the_canary_too(tmp_path, monkeypatch):
    pytest.importorskip("ctranslate2")
    from translate_news.backends.builders import tiny_native

    models = tmp_path / "models"
    tiny_native(models / "quickmt-ar-en")
    monkeypatch.setenv("TRANSLATE_NEWS_MODELS_DIR", str(models))
    r = invoke("models", "verify")
    assert r.exit_code == 69
    assert "BROKEN quickmt-ar-en (local" in r.stdout
    assert "installed but not translating correctly" in r.stdout


def test_verify_judges_the_models_a_run_would_use(tiny_marian, tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSLATE_NEWS_MODELS_DIR", str(tmp_path / "empty-store"))
    own = tmp_path / "my-marian"
    shutil.copytree(tiny_marian, own)
    files = invoke("models", "verify", "--no-canary", "--mt-model", own)
    assert files.exit_code == 0, files.output
    assert f"ok     {own} (local {own})" in files.stdout
    by_env = invoke("models", "verify", env={"TRANSLATE_NEWS_MT_MODEL": str(own)})
    assert by_env.exit_code == 69  # random weights fail the canary
    assert f"BROKEN {own} (local {own})" in by_env.stdout
    (own / "config.json").write_text("{not json")
    assert invoke("models", "verify", "--no-canary", "--mt-model", own).exit_code == 69
    missing = invoke("models", "verify", "--mt-model", tmp_path / "nowhere")
    assert missing.exit_code == 69
    assert "not found" in missing.stdout
    doctor = invoke("doctor", env={"TRANSLATE_NEWS_MT_MODEL": str(tmp_path / "nowhere")})
    assert doctor.exit_code == 69
    assert "not found" in doctor.stdout

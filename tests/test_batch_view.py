"""What a batch shows its reader: notes that name their file, and the index page."""
from kit import Scripted

from translate_news import batch
from translate_news.batch.wave import translate_wave
from translate_news.job import Job
from translate_news.settings import Settings

AR = "قال مسؤولون إن الهجوم وقع اليوم.\n\nوقالت الوزارة في بيان إن الوضع هادئ."


class NumberSummarizer:
    """A summary that states a figure the translation never gives: the job notes it."""

    name, device, backend, max_tokens = "numbers", "cpu", "scripted", 512

    def count_tokens(self, texts):
        return [len(t.split()) + 1 for t in texts]

    def summarize(self, text, *, min_new_tokens, max_new_tokens):
        return "Officials said 5 people were hurt."


def scripted_job(**options):
    job = Job(Settings.build(summary_lang="en", **options))
    job._translator = Scripted(lambda text, decoding: "Officials said the attack happened today.")
    job._summarizer, job._summary_loaded = NumberSummarizer(), True
    return job


def test_every_per_file_note_names_its_file(tmp_path, notes):
    src, out = tmp_path / "in", tmp_path / "out"
    for rel in ("a/one.txt", "two.txt"):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(AR, encoding="utf-8")
    request = batch.Request(src, out, formats=("json",))
    results = list(translate_wave(request, ["a/one.txt", "two.txt"], scripted_job(), "key"))
    assert [r.status for r in results] == ["done", "done"]
    about_five = [n for n in notes() if "number 5" in n]
    assert sorted(about_five) == ["a/one.txt: check the summary: the number 5 appears nowhere in the translation",
                                  "two.txt: check the summary: the number 5 appears nowhere in the translation"]
    job = scripted_job()
    job.run(job.read(None, text=AR))  # one article: its notes need no file name
    assert "check the summary: the number 5 appears nowhere in the translation" in notes()

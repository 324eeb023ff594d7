"""The job layer: articles from bytes to a finished Document, with one failure policy.

`translate`, `batch` and `bench` all run through `Job`; the command line only parses
options, builds Settings, calls this and maps errors to exit codes. As a library:

    from translate_news.job import Job
    from translate_news.settings import Settings

    outcome = Job(Settings.build(summary_lang="en")).translate_file("article.txt")
    for p in outcome.document.paragraphs:
        print(p.english)

The failure policy: the translation model must load (else ModelUnavailable, exit 69); a
summary that cannot be made (a model missing, out of memory) costs the summary, never the
translation, and an Arabic rendering that cannot be made costs only itself (exit 4 either
way). Notes go through the logging module (notes.py); progress through a Reporter.
"""
from __future__ import annotations

import contextlib
import gc
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from translate_news.backends.base import Summarizer, Translator
from translate_news.backends.factory import open_summarizer, open_translator
from translate_news.document import Document, Kind, Models, Paragraph, TrustCounts
from translate_news.errors import ExitCode, ModelUnavailable, TranslateNewsError, one_line
from translate_news.normalize import count_controls
from translate_news.notes import note
from translate_news.pages import read_input
from translate_news.pipeline import Progress, stream_documents
from translate_news.segment import segment
from translate_news.settings import Settings
from translate_news.summary import summarize_document

log = logging.getLogger(__name__)
MIN_POSITIONS = 16  # below this not even a short sentence and its translation fit (the pipeline splits to half)


class Reporter(Protocol):
    """How a job shows that it is busy (the CLI's UI; silent for a library call)."""

    def status(self, message: str) -> AbstractContextManager[None]: ...

    def progress(self, description: str) -> AbstractContextManager[Progress]: ...


class Silent:
    """A Reporter that shows nothing."""

    @contextlib.contextmanager
    def status(self, message: str) -> Iterator[None]:
        yield

    @contextlib.contextmanager
    def progress(self, description: str) -> Iterator[Progress]:
        yield lambda done, total: None


@dataclass
class Outcome:
    document: Document
    exit_code: ExitCode  # OK, or SUMMARY_FAILED when the summary (or its Arabic) could not be made
    summary_error: str | None = None  # why, in one line


class Job:
    """One run's settings and models. Models load on first use and stay loaded until dropped."""

    def __init__(self, settings: Settings, reporter: Reporter | None = None):
        self.settings = settings
        self.reporter: Reporter = reporter or Silent()
        self._translator: Translator | None = None
        self._summarizer: Summarizer | None = None
        self._back: Translator | None = None
        self._summary_error: Exception | None = None  # the summarizer cannot load: every summary fails
        self._back_error: Exception | None = None  # the en->ar model cannot load: English summaries only
        self._summary_loaded = False

    # ------------------------------------------------------------ reading

    def read(self, path: str | None, *, text: str | None = None, stdin: IO[bytes] | None = None,
             inside: Path | None = None) -> Document:
        """Read and segment one article: a text file, a saved web page or an http(s) URL, '-' or stdin, or
        `text` (InputError / InputNotFound when it cannot be used; pages/ lists a URL's errors); `inside`:
        the folder the opened file must lie in (reading.read_bytes)."""
        s = self.settings
        source = read_input(path, text=text, stdin=stdin, encoding=s.encoding, max_bytes=s.max_bytes,
                            extract=s.extract, timeout=s.timeout, offline=s.offline, inside=inside)
        if source.encoding not in ("utf-8", "utf-8-sig"):
            log.info(f"read {source.path or 'text'} as {source.encoding}")
        controls = count_controls(source.text)
        if controls:
            note(log, f"{source.path or 'the text'} holds {controls} control character(s) (terminal escapes or "
                      "bidi overrides): shown as ^[ or <U+202E>, never sent to the terminal; JSON keeps them")
        return segment(source)

    # ------------------------------------------------------------ models

    def _prepare(self) -> None:
        """What the model libraries read when they load: --offline above all (set before transformers
        is imported; once set, it holds for the rest of the process)."""
        from translate_news.backends.loading import prepare_environment

        prepare_environment(offline=self.settings.offline, verbose=bool(getattr(self.reporter, "verbose", False)))

    def translator(self) -> Translator:
        if self._translator is None:
            s = self.settings
            self._prepare()
            with self.reporter.status(f"loading {s.mt_model}"), _role("translation"):
                self._translator = open_translator(s.mt_model, s.device, backend=s.backend, beams=s.beams)
            t = self._translator
            if t.max_tokens < MIN_POSITIONS:
                self._translator = None
                raise ModelUnavailable(f"translation model '{t.name}' takes only {t.max_tokens} token positions; "
                                       f"a sentence needs at least {MIN_POSITIONS} (its config may be broken)")
            log.info(f"model {t.name} on {t.device} with {t.backend}, input limit {t.max_tokens} tokens")
        return self._translator

    def drop_translator(self) -> None:
        """Free the translation model (a one-off run: the summarizer's peak is then its own).
        Nothing else holds it (backends/loading.py caches weakly), on either backend."""
        if self._translator is not None:
            self._translator = None
            gc.collect()  # a model caught in a reference cycle would otherwise wait for the collector

    def close(self) -> None:
        """Free every model; the next use loads them again."""
        self._translator = self._summarizer = self._back = None
        self._summary_loaded = False
        self._summary_error = self._back_error = None
        gc.collect()

    def load_summary_models(self) -> None:
        """Load the summarizer and the en->ar model once; a failure is remembered, not raised."""
        s = self.settings
        if self._summary_loaded or not s.summary:
            return
        self._summary_loaded = True
        self._prepare()
        try:
            with self.reporter.status(f"loading {s.summary_model}"), _role("summary"):
                self._summarizer = open_summarizer(s.summary_model, s.device, backend=s.backend,
                                                   beams=s.summary_beams)
        except (TranslateNewsError, RuntimeError, OSError, ValueError) as e:
            self._summary_error = e
            return
        if s.summary_lang == "en":
            return
        try:
            with self.reporter.status(f"loading {s.back_model}"), _role("back-translation"):
                self._back = open_translator(s.back_model, s.device, backend=s.backend, beams=s.summary_beams,
                                             target_lang="ara")
        except (TranslateNewsError, RuntimeError, OSError, ValueError) as e:
            self._back_error = e

    def load_all(self) -> None:
        """Every model the settings ask for, before a long run (a translator failure raises)."""
        self.translator()
        self.load_summary_models()

    # ------------------------------------------------------------ work

    def translate(self, docs: list[Document], *, on_paragraph: Callable[[Paragraph], None] | None = None) -> None:
        """Translate several documents; their sentences share model batches.

        With `on_paragraph`, each paragraph is handed over in reading order as soon as it is
        finished; the first one goes to the model first, in batches of its own, so that it comes
        at once."""
        translator = self.translator()
        for doc in docs:
            doc.models = Models(self.settings.mt_model, translator.device)
        with self.reporter.progress("translating") as progress:
            paragraphs = stream_documents(docs, translator, batch_size=self.settings.batch_size,
                                          keep_boilerplate=self.settings.keep_boilerplate, progress=progress,
                                          first=1 if on_paragraph else 0, early=on_paragraph is not None)
            for p in paragraphs:
                if on_paragraph:
                    on_paragraph(p)

    def summarize(self, doc: Document) -> str | None:
        """Add the summary under the failure policy; return why it (or its Arabic) is missing, or None."""
        s = self.settings
        if not s.summary:
            return None
        self.load_summary_models()
        langs = s.summary_lang
        try:
            if self._summary_error is not None:
                raise self._summary_error
            if self._back_error is not None and langs == "ar":
                raise self._back_error
            if self._back_error is not None:
                langs = "en"  # the English summary is still worth having
            assert self._summarizer is not None
            summarize_document(doc, self._summarizer, self._back if langs != "en" else None,
                               length=s.summary_length, langs=langs, batch_size=s.batch_size,
                               stage=self.reporter.progress)
        except KeyboardInterrupt:
            raise
        except Exception as e:
            doc.summary = None
            return _missing(doc, "summary", e)
        assert doc.models is not None
        doc.models.summary = s.summary_model
        if langs != "en":
            doc.models.back_translation = s.back_model
        st = doc.stats.summary
        if st:
            log.info(f"summary: {st.input_tokens} input tokens, {st.chunks} chunk(s), {st.levels} level(s), "
                     f"{st.seconds} s")
        for n in doc.summary.unverified_numbers if doc.summary else []:
            note(log, f"check the summary: the number {n} appears nowhere in the translation")
        if self._back_error is not None and s.summary_lang == "both":
            return _missing(doc, "Arabic summary", self._back_error)
        return None

    def run(self, doc: Document, *, started: float | None = None, one_off: bool = True,
            on_paragraph: Callable[[Paragraph], None] | None = None, marked: bool = True) -> Outcome:
        """Translate and summarize one document. `one_off` frees the translator before the summary;
        `on_paragraph` receives each paragraph as soon as it is translated (see translate); `marked` says
        whether the output shows the flags' marks (plain English does not), for the stderr count line."""
        started = time.perf_counter() if started is None else started
        self.translate([doc], on_paragraph=on_paragraph)
        if one_off:
            self.drop_translator()
        announce_flags(doc, marked=marked)
        why = self.summarize(doc)
        doc.stats.seconds = round(time.perf_counter() - started, 3)
        return Outcome(doc, ExitCode.SUMMARY_FAILED if why else ExitCode.OK, why)

    def translate_file(self, path: str) -> Outcome:
        started = time.perf_counter()
        return self.run(self.read(path), started=started)


def announce_boilerplate(doc: Document, *, keep: bool) -> None:
    """List the paragraphs set aside (or translated with --keep-boilerplate) as notes."""
    aside = [p for p in doc.paragraphs if p.kind == Kind.BOILERPLATE]
    if not aside:
        return
    what = "translating" if keep else "set aside"
    hint = "" if keep else " (--keep-boilerplate translates them)"
    note(log, f"{what} {len(aside)} boilerplate paragraph(s){hint}:")
    for p in aside:
        first = " ".join(p.source.split())
        note(log, f"  [{p.rule}] {first[:70]}{'…' if len(first) > 70 else ''}")


def announce_flags(doc: Document, *, marked: bool = True) -> None:
    """One line with the count per flag code when a sentence stays flagged (details with -v)."""
    note_line = flags_line(doc.counts(), marked=marked)
    if note_line:
        note(log, note_line)
    for p, s in doc.flagged():
        log.info(f"paragraph {p.index + 1}: " + "; ".join(f"{f.code}: {f.reason}" for f in s.flags))
    for n in doc.trust_notes:  # not a sentence's fault, but a reader may take one person for two
        note(log, f"check the names: {n} in this article")


def flags_line(c: TrustCounts, *, marked: bool = True) -> str | None:
    """The stderr line: each sentence counted once, flagged or repaired (None when neither)."""
    if c.flagged:
        codes = ", ".join(f"{code} {n}" for code, n in c.codes.items())
        again = f", {c.flagged_after_repair} of them after decoding again" if c.flagged_after_repair else ""
        fixed = f"; {c.repaired_clean} other(s) repaired by decoding again" if c.repaired_clean else ""
        where = "they are marked in the output" if marked else "plain output has no marks: -f json or -v says which"
        return f"{c.flagged} sentence(s) flagged for a reader to check ({codes}){again}{fixed}; {where}"
    if c.repaired:
        return f"{c.repaired} sentence(s) repaired by decoding again; none stays flagged"
    return None


def _missing(doc: Document, what: str, e: BaseException) -> str:
    reason = one_line(e)
    doc.warnings.append(f"{what}: not written: {reason}")
    note(log, f"{what} not written ({reason}); the translation is complete")
    return f"{what}: {reason}"


@contextlib.contextmanager
def _role(role: str) -> Iterator[None]:
    """Name the model's role in a loading error ('summary: model ... is not cached')."""
    try:
        yield
    except TranslateNewsError as e:
        e.args = (f"{role}: {e}",)
        raise


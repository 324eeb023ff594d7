"""Options shared by translate and batch, and turning them into Settings."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

import typer

from translate_news.settings import BACKENDS, MAX_BEAMS, SUMMARY_LANGS, Settings


def choice(*values: str) -> Callable[[Any], Any]:
    """An option callback: any case is accepted (-f JSON), the value comes out lower-case, and a
    wrong value is a usage error that names the valid ones."""
    def check(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, list | tuple):
            return [check(v) for v in value]
        if value.lower() not in values:
            raise typer.BadParameter(f"'{value}' is not one of {', '.join(values)}")
        return value.lower()

    return check


PresetName = Annotated[str, typer.Option(
    envvar="TRANSLATE_NEWS_PRESET", show_default=True,
    help="Model set: fast, quality or quickmt (see 'translate-news models list').")]
MtModel = Annotated[str | None, typer.Option(envvar="TRANSLATE_NEWS_MT_MODEL", show_default=False,
                                             help="Translation model: hub id or local folder. [default: the preset's]")]
SummaryModel = Annotated[str | None, typer.Option(envvar="TRANSLATE_NEWS_SUMMARY_MODEL", show_default=False,
                                                  help="Summarizer: hub id or local folder. [default: the preset's]")]
BackModel = Annotated[str | None, typer.Option(envvar="TRANSLATE_NEWS_BACK_MODEL", show_default=False,
                                               help="en->ar model for the Arabic summary. [default: the preset's]")]
SummaryFlag = Annotated[bool, typer.Option("--summary/--no-summary",
                                           help="Write a machine summary in English and Arabic after the translation.")]
SummaryLang = Annotated[str, typer.Option(callback=choice(*SUMMARY_LANGS),
                                          help="Which summaries to write: en, ar or both; with en the en->ar "
                                               "model is never loaded.")]
SummaryLength = Annotated[str, typer.Option(help="short, medium, long, or MIN:MAX new tokens (e.g. 40:120).")]
Device = Annotated[str, typer.Option(envvar="TRANSLATE_NEWS_DEVICE",
                                     help="auto (a GPU if one works, else CPU), cpu, cuda, cuda:N or mps.")]
BatchSize = Annotated[int, typer.Option(min=1, max=1024, help="Sentences per model call (1 = no batching).")]
Beams = Annotated[int | None, typer.Option(min=1, max=MAX_BEAMS, help="Beam size. Default: the model's own.",
                                           show_default=False)]
Fast = Annotated[bool, typer.Option("--fast", help="Greedy decoding for every model: about twice as fast, "
                                                   "slightly lower quality.")]
Backend = Annotated[str, typer.Option(
    envvar="TRANSLATE_NEWS_BACKEND", callback=choice(*BACKENDS),
    help="Inference engine: auto, ctranslate2 or transformers. auto: CTranslate2 when installed "
         "(pip install 'translate-news[fast]') and "
         "the model converts (once, cached), else transformers.")]
KeepBoilerplate = Annotated[bool, typer.Option(
    "--keep-boilerplate", help="Translate newsletter, share and similar lines instead of setting them aside.")]
Encoding = Annotated[str | None, typer.Option(help="Input encoding (e.g. cp1256), instead of detection.",
                                              show_default=False)]
MaxBytes = Annotated[int, typer.Option(help="Refuse input larger than this (exit 65).")]
NoExtract = Annotated[bool, typer.Option(
    "--no-extract", help="Web pages: translate all visible text, not only the article (for pages the "
                         "extractor gets wrong; menus and footers come too).")]
Timeout = Annotated[float, typer.Option(
    help="URLs: seconds to wait for the site to connect and to answer (the whole page: 4x this).")]
Offline = Annotated[bool, typer.Option("--offline", help="Never touch the network (like HF_HUB_OFFLINE=1).")]
Strict = Annotated[bool, typer.Option(
    "--strict", help="Exit 5 when a sentence or a summary sentence stays flagged for a reader to check.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="More detail on stderr.")]
Debug = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]

# The options above that make a run's Settings, by their parameter names in both commands
# (and --no-extract, whose parameter is the inverse of Settings.extract).
SETTINGS_OPTIONS = ("preset", "mt_model", "summary_model", "back_model", "summary", "summary_lang", "summary_length",
                    "device", "batch_size", "beams", "fast", "backend", "keep_boilerplate", "encoding", "max_bytes",
                    "offline", "timeout")


def build_settings(params: Mapping[str, Any]) -> Settings:
    """Settings from a command's parsed options (`ctx.params`); UsageError names what is wrong."""
    values = {name: params[name] for name in SETTINGS_OPTIONS}
    return Settings.build(extract=not params["no_extract"], **values)

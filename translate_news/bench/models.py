"""The models bench times: the preset's when installed, else random-weight ones of their exact
architectures (the published configs, backends/builders.py), built once and cached."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from translate_news.notes import note

log = logging.getLogger(__name__)
BUILD = 3  # bump when the random models change, so they are built again
ENGLISH = ("Officials said the attack on the base injured five soldiers and damaged two buildings. "
           "The government said it would announce a new plan to protect the border next week. "
           "Oil prices rose on Monday after the talks in Cairo ended without an agreement. ")
ARTICLE = Path(__file__).parent.parent / "data" / "example-article.txt"


@dataclass(frozen=True)
class Models:
    translation: str
    summary: str
    back: str
    random: bool  # random weights of the real architectures: lengths are forced
    native: bool = False  # the translation models are in CTranslate2's format: no naive path


# The presets whose random-weight stand-ins bench can build: translation and back-translation
# as (name, shape, language tokens); "marian" is opus-mt's shape, "quickmt" quickmt's, in
# CTranslate2's format. opus-mt-en-ar is multi-target (>>ara<<); quickmt's models are not.
RANDOM_SHAPES: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "fast": (("opus-mt-ar-en", "marian", ()), ("opus-mt-en-ar", "marian", (">>ara<<",))),
    "quickmt": (("quickmt-ar-en", "quickmt", ()), ("quickmt-en-ar", "quickmt", ()))}


# ---------------------------------------------------------------- models


def bench_models(*, tiny: bool, preset: str = "fast") -> Models:
    """The preset's models when installed, else random-weight ones of their shapes (built once)."""
    from translate_news.catalog import registry, store
    from translate_news.errors import UsageError

    chosen = registry.presets().get(preset)
    if chosen is None:
        raise UsageError(f"unknown --preset '{preset}': use {', '.join(registry.presets())}")
    native = chosen.translation.native or chosen.back_translation.native
    if not tiny and all(store.find_installed(e) for e in chosen.entries()):
        return Models(store.resolve(chosen.translation.hub_id), store.resolve(chosen.summary.hub_id),
                      store.resolve(chosen.back_translation.hub_id), random=False, native=native)
    if preset not in RANDOM_SHAPES:
        raise UsageError(f"bench has no random-weight stand-ins for --preset {preset}: pull its models first "
                         f"(translate-news models pull --preset {preset}), or use {' or '.join(RANDOM_SHAPES)}")
    translation, back = RANDOM_SHAPES[preset]
    root = _build(tiny, [translation, back, ("distilbart-cnn-12-6", "bart", ())])
    return Models(str(root / translation[0]), str(root / "distilbart-cnn-12-6"), str(root / back[0]), random=True,
                  native=native)


def _build(tiny: bool, wanted: list[tuple[str, str, tuple[str, ...]]]) -> Path:
    """Build the random-weight models not built yet; the folder holding them all."""
    from translate_news.backends import builders
    from translate_news.backends.convert import converted_root
    from translate_news.catalog.layout import has_model

    root = converted_root().parent / "bench-models" / f"{'tiny' if tiny else 'full'}-v{BUILD}"
    corpus = [*ARTICLE.read_text(encoding="utf-8").splitlines(), *ENGLISH.split(". ")] * 3
    for name, shape, codes in wanted:
        folder = root / name
        if has_model(folder):
            continue
        note(log, f"building a random-weight {name} ({'tiny shape' if tiny else 'its real shape'}) in {folder}")
        if shape == "bart":
            # the real summarizer's window, so the summary input is the real size
            builders.tiny_bart(folder, max_positions=1024) if tiny else builders.full_bart(folder)
        elif shape == "quickmt":
            builders.tiny_native(folder) if tiny else builders.full_quickmt(folder, corpus=corpus)
        elif tiny:
            builders.tiny_marian(folder, language_codes=codes)
        else:
            builders.full_marian(folder, corpus=corpus, language_codes=codes)
    return root



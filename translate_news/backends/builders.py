"""Random-weight models of the real architectures, built offline (tests and `bench`).

Their output is nonsense by design; every code path that loads and runs them is the real
one. Two sizes: tiny (d_model 32, one layer: the test suite and `bench --tiny`), and the
published shapes of the fast and quickmt presets (`bench` when the real models are not
installed: speed does not depend on the weights, quality does, so such figures are about
speed only). The quickmt ones are in CTranslate2's own format, as quickmt publishes them.

A SentencePiece model trained on a few Arabic and English news lines makes Arabic input
tokenize into real pieces; the Marian vocabulary follows opus-mt's layout (</s> 0, <unk> 1,
target-language tokens, the pieces, <pad> last).
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

AR = [
    "قال مسؤولون دفاعيون أمريكيون إن هجوما صاروخيا على القوات الأمريكية أدى إلى إصابة خمسة جنود.",
    "وقالت القوات العراقية في بيان إن الدفاعات الجوية اعترضت مركبة تحمل صواريخ بعد الهجوم.",
    "تنشر الولايات المتحدة نحو 2500 جندي في العراق كجزء من مهمة لمنع عودة تنظيم الدولة.",
    "قال الرئيس إن الحكومة ستعلن خطة جديدة، وارتفعت أسعار النفط اليوم؛ ووصل الوفد إلى القاهرة.",
]
EN = [
    "US defense officials said a rocket attack on US forces injured at least five soldiers.",
    "Iraqi forces said in a statement that air defenses intercepted a vehicle carrying rockets.",
    "The United States deploys about 2,500 troops in Iraq as part of a mission.",
    "The president said the government will announce a new plan. Oil prices rose today.",
]
# The published configs of the default preset (opus-mt-ar-en / opus-mt-en-ar, distilbart-cnn-12-6).
MARIAN_SHAPE: dict[str, Any] = {
    "d_model": 512, "encoder_layers": 6, "decoder_layers": 6, "encoder_attention_heads": 8,
    "decoder_attention_heads": 8, "encoder_ffn_dim": 2048, "decoder_ffn_dim": 2048,
    "activation_function": "swish", "scale_embedding": True}
MARIAN_VOCAB = 62834
BART_SHAPE: dict[str, Any] = {
    "d_model": 1024, "encoder_layers": 12, "decoder_layers": 6, "encoder_attention_heads": 16,
    "decoder_attention_heads": 16, "encoder_ffn_dim": 4096, "decoder_ffn_dim": 4096, "activation_function": "gelu"}
BART_VOCAB = 50264
# quickmt-ar-en's published shape: a deep encoder, a shallow decoder, 20k-piece vocabularies.
QUICKMT_SHAPE: dict[str, Any] = {
    "d_model": 1024, "encoder_layers": 8, "decoder_layers": 2, "encoder_attention_heads": 16,
    "decoder_attention_heads": 16, "encoder_ffn_dim": 4096, "decoder_ffn_dim": 4096,
    "activation_function": "relu", "scale_embedding": True}
QUICKMT_VOCAB = 20000
TINY_SHAPE: dict[str, Any] = {
    "d_model": 32, "encoder_layers": 1, "decoder_layers": 1, "encoder_attention_heads": 2,
    "decoder_attention_heads": 2, "encoder_ffn_dim": 64, "decoder_ffn_dim": 64,
    "init_std": 0.3}  # large random weights make the output depend on the input


def tiny_marian(folder: Path, *, max_positions: int = 512, language_codes: tuple[str, ...] = ()) -> Path:
    """A ~1 MB Marian model; `language_codes` (e.g. '>>ara<<') make it multi-target like opus-mt-en-ar."""
    return _marian(folder, corpus=(AR + EN) * 20, spm={"vocab_size": 160}, pad_to=None, shape=TINY_SHAPE,
                   max_positions=max_positions, language_codes=language_codes, beams=None)


def full_marian(folder: Path, *, corpus: list[str], language_codes: tuple[str, ...] = ()) -> Path:
    """opus-mt-ar-en's shape. BPE with 1000 pieces splits news at about 1.5 pieces per word, as
    the real model's vocabulary does; the rest of the vocabulary is padded to its real size."""
    return _marian(folder, corpus=corpus, spm={"vocab_size": 1000, "model_type": "bpe"}, pad_to=MARIAN_VOCAB,
                   shape=MARIAN_SHAPE, max_positions=512, language_codes=language_codes, beams=4)


def tiny_bart(folder: Path, *, max_positions: int = 128) -> Path:
    """A tiny BART summarizer with a byte-level BPE trained on English lines."""
    from tokenizers import ByteLevelBPETokenizer

    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(EN * 20, vocab_size=300, min_frequency=1,
                            special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    return _bart(folder, bpe, shape=TINY_SHAPE, max_positions=max_positions)


def full_bart(folder: Path) -> Path:
    """distilbart-cnn-12-6's shape. Its byte-level BPE has no merges (a token per byte) and a
    vocabulary padded to the real size: what matters for speed is the layers' size."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers

    vocab = {t: i for i, t in enumerate(["<s>", "<pad>", "</s>", "<unk>", *pre_tokenizers.ByteLevel.alphabet()])}
    while len(vocab) < BART_VOCAB - 1:
        vocab[f"\u0120w{len(vocab)}"] = len(vocab)
    vocab["<mask>"] = len(vocab)
    bpe = Tokenizer(models.BPE(vocab=vocab, merges=[], unk_token="<unk>"))
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    return _bart(folder, bpe, shape=BART_SHAPE, max_positions=1024)


def tiny_native(folder: Path, *, layout: str = "quickmt", language_codes: tuple[str, ...] = ()) -> Path:
    """A tiny model already in CTranslate2's format, with no transformers file beside it.

    layout "quickmt": model.bin, source_ and target_vocabulary.json, src.spm.model and
    tgt.spm.model; "opus": model.bin, shared_vocabulary.json, source.spm and target.spm."""
    marian = tiny_marian(folder.with_name(folder.name + ".marian"), language_codes=language_codes)
    return _native(marian, folder, quantization="float32", layout=layout)


def full_quickmt(folder: Path, *, corpus: list[str], language_codes: tuple[str, ...] = ()) -> Path:
    """quickmt-ar-en's shape in its layout: a random Marian of that shape, converted (int8) and
    arranged as quickmt publishes its models. Its pieces come from the same 1000-piece BPE as
    full_marian's, padded to 20k (see full_marian)."""
    marian = _marian(folder.with_name(folder.name + ".marian"), corpus=corpus,
                     spm={"vocab_size": 1000, "model_type": "bpe"}, pad_to=QUICKMT_VOCAB, shape=QUICKMT_SHAPE,
                     max_positions=512, language_codes=language_codes, beams=None)
    return _native(marian, folder, quantization="int8", layout="quickmt")


def _native(marian: Path, folder: Path, *, quantization: str, layout: str) -> Path:
    """Convert a built Marian with CTranslate2's own converter and keep only what its format has."""
    from ctranslate2.converters import TransformersConverter

    out = folder.with_name(folder.name + ".out")
    shutil.rmtree(out, ignore_errors=True)
    with contextlib.redirect_stderr(io.StringIO()):  # the converter's progress bars
        TransformersConverter(str(marian)).convert(str(out), quantization=quantization, force=True)
    if layout == "quickmt":  # separate vocabularies and SentencePiece models, named as quickmt names them
        for name in ("source_vocabulary.json", "target_vocabulary.json"):
            shutil.copy(out / "shared_vocabulary.json", out / name)
        (out / "shared_vocabulary.json").unlink()
        shutil.copy(marian / "source.spm", out / "src.spm.model")
        shutil.copy(marian / "target.spm", out / "tgt.spm.model")
    else:
        shutil.copy(marian / "source.spm", out / "source.spm")
        shutil.copy(marian / "target.spm", out / "target.spm")
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    # Marian models were trained with '</s>' after the source; a CTranslate2 model asks its
    # runtime for that in its config, which is the path a native model takes.
    config["add_source_eos"] = True
    (out / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    shutil.rmtree(marian)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()  # an empty folder made for it (pytest's mktemp)
    os.replace(out, folder)
    return folder


def _marian(folder: Path, *, corpus: list[str], spm: dict[str, Any], pad_to: int | None, shape: dict[str, Any],
            max_positions: int, language_codes: tuple[str, ...], beams: int | None) -> Path:
    import sentencepiece
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    work = _workdir(folder)
    (work / "corpus.txt").write_text("\n".join(corpus), encoding="utf-8")
    sentencepiece.SentencePieceTrainer.train(
        input=str(work / "corpus.txt"), model_prefix=str(work / "spm"), character_coverage=1.0,
        hard_vocab_limit=False, pad_id=-1, bos_id=-1, eos_id=-1, unk_id=0, minloglevel=2, **spm)
    sp = sentencepiece.SentencePieceProcessor(model_file=str(work / "spm.model"))
    vocab = {"</s>": 0, "<unk>": 1, **{c: 2 + i for i, c in enumerate(language_codes)}}
    for i in range(sp.get_piece_size()):
        vocab.setdefault(sp.id_to_piece(i), len(vocab))
    while pad_to and len(vocab) < pad_to - 1:  # pieces no text needs, so the output layer has its real size
        vocab[f"\u2581w{len(vocab)}"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    for name in ("source.spm", "target.spm"):
        (work / name).write_bytes((work / "spm.model").read_bytes())
    tok = MarianTokenizer(source_spm=str(work / "source.spm"), target_spm=str(work / "target.spm"),
                          vocab=str(work / "vocab.json"), model_max_length=max_positions)
    torch.manual_seed(0)
    pad = vocab["<pad>"]
    model = MarianMTModel(MarianConfig(
        **shape, vocab_size=len(vocab), decoder_vocab_size=len(vocab), max_position_embeddings=max_positions,
        pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad, forced_eos_token_id=0))
    g = model.generation_config
    g.bad_words_ids = [[pad]]
    if beams:
        g.num_beams, g.max_length = beams, max_positions
    return _save(tok, model, work, folder)


def _bart(folder: Path, bpe: Any, *, shape: dict[str, Any], max_positions: int) -> Path:
    import torch
    from tokenizers.processors import RobertaProcessing
    from transformers import BartConfig, BartForConditionalGeneration, PreTrainedTokenizerFast

    work = _workdir(folder)
    bpe.post_processor = RobertaProcessing(("</s>", 2), ("<s>", 0))  # <s> text </s>, as BART
    tok = PreTrainedTokenizerFast(tokenizer_object=getattr(bpe, "_tokenizer", bpe), model_max_length=max_positions,
                                  bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>",
                                  mask_token="<mask>")
    torch.manual_seed(0)
    special: dict[str, Any] = {"pad_token_id": 1, "bos_token_id": 0, "eos_token_id": 2, "decoder_start_token_id": 2,
               "forced_bos_token_id": 0, "forced_eos_token_id": 2}  # BART's layout
    model = BartForConditionalGeneration(BartConfig(
        **shape, **special, vocab_size=len(tok), max_position_embeddings=max_positions))
    g = model.generation_config  # distilbart-cnn-12-6's published decoding settings
    g.num_beams, g.length_penalty, g.no_repeat_ngram_size, g.min_length, g.max_length = 4, 2.0, 3, 56, 142
    g.early_stopping = True
    return _save(tok, model, work, folder)


def _workdir(folder: Path) -> Path:
    work = folder.with_name(folder.name + ".building")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    return work


def _save(tok: Any, model: Any, work: Path, folder: Path) -> Path:
    """Write the model beside `folder`, then rename it there: a half-built model is never found."""
    out = folder.with_name(folder.name + ".out")
    tok.save_pretrained(out)
    with contextlib.redirect_stderr(io.StringIO()):  # transformers' "Writing model shards" bar
        model.save_pretrained(out)
    shutil.rmtree(work)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()  # an empty folder made for it (pytest's mktemp)
    os.replace(out, folder)
    return folder

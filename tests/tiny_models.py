"""Tiny random-weight models of the real architectures, built offline.

Their output is nonsense; every code path that loads and runs them is the real one. The
SentencePiece model is trained on a few Arabic and English lines so Arabic input tokenizes
into real pieces, and the Marian config mirrors opus-mt-ar-en's special-token layout.
"""
from __future__ import annotations

import json
from pathlib import Path

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


def build_tiny_marian(directory: Path, *, max_positions: int = 512, vocab_size: int = 160,
                      seed: int = 0, language_codes: tuple[str, ...] = ()) -> Path:
    """Write a ~1 MB MarianMT model + MarianTokenizer into `directory` and return it.

    `language_codes` (e.g. '>>ara<<') makes it a multi-target model like opus-mt-en-ar.
    """
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    corpus = d / "corpus.txt"
    corpus.write_text("\n".join((AR + EN) * 20), encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(d / "spm"), vocab_size=vocab_size,
        character_coverage=1.0, hard_vocab_limit=False, pad_id=-1, bos_id=-1, eos_id=-1,
        unk_id=0, minloglevel=2)
    sp = spm.SentencePieceProcessor(model_file=str(d / "spm.model"))
    vocab = {"</s>": 0, "<unk>": 1}
    for code in language_codes:
        vocab[code] = len(vocab)
    for i in range(sp.get_piece_size()):
        vocab.setdefault(sp.id_to_piece(i), len(vocab))
    vocab["<pad>"] = len(vocab)
    (d / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    for name in ("source.spm", "target.spm"):
        (d / name).write_bytes((d / "spm.model").read_bytes())
    for junk in ("corpus.txt", "spm.model", "spm.vocab"):
        (d / junk).unlink()

    tok = MarianTokenizer(source_spm=str(d / "source.spm"), target_spm=str(d / "target.spm"),
                          vocab=str(d / "vocab.json"), model_max_length=max_positions)
    tok.save_pretrained(d)
    torch.manual_seed(seed)
    pad = vocab["<pad>"]
    cfg = MarianConfig(
        vocab_size=len(vocab), decoder_vocab_size=len(vocab), d_model=32, encoder_layers=1,
        decoder_layers=1, encoder_attention_heads=2, decoder_attention_heads=2,
        encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=max_positions,
        init_std=0.3,  # large random weights make the output depend on the input
        pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad, forced_eos_token_id=0)
    model = MarianMTModel(cfg)
    model.generation_config.bad_words_ids = [[pad]]
    model.save_pretrained(d)
    return d


def build_tiny_bart(directory: Path, *, max_positions: int = 128, seed: int = 0) -> Path:
    """Write a tiny BART summarizer (byte-level BPE trained on English lines) into `directory`."""
    import torch
    from tokenizers import ByteLevelBPETokenizer
    from tokenizers.processors import RobertaProcessing
    from transformers import BartConfig, BartForConditionalGeneration, PreTrainedTokenizerFast

    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(EN * 20, vocab_size=300, min_frequency=1,
                            special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    bpe.post_processor = RobertaProcessing(("</s>", 2), ("<s>", 0))  # <s> text </s>, as BART
    tok = PreTrainedTokenizerFast(tokenizer_object=bpe, model_max_length=max_positions, bos_token="<s>",
                                  eos_token="</s>", pad_token="<pad>", unk_token="<unk>", mask_token="<mask>")
    tok.save_pretrained(d)
    torch.manual_seed(seed)
    cfg = BartConfig(
        vocab_size=len(tok), d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64,
        max_position_embeddings=max_positions, init_std=0.3, pad_token_id=1, bos_token_id=0,
        eos_token_id=2, decoder_start_token_id=2, forced_bos_token_id=0, forced_eos_token_id=2)
    model = BartForConditionalGeneration(cfg)
    # distilbart-cnn-12-6's published decoding settings
    g = model.generation_config
    g.num_beams, g.length_penalty, g.no_repeat_ngram_size, g.min_length, g.max_length = 4, 2.0, 3, 56, 142
    g.early_stopping = True
    model.save_pretrained(d)
    return d

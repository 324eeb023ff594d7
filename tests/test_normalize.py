import pytest
from hypothesis import given
from hypothesis import strategies as st

from translate_news.normalize import clean_for_display, normalize_for_mt


@pytest.mark.parametrize(("raw", "expected"), [
    ("الـــقوات", "القوات"),  # tatweel
    ("نسبة ٣٫٥٪ و١٬٠٠٠", "نسبة 3.5% و1,000"),  # Arabic-Indic digits and separators
    ("كلمة\u200fأخرى\t\u202bنص\u202c", "كلمة أخرى نص"),  # bidi controls become spaces
    ("“نؤكد” «نعم»…", '"نؤكد" "نعم"...'),  # quotes as in OPUS training data
    ("مُحَمَّدٌ", "محمد"),  # harakat
    ("\ufeb3\ufefc\ufee1", "سلام"),  # presentation forms from PDF copy
    ("سطر\nسطر", "سطر سطر"),
])
def test_model_copy(raw, expected):
    assert normalize_for_mt(raw) == expected


@given(st.text())
def test_model_copy_is_idempotent(s):
    assert normalize_for_mt(normalize_for_mt(s)) == normalize_for_mt(s)


def test_display_copy_keeps_letters_and_drops_invisible_controls():
    assert clean_for_display("\u202bنص\u200d١\u202c") == "نص١"

"""translate_news.trust.checks: each code fires on a crafted pair and stays quiet on its clean twin;
every number equivalence holds both ways; human translations stay (almost) unflagged."""
import sys
from pathlib import Path

import pytest

from translate_news.trust.checks import (
    CODES,
    Flag,
    check_pair,
    english_names,
    english_numbers,
    numbers_in_arabic,
    numbers_in_english,
)

SAMPLE = Path(__file__).parent / "data" / "tico19-sample.tsv"
SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def codes(source, translation, **kw):
    return [f.code for f in check_pair(source, translation, **kw)]


AR = "قال مسؤولون إن 35 شخصا قتلوا في الهجوم على السوق المركزي في المدينة صباح اليوم."
AR_DOZENS = "قال مسؤولون إن عشرات الأشخاص قتلوا في الهجوم على السوق المركزي في المدينة صباح اليوم."


def en_line(who="35 people", where="the city's central market", tail=" this morning."):
    return f"Officials said {who} were killed in the attack on {where}{tail}"


EN = en_line()
# code -> (source, bad translation, clean twin, keyword arguments)
FIRES = {
    "number-missing": (AR, en_line("people"), EN, {}),
    "number-added": (AR_DOZENS, en_line("45 people"), en_line("dozens of people"), {}),
    "repetition": (AR, en_line(where="the market on the market on the market", tail="."), EN, {}),
    "untranslated": (AR, en_line(where="the city's السوق"), EN, {}),
    "length-ratio": (AR, "Officials said 35 people.", EN, {}),
    "truncated": (AR, EN.rsplit(" ", 3)[0], EN, {"hit_cap": True}),
    "empty": (AR, "", EN, {}),
    "echo": (AR, AR, EN, {}),
    "markup": (AR, en_line(where="the city&apos;s central market"), EN, {}),
    "omission": ("قال الوزير: «لن نتراجع عن قرارنا».", "The minister said they would not go back on the decision.",
                 'The minister said: "We will not go back on our decision."', {}),
    "place-mismatch": ("قتل خمسة أشخاص في انفجار في بغداد.", "Five people were killed in an explosion in Damascus.",
                       "Five people were killed in an explosion in Baghdad.", {}),
    "name-missing": ("قال محمد إن الوضع هادئ.", "He said the situation was calm.",
                     "Mohammed said the situation was calm.", {}),
    "name-added": ("قال إن الوضع هادئ.", "Ahmed said the situation was calm.", "He said the situation was calm.", {}),
}


def test_every_code_has_a_crafted_case():
    assert set(FIRES) == set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_code_fires_and_clean_twin_is_quiet(code):
    source, bad, clean, kw = FIRES[code]
    assert code in codes(source, bad, **kw)
    assert check_pair(source, clean) == []


def test_more_shapes_of_each_fault():
    long_tail = EN + (" The market had been rebuilt after a fire last year, and traders who had fled the fighting "
                      "in the north had returned to it in large numbers during the spring.")
    assert "length-ratio" in codes(AR, long_tail)
    assert codes(AR, "the the the people were killed in the attack on the central market, officials said 35.") == [
        "repetition"]
    loop = " ".join(["officials said that"] * 3 + ["many"] * 2 + ["people", "died"] + ["and more"] * 20)
    assert "repetition" in codes(AR, loop)
    vocabulary = ["said", "the", "officials", "people", "market", "attack", "city", "killed", "in", "on"]
    few_words = " ".join(vocabulary[(i * i + i // 3) % 10] for i in range(48))  # no loop, 7 distinct words
    source = ("قال مسؤولون في المدينة إن عددا كبيرا من الأشخاص قتلوا وأصيب آخرون بجروح خطيرة في الهجوم الذي وقع "
              "مساء أمس على السوق الرئيسي وسط المدينة القديمة")
    assert check_pair(source, few_words) == [Flag("repetition", "only 7 distinct words in 48")]
    assert codes(AR, None) == ["empty"]
    assert codes(AR, "  . ") == ["empty"]
    assert codes("2020", "") == []  # nothing Arabic to translate
    assert codes(AR, en_line(where="the <unk>", tail=" ▁this morning.")) == ["markup"]
    transliterated = "qala mas'ulun inna 35 shakhsan qutilu fi al-hujum ala al-suq al-markazi fi al-madina sabah"
    assert codes(AR, transliterated) == ["echo"]
    names = "Katherine Maher, Mohammed Salah and Ahmed Zewail"  # names read like the Arabic, but are not an echo
    assert "echo" not in codes("كاثرين ماهر ومحمد صلاح وأحمد زويل", names)
    # a chant repeated in the source may repeat in the translation
    assert codes("الله أكبر الله أكبر الله أكبر", "God is great God is great God is great") == []


def test_english_that_stops_halfway_is_truncated():
    half = EN.rsplit(" ", 5)[0]  # "Officials said 35 people were killed in the attack on the"
    assert "truncated" in codes(AR, half)
    assert "truncated" in codes("قال: «لن نتراجع».", "He said: \"We will not")  # a closing quote after the end
    assert "truncated" not in codes(AR, EN + '"')  # the English may close a quote after its full stop
    assert "truncated" not in codes("عاجل", "Breaking")  # a headline ends no sentence on either side
    assert "truncated" not in codes("هل انتهى؟", "Is it over?")
    assert codes(AR, half, hit_cap=True).count("truncated") == 1  # the cap and the missing end: one flag


def test_latin_tokens_and_quotations_of_the_source_must_reach_the_english():
    ar = "وقال حلف شمال الأطلسي (NATO) في بيان على موقعه www.nato.int إن القمة ستعقد."
    assert codes(ar, "The North Atlantic Treaty Organization said in a statement that the summit would be held.") == [
        "omission"]
    assert codes(ar, "NATO said in a statement on its website www.nato.int that the summit would be held.") == []
    assert codes("وقالت الأمم المتحدة في تغريدة على حسابها @UN إن المساعدات وصلت.",
                 "The UN said in a tweet on its UN account that aid had arrived.") == []  # a handle without its @
    # an Arabic gloss of an English term may be dropped ("hashing" is in the English; Django's catalogs)
    assert codes("صيغة كلمة المرور غير صحيحة أو أن خوارزمية البعثرة (hashing) غير معروفة.",
                 "Invalid password format or unknown hashing algorithm.") == []
    # acronym after its Arabic expansion: the English may be the acronym alone (Django: GIS)
    assert codes("نظم المعلومات الجغرافية GIS", "GIS") == []
    # right-to-left text also writes its quotes ”...“, and a quotation may run on to the next sentence
    assert codes("حُذف ”%(obj)s“.", "Deleted %(obj)s.") == ["omission"]
    assert codes("حُذف ”%(obj)s“.", "Deleted “%(obj)s”.") == []
    assert codes('"لا يزال بإمكان جميع البلدان تغيير مسار هذا الوباء.',
                 "All countries can still change the course of this pandemic.") == ["omission"]
    said = "قال الوزير: «لن نتراجع عن قرارنا»."
    assert codes(said, "The minister said: 'We will not go back on our decision.'") == []
    assert codes(said, "The minister said “we will not go back on our decision”.") == []


def test_honorific_ligatures_are_not_arabic_left_in_the_english():
    for mark in "ﷺﷻ﷽":
        assert codes("قال رسول الله ﷺ: إنما الأعمال بالنيات.", f"The Messenger of Allah {mark} said: "
                     "Actions are only by intentions.") == []
    assert codes("قال الوزير إن الوضع هادئ.", "The minister said the situation is هادئ.") == ["untranslated"]


def test_classical_number_words_and_verse_references():
    # accusative / adverbial number words: "three times"
    assert codes("كان إذا سلم سلم ثلاثا.", "When he greeted, he greeted three times.") == []
    assert codes("كان إذا سلم سلم ثلاثا.", "When he greeted, he greeted many times.") == ["number-missing"]
    assert codes("فطاف سبعا.", "He went round seven times.") == []
    # و-joined numbers, the smaller first, are a sum: 120, not 2,000
    assert codes("عاش عشرين ومائة سنة.", "He lived 120 years.") == []
    assert codes("عاش عشرين ومائة سنة.", "He lived 2,000 years.") == ["number-missing", "number-added"]
    # a translator's verse reference is no number of the source
    assert codes("ولهم عذاب أليم.", "And for them is a painful punishment (3.77).") == []
    assert codes("ولهم عذاب أليم.", "And for them is a painful punishment 377.") == ["number-added"]


def test_may_and_march_are_months_only_next_to_a_day_or_a_year():
    ar = "قال إن خمسة أشخاص قد يصابون بالمرض."
    assert codes(ar, "He said that people may fall ill.") == ["number-missing"]  # "may" is not 5
    assert codes(ar, "He said that five people may fall ill.") == []
    assert codes("تقدم ثلاثة أشخاص.", "People march forward.") == ["number-missing"]
    assert codes("الانتخابات في 5/3/2021.", "The elections are on 5 March 2021.") == []
    assert codes("الانتخابات في 2021/5/3.", "The elections are on May 3, 2021.") == []


def test_hyphenated_idioms_are_no_loop():
    assert codes("فقال فلان وفلان.", "So-and-so and so-and-so said.") == []
    assert codes("فقال فلان وفلان.", "So and so and so and so and so said.") == ["repetition"]


def test_reasons_name_the_evidence():
    [flag] = check_pair(AR, FIRES["number-missing"][1])
    assert flag == Flag("number-missing", "the source's 35 is not in the translation")
    [flag] = check_pair("قتل ثلاثة أشخاص", "Killed people")
    assert "ثلاثة (3)" in flag.reason
    [flag] = check_pair(*FIRES["untranslated"][:2])
    assert "السوق" in flag.reason
    [flag] = check_pair(*FIRES["repetition"][:2])
    assert '"on the market"' in flag.reason


# (Arabic, English): the same number written two ways. Both are hard numbers unless marked soft.
EQUIVALENT = [
    ("٣٥", "35"), ("۳۵", "35"), ("35", "thirty-five"), ("١٬٥٠٠", "1,500"), ("1500", "1,500"), ("1,500", "1500"),
    ("٢٫٥", "2.5"), ("2,5", "2.5"), ("3،5", "3.5"), ("2.5", "2,5"), ("1.500", "1,500"), ("1.500", "1.5"),
    ("35٪", "35 percent"), ("35 بالمئة", "35%"), ("35 في المائة", "35 per cent"), ("35%", "35 per cent"),
    ("3 ملايين", "3 million"), ("3 ملايين", "3,000,000"), ("ثلاثة ملايين", "three million"),
    ("2.5 مليار", "2.5 billion"), ("2.5 مليار", "$2.5bn"), ("مليار", "a billion"), ("مليون", "one million"),
    ("ألف", "a thousand"), ("ألفين", "2,000"), ("مليونين", "two million"), ("3 آلاف", "3,000"),
    ("عشرة آلاف", "10,000"), ("ألف و500", "1,500"), ("ألف وخمسمائة", "1,500"), ("ألف و500", "1,000 and 500"),
    ("مليار و200 مليون", "1.2 billion"), ("3 ملايين و500 ألف", "3.5 million"), ("ثلاثمئة ألف", "300,000"),
    ("مئة", "a hundred"), ("مائتين", "200"), ("خمسمائة", "five hundred"), ("ثلاثة", "three"), ("ثلاث", "3"),
    ("سبع", "seven"), ("عشرة", "10"), ("خمسة عشر", "fifteen"), ("اثنا عشر", "12"),
    ("خمسة وعشرون", "25"), ("خمس وعشرين", "twenty-five"), ("عشرين", "twenty"), ("تسعين", "90"),
    ("٢", "two"), ("3 مليون", "$3m"), ("1975", "1975"), ("19", "19th"), ("250", "two hundred and fifty"),
    ("1500", "one thousand five hundred"),
]
# soft on the Arabic side: they satisfy the English but are never missing themselves
SOFT_ARABIC = [("الثاني عشر", "12th"), ("القرن العشرين", "20th century"), ("يومين", "2 days"),
               ("مارس", "3"), ("كوفيد-19", "19"), ("الاثنين", "2")]
# soft on the English side: they satisfy the Arabic but are never added themselves
SOFT_ENGLISH = [("2", "second"), ("3", "third"), ("12", "a dozen"), ("1990", "the 1990s"),
                ("2", "II"), ("19", "COVID-19"), ("3", "triple")]

AR_TEMPLATE, AR_NONE = "قال المسؤول إن العدد بلغ {} هذا الأسبوع.", "قال المسؤول إن العدد ارتفع هذا الأسبوع."
EN_TEMPLATE = "The official said the number reached {} this week."
EN_NONE = "The official said the number rose this week."


def number_codes(ar, en):
    return [c for c in codes(ar, en) if c.startswith("number")]


@pytest.mark.parametrize(("ar", "en"), EQUIVALENT + SOFT_ARABIC + SOFT_ENGLISH)
def test_equivalent_numbers_match(ar, en):
    assert number_codes(AR_TEMPLATE.format(ar), EN_TEMPLATE.format(en)) == []


@pytest.mark.parametrize(("ar", "en"), EQUIVALENT + SOFT_ENGLISH)
def test_arabic_number_missing_when_dropped(ar, en):
    assert number_codes(AR_TEMPLATE.format(ar), EN_NONE) == ["number-missing"]


@pytest.mark.parametrize(("ar", "en"), [(a, e) for a, e in EQUIVALENT + SOFT_ARABIC if e not in ("two", "2", "2 days")])
def test_english_number_added_when_the_source_has_none(ar, en):
    assert number_codes(AR_NONE, EN_TEMPLATE.format(en)) == ["number-added"]


@pytest.mark.parametrize(("ar", "en"), SOFT_ARABIC)
def test_soft_arabic_numbers_are_never_missing(ar, en):
    assert number_codes(AR_TEMPLATE.format(ar), EN_NONE) == []


@pytest.mark.parametrize(("ar", "en"), [*SOFT_ENGLISH, ("", "two"), ("", "2"), ("", "one"), ("", "1")])
def test_soft_english_numbers_and_two_are_never_added(ar, en):
    assert number_codes(AR_NONE, EN_TEMPLATE.format(en)) == []


@pytest.mark.parametrize(("ar", "en"), [
    ("قتل شخص واحد", "One person was killed"), ("قتل 1 شخص", "A person was killed"),
    ("آلاف الأشخاص", "thousands of people"), ("عدة مئات من العينات", "several hundred samples"),
    ("فيروس كورونا ألفا", "the alpha coronavirus"), ("رقم التكاثر الأساسي", "the R0"),
    ("ارتفع 35 في المئة", "rose 35 percent"), ("في 2020/3/3", "on March 3, 2020"),
    ("الأشهر الثلاثة الأولى", "the first trimester"), ("الست مناطق", "six regions"),
])
def test_ambiguous_and_vague_numbers_raise_nothing(ar, en):
    assert number_codes(ar, en) == []


def test_different_numbers_are_flagged_both_ways():
    assert number_codes("قتل 35 شخصا", "53 people were killed") == ["number-missing", "number-added"]
    assert number_codes("3 ملايين", "3 billion") == ["number-missing", "number-added"]
    assert number_codes("ثلاثة عشر", "thirty") == ["number-missing", "number-added"]


def test_number_helpers():
    assert english_numbers("1,500 people, $2.5 billion, three million, twenty-five, 35%") == \
        {"1500", "2500000000", "3000000", "25", "35"}
    assert english_numbers("in the second week of March 2020") == {"2", "3", "2020"}  # soft ones included
    [n] = numbers_in_arabic("٣ ملايين")
    assert (n.text, n.values, n.soft) == ("3 ملايين", {3_000_000}, False)
    [n] = numbers_in_english("1.500")
    assert n.values == {1500, 1.5}
    assert [x.soft for x in numbers_in_english("COVID-19 in the 1990s, 19 cases")] == [True, True, False]


def test_english_names():
    text = "Egypt's president Abdel Fattah al-Sisi met the emir in Cairo. The talks ended. Police said police had left."
    assert english_names(text) == {"Egypt", "Abdel", "Fattah", "Sisi", "Cairo"}
    assert english_names("Officials in Gaza said Hamas had agreed.") == {"Officials", "Gaza", "Hamas"}
    assert english_names("") == set()


# Real-looking news sentences and careful translations: none may be flagged.
CLEAN = [
    ("قال مسؤولون في وزارة الصحة إن 35 شخصا على الأقل قتلوا وأصيب 120 آخرون في الانفجار الذي وقع صباح الثلاثاء.",
     "Health ministry officials said at least 35 people were killed and 120 others injured in the explosion "
     "on Tuesday morning."),
    ("ارتفع معدل التضخم في مصر إلى ٣٥٫٧٪ في فبراير، وفق بيانات الجهاز المركزي للتعبئة العامة والإحصاء.",
     "Inflation in Egypt rose to 35.7% in February, according to data from the Central Agency for Public "
     "Mobilization and Statistics."),
    ("وافق صندوق النقد الدولي على قرض بقيمة 3 مليارات دولار لتونس على مدى أربع سنوات.",
     "The International Monetary Fund approved a $3 billion loan to Tunisia over four years."),
    ("أعلنت الأمم المتحدة أن أكثر من مليوني شخص نزحوا من منازلهم منذ بداية النزاع.",
     "The United Nations said more than two million people have been displaced from their homes since the "
     "conflict began."),
    ("وصل الرئيس الفرنسي إلى بيروت يوم الخميس في زيارة تستمر يومين يلتقي خلالها كبار المسؤولين اللبنانيين.",
     "The French president arrived in Beirut on Thursday for a two-day visit during which he will meet senior "
     "Lebanese officials."),
    ("سجلت المملكة العربية السعودية ١٬٢٥٠ إصابة جديدة بفيروس كورونا خلال الساعات الأربع والعشرين الماضية.",
     "Saudi Arabia recorded 1,250 new coronavirus infections in the past 24 hours."),
    ("قالت الشرطة إن ثلاثة مسلحين اقتحموا البنك واحتجزوا عشرة رهائن لعدة ساعات.",
     "Police said three gunmen stormed the bank and held ten hostages for several hours."),
    ("بلغت قيمة الصادرات النفطية العراقية 8.5 مليار دولار في شهر مارس.",
     "Iraq's oil exports were worth $8.5 billion in March."),
    ("أكد الجيش أن خمسة وعشرين جنديا قتلوا في الهجوم الذي استهدف قاعدة عسكرية شمال البلاد.",
     "The army confirmed that twenty-five soldiers were killed in the attack on a military base in the north "
     "of the country."),
    ("من المقرر أن تعقد القمة العربية في الرياض في 19 مايو 2023 بمشاركة 22 دولة.",
     "The Arab summit is scheduled to be held in Riyadh on 19 May 2023 with the participation of 22 countries."),
    ("وقال المتحدث باسم الحكومة إن البلاد ستستقبل نحو ألف وخمسمائة لاجئ خلال العام المقبل.",
     "The government spokesman said the country would receive about 1,500 refugees over the next year."),
    ("انخفض سعر خام برنت بنسبة 2 في المئة ليصل إلى 78 دولارا للبرميل.",
     "Brent crude fell 2 percent to $78 a barrel."),
    ("أفرجت السلطات عن الصحفي بعد احتجازه لمدة ثلاثة أشهر دون توجيه اتهامات رسمية إليه.",
     "The authorities released the journalist after holding him for three months without formal charges."),
    ("وتضم الحكومة الجديدة 24 وزيرا بينهم ست نساء، وهو رقم قياسي في تاريخ البلاد.",
     "The new government includes 24 ministers, among them six women, a record in the country's history."),
    ("تعهدت الدول المانحة بتقديم مليار و200 مليون دولار لإعادة إعمار المدينة.",
     "Donor countries pledged $1.2 billion to rebuild the city."),
    ("أعلن البنك المركزي رفع سعر الفائدة الرئيسي 50 نقطة أساس إلى 5.25 بالمئة.",
     "The central bank raised its main interest rate by 50 basis points to 5.25 percent."),
    ("ويعيش نحو ٤٠ في المائة من سكان البلاد تحت خط الفقر، بحسب تقرير للبنك الدولي.",
     "About 40 per cent of the country's population lives below the poverty line, according to a World Bank report."),
    ("اندلعت الحرب الأهلية في عام 1975 واستمرت خمسة عشر عاما.",
     "The civil war broke out in 1975 and lasted fifteen years."),
]


@pytest.mark.parametrize(("ar", "en"), CLEAN)
def test_clean_news_pairs_raise_nothing(ar, en):
    assert check_pair(ar, en) == []


def load_sample():
    rows = [line.split("\t") for line in SAMPLE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return [(ar, en) for _, ar, en in rows]


def test_false_alarm_rate_on_human_translations():
    """TICO-19 (CC0) professional translations: at most 2.5% of pairs flagged. Measured: 3 of these 200
    (length-ratio on acronym-dense PubMed lines such as "Trends of COVID-19 in EU/EEA countries and the UK",
    which Arabic spells out) and 20 of all 3,071 pairs, 12 of them escaped markup left in the reference
    itself (scripts/false_alarms.py)."""
    pairs = load_sample()
    assert len(pairs) == 200
    flagged = [(ar, en, flags) for ar, en in pairs if (flags := check_pair(ar, en))]
    assert len(flagged) <= 0.025 * len(pairs), flagged[:5]


def test_the_evaluation_set_meets_the_targets():
    """scripts/evaluate_trust.py on the committed set (tests/data/trust/): half-stopped English,
    changed places and names, numbers dropped next to may/march caught; false alarms on modern
    human pairs <= 1%. A check that loses recall or gains false alarms fails here."""
    sys.path.insert(0, str(SCRIPTS))
    try:
        import evaluate_trust as ev
    finally:
        sys.path.remove(str(SCRIPTS))
    faults = ev.read_faults()
    assert {v.fault for v in faults} >= {f for f, (_, target) in ev.EXPECT.items() if target}
    report = ev.evaluate(faults, {"modern": ev.pairs(ev.MODERN)}, passes=0)
    assert ev.misses(report) == []
    assert report.false_alarms["modern"]["pairs"] >= 999


def test_an_english_line_passed_through_names_what_it_names():
    assert codes("Ahmed met Putin in Baghdad.", "Ahmed met Putin in Baghdad.") == []


@pytest.mark.parametrize(("ar", "en"), [
    ("قال الرئيس العراقي إن الولايات المتحدة ستسحب قواتها.", "The Iraqi president said the US would withdraw."),
    ("والتقى بالمسؤولين السوريين في دمشق.", "He met Syrian officials in Damascus."),
    ("وصل وزير الخارجية اللبناني إلى القاهرة.", "The Lebanese foreign minister arrived in Cairo."),
    ("قال الرئيس الفرنسي إن باريس تدعم الاتفاق.", "The French president said Paris supports the agreement."),
    ("مدد حظر التجول في مكة المكرمة والمدينة المنورة.", "The curfew was extended in Mecca and Medina."),
    ("نشرت الصحيفة صور الاجتماع في المدينة.", "The paper published pictures of the meeting in the city."),  # not Tyre
])
def test_places_named_in_both_languages_are_quiet(ar, en):
    assert [c for c in codes(ar, en) if c == "place-mismatch"] == []


def test_a_place_the_english_drops_or_swaps_is_flagged_with_its_names():
    [flag] = check_pair("قتل خمسة أشخاص في انفجار بالعراق.", "Five people were killed in an explosion in Syria.")
    assert flag == Flag("place-mismatch", "the source names العراق (Iraq), the translation does not; it names Syria")
    assert codes("قال مسؤول إيراني إن الوضع هادئ.", "An official said the situation was calm.") == ["place-mismatch"]


@pytest.mark.parametrize(("ar", "en"), [
    ("قال موسى لقومه.", "Moses said to his people."),
    ("وقال إسماعيل هنية إن الحركة تدرس المقترح.", "Ismail Haniyeh said the movement was studying the proposal."),
    ("قال خالد إن الوضع هادئ.", "Khaled said the situation was calm."),
    ("قال خالد إن الوضع هادئ.", "Khalid said the situation was calm."),
    ("قتل ثلاثة أشخاص.", "Killed three people."),  # Killed is not Khaled
    ("دخل الناس في الإسلام.", "People entered Islam."),  # Islam is not سلمى
    ("قال الأمين العام إن الاجتماع انتهى.", "The Secretary-General said the meeting was over."),  # أمين: a word here
])
def test_names_spelled_either_way_and_words_that_only_look_like_names_are_quiet(ar, en):
    assert [c for c in codes(ar, en) if c.startswith("name")] == []


def test_a_changed_name_is_flagged_both_ways():
    assert codes("قال محمد إن الوضع هادئ.", "Omar said the situation was calm.") == ["name-missing", "name-added"]
    assert codes("قال الرئيس إن الوضع هادئ.", "President Ali said the situation was calm.") == ["name-added"]


def test_transliteration_with_latin_clitics_and_th_for_dh_is_an_echo():
    # the example: وإذا الجبال سيرت spelled out (Tanzil's transliteration style)
    assert codes("وإذا الجبال سيرت", "Waitha aljibalu suyyirat") == ["echo"]
    assert codes("والشمس وضحاها", "Wa-al-shamsi waduhaha") == []  # two words: too few to call an echo
    assert codes("وإذا الجبال سيرت", "And when the mountains are removed") == []

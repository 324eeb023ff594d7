import pytest

from translate_news.boilerplate import block_rule


@pytest.mark.parametrize("block", [
    "ابق على اطلاع مع نشرات MEE الإخبارية",
    "اشترك للحصول على أحدث التنبيهات والرؤى والتحليلات،\nبدءا من تركيا غير معبأة",
    "شاركها.\nExit mobile version",
    "Share\nTweet\nWhatsApp",
    "© 2024 جميع الحقوق محفوظة",
    "اقرأ أيضا: الحكومة تعلن خطة جديدة",
    "تابعونا على تويتر",
    "...",
    "Subscribe to our newsletter",
])
def test_set_aside(block):
    assert block_rule(block) is not None


@pytest.mark.parametrize("block", [
    "العين بالعين",  # subheading
    "العراق - رويترز",  # dateline
    "وأضاف أن التحقيق جار.",
    "اشترك في المظاهرة آلاف المحتجين في وسط العاصمة.",  # "took part", not "subscribe"
    # a long line that mentions a newsletter is an article sentence
    "وقالت الصحيفة في نشرتها الإخبارية إن المفاوضات بين الطرفين ستستأنف الأسبوع المقبل في "
    "العاصمة القطرية الدوحة بمشاركة وسطاء من مصر والولايات المتحدة وسط آمال بالتوصل إلى اتفاق",
    # a junk line inside a block of long article lines does not take the block with it
    "شاركها\nقال مسؤولون دفاعيون أمريكيون إن هجوما صاروخيا على القوات الأمريكية وقوات التحالف "
    "في قاعدة الأسد الجوية في العراق أدى إلى إصابة خمسة جنود على الأقل.",
])
def test_kept(block):
    assert block_rule(block) is None

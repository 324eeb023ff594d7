import codecs

import pytest

from translate_news.errors import ExitCode, InputError, InputNotFound
from translate_news.reading import decode_bytes, read_source

AR = "قال المسؤول إن الهجوم وقع اليوم.\n\nوأضاف أن التحقيق جار."


@pytest.mark.parametrize(("data", "encoding"), [
    (AR.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + AR.replace("\n", "\r\n").encode("utf-8"), "utf-8-sig"),
    (AR.encode("utf-16"), "utf-16"),
    (AR.encode("utf-32"), "utf-32"),
    (AR.encode("utf-16-le"), "utf-16-le"),
    (AR.encode("utf-16-be"), "utf-16-be"),
    (AR.encode("cp1256"), "cp1256"),
    ("خبر عاجل".encode("cp1256"), "cp1256"),  # short text: unrestricted detection gets this wrong
])
def test_decodes_to_the_same_text(data, encoding):
    text, used = decode_bytes(data)
    assert text == AR if len(text) > 10 else text == "خبر عاجل"
    assert used == codecs.lookup(encoding).name


def test_crlf_and_cr_become_lf():
    text, _ = decode_bytes("سطر\r\nسطر\rسطر".encode())
    assert text == "سطر\nسطر\nسطر"


def test_forced_encoding_is_strict():
    assert decode_bytes(AR.encode("cp1256"), encoding="cp1256")[0] == AR
    with pytest.raises(InputError, match="not valid utf-8"):
        decode_bytes(AR.encode("cp1256"), encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding"):
        decode_bytes(AR.encode(), encoding="no-such-codec")


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b" \n\t\r\n ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"Hello, world. Nothing Arabic here.", "no Arabic"),
    (bytes(range(0x80, 0x100)) * 3, "not valid UTF-8"),
])
def test_unusable_input_is_a_data_error(data, message):
    with pytest.raises(InputError, match=message) as info:
        decode_bytes(data)
    assert info.value.exit_code == ExitCode.BAD_INPUT == 65


def test_missing_path_and_folder_are_not_found(tmp_path):
    for path in (tmp_path / "nope.txt", tmp_path):
        with pytest.raises(InputNotFound) as info:
            read_source(str(path))
        assert info.value.exit_code == 66


def test_source_records_encoding_and_hash(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(AR.encode("cp1256"))
    src = read_source(str(f))
    assert (src.text, src.encoding, src.path) == (AR, "cp1256", str(f))
    assert len(src.sha256) == 64

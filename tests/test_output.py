import errno
import os

import pytest

from translate_news.errors import OutputError
from translate_news.output import write_atomic


def test_writes_whole_file_and_no_temp(tmp_path):
    out = tmp_path / "deep" / "a.json"
    write_atomic(out, "نص كامل\n")
    assert out.read_text(encoding="utf-8") == "نص كامل\n"
    assert os.listdir(out.parent) == ["a.json"]


def test_failed_rename_keeps_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    out = tmp_path / "a.json"
    out.write_text("old", encoding="utf-8")

    def full_disk(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OutputError, match="No space left") as info:
        write_atomic(out, "new")
    assert info.value.exit_code == 73
    assert out.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["a.json"]


def test_ctrl_c_mid_write_leaves_nothing(tmp_path, monkeypatch):
    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "a.json", "data")
    assert os.listdir(tmp_path) == []


def test_output_into_a_file_path_that_is_a_folder(tmp_path):
    with pytest.raises(OutputError):
        write_atomic(tmp_path, "data")

"""Decoding: UTF-8, BOM, GB18030/GBK detected without being told; bad bytes named."""

from __future__ import annotations

import pytest

from explorer.core.errors import InputError
from explorer.pipeline.decoding import decode_text

TEXT = "7月30日,中创新航江门基地项目举行一期M1主厂房封顶仪式。\r\n江门号中欧班列首发。"


def test_utf8_keeps_crlf_and_offsets() -> None:
    text, encoding = decode_text(TEXT.encode("utf-8"), "a.txt")
    assert (text, encoding) == (TEXT, "utf-8")
    assert text.index("封顶") == TEXT.index("封顶")


def test_utf8_bom_is_removed_so_offsets_start_at_the_text() -> None:
    text, encoding = decode_text(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "a.txt")
    assert text == TEXT
    assert encoding == "utf-8-sig"


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_gb_family_is_detected(codec: str) -> None:
    text, encoding = decode_text(TEXT.encode(codec), "a.txt")
    assert text == TEXT
    assert encoding in ("gbk", "gb18030")


def test_gb18030_only_characters_are_named_gb18030() -> None:
    # 㐀 (U+3400) is outside GBK but inside GB18030.
    text, encoding = decode_text(("江门" + "㐀" + "封顶").encode("gb18030"), "a.txt")
    assert text == "江门㐀封顶"
    assert encoding == "gb18030"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b"  \n\r\n ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"%PDF-1.7\n%\xe2\xe3", "binary file"),
        (b"text\x00with\x00nul", "binary file"),
        (b"\x81\x20\xff\xfe\x80 broken", "undecodable bytes"),
    ],
)
def test_bad_bytes_raise_a_message_naming_the_file(data: bytes, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_text(data, "corpus/bad.txt")
    assert caught.value.path == "corpus/bad.txt"
    assert problem in caught.value.problem
    assert str(caught.value).startswith("corpus/bad.txt: ")

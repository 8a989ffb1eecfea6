"""The reading form: same length always, simplified text untouched, traditional converted.

The traditional texts here are invented for the tests (made-up projects and companies).
"""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.pipeline import reading
from explorer.pipeline.corpus import discover, read_source
from explorer.pipeline.documents import Meta, document_from_text
from explorer.pipeline.reading import (
    TRADITIONAL_SHARE,
    is_traditional,
    reading_body,
    reading_form,
    reading_query,
    to_simplified,
)
from explorer.store.fts import index_text

CORPUS = Path(__file__).resolve().parents[2] / "explorer" / "data" / "corpus"

TRADITIONAL = (
    "2022年7月30日，華廷新能源項目在江門市新會區舉行簽約儀式，總投資50億元。"
    "該項目落戶新會區，主要建設儲能電池生產線，預計明年建成投產，將帶動當地就業。"
)
SIMPLIFIED = (
    "2022年7月30日，华廷新能源项目在江门市新会区举行签约仪式，总投资50亿元。"
    "该项目落户新会区，主要建设储能电池生产线，预计明年建成投产，将带动当地就业。"
)

# Characters that exercise every path: traditional and HK variants, Kangxi radicals, the
# radicals supplement, compatibility ideographs (both blocks), CJK extension B, full-width.
_SPECIAL = list(
    "臺灣門會區簽約儀式總億後發髮乾衞綫裏著⼭⽉⽇⺟⻳⻓豈﨑\U0002f800\U00020000\U0002005e２０，。"
)
_TEXT = st.text(
    st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(_SPECIAL)),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_the_reading_form_always_has_the_length_of_the_text(text: str) -> None:
    assert len(reading_form(text)) == len(text)
    assert len(to_simplified(text)) == len(text)
    assert len(reading_query(text)) == len(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([*_SPECIAL, "头发", "頭髮", "乾杯", "皇后", "後面", "\n"])))
def test_phrases_keep_the_length_too(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert len(to_simplified(text)) == len(text)


def test_non_han_text_is_never_changed() -> None:
    text = "ＡＢ１２ ﬁ ①　x\r\n\t" + TRADITIONAL
    out = reading_form(text)
    assert out[:14] == text[:14]  # full-width, ligature, circled digit: extraction's business


def _articles() -> list[str]:
    docs = [d for s in discover([CORPUS]).sources for d in read_source(s)]
    return [a.text(d.body) for d in docs for a in d.articles]


def test_simplified_sample_articles_come_out_unchanged() -> None:
    articles = _articles()
    assert len(articles) >= 20
    for text in articles:
        assert not is_traditional(text)
        assert reading_form(text) == text
        assert index_text(reading_form(text)) == index_text(text)  # no re-indexing needed


@pytest.mark.parametrize("config", ["s2hk", "s2tw", "s2t"])
def test_the_threshold_lies_between_simplified_and_traditional_articles(config: str) -> None:
    """The measurement behind TRADITIONAL_SHARE: the sample articles (share 0) against the
    same articles written in traditional characters by OpenCC (in memory only)."""
    converter = opencc.OpenCC(config)
    for text in _articles():
        changed, han = reading.traditional_share(text)
        assert changed == 0
        traditional = converter.convert(text)
        changed, han = reading.traditional_share(traditional)
        if han >= 20:
            assert changed / han > 2 * TRADITIONAL_SHARE
            assert is_traditional(traditional)


def test_kangxi_radicals_and_compatibility_ideographs_become_unified() -> None:
    assert reading_form("台⼭市8⽉8⽇动工") == "台山市8月8日动工"
    assert reading_form("⺟⻳") == "母龟"  # the two of the supplement NFKC maps
    assert reading_form("豈") == "豈"  # U+F900 → U+8C48, then (not traditional) kept
    assert reading_form("\U0002f800") == "丽"


def test_traditional_characters_beyond_the_bmp_count_too() -> None:
    # U+2005E is a traditional character of extension B that OpenCC simplifies (U+2003E).
    assert reading.traditional_share("\U0002005e" * 3 + "山") == (3, 4)
    assert reading_form("\U0002005e" * 3 + "山") == "\U0002003e" * 3 + "山"


def test_a_traditional_article_is_detected_and_converted() -> None:
    assert is_traditional(TRADITIONAL)
    assert reading_form(TRADITIONAL) == SIMPLIFIED


def test_hong_kong_variants_are_converted() -> None:
    # hk2s, not t2s: 衞 (the Hong Kong form of 衛) would stay under t2s and tw2s.
    assert (
        reading_form("衞星城市綫路啓用儀式，將於下月舉行。")
        == "卫星城市线路启用仪式，将于下月举行。"
    )


def test_a_few_traditional_names_leave_a_simplified_article_alone() -> None:
    text = SIMPLIFIED + "香港賽馬會代表出席。" + SIMPLIFIED
    assert not is_traditional(text)
    assert reading_form(text) == text


def test_queries_are_simplified_whatever_their_length() -> None:
    assert reading_query("臺山") == "台山"
    assert reading_query("台山") == "台山"


def test_on_a_mixed_page_only_the_traditional_article_is_converted() -> None:
    first = "# 蓬江区某某产业园开园\n\n2023年3月1日，蓬江区某某产业园正式开园，首批企业入驻。\n\n"
    second = "# 臺山某某項目動工\n\n" + TRADITIONAL
    doc = document_from_text("page.txt", first + second, Meta(), "text")
    assert len(doc.articles) == 2
    body = reading_body(doc)
    assert len(body) == len(doc.body)
    assert body[: len(first)] == first
    assert body[len(first) :] == "# 台山某某项目动工\n\n" + SIMPLIFIED


def test_text_outside_articles_is_only_unified() -> None:
    doc = replace(
        document_from_text("k.txt", "江門⼭區" + TRADITIONAL, Meta(), "text"), articles=()
    )
    assert reading_body(doc) == "江門山區" + TRADITIONAL


def test_the_functions_travel_to_worker_processes() -> None:
    """Extraction runs in a process pool: module-level functions pickle by name, and each
    process makes its own converter."""
    assert pickle.loads(pickle.dumps(reading_form)) is reading_form
    assert pickle.loads(pickle.dumps(reading_body)) is reading_body


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=4))
def test_only_han_and_compatibility_characters_ever_change(
    text: str, spans: list[tuple[int, int]]
) -> None:
    out = reading.reading_spans(text, spans)
    assert len(out) == len(text)
    for before, after in zip(text, out, strict=True):
        if before != after:
            assert reading._HAN.match(before) or reading._COMPAT.match(before)

"""Adversarial text: extraction never raises, every span indexes the body, and what it
leaves out it says. Speed is measured in ``bench/bench_fuzz.py``, never here.

All text is invented (no news text): runs of cue words, of dates, of place names, absurd
amounts and mixed scripts, as a fuzz run of the landed app found them to hurt.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.articles import Document
from explorer.core.events import Extraction
from explorer.pipeline import extract
from explorer.pipeline.documents import content_hash
from explorer.pipeline.extract import MAX_CUES_PER_SENTENCE, extract_document
from explorer.pipeline.layout import split_articles
from explorer.pipeline.places import Gazetteer
from explorer.pipeline.subjects import MAX_AMOUNT_CNY

GAZETTEER = Gazetteer.bundled()
CUES = ["签约", "签订协议", "动工", "开工", "封顶", "投产", "建成", "启用", "开通", "揭牌", "落户"]
CUES += ["获评", "召开会议", "举行签约仪式", "簽約", "會議召開"]  # and in traditional script
DATES = ["2022年1月1日", "今年", "明年第一季度", "2月18日至20日", "当天", "昨日", "年内", "6月底"]
DATES += ["国庆节前", "二〇二三年", "十二月三日", "27日", "上半年", "本月", "这一年"]
PLACES = [
    "江门",
    "新会区",
    "新会",
    "台山",
    "开平市",
    "鹤山",
    "恩平",
    "蓬江区",
    "会城街道",
    "银湖湾",
]
WORDS = ["项目", "该项目", "基地", "公司", "其中", "计划", "力争", "的", "、", "，", "。", "\n\n"]
ODD = ["Hello", "мир", "🚄", "\u3000", "\x00", "\ufeff", "ｱｲ", "٣", "𝟗", "\r\n", "# ", "“", "》"]


def _digits(alphabet: str = "0123456789") -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=1, max_size=450)


amounts = st.builds(
    lambda verb, number, unit: f"{verb}{number}{unit}",
    st.sampled_from(["总投资", "投资", "计划投资", "投资总额约"]),
    st.one_of(
        _digits(),
        _digits("9"),
        _digits("０１２３４５６７８９"),
        st.builds(lambda a, b: f"{a}.{b}", _digits(), _digits()),
        st.builds(lambda n: "1" + ",000" * n, st.integers(1, 30)),
    ),
    st.sampled_from(["亿元", "万元", "千万元", "百万元", "万亿元", "亿美元"]),
)
pieces = st.one_of(
    st.sampled_from(CUES + DATES + PLACES + WORDS + ODD), amounts, st.text(max_size=4)
)


@st.composite
def runs(draw: st.DrawFn) -> str:
    """One piece repeated (签约签约…), a few mixed without punctuation, or any mixture."""
    shape = draw(st.sampled_from(["repeat", "few", "mixed"]))
    count = draw(st.integers(1, 300))
    if shape == "repeat":
        return draw(pieces) * count
    if shape == "few":
        few = draw(st.lists(pieces, min_size=2, max_size=4))
        return "".join(draw(st.lists(st.sampled_from(few), max_size=count)))
    return "".join(draw(st.lists(pieces, max_size=count)))


articles = st.lists(runs(), min_size=1, max_size=4).map("".join)


def _doc(text: str, published: date | None) -> Document:
    return Document(
        "f",
        "f.txt",
        "utf-8",
        text,
        0,
        None,
        published,
        "day" if published else None,
        None,
        None,
        content_hash(text),
        split_articles(text, None),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=articles, published=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2040, 1, 1))))
def test_adversarial_text_gives_well_formed_events(text: str, published: date | None) -> None:
    found = extract_document(_doc(text, published), GAZETTEER)
    assert isinstance(found, Extraction)
    for event in found:
        start, end = event.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == event.excerpt
        assert event.amount_cny is None or 0 < event.amount_cny <= MAX_AMOUNT_CNY
    assert all(isinstance(note, str) and len(note) < 400 for note in found.notes)


def test_a_sentence_of_cues_reads_only_the_first_ones() -> None:
    text = "2022年1月1日" + "签约，" * 100 + "。"
    found = extract_document(_doc(text, date(2022, 5, 1)), GAZETTEER)
    assert found and any(f"only the first {MAX_CUES_PER_SENTENCE}" in n for n in found.notes)


def test_an_article_over_its_time_budget_keeps_what_it_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(extract, "ARTICLE_BUDGET_S", -1.0)  # spent before it starts
    found = extract_document(_doc("2022年1月1日，甲乙项目签约。", date(2022, 5, 1)), GAZETTEER)
    assert list(found) == []
    assert any("cut short at character 0" in note for note in found.notes)


def test_normal_text_has_no_notes() -> None:
    text = "2022年1月1日，总投资12.5亿元的甲乙智造项目在新会区签约。"
    found = extract_document(_doc(text, date(2022, 5, 1)), GAZETTEER)
    assert [(e.type, e.amount_cny) for e in found] == [("signing", 1_250_000_000)]
    assert found.notes == ()

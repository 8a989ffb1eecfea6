"""Property: on any text, extraction finishes, never raises, and every span indexes it."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.articles import Document
from explorer.pipeline.extract import extract_document
from explorer.pipeline.layout import split_articles
from explorer.pipeline.places import Gazetteer

GAZETTEER = Gazetteer.bundled()
PIECES = [
    "签约",
    "动工",
    "封顶",
    "投产",
    "开通",
    "中欧班列",
    "首发",
    "挂牌",
    "落户",
    "获评",
    "召开",
    "会议",
    "7月30日",
    "今年",
    "明年第一季度",
    "2月18日至20日",
    "当天",
    "昨日",
    "年内",
    "国庆节前",
    "2092家",
    "88天",
    "4/5G",
    "新会区",
    "台山",
    "凤山湖园区",
    "总投资200亿元",
    "。",
    "，",
    ",",
    ".",
    ";",
    "\n",
    "\n\n",
    "\n\n\n\n",
    "“",
    "”",
    "《",
    "》",
    "(",
    ")",
    "#",
    "## ",
    "---\n",
    " 摄",
    "记者",
    "江门",
    "Hello",
    "мир",
    "🚄",
    "\r\n",
    "\x00",
    "\ud7ff",
    "0",
    "12",
    "2022年",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=60).map("".join)


def _extract(text: str, published: date | None) -> list:
    doc = Document(
        "p",
        "p.txt",
        "utf-8",
        text,
        0,
        None,
        published,
        "day" if published else None,
        None,
        None,
        "h",
        split_articles(text, None),
    )
    return extract_document(doc, GAZETTEER)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, published=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2040, 12, 31))))
def test_any_text_gives_well_formed_events(text: str, published: date | None) -> None:
    for event in _extract(text, published):
        start, end = event.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == event.excerpt
        assert event.date is not None and event.date_end is not None
        assert event.date <= event.date_end


def test_stress_inputs_finish() -> None:
    for text in (
        "签约" * 10_000,
        "1234567890" * 20_000,
        "7月30日项目封顶" + "江门项目签约动工" * 20_000,
    ):
        for event in _extract(text, date(2022, 5, 1)):
            assert text[event.span[0] : event.span[1]] == event.excerpt

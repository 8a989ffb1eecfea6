"""Page splitting on the real newspaper pages of the sample corpus and on small pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.core.articles import BlockKind
from explorer.pipeline.frontmatter import parse_front_matter
from explorer.pipeline.layout import split_articles


def _page(corpus_dir: Path, stem: str):
    text = (corpus_dir / f"{stem}.txt").read_text(encoding="utf-8")
    front = parse_front_matter(text)
    body = text[front.body_offset :]
    return body, split_articles(body, front.fields.get("title"))


def _texts(body: str, articles, kind: BlockKind) -> list[str]:
    return [body[b.start : b.end] for a in articles for b in a.blocks if b.kind is kind]


@pytest.mark.parametrize(
    ("stem", "expected_titles"),
    [
        (
            "002_29067f03fc52df4d",
            [
                "江门新会 一季度“开门稳” 全力建设“首善之区”",
                "江门江海 坚持党建引领 精细推进基层治理",
                "江门鹤山 打造国家级中欧合作样板区",
                "江门台山 在高质量发展中跑出“加速度”",
            ],
        ),
    ],
)
def test_markdown_page_splits_at_top_level_headlines(corpus_dir, stem, expected_titles) -> None:
    _, articles = _page(corpus_dir, stem)
    assert [a.title for a in articles] == expected_titles


def test_plain_page_splits_at_kicker_and_headline(corpus_dir) -> None:
    _, articles = _page(corpus_dir, "003_71290901aa77fecf")
    titles = [a.title for a in articles]
    assert "中创新航江门基地项目一期M1主厂房 88天封顶" in titles
    assert "新会陈皮数字化溯源管理系统启动" in titles
    assert "新台合作打造区域协作“样板间”" in titles
    assert len(articles) >= 8


def test_dateline_lead_starts_a_new_article_under_a_subheading(corpus_dir) -> None:
    body, articles = _page(corpus_dir, "004_a5f21ce9a44e002b")
    planting = next(a for a in articles if a.title.startswith("新会开展义务植树活动"))
    assert "2月13日" in planting.text(body)
    assert "军令状" not in planting.text(body)


def test_numbered_sections_stay_in_one_article_and_running_head_is_marked(corpus_dir) -> None:
    body, articles = _page(corpus_dir, "001_3d57007b4b7973ac")
    first = articles[0]
    assert first.title == "2024年新会要这样干！从十个关键词看区政府工作报告"
    assert "1 深江合作" in first.text(body) and "10 民生福祉" in first.text(body)
    assert "从十个关键词看区政府工作报告" in _texts(body, articles, BlockKind.RUNNING_HEAD)
    # The part continued from another page is its own article.
    assert any(b.kind is BlockKind.JUMP for b in articles[-1].blocks)


def test_captions_cut_into_sentences_are_marked(corpus_dir) -> None:
    body, articles = _page(corpus_dir, "000_d6870153949229fb")
    captions = _texts(body, articles, BlockKind.CAPTION)
    assert "民革新会区委员会代表张清海。" in captions
    prose = [body[b.start : b.end] for b in articles[0].blocks if b.kind is BlockKind.TEXT]
    joined = "".join(prose)
    assert "打破镇域行政界限" in joined  # the sentence reads on across the caption
    body2, articles2 = _page(corpus_dir, "002_29067f03fc52df4d")
    assert "今年4月底，“江门号”中欧班列从鹤山发出" in _texts(body2, articles2, BlockKind.CAPTION)
    assert "新会区枢纽新城夜景 李健庭 摄" in _texts(body2, articles2, BlockKind.CAPTION)


def test_bylines_are_marked(corpus_dir) -> None:
    body, articles = _page(corpus_dir, "002_29067f03fc52df4d")
    assert "文/陈卓栋 彭纪宁 熊星 谭耀广" in _texts(body, articles, BlockKind.BYLINE)


@pytest.mark.parametrize(
    "stem", [p.stem for p in sorted(Path(__file__).parents[2].glob("explorer/data/corpus/*.txt"))]
)
def test_offsets_are_exact_ordered_and_cover_every_line(corpus_dir, stem) -> None:
    body, articles = _page(corpus_dir, stem)
    previous_end = 0
    covered = 0
    for article in articles:
        assert previous_end <= article.start < article.end <= len(body)
        assert article.blocks[0].start == article.start
        assert article.blocks[-1].end == article.end
        for block in article.blocks:
            assert body[block.start : block.end].strip() == body[block.start : block.end]
            covered += len(body[block.start : block.end])
        previous_end = article.end
    assert covered == sum(len(line.strip()) for line in body.splitlines())


def test_single_article_without_headlines_takes_the_page_title() -> None:
    body = "昨日,江门市举行重大项目集中签约活动。\n\n共签约项目20个,总投资100.22亿元。\n"
    (article,) = split_articles(body, "江门重大项目集中签约")
    assert article.title == "江门重大项目集中签约"
    assert article.text(body) == body.strip()


# An invented traditional page: its byline and photo credit are the simplified patterns'
# 记者 and 摄 once read in simplified; the caption cuts a sentence in the normal flow.
_TRADITIONAL_PAGE = """臺山某某儲能項目
動工儀式舉行

本報記者 陳小明

本報訊 2023年8月8日，臺山市某某儲能項目在廣海灣

項目施工現場。 李四 攝

舉行動工儀式，總投資30億元。

該項目預計明年建成投產。"""


def test_a_traditional_page_is_laid_out_in_its_reading_form() -> None:
    (article,) = split_articles(_TRADITIONAL_PAGE, "臺山某某儲能項目動工")
    assert article.title == "動工儀式舉行"  # the page's own characters
    assert _texts(_TRADITIONAL_PAGE, [article], BlockKind.CAPTION) == ["項目施工現場。 李四 攝"]
    assert _texts(_TRADITIONAL_PAGE, [article], BlockKind.BYLINE) == ["本報記者 陳小明"]


def test_a_page_title_falls_back_in_its_own_characters() -> None:
    page = "本報訊 2023年8月8日，臺山市某某儲能項目在廣海灣舉行動工儀式，總投資30億元。"
    (article,) = split_articles(page, "臺山某某儲能項目動工")
    assert article.title == "臺山某某儲能項目動工"

"""Saved web pages and MHTML archives: only the article comes in, with its metadata.

Every page here is built by the test; the article text is invented.
"""

from __future__ import annotations

import email.charset
import email.header
from datetime import date
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import docx
import pytest

from explorer.core.errors import InputError
from explorer.pipeline.corpus import Source, read_source
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.pipeline.readers.html import decode_html, read_html, read_mhtml, strip_site_name
from explorer.store import repository
from explorer.store.db import connect
from explorer.store.importer import import_corpus, run_to_end

URL = "https://news.example.cn/jm/2022-07/30/content_1001.html"
HEADLINE = "某某新能源项目落户新会 总投资50亿元"
PARAGRAPHS = [
    "2022年7月30日，某某新能源项目在江门市新会区签约，总投资50亿元。",
    "据介绍，该项目占地约300亩，主要建设储能电池生产线，计划于今年10月动工，2024年建成投产。",
    "项目投产后，预计年产值可达80亿元，将带动上下游企业集聚发展，为新会区新能源产业注入新动能。",
    "新会区有关负责人表示，将全力做好项目服务保障，推动项目早开工、早投产、早见效。",
]


def news_page(
    *,
    head: str = '<meta charset="utf-8">',
    title: str = f"{HEADLINE}_江门日报",
    info: str = "来源：江门日报　发布时间：2022-07-30 09:15　作者：记者 张某",
    paragraphs: list[str] = PARAGRAPHS,
    extra_head: str = f'<link rel="canonical" href="{URL}">',
) -> str:
    """A news page as Chinese sites lay them out, with everything around the article."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{head}
<title>{title}</title>
<meta property="og:site_name" content="某某新闻网">
{extra_head}
</head><body>
<div class="header"><ul class="nav">
<li><a href="/">首页</a></li><li><a href="/jm/">江门</a></li><li><a href="/xh/">新会</a></li>
<li><a href="/cj/">财经</a></li><li><a href="/wt/">文体</a></li></ul></div>
<div class="crumb"><a href="/">首页</a> &gt; <a href="/jm/">江门新闻</a> &gt; 正文</div>
<div class="main"><div class="article">
<h1>{HEADLINE}</h1>
<div class="info">{info}</div>
<div class="share bdsharebuttonbox">分享到：<a href="#">微信</a> <a href="#">微博</a>
<a href="#">QQ空间</a></div>
<div class="content" id="content">
{body}
</div>
<div class="editor">责任编辑：王某</div>
</div>
<div class="related"><h3>相关新闻</h3><ul>
<li><a href="/a1.html">江门举行重点项目集中签约活动</a></li>
<li><a href="/a2.html">台山某某风电项目进展顺利</a></li>
<li><a href="/a3.html">鹤山某某工业城新增三家企业</a></li></ul></div>
<div class="comments" id="comments"><h3>网友评论</h3>
<div class="comment"><p>这个项目太好了，支持家乡发展！</p></div>
<div class="comment"><p>希望早日投产，多招本地人。</p></div></div>
</div>
<div class="footer"><p>版权所有 某某新闻网 粤ICP备00000000号</p>
<p>地址：江门市蓬江区某某路1号　电话：0750-0000000</p></div>
</body></html>
"""


def read_one(path: Path, kind: str = "html"):
    items = list(read_source(Source(path, kind)))
    assert len(items) == 1, items
    return items[0]


def body_paragraphs(doc) -> list[str]:
    return doc.body.split("\n\n")


def test_only_the_article_of_a_news_page_is_imported(tmp_path: Path) -> None:
    page = tmp_path / "xinhui-signing.html"
    page.write_text(news_page(), encoding="utf-8")
    doc = read_one(page)
    assert doc.format == "html" and doc.doc_id == "xinhui-signing"
    assert body_paragraphs(doc) == [HEADLINE, *PARAGRAPHS]
    for noise in ("首页", "分享到", "相关新闻", "网友评论", "支持家乡", "版权所有", "责任编辑"):
        assert noise not in doc.body
    assert doc.title == HEADLINE
    assert (doc.pub_date, doc.pub_precision) == (date(2022, 7, 30), "day")
    assert doc.source == "江门日报"
    assert doc.url == URL
    assert doc.encoding == "utf-8"
    assert len(doc.articles) == 1 and doc.articles[0].title == HEADLINE


def test_gbk_page_declared_by_meta_charset_decodes(tmp_path: Path) -> None:
    page = tmp_path / "gbk.htm"
    page.write_bytes(news_page(head='<meta charset="gbk">').encode("gbk"))
    doc = read_one(page)
    assert body_paragraphs(doc) == [HEADLINE, *PARAGRAPHS]
    assert doc.encoding == "gb18030"  # GBK's superset decodes what GBK pages really hold


def test_gb2312_declared_by_http_equiv_and_xml_declaration(tmp_path: Path) -> None:
    http_equiv = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    page = tmp_path / "gb2312.html"
    page.write_bytes(news_page(head=http_equiv).encode("gb18030"))
    assert read_one(page).title == HEADLINE
    xhtml = tmp_path / "page.xhtml"
    xhtml.write_bytes(('<?xml version="1.0" encoding="GBK"?>\n' + news_page(head="")).encode("gbk"))
    assert body_paragraphs(read_one(xhtml))[1:] == PARAGRAPHS


def test_a_page_that_lies_about_its_charset_is_detected() -> None:
    data = news_page(head='<meta charset="utf-8">').encode("gbk")
    text, encoding = decode_html(data, "lying.html")
    assert PARAGRAPHS[0] in text and encoding in ("gbk", "gb18030")


def test_title_site_names_are_stripped() -> None:
    assert strip_site_name("某某项目签约_江门日报") == "某某项目签约"
    assert strip_site_name("某某园区首期厂房封顶 - 南方+") == "某某园区首期厂房封顶"
    assert strip_site_name("某某园区首期厂房封顶-江门新闻网") == "某某园区首期厂房封顶"
    assert strip_site_name("2022-2023年度工作要点") == "2022-2023年度工作要点"


def test_without_a_source_line_the_site_in_the_title_is_the_source(tmp_path: Path) -> None:
    page = tmp_path / "plus.html"
    page.write_text(
        news_page(title=f"{HEADLINE}_南方+_南方plus", info="2022-07-30 09:15"), encoding="utf-8"
    )
    page.write_text(page.read_text("utf-8").replace('<meta property="og:site_name"', "<meta"))
    assert read_one(page).source == "南方+"


def test_info_line_date_and_source_without_meta_tags(tmp_path: Path) -> None:
    page = tmp_path / "plain.html"
    page.write_text(
        news_page(
            title=f"{HEADLINE} - 南方+",
            info="发布日期：2023年5月12日　　稿源：鹤山市融媒体中心　　【字体：大 中 小】",
            extra_head="",
        ).replace("<html", f"<!-- saved from url=(0056){URL} -->\n<html"),
        encoding="utf-8",
    )
    doc = read_one(page)
    assert doc.title == HEADLINE
    assert doc.pub_date == date(2023, 5, 12)
    assert doc.source == "鹤山市融媒体中心"
    assert doc.url == URL  # from the browser's saved-from note


def test_a_one_sentence_brief_keeps_its_sentence_once(tmp_path: Path) -> None:
    page = tmp_path / "brief.html"
    sentence = "3月8日，恩平某某温泉康养项目正式动工。"
    page.write_text(news_page(paragraphs=[sentence]), encoding="utf-8")
    # On short pages trafilatura puts the h1 back after the text: the headline stays first.
    assert read_one(page).body == f"{HEADLINE}\n\n{sentence}"


def test_the_info_line_outranks_a_time_label_in_the_prose(tmp_path: Path) -> None:
    page = tmp_path / "notice.html"
    page.write_text(
        news_page(
            info="来源：江门日报　2022年7月30日",
            extra_head="",
            paragraphs=["报名时间：2022-08-01，地点：新会区某某产业园。", *PARAGRAPHS[1:]],
        ),
        encoding="utf-8",
    )
    assert read_one(page).pub_date == date(2022, 7, 30)


def test_the_info_line_is_found_when_title_and_headline_are_the_same(tmp_path: Path) -> None:
    page = tmp_path / "same.html"
    many_links = "".join(f'<li><a href="/c{i}/">栏目{i}</a></li>' for i in range(20))
    html = news_page(title=HEADLINE, extra_head="", info="来源：江门日报　2022年7月30日")
    page.write_text(html.replace('<ul class="nav">', f'<ul class="nav">{many_links}'), "utf-8")
    doc = read_one(page)
    assert (doc.source, doc.pub_date) == ("江门日报", date(2022, 7, 30))


def test_dates_in_the_future_are_not_publication_dates(tmp_path: Path) -> None:
    page = tmp_path / "future.html"
    page.write_text(
        news_page(info="来源：江门日报 发布时间：2099-01-01", extra_head=""), encoding="utf-8"
    )
    doc = read_one(page)
    assert doc.pub_date is None and doc.pub_precision is None


def table_layout_page() -> str:
    """An older Chinese news page: a table layout whose related list and comments carry
    pinyin class names (xg, pl) that say nothing to an extraction library, and an info
    line that opens with the time."""
    body = "".join(f"<p>　　{p}</p>" for p in PARAGRAPHS)
    return f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{HEADLINE} - 江门新闻网</title></head><body>
<div id="top"><a href="/">首页</a>|<a href="/jmxw">江门新闻</a>|<a href="/xh">新会</a></div>
<table width="1000"><tr><td class="left">
<div class="title"><h2>{HEADLINE}</h2></div>
<div class="sub">2022-07-30 08:30:12　来源：江门日报　作者：李某 记者</div>
<div class="TRS_Editor">{body}</div>
<div class="xg"><b>相关新闻</b><ul>
<li><a href="/1.html">江门一季度重点项目集中开工</a> 2022-07-10</li>
<li><a href="/2.html">台山某某海上风电项目并网发电</a> 2022-07-01</li></ul></div>
<div class="pl"><b>网友评论</b><div>网友A：2022年8月1日再来看看，希望项目早日签约。</div></div>
</td><td class="right"><b>热点排行</b><ol><li><a href="/3.html">开平某某项目投产</a></li></ol>
</td></tr></table>
<div id="foot">Copyright &copy; 江门新闻网 版权所有</div></body></html>"""


def test_a_table_layout_page_gives_its_story_alone_under_its_headline(tmp_path: Path) -> None:
    page = tmp_path / "old-site.html"
    page.write_text(table_layout_page(), encoding="utf-8")
    doc = read_one(page)
    assert body_paragraphs(doc) == [HEADLINE, *PARAGRAPHS]
    assert (doc.title, doc.pub_date, doc.source) == (HEADLINE, date(2022, 7, 30), "江门日报")
    # One page, one story, titled with its headline (not the info line, not 网友评论).
    assert [a.title for a in doc.articles] == [HEADLINE]


def test_a_subheading_does_not_split_a_web_page(tmp_path: Path) -> None:
    paragraphs = [PARAGRAPHS[0], "项目概况", "建设内容", PARAGRAPHS[1]]
    page = tmp_path / "subheads.html"
    page.write_text(news_page(paragraphs=paragraphs), encoding="utf-8")
    doc = read_one(page)
    assert [a.title for a in doc.articles] == [HEADLINE]
    assert doc.articles[0].end == len(doc.raw_text.rstrip())


@pytest.mark.parametrize(
    "body",
    [
        "",
        '<ul><li><a href="/1.html">某某项目签约</a></li><li><a href="/2.html">某某园区开工</a>'
        '</li><li><a href="/3.html">某某大桥通车</a></li></ul>',
        " ".join(f'<a href="/{n}">栏目{n}</a>' for n in range(40)),
    ],
    ids=["empty", "index", "bare-links"],
)
def test_a_page_without_an_article_is_one_clear_error(tmp_path: Path, body: str) -> None:
    page = tmp_path / "index.html"
    page.write_text(
        f'<html><head><meta charset="utf-8"><title>首页</title></head><body>{body}</body></html>',
        encoding="utf-8",
    )
    error = read_one(page)
    assert isinstance(error, InputError)
    assert str(page) in str(error) and "no article text found in the page" in str(error)


def test_a_library_failure_becomes_an_error_naming_the_file(tmp_path: Path, monkeypatch) -> None:
    import trafilatura

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    page = tmp_path / "page.html"
    page.write_text(news_page(), encoding="utf-8")
    with pytest.raises(InputError, match=r"page\.html: cannot extract the article: RuntimeError"):
        list(read_html(page))


def mhtml_bytes(html: str, url: str | None = URL, charset: str = "utf-8") -> bytes:
    """What a browser's "save as a single file" writes: the page, quoted-printable, and
    its images, each part with the address it came from."""
    archive = MIMEMultipart("related", type="text/html")
    if url:
        archive["Snapshot-Content-Location"] = url
    archive["Subject"] = email.header.Header(HEADLINE, "utf-8")
    quoted = email.charset.Charset(charset)
    quoted.body_encoding = email.charset.QP
    page = MIMEText(html, "html", quoted)
    if url:
        page["Content-Location"] = url
    archive.attach(page)
    image = MIMEImage(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "png")
    image["Content-Location"] = "https://news.example.cn/logo.png"
    archive.attach(image)
    return archive.as_bytes()


def test_mhtml_imports_the_article_with_its_url(tmp_path: Path) -> None:
    archive = tmp_path / "saved.mhtml"
    data = mhtml_bytes(news_page(extra_head=""))
    assert b"quoted-printable" in data
    archive.write_bytes(data)
    doc = read_one(archive, "mhtml")
    assert doc.format == "mhtml" and doc.url == URL
    assert body_paragraphs(doc) == [HEADLINE, *PARAGRAPHS]
    assert doc.pub_date == date(2022, 7, 30)


def test_mhtml_with_a_gbk_page(tmp_path: Path) -> None:
    archive = tmp_path / "gbk.mht"
    archive.write_bytes(mhtml_bytes(news_page(head='<meta charset="gbk">'), charset="gbk"))
    doc = read_one(archive, "mhtml")
    assert body_paragraphs(doc)[1:] == PARAGRAPHS and doc.encoding == "gb18030"


def test_damaged_mhtml_is_one_clear_error(tmp_path: Path) -> None:
    archive = tmp_path / "broken.mhtml"
    archive.write_bytes(b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nnot a page\r\n")
    error = read_one(archive, "mhtml")
    assert isinstance(error, InputError)
    assert "broken.mhtml" in str(error) and "damaged MHTML file" in str(error)
    with pytest.raises(InputError, match="no web page"):
        list(read_mhtml(archive))


def test_html_mhtml_and_docx_import_end_to_end(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "signing.html").write_text(news_page(), encoding="utf-8")
    other = [
        "2023年5月11日，某某智能制造产业园首期厂房在鹤山市共和镇封顶，总投资约20亿元。",
        "该产业园计划于2023年9月交付首批厂房。",
    ]
    (folder / "topping-out.mhtml").write_bytes(
        mhtml_bytes(news_page(paragraphs=other, extra_head=""), url=URL.replace("1001", "1002"))
    )
    word = docx.Document()
    word.add_heading("某某港区码头开工建设", level=1)
    word.add_paragraph("2023年6月1日，某某港区码头项目在台山市广海镇开工建设，总投资12亿元。")
    word.add_paragraph("2023年6月1日")
    word.save(str(folder / "port.docx"))

    conn = connect(db_path)
    report = run_to_end(import_corpus(conn, [folder], extract=extract_with_bundled_gazetteer))
    assert report.failures == [] and report.documents == 3
    docs = {d.doc_id: d for d in repository.load_documents(conn)}
    assert {d.format for d in docs.values()} == {"html", "mhtml", "docx"}
    events = repository.load_events(conn)
    assert {e.document for e in events} >= set(docs)  # every document yields events
    for event in events:
        body = docs[event.document].body
        assert event.excerpt == body[event.span[0] : event.span[1]]
        assert event.excerpt.strip() and event.excerpt in body

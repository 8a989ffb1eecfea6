"""Write synthetic articles as the files users actually have: saved web pages (with the
navigation, share bar, related list and comments a news site puts around an article), MHTML
archives, two-column PDF newspaper pages and Word files. For ``bench_formats.py``; the
articles are ``make_corpus`` output, never real news text.
"""

from __future__ import annotations

import html
import quopri
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol


class Article(Protocol):
    title: str
    date: str
    source: str
    url: str
    body: str


def paragraphs(article: Article) -> list[str]:
    return [p.strip() for p in article.body.split("\n\n") if p.strip()]


def html_page(article: Article, charset: str = "utf-8") -> str:
    """A news page as a browser saves it: the article among a site's furniture."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(article))
    related = "".join(f"<li><a href='/n/{i}.html'>相关新闻标题 {i}</a></li>" for i in range(8))
    return f"""<!DOCTYPE html>
<!-- saved from url=({len(article.url):04d}){article.url} -->
<html><head><meta charset="{charset}">
<title>{html.escape(article.title)}_{html.escape(article.source)}</title>
<meta name="publishdate" content="{article.date}">
<link rel="canonical" href="{article.url}"></head>
<body><div class="nav"><a href="/">首页</a> <a href="/news">新闻</a> <a href="/gov">政务</a></div>
<div class="article"><h1>{html.escape(article.title)}</h1>
<div class="info">发布时间：{article.date} 来源：{html.escape(article.source)}</div>
{body}
<div class="share">分享到：微信 微博 QQ空间</div></div>
<div class="related"><h3>相关阅读</h3><ul>{related}</ul></div>
<div class="comments"><h3>网友评论</h3><p>评论区暂无评论。</p></div>
<div class="footer">版权所有 未经授权禁止转载 备案号00000000</div></body></html>
"""


def mhtml_archive(article: Article) -> bytes:
    """The page as Chrome's "Save as → Webpage, single file" writes it."""
    page = quopri.encodestring(html_page(article).encode("utf-8")).decode("ascii")
    return (
        "From: <Saved by Blink>\r\n"
        f"Snapshot-Content-Location: {article.url}\r\n"
        "Subject: saved page\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----B"\r\n\r\n'
        "------B\r\nContent-Type: text/html\r\nContent-ID: <frame-0@mhtml.blink>\r\n"
        f"Content-Transfer-Encoding: quoted-printable\r\nContent-Location: {article.url}\r\n\r\n"
        f"{page}\r\n------B--\r\n"
    ).encode("ascii")


def write_docx(article: Article, path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_heading(article.title, level=1)
    for paragraph in paragraphs(article):
        doc.add_paragraph(paragraph)
    doc.add_paragraph(article.date)
    doc.save(str(path))


def write_pdf_page(articles: Sequence[Article], path: Path, label: str) -> None:
    """One e-paper page: masthead, then the articles in two columns, each with its headline."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = A4
    margin, gutter, size = 40.0, 20.0, 9.0
    column_width = (width - 2 * margin - gutter) / 2
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("STSong-Light", 10)
    year, month, day = (int(part) for part in articles[0].date.split("-"))
    masthead = f"{articles[0].source}  {year}年{month}月{day}日  {label}版"
    pdf.drawString(margin, height - 30, masthead)
    column, y = 0, height - 60
    for article in articles:
        # A headline stays inside its column, as on a real page (no gutter is crossed).
        lines = [(14.0, line) for line in _fill(article.title, 14.0, column_width)]
        for paragraph in paragraphs(article):
            lines += [
                (size, line) for line in _fill("\u3000\u3000" + paragraph, size, column_width)
            ]
        for font_size, line in lines:
            if y < margin:
                column, y = column + 1, height - 60
                if column > 1:
                    pdf.showPage()
                    column = 0
            pdf.setFont("STSong-Light", font_size)
            pdf.drawString(margin + column * (column_width + gutter), y, line)
            y -= font_size * 1.5
        y -= size
    pdf.save()


def _fill(text: str, size: float, width: float) -> list[str]:
    """Lines as a typesetter fills them: each as long as the column allows, so a line that
    wraps reaches the column's edge and only a paragraph's last line is short."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for char in text:
        if line and stringWidth(line + char, "STSong-Light", size) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines

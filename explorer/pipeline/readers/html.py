"""Read saved web pages (.html/.htm/.xhtml) and MHTML archives (.mhtml/.mht).

The article's text, title and date come out through trafilatura (Apache-2.0): it drops
navigation, share bars, related-article lists, comments and footers, reads Chinese pages,
and finds publication dates with htmldate. What Chinese news sites state in their own way
is read here: the "来源：… 发布时间：…" line under the headline, the site name after the
headline in ``<title>``, and the URL a browser writes into the page it saves.

The text handed on is laid out like the corpus's text pages: the headline on the first
line, a blank line, then one paragraph per block of the page with a blank line between.
"""

from __future__ import annotations

import codecs
import csv
import email
import email.policy
import re
from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage, Message
from functools import cache
from pathlib import Path

import trafilatura
from lxml.html import HtmlElement

from explorer.core.articles import Document
from explorer.core.errors import InputError
from explorer.paths import package_dir
from explorer.pipeline.decoding import decode_text
from explorer.pipeline.documents import Meta, document_from_text, read_bytes
from explorer.pipeline.frontmatter import parse_date

# A saved article page is tens to hundreds of KB; an MHTML carries its images too.
MAX_HTML_BYTES = 32 * 1024 * 1024
# Publication dates before the web (or before the date parser could be right) are noise.
_EARLIEST = date(1990, 1, 1)

# Where a page declares its charset: <meta charset>, <meta http-equiv content="…charset=">,
# the XML declaration of an XHTML page. Only the head is looked at, as browsers do.
_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# GB2312 and GBK pages routinely use characters only their superset GB18030 names.
_GB_FAMILY = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "ms936", "euc-cn", "csgb2312"}
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)

# Tags that end one paragraph and start another, in the HTML of a page and in the XML
# trafilatura returns (p, head, item, row, lb …); everything else flows inline.
_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd"),
        *("tr", "table", "tbody", "thead", "section", "article", "header", "footer", "aside"),
        *("nav", "main", "blockquote", "pre", "form", "figure", "figcaption", "center"),
        *("head", "list", "item", "row", "quote", "code"),
    }
)
_BREAK_TAGS = frozenset({"br", "lb", "hr"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "select", "option"})
_CELL_TAGS = frozenset({"td", "th", "cell"})

# The info line under a headline: 来源：江门日报　发布时间：2022-07-30 09:15　作者：…
# A bare 时间/日期 label counts only at the start of a field: "报名时间：" in the prose is not it.
_INFO_LINE = re.compile(
    r"(来源|稿源|发布时间|发布日期|发表时间|(?:^|[\s【\[|｜])(?:时间|日期))\s*[：:]"
)
# How many lines from the headline the info line may be (some sites put it above).
_INFO_REACH = 8
_SOURCE_IN_LINE = re.compile(r"(?:来源|稿源)\s*[：:]\s*([^\s　|｜/【\[]+)")
_LABELLED_DATE = re.compile(
    r"(?:发布时间|发布日期|发表时间|(?:^|(?<=[\s【\[|｜]))(?:时间|日期))\s*[：:]\s*"
    r"(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)"
)
_ANY_DATE = re.compile(r"(?<!\d)(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)")
# Lines of a page that are about the article, not of it. Left in, the layout module would
# take "责任编辑：李四" for a headline starting a new article.
_BOILERPLATE = re.compile(
    r"^[\[【(（]?\s*(来源|稿源|发布时间|发布日期|发表时间|作者|责任编辑|责编|编辑|审核|审校|校对|"
    r"统筹|监制|分享到|分享|字号|字体|打印|关闭|上一篇|下一篇|原标题)\s*[：:]"
    r"|^【?\s*(打印|关闭|返回顶部|收藏|分享)\s*】?$"
)
# A site name after the headline in <title>: "标题_江门日报", "标题 - 南方+", "标题|江门网".
_TITLE_SEPARATORS = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|--)\s*")
_SITE_WORDS = re.compile(r"(网|报|新闻|在线|频道|政府|门户|客户端|\+)$")
# Prose, not a list of link titles: a sentence ends somewhere, or a block is long.
_SENTENCE_MARKS = re.compile(r"[。！？；，]")


def read_html(path: Path) -> Iterator[Document]:
    """Yield the article of the saved web page at ``path``."""
    data = read_bytes(path, MAX_HTML_BYTES)
    html, encoding = decode_html(data, str(path))
    yield _document(path, html, encoding, "html", location=None)


def read_mhtml(path: Path) -> Iterator[Document]:
    """Yield the article of the MHTML archive (a browser's "save as one file") at ``path``."""
    data = read_bytes(path, MAX_HTML_BYTES)
    payload, charset, location = _html_part(data, str(path))
    html, encoding = decode_html(payload, str(path), charset)
    yield _document(path, html, encoding, "mhtml", location)


# --- decoding -------------------------------------------------------------------------------


def decode_html(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """Decode a page by the charset declared for it (``declared``, then the page's own
    declaration); without a usable one, detect UTF-8/GB18030 as for text files.

    Returns ``(text, encoding used)``.
    """
    # A byte-order mark outranks any declaration, as in browsers.
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        for charset in (declared, declared_charset(data)):
            codec = _codec(charset)
            if codec is None:
                continue
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                continue  # a page that lies about its charset: detect it instead
    return decode_text(data, name)


def declared_charset(data: bytes) -> str | None:
    """The charset a page's head declares (meta charset, http-equiv, XML declaration)."""
    head = data[:4096]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def _codec(charset: str | None) -> str | None:
    if not charset:
        return None
    name = charset.strip().strip("\"'").lower()
    if name in _GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# --- MHTML ----------------------------------------------------------------------------------


def _html_part(data: bytes, name: str) -> tuple[bytes, str | None, str | None]:
    """The first text/html part of an MHTML archive: its bytes (transfer encoding undone),
    its MIME charset and the URL it was saved from."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    part = next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
    if part is None:
        found = sorted({p.get_content_type() for p in message.walk() if not p.is_multipart()})
        raise InputError(
            name,
            "damaged MHTML file: no web page (text/html part) in it"
            + (f" (parts found: {', '.join(found)})" if found else ""),
        )
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise InputError(name, "damaged MHTML file: its web page part is empty")
    location = _web_url(part.get("Content-Location")) or _web_url(
        message.get("Snapshot-Content-Location") or message.get("Content-Location")
    )
    return payload, _charset_of(part), location


def _charset_of(part: Message | EmailMessage) -> str | None:
    charset = part.get_content_charset()
    return str(charset) if charset else None


def _web_url(value: object) -> str | None:
    text = str(value or "").strip()
    return text if re.match(r"https?://\S+$", text) else None


# --- the article ----------------------------------------------------------------------------


def _document(path: Path, html: str, encoding: str, fmt: str, location: str | None) -> Document:
    name = str(path)
    # lxml refuses a str that still carries the encoding declaration it was decoded by.
    html = _XML_DECLARATION.sub("", html, count=1)
    tree = _parse(html, name)
    # The page as its reader sees it: the body, without <title> and the other head tags.
    page_lines = blocks_of(next(iter(tree.xpath("//body")), tree))
    extracted = _extract(tree, name)
    title = _title(tree, extracted.title if extracted else None)
    info = _info_line(page_lines, title)
    links = frozenset(_clean(a.text_content()) for a in tree.xpath("//a")) - {""}
    paragraphs = _article_paragraphs(extracted.body if extracted else None, title, info, links)
    if not paragraphs:
        raise InputError(name, f"no article text found in the page ({_what_is_there(tree)})")
    meta = Meta(
        title=title or None,
        pub_date=_publication_date(tree, extracted.date if extracted else None, info),
        pub_precision="day",
        source=_source(tree, info, extracted.sitename if extracted else None),
        url=location or _page_url(tree, html),
    )
    text = "\n\n".join([title, *paragraphs]) if title else "\n\n".join(paragraphs)
    # One page, one story: trafilatura found the article, the layout only marks its lines.
    return document_from_text(
        path, text, meta, fmt, doc_id=path.stem, encoding=encoding, one_article=True
    )


def _parse(html: str, name: str) -> HtmlElement:
    try:
        tree = trafilatura.load_html(html)
    except Exception as error:  # lxml's own errors on a broken page
        raise InputError(name, f"cannot parse the page: {type(error).__name__}: {error}") from None
    if tree is None or not len(tree):
        raise InputError(name, "no article text found in the page (it is not HTML, or empty)")
    return tree


def _extract(tree: HtmlElement, name: str) -> trafilatura.settings.Document | None:
    """Trafilatura's article: precision first, because Chinese news pages pack more around
    the article (info lines, 上一篇/下一篇, related lists) than the default mode drops."""
    try:
        result = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            # Dates the page states (meta tags, JSON-LD, URL, <time>, a "时间：" label),
            # not a guess from any date in the prose, and never one after today.
            date_extraction_params={
                "extensive_search": False,
                "original_date": True,
                "max_date": date.today().isoformat(),
            },
        )
    except Exception as error:  # whatever a library does on a hostile page stays this file's
        raise InputError(
            name, f"cannot extract the article: {type(error).__name__}: {error}"
        ) from None
    return result if isinstance(result, trafilatura.settings.Document) else None


def blocks_of(element: HtmlElement) -> list[str]:
    """The text of ``element`` as paragraphs: one per block element or line break, table
    cells of a row on one line, whitespace at either end removed, empty ones dropped."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = "".join(current).strip()
        if text:
            lines.append(re.sub(r"[ \t\r\n]+", " ", text))
        current.clear()

    def walk(node: HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS or not tag:  # comments and processing instructions too
            if node.tail:
                current.append(node.tail)
            return
        block = tag in _BLOCK_TAGS
        if block or tag in _BREAK_TAGS:
            flush()
        if tag in _CELL_TAGS and current and "".join(current).strip():
            current.append(" ")
        if node.text:
            current.append(node.text)
        for child in node:
            walk(child)
        if block:
            flush()
        if node.tail:
            current.append(node.tail)

    walk(element)
    flush()
    return lines


def _article_paragraphs(
    body: HtmlElement | None, title: str, info: str | None, links: frozenset[str] = frozenset()
) -> list[str]:
    """The story's paragraphs; none when there is no prose among them. ``links``: the
    texts of the page's links, for telling a run of link titles from a paragraph."""
    if body is None:
        return []
    # The headline is put first by the caller; trafilatura may keep it among the blocks,
    # at the top or, on short pages, after the text it recovered. The info line goes too,
    # also when it opens with the time ("2023-03-16 08:30　来源：江门日报"), which
    # _BOILERPLATE cannot tell from prose: left in, it is a paragraph of the story and the
    # layout takes it for the headline.
    lines = [
        line
        for line in blocks_of(body)
        if not _BOILERPLATE.match(line)
        and not (title and _same_text(line, title))
        and not (info and _same_text(line, info))
    ]
    lines = _before_page_sections(lines)
    if not any(
        _SENTENCE_MARKS.search(line) or (len(line) >= 40 and not _only_links(line, links))
        for line in lines
    ):
        return []  # only link titles or labels: an index page, not an article
    return lines


def _only_links(line: str, links: frozenset[str]) -> bool:
    """Is ``line`` link titles side by side ("栏目1 栏目2 | 栏目3"), however long?"""
    words = [w for w in re.split(r"[\s|｜/·]+", line) if w]
    return bool(words) and all(w in links for w in words)


def _before_page_sections(lines: list[str]) -> list[str]:
    """The lines before the first heading of a related-articles list or a comments block
    (相关新闻, 网友评论 …). trafilatura drops those sections by their markup, which many
    Chinese sites name in pinyin (``xgxw``, ``pl``) where it cannot see them; their
    heading says what they are in any markup. Only after the story has begun."""
    labels = _section_labels()
    for i, line in enumerate(lines):
        label = re.sub(r"[\s:：【】\[\]()（）>»·|｜]+", "", line)
        if i and label in labels and any(_SENTENCE_MARKS.search(x) for x in lines[:i]):
            return lines[:i]
    return lines


@cache
def _section_labels() -> frozenset[str]:
    """The headings of page sections that are not the story (data/web_page_sections.csv)."""
    path = package_dir() / "data" / "web_page_sections.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["label"].strip() for row in csv.DictReader(handle))


def _same_text(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


def _what_is_there(tree: HtmlElement) -> str:
    links = len(tree.xpath("//a[@href]"))
    words = sum(len(line) for line in blocks_of(tree))
    if not words:
        return "the page has no text in it"
    if links:
        return f"only {words} characters of text and {links} links: an index or navigation page?"
    return f"only {words} characters of text, none of them article paragraphs"


# --- metadata -------------------------------------------------------------------------------


def _title(tree: HtmlElement, extracted: str | None) -> str:
    """The headline: the page's h1 when <title> (less its site name) contains it, else
    trafilatura's title less any site name."""
    page_title = _clean(" ".join(tree.xpath("//title//text()")))
    headline = strip_site_name(page_title)
    for h1 in tree.xpath("//h1"):
        text = _clean(h1.text_content())
        if text and headline and text in headline:
            return text
    return strip_site_name(_clean(extracted or "")) or headline


def strip_site_name(title: str) -> str:
    """``某某项目签约_江门日报`` → ``某某项目签约``; ``标题 - 南方+`` → ``标题``."""
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) > 1:
        # The headline is the longest part; site and channel names are short.
        title = max(parts, key=len)
    match = re.match(r"^(.{6,}?)-([^-\d\s]{2,12})$", title)
    if match and _SITE_WORDS.search(match.group(2)):  # 标题-江门新闻网, without spaces
        title = match.group(1)
    return title.strip()


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _info_line(lines: list[str], title: str) -> str | None:
    """The "来源：… 发布时间：…" line of the article: the first within a few lines of the
    headline (a 来源 further down belongs to a related article or a comment). Without a
    headline on the page, the first one at all."""
    candidates = [i for i, line in enumerate(lines) if len(line) <= 160 and _INFO_LINE.search(line)]
    headings = [i for i, line in enumerate(lines) if title and _same_text(line, title)]
    if headings:
        candidates = [i for i in candidates if any(abs(i - h) <= _INFO_REACH for h in headings)]
    return lines[candidates[0]] if candidates else None


def _publication_date(tree: HtmlElement, extracted: str | None, info: str | None) -> date | None:
    """The publication date the page states: a publishdate meta tag, the info line under
    the headline, else what htmldate found (meta tags, JSON-LD, the URL, and a "时间："
    label anywhere in the page, which is why it comes last: in a page without an info line
    that label may be the prose's "报名时间：")."""
    metas = tree.xpath(
        "//meta[translate(@name,'PUBLISHDATE','publishdate')='publishdate' "
        "or translate(@name,'PUBDATE','pubdate')='pubdate']/@content"
    )
    labelled = _LABELLED_DATE.search(info or "")
    anywhere = _ANY_DATE.search(info or "")
    for raw in (*metas, labelled and labelled.group(1), anywhere and anywhere.group(1), extracted):
        day = _plausible_day(raw)
        if day:
            return day
    return None


def _plausible_day(raw: object) -> date | None:
    if not isinstance(raw, str) or not raw.strip():
        return None
    parsed = parse_date(re.sub(r"\s+", "", raw) if "年" in raw else raw.strip())
    if parsed is None or parsed[1] != "day":
        return None
    day = parsed[0]
    return day if _EARLIEST <= day <= date.today() else None


def _source(tree: HtmlElement, info: str | None, sitename: str | None) -> str | None:
    """Who published the article: an explicit source meta tag or 来源： line, else the site."""
    metas = tree.xpath(
        "//meta[translate(@name,'SOURCE','source')='source' "
        "or translate(@name,'CONTENTSOURCE','contentsource')='contentsource']/@content"
    )
    explicit = next((_clean(m) for m in metas if _clean(m)), None)
    match = _SOURCE_IN_LINE.search(info or "")
    stated = match.group(1).strip("，,。；;：:）)") if match else None
    site = tree.xpath("//meta[@property='og:site_name']/@content")
    named = _clean(sitename or "")
    return (
        explicit
        or stated
        or (_clean(site[0]) if site else None)
        or (named if named and not _domain(sitename) else None)
        or _site_in_title(_clean(" ".join(tree.xpath("//title//text()"))))
        or named  # trafilatura's last resort, the domain: news.example.cn
        or None
    )


def _domain(name: str | None) -> bool:
    return bool(name) and re.fullmatch(r"[\w.-]+\.[a-z]{2,}", name or "", re.I) is not None


def _site_in_title(title: str) -> str | None:
    """The site name <title> gives after the headline: ``标题_南方+_南方plus`` → ``南方+``."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return None
    headline = max(parts, key=len)
    return next((p for p in parts if p != headline and _SITE_WORDS.search(p)), None)


def _page_url(tree: HtmlElement, html: str) -> str | None:
    """Where the page lives: its canonical link, og:url, or the browser's saved-from note."""
    for value in (
        *tree.xpath("//link[translate(@rel,'CANONICAL','canonical')='canonical']/@href"),
        *tree.xpath("//meta[@property='og:url']/@content"),
    ):
        url = _web_url(value)
        if url:
            return url
    saved = _SAVED_FROM.search(html[:4096])
    return _web_url(saved.group(1)) if saved else None

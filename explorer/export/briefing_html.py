"""The briefing as an HTML document for print (CSS paged media): page 1 the map, page 2 the
timeline, then the numbered table. The GUI layer prints it to PDF with QtWebEngine.

Every value is escaped: titles and sentences come from news pages and from users, and a
title ``<script>…`` must print as those characters, never run.
"""

from __future__ import annotations

from html import escape

from explorer.export.briefing import Briefing, BriefingRow, format_amount, source_label

# Noto Sans CJK / Source Han Sans where they are (Linux), then the system fonts of Windows
# and macOS: Chromium embeds the subset of whichever it finds into the PDF.
FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

_STYLE = f"""
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: {FONTS}; font-size: 9pt; color: #222; }}
h1 {{ font-size: 17pt; margin: 0 0 2mm 0; }}
h2 {{ font-size: 12pt; margin: 0 0 3mm 0; }}
.subtitle {{ font-size: 10pt; color: #555; margin: 0 0 4mm 0; }}
.footer {{ font-size: 8.5pt; color: #555; margin-top: 3mm; }}
.figure {{ page-break-after: always; break-after: page; }}
.figure img {{ display: block; width: 100%; max-height: 205mm; object-fit: contain; }}
.timeline img {{ max-height: 230mm; }}
table {{ width: 100%; border-collapse: collapse; font-size: 7.5pt; table-layout: fixed; }}
thead {{ display: table-header-group; }}
tr {{ page-break-inside: avoid; break-inside: avoid; }}
th, td {{ border: 0.3pt solid #999; padding: 1mm; vertical-align: top; text-align: left;
          overflow-wrap: anywhere; }}
th {{ background: #eee; }}
td.number, td.amount {{ text-align: right; }}
.url {{ color: #1a5fb4; font-size: 6.5pt; }}
"""
# Column widths in per cent: number, date, type/status, project, place/district, amount,
# sentence, source (ten fields in eight columns: A4 portrait has room for no more).
_WIDTHS = (4, 10, 8, 13, 12, 7, 28, 18)


def briefing_html(briefing: Briefing, map_image: str, timeline_image: str) -> str:
    """The whole document; the images are URLs relative to the document's folder."""
    title = escape(briefing.title)
    lang = "zh-CN" if briefing.language.startswith("zh") else "en"
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{_STYLE}</style></head><body>"
        f"{_map_page(briefing, map_image)}{_timeline_page(briefing, timeline_image)}"
        f"{_table(briefing)}</body></html>"
    )


def _map_page(briefing: Briefing, image: str) -> str:
    return (
        f'<section class="figure map"><h1>{escape(briefing.title)}</h1>'
        f'<p class="subtitle">{escape(briefing.subtitle)}</p>'
        f'<img src="{escape(image)}" alt="">'
        f'<p class="footer">{escape(briefing.footer)}</p></section>'
    )


def _timeline_page(briefing: Briefing, image: str) -> str:
    heading = "时间轴" if briefing.language.startswith("zh") else "Timeline"
    return (
        f'<section class="figure timeline"><h2>{escape(heading)}</h2>'
        f'<img src="{escape(image)}" alt=""></section>'
    )


def _table(briefing: Briefing) -> str:
    number, when, kind, status, project, place, district, amount, quote, source = briefing.columns
    headers = (
        number,
        when,
        f"{kind} / {status}",
        project,
        f"{place} / {district}",
        amount,
        quote,
        source,
    )
    head = "".join(
        f'<th style="width:{width}%">{escape(text)}</th>'
        for text, width in zip(headers, _WIDTHS, strict=True)
    )
    heading = "事件一览" if briefing.language.startswith("zh") else "Events"
    body = "".join(_row(row, briefing.language) for row in briefing.rows)
    return (
        f'<section class="events"><h2>{escape(heading)}</h2>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        f'<p class="footer">{escape(briefing.footer)}</p></section>'
    )


def _row(row: BriefingRow, language: str) -> str:
    where = " · ".join(escape(p) for p in (row.place, row.district) if p)
    url = row.source.url
    link = f'<br><span class="url">{escape(url)}</span>' if url else ""
    cells = (
        f'<td class="number">{row.number}</td>',
        f"<td>{escape(row.date)}</td>",
        f"<td>{escape(row.type_label)}<br>{escape(row.status_label)}</td>",
        f"<td>{escape(row.project)}</td>",
        f"<td>{where}</td>",
        f'<td class="amount">{escape(format_amount(row.amount_yi))}</td>',
        f"<td>{escape(row.excerpt)}</td>",
        f"<td>{escape(source_label(row.source, language))}{link}</td>",
    )
    return f"<tr>{''.join(cells)}</tr>"

"""Find time expressions in Chinese news text and resolve them against a base date.

The expressions are found by shape (``7月30日``, ``今年1月``, ``明年第一季度``, ``2月18日至20日``,
``年内``, ``昨日``, ``当天`` …), which by construction rejects the figures generic extractors
take for times (``2092家``, ``88天``, ``4/5G``, case numbers). Calendar arithmetic for those
shapes is exact and done here; holiday expressions (``国庆节前``, ``春节后``) are resolved by
jionlp, which knows the calendar. Every mention carries an honest precision: a month stays a
month-wide interval, ``6月底`` is June, never a made-up day.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
import io
import re
import threading
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from types import ModuleType

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_REL_YEAR = {
    "今年": 0,
    "本年": 0,
    "本年度": 0,
    "当年": 0,
    "去年": -1,
    "上年": -1,
    "前年": -2,
    "明年": 1,
    "后年": 2,
}
_REL_DAY = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "明天": 1, "明日": 1}
_ANAPHORS = ("当天", "当日", "同日", "同一天", "同天")
_CN_YEAR = r"[二][〇零○][一二三四五六七八九〇零○]{2}"  # 二〇二三年
_YEAR = (
    rf"(?:(?P<y>(?:19|20)\d{{2}}|{_CN_YEAR})\s*年"
    r"|(?P<ry>今年|去年|明年|前年|后年|本年|当年|上年|同年))?"
)
# Months and days in Arabic or Chinese numerals: 7月30日, 七月底, 十二月三日.
_MONTH = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月"
_CN_DAY = r"三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_DAY_NUM = rf"(?:[12]\d|3[01]|0?[1-9]|{_CN_DAY})"
_NOT_DAY_AFTER = r"(?![\d日号]|(?:[一二三四五六七八九十]+[日号]))"
# One pattern per kind of expression; where matches overlap the earliest, then longest wins.
_PATTERNS: dict[str, re.Pattern[str]] = {
    # 2月18日至20日, 2023年2月20日至21日, 2月20-21日, 5月30日至6月2日
    "range": re.compile(
        rf"{_YEAR}{_MONTH}(?P<d>{_DAY_NUM})\s*[日号]?\s*(?:至|到|~|-|—|–)\s*"
        rf"(?:(?P<m2>1[0-2]|0?[1-9])\s*月)?(?P<d2>{_DAY_NUM})\s*[日号]"
    ),
    "day": re.compile(rf"{_YEAR}{_MONTH}(?P<d>{_DAY_NUM})\s*[日号]"),
    # 今天(11日), 昨日（27日）: the dateline states the day itself
    "dateline": re.compile(
        r"(?:今天|今日|昨天|昨日|前天|前一天|次日|当天|当日)\s*[(（]\s*"
        r"(?P<d>[12]\d|3[01]|0?[1-9])\s*日\s*[)）]"
    ),
    "quarter": re.compile(rf"{_YEAR}(?:第)?(?P<q>[一二三四1-4])\s*季度"),
    "half": re.compile(rf"{_YEAR}(?P<h>上半年|下半年)"),
    "holiday": re.compile(
        r"(?:今年|明年|去年)?(?:国庆节?|春节|元旦|五一|劳动节|中秋节?|端午节?|清明节?)"
        r"(?:前|过后|以后|之后|后|期间)?"
    ),
    "month": re.compile(rf"{_YEAR}{_MONTH}(?:初|底|末|中旬|上旬|下旬|份)?{_NOT_DAY_AFTER}"),
    "thismonth": re.compile(
        r"(?P<t>本月|当月|上月|下月)(?:初|底|末|中旬|上旬|下旬)?"
        r"|(?<![\d一二三四五六七八九十每个])月(?:底|初|末)"
    ),
    "past": re.compile(r"过去一年|这一年|上一年"),
    "yearend": re.compile(
        rf"(?:(?P<y>(?:19|20)\d{{2}}|{_CN_YEAR})\s*年|(?P<ry>今年|去年|明年|本年)|年)"
        r"(?P<e>底|末|初)"
    ),
    "year": re.compile(
        rf"(?:(?P<y>(?:19|20)\d{{2}}|{_CN_YEAR})\s*年(?!度)|(?P<ry>今年|去年|明年|前年|本年度|本年))"
        r"(?:内|以来)?|年内"
    ),
    "relday": re.compile(r"今天|今日|昨天|昨日|前天|明天|明日"),
    # 上周 in a weekly round-up: Monday to Sunday of the week before the paper's
    "week": re.compile(r"(?P<w>上周|上星期|本周|这周|下周)(?![一二三四五六日天末])"),
    "anaphor": re.compile(r"当天|当日|同日|同一天|同天"),
    # 27日 alone: a day of the publication's month (or the month before)
    "bareday": re.compile(
        r"(?<![\d月年第每近超逾约共达用历时续])(?P<d>[12]\d|3[01]|0?[1-9])\s*[日号]"
        r"(?!\s*(?:内|以内|之内|游|以上|以下|左右|元|个|期|电|讯|制|班|线|楼|机组|地块|码头|泊位|路))"
    ),
}
_DEICTIC = frozenset({"relday", "week", "thismonth", "past"})
# Dates written in names are not event dates: “2022年广东省百强区县”, 《报告(2022)》. A quoted
# target (“明年第一季度投产”) still counts, so only explicit years are skipped inside quotes.
_QUOTED = re.compile(r"“[^”]{0,60}”|《[^》]{0,80}》|\"[^\"]{0,60}\"")
_TITLE = re.compile(r"《[^》]{0,80}》")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A time expression at ``[start, end)`` of the analysed text, resolved to an interval."""

    # ``datetime.date``, not ``date``: in the class body the field named ``date`` shadows the
    # class, so a type checker read ``date_end: date`` as the field and typed neither.
    start: int
    end: int
    text: str
    date: datetime.date
    date_end: datetime.date
    precision: str
    anaphor: bool = False
    relative: bool = False  # resolved against the base date (今年, 7月30日, 昨日)
    deictic: bool = False  # only the base date gives it (今天, 昨日, 今年, 本月): no date word
    inherited: bool = False  # not in this sentence: carried from the one before (随后, 会上)


@dataclass(frozen=True, slots=True)
class BaseDate:
    """What relative expressions resolve against: the publication date, or a guess.

    ``precision`` limits what can be resolved: 昨日 needs a day, 今年 only a year.
    """

    date: datetime.date  # not ``date``, which the field shadows (see DateMention)
    precision: str
    inferred: bool = False


def infer_base(text: str) -> BaseDate | None:
    """Guess a base year for a text with no publication date: its most cited explicit year."""
    quoted = _Spans(_QUOTED, text)
    years = Counter(
        int(m.group(1))
        for m in re.finditer(r"((?:19|20)\d{2})\s*年(?!度)", text)
        if not quoted.holds(m.start(), from_start=True)
    )
    if not years:
        return None
    year = max(years, key=lambda y: (years[y], y))
    return BaseDate(date(year, 12, 31), "year", inferred=True)


def find_dates(text: str, base: BaseDate | None) -> list[DateMention]:
    """All resolvable time expressions in ``text``, left to right.

    Anaphors (当天, 同日) come back with ``anaphor=True`` and no date of their own: the
    caller gives them the date of the activity they refer to.
    """
    quoted, titles = _Spans(_QUOTED, text), _Spans(_TITLE, text)
    candidates = []
    for kind, pattern in _PATTERNS.items():
        for match in pattern.finditer(text):
            inside = titles if not match.group(0)[:1].isdigit() else quoted
            if inside.holds(match.start()):
                continue
            if match.start() and text[match.start() - 1].isdigit():
                continue  # "12月" inside "2012月"-like runs
            candidates.append((match.start(), -match.end(), kind, match))
    mentions: list[DateMention] = []
    taken_until = -1
    stated_year: int | None = None  # the year a sentence has named (明年将…), for what follows
    for start, _, kind, match in sorted(candidates, key=lambda c: (c[0], c[1])):
        if start < taken_until:
            continue
        resolved = _resolve(kind, match, base)
        if resolved is not None:
            if match.group(0).startswith("同年") and mentions and not mentions[-1].anaphor:
                resolved = _in_year(resolved, mentions[-1].date.year)  # 2021年3月签约,同年6月动工
            elif stated_year is not None and kind in _YEARLESS and _names_no_year(match):
                # 明年将力促…投产，计划一季度推动…竣工: the quarter is next year's, not this.
                resolved = _in_year(resolved, stated_year)
            if kind == "year" and resolved.precision == "year":
                stated_year = resolved.date.year if _sets_the_year(text, match) else None
            mentions.append(resolved)
            taken_until = match.end()
    return mentions


_CLAUSE_END = re.compile(r"[，,。；;！？]")


def _sets_the_year(text: str, match: re.Match[str]) -> bool:
    """Is a year the time of what follows (某区明年将…，一季度…; 2023年签约，6月…)? Not a year
    in a noun's modifier (2020年签约的项目，6月…), nor one opening a span to now (自2022年…以来)."""
    clause = _CLAUSE_END.split(text[match.end() :], maxsplit=1)[0]
    return "以来" not in clause and "的" not in clause


# Kinds of expression that may leave their year unsaid (一季度, 3月, 6月28日).
_YEARLESS = frozenset({"range", "day", "quarter", "half", "month"})


def _names_no_year(match: re.Match[str]) -> bool:
    groups = match.re.groupindex
    return all(name not in groups or match.group(name) is None for name in ("y", "ry"))


class _Spans:
    """The matches of a pattern in a text ([start, end), in order, never overlapping),
    looked up by bisection: a paragraph of a thousand quotes and a thousand dates must not
    compare each date with each quote."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for match in pattern.finditer(text):
            self._starts.append(match.start())
            self._ends.append(match.end())

    def holds(self, position: int, from_start: bool = False) -> bool:
        """Is ``position`` inside a span, after its start (or at it, ``from_start``)?"""
        if not self._starts:
            return False  # most sentences quote nothing
        before = bisect_right if from_start else bisect_left
        i = before(self._starts, position) - 1
        return i >= 0 and position < self._ends[i]


def _in_year(mention: DateMention, year: int) -> DateMention:
    shift = year - mention.date.year
    try:
        start = mention.date.replace(year=mention.date.year + shift)
        end = mention.date_end.replace(year=mention.date_end.year + shift)
    except ValueError:  # 29 February
        return mention
    return DateMention(
        mention.start, mention.end, mention.text, start, end, mention.precision, relative=False
    )


def _resolve(kind: str, match: re.Match[str], base: BaseDate | None) -> DateMention | None:
    text = match.group(0)
    if kind == "anaphor":
        placeholder = date.min
        return DateMention(
            match.start(), match.end(), text, placeholder, placeholder, "day", anaphor=True
        )
    interval = _INTERVALS[kind](match, base)
    if interval is None:
        return None
    start, end, precision = interval
    explicit = "y" in match.re.groupindex and match.group("y") is not None
    deictic = kind in _DEICTIC or (kind in ("year", "yearend") and not explicit)
    return DateMention(
        match.start(),
        match.end(),
        text,
        start,
        end,
        precision,
        relative=not explicit,
        deictic=deictic,
    )


Interval = tuple[date, date, str]

_CN_NUM = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}


def _num(text: str) -> int:
    """7, 07, 七, 十二, 二十一 and year digits 二〇二三 as numbers."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_NUM[tens] if tens else 1) * 10 + (_CN_NUM[units] if units else 0)
    return int("".join(str(_CN_NUM[c]) for c in text))


def _year(match: re.Match[str], base: BaseDate | None) -> int | None:
    if match.group("y"):
        return _num(match.group("y"))
    if base is None:
        return None
    relative = match.group("ry")
    if relative:
        return base.date.year + _REL_YEAR.get(relative, 0)
    month = match.groupdict().get("m")
    if month and base.precision != "year" and base.date.month <= 2 and _num(month) >= 11:
        # "12月28日" in a paper of early January is the December just past.
        return base.date.year - 1
    return base.date.year


def _safe_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _range(match: re.Match[str], base: BaseDate | None) -> Interval | None:
    year = _year(match, base)
    if year is None:
        return None
    month = _num(match.group("m"))
    start = _safe_day(year, month, _num(match.group("d")))
    end = _safe_day(
        year, _num(match.group("m2")) if match.group("m2") else month, _num(match.group("d2"))
    )
    if start is None or end is None or end < start:
        return None
    return start, end, "day"


def _day(match: re.Match[str], base: BaseDate | None) -> Interval | None:
    year = _year(match, base)
    if year is None:
        return None
    day = _safe_day(year, _num(match.group("m")), _num(match.group("d")))
    return (day, day, "day") if day else None


def _stated_day(match: re.Match[str], base: BaseDate | None) -> Interval | None:
    """27日, 今天(11日): that day of the base's month, or of the month before if it is
    later than the base day (a paper of the 2nd reporting the 30th)."""
    if base is None or base.precision != "day" or base.inferred:
        return None
    number = int(match.group("d"))
    year, month = base.date.year, base.date.month
    if number > base.date.day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    day = _safe_day(year, month, number)
    return (day, day, "day") if day else None


def _month_interval(year: int, month: int) -> Interval:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last), "month"


def _month(match: re.Match[str], base: BaseDate | None) -> Interval | None:
    year = _year(match, base)
    return None if year is None else _month_interval(year, _num(match.group("m")))


def _this_month(match: re.Match[str], base: BaseDate | None) -> Interval | None:
    if base is None or base.precision == "year":
        return None
    shift = {"上月": -1, "下月": 1}.get(match.group("t") or "本月", 0)
    index = base.date.year * 12 + base.date.month - 1 + shift
    return _month_interval(index // 12, index % 12 + 1)


def _quarter(match: re.Match[str], base: BaseDate | None) -> Interval | None:
    year = _year(match, base)
    if year is None:
        return None
    q = _CN_DIGITS[match.group("q")]
    first = date(year, 3 * q - 2, 1)
    return first, _month_interval(year, 3 * q)[1], "quarter"


def _half(match: re.Match[str], base: BaseDate | None) -> Interval | None:
    year = _year(match, base)
    if year is None:
        return None
    if match.group("h") == "上半年":
        return date(year, 1, 1), date(year, 6, 30), "half"
    return date(year, 7, 1), date(year, 12, 31), "half"


def _year_interval(year: int) -> Interval:
    return date(year, 1, 1), date(year, 12, 31), "year"


def _year_mention(match: re.Match[str], base: BaseDate | None) -> Interval | None:
    if match.group("y") is None and match.group("ry") is None:  # 年内, 年底: this year
        return None if base is None else _year_interval(base.date.year)
    year = _year(match, base)
    return None if year is None else _year_interval(year)


def _year_end(match: re.Match[str], base: BaseDate | None) -> Interval | None:
    """年底, 2024年末: the fourth quarter; 年初: the first."""
    if match.group("y") is None and match.group("ry") is None:
        year = None if base is None else base.date.year
    else:
        year = _year(match, base)
    if year is None:
        return None
    if match.group("e") == "初":
        return date(year, 1, 1), date(year, 3, 31), "quarter"
    return date(year, 10, 1), date(year, 12, 31), "quarter"


def _past_year(match: re.Match[str], base: BaseDate | None) -> Interval | None:
    if base is None:
        return None
    offset = 0 if match.group(0) == "这一年" else -1
    return _year_interval(base.date.year + offset)


def _relative_day(match: re.Match[str], base: BaseDate | None) -> Interval | None:
    if base is None or base.precision != "day" or base.inferred:
        return None
    day = base.date + timedelta(days=_REL_DAY[match.group(0)])
    return day, day, "day"


_REL_WEEK = {"上周": -1, "上星期": -1, "本周": 0, "这周": 0, "下周": 1}


def _week(match: re.Match[str], base: BaseDate | None) -> Interval | None:
    if base is None or base.precision != "day" or base.inferred:
        return None
    monday = base.date - timedelta(days=base.date.weekday())
    monday += timedelta(weeks=_REL_WEEK[match.group("w")])
    return monday, monday + timedelta(days=6), "day"  # a stated span of days


def _holiday(match: re.Match[str], base: BaseDate | None) -> Interval | None:
    if base is None or match.group(0).endswith("后"):
        return None  # 春节后: open-ended, no date a reader could check
    interval = _jionlp_interval(match.group(0), base.date)
    if interval is not None and match.group(0).endswith("前"):
        # 明年春节前: no precision level fits "before a day", so the holiday's whole year.
        return _year_interval(interval[1].year)
    return interval


def prepare_calendar(text: str) -> None:
    """Load the holiday calendar now if ``text`` names a holiday, so that loading it is not
    counted against the time an article may take to extract."""
    if _PATTERNS["holiday"].search(text):
        _jionlp()


_JIONLP_LOCK = threading.Lock()


@cache
def _jionlp() -> ModuleType:
    # Under a lock: redirect_stdout swaps the process's sys.stdout, and two threads loading
    # at once (an archive worker's threads) restored each other's buffer, leaving stdout
    # pointing at a throwaway one for the rest of the process.
    with _JIONLP_LOCK, contextlib.redirect_stdout(io.StringIO()):  # it prints a banner
        import jionlp  # lazily: it takes half a second and most texts never need it
    return jionlp


@lru_cache(maxsize=4096)
def _jionlp_interval(expression: str, base: date) -> Interval | None:
    """Resolve a calendar expression with jionlp; snap it to an honest precision."""
    import time

    jionlp = _jionlp()
    stamp = time.mktime((base.year, base.month, base.day, 12, 0, 0, 0, 0, -1))
    try:
        parsed = jionlp.parse_time(expression, time_base=stamp)
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    begin, finish = parsed.get("time", [None, None])[:2]
    if not isinstance(begin, str) or not isinstance(finish, str):
        return None
    end = date.fromisoformat(finish[:10]) if finish[:1].isdigit() else None
    start = date.fromisoformat(begin[:10]) if begin[:1].isdigit() else None
    if end is None:
        return None
    if start is None:  # "国庆节前": from the start of that year
        start = date(end.year, 1, 1)
    return start, end, precision_of(start, end)


def precision_of(start: date, end: date) -> str:
    """The finest spec precision whose unit contains ``[start, end]``."""
    if start == end:
        return "day"
    if (start.year, start.month) == (end.year, end.month):
        return "month"
    if start.year == end.year and (start.month - 1) // 3 == (end.month - 1) // 3:
        return "quarter"
    if start.year == end.year and (start.month <= 6) == (end.month <= 6):
        return "half"
    return "year"


_INTERVALS = {
    "range": _range,
    "day": _day,
    "quarter": _quarter,
    "half": _half,
    "holiday": _holiday,
    "month": _month,
    "thismonth": _this_month,
    "past": _past_year,
    "year": _year_mention,
    "relday": _relative_day,
    "week": _week,
    "dateline": _stated_day,
    "bareday": _stated_day,
    "yearend": _year_end,
}
